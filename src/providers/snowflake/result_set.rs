//! The result of one statement: column metadata and rows of text cells, all partitions
//! together.
//!
//! Cells are read by column *name*, case-insensitively, never by position: Snowflake adds
//! columns to SHOW output over time, and code that counts columns breaks silently. Turning
//! cells into typed values is the reader's business (introspection knows what a column
//! means); this module only finds them.

use std::fmt;

/// A result column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ColumnMeta {
    pub(crate) name: String,
    /// Snowflake's type name in the SQL API (`text`, `fixed`, `boolean`, `timestamp_ntz` …).
    pub(crate) data_type: String,
    pub(crate) nullable: bool,
}

/// All rows of a statement's result.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResultSet {
    pub(crate) columns: Vec<ColumnMeta>,
    pub(crate) rows: Vec<Vec<Option<String>>>,
    pub statement_handle: String,
}

/// A column asked for by name that the result does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the result of statement {statement_handle} has no column {column:?} (it has: {available})"
)]
pub struct MissingColumn {
    pub(crate) column: String,
    pub statement_handle: String,
    pub(crate) available: String,
}

/// A required cell that is absent or NULL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CellError {
    #[error(transparent)]
    MissingColumn(#[from] MissingColumn),
    #[error("column {column:?} is NULL in a row of statement {statement_handle}")]
    Null {
        column: String,
        statement_handle: String,
    },
}

impl ResultSet {
    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The rows, each readable by column name.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(move |cells| Row { set: self, cells })
    }

    /// The position of column `name`: an exact match first, then a case-insensitive one.
    pub(crate) fn column_index(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.name == name)
            .or_else(|| {
                self.columns
                    .iter()
                    .position(|c| c.name.eq_ignore_ascii_case(name))
            })
    }

    fn missing(&self, name: &str) -> MissingColumn {
        MissingColumn {
            column: name.to_string(),
            statement_handle: self.statement_handle.clone(),
            available: self
                .columns
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// One row of a [`ResultSet`].
#[derive(Clone, Copy)]
pub struct Row<'a> {
    set: &'a ResultSet,
    cells: &'a [Option<String>],
}

impl<'a> Row<'a> {
    /// The text of column `name`; `None` when the cell is NULL *or* the column is absent.
    /// Use [`Row::try_get`] or [`Row::require`] where the difference matters.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.try_get(name).ok().flatten()
    }

    /// The text of column `name` (`None` for NULL), or an error if there is no such column.
    pub fn try_get(&self, name: &str) -> Result<Option<&'a str>, MissingColumn> {
        let index = self
            .set
            .column_index(name)
            .ok_or_else(|| self.set.missing(name))?;
        Ok(self.cells.get(index).and_then(|c| c.as_deref()))
    }

    /// The text of column `name`, which must exist and not be NULL.
    pub(crate) fn require(&self, name: &str) -> Result<&'a str, CellError> {
        self.try_get(name)?.ok_or_else(|| CellError::Null {
            column: name.to_string(),
            statement_handle: self.set.statement_handle.clone(),
        })
    }
}

impl fmt::Debug for Row<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (column, cell) in self.set.columns.iter().zip(self.cells) {
            map.entry(&column.name, cell);
        }
        map.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(name: &str) -> ColumnMeta {
        ColumnMeta {
            name: name.into(),
            data_type: "text".into(),
            nullable: true,
        }
    }

    fn set() -> ResultSet {
        ResultSet {
            columns: vec![
                column("name"),
                column("comment"),
                column("Mixed"),
                column("MIXED"),
            ],
            rows: vec![vec![
                Some("T1".into()),
                None,
                Some("lower".into()),
                Some("upper".into()),
            ]],
            statement_handle: "h1".into(),
        }
    }

    #[test]
    fn reads_by_name_case_insensitively() {
        let set = set();
        let row = set.rows().next().unwrap();
        assert_eq!(row.get("NAME"), Some("T1"));
        assert_eq!(row.get("name"), Some("T1"));
        assert_eq!(row.try_get("comment"), Ok(None));
    }

    #[test]
    fn an_exact_match_wins_over_a_case_insensitive_one() {
        let set = set();
        let row = set.rows().next().unwrap();
        assert_eq!(row.get("MIXED"), Some("upper"));
        assert_eq!(row.get("Mixed"), Some("lower"));
    }

    #[test]
    fn missing_and_null_are_told_apart() {
        let set = set();
        let row = set.rows().next().unwrap();
        let missing = row.try_get("owner").unwrap_err();
        assert!(missing.to_string().contains("name, comment, Mixed, MIXED"));
        assert!(matches!(
            row.require("comment"),
            Err(CellError::Null { .. })
        ));
        assert!(matches!(
            row.require("owner"),
            Err(CellError::MissingColumn(_))
        ));
        assert_eq!(row.require("name"), Ok("T1"));
    }
}
