//! What the DDL statements share: how unqualified RENAME TO / SWAP WITH targets resolve,
//! and Snowflake's status messages.

use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::sandbox::statement::{ObjectNoun, RawName};

/// A new name in RENAME TO / SWAP WITH: unqualified parts stay in the object's own
/// database and schema.
pub(super) fn sibling_name(raw: &RawName, of: &ObjectName) -> ObjectName {
    crate::sandbox::catalog::view::resolve_in(raw, &of.schema_name())
}

pub(super) fn sibling_schema(raw: &RawName, of: &SchemaName) -> SchemaName {
    match raw.parts.as_slice() {
        [database, schema, ..] => SchemaName::new(database.clone(), schema.clone()),
        _ => SchemaName::new(of.database.clone(), raw.last().clone()),
    }
}

/// `Table RAW_CUSTOMER successfully created.` — Snowflake's wording per kind (stored
/// procedures report as "Function").
pub(super) fn created(kind: ObjectNoun, name: &Ident) -> String {
    let noun = match kind {
        ObjectNoun::Stage => "Stage area",
        ObjectNoun::Procedure => "Function",
        other => other.noun(),
    };
    format!("{noun} {} successfully created.", name.as_str())
}

pub(super) fn kept(name: &Ident) -> String {
    format!("{} already exists, statement succeeded.", name.as_str())
}

pub(super) fn dropped(name: &Ident) -> String {
    format!("{} successfully dropped.", name.as_str())
}

pub(super) fn already_dropped(name: &Ident) -> String {
    format!(
        "Drop statement executed successfully ({} already dropped).",
        name.as_str()
    )
}

pub(super) const DONE: &str = "Statement executed successfully.";
