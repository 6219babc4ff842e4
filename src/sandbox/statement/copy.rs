//! `COPY INTO <table> [(columns)] [FROM @stage[/path] | '<url>' | (SELECT … FROM @stage …)]
//! [options]` (https://docs.snowflake.com/en/sql-reference/sql/copy-into-table): the load
//! form, read far enough to check what it names — the table, the stage, any `FORMAT_NAME`
//! and an external location's `STORAGE_INTEGRATION` — since the emulator holds no files
//! to load. Without FROM the table's own stage is read: "when copying data from files in
//! a table stage, the FROM clause can be omitted"
//! (https://docs.snowflake.com/en/user-guide/data-load-local-file-system-copy). An
//! external location is written quoted, as the syntax gives it (`externalLocation ::=
//! 'azure://…'`), or unquoted, as the page's examples write it (`FROM
//! s3://mybucket/data/files`). And the unload form,
//! `COPY INTO @stage[/path] | '<url>' FROM <table> | (<query>) [PARTITION BY <expr>]
//! [options]` (https://docs.snowflake.com/en/sql-reference/sql/copy-into-location), read
//! the same way: the stage, the table or what the query reads, and the format.

use super::ast::Statement;
use super::parser::{Parser, RawName};
use super::properties::{Property, Value, at_property, properties, property};
use super::references::referenced_names;
use crate::model::identifier::split_parts;
use crate::sandbox::error::SqlError;
use crate::sql::{Token, TokenKind};

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CopyInto {
    pub(crate) table: RawName,
    /// Named stages read (`@name`); user (`@~`) and table (`@%t`) stages are not listed.
    pub(crate) stages: Vec<RawName>,
    /// `FILE_FORMAT = (FORMAT_NAME = '…')` values, as written.
    pub(crate) format_names: Vec<String>,
    /// An external location's `STORAGE_INTEGRATION` and `CREDENTIALS` properties.
    pub(crate) authentication: Vec<Property>,
    /// `FROM '<url>'` (or unquoted), the external location read.
    pub(crate) location: Option<String>,
}

/// `COPY INTO <location>`: what an unload names.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CopyUnload {
    /// The named stage unloaded to (`@name[/path]`); none for the user's or a table's
    /// stage, or an external URL.
    pub(crate) stages: Vec<RawName>,
    /// `FROM <table>`, or the objects `FROM (<query>)` reads.
    pub(crate) sources: Vec<RawName>,
    /// `FILE_FORMAT = (FORMAT_NAME = '…')` values, as written.
    pub(crate) format_names: Vec<String>,
    /// `DETAILED_OUTPUT = TRUE`: one row per file instead of the totals.
    pub(crate) detailed_output: bool,
    /// An external location's `STORAGE_INTEGRATION` and `CREDENTIALS` properties.
    pub(crate) authentication: Vec<Property>,
    /// The external location unloaded to, when the target is a URL.
    pub(crate) location: Option<String>,
}

/// Whether a COPY property says how an external location is reached.
fn authenticates(property: &Property) -> bool {
    matches!(property.key.as_str(), "STORAGE_INTEGRATION" | "CREDENTIALS")
}

/// The URL schemes of an external location: Amazon S3 (`s3`, `s3china`, `s3gov`), Google
/// Cloud Storage and Microsoft Azure
/// (https://docs.snowflake.com/en/sql-reference/sql/copy-into-table, `externalLocation`).
const SCHEMES: [&str; 5] = ["s3", "s3china", "s3gov", "gcs", "azure"];

/// Whether an unquoted external location comes next: a scheme, then `://` written
/// without a gap.
fn at_unquoted_location(p: &Parser) -> bool {
    let (Some(scheme), Some(colon)) = (p.peek(), p.peek_at(1)) else {
        return false;
    };
    scheme.kind == TokenKind::Word
        && SCHEMES.iter().any(|s| scheme.is_keyword(s))
        && colon.is_symbol(":")
        && colon.start == scheme.end
        && p.source()
            .get(colon.end..)
            .is_some_and(|rest| rest.starts_with("//"))
}

