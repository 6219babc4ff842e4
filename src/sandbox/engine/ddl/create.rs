//! CREATE for every kind; a kind kept by its own module is created through its
//! `SandboxKind` (`OverloadedKind`, `OuterKind`) impl, the same way for all of them.

use super::constraint;
use super::shared::{created, kept};
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::binder::{database_name, object_name, object_names, outer_name, schema_name};
use crate::sandbox::catalog::clone::Travelled;
use crate::sandbox::catalog::database::PUBLIC;
use crate::sandbox::catalog::sequence::{Sequence, nextval_sequence};
use crate::sandbox::catalog::task::quoted_name;
use crate::sandbox::catalog::view::derive_columns;
use crate::sandbox::catalog::{
    Catalog, Column, Created, DynamicTable, MaterializedView, Origin, OuterKind, OverloadedKind,
    SandboxKind, SchemaObject, Stamp, Table, View, with_module_kind, with_outer_kind,
    with_overloaded_kind,
};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::constraint::Constraint;
use crate::sandbox::statement::{Create, CreateBody, ObjectNoun, RawName, TableSource, Tail};

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
        CreateBody::Database { clone, properties } => {
            let name = database_name(&create.name)?;
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
                session.database = Some(name.clone());
                session.schema = Some(Ident::from_stored(PUBLIC));
            }
            outcome(c, &name)
        }
        CreateBody::Schema {
            clone,
            properties,
            managed_access,
        } => {
            let name = schema_name(&create.name, session, &action)?;
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
                session.database = Some(name.database.clone());
                session.schema = Some(name.schema.clone());
            }
            outcome(c, &name.schema)
        }
        CreateBody::Table(source) => {
            let name = object_name(&create.name, session, &action)?;
            refuse_other_kind::<View>(catalog, &name)?;
            refuse_other_kind::<DynamicTable>(catalog, &name)?;
            refuse_other_kind::<MaterializedView>(catalog, &name)?;
            if !catalog.check_create::<Table>(&name, or_replace, if_not_exists)? {
                return Ok(QueryResult::status(kept(&name.name)));
            }
            let meta = catalog.meta(origin, None);
            let (mut table, constraints) =
                build_table(catalog, meta, create.transient, source, session)?;
            constraint::add_all(catalog, session, &name, &mut table, &constraints, &action)?;
            catalog.insert(&name, table, or_replace, if_not_exists)?;
            created(kind, &name.name)
        }
        CreateBody::View(definition) => {
            let name = object_name(&create.name, session, &action)?;
            refuse_other_kind::<Table>(catalog, &name)?;
            refuse_other_kind::<DynamicTable>(catalog, &name)?;
            refuse_other_kind::<MaterializedView>(catalog, &name)?;
            if !catalog.check_create::<View>(&name, or_replace, if_not_exists)? {
                return Ok(QueryResult::status(kept(&name.name)));
            }
            let meta = catalog.meta(origin, definition.comment.clone());
            let view = catalog.build_view(meta, &name, &definition)?;
            catalog.insert(&name, view, or_replace, if_not_exists)?;
            created(kind, &name.name)
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
    let Some(travel) = &create.clone_at else {
        return Ok(());
    };
    let action = format!("CREATE {}", create.kind().sql());
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
        CreateBody::Table(TableSource::Clone(source)) => {
            let source = object_name(source, session, &action)?;
            catalog.check_travel(&Travelled::Table(&source), travel, now, Some(statements))
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
/// else), then the name and CREATE's existence rules (and the kind's own, to replace an
/// object), then the kind builds the object.
fn create_module<T: SandboxKind>(
    catalog: &mut Catalog,
    request: &Request<'_>,
) -> Result<String, SqlError> {
    let r = request;
    let body = r.tail.parse(T::parse_create)?;
    let name = object_name(r.name, r.session, r.action)?;
    if !catalog.check_create::<T>(&name, r.or_replace, r.if_not_exists)? {
        return Ok(kept(&name.name));
    }
    if catalog.find::<T>(&name).is_some() {
        T::check_replace(catalog, &name)?;
    }
    let meta = catalog.meta(r.origin, None);
    let names = |raw: &RawName| object_name(raw, r.session, r.action);
    let object = T::create(catalog, &name, meta, body, &names)?;
    catalog.insert(&name, object, r.or_replace, r.if_not_exists)?;
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
    let object = T::build(catalog, &name, meta, &properties)?;
    Ok(
        match catalog.insert_outer(&name, object, r.or_replace, r.if_not_exists)? {
            Created::Kept => kept(&name.name),
            _ => created(T::KIND, &name.name),
        },
    )
}

/// Tables, views and dynamic tables share one namespace in a schema.
fn refuse_other_kind<T: SchemaObject>(
    catalog: &Catalog,
    name: &ObjectName,
) -> Result<(), SqlError> {
    if catalog.find::<T>(name).is_some() {
        return Err(SqlError::already_exists(&name.name.to_sql()));
    }
    Ok(())
}

/// The new table, and the constraints still to resolve and add to it (inline ones first).
fn build_table(
    catalog: &Catalog,
    meta: crate::sandbox::catalog::Meta,
    transient: bool,
    source: TableSource,
    session: &SqlSession,
) -> Result<(Table, Vec<Constraint>), SqlError> {
    let action = format!("CREATE {}", ObjectNoun::Table.sql());
    match source {
        TableSource::Columns {
            mut columns,
            cluster_by,
            properties,
            constraints,
            query_references,
        } => {
            let references = object_names(&query_references, session, &action)?;
            catalog.query_sources(&references, None)?;
            // A `<sequence>.NEXTVAL` default draws from a sequence that must exist when the
            // table is created: the docs only ever create the sequence first
            // (https://docs.snowflake.com/en/user-guide/querying-sequences) and are silent
            // on a missing one; Snowflake compiles the default then, so it is refused. The
            // default is kept as Snowflake reports it: the sequence's full name, each part
            // quoted (`"DB"."S"."SEQ".NEXTVAL`; the docs show none, users of the Terraform
            // provider report it, snowflakedb/terraform-provider-snowflake#2644).
            for column in &mut columns {
                if let Some(sequence) = column.default.as_deref().and_then(nextval_sequence) {
                    let name = object_name(&sequence, session, &action)?;
                    catalog.get::<Sequence>(&name)?;
                    column.default = Some(format!("{}.NEXTVAL", quoted_name(&name)));
                }
            }
            let mut all: Vec<Constraint> = columns
                .iter()
                .flat_map(|c| c.constraints.iter().cloned())
                .collect();
            all.extend(constraints);
            let columns = columns.iter().map(Column::from).collect();
            let mut table = Table::new(meta, transient, columns)?;
            table.cluster_by = cluster_by;
            table.set(&properties)?;
            Ok((table, all))
        }
        TableSource::Clone(source) => {
            let source = object_name(&source, session, &action)?;
            let mut table = catalog.get::<Table>(&source)?.cloned_as(meta);
            table.transient |= transient;
            Ok((table, Vec::new()))
        }
        TableSource::AsSelect {
            query,
            references,
            column_names,
        } => {
            // The query's names resolve against the session, like the statement's own.
            let references = object_names(&references, session, &action)?;
            let sources = catalog.query_sources(&references, None)?;
            let mut columns: Vec<Column> = derive_columns(&query, &sources)
                .into_iter()
                .map(|c| Column {
                    default: None,
                    identity: None,
                    comment: None,
                    masking_policy: None,
                    ..c
                })
                .collect();
            if columns.is_empty() {
                return Err(SqlError::unsupported(
                    "The sandbox emulates CREATE TABLE … AS SELECT for SELECT * or plain column references only: give the table a column list to copy any other query.",
                ));
            }
            // `(a, b) AS SELECT …` renames the query's columns in order; the list must
            // name every one (https://docs.snowflake.com/en/sql-reference/sql/create-table#create-table-as-select-also-referred-to-as-ctas).
            if !column_names.is_empty() {
                if column_names.len() != columns.len() {
                    return Err(SqlError::column_list_mismatch(
                        column_names.len(),
                        columns.len(),
                    ));
                }
                for (column, name) in columns.iter_mut().zip(column_names) {
                    column.name = name;
                }
            }
            Ok((Table::new(meta, transient, columns)?, Vec::new()))
        }
        TableSource::Like { source, cluster_by } => {
            // LIKE copies the column definitions (names, types, defaults, NOT NULL,
            // comments) and nothing else: no data, properties or clustering unless given
            // (https://docs.snowflake.com/en/sql-reference/sql/create-table#create-table-like).
            let source = object_name(&source, session, &action)?;
            let source = catalog.get::<Table>(&source)?;
            let mut table = Table::new(meta, transient, source.columns.clone())?;
            table.constraints = source.constraints.clone();
            table.cluster_by = cluster_by;
            Ok((table, Vec::new()))
        }
    }
}
