//! The resolved `[snowflake]` and `[adls]` sections: plain settings with secrets wrapped
//! in [`Secret`] and sandbox paths made absolute against the project directory.
//!
//! These say *what* the environment connects to; building HTTP clients and credentials
//! from them is the providers' job.

use std::collections::BTreeSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::secret::Secret;

use super::diagnostic::Diagnostic;
use super::environment_file::{RawAdls, RawSnowflake};
use super::source::SourceFile;
use toml::Spanned;

/// How lakeform authenticates to Snowflake.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Authenticator {
    /// Key-pair JWT (`private_key_file`, optional `private_key_passphrase`).
    Keypair,
    /// OAuth bearer token (`token`, or one obtained for `oauth_scope`).
    Oauth,
    /// Programmatic access token (`token`).
    Pat,
}

/// `[snowflake]` of an environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnowflakeConfig {
    pub account: Option<String>,
    pub user: Option<String>,
    pub role: Option<String>,
    pub warehouse: Option<String>,
    /// `None` only with `sandbox`.
    pub authenticator: Option<Authenticator>,
    /// Relative paths are resolved against the project directory.
    pub private_key_file: Option<PathBuf>,
    pub private_key_passphrase: Option<Secret>,
    pub token: Option<Secret>,
    pub oauth_scope: Option<String>,
    /// Overrides the account URL (a standalone sandbox, a private-link host).
    pub url: Option<String>,
    /// The embedded emulator's state directory (absolute); excludes the keys above.
    pub sandbox: Option<PathBuf>,
}

/// How lakeform authenticates to ADLS.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdlsAuth {
    AzureIdentity,
    SharedKey,
    Sas,
}

/// Which Entra ID credential `auth = "azure_identity"` uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AzureCredential {
    Cli,
    ManagedIdentity,
    WorkloadIdentity,
    ClientSecret,
}

/// `[adls]` of an environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdlsConfig {
    pub account: Option<String>,
    /// `None` only with `sandbox`.
    pub auth: Option<AdlsAuth>,
    /// With `auth = "azure_identity"`; `None` lets the provider choose its default chain.
    pub credential: Option<AzureCredential>,
    pub account_key: Option<Secret>,
    pub sas_token: Option<Secret>,
    /// Overrides the account URL (Azurite, sovereign clouds).
    pub endpoint: Option<String>,
    /// The container holding the apply lock blob.
    pub lock_container: Option<String>,
    /// The local lake directory (absolute); excludes the keys above.
    pub sandbox: Option<PathBuf>,
}

/// Where a section is, and which of its keys were left out because their environment
/// variable is not set (they count as present for the "needs" checks).
pub struct Section<'a> {
    pub span: Range<usize>,
    pub deferred: &'a BTreeSet<String>,
}

