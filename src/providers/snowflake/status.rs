//! What an SQL API response means: finished, still running, or which error.
//!
//! 200 is a result, 202 a statement still running (poll its handle), 408 a statement
//! Snowflake timed out and cancelled, 422 a failed statement (`QueryFailureStatus`), 401 a
//! refused token, 403 a refused role or network policy; anything else (including 429/5xx
//! once retries ran out) is reported with its status and Snowflake's message. Sending and
//! retrying is the transport's job; polling is the client's.

use reqwest::StatusCode;

use super::auth::TokenType;
use super::error::{CancelOutcome, ClientError};
use super::response::StatementResponse;
use super::statement_text::StatementText;
use super::transport::Exchange;

/// The longest piece of a non-JSON error body kept in a message.
const MAX_BODY_SNIPPET: usize = 300;

/// Who is connecting, for authentication messages.
#[derive(Debug, Clone)]
pub(crate) struct Identity {
    pub(crate) user: String,
    pub(crate) account: String,
    pub(crate) token_type: TokenType,
}

/// A response that is not an error.
#[derive(Debug)]
pub(crate) enum Progress {
    /// 200: the statement finished; the body holds its first partition.
    Done(StatementResponse),
    /// 202: the statement is still running; the body holds its handle.
    Running(StatementResponse),
}

/// Reads `exchange` as the answer about `statement`.
pub(crate) fn interpret(
    exchange: &Exchange,
    who: &Identity,
    statement: &StatementText,
) -> Result<Progress, ClientError> {
    let parsed = serde_json::from_slice::<StatementResponse>(&exchange.body);
    let status = exchange.status;
    let protocol = |detail: String, handle: Option<String>| ClientError::Protocol {
        status: status.as_u16(),
        detail,
        handle,
        statement: statement.clone(),
    };
    match status {
        StatusCode::OK | StatusCode::ACCEPTED => {
            let body =
                parsed.map_err(|e| protocol(format!("the body is not a result: {e}"), None))?;
            if body.statement_handle.as_deref().is_none_or(str::is_empty) {
                return Err(protocol("the response has no statementHandle".into(), None));
            }
            Ok(if status == StatusCode::OK {
                Progress::Done(body)
            } else {
                Progress::Running(body)
            })
        }
        _ => {
            let body = parsed.unwrap_or_default();
            Err(failure(exchange, body, who, statement))
        }
    }
}

/// Reads `exchange` as one further partition of a finished result: its `data` rows.
pub(crate) fn partition_data(
    exchange: &Exchange,
    who: &Identity,
    statement: &StatementText,
) -> Result<Vec<Vec<serde_json::Value>>, ClientError> {
    let parsed = serde_json::from_slice::<StatementResponse>(&exchange.body);
    if exchange.status != StatusCode::OK {
        return Err(failure(
            exchange,
            parsed.unwrap_or_default(),
            who,
            statement,
        ));
    }
    let body = parsed.map_err(|e| ClientError::Protocol {
        status: exchange.status.as_u16(),
        detail: format!("the body is not a result partition: {e}"),
        handle: None,
        statement: statement.clone(),
    })?;
    Ok(body.data.unwrap_or_default())
}

fn failure(
    exchange: &Exchange,
    body: StatementResponse,
    who: &Identity,
    statement: &StatementText,
) -> ClientError {
    let message = body
        .message
        .as_deref()
        .map(|m| exchange.server_text(m))
        .unwrap_or_else(|| body_snippet(exchange));
    let code = body.code.clone();
    match exchange.status.as_u16() {
        401 => ClientError::AuthenticationFailed {
            token_type: who.token_type,
            user: who.user.clone(),
            account: who.account.clone(),
            code,
            message,
        },
        403 => ClientError::Forbidden {
            user: who.user.clone(),
            code,
            message,
            statement: statement.clone(),
        },
        408 => ClientError::Timeout {
            after: std::time::Duration::ZERO,
            handle: body.statement_handle,
            outcome: CancelOutcome::CancelledByServer,
            statement: statement.clone(),
        },
        422 => ClientError::Statement {
            code: code.unwrap_or_default(),
            sql_state: body.sql_state.unwrap_or_default(),
            message,
            statement: statement.clone(),
            handle: body.statement_handle.unwrap_or_default(),
        },
        status => ClientError::Http {
            status,
            code,
            message,
            attempts: exchange.attempts,
            statement: statement.clone(),
        },
    }
}

