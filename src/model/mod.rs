//! The canonical model: one plain-data type per object kind, shared by the desired state
//! (built by config) and the live state (read by providers), so the two compare as equals.
//! Nothing here talks to a server or reads a file.

pub mod container;
