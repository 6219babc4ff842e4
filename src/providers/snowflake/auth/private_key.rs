//! Loading the RSA private key of a Snowflake key-pair user from PEM text.
//!
//! Accepts what `openssl` produces for Snowflake's key-pair setup: unencrypted PKCS#8
//! (`BEGIN PRIVATE KEY`), encrypted PKCS#8 (`BEGIN ENCRYPTED PRIVATE KEY`, PBES2 with a
//! passphrase) and traditional PKCS#1 (`BEGIN RSA PRIVATE KEY`, unencrypted). Reading the
//! file is the caller's business; errors never quote the key or the passphrase.

use rsa::PrivateKey;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, SecretDocument};

use crate::secret::Secret;

/// Why a private key could not be loaded. Each message is a predicate: the caller puts
/// "the private key" or "the private key file <path>" before it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrivateKeyError {
    #[error(
        "is not a PEM-encoded PKCS#8 key (expected a line '-----BEGIN PRIVATE KEY-----' or \
         '-----BEGIN ENCRYPTED PRIVATE KEY-----')"
    )]
    NotPem,
    #[error("has a damaged `BEGIN {label}` block ({detail}){}", convert_hint(.label))]
    BadPem { label: String, detail: String },
    #[error(
        "is encrypted (`BEGIN ENCRYPTED PRIVATE KEY`) but no passphrase was given; set \
         `private_key_passphrase`"
    )]
    PassphraseRequired,
    #[error(
        "could not be decrypted: the passphrase is wrong or the encryption scheme is not \
         supported ({detail})"
    )]
    Decrypt { detail: String },
    #[error("is not a valid {format} RSA key: {detail}{}", convert_hint(.format))]
    Malformed {
        format: &'static str,
        detail: String,
    },
    #[error(
        "is a PKCS#1 key encrypted the traditional OpenSSL way (`BEGIN RSA PRIVATE KEY` with \
         `Proc-Type: 4,ENCRYPTED`), which is not supported; convert it to encrypted PKCS#8 with \
         `openssl pkcs8 -topk8 -v2 aes-256-cbc -in KEY -out key.p8`"
    )]
    EncryptedPkcs1,
    #[error(
        "has the unsupported type `{label}`: Snowflake key-pair authentication needs an RSA key \
         in PKCS#8 PEM (convert with `openssl pkcs8 -topk8 -in KEY -out key.p8`)"
    )]
    UnsupportedLabel { label: String },
}

/// Snowflake documents PKCS#8 keys (`openssl pkcs8 -topk8`, see
/// <https://docs.snowflake.com/en/user-guide/key-pair-auth>); a PKCS#1 key that fails is
/// best converted to one. `kind` is a format name or a PEM label.
fn convert_hint(kind: &str) -> &'static str {
    if kind == "PKCS#1" || kind == "RSA PRIVATE KEY" {
        "; convert it to PKCS#8 with `openssl pkcs8 -topk8 -nocrypt -in KEY -out key.p8`"
    } else {
        ""
    }
}

const SUPPORTED_LABELS: [&str; 3] = ["PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY"];

/// The type label of the first `-----BEGIN <label>-----` line of `text`. Found here rather
/// than by the PEM decoder, whose errors describe its grammar ("PEM preamble contains
/// invalid data (NUL byte)" for text with no BEGIN line at all), not what is wrong.
fn begin_label(text: &str) -> Option<&str> {
    text.lines()
        .map(str::trim)
        .find_map(|line| line.strip_prefix("-----BEGIN ")?.strip_suffix("-----"))
}

/// Checks that `text` holds one PEM block of a supported key type, without decoding the
/// key or decrypting it: what can be said about a key file before it is used.
pub(crate) fn check_pem(text: &str) -> Result<(), PrivateKeyError> {
    decode_pem(text.trim()).map(|_| ())
}

/// The PEM block of `text` (trimmed): its label and its DER bytes.
fn decode_pem(text: &str) -> Result<(&'static str, SecretDocument), PrivateKeyError> {
    let label = begin_label(text).ok_or(PrivateKeyError::NotPem)?;
    let Some(&label) = SUPPORTED_LABELS.iter().find(|l| **l == label) else {
        return Err(PrivateKeyError::UnsupportedLabel {
            label: label.to_string(),
        });
    };
    // RFC 7468 PEM has no headers; a `Proc-Type` header is OpenSSL's traditional
    // encryption of a PKCS#1 key, which the decoder below would call "headers disallowed".
    if label == "RSA PRIVATE KEY" && text.contains("Proc-Type:") {
        return Err(PrivateKeyError::EncryptedPkcs1);
    }
    let bad_pem = |e: &dyn std::fmt::Display| PrivateKeyError::BadPem {
        label: label.to_string(),
        detail: e.to_string(),
    };
    // The decoder wants the block alone: text before the BEGIN line is dropped.
    let start = text.find("-----BEGIN ").unwrap_or(0);
    let (_, document) = SecretDocument::from_pem(&text[start..]).map_err(|e| bad_pem(&e))?;
    Ok((label, document))
}

/// Parses an RSA private key from PEM text, decrypting it with `passphrase` when encrypted.
///
/// A passphrase given for an unencrypted key is ignored, as the Snowflake drivers do.
pub(crate) fn parse_private_key(
    pem: &Secret,
    passphrase: Option<&Secret>,
) -> Result<PrivateKey, PrivateKeyError> {
    let (label, document) = decode_pem(pem.expose().trim())?;
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
        _ => PrivateKey::from_pkcs1_der(document.as_bytes()).map_err(|e| {
            PrivateKeyError::Malformed {
                format: "PKCS#1",
                detail: e.to_string(),
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::snowflake::auth::AuthError;

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
        assert!(matches!(err, PrivateKeyError::NotPem));
        let ec = "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n";
        let err = parse_private_key(&secret(ec), None).unwrap_err();
        assert!(
            matches!(err, PrivateKeyError::UnsupportedLabel { .. }),
            "{err:?}"
        );
    }

    #[test]
    fn text_without_a_begin_line_is_not_pem_and_says_what_was_expected() {
        for text in ["not a key", "", "-----END PRIVATE KEY-----"] {
            let err = parse_private_key(&secret(text), None).unwrap_err();
            assert_eq!(err, PrivateKeyError::NotPem, "{text:?}");
            let shown = AuthError::from(err).to_string();
            assert_eq!(
                shown,
                "the private key is not a PEM-encoded PKCS#8 key (expected a line \
                 '-----BEGIN PRIVATE KEY-----' or '-----BEGIN ENCRYPTED PRIVATE KEY-----')"
            );
        }
    }

    #[test]
    fn text_before_the_block_is_ignored() {
        let with_preamble = format!("Bag Attributes\n    friendlyName: deploy\n{PLAIN}");
        assert!(parse_private_key(&secret(&with_preamble), None).is_ok());
    }

    #[test]
    fn pkcs1_problems_suggest_converting_to_pkcs8() {
        let broken = "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        let err = parse_private_key(&secret(broken), None).unwrap_err();
        assert!(matches!(err, PrivateKeyError::BadPem { .. }), "{err:?}");
        assert!(err.to_string().contains("openssl pkcs8 -topk8"), "{err}");
        let encrypted = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        let err = parse_private_key(&secret(encrypted), None).unwrap_err();
        assert_eq!(err, PrivateKeyError::EncryptedPkcs1);
        assert!(err.to_string().contains("openssl pkcs8 -topk8"), "{err}");
    }
}
