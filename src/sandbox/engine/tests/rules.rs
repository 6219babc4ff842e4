//! Snowflake's rules for every kind, with its codes and messages.

use super::{Sandbox, assert_error, cell};

#[test]
fn exists_and_does_not_exist() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (a int)");
    let e = sb.err("create table t (b int)");
    assert_error(&e, "002002", "Object 'T' already exists.");
    assert_eq!(e.sql_state, "42710");
    assert_eq!(
        sb.status("create table if not exists t (b int)"),
        "T already exists, statement succeeded."
    );
    assert_error(
        &sb.err("create view t as select 1 from t"),
        "002002",
        "Object 'T' already exists.",
    );
    let e = sb.err("drop table nope");
    assert_eq!(
        e.message,
        "SQL compilation error:\nTable 'D.S.NOPE' does not exist or not authorized."
    );
    assert_eq!(e.sql_state, "02000");
    assert_error(
        &sb.err("drop database nope"),
        "002003",
        "Database 'NOPE' does not exist or not authorized.",
    );
    assert_error(
        &sb.err("create table nope.t (a int)"),
        "002003",
        "Schema 'D.NOPE' does not exist",
    );
    assert_error(
        &sb.err("alter warehouse nope suspend"),
        "002003",
        "Warehouse 'NOPE'",
    );
    assert_eq!(
        sb.status("alter table if exists nope set comment = 'x'"),
        "Statement executed successfully."
    );
    assert_error(
        &sb.err("show tables in schema d.nope"),
        "002003",
        "Schema 'D.NOPE'",
    );
}

#[test]
fn quoted_names_keep_their_case() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table \"Mixed\" (a int)");
    sb.ok("create table mixed (a int)");
    assert_eq!(sb.names("show tables"), ["MIXED", "Mixed"]);
    assert_error(
        &sb.err("drop table \"mixed\""),
        "002003",
        "Table 'D.S.\"mixed\"'",
    );
}

#[test]
fn or_replace_and_if_not_exists_together_are_refused() {
    let mut sb = Sandbox::with_schema();
    let e = sb.err("create or replace schema if not exists x");
    assert_error(
        &e,
        "001003",
        "syntax error line 1 at position 25 unexpected 'if'.",
    );
}

#[test]
fn syntax_errors_point_at_the_token() {
    let mut sb = Sandbox::with_schema();
    let e = sb.err("create table t (\n  a int,\n  b varchar(10) nul\n)");
    assert_error(
        &e,
        "001003",
        "syntax error line 3 at position 16 unexpected 'nul'.",
    );
    assert_error(
        &sb.err("create table t (a int"),
        "001003",
        "unexpected '<EOF>'",
    );
    assert_error(
        &sb.err("create table t (a notatype)"),
        "001003",
        "unexpected 'notatype'",
    );
    assert_error(&sb.err(""), "000900", "Empty SQL statement.");
}

#[test]
fn tables_refuse_the_alter_actions_they_lack() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (a int)");
    assert_error(
        &sb.err("alter table t execute as caller"),
        "001003",
        "syntax error line 1 at position 14 unexpected 'execute'.",
    );
}

#[test]
fn views_refuse_the_alter_actions_they_lack() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (a int)");
    sb.ok("create view v as select a from t");
    assert_error(
        &sb.err("alter view v add column c int"),
        "001003",
        "syntax error line 1 at position 13 unexpected 'add'.",
    );
    assert_error(
        &sb.err("alter view v swap with w"),
        "001003",
        "syntax error line 1 at position 13 unexpected 'swap'.",
    );
    assert_error(
        &sb.err("alter view v set secure = maybe"),
        "002029",
        "for parameter 'SECURE'",
    );
    assert_error(
        &sb.err("create transient view w as select a from t"),
        "001003",
        "unexpected 'view'",
    );
    sb.ok("alter view v set secure");
    assert_eq!(
        sb.one("show views like 'V'")["is_secure"].as_deref(),
        Some("true")
    );
    sb.ok("alter view v unset secure");
    assert_eq!(
        sb.one("show views like 'V'")["is_secure"].as_deref(),
        Some("false")
    );
}

