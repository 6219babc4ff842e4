//! A Snowflake database.
//!
//! The kind's parts: `model`, the canonical form (re-exported here); `entry`, the
//! `[[database]]` entry and its resolution; `diff`, the attribute diff; `ddl`, the
//! statements; `read`, the parsing of its introspection rows. This module joins them behind
//! [`ObjectKind`] and writes the kind back for `import`.

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared};
use crate::import::entry::{Entry, Writer};
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::model::identifier::SchemaName;
use crate::plan::diff::{DiffError, Edits};
use entry::RawDatabase;

pub mod ddl;
pub(crate) mod diff;
pub(crate) mod entry;
mod model;
pub(crate) mod read;

pub use model::*;

impl ObjectKind for Database {
    const SQL_KEYWORD: &'static str = "DATABASE";
    type Raw = RawDatabase;

    fn resolve(raw: RawDatabase, ctx: &mut Ctx<'_>) -> Option<Declared> {
        entry::resolve(raw, ctx)
    }

    fn diff(live: &Database, desired: &Database, _cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        diff::diff(live, desired)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(ddl::create(self, mode))
    }

    fn import(&self, w: &Writer<'_>, _schema: Option<&SchemaName>) -> Entry {
        let d = self;
        let mut e = Entry::new("database");
        e.set("name", w.text(&d.name.to_sql()));
        w.comment(&mut e, &d.comment);
        if d.transient {
            e.set("transient", "true".into());
        }
        w.retention(&mut e, d.data_retention_days);
        e
    }
}
