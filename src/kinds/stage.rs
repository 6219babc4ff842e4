//! A Snowflake stage: external on an Azure container, or internal.
//!
//! The `stage` kind: its model is `crate::model::stage`, its entry is resolved by
//! `crate::config::resolve::stage`, its diff is `crate::plan::diff::staging`, its DDL
//! `crate::providers::snowflake::ddl`, its rows are read by
//! `crate::providers::snowflake::introspect`; this module joins them behind
//! [`ObjectKind`] and writes the kind back for `import`.

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared};
use crate::config::schema_file::RawStage;
use crate::import::entry::{Entry, Writer};
use crate::model::identifier::SchemaName;
use crate::plan::diff::{DiffError, Edits, staging};
use crate::providers::snowflake::ddl::{CreateMode, DdlError};
use crate::providers::snowflake::ddl;
use crate::model::identifier::Ident;
use crate::providers::snowflake::introspect::connection::{Connection, Runner};
use crate::providers::snowflake::introspect::{self, Jobs};

pub use crate::model::stage::Stage;

impl ObjectKind for Stage {
    const SQL_KEYWORD: &'static str = "STAGE";
    const SCHEMA_LEVEL: bool = true;
    type Raw = RawStage;

    fn resolve(raw: RawStage, ctx: &mut Ctx<'_>) -> Option<Declared> {
        crate::config::resolve::stage::resolve(raw, ctx)
    }

    fn diff(live: &Stage, desired: &Stage, _cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        staging::stage(live, desired)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(ddl::stage::create(self, mode))
    }

    fn reference(&self) -> Result<String, DdlError> {
        Ok(self.name.to_string())
    }

    fn spawn_reads<C: Connection>(jobs: &mut Jobs, runner: &Runner<C>, database: &Ident) {
        jobs.spawn(introspect::stages(runner.clone(), database.clone()));
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
