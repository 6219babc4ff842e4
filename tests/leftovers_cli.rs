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
