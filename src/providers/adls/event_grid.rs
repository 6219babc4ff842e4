//! Event Grid subscriptions on the storage account, through Azure Resource Manager.
//!
//! An event subscription on a storage account is an extension resource below the
//! account's resource id
//! (https://learn.microsoft.com/rest/api/eventgrid/controlplane/event-subscriptions/create-or-update):
//! * list: `GET {account}/providers/Microsoft.EventGrid/eventSubscriptions`, one call for
//!   the account, following `nextLink`
//!   (https://learn.microsoft.com/rest/api/eventgrid/controlplane/event-subscriptions/list-by-resource);
//! * create or update: `PUT …/eventSubscriptions/{name}` with the whole resource; 200 or
//!   201, and the operation is asynchronous — `properties.provisioningState` is
//!   `Creating`/`Updating` until it is `Succeeded` (or `Failed`, `Canceled`);
//! * delete: `DELETE …/eventSubscriptions/{name}`; 200 or 204 done, 202 accepted
//!   (https://learn.microsoft.com/rest/api/eventgrid/controlplane/event-subscriptions/delete).
//!
//! Waiting for an asynchronous operation: ARM offers the `Azure-AsyncOperation` URL, or
//! reading the resource until its `provisioningState` is terminal
//! (https://learn.microsoft.com/azure/azure-resource-manager/management/async-operations).
//! lakeform re-reads the resource: that URL is built here from the settings, so the
//! bearer token only ever goes to the management endpoint lakeform was configured with,
//! never to a host a reply names. The same holds for `nextLink`, which must stay on that
//! endpoint. Waiting is bounded ([`ArmPolling`]); `Retry-After` is honoured within it.
//!
//! Errors are `{"error": {"code", "message"}}`
//! (https://learn.microsoft.com/azure/azure-resource-manager/management/async-operations#error-response);
//! they become [`AdlsError::Service`] with ARM's code. 429 and 5xx replies are retried
//! with the lake's [`RetryPolicy`]; a PUT or DELETE of a whole resource is idempotent, so
//! every call may be retried.

use super::credential::{Audience, BearerTokens};
use super::error::AdlsError;
use super::retry::RetryPolicy;
use super::settings::ArmSettings;
use crate::kinds::event_subscription::EventSubscription;
use azure_core::credentials::TokenCredential;
use reqwest::Method;
use reqwest::header::{AUTHORIZATION, HeaderValue};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use url::Url;

/// The newest stable api-version of Microsoft.EventGrid (the create-or-update page above
/// documents it).
pub const EVENT_GRID_API_VERSION: &str = "2025-02-15";

/// How long to wait for an asynchronous ARM operation, and how often to look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArmPolling {
    /// Between two reads, unless the reply asks for longer with `Retry-After` (capped by
    /// the retry policy's maximum delay).
    pub interval: Duration,
    /// The whole wait; past it the operation is reported as not finished.
    pub timeout: Duration,
}

impl Default for ArmPolling {
    fn default() -> Self {
        ArmPolling {
            interval: Duration::from_secs(2),
            timeout: Duration::from_secs(300),
        }
    }
}

/// How a planned call shows in a plan: relative to the storage account's resource id,
/// which depends on settings a plan does not print.
pub(super) fn describe(method: &str, name: &str) -> String {
    format!(
        "ARM: {method} <storage account>/providers/Microsoft.EventGrid/eventSubscriptions/{name}?api-version={EVENT_GRID_API_VERSION}"
    )
}

/// The Event Grid side of one storage account.
pub(crate) struct EventGrid {
    http: reqwest::Client,
    endpoint: Url,
    /// `/subscriptions/…/storageAccounts/{account}`.
    account_id: String,
    tokens: BearerTokens,
    retry: RetryPolicy,
    polling: ArmPolling,
}

impl std::fmt::Debug for EventGrid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventGrid")
            .field("endpoint", &self.endpoint.as_str())
            .field("account_id", &self.account_id)
            .finish_non_exhaustive()
    }
}

/// One reply of ARM.
struct ArmReply {
    status: u16,
    retry_after: Option<Duration>,
    body: Value,
}

