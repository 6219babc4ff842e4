//! SHOW COLUMNS, and the column type forms shared with DESCRIBE and INFORMATION_SCHEMA
//! (`data_type` JSON, INFORMATION_SCHEMA's type names).

use super::clauses::{MAX_SHOW_ROWS, schemas_in_scope};
use crate::model::data_type::DataType;
use crate::model::identifier::Ident;
use crate::sandbox::binder::object_name;
use crate::sandbox::catalog::rows::{columns, comment, flag, text};
use crate::sandbox::catalog::{Catalog, Column};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::{Show, ShowScope};

/// SHOW COLUMNS' `data_type` JSON for a column type.
pub(super) fn type_json(data_type: &DataType, nullable: bool) -> String {
    let body = match data_type {
        DataType::Number { precision, scale } => {
            format!("\"type\":\"FIXED\",\"precision\":{precision},\"scale\":{scale}")
        }
        DataType::Float => "\"type\":\"REAL\"".to_string(),
        DataType::Varchar(n) => {
            format!(
                "\"type\":\"TEXT\",\"length\":{n},\"byteLength\":{},\"fixed\":false",
                n.saturating_mul(4).min(134_217_728)
            )
        }
        DataType::Binary(n) => {
            format!("\"type\":\"BINARY\",\"length\":{n},\"byteLength\":{n},\"fixed\":true")
        }
        DataType::Time(p) => format!("\"type\":\"TIME\",\"precision\":0,\"scale\":{p}"),
        DataType::TimestampNtz(p) => {
            format!("\"type\":\"TIMESTAMP_NTZ\",\"precision\":0,\"scale\":{p}")
        }
        DataType::TimestampLtz(p) => {
            format!("\"type\":\"TIMESTAMP_LTZ\",\"precision\":0,\"scale\":{p}")
        }
        DataType::TimestampTz(p) => {
            format!("\"type\":\"TIMESTAMP_TZ\",\"precision\":0,\"scale\":{p}")
        }
        DataType::Vector { dimension, .. } => {
            let element = data_type.to_string();
            let element = if element.contains("INT") {
                "INT"
            } else {
                "FLOAT"
            };
            format!(
                "\"type\":\"VECTOR\",\"vectorElementType\":\"{element}\",\"dimension\":{dimension}"
            )
        }
        other => format!("\"type\":\"{}\"", information_schema_type(other)),
    };
    format!("{{{body},\"nullable\":{nullable}}}")
}

/// INFORMATION_SCHEMA.COLUMNS' `DATA_TYPE`: the type family without parameters.
pub(super) fn information_schema_type(data_type: &DataType) -> &'static str {
    match data_type {
        DataType::Number { .. } => "NUMBER",
        DataType::Float => "FLOAT",
        DataType::Decfloat => "DECFLOAT",
        DataType::Varchar(_) => "TEXT",
        DataType::Binary(_) => "BINARY",
        DataType::Boolean => "BOOLEAN",
        DataType::Date => "DATE",
        DataType::Time(_) => "TIME",
        DataType::TimestampNtz(_) => "TIMESTAMP_NTZ",
        DataType::TimestampLtz(_) => "TIMESTAMP_LTZ",
        DataType::TimestampTz(_) => "TIMESTAMP_TZ",
        DataType::Variant => "VARIANT",
        DataType::Object => "OBJECT",
        DataType::Array => "ARRAY",
        DataType::Geography => "GEOGRAPHY",
        DataType::Geometry => "GEOMETRY",
        DataType::Vector { .. } => "VECTOR",
    }
}

const COLUMN_COLUMNS: [(&str, &str); 11] = [
    ("table_name", "text"),
    ("schema_name", "text"),
    ("column_name", "text"),
    ("data_type", "text"),
    ("null?", "text"),
    ("default", "text"),
    ("kind", "text"),
    ("expression", "text"),
    ("comment", "text"),
    ("database_name", "text"),
    ("autoincrement", "text"),
];

