//! The emulator's catalog: every object kind with Snowflake's rules.
//!
//! Objects are indexed by name — account-level kinds in one `BTreeMap` each, schema-level
//! kinds in one `BTreeMap` per schema per kind — so a CREATE, ALTER or DROP touches only
//! its own entry and SHOW walks names already in order. Each kind's file holds its object
//! type and the rules of its properties; this module holds the containers and the
//! name-level operations they share (lookup, create with OR REPLACE / IF NOT EXISTS,
//! drop, rename). Kinds kept by one module each are declared in `sandbox/registry.rs`
//! and expanded here (see [`kind`]).
//!
//! The catalog knows nothing of sessions or SQL text; the engine resolves names first.

/// Implements [`SchemaObject`] for a kind stored in `Schema::$field` that keeps its
/// [`Meta`] in a `meta` field: `schema_object!(Stage, Stage, objects.stages);` names the
/// type, its [`ObjectNoun`] variant and its map in [`Schema`]. The registry's expansion
/// writes every registered kind's impl with it (`kind.rs`); defined before the kind
/// modules so that expansion can invoke it.
macro_rules! schema_object {
    ($type:ident, $kind:ident, $($field:ident).+) => {
        impl $crate::sandbox::catalog::SchemaObject for $type {
            const KIND: $crate::sandbox::statement::ObjectNoun =
                $crate::sandbox::statement::ObjectNoun::$kind;
            fn map(
                schema: &$crate::sandbox::catalog::Schema,
            ) -> &::std::collections::BTreeMap<$crate::model::identifier::Ident, Self> {
                &schema.$($field).+
            }
            fn map_mut(
                schema: &mut $crate::sandbox::catalog::Schema,
            ) -> &mut ::std::collections::BTreeMap<$crate::model::identifier::Ident, Self> {
                &mut schema.$($field).+
            }
            fn meta(&self) -> &$crate::sandbox::catalog::Meta {
                &self.meta
            }
            fn meta_mut(&mut self) -> &mut $crate::sandbox::catalog::Meta {
                &mut self.meta
            }
        }
    };
}

pub(crate) mod access;
pub(crate) mod clone;
pub(crate) mod database;
pub(crate) mod dropped;
pub(crate) mod governance;
pub(crate) mod kind;
pub(crate) mod ownership;
pub(crate) mod policy;
pub(crate) mod rows;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::sandbox::error::SqlError;
use crate::sandbox::statement::{ObjectNoun, Property};

pub(crate) use database::{Database, Schema};
pub(crate) use kind::{
    Names, OuterKind, OuterName, OuterObject, OverloadedKind, OverloadedObject, PropertyKind,
    SandboxKind,
};
pub(crate) use table::Column;

// The kinds kept by one module each (`sandbox/registry.rs`): their modules, their maps in
// every schema, every database and the account, their `SchemaObject` / `OuterObject`
// impls and the dispatch macros.
crate::sandbox::registry::module_kinds!(catalog_kinds $);
use kind::catalog_kinds;

/// A point in time as nanoseconds since the Unix epoch (the state file stores it so).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub(crate) struct Stamp(pub i64);

impl Stamp {
    pub(crate) fn from_timestamp(ts: jiff::Timestamp) -> Stamp {
        Stamp(i64::try_from(ts.as_nanosecond()).unwrap_or(i64::MAX))
    }

    /// The SQL API's encoding of TIMESTAMP_LTZ cells: `seconds.nanoseconds`.
    pub(crate) fn to_sql_api(self) -> String {
        let seconds = self.0.div_euclid(1_000_000_000);
        let nanos = self.0.rem_euclid(1_000_000_000);
        format!("{seconds}.{nanos:09}")
    }

    pub(crate) fn plus_days(self, days: i64) -> Stamp {
        Stamp(
            self.0
                .saturating_add(days.saturating_mul(86_400 * 1_000_000_000)),
        )
    }
}

