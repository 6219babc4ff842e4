//! SHOW PRIMARY KEYS, SHOW UNIQUE KEYS and SHOW IMPORTED KEYS: one row per column of each
//! constraint the tables in scope keep, with the documented columns
//! (https://docs.snowflake.com/en/sql-reference/sql/show-primary-keys,
//! https://docs.snowflake.com/en/sql-reference/sql/show-unique-keys,
//! https://docs.snowflake.com/en/sql-reference/sql/show-imported-keys).
//!
//! Constraints are metadata in Snowflake and in the sandbox: `rely` is the constraint's
//! RELY property (set at creation or by `ALTER CONSTRAINT … RELY`), an imported key's rules are `NO ACTION` and it is `NOT DEFERRABLE` (the
//! defaults CREATE TABLE documents), and `created_on` is the table's.

use super::clauses::{MAX_SHOW_ROWS, schemas_in_scope};
use crate::model::identifier::Ident;
use crate::sandbox::binder::object_name;
use crate::sandbox::catalog::rows::{columns, flag, stamp, text};
use crate::sandbox::catalog::table::constraint::{ConstraintKind, TableConstraint};
use crate::sandbox::catalog::{Catalog, Table};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::{KeyKind, Show, ShowScope};

const KEY_COLUMNS: [(&str, &str); 9] = [
    ("created_on", "timestamp_ltz"),
    ("database_name", "text"),
    ("schema_name", "text"),
    ("table_name", "text"),
    ("column_name", "text"),
    ("key_sequence", "fixed"),
    ("constraint_name", "text"),
    ("rely", "text"),
    ("comment", "text"),
];

const IMPORTED_COLUMNS: [(&str, &str); 17] = [
    ("created_on", "timestamp_ltz"),
    ("pk_database_name", "text"),
    ("pk_schema_name", "text"),
    ("pk_table_name", "text"),
    ("pk_column_name", "text"),
    ("fk_database_name", "text"),
    ("fk_schema_name", "text"),
    ("fk_table_name", "text"),
    ("fk_column_name", "text"),
    ("key_sequence", "fixed"),
    ("update_rule", "text"),
    ("delete_rule", "text"),
    ("fk_name", "text"),
    ("pk_name", "text"),
    ("deferrability", "text"),
    ("rely", "text"),
    ("comment", "text"),
];

pub(super) fn show_keys(
    catalog: &Catalog,
    kind: KeyKind,
    request: &Show,
    session: &SqlSession,
) -> Result<QueryResult, SqlError> {
    let action = match kind {
        KeyKind::Primary => "SHOW PRIMARY KEYS",
        KeyKind::Unique => "SHOW UNIQUE KEYS",
        KeyKind::Imported => "SHOW IMPORTED KEYS",
    };
    let mut tables: Vec<(Ident, Ident, Ident, &Table)> = Vec::new();
    if let ShowScope::Table(raw) = &request.scope {
        let name = object_name(raw, session, action)?;
        let table = catalog.get::<Table>(&name)?;
        tables.push((name.database, name.schema, name.name, table));
    } else {
        for s in schemas_in_scope(catalog, &request.scope, session, action)? {
            for (name, table) in &s.schema.objects.tables {
                tables.push((s.database.clone(), s.name.clone(), name.clone(), table));
            }
        }
        tables.sort_by(|a, b| (&a.0, &a.1, &a.2).cmp(&(&b.0, &b.1, &b.2)));
    }
    let mut rows = Vec::new();
    for (database, schema, name, table) in &tables {
        for constraint in &table.constraints {
            rows.extend(constraint_rows(
                catalog,
                kind,
                (database, schema, name),
                table,
                constraint,
            ));
            if rows.len() >= MAX_SHOW_ROWS {
                break;
            }
        }
    }
    rows.truncate(MAX_SHOW_ROWS);
    let spec: &[(&str, &'static str)] = match kind {
        KeyKind::Imported => &IMPORTED_COLUMNS,
        _ => &KEY_COLUMNS,
    };
    Ok(QueryResult {
        columns: columns(spec),
        rows,
    })
}

fn constraint_rows(
    catalog: &Catalog,
    kind: KeyKind,
    (database, schema, name): (&Ident, &Ident, &Ident),
    table: &Table,
    constraint: &TableConstraint,
) -> Vec<Vec<Option<String>>> {
    let created = stamp(table.meta.created_on);
    match (&constraint.kind, kind) {
        (ConstraintKind::PrimaryKey, KeyKind::Primary)
        | (ConstraintKind::Unique, KeyKind::Unique) => constraint
            .columns
            .iter()
            .enumerate()
            .map(|(i, column)| {
                vec![
                    created.clone(),
                    text(database.as_str()),
                    text(schema.as_str()),
                    text(name.as_str()),
                    text(column.as_str()),
                    text((i + 1).to_string()),
                    text(constraint.name.as_str()),
                    flag(constraint.rely, "true", "false"),
                    None,
                ]
            })
            .collect(),
        (
            ConstraintKind::ForeignKey {
                database: pk_database,
                schema: pk_schema,
                table: pk_table,
                columns: pk_columns,
            },
            KeyKind::Imported,
        ) => {
            // The referenced key's name: the referenced table's primary or unique key
            // over exactly these columns.
            let referenced = crate::model::identifier::ObjectName {
                database: pk_database.clone(),
                schema: pk_schema.clone(),
                name: pk_table.clone(),
            };
            let pk_name = catalog.find::<Table>(&referenced).and_then(|t| {
                t.constraints
                    .iter()
                    .find(|c| {
                        matches!(c.kind, ConstraintKind::PrimaryKey | ConstraintKind::Unique)
                            && &c.columns == pk_columns
                    })
                    .map(|c| c.name.as_str().to_string())
            });
            constraint
                .columns
                .iter()
                .zip(pk_columns)
                .enumerate()
                .map(|(i, (fk_column, pk_column))| {
                    vec![
                        created.clone(),
                        text(pk_database.as_str()),
                        text(pk_schema.as_str()),
                        text(pk_table.as_str()),
                        text(pk_column.as_str()),
                        text(database.as_str()),
                        text(schema.as_str()),
                        text(name.as_str()),
                        text(fk_column.as_str()),
                        text((i + 1).to_string()),
                        text("NO ACTION"),
                        text("NO ACTION"),
                        text(constraint.name.as_str()),
                        pk_name.clone(),
                        text("NOT DEFERRABLE"),
                        flag(constraint.rely, "true", "false"),
                        None,
                    ]
                })
                .collect()
        }
        _ => Vec::new(),
    }
}
