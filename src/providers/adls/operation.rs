//! The changes the ADLS provider can make, as plain data a plan can hold, show and save.
//!
//! The plan decides which operations to run; the provider only executes them. Each one
//! validates its names, keys and ACLs before any request is sent, and describes itself as
//! the REST call it makes (`PUT /landing?restype=container`), which depends on the
//! account's namespace for directory operations. Queue calls say so (`Queue service: PUT
//! /orders-events`), and Event Grid calls go to Azure Resource Manager (`ARM: PUT …`).

use super::blobs;
use super::containers;
use super::dfs;
use super::error::AdlsError;
use super::event_grid;
use super::namespace::Namespace;
use super::queues;
use crate::kinds::container::{
    Container, ContainerError, PublicAccess, canonical_acl, canonical_directory, metadata,
    validate_container_name,
};
use crate::kinds::event_subscription::{EventSubscription, validate_event_subscription_name};
use crate::kinds::storage_queue::validate_queue_name;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum AdlsOperation {
    /// Creates a container with its metadata, comment and public access.
    CreateContainer {
        name: String,
        metadata: BTreeMap<String, String>,
        comment: Option<String>,
        public_access: PublicAccess,
    },
    /// Replaces all of a container's metadata (Azure has no partial update); the comment
    /// is part of it.
    SetMetadata {
        name: String,
        metadata: BTreeMap<String, String>,
        comment: Option<String>,
    },
    /// Changes the public access level, keeping stored access policies.
    SetPublicAccess {
        name: String,
        public_access: PublicAccess,
    },
    /// Deletes a container and all its data.
    DeleteContainer { name: String },
    /// Creates a directory (a DFS directory, or a marker blob on a flat account).
    CreateDirectory { container: String, path: String },
    /// Deletes a directory and everything below it.
    DeleteDirectory { container: String, path: String },
    /// Replaces the ACL of a directory or of the root (`path = ""`); hierarchical
    /// namespace only.
    SetAcl {
        container: String,
        path: String,
        acl: String,
    },
    /// Creates a storage queue with its metadata and comment.
    CreateQueue {
        name: String,
        metadata: BTreeMap<String, String>,
        comment: Option<String>,
    },
    /// Replaces all of a queue's metadata; the comment is part of it.
    SetQueueMetadata {
        name: String,
        metadata: BTreeMap<String, String>,
        comment: Option<String>,
    },
    /// Deletes a queue and its messages.
    DeleteQueue { name: String },
    /// Creates or replaces an Event Grid subscription on the account (one ARM PUT).
    PutEventSubscription { subscription: EventSubscription },
    /// Deletes an Event Grid subscription.
    DeleteEventSubscription { name: String },
}

impl AdlsOperation {
    /// The operation that creates `container` itself (its directories and ACLs are
    /// separate operations, which the plan orders after it).
    pub fn create_container(container: &Container) -> Self {
        AdlsOperation::CreateContainer {
            name: container.name.clone(),
            metadata: container.metadata.clone(),
            comment: container.comment.clone(),
            public_access: container.public_access,
        }
    }

    /// The container the operation touches, if it touches one.
    pub(crate) fn container(&self) -> Option<&str> {
        match self {
            AdlsOperation::CreateContainer { name, .. }
            | AdlsOperation::SetMetadata { name, .. }
            | AdlsOperation::SetPublicAccess { name, .. }
            | AdlsOperation::DeleteContainer { name } => Some(name),
            AdlsOperation::CreateDirectory { container, .. }
            | AdlsOperation::DeleteDirectory { container, .. }
            | AdlsOperation::SetAcl { container, .. } => Some(container),
            AdlsOperation::CreateQueue { .. }
            | AdlsOperation::SetQueueMetadata { .. }
            | AdlsOperation::DeleteQueue { .. }
            | AdlsOperation::PutEventSubscription { .. }
            | AdlsOperation::DeleteEventSubscription { .. } => None,
        }
    }