#[test]
fn session_context_is_required_for_short_names() {
    let mut sb = Sandbox::new();
    assert_error(
        &sb.err("create table t (a int)"),
        "090105",
        "Cannot perform CREATE TABLE. This session does not have a current database.",
    );
    sb.ok("create database d");
    assert_eq!(
        sb.session.database.as_ref().map(|d| d.as_str()),
        Some("D"),
        "CREATE DATABASE makes it current"
    );
    sb.session.schema = None;
    assert_error(
        &sb.err("create table t (a int)"),
        "090106",
        "does not have a current schema",
    );
    sb.ok("use database d");
    assert_eq!(
        sb.session.schema.as_ref().map(|s| s.as_str()),
        Some("PUBLIC")
    );
    sb.ok("create table t (a int)");
    assert_eq!(sb.names("show tables in schema d.public"), ["T"]);
}

#[test]
fn every_database_has_public_and_information_schema_and_drops_cascade() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (a int)");
    sb.ok("create stream st on table t");
    assert_eq!(
        sb.names("show schemas in database d"),
        ["INFORMATION_SCHEMA", "PUBLIC", "S"]
    );
    assert_error(
        &sb.err("create table d.information_schema.t (a int)"),
        "003001",
        "Insufficient privileges",
    );
    assert_error(
        &sb.err("drop schema d.information_schema"),
        "003001",
        "Insufficient privileges",
    );
    sb.ok("drop schema d.s");
    assert!(sb.rows("show tables in database d").is_empty());
    sb.ok("create schema d.s");
    sb.ok("create table d.s.t (a int)");
    sb.ok("drop database d");
    assert!(sb.rows("show tables in account").is_empty());
    assert!(sb.rows("show streams in account").is_empty());
}

#[test]
fn column_type_changes_only_widen() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (v varchar(20), n number(10,2), i int)");
    sb.ok("alter table t alter column v set data type string");
    sb.ok("alter table t alter column n set data type number(12,2)");
    sb.ok("alter table t alter column i set data type bigint");
    let e = sb.err("alter table t alter column v set data type varchar(10)");
    assert_eq!(
        e.message,
        "SQL compilation error:\ncannot change column V from type VARCHAR(16777216) to VARCHAR(10) because reducing the byte-length of a varchar is not supported."
    );
    assert_error(
        &sb.err("alter table t alter column n set data type number(12,3)"),
        "002108",
        "changing the scale",
    );
    // Lowering the precision is allowed when the data fits, and the sandbox has none
    // (https://docs.snowflake.com/en/sql-reference/sql/alter-table-column).
    sb.ok("alter table t alter column n set data type number(11,2)");
    assert_error(
        &sb.err("alter table t alter column i set data type varchar"),
        "002108",
        "incompatible",
    );
    assert_error(
        &sb.err("alter table t alter column i set default 1"),
        "002043",
        "Set Default",
    );
    assert_error(
        &sb.err("alter table t add column i int"),
        "001430",
        "column 'I' already exists",
    );
    assert_error(
        &sb.err("alter table t drop column nope"),
        "000904",
        "invalid identifier 'NOPE'",
    );
    assert_error(
        &sb.err("create table dup (a int, a string)"),
        "001505",
        "duplicate column name 'A'",
    );
}

#[test]
fn streams_need_their_table_and_go_stale_when_it_is_replaced() {
    let mut sb = Sandbox::with_schema();
    assert_error(
        &sb.err("create stream st on table missing"),
        "002003",
        "Table 'D.S.MISSING' does not exist",
    );
    sb.ok("create table t (a int)");
    sb.ok("create stream st on table t append_only = true");
    let row = sb.one("show streams");
    assert_eq!(
        (cell(&row, "stale"), cell(&row, "mode")),
        ("false", "APPEND_ONLY")
    );
    assert_eq!(cell(&sb.one("show tables"), "change_tracking"), "ON");
    sb.ok("create or replace table t (a int, b int)");
    assert_eq!(cell(&sb.one("show streams"), "stale"), "true");
    sb.ok("create or replace stream st on table t");
    assert_eq!(cell(&sb.one("show streams"), "stale"), "false");
    sb.ok("drop table t");
    assert_eq!(cell(&sb.one("show streams"), "stale"), "true");
    let result = sb.ok("select system$stream_has_data('st')");
    assert_eq!(result.rows[0][0].as_deref(), Some("false"));
    assert_eq!(result.columns[0].name, "SYSTEM$STREAM_HAS_DATA('ST')");
}

