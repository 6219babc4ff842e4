//! `AdlsClient`: one storage account over REST — introspection into the container model
//! and execution of planned operations.
//!
//! Reads: queues from one paged listing of the Queue service; Event Grid subscriptions
//! from one (paged) ARM listing; containers with metadata and public access from one paged listing; then per
//! container, concurrently (bounded), its directories — from the DFS endpoint on a
//! hierarchical-namespace account, from marker blobs on a flat one — and, on a
//! hierarchical account only, the ACL of its root and of every directory. Listing is
//! recursive, so its cost grows with the number of paths in a container, files included.
//! Paths under `.lakeform/` (where the lock blob lives) are lakeform's own and are not
//! reported as directories.

use super::auth::Authorizer;
use super::blobs;
use super::containers;
use super::dfs;
use super::error::AdlsError;
use super::event_grid::{ArmPolling, EventGrid};
use super::listing::ContainerItem;
use super::namespace::{self, Namespace};
use super::operation::AdlsOperation;
use super::queues;
use super::retry::RetryPolicy;
use super::settings::AdlsSettings;
use super::transport::Transport;
use crate::kinds::container::{Container, ContainerError, canonical_acl, metadata, path};
use crate::kinds::event_subscription::EventSubscription;
use crate::kinds::storage_queue::StorageQueue;
use azure_core::credentials::TokenCredential;
use std::collections::BTreeMap;
use std::sync::Arc;
use tokio::sync::{OnceCell, Semaphore};
use tokio::task::JoinSet;

/// Tunables of the client; the defaults suit production.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientOptions {
    /// `maxresults` of list calls (the service's maximum is 5,000).
    pub page_size: u32,
    /// Requests run at once while reading.
    pub concurrency: usize,
    pub retry: RetryPolicy,
    /// How long and how often to wait for asynchronous ARM operations.
    pub arm_polling: ArmPolling,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            page_size: 5000,
            concurrency: 16,
            retry: RetryPolicy::default(),
            arm_polling: ArmPolling::default(),
        }
    }
}

/// A storage account reached over REST. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AdlsClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    transport: Transport,
    namespace: OnceCell<Namespace>,
    options: ClientOptions,
    /// The account's Event Grid side, when `[adls]` places it in ARM.
    event_grid: Option<EventGrid>,
}

impl AdlsClient {
    /// Builds a client; sends nothing.
    pub fn new(settings: &AdlsSettings) -> Result<Self, AdlsError> {
        Self::with_options(settings, ClientOptions::default())
    }

    pub fn with_options(
        settings: &AdlsSettings,
        options: ClientOptions,
    ) -> Result<Self, AdlsError> {
        Self::build(settings, options, None)
    }

    /// A client whose ARM calls take their tokens from `credential` instead of the one
    /// `settings.arm` names: for tests against recorded replies, which need a token
    /// without Azure.
    pub fn with_arm_credential(
        settings: &AdlsSettings,
        options: ClientOptions,
        credential: Arc<dyn TokenCredential>,
    ) -> Result<Self, AdlsError> {
        Self::build(settings, options, Some(credential))
    }

    fn build(
        settings: &AdlsSettings,
        options: ClientOptions,
        credential: Option<Arc<dyn TokenCredential>>,
    ) -> Result<Self, AdlsError> {
        let endpoints = settings.endpoints()?;
        let auth = Authorizer::new(&settings.account, &settings.auth)?;
        let transport = Transport::new(endpoints, auth, options.retry)?;
        let event_grid = settings
            .arm
            .as_ref()
            .map(|arm| {
                EventGrid::new(
                    &settings.account,
                    arm,
                    options.retry,
                    options.arm_polling.clone(),
                    credential,
                )
            })
            .transpose()?;
        Ok(AdlsClient {
            inner: Arc::new(Inner {
                transport,
                namespace: OnceCell::new(),
                options,
                event_grid,
            }),
        })
    }

    /// Whether the client can reach the account's Event Grid subscriptions.
    pub fn has_event_grid(&self) -> bool {
        self.inner.event_grid.is_some()
    }

    fn event_grid(&self) -> Result<&EventGrid, AdlsError> {
        self.inner
            .event_grid
            .as_ref()
            .ok_or(AdlsError::NoArmSettings)
    }

    /// Every queue of the account, from one listing (paged), sorted by name.
    pub async fn read_queues(&self) -> Result<Vec<StorageQueue>, AdlsError> {
        queues::list(self.transport(), self.inner.options.page_size).await
    }

    /// Every Event Grid subscription on the account, from one ARM listing, sorted by name.
    pub async fn read_event_subscriptions(&self) -> Result<Vec<EventSubscription>, AdlsError> {
        self.event_grid()?.list().await
    }

