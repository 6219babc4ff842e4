//! Sends [`ApiRequest`]s to the account: builds the URL, adds the version, date and
//! authorisation headers, retries what [`RetryPolicy`] allows, and turns a refusal into
//! [`AdlsError::Service`] with the server's error code and message.
//!
//! It does not interpret successful replies; the endpoint modules do, and they fail when
//! a reply lacks what it must carry.

use super::auth::Authorizer;
use super::error::AdlsError;
use super::request::{ApiRequest, Service};
use super::retry::{RetryPolicy, is_retryable};
use super::settings::Endpoints;
use super::xml;
use crate::providers::retry::retry_after;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use std::time::{Duration, SystemTime};

/// The storage REST version lakeform speaks: documented by Microsoft and accepted by
/// Azurite 3.37 (which accepts up to 2026-06-06).
pub const API_VERSION: &str = "2025-01-05";

/// A successful reply.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    /// A header as text, if present and valid UTF-8.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// A header that the reply must carry.
    pub(crate) fn required_header(&self, action: &str, name: &str) -> Result<&str, AdlsError> {
        self.header(name)
            .ok_or_else(|| AdlsError::missing(action, format!("the {name} header")))
    }

    /// The body as UTF-8 text.
    pub(crate) fn text(&self, action: &str) -> Result<&str, AdlsError> {
        std::str::from_utf8(&self.body)
            .map_err(|_| AdlsError::malformed(action, "body is not UTF-8"))
    }

    /// Metadata from `x-ms-meta-*` headers, names as the server gave them.
    pub(crate) fn metadata(&self) -> Vec<(String, String)> {
        self.headers
            .iter()
            .filter_map(|(name, value)| {
                let key = name.as_str().strip_prefix("x-ms-meta-")?;
                Some((key.to_owned(), value.to_str().ok()?.to_owned()))
            })
            .collect()
    }
}

#[derive(Debug)]
pub(crate) struct Transport {
    http: reqwest::Client,
    endpoints: Endpoints,
    auth: Authorizer,
    retry: RetryPolicy,
}

impl Transport {
    pub(crate) fn new(
        endpoints: Endpoints,
        auth: Authorizer,
        retry: RetryPolicy,
    ) -> Result<Self, AdlsError> {
        let http = reqwest::Client::builder()
            .user_agent(concat!("lakeform/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| {
                AdlsError::Settings(format!("cannot build the HTTP client: {}", e.without_url()))
            })?;
        Ok(Transport {
            http,
            endpoints,
            auth,
            retry,
        })
    }

    pub(crate) fn has_dfs(&self) -> bool {
        self.endpoints.dfs.is_some()
    }