impl EventGrid {
    /// Builds the client for `account`; sends nothing. `credential` replaces the one the
    /// settings name (tests hand in one that answers without Azure).
    pub(super) fn new(
        account: &str,
        settings: &ArmSettings,
        retry: RetryPolicy,
        polling: ArmPolling,
        credential: Option<Arc<dyn TokenCredential>>,
    ) -> Result<Self, AdlsError> {
        let endpoint = settings.endpoint()?;
        let account_id = settings.account_id(account)?;
        let tokens = match credential {
            Some(credential) => BearerTokens::from_credential(
                settings.credential.clone(),
                credential,
                Audience::MANAGEMENT,
            ),
            None => BearerTokens::new(&settings.credential, Audience::MANAGEMENT)?,
        };
        let http = reqwest::Client::builder()
            .user_agent(concat!("lakeform/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| {
                AdlsError::Settings(format!("cannot build the HTTP client: {}", e.without_url()))
            })?;
        Ok(EventGrid {
            http,
            endpoint,
            account_id,
            tokens,
            retry,
            polling,
        })
    }

    fn url(&self, name: Option<&str>) -> Result<Url, AdlsError> {
        let base = self.endpoint.as_str().trim_end_matches('/');
        let mut text = format!(
            "{base}{}/providers/Microsoft.EventGrid/eventSubscriptions",
            self.account_id
        );
        if let Some(name) = name {
            // Names are letters and digits (checked before any call), nothing to encode.
            text.push('/');
            text.push_str(name);
        }
        text.push_str("?api-version=");
        text.push_str(EVENT_GRID_API_VERSION);
        Url::parse(&text).map_err(|e| AdlsError::Settings(format!("ARM URL {text:?}: {e}")))
    }

