//! Grants on procedures (named by their signature), masking policies, row access policies
//! and tags, and `owner` on policies and tags, end to end on a standalone sandbox: every
//! form applies and then plans nothing; a privilege granted by hand shows in `drift` and
//! the next plan revokes it; a procedure replaced for a new signature gets its grant again
//! on the new one (the old signature's grants go with it); `import` writes them back and
//! re-plans empty.
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

[[procedure]]
name = "${database}.SILVER.REFRESH"
arguments = [{ name = "SINCE", type = "VARCHAR" }, { name = "N", type = "NUMBER" }]
returns = "VARCHAR"
body = "BEGIN RETURN 'ok'; END;"

[[masking_policy]]
name = "${database}.SILVER.EMAIL_MASK"
signature = [{ name = "VAL", type = "STRING" }]
body = "'***'"
owner = "STEWARD_${env}"

[[row_access_policy]]
name = "${database}.SILVER.BY_COUNTRY"
signature = [{ name = "C", type = "VARCHAR" }]
body = "C = 'DE'"
owner = "STEWARD_${env}"

[[tag]]
name = "${database}.SILVER.PII"
owner = "STEWARD_${env}"

[[role]]
name = "STEWARD_${env}"
member_of = ["SYSADMIN"]

[[role]]
name = "LOADER_${env}"
member_of = ["SYSADMIN"]
privileges = [
  { on = "database ${database}", privileges = ["USAGE"] },
  { on = "schema ${database}.SILVER", privileges = ["USAGE"] },
  { on = "procedure ${database}.SILVER.REFRESH(VARCHAR(100), NUMBER(38,0))", privileges = ["USAGE"] },
  { on = "future procedures in schema ${database}.SILVER", privileges = ["USAGE"] },
  { on = "masking policy ${database}.SILVER.EMAIL_MASK", privileges = ["APPLY"] },
  { on = "row access policy ${database}.SILVER.BY_COUNTRY", privileges = ["APPLY"] },
  { on = "tag ${database}.SILVER.PII", privileges = ["APPLY"] },
]
"#;

fn held(server: &Server, role: &str) -> Vec<(String, String, String)> {
    let statement = format!("SHOW GRANTS TO ROLE {role}");
    let privileges = server.query(&statement, "privilege");
    let on = server.query(&statement, "granted_on");
    let names = server.query(&statement, "name");
    privileges
        .into_iter()
        .zip(on)
        .zip(names)
        .map(|((p, o), n)| (p, o, n))
        .collect()
}

#[test]
fn grants_on_procedures_policies_and_tags_apply_drift_and_replan_empty() {
    let server = Server::start();
    let project = Project::on_server(&server, VARS, SCHEMA);
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    for statement in [
        "GRANT USAGE ON PROCEDURE GOV.SILVER.REFRESH(VARCHAR, NUMBER) TO ROLE LOADER_T",
        "GRANT APPLY ON MASKING POLICY GOV.SILVER.EMAIL_MASK TO ROLE LOADER_T",
        "GRANT APPLY ON ROW ACCESS POLICY GOV.SILVER.BY_COUNTRY TO ROLE LOADER_T",
        "GRANT APPLY ON TAG GOV.SILVER.PII TO ROLE LOADER_T",
        "GRANT USAGE ON FUTURE PROCEDURES IN SCHEMA GOV.SILVER TO ROLE LOADER_T",
        "GRANT OWNERSHIP ON MASKING POLICY GOV.SILVER.EMAIL_MASK TO ROLE STEWARD_T COPY CURRENT GRANTS",
        "GRANT OWNERSHIP ON TAG GOV.SILVER.PII TO ROLE STEWARD_T COPY CURRENT GRANTS",
    ] {
        assert!(plan.contains(statement), "{statement}\n{plan}");
    }
    project.apply_then_plan_nothing(&[]);
    let loader = held(&server, "LOADER_T");
    assert!(
        loader.contains(&(
            "USAGE".into(),
            "PROCEDURE".into(),
            "GOV.SILVER.\"REFRESH(SINCE VARCHAR, N NUMBER):VARCHAR(16777216)\"".into()
        )),
        "{loader:?}"
    );
    assert!(
        loader.contains(&(
            "APPLY".into(),
            "ROW_ACCESS_POLICY".into(),
            "GOV.SILVER.BY_COUNTRY".into()
        )),
        "{loader:?}"
    );
    assert_eq!(
        server.query("SHOW TAGS IN DATABASE GOV", "owner"),
        ["STEWARD_T"]
    );

    // A privilege granted by hand on a policy is drift, and the next plan revokes it.
    server.sql("GRANT APPLY ON MASKING POLICY GOV.SILVER.EMAIL_MASK TO ROLE STEWARD_T");
    server.sql("GRANT APPLY ON TAG GOV.SILVER.PII TO ROLE LOADER_T");
    server.sql("REVOKE USAGE ON PROCEDURE GOV.SILVER.REFRESH(VARCHAR, NUMBER) FROM ROLE LOADER_T");
    let drift = project.lakeform(&["drift", "-e", "sandbox"]);
    expect_code(&drift, 2);
    let report = stdout(&drift);
    assert!(
        report.contains("privileges.procedure GOV.SILVER.REFRESH(VARCHAR, NUMBER)"),
        "{report}"
    );
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains(
            "GRANT USAGE ON PROCEDURE GOV.SILVER.REFRESH(VARCHAR, NUMBER) TO ROLE LOADER_T"
        ),
        "{plan}"
    );
    project.apply_then_plan_nothing(&[]);

    // A new signature: the procedure is dropped and created again, and the grant on the
    // old signature goes with it rather than being revoked from a dropped object.
    let changed = SCHEMA
        .replace(
            "{ name = \"N\", type = \"NUMBER\" }",
            "{ name = \"N\", type = \"DATE\" }",
        )
        .replace("NUMBER(38,0))\", privileges", "DATE)\", privileges");
    assert_ne!(changed, SCHEMA);
    std::fs::write(project.schema_dir().join("main.toml"), &changed).unwrap();
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains(
            "GRANT USAGE ON PROCEDURE GOV.SILVER.REFRESH(VARCHAR, DATE) TO ROLE LOADER_T"
        ),
        "{plan}"
    );
    assert!(!plan.contains("REVOKE USAGE ON PROCEDURE"), "{plan}");
    project.apply_then_plan_nothing(&[]);
    let names: Vec<String> = held(&server, "LOADER_T")
        .into_iter()
        .filter(|(_, on, _)| on == "PROCEDURE")
        .map(|(.., name)| name)
        .collect();
    assert_eq!(
        names,
        ["GOV.SILVER.\"REFRESH(SINCE VARCHAR, N DATE):VARCHAR(16777216)\""]
    );

    // A policy recreated for a new signature loses its grants (CREATE MASKING POLICY takes
    // no COPY GRANTS): the role's change grants them again after it, and its owner too.
    let recreated = changed.replace(
        "signature = [{ name = \"VAL\", type = \"STRING\" }]\nbody = \"'***'\"",
        "signature = [{ name = \"VAL\", type = \"NUMBER\" }]\nbody = \"0\"",
    );
    assert_ne!(recreated, changed);
    std::fs::write(project.schema_dir().join("main.toml"), &recreated).unwrap();
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    let replace = plan
        .find("CREATE OR REPLACE MASKING POLICY GOV.SILVER.EMAIL_MASK")
        .expect(&plan);
    let regrant = plan
        .find("GRANT APPLY ON MASKING POLICY GOV.SILVER.EMAIL_MASK TO ROLE LOADER_T")
        .expect(&plan);
    assert!(replace < regrant, "{plan}");
    assert!(plan.contains("is recreated by this plan"), "{plan}");
    project.apply_then_plan_nothing(&[]);
    assert!(
        held(&server, "LOADER_T").contains(&(
            "APPLY".into(),
            "MASKING_POLICY".into(),
            "GOV.SILVER.EMAIL_MASK".into()
        )),
        "{:?}",
        held(&server, "LOADER_T")
    );
}

