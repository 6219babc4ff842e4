//! Time Travel for dropped containers, tables, dynamic tables and tags, as far as `UNDROP`
//! needs it.
//!
//! Snowflake keeps a dropped database, schema, table, dynamic table or tag for its data
//! retention period and `UNDROP` restores the most recent dropped version of a name
//! (https://docs.snowflake.com/en/sql-reference/sql/undrop-table,
//! https://docs.snowflake.com/en/sql-reference/sql/undrop-schema,
//! https://docs.snowflake.com/en/sql-reference/sql/undrop-database,
//! https://docs.snowflake.com/en/sql-reference/sql/undrop-dynamic-table,
//! https://docs.snowflake.com/en/sql-reference/sql/undrop-tag,
//! https://docs.snowflake.com/en/user-guide/data-time-travel#restoring-objects).
//!
//! What is modelled: each container keeps a list of the objects dropped from it (the
//! account keeps dropped databases, a database its dropped schemas, a schema its dropped
//! tables, dynamic tables and tags: the schema-level kinds [`Undroppable`] names), each
//! with the moment it was dropped and the retention period it had then. A
//! retention of 0 days keeps nothing (Time Travel is off for that object). Entries past
//! their retention are purged whenever the list is touched, which is when Snowflake's
//! restore would fail anyway. A dropped schema or database takes its contents along and
//! gives them back on UNDROP, as in Snowflake. A database, schema or table is also
//! restored by its system identifier, `UNDROP TABLE IDENTIFIER(408578)`, which picks one
//! of several dropped versions of a name (undrop-table's usage notes: "you can use the
//! IDENTIFIER keyword with the system-generated identifier … to specify which table to
//! restore"); the sandbox's identifiers are its objects' ids, which no view it answers
//! reports (the docs read them from ACCOUNT_USAGE, not emulated). Not modelled: a table
//! replaced by `CREATE OR REPLACE` is not kept (the docs' rename-then-UNDROP recipe needs
//! DROP), nor are views (Snowflake cannot undrop them either).
//! A dynamic table or a tag keeps its schema's retention period (the sandbox does not
//! model their own `DATA_RETENTION_TIME_IN_DAYS`); a restored tag's assignments come back
//! with it, since the catalog keeps them under the tag's name (`catalog/tag.rs`), as the
//! UNDROP TAG page says: "If a tag was assigned to one or more objects when the DROP TAG
//! command was executed, the UNDROP command restores the tag assignments". Not modelled:
//! that page's "restoring tags is only supported in the current schema or current
//! database, even if the … name is fully qualified" (the docs do not say what fails).

use serde::{Deserialize, Serialize};

use super::{Catalog, Database, DynamicTable, Meta, SandboxKind, Schema, Stamp, Table, Tag};
use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::sandbox::error::SqlError;
use crate::sandbox::statement::ObjectNoun;

/// One dropped object kept for Time Travel.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Dropped<T> {
    pub(crate) name: Ident,
    pub(crate) dropped_on: Stamp,
    /// The object's retention period when it was dropped, in days.
    pub(crate) retention_days: u64,
    pub(crate) object: T,
}

impl<T> Dropped<T> {
    /// Past its retention period at `now`: no longer restorable.
    pub(crate) fn expired(&self, now: Stamp) -> bool {
        now > self
            .dropped_on
            .plus_days(i64::try_from(self.retention_days).unwrap_or(i64::MAX))
    }
}

/// Keeps `object` (dropped at `now`) in `list` unless its retention is 0, and purges what
/// has expired.
pub(crate) fn keep<T>(
    list: &mut Vec<Dropped<T>>,
    name: &Ident,
    object: T,
    retention_days: u64,
    now: Stamp,
) {
    list.retain(|d| !d.expired(now));
    if retention_days > 0 {
        list.push(Dropped {
            name: name.clone(),
            dropped_on: now,
            retention_days,
            object,
        });
    }
}

/// Takes the most recently dropped, unexpired version of `name` out of `list`; with `id`,
/// the version whose system identifier it is (`id_of`).
fn restore<T>(
    list: &mut Vec<Dropped<T>>,
    name: &Ident,
    now: Stamp,
    id: Option<u64>,
    id_of: impl Fn(&T) -> Option<u64>,
) -> Option<T> {
    list.retain(|d| !d.expired(now));
    let index = list
        .iter()
        .rposition(|d| &d.name == name && id.is_none_or(|id| id_of(&d.object) == Some(id)))?;
    Some(list.remove(index).object)
}

