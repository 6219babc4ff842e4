//! Directory and ACL calls on the DFS endpoint (hierarchical-namespace accounts only):
//! create, list and delete directories; get and set POSIX ACLs, default ACLs included.
//!
//! The caller checks the namespace first; these functions assume a DFS endpoint exists.
//! The root directory of a file system is addressed as `/<filesystem>//`: a path of "/"
//! below the file system, which is what Azure's Python SDK sends for
//! `get_directory_client("/")`, the documented way to reach the root's ACL
//! (Azure/azure-sdk-for-python#35596; `/<filesystem>?action=…` is refused with 400, see
//! Azure/azure-sdk-for-net#9319). Checked here against recorded replies only; the live
//! suite exercises it on a real account.

use super::error::AdlsError;
use super::request::{ApiRequest, Service};
use super::transport::Transport;
use crate::kinds::container::canonical_acl;
use reqwest::Method;
use serde_json::Value;

pub(super) fn create_directory_request(filesystem: &str, path: &str) -> ApiRequest {
    ApiRequest::new(Method::PUT, Service::Dfs, &[filesystem, path])
        .query("resource", "directory")
        .header("if-none-match", "*")
}

/// Creates a directory; an existing one is success (creating `a/b` already created `a`).
pub(super) async fn create_directory(
    transport: &Transport,
    filesystem: &str,
    path: &str,
) -> Result<(), AdlsError> {
    match transport
        .send(&create_directory_request(filesystem, path))
        .await
    {
        Ok(_) => Ok(()),
        Err(e) if e.service_code() == Some("PathAlreadyExists") => Ok(()),
        Err(e) => Err(e),
    }
}

pub(super) fn delete_directory_request(
    filesystem: &str,
    path: &str,
    continuation: Option<&str>,
) -> ApiRequest {
    let mut request = ApiRequest::new(Method::DELETE, Service::Dfs, &[filesystem, path])
        .query("recursive", "true");
    if let Some(token) = continuation {
        request = request.query("continuation", token);
    }
    request
}

