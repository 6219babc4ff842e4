//! Authentication for the SQL API: which credential is configured ([`Authenticator`]) and
//! the run-time source of bearer tokens built from it ([`TokenSource`]).
//!
//! Every request carries `Authorization: Bearer <token>` and
//! `X-Snowflake-Authorization-Token-Type: KEYPAIR_JWT | OAUTH | PROGRAMMATIC_ACCESS_TOKEN`.
//! Tokens are [`Secret`]s from end to end: they never reach an error, a log or `Debug`.
//! Reading key files and environment variables belongs to configuration, not here.

pub(crate) mod jwt;
pub mod oauth;
pub mod private_key;

use std::fmt;

use crate::providers::snowflake::account::AccountIdentifier;
use crate::secret::Secret;

use jwt::KeyPairJwt;
use oauth::{EntraError, EntraTokenSource, OAuthToken};
use private_key::PrivateKeyError;

/// The configured way to authenticate.
#[derive(Clone, Debug)]
pub enum Authenticator {
    /// Key-pair authentication: an RSA private key in PEM (PKCS#8, optionally encrypted
    /// with `passphrase`, or PKCS#1) whose public key is registered on the user.
    KeyPair {
        private_key_pem: Secret,
        passphrase: Option<Secret>,
    },
    /// An OAuth access token (Snowflake OAuth or External OAuth, e.g. Entra ID).
    OAuth(OAuthToken),
    /// A programmatic access token.
    Pat { token: Secret },
}

/// The value of the `X-Snowflake-Authorization-Token-Type` header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenType {
    KeyPairJwt,
    OAuth,
    ProgrammaticAccessToken,
}

impl TokenType {
    pub(crate) fn header_value(self) -> &'static str {
        match self {
            TokenType::KeyPairJwt => "KEYPAIR_JWT",
            TokenType::OAuth => "OAUTH",
            TokenType::ProgrammaticAccessToken => "PROGRAMMATIC_ACCESS_TOKEN",
        }
    }
}

impl fmt::Display for TokenType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.header_value())
    }
}

/// Why no token could be produced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("the private key {0}")]
    PrivateKey(#[from] PrivateKeyError),
    #[error("could not sign the key-pair JWT: {detail}")]
    Signing { detail: String },
    #[error("the {what} is empty")]
    EmptyToken { what: &'static str },
    #[error("the {what} contains characters that cannot be sent in an HTTP header")]
    InvalidToken { what: &'static str },
    #[error(transparent)]
    Entra(#[from] EntraError),
}

/// A token ready for the `Authorization` header.
pub(crate) struct BearerToken {
    pub(crate) token: Secret,
    pub(crate) token_type: TokenType,
}

/// Produces bearer tokens for one user, renewing them as needed. Safe to share.
pub(crate) struct TokenSource {
    kind: SourceKind,
}

enum SourceKind {
    KeyPair(Box<KeyPairJwt>),
    Static {
        token: Secret,
        token_type: TokenType,
    },
    Entra(EntraTokenSource),
}

impl TokenSource {
    /// Prepares the credential: parses and checks the key, validates static tokens, sets up
    /// the Entra credential. No network traffic happens here.
    pub(crate) fn new(
        auth: &Authenticator,
        account: &AccountIdentifier,
        user: &str,
    ) -> Result<Self, AuthError> {
        let kind = match auth {
            Authenticator::KeyPair {
                private_key_pem,
                passphrase,
            } => {
                let key = private_key::parse_private_key(private_key_pem, passphrase.as_ref())?;
                SourceKind::KeyPair(Box::new(KeyPairJwt::new(account, user, key)?))
            }
            Authenticator::OAuth(OAuthToken::Static(token)) => SourceKind::Static {
                token: checked_static(token, "OAuth token")?,
                token_type: TokenType::OAuth,
            },
            Authenticator::OAuth(OAuthToken::EntraId { scope, credential }) => {
                SourceKind::Entra(EntraTokenSource::new(scope, credential)?)
            }
            Authenticator::Pat { token } => SourceKind::Static {
                token: checked_static(token, "programmatic access token")?,
                token_type: TokenType::ProgrammaticAccessToken,
            },
        };
        Ok(TokenSource { kind })
    }

    pub(crate) fn token_type(&self) -> TokenType {
        match &self.kind {
            SourceKind::KeyPair(_) => TokenType::KeyPairJwt,
            SourceKind::Static { token_type, .. } => *token_type,
            SourceKind::Entra(_) => TokenType::OAuth,
        }
    }

    /// The key-pair signer, when this source uses one (to show the fingerprint to users).
    pub(crate) fn key_pair(&self) -> Option<&KeyPairJwt> {
        match &self.kind {
            SourceKind::KeyPair(jwt) => Some(jwt),
            _ => None,
        }
    }

    /// A token valid now.
    pub(crate) async fn bearer(&self) -> Result<BearerToken, AuthError> {
        let token = match &self.kind {
            SourceKind::KeyPair(jwt) => jwt.token()?,
            SourceKind::Static { token, .. } => token.clone(),
            SourceKind::Entra(entra) => {
                checked_static(&entra.token().await?, "Entra ID access token")?
            }
        };
        Ok(BearerToken {
            token,
            token_type: self.token_type(),
        })
    }
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            SourceKind::KeyPair(jwt) => f.debug_tuple("TokenSource").field(jwt).finish(),
            SourceKind::Static { token_type, .. } => {
                f.debug_tuple("TokenSource").field(token_type).finish()
            }
            SourceKind::Entra(entra) => f.debug_tuple("TokenSource").field(entra).finish(),
        }
    }
}

/// Trims a configured token and refuses one that could not go into a header (an env var
/// read with its trailing newline is the usual culprit, hence the trim).
fn checked_static(token: &Secret, what: &'static str) -> Result<Secret, AuthError> {
    let trimmed = token.expose().trim();
    if trimmed.is_empty() {
        return Err(AuthError::EmptyToken { what });
    }
    if !trimmed.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AuthError::InvalidToken { what });
    }
    Ok(Secret::new(trimmed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account() -> AccountIdentifier {
        AccountIdentifier::parse("myorg-acct").unwrap()
    }

    #[tokio::test]
    async fn pat_is_trimmed_and_typed() {
        let auth = Authenticator::Pat {
            token: Secret::new("pat-value\n"),
        };
        let source = TokenSource::new(&auth, &account(), "u").unwrap();
        let bearer = source.bearer().await.unwrap();
        assert_eq!(bearer.token.expose(), "pat-value");
        assert_eq!(
            bearer.token_type.header_value(),
            "PROGRAMMATIC_ACCESS_TOKEN"
        );
        assert!(!format!("{source:?}").contains("pat-value"));
    }

    #[tokio::test]
    async fn static_oauth_is_typed_oauth() {
        let auth = Authenticator::OAuth(OAuthToken::Static(Secret::new("tok")));
        let source = TokenSource::new(&auth, &account(), "u").unwrap();
        assert_eq!(source.bearer().await.unwrap().token_type, TokenType::OAuth);
    }

    #[test]
    fn unusable_static_tokens_are_refused_without_echoing_them() {
        let empty = Authenticator::Pat {
            token: Secret::new("  "),
        };
        assert_eq!(
            TokenSource::new(&empty, &account(), "u").unwrap_err(),
            AuthError::EmptyToken {
                what: "programmatic access token"
            }
        );
        let broken = Authenticator::OAuth(OAuthToken::Static(Secret::new("zqx\nwvk")));
        let err = TokenSource::new(&broken, &account(), "u").unwrap_err();
        assert!(!err.to_string().contains("zqx"));
    }
}
