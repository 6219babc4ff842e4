//! A Snowflake database.
//!
//! The `database` kind: its model is `crate::model::database`, its entry is resolved by
//! `crate::config::resolve::database`, its diff is `crate::plan::diff::account`, its DDL
//! `crate::providers::snowflake::ddl`, its rows are read by
//! `crate::providers::snowflake::introspect`; this module joins them behind
//! [`ObjectKind`] and writes the kind back for `import`.

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared};
use crate::config::schema_file::RawDatabase;
use crate::import::entry::{Entry, Writer};
use crate::model::identifier::SchemaName;
use crate::plan::diff::{DiffError, Edits, account};
use crate::providers::snowflake::ddl::{CreateMode, DdlError};
use crate::providers::snowflake::ddl;

pub use crate::model::database::Database;

impl ObjectKind for Database {
    const SQL_KEYWORD: &'static str = "DATABASE";
    type Raw = RawDatabase;

    fn resolve(raw: RawDatabase, ctx: &mut Ctx<'_>) -> Option<Declared> {
        crate::config::resolve::database::resolve(raw, ctx)
    }

    fn diff(live: &Database, desired: &Database, _cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        account::database(live, desired)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(ddl::database::create(self, mode))
    }

    fn reference(&self) -> Result<String, DdlError> {
        Ok(self.name.to_string())
    }

    fn import(&self, w: &Writer<'_>, _schema: Option<&SchemaName>) -> Entry {
        let d = self;
                let mut e = Entry::new("database");
                e.set("name", w.text(&d.name.to_sql()));
                w.comment(&mut e, &d.comment);
                if d.transient {
                    e.set("transient", "true".into());
                }
                w.retention(&mut e, d.data_retention_days);
                e
    }
}
