//! Names that a SQL text refers to, read from its tokens.
//!
//! A view depends on the tables and views it selects from; a task on the stream in its
//! `SYSTEM$STREAM_HAS_DATA(…)` condition, the procedure it `CALL`s, the stages it reads
//! (`@STAGE/path`; table stages `@%T` and the user stage `@~` name no object) and the table
//! it writes (`COPY INTO`, `INSERT [OVERWRITE] INTO`, `MERGE INTO`). These functions find
//! those names token by token — so a name inside a string literal or a comment is never
//! mistaken for a reference — and leave resolution (defaults, declared or external) to the
//! caller. Names come back as written, split into identifier parts.

use std::collections::BTreeSet;

use super::lexer::{LexError, Token, TokenKind, tokenize};
use crate::model::identifier::{Ident, split_parts};

/// Relations (tables, views, streams) named after `FROM` / `JOIN` (and comma-separated in
/// a FROM list), excluding common-table-expression names, subqueries, table functions
/// (`TABLE(…)`, `LATERAL FLATTEN(…)`) and stage locations (`@stage`).
pub(crate) fn relations(sql: &str) -> Result<Vec<Vec<Ident>>, LexError> {
    let tokens = significant(sql)?;
    let ctes = cte_names(&tokens);
    let mut found = Vec::new();
    // Paren depths at which a FROM clause is open: a comma at that depth starts another
    // relation, and a clause keyword or the closing paren ends the clause.
    let mut open_from: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    for (i, token) in tokens.iter().enumerate() {
        let in_from = open_from.last() == Some(&depth);
        let starts_relation = if token.is_symbol("(") {
            depth += 1;
            false
        } else if token.is_symbol(")") {
            open_from.retain(|d| *d < depth);
            depth = depth.saturating_sub(1);
            false
        } else if token.is_keyword("FROM") {
            if !in_from {
                open_from.push(depth);
            }
            true
        } else if token.is_keyword("JOIN") || (in_from && token.is_symbol(",")) {
            true
        } else {
            if in_from && ENDS_FROM_CLAUSE.iter().any(|k| token.is_keyword(k)) {
                open_from.pop();
            }
            false
        };
        if starts_relation
            && let Some((name, _)) = relation_name(&tokens, i + 1)
            && !(name.len() == 1 && ctes.contains(&name[0]))
        {
            found.push(name);
        }
    }
    Ok(found)
}

/// Keywords that end a FROM clause at its own nesting depth — and a SELECT list, for the
/// clauses that may follow one (the sandbox's pipe and variable rewrites read both).
pub(crate) const ENDS_FROM_CLAUSE: &[&str] = &[
    "WHERE",
    "GROUP",
    "HAVING",
    "QUALIFY",
    "ORDER",
    "LIMIT",
    "UNION",
    "EXCEPT",
    "MINUS",
    "INTERSECT",
    "WINDOW",
    "FETCH",
];

/// The first argument of every call of `function` written as a string literal:
/// `SYSTEM$STREAM_HAS_DATA('S1')` names a stream, `SYSTEM$SEND_EMAIL('INT', …)` an e-mail
/// integration.
pub(crate) fn first_string_arguments(sql: &str, function: &str) -> Result<Vec<String>, LexError> {
    let tokens = significant(sql)?;
    Ok(tokens
        .windows(3)
        .filter(|w| {
            w[0].is_keyword(function) && w[1].is_symbol("(") && w[2].kind == TokenKind::String
        })
        .map(|w| w[2].value.clone())
        .collect())
}

/// The e-mail notification integrations a statement sends through:
/// `SYSTEM$SEND_EMAIL('<integration_name>', …)`
/// (https://docs.snowflake.com/en/sql-reference/stored-procedures/system_send_email).
/// The docs call the argument the integration's name and say no more about its case;
/// lakeform reads it as an identifier written in a string (as `SYSTEM$PIPE_STATUS` and
/// `SYSTEM$STREAM_HAS_DATA` take theirs), so `'team_mail'` is `TEAM_MAIL`.
pub(crate) fn email_integrations(sql: &str) -> Result<Vec<Ident>, LexError> {
    Ok(first_string_arguments(sql, "SYSTEM$SEND_EMAIL")?
        .iter()
        .filter_map(|text| match split_parts(text) {
            Ok(mut parts) if parts.len() == 1 => parts.pop(),
            _ => None,
        })
        .collect())
}

