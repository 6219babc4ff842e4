//! Session variables (https://docs.snowflake.com/en/sql-reference/session-variables): SET
//! evaluates its expressions and keeps their values in the session, UNSET drops them, SHOW
//! VARIABLES lists them, and a `$name` in a statement stands for its value.
//!
//! A variable "can be used anywhere a literal constant is allowed" (same page), and
//! `IDENTIFIER($v)` names an object by its string: so `$name` is replaced by its value
//! written as a literal of its type before the statement is parsed, which gives every
//! statement the sandbox reads (queries typed by the binder, `IDENTIFIER('…')` in DDL,
//! `CALL p(…)`, `EXECUTE IMMEDIATE '…'`, `USE WAREHOUSE IDENTIFIER(…)`) variables at once.
//! Errors found after the replacement point into the replaced text.

use crate::model::identifier::Ident;
use crate::sandbox::catalog::Stamp;
use crate::sandbox::error::SqlError;
use crate::sandbox::result::{QueryResult, ResultColumn};
use crate::sandbox::session::{SqlSession, Variable};
use crate::sandbox::show::pattern;
use crate::sandbox::statement::variables::SetVariables;
use crate::sql::{Token, TokenKind, tokenize};

/// "The identifier (that is, name) for a SQL variable is limited to 256 characters"
/// (https://docs.snowflake.com/en/sql-reference/sql/set).
const MAX_NAME_CHARS: usize = 256;
/// "The size of string or binary variables is limited to 16 KB" (same page).
const MAX_VALUE_BYTES: usize = 16 * 1024;
/// "Variable names such as CURRENT or PUBLIC are reserved for future use by Snowflake and
/// cannot be used" (same page; the docs name no others).
const RESERVED: [&str; 2] = ["CURRENT", "PUBLIC"];

/// `sql` with every `$name` replaced by its variable's value as a literal; `None` when it
/// names no variable (the text is used as it is). A `$name` the session does not define is
/// `002211` at its place.
pub(super) fn substitute(sql: &str, session: &SqlSession) -> Result<Option<String>, SqlError> {
    // A statement the lexer refuses is the parser's to report.
    let Ok(tokens) = tokenize(sql) else {
        return Ok(None);
    };
    if !tokens.iter().any(|t| t.kind == TokenKind::Variable) {
        return Ok(None);
    }
    let significant: Vec<&Token> = tokens.iter().filter(|t| !t.is_trivia()).collect();
    let items = select_items(&significant);
    let mut out = String::with_capacity(sql.len());
    let mut copied = 0;
    for (i, token) in significant.iter().enumerate() {
        if token.kind != TokenKind::Variable {
            continue;
        }
        let name = fold(&token.value);
        let variable = session
            .variables
            .get(&name)
            .ok_or_else(|| SqlError::undefined_variable(sql, token.start, name.as_str()))?;
        out.push_str(&sql[copied..token.start]);
        out.push_str(&literal(variable));
        // A select item that is the variable alone keeps its name as its column's:
        // `SELECT $max` answers a column `$MAX` (the SET page's example).
        if items.get(i).copied().unwrap_or(false) {
            out.push_str(&format!(" AS \"${}\"", name.as_str().replace('"', "\"\"")));
        }
        copied = token.end;
    }
    out.push_str(&sql[copied..]);
    Ok(Some(out))
}

/// For each significant token, whether it is a whole, unaliased select item: preceded by
/// its SELECT list's `SELECT`, `DISTINCT` or `,`, and followed by `,`, the list's end
/// (`FROM` and the clauses after it, a closing parenthesis) or the statement's end.
fn select_items(tokens: &[&Token]) -> Vec<bool> {
    const ENDS: [&str; 10] = [
        "FROM",
        "WHERE",
        "GROUP",
        "HAVING",
        "QUALIFY",
        "ORDER",
        "LIMIT",
        "UNION",
        "EXCEPT",
        "INTERSECT",
    ];
    // Per parenthesis depth: whether its tokens are in a SELECT list.
    let mut in_list = vec![false];
    let mut items = vec![false; tokens.len()];
    for (i, token) in tokens.iter().enumerate() {
        if token.is_symbol("(") {
            in_list.push(false);
            continue;
        }
        if token.is_symbol(")") {
            in_list.pop();
            if in_list.is_empty() {
                in_list.push(false);
            }
            continue;
        }
        let listing = in_list.last_mut();
        if token.is_keyword("SELECT") {
            if let Some(l) = listing {
                *l = true;
            }
            continue;
        }
        if ENDS.iter().any(|k| token.is_keyword(k)) {
            if let Some(l) = listing {
                *l = false;
            }
            continue;
        }
        if token.kind != TokenKind::Variable || !in_list.last().copied().unwrap_or(false) {
            continue;
        }
        let before = i.checked_sub(1).and_then(|p| tokens.get(p));
        let after = tokens.get(i + 1);
        let starts = before.is_some_and(|b| {
            b.is_keyword("SELECT") || b.is_keyword("DISTINCT") || b.is_symbol(",")
        });
        let ends = after.is_none_or(|a| {
            a.is_symbol(",")
                || a.is_symbol(")")
                || a.is_symbol(";")
                || ENDS.iter().any(|k| a.is_keyword(k))
        });
        items[i] = starts && ends;
    }
    items
}

/// A `$name` token's variable name, folded as an unquoted identifier.
fn fold(token: &str) -> Ident {
    Ident::from_stored(token.trim_start_matches('$').to_uppercase())
}

