//! User-defined functions: CREATE / SHOW / DESCRIBE / ALTER / DROP by signature, the SQL
//! body compiled at CREATE, each language's required clauses, and calls bound to the
//! declared return type.

use super::{Sandbox, assert_error, cell};

// https://docs.snowflake.com/en/sql-reference/sql/create-function,
// https://docs.snowflake.com/en/sql-reference/sql/show-user-functions,
// https://docs.snowflake.com/en/sql-reference/sql/alter-function,
// https://docs.snowflake.com/en/sql-reference/sql/drop-function
#[test]
fn function_lifecycle_with_overloads() {
    let mut sb = Sandbox::with_schema();
    assert_eq!(
        sb.status("create function area(r float) returns float as 'pi() * r * r'"),
        "Function AREA successfully created."
    );
    sb.ok(
        "create secure function area(r int, scale int default 1) returns number(10,2) \
           comment = 'scaled' as 'r * r * scale'",
    );
    assert_error(
        &sb.err("create function area(x double) returns float as 'x'"),
        "002002",
        "AREA(FLOAT)",
    );
    assert_eq!(
        sb.status("create function if not exists area(x double) returns float as 'x'"),
        "AREA already exists, statement succeeded."
    );
    let rows = sb.rows("show user functions");
    let arguments: Vec<&str> = rows.iter().map(|r| cell(r, "arguments")).collect();
    assert_eq!(
        arguments,
        [
            "AREA(FLOAT) RETURN FLOAT",
            "AREA(NUMBER, NUMBER DEFAULT) RETURN NUMBER"
        ]
    );
    assert_eq!(cell(&rows[1], "min_num_arguments"), "1");
    assert_eq!(cell(&rows[1], "max_num_arguments"), "2");
    assert_eq!(cell(&rows[1], "is_secure"), "Y");
    assert_eq!(cell(&rows[1], "description"), "scaled");
    assert_eq!(cell(&rows[0], "description"), "user-defined function");
    assert_eq!(cell(&rows[0], "language"), "SQL");
    assert_eq!(cell(&rows[0], "is_table_function"), "N");
    assert_eq!(sb.rows("show functions like 'AREA'").len(), 2);

    let described = sb.rows("describe function area(float)");
    assert_eq!(cell(&described[0], "value"), "(R FLOAT)");
    assert_eq!(cell(&described[1], "value"), "FLOAT");
    assert_eq!(cell(&described[2], "value"), "SQL");
    assert_eq!(cell(&described[5], "value"), "pi() * r * r");

    sb.ok("alter function area(float) set secure");
    sb.ok("alter function area(float) set comment = 'circle'");
    let row = &sb.rows("show user functions")[0];
    assert_eq!(cell(row, "is_secure"), "Y");
    assert_eq!(cell(row, "description"), "circle");
    sb.ok("alter function area(float) unset secure");
    sb.ok("alter function area(float) unset comment");
    let row = &sb.rows("show user functions")[0];
    assert_eq!(cell(row, "is_secure"), "N");
    assert_eq!(cell(row, "description"), "user-defined function");
    assert_error(
        &sb.err("alter function area(float) set handler = 'x'"),
        "001008",
        "HANDLER",
    );
    sb.ok("alter function area(float) rename to circle");
    assert_eq!(sb.names("show user functions"), ["AREA", "CIRCLE"]);
    sb.ok("drop function circle(float)");
    assert_error(
        &sb.err("drop function circle(float)"),
        "002003",
        "Function 'D.S.CIRCLE(FLOAT)' does not exist or not authorized.",
    );
    sb.ok("drop function if exists circle(float)");
    sb.ok("drop function area(number, number)");
    assert!(sb.rows("show user functions").is_empty());
}

