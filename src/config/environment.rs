//! [`Environment`]: everything one environment file and its includes declare, resolved
//! and validated — the desired state, the scope switches, the connections and the vars.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::model::{Address, DesiredState, Lifecycle, Object};

use super::connection::{AdlsConfig, SnowflakeConfig};
use super::diagnostic::{ConfigErrors, Diagnostic};
use super::external::External;

#[derive(Clone, Debug)]
pub struct Environment {
    /// The environment's name (`dev` for `environments/dev.toml`).
    pub name: String,
    /// The project directory as given (`-C`), against which paths are resolved.
    pub(crate) project_dir: PathBuf,
    pub desired: DesiredState,
    /// Drop unmanaged objects in managed databases and schemas.
    pub prune: bool,
    /// Zero-copy clone tables before destructive changes (default true).
    pub backup: bool,
    /// What may be referenced without being declared.
    pub(crate) external: External,
    pub snowflake: Option<SnowflakeConfig>,
    pub adls: Option<AdlsConfig>,
    /// `[vars]` (which cannot read `${env:…}`, so hold no secret), for writing values
    /// back as `${name}` when promoting or importing.
    pub vars: BTreeMap<String, String>,
    /// `${env:…}` in `[snowflake]` / `[adls]` that are not set, one diagnostic each. The
    /// keys using them are absent from the connection configs. Loading succeeds (nothing
    /// needs them to validate); anything that connects calls
    /// [`Environment::require_connection_variables`] first.
    pub unset_secrets: Vec<Diagnostic>,
    /// The files read, environment file first, as shown in diagnostics.
    pub files: Vec<PathBuf>,
    /// The `include` patterns as written (relative to the environment file).
    pub(crate) include: Vec<String>,
}

/// What the desired-state hash covers for one object: not where it was declared.
#[derive(Serialize)]
struct HashedObject<'a> {
    address: &'a Address,
    object: &'a Object,
    lifecycle: &'a Lifecycle,
}

impl Environment {
    /// Fails, with one located diagnostic per variable, when a connection setting uses an
    /// environment variable that is not set.
    pub fn require_connection_variables(&self) -> Result<(), ConfigErrors> {
        if self.unset_secrets.is_empty() {
            Ok(())
        } else {
            Err(ConfigErrors::new(self.unset_secrets.clone()))
        }
    }

    /// The sha256 (hex) of the canonical JSON of the desired objects and their
    /// lifecycles, in address order. Moving a declaration between files or lines does not
    /// change it; changing any declared value does.
    pub fn desired_hash(&self) -> Result<String, serde_json::Error> {
        let objects: Vec<HashedObject<'_>> = self
            .desired
            .objects
            .iter()
            .map(|(address, d)| HashedObject {
                address,
                object: &d.object,
                lifecycle: &d.lifecycle,
            })
            .collect();
        let json = serde_json::to_vec(&objects)?;
        Ok(crate::sha256::hex(json))
    }
}
