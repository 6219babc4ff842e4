//! Multi-table INSERT (`INSERT [ OVERWRITE ] { ALL | FIRST } …`,
//! https://docs.snowflake.com/en/sql-reference/sql/insert-multi-table): the documented
//! forms run, the WHEN conditions and VALUES clauses are compiled against the subquery's
//! output, and INSERT is needed on every table written.

use super::{Sandbox, assert_error};

fn with_tables() -> Sandbox {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table src (n1 number, n2 number, n3 number)");
    sb.ok("create table t1 (c1 number, c2 number, c3 number)");
    sb.ok("create table t2 (c1 number, c2 number, c3 number)");
    sb
}

#[test]
fn the_documented_forms_run() {
    let mut sb = with_tables();
    for sql in [
        // The page's unconditional and conditional examples.
        "insert all into t1 into t1 (c1, c2, c3) values (n2, n1, default) \
         into t2 (c1, c2, c3) into t2 values (n3, n2, n1) select n1, n2, n3 from src",
        "insert overwrite all into t1 into t1 (c1, c2, c3) values (n2, n1, default) \
         into t2 (c1, c2, c3) into t2 values (n3, n2, n1) select n1, n2, n3 from src",
        "insert all when n1 > 100 then into t1 when n1 > 10 then into t1 into t2 \
         else into t2 select n1, n2, n3 from src",
        "insert first when n1 > 100 then into t1 when n1 > 10 then into t1 into t2 \
         else into t2 select n1, n2, n3 from src",
        "insert all when c > 10 then into t1 (c1, c2) values (a, b) \
         select n1 as a, n2 as b, n3 as c from src",
    ] {
        let result = sb.ok(sql);
        assert!(!result.columns.is_empty(), "{sql}");
    }
}

#[test]
fn conditions_and_values_read_the_subquery_and_targets_must_exist() {
    let mut sb = with_tables();
    assert_error(
        &sb.err("insert all when n9 > 1 then into t1 select n1, n2, n3 from src"),
        "000904",
        "N9",
    );
    assert_error(
        &sb.err("insert all into t1 (c1) values (nope) select n1 from src"),
        "000904",
        "NOPE",
    );
    assert_error(
        &sb.err("insert all into t1 (c9) values (n1) select n1 from src"),
        "000904",
        "C9",
    );
    assert_error(
        &sb.err("insert all into t1 into t3 select n1, n2, n3 from src"),
        "002003",
        "T3",
    );
    // FIRST has no unconditional form.
    assert_eq!(
        sb.err("insert first into t1 select n1, n2, n3 from src")
            .code,
        "001003"
    );
}

#[test]
fn every_table_written_needs_insert() {
    let mut sb = with_tables();
    sb.ok("create role r");
    sb.ok("grant usage on database d to role r");
    sb.ok("grant usage on schema d.s to role r");
    sb.ok("grant select on table src to role r");
    sb.ok("grant insert on table t1 to role r");
    sb.session.role = Some("R".into());
    assert_error(
        &sb.err("insert all into t1 into t2 select n1, n2, n3 from src"),
        "003001",
        "must have INSERT granted on TABLE D.S.T2",
    );
    sb.ok("insert all into t1 select n1, n2, n3 from src");
}
