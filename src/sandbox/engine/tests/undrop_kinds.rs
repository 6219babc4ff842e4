//! UNDROP DYNAMIC TABLE and UNDROP TAG: dropped dynamic tables and tags kept for their
//! schema's retention period and restored, a tag with its assignments.

use super::{Sandbox, assert_error, cell};

const VIEW_TAGS: &str =
    "select tag_name, tag_value from table(d.information_schema.tag_references('d.s.v', 'table'))";

// https://docs.snowflake.com/en/sql-reference/sql/undrop-dynamic-table: "Restores the most
// recent version of a dropped dynamic table"; "If a table with the same name already
// exists, an error is returned"; "An object can be restored only if the object was
// deleted within the Data retention period".
#[test]
fn undrop_dynamic_table_restores_the_most_recent_version() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table orders (d date, amount number(12,2))");
    sb.ok(
        "create dynamic table daily target_lag = '5 minutes' warehouse = wh comment = 'first' \
         as select d from orders",
    );
    sb.ok("drop dynamic table daily");
    sb.ok(
        "create dynamic table daily target_lag = '5 minutes' warehouse = wh comment = 'second' \
         as select d, amount from orders",
    );
    sb.ok("drop dynamic table daily");
    assert!(sb.names("show dynamic tables").is_empty());
    assert_eq!(
        sb.status("undrop dynamic table daily"),
        "Dynamic table DAILY successfully restored."
    );
    let row = sb.one("show dynamic tables like 'daily'");
    assert_eq!(cell(&row, "comment"), "second");
    // It is a relation again: its columns are the second query's.
    assert_eq!(sb.rows("describe dynamic table daily").len(), 2);
    sb.ok("select d, amount from daily");
    assert_error(
        &sb.err("undrop dynamic table daily"),
        "002002",
        "Object 'DAILY' already exists.",
    );
    // The older version, once the name is free; then nothing is left.
    sb.ok("alter dynamic table daily rename to daily_latest");
    sb.ok("undrop dynamic table d.s.daily");
    assert_eq!(
        cell(&sb.one("show dynamic tables like 'daily'"), "comment"),
        "first"
    );
    sb.ok("drop dynamic table daily_latest");
    sb.ok("create table daily_latest (a int)");
    // Tables and dynamic tables share one namespace.
    assert_error(
        &sb.err("undrop dynamic table daily_latest"),
        "002002",
        "already exists",
    );
    assert_error(
        &sb.err("undrop dynamic table never"),
        "002003",
        "Dynamic table 'D.S.NEVER' did not exist or was purged.",
    );
    // A schema without Time Travel keeps nothing.
    sb.ok("create schema d.nott data_retention_time_in_days = 0");
    sb.ok(
        "create dynamic table d.nott.gone target_lag = '5 minutes' warehouse = wh \
         as select d from d.s.orders",
    );
    sb.ok("drop dynamic table d.nott.gone");
    assert_error(
        &sb.err("undrop dynamic table d.nott.gone"),
        "002003",
        "did not exist or was purged",
    );
}

// https://docs.snowflake.com/en/sql-reference/sql/undrop-tag: "Restores the most recent
// version of a tag"; "If a tag was assigned to one or more objects when the DROP TAG
// command was executed, the UNDROP command restores the tag assignments"; "If a tag with
// the same name already exists, an error is returned".
#[test]
fn undrop_tag_restores_the_tag_and_its_assignments() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create tag pii allowed_values 'x', 'y' comment = 'personal'");
    sb.ok("create table t (id number)");
    sb.ok("create view v as select id from t");
    sb.ok("alter view v set tag pii = 'x'");
    sb.ok("drop tag pii");
    assert!(sb.rows(VIEW_TAGS).is_empty());
    assert_eq!(
        sb.status("undrop tag pii"),
        "Tag PII successfully restored."
    );
    let tag = sb.one("show tags like 'pii'");
    assert_eq!(cell(&tag, "comment"), "personal");
    assert_eq!(cell(&tag, "allowed_values"), r#"["x","y"]"#);
    let refs = sb.rows(VIEW_TAGS);
    assert_eq!(refs.len(), 1);
    assert_eq!(cell(&refs[0], "TAG_VALUE"), "x");
    // Its rules hold again.
    assert_error(
        &sb.err("alter table t set tag pii = 'z'"),
        "003542",
        "Tag value 'z' is not allowed for tag D.S.PII.",
    );
    assert_error(
        &sb.err("undrop tag pii"),
        "002002",
        "Object 'PII' already exists.",
    );
    assert_error(
        &sb.err("undrop tag d.s.never"),
        "002003",
        "Tag 'D.S.NEVER' did not exist or was purged.",
    );
}

