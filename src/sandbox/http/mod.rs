//! The sandbox's HTTP front: the SQL API v2 as Snowflake serves it, over the engine.
//!
//! `server` routes requests; `wire` is the JSON of requests and answers, `answer` renders
//! statement outcomes into it, `handles` keeps statement handles, partitions and requestId
//! de-duplication, `execution` runs submissions against the shared engine in the
//! background (202 polling), `auth` checks bearer tokens (key-pair JWTs verified by
//! `jwt_verify`), `faults` and `severable` inject latency, errors and dropped connections,
//! `persistence` keeps the state directory, and `embedded` starts an in-process sandbox.
//! This is the top layer: nothing below it (engine, SHOW, binder, catalog, parser)
//! depends on it, and it never interprets SQL itself.

pub(crate) mod answer;
pub(crate) mod auth;
pub mod embedded;
pub(crate) mod execution;
pub(crate) mod faults;
pub(crate) mod handles;
pub mod jwt_verify;
pub(crate) mod persistence;
pub(crate) mod server;
pub(crate) mod severable;
pub(crate) mod wire;
