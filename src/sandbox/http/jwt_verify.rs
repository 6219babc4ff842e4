//! The server side of key-pair JWTs: decoding and verifying what `jwt` signs.
//!
//! Used only by the sandbox emulator (which plays Snowflake) and by tests. It checks the header
//! algorithm, the RS256 signature against a registered public key (DER
//! SubjectPublicKeyInfo, i.e. the base64 body of `RSA_PUBLIC_KEY`), the claim shapes and
//! the time window. Deciding *which* user and key a token may name is the caller's job.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rsa::PublicKey;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::pkcs8::DecodePublicKey;
use rsa::signature::Verifier;
use serde::Deserialize;
use sha2::Sha256;

use crate::providers::snowflake::auth::jwt::{JwtClaims, public_key_fingerprint};

/// Snowflake refuses tokens that live longer than an hour.
pub(crate) const MAX_LIFETIME_SECS: u64 = 3600;

/// Why a token was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    #[error("the JWT is malformed: {detail}")]
    Malformed { detail: String },
    #[error("the JWT algorithm is {alg:?}; only RS256 is accepted")]
    UnsupportedAlgorithm { alg: String },
    #[error("the registered public key is not a DER SubjectPublicKeyInfo RSA key: {detail}")]
    InvalidPublicKey { detail: String },
    #[error("the JWT signature does not verify with the registered public key")]
    BadSignature,
    #[error("the JWT issuer {iss:?} is not `<sub>.SHA256:<fingerprint>` for subject {sub:?}")]
    IssuerMismatch { iss: String, sub: String },
    #[error("the JWT was signed for key {found}, not for the registered key {expected}")]
    FingerprintMismatch { expected: String, found: String },
    #[error("the JWT expired at {exp} (now {now})")]
    Expired { exp: u64, now: u64 },
    #[error("the JWT is issued in the future ({iat}, now {now})")]
    IssuedInFuture { iat: u64, now: u64 },
    #[error("the JWT lifetime {lifetime} s exceeds the one-hour maximum")]
    LifetimeTooLong { lifetime: u64 },
}

#[derive(Deserialize)]
struct Header {
    alg: String,
}

impl JwtClaims {
    /// The account and user named by `sub` (`ACCOUNT.USER`).
    pub(crate) fn account_and_user(&self) -> Option<(&str, &str)> {
        self.sub.split_once('.')
    }

    /// The `SHA256:<base64>` fingerprint named by `iss`.
    pub(crate) fn fingerprint(&self) -> Option<&str> {
        let rest = self.iss.strip_prefix(&self.sub)?.strip_prefix('.')?;
        rest.starts_with("SHA256:").then_some(rest)
    }

    /// Checks `iat`/`exp` against `now` (Unix seconds), allowing `leeway` seconds of skew.
    pub fn check_times(&self, now: u64, leeway: u64) -> Result<(), JwtError> {
        if self.exp.saturating_add(leeway) <= now {
            return Err(JwtError::Expired { exp: self.exp, now });
        }
        if self.iat > now.saturating_add(leeway) {
            return Err(JwtError::IssuedInFuture { iat: self.iat, now });
        }
        let lifetime = self.exp.saturating_sub(self.iat);
        if lifetime > MAX_LIFETIME_SECS {
            return Err(JwtError::LifetimeTooLong { lifetime });
        }
        Ok(())
    }
}

/// Reads the claims of a token without checking its signature (to find the user and key
/// to verify against). Checks the header algorithm and that `iss` extends `sub`.
pub(crate) fn decode_unverified(token: &str) -> Result<JwtClaims, JwtError> {
    let (header, claims, _) = split(token)?;
    let header: Header = decode_json(header, "header")?;
    if header.alg != "RS256" {
        return Err(JwtError::UnsupportedAlgorithm { alg: header.alg });
    }
    let claims: JwtClaims = decode_json(claims, "claims")?;
    if claims.fingerprint().is_none() {
        return Err(JwtError::IssuerMismatch {
            iss: claims.iss,
            sub: claims.sub,
        });
    }
    Ok(claims)
}

