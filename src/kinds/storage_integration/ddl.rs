//! Storage integration DDL (Azure, `TYPE = EXTERNAL_STAGE`): tenant, locations and
//! `ENABLED` are altered in place.

use crate::kinds::ddl::CreateMode;
use crate::kinds::storage_integration::StorageIntegration;
use crate::model::identifier::Ident;
use crate::sql::quote::{boolean, comment_clause, literal, literal_list};

pub(crate) fn create(integration: &StorageIntegration, mode: CreateMode) -> String {
    let blocked = if integration.blocked_locations.is_empty() {
        String::new()
    } else {
        format!(
            " STORAGE_BLOCKED_LOCATIONS = {}",
            literal_list(&integration.blocked_locations)
        )
    };
    format!(
        "{} STORAGE INTEGRATION {} TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'AZURE' ENABLED = {} AZURE_TENANT_ID = {} STORAGE_ALLOWED_LOCATIONS = {}{blocked}{}",
        mode.verb(),
        integration.name,
        boolean(integration.enabled),
        literal(&integration.azure_tenant_id),
        literal_list(&integration.allowed_locations),
        comment_clause(integration.comment.as_deref())
    )
}

/// One in-place change of a storage integration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageIntegrationChange {
    AzureTenantId(String),
    AllowedLocations(Vec<String>),
    /// An empty list unsets the blocked locations.
    BlockedLocations(Vec<String>),
    Enabled(bool),
}

pub fn alter(name: &Ident, change: &StorageIntegrationChange) -> String {
    let target = format!("ALTER STORAGE INTEGRATION {name}");
    match change {
        StorageIntegrationChange::AzureTenantId(t) => {
            format!("{target} SET AZURE_TENANT_ID = {}", literal(t))
        }
        StorageIntegrationChange::AllowedLocations(l) => {
            format!(
                "{target} SET STORAGE_ALLOWED_LOCATIONS = {}",
                literal_list(l)
            )
        }
        StorageIntegrationChange::BlockedLocations(l) if l.is_empty() => {
            format!("{target} UNSET STORAGE_BLOCKED_LOCATIONS")
        }
        StorageIntegrationChange::BlockedLocations(l) => {
            format!(
                "{target} SET STORAGE_BLOCKED_LOCATIONS = {}",
                literal_list(l)
            )
        }
        StorageIntegrationChange::Enabled(on) => format!("{target} SET ENABLED = {}", boolean(*on)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_create_and_alter() {
        let si = StorageIntegration {
            name: Ident::from_stored("ADLS_DEV"),
            azure_tenant_id: "t-1".into(),
            allowed_locations: vec!["azure://a.blob.core.windows.net/landing/".into()],
            blocked_locations: vec![],
            enabled: true,
            comment: None,
        };
        assert_eq!(
            create(&si, CreateMode::Create),
            "CREATE STORAGE INTEGRATION ADLS_DEV TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'AZURE' ENABLED = TRUE AZURE_TENANT_ID = 't-1' STORAGE_ALLOWED_LOCATIONS = ('azure://a.blob.core.windows.net/landing/')"
        );
        assert_eq!(
            alter(
                &si.name,
                &StorageIntegrationChange::BlockedLocations(vec![])
            ),
            "ALTER STORAGE INTEGRATION ADLS_DEV UNSET STORAGE_BLOCKED_LOCATIONS"
        );
    }
}