/// The value written as a literal of its type, so the binder types `$v` as the variable's
/// type: a number as written, a string quoted, any other type cast from its text.
fn literal(variable: &Variable) -> String {
    let sql_type = match variable.type_name {
        "fixed" => "NUMBER",
        "real" => "FLOAT",
        "text" => "VARCHAR",
        "boolean" => "BOOLEAN",
        "date" => "DATE",
        "time" => "TIME",
        "timestamp_ltz" => "TIMESTAMP_LTZ",
        "timestamp_ntz" => "TIMESTAMP_NTZ",
        "timestamp_tz" => "TIMESTAMP_TZ",
        "binary" => "BINARY",
        "array" => "ARRAY",
        "object" => "OBJECT",
        _ => "VARIANT",
    };
    match (&variable.value, variable.type_name) {
        (None, _) => format!("CAST(NULL AS {sql_type})"),
        (Some(v), "fixed" | "real") if v.parse::<f64>().is_ok() => {
            if v.starts_with('-') {
                format!("({v})")
            } else {
                v.clone()
            }
        }
        (Some(v), "text") => crate::sql::quote::literal(v),
        (Some(v), "boolean") if v == "true" || v == "false" => v.to_uppercase(),
        (Some(v), _) => format!("CAST({} AS {sql_type})", crate::sql::quote::literal(v)),
    }
}

/// Checks SET's names against the documented limits before anything is evaluated.
pub(super) fn check_names(set: &SetVariables) -> Result<(), SqlError> {
    for name in &set.names {
        if name.as_str().chars().count() > MAX_NAME_CHARS {
            return Err(SqlError::invalid_variable(&format!(
                "Variable name '{}' is longer than {MAX_NAME_CHARS} characters",
                name.as_str()
            )));
        }
        if RESERVED.contains(&name.as_str()) {
            return Err(SqlError::invalid_variable(&format!(
                "Variable name '{}' is reserved",
                name.as_str()
            )));
        }
    }
    Ok(())
}

/// Keeps the values `answer` (the evaluated `SELECT <exprs>`) gives for SET's names: the
/// first row's cells, NULL where a query gave no row, each with its column's type.
pub(super) fn assign(
    set: &SetVariables,
    answer: &QueryResult,
    session: &mut SqlSession,
    now: Stamp,
) -> Result<QueryResult, SqlError> {
    // "The number of expressions must match the number of variables to initialize."
    if answer.columns.len() != set.names.len() {
        return Err(SqlError::invalid_variable(&format!(
            "{} variables are set to {} values",
            set.names.len(),
            answer.columns.len()
        )));
    }
    let row = answer.rows.first();
    let mut values = Vec::with_capacity(set.names.len());
    for (i, (name, column)) in set.names.iter().zip(&answer.columns).enumerate() {
        let value = row.and_then(|r| r.get(i)).cloned().flatten();
        if matches!(column.type_name, "text" | "binary")
            && value.as_ref().is_some_and(|v| v.len() > MAX_VALUE_BYTES)
        {
            return Err(SqlError::invalid_variable(&format!(
                "The value of variable '{}' is longer than {MAX_VALUE_BYTES} bytes",
                name.as_str()
            )));
        }
        values.push((name.clone(), value, column.type_name));
    }
    // Every expression was evaluated before the first variable changes.
    for (name, value, type_name) in values {
        let created_on = session.variables.get(&name).map_or(now.0, |v| v.created_on);
        session.variables.insert(
            name,
            Variable {
                value,
                type_name,
                created_on,
                updated_on: now.0,
            },
        );
    }
    Ok(QueryResult::status("Statement executed successfully."))
}

/// UNSET: every name must be set (checked before any is dropped).
pub(super) fn unset(names: &[Ident], session: &mut SqlSession) -> Result<QueryResult, SqlError> {
    if let Some(missing) = names.iter().find(|n| !session.variables.contains_key(*n)) {
        return Err(SqlError::variable_not_set(missing.as_str()));
    }
    for name in names {
        session.variables.remove(name);
    }
    Ok(QueryResult::status("Statement executed successfully."))
}

/// SHOW VARIABLES [ LIKE '…' ] with its documented columns
/// (https://docs.snowflake.com/en/sql-reference/session-variables#viewing-variables-for-the-session):
/// session_id, created_on, updated_on, name, value, type, comment; by name, the pattern
/// matched without regard to case.
pub(super) fn show(like: Option<&str>, session: &SqlSession) -> QueryResult {
    let columns = vec![
        ResultColumn::new("session_id", "fixed"),
        ResultColumn::new("created_on", "timestamp_ltz"),
        ResultColumn::new("updated_on", "timestamp_ltz"),
        ResultColumn::new("name", "text"),
        ResultColumn::new("value", "text"),
        ResultColumn::new("type", "text"),
        ResultColumn::new("comment", "text"),
    ];
    let rows = session
        .variables
        .iter()
        .filter(|(name, _)| like.is_none_or(|p| pattern::like(p, name.as_str(), true)))
        .map(|(name, v)| {
            vec![
                Some(session.id.to_string()),
                Some(Stamp(v.created_on).to_sql_api()),
                Some(Stamp(v.updated_on).to_sql_api()),
                Some(name.as_str().to_string()),
                v.value.clone(),
                Some(v.type_name.to_string()),
                Some(String::new()),
            ]
        })
        .collect();
    QueryResult { columns, rows }
}
