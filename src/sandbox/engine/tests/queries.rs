//! Issue #16's probe: statements real users write, run after `USE SCHEMA D.S` with tables
//! created — top-level queries compiled by the binder, UPDATE / DELETE, CALL — each
//! accepted as Snowflake accepts it and answered as a catalog without rows answers it.

use super::{Sandbox, assert_error, cell};

fn probe_schema() -> Sandbox {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t1 (id int, name varchar(10), v variant, ts timestamp_ntz)");
    sb.ok("create table t2 (id int, amount number(12,2))");
    // The tables exist a while before the probes travel back in time: `AT (OFFSET => -60)`
    // must not reach before their creation (`Catalog::check_travel`).
    sb.clock += 600;
    sb
}

/// The probe: every statement must be accepted (Snowflake accepts each; the forms follow
/// https://docs.snowflake.com/en/sql-reference/constructs and the function pages named).
const PROBE: [&str; 22] = [
    "select 1 union all select 2",
    "with c as (select 1 as x) select x from c",
    "select id, row_number() over (partition by name order by ts desc) as rn from t1",
    "select id from t1 qualify row_number() over (partition by name order by ts) = 1",
    "select dateadd(day, -1, current_date())",
    "select try_to_number(name) from t1",
    "select iff(id > 0, 'pos', 'neg') as sign, nvl(name, 'none') from t1",
    "select object_construct('id', id) from t1",
    "select array_agg(name) within group (order by id) from t1",
    "select v:a.b::string as ab from t1",
    "select f.value from t1, lateral flatten(input => v:arr) f",
    "select * from t1 sample (10)",
    "select name, state from table(information_schema.task_history())",
    "select t1.id, t2.amount from t1 join t2 on t1.id = t2.id",
    "select count(*) from t1",
    "select * from t1 left join t2 using (id) where t2.amount > 0",
    "update t1 set name = 'x' where id = 1",
    "update t1 set name = t2.amount from t2 where t1.id = t2.id",
    "delete from t1 where id = 1",
    "delete from t1 using t2 where t1.id = t2.id",
    "call p(1)",
    "call p(1, 'b')",
];

#[test]
fn the_probe_is_accepted() {
    let mut sb = probe_schema();
    sb.ok("create procedure p(a int, b varchar default 'x') returns int language sql as 'begin return 1; end'");
    let refused: Vec<String> = PROBE
        .iter()
        .filter_map(|sql| sb.run(sql).err().map(|e| format!("{sql} → {e}")))
        .collect();
    assert!(refused.is_empty(), "{refused:#?}");
}

/// A query reading catalog relations answers its bound columns and no rows; an aggregate
/// without GROUP BY answers one row, COUNT 0 and the others NULL
/// (https://docs.snowflake.com/en/sql-reference/functions-aggregation).
#[test]
fn queries_answer_their_columns_and_the_rows_a_catalog_without_data_gives() {
    let mut sb = probe_schema();
    let r = sb.ok("select t1.id, t2.amount as amt from t1 join t2 on t1.id = t2.id");
    let columns: Vec<(&str, &str)> = r
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.type_name))
        .collect();
    assert_eq!(columns, [("ID", "fixed"), ("AMT", "fixed")]);
    assert!(r.rows.is_empty());
    let r = sb.ok("select count(*) as n, max(amount) as m from t2");
    assert_eq!(r.rows, vec![vec![Some("0".to_string()), None]]);
    assert!(sb.ok("select count(*) from t2 group by id").rows.is_empty());
    // FROM-less and CTE rows carry their values.
    let rows = sb.rows("select 1 as a union all select 2");
    assert_eq!(rows.len(), 2);
    assert_eq!(cell(&rows[1], "A"), "2");
    let rows = sb.rows("with c as (select 1 as x, 'k' as y) select x, y, x + 1 as z from c");
    assert_eq!(
        (
            cell(&rows[0], "X"),
            cell(&rows[0], "Y"),
            cell(&rows[0], "Z")
        ),
        ("1", "k", "2")
    );
    assert_eq!(sb.rows("select 1 union select 1").len(), 1);
    // A value the evaluator cannot compute is NULL, never a guess.
    let rows = sb.rows("select dateadd(day, -1, current_date()) as d");
    assert_eq!(cell(&rows[0], "D"), "<NULL>");
    assert_eq!(
        cell(&sb.rows("select current_database() || '' as d")[0], "D"),
        "<NULL>"
    );
}

