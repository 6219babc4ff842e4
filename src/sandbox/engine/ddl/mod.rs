//! DDL execution: CREATE, ALTER and DROP statements turned into catalog operations,
//! with names resolved against the session and Snowflake's status messages as results.
//!
//! Each operation validates everything before it changes anything, so a failed
//! statement leaves the catalog as it was.

mod alter;
mod create;
mod drop;

pub use alter::alter;
pub use create::create;
pub use drop::drop;

use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::sandbox::statement::{ObjectKind, RawName};

/// A new name in RENAME TO / SWAP WITH: unqualified parts stay in the object's own
/// database and schema.
fn sibling_name(raw: &RawName, of: &ObjectName) -> ObjectName {
    crate::sandbox::catalog::view::resolve_in(raw, &of.schema_name())
}

fn sibling_schema(raw: &RawName, of: &SchemaName) -> SchemaName {
    match raw.parts.as_slice() {
        [database, schema, ..] => SchemaName::new(database.clone(), schema.clone()),
        _ => SchemaName::new(of.database.clone(), raw.last().clone()),
    }
}

/// `Table RAW_CUSTOMER successfully created.` — Snowflake's wording per kind (stored
/// procedures report as "Function").
fn created(kind: ObjectKind, name: &Ident) -> String {
    let noun = match kind {
        ObjectKind::Stage => "Stage area",
        ObjectKind::Procedure => "Function",
        other => other.noun(),
    };
    format!("{noun} {} successfully created.", name.as_str())
}

fn kept(name: &Ident) -> String {
    format!("{} already exists, statement succeeded.", name.as_str())
}

fn dropped(name: &Ident) -> String {
    format!("{} successfully dropped.", name.as_str())
}

fn already_dropped(name: &Ident) -> String {
    format!(
        "Drop statement executed successfully ({} already dropped).",
        name.as_str()
    )
}

const DONE: &str = "Statement executed successfully.";
