//! Virtual columns of tables: `<col_name> <col_type> [ GENERATED ALWAYS ] AS ( <expr> ) [
//! VIRTUAL ]` in CREATE TABLE and ALTER TABLE … ADD COLUMN, and the rules Snowflake
//! documents for them (https://docs.snowflake.com/en/sql-reference/virtual-columns):
//! * the expression may not use non-deterministic functions (the page names RANDOM,
//!   CURRENT_TIMESTAMP, CURRENT_DATE and UUID_STRING), aggregate or window functions
//!   (011201), subqueries (011202), bind variables (011203), session variables (011204)
//!   or positional column references (011205);
//! * a virtual column takes no NOT NULL (011207) and no DEFAULT (the page gives no code
//!   for the latter: the sandbox's chosen 002043);
//! * a column a virtual column refers to cannot be dropped (011208).
//!
//! DESCRIBE TABLE shows the column's `kind` VIRTUAL and its `expression`, SHOW COLUMNS
//! `VIRTUAL_COLUMN` (`catalog/table/mod.rs`, `show/columns.rs`). Not checked: the
//! declared type against the expression's (001482: the sandbox infers no expression
//! types here) and references to columns defined later.

use super::Column;
use crate::model::identifier::Ident;
use crate::sandbox::error::SqlError;
use crate::sql::{Token, TokenKind, tokenize};

/// The functions the page names as non-deterministic, and the aggregates it names.
const FORBIDDEN_FUNCTIONS: [&str; 11] = [
    "RANDOM",
    "CURRENT_TIMESTAMP",
    "CURRENT_DATE",
    "CURRENT_TIME",
    "UUID_STRING",
    "SUM",
    "AVG",
    "COUNT",
    "MIN",
    "MAX",
    "SEQ8",
];

/// The significant tokens of an expression; one that does not lex is refused by the
/// caller's parser already, so an error here leaves nothing to check.
fn tokens(expression: &str) -> Vec<Token> {
    tokenize(expression)
        .map(|all| all.into_iter().filter(|t| !t.is_trivia()).collect())
        .unwrap_or_default()
}

/// The expression's and the column's rules (see the module comment).
pub(crate) fn check(column: &Column, expression: &str) -> Result<(), SqlError> {
    let name = column.name.to_sql();
    if !column.nullable {
        return Err(SqlError::virtual_column_not_null(&name));
    }
    if column.default.is_some() || column.identity.is_some() {
        return Err(SqlError::unsupported(format!(
            "Virtual column {name} cannot have a default value."
        )));
    }
    match forbidden(expression) {
        Some((code, what)) => Err(SqlError::virtual_column_usage(code, &what, &name)),
        None => Ok(()),
    }
}

/// The first use of what a computed expression may not contain (a subquery; a window,
/// aggregate, non-deterministic or context function; a bind or session variable; a
/// positional reference), with its code in the virtual-columns page's error reference and
/// how that page names it; CHECK constraints forbid the same.
pub(crate) fn forbidden(expression: &str) -> Option<(&'static str, String)> {
    let tokens = tokens(expression);
    for (i, t) in tokens.iter().enumerate() {
        let called = tokens.get(i + 1).is_some_and(|n| n.is_symbol("("));
        if t.is_keyword("SELECT") {
            return Some(("011202", "subquery".to_string()));
        }
        if t.is_keyword("OVER") && called {
            return Some(("011201", "window function".to_string()));
        }
        if called && let Some(function) = FORBIDDEN_FUNCTIONS.iter().find(|f| t.is_keyword(f)) {
            return Some(("011201", format!("non-deterministic {function} function")));
        }
        if t.is_symbol("?") || (t.is_symbol(":") && i == 0) {
            return Some(("011203", "bind variable".to_string()));
        }
        if t.kind == TokenKind::Positional {
            // `$1` is positional; `$name` is a session variable.
            let positional = t
                .value
                .get(1..)
                .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
            return Some(if positional {
                ("011205", "column positional reference".to_string())
            } else {
                ("011204", "session variable".to_string())
            });
        }
    }
    None
}

/// The columns an expression names: its words and quoted identifiers that are not
/// called (`f(`), not a type after `::`, and not a field of a path after `:` or `.`.
pub(crate) fn referenced(expression: &str) -> Vec<Ident> {
    let tokens = tokens(expression);
    tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            let after = i
                .checked_sub(1)
                .and_then(|p| tokens.get(p))
                .is_some_and(|p| p.is_symbol("::") || p.is_symbol(":") || p.is_symbol("."));
            let called = tokens.get(i + 1).is_some_and(|n| n.is_symbol("("));
            !after && !called && matches!(t.kind, TokenKind::Word | TokenKind::QuotedIdent)
        })
        .map(|(_, t)| match t.kind {
            TokenKind::QuotedIdent => Ident::from_stored(t.value.clone()),
            _ => Ident::from_stored(t.value.to_uppercase()),
        })
        .collect()
}

/// Dropping `dropped` is refused while a virtual column of `columns` other than itself
/// refers to it.
pub(crate) fn check_drop(columns: &[Column], dropped: &Ident) -> Result<(), SqlError> {
    for c in columns {
        if &c.name != dropped
            && let Some(expression) = &c.expression
            && referenced(expression).contains(dropped)
        {
            return Err(SqlError::virtual_column_dependency(
                &dropped.to_sql(),
                &c.name.to_sql(),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_skip_functions_types_and_paths() {
        let names: Vec<String> = referenced("UPPER(a) || b::VARCHAR || v:c.d || \"Q\"")
            .iter()
            .map(|i| i.as_str().to_string())
            .collect();
        assert_eq!(names, ["A", "B", "V", "Q"]);
    }
}