/// Resolves `[snowflake]`; problems about missing keys point at the section.
pub fn snowflake(
    raw: RawSnowflake,
    section: Section<'_>,
    project_dir: &Path,
    file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> SnowflakeConfig {
    let authenticator = raw.authenticator.as_ref().and_then(|a| {
        choice(
            a,
            &[
                ("keypair", Authenticator::Keypair),
                ("oauth", Authenticator::Oauth),
                ("pat", Authenticator::Pat),
            ],
            "[snowflake] authenticator",
            file,
            diagnostics,
        )
    });
    let config = SnowflakeConfig {
        account: raw.account,
        user: raw.user,
        role: raw.role,
        warehouse: raw.warehouse,
        authenticator,
        private_key_file: raw.private_key_file.map(|p| resolve_path(project_dir, &p)),
        private_key_passphrase: raw.private_key_passphrase.map(Secret::new),
        token: raw.token.map(Secret::new),
        oauth_scope: raw.oauth_scope,
        url: raw.url,
        sandbox: raw.sandbox.map(|p| resolve_path(project_dir, &p)),
    };
    let has = |present: bool, key: &str| present || section.deferred.contains(key);
    let mut problem = |message: &str| {
        diagnostics.push(Diagnostic::at(
            file.locate(section.span.clone()),
            message.to_string(),
        ));
    };
    if config.sandbox.is_some() {
        if config.account.is_some() || config.url.is_some() || raw.authenticator.is_some() {
            problem(
                "[snowflake] sets `sandbox` together with `account`, `url` or `authenticator`: choose the sandbox or a real account",
            );
        }
        return config;
    }
    if !has(config.account.is_some(), "account") && !has(config.url.is_some(), "url") {
        problem("[snowflake] needs `account` (or `url`), or `sandbox` for the embedded emulator");
    }
    if raw.authenticator.is_none() {
        problem("[snowflake] needs `authenticator` (keypair, oauth or pat)");
    }
    match authenticator {
        Some(Authenticator::Keypair)
            if !has(config.private_key_file.is_some(), "private_key_file") =>
        {
            problem("[snowflake] authenticator = \"keypair\" needs `private_key_file`")
        }
        Some(Authenticator::Pat) if !has(config.token.is_some(), "token") => {
            problem("[snowflake] authenticator = \"pat\" needs `token`")
        }
        Some(Authenticator::Oauth)
            if !has(config.token.is_some(), "token")
                && !has(config.oauth_scope.is_some(), "oauth_scope") =>
        {
            problem("[snowflake] authenticator = \"oauth\" needs `token` or `oauth_scope`")
        }
        _ => {}
    }
    config
}

/// Resolves `[adls]`; problems about missing keys point at the section.
pub fn adls(
    raw: RawAdls,
    section: Section<'_>,
    project_dir: &Path,
    file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> AdlsConfig {
    let auth = raw.auth.as_ref().and_then(|a| {
        choice(
            a,
            &[
                ("azure_identity", AdlsAuth::AzureIdentity),
                ("shared_key", AdlsAuth::SharedKey),
                ("sas", AdlsAuth::Sas),
            ],
            "[adls] auth",
            file,
            diagnostics,
        )
    });
    let credential = raw.credential.as_ref().and_then(|c| {
        choice(
            c,
            &[
                ("cli", AzureCredential::Cli),
                ("managed_identity", AzureCredential::ManagedIdentity),
                ("workload_identity", AzureCredential::WorkloadIdentity),
                ("client_secret", AzureCredential::ClientSecret),
            ],
            "[adls] credential",
            file,
            diagnostics,
        )
    });
    let config = AdlsConfig {
        account: raw.account,
        auth,
        credential,
        account_key: raw.account_key.map(Secret::new),
        sas_token: raw.sas_token.map(Secret::new),
        endpoint: raw.endpoint,
        lock_container: raw.lock_container,
        sandbox: raw.sandbox.map(|p| resolve_path(project_dir, &p)),
    };
    let has = |present: bool, key: &str| present || section.deferred.contains(key);
    let mut problem = |message: &str| {
        diagnostics.push(Diagnostic::at(
            file.locate(section.span.clone()),
            message.to_string(),
        ));
    };
    if config.sandbox.is_some() {
        if config.account.is_some() || config.endpoint.is_some() || raw.auth.is_some() {
            problem(
                "[adls] sets `sandbox` together with `account`, `endpoint` or `auth`: choose the local lake or a real account",
            );
        }
        return config;
    }
    if !has(config.account.is_some(), "account") {
        problem("[adls] needs `account`, or `sandbox` for a local lake");
    }
    if raw.auth.is_none() {
        problem("[adls] needs `auth` (azure_identity, shared_key or sas)");
    }
    match auth {
        Some(AdlsAuth::SharedKey) if !has(config.account_key.is_some(), "account_key") => {
            problem("[adls] auth = \"shared_key\" needs `account_key`")
        }
        Some(AdlsAuth::Sas) if !has(config.sas_token.is_some(), "sas_token") => {
            problem("[adls] auth = \"sas\" needs `sas_token`")
        }
        _ => {}
    }
    if config.credential.is_some() && auth != Some(AdlsAuth::AzureIdentity) {
        problem("[adls] `credential` applies only to auth = \"azure_identity\"");
    }
    config
}

/// `path` against the (absolute) project directory; `./` components are dropped so the
/// result reads cleanly in messages.
fn resolve_path(project_dir: &Path, path: &str) -> PathBuf {
    project_dir
        .join(path)
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// One of a fixed set of words; anything else is a diagnostic listing the choices.
fn choice<T: Copy>(
    value: &Spanned<String>,
    choices: &[(&str, T)],
    what: &str,
    file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    let text = value.get_ref();
    let found = choices
        .iter()
        .find(|(word, _)| word.eq_ignore_ascii_case(text.trim()))
        .map(|(_, v)| *v);
    if found.is_none() {
        let words: Vec<&str> = choices.iter().map(|(w, _)| *w).collect();
        // A value read from the environment is a secret: the message does not repeat it
        // (the source line, shown under it, holds the `${env:…}` as written).
        let message = if file.slice(value.span()).contains("${env:") {
            format!("invalid {what} (the value of an environment variable, not shown)")
        } else {
            format!("invalid {what} {text:?}")
        };
        diagnostics.push(
            Diagnostic::at(file.locate(value.span()), message)
                .with_help(format!("expected one of: {}", words.join(", "))),
        );
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw_snowflake(text: &str) -> RawSnowflake {
        toml::from_str(text).unwrap()
    }

    fn resolve(text: &str, deferred: &[&str]) -> (SnowflakeConfig, Vec<String>) {
        let file = SourceFile::new("environments/x.toml".into(), text.to_string());
        let deferred: BTreeSet<String> = deferred.iter().map(|d| d.to_string()).collect();
        let mut diagnostics = Vec::new();
        let section = Section {
            span: 0..0,
            deferred: &deferred,
        };
        let config = snowflake(
            raw_snowflake(text),
            section,
            Path::new("/project"),
            &file,
            &mut diagnostics,
        );
        (config, diagnostics.into_iter().map(|d| d.message).collect())
    }

    #[test]
    fn sandbox_paths_resolve_against_the_project() {
        let (config, problems) = resolve("sandbox = \".lakeform/sandbox\"", &[]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            config.sandbox,
            Some(PathBuf::from("/project/.lakeform/sandbox"))
        );
    }

    #[test]
    fn secrets_are_wrapped() {
        let (config, problems) = resolve(
            "account = \"A\"\nauthenticator = \"PAT\"\ntoken = \"tok-1\"",
            &[],
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.authenticator, Some(Authenticator::Pat));
        assert_eq!(format!("{config:?}").matches("tok-1").count(), 0);
        assert_eq!(config.token.as_ref().map(Secret::expose), Some("tok-1"));
    }

    #[test]
    fn required_keys_unless_their_variable_is_merely_unset() {
        let (_, problems) = resolve("account = \"A\"\nauthenticator = \"keypair\"", &[]);
        assert_eq!(
            problems,
            ["[snowflake] authenticator = \"keypair\" needs `private_key_file`"]
        );
        let (_, problems) = resolve(
            "account = \"A\"\nauthenticator = \"keypair\"",
            &["private_key_file"],
        );
        assert!(problems.is_empty(), "{problems:?}");
        let (_, problems) = resolve("sandbox = \"s\"\naccount = \"A\"", &[]);
        assert_eq!(problems.len(), 1);
    }
}
