//! What an apply did, for the user and for the exit code: per change executed / failed /
//! not started (with the step that failed and Snowflake's code and message), per task
//! graph whether it was resumed or put back as it was, and the backups taken.
//!
//! The report is plain data plus a plain-text rendering; it is built by [`super::run`]
//! and decides nothing.

use std::fmt::{self, Write as _};
use std::time::Duration;

use super::executor::StepError;
use crate::model::Address;
use crate::output_escape::escape_text;
use crate::plan::Action;
use crate::sql::{TokenKind, tokenize};

/// One step that ran.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepRecord {
    /// What the step did: the statement, or the REST call.
    pub(crate) text: String,
    pub(crate) elapsed: Duration,
    pub error: Option<StepError>,
}

impl StepRecord {
    pub fn succeeded(&self) -> bool {
        self.error.is_none()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeStatus {
    /// Every step ran.
    Executed,
    /// A step failed; the steps after it did not run.
    Failed,
    /// The apply was stopped between its steps: some ran, the rest did not.
    Interrupted,
    /// Nothing of it ran (an earlier failure stopped new work).
    NotStarted,
}

/// One planned change and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeReport {
    pub(crate) address: Address,
    pub(crate) action: Action,
    pub status: ChangeStatus,
    /// The steps that ran, in order; the last one carries the error of a failed change.
    pub(crate) steps: Vec<StepRecord>,
}

impl ChangeReport {
    /// The step that failed.
    pub fn failure(&self) -> Option<&StepRecord> {
        self.steps.iter().find(|s| s.error.is_some())
    }
}

/// How a task graph was left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphOutcome {
    /// Every task is in its declared state.
    Resumed,
    /// The apply failed; the graph was put back as it was before it (its started tasks
    /// started again).
    Restored,
    /// Bringing it back failed for some task: the report lists which; the pipeline may
    /// be stopped until the next apply.
    RestoreFailed,
}

/// One task graph the plan touched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphReport {
    pub(crate) root: Address,
    /// The root's suspend (empty when it was not started).
    pub(crate) suspend: Vec<StepRecord>,
    /// The resume steps that ran (none when the apply failed).
    pub(crate) resume: Vec<StepRecord>,
    /// The restore steps: after a failed apply, or after this graph's resume failed.
    pub(crate) restore: Vec<StepRecord>,
    pub outcome: GraphOutcome,
}

impl GraphReport {
    /// Whether a resume step of this graph failed (the graph was then restored).
    pub(crate) fn resume_failed(&self) -> bool {
        self.resume.iter().any(|s| !s.succeeded())
    }
}

/// Everything an apply did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApplyReport {
    /// Every change of the plan, in plan order.
    pub changes: Vec<ChangeReport>,
    pub task_graphs: Vec<GraphReport>,
    pub(crate) elapsed: Duration,
    /// The stop signal ended the apply before every change ran.
    pub(crate) interrupted: bool,
    /// `--verbose`: the rendering lists every statement with its time.
    pub(crate) verbose: bool,
}

impl ApplyReport {
    /// Whether every change ran and every graph is in its declared state.
    pub fn succeeded(&self) -> bool {
        self.changes
            .iter()
            .all(|c| c.status == ChangeStatus::Executed)
            && self
                .task_graphs
                .iter()
                .all(|g| g.outcome == GraphOutcome::Resumed)
    }

    pub fn count(&self, status: ChangeStatus) -> usize {
        self.changes.iter().filter(|c| c.status == status).count()
    }

    /// The steps that ran, across graphs and changes, in the order they were recorded.
    #[cfg(test)]
    pub(crate) fn statements_run(&self) -> usize {
        let graph_steps: usize = self
            .task_graphs
            .iter()
            .map(|g| g.suspend.len() + g.resume.len() + g.restore.len())
            .sum();
        graph_steps + self.changes.iter().map(|c| c.steps.len()).sum::<usize>()
    }