/// The columns of every table, view and dynamic table in scope, in (database, schema, table, position)
/// order; LIKE filters column names.
pub(super) fn show_columns(
    catalog: &Catalog,
    request: &Show,
    session: &SqlSession,
) -> Result<QueryResult, SqlError> {
    let mut sets: Vec<(&Ident, &Ident, &Ident, &Vec<Column>)> = Vec::new();
    if let ShowScope::Table(raw) = &request.scope {
        let name = object_name(raw, session, "SHOW COLUMNS")?;
        let schema = catalog.schema(&name.schema_name())?;
        let (database, _) = catalog
            .databases
            .get_key_value(&name.database)
            .ok_or_else(|| SqlError::does_not_exist("Database", &name.database.to_sql()))?;
        let (schema_name, _) = catalog.databases[database]
            .schemas
            .get_key_value(&name.schema)
            .ok_or_else(|| SqlError::does_not_exist("Schema", &name.schema_name().to_string()))?;
        if let Some((table_name, table)) = schema.objects.tables.get_key_value(&name.name) {
            sets.push((database, schema_name, table_name, &table.columns));
        } else if let Some((view_name, view)) = schema.objects.views.get_key_value(&name.name) {
            sets.push((database, schema_name, view_name, &view.columns));
        } else if let Some((table_name, table)) =
            schema.objects.dynamic_tables.get_key_value(&name.name)
        {
            sets.push((database, schema_name, table_name, &table.columns));
        } else {
            return Err(SqlError::does_not_exist("Table", &name.to_string()));
        }
    } else {
        for s in schemas_in_scope(catalog, &request.scope, session, "SHOW COLUMNS")? {
            for (name, table) in &s.schema.objects.tables {
                sets.push((s.database, s.name, name, &table.columns));
            }
            for (name, view) in &s.schema.objects.views {
                sets.push((s.database, s.name, name, &view.columns));
            }
            for (name, table) in &s.schema.objects.dynamic_tables {
                sets.push((s.database, s.name, name, &table.columns));
            }
        }
        sets.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    }
    let mut rows = Vec::new();
    for (database, schema, table, cols) in sets {
        for column in cols {
            if let Some(like) = &request.like
                && !super::pattern::like(like, column.name.as_str(), true)
            {
                continue;
            }
            rows.push(vec![
                text(table.as_str()),
                text(schema.as_str()),
                text(column.name.as_str()),
                text(type_json(&column.data_type, column.nullable)),
                flag(column.nullable, "true", "false"),
                text(column.default.clone().unwrap_or_default()),
                // https://docs.snowflake.com/en/sql-reference/virtual-columns: `kind`
                // VIRTUAL_COLUMN and the `expression`.
                text(if column.expression.is_some() {
                    "VIRTUAL_COLUMN"
                } else {
                    "COLUMN"
                }),
                text(column.expression.clone().unwrap_or_default()),
                comment(&column.comment),
                text(database.as_str()),
                text(column.identity.map(|i| i.to_string()).unwrap_or_default()),
            ]);
        }
    }
    let limit = request
        .limit
        .map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(usize::MAX));
    rows.truncate(limit.min(MAX_SHOW_ROWS));
    Ok(QueryResult {
        columns: columns(&COLUMN_COLUMNS),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_json_forms() {
        let t = |s: &str| DataType::parse(s).unwrap();
        assert_eq!(
            type_json(&t("INT"), true),
            "{\"type\":\"FIXED\",\"precision\":38,\"scale\":0,\"nullable\":true}"
        );
        assert_eq!(
            type_json(&t("DOUBLE"), false),
            "{\"type\":\"REAL\",\"nullable\":false}"
        );
        assert_eq!(
            type_json(&t("TIMESTAMP_NTZ"), true),
            "{\"type\":\"TIMESTAMP_NTZ\",\"precision\":0,\"scale\":9,\"nullable\":true}"
        );
        assert_eq!(
            type_json(&t("BOOLEAN"), true),
            "{\"type\":\"BOOLEAN\",\"nullable\":true}"
        );
        let varchar: serde_json::Value =
            serde_json::from_str(&type_json(&t("VARCHAR(10)"), true)).unwrap();
        assert_eq!(varchar["length"], 10);
        assert_eq!(information_schema_type(&t("STRING")), "TEXT");
    }
}
