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
use crate::sandbox::error::SqlError;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Undrop {
    pub(crate) kind: ObjectNoun,
    pub(crate) name: RawName,
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
    let name = p.name()?;
    Ok(Undrop { kind, name })
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
    }
}
