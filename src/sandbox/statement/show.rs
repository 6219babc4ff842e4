//! `SHOW [TERSE] <kinds> [LIKE '…'] [IN …] [STARTS WITH '…'] [LIMIT n [FROM '…']]` and
//! `DESCRIBE <kind> name`.

use super::ast::{Describe, KeyKind, ObjectNoun, Show, ShowKind, ShowScope};
use super::object_kind;
use super::parser::Parser;
use crate::sandbox::error::SqlError;

pub(crate) fn show(p: &mut Parser) -> Result<Show, SqlError> {
    let terse = p.eat_kw("TERSE");
    let kind = if let Some(kind) = ObjectNoun::eat_module_kinds(p) {
        ShowKind::Module(kind)
    } else if p.eat_kw("DATABASES") {
        ShowKind::Databases
    } else if p.eat_kw("SCHEMAS") {
        ShowKind::Schemas
    } else if p.eat_kw("COLUMNS") {
        ShowKind::Columns
    } else if p.eat_kws(&["PRIMARY", "KEYS"]) {
        ShowKind::Keys(KeyKind::Primary)
    } else if p.eat_kws(&["UNIQUE", "KEYS"]) {
        ShowKind::Keys(KeyKind::Unique)
    } else if p.eat_kws(&["IMPORTED", "KEYS"]) {
        ShowKind::Keys(KeyKind::Imported)
    } else {
        return Err(p.error());
    };
    // `SHOW [ TERSE ] { TABLES | SCHEMAS | DATABASES } [ HISTORY ] …`
    // (https://docs.snowflake.com/en/sql-reference/sql/show-tables,
    // https://docs.snowflake.com/en/sql-reference/sql/show-schemas,
    // https://docs.snowflake.com/en/sql-reference/sql/show-databases): the kinds UNDROP
    // restores and whose SHOW documents HISTORY.
    let history = matches!(
        kind,
        ShowKind::Module(ObjectNoun::Table) | ShowKind::Schemas | ShowKind::Databases
    ) && p.eat_kw("HISTORY");
    let mut show = Show {
        kind,
        terse,
        history,
        like: None,
        scope: ShowScope::Default,
        starts_with: None,
        limit: None,
        from: None,
    };
    if p.eat_kw("LIKE") {
        show.like = Some(p.string()?);
    }
    if p.eat_kw("IN") {
        show.scope = if p.eat_kw("ACCOUNT") {
            ShowScope::Account
        } else if p.eat_kw("DATABASE") {
            ShowScope::Database(optional_name(p)?)
        } else if p.eat_kw("SCHEMA") {
            ShowScope::Schema(optional_name(p)?)
        } else if (matches!(kind, ShowKind::Keys(_)) && p.eat_kw("TABLE"))
            || (kind == ShowKind::Columns && (p.eat_kw("TABLE") || p.eat_kw("VIEW")))
        {
            ShowScope::Table(p.name()?)
        } else {
            bare_scope(kind, p.name()?)
        };
    }
    if p.eat_kws(&["STARTS", "WITH"]) {
        show.starts_with = Some(p.string()?);
    }
    if p.eat_kw("LIMIT") {
        show.limit = Some(p.unsigned()?);
        if p.eat_kw("FROM") {
            show.from = Some(p.string()?);
        }
    }
    Ok(show)
}

/// `IN name` without a scope keyword, read as each command's documented syntax lists it:
/// * SHOW COLUMNS: `[ TABLE ] <table_name> | [ VIEW ] <view_name>` — a table or view,
///   resolved like any object name against the current database and schema
///   (https://docs.snowflake.com/en/sql-reference/sql/show-columns).
/// * SHOW SCHEMAS: its IN clause only scopes databases, so the name is a database
///   (https://docs.snowflake.com/en/sql-reference/sql/show-schemas).
/// * Every other schema-level SHOW: `<schema_name>` — "SCHEMA is optional if a database
///   is in use or if you specify the fully qualified schema_name", so one part is a schema
///   of the current database and two parts are `db.schema`
///   (https://docs.snowflake.com/en/sql-reference/sql/show-objects,
///   https://docs.snowflake.com/en/sql-reference/sql/show-tables).
/// * SHOW PRIMARY / UNIQUE / IMPORTED KEYS: `[ TABLE ] <table_name>` — a table
///   (https://docs.snowflake.com/en/sql-reference/sql/show-primary-keys).
fn bare_scope(kind: ShowKind, name: super::RawName) -> ShowScope {
    match kind {
        ShowKind::Columns | ShowKind::Keys(_) => ShowScope::Table(name),
        ShowKind::Schemas => ShowScope::Database(Some(name)),
        _ => ShowScope::Schema(Some(name)),
    }
}

