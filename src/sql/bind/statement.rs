//! Statements that write: MERGE, INSERT, UPDATE, DELETE and COPY INTO a table. Their
//! column lists must name the target's columns and their expressions must resolve
//! (https://docs.snowflake.com/en/sql-reference/sql/merge,
//! https://docs.snowflake.com/en/sql-reference/sql/insert,
//! https://docs.snowflake.com/en/sql-reference/sql/update,
//! https://docs.snowflake.com/en/sql-reference/sql/delete,
//! https://docs.snowflake.com/en/sql-reference/sql/copy-into-table: a column list names
//! the target table's columns). A query statement binds as a query; any other statement
//! is accepted unbound.

use sqlparser::ast::{
    AssignmentTarget, FromTable, MergeAction, MergeInsertKind, MergeUpdateKind, ObjectName,
    Statement, TableFactor, TableObject, UpdateTableFromKind,
};

use super::query::Binder;
use super::scope::{Scope, fold};
use super::{BindError, BindErrorKind, BoundColumn, Relations};
use crate::model::identifier::Ident;

/// Binds one statement. `variables` are names accepted as they are (a procedure's
/// arguments and declared variables, which Snowflake Scripting lets a statement name).
pub(crate) fn bind_statement(
    text: &str,
    relations: &dyn Relations,
    variables: &[Ident],
) -> Result<(), BindError> {
    super::parse::with_statement(text, |statement| {
        let mut binder = Binder::new(relations, text);
        let mut root = Scope::root();
        root.variables = variables.to_vec();
        binder.statement(statement, &root)
    })
    .unwrap_or(Ok(()))
}

