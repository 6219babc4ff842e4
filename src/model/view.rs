//! A Snowflake view.

use serde::{Deserialize, Serialize};

use super::identifier::{ObjectName, SchemaName};
use super::resource::Resource;
use super::{Address, Kind};
use crate::sql::CanonicalSql;

#[derive(Clone, Debug, Serialize, Deserialize)]
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
    pub selects_from: Vec<Address>,
}

impl PartialEq for View {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.query == other.query
            && self.secure == other.secure
            && self.comment == other.comment
    }
}

impl Eq for View {}

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
        refs
    }
}
