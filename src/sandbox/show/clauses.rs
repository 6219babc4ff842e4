//! The clauses every SHOW shares, applied in Snowflake's order: the IN scope (which
//! schemas a schema-level SHOW looks at), `LIKE`, `STARTS WITH`, order, `FROM`, `LIMIT`,
//! and the TERSE cut of the columns.

use crate::model::identifier::{Ident, SchemaName};
use crate::sandbox::catalog::{Catalog, Schema};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::{QueryResult, ResultColumn};
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::{Show, ShowScope};

use super::pattern;

/// Snowflake returns at most this many rows from one SHOW.
pub(super) const MAX_SHOW_ROWS: usize = 10_000;

/// One schema in a SHOW's scope.
pub(crate) struct ScopedSchema<'a> {
    pub database: &'a Ident,
    pub name: &'a Ident,
    pub schema: &'a Schema,
}

/// The schemas a schema-level SHOW looks at.
pub(crate) fn schemas_in_scope<'a>(
    catalog: &'a Catalog,
    scope: &ShowScope,
    session: &SqlSession,
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
        ShowScope::Account => Ok(catalog
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
        ShowScope::Database(Some(raw)) => whole_database(&names::database_name(raw)?),
        ShowScope::Database(None) => whole_database(&names::current_database(session, action)?),
        ShowScope::Schema(Some(raw)) => one_schema(&names::schema_name(raw, session, action)?),
        ShowScope::Schema(None) => one_schema(&names::current_schema(session, action)?),
        ShowScope::Table(_) => Err(SqlError::unsupported(format!(
            "{action} does not take IN TABLE."
        ))),
        ShowScope::Default => match (&session.database, &session.schema) {
            (Some(database), Some(schema)) => {
                one_schema(&SchemaName::new(database.clone(), schema.clone()))
            }
            (Some(database), None) => whole_database(database),
            _ => schemas_in_scope(catalog, &ShowScope::Account, session, action),
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
