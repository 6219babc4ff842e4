//! What a task's statement names besides what `sql::references` finds: the stages it
//! reads (`@STAGE/path`) and the table it writes (`COPY INTO`, `INSERT [OVERWRITE]
//! INTO`, `MERGE INTO`). These are dependencies of the task — and, undeclared, the
//! same kind of dangling reference as a missing stream — found token by token so names
//! inside strings and comments never count.
//!
//! Table stages (`@%T`), the user stage (`@~`) and unloads (`COPY INTO @stage`) name no
//! declared object and are skipped.

use crate::model::identifier::Ident;
use crate::sql::{LexError, Token, TokenKind, tokenize};

/// The named stages a statement reads or writes (`@STAGE`, `@DB.S.STAGE/path/`).
pub fn stages(sql: &str) -> Result<Vec<Vec<Ident>>, LexError> {
    let tokens = significant(sql)?;
    Ok(tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is_symbol("@"))
        .filter_map(|(i, _)| dotted_name(&tokens, i + 1))
        .collect())
}

/// The tables a statement writes: the name after `INTO` in COPY, INSERT and MERGE.
pub fn write_targets(sql: &str) -> Result<Vec<Vec<Ident>>, LexError> {
    let tokens = significant(sql)?;
    let mut found = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let writes = token.is_keyword("INTO")
            && i > 0
            && ["COPY", "INSERT", "MERGE", "OVERWRITE"]
                .iter()
                .any(|k| tokens[i - 1].is_keyword(k));
        if writes && let Some(name) = dotted_name(&tokens, i + 1) {
            found.push(name);
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

fn ident_of(token: &Token) -> Option<Ident> {
    match token.kind {
        TokenKind::Word => Some(Ident::from_stored(token.value.to_uppercase())),
        TokenKind::QuotedIdent => Some(Ident::from_stored(token.value.clone())),
        _ => None,
    }
}

/// `a.b.c` starting at `i`.
fn dotted_name(tokens: &[Token], mut i: usize) -> Option<Vec<Ident>> {
    let mut parts = vec![ident_of(tokens.get(i)?)?];
    i += 1;
    while tokens.get(i).is_some_and(|t| t.is_symbol(".")) {
        parts.push(ident_of(tokens.get(i + 1)?)?);
        i += 2;
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(names: Vec<Vec<Ident>>) -> Vec<String> {
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
        assert_eq!(text(stages(sql).unwrap()), ["ADLS_STAGE"]);
        assert_eq!(
            text(stages("LIST @%t; LIST @~; LIST @db.s.\"Stg\"").unwrap()),
            ["DB.S.\"Stg\""]
        );
    }

    #[test]
    fn write_targets_of_copy_insert_and_merge() {
        assert_eq!(
            text(write_targets("copy into bronze.raw (a) from @s").unwrap()),
            ["BRONZE.RAW"]
        );
        assert_eq!(
            text(
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
