//! SHOW DATABASES and SCHEMAS: the containers, those the session's roles hold some
//! privilege on; with HISTORY also the dropped ones still restorable, each version a row
//! with `dropped_on` ("Date and timestamp (for dropped databases); NULL (for active
//! databases)": https://docs.snowflake.com/en/sql-reference/sql/show-databases,
//! https://docs.snowflake.com/en/sql-reference/sql/show-schemas).

use super::Sees;
use super::clauses::{select, terse};
use crate::model::identifier::Ident;
use crate::sandbox::binder::{current_database, database_name};
use crate::sandbox::catalog::Stamp;
use crate::sandbox::catalog::database::INFORMATION_SCHEMA;
use crate::sandbox::catalog::rows::{columns, comment, flag, stamp, text};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::{ObjectNoun, Show, ShowScope};

/// SHOW DATABASES, with `kind` (bundle 2023_03, bcr-1021) and `object_visibility`
/// (bundle 2024_08, bcr-1759: https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_08/bcr-1759,
/// "reserved for future use": NULL). `data_quality_monitoring_settings` (2026_01,
/// bcr-2199) is left out while that bundle is pending.
const DATABASE_COLUMNS: [(&str, &str); 13] = [
    ("created_on", "timestamp_ltz"),
    ("name", "text"),
    ("is_default", "text"),
    ("is_current", "text"),
    ("origin", "text"),
    ("owner", "text"),
    ("comment", "text"),
    ("options", "text"),
    ("retention_time", "text"),
    ("kind", "text"),
    ("budget", "text"),
    ("owner_role_type", "text"),
    ("object_visibility", "text"),
];

pub(super) fn databases(
    catalog: &crate::sandbox::catalog::Catalog,
    request: &Show,
    session: &SqlSession,
    sees: Sees<'_>,
    now: Stamp,
) -> Result<QueryResult, SqlError> {
    let mut rows: Vec<_> = catalog
        .databases
        .iter()
        .map(|(name, db)| (name, db, None))
        .collect();
    if request.history {
        rows.extend(
            catalog
                .dropped_databases
                .iter()
                .filter(|d| !d.expired(now))
                .map(|d| (&d.name, &d.object, Some(d.dropped_on))),
        );
    }
    rows.retain(|(name, _, _)| sees(ObjectNoun::Database, &[(*name).clone()], None));
    let rows = select(rows, request, |(name, _, _)| [name.as_str(), "", ""]);
    let rows = rows
        .into_iter()
        .map(|(name, db, dropped_on)| {
            let mut row = vec![
                stamp(db.meta.created_on),
                text(name.as_str()),
                text("N"),
                flag(session.database.as_ref() == Some(name), "Y", "N"),
                text(""),
                text(db.meta.owner.clone()),
                comment(&db.meta.comment),
                text(if db.transient { "TRANSIENT" } else { "" }),
                text(db.retention_days.to_string()),
                text("STANDARD"),
                None,
                text("ROLE"),
                None,
            ];
            if request.history {
                row.push(dropped_on.and_then(stamp));
            }
            row
        })
        .collect();
    let result = QueryResult {
        columns: with_dropped_on(&DATABASE_COLUMNS, request),
        rows,
    };
    Ok(if request.terse {
        terse(
            result,
            &["created_on", "name", "kind", "database_name", "schema_name"],
            &[],
        )
    } else {
        result
    })
}

/// SHOW SCHEMAS, with the classification profile columns "at the end" (bundle 2024_08,
/// bcr-1757: https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_08/bcr-1757)
/// and `object_visibility` (same bundle, bcr-1759), all reserved for future use (NULL).
/// The two notes do not order these against each other; the classification columns are
/// put first.
const SCHEMA_COLUMNS: [(&str, &str); 15] = [
    ("created_on", "timestamp_ltz"),
    ("name", "text"),
    ("is_default", "text"),
    ("is_current", "text"),
    ("database_name", "text"),
    ("owner", "text"),
    ("comment", "text"),
    ("options", "text"),
    ("retention_time", "text"),
    ("owner_role_type", "text"),
    ("budget", "text"),
    ("classification_profile_database", "text"),
    ("classification_profile_schema", "text"),
    ("classification_profile", "text"),
    ("object_visibility", "text"),
];

