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
//!   already makes (`TRANSIENT` in the statement makes any clone transient);
//! * every clone carries its source's tag assignments (its columns' too), and the objects
//!   of a cloned container carry the clones of the tags it held
//!   (https://docs.snowflake.com/en/user-guide/object-tagging/interaction, "Cloning";
//!   `tag::clone_assignments`).
//!
//! Time Travel (`AT | BEFORE`, https://docs.snowflake.com/en/sql-reference/constructs/at-before)
//! of databases, schemas and tables ([`Catalog::check_travel`], shared with CREATE STREAM):
//! the point must lie within the object's data retention period and not before its
//! creation ("Time travel data is not available for table …", the create-clone page's
//! text); `STATEMENT =>` must name a statement of the query history ("statement <id> not
//! found", the AT | BEFORE page's). A TIMESTAMP the sandbox cannot evaluate (an
//! expression other than a literal, or a TIMESTAMP_LTZ / _TZ literal without an offset,
//! which depends on the session's TIMEZONE) is not checked. The sandbox keeps no history
//! of objects: a clone at a past point copies what the source holds now.

use std::collections::BTreeMap;

use super::database::INFORMATION_SCHEMA;
use super::stage::StageFileFormat;
use super::{Catalog, Created, Meta, Origin, Schema, Stamp, Table, View, tag};
use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::sandbox::error::SqlError;
use crate::sandbox::statement::{TimeTravel, TravelPoint};

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
    /// change, so `table_ids` collects old → new for the streams of the whole clone, and
    /// `ids` the same for every object (the schema's own included), for its tags.
    fn cloned_schema(
        &mut self,
        source: &Schema,
        transient: bool,
        origin: &Origin,
        table_ids: &mut BTreeMap<u64, u64>,
        ids: &mut BTreeMap<u64, u64>,
    ) -> Schema {
        let mut schema = source.clone();
        schema.meta = Some(self.meta(origin, source.meta.as_ref().and_then(|m| m.comment.clone())));
        if let (Some(old), Some(new)) = (&source.meta, &schema.meta) {
            ids.insert(old.id, new.id);
        }
        schema.transient = source.transient || transient;
        // A clone copies what exists now; the source's dropped objects stay with it.
        schema.dropped_tables.clear();
        schema.dropped_dynamic_tables.clear();
        schema.dropped_tags.clear();
        for table in schema.objects.tables.values_mut() {
            table.transient |= schema.transient;
        }
        let tables: std::collections::BTreeSet<u64> =
            schema.objects.tables.values().map(|t| t.meta.id).collect();
        schema.objects.stages.retain(|_, stage| stage.url.is_some());
        // Every object gets a new identity, tables first (the registry lists them first);
        // the streams of the clone follow their tables' new ids.
        for meta in schema.objects.metas_mut() {
            let old = meta.id;
            *meta = self.clone_meta(meta, origin);
            ids.insert(old, meta.id);
            if tables.contains(&old) {
                table_ids.insert(old, meta.id);
            }
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
        // A materialized view on a cloned table reads the clone.
        for view in schema.objects.materialized_views.values_mut() {
            if let Some(table) = moved.apply(&view.source) {
                view.source = table;
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
        let mut ids = BTreeMap::new();
        let mut schema = self.cloned_schema(
            &original,
            transient || database_transient,
            origin,
            &mut table_ids,
            &mut ids,
        );
        let moved = Move {
            from_database: &source.database,
            from_schema: Some(&source.schema),
            to_database: &target.database,
            to_schema: Some(&target.schema),
        };
        Self::move_references(&mut schema, &moved, &table_ids);
        let database = self.database_mut(&target.database)?;
        let created = match database.schemas.insert(target.schema.clone(), schema) {
            Some(_) => Created::Replaced(()),
            None => Created::New,
        };
        tag::clone_assignments(self, &ids, &|tag| moved.apply(tag));
        Ok(created)
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
        let mut ids = BTreeMap::from([(original.meta.id, database.meta.id)]);
        // The database's own registered objects are copied as new objects.
        for meta in database.objects.metas_mut() {
            let old = meta.id;
            *meta = self.clone_meta(meta, origin);
            ids.insert(old, meta.id);
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
                self.cloned_schema(schema, transient, origin, &mut table_ids, &mut ids)
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
        let created = match self.databases.insert(target.clone(), database) {
            Some(_) => Created::Replaced(()),
            None => Created::New,
        };
        tag::clone_assignments(self, &ids, &|tag| moved.apply(tag));
        Ok(created)
    }
}

/// What a Time Travel point is checked against.
pub(crate) enum Travelled<'a> {
    Database(&'a Ident),
    Schema(&'a SchemaName),
    /// A table, or a view (a stream's source: its creation only, views keep no data).
    Table(&'a ObjectName),
    /// A dynamic table (CREATE DYNAMIC TABLE … CLONE), with the retention set on it, if
    /// any (else its creation only is checked).
    DynamicTable(&'a ObjectName),
}

const NANOS_PER_SECOND: i64 = 1_000_000_000;

/// Finds a query id's start in the query history.
pub(crate) type StatementStarts<'a> = &'a dyn Fn(&str) -> Option<Stamp>;

/// The instant a `TIMESTAMP =>` literal names, when the sandbox can know it: a text with
/// an offset is exact; one without is UTC when not cast or cast to TIMESTAMP /
/// TIMESTAMP_NTZ (the AT | BEFORE page: "If no explicit cast is specified, the timestamp
/// in the AT clause is treated as a timestamp with the UTC time zone"; TIMESTAMP "may"
/// be NTZ), and unknown for TIMESTAMP_LTZ / _TZ, which read it in the session's TIMEZONE.
fn literal_instant(text: &str, cast: Option<&str>) -> Option<Stamp> {
    let text = text.trim();
    if let Ok(instant) = text.parse::<jiff::Timestamp>() {
        return Some(Stamp::from_timestamp(instant));
    }
    if !matches!(cast, None | Some("TIMESTAMP" | "TIMESTAMP_NTZ")) {
        return None;
    }
    let civil = text.parse::<jiff::civil::DateTime>().ok().or_else(|| {
        text.parse::<jiff::civil::Date>()
            .ok()
            .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
    })?;
    let instant = jiff::tz::TimeZone::UTC.to_timestamp(civil).ok()?;
    Some(Stamp::from_timestamp(instant))
}

impl Catalog {
    /// The documented checks of an `AT | BEFORE` point on `what` (see the module
    /// comment). `statements` finds a query id's start in the history; `None` when the
    /// caller has no history at hand (CREATE STREAM), and then `STATEMENT =>` is not
    /// checked.
    pub(crate) fn check_travel(
        &self,
        what: &Travelled<'_>,
        travel: &TimeTravel,
        now: Stamp,
        statements: Option<StatementStarts<'_>>,
    ) -> Result<(), SqlError> {
        let at = match &travel.point {
            TravelPoint::Timestamp(Some((text, cast))) => literal_instant(text, cast.as_deref()),
            TravelPoint::Offset(Some(seconds)) => Some(Stamp(
                now.0
                    .saturating_add(seconds.saturating_mul(NANOS_PER_SECOND)),
            )),
            TravelPoint::Statement(id) => match statements {
                Some(find) => Some(find(id).ok_or_else(|| SqlError::statement_not_found(id))?),
                None => None,
            },
            // A stream's current offset: the sandbox holds no offsets to compare.
            TravelPoint::Timestamp(None) | TravelPoint::Offset(None) | TravelPoint::Stream(_) => {
                None
            }
        };
        let Some(at) = at else {
            return Ok(());
        };
        let (noun, name, created, retention_days) = match what {
            Travelled::Database(name) => {
                let d = self.database(name)?;
                (
                    "database",
                    (*name).clone(),
                    d.meta.created_on,
                    Some(d.retention_days),
                )
            }
            Travelled::Schema(name) => {
                let d = self.database(&name.database)?;
                let s = self.schema(name)?;
                let created = s.meta.as_ref().map_or(d.meta.created_on, |m| m.created_on);
                (
                    "schema",
                    name.schema.clone(),
                    created,
                    Some(s.retention_days.unwrap_or(d.retention_days)),
                )
            }
            Travelled::Table(name) => match self.find::<Table>(name) {
                Some(t) => (
                    "table",
                    name.name.clone(),
                    t.meta.created_on,
                    Some(t.retention_days),
                ),
                None => {
                    let v = self.get::<View>(name)?;
                    ("view", name.name.clone(), v.meta.created_on, None)
                }
            },
            Travelled::DynamicTable(name) => {
                let t = self.get::<super::DynamicTable>(name)?;
                (
                    "dynamic table",
                    name.name.clone(),
                    t.meta.created_on,
                    t.parameters
                        .get("DATA_RETENTION_TIME_IN_DAYS")
                        .and_then(|days| days.parse().ok()),
                )
            }
        };
        // AT includes the point; BEFORE is just before it, so an object created by the
        // statement named (or at the instant) did not exist yet.
        let too_early = if travel.before {
            at <= created
        } else {
            at < created
        };
        let oldest =
            retention_days.map(|days| now.plus_days(-i64::try_from(days).unwrap_or(i64::MAX)));
        if too_early || oldest.is_some_and(|oldest| at < oldest) {
            return Err(SqlError::time_travel_unavailable(noun, &name.to_sql()));
        }
        Ok(())
    }
}
