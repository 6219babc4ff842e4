//! When and how long to wait before resending a request.
//!
//! Retried: HTTP 429 (rate limited), 500, 502, 503, 504 and transport failures (refused or
//! dropped connections, resets). A retried statement submission carries the same
//! `requestId` and `retry=true`, so Snowflake never runs it twice; that is the transport's
//! job, this module only decides and computes delays. The backoff is exponential with
//! "equal jitter" (half fixed, half random) so that many clients hit by the same 503 do not
//! come back in lockstep, and a `Retry-After` header in seconds is honoured when longer.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// The longest single wait between attempts.
pub(crate) const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// How many times and how patiently to retry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RetryPolicy {
    /// Attempts after the first one.
    pub(crate) max_retries: u32,
    /// Upper bound of the first wait; doubles per retry up to [`MAX_BACKOFF`].
    pub(crate) initial_backoff: Duration,
}

impl RetryPolicy {
    /// Whether a response with this status is worth sending again.
    pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
        matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
    }

    /// The wait before retry number `retry` (1 for the first retry).
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let exponent = retry.saturating_sub(1).min(16);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1 << exponent)
            .min(MAX_BACKOFF);
        let ceiling_ms = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        let half = ceiling_ms / 2;
        Duration::from_millis(half + fastrand::u64(0..=ceiling_ms - half))
    }

    /// The wait before retry number `retry` after a response with `headers`: the backoff,
    /// or the server's `Retry-After` when that is longer (capped at [`MAX_BACKOFF`]).
    pub(crate) fn delay_after_response(&self, retry: u32, headers: &HeaderMap) -> Duration {
        let backoff = self.backoff(retry);
        match retry_after(headers) {
            Some(asked) => asked.min(MAX_BACKOFF).max(backoff),
            None => backoff,
        }
    }
}

/// `Retry-After: <seconds>`; the HTTP-date form is ignored (Snowflake does not send it).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_retries: 5,
            initial_backoff: Duration::from_millis(200),
        }
    }

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        for _ in 0..100 {
            let first = policy().backoff(1);
            assert!(first >= Duration::from_millis(100) && first <= Duration::from_millis(200));
            let third = policy().backoff(3);
            assert!(third >= Duration::from_millis(400) && third <= Duration::from_millis(800));
            assert!(policy().backoff(40) <= MAX_BACKOFF);
            assert!(policy().backoff(40) >= MAX_BACKOFF / 2);
        }
    }

    #[test]
    fn retry_after_is_honoured_when_longer() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("3"));
        assert_eq!(
            policy().delay_after_response(1, &headers),
            Duration::from_secs(3)
        );
        headers.insert(RETRY_AFTER, HeaderValue::from_static("3600"));
        assert_eq!(policy().delay_after_response(1, &headers), MAX_BACKOFF);
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert!(policy().delay_after_response(1, &headers) <= Duration::from_millis(200));
    }

    #[test]
    fn only_transient_statuses_are_retried() {
        for code in [429, 500, 502, 503, 504] {
            assert!(RetryPolicy::is_retryable_status(
                StatusCode::from_u16(code).unwrap()
            ));
        }
        for code in [200, 202, 400, 401, 403, 404, 408, 422, 501] {
            assert!(!RetryPolicy::is_retryable_status(
                StatusCode::from_u16(code).unwrap()
            ));
        }
    }
}
