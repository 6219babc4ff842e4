//! Sequences, the whole kind: the catalog entry with Snowflake's rules (a start and a
//! non-zero step, ORDER / NOORDER that may only be relaxed), the grammar of CREATE
//! SEQUENCE and ALTER SEQUENCE, and the SHOW SEQUENCES / DESCRIBE SEQUENCE rows.
//!
//! The emulator holds no data and never draws from a sequence, so `next_value` is the
//! start value for the life of the sequence; a column default `<sequence>.NEXTVAL` only
//! needs the sequence to exist (see [`nextval_sequence`]).

use serde::{Deserialize, Serialize};

use super::rows::{DescribeRows, Entry, ShowRows, comment, flag, render, stamp, text};
use super::{Catalog, Meta, Names, SandboxKind, Schema, SchemaObject};
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::{Parser, RawName};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Sequence {
    pub(crate) meta: Meta,
    pub start: i64,
    pub increment: i64,
    /// ORDER (`true`) or NOORDER.
    pub ordered: bool,
}

/// What CREATE SEQUENCE sets, each part optional
/// (https://docs.snowflake.com/en/sql-reference/sql/create-sequence):
/// `[ WITH ] [ START [ WITH ] [ = ] n ] [ INCREMENT [ BY ] [ = ] n ] [ ORDER | NOORDER ]
/// [ COMMENT = '…' ]`, in that order.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct SequenceBody {
    start: Option<i64>,
    increment: Option<i64>,
    ordered: Option<bool>,
    comment: Option<String>,
}

/// An ALTER SEQUENCE action other than RENAME TO
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-sequence):
/// `[ SET ] INCREMENT [ BY ] [ = ] n`, `SET [ ORDER | NOORDER ] [ COMMENT = '…' ]`,
/// `UNSET COMMENT`. There is no form that changes START.
#[derive(Debug, PartialEq)]
pub(crate) enum SequenceAlter {
    Increment(i64),
    Set {
        ordered: Option<bool>,
        comment: Option<String>,
    },
    UnsetComment,
}

/// `INCREMENT [ BY ] [ = ] n` after INCREMENT was read.
fn increment(p: &mut Parser<'_>) -> Result<i64, SqlError> {
    p.eat_kw("BY");
    p.eat_equals();
    p.signed()
}

/// `ORDER` / `NOORDER`, if one follows.
fn order(p: &mut Parser<'_>) -> Option<bool> {
    if p.eat_kw("ORDER") {
        Some(true)
    } else if p.eat_kw("NOORDER") {
        Some(false)
    } else {
        None
    }
}

/// `COMMENT = '…'`, if it follows.
fn comment_clause(p: &mut Parser<'_>) -> Result<Option<String>, SqlError> {
    if !p.eat_kw("COMMENT") {
        return Ok(None);
    }
    p.eat_equals();
    Ok(Some(p.string()?))
}

/// "Supported values are any non-zero value that can be represented by a 64-bit two's
/// complement integer" (https://docs.snowflake.com/en/sql-reference/sql/create-sequence,
/// and the same words for ALTER SEQUENCE's INCREMENT). The error is the invalid-value one
/// identity columns with a zero step already answer; the docs name no code.
fn check_increment(increment: i64) -> Result<i64, SqlError> {
    if increment == 0 {
        return Err(SqlError::invalid_value("INCREMENT", "0"));
    }
    Ok(increment)
}

impl SandboxKind for Sequence {
    type Create = SequenceBody;
    type Alter = SequenceAlter;

    fn parse_create(p: &mut Parser<'_>) -> Result<SequenceBody, SqlError> {
        p.eat_kw("WITH");
        let mut body = SequenceBody::default();
        if p.eat_kw("START") {
            p.eat_kw("WITH");
            p.eat_equals();
            body.start = Some(p.signed()?);
            // `START = 1, INCREMENT = 1`: the comma other properties take (`properties`).
            if p.is_sym(",") && p.is_kw_at(1, "INCREMENT") {
                p.advance();
            }
        }
        if p.eat_kw("INCREMENT") {
            body.increment = Some(increment(p)?);
        }
        body.ordered = order(p);
        body.comment = comment_clause(p)?;
        Ok(body)
    }

