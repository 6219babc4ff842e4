//! DROP for every kind. Databases and schemas cascade; databases, schemas and tables are
//! kept for UNDROP for their retention period (a table's through `SandboxKind::remove`);
//! a dropped table leaves its streams stale; a dropped task's children lose it as a
//! predecessor; a registered kind may refuse the drop of an object still referenced
//! (`SandboxKind::check_drop`).

use super::shared::{already_dropped, dropped};
use crate::sandbox::binder::{database_name, object_name, outer_name, schema_name};
use crate::sandbox::catalog::{
    Catalog, OuterKind, SandboxKind, Stamp, with_module_kind, with_outer_kind,
    with_overloaded_kind, with_schema_object,
};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::{Drop, ObjectNoun};

pub(crate) fn drop(
    catalog: &mut Catalog,
    drop: Drop,
    session: &SqlSession,
    now: Stamp,
) -> Result<QueryResult, SqlError> {
    let action = format!("DROP {}", drop.kind.sql());
    let if_exists = drop.if_exists;
    let (name, removed) = match drop.kind {
        ObjectNoun::Database => {
            let name = database_name(&drop.name)?;
            let removed = catalog.drop_database(&name, if_exists, now)?;
            (name, removed)
        }
        ObjectNoun::Schema => {
            let name = schema_name(&drop.name, session, &action)?;
            let removed = catalog.drop_schema(&name, if_exists, now)?;
            (name.schema, removed)
        }
        // DROP FUNCTION name(TABLE(types)): the types must be the DMF's own. A DMF is kept
        // by name (not as an overloaded kind), so its signature is checked here, where the
        // statement's argument types are at hand.
        ObjectNoun::DataMetricFunction => {
            use crate::sandbox::catalog::data_metric_function::{
                DataMetricFunction, check_signature,
            };
            let name = object_name(&drop.name, session, &action)?;
            check_signature(catalog, &name, drop.arg_types.as_deref())?;
            let removed = catalog
                .remove::<DataMetricFunction>(&name, if_exists)?
                .is_some();
            (name.name, removed)
        }
        kind => with_module_kind!(
            kind,
            T => {
                let name = object_name(&drop.name, session, &action)?;
                let removed = T::remove(catalog, &name, if_exists, now)?;
                (name.name, removed)
            },
            kind => with_overloaded_kind!(
                kind,
                T => {
                    let name = object_name(&drop.name, session, &action)?;
                    let types = drop.arg_types.unwrap_or_default();
                    let removed = catalog.remove_overload::<T>(&name, &types, if_exists)?;
                    (name.name, removed)
                },
                kind => with_outer_kind!(
                    kind,
                    T => {
                        let name = outer_name::<T>(&drop.name, session, &action)?;
                        if catalog.outer::<T>(&name).is_ok() {
                            <T as OuterKind>::check_drop(catalog, &name)?;
                        }
                        let removed = catalog.remove_outer::<T>(&name, if_exists)?;
                        (name.name, removed)
                    },
                    kind => {
                        let name = object_name(&drop.name, session, &action)?;
                        let removed = with_schema_object!(
                            kind,
                            T => catalog.remove::<T>(&name, if_exists)?.is_some(),
                            // Every other kind is dropped above.
                            other => {
                                return Err(SqlError::unsupported(format!(
                                    "DROP {} is not available in the sandbox.",
                                    other.sql()
                                )));
                            }
                        );
                        (name.name, removed)
                    }
                ),
            ),
        ),
    };
    Ok(QueryResult::status(if removed {
        dropped(&name)
    } else {
        already_dropped(&name)
    }))
}
