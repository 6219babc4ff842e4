//! Key-pair JWTs for Snowflake, signed by hand: RS256 over base64url JSON.
//!
//! The token Snowflake expects (and the sandbox verifies) is exactly:
//!
//! * header `{"alg":"RS256","typ":"JWT"}`;
//! * claims `{"iss":"<ACCOUNT>.<USER>.SHA256:<fp>","sub":"<ACCOUNT>.<USER>","iat":<s>,"exp":<s>}`
//!   where `ACCOUNT` is [`AccountIdentifier::jwt_account`], `USER` is the login name in upper
//!   case, `fp` is the standard base64 (with padding) of the SHA-256 of the DER
//!   SubjectPublicKeyInfo of the public key, and `iat`/`exp` are Unix seconds with
//!   `exp = iat + 59 min`;
//! * signature RSASSA-PKCS1-v1_5 with SHA-256 over `base64url(header) "." base64url(claims)`,
//!   all three parts base64url without padding.
//!
//! A token is cached and reused until less than [`RENEW_MARGIN`] of its life remains. This
//! module signs; the server side (verifying) lives in the sandbox, `sandbox::http::jwt_verify`.

use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use rsa::PrivateKey;
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::EncodePublicKey;
use rsa::signature::{SignatureEncoding, Signer};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::AuthError;
use crate::providers::snowflake::account::AccountIdentifier;
use crate::secret::Secret;

/// How long a token is valid: Snowflake refuses anything over one hour.
pub(crate) const LIFETIME: Duration = Duration::from_secs(59 * 60);
/// A cached token is replaced once less than this remains of its life.
pub(crate) const RENEW_MARGIN: Duration = Duration::from_secs(5 * 60);

/// The JOSE header of every token.
pub(crate) const HEADER_JSON: &str = r#"{"alg":"RS256","typ":"JWT"}"#;

/// The claims of a Snowflake key-pair JWT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JwtClaims {
    /// `<ACCOUNT>.<USER>.SHA256:<fingerprint>`
    pub iss: String,
    /// `<ACCOUNT>.<USER>`
    pub sub: String,
    /// Issued at, Unix seconds.
    pub iat: u64,
    /// Expires at, Unix seconds.
    pub exp: u64,
}

/// `SHA256:<base64 of sha256(DER SubjectPublicKeyInfo)>`, as Snowflake shows it in
/// `DESCRIBE USER … RSA_PUBLIC_KEY_FP` and as the `iss` claim carries it.
pub(crate) fn public_key_fingerprint(spki_der: &[u8]) -> String {
    format!("SHA256:{}", STANDARD.encode(Sha256::digest(spki_der)))
}

/// Signs key-pair JWTs for one user with one key, caching the current token.
pub(crate) struct KeyPairJwt {
    subject: String,
    issuer: String,
    fingerprint: String,
    key: SigningKey<Sha256>,
    cached: Mutex<Option<CachedToken>>,
}

struct CachedToken {
    token: Secret,
    renew_after: SystemTime,
}

impl KeyPairJwt {
    /// Prepares the claims for `user` on `account`; fails only if the public key cannot be
    /// encoded, which would mean a corrupt key.
    pub(crate) fn new(
        account: &AccountIdentifier,
        user: &str,
        key: PrivateKey,
    ) -> Result<Self, AuthError> {
        let spki = key
            .to_public_key()
            .to_public_key_der()
            .map_err(|e| AuthError::Signing {
                detail: format!("could not encode the public key: {e}"),
            })?;
        let fingerprint = public_key_fingerprint(spki.as_bytes());
        let subject = format!("{}.{}", account.jwt_account(), user.trim().to_uppercase());
        Ok(KeyPairJwt {
            issuer: format!("{subject}.{fingerprint}"),
            subject,
            fingerprint,
            key: SigningKey::new(key),
            cached: Mutex::new(None),
        })
    }

