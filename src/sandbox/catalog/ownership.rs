//! Ownership as data: every object is owned by the role that created it, kept in its
//! [`Meta::owner`] (a role's in [`Role::owner`](super::access::Role)), until GRANT
//! OWNERSHIP moves it
//! (https://docs.snowflake.com/en/user-guide/security-access-control-overview#object-ownership).
//! This module finds an object's metadata by kind and full name, for the privilege checks
//! (`engine/privileges.rs`) and GRANT OWNERSHIP, and lists what one role owns, for the
//! OWNERSHIP rows of SHOW GRANTS TO ROLE.
//!
//! There is one owner per object and it lives in the object: no OWNERSHIP grant is stored
//! beside it, so the two can never disagree.

use super::{Catalog, Meta, OuterObject, SchemaObject, Stamp, with_outer_kind, with_schema_object};
use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::model::privilege::ObjectType;
use crate::sandbox::statement::ObjectNoun;

/// An object one role owns, as SHOW GRANTS TO ROLE lists it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Owned {
    pub(crate) on: ObjectType,
    /// The full name, database first.
    pub(crate) name: Vec<Ident>,
    pub(crate) created_on: Stamp,
}

impl Catalog {
    /// The metadata of the object of kind `noun` named by `parts`: `[database]`,
    /// `[database, schema]`, `[database, schema, name]`, `[name]` for an account-level
    /// kind or `[database, name]` for a database-level one. `None` when there is no such
    /// object, and for procedures, whose overloads share a name.
    pub(crate) fn object_meta(&self, noun: ObjectNoun, parts: &[Ident]) -> Option<&Meta> {
        match (noun, parts) {
            (ObjectNoun::Database, [d]) => self.databases.get(d).map(|db| &db.meta),
            (ObjectNoun::Schema, [d, s]) => self.databases.get(d)?.schemas.get(s)?.meta(),
            (ObjectNoun::Database | ObjectNoun::Schema, _) => None,
            (noun, [d, s, n]) => {
                let name = ObjectName::new(&SchemaName::new(d.clone(), s.clone()), n.clone());
                with_schema_object!(noun, T => self.find::<T>(&name).map(SchemaObject::meta), _ => None)
            }
            (noun, [n]) => with_outer_kind!(
                noun,
                T => T::map(self, None).ok()?.get(n).map(OuterObject::meta),
                _ => None
            ),
            (noun, [d, n]) => with_outer_kind!(
                noun,
                T => T::map(self, Some(d)).ok()?.get(n).map(OuterObject::meta),
                _ => None
            ),
            _ => None,
        }
    }

    /// The metadata of one overload of an overloaded kind (a procedure, a function): the
    /// kind, its full name and its argument types as a signature names them.
    pub(crate) fn overload_meta(
        &self,
        noun: ObjectNoun,
        parts: &[Ident],
        signature: &[String],
    ) -> Option<&Meta> {
        use super::{OverloadedKind, OverloadedObject, with_overloaded_kind};
        use crate::model::data_type::DataType;
        let [d, s, n] = parts else {
            return None;
        };
        let schema = self.databases.get(d)?.schemas.get(s)?;
        with_overloaded_kind!(
            noun,
            T => T::map(schema).get(n)?.iter().find(|o| {
                o.types().iter().map(DataType::in_signature).collect::<Vec<_>>() == signature
            }).map(OverloadedObject::meta),
            _ => None
        )
    }

    /// [`Catalog::object_meta`], to change.
    pub(crate) fn object_meta_mut(
        &mut self,
        noun: ObjectNoun,
        parts: &[Ident],
    ) -> Option<&mut Meta> {
        match (noun, parts) {
            (ObjectNoun::Database, [d]) => self.databases.get_mut(d).map(|db| &mut db.meta),
            (ObjectNoun::Schema, [d, s]) => {
                self.databases.get_mut(d)?.schemas.get_mut(s)?.meta.as_mut()
            }
            (ObjectNoun::Database | ObjectNoun::Schema, _) => None,
            (noun, [d, s, n]) => {
                let name = ObjectName::new(&SchemaName::new(d.clone(), s.clone()), n.clone());
                with_schema_object!(
                    noun,
                    T => self.get_mut::<T>(&name).ok().map(SchemaObject::meta_mut),
                    _ => None
                )
            }
            (noun, [n]) => with_outer_kind!(
                noun,
                T => T::map_mut(self, None).ok()?.get_mut(n).map(OuterObject::meta_mut),
                _ => None
            ),
            (noun, [d, n]) => with_outer_kind!(
                noun,
                T => T::map_mut(self, Some(d)).ok()?.get_mut(n).map(OuterObject::meta_mut),
                _ => None
            ),
            _ => None,
        }
    }

    /// Every object `role` owns that a grant can name (the types of
    /// [`ObjectType`]), roles and database roles included: SHOW GRANTS TO ROLE lists an
    /// OWNERSHIP row for each
    /// (https://docs.snowflake.com/en/sql-reference/sql/show-grants). `role` is the owner
    /// as stored: a role's name, or `DATABASE.ROLE` for a database role.
    pub(crate) fn owned_by(&self, role: &str) -> Vec<Owned> {
        let mut owned = Vec::new();
        let mut add = |on: ObjectType, name: Vec<Ident>, meta: &Meta| {
            if meta.owner == role {
                owned.push(Owned {
                    on,
                    name,
                    created_on: meta.created_on,
                });
            }
        };
        for (d, db) in &self.databases {
            add(ObjectType::Database, vec![d.clone()], &db.meta);
            for (s, schema) in &db.schemas {
                if let Some(meta) = schema.meta() {
                    add(ObjectType::Schema, vec![d.clone(), s.clone()], meta);
                }
                let full = |n: &Ident| vec![d.clone(), s.clone(), n.clone()];
                for (label, n, meta) in schema.objects.listing() {
                    if let Some(on) = ObjectType::from_shown(label) {
                        add(on, full(n), meta);
                    }
                }
            }
        }
        for (n, w) in &self.account.warehouses {
            add(ObjectType::Warehouse, vec![n.clone()], &w.meta);
        }
        for (n, i) in &self.account.integrations {
            add(ObjectType::Integration, vec![n.clone()], &i.meta);
        }
        for (n, r) in &self.access.roles {
            if r.owner == role {
                owned.push(Owned {
                    on: ObjectType::Role,
                    name: vec![n.clone()],
                    created_on: r.created_on,
                });
            }
        }
        for (d, roles) in &self.access.database_roles {
            for (n, r) in roles {
                if r.owner == role {
                    owned.push(Owned {
                        on: ObjectType::DatabaseRole,
                        name: vec![d.clone(), n.clone()],
                        created_on: r.created_on,
                    });
                }
            }
        }
        owned
    }
}
