//! Clones and tags: a cloned table, schema or database keeps its source's tag
//! assignments, and the objects of a cloned container carry the cloned tags.

use super::{Sandbox, assert_error, cell};

/// `tag_name = value` (or `@column`) for each reference of `object`'s domain `domain`.
fn references(sb: &mut Sandbox, database: &str, object: &str, domain: &str) -> Vec<String> {
    sb.rows(&format!(
        "select tag_database, tag_schema, tag_name, tag_value, level, column_name \
         from table({database}.information_schema.tag_references_all_columns('{object}', '{domain}'))"
    ))
    .iter()
    .map(|r| {
        format!(
            "{}.{}.{}={} {} {}",
            cell(r, "TAG_DATABASE"),
            cell(r, "TAG_SCHEMA"),
            cell(r, "TAG_NAME"),
            cell(r, "TAG_VALUE"),
            cell(r, "LEVEL"),
            cell(r, "COLUMN_NAME")
        )
    })
    .collect()
}

// https://docs.snowflake.com/en/user-guide/object-tagging/interaction ("Cloning"): "Tag
// associations in the source object (e.g. table) are maintained in the cloned objects."
#[test]
fn a_cloned_table_keeps_its_tags_and_its_columns_tags() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create schema d.gov");
    sb.ok("create tag d.gov.pii");
    // CREATE SCHEMA made D.GOV current.
    sb.ok("use schema d.s");
    sb.ok("create table t (id number, email varchar) with tag (d.gov.pii = 'table')");
    sb.ok("alter table t modify column email set tag d.gov.pii = 'email'");
    sb.ok("create table t2 clone t");
    // Each column: the table's tag inherited, unless it has its own value.
    let mut clone = references(&mut sb, "d", "d.s.t2", "table");
    clone.sort();
    assert_eq!(
        clone,
        ["D.GOV.PII=email COLUMN EMAIL", "D.GOV.PII=table TABLE ID"]
    );
    // The clone's tags are its own: unsetting them leaves the source's.
    sb.ok("alter table t2 unset tag d.gov.pii");
    assert_eq!(
        references(&mut sb, "d", "d.s.t2", "table"),
        ["D.GOV.PII=email COLUMN EMAIL"]
    );
    assert_eq!(references(&mut sb, "d", "d.s.t", "table").len(), 2);
    // A missing source is still an error, and no tag is copied anywhere.
    assert_error(
        &sb.err("create table t3 clone nope"),
        "002003",
        "Table 'D.S.NOPE' does not exist or not authorized.",
    );
}

// The same page: a database or schema clone clones the tags it holds, and "the cloned
// table or view is mapped to the corresponding cloned tag"; tags outside it stay the
// source's.
#[test]
fn a_cloned_schema_or_database_maps_its_objects_to_its_cloned_tags() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create tag d.s.local");
    sb.ok("create database gov");
    sb.ok("create schema gov.t");
    sb.ok("create tag gov.t.central");
    sb.ok("create table d.s.t (id number)");
    sb.ok("alter table d.s.t set tag d.s.local = 'l', gov.t.central = 'c'");
    sb.ok("create view d.s.v as select id from d.s.t");
    sb.ok("alter view d.s.v set tag d.s.local = 'v'");
    sb.ok("alter schema d.s set tag gov.t.central = 'schema'");

    sb.ok("create schema d.s2 clone d.s");
    let mut table = references(&mut sb, "d", "d.s2.t", "table");
    table.sort();
    assert_eq!(table, ["D.S2.LOCAL=l TABLE ID", "GOV.T.CENTRAL=c TABLE ID"]);
    let view = sb.rows(
        "select tag_schema, tag_value from table(d.information_schema.tag_references('d.s2.v', 'table'))",
    );
    assert_eq!(view.len(), 2, "{view:?}");
    let schema = sb.rows(
        "select tag_name, tag_value from table(d.information_schema.tag_references('d.s2', 'schema'))",
    );
    assert_eq!(schema.len(), 1);
    assert_eq!(cell(&schema[0], "TAG_VALUE"), "schema");
    // The cloned tag is an object of its own.
    assert_eq!(sb.names("show tags in schema d.s2"), ["LOCAL"]);

    sb.ok("alter database d set tag gov.t.central = 'db'");
    sb.ok("create database d2 clone d");
    let db = sb.rows(
        "select tag_value from table(d2.information_schema.tag_references('d2', 'database'))",
    );
    assert_eq!(db.len(), 1);
    assert_eq!(cell(&db[0], "TAG_VALUE"), "db");
    let mut table = references(&mut sb, "d2", "d2.s.t", "table");
    table.sort();
    assert_eq!(table, ["D2.S.LOCAL=l TABLE ID", "GOV.T.CENTRAL=c TABLE ID"]);
}
