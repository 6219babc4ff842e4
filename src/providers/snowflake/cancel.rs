//! Cancelling running statements: at the deadline, on request, and when the caller stops
//! waiting (the future is dropped, e.g. on Ctrl-C).
//!
//! `POST /api/v2/statements/{handle}/cancel`. A dropped future cannot await anything, so
//! [`CancelOnDrop`] spawns the cancel request on the current runtime: best effort, since a
//! runtime that is shutting down may not run it (the server-side timeout sent with every
//! statement is the backstop). This module does not decide *when* a deadline has passed.

use std::sync::Arc;
use std::time::Duration;

use super::error::CancelOutcome;
use super::poll::Deadline;
use super::statement_text::StatementText;
use super::transport::{Call, ExchangeError, Transport};

/// How long a cancel request may take, retries included.
pub(crate) const CANCEL_TIMEOUT: Duration = Duration::from_secs(10);

/// Asks Snowflake to cancel statement `handle`.
pub(crate) async fn cancel_statement(
    transport: &Transport,
    handle: &str,
    statement: &StatementText,
) -> CancelOutcome {
    let call = Call::Cancel {
        url: transport.cancel_url(handle),
    };
    match transport
        .exchange(&call, Deadline::after(CANCEL_TIMEOUT), statement)
        .await
    {
        Ok(exchange) if exchange.status.is_success() => CancelOutcome::Cancelled,
        Ok(exchange) => {
            let body = String::from_utf8_lossy(&exchange.body);
            let message = serde_json::from_str::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_owned))
                .unwrap_or_else(|| body.chars().take(200).collect());
            CancelOutcome::CancelFailed {
                detail: format!(
                    "HTTP {}: {}",
                    exchange.status.as_u16(),
                    exchange.server_text(&message)
                ),
            }
        }
        Err(ExchangeError::DeadlinePassed) => CancelOutcome::CancelFailed {
            detail: format!("no answer within {CANCEL_TIMEOUT:?}"),
        },
        Err(ExchangeError::Failed(e)) => CancelOutcome::CancelFailed {
            detail: e.to_string(),
        },
    }
}

/// Cancels the statement it is armed with if dropped before being disarmed.
pub(crate) struct CancelOnDrop {
    transport: Arc<Transport>,
    statement: StatementText,
    handle: Option<String>,
}

impl CancelOnDrop {
    pub(crate) fn new(transport: Arc<Transport>, statement: StatementText) -> Self {
        CancelOnDrop {
            transport,
            statement,
            handle: None,
        }
    }

    /// The statement `handle` is running: cancel it if the wait is abandoned.
    pub(crate) fn arm(&mut self, handle: &str) {
        if self.handle.as_deref() != Some(handle) {
            self.handle = Some(handle.to_string());
        }
    }

    /// The statement finished (or was cancelled already): nothing to do on drop.
    pub(crate) fn disarm(&mut self) {
        self.handle = None;
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        let Some(handle) = self.handle.take() else {
            return;
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let transport = Arc::clone(&self.transport);
        let statement = self.statement.clone();
        runtime.spawn(async move {
            cancel_statement(&transport, &handle, &statement).await;
        });
    }
}
