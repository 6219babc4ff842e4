//! Snowflake account identifiers: the forms users write, the account name a key-pair JWT
//! must carry, and the host name of the account's URL.
//!
//! Accepted forms (case-insensitive, an optional `.snowflakecomputing.com` suffix is ignored):
//!
//! | written | JWT account | host |
//! |---|---|---|
//! | `myorg-acct` (organization-account) | `MYORG-ACCT` | `myorg-acct.snowflakecomputing.com` |
//! | `myorg.acct` (the SQL form of the same) | `MYORG-ACCT` | `myorg-acct.snowflakecomputing.com` |
//! | `myorg-my_acct` | `MYORG-MY_ACCT` | `myorg-my-acct.snowflakecomputing.com` |
//! | `xy12345` (locator) | `XY12345` | `xy12345.snowflakecomputing.com` |
//! | `xy12345.east-us-2.azure` (locator with region and cloud) | `XY12345` | `xy12345.east-us-2.azure.snowflakecomputing.com` |
//! | `myorg-acct.privatelink` | `MYORG-ACCT` | `myorg-acct.privatelink.snowflakecomputing.com` |
//! | `xy12345-abcdef.global` (legacy global URL) | `XY12345` | `xy12345-abcdef.global.snowflakecomputing.com` |
//!
//! The JWT rules follow Snowflake's drivers and the SQL API documentation: upper case, a
//! locator loses its region and cloud segments, and a `.global` form is cut at its first
//! hyphen. Host names use hyphens where account names have underscores, because an
//! underscore is not valid in a DNS label for every client. This module does not build
//! URLs for overrides (private-link hosts, the sandbox): those come from `settings`.

use std::fmt;

/// An account identifier, validated so that it can be put into a host name safely.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct AccountIdentifier {
    /// The identifier as written, lower-cased, without a `.snowflakecomputing.com` suffix.
    written: String,
}

/// Why an account identifier was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("the Snowflake account identifier is empty")]
    Empty,
    #[error(
        "the Snowflake account identifier {account:?} contains {found:?}; only letters, digits, \
         '_', '-' and '.' are allowed (put a full URL in `url` instead)"
    )]
    InvalidCharacter { account: String, found: char },
    #[error("the Snowflake account identifier {account:?} has an empty segment between dots")]
    EmptySegment { account: String },
}

/// Segments that qualify a locator or an organization-account name instead of naming it.
const QUALIFIER_SEGMENTS: [&str; 5] = ["aws", "azure", "gcp", "privatelink", "global"];
const DOMAIN_SUFFIX: &str = ".snowflakecomputing.com";

impl AccountIdentifier {
    /// Validates an identifier in any of the forms listed in the module documentation.
    pub(crate) fn parse(raw: &str) -> Result<Self, AccountError> {
        let trimmed = raw.trim();
        let lower = trimmed.to_ascii_lowercase();
        let written = lower.strip_suffix(DOMAIN_SUFFIX).unwrap_or(&lower);
        if written.is_empty() {
            return Err(AccountError::Empty);
        }
        if let Some(found) = written
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
        {
            return Err(AccountError::InvalidCharacter {
                account: trimmed.to_string(),
                found,
            });
        }
        if written.split('.').any(str::is_empty) {
            return Err(AccountError::EmptySegment {
                account: trimmed.to_string(),
            });
        }
        Ok(AccountIdentifier {
            written: written.to_string(),
        })
    }

    /// The account as the `iss` and `sub` claims of a key-pair JWT name it.
    pub(crate) fn jwt_account(&self) -> String {
        let segments: Vec<&str> = self.written.split('.').collect();
        let name = if segments.contains(&"global") {
            // `<locator>-<suffix>.global`: the locator is what the key is registered under.
            segments[0]
                .split('-')
                .next()
                .unwrap_or(segments[0])
                .to_string()
        } else if let Some((org, account)) = self.organization_dot_account() {
            format!("{org}-{account}")
        } else {
            segments[0].to_string()
        };
        name.to_ascii_uppercase()
    }

    /// The host name of the account's SQL API endpoint.
    pub(crate) fn host(&self) -> String {
        let name = match self.organization_dot_account() {
            Some((org, account)) => format!("{org}-{account}"),
            None => self.written.clone(),
        };
        format!("{}{DOMAIN_SUFFIX}", name.replace('_', "-"))
    }

