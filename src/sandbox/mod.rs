//! The sandbox: an embedded, strict Snowflake emulator (DESIGN §7).
//!
//! The engine half parses Snowflake SQL ([`statement`]), keeps the catalog of every object
//! kind with Snowflake's rules ([`catalog`]), renders SHOW / DESCRIBE / INFORMATION_SCHEMA
//! answers ([`show`]) and ties them together behind [`engine::Engine`]. The HTTP server,
//! persistence, authentication and fault injection live beside it and only call `Engine`.

pub mod catalog;
pub mod engine;
pub mod show;
pub mod statement;

pub use engine::{Engine, QueryResult, ResultColumn, Session, SqlError};
