//! `owner` end to end on a standalone sandbox: objects declared with an owner are created
//! and then given to it (`GRANT OWNERSHIP … COPY CURRENT GRANTS`, after the owner role is
//! created), apply then plans nothing; an owner changed by hand shows in `drift` and is
//! put back; a started task graph changes owner suspended and is resumed; an owner
//! omitted is not managed; a dynamic table and an alert are owned and granted on like the
//! other kinds; `validate` refuses `owner` where lakeform cannot manage it and a task
//! graph with two owners.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

#[path = "fixtures/drift/support.rs"]
mod support;

use support::{Project, Server, expect_code, stderr, stdout};

const VARS: &[(&str, &str)] = &[("database", "OWN"), ("env", "T")];

const SCHEMA: &str = r#"
[[role]]
name = "LOADER_${env}"
member_of = ["SYSADMIN"]
privileges = [
  { on = "account", privileges = ["EXECUTE TASK"] },
  { on = "all tables in schema ${database}.RAW", privileges = ["SELECT"] },
]

[[role]]
name = "INTERN_${env}"
owner = "LOADER_${env}"
privileges = [
  { on = "dynamic table ${database}.RAW.DAILY", privileges = ["MONITOR", "SELECT"] },
  { on = "alert ${database}.RAW.NO_ORDERS", privileges = ["OPERATE"] },
]

[[warehouse]]
name = "OWN_WH_${env}"
owner = "LOADER_${env}"

[[database]]
name = "${database}"

[[schema]]
name = "${database}.RAW"
owner = "LOADER_${env}"

[[table]]
name = "${database}.RAW.ORDERS"
owner = "LOADER_${env}"
columns = [{ name = "ID", type = "NUMBER(38,0)" }]

[[sequence]]
name = "${database}.RAW.KEYS"
owner = "LOADER_${env}"

[[view]]
name = "${database}.RAW.V_ORDERS"
query = "SELECT ID FROM ORDERS"

[[dynamic_table]]
name = "${database}.RAW.DAILY"
target_lag = "5 minutes"
warehouse = "OWN_WH_${env}"
owner = "LOADER_${env}"
query = "SELECT ID, COUNT(*) AS N FROM ORDERS GROUP BY ID"

[[alert]]
name = "${database}.RAW.NO_ORDERS"
warehouse = "OWN_WH_${env}"
schedule = "60 MINUTE"
owner = "LOADER_${env}"
condition = "SELECT 1 FROM ORDERS WHERE ID IS NULL"
action = "SELECT 1"

[[task]]
name = "${database}.RAW.ROOT"
warehouse = "OWN_WH_${env}"
schedule = "60 MINUTE"
state = "started"
owner = "LOADER_${env}"
sql = "SELECT 1"

[[task]]
name = "${database}.RAW.CHILD"
warehouse = "OWN_WH_${env}"
after = ["ROOT"]
state = "started"
owner = "LOADER_${env}"
sql = "SELECT 2"
"#;

fn owner_of(server: &Server, show: &str, name: &str) -> String {
    let names = server.query(show, "name");
    let owners = server.query(show, "owner");
    let at = names.iter().position(|n| n == name).expect(name);
    owners[at].clone()
}

#[test]
fn declared_owners_are_given_after_creation_and_then_plan_nothing() {
    let server = Server::start();
    let project = Project::on_server(&server, VARS, SCHEMA);
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    let transfer = "GRANT OWNERSHIP ON TABLE OWN.RAW.ORDERS TO ROLE LOADER_T COPY CURRENT GRANTS";
    for statement in [
        transfer,
        "GRANT OWNERSHIP ON SCHEMA OWN.RAW TO ROLE LOADER_T COPY CURRENT GRANTS",
        "GRANT OWNERSHIP ON WAREHOUSE OWN_WH_T TO ROLE LOADER_T COPY CURRENT GRANTS",
        "GRANT OWNERSHIP ON ROLE INTERN_T TO ROLE LOADER_T COPY CURRENT GRANTS",
        "GRANT OWNERSHIP ON SEQUENCE OWN.RAW.KEYS TO ROLE LOADER_T COPY CURRENT GRANTS",
        "GRANT OWNERSHIP ON TASK OWN.RAW.ROOT TO ROLE LOADER_T COPY CURRENT GRANTS",
    ] {
        assert!(plan.contains(statement), "{statement}\n{plan}");
    }
    // The owner role exists before anything is given to it.
    let created = plan.find("CREATE ROLE LOADER_T").unwrap();
    assert!(created < plan.find(transfer).unwrap(), "{plan}");
    // The view declares no owner: nothing about its owner is planned.
    assert!(!plan.contains("ON VIEW OWN.RAW.V_ORDERS"), "{plan}");
    project.apply_then_plan_nothing(&[]);
    assert_eq!(
        owner_of(&server, "SHOW TABLES IN DATABASE OWN", "ORDERS"),
        "LOADER_T"
    );
    assert_eq!(
        owner_of(&server, "SHOW SCHEMAS IN DATABASE OWN", "RAW"),
        "LOADER_T"
    );
    assert_eq!(owner_of(&server, "SHOW ROLES", "INTERN_T"), "LOADER_T");
    // The graph was started again after its transfer.
    let states = server.query("SHOW TASKS IN DATABASE OWN", "state");
    assert_eq!(states, ["started", "started"], "{states:?}");
}

