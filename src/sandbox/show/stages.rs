//! SHOW STAGES: `url`, `type` EXTERNAL / INTERNAL, `cloud`, `storage_integration`.

use super::{Entry, columns, comment, flag, listed, stamp, text};
use crate::sandbox::catalog::{Catalog, Stage};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::Session;
use crate::sandbox::statement::Show;

const STAGE_COLUMNS: [(&str, &str); 17] = [
    ("created_on", "timestamp_ltz"),
    ("name", "text"),
    ("database_name", "text"),
    ("schema_name", "text"),
    ("url", "text"),
    ("has_credentials", "text"),
    ("has_encryption_key", "text"),
    ("owner", "text"),
    ("comment", "text"),
    ("region", "text"),
    ("type", "text"),
    ("cloud", "text"),
    ("notification_channel", "text"),
    ("storage_integration", "text"),
    ("endpoint", "text"),
    ("owner_role_type", "text"),
    ("directory_enabled", "text"),
];

pub fn show(catalog: &Catalog, request: &Show, session: &Session) -> Result<QueryResult, SqlError> {
    let rows = listed::<Stage>(catalog, request, session, "SHOW STAGES")?;
    let rows = rows
        .into_iter()
        .map(
            |Entry {
                 database,
                 schema,
                 name,
                 object: s,
             }| {
                vec![
                    stamp(s.meta.created_on),
                    text(name.as_str()),
                    text(database.as_str()),
                    text(schema.as_str()),
                    text(s.url.clone().unwrap_or_default()),
                    text("N"),
                    text("N"),
                    text(s.meta.owner.clone()),
                    comment(&s.meta.comment),
                    None,
                    text(if s.url.is_some() {
                        "EXTERNAL"
                    } else {
                        "INTERNAL"
                    }),
                    s.cloud().map(str::to_string),
                    None,
                    s.storage_integration
                        .as_ref()
                        .map(|i| i.as_str().to_string()),
                    None,
                    text("ROLE"),
                    flag(s.directory_enabled, "Y", "N"),
                ]
            },
        )
        .collect();
    Ok(QueryResult {
        columns: columns(&STAGE_COLUMNS),
        rows,
    })
}
