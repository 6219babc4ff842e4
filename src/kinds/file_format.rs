//! A named Snowflake file format.
//!
//! The `file_format` kind: its model is `crate::model::file_format`, its entry is resolved by
//! `crate::config::resolve::file_format`, its diff is `crate::plan::diff::staging`, its DDL
//! `crate::providers::snowflake::ddl`, its rows are read by
//! `crate::providers::snowflake::introspect`; this module joins them behind
//! [`ObjectKind`] and writes the kind back for `import`.

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared};
use crate::config::schema_file::RawFileFormat;
use crate::import::entry::{Entry, Writer};
use crate::model::identifier::SchemaName;
use crate::plan::diff::{DiffError, Edits, staging};
use crate::providers::snowflake::ddl::{CreateMode, DdlError};
use crate::providers::snowflake::ddl;
use crate::model::identifier::Ident;
use crate::providers::snowflake::introspect::connection::{Connection, Runner};
use crate::model::Kind;
use crate::providers::snowflake::introspect::{self, Jobs, Listing};
use crate::providers::snowflake::introspect::file_format as read;

pub use crate::model::file_format::FileFormat;

impl ObjectKind for FileFormat {
    const SQL_KEYWORD: &'static str = "FILE FORMAT";
    const SCHEMA_LEVEL: bool = true;
    type Raw = RawFileFormat;

    fn resolve(raw: RawFileFormat, ctx: &mut Ctx<'_>) -> Option<Declared> {
        crate::config::resolve::file_format::resolve(raw, ctx)
    }

    fn diff(live: &FileFormat, desired: &FileFormat, _cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        staging::file_format(live, desired)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        ddl::file_format::create(self, mode)
    }

    fn reference(&self) -> Result<String, DdlError> {
        Ok(self.name.to_string())
    }

    fn spawn_reads<C: Connection>(jobs: &mut Jobs, runner: &Runner<C>, database: &Ident) {
        jobs.spawn(introspect::listing(
            runner.clone(),
            Listing::Unpaged(format!("SHOW FILE FORMATS IN DATABASE {database}")),
            Kind::FileFormat,
            |r| read::parse(r).map(|o| Some(o.into())),
        ));
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
