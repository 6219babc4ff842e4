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

// https://docs.snowflake.com/en/sql-reference/sql/create-clone: databases, schemas and
// tables clone `AT | BEFORE (TIMESTAMP | OFFSET | STATEMENT => …)`; a point before the
// object's creation or past its retention fails with "Time travel data is not available
// …"; https://docs.snowflake.com/en/sql-reference/constructs/at-before: a STATEMENT id
// the history does not hold is "statement <id> not found".
#[test]
fn clones_travel_within_the_source_s_lifetime_and_retention() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (a int)");
    let created = sb.clock;
    sb.clock += 600;
    sb.ok("create table t_offset clone t at (offset => -60*5)");
    sb.ok("create table t_before clone t before (offset => -300) copy grants");
    assert_error(
        &sb.err("create table t_old clone t at (offset => -3600)"),
        "000707",
        "Time travel data is not available for table T. The requested time is either beyond \
         the allowed time travel period or before the object creation time.",
    );
    // A literal timestamp: UTC when not cast, exact with an offset.
    let at = jiff::Timestamp::from_second(created + 10).unwrap();
    sb.ok(&format!(
        "create table t_ts clone t at (timestamp => '{at}'::timestamp_tz)"
    ));
    let before = jiff::Timestamp::from_second(created - 10).unwrap();
    let civil = jiff::tz::TimeZone::UTC.to_datetime(before);
    assert_error(
        &sb.err(&format!(
            "create table t_early clone t at (timestamp => '{civil}')"
        )),
        "000707",
        "for table T.",
    );
    // LTZ without an offset reads the session's TIMEZONE, which the sandbox does not
    // model: not checked.
    sb.ok(&format!(
        "create table t_ltz clone t at (timestamp => to_timestamp_ltz('{civil}'))"
    ));
    // Past the retention period (1 day by default).
    sb.clock += 2 * 86_400;
    assert_error(
        &sb.err("create table t_late clone t at (offset => -86400*2)"),
        "000707",
        "for table T.",
    );
    // STATEMENT => a query id of the history: AT includes that statement, BEFORE does
    // not, and the table was created by it.
    sb.ok("create table u (a int)");
    let id = sb
        .rows("select query_id, query_text from table(information_schema.query_history())")
        .iter()
        .find(|r| r.get("QUERY_TEXT").and_then(|v| v.as_deref()) == Some("create table u (a int)"))
        .and_then(|r| r.get("QUERY_ID").cloned().flatten())
        .expect("the CREATE is in the history");
    sb.ok(&format!(
        "create table u_at clone u at (statement => '{id}')"
    ));
    assert_error(
        &sb.err(&format!(
            "create table u_before clone u before (statement => '{id}')"
        )),
        "000707",
        "for table U.",
    );
    assert_error(
        &sb.err(
            "create table u_x clone u at (statement => '01b00000-0000-0000-0000-00000000ffff')",
        ),
        "000709",
        "Statement 01b00000-0000-0000-0000-00000000ffff not found.",
    );
    // Schemas and databases, with their retention; the IGNORE clauses are accepted.
    sb.ok("create schema s2");
    sb.clock += 600;
    sb.ok("create schema s2_copy clone s2 at (offset => -300) ignore tables with insufficient data retention");
    assert_error(
        &sb.err("create schema s2_old clone s2 at (offset => -3600)"),
        "000707",
        "for schema S2.",
    );
    assert_error(
        &sb.err("create database d_old clone d at (offset => -86400*3)"),
        "000707",
        "for database D.",
    );
    sb.ok("create database d_copy clone d before (offset => -60)");
    // The clause's grammar: the three documented keys (STREAM only for streams).
    assert_error(
        &sb.err("create table t_s clone t at (stream => 'st')"),
        "001003",
        "unexpected 'stream'",
    );
}

// https://docs.snowflake.com/en/sql-reference/sql/create-stream: a stream's AT | BEFORE
// point is checked against its table as a clone's is.
#[test]
fn streams_start_within_their_table_s_lifetime() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (a int)");
    sb.clock += 120;
    sb.ok("create stream st on table t at (offset => -60)");
    assert_error(
        &sb.err("create stream st_old on table t at (offset => -600)"),
        "000707",
        "for table T.",
    );
    sb.ok("create view v as select a from t");
    sb.clock += 120;
    assert_error(
        &sb.err("create stream st_v on view v before (offset => -600)"),
        "000707",
        "for view V.",
    );
    sb.ok("create stream st_s on table t at (stream => 'st')");
}
