//! The ADLS Gen2 provider: reads lake containers into the canonical model and executes
//! planned operations on them, over the storage REST API or on the sandbox's local lake.
//!
//! * Blob endpoint (every account): containers, metadata, public access, the lock lease,
//!   and directory markers on flat-namespace accounts.
//! * Queue endpoint: storage queues (`queues`), the destination of Event Grid.
//! * Azure Resource Manager: the account's Event Grid subscriptions (`event_grid`).
//! * DFS endpoint (hierarchical-namespace accounts only, detected with
//!   `GET /?restype=account&comp=properties`): directories and POSIX ACLs.
//! * Authentication: Shared Key, SAS, or Entra ID through `azure_identity`.
//! * [`Lake`] is the interface the rest of lakeform uses; it never decides what to
//!   change, only reads and executes.
//!
//! Directories on a flat account are zero-length marker blobs `dir/` with metadata
//! `hdi_isfolder=true` (see [`blobs`]); an ACL on a flat account is refused before any
//! request. The container comment is stored as the reserved metadata key
//! `lakeform_comment` (see [`crate::kinds::container`]).

mod auth;
mod blobs;
mod client;
mod containers;
mod credential;
mod dfs;
mod error;
mod event_grid;
mod file_lock;
mod holder;
mod lake;
mod lease;
mod lease_lock;
mod listing;
mod local_lake;
mod namespace;
mod operation;
mod queues;
mod request;
mod retry;
mod settings;
pub mod shared_key;
mod transport;
mod xml;

pub use client::{AdlsClient, ClientOptions, RESERVED_DIR};
pub use error::AdlsError;
pub use event_grid::{ArmPolling, EVENT_GRID_API_VERSION};
pub use holder::LockHolder;
pub use lake::{Lake, LakeLock, LakeSettings};
pub use namespace::Namespace;
pub use operation::AdlsOperation;
pub use retry::RetryPolicy;
pub use settings::{AdlsAuth, AdlsSettings, ArmSettings, CredentialKind, Endpoints};
pub use transport::API_VERSION;
