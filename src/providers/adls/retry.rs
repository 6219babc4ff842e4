//! When and how long to wait before retrying a storage request.
//!
//! Retried: 409 `ContainerBeingDeleted` / `QueueBeingDeleted` (a container or queue of
//! that name is still being removed, which takes a while on Azure), 429, 500 and 503, and — only for reads —
//! connection failures, since a write that failed in flight may have happened. The wait
//! is exponential with full jitter, capped, and honours `Retry-After` within the cap; the
//! number of attempts is bounded.

use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in total, the first one included.
    pub max_attempts: u32,
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
    /// Whether a reply with this status and error code is worth another attempt.
    pub(crate) fn is_retryable(status: u16, code: Option<&str>) -> bool {
        match status {
            429 | 500 | 503 => true,
            // A queue of that name being deleted: "QueueBeingDeleted", 409
            // (https://learn.microsoft.com/rest/api/storageservices/queue-service-error-codes).
            409 => matches!(code, Some("ContainerBeingDeleted" | "QueueBeingDeleted")),
            _ => false,
        }
    }

    /// The wait before attempt `attempt + 1` (`attempt` counts from 1).
    pub(crate) fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)));
        let ceiling = exp.min(self.max_delay);
        let jittered = ceiling.mul_f64(fastrand::f64());
        match retry_after {
            Some(wait) => wait.min(self.max_delay).max(jittered),
            None => jittered,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_replies() {
        assert!(RetryPolicy::is_retryable(503, None));
        assert!(RetryPolicy::is_retryable(429, Some("TooManyRequests")));
        assert!(RetryPolicy::is_retryable(
            409,
            Some("ContainerBeingDeleted")
        ));
        assert!(!RetryPolicy::is_retryable(
            409,
            Some("ContainerAlreadyExists")
        ));
        assert!(!RetryPolicy::is_retryable(404, None));
    }

    #[test]
    fn delays_are_bounded_and_honour_retry_after() {
        let p = RetryPolicy::default();
        for attempt in 1..20 {
            assert!(p.delay(attempt, None) <= p.max_delay);
        }
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(3))),
            Duration::from_secs(3)
        );
        assert_eq!(p.delay(1, Some(Duration::from_secs(60))), p.max_delay);
    }
}
