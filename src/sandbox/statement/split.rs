//! Splitting a request's text into statements on top-level `;`, respecting strings,
//! `$$` bodies, quoted identifiers and comments (the lexer knows all of them), and
//! Snowflake Scripting blocks written without `$$`: a `DECLARE … BEGIN … END` or `BEGIN …
//! END` block is one statement with its inner `;`s, whether anonymous or the body of a
//! CREATE PROCEDURE or CREATE TASK. Over the SQL API the server parses the whole text; only
//! clients that split on `;` themselves (SnowSQL, the Classic Console) need the block
//! quoted (https://docs.snowflake.com/en/developer-guide/snowflake-scripting/running-examples).

use crate::sandbox::error::SqlError;
use crate::sql::{Token, tokenize};

/// The statements of `sql`, each trimmed of surrounding whitespace, without its `;`.
/// Pieces holding only comments or whitespace are dropped, so a request with nothing to
/// run splits into no statements (the server answers that with 000900 itself).
pub(crate) fn split_statements(sql: &str) -> Result<Vec<String>, SqlError> {
    let tokens = tokenize(sql).map_err(|e| {
        let shown: String = sql[e.offset.min(sql.len())..].chars().take(1).collect();
        SqlError::syntax(sql, e.offset, &shown)
    })?;
    let words: Vec<&Token> = tokens.iter().filter(|t| !t.is_trivia()).collect();
    let mut statements = Vec::new();
    let mut start = 0;
    let mut block = Block::default();
    for (i, token) in words.iter().enumerate() {
        if token.is_symbol(";") && block.is_closed() {
            // A piece with no significant token (only comments) is no statement.
            if block.first.is_some() {
                statements.push(sql[start..token.start].trim().to_string());
            }
            start = token.end;
            block = Block::default();
            continue;
        }
        let previous = i.checked_sub(1).and_then(|p| words.get(p)).copied();
        block.see(previous, token, words.get(i + 1).copied());
    }
    if block.first.is_some() {
        statements.push(sql[start..].trim().to_string());
    }
    Ok(statements)
}

/// Where a statement stands in a Snowflake Scripting block
/// (https://docs.snowflake.com/en/developer-guide/snowflake-scripting/blocks): `BEGIN`
/// and `CASE` open, `END` closes one unless it ends an `IF`, a loop or a `CASE` statement
/// (`END IF`, `END LOOP`, `END FOR`, `END WHILE`, `END REPEAT` close their own
/// statements, which opened nothing here; `END CASE` closes the CASE). A statement that
/// starts with `DECLARE` is in its declarations until its BEGIN.
#[derive(Default)]
struct Block {
    /// The statement's first word, upper case (`None` before any).
    first: Option<String>,
    /// BEGIN and CASE still open.
    depth: usize,
    /// In a leading DECLARE section, before its BEGIN.
    declaring: bool,
}

impl Block {
    fn is_closed(&self) -> bool {
        self.depth == 0 && !self.declaring
    }

    /// Takes the statement's next significant token (with its neighbours). A BEGIN opens
    /// a block where a block can start: the statement's first word, the body after `AS`
    /// (CREATE PROCEDURE, CREATE TASK), the end of a DECLARE section, or inside a block;
    /// elsewhere it is a name (`SELECT begin FROM t`).
    fn see(&mut self, previous: Option<&Token>, token: &Token, next: Option<&Token>) {
        let starting = self.first.is_none();
        if starting {
            self.first = Some(token.value.to_ascii_uppercase());
        }
        // DECLARE starts a block's declarations at the statement's start or as a body
        // after AS (`CREATE TASK … AS DECLARE … BEGIN … END`).
        if token.is_keyword("DECLARE")
            && self.depth == 0
            && (starting || previous.is_some_and(|p| p.is_keyword("AS")))
        {
            self.declaring = true;
            return;
        }
        if token.is_keyword("BEGIN") {
            // `BEGIN [ TRANSACTION | WORK | NAME … ]` on its own starts a transaction
            // (https://docs.snowflake.com/en/sql-reference/sql/begin), not a block.
            let transaction = starting
                && next.is_none_or(|n| {
                    n.is_symbol(";")
                        // `BEGIN ->> …`: the first statement of a pipe chain
                        // (https://docs.snowflake.com/en/sql-reference/operators-flow).
                        || n.is_symbol("->>")
                        || n.is_keyword("TRANSACTION")
                        || n.is_keyword("WORK")
                        || n.is_keyword("NAME")
                });
            let opens = starting
                || self.declaring
                || self.depth > 0
                || previous.is_some_and(|p| p.is_keyword("AS"));
            if opens && !transaction {
                self.declaring = false;
                self.depth += 1;
            }
        } else if token.is_keyword("CASE") && !self.is_closed() {
            self.depth += 1;
        } else if token.is_keyword("END") && self.depth > 0 {
            let ends_statement = next.is_some_and(|n| {
                ["IF", "LOOP", "FOR", "WHILE", "REPEAT"]
                    .iter()
                    .any(|k| n.is_keyword(k))
            });
            if !ends_statement {
                self.depth -= 1;
            }
        }
    }
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
    fn scripting_blocks_without_dollar_quotes_are_one_statement() {
        let sql = "create task t warehouse = w as begin insert into a select 1; \
                   if (x > 1) then return 1; end if; let c := case when 1 = 1 then 2 end; end; \
                   declare n int default 0; begin for i in 1 to 3 do n := n + i; end for; \
                   return n; end; begin transaction; begin; commit; \
                   create procedure p() returns int language sql as begin return 1; end; \
                   create task u warehouse = w as declare n int; begin return n; end";
        let parts = split_statements(sql).unwrap();
        assert_eq!(parts.len(), 7, "{parts:#?}");
        assert!(parts[0].starts_with("create task") && parts[0].ends_with("end"));
        assert!(parts[1].starts_with("declare") && parts[1].ends_with("end"));
        assert_eq!(parts[2], "begin transaction");
        assert_eq!(parts[3], "begin");
        assert_eq!(parts[4], "commit");
        assert!(parts[5].ends_with("return 1; end"));
        assert!(parts[6].starts_with("create task u") && parts[6].ends_with("end"));
        // A CASE expression outside any block closes nothing; BEGIN as a name opens none.
        let parts = split_statements("select case when 1 = 1 then 2 end; select 3").unwrap();
        assert_eq!(parts.len(), 2);
        let parts = split_statements("select begin from t; select 3").unwrap();
        assert_eq!(parts.len(), 2);
    }

    #[test]
    fn a_pipe_chain_is_one_statement() {
        // https://docs.snowflake.com/en/sql-reference/operators-flow: the chain ends at its
        // `;`, a BEGIN before `->>` starts a transaction, not a block.
        let parts = split_statements(
            "begin ->> insert into t values (1) ->> commit ->> select $1 from $3; \
             show tables ->> select \"name\" from $1; select 2",
        )
        .unwrap();
        assert_eq!(parts.len(), 3);
        assert!(parts[0].starts_with("begin ->>") && parts[0].ends_with("from $3"));
        assert_eq!(parts[2], "select 2");
    }

    #[test]
    fn empty_requests_split_into_nothing_and_unterminated_ones_are_errors() {
        assert!(split_statements(" ; -- x").unwrap().is_empty());
        let e = split_statements("select 'open").unwrap_err();
        assert_eq!(e.code, "001003");
        assert!(e.message.contains("position 7"));
    }
}
