//! SHOW VIEWS: `text` is the CREATE statement exactly as it was submitted.

use super::{Entry, columns, comment, flag, listed, stamp, terse, text};
use crate::sandbox::catalog::{Catalog, View};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::Session;
use crate::sandbox::statement::Show;

const VIEW_COLUMNS: [(&str, &str); 12] = [
    ("created_on", "timestamp_ltz"),
    ("name", "text"),
    ("reserved", "text"),
    ("database_name", "text"),
    ("schema_name", "text"),
    ("owner", "text"),
    ("comment", "text"),
    ("text", "text"),
    ("is_secure", "text"),
    ("is_materialized", "text"),
    ("owner_role_type", "text"),
    ("change_tracking", "text"),
];

pub fn show(catalog: &Catalog, request: &Show, session: &Session) -> Result<QueryResult, SqlError> {
    let rows = listed::<View>(catalog, request, session, "SHOW VIEWS")?;
    let rows = rows
        .into_iter()
        .map(
            |Entry {
                 database,
                 schema,
                 name,
                 object: v,
             }| {
                vec![
                    stamp(v.meta.created_on),
                    text(name.as_str()),
                    text(""),
                    text(database.as_str()),
                    text(schema.as_str()),
                    text(v.meta.owner.clone()),
                    comment(&v.meta.comment),
                    text(v.text.clone()),
                    flag(v.secure, "true", "false"),
                    text("false"),
                    text("ROLE"),
                    flag(v.change_tracking, "ON", "OFF"),
                ]
            },
        )
        .collect();
    let result = QueryResult {
        columns: columns(&VIEW_COLUMNS),
        rows,
    };
    Ok(if request.terse {
        terse(
            result,
            &["created_on", "name", "kind", "database_name", "schema_name"],
            &[("kind", "VIEW")],
        )
    } else {
        result
    })
}