/// A schema-level kind UNDROP restores: where each schema keeps its dropped objects.
pub(crate) trait Undroppable: SandboxKind {
    fn kept(schema: &Schema) -> &[Dropped<Self>];
    fn kept_mut(schema: &mut Schema) -> &mut Vec<Dropped<Self>>;
    /// The retention period the object is kept for, in days, given its schema's (its
    /// own, else its database's): the schema's unless the kind has its own.
    fn retention_days(&self, schema_days: u64) -> u64 {
        schema_days
    }
}

impl Undroppable for Table {
    fn kept(schema: &Schema) -> &[Dropped<Self>] {
        &schema.dropped_tables
    }
    fn kept_mut(schema: &mut Schema) -> &mut Vec<Dropped<Self>> {
        &mut schema.dropped_tables
    }
    fn retention_days(&self, _: u64) -> u64 {
        self.retention_days
    }
}

impl Undroppable for DynamicTable {
    fn kept(schema: &Schema) -> &[Dropped<Self>] {
        &schema.dropped_dynamic_tables
    }
    fn kept_mut(schema: &mut Schema) -> &mut Vec<Dropped<Self>> {
        &mut schema.dropped_dynamic_tables
    }
}

impl Undroppable for Tag {
    fn kept(schema: &Schema) -> &[Dropped<Self>] {
        &schema.dropped_tags
    }
    fn kept_mut(schema: &mut Schema) -> &mut Vec<Dropped<Self>> {
        &mut schema.dropped_tags
    }
}

/// The most recently dropped version of `name` in `list`.
fn last<'a, T>(list: &'a [Dropped<T>], name: &Ident) -> Option<&'a T> {
    list.iter()
        .rev()
        .find(|d| &d.name == name)
        .map(|d| &d.object)
}

