//! No data lost at schema or database level, and lakeform's own leftovers seen — end to
//! end on the sandbox over HTTP.
//!
//! * A transient flip of a schema or database (which Snowflake can only do by replacing
//!   it) and a prune of a schema holding tables: the plan lists what they destroy, apply
//!   clones the container first and names the clone, and the clone holds the tables.
//! * A table rebuild killed after its `SWAP` (simulated by running the rebuild's
//!   statements up to the swap directly): plan and drift report the scratch table and
//!   keep it; killed before the swap: the next rebuild replaces it and says so.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

mod apply_support;

use apply_support::*;
use lakeform::apply::{ApplyOptions, verify};
use lakeform::drift::DriftReport;
use lakeform::model::identifier::Ident;
use lakeform::model::{Address, DesiredState, Kind, Object};
use lakeform::plan::leftovers;
use lakeform::plan::render::palette::Palette;
use lakeform::plan::{Action, Change, Plan, Settings, Step, Tier};

fn consent() -> ApplyOptions {
    ApplyOptions {
        allow_destructive: true,
        ..ApplyOptions::default()
    }
}

fn change<'a>(plan: &'a Plan, kind: Kind, name: &str) -> &'a Change {
    plan.changes
        .iter()
        .find(|c| c.address == Address::new(kind, name))
        .unwrap_or_else(|| panic!("no change to {name} in {plan:#?}"))
}

fn statements(change: &Change) -> Vec<String> {
    change.steps.iter().map(Step::describe).collect()
}

/// The table names `SHOW TABLES IN SCHEMA <schema>` lists.
async fn tables_in(world: &World, schema: &str) -> Vec<String> {
    let result = world
        .reader
        .execute(&format!("SHOW TABLES IN SCHEMA {schema}"))
        .await
        .unwrap();
    let mut names: Vec<String> = result
        .rows()
        .map(|r| r.get("name").unwrap_or_default().to_string())
        .collect();
    names.sort();
    names
}

/// Applies `plan` with consent, checks it converged on `desired`, and returns the
/// backups the apply report names.
async fn apply_and_verify(world: &World, desired: &DesiredState, plan: &Plan) -> Vec<String> {
    let report = world.apply(plan, &consent()).await;
    assert!(report.succeeded(), "{report}");
    let live = world.read(desired).await.unwrap();
    if let Err(unconverged) = verify::check(ENV, desired, &live, &settings()) {
        panic!("plan:\n{plan:#?}\n{unconverged}");
    }
    let backups = report.backups();
    for backup in &backups {
        assert!(report.to_string().contains(backup.as_str()), "{report}");
    }
    backups
}

fn transient_schema(base: &DesiredState) -> DesiredState {
    edited(base, Kind::Schema, "LF.RAW", |o| {
        if let Object::Schema(s) = o {
            s.transient = true;
        }
    })
}