    /// `org.acct` (the SQL spelling of an organization-account identifier) as its two parts.
    ///
    /// Told apart from `locator.region` because region names always contain a hyphen
    /// (`us-east-1`, `east-us-2`) and organization and account names never do.
    fn organization_dot_account(&self) -> Option<(&str, &str)> {
        let (org, account) = self.written.split_once('.')?;
        let is_name = |s: &str| !s.contains('-') && !s.contains('.');
        (is_name(org) && is_name(account) && !QUALIFIER_SEGMENTS.contains(&account))
            .then_some((org, account))
    }
}

impl fmt::Display for AccountIdentifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

impl fmt::Debug for AccountIdentifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AccountIdentifier({:?})", self.written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(raw: &str) -> String {
        AccountIdentifier::parse(raw).unwrap().jwt_account()
    }

    fn host(raw: &str) -> String {
        AccountIdentifier::parse(raw).unwrap().host()
    }

    #[test]
    fn organization_account_keeps_its_hyphen() {
        assert_eq!(jwt("myorg-acct"), "MYORG-ACCT");
        assert_eq!(host("myorg-acct"), "myorg-acct.snowflakecomputing.com");
        assert_eq!(jwt("MYORG-PACIFICRETAIL"), "MYORG-PACIFICRETAIL");
    }

    #[test]
    fn organization_dot_account_becomes_hyphenated() {
        assert_eq!(jwt("myorg.acct"), "MYORG-ACCT");
        assert_eq!(host("myorg.acct"), "myorg-acct.snowflakecomputing.com");
    }

    #[test]
    fn locator_drops_region_and_cloud_for_the_jwt_only() {
        assert_eq!(jwt("xy12345.east-us-2.azure"), "XY12345");
        assert_eq!(
            host("xy12345.east-us-2.azure"),
            "xy12345.east-us-2.azure.snowflakecomputing.com"
        );
        assert_eq!(jwt("xy12345.us-east-1"), "XY12345");
        assert_eq!(jwt("xy12345"), "XY12345");
        assert_eq!(jwt("xy12345.us-central1.gcp"), "XY12345");
    }

    #[test]
    fn global_form_is_cut_at_its_first_hyphen() {
        assert_eq!(jwt("xy12345-abcdefg.global"), "XY12345");
        assert_eq!(
            host("xy12345-abcdefg.global"),
            "xy12345-abcdefg.global.snowflakecomputing.com"
        );
    }

    #[test]
    fn privatelink_qualifier_is_not_an_account_name() {
        assert_eq!(jwt("myorg-acct.privatelink"), "MYORG-ACCT");
        assert_eq!(
            host("myorg-acct.privatelink"),
            "myorg-acct.privatelink.snowflakecomputing.com"
        );
        assert_eq!(jwt("xy12345.privatelink"), "XY12345");
    }

    #[test]
    fn underscores_become_hyphens_in_the_host_only() {
        assert_eq!(jwt("myorg-my_acct"), "MYORG-MY_ACCT");
        assert_eq!(
            host("myorg-my_acct"),
            "myorg-my-acct.snowflakecomputing.com"
        );
    }

    #[test]
    fn domain_suffix_and_surrounding_space_are_ignored() {
        assert_eq!(jwt(" MyOrg-Acct.snowflakecomputing.com "), "MYORG-ACCT");
        assert_eq!(
            host("myorg-acct.snowflakecomputing.com"),
            "myorg-acct.snowflakecomputing.com"
        );
    }

    #[test]
    fn rejects_what_could_escape_a_host_name() {
        assert_eq!(AccountIdentifier::parse("  "), Err(AccountError::Empty));
        assert!(matches!(
            AccountIdentifier::parse("evil.com/x"),
            Err(AccountError::InvalidCharacter { found: '/', .. })
        ));
        assert!(matches!(
            AccountIdentifier::parse("a@b"),
            Err(AccountError::InvalidCharacter { found: '@', .. })
        ));
        assert!(matches!(
            AccountIdentifier::parse("a..b"),
            Err(AccountError::EmptySegment { .. })
        ));
    }
}
