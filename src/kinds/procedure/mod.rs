//! A Snowflake Scripting procedure.
//!
//! The kind's parts: `model`, the canonical form (re-exported here); `entry`, the
//! `[[procedure]]` entry and its resolution; `diff`, the attribute diff; `ddl`, the
//! statements; `read`, the parsing of its introspection rows. This module joins them behind
//! [`ObjectKind`] and writes the kind back for `import`.

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared};
use crate::import::entry::{Entry, Writer};
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::model::identifier::{Ident, SchemaName};
use crate::plan::diff::{DiffError, Edits};
use crate::providers::snowflake::introspect::connection::{Connection, Runner};
use crate::providers::snowflake::introspect::{self, Jobs};
use entry::RawProcedure;

pub mod ddl;
pub(crate) mod diff;
pub(crate) mod entry;
mod model;
pub mod read;

pub use model::*;

impl ObjectKind for Procedure {
    const SQL_KEYWORD: &'static str = "PROCEDURE";
    const SCHEMA_LEVEL: bool = true;
    type Raw = RawProcedure;

    fn resolve(raw: RawProcedure, ctx: &mut Ctx<'_>) -> Option<Declared> {
        entry::resolve(raw, ctx)
    }

    fn diff(live: &Procedure, desired: &Procedure, _cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        diff::diff(live, desired)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(ddl::create(self, mode))
    }

    fn reference(&self) -> Result<String, DdlError> {
        Ok(self.signature())
    }

    fn rename_target(&self) -> Result<String, DdlError> {
        Ok(self.name.to_string())
    }

    fn spawn_reads<C: Connection>(jobs: &mut Jobs, runner: &Runner<C>, database: &Ident) {
        introspect::spawn_objects(jobs, read::procedures(runner.clone(), database.clone()));
    }

    fn import(&self, w: &Writer<'_>, schema: Option<&SchemaName>) -> Entry {
        let p = self;
        let mut e = Entry::new("procedure");
        e.set("name", w.text(&w.short(&p.name, schema)));
        w.comment(&mut e, &p.comment);
        if !p.arguments.is_empty() {
            e.set("arguments", import_arguments(w, &p.arguments));
        }
        e.set("returns", w.text(p.returns.text()));
        e.set("language", w.text(&p.language));
        e.set("execute_as", w.text(&p.execute_as.to_string()));
        e.set("body", w.sql(p.body.text()));
        e
    }
}

/// An argument list as `import` writes it (a procedure's `arguments`, a policy's
/// `signature`): `[{ name = "…", type = "…" }, …]`.
pub(crate) fn import_arguments(w: &Writer<'_>, arguments: &[Argument]) -> String {
    let arguments: Vec<String> = arguments
        .iter()
        .map(|a| {
            w.table(&[
                ("name".to_string(), w.text(&a.name.to_sql())),
                ("type".to_string(), w.text(&a.data_type.to_string())),
            ])
        })
        .collect();
    format!("[{}]", arguments.join(", "))
}