fn optional_name(p: &mut Parser) -> Result<Option<super::RawName>, SqlError> {
    if p.at_end() || p.is_kw("STARTS") || p.is_kw("LIMIT") {
        Ok(None)
    } else {
        Ok(Some(p.name()?))
    }
}

pub(crate) fn describe(p: &mut Parser) -> Result<Describe, SqlError> {
    let kind = object_kind(p)?;
    let name = p.name()?;
    let arg_types = super::signature(p, kind)?;
    if kind == ObjectNoun::Table && p.eat_kw("TYPE") {
        p.expect_sym("=")?;
        p.ident()?;
    }
    Ok(Describe {
        kind,
        name,
        arg_types,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::statement::{Statement, parse};

    #[test]
    fn full_show_clause() {
        match parse("show terse tasks like '%load%' in schema db.bronze starts with 'L' limit 10 from 'LOAD_A'").unwrap() {
            Statement::Show(s) => {
                assert!(s.terse);
                assert_eq!(s.kind, ShowKind::Module(ObjectNoun::Task));
                assert_eq!(s.like.as_deref(), Some("%load%"));
                assert!(matches!(s.scope, ShowScope::Schema(Some(ref n)) if n.to_string() == "DB.BRONZE"));
                assert_eq!(s.starts_with.as_deref(), Some("L"));
                assert_eq!((s.limit, s.from.as_deref()), (Some(10), Some("LOAD_A")));
            }
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(parse("show tables history in d.s").unwrap(), Statement::Show(s) if s.history)
        );
        assert!(parse("show views history").is_err());
        assert!(
            matches!(parse("show storage integrations").unwrap(), Statement::Show(s) if s.kind == ShowKind::Module(ObjectNoun::Integration))
        );
        assert!(
            matches!(parse("show user procedures in database d").unwrap(), Statement::Show(s) if s.kind == ShowKind::Module(ObjectNoun::Procedure))
        );
        assert!(
            matches!(parse("show columns in table d.s.t").unwrap(), Statement::Show(s) if matches!(s.scope, ShowScope::Table(_)))
        );
    }

    /// A bare `IN name` is a schema (SHOW OBJECTS/TABLES: `<schema_name>`), a table or
    /// view for SHOW COLUMNS (`[ TABLE ] <table_name>`), a database for SHOW SCHEMAS.
    /// https://docs.snowflake.com/en/sql-reference/sql/show-objects
    /// https://docs.snowflake.com/en/sql-reference/sql/show-columns
    #[test]
    fn bare_in_name_follows_each_command() {
        let scope = |sql: &str| match parse(sql).unwrap() {
            Statement::Show(s) => s.scope,
            other => panic!("{other:?}"),
        };
        assert!(
            matches!(scope("show tables in bronze"), ShowScope::Schema(Some(n)) if n.to_string() == "BRONZE")
        );
        assert!(
            matches!(scope("show views in db.bronze"), ShowScope::Schema(Some(n)) if n.to_string() == "DB.BRONZE")
        );
        assert!(matches!(scope("show columns in t"), ShowScope::Table(n) if n.to_string() == "T"));
        assert!(
            matches!(scope("show columns in bronze.t"), ShowScope::Table(n) if n.to_string() == "BRONZE.T")
        );
        assert!(
            matches!(scope("show schemas in db"), ShowScope::Database(Some(n)) if n.to_string() == "DB")
        );
    }

    #[test]
    fn describe_forms() {
        assert!(
            matches!(parse("desc file format f").unwrap(), Statement::Describe(d) if d.kind == ObjectNoun::FileFormat)
        );
        assert!(
            matches!(parse("describe procedure p(int)").unwrap(), Statement::Describe(d) if d.arg_types.as_ref().is_some_and(|a| a.len() == 1))
        );
        assert!(parse("describe gizmo g").is_err());
    }
}
