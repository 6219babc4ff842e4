//! The local lake for the sandbox (`[adls] sandbox = "DIR"`): containers are directories
//! under `DIR`, and what a directory cannot hold — metadata, comment, public access and
//! ACLs — lives in a sidecar file `DIR/<container>.container.json`.
//!
//! It behaves like a hierarchical-namespace account: directories are real directories,
//! and every directory (and the root) has an ACL — the one set through lakeform, or
//! otherwise ADLS's default for a new path, [`DEFAULT_ACL`]. ACLs are recorded, not
//! enforced on the local file system. Files in the directories are left alone and not
//! reported. Errors mirror the service's: creating an existing container or touching a
//! missing one fails.
//!
//! Storage queues and Event Grid subscriptions live in lakeform's own directory, where no
//! container can be (`.lakeform` is not a container name): a queue is
//! `DIR/.lakeform/queues/<queue>.json` (its metadata and comment), a subscription
//! `DIR/.lakeform/event-subscriptions/<name>.json` (the subscription as lakeform models
//! it). Like Azure, a subscription can only be put while its destination queue exists,
//! and a queue is created again only with the same metadata (Create Queue's 204) — other
//! metadata is the service's 409 `QueueAlreadyExists`
//! (https://learn.microsoft.com/rest/api/storageservices/create-queue4).

use super::client::{RESERVED_DIR, is_reserved};
use super::error::AdlsError;
use super::operation::AdlsOperation;
use crate::kinds::container::{Container, PublicAccess, validate_container_name};
use crate::kinds::event_subscription::{EventSubscription, validate_event_subscription_name};
use crate::kinds::storage_queue::{StorageQueue, validate_queue_name};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The ACL ADLS gives a new path under the default umask (027).
pub(crate) const DEFAULT_ACL: &str = "user::rwx,group::r-x,other::---";
const SIDECAR_SUFFIX: &str = ".container.json";
const QUEUES_DIR: &str = "queues";
const SUBSCRIPTIONS_DIR: &str = "event-subscriptions";

/// What a queue's file holds.
#[derive(Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct QueueFile {
    #[serde(default)]
    metadata: BTreeMap<String, String>,
    #[serde(default)]
    comment: Option<String>,
}

/// What the sidecar file holds.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sidecar {
    #[serde(default)]
    metadata: BTreeMap<String, String>,
    #[serde(default)]
    comment: Option<String>,
    #[serde(default)]
    public_access: PublicAccess,
    #[serde(default)]
    acl: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct LocalLake {
    root: PathBuf,
}

impl LocalLake {
    /// A lake under `root`, created if missing.
    pub async fn open(root: impl Into<PathBuf>) -> Result<Self, AdlsError> {
        let root = root.into();
        tokio::fs::create_dir_all(&root)
            .await
            .map_err(|e| local("creating the lake directory", &root, e))?;
        Ok(LocalLake { root })
    }

