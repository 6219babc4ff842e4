//! `lakeform import` end to end on the sandbox: a database built by the hand-written
//! script (stages, file formats, streams, a task graph with WHEN and AFTER, SQL
//! procedures with MERGE, views) is imported, and the plan that follows is empty.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

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

// ---------------------------------------------------------------------------------------
// Adopting into a project started by `lakeform init`: the environment is edited as a user
// would (its vars and connections), never the schema files, and the plan after the
// import is empty.

/// `lakeform init` in a fresh directory; returns it and the project inside it.
fn init_project() -> (tempfile::TempDir, std::path::PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_lakeform"))
        .arg("-C")
        .arg(root.path())
        .args(["init", "project"])
        .output()
        .unwrap();
    expect_code(&output, 0);
    let project = root.path().join("project");
    (root, project)
}

/// Runs `lakeform -C <project> <args>`.
fn run(project: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_lakeform"))
        .arg("-C")
        .arg(project)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?} in\n{text}");
    text.replace(from, to)
}

/// The edits a user makes to init's sandbox environment to adopt the hand-written
/// database: its name and env suffix as variables, the standalone sandbox as Snowflake,
/// and the lake kept (`lake = true`, `.lakeform/lake`) or removed.
fn adopt_handwritten(project: &std::path::Path, server: &Server, lake: bool) -> String {
    let path = project.join("environments/sandbox.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = replace_once(&text, "env = \"SANDBOX\"", "env = \"HANDWRITTEN\"");
    let text = replace_once(
        &text,
        "database = \"MY_PROJECT_SANDBOX\"",
        "database = \"PACIFICRETAIL_HANDWRITTEN\"",
    );
    let text = replace_once(
        &text,
        "sandbox = \".lakeform/sandbox\"",
        &format!(
            "url = \"{}\"\naccount = \"A\"\nuser = \"U\"\nauthenticator = \"pat\"\ntoken = \"x\"",
            server.base_url()
        ),
    );
    let text = if lake {
        text
    } else {
        replace_once(&text, "\n[adls]\nsandbox = \".lakeform/lake\"\n", "")
    };
    std::fs::write(&path, &text).unwrap();
    text
}

/// The landing container in the project's local lake, as the lake team made it.
fn landing_in_lake(project: &std::path::Path, server: &Server) {
    use lakeform::kinds::container::Container;
    use lakeform::providers::adls::{AdlsOperation, Lake, LakeSettings};
    let mut landing = Container::new("landing").unwrap();
    landing
        .set_metadata([("owner", "data-platform"), ("environment", "HANDWRITTEN")])
        .unwrap();
    landing.comment = Some("landing zone".into());
    let dir = project.join(".lakeform/lake");
    server.runtime.block_on(async {
        let lake = Lake::connect(&LakeSettings::Sandbox { dir }).await.unwrap();
        lake.execute(&AdlsOperation::create_container(&landing))
            .await
            .unwrap();
        lake.execute(&AdlsOperation::CreateDirectory {
            container: "landing".into(),
            path: "customer/2026".into(),
        })
        .await
        .unwrap();
    });
}

#[test]
fn an_init_project_adopts_a_database_and_its_lake_container_and_plans_empty() {
    let server = Server::handwritten();
    let (_root, project) = init_project();
    let environment = adopt_handwritten(&project, &server, true);
    landing_in_lake(&project, &server);

    let output = run(
        &project,
        &[
            "import",
            "-e",
            "sandbox",
            "--scope",
            "PACIFICRETAIL_HANDWRITTEN",
        ],
    );
    expect_code(&output, 0);
    let text = stdout(&output);
    assert!(
        text.contains("removed schema/main.toml: it was `lakeform init`'s placeholder"),
        "{text}"
    );
    assert!(
        text.contains("the stages use the lake container landing: declared in lake.toml"),
        "{text}"
    );
    assert!(
        text.contains("which environments/sandbox.toml includes"),
        "{text}"
    );
    assert!(!project.join("schema/main.toml").exists());
    let lake = std::fs::read_to_string(project.join("schema/lake.toml")).unwrap();
    assert!(
        lake.starts_with("#:schema ./lakeform.schema.json\n"),
        "{lake}"
    );
    assert!(
        lake.contains(
            "[[container]]\nname = \"landing\"\ncomment = \"landing zone\"\npublic_access = \"none\"\nmetadata = { environment = \"${env}\", owner = \"data-platform\" }\n"
        ),
        "{lake}"
    );
    let account = std::fs::read_to_string(project.join("schema/account.toml")).unwrap();
    assert!(
        account.contains("[[database]]\nname = \"${database}\""),
        "{account}"
    );
    // The environment file is left as the user wrote it: the lake speaks for the container.
    assert_eq!(
        std::fs::read_to_string(project.join("environments/sandbox.toml")).unwrap(),
        environment
    );

    let plan = run(&project, &["plan", "-e", "sandbox", "--detailed-exitcode"]);
    expect_code(&plan, 0);
    assert!(
        stdout(&plan).starts_with("No changes."),
        "{}",
        stdout(&plan)
    );
}

