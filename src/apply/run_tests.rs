//! Tests of [`super::run_with`] on a recording executor: what runs, in which order, and
//! what the report says, without any server.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use super::*;
use crate::model::Kind;
use crate::plan::{Action, Change, Tier};
use progress::Silent;

/// Records every statement; fails those containing one of `failing`.
#[derive(Debug, Default)]
struct Recorder {
    log: Mutex<Vec<String>>,
    failing: Vec<String>,
}

impl Recorder {
    fn failing(marker: &str) -> Arc<Self> {
        Arc::new(Recorder {
            log: Mutex::new(Vec::new()),
            failing: vec![marker.to_string()],
        })
    }

    fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

impl Executor for Recorder {
    fn has(&self, side: ProviderSide) -> bool {
        side == ProviderSide::Snowflake
    }

    async fn execute(&self, step: &Step) -> Result<(), StepError> {
        let text = step.describe();
        self.log.lock().unwrap().push(text.clone());
        tokio::task::yield_now().await;
        if self.failing.iter().any(|m| text.contains(m)) {
            return Err(StepError::Snowflake {
                code: Some("002003".into()),
                sql_state: Some("02000".into()),
                message: format!("failed on purpose: {text}"),
                outcome_unknown: false,
            });
        }
        Ok(())
    }
}

fn change(kind: Kind, name: &str, statements: &[&str], deps: &[(Kind, &str)]) -> Change {
    let mut c = Change::new(Address::new(kind, name), Action::Update, Tier::Safe);
    c.steps = statements.iter().map(|s| Step::sql(*s)).collect();
    c.depends_on = deps.iter().map(|(k, n)| Address::new(*k, n)).collect();
    c
}

fn task_change(name: &str, root: &str, statement: &str) -> Change {
    let mut c = change(Kind::Task, name, &[statement], &[]);
    c.task_graph = Some(Address::new(Kind::Task, root));
    c
}

fn graph(root: &str) -> TaskGraph {
    TaskGraph {
        root: Address::new(Kind::Task, root),
        suspend: vec![Step::sql(format!("ALTER TASK {root} SUSPEND"))],
        resume: vec![Step::sql(format!(
            "SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('{root}')"
        ))],
        restore: vec![
            Step::sql(format!("ALTER TASK {root}_CHILD RESUME")),
            Step::sql(format!("ALTER TASK {root} RESUME")),
        ],
    }
}

fn plan(changes: Vec<Change>, task_graphs: Vec<TaskGraph>) -> Plan {
    Plan {
        task_graphs,
        ..crate::plan::for_tests(changes)
    }
}

/// A graph `R` with two changed tasks, and an unrelated table change.
fn graph_plan() -> Plan {
    plan(
        vec![
            change(
                Kind::Table,
                "DB.S.T",
                &["ALTER TABLE DB.S.T ADD COLUMN C NUMBER(38,0)"],
                &[],
            ),
            task_change(
                "DB.S.R",
                "DB.S.R",
                "ALTER TASK DB.S.R SET SCHEDULE = '5 MINUTE'",
            ),
            task_change(
                "DB.S.R_CHILD",
                "DB.S.R",
                "ALTER TASK DB.S.R_CHILD MODIFY AS SELECT 2",
            ),
        ],
        vec![graph("DB.S.R")],
    )
}

#[tokio::test]
async fn a_graph_is_suspended_once_before_its_tasks_change_and_resumed_once_after() {
    let recorder = Arc::new(Recorder::default());
    let report = run_with(
        &graph_plan(),
        recorder.clone(),
        &ApplyOptions::default(),
        &mut Silent,
    )
    .await
    .unwrap();
    assert!(report.succeeded(), "{report}");
    let log = recorder.log();
    assert_eq!(log.len(), 5, "{log:?}");
    assert_eq!(log.first().unwrap(), "ALTER TASK DB.S.R SUSPEND");
    assert_eq!(
        log.last().unwrap(),
        "SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('DB.S.R')"
    );
    assert_eq!(log.iter().filter(|s| s.contains("SUSPEND")).count(), 1);
    assert_eq!(report.task_graphs[0].outcome, GraphOutcome::Resumed);
    assert_eq!(report.count(ChangeStatus::Executed), 3);
    assert_eq!(report.statements_run(), 5);
}

#[tokio::test]
async fn a_failure_after_suspending_restores_the_graph_instead_of_resuming_it() {
    let recorder = Recorder::failing("MODIFY AS");
    let mut p = graph_plan();
    // A change that waits for the failing one never starts.
    p.changes.push(change(
        Kind::View,
        "DB.S.V",
        &["CREATE VIEW DB.S.V AS SELECT 1"],
        &[(Kind::Task, "DB.S.R_CHILD")],
    ));
    let options = ApplyOptions {
        parallelism: 1,
        ..ApplyOptions::default()
    };
    let report = run_with(&p, recorder.clone(), &options, &mut Silent)
        .await
        .unwrap();
    assert!(!report.succeeded());
    let log = recorder.log();
    assert!(
        !log.iter().any(|s| s.contains("TASK_DEPENDENTS_ENABLE")),
        "{log:?}"
    );
    assert!(!log.iter().any(|s| s.contains("CREATE VIEW")), "{log:?}");
    assert_eq!(
        &log[log.len() - 2..],
        ["ALTER TASK DB.S.R_CHILD RESUME", "ALTER TASK DB.S.R RESUME"]
    );
    assert_eq!(report.task_graphs[0].outcome, GraphOutcome::Restored);
    let failed: Vec<&ChangeReport> = report
        .changes
        .iter()
        .filter(|c| c.status == ChangeStatus::Failed)
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].address.name, "DB.S.R_CHILD");
    let view = report
        .changes
        .iter()
        .find(|c| c.address.kind == Kind::View)
        .unwrap();
    assert_eq!(view.status, ChangeStatus::NotStarted);
    let text = report.to_string();
    assert!(text.contains("002003"), "{text}");
    assert!(
        text.contains("was put back in the state it had before"),
        "{text}"
    );
}

