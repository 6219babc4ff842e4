//! STAND-IN for the sandbox's SQL engine, written only so the HTTP side can be built and
//! tested before the engine branch lands. The engine branch replaces this whole file.
//!
//! It has exactly the API fixed in the sandbox interface (`Session`, `QueryResult`,
//! `ResultColumn`, `SqlError`, `Engine`), but understands only what the server's tests
//! need: `SELECT <integer>`, `CREATE DATABASE <name>`, `SHOW DATABASES`, `CREATE USER
//! <name>` and `ALTER USER <name> SET RSA_PUBLIC_KEY[_2] = '<base64>'`. Everything else is
//! a syntax error. It keeps no query history.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::identifier::Ident;
use crate::sql::{Token, TokenKind, tokenize};

/// Session context of one request: set from the request body's database/schema/role/warehouse
/// and changed by USE statements inside a multi-statement request.
#[derive(Clone, Debug, Default)]
pub struct Session {
    pub database: Option<Ident>,
    pub schema: Option<Ident>,
    pub role: Option<String>,
    pub warehouse: Option<String>,
    pub user: Option<String>,
}

/// A result table. `type_name` is the SQL API rowType type; cells are strings or NULL.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryResult {
    pub columns: Vec<ResultColumn>,
    pub rows: Vec<Vec<Option<String>>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ResultColumn {
    pub name: String,
    pub type_name: &'static str,
    pub nullable: bool,
}

/// A Snowflake error: code like "002003", sqlState like "02000", Snowflake's message text.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{code} ({sql_state}): {message}")]
pub struct SqlError {
    pub code: String,
    pub sql_state: String,
    pub message: String,
}

impl SqlError {
    fn syntax(position: usize, near: &str) -> SqlError {
        SqlError {
            code: "001003".into(),
            sql_state: "42000".into(),
            message: format!(
                "SQL compilation error:\nsyntax error line 1 at position {position} unexpected '{near}'."
            ),
        }
    }
}

#[derive(Default, Serialize, Deserialize)]
struct State {
    databases: BTreeMap<String, String>,
    user_keys: BTreeMap<String, Vec<String>>,
}

/// The stand-in catalog: databases and users' public keys.
#[derive(Default)]
pub struct Engine {
    state: State,
    dirty: bool,
}

impl Engine {
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Splits on `;` tokens (the lexer keeps `;` inside strings out of the way).
    pub fn split_statements(sql: &str) -> Result<Vec<String>, SqlError> {
        let tokens = lex(sql)?;
        let mut statements = Vec::new();
        let mut start = 0;
        for token in tokens.iter().filter(|t| t.is_symbol(";")) {
            statements.push(sql[start..token.start].to_string());
            start = token.end;
        }
        statements.push(sql[start..].to_string());
        let non_empty = |s: &String| lex(s).map(|t| t.iter().any(|t| !t.is_trivia()));
        let mut kept = Vec::new();
        for statement in statements {
            if non_empty(&statement)? {
                kept.push(statement);
            }
        }
        Ok(kept)
    }

