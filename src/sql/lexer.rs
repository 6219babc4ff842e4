//! The Snowflake SQL lexer: turns text into tokens with byte spans.
//!
//! It knows Snowflake's lexical rules — `--`, `//` and `/* */` comments, `'…'` strings with
//! `''` and backslash escapes, `$$…$$` strings, `"…"` identifiers with `""` escapes,
//! unquoted identifiers containing `$`, `$name` session variables, numbers with exponents,
//! and multi-character operators (`::`, `=>`, `||`, `<=`, the pipe operator `->>` …). It keeps comments and whitespace as trivia tokens so
//! callers that need the text as written (a view's `text` column, positions in errors) have
//! it. It does not know keywords: a keyword is a [`TokenKind::Word`] like any identifier.

use std::fmt;

/// What a token is. Values that need decoding (strings, quoted identifiers) are decoded
/// into [`Token::value`]; the raw text stays available through the span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// An unquoted identifier or keyword: `select`, `RAW_CUSTOMER`, `SYSTEM$STREAM_HAS_DATA`.
    Word,
    /// A `"quoted"` identifier; `value` holds it with `""` unescaped.
    QuotedIdent,
    /// A `'…'` or `$$…$$` string literal; `value` holds its decoded content.
    String,
    /// A numeric literal as written: `42`, `3.14`, `1e-3`, `.5`.
    Number,
    /// A `$1`-style positional column reference (used in `COPY … FROM (SELECT $1 …)`).
    Positional,
    /// A `$name` session variable (https://docs.snowflake.com/en/sql-reference/session-variables:
    /// "all variables must be prefixed with a `$` sign"); `value` holds it as written, `$`
    /// included.
    Variable,
    /// Operators and punctuation: `(`, `,`, `::`, `=>`, `<=` …
    Symbol,
    /// Spaces, tabs and newlines.
    Whitespace,
    /// `-- …`, `// …` or `/* … */`.
    Comment,
}

/// One token: its kind, its byte span in the source, and its decoded value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub(crate) kind: TokenKind,
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The decoded value: the text for words, numbers and symbols; the content without
    /// quotes and with escapes resolved for strings and quoted identifiers.
    pub(crate) value: String,
}

impl Token {
    /// Whitespace and comments: tokens that never change a statement's meaning.
    pub(crate) fn is_trivia(&self) -> bool {
        matches!(self.kind, TokenKind::Whitespace | TokenKind::Comment)
    }

    /// True for a [`TokenKind::Word`] equal to `keyword`, ignoring case.
    pub(crate) fn is_keyword(&self, keyword: &str) -> bool {
        self.kind == TokenKind::Word && self.value.eq_ignore_ascii_case(keyword)
    }

    /// True for the symbol `symbol`.
    pub(crate) fn is_symbol(&self, symbol: &str) -> bool {
        self.kind == TokenKind::Symbol && self.value == symbol
    }
}

/// A lexical error: an unterminated string, identifier or comment, or a character that
/// starts no token. `offset` is the byte offset where the bad token starts.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) struct LexError {
    pub(crate) offset: usize,
    pub(crate) message: String,
}

impl fmt::Display for LexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at offset {}", self.message, self.offset)
    }
}

/// Symbols of three characters, tried first: the pipe operator `->>` chaining statements
/// (https://docs.snowflake.com/en/sql-reference/operators-flow).
const THREE_CHAR_SYMBOLS: [&str; 1] = ["->>"];
/// Symbols of two characters, tried before single characters.
const TWO_CHAR_SYMBOLS: [&str; 9] = ["::", "=>", "<=", ">=", "<>", "!=", "||", "->", "=="];
/// `$` alone (not a `$$` string, a `$1` or a `$name`) is MATCH_RECOGNIZE's end-of-partition
/// anchor, as `^` is its start
/// (https://docs.snowflake.com/en/sql-reference/constructs/match_recognize).
const ONE_CHAR_SYMBOLS: &str = "()[]{},;.=<>+-*/%:@~!^&|?$";

/// Splits `source` into tokens, trivia included.
pub(crate) fn tokenize(source: &str) -> Result<Vec<Token>, LexError> {
    let mut lexer = Lexer {
        source,
        pos: 0,
        tokens: Vec::new(),
    };
    lexer.run()?;
    Ok(lexer.tokens)
}

struct Lexer<'a> {
    source: &'a str,
    pos: usize,
    tokens: Vec<Token>,
}