#[test]
fn views_over_missing_objects_are_refused() {
    let mut sb = Sandbox::with_schema();
    assert_error(
        &sb.err("create view v as select * from missing_table"),
        "002003",
        "Object 'D.S.MISSING_TABLE' does not exist or not authorized.",
    );
    sb.ok("create table orders (id int, day date)");
    sb.ok("create view v as with recent as (select * from orders) select extract(year from day) as y from recent");
    sb.ok("create view v2 as select * from v join d.s.orders o on true");
    assert_error(
        &sb.err("create view v3 as select * from orders, other"),
        "002003",
        "D.S.OTHER",
    );
}

#[test]
fn stages_need_their_integration_and_file_format() {
    let mut sb = Sandbox::with_schema();
    assert_error(
        &sb.err(
            "create stage st url = 'azure://a.blob.core.windows.net/c/' storage_integration = nope",
        ),
        "002003",
        "Integration 'NOPE' does not exist",
    );
    assert_error(
        &sb.err("create stage st file_format = (format_name = 'missing_ff')"),
        "002003",
        "File format 'D.S.MISSING_FF' does not exist",
    );
    sb.ok(
        "create storage integration az type = external_stage storage_provider = 'AZURE' enabled = true \
         azure_tenant_id = 't' storage_allowed_locations = ('azure://a.blob.core.windows.net/c/')",
    );
    assert_error(
        &sb.err(
            "create stage st url = 'azure://b.blob.core.windows.net/x/' storage_integration = az",
        ),
        "091004",
        "is not allowed by integration 'AZ'",
    );
    sb.ok("create stage st url = 'azure://a.blob.core.windows.net/c/in/' storage_integration = az");
}

#[test]
fn invalid_properties_and_values() {
    let mut sb = Sandbox::with_schema();
    assert_error(
        &sb.err("create table t (a int) bogus_option = 1"),
        "001008",
        "invalid property 'BOGUS_OPTION' for 'TABLE'",
    );
    assert_error(
        &sb.err("create file format f type = csv skip_header = 'x'"),
        "002029",
        "SKIP_HEADER",
    );
    assert_error(
        &sb.err("create task t schedule = 'whenever' as select 1"),
        "002029",
        "SCHEDULE",
    );
    assert_error(
        &sb.err("create task t warehouse = nope as select 1"),
        "002003",
        "Warehouse 'NOPE'",
    );
    assert_error(
        &sb.err("create storage integration az type = external_stage storage_provider = 'AZURE' enabled = true storage_allowed_locations = ('azure://x/')"),
        "002031",
        "AZURE_TENANT_ID",
    );
    assert_error(
        &sb.err("alter view nope add column a int"),
        "001003",
        "unexpected 'add'",
    );
}

#[test]
fn select_constants_and_functions() {
    let mut sb = Sandbox::with_schema();
    let result = sb.ok("select 1, 'x', current_timestamp(), current_database() as db, true");
    let names: Vec<&str> = result.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["1", "'X'", "CURRENT_TIMESTAMP()", "DB", "TRUE"]);
    let types: Vec<&str> = result.columns.iter().map(|c| c.type_name).collect();
    assert_eq!(types, ["fixed", "text", "timestamp_ltz", "text", "boolean"]);
    assert_eq!(result.rows[0][3].as_deref(), Some("D"));
    assert!(
        result.rows[0][2]
            .as_deref()
            .unwrap()
            .ends_with(".000000000")
    );
    assert_error(
        &sb.err("select no_such_function()"),
        "002140",
        "Unknown function NO_SUCH_FUNCTION",
    );
}

