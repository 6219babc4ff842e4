//! A Snowflake storage integration for Azure (`TYPE = EXTERNAL_STAGE`, provider AZURE).

use serde::{Deserialize, Serialize};

use super::identifier::Ident;
use super::resource::Resource;
use super::{Address, Kind};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageIntegration {
    pub name: Ident,
    pub azure_tenant_id: String,
    /// `STORAGE_ALLOWED_LOCATIONS`, in declaration order (Snowflake keeps the order).
    pub allowed_locations: Vec<String>,
    pub blocked_locations: Vec<String>,
    pub enabled: bool,
    pub comment: Option<String>,
}

impl Resource for StorageIntegration {
    fn address(&self) -> Address {
        Address::new(Kind::StorageIntegration, &self.name)
    }
}
