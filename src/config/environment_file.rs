//! The raw shape of an environment file (`environments/<env>.toml`): includes, scope
//! switches and the two connection sections, unknown keys rejected. `[vars]` is read
//! apart from this type, before anything else, because its values are substituted into
//! everything else.
//!
//! Values are uninterpreted here; `config::connection` and the loader give them meaning.

use toml::Spanned;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEnvironmentFile {
    /// Globs relative to the environment file.
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
    #[serde(default)]
    pub prune: bool,
    #[serde(default)]
    pub backup: Option<bool>,
    #[serde(default)]
    pub external: Vec<Spanned<String>>,
    #[serde(default)]
    pub snowflake: Option<RawSnowflake>,
    #[serde(default)]
    pub adls: Option<RawAdls>,
}

/// `[snowflake]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSnowflake {
    pub account: Option<String>,
    pub user: Option<String>,
    pub role: Option<String>,
    pub warehouse: Option<String>,
    pub authenticator: Option<Spanned<String>>,
    pub private_key_file: Option<Spanned<String>>,
    pub private_key_passphrase: Option<String>,
    pub token: Option<String>,
    pub oauth_scope: Option<String>,
    pub url: Option<String>,
    pub sandbox: Option<String>,
}

/// `[adls]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAdls {
    pub account: Option<String>,
    pub auth: Option<Spanned<String>>,
    pub credential: Option<Spanned<String>>,
    pub account_key: Option<String>,
    pub sas_token: Option<String>,
    pub endpoint: Option<String>,
    pub queue_endpoint: Option<String>,
    pub subscription_id: Option<String>,
    pub resource_group: Option<String>,
    pub management_endpoint: Option<String>,
    pub lock_container: Option<String>,
    pub sandbox: Option<String>,
}