    /// Checks names, metadata, paths and ACLs; run before any request.
    pub(crate) fn validate(&self) -> Result<(), AdlsError> {
        let Some(container) = self.container() else {
            return self.validate_queue_side();
        };
        validate_container_name(container)?;
        let container = container.to_owned();
        let metadata_error = |source| ContainerError::Metadata {
            container: container.clone(),
            source,
        };
        let path_error = |source| ContainerError::Directory {
            container: container.clone(),
            source,
        };
        match self {
            AdlsOperation::CreateContainer {
                metadata: m,
                comment,
                ..
            }
            | AdlsOperation::SetMetadata {
                metadata: m,
                comment,
                ..
            } => {
                let canonical = metadata::canonical_metadata(m).map_err(metadata_error)?;
                if let Some(key) = m.keys().find(|k| !canonical.contains_key(*k)) {
                    return Err(metadata_error(metadata::MetadataError::NotLowerCase {
                        key: key.clone(),
                    })
                    .into());
                }
                metadata::stored_metadata(m, comment.as_deref()).map_err(metadata_error)?;
            }
            AdlsOperation::CreateDirectory { path, .. }
            | AdlsOperation::DeleteDirectory { path, .. } => {
                canonical_directory(path).map_err(path_error)?;
            }
            AdlsOperation::SetAcl { path, acl, .. } => {
                if !path.is_empty() {
                    canonical_directory(path).map_err(path_error)?;
                }
                canonical_acl(acl).map_err(|source| ContainerError::Acl {
                    container: container.clone(),
                    path: path.clone(),
                    source,
                })?;
            }
            AdlsOperation::SetPublicAccess { .. } | AdlsOperation::DeleteContainer { .. } => {}
            _ => {}
        }
        Ok(())
    }

    /// [`AdlsOperation::validate`] for queues and event subscriptions.
    fn validate_queue_side(&self) -> Result<(), AdlsError> {
        let invalid = AdlsError::InvalidOperation;
        match self {
            AdlsOperation::CreateQueue {
                name,
                metadata: m,
                comment,
            }
            | AdlsOperation::SetQueueMetadata {
                name,
                metadata: m,
                comment,
            } => {
                validate_queue_name(name).map_err(|e| invalid(e.to_string()))?;
                let canonical = metadata::canonical_metadata(m)
                    .map_err(|e| invalid(format!("queue {name:?}: {e}")))?;
                if let Some(key) = m.keys().find(|k| !canonical.contains_key(*k)) {
                    return Err(invalid(format!(
                        "queue {name:?}: metadata key {key:?} is not in canonical (lower case) form"
                    )));
                }
                metadata::stored_metadata(m, comment.as_deref())
                    .map_err(|e| invalid(format!("queue {name:?}: {e}")))?;
            }
            AdlsOperation::DeleteQueue { name } => {
                validate_queue_name(name).map_err(|e| invalid(e.to_string()))?;
            }
            AdlsOperation::PutEventSubscription { subscription } => {
                validate_event_subscription_name(&subscription.name)
                    .map_err(|e| invalid(e.to_string()))?;
                validate_queue_name(&subscription.queue).map_err(|e| invalid(e.to_string()))?;
            }
            AdlsOperation::DeleteEventSubscription { name } => {
                validate_event_subscription_name(name).map_err(|e| invalid(e.to_string()))?;
            }
            _ => {}
        }
        Ok(())
    }

