//! Object kinds: each kind lakeform manages is one module implementing [`ObjectKind`], and
//! one line of the `registry!` at the bottom of this file.
//!
//! A kind's module holds everything about it, the way a Terraform provider implements one
//! resource. A small kind can be one file, `src/kinds/<key>.rs`; the kinds with more to
//! say are a folder, `src/kinds/<key>/`, with the same parts in every folder:
//!
//! * `mod.rs`: the [`ObjectKind`] implementation (keyword, provider, level, the steps
//!   that create and drop it, the listings that read it) and how `import` writes it back;
//!   it re-exports the model, so the kind's types are `crate::kinds::<key>::<Type>`;
//! * `model.rs`: the canonical, comparable form shared by desired and live state;
//! * `entry.rs`: the `[[key]]` TOML entry (`Raw…`, declared with
//!   `config::schema_file::object_entry!`) and how it is resolved and validated;
//! * `diff.rs`: the attribute diff — what changes in place and with which statement, what
//!   forces a replacement, with the tier and the reason;
//! * `ddl.rs`: the kind's statements (the table kind adds `rebuild.rs`: the
//!   data-preserving rebuild, its scratch and backup names);
//! * `read.rs`: the parsing of its introspection rows, and its listing where it needs
//!   more than one SHOW (the table kind adds `column.rs`).
//!
//! What every kind shares stays here, once: [`ddl`] (`CreateMode`, `DdlError`, create,
//! replace, drop, rename, set comment) and `crate::sql::quote`; the resolver context
//! (`config::resolve`), the diff's `Edits` and the plan's steps (`plan::diff`), the
//! listings' runner (`providers::snowflake::introspect`). The stages — configuration,
//! plan, introspection, import — know no kind by name for these steps: they call what the
//! registry generates ([`Object`]'s methods and the dispatch functions below), and the
//! registry is the only list of kinds. Cross-kind rules stay with the stage that owns
//! them (a replaced schema's contents, `plan::diff::containers`; task graphs,
//! `plan::task_graphs`), calling into the kinds for the statements.
//!
//! Adding a kind is therefore: the new module, one registry line, and its tests; the
//! sandbox has its own registry for the emulator's side (see `sandbox::catalog`). The
//! README's "Adding a kind" section walks through it.

use serde::de::DeserializeOwned;

use crate::config::resolve::{Ctx, Declared};
use crate::import::entry::{Entry, Writer};
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::model::identifier::{Ident, SchemaName};
use crate::model::{Lifecycle, Provider, Resource};
use crate::plan::Step;
use crate::plan::diff::{DiffError, Edits, Settings};
use crate::providers::snowflake::introspect::connection::{Connection, Runner};
use crate::providers::snowflake::introspect::record::Record;
use crate::providers::snowflake::introspect::{self, IntrospectError, Jobs, Listing};
use crate::sql::references::QualifiedUse;

pub mod ddl;
pub(crate) mod owner;
pub(crate) mod policy;

#[macro_use]
mod registry;

/// What comparing one live object with its desired form may need beyond the two objects.
pub(crate) struct DiffCx<'a> {
    pub(crate) settings: &'a Settings,
    /// The desired object's lifecycle keys (column renames, consent).
    pub(crate) lifecycle: &'a Lifecycle,
    /// Whether a desired stream reads this object (a rebuilt table then loses its offset).
    pub(crate) streamed: bool,
    /// The whole desired state and live state: what a grant on ALL objects of a type in
    /// a container reaches.
    pub(crate) states: &'a role::grant::States<'a>,
}

/// The variant of [`Kind`] a model type is, implemented for each by the registry.
pub(crate) trait Registered {
    const KIND: Kind;
}

/// The interface every kind implements: read (introspection), plan (resolve + diff),
/// apply (steps and DDL) and import. Defaults cover what most Snowflake kinds share.
pub(crate) trait ObjectKind: Registered + Resource + Clone + Into<Object> + Sized {
    /// How Snowflake's DDL names the kind (`FILE FORMAT`).
    const SQL_KEYWORD: &'static str;
    /// Which provider owns the kind.
    const PROVIDER: Provider = Provider::Snowflake;
    /// Whether objects of the kind live inside a schema (`DB.SCHEMA.NAME`).
    const SCHEMA_LEVEL: bool = false;

    /// Whether the kind's replacement (a change whose action is `Replace`) keeps the
    /// object's grants: its `CREATE OR REPLACE` says `COPY GRANTS`. Snowflake drops a
    /// replaced object's grants otherwise
    /// (https://docs.snowflake.com/en/sql-reference/sql/create, usage notes), and the
    /// plan grants the declared ones again after it (`role::grant::States::recreated`).
    /// Only kinds whose CREATE has the clause can say so (views, dynamic tables); a table
    /// is rebuilt by `ALTER TABLE … SWAP WITH`, which takes the grants away with the old
    /// table (`table::rebuild`).
    const REPLACE_COPIES_GRANTS: bool = false;

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

    /// How ALTER and DROP name the object: by default its address's name, which is
    /// already the SQL rendering of its (quoted where needed) qualified name.
    fn reference(&self) -> Result<String, DdlError> {
        Ok(self.address().name)
    }

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

    /// The one SHOW that lists the kind in `database`, when one does; its rows are read
    /// with [`ObjectKind::parse_row`]. `None` for a kind read another way (see
    /// [`ObjectKind::spawn_reads`]) or once per account by the introspection itself.
    fn listing(_database: &Ident) -> Option<Listing> {
        None
    }

