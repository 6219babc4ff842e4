//! The sandbox: a strict Snowflake emulator behind the SQL API v2, run in-process for
//! `-e sandbox` environments or standalone with `lakeform sandbox serve` (DESIGN §7).
//!
//! It is layered, each layer using only those before it (`layers_test.rs` reads the
//! sources and fails on an import of a layer above, or a cycle, with its `file:line`):
//! 1. leaves: [`error`] (Snowflake's errors), [`result`] (result tables), [`session`], and
//!    `registry`, the list of kinds kept by one module each that every layer expands;
//! 2. parser: [`statement`] turns Snowflake SQL into statements;
//! 3. catalog: [`catalog`] keeps every object kind with Snowflake's rules, [`history`]
//!    the statements received;
//! 4. binder and SHOW: [`binder`] resolves names against the session, [`show`] renders
//!    SHOW / DESCRIBE / INFORMATION_SCHEMA answers;
//! 5. engine: [`engine::Engine`] executes one statement at a time;
//! 6. HTTP: [`http`] speaks the SQL API (statement handles, 202 polling, partitions,
//!    requestId de-duplication, key-pair JWT checks, injected latency and faults, the state
//!    directory). It never interprets SQL itself.

pub mod binder;
pub mod catalog;
pub mod engine;
pub mod error;
pub mod history;
pub mod http;
#[cfg(test)]
mod layers_test;
mod registry;
pub mod result;
pub mod session;
pub mod show;
pub mod statement;

pub use engine::Engine;
pub use error::SqlError;
pub use http::embedded;
pub use http::faults::FaultOptions;
pub use http::server::{RunningSandbox, SandboxError, ServeOptions, serve, start};
pub use result::{QueryResult, ResultColumn};
pub use session::SqlSession;
