//! The lake container (an ADLS Gen2 file system): the one type that desired state and
//! live state share, in canonical form so that equal containers compare equal.
//!
//! Canonical form, enforced by every constructor and by deserialisation:
//! * `name` follows Azure's container naming rule ([`validate_container_name`]);
//! * `metadata` names are lower case C# identifiers, values header-safe ASCII; names
//!   starting with `lakeform_` are reserved;
//! * `directories` are canonical paths ([`canonical_directory`]) and closed under
//!   ancestors: declaring `raw/customer` also declares `raw`, because creating the one
//!   creates the other on a hierarchical-namespace account and a live read lists both;
//! * `acl` maps a directory (or `""`, the container root) to a canonical POSIX ACL
//!   ([`canonical_acl`]); a key must be the root or one of `directories`.
//!
//! Where the comment lives: Azure containers have no comment field, so `comment` is
//! stored live as the reserved metadata entry `lakeform_comment` (percent-encoded, see
//! [`metadata::encode_comment`]). A provider writes [`Container::stored_metadata`] and
//! reads back with [`metadata::split_stored_metadata`], so a round trip is equal.
//!
//! This module holds data and its rules only; reading and writing containers is the ADLS
//! provider's job.

pub(crate) mod acl;
pub(crate) mod metadata;
pub(crate) mod name;
pub(crate) mod path;

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use thiserror::Error;

pub use acl::{AclError, canonical_acl};
pub(crate) use metadata::{MetadataError, validate_metadata_key};
pub(crate) use name::{ContainerNameError, validate_container_name};
pub use path::{PathError, canonical_directory};

/// Anonymous read access to a container's data.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum PublicAccess {
    /// Private: no anonymous access (Azure's default).
    #[default]
    None,
    /// Anonymous read of blobs, but no listing of the container.
    Blob,
    /// Anonymous read and listing of the whole container.
    Container,
}

impl PublicAccess {
    /// The value of `x-ms-blob-public-access` (and of `<PublicAccess>` in listings);
    /// private containers send and show nothing.
    pub(crate) fn header_value(self) -> Option<&'static str> {
        match self {
            PublicAccess::None => None,
            PublicAccess::Blob => Some("blob"),
            PublicAccess::Container => Some("container"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ContainerError {
    #[error(transparent)]
    Name(#[from] ContainerNameError),
    #[error("container {container:?}: {source}")]
    Metadata {
        container: String,
        source: MetadataError,
    },
    #[error("container {container:?}: {source}")]
    Directory {
        container: String,
        source: PathError,
    },
    #[error("container {container:?}, ACL of {path:?}: {source}")]
    Acl {
        container: String,
        path: String,
        source: AclError,
    },
    #[error(
        "container {container:?}: an ACL is set on {path:?}, which is neither the root (\"\") nor one of its directories"
    )]
    AclOnUndeclaredPath { container: String, path: String },
}

/// A lake container with everything lakeform manages about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ContainerSpec")]
pub struct Container {
    pub name: String,
    pub metadata: BTreeMap<String, String>,
    pub public_access: PublicAccess,
    pub directories: BTreeSet<String>,
    /// Directory path (`""` = the container root) → canonical POSIX ACL.
    pub acl: BTreeMap<String, String>,
    pub comment: Option<String>,
}

/// The serialised shape, accepted in any case and canonicalised by [`Container::try_from`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContainerSpec {
    name: String,
    #[serde(default)]
    metadata: BTreeMap<String, String>,
    #[serde(default)]
    public_access: PublicAccess,
    #[serde(default)]
    directories: Vec<String>,
    #[serde(default)]
    acl: BTreeMap<String, String>,
    #[serde(default)]
    comment: Option<String>,
}

impl TryFrom<ContainerSpec> for Container {
    type Error = ContainerError;