#[tokio::test]
async fn a_schema_transient_flip_lists_clones_and_restores_its_contents() {
    let world = World::start().await;
    let base = desired();
    assert_eq!(converge(&world, &base, 3).await, 1);
    // An undeclared table too: it is destroyed, listed, and kept in the clone only.
    world
        .client
        .execute("CREATE TABLE LF.RAW.STRAY (A NUMBER(38,0))")
        .await
        .unwrap();
    let flipped = transient_schema(&base);
    // A replace clones even with backup = false: the rows come back from the clone.
    let no_backup = Settings {
        backup: false,
        ..settings()
    };
    let unbacked = world.plan(&flipped, &no_backup).await;
    assert!(
        statements(change(&unbacked, Kind::Schema, "LF.RAW"))[0]
            .starts_with("CREATE SCHEMA LF.RAW_BACKUP_")
    );
    let plan = world.plan(&flipped, &settings()).await;

    let text = lakeform::plan::render::text::render(&plan, &Palette::plain());
    assert!(text.contains("all dropped with it: "), "{text}");
    let schema = change(&plan, Kind::Schema, "LF.RAW");
    assert_eq!(schema.action, Action::Replace);
    assert_eq!(schema.tier, Tier::Destructive);
    let reasons = schema.reasons.join("\n");
    for destroyed in [
        "table LF.RAW.ORDERS",
        "table LF.RAW.STRAY",
        "stream LF.RAW.ORDERS_STREAM",
        "task LF.RAW.LOAD_TASK",
        "task LF.RAW.MERGE_TASK",
        "view LF.RAW.ORDERS_V",
    ] {
        assert!(reasons.contains(destroyed), "{destroyed} in {reasons}");
    }
    let steps = statements(schema);
    assert!(
        steps[0].starts_with("CREATE SCHEMA LF.RAW_BACKUP_") && steps[0].ends_with(" CLONE LF.RAW"),
        "{steps:?}"
    );
    assert!(steps[1].starts_with("CREATE OR REPLACE TRANSIENT SCHEMA LF.RAW"));
    // The declared table comes back with its rows, copied from the clone.
    let orders = change(&plan, Kind::Table, "LF.RAW.ORDERS");
    assert_eq!(orders.tier, Tier::Rebuild);
    assert_eq!(orders.caused_by, Some(Address::new(Kind::Schema, "LF.RAW")));
    let restore = statements(orders);
    assert!(restore[0].starts_with("CREATE OR REPLACE TABLE LF.RAW.ORDERS "));
    assert!(
        restore[1].starts_with("INSERT INTO LF.RAW.ORDERS (ID, AMOUNT, NOTE) SELECT ID, AMOUNT, NOTE FROM LF.RAW_BACKUP_"),
        "{restore:?}"
    );
    // And everything else declared in it is created again.
    for (kind, name) in [
        (Kind::Stream, "LF.RAW.ORDERS_STREAM"),
        (Kind::Task, ROOT),
        (Kind::Task, CHILD),
        (Kind::View, "LF.RAW.ORDERS_V"),
    ] {
        assert_eq!(change(&plan, kind, name).action, Action::Replace);
    }

    let backups = apply_and_verify(&world, &flipped, &plan).await;
    assert_eq!(backups.len(), 1, "{backups:?}");
    let backup = &backups[0];
    assert!(backup.starts_with("LF.RAW_BACKUP_"), "{backup}");
    // The clone holds the tables, the undeclared one included.
    assert_eq!(tables_in(&world, backup).await, ["ORDERS", "STRAY"]);
    assert_eq!(tables_in(&world, "LF.RAW").await, ["ORDERS"]);
    let history = world.history().await;
    assert!(
        history
            .iter()
            .any(|s| s.starts_with("INSERT INTO LF.RAW.ORDERS") && s.contains(backup.as_str())),
        "{history:#?}"
    );
    // The graph runs again; its clone in the backup is suspended, as Snowflake clones
    // tasks.
    for (schema, expected) in [("LF.RAW", "started"), (backup.as_str(), "suspended")] {
        let tasks = world
            .reader
            .execute(&format!("SHOW TASKS IN SCHEMA {schema}"))
            .await
            .unwrap();
        let states: Vec<String> = tasks
            .rows()
            .map(|r| r.get("state").unwrap_or_default().to_string())
            .collect();
        assert_eq!(states, [expected, expected], "{schema}");
    }
    // The clone is lakeform's own: later plans neither report nor prune it.
    let later = world.plan(&flipped, &settings()).await;
    assert!(later.is_empty(), "{later:#?}");
    assert!(later.unmanaged.is_empty(), "{:?}", later.unmanaged);
    let prune = Settings {
        prune: true,
        ..settings()
    };
    assert!(world.plan(&flipped, &prune).await.is_empty());
}

#[tokio::test]
async fn a_database_transient_flip_clones_the_database_first() {
    let world = World::start().await;
    let base = desired();
    assert_eq!(converge(&world, &base, 3).await, 1);
    // Every schema of a transient database is transient, so the schema says so too.
    let flipped = edited(&transient_schema(&base), Kind::Database, DB, |o| {
        if let Object::Database(d) = o {
            d.transient = true;
        }
    });
    let plan = world.plan(&flipped, &settings()).await;
    let database = change(&plan, Kind::Database, DB);
    assert_eq!(database.tier, Tier::Destructive);
    let reasons = database.reasons.join("\n");
    assert!(reasons.contains("schema LF.RAW"), "{reasons}");
    assert!(reasons.contains("table LF.RAW.ORDERS"), "{reasons}");
    assert!(statements(database)[0].starts_with("CREATE DATABASE LF_BACKUP_"));
    // The schema inside is recreated with the database, not cloned on its own.
    let schema = change(&plan, Kind::Schema, "LF.RAW");
    assert_eq!(schema.caused_by, Some(Address::new(Kind::Database, DB)));
    assert_eq!(statements(schema).len(), 1);

    let backups = apply_and_verify(&world, &flipped, &plan).await;
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert!(backups[0].starts_with("LF_BACKUP_"), "{backups:?}");
    assert_eq!(
        tables_in(&world, &format!("{}.RAW", backups[0])).await,
        ["ORDERS"]
    );
    assert!(world.plan(&flipped, &settings()).await.is_empty());
}

