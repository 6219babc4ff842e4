//! `TRUNCATE [ TABLE ] [ IF EXISTS ] <name>`
//! (https://docs.snowflake.com/en/sql-reference/sql/truncate-table).

use super::parser::{Parser, RawName};
use crate::sandbox::error::SqlError;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Truncate {
    pub(crate) if_exists: bool,
    pub(crate) name: RawName,
}

/// Parses what follows `TRUNCATE`.
pub(crate) fn truncate(p: &mut Parser) -> Result<Truncate, SqlError> {
    p.eat_kw("TABLE");
    let if_exists = p.eat_kws(&["IF", "EXISTS"]);
    let name = p.name()?;
    Ok(Truncate { if_exists, name })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(sql: &str) -> Result<Truncate, SqlError> {
        let mut p = Parser::new(sql)?;
        let t = truncate(&mut p)?;
        p.expect_end()?;
        Ok(t)
    }

    #[test]
    fn the_table_keyword_and_if_exists_are_optional() {
        let t = parse("table if exists db.s.t").unwrap();
        assert!(t.if_exists);
        assert_eq!(t.name.to_string(), "DB.S.T");
        let t = parse("t").unwrap();
        assert!(!t.if_exists);
        assert_eq!(parse("table").unwrap_err().code, "001003");
        assert_eq!(parse("table t cascade").unwrap_err().code, "001003");
    }
}
