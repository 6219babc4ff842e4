//! The shared vocabulary of the canonical model: identifiers and names, data types,
//! schedules, addresses and providers, the [`Resource`] trait, and the desired and live
//! states. Each kind's own model type (a `Table`, a `Task`, …) lives in its kind module,
//! `crate::kinds::<key>`, and [`Kind`] and [`Object`] are generated there by the registry;
//! they are re-exported here because every stage speaks of them.
//!
//! Canonical means "as Snowflake or Azure would report it": identifiers folded, types
//! resolved from synonyms, SQL compared by tokens. The model knows nothing of TOML, HTTP or
//! plans.

pub mod data_metric;
pub mod data_type;
pub mod derived;
pub mod identifier;
pub(crate) mod kind;
pub mod privilege;
pub(crate) mod resource;
pub mod schedule;
pub(crate) mod state;

pub use crate::kinds::{Kind, Object};
pub use derived::Derived;
pub use kind::{Address, Provider};
pub use resource::Resource;
pub use state::{DesiredObject, DesiredState, Lifecycle, LiveState, Origin};
