//! Which live objects the desired state manages.
//!
//! lakeform keeps no state file: what it manages is decided from the desired state alone.
//! A live object inside a declared database (a schema) or a declared schema (a
//! schema-level object) that the desired state does not declare is *unmanaged*: `drift`
//! reports it, and `plan` drops it only when the environment sets `prune = true`. Lake
//! containers, queues and Event Grid subscriptions are all in scope — an environment's
//! storage account is taken to belong to the platform. Account-level Snowflake objects
//! (databases, warehouses, integrations, roles) are never in scope: an account holds far
//! more than one platform's.
//! `PUBLIC` and `INFORMATION_SCHEMA`, which Snowflake creates in every database, and
//! lakeform's own backup clones (of tables and of schemas) and rebuild scratch tables are
//! never unmanaged (scratch tables are reported as leftovers, see [`super::leftovers`]).

use std::collections::BTreeSet;

use crate::kinds::table::rebuild::{is_backup, is_lakeform_copy};
use crate::model::identifier::{Ident, SchemaName};
use crate::model::{DesiredState, Object, Resource};

/// The databases and schemas a desired state declares.
#[derive(Clone, Debug, Default)]
pub(crate) struct ManagedScope {
    databases: BTreeSet<Ident>,
    schemas: BTreeSet<SchemaName>,
}

impl ManagedScope {
    pub(crate) fn of(desired: &DesiredState) -> ManagedScope {
        let mut scope = ManagedScope::default();
        for entry in desired.objects.values() {
            match &entry.object {
                Object::Database(d) => {
                    scope.databases.insert(d.name.clone());
                }
                Object::Schema(s) => {
                    scope.schemas.insert(s.name.clone());
                }
                _ => {}
            }
        }
        scope
    }

    /// Whether a live object that the desired state does not declare is lakeform's to
    /// report (and, with prune, to drop).
    pub(crate) fn contains(&self, object: &Object) -> bool {
        match object {
            Object::Container(_) | Object::StorageQueue(_) | Object::EventSubscription(_) => true,
            Object::Schema(s) => {
                self.databases.contains(&s.name.database)
                    && !matches!(s.name.schema.as_str(), "PUBLIC" | "INFORMATION_SCHEMA")
                    && !is_backup(&s.name.schema)
            }
            Object::Table(o) if is_lakeform_copy(&o.name.name) => false,
            // Every other kind: schema-level objects are in scope in a declared schema.
            other => other
                .schema()
                .is_some_and(|schema| self.schemas.contains(&schema)),
        }
    }
}
