//! Session variables (https://docs.snowflake.com/en/sql-reference/session-variables): SET
//! evaluates its expressions and keeps their values in the session, UNSET drops them, SHOW
//! VARIABLES lists them, and a `$name` in a statement stands for its value.
//!
//! A variable "can be used anywhere a literal constant is allowed" (same page), and
//! `IDENTIFIER($v)` names an object by its string: so `$name` is replaced by its value
//! written as a literal of its type before the statement is parsed, which gives every
//! statement the sandbox reads (queries typed by the binder, `IDENTIFIER('…')` in DDL,
//! `CALL p(…)`, `EXECUTE IMMEDIATE '…'`, `USE WAREHOUSE IDENTIFIER(…)`) variables at once.
//! An error found after the replacement is reported at its place in the statement as
//! written (`Substituted::original_offset`).

use std::ops::Range;

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

/// `sql` with every `$name` replaced by its variable's value as a literal, and every
/// `GETVARIABLE('<NAME>')` / `SESSION_CONTEXT('<NAME>')` by the value as a string; `None`
/// when it reads no variable (the text is used as it is). A `$name` the session does not
/// define is `002211` at its place.
pub(super) fn substitute(sql: &str, session: &SqlSession) -> Result<Option<Substituted>, SqlError> {
    // A statement the lexer refuses is the parser's to report.
    let Ok(tokens) = tokenize(sql) else {
        return Ok(None);
    };
    let significant: Vec<&Token> = tokens.iter().filter(|t| !t.is_trivia()).collect();
    // Each replacement: the significant tokens it covers (first, last) and its text.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for (i, token) in significant.iter().enumerate() {
        if token.kind == TokenKind::Variable {
            let name = fold(&token.value);
            let variable = session
                .variables
                .get(&name)
                .ok_or_else(|| SqlError::undefined_variable(sql, token.start, name.as_str()))?;
            edits.push((i, i, literal(variable)));
        } else if let Some(value) = function_value(&significant, i, session) {
            edits.push((i, i + 3, value));
        }
    }
    if edits.is_empty() {
        return Ok(None);
    }
    let aliases = item_aliases(sql, &significant, &edits);
    Ok(Some(rewrite(sql, &significant, &edits, &aliases)))
}

/// A statement with its variables replaced, and where each piece of it came from, so an
/// error found in it is reported at its place in the statement as written.
#[derive(Debug)]
pub(super) struct Substituted {
    pub(super) text: String,
    /// The pieces of `text` in order: (range in `text`, range in the original, whether
    /// the piece is copied from the original rather than written in).
    pieces: Vec<(Range<usize>, Range<usize>, bool)>,
}

impl Substituted {
    fn copy(&mut self, sql: &str, from: Range<usize>) {
        if let Some(piece) = sql.get(from.clone()).filter(|p| !p.is_empty()) {
            let at = self.text.len();
            self.text.push_str(piece);
            self.pieces.push((at..self.text.len(), from, true));
        }
    }

    fn write(&mut self, text: &str, replacing: Range<usize>) {
        let at = self.text.len();
        self.text.push_str(text);
        self.pieces.push((at..self.text.len(), replacing, false));
    }

    /// The offset in the original statement of byte `offset` of the replaced text: the
    /// same character where it was copied, the start of what was replaced where it was
    /// written in.
    pub(super) fn original_offset(&self, offset: usize) -> usize {
        self.pieces
            .iter()
            .find(|(out, _, _)| out.contains(&offset))
            .map_or(offset, |(out, orig, copied)| {
                if *copied {
                    orig.start + (offset - out.start)
                } else {
                    orig.start
                }
            })
    }
}

/// `sql` with the replacements made and the aliases written after their items' last
/// tokens, in token order.
fn rewrite(
    sql: &str,
    tokens: &[&Token],
    edits: &[(usize, usize, String)],
    aliases: &[(usize, String)],
) -> Substituted {
    let mut out = Substituted {
        text: String::with_capacity(sql.len()),
        pieces: Vec::new(),
    };
    let mut copied = 0;
    let mut i = 0;
    while i < tokens.len() {
        let mut last = i;
        if let Some((first, end, text)) = edits.iter().find(|(first, _, _)| *first == i)
            && let (Some(from), Some(to)) = (tokens.get(*first), tokens.get(*end))
        {
            out.copy(sql, copied..from.start);
            out.write(text, from.start..to.end);
            copied = to.end;
            last = *end;
        }
        if let Some((_, alias)) = aliases.iter().find(|(end, _)| *end == last)
            && let Some(token) = tokens.get(last)
        {
            out.copy(sql, copied..token.end);
            copied = token.end;
            out.write(alias, token.end..token.end);
        }
        i = last + 1;
    }
    out.copy(sql, copied..sql.len());
    out
}

/// `GETVARIABLE('<NAME>')` or `SESSION_CONTEXT('<NAME>')` starting at token `i`: the
/// variable's value as a string literal, NULL for a name no variable has. The name is
/// matched as written, so it must be in upper case: "You must specify the name in uppercase
/// letters", and both functions answer NULL for `'var_2'` in the example of
/// https://docs.snowflake.com/en/sql-reference/functions/getvariable ("return session
/// variable values as strings",
/// https://docs.snowflake.com/en/sql-reference/session-variables#session-variable-functions).
fn function_value(tokens: &[&Token], i: usize, session: &SqlSession) -> Option<String> {
    let call = tokens.get(i..i + 4)?;
    let named = call[0].is_keyword("GETVARIABLE") || call[0].is_keyword("SESSION_CONTEXT");
    if !named || !call[1].is_symbol("(") || call[2].kind != TokenKind::String {
        return None;
    }
    if !call[3].is_symbol(")") || tokens.get(i + 4).is_some_and(|t| t.is_symbol("(")) {
        return None;
    }
    let value = session
        .variables
        .get(&Ident::from_stored(call[2].value.clone()))
        .and_then(|v| v.value.as_deref());
    Some(value.map_or_else(
        || "CAST(NULL AS VARCHAR)".to_string(),
        crate::sql::quote::literal,
    ))
}

