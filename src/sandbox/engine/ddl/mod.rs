//! DDL execution: CREATE, ALTER and DROP statements turned into catalog operations,
//! with names resolved against the session and Snowflake's status messages as results.
//!
//! Each operation validates everything before it changes anything, so a failed
//! statement leaves the catalog as it was.

mod alter;
mod create;
mod drop;
mod shared;

pub(super) use alter::alter;
pub(super) use create::create;
pub(super) use drop::drop;
