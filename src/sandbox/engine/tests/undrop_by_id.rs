//! `UNDROP { TABLE | SCHEMA | DATABASE } IDENTIFIER(<id>)`: one dropped version, chosen by
//! its system identifier (https://docs.snowflake.com/en/sql-reference/sql/undrop-table,
//! "UNDROP table using the table ID").

use super::{Sandbox, assert_error, cell};
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::catalog::Table;

fn table_id(sb: &Sandbox, name: &str) -> u64 {
    let name = ObjectName {
        database: Ident::from_stored("D".to_string()),
        schema: Ident::from_stored("S".to_string()),
        name: Ident::from_stored(name.to_string()),
    };
    sb.engine
        .catalog
        .find::<Table>(&name)
        .map(|t| t.meta.id)
        .unwrap_or_default()
}

#[test]
fn the_second_to_last_dropped_table_comes_back_by_its_id() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table my_table (first number)");
    let first = table_id(&sb, "MY_TABLE");
    sb.ok("drop table my_table");
    sb.ok("create table my_table (second number)");
    let second = table_id(&sb, "MY_TABLE");
    assert_ne!(first, second);
    sb.ok("drop table my_table");
    // The name alone restores the most recent version; the id the older one.
    assert_eq!(
        sb.status(&format!("UNDROP TABLE IDENTIFIER({first})")),
        "Table MY_TABLE successfully restored."
    );
    let columns = sb.rows("show columns in table my_table");
    assert_eq!(cell(&columns[0], "column_name"), "FIRST");
    // The name is taken now: the other version cannot come back beside it.
    assert_error(
        &sb.err(&format!("undrop table identifier({second})")),
        "002002",
        "MY_TABLE",
    );
    sb.ok("alter table my_table rename to kept");
    sb.ok(&format!("undrop table identifier({second})"));
    let columns = sb.rows("show columns in table my_table");
    assert_eq!(cell(&columns[0], "column_name"), "SECOND");
}

#[test]
fn an_id_no_dropped_object_has_is_not_restorable() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (a number)");
    let live = table_id(&sb, "T");
    // A live table's id is no dropped version.
    assert_error(
        &sb.err(&format!("undrop table identifier({live})")),
        "002003",
        "did not exist or was purged",
    );
    assert_error(
        &sb.err("UNDROP TABLE IDENTIFIER(408578)"),
        "002003",
        "408578",
    );
    assert_error(&sb.err("UNDROP SCHEMA IDENTIFIER(798)"), "002003", "798");
    // A schema and a database come back by theirs too.
    sb.ok("create schema d.old");
    let schema_id = sb
        .engine
        .catalog
        .schema(&crate::model::identifier::SchemaName {
            database: Ident::from_stored("D".to_string()),
            schema: Ident::from_stored("OLD".to_string()),
        })
        .ok()
        .and_then(|s| s.meta().map(|m| m.id))
        .unwrap_or_default();
    sb.ok("drop schema d.old");
    sb.ok(&format!("undrop schema identifier({schema_id})"));
    assert_eq!(sb.names("show schemas like 'OLD' in database d"), ["OLD"]);
    sb.ok("create database other");
    let database_id = sb
        .engine
        .catalog
        .databases
        .get(&Ident::from_stored("OTHER".to_string()))
        .map(|d| d.meta.id)
        .unwrap_or_default();
    sb.ok("drop database other");
    // A table's id is no database's.
    assert_error(
        &sb.err(&format!("undrop table identifier({database_id})")),
        "002003",
        "did not exist or was purged",
    );
    sb.ok(&format!("undrop database identifier({database_id})"));
    assert_eq!(sb.names("show databases like 'OTHER'"), ["OTHER"]);
}
