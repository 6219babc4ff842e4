//! Sequences through the engine: CREATE / ALTER / DROP, SHOW SEQUENCES and DESCRIBE
//! SEQUENCE with their paging, and `<sequence>.NEXTVAL` column defaults.

use super::{Sandbox, assert_error, cell};

#[test]
fn sequence_lifecycle() {
    let mut sb = Sandbox::with_schema();
    assert_eq!(
        sb.status("create sequence seq start with 100 increment by 5 order comment = 'ids'"),
        "Sequence SEQ successfully created."
    );
    let row = sb.one("show sequences");
    assert_eq!(
        [
            "name",
            "schema_name",
            "database_name",
            "next_value",
            "interval",
            "owner",
            "comment",
            "owner_role_type",
            "ordered",
        ]
        .map(|c| cell(&row, c)),
        ["SEQ", "S", "D", "100", "5", "SYSADMIN", "ids", "ROLE", "Y"]
    );
    assert_eq!(
        sb.status("create sequence if not exists seq"),
        "SEQ already exists, statement succeeded."
    );
    assert_error(&sb.err("create sequence seq"), "002002", "already exists");

    sb.ok("alter sequence seq set increment = -2");
    sb.ok("alter sequence seq set noorder comment = 'down'");
    let described = sb.one("describe sequence seq");
    assert_eq!(
        ["interval", "ordered", "comment", "next_value"].map(|c| cell(&described, c)),
        ["-2", "N", "down", "100"]
    );
    sb.ok("comment on sequence seq is 'again'");
    assert_eq!(
        cell(&sb.one("show sequences like 'SEQ'"), "comment"),
        "again"
    );
    sb.ok("alter sequence seq unset comment");
    assert_eq!(cell(&sb.one("show sequences"), "comment"), "");

    sb.ok("alter sequence seq rename to ids");
    assert_eq!(sb.names("show sequences"), ["IDS"]);
    assert_eq!(
        sb.status("alter sequence if exists seq set increment 3"),
        "Statement executed successfully."
    );
    assert_error(
        &sb.err("alter sequence seq set increment 3"),
        "002003",
        "Sequence 'D.S.SEQ' does not exist",
    );
    sb.ok("create or replace sequence ids start = 7");
    let row = sb.one("show sequences");
    assert_eq!(
        ["next_value", "interval", "comment"].map(|c| cell(&row, c)),
        ["7", "1", ""]
    );
    assert_eq!(sb.status("drop sequence ids"), "IDS successfully dropped.");
    assert!(sb.rows("show sequences").is_empty());
    assert_error(&sb.err("describe sequence ids"), "002003", "does not exist");
}

/// START and INCREMENT default to 1, NOORDER is the default ordering
/// (https://docs.snowflake.com/en/sql-reference/sql/create-sequence); the increment is
/// never 0, at CREATE or ALTER.
#[test]
fn defaults_and_a_zero_step() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create sequence plain");
    let row = sb.one("show sequences");
    assert_eq!(
        ["next_value", "interval", "ordered"].map(|c| cell(&row, c)),
        ["1", "1", "N"]
    );
    assert_error(
        &sb.err("create sequence zero increment 0"),
        "002029",
        "INCREMENT",
    );
    assert_error(
        &sb.err("alter sequence plain set increment by 0"),
        "002029",
        "INCREMENT",
    );
    assert_eq!(cell(&sb.one("show sequences"), "interval"), "1");
}

/// ALTER SEQUENCE has no START, and ORDER only ever relaxes to NOORDER
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-sequence).
#[test]
fn what_alter_sequence_cannot_change() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create sequence o order");
    sb.ok("create sequence n");
    assert_error(
        &sb.err("alter sequence o set start = 5"),
        "001003",
        "'start'",
    );
    assert_error(&sb.err("alter sequence o restart"), "001003", "'restart'");
    assert_error(&sb.err("alter sequence o suspend"), "001003", "'suspend'");
    sb.ok("alter sequence o set noorder");
    assert_error(&sb.err("alter sequence n set order"), "002029", "ORDER");
    assert_error(&sb.err("alter sequence o set order"), "002029", "ORDER");
    assert_eq!(sb.names("show sequences like '%' "), ["N", "O"]);
    assert!(
        sb.rows("show sequences")
            .iter()
            .all(|r| cell(r, "ordered") == "N")
    );
    // Modifiers other kinds take are syntax errors.
    assert_error(
        &sb.err("create transient sequence t"),
        "001003",
        "'sequence'",
    );
}

