//! Import: adopting what already exists. A scope of a live account (`DB` or `DB.SCHEMA`)
//! is read and written out as schema files that declare exactly what is there, so that
//! the plan that follows is empty.
//!
//! `scope` says what is covered, `selection` picks the live objects (plus the warehouses
//! and integrations they reference), `files` renders them as TOML with the environment's
//! variables written back (`variables`), and `write` puts them on disk without
//! overwriting anything unless forced. Import reads; it never changes the account.

pub mod files;
pub mod literals;
pub mod scope;
pub mod selection;
pub mod toml_text;
pub mod variables;
pub mod write;

use std::collections::{BTreeMap, BTreeSet};

pub use files::SchemaFile;
pub use scope::ImportScope;

use crate::model::stage::AzureLocation;
use crate::model::{LiveState, Object};
use crate::providers::snowflake::client::SnowflakeClient;
use crate::providers::snowflake::introspect::IntrospectError;
use crate::providers::snowflake::live::read_live;
use variables::Substitution;

/// How many introspection statements run at once.
const CONCURRENCY: usize = 16;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
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
pub struct Imported {
    pub files: Vec<SchemaFile>,
    /// Lake containers the imported stages point at. They are not imported (the scope is
    /// a Snowflake database, and a container the lake side does not declare would be
    /// created by the next apply): the user declares them with `[[container]]` or lists
    /// them under `external`.
    pub containers: Vec<String>,
    /// String literals in SQL bodies holding a variable's value in another case: kept as
    /// written, and to be rewritten by hand before promoting.
    pub literal_mentions: Vec<literals::LiteralMention>,
}

/// Reads `scope` live and renders its schema files, `vars` written back as `${name}`.
pub async fn import(
    client: &SnowflakeClient,
    scope: &ImportScope,
    vars: &BTreeMap<String, String>,
) -> Result<Imported, ImportError> {
    let live = read_live(client, &scope.introspection(), CONCURRENCY)
        .await
        .map_err(|source| ImportError::Read {
            scope: scope.to_string(),
            source: Box::new(source),
        })?;
    render(&live, scope, vars)
}

/// The schema files for `scope` out of an already read live state.
pub fn render(
    live: &LiveState,
    scope: &ImportScope,
    vars: &BTreeMap<String, String>,
) -> Result<Imported, ImportError> {
    let selection = selection::select(live, scope)
        .ok_or_else(|| ImportError::NoDatabase(scope.database.to_string()))?;
    if scope.schema.is_some() && selection.schemas.is_empty() {
        return Err(ImportError::NoSchema(scope.to_string()));
    }
    let containers: BTreeSet<String> = selection
        .schemas
        .values()
        .flat_map(|contents| &contents.objects)
        .filter_map(|object| match object {
            Object::Stage(stage) => stage.url.as_deref().and_then(AzureLocation::parse),
            _ => None,
        })
        .map(|location| location.container)
        .collect();
    let substitution = Substitution::new(vars);
    let objects = selection.schemas.values().flat_map(|c| &c.objects);
    Ok(Imported {
        literal_mentions: literals::mentions(objects, &substitution),
        files: files::render(&selection, &substitution, &scope.to_string()),
        containers: containers.into_iter().collect(),
    })
}