/// The procedures named by `CALL name(…)`.
pub(crate) fn called_procedures(sql: &str) -> Result<Vec<Vec<Ident>>, LexError> {
    let tokens = significant(sql)?;
    let mut found = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if token.is_keyword("CALL")
            && let Some((name, _)) = dotted_name(&tokens, i + 1)
            && !is_system_procedure(&name)
        {
            found.push(name);
        }
    }
    Ok(found)
}

/// A built-in: one unquoted-style name starting with `SYSTEM$` (`CALL
/// SYSTEM$SEND_EMAIL(…)`), which lives in no schema of the account
/// (https://docs.snowflake.com/en/sql-reference/functions-system).
fn is_system_procedure(name: &[Ident]) -> bool {
    matches!(name, [only] if only.as_str().starts_with("SYSTEM$"))
}

/// The named stages a statement reads or writes (`@STAGE`, `@DB.S.STAGE/path/`).
pub(crate) fn stages(sql: &str) -> Result<Vec<Vec<Ident>>, LexError> {
    let tokens = significant(sql)?;
    Ok(tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is_symbol("@"))
        .filter_map(|(i, _)| dotted_name(&tokens, i + 1).map(|(name, _)| name))
        .collect())
}

/// The tables a statement writes: the name after `INTO` in COPY, INSERT and MERGE.
pub(crate) fn write_targets(sql: &str) -> Result<Vec<Vec<Ident>>, LexError> {
    let tokens = significant(sql)?;
    let mut found = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let writes = token.is_keyword("INTO")
            && i > 0
            && ["COPY", "INSERT", "MERGE", "OVERWRITE"]
                .iter()
                .any(|k| tokens[i - 1].is_keyword(k));
        if writes && let Some((name, _)) = dotted_name(&tokens, i + 1) {
            found.push(name);
        }
    }
    Ok(found)
}

/// The named file formats a statement uses: `FORMAT_NAME = 'name'` inside a COPY's or a
/// stage's `FILE_FORMAT = (…)`, `FORMAT_NAME => 'name'` in table functions such as
/// INFER_SCHEMA, `FILE_FORMAT => 'name'` when selecting from a stage, and the unquoted
/// `FORMAT_NAME = name` Snowflake also accepts
/// (<https://docs.snowflake.com/en/sql-reference/sql/copy-into-table>, "FILE_FORMAT =
/// ( FORMAT_NAME = 'file_format_name' )"; <https://docs.snowflake.com/en/user-guide/querying-stage>).
/// The name in the string is split like an identifier, so `'DB.S."f"'` keeps its case.
pub(crate) fn file_formats(sql: &str) -> Result<Vec<Vec<Ident>>, LexError> {
    let tokens = significant(sql)?;
    let mut found = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let Some(arrow) = tokens.get(i + 1) else {
            continue;
        };
        let named = (token.is_keyword("FORMAT_NAME")
            && (arrow.is_symbol("=") || arrow.is_symbol("=>")))
            || (token.is_keyword("FILE_FORMAT") && arrow.is_symbol("=>"));
        if !named {
            continue;
        }
        match tokens.get(i + 2) {
            Some(value) if value.kind == TokenKind::String => {
                if let Ok(parts) = split_parts(&value.value) {
                    found.push(parts);
                }
            }
            Some(_) => {
                if let Some((parts, _)) = dotted_name(&tokens, i + 2) {
                    found.push(parts);
                }
            }
            None => {}
        }
    }
    Ok(found)
}

/// A name written in an expression with a qualifying word after it: `PR.S.SEQ.NEXTVAL`
/// is the name `PR.S.SEQ` with `NEXTVAL`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct QualifiedUse {
    pub(crate) name: Vec<Ident>,
    /// The byte range of the name (without the word) in the source.
    pub(crate) span: std::ops::Range<usize>,
    /// The word, upper case.
    pub(crate) word: String,
}

/// Every dotted name in `sql` that ends in `.<word>` for one of `words` (unquoted, any
/// case): how an expression names an object by what it asks of it (`SEQ.NEXTVAL`).
pub(crate) fn qualified_uses(sql: &str, words: &[&str]) -> Result<Vec<QualifiedUse>, LexError> {
    let tokens = significant(sql)?;
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let follows_dot = i > 0 && tokens[i - 1].is_symbol(".");
        match dotted_name(&tokens, i).filter(|_| !follows_dot) {
            Some((parts, next)) => {
                let last = &tokens[next - 1];
                if parts.len() >= 2
                    && let Some(word) = words.iter().find(|w| last.is_keyword(w))
                {
                    let start = tokens[i].start;
                    let end = tokens[next - 3].end;
                    found.push(QualifiedUse {
                        name: parts[..parts.len() - 1].to_vec(),
                        span: start..end,
                        word: word.to_ascii_uppercase(),
                    });
                }
                i = next;
            }
            None => i += 1,
        }
    }
    Ok(found)
}

