//! Apply end to end against the sandbox over HTTP: plans made with `plan::make` from a
//! desired state built of model types and the live state read back by introspection.

mod apply_support;

use apply_support::*;
use lakeform::apply::{
    self, ApplyError, ApplyOptions, ChangeStatus, GraphOutcome, freshness, progress::Silent, verify,
};
use lakeform::model::{Kind, Object};
use lakeform::plan::{Change, Step, Tier};
use lakeform::sandbox::FaultOptions;

fn count(history: &[String], needle: &str) -> usize {
    history.iter().filter(|s| s.contains(needle)).count()
}

#[tokio::test]
async fn apply_from_empty_then_the_plan_is_empty() {
    let world = World::start().await;
    let desired = desired();
    let plan = world.plan(&desired, &settings()).await;
    assert!(!plan.is_empty());
    let report = world.apply(&plan, &ApplyOptions::default()).await;
    assert!(report.succeeded(), "{report}");
    assert_eq!(report.count(ChangeStatus::Executed), plan.changes.len());

    let live = world.read(&desired).await.unwrap();
    verify::check(ENV, &desired, &live, &settings()).unwrap();
    assert!(world.plan(&desired, &settings()).await.is_empty());
    // The graph is in its declared state: both tasks started.
    for (task, state) in world.task_states(DB).await {
        assert_eq!(state, "started", "{task}");
    }
}

#[tokio::test]
async fn a_changed_task_graph_sees_one_root_suspend_and_one_resume() {
    let world = World::start().await;
    let base = desired();
    assert_eq!(converge(&world, &base, 3).await, 1);
    let before = world.history().await.len();

    let changed = edited(&base, Kind::Task, CHILD, |o| {
        if let Object::Task(t) = o {
            t.sql = lakeform::sql::CanonicalSql::new("DELETE FROM LF.RAW.ORDERS WHERE ID < -1");
        }
    });
    let changed = edited(&changed, Kind::Task, ROOT, |o| {
        if let Object::Task(t) = o {
            t.schedule = Some(lakeform::model::schedule::Schedule::parse("10 MINUTE").unwrap());
        }
    });
    let plan = world.plan(&changed, &settings()).await;
    assert_eq!(plan.changes.len(), 2, "{:#?}", plan.changes);
    let report = world.apply(&plan, &ApplyOptions::default()).await;
    assert!(report.succeeded(), "{report}");

    let history = world.history().await;
    let applied = &history[before..];
    assert_eq!(
        count(applied, &format!("ALTER TASK {ROOT} SUSPEND")),
        1,
        "{applied:#?}"
    );
    let resumes = count(applied, "TASK_DEPENDENTS_ENABLE") + count(applied, " RESUME");
    assert_eq!(resumes, 1, "{applied:#?}");
    assert!(world.plan(&changed, &settings()).await.is_empty());
    for (task, state) in world.task_states(DB).await {
        assert_eq!(state, "started", "{task}");
    }
}

#[tokio::test]
async fn a_failure_after_suspending_puts_the_graph_back() {
    let world = World::start().await;
    let base = desired();
    converge(&world, &base, 3).await;

    let changed = edited(&base, Kind::Task, CHILD, |o| {
        if let Object::Task(t) = o {
            t.sql = lakeform::sql::CanonicalSql::new("DELETE FROM LF.RAW.ORDERS WHERE ID < -2");
        }
    });
    let mut plan = world.plan(&changed, &settings()).await;
    // A change that fails in Snowflake once the graph is suspended.
    let mut failing = Change::new(
        lakeform::model::Address::new(Kind::Table, "LF.RAW.MISSING"),
        lakeform::plan::Action::Update,
        Tier::Safe,
    );
    failing.steps.push(Step::sql(
        "ALTER TABLE LF.RAW.MISSING ADD COLUMN X NUMBER(38,0)",
    ));
    plan.changes.insert(0, failing);
    let options = ApplyOptions {
        parallelism: 1,
        ..ApplyOptions::default()
    };
    let report = world.apply(&plan, &options).await;
    assert!(!report.succeeded());
    let failed = report
        .changes
        .iter()
        .find(|c| c.status == ChangeStatus::Failed)
        .unwrap();
    let error = failed
        .failure()
        .unwrap()
        .error
        .as_ref()
        .unwrap()
        .to_string();
    assert!(error.contains("002003"), "{error}");
    assert_eq!(report.task_graphs.len(), 1);
    assert_eq!(report.task_graphs[0].outcome, GraphOutcome::Restored);
    assert!(
        report
            .to_string()
            .contains("put back in the state it had before")
    );
    for (task, state) in world.task_states(DB).await {
        assert_eq!(state, "started", "{task} was left {state}");
    }
    // The next apply finishes the job.
    assert_eq!(converge(&world, &changed, 3).await, 1);
}

