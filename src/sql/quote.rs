//! Quoting for generated SQL (DDL, introspection, the apply lock), in one place: string
//! literals, procedure bodies, comment clauses and lists.
//!
//! Identifiers are quoted by [`crate::model::identifier::Ident::to_sql`] (and the name
//! types' `Display`), never here; this module covers everything that is not a name. SQL
//! fragments that *are* SQL (a view query, a task body, a default expression) are not
//! quoted at all: they are the user's SQL and go in verbatim.

use std::fmt::Display;

/// A string literal: `'…'` with `'` and `\` escaped.
pub(crate) fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// A procedure body: `$$…$$` when that delimits it unambiguously, a quoted literal
/// otherwise (a body containing `$$`, or ending in `$`, which would merge with the
/// closing delimiter).
pub(crate) fn body(text: &str) -> String {
    if text.contains("$$") || text.ends_with('$') {
        literal(text)
    } else {
        format!("$${text}$$")
    }
}

/// ` COMMENT = '…'`, or nothing when there is no comment.
pub(crate) fn comment_clause(comment: Option<&str>) -> String {
    comment.map_or_else(String::new, |c| format!(" COMMENT = {}", literal(c)))
}

/// `('a', 'b')`: a parenthesised list of string literals.
pub(crate) fn literal_list<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| literal(i.as_ref())).collect();
    format!("({})", quoted.join(", "))
}

/// `a, b`: names (already rendered by their own `Display`) separated by commas.
pub(crate) fn name_list<N: Display>(names: &[N]) -> String {
    let rendered: Vec<String> = names.iter().map(ToString::to_string).collect();
    rendered.join(", ")
}

/// `TRUE` / `FALSE`.
pub(crate) fn boolean(value: bool) -> &'static str {
    if value { "TRUE" } else { "FALSE" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_quotes_and_backslashes() {
        assert_eq!(literal("it's"), r"'it\'s'");
        assert_eq!(literal(r"a\b"), r"'a\\b'");
        assert_eq!(literal("x'; DROP TABLE t; --"), r"'x\'; DROP TABLE t; --'");
    }

    #[test]
    fn bodies_use_dollar_quotes_only_when_safe() {
        assert_eq!(body("BEGIN RETURN 'x'; END;"), "$$BEGIN RETURN 'x'; END;$$");
        assert_eq!(body("RETURN '$$';"), r"'RETURN \'$$\';'");
        assert_eq!(body("SELECT 1 AS a$"), "'SELECT 1 AS a$'");
    }

    #[test]
    fn bodies_lex_back_to_themselves() {
        for text in ["BEGIN RETURN 'x'; END;", "RETURN '$$';", "x$", "a\\b 'c'"] {
            let tokens = crate::sql::tokenize(&body(text)).unwrap();
            assert_eq!(tokens.len(), 1, "{text}");
            assert_eq!(tokens[0].value, text);
        }
    }

    #[test]
    fn a_body_cannot_close_its_delimiter() {
        for hostile in [
            "END; $$; DROP TABLE T; --",
            "RETURN 1; $",
            "x\\'; DROP TABLE T; --",
            "$$",
        ] {
            let rendered = body(hostile);
            let tokens = crate::sql::tokenize(&rendered).unwrap();
            assert_eq!(tokens.len(), 1, "{rendered}");
            assert_eq!(tokens[0].kind, crate::sql::TokenKind::String);
            assert_eq!(tokens[0].value, hostile);
        }
    }

    #[test]
    fn comment_clauses() {
        assert_eq!(comment_clause(None), "");
        assert_eq!(comment_clause(Some("a'b")), r" COMMENT = 'a\'b'");
    }
}
