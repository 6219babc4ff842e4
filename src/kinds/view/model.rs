//! A Snowflake view.

use serde::{Deserialize, Serialize};

use crate::model::identifier::{ObjectName, SchemaName};
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
        for tag in self.tags.iter().flat_map(|t| t.keys()) {
            refs.push(Address::new(Kind::Tag, tag));
        }
        refs.extend(self.data_quality.iter().flat_map(|q| q.references()));
        refs
    }
}
