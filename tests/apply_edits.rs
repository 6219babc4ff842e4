//! The matrix of edits: from the applied base pipeline, each edit is planned, applied
//! (with consent where it is destructive) and must leave an empty plan behind — one
//! apply per edit, verified against the live state read back from the sandbox.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

mod apply_support;

use apply_support::*;
use lakeform::apply::{ApplyOptions, verify};
use lakeform::model::identifier::Ident;
use lakeform::model::schedule::Schedule;
use lakeform::model::{Address, DesiredState, Kind, Object, Resource};
use lakeform::plan::Settings;
use lakeform::sql::CanonicalSql;

/// Applies the base, then `edit`, and checks that one apply of the edit converges.
async fn edit_converges(edit: impl FnOnce(&DesiredState) -> DesiredState, plan_settings: Settings) {
    let world = World::start().await;
    let base = desired();
    assert_eq!(converge(&world, &base, 3).await, 1);
    let edited = edit(&base);
    let consent = ApplyOptions {
        allow_destructive: true,
        ..ApplyOptions::default()
    };
    let plan = world.plan(&edited, &plan_settings).await;
    assert!(!plan.is_empty(), "the edit planned nothing");
    let report = world.apply(&plan, &consent).await;
    assert!(report.succeeded(), "{report}");
    let live = world.read(&edited).await.unwrap();
    if let Err(unconverged) = verify::check(ENV, &edited, &live, &plan_settings) {
        panic!("plan:\n{plan:#?}\n{unconverged}");
    }
    for (task, state) in world.task_states(DB).await {
        assert_eq!(state, "started", "{task}");
    }
}

fn table(
    edit: impl FnOnce(&mut lakeform::kinds::table::Table),
) -> impl FnOnce(&DesiredState) -> DesiredState {
    move |base| {
        edited(base, Kind::Table, "LF.RAW.ORDERS", |o| {
            if let Object::Table(t) = o {
                edit(t);
            }
        })
    }
}

fn task_edit(
    task: &'static str,
    edit: impl FnOnce(&mut lakeform::kinds::task::Task),
) -> impl FnOnce(&DesiredState) -> DesiredState {
    move |base| {
        edited(base, Kind::Task, task, |o| {
            if let Object::Task(t) = o {
                edit(t);
            }
        })
    }
}

#[tokio::test]
async fn column_add() {
    edit_converges(
        table(|t| t.columns.push(column("CREATED_AT", "TIMESTAMP_NTZ"))),
        settings(),
    )
    .await;
}

#[tokio::test]
async fn column_rename() {
    edit_converges(
        |base| {
            let mut d = table(|t| {
                for c in &mut t.columns {
                    if c.name.as_str() == "NOTE" {
                        c.name = Ident::parse("REMARK").unwrap();
                    }
                }
            })(base);
            let entry = d
                .objects
                .get_mut(&Address::new(Kind::Table, "LF.RAW.ORDERS"))
                .unwrap();
            entry.lifecycle.column_renames.insert(
                Ident::parse("REMARK").unwrap(),
                Ident::parse("NOTE").unwrap(),
            );
            d
        },
        settings(),
    )
    .await;
}

#[tokio::test]
async fn column_widen() {
    edit_converges(
        table(|t| t.columns[1] = column("AMOUNT", "NUMBER(12,2)")),
        settings(),
    )
    .await;
}

#[tokio::test]
async fn column_type_change_rebuilds_the_table() {
    edit_converges(
        table(|t| t.columns[2] = column("NOTE", "NUMBER(38,0)")),
        settings(),
    )
    .await;
}

#[tokio::test]
async fn view_query_change() {
    edit_converges(
        |base| {
            edited(base, Kind::View, "LF.RAW.ORDERS_V", |o| {
                if let Object::View(v) = o {
                    v.query = CanonicalSql::new("SELECT ID, AMOUNT, NOTE FROM LF.RAW.ORDERS");
                }
            })
        },
        settings(),
    )
    .await;
}

