//! Container metadata: name and value rules, canonical form, and the reserved keys
//! lakeform keeps for itself.
//!
//! Azure metadata names must be valid C# identifiers and are case-insensitive (the service
//! keeps the case it was given but refuses two names differing only in case), so the
//! canonical form is lower case. Values travel as HTTP header values: printable ASCII
//! and spaces, without leading or trailing whitespace (the service trims it, which would
//! otherwise show as a permanent difference) and without runs of spaces (Shared Key
//! canonicalisation folds them and emulators do not, so such a value would sign
//! differently depending on the server).
//!
//! Keys starting with [`RESERVED_PREFIX`] belong to lakeform: the container `comment` is
//! stored live under [`COMMENT_KEY`], percent-encoded so any Unicode text survives the
//! ASCII-only header. User metadata may not use the prefix.

use std::collections::BTreeMap;
use thiserror::Error;

/// Prefix of the metadata keys lakeform reserves for itself.
pub(crate) const RESERVED_PREFIX: &str = "lakeform_";
/// The metadata key under which a container's `comment` is stored live.
pub(crate) const COMMENT_KEY: &str = "lakeform_comment";
/// Azure's limit on the total size of a container's metadata names and values.
pub(crate) const MAX_METADATA_BYTES: usize = 8 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MetadataError {
    #[error(
        "invalid metadata key {key:?}: Azure metadata names must be C# identifiers (a letter or '_' followed by letters, digits or '_')"
    )]
    InvalidKey { key: String },
    #[error(
        "metadata key {key:?} is reserved: keys starting with {RESERVED_PREFIX:?} belong to lakeform"
    )]
    ReservedKey { key: String },
    #[error(
        "metadata keys {first:?} and {second:?} differ only in case, and Azure metadata names are case-insensitive"
    )]
    DuplicateKey { first: String, second: String },
    #[error(
        "invalid value for metadata key {key:?}: values must be printable ASCII without leading, trailing or repeated spaces"
    )]
    InvalidValue { key: String },
    #[error("metadata key {key:?} is not in canonical (lower case) form")]
    NotLowerCase { key: String },
    #[error(
        "metadata is {size} bytes, over Azure's limit of {MAX_METADATA_BYTES} bytes for names and values"
    )]
    TooLarge { size: usize },
    #[error("the stored comment under {COMMENT_KEY:?} is not valid percent-encoded UTF-8")]
    BadStoredComment,
}

/// Checks one metadata name (any case) against the C# identifier rule.
pub(crate) fn validate_metadata_key(key: &str) -> Result<(), MetadataError> {
    let mut bytes = key.bytes();
    let valid = bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if valid {
        Ok(())
    } else {
        Err(MetadataError::InvalidKey {
            key: key.to_owned(),
        })
    }
}

/// Checks one metadata value: it must survive a round trip through an HTTP header.
pub(crate) fn validate_metadata_value(key: &str, value: &str) -> Result<(), MetadataError> {
    let printable = value.bytes().all(|b| (0x20..=0x7e).contains(&b));
    if printable && value.trim() == value && !value.contains("  ") {
        Ok(())
    } else {
        Err(MetadataError::InvalidValue {
            key: key.to_owned(),
        })
    }
}

/// Canonicalises user metadata: validates every name and value, folds names to lower
/// case, refuses reserved names and names that collide once folded.
pub(crate) fn canonical_metadata<I, K, V>(
    entries: I,
) -> Result<BTreeMap<String, String>, MetadataError>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: Into<String>,
{
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut original: BTreeMap<String, String> = BTreeMap::new();
    for (key, value) in entries {
        let key = key.as_ref();
        let value = value.into();
        validate_metadata_key(key)?;
        validate_metadata_value(key, &value)?;
        let folded = key.to_ascii_lowercase();
        if folded.starts_with(RESERVED_PREFIX) {
            return Err(MetadataError::ReservedKey {
                key: key.to_owned(),
            });
        }
        if let Some(first) = original.insert(folded.clone(), key.to_owned()) {
            return Err(MetadataError::DuplicateKey {
                first,
                second: key.to_owned(),
            });
        }
        out.insert(folded, value);
    }
    Ok(out)
}

/// The metadata as it is stored live: user metadata plus the reserved comment key.
/// Fails when the total exceeds Azure's size limit.
pub(crate) fn stored_metadata(
    metadata: &BTreeMap<String, String>,
    comment: Option<&str>,
) -> Result<BTreeMap<String, String>, MetadataError> {
    let mut out = metadata.clone();
    if let Some(comment) = comment {
        out.insert(COMMENT_KEY.to_owned(), encode_comment(comment));
    }
    let size: usize = out.iter().map(|(k, v)| k.len() + v.len()).sum();
    if size > MAX_METADATA_BYTES {
        return Err(MetadataError::TooLarge { size });
    }
    Ok(out)
}

