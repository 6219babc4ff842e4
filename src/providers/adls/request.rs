//! One REST call before it is sent: method, service, path, query, headers and body, plus
//! the percent-encoding rules for paths and query values.
//!
//! A request knows how to describe itself (`PUT /landing?restype=container`) for plans and
//! error messages. The description is built from the request's own parts, so it never
//! contains authentication (a SAS token is added only by the transport, at send time).

use reqwest::Method;

/// Which endpoint of the account a request goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Service {
    Blob,
    Dfs,
    Queue,
}

#[derive(Debug, Clone)]
pub(crate) struct ApiRequest {
    pub(crate) method: Method,
    pub(crate) service: Service,
    /// Percent-encoded path below the endpoint, starting with '/'.
    pub(crate) path: String,
    /// Query parameters with their values *not* encoded.
    pub(crate) query: Vec<(String, String)>,
    /// Extra headers; names in lower case.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl ApiRequest {
    /// A request on `segments` (unencoded path segments; each may contain '/', which is
    /// kept as a separator). No segments means the account root, `/`.
    pub(crate) fn new(method: Method, service: Service, segments: &[&str]) -> Self {
        let mut path = String::from("/");
        path.push_str(
            &segments
                .iter()
                .map(|s| encode_path(s))
                .collect::<Vec<_>>()
                .join("/"),
        );
        ApiRequest {
            method,
            service,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Appends a '/' to the path: a blob name ending in '/' (a directory marker), or the
    /// root directory of a file system on the DFS endpoint.
    pub(crate) fn with_trailing_slash(mut self) -> Self {
        self.path.push('/');
        self
    }

    pub(crate) fn query(mut self, name: &str, value: impl Into<String>) -> Self {
        self.query.push((name.to_owned(), value.into()));
        self
    }

    pub(crate) fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_ascii_lowercase(), value.into()));
        self
    }

    pub(crate) fn body(mut self, body: Vec<u8>) -> Self {
        self.body = body;
        self
    }

    /// The encoded query string, without a leading '?'.
    pub(crate) fn encoded_query(&self) -> String {
        self.query
            .iter()
            .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// `METHOD /path?query` as used in plans and error messages; a Queue service call
    /// says so (`Queue service: PUT /orders-events`), since its path alone reads like a
    /// blob call.
    pub(crate) fn describe(&self) -> String {
        let query = self.encoded_query();
        let service = match self.service {
            Service::Queue => "Queue service: ",
            Service::Blob | Service::Dfs => "",
        };
        if query.is_empty() {
            format!("{service}{} {}", self.method, self.path)
        } else {
            format!("{service}{} {}?{}", self.method, self.path, query)
        }
    }
}

/// Percent-encodes a path, keeping '/' and RFC 3986 unreserved characters.
pub(super) fn encode_path(path: &str) -> String {
    encode(path, |b| b == b'/')
}

/// Percent-encodes a query name or value, keeping RFC 3986 unreserved characters only.
pub(super) fn encode_component(value: &str) -> String {
    encode(value, |_| false)
}

fn encode(value: &str, keep: impl Fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') || keep(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_itself_with_encoded_path_and_query() {
        let r = ApiRequest::new(Method::PUT, Service::Blob, &["landing", "raw data/é"])
            .query("comp", "metadata")
            .query("prefix", "a b/");
        assert_eq!(r.path, "/landing/raw%20data/%C3%A9");
        assert_eq!(
            r.describe(),
            "PUT /landing/raw%20data/%C3%A9?comp=metadata&prefix=a%20b%2F"
        );
        let root = ApiRequest::new(Method::GET, Service::Blob, &[]).query("comp", "list");
        assert_eq!(root.describe(), "GET /?comp=list");
    }
}
