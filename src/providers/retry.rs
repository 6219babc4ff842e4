//! How long to wait before trying a request again, for every provider: Snowflake's SQL
//! API, the storage services and Azure Resource Manager.
//!
//! Which replies are worth another attempt is each service's own knowledge and stays with
//! its transport (`snowflake::retry`, `adls::retry`); how many attempts and how long
//! between them is one policy. The wait grows exponentially from `base_delay`, capped at
//! `max_delay`, with "equal jitter" (half fixed, half random): many clients refused by the
//! same 503 do not come back in lockstep, and none comes back at once, which full jitter
//! allows. A server's `Retry-After` (in seconds) is honoured when it asks for longer, up to
//! the cap.

use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};

/// How many times and how patiently to try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in total, the first one included.
    pub max_attempts: u32,
    /// The ceiling of the first wait; doubles per attempt up to `max_delay`.
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 6,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// The wait after attempt `attempt` failed (`attempt` counts from 1), given the
    /// server's `Retry-After` if it sent one.
    pub(crate) fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let exponent = attempt.saturating_sub(1).min(16);
        let ceiling = self
            .base_delay
            .saturating_mul(1 << exponent)
            .min(self.max_delay);
        let ceiling_ms = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        let half = ceiling_ms / 2;
        let backoff = Duration::from_millis(half + fastrand::u64(0..=ceiling_ms - half));
        match retry_after {
            Some(asked) => asked.min(self.max_delay).max(backoff),
            None => backoff,
        }
    }
}

/// `Retry-After: <seconds>`; the HTTP-date form is ignored (neither Snowflake nor Azure
/// storage sends it).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 6,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
        }
    }

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        for _ in 0..100 {
            let first = policy().delay(1, None);
            assert!(first >= Duration::from_millis(100) && first <= Duration::from_millis(200));
            let third = policy().delay(3, None);
            assert!(third >= Duration::from_millis(400) && third <= Duration::from_millis(800));
            assert!(policy().delay(40, None) <= Duration::from_secs(10));
            assert!(policy().delay(40, None) >= Duration::from_secs(5));
        }
    }

    #[test]
    fn retry_after_is_honoured_when_longer_within_the_cap() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("3"));
        assert_eq!(
            policy().delay(1, retry_after(&headers)),
            Duration::from_secs(3)
        );
        headers.insert(RETRY_AFTER, HeaderValue::from_static("3600"));
        assert_eq!(
            policy().delay(1, retry_after(&headers)),
            Duration::from_secs(10)
        );
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
        assert!(policy().delay(1, retry_after(&headers)) <= Duration::from_millis(200));
    }
}
