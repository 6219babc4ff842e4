//! The cursor every statement grammar reads with: significant tokens of one statement,
//! keyword and symbol tests, identifiers and names, literals, and errors that point at the
//! offending token (001003 with line and position).
//!
//! It is not a grammar itself; the per-statement files (`table.rs`, `task.rs` …) are.

use crate::model::identifier::Ident;
use crate::sandbox::error::SqlError;
use crate::sql::{Token, TokenKind, tokenize};

/// A name as written in a statement: one to three identifiers, resolved against the
/// session later.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawName {
    pub(crate) parts: Vec<Ident>,
}

impl RawName {
    pub(crate) fn single(ident: Ident) -> RawName {
        RawName { parts: vec![ident] }
    }

    /// The last part: the object's own name.
    pub(crate) fn last(&self) -> &Ident {
        // A RawName is only built by `Parser::name`, which reads at least one part.
        &self.parts[self.parts.len() - 1]
    }
}

impl std::fmt::Display for RawName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.parts.iter().map(|p| p.to_sql().into_owned()).collect();
        f.write_str(&parts.join("."))
    }
}

/// The rest of a statement, kept for the module of a registered kind to read with its own
/// grammar (`sandbox/registry.rs`): a kind's grammar lives with its catalog entry, above
/// the parser, so the parser hands it the tokens instead of calling it. Errors still point
/// into the whole statement.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Tail {
    source: String,
    at: usize,
}

impl Tail {
    /// Reads the tail with `grammar`, which must consume all of it (else Snowflake's
    /// syntax error at the first token left).
    pub(crate) fn parse<T>(
        &self,
        grammar: impl FnOnce(&mut Parser<'_>) -> Result<T, SqlError>,
    ) -> Result<T, SqlError> {
        let mut p = Parser::new(&self.source)?;
        p.reset(self.at);
        let value = grammar(&mut p)?;
        p.expect_end()?;
        Ok(value)
    }

    /// Whether the tail starts with `keyword`: what a layer that does not parse the
    /// kind's grammar (the privilege checks) may still ask of it.
    pub(crate) fn starts_with_kw(&self, keyword: &str) -> bool {
        Parser::new(&self.source).is_ok_and(|mut p| {
            p.reset(self.at);
            p.is_kw(keyword)
        })
    }
}

/// Reads all of `sql` with `grammar`, as [`Tail::parse`] reads a tail: the grammar tests
/// of the kind modules read a CREATE body or an ALTER action with it.
#[cfg(test)]
pub(crate) fn read_all<T>(
    sql: &str,
    grammar: impl FnOnce(&mut Parser<'_>) -> Result<T, SqlError>,
) -> Result<T, SqlError> {
    let mut p = Parser::new(sql)?;
    let value = grammar(&mut p)?;
    p.expect_end()?;
    Ok(value)
}

pub(crate) struct Parser<'a> {
    source: &'a str,
    tokens: Vec<Token>,
    pos: usize,
}

impl<'a> Parser<'a> {
    /// Lexes `source`; a lexical error is a syntax error at its offset.
    pub(crate) fn new(source: &'a str) -> Result<Parser<'a>, SqlError> {
        let tokens = tokenize(source).map_err(|e| {
            let rest = &source[e.offset.min(source.len())..];
            let shown: String = rest.chars().take(1).collect();
            SqlError::syntax(source, e.offset, &shown)
        })?;
        let mut tokens: Vec<Token> = tokens.into_iter().filter(|t| !t.is_trivia()).collect();
        while tokens.last().is_some_and(|t| t.is_symbol(";")) {
            tokens.pop();
        }
        Ok(Parser {
            source,
            tokens,
            pos: 0,
        })
    }

    /// Lexes the source again from byte `offset` and puts the result in place of the
    /// tokens from the current position on: for a grammar that reads raw text the lexer
    /// reads otherwise (an unquoted URL, whose `//` would open a comment). Offsets stay
    /// the statement's.
    pub(crate) fn relex_from(&mut self, offset: usize) -> Result<(), SqlError> {
        let source = self.source;
        let rest = source.get(offset..).ok_or_else(|| self.error())?;
        let tokens = tokenize(rest).map_err(|e| {
            let at = offset + e.offset.min(rest.len());
            let shown: String = source[at..].chars().take(1).collect();
            SqlError::syntax(source, at, &shown)
        })?;
        let mut tokens: Vec<Token> = tokens
            .into_iter()
            .filter(|t| !t.is_trivia())
            .map(|mut t| {
                t.start += offset;
                t.end += offset;
                t
            })
            .collect();
        while tokens.last().is_some_and(|t| t.is_symbol(";")) {
            tokens.pop();
        }
        self.tokens.truncate(self.pos);
        self.tokens.extend(tokens);
        Ok(())
    }

    pub(crate) fn source(&self) -> &'a str {
        self.source
    }

