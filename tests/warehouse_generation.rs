//! A warehouse's `generation` end to end on a standalone sandbox: created with
//! `GENERATION = '2'`, read back from SHOW WAREHOUSES' `generation` column so that apply
//! then plans nothing, changed in place with `ALTER WAREHOUSE … SET GENERATION`, a change
//! by hand shown by `drift`, and an undeclared generation left to Snowflake
//! (https://docs.snowflake.com/en/sql-reference/sql/create-warehouse).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

#[path = "fixtures/drift/support.rs"]
mod support;

use support::{Project, Server, expect_code, stderr, stdout};

const VARS: &[(&str, &str)] = &[("env", "T")];

fn schema(generation: &str) -> String {
    format!(
        r#"
[[warehouse]]
name = "GEN_WH_${{env}}"
size = "SMALL"
initially_suspended = true
{generation}

[[warehouse]]
name = "ANY_WH_${{env}}"
initially_suspended = true
"#
    )
}

fn generation_of(server: &Server, name: &str) -> Vec<String> {
    server.query(&format!("SHOW WAREHOUSES LIKE '{name}'"), "generation")
}

#[test]
fn a_declared_generation_applies_replans_empty_and_changes_in_place() {
    let server = Server::start();
    let project = Project::on_server(&server, VARS, &schema("generation = \"2\""));
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains("CREATE WAREHOUSE GEN_WH_T WITH WAREHOUSE_SIZE = SMALL GENERATION = '2'"),
        "{plan}"
    );
    project.apply_then_plan_nothing(&[]);
    assert_eq!(generation_of(&server, "GEN_WH_T"), ["2"]);
    assert_eq!(generation_of(&server, "ANY_WH_T"), [""]);

    // Changed by hand: drift names it, the next plan alters it back in place.
    server.sql("ALTER WAREHOUSE GEN_WH_T SET GENERATION = '1'");
    let drift = project.lakeform(&["drift", "-e", "sandbox"]);
    expect_code(&drift, 2);
    assert!(stdout(&drift).contains("generation"), "{}", stdout(&drift));
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains("ALTER WAREHOUSE GEN_WH_T SET GENERATION = '2'"),
        "{plan}"
    );
    assert!(!plan.contains("ANY_WH_T"), "{plan}");
    project.apply_then_plan_nothing(&[]);

    // A generation no longer declared is Snowflake's again: nothing to change.
    project.write_schema(&schema(""));
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(plan.contains("No changes"), "{plan}");
}

#[test]
fn a_generation_that_is_not_one_or_two_is_refused_at_its_place() {
    let server = Server::start();
    let project = Project::on_server(&server, VARS, &schema("generation = \"3\""));
    let output = project.lakeform(&["validate", "-e", "sandbox"]);
    expect_code(&output, 1);
    let err = stderr(&output);
    assert!(
        err.contains("unknown warehouse generation \"3\"") && err.contains(":6:"),
        "{err}"
    );
}
