//! `grant_option` end to end on a standalone sandbox: privileges declared WITH GRANT
//! OPTION apply and then plan nothing; the option revoked by hand shows in `drift` and is
//! granted again; dropping it from the declaration is `REVOKE GRANT OPTION FOR`, which
//! keeps the privilege; `import` writes it back and re-plans empty.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

#[path = "fixtures/drift/support.rs"]
mod support;

use support::{Project, Server, expect_code, stdout};

const VARS: &[(&str, &str)] = &[("database", "OPT"), ("env", "T")];

const SCHEMA: &str = r#"
[[database]]
name = "${database}"

[[schema]]
name = "${database}.GOLD"

[[table]]
name = "${database}.GOLD.SALES"
columns = [{ name = "ID", type = "NUMBER(38,0)" }]

[[role]]
name = "STEWARD_${env}"
member_of = ["SYSADMIN"]
privileges = [
  { on = "database ${database}", privileges = ["USAGE"] },
  { on = "schema ${database}.GOLD", privileges = ["USAGE"], grant_option = true },
  { on = "table ${database}.GOLD.SALES", privileges = ["SELECT"], grant_option = true },
  { on = "future tables in schema ${database}.GOLD", privileges = ["SELECT"], grant_option = true },
]
"#;

fn options(server: &Server) -> Vec<(String, String)> {
    let names = server.query("SHOW GRANTS TO ROLE STEWARD_T", "name");
    let options = server.query("SHOW GRANTS TO ROLE STEWARD_T", "grant_option");
    names.into_iter().zip(options).collect()
}

#[test]
fn the_grant_option_applies_drifts_and_is_revoked_alone() {
    let server = Server::start();
    let project = Project::on_server(&server, VARS, SCHEMA);
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains("GRANT USAGE ON SCHEMA OPT.GOLD TO ROLE STEWARD_T WITH GRANT OPTION"),
        "{plan}"
    );
    project.apply_then_plan_nothing(&[]);
    assert!(
        options(&server).contains(&("OPT.GOLD.SALES".into(), "true".into())),
        "{:?}",
        options(&server)
    );

    server.sql("REVOKE GRANT OPTION FOR SELECT ON TABLE OPT.GOLD.SALES FROM ROLE STEWARD_T");
    let drift = project.lakeform(&["drift", "-e", "sandbox"]);
    expect_code(&drift, 2);
    let report = stdout(&drift);
    assert!(
        report.contains("privileges.table OPT.GOLD.SALES"),
        "{report}"
    );
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains("GRANT SELECT ON TABLE OPT.GOLD.SALES TO ROLE STEWARD_T WITH GRANT OPTION"),
        "{plan}"
    );
    project.apply_then_plan_nothing(&[]);

    // Declared without the option: only the option goes.
    let plain = SCHEMA.replace(
        "privileges = [\"SELECT\"], grant_option = true },\n  { on = \"future",
        "privileges = [\"SELECT\"] },\n  { on = \"future",
    );
    assert_ne!(plain, SCHEMA);
    std::fs::write(project.schema_dir().join("main.toml"), &plain).unwrap();
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains("REVOKE GRANT OPTION FOR SELECT ON TABLE OPT.GOLD.SALES FROM ROLE STEWARD_T"),
        "{plan}"
    );
    project.apply_then_plan_nothing(&[]);
    assert!(
        options(&server).contains(&("OPT.GOLD.SALES".into(), "false".into())),
        "{:?}",
        options(&server)
    );
}

#[test]
fn import_writes_the_grant_option_and_plans_nothing() {
    let server = Server::start();
    let built = Project::on_server(&server, VARS, SCHEMA);
    built.apply_then_plan_nothing(&[]);

    let adopted = Project::new();
    adopted.bare_environment("sandbox", &server.base_url(), VARS);
    expect_code(
        &adopted.lakeform(&["import", "-e", "sandbox", "--scope", "OPT"]),
        0,
    );
    adopted.environment("sandbox", &server.base_url(), VARS);
    let account = std::fs::read_to_string(adopted.schema_dir().join("account.toml")).unwrap();
    assert!(account.contains("grant_option = true"), "{account}");
    let plan = adopted.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}", stdout(&plan));
}