/// Compiled as a view is: a missing table is 002003, a missing column 000904 at its
/// place, a name that is no function 002140, and what sqlparser cannot parse 001003.
#[test]
fn queries_fail_as_snowflake_compiles_them() {
    let mut sb = probe_schema();
    assert_error(
        &sb.err("select id from nosuch"),
        "002003",
        "'D.S.NOSUCH' does not exist or not authorized.",
    );
    let e = sb.err("select id, nosuchcol from t1 union all select 1, 2");
    assert_eq!(
        e.message,
        "SQL compilation error:\nerror line 1 at position 11\ninvalid identifier 'NOSUCHCOL'"
    );
    assert_error(
        &sb.err("with c as (select 1 as x) select y from c"),
        "000904",
        "invalid identifier 'Y'",
    );
    assert_error(
        &sb.err("select no_such_function(id) from t1"),
        "002140",
        "Unknown function NO_SUCH_FUNCTION",
    );
    assert_error(
        &sb.err("select id from t1 where"),
        "001003",
        "unexpected '<EOF>'",
    );
    // The evaluator keeps what it answered: constants and system functions.
    assert_error(
        &sb.err("select nosuch()"),
        "002140",
        "Unknown function NOSUCH",
    );
    // A built-in the evaluator does not compute is still Snowflake's: the binder answers
    // it, with the one row a query without FROM has and NULL for a value it does not
    // compute (README "The sandbox").
    let r = sb.ok("select round(1.5) as r, current_database() as d, 1 + 1 as two");
    assert_eq!(
        r.rows,
        [vec![None, Some("D".to_string()), Some("2".to_string())]]
    );
    assert_error(
        &sb.err("select round(nosuch(1))"),
        "002140",
        "Unknown function NOSUCH",
    );
}

/// UPDATE and DELETE (https://docs.snowflake.com/en/sql-reference/sql/update,
/// https://docs.snowflake.com/en/sql-reference/sql/delete): bound like MERGE, counting no
/// rows in Snowflake's result columns.
#[test]
fn update_and_delete_compile_and_count_nothing() {
    let mut sb = probe_schema();
    let r = sb.ok("update t1 set name = 'x' from t2 where t1.id = t2.id");
    let names: Vec<&str> = r.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "number of rows updated",
            "number of multi-joined rows updated"
        ]
    );
    assert_eq!(
        r.rows,
        vec![vec![Some("0".to_string()), Some("0".to_string())]]
    );
    let r = sb.ok("delete from t1 using t2 where t1.id = t2.id");
    assert_eq!(r.columns[0].name, "number of rows deleted");
    assert_error(
        &sb.err("update t1 set nosuch = 1"),
        "000904",
        "invalid identifier 'NOSUCH'",
    );
    assert_error(
        &sb.err("delete from t1 where nosuch = 1"),
        "000904",
        "invalid identifier 'NOSUCH'",
    );
    assert_error(&sb.err("delete from nosuch"), "002003", "does not exist");
    assert_error(
        &sb.err("update t1 set id = 1 from nosuch"),
        "002003",
        "does not exist",
    );
}

/// CALL (https://docs.snowflake.com/en/sql-reference/sql/call): the procedure must take
/// the number of arguments passed (DEFAULTs make the trailing ones optional); the answer
/// is one row named after it, NULL because bodies do not run.
#[test]
fn call_matches_an_overload_by_argument_count() {
    let mut sb = probe_schema();
    sb.ok("create procedure p(a int, b varchar default 'x') returns int language sql as 'begin return 1; end'");
    sb.ok("create procedure p() returns int language sql as 'begin return 1; end'");
    for sql in ["call p()", "call p(1)", "call d.s.p(1, 'y')"] {
        let r = sb.ok(sql);
        assert_eq!(r.columns[0].name, "P");
        assert_eq!(r.rows, vec![vec![None]]);
    }
    assert_error(
        &sb.err("call p(1, 2, 3)"),
        "002003",
        "'D.S.P' does not exist",
    );
    assert_error(
        &sb.err("call nosuch()"),
        "002003",
        "'D.S.NOSUCH' does not exist",
    );
    // A system function through CALL is answered by the evaluator.
    sb.ok("create table src (id int)");
    sb.ok("create stream st on table src");
    let r = sb.ok("call system$stream_has_data('ST')");
    assert_eq!(r.columns[0].name, "SYSTEM$STREAM_HAS_DATA");
    assert_eq!(r.rows, vec![vec![Some("false".to_string())]]);
}

