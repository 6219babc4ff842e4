//! The Snowflake provider: the SQL API v2 client and its authentication, and
//! introspection.
//!
//! `client` runs statements over HTTP (`POST /api/v2/statements`, polling, partitions,
//! retries, cancellation); `auth` produces the bearer tokens (key-pair JWT, OAuth including
//! Entra ID, programmatic access tokens); `settings` and `account` describe where and as
//! whom to connect. `introspect` reads live objects into the canonical model in batches
//! (each kind parses its own rows, in `kinds::<key>::read`). The statements that create,
//! alter, replace, rename and drop objects are each kind's (`kinds::<key>::ddl`, shared
//! parts in `kinds::ddl`).
//! Nothing here decides what to change in an account.

pub(crate) mod account;
pub mod auth;
pub(crate) mod cancel;
pub mod client;
pub mod error;
pub mod introspect;
pub mod live;
pub(crate) mod partitions;
pub(crate) mod poll;
pub(crate) mod request;
pub(crate) mod response;
pub(crate) mod result_set;
pub(crate) mod retry;
pub mod settings;
pub(crate) mod statement_text;
pub(crate) mod status;
pub(crate) mod transport;
