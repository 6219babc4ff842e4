//! Addresses: how every object in desired and live state is named (the kinds are listed
//! by `crate::kinds`).
//!
//! An [`Address`] is a kind plus the object's canonical name, and is the key under which
//! desired and live objects are matched, graphs are built and plans are ordered.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::kinds::Kind;

/// Which provider owns a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    Snowflake,
    Adls,
}

/// A kind and a canonical name: `table PACIFICRETAIL_DEV.BRONZE.RAW_CUSTOMER`.
///
/// The name is the SQL rendering of the object's identifier(s) (quoted where needed), or
/// the container name for ADLS. Procedures are addressed by name alone: lakeform manages
/// one signature per procedure name (see `model::procedure`).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Address {
    pub kind: Kind,
    pub name: String,
}

impl Address {
    pub fn new(kind: Kind, name: impl fmt::Display) -> Self {
        Address {
            kind,
            name: name.to_string(),
        }
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.name)
    }
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Address({self})")
    }
}
