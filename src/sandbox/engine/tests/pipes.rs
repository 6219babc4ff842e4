//! Pipes and notification integrations through the engine: CREATE / ALTER / SHOW /
//! DESCRIBE, the auto-ingest rules on Azure, `SYSTEM$PIPE_STATUS` and
//! `SYSTEM$VALIDATE_STORAGE_INTEGRATION` against a local lake.

use super::{Sandbox, assert_error, cell};

const QUEUE: &str = "create notification integration q_events type = queue notification_provider = azure_storage_queue enabled = true azure_storage_queue_primary_uri = 'https://acct.queue.core.windows.net/orders-events' azure_tenant_id = 't-1'";

/// D.S with a table, an Azure stage through a storage integration, a file format and a
/// queue notification integration.
fn with_landing() -> Sandbox {
    let mut sb = Sandbox::with_schema();
    sb.ok("create storage integration adls type = external_stage storage_provider = 'AZURE' enabled = true azure_tenant_id = 't-1' storage_allowed_locations = ('azure://acct.blob.core.windows.net/landing/')");
    sb.ok("create stage landing url = 'azure://acct.blob.core.windows.net/landing/' storage_integration = adls");
    sb.ok("create file format pq type = parquet");
    sb.ok("create table raw_orders (order_id number, amount number(10,2))");
    sb.ok(QUEUE);
    sb
}

#[test]
fn notification_integrations_are_listed_and_described() {
    let mut sb = with_landing();
    sb.ok("create notification integration mail type = email enabled = true allowed_recipients = ('a@x.example', 'b@x.example') comment = 'team'");
    let rows = sb.rows("show notification integrations");
    let q = rows.iter().find(|r| cell(r, "name") == "Q_EVENTS").unwrap();
    assert_eq!(
        ["type", "category", "enabled", "direction"].map(|c| cell(q, c)),
        [
            "QUEUE - AZURE_STORAGE_QUEUE",
            "NOTIFICATION",
            "true",
            "INBOUND"
        ]
    );
    let mail = rows.iter().find(|r| cell(r, "name") == "MAIL").unwrap();
    assert_eq!(
        ["type", "direction", "comment"].map(|c| cell(mail, c)),
        ["EMAIL", "OUTBOUND", "team"]
    );
    let adls = rows.iter().find(|r| cell(r, "name") == "ADLS").unwrap();
    assert_eq!(cell(adls, "category"), "STORAGE");

    let described = sb.rows("desc notification integration q_events");
    let value = |p: &str| {
        described
            .iter()
            .find(|r| cell(r, "property") == p)
            .map(|r| cell(r, "property_value"))
            .unwrap_or_default()
    };
    assert_eq!(
        value("AZURE_STORAGE_QUEUE_PRIMARY_URI"),
        "https://acct.queue.core.windows.net/orders-events"
    );
    assert!(value("AZURE_CONSENT_URL").starts_with("https://login.microsoftonline.com/t-1/"));
    assert!(value("AZURE_MULTI_TENANT_APP_NAME").contains('_'));
    // The same answer twice: generated once, from the integration.
    assert_eq!(sb.rows("desc integration q_events"), described);

    sb.ok("alter notification integration mail set allowed_recipients = ('c@x.example') enabled = false");
    sb.ok("alter notification integration mail unset allowed_recipients");
    let described = sb.rows("describe integration mail");
    let recipients = described
        .iter()
        .find(|r| cell(r, "property") == "ALLOWED_RECIPIENTS")
        .unwrap();
    assert_eq!(cell(recipients, "property_value"), "");

    assert_error(
        &sb.err("create notification integration bad type = queue notification_provider = azure_storage_queue enabled = true azure_tenant_id = 't'"),
        "002031",
        "AZURE_STORAGE_QUEUE_PRIMARY_URI",
    );
    assert_error(
        &sb.err(
            "create notification integration bad type = email enabled = true azure_tenant_id = 't'",
        ),
        "001008",
        "AZURE_TENANT_ID",
    );
}

