//! The canonical model: one plain-data type per object kind, shared by the desired state
//! (from configuration) and the live state (from providers), so the two compare as equals.
//!
//! Canonical means "as Snowflake or Azure would report it": identifiers folded, types
//! resolved from synonyms, SQL compared by tokens. The model knows nothing of TOML, HTTP or
//! plans.

pub mod data_type;
pub mod identifier;
pub mod kind;
pub mod resource;
pub mod schedule;
pub mod state;

pub use crate::kinds::{Kind, Object};
pub use kind::{Address, Provider};
pub use resource::Resource;
pub use state::{DesiredObject, DesiredState, Lifecycle, LiveState, Origin};
