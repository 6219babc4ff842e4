//! Which storage and management replies are worth another attempt.
//!
//! Retried: 409 `ContainerBeingDeleted` / `QueueBeingDeleted` (a container or queue of
//! that name is still being removed, which takes a while on Azure), 429, 500 and 503, and — only for reads —
//! connection failures, since a write that failed in flight may have happened. How long
//! to wait, and how often, is the providers' one [`RetryPolicy`].

pub use crate::providers::retry::RetryPolicy;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_replies() {
        assert!(is_retryable(503, None));
        assert!(is_retryable(429, Some("TooManyRequests")));
        assert!(is_retryable(409, Some("ContainerBeingDeleted")));
        assert!(!is_retryable(409, Some("ContainerAlreadyExists")));
        assert!(!is_retryable(404, None));
    }
}