#[test]
fn import_adopts_the_grants_and_plans_nothing() {
    let server = Server::start();
    let built = Project::on_server(&server, VARS, SCHEMA);
    built.apply_then_plan_nothing(&[]);

    let adopted = Project::new();
    adopted.bare_environment("sandbox", &server.base_url(), VARS);
    expect_code(
        &adopted.lakeform(&["import", "-e", "sandbox", "--scope", "GOV"]),
        0,
    );
    adopted.environment("sandbox", &server.base_url(), VARS);
    let account = std::fs::read_to_string(adopted.schema_dir().join("account.toml")).unwrap();
    assert!(
        account.contains("procedure ${database}.SILVER.REFRESH(VARCHAR, NUMBER)"),
        "{account}"
    );
    let plan = adopted.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}", stdout(&plan));
}

#[test]
fn a_grant_on_another_signature_than_the_declared_procedure_is_refused_at_validate() {
    let server = Server::start();
    let wrong = SCHEMA.replace(
        "REFRESH(VARCHAR(100), NUMBER(38,0))",
        "REFRESH(VARCHAR, DATE)",
    );
    assert_ne!(wrong, SCHEMA);
    let project = Project::on_server(&server, VARS, &wrong);
    let validate = project.lakeform(&["validate", "-e", "sandbox"]);
    let shown = format!("{}{}", stdout(&validate), support::stderr(&validate));
    assert_ne!(validate.status.code(), Some(0), "{shown}");
    assert!(
        shown.contains(
            "grants on procedure GOV.SILVER.REFRESH(VARCHAR, DATE), but the procedure is declared with arguments (VARCHAR, NUMBER)"
        ),
        "{shown}"
    );
}

#[test]
fn all_procedures_reach_a_procedure_replaced_for_a_new_signature() {
    let schema = r#"
[[database]]
name = "${database}"

[[schema]]
name = "${database}.SILVER"

[[procedure]]
name = "${database}.SILVER.REFRESH"
arguments = [{ name = "N", type = "NUMBER" }]
returns = "VARCHAR"
body = "BEGIN RETURN 'ok'; END;"

[[role]]
name = "OPERATOR_${env}"
privileges = [{ on = "all procedures in schema ${database}.SILVER", privileges = ["USAGE"] }]
"#;
    let server = Server::start();
    let project = Project::on_server(&server, VARS, schema);
    project.apply_then_plan_nothing(&[]);
    let changed = schema.replace("type = \"NUMBER\"", "type = \"DATE\"");
    std::fs::write(project.schema_dir().join("main.toml"), &changed).unwrap();
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains("GRANT USAGE ON ALL PROCEDURES IN SCHEMA GOV.SILVER TO ROLE OPERATOR_T"),
        "{plan}"
    );
    project.apply_then_plan_nothing(&[]);
    let names: Vec<String> = held(&server, "OPERATOR_T")
        .into_iter()
        .filter(|(_, on, _)| on == "PROCEDURE")
        .map(|(.., name)| name)
        .collect();
    assert_eq!(names, ["GOV.SILVER.\"REFRESH(N DATE):VARCHAR(16777216)\""]);
}
