//! Query forms from issue #16's probe (a transpiler's Snowflake tests run against the
//! sandbox) that it refused or answered wrongly, each as the documentation gives it.

use super::{Sandbox, assert_error};

fn schema() -> Sandbox {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t1 (id int, name varchar(10), v variant, ts timestamp_ntz, boss int)");
    sb.ok("create table t2 (id int, amount number(12,2), ts timestamp_ntz)");
    sb
}

/// The column names and SQL API types of a query's answer.
fn columns(sb: &mut Sandbox, sql: &str) -> Vec<(String, String)> {
    sb.ok(sql)
        .columns
        .iter()
        .map(|c| (c.name.clone(), c.type_name.to_string()))
        .collect()
}

/// Documented forms that must compile: higher-order functions with lambdas
/// (https://docs.snowflake.com/en/sql-reference/functions/filter,
/// https://docs.snowflake.com/en/sql-reference/functions/transform,
/// https://docs.snowflake.com/en/sql-reference/functions/reduce), SYS_CONNECT_BY_PATH
/// under CONNECT BY (https://docs.snowflake.com/en/sql-reference/functions/sys_connect_by_path),
/// LIKE ALL (https://docs.snowflake.com/en/sql-reference/functions/like_all), SYSTIMESTAMP,
/// table literals (https://docs.snowflake.com/en/sql-reference/literals-table), ASOF JOIN.
#[test]
fn documented_forms_compile() {
    let mut sb = schema();
    for sql in [
        "select filter([1, 2, 3], a -> a > 1) as f, transform([1, 2], a int -> a * 2) as t",
        "select reduce([1, 2, 3], 0, (acc, val) -> acc + val) as r",
        "select transform(v, x -> x:a) from t1",
        "select id, sys_connect_by_path(name, '/') as path from t1 start with boss is null connect by prior id = boss",
        "select 'abc' like all ('%a%', '%b%') as l",
        "select name from t1 where name ilike any ('%a%', '%b%')",
        "select systimestamp() as now",
        "select id from table('t1')",
        "select t1.id, t2.amount from t1 asof join t2 match_condition (t1.ts >= t2.ts) on t1.id = t2.id",
        "select * from t1 join t2 using (id)",
        "select identifier('name') from t1",
    ] {
        if let Err(e) = sb.run(sql) {
            panic!("{sql} → {e}");
        }
    }
    assert_error(
        &sb.err("select filter(v, x -> x > nosuch) from t1"),
        "000904",
        "invalid identifier 'NOSUCH'",
    );
    assert_error(
        &sb.err("select t1.id from t1 asof join t2 match_condition (t1.ts >= t2.nosuch)"),
        "000904",
        "invalid identifier 'T2.NOSUCH'",
    );
}

/// An unaliased expression's column is named by its text
/// (https://docs.snowflake.com/en/sql-reference/functions/systimestamp prints the column
/// `SYSTIMESTAMP()`); SYSTIMESTAMP is TIMESTAMP_LTZ, COUNT a NUMBER.
#[test]
fn expression_columns_are_named_by_their_text() {
    let mut sb = schema();
    assert_eq!(
        columns(
            &mut sb,
            "select count(*), sum(amount), cast(id as varchar), systimestamp() from t2 group by all"
        ),
        [
            ("COUNT(*)".to_string(), "fixed".to_string()),
            ("SUM(AMOUNT)".to_string(), "fixed".to_string()),
            ("CAST(ID AS VARCHAR)".to_string(), "text".to_string()),
            ("SYSTIMESTAMP()".to_string(), "timestamp_ltz".to_string()),
        ]
    );
}

/// `SELECT * EXCLUDE / REPLACE / RENAME` answer the columns left, in the table's order
/// (https://docs.snowflake.com/en/sql-reference/sql/select#parameters); `TABLE('t1')`
/// answers t1's columns.
#[test]
fn star_options_and_table_literals_answer_their_columns() {
    let mut sb = schema();
    assert_eq!(
        columns(
            &mut sb,
            "select * exclude (v, ts) replace (name as boss) rename id as ident from t1"
        ),
        [
            ("IDENT".to_string(), "fixed".to_string()),
            ("NAME".to_string(), "text".to_string()),
            ("BOSS".to_string(), "text".to_string()),
        ]
    );
    // The literal's table must exist, as a name in FROM must.
    for sql in [
        "select * from table('nosuch')",
        "select id from table('d.s.nosuch')",
    ] {
        assert_error(&sb.err(sql), "002003", "'D.S.NOSUCH' does not exist");
    }
    assert_eq!(
        columns(&mut sb, "select * from table('D.S.T2')"),
        [
            ("ID".to_string(), "fixed".to_string()),
            ("AMOUNT".to_string(), "fixed".to_string()),
            ("TS".to_string(), "timestamp_ntz".to_string()),
        ]
    );
}

/// A view over a USING join lists the joined column once
/// (https://docs.snowflake.com/en/sql-reference/constructs/join), so it is created and
/// described without a duplicate column.
#[test]
fn a_view_over_a_using_join_has_the_joined_column_once() {
    let mut sb = schema();
    sb.ok("create table t3 (id int, qty int)");
    sb.ok("create view v as select * from t1 join t3 using (id)");
    let names: Vec<String> = sb.names("describe view v");
    assert_eq!(
        names,
        ["ID", "NAME", "V", "TS", "BOSS", "QTY"].map(String::from)
    );
    sb.ok("create view n as select * from t2 natural join t3");
    assert_eq!(
        sb.names("describe view n"),
        ["ID", "AMOUNT", "TS", "QTY"].map(String::from)
    );
    // Columns both sides have that the join does not name are two columns.
    assert_error(
        &sb.err("create view w as select * from t1 join t2 using (id)"),
        "001505",
        "duplicate column name 'TS'",
    );
}

