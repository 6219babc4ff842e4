//! A Snowflake table and its columns.
//!
//! The `table` kind: its model is `crate::model::table`, its entry is resolved by
//! `crate::config::resolve::table`, its diff is `crate::plan::diff::table`, its DDL
//! `crate::providers::snowflake::ddl`, its rows are read by
//! `crate::providers::snowflake::introspect`; this module joins them behind
//! [`ObjectKind`] and writes the kind back for `import`.

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared};
use crate::config::schema_file::RawTable;
use crate::import::entry::{Entry, Writer};
use crate::model::identifier::SchemaName;
use crate::plan::diff::{DiffError, Edits, table};
use crate::providers::snowflake::ddl::{CreateMode, DdlError};
use crate::providers::snowflake::ddl;
use crate::plan::Step;
use crate::plan::diff::Settings;
use crate::model::identifier::Ident;
use crate::providers::snowflake::introspect::connection::{Connection, Runner};
use crate::providers::snowflake::introspect::{self, Jobs};

pub use crate::model::table::Table;

impl ObjectKind for Table {
    const SQL_KEYWORD: &'static str = "TABLE";
    const SCHEMA_LEVEL: bool = true;
    type Raw = RawTable;

    fn resolve(raw: RawTable, ctx: &mut Ctx<'_>) -> Option<Declared> {
        crate::config::resolve::table::resolve(raw, ctx)
    }

    fn diff(live: &Table, desired: &Table, cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        table::diff(
            live,
            desired,
            cx.lifecycle,
            cx.settings.backup.then_some(cx.settings.now),
            cx.streamed,
        )
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(ddl::table::create(self, mode))
    }

    fn reference(&self) -> Result<String, DdlError> {
        Ok(self.name.to_string())
    }

    /// With backups on, a zero-copy clone is taken before the table goes.
    fn drop_steps(
        &self,
        settings: &Settings,
        reasons: &mut Vec<String>,
    ) -> Result<Vec<Step>, DiffError> {
        let drop = Step::sql(format!("DROP TABLE {}", self.name));
        if !settings.backup {
            return Ok(vec![drop]);
        }
        let (backup, statement) = ddl::table_rebuild::backup(&self.name, settings.now);
        reasons.push(format!("a zero-copy backup {backup} is taken first"));
        Ok(vec![Step::sql(statement), drop])
    }

    fn spawn_reads<C: Connection>(jobs: &mut Jobs, runner: &Runner<C>, database: &Ident) {
        jobs.spawn(introspect::tables(runner.clone(), database.clone()));
    }

    fn import(&self, w: &Writer<'_>, schema: Option<&SchemaName>) -> Entry {
        let t = self;
                let mut e = Entry::new("table");
                e.set("name", w.text(&w.short(&t.name, schema)));
                w.comment(&mut e, &t.comment);
                if t.transient {
                    e.set("transient", "true".into());
                }
                if !t.cluster_by.is_empty() {
                    e.set(
                        "cluster_by",
                        w.texts(t.cluster_by.iter().map(|c| c.text())),
                    );
                }
                if t.change_tracking {
                    e.set("change_tracking", "true".into());
                }
                let columns: Vec<String> = t
                    .columns
                    .iter()
                    .map(|c| {
                        let mut keys = vec![
                            ("name".to_string(), w.text(&c.name.to_sql())),
                            ("type".to_string(), w.text(&c.data_type.to_string())),
                        ];
                        if !c.nullable {
                            keys.push(("nullable".into(), "false".into()));
                        }
                        if let Some(default) = &c.default {
                            keys.push(("default".into(), w.text(default.text())));
                        }
                        if let Some(comment) = &c.comment {
                            keys.push(("comment".into(), w.text(comment)));
                        }
                        format!("  {},\n", w.table(&keys))
                    })
                    .collect();
                e.set("columns", format!("[\n{}]", columns.concat()));
                e
    }
}