/// An external location, quoted (`'s3://bucket/path'`, the syntax's form) or not
/// (`s3://bucket/path`, as the COPY INTO <table> page's examples write it; the page
/// gives no grammar for it, so the URL is taken to end at white space). Unquoted, the
/// lexer has read `//` as the start of one of Snowflake's `//` line comments: the URL is
/// the source text up to the next white space or `;`, and the rest of the statement is
/// lexed again after it.
fn external_location(p: &mut Parser) -> Result<String, SqlError> {
    if !at_unquoted_location(p) {
        return p.string();
    }
    let source = p.source();
    let start = p.peek().map_or(0, |t| t.start);
    let after_colon = p.peek_at(1).map_or(start, |t| t.end);
    let rest = source.get(after_colon..).unwrap_or_default();
    let length = rest
        .find(|c: char| c.is_whitespace() || c == ';')
        .unwrap_or(rest.len());
    let end = after_colon + length;
    p.relex_from(end)?;
    Ok(source.get(start..end).unwrap_or_default().to_string())
}

/// After `COPY INTO`: the unload form when the target is a location (`@…` or a URL),
/// else the load form.
pub(crate) fn copy_statement(p: &mut Parser) -> Result<Statement, SqlError> {
    if p.is_sym("@")
        || p.peek().is_some_and(|t| t.kind == TokenKind::String)
        || at_unquoted_location(p)
    {
        Ok(Statement::CopyUnload(copy_unload(p)?))
    } else {
        Ok(Statement::CopyInto(copy_into(p)?))
    }
}

/// `COPY INTO { @stage[/path] | '<url>' } FROM { <table> | ( <query> ) }
/// [ PARTITION BY <expr> ] [ FILE_FORMAT = ( … ) ] [ copyOptions ]
/// [ VALIDATION_MODE = RETURN_ROWS ] [ HEADER = TRUE ]`
/// (https://docs.snowflake.com/en/sql-reference/sql/copy-into-location).
pub(crate) fn copy_unload(p: &mut Parser) -> Result<CopyUnload, SqlError> {
    let mut location = None;
    let stages = if p.is_sym("@") {
        let at = p.mark();
        p.advance();
        skip_stage_reference(p);
        stage_names(&p.tokens()[at..p.mark()])
    } else {
        // An external location ('azure://…', 's3://…'): only its integration to check.
        location = Some(external_location(p)?);
        Vec::new()
    };
    p.expect_kw("FROM")?;
    let sources = if p.is_sym("(") {
        let (start, end) = p.skip_parens()?;
        referenced_names(&p.tokens()[start..end])
    } else {
        vec![p.name()?]
    };
    let mut format_names = Vec::new();
    let mut detailed_output = false;
    let mut authentication = Vec::new();
    loop {
        if p.eat_kws(&["PARTITION", "BY"]) {
            skip_expression(p)?;
        } else if at_property(p) {
            let property = property(p)?;
            if authenticates(&property) {
                authentication.push(property.clone());
            }
            match (property.key.as_str(), &property.value) {
                ("FILE_FORMAT", Value::Options(options)) => format_names.extend(
                    options
                        .iter()
                        .filter(|o| o.key == "FORMAT_NAME")
                        .filter_map(|o| o.value.text()),
                ),
                ("DETAILED_OUTPUT", value) => detailed_output = value.boolean() == Some(true),
                _ => {}
            }
        } else if p.at_end() {
            break;
        } else {
            return Err(p.error());
        }
    }
    Ok(CopyUnload {
        stages,
        sources,
        format_names,
        detailed_output,
        authentication,
        location,
    })
}

/// The `PARTITION BY` expression: tokens up to the next top-level `KEY =` option.
fn skip_expression(p: &mut Parser) -> Result<(), SqlError> {
    let start = p.mark();
    let mut depth = 0usize;
    while let Some(t) = p.peek() {
        if depth == 0 && at_property(p) {
            break;
        }
        if t.is_symbol("(") {
            depth += 1;
        } else if t.is_symbol(")") {
            depth = depth.saturating_sub(1);
        }
        p.advance();
    }
    if p.mark() == start {
        return Err(p.error());
    }
    Ok(())
}

