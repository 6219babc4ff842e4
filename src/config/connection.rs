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
    pub(crate) user: Option<String>,
    pub(crate) role: Option<String>,
    pub(crate) warehouse: Option<String>,
    /// `None` only with `sandbox`.
    pub authenticator: Option<Authenticator>,
    /// Relative paths are resolved against the project directory.
    pub private_key_file: Option<PathBuf>,
    pub(crate) private_key_passphrase: Option<Secret>,
    pub(crate) token: Option<Secret>,
    pub(crate) oauth_scope: Option<String>,
    /// Overrides the account URL (a standalone sandbox, a private-link host).
    pub(crate) url: Option<String>,
    /// The embedded emulator's state directory (absolute); excludes the keys above.
    pub sandbox: Option<PathBuf>,
    /// `max_concurrency`: how many statements reading the account may be in flight at
    /// once; `None` for the default (`platform::INTROSPECTION_CONCURRENCY`).
    pub(crate) max_concurrency: Option<usize>,
}

/// `auth = "…"` of `[adls]`: which way lakeform authenticates to ADLS (the provider's
/// `AdlsAuth` carries the credential itself).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AdlsAuthMode {
    AzureIdentity,
    SharedKey,
    Sas,
}

/// Which Entra ID credential `auth = "azure_identity"` uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AzureCredential {
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
    pub(crate) auth: Option<AdlsAuthMode>,
    /// With `auth = "azure_identity"`; `None` lets the provider choose its default chain.
    pub(crate) credential: Option<AzureCredential>,
    pub(crate) account_key: Option<Secret>,
    pub(crate) sas_token: Option<Secret>,
    /// Overrides the account URL (Azurite, sovereign clouds).
    pub(crate) endpoint: Option<String>,
    /// Overrides the Queue service URL (Azurite serves it on its own port).
    pub(crate) queue_endpoint: Option<String>,
    /// The Azure subscription holding the storage account, for Event Grid (ARM).
    pub(crate) subscription_id: Option<String>,
    /// The resource group holding the storage account, for Event Grid (ARM).
    pub(crate) resource_group: Option<String>,
    /// Overrides `https://management.azure.com` (sovereign clouds).
    pub(crate) management_endpoint: Option<String>,
    /// The container holding the apply lock blob.
    pub(crate) lock_container: Option<String>,
    /// The local lake directory (absolute); excludes the keys above.
    pub sandbox: Option<PathBuf>,
}

/// Where a section is, and which of its keys were left out because their environment
/// variable is not set (they count as present for the "needs" checks).
pub(crate) struct Section<'a> {
    pub(crate) span: Range<usize>,
    pub(crate) deferred: &'a BTreeSet<String>,
}

/// The largest `max_concurrency`: Snowflake documents no limit for the SQL API (see
/// `platform::INTROSPECTION_CONCURRENCY`), so this only keeps a typo (`3200`) from opening
/// thousands of connections at once.
const MAX_CONCURRENCY: usize = 256;