    /// Every event subscription on the account, sorted by name.
    pub(crate) async fn list(&self) -> Result<Vec<EventSubscription>, AdlsError> {
        let mut url = self.url(None)?;
        let action = describe_list();
        let mut out = Vec::new();
        let mut pages = 0;
        loop {
            pages += 1;
            let reply = self.send(&action, Method::GET, url.clone(), None).await?;
            let items = reply.body["value"]
                .as_array()
                .ok_or_else(|| AdlsError::missing(&action, "the \"value\" array"))?;
            for item in items {
                out.push(self.parse(&action, item)?);
            }
            match reply.body["nextLink"].as_str().filter(|l| !l.is_empty()) {
                None => break,
                Some(next) => {
                    let next = Url::parse(next).map_err(|e| {
                        AdlsError::malformed(&action, format!("nextLink is not a URL: {e}"))
                    })?;
                    if next.origin() != self.endpoint.origin() {
                        return Err(AdlsError::malformed(
                            &action,
                            "nextLink points away from the management endpoint; the token is not sent there",
                        ));
                    }
                    if next == url || pages > 1000 {
                        return Err(AdlsError::malformed(&action, "nextLink does not advance"));
                    }
                    url = next;
                }
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// Creates or replaces `subscription`, delivering to `queue` of this account, and
    /// waits until ARM has provisioned it.
    pub(crate) async fn put(&self, subscription: &EventSubscription) -> Result<(), AdlsError> {
        let action = describe("PUT", &subscription.name);
        let body = self.body(subscription);
        let url = self.url(Some(&subscription.name))?;
        let reply = self
            .send(&action, Method::PUT, url.clone(), Some(body))
            .await?;
        let mut state = provisioning_state(&reply.body);
        let mut retry_after = reply.retry_after;
        let started = Instant::now();
        loop {
            match state.as_deref() {
                // No state at all: the operation finished (the async-operations page).
                None | Some("Succeeded") => return Ok(()),
                Some(failed @ ("Failed" | "Canceled")) => {
                    let (code, message) = error_of(&reply.body);
                    return Err(AdlsError::Service {
                        action,
                        status: reply.status,
                        code: code.unwrap_or_else(|| failed.to_owned()),
                        message: message.unwrap_or_else(|| format!("provisioning ended {failed}")),
                        attempts: 1,
                    });
                }
                Some(pending) => {
                    if started.elapsed() >= self.polling.timeout {
                        return Err(AdlsError::ArmTimeout {
                            action,
                            state: pending.to_owned(),
                            waited: started.elapsed(),
                        });
                    }
                }
            }
            tokio::time::sleep(self.wait(retry_after)).await;
            let read = self.send(&action, Method::GET, url.clone(), None).await?;
            retry_after = read.retry_after;
            state = provisioning_state(&read.body);
            if matches!(state.as_deref(), Some("Failed" | "Canceled")) {
                let (code, message) = error_of(&read.body);
                return Err(AdlsError::Service {
                    action,
                    status: read.status,
                    code: code.unwrap_or_else(|| state.clone().unwrap_or_default()),
                    message: message.unwrap_or_else(|| "provisioning failed".into()),
                    attempts: 1,
                });
            }
        }
    }

    /// Deletes the subscription `name` and, when ARM accepts the deletion for later
    /// (202), waits until reading it answers 404.
    pub(crate) async fn delete(&self, name: &str) -> Result<(), AdlsError> {
        let action = describe("DELETE", name);
        let url = self.url(Some(name))?;
        let reply = self
            .send(&action, Method::DELETE, url.clone(), None)
            .await?;
        if reply.status != 202 {
            return Ok(());
        }
        let mut retry_after = reply.retry_after;
        let started = Instant::now();
        loop {
            if started.elapsed() >= self.polling.timeout {
                return Err(AdlsError::ArmTimeout {
                    action,
                    state: "Deleting".into(),
                    waited: started.elapsed(),
                });
            }
            tokio::time::sleep(self.wait(retry_after)).await;
            match self.send(&action, Method::GET, url.clone(), None).await {
                Err(e) if e.status() == Some(404) => return Ok(()),
                Err(e) => return Err(e),
                Ok(read) => retry_after = read.retry_after,
            }
        }
    }

    fn wait(&self, retry_after: Option<Duration>) -> Duration {
        retry_after
            .map(|r| r.min(self.retry.max_delay))
            .unwrap_or(self.polling.interval)
    }

    /// The PUT body: a Storage Queue destination on this account and the filter, in the
    /// shape of the create-or-update page's request body.
    fn body(&self, s: &EventSubscription) -> Value {
        let mut filter = json!({
            "includedEventTypes": s.event_types,
            "subjectBeginsWith": s.subject_begins_with,
            "isSubjectCaseSensitive": s.case_sensitive,
        });
        if !s.subject_ends_with.is_empty() {
            filter["subjectEndsWith"] = json!(s.subject_ends_with);
        }
        json!({
            "properties": {
                "destination": {
                    "endpointType": "StorageQueue",
                    "properties": {
                        "resourceId": self.account_id,
                        "queueName": s.queue,
                    }
                },
                "filter": filter,
                "eventDeliverySchema": s.delivery_schema,
            }
        })
    }

    /// One subscription of a reply as the model. A destination other than a queue of
    /// this account is kept as its description, so it differs from any declared queue.
    fn parse(&self, action: &str, item: &Value) -> Result<EventSubscription, AdlsError> {
        let name = item["name"]
            .as_str()
            .filter(|n| !n.is_empty())
            .ok_or_else(|| AdlsError::missing(action, "the name of an event subscription"))?;
        let properties = &item["properties"];
        let destination = &properties["destination"];
        let endpoint_type = destination["endpointType"].as_str().unwrap_or("(none)");
        let resource = destination["properties"]["resourceId"]
            .as_str()
            .unwrap_or("");
        let queue_name = destination["properties"]["queueName"]
            .as_str()
            .unwrap_or("");
        let queue = if endpoint_type == "StorageQueue"
            // Resource ids compare case-insensitively in ARM.
            && resource.eq_ignore_ascii_case(&self.account_id)
            && !queue_name.is_empty()
        {
            queue_name.to_owned()
        } else if endpoint_type == "StorageQueue" {
            format!("StorageQueue {resource}/{queue_name}")
        } else {
            endpoint_type.to_owned()
        };
        let filter = &properties["filter"];
        let mut event_types: Vec<String> = filter["includedEventTypes"]
            .as_array()
            .map(|types| {
                types
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        event_types.sort();
        event_types.dedup();
        Ok(EventSubscription {
            name: name.to_owned(),
            queue,
            event_types,
            subject_begins_with: filter["subjectBeginsWith"]
                .as_str()
                .unwrap_or("")
                .to_owned(),
            subject_ends_with: filter["subjectEndsWith"].as_str().unwrap_or("").to_owned(),
            case_sensitive: filter["isSubjectCaseSensitive"].as_bool().unwrap_or(false),
            // Absent means the default, the Event Grid schema (create-or-update page).
            delivery_schema: properties["eventDeliverySchema"]
                .as_str()
                .unwrap_or(crate::kinds::event_subscription::EVENT_GRID_SCHEMA)
                .to_owned(),
        })
    }

    /// Sends one call with retries, returning a 2xx reply or the refusal as an error.
    async fn send(
        &self,
        action: &str,
        method: Method,
        url: Url,
        body: Option<Value>,
    ) -> Result<ArmReply, AdlsError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let token = self.tokens.token().await?;
            let mut auth = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
                .map_err(|_| AdlsError::Settings("the token is not a valid header".into()))?;
            auth.set_sensitive(true);
            let mut request = self
                .http
                .request(method.clone(), url.clone())
                .header(AUTHORIZATION, auth)
                .header("x-ms-client-request-id", uuid::Uuid::new_v4().to_string());
            if let Some(body) = &body {
                request = request.json(body);
            }
            let outcome = request.send().await;
            let (retry_after, error) = match outcome {
                Err(e) => (
                    None,
                    AdlsError::Transport {
                        action: action.to_owned(),
                        attempts: attempt,
                        source: e.without_url(),
                    },
                ),
                Ok(response) => {
                    let status = response.status().as_u16();
                    let retry_after = response
                        .headers()
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .map(Duration::from_secs);
                    let bytes = response.bytes().await.map_err(|e| AdlsError::Transport {
                        action: action.to_owned(),
                        attempts: attempt,
                        source: e.without_url(),
                    })?;
                    let body: Value = if bytes.iter().all(u8::is_ascii_whitespace) {
                        Value::Null
                    } else {
                        serde_json::from_slice(&bytes).map_err(|e| {
                            AdlsError::malformed(action, format!("HTTP {status}, not JSON: {e}"))
                        })?
                    };
                    if (200..300).contains(&status) {
                        return Ok(ArmReply {
                            status,
                            retry_after,
                            body,
                        });
                    }
                    let (code, message) = error_of(&body);
                    let error = AdlsError::Service {
                        action: action.to_owned(),
                        status,
                        code: code.unwrap_or_else(|| "(no error code)".into()),
                        message: message.unwrap_or_else(|| "(no message)".into()),
                        attempts: attempt,
                    };
                    if !matches!(status, 429 | 500 | 502 | 503 | 504) {
                        return Err(error);
                    }
                    (retry_after, error)
                }
            };
            if attempt >= self.retry.max_attempts {
                return Err(error);
            }
            tokio::time::sleep(self.retry.delay(attempt, retry_after)).await;
        }
    }
}

fn describe_list() -> String {
    format!(
        "ARM: GET <storage account>/providers/Microsoft.EventGrid/eventSubscriptions?api-version={EVENT_GRID_API_VERSION}"
    )
}

fn provisioning_state(body: &Value) -> Option<String> {
    body["properties"]["provisioningState"]
        .as_str()
        .map(str::to_owned)
}

/// ARM's `error.code` and the first line of `error.message`.
fn error_of(body: &Value) -> (Option<String>, Option<String>) {
    let error = &body["error"];
    (
        error["code"].as_str().map(str::to_owned),
        error["message"]
            .as_str()
            .map(|m| m.lines().next().unwrap_or("").to_owned()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_show_the_call_relative_to_the_account() {
        assert_eq!(
            describe("PUT", "ordersblobcreated"),
            "ARM: PUT <storage account>/providers/Microsoft.EventGrid/eventSubscriptions/ordersblobcreated?api-version=2025-02-15"
        );
    }

    #[test]
    fn errors_read_arms_shape() {
        let body = json!({"error": {"code": "InvalidRequest", "message": "bad\nsecond line"}});
        assert_eq!(
            error_of(&body),
            (Some("InvalidRequest".into()), Some("bad".into()))
        );
        assert_eq!(error_of(&Value::Null), (None, None));
    }
}
