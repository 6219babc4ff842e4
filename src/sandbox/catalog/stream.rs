//! Streams on tables, views, stages (directory tables) and dynamic tables, the whole kind:
//! the source must exist (creating the stream turns on a table's or view's change
//! tracking, as Snowflake does; a stage must have its directory table enabled),
//! `APPEND_ONLY` sets the mode, and a stream whose source was replaced or dropped is stale
//! — it remembers the identity of the object it was created on, not just the name. A
//! stream cloned from another (`CREATE STREAM s CLONE src`) has its source's definition.
//! Its CREATE / ALTER grammar, SHOW STREAMS and DESCRIBE STREAM rows are here too.

use serde::{Deserialize, Serialize};

use super::clone::Travelled;
use super::rows::{DescribeRows, Entry, ShowRows, comment, flag, render, stamp, text};
use super::{
    Catalog, DynamicTable, Meta, Names, SandboxKind, Schema, SchemaObject, Stage, Table, View,
    bool_value, comment_property,
};
use crate::model::identifier::Ident;
use crate::model::identifier::ObjectName;
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::alter::{Change, set_or_unset};
use crate::sandbox::statement::create::time_travel;
use crate::sandbox::statement::inline::{Governance, TagValue, tag_clause};
use crate::sandbox::statement::properties::properties;
use crate::sandbox::statement::{Parser, Property, RawName, TimeTravel};

/// What a stream is on (https://docs.snowflake.com/en/sql-reference/sql/create-stream).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) enum StreamSource {
    #[default]
    Table,
    View,
    Stage,
    /// `ON DYNAMIC TABLE` (https://docs.snowflake.com/en/sql-reference/sql/create-stream,
    /// "Dynamic table": COMMENT is its only property).
    DynamicTable,
}

impl StreamSource {
    /// SHOW STREAMS `source_type`. The docs name the kinds ("table, view, directory table,
    /// or external table", https://docs.snowflake.com/en/sql-reference/sql/show-streams)
    /// without their spellings, and none for a dynamic table: "Dynamic Table" is chosen.
    fn label(self) -> &'static str {
        match self {
            StreamSource::Table => "Table",
            StreamSource::View => "View",
            StreamSource::Stage => "Stage",
            StreamSource::DynamicTable => "Dynamic Table",
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Stream {
    pub(crate) meta: Meta,
    /// The source object (a table, view or stage, by `source`).
    pub(crate) table: ObjectName,
    #[serde(default)]
    pub(crate) source: StreamSource,
    /// The `meta.id` of the table when the stream was created.
    pub(crate) table_id: u64,
    pub append_only: bool,
    pub(crate) show_initial_rows: bool,
}

impl Stream {
    pub(crate) fn mode(&self) -> &'static str {
        if self.append_only {
            "APPEND_ONLY"
        } else {
            "DEFAULT"
        }
    }

    pub(crate) fn set(&mut self, properties: &[Property], creating: bool) -> Result<(), SqlError> {
        // A stream on a stage or a dynamic table takes neither APPEND_ONLY nor
        // SHOW_INITIAL_ROWS (those forms of CREATE STREAM have only COMMENT; APPEND_ONLY is
        // "only supported for streams on standard tables or streams on views").
        let rows = creating && matches!(self.source, StreamSource::Table | StreamSource::View);
        for property in properties {
            if comment_property(&mut self.meta, property)? {
                continue;
            }
            match property.key.as_str() {
                "APPEND_ONLY" if rows => self.append_only = bool_value(property)?,
                "SHOW_INITIAL_ROWS" if rows => self.show_initial_rows = bool_value(property)?,
                _ => return Err(SqlError::invalid_property(&property.key, "STREAM")),
            }
        }
        Ok(())
    }

    pub(crate) fn unset(&mut self, keys: &[String]) -> Result<(), SqlError> {
        for key in keys {
            match key.as_str() {
                "COMMENT" => self.meta.comment = None,
                _ => return Err(SqlError::invalid_property(key, "STREAM")),
            }
        }
        Ok(())
    }
}

impl Catalog {
    /// A stream on `table` (a table, view or stage by `source`), refused when it is
    /// missing; turns on a table's or view's change tracking. A stage needs its directory
    /// table (https://docs.snowflake.com/en/sql-reference/sql/create-stream: "ON STAGE
    /// … the directory table must be enabled"; the docs give no error code, 002043 chosen).
    pub(crate) fn build_stream(
        &mut self,
        meta: Meta,
        table: &ObjectName,
        source: StreamSource,
        properties: &[Property],
    ) -> Result<Stream, SqlError> {
        let table_id = match source {
            StreamSource::Table => self.get::<Table>(table)?.meta.id,
            StreamSource::View => self.get::<View>(table)?.meta.id,
            StreamSource::Stage => {
                let stage = self.get::<Stage>(table)?;
                if !stage.directory_enabled {
                    return Err(SqlError::unsupported(format!(
                        "Directory table is not enabled on stage '{}'.",
                        table.name
                    )));
                }
                stage.meta.id
            }
            StreamSource::DynamicTable => self.get::<DynamicTable>(table)?.meta.id,
        };
        let mut stream = Stream {
            meta,
            table: table.clone(),
            source,
            table_id,
            append_only: false,
            show_initial_rows: false,
        };
        stream.set(properties, true)?;
        match source {
            StreamSource::Table => self.get_mut::<Table>(table)?.change_tracking = true,
            StreamSource::View => self.get_mut::<View>(table)?.change_tracking = true,
            StreamSource::Stage | StreamSource::DynamicTable => {}
        }
        Ok(stream)
    }

