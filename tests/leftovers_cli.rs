//! `lakeform plan` and `lakeform drift` show lakeform's own leftovers: a rebuild's scratch
//! table left beside a table that already has its desired definition (a rebuild killed
//! after its swap) is reported with what to do, kept, and makes drift exit 2 — where
//! before, plan said "No changes" and drift "No drift".

#[path = "fixtures/drift/support.rs"]
mod support;

use support::{Server, expect_code, imported, stdout};

const SCRATCH: &str = "PACIFICRETAIL_HANDWRITTEN.BRONZE.RAW_CUSTOMER_LAKEFORM_REBUILD";

#[test]
fn plan_and_drift_report_a_scratch_table_left_by_an_interrupted_rebuild() {
    let server = Server::handwritten();
    let project = imported(&server);
    server.sql(&format!(
        "CREATE TABLE {SCRATCH} (CUSTOMER_ID NUMBER(38,0))"
    ));

    let plan = project.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]);
    // Nothing to change (the leftover is kept, not dropped), but it is shown.
    expect_code(&plan, 0);
    let text = stdout(&plan);
    assert!(text.starts_with("No changes."), "{text}");
    assert!(
        text.contains("1 leftover(s) of an interrupted apply"),
        "{text}"
    );
    assert!(text.contains(&format!("DROP TABLE {SCRATCH}")), "{text}");

    let json = project.lakeform(&["plan", "-e", "sandbox", "--format", "json"]);
    expect_code(&json, 0);
    let document: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(
        document["leftovers"][0]["address"]["name"].as_str(),
        Some(SCRATCH),
        "{document:#}"
    );

    let drift = project.lakeform(&["drift", "-e", "sandbox"]);
    expect_code(&drift, 2);
    let text = stdout(&drift);
    assert!(text.contains("0 unmanaged, 1 leftover"), "{text}");
    assert!(text.contains(SCRATCH), "{text}");
    let markdown = project.lakeform(&["drift", "-e", "sandbox", "--format", "markdown"]);
    expect_code(&markdown, 2);
    assert!(stdout(&markdown).contains(SCRATCH));

    // Kept: neither plan nor drift touched it.
    server.sql(&format!("DESCRIBE TABLE {SCRATCH}"));
}

/// An environment without a lake locks its applies in Snowflake; a killed apply leaves
/// the lock until it expires. Plan and drift show the expired lock and what becomes of it.
#[test]
fn plan_and_drift_report_an_expired_apply_lock() {
    let server = Server::handwritten();
    let project = imported(&server);
    let record = r#"{"holder":{"user":"ci","host":"runner-7","pid":42,"since":"2026-01-01T00:00:00Z"},"expires":"2026-01-01T00:05:00Z","token":"t"}"#;
    server.sql(&format!(
        "CREATE TRANSIENT DATABASE LAKEFORM_LOCK_SANDBOX DATA_RETENTION_TIME_IN_DAYS = 0 COMMENT = '{record}'"
    ));
    let plan = project.lakeform(&["plan", "-e", "sandbox"]);
    expect_code(&plan, 0);
    let text = stdout(&plan);
    assert!(text.contains("database LAKEFORM_LOCK_SANDBOX"), "{text}");
    assert!(text.contains("ci@runner-7 (pid 42)"), "{text}");
    assert!(text.contains("the next apply takes it over"), "{text}");
    let drift = project.lakeform(&["drift", "-e", "sandbox"]);
    expect_code(&drift, 2);
    assert!(stdout(&drift).contains("LAKEFORM_LOCK_SANDBOX"));
    // A live lock is no leftover.
    server.sql("DROP DATABASE LAKEFORM_LOCK_SANDBOX");
    let live = record.replace("2026-01-01T00:05:00Z", "2999-01-01T00:00:00Z");
    server.sql(&format!(
        "CREATE TRANSIENT DATABASE LAKEFORM_LOCK_SANDBOX COMMENT = '{live}'"
    ));
    expect_code(&project.lakeform(&["drift", "-e", "sandbox"]), 0);
}