impl Lexer<'_> {
    fn run(&mut self) -> Result<(), LexError> {
        while let Some(c) = self.peek() {
            let start = self.pos;
            let rest = &self.source[start..];
            if c.is_whitespace() {
                self.take_while(char::is_whitespace);
                self.push_raw(TokenKind::Whitespace, start);
            } else if rest.starts_with("--") || rest.starts_with("//") {
                self.take_while(|c| c != '\n');
                self.push_raw(TokenKind::Comment, start);
            } else if let Some(body) = rest.strip_prefix("/*") {
                let close = body
                    .find("*/")
                    .ok_or_else(|| error(start, "unterminated /* comment"))?;
                self.pos = start + 2 + close + 2;
                self.push_raw(TokenKind::Comment, start);
            } else if let Some(body) = rest.strip_prefix("$$") {
                let close = body
                    .find("$$")
                    .ok_or_else(|| error(start, "unterminated $$ string"))?;
                self.pos = start + 2 + close + 2;
                self.push(TokenKind::String, start, body[..close].to_string());
            } else if c == '\'' {
                let value = self.quoted_string(start)?;
                self.push(TokenKind::String, start, value);
            } else if c == '"' {
                let value = self.quoted_identifier(start)?;
                self.push(TokenKind::QuotedIdent, start, value);
            } else if c == '$' && rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
                self.pos += 1;
                self.take_while(|c| c.is_ascii_digit());
                self.push_raw(TokenKind::Positional, start);
            } else if c == '$' && rest[1..].starts_with(|c: char| c.is_alphabetic() || c == '_') {
                // A session variable's name is an identifier: letters, digits, `_` and `$`.
                self.pos += 1;
                self.take_while(|c| c.is_alphanumeric() || c == '_' || c == '$');
                self.push_raw(TokenKind::Variable, start);
            } else if c.is_ascii_digit()
                || (c == '.' && rest[1..].starts_with(|c: char| c.is_ascii_digit()))
            {
                self.number();
                self.push_raw(TokenKind::Number, start);
            } else if c.is_alphabetic() || c == '_' {
                self.take_while(|c| c.is_alphanumeric() || c == '_' || c == '$');
                self.push_raw(TokenKind::Word, start);
            } else if let Some(symbol) = THREE_CHAR_SYMBOLS
                .iter()
                .chain(&TWO_CHAR_SYMBOLS)
                .find(|s| rest.starts_with(**s))
            {
                self.pos += symbol.len();
                self.push_raw(TokenKind::Symbol, start);
            } else if ONE_CHAR_SYMBOLS.contains(c) {
                self.pos += c.len_utf8();
                self.push_raw(TokenKind::Symbol, start);
            } else {
                return Err(error(start, &format!("unexpected character {c:?}")));
            }
        }
        Ok(())
    }

    fn peek(&self) -> Option<char> {
        self.source[self.pos..].chars().next()
    }

    fn take_while(&mut self, keep: impl Fn(char) -> bool) {
        let rest = &self.source[self.pos..];
        self.pos += rest.find(|c| !keep(c)).unwrap_or(rest.len());
    }

    fn number(&mut self) {
        self.take_while(|c| c.is_ascii_digit());
        if self.source[self.pos..].starts_with('.') {
            self.pos += 1;
            self.take_while(|c| c.is_ascii_digit());
        }
        let rest = &self.source[self.pos..];
        let mut exponent = rest.chars();
        if matches!(exponent.next(), Some('e' | 'E')) {
            let mut len = 1;
            let mut next = exponent.next();
            if matches!(next, Some('+' | '-')) {
                len += 1;
                next = exponent.next();
            }
            if next.is_some_and(|c| c.is_ascii_digit()) {
                self.pos += len;
                self.take_while(|c| c.is_ascii_digit());
            }
        }
    }

    /// A `'…'` literal: `''` is a quote, and backslash escapes follow Snowflake's table.
    fn quoted_string(&mut self, start: usize) -> Result<String, LexError> {
        let mut value = String::new();
        let mut chars = self.source[start + 1..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\'' => {
                    if self.source[start + 1 + i + 1..].starts_with('\'') {
                        chars.next();
                        value.push('\'');
                    } else {
                        self.pos = start + 1 + i + 1;
                        return Ok(value);
                    }
                }
                '\\' => match chars.next() {
                    Some((_, escaped)) => value.push(match escaped {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        'b' => '\u{8}',
                        'f' => '\u{c}',
                        '0' => '\0',
                        other => other,
                    }),
                    None => break,
                },
                other => value.push(other),
            }
        }
        Err(error(start, "unterminated string literal"))
    }

    fn quoted_identifier(&mut self, start: usize) -> Result<String, LexError> {
        let mut value = String::new();
        let mut chars = self.source[start + 1..].char_indices();
        while let Some((i, c)) = chars.next() {
            if c == '"' {
                if self.source[start + 1 + i + 1..].starts_with('"') {
                    chars.next();
                    value.push('"');
                } else {
                    self.pos = start + 1 + i + 1;
                    if value.is_empty() {
                        return Err(error(start, "empty quoted identifier"));
                    }
                    return Ok(value);
                }
            } else {
                value.push(c);
            }
        }
        Err(error(start, "unterminated quoted identifier"))
    }

    fn push_raw(&mut self, kind: TokenKind, start: usize) {
        let value = self.source[start..self.pos].to_string();
        self.push(kind, start, value);
    }

    fn push(&mut self, kind: TokenKind, start: usize, value: String) {
        self.tokens.push(Token {
            kind,
            start,
            end: self.pos,
            value,
        });
    }
}