/// The aliases that keep the column names of unaliased select items holding a replaced
/// variable, by the item's last token: Snowflake names such a column by the item as
/// written, in upper case (`SELECT $max` answers a column `$MAX`, the SET page's example;
/// `GETVARIABLE('VAR_2')`, the GETVARIABLE page's). Only an item whose last token cannot
/// be an alias (a literal, a variable, `)` or `]`, a one-word type after `::`) gets one:
/// any other is left as it is.
fn item_aliases(
    sql: &str,
    tokens: &[&Token],
    edits: &[(usize, usize, String)],
) -> Vec<(usize, String)> {
    select_items(tokens)
        .into_iter()
        .filter(|&(first, last)| {
            edits.iter().any(|(f, l, _)| *f >= first && *l <= last)
                && tokens.get(last).is_some_and(|t| {
                    matches!(
                        t.kind,
                        TokenKind::Variable | TokenKind::Number | TokenKind::String
                    ) || t.is_symbol(")")
                        || t.is_symbol("]")
                        || (t.kind == TokenKind::Word
                            && last
                                .checked_sub(1)
                                .and_then(|p| tokens.get(p))
                                .is_some_and(|p| p.is_symbol("::")))
                })
        })
        .filter_map(|(first, last)| {
            let text = sql.get(tokens.get(first)?.start..tokens.get(last)?.end)?;
            let name = text.to_uppercase().replace('"', "\"\"");
            Some((last, format!(" AS \"{name}\"")))
        })
        .collect()
}

/// The select items of every SELECT list, as (first, last) significant token indexes: an
/// item runs from after `SELECT [DISTINCT | ALL] [TOP <n>]` or a `,` to before the next
/// `,` or the list's end (`FROM` and the clauses after it, a closing parenthesis, the
/// statement's end), at its parenthesis depth.
fn select_items(tokens: &[&Token]) -> Vec<(usize, usize)> {
    // FROM, INTO, and the clauses that end a FROM clause (`sql::references`).
    let ends = |token: &Token| {
        crate::sql::references::ENDS_FROM_CLAUSE
            .iter()
            .chain(&["FROM", "INTO"])
            .any(|k| token.is_keyword(k))
    };
    // Per parenthesis depth: where the current item of its SELECT list started, if the
    // depth is in one.
    let mut open: Vec<Option<usize>> = vec![None];
    let mut items = Vec::new();
    let close = |open: &mut Vec<Option<usize>>, end: usize, items: &mut Vec<(usize, usize)>| {
        if let Some(Some(first)) = open.last().copied()
            && end > first
        {
            items.push((first, end - 1));
        }
    };
    let mut i = 0;
    while i < tokens.len() {
        let token = tokens[i];
        if token.is_keyword("SELECT") {
            let mut next = i + 1;
            if tokens
                .get(next)
                .is_some_and(|t| t.is_keyword("DISTINCT") || t.is_keyword("ALL"))
            {
                next += 1;
            }
            if tokens.get(next).is_some_and(|t| t.is_keyword("TOP")) {
                next += 2;
            }
            if let Some(depth) = open.last_mut() {
                *depth = Some(next);
            }
            i = next;
            continue;
        }
        if token.is_symbol("(") {
            open.push(None);
        } else if token.is_symbol(")") {
            close(&mut open, i, &mut items);
            open.pop();
            if open.is_empty() {
                open.push(None);
            }
        } else if token.is_symbol(",") && open.last().copied().flatten().is_some() {
            close(&mut open, i, &mut items);
            if let Some(depth) = open.last_mut() {
                *depth = Some(i + 1);
            }
        } else if ends(token) || token.is_symbol(";") {
            close(&mut open, i, &mut items);
            if let Some(depth) = open.last_mut() {
                *depth = None;
            }
        }
        i += 1;
    }
    close(&mut open, tokens.len(), &mut items);
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

/// Keeps the values SET's expressions gave (`answers`, one result per expression, in
/// order) for its names: each result's one column, its first row's cell (NULL where a
/// query gave no row), with the column's type.
pub(super) fn assign(
    set: &SetVariables,
    answers: &[QueryResult],
    session: &mut SqlSession,
    now: Stamp,
) -> Result<QueryResult, SqlError> {
    // "The number of expressions must match the number of variables to initialize."
    if answers.len() != set.names.len() {
        return Err(SqlError::invalid_variable(&format!(
            "{} variables are set to {} values",
            set.names.len(),
            answers.len()
        )));
    }
    let mut values = Vec::with_capacity(set.names.len());
    for (name, answer) in set.names.iter().zip(answers) {
        // A query "that returns a single result" (the session-variables page): one column.
        let [column] = answer.columns.as_slice() else {
            return Err(SqlError::invalid_variable(&format!(
                "The value of variable '{}' is a query of {} columns, not one",
                name.as_str(),
                answer.columns.len()
            )));
        };
        let value = answer
            .rows
            .first()
            .and_then(|r| r.first())
            .cloned()
            .flatten();
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