    pub fn execute(
        &mut self,
        sql: &str,
        _session: &mut Session,
        now: jiff::Timestamp,
    ) -> Result<QueryResult, SqlError> {
        self.dirty = false;
        let tokens: Vec<Token> = lex(sql)?.into_iter().filter(|t| !t.is_trivia()).collect();
        let words: Vec<&str> = tokens.iter().map(|t| t.value.as_str()).collect();
        let keyword = |i: usize, k: &str| tokens.get(i).is_some_and(|t| t.is_keyword(k));
        if keyword(0, "SELECT") && tokens.len() == 2 && tokens[1].kind == TokenKind::Number {
            return Ok(QueryResult {
                columns: vec![column(words[1], "fixed")],
                rows: vec![vec![Some(words[1].to_string())]],
            });
        }
        if keyword(0, "CREATE") && keyword(1, "DATABASE") && tokens.len() == 3 {
            let name = ident(&tokens[2])?;
            if self.state.databases.contains_key(name.as_str()) {
                return Err(SqlError {
                    code: "002002".into(),
                    sql_state: "42710".into(),
                    message: format!("SQL compilation error:\nObject '{name}' already exists."),
                });
            }
            self.state
                .databases
                .insert(name.as_str().to_string(), now.as_second().to_string());
            self.dirty = true;
            return Ok(status(format!("Database {name} successfully created.")));
        }
        if keyword(0, "SHOW") && keyword(1, "DATABASES") && tokens.len() == 2 {
            return Ok(QueryResult {
                columns: vec![
                    column("created_on", "timestamp_ltz"),
                    column("name", "text"),
                ],
                rows: self
                    .state
                    .databases
                    .iter()
                    .map(|(name, created)| vec![Some(created.clone()), Some(name.clone())])
                    .collect(),
            });
        }
        if keyword(0, "CREATE") && keyword(1, "USER") && tokens.len() == 3 {
            let name = ident(&tokens[2])?;
            if self.state.user_keys.contains_key(name.as_str()) {
                return Err(SqlError {
                    code: "002002".into(),
                    sql_state: "42710".into(),
                    message: format!("SQL compilation error:\nObject '{name}' already exists."),
                });
            }
            self.state
                .user_keys
                .insert(name.as_str().to_string(), Vec::new());
            self.dirty = true;
            return Ok(status(format!("User {name} successfully created.")));
        }
        let key_property = tokens
            .get(4)
            .filter(|t| t.is_keyword("RSA_PUBLIC_KEY") || t.is_keyword("RSA_PUBLIC_KEY_2"));
        if keyword(0, "ALTER") && keyword(1, "USER") && keyword(3, "SET") && key_property.is_some()
        {
            let user = ident(&tokens[2])?;
            let value = match (tokens.get(5), tokens.get(6)) {
                (Some(eq), Some(v)) if eq.is_symbol("=") && v.kind == TokenKind::String => v,
                _ => return Err(syntax_at(sql, tokens.get(5))),
            };
            let key: String = value.value.split_whitespace().collect();
            let Some(keys) = self.state.user_keys.get_mut(user.as_str()) else {
                return Err(SqlError {
                    code: "002003".into(),
                    sql_state: "02000".into(),
                    message: format!(
                        "SQL compilation error:\nUser '{user}' does not exist or not authorized."
                    ),
                });
            };
            keys.push(key);
            self.dirty = true;
            return Ok(status("Statement executed successfully.".to_string()));
        }
        Err(syntax_at(sql, tokens.first()))
    }

    pub fn to_state(&self) -> serde_json::Value {
        serde_json::to_value(&self.state).unwrap_or(serde_json::Value::Null)
    }

    pub fn from_state(state: serde_json::Value) -> Result<Engine, SqlError> {
        let state = serde_json::from_value(state).map_err(|e| SqlError {
            code: "000603".into(),
            sql_state: "XX000".into(),
            message: format!("sandbox state is not readable: {e}"),
        })?;
        Ok(Engine {
            state,
            dirty: false,
        })
    }

    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }

    pub fn user_public_keys(&self, user: &str) -> Vec<String> {
        self.state.user_keys.get(user).cloned().unwrap_or_default()
    }
}

fn lex(sql: &str) -> Result<Vec<Token>, SqlError> {
    tokenize(sql).map_err(|e| SqlError::syntax(e.offset, &e.message))
}

fn ident(token: &Token) -> Result<Ident, SqlError> {
    match token.kind {
        TokenKind::QuotedIdent => Ok(Ident::from_stored(token.value.clone())),
        TokenKind::Word => Ok(Ident::from_stored(token.value.to_uppercase())),
        _ => Err(SqlError::syntax(token.start, &token.value)),
    }
}

fn syntax_at(sql: &str, token: Option<&Token>) -> SqlError {
    match token {
        Some(t) => SqlError::syntax(t.start, &t.value),
        None => SqlError::syntax(sql.len(), "<EOF>"),
    }
}

fn column(name: &str, type_name: &'static str) -> ResultColumn {
    ResultColumn {
        name: name.to_string(),
        type_name,
        nullable: false,
    }
}

fn status(message: String) -> QueryResult {
    QueryResult {
        columns: vec![column("status", "text")],
        rows: vec![vec![Some(message)]],
    }
}
