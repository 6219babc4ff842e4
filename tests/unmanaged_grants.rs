//! Grants to roles the project does not declare, end to end on a standalone sandbox: a
//! grant made by hand on a declared table to an undeclared role is listed by `plan` as
//! left alone and by `drift` (exit 2); with `prune = true` the plan revokes it, and then
//! plans nothing. Grants on undeclared objects and the deploy role's are never listed.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

#[path = "fixtures/drift/support.rs"]
mod support;

use support::{Project, Server, expect_code, stdout};

const VARS: &[(&str, &str)] = &[("database", "UG"), ("env", "T")];

const SCHEMA: &str = r#"
[[database]]
name = "${database}"

[[schema]]
name = "${database}.GOLD"

[[table]]
name = "${database}.GOLD.SALES"
columns = [{ name = "ID", type = "NUMBER(38,0)" }]

[[role]]
name = "READER_${env}"
privileges = [
  { on = "database ${database}", privileges = ["USAGE"] },
  { on = "table ${database}.GOLD.SALES", privileges = ["SELECT"] },
]
"#;

#[test]
fn a_grant_to_an_undeclared_role_is_reported_then_pruned() {
    let server = Server::start();
    let project = Project::on_server(&server, VARS, SCHEMA);
    project.apply_then_plan_nothing(&[]);

    server.sql("CREATE ROLE BI_TOOL");
    server.sql("GRANT SELECT, INSERT ON TABLE UG.GOLD.SALES TO ROLE BI_TOOL");
    // On an object the project does not declare: not lakeform's to report.
    server.sql("CREATE TABLE UG.GOLD.SCRATCH (ID NUMBER)");
    server.sql("GRANT SELECT ON TABLE UG.GOLD.SCRATCH TO ROLE BI_TOOL");

    let plan = project.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]);
    // Nothing to change: the grant is left alone, and said so.
    assert_eq!(plan.status.code(), Some(0), "{}", stdout(&plan));
    let text = stdout(&plan);
    assert!(
        text.contains(
            "1 grant(s) on managed objects to roles the project does not declare are left alone"
        ) && text.contains("INSERT, SELECT on table UG.GOLD.SALES to ROLE BI_TOOL"),
        "{text}"
    );
    assert!(!text.contains("SCRATCH to ROLE"), "{text}");

    let drift = project.lakeform(&["drift", "-e", "sandbox"]);
    expect_code(&drift, 2);
    let report = stdout(&drift);
    assert!(
        report.contains("1 unmanaged grant(s)") && report.contains("to ROLE BI_TOOL"),
        "{report}"
    );

    // With prune, the next plan revokes it.
    let environment = project.path().join("environments").join("sandbox.toml");
    let text = std::fs::read_to_string(&environment).unwrap();
    std::fs::write(&environment, format!("prune = true\n{text}")).unwrap();
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains("REVOKE INSERT, SELECT ON TABLE UG.GOLD.SALES FROM ROLE BI_TOOL"),
        "{plan}"
    );
    project.apply_then_plan_nothing(&["--allow-destructive"]);
    // Both grants are gone: the one on SALES revoked, SCRATCH dropped by the same prune
    // (an unmanaged object) and its grant with it.
    let held = server.query("SHOW GRANTS TO ROLE BI_TOOL", "name");
    assert!(held.is_empty(), "{held:?}");
    assert!(plan.contains("SCRATCH"), "{plan}");
}
