//! The apply stage: executes a plan's steps in dependency order.

pub mod schedule;
