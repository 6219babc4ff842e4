//! One HTTP exchange with the SQL API: authentication headers, the per-request time limit,
//! and retries of transient failures.
//!
//! Every request carries `Authorization: Bearer …` (marked sensitive so that it is never
//! logged), `X-Snowflake-Authorization-Token-Type`, `Accept: application/json` and
//! `User-Agent: lakeform/<version>`; responses may be gzip-compressed. A statement
//! submission that is sent again carries the same `requestId` plus `retry=true`, which makes
//! Snowflake return the first execution's result instead of running the statement twice.
//! Redirects are not followed, so a token never travels to another host. What a status
//! code *means* is decided by the client, not here.

use std::error::Error as _;
use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue};
use reqwest::{RequestBuilder, StatusCode};
use url::Url;
use uuid::Uuid;

use super::auth::{AuthError, TokenSource};
use super::error::ClientError;
use super::poll::Deadline;
use super::request::StatementRequest;
use super::retry::is_retryable_status;
use super::settings::{ConnectionSettings, is_loopback};
use super::statement_text::StatementText;
use crate::providers::retry::{RetryPolicy, retry_after};
use crate::secret::Secret;

/// `User-Agent` of every request.
pub(crate) const USER_AGENT: &str = concat!("lakeform/", env!("CARGO_PKG_VERSION"));
/// The header naming the kind of bearer token.
pub(crate) const TOKEN_TYPE_HEADER: &str = "X-Snowflake-Authorization-Token-Type";
/// How long establishing a connection may take before it counts as a failed attempt.
pub(crate) const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// What to send.
#[derive(Debug)]
pub(crate) enum Call<'a> {
    /// `POST /api/v2/statements?requestId=…[&retry=true]`
    Submit {
        body: &'a StatementRequest<'a>,
        request_id: Uuid,
    },
    /// `GET` of a statement's status or of a result partition.
    Get { url: Url },
    /// `POST /api/v2/statements/{handle}/cancel`
    Cancel { url: Url },
}

/// A response that is not worth retrying (or the last one when retries ran out).
#[derive(Debug)]
pub(crate) struct Exchange {
    pub(crate) status: StatusCode,
    pub(crate) body: Vec<u8>,
    /// Attempts made, the successful one included.
    pub(crate) attempts: u32,
    sent_token: Secret,
}

/// Shown instead of a server message that quotes the credential sent.
pub(crate) const WITHHELD_MESSAGE: &str =
    "(the server's message is not shown: it quotes the credential that was sent)";

/// A token this long cannot occur in a message by chance, so any occurrence quotes it.
const UNMISTAKABLE_TOKEN_CHARS: usize = 8;

impl Exchange {
    /// What the server said, for keeping in an error: the text as it is, or — when it
    /// quotes the bearer token that was sent — [`WITHHELD_MESSAGE`] instead. The text is
    /// never edited: replacing the token inside it would garble every message once the
    /// token is short (a token `t` turns each `t` into a mark) and reveal the token by
    /// the pattern of the marks.
    pub(crate) fn server_text(&self, text: &str) -> String {
        if quotes_token(text, self.sent_token.expose()) {
            WITHHELD_MESSAGE.to_string()
        } else {
            text.to_string()
        }
    }
}

