//! Container names: Azure's naming rule for containers (ADLS Gen2 file systems).
//!
//! 3 to 63 characters, lower-case ASCII letters, digits and hyphens, starting and ending
//! with a letter or digit, with no two hyphens in a row. Checked before any request is
//! sent, so a bad name is a validation error rather than a server's 400.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("invalid container name {name:?}: {reason}")]
pub struct ContainerNameError {
    pub(crate) name: String,
    pub(crate) reason: &'static str,
}

/// Checks `name` against Azure's container naming rule.
pub(crate) fn validate_container_name(name: &str) -> Result<(), ContainerNameError> {
    let fail = |reason| {
        Err(ContainerNameError {
            name: name.to_owned(),
            reason,
        })
    };
    if !(3..=63).contains(&name.len()) {
        return fail("must be 3 to 63 characters long");
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return fail("may contain only lower-case letters, digits and hyphens");
    }
    let first_last_ok = |b: Option<u8>| b.is_some_and(|b| b != b'-');
    if !first_last_ok(name.bytes().next()) || !first_last_ok(name.bytes().last()) {
        return fail("must start and end with a letter or digit");
    }
    if name.contains("--") {
        return fail("must not contain two hyphens in a row");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_names() {
        for name in ["abc", "landing", "raw-zone-01", "0a9", &"a".repeat(63)] {
            assert_eq!(validate_container_name(name), Ok(()), "{name}");
        }
    }

    #[test]
    fn rejects_invalid_names_with_the_reason() {
        let cases = [
            ("ab", "must be 3 to 63 characters long"),
            (&"a".repeat(64), "must be 3 to 63 characters long"),
            (
                "Landing",
                "may contain only lower-case letters, digits and hyphens",
            ),
            (
                "land_ing",
                "may contain only lower-case letters, digits and hyphens",
            ),
            (
                "lånd",
                "may contain only lower-case letters, digits and hyphens",
            ),
            ("-landing", "must start and end with a letter or digit"),
            ("landing-", "must start and end with a letter or digit"),
            ("land--ing", "must not contain two hyphens in a row"),
        ];
        for (name, reason) in cases {
            let err = validate_container_name(name).unwrap_err();
            assert_eq!(err.reason, reason, "{name}");
            assert!(err.to_string().contains(name));
        }
    }
}