    fn try_from(spec: ContainerSpec) -> Result<Self, Self::Error> {
        let mut container = Container::new(spec.name)?;
        container.set_metadata(spec.metadata)?;
        container.public_access = spec.public_access;
        container.comment = spec.comment;
        for dir in &spec.directories {
            container.add_directory(dir)?;
        }
        for (path, acl) in &spec.acl {
            container.set_acl(path, acl)?;
        }
        Ok(container)
    }
}

impl Container {
    /// A private container with nothing else set; fails on an invalid name.
    pub fn new(name: impl Into<String>) -> Result<Self, ContainerError> {
        let name = name.into();
        validate_container_name(&name)?;
        Ok(Container {
            name,
            metadata: BTreeMap::new(),
            public_access: PublicAccess::None,
            directories: BTreeSet::new(),
            acl: BTreeMap::new(),
            comment: None,
        })
    }

    /// Replaces the user metadata with the canonical form of `entries`.
    pub fn set_metadata<I, K, V>(&mut self, entries: I) -> Result<(), ContainerError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<String>,
    {
        self.metadata =
            metadata::canonical_metadata(entries).map_err(|source| self.metadata_error(source))?;
        Ok(())
    }

    /// Declares a directory and all its ancestors.
    pub fn add_directory(&mut self, path: &str) -> Result<(), ContainerError> {
        let path = canonical_directory(path).map_err(|source| ContainerError::Directory {
            container: self.name.clone(),
            source,
        })?;
        for ancestor in path::ancestors(&path) {
            self.directories.insert(ancestor.to_owned());
        }
        self.directories.insert(path);
        Ok(())
    }

    /// Sets the ACL of the root (`""` or `"/"`) or of a declared directory.
    pub fn set_acl(&mut self, path: &str, acl: &str) -> Result<(), ContainerError> {
        let key = self.acl_key(path)?;
        let acl = canonical_acl(acl).map_err(|source| ContainerError::Acl {
            container: self.name.clone(),
            path: key.clone(),
            source,
        })?;
        self.acl.insert(key, acl);
        Ok(())
    }

    /// The metadata as stored live: user metadata plus the reserved comment entry.
    #[cfg(test)]
    pub(crate) fn stored_metadata(&self) -> Result<BTreeMap<String, String>, ContainerError> {
        metadata::stored_metadata(&self.metadata, self.comment.as_deref())
            .map_err(|source| self.metadata_error(source))
    }

    /// Checks that every field is valid and canonical. Fields are public so that other
    /// stages can build and compare containers freely; providers call this before sending
    /// anything, so a hand-built invalid container never reaches a server.
    #[cfg(test)]
    pub(crate) fn validate(&self) -> Result<(), ContainerError> {
        validate_container_name(&self.name)?;
        let canonical = metadata::canonical_metadata(&self.metadata)
            .map_err(|source| self.metadata_error(source))?;
        if let Some(key) = self.metadata.keys().find(|k| !canonical.contains_key(*k)) {
            return Err(self.metadata_error(MetadataError::NotLowerCase { key: key.clone() }));
        }
        self.stored_metadata()?;
        for dir in &self.directories {
            let canonical =
                canonical_directory(dir).map_err(|source| ContainerError::Directory {
                    container: self.name.clone(),
                    source,
                })?;
            let closed = path::ancestors(&canonical).all(|a| self.directories.contains(a));
            if canonical != *dir || !closed {
                return Err(ContainerError::Directory {
                    container: self.name.clone(),
                    source: PathError {
                        path: dir.clone(),
                        reason: "not canonical (use Container::add_directory)",
                    },
                });
            }
        }
        for (path, acl) in &self.acl {
            let key = self.acl_key(path)?;
            let canonical = canonical_acl(acl).map_err(|source| ContainerError::Acl {
                container: self.name.clone(),
                path: key.clone(),
                source,
            })?;
            if key != *path || canonical != *acl {
                return Err(ContainerError::Acl {
                    container: self.name.clone(),
                    path: path.clone(),
                    source: AclError {
                        acl: acl.clone(),
                        reason: format!("not canonical; the canonical form is {canonical:?}"),
                    },
                });
            }
        }
        Ok(())
    }

