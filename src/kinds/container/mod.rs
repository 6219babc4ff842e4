//! An ADLS Gen2 container (a file system), managed through the lake's REST API.
//!
//! The kind's parts: `model`, the canonical form (re-exported here); `entry`, the
//! `[[container]]` entry and its resolution; `diff`, the attribute diff. This module joins
//! them behind [`ObjectKind`] and writes the kind back for `import`.

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared};
use crate::import::entry::{Entry, Writer};
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::model::identifier::SchemaName;
use crate::model::{Provider, Resource};
use crate::plan::Step;
use crate::plan::diff::{DiffError, Edits, Settings};
use entry::RawContainer;

pub(crate) mod diff;
pub(crate) mod entry;
mod model;

pub use model::*;

impl ObjectKind for Container {
    const SQL_KEYWORD: &'static str = "CONTAINER";
    const PROVIDER: Provider = Provider::Adls;
    type Raw = RawContainer;

    fn resolve(raw: RawContainer, ctx: &mut Ctx<'_>) -> Option<Declared> {
        entry::resolve(raw, ctx)
    }

    fn diff(live: &Container, desired: &Container, cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        Ok(diff::diff(live, desired, cx.settings.namespace))
    }

    fn create_sql(&self, _mode: CreateMode) -> Result<String, DdlError> {
        Err(DdlError::NotSnowflake(self.address()))
    }

    fn reference(&self) -> Result<String, DdlError> {
        Err(DdlError::NotSnowflake(self.address()))
    }

    fn create_steps(&self, settings: &Settings) -> Result<Vec<Step>, DiffError> {
        Ok(diff::create(self, settings.namespace))
    }

    fn drop_steps(
        &self,
        settings: &Settings,
        _reasons: &mut Vec<String>,
    ) -> Result<Vec<Step>, DiffError> {
        Ok(vec![diff::delete(self, settings.namespace)])
    }

    fn import(&self, w: &Writer<'_>, _schema: Option<&SchemaName>) -> Entry {
        let c = self;
        let mut e = Entry::new("container");
        e.set("name", w.text(&c.name));
        w.comment(&mut e, &c.comment);
        let access = match c.public_access {
            PublicAccess::None => "none",
            PublicAccess::Blob => "blob",
            PublicAccess::Container => "container",
        };
        e.set("public_access", w.text(access));
        if !c.metadata.is_empty() {
            let metadata: Vec<(String, String)> = c
                .metadata
                .iter()
                .map(|(k, v)| (k.clone(), w.text(v)))
                .collect();
            e.set("metadata", w.table(&metadata));
        }
        e
    }
}
