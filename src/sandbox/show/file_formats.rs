//! SHOW FILE FORMATS: `format_options` is the JSON of every option with Snowflake's
//! defaults filled in, in Snowflake's key order.

use super::{Entry, columns, comment, listed, stamp, text};
use crate::sandbox::catalog::{Catalog, FileFormat};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::Session;
use crate::sandbox::statement::Show;

const FILE_FORMAT_COLUMNS: [(&str, &str); 9] = [
    ("created_on", "timestamp_ltz"),
    ("name", "text"),
    ("database_name", "text"),
    ("schema_name", "text"),
    ("type", "text"),
    ("owner", "text"),
    ("comment", "text"),
    ("format_options", "text"),
    ("owner_role_type", "text"),
];

pub fn show(catalog: &Catalog, request: &Show, session: &Session) -> Result<QueryResult, SqlError> {
    let rows = listed::<FileFormat>(catalog, request, session, "SHOW FILE FORMATS")?;
    let rows = rows
        .into_iter()
        .map(
            |Entry {
                 database,
                 schema,
                 name,
                 object: f,
             }| {
                vec![
                    stamp(f.meta.created_on),
                    text(name.as_str()),
                    text(database.as_str()),
                    text(schema.as_str()),
                    text(f.options.format_type.clone()),
                    text(f.meta.owner.clone()),
                    comment(&f.meta.comment),
                    text(f.options.to_json()),
                    text("ROLE"),
                ]
            },
        )
        .collect();
    Ok(QueryResult {
        columns: columns(&FILE_FORMAT_COLUMNS),
        rows,
    })
}