/// Resolves `[snowflake]`; problems about missing keys point at the section.
pub(crate) fn snowflake(
    raw: RawSnowflake,
    section: Section<'_>,
    project_dir: &Path,
    file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> SnowflakeConfig {
    let raw_authenticator_written = raw.authenticator.is_some();
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
    let key_file_written = raw.private_key_file.is_some();
    let private_key_file = raw.private_key_file.and_then(|path| {
        if path.get_ref().trim().is_empty() {
            diagnostics.push(empty_key_file_path(&path, file));
            return None;
        }
        Some(resolve_path(project_dir, path.get_ref()))
    });
    let max_concurrency = raw
        .max_concurrency
        .and_then(|n| match usize::try_from(*n.get_ref()) {
            Ok(n @ 1..=MAX_CONCURRENCY) => Some(n),
            _ => {
                diagnostics.push(
                    Diagnostic::at(
                        file.locate(n.span()),
                        format!(
                            "[snowflake] max_concurrency must be between 1 and {MAX_CONCURRENCY}"
                        ),
                    )
                    .with_help(
                        "the number of statements read at once; leave it out for the default",
                    ),
                );
                None
            }
        });
    let config = SnowflakeConfig {
        account: raw.account,
        user: raw.user,
        role: raw.role,
        warehouse: raw.warehouse,
        authenticator,
        private_key_file,
        private_key_passphrase: raw.private_key_passphrase.map(Secret::new),
        token: raw.token.map(Secret::new),
        oauth_scope: raw.oauth_scope,
        url: raw.url,
        sandbox: raw.sandbox.map(|p| resolve_path(project_dir, &p)),
        max_concurrency,
    };
    // A key whose `${env:…}` is unset, or whose word is not one of the choices (already
    // reported), is written: the rules ask only about what the file leaves out.
    let written = |key: &str| {
        section.deferred.contains(key)
            || (key == "authenticator" && raw_authenticator_written)
            || (key == "private_key_file" && key_file_written)
    };
    report(config.problems(&written), &section, file, diagnostics);
    config
}

/// Resolves `[adls]`; problems about missing keys point at the section.
pub(crate) fn adls(
    raw: RawAdls,
    section: Section<'_>,
    project_dir: &Path,
    file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> AdlsConfig {
    let raw_auth_written = raw.auth.is_some();
    let auth = raw.auth.as_ref().and_then(|a| {
        choice(
            a,
            &[
                ("azure_identity", AdlsAuthMode::AzureIdentity),
                ("shared_key", AdlsAuthMode::SharedKey),
                ("sas", AdlsAuthMode::Sas),
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
        queue_endpoint: raw.queue_endpoint,
        subscription_id: raw.subscription_id,
        resource_group: raw.resource_group,
        management_endpoint: raw.management_endpoint,
        lock_container: raw.lock_container,
        sandbox: raw.sandbox.map(|p| resolve_path(project_dir, &p)),
    };
    let written = |key: &str| section.deferred.contains(key) || (key == "auth" && raw_auth_written);
    report(config.problems(&written), &section, file, diagnostics);
    config
}

/// Each broken rule as a diagnostic at the section.
fn report(
    problems: Vec<ConnectionProblem>,
    section: &Section<'_>,
    file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) {
    diagnostics.extend(
        problems
            .into_iter()
            .map(|p| Diagnostic::at(file.locate(section.span.clone()), p.0)),
    );
}

/// A rule of a connection section that a configuration breaks, worded for the user
/// (``[snowflake] authenticator = "pat" needs `token` ``).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConnectionProblem(String);

/// One rule of a connection section: broken when it `applies` and none of `any_of` is
/// present (an empty `any_of` is never satisfied: the rule forbids what `applies` says).
struct Rule {
    applies: bool,
    any_of: &'static [&'static str],
    message: &'static str,
}

/// The rules broken, in order. `present` says whether a key has a value.
fn broken(rules: &[Rule], present: &dyn Fn(&str) -> bool) -> Vec<ConnectionProblem> {
    rules
        .iter()
        .filter(|rule| rule.applies && !rule.any_of.iter().any(|key| present(key)))
        .map(|rule| ConnectionProblem(rule.message.to_string()))
        .collect()
}

impl SnowflakeConfig {
    /// The rules of `[snowflake]` this configuration breaks: the one place they are
    /// decided. `validate` reports them at the section (with `written` naming keys whose
    /// value is left out but written: an unset `${env:…}`, an invalid choice); connecting
    /// refuses with them (`written` says nothing). Both therefore agree on every rule.
    ///
    /// Only key-pair authentication needs `user`: the JWT's `iss` and `sub` claims name
    /// it. A programmatic access token or an OAuth token identifies its user itself; the
    /// SQL API takes it as `Authorization: Bearer <token>` with no user
    /// (<https://docs.snowflake.com/en/developer-guide/sql-api/authenticating>,
    /// <https://docs.snowflake.com/en/user-guide/programmatic-access-tokens>).
    pub(crate) fn problems(&self, written: &dyn Fn(&str) -> bool) -> Vec<ConnectionProblem> {
        let present = |key: &str| {
            written(key)
                || match key {
                    "account" => self.account.is_some(),
                    "url" => self.url.is_some(),
                    "user" => self.user.is_some(),
                    "authenticator" => self.authenticator.is_some(),
                    "private_key_file" => self.private_key_file.is_some(),
                    "token" => self.token.is_some(),
                    "oauth_scope" => self.oauth_scope.is_some(),
                    _ => false,
                }
        };
        let sandbox = self.sandbox.is_some();
        let auth = self.authenticator;
        broken(
            &[
                Rule {
                    applies: sandbox
                        && ["account", "url", "authenticator"]
                            .iter()
                            .any(|k| present(k)),
                    any_of: &[],
                    message: "[snowflake] sets `sandbox` together with `account`, `url` or `authenticator`: choose the sandbox or a real account",
                },
                Rule {
                    applies: !sandbox,
                    any_of: &["account", "url"],
                    message: "[snowflake] needs `account` (or `url`), or `sandbox` for the embedded emulator",
                },
                Rule {
                    applies: !sandbox,
                    any_of: &["authenticator"],
                    message: "[snowflake] needs `authenticator` (keypair, oauth or pat)",
                },
                Rule {
                    applies: !sandbox && auth == Some(Authenticator::Keypair),
                    any_of: &["private_key_file"],
                    message: "[snowflake] authenticator = \"keypair\" needs `private_key_file`",
                },
                Rule {
                    applies: !sandbox && auth == Some(Authenticator::Keypair),
                    any_of: &["user"],
                    message: "[snowflake] authenticator = \"keypair\" needs `user` (the key-pair JWT names the user)",
                },
                Rule {
                    applies: !sandbox && auth == Some(Authenticator::Pat),
                    any_of: &["token"],
                    message: "[snowflake] authenticator = \"pat\" needs `token`",
                },
                Rule {
                    applies: !sandbox && auth == Some(Authenticator::Oauth),
                    any_of: &["token", "oauth_scope"],
                    message: "[snowflake] authenticator = \"oauth\" needs `token` or `oauth_scope`",
                },
            ],
            &present,
        )
    }
}

impl AdlsConfig {
    /// The rules of `[adls]` this configuration breaks; see [`SnowflakeConfig::problems`].
    pub(crate) fn problems(&self, written: &dyn Fn(&str) -> bool) -> Vec<ConnectionProblem> {
        let present = |key: &str| {
            written(key)
                || match key {
                    "account" => self.account.is_some(),
                    "endpoint" => self.endpoint.is_some(),
                    "auth" => self.auth.is_some(),
                    "account_key" => self.account_key.is_some(),
                    "sas_token" => self.sas_token.is_some(),
                    "queue_endpoint" => self.queue_endpoint.is_some(),
                    "subscription_id" => self.subscription_id.is_some(),
                    "resource_group" => self.resource_group.is_some(),
                    "management_endpoint" => self.management_endpoint.is_some(),
                    _ => false,
                }
        };
        let sandbox = self.sandbox.is_some();
        let auth = self.auth;
        let arm = present("subscription_id") || present("resource_group");
        broken(
            &[
                Rule {
                    applies: sandbox && ["account", "endpoint", "auth"].iter().any(|k| present(k)),
                    any_of: &[],
                    message: "[adls] sets `sandbox` together with `account`, `endpoint` or `auth`: choose the local lake or a real account",
                },
                Rule {
                    applies: sandbox
                        && [
                            "queue_endpoint",
                            "subscription_id",
                            "resource_group",
                            "management_endpoint",
                        ]
                        .iter()
                        .any(|k| present(k)),
                    any_of: &[],
                    message: "[adls] sets `sandbox` together with `queue_endpoint`, `subscription_id`, `resource_group` or `management_endpoint`: the local lake keeps queues and Event Grid subscriptions itself",
                },
                Rule {
                    applies: !sandbox && arm,
                    any_of: &["subscription_id"],
                    message: "[adls] `resource_group` needs `subscription_id` too: together they place the storage account in Azure Resource Manager",
                },
                Rule {
                    applies: !sandbox && arm,
                    any_of: &["resource_group"],
                    message: "[adls] `subscription_id` needs `resource_group` too: together they place the storage account in Azure Resource Manager",
                },
                Rule {
                    applies: !sandbox && !arm && present("management_endpoint"),
                    any_of: &[],
                    message: "[adls] `management_endpoint` applies only with `subscription_id` and `resource_group`",
                },
                Rule {
                    applies: !sandbox,
                    any_of: &["account"],
                    message: "[adls] needs `account`, or `sandbox` for a local lake",
                },
                Rule {
                    applies: !sandbox,
                    any_of: &["auth"],
                    message: "[adls] needs `auth` (azure_identity, shared_key or sas)",
                },
                Rule {
                    applies: !sandbox && auth == Some(AdlsAuthMode::SharedKey),
                    any_of: &["account_key"],
                    message: "[adls] auth = \"shared_key\" needs `account_key`",
                },
                Rule {
                    applies: !sandbox && auth == Some(AdlsAuthMode::Sas),
                    any_of: &["sas_token"],
                    message: "[adls] auth = \"sas\" needs `sas_token`",
                },
                // Event Grid (ARM) takes Entra ID tokens only, so `credential` also
                // chooses ARM's identity when the lake itself uses a key or a SAS.
                Rule {
                    applies: !sandbox
                        && self.credential.is_some()
                        && auth != Some(AdlsAuthMode::AzureIdentity)
                        && !arm,
                    any_of: &[],
                    message: "[adls] `credential` applies only to auth = \"azure_identity\" or to Event Grid (`subscription_id`, `resource_group`)",
                },
            ],
            &present,
        )
    }
}

/// An empty `private_key_file` (typically a `${env:…}` set to ""): said as such, rather
/// than left to resolve to the project directory and fail as "Is a directory".
fn empty_key_file_path(path: &Spanned<String>, file: &SourceFile) -> Diagnostic {
    let written = file.slice(path.span());
    let variables: Vec<&str> = written
        .split("${env:")
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect();
    let message = match variables.as_slice() {
        [] => "the private key file path is empty".to_string(),
        names => format!(
            "the private key file path is empty ({} {} set but empty)",
            names.join(", "),
            if names.len() == 1 { "is" } else { "are" }
        ),
    };
    Diagnostic::at(file.locate(path.span()), message)
        .with_help("private_key_file names the PKCS#8 key file (e.g. keys/deploy.p8)")
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

    fn adls_problems(text: &str) -> Vec<String> {
        let file = SourceFile::new("environments/x.toml".into(), text.to_string());
        let deferred = BTreeSet::new();
        let mut diagnostics = Vec::new();
        let section = Section {
            span: 0..0,
            deferred: &deferred,
        };
        adls(
            toml::from_str(text).unwrap(),
            section,
            Path::new("/project"),
            &file,
            &mut diagnostics,
        );
        diagnostics.into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn event_grid_needs_both_arm_keys_and_not_the_local_lake() {
        let account = "account = \"a\"\nauth = \"shared_key\"\naccount_key = \"k\"\n";
        assert!(adls_problems(account).is_empty());
        let both = format!("{account}subscription_id = \"s\"\nresource_group = \"rg\"\n");
        assert!(adls_problems(&both).is_empty());
        // With a key for the storage services, `credential` chooses ARM's identity.
        assert!(adls_problems(&format!("{both}credential = \"managed_identity\"")).is_empty());
        assert_eq!(
            adls_problems(&format!("{account}credential = \"cli\"")),
            [
                "[adls] `credential` applies only to auth = \"azure_identity\" or to Event Grid (`subscription_id`, `resource_group`)"
            ]
        );
        let problems = adls_problems(&format!("{account}subscription_id = \"s\""));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("needs `resource_group`"),
            "{problems:?}"
        );
        let problems = adls_problems(&format!("{account}management_endpoint = \"https://m\""));
        assert_eq!(problems.len(), 1, "{problems:?}");
        let problems = adls_problems("sandbox = \"lake\"\nsubscription_id = \"s\"");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("local lake keeps queues"),
            "{problems:?}"
        );
    }

    #[test]
    fn max_concurrency_is_a_positive_number_of_statements() {
        let sandbox = "sandbox = \"s\"\n";
        assert_eq!(resolve(sandbox, &[]).0.max_concurrency, None);
        let (config, problems) = resolve(&format!("{sandbox}max_concurrency = 8"), &[]);
        assert_eq!((config.max_concurrency, problems.len()), (Some(8), 0));
        for bad in ["0", "-1", "257"] {
            let (config, problems) = resolve(&format!("{sandbox}max_concurrency = {bad}"), &[]);
            assert_eq!(config.max_concurrency, None);
            assert_eq!(
                problems,
                ["[snowflake] max_concurrency must be between 1 and 256"],
                "{bad}"
            );
        }
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
        let (_, problems) = resolve(
            "account = \"A\"\nuser = \"U\"\nauthenticator = \"keypair\"",
            &[],
        );
        assert_eq!(
            problems,
            ["[snowflake] authenticator = \"keypair\" needs `private_key_file`"]
        );
        let (_, problems) = resolve(
            "account = \"A\"\nuser = \"U\"\nauthenticator = \"keypair\"",
            &["private_key_file"],
        );
        assert!(problems.is_empty(), "{problems:?}");
        let (_, problems) = resolve("sandbox = \"s\"\naccount = \"A\"", &[]);
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn only_keypair_needs_a_user() {
        // A token names its user; the SQL API takes none beside it.
        let (config, problems) = resolve(
            "account = \"A\"\nauthenticator = \"pat\"\ntoken = \"t\"",
            &[],
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert!(config.problems(&|_| false).is_empty());
        let (_, problems) = resolve(
            "account = \"A\"\nauthenticator = \"oauth\"\noauth_scope = \"s\"",
            &[],
        );
        assert!(problems.is_empty(), "{problems:?}");
        // The key-pair JWT's `iss` and `sub` name the user.
        let (_, problems) = resolve(
            "account = \"A\"\nauthenticator = \"keypair\"\nprivate_key_file = \"k.p8\"",
            &[],
        );
        assert_eq!(
            problems,
            [
                "[snowflake] authenticator = \"keypair\" needs `user` (the key-pair JWT names the user)"
            ]
        );
    }

    #[test]
    fn validate_and_connect_apply_the_same_rules() {
        // What the loader reports is what `problems` says of the resolved section when
        // nothing is deferred: the function connecting calls.
        for text in [
            "account = \"A\"\nauthenticator = \"pat\"",
            "authenticator = \"keypair\"\nuser = \"U\"",
            "url = \"http://localhost:1\"\nauthenticator = \"oauth\"",
            "account = \"A\"\nauthenticator = \"keypair\"\nprivate_key_file = \"k\"",
            "sandbox = \"s\"\nurl = \"http://localhost:1\"",
            "account = \"A\"",
        ] {
            let (config, reported) = resolve(text, &[]);
            let at_connect: Vec<String> = config
                .problems(&|_| false)
                .iter()
                .map(ToString::to_string)
                .collect();
            assert!(!reported.is_empty(), "{text}");
            assert_eq!(reported, at_connect, "{text}");
        }
    }

    #[test]
    fn an_empty_key_file_path_names_its_variable() {
        let text = "[snowflake]\naccount = \"A\"\nuser = \"U\"\nauthenticator = \"keypair\"\nprivate_key_file = \"${env:SNOWFLAKE_PRIVATE_KEY_FILE}\"\n";
        let file = SourceFile::new("environments/x.toml".into(), text.to_string());
        let raw: RawSnowflake = toml::from_str(&text.replace("[snowflake]\n", "")).unwrap();
        // The loader substitutes the variable (set to "") before this; its span is kept.
        let mut raw = raw;
        let start = text.find("\"${env").unwrap();
        raw.private_key_file = Some(Spanned::new(start..text.len() - 1, String::new()));
        let mut diagnostics = Vec::new();
        let no_keys = BTreeSet::new();
        let config = snowflake(
            raw,
            Section {
                span: 0..text.len(),
                deferred: &no_keys,
            },
            Path::new("/project"),
            &file,
            &mut diagnostics,
        );
        assert!(config.private_key_file.is_none());
        let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            ["the private key file path is empty (SNOWFLAKE_PRIVATE_KEY_FILE is set but empty)"]
        );
        assert_eq!(
            diagnostics[0].position().unwrap(),
            "environments/x.toml:5:20"
        );
    }
}
