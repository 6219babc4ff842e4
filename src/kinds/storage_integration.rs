//! A Snowflake storage integration for Azure.
//!
//! The `storage_integration` kind: its model is `crate::model::storage_integration`, its entry is resolved by
//! `crate::config::resolve::storage_integration`, its diff is `crate::plan::diff::account`, its DDL
//! `crate::providers::snowflake::ddl`, its rows are read by
//! `crate::providers::snowflake::introspect`; this module joins them behind
//! [`ObjectKind`] and writes the kind back for `import`.

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared};
use crate::config::schema_file::RawStorageIntegration;
use crate::import::entry::{Entry, Writer};
use crate::model::identifier::SchemaName;
use crate::plan::diff::{DiffError, Edits, account};
use crate::providers::snowflake::ddl::{CreateMode, DdlError};
use crate::providers::snowflake::ddl;

pub use crate::model::storage_integration::StorageIntegration;

impl ObjectKind for StorageIntegration {
    const SQL_KEYWORD: &'static str = "STORAGE INTEGRATION";
    type Raw = RawStorageIntegration;

    fn resolve(raw: RawStorageIntegration, ctx: &mut Ctx<'_>) -> Option<Declared> {
        crate::config::resolve::storage_integration::resolve(raw, ctx)
    }

    fn diff(live: &StorageIntegration, desired: &StorageIntegration, _cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        account::storage_integration(live, desired)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(ddl::storage_integration::create(self, mode))
    }

    fn reference(&self) -> Result<String, DdlError> {
        Ok(self.name.to_string())
    }

    fn import(&self, w: &Writer<'_>, _schema: Option<&SchemaName>) -> Entry {
        let i = self;
                let mut e = Entry::new("storage_integration");
                e.set("name", w.text(&i.name.to_sql()));
                w.comment(&mut e, &i.comment);
                e.set("azure_tenant_id", w.text(&i.azure_tenant_id));
                e.set(
                    "allowed_locations",
                    w.texts(i.allowed_locations.iter().map(String::as_str)),
                );
                if !i.blocked_locations.is_empty() {
                    e.set(
                        "blocked_locations",
                        w.texts(i.blocked_locations.iter().map(String::as_str)),
                    );
                }
                e.set("enabled", i.enabled.to_string());
                e
    }
}
