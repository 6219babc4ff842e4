//! `[adls]` → the lake provider's settings.

use url::Url;

use crate::config::AdlsConfig;
use crate::config::connection::{AdlsAuth as ConfiguredAuth, AzureCredential};
use crate::providers::adls::{AdlsAuth, AdlsSettings, CredentialKind, LakeSettings};

/// A setting the `[adls]` section lacks or gets wrong.
#[derive(Debug, thiserror::Error)]
#[error("[adls] {0}")]
pub struct LakeSetupError(String);

pub fn settings(config: &AdlsConfig) -> Result<LakeSettings, LakeSetupError> {
    if let Some(dir) = &config.sandbox {
        return Ok(LakeSettings::Sandbox { dir: dir.clone() });
    }
    let missing = |key: &str| LakeSetupError(format!("needs `{key}`"));
    let auth = match config.auth.ok_or_else(|| missing("auth"))? {
        ConfiguredAuth::SharedKey => AdlsAuth::SharedKey {
            account_key: config
                .account_key
                .clone()
                .ok_or_else(|| missing("account_key"))?,
        },
        ConfiguredAuth::Sas => AdlsAuth::Sas {
            token: config
                .sas_token
                .clone()
                .ok_or_else(|| missing("sas_token"))?,
        },
        ConfiguredAuth::AzureIdentity => AdlsAuth::AzureIdentity {
            credential: match config.credential.unwrap_or(AzureCredential::Cli) {
                AzureCredential::Cli => CredentialKind::Cli,
                AzureCredential::ManagedIdentity => CredentialKind::ManagedIdentity {
                    client_id: std::env::var("AZURE_CLIENT_ID").ok(),
                },
                AzureCredential::WorkloadIdentity => CredentialKind::WorkloadIdentity,
                AzureCredential::ClientSecret => CredentialKind::ClientSecret,
            },
        },
    };
    let endpoint = config
        .endpoint
        .as_deref()
        .map(|e| {
            Url::parse(e)
                .map_err(|error| LakeSetupError(format!("endpoint {e:?} is not a URL: {error}")))
        })
        .transpose()?;
    let account = config.account.clone().ok_or_else(|| missing("account"))?;
    Ok(LakeSettings::Account(Box::new(AdlsSettings {
        account,
        endpoint,
        dfs_endpoint: None,
        auth,
    })))
}
