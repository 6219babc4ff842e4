//! SHOW [USER] PROCEDURES: user procedures only (no built-ins), one row per overload,
//! `arguments` as `NAME(NUMBER, VARCHAR) RETURN VARCHAR`.

use super::{columns, schemas_in_scope, select, stamp, text};
use crate::model::identifier::Ident;
use crate::sandbox::catalog::procedure::signature_type;
use crate::sandbox::catalog::{Catalog, Procedure};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::Session;
use crate::sandbox::statement::Show;

const PROCEDURE_COLUMNS: [(&str, &str); 16] = [
    ("created_on", "timestamp_ltz"),
    ("name", "text"),
    ("schema_name", "text"),
    ("is_builtin", "text"),
    ("is_aggregate", "text"),
    ("is_ansi", "text"),
    ("min_num_arguments", "fixed"),
    ("max_num_arguments", "fixed"),
    ("arguments", "text"),
    ("description", "text"),
    ("catalog_name", "text"),
    ("is_table_function", "text"),
    ("valid_for_clustering", "text"),
    ("is_secure", "text"),
    ("secrets", "text"),
    ("external_access_integrations", "text"),
];

/// `P(NUMBER, VARCHAR) RETURN VARCHAR`.
pub fn arguments(name: &Ident, procedure: &Procedure) -> String {
    let returns = match crate::model::data_type::DataType::parse(&procedure.returns) {
        Ok(t) => signature_type(&t),
        Err(_) => procedure.returns.clone(),
    };
    format!("{} RETURN {returns}", procedure.signature(name))
}

pub fn show(catalog: &Catalog, request: &Show, session: &Session) -> Result<QueryResult, SqlError> {
    let schemas = schemas_in_scope(catalog, &request.scope, session, "SHOW PROCEDURES")?;
    let rows: Vec<_> = schemas
        .iter()
        .flat_map(|s| {
            s.schema
                .procedures
                .iter()
                .flat_map(move |(name, overloads)| {
                    overloads.iter().map(move |p| (s.database, s.name, name, p))
                })
        })
        .collect();
    let rows = select(rows, request, |(d, s, n, _)| {
        [n.as_str(), d.as_str(), s.as_str()]
    });
    let rows = rows
        .into_iter()
        .map(|(database, schema, name, p)| {
            let count = p.arguments.len().to_string();
            vec![
                stamp(p.meta.created_on),
                text(name.as_str()),
                text(schema.as_str()),
                text("N"),
                text("N"),
                text("N"),
                text(count.clone()),
                text(count),
                text(arguments(name, p)),
                text(
                    p.meta
                        .comment
                        .clone()
                        .unwrap_or_else(|| "user-defined procedure".to_string()),
                ),
                text(database.as_str()),
                text("N"),
                text("N"),
                text("N"),
                None,
                None,
            ]
        })
        .collect();
    Ok(QueryResult {
        columns: columns(&PROCEDURE_COLUMNS),
        rows,
    })
}
