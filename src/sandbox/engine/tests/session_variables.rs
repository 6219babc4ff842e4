//! Session variables and the pipe operator through the engine: SET / UNSET / SHOW
//! VARIABLES (https://docs.snowflake.com/en/sql-reference/session-variables), `$v` in
//! queries, IDENTIFIER($v), EXECUTE IMMEDIATE $v, CALL p($v), USE WAREHOUSE
//! IDENTIFIER($v), and `->>` chains
//! (https://docs.snowflake.com/en/sql-reference/operators-flow).

use super::{Sandbox, assert_error, cell};

#[test]
fn set_evaluates_every_expression_before_assigning() {
    let mut sb = Sandbox::with_schema();
    // The SET page's example: max is set from the old min.
    sb.ok("SET (min, max) = (40, 70)");
    sb.ok("SET (min, max) = (50, 2 * $min)");
    // The SET page's answer: a column named `$MAX`.
    let row = sb.one("SELECT $max");
    assert_eq!(cell(&row, "$MAX"), "80");
    let answer = sb.ok("select (select $max) as a, $max, $min m");
    let names: Vec<&str> = answer.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["A", "$MAX", "M"]);
    let answer = sb.ok("select $max as m, $MIN as n");
    assert_eq!(answer.rows, [[Some("80".into()), Some("50".into())]]);
    assert_eq!(answer.columns[0].type_name, "fixed");

    sb.ok("set v2 = 'example'");
    let answer = sb.ok("select $v2 || '!' as s");
    assert_eq!(answer.rows, [[Some("example!".into())]]);
    assert_eq!(answer.columns[0].type_name, "text");
}

#[test]
fn show_variables_lists_the_documented_columns() {
    let mut sb = Sandbox::with_schema();
    sb.ok("set (min, max) = (40, 70)");
    sb.ok("set greeting = 'hi'");
    let answer = sb.ok("show variables");
    let columns: Vec<&str> = answer.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        columns,
        [
            "session_id",
            "created_on",
            "updated_on",
            "name",
            "value",
            "type",
            "comment"
        ]
    );
    assert_eq!(sb.names("show variables"), ["GREETING", "MAX", "MIN"]);
    let min = sb.one("show variables like 'm%n'");
    assert_eq!(
        ["name", "value", "type"].map(|c| cell(&min, c)),
        ["MIN", "40", "fixed"]
    );
    assert_eq!(
        cell(&sb.one("show variables like 'greet%'"), "type"),
        "text"
    );

    // Set again: updated_on moves, created_on stays.
    sb.ok("set min = 41");
    let min = sb.one("show variables like 'MIN'");
    assert_ne!(cell(&min, "created_on"), cell(&min, "updated_on"));

    sb.ok("unset (min, max)");
    assert_eq!(sb.names("show variables"), ["GREETING"]);
    sb.ok("unset greeting");
    assert!(sb.rows("show variables").is_empty());
}

#[test]
fn an_undefined_variable_is_refused_at_its_place() {
    let mut sb = Sandbox::with_schema();
    let e = sb.err("select 1, $nope");
    assert_error(&e, "002211", "Session variable '$NOPE' does not exist");
    assert!(e.message.contains("line 1 at position 10"), "{}", e.message);
    assert_error(&sb.err("unset nope"), "002211", "'$NOPE' does not exist");
    // A `$` inside a string or a `$$` body is no variable.
    sb.ok("select '$nope' as s, $$ $nope $$ as t");
}

