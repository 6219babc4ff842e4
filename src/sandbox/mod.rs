//! The sandbox: a strict Snowflake emulator behind the SQL API v2, run in-process for
//! `-e sandbox` environments or standalone with `lakeform sandbox serve` (DESIGN §7).
//!
//! The engine half parses Snowflake SQL ([`statement`]), keeps the catalog of every object
//! kind with Snowflake's rules ([`catalog`]), renders SHOW / DESCRIBE / INFORMATION_SCHEMA
//! answers ([`show`]) and ties them together behind [`engine::Engine`]. The HTTP side
//! (`server`, `wire`, `answer`, `handles`, `execution`, `auth`, `faults`, `severable`,
//! `persistence`, `embedded`) speaks the SQL API: statement handles, 202 polling,
//! partitions, requestId de-duplication, key-pair JWT checks, injected latency and faults,
//! and the state directory. It never interprets SQL itself.

pub mod answer;
pub mod auth;
pub mod binder;
pub mod catalog;
pub mod embedded;
pub mod engine;
pub mod error;
pub mod execution;
pub mod faults;
pub mod handles;
pub mod history;
pub mod persistence;
pub mod result;
pub mod server;
pub mod session;
pub mod severable;
pub mod show;
pub mod statement;
pub mod wire;

pub use engine::Engine;
pub use error::SqlError;
pub use faults::FaultOptions;
pub use result::{QueryResult, ResultColumn};
pub use server::{RunningSandbox, SandboxError, ServeOptions, serve, start};
pub use session::Session;