// https://docs.snowflake.com/en/sql-reference/sql/show-tables: HISTORY "includes dropped
// tables that have not yet been purged"; "If multiple versions of a dropped table exist,
// the output displays a row for each version"; `dropped_on` is the drop's time for a
// dropped table and NULL for an active one.
#[test]
fn show_tables_history_lists_each_restorable_version() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (a int) comment = 'first'");
    sb.ok("drop table t");
    sb.ok("create table t (b int) comment = 'second'");
    sb.ok("drop table t");
    sb.ok("create table t (c int) comment = 'live'");
    sb.ok("create table gone (a int) data_retention_time_in_days = 0");
    sb.ok("drop table gone");
    // Without HISTORY: the live table only, and no dropped_on column.
    let live = sb.rows("show tables");
    assert_eq!(live.len(), 1);
    assert!(!live[0].contains_key("dropped_on"));
    let rows = sb.rows("show tables history like 't'");
    let seen: Vec<(&str, bool)> = rows
        .iter()
        .map(|r| (cell(r, "comment"), cell(r, "dropped_on") == "<NULL>"))
        .collect();
    assert_eq!(seen.len(), 3, "{rows:?}");
    assert!(seen.contains(&("live", true)));
    assert!(seen.contains(&("first", false)));
    assert!(seen.contains(&("second", false)));
    // A table kept for 0 days is not restorable, so not listed.
    assert!(sb.rows("show tables history like 'gone'").is_empty());
    assert_error(
        &sb.err("undrop table gone"),
        "002003",
        "did not exist or was purged",
    );
    // Past the retention period (1 day by default) the dropped versions are gone.
    sb.clock += 2 * 86_400;
    assert_eq!(sb.rows("show tables history like 't'").len(), 1);
    // Only SHOW TABLES takes HISTORY here; SHOW VIEWS documents none.
    assert_error(
        &sb.err("show views history"),
        "001003",
        "unexpected 'history'",
    );
}

// https://docs.snowflake.com/en/sql-reference/sql/show-schemas and
// https://docs.snowflake.com/en/sql-reference/sql/show-databases: HISTORY lists the
// dropped schemas / databases not yet purged, with `dropped_on`.
#[test]
fn show_schemas_and_databases_history_list_the_restorable_ones() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create schema d.old");
    sb.ok("drop schema d.old");
    sb.ok("create database gone_db");
    sb.ok("drop database gone_db");
    sb.ok("use schema d.s");
    assert!(sb.rows("show schemas like 'old' in database d").is_empty());
    let schemas = sb.rows("show schemas history like 'old' in database d");
    assert_eq!(schemas.len(), 1);
    assert_ne!(cell(&schemas[0], "dropped_on"), "<NULL>");
    let live = sb.one("show schemas history like 's' in database d");
    assert_eq!(cell(&live, "dropped_on"), "<NULL>");
    let databases = sb.rows("show databases history like 'gone%'");
    assert_eq!(databases.len(), 1);
    assert_eq!(cell(&databases[0], "name"), "GONE_DB");
    assert_ne!(cell(&databases[0], "dropped_on"), "<NULL>");
    // Restored, it is listed once, as active.
    sb.ok("undrop database gone_db");
    let databases = sb.rows("show databases history like 'gone%'");
    assert_eq!(databases.len(), 1);
    assert_eq!(cell(&databases[0], "dropped_on"), "<NULL>");
    // Past the retention period the dropped schema is gone from the history.
    sb.clock += 2 * 86_400;
    assert!(
        sb.rows("show schemas history like 'old' in database d")
            .is_empty()
    );
    assert_error(
        &sb.err("undrop schema d.old"),
        "002003",
        "did not exist or was purged",
    );
}