/// Splits live metadata (any key case) into user metadata and the comment.
///
/// Live names are folded to lower case like desired ones. Live values are taken as they
/// are: the model must show what is there, even if lakeform would not have written it.
pub(crate) fn split_stored_metadata<I, K, V>(
    stored: I,
) -> Result<(BTreeMap<String, String>, Option<String>), MetadataError>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: Into<String>,
{
    let mut metadata = BTreeMap::new();
    let mut comment = None;
    for (key, value) in stored {
        let folded = key.as_ref().to_ascii_lowercase();
        let value = value.into();
        if folded == COMMENT_KEY {
            comment = Some(decode_comment(&value)?);
        } else {
            metadata.insert(folded, value);
        }
    }
    Ok((metadata, comment))
}

/// Percent-encodes a comment into a header-safe value: printable ASCII other than '%'
/// stays readable, everything else (spaces included, so the value never starts or ends
/// with whitespace) becomes `%XX` of its UTF-8 bytes.
pub(crate) fn encode_comment(comment: &str) -> String {
    let mut out = String::with_capacity(comment.len());
    for b in comment.bytes() {
        if (0x21..=0x7e).contains(&b) && b != b'%' {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Reverses [`encode_comment`].
pub(crate) fn decode_comment(stored: &str) -> Result<String, MetadataError> {
    let bytes = stored.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = stored
                .get(i + 1..i + 3)
                .ok_or(MetadataError::BadStoredComment)?;
            let byte = u8::from_str_radix(hex, 16).map_err(|_| MetadataError::BadStoredComment)?;
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| MetadataError::BadStoredComment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_to_lower_case() {
        let m = canonical_metadata([("Owner", "data-eng"), ("_Layer2", "bronze")]).unwrap();
        assert_eq!(
            m.into_iter().collect::<Vec<_>>(),
            vec![
                ("_layer2".to_owned(), "bronze".to_owned()),
                ("owner".to_owned(), "data-eng".to_owned())
            ]
        );
    }

    #[test]
    fn invalid_keys_are_rejected() {
        for key in ["", "1abc", "cost-center", "a b", "naïve", "x.y"] {
            assert_eq!(
                canonical_metadata([(key, "v")]),
                Err(MetadataError::InvalidKey {
                    key: key.to_owned()
                }),
                "{key:?}"
            );
        }
    }

    #[test]
    fn reserved_and_colliding_keys_are_rejected() {
        assert!(matches!(
            canonical_metadata([("Lakeform_Comment", "x")]),
            Err(MetadataError::ReservedKey { .. })
        ));
        assert_eq!(
            canonical_metadata([("owner", "a"), ("OWNER", "b")]),
            Err(MetadataError::DuplicateKey {
                first: "owner".into(),
                second: "OWNER".into()
            })
        );
    }

    #[test]
    fn values_must_be_header_safe() {
        for value in [
            " lead",
            "trail ",
            "two  spaces",
            "tab\there",
            "é",
            "line\nbreak",
        ] {
            assert!(
                matches!(
                    canonical_metadata([("k", value)]),
                    Err(MetadataError::InvalidValue { .. })
                ),
                "{value:?}"
            );
        }
        assert!(canonical_metadata([("k", "a value, with: punctuation!")]).is_ok());
    }

    #[test]
    fn comment_round_trips_through_stored_metadata() {
        let user = canonical_metadata([("owner", "data")]).unwrap();
        let comment = " Landing zone – 100% raw\n";
        let stored = stored_metadata(&user, Some(comment)).unwrap();
        for value in stored.values() {
            assert!(validate_metadata_value("k", value).is_ok(), "{value:?}");
        }
        let (back, back_comment) = split_stored_metadata(stored).unwrap();
        assert_eq!(back, user);
        assert_eq!(back_comment.as_deref(), Some(comment));
    }

    #[test]
    fn oversized_metadata_is_rejected() {
        let user = canonical_metadata([("big", "x".repeat(MAX_METADATA_BYTES))]).unwrap();
        assert!(matches!(
            stored_metadata(&user, None),
            Err(MetadataError::TooLarge { .. })
        ));
    }

    #[test]
    fn corrupt_stored_comment_is_an_error() {
        assert_eq!(
            decode_comment("bad%2"),
            Err(MetadataError::BadStoredComment)
        );
        assert_eq!(decode_comment("%FF"), Err(MetadataError::BadStoredComment));
    }
}
