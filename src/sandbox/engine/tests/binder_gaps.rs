//! Query forms the binder used to refuse or leave unknown: numeric literal types in CTAS
//! (https://docs.snowflake.com/en/sql-reference/operators-arithmetic), `SELECT * ILIKE`
//! (https://docs.snowflake.com/en/sql-reference/sql/select) and MERGE's `UPDATE ALL BY
//! NAME` / `INSERT ALL BY NAME` (https://docs.snowflake.com/en/sql-reference/sql/merge).

use super::{Sandbox, assert_error, cell};

#[test]
fn ctas_over_arithmetic_with_literals_takes_the_derived_types() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (a number(10,2), b int)");
    sb.ok("create table t2 as select b + 1 as c, a * 1.5 as d, -a as e, 15e-03 as f from t");
    let rows = sb.rows("describe table t2");
    let types: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (cell(r, "name"), cell(r, "type")))
        .collect();
    // b + 1: L = max(38, 1) + 1 capped at 38; a * 1.5: L = 8 + 1, S = min(2 + 1, 12).
    assert_eq!(
        types,
        [
            ("C", "NUMBER(38,0)"),
            ("D", "NUMBER(12,3)"),
            ("E", "NUMBER(10,2)"),
            ("F", "FLOAT")
        ]
    );
    // A literal alone answers its type over the SQL API.
    let answer = sb.ok("select 15 as n, 0.25 as m");
    assert_eq!(answer.columns[0].type_name, "fixed");
}

#[test]
fn star_ilike_keeps_the_matching_columns() {
    let mut sb = Sandbox::with_schema();
    // The SELECT page's example table.
    sb.ok(
        "CREATE TABLE employee_table (employee_ID INTEGER, last_name VARCHAR, \
         first_name VARCHAR, department_ID INTEGER)",
    );
    let answer = sb.ok("SELECT * ILIKE '%id%' FROM employee_table");
    let names: Vec<&str> = answer.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["EMPLOYEE_ID", "DEPARTMENT_ID"]);
    sb.ok("create view ids as select * ilike '%id%' rename department_id as department from employee_table");
    assert_eq!(sb.names("describe view ids"), ["EMPLOYEE_ID", "DEPARTMENT"]);
    // "If no columns match the specified pattern, a compilation error occurs (001080)".
    let e = sb.err("SELECT * ILIKE 'zz%' FROM employee_table");
    assert_error(&e, "001080", "SELECT with no columns");
}

#[test]
fn merge_all_by_name_needs_the_same_column_names() {
    let mut sb = Sandbox::with_schema();
    // The MERGE page's ALL BY NAME example: same names, another order.
    sb.ok("CREATE TABLE merge_example_target_all (id INTEGER, x INTEGER, y VARCHAR)");
    sb.ok("CREATE TABLE merge_example_source_all (id INTEGER, y VARCHAR, x INTEGER)");
    sb.ok(
        "MERGE INTO merge_example_target_all USING merge_example_source_all \
         ON merge_example_target_all.id = merge_example_source_all.id \
         WHEN MATCHED THEN UPDATE ALL BY NAME \
         WHEN NOT MATCHED THEN INSERT ALL BY NAME",
    );
    // "The target table and source must have the same number of columns and the same
    // names for all of the columns."
    sb.ok("create table other_source (id integer, y varchar, z integer)");
    let e = sb.err(
        "merge into merge_example_target_all t using other_source s on t.id = s.id \
         when not matched then insert all by name",
    );
    assert_error(&e, "000904", "invalid identifier 'X'");
    let e = sb.err(
        "merge into merge_example_target_all t using (select id, y, z as x, 1 as w from other_source) s \
         on t.id = s.id when matched then update all by name",
    );
    assert_error(&e, "000904", "invalid identifier 'W'");
}

#[test]
fn match_recognize_patterns_take_their_anchors() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table stock_price_history (company varchar, price_date date, price int)");
    // `^` and `$` anchor a pattern to the partition's start and end
    // (https://docs.snowflake.com/en/sql-reference/constructs/match_recognize).
    let answer = sb.ok("select * from stock_price_history match_recognize(
            partition by company order by price_date
            measures match_number() as match_number
            one row per match
            pattern(^ s1+ $)
            define s1 as price > 0)");
    let names: Vec<&str> = answer.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["COMPANY", "MATCH_NUMBER"]);
}
