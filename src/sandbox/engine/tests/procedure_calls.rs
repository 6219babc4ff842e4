//! CALL of a Snowflake Scripting procedure compiles its statements against the catalog as
//! it is at the CALL (`engine/call.rs`): a missing table or column is the CALL's error,
//! reported as Snowflake reports an exception no block handles
//! (https://docs.snowflake.com/en/developer-guide/snowflake-scripting/exceptions), while
//! the body's own variables and the tables it creates are names it may use.

use super::{Sandbox, assert_error};

fn with_tables() -> Sandbox {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table target (id int, name varchar)");
    sb.ok("create table source (id int, name varchar)");
    sb
}

#[test]
fn a_misspelt_column_in_a_procedures_merge_fails_the_call_at_its_line() {
    let mut sb = with_tables();
    // Created while the body is wrong: Snowflake compiles a Scripting body when it runs.
    sb.ok("create procedure load() returns varchar language sql as $$\nBEGIN\n  MERGE INTO target t USING source s ON t.id = s.id\n    WHEN MATCHED THEN UPDATE SET t.name = s.nmae;\n  RETURN 'done';\nEND;\n$$");
    let e = sb.err("call load()");
    assert_error(
        &e,
        "000904",
        "Uncaught exception of type 'STATEMENT_ERROR' on line 3 at position 2 : SQL compilation error:\nerror line 2 at position 42\ninvalid identifier 'S.NMAE'",
    );
    // Fixed in place, it runs.
    sb.ok("create or replace procedure load() returns varchar language sql as $$\nBEGIN\n  MERGE INTO target t USING source s ON t.id = s.id\n    WHEN MATCHED THEN UPDATE SET t.name = s.name;\n  RETURN 'done';\nEND;\n$$");
    sb.ok("call load()");
}

#[test]
fn a_missing_table_fails_the_call_unless_the_body_creates_it() {
    let mut sb = with_tables();
    sb.ok("create procedure copy_out() returns int language sql as $$ BEGIN INSERT INTO archive SELECT * FROM source; RETURN 1; END $$");
    assert_error(
        &sb.err("call copy_out()"),
        "002003",
        "Uncaught exception of type 'STATEMENT_ERROR' on line 1 at position 7 : SQL compilation error:\nTable 'D.S.ARCHIVE' does not exist or not authorized.",
    );
    sb.ok("create table archive (id int, name varchar)");
    sb.ok("call copy_out()");
    // A table the body makes is what its later statements read, whatever exists now —
    // here an older STAGING without the column the body gives it.
    sb.ok("create table staging (other int)");
    sb.ok("create procedure stage_it() returns int language sql as $$\nBEGIN\n  CREATE OR REPLACE TEMPORARY TABLE staging (id int);\n  INSERT INTO staging (id) SELECT id FROM source;\n  DELETE FROM scratch WHERE id = 1;\n  RETURN 1;\nEND\n$$");
    assert_error(
        &sb.err("call stage_it()"),
        "002003",
        "Uncaught exception of type 'STATEMENT_ERROR' on line 5 at position 2 : SQL compilation error:\nTable 'D.S.SCRATCH' does not exist or not authorized.",
    );
}

#[test]
fn arguments_and_variables_are_names_a_statement_may_use() {
    let mut sb = with_tables();
    sb.ok("create procedure rename(p_id int, p_name varchar) returns int language sql as $$\nDECLARE\n  cutoff INT DEFAULT 10;\nBEGIN\n  LET n := 0;\n  UPDATE target SET name = p_name WHERE id = p_id AND id > cutoff AND id > n;\n  UPDATE target SET name = :p_name WHERE id = :p_id;\n  RETURN n;\nEND\n$$");
    sb.ok("call rename(1, 'x')");
    // A name that is neither a column nor a variable is refused.
    sb.ok("create procedure broken(p_id int) returns int language sql as $$ BEGIN DELETE FROM target WHERE id = q_id; RETURN 0; END $$");
    assert_error(
        &sb.err("call broken(1)"),
        "000904",
        "invalid identifier 'Q_ID'",
    );
}

/// An owner's rights procedure uses "the database and schema that the stored procedure
/// is created in"; a caller's rights one the caller's
/// (https://docs.snowflake.com/en/developer-guide/stored-procedure/stored-procedures-rights).
#[test]
fn names_resolve_in_the_procedures_schema_or_the_callers() {
    let mut sb = with_tables();
    sb.ok("create procedure as_owner() returns int language sql as 'BEGIN DELETE FROM target; RETURN 0; END'");
    sb.ok("create procedure as_caller() returns int language sql execute as caller as 'BEGIN DELETE FROM target; RETURN 0; END'");
    sb.ok("create schema d.other");
    sb.ok("use schema d.other");
    sb.ok("call d.s.as_owner()");
    assert_error(
        &sb.err("call d.s.as_caller()"),
        "002003",
        "Table 'D.OTHER.TARGET' does not exist or not authorized.",
    );
}

/// Only Snowflake Scripting bodies are compiled: a JavaScript body is the handler's code,
/// not statements.
#[test]
fn a_javascript_body_is_not_compiled() {
    let mut sb = with_tables();
    sb.ok("create procedure js() returns varchar language javascript as $$ snowflake.execute({sqlText: 'DELETE FROM nosuch'}); return 'x'; $$");
    sb.ok("call js()");
}
