//! The statements of a Snowflake Scripting body that Snowflake compiles against tables
//! when they run: the MERGE, INSERT, UPDATE, DELETE and SELECT / WITH statements that
//! start a block statement, with the names the body may use as values (its arguments, the
//! variables of its DECLARE section and its `LET`s) and the tables and views it creates.
//!
//! One reading for both users of a body: offline `validate` binds these statements
//! against the desired state (`config::queries`), the sandbox against its catalog when the
//! procedure is called (`sandbox::engine::call`). Other statements (IF, LET, RETURN,
//! loops, dynamic SQL) are control flow over values neither knows, and are not bound.
//!
//! This is a reading of the token stream, not a Scripting parser: a statement is what lies
//! between two `;`, after any `DECLARE` / `BEGIN` that opens it
//! (https://docs.snowflake.com/en/developer-guide/snowflake-scripting/blocks).

use std::ops::Range;

use crate::model::identifier::Ident;
use crate::sql::{Token, TokenKind, tokenize};

/// What a body holds for compiling.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Body {
    /// Each compiled statement's byte range in the body.
    pub(crate) statements: Vec<Range<usize>>,
    /// The names its statements may use as values: the arguments, then the variables.
    pub(crate) variables: Vec<Ident>,
    /// The tables and views its own statements create (`CREATE [OR REPLACE] [TEMPORARY …]
    /// TABLE | VIEW name`), as written: a statement naming one reads what the body made,
    /// not what exists when it is called.
    pub(crate) created: Vec<Vec<Ident>>,
    /// The byte ranges of the statements an anonymous block runs whatever its data: DDL
    /// and grants ([`RUN`]) outside every IF, CASE, loop and exception handler.
    pub(crate) unconditional: Vec<Range<usize>>,
    /// Whether every block, branch and loop the body opens, it closes, and it ends with
    /// `END`: a whole block rather than a piece of one.
    pub(crate) complete: bool,
}

/// The statements a block runs for what they do to objects, not to rows.
const RUN: [&str; 7] = [
    "CREATE", "ALTER", "DROP", "UNDROP", "GRANT", "REVOKE", "COMMENT",
];

/// The statements the first word of which Snowflake compiles against tables.
const COMPILED: [&str; 6] = ["MERGE", "INSERT", "UPDATE", "DELETE", "SELECT", "WITH"];

/// Reads `body` (its text between the `$$`, or the unquoted block), whose procedure takes
/// `arguments`. A body that does not lex has nothing to compile.
pub(crate) fn read(body: &str, arguments: &[Ident]) -> Body {
    let Ok(tokens) = tokenize(body) else {
        return Body::default();
    };
    let tokens: Vec<Token> = tokens.into_iter().filter(|t| !t.is_trivia()).collect();
    let pieces: Vec<&[Token]> = tokens.split(|t| t.is_symbol(";")).collect();
    let mut variables = arguments.to_vec();
    let mut statements = Vec::new();
    let mut created = Vec::new();
    let mut unconditional = Vec::new();
    // What encloses the current statement: blocks, and the branches and loops whose
    // statements run only on some data.
    let mut open: Vec<Opened> = Vec::new();
    let mut closed = true;
    // Variables: `LET name …`, and the declarations of a DECLARE section (the first word
    // of each of its statements up to BEGIN).
    let mut declaring = false;
    for piece in pieces {
        let mut rest = piece;
        if rest.first().is_some_and(|t| t.is_keyword("DECLARE")) {
            declaring = true;
            rest = &rest[1..];
        }
        if rest.first().is_some_and(|t| t.is_keyword("BEGIN")) {
            declaring = false;
        }
        if !close(rest, &mut open) {
            closed = false;
        }
        let rest = statement_start(rest, &mut open);
        let (Some(first), Some(last)) = (rest.first(), rest.last()) else {
            continue;
        };
        if !declaring
            && open.iter().all(|o| *o == Opened::Block)
            && RUN.iter().any(|k| first.is_keyword(k))
        {
            unconditional.push(first.start..last.end);
        }
        if declaring {
            variables.extend(word(first));
        } else if first.is_keyword("LET") {
            variables.extend(rest.get(1).and_then(word));
        } else if COMPILED.iter().any(|k| first.is_keyword(k)) {
            statements.push(first.start..last.end);
        } else if first.is_keyword("CREATE") {
            created.extend(created_name(rest));
        }
    }
    let ends_block = tokens
        .iter()
        .rev()
        .find(|t| !t.is_symbol(";"))
        .is_some_and(|t| t.is_keyword("END"));
    Body {
        statements,
        variables,
        created,
        unconditional,
        complete: ends_block && closed && open.is_empty(),
    }
}

