//! Who is calling: the sandbox's check of the `Authorization: Bearer …` header.
//!
//! * No bearer token: refused (401).
//! * A key-pair JWT (`X-Snowflake-Authorization-Token-Type: KEYPAIR_JWT`, or no type header
//!   and a token whose header says RS256 — Snowflake reads the type from the token then):
//!   the claims must have Snowflake's format — `sub = ACCOUNT.USER` in upper case,
//!   `iss = ACCOUNT.USER.SHA256:<base64 sha256 of the DER public key>`, `iat`, `exp` not
//!   passed and at most one hour after `iat`. Once a public key is registered for USER
//!   (`ALTER USER … SET RSA_PUBLIC_KEY`), the fingerprint must be one of the registered
//!   keys' and the RS256 signature must verify with that key. Before that, a well-formed
//!   token is enough, so a fresh sandbox accepts any client that speaks key-pair auth.
//! * Any other token (OAUTH, PROGRAMMATIC_ACCESS_TOKEN): accepted, unless the server was
//!   started with a fixed token, which it must then equal.
//!
//! The session user is the JWT's USER, or `SANDBOX` for other tokens. Token values never
//! appear in an error: messages say what is wrong with a claim, not what the token was.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD_INDIFFERENT};

use super::jwt_verify::{self, JwtError};

use crate::secret::Secret;

/// The user of requests that do not carry a key-pair JWT.
pub(crate) const DEFAULT_USER: &str = "SANDBOX";
/// Clock skew tolerated on `iat` and `exp`.
const SKEW_SECONDS: u64 = 60;

/// Why a request is not authenticated. Each message is safe to send back to the client.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum AuthError {
    #[error("the request has no Authorization header with a Bearer token")]
    MissingToken,
    #[error("JWT token is invalid. {0}")]
    InvalidJwt(String),
    #[error(
        "Invalid OAuth access token. The token does not match the token this sandbox was started with."
    )]
    TokenMismatch,
}

/// The authenticated caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Principal {
    pub(crate) user: String,
}

/// Checks requests against the server's auth configuration.
#[derive(Clone, Debug, Default)]
pub(crate) struct Authenticator {
    fixed_token: Option<Secret>,
}

impl Authenticator {
    pub(crate) fn new(fixed_token: Option<Secret>) -> Authenticator {
        Authenticator { fixed_token }
    }

    /// Authenticates one request. `authorization` and `token_type` are the header values;
    /// `registered_keys` returns the public keys registered for a user (base64 DER);
    /// `now` is in seconds since the epoch.
    pub(crate) fn authenticate(
        &self,
        authorization: Option<&str>,
        token_type: Option<&str>,
        registered_keys: impl FnOnce(&str) -> Vec<String>,
        now: i64,
    ) -> Result<Principal, AuthError> {
        let token = authorization
            .and_then(|value| value.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("Bearer"))
            .map(|(_, token)| token.trim())
            .filter(|token| !token.is_empty())
            .ok_or(AuthError::MissingToken)?;
        let is_jwt = match token_type {
            Some(kind) => kind.eq_ignore_ascii_case("KEYPAIR_JWT"),
            None => looks_like_rs256_jwt(token),
        };
        if is_jwt {
            return verify_jwt(token, registered_keys, now).map_err(AuthError::InvalidJwt);
        }
        match &self.fixed_token {
            Some(expected) if !constant_time_eq(expected.expose().as_bytes(), token.as_bytes()) => {
                Err(AuthError::TokenMismatch)
            }
            _ => Ok(Principal {
                user: DEFAULT_USER.to_string(),
            }),
        }
    }
}

fn looks_like_rs256_jwt(token: &str) -> bool {
    token
        .split('.')
        .next()
        .and_then(|header| decode_json(header).ok())
        .is_some_and(|header| header.get("alg").and_then(|a| a.as_str()) == Some("RS256"))
}

fn decode_json(part: &str) -> Result<serde_json::Value, String> {
    let bytes = URL_SAFE_NO_PAD_INDIFFERENT
        .decode(part)
        .map_err(|e| format!("a part is not base64url: {e}"))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("a part is not JSON: {e}"))
}

