//! `owner` on a procedure and a data metric function end to end on a standalone sandbox:
//! their SHOW has no `owner` column, so the owners are read from
//! `INFORMATION_SCHEMA.PROCEDURES` and `.FUNCTIONS`, one query per database and only
//! where a declaration sets `owner`; the transfer names the overload; apply then plans
//! nothing; an owner changed by hand shows in `drift` and is given back.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

#[path = "fixtures/drift/support.rs"]
mod support;

use support::{Project, Server, expect_code, stdout};

const VARS: &[(&str, &str)] = &[("database", "GOV"), ("env", "T")];

const SCHEMA: &str = r#"
[[database]]
name = "${database}"

[[schema]]
name = "${database}.SILVER"

[[role]]
name = "STEWARD_${env}"
member_of = ["SYSADMIN"]

[[procedure]]
name = "${database}.SILVER.REFRESH"
arguments = [{ name = "SINCE", type = "VARCHAR" }, { name = "N", type = "NUMBER" }]
returns = "VARCHAR"
body = "BEGIN RETURN 'ok'; END;"
owner = "STEWARD_${env}"

[[data_metric_function]]
name = "${database}.SILVER.INVALID_EMAILS"
arguments = [{ name = "T", columns = [{ name = "EMAIL", type = "VARCHAR" }] }]
body = "SELECT COUNT_IF(EMAIL NOT LIKE '%@%') FROM T"
owner = "STEWARD_${env}"
"#;

fn owners(server: &Server, view: &str, column: &str) -> Vec<String> {
    server.query(
        &format!("SELECT {column} FROM GOV.INFORMATION_SCHEMA.{view}"),
        column,
    )
}

#[test]
fn procedure_and_data_metric_function_owners_apply_replan_empty_and_drift() {
    let server = Server::start();
    let project = Project::on_server(&server, VARS, SCHEMA);
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    for statement in [
        "GRANT OWNERSHIP ON PROCEDURE GOV.SILVER.REFRESH(VARCHAR(16777216), NUMBER(38,0)) TO ROLE STEWARD_T COPY CURRENT GRANTS",
        "GRANT OWNERSHIP ON FUNCTION GOV.SILVER.INVALID_EMAILS(TABLE(VARCHAR(16777216))) TO ROLE STEWARD_T COPY CURRENT GRANTS",
    ] {
        assert!(plan.contains(statement), "{statement}\n{plan}");
    }
    project.apply_then_plan_nothing(&[]);
    assert_eq!(
        owners(&server, "PROCEDURES", "PROCEDURE_OWNER"),
        ["STEWARD_T"]
    );
    assert_eq!(
        owners(&server, "FUNCTIONS", "FUNCTION_OWNER"),
        ["STEWARD_T"]
    );

    // Taken back by hand: drift names the owner, and the next plan gives it back.
    server.sql(
        "GRANT OWNERSHIP ON PROCEDURE GOV.SILVER.REFRESH(VARCHAR, NUMBER) TO ROLE SYSADMIN COPY CURRENT GRANTS",
    );
    server.sql(
        "GRANT OWNERSHIP ON FUNCTION GOV.SILVER.INVALID_EMAILS(TABLE(VARCHAR)) TO ROLE SYSADMIN COPY CURRENT GRANTS",
    );
    let drift = project.lakeform(&["drift", "-e", "sandbox"]);
    expect_code(&drift, 2);
    let report = stdout(&drift);
    assert!(report.contains("owner"), "{report}");
    assert!(report.contains("GOV.SILVER.REFRESH"), "{report}");
    assert!(report.contains("GOV.SILVER.INVALID_EMAILS"), "{report}");
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains("GRANT OWNERSHIP ON PROCEDURE GOV.SILVER.REFRESH(VARCHAR(16777216), NUMBER(38,0)) TO ROLE STEWARD_T COPY CURRENT GRANTS"),
        "{plan}"
    );
    project.apply_then_plan_nothing(&[]);
    assert_eq!(
        owners(&server, "FUNCTIONS", "FUNCTION_OWNER"),
        ["STEWARD_T"]
    );
}

/// Every statement the sandbox ran, newest first.
fn history(server: &Server) -> Vec<String> {
    server.query(
        "SELECT QUERY_TEXT FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY(RESULT_LIMIT => 10000))",
        "QUERY_TEXT",
    )
}

#[test]
fn owners_are_read_only_where_a_declaration_sets_one() {
    let server = Server::start();
    let unowned = SCHEMA.replace("owner = \"STEWARD_${env}\"\n", "");
    assert_ne!(unowned, SCHEMA);
    let project = Project::on_server(&server, VARS, &unowned);
    project.apply_then_plan_nothing(&[]);
    let read = |server: &Server, view: &str| {
        history(server)
            .iter()
            .filter(|q| q.contains(&format!("INFORMATION_SCHEMA.{view}")))
            .count()
    };
    assert_eq!(read(&server, "PROCEDURES"), 0);
    assert_eq!(read(&server, "FUNCTIONS"), 0);
    // One DMF sets an owner: one FUNCTIONS query per plan, and still no PROCEDURES one.
    let one = unowned.replace(
        "body = \"SELECT COUNT_IF",
        "owner = \"STEWARD_${env}\"\nbody = \"SELECT COUNT_IF",
    );
    assert_ne!(one, unowned);
    project.write_schema(&one);
    let before = read(&server, "FUNCTIONS");
    let plan = project.lakeform(&["plan", "-e", "sandbox"]);
    assert!(
        stdout(&plan).contains("GRANT OWNERSHIP ON FUNCTION GOV.SILVER.INVALID_EMAILS"),
        "{}",
        stdout(&plan)
    );
    assert_eq!(read(&server, "FUNCTIONS"), before + 1);
    assert_eq!(read(&server, "PROCEDURES"), 0);
}
