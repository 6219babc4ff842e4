//! Running sqlparser safely: on its own thread with a large stack, on bounded input, and
//! translating its `line:column` positions back to byte offsets of the text.
//!
//! An unoptimised sqlparser uses large stack frames, and a parsed tree is dropped
//! recursively, so parsing and binding run on a thread whose stack is far larger than the
//! nesting sqlparser's recursion limit (and the binder's own depth limit) allows. A text
//! that cannot be handled — too long, not parsable, the thread not started — is simply not
//! bound: the caller accepts it (see the module comment of `sql::bind`).

use sqlparser::ast::{Query, Statement};
use sqlparser::dialect::SnowflakeDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Location;

/// Stack of the binding thread: reserved, not committed, so unused space costs nothing.
const STACK_BYTES: usize = 64 * 1024 * 1024;

/// Longer texts are not bound. A left-deep chain of operators (`1+1+1…`) parses without
/// recursion but builds a tree as deep as it is long, which is dropped recursively; this
/// bound keeps that depth far inside [`STACK_BYTES`]. Real queries are far shorter.
const MAX_TEXT_BYTES: usize = 256 * 1024;

thread_local! {
    /// Whether this thread is a binding thread (started by [`on_binding_thread`]).
    static BINDING_THREAD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` on a binding thread: this one when it already is, otherwise a new one with
/// [`STACK_BYTES`] of stack. A caller binding many texts (`validate` binds every view,
/// task and procedure statement) runs them all inside one call, so they share one thread
/// instead of starting one each. `None` when the thread could not be started or `f`
/// panicked.
pub(crate) fn on_binding_thread<R: Send>(f: impl FnOnce() -> R + Send) -> Option<R> {
    if BINDING_THREAD.with(std::cell::Cell::get) {
        return Some(f());
    }
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("sql-bind".into())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, move || {
                BINDING_THREAD.with(|b| b.set(true));
                f()
            })
            .ok()?;
        handle.join().ok()
    })
}

/// Starts `f` on a new binding thread and returns at once: how `plan` binds the project's
/// SQL while the live state is read. `None` when the thread could not be started.
pub(crate) fn spawn_binding_thread<R: Send + 'static>(
    f: impl FnOnce() -> R + Send + 'static,
) -> Option<std::thread::JoinHandle<R>> {
    std::thread::Builder::new()
        .name("sql-bind".into())
        .stack_size(STACK_BYTES)
        .spawn(move || {
            BINDING_THREAD.with(|b| b.set(true));
            f()
        })
        .ok()
}

/// Parses `text` as exactly one statement and runs `f` on it, on a binding thread.
/// `None` when the text is not bound (see the module comment).
pub(super) fn with_statement<R: Send>(
    text: &str,
    f: impl FnOnce(&Statement) -> R + Send,
) -> Option<R> {
    if text.len() > MAX_TEXT_BYTES {
        return None;
    }
    on_binding_thread(move || {
        let statements = parse(text).ok()?;
        match statements.as_slice() {
            [one] => Some(f(one)),
            _ => None,
        }
    })
    .flatten()
}

/// Parses `text` with sqlparser; when it fails, parses it again with the Snowflake forms
/// sqlparser does not read rewritten (see [`rewritten`]), and reports the first failure
/// if that fails too. Every byte offset of the rewritten text is the original's, so
/// positions and names taken from the original text stay right.
fn parse(text: &str) -> Result<Vec<Statement>, sqlparser::parser::ParserError> {
    let once = |text: &str| {
        Parser::new(&SnowflakeDialect {})
            .try_with_sql(text)
            .and_then(|mut p| p.parse_statements())
    };
    once(text).or_else(|first| match rewritten(text) {
        Some(again) => once(&again).map_err(|_| first),
        None => Err(first),
    })
}

/// The tokens of `text` with their byte ranges; none when sqlparser's tokenizer refuses
/// the text (then its parser refuses it too). Positions are converted in one pass, so a
/// long text costs its length: sqlparser gives 1-based lines and columns in characters.
pub(super) fn tokens_of(text: &str) -> Vec<(sqlparser::tokenizer::Token, std::ops::Range<usize>)> {
    use sqlparser::tokenizer::Tokenizer;
    let Ok(tokens) = Tokenizer::new(&SnowflakeDialect {}, text).tokenize_with_location() else {
        return Vec::new();
    };
    // The cursor: a location and its byte offset, moved forward only.
    let mut at = (Location::new(1, 1), 0usize);
    let mut chars = text.chars();
    let mut offset_of = |target: Location| -> usize {
        while (at.0.line, at.0.column) < (target.line, target.column) {
            let Some(c) = chars.next() else {
                return text.len();
            };
            at.1 += c.len_utf8();
            if c == '\n' {
                at.0 = Location::new(at.0.line + 1, 1);
            } else {
                at.0 = Location::new(at.0.line, at.0.column + 1);
            }
        }
        at.1
    };
    tokens
        .into_iter()
        .map(|t| {
            let start = offset_of(t.span.start);
            let end = offset_of(t.span.end).max(start);
            (t.token, start..end)
        })
        .collect()
}

/// `text` with the documented Snowflake forms sqlparser 0.64 cannot parse replaced, byte
/// for byte, by forms it reads that bind the same; `None` when there are none:
/// * `DIRECTED` before JOIN, a join-order hint
///   (https://docs.snowflake.com/en/sql-reference/constructs/join): blanked;
/// * `TIMESTAMP WITH LOCAL TIME ZONE`, a synonym of TIMESTAMP_LTZ
///   (https://docs.snowflake.com/en/sql-reference/data-types-datetime#timestamp-ltz-timestamp-ntz-timestamp-tz):
///   `TIMESTAMP_LTZ` padded with spaces;
/// * CAST's `RENAME FIELDS` / `ADD FIELDS` before its closing parenthesis
///   (https://docs.snowflake.com/en/sql-reference/functions/cast), which change how an
///   OBJECT's fields map, not the target type: blanked;
/// * `IDENTIFIER('<name>')(…)`, a call of the function the string names
///   (https://docs.snowflake.com/en/sql-reference/identifier-literal): the name, padded;
/// * MERGE's `UPDATE ALL BY NAME` and `INSERT ALL BY NAME`
///   (https://docs.snowflake.com/en/sql-reference/sql/merge): sqlparser's `UPDATE SET *`
///   and `INSERT *`, padded, which the binder checks as ALL BY NAME (`statement.rs`).
fn rewritten(text: &str) -> Option<String> {
    use sqlparser::tokenizer::Token;
    // Significant tokens with their byte ranges.
    let tokens: Vec<(Token, std::ops::Range<usize>)> = tokens_of(text)
        .into_iter()
        .filter(|(t, _)| !matches!(t, Token::Whitespace(_)))
        .collect();
    let word = |i: usize, w: &str| {
        matches!(tokens.get(i), Some((Token::Word(word), _))
            if word.quote_style.is_none() && word.value.eq_ignore_ascii_case(w))
    };
    let mut out = text.as_bytes().to_vec();
    let mut replace = |range: std::ops::Range<usize>, with: &str| {
        if let Some(target) = out.get_mut(range.clone())
            && with.len() <= target.len()
        {
            target.fill(b' ');
            target[..with.len()].copy_from_slice(with.as_bytes());
        }
    };
    for i in 0..tokens.len() {
        let range = tokens[i].1.clone();
        if word(i, "DIRECTED") && word(i + 1, "JOIN") {
            replace(range, "");
        } else if word(i, "TIMESTAMP")
            && word(i + 1, "WITH")
            && word(i + 2, "LOCAL")
            && word(i + 3, "TIME")
            && word(i + 4, "ZONE")
        {
            replace(range.start..tokens[i + 4].1.end, "TIMESTAMP_LTZ");
        } else if (word(i, "RENAME") || word(i, "ADD"))
            && word(i + 1, "FIELDS")
            && matches!(tokens.get(i + 2), Some((Token::RParen, _)))
        {
            replace(range.start..tokens[i + 1].1.end, "");
        } else if word(i, "IDENTIFIER")
            && matches!(tokens.get(i + 1), Some((Token::LParen, _)))
            && matches!(tokens.get(i + 3), Some((Token::RParen, _)))
            && matches!(tokens.get(i + 4), Some((Token::LParen, _)))
            && let Some((Token::SingleQuotedString(name), _)) = tokens.get(i + 2)
            && let Ok(parts) = crate::model::identifier::split_parts(name.as_str())
        {
            let name: Vec<String> = parts.iter().map(|p| p.to_sql().into_owned()).collect();
            replace(range.start..tokens[i + 3].1.end, &name.join("."));
        } else if (word(i, "UPDATE") || word(i, "INSERT"))
            && word(i + 1, "ALL")
            && word(i + 2, "BY")
            && word(i + 3, "NAME")
        {
            let with = if word(i, "UPDATE") {
                "UPDATE SET *"
            } else {
                "INSERT *"
            };
            replace(range.start..tokens[i + 3].1.end, with);
        }
    }
    let out = String::from_utf8(out).ok()?;
    (out != text).then_some(out)
}

/// Where sqlparser stopped in a text it could not parse: the byte offset and the token
/// it found (`<EOF>` at the end), as Snowflake's syntax error names them.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SyntaxError {
    pub(crate) offset: usize,
    pub(crate) found: String,
}

/// Like [`with_statement`], for a text that must be one query, telling why it is not
/// bound: `Err(Some(_))` when sqlparser cannot parse it, `Err(None)` when it is too long,
/// not a query, or the binding thread could not run.
pub(super) fn with_query_or_error<R: Send>(
    text: &str,
    f: impl FnOnce(&Query) -> R + Send,
) -> Result<R, Option<SyntaxError>> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(None);
    }
    on_binding_thread(move || {
        let statements = parse(text).map_err(|e| Some(locate(text, &e.to_string())))?;
        match statements.as_slice() {
            [Statement::Query(q)] => Ok(f(q)),
            _ => Err(None),
        }
    })
    .unwrap_or(Err(None))
}

/// Reads sqlparser's `… found: X at Line: l, Column: c` (its error format); the start of
/// the text when the message does not have that form.
fn locate(text: &str, message: &str) -> SyntaxError {
    // At the end sqlparser gives no usable location: the end of the text is where it stopped.
    if message.contains("found: EOF") {
        return SyntaxError {
            offset: text.len(),
            found: "<EOF>".to_string(),
        };
    }
    let at = message.rsplit_once(" at Line: ").and_then(|(head, tail)| {
        let (line, column) = tail.split_once(", Column: ")?;
        let line = line.trim().parse().ok()?;
        let column = column.trim().parse().ok()?;
        let found = head
            .rsplit_once("found: ")
            .map(|(_, f)| f.trim().to_string());
        Some((offset(text, Location::new(line, column))?, found))
    });
    match at {
        Some((offset, found)) => SyntaxError {
            offset,
            found: match found.as_deref() {
                None | Some("EOF") => "<EOF>".to_string(),
                Some(f) => f.to_string(),
            },
        },
        None => SyntaxError {
            offset: 0,
            found: text
                .split_whitespace()
                .next()
                .unwrap_or("<EOF>")
                .to_string(),
        },
    }
}

/// Like [`with_statement`], for a text that must be a query.
pub(super) fn with_query<R: Send>(text: &str, f: impl FnOnce(&Query) -> R + Send) -> Option<R> {
    with_statement(text, |statement| match statement {
        Statement::Query(q) => Some(f(q)),
        _ => None,
    })
    .flatten()
}

/// The byte offset in `text` of a sqlparser location (1-based line, 1-based column in
/// characters); `None` for the empty location sqlparser gives synthesized nodes.
pub(super) fn offset(text: &str, at: Location) -> Option<usize> {
    if at.line == 0 || at.column == 0 {
        return None;
    }
    let mut line_start = 0;
    for _ in 1..at.line {
        line_start += text.get(line_start..)?.find('\n')? + 1;
    }
    let line = text.get(line_start..)?;
    let column = usize::try_from(at.column - 1).ok()?;
    match line.char_indices().nth(column) {
        Some((i, _)) => Some(line_start + i),
        None => Some(line_start + line.len()),
    }
}

/// The byte range of `[start, end)` locations in `text`, when both are known.
pub(super) fn range(text: &str, start: Location, end: Location) -> Option<std::ops::Range<usize>> {
    let s = offset(text, start)?;
    let e = offset(text, end).filter(|e| *e >= s).unwrap_or(s);
    Some(s..e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_map_to_byte_offsets() {
        let text = "select é,\n  nosuch";
        assert_eq!(offset(text, Location::new(1, 8)), Some(7));
        assert_eq!(offset(text, Location::new(2, 3)), Some(13));
        assert_eq!(&text[13..], "nosuch");
        assert_eq!(offset(text, Location::new(0, 0)), None);
        assert_eq!(offset(text, Location::new(9, 1)), None);
    }

    #[test]
    fn unparsable_and_oversized_texts_are_not_bound() {
        assert_eq!(with_query("select from from", |_| 1), None);
        assert_eq!(with_query("select 1; select 2", |_| 1), None);
        assert_eq!(with_query("select 1", |_| 1), Some(1));
        let huge = format!("select {}", "1+".repeat(MAX_TEXT_BYTES));
        assert_eq!(with_query(&huge, |_| 1), None);
    }

    /// A left-deep chain of operators parses without recursion into a tree as deep as
    /// the chain; binding it and dropping it stay within the binding thread's stack.
    #[test]
    fn long_operator_chains_do_not_overflow() {
        let chain = format!("select {}1 as x", "1+".repeat((MAX_TEXT_BYTES - 64) / 2));
        assert!(chain.len() <= MAX_TEXT_BYTES);
        struct None_;
        impl super::super::Relations for None_ {
            fn columns(
                &self,
                _: &[crate::model::identifier::Ident],
            ) -> Option<Vec<super::super::BoundColumn>> {
                None
            }
        }
        assert!(super::super::bind_view(&chain, &None_).is_ok());
    }

    /// The Snowflake forms sqlparser does not read are rewritten byte for byte into forms
    /// it reads, and only when the text does not parse as written.
    #[test]
    fn unread_snowflake_forms_are_rewritten_in_place() {
        let cases = [
            (
                "select * from a inner directed join b on a.x = b.x",
                "select * from a inner          join b on a.x = b.x",
            ),
            (
                "select a::timestamp with local time zone from t",
                "select a::TIMESTAMP_LTZ                  from t",
            ),
            (
                "select cast(o as object(x char) rename fields)",
                "select cast(o as object(x char)              )",
            ),
            (
                "select identifier('speed_of_light')(), identifier('\"My F\"')(1)",
                "select SPEED_OF_LIGHT              (), \"My F\"              (1)",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(rewritten(text).as_deref(), Some(expected), "{text}");
            assert_eq!(rewritten(text).map(|r| r.len()), Some(text.len()));
            assert_eq!(with_query(text, |_| 1), Some(1), "{text}");
        }
        assert_eq!(rewritten("select directed from t"), None);
        // A text that parses is bound as written.
        assert_eq!(with_query("select 1 as directed", |_| 1), Some(1));
    }

    #[test]
    fn deep_nesting_neither_overflows_nor_binds() {
        let deep = format!("select {}1{}", "(".repeat(5000), ")".repeat(5000));
        assert_eq!(with_query(&deep, |_| 1), None);
    }
}
