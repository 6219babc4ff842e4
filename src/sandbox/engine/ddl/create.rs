//! CREATE for every kind; a kind kept by its own module is created through its
//! `SandboxKind` (`OverloadedKind`, `OuterKind`) impl, the same way for all of them.

use super::shared::{created, kept};
use crate::model::identifier::Ident;
use crate::sandbox::binder::{database_name, object_name, outer_name, schema_name};
use crate::sandbox::catalog::clone::Travelled;
use crate::sandbox::catalog::database::PUBLIC;
use crate::sandbox::catalog::governance;
use crate::sandbox::catalog::table::grammar::TableSource;
use crate::sandbox::catalog::{
    Catalog, Created, Origin, OuterKind, OverloadedKind, SandboxKind, Stamp, Table,
    with_module_kind, with_outer_kind, with_overloaded_kind,
};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::inline::{Governance, Inline, TagValue};
use crate::sandbox::statement::{Create, CreateBody, ObjectNoun, RawName, Tail};

/// Creating a database or schema also makes it current, as in Snowflake.
pub(crate) fn create(
    catalog: &mut Catalog,
    create: Create,
    session: &mut SqlSession,
    origin: &Origin,
) -> Result<QueryResult, SqlError> {
    let kind = create.kind();
    let action = format!("CREATE {}", kind.sql());
    let (or_replace, if_not_exists) = (create.or_replace, create.if_not_exists);
    let outcome = |c: Created<()>, name: &Ident| match c {
        Created::Kept => kept(name),
        _ => created(kind, name),
    };
    let message = match create.body {
        CreateBody::Database {
            clone,
            properties,
            tags,
        } => {
            let name = database_name(&create.name)?;
            let tags = object_tags(catalog, tags, session, &action)?;
            let c = match clone {
                Some(source) => {
                    let source = database_name(&source)?;
                    let c = catalog.clone_database(
                        &name,
                        &source,
                        create.transient,
                        or_replace,
                        if_not_exists,
                        origin,
                    )?;
                    if !matches!(c, Created::Kept) {
                        catalog.alter_database_set(&name, &properties)?;
                    }
                    c
                }
                None => catalog.create_database(
                    &name,
                    create.transient,
                    &properties,
                    or_replace,
                    if_not_exists,
                    origin,
                )?,
            };
            if !matches!(c, Created::Kept) {
                let id = catalog.database(&name)?.meta.id;
                governance::set_tags(catalog, id, &tags)?;
                session.database = Some(name.clone());
                session.schema = Some(Ident::from_stored(PUBLIC));
            }
            outcome(c, &name)
        }
        CreateBody::Schema {
            clone,
            properties,
            managed_access,
            tags,
        } => {
            let name = schema_name(&create.name, session, &action)?;
            let tags = object_tags(catalog, tags, session, &action)?;
            let c = match clone {
                Some(source) => {
                    let source = schema_name(&source, session, &action)?;
                    let c = catalog.clone_schema(
                        &name,
                        &source,
                        create.transient,
                        or_replace,
                        if_not_exists,
                        origin,
                    )?;
                    if !matches!(c, Created::Kept) {
                        if managed_access {
                            catalog.set_managed_access(&name, true)?;
                        }
                        catalog.alter_schema_set(&name, &properties)?;
                    }
                    c
                }
                None => catalog.create_schema(
                    &name,
                    create.transient,
                    managed_access,
                    &properties,
                    or_replace,
                    if_not_exists,
                    origin,
                )?,
            };
            if !matches!(c, Created::Kept) {
                if let Some(id) = catalog.schema(&name)?.meta.as_ref().map(|m| m.id) {
                    governance::set_tags(catalog, id, &tags)?;
                }
                session.database = Some(name.database.clone());
                session.schema = Some(name.schema.clone());
            }
            outcome(c, &name.schema)
        }
        CreateBody::Module(kind, tail) => {
            let request = Request {
                name: &create.name,
                or_replace,
                if_not_exists,
                tail: &tail,
                session,
                origin,
                action: &action,
            };
            with_module_kind!(
                kind,
                T => create_module::<T>(catalog, &request)?,
                other => with_overloaded_kind!(
                    other,
                    T => create_overload::<T>(catalog, &request)?,
                    other => with_outer_kind!(
                        other,
                        T => create_outer::<T>(catalog, &request)?,
                        other => {
                            return Err(SqlError::unsupported(format!(
                                "CREATE {} is not available in the sandbox.",
                                other.sql()
                            )));
                        }
                    ),
                ),
            )
        }
    };
    Ok(QueryResult::status(message))
}

/// A database's or schema's inline `[ WITH ] TAG ( … )`, resolved in the session's
/// context and checked (`catalog::governance`) before the CREATE creates anything.
fn object_tags(
    catalog: &Catalog,
    tags: Vec<TagValue>,
    session: &SqlSession,
    action: &str,
) -> Result<governance::Tags, SqlError> {
    let governance = Governance {
        object: Inline {
            tags,
            row_access: None,
        },
        columns: Vec::new(),
    };
    governance::check_tags(catalog, &governance, &|raw: &RawName| {
        object_name(raw, session, action)
    })
}

