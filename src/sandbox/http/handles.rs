//! Statement handles: what the SQL API lets a client come back for.
//!
//! Every submitted request gets a [`Statement`] with a handle; its [`Outcome`] starts as
//! running and is set once, when it finishes, fails, is cancelled or times out. Waiters
//! (a synchronous POST, a status GET) watch that outcome. The registry also maps request
//! ids to handles, so `requestId` + `retry=true` finds the first execution instead of
//! running the statement again, and it keeps results split into partitions for
//! `?partition=N`.
//!
//! The registry keeps the most recent statements only (Snowflake keeps results for a day;
//! a sandbox serving a benchmark must not grow without bound). It never executes SQL and
//! records nothing in the query history: that is the engine's job.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::watch;

use crate::sandbox::error::SqlError;
use crate::sandbox::result::{QueryResult, ResultColumn};

/// A partition is closed when it holds this many rows…
pub(crate) const PARTITION_ROWS: usize = 1_000;
/// …or roughly this many bytes of JSON.
pub(crate) const PARTITION_BYTES: usize = 1 << 20;
/// How many statements the registry remembers.
pub(crate) const DEFAULT_RETENTION: usize = 20_000;

/// A result split into partitions, as the SQL API hands it out.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Partitioned {
    pub(crate) columns: Vec<ResultColumn>,
    pub(crate) partitions: Vec<Vec<Vec<Option<String>>>>,
    /// Approximate JSON size of each partition.
    pub(crate) sizes: Vec<usize>,
    pub(crate) num_rows: usize,
}

impl Partitioned {
    pub(crate) fn split(result: QueryResult) -> Partitioned {
        Partitioned::split_with(result, PARTITION_ROWS, PARTITION_BYTES)
    }

    fn split_with(result: QueryResult, max_rows: usize, max_bytes: usize) -> Partitioned {
        let num_rows = result.rows.len();
        let mut partitions = Vec::new();
        let mut sizes = Vec::new();
        let mut current = Vec::new();
        let mut bytes = 0;
        for row in result.rows {
            let row_bytes = row_size(&row);
            if !current.is_empty() && (current.len() >= max_rows || bytes + row_bytes > max_bytes) {
                partitions.push(std::mem::take(&mut current));
                sizes.push(std::mem::take(&mut bytes));
            }
            bytes += row_bytes;
            current.push(row);
        }
        // An empty result still has one (empty) partition: partition 0 is always there.
        partitions.push(current);
        sizes.push(bytes);
        Partitioned {
            columns: result.columns,
            partitions,
            sizes,
            num_rows,
        }
    }
}

/// The JSON size of a row: quotes, commas and brackets included, escapes ignored.
fn row_size(row: &[Option<String>]) -> usize {
    2 + row
        .iter()
        .map(|cell| cell.as_ref().map_or(4, |text| text.len() + 2) + 1)
        .sum::<usize>()
}

