//! `CREATE SCHEMA … CLONE` and `CREATE DATABASE … CLONE`: zero-copy clones of a container
//! with what Snowflake clones inside it
//! (https://docs.snowflake.com/en/sql-reference/sql/create-clone, "Cloning considerations"):
//!
//! * tables (with their definitions — the sandbox keeps no rows), views, file formats,
//!   procedures, external stages, streams and tasks are cloned, each as a new object;
//! * internal named stages are not cloned (Snowflake only clones them with `INCLUDE
//!   INTERNAL STAGES`, which the sandbox does not accept);
//! * cloned tasks are suspended;
//! * references inside the cloned container (a stream's table, a task's predecessors, a
//!   stage's named file format) point at the clones, as Snowflake resolves them; a cloned
//!   stream on a cloned table is on the clone, not stale;
//! * a clone of a transient container is transient, like the table clones the sandbox
//!   already makes (`TRANSIENT` in the statement makes any clone transient).

use std::collections::BTreeMap;

use super::database::INFORMATION_SCHEMA;
use super::stage::StageFileFormat;
use super::{Catalog, Created, Meta, Origin, Schema};
use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::sandbox::error::SqlError;

/// Where a clone's references are moved: names inside the source container map to the
/// same names inside the clone.
struct Move<'a> {
    from_database: &'a Ident,
    /// `None` when a whole database is cloned.
    from_schema: Option<&'a Ident>,
    to_database: &'a Ident,
    to_schema: Option<&'a Ident>,
}

impl Move<'_> {
    fn apply(&self, name: &ObjectName) -> Option<ObjectName> {
        if &name.database != self.from_database {
            return None;
        }
        let schema = match (self.from_schema, self.to_schema) {
            (Some(from), Some(to)) if &name.schema == from => to.clone(),
            (Some(_), _) => return None,
            (None, _) => name.schema.clone(),
        };
        Some(ObjectName {
            database: self.to_database.clone(),
            schema,
            name: name.name.clone(),
        })
    }
}

impl Catalog {
    /// A fresh identity for a cloned object: new id and creation time, same comment.
    fn clone_meta(&mut self, meta: &Meta, origin: &Origin) -> Meta {
        self.meta(origin, meta.comment.clone())
    }

    /// `source` copied as a new schema whose references are moved by `moved`. Table ids
    /// change, so `table_ids` collects old → new for the streams of the whole clone.
    fn cloned_schema(
        &mut self,
        source: &Schema,
        transient: bool,
        origin: &Origin,
        table_ids: &mut BTreeMap<u64, u64>,
    ) -> Schema {
        let mut schema = source.clone();
        schema.meta = Some(self.meta(origin, source.meta.as_ref().and_then(|m| m.comment.clone())));
        schema.transient = source.transient || transient;
        // A clone copies what exists now; the source's dropped tables stay with it.
        schema.dropped_tables.clear();
        for table in schema.tables.values_mut() {
            let meta = self.clone_meta(&table.meta, origin);
            table_ids.insert(table.meta.id, meta.id);
            table.meta = meta;
            table.transient |= schema.transient;
        }
        schema.objects.stages.retain(|_, stage| stage.url.is_some());
        for meta in schema.objects.metas_mut() {
            *meta = self.clone_meta(meta, origin);
        }
        for task in schema.objects.tasks.values_mut() {
            task.started = false;
        }
        schema
    }

    /// Points the references of a cloned schema at the clone.
    fn move_references(schema: &mut Schema, moved: &Move<'_>, table_ids: &BTreeMap<u64, u64>) {
        for stream in schema.objects.streams.values_mut() {
            if let Some(table) = moved.apply(&stream.table) {
                stream.table = table;
                // A stream that was already stale stays stale: its old id has no clone.
                stream.table_id = table_ids.get(&stream.table_id).copied().unwrap_or(0);
            }
        }
        for task in schema.objects.tasks.values_mut() {
            for predecessor in &mut task.predecessors {
                if let Some(moved) = moved.apply(predecessor) {
                    *predecessor = moved;
                }
            }
        }
        for stage in schema.objects.stages.values_mut() {
            if let StageFileFormat::Named(format) = &mut stage.file_format
                && let Some(moved) = moved.apply(format)
            {
                *format = moved;
            }
        }
    }

