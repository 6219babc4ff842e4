//! `[adls]` → the lake provider's settings.

use url::Url;

use crate::config::AdlsConfig;
use crate::config::connection::{AdlsAuthMode, AzureCredential, ConnectionProblem};
use crate::providers::adls::{AdlsAuth, AdlsSettings, ArmSettings, CredentialKind, LakeSettings};

/// A setting the `[adls]` section lacks or gets wrong.
#[derive(Debug, thiserror::Error)]
pub enum LakeSetupError {
    /// The rules `validate` checks too ([`AdlsConfig::problems`]).
    #[error("{}", join(.0))]
    Rules(Vec<ConnectionProblem>),
    #[error("[adls] {key} {endpoint:?} is not a URL: {source}")]
    Endpoint {
        key: &'static str,
        endpoint: String,
        source: url::ParseError,
    },
}

fn join(problems: &[ConnectionProblem]) -> String {
    let texts: Vec<String> = problems.iter().map(ToString::to_string).collect();
    texts.join("; ")
}

pub(super) fn settings(config: &AdlsConfig) -> Result<LakeSettings, LakeSetupError> {
    // The same rules `validate` reported; here nothing is deferred any more.
    let problems = config.problems(&|_| false);
    if !problems.is_empty() {
        return Err(LakeSetupError::Rules(problems));
    }
    if let Some(dir) = &config.sandbox {
        return Ok(LakeSettings::Sandbox { dir: dir.clone() });
    }
    let rules = || LakeSetupError::Rules(config.problems(&|_| false));
    let credential = || match config.credential.unwrap_or(AzureCredential::Cli) {
        AzureCredential::Cli => CredentialKind::Cli,
        AzureCredential::ManagedIdentity => CredentialKind::ManagedIdentity {
            client_id: std::env::var("AZURE_CLIENT_ID").ok(),
        },
        AzureCredential::WorkloadIdentity => CredentialKind::WorkloadIdentity,
        AzureCredential::ClientSecret => CredentialKind::ClientSecret,
    };
    let auth = match config.auth.ok_or_else(rules)? {
        AdlsAuthMode::SharedKey => AdlsAuth::SharedKey {
            account_key: config.account_key.clone().ok_or_else(rules)?,
        },
        AdlsAuthMode::Sas => AdlsAuth::Sas {
            token: config.sas_token.clone().ok_or_else(rules)?,
        },
        AdlsAuthMode::AzureIdentity => AdlsAuth::AzureIdentity {
            credential: credential(),
        },
    };
    let url = |key: &'static str, value: &Option<String>| {
        value
            .as_deref()
            .map(|e| {
                Url::parse(e).map_err(|source| LakeSetupError::Endpoint {
                    key,
                    endpoint: e.to_string(),
                    source,
                })
            })
            .transpose()
    };
    let arm = match (&config.subscription_id, &config.resource_group) {
        (Some(subscription_id), Some(resource_group)) => Some(ArmSettings {
            subscription_id: subscription_id.clone(),
            resource_group: resource_group.clone(),
            endpoint: url("management_endpoint", &config.management_endpoint)?,
            credential: credential(),
        }),
        _ => None,
    };
    let account = config.account.clone().ok_or_else(rules)?;
    Ok(LakeSettings::Account(Box::new(AdlsSettings {
        account,
        endpoint: url("endpoint", &config.endpoint)?,
        dfs_endpoint: None,
        queue_endpoint: url("queue_endpoint", &config.queue_endpoint)?,
        auth,
        arm,
    })))
}
