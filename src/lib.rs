//! lakeform: a Snowflake + Azure Data Lake (ADLS Gen2) data platform as code.
//!
//! The crate follows one direction of flow (see `README.md` and the design contract):
//! configuration produces a *desired state*, providers read the *live state*, the plan
//! diffs the two, and apply executes the plan. Each stage hands plain data to the next.

pub mod apply;
pub mod cli;
pub mod config;
pub mod drift;
pub(crate) mod import;
pub mod kinds;
pub mod model;
pub(crate) mod output_escape;
pub mod plan;
pub(crate) mod platform;
pub(crate) mod promote;
pub mod providers;
pub mod sandbox;
pub mod secret;
pub mod session;
pub mod sha256;
pub mod sql;
