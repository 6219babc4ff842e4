//! Constraints written in CREATE TABLE or ALTER TABLE … ADD, resolved against the session
//! and the catalog: a foreign key's table resolves like any name in the statement and must
//! exist (or be the table itself), its columns default to that table's primary key and
//! must exist there, one for each constrained column
//! (https://docs.snowflake.com/en/sql-reference/sql/create-table-constraint). Unnamed
//! constraints get a generated `SYS_CONSTRAINT_…` name, as in Snowflake (which uses a UUID).

use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::binder::object_name;
use crate::sandbox::catalog::constraint::{ConstraintKind, TableConstraint};
use crate::sandbox::catalog::{Catalog, Table};
use crate::sandbox::error::SqlError;
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::constraint::{Constraint, ConstraintKind as Written};

/// Resolves every constraint of a CREATE TABLE (inline ones first) and adds it to `table`.
pub(super) fn add_all(
    catalog: &mut Catalog,
    session: &SqlSession,
    own: &ObjectName,
    table: &mut Table,
    constraints: &[Constraint],
    action: &str,
) -> Result<(), SqlError> {
    for constraint in constraints {
        let resolved = resolve(catalog, session, own, table, constraint, action)?;
        table.add_constraint(resolved)?;
    }
    Ok(())
}

pub(super) fn resolve(
    catalog: &mut Catalog,
    session: &SqlSession,
    own: &ObjectName,
    table: &Table,
    constraint: &Constraint,
    action: &str,
) -> Result<TableConstraint, SqlError> {
    let kind = match &constraint.kind {
        Written::PrimaryKey => ConstraintKind::PrimaryKey,
        Written::Unique => ConstraintKind::Unique,
        Written::ForeignKey {
            table: raw,
            columns,
        } => {
            let target = object_name(raw, session, action)?;
            let referenced = if &target == own {
                table
            } else {
                catalog.get::<Table>(&target)?
            };
            let columns: Vec<Ident> =
                if columns.is_empty() {
                    referenced.primary_key().map(<[Ident]>::to_vec).ok_or_else(|| {
                    SqlError::unsupported(format!(
                        "Table '{target}' has no primary key for the foreign key to reference."
                    ))
                })?
                } else {
                    columns.clone()
                };
            for column in &columns {
                if !referenced.columns.iter().any(|c| &c.name == column) {
                    return Err(SqlError::invalid_identifier(&column.to_sql()));
                }
            }
            if columns.len() != constraint.columns.len() {
                return Err(SqlError::unsupported(format!(
                    "The foreign key has {} columns but references {}.",
                    constraint.columns.len(),
                    columns.len()
                )));
            }
            ConstraintKind::ForeignKey {
                database: target.database,
                schema: target.schema,
                table: target.name,
                columns,
            }
        }
    };
    let name = match &constraint.name {
        Some(name) => name.clone(),
        None => Ident::from_stored(format!("SYS_CONSTRAINT_{}", catalog.next_id())),
    };
    Ok(TableConstraint {
        name,
        kind,
        columns: constraint.columns.clone(),
    })
}
