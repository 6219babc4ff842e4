//! A Snowflake view.

use serde::{Deserialize, Serialize};

use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::model::resource::Resource;
use crate::model::{Address, Derived, Kind};
use crate::sql::CanonicalSql;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    pub name: ObjectName,
    /// The SELECT after `AS`, compared as canonical SQL.
    pub query: CanonicalSql,
    pub secure: bool,
    pub comment: Option<String>,
    /// The tables, views and streams the query selects from, resolved by whoever built the
    /// view (configuration against declared objects, a provider against live ones). It is
    /// derived from `query`, so it takes no part in equality.
    #[serde(default)]
    pub selects_from: Derived<Vec<Address>>,
    /// The row access policy added to the view and the columns it is added on; see
    /// `kinds::row_access_policy`. Not written when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row_access_policy: Option<crate::kinds::row_access_policy::RowAccess>,
    /// The tags set on the view (see `kinds::tag`): `None` when not managed; compared by
    /// the diff, not by equality (as the table's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<crate::kinds::tag::TagValues>,
    /// The data metric schedule and the data metrics run on the view, as the table's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_quality: Option<crate::kinds::data_metric_function::association::DataQuality>,
    /// The view's columns that carry a masking policy or tags: declared by name (the
    /// query names the columns; these only govern them), read back from the policies'
    /// references and the view's column tags. Not written when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<ViewColumn>,
}

/// A view column's governance: its masking policy (with a conditional policy's USING) and
/// its tags (`None`: not managed), as a table column's
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-view).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewColumn {
    pub name: Ident,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masking_policy: Option<ObjectName>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub masking_using: Vec<Ident>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<crate::kinds::tag::TagValues>,
}

impl View {
    /// Whether the view's declaration involves tags (on itself or a column): only such
    /// views have their tags read (see `kinds::tag`).
    pub(crate) fn declares_tags(&self) -> bool {
        self.tags.is_some() || self.columns.iter().any(|c| c.tags.is_some())
    }

    pub(crate) fn column(&self, name: &Ident) -> Option<&ViewColumn> {
        self.columns.iter().find(|c| &c.name == name)
    }

    /// The column `name`, added (with nothing set) when the view lists none of that name.
    pub(crate) fn column_mut(&mut self, name: &Ident) -> &mut ViewColumn {
        let at = match self.columns.iter().position(|c| &c.name == name) {
            Some(at) => at,
            None => {
                self.columns.push(ViewColumn {
                    name: name.clone(),
                    masking_policy: None,
                    masking_using: Vec::new(),
                    tags: None,
                });
                self.columns.len() - 1
            }
        };
        &mut self.columns[at]
    }
}

impl Resource for View {
    fn address(&self) -> Address {
        Address::new(Kind::View, &self.name)
    }

    fn schema(&self) -> Option<SchemaName> {
        Some(self.name.schema_name())
    }

    fn references(&self) -> Vec<Address> {
        let mut refs = vec![Address::new(Kind::Schema, self.name.schema_name())];
        refs.extend(self.selects_from.iter().cloned());
        if let Some(access) = &self.row_access_policy {
            refs.push(Address::new(Kind::RowAccessPolicy, &access.policy));
        }
        crate::kinds::policy::add_governance_references(
            &mut refs,
            self.tags
                .iter()
                .chain(self.columns.iter().filter_map(|c| c.tags.as_ref())),
            self.columns
                .iter()
                .filter_map(|c| c.masking_policy.as_ref()),
        );
        refs.extend(self.data_quality.iter().flat_map(|q| q.references()));
        refs
    }
}
