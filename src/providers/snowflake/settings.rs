//! Connection settings for the SQL API client and per-statement options.
//!
//! These are plain values filled in by configuration (the `[snowflake]` table of an
//! environment) or by the sandbox; this module only validates them and derives the base
//! URL. `http://` is accepted only for loopback hosts, so that a token can never travel in
//! clear text over a network; everything else must be `https://`.

use std::net::IpAddr;
use std::time::Duration;

use url::{Host, Url};
use uuid::Uuid;

use super::account::{AccountError, AccountIdentifier};
use super::auth::Authenticator;

/// How to reach and authenticate to one Snowflake account.
#[derive(Clone, Debug)]
pub struct ConnectionSettings {
    /// Account identifier in any documented form (see `account`).
    pub(crate) account: String,
    /// Login name of the user. Key-pair authentication needs it (the JWT names the
    /// user); with a token it may be empty, since the token identifies its user and the
    /// SQL API takes no user beside it
    /// (<https://docs.snowflake.com/en/developer-guide/sql-api/authenticating>).
    pub(crate) user: String,
    pub role: Option<String>,
    pub warehouse: Option<String>,
    /// Overrides `https://<account host>`: a private-link host or the sandbox.
    pub url: Option<Url>,
    pub(crate) auth: Authenticator,
    /// Server-side statement timeout and client-side deadline, unless a statement says
    /// otherwise ([`StatementOptions::timeout`]).
    pub statement_timeout: Duration,
    /// Retries after the first attempt on 429, 5xx and connection errors.
    pub max_retries: u32,
    /// The first retry waits up to this long; each further retry doubles it (jittered).
    pub retry_backoff: Duration,
    /// The interval between status polls grows up to this.
    pub max_poll_interval: Duration,
    /// Sent as the `QUERY_TAG` session parameter of every statement.
    pub query_tag: Option<String>,
}

impl ConnectionSettings {
    pub(crate) const DEFAULT_STATEMENT_TIMEOUT: Duration = Duration::from_secs(3600);
    pub const DEFAULT_MAX_RETRIES: u32 = 5;
    pub(crate) const DEFAULT_RETRY_BACKOFF: Duration = Duration::from_millis(250);
    pub(crate) const DEFAULT_MAX_POLL_INTERVAL: Duration = Duration::from_secs(1);

    /// Settings with the defaults above and no role, warehouse, URL override or tag.
    pub fn new(account: impl Into<String>, user: impl Into<String>, auth: Authenticator) -> Self {
        ConnectionSettings {
            account: account.into(),
            user: user.into(),
            role: None,
            warehouse: None,
            url: None,
            auth,
            statement_timeout: Self::DEFAULT_STATEMENT_TIMEOUT,
            max_retries: Self::DEFAULT_MAX_RETRIES,
            retry_backoff: Self::DEFAULT_RETRY_BACKOFF,
            max_poll_interval: Self::DEFAULT_MAX_POLL_INTERVAL,
            query_tag: None,
        }
    }

    /// The parsed account identifier.
    pub(crate) fn account_identifier(&self) -> Result<AccountIdentifier, SettingsError> {
        Ok(AccountIdentifier::parse(&self.account)?)
    }

    /// The base URL requests are made against, always ending in `/`.
    pub fn base_url(&self) -> Result<Url, SettingsError> {
        let mut url = match &self.url {
            Some(url) => {
                check_override(url)?;
                url.clone()
            }
            None => {
                let host = self.account_identifier()?.host();
                Url::parse(&format!("https://{host}/")).map_err(|e| SettingsError::BadUrl {
                    url: host,
                    detail: e.to_string(),
                })?
            }
        };
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        Ok(url)
    }

    /// Checks everything that can be checked without a network.
    pub(crate) fn validate(&self) -> Result<(), SettingsError> {
        self.account_identifier()?;
        if self.user.trim().is_empty() && matches!(self.auth, Authenticator::KeyPair { .. }) {
            return Err(SettingsError::EmptyUser);
        }
        if self.statement_timeout < Duration::from_secs(1) {
            return Err(SettingsError::TimeoutTooShort {
                timeout: self.statement_timeout,
            });
        }
        self.base_url()?;
        Ok(())
    }
}