/// Deletes a directory and everything below it, following `x-ms-continuation`.
pub(super) async fn delete_directory(
    transport: &Transport,
    filesystem: &str,
    path: &str,
) -> Result<(), AdlsError> {
    let mut continuation: Option<String> = None;
    loop {
        let request = delete_directory_request(filesystem, path, continuation.as_deref());
        let reply = match transport.send(&request).await {
            Ok(reply) => reply,
            Err(e) if e.service_code() == Some("PathNotFound") && continuation.is_none() => {
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        match reply.header("x-ms-continuation").filter(|c| !c.is_empty()) {
            Some(next) => continuation = Some(next.to_owned()),
            None => return Ok(()),
        }
    }
}

pub(super) fn list_request(
    filesystem: &str,
    page_size: u32,
    continuation: Option<&str>,
) -> ApiRequest {
    let mut request = ApiRequest::new(Method::GET, Service::Dfs, &[filesystem])
        .query("resource", "filesystem")
        .query("recursive", "true")
        .query("maxResults", page_size.to_string());
    if let Some(token) = continuation {
        request = request.query("continuation", token);
    }
    request
}

/// Every directory of the file system (recursively), as canonical paths.
pub(super) async fn list_directories(
    transport: &Transport,
    filesystem: &str,
    page_size: u32,
) -> Result<Vec<String>, AdlsError> {
    let mut all = Vec::new();
    let mut continuation: Option<String> = None;
    loop {
        let request = list_request(filesystem, page_size, continuation.as_deref());
        let action = request.describe();
        let reply = transport.send(&request).await?;
        all.extend(parse_directory_list(&action, reply.text(&action)?)?);
        match reply.header("x-ms-continuation").filter(|c| !c.is_empty()) {
            Some(next) if Some(next) == continuation.as_deref() => {
                return Err(AdlsError::malformed(
                    &action,
                    "x-ms-continuation repeats the token just used",
                ));
            }
            Some(next) => continuation = Some(next.to_owned()),
            None => return Ok(all),
        }
    }
}

/// The directories in a `List Paths` reply. Every path must have a name; `isDirectory`
/// is the string `"true"` for directories and absent for files.
pub(super) fn parse_directory_list(action: &str, text: &str) -> Result<Vec<String>, AdlsError> {
    let json: Value = serde_json::from_str(text)
        .map_err(|e| AdlsError::malformed(action, format!("invalid JSON: {e}")))?;
    let paths = json
        .get("paths")
        .and_then(Value::as_array)
        .ok_or_else(|| AdlsError::missing(action, "the \"paths\" array"))?;
    let mut directories = Vec::new();
    for path in paths {
        let name = path
            .get("name")
            .and_then(Value::as_str)
            .filter(|n| !n.is_empty())
            .ok_or_else(|| AdlsError::missing(action, "the \"name\" of a path"))?;
        let is_directory = match path.get("isDirectory") {
            None => false,
            Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                return Err(AdlsError::malformed(
                    action,
                    format!("isDirectory of {name:?} is {other}"),
                ));
            }
        };
        if is_directory {
            directories.push(name.trim_matches('/').to_owned());
        }
    }
    Ok(directories)
}

/// `""` addresses the root directory.
fn path_request(method: Method, filesystem: &str, path: &str) -> ApiRequest {
    if path.is_empty() {
        ApiRequest::new(method, Service::Dfs, &[filesystem])
            .with_trailing_slash()
            .with_trailing_slash()
    } else {
        ApiRequest::new(method, Service::Dfs, &[filesystem, path])
    }
}

pub(super) fn get_acl_request(filesystem: &str, path: &str) -> ApiRequest {
    path_request(Method::HEAD, filesystem, path)
        .query("action", "getAccessControl")
        .query("upn", "false")
}

/// The canonical ACL (access and default entries) of a directory or the root.
pub(super) async fn get_acl(
    transport: &Transport,
    filesystem: &str,
    path: &str,
) -> Result<String, AdlsError> {
    let request = get_acl_request(filesystem, path);
    let action = request.describe();
    let reply = transport.send(&request).await?;
    let acl = reply.required_header(&action, "x-ms-acl")?;
    canonical_acl(acl).map_err(|e| AdlsError::malformed(&action, e.to_string()))
}

pub(super) fn set_acl_request(filesystem: &str, path: &str, acl: &str) -> ApiRequest {
    path_request(Method::PATCH, filesystem, path)
        .query("action", "setAccessControl")
        .header("x-ms-acl", acl)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_directories_only() {
        let text = r#"{"paths":[
            {"name":"raw","isDirectory":"true","contentLength":"0"},
            {"name":"raw/a.csv","contentLength":"12"},
            {"name":"raw/customer","isDirectory":"true"}]}"#;
        assert_eq!(
            parse_directory_list("a", text).unwrap(),
            vec!["raw", "raw/customer"]
        );
    }

    #[test]
    fn list_fails_closed() {
        assert!(parse_directory_list("a", "{}").is_err());
        assert!(parse_directory_list("a", r#"{"paths":[{"isDirectory":"true"}]}"#).is_err());
        assert!(parse_directory_list("a", r#"{"paths":[{"name":"x","isDirectory":3}]}"#).is_err());
        assert!(parse_directory_list("a", "not json").is_err());
    }

    #[test]
    fn describes_requests() {
        assert_eq!(
            create_directory_request("landing", "raw/customer").describe(),
            "PUT /landing/raw/customer?resource=directory"
        );
        assert_eq!(
            get_acl_request("landing", "").describe(),
            "HEAD /landing//?action=getAccessControl&upn=false"
        );
        assert_eq!(
            set_acl_request("landing", "raw", "user::rwx,group::r-x,other::---").describe(),
            "PATCH /landing/raw?action=setAccessControl"
        );
    }
}
