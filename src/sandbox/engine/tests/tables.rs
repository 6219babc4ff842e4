//! Table DDL forms people write: CREATE TABLE … LIKE, CTAS with a column name list,
//! ALTER TABLE … ADD [COLUMN] IF NOT EXISTS, identity columns and constraints.

use super::{Sandbox, assert_error, cell};

fn describe(sb: &mut Sandbox, table: &str) -> Vec<(String, String)> {
    sb.rows(&format!("describe table {table}"))
        .iter()
        .map(|r| (cell(r, "name").to_string(), cell(r, "type").to_string()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

// https://docs.snowflake.com/en/sql-reference/sql/create-table#create-table-like: "Creates
// a new table with the same column definitions as an existing table, but without copying
// data"; column names, types, defaults and constraints are copied.
#[test]
fn create_table_like_copies_the_column_definitions() {
    let mut sb = Sandbox::with_schema();
    sb.ok(
        "create table src (id number(10,0) not null, name varchar(20) default 'x' comment 'n') \
         change_tracking = true comment = 'source' cluster by (id)",
    );
    assert_eq!(
        sb.status("create table dst like src"),
        "Table DST successfully created."
    );
    assert_eq!(
        describe(&mut sb, "dst"),
        pairs(&[("ID", "NUMBER(10,0)"), ("NAME", "VARCHAR(20)")])
    );
    let rows = sb.rows("describe table dst");
    assert_eq!(cell(&rows[0], "null?"), "N");
    assert_eq!(cell(&rows[1], "default"), "'x'");
    assert_eq!(cell(&rows[1], "comment"), "n");
    let row = sb.one("show tables like 'dst'");
    assert_eq!(cell(&row, "comment"), "");
    assert_eq!(cell(&row, "cluster_by"), "");
    sb.ok("create or replace table dst like d.s.src cluster by (name) copy grants");
    assert_eq!(
        cell(&sb.one("show tables like 'dst'"), "cluster_by"),
        "LINEAR(name)"
    );
    assert_error(
        &sb.err("create table dst2 like nope"),
        "002003",
        "Table 'D.S.NOPE' does not exist or not authorized.",
    );
    assert_error(
        &sb.err("create table dst like src"),
        "002002",
        "already exists",
    );
}

// https://docs.snowflake.com/en/sql-reference/sql/create-table#create-table-as-select-also-referred-to-as-ctas:
// `CREATE TABLE <name> ( <col_name> [ <col_type> ] , … ) AS SELECT …` names the columns,
// the query gives the types.
#[test]
fn ctas_with_a_column_name_list_renames_the_query_columns() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table src (id number(10,0), name varchar(20))");
    sb.ok("create table dst (key, label) as select id, name from src");
    assert_eq!(
        describe(&mut sb, "dst"),
        pairs(&[("KEY", "NUMBER(10,0)"), ("LABEL", "VARCHAR(20)")])
    );
    sb.ok("create or replace table dst (\"k\", l) as select * from src");
    assert_eq!(
        describe(&mut sb, "dst"),
        pairs(&[("k", "NUMBER(10,0)"), ("L", "VARCHAR(20)")])
    );
    assert_error(
        &sb.err("create or replace table dst (a) as select * from src"),
        "002020",
        "names 1 columns but the query returns 2",
    );
    assert_eq!(
        sb.err("create table dst3 (a, b)").code,
        "001003",
        "a bare name list needs AS SELECT"
    );
    // A typed column list still works as before.
    sb.ok("create table dst4 (a int, b string) as select id, name from src");
    assert_eq!(
        describe(&mut sb, "dst4"),
        pairs(&[("A", "NUMBER(38,0)"), ("B", "VARCHAR(16777216)")])
    );
}

// https://docs.snowflake.com/en/sql-reference/sql/alter-table:
// `ADD [ COLUMN ] [ IF NOT EXISTS ] <col_name> <col_type> …`.
#[test]
fn add_column_if_not_exists_leaves_an_existing_column_alone() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (a int)");
    sb.ok("alter table t add column if not exists a varchar(10)");
    assert_eq!(describe(&mut sb, "t"), pairs(&[("A", "NUMBER(38,0)")]));
    sb.ok("alter table t add if not exists b string, c date");
    assert_eq!(
        describe(&mut sb, "t"),
        pairs(&[
            ("A", "NUMBER(38,0)"),
            ("B", "VARCHAR(16777216)"),
            ("C", "DATE")
        ])
    );
    assert_error(&sb.err("alter table t add column a int"), "001430", "A");
}

// https://docs.snowflake.com/en/sql-reference/sql/create-table: `{ AUTOINCREMENT | IDENTITY }
// [ ( start , step ) | START n INCREMENT n ] [ ORDER | NOORDER ]`, numeric columns only,
// exclusive with DEFAULT; NOORDER is the default since bundle 2024_01
// (https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_01/bcr-1483).
#[test]
fn identity_columns_keep_their_sequence() {
    let mut sb = Sandbox::with_schema();
    sb.ok(
        "create table t (a int identity(1,1), b number autoincrement start 10 increment -2 order, \
         c int autoincrement, d int identity start with = 5 increment by = 3 noorder, e string)",
    );
    let defaults = column_defaults(&mut sb, "t");
    assert_eq!(
        defaults,
        [
            "IDENTITY START 1 INCREMENT 1 NOORDER",
            "IDENTITY START 10 INCREMENT -2 ORDER",
            "IDENTITY START 1 INCREMENT 1 NOORDER",
            "IDENTITY START 5 INCREMENT 3 NOORDER",
            "<NULL>",
        ]
    );
    let rows = sb.rows("show columns in table t");
    assert_eq!(
        cell(&rows[1], "autoincrement"),
        "IDENTITY START 10 INCREMENT -2 ORDER"
    );
    assert_eq!(cell(&rows[1], "default"), "");
    assert_eq!(cell(&rows[4], "autoincrement"), "");
    // LIKE copies the sequence; a view or CTAS over the table has none.
    sb.ok("create table t2 like t");
    assert_eq!(
        cell(&sb.rows("describe table t2")[0], "default"),
        "IDENTITY START 1 INCREMENT 1 NOORDER"
    );
    sb.ok("create view v as select * from t");
    assert_eq!(cell(&sb.rows("describe view v")[0], "default"), "<NULL>");
    sb.ok("alter table t add column f int autoincrement (100, 10)");
    assert_eq!(
        cell(
            &sb.rows("show columns like 'f' in table t")[0],
            "autoincrement"
        ),
        "IDENTITY START 100 INCREMENT 10 NOORDER"
    );

    assert_error(
        &sb.err("create table bad (a string autoincrement)"),
        "002025",
        "only numeric types",
    );
    assert_eq!(
        sb.err("create table bad (a int default 1 autoincrement)")
            .code,
        "001003"
    );
    assert_eq!(
        sb.err("create table bad (a int identity default 1)").code,
        "001003"
    );
    assert_eq!(
        sb.err("create table bad (a int identity start 1)").code,
        "001003"
    );
    assert_error(
        &sb.err("create table bad (a int identity(1, 0))"),
        "002029",
        "invalid value [0] for parameter 'INCREMENT'",
    );
}

/// DESCRIBE TABLE's `default` of each column of `table`, in order.
fn column_defaults(sb: &mut Sandbox, table: &str) -> Vec<String> {
    sb.rows(&format!("describe table {table}"))
        .iter()
        .map(|r| cell(r, "default").to_string())
        .collect()
}

fn key_flags(sb: &mut Sandbox, table: &str) -> Vec<(String, String, String)> {
    sb.rows(&format!("describe table {table}"))
        .iter()
        .map(|r| {
            (
                cell(r, "name").to_string(),
                cell(r, "primary key").to_string(),
                cell(r, "unique key").to_string(),
            )
        })
        .collect()
}

fn flags(list: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    list.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

// https://docs.snowflake.com/en/sql-reference/sql/create-table-constraint: PRIMARY KEY,
// UNIQUE and FOREIGN KEY inline or out of line, with optional names and properties; kept as
// metadata (https://docs.snowflake.com/en/sql-reference/constraints-overview) and shown
// by DESCRIBE TABLE's `primary key` / `unique key` columns.
#[test]
fn constraints_inline_and_out_of_line_are_kept() {
    let mut sb = Sandbox::with_schema();
    sb.ok(
        "create table parent (id int primary key, code string constraint uq_code unique not null comment 'c')",
    );
    assert_eq!(
        key_flags(&mut sb, "parent"),
        flags(&[("ID", "Y", "N"), ("CODE", "N", "Y")])
    );
    let rows = sb.rows("describe table parent");
    assert_eq!(cell(&rows[1], "null?"), "N");
    assert_eq!(cell(&rows[1], "comment"), "c");
    sb.ok(
        "create table child (id int, parent_id int references parent, code string, \
         constraint pk_child primary key (id) not enforced, \
         constraint fk_code foreign key (code) references parent (code) match full on delete no action, \
         unique (parent_id, code))",
    );
    assert_eq!(
        key_flags(&mut sb, "child"),
        flags(&[
            ("ID", "Y", "N"),
            ("PARENT_ID", "N", "Y"),
            ("CODE", "N", "Y")
        ])
    );
    // LIKE copies the constraints with the columns.
    sb.ok("create table child2 like child");
    assert_eq!(
        cell(&sb.rows("describe table child2")[0], "primary key"),
        "Y"
    );

    assert_error(
        &sb.err("create table bad (a int, primary key (nope))"),
        "000904",
        "invalid identifier 'NOPE'",
    );
    assert_error(
        &sb.err("create table bad (a int primary key, b int, primary key (b))"),
        "002043",
        "only one primary key",
    );
    assert_error(
        &sb.err("create table bad (a int references nowhere)"),
        "002003",
        "Table 'D.S.NOWHERE' does not exist",
    );
    assert_error(
        &sb.err("create table bad (a int references parent (nope))"),
        "000904",
        "NOPE",
    );
    assert_error(
        &sb.err("create table bad (a int references child2b)"),
        "002003",
        "does not exist",
    );
    sb.ok("create table nokey (a int)");
    assert_error(
        &sb.err("create table bad (a int references nokey)"),
        "002043",
        "no primary key",
    );
    // A table may reference itself.
    sb.ok("create table tree (id int primary key, parent int references tree)");
}

// https://docs.snowflake.com/en/sql-reference/sql/alter-table-constraint: ADD, RENAME and
// DROP of constraints (DROP PRIMARY KEY too).
#[test]
fn alter_table_adds_renames_and_drops_constraints() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (id int, code string)");
    sb.ok("alter table t add constraint pk primary key (id)");
    sb.ok("alter table t add unique (code)");
    assert_eq!(
        key_flags(&mut sb, "t"),
        flags(&[("ID", "Y", "N"), ("CODE", "N", "Y")])
    );
    assert_error(
        &sb.err("alter table t add primary key (code)"),
        "002043",
        "only one primary key",
    );
    assert_error(
        &sb.err("alter table t add constraint pk unique (id)"),
        "002002",
        "Object 'PK' already exists.",
    );
    sb.ok("create table u (t_id int, constraint fk foreign key (t_id) references t)");
    sb.ok("alter table t rename constraint pk to pk_t");
    sb.ok("alter table t rename column id to t_key");
    assert_eq!(cell(&sb.rows("describe table t")[0], "primary key"), "Y");
    sb.ok("alter table t drop constraint pk_t");
    assert_eq!(cell(&sb.rows("describe table t")[0], "primary key"), "N");
    assert_error(
        &sb.err("alter table t drop constraint pk_t"),
        "002003",
        "Constraint 'PK_T' does not exist",
    );
    sb.ok("alter table t add primary key (t_key)");
    sb.ok("alter table t drop primary key");
    assert_error(
        &sb.err("alter table t drop primary key"),
        "002003",
        "PRIMARY KEY",
    );
    // Dropping a column drops the constraints on it; the table keeps its columns otherwise.
    sb.ok("alter table t drop column code");
    assert_eq!(key_flags(&mut sb, "t"), flags(&[("T_KEY", "N", "N")]));
    // A new column's inline constraint is added with it.
    sb.ok("alter table t add column c2 int unique");
    assert_eq!(cell(&sb.rows("describe table t")[1], "unique key"), "Y");
    // IF NOT EXISTS cannot come with an inline PRIMARY KEY, UNIQUE or FOREIGN KEY
    // (https://docs.snowflake.com/en/sql-reference/sql/alter-table, ADD COLUMN's IF NOT
    // EXISTS: not with "UNIQUE, PRIMARY KEY, or FOREIGN KEY"). This form was accepted
    // before, adding no constraint to the existing column; it is refused now, as Snowflake
    // does, and nothing changes.
    for sql in [
        "alter table t add column if not exists c2 int primary key",
        "alter table t add column if not exists c3 int unique",
        "alter table t add if not exists c3 int references t (t_key)",
        "alter table t add column if not exists c3 int foreign key references t (t_key)",
        "alter table t add if not exists c3 int, c4 int constraint u4 unique",
    ] {
        assert_error(&sb.err(sql), "002043", "IF NOT EXISTS cannot be specified");
    }
    assert_eq!(cell(&sb.rows("describe table t")[1], "primary key"), "N");
    assert_eq!(sb.rows("describe table t").len(), 2);
    // Without IF NOT EXISTS the inline key is added with the new column.
    sb.ok("alter table t add column c3 int primary key");
    assert_eq!(cell(&sb.rows("describe table t")[2], "primary key"), "Y");
}

// https://docs.snowflake.com/en/sql-reference/sql/merge: the target is a table, the source
// a table, view or subquery; the answer has one count column per action the statement has.
#[test]
fn merge_checks_its_objects_and_counts_per_action() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (id int, v string)");
    sb.ok("create table src (id int, v string, op string)");
    sb.ok("create view src_v as select * from src");
    let result = sb.ok("merge into t using src s on t.id = s.id \
         when matched and s.op = 'D' then delete \
         when matched then update set t.v = s.v \
         when not matched then insert (id, v) values (s.id, s.v)");
    let names: Vec<&str> = result.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "number of rows inserted",
            "number of rows updated",
            "number of rows deleted"
        ]
    );
    assert_eq!(result.rows, [vec![Some("0".to_string()); 3]]);
    let result = sb.ok(
        "merge into d.s.t as tgt using (select id, v from src_v) as s on tgt.id = s.id \
         when not matched then insert values (s.id, s.v)",
    );
    assert_eq!(result.columns.len(), 1);
    assert_error(
        &sb.err("merge into t using nope on t.id = nope.id when matched then delete"),
        "002003",
        "Object 'D.S.NOPE' does not exist",
    );
    assert_error(
        &sb.err("merge into src_v using src on src_v.id = src.id when matched then delete"),
        "002003",
        "Table 'D.S.SRC_V' does not exist",
    );
    assert_eq!(
        sb.err("merge into t using src on t.id = src.id").code,
        "001003"
    );
}

