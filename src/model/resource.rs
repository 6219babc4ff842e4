//! What every object kind provides to the rest of the tool.

use super::identifier::SchemaName;
use super::kind::Address;

/// Implemented by each kind's model type. `references` lists the objects that must exist
/// before this one can be created (its edges in the dependency graph); configuration
/// validation checks that each is declared or external, and the plan orders by them.
pub trait Resource {
    fn address(&self) -> Address;

    fn references(&self) -> Vec<Address> {
        Vec::new()
    }

    /// The schema a schema-level object lives in; `None` for the lake, account-level
    /// objects, databases and schemas themselves.
    fn schema(&self) -> Option<SchemaName> {
        None
    }
}
