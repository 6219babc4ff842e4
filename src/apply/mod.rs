//! The apply stage: executes a plan's steps against Snowflake and the lake, safely.
//!
//! [`run`] refuses a plan with destructive changes nobody consented to ([`consent`])
//! before anything runs, suspends every task graph the plan touches once, runs the
//! changes in dependency waves with bounded concurrency ([`schedule`]), stops new work at
//! the first failure, and then resumes the graphs — or, when something failed, puts them
//! back as they were ([`task_graphs`]). The result is an [`ApplyReport`]: executed /
//! failed / not started, the graphs restored, the backups taken.
//!
//! Around a run the caller uses [`lock`] (one apply per environment), [`freshness`] (a
//! saved plan is refused when the desired or live state moved since) and, after it,
//! [`verify`] (a re-plan from the re-read live state must be empty). Re-reading live
//! state and asking the user are the caller's; apply never re-decides what a plan says.
//! The order that keeps every guarantee: take the lock; read live; check a saved plan's
//! freshness (or make the plan and ask); [`run`]; re-read and verify; release the lock.
//! Reading live *after* taking the lock matters: a plan checked before it could be made
//! stale by the apply that held it.
//!
//! A re-run after an interrupted apply converges because the next plan is made from
//! what is live then: completed changes no longer appear, and a graph left suspended by
//! a killed process is resumed by the next plan's graph steps.

pub mod consent;
pub(crate) mod executor;
pub mod freshness;
pub mod lock;
pub mod progress;
pub(crate) mod report;
pub(crate) mod schedule;
pub(crate) mod snowflake_lock;
pub(crate) mod task_graphs;
pub mod verify;

#[cfg(test)]
mod run_tests;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, watch};

pub(crate) use consent::ConsentRefused;
pub use executor::{Executor, ProviderSide, StepError, Targets};
pub use lock::{ApplyLock, LockError, LockPlace};
pub(crate) use progress::{Phase, Progress, StepEvent};
pub use report::{ApplyReport, ChangeReport, ChangeStatus, GraphOutcome, GraphReport, StepRecord};

use crate::model::Address;
use crate::plan::{Plan, Step, TaskGraph};
use executor::side_of;
use schedule::Outcome;

/// The default number of changes that run at once (`--parallelism`).
///
/// An apply from empty is bound by throughput: statements × round trip ÷ parallelism. The
/// design target, 5,000 objects (5,427 statements) in at most 60 s at 100 ms a request,
/// needs at least 10 at once (5,427 × 0.1 s ÷ 10 = 54 s); 8 took 70 s. 16 meets it with room
/// for slower round trips (35.7 s measured, still under 60 s at 170 ms a request).
/// DDL is metadata work in Snowflake's cloud services layer and needs no warehouse, so 16
/// statements at once is ordinary load; Snowflake publishes no SQL API concurrency limit,
/// and the client backs off on HTTP 429 if an account pushes back. See BENCHMARKS.md.
pub const DEFAULT_PARALLELISM: usize = 16;

/// How to apply.
#[derive(Clone, Debug)]
pub struct ApplyOptions {
    /// Changes (and task graphs) that run at once; at least 1.
    pub parallelism: usize,
    /// `--allow-destructive`: consent to every destructive change.
    pub allow_destructive: bool,
    /// Objects whose desired definition consents to destructive changes
    /// (see [`consent::allowed_by`]).
    pub allowed: BTreeSet<Address>,
    /// A stop signal (Ctrl-C): once it holds `true`, no new step starts; steps running
    /// finish, and the task graphs are put back as they were, as after a failure.
    /// Dropping the apply's future instead would leave suspended graphs suspended.
    pub stop: Option<watch::Receiver<bool>>,
    /// `--verbose`: per-statement timings in the report (the caller gives the same flag
    /// to [`progress::for_output`] for the progress lines).
    pub verbose: bool,
}

impl Default for ApplyOptions {
    fn default() -> Self {
        ApplyOptions {
            parallelism: DEFAULT_PARALLELISM,
            allow_destructive: false,
            allowed: BTreeSet::new(),
            stop: None,
            verbose: false,
        }
    }
}

/// Why an apply did not start. Once anything has run, the outcome is an
/// [`ApplyReport`] instead, failed or not.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error(transparent)]
    Consent(#[from] ConsentRefused),
    #[error(
        "{address} needs {side}, which this environment does not configure; nothing was executed"
    )]
    MissingTarget {
        address: Address,
        side: ProviderSide,
    },
}

