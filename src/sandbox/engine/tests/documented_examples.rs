//! Forms the documentation's own examples write, each from the page it cites: a NULL
//! column default, `DROP COLUMN IF EXISTS`, a stage's named file format without
//! parentheses.

use super::{Sandbox, assert_error, cell};

/// https://docs.snowflake.com/en/sql-reference/sql/create-table ("custKey NUMBER DEFAULT
/// NULL") and https://docs.snowflake.com/en/sql-reference/sql/alter-table (`DROP [ COLUMN ]
/// [ IF EXISTS ]`).
#[test]
fn null_defaults_and_dropping_columns_if_they_exist() {
    let mut sb = Sandbox::with_schema();
    sb.ok(
        "create or replace table parquet_col (custkey number default null, \
         orderdate date default null not null, price number default 1 null)",
    );
    let rows = sb.rows("describe table parquet_col");
    let of = |name: &str| rows.iter().find(|r| cell(r, "name") == name).unwrap();
    assert!(cell(of("CUSTKEY"), "default").eq_ignore_ascii_case("NULL"));
    assert_eq!(cell(of("ORDERDATE"), "null?"), "N");
    assert_eq!(cell(of("PRICE"), "null?"), "Y");
    sb.ok("alter table parquet_col drop column if exists nope");
    sb.ok("alter table parquet_col drop column if exists price, nope");
    assert_eq!(sb.rows("describe table parquet_col").len(), 2);
    // Without IF EXISTS a missing column is still an error.
    assert_error(
        &sb.err("alter table parquet_col drop column nope"),
        "000904",
        "NOPE",
    );
}

/// https://docs.snowflake.com/en/sql-reference/sql/create-stage, "Examples": `CREATE STAGE
/// my_int_stage FILE_FORMAT = my_csv_format`.
#[test]
fn a_stage_names_its_file_format_without_parentheses() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create file format my_csv_format type = csv skip_header = 1");
    sb.ok("create stage my_int_stage file_format = my_csv_format");
    let format = sb
        .rows("describe stage my_int_stage")
        .into_iter()
        .find(|r| cell(r, "property") == "FORMAT_NAME")
        .map(|r| cell(&r, "property_value").to_string());
    assert_eq!(format.as_deref(), Some("D.S.MY_CSV_FORMAT"));
    assert_error(
        &sb.err("create stage other file_format = nope"),
        "002003",
        "NOPE",
    );
}

/// https://docs.snowflake.com/en/sql-reference/sql/create-table#create-table-as-select-also-referred-to-as-ctas:
/// `CREATE TABLE mytable_copy2 AS SELECT b+1 AS c FROM mytable_copy` — the columns are the
/// query's, with the types the binder derives (a literal's type it does not derive yet, so
/// `b+1` itself is still refused as unsupported); a name that resolves nowhere fails it.
#[test]
fn ctas_takes_the_types_the_query_derives() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table mytable_copy (b number(10,0), s varchar(20))");
    sb.ok("create table mytable_copy2 as select b::varchar(12) as c, s from mytable_copy");
    let rows = sb.rows("describe table mytable_copy2");
    let seen: Vec<(String, String)> = rows
        .iter()
        .map(|r| (cell(r, "name").to_string(), cell(r, "type").to_string()))
        .collect();
    assert_eq!(seen[0], ("C".to_string(), "VARCHAR(12)".to_string()));
    // A plain column keeps its declared type.
    assert_eq!(seen[1], ("S".to_string(), "VARCHAR(20)".to_string()));
    assert_error(
        &sb.err("create table bad as select nope + 1 as c from mytable_copy"),
        "000904",
        "NOPE",
    );
    assert!(sb.rows("show tables like 'BAD'").is_empty());
}

/// Snowflake Scripting bodies written without `$$`, as the docs write them for clients
/// that do not split on `;`
/// (https://docs.snowflake.com/en/developer-guide/snowflake-scripting/running-examples),
/// and a procedure whose handler is in a staged file, which has no AS clause
/// (https://docs.snowflake.com/en/sql-reference/sql/create-procedure).
#[test]
fn scripting_bodies_without_quotes_and_staged_handlers() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table a (x int)");
    sb.ok("create task t warehouse = wh schedule = '5 minute' as \
         declare n int default 1; begin insert into a select :n; end");
    sb.ok("create procedure p() returns int language sql as begin return 1; end");
    sb.ok("call p()");
    sb.ok(
        "create procedure my_proc(x varchar) returns varchar language java \
         runtime_version = '11' packages = ('com.snowflake:snowpark:latest') \
         imports = ('@mystage/myjar.jar') handler = 'MyClass.myMethod'",
    );
    // SQL has no staged handler: its body is required.
    assert_eq!(
        sb.err("create procedure q() returns int language sql handler = 'x'")
            .code,
        "001003"
    );
}

/// `LIST | LS` (https://docs.snowflake.com/en/sql-reference/sql/list): a named stage, a
/// table's or the user's; the stage must exist, and the emulator's stages hold no files.
#[test]
fn list_names_an_existing_stage() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create stage st");
    sb.ok("create table t1 (id number)");
    for sql in [
        "list @st",
        "ls @st/2024/ pattern = '.*[.]csv'",
        "list @%t1",
        "ls @~",
    ] {
        let result = sb.ok(sql);
        let names: Vec<&str> = result.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["name", "size", "md5", "last_modified"], "{sql}");
        assert!(result.rows.is_empty(), "{sql}");
    }
    assert_error(&sb.err("list @nope"), "002003", "NOPE");
    assert_error(&sb.err("list @%nope"), "002003", "NOPE");
}

/// https://docs.snowflake.com/en/sql-reference/sql/create-pipe, "Examples": the COPY
/// statement may be written in parentheses.
#[test]
fn a_pipe_copy_statement_in_parentheses() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table mytable (c1 timestamp_ltz, c2 varchar, v variant)");
    sb.ok("create stage mystage");
    sb.ok("create pipe mypipe3 as (copy into mytable from @mystage \
         match_by_column_name = case_insensitive \
         include_metadata = (c1 = metadata$start_scan_time, c2 = metadata$filename) \
         file_format = (type = 'JSON'))");
    let row = sb.one("show pipes like 'MYPIPE3'");
    assert!(cell(&row, "definition").starts_with("copy into mytable"));
    // The parentheses hold the COPY and nothing follows them.
    assert_eq!(
        sb.err("create pipe p4 as (copy into mytable from @mystage) extra")
            .code,
        "001003"
    );
}
