//! `CREATE [OR REPLACE] [TRANSIENT | SECURE | RECURSIVE] <kind> [IF NOT EXISTS] name …`:
//! the shared header and the containers' bodies (databases, schemas); a registered
//! kind's body (a table's among them) is read by its module (`sandbox/registry.rs`).

use super::ast::{Create, CreateBody, ObjectNoun, TimeTravel, TravelPoint};
use super::inline::tag_clause;
use super::parser::Parser;
use super::parser::RawName;
use super::properties::{at_property, property};
use crate::sandbox::error::SqlError;

pub(crate) fn create(p: &mut Parser) -> Result<Create, SqlError> {
    let or_replace = p.eat_kws(&["OR", "REPLACE"]);
    let mut transient = false;
    let mut secure = false;
    let mut recursive = false;
    let mut temporary = false;
    loop {
        // https://docs.snowflake.com/en/sql-reference/sql/create-table: LOCAL and GLOBAL
        // are accepted for compatibility and mean nothing; VOLATILE is TEMPORARY.
        let scoped = p.is_kw("LOCAL") || p.is_kw("GLOBAL");
        let at = if scoped { 1 } else { 0 };
        if ["TEMP", "TEMPORARY", "VOLATILE"]
            .iter()
            .any(|k| p.is_kw_at(at, k))
        {
            p.advance();
            if scoped {
                p.advance();
            }
            temporary = true;
        } else if p.eat_kw("TRANSIENT") {
            transient = true;
        } else if p.eat_kw("SECURE") {
            secure = true;
        } else if p.eat_kw("RECURSIVE") {
            recursive = true;
        } else {
            break;
        }
    }
    let kind_at = p.mark();
    // A registered kind takes no modifier; its module reads the body after the name.
    let module = ObjectNoun::eat_module_kind(p);
    let kind = match module {
        Some(_) => String::new(),
        None => p
            .advance()
            .map(|t| t.value.to_uppercase())
            .unwrap_or_default(),
    };
    // TEMPORARY: tables, views, stages and file formats (their CREATE pages list it:
    // https://docs.snowflake.com/en/sql-reference/sql/create-view "[ { [ { LOCAL | GLOBAL }
    // ] TEMP | TEMPORARY | VOLATILE } ]").
    let temporary_fits = !temporary
        || matches!(
            module,
            Some(ObjectNoun::Table | ObjectNoun::View | ObjectNoun::Stage | ObjectNoun::FileFormat)
        );
    let modifiers_fit = temporary_fits
        && !(temporary && transient)
        && match kind.as_str() {
            // CREATE [ SECURE ] DATA METRIC FUNCTION
            // (https://docs.snowflake.com/en/sql-reference/sql/create-data-metric-function);
            // its module reads SECURE from the statement's header.
            // CREATE [ SECURE ] FUNCTION
            // (https://docs.snowflake.com/en/sql-reference/sql/create-function) and CREATE
            // [ SECURE ] MATERIALIZED VIEW
            // (https://docs.snowflake.com/en/sql-reference/sql/create-materialized-view),
            // likewise.
            _ if matches!(
                module,
                Some(
                    ObjectNoun::DataMetricFunction
                        | ObjectNoun::Function
                        | ObjectNoun::MaterializedView
                )
            ) =>
            {
                !transient && !recursive
            }
            // CREATE [ SECURE ] [ RECURSIVE ] VIEW
            // (https://docs.snowflake.com/en/sql-reference/sql/create-view); its module
            // reads both from the statement's header.
            _ if module == Some(ObjectNoun::View) => !transient,
            // CREATE [ TRANSIENT ] TABLE
            // (https://docs.snowflake.com/en/sql-reference/sql/create-table); its module
            // reads TRANSIENT from the statement's header.
            _ if module == Some(ObjectNoun::Table) => !secure && !recursive,
            _ if module.is_some() => !transient && !secure && !recursive,
            "DATABASE" | "SCHEMA" => !secure && !recursive,
            _ => false,
        };
    if !modifiers_fit {
        p.reset(kind_at);
        return Err(p.error());
    }
    let if_at = p.mark();
    let if_not_exists = p.eat_kws(&["IF", "NOT", "EXISTS"]);
    if or_replace && if_not_exists {
        // Snowflake refuses the combination; the IF is where the statement stops making sense.
        p.reset(if_at);
        return Err(p.error());
    }
    let name = p.name()?;
    let copy_grants = copy_grants(
        p,
        module.unwrap_or(match kind.as_str() {
            "DATABASE" => ObjectNoun::Database,
            "SCHEMA" => ObjectNoun::Schema,
            _ => ObjectNoun::Table,
        }),
    )?;
    if let Some(kind) = module {
        return Ok(Create {
            or_replace,
            if_not_exists,
            transient,
            temporary,
            copy_grants,
            name,
            body: CreateBody::Module(kind, p.tail()),
            clone_at: None,
        });
    }
    let mut clone_at = None;
    // `[ [ WITH ] TAG ( … ) ]` ends both grammars
    // (https://docs.snowflake.com/en/sql-reference/sql/create-database,
    // https://docs.snowflake.com/en/sql-reference/sql/create-schema); it is read among
    // the properties, as the other optional clauses are.
    let mut tags = Vec::new();
    let body = match kind.as_str() {
        "DATABASE" => {
            let clone = clone_source(p, &mut clone_at)?;
            let mut props = Vec::new();
            loop {
                if at_property(p) {
                    props.push(property(p)?);
                } else if let Some(more) = tag_clause(p)? {
                    tags.extend(more);
                } else {
                    break;
                }
            }
            CreateBody::Database {
                clone,
                properties: props,
                tags,
            }
        }
        "SCHEMA" => {
            let clone = clone_source(p, &mut clone_at)?;
            let mut managed_access = false;
            let mut props = Vec::new();
            loop {
                if p.eat_kws(&["WITH", "MANAGED", "ACCESS"]) {
                    managed_access = true;
                } else if at_property(p) {
                    props.push(property(p)?);
                } else if let Some(more) = tag_clause(p)? {
                    tags.extend(more);
                } else {
                    break;
                }
            }
            CreateBody::Schema {
                clone,
                properties: props,
                managed_access,
                tags,
            }
        }
        _ => return Err(p.error()),
    };
    Ok(Create {
        or_replace,
        if_not_exists,
        transient,
        temporary,
        copy_grants,
        name,
        body,
        clone_at,
    })
}

