//! CREATE TABLE's body turned into the new table: a column list (its `NEXTVAL` defaults
//! drawn from existing sequences, `(columns) AS SELECT` reading existing objects), `CLONE`,
//! `AS SELECT` (CTAS, derived columns) and `LIKE`. The names the body writes resolve
//! through the session's resolver (`Names`); the constraints come back unresolved, for
//! `constraint::add_all` once the table's own name is known.

use super::Table;
use super::grammar::TableSource;
use super::grammar::constraint::Constraint;
use crate::sandbox::catalog::sequence::{Sequence, nextval_sequence};
use crate::sandbox::catalog::task::quoted_name;
use crate::sandbox::catalog::view::derive_columns;
use crate::sandbox::catalog::{Catalog, Column, Meta, Names};
use crate::sandbox::error::SqlError;

impl Catalog {
    /// The new table, and the constraints still to resolve and add to it (inline ones first).
    pub(crate) fn build_table(
        &self,
        meta: Meta,
        transient: bool,
        source: TableSource,
        names: &Names<'_>,
    ) -> Result<(Table, Vec<Constraint>), SqlError> {
        match source {
            TableSource::Columns {
                mut columns,
                cluster_by,
                properties,
                constraints,
                query_references,
            } => {
                let references = query_references
                    .iter()
                    .map(names)
                    .collect::<Result<Vec<_>, _>>()?;
                self.query_sources(&references, None)?;
                // A `<sequence>.NEXTVAL` default draws from a sequence that must exist when the
                // table is created: the docs only ever create the sequence first
                // (https://docs.snowflake.com/en/user-guide/querying-sequences) and are silent
                // on a missing one; Snowflake compiles the default then, so it is refused. The
                // default is kept as Snowflake reports it: the sequence's full name, each part
                // quoted (`"DB"."S"."SEQ".NEXTVAL`; the docs show none, users of the Terraform
                // provider report it, snowflakedb/terraform-provider-snowflake#2644).
                for column in &mut columns {
                    if let Some(sequence) = column.default.as_deref().and_then(nextval_sequence) {
                        let name = names(&sequence)?;
                        self.get::<Sequence>(&name)?;
                        column.default = Some(format!("{}.NEXTVAL", quoted_name(&name)));
                    }
                }
                let mut all: Vec<Constraint> = columns
                    .iter()
                    .flat_map(|c| c.constraints.iter().cloned())
                    .collect();
                all.extend(constraints);
                let columns = columns.iter().map(Column::from).collect();
                let mut table = Table::new(meta, transient, columns)?;
                table.cluster_by = cluster_by;
                table.set(&properties)?;
                Ok((table, all))
            }
            TableSource::Clone(source) => {
                let source = names(&source)?;
                let mut table = self.get::<Table>(&source)?.cloned_as(meta);
                table.transient |= transient;
                Ok((table, Vec::new()))
            }
            TableSource::AsSelect {
                query,
                statement,
                query_offset,
                references,
                column_names,
            } => {
                // The query's names resolve against the session, like the statement's own.
                let references = references
                    .iter()
                    .map(names)
                    .collect::<Result<Vec<_>, _>>()?;
                let sources = self.query_sources(&references, None)?;
                // Compiled as a view's query is: a name that resolves nowhere fails the
                // CREATE with Snowflake's error, and the columns take the types the binder
                // derives (https://docs.snowflake.com/en/sql-reference/sql/create-table#create-table-as-select-also-referred-to-as-ctas:
                // "the column names and types are inferred from the query").
                let bound = self.bind_query(&query, &statement, query_offset, names)?;
                // A plain column keeps its source's type as declared (a VARCHAR's length).
                let mut columns: Vec<Column> = match derive_columns(&query, &sources) {
                    copied if !copied.is_empty() => copied,
                    _ => bound,
                }
                .into_iter()
                .map(|c| Column {
                    default: None,
                    identity: None,
                    comment: None,
                    masking_policy: None,
                    masking_using: Vec::new(),
                    expression: None,
                    ..c
                })
                .collect();
                if columns.is_empty() {
                    return Err(SqlError::unsupported(
                        "The sandbox cannot derive the type of every column of this CREATE TABLE … AS SELECT: give the table a column list with types.",
                    ));
                }
                // `(a, b) AS SELECT …` renames the query's columns in order; the list must
                // name every one (https://docs.snowflake.com/en/sql-reference/sql/create-table#create-table-as-select-also-referred-to-as-ctas).
                if !column_names.is_empty() {
                    if column_names.len() != columns.len() {
                        return Err(SqlError::column_list_mismatch(
                            column_names.len(),
                            columns.len(),
                        ));
                    }
                    for (column, name) in columns.iter_mut().zip(column_names) {
                        column.name = name;
                    }
                }
                Ok((Table::new(meta, transient, columns)?, Vec::new()))
            }
            TableSource::Like { source, cluster_by } => {
                // LIKE copies the column definitions (names, types, defaults, NOT NULL,
                // comments) and nothing else: no data, properties or clustering unless given
                // (https://docs.snowflake.com/en/sql-reference/sql/create-table#create-table-like).
                let source = names(&source)?;
                let source = self.get::<Table>(&source)?;
                let mut table = Table::new(meta, transient, source.columns.clone())?;
                table.constraints = source.constraints.clone();
                table.cluster_by = cluster_by;
                Ok((table, Vec::new()))
            }
        }
    }
}
