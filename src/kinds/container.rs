//! An ADLS Gen2 container (a file system), managed through the lake's REST API.
//!
//! The `container` kind: its model is `crate::model::container`, its entry is resolved by
//! `crate::config::resolve::container`, its diff is `crate::plan::diff::container`, its DDL
//! `crate::providers::snowflake::ddl`, its rows are read by
//! `crate::providers::snowflake::introspect`; this module joins them behind
//! [`ObjectKind`] and writes the kind back for `import`.

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared};
use crate::config::schema_file::RawContainer;
use crate::import::entry::{Entry, Writer};
use crate::model::identifier::SchemaName;
use crate::plan::diff::{DiffError, Edits, container};
use crate::providers::snowflake::ddl::{CreateMode, DdlError};
use crate::plan::Step;
use crate::plan::diff::Settings;
use crate::model::container::PublicAccess;
use crate::model::{Provider, Resource};

pub use crate::model::container::Container;

impl ObjectKind for Container {
    const SQL_KEYWORD: &'static str = "CONTAINER";
    const PROVIDER: Provider = Provider::Adls;
    type Raw = RawContainer;

    fn resolve(raw: RawContainer, ctx: &mut Ctx<'_>) -> Option<Declared> {
        crate::config::resolve::container::resolve(raw, ctx)
    }

    fn diff(live: &Container, desired: &Container, cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        Ok(container::diff(live, desired, cx.settings.namespace))
    }

    fn create_sql(&self, _mode: CreateMode) -> Result<String, DdlError> {
        Err(DdlError::NotSnowflake(self.address()))
    }

    fn reference(&self) -> Result<String, DdlError> {
        Err(DdlError::NotSnowflake(self.address()))
    }

    fn create_steps(&self, settings: &Settings) -> Result<Vec<Step>, DiffError> {
        Ok(container::create(self, settings.namespace))
    }

    fn drop_steps(
        &self,
        settings: &Settings,
        _reasons: &mut Vec<String>,
    ) -> Result<Vec<Step>, DiffError> {
        Ok(vec![container::delete(self, settings.namespace)])
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