    pub(crate) fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    pub(crate) fn peek_at(&self, ahead: usize) -> Option<&Token> {
        self.tokens.get(self.pos + ahead)
    }

    pub(crate) fn at_end(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    pub(crate) fn advance(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.pos).cloned();
        if token.is_some() {
            self.pos += 1;
        }
        token
    }

    /// The index of the next token, for [`Parser::text_from`] and backtracking.
    pub(crate) fn mark(&self) -> usize {
        self.pos
    }

    pub(crate) fn reset(&mut self, mark: usize) {
        self.pos = mark;
    }

    pub(crate) fn is_kw(&self, keyword: &str) -> bool {
        self.peek().is_some_and(|t| t.is_keyword(keyword))
    }

    pub(crate) fn is_kw_at(&self, ahead: usize, keyword: &str) -> bool {
        self.peek_at(ahead).is_some_and(|t| t.is_keyword(keyword))
    }

    pub(crate) fn is_sym(&self, symbol: &str) -> bool {
        self.peek().is_some_and(|t| t.is_symbol(symbol))
    }

    /// True when the keywords follow, in order (nothing consumed).
    pub(crate) fn is_kws(&self, keywords: &[&str]) -> bool {
        keywords
            .iter()
            .enumerate()
            .all(|(i, k)| self.is_kw_at(i, k))
    }

    pub(crate) fn eat_kw(&mut self, keyword: &str) -> bool {
        let hit = self.is_kw(keyword);
        if hit {
            self.pos += 1;
        }
        hit
    }

    /// Consumes the keywords in order only when all of them follow.
    pub(crate) fn eat_kws(&mut self, keywords: &[&str]) -> bool {
        let hit = keywords
            .iter()
            .enumerate()
            .all(|(i, k)| self.is_kw_at(i, k));
        if hit {
            self.pos += keywords.len();
        }
        hit
    }

    pub(crate) fn eat_sym(&mut self, symbol: &str) -> bool {
        let hit = self.is_sym(symbol);
        if hit {
            self.pos += 1;
        }
        hit
    }

    pub(crate) fn expect_kw(&mut self, keyword: &str) -> Result<(), SqlError> {
        if self.eat_kw(keyword) {
            Ok(())
        } else {
            Err(self.error())
        }
    }

    pub(crate) fn expect_kws(&mut self, keywords: &[&str]) -> Result<(), SqlError> {
        for keyword in keywords {
            self.expect_kw(keyword)?;
        }
        Ok(())
    }

    pub(crate) fn expect_sym(&mut self, symbol: &str) -> Result<(), SqlError> {
        if self.eat_sym(symbol) {
            Ok(())
        } else {
            Err(self.error())
        }
    }

    /// `=` is optional in many Snowflake clauses (`COMMENT 'x'` is accepted too).
    pub(crate) fn eat_equals(&mut self) {
        self.eat_sym("=");
    }

    pub(crate) fn expect_end(&self) -> Result<(), SqlError> {
        if self.at_end() {
            Ok(())
        } else {
            Err(self.error())
        }
    }

    /// A syntax error at the next token (or at the end of the text).
    pub(crate) fn error(&self) -> SqlError {
        match self.peek() {
            Some(token) => self.error_at(token),
            None => SqlError::syntax(self.source, self.source.len(), "<EOF>"),
        }
    }

