//! Desired and live state: collections of objects keyed by address.
//!
//! The desired state also carries, per object, where it was declared and its lifecycle
//! settings — things Snowflake never reports and that therefore are not part of the
//! object's model.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::Object;
use super::identifier::Ident;
use super::kind::Address;

/// Where something was written: a file and a 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

/// Lifecycle settings of one desired object.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lifecycle {
    /// A plan that would drop or replace this object is an error.
    pub prevent_destroy: bool,
    /// Consent, in the desired state, to destructive changes of this object.
    pub allow_destructive: bool,
    /// The object's previous address: plan a rename instead of drop + create.
    pub renamed_from: Option<Address>,
    /// Column renames of a table: new name → previous name.
    pub column_renames: BTreeMap<Ident, Ident>,
}

/// One object as the desired state declares it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DesiredObject {
    pub object: Object,
    pub lifecycle: Lifecycle,
    pub origin: Origin,
    /// The role that must own the object (`owner = "ROLE"`); `None` leaves its owner
    /// unmanaged (see `kinds::owner`). Left out of the serialized form when unset, so
    /// the desired state's hash (saved plans) is what it was before owners existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Ident>,
}

/// Everything the configuration declares, by address.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DesiredState {
    pub objects: BTreeMap<Address, DesiredObject>,
}

/// Everything the providers found, by address.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveState {
    pub objects: BTreeMap<Address, Object>,
    /// The role owning each object, as the `owner` column of its listing reports it
    /// (objects whose listing has none, lake objects and system roles, are absent).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub owners: BTreeMap<Address, Ident>,
    /// Grants on the managed databases' objects held by grantees outside the role scope
    /// read (`kinds::role::unmanaged`), by grantee.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub unmanaged_grants: crate::kinds::role::unmanaged::Held,
}