pub(super) fn schemas(
    catalog: &crate::sandbox::catalog::Catalog,
    request: &Show,
    session: &SqlSession,
    sees: Sees<'_>,
    now: Stamp,
) -> Result<QueryResult, SqlError> {
    let databases: Vec<(&Ident, &crate::sandbox::catalog::Database)> = match &request.scope {
        ShowScope::Account => catalog.databases.iter().collect(),
        ShowScope::Database(Some(raw)) => {
            let name = database_name(raw)?;
            vec![
                catalog
                    .databases
                    .get_key_value(&name)
                    .ok_or_else(|| SqlError::does_not_exist("Database", &name.to_sql()))?,
            ]
        }
        ShowScope::Database(None) | ShowScope::Default => match &session.database {
            Some(name) => vec![
                catalog
                    .databases
                    .get_key_value(name)
                    .ok_or_else(|| SqlError::does_not_exist("Database", &name.to_sql()))?,
            ],
            None if matches!(request.scope, ShowScope::Default) => {
                catalog.databases.iter().collect()
            }
            None => return Err(SqlError::no_current_database("SHOW SCHEMAS")),
        },
        _ => {
            current_database(session, "SHOW SCHEMAS")?;
            return Err(SqlError::unsupported(
                "SHOW SCHEMAS takes IN ACCOUNT or IN DATABASE.",
            ));
        }
    };
    // INFORMATION_SCHEMA is listed wherever its database is, whoever asks: it is
    // Snowflake's, held by no role.
    let rows: Vec<_> = databases
        .into_iter()
        .flat_map(|(d, db)| {
            let live = db.schemas.iter().map(move |(n, s)| (d, db, n, s, None));
            let dropped = db
                .dropped_schemas
                .iter()
                .filter(move |_| request.history)
                .filter(move |s| !s.expired(now))
                .map(move |s| (d, db, &s.name, &s.object, Some(s.dropped_on)));
            live.chain(dropped)
        })
        .filter(|(d, _, n, _, _)| {
            if n.as_str() == INFORMATION_SCHEMA {
                sees(ObjectNoun::Database, &[(*d).clone()], None)
            } else {
                sees(ObjectNoun::Schema, &[(*d).clone(), (*n).clone()], None)
            }
        })
        .collect();
    let rows = select(rows, request, |(d, _, n, _, _)| {
        [n.as_str(), d.as_str(), ""]
    });
    let rows = rows
        .into_iter()
        .map(|(d, db, n, s, dropped_on)| {
            let info = n.as_str() == INFORMATION_SCHEMA;
            let meta = s.meta();
            let mut options = Vec::new();
            if s.transient {
                options.push("TRANSIENT");
            }
            if s.managed_access {
                options.push("MANAGED ACCESS");
            }
            let mut row = vec![
                stamp(meta.map_or(db.meta.created_on, |m| m.created_on)),
                text(n.as_str()),
                text("N"),
                flag(
                    session.database.as_ref() == Some(d) && session.schema.as_ref() == Some(n),
                    "Y",
                    "N",
                ),
                text(d.as_str()),
                text(if info {
                    String::new()
                } else {
                    meta.map(|m| m.owner.clone()).unwrap_or_default()
                }),
                comment(&meta.and_then(|m| m.comment.clone())),
                text(options.join(", ")),
                text(s.retention_days.unwrap_or(db.retention_days).to_string()),
                text(if info { "" } else { "ROLE" }),
                None,
                None,
                None,
                None,
                None,
            ];
            if request.history {
                row.push(dropped_on.and_then(stamp));
            }
            row
        })
        .collect();
    let result = QueryResult {
        columns: with_dropped_on(&SCHEMA_COLUMNS, request),
        rows,
    };
    Ok(if request.terse {
        terse(
            result,
            &["created_on", "name", "kind", "database_name", "schema_name"],
            &[("kind", "STANDARD")],
        )
    } else {
        result
    })
}

/// The SHOW columns, with `dropped_on` last under HISTORY.
fn with_dropped_on(
    spec: &[(&str, &'static str)],
    request: &Show,
) -> Vec<crate::sandbox::result::ResultColumn> {
    let mut all = columns(spec);
    if request.history {
        all.extend(columns(&[("dropped_on", "timestamp_ltz")]));
    }
    all
}