    pub(crate) fn error_at(&self, token: &Token) -> SqlError {
        SqlError::syntax(
            self.source,
            token.start,
            &self.source[token.start..token.end],
        )
    }

    /// An identifier: unquoted words fold to upper case, quoted ones are kept. A
    /// reserved keyword is not an unquoted identifier: Snowflake answers a syntax error
    /// at it (`create table select …` → "unexpected 'select'").
    pub(crate) fn ident(&mut self) -> Result<Ident, SqlError> {
        match self.peek() {
            Some(t)
                if t.kind == TokenKind::Word
                    && is_identifier_word(&t.value)
                    && !is_reserved(&t.value) =>
            {
                let ident = Ident::from_stored(t.value.to_uppercase());
                self.pos += 1;
                Ok(ident)
            }
            Some(t) if t.kind == TokenKind::QuotedIdent => {
                let ident = Ident::from_stored(t.value.clone());
                self.pos += 1;
                Ok(ident)
            }
            _ => Err(self.error()),
        }
    }

    /// A dotted name of one to three parts, or `IDENTIFIER('<name>')` with such a name
    /// in a string literal (https://docs.snowflake.com/en/sql-reference/identifier-literal).
    /// `IDENTIFIER($v)` reaches the parser with its variable already replaced by its
    /// value (`engine/variables.rs`); a `$v` left in it (parsed outside the engine) is a
    /// syntax error at the variable. Bind variables are not emulated.
    pub(crate) fn name(&mut self) -> Result<RawName, SqlError> {
        if self.is_kw("IDENTIFIER")
            && self.peek_at(1).is_some_and(|t| t.is_symbol("("))
            && let Some(variable) = self.peek_at(2).filter(|t| t.kind == TokenKind::Variable)
        {
            return Err(self.error_at(variable));
        }
        if self.is_kw("IDENTIFIER")
            && self.peek_at(1).is_some_and(|t| t.is_symbol("("))
            && self.peek_at(2).is_some_and(|t| t.kind == TokenKind::String)
            && self.peek_at(3).is_some_and(|t| t.is_symbol(")"))
        {
            self.pos += 2;
            let literal = self.tokens[self.pos].clone();
            let invalid = || self.error_at(&literal);
            let mut inner = Parser::new(&literal.value).map_err(|_| invalid())?;
            let name = inner.name().map_err(|_| invalid())?;
            inner.expect_end().map_err(|_| invalid())?;
            self.pos += 2;
            return Ok(name);
        }
        let mut parts = vec![self.ident()?];
        while self.is_sym(".") && parts.len() < 3 {
            self.pos += 1;
            parts.push(self.ident()?);
        }
        Ok(RawName { parts })
    }

    pub(crate) fn string(&mut self) -> Result<String, SqlError> {
        match self.peek() {
            Some(t) if t.kind == TokenKind::String => {
                let value = t.value.clone();
                self.pos += 1;
                Ok(value)
            }
            _ => Err(self.error()),
        }
    }

    /// A possibly negative integer literal that fits 64 bits.
    pub(crate) fn signed(&mut self) -> Result<i64, SqlError> {
        let negative = self.eat_sym("-");
        let at = self.mark();
        let value = self.unsigned()?;
        let value = i64::try_from(value).map_err(|_| {
            self.reset(at);
            self.error()
        })?;
        Ok(if negative { -value } else { value })
    }

    pub(crate) fn unsigned(&mut self) -> Result<u64, SqlError> {
        match self.peek() {
            Some(t) if t.kind == TokenKind::Number => match t.value.parse::<u64>() {
                Ok(n) => {
                    self.pos += 1;
                    Ok(n)
                }
                Err(_) => Err(self.error()),
            },
            _ => Err(self.error()),
        }
    }

