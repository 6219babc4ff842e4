//! Checks that a configuration value holding SQL is exactly the construct it claims to be,
//! before lakeform splices it into a statement.
//!
//! A column `default`, a `cluster_by` key and a task's `when` are written into DDL as they
//! are, between clauses lakeform generates (`… DEFAULT <expr> COMMENT '…'`, `CLUSTER BY
//! (<expr>, …)`, `WHEN <expr> AS …`). Text that is more than one expression would change
//! the statement around it: `0, EVIL VARCHAR` adds a column, `0 --` comments out the rest,
//! `A) COMMENT = 'x'` closes the clause early, `TRUE; DROP …` adds a statement.
//! [`one_expression`] accepts exactly one expression: balanced brackets, and at the top
//! level a chain of operands joined by operators with nothing after the last operand.
//! Inside brackets (function arguments, subqueries, `IN` lists) the text only has to be
//! balanced and free of `;`: whatever it says, it cannot leave the brackets that the
//! surrounding DDL closes.
//!
//! A view's `query` and a task's `sql` are whole statements written last in their DDL
//! (`… AS <statement>`); [`one_statement`] accepts one statement with balanced brackets
//! and no `;` except a trailing one. Snowflake Scripting blocks (`BEGIN … END;`) hold
//! several statements and are refused here: they belong in a procedure body, which is
//! quoted as a whole (see `sql::quote::body`).
//!
//! This is not a SQL parser: it checks the shape that decides where the fragment ends,
//! and leaves the meaning of the fragment to Snowflake.

use std::fmt;
use std::ops::Range;

use super::lexer::{Token, TokenKind, tokenize};

/// Why a fragment was refused, and where: `range` is the byte range in the fragment of the
/// offending token (empty fragments point at the whole text).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) struct FragmentError {
    pub(crate) range: Range<usize>,
    pub(crate) message: String,
}

impl fmt::Display for FragmentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The construct a configuration value must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fragment {
    /// Exactly one expression ([`one_expression`]).
    Expression,
    /// Exactly one statement ([`one_statement`]).
    Statement,
    /// Exactly one query ([`one_query`]).
    Query,
}

impl Fragment {
    pub(crate) fn check(self, text: &str) -> Result<(), FragmentError> {
        match self {
            Fragment::Expression => one_expression(text),
            Fragment::Statement => one_statement(text),
            Fragment::Query => one_query(text),
        }
    }

    /// What the construct is, for messages: "one expression".
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Fragment::Expression => "exactly one SQL expression",
            Fragment::Statement => "exactly one SQL statement",
            Fragment::Query => "exactly one query (SELECT …)",
        }
    }
}

fn refuse(token: &Token, message: impl Into<String>) -> FragmentError {
    FragmentError {
        range: token.start..token.end,
        message: message.into(),
    }
}

/// Binary operators written as symbols.
const SYMBOL_OPERATORS: [&str; 14] = [
    "+", "-", "*", "/", "%", "||", "=", "==", "!=", "<>", "<", ">", "<=", ">=",
];
/// Binary operators written as words. `NOT` before `LIKE`, `IN` or `BETWEEN`, and `NOT` or
/// `DISTINCT FROM` after `IS`, are read as part of the operator.
const WORD_OPERATORS: [&str; 10] = [
    "AND", "OR", "LIKE", "ILIKE", "RLIKE", "REGEXP", "BETWEEN", "ESCAPE", "IN", "IS",
];

/// Type names that make a typed literal when a string follows them.
const TYPED_LITERALS: [&str; 6] = [
    "DATE",
    "TIME",
    "TIMESTAMP",
    "TIMESTAMP_LTZ",
    "TIMESTAMP_NTZ",
    "TIMESTAMP_TZ",
];

