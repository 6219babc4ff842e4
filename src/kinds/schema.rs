//! A Snowflake schema.
//!
//! The `schema` kind: its model is `crate::model::schema`, its entry is resolved by
//! `crate::config::resolve::schema`, its diff is `crate::plan::diff::account`, its DDL
//! `crate::providers::snowflake::ddl`, its rows are read by
//! `crate::providers::snowflake::introspect`; this module joins them behind
//! [`ObjectKind`] and writes the kind back for `import`.

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared};
use crate::config::schema_file::RawSchema;
use crate::import::entry::{Entry, Writer};
use crate::model::identifier::SchemaName;
use crate::plan::diff::{DiffError, Edits, account};
use crate::providers::snowflake::ddl::{CreateMode, DdlError};
use crate::providers::snowflake::ddl;
use crate::model::identifier::Ident;
use crate::providers::snowflake::introspect::connection::{Connection, Runner};
use crate::model::Kind;
use crate::providers::snowflake::introspect::{self, Jobs, Listing};
use crate::providers::snowflake::introspect::schema as read;

pub use crate::model::schema::Schema;

impl ObjectKind for Schema {
    const SQL_KEYWORD: &'static str = "SCHEMA";
    type Raw = RawSchema;

    fn resolve(raw: RawSchema, ctx: &mut Ctx<'_>) -> Option<Declared> {
        crate::config::resolve::schema::resolve(raw, ctx)
    }

    fn diff(live: &Schema, desired: &Schema, _cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        account::schema(live, desired)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(ddl::schema::create(self, mode))
    }

    fn reference(&self) -> Result<String, DdlError> {
        Ok(self.name.to_string())
    }

    fn spawn_reads<C: Connection>(jobs: &mut Jobs, runner: &Runner<C>, database: &Ident) {
        jobs.spawn(introspect::listing(
            runner.clone(),
            Listing::Paged(format!("SHOW SCHEMAS IN DATABASE {database}")),
            Kind::Schema,
            |r| read::parse(r).map(|o| Some(o.into())),
        ));
    }

    fn import(&self, w: &Writer<'_>, schema: Option<&SchemaName>) -> Entry {
        let s = self;
                let mut e = Entry::new("schema");
                let name = match schema {
                    Some(_) => s.name.schema.to_string(),
                    None => s.name.to_string(),
                };
                e.set("name", w.text(&name));
                w.comment(&mut e, &s.comment);
                if s.transient {
                    e.set("transient", "true".into());
                }
                if s.managed_access {
                    e.set("managed_access", "true".into());
                }
                w.retention(&mut e, s.data_retention_days);
                e
    }
}
