//! Providers: the code that reads live state from a platform and executes planned
//! operations against it. A provider never decides *what* to change.

pub mod adls;