/// The Azure half of auto-ingest in the project's local lake: a queue and the Event Grid
/// subscription announcing the landing container's order files to it, and another
/// subscription on a container no stage uses.
fn auto_ingest_in_lake(project: &std::path::Path, server: &Server) {
    use lakeform::kinds::event_subscription::{EventSubscription, subject_prefix};
    use lakeform::providers::adls::{AdlsOperation, Lake, LakeSettings};
    let dir = project.join(".lakeform/lake");
    let subscription = |name: &str, container: &str, queue: &str| EventSubscription {
        name: name.into(),
        queue: queue.into(),
        event_types: vec!["Microsoft.Storage.BlobCreated".into()],
        subject_begins_with: subject_prefix(container, "order/"),
        subject_ends_with: ".parquet".into(),
        case_sensitive: false,
        delivery_schema: "EventGridSchema".into(),
    };
    server.runtime.block_on(async {
        let lake = Lake::connect(&LakeSettings::Sandbox { dir }).await.unwrap();
        for op in [
            AdlsOperation::CreateQueue {
                name: "orders-events".into(),
                metadata: [("owner".to_string(), "data-platform".to_string())].into(),
                comment: Some("Snowpipe".into()),
            },
            AdlsOperation::CreateQueue {
                name: "elsewhere".into(),
                metadata: Default::default(),
                comment: None,
            },
            AdlsOperation::PutEventSubscription {
                subscription: subscription("ordersblobcreated", "landing", "orders-events"),
            },
            AdlsOperation::PutEventSubscription {
                subscription: subscription("archived", "archive", "elsewhere"),
            },
        ] {
            lake.execute(&op).await.unwrap();
        }
    });
}

#[test]
fn an_import_adopts_the_subscriptions_and_queues_of_the_stages_containers_and_plans_empty() {
    let server = Server::handwritten();
    let (_root, project) = init_project();
    adopt_handwritten(&project, &server, true);
    landing_in_lake(&project, &server);
    auto_ingest_in_lake(&project, &server);

    let output = run(
        &project,
        &[
            "import",
            "-e",
            "sandbox",
            "--scope",
            "PACIFICRETAIL_HANDWRITTEN",
        ],
    );
    expect_code(&output, 0);
    let text = stdout(&output);
    assert!(
        text.contains("note: the lake's event subscription ordersblobcreated announces files of the stages' containers: declared in lake.toml"),
        "{text}"
    );
    let lake = std::fs::read_to_string(project.join("schema/lake.toml")).unwrap();
    assert!(
        lake.contains(
            "[[storage_queue]]\nname = \"orders-events\"\ncomment = \"Snowpipe\"\nmetadata = { owner = \"data-platform\" }\n"
        ),
        "{lake}"
    );
    assert!(
        lake.contains(
            "[[event_subscription]]\nname = \"ordersblobcreated\"\nqueue = \"orders-events\"\ncontainer = \"landing\"\npath = \"order/\"\nsuffix = \".parquet\"\n"
        ),
        "{lake}"
    );
    assert!(
        !lake.contains("archived") && !lake.contains("elsewhere"),
        "{lake}"
    );

    // The other queue and subscription are the lake's, unmanaged: listed, not changed.
    let plan = run(&project, &["plan", "-e", "sandbox", "--detailed-exitcode"]);
    expect_code(&plan, 0);
    let shown = stdout(&plan);
    assert!(shown.starts_with("No changes."), "{shown}");
}

