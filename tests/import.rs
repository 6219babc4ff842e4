//! `lakeform import` end to end on the sandbox: a database built by the hand-written
//! script (stages, file formats, streams, a task graph with WHEN and AFTER, SQL
//! procedures with MERGE, views) is imported, and the plan that follows is empty.

#[path = "fixtures/drift/support.rs"]
mod support;

use support::{Project, Server, expect_code, imported, stdout};

#[test]
fn an_imported_database_plans_empty() {
    let server = Server::handwritten();
    let project = imported(&server);
    let plan = project.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]);
    expect_code(&plan, 0);
    assert!(
        stdout(&plan).starts_with("No changes."),
        "{}",
        stdout(&plan)
    );
}

#[test]
fn imported_files_use_defaults_variables_and_multiline_bodies() {
    let server = Server::handwritten();
    let project = imported(&server);
    let dir = project.schema_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["account.toml", "bronze.toml", "gold.toml", "silver.toml"]
    );
    for name in &names {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        assert!(
            text.starts_with("#:schema ./lakeform.schema.json\n"),
            "{name}"
        );
    }
    let account = std::fs::read_to_string(dir.join("account.toml")).unwrap();
    assert!(
        account.contains("name = \"COMPUTE_WH_${env}\""),
        "{account}"
    );
    assert!(
        account.contains("name = \"ADLS_LANDING_${env}\""),
        "{account}"
    );
    assert!(account.contains("name = \"${database}\""), "{account}");
    let silver = std::fs::read_to_string(dir.join("silver.toml")).unwrap();
    assert!(
        silver.contains("[defaults]\ndatabase = \"${database}\"\nschema = \"SILVER\"\n"),
        "{silver}"
    );
    assert!(
        silver.contains("name = \"MERGE_ORDER_FACT_TASK\""),
        "{silver}"
    );
    assert!(
        silver.contains(
            "after = [\"MERGE_CUSTOMER_DIMENSION_TASK\", \"MERGE_PRODUCT_DIMENSION_TASK\"]"
        ),
        "{silver}"
    );
    assert!(silver.contains("body = '''\n"), "{silver}");
    assert!(
        silver.contains("merge into silver.customer as tgt"),
        "{silver}"
    );
    let bronze = std::fs::read_to_string(dir.join("bronze.toml")).unwrap();
    assert!(bronze.contains("on_table = \"RAW_CUSTOMER\""), "{bronze}");
    assert!(
        bronze.contains("storage_integration = \"ADLS_LANDING_${env}\""),
        "{bronze}"
    );
}

#[test]
fn existing_files_are_not_overwritten_without_force() {
    let server = Server::handwritten();
    let project = imported(&server);
    let out = project.path().join("again");
    std::fs::create_dir_all(&out).unwrap();
    let bronze = out.join("bronze.toml");
    std::fs::write(&bronze, "# mine\n").unwrap();
    let out = out.to_str().unwrap();
    let args = [
        "import",
        "-e",
        "sandbox",
        "--scope",
        "PACIFICRETAIL_HANDWRITTEN",
        "--out",
        out,
    ];
    let refused = project.lakeform(&args);
    expect_code(&refused, 1);
    assert!(
        support::stderr(&refused).contains("--force"),
        "{}",
        support::stderr(&refused)
    );
    assert_eq!(std::fs::read_to_string(&bronze).unwrap(), "# mine\n");
    assert!(!project.path().join("again/account.toml").exists());
    let forced = project.lakeform(&[&args[..], &["--force"]].concat());
    expect_code(&forced, 0);
    assert!(
        std::fs::read_to_string(&bronze)
            .unwrap()
            .starts_with("#:schema")
    );
}

#[test]
fn a_schema_scope_writes_that_schema_and_what_it_references() {
    let server = Server::handwritten();
    let project = Project::new();
    project.bare_environment("sandbox", &server.base_url(), support::HANDWRITTEN_VARS);
    let out = project.path().join("imported");
    let output = project.lakeform(&[
        "import",
        "-e",
        "sandbox",
        "--scope",
        "pacificretail_handwritten.bronze",
        "--out",
        out.to_str().unwrap(),
    ]);
    expect_code(&output, 0);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["account.toml", "bronze.toml"]);
    let account = std::fs::read_to_string(out.join("account.toml")).unwrap();
    assert!(account.contains("[[warehouse]]") && account.contains("[[storage_integration]]"));
}

#[test]
fn a_missing_database_is_an_error() {
    let server = Server::start();
    let project = Project::new();
    project.bare_environment("sandbox", &server.base_url(), &[]);
    let output = project.lakeform(&["import", "-e", "sandbox", "--scope", "NOPE"]);
    expect_code(&output, 1);
    assert!(support::stderr(&output).contains("database NOPE does not exist"));
}

#[test]
fn literals_naming_the_database_in_another_case_are_reported() {
    let server = Server::handwritten();
    let project = Project::new();
    project.bare_environment("sandbox", &server.base_url(), support::HANDWRITTEN_VARS);
    let output = project.lakeform(&[
        "import",
        "-e",
        "sandbox",
        "--scope",
        "PACIFICRETAIL_HANDWRITTEN.SILVER",
        "--out",
        project.path().join("silver_only").to_str().unwrap(),
    ]);
    expect_code(&output, 0);
    let text = stdout(&output);
    assert!(
        text.contains(
            "note: task PACIFICRETAIL_HANDWRITTEN.SILVER.MERGE_CUSTOMER_DIMENSION_TASK when: the string literal 'pacificretail_handwritten.bronze.customer_changes_stream' holds the value of ${database} in another case"
        ),
        "{text}"
    );
    assert!(!text.contains("lake container(s)"), "{text}");
}
