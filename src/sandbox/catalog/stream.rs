//! Streams on tables, the whole kind: the source table must exist (creating the stream
//! turns on the table's change tracking, as Snowflake does), `APPEND_ONLY` sets the mode,
//! and a stream whose table was replaced or dropped is stale — it remembers the identity of
//! the table it was created on, not just the name. Its CREATE / ALTER grammar, SHOW STREAMS
//! and DESCRIBE STREAM rows are here too.

use serde::{Deserialize, Serialize};

use super::rows::{DescribeRows, Entry, ShowRows, comment, flag, render, stamp, text};
use super::{
    Catalog, Meta, Names, SandboxKind, Schema, SchemaObject, Table, bool_value, comment_property,
};
use crate::model::identifier::Ident;
use crate::model::identifier::ObjectName;
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::alter::{Change, set_or_unset};
use crate::sandbox::statement::properties::properties;
use crate::sandbox::statement::{Parser, Property, RawName};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Stream {
    pub(crate) meta: Meta,
    pub(crate) table: ObjectName,
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
        for property in properties {
            if comment_property(&mut self.meta, property)? {
                continue;
            }
            match property.key.as_str() {
                "APPEND_ONLY" if creating => self.append_only = bool_value(property)?,
                "SHOW_INITIAL_ROWS" if creating => self.show_initial_rows = bool_value(property)?,
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
    /// A stream on `table`, refused when the table is missing; turns on the table's
    /// change tracking.
    pub(crate) fn build_stream(
        &mut self,
        meta: Meta,
        table: &ObjectName,
        properties: &[Property],
    ) -> Result<Stream, SqlError> {
        let table_id = self.get::<Table>(table)?.meta.id;
        let mut stream = Stream {
            meta,
            table: table.clone(),
            table_id,
            append_only: false,
            show_initial_rows: false,
        };
        stream.set(properties, true)?;
        self.get_mut::<Table>(table)?.change_tracking = true;
        Ok(stream)
    }

    /// Stale: the table it was created on no longer exists under its name.
    pub(crate) fn stream_is_stale(&self, stream: &Stream) -> bool {
        self.find::<Table>(&stream.table)
            .is_none_or(|t| t.meta.id != stream.table_id)
    }

    /// After `ALTER TABLE … RENAME TO`, streams in the table's schema follow it.
    pub(crate) fn follow_table_rename(&mut self, from: &ObjectName, to: &ObjectName) {
        if let Ok(schema) = self.schema_mut(&from.schema_name()) {
            for stream in Stream::map_mut(schema).values_mut() {
                if &stream.table == from {
                    stream.table = to.clone();
                }
            }
        }
    }
}

/// `CREATE STREAM`'s body: `[ COPY GRANTS ] ON TABLE <table> <properties>`
/// (https://docs.snowflake.com/en/sql-reference/sql/create-stream).
#[derive(Debug, PartialEq)]
pub(crate) struct StreamBody {
    pub on_table: RawName,
    pub(crate) properties: Vec<Property>,
}

/// `ALTER STREAM … SET / UNSET` (https://docs.snowflake.com/en/sql-reference/sql/alter-stream).
impl SandboxKind for Stream {
    type Create = StreamBody;
    type Alter = Change;

    fn parse_create(p: &mut Parser<'_>) -> Result<StreamBody, SqlError> {
        p.eat_kws(&["COPY", "GRANTS"]);
        p.expect_kws(&["ON", "TABLE"])?;
        let on_table = p.name()?;
        Ok(StreamBody {
            on_table,
            properties: properties(p)?,
        })
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
        let table = names(&body.on_table)?;
        catalog.build_stream(meta, &table, &body.properties)
    }

    fn alter(&mut self, _: &Catalog, _: &ObjectName, action: Change) -> Result<(), SqlError> {
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
            text("Table"),
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
        } = tail.parse(Stream::parse_create).unwrap();
        assert_eq!(on_table.to_string(), "RAW.T");
        assert_eq!(properties.len(), 2);
    }
}
