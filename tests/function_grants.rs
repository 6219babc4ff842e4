//! Grants on data metric functions (`function DB.S.M(TABLE(VARCHAR))`) and on a user
//! function lakeform does not create (`function DB.S.F(NUMBER)`), with ALL and FUTURE
//! FUNCTIONS, end to end on a standalone sandbox: every form applies and then plans
//! nothing; a privilege granted by hand shows in `drift` and the next plan revokes it; a
//! hand revoke shows too and is granted again; `import` writes them back and re-plans
//! empty.
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

[[data_metric_function]]
name = "${database}.SILVER.INVALID_EMAILS"
arguments = [{ name = "T", columns = [{ name = "EMAIL", type = "VARCHAR" }] }]
body = "SELECT COUNT_IF(EMAIL NOT LIKE '%@%') FROM T"

[[role]]
name = "STEWARD_${env}"
member_of = ["SYSADMIN"]

[[role]]
name = "ANALYST_${env}"
member_of = ["SYSADMIN"]
privileges = [
  { on = "database ${database}", privileges = ["USAGE"] },
  { on = "schema ${database}.SILVER", privileges = ["USAGE"] },
  { on = "function ${database}.SILVER.INVALID_EMAILS(TABLE(VARCHAR(100)))", privileges = ["USAGE"] },
  { on = "future functions in schema ${database}.SILVER", privileges = ["USAGE"] },
]
"#;

/// The user function the project grants on without declaring it.
const USER_FUNCTION: &str =
    "CREATE FUNCTION GOV.SILVER.DOUBLED(X NUMBER) RETURNS NUMBER AS 'X * 2'";

fn function_grants(server: &Server, role: &str) -> Vec<(String, String)> {
    let statement = format!("SHOW GRANTS TO ROLE {role}");
    let privileges = server.query(&statement, "privilege");
    let on = server.query(&statement, "granted_on");
    let names = server.query(&statement, "name");
    privileges
        .into_iter()
        .zip(on)
        .zip(names)
        .filter(|((_, on), _)| on == "FUNCTION")
        .map(|((p, _), n)| (p, n))
        .collect()
}

#[test]
fn grants_on_data_metric_and_user_functions_apply_drift_and_replan_empty() {
    let server = Server::start();
    let project = Project::on_server(&server, VARS, SCHEMA);
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    for statement in [
        "GRANT USAGE ON FUNCTION GOV.SILVER.INVALID_EMAILS(TABLE(VARCHAR)) TO ROLE ANALYST_T",
        "GRANT USAGE ON FUTURE FUNCTIONS IN SCHEMA GOV.SILVER TO ROLE ANALYST_T",
    ] {
        assert!(plan.contains(statement), "{statement}\n{plan}");
    }
    // The DMF is created before the grant on it.
    let create = plan
        .find("CREATE DATA METRIC FUNCTION GOV.SILVER.INVALID_EMAILS")
        .expect(&plan);
    let grant = plan
        .find("GRANT USAGE ON FUNCTION GOV.SILVER.INVALID_EMAILS")
        .expect(&plan);
    assert!(create < grant, "{plan}");
    project.apply_then_plan_nothing(&[]);
    assert_eq!(
        function_grants(&server, "ANALYST_T"),
        [(
            "USAGE".to_string(),
            "GOV.SILVER.\"INVALID_EMAILS(T TABLE(EMAIL VARCHAR)):NUMBER(38,0)\"".to_string()
        )]
    );

    // A user function created by hand (the future grant reaches it) and granted by
    // declaration: the grant waits for nothing lakeform creates, and re-plans empty.
    server.sql(USER_FUNCTION);
    let granted = SCHEMA.replace(
        "  { on = \"future functions",
        "  { on = \"function ${database}.SILVER.DOUBLED(NUMBER)\", privileges = [\"USAGE\"] },\n  { on = \"future functions",
    );
    assert_ne!(granted, SCHEMA);
    project.write_schema(&granted);
    project.apply_then_plan_nothing(&[]);
    assert_eq!(function_grants(&server, "ANALYST_T").len(), 2);

    // By hand: USAGE on the DMF to the steward, and the analyst's revoked.
    server
        .sql("GRANT USAGE ON FUNCTION GOV.SILVER.INVALID_EMAILS(TABLE(VARCHAR)) TO ROLE STEWARD_T");
    server.sql(
        "REVOKE USAGE ON FUNCTION GOV.SILVER.INVALID_EMAILS(TABLE(VARCHAR)) FROM ROLE ANALYST_T",
    );
    let drift = project.lakeform(&["drift", "-e", "sandbox"]);
    expect_code(&drift, 2);
    let report = stdout(&drift);
    assert!(
        report.contains("privileges.function GOV.SILVER.INVALID_EMAILS(TABLE(VARCHAR))"),
        "{report}"
    );
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    for statement in [
        "REVOKE USAGE ON FUNCTION GOV.SILVER.INVALID_EMAILS(TABLE(VARCHAR)) FROM ROLE STEWARD_T",
        "GRANT USAGE ON FUNCTION GOV.SILVER.INVALID_EMAILS(TABLE(VARCHAR)) TO ROLE ANALYST_T",
    ] {
        assert!(plan.contains(statement), "{statement}\n{plan}");
    }
    project.apply_then_plan_nothing(&[]);
    assert!(function_grants(&server, "STEWARD_T").is_empty());
}