// https://docs.snowflake.com/en/sql-reference/sql/alter-warehouse: `ABORT ALL QUERIES`
// (the sandbox runs none); ALTER … SET also takes its properties comma-separated.
#[test]
fn abort_all_queries_and_comma_separated_set_lists() {
    let mut sb = Sandbox::with_schema();
    assert_eq!(
        sb.status("alter warehouse wh abort all queries"),
        "Statement executed successfully."
    );
    assert_error(
        &sb.err("alter warehouse nope abort all queries"),
        "002003",
        "Warehouse 'NOPE' does not exist",
    );
    assert_eq!(
        sb.status("alter warehouse if exists nope abort all queries"),
        "Statement executed successfully."
    );
    sb.ok("create task t schedule = '5 minute' as select 1");
    sb.ok("alter task t set schedule = '10 minute', comment = 'every ten'");
    let row = sb.one("show tasks like 't'");
    assert_eq!(cell(&row, "schedule"), "10 minute");
    assert_eq!(cell(&row, "comment"), "every ten");
    sb.ok("alter warehouse wh set auto_suspend = 120, comment = 'w'");
    assert_eq!(
        cell(&sb.one("show warehouses like 'wh'"), "auto_suspend"),
        "120"
    );
}

// https://docs.snowflake.com/en/sql-reference/identifier-literal: `IDENTIFIER('…')` names
// an object wherever a name goes.
#[test]
fn identifier_literals_name_objects_in_ddl() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table identifier('d.s.\"Mixed\"') (a int)");
    assert_eq!(sb.names("show tables"), ["Mixed"]);
    sb.ok("alter table identifier('\"Mixed\"') add column b int");
    assert_eq!(
        sb.rows("describe table identifier('d.s.\"Mixed\"')").len(),
        2
    );
    sb.ok("drop table identifier('\"Mixed\"')");
    assert!(sb.names("show tables").is_empty());
    assert_eq!(sb.err("drop table identifier('1x')").code, "001003");
}

