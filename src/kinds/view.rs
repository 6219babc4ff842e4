//! A Snowflake view.
//!
//! The `view` kind: its model is `crate::model::view`, its entry is resolved by
//! `crate::config::resolve::view`, its diff is `crate::plan::diff::view`, its DDL
//! `crate::providers::snowflake::ddl`, its rows are read by
//! `crate::providers::snowflake::introspect`; this module joins them behind
//! [`ObjectKind`] and writes the kind back for `import`.

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared};
use crate::config::schema_file::RawView;
use crate::import::entry::{Entry, Writer};
use crate::model::identifier::SchemaName;
use crate::plan::diff::{DiffError, Edits, view};
use crate::providers::snowflake::ddl::{CreateMode, DdlError};
use crate::providers::snowflake::ddl;
use crate::model::identifier::Ident;
use crate::providers::snowflake::introspect::connection::{Connection, Runner};
use crate::model::Kind;
use crate::providers::snowflake::introspect::{self, Jobs, Listing};
use crate::providers::snowflake::introspect::view as read;

pub use crate::model::view::View;

impl ObjectKind for View {
    const SQL_KEYWORD: &'static str = "VIEW";
    const SCHEMA_LEVEL: bool = true;
    type Raw = RawView;

    fn resolve(raw: RawView, ctx: &mut Ctx<'_>) -> Option<Declared> {
        crate::config::resolve::view::resolve(raw, ctx)
    }

    fn diff(live: &View, desired: &View, _cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        view::diff(live, desired)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(ddl::view::create(self, mode))
    }

    fn reference(&self) -> Result<String, DdlError> {
        Ok(self.name.to_string())
    }

    fn spawn_reads<C: Connection>(jobs: &mut Jobs, runner: &Runner<C>, database: &Ident) {
        jobs.spawn(introspect::listing(
            runner.clone(),
            Listing::InDatabase("VIEWS", database.clone()),
            Kind::View,
            |r| read::parse(r).map(|o| Some(o.into())),
        ));
    }

    fn import(&self, w: &Writer<'_>, schema: Option<&SchemaName>) -> Entry {
        let v = self;
                let mut e = Entry::new("view");
                e.set("name", w.text(&w.short(&v.name, schema)));
                w.comment(&mut e, &v.comment);
                if v.secure {
                    e.set("secure", "true".into());
                }
                e.set("query", w.sql(v.query.text()));
                e
    }
}
