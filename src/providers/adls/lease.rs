//! Blob leases: acquire, renew, release and break.
//!
//! A lease is the storage service's own mutual exclusion: at most one holder at a time,
//! granted atomically, and a fixed-duration lease lapses by itself if its holder stops
//! renewing it (which is what makes a crashed holder's lock expire).

use super::error::AdlsError;
use super::request::{ApiRequest, Service};
use super::transport::Transport;
use reqwest::Method;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum LeaseAction {
    /// A new lease of 15-60 s; the proposed id becomes the lease id.
    Acquire {
        duration: Duration,
        proposed_id: String,
    },
    Renew {
        lease_id: String,
    },
    Release {
        lease_id: String,
    },
    /// Ends any lease at once (break period 0), whoever holds it.
    Break,
}

pub(super) fn request(container: &str, blob: &str, action: &LeaseAction) -> ApiRequest {
    let base =
        ApiRequest::new(Method::PUT, Service::Blob, &[container, blob]).query("comp", "lease");
    match action {
        LeaseAction::Acquire {
            duration,
            proposed_id,
        } => base
            .header("x-ms-lease-action", "acquire")
            .header("x-ms-lease-duration", duration.as_secs().to_string())
            .header("x-ms-proposed-lease-id", proposed_id.clone()),
        LeaseAction::Renew { lease_id } => base
            .header("x-ms-lease-action", "renew")
            .header("x-ms-lease-id", lease_id.clone()),
        LeaseAction::Release { lease_id } => base
            .header("x-ms-lease-action", "release")
            .header("x-ms-lease-id", lease_id.clone()),
        LeaseAction::Break => base
            .header("x-ms-lease-action", "break")
            .header("x-ms-lease-break-period", "0"),
    }
}

/// Runs a lease action. For acquire and renew, returns the lease id the server reports,
/// which must be present.
pub(super) async fn run(
    transport: &Transport,
    container: &str,
    blob: &str,
    action: &LeaseAction,
) -> Result<Option<String>, AdlsError> {
    let request = request(container, blob, action);
    let reply = transport.send(&request).await?;
    match action {
        LeaseAction::Acquire { .. } | LeaseAction::Renew { .. } => {
            let id = reply.required_header(&request.describe(), "x-ms-lease-id")?;
            Ok(Some(id.to_owned()))
        }
        LeaseAction::Release { .. } | LeaseAction::Break => Ok(None),
    }
}
