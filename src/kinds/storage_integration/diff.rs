//! The storage integration diff: every attribute is altered in place.

use super::StorageIntegration;
use super::ddl::{self, StorageIntegrationChange};
use crate::model::Object;
use crate::plan::diff::{DiffError, Edits, comment};

pub(crate) fn diff(
    live: &StorageIntegration,
    desired: &StorageIntegration,
) -> Result<Edits, DiffError> {
    let mut e = Edits::default();
    let alter = |change| ddl::alter(&desired.name, &change);
    if e.compare(
        "azure_tenant_id",
        &live.azure_tenant_id,
        &desired.azure_tenant_id,
    ) {
        e.sql(alter(StorageIntegrationChange::AzureTenantId(
            desired.azure_tenant_id.clone(),
        )));
        e.reasons.push(
            "a new tenant needs the Azure consent for the integration's app granted again".into(),
        );
    }
    if e.compare(
        "allowed_locations",
        &list(&live.allowed_locations),
        &list(&desired.allowed_locations),
    ) {
        e.sql(alter(StorageIntegrationChange::AllowedLocations(
            desired.allowed_locations.clone(),
        )));
    }
    if e.compare(
        "blocked_locations",
        &list(&live.blocked_locations),
        &list(&desired.blocked_locations),
    ) {
        e.sql(alter(StorageIntegrationChange::BlockedLocations(
            desired.blocked_locations.clone(),
        )));
    }
    if e.compare("enabled", &live.enabled, &desired.enabled) {
        e.sql(alter(StorageIntegrationChange::Enabled(desired.enabled)));
    }
    comment(
        &mut e,
        &live.comment,
        &desired.comment,
        &Object::StorageIntegration(desired.clone()),
    )?;
    Ok(e)
}
fn list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}