#[tokio::test]
async fn task_sql_change() {
    edit_converges(
        task_edit(CHILD, |t| {
            t.sql = CanonicalSql::new("DELETE FROM LF.RAW.ORDERS WHERE ID < -9")
        }),
        settings(),
    )
    .await;
}

#[tokio::test]
async fn task_schedule_change() {
    edit_converges(
        task_edit(ROOT, |t| {
            t.schedule = Some(Schedule::parse("USING CRON 0 2 * * * UTC").unwrap())
        }),
        settings(),
    )
    .await;
}

#[tokio::test]
async fn task_after_change() {
    let world = World::start().await;
    // A third task after the child, then moved to run after the root.
    let mut base = desired();
    let third = task(
        "LF.RAW.AUDIT_TASK",
        &[CHILD],
        "DELETE FROM LF.RAW.ORDERS WHERE ID < -5",
    );
    let object = Object::Task(third);
    base.objects.insert(
        object.address(),
        lakeform::model::DesiredObject {
            object,
            lifecycle: Default::default(),
            owner: None,
            origin: lakeform::model::Origin {
                file: "schema/test.toml".into(),
                line: 1,
                column: 1,
            },
        },
    );
    assert_eq!(converge(&world, &base, 3).await, 1);
    let moved = edited(&base, Kind::Task, "LF.RAW.AUDIT_TASK", |o| {
        if let Object::Task(t) = o {
            t.after = vec![name(ROOT)];
        }
    });
    let plan = world.plan(&moved, &settings()).await;
    let report = world.apply(&plan, &ApplyOptions::default()).await;
    assert!(report.succeeded(), "{report}");
    let again = world.plan(&moved, &settings()).await;
    assert!(
        again.is_empty(),
        "first plan:\n{plan:#?}\nsecond plan:\n{again:#?}"
    );
    for (task, state) in world.task_states(DB).await {
        assert_eq!(state, "started", "{task}");
    }
}

#[tokio::test]
async fn stream_replace() {
    edit_converges(
        |base| {
            edited(base, Kind::Stream, "LF.RAW.ORDERS_STREAM", |o| {
                if let Object::Stream(s) = o {
                    s.append_only = true;
                }
            })
        },
        settings(),
    )
    .await;
}

#[tokio::test]
async fn container_metadata() {
    edit_converges(
        |base| {
            edited(base, Kind::Container, "landing", |o| {
                if let Object::Container(c) = o {
                    c.set_metadata([("owner", "data-platform")]).unwrap();
                }
            })
        },
        settings(),
    )
    .await;
}

#[tokio::test]
async fn object_rename() {
    edit_converges(
        |base| {
            let mut d = base.clone();
            let old = Address::new(Kind::View, "LF.RAW.ORDERS_V");
            let mut entry = d.objects.remove(&old).unwrap();
            if let Object::View(v) = &mut entry.object {
                v.name = name("LF.RAW.ORDERS_VIEW");
            }
            entry.lifecycle.renamed_from = Some(old);
            d.objects.insert(entry.object.address(), entry);
            d
        },
        settings(),
    )
    .await;
}

#[tokio::test]
async fn prune_drops_an_unmanaged_table() {
    let world = World::start().await;
    let base = desired();
    assert_eq!(converge(&world, &base, 3).await, 1);
    world
        .client
        .execute("CREATE TABLE LF.RAW.STRAY (A NUMBER(38,0))")
        .await
        .unwrap();
    let keep = world.plan(&base, &settings()).await;
    assert!(keep.is_empty());
    assert_eq!(
        keep.unmanaged,
        vec![Address::new(Kind::Table, "LF.RAW.STRAY")]
    );

    let prune = Settings {
        prune: true,
        backup: false,
        ..settings()
    };
    let consent = ApplyOptions {
        allow_destructive: true,
        ..ApplyOptions::default()
    };
    assert_eq!(converge_with(&world, &base, &prune, &consent, 3).await, 1);
    let live = world.read(&base).await.unwrap();
    assert!(
        !live
            .objects
            .contains_key(&Address::new(Kind::Table, "LF.RAW.STRAY"))
    );
}