    /// Sends `request` and returns the successful reply, or the last refusal.
    pub(crate) async fn send(&self, request: &ApiRequest) -> Result<Reply, AdlsError> {
        let action = request.describe();
        let endpoint = match request.service {
            Service::Blob => &self.endpoints.blob,
            Service::Dfs => self
                .endpoints
                .dfs
                .as_ref()
                .ok_or(AdlsError::NoDfsEndpoint)?,
            Service::Queue => self
                .endpoints
                .queue
                .as_ref()
                .ok_or(AdlsError::NoQueueEndpoint)?,
        };
        let base_path = endpoint.path().trim_end_matches('/');
        let url_path = format!("{base_path}{}", request.path);
        let origin = endpoint.origin().ascii_serialization();
        let idempotent = matches!(request.method, reqwest::Method::GET | reqwest::Method::HEAD);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let outcome = self.attempt(request, &origin, &url_path).await;
            let (retry_after, error) = match outcome {
                Ok(reply) if (200..300).contains(&reply.status) => return Ok(reply),
                Ok(reply) => {
                    let (code, message) = error_details(&reply);
                    let retryable = is_retryable(reply.status, code.as_deref());
                    let error = AdlsError::Service {
                        action: action.clone(),
                        status: reply.status,
                        code: code.unwrap_or_else(|| "(no error code)".into()),
                        message,
                        attempts: attempt,
                    };
                    if !retryable {
                        return Err(error);
                    }
                    (retry_after(&reply.headers), error)
                }
                Err(AttemptError::Transport(source)) => {
                    let error = AdlsError::Transport {
                        action: action.clone(),
                        attempts: attempt,
                        source,
                    };
                    if !idempotent {
                        return Err(error);
                    }
                    (None, error)
                }
                Err(AttemptError::Other(error)) => return Err(error),
            };
            if attempt >= self.retry.max_attempts {
                return Err(error);
            }
            tokio::time::sleep(self.retry.delay(attempt, retry_after)).await;
        }
    }

    async fn attempt(
        &self,
        request: &ApiRequest,
        origin: &str,
        url_path: &str,
    ) -> Result<Reply, AttemptError> {
        let mut headers: Vec<(String, String)> = vec![
            ("x-ms-version".into(), API_VERSION.into()),
            (
                "x-ms-date".into(),
                httpdate::fmt_http_date(SystemTime::now()),
            ),
            (
                "x-ms-client-request-id".into(),
                uuid::Uuid::new_v4().to_string(),
            ),
        ];
        headers.extend(request.headers.iter().cloned());
        let sends_body = !matches!(request.method, reqwest::Method::GET | reqwest::Method::HEAD);
        if sends_body {
            headers.push(("content-length".into(), request.body.len().to_string()));
        }
        let auth = self
            .auth
            .authorize(request.method.as_str(), &headers, url_path, &request.query)
            .await
            .map_err(AttemptError::Other)?;

        let mut query = request.encoded_query();
        if let Some(extra) = &auth.extra_query {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str(extra.expose());
        }
        let url = if query.is_empty() {
            format!("{origin}{url_path}")
        } else {
            format!("{origin}{url_path}?{query}")
        };

        let mut map = HeaderMap::new();
        for (name, value) in &headers {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                AttemptError::Other(AdlsError::Settings(format!("invalid header name {name:?}")))
            })?;
            let value = HeaderValue::from_str(value).map_err(|_| {
                AttemptError::Other(AdlsError::Settings(format!(
                    "invalid value for header {name}"
                )))
            })?;
            map.append(name, value);
        }
        if let Some(header) = &auth.header {
            let mut value = HeaderValue::from_str(header.expose()).map_err(|_| {
                AttemptError::Other(AdlsError::Settings(
                    "the authorisation value is not a valid header".into(),
                ))
            })?;
            value.set_sensitive(true);
            map.insert(reqwest::header::AUTHORIZATION, value);
        }
        let mut builder = self.http.request(request.method.clone(), url).headers(map);
        if sends_body {
            builder = builder.body(request.body.clone());
        }
        let response = builder
            .send()
            .await
            .map_err(|e| AttemptError::Transport(e.without_url()))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|e| AttemptError::Transport(e.without_url()))?
            .to_vec();
        Ok(Reply {
            status,
            headers,
            body,
        })
    }
}

enum AttemptError {
    Transport(reqwest::Error),
    Other(AdlsError),
}

/// The error code and message of a refusal: `x-ms-error-code` or the body's `<Code>`
/// (Blob, XML) or `error.code` (DFS, JSON); HEAD replies have only the header.
fn error_details(reply: &Reply) -> (Option<String>, String) {
    let header_code = reply.header("x-ms-error-code").map(str::to_owned);
    let text = std::str::from_utf8(&reply.body).unwrap_or("");
    let (body_code, message) = if text.trim_start().starts_with('<') {
        match xml::parse(text) {
            Ok(root) => (
                root.child_text("Code").map(str::to_owned),
                root.child_text("Message").map(str::to_owned),
            ),
            Err(_) => (None, None),
        }
    } else if let Ok(json) = serde_json::from_str::<serde_json::Value>(text) {
        let error = &json["error"];
        (
            error["code"].as_str().map(str::to_owned),
            error["message"].as_str().map(str::to_owned),
        )
    } else {
        (None, None)
    };
    let message = message
        .map(|m| m.lines().next().unwrap_or("").to_owned())
        .unwrap_or_else(|| "(no message)".into());
    (header_code.or(body_code), message)
}
