//! DESCRIBE for containers: DATABASE and SCHEMA list what they hold (`created_on`,
//! `name`, `kind`).

use crate::model::identifier::{Ident, SchemaName};
use crate::sandbox::catalog::Catalog;
use crate::sandbox::catalog::rows::{CONTENT_COLUMNS, columns, stamp, text};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;

pub(super) fn database(catalog: &Catalog, name: &Ident) -> Result<QueryResult, SqlError> {
    let database = catalog.database(name)?;
    let rows = database
        .schemas
        .iter()
        .map(|(n, s)| {
            vec![
                stamp(s.meta().map_or(database.meta.created_on, |m| m.created_on)),
                text(n.as_str()),
                text("SCHEMA"),
            ]
        })
        .collect();
    Ok(QueryResult {
        columns: columns(&CONTENT_COLUMNS),
        rows,
    })
}

pub(super) fn schema(catalog: &Catalog, name: &SchemaName) -> Result<QueryResult, SqlError> {
    let schema = catalog.schema(name)?;
    let mut rows = Vec::new();
    let objects = schema.objects.listing().into_iter();
    for (kind, name, meta) in objects.chain(schema.objects.overload_listing()) {
        rows.push(vec![
            stamp(meta.created_on),
            text(name.as_str()),
            text(kind),
        ]);
    }
    rows.sort_by(|a, b| a[1].cmp(&b[1]));
    Ok(QueryResult {
        columns: columns(&CONTENT_COLUMNS),
        rows,
    })
}
