//! One apply per environment: two concurrent applies, exactly one runs and the other is
//! refused naming the holder — with the sandbox lake's file lock, and with the lock
//! object in Snowflake (the sandbox over HTTP).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

mod apply_support;

use std::time::Duration;

use apply_support::*;
use lakeform::apply::{self, ApplyOptions, LockError, LockPlace, Targets, lock, progress::Silent};
use lakeform::plan::Plan;

/// Takes the lock, and when it has it, applies `plan`; true when it ran.
async fn locked_apply(
    targets: &Targets,
    place: &LockPlace,
    plan: &Plan,
) -> Result<bool, LockError> {
    let held = lock::acquire(targets, place, ENV, None).await?;
    let report = apply::run(plan, targets, &ApplyOptions::default(), &mut Silent)
        .await
        .unwrap();
    // Hold on a little so the other apply surely finds the lock taken.
    tokio::time::sleep(Duration::from_millis(300)).await;
    held.release().await?;
    Ok(report.succeeded())
}

async fn exactly_one_runs(world: &World, place: LockPlace) {
    let desired = desired();
    let plan = world.plan(&desired, &settings()).await;
    let (a, b) = tokio::join!(
        locked_apply(&world.targets, &place, &plan),
        locked_apply(&world.targets, &place, &plan)
    );
    let (ran, refused) = match (a, b) {
        (Ok(ran), Err(refused)) | (Err(refused), Ok(ran)) => (ran, refused),
        (a, b) => panic!("expected one apply and one refusal, got {a:?} and {b:?}"),
    };
    assert!(ran);
    let text = refused.to_string();
    let me = lakeform::providers::adls::LockHolder::current();
    assert!(matches!(refused, LockError::Held { .. }), "{text}");
    assert!(text.contains(&me.identity()), "{text}");
    assert!(text.contains("since 20"), "{text}");
    // The lock was released: the next apply takes it and finds nothing to do.
    let held = lock::acquire(&world.targets, &place, ENV, None)
        .await
        .unwrap();
    assert!(world.plan(&desired, &settings()).await.is_empty());
    held.release().await.unwrap();
}

#[tokio::test]
async fn two_applies_on_the_sandbox_lake_one_runs_the_other_names_the_holder() {
    let world = World::start().await;
    let place = LockPlace::for_targets(&world.targets, "unused").unwrap();
    assert_eq!(place, LockPlace::LocalFile);
    exactly_one_runs(&world, place).await;
}

#[tokio::test]
async fn two_applies_without_a_lake_lock_in_snowflake() {
    let world = World::start().await;
    let snowflake_only = Targets {
        snowflake: Some(world.client.clone()),
        lake: None,
    };
    let place = LockPlace::for_targets(&snowflake_only, "unused").unwrap();
    assert!(matches!(place, LockPlace::Snowflake { .. }));
    exactly_one_runs(&world, place.clone()).await;

    // The lock object is gone once released.
    let databases = world
        .client
        .execute("SHOW DATABASES LIKE 'LAKEFORM_LOCK_%'")
        .await
        .unwrap();
    assert_eq!(databases.rows().count(), 0);

    // --lock-timeout waits for the holder instead of failing.
    let held = lock::acquire(&snowflake_only, &place, ENV, None)
        .await
        .unwrap();
    let releaser = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(500)).await;
        held.release().await.unwrap();
    });
    let waited = lock::acquire(&snowflake_only, &place, ENV, Some(Duration::from_secs(20)))
        .await
        .unwrap();
    releaser.await.unwrap();
    waited.release().await.unwrap();
}

#[tokio::test]
async fn a_crashed_holders_snowflake_lock_expires() {
    let world = World::start().await;
    let targets = Targets {
        snowflake: Some(world.client.clone()),
        lake: None,
    };
    let place = LockPlace::Snowflake {
        ttl: Duration::from_secs(1),
    };
    let crashed = lock::acquire(&targets, &place, ENV, None).await.unwrap();
    // A crash: the process is gone, nothing releases or renews the lock.
    drop(crashed);
    assert!(matches!(
        lock::acquire(&targets, &place, ENV, None).await,
        Err(LockError::Held { .. })
    ));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    lock::acquire(&targets, &place, ENV, None)
        .await
        .unwrap()
        .release()
        .await
        .unwrap();
}
