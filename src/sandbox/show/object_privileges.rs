//! `SELECT … FROM <db>.INFORMATION_SCHEMA.OBJECT_PRIVILEGES`: one row per privilege
//! granted on the database, its schemas and the objects in them, to any role or database
//! role (https://docs.snowflake.com/en/sql-reference/info-schema/object_privileges), then
//! the query's filters, order and projection.
//!
//! Columns as the page lists them: GRANTOR, GRANTEE, GRANTED_TO, OBJECT_CATALOG,
//! OBJECT_SCHEMA, OBJECT_NAME, OBJECT_TYPE, PRIVILEGE_TYPE, IS_GRANTABLE, CREATED. The page
//! does not list OBJECT_TYPE's or GRANTED_TO's values: the emulator writes them as SHOW
//! GRANTS writes `granted_on` and `granted_to` (`FILE_FORMAT`, `DATABASE_ROLE`), and a
//! database role grantee as `DB.ROLE`, as SHOW GRANTS' `grantee_name` does; IS_GRANTABLE is
//! `YES` / `NO`, the standard INFORMATION_SCHEMA words.
//!
//! "Only displays objects for which the current role for the session has been granted
//! access privileges" (the page's usage notes): a row is listed when the session's roles
//! see its object (the engine decides, with SHOW's rule: `engine/privileges.rs`, `Viewer`). Not emulated: OWNERSHIP rows (owners live
//! in each object's metadata, not among grants).

use super::rows::evaluate;
use crate::model::identifier::Ident;
use crate::model::privilege::ObjectType;
use crate::sandbox::binder::named_or_current_database;
use crate::sandbox::catalog::Catalog;
use crate::sandbox::catalog::rows::stamp;
use crate::sandbox::error::SqlError;
use crate::sandbox::result::{QueryResult, ResultColumn};
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::RowQuery;

/// Whether the session sees the object a grant names: its type, name and (for a
/// procedure or a function) signature.
pub(crate) type SeesGranted<'a> = &'a dyn Fn(ObjectType, &[Ident], &[String]) -> bool;

const COLUMNS: [(&str, &str); 10] = [
    ("GRANTOR", "text"),
    ("GRANTEE", "text"),
    ("GRANTED_TO", "text"),
    ("OBJECT_CATALOG", "text"),
    ("OBJECT_SCHEMA", "text"),
    ("OBJECT_NAME", "text"),
    ("OBJECT_TYPE", "text"),
    ("PRIVILEGE_TYPE", "text"),
    ("IS_GRANTABLE", "text"),
    ("CREATED", "timestamp_ltz"),
];

pub(crate) fn object_privileges(
    catalog: &Catalog,
    database: Option<&Ident>,
    query: &RowQuery,
    session: &SqlSession,
    sees: SeesGranted<'_>,
) -> Result<QueryResult, SqlError> {
    let database = named_or_current_database(database, session)?;
    // The database must exist, as for any of its INFORMATION_SCHEMA views.
    catalog.database(&database)?;
    let text = |s: &str| Some(s.to_string());
    let rows = catalog
        .access
        .grants
        .iter()
        .filter(|g| g.on != ObjectType::Account && g.name.first() == Some(&database))
        .filter(|g| !matches!(g.on, ObjectType::DatabaseRole | ObjectType::Role))
        .filter(|g| sees(g.on, &g.name, &g.signature))
        .map(|g| {
            let (granted_to, grantee) = g.grantee.shown();
            // A database is its own catalog with no schema; a schema's name is its
            // second part; a schema object's, its third.
            let (schema, name) = match g.name.as_slice() {
                [d] => (None, d),
                [_, s] => (None, s),
                [_, s, n, ..] => (Some(s), n),
                [] => (None, &database),
            };
            vec![
                text(&g.granted_by),
                Some(grantee),
                text(granted_to),
                text(database.as_str()),
                schema.map(|s| s.as_str().to_string()),
                text(name.as_str()),
                text(g.on.shown()),
                text(&g.privilege),
                text(if g.grant_option { "YES" } else { "NO" }),
                stamp(g.created_on),
            ]
        })
        .collect();
    let columns: Vec<ResultColumn> = COLUMNS
        .iter()
        .map(|(n, t)| ResultColumn::new(*n, t))
        .collect();
    evaluate(&columns, rows, query)
}