/// Whether `text` holds `token`: anywhere for a token long enough not to occur by chance,
/// else as a whole word (a token `t` is not quoted by the `t` of "statement").
fn quotes_token(text: &str, token: &str) -> bool {
    if token.is_empty() {
        return false;
    }
    if token.chars().count() >= UNMISTAKABLE_TOKEN_CHARS {
        return text.contains(token);
    }
    text.match_indices(token).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + token.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
impl Exchange {
    pub(crate) fn for_test(status: StatusCode, body: &str, sent_token: Secret) -> Self {
        Exchange {
            status,
            body: body.as_bytes().to_vec(),
            attempts: 1,
            sent_token,
        }
    }
}

/// Why an exchange produced no response.
#[derive(Debug)]
pub(crate) enum ExchangeError {
    /// The deadline passed before a response arrived.
    DeadlinePassed,
    /// A failure that says nothing about the statement's progress.
    Failed(ClientError),
}

/// The HTTP side of a client. Shared by all tasks of one client.
#[derive(Debug)]
pub(crate) struct Transport {
    http: reqwest::Client,
    base: Url,
    tokens: TokenSource,
    retry: RetryPolicy,
}

impl Transport {
    pub(crate) fn new(settings: &ConnectionSettings) -> Result<Self, ClientError> {
        settings.validate()?;
        let base = settings.base_url()?;
        let tokens = TokenSource::new(
            &settings.auth,
            &settings.account_identifier()?,
            &settings.user,
        )?;
        let mut builder = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .gzip(true)
            .connect_timeout(CONNECT_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none());
        if is_loopback(&base) {
            // A proxy from the environment must not capture traffic meant for a local sandbox.
            builder = builder.no_proxy();
        }
        let http = builder.build().map_err(|e| ClientError::HttpClient {
            detail: describe(&e),
        })?;
        Ok(Transport {
            http,
            base,
            tokens,
            retry: RetryPolicy {
                max_attempts: settings.max_retries.saturating_add(1),
                base_delay: settings.retry_backoff,
                ..RetryPolicy::default()
            },
        })
    }

    pub(crate) fn tokens(&self) -> &TokenSource {
        &self.tokens
    }

    /// `scheme://host[:port]` of the endpoint, for messages.
    pub(crate) fn origin(&self) -> String {
        self.base.origin().ascii_serialization()
    }

    /// `…/api/v2/statements`
    pub(crate) fn statements_url(&self) -> Url {
        self.api_url(&[])
    }

    /// `…/api/v2/statements/{handle}` (the handle is percent-encoded as a path segment).
    pub(crate) fn statement_url(&self, handle: &str) -> Url {
        self.api_url(&[handle])
    }

    /// `…/api/v2/statements/{handle}/cancel`
    pub(crate) fn cancel_url(&self, handle: &str) -> Url {
        self.api_url(&[handle, "cancel"])
    }

    /// The `statementStatusUrl` of a response resolved against the endpoint, or `None` if
    /// it points anywhere else (the token must not go there).
    pub(crate) fn resolve_status_url(&self, status_url: &str) -> Option<Url> {
        let url = self.base.join(status_url).ok()?;
        let expected = self.statements_url();
        (url.origin() == self.base.origin() && url.path().starts_with(expected.path()))
            .then_some(url)
    }

    fn api_url(&self, extra: &[&str]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut segments) = url.path_segments_mut() {
            segments
                .pop_if_empty()
                .extend(["api", "v2", "statements"])
                .extend(extra);
        }
        url
    }

    /// Sends `call`, retrying transient failures within the policy and the deadline.
    pub(crate) async fn exchange(
        &self,
        call: &Call<'_>,
        deadline: Deadline,
        statement: &StatementText,
    ) -> Result<Exchange, ExchangeError> {
        let max_attempts = self.retry.max_attempts;
        let mut attempt = 1;
        loop {
            if deadline.has_passed() {
                return Err(ExchangeError::DeadlinePassed);
            }
            let bearer = self
                .tokens
                .bearer()
                .await
                .map_err(|e| ExchangeError::Failed(ClientError::Auth(e)))?;
            let request = self
                .build(
                    call,
                    attempt > 1,
                    &bearer.token,
                    bearer.token_type.header_value(),
                )
                .map_err(ExchangeError::Failed)?
                .timeout(deadline.remaining());
            let outcome = send(request).await;
            let can_retry = attempt < max_attempts && !deadline.has_passed();
            let wait = match &outcome {
                Ok((status, headers, _)) if can_retry && is_retryable_status(*status) => {
                    Some(self.retry.delay(attempt, retry_after(headers)))
                }
                Err(e) if can_retry && is_retryable_error(e) => {
                    Some(self.retry.delay(attempt, None))
                }
                _ => None,
            };
            // A retry that could not finish before the deadline is not attempted: the
            // caller gets the last answer, which says more than "out of time".
            if let Some(wait) = wait.filter(|w| *w < deadline.remaining()) {
                tokio::time::sleep(wait).await;
                attempt += 1;
                continue;
            }
            return match outcome {
                Ok((status, _, body)) => Ok(Exchange {
                    status,
                    body,
                    attempts: attempt,
                    sent_token: bearer.token,
                }),
                Err(_) if deadline.has_passed() => Err(ExchangeError::DeadlinePassed),
                Err(e) => Err(ExchangeError::Failed(ClientError::Transport {
                    host: self.origin(),
                    attempts: attempt,
                    detail: describe(&e),
                    statement: statement.clone(),
                })),
            };
        }
    }

    fn build(
        &self,
        call: &Call<'_>,
        is_retry: bool,
        token: &Secret,
        token_type: &'static str,
    ) -> Result<RequestBuilder, ClientError> {
        let request = match call {
            Call::Submit { body, request_id } => {
                let mut url = self.statements_url();
                {
                    let mut query = url.query_pairs_mut();
                    query.append_pair("requestId", &request_id.to_string());
                    if is_retry {
                        query.append_pair("retry", "true");
                    }
                }
                self.http.post(url).json(body)
            }
            Call::Get { url } => self.http.get(url.clone()),
            Call::Cancel { url } => self.http.post(url.clone()),
        };
        let mut authorization = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
            .map_err(|_| {
                ClientError::Auth(AuthError::InvalidToken {
                    what: "bearer token",
                })
            })?;
        authorization.set_sensitive(true);
        Ok(request
            .header(AUTHORIZATION, authorization)
            .header(TOKEN_TYPE_HEADER, token_type)
            .header(ACCEPT, "application/json"))
    }
}

