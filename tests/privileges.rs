//! Rehearsing the deploy role's privileges: an environment whose `role` lacks a privilege
//! the plan needs fails its apply on the sandbox at the first statement that needs it,
//! with Snowflake's 003001 text naming the privilege, exit 1, and nothing that depends on
//! it run; once the privilege is granted the same apply succeeds and the next plan is empty.
//! The embedded sandbox takes the environment's `role` the same way, and the shipped
//! example applies as the deploy role holding the account privileges `environments/dev.toml`
//! lists, bootstrapped by an environment that names no role (the sandbox's administrator).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

#[path = "fixtures/drift/support.rs"]
mod support;

use support::{Project, Server, expect_code, stderr, stdout};

const SCHEMA: &str = r#"
[[warehouse]]
name = "LOAD_WH"

[[database]]
name = "SHOP"

[[schema]]
name = "SHOP.BRONZE"

[[table]]
name = "SHOP.BRONZE.ORDERS"
columns = [{ name = "ID", type = "NUMBER(38,0)" }]

[[task]]
name = "SHOP.BRONZE.LOAD"
warehouse = "LOAD_WH"
schedule = "60 MINUTE"
state = "started"
sql = "SELECT 1"
"#;

/// A project on `server` whose environment `sandbox` deploys as `role`.
fn project(server: &Server, role: &str) -> Project {
    let project = Project::new();
    project.environment("sandbox", &server.base_url(), &[]);
    let file = project.path().join("environments").join("sandbox.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}role = \"{role}\"\n")).unwrap();
    project.write_schema(SCHEMA);
    project
}

fn apply(project: &Project) -> std::process::Output {
    project.lakeform(&["apply", "-e", "sandbox", "--auto-approve"])
}

fn plans_nothing(project: &Project) {
    expect_code(
        &project.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]),
        0,
    );
}

#[test]
fn a_deploy_role_without_execute_task_fails_at_the_first_resume() {
    let server = Server::start();
    // The deploy role of environments/dev.toml, less EXECUTE TASK.
    server.sql(
        "CREATE ROLE DEPLOYER;
         GRANT CREATE DATABASE, CREATE WAREHOUSE ON ACCOUNT TO ROLE DEPLOYER",
    );
    let project = project(&server, "DEPLOYER");

    let failed = apply(&project);
    expect_code(&failed, 1);
    let report = format!("{}{}", stdout(&failed), stderr(&failed));
    // Snowflake's 003001 text, as apply reports a failed statement.
    assert!(
        report.contains("Insufficient privileges to operate on account 'SANDBOX'."),
        "{report}"
    );
    assert!(
        report.contains("Your primary role DEPLOYER must have EXECUTE TASK granted on ACCOUNT"),
        "{report}"
    );
    assert!(
        report.contains("FAILED resume  task SHOP.BRONZE.LOAD: SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('SHOP.BRONZE.LOAD')"),
        "{report}"
    );
    // Everything before the resume ran, as the deploy role: it owns what it created.
    assert_eq!(
        server.query("SHOW TABLES IN SCHEMA SHOP.BRONZE", "owner"),
        ["DEPLOYER"]
    );
    assert_eq!(
        server.query("SHOW TASKS IN SCHEMA SHOP.BRONZE", "state"),
        ["suspended"]
    );

    server.sql("GRANT EXECUTE TASK ON ACCOUNT TO ROLE DEPLOYER");
    expect_code(&apply(&project), 0);
    assert_eq!(
        server.query("SHOW TASKS IN SCHEMA SHOP.BRONZE", "state"),
        ["started"]
    );
    plans_nothing(&project);
}

#[test]
fn a_deploy_role_without_create_schema_creates_nothing_in_the_database() {
    let server = Server::start();
    // The database exists, owned by SYSADMIN; the deploy role may use it, not add to it.
    // (It needs CREATE DATABASE all the same: apply's lock is a transient database.)
    server.sql(
        "CREATE DATABASE SHOP;
         CREATE ROLE DEPLOYER;
         GRANT USAGE ON DATABASE SHOP TO ROLE DEPLOYER;
         GRANT CREATE DATABASE, CREATE WAREHOUSE, EXECUTE TASK ON ACCOUNT TO ROLE DEPLOYER",
    );
    let project = project(&server, "DEPLOYER");

    let failed = apply(&project);
    expect_code(&failed, 1);
    let report = format!("{}{}", stdout(&failed), stderr(&failed));
    assert!(
        report.contains("Insufficient privileges to operate on database 'SHOP'"),
        "{report}"
    );
    assert!(
        report.contains(
            "Your primary role DEPLOYER must have CREATE SCHEMA granted on DATABASE SHOP"
        ),
        "{report}"
    );
    // Nothing that needs the schema ran.
    assert!(
        server
            .query("SHOW SCHEMAS IN DATABASE SHOP", "name")
            .iter()
            .all(|s| s != "BRONZE")
    );

    server.sql("GRANT CREATE SCHEMA ON DATABASE SHOP TO ROLE DEPLOYER");
    expect_code(&apply(&project), 0);
    plans_nothing(&project);
    assert_eq!(
        server.query("SHOW SCHEMAS LIKE 'BRONZE' IN DATABASE SHOP", "owner"),
        ["DEPLOYER"]
    );
}

