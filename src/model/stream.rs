//! A Snowflake stream on a table.

use serde::{Deserialize, Serialize};

use super::identifier::{ObjectName, SchemaName};
use super::resource::Resource;
use super::{Address, Kind};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stream {
    pub name: ObjectName,
    pub on_table: ObjectName,
    pub append_only: bool,
    pub comment: Option<String>,
}

impl Resource for Stream {
    fn address(&self) -> Address {
        Address::new(Kind::Stream, &self.name)
    }

    fn schema(&self) -> Option<SchemaName> {
        Some(self.name.schema_name())
    }

    fn references(&self) -> Vec<Address> {
        vec![
            Address::new(Kind::Schema, self.name.schema_name()),
            Address::new(Kind::Table, &self.on_table),
        ]
    }
}