    fn container_dir(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    fn sidecar_path(&self, name: &str) -> PathBuf {
        self.root.join(format!("{name}{SIDECAR_SUFFIX}"))
    }

    /// The containers, all or those named, sorted by name.
    pub async fn read_containers(
        &self,
        names: Option<&[String]>,
    ) -> Result<Vec<Container>, AdlsError> {
        let mut found = Vec::new();
        let mut entries = tokio::fs::read_dir(&self.root)
            .await
            .map_err(|e| local("listing", &self.root, e))?;
        while let Some(entry) = entries
            .next_entry()
            .await
            .map_err(|e| local("listing", &self.root, e))?
        {
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            let is_dir = entry
                .file_type()
                .await
                .map_err(|e| local("inspecting", &entry.path(), e))?
                .is_dir();
            // Other entries (sidecars, lakeform's own `.lakeform`) are not containers.
            if !is_dir || validate_container_name(&name).is_err() {
                continue;
            }
            if names.is_some_and(|wanted| !wanted.contains(&name)) {
                continue;
            }
            found.push(self.read_container(&name).await?);
        }
        found.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(found)
    }

    async fn read_container(&self, name: &str) -> Result<Container, AdlsError> {
        let sidecar = self.read_sidecar(name).await?;
        let mut container = Container::new(name)?;
        container.metadata = sidecar.metadata;
        container.comment = sidecar.comment;
        container.public_access = sidecar.public_access;
        let dir = self.container_dir(name);
        let mut pending = vec![(dir.clone(), String::new())];
        while let Some((path, relative)) = pending.pop() {
            let mut entries = tokio::fs::read_dir(&path)
                .await
                .map_err(|e| local("listing", &path, e))?;
            while let Some(entry) = entries
                .next_entry()
                .await
                .map_err(|e| local("listing", &path, e))?
            {
                let is_dir = entry
                    .file_type()
                    .await
                    .map_err(|e| local("inspecting", &entry.path(), e))?
                    .is_dir();
                let Ok(file_name) = entry.file_name().into_string() else {
                    continue;
                };
                let child = if relative.is_empty() {
                    file_name
                } else {
                    format!("{relative}/{file_name}")
                };
                if is_dir && !is_reserved(&child) {
                    container.directories.insert(child.clone());
                    pending.push((entry.path(), child));
                }
            }
        }
        let paths = std::iter::once(String::new()).chain(container.directories.iter().cloned());
        container.acl = paths
            .map(|p| {
                let acl = sidecar
                    .acl
                    .get(&p)
                    .cloned()
                    .unwrap_or_else(|| DEFAULT_ACL.to_owned());
                (p, acl)
            })
            .collect();
        Ok(container)
    }

    async fn read_sidecar(&self, name: &str) -> Result<Sidecar, AdlsError> {
        let path = self.sidecar_path(name);
        match tokio::fs::read(&path).await {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| AdlsError::LocalCorrupt {
                path: path.clone(),
                detail: e.to_string(),
            }),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(Sidecar::default()),
            Err(e) => Err(local("reading", &path, e)),
        }
    }

    async fn write_sidecar(&self, name: &str, sidecar: &Sidecar) -> Result<(), AdlsError> {
        write_json(&self.sidecar_path(name), sidecar).await
    }

    fn queue_path(&self, name: &str) -> PathBuf {
        self.root
            .join(RESERVED_DIR)
            .join(QUEUES_DIR)
            .join(format!("{name}.json"))
    }

    fn subscription_path(&self, name: &str) -> PathBuf {
        self.root
            .join(RESERVED_DIR)
            .join(SUBSCRIPTIONS_DIR)
            .join(format!("{name}.json"))
    }

    /// The queues, sorted by name.
    pub async fn read_queues(&self) -> Result<Vec<StorageQueue>, AdlsError> {
        let mut out = Vec::new();
        for (name, path) in json_files(&self.root.join(RESERVED_DIR).join(QUEUES_DIR)).await? {
            if validate_queue_name(&name).is_err() {
                continue;
            }
            let file: QueueFile = read_json(&path).await?;
            out.push(StorageQueue {
                name,
                metadata: file.metadata,
                comment: file.comment,
            });
        }
        Ok(out)
    }

    /// The Event Grid subscriptions, sorted by name.
    pub async fn read_event_subscriptions(&self) -> Result<Vec<EventSubscription>, AdlsError> {
        let dir = self.root.join(RESERVED_DIR).join(SUBSCRIPTIONS_DIR);
        let mut out = Vec::new();
        for (name, path) in json_files(&dir).await? {
            if validate_event_subscription_name(&name).is_err() {
                continue;
            }
            let subscription: EventSubscription = read_json(&path).await?;
            if subscription.name != name {
                return Err(AdlsError::LocalCorrupt {
                    path,
                    detail: format!("holds subscription {:?}", subscription.name),
                });
            }
            out.push(subscription);
        }
        Ok(out)
    }