// https://docs.snowflake.com/en/sql-reference/sql/execute-immediate: the string's statement
// runs as if submitted directly, with its answer and its errors.
#[test]
fn execute_immediate_runs_the_statement_it_carries() {
    let mut sb = Sandbox::with_schema();
    assert_eq!(
        sb.status("execute immediate 'create table t (a int)'"),
        "Table T successfully created."
    );
    assert_eq!(
        sb.status("execute immediate $$alter table t add column b string$$"),
        "Statement executed successfully."
    );
    assert_eq!(sb.rows("execute immediate 'describe table t'").len(), 2);
    assert_error(
        &sb.err("execute immediate 'create table t (a int)'"),
        "002002",
        "Object 'T' already exists.",
    );
    assert_eq!(sb.err("execute immediate 'create tabel x'").code, "001003");
    assert_eq!(sb.err("execute immediate t").code, "001003");
}

// https://docs.snowflake.com/en/sql-reference/sql/show-objects: `IN <schema_name>` without
// the SCHEMA keyword names a schema of the current database (or `db.schema`);
// https://docs.snowflake.com/en/sql-reference/sql/show-columns: `IN [ TABLE ] <table_name>`
// names a table or view, resolved against the current database and schema.
#[test]
fn show_in_a_bare_name_resolves_as_documented() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create schema other");
    sb.ok("create table other.t2 (a int, b int)");
    sb.ok("use schema s");
    sb.ok("create table t (x int)");
    assert_eq!(sb.names("show tables in other"), ["T2"]);
    assert_eq!(sb.names("show tables in d.s"), ["T"]);
    assert_eq!(sb.rows("show columns in t").len(), 1);
    assert_eq!(sb.rows("show columns in other.t2").len(), 2);
    assert_error(
        &sb.err("show tables in nosuch"),
        "002003",
        "Schema 'D.NOSUCH' does not exist",
    );
    assert_eq!(sb.err("show columns in nosuch").code, "002003");
}

