//! Snowpipe auto-ingest end to end on a standalone sandbox (no lake beside it): a storage
//! integration, an Azure queue notification integration, an e-mail one, a stage and an
//! auto-ingest pipe apply in dependency order and then plan nothing; apply prints the
//! handshake (consent URL, app name, role, check); drift notes the storage integration
//! that cannot validate (its container is nowhere); a changed COPY recreates the pipe
//! by Snowflake's procedure, in order, with consent; import adopts both new kinds and
//! re-plans empty.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

#[path = "fixtures/drift/support.rs"]
mod support;

use support::{Project, Server, expect_code, stdout};

const VARS: &[(&str, &str)] = &[("database", "PIPED"), ("env", "TEST")];

const COPY: &str = "COPY INTO RAW_ORDER (ID, AMOUNT, SOURCE_FILE_NAME) FROM (SELECT $1:id::NUMBER, $1:amount::NUMBER(12,2), METADATA$FILENAME FROM @LANDING/order-live/) FILE_FORMAT = (FORMAT_NAME = 'PARQUET_FORMAT')";

fn schema(copy: &str) -> String {
    format!(
        r#"[[storage_integration]]
name = "ADLS_${{env}}"
azure_tenant_id = "t-1"
allowed_locations = ["azure://acct.blob.core.windows.net/landing/"]

[[notification_integration]]
name = "ORDER_EVENTS_${{env}}"
type = "azure_storage_queue"
queue_uri = "https://acct.queue.core.windows.net/orders-events"
tenant_id = "t-1"

[[notification_integration]]
name = "${{env}}_DATA_TEAM_EMAIL"
type = "email"
allowed_recipients = ["data@pacificretail.example"]

[[database]]
name = "${{database}}"

[[schema]]
name = "${{database}}.BRONZE"

[[file_format]]
name = "${{database}}.BRONZE.PARQUET_FORMAT"
type = "PARQUET"

[[stage]]
name = "${{database}}.BRONZE.LANDING"
url = "azure://acct.blob.core.windows.net/landing/"
storage_integration = "ADLS_${{env}}"

[[table]]
name = "${{database}}.BRONZE.RAW_ORDER"
columns = [
  {{ name = "ID", type = "NUMBER(38,0)" }},
  {{ name = "AMOUNT", type = "NUMBER(12,2)" }},
  {{ name = "SOURCE_FILE_NAME", type = "VARCHAR" }},
]

[[pipe]]
name = "${{database}}.BRONZE.ORDER_PIPE"
comment = "orders as they land"
auto_ingest = true
integration = "ORDER_EVENTS_${{env}}"
copy = "{copy}"
"#
    )
}

fn world() -> (Server, Project) {
    let server = Server::start();
    let project = Project::new();
    project.environment("sandbox", &server.base_url(), VARS);
    std::fs::write(project.schema_dir().join("all.toml"), schema(COPY)).unwrap();
    (server, project)
}

fn plans_nothing(project: &Project) {
    let plan = project.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]);
    expect_code(&plan, 0);
}

/// The statements that changed something, from the sandbox's query history, oldest first,
/// with the pipe status checks among them.
fn writes(server: &Server) -> Vec<String> {
    let mut rows = server.query(
        "SELECT QUERY_TEXT FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY(RESULT_LIMIT => 10000))",
        "QUERY_TEXT",
    );
    rows.reverse();
    rows.into_iter()
        .filter(|sql| !sql.contains("LAKEFORM_LOCK_"))
        .filter(|sql| {
            let word = sql.split_whitespace().next().unwrap_or("").to_uppercase();
            !matches!(word.as_str(), "SHOW" | "DESCRIBE" | "DESC" | "SELECT")
                || sql.contains("SYSTEM$PIPE_STATUS")
        })
        .collect()
}