impl Binder<'_> {
    /// MERGE's `UPDATE ALL BY NAME` / `INSERT ALL BY NAME`
    /// (https://docs.snowflake.com/en/sql-reference/sql/merge): "the target table and
    /// source must have the same number of columns and the same names for all of the
    /// columns", in any order. `scope` holds the target, then the source. The page gives
    /// no error for a mismatch: a name one side lacks is reported as the invalid
    /// identifier it would be if written out, at the clause's keyword. A side whose
    /// columns the binder does not know is accepted.
    fn all_by_name(
        &self,
        scope: &Scope<'_>,
        keyword: &sqlparser::ast::helpers::attached_token::AttachedToken,
    ) -> Result<(), BindError> {
        let (Some(target), Some(source)) = (
            scope.sources.first().and_then(|s| s.columns.as_ref()),
            scope.sources.get(1).and_then(|s| s.columns.as_ref()),
        ) else {
            return Ok(());
        };
        let lacking = |from: &[BoundColumn], other: &[BoundColumn]| {
            from.iter()
                .find(|c| !other.iter().any(|o| o.name == c.name))
                .map(|c| c.name.clone())
        };
        let missing = lacking(target, source).or_else(|| lacking(source, target));
        let missing = missing.or_else(|| {
            // Same names, different counts: a name one side holds twice.
            (target.len() != source.len())
                .then(|| target.first().map(|c| c.name.clone()))
                .flatten()
        });
        match missing {
            None => Ok(()),
            Some(name) => Err(BindError {
                kind: BindErrorKind::InvalidIdentifier(name.to_sql().into_owned()),
                range: super::parse::range(self.text, keyword.0.span.start, keyword.0.span.end),
            }),
        }
    }

    fn statement(&mut self, statement: &Statement, root: &Scope<'_>) -> Result<(), BindError> {
        match statement {
            Statement::Query(q) => self.query(q, root).map(|_| ()),
            Statement::Merge(merge) => {
                let mut scope = root.child();
                let target = match &merge.table {
                    TableFactor::Table { name, .. } => self.target_columns(name),
                    _ => None,
                };
                self.table_factor(&merge.table, &mut scope)?;
                self.table_factor(&merge.source, &mut scope)?;
                self.expr(&merge.on, &scope)?;
                for clause in &merge.clauses {
                    if let Some(p) = &clause.predicate {
                        self.expr(p, &scope)?;
                    }
                    match &clause.action {
                        MergeAction::Update(update) => {
                            if update.kind == MergeUpdateKind::Wildcard {
                                self.all_by_name(&scope, &update.update_token)?;
                            }
                            if let MergeUpdateKind::Set(assignments) = &update.kind {
                                for a in assignments {
                                    if let AssignmentTarget::ColumnName(c) = &a.target {
                                        self.target_column(c, target.as_deref())?;
                                    }
                                    self.expr(&a.value, &scope)?;
                                }
                            }
                            for p in update
                                .update_predicate
                                .iter()
                                .chain(&update.delete_predicate)
                            {
                                self.expr(p, &scope)?;
                            }
                        }
                        MergeAction::Insert(insert) => {
                            if insert.kind == MergeInsertKind::Wildcard {
                                self.all_by_name(&scope, &insert.insert_token)?;
                            }
                            for c in &insert.columns {
                                self.target_column(c, target.as_deref())?;
                            }
                            if let MergeInsertKind::Values(values) = &insert.kind {
                                for row in &values.rows {
                                    for e in row.iter() {
                                        self.expr(e, &scope)?;
                                    }
                                }
                            }
                        }
                        _ => {}
                    }
                }
                Ok(())
            }
            Statement::Insert(insert) => {
                if let TableObject::TableName(name) = &insert.table {
                    let target = self.target_columns(name);
                    for c in &insert.columns {
                        self.target_column(c, target.as_deref())?;
                    }
                }
                let output = match &insert.source {
                    Some(source) => self.query(source, root)?,
                    None => None,
                };
                if insert.multi_table_insert_type.is_some() {
                    self.multi_table_insert(insert, output, root)?;
                }
                Ok(())
            }
            // UPDATE t [alias] SET c = … [FROM …] [WHERE …]: SET names t's columns, and
            // the values and the condition see t and the FROM sources.
            Statement::Update(update) => {
                let mut scope = root.child();
                let target = match &update.table.relation {
                    TableFactor::Table { name, .. } => self.target_columns(name),
                    _ => None,
                };
                self.from(&update.table, &mut scope)?;
                if let Some(
                    UpdateTableFromKind::BeforeSet(from) | UpdateTableFromKind::AfterSet(from),
                ) = &update.from
                {
                    for f in from {
                        self.from(f, &mut scope)?;
                    }
                }
                for a in &update.assignments {
                    if let AssignmentTarget::ColumnName(c) = &a.target {
                        self.target_column(c, target.as_deref())?;
                    }
                    self.expr(&a.value, &scope)?;
                }
                if let Some(e) = &update.selection {
                    self.expr(e, &scope)?;
                }
                Ok(())
            }
            // DELETE FROM t [USING …] [WHERE …].
            Statement::Delete(delete) => {
                let mut scope = root.child();
                let (FromTable::WithFromKeyword(from) | FromTable::WithoutKeyword(from)) =
                    &delete.from;
                for f in from.iter().chain(delete.using.iter().flatten()) {
                    self.from(f, &mut scope)?;
                }
                if let Some(e) = &delete.selection {
                    self.expr(e, &scope)?;
                }
                Ok(())
            }
            Statement::CopyIntoSnowflake {
                into, into_columns, ..
            } => {
                let target = self.target_columns(into);
                for c in into_columns.iter().flatten() {
                    self.target_ident(c, target.as_deref())?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// A multi-table INSERT's WHEN conditions and VALUES read the subquery's output
    /// columns, and each INTO names its table's columns
    /// (https://docs.snowflake.com/en/sql-reference/sql/insert-multi-table: "VALUES
    /// (source_col_name …)": "the column in the subquery").
    fn multi_table_insert(
        &mut self,
        insert: &sqlparser::ast::Insert,
        output: super::Output,
        root: &Scope<'_>,
    ) -> Result<(), BindError> {
        let mut scope = root.child();
        scope.sources.push(super::scope::Source {
            name: Vec::new(),
            aliased: false,
            columns: output,
        });
        for when in &insert.multi_table_when_clauses {
            self.expr(&when.condition, &scope)?;
        }
        let clauses = insert
            .multi_table_into_clauses
            .iter()
            .chain(
                insert
                    .multi_table_when_clauses
                    .iter()
                    .flat_map(|w| &w.into_clauses),
            )
            .chain(insert.multi_table_else_clause.iter().flatten());
        for clause in clauses {
            let target = self.target_columns(&clause.table_name);
            for c in &clause.columns {
                self.target_ident(c, target.as_deref())?;
            }
            for value in clause.values.iter().flat_map(|v| &v.values) {
                if let sqlparser::ast::MultiTableInsertValue::Expr(e) = value {
                    self.expr(e, &scope)?;
                }
            }
        }
        Ok(())
    }

    fn target_columns(&self, name: &ObjectName) -> Option<Vec<BoundColumn>> {
        let parts = super::query::object_parts(name)?;
        self.relations.columns(&parts)
    }

    /// A column of the written table: `c` or `alias.c`, checked on its last part.
    fn target_column(
        &self,
        column: &ObjectName,
        target: Option<&[BoundColumn]>,
    ) -> Result<(), BindError> {
        match column.0.last().and_then(|p| p.as_ident()) {
            Some(ident) => self.target_ident(ident, target),
            None => Ok(()),
        }
    }

    fn target_ident(
        &self,
        ident: &sqlparser::ast::Ident,
        target: Option<&[BoundColumn]>,
    ) -> Result<(), BindError> {
        let Some(columns) = target else {
            return Ok(());
        };
        let name = fold(ident);
        if columns.iter().any(|c| c.name == name) {
            return Ok(());
        }
        Err(BindError {
            kind: BindErrorKind::InvalidIdentifier(name.to_sql().into_owned()),
            range: super::parse::range(self.text, ident.span.start, ident.span.end),
        })
    }
}
