//! Errors of the SQL API client.
//!
//! Each carries what the caller needs to report or react: Snowflake's `code`, `sqlState`
//! and `message`, the statement (redacted and capped, see `statement_text`) and its
//! handle. A message from the server that quotes the bearer token is withheld whole
//! (never edited, see `Exchange::server_text`), and no variant holds a token, key or
//! passphrase.

use std::time::Duration;

use super::account::AccountError;
use super::auth::{AuthError, TokenType};
use super::result_set::MissingColumn;
use super::settings::SettingsError;
use super::statement_text::StatementText;

/// Whether a statement that ran out of time was cancelled on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CancelOutcome {
    /// Snowflake stopped it itself (HTTP 408).
    CancelledByServer,
    /// The client's cancel request was accepted.
    Cancelled,
    /// The cancel request failed; the statement may still be running.
    CancelFailed { detail: String },
    /// The statement had finished; only reading its result ran out of time.
    AlreadyFinished,
    /// No handle was known yet, so nothing could be cancelled; the server-side timeout
    /// sent with the statement still applies.
    NoHandle,
}

impl std::fmt::Display for CancelOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CancelOutcome::CancelledByServer => f.write_str("Snowflake cancelled it"),
            CancelOutcome::Cancelled => f.write_str("it was cancelled"),
            CancelOutcome::CancelFailed { detail } => {
                write!(
                    f,
                    "cancelling it failed ({detail}); it may still be running"
                )
            }
            CancelOutcome::AlreadyFinished => {
                f.write_str("the statement itself had finished; reading its result ran out of time")
            }
            CancelOutcome::NoHandle => f.write_str(
                "no statement handle was received, so the server-side timeout will stop it",
            ),
        }
    }
}

/// Everything that can go wrong talking to Snowflake.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ClientError {
    #[error("invalid Snowflake connection settings: {0}")]
    Settings(#[from] SettingsError),

    #[error("Snowflake credentials could not be prepared: {0}")]
    Auth(#[from] AuthError),

    #[error("could not create the HTTP client: {detail}")]
    HttpClient { detail: String },

    #[error(
        "authentication failed (HTTP 401): Snowflake rejected the {token_type} credentials of \
         user {user} on account {account}{}: {message}",
        code_suffix(.code)
    )]
    AuthenticationFailed {
        token_type: TokenType,
        user: String,
        account: String,
        code: Option<String>,
        message: String,
    },

    #[error(
        "access denied (HTTP 403{}) for user {user}: {message}\n  statement: {statement}",
        code_suffix(.code)
    )]
    Forbidden {
        user: String,
        code: Option<String>,
        message: String,
        statement: StatementText,
    },

    #[error(
        "statement failed: {message} (code {code}, SQL state {sql_state}, statement handle {handle})\n  statement: {statement}"
    )]
    Statement {
        code: String,
        sql_state: String,
        message: String,
        statement: StatementText,
        handle: String,
    },

    #[error(
        "statement timed out after {after:?}{}; {outcome}\n  statement: {statement}",
        handle_suffix(.handle)
    )]
    Timeout {
        after: Duration,
        handle: Option<String>,
        outcome: CancelOutcome,
        statement: StatementText,
    },

    #[error(
        "Snowflake answered HTTP {status}{} after {attempts} attempt(s): {message}\n  statement: {statement}",
        code_suffix(.code)
    )]
    Http {
        status: u16,
        code: Option<String>,
        message: String,
        attempts: u32,
        statement: StatementText,
    },

    #[error(
        "could not reach Snowflake at {host} after {attempts} attempt(s): {detail}\n  statement: {statement}"
    )]
    Transport {
        host: String,
        attempts: u32,
        detail: String,
        statement: StatementText,
    },

    #[error(
        "unexpected response from Snowflake (HTTP {status}{}): {detail}\n  statement: {statement}",
        handle_suffix(.handle)
    )]
    Protocol {
        status: u16,
        detail: String,
        handle: Option<String>,
        statement: StatementText,
    },

    #[error(transparent)]
    MissingColumn(#[from] MissingColumn),
}

impl From<AccountError> for ClientError {
    fn from(e: AccountError) -> Self {
        ClientError::Settings(SettingsError::Account(e))
    }
}

impl ClientError {
    /// Snowflake's error code (e.g. `002003` for "does not exist or not authorized").
    pub fn code(&self) -> Option<&str> {
        match self {
            ClientError::Statement { code, .. } => Some(code),
            ClientError::AuthenticationFailed { code, .. }
            | ClientError::Forbidden { code, .. }
            | ClientError::Http { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    /// The SQL state of a failed statement.
    pub(crate) fn sql_state(&self) -> Option<&str> {
        match self {
            ClientError::Statement { sql_state, .. } => Some(sql_state),
            _ => None,
        }
    }

    /// The handle of the statement concerned, when Snowflake gave one.
    pub fn statement_handle(&self) -> Option<&str> {
        match self {
            ClientError::Statement { handle, .. } => Some(handle),
            ClientError::Timeout { handle, .. } | ClientError::Protocol { handle, .. } => {
                handle.as_deref()
            }
            _ => None,
        }
    }

    /// Whether the statement may have run, or may still be running. Callers that must
    /// know (apply) should re-read the live state instead of assuming it did not.
    pub(crate) fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            ClientError::Transport { .. }
                | ClientError::Http { .. }
                | ClientError::Protocol { .. }
                | ClientError::Timeout {
                    outcome: CancelOutcome::CancelFailed { .. } | CancelOutcome::NoHandle,
                    ..
                }
        )
    }
}

fn code_suffix(code: &Option<String>) -> String {
    code.as_ref()
        .map(|c| format!(", code {c}"))
        .unwrap_or_default()
}

fn handle_suffix(handle: &Option<String>) -> String {
    handle
        .as_ref()
        .map(|h| format!(", statement handle {h}"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_error_shows_everything_a_user_needs() {
        let err = ClientError::Statement {
            code: "002003".into(),
            sql_state: "02000".into(),
            message: "Table 'T' does not exist or not authorized.".into(),
            statement: StatementText::new("DROP TABLE T"),
            handle: "01b2".into(),
        };
        let shown = err.to_string();
        for part in ["002003", "02000", "does not exist", "DROP TABLE T", "01b2"] {
            assert!(shown.contains(part), "{shown}");
        }
        assert_eq!(err.code(), Some("002003"));
        assert_eq!(err.sql_state(), Some("02000"));
        assert_eq!(err.statement_handle(), Some("01b2"));
    }

    #[test]
    fn authentication_failure_reads_clearly() {
        let err = ClientError::AuthenticationFailed {
            token_type: TokenType::KeyPairJwt,
            user: "DEPLOY".into(),
            account: "MYORG-ACCT".into(),
            code: Some("390144".into()),
            message: "JWT token is invalid.".into(),
        };
        assert_eq!(
            err.to_string(),
            "authentication failed (HTTP 401): Snowflake rejected the KEYPAIR_JWT credentials \
             of user DEPLOY on account MYORG-ACCT, code 390144: JWT token is invalid."
        );
    }
}
