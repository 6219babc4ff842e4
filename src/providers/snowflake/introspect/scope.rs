//! What introspection reads: the managed databases, and which account-level objects.

use std::collections::BTreeSet;

use crate::model::identifier::Ident;

/// The part of an account lakeform manages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadScope {
    /// Every schema-level kind is read in these databases (those that exist).
    pub databases: Vec<Ident>,
    pub warehouses: AccountScope,
    pub storage_integrations: AccountScope,
    /// Read from the same `SHOW INTEGRATIONS` as the storage integrations.
    pub notification_integrations: AccountScope,
    /// The roles whose grants are read (see `crate::kinds::role::read`).
    pub roles: crate::kinds::role::read::RoleScope,
    /// The tables and views whose tags are read (see `crate::kinds::tag`).
    pub tagged: TagScope,
    /// The tables and views whose data metrics are read (see
    /// `crate::kinds::data_metric_function::association`).
    pub measured: MetricScope,
    /// The databases whose procedures' (`Kind::Procedure`) or data metric functions'
    /// (`Kind::DataMetricFunction`) owners are read, one INFORMATION_SCHEMA query each:
    /// only where a declaration sets `owner`, their SHOW having no `owner` column
    /// (`crate::kinds::owner::read_routine_owners`).
    pub routine_owners: BTreeSet<(Ident, crate::model::Kind)>,
}

/// Which tables and views have a read of their own (their tags, their data metrics):
/// Snowflake lists those per object only, so they are read only where the declaration
/// involves them. `R` says what is read of each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ObjectScope<R> {
    /// Only these, with what of each the declaration involves.
    Named(std::collections::BTreeMap<crate::model::identifier::ObjectName, R>),
    /// Every table and view read (`import`).
    All,
    #[default]
    None,
}

impl<R: Copy> ObjectScope<R> {
    /// What is read of `name`: `all` for every object outside INFORMATION_SCHEMA under
    /// [`ObjectScope::All`], what the declaration involves under `Named`.
    pub(crate) fn reads(&self, name: &crate::model::identifier::ObjectName, all: R) -> Option<R> {
        match self {
            ObjectScope::None => None,
            ObjectScope::All => (name.schema.as_str() != super::INFORMATION_SCHEMA).then_some(all),
            ObjectScope::Named(names) => names.get(name).copied(),
        }
    }
}

/// Which tables and views have their tags read, and which tags of each.
pub type TagScope = ObjectScope<TagReads>;

/// Which tables and views have their data metrics read.
pub type MetricScope = ObjectScope<()>;

/// Which of a table's tags are read: its own (`TAG_REFERENCES`), its columns'
/// (`TAG_REFERENCES_ALL_COLUMNS`), or both. The plan compares tags only where the desired
/// table declares them (`kinds::tag::diff_tags`), so a table declaring tags on columns only
/// costs one query, not two.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TagReads {
    pub own: bool,
    pub columns: bool,
}

impl TagReads {
    pub const BOTH: TagReads = TagReads {
        own: true,
        columns: true,
    };
}

/// Which objects of an account-level kind to read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum AccountScope {
    /// Not read at all.
    #[default]
    Skip,
    All,
    /// Only these (the desired state's): an account may hold many that are not ours.
    Named(BTreeSet<Ident>),
}

impl AccountScope {
    pub(crate) fn is_read(&self) -> bool {
        !matches!(self, AccountScope::Skip)
    }

    pub(crate) fn includes(&self, name: &Ident) -> bool {
        match self {
            AccountScope::Skip => false,
            AccountScope::All => true,
            AccountScope::Named(names) => names.contains(name),
        }
    }
}
