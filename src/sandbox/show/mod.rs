//! SHOW, DESCRIBE and INFORMATION_SCHEMA answers: Snowflake's documented columns and
//! value formats over the catalog.
//!
//! SHOW's clauses apply in Snowflake's order: the IN scope, `LIKE` (case-insensitive,
//! `%` and `_`), `STARTS WITH` (case-sensitive prefix), then rows sorted by name, then
//! `LIMIT n FROM 'x'`, where `FROM` is an exclusive cursor — rows whose name sorts after
//! `x` — so a client pages with the last name it saw. At most 10,000 rows come back.
//!
//! Rows are ordered by name first (then database and schema), not database-first, so
//! that name-cursor pagination over `IN DATABASE` / `IN ACCOUNT` scopes is exact.
//! Without an IN clause a schema-level SHOW looks at the current schema, else the current
//! database, else the whole account.
//!
//! Timestamps are SQL API `timestamp_ltz` cells (`seconds.nanoseconds`); Snowflake's
//! boolean-like SHOW columns are text (`true`/`false`, `Y`/`N`, `ON`/`OFF`) as it prints
//! them.

mod account;
mod columns;
mod describe;
mod describe_account;
mod information_schema;
mod pattern;
mod query_history;
mod rows;

pub use describe::describe;
pub use information_schema::information_schema_columns;
pub use query_history::query_history;

use crate::model::identifier::{Ident, SchemaName};
use crate::sandbox::catalog::rows::{Entry, ShowRows, render};
pub(crate) use crate::sandbox::catalog::rows::{columns, comment, flag, stamp, text};
use crate::sandbox::catalog::{
    Catalog, FileFormat, Procedure, Schema, Stage, Stream, Table, Task, View,
};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::{QueryResult, ResultColumn};
use crate::sandbox::session::Session;
use crate::sandbox::statement::{Scope, Show, ShowKind};

/// Snowflake returns at most this many rows from one SHOW.
pub const MAX_SHOW_ROWS: usize = 10_000;

pub fn show(catalog: &Catalog, request: &Show, session: &Session) -> Result<QueryResult, SqlError> {
    match request.kind {
        ShowKind::Databases => account::databases(catalog, request, session),
        ShowKind::Schemas => account::schemas(catalog, request, session),
        ShowKind::Warehouses => account::warehouses(catalog, request, session),
        ShowKind::Integrations => account::integrations(catalog, request),
        ShowKind::Users => account::users(catalog, request),
        ShowKind::Columns => columns::show_columns(catalog, request, session),
        ShowKind::FileFormats => show_objects::<FileFormat>(catalog, request, session),
        ShowKind::Stages => show_objects::<Stage>(catalog, request, session),
        ShowKind::Tables => show_objects::<Table>(catalog, request, session),
        ShowKind::Streams => show_objects::<Stream>(catalog, request, session),
        ShowKind::Tasks => show_objects::<Task>(catalog, request, session),
        ShowKind::Procedures => show_objects::<Procedure>(catalog, request, session),
        ShowKind::Views => show_objects::<View>(catalog, request, session),
    }
}

/// A schema-level SHOW, the same for every kind: the `T` objects in the IN scope, through
/// LIKE, STARTS WITH, order, FROM and LIMIT, rendered as `T`'s rows, cut to its TERSE
/// columns when asked.
pub(crate) fn show_objects<T: ShowRows>(
    catalog: &Catalog,
    request: &Show,
    session: &Session,
) -> Result<QueryResult, SqlError> {
    let schemas = schemas_in_scope(catalog, &request.scope, session, T::SHOW)?;
    let entries: Vec<Entry<'_, T>> = schemas
        .iter()
        .flat_map(|s| {
            T::in_schema(s.schema)
                .into_iter()
                .map(move |(name, object)| Entry {
                    database: s.database,
                    schema: s.name,
                    name,
                    object,
                })
        })
        .collect();
    let entries = select(entries, request, |e| {
        [e.name.as_str(), e.database.as_str(), e.schema.as_str()]
    });
    let result = render(catalog, &entries);
    Ok(match T::TERSE {
        Some(keep) if request.terse => {
            let mut result = terse(result, keep, T::TERSE_CONSTANTS);
            for column in &mut result.columns {
                if let Some((_, to)) = T::TERSE_RENAMES
                    .iter()
                    .find(|(from, _)| column.name == *from)
                {
                    column.name = (*to).to_string();
                }
            }
            result
        }
        _ => result,
    })
}

/// One schema in a SHOW's scope.
pub(crate) struct ScopedSchema<'a> {
    pub database: &'a Ident,
    pub name: &'a Ident,
    pub schema: &'a Schema,
}