impl Catalog {
    /// The metadata of the most recently dropped `T` named `name`.
    fn kept_meta<T: Undroppable + 'static>(&self, name: &ObjectName) -> Option<&Meta> {
        let schema = self.schema(&name.schema_name()).ok()?;
        last(T::kept(schema), &name.name).map(|object| object.meta())
    }

    /// The metadata of the version of `parts` (`[database]`, `[database, schema]` or a
    /// schema-level object's three parts) that UNDROP of `noun` would restore, the most
    /// recently dropped: its owner is who may restore it (`engine/privileges.rs`). `None`
    /// when nothing of that name is kept (expiry aside: UNDROP raises that itself).
    pub(crate) fn dropped_meta(&self, noun: ObjectNoun, parts: &[Ident]) -> Option<&Meta> {
        let object = |parts: &[Ident]| match parts {
            [d, s, n] => Some(ObjectName {
                database: d.clone(),
                schema: s.clone(),
                name: n.clone(),
            }),
            _ => None,
        };
        match (noun, parts) {
            (ObjectNoun::Database, [d]) => last(&self.dropped_databases, d).map(|db| &db.meta),
            (ObjectNoun::Schema, [d, s]) => {
                last(&self.databases.get(d)?.dropped_schemas, s).and_then(Schema::meta)
            }
            (ObjectNoun::Table, _) => self.kept_meta::<Table>(&object(parts)?),
            (ObjectNoun::DynamicTable, _) => self.kept_meta::<DynamicTable>(&object(parts)?),
            (ObjectNoun::Tag, _) => self.kept_meta::<Tag>(&object(parts)?),
            _ => None,
        }
    }

    /// The name (`[database]`, `[database, schema]` or a table's three parts) of the
    /// dropped, unexpired database, schema or table whose system identifier is `id`.
    pub(crate) fn dropped_by_id(
        &self,
        noun: ObjectNoun,
        id: u64,
        now: Stamp,
    ) -> Option<Vec<Ident>> {
        match noun {
            ObjectNoun::Database => self
                .dropped_databases
                .iter()
                .find(|d| d.object.meta.id == id && !d.expired(now))
                .map(|d| vec![d.name.clone()]),
            ObjectNoun::Schema => self.databases.iter().find_map(|(db, database)| {
                database
                    .dropped_schemas
                    .iter()
                    .find(|d| d.object.meta().is_some_and(|m| m.id == id) && !d.expired(now))
                    .map(|d| vec![db.clone(), d.name.clone()])
            }),
            ObjectNoun::Table => self.databases.iter().find_map(|(db, database)| {
                database.schemas.iter().find_map(|(s, schema)| {
                    schema
                        .dropped_tables
                        .iter()
                        .find(|d| d.object.meta.id == id && !d.expired(now))
                        .map(|d| vec![db.clone(), s.clone(), d.name.clone()])
                })
            }),
            _ => None,
        }
    }

    /// DROP of an undroppable kind: DROP's checks, then the object is removed and kept
    /// for UNDROP for its retention period (`Ok(false)`: missing under IF EXISTS).
    pub(crate) fn drop_kept<T: Undroppable>(
        &mut self,
        name: &ObjectName,
        if_exists: bool,
        now: Stamp,
    ) -> Result<bool, SqlError> {
        if self.find::<T>(name).is_some() {
            T::check_drop(self, name)?;
        }
        let Some(object) = self.remove::<T>(name, if_exists)? else {
            return Ok(false);
        };
        let database_days = self.database(&name.database)?.retention_days;
        let schema = self.schema_mut(&name.schema_name())?;
        let retention = object.retention_days(schema.retention_days.unwrap_or(database_days));
        keep(T::kept_mut(schema), &name.name, object, retention, now);
        T::dropped(self, name, now);
        Ok(true)
    }

    /// UNDROP of an undroppable kind: the most recent dropped version comes back under
    /// its name, in the schema it was dropped from, with its identity (so a table's
    /// streams and a tag's assignments see it again). "If an object with the same name
    /// already exists, an error is returned" (each UNDROP page); tables, views, dynamic
    /// tables and materialized views share one namespace (`SandboxKind::check_name`).
    pub(crate) fn undrop_kept<T: Undroppable>(
        &mut self,
        name: &ObjectName,
        now: Stamp,
        id: Option<u64>,
    ) -> Result<(), SqlError> {
        self.writable_schema(&name.schema_name())?;
        if self.find::<T>(name).is_some() {
            return Err(SqlError::already_exists(&name.name.to_sql()));
        }
        T::check_name(self, name)?;
        let schema = self.writable_schema(&name.schema_name())?;
        let object = restore(T::kept_mut(schema), &name.name, now, id, |o| {
            Some(o.meta().id)
        })
        .ok_or_else(|| SqlError::not_restorable(T::KIND.noun(), &name.to_string()))?;
        T::map_mut(schema).insert(name.name.clone(), object);
        Ok(())
    }

    /// `UNDROP SCHEMA`: the schema comes back with everything it held when dropped.
    pub(crate) fn undrop_schema(
        &mut self,
        name: &SchemaName,
        now: Stamp,
        id: Option<u64>,
    ) -> Result<(), SqlError> {
        let database = self.database_mut(&name.database)?;
        if database.schemas.contains_key(&name.schema) {
            return Err(SqlError::already_exists(&name.schema.to_sql()));
        }
        let schema: Schema = restore(&mut database.dropped_schemas, &name.schema, now, id, |s| {
            s.meta().map(|m| m.id)
        })
        .ok_or_else(|| SqlError::not_restorable(ObjectNoun::Schema.noun(), &name.to_string()))?;
        database.schemas.insert(name.schema.clone(), schema);
        Ok(())
    }

    /// `UNDROP DATABASE`: the database comes back with its schemas.
    pub(crate) fn undrop_database(
        &mut self,
        name: &Ident,
        now: Stamp,
        id: Option<u64>,
    ) -> Result<(), SqlError> {
        if self.databases.contains_key(name) {
            return Err(SqlError::already_exists(&name.to_sql()));
        }
        let database: Database = restore(&mut self.dropped_databases, name, now, id, |d| {
            Some(d.meta.id)
        })
        .ok_or_else(|| SqlError::not_restorable(ObjectNoun::Database.noun(), &name.to_sql()))?;
        self.databases.insert(name.clone(), database);
        Ok(())
    }
}