/// https://docs.snowflake.com/en/user-guide/tables-temp-transient, "Potential naming
/// conflicts with other table types": a temporary table may take a permanent table's name
/// and hides it in the session; a permanent table created under a temporary one's name is
/// hidden by it; once the temporary table goes, the permanent one is back, with its grants.
#[test]
fn a_temporary_table_hides_a_permanent_one_of_the_same_name_until_it_goes() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create role r");
    sb.ok("create table t (permanent_col int)");
    sb.ok("grant select on table t to role r");
    sb.ok("create temporary table t (temporary_col int)");
    let kinds = |sb: &mut Sandbox| -> Vec<String> {
        sb.rows("show tables like 'T'")
            .iter()
            .map(|row| cell(row, "kind").to_string())
            .collect()
    };
    assert_eq!(kinds(&mut sb), ["TEMPORARY"]);
    sb.ok("select temporary_col from t");
    sb.err("select permanent_col from t");
    // Dropping the temporary table brings the permanent one back, grants and all.
    sb.ok("drop table t");
    assert_eq!(kinds(&mut sb), ["TABLE"]);
    sb.ok("select permanent_col from t");
    let grants: Vec<String> = sb
        .rows("show grants on table t")
        .iter()
        .map(|row| cell(row, "privilege").to_string())
        .collect();
    assert!(grants.contains(&"SELECT".to_string()), "{grants:?}");
    // A permanent table created under a temporary one's name is hidden by it, and is
    // there once the session ends.
    sb.ok("create temporary table u (temporary_col int)");
    sb.ok("create table u (permanent_col int)");
    sb.ok("select temporary_col from u");
    sb.engine.end_session(&mut sb.session);
    sb.ok("select permanent_col from u");
    assert_eq!(cell(&sb.one("show tables like 'U'"), "kind"), "TABLE");
    // Without a permanent table under it, nothing is left once the session ends.
    sb.ok("create temporary table w (a int)");
    sb.engine.end_session(&mut sb.session);
    assert!(sb.rows("show tables like 'W'").is_empty());
}

