//! Blob calls on the Blob endpoint, for what lakeform keeps in blobs: directory markers on
//! flat-namespace accounts and the apply lock blob. Not a general blob client: there is no
//! upload or download of data.
//!
//! Directory markers follow the convention of Azure's Hadoop and Data Lake tools: a
//! zero-length block blob named after the directory with a trailing '/' (`raw/customer/`)
//! and the metadata `hdi_isfolder=true`. The trailing '/' keeps a marker from colliding
//! with a file of the same name and makes it part of its own prefix.

use super::error::AdlsError;
use super::listing::{self, BlobItem};
use super::request::{ApiRequest, Service};
use super::transport::{Reply, Transport};
use reqwest::Method;

/// Metadata that marks a zero-length blob as a directory.
pub(super) const FOLDER_MARKER_KEY: &str = "hdi_isfolder";

pub(super) fn list_request(
    container: &str,
    prefix: Option<&str>,
    page_size: u32,
    marker: Option<&str>,
) -> ApiRequest {
    let mut request = ApiRequest::new(Method::GET, Service::Blob, &[container])
        .query("restype", "container")
        .query("comp", "list")
        .query("include", "metadata")
        .query("maxresults", page_size.to_string());
    if let Some(prefix) = prefix {
        request = request.query("prefix", prefix);
    }
    if let Some(marker) = marker {
        request = request.query("marker", marker);
    }
    request
}

/// Every blob of `container` under `prefix`, following `NextMarker` to the end.
pub(super) async fn list(
    transport: &Transport,
    container: &str,
    prefix: Option<&str>,
    page_size: u32,
) -> Result<Vec<BlobItem>, AdlsError> {
    let mut all = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let request = list_request(container, prefix, page_size, marker.as_deref());
        let action = request.describe();
        let reply = transport.send(&request).await?;
        let page = listing::parse_blob_list(&action, reply.text(&action)?)?;
        all.extend(page.items);
        match page.next_marker {
            Some(next) if Some(&next) == marker.as_ref() => {
                return Err(AdlsError::malformed(
                    &action,
                    "NextMarker repeats the marker just used",
                ));
            }
            Some(next) => marker = Some(next),
            None => return Ok(all),
        }
    }
}

/// The directory a blob marks, if it is a marker.
pub(super) fn marked_directory(blob: &BlobItem) -> Option<&str> {
    let is_marker = blob
        .metadata
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case(FOLDER_MARKER_KEY) && v.eq_ignore_ascii_case("true"));
    if is_marker {
        blob.name.strip_suffix('/')
    } else {
        None
    }
}

/// A zero-length block blob; with `only_if_absent`, the put fails if the blob exists.
pub(super) fn put_empty_request(
    container: &str,
    name: &str,
    metadata: &[(&str, &str)],
    only_if_absent: bool,
) -> ApiRequest {
    let mut request = ApiRequest::new(Method::PUT, Service::Blob, &[container, name])
        .header("x-ms-blob-type", "BlockBlob");
    for (key, value) in metadata {
        request = request.header(&format!("x-ms-meta-{key}"), *value);
    }
    if only_if_absent {
        request = request.header("if-none-match", "*");
    }
    request
}

pub(super) fn marker_request(container: &str, directory: &str) -> ApiRequest {
    let mut request =
        put_empty_request(container, directory, &[(FOLDER_MARKER_KEY, "true")], false);
    request.path.push('/');
    request
}

pub(super) fn delete_request(container: &str, name: &str) -> ApiRequest {
    ApiRequest::new(Method::DELETE, Service::Blob, &[container, name])
}

/// A blob's properties and metadata, or `None` if it does not exist.
pub(super) async fn properties(
    transport: &Transport,
    container: &str,
    name: &str,
) -> Result<Option<Reply>, AdlsError> {
    let request = ApiRequest::new(Method::HEAD, Service::Blob, &[container, name]);
    match transport.send(&request).await {
        Ok(reply) => Ok(Some(reply)),
        Err(e) if e.status() == Some(404) => Ok(None),
        Err(e) => Err(e),
    }
}

pub(super) fn set_metadata_request(
    container: &str,
    name: &str,
    metadata: &[(&str, String)],
    lease_id: &str,
) -> ApiRequest {
    let mut request = ApiRequest::new(Method::PUT, Service::Blob, &[container, name])
        .query("comp", "metadata")
        .header("x-ms-lease-id", lease_id);
    for (key, value) in metadata {
        request = request.header(&format!("x-ms-meta-{key}"), value.clone());
    }
    request
}