fn significant(sql: &str) -> Result<Vec<Token>, LexError> {
    Ok(tokenize(sql)?
        .into_iter()
        .filter(|t| !t.is_trivia())
        .collect())
}

/// `WITH a AS (…), b AS (…)`: the names a and b.
fn cte_names(tokens: &[Token]) -> BTreeSet<Ident> {
    let mut names = BTreeSet::new();
    for (i, token) in tokens.iter().enumerate() {
        let after_with_or_comma =
            token.is_keyword("WITH") || token.is_keyword("RECURSIVE") || token.is_symbol(",");
        if !after_with_or_comma {
            continue;
        }
        if let (Some(name), Some(as_kw)) = (tokens.get(i + 1), tokens.get(i + 2))
            && as_kw.is_keyword("AS")
            && tokens.get(i + 3).is_some_and(|t| t.is_symbol("("))
            && let Some(ident) = ident_of(name)
        {
            names.insert(ident);
        }
    }
    names
}

fn ident_of(token: &Token) -> Option<Ident> {
    match token.kind {
        TokenKind::Word => Some(Ident::from_stored(token.value.to_uppercase())),
        TokenKind::QuotedIdent => Some(Ident::from_stored(token.value.clone())),
        _ => None,
    }
}

/// Words that can follow FROM/JOIN but do not start a relation name.
const NOT_A_RELATION: &[&str] = &["TABLE", "LATERAL", "SELECT", "VALUES", "IDENTIFIER"];

/// Reads `a.b.c` starting at `i`; returns the parts and the index after the name.
fn dotted_name(tokens: &[Token], mut i: usize) -> Option<(Vec<Ident>, usize)> {
    let mut parts = vec![ident_of(tokens.get(i)?)?];
    i += 1;
    while tokens.get(i).is_some_and(|t| t.is_symbol(".")) {
        parts.push(ident_of(tokens.get(i + 1)?)?);
        i += 2;
    }
    Some((parts, i))
}

