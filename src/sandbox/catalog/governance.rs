//! The tags and policies a statement writes inline — CREATE TABLE / VIEW / MATERIALIZED
//! VIEW / SCHEMA / DATABASE `[ WITH ] TAG`, `[ WITH ] ROW ACCESS POLICY`, and a column
//! definition's `[ WITH ] MASKING POLICY` / `[ WITH ] TAG` in CREATE TABLE, CREATE VIEW
//! and ALTER TABLE … ADD COLUMN — applied exactly as `ALTER … SET TAG`, `ADD ROW ACCESS
//! POLICY` and `MODIFY COLUMN … SET MASKING POLICY` / `SET TAG` are, through their
//! checks (`tag::check_tags` / `set_tags`, `row_access_policy::alter_held`,
//! `masking_policy::alter_column`).
//!
//! The statement is atomic (the docs describe the clauses as part of the CREATE, and a
//! CREATE that fails creates nothing), so the work comes in three steps: the tags are
//! resolved and checked before anything is built ([`check_tags`]), the policies are
//! attached to the built object before it is stored ([`attach`]), and the tags, already
//! checked, are set on the stored object ([`set_tags`]).

use super::kind::Governed;
use super::{Catalog, Names};
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::catalog::table::grammar::ColumnChange;
use crate::sandbox::error::SqlError;
use crate::sandbox::statement::RowAccess;
use crate::sandbox::statement::inline::{Governance, TagValue};

/// Resolved tag assignments, checked: the object's and each column's.
#[derive(Debug, Default)]
pub(crate) struct Tags {
    object: Vec<(ObjectName, String)>,
    columns: Vec<(Ident, Vec<(ObjectName, String)>)>,
}

fn resolve(written: &[TagValue], names: &Names<'_>) -> Result<Vec<(ObjectName, String)>, SqlError> {
    written
        .iter()
        .map(|(raw, value)| Ok((names(raw)?, value.clone())))
        .collect()
}

/// Step one: every tag the statement writes resolved in the session's context and
/// checked as SET TAG checks it (it exists — `002003` otherwise —, its value is allowed),
/// before anything is built or stored.
pub(crate) fn check_tags(
    catalog: &Catalog,
    governance: &Governance,
    names: &Names<'_>,
) -> Result<Tags, SqlError> {
    let object = resolve(&governance.object.tags, names)?;
    super::tag::check_tags(catalog, &object)?;
    let mut columns = Vec::new();
    for (column, inline) in &governance.columns {
        let tags = resolve(&inline.tags, names)?;
        super::tag::check_tags(catalog, &tags)?;
        columns.push((column.clone(), tags));
    }
    Ok(Tags { object, columns })
}

/// Step two: the row access policy and the columns' masking policies attached to the
/// built object (`governed`: its policy and columns), with ALTER's checks — the policy
/// exists, its signature matches the columns' types, one row access policy per object,
/// one masking policy per column. Every column named must be one of the object's.
pub(crate) fn attach(
    catalog: &Catalog,
    governed: Option<Governed<'_>>,
    governance: &Governance,
    names: &Names<'_>,
) -> Result<(), SqlError> {
    let takes_policies = governance.object.row_access.is_some()
        || governance.columns.iter().any(|(_, c)| c.masking.is_some());
    let Some((held, columns)) = governed else {
        if takes_policies {
            // The grammars read policies only for kinds that keep them.
            return Err(SqlError::unsupported(
                "The sandbox keeps no policies on this kind of object.",
            ));
        }
        return Ok(());
    };
    // A view whose columns the binder could not derive (`columns` empty) is not checked
    // column by column, as `row_access_policy::alter_held` does not check it.
    for (column, _) in &governance.columns {
        if !columns.is_empty() && !columns.iter().any(|c| &c.name == column) {
            return Err(SqlError::invalid_identifier(&column.to_sql()));
        }
    }
    for (column, inline) in &governance.columns {
        if let Some((policy, using)) = &inline.masking {
            let change = ColumnChange::SetMaskingPolicy {
                policy: policy.clone(),
                using: using.clone(),
                force: false,
            };
            super::masking_policy::alter_column(catalog, columns, column, &change, names)?;
        }
    }
    if let Some(add) = &governance.object.row_access {
        let action = RowAccess {
            drop: None,
            drop_all: false,
            add: Some(add.clone()),
        };
        super::row_access_policy::alter_held(catalog, held, columns, &action, names)?;
    }
    Ok(())
}

/// Step three: the checked tags set on the stored object `id` and its columns.
pub(crate) fn set_tags(catalog: &mut Catalog, id: u64, tags: &Tags) -> Result<(), SqlError> {
    if !tags.object.is_empty() {
        super::tag::set_tags(catalog, (id, None), &tags.object)?;
    }
    for (column, column_tags) in &tags.columns {
        if !column_tags.is_empty() {
            super::tag::set_tags(catalog, (id, Some(column.clone())), column_tags)?;
        }
    }
    Ok(())
}
