//! A Snowflake stream on a table.
//!
//! The `stream` kind: its model is `crate::model::stream`, its entry is resolved by
//! `crate::config::resolve::stream`, its diff is `crate::plan::diff::stream`, its DDL
//! `crate::providers::snowflake::ddl`, its rows are read by
//! `crate::providers::snowflake::introspect`; this module joins them behind
//! [`ObjectKind`] and writes the kind back for `import`.

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared};
use crate::config::schema_file::RawStream;
use crate::import::entry::{Entry, Writer};
use crate::model::identifier::SchemaName;
use crate::plan::diff::{DiffError, Edits, stream};
use crate::providers::snowflake::ddl::{CreateMode, DdlError};
use crate::providers::snowflake::ddl;
use crate::model::identifier::Ident;
use crate::providers::snowflake::introspect::connection::{Connection, Runner};
use crate::model::Kind;
use crate::providers::snowflake::introspect::{self, Jobs, Listing};
use crate::providers::snowflake::introspect::stream as read;

pub use crate::model::stream::Stream;

impl ObjectKind for Stream {
    const SQL_KEYWORD: &'static str = "STREAM";
    const SCHEMA_LEVEL: bool = true;
    type Raw = RawStream;

    fn resolve(raw: RawStream, ctx: &mut Ctx<'_>) -> Option<Declared> {
        crate::config::resolve::stream::resolve(raw, ctx)
    }

    fn diff(live: &Stream, desired: &Stream, _cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        stream::diff(live, desired)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(ddl::stream::create(self, mode))
    }

    fn reference(&self) -> Result<String, DdlError> {
        Ok(self.name.to_string())
    }

    fn spawn_reads<C: Connection>(jobs: &mut Jobs, runner: &Runner<C>, database: &Ident) {
        jobs.spawn(introspect::listing(
            runner.clone(),
            Listing::InDatabase("STREAMS", database.clone()),
            Kind::Stream,
            |r| read::parse(r).map(|o| Some(o.into())),
        ));
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