/// The probe's DDL half (items 4 to 6 of issue #16), run after the query half's setup:
/// each is accepted as Snowflake accepts it.
const DDL_PROBE: [&str; 23] = [
    "create or alter table t3 (id int)",
    "create or alter table t1 (id int, name varchar(10), v variant, ts timestamp_ntz, extra int)",
    "create or alter schema s2",
    "create or alter database d2",
    "create or alter task tk warehouse = wh schedule = '5 minute' as select 1",
    "create temporary table tmp1 (id int)",
    "create local temp table tmp2 (id int)",
    "create global temporary table tmp3 (id int)",
    "create volatile table tmp4 (id int)",
    "create temporary stage tstg",
    "create temporary file format tff type = csv",
    "create stream s_v on view d.s.vw",
    "create stream s_s on stage d.s.stg",
    "create stream s_at on table d.s.t1 at (offset => -60)",
    "create stream s_b on table d.s.t1 before (statement => '8e5d0ca9-005e-44e6-b858-a8f5b37c5726')",
    "create file format d.s.fa type = avro compression = auto trim_space = true",
    "create file format d.s.fx type = xml strip_outer_element = true preserve_space = false",
    "create table identifier('d.s.t9') (id int)",
    "select * from identifier('d.s.t2')",
    "show primary keys in table d.s.t2",
    "show unique keys in table d.s.t2",
    "show imported keys in table d.s.t2",
    "select * from d.s.t2 at (offset => -60)",
];

#[test]
fn the_ddl_probe_is_accepted() {
    let mut sb = probe_schema();
    sb.ok("create view vw as select id, name from t1");
    sb.ok("create stage stg directory = (enable = true)");
    let refused: Vec<String> = DDL_PROBE
        .iter()
        .filter_map(|sql| sb.run(sql).err().map(|e| format!("{sql} → {e}")))
        .collect();
    assert!(refused.is_empty(), "{refused:#?}");
    // CREATE OR ALTER DATABASE made D2 current, as CREATE DATABASE does.
    sb.ok("use schema d.s");
    // PIVOT's output columns are derived as the PIVOT page documents them (one per
    // listed value); a named list binds.
    let pivoted = sb.ok("select * from t2 pivot (sum(amount) for id in (1, 2)) p");
    let names: Vec<&str> = pivoted.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["1", "2"]);
    sb.ok("select p.* from (select 1 as one) p");
}

/// CREATE OR ALTER (https://docs.snowflake.com/en/sql-reference/sql/create-or-alter):
/// creates when absent; else columns absent from the definition are dropped, new ones
/// added, types changed as ALTER COLUMN allows, and a property left out is unset.
#[test]
fn create_or_alter_creates_then_alters_into_the_definition() {
    let mut sb = probe_schema();
    sb.ok("create or alter table t3 (id int, note varchar(10)) comment = 'first'");
    let row = sb.one("show tables like 'T3'");
    assert_eq!(cell(&row, "comment"), "first");
    sb.ok("create or alter table t3 (id int not null, note varchar(20), extra date)");
    let columns: Vec<(String, String, String)> = sb
        .rows("describe table t3")
        .iter()
        .map(|r| {
            (
                cell(r, "name").to_string(),
                cell(r, "type").to_string(),
                cell(r, "null?").to_string(),
            )
        })
        .collect();
    assert_eq!(
        columns,
        [
            ("ID".into(), "NUMBER(38,0)".into(), "N".into()),
            ("NOTE".into(), "VARCHAR(20)".into(), "Y".into()),
            ("EXTRA".into(), "DATE".into(), "Y".into()),
        ]
    );
    assert_eq!(cell(&sb.one("show tables like 'T3'"), "comment"), "");
    sb.ok("create or alter table t3 (id int not null)");
    assert_eq!(sb.rows("describe table t3").len(), 1);
    // What ALTER refuses, CREATE OR ALTER refuses: VARCHAR cannot shrink.
    sb.ok("create or alter table t3 (id int not null, note varchar(20))");
    assert_error(
        &sb.err("create or alter table t3 (id int not null, note varchar(5))"),
        "002108",
        "cannot change column",
    );
    assert_error(
        &sb.err("create or alter transient table t3 (id int)"),
        "002043",
        "transient",
    );
    assert_eq!(
        sb.err("create or alter or replace table t3 (id int)").code,
        "001003"
    );
    sb.ok("create or alter schema s2 comment = 'x'");
    sb.ok("create or alter schema s2 with managed access");
    let row = sb.one("show schemas like 'S2' in database d");
    assert_eq!(cell(&row, "comment"), "");
    sb.ok("create or alter database d2");
    sb.ok("create or alter database d2 comment = 'y'");
    assert_eq!(cell(&sb.one("show databases like 'D2'"), "comment"), "y");
}

