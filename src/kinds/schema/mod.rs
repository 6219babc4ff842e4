//! A Snowflake schema.
//!
//! The kind's parts: `model`, the canonical form (re-exported here); `entry`, the
//! `[[schema]]` entry and its resolution; `diff`, the attribute diff; `ddl`, the
//! statements; `read`, the parsing of its introspection rows. This module joins them behind
//! [`ObjectKind`] and writes the kind back for `import`.

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared};
use crate::import::entry::{Entry, Writer};
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::model::identifier::{Ident, SchemaName};
use crate::plan::diff::{DiffError, Edits};
use crate::providers::snowflake::introspect::record::Record;
use crate::providers::snowflake::introspect::{IntrospectError, Listing};
use entry::RawSchema;

pub mod ddl;
pub(crate) mod diff;
pub(crate) mod entry;
mod model;
pub(crate) mod read;

pub use model::*;

impl ObjectKind for Schema {
    const SQL_KEYWORD: &'static str = "SCHEMA";
    type Raw = RawSchema;

    fn resolve(raw: RawSchema, ctx: &mut Ctx<'_>) -> Option<Declared> {
        entry::resolve(raw, ctx)
    }

    fn diff(live: &Schema, desired: &Schema, _cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        diff::diff(live, desired)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(ddl::create(self, mode))
    }

    fn listing(database: &Ident) -> Option<Listing> {
        Some(Listing::Paged(format!(
            "SHOW SCHEMAS IN DATABASE {database}"
        )))
    }

    fn parse_row(record: &Record<'_>) -> Result<Option<Self>, IntrospectError> {
        read::parse(record).map(Some)
    }

    fn import(&self, w: &Writer<'_>, schema: Option<&SchemaName>) -> Entry {
        let s = self;
        let mut e = Entry::new("schema");
        let name = match schema {
            Some(_) => s.name.schema.to_string(),
            None => s.name.to_string(),
        };
        e.set("name", w.text(&name));
        w.comment(&mut e, &s.comment);
        if s.transient {
            e.set("transient", "true".into());
        }
        if s.managed_access {
            e.set("managed_access", "true".into());
        }
        w.retention(&mut e, s.data_retention_days);
        e
    }
}
