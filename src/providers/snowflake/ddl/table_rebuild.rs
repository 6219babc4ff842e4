//! Table changes Snowflake cannot ALTER, done without losing rows: build the new
//! definition beside the table, copy the rows across with casts, swap, drop the old one.
//! And the zero-copy backup apply takes before anything destructive.
//!
//! The swap keeps the table's name (and grants stay with the name); streams on the table
//! go stale, which the plan reports.

use std::collections::BTreeMap;

use super::CreateMode;
use super::table::create_named;
use crate::model::identifier::{Ident, ObjectName};
use crate::model::table::Table;

/// The statements that turn `live` into `desired` keeping its rows:
/// `CREATE TABLE <scratch> …; INSERT INTO <scratch> (…) SELECT <casts> FROM t;
/// ALTER TABLE t SWAP WITH <scratch>; DROP TABLE <scratch>`.
///
/// `renames` maps a desired column to its live name (`renamed_from`). Desired columns with
/// no live source are left to their default. Casts are only written where the type
/// changes.
pub fn rebuild(live: &Table, desired: &Table, renames: &BTreeMap<Ident, Ident>) -> Vec<String> {
    let scratch = scratch_name(&desired.name);
    let mut targets = Vec::new();
    let mut sources = Vec::new();
    for column in &desired.columns {
        let source_name = renames.get(&column.name).unwrap_or(&column.name);
        let Some(source) = live.column(source_name) else {
            continue;
        };
        targets.push(column.name.to_string());
        sources.push(if source.data_type == column.data_type {
            source.name.to_string()
        } else {
            format!("CAST({} AS {})", source.name, column.data_type)
        });
    }
    let mut statements = vec![create_named(desired, &scratch, CreateMode::Replace)];
    if !targets.is_empty() {
        statements.push(format!(
            "INSERT INTO {scratch} ({}) SELECT {} FROM {}",
            targets.join(", "),
            sources.join(", "),
            live.name
        ));
    }
    statements.push(format!("ALTER TABLE {} SWAP WITH {scratch}", live.name));
    statements.push(format!("DROP TABLE {scratch}"));
    statements
}

/// The scratch table a rebuild fills: beside the table, in its schema.
pub fn scratch_name(table: &ObjectName) -> ObjectName {
    ObjectName {
        database: table.database.clone(),
        schema: table.schema.clone(),
        name: Ident::from_stored(format!("{}_LAKEFORM_REBUILD", table.name.as_str())),
    }
}

/// A zero-copy clone `<table>_BACKUP_<yyyymmddhhmmss>` taken at `at`: its name (to report)
/// and the statement.
pub fn backup(table: &ObjectName, at: jiff::Timestamp) -> (ObjectName, String) {
    let backup = ObjectName {
        database: table.database.clone(),
        schema: table.schema.clone(),
        name: Ident::from_stored(format!(
            "{}_BACKUP_{}",
            table.name.as_str(),
            at.strftime("%Y%m%d%H%M%S")
        )),
    };
    let statement = format!("CREATE TABLE {backup} CLONE {table}");
    (backup, statement)
}

/// Whether `name` is one of lakeform's own tables — a backup clone or a rebuild's scratch
/// table — which are never unmanaged objects to report or prune.
pub fn is_lakeform_copy(name: &Ident) -> bool {
    let name = name.as_str();
    if name.ends_with("_LAKEFORM_REBUILD") {
        return true;
    }
    name.rsplit_once("_BACKUP_")
        .is_some_and(|(_, stamp)| stamp.len() == 14 && stamp.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::data_type::DataType;

    #[test]
    fn lakeform_copies_are_recognised() {
        let table = ObjectName::parse("DB.S.ORDERS").unwrap();
        let (backup, _) = backup(&table, jiff::Timestamp::UNIX_EPOCH);
        assert!(is_lakeform_copy(&backup.name));
        assert!(is_lakeform_copy(&scratch_name(&table).name));
        assert!(!is_lakeform_copy(&table.name));
        assert!(!is_lakeform_copy(&Ident::from_stored("ORDERS_BACKUP_2024")));
    }
    use crate::model::table::Column;

    fn column(name: &str, ty: &str) -> Column {
        Column {
            name: Ident::from_stored(name),
            data_type: DataType::parse(ty).unwrap(),
            nullable: true,
            default: None,
            comment: None,
        }
    }

    fn table(columns: Vec<Column>) -> Table {
        Table {
            name: ObjectName::parse("PR.S.\"Orders\"").unwrap(),
            columns,
            transient: false,
            cluster_by: vec![],
            change_tracking: false,
            comment: None,
        }
    }

    #[test]
    fn rebuild_casts_changed_types_and_follows_renames() {
        let live = table(vec![column("ID", "VARCHAR"), column("OLD", "INT")]);
        let desired = table(vec![
            column("ID", "NUMBER(38,0)"),
            column("NEW", "INT"),
            column("ADDED", "DATE"),
        ]);
        let renames = BTreeMap::from([(Ident::from_stored("NEW"), Ident::from_stored("OLD"))]);
        assert_eq!(
            rebuild(&live, &desired, &renames),
            vec![
                "CREATE OR REPLACE TABLE PR.S.\"Orders_LAKEFORM_REBUILD\" (ID NUMBER(38,0), NEW NUMBER(38,0), ADDED DATE)".to_string(),
                "INSERT INTO PR.S.\"Orders_LAKEFORM_REBUILD\" (ID, NEW) SELECT CAST(ID AS NUMBER(38,0)), OLD FROM PR.S.\"Orders\"".to_string(),
                "ALTER TABLE PR.S.\"Orders\" SWAP WITH PR.S.\"Orders_LAKEFORM_REBUILD\"".to_string(),
                "DROP TABLE PR.S.\"Orders_LAKEFORM_REBUILD\"".to_string(),
            ]
        );
    }

    #[test]
    fn backup_is_a_timestamped_clone() {
        let at: jiff::Timestamp = "2026-01-02T03:04:05Z".parse().unwrap();
        let (name, sql) = backup(&ObjectName::parse("PR.S.T").unwrap(), at);
        assert_eq!(name.to_string(), "PR.S.T_BACKUP_20260102030405");
        assert_eq!(
            sql,
            "CREATE TABLE PR.S.T_BACKUP_20260102030405 CLONE PR.S.T"
        );
    }
}