/// What every object carries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Meta {
    pub(crate) id: u64,
    pub(crate) created_on: Stamp,
    pub(crate) owner: String,
    pub(crate) comment: Option<String>,
    /// A TEMPORARY object: dropped when the session that created it ends.
    #[serde(default)]
    pub(crate) temporary: bool,
}

/// Who and when, for objects created by the current statement.
#[derive(Clone, Debug)]
pub(crate) struct Origin {
    pub(crate) now: Stamp,
    pub(crate) owner: String,
}

/// A schema-level object kind stored in its own map in every schema.
pub(crate) trait SchemaObject: Sized {
    const KIND: ObjectNoun;
    fn map(schema: &Schema) -> &BTreeMap<Ident, Self>;
    fn map_mut(schema: &mut Schema) -> &mut BTreeMap<Ident, Self>;
    fn meta(&self) -> &Meta;
    fn meta_mut(&mut self) -> &mut Meta;
}

/// How a CREATE ended.
#[derive(Debug)]
pub(crate) enum Created<T> {
    New,
    Replaced(T),
    /// `IF NOT EXISTS` met an existing object: nothing changed.
    Kept,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Catalog {
    pub(crate) databases: BTreeMap<Ident, Database>,
    /// The registered account-level kinds (`sandbox/registry.rs`), each under its own key.
    #[serde(flatten)]
    pub(crate) account: AccountObjects,
    /// Dropped databases kept for `UNDROP DATABASE` (see [`dropped`]).
    #[serde(default)]
    pub(crate) dropped_databases: Vec<dropped::Dropped<Database>>,
    /// Roles, database roles and grants.
    #[serde(default)]
    pub(crate) access: access::Access,
    /// Which tags are set on which objects and columns (see [`tag`]).
    #[serde(default)]
    pub(crate) tag_assignments: tag::Assignments,
    /// Which data metric functions run on which tables and views (see
    /// [`data_metric_function`]).
    #[serde(default)]
    pub(crate) data_metrics: data_metric_function::Associations,
    next_id: u64,
}

impl Catalog {
    /// A fresh object id (SHOW TASKS' `id`, table identity for stream staleness).
    pub(crate) fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    pub(crate) fn meta(&mut self, origin: &Origin, comment: Option<String>) -> Meta {
        Meta {
            id: self.next_id(),
            created_on: origin.now,
            owner: origin.owner.clone(),
            comment,
            temporary: false,
        }
    }

    pub(crate) fn database(&self, name: &Ident) -> Result<&Database, SqlError> {
        self.databases
            .get(name)
            .ok_or_else(|| SqlError::does_not_exist("Database", &name.to_sql()))
    }

    pub(crate) fn database_mut(&mut self, name: &Ident) -> Result<&mut Database, SqlError> {
        self.databases
            .get_mut(name)
            .ok_or_else(|| SqlError::does_not_exist("Database", &name.to_sql()))
    }

    pub(crate) fn schema(&self, name: &SchemaName) -> Result<&Schema, SqlError> {
        self.database(&name.database)?
            .schemas
            .get(&name.schema)
            .ok_or_else(|| SqlError::does_not_exist("Schema", &name.to_string()))
    }

    pub(crate) fn schema_mut(&mut self, name: &SchemaName) -> Result<&mut Schema, SqlError> {
        self.database_mut(&name.database)?
            .schemas
            .get_mut(&name.schema)
            .ok_or_else(|| SqlError::does_not_exist("Schema", &name.to_string()))
    }

    /// A schema that objects may be created in: it exists and is not INFORMATION_SCHEMA.
    pub(crate) fn writable_schema(&mut self, name: &SchemaName) -> Result<&mut Schema, SqlError> {
        if name.schema.as_str() == database::INFORMATION_SCHEMA {
            return Err(SqlError::insufficient_privileges(&format!(
                "schema '{}'",
                name.schema
            )));
        }
        self.schema_mut(name)
    }

    pub(crate) fn find<T: SchemaObject>(&self, name: &ObjectName) -> Option<&T> {
        let schema = self.schema(&name.schema_name()).ok()?;
        T::map(schema).get(&name.name)
    }