/// How a statement ended.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Finished {
    /// Rows (for a multi-statement request: the one summary row) and, for a
    /// multi-statement request, the handles of its statements.
    Rows {
        result: Partitioned,
        children: Option<Vec<String>>,
    },
    Failed {
        error: SqlError,
        children: Option<Vec<String>>,
    },
    Cancelled,
    TimedOut {
        seconds: u64,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Outcome {
    Running,
    Done(Arc<Finished>),
}

/// One submitted request (or one statement of a multi-statement request).
#[derive(Debug)]
pub(crate) struct Statement {
    pub(crate) handle: String,
    pub(crate) request_id: Option<String>,
    /// Milliseconds since the epoch.
    pub(crate) created_on: i64,
    /// From the POST's `nullable` parameter; applies to every later answer too.
    pub(crate) nullable: bool,
    outcome: watch::Sender<Outcome>,
}

impl Statement {
    pub(crate) fn outcome(&self) -> Outcome {
        self.outcome.borrow().clone()
    }

    pub(crate) fn is_running(&self) -> bool {
        matches!(*self.outcome.borrow(), Outcome::Running)
    }

    /// Sets the outcome if the statement is still running; a statement finishes once.
    /// Returns whether this call finished it.
    pub(crate) fn finish(&self, finished: Finished) -> bool {
        let finished = Arc::new(finished);
        self.outcome.send_if_modified(|outcome| match outcome {
            Outcome::Running => {
                *outcome = Outcome::Done(finished);
                true
            }
            Outcome::Done(_) => false,
        })
    }

    /// Waits up to `wait` for the statement to finish and returns its outcome then.
    pub(crate) async fn wait(&self, wait: Duration) -> Outcome {
        let mut receiver = self.outcome.subscribe();
        let done = |outcome: &Outcome| matches!(outcome, Outcome::Done(_));
        match tokio::time::timeout(wait, receiver.wait_for(done)).await {
            Ok(Ok(outcome)) => outcome.clone(),
            // The sender lives in `self`, so the channel cannot close while we wait; on a
            // timeout the statement is still running.
            Ok(Err(_)) | Err(_) => self.outcome(),
        }
    }
}

#[derive(Default)]
struct Registry {
    by_handle: HashMap<String, Arc<Statement>>,
    by_request: HashMap<String, String>,
    order: VecDeque<String>,
}

/// All statements the sandbox remembers.
pub(crate) struct Statements {
    registry: Mutex<Registry>,
    retention: usize,
}

impl Statements {
    pub(crate) fn new(retention: usize) -> Statements {
        Statements {
            registry: Mutex::new(Registry::default()),
            retention: retention.max(1),
        }
    }

    fn registry(&self) -> MutexGuard<'_, Registry> {
        // The registry's maps stay consistent even if a holder panicked mid-way (each
        // update is a handful of inserts), so a poisoned lock is still usable.
        self.registry.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers a new running statement. A request id is mapped to its latest execution:
    /// a repeated id without `retry=true` runs again, and a later retry finds that run.
    pub(crate) fn register(&self, request_id: Option<String>, nullable: bool) -> Arc<Statement> {
        self.insert(request_id, nullable, Outcome::Running)
    }

    /// Registers a statement that has already finished: a statement of a multi-statement
    /// request, executed as part of its parent, or a request refused before it could run.
    pub(crate) fn register_finished(
        &self,
        request_id: Option<String>,
        nullable: bool,
        finished: Finished,
    ) -> Arc<Statement> {
        self.insert(request_id, nullable, Outcome::Done(Arc::new(finished)))
    }

    fn insert(
        &self,
        request_id: Option<String>,
        nullable: bool,
        outcome: Outcome,
    ) -> Arc<Statement> {
        let statement = Arc::new(Statement {
            handle: uuid::Uuid::new_v4().to_string(),
            request_id: request_id.clone(),
            created_on: jiff::Timestamp::now().as_millisecond(),
            nullable,
            outcome: watch::Sender::new(outcome),
        });
        let mut registry = self.registry();
        if let Some(id) = request_id {
            registry.by_request.insert(id, statement.handle.clone());
        }
        registry
            .by_handle
            .insert(statement.handle.clone(), Arc::clone(&statement));
        registry.order.push_back(statement.handle.clone());
        self.evict(&mut registry);
        statement
    }

    /// Forgets the oldest finished statements beyond the retention; running ones stay.
    fn evict(&self, registry: &mut Registry) {
        let mut skipped = VecDeque::new();
        while registry.by_handle.len() > self.retention {
            let Some(handle) = registry.order.pop_front() else {
                break;
            };
            let running = registry
                .by_handle
                .get(&handle)
                .is_some_and(|statement| statement.is_running());
            if running {
                skipped.push_back(handle);
                continue;
            }
            if let Some(statement) = registry.by_handle.remove(&handle)
                && let Some(id) = &statement.request_id
                && registry.by_request.get(id) == Some(&handle)
            {
                registry.by_request.remove(id);
            }
        }
        while let Some(handle) = skipped.pop_back() {
            registry.order.push_front(handle);
        }
    }

    pub(crate) fn get(&self, handle: &str) -> Option<Arc<Statement>> {
        self.registry().by_handle.get(handle).cloned()
    }

    pub(crate) fn by_request_id(&self, request_id: &str) -> Option<Arc<Statement>> {
        let registry = self.registry();
        let handle = registry.by_request.get(request_id)?;
        registry.by_handle.get(handle).cloned()
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.registry().by_handle.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(rows: usize, width: usize) -> QueryResult {
        QueryResult {
            columns: vec![ResultColumn {
                name: "C".into(),
                type_name: "text",
                nullable: true,
            }],
            rows: (0..rows).map(|_| vec![Some("x".repeat(width))]).collect(),
        }
    }

    #[test]
    fn partitions_close_on_rows_or_bytes() {
        let by_rows = Partitioned::split_with(result(25, 1), 10, 1 << 20);
        let counts: Vec<usize> = by_rows.partitions.iter().map(Vec::len).collect();
        assert_eq!(counts, [10, 10, 5]);
        assert_eq!(by_rows.num_rows, 25);
        let by_bytes = Partitioned::split_with(result(10, 100), 1000, 350);
        assert!(
            by_bytes
                .partitions
                .iter()
                .all(|p| p.len() == 3 || p.len() == 1)
        );
        assert!(by_bytes.sizes.iter().all(|size| *size <= 350));
        let empty = Partitioned::split(result(0, 1));
        assert_eq!(empty.partitions.len(), 1);
        assert!(empty.partitions[0].is_empty());
    }

    #[test]
    fn a_statement_finishes_once() {
        let statements = Statements::new(10);
        let statement = statements.register(Some("r".into()), true);
        assert!(statement.is_running());
        assert!(statement.finish(Finished::Cancelled));
        assert!(!statement.finish(Finished::TimedOut { seconds: 1 }));
        assert_eq!(
            statement.outcome(),
            Outcome::Done(Arc::new(Finished::Cancelled))
        );
        assert_eq!(
            statements.by_request_id("r").map(|s| s.handle.clone()),
            Some(statement.handle.clone())
        );
    }

    #[tokio::test]
    async fn waiting_returns_running_after_the_wait_and_done_when_finished() {
        let statements = Statements::new(10);
        let statement = statements.register(None, true);
        let outcome = statement.wait(Duration::from_millis(20)).await;
        assert_eq!(outcome, Outcome::Running);
        let finisher = Arc::clone(&statement);
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(20)).await;
            finisher.finish(Finished::Cancelled);
        });
        let outcome = statement.wait(Duration::from_secs(5)).await;
        assert!(matches!(outcome, Outcome::Done(_)));
    }

    #[test]
    fn retention_forgets_the_oldest_finished_statements_but_keeps_running_ones() {
        let statements = Statements::new(3);
        let running = statements.register(Some("first".into()), true);
        let mut finished = Vec::new();
        for _ in 0..5 {
            finished.push(statements.register_finished(None, true, Finished::Cancelled));
        }
        assert_eq!(statements.len(), 3);
        assert!(statements.get(&running.handle).is_some());
        assert!(statements.by_request_id("first").is_some());
        assert!(statements.get(&finished[0].handle).is_none());
        assert!(statements.get(&finished[4].handle).is_some());
    }
}