/// A dynamic PIVOT (https://docs.snowflake.com/en/sql-reference/constructs/pivot) binds
/// ANY's ORDER BY and its subquery; its value columns are data, which the sandbox does not
/// invent (`binder::star_over_pivot_unpivot_and_table_functions`). MATCH_RECOGNIZE's
/// functions are the clause's
/// (https://docs.snowflake.com/en/sql-reference/constructs/match_recognize), not unknown
/// functions, and its columns are the partition columns and the measures.
#[test]
fn dynamic_pivots_bind_and_match_recognize_answers_its_columns() {
    let mut sb = schema();
    sb.ok("create table sales (empid int, amount number(10,2), quarter varchar)");
    assert_error(
        &sb.err("select * from sales pivot (sum(amount) for quarter in (any order by nosuch))"),
        "000904",
        "invalid identifier 'NOSUCH'",
    );
    assert_error(
        &sb.err("select * from sales pivot (sum(amount) for quarter in (select nosuch from t1))"),
        "000904",
        "invalid identifier 'NOSUCH'",
    );
    assert_eq!(
        columns(
            &mut sb,
            "select * from t2 match_recognize (partition by id order by ts measures match_number() as mn, first(amount) as a one row per match pattern (up+) define up as amount > prev(amount))"
        ),
        [
            ("ID".to_string(), "fixed".to_string()),
            ("MN".to_string(), "text".to_string()),
            ("A".to_string(), "text".to_string()),
        ]
    );
    // Outside MATCH_RECOGNIZE they are no functions.
    assert_error(
        &sb.err("select prev(id) from t1"),
        "002140",
        "Unknown function PREV",
    );
}

/// RESULT_SCAN answers the earlier query's columns
/// (https://docs.snowflake.com/en/sql-reference/functions/result_scan) with the types the
/// binder derived for that query; a SHOW's types are not kept, so not derived.
#[test]
fn result_scan_keeps_the_types_of_a_bound_query() {
    let mut sb = schema();
    sb.ok("select count(*) as n, sum(amount) as total, max(ts) as latest from t2");
    assert_eq!(
        columns(&mut sb, "select * from table(result_scan(last_query_id()))"),
        [
            ("N".to_string(), "fixed".to_string()),
            ("TOTAL".to_string(), "fixed".to_string()),
            ("LATEST".to_string(), "timestamp_ntz".to_string()),
        ]
    );
    // Chained: the RESULT_SCAN's own answer is bound, so its types are kept too.
    assert_eq!(
        columns(&mut sb, "select n from table(result_scan(last_query_id()))"),
        [("N".to_string(), "fixed".to_string())]
    );
}

/// `IDENTIFIER('<name>')()` calls the function the string names
/// (https://docs.snowflake.com/en/sql-reference/identifier-literal); a DIRECTED join
/// (https://docs.snowflake.com/en/sql-reference/constructs/join) is a join.
#[test]
fn identifier_calls_and_directed_joins_compile() {
    let mut sb = schema();
    sb.ok("create function speed_of_light() returns number as '299792458'");
    sb.ok("select identifier('speed_of_light')() as c");
    assert_error(
        &sb.err("select identifier('no_such_function')()"),
        "002140",
        "Unknown function NO_SUCH_FUNCTION",
    );
    sb.ok("select t1.id from t1 inner directed join t2 on t1.id = t2.id");
}

/// Return types the function pages state reach the answer's rowType (`types.rs` lists
/// the pages) instead of the `text` an unknown type is reported as.
#[test]
fn documented_return_types_reach_the_row_type() {
    let mut sb = schema();
    let types: Vec<String> = columns(
        &mut sb,
        "select parse_json('{}') as j, object_construct('a', 1) as o, array_agg(id) as a, \
         to_date(ts) as d, contains(name, 'x') as c, true as t, date_trunc('month', ts) as m, \
         coalesce(id, boss) as i, iff(id > 0, ts, ts) as f from t1",
    )
    .into_iter()
    .map(|(_, t)| t)
    .collect();
    assert_eq!(
        types,
        [
            "variant",
            "object",
            "array",
            "date",
            "boolean",
            "boolean",
            "timestamp_ntz",
            "fixed",
            "timestamp_ntz"
        ]
    );
}

/// A query of staged files reads a stage that must exist
/// (https://docs.snowflake.com/en/user-guide/querying-stage: `@[namespace.]stage[/path]`),
/// refused as COPY refuses a missing one; the user stage `@~` always exists.
#[test]
fn a_query_of_staged_files_needs_its_stage() {
    let mut sb = schema();
    sb.ok("create stage stg");
    sb.ok("create file format ff type = csv");
    sb.ok(
        "select $1, t.$2, metadata$filename from @stg/in/ (file_format => 'ff', pattern => '.*') t",
    );
    sb.ok("select $1 from @d.s.stg");
    sb.ok("select $1 from @~/mine");
    for sql in [
        "select $1 from @nostage/x",
        "select * from @nostage",
        "select t.$1 from @d.s.nostage (pattern => '.*') t",
    ] {
        assert_error(&sb.err(sql), "002003", "Stage 'D.S.NOSTAGE'");
    }
}