    /// `CREATE [OR REPLACE] [TRANSIENT] SCHEMA target [IF NOT EXISTS] CLONE source`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn clone_schema(
        &mut self,
        target: &SchemaName,
        source: &SchemaName,
        transient: bool,
        or_replace: bool,
        if_not_exists: bool,
        origin: &Origin,
    ) -> Result<Created<()>, SqlError> {
        if target.schema.as_str() == INFORMATION_SCHEMA
            || source.schema.as_str() == INFORMATION_SCHEMA
        {
            return Err(SqlError::insufficient_privileges(&format!(
                "schema '{INFORMATION_SCHEMA}'"
            )));
        }
        let original = self.schema(source)?.clone();
        let database_transient = self.database(&target.database)?.transient;
        if self.schema(target).is_ok() {
            if if_not_exists {
                return Ok(Created::Kept);
            }
            if !or_replace {
                return Err(SqlError::already_exists(&target.schema.to_sql()));
            }
        }
        let mut table_ids = BTreeMap::new();
        let mut schema = self.cloned_schema(
            &original,
            transient || database_transient,
            origin,
            &mut table_ids,
        );
        let moved = Move {
            from_database: &source.database,
            from_schema: Some(&source.schema),
            to_database: &target.database,
            to_schema: Some(&target.schema),
        };
        Self::move_references(&mut schema, &moved, &table_ids);
        let database = self.database_mut(&target.database)?;
        Ok(
            match database.schemas.insert(target.schema.clone(), schema) {
                Some(_) => Created::Replaced(()),
                None => Created::New,
            },
        )
    }

    /// `CREATE [OR REPLACE] [TRANSIENT] DATABASE target [IF NOT EXISTS] CLONE source`: every
    /// schema is cloned; `INFORMATION_SCHEMA` is the new database's own.
    pub(crate) fn clone_database(
        &mut self,
        target: &Ident,
        source: &Ident,
        transient: bool,
        or_replace: bool,
        if_not_exists: bool,
        origin: &Origin,
    ) -> Result<Created<()>, SqlError> {
        let original = self.database(source)?.clone();
        if self.databases.contains_key(target) {
            if if_not_exists {
                return Ok(Created::Kept);
            }
            if !or_replace {
                return Err(SqlError::already_exists(&target.to_sql()));
            }
        }
        let transient = transient || original.transient;
        let mut database = original.clone();
        database.meta = self.clone_meta(&original.meta, origin);
        database.transient = transient;
        database.dropped_schemas.clear();
        // The database's own registered objects are copied as new objects.
        for meta in database.objects.metas_mut() {
            *meta = self.clone_meta(meta, origin);
        }
        let mut table_ids = BTreeMap::new();
        let mut schemas = BTreeMap::new();
        for (name, schema) in &original.schemas {
            let schema = if name.as_str() == INFORMATION_SCHEMA {
                let meta = self.clone_meta(schema.meta.as_ref().unwrap_or(&original.meta), origin);
                Schema {
                    meta: Some(meta),
                    ..Schema::default()
                }
            } else {
                self.cloned_schema(schema, transient, origin, &mut table_ids)
            };
            schemas.insert(name.clone(), schema);
        }
        let moved = Move {
            from_database: source,
            from_schema: None,
            to_database: target,
            to_schema: None,
        };
        for schema in schemas.values_mut() {
            Self::move_references(schema, &moved, &table_ids);
        }
        database.schemas = schemas;
        Ok(match self.databases.insert(target.clone(), database) {
            Some(_) => Created::Replaced(()),
            None => Created::New,
        })
    }
}