#[tokio::test]
async fn a_pruned_schema_lists_its_tables_and_is_cloned_before_the_drop() {
    let world = World::start().await;
    let base = desired();
    assert_eq!(converge(&world, &base, 3).await, 1);
    for statement in [
        "CREATE SCHEMA LF.EXTRA",
        "CREATE TABLE LF.EXTRA.KEEP_ME (A NUMBER(38,0))",
        "CREATE TABLE LF.EXTRA.AND_ME (B VARCHAR)",
    ] {
        world.client.execute(statement).await.unwrap();
    }
    let prune = Settings {
        prune: true,
        ..settings()
    };
    let plan = world.plan(&base, &prune).await;
    let drop = change(&plan, Kind::Schema, "LF.EXTRA");
    assert_eq!(drop.action, Action::Drop);
    assert_eq!(drop.tier, Tier::Destructive);
    let reasons = drop.reasons.join("\n");
    assert!(reasons.contains("table LF.EXTRA.KEEP_ME"), "{reasons}");
    assert!(reasons.contains("table LF.EXTRA.AND_ME"), "{reasons}");
    let steps = statements(drop);
    assert!(
        steps[0].starts_with("CREATE SCHEMA LF.EXTRA_BACKUP_"),
        "{steps:?}"
    );
    assert_eq!(steps[1], "DROP SCHEMA LF.EXTRA");
    // The tables are not dropped one by one: the schema's drop takes them.
    assert_eq!(plan.changes.len(), 1, "{plan:#?}");

    // With backup = false a prune drop takes no clone, as table drops do; it still lists.
    let no_backup = Settings {
        backup: false,
        ..prune.clone()
    };
    let bare = world.plan(&base, &no_backup).await;
    let bare_drop = change(&bare, Kind::Schema, "LF.EXTRA");
    assert_eq!(statements(bare_drop), ["DROP SCHEMA LF.EXTRA"]);
    assert!(
        bare_drop
            .reasons
            .join("\n")
            .contains("table LF.EXTRA.KEEP_ME")
    );

    let backups = apply_and_verify(&world, &base, &plan).await;
    assert_eq!(backups.len(), 1);
    assert_eq!(tables_in(&world, &backups[0]).await, ["AND_ME", "KEEP_ME"]);
    // The clone is never pruned in turn.
    assert!(world.plan(&base, &prune).await.is_empty());
}

fn retyped(base: &DesiredState, ty: &str) -> DesiredState {
    edited(base, Kind::Table, "LF.RAW.ORDERS", |o| {
        if let Object::Table(t) = o {
            for c in &mut t.columns {
                if c.name.as_str() == "AMOUNT" {
                    c.data_type = lakeform::model::data_type::DataType::parse(ty).unwrap();
                }
            }
        }
    })
}

/// Runs the rebuild of LF.RAW.ORDERS that `plan` holds directly against the sandbox,
/// stopping after the statement that starts with `last` — as a kill would.
async fn run_rebuild_until(world: &World, plan: &Plan, last: &str) {
    let rebuild = change(plan, Kind::Table, "LF.RAW.ORDERS");
    assert_eq!(rebuild.action, Action::Replace);
    let mut reached = false;
    for statement in statements(rebuild) {
        world.client.execute(&statement).await.unwrap();
        if statement.starts_with(last) {
            reached = true;
            break;
        }
    }
    assert!(reached, "{rebuild:#?}");
}

fn scratch() -> Address {
    Address::new(Kind::Table, "LF.RAW.ORDERS_LAKEFORM_REBUILD")
}

#[tokio::test]
async fn a_rebuild_killed_after_its_swap_leaves_a_leftover_that_plan_and_drift_report() {
    let world = World::start().await;
    let base = desired();
    assert_eq!(converge(&world, &base, 3).await, 1);
    let changed = retyped(&base, "VARCHAR(20)");
    let plan = world.plan(&changed, &settings()).await;
    run_rebuild_until(&world, &plan, "ALTER TABLE LF.RAW.ORDERS SWAP WITH").await;

    // The table has its new definition: nothing to change, but the leftover is seen.
    let live = world.read(&changed).await.unwrap();
    assert!(live.objects.contains_key(&scratch()));
    let after = plan_of(&world, &changed).await;
    let rebuilt = after
        .changes
        .iter()
        .find(|c| c.address.name == "LF.RAW.ORDERS");
    assert!(
        rebuilt.is_none_or(|c| c.action != Action::Replace),
        "{after:#?}"
    );
    let kept = leftovers::kept(&after.changes, &live);
    assert_eq!(kept.len(), 1, "{kept:#?}");
    assert_eq!(kept[0].address, scratch());
    assert!(
        kept[0]
            .resolve
            .contains(&"DROP TABLE LF.RAW.ORDERS_LAKEFORM_REBUILD".to_string())
    );
    let text = leftovers::render_text(&kept, &Palette::plain());
    assert!(text.contains("LF.RAW.ORDERS_LAKEFORM_REBUILD"), "{text}");
    // Never dropped by the plan, nor reported as unmanaged.
    assert!(!after.changes.iter().any(|c| c.address == scratch()));
    assert!(!after.unmanaged.contains(&scratch()));

    let drift = DriftReport::from_plan(&after).with_leftovers(kept);
    assert!(drift.has_drift());
    assert_eq!(drift.exit_code(), 2);
    let rendered = lakeform::drift::text::render(&drift, &Palette::plain());
    assert!(!rendered.starts_with("No drift"), "{rendered}");
    assert!(
        rendered.contains("LF.RAW.ORDERS_LAKEFORM_REBUILD"),
        "{rendered}"
    );
    let json = lakeform::drift::json::render(&drift);
    assert!(json.contains("\"leftovers\""), "{json}");

    // Applying the plan leaves it alone: it is still there afterwards.
    if !after.is_empty() {
        let report = world.apply(&after, &consent()).await;
        assert!(report.succeeded(), "{report}");
    }
    let live = world.read(&changed).await.unwrap();
    assert!(live.objects.contains_key(&scratch()));
}

