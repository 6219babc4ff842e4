//! DESCRIBE: names resolved, the object found, and its kind's own answer (each kind's
//! DESCRIBE rows live with its catalog entry: [`DescribeRows`] for schema-level kinds,
//! `OuterKind::describe` for kinds outside schemas, `OverloadedKind::describe` for
//! overloaded kinds);
//! containers are in `describe_account.rs`.

use super::describe_account;
use crate::model::identifier::ObjectName;
use crate::sandbox::binder::{database_name, object_name, outer_name, schema_name};
use crate::sandbox::catalog::rows::{DescribeRows, Entry};
use crate::sandbox::catalog::{
    Catalog, OuterKind, OuterName, OverloadedKind, SchemaObject, with_outer_kind,
    with_overloaded_kind, with_schema_object,
};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::{Describe, ObjectNoun};

pub(crate) fn describe(
    catalog: &Catalog,
    request: &Describe,
    session: &SqlSession,
) -> Result<QueryResult, SqlError> {
    let action = format!("DESCRIBE {}", request.kind.sql());
    match request.kind {
        ObjectNoun::Database => {
            return describe_account::database(catalog, &database_name(&request.name)?);
        }
        ObjectNoun::Schema => {
            let name = schema_name(&request.name, session, &action)?;
            return describe_account::schema(catalog, &name);
        }
        kind => {
            if let Some(answer) = with_outer_kind!(
                kind,
                T => Some(describe_outer::<T>(catalog, &outer_name::<T>(&request.name, session, &action)?)),
                _ => None,
            ) {
                return answer;
            }
        }
    }
    let name = object_name(&request.name, session, &action)?;
    // The schema is checked first, whatever the kind, so a missing schema is reported
    // before a missing object.
    catalog.schema(&name.schema_name())?;
    if request.kind == ObjectNoun::DataMetricFunction {
        crate::sandbox::catalog::data_metric_function::check_signature(
            catalog,
            &name,
            request.arg_types.as_deref(),
        )?;
    }
    with_schema_object!(
        request.kind,
        T => describe_object::<T>(catalog, &name),
        other => with_overloaded_kind!(
            other,
            T => {
                let types = request.arg_types.clone().unwrap_or_default();
                Ok(catalog.overload::<T>(&name, &types)?.describe())
            },
            other => Err(SqlError::unsupported(format!(
                "DESCRIBE {} is not available in the sandbox.",
                other.sql()
            ))),
        ),
    )
}

/// DESCRIBE of a schema-level kind: the object under its stored name, checked and
/// described by its kind.
fn describe_object<T: SchemaObject + DescribeRows>(
    catalog: &Catalog,
    name: &ObjectName,
) -> Result<QueryResult, SqlError> {
    let (key, object) = T::map(catalog.schema(&name.schema_name())?)
        .get_key_value(&name.name)
        .ok_or_else(|| SqlError::does_not_exist(T::KIND.noun(), &name.to_string()))?;
    T::check(catalog, name)?;
    Ok(T::describe(
        catalog,
        &Entry {
            database: &name.database,
            schema: &name.schema,
            name: key,
            object,
        },
    ))
}

/// DESCRIBE of a kind kept outside schemas: the object under its name, described by its
/// kind.
fn describe_outer<T: OuterKind>(
    catalog: &Catalog,
    name: &OuterName,
) -> Result<QueryResult, SqlError> {
    Ok(T::describe(catalog, name, catalog.outer::<T>(name)?))
}
