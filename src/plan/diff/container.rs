//! The lake container diff: metadata (with the comment), public access, directories and
//! ACLs all change in place through the ADLS REST API.
//!
//! Declared directories are created when missing; directories that are not declared are
//! never deleted — data loads create their own (`customer/2026/11/`), and deleting one
//! would delete the files below it. Likewise only the ACLs of declared paths are compared.

use super::edits::Edits;
use crate::model::container::Container;
use crate::plan::Step;
use crate::providers::adls::{AdlsOperation, Namespace};

pub(crate) fn diff(live: &Container, desired: &Container, namespace: Namespace) -> Edits {
    let mut e = Edits::default();
    let step = |operation: AdlsOperation| Step::Adls {
        call: operation.describe(namespace),
        operation,
    };
    let metadata_changed = live.metadata != desired.metadata;
    for key in live
        .metadata
        .keys()
        .chain(desired.metadata.keys())
        .collect::<std::collections::BTreeSet<_>>()
    {
        let (before, after) = (live.metadata.get(key), desired.metadata.get(key));
        if before != after {
            e.attribute(format!("metadata.{key}"), before.cloned(), after.cloned());
        }
    }
    let comment_changed = e.compare_option("comment", &live.comment, &desired.comment);
    if metadata_changed || comment_changed {
        e.steps.push(step(AdlsOperation::SetMetadata {
            name: desired.name.clone(),
            metadata: desired.metadata.clone(),
            comment: desired.comment.clone(),
        }));
    }
    if e.compare(
        "public_access",
        &format!("{:?}", live.public_access),
        &format!("{:?}", desired.public_access),
    ) {
        e.steps.push(step(AdlsOperation::SetPublicAccess {
            name: desired.name.clone(),
            public_access: desired.public_access,
        }));
    }
    for path in desired.directories.difference(&live.directories) {
        e.attribute(format!("directory {path}"), None, Some("present".into()));
        e.steps.push(step(AdlsOperation::CreateDirectory {
            container: desired.name.clone(),
            path: path.clone(),
        }));
    }
    for (path, acl) in &desired.acl {
        if live.acl.get(path) != Some(acl) {
            e.attribute(
                format!("acl {path:?}"),
                live.acl.get(path).cloned(),
                Some(acl.clone()),
            );
            e.steps.push(step(AdlsOperation::SetAcl {
                container: desired.name.clone(),
                path: path.clone(),
                acl: acl.clone(),
            }));
        }
    }
    e
}

/// The steps that create `container` with its directories and ACLs.
pub(crate) fn create(container: &Container, namespace: Namespace) -> Vec<Step> {
    let step = |operation: AdlsOperation| Step::Adls {
        call: operation.describe(namespace),
        operation,
    };
    let mut steps = vec![step(AdlsOperation::create_container(container))];
    steps.extend(container.directories.iter().map(|path| {
        step(AdlsOperation::CreateDirectory {
            container: container.name.clone(),
            path: path.clone(),
        })
    }));
    steps.extend(container.acl.iter().map(|(path, acl)| {
        step(AdlsOperation::SetAcl {
            container: container.name.clone(),
            path: path.clone(),
            acl: acl.clone(),
        })
    }));
    steps
}

/// The step that deletes `container` and everything in it.
pub(crate) fn delete(container: &Container, namespace: Namespace) -> Step {
    let operation = AdlsOperation::DeleteContainer {
        name: container.name.clone(),
    };
    Step::Adls {
        call: operation.describe(namespace),
        operation,
    }
}
