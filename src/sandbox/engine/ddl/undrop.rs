//! UNDROP DATABASE / SCHEMA / TABLE / DYNAMIC TABLE / TAG: the most recent dropped
//! version comes back from the catalog's Time Travel lists
//! ([`crate::sandbox::catalog::dropped`]), with Snowflake's status message (`Table T2
//! successfully restored.`, https://docs.snowflake.com/en/sql-reference/sql/undrop-table;
//! the other UNDROP pages show none, and the sandbox answers in the same form).

use crate::sandbox::binder::{database_name, object_name, schema_name};
use crate::sandbox::catalog::{Catalog, DynamicTable, Stamp, Table, Tag};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::ObjectNoun;
use crate::sandbox::statement::undrop::Undrop;

/// `UNDROP … IDENTIFIER(<id>)`: the dropped database, schema or table with that system
/// identifier, named by its fully qualified name so that the privilege check and the
/// restore go by name, pinned to that version. An identifier no dropped object has is
/// "did not exist or was purged", as a name (the docs name no other error). Under a role,
/// the ownership checked is the name's most recently dropped version's
/// (`Catalog::dropped_meta`), which may not be the one the id picks.
pub(crate) fn resolve_id(
    catalog: &Catalog,
    undrop: &mut Undrop,
    now: Stamp,
) -> Result<(), SqlError> {
    let Some(id) = undrop.id else {
        return Ok(());
    };
    let parts = catalog
        .dropped_by_id(undrop.kind, id, now)
        .ok_or_else(|| SqlError::not_restorable(undrop.kind.noun(), &id.to_string()))?;
    undrop.name = crate::sandbox::statement::RawName { parts };
    Ok(())
}

pub(crate) fn undrop(
    catalog: &mut Catalog,
    undrop: &Undrop,
    session: &SqlSession,
    now: Stamp,
) -> Result<QueryResult, SqlError> {
    let action = format!("UNDROP {}", undrop.kind.sql());
    let name = match undrop.kind {
        ObjectNoun::Database => {
            let name = database_name(&undrop.name)?;
            catalog.undrop_database(&name, now, undrop.id)?;
            name
        }
        ObjectNoun::Schema => {
            let name = schema_name(&undrop.name, session, &action)?;
            catalog.undrop_schema(&name, now, undrop.id)?;
            name.schema
        }
        ObjectNoun::Table => {
            let name = object_name(&undrop.name, session, &action)?;
            catalog.undrop_kept::<Table>(&name, now, undrop.id)?;
            name.name
        }
        ObjectNoun::DynamicTable => {
            let name = object_name(&undrop.name, session, &action)?;
            catalog.undrop_kept::<DynamicTable>(&name, now, None)?;
            name.name
        }
        ObjectNoun::Tag => {
            let name = object_name(&undrop.name, session, &action)?;
            catalog.undrop_kept::<Tag>(&name, now, None)?;
            name.name
        }
        // The parser reads only the kinds above.
        other => {
            return Err(SqlError::unsupported(format!(
                "UNDROP {} is not available in the sandbox.",
                other.sql()
            )));
        }
    };
    Ok(QueryResult::status(format!(
        "{} {} successfully restored.",
        undrop.kind.noun(),
        name.as_str()
    )))
}