/// Checks that `text` is exactly one SQL expression (see the module documentation).
pub(crate) fn one_expression(text: &str) -> Result<(), FragmentError> {
    let tokens = lex(text)?;
    check_brackets(&tokens)?;
    if let Some(comment) = tokens
        .iter()
        .find(|t| t.kind == TokenKind::Comment && is_line_comment(t) && !ends_line(t, text))
    {
        return Err(refuse(
            comment,
            "a `--` or `//` comment at the end of an expression would comment out what \
             lakeform writes after it; remove it or end it with a line break",
        ));
    }
    let significant: Vec<&Token> = tokens.iter().filter(|t| !t.is_trivia()).collect();
    if significant.is_empty() {
        return Err(FragmentError {
            range: 0..text.len(),
            message: "expected an expression, found nothing".into(),
        });
    }
    Expression {
        tokens: &significant,
        pos: 0,
    }
    .parse()
}

/// Checks that `text` is exactly one SQL statement: balanced brackets, no `;` except
/// trailing ones, and something before them.
pub(crate) fn one_statement(text: &str) -> Result<(), FragmentError> {
    let tokens = lex(text)?;
    check_brackets(&tokens)?;
    let mut significant: Vec<&Token> = tokens.iter().filter(|t| !t.is_trivia()).collect();
    while significant.last().is_some_and(|t| t.is_symbol(";")) {
        significant.pop();
    }
    let Some(first) = significant.first() else {
        return Err(FragmentError {
            range: 0..text.len(),
            message: "expected a SQL statement, found nothing".into(),
        });
    };
    if first.is_keyword("BEGIN") || first.is_keyword("DECLARE") {
        return Err(refuse(
            first,
            "a Snowflake Scripting block holds several statements; lakeform takes one statement here",
        ));
    }
    if let Some(semicolon) = significant.iter().find(|t| t.is_symbol(";")) {
        return Err(refuse(
            semicolon,
            "a second statement after `;`: lakeform takes exactly one statement here",
        ));
    }
    Ok(())
}

/// Checks that `text` is exactly one query, as a view's body must be: one statement (see
/// [`one_statement`]) that starts with `SELECT`, `WITH` or `(`.
/// <https://docs.snowflake.com/en/sql-reference/sql/create-view>: `AS <select_statement>`.
pub(crate) fn one_query(text: &str) -> Result<(), FragmentError> {
    one_statement(text)?;
    let tokens = lex(text)?;
    match tokens.iter().find(|t| !t.is_trivia()) {
        Some(first)
            if first.is_keyword("SELECT") || first.is_keyword("WITH") || first.is_symbol("(") =>
        {
            Ok(())
        }
        Some(first) => Err(refuse(
            first,
            format!(
                "a view's query is a SELECT; found `{}`: start it with SELECT, WITH or `(`",
                first.value
            ),
        )),
        None => Err(FragmentError {
            range: 0..text.len(),
            message: "expected a query, found nothing".into(),
        }),
    }
}

/// Tokens of `text`; a lexical error (an unterminated string, quoted name or comment)
/// points at the character where the unterminated token starts.
fn lex(text: &str) -> Result<Vec<Token>, FragmentError> {
    tokenize(text).map_err(|e| {
        let width = text
            .get(e.offset..)
            .and_then(|rest| rest.chars().next())
            .map_or(0, char::len_utf8);
        FragmentError {
            range: e.offset..e.offset + width,
            message: e.message,
        }
    })
}

fn is_line_comment(token: &Token) -> bool {
    token.value.starts_with("--") || token.value.starts_with("//")
}

/// True when a line comment is followed by a line break inside the fragment, so text
/// written after the fragment is not swallowed.
fn ends_line(token: &Token, text: &str) -> bool {
    text[token.end..].starts_with('\n')
}