#[tokio::test]
async fn a_failed_suspend_runs_no_change_and_restores() {
    let recorder = Recorder::failing("DB.S.R SUSPEND");
    let report = run_with(
        &graph_plan(),
        recorder.clone(),
        &ApplyOptions::default(),
        &mut Silent,
    )
    .await
    .unwrap();
    assert_eq!(report.count(ChangeStatus::NotStarted), 3);
    let log = recorder.log();
    assert!(!log.iter().any(|s| s.contains("ADD COLUMN")), "{log:?}");
    assert_eq!(report.task_graphs[0].outcome, GraphOutcome::Restored);
}

#[tokio::test]
async fn a_failed_resume_falls_back_to_restoring_and_a_failed_restore_is_reported() {
    let recorder = Arc::new(Recorder {
        log: Mutex::new(Vec::new()),
        failing: vec!["TASK_DEPENDENTS_ENABLE".into(), "R_CHILD RESUME".into()],
    });
    let report = run_with(
        &graph_plan(),
        recorder.clone(),
        &ApplyOptions::default(),
        &mut Silent,
    )
    .await
    .unwrap();
    assert!(!report.succeeded());
    // Restore goes on past its failure: the root is resumed all the same.
    assert_eq!(recorder.log().last().unwrap(), "ALTER TASK DB.S.R RESUME");
    assert_eq!(report.task_graphs[0].outcome, GraphOutcome::RestoreFailed);
    let text = report.to_string();
    assert!(text.contains("could NOT be fully put back"), "{text}");
    assert!(text.contains("ALTER TASK DB.S.R_CHILD RESUME"), "{text}");
    // The resume's own failure is shown and counted: every change ran, yet the summary
    // must not read as a clean "0 failed".
    assert!(text.contains("1 task graph not resumed"), "{text}");
    assert!(
        text.contains("Failed to resume task graph task DB.S.R:"),
        "{text}"
    );
    assert!(text.contains("failed on purpose: "), "{text}");
}

#[tokio::test]
async fn destructive_changes_without_consent_run_nothing() {
    let recorder = Arc::new(Recorder::default());
    let mut p = graph_plan();
    p.changes[0].tier = Tier::Destructive;
    let refused = run_with(&p, recorder.clone(), &ApplyOptions::default(), &mut Silent).await;
    assert!(matches!(refused, Err(ApplyError::Consent(_))));
    assert!(recorder.log().is_empty());

    let allowed = ApplyOptions {
        allowed: BTreeSet::from([p.changes[0].address.clone()]),
        ..ApplyOptions::default()
    };
    let report = run_with(&p, recorder.clone(), &allowed, &mut Silent)
        .await
        .unwrap();
    assert!(report.succeeded());
}

