//! Table changes Snowflake cannot ALTER, done without losing rows: build the new
//! definition beside the table, copy the rows across with casts, swap, drop the old one.
//! And the zero-copy backup apply takes before anything destructive.
//!
//! The swap keeps the table's name but not its grants: `SWAP WITH` "renames two tables"
//! (https://docs.snowflake.com/en/sql-reference/sql/alter-table), so the grants go with
//! the old table and the new one has none; the roles' changes grant them again
//! (`States::set_recreated`, `plan/diff/mod.rs`). Streams on the table go stale, which
//! the plan reports.

use std::collections::BTreeMap;

use super::ddl::create_named;
use crate::kinds::ddl::CreateMode;
use crate::kinds::table::Table;
use crate::model::identifier::{Ident, ObjectName};

/// The statements that turn `live` into `desired` keeping its rows:
/// `CREATE TABLE <scratch> …; INSERT INTO <scratch> (…) SELECT <casts> FROM t;
/// ALTER TABLE t SWAP WITH <scratch>; DROP TABLE <scratch>` (see [`copy_rows`]).
pub fn rebuild(live: &Table, desired: &Table, renames: &BTreeMap<Ident, Ident>) -> Vec<String> {
    let scratch = scratch_name(&desired.name);
    let mut statements = vec![create_named(desired, &scratch, CreateMode::Replace)];
    statements.extend(copy_rows(live, desired, renames, &scratch, &live.name));
    statements.push(swap_statement(&live.name, &scratch));
    statements.push(format!("DROP TABLE {scratch}"));
    statements
}

/// `ALTER TABLE <table> SWAP WITH <other>`: the rebuild's swap, and how a leftover scratch
/// table is put back.
pub(crate) fn swap_statement(table: &ObjectName, other: &ObjectName) -> String {
    format!("ALTER TABLE {table} SWAP WITH {other}")
}

/// The statements that create `desired` afresh (`CREATE OR REPLACE`) and copy into it the
/// rows of `source`, a copy of `live` (a backup clone): how a table whose schema or
/// database was recreated gets its rows back. Copying rather than cloning works whatever
/// the transience on either side — Snowflake does not clone a transient table into a
/// permanent one (https://docs.snowflake.com/en/user-guide/tables-temp-transient).
pub(crate) fn restore(
    live: &Table,
    desired: &Table,
    renames: &BTreeMap<Ident, Ident>,
    source: &ObjectName,
) -> Vec<String> {
    let mut statements = vec![create_named(desired, &desired.name, CreateMode::Replace)];
    statements.extend(copy_rows(live, desired, renames, &desired.name, source));
    statements
}

/// `INSERT INTO target (…) SELECT <casts> FROM source`, where `source` has `live`'s
/// columns and `target` `desired`'s. `renames` maps a desired column to its live name
/// (`renamed_from`). Desired columns with no live source are left to their default;
/// casts are only written where the type changes. `None` when no column carries over.
fn copy_rows(
    live: &Table,
    desired: &Table,
    renames: &BTreeMap<Ident, Ident>,
    target: &ObjectName,
    source: &ObjectName,
) -> Option<String> {
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
    (!targets.is_empty()).then(|| {
        format!(
            "INSERT INTO {target} ({}) SELECT {} FROM {source}",
            targets.join(", "),
            sources.join(", "),
        )
    })
}

/// The scratch table a rebuild fills: beside the table, in its schema.
pub(crate) fn scratch_name(table: &ObjectName) -> ObjectName {
    ObjectName {
        database: table.database.clone(),
        schema: table.schema.clone(),
        name: Ident::from_stored(format!("{}{SCRATCH_SUFFIX}", table.name.as_str())),
    }
}

/// A zero-copy clone `<table>_BACKUP_<yyyymmddhhmmss>` taken at `at`: its name (to report)
/// and the statement.
pub fn backup(table: &ObjectName, at: jiff::Timestamp) -> (ObjectName, String) {
    let backup = ObjectName {
        database: table.database.clone(),
        schema: table.schema.clone(),
        name: backup_ident(&table.name, at),
    };
    let statement = format!("CREATE TABLE {backup} CLONE {table}");
    (backup, statement)
}

/// `<name>_BACKUP_<yyyymmddhhmmss>`: the name of a backup clone of `name` taken at `at`
/// (tables, schemas and databases alike).
pub(crate) fn backup_ident(name: &Ident, at: jiff::Timestamp) -> Ident {
    Ident::from_stored(format!(
        "{}_BACKUP_{}",
        name.as_str(),
        at.strftime("%Y%m%d%H%M%S")
    ))
}

/// Whether `name` is one of lakeform's own copies — a backup clone (of a table, schema or
/// database) or a rebuild's scratch table — which are never unmanaged objects to report
/// or prune. Scratch tables are reported as leftovers instead (see
/// [`crate::plan::leftovers`]).
pub fn is_lakeform_copy(name: &Ident) -> bool {
    is_scratch(name) || is_backup(name)
}

/// Whether `name` is a rebuild's scratch table (`<table>_LAKEFORM_REBUILD`).
pub(crate) fn is_scratch(name: &Ident) -> bool {
    name.as_str().ends_with(SCRATCH_SUFFIX)
}

/// The table whose rebuild a scratch table belongs to.
pub(crate) fn scratch_owner(scratch: &ObjectName) -> Option<ObjectName> {
    let owner = scratch.name.as_str().strip_suffix(SCRATCH_SUFFIX)?;
    (!owner.is_empty()).then(|| ObjectName {
        database: scratch.database.clone(),
        schema: scratch.schema.clone(),
        name: Ident::from_stored(owner),
    })
}

const SCRATCH_SUFFIX: &str = "_LAKEFORM_REBUILD";

/// Whether `name` is a backup clone (`<name>_BACKUP_<14 digits>`).
pub fn is_backup(name: &Ident) -> bool {
    name.as_str()
        .rsplit_once("_BACKUP_")
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
    use crate::kinds::table::Column;

    fn column(name: &str, ty: &str) -> Column {
        Column {
            name: Ident::from_stored(name),
            data_type: DataType::parse(ty).unwrap(),
            nullable: true,
            default: None,
            comment: None,
            masking_policy: None,
            masking_using: Vec::new(),
            tags: None,
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
            row_access_policy: None,
            tags: None,
            data_quality: None,
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