    /// Stale: the object it was created on no longer exists under its name.
    pub(crate) fn stream_is_stale(&self, stream: &Stream) -> bool {
        let id = match stream.source {
            StreamSource::Table => self.find::<Table>(&stream.table).map(|t| t.meta.id),
            StreamSource::View => self.find::<View>(&stream.table).map(|v| v.meta.id),
            StreamSource::Stage => self.find::<Stage>(&stream.table).map(|s| s.meta.id),
            StreamSource::DynamicTable => {
                self.find::<DynamicTable>(&stream.table).map(|t| t.meta.id)
            }
        };
        id != Some(stream.table_id)
    }

    /// After `ALTER TABLE | DYNAMIC TABLE … RENAME TO`, streams in the table's schema follow
    /// it (a stream tracks its source object, not its name).
    pub(crate) fn follow_table_rename(&mut self, from: &ObjectName, to: &ObjectName) {
        if let Ok(schema) = self.schema_mut(&from.schema_name()) {
            for stream in Stream::map_mut(schema).values_mut() {
                if matches!(
                    stream.source,
                    StreamSource::Table | StreamSource::DynamicTable
                ) && &stream.table == from
                {
                    stream.table = to.clone();
                }
            }
        }
    }
}

/// `CREATE STREAM`'s body: `[ COPY GRANTS ] ON { TABLE | VIEW | STAGE | DYNAMIC TABLE }
/// <name> [ { AT | BEFORE } ( { TIMESTAMP | OFFSET | STATEMENT | STREAM } => … ) ]
/// <properties>`, or `CLONE <source_stream> [ COPY GRANTS ]`
/// (https://docs.snowflake.com/en/sql-reference/sql/create-stream).
#[derive(Debug, PartialEq)]
pub(crate) struct StreamBody {
    /// `CLONE <source_stream>`: the stream whose definition the new one takes (the other
    /// fields are then unused).
    pub(crate) clone_of: Option<RawName>,
    pub on_table: RawName,
    pub(crate) source: StreamSource,
    pub(crate) at: Option<TimeTravel>,
    pub(crate) properties: Vec<Property>,
    /// `[ WITH ] TAG ( … )`, set as ALTER's SET TAG would.
    pub(crate) tags: Vec<TagValue>,
}

/// `ALTER STREAM … SET / UNSET` (https://docs.snowflake.com/en/sql-reference/sql/alter-stream).
impl SandboxKind for Stream {
    type Create = StreamBody;
    type Alter = Change;

    /// `[ [ WITH ] TAG ( … ) ] [ COPY GRANTS ] ON …`
    /// (https://docs.snowflake.com/en/sql-reference/sql/create-stream).
    fn parse_create(p: &mut Parser<'_>) -> Result<StreamBody, SqlError> {
        // `CREATE STREAM <name> CLONE <source_stream> [ COPY GRANTS ]` ("CREATE STREAM …
        // CLONE"): the clone "inherits the current offset" and the definition.
        if p.eat_kw("CLONE") {
            let source = p.name()?;
            p.eat_kws(&["COPY", "GRANTS"]);
            return Ok(StreamBody {
                clone_of: Some(source.clone()),
                on_table: source,
                source: StreamSource::Table,
                at: None,
                properties: Vec::new(),
                tags: Vec::new(),
            });
        }
        let tags = tag_clause(p)?.unwrap_or_default();
        p.eat_kws(&["COPY", "GRANTS"]);
        p.expect_kw("ON")?;
        let source = if p.eat_kw("TABLE") {
            StreamSource::Table
        } else if p.eat_kw("VIEW") {
            StreamSource::View
        } else if p.eat_kws(&["DYNAMIC", "TABLE"]) {
            StreamSource::DynamicTable
        } else {
            p.expect_kw("STAGE")?;
            StreamSource::Stage
        };
        let on_table = p.name()?;
        // AT / BEFORE name the point the stream starts from. The sandbox holds no rows, so
        // every starting point gives the same (empty) change set; the point is checked
        // against the source's creation and retention as a clone's is
        // (`Catalog::check_travel`). A stage's or a dynamic table's stream has no such
        // clause.
        let at = if matches!(source, StreamSource::Stage | StreamSource::DynamicTable) {
            None
        } else {
            time_travel(p, true)?
        };
        Ok(StreamBody {
            clone_of: None,
            on_table,
            source,
            at,
            properties: properties(p)?,
            tags,
        })
    }