#[test]
fn the_chain_applies_prints_its_handshake_and_plans_nothing() {
    let (server, project) = world();
    let plan = project.lakeform(&["plan", "-e", "sandbox"]);
    expect_code(&plan, 0);
    let text = stdout(&plan);
    // The pipe waits for its integration, table and stage.
    let pipe = text.find("CREATE PIPE PIPED.BRONZE.ORDER_PIPE").unwrap();
    for before in [
        "CREATE NOTIFICATION INTEGRATION ORDER_EVENTS_TEST TYPE = QUEUE",
        "CREATE TABLE PIPED.BRONZE.RAW_ORDER",
        "CREATE STAGE PIPED.BRONZE.LANDING",
    ] {
        let at = text
            .find(before)
            .unwrap_or_else(|| panic!("{before}\n{text}"));
        assert!(at < pipe, "{before} after the pipe\n{text}");
    }

    let apply = project.lakeform(&["apply", "-e", "sandbox", "--auto-approve"]);
    expect_code(&apply, 0);
    let out = stdout(&apply);
    assert!(out.contains("Action needed (Azure)"), "{out}");
    // The queue integration: its own consent URL and app, the queue role, a running pipe.
    let queue = &out[out
        .find("notification_integration ORDER_EVENTS_TEST")
        .unwrap()..];
    assert!(
        queue.contains("consent: open https://login.microsoftonline.com/t-1/oauth2/authorize"),
        "{out}"
    );
    assert!(queue.contains("find the app snowflakesandbox_"), "{out}");
    assert!(
        queue.contains(
            "grant it \"Storage Queue Data Contributor\" on queue orders-events of storage account acct"
        ),
        "{out}"
    );
    assert!(
        queue.contains("check: passed (SYSTEM$PIPE_STATUS of PIPED.BRONZE.ORDER_PIPE: RUNNING)"),
        "{out}"
    );
    // The storage integration: the sandbox has no lake, so the container is nowhere.
    let storage = &out[out.find("storage_integration ADLS_TEST").unwrap()..];
    assert!(storage.contains("\"Storage Blob Data Reader\" on storage account acct"));
    assert!(
        storage.contains("check: FAILED (SYSTEM$VALIDATE_STORAGE_INTEGRATION (list azure://acct.blob.core.windows.net/landing/): LIST: The specified container does not exist."),
        "{out}"
    );
    // E-mail needs no Azure handshake.
    let section = &out[out.find("Action needed").unwrap()..];
    assert!(!section.contains("TEST_DATA_TEAM_EMAIL"), "{out}");
    plans_nothing(&project);

    // Drift: nothing modified, but the storage integration is noted as not usable yet.
    let drift = project.lakeform(&["drift", "-e", "sandbox"]);
    expect_code(&drift, 0);
    let report = stdout(&drift);
    assert!(
        report.contains(
            "Note: storage_integration ADLS_TEST exists but is not usable yet: SYSTEM$VALIDATE_STORAGE_INTEGRATION"
        ),
        "{report}"
    );
    assert!(!report.contains("ORDER_EVENTS_TEST"), "{report}");
    let json = project.lakeform(&["drift", "-e", "sandbox", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(json["notes"].as_array().unwrap().len(), 1);
    drop(server);
}

#[test]
fn a_changed_copy_recreates_the_pipe_by_snowflakes_procedure() {
    let (server, project) = world();
    expect_code(
        &project.lakeform(&["apply", "-e", "sandbox", "--auto-approve"]),
        0,
    );
    let changed = COPY.replace("order-live/", "order-live/v2/");
    std::fs::write(project.schema_dir().join("all.toml"), schema(&changed)).unwrap();
    let plan = project.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]);
    expect_code(&plan, 3);
    let text = stdout(&plan);
    assert!(text.contains("(replace, destructive)"), "{text}");
    assert!(text.contains("load history"), "{text}");

    // Without consent nothing runs.
    let before = writes(&server).len();
    expect_code(
        &project.lakeform(&["apply", "-e", "sandbox", "--auto-approve"]),
        1,
    );
    assert_eq!(writes(&server).len(), before);

    expect_code(
        &project.lakeform(&[
            "apply",
            "-e",
            "sandbox",
            "--auto-approve",
            "--allow-destructive",
        ]),
        0,
    );
    let ran: Vec<String> = writes(&server)[before..]
        .iter()
        .filter(|s| s.contains("ORDER_PIPE"))
        .cloned()
        .collect();
    let expected_prefixes = [
        "ALTER PIPE PIPED.BRONZE.ORDER_PIPE SET PIPE_EXECUTION_PAUSED = TRUE",
        "SELECT SYSTEM$PIPE_STATUS('PIPED.BRONZE.ORDER_PIPE')",
        "CREATE OR REPLACE PIPE PIPED.BRONZE.ORDER_PIPE AUTO_INGEST = TRUE INTEGRATION = 'ORDER_EVENTS_TEST'",
        "ALTER PIPE PIPED.BRONZE.ORDER_PIPE SET PIPE_EXECUTION_PAUSED = FALSE",
        "ALTER PIPE PIPED.BRONZE.ORDER_PIPE REFRESH MODIFIED_AFTER = '",
    ];
    // The handshake's own status check follows the change.
    assert!(ran.len() >= expected_prefixes.len(), "{ran:#?}");
    for (statement, prefix) in ran.iter().zip(expected_prefixes) {
        assert!(statement.starts_with(prefix), "{prefix}\n{ran:#?}");
    }
    assert!(ran[2].contains("order-live/v2/"), "{ran:#?}");
    plans_nothing(&project);
}

