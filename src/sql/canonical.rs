//! Canonical SQL: the form in which two SQL texts are compared.
//!
//! Whitespace, comments, keyword and unquoted-identifier case, a trailing `;`, and the choice
//! between `'…'` and `$$…$$` quoting do not count; string literal contents, quoted
//! identifiers (beyond quoting an already-upper-case name) and numbers do. Views, task
//! bodies and `WHEN` conditions, and procedure bodies are all compared this way, so that a
//! plan never shows a change that is only formatting.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::lexer::{Token, TokenKind, tokenize};
use crate::model::identifier::is_plain_identifier;

/// Renders the canonical form of `sql`: significant tokens, case-folded where Snowflake
/// folds, joined by single spaces. Text that does not lex (only possible for live text
/// Snowflake accepted under rules newer than ours) falls back to whitespace-collapsed text,
/// which still ignores layout.
pub fn canonicalize(sql: &str) -> String {
    match tokenize(sql) {
        Ok(tokens) => canonical_tokens(&tokens),
        Err(_) => sql.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

fn canonical_tokens(tokens: &[Token]) -> String {
    let mut significant: Vec<&Token> = tokens.iter().filter(|t| !t.is_trivia()).collect();
    while significant.last().is_some_and(|t| t.is_symbol(";")) {
        significant.pop();
    }
    let rendered: Vec<String> = significant.into_iter().map(canonical_token).collect();
    rendered.join(" ")
}

fn canonical_token(token: &Token) -> String {
    match token.kind {
        // Variable names are case-insensitive
        // (https://docs.snowflake.com/en/sql-reference/session-variables).
        TokenKind::Word | TokenKind::Variable => token.value.to_uppercase(),
        TokenKind::QuotedIdent if is_plain_identifier(&token.value) => token.value.clone(),
        TokenKind::QuotedIdent => format!("\"{}\"", token.value.replace('"', "\"\"")),
        TokenKind::String => format!("'{}'", token.value.replace('\'', "''")),
        _ => token.value.clone(),
    }
}

/// A SQL text kept as written, compared by its canonical form.
#[derive(Clone)]
pub struct CanonicalSql {
    text: String,
    canonical: String,
}

impl CanonicalSql {
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let canonical = canonicalize(&text);
        CanonicalSql { text, canonical }
    }

    /// The text as written (what is sent to Snowflake and shown in diffs).
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// The canonical form (what equality is decided on).
    pub(crate) fn canonical(&self) -> &str {
        &self.canonical
    }

    /// True for a literal value: a number or string (optionally signed), `TRUE`, `FALSE`
    /// or `NULL`. Snowflake adds a column to an existing table only with such a default;
    /// an expression (`CURRENT_TIMESTAMP()`, a sequence) is accepted only at creation.
    pub(crate) fn is_constant(&self) -> bool {
        let Ok(tokens) = tokenize(&self.text) else {
            return false;
        };
        let mut significant: Vec<&Token> = tokens.iter().filter(|t| !t.is_trivia()).collect();
        while significant.last().is_some_and(|t| t.is_symbol(";")) {
            significant.pop();
        }
        match significant.as_slice() {
            [sign, value] if sign.is_symbol("-") || sign.is_symbol("+") => {
                value.kind == TokenKind::Number
            }
            [value] => {
                matches!(value.kind, TokenKind::Number | TokenKind::String)
                    || ["TRUE", "FALSE", "NULL"]
                        .iter()
                        .any(|keyword| value.is_keyword(keyword))
            }
            _ => false,
        }
    }
}

impl PartialEq for CanonicalSql {
    fn eq(&self, other: &Self) -> bool {
        self.canonical == other.canonical
    }
}

impl Eq for CanonicalSql {}

impl fmt::Debug for CanonicalSql {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

impl fmt::Display for CanonicalSql {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for CanonicalSql {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for CanonicalSql {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(CanonicalSql::new)
    }
}

impl schemars::JsonSchema for CanonicalSql {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Sql".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "description": "SQL text; compared ignoring whitespace, comments and keyword case" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        CanonicalSql::new(a) == CanonicalSql::new(b)
    }

    #[test]
    fn layout_comments_and_case_do_not_count() {
        assert!(same(
            "select a, b\n  from t -- all rows\n where x = 1;",
            "SELECT A,B FROM T /* c */ WHERE X=1"
        ));
        assert!(same("select \"ID\" from t", "select id from t"));
        assert!(same("call p('a')", "CALL P($$a$$)"));
        assert!(same("x = 'it''s'", r"x = 'it\'s'"));
    }

    #[test]
    fn literals_quoted_identifiers_and_numbers_count() {
        assert!(!same("select 'a' from t", "select 'A' from t"));
        assert!(!same("select \"Id\" from t", "select id from t"));
        assert!(!same("select 1 from t", "select 2 from t"));
        assert!(!same("select a from t", "select a from u"));
    }

    #[test]
    fn literals_are_constants_and_expressions_are_not() {
        for constant in ["0", "-1.5", "'n/a'", "$$x$$", "true", "NULL", " 42 ;"] {
            assert!(CanonicalSql::new(constant).is_constant(), "{constant}");
        }
        for expression in [
            "CURRENT_TIMESTAMP()",
            "SEQ1.NEXTVAL",
            "1 + 1",
            "'a' || 'b'",
            "X",
        ] {
            assert!(!CanonicalSql::new(expression).is_constant(), "{expression}");
        }
    }

    #[test]
    fn unlexable_text_still_ignores_layout() {
        assert!(same("select 'open", "select   'open"));
    }
}
