//! Databases and schemas: the containers, their properties, and their lifecycle rules —
//! every new database holds `PUBLIC` and `INFORMATION_SCHEMA`, dropping a database or
//! schema drops everything in it, and `INFORMATION_SCHEMA` can be neither written nor
//! dropped.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::dropped::{Dropped, keep};
use super::{
    Catalog, Created, DatabaseObjects, Meta, Objects, Origin, Stamp, Table, bool_value,
    comment_property, unsigned_value,
};
use crate::model::identifier::{Ident, SchemaName};
use crate::sandbox::error::SqlError;
use crate::sandbox::statement::Property;

pub(crate) const INFORMATION_SCHEMA: &str = "INFORMATION_SCHEMA";
pub(crate) const PUBLIC: &str = "PUBLIC";

/// Snowflake's default Time Travel retention, in days.
const DEFAULT_RETENTION_DAYS: u64 = 1;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Database {
    pub(crate) meta: Meta,
    pub transient: bool,
    pub(crate) retention_days: u64,
    pub(crate) schemas: BTreeMap<Ident, Schema>,
    /// Dropped schemas kept for `UNDROP SCHEMA` (see [`super::dropped`]).
    #[serde(default)]
    pub(crate) dropped_schemas: Vec<Dropped<Schema>>,
    /// The registered database-level kinds (`sandbox/registry.rs`), each under its own key.
    #[serde(flatten)]
    pub(crate) objects: DatabaseObjects,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Schema {
    pub(crate) meta: Option<Meta>,
    pub transient: bool,
    pub managed_access: bool,
    /// `None` inherits the database's retention.
    pub(crate) retention_days: Option<u64>,
    /// Dropped tables kept for `UNDROP TABLE` (see [`super::dropped`]).
    #[serde(default)]
    pub(crate) dropped_tables: Vec<Dropped<Table>>,
    /// Dropped dynamic tables kept for `UNDROP DYNAMIC TABLE`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) dropped_dynamic_tables: Vec<Dropped<super::DynamicTable>>,
    /// Dropped tags kept for `UNDROP TAG`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) dropped_tags: Vec<Dropped<super::Tag>>,
    /// Permanent tables hidden by a session's TEMPORARY table of the same name, with the
    /// grants on them, until that table goes (`engine/temporary.rs`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) hidden_tables: BTreeMap<Ident, (Table, Vec<super::access::Grant>)>,
    /// The kinds kept by one module each (`sandbox/registry.rs`), each under its own key.
    #[serde(flatten)]
    pub(crate) objects: Objects,
}

impl Schema {
    fn new(meta: Meta, transient: bool) -> Schema {
        Schema {
            meta: Some(meta),
            transient,
            ..Schema::default()
        }
    }

    pub(crate) fn meta(&self) -> Option<&Meta> {
        self.meta.as_ref()
    }

    fn apply(&mut self, property: &Property) -> Result<(), SqlError> {
        if let Some(meta) = self.meta.as_mut()
            && comment_property(meta, property)?
        {
            return Ok(());
        }
        match property.key.as_str() {
            "DATA_RETENTION_TIME_IN_DAYS" => {
                self.retention_days = Some(retention(property, self.transient)?);
            }
            "MAX_DATA_EXTENSION_TIME_IN_DAYS" => {
                unsigned_value(property)?;
            }
            "DEFAULT_DDL_COLLATION" => {}
            "MANAGED_ACCESS" => self.managed_access = bool_value(property)?,
            _ => return Err(SqlError::invalid_property(&property.key, "SCHEMA")),
        }
        Ok(())
    }

    fn unset(&mut self, key: &str) -> Result<(), SqlError> {
        match key {
            "COMMENT" => {
                if let Some(meta) = self.meta.as_mut() {
                    meta.comment = None;
                }
            }
            "DATA_RETENTION_TIME_IN_DAYS" => self.retention_days = None,
            "MAX_DATA_EXTENSION_TIME_IN_DAYS" | "DEFAULT_DDL_COLLATION" => {}
            _ => return Err(SqlError::invalid_property(key, "SCHEMA")),
        }
        Ok(())
    }
}

impl Database {
    fn apply(&mut self, property: &Property) -> Result<(), SqlError> {
        if comment_property(&mut self.meta, property)? {
            return Ok(());
        }
        match property.key.as_str() {
            "DATA_RETENTION_TIME_IN_DAYS" => {
                self.retention_days = retention(property, self.transient)?;
            }
            "MAX_DATA_EXTENSION_TIME_IN_DAYS" => {
                unsigned_value(property)?;
            }
            "DEFAULT_DDL_COLLATION" => {}
            _ => return Err(SqlError::invalid_property(&property.key, "DATABASE")),
        }
        Ok(())
    }

    fn unset(&mut self, key: &str) -> Result<(), SqlError> {
        match key {
            "COMMENT" => self.meta.comment = None,
            "DATA_RETENTION_TIME_IN_DAYS" => self.retention_days = DEFAULT_RETENTION_DAYS,
            "MAX_DATA_EXTENSION_TIME_IN_DAYS" | "DEFAULT_DDL_COLLATION" => {}
            _ => return Err(SqlError::invalid_property(key, "DATABASE")),
        }
        Ok(())
    }
}

/// Retention is 0–90 days, and 0–1 for transient objects.
fn retention(property: &Property, transient: bool) -> Result<u64, SqlError> {
    let days = unsigned_value(property)?;
    let max = if transient { 1 } else { 90 };
    if days > max {
        return Err(SqlError::invalid_value(&property.key, &days.to_string()));
    }
    Ok(days)
}

impl Catalog {
    pub(crate) fn create_database(
        &mut self,
        name: &Ident,
        transient: bool,
        properties: &[Property],
        or_replace: bool,
        if_not_exists: bool,
        origin: &Origin,
    ) -> Result<Created<()>, SqlError> {
        if self.databases.contains_key(name) {
            if if_not_exists {
                return Ok(Created::Kept);
            }
            if !or_replace {
                return Err(SqlError::already_exists(&name.to_sql()));
            }
        }
        let mut database = Database {
            meta: self.meta(origin, None),
            transient,
            retention_days: DEFAULT_RETENTION_DAYS.min(if transient { 1 } else { 90 }),
            schemas: BTreeMap::new(),
            dropped_schemas: Vec::new(),
            objects: DatabaseObjects::default(),
        };
        for property in properties {
            database.apply(property)?;
        }
        let public = Schema::new(self.meta(origin, None), transient);
        let info = Schema::new(
            self.meta(
                origin,
                Some("Views describing the contents of schemas in this database".to_string()),
            ),
            false,
        );
        database.schemas.insert(Ident::from_stored(PUBLIC), public);
        database
            .schemas
            .insert(Ident::from_stored(INFORMATION_SCHEMA), info);
        Ok(match self.databases.insert(name.clone(), database) {
            Some(_) => Created::Replaced(()),
            None => Created::New,
        })
    }

    pub(crate) fn alter_database_set(
        &mut self,
        name: &Ident,
        properties: &[Property],
    ) -> Result<(), SqlError> {
        let database = self.database_mut(name)?;
        for property in properties {
            database.apply(property)?;
        }
        Ok(())
    }

    pub(crate) fn alter_database_unset(
        &mut self,
        name: &Ident,
        keys: &[String],
    ) -> Result<(), SqlError> {
        let database = self.database_mut(name)?;
        for key in keys {
            database.unset(key)?;
        }
        Ok(())
    }

    pub(crate) fn rename_database(&mut self, from: &Ident, to: &Ident) -> Result<(), SqlError> {
        self.database(from)?;
        if self.databases.contains_key(to) {
            return Err(SqlError::already_exists(&to.to_sql()));
        }
        if let Some(database) = self.databases.remove(from) {
            self.databases.insert(to.clone(), database);
        }
        Ok(())
    }

    pub(crate) fn swap_databases(&mut self, a: &Ident, b: &Ident) -> Result<(), SqlError> {
        self.database(a)?;
        self.database(b)?;
        if let (Some(first), Some(second)) = (self.databases.remove(a), self.databases.remove(b)) {
            self.databases.insert(a.clone(), second);
            self.databases.insert(b.clone(), first);
        }
        Ok(())
    }

    /// DROP DATABASE cascades: every schema and object in it goes with it.
    /// Drops the database with everything in it, kept for UNDROP for its retention period.
    pub(crate) fn drop_database(
        &mut self,
        name: &Ident,
        if_exists: bool,
        now: Stamp,
    ) -> Result<bool, SqlError> {
        match self.databases.remove(name) {
            Some(database) => {
                let retention = database.retention_days;
                keep(&mut self.dropped_databases, name, database, retention, now);
                Ok(true)
            }
            None if if_exists => Ok(false),
            None => Err(SqlError::does_not_exist("Database", &name.to_sql())),
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn create_schema(
        &mut self,
        name: &SchemaName,
        transient: bool,
        managed_access: bool,
        properties: &[Property],
        or_replace: bool,
        if_not_exists: bool,
        origin: &Origin,
    ) -> Result<Created<()>, SqlError> {
        if name.schema.as_str() == INFORMATION_SCHEMA {
            return Err(SqlError::insufficient_privileges(&format!(
                "schema '{}'",
                name.schema
            )));
        }
        let meta = self.meta(origin, None);
        let database = self.database_mut(&name.database)?;
        let transient = transient || database.transient;
        if database.schemas.contains_key(&name.schema) {
            if if_not_exists {
                return Ok(Created::Kept);
            }
            if !or_replace {
                return Err(SqlError::already_exists(&name.schema.to_sql()));
            }
        }
        let mut schema = Schema::new(meta, transient);
        schema.managed_access = managed_access;
        for property in properties {
            schema.apply(property)?;
        }
        Ok(match database.schemas.insert(name.schema.clone(), schema) {
            Some(_) => Created::Replaced(()),
            None => Created::New,
        })
    }

    fn guarded_schema_mut(&mut self, name: &SchemaName) -> Result<&mut Schema, SqlError> {
        if name.schema.as_str() == INFORMATION_SCHEMA {
            return Err(SqlError::insufficient_privileges(&format!(
                "schema '{}'",
                name.schema
            )));
        }
        self.schema_mut(name)
    }

    pub(crate) fn alter_schema_set(
        &mut self,
        name: &SchemaName,
        properties: &[Property],
    ) -> Result<(), SqlError> {
        let schema = self.guarded_schema_mut(name)?;
        for property in properties {
            schema.apply(property)?;
        }
        Ok(())
    }

    pub(crate) fn alter_schema_unset(
        &mut self,
        name: &SchemaName,
        keys: &[String],
    ) -> Result<(), SqlError> {
        let schema = self.guarded_schema_mut(name)?;
        for key in keys {
            schema.unset(key)?;
        }
        Ok(())
    }

    pub(crate) fn set_managed_access(
        &mut self,
        name: &SchemaName,
        on: bool,
    ) -> Result<(), SqlError> {
        self.guarded_schema_mut(name)?.managed_access = on;
        Ok(())
    }

    pub(crate) fn rename_schema(
        &mut self,
        from: &SchemaName,
        to: &SchemaName,
    ) -> Result<(), SqlError> {
        self.guarded_schema_mut(from)?;
        if to.schema.as_str() == INFORMATION_SCHEMA || self.schema(to).is_ok() {
            return Err(SqlError::already_exists(&to.schema.to_sql()));
        }
        self.database(&to.database)?;
        let schema = self
            .database_mut(&from.database)?
            .schemas
            .remove(&from.schema);
        if let Some(schema) = schema {
            self.database_mut(&to.database)?
                .schemas
                .insert(to.schema.clone(), schema);
        }
        Ok(())
    }

    pub(crate) fn swap_schemas(&mut self, a: &SchemaName, b: &SchemaName) -> Result<(), SqlError> {
        self.guarded_schema_mut(a)?;
        self.guarded_schema_mut(b)?;
        let first = self.database_mut(&a.database)?.schemas.remove(&a.schema);
        let second = self.database_mut(&b.database)?.schemas.remove(&b.schema);
        if let (Some(first), Some(second)) = (first, second) {
            self.database_mut(&a.database)?
                .schemas
                .insert(a.schema.clone(), second);
            self.database_mut(&b.database)?
                .schemas
                .insert(b.schema.clone(), first);
        }
        Ok(())
    }

    /// DROP SCHEMA cascades to every object in it.
    /// Drops the schema with everything in it, kept for UNDROP for its retention period
    /// (its own, else its database's).
    pub(crate) fn drop_schema(
        &mut self,
        name: &SchemaName,
        if_exists: bool,
        now: Stamp,
    ) -> Result<bool, SqlError> {
        if name.schema.as_str() == INFORMATION_SCHEMA {
            return Err(SqlError::insufficient_privileges(&format!(
                "schema '{}'",
                name.schema
            )));
        }
        let database = match self.database_mut(&name.database) {
            Ok(database) => database,
            Err(_) if if_exists => return Ok(false),
            Err(e) => return Err(e),
        };
        match database.schemas.remove(&name.schema) {
            Some(schema) => {
                let retention = schema.retention_days.unwrap_or(database.retention_days);
                keep(
                    &mut database.dropped_schemas,
                    &name.schema,
                    schema,
                    retention,
                    now,
                );
                Ok(true)
            }
            None if if_exists => Ok(false),
            None => Err(SqlError::does_not_exist("Schema", &name.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin {
        Origin {
            now: Stamp(0),
            owner: "SYSADMIN".into(),
        }
    }

    fn ident(s: &str) -> Ident {
        Ident::from_stored(s)
    }

    #[test]
    fn new_databases_hold_public_and_information_schema() {
        let mut c = Catalog::default();
        c.create_database(&ident("D"), false, &[], false, false, &origin())
            .unwrap();
        let names: Vec<&str> = c.databases[&ident("D")]
            .schemas
            .keys()
            .map(Ident::as_str)
            .collect();
        assert_eq!(names, ["INFORMATION_SCHEMA", "PUBLIC"]);
        let e = c
            .create_database(&ident("D"), false, &[], false, false, &origin())
            .unwrap_err();
        assert_eq!(e.code, "002002");
        assert!(matches!(
            c.create_database(&ident("D"), false, &[], false, true, &origin())
                .unwrap(),
            Created::Kept
        ));
    }

    #[test]
    fn schemas_cannot_be_made_or_dropped_in_information_schema() {
        let mut c = Catalog::default();
        c.create_database(&ident("D"), false, &[], false, false, &origin())
            .unwrap();
        let info = SchemaName::new(ident("D"), ident(INFORMATION_SCHEMA));
        assert_eq!(
            c.drop_schema(&info, false, Stamp(0)).unwrap_err().code,
            "003001"
        );
        let missing = SchemaName::new(ident("D"), ident("NOPE"));
        let e = c.drop_schema(&missing, false, Stamp(0)).unwrap_err();
        assert!(e.message.contains("Schema 'D.NOPE' does not exist"));
        assert!(!c.drop_schema(&missing, true, Stamp(0)).unwrap());
    }
}