    /// The REST call this operation makes on an account with `namespace`, e.g.
    /// `PUT /landing?restype=container`. Paths are relative to the account endpoint.
    pub fn describe(&self, namespace: Namespace) -> String {
        let stored = |m: &BTreeMap<String, String>, c: &Option<String>| {
            metadata::stored_metadata(m, c.as_deref()).unwrap_or_else(|_| m.clone())
        };
        match self {
            AdlsOperation::CreateContainer {
                name,
                metadata,
                comment,
                public_access,
            } => containers::create_request(name, &stored(metadata, comment), *public_access)
                .describe(),
            AdlsOperation::SetMetadata {
                name,
                metadata,
                comment,
            } => containers::set_metadata_request(name, &stored(metadata, comment)).describe(),
            AdlsOperation::SetPublicAccess {
                name,
                public_access,
            } => containers::set_public_access_request(name, *public_access, Vec::new()).describe(),
            AdlsOperation::DeleteContainer { name } => containers::delete_request(name).describe(),
            AdlsOperation::CreateDirectory { container, path } => match namespace {
                Namespace::Hierarchical => {
                    dfs::create_directory_request(container, path).describe()
                }
                Namespace::Flat => blobs::marker_request(container, path).describe(),
            },
            AdlsOperation::DeleteDirectory { container, path } => match namespace {
                Namespace::Hierarchical => {
                    dfs::delete_directory_request(container, path, None).describe()
                }
                Namespace::Flat => format!(
                    "{} (and every blob under {path}/)",
                    blobs::delete_request(container, &format!("{path}/")).describe()
                ),
            },
            AdlsOperation::SetAcl {
                container,
                path,
                acl,
            } => dfs::set_acl_request(container, path, acl).describe(),
            AdlsOperation::CreateQueue {
                name,
                metadata,
                comment,
            } => queues::create_request(name, &stored(metadata, comment)).describe(),
            AdlsOperation::SetQueueMetadata {
                name,
                metadata,
                comment,
            } => queues::set_metadata_request(name, &stored(metadata, comment)).describe(),
            AdlsOperation::DeleteQueue { name } => queues::delete_request(name).describe(),
            AdlsOperation::PutEventSubscription { subscription } => {
                event_grid::describe("PUT", &subscription.name)
            }
            AdlsOperation::DeleteEventSubscription { name } => event_grid::describe("DELETE", name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn create() -> AdlsOperation {
        let mut c = Container::new("landing").unwrap();
        c.set_metadata([("owner", "data")]).unwrap();
        c.public_access = PublicAccess::Blob;
        AdlsOperation::create_container(&c)
    }

    #[test]
    fn descriptions_are_the_rest_calls() {
        assert_eq!(
            create().describe(Namespace::Flat),
            "PUT /landing?restype=container"
        );
        let dir = AdlsOperation::CreateDirectory {
            container: "landing".into(),
            path: "raw/customer".into(),
        };
        assert_eq!(dir.describe(Namespace::Flat), "PUT /landing/raw/customer/");
        assert_eq!(
            dir.describe(Namespace::Hierarchical),
            "PUT /landing/raw/customer?resource=directory"
        );
        let del = AdlsOperation::DeleteDirectory {
            container: "landing".into(),
            path: "raw".into(),
        };
        assert_eq!(
            del.describe(Namespace::Hierarchical),
            "DELETE /landing/raw?recursive=true"
        );
        let access = AdlsOperation::SetPublicAccess {
            name: "landing".into(),
            public_access: PublicAccess::None,
        };
        assert_eq!(
            access.describe(Namespace::Flat),
            "PUT /landing?restype=container&comp=acl"
        );
    }

    #[test]
    fn validation_rejects_bad_input() {
        assert!(create().validate().is_ok());
        let bad = [
            AdlsOperation::DeleteContainer {
                name: "Bad_Name".into(),
            },
            AdlsOperation::SetMetadata {
                name: "landing".into(),
                metadata: BTreeMap::from([("cost-center".into(), "x".into())]),
                comment: None,
            },
            AdlsOperation::SetMetadata {
                name: "landing".into(),
                metadata: BTreeMap::from([("Owner".into(), "x".into())]),
                comment: None,
            },
            AdlsOperation::CreateDirectory {
                container: "landing".into(),
                path: "a//b".into(),
            },
            AdlsOperation::SetAcl {
                container: "landing".into(),
                path: "".into(),
                acl: "user::rwx".into(),
            },
        ];
        for op in bad {
            assert!(op.validate().is_err(), "{op:?}");
        }
    }

    #[test]
    fn operations_serialise_for_saved_plans() {
        let json = serde_json::to_value(create()).unwrap();
        assert_eq!(json["op"], "create_container");
        assert_eq!(
            serde_json::from_value::<AdlsOperation>(json).unwrap(),
            create()
        );
    }
}