    /// `SHA256:<base64>` of the public key.
    pub(crate) fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// A valid token: the cached one, or a fresh one when it is close to expiry.
    pub(crate) fn token(&self) -> Result<Secret, AuthError> {
        let now = SystemTime::now();
        if let Some(cached) = self.lock_cache().as_ref()
            && now < cached.renew_after
        {
            return Ok(cached.token.clone());
        }
        // Signed outside the lock: two tasks renewing at once both get a valid token.
        let issued_at = now
            .duration_since(UNIX_EPOCH)
            .map_err(|_| AuthError::Signing {
                detail: "the system clock is before 1970".to_string(),
            })?;
        let token = self.sign_at(issued_at.as_secs())?;
        *self.lock_cache() = Some(CachedToken {
            token: token.clone(),
            renew_after: now + (LIFETIME - RENEW_MARGIN),
        });
        Ok(token)
    }

    /// Signs a token issued at `issued_at` (Unix seconds), bypassing the cache.
    pub(crate) fn sign_at(&self, issued_at: u64) -> Result<Secret, AuthError> {
        let claims = JwtClaims {
            iss: self.issuer.clone(),
            sub: self.subject.clone(),
            iat: issued_at,
            exp: issued_at + LIFETIME.as_secs(),
        };
        let claims_json = serde_json::to_vec(&claims).map_err(|e| AuthError::Signing {
            detail: e.to_string(),
        })?;
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(HEADER_JSON),
            URL_SAFE_NO_PAD.encode(claims_json)
        );
        let signature =
            self.key
                .try_sign(signing_input.as_bytes())
                .map_err(|e| AuthError::Signing {
                    detail: e.to_string(),
                })?;
        Ok(Secret::new(format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(signature.to_bytes())
        )))
    }

    fn lock_cache(&self) -> std::sync::MutexGuard<'_, Option<CachedToken>> {
        // A panic while holding this lock cannot leave a half-written token behind, so a
        // poisoned lock is still safe to use.
        self.cached.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl std::fmt::Debug for KeyPairJwt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyPairJwt")
            .field("issuer", &self.issuer)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::snowflake::auth::private_key::parse_private_key;

    const PLAIN: &str = include_str!("../../../../tests/fixtures/snowflake/rsa_key.p8");
    const FINGERPRINT: &str =
        include_str!("../../../../tests/fixtures/snowflake/rsa_key.fingerprint");

    fn signer(account: &str, user: &str) -> KeyPairJwt {
        let key = parse_private_key(&Secret::new(PLAIN), None).unwrap();
        KeyPairJwt::new(&AccountIdentifier::parse(account).unwrap(), user, key).unwrap()
    }

    fn claims_of(token: &Secret) -> JwtClaims {
        let parts: Vec<&str> = token.expose().split('.').collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(
            URL_SAFE_NO_PAD.decode(parts[0]).unwrap(),
            HEADER_JSON.as_bytes()
        );
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap()
    }

    #[test]
    fn claims_follow_snowflake_format() {
        let jwt = signer("myorg.acct", "lakeform_deploy");
        let fp = format!("SHA256:{}", FINGERPRINT.trim());
        assert_eq!(jwt.fingerprint(), fp);
        let claims = claims_of(&jwt.sign_at(1_700_000_000).unwrap());
        assert_eq!(claims.sub, "MYORG-ACCT.LAKEFORM_DEPLOY");
        assert_eq!(claims.iss, format!("MYORG-ACCT.LAKEFORM_DEPLOY.{fp}"));
        assert_eq!(claims.iat, 1_700_000_000);
        assert_eq!(claims.exp, 1_700_000_000 + 59 * 60);
    }

    #[test]
    fn token_is_cached_until_close_to_expiry() {
        let jwt = signer("xy12345.east-us-2.azure", "u");
        let first = jwt.token().unwrap();
        assert_eq!(jwt.token().unwrap(), first);
        if let Some(cached) = jwt.lock_cache().as_mut() {
            cached.renew_after = SystemTime::now() - Duration::from_secs(1);
        }
        let renewed = claims_of(&jwt.token().unwrap());
        assert_eq!(renewed.sub, "XY12345.U");
        assert!(jwt.lock_cache().as_ref().unwrap().renew_after > SystemTime::now());
    }

    #[test]
    fn debug_never_shows_the_token() {
        let jwt = signer("a", "b");
        let token = jwt.token().unwrap();
        assert!(!format!("{jwt:?}").contains(token.expose()));
    }
}
