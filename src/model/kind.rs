//! Object kinds and addresses: how every object in desired and live state is named.
//!
//! An [`Address`] is a kind plus the object's canonical name, and is the key under which
//! desired and live objects are matched, graphs are built and plans are ordered.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Which provider owns a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    Snowflake,
    Adls,
}

/// Every kind lakeform manages. The declaration order is the order in which kinds are
/// listed in reports and the tie-break when ordering creations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Container,
    Warehouse,
    StorageIntegration,
    Database,
    Schema,
    FileFormat,
    Stage,
    Table,
    Stream,
    Procedure,
    Task,
    View,
}

impl Kind {
    pub const ALL: [Kind; 12] = [
        Kind::Container,
        Kind::Warehouse,
        Kind::StorageIntegration,
        Kind::Database,
        Kind::Schema,
        Kind::FileFormat,
        Kind::Stage,
        Kind::Table,
        Kind::Stream,
        Kind::Procedure,
        Kind::Task,
        Kind::View,
    ];

    /// The key used in TOML (`[[file_format]]`) and JSON plans.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Container => "container",
            Kind::Warehouse => "warehouse",
            Kind::StorageIntegration => "storage_integration",
            Kind::Database => "database",
            Kind::Schema => "schema",
            Kind::FileFormat => "file_format",
            Kind::Stage => "stage",
            Kind::Table => "table",
            Kind::Stream => "stream",
            Kind::Procedure => "procedure",
            Kind::Task => "task",
            Kind::View => "view",
        }
    }

    /// The kind as Snowflake's DDL spells it (`FILE FORMAT`, `STORAGE INTEGRATION`).
    pub fn sql_keyword(self) -> &'static str {
        match self {
            Kind::Container => "CONTAINER",
            Kind::Warehouse => "WAREHOUSE",
            Kind::StorageIntegration => "STORAGE INTEGRATION",
            Kind::Database => "DATABASE",
            Kind::Schema => "SCHEMA",
            Kind::FileFormat => "FILE FORMAT",
            Kind::Stage => "STAGE",
            Kind::Table => "TABLE",
            Kind::Stream => "STREAM",
            Kind::Procedure => "PROCEDURE",
            Kind::Task => "TASK",
            Kind::View => "VIEW",
        }
    }

    pub fn from_key(key: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn provider(self) -> Provider {
        match self {
            Kind::Container => Provider::Adls,
            _ => Provider::Snowflake,
        }
    }

    /// Kinds that live inside a schema (`DB.SCHEMA.NAME`).
    pub fn is_schema_level(self) -> bool {
        matches!(
            self,
            Kind::FileFormat
                | Kind::Stage
                | Kind::Table
                | Kind::Stream
                | Kind::Procedure
                | Kind::Task
                | Kind::View
        )
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
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
