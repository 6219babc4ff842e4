//! The pipe operator `->>` (https://docs.snowflake.com/en/sql-reference/operators-flow): a
//! chain of statements run in order, where `$n` in a FROM clause is the result of the n-th
//! statement before the current one, "equivalent to the result set returned by the
//! RESULT_SCAN function that was passed the query ID of the previous statement" (usage
//! notes). So each `FROM $n` becomes `FROM TABLE(RESULT_SCAN('<query id>'))` before its
//! statement runs, and the binder reads the earlier result as it reads any RESULT_SCAN.
//! `$n` elsewhere (a SELECT list's `$1`) stays a column: "the `$n` parameter for a pipe
//! number is only valid in the FROM clause".

use std::ops::Range;

use crate::sandbox::error::SqlError;
use crate::sql::{Token, TokenKind, tokenize};

/// The byte ranges of a chain's statements, trimmed; `None` when `sql` holds no `->>`. An
/// empty statement before or after a `->>` is a syntax error at the operator.
pub(super) fn parts(sql: &str) -> Result<Option<Vec<Range<usize>>>, SqlError> {
    let Ok(tokens) = tokenize(sql) else {
        return Ok(None);
    };
    let pipes: Vec<&Token> = tokens.iter().filter(|t| t.is_symbol("->>")).collect();
    if pipes.is_empty() {
        return Ok(None);
    }
    let mut parts = Vec::with_capacity(pipes.len() + 1);
    let mut start = 0;
    for bound in pipes
        .iter()
        .map(|t| (t.start, t.end))
        .chain([(sql.len(), sql.len())])
    {
        let piece = trimmed(sql, start..bound.0);
        if piece.is_empty() {
            let at = if bound.0 < sql.len() {
                bound.0
            } else {
                start.saturating_sub(3)
            };
            return Err(SqlError::syntax(sql, at, "->>"));
        }
        parts.push(piece);
        start = bound.1;
    }
    // The chain ends with the request's `;`: the last statement is taken without it.
    if let Some(last) = parts.last_mut() {
        let text = &sql[last.clone()];
        let kept = text.trim_end_matches(|c: char| c == ';' || c.is_whitespace());
        last.end = last.start + kept.len();
    }
    Ok(Some(parts))
}

/// `range` without the whitespace at its ends.
fn trimmed(sql: &str, range: Range<usize>) -> Range<usize> {
    let text = &sql[range.clone()];
    let start = range.start + (text.len() - text.trim_start().len());
    let end = range.end - (text.len() - text.trim_end().len());
    start..end.max(start)
}

/// One statement of the chain with each `FROM $n` / `JOIN $n` replaced by the
/// RESULT_SCAN of the n-th earlier statement (`ran`: their query ids, oldest first). A
/// pipe number past the chain's start is refused (the docs give no error: a syntax error
/// at the number is chosen).
pub(super) fn resolve(statement: &str, ran: &[String]) -> Result<String, SqlError> {
    let Ok(tokens) = tokenize(statement) else {
        return Ok(statement.to_string());
    };
    let significant: Vec<&Token> = tokens.iter().filter(|t| !t.is_trivia()).collect();
    let from_items = from_items(&significant);
    let mut out = String::with_capacity(statement.len());
    let mut copied = 0;
    for (i, token) in significant.iter().enumerate() {
        if token.kind != TokenKind::Positional || !from_items.get(i).copied().unwrap_or(false) {
            continue;
        }
        let back: usize = token.value[1..].parse().unwrap_or(0);
        let id = (back >= 1)
            .then(|| ran.len().checked_sub(back))
            .flatten()
            .and_then(|i| ran.get(i))
            .ok_or_else(|| SqlError::syntax(statement, token.start, &token.value))?;
        out.push_str(&statement[copied..token.start]);
        out.push_str(&format!(
            "TABLE(RESULT_SCAN({}))",
            crate::sql::quote::literal(id)
        ));
        copied = token.end;
    }
    out.push_str(&statement[copied..]);
    Ok(out)
}

/// For each significant token, whether it starts an item of a FROM clause: it follows
/// `FROM`, `JOIN`, or a `,` of the FROM list it is in (at its parenthesis depth, before the
/// clause that ends the list).
fn from_items(tokens: &[&Token]) -> Vec<bool> {
    // The clauses that end a FROM clause (`sql::references`), a new SELECT, and a join's
    // condition.
    let ends = |token: &Token| {
        crate::sql::references::ENDS_FROM_CLAUSE
            .iter()
            .chain(&["SELECT", "ON", "USING"])
            .any(|k| token.is_keyword(k))
    };
    // Per parenthesis depth: whether its tokens are in a FROM list.
    let mut in_from = vec![false];
    let mut items = vec![false; tokens.len()];
    for (i, token) in tokens.iter().enumerate() {
        if token.is_symbol("(") {
            in_from.push(false);
        } else if token.is_symbol(")") {
            in_from.pop();
            if in_from.is_empty() {
                in_from.push(false);
            }
        } else if token.is_keyword("FROM") || token.is_keyword("JOIN") {
            if let Some(f) = in_from.last_mut() {
                *f = true;
            }
        } else if ends(token) {
            // ON / USING end a join's source but not the list: the next JOIN or `,`
            // starts another item, and a `,` inside ON's expression is in parentheses.
            let list_goes_on = token.is_keyword("ON") || token.is_keyword("USING");
            if let Some(f) = in_from.last_mut() {
                *f = list_goes_on && *f;
            }
        }
        let before = i.checked_sub(1).and_then(|p| tokens.get(p));
        items[i] = in_from.last().copied().unwrap_or(false)
            && before
                .is_some_and(|b| b.is_keyword("FROM") || b.is_keyword("JOIN") || b.is_symbol(","));
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_splits_on_its_operators_only() {
        let sql = "SHOW WAREHOUSES\n  ->> SELECT '->>' AS x FROM $1;";
        let ranges = parts(sql).unwrap().unwrap();
        let texts: Vec<&str> = ranges.iter().map(|r| &sql[r.clone()]).collect();
        assert_eq!(texts, ["SHOW WAREHOUSES", "SELECT '->>' AS x FROM $1"]);
        assert!(parts("select 1").unwrap().is_none());
        assert_eq!(parts("select 1 ->> ").unwrap_err().code, "001003");
        assert_eq!(parts("->> select 1").unwrap_err().code, "001003");
    }

    #[test]
    fn pipe_numbers_count_back_from_the_current_statement() {
        let ran = ["q1".to_string(), "q2".to_string()];
        assert_eq!(
            resolve("select $1 from $1 join $2 on true", &ran).unwrap(),
            "select $1 from TABLE(RESULT_SCAN('q2')) join TABLE(RESULT_SCAN('q1')) on true"
        );
        // A FROM list's later items too, but not a call's arguments or a SELECT list.
        assert_eq!(
            resolve("select $1, $2 from $1, $2 where f($1, $2)", &ran).unwrap(),
            "select $1, $2 from TABLE(RESULT_SCAN('q2')), TABLE(RESULT_SCAN('q1')) where f($1, $2)"
        );
        assert_eq!(
            resolve("select * from table(f($1, $2))", &ran).unwrap(),
            "select * from table(f($1, $2))"
        );
        assert_eq!(
            resolve("select * from $3", &ran).unwrap_err().code,
            "001003"
        );
        assert_eq!(
            resolve("select * from $0", &ran).unwrap_err().code,
            "001003"
        );
    }
}
