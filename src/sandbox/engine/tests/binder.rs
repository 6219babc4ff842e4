//! Queries compiled against the catalog (the binder, `sql::bind`): CREATE VIEW, DESCRIBE
//! VIEW after a source changed, and MERGE / INSERT / COPY column lists, each failing with
//! Snowflake's code and message.

use super::{Sandbox, assert_error, cell};

fn with_tables() -> Sandbox {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (id int, name varchar(10), amount number(12,2), \"Mixed\" varchar)");
    sb.ok("create table u (id int, score float)");
    sb
}

#[test]
fn a_view_over_a_missing_column_is_refused_at_its_place() {
    let mut sb = with_tables();
    let e = sb.err("create view v as select id, nosuchcol from t");
    assert_eq!(e.code, "000904");
    assert_eq!(
        e.message,
        "SQL compilation error:\nerror line 1 at position 28\ninvalid identifier 'NOSUCHCOL'"
    );
    let e = sb.err("create view v as\nselect id from t\nwhere nosuch > 0");
    assert_eq!(
        e.message,
        "SQL compilation error:\nerror line 3 at position 6\ninvalid identifier 'NOSUCH'"
    );
    assert_error(
        &sb.err("create view v as select t.id from t join u on t.id = u.nope"),
        "000904",
        "invalid identifier 'U.NOPE'",
    );
    // Unquoted folds to upper case: `mixed` is MIXED, not the quoted "Mixed".
    assert_error(
        &sb.err("create view v as select mixed from t"),
        "000904",
        "invalid identifier 'MIXED'",
    );
    sb.ok("create view v as select \"Mixed\" from t");
    assert!(sb.names("show views").contains(&"V".to_string()));
}

#[test]
fn a_view_with_duplicate_column_names_is_refused() {
    let mut sb = with_tables();
    assert_error(
        &sb.err("create view v as select t.id, u.id from t join u on t.id = u.id"),
        "001505",
        "duplicate column name 'ID'",
    );
    // A column list renames them: no conflict.
    sb.ok("create view v (a, b) as select t.id, u.id from t join u on t.id = u.id");
}

/// DESCRIBE VIEW answers the bound columns: SUM of NUMBER(12,2) is NUMBER(38,2), COUNT is
/// NUMBER(18,0), a cast names its type, a column keeps its own.
#[test]
fn describe_view_answers_the_bound_columns() {
    let mut sb = with_tables();
    sb.ok(
        "create view agg as select t.name, count(distinct t.id) as n, sum(t.amount) as total, \
         max(u.score) as best, t.id::varchar(5) as code from t join u on t.id = u.id group by t.name, t.id",
    );
    let rows = sb.rows("describe view agg");
    let described: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (cell(r, "name"), cell(r, "type")))
        .collect();
    assert_eq!(
        described,
        [
            ("NAME", "VARCHAR(10)"),
            ("N", "NUMBER(18,0)"),
            ("TOTAL", "NUMBER(38,2)"),
            ("BEST", "FLOAT"),
            ("CODE", "VARCHAR(5)"),
        ]
    );
}

#[test]
fn a_view_whose_source_changed_fails_when_described() {
    let mut sb = with_tables();
    sb.ok("create view v as select id, name from t");
    assert_eq!(sb.rows("describe view v").len(), 2);
    sb.ok("alter table t drop column name");
    let e = sb.err("describe view v");
    assert_eq!(e.code, "002037");
    assert!(
        e.message
            .starts_with("SQL compilation error:\nFailure during expansion of view 'V': ")
            && e.message.contains("invalid identifier 'NAME'"),
        "{}",
        e.message
    );
    sb.ok("drop table t");
    assert_error(
        &sb.err("describe view v"),
        "002037",
        "Object 'D.S.T' does not exist or not authorized.",
    );
    // A view over it is refused the same way.
    assert_error(
        &sb.err("create view w as select * from v"),
        "002037",
        "Failure during expansion of view 'V'",
    );
    // Recreated with the columns the view reads, it compiles again.
    sb.ok("create table t (id int, name varchar)");
    assert_eq!(sb.rows("describe view v").len(), 2);
    sb.ok("create view w as select * from v");
}

#[test]
fn merge_insert_and_copy_column_lists_are_compiled() {
    let mut sb = with_tables();
    sb.ok("create stage st");
    let merge = "merge into t using (select id, score from u) s on t.id = s.id \
                 when matched then update set amount = s.score \
                 when not matched then insert (id, amount) values (s.id, s.score)";
    sb.ok(merge);
    let e = sb.err(&merge.replace("set amount", "set amout"));
    assert_eq!(e.code, "000904");
    assert!(
        e.message.ends_with("invalid identifier 'AMOUT'"),
        "{}",
        e.message
    );
    assert_error(
        &sb.err(&merge.replace("s.score)", "s.scor)")),
        "000904",
        "invalid identifier 'S.SCOR'",
    );
    assert_error(
        &sb.err("insert into t (id, nam) select id, name from t"),
        "000904",
        "error line 1 at position 19\ninvalid identifier 'NAM'",
    );
    assert_error(
        &sb.err("insert into t (id) select idd from u"),
        "000904",
        "invalid identifier 'IDD'",
    );
    sb.ok("copy into t (id, name) from (select $1, $2 from @st)");
    assert_error(
        &sb.err("copy into t (id, nmae) from (select $1, $2 from @st)"),
        "000904",
        "invalid identifier 'NMAE'",
    );
}

