//! Loading the RSA private key of a Snowflake key-pair user from PEM text.
//!
//! Accepts what `openssl` produces for Snowflake's key-pair setup: unencrypted PKCS#8
//! (`BEGIN PRIVATE KEY`), encrypted PKCS#8 (`BEGIN ENCRYPTED PRIVATE KEY`, PBES2 with a
//! passphrase) and traditional PKCS#1 (`BEGIN RSA PRIVATE KEY`, unencrypted). Reading the
//! file is the caller's business; errors never quote the key or the passphrase.

use rsa::PrivateKey;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::{self, DecodePrivateKey, SecretDocument};

use crate::secret::Secret;

/// Why a private key could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrivateKeyError {
    #[error(
        "the private key is not PEM text ({detail}); expected a `-----BEGIN PRIVATE KEY-----` block"
    )]
    NotPem { detail: String },
    #[error(
        "the private key is encrypted (`BEGIN ENCRYPTED PRIVATE KEY`) but no passphrase was \
         given; set `private_key_passphrase`"
    )]
    PassphraseRequired,
    #[error(
        "could not decrypt the private key: the passphrase is wrong or the encryption scheme is \
         not supported ({detail})"
    )]
    Decrypt { detail: String },
    #[error("the private key is not a valid {format} RSA key: {detail}")]
    Malformed {
        format: &'static str,
        detail: String,
    },
    #[error(
        "unsupported private key type `{label}`: Snowflake key-pair authentication needs an RSA \
         key in PKCS#8 PEM (convert with `openssl pkcs8 -topk8 -in KEY -out key.p8`)"
    )]
    UnsupportedLabel { label: String },
}

const SUPPORTED_LABELS: [&str; 3] = ["PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY"];

/// Parses an RSA private key from PEM text, decrypting it with `passphrase` when encrypted.
///
/// A passphrase given for an unencrypted key is ignored, as the Snowflake drivers do.
pub fn parse_private_key(
    pem: &Secret,
    passphrase: Option<&Secret>,
) -> Result<PrivateKey, PrivateKeyError> {
    let text = pem.expose().trim();
    let not_pem = |e: &dyn std::fmt::Display| PrivateKeyError::NotPem {
        detail: e.to_string(),
    };
    // The label alone tells an unsupported key type apart from broken PEM.
    let label = pkcs8::der::pem::decode_label(text.as_bytes()).map_err(|e| not_pem(&e))?;
    if !SUPPORTED_LABELS.contains(&label) {
        return Err(PrivateKeyError::UnsupportedLabel {
            label: label.to_string(),
        });
    }
    let (label, document) = SecretDocument::from_pem(text).map_err(|e| not_pem(&e))?;
    match label {
        "PRIVATE KEY" => PrivateKey::from_pkcs8_der(document.as_bytes()).map_err(|e| {
            PrivateKeyError::Malformed {
                format: "PKCS#8",
                detail: e.to_string(),
            }
        }),
        "ENCRYPTED PRIVATE KEY" => {
            let passphrase = passphrase.ok_or(PrivateKeyError::PassphraseRequired)?;
            PrivateKey::from_pkcs8_encrypted_der(document.as_bytes(), passphrase.expose()).map_err(
                |e| PrivateKeyError::Decrypt {
                    detail: e.to_string(),
                },
            )
        }
        "RSA PRIVATE KEY" => PrivateKey::from_pkcs1_der(document.as_bytes()).map_err(|e| {
            PrivateKeyError::Malformed {
                format: "PKCS#1",
                detail: e.to_string(),
            }
        }),
        other => Err(PrivateKeyError::UnsupportedLabel {
            label: other.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: &str = include_str!("../../../../tests/fixtures/snowflake/rsa_key.p8");
    const ENCRYPTED: &str =
        include_str!("../../../../tests/fixtures/snowflake/rsa_key_encrypted.p8");
    const PKCS1: &str = include_str!("../../../../tests/fixtures/snowflake/rsa_key_pkcs1.pem");
    const PASSPHRASE: &str = "lakeform-test-passphrase";

    fn secret(s: &str) -> Secret {
        Secret::new(s)
    }

    #[test]
    fn all_three_encodings_give_the_same_key() {
        let plain = parse_private_key(&secret(PLAIN), None).unwrap();
        let encrypted = parse_private_key(&secret(ENCRYPTED), Some(&secret(PASSPHRASE))).unwrap();
        let pkcs1 = parse_private_key(&secret(PKCS1), None).unwrap();
        assert!(plain == encrypted);
        assert!(plain == pkcs1);
    }

    #[test]
    fn encrypted_key_without_passphrase_says_what_to_set() {
        let err = parse_private_key(&secret(ENCRYPTED), None).unwrap_err();
        assert_eq!(err, PrivateKeyError::PassphraseRequired);
        assert!(err.to_string().contains("private_key_passphrase"));
    }

    #[test]
    fn wrong_passphrase_is_reported_without_the_passphrase() {
        let wrong = "not-the-passphrase-42";
        let err = parse_private_key(&secret(ENCRYPTED), Some(&secret(wrong))).unwrap_err();
        assert!(matches!(err, PrivateKeyError::Decrypt { .. }));
        let shown = format!("{err} {err:?}");
        assert!(shown.contains("passphrase is wrong"));
        assert!(!shown.contains(wrong));
    }

    #[test]
    fn garbage_and_other_key_types_are_rejected_clearly() {
        let err = parse_private_key(&secret("not a key"), None).unwrap_err();
        assert!(matches!(err, PrivateKeyError::NotPem { .. }));
        let ec = "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n";
        let err = parse_private_key(&secret(ec), None).unwrap_err();
        assert!(
            matches!(err, PrivateKeyError::UnsupportedLabel { .. }),
            "{err:?}"
        );
    }
}