/// Whether Snowflake's CREATE of `kind` has a `COPY GRANTS` clause. It has for tables
/// (https://docs.snowflake.com/en/sql-reference/sql/create-table), views
/// (https://docs.snowflake.com/en/sql-reference/sql/create-view), materialized views
/// (https://docs.snowflake.com/en/sql-reference/sql/create-materialized-view), dynamic
/// tables (https://docs.snowflake.com/en/sql-reference/sql/create-dynamic-table),
/// functions (https://docs.snowflake.com/en/sql-reference/sql/create-function),
/// procedures (https://docs.snowflake.com/en/sql-reference/sql/create-procedure), streams
/// (https://docs.snowflake.com/en/sql-reference/sql/create-stream) and tasks
/// (https://docs.snowflake.com/en/sql-reference/sql/create-task). The CREATE pages of
/// databases, schemas, warehouses, integrations, stages, file formats, sequences, pipes,
/// alerts, tags, masking and row access policies and data metric functions have none in
/// their syntax (e.g. https://docs.snowflake.com/en/sql-reference/sql/create-stage,
/// https://docs.snowflake.com/en/sql-reference/sql/create-sequence,
/// https://docs.snowflake.com/en/sql-reference/sql/create-alert,
/// https://docs.snowflake.com/en/sql-reference/sql/create-data-metric-function).
pub(crate) fn takes_copy_grants(kind: ObjectNoun) -> bool {
    matches!(
        kind,
        ObjectNoun::Table
            | ObjectNoun::View
            | ObjectNoun::MaterializedView
            | ObjectNoun::DynamicTable
            | ObjectNoun::Function
            | ObjectNoun::Procedure
            | ObjectNoun::Stream
            | ObjectNoun::Task
    )
}