    /// Queue and Event Grid operations (the container ones are in [`Self::execute`]).
    async fn execute_queue_side(&self, operation: &AdlsOperation) -> Result<(), AdlsError> {
        let missing = |what: &str, path: &Path| {
            local(
                what,
                path,
                std::io::Error::new(ErrorKind::NotFound, "it does not exist"),
            )
        };
        match operation {
            AdlsOperation::CreateQueue {
                name,
                metadata,
                comment,
            } => {
                let path = self.queue_path(name);
                let wanted = QueueFile {
                    metadata: metadata.clone(),
                    comment: comment.clone(),
                };
                if tokio::fs::try_exists(&path).await.unwrap_or(false) {
                    let existing: QueueFile = read_json(&path).await?;
                    if existing != wanted {
                        return Err(local(
                            "creating queue",
                            &path,
                            std::io::Error::new(
                                ErrorKind::AlreadyExists,
                                "QueueAlreadyExists: the queue exists with other metadata",
                            ),
                        ));
                    }
                    return Ok(());
                }
                write_json(&path, &wanted).await
            }
            AdlsOperation::SetQueueMetadata {
                name,
                metadata,
                comment,
            } => {
                let path = self.queue_path(name);
                if !tokio::fs::try_exists(&path).await.unwrap_or(false) {
                    return Err(missing("setting the metadata of queue", &path));
                }
                let file = QueueFile {
                    metadata: metadata.clone(),
                    comment: comment.clone(),
                };
                write_json(&path, &file).await
            }
            AdlsOperation::DeleteQueue { name } => {
                let path = self.queue_path(name);
                tokio::fs::remove_file(&path).await.map_err(|e| {
                    if e.kind() == ErrorKind::NotFound {
                        missing("deleting queue", &path)
                    } else {
                        local("deleting queue", &path, e)
                    }
                })
            }
            AdlsOperation::PutEventSubscription { subscription } => {
                let queue = self.queue_path(&subscription.queue);
                if !tokio::fs::try_exists(&queue).await.unwrap_or(false) {
                    return Err(AdlsError::QueueMissing {
                        name: subscription.name.clone(),
                        queue: subscription.queue.clone(),
                    });
                }
                write_json(&self.subscription_path(&subscription.name), subscription).await
            }
            AdlsOperation::DeleteEventSubscription { name } => {
                let path = self.subscription_path(name);
                tokio::fs::remove_file(&path).await.map_err(|e| {
                    if e.kind() == ErrorKind::NotFound {
                        missing("deleting event subscription", &path)
                    } else {
                        local("deleting event subscription", &path, e)
                    }
                })
            }
            _ => Ok(()),
        }
    }

    async fn require_container(&self, name: &str) -> Result<PathBuf, AdlsError> {
        let dir = self.container_dir(name);
        match tokio::fs::metadata(&dir).await {
            Ok(m) if m.is_dir() => Ok(dir),
            _ => Err(local(
                "using container",
                &dir,
                std::io::Error::new(ErrorKind::NotFound, "the container does not exist"),
            )),
        }
    }