fn error(offset: usize, message: &str) -> LexError {
    LexError {
        offset,
        message: message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn significant(sql: &str) -> Vec<(TokenKind, String)> {
        tokenize(sql)
            .unwrap()
            .into_iter()
            .filter(|t| !t.is_trivia())
            .map(|t| (t.kind, t.value))
            .collect()
    }

    #[test]
    fn words_symbols_and_numbers() {
        use TokenKind::*;
        assert_eq!(
            significant("select a::int, 1.5e-3 from t where x<=2 -- tail"),
            vec![
                (Word, "select".into()),
                (Word, "a".into()),
                (Symbol, "::".into()),
                (Word, "int".into()),
                (Symbol, ",".into()),
                (Number, "1.5e-3".into()),
                (Word, "from".into()),
                (Word, "t".into()),
                (Word, "where".into()),
                (Word, "x".into()),
                (Symbol, "<=".into()),
                (Number, "2".into()),
            ]
        );
    }

    #[test]
    fn strings_and_quoted_identifiers_are_decoded() {
        use TokenKind::*;
        assert_eq!(
            significant(r#"'it''s' 'a\'b' "a""b" $$ x 'y' $$"#),
            vec![
                (String, "it's".into()),
                (String, "a'b".into()),
                (QuotedIdent, "a\"b".into()),
                (String, " x 'y' ".into()),
            ]
        );
    }

    #[test]
    fn comments_are_trivia() {
        let tokens = tokenize("a /* x\n y */ b // c\n-- d\n").unwrap();
        let kinds: Vec<_> = tokens.iter().map(|t| t.kind).collect();
        assert!(kinds.contains(&TokenKind::Comment));
        assert_eq!(tokens.iter().filter(|t| !t.is_trivia()).count(), 2);
    }

    #[test]
    fn dollar_identifiers_and_positionals() {
        use TokenKind::*;
        assert_eq!(
            significant("SYSTEM$STREAM_HAS_DATA($1)"),
            vec![
                (Word, "SYSTEM$STREAM_HAS_DATA".into()),
                (Symbol, "(".into()),
                (Positional, "$1".into()),
                (Symbol, ")".into()),
            ]
        );
    }

    #[test]
    fn variables_and_the_pipe_operator() {
        use TokenKind::*;
        assert_eq!(
            significant("select $v, $1 from t ->> select $My_Var$2 from $1 where a->b"),
            vec![
                (Word, "select".into()),
                (Variable, "$v".into()),
                (Symbol, ",".into()),
                (Positional, "$1".into()),
                (Word, "from".into()),
                (Word, "t".into()),
                (Symbol, "->>".into()),
                (Word, "select".into()),
                (Variable, "$My_Var$2".into()),
                (Word, "from".into()),
                (Positional, "$1".into()),
                (Word, "where".into()),
                (Word, "a".into()),
                (Symbol, "->".into()),
                (Word, "b".into()),
            ]
        );
        // `$$` still opens a string, and a lone `$` is a symbol (an anchor).
        assert_eq!(significant("$$x$$"), vec![(String, "x".into())]);
        assert_eq!(
            significant("^ a+ $)"),
            vec![
                (Symbol, "^".into()),
                (Word, "a".into()),
                (Symbol, "+".into()),
                (Symbol, "$".into()),
                (Symbol, ")".into()),
            ]
        );
    }

    #[test]
    fn unterminated_input_is_an_error_with_its_offset() {
        assert_eq!(tokenize("select 'abc").unwrap_err().offset, 7);
        assert_eq!(tokenize("x \"abc").unwrap_err().offset, 2);
        assert_eq!(tokenize("/* open").unwrap_err().offset, 0);
        assert_eq!(tokenize("a $$ b").unwrap_err().offset, 2);
        assert!(tokenize("a # b").is_err());
    }

    #[test]
    fn spans_cover_the_source() {
        let sql = "create view v as select 'x' /* c */ from t";
        let tokens = tokenize(sql).unwrap();
        let rebuilt: String = tokens.iter().map(|t| &sql[t.start..t.end]).collect();
        assert_eq!(rebuilt, sql);
    }
}
