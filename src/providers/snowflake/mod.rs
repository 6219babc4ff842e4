//! The Snowflake provider: the SQL API v2 client and its authentication.
//!
//! `client` runs statements over HTTP (`POST /api/v2/statements`, polling, partitions,
//! retries, cancellation); `auth` produces the bearer tokens (key-pair JWT, OAuth including
//! Entra ID, programmatic access tokens); `settings` and `account` describe where and as
//! whom to connect. Nothing here decides what to change in an account.

pub mod account;
pub mod auth;
pub mod cancel;
pub mod client;
pub mod error;
pub mod partitions;
pub mod poll;
pub mod request;
pub mod response;
pub mod result_set;
pub mod retry;
pub mod settings;
pub mod statement_text;
pub mod status;
pub mod transport;
