//! `CREATE [OR REPLACE] [TRANSIENT | SECURE | RECURSIVE] <kind> [IF NOT EXISTS] name …`:
//! the shared header and the containers' bodies (databases, schemas). Tables have their
//! own file; a registered kind's body is read by its module (`sandbox/registry.rs`).

use super::ast::{Create, CreateBody, ObjectNoun};
use super::parser::Parser;
use super::parser::RawName;
use super::properties::{at_property, properties, property};
use super::table;
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
    // TEMPORARY: tables, stages and file formats (their CREATE pages list it).
    let temporary_fits = !temporary
        || kind == "TABLE"
        || matches!(module, Some(ObjectNoun::Stage | ObjectNoun::FileFormat));
    let modifiers_fit = temporary_fits
        && !(temporary && transient)
        && match kind.as_str() {
            // CREATE [ SECURE ] DATA METRIC FUNCTION
            // (https://docs.snowflake.com/en/sql-reference/sql/create-data-metric-function);
            // its module reads SECURE from the statement's header.
            _ if module == Some(ObjectNoun::DataMetricFunction) => !transient && !recursive,
            // CREATE [ SECURE ] [ RECURSIVE ] VIEW
            // (https://docs.snowflake.com/en/sql-reference/sql/create-view); its module
            // reads both from the statement's header.
            _ if module == Some(ObjectNoun::View) => !transient,
            _ if module.is_some() => !transient && !secure && !recursive,
            "DATABASE" | "SCHEMA" | "TABLE" => !secure && !recursive,
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
    if let Some(kind) = module {
        return Ok(Create {
            or_replace,
            if_not_exists,
            transient,
            temporary,
            name,
            body: CreateBody::Module(kind, p.tail()),
        });
    }
    let body = match kind.as_str() {
        "DATABASE" => CreateBody::Database {
            clone: clone_source(p)?,
            properties: properties(p)?,
        },
        "SCHEMA" => {
            let clone = clone_source(p)?;
            let mut managed_access = false;
            let mut props = Vec::new();
            loop {
                if p.eat_kws(&["WITH", "MANAGED", "ACCESS"]) {
                    managed_access = true;
                } else if at_property(p) {
                    props.push(property(p)?);
                } else {
                    break;
                }
            }
            CreateBody::Schema {
                clone,
                properties: props,
                managed_access,
            }
        }
        "TABLE" => CreateBody::Table(table::table_source(p)?),
        _ => return Err(p.error()),
    };
    Ok(Create {
        or_replace,
        if_not_exists,
        transient,
        temporary,
        name,
        body,
    })
}

/// `CLONE <source>` after a database's or schema's name
/// (https://docs.snowflake.com/en/sql-reference/sql/create-clone). Time Travel (`AT` /
/// `BEFORE`) is not emulated: the sandbox keeps no history, so it is refused rather than
/// silently cloning the present.
fn clone_source(p: &mut Parser) -> Result<Option<RawName>, SqlError> {
    if !p.eat_kw("CLONE") {
        return Ok(None);
    }
    let source = p.name()?;
    let at = p.mark();
    if p.eat_kw("AT") || p.eat_kw("BEFORE") {
        p.reset(at);
        return Err(p.error());
    }
    Ok(Some(source))
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
            matches!(c.body, CreateBody::Schema { managed_access: true, ref properties, clone: None } if properties.len() == 1)
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
