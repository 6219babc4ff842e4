//! A Snowflake storage integration for Azure.
//!
//! The kind's parts: `model`, the canonical form (re-exported here); `entry`, the
//! `[[storage_integration]]` entry and its resolution; `diff`, the attribute diff; `ddl`,
//! the statements; `read`, the parsing of its introspection rows. This module joins them
//! behind [`ObjectKind`] and writes the kind back for `import`.

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared};
use crate::import::entry::{Entry, Writer};
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::model::identifier::SchemaName;
use crate::plan::diff::{DiffError, Edits};
use entry::RawStorageIntegration;

pub mod ddl;
pub(crate) mod diff;
pub(crate) mod entry;
mod model;
pub(crate) mod read;

pub use model::*;

impl ObjectKind for StorageIntegration {
    const SQL_KEYWORD: &'static str = "STORAGE INTEGRATION";
    type Raw = RawStorageIntegration;

    fn resolve(raw: RawStorageIntegration, ctx: &mut Ctx<'_>) -> Option<Declared> {
        entry::resolve(raw, ctx)
    }

    fn diff(
        live: &StorageIntegration,
        desired: &StorageIntegration,
        _cx: &DiffCx<'_>,
    ) -> Result<Edits, DiffError> {
        diff::diff(live, desired)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(ddl::create(self, mode))
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
