//! The plan stage: what has to happen, in what order. So far it holds the dependency
//! graph over objects ([`graph`]), which orders creations and finds cycles; diffing and
//! rendering build on it.

pub mod graph;