#[test]
fn query_history_records_every_statement_newest_first() {
    let mut sb = Sandbox::new();
    sb.ok("select 1");
    sb.err("drop table nowhere.s.t");
    let rows = sb.rows("select query_text, execution_status, error_code, error_message, start_time from table(information_schema.query_history())");
    assert_eq!(rows.len(), 2);
    assert_eq!(cell(&rows[0], "QUERY_TEXT"), "drop table nowhere.s.t");
    assert_eq!(cell(&rows[0], "EXECUTION_STATUS"), "FAILED_WITH_ERROR");
    assert_eq!(cell(&rows[0], "ERROR_CODE"), "002003");
    assert_eq!(cell(&rows[1], "EXECUTION_STATUS"), "SUCCESS");
    assert_eq!(cell(&rows[1], "ERROR_CODE"), "<NULL>");
    let limited =
        sb.rows("select * from table(information_schema.query_history(result_limit => 1))");
    assert_eq!(limited.len(), 1);
    assert_eq!(
        cell(&limited[0], "QUERY_TEXT"),
        "select query_text, execution_status, error_code, error_message, start_time from table(information_schema.query_history())"
    );
    assert_error(
        &sb.err("select * from table(information_schema.query_history(result_limit => 10001))"),
        "002029",
        "RESULT_LIMIT",
    );
    let failed = sb.rows("select query_text from table(information_schema.query_history()) where execution_status = 'FAILED_WITH_ERROR'");
    assert_eq!(failed.len(), 2);
}

#[test]
fn information_schema_columns_filters_and_orders() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table a (x int, y varchar(5) not null comment 'why', z timestamp_ltz(3))");
    sb.ok("create table b (k float)");
    let rows = sb.rows(
        "select table_name, column_name, ordinal_position, is_nullable, character_maximum_length, numeric_precision, datetime_precision, comment \
         from information_schema.columns where table_schema = 'S' order by table_name desc, ordinal_position",
    );
    let summary: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (cell(r, "TABLE_NAME"), cell(r, "COLUMN_NAME")))
        .collect();
    assert_eq!(summary, [("B", "K"), ("A", "X"), ("A", "Y"), ("A", "Z")]);
    assert_eq!(cell(&rows[2], "IS_NULLABLE"), "NO");
    assert_eq!(cell(&rows[2], "CHARACTER_MAXIMUM_LENGTH"), "5");
    assert_eq!(cell(&rows[2], "COMMENT"), "why");
    assert_eq!(cell(&rows[1], "NUMERIC_PRECISION"), "38");
    assert_eq!(cell(&rows[3], "DATETIME_PRECISION"), "3");
    let only = sb.rows("select * from d.information_schema.columns where table_name in ('B')");
    assert_eq!(only.len(), 1);
    assert_eq!(cell(&only[0], "DATA_TYPE"), "FLOAT");
}

#[test]
fn state_survives_a_round_trip_and_dirty_tracks_changes() {
    let mut sb = Sandbox::with_schema();
    assert!(sb.engine.take_dirty());
    sb.ok("show tables");
    assert!(!sb.engine.take_dirty());
    sb.ok("create table t (a int)");
    assert!(sb.engine.take_dirty());
    let state = sb.engine.to_state();
    let restored = super::Engine::from_state(state.clone()).unwrap();
    assert_eq!(restored.to_state(), state);
    let e = super::Engine::from_state(serde_json::json!({"format": 99}))
        .err()
        .unwrap();
    assert!(e.message.contains("unsupported format"));
}

#[test]
fn comment_on_session_and_transaction_statements() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table \"Mixed\" (c int)");
    sb.ok("comment on table \"Mixed\" is 'described'");
    sb.ok("comment on column d.s.\"Mixed\".c is 'a column'");
    assert_eq!(cell(&sb.one("show tables"), "comment"), "described");
    assert_eq!(
        cell(&sb.one("describe table \"Mixed\""), "comment"),
        "a column"
    );
    assert_eq!(
        sb.status("comment if exists on view nope is 'x'"),
        "Statement executed successfully."
    );
    for sql in [
        "alter session set query_tag = 'lakeform'",
        "begin",
        "commit",
        "rollback",
    ] {
        assert_eq!(sb.status(sql), "Statement executed successfully.");
    }
    let state = sb.engine.to_state();
    let restored = super::Engine::from_state(state.clone()).unwrap();
    assert_eq!(
        restored.to_state(),
        state,
        "quoted names survive the state file"
    );
}