    /// A data type as written (`NUMBER(10, 2)`, `DOUBLE PRECISION`, `TIMESTAMP_NTZ(9)`),
    /// canonicalised by [`crate::model::data_type::DataType::parse`].
    pub(crate) fn data_type(&mut self) -> Result<crate::model::data_type::DataType, SqlError> {
        let start = self.pos;
        let first = self.peek().cloned().ok_or_else(|| self.error())?;
        if first.kind != TokenKind::Word {
            return Err(self.error());
        }
        self.pos += 1;
        // Multi-word spellings: DOUBLE PRECISION, CHAR VARYING, TIMESTAMP WITH [LOCAL] TIME ZONE …
        const FOLLOWERS: [&str; 7] = [
            "PRECISION",
            "VARYING",
            "WITH",
            "WITHOUT",
            "LOCAL",
            "TIME",
            "ZONE",
        ];
        // `WITH` / `WITHOUT` only before TIME ZONE or LOCAL TIME ZONE: otherwise it starts
        // a column's `WITH MASKING POLICY` / `WITH TAG` clause.
        while self
            .peek()
            .is_some_and(|t| FOLLOWERS.iter().any(|f| t.is_keyword(f)))
            && !((self.is_kw("WITH") || self.is_kw("WITHOUT"))
                && !(self.is_kw_at(1, "TIME") || self.is_kw_at(1, "LOCAL")))
        {
            self.pos += 1;
        }
        if self.is_sym("(") {
            while let Some(t) = self.advance() {
                if t.is_symbol(")") {
                    break;
                }
            }
        }
        let text = self.text_between(start, self.pos);
        crate::model::data_type::DataType::parse(text).map_err(|_| self.error_at(&first))
    }

    /// The source text of tokens `[from, to)`, as written (comments inside included).
    pub(crate) fn text_between(&self, from: usize, to: usize) -> &'a str {
        if from >= to || from >= self.tokens.len() {
            return "";
        }
        let start = self.tokens[from].start;
        let end = self.tokens[(to - 1).min(self.tokens.len() - 1)].end;
        &self.source[start..end]
    }

    /// The source text from token `from` to the end of the statement.
    pub(crate) fn text_from(&self, from: usize) -> &'a str {
        self.text_between(from, self.tokens.len())
    }

    /// Skips to the end, keeping the tokens skipped for a registered kind's grammar.
    pub(crate) fn tail(&mut self) -> Tail {
        let tail = Tail {
            source: self.source.to_string(),
            at: self.pos,
        };
        self.pos = self.tokens.len();
        tail
    }

    /// Skips to the end, returning the text skipped: bodies kept as text.
    pub(crate) fn rest(&mut self) -> &'a str {
        let text = self.text_from(self.pos);
        self.pos = self.tokens.len();
        text
    }

    /// Skips one balanced `( … )` group starting at the next token, returning its inner
    /// token range.
    pub(crate) fn skip_parens(&mut self) -> Result<(usize, usize), SqlError> {
        self.expect_sym("(")?;
        let inner = self.pos;
        let mut depth = 1;
        while let Some(t) = self.advance() {
            if t.is_symbol("(") {
                depth += 1;
            } else if t.is_symbol(")") {
                depth -= 1;
                if depth == 0 {
                    return Ok((inner, self.pos - 1));
                }
            }
        }
        Err(self.error())
    }

    /// Tokens of the statement (significant only), for scanners that need them all.
    pub(crate) fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// Whether the statement's header says `modifier` (`SECURE`): a word before the first
    /// `kind` keyword (`DATA` of DATA METRIC FUNCTION, `VIEW`). The parser hands a
    /// registered kind's module only what follows the name, so the module asks here.
    pub(crate) fn header_says(&self, modifier: &str, kind: &str) -> bool {
        self.tokens
            .iter()
            .take_while(|t| !t.is_keyword(kind))
            .any(|t| t.is_keyword(modifier))
    }
}

