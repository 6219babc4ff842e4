//! The ADLS provider's error type.
//!
//! Every variant says what was being done (`action`, e.g. `PUT /landing?restype=container`)
//! and, for a server's refusal, its status, error code and message. No variant carries a
//! secret: request descriptions never include a SAS token or a signature, and transport
//! errors are stripped of their URL before they are kept.

use crate::kinds::container::{ContainerError, ContainerNameError};
use std::path::PathBuf;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum AdlsError {
    #[error("ADLS settings: {0}")]
    Settings(String),

    #[error(transparent)]
    InvalidContainer(#[from] ContainerError),

    #[error(transparent)]
    InvalidContainerName(#[from] ContainerNameError),

    /// A queue or event subscription operation that Azure would refuse (a bad name, bad
    /// metadata), caught before any request.
    #[error("{0}")]
    InvalidOperation(String),

    #[error("could not obtain an Entra ID token for {service} ({credential}): {detail}")]
    Credential {
        service: &'static str,
        credential: String,
        detail: String,
    },

    #[error("{action}: request failed after {attempts} attempt(s): {source}")]
    Transport {
        action: String,
        attempts: u32,
        #[source]
        source: reqwest::Error,
    },

    #[error("{action}: HTTP {status} {code}: {message} (after {attempts} attempt(s))")]
    Service {
        action: String,
        status: u16,
        code: String,
        message: String,
        attempts: u32,
    },

    #[error("{action}: the reply is missing {what}")]
    MissingInReply { action: String, what: String },

    #[error("{action}: malformed reply: {detail}")]
    MalformedReply { action: String, detail: String },

    #[error(
        "container {container:?}: {what} needs a hierarchical-namespace account, and this account has a flat namespace"
    )]
    NotHierarchical { container: String, what: String },

    #[error(
        "the account has a hierarchical namespace but no DFS endpoint is known for it; set `dfs_endpoint` in [adls]"
    )]
    NoDfsEndpoint,

    #[error(
        "no Queue service endpoint is known for the account (an `endpoint` override gives none unless its host has a `.blob.` label); set `queue_endpoint` in [adls]"
    )]
    NoQueueEndpoint,

    #[error(
        "Event Grid subscriptions are Azure Resource Manager resources: [adls] needs `subscription_id` and `resource_group` to read or change them"
    )]
    NoArmSettings,

    #[error(
        "{action}: still {state} after {waited:?}; see the Azure portal for the operation's outcome"
    )]
    ArmTimeout {
        action: String,
        state: String,
        waited: std::time::Duration,
    },

    #[error(
        "event subscription {name:?} sends to queue {queue:?}, which does not exist in the lake"
    )]
    QueueMissing { name: String, queue: String },

    #[error(
        "lock {lock:?} is held by {holder} since {since}",
        holder = holder.as_deref().unwrap_or("an unknown holder"),
        since = since.as_deref().unwrap_or("an unknown time")
    )]
    LockHeld {
        lock: String,
        holder: Option<String>,
        since: Option<String>,
    },

    #[error("lock container {container:?} does not exist; create it before taking a lock in it")]
    LockContainerMissing { container: String },

    #[error("{what}: a concurrent task did not finish: {detail}")]
    TaskFailed { what: String, detail: String },

    #[error("local lake: {action} {path}: {source}", path = path.display())]
    Local {
        action: String,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("local lake: {path} is corrupt: {detail}", path = path.display())]
    LocalCorrupt { path: PathBuf, detail: String },
}

impl AdlsError {
    /// The service's error code (`ContainerNotFound`, `LeaseAlreadyPresent` …) when the
    /// server refused the request.
    pub fn service_code(&self) -> Option<&str> {
        match self {
            AdlsError::Service { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The HTTP status when the server refused the request.
    pub fn status(&self) -> Option<u16> {
        match self {
            AdlsError::Service { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub(crate) fn task(what: &str, error: impl std::fmt::Display) -> Self {
        AdlsError::TaskFailed {
            what: what.to_owned(),
            detail: error.to_string(),
        }
    }

    pub(crate) fn missing(action: &str, what: impl Into<String>) -> Self {
        AdlsError::MissingInReply {
            action: action.to_owned(),
            what: what.into(),
        }
    }

    pub(crate) fn malformed(action: &str, detail: impl Into<String>) -> Self {
        AdlsError::MalformedReply {
            action: action.to_owned(),
            detail: detail.into(),
        }
    }
}
