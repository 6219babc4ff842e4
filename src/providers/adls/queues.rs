//! Queue calls on the Queue service endpoint: list (with metadata, paged), create, set
//! metadata, delete. Authorised like the Blob calls — Shared Key signs the queue service
//! with the same string to sign
//! (https://learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key), a
//! SAS is appended, an Entra ID token has the storage scope.
//!
//! * List Queues: `GET /?comp=list&include=metadata`, following `NextMarker`
//!   (https://learn.microsoft.com/rest/api/storageservices/list-queues1): one listing
//!   for the account, never a call per queue.
//! * Create Queue: `PUT /<queue>` with `x-ms-meta-*`; 201 created, 204 when it exists
//!   with the same metadata, 409 `QueueAlreadyExists` when it exists with other metadata
//!   (https://learn.microsoft.com/rest/api/storageservices/create-queue4).
//! * Set Queue Metadata: `PUT /<queue>?comp=metadata`, replacing all of it
//!   (https://learn.microsoft.com/rest/api/storageservices/set-queue-metadata).
//! * Delete Queue: `DELETE /<queue>`
//!   (https://learn.microsoft.com/rest/api/storageservices/delete-queue3).
//!
//! Request builders are separate from senders so that a planned operation describes
//! exactly the request it will send. No call sends `Content-Encoding` or
//! `Content-Language`: Azurite's queue authenticator orders those two differently from
//! the documented string to sign, and lakeform never needs them.

use super::error::AdlsError;
use super::listing;
use super::request::{ApiRequest, Service};
use super::transport::Transport;
use crate::kinds::storage_queue::StorageQueue;
use reqwest::Method;
use std::collections::BTreeMap;

pub(super) fn list_request(page_size: u32, marker: Option<&str>) -> ApiRequest {
    let mut request = ApiRequest::new(Method::GET, Service::Queue, &[])
        .query("comp", "list")
        .query("include", "metadata")
        .query("maxresults", page_size.to_string());
    if let Some(marker) = marker {
        request = request.query("marker", marker);
    }
    request
}

/// Every queue of the account, following `NextMarker` to the end, sorted by name.
pub(super) async fn list(
    transport: &Transport,
    page_size: u32,
) -> Result<Vec<StorageQueue>, AdlsError> {
    let mut all = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let request = list_request(page_size, marker.as_deref());
        let action = request.describe();
        let reply = transport.send(&request).await?;
        let page = listing::parse_queue_list(&action, reply.text(&action)?)?;
        for item in page.items {
            let name = item.name.clone();
            let queue = StorageQueue::from_stored(item.name, item.metadata).map_err(|e| {
                AdlsError::malformed(&action, format!("metadata of queue {name:?}: {e}"))
            })?;
            all.push(queue);
        }
        match page.next_marker {
            Some(next) if Some(&next) == marker.as_ref() => {
                return Err(AdlsError::malformed(
                    &action,
                    "NextMarker repeats the marker just used",
                ));
            }
            Some(next) => marker = Some(next),
            None => break,
        }
    }
    all.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(all)
}

pub(super) fn create_request(name: &str, stored_metadata: &BTreeMap<String, String>) -> ApiRequest {
    with_metadata(
        ApiRequest::new(Method::PUT, Service::Queue, &[name]),
        stored_metadata,
    )
}

pub(super) fn set_metadata_request(
    name: &str,
    stored_metadata: &BTreeMap<String, String>,
) -> ApiRequest {
    with_metadata(
        ApiRequest::new(Method::PUT, Service::Queue, &[name]).query("comp", "metadata"),
        stored_metadata,
    )
}

pub(super) fn delete_request(name: &str) -> ApiRequest {
    ApiRequest::new(Method::DELETE, Service::Queue, &[name])
}

/// Creates a queue. A 204 means a queue of that name already exists with exactly this
/// metadata: the service treats that as success, and so does lakeform, since the live
/// state is then what was asked for.
pub(super) async fn create(
    transport: &Transport,
    name: &str,
    stored_metadata: &BTreeMap<String, String>,
) -> Result<(), AdlsError> {
    transport
        .send(&create_request(name, stored_metadata))
        .await
        .map(drop)
}

fn with_metadata(mut request: ApiRequest, metadata: &BTreeMap<String, String>) -> ApiRequest {
    for (key, value) in metadata {
        request = request.header(&format!("x-ms-meta-{key}"), value.clone());
    }
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_the_documented_calls() {
        let metadata = BTreeMap::from([("owner".to_owned(), "ingest".to_owned())]);
        let create = create_request("orders-events", &metadata);
        assert_eq!(create.describe(), "Queue service: PUT /orders-events");
        assert_eq!(
            create.headers,
            [("x-ms-meta-owner".to_owned(), "ingest".to_owned())]
        );
        assert_eq!(
            set_metadata_request("orders-events", &BTreeMap::new()).describe(),
            "Queue service: PUT /orders-events?comp=metadata"
        );
        assert_eq!(
            delete_request("orders-events").describe(),
            "Queue service: DELETE /orders-events"
        );
        assert_eq!(
            list_request(5000, Some("/acct/q2")).describe(),
            "Queue service: GET /?comp=list&include=metadata&maxresults=5000&marker=%2Facct%2Fq2"
        );
    }
}