#[test]
fn import_adopts_pipes_and_notification_integrations() {
    let (server, source) = world();
    expect_code(
        &source.lakeform(&["apply", "-e", "sandbox", "--auto-approve"]),
        0,
    );
    let project = Project::new();
    project.bare_environment("sandbox", &server.base_url(), VARS);
    let out = project.path().join("imported");
    expect_code(
        &project.lakeform(&[
            "import",
            "-e",
            "sandbox",
            "--scope",
            "PIPED",
            "--out",
            out.to_str().unwrap(),
        ]),
        0,
    );
    let account = std::fs::read_to_string(out.join("account.toml")).unwrap();
    assert!(
        account.contains("[[notification_integration]]\nname = \"ORDER_EVENTS_${env}\""),
        "{account}"
    );
    assert!(
        account.contains("queue_uri = \"https://acct.queue.core.windows.net/orders-events\""),
        "{account}"
    );
    // Only what the imported objects use: no pipe sends e-mail.
    assert!(!account.contains("DATA_TEAM_EMAIL"), "{account}");
    let bronze = std::fs::read_to_string(out.join("bronze.toml")).unwrap();
    assert!(
        bronze.contains("[[pipe]]\nname = \"ORDER_PIPE\""),
        "{bronze}"
    );
    assert!(
        bronze.contains("integration = \"ORDER_EVENTS_${env}\""),
        "{bronze}"
    );

    // Adopted: the environment now includes what import wrote, and plans nothing.
    project.environment_including("sandbox", &server.base_url(), VARS, &["../imported/*.toml"]);
    plans_nothing(&project);
}

#[test]
fn validate_points_at_what_snowflake_would_refuse() {
    let (_server, project) = world();
    let bad = schema(&COPY.replace(
        "FILE_FORMAT = (FORMAT_NAME = 'PARQUET_FORMAT')",
        "FILE_FORMAT = (FORMAT_NAME = 'PARQUET_FORMAT') PURGE = TRUE",
    ))
    .replace(
        "auto_ingest = true\nintegration = \"ORDER_EVENTS_${env}\"\n",
        "auto_ingest = true\n",
    )
    .replace(
        "https://acct.queue.core.windows.net/orders-events",
        "https://acct.queue.core.windows.net/Orders",
    )
    .replace(
        "allowed_recipients = [\"data@pacificretail.example\"]",
        "allowed_recipients = [\"not an address\"]",
    );
    std::fs::write(project.schema_dir().join("all.toml"), bad).unwrap();
    let output = project.lakeform(&["validate", "-e", "sandbox"]);
    expect_code(&output, 1);
    let message = support::stderr(&output);
    for (expected, at) in [
        ("invalid queue URI", "all.toml:9:13"),
        (
            "invalid e-mail address \"not an address\"",
            "all.toml:15:23",
        ),
        (
            "an auto-ingest pipe on Azure needs `integration`",
            "all.toml:41:8",
        ),
        ("Snowpipe does not support this copy option", "all.toml:44:"),
    ] {
        let found = message
            .find(expected)
            .unwrap_or_else(|| panic!("{expected}\n{message}"));
        let rest = &message[found..];
        let own = &rest[..rest[1..].find("error:").map_or(rest.len(), |e| e + 1)];
        assert!(own.contains(at), "{expected} at {at}\n{message}");
    }
}