/// `CLONE <source> AT | BEFORE (…)`: the point checked against the source
/// (`Catalog::check_travel`) before anything is created; `statements` finds a query id's
/// start in the history.
pub(crate) fn check_clone_point(
    catalog: &Catalog,
    create: &Create,
    session: &SqlSession,
    now: Stamp,
    statements: &dyn Fn(&str) -> Option<Stamp>,
) -> Result<(), SqlError> {
    let action = format!("CREATE {}", create.kind().sql());
    // A table's CLONE … AT | BEFORE is read by the table's module with its body.
    if let CreateBody::Module(ObjectNoun::Table, tail) = &create.body {
        let body = tail.parse(Table::parse_create)?;
        return match (&body.source, &body.clone_at) {
            (TableSource::Clone(source), Some(travel)) => {
                let source = object_name(source, session, &action)?;
                catalog.check_travel(&Travelled::Table(&source), travel, now, Some(statements))
            }
            _ => Ok(()),
        };
    }
    let Some(travel) = &create.clone_at else {
        return Ok(());
    };
    match &create.body {
        CreateBody::Database {
            clone: Some(source),
            ..
        } => {
            let source = database_name(source)?;
            catalog.check_travel(&Travelled::Database(&source), travel, now, Some(statements))
        }
        CreateBody::Schema {
            clone: Some(source),
            ..
        } => {
            let source = schema_name(source, session, &action)?;
            catalog.check_travel(&Travelled::Schema(&source), travel, now, Some(statements))
        }
        _ => Ok(()),
    }
}

/// A CREATE of a registered kind, as every section's CREATE reads it.
struct Request<'a> {
    name: &'a RawName,
    or_replace: bool,
    if_not_exists: bool,
    /// The body after the name, for the kind's module to read.
    tail: &'a Tail,
    session: &'a SqlSession,
    origin: &'a Origin,
    /// `CREATE <KIND>`, for messages.
    action: &'a str,
}

/// CREATE of a registered kind: its body read first (a syntax error before anything
/// else), then the name (the kind's namespace rules, CREATE's existence rules and the
/// kind's own to replace an object), then the kind builds the object.
fn create_module<T: SandboxKind>(
    catalog: &mut Catalog,
    request: &Request<'_>,
) -> Result<String, SqlError> {
    let r = request;
    let body = r.tail.parse(T::parse_create)?;
    let name = object_name(r.name, r.session, r.action)?;
    T::check_name(catalog, &name)?;
    if !catalog.check_create::<T>(&name, r.or_replace, r.if_not_exists)? {
        return Ok(kept(&name.name));
    }
    if catalog.find::<T>(&name).is_some() {
        T::check_replace(catalog, &name)?;
    }
    let names = |raw: &RawName| object_name(raw, r.session, r.action);
    // Inline tags and policies: the tags checked before anything is built, the policies
    // attached to the built object, the tags set once it is stored (`catalog::governance`).
    let governance = T::inline(&body);
    let tags = governance::check_tags(catalog, &governance, &names)?;
    let meta = catalog.meta(r.origin, None);
    let mut object = T::create(catalog, &name, meta, body, &names)?;
    governance::attach(catalog, object.governed(), &governance, &names)?;
    let id = object.meta().id;
    catalog.insert(&name, object, r.or_replace, r.if_not_exists)?;
    governance::set_tags(catalog, id, &tags)?;
    Ok(created(T::KIND, &name.name))
}

/// CREATE of an overloaded kind: its body read first (a syntax error before anything
/// else), then the name, then the kind checks the body and builds the overload, stored by
/// CREATE's rules under its name and signature.
fn create_overload<T: OverloadedKind>(
    catalog: &mut Catalog,
    request: &Request<'_>,
) -> Result<String, SqlError> {
    let r = request;
    let body = r.tail.parse(T::parse_create)?;
    let name = object_name(r.name, r.session, r.action)?;
    let object = T::create(body, &mut |comment| catalog.meta(r.origin, comment))?;
    object.check(catalog, &name)?;
    Ok(
        match catalog.insert_overload(&name, object, r.or_replace, r.if_not_exists)? {
            Created::Kept => kept(&name.name),
            _ => created(T::KIND, &name.name),
        },
    )
}

/// CREATE of a kind kept outside schemas: its body read first (a syntax error before
/// anything else), then the name, then the kind builds the object and CREATE's existence
/// rules store it.
fn create_outer<T: OuterKind>(
    catalog: &mut Catalog,
    request: &Request<'_>,
) -> Result<String, SqlError> {
    let r = request;
    let properties = r.tail.parse(T::parse_create)?;
    let name = outer_name::<T>(r.name, r.session, r.action)?;
    let meta = catalog.meta(r.origin, None);
    if r.or_replace && !r.if_not_exists && catalog.outer::<T>(&name).is_ok() {
        T::check_drop(catalog, &name)?;
    }
    let mut object = T::build(catalog, &name, meta, &properties)?;
    object.resolve(catalog, &|raw: &RawName| {
        object_name(raw, r.session, r.action)
    })?;
    Ok(
        match catalog.insert_outer(&name, object, r.or_replace, r.if_not_exists)? {
            Created::Kept => kept(&name.name),
            _ => created(T::KIND, &name.name),
        },
    )
}
