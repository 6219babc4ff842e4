//! A Snowflake task (and, through `after`, a task graph).
//!
//! The `task` kind: its model is `crate::model::task`, its entry is resolved by
//! `crate::config::resolve::task`, its diff is `crate::plan::diff::task`, its DDL
//! `crate::providers::snowflake::ddl`, its rows are read by
//! `crate::providers::snowflake::introspect`; this module joins them behind
//! [`ObjectKind`] and writes the kind back for `import`.

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared};
use crate::config::schema_file::RawTask;
use crate::import::entry::{Entry, Writer};
use crate::model::identifier::SchemaName;
use crate::model::task::TaskState;
use crate::plan::diff::{DiffError, Edits, task};
use crate::providers::snowflake::ddl::{CreateMode, DdlError};
use crate::providers::snowflake::ddl;
use crate::model::identifier::Ident;
use crate::providers::snowflake::introspect::connection::{Connection, Runner};
use crate::model::Kind;
use crate::providers::snowflake::introspect::{self, Jobs, Listing};
use crate::providers::snowflake::introspect::task as read;

pub use crate::model::task::Task;

impl ObjectKind for Task {
    const SQL_KEYWORD: &'static str = "TASK";
    const SCHEMA_LEVEL: bool = true;
    type Raw = RawTask;

    fn resolve(raw: RawTask, ctx: &mut Ctx<'_>) -> Option<Declared> {
        crate::config::resolve::task::resolve(raw, ctx)
    }

    fn diff(live: &Task, desired: &Task, _cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        task::diff(live, desired)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(ddl::task::create(self, mode))
    }

    fn reference(&self) -> Result<String, DdlError> {
        Ok(self.name.to_string())
    }

    fn spawn_reads<C: Connection>(jobs: &mut Jobs, runner: &Runner<C>, database: &Ident) {
        jobs.spawn(introspect::listing(
            runner.clone(),
            Listing::InDatabase("TASKS", database.clone()),
            Kind::Task,
            |r| read::parse(r).map(|o| Some(o.into())),
        ));
    }

    fn import(&self, w: &Writer<'_>, schema: Option<&SchemaName>) -> Entry {
        let t = self;
                let mut e = Entry::new("task");
                e.set("name", w.text(&w.short(&t.name, schema)));
                w.comment(&mut e, &t.comment);
                if let Some(warehouse) = &t.warehouse {
                    e.set("warehouse", w.text(&warehouse.to_sql()));
                }
                if let Some(schedule) = &t.schedule {
                    e.set("schedule", w.text(&schedule.to_string()));
                }
                if !t.after.is_empty() {
                    let after: Vec<String> = t.after.iter().map(|n| w.short(n, schema)).collect();
                    e.set("after", w.texts(after.iter().map(String::as_str)));
                }
                if let Some(when) = &t.when {
                    e.set("when", w.sql(when.text()));
                }
                if t.state == TaskState::Started {
                    e.set("state", w.text("started"));
                }
                e.set("sql", w.sql(t.sql.text()));
                e
    }
}