    fn inline(body: &StreamBody) -> Governance {
        Governance::of_tags(&body.tags)
    }

    fn parse_alter(p: &mut Parser<'_>) -> Result<Change, SqlError> {
        set_or_unset(p)?.ok_or_else(|| p.error())
    }

    fn create(
        catalog: &mut Catalog,
        _: &ObjectName,
        meta: Meta,
        body: StreamBody,
        names: &Names<'_>,
    ) -> Result<Stream, SqlError> {
        if let Some(source) = &body.clone_of {
            let source = catalog.get::<Stream>(&names(source)?)?;
            return Ok(Stream {
                meta,
                ..source.clone()
            });
        }
        let table = names(&body.on_table)?;
        if let Some(at) = &body.at {
            // `STATEMENT =>` is not checked here: CREATE STREAM has no query history at
            // hand (the engine's CLONE check has).
            catalog.check_travel(&Travelled::Table(&table), at, meta.created_on, None)?;
        }
        catalog.build_stream(meta, &table, body.source, &body.properties)
    }

    fn alter(
        &mut self,
        _: &Catalog,
        _: &ObjectName,
        action: Change,
        _: super::Stamp,
        _: &super::Names<'_>,
    ) -> Result<(), SqlError> {
        match action {
            Change::Set(props) => self.set(&props, false),
            Change::Unset(keys) => self.unset(&keys),
        }
    }
}

/// Snowflake's default staleness horizon for a stream that is never consumed.
const STALE_AFTER_DAYS: i64 = 14;

/// SHOW STREAMS (and DESCRIBE STREAM, which answers the same columns for one stream):
/// `table_name` fully qualified, `mode` DEFAULT / APPEND_ONLY, `stale` computed from the
/// identity of the table the stream was created on. TERSE calls `type` `kind` and
/// `table_name` `tableOn`.
impl ShowRows for Stream {
    const SHOW: &'static str = "SHOW STREAMS";
    const COLUMNS: &'static [(&'static str, &'static str)] = &[
        ("created_on", "timestamp_ltz"),
        ("name", "text"),
        ("database_name", "text"),
        ("schema_name", "text"),
        ("owner", "text"),
        ("comment", "text"),
        ("table_name", "text"),
        ("source_type", "text"),
        ("base_tables", "text"),
        ("type", "text"),
        ("stale", "text"),
        ("mode", "text"),
        ("stale_after", "timestamp_ltz"),
        ("invalid_reason", "text"),
        ("owner_role_type", "text"),
    ];
    const TERSE: Option<&'static [&'static str]> = Some(&[
        "created_on",
        "name",
        "type",
        "database_name",
        "schema_name",
        "table_name",
    ]);
    const TERSE_RENAMES: &'static [(&'static str, &'static str)] =
        &[("type", "kind"), ("table_name", "tableOn")];

    fn in_schema(schema: &Schema) -> Vec<(&Ident, &Self)> {
        Stream::map(schema).iter().collect()
    }

    fn row(catalog: &Catalog, entry: &Entry<'_, Self>) -> Vec<Option<String>> {
        let s = entry.object;
        let stale = catalog.stream_is_stale(s);
        let table = s.table.to_string();
        vec![
            stamp(s.meta.created_on),
            text(entry.name.as_str()),
            text(entry.database.as_str()),
            text(entry.schema.as_str()),
            text(s.meta.owner.clone()),
            comment(&s.meta.comment),
            text(table.clone()),
            text(s.source.label()),
            text(table),
            text("DELTA"),
            flag(stale, "true", "false"),
            text(s.mode()),
            stamp(s.meta.created_on.plus_days(STALE_AFTER_DAYS)),
            text("N/A"),
            text("ROLE"),
        ]
    }
}

/// DESCRIBE STREAM: the SHOW STREAMS columns for the one stream.
impl DescribeRows for Stream {
    fn describe(catalog: &Catalog, entry: &Entry<'_, Self>) -> QueryResult {
        render(catalog, std::slice::from_ref(entry))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::statement::{CreateBody, Statement, parse};

    #[test]
    fn streams_name_their_table() {
        let tail = match parse("create stream s on table raw.t append_only = true comment = 'x'")
            .unwrap()
        {
            Statement::Create(c) => match c.body {
                CreateBody::Module(kind, tail) => {
                    assert_eq!(kind, Stream::KIND);
                    tail
                }
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        };
        let StreamBody {
            on_table,
            properties,
            ..
        } = tail.parse(Stream::parse_create).unwrap();
        assert_eq!(on_table.to_string(), "RAW.T");
        assert_eq!(properties.len(), 2);
    }
}
