//! Table constraints as the catalog keeps them: PRIMARY KEY, UNIQUE and FOREIGN KEY with
//! their (given or generated) names and columns. Snowflake records them as metadata and
//! enforces only NOT NULL (https://docs.snowflake.com/en/sql-reference/constraints-overview);
//! the rules kept here are the ones it checks at DDL time: the columns exist, a table has
//! at most one primary key, names are unique per table, and DESCRIBE TABLE flags the key
//! columns (`primary key` / `unique key` = `Y`).
//!
//! Where the docs are silent (error codes, what DROP COLUMN does to a constraint that uses
//! the column) the choice is marked.
//!
//! Constraints written in CREATE TABLE or ALTER TABLE … ADD are resolved here against the
//! catalog, their names through the session's resolver (`Names`): a foreign key's table
//! resolves like any name in the statement and must exist (or be the table itself), its
//! columns default to that table's primary key and must exist there, one for each
//! constrained column
//! (https://docs.snowflake.com/en/sql-reference/sql/create-table-constraint). Unnamed
//! constraints get a generated `SYS_CONSTRAINT_…` name, as in Snowflake (which uses a UUID).

use serde::{Deserialize, Serialize};

use super::Table;
use super::grammar::constraint::{Constraint, ConstraintKind as Written};
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::catalog::{Catalog, Names};
use crate::sandbox::error::SqlError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct TableConstraint {
    pub(crate) name: Ident,
    pub(crate) kind: ConstraintKind,
    pub(crate) columns: Vec<Ident>,
    /// `RELY` (SHOW … KEYS' `rely`); set at creation or by `ALTER CONSTRAINT … RELY`.
    #[serde(default)]
    pub(crate) rely: bool,
}

/// How ALTER TABLE's constraint actions name a constraint: `CONSTRAINT <name>`, or
/// `PRIMARY KEY | UNIQUE | FOREIGN KEY [ ( <col_name> , … ) ]`
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-table, `constraintAction`).
/// Without columns, UNIQUE and FOREIGN KEY name the table's only one of their kind.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ConstraintRef {
    Named(Ident),
    PrimaryKey(Vec<Ident>),
    Unique(Vec<Ident>),
    ForeignKey(Vec<Ident>),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) enum ConstraintKind {
    PrimaryKey,
    Unique,
    ForeignKey {
        database: Ident,
        schema: Ident,
        table: Ident,
        columns: Vec<Ident>,
    },
    /// `CHECK ( <expr> )`: the expression as written; the constraint's columns are the
    /// table's columns it names.
    Check {
        expression: String,
    },
}

impl Table {
    /// The primary key's columns, if the table has one.
    pub(crate) fn primary_key(&self) -> Option<&[Ident]> {
        self.constraints
            .iter()
            .find(|c| c.kind == ConstraintKind::PrimaryKey)
            .map(|c| c.columns.as_slice())
    }

    /// DESCRIBE TABLE's flags for `column`: (in the primary key, in a unique key).
    pub(crate) fn key_flags(&self, column: &Ident) -> (bool, bool) {
        let mut flags = (false, false);
        for c in &self.constraints {
            if c.columns.contains(column) {
                match c.kind {
                    ConstraintKind::PrimaryKey => flags.0 = true,
                    ConstraintKind::Unique => flags.1 = true,
                    ConstraintKind::ForeignKey { .. } | ConstraintKind::Check { .. } => {}
                }
            }
        }
        flags
    }

    /// Adds a resolved constraint after checking it against the table.
    pub(crate) fn add_constraint(&mut self, constraint: TableConstraint) -> Result<(), SqlError> {
        for column in &constraint.columns {
            if !self.columns.iter().any(|c| &c.name == column) {
                return Err(SqlError::invalid_identifier(&column.to_sql()));
            }
        }
        if constraint.kind == ConstraintKind::PrimaryKey && self.primary_key().is_some() {
            // (chosen code) Snowflake allows one primary key per table.
            return Err(SqlError::unsupported(
                "A table can have only one primary key.",
            ));
        }
        if self.constraints.iter().any(|c| c.name == constraint.name) {
            return Err(SqlError::already_exists(&constraint.name.to_sql()));
        }
        self.constraints.push(constraint);
        Ok(())
    }

    /// The index of the constraint `reference` names. The docs give no error for a
    /// constraint that is not there: it is `002003` as for a named one, and a kind named
    /// without columns where the table has several of it is ambiguous (chosen, 002043).
    pub(crate) fn constraint_index(&self, reference: &ConstraintRef) -> Result<usize, SqlError> {
        let (matches, written): (Vec<usize>, String) = match reference {
            ConstraintRef::Named(name) => {
                return self
                    .constraints
                    .iter()
                    .position(|c| &c.name == name)
                    .ok_or_else(|| SqlError::does_not_exist("Constraint", &name.to_sql()));
            }
            ConstraintRef::PrimaryKey(columns) => (
                self.matching(columns, |k| *k == ConstraintKind::PrimaryKey),
                "PRIMARY KEY".to_string(),
            ),
            ConstraintRef::Unique(columns) => (
                self.matching(columns, |k| *k == ConstraintKind::Unique),
                "UNIQUE".to_string(),
            ),
            ConstraintRef::ForeignKey(columns) => (
                self.matching(columns, |k| matches!(k, ConstraintKind::ForeignKey { .. })),
                "FOREIGN KEY".to_string(),
            ),
        };
        match matches.as_slice() {
            [one] => Ok(*one),
            [] => Err(SqlError::does_not_exist("Constraint", &written)),
            _ => Err(SqlError::unsupported(format!(
                "The table has more than one {written} constraint: name its columns."
            ))),
        }
    }

