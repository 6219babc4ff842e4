//! Providers read the live state of a platform and execute changes on it.
//!
//! A provider never decides *what* to change: it talks to one platform (its HTTP protocol,
//! authentication, introspection and statement rendering) and hands plain data back.

pub mod adls;
pub(crate) mod retry;
pub mod snowflake;
