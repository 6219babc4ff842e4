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
mod clauses;
mod columns;
mod describe;
mod describe_account;
mod information_schema;
pub(crate) mod pattern;
mod query_history;
mod rows;

pub use describe::describe;
pub use information_schema::information_schema_columns;
pub use query_history::query_history;

use crate::sandbox::catalog::rows::{Entry, ShowRows, render};
use crate::sandbox::catalog::{Catalog, Procedure, Table, Task, View, with_module_kind};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::Session;
use crate::sandbox::statement::{Show, ShowKind};
use clauses::{schemas_in_scope, select, terse};

pub fn show(catalog: &Catalog, request: &Show, session: &Session) -> Result<QueryResult, SqlError> {
    match request.kind {
        ShowKind::Databases => account::databases(catalog, request, session),
        ShowKind::Schemas => account::schemas(catalog, request, session),
        ShowKind::Warehouses => account::warehouses(catalog, request, session),
        ShowKind::Integrations => account::integrations(catalog, request),
        ShowKind::Users => account::users(catalog, request),
        ShowKind::Columns => columns::show_columns(catalog, request, session),
        ShowKind::Tables => show_objects::<Table>(catalog, request, session),
        ShowKind::Tasks => show_objects::<Task>(catalog, request, session),
        ShowKind::Procedures => show_objects::<Procedure>(catalog, request, session),
        ShowKind::Views => show_objects::<View>(catalog, request, session),
        ShowKind::Module(kind) => with_module_kind!(
            kind,
            T => show_objects::<T>(catalog, request, session),
            other => Err(SqlError::unsupported(format!(
                "SHOW of {} is not available in the sandbox.",
                other.sql()
            ))),
        ),
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