    /// The constraints of a kind on exactly `columns` (any columns when none are given).
    fn matching(&self, columns: &[Ident], kind: impl Fn(&ConstraintKind) -> bool) -> Vec<usize> {
        self.constraints
            .iter()
            .enumerate()
            .filter(|(_, c)| kind(&c.kind) && (columns.is_empty() || c.columns == columns))
            .map(|(i, _)| i)
            .collect()
    }

    /// `DROP { CONSTRAINT n | PRIMARY KEY | UNIQUE | FOREIGN KEY } [ ( cols ) ]`.
    pub(crate) fn drop_constraint_ref(
        &mut self,
        reference: &ConstraintRef,
    ) -> Result<(), SqlError> {
        let index = self.constraint_index(reference)?;
        self.constraints.remove(index);
        Ok(())
    }

    /// `{ ALTER | MODIFY } <constraint> <properties>`: only RELY / NORELY is kept (the
    /// other properties are not maintained for standard tables, create-table-constraint's
    /// "Constraint properties").
    pub(crate) fn alter_constraint(
        &mut self,
        reference: &ConstraintRef,
        rely: Option<bool>,
    ) -> Result<(), SqlError> {
        let index = self.constraint_index(reference)?;
        if let (Some(rely), Some(c)) = (rely, self.constraints.get_mut(index)) {
            c.rely = rely;
        }
        Ok(())
    }

    pub(crate) fn rename_constraint(&mut self, from: &Ident, to: &Ident) -> Result<(), SqlError> {
        if from != to && self.constraints.iter().any(|c| &c.name == to) {
            return Err(SqlError::already_exists(&to.to_sql()));
        }
        let constraint = self
            .constraints
            .iter_mut()
            .find(|c| &c.name == from)
            .ok_or_else(|| SqlError::does_not_exist("Constraint", &from.to_sql()))?;
        constraint.name = to.clone();
        Ok(())
    }

    /// A renamed column stays in its constraints.
    pub(crate) fn rename_in_constraints(&mut self, from: &Ident, to: &Ident) {
        for c in &mut self.constraints {
            for column in &mut c.columns {
                if column == from {
                    *column = to.clone();
                }
            }
        }
    }

    /// (chosen: the docs are silent) a dropped column takes the constraints that use it.
    pub(crate) fn forget_column_constraints(&mut self, column: &Ident) {
        self.constraints.retain(|c| !c.columns.contains(column));
    }
}

/// Resolves every constraint of a CREATE TABLE (inline ones first) and adds it to `table`.
pub(crate) fn add_all(
    catalog: &mut Catalog,
    names: &Names<'_>,
    own: &ObjectName,
    table: &mut Table,
    constraints: &[Constraint],
) -> Result<(), SqlError> {
    // A disabled CHECK constraint "isn't created".
    for constraint in constraints.iter().filter(|c| !c.disabled) {
        let resolved = resolve(catalog, names, own, table, constraint)?;
        table.add_constraint(resolved)?;
    }
    Ok(())
}

/// A written constraint resolved for `table` (stored as `own`): a foreign key's target
/// found, an unnamed constraint named.
pub(crate) fn resolve(
    catalog: &mut Catalog,
    names: &Names<'_>,
    own: &ObjectName,
    table: &Table,
    constraint: &Constraint,
) -> Result<TableConstraint, SqlError> {
    let mut columns = constraint.columns.clone();
    let kind = match &constraint.kind {
        Written::PrimaryKey => ConstraintKind::PrimaryKey,
        Written::Unique => ConstraintKind::Unique,
        Written::Check { expression } => {
            check_expression(expression, constraint.name.as_ref())?;
            // The columns it names, for DROP COLUMN and RENAME COLUMN to follow.
            let named = super::virtual_column::referenced(expression);
            columns = table
                .columns
                .iter()
                .map(|c| c.name.clone())
                .filter(|c| named.contains(c))
                .collect();
            ConstraintKind::Check {
                expression: expression.clone(),
            }
        }
        Written::ForeignKey {
            table: raw,
            columns,
        } => {
            let target = names(raw)?;
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
        columns,
        rely: constraint.rely,
    })
}

/// A CHECK constraint's expression "can't contain" UDFs, aggregate, window or table
/// functions, subqueries, or non-deterministic and context functions
/// (https://docs.snowflake.com/en/sql-reference/sql/create-table-constraint, "Properties
/// (for CHECK constraints only)"). The docs give no error code (chosen, 002043); the
/// forbidden uses are found as a virtual column's are, and UDFs are not told apart from
/// built-in functions here.
fn check_expression(expression: &str, name: Option<&Ident>) -> Result<(), SqlError> {
    match super::virtual_column::forbidden(expression) {
        Some((_, what)) => Err(SqlError::unsupported(format!(
            "Invalid usage of {what} in CHECK constraint{}.",
            name.map(|n| format!(" {}", n.to_sql())).unwrap_or_default()
        ))),
        None => Ok(()),
    }
}
