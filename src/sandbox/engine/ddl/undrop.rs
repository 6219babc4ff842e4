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
            catalog.undrop_database(&name, now)?;
            name
        }
        ObjectNoun::Schema => {
            let name = schema_name(&undrop.name, session, &action)?;
            catalog.undrop_schema(&name, now)?;
            name.schema
        }
        ObjectNoun::Table => {
            let name = object_name(&undrop.name, session, &action)?;
            catalog.undrop_kept::<Table>(&name, now)?;
            name.name
        }
        ObjectNoun::DynamicTable => {
            let name = object_name(&undrop.name, session, &action)?;
            catalog.undrop_kept::<DynamicTable>(&name, now)?;
            name.name
        }
        ObjectNoun::Tag => {
            let name = object_name(&undrop.name, session, &action)?;
            catalog.undrop_kept::<Tag>(&name, now)?;
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