/// The claim format is checked here, where the sandbox plays Snowflake; decoding, times,
/// fingerprints and signatures are `jwt_verify`'s, the one JWT verifier of the crate.
fn verify_jwt(
    token: &str,
    registered_keys: impl FnOnce(&str) -> Vec<String>,
    now: i64,
) -> Result<Principal, String> {
    let claims = jwt_verify::decode_unverified(token).map_err(|e| match e {
        JwtError::IssuerMismatch { .. } => "The 'iss' claim must be ACCOUNT.USER.SHA256:<fingerprint>, with the same ACCOUNT.USER as 'sub'.".to_string(),
        other => sentence(&other),
    })?;
    let Some((account, user)) = claims
        .account_and_user()
        .filter(|(a, u)| !a.is_empty() && !u.is_empty())
    else {
        return Err("The 'sub' claim must be ACCOUNT.USER.".into());
    };
    if claims.sub != claims.sub.to_uppercase() {
        return Err(format!(
            "The 'sub' claim must be upper case (account {account}, user {user})."
        ));
    }
    claims
        .check_times(u64::try_from(now).unwrap_or(0), SKEW_SECONDS)
        .map_err(|e| sentence(&e))?;
    let keys = registered_keys(user);
    if !keys.is_empty() {
        let verified = keys
            .iter()
            .filter_map(|key| STANDARD.decode(key).ok())
            .any(|der| jwt_verify::verify(token, &der).is_ok());
        if !verified {
            return Err(format!(
                "The JWT's key fingerprint and signature match no RSA_PUBLIC_KEY registered for user {user}."
            ));
        }
    }
    Ok(Principal {
        user: user.to_string(),
    })
}

/// A verifier error as a sentence of the 401 message.
fn sentence(error: &JwtError) -> String {
    let text = error.to_string();
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => text,
    }
}

/// Compares without an early exit, so response timing does not reveal a token's prefix.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unsigned_jwt(claims: serde_json::Value) -> String {
        let header = URL_SAFE_NO_PAD_INDIFFERENT.encode(br#"{"alg":"RS256","typ":"JWT"}"#);
        let payload = URL_SAFE_NO_PAD_INDIFFERENT.encode(claims.to_string());
        format!("{header}.{payload}.c2ln")
    }

    fn claims(sub: &str, iat: i64, exp: i64) -> serde_json::Value {
        serde_json::json!({"iss": format!("{sub}.SHA256:abc="), "sub": sub, "iat": iat, "exp": exp})
    }

    fn check(
        auth: &Authenticator,
        token: &str,
        kind: Option<&str>,
    ) -> Result<Principal, AuthError> {
        auth.authenticate(
            Some(&format!("Bearer {token}")),
            kind,
            |_| Vec::new(),
            1_000,
        )
    }

    #[test]
    fn a_missing_or_non_bearer_header_is_refused() {
        let auth = Authenticator::default();
        let none = auth.authenticate(None, None, |_| Vec::new(), 0);
        assert_eq!(none, Err(AuthError::MissingToken));
        let basic = auth.authenticate(Some("Basic dXNlcg=="), None, |_| Vec::new(), 0);
        assert_eq!(basic, Err(AuthError::MissingToken));
    }

    #[test]
    fn well_formed_claims_pass_while_no_key_is_registered() {
        let auth = Authenticator::default();
        let token = unsigned_jwt(claims("ACME.ALICE", 990, 1_500));
        assert_eq!(
            check(&auth, &token, Some("KEYPAIR_JWT")).map(|p| p.user),
            Ok("ALICE".to_string())
        );
        // Without the type header the token's own header says it is a JWT.
        assert!(check(&auth, &token, None).is_ok());
    }

    #[test]
    fn bad_claims_are_refused_with_the_reason() {
        let auth = Authenticator::default();
        let cases = [
            (claims("ACME.ALICE", 100, 900), "expired"),
            (claims("ACME.ALICE", 990, 990 + 3_601), "lifetime"),
            (claims("acme.alice", 990, 1_500), "upper case"),
            (claims("ACME", 990, 1_500), "ACCOUNT.USER"),
            (
                serde_json::json!({"iss": "OTHER.BOB.SHA256:x", "sub": "ACME.ALICE", "iat": 990, "exp": 1_500}),
                "same ACCOUNT.USER",
            ),
            (
                serde_json::json!({"iss": "ACME.ALICE.SHA256:x", "sub": "ACME.ALICE", "exp": 1_500}),
                "iat",
            ),
        ];
        for (claims, reason) in cases {
            let token = unsigned_jwt(claims);
            match check(&auth, &token, Some("KEYPAIR_JWT")) {
                Err(AuthError::InvalidJwt(message)) => {
                    assert!(
                        message.contains(reason),
                        "{message} should mention {reason}"
                    )
                }
                other => panic!("expected a refusal mentioning {reason}, got {other:?}"),
            }
        }
    }

    #[test]
    fn other_tokens_must_match_a_fixed_token_when_one_is_set() {
        let open = Authenticator::default();
        assert_eq!(
            check(&open, "anything", Some("OAUTH")).map(|p| p.user),
            Ok(DEFAULT_USER.to_string())
        );
        let fixed = Authenticator::new(Some(Secret::new("s3cret")));
        assert!(check(&fixed, "s3cret", Some("PROGRAMMATIC_ACCESS_TOKEN")).is_ok());
        assert_eq!(check(&fixed, "wrong", None), Err(AuthError::TokenMismatch));
        let message = AuthError::TokenMismatch.to_string();
        assert!(!message.contains("s3cret") && !message.contains("wrong"));
    }
}