#[test]
fn set_follows_the_documented_limits() {
    let mut sb = Sandbox::with_schema();
    // "The number of expressions must match the number of variables to initialize."
    assert_error(
        &sb.err("set (a, b) = (1, 2, 3)"),
        "002212",
        "2 variables are set to 3 values",
    );
    // "Variable names such as CURRENT or PUBLIC are reserved".
    assert_error(&sb.err("set public = 1"), "002212", "reserved");
    // CURRENT is a reserved word besides: not a name at all.
    assert_error(&sb.err("set current = 1"), "001003", "unexpected 'current'");
    // "The identifier … is limited to 256 characters."
    let long = "v".repeat(257);
    assert_error(
        &sb.err(&format!("set {long} = 1")),
        "002212",
        "longer than 256 characters",
    );
    sb.ok(&format!("set {} = 1", "v".repeat(256)));
    // "The size of string or binary variables is limited to 16 KB."
    let big = "x".repeat(16 * 1024 + 1);
    assert_error(
        &sb.err(&format!("set s = '{big}'")),
        "002212",
        "longer than 16384 bytes",
    );
    // Nothing was set by the refused statements.
    assert!(sb.rows("show variables like 'S'").is_empty());
}

#[test]
fn a_variable_set_from_a_query_takes_its_type() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (a number(10,2), b varchar)");
    // The table holds no rows: the scalar subquery gives NULL, typed by its column.
    sb.ok("set threshold = (select max(a) from t)");
    let row = sb.one("show variables");
    assert_eq!(cell(&row, "value"), "<NULL>");
    assert_error(
        &sb.err("set bad = (select nosuch from t)"),
        "000904",
        "invalid identifier 'NOSUCH'",
    );
    sb.ok("select * from t where b = $threshold");
}

#[test]
fn variables_name_objects_through_identifier() {
    let mut sb = Sandbox::with_schema();
    // The session-variables page's examples.
    sb.ok("SET my_table_name = 'table1'");
    sb.ok("CREATE TABLE IDENTIFIER($my_table_name) (i INTEGER)");
    sb.ok("INSERT INTO IDENTIFIER($my_table_name) (i) VALUES (42)");
    let answer = sb.ok("SELECT * FROM IDENTIFIER($my_table_name)");
    assert_eq!(answer.columns[0].name, "I");
    sb.ok("SELECT * FROM TABLE($my_table_name)");
    sb.ok("DROP TABLE IDENTIFIER($my_table_name)");
    assert_error(
        &sb.err("SELECT * FROM IDENTIFIER($my_table_name)"),
        "002003",
        "TABLE1",
    );

    // USE WAREHOUSE IDENTIFIER($v)
    // (https://docs.snowflake.com/en/sql-reference/identifier-literal).
    sb.ok("create warehouse other_wh initially_suspended = true");
    sb.ok("set wh = 'other_wh'");
    sb.ok("use warehouse identifier($wh)");
    assert_eq!(sb.session.warehouse.as_deref(), Some("OTHER_WH"));
}

#[test]
fn execute_immediate_and_call_take_variables() {
    let mut sb = Sandbox::with_schema();
    sb.ok("set stmt = 'create table from_var (x int)'");
    sb.ok("execute immediate $stmt");
    sb.ok("select x from from_var");
    sb.ok("create procedure p(n number) returns number language sql as $$ begin return n; end $$");
    sb.ok("set n = 3");
    sb.ok("call p($n)");
    assert_error(&sb.err("call p($m)"), "002211", "'$M' does not exist");
}

#[test]
fn a_pipe_chain_reads_earlier_results_and_answers_the_last() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table emp (ename varchar, sal number(7,2))");
    // The operators-flow page: SHOW's lower-case columns read by quoted names.
    let answer =
        sb.ok("SHOW WAREHOUSES ->> SELECT \"name\", \"state\" FROM $1 WHERE \"name\" = 'WH'");
    let names: Vec<&str> = answer.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["name", "state"]);
    // `$1` in a SELECT list is the first column; in FROM the previous result.
    let answer = sb.ok(
        "select ename, sal from emp ->> select * from emp where sal > 1500 ->> select ename, $2 from $2 order by 2 desc",
    );
    assert_eq!(answer.columns.len(), 2);
    assert_eq!(answer.columns[0].name, "ENAME");
    // An error stops the chain: the table it would create is never created.
    assert_error(
        &sb.err("select nosuch from emp ->> create table never (x int)"),
        "000904",
        "NOSUCH",
    );
    assert_error(&sb.err("select 1 from never"), "002003", "NEVER");
    // A pipe number past the chain's start.
    assert_error(
        &sb.err("select 1 ->> select * from $2"),
        "001003",
        "unexpected '$2'",
    );
    // Variables set in the chain are seen by its later statements.
    let answer = sb.ok("set k = 7 ->> select $k + 1 as k1");
    assert_eq!(answer.rows, [[Some("8".into())]]);
}