#[test]
fn hostile_names_round_trip_without_injection() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table \"a\"\"b\" (\"x;DROP TABLE t\" int)");
    sb.ok("create table \"Ünïcode täble\" (c int)");
    assert_eq!(sb.names("show tables"), ["a\"b", "Ünïcode täble"]);
    let columns = sb.rows("show columns in table \"a\"\"b\"");
    assert_eq!(cell(&columns[0], "column_name"), "x;DROP TABLE t");
    sb.ok("create view v as select * from \"a\"\"b\"");
    assert_eq!(
        cell(&sb.rows("describe view v")[0], "name"),
        "x;DROP TABLE t"
    );
    sb.ok("drop table \"a\"\"b\"");
    assert_eq!(sb.names("show tables"), ["Ünïcode täble"]);
}

#[test]
fn copy_into_checks_what_it_names() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (a int, f string)");
    sb.ok("create file format ff type = csv");
    sb.ok("create stage stg");
    let status = sb.status("copy into t from (select $1, metadata$filename from @stg/in/) file_format = (format_name = 'ff')");
    assert_eq!(status, "Copy executed with 0 files processed.");
    assert_error(
        &sb.err("copy into t from @nostage/x"),
        "002003",
        "Stage 'D.S.NOSTAGE'",
    );
    assert_error(
        &sb.err("copy into nope from @stg"),
        "002003",
        "Table 'D.S.NOPE'",
    );
    assert_error(
        &sb.err("copy into t from @stg file_format = (format_name = 'nofmt')"),
        "002003",
        "File format 'D.S.NOFMT'",
    );
}

/// Two load sources besides a named stage: the table's own stage when FROM is left out
/// ("the FROM clause can be omitted",
/// https://docs.snowflake.com/en/user-guide/data-load-local-file-system-copy), and an
/// external location, reached through an integration or with credentials but not both
/// (`externalLocation`, https://docs.snowflake.com/en/sql-reference/sql/copy-into-table).
#[test]
fn copy_into_loads_from_the_table_stage_or_an_external_location() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (a int, f string)");
    sb.ok(
        "create storage integration az type = external_stage storage_provider = 'AZURE' enabled = true \
         azure_tenant_id = 'a123b4c5-1234-123a-a12b-1a23b45678c9' storage_allowed_locations = ('azure://acct.blob.core.windows.net/c/')",
    );
    let loaded = "Copy executed with 0 files processed.";
    assert_eq!(
        sb.status("copy into t file_format = (type = csv field_delimiter = '|' skip_header = 1)"),
        loaded
    );
    assert_eq!(
        sb.status("copy into t from 'azure://acct.blob.core.windows.net/c/data/' storage_integration = az files = ('a.csv', 'b.csv') file_format = (type = csv)"),
        loaded
    );
    assert_eq!(
        sb.status("copy into t (a, f) from 'azure://acct.blob.core.windows.net/c/data/' credentials = (azure_sas_token = 'tok') encryption = (type = 'AZURE_CSE' master_key = 'k')"),
        loaded
    );
    assert_error(
        &sb.err(
            "copy into t from 'azure://acct.blob.core.windows.net/c/' storage_integration = nope",
        ),
        "002003",
        "Integration 'NOPE' does not exist or not authorized.",
    );
    assert_error(
        &sb.err("copy into t from 'azure://acct.blob.core.windows.net/c/' storage_integration = az credentials = (azure_sas_token = 'tok')"),
        "002032",
        "properties 'STORAGE_INTEGRATION' and 'CREDENTIALS' are mutually exclusive",
    );
    assert_error(
        &sb.err("copy into @~/out from t storage_integration = nope"),
        "002003",
        "Integration 'NOPE'",
    );
    assert_error(
        &sb.err("copy into nope file_format = (type = csv)"),
        "002003",
        "Table 'D.S.NOPE'",
    );
}