/// What a piece of a body opened: a block (which runs what it holds) or a branch, loop
/// or handler (which runs it on some data only).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Opened {
    Block,
    Conditional(&'static str),
}

/// The `END …` a piece starts with closes what it names: `END IF`, `END FOR`, `END WHILE`,
/// `END LOOP`, `END CASE`, `END REPEAT` their structure, a bare `END` the nearest block
/// (and the handlers of its EXCEPTION section). `UNTIL (c) END REPEAT` ends a REPEAT.
/// Whether what it closes was open (an `END IF` with no IF open, a bare `END` over an
/// open loop, are not).
fn close(piece: &[Token], open: &mut Vec<Opened>) -> bool {
    let at = piece
        .iter()
        .position(|t| t.is_keyword("END"))
        .filter(|&i| i == 0 || piece.first().is_some_and(|t| t.is_keyword("UNTIL")));
    let Some(at) = at else {
        return true;
    };
    let named = piece.get(at + 1).and_then(|t| {
        ["IF", "FOR", "WHILE", "LOOP", "CASE", "REPEAT"]
            .into_iter()
            .find(|k| t.is_keyword(k))
    });
    match named {
        Some(kind) => open.pop() == Some(Opened::Conditional(kind)),
        None => {
            // A block's EXCEPTION section ends with the block.
            if open.last() == Some(&Opened::Conditional("EXCEPTION")) {
                open.pop();
            }
            open.pop() == Some(Opened::Block)
        }
    }
}

/// The words that open a block or a branch before its first statement: `BEGIN`, and the
/// heads of IF, CASE, loops and exception handlers
/// (https://docs.snowflake.com/en/developer-guide/snowflake-scripting/branch,
/// …/loops, …/exceptions).
const OPENERS: [&str; 11] = [
    "BEGIN",
    "IF",
    "ELSEIF",
    "ELSE",
    "CASE",
    "WHEN",
    "FOR",
    "WHILE",
    "LOOP",
    "REPEAT",
    "EXCEPTION",
];

/// Where the statement a piece carries starts, past what opens blocks and branches:
/// `IF (c) THEN stmt`, `ELSE stmt`, `FOR i IN 1 TO n DO stmt`, `LOOP stmt`,
/// `EXCEPTION WHEN OTHER THEN stmt` all give `stmt`. A head whose `THEN` / `DO` is not
/// found (a condition the reading does not follow) gives nothing.
fn statement_start<'t>(mut rest: &'t [Token], open: &mut Vec<Opened>) -> &'t [Token] {
    while let Some(first) = rest.first() {
        let Some(opener) = OPENERS.into_iter().find(|k| first.is_keyword(k)) else {
            break;
        };
        match opener {
            "BEGIN" => open.push(Opened::Block),
            // The branches of what is open already.
            "ELSE" | "ELSEIF" | "WHEN" => {}
            // FOR and WHILE close as `END FOR` / `END WHILE`, the others as themselves.
            kind => open.push(Opened::Conditional(kind)),
        }
        if ["BEGIN", "ELSE", "LOOP", "REPEAT"].contains(&opener) {
            rest = &rest[1..];
            continue;
        }
        // `EXCEPTION WHEN …`: the section is open, its first handler follows.
        if opener == "EXCEPTION" && rest.get(1).is_some_and(|t| t.is_keyword("WHEN")) {
            rest = &rest[1..];
            continue;
        }
        let mut depth = 0usize;
        let body = rest.iter().enumerate().skip(1).find(|(_, t)| {
            if t.is_symbol("(") {
                depth += 1;
            } else if t.is_symbol(")") {
                depth = depth.saturating_sub(1);
            }
            depth == 0 && (t.is_keyword("THEN") || t.is_keyword("DO"))
        });
        match body {
            Some((i, _)) => rest = &rest[i + 1..],
            None => return &[],
        }
    }
    rest
}

/// A word as an identifier: unquoted folds to upper case, quoted is exact.
fn word(t: &Token) -> Option<Ident> {
    match t.kind {
        TokenKind::Word => Some(Ident::from_stored(t.value.to_uppercase())),
        TokenKind::QuotedIdent => Some(Ident::from_stored(t.value.clone())),
        _ => None,
    }
}

