//! `UNDROP { DATABASE | SCHEMA | TABLE | DYNAMIC TABLE | TAG } <name>`
//! (https://docs.snowflake.com/en/sql-reference/sql/undrop-table,
//! https://docs.snowflake.com/en/sql-reference/sql/undrop-schema,
//! https://docs.snowflake.com/en/sql-reference/sql/undrop-database,
//! https://docs.snowflake.com/en/sql-reference/sql/undrop-dynamic-table,
//! https://docs.snowflake.com/en/sql-reference/sql/undrop-tag). Other kinds Snowflake can
//! undrop (accounts, Iceberg tables, external volumes, notebooks …) do not exist in the
//! sandbox; views and the rest cannot be undropped in Snowflake either, so they are
//! syntax errors here.

use super::ast::ObjectNoun;
use super::parser::{Parser, RawName};
use crate::model::identifier::Ident;
use crate::sandbox::error::SqlError;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Undrop {
    pub(crate) kind: ObjectNoun,
    /// The name; for `IDENTIFIER(<id>)`, the dropped version's own, filled in by the
    /// engine before anything else reads it (`engine/ddl/undrop.rs`).
    pub(crate) name: RawName,
    /// `IDENTIFIER(<id>)`: the system identifier of the version to restore.
    pub(crate) id: Option<u64>,
}

/// Parses what follows `UNDROP`.
pub(crate) fn undrop(p: &mut Parser) -> Result<Undrop, SqlError> {
    let kind = if p.eat_kw("DATABASE") {
        ObjectNoun::Database
    } else if p.eat_kw("SCHEMA") {
        ObjectNoun::Schema
    } else if p.eat_kw("TABLE") {
        ObjectNoun::Table
    } else if p.eat_kws(&["DYNAMIC", "TABLE"]) {
        ObjectNoun::DynamicTable
    } else if p.eat_kw("TAG") {
        ObjectNoun::Tag
    } else {
        return Err(p.error());
    };
    // `IDENTIFIER(<object id>)`, the numeric form, for tables, schemas and databases
    // ("You can only use the system-generated identifier with the IDENTIFIER() keyword
    // when executing the UNDROP command for notebooks, tables, block storage snapshots,
    // schemas, and databases": https://docs.snowflake.com/en/sql-reference/sql/undrop-table).
    let numeric = matches!(
        kind,
        ObjectNoun::Database | ObjectNoun::Schema | ObjectNoun::Table
    ) && p.is_kw("IDENTIFIER")
        && p.peek_at(1).is_some_and(|t| t.is_symbol("("))
        && p.peek_at(2)
            .is_some_and(|t| t.kind == crate::sql::TokenKind::Number);
    if numeric {
        p.advance();
        p.expect_sym("(")?;
        let at = p.peek().cloned();
        let id = p.unsigned()?;
        p.expect_sym(")")?;
        let written = at.map(|t| t.value).unwrap_or_default();
        return Ok(Undrop {
            kind,
            name: RawName::single(Ident::from_stored(written)),
            id: Some(id),
        });
    }
    let name = p.name()?;
    Ok(Undrop {
        kind,
        name,
        id: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(sql: &str) -> Result<Undrop, SqlError> {
        let mut p = Parser::new(sql)?;
        let u = undrop(&mut p)?;
        p.expect_end()?;
        Ok(u)
    }

    #[test]
    fn databases_schemas_and_tables_can_be_undropped() {
        assert_eq!(parse("database d").unwrap().kind, ObjectNoun::Database);
        assert_eq!(parse("schema d.s").unwrap().kind, ObjectNoun::Schema);
        let u = parse("table s.t").unwrap();
        assert_eq!(u.kind, ObjectNoun::Table);
        assert_eq!(u.name.to_string(), "S.T");
        assert_eq!(
            parse("dynamic table s.t").unwrap().kind,
            ObjectNoun::DynamicTable
        );
        assert_eq!(parse("tag t").unwrap().kind, ObjectNoun::Tag);
        assert_eq!(parse("dynamic t").unwrap_err().code, "001003");
        assert_eq!(parse("view v").unwrap_err().code, "001003");
        assert_eq!(parse("table if exists t").unwrap_err().code, "001003");
        let u = parse("table identifier(408578)").unwrap();
        assert_eq!(u.id, Some(408578));
        assert_eq!(parse("schema IDENTIFIER(798)").unwrap().id, Some(798));
        // Tags and dynamic tables take no system identifier.
        assert_eq!(parse("tag identifier(5)").unwrap_err().code, "001003");
        assert_eq!(parse("table identifier(-5)").unwrap_err().code, "001003");
    }
}