/// DECFLOAT, the exact decimal type with a variable scale
/// (https://docs.snowflake.com/en/sql-reference/data-types-numeric#decfloat): it takes no
/// precision or scale, and DESCRIBE, SHOW COLUMNS and INFORMATION_SCHEMA name it as
/// written.
#[test]
fn decfloat_columns() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table ledger (id int, amount decfloat)");
    let described = sb.rows("describe table ledger");
    assert_eq!(cell(&described[1], "type"), "DECFLOAT");
    let shown = sb.rows("show columns in table ledger");
    assert!(
        cell(&shown[1], "data_type").starts_with("{\"type\":\"DECFLOAT\""),
        "{shown:?}"
    );
    let info = sb.rows(
        "select data_type from d.information_schema.columns where table_name = 'LEDGER' and column_name = 'AMOUNT'",
    );
    assert_eq!(cell(&info[0], "DATA_TYPE"), "DECFLOAT");
    assert_error(
        &sb.err("create table bad (amount decfloat(38))"),
        "001003",
        "",
    );
}

/// The identity forms CREATE TABLE documents, and only those
/// (https://docs.snowflake.com/en/sql-reference/sql/create-table, and ALTER TABLE's ADD
/// COLUMN the same: `{ AUTOINCREMENT | IDENTITY } [ { ( <start_num> , <step_num> ) | START
/// <num> INCREMENT <num> } ] [ { ORDER | NOORDER } ]`). START and INCREMENT are one
/// alternative, written together and in that order: `START n` or `INCREMENT n` alone is
/// not in the grammar and stays a syntax error, as is `( n )` with one number; ORDER /
/// NOORDER follows either form or stands alone, once. DESCRIBE TABLE's `default` and SHOW
/// COLUMNS' `autoincrement` report the sequence (start and step defaulting to 1).
#[test]
fn identity_forms_are_exactly_the_documented_ones() {
    let mut sb = Sandbox::with_schema();
    sb.ok(
        "create table t (a int autoincrement order, b int identity (5, 2) order, \
         c int autoincrement noorder, d int identity start 7 increment 3 noorder \
         not null primary key comment 'd')",
    );
    let defaults = column_defaults(&mut sb, "t");
    assert_eq!(
        defaults,
        [
            "IDENTITY START 1 INCREMENT 1 ORDER",
            "IDENTITY START 5 INCREMENT 2 ORDER",
            "IDENTITY START 1 INCREMENT 1 NOORDER",
            "IDENTITY START 7 INCREMENT 3 NOORDER",
        ]
    );
    sb.ok("alter table t add column e number autoincrement start -1 increment -1 order");
    assert_eq!(
        cell(
            &sb.rows("show columns like 'E' in table t")[0],
            "autoincrement"
        ),
        "IDENTITY START -1 INCREMENT -1 ORDER"
    );
    for sql in [
        "create table bad (a int autoincrement start 5)",
        "create table bad (a int autoincrement increment 5)",
        "create table bad (a int identity increment 2 start 1)",
        "create table bad (a int identity(5))",
        "create table bad (a int autoincrement noorder start 1 increment 1)",
        "create table bad (a int identity start 1 increment 1 order noorder)",
        "alter table t add column f int autoincrement start 5",
    ] {
        assert_eq!(sb.err(sql).code, "001003", "{sql}");
    }
    assert_eq!(sb.rows("describe table t").len(), 5);
}
