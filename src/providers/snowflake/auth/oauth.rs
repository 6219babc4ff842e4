//! OAuth bearer tokens for Snowflake: a static token from configuration, or a token from
//! Microsoft Entra ID for a Snowflake External OAuth security integration.
//!
//! Entra ID tokens come from `azure_identity` credentials (client secret, workload
//! identity, managed identity, Azure CLI). The scope is configuration, typically
//! `https://<app-id-uri>/session:scope:<role>` or `api://<app-id>/.default`; one scope per
//! request. The credentials cache their tokens and renew them before expiry, so asking for
//! a token per HTTP request is cheap. This module does not create the security integration.

use std::fmt;
use std::sync::Arc;

use azure_core::credentials::TokenCredential;
use azure_identity::{
    AzureCliCredential, ClientSecretCredential, ManagedIdentityCredential,
    ManagedIdentityCredentialOptions, UserAssignedId, WorkloadIdentityCredential,
};

use crate::secret::Secret;

/// Where an OAuth token comes from.
#[derive(Clone, Debug)]
pub enum OAuthToken {
    /// A token obtained elsewhere, e.g. `token = "${env:SNOWFLAKE_OAUTH_TOKEN}"`.
    Static(Secret),
    /// A token requested from Entra ID for `scope` on every use (cached by the credential).
    EntraId {
        scope: String,
        credential: EntraCredential,
    },
}

/// An Entra ID identity that `azure_identity` can get tokens for.
#[derive(Clone, Debug)]
pub enum EntraCredential {
    /// A service principal with a client secret (`AZURE_TENANT_ID`, `AZURE_CLIENT_ID`,
    /// `AZURE_CLIENT_SECRET`; see [`EntraCredential::client_secret_from_env`]).
    ClientSecret {
        tenant_id: String,
        client_id: String,
        client_secret: Secret,
    },
    /// Kubernetes workload identity, configured by `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`
    /// and `AZURE_FEDERATED_TOKEN_FILE` (set by the AKS webhook).
    WorkloadIdentity,
    /// The managed identity of the VM / App Service; `client_id` picks a user-assigned one.
    ManagedIdentity { client_id: Option<String> },
    /// The identity logged in with `az login`.
    AzureCli,
}

/// Why an Entra ID token could not be obtained.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntraError {
    #[error("environment variable {name} is not set (needed for the {credential} credential)")]
    MissingEnv {
        name: &'static str,
        credential: &'static str,
    },
    #[error("the Entra ID scope for Snowflake External OAuth is empty")]
    EmptyScope,
    #[error("could not set up the Entra ID {credential} credential: {detail}")]
    Setup {
        credential: &'static str,
        detail: String,
    },
    #[error(
        "could not get an Entra ID token for scope {scope} with the {credential} credential: {detail}"
    )]
    Token {
        credential: &'static str,
        scope: String,
        detail: String,
    },
}

impl EntraCredential {
    /// A client-secret credential from `AZURE_TENANT_ID`, `AZURE_CLIENT_ID` and
    /// `AZURE_CLIENT_SECRET`, read through `lookup` (pass `|n| std::env::var(n).ok()`).
    #[cfg(test)]
    pub(crate) fn client_secret_from_env(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, EntraError> {
        let get = |name: &'static str| {
            lookup(name)
                .filter(|v| !v.trim().is_empty())
                .ok_or(EntraError::MissingEnv {
                    name,
                    credential: "client secret",
                })
        };
        Ok(EntraCredential::ClientSecret {
            tenant_id: get("AZURE_TENANT_ID")?,
            client_id: get("AZURE_CLIENT_ID")?,
            client_secret: Secret::new(get("AZURE_CLIENT_SECRET")?),
        })
    }

    /// A short name for messages.
    pub(crate) fn label(&self) -> &'static str {
        match self {
            EntraCredential::ClientSecret { .. } => "client secret",
            EntraCredential::WorkloadIdentity => "workload identity",
            EntraCredential::ManagedIdentity { .. } => "managed identity",
            EntraCredential::AzureCli => "Azure CLI",
        }
    }

    fn build(&self) -> azure_core::Result<Arc<dyn TokenCredential>> {
        Ok(match self {
            EntraCredential::ClientSecret {
                tenant_id,
                client_id,
                client_secret,
            } => ClientSecretCredential::new(
                tenant_id,
                client_id.clone(),
                azure_core::credentials::Secret::new(client_secret.expose().to_string()),
                None,
            )?,
            EntraCredential::WorkloadIdentity => WorkloadIdentityCredential::new(None)?,
            EntraCredential::ManagedIdentity { client_id } => {
                ManagedIdentityCredential::new(Some(ManagedIdentityCredentialOptions {
                    user_assigned_id: client_id.clone().map(UserAssignedId::ClientId),
                    ..Default::default()
                }))?
            }
            EntraCredential::AzureCli => AzureCliCredential::new(None)?,
        })
    }
}

/// A live Entra ID credential bound to one scope.
pub(crate) struct EntraTokenSource {
    scope: String,
    label: &'static str,
    credential: Arc<dyn TokenCredential>,
}

impl EntraTokenSource {
    pub(crate) fn new(scope: &str, credential: &EntraCredential) -> Result<Self, EntraError> {
        let scope = scope.trim();
        if scope.is_empty() {
            return Err(EntraError::EmptyScope);
        }
        let label = credential.label();
        let built = credential.build().map_err(|e| EntraError::Setup {
            credential: label,
            detail: e.to_string(),
        })?;
        Ok(EntraTokenSource {
            scope: scope.to_string(),
            label,
            credential: built,
        })
    }

    /// A current access token for the scope.
    pub(crate) async fn token(&self) -> Result<Secret, EntraError> {
        let token = self
            .credential
            .get_token(&[self.scope.as_str()], None)
            .await
            .map_err(|e| EntraError::Token {
                credential: self.label,
                scope: self.scope.clone(),
                detail: e.to_string(),
            })?;
        Ok(Secret::new(token.token.secret()))
    }
}

impl fmt::Debug for EntraTokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EntraTokenSource")
            .field("scope", &self.scope)
            .field("credential", &self.label)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_secret_from_env_names_the_missing_variable() {
        let err = EntraCredential::client_secret_from_env(|name| {
            (name == "AZURE_TENANT_ID").then(|| "tenant".to_string())
        })
        .unwrap_err();
        assert_eq!(
            err,
            EntraError::MissingEnv {
                name: "AZURE_CLIENT_ID",
                credential: "client secret"
            }
        );
    }

    #[test]
    fn client_secret_from_env_keeps_the_secret_hidden() {
        let credential =
            EntraCredential::client_secret_from_env(|name| Some(format!("value-of-{name}")))
                .unwrap();
        let shown = format!("{credential:?}");
        assert!(shown.contains("value-of-AZURE_CLIENT_ID"));
        assert!(!shown.contains("value-of-AZURE_CLIENT_SECRET"));
    }

    #[test]
    fn empty_scope_is_refused_before_any_request() {
        let err = EntraTokenSource::new("  ", &EntraCredential::AzureCli).unwrap_err();
        assert_eq!(err, EntraError::EmptyScope);
    }

    #[test]
    fn client_secret_credential_is_built_without_network() {
        let credential = EntraCredential::ClientSecret {
            tenant_id: "00000000-0000-0000-0000-000000000000".into(),
            client_id: "app".into(),
            client_secret: Secret::new("s3cret"),
        };
        let source =
            EntraTokenSource::new("api://snowflake/session:scope:SYSADMIN", &credential).unwrap();
        assert!(!format!("{source:?}").contains("s3cret"));
    }
}
