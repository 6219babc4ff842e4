//! A Snowflake virtual warehouse.
//!
//! The `warehouse` kind: its model is `crate::model::warehouse`, its entry is resolved by
//! `crate::config::resolve::warehouse`, its diff is `crate::plan::diff::account`, its DDL
//! `crate::providers::snowflake::ddl`, its rows are read by
//! `crate::providers::snowflake::introspect`; this module joins them behind
//! [`ObjectKind`] and writes the kind back for `import`.

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared};
use crate::config::schema_file::RawWarehouse;
use crate::import::entry::{Entry, Writer};
use crate::model::identifier::SchemaName;
use crate::plan::diff::{DiffError, Edits, account};
use crate::providers::snowflake::ddl::{CreateMode, DdlError};
use crate::providers::snowflake::ddl;

pub use crate::model::warehouse::Warehouse;

impl ObjectKind for Warehouse {
    const SQL_KEYWORD: &'static str = "WAREHOUSE";
    type Raw = RawWarehouse;

    fn resolve(raw: RawWarehouse, ctx: &mut Ctx<'_>) -> Option<Declared> {
        crate::config::resolve::warehouse::resolve(raw, ctx)
    }

    fn diff(live: &Warehouse, desired: &Warehouse, _cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        account::warehouse(live, desired)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(ddl::warehouse::create(self, mode))
    }

    fn reference(&self) -> Result<String, DdlError> {
        Ok(self.name.to_string())
    }

    fn import(&self, w: &Writer<'_>, _schema: Option<&SchemaName>) -> Entry {
        let wh = self;
                let mut e = Entry::new("warehouse");
                e.set("name", w.text(&wh.name.to_sql()));
                w.comment(&mut e, &wh.comment);
                e.set("size", w.text(wh.size.keyword()));
                if let Some(seconds) = wh.auto_suspend {
                    e.set("auto_suspend", seconds.to_string());
                }
                e.set("auto_resume", wh.auto_resume.to_string());
                if wh.initially_suspended {
                    e.set("initially_suspended", "true".into());
                }
                e
    }
}