/// Applies `plan` to `targets`.
pub async fn run(
    plan: &Plan,
    targets: &Targets,
    options: &ApplyOptions,
    progress: &mut impl Progress,
) -> Result<ApplyReport, ApplyError> {
    run_with(plan, Arc::new(targets.clone()), options, progress).await
}

/// [`run`] with any [`Executor`].
pub(crate) async fn run_with<E: Executor>(
    plan: &Plan,
    executor: Arc<E>,
    options: &ApplyOptions,
    progress: &mut impl Progress,
) -> Result<ApplyReport, ApplyError> {
    consent::check(plan, options.allow_destructive, &options.allowed)?;
    check_targets(plan, executor.as_ref())?;
    let started = Instant::now();
    let parallelism = options.parallelism.max(1);
    let graphs: Vec<&TaskGraph> = plan.task_graphs.iter().collect();
    let total = plan.changes.iter().map(|c| c.steps.len()).sum::<usize>()
        + graphs
            .iter()
            .map(|g| g.suspend.len() + g.resume.len())
            .sum::<usize>();
    progress.begin(total);

    let (suspends, suspended) = if stopped(&options.stop) {
        (vec![Vec::new(); graphs.len()], false)
    } else {
        let suspends =
            task_graphs::run_phase(&graphs, Phase::Suspend, &executor, parallelism, progress).await;
        let suspended = graphs
            .iter()
            .zip(&suspends)
            .all(|(g, r)| task_graphs::completed(g, Phase::Suspend, r));
        (suspends, suspended)
    };

    let changes = if suspended && !stopped(&options.stop) {
        run_changes(plan, &executor, parallelism, &options.stop, progress).await
    } else {
        not_started(plan)
    };
    let changes_done = changes.iter().all(|c| c.status == ChangeStatus::Executed);

    let finished = finish_graphs(
        &graphs,
        suspends,
        changes_done && suspended,
        &executor,
        parallelism,
        progress,
    )
    .await;
    progress.end();
    Ok(ApplyReport {
        changes,
        task_graphs: finished,
        elapsed: started.elapsed(),
        interrupted: stopped(&options.stop) && !changes_done,
        verbose: options.verbose,
    })
}

fn stopped(stop: &Option<watch::Receiver<bool>>) -> bool {
    stop.as_ref().is_some_and(|s| *s.borrow())
}

/// What a change's task returns to the scheduler when the stop signal kept it from
/// running (further) steps; any error stops the scheduler's new work.
const INTERRUPTED: &str = "the apply was stopped";

/// Every step must have its provider before anything runs.
fn check_targets(plan: &Plan, executor: &impl Executor) -> Result<(), ApplyError> {
    let change_steps = plan
        .changes
        .iter()
        .flat_map(|c| c.steps.iter().map(move |s| (&c.address, s)));
    let graph_steps = plan.task_graphs.iter().flat_map(|g| {
        g.suspend
            .iter()
            .chain(&g.resume)
            .chain(&g.restore)
            .map(move |s| (&g.root, s))
    });
    for (address, step) in change_steps.chain(graph_steps) {
        let side = side_of(step);
        if !executor.has(side) {
            return Err(ApplyError::MissingTarget {
                address: address.clone(),
                side,
            });
        }
    }
    Ok(())
}

fn not_started(plan: &Plan) -> Vec<ChangeReport> {
    plan.changes
        .iter()
        .map(|c| ChangeReport {
            address: c.address.clone(),
            action: c.action,
            status: ChangeStatus::NotStarted,
            steps: Vec::new(),
        })
        .collect()
}

/// One finished step of a change, sent from the task running the change.
struct Finished {
    change: usize,
    step: usize,
    elapsed: Duration,
    error: Option<StepError>,
}