    fn parse_alter(p: &mut Parser<'_>) -> Result<SequenceAlter, SqlError> {
        if p.eat_kws(&["UNSET", "COMMENT"]) {
            return Ok(SequenceAlter::UnsetComment);
        }
        let set = p.eat_kw("SET");
        if p.eat_kw("INCREMENT") {
            return Ok(SequenceAlter::Increment(increment(p)?));
        }
        if !set {
            return Err(p.error());
        }
        let ordered = order(p);
        let comment = comment_clause(p)?;
        if ordered.is_none() && comment.is_none() {
            // `SET` alone, or `SET START …`: START cannot be altered.
            return Err(p.error());
        }
        Ok(SequenceAlter::Set { ordered, comment })
    }

    fn create(
        _: &mut Catalog,
        _: &ObjectName,
        mut meta: Meta,
        body: SequenceBody,
        _: &Names<'_>,
    ) -> Result<Sequence, SqlError> {
        meta.comment = body.comment;
        Ok(Sequence {
            meta,
            // START and INCREMENT default to 1
            // (https://docs.snowflake.com/en/sql-reference/sql/create-sequence).
            start: body.start.unwrap_or(1),
            increment: check_increment(body.increment.unwrap_or(1))?,
            // NOORDER unless NOORDER_SEQUENCE_AS_DEFAULT is turned off, which the sandbox
            // does not emulate (same page, and bundle 2024_01:
            // https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_01/bcr-1483).
            ordered: body.ordered.unwrap_or(false),
        })
    }

    fn alter(
        &mut self,
        _: &Catalog,
        _: &ObjectName,
        action: SequenceAlter,
        _: super::Stamp,
        _: &super::Names<'_>,
    ) -> Result<(), SqlError> {
        match action {
            SequenceAlter::Increment(n) => self.increment = check_increment(n)?,
            SequenceAlter::Set { ordered, comment } => {
                // A sequence may go from ORDER to NOORDER, not back
                // (https://docs.snowflake.com/en/sql-reference/sql/alter-sequence,
                // `{ ORDER | NOORDER }`; the properties themselves:
                // https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_01/bcr-1483);
                // the docs name no error code, so it is the invalid-value one.
                if ordered == Some(true) && !self.ordered {
                    return Err(SqlError::invalid_value("ORDER", "NOORDER to ORDER"));
                }
                if let Some(ordered) = ordered {
                    self.ordered = ordered;
                }
                if comment.is_some() {
                    self.meta.comment = comment;
                }
            }
            SequenceAlter::UnsetComment => self.meta.comment = None,
        }
        Ok(())
    }
}

/// The sequence a column default draws from, when the default is `<sequence>.NEXTVAL`
/// (https://docs.snowflake.com/en/user-guide/querying-sequences#using-sequences-as-default-column-values).
pub(crate) fn nextval_sequence(default: &str) -> Option<RawName> {
    let mut p = Parser::new(default).ok()?;
    // A name reads at most three parts: `db.schema.seq` leaves `.NEXTVAL` behind.
    let mut name = p.name().ok()?;
    let last = if p.eat_sym(".") {
        p.ident().ok()?
    } else {
        name.parts.pop()?
    };
    if !p.at_end() || name.parts.is_empty() || last.as_str() != "NEXTVAL" {
        return None;
    }
    Some(name)
}