pub(crate) fn copy_into(p: &mut Parser) -> Result<CopyInto, SqlError> {
    if p.is_sym("@") {
        return Err(p.error());
    }
    let table = p.name()?;
    if p.is_sym("(") {
        p.skip_parens()?;
    }
    let mut location = None;
    let stages = if !p.eat_kw("FROM") {
        // The table's own stage (see the module comment).
        Vec::new()
    } else if p.is_sym("(") {
        let (start, end) = p.skip_parens()?;
        stage_names(&p.tokens()[start..end])
    } else if p.peek().is_some_and(|t| t.kind == TokenKind::String) || at_unquoted_location(p) {
        // An external location: nothing in the catalog but its integration.
        location = Some(external_location(p)?);
        Vec::new()
    } else {
        let at = p.mark();
        p.expect_sym("@")?;
        skip_stage_reference(p);
        stage_names(&p.tokens()[at..p.mark()])
    };
    let mut format_names = Vec::new();
    let mut authentication = Vec::new();
    for property in properties(p)? {
        if authenticates(&property) {
            authentication.push(property.clone());
        }
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
        authentication,
        location,
    })
}

/// Skips what is written right after the last token read, up to the first gap between
/// tokens: a stage name's path (`@st/2024/`). Shared with LIST (`statement::list`).
pub(crate) fn skip_stage_reference(p: &mut Parser) {
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

    /// The COPY INTO <table> page's examples write the location unquoted; what follows it
    /// on the same line is still read.
    #[test]
    fn reads_an_unquoted_external_location() {
        let c = copy(
            "mytable from s3://mybucket/data/files storage_integration = myint encryption = (master_key = 'k')",
        );
        assert_eq!(c.location.as_deref(), Some("s3://mybucket/data/files"));
        assert_eq!(c.authentication.len(), 1);
        assert_eq!(c.authentication[0].key, "STORAGE_INTEGRATION");
        let c = copy(
            "t\n  FROM azure://acct.blob.core.windows.net/c/p/\n  FILE_FORMAT = (FORMAT_NAME = f)",
        );
        assert_eq!(
            c.location.as_deref(),
            Some("azure://acct.blob.core.windows.net/c/p/")
        );
        assert_eq!(c.format_names, ["F"]);
        let c = copy("t from 'gcs://b/p' credentials = (x = 'y')");
        assert_eq!(c.location.as_deref(), Some("gcs://b/p"));
        // A word that is not a scheme, or a gap before `//`, is not a location.
        let mut p = Parser::new("t from http://b/p").unwrap();
        assert_eq!(copy_into(&mut p).unwrap_err().code, "001003");
        let mut p = Parser::new("t from s3: //b/p").unwrap();
        assert_eq!(copy_into(&mut p).unwrap_err().code, "001003");
        // The unload form takes it too.
        let mut p = Parser::new("s3://b/out/ from t storage_integration = i").unwrap();
        let u = copy_unload(&mut p).unwrap();
        p.expect_end().unwrap();
        assert_eq!(u.location.as_deref(), Some("s3://b/out/"));
        assert_eq!(u.authentication.len(), 1);
    }

    fn unload(sql: &str) -> CopyUnload {
        let mut p = Parser::new(sql).unwrap();
        let c = copy_unload(&mut p).unwrap();
        p.expect_end().unwrap();
        c
    }

    /// https://docs.snowflake.com/en/sql-reference/sql/copy-into-location
    #[test]
    fn reads_an_unload() {
        let c = unload(
            "@gold.exports/daily/ from (select a, dt from silver.t join u using (a))              partition by ('date=' || to_varchar(dt)) file_format = (format_name = 'pq' compression = snappy)              header = true max_file_size = 32000000 detailed_output = true",
        );
        assert_eq!(c.stages[0].to_string(), "GOLD.EXPORTS");
        assert_eq!(
            c.sources.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            ["SILVER.T", "U"]
        );
        assert_eq!(c.format_names, ["pq"]);
        assert!(c.detailed_output);
        let c = unload("@~/out from t file_format = (type = csv) header = true");
        assert!(c.stages.is_empty());
        assert_eq!(c.sources[0].to_string(), "T");
        let c = unload("'azure://acct.blob.core.windows.net/c/p/' from t");
        assert!(c.stages.is_empty() && !c.detailed_output);
        let mut p = Parser::new("@s from t partition by").unwrap();
        assert!(copy_unload(&mut p).is_err());
    }
}
