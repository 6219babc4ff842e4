//! A Snowflake task (and, through `after`, a task graph).
//!
//! The kind's parts: `model`, the canonical form (re-exported here); `entry`, the
//! `[[task]]` entry and its resolution; `diff`, the attribute diff; `ddl`, the statements;
//! `read`, the parsing of its introspection rows. This module joins them behind
//! [`ObjectKind`] and writes the kind back for `import`.

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared};
use crate::import::entry::{Entry, Writer};
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::model::identifier::{Ident, SchemaName};
use crate::plan::diff::{DiffError, Edits};
use crate::providers::snowflake::introspect::record::Record;
use crate::providers::snowflake::introspect::{IntrospectError, Listing};
use entry::RawTask;

pub mod ddl;
pub(crate) mod diff;
pub(crate) mod entry;
mod model;
pub(crate) mod read;

pub use model::*;

impl ObjectKind for Task {
    const SQL_KEYWORD: &'static str = "TASK";
    const SCHEMA_LEVEL: bool = true;
    type Raw = RawTask;

    fn resolve(raw: RawTask, ctx: &mut Ctx<'_>) -> Option<Declared> {
        entry::resolve(raw, ctx)
    }

    fn diff(live: &Task, desired: &Task, _cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        diff::diff(live, desired)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(ddl::create(self, mode))
    }

    fn listing(database: &Ident) -> Option<Listing> {
        Some(Listing::InDatabase("TASKS", database.clone()))
    }

    fn parse_row(record: &Record<'_>) -> Result<Option<Self>, IntrospectError> {
        read::parse(record).map(Some)
    }

    fn import(&self, w: &Writer<'_>, schema: Option<&SchemaName>) -> Entry {
        let t = self;
        let mut e = Entry::new("task");
        e.set("name", w.text(&w.short(&t.name, schema)));
        w.comment(&mut e, &t.comment);
        if let Some(warehouse) = &t.warehouse {
            e.set("warehouse", w.text(&warehouse.to_sql()));
        }
        if let Some(schedule) = &t.schedule {
            e.set("schedule", w.text(&schedule.to_string()));
        }
        if !t.after.is_empty() {
            let after: Vec<String> = t.after.iter().map(|n| w.short(n, schema)).collect();
            e.set("after", w.texts(after.iter().map(String::as_str)));
        }
        if let Some(when) = &t.when {
            e.set("when", w.sql(when.text()));
        }
        if t.state == TaskState::Started {
            e.set("state", w.text("started"));
        }
        e.set("sql", w.sql(t.sql.text()));
        e
    }
}
