//! UNDROP and TRUNCATE: dropped databases, schemas and tables kept for their retention
//! period and restored with everything they held.

use super::{Sandbox, assert_error, cell};

// https://docs.snowflake.com/en/sql-reference/sql/undrop-table: "Restores the most recent
// version of a dropped table"; "If a table with the same name already exists, an error is
// returned"; status `Table T2 successfully restored.`
#[test]
fn undrop_table_restores_the_most_recent_version() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (a int) comment = 'first'");
    sb.ok("drop table t");
    sb.ok("create table t (b int) comment = 'second'");
    sb.ok("drop table t");
    assert!(sb.names("show tables").is_empty());
    assert_eq!(
        sb.status("undrop table t"),
        "Table T successfully restored."
    );
    assert_eq!(cell(&sb.one("show tables like 't'"), "comment"), "second");
    assert_error(
        &sb.err("undrop table t"),
        "002002",
        "Object 'T' already exists.",
    );
    // The docs' recipe for an older version: rename the current one, undrop again.
    sb.ok("alter table t rename to t_latest");
    assert_eq!(
        sb.status("undrop table d.s.t"),
        "Table T successfully restored."
    );
    assert_eq!(cell(&sb.one("show tables like 't'"), "comment"), "first");
    assert_error(
        &sb.err("undrop table t_never"),
        "002003",
        "Table 'D.S.T_NEVER' did not exist or was purged.",
    );
    // A view holds the name: tables and views share one namespace.
    sb.ok("drop table t_latest");
    sb.ok("create view t_latest as select * from t");
    assert_error(&sb.err("undrop table t_latest"), "002002", "already exists");
}

// https://docs.snowflake.com/en/user-guide/data-time-travel#restoring-objects: a dropped
// object is restorable only within its data retention period; 0 turns Time Travel off.
#[test]
fn undrop_respects_the_retention_period() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table gone (a int) data_retention_time_in_days = 0");
    sb.ok("drop table gone");
    assert_error(
        &sb.err("undrop table gone"),
        "002003",
        "did not exist or was purged",
    );
    sb.ok("create table kept (a int) data_retention_time_in_days = 2");
    sb.ok("drop table kept");
    sb.clock += 2 * 86_400 - 10;
    assert_eq!(
        sb.status("undrop table kept"),
        "Table KEPT successfully restored."
    );
    sb.ok("drop table kept");
    sb.clock += 2 * 86_400 + 10;
    assert_error(
        &sb.err("undrop table kept"),
        "002003",
        "did not exist or was purged",
    );
}

// A restored table keeps its identity, so a stream on it is no longer stale
// (https://docs.snowflake.com/en/user-guide/streams-intro#data-retention-period-and-staleness
// ties staleness to the table's history, which UNDROP brings back).
#[test]
fn undrop_table_brings_back_its_columns_and_streams() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (id number(10,0) not null, name varchar(20))");
    sb.ok("create stream st on table t");
    sb.ok("drop table t");
    assert_eq!(cell(&sb.one("show streams like 'st'"), "stale"), "true");
    sb.ok("undrop table t");
    assert_eq!(cell(&sb.one("show streams like 'st'"), "stale"), "false");
    let names: Vec<String> = sb
        .rows("describe table t")
        .iter()
        .map(|r| cell(r, "name").to_string())
        .collect();
    assert_eq!(names, ["ID", "NAME"]);
}

// https://docs.snowflake.com/en/sql-reference/sql/undrop-schema and
// https://docs.snowflake.com/en/sql-reference/sql/undrop-database: the container comes back
// with the objects it held when dropped.
#[test]
fn undrop_schema_and_database_restore_their_contents() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (a int)");
    sb.ok("create view v as select * from t");
    sb.ok("drop schema s");
    assert_error(
        &sb.err("show tables in schema d.s"),
        "002003",
        "does not exist",
    );
    assert_eq!(
        sb.status("undrop schema d.s"),
        "Schema S successfully restored."
    );
    assert_eq!(sb.names("show tables in schema d.s"), ["T"]);
    assert_eq!(sb.names("show views in schema d.s"), ["V"]);
    assert_error(
        &sb.err("undrop schema d.s"),
        "002002",
        "Object 'S' already exists.",
    );
    assert_error(
        &sb.err("undrop schema d.nope"),
        "002003",
        "Schema 'D.NOPE' did not exist or was purged.",
    );

    sb.ok("drop database d");
    assert!(sb.names("show databases").is_empty());
    assert_error(
        &sb.err("undrop table d.s.t"),
        "002003",
        "Database 'D' does not exist",
    );
    assert_eq!(
        sb.status("undrop database d"),
        "Database D successfully restored."
    );
    assert_eq!(sb.names("show tables in schema d.s"), ["T"]);
    assert_error(
        &sb.err("undrop database d"),
        "002002",
        "Object 'D' already exists.",
    );
    assert_error(
        &sb.err("undrop database nope"),
        "002003",
        "Database 'NOPE' did not exist or was purged.",
    );
    // Only databases, schemas and tables can be undropped here.
    assert_eq!(sb.err("undrop view v").code, "001003");
}

// A clone copies what exists now, not what its source dropped
// (https://docs.snowflake.com/en/sql-reference/sql/create-clone).
#[test]
fn a_clone_does_not_inherit_dropped_tables() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (a int)");
    sb.ok("drop table t");
    sb.ok("create schema d.s2 clone d.s");
    assert_error(
        &sb.err("undrop table d.s2.t"),
        "002003",
        "did not exist or was purged",
    );
    assert_eq!(
        sb.status("undrop table d.s.t"),
        "Table T successfully restored."
    );
}

// The dropped objects survive the state file (the server persists `to_state`).
#[test]
fn dropped_objects_survive_a_restart() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (a int)");
    sb.ok("drop table t");
    let state = sb.engine.to_state();
    sb.engine = crate::sandbox::Engine::from_state(state).unwrap();
    assert_eq!(
        sb.status("undrop table t"),
        "Table T successfully restored."
    );
}

// https://docs.snowflake.com/en/sql-reference/sql/truncate-table:
// `TRUNCATE [ TABLE ] [ IF EXISTS ] <name>` empties a table and keeps its definition.
#[test]
fn truncate_checks_the_table_and_keeps_it() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (a int)");
    assert_eq!(
        sb.status("truncate table t"),
        "Statement executed successfully."
    );
    assert_eq!(
        sb.status("truncate d.s.t"),
        "Statement executed successfully."
    );
    assert_eq!(sb.names("show tables"), ["T"]);
    assert_error(
        &sb.err("truncate table missing"),
        "002003",
        "Table 'D.S.MISSING' does not exist or not authorized.",
    );
    assert_eq!(
        sb.status("truncate table if exists missing"),
        "Statement executed successfully."
    );
    sb.ok("create view v as select * from t");
    assert_error(
        &sb.err("truncate table v"),
        "002003",
        "Table 'D.S.V' does not exist",
    );
    assert_eq!(sb.err("truncate view v").code, "001003");
}