    pub(crate) fn transport(&self) -> &Transport {
        &self.inner.transport
    }

    /// The account's namespace, asked once and remembered.
    pub async fn namespace(&self) -> Result<Namespace, AdlsError> {
        let transport = &self.inner.transport;
        let namespace = *self
            .inner
            .namespace
            .get_or_try_init(|| namespace::detect(transport))
            .await?;
        if namespace == Namespace::Hierarchical && !transport.has_dfs() {
            return Err(AdlsError::NoDfsEndpoint);
        }
        Ok(namespace)
    }

    /// The live containers, all or those named (names that do not exist are left out),
    /// sorted by name.
    pub async fn read_containers(
        &self,
        names: Option<&[String]>,
    ) -> Result<Vec<Container>, AdlsError> {
        if let Some(names) = names {
            for name in names {
                crate::kinds::container::validate_container_name(name)?;
            }
        }
        let items = match names {
            // A few named containers: one properties call each beats listing the account.
            Some(names) if names.len() <= 8 => {
                let mut items = Vec::new();
                for name in names {
                    if let Some(item) = containers::properties(self.transport(), name).await? {
                        items.push(item);
                    }
                }
                items
            }
            _ => {
                let all = containers::list(self.transport(), self.inner.options.page_size).await?;
                match names {
                    Some(names) => all
                        .into_iter()
                        .filter(|c| names.contains(&c.name))
                        .collect(),
                    None => all,
                }
            }
        };
        let namespace = self.namespace().await?;
        let limit = Arc::new(Semaphore::new(self.inner.options.concurrency.max(1)));
        let mut tasks = JoinSet::new();
        for item in items {
            let client = self.clone();
            let limit = limit.clone();
            tasks.spawn(async move { client.read_container(item, namespace, limit).await });
        }
        let mut out = Vec::new();
        while let Some(joined) = tasks.join_next().await {
            let container = joined.map_err(|e| AdlsError::task("reading a container", e))??;
            out.push(container);
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    async fn read_container(
        &self,
        item: ContainerItem,
        namespace: Namespace,
        limit: Arc<Semaphore>,
    ) -> Result<Container, AdlsError> {
        let action = format!("reading container {:?}", item.name);
        let mut container = Container::new(item.name.clone())?;
        container.public_access = item.public_access;
        let (user, comment) = metadata::split_stored_metadata(item.metadata)
            .map_err(|e| AdlsError::malformed(&action, e.to_string()))?;
        container.metadata = user;
        container.comment = comment;

        let page_size = self.inner.options.page_size;
        let directories = {
            let _permit = limit
                .acquire()
                .await
                .map_err(|e| AdlsError::task("waiting for a request slot", e))?;
            match namespace {
                Namespace::Hierarchical => {
                    dfs::list_directories(self.transport(), &item.name, page_size).await?
                }
                Namespace::Flat => blobs::list(self.transport(), &item.name, None, page_size)
                    .await?
                    .iter()
                    .filter_map(blobs::marked_directory)
                    .map(str::to_owned)
                    .collect(),
            }
        };
        for dir in directories.iter().filter(|d| !is_reserved(d)) {
            // Live names are taken as they are; a path lakeform could not declare is still
            // shown, under its own name, rather than dropped.
            match container.add_directory(dir) {
                Ok(()) => {}
                Err(_) => {
                    for ancestor in path::ancestors(dir) {
                        container.directories.insert(ancestor.to_owned());
                    }
                    container.directories.insert(dir.clone());
                }
            }
        }
        if namespace == Namespace::Hierarchical {
            container.acl = self.read_acls(&item.name, &container, &limit).await?;
        }
        Ok(container)
    }

    async fn read_acls(
        &self,
        filesystem: &str,
        container: &Container,
        limit: &Arc<Semaphore>,
    ) -> Result<BTreeMap<String, String>, AdlsError> {
        let paths = std::iter::once(String::new()).chain(container.directories.iter().cloned());
        let mut tasks = JoinSet::new();
        for path in paths {
            let client = self.clone();
            let filesystem = filesystem.to_owned();
            let limit = limit.clone();
            tasks.spawn(async move {
                let _permit = limit
                    .acquire_owned()
                    .await
                    .map_err(|e| AdlsError::task("waiting for a request slot", e))?;
                let text = dfs::get_acl(client.transport(), &filesystem, &path).await?;
                Ok::<_, AdlsError>((path, text))
            });
        }
        let mut acl = BTreeMap::new();
        while let Some(joined) = tasks.join_next().await {
            let (path, text) = joined.map_err(|e| AdlsError::task("reading an ACL", e))??;
            acl.insert(path, text);
        }
        Ok(acl)
    }

    /// Executes one planned operation. Invalid input and an ACL on a flat account are
    /// refused before any request that changes anything.
    pub async fn execute(&self, operation: &AdlsOperation) -> Result<(), AdlsError> {
        operation.validate()?;
        let transport = self.transport();
        match operation {
            AdlsOperation::CreateContainer {
                name,
                metadata,
                comment,
                public_access,
            } => {
                let stored = stored(name, metadata, comment)?;
                transport
                    .send(&containers::create_request(name, &stored, *public_access))
                    .await?;
            }
            AdlsOperation::SetMetadata {
                name,
                metadata,
                comment,
            } => {
                let stored = stored(name, metadata, comment)?;
                transport
                    .send(&containers::set_metadata_request(name, &stored))
                    .await?;
            }
            AdlsOperation::SetPublicAccess {
                name,
                public_access,
            } => {
                containers::set_public_access(transport, name, *public_access).await?;
            }
            AdlsOperation::DeleteContainer { name } => {
                transport.send(&containers::delete_request(name)).await?;
            }
            AdlsOperation::CreateDirectory { container, path } => match self.namespace().await? {
                Namespace::Hierarchical => {
                    dfs::create_directory(transport, container, path).await?
                }
                Namespace::Flat => {
                    transport
                        .send(&blobs::marker_request(container, path))
                        .await?;
                }
            },
            AdlsOperation::DeleteDirectory { container, path } => match self.namespace().await? {
                Namespace::Hierarchical => {
                    dfs::delete_directory(transport, container, path).await?
                }
                Namespace::Flat => {
                    let prefix = format!("{path}/");
                    let below = blobs::list(
                        transport,
                        container,
                        Some(&prefix),
                        self.inner.options.page_size,
                    )
                    .await?;
                    for blob in below {
                        match transport
                            .send(&blobs::delete_request(container, &blob.name))
                            .await
                        {
                            Ok(_) => {}
                            Err(e) if e.service_code() == Some("BlobNotFound") => {}
                            Err(e) => return Err(e),
                        }
                    }
                }
            },
            AdlsOperation::SetAcl {
                container,
                path,
                acl,
            } => match self.namespace().await? {
                Namespace::Hierarchical => {
                    let canonical = canonical_acl(acl).map_err(|source| ContainerError::Acl {
                        container: container.clone(),
                        path: path.clone(),
                        source,
                    })?;
                    transport
                        .send(&dfs::set_acl_request(container, path, &canonical))
                        .await?;
                }
                Namespace::Flat => {
                    return Err(AdlsError::NotHierarchical {
                        container: container.clone(),
                        what: format!(
                            "setting the ACL of {:?}",
                            if path.is_empty() { "/" } else { path }
                        ),
                    });
                }
            },
            AdlsOperation::CreateQueue {
                name,
                metadata,
                comment,
            } => {
                let stored = queue_metadata(name, metadata, comment)?;
                queues::create(transport, name, &stored).await?;
            }
            AdlsOperation::SetQueueMetadata {
                name,
                metadata,
                comment,
            } => {
                let stored = queue_metadata(name, metadata, comment)?;
                transport
                    .send(&queues::set_metadata_request(name, &stored))
                    .await?;
            }
            AdlsOperation::DeleteQueue { name } => {
                transport.send(&queues::delete_request(name)).await?;
            }
            AdlsOperation::PutEventSubscription { subscription } => {
                self.event_grid()?.put(subscription).await?;
            }
            AdlsOperation::DeleteEventSubscription { name } => {
                self.event_grid()?.delete(name).await?;
            }
        }
        Ok(())
    }
}

/// Paths under `.lakeform/` hold lakeform's own bookkeeping (the lock blob), not
/// managed directories.
pub(crate) fn is_reserved(path: &str) -> bool {
    path == RESERVED_DIR || path.starts_with(&format!("{RESERVED_DIR}/"))
}

/// The top-level directory lakeform keeps for itself inside containers.
pub const RESERVED_DIR: &str = ".lakeform";

fn queue_metadata(
    name: &str,
    user: &BTreeMap<String, String>,
    comment: &Option<String>,
) -> Result<BTreeMap<String, String>, AdlsError> {
    metadata::stored_metadata(user, comment.as_deref())
        .map_err(|e| AdlsError::InvalidOperation(format!("queue {name:?}: {e}")))
}

fn stored(
    name: &str,
    user: &BTreeMap<String, String>,
    comment: &Option<String>,
) -> Result<BTreeMap<String, String>, AdlsError> {
    metadata::stored_metadata(user, comment.as_deref()).map_err(|source| {
        AdlsError::InvalidContainer(crate::kinds::container::ContainerError::Metadata {
            container: name.to_owned(),
            source,
        })
    })
}