    /// Executes one operation, with the same validation as the REST client.
    pub async fn execute(&self, operation: &AdlsOperation) -> Result<(), AdlsError> {
        operation.validate()?;
        match operation {
            AdlsOperation::CreateContainer {
                name,
                metadata,
                comment,
                public_access,
            } => {
                let dir = self.container_dir(name);
                tokio::fs::create_dir(&dir)
                    .await
                    .map_err(|e| local("creating container", &dir, e))?;
                let sidecar = Sidecar {
                    metadata: metadata.clone(),
                    comment: comment.clone(),
                    public_access: *public_access,
                    acl: BTreeMap::new(),
                };
                self.write_sidecar(name, &sidecar).await?;
            }
            AdlsOperation::SetMetadata {
                name,
                metadata,
                comment,
            } => {
                self.require_container(name).await?;
                let mut sidecar = self.read_sidecar(name).await?;
                sidecar.metadata = metadata.clone();
                sidecar.comment = comment.clone();
                self.write_sidecar(name, &sidecar).await?;
            }
            AdlsOperation::SetPublicAccess {
                name,
                public_access,
            } => {
                self.require_container(name).await?;
                let mut sidecar = self.read_sidecar(name).await?;
                sidecar.public_access = *public_access;
                self.write_sidecar(name, &sidecar).await?;
            }
            AdlsOperation::DeleteContainer { name } => {
                let dir = self.require_container(name).await?;
                tokio::fs::remove_dir_all(&dir)
                    .await
                    .map_err(|e| local("deleting container", &dir, e))?;
                let sidecar = self.sidecar_path(name);
                match tokio::fs::remove_file(&sidecar).await {
                    Ok(()) => {}
                    Err(e) if e.kind() == ErrorKind::NotFound => {}
                    Err(e) => return Err(local("deleting", &sidecar, e)),
                }
            }
            AdlsOperation::CreateDirectory { container, path } => {
                let dir = self.require_container(container).await?.join(path);
                tokio::fs::create_dir_all(&dir)
                    .await
                    .map_err(|e| local("creating directory", &dir, e))?;
            }
            AdlsOperation::DeleteDirectory { container, path } => {
                let dir = self.require_container(container).await?.join(path);
                match tokio::fs::remove_dir_all(&dir).await {
                    Ok(()) => {}
                    Err(e) if e.kind() == ErrorKind::NotFound => {}
                    Err(e) => return Err(local("deleting directory", &dir, e)),
                }
                let mut sidecar = self.read_sidecar(container).await?;
                let below = format!("{path}/");
                sidecar
                    .acl
                    .retain(|p, _| p != path && !p.starts_with(&below));
                self.write_sidecar(container, &sidecar).await?;
            }
            AdlsOperation::SetAcl {
                container,
                path,
                acl,
            } => {
                let dir = self.require_container(container).await?.join(path);
                if !path.is_empty() && !tokio::fs::metadata(&dir).await.is_ok_and(|m| m.is_dir()) {
                    return Err(local(
                        "setting the ACL of",
                        &dir,
                        std::io::Error::new(ErrorKind::NotFound, "the directory does not exist"),
                    ));
                }
                let mut sidecar = self.read_sidecar(container).await?;
                let canonical = crate::kinds::container::canonical_acl(acl).map_err(|source| {
                    crate::kinds::container::ContainerError::Acl {
                        container: container.clone(),
                        path: path.clone(),
                        source,
                    }
                })?;
                sidecar.acl.insert(path.clone(), canonical);
                self.write_sidecar(container, &sidecar).await?;
            }
            AdlsOperation::CreateQueue { .. }
            | AdlsOperation::SetQueueMetadata { .. }
            | AdlsOperation::DeleteQueue { .. }
            | AdlsOperation::PutEventSubscription { .. }
            | AdlsOperation::DeleteEventSubscription { .. } => {
                self.execute_queue_side(operation).await?;
            }
        }
        Ok(())
    }

    /// Where the lock files live.
    pub(crate) fn locks_dir(&self) -> PathBuf {
        self.root.join(RESERVED_DIR).join("locks")
    }
}

/// The `*.json` files of `dir` as (stem, path), sorted; none when `dir` does not exist.
async fn json_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, AdlsError> {
    let mut entries = match tokio::fs::read_dir(dir).await {
        Ok(entries) => entries,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(local("listing", dir, e)),
    };
    let mut out = Vec::new();
    while let Some(entry) = entries
        .next_entry()
        .await
        .map_err(|e| local("listing", dir, e))?
    {
        let Ok(file_name) = entry.file_name().into_string() else {
            continue;
        };
        if let Some(stem) = file_name.strip_suffix(".json") {
            out.push((stem.to_owned(), entry.path()));
        }
    }
    out.sort();
    Ok(out)
}

async fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, AdlsError> {
    let bytes = tokio::fs::read(path)
        .await
        .map_err(|e| local("reading", path, e))?;
    serde_json::from_slice(&bytes).map_err(|e| AdlsError::LocalCorrupt {
        path: path.to_owned(),
        detail: e.to_string(),
    })
}