    /// The backups taken (`CREATE TABLE <backup> CLONE <table>`, or of a schema or
    /// database, that succeeded): their names, for the user to find their data.
    pub fn backups(&self) -> Vec<String> {
        self.changes
            .iter()
            .flat_map(|c| &c.steps)
            .filter(|s| s.succeeded())
            .filter_map(|s| backup_name(&s.text))
            .collect()
    }

    /// The graphs that were put back as they were because the apply failed (those with
    /// anything to put back).
    pub(crate) fn restored_graphs(&self) -> impl Iterator<Item = &GraphReport> {
        self.task_graphs.iter().filter(|g| {
            g.outcome != GraphOutcome::Resumed
                && !(g.suspend.is_empty() && g.resume.is_empty() && g.restore.is_empty())
        })
    }
}

/// The clone's name when `statement` is a zero-copy backup: `CREATE [TRANSIENT]
/// TABLE|SCHEMA|DATABASE <name> CLONE …`.
pub(crate) fn backup_name(statement: &str) -> Option<String> {
    let tokens = tokenize(statement).ok()?;
    let mut words = tokens.iter().filter(|t| !t.is_trivia());
    if !words.next()?.is_keyword("CREATE") {
        return None;
    }
    let mut kind = words.next()?;
    if kind.is_keyword("TRANSIENT") {
        kind = words.next()?;
    }
    if !["TABLE", "SCHEMA", "DATABASE"]
        .iter()
        .any(|k| kind.is_keyword(k))
    {
        return None;
    }
    let mut start = None;
    let mut end = 0;
    for token in words {
        if token.is_keyword("CLONE") {
            return start.map(|s| statement[s..end].to_string());
        }
        let name_part =
            matches!(token.kind, TokenKind::Word | TokenKind::QuotedIdent) || token.is_symbol(".");
        if !name_part {
            return None;
        }
        start.get_or_insert(token.start);
        end = token.end;
    }
    None
}

impl fmt::Display for ApplyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        self.write_plain(&mut text)?;
        // Statements, addresses and Snowflake's messages (which come from the server) may
        // hold control characters: shown escaped, never sent to the terminal.
        f.write_str(&escape_text(&text))
    }
}

