//! One row of SHOW / DESCRIBE / INFORMATION_SCHEMA output, read by column name into typed
//! values, with errors that name the object being read.
//!
//! Snowflake's cells are all text; this is where `"true"`, `"Y"`, `"ON"`, `""` and numbers
//! become Rust values, once, the same way for every kind.

use std::str::FromStr;

use super::error::IntrospectError;
use crate::model::Kind;
use crate::model::identifier::{Ident, ObjectName};
use crate::providers::snowflake::result_set::Row;

/// A row being read as an object of `kind`.
#[derive(Clone, Copy)]
pub struct Record<'a> {
    row: Row<'a>,
    kind: Kind,
}

impl<'a> Record<'a> {
    pub fn new(row: Row<'a>, kind: Kind) -> Self {
        Record { row, kind }
    }

    /// The kind the row is read as.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// What the row is about, for error messages: its `name` cell when it has one.
    fn object(&self) -> String {
        self.row
            .get("name")
            .or_else(|| self.row.get("TABLE_NAME"))
            .unwrap_or("(unnamed row)")
            .to_string()
    }

    /// A cell, `None` when NULL; an error when the column is missing altogether.
    pub(crate) fn text(&self, column: &str) -> Result<Option<&'a str>, IntrospectError> {
        self.row.try_get(column).map_err(|e| IntrospectError::Cell {
            kind: self.kind,
            object: self.object(),
            source: e.into(),
        })
    }

    /// A cell that must be present and not NULL.
    pub(crate) fn required(&self, column: &str) -> Result<&'a str, IntrospectError> {
        self.row
            .require(column)
            .map_err(|source| IntrospectError::Cell {
                kind: self.kind,
                object: self.object(),
                source,
            })
    }

    /// A cell where NULL and the empty string both mean "not set" (comments, URLs …).
    pub(crate) fn optional(&self, column: &str) -> Result<Option<&'a str>, IntrospectError> {
        Ok(self.text(column)?.filter(|t| !t.is_empty()))
    }

    /// A cell of a column the row may not have (one added to a query later than the
    /// fixtures and recordings that answer it): `None` when absent, NULL or empty.
    pub(crate) fn if_present(&self, column: &str) -> Option<&'a str> {
        self.row.get(column).filter(|v| !v.is_empty())
    }

    /// The role in the `owner` column every SHOW listing has (`kinds::owner`); `None`
    /// when it is empty (a system role has no owner) or absent.
    pub(crate) fn owner(&self) -> Option<Ident> {
        self.if_present("owner").map(Ident::from_stored)
    }

    pub(crate) fn comment(&self) -> Result<Option<String>, IntrospectError> {
        Ok(self.optional("comment")?.map(str::to_string))
    }

    /// A yes/no cell in any of Snowflake's spellings (`true`, `Y`, `ON`, `YES` …); NULL is
    /// no.
    pub(crate) fn flag(&self, column: &str) -> Result<bool, IntrospectError> {
        match self.text(column)? {
            None => Ok(false),
            Some(value) => parse_flag(value)
                .ok_or_else(|| self.invalid(column, value, "is not a yes/no value")),
        }
    }

    /// A numeric cell; NULL and empty are `None`.
    pub(crate) fn number<T: FromStr>(&self, column: &str) -> Result<Option<T>, IntrospectError> {
        match self.optional(column)? {
            None => Ok(None),
            Some(value) => value
                .parse()
                .map(Some)
                .map_err(|_| self.invalid(column, value, "is not a whole number in range")),
        }
    }

    /// An identifier cell, as Snowflake stores it.
    pub(crate) fn ident(&self, column: &str) -> Result<Ident, IntrospectError> {
        Ok(Ident::from_stored(self.required(column)?))
    }

    /// `DATABASE.SCHEMA.NAME` from three identifier cells.
    pub(crate) fn object_name(
        &self,
        database: &str,
        schema: &str,
        name: &str,
    ) -> Result<ObjectName, IntrospectError> {
        Ok(ObjectName {
            database: self.ident(database)?,
            schema: self.ident(schema)?,
            name: self.ident(name)?,
        })
    }

    /// The error for a cell whose value cannot be understood.
    pub(crate) fn invalid(
        &self,
        column: &str,
        value: &str,
        problem: impl Into<String>,
    ) -> IntrospectError {
        IntrospectError::Value {
            kind: self.kind,
            object: self.object(),
            column: column.to_string(),
            value: value.to_string(),
            problem: problem.into(),
        }
    }
}

/// Snowflake's boolean spellings in SHOW / DESCRIBE / INFORMATION_SCHEMA output.
pub(crate) fn parse_flag(value: &str) -> Option<bool> {
    match value.trim().to_ascii_uppercase().as_str() {
        "TRUE" | "Y" | "YES" | "ON" | "1" => Some(true),
        "FALSE" | "N" | "NO" | "OFF" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
pub(crate) mod fixture {
    //! Result sets shaped like Snowflake's output, for the row parsers' tests.

    use crate::providers::snowflake::result_set::{ColumnMeta, ResultSet};

    /// A result with the given columns and rows (`None` is NULL).
    pub(crate) fn result(columns: &[&str], rows: &[&[Option<&str>]]) -> ResultSet {
        ResultSet {
            columns: columns
                .iter()
                .map(|c| ColumnMeta {
                    name: c.to_string(),
                    data_type: "text".into(),
                    nullable: true,
                })
                .collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| c.map(str::to_string)).collect())
                .collect(),
            statement_handle: "fixture".into(),
        }
    }

    /// A one-row result from `(column, value)` pairs.
    pub(crate) fn row(cells: &[(&str, Option<&str>)]) -> ResultSet {
        let columns: Vec<&str> = cells.iter().map(|(c, _)| *c).collect();
        let values: Vec<Option<&str>> = cells.iter().map(|(_, v)| *v).collect();
        result(&columns, &[&values])
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::row;
    use super::*;

    #[test]
    fn typed_cells() {
        let set = row(&[
            ("name", Some("T")),
            ("comment", Some("")),
            ("auto_resume", Some("true")),
            ("change_tracking", Some("OFF")),
            ("retention_time", Some("1")),
            ("bad", Some("maybe")),
        ]);
        let r = Record::new(set.rows().next().unwrap(), Kind::Table);
        assert_eq!(r.comment().unwrap(), None);
        assert!(r.flag("auto_resume").unwrap());
        assert!(!r.flag("change_tracking").unwrap());
        assert_eq!(r.number::<u32>("retention_time").unwrap(), Some(1));
        let err = r.flag("bad").unwrap_err().to_string();
        assert!(err.contains("table T") && err.contains("maybe"), "{err}");
        assert!(matches!(
            r.required("owner"),
            Err(IntrospectError::Cell { .. })
        ));
    }
}
