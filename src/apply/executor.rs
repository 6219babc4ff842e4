//! Carrying out one step of a plan against its provider: a statement through the
//! Snowflake client, an operation through the lake.
//!
//! The executor never decides what to run and never retries on its own: the Snowflake
//! client already retries a statement under one `requestId` (so a retry never runs it
//! twice) and the lake client retries its idempotent calls. A failure comes back as a
//! [`StepError`] that keeps what the report needs: Snowflake's code, SQL state and
//! message, or the storage service's status and code, and whether the step may have run.

use std::future::Future;

use crate::plan::Step;
use crate::providers::adls::{AdlsError, Lake};
use crate::providers::snowflake::client::SnowflakeClient;
use crate::providers::snowflake::error::ClientError;

/// Where a plan's steps go. Either side may be absent: an environment without a lake has
/// no `lake`, and a plan that touches only containers needs no Snowflake client.
#[derive(Clone, Debug, Default)]
pub struct Targets {
    pub snowflake: Option<SnowflakeClient>,
    pub lake: Option<Lake>,
}

/// Which provider a step needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProviderSide {
    Snowflake,
    Lake,
}

impl std::fmt::Display for ProviderSide {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ProviderSide::Snowflake => "Snowflake",
            ProviderSide::Lake => "the lake (ADLS)",
        })
    }
}

/// The provider `step` runs against.
pub(crate) fn side_of(step: &Step) -> ProviderSide {
    match step {
        Step::Snowflake { .. } => ProviderSide::Snowflake,
        Step::Adls { .. } => ProviderSide::Lake,
    }
}

/// Why a step failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    /// Snowflake refused or could not run the statement. `code` and `sql_state` are
    /// Snowflake's when it answered (`002003`, `02000`), absent for transport failures.
    #[error("{}", snowflake_message(.code, .sql_state, .message))]
    Snowflake {
        code: Option<String>,
        sql_state: Option<String>,
        message: String,
        /// The statement may have run (the connection failed after it was sent): the
        /// next plan, made from the live state, shows what actually happened.
        outcome_unknown: bool,
    },
    #[error("{message}")]
    Lake {
        status: Option<u16>,
        code: Option<String>,
        message: String,
    },
    #[error("this step needs {0}, which the environment does not configure")]
    NoTarget(ProviderSide),
}

fn snowflake_message(code: &Option<String>, sql_state: &Option<String>, message: &str) -> String {
    match (code, sql_state) {
        (Some(code), Some(state)) => format!("Snowflake error {code} ({state}): {message}"),
        (Some(code), None) => format!("Snowflake error {code}: {message}"),
        _ => message.to_string(),
    }
}

impl From<&ClientError> for StepError {
    fn from(error: &ClientError) -> Self {
        let message = match error {
            // The statement itself is already in the report next to the error.
            ClientError::Statement { message, .. } => message.clone(),
            other => other.to_string(),
        };
        StepError::Snowflake {
            code: error.code().map(str::to_string),
            sql_state: error.sql_state().map(str::to_string),
            message,
            outcome_unknown: error.outcome_unknown(),
        }
    }
}

impl From<&AdlsError> for StepError {
    fn from(error: &AdlsError) -> Self {
        StepError::Lake {
            status: error.status(),
            code: error.service_code().map(str::to_string),
            message: error.to_string(),
        }
    }
}

/// Runs single steps. [`Targets`] is the real one; tests substitute recorders.
pub trait Executor: Send + Sync + 'static {
    /// Whether a step for `side` can run at all (checked for every step before anything
    /// runs, so a plan is never half-applied for want of a connection).
    fn has(&self, side: ProviderSide) -> bool;

    fn execute(&self, step: &Step) -> impl Future<Output = Result<(), StepError>> + Send;
}

impl Executor for Targets {
    fn has(&self, side: ProviderSide) -> bool {
        match side {
            ProviderSide::Snowflake => self.snowflake.is_some(),
            ProviderSide::Lake => self.lake.is_some(),
        }
    }

    async fn execute(&self, step: &Step) -> Result<(), StepError> {
        match step {
            Step::Snowflake { statement } => {
                let client = self
                    .snowflake
                    .as_ref()
                    .ok_or(StepError::NoTarget(ProviderSide::Snowflake))?;
                client
                    .execute(statement)
                    .await
                    .map(drop)
                    .map_err(|e| StepError::from(&e))
            }
            Step::Adls { operation, .. } => {
                let lake = self
                    .lake
                    .as_ref()
                    .ok_or(StepError::NoTarget(ProviderSide::Lake))?;
                lake.execute(operation)
                    .await
                    .map_err(|e| StepError::from(&e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::snowflake::statement_text::StatementText;

    #[test]
    fn a_refused_statement_keeps_snowflakes_code_and_message() {
        let error = ClientError::Statement {
            code: "002003".into(),
            sql_state: "02000".into(),
            message: "Table 'T' does not exist or not authorized.".into(),
            statement: StatementText::new("DROP TABLE T"),
            handle: "01b2".into(),
        };
        let step = StepError::from(&error);
        assert_eq!(
            step.to_string(),
            "Snowflake error 002003 (02000): Table 'T' does not exist or not authorized."
        );
        assert!(matches!(
            step,
            StepError::Snowflake {
                outcome_unknown: false,
                ..
            }
        ));
    }

    #[test]
    fn a_lost_connection_is_an_unknown_outcome() {
        let error = ClientError::Transport {
            host: "127.0.0.1".into(),
            attempts: 6,
            detail: "connection reset".into(),
            statement: StatementText::new("CREATE TABLE T (A INT)"),
        };
        assert!(matches!(
            StepError::from(&error),
            StepError::Snowflake {
                code: None,
                outcome_unknown: true,
                ..
            }
        ));
    }

    #[tokio::test]
    async fn a_step_without_its_provider_fails_without_panicking() {
        let targets = Targets::default();
        assert!(!targets.has(ProviderSide::Snowflake));
        let failed = targets.execute(&Step::sql("SELECT 1")).await.unwrap_err();
        assert_eq!(failed, StepError::NoTarget(ProviderSide::Snowflake));
    }
}
