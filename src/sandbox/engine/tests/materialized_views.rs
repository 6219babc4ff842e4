//! Materialized views (one table, the documented limitations, SHOW / DESCRIBE / ALTER /
//! DROP) and external tables, which the sandbox refuses as an unsupported feature.

use super::{Sandbox, assert_error, cell};

// https://docs.snowflake.com/en/sql-reference/sql/create-materialized-view,
// https://docs.snowflake.com/en/sql-reference/sql/show-materialized-views,
// https://docs.snowflake.com/en/sql-reference/sql/alter-materialized-view
#[test]
fn materialized_view_lifecycle() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (id int, amount number(12,2), region varchar)");
    assert_eq!(
        sb.status(
            "create secure materialized view mv comment = 'sums' cluster by (region) as \
             select region, sum(amount) as total from t group by region"
        ),
        "Materialized view MV successfully created."
    );
    let row = sb.one("show materialized views like 'MV'");
    assert_eq!(cell(&row, "source_table_name"), "T");
    assert_eq!(cell(&row, "is_secure"), "true");
    assert_eq!(cell(&row, "cluster_by"), "LINEAR(region)");
    assert_eq!(cell(&row, "comment"), "sums");
    assert_eq!(cell(&row, "invalid"), "false");
    let described = sb.rows("describe materialized view mv");
    assert_eq!(cell(&described[0], "name"), "REGION");
    assert_eq!(cell(&described[1], "type"), "NUMBER(38,2)");
    // Read like any relation, by its columns.
    let result = sb.ok("select total from mv");
    assert_eq!(result.columns[0].type_name, "fixed");
    assert_error(&sb.err("select nope from mv"), "000904", "'NOPE'");
    // Tables, views and materialized views share the schema's namespace.
    assert_error(
        &sb.err("create table mv (a int)"),
        "002002",
        "'MV' already exists",
    );
    assert_error(
        &sb.err("create materialized view t as select id from t"),
        "002002",
        "'T' already exists",
    );
    // RENAME TO too: a table's RENAME TO is checked by the same `check_name` as its CREATE.
    assert_error(
        &sb.err("alter table t rename to mv"),
        "002002",
        "'MV' already exists",
    );
    sb.ok("alter materialized view mv suspend");
    sb.ok("alter materialized view mv resume");
    sb.ok("alter materialized view mv suspend recluster");
    assert_eq!(
        cell(&sb.one("show materialized views"), "automatic_clustering"),
        "OFF"
    );
    sb.ok("alter materialized view mv unset secure");
    sb.ok("alter materialized view mv set comment = 'totals'");
    let row = sb.one("show materialized views");
    assert_eq!(cell(&row, "is_secure"), "false");
    assert_eq!(cell(&row, "comment"), "totals");
    sb.ok("alter materialized view mv rename to mv2");
    assert_eq!(sb.names("show materialized views"), ["MV2"]);
    sb.ok("drop table t");
    assert_eq!(cell(&sb.one("show materialized views"), "invalid"), "true");
    sb.ok("drop materialized view mv2");
    assert_error(
        &sb.err("drop materialized view mv2"),
        "002003",
        "'D.S.MV2' does not exist or not authorized.",
    );
}

// https://docs.snowflake.com/en/user-guide/views-materialized#limitations-on-creating-materialized-views
#[test]
fn materialized_views_follow_the_documented_limitations() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (id int, amount number(12,2))");
    sb.ok("create table u (id int)");
    sb.ok("create view v as select id from t");
    sb.ok("create function twice(x number) returns number as 'x * 2'");
    let refused = [
        (
            "select t.id from t join u on t.id = u.id",
            "More than one table referenced in the view definition.",
        ),
        (
            "select a.id from t a join t b on a.id = b.id",
            "More than one table referenced in the view definition.",
        ),
        (
            "select id from v",
            "A materialized view can query only a table.",
        ),
        (
            "select id from t union all select id from t",
            "More than one table",
        ),
        (
            "select id, row_number() over (order by id) as n from t",
            "Window functions are not supported.",
        ),
        (
            "select id, count(*) as n from t group by id having count(*) > 1",
            "HAVING is not supported.",
        ),
        ("select id from t order by id", "ORDER BY is not supported."),
        ("select id from t limit 5", "LIMIT is not supported."),
        (
            "select id from t where id in (select max(id) from t)",
            "More than one table",
        ),
        (
            "select id from (select id from t)",
            "Subqueries are not supported.",
        ),
        (
            "select twice(amount) as a from t",
            "User-defined functions are not supported.",
        ),
    ];
    for (query, reason) in refused {
        let e = sb.err(&format!("create materialized view mv as {query}"));
        assert_error(&e, "002043", "Invalid materialized view definition.");
        assert!(e.message.contains(reason), "{query}: {}", e.message);
    }
    assert_error(
        &sb.err("create materialized view mv as select nosuch from t"),
        "000904",
        "invalid identifier 'NOSUCH'",
    );
    assert!(sb.rows("show materialized views").is_empty());
}

// External tables are a kind the sandbox does not emulate: every statement naming them
// is refused as Snowflake refuses a feature an account lacks.
#[test]
fn external_tables_are_an_unsupported_feature() {
    let mut sb = Sandbox::with_schema();
    for sql in [
        "create external table et (a varchar as (value:c1::varchar)) location = @s file_format = (type = csv)",
        "create or replace external table et location = @s/path/ auto_refresh = false file_format = (type = parquet)",
        "alter external table et refresh",
        "drop external table if exists et",
        "show external tables",
        "desc external table et",
    ] {
        assert_error(
            &sb.err(sql),
            "000002",
            "Unsupported feature 'EXTERNAL TABLE'.",
        );
    }
}

// https://docs.snowflake.com/en/user-guide/object-clone: a clone's objects refer to the
// clone's objects; a materialized view on a cloned table reads the clone.
#[test]
fn a_cloned_schema_s_materialized_view_reads_the_cloned_table() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (id int)");
    sb.ok("create materialized view mv as select id from t");
    sb.ok("create schema d.c clone d.s");
    let row = sb.one("show materialized views in schema d.c");
    assert_eq!(cell(&row, "source_schema_name"), "C");
    assert_eq!(cell(&row, "source_table_name"), "T");
}

/// SHOW VIEWS lists materialized views too, `is_materialized` true, in name order with the
/// views (https://docs.snowflake.com/en/sql-reference/sql/show-views).
#[test]
fn show_views_lists_materialized_views() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (id int, region varchar)");
    sb.ok("create view v as select id from t");
    sb.ok("create materialized view mv as select region from t");
    let rows = sb.rows("show views in schema d.s");
    let seen: Vec<String> = rows
        .iter()
        .map(|r| ["name", "is_materialized"].map(|c| cell(r, c)).join(" "))
        .collect();
    assert_eq!(seen, ["MV true", "V false"]);
    assert_eq!(sb.names("show views like 'V' in schema d.s"), ["V"]);
    assert_eq!(sb.names("show materialized views in schema d.s"), ["MV"]);
}