#[test]
fn all_functions_reach_a_data_metric_function_and_import_adopts_the_grants() {
    let schema = SCHEMA.replace(
        "{ on = \"future functions in schema",
        "{ on = \"all functions in schema",
    );
    let server = Server::start();
    let built = Project::on_server(&server, VARS, &schema);
    built.apply_then_plan_nothing(&[]);

    let (adopted, _) = support::adopt(&server, VARS, "GOV");
    let account = std::fs::read_to_string(adopted.schema_dir().join("account.toml")).unwrap();
    assert!(
        account.contains("function ${database}.SILVER.INVALID_EMAILS(TABLE(VARCHAR))"),
        "{account}"
    );
    let plan = adopted.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}", stdout(&plan));
}

#[test]
fn a_grant_on_another_signature_than_the_declared_data_metric_function_is_refused() {
    let server = Server::start();
    let wrong = SCHEMA.replace(
        "INVALID_EMAILS(TABLE(VARCHAR(100)))",
        "INVALID_EMAILS(TABLE(NUMBER))",
    );
    assert_ne!(wrong, SCHEMA);
    let project = Project::on_server(&server, VARS, &wrong);
    let validate = project.lakeform(&["validate", "-e", "sandbox"]);
    let shown = format!("{}{}", stdout(&validate), support::stderr(&validate));
    assert_ne!(validate.status.code(), Some(0), "{shown}");
    assert!(
        shown.contains(
            "grants on function GOV.SILVER.INVALID_EMAILS(TABLE(NUMBER)), but the function is declared with arguments (TABLE(VARCHAR))"
        ),
        "{shown}"
    );
}

#[test]
fn a_data_metric_function_given_a_new_signature_is_granted_again_on_it() {
    let server = Server::start();
    let project = Project::on_server(&server, VARS, SCHEMA);
    project.apply_then_plan_nothing(&[]);
    let changed = SCHEMA
        .replace(
            "columns = [{ name = \"EMAIL\", type = \"VARCHAR\" }]",
            "columns = [{ name = \"EMAIL\", type = \"VARCHAR\" }, { name = \"N\", type = \"NUMBER\" }]",
        )
        .replace("TABLE(VARCHAR(100))", "TABLE(VARCHAR, NUMBER)");
    assert_ne!(changed, SCHEMA);
    project.write_schema(&changed);
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    let drop = plan
        .find("DROP FUNCTION GOV.SILVER.INVALID_EMAILS(TABLE(VARCHAR(16777216)))")
        .expect(&plan);
    let grant = plan
        .find("GRANT USAGE ON FUNCTION GOV.SILVER.INVALID_EMAILS(TABLE(VARCHAR, NUMBER)) TO ROLE ANALYST_T")
        .expect(&plan);
    assert!(drop < grant, "{plan}");
    // The old signature's grant goes with the drop: no REVOKE names a dropped function.
    assert!(!plan.contains("REVOKE USAGE ON FUNCTION"), "{plan}");
    project.apply_then_plan_nothing(&[]);
    assert_eq!(
        function_grants(&server, "ANALYST_T"),
        [(
            "USAGE".to_string(),
            "GOV.SILVER.\"INVALID_EMAILS(T TABLE(EMAIL VARCHAR, N NUMBER)):NUMBER(38,0)\""
                .to_string()
        )]
    );
}
