//! Which live objects an import writes: the scope's database and schemas, every object
//! inside them, and the account-level objects those reference (the warehouses tasks,
//! dynamic tables and alerts run on, the storage integrations stages use, the
//! notification integrations pipes read) — no other warehouse or integration — and the
//! roles holding privileges in the database, with the roles they are granted to and the
//! warehouses and integrations their grants name.

use std::collections::{BTreeMap, BTreeSet};

use super::scope::ImportScope;
use crate::kinds::role::Role;
use crate::kinds::role::grant::Target;
use crate::model::identifier::{Ident, SchemaName};
use crate::model::privilege::ObjectType;
use crate::model::{Address, Kind, LiveState, Object, Resource};

/// The objects to write, grouped the way files are: account level, then per schema.
#[derive(Clone, Debug, Default)]
pub(crate) struct Selection {
    /// The database, warehouses, storage and notification integrations.
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
    // The account-level objects the scope's objects refer to (the warehouse a task, a
    // dynamic table or an alert runs on, a stage's storage integration, a pipe's notification integrations).
    let mut account: BTreeSet<Address> = BTreeSet::new();
    for object in live.objects.values() {
        let Some(schema) = schema_of(object).filter(|s| scope.covers(s)) else {
            continue;
        };
        let contents = selection.schemas.entry(schema).or_default();
        match object {
            Object::Schema(_) => contents.schema = Some(object.clone()),
            _ => {
                account.extend(object.references().into_iter().filter(|r| {
                    matches!(
                        r.kind,
                        Kind::Warehouse | Kind::StorageIntegration | Kind::NotificationIntegration
                    )
                }));
                contents.objects.push(object.clone());
            }
        }
    }
    // Snowflake creates PUBLIC in every database: import it only when something is in it.
    selection.schemas.retain(|name, contents| {
        contents.schema.is_some()
            && (name.schema.as_str() != "PUBLIC" || !contents.objects.is_empty())
    });
    selection.account.push(database);
    let roles = roles_of(live, &scope.database);
    for role in &roles {
        for grant in &role.privileges {
            match &grant.target {
                Target::Object(ObjectType::Warehouse, parts) => account.extend(
                    parts
                        .first()
                        .map(|name| Address::new(Kind::Warehouse, name)),
                ),
                Target::Object(ObjectType::Integration, parts) => {
                    account.extend(parts.first().into_iter().flat_map(|name| {
                        [
                            Address::new(Kind::StorageIntegration, name),
                            Address::new(Kind::NotificationIntegration, name),
                        ]
                    }))
                }
                _ => {}
            }
        }
    }
    for object in live.objects.values() {
        if account.contains(&object.address()) {
            selection.account.push(object.clone());
        }
    }
    selection
        .account
        .extend(roles.into_iter().map(|r| Object::Role(r.clone())));
    selection.account.extend(
        live.objects
            .values()
            .filter(|o| matches!(o, Object::DatabaseRole(r) if r.database == scope.database))
            .cloned(),
    );
    Some(selection)
}

/// The live roles holding a privilege in `database`, and the roles those are granted to,
/// transitively (a declared role's parents must be declared too).
fn roles_of<'a>(live: &'a LiveState, database: &Ident) -> Vec<&'a Role> {
    let all: BTreeMap<&Ident, &Role> = live
        .objects
        .values()
        .filter_map(|o| match o {
            Object::Role(r) => Some((&r.name, r)),
            _ => None,
        })
        .collect();
    let mut chosen: BTreeSet<&Ident> = all
        .values()
        .filter(|r| {
            r.privileges
                .iter()
                .any(|g| g.target.database() == Some(database))
        })
        .map(|r| &r.name)
        .collect();
    let mut pending: Vec<&Ident> = chosen.iter().copied().collect();
    while let Some(name) = pending.pop() {
        for parent in all.get(name).map(|r| &r.member_of).into_iter().flatten() {
            if all.contains_key(parent) && chosen.insert(parent) {
                pending.push(parent);
            }
        }
    }
    chosen
        .into_iter()
        .filter_map(|n| all.get(n).copied())
        .collect()
}
