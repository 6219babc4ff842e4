//! Which live objects an import writes: the scope's database and schemas, every object
//! inside them, and the account-level objects those reference (the warehouses tasks run
//! on, the storage integrations stages use) — no other warehouse or integration.

use std::collections::{BTreeMap, BTreeSet};

use super::scope::ImportScope;
use crate::model::identifier::{Ident, SchemaName};
use crate::model::{LiveState, Object, Resource};

/// The objects to write, grouped the way files are: account level, then per schema.
#[derive(Clone, Debug, Default)]
pub(crate) struct Selection {
    /// The database, warehouses and storage integrations.
    pub(crate) account: Vec<Object>,
    /// Per schema: the schema object itself and its contents.
    pub(crate) schemas: BTreeMap<SchemaName, SchemaContents>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct SchemaContents {
    pub(crate) schema: Option<Object>,
    pub(crate) objects: Vec<Object>,
}

/// The schema an object belongs to for import: its own name for a schema, the schema it
/// lives in for a schema-level object.
fn schema_of(object: &Object) -> Option<SchemaName> {
    match object {
        Object::Schema(o) => Some(o.name.clone()),
        other => other.schema(),
    }
}

/// Picks what `scope` imports out of `live`. `None` when the database does not exist.
pub(crate) fn select(live: &LiveState, scope: &ImportScope) -> Option<Selection> {
    let database = live.objects.values().find_map(|o| match o {
        Object::Database(d) if d.name == scope.database => Some(o.clone()),
        _ => None,
    })?;
    let mut selection = Selection::default();
    let mut warehouses: BTreeSet<Ident> = BTreeSet::new();
    let mut integrations: BTreeSet<Ident> = BTreeSet::new();
    for object in live.objects.values() {
        let Some(schema) = schema_of(object).filter(|s| scope.covers(s)) else {
            continue;
        };
        let contents = selection.schemas.entry(schema).or_default();
        match object {
            Object::Schema(_) => contents.schema = Some(object.clone()),
            Object::Task(t) => {
                warehouses.extend(t.warehouse.clone());
                contents.objects.push(object.clone());
            }
            Object::Stage(s) => {
                integrations.extend(s.storage_integration.clone());
                contents.objects.push(object.clone());
            }
            _ => contents.objects.push(object.clone()),
        }
    }
    // Snowflake creates PUBLIC in every database: import it only when something is in it.
    selection.schemas.retain(|name, contents| {
        contents.schema.is_some()
            && (name.schema.as_str() != "PUBLIC" || !contents.objects.is_empty())
    });
    selection.account.push(database);
    for object in live.objects.values() {
        match object {
            Object::Warehouse(w) if warehouses.contains(&w.name) => {
                selection.account.push(object.clone())
            }
            Object::StorageIntegration(i) if integrations.contains(&i.name) => {
                selection.account.push(object.clone())
            }
            _ => {}
        }
    }
    Some(selection)
}
