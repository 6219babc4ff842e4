//! `INSERT [OVERWRITE] INTO t [(columns)] { SELECT … | VALUES (…), … }` and the
//! multi-table `INSERT [OVERWRITE] { ALL | FIRST } …` forms: read far enough to check the
//! tables, their columns and what the query reads (a rebuild copies rows this way); the
//! emulator stores no rows.

use super::parser::{Parser, RawName};
use super::references::referenced_names;
use crate::model::identifier::Ident;
use crate::sandbox::error::SqlError;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Insert {
    /// The table written: one, or each INTO of a multi-table INSERT in order.
    pub(crate) tables: Vec<RawName>,
    /// The single-table form's column list (the binder checks a multi-table INSERT's).
    pub(crate) columns: Vec<Ident>,
    /// Objects the SELECT reads.
    pub(crate) references: Vec<RawName>,
    /// Tuples of a VALUES list (0 for a SELECT).
    pub(crate) values_rows: u64,
}

pub(crate) fn insert(p: &mut Parser) -> Result<Insert, SqlError> {
    p.eat_kw("OVERWRITE");
    if p.is_kw("ALL") || p.is_kw("FIRST") {
        return multi_table(p);
    }
    p.expect_kw("INTO")?;
    let table = p.name()?;
    let columns = column_list(p)?;
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
            tables: vec![table],
            columns,
            references: Vec::new(),
            values_rows: rows,
        });
    }
    Ok(Insert {
        tables: vec![table],
        columns,
        references: subquery(p)?,
        values_rows: 0,
    })
}

/// `( c , … )` after a table name, unless `(` starts a parenthesised SELECT.
fn column_list(p: &mut Parser) -> Result<Vec<Ident>, SqlError> {
    let mut columns = Vec::new();
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
    Ok(columns)
}

/// The SELECT that ends an INSERT: the objects it reads.
fn subquery(p: &mut Parser) -> Result<Vec<RawName>, SqlError> {
    let start = p.mark();
    if !(p.is_kw("SELECT") || p.is_kw("WITH") || p.is_sym("(")) {
        return Err(p.error());
    }
    let references = referenced_names(&p.tokens()[start..]);
    p.rest();
    Ok(references)
}

/// `{ ALL | FIRST }` then the INTO clauses, unconditional (ALL only) or under `WHEN <cond>
/// THEN` with an optional `ELSE`, then the subquery
/// (https://docs.snowflake.com/en/sql-reference/sql/insert-multi-table):
/// `INTO t [ ( c , … ) ] [ VALUES ( { source column | DEFAULT | NULL } , … ) ]`.
fn multi_table(p: &mut Parser) -> Result<Insert, SqlError> {
    let first = p.eat_kw("FIRST");
    if !first {
        p.expect_kw("ALL")?;
    }
    let mut tables = Vec::new();
    if p.is_kw("WHEN") {
        while p.eat_kw("WHEN") {
            condition(p)?;
            into_clauses(p, &mut tables)?;
        }
        if p.eat_kw("ELSE") {
            into_clauses(p, &mut tables)?;
        }
    } else if first {
        // FIRST picks the first WHEN that holds: it has no unconditional form.
        return Err(p.error());
    } else {
        into_clauses(p, &mut tables)?;
    }
    Ok(Insert {
        tables,
        columns: Vec::new(),
        references: subquery(p)?,
        values_rows: 0,
    })
}

/// A WHEN condition: every token up to `THEN` outside parentheses and CASE … END, then
/// THEN.
fn condition(p: &mut Parser) -> Result<(), SqlError> {
    let start = p.mark();
    let mut depth = 0usize;
    while let Some(token) = p.peek() {
        if depth == 0 && token.is_keyword("THEN") {
            break;
        }
        if token.is_symbol("(") || token.is_keyword("CASE") {
            depth += 1;
        } else if token.is_symbol(")") || token.is_keyword("END") {
            depth = depth.checked_sub(1).ok_or_else(|| p.error())?;
        }
        p.advance();
    }
    if p.mark() == start {
        return Err(p.error());
    }
    p.expect_kw("THEN")
}

/// One or more `INTO t [ ( c , … ) ] [ VALUES ( … ) ]`.
fn into_clauses(p: &mut Parser, tables: &mut Vec<RawName>) -> Result<(), SqlError> {
    p.expect_kw("INTO")?;
    loop {
        tables.push(p.name()?);
        column_list(p)?;
        if p.eat_kw("VALUES") {
            p.skip_parens()?;
        }
        if !p.eat_kw("INTO") {
            return Ok(());
        }
    }
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
        assert_eq!(i.tables[0].to_string(), "T_NEW");
        let mut p = Parser::new("overwrite into t values (1, 'a'), (2, 'b')").unwrap();
        let i = insert(&mut p).unwrap();
        assert!(p.at_end());
        assert_eq!(i.values_rows, 2);
        let mut p = Parser::new("into t delete").unwrap();
        assert!(insert(&mut p).is_err());
    }

    #[test]
    fn multi_table_forms() {
        let tables = |sql: &str| -> Vec<String> {
            let mut p = Parser::new(sql).unwrap();
            let i = insert(&mut p).unwrap();
            assert!(p.at_end(), "{sql}");
            i.tables.iter().map(|t| t.to_string()).collect()
        };
        assert_eq!(
            tables(
                "all into t1 into t1 (c1, c2, c3) values (n2, n1, default) \
                 into t2 (c1, c2, c3) into t2 values (n3, n2, n1) select n1, n2, n3 from src"
            ),
            ["T1", "T1", "T2", "T2"]
        );
        assert_eq!(
            tables(
                "overwrite first when n1 > 100 then into t1 when n1 > 10 then into t1 into t2 \
                 else into t2 select n1 from src"
            ),
            ["T1", "T1", "T2", "T2"]
        );
        // FIRST takes WHEN clauses only; a WHEN needs a condition and THEN.
        for bad in [
            "first into t1 select 1",
            "all when then into t1 select 1",
            "all when a > 1 into t1 select 1",
            "all into t1",
        ] {
            let mut p = Parser::new(bad).unwrap();
            assert!(insert(&mut p).is_err(), "{bad}");
        }
    }
}