#[test]
fn the_embedded_sandbox_runs_as_the_environments_role() {
    let project = Project::new();
    std::fs::write(
        project.path().join("environments").join("sandbox.toml"),
        "include = [\"../schema/*.toml\"]\n\n[snowflake]\nsandbox = \".lakeform/sandbox\"\nrole = \"PUBLIC\"\n",
    )
    .unwrap();
    project.write_schema(SCHEMA);
    let failed = apply(&project);
    expect_code(&failed, 1);
    let report = format!("{}{}", stdout(&failed), stderr(&failed));
    assert!(
        report.contains("Your primary role PUBLIC must have CREATE"),
        "{report}"
    );
}

/// The deploy role's account privileges as `environments/dev.toml` lists them.
const DEPLOYER: &[&str] = &[
    "CREATE DATABASE",
    "CREATE WAREHOUSE",
    "CREATE INTEGRATION",
    "CREATE ROLE",
    "EXECUTE TASK",
    "EXECUTE ALERT",
    "EXECUTE DATA METRIC FUNCTION",
    "MANAGE GRANTS",
];

/// `boot/deployer.toml`: the deploy role and its account privileges, which the `boot`
/// environment (no role: the sandbox's administrator) applies to the same sandbox.
fn bootstrap(project: &Project, privileges: &[&str]) {
    let listed: Vec<String> = privileges.iter().map(|p| format!("\"{p}\"")).collect();
    std::fs::write(
        project.path().join("boot").join("deployer.toml"),
        format!(
            "[[role]]\nname = \"LAKEFORM_DEPLOYER\"\nmember_of = [\"SYSADMIN\"]\nprivileges = [{{ on = \"account\", privileges = [{}] }}]\n",
            listed.join(", ")
        ),
    )
    .unwrap();
    expect_code(
        &project.lakeform(&["apply", "-e", "boot", "--auto-approve"]),
        0,
    );
}

#[test]
fn the_shipped_example_applies_as_the_deploy_role_and_only_with_its_privileges() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = Project::new();
    for entry in std::fs::read_dir(root.join("schema")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, project.schema_dir().join(path.file_name().unwrap())).unwrap();
    }
    let environments = project.path().join("environments");
    let sandbox = std::fs::read_to_string(root.join("environments").join("sandbox.toml")).unwrap();
    let deploying = sandbox.replace(
        "sandbox = \".lakeform/sandbox\"\n",
        "sandbox = \".lakeform/sandbox\"\nrole = \"LAKEFORM_DEPLOYER\"\n",
    );
    assert_ne!(
        deploying, sandbox,
        "the sandbox environment names its directory"
    );
    std::fs::write(environments.join("sandbox.toml"), deploying).unwrap();
    std::fs::write(
        environments.join("boot.toml"),
        "include = [\"../boot/*.toml\"]\n\n[snowflake]\nsandbox = \".lakeform/sandbox\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(project.path().join("boot")).unwrap();

    // Without MANAGE GRANTS the access model's first FUTURE grant stops the apply.
    let short: Vec<&str> = DEPLOYER
        .iter()
        .copied()
        .filter(|p| *p != "MANAGE GRANTS")
        .collect();
    bootstrap(&project, &short);
    let failed = apply(&project);
    expect_code(&failed, 1);
    let report = format!("{}{}", stdout(&failed), stderr(&failed));
    assert!(
        report
            .contains("FAILED change  role LOADER_SANDBOX: GRANT INSERT, SELECT ON FUTURE TABLES"),
        "{report}"
    );
    assert!(
        report.contains("Snowflake error 003001 (42501): SQL access control error:"),
        "{report}"
    );
    assert!(
        report.contains(
            "Your primary role LAKEFORM_DEPLOYER must have MANAGE GRANTS granted on ACCOUNT."
        ),
        "{report}"
    );

    // What waits for the refused grants does not run (the statements of one wave run
    // concurrently: how many fail with it depends on the order they are sent in).
    assert!(
        report.contains("Apply FAILED") && report.contains("Not started:"),
        "{report}"
    );

    // With the privileges dev.toml lists, all of it applies and plans nothing.
    bootstrap(&project, DEPLOYER);
    expect_code(&apply(&project), 0);
    plans_nothing(&project);
}