#[tokio::test]
async fn a_rebuild_killed_before_its_swap_is_redone_and_its_scratch_replaced() {
    let world = World::start().await;
    let base = desired();
    assert_eq!(converge(&world, &base, 3).await, 1);
    let changed = retyped(&base, "VARCHAR(20)");
    let plan = world.plan(&changed, &settings()).await;
    run_rebuild_until(&world, &plan, "INSERT INTO LF.RAW.ORDERS_LAKEFORM_REBUILD").await;

    let live = world.read(&changed).await.unwrap();
    let again = plan_of(&world, &changed).await;
    let rebuild = change(&again, Kind::Table, "LF.RAW.ORDERS");
    assert!(
        rebuild
            .reasons
            .iter()
            .any(|r| r.contains("stopped before its swap")),
        "{rebuild:#?}"
    );
    assert!(leftovers::kept(&again.changes, &live).is_empty());
    apply_and_verify(&world, &changed, &again).await;
    let live = world.read(&changed).await.unwrap();
    assert!(!live.objects.contains_key(&scratch()));
}

#[tokio::test]
async fn a_leftover_of_unclear_origin_is_cloned_before_a_new_rebuild_replaces_it() {
    let world = World::start().await;
    let base = desired();
    assert_eq!(converge(&world, &base, 3).await, 1);
    let first = retyped(&base, "VARCHAR(20)");
    let plan = world.plan(&first, &settings()).await;
    run_rebuild_until(&world, &plan, "ALTER TABLE LF.RAW.ORDERS SWAP WITH").await;

    // The desired state changed again before anyone looked: a new rebuild is due, and
    // the scratch table (the table as it was before the first rebuild) is kept first.
    let second = retyped(&base, "NUMBER(12,4)");
    let plan = plan_of(&world, &second).await;
    let rebuild = change(&plan, Kind::Table, "LF.RAW.ORDERS");
    let steps = statements(rebuild);
    assert!(
        steps[0].starts_with("CREATE TABLE LF.RAW.ORDERS_LAKEFORM_REBUILD_BACKUP_")
            && steps[0].ends_with(" CLONE LF.RAW.ORDERS_LAKEFORM_REBUILD"),
        "{steps:?}"
    );
    let backups = apply_and_verify(&world, &second, &plan).await;
    let kept = backups
        .iter()
        .find(|b| b.starts_with("LF.RAW.ORDERS_LAKEFORM_REBUILD_BACKUP_"))
        .unwrap_or_else(|| panic!("{backups:?}"));
    let columns = world
        .client
        .execute(&format!("DESCRIBE TABLE {kept}"))
        .await
        .unwrap();
    // The clone has the original definition: AMOUNT as NUMBER(10,2).
    assert!(
        columns.rows().any(|r| r.get("name") == Some("AMOUNT")
            && r.get("type").is_some_and(|t| t.starts_with("NUMBER(10,2)"))),
        "{columns:?}"
    );
    assert!(world.plan(&second, &settings()).await.is_empty());
}

async fn plan_of(world: &World, desired: &DesiredState) -> Plan {
    world.plan(desired, &settings()).await
}

#[test]
fn backup_names_are_lakeform_copies() {
    use lakeform::kinds::table::rebuild::{is_backup, is_lakeform_copy};
    assert!(is_backup(&Ident::from_stored("RAW_BACKUP_20260102030405")));
    assert!(is_lakeform_copy(&Ident::from_stored(
        "ORDERS_LAKEFORM_REBUILD_BACKUP_20260102030405"
    )));
}
