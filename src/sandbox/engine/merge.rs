//! MERGE (https://docs.snowflake.com/en/sql-reference/sql/merge): the target must be a
//! table and every object the statement reads must exist. The emulator holds no rows, so
//! the answer counts none; its columns are the ones Snowflake returns for the actions the
//! statement has (`number of rows inserted` / `updated` / `deleted`, in that order).
//!
//! [`compile`] is what every statement that writes rows (MERGE, INSERT, COPY INTO a table)
//! goes through once its objects are found: the binder (`sql::bind`) resolves its column
//! lists and expressions against the catalog, as Snowflake compiles the statement.

use crate::sandbox::binder::{object_name, object_names};
use crate::sandbox::catalog::view::{CatalogRelations, bind_error};
use crate::sandbox::catalog::{Catalog, Table};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::{QueryResult, ResultColumn};
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::merge::Merge;

pub(super) fn merge(
    catalog: &Catalog,
    merge: &Merge,
    session: &SqlSession,
) -> Result<QueryResult, SqlError> {
    let action = "MERGE";
    let target = object_name(&merge.target, session, action)?;
    catalog.get::<Table>(&target)?;
    let references = object_names(&merge.references, session, action)?;
    catalog.query_sources(&references, None)?;
    let mut columns = Vec::new();
    for (present, name) in [
        (merge.inserts, "number of rows inserted"),
        (merge.updates, "number of rows updated"),
        (merge.deletes, "number of rows deleted"),
    ] {
        if present {
            columns.push(ResultColumn::new(name, "fixed"));
        }
    }
    let rows = vec![vec![Some("0".to_string()); columns.len()]];
    Ok(QueryResult { columns, rows })
}

/// Compiles a statement that writes rows against the catalog, its names read in the
/// session: a column that does not resolve is 000904 at its line and position in `sql`.
/// What the binder cannot read is accepted (see `sql::bind`).
pub(super) fn compile(catalog: &Catalog, sql: &str, session: &SqlSession) -> Result<(), SqlError> {
    let relations = CatalogRelations {
        catalog,
        database: session.database.clone(),
        schema: session.schema.clone(),
    };
    crate::sql::bind::bind_statement(sql, &relations, &[]).map_err(|e| bind_error(&e, sql, 0))
}
