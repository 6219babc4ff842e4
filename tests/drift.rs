//! `lakeform drift`: end to end on the sandbox (a change made behind lakeform's back is
//! found, named, and sets the exit code) and snapshots of the three report formats.

#[path = "fixtures/drift/support.rs"]
mod support;

use lakeform::drift::{self, DriftReport};
use lakeform::model::{Address, Kind};
use lakeform::plan::render::palette::Palette;
use lakeform::plan::{Action, AttributeChange, Change, FORMAT_VERSION, Plan, Tier};
use support::{Server, expect_code, imported, stdout};

#[test]
fn no_drift_right_after_import() {
    let server = Server::handwritten();
    let project = imported(&server);
    let output = project.lakeform(&["drift", "-e", "sandbox"]);
    expect_code(&output, 0);
    assert!(
        stdout(&output).starts_with("No drift."),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_setting_changed_behind_lakeforms_back_is_drift() {
    let server = Server::handwritten();
    let project = imported(&server);
    server.sql("ALTER WAREHOUSE COMPUTE_WH_HANDWRITTEN SET AUTO_SUSPEND = 300");
    let output = project.lakeform(&["drift", "-e", "sandbox"]);
    expect_code(&output, 2);
    let text = stdout(&output);
    assert!(
        text.contains("~ warehouse COMPUTE_WH_HANDWRITTEN  (fix: update in place, safe)"),
        "{text}"
    );
    assert!(text.contains("auto_suspend: 300 → 60"), "{text}");
}

/// Putting the table back means dropping the column: drift that only a destructive
/// change fixes, exit 3.
#[test]
fn a_column_added_behind_lakeforms_back_is_drift() {
    let server = Server::handwritten();
    let project = imported(&server);
    server.sql(
        "ALTER TABLE PACIFICRETAIL_HANDWRITTEN.BRONZE.RAW_CUSTOMER ADD COLUMN PHONE VARCHAR(20)",
    );
    let output = project.lakeform(&["drift", "-e", "sandbox"]);
    expect_code(&output, 3);
    let text = stdout(&output);
    assert!(
        text.contains("table PACIFICRETAIL_HANDWRITTEN.BRONZE.RAW_CUSTOMER"),
        "{text}"
    );
    assert!(text.contains("PHONE"), "{text}");

    let markdown = project.lakeform(&["drift", "-e", "sandbox", "--format", "markdown"]);
    expect_code(&markdown, 3);
    assert!(stdout(&markdown).starts_with("### lakeform drift: `sandbox`"));

    let json = project.lakeform(&["drift", "-e", "sandbox", "--format", "json"]);
    expect_code(&json, 3);
    let value: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(value["drift"], true);
    assert_eq!(
        value["modified"][0]["address"]["name"],
        "PACIFICRETAIL_HANDWRITTEN.BRONZE.RAW_CUSTOMER"
    );
}

#[test]
fn unmanaged_and_missing_objects_are_drift() {
    let server = Server::handwritten();
    let project = imported(&server);
    server.sql("CREATE TABLE PACIFICRETAIL_HANDWRITTEN.GOLD.SCRATCH (ID INT)");
    server.sql("DROP VIEW PACIFICRETAIL_HANDWRITTEN.GOLD.VW_DAILY_SALES_ANALYSIS");
    let output = project.lakeform(&["drift", "-e", "sandbox", "--format", "json"]);
    expect_code(&output, 2);
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        value["missing"][0]["name"],
        "PACIFICRETAIL_HANDWRITTEN.GOLD.VW_DAILY_SALES_ANALYSIS"
    );
    assert_eq!(
        value["unmanaged"][0]["address"]["name"],
        "PACIFICRETAIL_HANDWRITTEN.GOLD.SCRATCH"
    );
}

/// A plan with one of each finding: a modified table and task (SQL body), a stream only
/// a destructive replace fixes, a missing view and two unmanaged tables (one pruned).
fn sample_plan() -> Plan {
    let address = |kind, name: &str| Address::new(kind, format!("PR_DEV.{name}"));
    let mut table = Change::new(
        address(Kind::Table, "BRONZE.RAW_CUSTOMER"),
        Action::Update,
        Tier::Safe,
    );
    table.attributes = vec![
        AttributeChange::new("column PHONE", Some("VARCHAR(20)".into()), None),
        AttributeChange::new(
            "comment",
            Some("edited | by hand".into()),
            Some("raw customers".into()),
        ),
    ];
    let mut task = Change::new(
        address(Kind::Task, "SILVER.MERGE_TASK"),
        Action::Update,
        Tier::Safe,
    );
    task.attributes = vec![
        AttributeChange::new(
            "sql",
            Some("CALL MERGE_CUSTOMER(\n  'full'\n)".into()),
            Some("CALL MERGE_CUSTOMER(\n  'delta'\n)".into()),
        ),
        AttributeChange::new(
            "schedule",
            Some("60 MINUTE".into()),
            Some("USING CRON 0 2 * * * UTC".into()),
        ),
    ];
    let mut stream = Change::new(
        address(Kind::Stream, "BRONZE.CUSTOMER_STREAM"),
        Action::Replace,
        Tier::Destructive,
    );
    stream.reasons = vec![
        "Snowflake cannot change a stream's table in place; the stream's offset is lost".into(),
    ];
    stream.attributes = vec![AttributeChange::new(
        "on_table",
        Some("PR_DEV.BRONZE.RAW_OLD".into()),
        Some("PR_DEV.BRONZE.RAW_CUSTOMER".into()),
    )];
    let view = Change::new(
        address(Kind::View, "GOLD.VW_DAILY_SALES"),
        Action::Create,
        Tier::Safe,
    );
    let pruned = Change::new(
        address(Kind::Table, "GOLD.OLD_REPORT"),
        Action::Drop,
        Tier::Destructive,
    );
    Plan {
        format_version: FORMAT_VERSION,
        environment: "dev".into(),
        desired_hash: "0".repeat(64),
        made_at: "2026-01-02T03:04:05Z".into(),
        changes: vec![view, table, task, stream, pruned],
        unmanaged: vec![address(Kind::Table, "GOLD.SCRATCH")],
        unmanaged_grants: vec![],
        affected: vec![],
        task_graphs: vec![],
        fingerprints: vec![],
    }
}

fn clean_plan() -> Plan {
    Plan {
        changes: vec![],
        unmanaged: vec![],
        ..sample_plan()
    }
}

#[test]
fn text_report() {
    let report = DriftReport::from_plan(&sample_plan());
    assert_eq!(report.exit_code(), 3);
    insta::assert_snapshot!(drift::text::render(&report, &Palette::plain()));
}

#[test]
fn json_report() {
    insta::assert_snapshot!(drift::json::render(&DriftReport::from_plan(&sample_plan())));
}

#[test]
fn markdown_report() {
    insta::assert_snapshot!(drift::markdown::render(&DriftReport::from_plan(
        &sample_plan()
    )));
}

#[test]
fn reports_without_drift() {
    let report = DriftReport::from_plan(&clean_plan());
    assert_eq!(report.exit_code(), 0);
    insta::assert_snapshot!(format!(
        "{}---\n{}---\n{}",
        drift::text::render(&report, &Palette::plain()),
        drift::json::render(&report),
        drift::markdown::render(&report)
    ));
}