// A SQL function's body is compiled at CREATE, as a view's query is
// (https://docs.snowflake.com/en/developer-guide/udf/sql/udf-sql-introduction): its
// objects must exist (002003), its columns resolve (000904), its arguments are in scope.
#[test]
fn a_sql_body_is_compiled_against_the_catalog_and_its_arguments() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table orders (id int, amount number(10,2), customer varchar)");
    sb.ok(
        "create function total_for(who varchar) returns number(38,2) as \
           'select sum(amount) from orders where customer = who'",
    );
    assert_error(
        &sb.err(
            "create function bad(who varchar) returns number as \
                 'select sum(amount) from orders where client = who'",
        ),
        "000904",
        "error line 1 at position 37\ninvalid identifier 'CLIENT'",
    );
    assert_error(
        &sb.err("create function bad(x int) returns int as 'x + nosuch'"),
        "000904",
        "error line 1 at position 4\ninvalid identifier 'NOSUCH'",
    );
    assert_error(
        &sb.err("create function bad() returns int as 'select count(*) from missing'"),
        "002003",
        "'D.S.MISSING' does not exist or not authorized.",
    );
    assert!(
        sb.rows("show user functions like 'BAD'").is_empty(),
        "a body that does not compile creates nothing"
    );
    // Other languages' bodies are the handler's, not SQL: kept as written.
    sb.ok("create function js(x float) returns float language javascript as 'return X * nosuch;'");
}

// https://docs.snowflake.com/en/sql-reference/sql/create-function: RUNTIME_VERSION and
// HANDLER are required for Python and Scala, HANDLER for Java, the definition for SQL
// and JavaScript; a staged handler (IMPORTS) needs no definition.
#[test]
fn each_language_needs_its_documented_clauses() {
    let mut sb = Sandbox::with_schema();
    sb.ok(
        "create function py(x int) returns int language python runtime_version = '3.11' \
           handler = 'addone' as $$\ndef addone(x):\n    return x + 1\n$$",
    );
    assert_error(
        &sb.err("create function py2(x int) returns int language python handler = 'f' as 'x'"),
        "002031",
        "Missing option(s): [RUNTIME_VERSION] for FUNCTION",
    );
    assert_error(
        &sb.err("create function j(x int) returns int language java as 'class A {}'"),
        "002031",
        "[HANDLER]",
    );
    sb.ok(
        "create function j(x int) returns int language java handler = 'A.f' \
           imports = ('@d.s.jars/a.jar')",
    );
    assert_error(
        &sb.err("create function s(x int) returns int language sql"),
        "002031",
        "[AS]",
    );
    assert_error(
        &sb.err("create function s(x int) returns int language cobol as 'x'"),
        "002029",
        "LANGUAGE",
    );
    let row = sb.one("show user functions like 'PY'");
    assert_eq!(cell(&row, "language"), "PYTHON");
    let described = sb.rows("describe function py(int)");
    let handler = described
        .iter()
        .find(|r| cell(r, "property") == "handler")
        .unwrap();
    assert_eq!(cell(handler, "value"), "'addone'");
}

// A call of a scalar SQL UDF binds to its declared return type; a UDTF answers its
// RETURNS TABLE columns; a name that is neither a built-in nor a function of the catalog
// is still 002140.
#[test]
fn calls_bind_to_the_declared_return_type() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (id int, r float)");
    sb.ok("create function area(r float) returns float as 'pi() * r * r'");
    sb.ok(
        "create function pairs(n int) returns table (k number, v varchar) as \
           'select id, to_varchar(r) from t where id = n'",
    );
    let result = sb.ok("select area(r) as a from t");
    assert_eq!(result.columns[0].type_name, "real");
    let result = sb.ok("select d.s.area(2.0) as a");
    assert_eq!(result.columns[0].type_name, "real");
    let result = sb.ok("select * from table(pairs(1))");
    let names: Vec<&str> = result.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["K", "V"]);
    assert_eq!(result.columns[0].type_name, "fixed");
    sb.ok("create view v as select id, area(r) as a from t");
    let described = sb.rows("describe view v");
    assert_eq!(cell(&described[1], "type"), "FLOAT");
    assert_error(&sb.err("select nosuch_fn(r) from t"), "002140", "NOSUCH_FN");
    // DMFs stay FUNCTIONs named by their table argument.
    sb.ok(
        "create data metric function dmf(arg_t table(c number)) returns number as \
           'select count(*) from arg_t'",
    );
    sb.ok("drop function dmf(table(number))");
}