/// Introspection reads sequences with `SHOW SEQUENCES IN DATABASE d` and pages with
/// `LIMIT n FROM 'last'`, as for every other schema-level kind.
#[test]
fn show_sequences_in_database_pages_by_name() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create schema d.s2");
    for (schema, name) in [("s", "a"), ("s2", "b"), ("s", "c"), ("s2", "d"), ("s", "e")] {
        sb.ok(&format!("create sequence d.{schema}.{name}"));
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let sql = match &cursor {
            Some(last) => format!("show sequences in database d limit 2 from '{last}'"),
            None => "show sequences in database d limit 2".to_string(),
        };
        let page = sb.names(&sql);
        if page.is_empty() {
            break;
        }
        assert!(page.len() <= 2);
        cursor = page.last().cloned();
        seen.extend(page);
    }
    assert_eq!(seen, ["A", "B", "C", "D", "E"]);
    let rows = sb.rows("show sequences in database d starts with 'D'");
    assert_eq!((cell(&rows[0], "schema_name"), rows.len()), ("S2", 1));
    assert_eq!(sb.names("show sequences in schema d.s2"), ["B", "D"]);
    let listed = sb.rows("describe schema d.s2");
    assert!(
        listed
            .iter()
            .any(|r| cell(r, "name") == "B" && cell(r, "kind") == "SEQUENCE"),
        "{listed:?}"
    );
}

/// A column default `<sequence>.NEXTVAL` needs the sequence when the table is created
/// (https://docs.snowflake.com/en/user-guide/querying-sequences).
#[test]
fn nextval_defaults_need_their_sequence() {
    let mut sb = Sandbox::with_schema();
    assert_error(
        &sb.err("create table t (id number default ids.nextval, name string)"),
        "002003",
        "Sequence 'D.S.IDS' does not exist",
    );
    sb.ok("create sequence ids");
    sb.ok("create table t (id number default ids.nextval, name string)");
    sb.ok("create table d.public.u (id number default d.s.ids.nextval)");
    assert_error(
        &sb.err("create table v (id number default public.ids.nextval)"),
        "002003",
        "Sequence 'D.PUBLIC.IDS' does not exist",
    );
    assert_eq!(sb.names("show tables in database d"), ["T", "U"]);
    // Reported with the sequence's full name, each part quoted, however it was written.
    let id = sb
        .rows("describe table t")
        .into_iter()
        .find(|r| cell(r, "name") == "ID")
        .unwrap();
    assert_eq!(cell(&id, "default"), "\"D\".\"S\".\"IDS\".NEXTVAL");
}

/// Properties written comma-separated (the docs' syntax is silent on commas; ALTER … SET
/// already takes them): CREATE SEQUENCE's START and INCREMENT, and any kind's `KEY =
/// value` list. A comma no property follows is still a syntax error.
#[test]
fn properties_may_be_comma_separated() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create sequence seq1 with start=1, increment=3 order");
    let row = sb.one("show sequences like 'SEQ1'");
    assert_eq!(
        ["next_value", "interval", "ordered"].map(|c| cell(&row, c)),
        ["1", "3", "Y"]
    );
    sb.ok("create file format ff type = csv, compression = gzip, skip_header = 1");
    let described = sb.rows("describe file format ff");
    let value = |name: &str| {
        described
            .iter()
            .find(|r| cell(r, "property") == name)
            .map(|r| cell(r, "property_value").to_string())
    };
    assert_eq!(value("COMPRESSION").as_deref(), Some("GZIP"));
    assert_eq!(value("SKIP_HEADER").as_deref(), Some("1"));
    sb.ok("create warehouse w2 warehouse_size = xsmall, auto_suspend = 60, initially_suspended = true");
    assert_eq!(
        cell(&sb.one("show warehouses like 'W2'"), "auto_suspend"),
        "60"
    );
    assert_error(
        &sb.err("create file format ff2 type = csv,"),
        "001003",
        "unexpected ','",
    );
}
