//! TRUNCATE TABLE (https://docs.snowflake.com/en/sql-reference/sql/truncate-table): the
//! table must exist (unless IF EXISTS) and be a table, not a view. The sandbox holds no
//! rows nor load metadata, so nothing else changes.

use super::shared::DONE;
use crate::sandbox::binder::object_name;
use crate::sandbox::catalog::{Catalog, Table};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::truncate::Truncate;

pub(crate) fn truncate(
    catalog: &Catalog,
    truncate: &Truncate,
    session: &SqlSession,
) -> Result<QueryResult, SqlError> {
    let name = object_name(&truncate.name, session, "TRUNCATE TABLE")?;
    match catalog.get::<Table>(&name) {
        Ok(_) => {}
        Err(_) if truncate.if_exists => {}
        Err(e) => return Err(e),
    }
    Ok(QueryResult::status(DONE))
}
