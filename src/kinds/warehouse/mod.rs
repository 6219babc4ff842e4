//! A Snowflake virtual warehouse.
//!
//! The kind's parts: `model`, the canonical form (re-exported here); `entry`, the
//! `[[warehouse]]` entry and its resolution; `diff`, the attribute diff; `ddl`, the
//! statements; `read`, the parsing of its introspection rows. This module joins them behind
//! [`ObjectKind`] and writes the kind back for `import`.

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared};
use crate::import::entry::{Entry, Writer};
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::model::identifier::SchemaName;
use crate::plan::diff::{DiffError, Edits};
use entry::RawWarehouse;

pub mod ddl;
pub(crate) mod diff;
pub(crate) mod entry;
mod model;
pub(crate) mod read;

pub use model::*;

impl ObjectKind for Warehouse {
    const SQL_KEYWORD: &'static str = "WAREHOUSE";
    type Raw = RawWarehouse;

    fn resolve(raw: RawWarehouse, ctx: &mut Ctx<'_>) -> Option<Declared> {
        entry::resolve(raw, ctx)
    }

    fn diff(live: &Warehouse, desired: &Warehouse, _cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        diff::diff(live, desired)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(ddl::create(self, mode))
    }

    fn import(&self, w: &Writer<'_>, _schema: Option<&SchemaName>) -> Entry {
        let wh = self;
        let mut e = Entry::new("warehouse");
        e.set("name", w.text(&wh.name.to_sql()));
        w.comment(&mut e, &wh.comment);
        e.set("size", w.text(wh.size.keyword()));
        if let Some(seconds) = wh.auto_suspend {
            e.set("auto_suspend", seconds.to_string());
        }
        e.set("auto_resume", wh.auto_resume.to_string());
        if let Some(generation) = wh.generation {
            e.set("generation", w.text(generation.as_str()));
        }
        if wh.initially_suspended {
            e.set("initially_suspended", "true".into());
        }
        e
    }
}
