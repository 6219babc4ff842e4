//! Task graphs around the run: every graph the plan touches has its root suspended once
//! before any change runs, and once all changes are done is brought to its declared
//! state (`resume`) — or, when the apply failed, put back as it was before (`restore`),
//! so a failed apply never leaves a pipeline stopped.
//!
//! The steps themselves come from the plan (`plan::task_graphs` works out which tasks to
//! suspend and resume, children before roots); this module only runs them, the graphs
//! concurrently and each graph's steps in order. Suspend and resume stop at a graph's
//! first failure; restore keeps going, because every task it starts again is one less
//! stopped pipeline.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::task::JoinSet;

use super::executor::{Executor, StepError};
use super::progress::{Phase, Progress, StepEvent};
use super::report::StepRecord;
use crate::plan::{Step, TaskGraph};

/// What one graph's steps came to: per step that ran, its time and error.
type GraphResults = (usize, Vec<(Duration, Option<StepError>)>);

/// The steps of `phase` for one graph.
pub(crate) fn steps(graph: &TaskGraph, phase: Phase) -> &[Step] {
    match phase {
        Phase::Suspend => &graph.suspend,
        Phase::Resume => &graph.resume,
        Phase::Restore => &graph.restore,
        Phase::Change => &[],
    }
}

/// Runs the `phase` steps of each graph, up to `parallelism` graphs at once, and returns
/// the records per graph (in the order of `graphs`).
pub(crate) async fn run_phase<E: Executor>(
    graphs: &[&TaskGraph],
    phase: Phase,
    executor: &Arc<E>,
    parallelism: usize,
    progress: &mut impl Progress,
) -> Vec<Vec<StepRecord>> {
    let keep_going = phase == Phase::Restore;
    let mut records: Vec<Vec<StepRecord>> = vec![Vec::new(); graphs.len()];
    let mut pending = graphs
        .iter()
        .enumerate()
        .filter(|(_, g)| !steps(g, phase).is_empty())
        .map(|(i, g)| (i, steps(g, phase).to_vec()));
    let mut running: JoinSet<GraphResults> = JoinSet::new();
    let parallelism = parallelism.max(1);
    loop {
        while running.len() < parallelism {
            let Some((i, graph_steps)) = pending.next() else {
                break;
            };
            let executor = Arc::clone(executor);
            running.spawn(async move {
                let mut results = Vec::with_capacity(graph_steps.len());
                for step in &graph_steps {
                    let start = Instant::now();
                    let error = executor.execute(step).await.err();
                    let failed = error.is_some();
                    results.push((start.elapsed(), error));
                    if failed && !keep_going {
                        break;
                    }
                }
                (i, results)
            });
        }
        let Some(joined) = running.join_next().await else {
            break;
        };
        // A graph task that panicked ran steps whose results are lost; its records stay
        // empty and the caller treats the graph as failed through its missing records.
        let Ok((i, results)) = joined else { continue };
        let graph_steps = steps(graphs[i], phase);
        for (step, (elapsed, error)) in graph_steps.iter().zip(results) {
            progress.step_finished(&StepEvent {
                phase,
                address: &graphs[i].root,
                step,
                elapsed,
                error: error.as_ref(),
            });
            records[i].push(StepRecord {
                text: step.describe(),
                elapsed,
                error,
            });
        }
    }
    records
}

/// Whether a graph's `phase` steps all ran and succeeded.
pub(crate) fn completed(graph: &TaskGraph, phase: Phase, records: &[StepRecord]) -> bool {
    records.len() == steps(graph, phase).len() && records.iter().all(StepRecord::succeeded)
}
