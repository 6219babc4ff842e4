//! A Snowflake Scripting procedure.
//!
//! The `procedure` kind: its model is `crate::model::procedure`, its entry is resolved by
//! `crate::config::resolve::procedure`, its diff is `crate::plan::diff::procedure`, its DDL
//! `crate::providers::snowflake::ddl`, its rows are read by
//! `crate::providers::snowflake::introspect`; this module joins them behind
//! [`ObjectKind`] and writes the kind back for `import`.

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared};
use crate::config::schema_file::RawProcedure;
use crate::import::entry::{Entry, Writer};
use crate::model::identifier::SchemaName;
use crate::plan::diff::{DiffError, Edits, procedure};
use crate::providers::snowflake::ddl::{CreateMode, DdlError};
use crate::providers::snowflake::ddl;
use crate::model::identifier::Ident;
use crate::providers::snowflake::introspect::connection::{Connection, Runner};
use crate::providers::snowflake::introspect::{self, Jobs};

pub use crate::model::procedure::Procedure;

impl ObjectKind for Procedure {
    const SQL_KEYWORD: &'static str = "PROCEDURE";
    const SCHEMA_LEVEL: bool = true;
    type Raw = RawProcedure;

    fn resolve(raw: RawProcedure, ctx: &mut Ctx<'_>) -> Option<Declared> {
        crate::config::resolve::procedure::resolve(raw, ctx)
    }

    fn diff(live: &Procedure, desired: &Procedure, _cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        procedure::diff(live, desired)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(ddl::procedure::create(self, mode))
    }

    fn reference(&self) -> Result<String, DdlError> {
        Ok(self.signature())
    }

    fn rename_target(&self) -> Result<String, DdlError> {
        Ok(self.name.to_string())
    }

    fn spawn_reads<C: Connection>(jobs: &mut Jobs, runner: &Runner<C>, database: &Ident) {
        jobs.spawn(introspect::procedures(runner.clone(), database.clone()));
    }

    fn import(&self, w: &Writer<'_>, schema: Option<&SchemaName>) -> Entry {
        let p = self;
                let mut e = Entry::new("procedure");
                e.set("name", w.text(&w.short(&p.name, schema)));
                w.comment(&mut e, &p.comment);
                if !p.arguments.is_empty() {
                    let arguments: Vec<String> = p
                        .arguments
                        .iter()
                        .map(|a| {
                            w.table(&[
                                ("name".to_string(), w.text(&a.name.to_sql())),
                                ("type".to_string(), w.text(&a.data_type.to_string())),
                            ])
                        })
                        .collect();
                    e.set("arguments", format!("[{}]", arguments.join(", ")));
                }
                e.set("returns", w.text(p.returns.text()));
                e.set("language", w.text(&p.language));
                e.set("execute_as", w.text(&p.execute_as.to_string()));
                e.set("body", w.sql(p.body.text()));
                e
    }
}