#[test]
fn pipe_lifecycle_and_status() {
    let mut sb = with_landing();
    sb.ok("create pipe orders_pipe auto_ingest = true integration = 'Q_EVENTS' comment = 'orders' as copy into raw_orders from @landing/orders/ file_format = (format_name = 'PQ') match_by_column_name = case_insensitive");
    let row = sb.one("show pipes in database d");
    assert_eq!(
        [
            "name",
            "database_name",
            "schema_name",
            "integration",
            "comment",
            "kind"
        ]
        .map(|c| cell(&row, c)),
        ["ORDERS_PIPE", "D", "S", "Q_EVENTS", "orders", "STAGE"]
    );
    assert!(cell(&row, "definition").starts_with("copy into raw_orders from @landing/orders/"));
    assert_eq!(sb.one("describe pipe orders_pipe"), row);

    let status = |sb: &mut Sandbox| sb.status("select system$pipe_status('d.s.orders_pipe')");
    let running: serde_json::Value = serde_json::from_str(&status(&mut sb)).unwrap();
    assert_eq!(running["executionState"], "RUNNING");
    assert_eq!(running["pendingFileCount"], 0);
    assert_eq!(
        running["notificationChannelName"],
        "https://acct.queue.core.windows.net/orders-events"
    );
    sb.ok("alter pipe orders_pipe set pipe_execution_paused = true");
    assert!(status(&mut sb).contains("\"PAUSED\""));
    sb.ok("alter pipe orders_pipe set pipe_execution_paused = false");
    sb.ok("alter pipe orders_pipe refresh modified_after = '2026-12-06T10:00:00Z'");
    sb.ok("alter pipe orders_pipe set comment = 'c'");
    sb.ok("alter pipe orders_pipe unset comment");
    // The COPY is fixed at creation: only CREATE OR REPLACE changes it.
    assert_error(
        &sb.err("alter pipe orders_pipe set auto_ingest = false"),
        "001008",
        "AUTO_INGEST",
    );
    sb.ok("create or replace pipe orders_pipe auto_ingest = true integration = 'Q_EVENTS' as copy into raw_orders from @landing/orders/v2/ file_format = (format_name = 'PQ')");
    sb.ok("drop table raw_orders");
    assert!(status(&mut sb).contains("STOPPED_MISSING_TABLE"));
}

#[test]
fn a_pipe_needs_what_its_copy_names_and_a_queue_integration_on_azure() {
    let mut sb = with_landing();
    assert_error(
        &sb.err("create pipe p as copy into missing from @landing/"),
        "002003",
        "MISSING",
    );
    assert_error(
        &sb.err("create pipe p as copy into raw_orders from @nowhere/"),
        "002003",
        "NOWHERE",
    );
    assert_error(
        &sb.err("create pipe p as copy into raw_orders (order_id, nope) from (select $1, $2 from @landing/)"),
        "000904",
        "NOPE",
    );
    assert_error(
        &sb.err("create pipe p auto_ingest = true as copy into raw_orders from @landing/"),
        "091120",
        "INTEGRATION",
    );
    sb.ok("create notification integration mail type = email enabled = true");
    assert_error(
        &sb.err("create pipe p auto_ingest = true integration = 'MAIL' as copy into raw_orders from @landing/"),
        "091120",
        "AZURE_STORAGE_QUEUE",
    );
    assert_error(
        &sb.err("create pipe p auto_ingest = true integration = 'NONE' as copy into raw_orders from @landing/"),
        "002003",
        "NONE",
    );
    sb.ok("create stage internal_stage");
    assert_error(
        &sb.err("create pipe p auto_ingest = true integration = 'Q_EVENTS' as copy into raw_orders from @internal_stage/"),
        "091120",
        "internal",
    );
    // Without auto-ingest a pipe is loaded through the REST API: no integration needed.
    sb.ok("create pipe p as copy into raw_orders from @landing/");
}

#[test]
fn storage_validation_answers_from_the_local_lake() {
    let lake = tempfile::tempdir().unwrap();
    let mut sb = with_landing();
    sb.engine.set_lake(Some(lake.path().to_path_buf()));
    let validate = |sb: &mut Sandbox, action: &str| -> serde_json::Value {
        let answer = sb.status(&format!(
            "select system$validate_storage_integration('ADLS', 'azure://acct.blob.core.windows.net/landing/orders/', 'probe.txt', '{action}')"
        ));
        serde_json::from_str(&answer).unwrap()
    };
    let missing = validate(&mut sb, "list");
    assert_eq!(missing["status"], "failure");
    assert_eq!(missing["actions"]["LIST"]["status"], "failure");
    assert!(missing["message"].as_str().unwrap().contains("failed"));

    std::fs::create_dir_all(lake.path().join("landing/orders")).unwrap();
    let listed = validate(&mut sb, "list");
    assert_eq!(listed["status"], "success");
    assert!(listed.get("message").is_none());
    let all = validate(&mut sb, "all");
    assert_eq!(all["actions"]["READ"]["status"], "failure");
    assert_eq!(all["actions"]["WRITE"]["status"], "success");
    std::fs::write(lake.path().join("landing/orders/probe.txt"), "x").unwrap();
    assert_eq!(validate(&mut sb, "read")["status"], "success");
    assert_eq!(validate(&mut sb, "write")["status"], "failure");

    assert_error(
        &sb.err("select system$validate_storage_integration('ADLS', 'azure://acct.blob.core.windows.net/other/', 'f', 'list')"),
        "091004",
        "not allowed",
    );
    // The name is case-sensitive.
    assert_error(
        &sb.err("select system$validate_storage_integration('adls', 'azure://acct.blob.core.windows.net/landing/', 'f', 'list')"),
        "002003",
        "adls",
    );
}

