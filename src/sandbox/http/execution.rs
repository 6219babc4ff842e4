//! Running a submitted request against the engine, in the background of the HTTP request
//! that submitted it (so a slow statement can be answered 202 while it goes on).
//!
//! The engine sits behind one mutex, held only while statements execute: waiting (the
//! slow-statement fault, the synchronous wait of the POST) happens outside it. Finishing a
//! statement and cancelling one both happen under the lock, so a cancel either lands before
//! the statement ran (it then never runs) or after it finished (and changes nothing) —
//! never while it half ran. A statement that changed the catalog marks the persister dirty.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use super::handles::{Finished, Partitioned, Statement, Statements};
use super::persistence::Persister;
use crate::sandbox::engine::Engine;
use crate::sandbox::error::SqlError;
use crate::sandbox::result::{QueryResult, ResultColumn};
use crate::sandbox::session::SqlSession;

/// The engine shared by every request.
pub(crate) type SharedEngine = Arc<Mutex<Engine>>;

/// Locks the engine. A panic inside `execute` would poison the mutex; the catalog it
/// leaves is still the best state there is, so the sandbox keeps serving it.
pub(crate) fn lock(engine: &Mutex<Engine>) -> MutexGuard<'_, Engine> {
    engine.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One request to run: its statements (already split), how to run them, and the faults
/// chosen for it.
#[derive(Debug)]
pub(crate) struct Submission {
    pub(crate) statements: Vec<String>,
    /// A multi-statement request answers with one summary row and `statementHandles`.
    pub(crate) multi: bool,
    pub(crate) session: SqlSession,
    /// The statement timeout of the request body; `None` means no limit.
    pub(crate) timeout: Option<Duration>,
    /// Extra time before it runs (the slow-statement fault).
    pub(crate) slow: Option<Duration>,
    pub(crate) nullable: bool,
}

/// Runs submissions and cancels statements (apply's `Executor` is the client side of
/// the same exchange).
pub(crate) struct SubmissionRunner {
    pub(crate) engine: SharedEngine,
    pub(crate) statements: Statements,
    pub(crate) persister: Option<Arc<Persister>>,
}

impl SubmissionRunner {
    pub(crate) async fn run(&self, statement: &Statement, submission: Submission) {
        if let Some(delay) = submission.slow {
            match submission.timeout {
                Some(timeout) if delay > timeout => {
                    tokio::time::sleep(timeout).await;
                    let _engine = lock(&self.engine);
                    statement.finish(Finished::TimedOut {
                        seconds: timeout.as_secs(),
                    });
                    return;
                }
                _ => tokio::time::sleep(delay).await,
            }
        }
        let Submission {
            statements,
            multi,
            mut session,
            nullable,
            ..
        } = submission;
        let mut engine = lock(&self.engine);
        if !statement.is_running() {
            // Cancelled while it waited: it never runs.
            return;
        }
        let mut dirty = false;
        let mut execute = |engine: &mut Engine, text: &str| {
            let result = engine.execute(text, &mut session, jiff::Timestamp::now());
            dirty |= engine.take_dirty();
            result
        };
        let finished = if multi {
            let mut children = Vec::new();
            let mut failure = None;
            for text in &statements {
                let (child, error) = match execute(&mut engine, text) {
                    Ok(result) => (rows(result, None), None),
                    Err(error) => (failed(error.clone(), None), Some(error)),
                };
                let child = self.statements.register_finished(None, nullable, child);
                children.push(child.handle.clone());
                if error.is_some() {
                    failure = error;
                    break;
                }
            }
            match failure {
                Some(error) => failed(error, Some(children)),
                None => rows(multi_summary(), Some(children)),
            }
        } else {
            let text = statements.first().map(String::as_str).unwrap_or_default();
            match execute(&mut engine, text) {
                Ok(result) => rows(result, None),
                Err(error) => failed(error, None),
            }
        };
        // Each SQL API request is a session of its own: its TEMPORARY objects end with it.
        if !session.temporary.is_empty() {
            engine.end_session(&mut session);
            dirty |= engine.take_dirty();
        }
        statement.finish(finished);
        drop(engine);
        if dirty && let Some(persister) = &self.persister {
            persister.mark_dirty();
        }
    }

    /// Cancels a statement that has not finished; returns whether it did.
    pub(crate) fn cancel(&self, statement: &Statement) -> bool {
        let _engine = lock(&self.engine);
        statement.finish(Finished::Cancelled)
    }
}

fn rows(result: QueryResult, children: Option<Vec<String>>) -> Finished {
    Finished::Rows {
        result: Partitioned::split(result),
        children,
    }
}

fn failed(error: SqlError, children: Option<Vec<String>>) -> Finished {
    Finished::Failed { error, children }
}

/// The one row a successful multi-statement request answers with.
fn multi_summary() -> QueryResult {
    QueryResult {
        columns: vec![ResultColumn {
            name: "multiple statement execution".into(),
            type_name: "text",
            nullable: false,
        }],
        rows: vec![vec![Some(
            "Multiple statements executed successfully.".into(),
        )]],
    }
}