/// Writes through a temporary file and a rename, so a crash never leaves half a file.
async fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), AdlsError> {
    let text = serde_json::to_vec_pretty(value).map_err(|e| AdlsError::LocalCorrupt {
        path: path.to_owned(),
        detail: e.to_string(),
    })?;
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return Err(local(
            "writing",
            path,
            std::io::Error::new(ErrorKind::InvalidInput, "not a file path"),
        ));
    };
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(|e| local("creating", dir, e))?;
    let tmp = dir.join(format!(".{}.tmp", name.to_string_lossy()));
    tokio::fs::write(&tmp, text)
        .await
        .map_err(|e| local("writing", &tmp, e))?;
    tokio::fs::rename(&tmp, path)
        .await
        .map_err(|e| local("replacing", path, e))
}

fn local(action: &str, path: &Path, source: std::io::Error) -> AdlsError {
    AdlsError::Local {
        action: action.to_owned(),
        path: path.to_owned(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn create(name: &str) -> AdlsOperation {
        let mut c = Container::new(name).unwrap();
        c.set_metadata([("Owner", "data-eng")]).unwrap();
        c.comment = Some("landing zone – raw".into());
        c.public_access = PublicAccess::Blob;
        AdlsOperation::create_container(&c)
    }

    #[tokio::test]
    async fn containers_round_trip_through_the_local_lake() {
        let dir = tempfile::tempdir().unwrap();
        let lake = LocalLake::open(dir.path()).await.unwrap();
        lake.execute(&create("landing")).await.unwrap();
        lake.execute(&AdlsOperation::CreateDirectory {
            container: "landing".into(),
            path: "raw/customer".into(),
        })
        .await
        .unwrap();
        lake.execute(&AdlsOperation::SetAcl {
            container: "landing".into(),
            path: "raw".into(),
            acl: "other::r--,group::r-x,user::rwx".into(),
        })
        .await
        .unwrap();

        let mut expected = Container::new("landing").unwrap();
        expected.set_metadata([("owner", "data-eng")]).unwrap();
        expected.comment = Some("landing zone – raw".into());
        expected.public_access = PublicAccess::Blob;
        expected.add_directory("raw/customer").unwrap();
        expected.set_acl("", DEFAULT_ACL).unwrap();
        expected
            .set_acl("raw", "user::rwx,group::r-x,other::r--")
            .unwrap();
        expected.set_acl("raw/customer", DEFAULT_ACL).unwrap();

        let live = lake.read_containers(None).await.unwrap();
        assert_eq!(live, vec![expected]);
        assert_eq!(live[0].validate(), Ok(()));
    }

    #[tokio::test]
    async fn updates_deletes_and_filters() {
        let dir = tempfile::tempdir().unwrap();
        let lake = LocalLake::open(dir.path()).await.unwrap();
        lake.execute(&create("landing")).await.unwrap();
        lake.execute(&create("silver")).await.unwrap();
        lake.execute(&AdlsOperation::SetMetadata {
            name: "landing".into(),
            metadata: BTreeMap::from([("layer".into(), "bronze".into())]),
            comment: None,
        })
        .await
        .unwrap();
        lake.execute(&AdlsOperation::SetPublicAccess {
            name: "landing".into(),
            public_access: PublicAccess::None,
        })
        .await
        .unwrap();
        let only = lake
            .read_containers(Some(&["landing".to_owned()]))
            .await
            .unwrap();
        assert_eq!(only.len(), 1);
        assert_eq!(
            only[0].metadata,
            BTreeMap::from([("layer".into(), "bronze".into())])
        );
        assert_eq!(only[0].comment, None);
        assert_eq!(only[0].public_access, PublicAccess::None);

        lake.execute(&AdlsOperation::DeleteContainer {
            name: "silver".into(),
        })
        .await
        .unwrap();
        let names: Vec<String> = lake
            .read_containers(None)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(names, vec!["landing"]);
    }

    #[tokio::test]
    async fn refuses_what_the_service_would_refuse() {
        let dir = tempfile::tempdir().unwrap();
        let lake = LocalLake::open(dir.path()).await.unwrap();
        lake.execute(&create("landing")).await.unwrap();
        assert!(lake.execute(&create("landing")).await.is_err(), "exists");
        assert!(
            lake.execute(&AdlsOperation::DeleteContainer {
                name: "ghost".into()
            })
            .await
            .is_err()
        );
        assert!(
            lake.execute(&AdlsOperation::SetAcl {
                container: "landing".into(),
                path: "missing".into(),
                acl: DEFAULT_ACL.into(),
            })
            .await
            .is_err()
        );
        let invalid = AdlsOperation::CreateDirectory {
            container: "Bad_Name".into(),
            path: "x".into(),
        };
        assert!(matches!(
            lake.execute(&invalid).await,
            Err(AdlsError::InvalidContainerName(_))
        ));
        assert!(!dir.path().join("Bad_Name").exists());
    }

    #[tokio::test]
    async fn queues_and_subscriptions_live_beside_the_containers() {
        use crate::kinds::event_subscription::{EventSubscription, subject_prefix};
        let dir = tempfile::tempdir().unwrap();
        let lake = LocalLake::open(dir.path()).await.unwrap();
        lake.execute(&create("landing")).await.unwrap();
        let queue = |owner: &str| AdlsOperation::CreateQueue {
            name: "orders-events".into(),
            metadata: BTreeMap::from([("owner".into(), owner.into())]),
            comment: Some("Snowpipe".into()),
        };
        let subscription = EventSubscription {
            name: "ordersblobcreated".into(),
            queue: "orders-events".into(),
            event_types: vec!["Microsoft.Storage.BlobCreated".into()],
            subject_begins_with: subject_prefix("landing", "order/"),
            subject_ends_with: String::new(),
            case_sensitive: false,
            delivery_schema: "EventGridSchema".into(),
        };
        let put = AdlsOperation::PutEventSubscription {
            subscription: subscription.clone(),
        };
        // Like Event Grid, a subscription needs its destination queue.
        assert!(matches!(
            lake.execute(&put).await,
            Err(AdlsError::QueueMissing { .. })
        ));
        lake.execute(&queue("ingest")).await.unwrap();
        // Create Queue again: same metadata is the service's 204, other metadata its 409.
        lake.execute(&queue("ingest")).await.unwrap();
        assert!(lake.execute(&queue("other")).await.is_err());
        lake.execute(&put).await.unwrap();

        let queues = lake.read_queues().await.unwrap();
        assert_eq!(queues.len(), 1);
        assert_eq!(queues[0].metadata["owner"], "ingest");
        assert_eq!(queues[0].comment.as_deref(), Some("Snowpipe"));
        assert_eq!(
            lake.read_event_subscriptions().await.unwrap(),
            [subscription]
        );
        // Neither is a container, and the container is unchanged.
        let containers = lake.read_containers(None).await.unwrap();
        assert_eq!(containers.len(), 1);

        lake.execute(&AdlsOperation::DeleteEventSubscription {
            name: "ordersblobcreated".into(),
        })
        .await
        .unwrap();
        lake.execute(&AdlsOperation::DeleteQueue {
            name: "orders-events".into(),
        })
        .await
        .unwrap();
        assert!(lake.read_queues().await.unwrap().is_empty());
        assert!(lake.read_event_subscriptions().await.unwrap().is_empty());
        assert!(
            lake.execute(&AdlsOperation::DeleteQueue {
                name: "orders-events".into(),
            })
            .await
            .is_err(),
            "deleting a missing queue fails, as QueueNotFound does"
        );
    }

    #[tokio::test]
    async fn a_corrupt_sidecar_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let lake = LocalLake::open(dir.path()).await.unwrap();
        lake.execute(&create("landing")).await.unwrap();
        std::fs::write(dir.path().join("landing.container.json"), "{").unwrap();
        assert!(matches!(
            lake.read_containers(None).await,
            Err(AdlsError::LocalCorrupt { .. })
        ));
    }
}