/// Whether the clauses after the name hold `COPY GRANTS` (each kind's grammar reads it at
/// its place: this only finds it, at the top level and before the body's `AS` or an
/// alert's `THEN`, so a query or a string can never be taken for it). A kind whose CREATE
/// has no such clause ([`takes_copy_grants`]) refuses it as a syntax error at `COPY`.
fn copy_grants(p: &mut Parser, kind: ObjectNoun) -> Result<bool, SqlError> {
    let start = p.mark();
    let tokens = &p.tokens()[start..];
    let mut depth = 0usize;
    let mut found = None;
    for (i, t) in tokens.iter().enumerate() {
        if t.is_symbol("(") {
            depth += 1;
        } else if t.is_symbol(")") {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && (t.is_keyword("AS") || t.is_keyword("THEN")) {
            break;
        } else if depth == 0
            && t.is_keyword("COPY")
            && tokens.get(i + 1).is_some_and(|n| n.is_keyword("GRANTS"))
        {
            found = Some(start + i);
            break;
        }
    }
    match found {
        Some(at) if !takes_copy_grants(kind) => {
            p.reset(at);
            Err(p.error())
        }
        found => Ok(found.is_some()),
    }
}

/// `CLONE <source> [ { AT | BEFORE } ( … ) ] [ IGNORE TABLES WITH INSUFFICIENT DATA
/// RETENTION ] [ IGNORE HYBRID TABLES ]` after a database's or schema's name
/// (https://docs.snowflake.com/en/sql-reference/sql/create-clone). The sandbox keeps
/// every table a clone would skip, so the IGNORE clauses change nothing.
fn clone_source(
    p: &mut Parser,
    clone_at: &mut Option<TimeTravel>,
) -> Result<Option<RawName>, SqlError> {
    if !p.eat_kw("CLONE") {
        return Ok(None);
    }
    let source = p.name()?;
    *clone_at = time_travel(p, false)?;
    p.eat_kws(&[
        "IGNORE",
        "TABLES",
        "WITH",
        "INSUFFICIENT",
        "DATA",
        "RETENTION",
    ]);
    p.eat_kws(&["IGNORE", "HYBRID", "TABLES"]);
    Ok(Some(source))
}

/// `{ AT | BEFORE } ( TIMESTAMP => … | OFFSET => … | STATEMENT => … )`, and `STREAM =>
/// '<name>'` where `stream` allows it (CREATE STREAM:
/// https://docs.snowflake.com/en/sql-reference/sql/create-stream; CLONE takes the other
/// three: https://docs.snowflake.com/en/sql-reference/sql/create-clone). `None` when the
/// clause is absent.
pub(crate) fn time_travel(p: &mut Parser, stream: bool) -> Result<Option<TimeTravel>, SqlError> {
    let before = if p.eat_kw("BEFORE") {
        true
    } else if p.eat_kw("AT") {
        false
    } else {
        return Ok(None);
    };
    p.expect_sym("(")?;
    let key_at = p.mark();
    let key = p.ident()?;
    p.expect_sym("=>")?;
    let start = p.mark();
    let mut depth = 0usize;
    while !(depth == 0 && p.is_sym(")")) {
        if p.at_end() {
            return Err(p.error());
        }
        if p.is_sym("(") {
            depth += 1;
        } else if p.is_sym(")") {
            depth -= 1;
        }
        p.advance();
    }
    let value = &p.tokens()[start..p.mark()];
    if value.is_empty() {
        return Err(p.error());
    }
    let point = match key.as_str() {
        "TIMESTAMP" => TravelPoint::Timestamp(timestamp_literal(value)),
        "OFFSET" => TravelPoint::Offset(integer_product(value)),
        "STATEMENT" | "STREAM" => match value {
            [t] if t.kind == crate::sql::TokenKind::String => {
                let text = t.value.clone();
                if key.as_str() == "STATEMENT" {
                    TravelPoint::Statement(text)
                } else if stream {
                    TravelPoint::Stream(text)
                } else {
                    p.reset(key_at);
                    return Err(p.error());
                }
            }
            _ => {
                p.reset(start);
                return Err(p.error());
            }
        },
        _ => {
            p.reset(key_at);
            return Err(p.error());
        }
    };
    p.expect_sym(")")?;
    Ok(Some(TimeTravel { before, point }))
}

/// The timestamp a TIMESTAMP value names when it is a string literal, bare or cast
/// (`'…'::TIMESTAMP_LTZ`, `CAST('…' AS TIMESTAMP_NTZ)`, `TO_TIMESTAMP_TZ('…')`): its
/// text and the type it is cast to.
fn timestamp_literal(value: &[crate::sql::Token]) -> Option<(String, Option<String>)> {
    let text =
        |t: &crate::sql::Token| (t.kind == crate::sql::TokenKind::String).then(|| t.value.clone());
    let is_type = |t: &crate::sql::Token| t.value.to_uppercase().starts_with("TIMESTAMP");
    match value {
        [s] => Some((text(s)?, None)),
        [s, cast, ty] if cast.is_symbol("::") && is_type(ty) => {
            Some((text(s)?, Some(ty.value.to_uppercase())))
        }
        [f, open, s, as_, ty, close]
            if f.is_keyword("CAST")
                && open.is_symbol("(")
                && as_.is_keyword("AS")
                && is_type(ty)
                && close.is_symbol(")") =>
        {
            Some((text(s)?, Some(ty.value.to_uppercase())))
        }
        [f, open, s, close]
            if f.value.to_uppercase().starts_with("TO_TIMESTAMP")
                && open.is_symbol("(")
                && close.is_symbol(")") =>
        {
            let ty = f.value.to_uppercase().trim_start_matches("TO_").to_string();
            Some((text(s)?, Some(ty)))
        }
        _ => None,
    }
}

/// `-N` or `-A*B…` with integer literals: the documented OFFSET forms
/// (https://docs.snowflake.com/en/sql-reference/constructs/at-before: "-120", "-30*60").
fn integer_product(value: &[crate::sql::Token]) -> Option<i64> {
    let (negative, rest) = match value.split_first() {
        Some((minus, rest)) if minus.is_symbol("-") => (true, rest),
        _ => (false, value),
    };
    let mut product: i64 = 1;
    for (i, t) in rest.iter().enumerate() {
        if i % 2 == 1 {
            if !t.is_symbol("*") {
                return None;
            }
            continue;
        }
        product = product.checked_mul(t.value.parse::<i64>().ok()?)?;
    }
    if rest.len() % 2 == 0 {
        return None;
    }
    Some(if negative { -product } else { product })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::statement::{Statement, parse};

    fn create_of(sql: &str) -> Create {
        match parse(sql).unwrap() {
            Statement::Create(c) => c,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn headers_and_modifiers() {
        let c = create_of("create or replace transient database if_x comment = 'c'");
        assert!(c.or_replace && c.transient && !c.if_not_exists);
        assert_eq!(c.kind(), ObjectNoun::Database);
        let c = create_of(
            "CREATE SCHEMA IF NOT EXISTS d.s WITH MANAGED ACCESS DATA_RETENTION_TIME_IN_DAYS = 3",
        );
        assert!(c.if_not_exists);
        assert!(
            matches!(c.body, CreateBody::Schema { managed_access: true, ref properties, clone: None, .. } if properties.len() == 1)
        );
        let c = create_of(
            "create storage integration azint type = external_stage storage_allowed_locations = ('azure://a/b/')",
        );
        assert_eq!(c.kind(), ObjectNoun::Integration);
        let c = create_of("create file format ff type = csv skip_header = 1");
        assert_eq!(c.kind(), ObjectNoun::FileFormat);
    }

    #[test]
    fn or_replace_with_if_not_exists_is_refused() {
        let e = parse("create or replace table if not exists t (a int)").unwrap_err();
        assert_eq!(e.code, "001003");
        assert!(e.message.contains("unexpected 'if'"), "{}", e.message);
    }

    #[test]
    fn modifiers_must_fit_the_kind() {
        assert!(parse("create secure table t (a int)").is_err());
        assert!(parse("create transient view v as select 1").is_err());
        assert!(parse("create gizmo g").is_err());
    }
}