/// Runs the plan's changes through the scheduler, each change's steps in order.
async fn run_changes<E: Executor>(
    plan: &Plan,
    executor: &Arc<E>,
    parallelism: usize,
    stop: &Option<watch::Receiver<bool>>,
    progress: &mut impl Progress,
) -> Vec<ChangeReport> {
    let (sender, mut receiver) = mpsc::unbounded_channel::<Finished>();
    let steps: Vec<Arc<Vec<Step>>> = plan
        .changes
        .iter()
        .map(|c| Arc::new(c.steps.clone()))
        .collect();
    let mut records: BTreeMap<usize, Vec<StepRecord>> = BTreeMap::new();
    let mut show = |event: Finished, progress: &mut dyn FnMut(&StepEvent<'_>)| {
        let change = &plan.changes[event.change];
        let step = &change.steps[event.step];
        progress(&StepEvent {
            phase: Phase::Change,
            address: &change.address,
            step,
            elapsed: event.elapsed,
            error: event.error.as_ref(),
        });
        records.entry(event.change).or_default().push(StepRecord {
            text: step.describe(),
            elapsed: event.elapsed,
            error: event.error,
        });
    };

    let run = schedule::run(
        &plan.changes,
        parallelism,
        |i| {
            let executor = Arc::clone(executor);
            let steps = Arc::clone(&steps[i]);
            let sender = sender.clone();
            let stop = stop.clone();
            async move {
                for (n, step) in steps.iter().enumerate() {
                    if stopped(&stop) {
                        return Err(INTERRUPTED.to_string());
                    }
                    let start = Instant::now();
                    let result = executor.execute(step).await;
                    let error = result.err();
                    let message = error.as_ref().map(ToString::to_string);
                    // The receiver lives until the run is over, so the send cannot fail
                    // while anyone listens.
                    let _ = sender.send(Finished {
                        change: i,
                        step: n,
                        elapsed: start.elapsed(),
                        error,
                    });
                    if let Some(message) = message {
                        return Err(message);
                    }
                }
                Ok(())
            }
        },
        // Every step of a change is sent before the change finishes, so draining here
        // shows them in order and as soon as their change is done.
        |_, _| {
            while let Ok(event) = receiver.try_recv() {
                show(event, &mut |e| progress.step_finished(e));
            }
        },
    )
    .await;
    drop(sender);
    while let Ok(event) = receiver.try_recv() {
        show(event, &mut |e| progress.step_finished(e));
    }

    plan.changes
        .iter()
        .zip(run.outcomes)
        .enumerate()
        .map(|(i, (change, (_, outcome)))| {
            let steps = records.remove(&i).unwrap_or_default();
            let status = match outcome {
                Outcome::Done { .. } => ChangeStatus::Executed,
                Outcome::Failed { error, .. } if error == INTERRUPTED => {
                    if steps.is_empty() {
                        ChangeStatus::NotStarted
                    } else {
                        ChangeStatus::Interrupted
                    }
                }
                Outcome::Failed { .. } => ChangeStatus::Failed,
                // Steps that ran under a change the scheduler lost track of must not be
                // hidden behind "not started".
                Outcome::NotStarted if !steps.is_empty() => ChangeStatus::Failed,
                Outcome::NotStarted => ChangeStatus::NotStarted,
            };
            ChangeReport {
                address: change.address.clone(),
                action: change.action,
                status,
                steps,
            }
        })
        .collect()
}

/// Resumes every graph after a successful run; restores every graph after a failed one,
/// and any graph whose resume failed.
async fn finish_graphs<E: Executor>(
    graphs: &[&TaskGraph],
    suspends: Vec<Vec<StepRecord>>,
    succeeded: bool,
    executor: &Arc<E>,
    parallelism: usize,
    progress: &mut impl Progress,
) -> Vec<GraphReport> {
    let mut resumed: Vec<Vec<StepRecord>> = vec![Vec::new(); graphs.len()];
    let mut to_restore: Vec<usize> = (0..graphs.len()).collect();
    if succeeded {
        resumed =
            task_graphs::run_phase(graphs, Phase::Resume, executor, parallelism, progress).await;
        to_restore.retain(|&i| !task_graphs::completed(graphs[i], Phase::Resume, &resumed[i]));
    }
    let restoring: Vec<&TaskGraph> = to_restore.iter().map(|&i| graphs[i]).collect();
    let restored =
        task_graphs::run_phase(&restoring, Phase::Restore, executor, parallelism, progress).await;
    let mut restores: Vec<Vec<StepRecord>> = vec![Vec::new(); graphs.len()];
    let mut outcomes = vec![GraphOutcome::Resumed; graphs.len()];
    for (&i, records) in to_restore.iter().zip(restored) {
        outcomes[i] = if task_graphs::completed(graphs[i], Phase::Restore, &records) {
            GraphOutcome::Restored
        } else {
            GraphOutcome::RestoreFailed
        };
        restores[i] = records;
    }
    graphs
        .iter()
        .zip(suspends)
        .zip(resumed.into_iter().zip(restores))
        .zip(outcomes)
        .map(
            |(((graph, suspend), (resume, restore)), outcome)| GraphReport {
                root: graph.root.clone(),
                suspend,
                resume,
                restore,
                outcome,
            },
        )
        .collect()
}