/// Sends a request and reads the whole body (a connection dropped mid-body is a failed
/// attempt like any other).
async fn send(request: RequestBuilder) -> Result<(StatusCode, HeaderMap, Vec<u8>), reqwest::Error> {
    let response = request.send().await?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await?;
    Ok((status, headers, body.to_vec()))
}

fn is_retryable_error(e: &reqwest::Error) -> bool {
    !(e.is_builder() || e.is_redirect() || e.is_status())
}

/// The error and its causes on one line: reqwest's own message is often just "error
/// sending request", the useful part ("connection refused") is in the chain.
fn describe(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::snowflake::auth::Authenticator;

    fn transport(url: &str) -> Transport {
        let mut settings = ConnectionSettings::new(
            "myorg-acct",
            "u",
            Authenticator::Pat {
                token: Secret::new("t"),
            },
        );
        settings.url = Some(Url::parse(url).unwrap());
        Transport::new(&settings).unwrap()
    }

    #[test]
    fn urls_keep_a_path_prefix_and_encode_the_handle() {
        let t = transport("https://gw.example.com/sf");
        assert_eq!(
            t.statements_url().as_str(),
            "https://gw.example.com/sf/api/v2/statements"
        );
        assert_eq!(
            t.cancel_url("01ab-cd").as_str(),
            "https://gw.example.com/sf/api/v2/statements/01ab-cd/cancel"
        );
        assert_eq!(
            t.statement_url("a/../b?x").as_str(),
            "https://gw.example.com/sf/api/v2/statements/a%2F..%2Fb%3Fx"
        );
    }

    #[test]
    fn status_urls_elsewhere_are_not_followed() {
        let t = transport("http://127.0.0.1:9000");
        assert_eq!(
            t.resolve_status_url("/api/v2/statements/h?requestId=r")
                .unwrap()
                .as_str(),
            "http://127.0.0.1:9000/api/v2/statements/h?requestId=r"
        );
        assert!(
            t.resolve_status_url("https://evil.example.com/api/v2/statements/h")
                .is_none()
        );
        assert!(t.resolve_status_url("/other/path").is_none());
    }

    #[test]
    fn a_message_quoting_the_token_is_withheld_whole() {
        let exchange = Exchange::for_test(StatusCode::UNAUTHORIZED, "", Secret::new("eyJtoken"));
        assert_eq!(
            exchange.server_text("bad token eyJtoken here"),
            WITHHELD_MESSAGE
        );
        assert_eq!(exchange.server_text("bad token"), "bad token");
    }

    /// A one-character token leaves messages intact: no character of them is replaced.
    #[test]
    fn a_short_token_never_garbles_a_message() {
        let exchange = Exchange::for_test(StatusCode::UNAUTHORIZED, "", Secret::new("t"));
        let message = "Invalid OAuth access token. The token does not match the statement's";
        assert_eq!(exchange.server_text(message), message);
        // Quoted as a word, it is withheld like any other.
        assert_eq!(exchange.server_text("token 't' refused"), WITHHELD_MESSAGE);
    }
}