impl ApplyReport {
    /// The rendering before escaping.
    fn write_plain(&self, f: &mut String) -> fmt::Result {
        let executed = self.count(ChangeStatus::Executed);
        let failed = self.count(ChangeStatus::Failed);
        let not_started = self.count(ChangeStatus::NotStarted);
        if self.interrupted {
            writeln!(
                f,
                "Apply INTERRUPTED: {executed} executed, {failed} failed, {} stopped part-way, {not_started} not started ({:.1} s).",
                self.count(ChangeStatus::Interrupted),
                self.elapsed.as_secs_f64()
            )?;
        } else if self.succeeded() {
            writeln!(
                f,
                "Apply complete: {executed} change(s) executed in {:.1} s.",
                self.elapsed.as_secs_f64()
            )?;
        } else {
            // Every change may have run and the apply still failed: a graph that could not
            // be resumed is a failure of its own, counted so the summary never says "0
            // failed" about a failed apply.
            let not_resumed = self
                .task_graphs
                .iter()
                .filter(|g| g.resume_failed())
                .count();
            let graphs = match not_resumed {
                0 => String::new(),
                1 => ", 1 task graph not resumed".to_string(),
                n => format!(", {n} task graphs not resumed"),
            };
            writeln!(
                f,
                "Apply FAILED: {executed} executed, {failed} failed, {not_started} not started{graphs} ({:.1} s).",
                self.elapsed.as_secs_f64()
            )?;
        }
        for change in self
            .changes
            .iter()
            .filter(|c| c.status == ChangeStatus::Failed)
        {
            writeln!(f, "\nFailed: {} ({})", change.address, change.action)?;
            if let Some(step) = change.failure() {
                writeln!(f, "  step:  {}", step.text)?;
                if let Some(error) = &step.error {
                    writeln!(f, "  error: {error}")?;
                    if matches!(
                        error,
                        StepError::Snowflake {
                            outcome_unknown: true,
                            ..
                        }
                    ) {
                        writeln!(
                            f,
                            "  The statement may or may not have run; the next plan shows which."
                        )?;
                    }
                }
            }
        }
        for graph in &self.task_graphs {
            let failures = [("suspend", &graph.suspend), ("resume", &graph.resume)];
            for (verb, records) in failures {
                for step in records.iter().filter(|s| !s.succeeded()) {
                    writeln!(f, "\nFailed to {verb} task graph {}:", graph.root)?;
                    writeln!(f, "  step:  {}", step.text)?;
                    if let Some(error) = &step.error {
                        writeln!(f, "  error: {error}")?;
                    }
                }
            }
        }
        for change in self
            .changes
            .iter()
            .filter(|c| c.status == ChangeStatus::Interrupted)
        {
            writeln!(
                f,
                "\nStopped part-way: {} ({}); the next plan shows what is left",
                change.address, change.action
            )?;
            for step in &change.steps {
                writeln!(f, "  ran:   {}", step.text)?;
            }
        }
        let not_started: Vec<&ChangeReport> = self
            .changes
            .iter()
            .filter(|c| c.status == ChangeStatus::NotStarted)
            .collect();
        if !not_started.is_empty() {
            writeln!(f, "\nNot started:")?;
            for change in not_started {
                writeln!(f, "  {} ({})", change.address, change.action)?;
            }
        }
        let executed: Vec<&ChangeReport> = self
            .changes
            .iter()
            .filter(|c| c.status == ChangeStatus::Executed)
            .collect();
        if !executed.is_empty() && !self.succeeded() {
            writeln!(f, "\nExecuted:")?;
            for change in executed {
                writeln!(f, "  {} ({})", change.address, change.action)?;
            }
        }
        for graph in self.restored_graphs() {
            match graph.outcome {
                GraphOutcome::Resumed => {}
                GraphOutcome::Restored => writeln!(
                    f,
                    "\nTask graph {} was put back in the state it had before this apply.",
                    graph.root
                )?,
                GraphOutcome::RestoreFailed => {
                    writeln!(
                        f,
                        "\nTask graph {} could NOT be fully put back; these steps failed:",
                        graph.root
                    )?;
                    for step in graph.restore.iter().filter(|s| !s.succeeded()) {
                        writeln!(f, "  step:  {}", step.text)?;
                        if let Some(error) = &step.error {
                            writeln!(f, "  error: {error}")?;
                        }
                    }
                }
            }
        }
        let backups = self.backups();
        if !backups.is_empty() {
            writeln!(f, "\nBackups taken (zero-copy clones):")?;
            for backup in backups {
                writeln!(f, "  {backup}")?;
            }
        }
        if self.verbose {
            writeln!(f, "\nTimings:")?;
            let graph_steps = self.task_graphs.iter().flat_map(|g| {
                g.suspend
                    .iter()
                    .chain(&g.resume)
                    .chain(&g.restore)
                    .map(move |s| (&g.root, s))
            });
            let change_steps = self
                .changes
                .iter()
                .flat_map(|c| c.steps.iter().map(move |s| (&c.address, s)));
            for (address, step) in graph_steps.chain(change_steps) {
                writeln!(
                    f,
                    "  {:>8.3} s  {address}: {}",
                    step.elapsed.as_secs_f64(),
                    step.text.lines().next().unwrap_or_default()
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    fn record(text: &str, error: Option<StepError>) -> StepRecord {
        StepRecord {
            text: text.into(),
            elapsed: Duration::from_millis(10),
            error,
        }
    }

    #[test]
    fn backup_names_come_from_clone_statements_only() {
        assert_eq!(
            backup_name("CREATE TABLE DB.S.T_BACKUP_20260102030405 CLONE DB.S.T").as_deref(),
            Some("DB.S.T_BACKUP_20260102030405")
        );
        assert_eq!(
            backup_name("CREATE TABLE DB.S.\"My T_BACKUP_1\" CLONE DB.S.\"My T\"").as_deref(),
            Some("DB.S.\"My T_BACKUP_1\"")
        );
        assert_eq!(
            backup_name("CREATE TRANSIENT SCHEMA DB.S_BACKUP_1 CLONE DB.S").as_deref(),
            Some("DB.S_BACKUP_1")
        );
        assert_eq!(
            backup_name("CREATE DATABASE DB_BACKUP_1 CLONE DB").as_deref(),
            Some("DB_BACKUP_1")
        );
        assert_eq!(
            backup_name("CREATE TABLE DB.S.T (A VARCHAR COMMENT ' CLONE ')"),
            None
        );
        assert_eq!(backup_name("CREATE OR REPLACE TABLE X CLONE Y"), None);
        assert_eq!(backup_name("DROP TABLE T"), None);
    }

    #[test]
    fn a_failed_apply_lists_failed_not_started_executed_and_restored() {
        let report = ApplyReport {
            changes: vec![
                ChangeReport {
                    address: Address::new(Kind::Table, "DB.S.A"),
                    action: Action::Replace,
                    status: ChangeStatus::Executed,
                    steps: vec![record("CREATE TABLE DB.S.A_BACKUP_1 CLONE DB.S.A", None)],
                },
                ChangeReport {
                    address: Address::new(Kind::Task, "DB.S.T"),
                    action: Action::Update,
                    status: ChangeStatus::Failed,
                    steps: vec![record(
                        "ALTER TASK DB.S.T MODIFY AS SELECT 1",
                        Some(StepError::Snowflake {
                            code: Some("091091".into()),
                            sql_state: Some("0A000".into()),
                            message: "Unable to update graph with root task DB.S.R since that root task is not suspended.".into(),
                            outcome_unknown: false,
                        }),
                    )],
                },
                ChangeReport {
                    address: Address::new(Kind::View, "DB.S.V"),
                    action: Action::Create,
                    status: ChangeStatus::NotStarted,
                    steps: vec![],
                },
            ],
            task_graphs: vec![GraphReport {
                root: Address::new(Kind::Task, "DB.S.R"),
                suspend: vec![record("ALTER TASK DB.S.R SUSPEND", None)],
                resume: vec![],
                restore: vec![record("ALTER TASK DB.S.R RESUME", None)],
                outcome: GraphOutcome::Restored,
            }],
            elapsed: Duration::from_secs(2),
            interrupted: false,
            verbose: true,
        };
        assert!(!report.succeeded());
        let text = report.to_string();
        for expected in [
            "Apply FAILED: 1 executed, 1 failed, 1 not started",
            "Failed: task DB.S.T (update in place)",
            "step:  ALTER TASK DB.S.T MODIFY AS SELECT 1",
            "error: Snowflake error 091091 (0A000): Unable to update graph",
            "Not started:\n  view DB.S.V (create)",
            "Executed:\n  table DB.S.A (replace)",
            "Task graph task DB.S.R was put back in the state it had before this apply.",
            "Backups taken (zero-copy clones):\n  DB.S.A_BACKUP_1",
            "Timings:\n     0.010 s  task DB.S.R: ALTER TASK DB.S.R SUSPEND",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
    }

    /// Snowflake's message comes from the server: its control characters are shown as
    /// escapes, never sent to the terminal.
    #[test]
    fn a_server_message_with_an_escape_sequence_is_shown_escaped() {
        let report = ApplyReport {
            changes: vec![ChangeReport {
                address: Address::new(Kind::View, "DB.S.V"),
                action: Action::Create,
                status: ChangeStatus::Failed,
                steps: vec![record(
                    "CREATE VIEW DB.S.V AS SELECT 1",
                    Some(StepError::Snowflake {
                        code: Some("002003".into()),
                        sql_state: Some("42S02".into()),
                        message: "SQL compilation error:\nObject '\u{1b}[2J\u{1b}[HNo changes.\u{9b}' does not exist".into(),
                        outcome_unknown: false,
                    }),
                )],
            }],
            ..ApplyReport::default()
        };
        let text = report.to_string();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{9b}'),
            "{text:?}"
        );
        assert!(
            text.contains("SQL compilation error:\nObject '\\u{1b}[2J\\u{1b}[HNo changes.\\u{9b}'"),
            "{text}"
        );
    }
}