/// `SELECT *` over PIVOT, UNPIVOT and table functions answers their documented output
/// columns: https://docs.snowflake.com/en/sql-reference/constructs/pivot (the input's
/// other columns, then one per pivot value, named as written or by its alias, `_ALIAS`
/// appended for an aliased aggregate),
/// https://docs.snowflake.com/en/sql-reference/constructs/unpivot,
/// https://docs.snowflake.com/en/sql-reference/functions/split_to_table (SEQ, INDEX,
/// VALUE), https://docs.snowflake.com/en/sql-reference/functions/flatten.
#[test]
fn star_over_pivot_unpivot_and_table_functions() {
    let mut sb = with_tables();
    sb.ok("create table sales (empid int, month varchar(3), amount number(12,2))");
    let names = |sb: &mut Sandbox, sql: &str| -> Vec<(String, &'static str)> {
        sb.ok(sql)
            .columns
            .iter()
            .map(|c| (c.name.clone(), c.type_name))
            .collect()
    };
    assert_eq!(
        names(
            &mut sb,
            "select * from sales pivot (sum(amount) for month in ('JAN', 'FEB')) p"
        ),
        [
            ("EMPID".to_string(), "fixed"),
            ("'JAN'".to_string(), "fixed"),
            ("'FEB'".to_string(), "fixed"),
        ]
    );
    assert_eq!(
        names(
            &mut sb,
            "select * from sales pivot (sum(amount) as total for month in ('JAN' as jan, 'FEB'))"
        )
        .into_iter()
        .map(|(n, _)| n)
        .collect::<Vec<_>>(),
        ["EMPID", "JAN_TOTAL", "'FEB'_TOTAL"]
    );
    assert_eq!(
        names(
            &mut sb,
            "select * from sales pivot (sum(amount) for month in ('JAN', 'FEB')) as p (e, j, f)"
        )
        .into_iter()
        .map(|(n, _)| n)
        .collect::<Vec<_>>(),
        ["E", "J", "F"]
    );
    assert_error(
        &sb.err("select * from sales pivot (sum(amunt) for month in ('JAN'))"),
        "000904",
        "invalid identifier 'AMUNT'",
    );
    sb.ok("create table wide (empid int, jan number(12,2), feb number(12,2))");
    assert_eq!(
        names(
            &mut sb,
            "select * from wide unpivot (amount for month in (jan, feb))"
        )
        .into_iter()
        .map(|(n, _)| n)
        .collect::<Vec<_>>(),
        ["EMPID", "MONTH", "AMOUNT"]
    );
    assert_eq!(
        names(
            &mut sb,
            "select * from t, lateral split_to_table(t.name, ',') s"
        )
        .into_iter()
        .map(|(n, _)| n)
        .collect::<Vec<_>>(),
        ["ID", "NAME", "AMOUNT", "Mixed", "SEQ", "INDEX", "VALUE"]
    );
    assert_error(
        &sb.err("select * from t, lateral split_to_table(t.nope, ',')"),
        "000904",
        "invalid identifier 'T.NOPE'",
    );
    let flattened = names(
        &mut sb,
        "select f.* from t, lateral flatten(input => parse_json(t.name)) f",
    );
    assert_eq!(flattened.len(), 6);
    // The pivot values come from the data: unknown, and refused rather than invented.
    assert_eq!(
        sb.err("select * from sales pivot (sum(amount) for month in (any))")
            .code,
        "002043"
    );
}

/// RESULT_SCAN answers the columns of the earlier result it reads, by query id or by
/// LAST_QUERY_ID (https://docs.snowflake.com/en/sql-reference/functions/result_scan,
/// https://docs.snowflake.com/en/sql-reference/functions/last_query_id): SHOW's
/// lower-case column names must be quoted, as in Snowflake.
#[test]
fn result_scan_answers_the_earlier_result_s_columns() {
    let mut sb = with_tables();
    let shown = sb.ok("show tables");
    let result = sb.ok("select * from table(result_scan(last_query_id()))");
    let names: Vec<&str> = result.columns.iter().map(|c| c.name.as_str()).collect();
    let expected: Vec<&str> = shown.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, expected);
    // -1 is now the SELECT above; -2 the SHOW.
    sb.ok("select \"name\", \"rows\" from table(result_scan(last_query_id(-2)))");
    assert_error(
        &sb.err("select name from table(result_scan(last_query_id(-3)))"),
        "000904",
        "invalid identifier 'NAME'",
    );
    let id = sb.session.query_ids[sb.session.query_ids.len() - 4].clone();
    let result = sb.ok(&format!("select * from table(result_scan('{id}'))"));
    assert_eq!(result.columns.len(), expected.len());
    // The session's first statement, by position.
    let first = sb.ok("select * from table(result_scan(last_query_id(1)))");
    assert_eq!(first.columns[0].name, "status");
}