/// CREATE OR ALTER PIPE (https://docs.snowflake.com/en/sql-reference/sql/create-pipe#create-or-alter-pipe):
/// created as CREATE PIPE when absent; on an existing pipe only the comment changes.
const ORDERS_COPY: &str =
    "as copy into raw_orders from @landing/orders/ file_format = (format_name = 'PQ')";

fn pipe_row(sb: &mut Sandbox) -> [String; 3] {
    let row = sb.one("show pipes like 'ORDERS_PIPE' in schema d.s");
    ["integration", "comment", "definition"].map(|c| cell(&row, c).to_string())
}

#[test]
fn create_or_alter_pipe_creates_then_changes_only_the_comment() {
    let mut sb = with_landing();
    // Absent: created with CREATE's checks.
    assert_error(
        &sb.err("create or alter pipe orders_pipe as copy into missing from @landing/"),
        "002003",
        "MISSING",
    );
    sb.ok(&format!(
        "create or alter pipe orders_pipe auto_ingest = true integration = 'Q_EVENTS' \
         comment = 'orders' {ORDERS_COPY}"
    ));
    let [integration, comment, definition] = pipe_row(&mut sb);
    assert_eq!(
        (integration.as_str(), comment.as_str()),
        ("Q_EVENTS", "orders")
    );
    assert!(
        definition.starts_with("copy into raw_orders"),
        "{definition}"
    );
    sb.ok(&format!(
        "create or alter pipe orders_pipe auto_ingest = true integration = 'Q_EVENTS' \
         comment = 'new' {ORDERS_COPY}"
    ));
    assert_eq!(pipe_row(&mut sb)[1], "new");
    // The comment left out is removed; a paused pipe stays paused (the definition
    // cannot say PIPE_EXECUTION_PAUSED).
    sb.ok("alter pipe orders_pipe set pipe_execution_paused = true");
    sb.ok(&format!(
        "create or alter pipe orders_pipe auto_ingest = true integration = 'Q_EVENTS' {ORDERS_COPY}"
    ));
    assert_eq!(pipe_row(&mut sb)[1], "");
    let status = sb.one("select system$pipe_status('orders_pipe') as s");
    assert!(cell(&status, "S").contains("PAUSED"), "{status:?}");
}

#[test]
fn create_or_alter_pipe_refuses_what_alter_pipe_cannot_change() {
    let mut sb = with_landing();
    sb.ok(&format!(
        "create pipe orders_pipe auto_ingest = true integration = 'Q_EVENTS' comment = 'kept' {ORDERS_COPY}"
    ));
    assert_error(
        &sb.err(
            "create or alter pipe orders_pipe auto_ingest = true integration = 'Q_EVENTS' \
             comment = 'x' as copy into raw_orders from @landing/other/",
        ),
        "002043",
        "cannot change the COPY statement",
    );
    for (definition, key) in [
        (
            format!("integration = 'Q_EVENTS' {ORDERS_COPY}"),
            "AUTO_INGEST",
        ),
        (format!("auto_ingest = true {ORDERS_COPY}"), "INTEGRATION"),
        (
            format!(
                "auto_ingest = true integration = 'Q_EVENTS' error_integration = q_events {ORDERS_COPY}"
            ),
            "ERROR_INTEGRATION",
        ),
    ] {
        assert_error(
            &sb.err(&format!("create or alter pipe orders_pipe {definition}")),
            "001008",
            &format!("invalid property '{key}' for 'PIPE'"),
        );
    }
    // CREATE PIPE's syntax: no PIPE_EXECUTION_PAUSED, as CREATE refuses it.
    assert_error(
        &sb.err(&format!(
            "create or alter pipe orders_pipe auto_ingest = true integration = 'Q_EVENTS' \
             pipe_execution_paused = true {ORDERS_COPY}"
        )),
        "001008",
        "PIPE_EXECUTION_PAUSED",
    );
    // Nothing was changed by the refused statements.
    assert_eq!(pipe_row(&mut sb)[1], "kept");
}