    /// One row of [`ObjectKind::listing`] as the object; `None` skips the row.
    fn parse_row(_record: &Record<'_>) -> Result<Option<Self>, IntrospectError> {
        Ok(None)
    }

    /// Spawns the reads of the kind in one database: by default its
    /// [`ObjectKind::listing`]; a kind that needs more (a DESCRIBE each, a second query)
    /// spawns its own.
    fn spawn_reads<C: Connection>(jobs: &mut Jobs, runner: &Runner<C>, database: &Ident) {
        if let Some(listing) = Self::listing(database) {
            jobs.spawn(introspect::listing(
                runner.clone(),
                listing,
                Self::KIND,
                |record| Ok(Self::parse_row(record)?.map(Into::into)),
            ));
        }
    }

    /// The object as a `[[key]]` table for `import`; `schema` is the file's default
    /// schema, against which names are written short.
    fn import(&self, writer: &Writer<'_>, schema: Option<&SchemaName>) -> Entry;
}

/// The objects `sql` (an expression) names through a kind's [`ObjectKind::EXPRESSION_WORDS`]
/// (`SILVER.SEQ.NEXTVAL`), with the kind each word names. An expression that does not
/// tokenize names nothing here; the expression checks report it.
pub(crate) fn objects_in_expression(sql: &str) -> Vec<(Kind, QualifiedUse)> {
    let kinds = expression_words();
    // Table references ask this of every column default on every plan: most defaults
    // hold no such word at all, and are not tokenized.
    let words: Vec<&str> = kinds
        .iter()
        .map(|(word, _)| *word)
        .filter(|word| {
            sql.as_bytes()
                .windows(word.len())
                .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
        })
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    crate::sql::references::qualified_uses(sql, &words)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|found| {
            kinds
                .iter()
                .find(|(word, _)| word.eq_ignore_ascii_case(&found.word))
                .map(|(_, kind)| (*kind, found))
        })
        .collect()
}

registry! {
    /// ADLS Gen2 containers (file systems).
    container => Container,
    /// Storage queues in the lake's account (Snowpipe auto-ingest's notification queue).
    storage_queue => StorageQueue,
    /// Event Grid subscriptions on the lake's account, delivering blob events to a queue.
    event_subscription => EventSubscription,
    /// Snowflake virtual warehouses.
    warehouse => Warehouse,
    /// Snowflake storage integrations for Azure.
    storage_integration => StorageIntegration,
    /// Snowflake notification integrations: inbound Azure storage queue, outbound e-mail.
    notification_integration => NotificationIntegration,
    /// Snowflake databases.
    database => Database,
    /// Snowflake schemas (`DB.SCHEMA`, or `SCHEMA` under `[defaults] database`).
    schema => Schema,
    /// Named file formats (CSV, JSON, PARQUET).
    file_format => FileFormat,
    /// Stages: external on an Azure container, or internal.
    stage => Stage,
    /// Sequences (`start`, `increment`, `order`).
    sequence => Sequence,
    /// Tables and their columns.
    table => Table,
    /// Streams on tables.
    stream => Stream,
    /// Snowflake Scripting procedures.
    procedure => Procedure,
    /// Tasks and task graphs.
    task => Task,
    /// Snowpipe pipes (a COPY statement, auto-ingest through a notification integration).
    pipe => Pipe,
    /// Views.
    view => View,
    /// Dynamic tables (a query kept fresh within a target lag).
    dynamic_table => DynamicTable,
    /// Alerts (a scheduled condition and the action it triggers).
    alert => Alert,
    /// Account roles: comment, hierarchy (`member_of`) and privileges.
    role => Role,
    /// Database roles (`DATABASE.ROLE`): comment, `member_of` and privileges in their
    /// database.
    database_role => DatabaseRole,
    /// Masking policies (signature, return type, body), set on table columns.
    masking_policy => MaskingPolicy,
    /// Row access policies (signature, boolean body), added to tables.
    row_access_policy => RowAccessPolicy,
    /// Tags (allowed values, comment), set on tables, views and columns with `tags`.
    tag => Tag,
    /// Custom data metric functions (a table argument, a NUMBER body), run on tables and
    /// views with `data_metrics`.
    data_metric_function => DataMetricFunction,
}

/// A kind's attribute diff with the settings the kinds' unit tests share: no prune,
/// backups on, the epoch as "now", an unstreamed object with the default lifecycle, and
/// empty desired and live states around it.
#[cfg(test)]
pub(crate) fn diff_in_test<K: ObjectKind>(live: &K, desired: &K) -> Edits {
    let settings = Settings {
        prune: false,
        backup: true,
        now: jiff::Timestamp::UNIX_EPOCH,
        namespace: crate::providers::adls::Namespace::Hierarchical,
        lock_container: "lakeform-locks".into(),
        deploy_role: None,
    };
    let lifecycle = Lifecycle::default();
    let (desired_state, live_state): (crate::model::DesiredState, crate::model::LiveState) =
        Default::default();
    let states = role::grant::States::new(&desired_state, &live_state);
    let cx = DiffCx {
        settings: &settings,
        lifecycle: &lifecycle,
        streamed: false,
        states: &states,
    };
    #[allow(clippy::unwrap_used)] // test code: a failed diff is a failed test
    K::diff(live, desired, &cx).unwrap()
}