/// The keywords Snowflake marks reserved ("Reserved by ANSI" or reserved by Snowflake)
/// in https://docs.snowflake.com/en/sql-reference/reserved-keywords. The page also lists
/// keywords with narrower limits (not usable in SHOW … IN, in FROM, as a column name or
/// as a column reference: ACCOUNT, DATABASE, SCHEMA, VIEW, LEFT, JOIN, USING, TRUE,
/// CASE, CURRENT_DATE, CONSTRAINT, …); those stay usable as names here, since where the
/// sandbox reads a name they are not ambiguous. (lakeform's own quoting in
/// `model::identifier` quotes the whole page, limited ones too, to be safe.)
const RESERVED: &[&str] = &[
    "ALL",
    "ALTER",
    "AND",
    "ANY",
    "AS",
    "BETWEEN",
    "BY",
    "CHECK",
    "COLUMN",
    "CONNECT",
    "CREATE",
    "CURRENT",
    "DELETE",
    "DISTINCT",
    "DROP",
    "ELSE",
    "EXISTS",
    "FOLLOWING",
    "FOR",
    "FROM",
    "GRANT",
    "GROUP",
    "HAVING",
    "ILIKE",
    "IN",
    "INCREMENT",
    "INSERT",
    "INTERSECT",
    "INTO",
    "IS",
    "LIKE",
    "MINUS",
    "NOT",
    "NULL",
    "OF",
    "ON",
    "OR",
    "ORDER",
    "QUALIFY",
    "REGEXP",
    "REVOKE",
    "RLIKE",
    "ROW",
    "ROWS",
    "SAMPLE",
    "SELECT",
    "SET",
    "SOME",
    "START",
    "TABLE",
    "TABLESAMPLE",
    "THEN",
    "TO",
    "TRIGGER",
    "UNION",
    "UNIQUE",
    "UPDATE",
    "VALUES",
    "WHENEVER",
    "WHERE",
    "WINDOW",
    "WITH",
];

/// Whether an unquoted word is one of Snowflake's reserved keywords.
pub(crate) fn is_reserved(word: &str) -> bool {
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word))
}

/// Unquoted identifiers: letters, digits, `_` and `$`, not starting with a digit or `$`.
fn is_identifier_word(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_literals_name_objects() {
        let mut p = Parser::new(r#"identifier('db."My Schema".tbl') x"#).unwrap();
        let name = p.name().unwrap();
        assert_eq!(name.parts[1].as_str(), "My Schema");
        assert_eq!(name.parts[2].as_str(), "TBL");
        assert_eq!(p.ident().unwrap().as_str(), "X");
        let mut p = Parser::new("identifier('a b')").unwrap();
        assert_eq!(p.name().unwrap_err().code, "001003");
        // A session variable the engine did not replace: a syntax error at it.
        assert!(
            Parser::new("identifier($var)")
                .and_then(|mut p| p.name())
                .is_err()
        );
        // A column or object really named IDENTIFIER still reads as a plain name.
        let mut p = Parser::new("identifier.t").unwrap();
        assert_eq!(p.name().unwrap().to_string(), "IDENTIFIER.T");
    }

    #[test]
    fn names_fold_and_keep_quotes() {
        let mut p = Parser::new(r#"db."My Schema".tbl"#).unwrap();
        let name = p.name().unwrap();
        let parts: Vec<&str> = name.parts.iter().map(Ident::as_str).collect();
        assert_eq!(parts, ["DB", "My Schema", "TBL"]);
        assert!(p.at_end());
    }

    #[test]
    fn errors_point_at_the_token() {
        let mut p = Parser::new("create\n  tabel x").unwrap();
        p.expect_kw("CREATE").unwrap();
        let e = p.expect_kw("TABLE").unwrap_err();
        assert!(
            e.message
                .contains("line 2 at position 2 unexpected 'tabel'"),
            "{}",
            e.message
        );
        let mut p = Parser::new("create").unwrap();
        p.advance();
        assert!(
            p.expect_kw("TABLE")
                .unwrap_err()
                .message
                .contains("'<EOF>'")
        );
    }

    #[test]
    fn data_types_read_multi_word_spellings() {
        let mut p = Parser::new("double precision, number(10, 2) not null").unwrap();
        assert_eq!(p.data_type().unwrap().to_string(), "FLOAT");
        p.expect_sym(",").unwrap();
        assert_eq!(p.data_type().unwrap().to_string(), "NUMBER(10,2)");
        assert!(p.is_kw("NOT"));
    }
}
