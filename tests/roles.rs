//! The `role` kind end to end on a standalone sandbox: every form of grant (object,
//! account, ALL, FUTURE, a hierarchy under SYSADMIN) applies and then plans nothing; a
//! privilege granted by hand shows in `drift` (exit 2, named) and is revoked by the next
//! apply; a privilege revoked by hand shows and is granted again; a FUTURE grant reaches a
//! table created later; `import` adopts the roles and re-plans empty; a bad target or
//! privilege is refused at `validate`, pointing into the file.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

#[path = "fixtures/drift/support.rs"]
mod support;

use support::{Project, Server, expect_code, stderr, stdout};

const VARS: &[(&str, &str)] = &[("database", "GOV"), ("env", "T")];

const SCHEMA: &str = r#"
[[warehouse]]
name = "BI_WH_${env}"

[[database]]
name = "${database}"

[[schema]]
name = "${database}.GOLD"

[[table]]
name = "${database}.GOLD.SALES"
columns = [{ name = "ID", type = "NUMBER(38,0)" }]

[[view]]
name = "${database}.GOLD.V_SALES"
query = "SELECT ID FROM SALES"

[[role]]
name = "READER_${env}"
comment = "reads GOLD"
member_of = ["SYSADMIN"]
privileges = [
  { on = "account", privileges = ["EXECUTE TASK"] },
  { on = "warehouse BI_WH_${env}", privileges = ["usage", "operate"] },
  { on = "database ${database}", privileges = ["USAGE"] },
  { on = "schema ${database}.GOLD", privileges = ["ALL"] },
  { on = "all tables in schema ${database}.GOLD", privileges = ["SELECT"] },
  { on = "all views in database ${database}", privileges = ["SELECT"] },
  { on = "future tables in schema ${database}.GOLD", privileges = ["SELECT"] },
  { on = "future views in database ${database}", privileges = ["SELECT"] },
]

[[database_role]]
name = "${database}.GOLD_READER"
comment = "GOLD, for sharing"
member_of = ["INTERN_${env}"]
privileges = [
  { on = "schema ${database}.GOLD", privileges = ["USAGE"] },
  { on = "future views in schema ${database}.GOLD", privileges = ["SELECT"] },
]

[[role]]
name = "INTERN_${env}"
member_of = ["READER_${env}"]
privileges = [{ on = "view ${database}.GOLD.V_SALES", privileges = ["SELECT"] }]
"#;

fn project(server: &Server) -> Project {
    Project::on_server(server, VARS, SCHEMA)
}

fn apply_then_plan_nothing(project: &Project) {
    project.apply_then_plan_nothing(&[]);
}

#[test]
fn every_form_applies_and_then_plans_nothing() {
    let server = Server::start();
    let project = project(&server);
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    // The hierarchy and each target are their own statements; the ALL grant waits for
    // the table it reaches.
    for statement in [
        "CREATE ROLE READER_T COMMENT = 'reads GOLD'",
        "GRANT ROLE READER_T TO ROLE SYSADMIN",
        "GRANT ROLE INTERN_T TO ROLE READER_T",
        "GRANT EXECUTE TASK ON ACCOUNT TO ROLE READER_T",
        "GRANT OPERATE, USAGE ON WAREHOUSE BI_WH_T TO ROLE READER_T",
        "GRANT SELECT ON ALL TABLES IN SCHEMA GOV.GOLD TO ROLE READER_T",
        "GRANT SELECT ON FUTURE VIEWS IN DATABASE GOV TO ROLE READER_T",
        "CREATE DATABASE ROLE GOV.GOLD_READER COMMENT = 'GOLD, for sharing'",
        "GRANT DATABASE ROLE GOV.GOLD_READER TO ROLE INTERN_T",
        "GRANT SELECT ON FUTURE VIEWS IN SCHEMA GOV.GOLD TO DATABASE ROLE GOV.GOLD_READER",
    ] {
        assert!(plan.contains(statement), "{statement}\n{plan}");
    }
    apply_then_plan_nothing(&project);
    // ALL on a schema is Snowflake's concrete list, one row per privilege.
    let privileges = server.query("SHOW GRANTS TO ROLE READER_T", "privilege");
    assert!(
        privileges.iter().any(|p| p == "CREATE TABLE"),
        "{privileges:?}"
    );
    assert!(!privileges.iter().any(|p| p == "OWNERSHIP" || p == "ALL"));

    // A FUTURE grant reaches what is created later; the plan does not revoke it.
    server.sql("CREATE TABLE GOV.GOLD.LATER (ID NUMBER)");
    // (the first row is the creating role's OWNERSHIP).
    let on_later = server.query("SHOW GRANTS ON TABLE GOV.GOLD.LATER", "grantee_name");
    assert_eq!(on_later, ["SYSADMIN", "READER_T"]);
    let drift = project.lakeform(&["drift", "-e", "sandbox"]);
    assert!(!stdout(&drift).contains("READER_T"), "{}", stdout(&drift));
}

