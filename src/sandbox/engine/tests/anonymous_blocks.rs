//! Anonymous Snowflake Scripting blocks
//! (https://docs.snowflake.com/en/developer-guide/snowflake-scripting/running-examples):
//! `[ DECLARE … ] BEGIN … END` as a statement or through EXECUTE IMMEDIATE. The DDL a block
//! runs whatever its data takes effect in order; its DML and queries are compiled as a
//! called procedure's; the first failure is an uncaught STATEMENT_ERROR
//! (https://docs.snowflake.com/en/developer-guide/snowflake-scripting/exceptions).

use super::{Sandbox, assert_error, cell};

#[test]
fn a_block_runs_its_ddl_in_order_and_compiles_its_dml() {
    let mut sb = Sandbox::with_schema();
    let r = sb.ok("BEGIN\n  CREATE TABLE t (id INT, name VARCHAR);\n  INSERT INTO t (id, name) VALUES (1, 'a');\n  CREATE VIEW v AS SELECT id FROM t;\n  RETURN 'done';\nEND;");
    assert_eq!(r.columns[0].name, "anonymous block");
    assert_eq!(r.rows, vec![vec![None]]);
    assert_eq!(sb.names("show tables"), ["T"]);
    assert_eq!(sb.names("show views"), ["V"]);
    // A misspelt column in a statement under a condition is still the block's error, at
    // the statement's place.
    let e = sb.err("DECLARE\n  n NUMBER DEFAULT 3;\nBEGIN\n  IF (n > 1) THEN\n    UPDATE t SET nmae = 'b' WHERE id = n;\n  END IF;\n  RETURN n;\nEND");
    assert_error(
        &e,
        "000904",
        "Uncaught exception of type 'STATEMENT_ERROR' on line 5 at position 4 : ",
    );
    assert!(e.message.contains("invalid identifier 'NMAE'"), "{e}");
}

#[test]
fn execute_immediate_runs_a_block_and_its_failure_is_uncaught() {
    let mut sb = Sandbox::with_schema();
    sb.ok("EXECUTE IMMEDIATE $$\nDECLARE\n  radius FLOAT;\nBEGIN\n  radius := 3;\n  CREATE TABLE circles (r FLOAT);\n  RETURN radius;\nEND;\n$$");
    assert_eq!(sb.names("show tables"), ["CIRCLES"]);
    assert_error(
        &sb.err("BEGIN\n  DELETE FROM nosuch;\nEND"),
        "002003",
        "Uncaught exception of type 'STATEMENT_ERROR' on line 2 at position 2 : SQL compilation error:\nTable 'D.S.NOSUCH' does not exist or not authorized.",
    );
    // A failing DDL stops the block: what ran before it stays.
    assert_error(
        &sb.err("BEGIN CREATE TABLE before_it (x INT); CREATE TABLE circles (r FLOAT); CREATE TABLE after_it (x INT); END"),
        "002002",
        "on line 1 at position 38 : ",
    );
    let names = sb.names("show tables");
    assert!(
        names.contains(&"BEFORE_IT".to_string()) && !names.contains(&"AFTER_IT".to_string()),
        "{names:?}"
    );
}

/// A block cut short, or one that does not close what it opens, is a syntax error, and
/// nothing of it runs.
#[test]
fn an_incomplete_block_is_a_syntax_error() {
    let mut sb = Sandbox::with_schema();
    for sql in [
        "BEGIN CREATE TABLE x (a INT)",
        "BEGIN LET n := 1",
        "BEGIN IF (1 = 1) THEN CREATE TABLE y (a INT); END",
        "BEGIN FOR i IN 1 TO 2 DO CREATE TABLE z (a INT); END IF; END",
    ] {
        assert_error(&sb.err(sql), "001003", "unexpected '<EOF>'");
    }
    assert!(sb.names("show tables").is_empty());
}

/// `BEGIN` alone, `BEGIN TRANSACTION | WORK` and `BEGIN NAME n` start a transaction
/// (https://docs.snowflake.com/en/sql-reference/sql/begin), not a block.
#[test]
fn begin_alone_is_still_a_transaction() {
    let mut sb = Sandbox::with_schema();
    for sql in [
        "begin",
        "begin transaction",
        "begin work",
        "begin name t1",
        "commit",
    ] {
        assert_eq!(
            cell(&sb.rows(sql)[0], "status"),
            "Statement executed successfully.",
            "{sql}"
        );
    }
}