/// The schemas a schema-level SHOW looks at.
pub(crate) fn schemas_in_scope<'a>(
    catalog: &'a Catalog,
    scope: &Scope,
    session: &Session,
    action: &str,
) -> Result<Vec<ScopedSchema<'a>>, SqlError> {
    use crate::sandbox::binder as names;
    let whole_database = |name: &Ident| -> Result<Vec<ScopedSchema<'a>>, SqlError> {
        let (database, entry) = catalog
            .databases
            .get_key_value(name)
            .ok_or_else(|| SqlError::does_not_exist("Database", &name.to_sql()))?;
        Ok(entry
            .schemas
            .iter()
            .map(|(n, s)| ScopedSchema {
                database,
                name: n,
                schema: s,
            })
            .collect())
    };
    let one_schema = |name: &SchemaName| -> Result<Vec<ScopedSchema<'a>>, SqlError> {
        let (database, entry) = catalog
            .databases
            .get_key_value(&name.database)
            .ok_or_else(|| SqlError::does_not_exist("Database", &name.database.to_sql()))?;
        let (schema_name, schema) = entry
            .schemas
            .get_key_value(&name.schema)
            .ok_or_else(|| SqlError::does_not_exist("Schema", &name.to_string()))?;
        Ok(vec![ScopedSchema {
            database,
            name: schema_name,
            schema,
        }])
    };
    match scope {
        Scope::Account => Ok(catalog
            .databases
            .iter()
            .flat_map(|(d, db)| {
                db.schemas.iter().map(move |(n, s)| ScopedSchema {
                    database: d,
                    name: n,
                    schema: s,
                })
            })
            .collect()),
        Scope::Database(Some(raw)) => whole_database(&names::database_name(raw)?),
        Scope::Database(None) => whole_database(&names::current_database(session, action)?),
        Scope::Schema(Some(raw)) => one_schema(&names::schema_name(raw, session, action)?),
        Scope::Schema(None) => one_schema(&names::current_schema(session, action)?),
        Scope::Table(_) => Err(SqlError::unsupported(format!(
            "{action} does not take IN TABLE."
        ))),
        Scope::Default => match (&session.database, &session.schema) {
            (Some(database), Some(schema)) => {
                one_schema(&SchemaName::new(database.clone(), schema.clone()))
            }
            (Some(database), None) => whole_database(database),
            _ => schemas_in_scope(catalog, &Scope::Account, session, action),
        },
    }
}

/// LIKE, STARTS WITH, order, FROM and LIMIT, on any rows with a name and a tie-break.
pub(crate) fn select<E>(mut rows: Vec<E>, request: &Show, key: impl Fn(&E) -> [&str; 3]) -> Vec<E> {
    if let Some(like) = &request.like {
        rows.retain(|r| pattern::like(like, key(r)[0], true));
    }
    if let Some(prefix) = &request.starts_with {
        rows.retain(|r| key(r)[0].starts_with(prefix.as_str()));
    }
    rows.sort_by(|a, b| key(a).cmp(&key(b)));
    if let Some(from) = &request.from {
        let first = rows.partition_point(|r| key(r)[0] <= from.as_str());
        rows.drain(..first);
    }
    let limit = request
        .limit
        .map_or(MAX_SHOW_ROWS, |l| {
            usize::try_from(l).unwrap_or(MAX_SHOW_ROWS)
        })
        .min(MAX_SHOW_ROWS);
    rows.truncate(limit);
    rows
}

/// Keeps the TERSE subset of columns, by name, in the TERSE order. A TERSE column the
/// full output lacks takes its value from `constants` (e.g. `kind` = `VIEW`), else NULL.
pub(crate) fn terse(result: QueryResult, keep: &[&str], constants: &[(&str, &str)]) -> QueryResult {
    let picks: Vec<(String, Option<usize>, Option<String>)> = keep
        .iter()
        .map(|k| {
            let index = result.columns.iter().position(|c| c.name == *k);
            let constant = constants
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.to_string());
            (k.to_string(), index, constant)
        })
        .collect();
    QueryResult {
        columns: picks
            .iter()
            .map(|(name, index, _)| match index {
                Some(i) => result.columns[*i].clone(),
                None => ResultColumn::new(name.clone(), "text"),
            })
            .collect(),
        rows: result
            .rows
            .into_iter()
            .map(|row| {
                picks
                    .iter()
                    .map(|(_, index, constant)| match index {
                        Some(i) => row[*i].clone(),
                        None => constant.clone(),
                    })
                    .collect()
            })
            .collect(),
    }
}