/// The start of a body that is not Snowflake JSON (a proxy's HTML page, say); withheld
/// whole when it quotes the token (checked before cutting, so no piece of it is kept).
fn body_snippet(exchange: &Exchange) -> String {
    let text = String::from_utf8_lossy(&exchange.body);
    let text = exchange.server_text(text.trim());
    if text.is_empty() {
        return exchange
            .status
            .canonical_reason()
            .unwrap_or("no message")
            .to_string();
    }
    let mut snippet: String = text.chars().take(MAX_BODY_SNIPPET).collect();
    if text.chars().count() > MAX_BODY_SNIPPET {
        snippet.push('…');
    }
    snippet
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn who() -> Identity {
        Identity {
            user: "DEPLOY".into(),
            account: "MYORG-ACCT".into(),
            token_type: TokenType::OAuth,
        }
    }

    fn exchange(status: u16, body: &str) -> Exchange {
        Exchange::for_test(
            StatusCode::from_u16(status).unwrap(),
            body,
            Secret::new("tok123"),
        )
    }

    fn statement() -> StatementText {
        StatementText::new("SELECT 1")
    }

    #[test]
    fn running_and_done_need_a_handle() {
        let running = interpret(
            &exchange(202, r#"{"code":"333334","statementHandle":"h"}"#),
            &who(),
            &statement(),
        );
        assert!(matches!(running, Ok(Progress::Running(_))));
        let no_handle = interpret(&exchange(200, r#"{"data":[]}"#), &who(), &statement());
        assert!(matches!(no_handle, Err(ClientError::Protocol { .. })));
        let not_json = interpret(&exchange(200, "<html>"), &who(), &statement());
        assert!(matches!(
            not_json,
            Err(ClientError::Protocol { status: 200, .. })
        ));
    }

    #[test]
    fn failure_carries_code_state_message_and_handle() {
        let err = interpret(
            &exchange(
                422,
                r#"{"code":"002003","sqlState":"02000","message":"Object 'X' does not exist.","statementHandle":"h9"}"#,
            ),
            &who(),
            &statement(),
        )
        .unwrap_err();
        assert_eq!(err.code(), Some("002003"));
        assert_eq!(err.sql_state(), Some("02000"));
        assert_eq!(err.statement_handle(), Some("h9"));
    }

    #[test]
    fn unauthorized_never_echoes_the_token() {
        let err = interpret(
            &exchange(
                401,
                r#"{"code":"390303","message":"Invalid OAuth access token tok123"}"#,
            ),
            &who(),
            &statement(),
        )
        .unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.starts_with("authentication failed (HTTP 401)"),
            "{shown}"
        );
        assert!(!shown.contains("tok123"));
        assert!(
            shown.contains(super::super::transport::WITHHELD_MESSAGE),
            "{shown}"
        );
    }

    #[test]
    fn a_partition_needs_no_handle_but_must_be_ok() {
        let rows = partition_data(
            &exchange(200, r#"{"data":[["a"],[null]]}"#),
            &who(),
            &statement(),
        );
        assert_eq!(rows.unwrap().len(), 2);
        let running = partition_data(
            &exchange(202, r#"{"statementHandle":"h"}"#),
            &who(),
            &statement(),
        );
        assert!(matches!(
            running,
            Err(ClientError::Http { status: 202, .. })
        ));
    }

    #[test]
    fn non_json_error_bodies_are_summarised() {
        let err = interpret(
            &exchange(502, "<html>Bad gateway</html>"),
            &who(),
            &statement(),
        )
        .unwrap_err();
        assert!(matches!(err, ClientError::Http { status: 502, .. }));
        assert!(err.to_string().contains("<html>Bad gateway</html>"));
        let err = interpret(&exchange(404, ""), &who(), &statement()).unwrap_err();
        assert!(err.to_string().contains("Not Found"));
    }
}
