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
mod keys;
mod object_privileges;
pub(crate) use crate::sql::pattern;
mod query_history;
mod rows;

pub(crate) use describe::describe;
pub(crate) use information_schema::{
    data_metric_references, information_schema_columns, policy_references, routines,
    tag_policy_references, tag_references,
};
pub(crate) use object_privileges::object_privileges;
pub(crate) use query_history::query_history;

use crate::model::identifier::Ident;
use crate::sandbox::catalog::Stamp;
use crate::sandbox::catalog::rows::columns;
use crate::sandbox::catalog::rows::{Entry, ShowRows, render, stamp};
use crate::sandbox::catalog::{
    Catalog, OuterKind, OuterName, with_module_kind, with_outer_kind, with_overloaded_kind,
};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::{ObjectNoun, Show, ShowKind, ShowScope};
use clauses::{schemas_in_scope, select, terse};

/// Whether the session sees the object of a kind named by its parts — for a procedure or
/// a function, the overload with this signature (its argument types as grants name them),
/// or any overload when `None`: a SHOW lists only what the session's roles hold some
/// privilege on (the engine decides, from the grants; `engine/privileges.rs`, `Viewer`).
pub(crate) type Sees<'a> = &'a dyn Fn(ObjectNoun, &[Ident], Option<&[String]>) -> bool;

pub(crate) fn show(
    catalog: &Catalog,
    request: &Show,
    session: &SqlSession,
    sees: Sees<'_>,
    now: Stamp,
) -> Result<QueryResult, SqlError> {
    match request.kind {
        ShowKind::Databases => account::databases(catalog, request, session, sees, now),
        ShowKind::Schemas => account::schemas(catalog, request, session, sees, now),
        ShowKind::Columns => columns::show_columns(catalog, request, session),
        ShowKind::Keys(kind) => keys::show_keys(catalog, kind, request, session),
        ShowKind::Module(kind) => with_module_kind!(
            kind,
            T => show_objects::<T>(catalog, request, session, kind, sees, now),
            other => with_overloaded_kind!(
                other,
                T => show_objects::<T>(catalog, request, session, kind, sees, now),
                other => with_outer_kind!(
                    other,
                    T => show_outer::<T>(catalog, request, session, sees),
                    other => Err(SqlError::unsupported(format!(
                        "SHOW of {} is not available in the sandbox.",
                        other.sql()
                    ))),
                ),
            ),
        ),
    }
}