#[test]
fn an_owner_changed_by_hand_shows_in_drift_and_is_given_back() {
    let server = Server::start();
    let project = Project::on_server(&server, VARS, SCHEMA);
    project.apply_then_plan_nothing(&[]);

    server.sql("GRANT OWNERSHIP ON TABLE OWN.RAW.ORDERS TO ROLE SYSADMIN COPY CURRENT GRANTS");
    server.sql("ALTER TASK OWN.RAW.ROOT SUSPEND");
    server.sql("GRANT OWNERSHIP ON TASK OWN.RAW.CHILD TO ROLE SYSADMIN COPY CURRENT GRANTS");
    let drift = project.lakeform(&["drift", "-e", "sandbox"]);
    expect_code(&drift, 2);
    let report = stdout(&drift);
    assert!(
        report.contains("OWN.RAW.ORDERS") && report.contains("owner"),
        "{report}"
    );
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains(
            "GRANT OWNERSHIP ON TABLE OWN.RAW.ORDERS TO ROLE LOADER_T COPY CURRENT GRANTS"
        ),
        "{plan}"
    );
    assert!(plan.contains("needs EXECUTE TASK"), "{plan}");
    project.apply_then_plan_nothing(&[]);
    assert_eq!(
        owner_of(&server, "SHOW TABLES IN DATABASE OWN", "ORDERS"),
        "LOADER_T"
    );

    // Without `owner`, the owner is not managed: a hand change plans nothing.
    server.sql("GRANT OWNERSHIP ON VIEW OWN.RAW.V_ORDERS TO ROLE LOADER_T COPY CURRENT GRANTS");
    let plan = project.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}", stdout(&plan));
}

#[test]
fn owner_is_refused_where_it_cannot_be_managed_and_across_a_task_graph() {
    let server = Server::start();
    let mixed = SCHEMA.replacen(
        "after = [\"ROOT\"]\nstate = \"started\"\nowner = \"LOADER_${env}\"",
        "after = [\"ROOT\"]\nstate = \"started\"\nowner = \"SYSADMIN\"",
        1,
    );
    assert_ne!(mixed, SCHEMA);
    // Rules across entries: one owner per task graph, no privileges on what one owns.
    let keeper = r#"
[[role]]
name = "KEEPER_${env}"
privileges = [{ on = "sequence ${database}.RAW.OWNED", privileges = ["USAGE"] }]

[[sequence]]
name = "${database}.RAW.OWNED"
owner = "KEEPER_${env}"
"#;
    let project = Project::on_server(&server, VARS, &format!("{mixed}{keeper}"));
    let output = project.lakeform(&["validate", "-e", "sandbox"]);
    expect_code(&output, 1);
    let errors = stderr(&output);
    assert!(
        errors.contains("all tasks of a task graph must have the same owner"),
        "{errors}"
    );
    assert!(
        errors.contains("which also declares privileges on it"),
        "{errors}"
    );
    assert!(errors.contains("main.toml:"), "{errors}");

    // Rules of one entry: a role name, on a kind whose owner lakeform manages.
    let entries = r#"
[[sequence]]
name = "${database}.RAW.BADLY_OWNED"
owner = "BAD NAME!"

[[storage_integration]]
name = "OWN_INT_${env}"
azure_tenant_id = "t-1"
allowed_locations = ["azure://acct.blob.core.windows.net/landing/"]
owner = "LOADER_${env}"
"#;
    std::fs::write(
        project.schema_dir().join("main.toml"),
        format!("{SCHEMA}{entries}"),
    )
    .unwrap();
    let output = project.lakeform(&["validate", "-e", "sandbox"]);
    expect_code(&output, 1);
    let errors = stderr(&output);
    assert!(errors.contains("invalid owner role name"), "{errors}");
    assert!(
        // SHOW INTEGRATIONS has no owner column (procedures take `owner` now, read from
        // INFORMATION_SCHEMA.PROCEDURES).
        errors.contains("lakeform does not manage the owner of a storage_integration"),
        "{errors}"
    );
}

#[test]
fn import_writes_the_owners_that_are_not_the_deploy_role_and_plans_nothing() {
    let server = Server::start();
    let built = Project::on_server(&server, VARS, SCHEMA);
    built.apply_then_plan_nothing(&[]);

    let adopted = Project::new();
    adopted.bare_environment("sandbox", &server.base_url(), VARS);
    adopted.run_as("sandbox", "SYSADMIN");
    expect_code(
        &adopted.lakeform(&["import", "-e", "sandbox", "--scope", "OWN"]),
        0,
    );
    adopted.environment("sandbox", &server.base_url(), VARS);
    adopted.run_as("sandbox", "SYSADMIN");
    let raw = std::fs::read_to_string(adopted.schema_dir().join("raw.toml")).unwrap();
    // Owned by LOADER_T: written; the view, owned by SYSADMIN (the deploy role), is not.
    let entry = |name: &str| {
        let at = &raw[raw.find(&format!("name = \"{name}\"")).unwrap()..];
        at[..at.find("\n[[").unwrap_or(at.len())].to_string()
    };
    for owned in ["RAW", "ORDERS", "KEYS", "ROOT", "CHILD"] {
        assert!(entry(owned).contains("owner = \"LOADER_T\""), "{raw}");
    }
    assert!(!entry("V_ORDERS").contains("owner"), "{raw}");
    let plan = adopted.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}", stdout(&plan));
}