#[test]
fn rebuilds_copy_through_ctas_and_insert() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (id int not null, amount number(10,2), note string default 'x')");
    sb.ok("create table t_plain as select id, amount as total from t");
    let described = sb.rows("describe table t_plain");
    let summary: Vec<(&str, &str)> = described
        .iter()
        .map(|r| (cell(r, "name"), cell(r, "type")))
        .collect();
    assert_eq!(summary, [("ID", "NUMBER(38,0)"), ("TOTAL", "NUMBER(10,2)")]);
    assert_error(
        &sb.err("create table t_cast as select cast(amount as varchar) from t"),
        "002043",
        "column list",
    );
    sb.ok("create table t_new (id int not null, amount number(12,3), note string) as select id, amount, note from t");
    assert_error(
        &sb.err("create table t_bad (a int) as select a from missing"),
        "002003",
        "Object 'D.S.MISSING'",
    );
    let inserted =
        sb.ok("insert into t_new (id, amount, note) select id, amount::number(12,3), note from t");
    assert_eq!(inserted.columns[0].name, "number of rows inserted");
    assert_eq!(
        sb.status("insert into t values (1, 2.5, 'a'), (2, 3.5, 'b')"),
        "2"
    );
    assert_error(&sb.err("insert into t (nope) values (1)"), "000904", "NOPE");
    assert_error(
        &sb.err("insert into t select * from missing"),
        "002003",
        "MISSING",
    );
    sb.ok("alter table t swap with t_new");
    sb.ok("drop table t_new");
    assert_eq!(
        cell(&sb.rows("describe table t")[1], "type"),
        "NUMBER(12,3)"
    );
    sb.ok("create view v as select id from t");
    sb.ok("alter view v set secure");
    assert_eq!(cell(&sb.one("show views"), "is_secure"), "true");
}

#[test]
fn qualified_rebuild_statements_need_no_session_context() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table \"Orders\" (id varchar, old int)");
    sb.session = super::SqlSession::default();
    for sql in [
        "CREATE OR REPLACE TABLE D.S.\"Orders_LAKEFORM_REBUILD\" (ID NUMBER(38,0), NEW NUMBER(38,0), ADDED DATE)",
        "INSERT INTO D.S.\"Orders_LAKEFORM_REBUILD\" (ID, NEW) SELECT CAST(ID AS NUMBER(38,0)), OLD FROM D.S.\"Orders\"",
        "ALTER TABLE D.S.\"Orders\" SWAP WITH D.S.\"Orders_LAKEFORM_REBUILD\"",
        "DROP TABLE D.S.\"Orders_LAKEFORM_REBUILD\"",
    ] {
        sb.ok(sql);
    }
    assert_eq!(
        cell(&sb.rows("describe table d.s.\"Orders\"")[0], "type"),
        "NUMBER(38,0)"
    );
}

// https://docs.snowflake.com/en/sql-reference/sql/copy-into-location: an unload checks its
// stage, its table or query and its file format, and answers rows_unloaded, input_bytes
// and output_bytes (zeros: the sandbox holds no rows), or the per-file columns with
// DETAILED_OUTPUT = TRUE.
#[test]
fn copy_into_a_location_unloads_nothing_but_checks_its_names() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (a int, dt date)");
    sb.ok("create view v as select a from t");
    sb.ok("create file format pq type = parquet");
    sb.ok("create stage stg");
    let row = sb.one(
        "copy into @stg/out/ from t partition by ('dt=' || to_varchar(dt)) \
         file_format = (format_name = 'pq') header = true",
    );
    for column in ["rows_unloaded", "input_bytes", "output_bytes"] {
        assert_eq!(cell(&row, column), "0", "{column}");
    }
    sb.ok("copy into @stg from (select a from v) file_format = (type = csv) single = true");
    sb.ok("copy into @~/mine from t");
    let detailed = sb.ok("copy into @stg from t detailed_output = true");
    let names: Vec<&str> = detailed.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["FILE_NAME", "FILE_SIZE", "ROW_COUNT"]);
    assert!(detailed.rows.is_empty());
    assert_error(
        &sb.err("copy into @nostage from t"),
        "002003",
        "Stage 'D.S.NOSTAGE'",
    );
    assert_error(&sb.err("copy into @stg from nope"), "002003", "'D.S.NOPE'");
    assert_error(
        &sb.err("copy into @stg from (select * from nope)"),
        "002003",
        "'D.S.NOPE'",
    );
    assert_error(
        &sb.err("copy into @stg from t file_format = (format_name = 'nofmt')"),
        "002003",
        "File format 'D.S.NOFMT'",
    );
}