/// CREATE OR ALTER TASK
/// (https://docs.snowflake.com/en/sql-reference/sql/create-task#create-or-alter-task):
/// properties, predecessors, condition and body are altered under ALTER TASK's rules.
#[test]
fn create_or_alter_task_alters_properties_graph_and_body() {
    let mut sb = probe_schema();
    sb.ok("create or alter task root warehouse = wh schedule = '5 minute' as select 1");
    sb.ok("create task other warehouse = wh schedule = '5 minute' as select 1");
    sb.ok("create or alter task child warehouse = wh after root as select 2");
    sb.ok("create or alter task child warehouse = wh after other when system$stream_has_data('X') as select 3");
    let row = sb.one("show tasks like 'CHILD'");
    let predecessors = cell(&row, "predecessors");
    assert!(
        predecessors.contains("OTHER") && !predecessors.contains("ROOT"),
        "{predecessors}"
    );
    assert_eq!(cell(&row, "definition"), "select 3");
    assert_eq!(cell(&row, "condition"), "system$stream_has_data('X')");
    sb.ok("alter task child resume");
    sb.ok("alter task other resume");
    assert_error(
        &sb.err("create or alter task child warehouse = wh after other as select 4"),
        "091091",
        "not suspended",
    );
}

/// AVRO, ORC and XML file formats with their documented options
/// (https://docs.snowflake.com/en/sql-reference/sql/create-file-format); an option of
/// another type, or BZ2 for AVRO, is refused.
#[test]
fn avro_orc_and_xml_file_formats_take_their_options() {
    let mut sb = probe_schema();
    sb.ok("create file format fa type = avro compression = gzip trim_space = true");
    sb.ok("create file format fo type = orc null_if = ('x')");
    sb.ok("create file format fx type = xml strip_outer_element = true preserve_space = false");
    let row = sb.one("show file formats like 'FX'");
    assert_eq!(cell(&row, "type"), "XML");
    assert!(cell(&row, "format_options").contains("\"STRIP_OUTER_ELEMENT\":true"));
    assert!(
        sb.run("create file format fb type = avro compression = bz2")
            .is_err()
    );
    assert!(
        sb.run("create file format fc type = avro skip_header = 1")
            .is_err()
    );
}

/// Streams on views and on stages' directory tables, and AT / BEFORE
/// (https://docs.snowflake.com/en/sql-reference/sql/create-stream).
#[test]
fn streams_on_views_and_stages_and_at_before() {
    let mut sb = probe_schema();
    sb.ok("create view vw as select id, name from t1");
    sb.ok("create stream s_v on view vw append_only = true");
    let row = sb.one("show streams like 'S_V'");
    assert_eq!(cell(&row, "source_type"), "View");
    assert_eq!(cell(&row, "stale"), "false");
    // A stream on a view reads as the view's columns.
    assert_error(
        &sb.err("select nosuch from s_v"),
        "000904",
        "invalid identifier 'NOSUCH'",
    );
    sb.ok("select id, metadata$action from s_v");
    sb.ok("create or replace view vw as select id from t1");
    assert_eq!(cell(&sb.one("show streams like 'S_V'"), "stale"), "true");
    sb.ok("create stage plain");
    assert_error(
        &sb.err("create stream s_p on stage plain"),
        "002043",
        "Directory table is not enabled",
    );
    sb.ok("create stage stg directory = (enable = true)");
    sb.ok("create stream s_s on stage stg comment = 'files'");
    assert_eq!(
        cell(&sb.one("show streams like 'S_S'"), "source_type"),
        "Stage"
    );
    assert!(
        sb.run("create stream s_x on stage stg append_only = true")
            .is_err()
    );
    assert_error(
        &sb.err("create stream s_y on view nosuch"),
        "002003",
        "does not exist",
    );
    sb.ok("create stream s_at on table t1 at (offset => -60)");
    sb.ok(
        "create stream s_ts on table t1 at (timestamp => to_timestamp_tz('2024-01-01 00:00:00'))",
    );
    sb.ok("create stream s_b on table t1 before (statement => '8e5d0ca9-005e-44e6-b858-a8f5b37c5726')");
    assert_eq!(
        sb.err("create stream s_z on table t1 at (yesterday => 1)")
            .code,
        "001003"
    );
}

