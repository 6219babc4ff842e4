//! Container calls on the Blob endpoint: list (with metadata, paged), properties, create,
//! set metadata, set public access, delete.
//!
//! Request builders are separate from senders so that a planned operation can describe
//! exactly the request it will send.

use super::error::AdlsError;
use super::listing::{self, ContainerItem};
use super::request::{ApiRequest, Service};
use super::transport::Transport;
use crate::kinds::container::PublicAccess;
use reqwest::Method;
use std::collections::BTreeMap;

pub(super) fn list_request(page_size: u32, marker: Option<&str>) -> ApiRequest {
    let mut request = ApiRequest::new(Method::GET, Service::Blob, &[])
        .query("comp", "list")
        .query("include", "metadata")
        .query("maxresults", page_size.to_string());
    if let Some(marker) = marker {
        request = request.query("marker", marker);
    }
    request
}

/// Every container of the account, following `NextMarker` to the end.
pub(super) async fn list(
    transport: &Transport,
    page_size: u32,
) -> Result<Vec<ContainerItem>, AdlsError> {
    let mut all = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let request = list_request(page_size, marker.as_deref());
        let reply = transport.send(&request).await?;
        let page =
            listing::parse_container_list(&request.describe(), reply.text(&request.describe())?)?;
        all.extend(page.items);
        match page.next_marker {
            Some(next) if Some(&next) == marker.as_ref() => {
                return Err(AdlsError::malformed(
                    &request.describe(),
                    "NextMarker repeats the marker just used",
                ));
            }
            Some(next) => marker = Some(next),
            None => return Ok(all),
        }
    }
}

/// One container's metadata and public access, or `None` if it does not exist.
pub(super) async fn properties(
    transport: &Transport,
    name: &str,
) -> Result<Option<ContainerItem>, AdlsError> {
    let request =
        ApiRequest::new(Method::HEAD, Service::Blob, &[name]).query("restype", "container");
    match transport.send(&request).await {
        Ok(reply) => {
            let action = request.describe();
            let public_access =
                listing::parse_public_access(&action, reply.header("x-ms-blob-public-access"))?;
            // A HEAD reply without an ETag is not a container's properties.
            reply.required_header(&action, "etag")?;
            Ok(Some(ContainerItem {
                name: name.to_owned(),
                public_access,
                metadata: reply.metadata(),
            }))
        }
        Err(e) if e.status() == Some(404) => Ok(None),
        Err(e) => Err(e),
    }
}

pub(super) fn create_request(
    name: &str,
    stored_metadata: &BTreeMap<String, String>,
    public_access: PublicAccess,
) -> ApiRequest {
    let mut request =
        ApiRequest::new(Method::PUT, Service::Blob, &[name]).query("restype", "container");
    request = with_metadata(request, stored_metadata);
    if let Some(access) = public_access.header_value() {
        request = request.header("x-ms-blob-public-access", access);
    }
    request
}

pub(super) fn set_metadata_request(
    name: &str,
    stored_metadata: &BTreeMap<String, String>,
) -> ApiRequest {
    let request = ApiRequest::new(Method::PUT, Service::Blob, &[name])
        .query("restype", "container")
        .query("comp", "metadata");
    with_metadata(request, stored_metadata)
}

pub(super) fn get_acl_request(name: &str) -> ApiRequest {
    ApiRequest::new(Method::GET, Service::Blob, &[name])
        .query("restype", "container")
        .query("comp", "acl")
}

/// Set Container ACL replaces the stored access policies along with the public access
/// level, so the caller passes the policies it read (the body of Get Container ACL).
pub(super) fn set_public_access_request(
    name: &str,
    public_access: PublicAccess,
    policies: Vec<u8>,
) -> ApiRequest {
    let mut request = ApiRequest::new(Method::PUT, Service::Blob, &[name])
        .query("restype", "container")
        .query("comp", "acl");
    if let Some(access) = public_access.header_value() {
        request = request.header("x-ms-blob-public-access", access);
    }
    if !policies.is_empty() {
        request = request
            .header("content-type", "application/xml")
            .body(policies);
    }
    request
}

/// Sets the public access level, keeping the container's stored access policies.
pub(super) async fn set_public_access(
    transport: &Transport,
    name: &str,
    public_access: PublicAccess,
) -> Result<(), AdlsError> {
    let current = transport.send(&get_acl_request(name)).await?;
    let policies = if current.body.iter().all(u8::is_ascii_whitespace) {
        Vec::new()
    } else {
        current.body
    };
    transport
        .send(&set_public_access_request(name, public_access, policies))
        .await?;
    Ok(())
}

pub(super) fn delete_request(name: &str) -> ApiRequest {
    ApiRequest::new(Method::DELETE, Service::Blob, &[name]).query("restype", "container")
}

fn with_metadata(mut request: ApiRequest, metadata: &BTreeMap<String, String>) -> ApiRequest {
    for (key, value) in metadata {
        request = request.header(&format!("x-ms-meta-{key}"), value.clone());
    }
    request
}