/// The name a `CREATE … TABLE | VIEW` statement creates
/// (https://docs.snowflake.com/en/sql-reference/sql/create-table,
/// https://docs.snowflake.com/en/sql-reference/sql/create-view), its parts as written.
fn created_name(tokens: &[Token]) -> Option<Vec<Ident>> {
    const MODIFIERS: [&str; 10] = [
        "OR",
        "REPLACE",
        "ALTER",
        "LOCAL",
        "GLOBAL",
        "TEMP",
        "TEMPORARY",
        "VOLATILE",
        "TRANSIENT",
        "SECURE",
    ];
    let mut rest = tokens.get(1..)?;
    while rest
        .first()
        .is_some_and(|t| MODIFIERS.iter().any(|m| t.is_keyword(m)))
    {
        rest = &rest[1..];
    }
    let kind = rest.first()?;
    if !(kind.is_keyword("TABLE") || kind.is_keyword("VIEW")) {
        return None;
    }
    rest = &rest[1..];
    if rest.first().is_some_and(|t| t.is_keyword("IF")) {
        rest = rest.get(3..)?;
    }
    let mut parts = vec![word(rest.first()?)?];
    while rest.get(1).is_some_and(|t| t.is_symbol(".")) {
        rest = rest.get(2..)?;
        parts.push(word(rest.first()?)?);
    }
    Some(parts)
}

/// A byte offset of `text` as Snowflake Scripting reports a statement's place in an
/// uncaught exception, `on line L at position P`: the line counted from 1, the position
/// from 0 within it. The documentation gives the message's form in its examples but not
/// how the two numbers are counted; this is the form clients receive (line of the body,
/// column of the statement's first character).
pub(crate) fn line_and_position(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let position = before
        .rfind('\n')
        .map_or(before.len(), |n| before.len() - n - 1);
    (line, position)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[Ident]) -> Vec<&str> {
        list.iter().map(Ident::as_str).collect()
    }

    #[test]
    fn a_body_gives_its_compiled_statements_variables_and_created_tables() {
        let body = "\nDECLARE\n  n NUMBER;\n  \"Mixed\" VARCHAR;\nBEGIN\n  \
                    CREATE OR REPLACE TEMPORARY TABLE work.tmp AS SELECT 1 AS x;\n  \
                    LET m := 2;\n  MERGE INTO t USING s ON t.id = s.id \
                    WHEN MATCHED THEN UPDATE SET v = :n;\n  \
                    IF (n > 0) THEN\n    DELETE FROM t WHERE id = m;\n  END IF;\n  \
                    RETURN n;\nEND;\n";
        let read = read(body, &[Ident::from_stored("P_ID")]);
        assert_eq!(names(&read.variables), ["P_ID", "N", "Mixed", "M"]);
        let statements: Vec<&str> = read.statements.iter().map(|r| &body[r.clone()]).collect();
        assert_eq!(
            statements,
            [
                "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = :n",
                "DELETE FROM t WHERE id = m",
            ]
        );
        assert_eq!(read.created.len(), 1);
        assert_eq!(names(&read.created[0]), ["WORK", "TMP"]);
    }

    #[test]
    fn a_statement_that_opens_the_block_is_compiled_and_an_unlexable_body_gives_nothing() {
        let body = "BEGIN INSERT INTO t (a) VALUES (1); END";
        let read = read(body, &[]);
        assert_eq!(read.statements.len(), 1);
        assert_eq!(
            &body[read.statements[0].clone()],
            "INSERT INTO t (a) VALUES (1)"
        );
        assert_eq!(super::read("SELECT 'unterminated", &[]), Body::default());
    }

    /// What runs whatever the data: DDL outside IF, CASE, loops and handlers — a nested
    /// block's included, a branch's, loop's or handler's not.
    #[test]
    fn unconditional_statements_are_those_outside_every_branch_loop_and_handler() {
        let body = "BEGIN
  CREATE TABLE a (x INT);
  IF (1 = 1) THEN
    CREATE TABLE b (x INT);
  ELSE
    DROP TABLE a;
  END IF;
  FOR i IN 1 TO 3 DO
    CREATE TABLE c (x INT);
  END FOR;
  BEGIN
    CREATE TABLE d (x INT);
  END;
  LOOP
    CREATE TABLE e (x INT);
  END LOOP;
  CREATE TABLE f (x INT);
EXCEPTION
  WHEN OTHER THEN
    CREATE TABLE g (x INT);
END";
        let read = read(body, &[]);
        let run: Vec<&str> = read
            .unconditional
            .iter()
            .map(|r| &body[r.clone()])
            .collect();
        assert_eq!(
            run,
            [
                "CREATE TABLE a (x INT)",
                "CREATE TABLE d (x INT)",
                "CREATE TABLE f (x INT)"
            ]
        );
    }

    #[test]
    fn a_place_is_a_line_from_one_and_a_position_from_zero() {
        let text = "\nBEGIN\n    SELECT 1;\nEND";
        let offset = text.find("SELECT").unwrap();
        assert_eq!(line_and_position(text, offset), (3, 4));
        assert_eq!(line_and_position("SELECT 1", 0), (1, 0));
    }
}
