//! A named Snowflake file format.
//!
//! The kind's parts: `model`, the canonical form (re-exported here); `entry`, the
//! `[[file_format]]` entry and its resolution; `diff`, the attribute diff; `ddl`, the
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
use entry::RawFileFormat;

pub mod ddl;
pub(crate) mod diff;
pub(crate) mod entry;
mod model;
pub(crate) mod read;

pub use model::*;

impl ObjectKind for FileFormat {
    const SQL_KEYWORD: &'static str = "FILE FORMAT";
    const SCHEMA_LEVEL: bool = true;
    type Raw = RawFileFormat;

    fn resolve(raw: RawFileFormat, ctx: &mut Ctx<'_>) -> Option<Declared> {
        entry::resolve(raw, ctx)
    }

    fn diff(live: &FileFormat, desired: &FileFormat, _cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        diff::diff(live, desired)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        ddl::create(self, mode)
    }

    fn listing(database: &Ident) -> Option<Listing> {
        Some(Listing::Unpaged(format!(
            "SHOW FILE FORMATS IN DATABASE {database}"
        )))
    }

    fn parse_row(record: &Record<'_>) -> Result<Option<Self>, IntrospectError> {
        read::parse(record).map(Some)
    }

    fn import(&self, w: &Writer<'_>, schema: Option<&SchemaName>) -> Entry {
        let f = self;
        let mut e = Entry::new("file_format");
        e.set("name", w.text(&w.short(&f.name, schema)));
        w.comment(&mut e, &f.comment);
        e.set("type", w.text(&f.format_type.to_string()));
        if !f.options.is_empty() {
            let options: Vec<(String, String)> = f
                .options
                .iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), w.option(v)))
                .collect();
            e.set("options", w.table(&options));
        }
        e
    }
}