#[test]
fn a_hand_grant_and_a_hand_revoke_show_in_drift_and_are_put_right() {
    let server = Server::start();
    let project = project(&server);
    apply_then_plan_nothing(&project);

    server.sql("GRANT INSERT ON TABLE GOV.GOLD.SALES TO ROLE READER_T");
    let drift = project.lakeform(&["drift", "-e", "sandbox"]);
    expect_code(&drift, 2);
    let report = stdout(&drift);
    assert!(
        report.contains("READER_T") && report.contains("privileges.table GOV.GOLD.SALES"),
        "{report}"
    );
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains("REVOKE INSERT ON TABLE GOV.GOLD.SALES FROM ROLE READER_T"),
        "{plan}"
    );
    assert!(plan.contains("no data is lost"), "{plan}");
    apply_then_plan_nothing(&project);
    let privileges = server.query("SHOW GRANTS ON TABLE GOV.GOLD.SALES", "privilege");
    assert!(!privileges.iter().any(|p| p == "INSERT"), "{privileges:?}");

    // A hand revoke, of a privilege, a future grant and a place in the hierarchy.
    server.sql("REVOKE USAGE ON WAREHOUSE BI_WH_T FROM ROLE READER_T");
    server.sql("REVOKE SELECT ON FUTURE TABLES IN SCHEMA GOV.GOLD FROM ROLE READER_T");
    server.sql("REVOKE ROLE INTERN_T FROM ROLE READER_T");
    server.sql("REVOKE USAGE ON SCHEMA GOV.GOLD FROM DATABASE ROLE GOV.GOLD_READER");
    let drift = project.lakeform(&["drift", "-e", "sandbox"]);
    expect_code(&drift, 2);
    let report = stdout(&drift);
    for attribute in [
        "privileges.warehouse BI_WH_T",
        "privileges.future tables in schema GOV.GOLD",
        "member_of",
    ] {
        assert!(report.contains(attribute), "{attribute}\n{report}");
    }
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    for statement in [
        "GRANT USAGE ON WAREHOUSE BI_WH_T TO ROLE READER_T",
        "GRANT SELECT ON FUTURE TABLES IN SCHEMA GOV.GOLD TO ROLE READER_T",
        "GRANT ROLE INTERN_T TO ROLE READER_T",
        "GRANT USAGE ON SCHEMA GOV.GOLD TO DATABASE ROLE GOV.GOLD_READER",
    ] {
        assert!(plan.contains(statement), "{statement}\n{plan}");
    }
    apply_then_plan_nothing(&project);

    // A table created by hand without the grant: the declared ALL grant runs again.
    server.sql("REVOKE SELECT ON FUTURE TABLES IN SCHEMA GOV.GOLD FROM ROLE READER_T");
    server.sql("CREATE TABLE GOV.GOLD.BY_HAND (ID NUMBER)");
    server.sql("GRANT SELECT ON FUTURE TABLES IN SCHEMA GOV.GOLD TO ROLE READER_T");
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains("GRANT SELECT ON ALL TABLES IN SCHEMA GOV.GOLD TO ROLE READER_T"),
        "{plan}"
    );
    apply_then_plan_nothing(&project);
}

#[test]
fn import_adopts_roles_and_their_grants_and_plans_nothing() {
    let server = Server::start();
    let built = project(&server);
    apply_then_plan_nothing(&built);

    let adopted = Project::new();
    adopted.bare_environment("sandbox", &server.base_url(), VARS);
    let output = adopted.lakeform(&["import", "-e", "sandbox", "--scope", "GOV"]);
    expect_code(&output, 0);
    adopted.environment("sandbox", &server.base_url(), VARS);
    let account = std::fs::read_to_string(adopted.schema_dir().join("account.toml")).unwrap();
    // The roles holding privileges in GOV, their place under SYSADMIN included.
    assert!(
        account
            .contains("name = \"READER_T\"\ncomment = \"reads GOLD\"\nmember_of = [\"SYSADMIN\"]"),
        "{account}"
    );
    assert!(account.contains("member_of = [\"READER_T\"]"), "{account}");
    assert!(account.contains("[[database_role]]"), "{account}");
    let plan = adopted.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]);
    expect_code(&plan, 0);
}

#[test]
fn a_bad_target_or_privilege_is_refused_at_its_place() {
    let server = Server::start();
    let project = project(&server);
    let text = SCHEMA
        .replace(
            "\"warehouse BI_WH_${env}\", privileges = [\"usage\"",
            "\"warehouse BI_WH_${env}\", privileges = [\"select\"",
        )
        .replace(
            "\"database ${database}\", privileges",
            "\"databse ${database}\", privileges",
        );
    project.write_schema(&text);
    let output = project.lakeform(&["validate", "-e", "sandbox"]);
    expect_code(&output, 1);
    let errors = stderr(&output);
    assert!(
        errors.contains("`SELECT` cannot be granted on warehouse") && errors.contains("main.toml:"),
        "{errors}"
    );
    assert!(errors.contains("unknown object type `databse`"), "{errors}");
}