/// SHOW PRIMARY / UNIQUE / IMPORTED KEYS with the documented columns
/// (https://docs.snowflake.com/en/sql-reference/sql/show-primary-keys,
/// https://docs.snowflake.com/en/sql-reference/sql/show-imported-keys).
#[test]
fn show_keys_lists_the_constraints_kept() {
    let mut sb = probe_schema();
    sb.ok("create table pk (a int, b int, u varchar, constraint pk_ab primary key (a, b), constraint u_u unique (u))");
    sb.ok(
        "create table fk (x int, y int, constraint fk_xy foreign key (x, y) references pk (a, b))",
    );
    let rows = sb.rows("show primary keys in table pk");
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (
            cell(&rows[1], "column_name"),
            cell(&rows[1], "key_sequence"),
            cell(&rows[1], "constraint_name")
        ),
        ("B", "2", "PK_AB")
    );
    let rows = sb.rows("show unique keys in pk");
    assert_eq!(cell(&rows[0], "column_name"), "U");
    let rows = sb.rows("show imported keys in table fk");
    assert_eq!(rows.len(), 2);
    assert_eq!(cell(&rows[0], "pk_column_name"), "A");
    assert_eq!(cell(&rows[0], "fk_column_name"), "X");
    assert_eq!(cell(&rows[0], "fk_name"), "FK_XY");
    assert_eq!(cell(&rows[0], "pk_name"), "PK_AB");
    assert_eq!(sb.rows("show primary keys in schema d.s").len(), 2);
    assert_eq!(sb.rows("show imported keys in table t1").len(), 0);
    assert_error(
        &sb.err("show primary keys in table nosuch"),
        "002003",
        "does not exist",
    );
}

/// `IDENTIFIER('name')` in FROM names the object the literal names
/// (https://docs.snowflake.com/en/sql-reference/identifier-literal).
#[test]
fn identifier_literals_name_relations_in_from() {
    let mut sb = probe_schema();
    let r = sb.ok("select * from identifier('t2')");
    let names: Vec<&str> = r.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["ID", "AMOUNT"]);
    sb.ok("select count(*) from identifier('d.s.t1') x where x.id > 0");
    assert_error(
        &sb.err("select * from identifier('nosuch')"),
        "002003",
        "does not exist",
    );
    assert_error(
        &sb.err("select nope from identifier('t2')"),
        "000904",
        "invalid identifier 'NOPE'",
    );
}

/// TEMPORARY tables, views, stages and file formats live as long as their session
/// (https://docs.snowflake.com/en/sql-reference/sql/create-table#temporary-tables).
#[test]
fn temporary_objects_end_with_their_session() {
    let mut sb = probe_schema();
    sb.ok("create temporary table tmp1 (id int)");
    sb.ok("create local temp table tmp2 (id int)");
    sb.ok("create global temporary table tmp3 (id int)");
    sb.ok("create volatile table tmp4 (id int)");
    sb.ok("create temporary stage tstg");
    sb.ok("create temp file format tff type = csv");
    assert_eq!(
        cell(&sb.one("show tables like 'TMP1'"), "kind"),
        "TEMPORARY"
    );
    assert_eq!(
        cell(&sb.one("show stages like 'TSTG'"), "type"),
        "INTERNAL TEMPORARY"
    );
    sb.ok("select id from tmp1");
    // IF NOT EXISTS over a permanent table keeps it permanent.
    sb.ok("create temporary table if not exists t2 (id int)");
    assert_eq!(cell(&sb.one("show tables like 'T2'"), "kind"), "TABLE");
    // A temporary view (https://docs.snowflake.com/en/sql-reference/sql/create-view).
    sb.ok("create temporary view tv as select id from tmp1");
    sb.ok("select id from tv");
    assert_eq!(sb.err("create temporary sequence tq").code, "001003");
    assert_eq!(
        sb.err("create temporary transient table tt (id int)").code,
        "001003"
    );
    sb.engine.end_session(&mut sb.session);
    for like in ["TMP1", "TMP2", "TMP3", "TMP4"] {
        assert!(
            sb.rows(&format!("show tables like '{like}'")).is_empty(),
            "{like}"
        );
    }
    assert!(sb.rows("show views like 'TV'").is_empty());
    assert!(sb.rows("show stages like 'TSTG'").is_empty());
    assert!(sb.rows("show file formats like 'TFF'").is_empty());
    assert_eq!(sb.rows("show tables like 'T2'").len(), 1);
}
