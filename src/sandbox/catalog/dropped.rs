//! Time Travel for dropped containers and tables, as far as `UNDROP` needs it.
//!
//! Snowflake keeps a dropped database, schema or table for its data retention period and
//! `UNDROP` restores the most recent dropped version of a name
//! (https://docs.snowflake.com/en/sql-reference/sql/undrop-table,
//! https://docs.snowflake.com/en/sql-reference/sql/undrop-schema,
//! https://docs.snowflake.com/en/sql-reference/sql/undrop-database,
//! https://docs.snowflake.com/en/user-guide/data-time-travel#restoring-objects).
//!
//! What is modelled: each container keeps a list of the objects dropped from it (the
//! account keeps dropped databases, a database its dropped schemas, a schema its dropped
//! tables), each with the moment it was dropped and the retention period it had then. A
//! retention of 0 days keeps nothing (Time Travel is off for that object). Entries past
//! their retention are purged whenever the list is touched, which is when Snowflake's
//! restore would fail anyway. A dropped schema or database takes its contents along and
//! gives them back on UNDROP, as in Snowflake. Not modelled: a table replaced by
//! `CREATE OR REPLACE` is not kept (the docs' rename-then-UNDROP recipe needs DROP), nor
//! are views (Snowflake cannot undrop them either), nor restore by system identifier.

use serde::{Deserialize, Serialize};

use super::{Catalog, Database, Schema, Stamp, Table};
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
    fn expired(&self, now: Stamp) -> bool {
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

/// Takes the most recently dropped, unexpired version of `name` out of `list`.
fn restore<T>(list: &mut Vec<Dropped<T>>, name: &Ident, now: Stamp) -> Option<T> {
    list.retain(|d| !d.expired(now));
    let index = list.iter().rposition(|d| &d.name == name)?;
    Some(list.remove(index).object)
}

impl Catalog {
    /// The metadata of the version of `parts` (`[database]`, `[database, schema]` or a
    /// table's three parts) that UNDROP of `noun` would restore, the most recently
    /// dropped: its owner is who may restore it (`engine/privileges.rs`). `None` when
    /// nothing of that name is kept (expiry aside: UNDROP raises that itself).
    pub(crate) fn dropped_meta(&self, noun: ObjectNoun, parts: &[Ident]) -> Option<&super::Meta> {
        fn last<'a, T>(list: &'a [Dropped<T>], name: &Ident) -> Option<&'a T> {
            list.iter()
                .rev()
                .find(|d| &d.name == name)
                .map(|d| &d.object)
        }
        match (noun, parts) {
            (ObjectNoun::Database, [d]) => last(&self.dropped_databases, d).map(|db| &db.meta),
            (ObjectNoun::Schema, [d, s]) => {
                last(&self.databases.get(d)?.dropped_schemas, s).and_then(Schema::meta)
            }
            (ObjectNoun::Table, [d, s, t]) => {
                last(&self.databases.get(d)?.schemas.get(s)?.dropped_tables, t).map(|t| &t.meta)
            }
            _ => None,
        }
    }

    /// `DROP TABLE`: removes the table and keeps it for UNDROP.
    pub(crate) fn drop_table(
        &mut self,
        name: &ObjectName,
        if_exists: bool,
        now: Stamp,
    ) -> Result<bool, SqlError> {
        let Some(table) = self.remove::<Table>(name, if_exists)? else {
            return Ok(false);
        };
        let retention = table.retention_days;
        let schema = self.schema_mut(&name.schema_name())?;
        keep(
            &mut schema.dropped_tables,
            &name.name,
            table,
            retention,
            now,
        );
        Ok(true)
    }

    /// `UNDROP TABLE`: the most recent dropped version comes back under its name, in the
    /// schema it was dropped from, with its identity (so its streams see it again).
    pub(crate) fn undrop_table(&mut self, name: &ObjectName, now: Stamp) -> Result<(), SqlError> {
        let schema = self.writable_schema(&name.schema_name())?;
        // Tables and views share one namespace per schema.
        if schema.objects.tables.contains_key(&name.name)
            || schema.objects.views.contains_key(&name.name)
        {
            return Err(SqlError::already_exists(&name.name.to_sql()));
        }
        let table = restore(&mut schema.dropped_tables, &name.name, now)
            .ok_or_else(|| SqlError::not_restorable(ObjectNoun::Table.noun(), &name.to_string()))?;
        schema.objects.tables.insert(name.name.clone(), table);
        Ok(())
    }

    /// `UNDROP SCHEMA`: the schema comes back with everything it held when dropped.
    pub(crate) fn undrop_schema(&mut self, name: &SchemaName, now: Stamp) -> Result<(), SqlError> {
        let database = self.database_mut(&name.database)?;
        if database.schemas.contains_key(&name.schema) {
            return Err(SqlError::already_exists(&name.schema.to_sql()));
        }
        let schema: Schema =
            restore(&mut database.dropped_schemas, &name.schema, now).ok_or_else(|| {
                SqlError::not_restorable(ObjectNoun::Schema.noun(), &name.to_string())
            })?;
        database.schemas.insert(name.schema.clone(), schema);
        Ok(())
    }

    /// `UNDROP DATABASE`: the database comes back with its schemas.
    pub(crate) fn undrop_database(&mut self, name: &Ident, now: Stamp) -> Result<(), SqlError> {
        if self.databases.contains_key(name) {
            return Err(SqlError::already_exists(&name.to_sql()));
        }
        let database: Database = restore(&mut self.dropped_databases, name, now)
            .ok_or_else(|| SqlError::not_restorable(ObjectNoun::Database.noun(), &name.to_sql()))?;
        self.databases.insert(name.clone(), database);
        Ok(())
    }
}