#[test]
fn an_init_project_without_a_lake_lists_the_container_under_external_and_plans_empty() {
    let server = Server::handwritten();
    let (_root, project) = init_project();
    let before = adopt_handwritten(&project, &server, false);

    let output = run(
        &project,
        &[
            "import",
            "-e",
            "sandbox",
            "--scope",
            "PACIFICRETAIL_HANDWRITTEN",
        ],
    );
    expect_code(&output, 0);
    let text = stdout(&output);
    assert!(
        text.contains(
            "note: the stages use the lake container landing, which lakeform cannot read (the environment has no [adls] section to read it from): listed under `external` in environments/sandbox.toml"
        ),
        "{text}"
    );
    assert!(!project.join("schema/lake.toml").exists());
    // One line added; every other line, comments included, as it was.
    let after = std::fs::read_to_string(project.join("environments/sandbox.toml")).unwrap();
    let added: Vec<&str> = after
        .lines()
        .filter(|l| l.starts_with("external = "))
        .collect();
    assert_eq!(added.len(), 1, "{after}");
    assert!(added[0].starts_with("external = [\"landing\"]"), "{after}");
    let kept: Vec<&str> = after
        .lines()
        .filter(|l| !l.starts_with("external = "))
        .collect();
    assert_eq!(kept, before.lines().collect::<Vec<_>>());

    let plan = run(&project, &["plan", "-e", "sandbox", "--detailed-exitcode"]);
    expect_code(&plan, 0);
    assert!(
        stdout(&plan).starts_with("No changes."),
        "{}",
        stdout(&plan)
    );
}

#[test]
fn a_lake_in_another_storage_account_is_not_asked_and_the_container_is_external() {
    let server = Server::handwritten();
    let (_root, project) = init_project();
    adopt_handwritten(&project, &server, true);
    let path = project.join("environments/sandbox.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    // Nothing listens on the endpoint: a request to it would fail the import.
    let text = replace_once(
        &text,
        "sandbox = \".lakeform/lake\"",
        "account = \"otheraccount\"\nauth = \"sas\"\nsas_token = \"sv=2024-11-04&sig=x\"\nendpoint = \"http://127.0.0.1:9\"",
    );
    std::fs::write(&path, text).unwrap();
    let output = run(
        &project,
        &[
            "import",
            "-e",
            "sandbox",
            "--scope",
            "PACIFICRETAIL_HANDWRITTEN",
        ],
    );
    expect_code(&output, 0);
    assert!(
        stdout(&output).contains(
            "landing, which lakeform cannot read (the stages name the storage account pacificretailsandbox, not the environment's otheraccount)"
        ),
        "{}",
        stdout(&output)
    );
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.contains("external = [\"landing\"]"), "{after}");
    expect_code(&run(&project, &["validate", "-e", "sandbox"]), 0);
}

#[test]
fn a_declaration_the_user_wrote_wins_over_the_import() {
    let server = Server::handwritten();
    let (_root, project) = init_project();
    adopt_handwritten(&project, &server, false);
    // Edited: no longer init's placeholder, so it is the user's declaration.
    let main = project.join("schema/main.toml");
    let mut text = std::fs::read_to_string(&main).unwrap();
    text.push_str("# ours\n");
    std::fs::write(&main, &text).unwrap();

    let output = run(
        &project,
        &[
            "import",
            "-e",
            "sandbox",
            "--scope",
            "PACIFICRETAIL_HANDWRITTEN",
        ],
    );
    expect_code(&output, 0);
    assert!(
        stdout(&output).contains(
            "note: database PACIFICRETAIL_HANDWRITTEN is declared at schema/main.toml:6:8 already: not written again"
        ),
        "{}",
        stdout(&output)
    );
    assert_eq!(std::fs::read_to_string(&main).unwrap(), text);
    let account = std::fs::read_to_string(project.join("schema/account.toml")).unwrap();
    assert!(!account.contains("[[database]]"), "{account}");
    // No duplicate: the project validates, and the plan shows only the comment main.toml
    // gives the database.
    expect_code(&run(&project, &["validate", "-e", "sandbox"]), 0);
    let plan = run(&project, &["plan", "-e", "sandbox", "--detailed-exitcode"]);
    expect_code(&plan, 2);
    assert!(stdout(&plan).contains("comment"), "{}", stdout(&plan));
}

#[test]
fn an_include_pattern_matching_nothing_yet_is_fine_for_import_only() {
    let server = Server::handwritten();
    let project = Project::new();
    project.environment("sandbox", &server.base_url(), support::HANDWRITTEN_VARS);
    // validate and plan keep refusing a pattern that matches nothing (a typo).
    let validate = project.lakeform(&["validate", "-e", "sandbox"]);
    expect_code(&validate, 1);
    assert!(
        support::stderr(&validate).contains("matches no files"),
        "{}",
        support::stderr(&validate)
    );
    let output = project.lakeform(&[
        "import",
        "-e",
        "sandbox",
        "--scope",
        "PACIFICRETAIL_HANDWRITTEN",
    ]);
    expect_code(&output, 0);
    let plan = project.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]);
    expect_code(&plan, 0);
}
