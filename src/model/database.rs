//! A Snowflake database.

use serde::{Deserialize, Serialize};

use super::identifier::Ident;
use super::resource::Resource;
use super::{Address, Kind};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Database {
    pub name: Ident,
    pub transient: bool,
    /// `DATA_RETENTION_TIME_IN_DAYS`; `None` leaves the account default alone.
    pub data_retention_days: Option<u32>,
    pub comment: Option<String>,
}

impl Resource for Database {
    fn address(&self) -> Address {
        Address::new(Kind::Database, &self.name)
    }
}
