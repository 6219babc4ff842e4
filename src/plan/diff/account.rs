//! Diffs of account-level kinds and schemas: databases, schemas, warehouses and storage
//! integrations. Everything but transience is altered in place.

use super::edits::Edits;
use super::{DiffError, comment};
use crate::model::Object;
use crate::model::database::Database;
use crate::model::schema::Schema;
use crate::model::storage_integration::StorageIntegration;
use crate::model::warehouse::Warehouse;
use crate::plan::Tier;
use crate::providers::snowflake::ddl::{
    self, storage_integration::StorageIntegrationChange, warehouse::WarehouseChange,
};

pub(crate) fn database(live: &Database, desired: &Database) -> Result<Edits, DiffError> {
    let mut e = Edits::default();
    let object = Object::Database(desired.clone());
    if e.compare("transient", &live.transient, &desired.transient) {
        e.replace("Snowflake cannot change whether a database is transient: it is recreated");
        e.raise(
            Tier::Destructive,
            "recreating a database drops everything in it",
        );
        e.sql(ddl::replace(&object)?);
        return Ok(e);
    }
    // An unset retention leaves the account's default alone.
    if desired.data_retention_days.is_some()
        && e.compare_option(
            "data_retention_days",
            &live.data_retention_days,
            &desired.data_retention_days,
        )
    {
        e.sql(ddl::database::set_data_retention_days(
            &desired.name,
            desired.data_retention_days,
        ));
    }
    comment(&mut e, &live.comment, &desired.comment, &object)?;
    Ok(e)
}

pub(crate) fn schema(live: &Schema, desired: &Schema) -> Result<Edits, DiffError> {
    let mut e = Edits::default();
    let object = Object::Schema(desired.clone());
    if e.compare("transient", &live.transient, &desired.transient) {
        e.replace("Snowflake cannot change whether a schema is transient: it is recreated");
        e.raise(
            Tier::Destructive,
            "recreating a schema drops everything in it",
        );
        e.sql(ddl::replace(&object)?);
        return Ok(e);
    }
    if e.compare(
        "managed_access",
        &live.managed_access,
        &desired.managed_access,
    ) {
        e.sql(ddl::schema::set_managed_access(
            &desired.name,
            desired.managed_access,
        ));
    }
    if desired.data_retention_days.is_some()
        && e.compare_option(
            "data_retention_days",
            &live.data_retention_days,
            &desired.data_retention_days,
        )
    {
        e.sql(ddl::schema::set_data_retention_days(
            &desired.name,
            desired.data_retention_days,
        ));
    }
    comment(&mut e, &live.comment, &desired.comment, &object)?;
    Ok(e)
}

pub(crate) fn warehouse(live: &Warehouse, desired: &Warehouse) -> Result<Edits, DiffError> {
    let mut e = Edits::default();
    let alter = |change| ddl::warehouse::alter(&desired.name, &change);
    if e.compare("size", &live.size, &desired.size) {
        e.sql(alter(WarehouseChange::Size(desired.size)));
    }
    // An unset auto_suspend leaves Snowflake's default alone; `initially_suspended` only
    // applies at creation and is never reported back.
    if desired.auto_suspend.is_some()
        && e.compare_option("auto_suspend", &live.auto_suspend, &desired.auto_suspend)
    {
        e.sql(alter(WarehouseChange::AutoSuspend(desired.auto_suspend)));
    }
    if e.compare("auto_resume", &live.auto_resume, &desired.auto_resume) {
        e.sql(alter(WarehouseChange::AutoResume(desired.auto_resume)));
    }
    comment(
        &mut e,
        &live.comment,
        &desired.comment,
        &Object::Warehouse(desired.clone()),
    )?;
    Ok(e)
}

pub(crate) fn storage_integration(
    live: &StorageIntegration,
    desired: &StorageIntegration,
) -> Result<Edits, DiffError> {
    let mut e = Edits::default();
    let alter = |change| ddl::storage_integration::alter(&desired.name, &change);
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
