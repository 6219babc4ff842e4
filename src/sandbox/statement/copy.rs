//! `COPY INTO <table> [(columns)] FROM @stage[/path] | (SELECT … FROM @stage …) [options]`:
//! the load form, read far enough to check what it names — the table, the stage and any
//! `FORMAT_NAME` — since the emulator holds no files to load.

use super::parser::{Parser, RawName};
use super::properties::{Value, properties};
use crate::model::identifier::split_parts;
use crate::sandbox::error::SqlError;
use crate::sql::{Token, TokenKind};

#[derive(Clone, Debug, PartialEq)]
pub struct CopyInto {
    pub table: RawName,
    /// Named stages read (`@name`); user (`@~`) and table (`@%t`) stages are not listed.
    pub stages: Vec<RawName>,
    /// `FILE_FORMAT = (FORMAT_NAME = '…')` values, as written.
    pub format_names: Vec<String>,
}

pub fn copy_into(p: &mut Parser) -> Result<CopyInto, SqlError> {
    if p.is_sym("@") {
        return Err(p.error());
    }
    let table = p.name()?;
    if p.is_sym("(") {
        p.skip_parens()?;
    }
    p.expect_kw("FROM")?;
    let stages = if p.is_sym("(") {
        let (start, end) = p.skip_parens()?;
        stage_names(&p.tokens()[start..end])
    } else {
        let at = p.mark();
        p.expect_sym("@")?;
        skip_stage_reference(p);
        stage_names(&p.tokens()[at..p.mark()])
    };
    let mut format_names = Vec::new();
    for property in properties(p)? {
        if property.key == "FILE_FORMAT"
            && let Value::Options(options) = &property.value
        {
            format_names.extend(
                options
                    .iter()
                    .filter(|o| o.key == "FORMAT_NAME")
                    .filter_map(|o| o.value.text()),
            );
        }
    }
    Ok(CopyInto {
        table,
        stages,
        format_names,
    })
}

/// Skips `name[.name…][/path/…]`: the path ends at the first gap between tokens.
fn skip_stage_reference(p: &mut Parser) {
    let mut end = p
        .tokens()
        .get(p.mark().wrapping_sub(1))
        .map_or(0, |t| t.end);
    while let Some(t) = p.peek() {
        if t.start != end {
            break;
        }
        end = t.end;
        p.advance();
    }
}

/// `@name` references among tokens: the name is the run of tokens written right after
/// the `@` without a gap, up to a `/` path.
fn stage_names(tokens: &[Token]) -> Vec<RawName> {
    let mut names = Vec::new();
    for (i, at) in tokens.iter().enumerate() {
        if !at.is_symbol("@") {
            continue;
        }
        let mut end = at.end;
        let adjacent: Vec<&Token> = tokens[i + 1..]
            .iter()
            .take_while(|t| {
                let joined = t.start == end && !t.is_symbol("/");
                end = t.end;
                joined
            })
            .collect();
        // `@~` is the user's stage and `@%t` a table's: neither is a named stage.
        if adjacent
            .first()
            .is_none_or(|t| t.is_symbol("~") || t.is_symbol("%"))
        {
            continue;
        }
        let text: String = adjacent
            .iter()
            .map(|t| match t.kind {
                TokenKind::QuotedIdent => format!("\"{}\"", t.value.replace('"', "\"\"")),
                _ => t.value.clone(),
            })
            .collect();
        if let Ok(parts) = split_parts(&text) {
            names.push(RawName { parts });
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(sql: &str) -> CopyInto {
        let mut p = Parser::new(sql).unwrap();
        let c = copy_into(&mut p).unwrap();
        p.expect_end().unwrap();
        c
    }

    #[test]
    fn reads_table_stage_and_format() {
        let c = copy(
            "raw_customer (a, b) from (select $1, metadata$filename from @bronze.adls_stage/customer/ t) file_format = (format_name = 'csv_ff') on_error = 'continue' pattern = '.*[.]csv'",
        );
        assert_eq!(c.table.to_string(), "RAW_CUSTOMER");
        assert_eq!(
            c.stages.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            ["BRONZE.ADLS_STAGE"]
        );
        assert_eq!(c.format_names, ["csv_ff"]);
        let c = copy("t from @stg/path/file.csv file_format = (type = csv)");
        assert_eq!(c.stages[0].to_string(), "STG");
        assert!(c.format_names.is_empty());
        let c = copy("t from @~/staged");
        assert!(c.stages.is_empty());
    }
}
