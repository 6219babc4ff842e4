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
    /// The expressions as written, separated by their commas: what follows `SELECT` to
    /// evaluate them all at once, "all of the expressions on the right-hand side … before
    /// setting the first expression on the left-hand side" (the SET page's example).
    pub(crate) values: String,
    /// Where `values` starts in the statement: an error in them is told there.
    pub(crate) values_at: usize,
}

/// After `SET`.
pub(crate) fn set(p: &mut Parser) -> Result<SetVariables, SqlError> {
    let names = names(p)?;
    p.expect_sym("=")?;
    let (values, first) = if names.len() > 1 || (p.is_sym("(") && list_on_the_left(p)) {
        // `( <expr> [ , … ] )`: the text inside the parentheses.
        let (from, to) = p.skip_parens()?;
        (p.text_between(from, to).to_string(), from)
    } else {
        let from = p.mark();
        (p.rest().to_string(), from)
    };
    if values.trim().is_empty() {
        return Err(p.error());
    }
    let values_at = p.tokens().get(first).map_or(0, |t| t.start);
    Ok(SetVariables {
        names,
        values,
        values_at,
    })
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
        assert_eq!(set.values, "(SELECT COUNT(*)/2 FROM table1)");
    }

    #[test]
    fn a_list_takes_the_expressions_inside_its_parentheses() {
        let set = parse_set("set (min, max) = (50, 2 * $min)").unwrap();
        assert_eq!(set.names.len(), 2);
        assert_eq!(set.values, "50, 2 * $min");
        assert_eq!(set.values_at, "set (min, max) = (".len());
        let one = parse_set("set (v) = ((select 1))").unwrap();
        assert_eq!(one.values, "(select 1)");
    }

    #[test]
    fn malformed_sets_are_syntax_errors() {
        assert_eq!(parse_set("SET v").unwrap_err().code, "001003");
        assert_eq!(parse_set("SET v =").unwrap_err().code, "001003");
        assert_eq!(
            parse_set("SET (a, b) = (1, 2) x").unwrap_err().code,
            "001003"
        );
    }
}
