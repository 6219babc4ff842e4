//! A Snowflake stage: external on an Azure container, or internal.
//!
//! The kind's parts: `model`, the canonical form (re-exported here); `entry`, the
//! `[[stage]]` entry and its resolution; `diff`, the attribute diff; `ddl`, the statements;
//! `read`, the parsing of its introspection rows. This module joins them behind
//! [`ObjectKind`] and writes the kind back for `import`.

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared};
use crate::import::entry::{Entry, Writer};
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::model::identifier::{Ident, SchemaName};
use crate::plan::diff::{DiffError, Edits};
use crate::providers::snowflake::introspect::Jobs;
use crate::providers::snowflake::introspect::connection::{Connection, Runner};
use entry::RawStage;

pub mod ddl;
pub(crate) mod diff;
pub(crate) mod entry;
mod model;
pub(crate) mod read;

pub use model::*;

impl ObjectKind for Stage {
    const SQL_KEYWORD: &'static str = "STAGE";
    const SCHEMA_LEVEL: bool = true;
    type Raw = RawStage;

    fn resolve(raw: RawStage, ctx: &mut Ctx<'_>) -> Option<Declared> {
        entry::resolve(raw, ctx)
    }

    fn diff(live: &Stage, desired: &Stage, _cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        diff::diff(live, desired)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(ddl::create(self, mode))
    }

    fn spawn_reads<C: Connection>(jobs: &mut Jobs, runner: &Runner<C>, database: &Ident) {
        jobs.spawn(read::stages(runner.clone(), database.clone()));
    }

    fn import(&self, w: &Writer<'_>, schema: Option<&SchemaName>) -> Entry {
        let s = self;
        let mut e = Entry::new("stage");
        e.set("name", w.text(&w.short(&s.name, schema)));
        w.comment(&mut e, &s.comment);
        if let Some(url) = &s.url {
            e.set("url", w.text(url));
        }
        if let Some(integration) = &s.storage_integration {
            e.set("storage_integration", w.text(&integration.to_sql()));
        }
        if let Some(format) = &s.file_format {
            e.set("file_format", w.text(&w.short(format, schema)));
        }
        e
    }
}
