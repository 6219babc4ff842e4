//! The Snowflake round trips of `snowflake_roundtrip.rs`, against a real account, in a
//! throwaway database and warehouse (named `LAKEFORM_RT_<random>`) that are dropped at the
//! end, also when a check fails.
//!
//! Skipped unless `LAKEFORM_LIVE_SNOWFLAKE=1`. Then these must be set:
//! * `SNOWFLAKE_ACCOUNT` — the account identifier (`ORG-ACCOUNT` or a locator);
//! * `SNOWFLAKE_USER`;
//! * `SNOWFLAKE_WAREHOUSE` — a running warehouse for the session (the
//!   `INFORMATION_SCHEMA.COLUMNS` query needs one; SHOW does not);
//! * either `SNOWFLAKE_PRIVATE_KEY_FILE` (PKCS#8 PEM, with
//!   `SNOWFLAKE_PRIVATE_KEY_PASSPHRASE` when encrypted) or `SNOWFLAKE_TOKEN` (a
//!   programmatic access token);
//! * optionally `SNOWFLAKE_ROLE` (default: the user's default role, which needs CREATE
//!   DATABASE and CREATE WAREHOUSE, e.g. SYSADMIN);
//! * optionally `LAKEFORM_LIVE_SNOWFLAKE_INTEGRATION=1` to also create and drop a storage
//!   integration and an external stage (needs CREATE INTEGRATION, usually ACCOUNTADMIN).
//!
//! Run: `LAKEFORM_LIVE_SNOWFLAKE=1 … cargo test --test snowflake_live -- --test-threads=1`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

mod snowflake_cases;

use lakeform::model::identifier::Ident;
use lakeform::providers::snowflake::auth::Authenticator;
use lakeform::providers::snowflake::client::SnowflakeClient;
use lakeform::providers::snowflake::settings::ConnectionSettings;
use lakeform::secret::Secret;
use snowflake_cases::*;

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn required(name: &str) -> String {
    var(name).unwrap_or_else(|| panic!("LAKEFORM_LIVE_SNOWFLAKE=1 needs {name}"))
}

/// A client for the configured account, or `None` when the live suite is off.
fn live_client() -> Option<SnowflakeClient> {
    if var("LAKEFORM_LIVE_SNOWFLAKE").as_deref() != Some("1") {
        eprintln!("skipped: set LAKEFORM_LIVE_SNOWFLAKE=1 and credentials to run");
        return None;
    }
    let auth =
        match (var("SNOWFLAKE_PRIVATE_KEY_FILE"), var("SNOWFLAKE_TOKEN")) {
            (Some(file), _) => Authenticator::KeyPair {
                private_key_pem: Secret::new(std::fs::read_to_string(&file).unwrap_or_else(|e| {
                    panic!("cannot read SNOWFLAKE_PRIVATE_KEY_FILE {file}: {e}")
                })),
                passphrase: var("SNOWFLAKE_PRIVATE_KEY_PASSPHRASE").map(Secret::new),
            },
            (None, Some(token)) => Authenticator::Pat {
                token: Secret::new(token),
            },
            (None, None) => panic!("set SNOWFLAKE_PRIVATE_KEY_FILE or SNOWFLAKE_TOKEN"),
        };
    let mut settings = ConnectionSettings::new(
        required("SNOWFLAKE_ACCOUNT"),
        required("SNOWFLAKE_USER"),
        auth,
    );
    settings.warehouse = Some(required("SNOWFLAKE_WAREHOUSE"));
    settings.role = var("SNOWFLAKE_ROLE");
    settings.query_tag = Some("lakeform live round trip".into());
    Some(SnowflakeClient::new(settings).expect("valid connection settings"))
}

fn throwaway_names() -> Names {
    let suffix = uuid::Uuid::new_v4().simple().to_string()[..8].to_ascii_uppercase();
    let integration = (var("LAKEFORM_LIVE_SNOWFLAKE_INTEGRATION").as_deref() == Some("1"))
        .then(|| Ident::from_stored(format!("LAKEFORM_RT_{suffix}_ADLS")));
    Names {
        database: Ident::from_stored(format!("LAKEFORM_RT_{suffix}")),
        warehouse: Ident::from_stored(format!("LAKEFORM_RT_{suffix}_WH")),
        integration,
    }
}

/// Runs `body` on a fresh throwaway fixture, then drops what it created whatever happened.
async fn with_fixture<F, Fut>(body: F)
where
    F: FnOnce(SnowflakeClient, Fixture) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let Some(client) = live_client() else { return };
    let fixture = fixture(throwaway_names());
    let names = fixture.names.clone();
    let outcome = tokio::spawn(body(client.clone(), fixture)).await;
    let mut cleanup = vec![
        format!("DROP DATABASE IF EXISTS {}", names.database),
        format!("DROP WAREHOUSE IF EXISTS {}", names.warehouse),
    ];
    if let Some(integration) = &names.integration {
        cleanup.push(format!("DROP STORAGE INTEGRATION IF EXISTS {integration}"));
    }
    for statement in cleanup {
        if let Err(e) = client.execute(&statement).await {
            eprintln!("cleanup failed, drop it by hand: {statement}: {e}");
        }
    }
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

#[tokio::test]
async fn every_kind_round_trips_from_empty() {
    with_fixture(|client, fixture| async move {
        execute(&client, &creation(&fixture.objects)).await;
        assert_round_trip(&fixture.objects, &read(&client, &fixture.names).await);
    })
    .await;
}

#[tokio::test]
async fn in_place_changes_round_trip() {
    with_fixture(|client, fixture| async move {
        execute(&client, &creation(&fixture.objects)).await;
        let mut desired = fixture.objects.clone();
        for case in alter_cases(&fixture) {
            execute(&client, &case.statements).await;
            for object in case.after {
                update(&mut desired, object);
            }
            let problems = round_trip_problems(&desired, &read(&client, &fixture.names).await);
            assert!(
                problems.is_empty(),
                "after {}:\n{}",
                case.what,
                problems.join("\n")
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_rebuilt_table_reads_back_with_its_new_definition() {
    with_fixture(|client, fixture| async move {
        execute(&client, &creation(&fixture.objects)).await;
        let (statements, rebuilt) = rebuild_case(&fixture);
        execute(&client, &statements).await;
        let mut desired = fixture.objects.clone();
        update(&mut desired, rebuilt.into());
        assert_round_trip(&desired, &read(&client, &fixture.names).await);
    })
    .await;
}
