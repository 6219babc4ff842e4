//! Whether an account has a hierarchical namespace (ADLS Gen2) or a flat one, as the
//! account itself reports it (`Get Account Information`, `x-ms-is-hns-enabled`).
//! Never assumed from the endpoint or the account name.

use super::error::AdlsError;
use super::request::{ApiRequest, Service};
use super::transport::Transport;
use reqwest::Method;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Namespace {
    /// Directories and POSIX ACLs through the DFS endpoint.
    Hierarchical,
    /// Blob storage only: directories are marker blobs, ACLs do not exist.
    Flat,
}

pub(super) fn request() -> ApiRequest {
    ApiRequest::new(Method::GET, Service::Blob, &[])
        .query("restype", "account")
        .query("comp", "properties")
}

/// Asks the account; a reply without `x-ms-is-hns-enabled` is an error.
pub(super) async fn detect(transport: &Transport) -> Result<Namespace, AdlsError> {
    let request = request();
    let action = request.describe();
    let reply = transport.send(&request).await?;
    parse(
        &action,
        reply.required_header(&action, "x-ms-is-hns-enabled")?,
    )
}

pub(super) fn parse(action: &str, value: &str) -> Result<Namespace, AdlsError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(Namespace::Hierarchical),
        "false" => Ok(Namespace::Flat),
        other => Err(AdlsError::malformed(
            action,
            format!("x-ms-is-hns-enabled is {other:?}, expected true or false"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_header() {
        assert_eq!(parse("a", "true").unwrap(), Namespace::Hierarchical);
        assert_eq!(parse("a", "False").unwrap(), Namespace::Flat);
        assert!(parse("a", "").is_err());
        assert_eq!(
            request().describe(),
            "GET /?restype=account&comp=properties"
        );
    }
}
