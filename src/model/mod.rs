//! The canonical model: one plain-data type per object kind, shared by the desired state
//! (from configuration) and the live state (from providers), so the two compare as equals.
//!
//! Canonical means "as Snowflake or Azure would report it": identifiers folded, types
//! resolved from synonyms, SQL compared by tokens. The model knows nothing of TOML, HTTP or
//! plans.

pub mod container;
pub mod data_type;
pub mod database;
pub mod file_format;
pub mod identifier;
pub mod kind;
pub mod procedure;
pub mod resource;
pub mod schedule;
pub mod schema;
pub mod stage;
pub mod state;
pub mod storage_integration;
pub mod stream;
pub mod table;
pub mod task;
pub mod view;
pub mod warehouse;

pub use crate::kinds::{Kind, Object};
pub use kind::{Address, Provider};
pub use resource::Resource;
pub use state::{DesiredObject, DesiredState, Lifecycle, LiveState, Origin};
