//! The Snowflake provider: reads live Snowflake into the canonical model and renders the
//! statements that change it.
//!
//! `introspect` turns batched `SHOW` / `INFORMATION_SCHEMA` output into [`crate::model`]
//! objects; `ddl` renders create / alter / replace / rename / drop statements for every
//! kind. Nothing here decides *what* to change — that is the plan's job.

pub mod ddl;
pub mod introspect;
pub mod result_set;