#[tokio::test]
async fn a_plan_needing_a_missing_provider_runs_nothing() {
    let recorder = Arc::new(Recorder::default());
    let mut p = graph_plan();
    let mut container = Change::new(
        Address::new(Kind::Container, "landing"),
        Action::Create,
        Tier::Safe,
    );
    container.steps.push(Step::Adls {
        operation: crate::providers::adls::AdlsOperation::DeleteContainer {
            name: "landing".into(),
        },
        call: "DELETE /landing?restype=container".into(),
    });
    p.changes.push(container);
    let refused = run_with(&p, recorder.clone(), &ApplyOptions::default(), &mut Silent).await;
    match refused {
        Err(ApplyError::MissingTarget { address, side }) => {
            assert_eq!(address.name, "landing");
            assert_eq!(side, ProviderSide::Lake);
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(recorder.log().is_empty());
}

#[tokio::test]
async fn progress_sees_every_step_once() {
    #[derive(Default)]
    struct Count {
        total: usize,
        seen: Vec<(Phase, String)>,
        ended: bool,
    }
    impl Progress for Count {
        fn begin(&mut self, total: usize) {
            self.total = total;
        }
        fn step_finished(&mut self, event: &StepEvent<'_>) {
            self.seen.push((event.phase, event.step.describe()));
        }
        fn end(&mut self) {
            self.ended = true;
        }
    }
    let mut count = Count::default();
    let recorder = Arc::new(Recorder::default());
    run_with(
        &graph_plan(),
        recorder,
        &ApplyOptions::default(),
        &mut count,
    )
    .await
    .unwrap();
    assert_eq!(count.total, 5);
    assert_eq!(count.seen.len(), 5);
    assert_eq!(count.seen[0].0, Phase::Suspend);
    assert_eq!(count.seen[4].0, Phase::Resume);
    assert!(count.ended);
}

#[tokio::test]
async fn a_multi_step_change_stops_at_its_failing_step() {
    let recorder = Recorder::failing("SWAP");
    let p = plan(
        vec![change(
            Kind::Table,
            "DB.S.T",
            &[
                "CREATE TABLE DB.S.T_BACKUP_1 CLONE DB.S.T",
                "CREATE OR REPLACE TABLE DB.S.T_LAKEFORM_REBUILD (A VARCHAR)",
                "ALTER TABLE DB.S.T SWAP WITH DB.S.T_LAKEFORM_REBUILD",
                "DROP TABLE DB.S.T_LAKEFORM_REBUILD",
            ],
            &[],
        )],
        vec![],
    );
    let report = run_with(&p, recorder.clone(), &ApplyOptions::default(), &mut Silent)
        .await
        .unwrap();
    assert_eq!(recorder.log().len(), 3);
    assert_eq!(report.changes[0].steps.len(), 3);
    assert_eq!(report.changes[0].status, ChangeStatus::Failed);
    assert_eq!(report.backups(), vec!["DB.S.T_BACKUP_1".to_string()]);
}

/// Flips the stop signal when a statement containing `at` runs, as Ctrl-C would.
#[derive(Debug)]
struct StopsAt {
    recorder: Recorder,
    at: String,
    stop: tokio::sync::watch::Sender<bool>,
}

impl Executor for StopsAt {
    fn has(&self, side: ProviderSide) -> bool {
        self.recorder.has(side)
    }

    async fn execute(&self, step: &Step) -> Result<(), StepError> {
        if step.describe().contains(&self.at) {
            let _ = self.stop.send(true);
        }
        self.recorder.execute(step).await
    }
}

#[tokio::test]
async fn a_stop_signal_ends_new_work_and_puts_the_graphs_back() {
    let (sender, receiver) = tokio::sync::watch::channel(false);
    let executor = Arc::new(StopsAt {
        recorder: Recorder::default(),
        at: "SET SCHEDULE".into(),
        stop: sender,
    });
    let mut p = graph_plan();
    // A multi-step change that the stop catches between its steps.
    p.changes[2]
        .steps
        .push(Step::sql("ALTER TASK DB.S.R_CHILD SET COMMENT = 'x'"));
    p.changes[2].depends_on = vec![Address::new(Kind::Task, "DB.S.R")];
    let options = ApplyOptions {
        parallelism: 1,
        stop: Some(receiver),
        ..ApplyOptions::default()
    };
    let report = run_with(&p, executor.clone(), &options, &mut Silent)
        .await
        .unwrap();
    assert!(report.interrupted);
    assert!(!report.succeeded());
    let log = executor.recorder.log();
    assert!(!log.iter().any(|s| s.contains("MODIFY AS")), "{log:?}");
    assert!(
        !log.iter().any(|s| s.contains("TASK_DEPENDENTS_ENABLE")),
        "{log:?}"
    );
    assert_eq!(log.last().unwrap(), "ALTER TASK DB.S.R RESUME");
    assert_eq!(report.task_graphs[0].outcome, GraphOutcome::Restored);
    let statuses: Vec<ChangeStatus> = report.changes.iter().map(|c| c.status).collect();
    assert_eq!(
        statuses,
        [
            ChangeStatus::Executed,
            ChangeStatus::Executed,
            ChangeStatus::NotStarted
        ]
    );
    assert!(report.to_string().starts_with("Apply INTERRUPTED"));
}

#[tokio::test]
async fn a_change_stopped_between_its_steps_is_reported_as_such() {
    let (sender, receiver) = tokio::sync::watch::channel(false);
    let executor = Arc::new(StopsAt {
        recorder: Recorder::default(),
        at: "CLONE".into(),
        stop: sender,
    });
    let p = plan(
        vec![change(
            Kind::Table,
            "DB.S.T",
            &[
                "CREATE TABLE DB.S.T_BACKUP_1 CLONE DB.S.T",
                "ALTER TABLE DB.S.T DROP COLUMN C",
            ],
            &[],
        )],
        vec![],
    );
    let options = ApplyOptions {
        stop: Some(receiver),
        ..ApplyOptions::default()
    };
    let report = run_with(&p, executor.clone(), &options, &mut Silent)
        .await
        .unwrap();
    assert_eq!(executor.recorder.log().len(), 1);
    assert_eq!(report.changes[0].status, ChangeStatus::Interrupted);
    let text = report.to_string();
    assert!(text.contains("Stopped part-way: table DB.S.T"), "{text}");
    assert!(
        text.contains("ran:   CREATE TABLE DB.S.T_BACKUP_1 CLONE DB.S.T"),
        "{text}"
    );
}
