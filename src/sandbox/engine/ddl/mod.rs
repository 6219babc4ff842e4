//! DDL execution: CREATE, ALTER, DROP, UNDROP and TRUNCATE statements turned into catalog operations,
//! with names resolved against the session and Snowflake's status messages as results.
//!
//! Each operation validates everything before it changes anything, so a failed
//! statement leaves the catalog as it was.

mod alter;
mod constraint;
mod create;
mod drop;
mod shared;
mod truncate;
mod undrop;

pub(super) use alter::alter;
pub(super) use create::{check_clone_point, create};
pub(super) use drop::drop;
pub(super) use truncate::truncate;
pub(super) use undrop::undrop;
