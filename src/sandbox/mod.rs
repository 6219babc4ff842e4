//! The sandbox: a strict Snowflake emulator behind the SQL API v2, run in-process for
//! `-e sandbox` environments or standalone with `lakeform sandbox serve` (DESIGN §7).
//!
//! The engine (`engine` and the SQL modules) parses Snowflake SQL and keeps the catalog and
//! query history. The HTTP side (`server`, `wire`, `answer`, `handles`, `execution`,
//! `auth`, `faults`, `severable`, `persistence`, `embedded`) speaks the SQL API: statement
//! handles, 202 polling, partitions, requestId de-duplication, key-pair JWT checks, injected
//! latency and faults, and the state directory. It never interprets SQL itself.

pub mod answer;
pub mod auth;
pub mod embedded;
pub mod engine;
pub mod execution;
pub mod faults;
pub mod handles;
pub mod persistence;
pub mod server;
pub mod severable;
pub mod wire;

pub use faults::FaultOptions;
pub use server::{RunningSandbox, SandboxError, ServeOptions, serve, start};
