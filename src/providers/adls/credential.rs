//! Entra ID bearer tokens through `azure_identity` — for Azure Storage, and for Azure
//! Resource Manager (Event Grid subscriptions) — cached until shortly before they expire
//! so that a plan or apply asks the identity provider once per scope.
//!
//! The credential kind is chosen by config (see [`CredentialKind`]); `azure_identity` 1.x
//! has no chained default credential, and lakeform does not guess one: an explicit choice
//! is easier to debug in CI than a chain that silently picks the wrong identity.

use super::error::AdlsError;
use super::settings::CredentialKind;
use crate::secret::Secret;
use azure_core::credentials::TokenCredential;
use azure_identity::{
    AzureCliCredential, ClientSecretCredential, ManagedIdentityCredential,
    ManagedIdentityCredentialOptions, UserAssignedId, WorkloadIdentityCredential,
};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::Mutex;

/// The OAuth scope of Azure Storage.
pub(super) const STORAGE_SCOPE: &str = "https://storage.azure.com/.default";
/// The OAuth scope of Azure Resource Manager
/// (https://learn.microsoft.com/rest/api/azure/#create-the-request).
pub(super) const MANAGEMENT_SCOPE: &str = "https://management.azure.com/.default";

/// What a token is for: the scope asked for, and the service named in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Audience {
    pub(crate) scope: &'static str,
    pub(crate) service: &'static str,
}

impl Audience {
    pub(crate) const STORAGE: Audience = Audience {
        scope: STORAGE_SCOPE,
        service: "Azure Storage",
    };
    pub(crate) const MANAGEMENT: Audience = Audience {
        scope: MANAGEMENT_SCOPE,
        service: "Azure Resource Manager",
    };
}
/// A cached token is refreshed when it has less than this left.
const REFRESH_MARGIN: Duration = Duration::from_secs(300);

struct CachedToken {
    token: Secret,
    expires_at_unix: i64,
}

/// A source of bearer tokens for storage requests.
pub(crate) struct BearerTokens {
    kind: CredentialKind,
    audience: Audience,
    credential: Arc<dyn TokenCredential>,
    cache: Mutex<Option<CachedToken>>,
}

impl std::fmt::Debug for BearerTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BearerTokens")
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

impl BearerTokens {
    /// Builds the credential; reads the standard `AZURE_*` environment variables.
    pub(crate) fn new(kind: &CredentialKind, audience: Audience) -> Result<Self, AdlsError> {
        let fail = |e: azure_core::Error| AdlsError::Credential {
            service: audience.service,
            credential: kind.name().to_owned(),
            detail: e.to_string(),
        };
        let credential: Arc<dyn TokenCredential> = match kind {
            CredentialKind::Cli => AzureCliCredential::new(None).map_err(fail)?,
            CredentialKind::ManagedIdentity { client_id } => {
                let client_id = client_id
                    .clone()
                    .or_else(|| std::env::var("AZURE_CLIENT_ID").ok());
                let options = ManagedIdentityCredentialOptions {
                    user_assigned_id: client_id.map(UserAssignedId::ClientId),
                    ..Default::default()
                };
                ManagedIdentityCredential::new(Some(options)).map_err(fail)?
            }
            CredentialKind::WorkloadIdentity => {
                WorkloadIdentityCredential::new(None).map_err(fail)?
            }
            CredentialKind::ClientSecret => {
                let var = |name: &str| {
                    std::env::var(name).map_err(|_| AdlsError::Credential {
                        service: audience.service,
                        credential: kind.name().to_owned(),
                        detail: format!("environment variable {name} is not set"),
                    })
                };
                let tenant = var("AZURE_TENANT_ID")?;
                let client = var("AZURE_CLIENT_ID")?;
                let secret = azure_core::credentials::Secret::new(var("AZURE_CLIENT_SECRET")?);
                ClientSecretCredential::new(&tenant, client, secret, None).map_err(fail)?
            }
        };
        Ok(Self::from_credential(kind.clone(), credential, audience))
    }

    /// Tokens from a given credential (tests hand in one that answers without Azure).
    pub(crate) fn from_credential(
        kind: CredentialKind,
        credential: Arc<dyn TokenCredential>,
        audience: Audience,
    ) -> Self {
        BearerTokens {
            kind,
            audience,
            credential,
            cache: Mutex::new(None),
        }
    }

    /// A valid token, from the cache when it has more than the refresh margin left.
    pub(crate) async fn token(&self) -> Result<Secret, AdlsError> {
        let mut cache = self.cache.lock().await;
        let now = unix_now();
        if let Some(cached) = cache.as_ref()
            && cached.expires_at_unix - now > REFRESH_MARGIN.as_secs() as i64
        {
            return Ok(cached.token.clone());
        }
        let fresh = self
            .credential
            .get_token(&[self.audience.scope], None)
            .await
            .map_err(|e| AdlsError::Credential {
                service: self.audience.service,
                credential: self.kind.name().to_owned(),
                detail: e.to_string(),
            })?;
        let token = Secret::new(fresh.token.secret());
        *cache = Some(CachedToken {
            token: token.clone(),
            expires_at_unix: fresh.expires_on.unix_timestamp(),
        });
        Ok(token)
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use azure_core::credentials::{AccessToken, TokenRequestOptions};
    use azure_core::time::{Duration as TokenDuration, OffsetDateTime};
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Hands out numbered tokens valid for `lifetime`, counting the calls.
    #[derive(Debug)]
    struct Counting {
        calls: AtomicUsize,
        lifetime: TokenDuration,
    }

    impl TokenCredential for Counting {
        fn get_token<'a, 'b, 'c, 'd, 'f>(
            &'a self,
            scopes: &'b [&'c str],
            _options: Option<TokenRequestOptions<'d>>,
        ) -> Pin<Box<dyn Future<Output = azure_core::Result<AccessToken>> + Send + 'f>>
        where
            'a: 'f,
            'b: 'f,
            'c: 'f,
            'd: 'f,
        {
            Box::pin(async move {
                assert_eq!(scopes, [STORAGE_SCOPE]);
                let n = self.calls.fetch_add(1, Ordering::SeqCst);
                Ok(AccessToken::new(
                    format!("token-{n}"),
                    OffsetDateTime::now_utc() + self.lifetime,
                ))
            })
        }
    }

    fn tokens(lifetime: TokenDuration) -> (BearerTokens, Arc<Counting>) {
        let fake = Arc::new(Counting {
            calls: AtomicUsize::new(0),
            lifetime,
        });
        (
            BearerTokens::from_credential(CredentialKind::Cli, fake.clone(), Audience::STORAGE),
            fake,
        )
    }

    #[tokio::test]
    async fn a_token_is_reused_until_near_expiry() {
        let (tokens, fake) = tokens(TokenDuration::hours(1));
        assert_eq!(tokens.token().await.unwrap().expose(), "token-0");
        assert_eq!(tokens.token().await.unwrap().expose(), "token-0");
        assert_eq!(fake.calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_token_near_expiry_is_refreshed() {
        let (tokens, fake) = tokens(TokenDuration::minutes(2));
        assert_eq!(tokens.token().await.unwrap().expose(), "token-0");
        assert_eq!(tokens.token().await.unwrap().expose(), "token-1");
        assert_eq!(fake.calls.load(Ordering::SeqCst), 2);
    }
}