/// Verifies the signature of `token` with `public_key_der` (DER SubjectPublicKeyInfo) and
/// that `iss` names that key's fingerprint; returns the claims. Times are not checked:
/// call [`JwtClaims::check_times`].
pub fn verify(token: &str, public_key_der: &[u8]) -> Result<JwtClaims, JwtError> {
    let claims = decode_unverified(token)?;
    let expected = public_key_fingerprint(public_key_der);
    let found = claims.fingerprint().unwrap_or_default();
    if found != expected {
        return Err(JwtError::FingerprintMismatch {
            expected,
            found: found.to_string(),
        });
    }
    let public_key =
        PublicKey::from_public_key_der(public_key_der).map_err(|e| JwtError::InvalidPublicKey {
            detail: e.to_string(),
        })?;
    let (header, body, signature) = split(token)?;
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|e| malformed(format!("signature is not base64url: {e}")))?;
    let signature =
        Signature::try_from(signature.as_slice()).map_err(|_| JwtError::BadSignature)?;
    let signing_input = &token[..header.len() + 1 + body.len()];
    VerifyingKey::<Sha256>::new(public_key)
        .verify(signing_input.as_bytes(), &signature)
        .map_err(|_| JwtError::BadSignature)?;
    Ok(claims)
}

fn split(token: &str) -> Result<(&str, &str, &str), JwtError> {
    let mut parts = token.split('.');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(h), Some(c), Some(s), None) => Ok((h, c, s)),
        _ => Err(malformed("expected three dot-separated parts".to_string())),
    }
}

fn decode_json<T: for<'de> Deserialize<'de>>(part: &str, what: &str) -> Result<T, JwtError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|e| malformed(format!("{what} is not base64url: {e}")))?;
    serde_json::from_slice(&bytes).map_err(|e| malformed(format!("{what} is not valid: {e}")))
}

fn malformed(detail: String) -> JwtError {
    JwtError::Malformed { detail }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::snowflake::account::AccountIdentifier;
    use crate::providers::snowflake::auth::jwt::KeyPairJwt;
    use crate::providers::snowflake::auth::private_key::parse_private_key;
    use crate::secret::Secret;
    use rsa::pkcs8::EncodePublicKey;

    const PLAIN: &str = include_str!("../../../tests/fixtures/snowflake/rsa_key.p8");

    fn fixture() -> (KeyPairJwt, Vec<u8>) {
        let key = parse_private_key(&Secret::new(PLAIN), None).unwrap();
        let der = key.to_public_key().to_public_key_der().unwrap().to_vec();
        let account = AccountIdentifier::parse("myorg-acct").unwrap();
        (KeyPairJwt::new(&account, "deployer", key).unwrap(), der)
    }

    #[test]
    fn verifies_what_the_signer_produces() {
        let (signer, der) = fixture();
        let token = signer.sign_at(1_000).unwrap();
        let claims = verify(token.expose(), &der).unwrap();
        assert_eq!(claims.account_and_user(), Some(("MYORG-ACCT", "DEPLOYER")));
        assert_eq!(claims.fingerprint(), Some(signer.fingerprint()));
        assert_eq!(claims.check_times(1_000, 0), Ok(()));
        assert_eq!(
            claims.check_times(1_000 + 3600, 0),
            Err(JwtError::Expired {
                exp: 1_000 + 59 * 60,
                now: 1_000 + 3600
            })
        );
        assert!(matches!(
            claims.check_times(500, 60),
            Err(JwtError::IssuedInFuture { .. })
        ));
    }

    #[test]
    fn tampered_claims_fail_the_signature() {
        let (signer, der) = fixture();
        let token = signer.sign_at(1_000).unwrap();
        let parts: Vec<&str> = token.expose().split('.').collect();
        let mut claims = decode_unverified(token.expose()).unwrap();
        claims.exp += 100_000;
        let forged_claims = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap());
        let forged = format!("{}.{}.{}", parts[0], forged_claims, parts[2]);
        assert_eq!(verify(&forged, &der), Err(JwtError::BadSignature));
    }

    #[test]
    fn rejects_other_algorithms_and_shapes() {
        let none = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
            URL_SAFE_NO_PAD.encode(r#"{"iss":"A.B.SHA256:x","sub":"A.B","iat":1,"exp":2}"#)
        );
        assert_eq!(
            decode_unverified(&none),
            Err(JwtError::UnsupportedAlgorithm { alg: "none".into() })
        );
        assert!(matches!(
            decode_unverified("a.b"),
            Err(JwtError::Malformed { .. })
        ));
        assert!(matches!(
            decode_unverified("!!.!!.!!"),
            Err(JwtError::Malformed { .. })
        ));
    }

    #[test]
    fn rejects_a_token_for_another_key() {
        let (signer, _) = fixture();
        let token = signer.sign_at(1_000).unwrap();
        let other = b"not the registered key";
        assert!(matches!(
            verify(token.expose(), other),
            Err(JwtError::FingerprintMismatch { .. })
        ));
    }
}