#[tokio::test]
async fn destructive_changes_need_consent_and_take_a_backup() {
    let world = World::start().await;
    let base = desired();
    converge(&world, &base, 3).await;

    // Dropping a column loses its data.
    let changed = edited(&base, Kind::Table, "LF.RAW.ORDERS", |o| {
        if let Object::Table(t) = o {
            t.columns.retain(|c| c.name.as_str() != "NOTE");
        }
    });
    let plan = world.plan(&changed, &settings()).await;
    assert_eq!(plan.max_tier(), Some(Tier::Destructive));
    let before = world.history().await.len();
    let refused = apply::run(&plan, &world.targets, &ApplyOptions::default(), &mut Silent).await;
    match refused {
        Err(ApplyError::Consent(refusal)) => {
            assert!(refusal.to_string().contains("LF.RAW.ORDERS"), "{refusal}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let history = world.history().await;
    let ddl: Vec<&String> = history[before..].iter().filter(|s| is_ddl(s)).collect();
    assert!(ddl.is_empty(), "a refused apply ran {ddl:#?}");

    let consent = ApplyOptions {
        allow_destructive: true,
        ..ApplyOptions::default()
    };
    let report = world.apply(&plan, &consent).await;
    assert!(report.succeeded(), "{report}");
    let backups = report.backups();
    assert_eq!(backups.len(), 1, "{report}");
    assert!(
        backups[0].starts_with("LF.RAW.ORDERS_BACKUP_"),
        "{backups:?}"
    );
    assert!(report.to_string().contains(&backups[0]));
    // The clone exists, with the column the change dropped.
    let columns = world
        .client
        .execute(&format!("DESCRIBE TABLE {}", backups[0]))
        .await
        .unwrap();
    assert!(columns.rows().any(|r| r.get("name") == Some("NOTE")));
    assert!(world.plan(&changed, &settings()).await.is_empty());
}

#[tokio::test]
async fn per_object_consent_in_the_desired_state_is_enough() {
    let world = World::start().await;
    let base = desired();
    converge(&world, &base, 3).await;
    let mut changed = edited(&base, Kind::Stream, "LF.RAW.ORDERS_STREAM", |o| {
        if let Object::Stream(s) = o {
            s.append_only = true;
        }
    });
    let plan = world.plan(&changed, &settings()).await;
    assert_eq!(plan.max_tier(), Some(Tier::Destructive));
    assert!(matches!(
        apply::run(&plan, &world.targets, &ApplyOptions::default(), &mut Silent).await,
        Err(ApplyError::Consent(_))
    ));
    for entry in changed.objects.values_mut() {
        if entry.object.kind() == Kind::Stream {
            entry.lifecycle.allow_destructive = true;
        }
    }
    let options = ApplyOptions {
        allowed: apply::consent::allowed_by(&changed),
        ..ApplyOptions::default()
    };
    assert_eq!(options.allowed.len(), 1);
    let report = world.apply(&plan, &options).await;
    assert!(report.succeeded(), "{report}");
}

#[tokio::test]
async fn a_stale_saved_plan_is_refused_and_nothing_runs() {
    let world = World::start().await;
    let base = desired();
    converge(&world, &base, 3).await;
    let changed = edited(&base, Kind::View, "LF.RAW.ORDERS_V", |o| {
        if let Object::View(v) = o {
            v.comment = Some("amounts".into());
        }
    });
    let plan = world.plan(&changed, &settings()).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.json");
    lakeform::plan::saved::write(&plan, &path).unwrap();

    // Someone changes the table behind the plan's back.
    world
        .client
        .execute("ALTER TABLE LF.RAW.ORDERS ADD COLUMN EXTRA NUMBER(38,0)")
        .await
        .unwrap();
    let before = world.history().await.len();
    let saved = lakeform::plan::saved::read(&path).unwrap();
    // apply re-derives the plan as of the file's made_at and compares.
    let mut at = settings();
    at.now = lakeform::plan::saved::made_at(&saved).unwrap();
    let live = world.read(&changed).await.unwrap();
    let now = lakeform::plan::make(ENV, &changed, &hash(&changed), &live, &at).unwrap();
    let Err(freshness::Refused::Stale(stale)) = freshness::check(&saved, &now, &changed, &live)
    else {
        panic!("not refused as stale")
    };
    assert!(!stale.desired_changed);
    let text = stale.to_string();
    assert!(text.contains("table LF.RAW.ORDERS was changed"), "{text}");
    // A different desired state is named too.
    let mut other = now.clone();
    other.desired_hash = "another-hash".into();
    let refused = freshness::check(&saved, &other, &changed, &live).unwrap_err();
    assert!(refused.to_string().contains("the desired state changed"));
    let history = world.history().await;
    assert!(!history[before..].iter().any(|s| is_ddl(s)));

    // Once the live change is undone the same plan is fresh again.
    world
        .client
        .execute("ALTER TABLE LF.RAW.ORDERS DROP COLUMN EXTRA")
        .await
        .unwrap();
    let live = world.read(&changed).await.unwrap();
    let now = lakeform::plan::make(ENV, &changed, &hash(&changed), &live, &at).unwrap();
    freshness::check(&saved, &now, &changed, &live).unwrap();
}

#[tokio::test]
async fn an_interrupted_apply_converges_on_the_next_run() {
    let world = World::start().await;
    let base = desired();
    // Stopped after a few changes of the first apply.
    let mut plan = world.plan(&base, &settings()).await;
    plan.changes.truncate(4);
    plan.task_graphs.clear();
    assert!(
        world
            .apply(&plan, &ApplyOptions::default())
            .await
            .succeeded()
    );
    assert_eq!(converge(&world, &base, 3).await, 1);

    // Killed right after suspending a graph whose tasks were about to change: the graph
    // is left stopped, and the next run brings it back to its declared state.
    let changed = edited(&base, Kind::Task, CHILD, |o| {
        if let Object::Task(t) = o {
            t.sql = lakeform::sql::CanonicalSql::new("DELETE FROM LF.RAW.ORDERS WHERE ID < -3");
        }
    });
    let mut plan = world.plan(&changed, &settings()).await;
    plan.changes.clear();
    for graph in &mut plan.task_graphs {
        graph.resume.clear();
        graph.restore.clear();
    }
    assert!(
        world
            .apply(&plan, &ApplyOptions::default())
            .await
            .succeeded()
    );
    assert!(
        world
            .task_states(DB)
            .await
            .iter()
            .any(|(_, state)| state == "suspended")
    );
    assert_eq!(converge(&world, &changed, 3).await, 1);
    for (task, state) in world.task_states(DB).await {
        assert_eq!(state, "started", "{task}");
    }
}

#[tokio::test]
async fn server_errors_and_dropped_connections_during_apply_converge_after_a_rerun() {
    let faults = FaultOptions {
        seed: 7,
        unavailable: 0.15,
        drop_connection: 0.1,
        drop_after_execute: 0.1,
        ..FaultOptions::default()
    };
    // Few retries, so that some statements really fail and the re-run has work left.
    let world = World::start_with(faults, 1).await;
    let desired = desired();
    let rounds = converge(&world, &desired, 15).await;
    // The faults made the first apply fail somewhere: a re-run was needed.
    assert!(rounds >= 2, "converged in {rounds} apply(s)");
    let live = world.read(&desired).await.unwrap();
    verify::check(ENV, &desired, &live, &settings()).unwrap();
    // A statement retried after its connection dropped ran once: nothing was created
    // twice, and the table's CREATE appears once in the history.
    let twice: Vec<(String, String)> = world
        .error_codes()
        .await
        .into_iter()
        .filter(|(_, code)| code == "002002")
        .collect();
    assert!(twice.is_empty(), "{twice:#?}");
    let creates = world
        .history()
        .await
        .into_iter()
        .filter(|s| s.starts_with("CREATE TABLE LF.RAW.ORDERS "))
        .count();
    assert_eq!(creates, 1);
}
