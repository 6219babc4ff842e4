//! `DESCRIBE <kind>` output: one row per property (`property` / `property_value`, with a
//! `parent_property` for stages), read as a lookup table.

use super::error::IntrospectError;
use crate::model::Kind;
use crate::providers::snowflake::result_set::ResultSet;

/// The properties of one described object.
pub(crate) struct Properties<'a> {
    entries: Vec<(Option<&'a str>, &'a str, Option<&'a str>)>,
}

impl<'a> Properties<'a> {
    /// Reads `(parent_property, property, property_value)` rows; procedures answer with
    /// `property` / `value`, which are read the same way.
    pub(crate) fn read(
        set: &'a ResultSet,
        kind: Kind,
        object: &str,
    ) -> Result<Self, IntrospectError> {
        let value_column = if set.column_index("property_value").is_some() {
            "property_value"
        } else {
            "value"
        };
        let mut entries = Vec::new();
        for row in set.rows() {
            let property = row
                .require("property")
                .map_err(|source| IntrospectError::Cell {
                    kind,
                    object: object.to_string(),
                    source,
                })?;
            entries.push((row.get("parent_property"), property, row.get(value_column)));
        }
        Ok(Properties { entries })
    }

    /// The value of `property` (any parent), case-insensitively; `None` when absent or
    /// NULL.
    pub(crate) fn value(&self, property: &str) -> Option<&'a str> {
        self.entries
            .iter()
            .find(|(_, p, _)| p.eq_ignore_ascii_case(property))
            .and_then(|(_, _, v)| *v)
    }

    /// The value of `property` under `parent`.
    pub(crate) fn nested(&self, parent: &str, property: &str) -> Option<&'a str> {
        self.entries
            .iter()
            .find(|(pp, p, _)| {
                pp.is_some_and(|pp| pp.eq_ignore_ascii_case(parent))
                    && p.eq_ignore_ascii_case(property)
            })
            .and_then(|(_, _, v)| *v)
    }
}
