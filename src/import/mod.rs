//! Import: adopting what already exists. A scope of a live account (`DB` or `DB.SCHEMA`)
//! is read and written out as schema files that declare exactly what is there, so that
//! the plan that follows is empty.
//!
//! `scope` says what is covered, `selection` picks the live objects (plus the warehouses
//! and integrations they reference), `files` renders them as TOML with the environment's
//! variables written back (`variables`), and `write` puts them on disk without
//! overwriting anything unless forced. Import reads; it never changes the account.
//!
//! Import also bootstraps the project around the files, so that no hand edit stands
//! between it and an empty plan: `project` finds what the environment's files already
//! declare (not written twice) and `lakeform init`'s untouched placeholder; `lake`
//! decides, for each container the imported stages use, whether it is declared from the
//! lake or listed under `external`, which `env_file` adds to the environment file.

pub(crate) mod entry;
pub(crate) mod env_file;
pub(crate) mod files;
pub(crate) mod lake;
pub(crate) mod literals;
pub(crate) mod project;
pub(crate) mod scope;
pub(crate) mod selection;
pub(crate) mod toml_text;
pub(crate) mod variables;
pub(crate) mod write;

use std::collections::{BTreeMap, BTreeSet};

pub(crate) use files::SchemaFile;
pub(crate) use scope::ImportScope;

use crate::kinds::stage::AzureLocation;
use crate::model::identifier::Ident;
use crate::model::{Address, LiveState, Object, Resource};
use crate::providers::snowflake::client::SnowflakeClient;
use crate::providers::snowflake::introspect::IntrospectError;
use crate::providers::snowflake::live::read_live;
use variables::Substitution;

/// How many introspection statements run at once.
const CONCURRENCY: usize = 16;

#[derive(Debug, thiserror::Error)]
pub(crate) enum ImportError {
    #[error("cannot read {scope} from Snowflake: {source}")]
    Read {
        scope: String,
        // Boxed: introspection errors are large and this one is rare.
        source: Box<IntrospectError>,
    },
    #[error("database {0} does not exist (or this role cannot see it)")]
    NoDatabase(String),
    #[error("schema {0} does not exist (or this role cannot see it)")]
    NoSchema(String),
}

/// What an import produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Imported {
    pub(crate) files: Vec<SchemaFile>,
    /// Objects of the scope not written because the environment's files already declare
    /// them, with where (`file:line:column`).
    pub(crate) already_declared: Vec<(Address, String)>,
    /// Lake containers the imported stages point at, each with the storage accounts their
    /// URLs name. The scope is a Snowflake database, so they are not in `files`: [`lake`]
    /// decides how they are adopted.
    pub(crate) containers: BTreeMap<String, BTreeSet<String>>,
    /// String literals in SQL bodies holding a variable's value in another case: kept as
    /// written, and to be rewritten by hand before promoting.
    pub(crate) literal_mentions: Vec<literals::LiteralMention>,
}

/// Reads what `scope` imports from the live account.
pub(crate) async fn read(
    client: &SnowflakeClient,
    scope: &ImportScope,
) -> Result<LiveState, ImportError> {
    read_live(client, &scope.introspection(), CONCURRENCY)
        .await
        .map_err(|source| ImportError::Read {
            scope: scope.to_string(),
            source: Box::new(source),
        })
}

/// The schema files for `scope` out of an already read live state. Objects in
/// `declared` (address → where it is declared) are left out: the project declares them
/// already, and a second declaration would be a duplicate.
pub(crate) fn render(
    live: &LiveState,
    scope: &ImportScope,
    vars: &BTreeMap<String, String>,
    declared: &BTreeMap<Address, String>,
    deploy_role: Option<&Ident>,
) -> Result<Imported, ImportError> {
    let mut selection = selection::select(live, scope)
        .ok_or_else(|| ImportError::NoDatabase(scope.database.to_string()))?;
    if scope.schema.is_some() && selection.schemas.is_empty() {
        return Err(ImportError::NoSchema(scope.to_string()));
    }
    // Every stage counts, declared already or not: its container must be adopted too.
    let mut containers: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for location in selection
        .schemas
        .values()
        .flat_map(|contents| &contents.objects)
        .filter_map(|object| match object {
            Object::Stage(stage) => stage.url.as_deref().and_then(AzureLocation::parse),
            _ => None,
        })
    {
        containers
            .entry(location.container)
            .or_default()
            .insert(location.account);
    }
    let mut already_declared = Vec::new();
    let mut keep = |object: &Object| match declared.get(&object.address()) {
        Some(at) => {
            already_declared.push((object.address(), at.clone()));
            false
        }
        None => true,
    };
    selection.account.retain(&mut keep);
    for contents in selection.schemas.values_mut() {
        if contents.schema.as_ref().is_some_and(|s| !keep(s)) {
            contents.schema = None;
        }
        contents.objects.retain(&mut keep);
    }
    let substitution = Substitution::new(vars);
    let objects = selection.schemas.values().flat_map(|c| &c.objects);
    // `owner` is written only where the live owner is not the role the import runs as
    // (the environment's `[snowflake] role`): that role owns what lakeform creates, so
    // writing it everywhere would be noise, while another owner is a fact the project
    // must keep. Without a role named, the session's role is unknown and no owner is
    // written: the owners stay unmanaged.
    let owner_of = |object: &Object| -> Option<Ident> {
        crate::kinds::owner::object_type(object.kind())?;
        let deploy = deploy_role?;
        live.owners
            .get(&object.address())
            .filter(|owner| *owner != deploy)
            .cloned()
    };
    Ok(Imported {
        literal_mentions: literals::mentions(objects, &substitution),
        files: files::render(&selection, &substitution, &scope.to_string(), &owner_of),
        already_declared,
        containers,
    })
}
