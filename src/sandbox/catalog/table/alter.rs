//! ALTER TABLE's own actions on a stored table — columns, constraints, clustering, column
//! masking policies and tags, the row access policy — each applied to a copy that is
//! stored only when the whole action succeeds (with the tag assignments it changes). The
//! names an action writes resolve through the session's resolver (`Names`). RENAME TO and
//! SWAP WITH are the engine's, as for every registered kind.

use super::Table;
use super::constraint::add_all;
use super::grammar::{ColumnChange, TableAlter};
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::catalog::{Catalog, Names, governance};
use crate::sandbox::error::SqlError;
use crate::sandbox::statement::inline::{Governance, Inline};

/// Applies one of ALTER TABLE's own actions to the table stored under `name`.
pub(crate) fn apply(
    catalog: &mut Catalog,
    name: &ObjectName,
    change: &TableAlter,
    names: &Names<'_>,
) -> Result<(), SqlError> {
    match change {
        TableAlter::AddConstraint(written) => {
            let mut table = catalog.get::<Table>(name)?.clone();
            add_all(
                catalog,
                names,
                name,
                &mut table,
                std::slice::from_ref(written),
            )?;
            *catalog.get_mut::<Table>(name)? = table;
            Ok(())
        }
        TableAlter::AddColumns { columns, .. }
            if columns
                .iter()
                .any(|c| !c.constraints.is_empty() || !c.inline.is_empty()) =>
        {
            // New columns' inline constraints, masking policies and tags (`ADD COLUMN … [
            // WITH ] MASKING POLICY … [ WITH ] TAG ( … )`,
            // https://docs.snowflake.com/en/sql-reference/sql/alter-table); a column IF NOT
            // EXISTS skipped keeps its own. The tags are checked before anything changes.
            let mut table = catalog.get::<Table>(name)?.clone();
            let existing: Vec<_> = table.columns.iter().map(|c| c.name.clone()).collect();
            let added: Vec<_> = columns
                .iter()
                .filter(|c| !existing.contains(&c.name))
                .collect();
            let governance = Governance {
                object: Inline::default(),
                columns: added
                    .iter()
                    .filter(|c| !c.inline.is_empty())
                    .map(|c| (c.name.clone(), c.inline.clone()))
                    .collect(),
            };
            let tags = governance::check_tags(catalog, &governance, names)?;
            table.alter(change)?;
            for column in &added {
                add_all(catalog, names, name, &mut table, &column.constraints)?;
            }
            governance::attach(
                catalog,
                Some((&mut table.row_access_policy, &mut table.columns)),
                &governance,
                names,
            )?;
            let id = table.meta.id;
            *catalog.get_mut::<Table>(name)? = table;
            governance::set_tags(catalog, id, &tags)
        }
        TableAlter::AlterColumns(changes)
            if changes
                .iter()
                .any(|(_, c)| matches!(c, ColumnChange::SetTag(_) | ColumnChange::UnsetTag(_))) =>
        {
            alter_column_tags(catalog, name, changes, names)
        }
        TableAlter::AlterColumns(changes)
            if changes.iter().any(|(_, c)| {
                matches!(
                    c,
                    ColumnChange::SetMaskingPolicy { .. } | ColumnChange::UnsetMaskingPolicy
                )
            }) =>
        {
            let mut table = catalog.get::<Table>(name)?.clone();
            crate::sandbox::catalog::masking_policy::alter_columns(
                catalog, &mut table, changes, names,
            )?;
            *catalog.get_mut::<Table>(name)? = table;
            Ok(())
        }
        TableAlter::RowAccess(row_access) => {
            let mut table = catalog.get::<Table>(name)?.clone();
            crate::sandbox::catalog::row_access_policy::alter_held(
                catalog,
                &mut table.row_access_policy,
                &table.columns,
                row_access,
                names,
            )?;
            *catalog.get_mut::<Table>(name)? = table;
            Ok(())
        }
        _ => edit(catalog, name, |t| t.alter(change)),
    }
}

/// A column list with SET TAG / UNSET TAG among its changes: the other changes go through
/// the masking policy path (which applies the ordinary ones too), then the tags; the
/// table and the tags are stored only when every change succeeded.
fn alter_column_tags(
    catalog: &mut Catalog,
    name: &ObjectName,
    changes: &[(Ident, ColumnChange)],
    names: &Names<'_>,
) -> Result<(), SqlError> {
    let mut table = catalog.get::<Table>(name)?.clone();
    let others: Vec<_> = changes
        .iter()
        .filter(|(_, c)| !matches!(c, ColumnChange::SetTag(_) | ColumnChange::UnsetTag(_)))
        .cloned()
        .collect();
    if !others.is_empty() {
        crate::sandbox::catalog::masking_policy::alter_columns(
            catalog, &mut table, &others, names,
        )?;
    }
    let before = catalog.tag_assignments.clone();
    let applied = (|| {
        for (column, change) in changes {
            let target = || -> Result<_, SqlError> {
                if !table.columns.iter().any(|c| &c.name == column) {
                    return Err(SqlError::invalid_identifier(&column.to_sql()));
                }
                Ok((table.meta.id, Some(column.clone())))
            };
            match change {
                ColumnChange::SetTag(pairs) => {
                    let resolved = pairs
                        .iter()
                        .map(|(raw, value)| Ok((names(raw)?, value.clone())))
                        .collect::<Result<Vec<_>, SqlError>>()?;
                    crate::sandbox::catalog::tag::set_tags(catalog, target()?, &resolved)?;
                }
                ColumnChange::UnsetTag(tags) => {
                    let resolved = tags
                        .iter()
                        .map(names)
                        .collect::<Result<Vec<_>, SqlError>>()?;
                    crate::sandbox::catalog::tag::unset_tags(catalog, &target()?, &resolved)?;
                }
                _ => {}
            }
        }
        Ok(())
    })();
    if let Err(e) = applied {
        catalog.tag_assignments = before;
        return Err(e);
    }
    *catalog.get_mut::<Table>(name)? = table;
    Ok(())
}

/// Applies `change` to a copy of the table and stores it only when it succeeds.
pub(crate) fn edit(
    catalog: &mut Catalog,
    name: &ObjectName,
    change: impl FnOnce(&mut Table) -> Result<(), SqlError>,
) -> Result<(), SqlError> {
    let mut copy = catalog.get::<Table>(name)?.clone();
    change(&mut copy)?;
    *catalog.get_mut::<Table>(name)? = copy;
    Ok(())
}