/// A warehouse's generation and resource constraint
/// (https://docs.snowflake.com/en/sql-reference/sql/create-warehouse): GENERATION is
/// `'1'` or `'2'` in quotes and only for a standard warehouse; RESOURCE_CONSTRAINT's
/// `STANDARD_GEN_*` are a standard warehouse's, its `MEMORY_*` a Snowpark-optimized one's,
/// each within its sizes, and the two must agree. SHOW WAREHOUSES reports both
/// (https://docs.snowflake.com/en/sql-reference/sql/show-warehouses).
#[test]
fn warehouse_generation_and_resource_constraint() {
    let mut sb = Sandbox::new();
    sb.ok("create warehouse gen2_wh with warehouse_size = large generation = '2'");
    let row = sb.one("show warehouses like 'GEN2_WH'");
    assert_eq!(
        ["size", "generation", "resource_constraint"].map(|c| cell(&row, c)),
        ["Large", "2", "<NULL>"]
    );
    sb.ok("create warehouse so_wh with warehouse_type = 'SNOWPARK-OPTIMIZED' resource_constraint = 'MEMORY_16X_x86'");
    let row = sb.one("show warehouses like 'SO_WH'");
    assert_eq!(
        ["type", "size", "resource_constraint", "generation"].map(|c| cell(&row, c)),
        ["SNOWPARK-OPTIMIZED", "Medium", "MEMORY_16X_x86", "<NULL>"]
    );
    sb.ok("alter warehouse gen2_wh set resource_constraint = standard_gen_2");
    for (sql, value) in [
        // Unquoted, the generation is not one.
        ("create warehouse w1 generation = 2", "2"),
        ("create warehouse w2 generation = '3'", "3"),
        // A Snowpark-optimized warehouse has no generation.
        (
            "create warehouse w3 warehouse_type = 'SNOWPARK-OPTIMIZED' generation = '1'",
            "STANDARD_GEN_1",
        ),
        // 256 GB needs at least MEDIUM; a standard warehouse takes no memory constraint.
        (
            "create warehouse w4 warehouse_type = 'SNOWPARK-OPTIMIZED' warehouse_size = xsmall resource_constraint = memory_16x",
            "MEMORY_16X",
        ),
        (
            "create warehouse w5 resource_constraint = memory_1x",
            "MEMORY_1X",
        ),
        // Generation 2 stops at X4LARGE.
        (
            "alter warehouse gen2_wh set warehouse_size = x5large",
            "STANDARD_GEN_2",
        ),
    ] {
        assert_error(&sb.err(sql), "002029", &format!("invalid value [{value}]"));
    }
    // The two disagree.
    assert_error(
        &sb.err("create warehouse w6 generation = '1' resource_constraint = standard_gen_2"),
        "002032",
        "mutually exclusive",
    );
    // A refused ALTER changed nothing.
    assert_eq!(
        cell(&sb.one("show warehouses like 'GEN2_WH'"), "size"),
        "Large"
    );
    // WAIT_FOR_COMPLETION waits for a resize: ALTER only, and with WAREHOUSE_SIZE
    // (https://docs.snowflake.com/en/sql-reference/sql/alter-warehouse).
    sb.ok("alter warehouse gen2_wh set warehouse_size = xlarge wait_for_completion = true");
    assert_error(
        &sb.err("alter warehouse gen2_wh set wait_for_completion = true"),
        "002029",
        "WAIT_FOR_COMPLETION",
    );
    assert_error(
        &sb.err("create warehouse w7 wait_for_completion = true"),
        "001008",
        "invalid property 'WAIT_FOR_COMPLETION'",
    );
}
