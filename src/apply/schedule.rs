//! Running changes in dependency order with bounded concurrency.
//!
//! A change starts once every change it depends on has finished; up to `parallelism`
//! run at once. The first failure stops new work: changes already running finish, the
//! rest are reported as not started. This module knows nothing of Snowflake or ADLS — it
//! is given a function that carries out one change — so its ordering and stopping rules
//! are tested on their own.

use std::collections::BTreeSet;
use std::future::Future;
use std::time::{Duration, Instant};

use tokio::task::JoinSet;

use crate::model::Address;
use crate::plan::Change;
use crate::plan::order::{Waits, waits};

/// The outcome of one change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Done { elapsed: Duration },
    Failed { error: String, elapsed: Duration },
    NotStarted,
}

/// What happened to every change, in plan order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Run {
    pub(crate) outcomes: Vec<(Address, Outcome)>,
}

impl Run {
    #[cfg(test)]
    pub(crate) fn succeeded(&self) -> bool {
        self.outcomes
            .iter()
            .all(|(_, o)| matches!(o, Outcome::Done { .. }))
    }
}

/// Runs `changes` (in plan order) with `run_change`, respecting `depends_on` between them.
/// `on_finish` is called as each change finishes, for progress reporting. Dependencies on
/// addresses that are not changes in this plan are already satisfied.
pub(crate) async fn run<F, Fut>(
    changes: &[Change],
    parallelism: usize,
    run_change: F,
    mut on_finish: impl FnMut(&Change, &Outcome),
) -> Run
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = Result<(), String>> + Send + 'static,
{
    let Waits {
        mut pending,
        dependents,
    } = waits(changes);
    // Ready changes start in plan order.
    let mut ready: BTreeSet<usize> = (0..changes.len()).filter(|i| pending[*i] == 0).collect();
    let mut outcomes: Vec<Option<Outcome>> = vec![None; changes.len()];
    let mut running: JoinSet<(usize, Result<(), String>, Duration)> = JoinSet::new();
    let mut stopping = false;
    let parallelism = parallelism.max(1);

    loop {
        while !stopping && running.len() < parallelism {
            let Some(i) = ready.pop_first() else { break };
            let work = run_change(i);
            running.spawn(async move {
                let start = Instant::now();
                let result = work.await;
                (i, result, start.elapsed())
            });
        }
        let Some(joined) = running.join_next().await else {
            break;
        };
        let Ok((i, result, elapsed)) = joined else {
            // A panicked task is a bug; which change it was is unknown, so stop and let
            // the report count the unfinished changes as not started.
            stopping = true;
            continue;
        };
        let outcome = match result {
            Ok(()) => {
                for dependent in &dependents[i] {
                    pending[*dependent] -= 1;
                    if pending[*dependent] == 0 {
                        ready.insert(*dependent);
                    }
                }
                Outcome::Done { elapsed }
            }
            Err(error) => {
                stopping = true;
                Outcome::Failed { error, elapsed }
            }
        };
        on_finish(&changes[i], &outcome);
        outcomes[i] = Some(outcome);
    }

    Run {
        outcomes: changes
            .iter()
            .zip(outcomes)
            .map(|(c, o)| (c.address.clone(), o.unwrap_or(Outcome::NotStarted)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::model::Kind;
    use crate::plan::{Action, Tier};

    fn change(name: &str, deps: &[&str]) -> Change {
        let mut c = Change::new(Address::new(Kind::Table, name), Action::Create, Tier::Safe);
        c.depends_on = deps.iter().map(|d| Address::new(Kind::Table, d)).collect();
        c
    }

    #[tokio::test]
    async fn dependencies_finish_before_dependents_start() {
        let changes = vec![
            change("C", &["B"]),
            change("B", &["A"]),
            change("A", &[]),
            change("D", &[]),
        ];
        let log = Arc::new(Mutex::new(Vec::new()));
        let names: Vec<String> = changes.iter().map(|c| c.address.name.clone()).collect();
        let run = run(
            &changes,
            4,
            |i| {
                let log = log.clone();
                let name = names[i].clone();
                async move {
                    log.lock().unwrap().push(format!("start {name}"));
                    tokio::time::sleep(Duration::from_millis(5)).await;
                    log.lock().unwrap().push(format!("end {name}"));
                    Ok(())
                }
            },
            |_, _| {},
        )
        .await;
        assert!(run.succeeded());
        let log = log.lock().unwrap().clone();
        let at = |e: &str| log.iter().position(|l| l == e).unwrap();
        assert!(at("end A") < at("start B"));
        assert!(at("end B") < at("start C"));
    }

    #[tokio::test]
    async fn a_failure_stops_new_work_and_lets_running_work_finish() {
        let changes = vec![
            change("A", &[]),
            change("SLOW", &[]),
            change("AFTER_A", &["A"]),
        ];
        let names: Vec<String> = changes.iter().map(|c| c.address.name.clone()).collect();
        let run = run(
            &changes,
            2,
            |i| {
                let name = names[i].clone();
                async move {
                    match name.as_str() {
                        "A" => Err("boom".to_string()),
                        _ => {
                            tokio::time::sleep(Duration::from_millis(20)).await;
                            Ok(())
                        }
                    }
                }
            },
            |_, _| {},
        )
        .await;
        assert!(!run.succeeded());
        assert!(matches!(run.outcomes[0].1, Outcome::Failed { .. }));
        assert!(matches!(run.outcomes[1].1, Outcome::Done { .. }));
        assert_eq!(run.outcomes[2].1, Outcome::NotStarted);
    }

    #[tokio::test]
    async fn parallelism_bounds_concurrency() {
        let changes: Vec<Change> = (0..10).map(|i| change(&format!("T{i}"), &[])).collect();
        let live = Arc::new(Mutex::new((0usize, 0usize)));
        let run = run(
            &changes,
            3,
            |_| {
                let live = live.clone();
                async move {
                    {
                        let mut l = live.lock().unwrap();
                        l.0 += 1;
                        l.1 = l.1.max(l.0);
                    }
                    tokio::time::sleep(Duration::from_millis(5)).await;
                    live.lock().unwrap().0 -= 1;
                    Ok(())
                }
            },
            |_, _| {},
        )
        .await;
        assert!(run.succeeded());
        assert_eq!(live.lock().unwrap().1, 3);
    }
}
