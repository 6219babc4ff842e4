//! A Snowflake schema.

use serde::{Deserialize, Serialize};

use super::identifier::SchemaName;
use super::resource::Resource;
use super::{Address, Kind};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schema {
    pub name: SchemaName,
    pub transient: bool,
    pub managed_access: bool,
    /// `DATA_RETENTION_TIME_IN_DAYS`; `None` inherits from the database.
    pub data_retention_days: Option<u32>,
    pub comment: Option<String>,
}

impl Resource for Schema {
    fn address(&self) -> Address {
        Address::new(Kind::Schema, &self.name)
    }

    fn references(&self) -> Vec<Address> {
        vec![Address::new(Kind::Database, &self.name.database)]
    }
}
