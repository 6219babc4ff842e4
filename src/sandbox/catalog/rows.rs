//! How a schema-level kind answers `SHOW <kinds>` and `DESCRIBE <kind>`: the
//! [`ShowRows`] and [`DescribeRows`] traits each kind implements next to its catalog
//! entry, and the cell vocabulary its rows are written in.
//!
//! The SHOW layer owns the clauses every schema-level SHOW shares (IN scope, LIKE, STARTS
//! WITH, order, FROM, LIMIT, TERSE) once, generically over this trait; a kind supplies only
//! what is its own: its columns, its TERSE subset, where its objects are in a schema and
//! how one object prints. The trait lives in the catalog layer so a kind's module holds
//! its rows without depending on the SHOW layer above it.

use super::{Catalog, Schema, Stamp};
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::{QueryResult, ResultColumn};

/// One object with the full name it is listed under: a SHOW row or a DESCRIBE answer
/// before rendering.
pub(crate) struct Entry<'a, T> {
    pub(crate) database: &'a Ident,
    pub(crate) schema: &'a Ident,
    pub(crate) name: &'a Ident,
    pub(crate) object: &'a T,
}

/// A schema-level kind's SHOW output (and DESCRIBE's, for kinds whose DESCRIBE answers
/// the SHOW columns for one object, as streams and tasks do).
pub(crate) trait ShowRows: Sized {
    /// The statement as messages name it (`SHOW VIEWS`).
    const SHOW: &'static str;
    /// The output columns in Snowflake's order: name and SQL API rowType type.
    const COLUMNS: &'static [(&'static str, &'static str)];
    /// `SHOW TERSE …`'s columns, by name, in TERSE order; `None` where TERSE answers the
    /// full columns.
    const TERSE: Option<&'static [&'static str]> = None;
    /// Values of TERSE columns the full output lacks (e.g. `kind` = `VIEW`).
    const TERSE_CONSTANTS: &'static [(&'static str, &'static str)] = &[];
    /// TERSE columns that carry a full column under another name: (full name, TERSE name).
    const TERSE_RENAMES: &'static [(&'static str, &'static str)] = &[];

    /// The objects of this kind in one schema, in name order (a name may carry several
    /// objects, as procedure overloads do).
    fn in_schema(schema: &Schema) -> Vec<(&Ident, &Self)>;

    /// One row, a cell per column of [`ShowRows::COLUMNS`].
    fn row(catalog: &Catalog, entry: &Entry<'_, Self>) -> Vec<Option<String>>;

    /// The dropped objects of this kind still restorable at `now` in one schema, each with
    /// the moment it was dropped (`SHOW TABLES HISTORY`). None for most kinds.
    fn dropped_in_schema(_schema: &Schema, _now: Stamp) -> Vec<(&Ident, &Self, Stamp)> {
        Vec::new()
    }

    /// For an overloaded kind, the object's argument types as grants name them (each
    /// overload is seen by its own grants); `None` for other kinds.
    fn overload(&self) -> Option<Vec<String>> {
        None
    }

    /// Objects of other kinds this SHOW lists too, in one schema, by name, each as a row
    /// of this kind's columns (SHOW TABLES lists dynamic tables). None for most kinds.
    fn listed_with(
        _catalog: &Catalog,
        _database: &Ident,
        _schema_name: &Ident,
        _schema: &Schema,
    ) -> Vec<(Ident, Vec<Option<String>>)> {
        Vec::new()
    }
}

/// A schema-level kind's `DESCRIBE <kind> <name>` answer for one object.
pub(crate) trait DescribeRows: Sized {
    /// Checked before the object stored under `name` is described: a kind whose object
    /// is compiled again when it is used (a view) refuses one that no longer compiles.
    fn check(_catalog: &Catalog, _name: &ObjectName) -> Result<(), SqlError> {
        Ok(())
    }

    fn describe(catalog: &Catalog, entry: &Entry<'_, Self>) -> QueryResult;
}

/// `T`'s SHOW columns and one row per entry; kinds whose DESCRIBE answers the SHOW
/// columns (streams, tasks) describe with it too.
pub(crate) fn render<T: ShowRows>(catalog: &Catalog, entries: &[Entry<'_, T>]) -> QueryResult {
    QueryResult {
        columns: columns(T::COLUMNS),
        rows: entries.iter().map(|e| T::row(catalog, e)).collect(),
    }
}

/// The columns of DESCRIBE answers that list properties (file formats, integrations).
pub(crate) const PROPERTY_COLUMNS: [(&str, &str); 4] = [
    ("property", "text"),
    ("property_type", "text"),
    ("property_value", "text"),
    ("property_default", "text"),
];

/// The columns of DESCRIBE answers that list what a container holds (databases, schemas)
/// or name one object (warehouses).
pub(crate) const CONTENT_COLUMNS: [(&str, &str); 3] = [
    ("created_on", "timestamp_ltz"),
    ("name", "text"),
    ("kind", "text"),
];

/// A result whose every cell is present text.
pub(crate) fn text_rows<const N: usize>(
    spec: &[(&str, &'static str)],
    rows: Vec<[String; N]>,
) -> QueryResult {
    QueryResult {
        columns: columns(spec),
        rows: rows
            .into_iter()
            .map(|r| r.into_iter().map(Some).collect())
            .collect(),
    }
}

/// Result columns from `(name, type)` pairs.
pub(crate) fn columns(spec: &[(&str, &'static str)]) -> Vec<ResultColumn> {
    spec.iter()
        .map(|(name, type_name)| ResultColumn::new(*name, type_name))
        .collect()
}

pub(crate) fn text(value: impl Into<String>) -> Option<String> {
    Some(value.into())
}

pub(crate) fn stamp(value: Stamp) -> Option<String> {
    Some(value.to_sql_api())
}

/// Snowflake's boolean-like text columns: `true`/`false`, `Y`/`N`, `ON`/`OFF`.
pub(crate) fn flag(value: bool, yes: &str, no: &str) -> Option<String> {
    Some(if value { yes } else { no }.to_string())
}

/// A comment cell: empty, not NULL, when there is none.
pub(crate) fn comment(value: &Option<String>) -> Option<String> {
    Some(value.clone().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::catalog::{FileFormat, Procedure, Stage, Stream, Table, Task, View};

    /// Every TERSE column is a full column or a constant, and every rename renames a TERSE
    /// column, so the generic SHOW never invents a NULL column by a typo.
    fn terse_is_consistent<T: ShowRows>() {
        let full: Vec<&str> = T::COLUMNS.iter().map(|(name, _)| *name).collect();
        let constants: Vec<&str> = T::TERSE_CONSTANTS.iter().map(|(name, _)| *name).collect();
        let terse = T::TERSE.unwrap_or_default();
        for name in terse {
            assert!(
                full.contains(name) || constants.contains(name),
                "{}: TERSE column {name} is neither a column nor a constant",
                T::SHOW
            );
        }
        for (from, _) in T::TERSE_RENAMES {
            assert!(terse.contains(from), "{}: renames {from}", T::SHOW);
        }
        let mut names = full.clone();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), full.len(), "{}: a column twice", T::SHOW);
    }

    #[test]
    fn every_kinds_terse_columns_come_from_its_columns() {
        terse_is_consistent::<Table>();
        terse_is_consistent::<View>();
        terse_is_consistent::<Stage>();
        terse_is_consistent::<FileFormat>();
        terse_is_consistent::<Stream>();
        terse_is_consistent::<Task>();
        terse_is_consistent::<Procedure>();
    }
}