/// A relation name at `i`: a dotted name that is neither a keyword starting something
/// else nor a table function call (`name(`).
fn relation_name(tokens: &[Token], i: usize) -> Option<(Vec<Ident>, usize)> {
    if NOT_A_RELATION
        .iter()
        .any(|k| tokens.get(i).is_some_and(|t| t.is_keyword(k)))
    {
        return None;
    }
    let (parts, next) = dotted_name(tokens, i)?;
    if tokens.get(next).is_some_and(|t| t.is_symbol("(")) {
        return None;
    }
    Some((parts, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualified_uses_find_the_name_before_the_word() {
        let sql = "coalesce(silver.\"Seq\".nextval, pr.s.other.NEXTVAL, x.currval, nextval)";
        let found = qualified_uses(sql, &["NEXTVAL"]).unwrap();
        let names: Vec<String> = found
            .iter()
            .map(|u| {
                u.name
                    .iter()
                    .map(|p| p.to_sql())
                    .collect::<Vec<_>>()
                    .join(".")
            })
            .collect();
        assert_eq!(names, ["SILVER.\"Seq\"", "PR.S.OTHER"]);
        assert_eq!(&sql[found[0].span.clone()], "silver.\"Seq\"");
        assert_eq!(found[1].word, "NEXTVAL");
        assert!(
            qualified_uses("'a.nextval'", &["NEXTVAL"])
                .unwrap()
                .is_empty()
        );
    }

    fn names(sql: &str) -> Vec<String> {
        text_of(relations(sql).unwrap())
    }

    #[test]
    fn from_join_and_comma_lists() {
        assert_eq!(
            names(
                "select * from silver.orders o join silver.product p on o.pid = p.id, gold.x as y where 1=1"
            ),
            ["SILVER.ORDERS", "SILVER.PRODUCT", "GOLD.X"]
        );
    }

    #[test]
    fn ctes_subqueries_functions_strings_and_comments_are_not_relations() {
        let sql = "with recent as (select * from db.s.orders) \
                   select * from recent, lateral flatten(input => x) f \
                   join (select 1 from db.s.inner_t) q on true \
                   where y = 'from fake' -- join nothing\n";
        assert_eq!(names(sql), ["DB.S.ORDERS", "DB.S.INNER_T"]);
        assert_eq!(
            names("select * from table(result_scan(last_query_id()))"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn quoted_names_keep_case() {
        assert_eq!(names("select * from \"Db\".s.\"T\""), ["\"Db\".S.T"]);
    }

    #[test]
    fn task_references() {
        assert_eq!(
            first_string_arguments(
                "SYSTEM$STREAM_HAS_DATA('DB.BRONZE.S1') and system$stream_has_data('S2')",
                "SYSTEM$STREAM_HAS_DATA"
            )
            .unwrap(),
            ["DB.BRONZE.S1", "S2"]
        );
        let mails = email_integrations(
            "CALL SYSTEM$SEND_EMAIL(\n  'team_mail', 'a@b.c', 's', 'b'); CALL SYSTEM$SEND_EMAIL('\"Mixed\"', 'a@b.c', 's', 'b'); CALL SYSTEM$SEND_EMAIL('A.B', 'x', 'y', 'z')",
        )
        .unwrap();
        assert_eq!(
            mails.iter().map(Ident::to_sql).collect::<Vec<_>>(),
            ["TEAM_MAIL", "\"Mixed\""]
        );
        let calls = called_procedures("call silver.merge_customer()").unwrap();
        assert_eq!(calls[0].len(), 2);
        assert_eq!(calls[0][1].as_str(), "MERGE_CUSTOMER");
        // Built-in system procedures are no reference.
        let calls = called_procedures("CALL SYSTEM$SEND_EMAIL('I', 'a@b.c', 's', 'b')").unwrap();
        assert!(calls.is_empty());
    }

    fn text_of(names: Vec<Vec<Ident>>) -> Vec<String> {
        names
            .iter()
            .map(|parts| {
                parts
                    .iter()
                    .map(|p| p.to_sql().into_owned())
                    .collect::<Vec<_>>()
                    .join(".")
            })
            .collect()
    }

    #[test]
    fn stages_skip_table_and_user_stages_and_strings() {
        let sql = "COPY INTO raw FROM (SELECT $1 FROM @adls_stage/customer/) \
                   FILE_FORMAT = (FORMAT_NAME = '@not_a_stage') -- @nor_this\n";
        assert_eq!(text_of(stages(sql).unwrap()), ["ADLS_STAGE"]);
        assert_eq!(
            text_of(stages("LIST @%t; LIST @~; LIST @db.s.\"Stg\"").unwrap()),
            ["DB.S.\"Stg\""]
        );
    }

    #[test]
    fn file_formats_named_in_copy_stage_and_table_functions() {
        let sql = r#"COPY INTO T FROM @S/a/ FILE_FORMAT = (FORMAT_NAME = 'JSON_FILE_FORMAT')
                   -- FORMAT_NAME = 'IN_A_COMMENT'
                   "#;
        assert_eq!(text_of(file_formats(sql).unwrap()), ["JSON_FILE_FORMAT"]);
        let sql = r#"SELECT $1 FROM @S (FILE_FORMAT => 'db.s."csv"')
                   UNION ALL SELECT * FROM TABLE(INFER_SCHEMA(LOCATION => '@S', FORMAT_NAME => 'P'))
                   UNION ALL SELECT 'FORMAT_NAME = ''X''' FROM T"#;
        assert_eq!(text_of(file_formats(sql).unwrap()), [r#"DB.S."csv""#, "P"]);
        let sql = "COPY INTO T FROM @S FILE_FORMAT = (FORMAT_NAME = BRONZE.CSV_FF)";
        assert_eq!(text_of(file_formats(sql).unwrap()), ["BRONZE.CSV_FF"]);
        let inline = "COPY INTO T FROM @S FILE_FORMAT = (TYPE = CSV)";
        assert!(file_formats(inline).unwrap().is_empty());
    }

    #[test]
    fn write_targets_of_copy_insert_and_merge() {
        assert_eq!(
            text_of(write_targets("copy into bronze.raw (a) from @s").unwrap()),
            ["BRONZE.RAW"]
        );
        assert_eq!(
            text_of(
                write_targets(
                    "INSERT OVERWRITE INTO t SELECT 1; MERGE INTO db.s.u USING x ON true"
                )
                .unwrap()
            ),
            ["T", "DB.S.U"]
        );
        assert!(
            write_targets("COPY INTO @unload FROM t")
                .unwrap()
                .is_empty()
        );
        assert!(write_targets("SELECT 1 INTO :v").unwrap().is_empty());
    }
}
