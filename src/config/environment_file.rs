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
pub(crate) struct RawEnvironmentFile {
    /// Globs relative to the environment file.
    #[serde(default)]
    pub(crate) include: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) prune: bool,
    #[serde(default)]
    pub(crate) backup: Option<bool>,
    #[serde(default)]
    pub(crate) external: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) snowflake: Option<RawSnowflake>,
    #[serde(default)]
    pub(crate) adls: Option<RawAdls>,
}

/// `[snowflake]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSnowflake {
    pub(crate) account: Option<String>,
    pub(crate) user: Option<String>,
    pub(crate) role: Option<String>,
    pub(crate) warehouse: Option<String>,
    pub(crate) authenticator: Option<Spanned<String>>,
    pub(crate) private_key_file: Option<Spanned<String>>,
    pub(crate) private_key_passphrase: Option<String>,
    pub(crate) token: Option<String>,
    pub(crate) oauth_scope: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) sandbox: Option<String>,
    /// How many introspection statements may be in flight at once (see
    /// `platform::INTROSPECTION_CONCURRENCY`, the default).
    pub(crate) max_concurrency: Option<Spanned<i64>>,
}

/// `[adls]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAdls {
    pub(crate) account: Option<String>,
    pub(crate) auth: Option<Spanned<String>>,
    pub(crate) credential: Option<Spanned<String>>,
    pub(crate) account_key: Option<String>,
    pub(crate) sas_token: Option<String>,
    pub(crate) endpoint: Option<String>,
    pub(crate) queue_endpoint: Option<String>,
    pub(crate) subscription_id: Option<String>,
    pub(crate) resource_group: Option<String>,
    pub(crate) management_endpoint: Option<String>,
    pub(crate) lock_container: Option<String>,
    pub(crate) sandbox: Option<String>,
}
