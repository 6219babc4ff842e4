//! `INSERT [OVERWRITE] INTO t [(columns)] { SELECT … | VALUES (…), … }`: read far enough
//! to check the table, its columns and what the query reads (a rebuild copies rows this
//! way); the emulator stores no rows.

use super::parser::{Parser, RawName};
use super::references::referenced_names;
use crate::model::identifier::Ident;
use crate::sandbox::error::SqlError;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Insert {
    pub(crate) table: RawName,
    pub(crate) columns: Vec<Ident>,
    /// Objects the SELECT reads.
    pub(crate) references: Vec<RawName>,
    /// Tuples of a VALUES list (0 for a SELECT).
    pub(crate) values_rows: u64,
}

pub(crate) fn insert(p: &mut Parser) -> Result<Insert, SqlError> {
    p.eat_kw("OVERWRITE");
    p.expect_kw("INTO")?;
    let table = p.name()?;
    let mut columns = Vec::new();
    // `(` here opens a column list unless it starts a parenthesised SELECT.
    if p.is_sym("(") && !p.is_kw_at(1, "SELECT") && !p.is_kw_at(1, "WITH") {
        p.advance();
        loop {
            columns.push(p.ident()?);
            if !p.eat_sym(",") {
                break;
            }
        }
        p.expect_sym(")")?;
    }
    if p.eat_kw("VALUES") {
        let mut rows = 0;
        loop {
            p.skip_parens()?;
            rows += 1;
            if !p.eat_sym(",") {
                break;
            }
        }
        return Ok(Insert {
            table,
            columns,
            references: Vec::new(),
            values_rows: rows,
        });
    }
    let start = p.mark();
    if !(p.is_kw("SELECT") || p.is_kw("WITH") || p.is_sym("(")) {
        return Err(p.error());
    }
    let references = referenced_names(&p.tokens()[start..]);
    p.rest();
    Ok(Insert {
        table,
        columns,
        references,
        values_rows: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn select_and_values_forms() {
        let mut p = Parser::new("into t_new (a, b) select a, cast(b as varchar) from t").unwrap();
        let i = insert(&mut p).unwrap();
        assert_eq!(i.columns.len(), 2);
        assert_eq!(i.references[0].to_string(), "T");
        let mut p = Parser::new("overwrite into t values (1, 'a'), (2, 'b')").unwrap();
        let i = insert(&mut p).unwrap();
        assert!(p.at_end());
        assert_eq!(i.values_rows, 2);
        let mut p = Parser::new("into t delete").unwrap();
        assert!(insert(&mut p).is_err());
    }
}
