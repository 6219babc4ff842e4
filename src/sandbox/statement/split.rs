//! Splitting a request's text into statements on top-level `;`, respecting strings,
//! `$$` bodies, quoted identifiers and comments (the lexer knows all of them).

use crate::sandbox::error::SqlError;
use crate::sql::tokenize;

/// The statements of `sql`, each trimmed of surrounding whitespace, without its `;`.
/// Pieces holding only comments or whitespace are dropped, so a request with nothing to
/// run splits into no statements (the server answers that with 000900 itself).
pub(crate) fn split_statements(sql: &str) -> Result<Vec<String>, SqlError> {
    let tokens = tokenize(sql).map_err(|e| {
        let shown: String = sql[e.offset.min(sql.len())..].chars().take(1).collect();
        SqlError::syntax(sql, e.offset, &shown)
    })?;
    let mut statements = Vec::new();
    let mut start = 0;
    let mut significant = false;
    for token in &tokens {
        if token.is_symbol(";") {
            if significant {
                statements.push(sql[start..token.start].trim().to_string());
            }
            start = token.end;
            significant = false;
        } else if !token.is_trivia() {
            significant = true;
        }
    }
    if significant {
        statements.push(sql[start..].trim().to_string());
    }
    Ok(statements)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_outside_strings_bodies_and_comments() {
        let sql = "use database d; -- a; comment\ncreate procedure p() returns int language sql as $$ begin return 1; end $$;\nselect 'a;b' /* ; */ ; -- trailing";
        let parts = split_statements(sql).unwrap();
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0], "use database d");
        assert!(parts[1].starts_with("-- a; comment\ncreate procedure"));
        assert!(parts[1].ends_with("end $$"));
        assert_eq!(parts[2], "select 'a;b' /* ; */");
    }

    #[test]
    fn empty_requests_split_into_nothing_and_unterminated_ones_are_errors() {
        assert!(split_statements(" ; -- x").unwrap().is_empty());
        let e = split_statements("select 'open").unwrap_err();
        assert_eq!(e.code, "001003");
        assert!(e.message.contains("position 7"));
    }
}