/// SHOW SEQUENCES (https://docs.snowflake.com/en/sql-reference/sql/show-sequences): the
/// page lists no output columns, so these are the columns and order Snowflake answers
/// with, `ordered` as `Y` / `N`
/// (https://docs.snowflake.com/en/release-notes/bcr-bundles/2023_06/bcr-1225) and
/// `owner_role_type` (https://docs.snowflake.com/en/release-notes/bcr-bundles/2023_04/bcr-747).
impl ShowRows for Sequence {
    const SHOW: &'static str = "SHOW SEQUENCES";
    const COLUMNS: &'static [(&'static str, &'static str)] = &[
        ("created_on", "timestamp_ltz"),
        ("name", "text"),
        ("schema_name", "text"),
        ("database_name", "text"),
        ("next_value", "fixed"),
        ("interval", "fixed"),
        ("owner", "text"),
        ("comment", "text"),
        ("owner_role_type", "text"),
        ("ordered", "text"),
    ];

    fn in_schema(schema: &Schema) -> Vec<(&Ident, &Self)> {
        Sequence::map(schema).iter().collect()
    }

    fn row(_: &Catalog, entry: &Entry<'_, Self>) -> Vec<Option<String>> {
        let s = entry.object;
        vec![
            stamp(s.meta.created_on),
            text(entry.name.as_str()),
            text(entry.schema.as_str()),
            text(entry.database.as_str()),
            text(s.start.to_string()),
            text(s.increment.to_string()),
            text(s.meta.owner.clone()),
            comment(&s.meta.comment),
            text("ROLE"),
            flag(s.ordered, "Y", "N"),
        ]
    }
}

/// DESCRIBE SEQUENCE (https://docs.snowflake.com/en/sql-reference/sql/desc-sequence):
/// the SHOW SEQUENCES columns for the one sequence.
impl DescribeRows for Sequence {
    fn describe(catalog: &Catalog, entry: &Entry<'_, Self>) -> QueryResult {
        render(catalog, std::slice::from_ref(entry))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::statement::parser::read_all;

    fn create(sql: &str) -> Result<SequenceBody, SqlError> {
        read_all(sql, Sequence::parse_create)
    }

    fn alter(sql: &str) -> Result<SequenceAlter, SqlError> {
        read_all(sql, Sequence::parse_alter)
    }

    #[test]
    fn create_reads_every_documented_spelling() {
        let full = SequenceBody {
            start: Some(-5),
            increment: Some(10),
            ordered: Some(true),
            comment: Some("ids".into()),
        };
        for sql in [
            "with start with = -5 increment by = 10 order comment = 'ids'",
            "start -5 increment 10 order comment = 'ids'",
            "start = -5 increment = 10 order comment = 'ids'",
        ] {
            assert_eq!(create(sql).unwrap(), full, "{sql}");
        }
        assert_eq!(create("").unwrap(), SequenceBody::default());
        assert_eq!(create("noorder").unwrap().ordered, Some(false));
        // The clauses come in the documented order.
        assert_eq!(create("increment 2 start 1").unwrap_err().code, "001003");
        assert_eq!(create("start 1.5").unwrap_err().code, "001003");
    }

    #[test]
    fn alter_has_no_start() {
        assert_eq!(
            alter("set increment by = -2").unwrap(),
            SequenceAlter::Increment(-2)
        );
        assert_eq!(alter("increment 3").unwrap(), SequenceAlter::Increment(3));
        assert_eq!(
            alter("set noorder comment = 'c'").unwrap(),
            SequenceAlter::Set {
                ordered: Some(false),
                comment: Some("c".into())
            }
        );
        assert_eq!(alter("unset comment").unwrap(), SequenceAlter::UnsetComment);
        for sql in ["set start = 5", "start with 5", "set", "unset increment"] {
            assert_eq!(alter(sql).unwrap_err().code, "001003", "{sql}");
        }
    }

    #[test]
    fn nextval_defaults_name_their_sequence() {
        let name = |s: &str| nextval_sequence(s).map(|n| n.to_string());
        assert_eq!(name("seq.nextval").as_deref(), Some("SEQ"));
        assert_eq!(name("d.s.\"Ids\".NEXTVAL").as_deref(), Some("D.S.\"Ids\""));
        assert_eq!(name("nextval"), None);
        assert_eq!(name("seq.nextval + 1"), None);
        assert_eq!(name("'x'"), None);
    }
}