/// Every `(`, `[` and `{` is closed by its partner, in order; `;` appears nowhere inside
/// brackets.
fn check_brackets(tokens: &[Token]) -> Result<(), FragmentError> {
    let mut open: Vec<&Token> = Vec::new();
    for token in tokens.iter().filter(|t| t.kind == TokenKind::Symbol) {
        match token.value.as_str() {
            "(" | "[" | "{" => open.push(token),
            ")" | "]" | "}" => {
                let expected = match open.pop() {
                    Some(o) => partner(&o.value),
                    None => {
                        return Err(refuse(
                            token,
                            format!(
                                "unbalanced `{}`: it closes a bracket that was never opened",
                                token.value
                            ),
                        ));
                    }
                };
                if token.value != expected {
                    return Err(refuse(
                        token,
                        format!("mismatched `{}`: expected `{expected}`", token.value),
                    ));
                }
            }
            ";" if !open.is_empty() => {
                return Err(refuse(token, "a `;` inside brackets ends the statement"));
            }
            _ => {}
        }
    }
    match open.last() {
        Some(unclosed) => Err(refuse(
            unclosed,
            format!("unbalanced `{}`: it is never closed", unclosed.value),
        )),
        None => Ok(()),
    }
}

fn partner(open: &str) -> &'static str {
    match open {
        "(" => ")",
        "[" => "]",
        _ => "}",
    }
}

/// A recursive-descent reader of the top level of one expression, over significant
/// tokens whose brackets are known to balance.
struct Expression<'a> {
    tokens: &'a [&'a Token],
    pos: usize,
}

impl<'a> Expression<'a> {
    fn parse(mut self) -> Result<(), FragmentError> {
        self.expression()?;
        match self.peek() {
            None => Ok(()),
            Some(t) if t.is_symbol(",") => Err(refuse(
                t,
                "a `,` after the expression: one expression is expected here, not a list",
            )),
            Some(t) if t.is_symbol(";") => Err(refuse(
                t,
                "a `;` after the expression would start a second statement",
            )),
            Some(t) if t.is_symbol(")") || t.is_symbol("]") || t.is_symbol("}") => Err(refuse(
                t,
                format!("unbalanced `{}` after the expression", t.value),
            )),
            Some(t) => Err(refuse(
                t,
                format!(
                    "unexpected `{}` after the expression: exactly one expression is expected",
                    t.value
                ),
            )),
        }
    }

