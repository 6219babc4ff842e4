//! `owner` on pipes end to end on a standalone sandbox: a pipe declared with an owner is
//! created, paused, given to it and force-resumed (`SYSTEM$PIPE_FORCE_RESUME`), in that
//! order, and then plans nothing; an owner changed by hand shows in `drift` and the plan
//! gives it back the same way; the sandbox refuses to transfer a running pipe and to
//! resume a transferred one with ALTER PIPE; `import` writes the pipe's owner and
//! re-plans empty.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

#[path = "fixtures/drift/support.rs"]
mod support;

use support::{Project, Server, expect_code, stdout};

const VARS: &[(&str, &str)] = &[("database", "PIPED"), ("env", "T")];

const SCHEMA: &str = r#"
[[role]]
name = "LOADER_${env}"
member_of = ["SYSADMIN"]

[[database]]
name = "${database}"

[[schema]]
name = "${database}.BRONZE"

[[stage]]
name = "${database}.BRONZE.LANDING"

[[table]]
name = "${database}.BRONZE.RAW_ORDER"
columns = [{ name = "ID", type = "NUMBER(38,0)" }]

[[pipe]]
name = "${database}.BRONZE.ORDER_PIPE"
owner = "LOADER_${env}"
copy = "COPY INTO RAW_ORDER FROM @LANDING/orders/ FILE_FORMAT = (TYPE = CSV)"
"#;

fn pipe_owner(server: &Server) -> String {
    server.query("SHOW PIPES IN DATABASE PIPED", "owner")[0].clone()
}

fn state(server: &Server) -> String {
    let status = server.query(
        "SELECT SYSTEM$PIPE_STATUS('PIPED.BRONZE.ORDER_PIPE') AS S",
        "S",
    );
    let json: serde_json::Value = serde_json::from_str(&status[0]).unwrap();
    json["executionState"].as_str().unwrap().to_string()
}

/// The pipe's pause, transfer and resume, in the order `text` (a plan) shows them.
fn in_order(text: &str) {
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s}\n{text}"));
    let pause = at("ALTER PIPE PIPED.BRONZE.ORDER_PIPE SET PIPE_EXECUTION_PAUSED = TRUE");
    let grant =
        at("GRANT OWNERSHIP ON PIPE PIPED.BRONZE.ORDER_PIPE TO ROLE LOADER_T COPY CURRENT GRANTS");
    let resume = at("SELECT SYSTEM$PIPE_FORCE_RESUME('PIPED.BRONZE.ORDER_PIPE')");
    assert!(pause < grant && grant < resume, "{text}");
}

#[test]
fn a_pipe_is_paused_given_and_force_resumed_then_plans_nothing() {
    let server = Server::start();
    let project = Project::on_server(&server, VARS, SCHEMA);
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    in_order(&plan);
    assert!(
        plan.contains("SYSTEM$PIPE_FORCE_RESUME (as Snowflake requires)"),
        "{plan}"
    );
    project.apply_then_plan_nothing(&[]);
    assert_eq!(pipe_owner(&server), "LOADER_T");
    assert_eq!(state(&server), "RUNNING");

    // Given away by hand (paused first, as Snowflake requires): drift names the owner,
    // and the plan gives it back the same way.
    server.sql("ALTER PIPE PIPED.BRONZE.ORDER_PIPE SET PIPE_EXECUTION_PAUSED = TRUE");
    server.sql(
        "GRANT OWNERSHIP ON PIPE PIPED.BRONZE.ORDER_PIPE TO ROLE SYSADMIN COPY CURRENT GRANTS",
    );
    let drift = project.lakeform(&["drift", "-e", "sandbox"]);
    expect_code(&drift, 2);
    let report = stdout(&drift);
    assert!(
        report.contains("PIPED.BRONZE.ORDER_PIPE") && report.contains("owner"),
        "{report}"
    );
    in_order(&stdout(&project.lakeform(&["plan", "-e", "sandbox"])));
    project.apply_then_plan_nothing(&[]);
    assert_eq!(pipe_owner(&server), "LOADER_T");
    assert_eq!(state(&server), "RUNNING");
}

#[test]
fn the_sandbox_refuses_a_running_pipe_s_transfer_and_a_plain_resume_after_it() {
    let server = Server::start();
    let project = Project::on_server(
        &server,
        VARS,
        &SCHEMA.replace("owner = \"LOADER_${env}\"\ncopy", "copy"),
    );
    project.apply_then_plan_nothing(&[]);
    let client = |sql: &str| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| server.sql(sql)))
            .err()
            .and_then(|e| e.downcast_ref::<String>().cloned())
            .unwrap_or_default()
    };
    let refused = client(
        "GRANT OWNERSHIP ON PIPE PIPED.BRONZE.ORDER_PIPE TO ROLE LOADER_T COPY CURRENT GRANTS",
    );
    assert!(refused.contains("pause it first"), "{refused}");
    server.sql("ALTER PIPE PIPED.BRONZE.ORDER_PIPE SET PIPE_EXECUTION_PAUSED = TRUE");
    server.sql(
        "GRANT OWNERSHIP ON PIPE PIPED.BRONZE.ORDER_PIPE TO ROLE LOADER_T COPY CURRENT GRANTS",
    );
    let refused = client("ALTER PIPE PIPED.BRONZE.ORDER_PIPE SET PIPE_EXECUTION_PAUSED = FALSE");
    assert!(refused.contains("SYSTEM$PIPE_FORCE_RESUME"), "{refused}");
    assert_eq!(state(&server), "PAUSED");
    server.sql("SELECT SYSTEM$PIPE_FORCE_RESUME('PIPED.BRONZE.ORDER_PIPE')");
    assert_eq!(state(&server), "RUNNING");
}

#[test]
fn import_writes_the_pipe_s_owner_and_plans_nothing() {
    let server = Server::start();
    let built = Project::on_server(&server, VARS, SCHEMA);
    built.apply_then_plan_nothing(&[]);

    let adopted = Project::new();
    adopted.bare_environment("sandbox", &server.base_url(), VARS);
    adopted.run_as("sandbox", "SYSADMIN");
    expect_code(
        &adopted.lakeform(&["import", "-e", "sandbox", "--scope", "PIPED"]),
        0,
    );
    adopted.environment("sandbox", &server.base_url(), VARS);
    adopted.run_as("sandbox", "SYSADMIN");
    let bronze = std::fs::read_to_string(adopted.schema_dir().join("bronze.toml")).unwrap();
    let pipe = &bronze[bronze.find("[[pipe]]").expect(&bronze)..];
    assert!(pipe.contains("owner = \"LOADER_T\""), "{bronze}");
    let plan = adopted.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}", stdout(&plan));
}