/// Options for one statement.
#[derive(Clone, Debug, Default)]
pub struct StatementOptions {
    /// Database the statement runs in (the SQL API has no `USE`).
    pub database: Option<String>,
    /// Schema the statement runs in.
    pub schema: Option<String>,
    /// The `requestId` to send, e.g. to resume a statement submitted earlier; a new UUID
    /// otherwise. Retries always reuse it.
    pub request_id: Option<Uuid>,
    /// Overrides [`ConnectionSettings::statement_timeout`].
    pub timeout: Option<Duration>,
}

/// Why connection settings cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error("the Snowflake user is empty; key-pair authentication needs it")]
    EmptyUser,
    #[error("the statement timeout {timeout:?} is shorter than one second")]
    TimeoutTooShort { timeout: Duration },
    #[error(
        "the Snowflake url {url} uses http:// on a non-loopback host; only https:// is allowed \
         there (http:// is for a sandbox on localhost)"
    )]
    InsecureUrl { url: String },
    #[error("the Snowflake url {url} must use https:// (or http:// on a loopback host)")]
    UnsupportedScheme { url: String },
    #[error("the Snowflake url {url} must not carry a user name or password")]
    CredentialsInUrl { url: String },
    #[error("the Snowflake url {url} must not carry a query or fragment")]
    QueryInUrl { url: String },
    #[error("the Snowflake url {url} is not valid: {detail}")]
    BadUrl { url: String, detail: String },
}

fn check_override(url: &Url) -> Result<(), SettingsError> {
    let shown = origin_of(url);
    if !url.username().is_empty() || url.password().is_some() {
        return Err(SettingsError::CredentialsInUrl { url: shown });
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(SettingsError::QueryInUrl { url: shown });
    }
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err(SettingsError::InsecureUrl { url: shown }),
        _ => Err(SettingsError::UnsupportedScheme { url: shown }),
    }
}

/// `scheme://host[:port]` — never the user info, which could hold a password.
fn origin_of(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// Whether `url` names this machine (`localhost`, `127.0.0.0/8`, `::1`).
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn settings(account: &str, url: Option<&str>) -> ConnectionSettings {
        let mut s = ConnectionSettings::new(
            account,
            "u",
            Authenticator::Pat {
                token: Secret::new("t"),
            },
        );
        s.url = url.map(|u| Url::parse(u).unwrap());
        s
    }

    #[test]
    fn default_url_comes_from_the_account() {
        let url = settings("myorg.my_acct", None).base_url().unwrap();
        assert_eq!(
            url.as_str(),
            "https://myorg-my-acct.snowflakecomputing.com/"
        );
    }

    #[test]
    fn http_only_on_loopback() {
        for ok in [
            "http://127.0.0.1:8080",
            "http://localhost:1/",
            "http://[::1]:9/",
            "https://private.example.com/prefix",
        ] {
            assert!(settings("a", Some(ok)).validate().is_ok(), "{ok}");
        }
        assert!(matches!(
            settings("a", Some("http://10.0.0.5:8080")).base_url(),
            Err(SettingsError::InsecureUrl { .. })
        ));
        assert!(matches!(
            settings("a", Some("http://localhost.evil.com")).base_url(),
            Err(SettingsError::InsecureUrl { .. })
        ));
        assert!(matches!(
            settings("a", Some("ftp://localhost")).base_url(),
            Err(SettingsError::UnsupportedScheme { .. })
        ));
    }

    #[test]
    fn override_keeps_its_path_as_a_prefix() {
        let url = settings("a", Some("https://gw.example.com/snowflake"))
            .base_url()
            .unwrap();
        assert_eq!(url.as_str(), "https://gw.example.com/snowflake/");
    }

    #[test]
    fn credentials_in_the_url_are_refused_without_being_shown() {
        let err = settings("a", Some("https://bob:hunter2@h.example.com"))
            .base_url()
            .unwrap_err();
        assert!(matches!(err, SettingsError::CredentialsInUrl { .. }));
        assert!(!err.to_string().contains("hunter2"));
    }

    #[test]
    fn validate_catches_empty_user_and_tiny_timeout() {
        let mut s = settings("a", None);
        s.user = " ".into();
        // A programmatic access token names its user: none is needed.
        assert_eq!(s.validate(), Ok(()));
        s.auth = Authenticator::KeyPair {
            private_key_pem: Secret::new("unused"),
            passphrase: None,
        };
        assert_eq!(s.validate(), Err(SettingsError::EmptyUser));
        let mut s = settings("a", None);
        s.statement_timeout = Duration::from_millis(10);
        assert!(matches!(
            s.validate(),
            Err(SettingsError::TimeoutTooShort { .. })
        ));
    }
}
