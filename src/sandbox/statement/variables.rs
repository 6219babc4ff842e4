//! Session variables' statements: `SET`, `UNSET` and `SHOW VARIABLES`
//! (https://docs.snowflake.com/en/sql-reference/sql/set,
//! https://docs.snowflake.com/en/sql-reference/sql/unset,
//! https://docs.snowflake.com/en/sql-reference/sql/show-variables). The values are
//! expressions the engine evaluates; the parser keeps their text.

use super::parser::Parser;
use crate::model::identifier::Ident;
use crate::sandbox::error::SqlError;

/// `SET <var> = <expr>` or `SET ( <var> [ , … ] ) = ( <expr> [ , … ] )`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SetVariables {
    pub(crate) names: Vec<Ident>,
    /// The expressions, in order: "all of the expressions on the right-hand side" are
    /// evaluated "before setting the first expression on the left-hand side" (the SET
    /// page's example).
    pub(crate) values: Vec<SetValue>,
}

/// One expression of a SET.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SetValue {
    /// The expression as written; for a query in parentheses (`(SELECT …)`, "queries
    /// that return a single result",
    /// https://docs.snowflake.com/en/sql-reference/session-variables), the query.
    pub(crate) text: String,
    pub(crate) query: bool,
    /// Where `text` starts in the statement: an error in it is told there.
    pub(crate) at: usize,
}

/// After `SET`.
pub(crate) fn set(p: &mut Parser) -> Result<SetVariables, SqlError> {
    let names = names(p)?;
    p.expect_sym("=")?;
    let (from, to) = if names.len() > 1 || (p.is_sym("(") && list_on_the_left(p)) {
        // `( <expr> [ , … ] )`: the expressions inside the parentheses.
        p.skip_parens()?
    } else {
        let from = p.mark();
        p.rest();
        (from, p.mark())
    };
    let mut values = Vec::new();
    for (first, end) in split_commas(p, from, to) {
        if first >= end {
            return Err(p
                .tokens()
                .get(first)
                .map_or_else(|| p.error(), |t| p.error_at(t)));
        }
        let tokens = p.tokens();
        let query = tokens[first].is_symbol("(")
            && closing(p, first) == Some(end - 1)
            && tokens
                .get(first + 1)
                .is_some_and(|t| t.is_keyword("SELECT") || t.is_keyword("WITH"));
        let (a, b) = if query {
            (first + 1, end - 1)
        } else {
            (first, end)
        };
        values.push(SetValue {
            text: p.text_between(a, b).to_string(),
            query,
            at: tokens.get(a).map_or(0, |t| t.start),
        });
    }
    if values.is_empty() {
        return Err(p.error());
    }
    Ok(SetVariables { names, values })
}

/// The token ranges between the commas of `[from, to)` at its own parenthesis depth.
fn split_commas(p: &Parser, from: usize, to: usize) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut depth = 0usize;
    let mut start = from;
    for (i, token) in p.tokens().iter().enumerate().take(to).skip(from) {
        if token.is_symbol("(") || token.is_symbol("[") {
            depth += 1;
        } else if token.is_symbol(")") || token.is_symbol("]") {
            depth = depth.saturating_sub(1);
        } else if token.is_symbol(",") && depth == 0 {
            ranges.push((start, i));
            start = i + 1;
        }
    }
    if start < to || !ranges.is_empty() {
        ranges.push((start, to));
    }
    ranges
}

/// The index of the `)` closing the `(` at `open`.
fn closing(p: &Parser, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, token) in p.tokens().iter().enumerate().skip(open) {
        if token.is_symbol("(") {
            depth += 1;
        } else if token.is_symbol(")") {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// Whether the statement's left side was a parenthesized list (`SET (a) = (1)`): then the
/// right side is a list too, while `SET a = (SELECT …)` is one expression.
fn list_on_the_left(p: &Parser) -> bool {
    p.tokens().get(1).is_some_and(|t| t.is_symbol("("))
}

/// After `UNSET`: `<var>` or `( <var> [ , … ] )`.
pub(crate) fn unset(p: &mut Parser) -> Result<Vec<Ident>, SqlError> {
    names(p)
}

/// `<var>` or `( <var> [ , <var> … ] )`.
fn names(p: &mut Parser) -> Result<Vec<Ident>, SqlError> {
    if p.eat_sym("(") {
        let mut names = vec![p.ident()?];
        while p.eat_sym(",") {
            names.push(p.ident()?);
        }
        p.expect_sym(")")?;
        Ok(names)
    } else {
        Ok(vec![p.ident()?])
    }
}

/// After `SHOW VARIABLES`: `[ LIKE '<pattern>' ]`.
pub(crate) fn show(p: &mut Parser) -> Result<Option<String>, SqlError> {
    if p.eat_kw("LIKE") {
        return Ok(Some(p.string()?));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_set(sql: &str) -> Result<SetVariables, SqlError> {
        let mut p = Parser::new(sql).unwrap();
        p.expect_kw("SET").unwrap();
        let set = set(&mut p)?;
        p.expect_end()?;
        Ok(set)
    }

    #[test]
    fn one_variable_takes_the_whole_expression() {
        let set = parse_set("SET id_threshold = (SELECT COUNT(*)/2 FROM table1)").unwrap();
        assert_eq!(set.names, [Ident::from_stored("ID_THRESHOLD")]);
        assert_eq!(set.values.len(), 1);
        assert!(set.values[0].query);
        assert_eq!(set.values[0].text, "SELECT COUNT(*)/2 FROM table1");
        assert_eq!(set.values[0].at, "SET id_threshold = (".len());
        let set = parse_set("SET v = (1 + 2) * 3").unwrap();
        assert!(!set.values[0].query);
        assert_eq!(set.values[0].text, "(1 + 2) * 3");
    }

    #[test]
    fn a_list_takes_the_expressions_inside_its_parentheses() {
        let set = parse_set("set (min, max) = (50, 2 * f($min, 1))").unwrap();
        let texts: Vec<&str> = set.values.iter().map(|v| v.text.as_str()).collect();
        assert_eq!(texts, ["50", "2 * f($min, 1)"]);
        assert_eq!(set.values[1].at, "set (min, max) = (50, ".len());
        let set = parse_set(
            "SET (current_user, current_warehouse) = ((SELECT CURRENT_USER()), (SELECT CURRENT_WAREHOUSE()))",
        )
        .unwrap();
        assert!(set.values.iter().all(|v| v.query));
        assert_eq!(set.values[1].text, "SELECT CURRENT_WAREHOUSE()");
    }

    #[test]
    fn malformed_sets_are_syntax_errors() {
        assert_eq!(parse_set("SET v").unwrap_err().code, "001003");
        assert_eq!(parse_set("SET v =").unwrap_err().code, "001003");
        assert_eq!(
            parse_set("SET (a, b) = (1, 2) x").unwrap_err().code,
            "001003"
        );
        assert_eq!(parse_set("SET (a, b) = (1, )").unwrap_err().code, "001003");
    }
}