#[test]
fn unaliased_items_are_named_as_written() {
    let mut sb = Sandbox::with_schema();
    sb.ok("set (min, max) = (40, 70)");
    sb.ok("SET var_2 = 'value_2'");
    let answer = sb.ok("select $max + 1, f.x, $min m, (select $min) from (select 1 as x) f");
    let names: Vec<&str> = answer.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["$MAX + 1", "X", "M", "(SELECT $MIN)"]);
    assert_eq!(answer.rows[0][0].as_deref(), Some("71"));
    // The GETVARIABLE page's example: the name must be written in upper case.
    let answer = sb
        .ok("SELECT GETVARIABLE('var_2'), GETVARIABLE('VAR_2'), SESSION_CONTEXT('VAR_2'), $var_2");
    let names: Vec<&str> = answer.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "GETVARIABLE('VAR_2')",
            "GETVARIABLE('VAR_2')",
            "SESSION_CONTEXT('VAR_2')",
            "$VAR_2"
        ]
    );
    assert_eq!(
        answer.rows,
        [[
            None,
            Some("value_2".into()),
            Some("value_2".into()),
            Some("value_2".into())
        ]]
    );
    // Variables in WHERE and in a SELECT TOP list.
    sb.ok("create table emp (salary int, age int)");
    sb.ok("SELECT AVG(salary) FROM emp WHERE age BETWEEN $min AND $max");
    assert_eq!(sb.ok("select top 1 $min").columns[0].name, "$MIN");
    let answer = sb.ok("select $min::varchar, $min::number(10, 2), $min::int i");
    let names: Vec<&str> = answer.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["$MIN::VARCHAR", "$MIN::NUMBER(10, 2)", "I"]);
}

#[test]
fn errors_are_told_where_the_statement_as_written_has_them() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (a int)");
    sb.ok("set long_value = 'a much longer value than its name'");
    // The column after the variable: position 20 as written, wherever the value ends.
    let e = sb.err("select $long_value, nosuch from t");
    assert_error(
        &e,
        "000904",
        "line 1 at position 20\ninvalid identifier 'NOSUCH'",
    );
    // An error in SET's expressions is told in the SET.
    let e = sb.err("set (x, y) = (1, nosuch)");
    assert_error(&e, "000904", "invalid identifier 'NOSUCH'");
    assert!(e.message.contains("line 1 at position 17"), "{}", e.message);
}

#[test]
fn a_query_in_parentheses_gives_its_single_result() {
    let mut sb = Sandbox::with_schema();
    sb.session.warehouse = Some("WH".into());
    // The session-variables page's examples.
    sb.ok(
        "SET (current_user, current_warehouse) = ((SELECT CURRENT_USER()), (SELECT CURRENT_WAREHOUSE()))",
    );
    assert_eq!(
        cell(&sb.one("show variables like 'CURRENT_WAREHOUSE'"), "value"),
        "WH"
    );
    sb.ok("SET current_wh_name = (SELECT CURRENT_WAREHOUSE())");
    sb.ok("USE WAREHOUSE IDENTIFIER($current_wh_name)");
    assert_error(
        &sb.err("set v = (select 1, 2)"),
        "002212",
        "a query of 2 columns",
    );
}