/// A schema-level SHOW, the same for every kind: the `T` objects in the IN scope, through
/// LIKE, STARTS WITH, order, FROM and LIMIT, rendered as `T`'s rows, cut to its TERSE
/// columns when asked. With HISTORY the dropped versions still restorable at `now` are
/// rows too, and every row ends with `dropped_on` ("Date and timestamp (for dropped
/// tables); NULL (for active tables)": https://docs.snowflake.com/en/sql-reference/sql/show-tables).
pub(crate) fn show_objects<T: ShowRows>(
    catalog: &Catalog,
    request: &Show,
    session: &SqlSession,
    noun: ObjectNoun,
    sees: Sees<'_>,
    now: Stamp,
) -> Result<QueryResult, SqlError> {
    let schemas = schemas_in_scope(catalog, &request.scope, session, T::SHOW)?;
    let parts = |d: &Ident, s: &Ident, n: &Ident| [d.clone(), s.clone(), n.clone()];
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
        .filter(|e| {
            let overload = e.object.overload();
            sees(
                noun,
                &parts(e.database, e.schema, e.name),
                overload.as_deref(),
            )
        })
        .collect();
    let entries = select(entries, request, |e| {
        [e.name.as_str(), e.database.as_str(), e.schema.as_str()]
    });
    let mut result = render(catalog, &entries);
    // Other kinds' objects this SHOW lists too (`ShowRows::listed_with`): chosen by the
    // same clauses, then merged into the name order and cut to the same limit.
    let extras: Vec<([String; 3], Vec<Option<String>>)> = schemas
        .iter()
        .flat_map(|s| {
            T::listed_with(catalog, s.database, s.name, s.schema)
                .into_iter()
                // Another relation kind's object (they share one namespace, so the name
                // is one object): seen when some privilege is held on it as that kind.
                .filter(|(name, _)| {
                    let parts = parts(s.database, s.name, name);
                    RELATIONS.iter().any(|kind| sees(*kind, &parts, None))
                })
                .map(move |(name, row)| {
                    let key = [
                        name.as_str().to_string(),
                        s.database.as_str().to_string(),
                        s.name.as_str().to_string(),
                    ];
                    (key, row)
                })
        })
        .collect();
    let mut extras = extras;
    if request.history {
        for row in &mut extras {
            row.1.push(None);
        }
        for row in &mut result.rows {
            row.push(None);
        }
        result
            .columns
            .extend(columns(&[("dropped_on", "timestamp_ltz")]));
        for s in &schemas {
            for (name, object, dropped_on) in T::dropped_in_schema(s.schema, now) {
                // A dropped version is seen as its live namesake would be: by the
                // privileges on that name.
                let overload = object.overload();
                if !sees(noun, &parts(s.database, s.name, name), overload.as_deref()) {
                    continue;
                }
                let entry = Entry {
                    database: s.database,
                    schema: s.name,
                    name,
                    object,
                };
                let mut row = T::row(catalog, &entry);
                row.push(stamp(dropped_on));
                let key = [
                    name.as_str().to_string(),
                    s.database.as_str().to_string(),
                    s.name.as_str().to_string(),
                ];
                extras.push((key, row));
            }
        }
    }
    if !extras.is_empty() {
        let mut rows: Vec<([String; 3], Vec<Option<String>>)> = entries
            .iter()
            .map(|e| {
                [
                    e.name.as_str().to_string(),
                    e.database.as_str().to_string(),
                    e.schema.as_str().to_string(),
                ]
            })
            .zip(std::mem::take(&mut result.rows))
            .collect();
        rows.extend(select(extras, request, keyed));
        result.rows = select(rows, request, keyed)
            .into_iter()
            .map(|(_, row)| row)
            .collect();
    }
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

/// The kinds sharing the tables' namespace, whose objects one SHOW may list for another
/// (`ShowRows::listed_with`).
const RELATIONS: [ObjectNoun; 4] = [
    ObjectNoun::Table,
    ObjectNoun::View,
    ObjectNoun::DynamicTable,
    ObjectNoun::MaterializedView,
];

/// The name, database and schema a [`ShowRows::listed_with`] row is chosen and ordered by.
fn keyed((key, _): &([String; 3], Vec<Option<String>>)) -> [&str; 3] {
    [key[0].as_str(), key[1].as_str(), key[2].as_str()]
}

/// A SHOW of a kind kept outside schemas, the same for every kind: the account's objects,
/// or a database-level kind's in the databases of the IN scope (the current database by
/// default), through LIKE, STARTS WITH, order, FROM and LIMIT, rendered as `T`'s rows.
pub(crate) fn show_outer<T: OuterKind>(
    catalog: &Catalog,
    request: &Show,
    session: &SqlSession,
    sees: Sees<'_>,
) -> Result<QueryResult, SqlError> {
    let action = format!("SHOW {}", T::KIND.sql());
    let mut entries: Vec<(OuterName, &T)> = Vec::new();
    for database in outer_databases::<T>(catalog, &request.scope, session, &action)? {
        for (name, object) in T::map(catalog, database)? {
            let parts: Vec<Ident> = database.into_iter().chain([name]).cloned().collect();
            if !sees(T::KIND, &parts, None) {
                continue;
            }
            let name = OuterName {
                database: database.cloned(),
                name: name.clone(),
            };
            entries.push((name, object));
        }
    }
    let entries = select(entries, request, |(name, _)| {
        [
            name.name.as_str(),
            name.database.as_ref().map_or("", |d| d.as_str()),
            "",
        ]
    });
    Ok(QueryResult {
        columns: columns(T::COLUMNS),
        rows: entries
            .iter()
            .map(|(name, object)| T::row(catalog, session, name, object))
            .collect(),
    })
}

/// Where a SHOW of `T` looks: the account (`None`) for an account-level kind; for a
/// database-level kind the database named by `IN DATABASE`, every database `IN ACCOUNT`,
/// else the current one.
fn outer_databases<'a, T: OuterKind>(
    catalog: &'a Catalog,
    scope: &ShowScope,
    session: &SqlSession,
    action: &str,
) -> Result<Vec<Option<&'a crate::model::identifier::Ident>>, SqlError> {
    use crate::sandbox::binder::{current_database, database_name};
    if !T::IN_DATABASE {
        return Ok(vec![None]);
    }
    let one = |name: &crate::model::identifier::Ident| {
        catalog
            .databases
            .get_key_value(name)
            .map(|(name, _)| vec![Some(name)])
            .ok_or_else(|| SqlError::does_not_exist("Database", &name.to_sql()))
    };
    match scope {
        ShowScope::Account => Ok(catalog.databases.keys().map(Some).collect()),
        ShowScope::Database(Some(raw)) => one(&database_name(raw)?),
        ShowScope::Database(None) | ShowScope::Default => one(&current_database(session, action)?),
        ShowScope::Schema(_) | ShowScope::Table(_) => Err(SqlError::unsupported(format!(
            "{action} takes IN ACCOUNT or IN DATABASE."
        ))),
    }
}