    fn acl_key(&self, path: &str) -> Result<String, ContainerError> {
        if path.trim_matches('/').is_empty() {
            return Ok(String::new());
        }
        let undeclared = || ContainerError::AclOnUndeclaredPath {
            container: self.name.clone(),
            path: path.to_owned(),
        };
        let key = canonical_directory(path).map_err(|_| undeclared())?;
        if self.directories.contains(&key) {
            Ok(key)
        } else {
            Err(undeclared())
        }
    }

    fn metadata_error(&self, source: MetadataError) -> ContainerError {
        ContainerError::Metadata {
            container: self.name.clone(),
            source,
        }
    }
}

impl crate::model::Resource for Container {
    fn address(&self) -> crate::model::Address {
        crate::model::Address::new(crate::model::Kind::Container, &self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn landing() -> Container {
        let mut c = Container::new("landing").unwrap();
        c.set_metadata([("Owner", "data-eng")]).unwrap();
        c.public_access = PublicAccess::Blob;
        c.add_directory("/raw/customer/").unwrap();
        c.set_acl("/", "other::---,group::r-x,user::rwx").unwrap();
        c.set_acl("raw", "user::rwx,group::r-x,other::r--").unwrap();
        c.comment = Some("PacificRetail landing zone".into());
        c
    }

    #[test]
    fn builders_produce_the_canonical_form() {
        let c = landing();
        assert_eq!(c.validate(), Ok(()));
        assert_eq!(c.metadata.keys().collect::<Vec<_>>(), vec!["owner"]);
        assert_eq!(
            c.directories.iter().collect::<Vec<_>>(),
            vec!["raw", "raw/customer"]
        );
        assert_eq!(c.acl[""], "user::rwx,group::r-x,other::---");
    }

    #[test]
    fn deserialises_into_the_canonical_form_and_round_trips() {
        let toml_text = r#"
            name = "landing"
            metadata = { Owner = "data-eng" }
            public_access = "blob"
            directories = ["/raw/customer/"]
            acl = { "/" = "other::---,group::r-x,user::rwx", "raw" = "user::rwx,group::r-x,other::r--" }
            comment = "PacificRetail landing zone"
        "#;
        let c: Container = toml::from_str(toml_text).unwrap();
        assert_eq!(c, landing());
        let json = serde_json::to_string(&c).unwrap();
        let back: Container = serde_json::from_str(&json).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn deserialisation_rejects_invalid_input() {
        for text in [
            r#"name = "Landing""#,
            r#"name = "landing"
               metadata = { "cost-center" = "x" }"#,
            r#"name = "landing"
               acl = { "raw" = "user::rwx,group::r-x,other::---" }"#,
            r#"name = "landing"
               public_access = "public""#,
            r#"name = "landing"
               colour = "blue""#,
        ] {
            assert!(toml::from_str::<Container>(text).is_err(), "{text}");
        }
    }

    #[test]
    fn validate_catches_hand_built_non_canonical_values() {
        let mut c = landing();
        c.metadata.insert("Owner".into(), "x".into());
        assert!(c.validate().is_err());

        let mut c = landing();
        c.directories.insert("a/b".into());
        assert!(c.validate().is_err(), "ancestor 'a' missing");

        let mut c = landing();
        c.acl
            .insert("".into(), "other::---,group::r-x,user::rwx".into());
        assert!(c.validate().is_err());

        let mut c = landing();
        c.name = "bad_name".into();
        assert!(matches!(c.validate(), Err(ContainerError::Name(_))));
    }

    #[test]
    fn comment_is_part_of_stored_metadata() {
        let stored = landing().stored_metadata().unwrap();
        assert_eq!(stored["lakeform_comment"], "PacificRetail%20landing%20zone");
        assert_eq!(stored["owner"], "data-eng");
    }
}