    fn peek(&self) -> Option<&'a Token> {
        self.tokens.get(self.pos).copied()
    }

    fn peek_is_keyword(&self, keyword: &str) -> bool {
        self.peek().is_some_and(|t| t.is_keyword(keyword))
    }

    fn next(&mut self) -> Option<&'a Token> {
        let token = self.tokens.get(self.pos).copied();
        self.pos += 1;
        token
    }

    fn expected_operand(&self) -> FragmentError {
        match self.peek() {
            Some(t) => refuse(
                t,
                format!("expected a value or a name, found `{}`", t.value),
            ),
            None => {
                let end = self.tokens.last().map_or(0, |t| t.end);
                FragmentError {
                    range: self.tokens.last().map_or(0..0, |t| t.start..end),
                    message: "the expression ends after an operator".into(),
                }
            }
        }
    }

    /// operand (operator operand)*
    fn expression(&mut self) -> Result<(), FragmentError> {
        loop {
            self.operand()?;
            if !self.binary_operator() {
                return Ok(());
            }
        }
    }

    /// Consumes a binary operator if one comes next.
    fn binary_operator(&mut self) -> bool {
        let Some(token) = self.peek() else {
            return false;
        };
        let is_operator = match token.kind {
            TokenKind::Symbol => SYMBOL_OPERATORS.contains(&token.value.as_str()),
            TokenKind::Word => {
                let upper = token.value.to_ascii_uppercase();
                if upper == "NOT" {
                    // `NOT LIKE`, `NOT IN`, `NOT BETWEEN`, `NOT ILIKE` …
                    let next = self.tokens.get(self.pos + 1);
                    if next.is_some_and(|n| {
                        ["LIKE", "ILIKE", "RLIKE", "REGEXP", "BETWEEN", "IN"]
                            .iter()
                            .any(|k| n.is_keyword(k))
                    }) {
                        self.pos += 1;
                        true
                    } else {
                        false
                    }
                } else {
                    WORD_OPERATORS.contains(&upper.as_str())
                }
            }
            _ => false,
        };
        if !is_operator {
            return false;
        }
        let is_is = token.is_keyword("IS");
        self.pos += 1;
        if is_is {
            // `IS [NOT] NULL`, `IS [NOT] DISTINCT FROM x`, `IS [NOT] TRUE`.
            if self.peek_is_keyword("NOT") {
                self.pos += 1;
            }
            if self.peek_is_keyword("DISTINCT") {
                self.pos += 1;
                if self.peek_is_keyword("FROM") {
                    self.pos += 1;
                }
            }
        }
        true
    }

    /// unary* primary postfix*
    fn operand(&mut self) -> Result<(), FragmentError> {
        while self
            .peek()
            .is_some_and(|t| t.is_symbol("-") || t.is_symbol("+") || t.is_keyword("NOT"))
        {
            self.pos += 1;
        }
        self.primary()?;
        self.postfixes()
    }

    fn primary(&mut self) -> Result<(), FragmentError> {
        let Some(token) = self.peek() else {
            return Err(self.expected_operand());
        };
        match token.kind {
            // A session variable goes wherever a literal does
            // (https://docs.snowflake.com/en/sql-reference/session-variables).
            TokenKind::Number | TokenKind::String | TokenKind::Positional | TokenKind::Variable => {
                self.pos += 1;
                Ok(())
            }
            TokenKind::Symbol if token.value == "(" || token.value == "[" || token.value == "{" => {
                self.skip_group();
                Ok(())
            }
            TokenKind::Word if token.is_keyword("CASE") => self.case(),
            TokenKind::Word if token.is_keyword("INTERVAL") => {
                self.pos += 1;
                match self.next() {
                    Some(t) if t.kind == TokenKind::String => Ok(()),
                    _ => Err(self.back_one_expected("a string after INTERVAL")),
                }
            }
            TokenKind::Word if token.is_keyword("EXISTS") => {
                self.pos += 1;
                if self.peek().is_some_and(|t| t.is_symbol("(")) {
                    self.skip_group();
                    Ok(())
                } else {
                    Err(self.expected_operand())
                }
            }
            // A typed literal: DATE '2024-01-01', TIMESTAMP_NTZ '…'.
            TokenKind::Word
                if TYPED_LITERALS.iter().any(|k| token.is_keyword(k))
                    && self
                        .tokens
                        .get(self.pos + 1)
                        .is_some_and(|t| t.kind == TokenKind::String) =>
            {
                self.pos += 2;
                Ok(())
            }
            TokenKind::Word | TokenKind::QuotedIdent => {
                self.pos += 1;
                self.name_rest();
                if self.peek().is_some_and(|t| t.is_symbol("(")) {
                    self.skip_group();
                    // `… WITHIN GROUP (ORDER BY …)` and `… OVER (…)` after a call.
                    if self.peek_is_keyword("WITHIN")
                        && self
                            .tokens
                            .get(self.pos + 1)
                            .is_some_and(|t| t.is_keyword("GROUP"))
                    {
                        self.pos += 2;
                        self.group_required()?;
                    }
                    if self.peek_is_keyword("OVER") {
                        self.pos += 1;
                        self.group_required()?;
                    }
                }
                Ok(())
            }
            _ => Err(self.expected_operand()),
        }
    }

    fn back_one_expected(&mut self, what: &str) -> FragmentError {
        self.pos -= 1;
        match self.peek() {
            Some(t) => refuse(t, format!("expected {what}, found `{}`", t.value)),
            None => self.expected_operand(),
        }
    }

    fn group_required(&mut self) -> Result<(), FragmentError> {
        if self.peek().is_some_and(|t| t.is_symbol("(")) {
            self.skip_group();
            Ok(())
        } else {
            Err(self.expected_operand())
        }
    }

    /// `.part` continuations of a qualified name (`DB.SCHEMA.NAME`).
    fn name_rest(&mut self) {
        while self.peek().is_some_and(|t| t.is_symbol("."))
            && self.tokens.get(self.pos + 1).is_some_and(|t| {
                matches!(t.kind, TokenKind::Word | TokenKind::QuotedIdent) || t.is_symbol("*")
            })
        {
            self.pos += 2;
        }
    }

    /// `::TYPE`, `[index]`, `:path`, `.field`, `COLLATE 'spec'`.
    fn postfixes(&mut self) -> Result<(), FragmentError> {
        loop {
            let Some(token) = self.peek() else {
                return Ok(());
            };
            if token.is_symbol("::") {
                self.pos += 1;
                match self.next() {
                    Some(t) if t.kind == TokenKind::Word => {}
                    _ => return Err(self.back_one_expected("a data type after `::`")),
                }
                // Two-word types: DOUBLE PRECISION, CHARACTER VARYING.
                if self.peek_is_keyword("PRECISION") || self.peek_is_keyword("VARYING") {
                    self.pos += 1;
                }
                if self.peek().is_some_and(|t| t.is_symbol("(")) {
                    self.skip_group();
                }
            } else if token.is_symbol("[") {
                self.skip_group();
            } else if token.is_symbol(":") || token.is_symbol(".") {
                self.pos += 1;
                match self.next() {
                    Some(t) if matches!(t.kind, TokenKind::Word | TokenKind::QuotedIdent) => {}
                    Some(t) if t.kind == TokenKind::Number => {}
                    _ => return Err(self.back_one_expected("a field name")),
                }
            } else if token.is_keyword("COLLATE") {
                self.pos += 1;
                match self.next() {
                    Some(t) if t.kind == TokenKind::String => {}
                    _ => return Err(self.back_one_expected("a collation string after COLLATE")),
                }
            } else {
                return Ok(());
            }
        }
    }

    /// `CASE … END`, with nested `CASE`s; its inside is read as a whole.
    fn case(&mut self) -> Result<(), FragmentError> {
        let start = self.pos;
        let mut depth = 0usize;
        let mut brackets = 0usize;
        while let Some(token) = self.next() {
            if token.is_symbol("(") || token.is_symbol("[") || token.is_symbol("{") {
                brackets += 1;
            } else if token.is_symbol(")") || token.is_symbol("]") || token.is_symbol("}") {
                brackets = brackets.saturating_sub(1);
            } else if brackets == 0 && token.is_keyword("CASE") {
                depth += 1;
            } else if brackets == 0 && token.is_keyword("END") {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Ok(());
                }
            } else if brackets == 0 && (token.is_symbol(";") || token.is_symbol(",")) {
                return Err(refuse(
                    token,
                    format!("unexpected `{}` inside CASE … END", token.value),
                ));
            }
        }
        Err(refuse(self.tokens[start], "CASE without its END"))
    }

    /// Skips a bracketed group starting at the current token (brackets are balanced).
    fn skip_group(&mut self) {
        let mut depth = 0usize;
        while let Some(token) = self.next() {
            if token.is_symbol("(") || token.is_symbol("[") || token.is_symbol("{") {
                depth += 1;
            } else if token.is_symbol(")") || token.is_symbol("]") || token.is_symbol("}") {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> (String, String) {
        let e = one_expression(text).expect_err(text);
        (text[e.range.clone()].to_string(), e.message)
    }

    #[test]
    fn accepts_expressions() {
        for text in [
            "0",
            "-1.5",
            "'it''s'",
            "CURRENT_TIMESTAMP()",
            "CURRENT_TIMESTAMP",
            "TRANSACTION_DATE",
            "DATE_TRUNC('MONTH', TRANSACTION_DATE)",
            "a.b:c.d::VARCHAR(20)",
            "SYSTEM$STREAM_HAS_DATA('DB.S.STREAM')\nOR SYSTEM$STREAM_HAS_DATA('X')",
            "NOT x IS NULL AND y IS NOT DISTINCT FROM z",
            "x NOT IN (1, 2, 3)",
            "x BETWEEN 1 AND 10",
            "CASE WHEN a > 0 THEN 'p' ELSE CASE WHEN a < 0 THEN 'n' END END",
            "CAST(x AS NUMBER(10, 2))",
            "v[0]::DOUBLE PRECISION",
            "name COLLATE 'en-ci'",
            "UUID_STRING() -- a comment that ends\n",
            "/* c */ 1 + 2 /* d */",
            "EXISTS (SELECT 1 FROM t)",
            "ARRAY_AGG(x) WITHIN GROUP (ORDER BY y)",
            "ROW_NUMBER() OVER (PARTITION BY a ORDER BY b)",
            "INTERVAL '1 day' + d",
            "DATE '2024-01-01'",
            "TIMESTAMP_NTZ '2024-01-01 00:00:00' < CURRENT_TIMESTAMP()",
            "\"Quoted\".\"Col\"",
            "$1:field",
            "t.*",
        ] {
            assert_eq!(one_expression(text), Ok(()), "{text}");
        }
    }

    #[test]
    fn refuses_more_than_one_expression() {
        let cases = [
            ("0, EVIL VARCHAR", ","),
            ("0 --", "--"),
            ("0 // x", "// x"),
            ("A) COMMENT = 'x' --", ")"),
            ("1; DROP TABLE T", ";"),
            ("0 COMMENT 'x'", "COMMENT"),
            ("0 NOT NULL", "NOT"),
            ("TRUE AS DROP TABLE X", "AS"),
            ("(1", "("),
            ("f(1]", "]"),
            ("'open", "'"),
            ("\"open", "\""),
            ("/* open", "/"),
            ("f(1; 2)", ";"),
            ("1 +", "+"),
            ("", ""),
            ("   ", "   "),
            ("CASE WHEN a THEN 1", "CASE"),
            ("CASE WHEN a THEN 1 END, 2", ","),
            ("x::", "::"),
            ("DATE '2024-01-01' 'x'", "'x'"),
            ("f() OVER", "OVER"),
        ];
        for (text, at) in cases {
            assert_eq!(refused(text).0, at, "{text}: {:?}", refused(text));
        }
    }

    #[test]
    fn messages_say_what_is_wrong() {
        assert!(refused("0, EVIL VARCHAR").1.contains("not a list"));
        assert!(refused("1; DROP TABLE T").1.contains("second statement"));
        assert!(refused("A) x").1.contains("never opened"));
        assert!(refused("0 --").1.contains("comment out"));
    }

    #[test]
    fn statements() {
        for text in [
            "SELECT 1",
            "SELECT 1;",
            "SELECT 1 ;\n  ;  -- done",
            "COPY INTO T FROM (SELECT $1 FROM @S/x/) FILE_FORMAT = (FORMAT_NAME = 'F')",
            "CALL P('a;b')",
            "EXECUTE IMMEDIATE $$ SELECT 1; SELECT 2; $$",
            "SELECT 1 -- trailing comment",
        ] {
            assert_eq!(one_statement(text), Ok(()), "{text}");
        }
        let refused = |text: &str| {
            let e = one_statement(text).expect_err(text);
            text[e.range].to_string()
        };
        assert_eq!(refused("SELECT 1; DROP TABLE T"), ";");
        assert_eq!(refused("SELECT 1;; DROP TABLE T;"), ";");
        assert_eq!(refused("SELECT (1"), "(");
        assert_eq!(refused("SELECT 1)"), ")");
        assert_eq!(refused("SELECT 'x"), "'");
        assert_eq!(refused(";"), ";");
        assert_eq!(refused("BEGIN SELECT 1; END;"), "BEGIN");
        assert_eq!(refused("CALL P((1; 2))"), ";");
    }

    #[test]
    fn queries() {
        assert_eq!(one_query("WITH a AS (SELECT 1) SELECT * FROM a;"), Ok(()));
        assert_eq!(one_query("(SELECT 1) UNION (SELECT 2)"), Ok(()));
        let e = one_query("DELETE FROM T").unwrap_err();
        assert_eq!(e.range, 0..6);
        assert!(one_query("SELECT 1; DROP VIEW V").is_err());
    }
}
