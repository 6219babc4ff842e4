//! Object kinds: each kind lakeform manages is one module implementing [`ObjectKind`], and
//! one line of the `registry!` at the bottom of this file.
//!
//! A kind's module holds everything about it, the way a Terraform provider implements one
//! resource: its model (the canonical, comparable form), its TOML entry (`Raw`) and how an
//! entry is resolved and validated, its attribute diff (what changes in place and with
//! which statement, what forces a replacement, with the tier and the reason), its DDL, how
//! its introspection rows are read, and how `import` writes it back. The stages —
//! configuration, plan, introspection, import — know no kind by name for these steps: they
//! call what the registry generates ([`Object`]'s methods and the dispatch functions
//! below), and the registry is the only list of kinds.
//!
//! Adding a kind is therefore: the new module (`src/kinds/<key>.rs` or `<key>/mod.rs`), one
//! registry line, and its tests; the sandbox has its own registry for the emulator's side
//! (see `sandbox::catalog`). The README's "Adding a kind" section walks through it.

use serde::de::DeserializeOwned;

use crate::config::resolve::{Ctx, Declared};
use crate::import::entry::{Entry, Writer};
use crate::model::identifier::{Ident, SchemaName};
use crate::model::{Lifecycle, Provider, Resource};
use crate::plan::Step;
use crate::plan::diff::{DiffError, Edits, Settings};
use crate::providers::snowflake::ddl::{CreateMode, DdlError};
use crate::providers::snowflake::introspect::Jobs;
use crate::providers::snowflake::introspect::connection::{Connection, Runner};
use crate::sql::references::QualifiedUse;

#[macro_use]
mod registry;

/// What comparing one live object with its desired form may need beyond the two objects.
pub(crate) struct DiffCx<'a> {
    pub(crate) settings: &'a Settings,
    /// The desired object's lifecycle keys (column renames, consent).
    pub(crate) lifecycle: &'a Lifecycle,
    /// Whether a desired stream reads this object (a rebuilt table then loses its offset).
    pub(crate) streamed: bool,
}

/// The interface every kind implements: read (introspection), plan (resolve + diff),
/// apply (steps and DDL) and import. Defaults cover what most Snowflake kinds share.
pub(crate) trait ObjectKind: Resource + Clone + Into<Object> + Sized {
    /// How Snowflake's DDL names the kind (`FILE FORMAT`).
    const SQL_KEYWORD: &'static str;
    /// Which provider owns the kind.
    const PROVIDER: Provider = Provider::Snowflake;
    /// Whether objects of the kind live inside a schema (`DB.SCHEMA.NAME`).
    const SCHEMA_LEVEL: bool = false;

    /// Words that, written after an object's name in a SQL expression, name an object of
    /// this kind (`SEQ.NEXTVAL`): a column default using one depends on that object.
    const EXPRESSION_WORDS: &'static [&'static str] = &[];

    /// The `[[key]]` entry of a schema file, as serde reads it (unknown keys refused).
    type Raw: DeserializeOwned + schemars::JsonSchema;

    /// Resolves and validates one entry; problems go to `ctx` as diagnostics and yield
    /// no object.
    fn resolve(raw: Self::Raw, ctx: &mut Ctx<'_>) -> Option<Declared>;

    /// The attributes that differ, the action and tier that follow, and the steps.
    fn diff(live: &Self, desired: &Self, _cx: &DiffCx<'_>) -> Result<Edits, DiffError>;

    /// The statement creating the object (`CREATE` or `CREATE OR REPLACE`).
    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError>;

    /// How ALTER and DROP name the object.
    fn reference(&self) -> Result<String, DdlError>;

    /// The name a rename gives the object (`RENAME TO <this>`).
    fn rename_target(&self) -> Result<String, DdlError> {
        self.reference()
    }

    /// The steps creating the object.
    fn create_steps(&self, _settings: &Settings) -> Result<Vec<Step>, DiffError> {
        Ok(vec![Step::sql(self.create_sql(CreateMode::Create)?)])
    }

    /// The steps dropping the object, adding to `reasons` what they do beyond the drop.
    fn drop_steps(
        &self,
        _settings: &Settings,
        _reasons: &mut Vec<String>,
    ) -> Result<Vec<Step>, DiffError> {
        Ok(vec![Step::sql(format!(
            "DROP {} {}",
            Self::SQL_KEYWORD,
            self.reference()?
        ))])
    }

    /// Spawns the listings that read the kind in one database; account-level kinds are
    /// read once by the introspection itself and spawn nothing.
    fn spawn_reads<C: Connection>(_jobs: &mut Jobs, _runner: &Runner<C>, _database: &Ident) {}

    /// The object as a `[[key]]` table for `import`; `schema` is the file's default
    /// schema, against which names are written short.
    fn import(&self, writer: &Writer<'_>, schema: Option<&SchemaName>) -> Entry;
}

/// The objects `sql` (an expression) names through a kind's [`ObjectKind::EXPRESSION_WORDS`]
/// (`SILVER.SEQ.NEXTVAL`), with the kind each word names. An expression that does not
/// tokenize names nothing here; the expression checks report it.
pub(crate) fn objects_in_expression(sql: &str) -> Vec<(Kind, QualifiedUse)> {
    let words = expression_words();
    let words: Vec<&str> = words.iter().map(|(word, _)| *word).collect();
    crate::sql::references::qualified_uses(sql, &words)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|found| {
            expression_words()
                .into_iter()
                .find(|(word, _)| word.eq_ignore_ascii_case(&found.word))
                .map(|(_, kind)| (kind, found))
        })
        .collect()
}

registry! {
    /// ADLS Gen2 containers (file systems).
    container => Container,
    /// Snowflake virtual warehouses.
    warehouse => Warehouse,
    /// Snowflake storage integrations for Azure.
    storage_integration => StorageIntegration,
    /// Snowflake databases.
    database => Database,
    /// Snowflake schemas (`DB.SCHEMA`, or `SCHEMA` under `[defaults] database`).
    schema => Schema,
    /// Named file formats (CSV, JSON, PARQUET).
    file_format => FileFormat,
    /// Stages: external on an Azure container, or internal.
    stage => Stage,
    /// Tables and their columns.
    table => Table,
    /// Streams on tables.
    stream => Stream,
    /// Snowflake Scripting procedures.
    procedure => Procedure,
    /// Tasks and task graphs.
    task => Task,
    /// Views.
    view => View,
}
