//! `[[storage_integration]]` → `model::storage_integration::StorageIntegration` (Azure).

use crate::config::schema_file::RawStorageIntegration;
use crate::model::stage::AzureLocation;
use crate::model::storage_integration::StorageIntegration;

use super::{Ctx, Declared, common_keys};

pub(crate) fn resolve(raw: RawStorageIntegration, ctx: &mut Ctx<'_>) -> Option<Declared> {
    let name = ctx.ident(&raw.name, "storage integration");
    let mut valid = true;
    if raw.allowed_locations.is_empty() {
        ctx.error(
            &raw.name,
            "a storage integration needs at least one allowed location",
        )
        .help = Some(
            "set allowed_locations = [\"azure://ACCOUNT.blob.core.windows.net/CONTAINER/\"]".into(),
        );
        valid = false;
    }
    for location in raw.allowed_locations.iter().chain(&raw.blocked_locations) {
        let text = location.get_ref();
        if text != "*" && AzureLocation::parse(text).is_none() {
            ctx.error(location, format!("invalid storage location {text:?}")).help = Some(
                "expected azure://ACCOUNT.blob.core.windows.net/CONTAINER/path/ (or \"*\" in allowed_locations)".into(),
            );
            valid = false;
        }
    }
    if raw.azure_tenant_id.trim().is_empty() {
        ctx.error(&raw.name, "azure_tenant_id is empty");
        valid = false;
    }
    let integration = StorageIntegration {
        name: name?,
        azure_tenant_id: raw.azure_tenant_id.clone(),
        allowed_locations: raw
            .allowed_locations
            .iter()
            .map(|l| l.get_ref().clone())
            .collect(),
        blocked_locations: raw
            .blocked_locations
            .iter()
            .map(|l| l.get_ref().clone())
            .collect(),
        enabled: raw.enabled.unwrap_or(true),
        comment: raw.comment.clone(),
    };
    valid.then(|| ctx.declare(integration, common_keys!(raw)))
}
