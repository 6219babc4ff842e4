//! `lakeform promote` end to end: the hand-written sandbox (imported) promoted to a
//! second, empty sandbox environment with its own variables; the gate on drift.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

#[path = "fixtures/drift/support.rs"]
mod support;

use support::{Project, Server, expect_code, imported, stderr, stdout};

/// The adopted sandbox made promotable: the hand-written WHEN names the database inside
/// string literals (`'pacificretail_handwritten.bronze.…'`), which import keeps as
/// written (a literal's case counts), so the team writes `${database}` there and applies
/// once; after that the source has no drift.
fn promotable(source: &Server) -> Project {
    let project = imported(source);
    let silver = project.schema_dir().join("silver.toml");
    let text = std::fs::read_to_string(&silver).unwrap();
    assert!(
        text.contains("'pacificretail_handwritten.bronze."),
        "{text}"
    );
    std::fs::write(
        &silver,
        text.replace("'pacificretail_handwritten.bronze.", "'${database}.BRONZE."),
    )
    .unwrap();
    let apply = project.lakeform(&["apply", "-e", "sandbox", "--auto-approve"]);
    expect_code(&apply, 0);
    expect_code(&project.lakeform(&["drift", "-e", "sandbox"]), 0);
    project
}

const STAGING_VARS: &[(&str, &str)] = &[("database", "PACIFICRETAIL_STAGING"), ("env", "STAGING")];

#[test]
fn promotion_plans_the_target_and_reports_variable_differences() {
    let source = Server::handwritten();
    let target = Server::start();
    let project = promotable(&source);
    project.environment("staging", &target.base_url(), STAGING_VARS);
    let plan_file = project.path().join("staging.plan.json");
    let output = project.lakeform(&[
        "promote",
        "--from",
        "sandbox",
        "--to",
        "staging",
        "--out",
        plan_file.to_str().unwrap(),
    ]);
    expect_code(&output, 0);
    let text = stdout(&output);
    assert!(
        text.contains("lakeform will perform the following actions in staging"),
        "{text}"
    );
    assert!(text.contains("+ database PACIFICRETAIL_STAGING"), "{text}");
    assert!(text.contains("Promotion sandbox → staging"), "{text}");
    assert!(text.contains("sandbox: no drift"), "{text}");
    assert!(text.contains("0 differ otherwise"), "{text}");
    assert!(
        text.contains("table ${database}.BRONZE.RAW_CUSTOMER"),
        "{text}"
    );
    assert!(!text.contains("warning"), "{text}");

    let saved = lakeform::plan::saved::read(&plan_file).unwrap();
    assert_eq!(saved.environment, "staging");
    assert!(!saved.changes.is_empty());
}

#[test]
fn a_source_with_drift_is_refused_unless_forced() {
    let source = Server::handwritten();
    let target = Server::start();
    let project = promotable(&source);
    project.environment("staging", &target.base_url(), STAGING_VARS);
    source.sql("ALTER TABLE PACIFICRETAIL_HANDWRITTEN.BRONZE.RAW_ORDER ADD COLUMN NOTE VARCHAR");
    let args = ["promote", "--from", "sandbox", "--to", "staging"];
    let refused = project.lakeform(&args);
    expect_code(&refused, 1);
    assert!(
        stderr(&refused).contains("sandbox has drift (1 modified"),
        "{}",
        stderr(&refused)
    );
    assert!(stdout(&refused).is_empty());

    let forced = project.lakeform(&[&args[..], &["--force"]].concat());
    expect_code(&forced, 0);
    assert!(
        stdout(&forced).contains("warning: --force: promoting although sandbox has drift"),
        "{}",
        stdout(&forced)
    );
}
