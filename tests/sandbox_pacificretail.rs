//! The hand-written PacificRetail DDL script (lower case, synonyms, comments, OR REPLACE,
//! procedures with MERGE, a task graph, views) runs through the sandbox engine as one
//! multi-statement request and reads back with SHOW as Snowflake would show it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

use std::collections::HashMap;

use lakeform::sandbox::{Engine, QueryResult, SqlSession};

const SCRIPT: &str = include_str!("fixtures/sandbox/pacificretail.sql");

fn now(step: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_second(1_767_225_600 + step).unwrap()
}

/// Rows as maps from column name to cell, the way the provider reads SHOW output.
fn rows(result: &QueryResult) -> Vec<HashMap<String, Option<String>>> {
    result
        .rows
        .iter()
        .map(|row| {
            result
                .columns
                .iter()
                .zip(row)
                .map(|(c, v)| (c.name.clone(), v.clone()))
                .collect()
        })
        .collect()
}

fn cell<'a>(row: &'a HashMap<String, Option<String>>, column: &str) -> &'a str {
    row.get(column)
        .unwrap_or_else(|| panic!("no column {column}"))
        .as_deref()
        .unwrap_or("<NULL>")
}

fn loaded() -> (Engine, SqlSession, usize) {
    let mut engine = Engine::new();
    let mut session = SqlSession {
        user: Some("LAKEFORM_DEPLOY".to_string()),
        ..SqlSession::default()
    };
    let statements = Engine::split_statements(SCRIPT).unwrap();
    for (i, statement) in statements.iter().enumerate() {
        if let Err(e) = engine.execute(statement, &mut session, now(i as i64)) {
            panic!("statement {i} failed: {e}\n{statement}");
        }
    }
    (engine, session, statements.len())
}

fn show(
    engine: &mut Engine,
    session: &mut SqlSession,
    sql: &str,
) -> Vec<HashMap<String, Option<String>>> {
    rows(&engine.execute(sql, session, now(10_000)).unwrap())
}