    /// Tables, views, dynamic tables and materialized views share one namespace in a
    /// schema: `name` may become a `T` only when none of the others holds it (002002).
    /// The CREATE pages name no such conflict; Snowflake refuses it as an existing
    /// object. Checked at CREATE and RENAME TO (`SandboxKind::check_name`).
    pub(crate) fn claim_relation_name<T: SchemaObject + 'static>(
        &self,
        name: &ObjectName,
    ) -> Result<(), SqlError> {
        use std::any::TypeId;
        let taken = |t: TypeId, held: bool| t != TypeId::of::<T>() && held;
        if taken(TypeId::of::<Table>(), self.find::<Table>(name).is_some())
            || taken(TypeId::of::<View>(), self.find::<View>(name).is_some())
            || taken(
                TypeId::of::<DynamicTable>(),
                self.find::<DynamicTable>(name).is_some(),
            )
            || taken(
                TypeId::of::<MaterializedView>(),
                self.find::<MaterializedView>(name).is_some(),
            )
        {
            return Err(SqlError::already_exists(&name.name.to_sql()));
        }
        Ok(())
    }

    pub(crate) fn get<T: SchemaObject>(&self, name: &ObjectName) -> Result<&T, SqlError> {
        let schema = self.schema(&name.schema_name())?;
        T::map(schema)
            .get(&name.name)
            .ok_or_else(|| SqlError::does_not_exist(T::KIND.noun(), &name.to_string()))
    }

    pub(crate) fn get_mut<T: SchemaObject>(
        &mut self,
        name: &ObjectName,
    ) -> Result<&mut T, SqlError> {
        let schema = self.schema_mut(&name.schema_name())?;
        T::map_mut(schema)
            .get_mut(&name.name)
            .ok_or_else(|| SqlError::does_not_exist(T::KIND.noun(), &name.to_string()))
    }

    /// CREATE's existence rules checked before anything is built: `Ok(false)` when IF NOT
    /// EXISTS meets an existing object (nothing to do), an error when the name is taken
    /// without OR REPLACE.
    pub(crate) fn check_create<T: SchemaObject>(
        &mut self,
        name: &ObjectName,
        or_replace: bool,
        if_not_exists: bool,
    ) -> Result<bool, SqlError> {
        let exists = T::map(self.writable_schema(&name.schema_name())?).contains_key(&name.name);
        match exists {
            true if if_not_exists => Ok(false),
            true if !or_replace => Err(SqlError::already_exists(&name.name.to_sql())),
            _ => Ok(true),
        }
    }

    /// Stores `object` under `name` following CREATE's rules: an existing object is an
    /// error (002002), replaced with OR REPLACE, or kept with IF NOT EXISTS.
    pub(crate) fn insert<T: SchemaObject>(
        &mut self,
        name: &ObjectName,
        object: T,
        or_replace: bool,
        if_not_exists: bool,
    ) -> Result<Created<T>, SqlError> {
        let map = T::map_mut(self.writable_schema(&name.schema_name())?);
        match map.get(&name.name) {
            Some(_) if if_not_exists => Ok(Created::Kept),
            Some(_) if !or_replace => Err(SqlError::already_exists(&name.name.to_sql())),
            _ => Ok(match map.insert(name.name.clone(), object) {
                Some(old) => Created::Replaced(old),
                None => Created::New,
            }),
        }
    }

    /// Removes the object; `Ok(None)` when it is missing and `if_exists` is set.
    pub(crate) fn remove<T: SchemaObject>(
        &mut self,
        name: &ObjectName,
        if_exists: bool,
    ) -> Result<Option<T>, SqlError> {
        let schema = match self.schema_mut(&name.schema_name()) {
            Ok(schema) => schema,
            Err(_) if if_exists => return Ok(None),
            Err(e) => return Err(e),
        };
        match T::map_mut(schema).remove(&name.name) {
            Some(object) => Ok(Some(object)),
            None if if_exists => Ok(None),
            None => Err(SqlError::does_not_exist(T::KIND.noun(), &name.to_string())),
        }
    }

