//! Streams on tables: the source table must exist (creating the stream turns on the
//! table's change tracking, as Snowflake does), `APPEND_ONLY` sets the mode, and a stream
//! whose table was replaced or dropped is stale — it remembers the identity of the table
//! it was created on, not just the name.

use serde::{Deserialize, Serialize};

use super::{Catalog, Meta, Table, bool_value, comment_property};
use crate::model::identifier::ObjectName;
use crate::sandbox::error::SqlError;
use crate::sandbox::statement::Property;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Stream {
    pub meta: Meta,
    pub table: ObjectName,
    /// The `meta.id` of the table when the stream was created.
    pub table_id: u64,
    pub append_only: bool,
    pub show_initial_rows: bool,
}

impl Stream {
    pub fn mode(&self) -> &'static str {
        if self.append_only {
            "APPEND_ONLY"
        } else {
            "DEFAULT"
        }
    }

    pub fn set(&mut self, properties: &[Property], creating: bool) -> Result<(), SqlError> {
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

    pub fn unset(&mut self, keys: &[String]) -> Result<(), SqlError> {
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
    pub fn build_stream(
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
    pub fn stream_is_stale(&self, stream: &Stream) -> bool {
        self.find::<Table>(&stream.table)
            .is_none_or(|t| t.meta.id != stream.table_id)
    }

    /// After `ALTER TABLE … RENAME TO`, streams in the table's schema follow it.
    pub fn follow_table_rename(&mut self, from: &ObjectName, to: &ObjectName) {
        if let Ok(schema) = self.schema_mut(&from.schema_name()) {
            for stream in schema.streams.values_mut() {
                if &stream.table == from {
                    stream.table = to.clone();
                }
            }
        }
    }
}

schema_object!(Stream, Stream, streams);
