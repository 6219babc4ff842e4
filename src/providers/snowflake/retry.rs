//! Which SQL API replies are worth sending again.
//!
//! Retried: HTTP 429 (rate limited), 500, 502, 503, 504 and transport failures (refused or
//! dropped connections, resets). A retried statement submission carries the same
//! `requestId` and `retry=true`, so Snowflake never runs it twice; that is the transport's
//! job. How long to wait, and how often, is the providers' one
//! [`RetryPolicy`](crate::providers::retry::RetryPolicy).

use reqwest::StatusCode;

/// Whether a response with this status is worth sending again.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_transient_statuses_are_retried() {
        for code in [429, 500, 502, 503, 504] {
            assert!(is_retryable_status(StatusCode::from_u16(code).unwrap()));
        }
        for code in [200, 202, 400, 401, 403, 404, 408, 422, 501] {
            assert!(!is_retryable_status(StatusCode::from_u16(code).unwrap()));
        }
    }
}