    /// `ALTER … RENAME TO`: the target schema must exist and the new name be free.
    pub(crate) fn rename<T: SchemaObject>(
        &mut self,
        from: &ObjectName,
        to: &ObjectName,
    ) -> Result<(), SqlError> {
        self.get::<T>(from)?;
        let target = T::map(self.schema(&to.schema_name())?);
        if target.contains_key(&to.name) {
            return Err(SqlError::already_exists(&to.name.to_sql()));
        }
        self.writable_schema(&to.schema_name())?;
        let object = self.remove::<T>(from, false)?;
        if let Some(object) = object {
            T::map_mut(self.schema_mut(&to.schema_name())?).insert(to.name.clone(), object);
        }
        Ok(())
    }
}

/// Applies a COMMENT property; true when `property` was one.
pub(crate) fn comment_property(meta: &mut Meta, property: &Property) -> Result<bool, SqlError> {
    if property.key != "COMMENT" {
        return Ok(false);
    }
    meta.comment = Some(
        property
            .value
            .text()
            .ok_or_else(|| SqlError::invalid_value("COMMENT", &format!("{:?}", property.value)))?,
    );
    Ok(true)
}

/// A boolean property value, or Snowflake's invalid-value error.
pub(crate) fn bool_value(property: &Property) -> Result<bool, SqlError> {
    property
        .value
        .boolean()
        .ok_or_else(|| SqlError::invalid_value(&property.key, &display_value(property)))
}

/// A non-negative integer property value.
pub(crate) fn unsigned_value(property: &Property) -> Result<u64, SqlError> {
    property
        .value
        .integer()
        .and_then(|n| u64::try_from(n).ok())
        .ok_or_else(|| SqlError::invalid_value(&property.key, &display_value(property)))
}

/// A string (or bare word) property value.
pub(crate) fn text_value(property: &Property) -> Result<String, SqlError> {
    property
        .value
        .text()
        .ok_or_else(|| SqlError::invalid_value(&property.key, &display_value(property)))
}

/// A CONFIG string, a task's or an alert's, and `EXECUTE TASK … USING CONFIG`'s: "a
/// configuration string in valid JSON format", written `$${"string1": value1 [,
/// "string2": value2, ...] }$$` — a JSON object
/// (https://docs.snowflake.com/en/sql-reference/sql/create-alert#optional-parameters,
/// https://docs.snowflake.com/en/sql-reference/sql/execute-task#parameters).
pub(crate) fn check_config(config: &str) -> Result<(), SqlError> {
    match serde_json::from_str::<serde_json::Value>(config) {
        Ok(serde_json::Value::Object(_)) => Ok(()),
        _ => Err(SqlError::invalid_value("CONFIG", config)),
    }
}

pub(crate) fn display_value(property: &Property) -> String {
    property
        .value
        .text()
        .unwrap_or_else(|| format!("{:?}", property.value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_render_as_sql_api_timestamps() {
        assert_eq!(
            Stamp(1_700_000_000_123_000_000).to_sql_api(),
            "1700000000.123000000"
        );
        assert_eq!(Stamp(-1).to_sql_api(), "-1.999999999");
    }

    #[test]
    fn the_schema_object_registry_maps_each_kind_to_its_own_type() {
        let registered = [
            ObjectNoun::FileFormat,
            ObjectNoun::Stage,
            ObjectNoun::Table,
            ObjectNoun::Stream,
            ObjectNoun::Task,
            ObjectNoun::View,
        ];
        for kind in registered {
            assert_eq!(
                with_schema_object!(kind, T => Some(T::KIND), _ => None),
                Some(kind)
            );
        }
        let elsewhere = [
            ObjectNoun::Database,
            ObjectNoun::Schema,
            ObjectNoun::Warehouse,
            ObjectNoun::Integration,
            ObjectNoun::User,
            ObjectNoun::Procedure,
        ];
        for kind in elsewhere {
            assert_eq!(
                with_schema_object!(kind, T => Some(T::KIND), other => {
                    assert_eq!(other, kind);
                    None
                }),
                None
            );
        }
    }
}
