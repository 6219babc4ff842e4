//! SHOW STREAMS (and DESCRIBE STREAM, which answers the same columns for one stream):
//! `table_name` fully qualified, `mode` DEFAULT / APPEND_ONLY, `stale` computed from the
//! identity of the table the stream was created on.

use super::{Entry, columns, comment, flag, listed, stamp, terse, text};
use crate::sandbox::catalog::{Catalog, Stream};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::Session;
use crate::sandbox::statement::Show;

/// Snowflake's default staleness horizon for a stream that is never consumed.
const STALE_AFTER_DAYS: i64 = 14;

const STREAM_COLUMNS: [(&str, &str); 15] = [
    ("created_on", "timestamp_ltz"),
    ("name", "text"),
    ("database_name", "text"),
    ("schema_name", "text"),
    ("owner", "text"),
    ("comment", "text"),
    ("table_name", "text"),
    ("source_type", "text"),
    ("base_tables", "text"),
    ("type", "text"),
    ("stale", "text"),
    ("mode", "text"),
    ("stale_after", "timestamp_ltz"),
    ("invalid_reason", "text"),
    ("owner_role_type", "text"),
];

pub fn render(catalog: &Catalog, entries: Vec<Entry<'_, Stream>>) -> QueryResult {
    let rows = entries
        .into_iter()
        .map(
            |Entry {
                 database,
                 schema,
                 name,
                 object: s,
             }| {
                let stale = catalog.stream_is_stale(s);
                let table = s.table.to_string();
                vec![
                    stamp(s.meta.created_on),
                    text(name.as_str()),
                    text(database.as_str()),
                    text(schema.as_str()),
                    text(s.meta.owner.clone()),
                    comment(&s.meta.comment),
                    text(table.clone()),
                    text("Table"),
                    text(table),
                    text("DELTA"),
                    flag(stale, "true", "false"),
                    text(s.mode()),
                    stamp(s.meta.created_on.plus_days(STALE_AFTER_DAYS)),
                    text("N/A"),
                    text("ROLE"),
                ]
            },
        )
        .collect();
    QueryResult {
        columns: columns(&STREAM_COLUMNS),
        rows,
    }
}

pub fn show(catalog: &Catalog, request: &Show, session: &Session) -> Result<QueryResult, SqlError> {
    let rows = listed::<Stream>(catalog, request, session, "SHOW STREAMS")?;
    let result = render(catalog, rows);
    Ok(if request.terse {
        let mut result = terse(
            result,
            &[
                "created_on",
                "name",
                "type",
                "database_name",
                "schema_name",
                "table_name",
            ],
            &[],
        );
        for column in &mut result.columns {
            match column.name.as_str() {
                "type" => column.name = "kind".to_string(),
                "table_name" => column.name = "tableOn".to_string(),
                _ => {}
            }
        }
        result
    } else {
        result
    })
}
