//! A Snowflake stream on a table.
//!
//! The kind's parts: `model`, the canonical form (re-exported here); `entry`, the
//! `[[stream]]` entry and its resolution; `diff`, the attribute diff; `ddl`, the
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
use entry::RawStream;

pub(crate) mod ddl;
pub(crate) mod diff;
pub(crate) mod entry;
mod model;
pub(crate) mod read;

pub use model::*;

impl ObjectKind for Stream {
    const SQL_KEYWORD: &'static str = "STREAM";
    const SCHEMA_LEVEL: bool = true;
    type Raw = RawStream;

    fn resolve(raw: RawStream, ctx: &mut Ctx<'_>) -> Option<Declared> {
        entry::resolve(raw, ctx)
    }

    fn diff(live: &Stream, desired: &Stream, _cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        diff::diff(live, desired)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(ddl::create(self, mode))
    }

    fn listing(database: &Ident) -> Option<Listing> {
        Some(Listing::InDatabase("STREAMS", database.clone()))
    }

    fn parse_row(record: &Record<'_>) -> Result<Option<Self>, IntrospectError> {
        read::parse(record).map(Some)
    }

    fn import(&self, w: &Writer<'_>, schema: Option<&SchemaName>) -> Entry {
        let s = self;
        let mut e = Entry::new("stream");
        e.set("name", w.text(&w.short(&s.name, schema)));
        w.comment(&mut e, &s.comment);
        e.set("on_table", w.text(&w.short(&s.on_table, schema)));
        if s.append_only {
            e.set("append_only", "true".into());
        }
        e
    }
}