#[test]
fn the_script_loads_and_reads_back_with_show() {
    let (mut engine, mut session, count) = loaded();
    assert!(engine.take_dirty());
    let e = &mut engine;
    let s = &mut session;

    let warehouses = show(e, s, "show warehouses like 'COMPUTE%'");
    assert_eq!(cell(&warehouses[0], "size"), "X-Small");
    assert_eq!(cell(&warehouses[0], "state"), "SUSPENDED");
    assert_eq!(cell(&warehouses[0], "auto_suspend"), "60");

    let integrations = show(e, s, "show storage integrations");
    assert_eq!(cell(&integrations[0], "name"), "ADLS_LANDING");
    assert_eq!(cell(&integrations[0], "enabled"), "true");

    let schemas = show(e, s, "show schemas in database pacificretail_db");
    let names: Vec<&str> = schemas.iter().map(|r| cell(r, "name")).collect();
    assert_eq!(
        names,
        ["BRONZE", "GOLD", "INFORMATION_SCHEMA", "PUBLIC", "SILVER"]
    );
    let silver = schemas
        .iter()
        .find(|r| cell(r, "name") == "SILVER")
        .unwrap();
    assert_eq!(cell(silver, "options"), "MANAGED ACCESS");
    assert_eq!(cell(silver, "retention_time"), "7");

    let formats = show(e, s, "show file formats in schema pacificretail_db.bronze");
    assert_eq!(formats.len(), 3);
    let csv: serde_json::Value = serde_json::from_str(cell(&formats[0], "format_options")).unwrap();
    assert_eq!(cell(&formats[0], "name"), "CSV_FILE_FORMAT");
    assert_eq!(csv["SKIP_HEADER"], 1);
    assert_eq!(csv["FIELD_OPTIONALLY_ENCLOSED_BY"], "\"");
    assert_eq!(csv["NULL_IF"], serde_json::json!(["NULL", "null", ""]));
    assert_eq!(csv["RECORD_DELIMITER"], "\n");
    let json: serde_json::Value =
        serde_json::from_str(cell(&formats[1], "format_options")).unwrap();
    assert_eq!(json["TYPE"], "JSON");
    assert_eq!(json["STRIP_OUTER_ARRAY"], true);
    let parquet: serde_json::Value =
        serde_json::from_str(cell(&formats[2], "format_options")).unwrap();
    assert_eq!(parquet["COMPRESSION"], "SNAPPY");

    let stages = show(e, s, "show stages in database pacificretail_db");
    assert_eq!(
        cell(&stages[0], "url"),
        "azure://pacificretaildev.blob.core.windows.net/landing/"
    );
    assert_eq!(cell(&stages[0], "storage_integration"), "ADLS_LANDING");
    assert_eq!(cell(&stages[0], "type"), "EXTERNAL");
    assert_eq!(cell(&stages[0], "cloud"), "AZURE");

    let tables = show(e, s, "show tables in database pacificretail_db");
    let names: Vec<&str> = tables.iter().map(|r| cell(r, "name")).collect();
    assert_eq!(
        names,
        [
            "CUSTOMER",
            "ORDERS",
            "PRODUCT",
            "RAW_CUSTOMER",
            "RAW_ORDER",
            "RAW_PRODUCT"
        ]
    );
    let raw_order = &tables[4];
    assert_eq!(cell(raw_order, "cluster_by"), "LINEAR(transaction_date)");
    assert_eq!(
        cell(raw_order, "change_tracking"),
        "ON",
        "a stream turns change tracking on"
    );
    assert_eq!(cell(&tables[0], "change_tracking"), "OFF");

    let streams = show(e, s, "show streams in schema pacificretail_db.bronze");
    assert_eq!(streams.len(), 3);
    for stream in &streams {
        assert_eq!(cell(stream, "mode"), "APPEND_ONLY");
        assert_eq!(cell(stream, "stale"), "false");
        assert_eq!(cell(stream, "type"), "DELTA");
    }
    assert_eq!(
        cell(&streams[0], "table_name"),
        "PACIFICRETAIL_DB.BRONZE.RAW_CUSTOMER"
    );

    let tasks = show(e, s, "show tasks in database pacificretail_db");
    assert_eq!(tasks.len(), 6);
    let by_name = |n: &str| tasks.iter().find(|r| cell(r, "name") == n).unwrap();
    let root = by_name("SILVER_ROOT_TASK");
    assert_eq!(cell(root, "state"), "started");
    assert_eq!(cell(root, "schedule"), "60 MINUTE");
    assert_eq!(cell(root, "predecessors"), "[]");
    assert_eq!(
        cell(root, "condition"),
        "system$stream_has_data('PACIFICRETAIL_DB.BRONZE.CUSTOMER_CHANGES_STREAM')"
    );
    assert_eq!(cell(root, "definition"), "call merge_customer_dimension()");
    let order = by_name("MERGE_ORDER_TASK");
    assert_eq!(cell(order, "state"), "started");
    assert_eq!(cell(order, "schedule"), "<NULL>");
    assert_eq!(
        cell(order, "predecessors"),
        "[\n  \"\\\"PACIFICRETAIL_DB\\\".\\\"SILVER\\\".\\\"SILVER_ROOT_TASK\\\"\",\n  \"\\\"PACIFICRETAIL_DB\\\".\\\"SILVER\\\".\\\"MERGE_PRODUCT_TASK\\\"\"\n]"
    );
    let load = by_name("LOAD_CUSTOMER_DATA_TASK");
    assert_eq!(cell(load, "state"), "suspended");
    assert_eq!(cell(load, "warehouse"), "COMPUTE_WH");
    assert!(cell(load, "definition").starts_with("copy into raw_customer"));
    assert!(cell(load, "definition").ends_with("pattern = '.*[.]csv'"));

    let procedures = show(
        e,
        s,
        "show user procedures in schema pacificretail_db.silver",
    );
    let arguments: Vec<&str> = procedures.iter().map(|r| cell(r, "arguments")).collect();
    assert_eq!(
        arguments,
        [
            "MERGE_CUSTOMER_DIMENSION() RETURN VARCHAR",
            "MERGE_ORDER_FACT(TIMESTAMP_NTZ) RETURN VARCHAR",
            "MERGE_PRODUCT_DIMENSION() RETURN VARCHAR",
        ]
    );

    let views = show(e, s, "show views in schema pacificretail_db.gold");
    assert_eq!(views.len(), 2);
    let statements = Engine::split_statements(SCRIPT).unwrap();
    let affinity_text = statements
        .iter()
        .find(|t| t.contains("vw_customer_product_affinity"))
        .unwrap();
    assert_eq!(cell(&views[0], "name"), "VW_CUSTOMER_PRODUCT_AFFINITY");
    assert_eq!(cell(&views[0], "text"), affinity_text);
    assert_eq!(cell(&views[0], "is_secure"), "true");
    assert_eq!(cell(&views[1], "comment"), "daily sales by store type");

    let columns = show(
        e,
        s,
        "select column_name, data_type, is_nullable, column_default from pacificretail_db.information_schema.columns \
         where table_schema = 'BRONZE' and table_name = 'RAW_CUSTOMER' order by ordinal_position",
    );
    assert_eq!(columns.len(), 12);
    assert_eq!(cell(&columns[0], "COLUMN_NAME"), "CUSTOMER_ID");
    assert_eq!(cell(&columns[0], "DATA_TYPE"), "NUMBER");
    assert_eq!(cell(&columns[11], "COLUMN_DEFAULT"), "current_timestamp()");

    let history = show(
        e,
        s,
        "select query_text, error_code from table(information_schema.query_history(result_limit => 10000))",
    );
    // Every script statement plus the SHOW/SELECT statements run above.
    assert_eq!(history.len(), count + 11);
    assert!(history.iter().all(|r| cell(r, "ERROR_CODE") == "<NULL>"));
}

#[test]
fn the_state_round_trips() {
    let (engine, _, _) = loaded();
    let state = engine.to_state();
    let restored = Engine::from_state(state.clone()).unwrap();
    assert_eq!(restored.to_state(), state);
}

/// The script's merge procedures compile when called (their MERGE statements bind against
/// the tables the script created), and a column renamed under one makes its CALL fail as
/// Snowflake fails it: the statement's error, raised by the body
/// (https://docs.snowflake.com/en/developer-guide/snowflake-scripting/exceptions).
#[test]
fn the_merge_procedures_compile_when_called() {
    let (mut engine, mut session, _) = loaded();
    for call in [
        "call pacificretail_db.silver.merge_customer_dimension()",
        "call pacificretail_db.silver.merge_product_dimension()",
        "call pacificretail_db.silver.merge_order_fact(current_timestamp()::timestamp_ntz)",
    ] {
        if let Err(e) = engine.execute(call, &mut session, now(20_000)) {
            panic!("{call}: {e}");
        }
    }
    engine
        .execute(
            "alter table pacificretail_db.silver.customer rename column email to email_address",
            &mut session,
            now(20_001),
        )
        .unwrap();
    let e = engine
        .execute(
            "call pacificretail_db.silver.merge_customer_dimension()",
            &mut session,
            now(20_002),
        )
        .unwrap_err();
    // Displayed as `code (state): message`.
    let shown = e.to_string();
    assert!(
        shown.starts_with("000904 (42000): Uncaught exception of type 'STATEMENT_ERROR' on line "),
        "{shown}"
    );
    assert!(shown.contains("invalid identifier"), "{shown}");
}
