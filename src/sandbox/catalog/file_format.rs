//! File formats (CSV, JSON, PARQUET, AVRO, ORC, XML), the whole kind: Snowflake's option defaults, in the
//! order SHOW FILE FORMATS prints them in `format_options`, the CREATE / ALTER grammar and
//! the SHOW and DESCRIBE rows. The same option set serves a stage's inline
//! `FILE_FORMAT = (TYPE = …)`.
//!
//! Options are typed by their default: a boolean option takes TRUE/FALSE, a numeric one
//! an integer, a list one `( '…', … )`; anything else is Snowflake's invalid-value error.

use serde::{Deserialize, Serialize};

use super::rows::{
    DescribeRows, Entry, PROPERTY_COLUMNS, ShowRows, comment, stamp, text, text_rows,
};
use super::{Catalog, Meta, PropertyKind, Schema, SchemaObject, comment_property};
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::{Property, Value};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) enum OptionValue {
    Str(String),
    Int(i64),
    Bool(bool),
    Null,
    List(Vec<String>),
}

impl OptionValue {
    fn to_json(&self) -> serde_json::Value {
        match self {
            OptionValue::Str(s) => serde_json::Value::String(s.clone()),
            OptionValue::Int(n) => serde_json::Value::from(*n),
            OptionValue::Bool(b) => serde_json::Value::Bool(*b),
            OptionValue::Null => serde_json::Value::Null,
            OptionValue::List(items) => serde_json::Value::from(items.clone()),
        }
    }

    /// The value as DESCRIBE prints it.
    pub(crate) fn describe(&self) -> String {
        match self {
            OptionValue::Str(s) => s.clone(),
            OptionValue::Int(n) => n.to_string(),
            OptionValue::Bool(b) => b.to_string(),
            OptionValue::Null => String::new(),
            OptionValue::List(items) => format!("[{}]", items.join(", ")),
        }
    }

    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            OptionValue::Str(_) | OptionValue::Null => "String",
            OptionValue::Int(_) => "Integer",
            OptionValue::Bool(_) => "Boolean",
            OptionValue::List(_) => "List",
        }
    }
}

fn s(v: &str) -> OptionValue {
    OptionValue::Str(v.to_string())
}

/// Snowflake's defaults per format type, in `format_options` order.
fn defaults(format_type: &str) -> Option<Vec<(&'static str, OptionValue)>> {
    use OptionValue::{Bool, Int, List, Null};
    let list = |items: &[&str]| List(items.iter().map(|i| i.to_string()).collect());
    Some(match format_type {
        "CSV" => vec![
            ("RECORD_DELIMITER", s("\n")),
            ("FIELD_DELIMITER", s(",")),
            ("FILE_EXTENSION", Null),
            ("SKIP_HEADER", Int(0)),
            ("PARSE_HEADER", Bool(false)),
            ("DATE_FORMAT", s("AUTO")),
            ("TIME_FORMAT", s("AUTO")),
            ("TIMESTAMP_FORMAT", s("AUTO")),
            ("BINARY_FORMAT", s("HEX")),
            ("ESCAPE", s("NONE")),
            ("ESCAPE_UNENCLOSED_FIELD", s("\\")),
            ("TRIM_SPACE", Bool(false)),
            ("FIELD_OPTIONALLY_ENCLOSED_BY", s("NONE")),
            ("NULL_IF", list(&["\\N"])),
            ("COMPRESSION", s("AUTO")),
            ("ERROR_ON_COLUMN_COUNT_MISMATCH", Bool(true)),
            ("VALIDATE_UTF8", Bool(true)),
            ("SKIP_BLANK_LINES", Bool(false)),
            ("REPLACE_INVALID_CHARACTERS", Bool(false)),
            ("EMPTY_FIELD_AS_NULL", Bool(true)),
            ("SKIP_BYTE_ORDER_MARK", Bool(true)),
            ("ENCODING", s("UTF8")),
        ],
        "JSON" => vec![
            ("FILE_EXTENSION", Null),
            ("DATE_FORMAT", s("AUTO")),
            ("TIME_FORMAT", s("AUTO")),
            ("TIMESTAMP_FORMAT", s("AUTO")),
            ("BINARY_FORMAT", s("HEX")),
            ("TRIM_SPACE", Bool(false)),
            ("MULTI_LINE", Bool(true)),
            ("NULL_IF", list(&[])),
            ("COMPRESSION", s("AUTO")),
            ("ENABLE_OCTAL", Bool(false)),
            ("ALLOW_DUPLICATE", Bool(false)),
            ("STRIP_OUTER_ARRAY", Bool(false)),
            ("STRIP_NULL_VALUES", Bool(false)),
            ("IGNORE_UTF8_ERRORS", Bool(false)),
            ("REPLACE_INVALID_CHARACTERS", Bool(false)),
            ("SKIP_BYTE_ORDER_MARK", Bool(true)),
        ],
        "PARQUET" => vec![
            ("COMPRESSION", s("AUTO")),
            ("BINARY_AS_TEXT", Bool(true)),
            ("USE_LOGICAL_TYPE", Bool(true)),
            ("TRIM_SPACE", Bool(false)),
            ("USE_VECTORIZED_SCANNER", Bool(false)),
            ("REPLACE_INVALID_CHARACTERS", Bool(false)),
            ("NULL_IF", list(&[])),
        ],
        // https://docs.snowflake.com/en/sql-reference/sql/create-file-format#type-avro:
        // the docs list the options and their defaults, not SHOW's order; the docs' order
        // is used.
        "AVRO" => vec![
            ("COMPRESSION", s("AUTO")),
            ("TRIM_SPACE", Bool(false)),
            ("REPLACE_INVALID_CHARACTERS", Bool(false)),
            ("NULL_IF", list(&[])),
        ],
        // https://docs.snowflake.com/en/sql-reference/sql/create-file-format#type-orc
        "ORC" => vec![
            ("TRIM_SPACE", Bool(false)),
            ("REPLACE_INVALID_CHARACTERS", Bool(false)),
            ("NULL_IF", list(&[])),
        ],
        // https://docs.snowflake.com/en/sql-reference/sql/create-file-format#type-xml
        "XML" => vec![
            ("COMPRESSION", s("AUTO")),
            ("IGNORE_UTF8_ERRORS", Bool(false)),
            ("PRESERVE_SPACE", Bool(false)),
            ("STRIP_OUTER_ELEMENT", Bool(false)),
            ("DISABLE_SNOWFLAKE_DATA", Bool(false)),
            ("DISABLE_AUTO_CONVERT", Bool(false)),
            ("REPLACE_INVALID_CHARACTERS", Bool(false)),
            ("SKIP_BYTE_ORDER_MARK", Bool(true)),
        ],
        _ => return None,
    })
}

/// Accepted words for the options that are enumerations.
fn allowed_words(format_type: &str, key: &str) -> Option<&'static [&'static str]> {
    match (format_type, key) {
        ("PARQUET", "COMPRESSION") => Some(&["AUTO", "LZO", "SNAPPY", "NONE"]),
        // AVRO takes no BZ2 (https://docs.snowflake.com/en/sql-reference/sql/create-file-format#type-avro).
        ("AVRO", "COMPRESSION") => Some(&[
            "AUTO",
            "GZIP",
            "BROTLI",
            "ZSTD",
            "DEFLATE",
            "RAW_DEFLATE",
            "NONE",
        ]),
        (_, "COMPRESSION") => Some(&[
            "AUTO",
            "GZIP",
            "BZ2",
            "BROTLI",
            "ZSTD",
            "DEFLATE",
            "RAW_DEFLATE",
            "NONE",
        ]),
        (_, "BINARY_FORMAT") => Some(&["HEX", "BASE64", "UTF8"]),
        _ => None,
    }
}

/// A format type with its full option set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct FormatOptions {
    pub format_type: String,
    pub options: Vec<(String, OptionValue)>,
}

impl FormatOptions {
    pub(crate) fn new(format_type: &str) -> Result<FormatOptions, SqlError> {
        let upper = format_type.to_uppercase();
        let options = defaults(&upper)
            .ok_or_else(|| SqlError::invalid_value("TYPE", format_type))?
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        Ok(FormatOptions {
            format_type: upper,
            options,
        })
    }

    /// Applies `KEY = value` pairs: TYPE first (it resets the options to that type's
    /// defaults), then the rest.
    pub(crate) fn apply_all(&mut self, properties: &[&Property]) -> Result<(), SqlError> {
        if let Some(t) = properties.iter().find(|p| p.key == "TYPE") {
            let written = t
                .value
                .text()
                .ok_or_else(|| SqlError::invalid_value("TYPE", &super::display_value(t)))?;
            if !written.eq_ignore_ascii_case(&self.format_type) {
                *self = FormatOptions::new(&written)?;
            }
        }
        for property in properties.iter().filter(|p| p.key != "TYPE") {
            self.apply(property)?;
        }
        Ok(())
    }

    fn apply(&mut self, property: &Property) -> Result<(), SqlError> {
        let format_type = self.format_type.clone();
        let invalid = || SqlError::invalid_value(&property.key, &super::display_value(property));
        let slot = self
            .options
            .iter_mut()
            .find(|(k, _)| *k == property.key)
            .ok_or_else(|| SqlError::invalid_property(&property.key, "FILE_FORMAT"))?;
        let value = match (&slot.1, &property.value) {
            (OptionValue::Bool(_), v) => OptionValue::Bool(v.boolean().ok_or_else(invalid)?),
            (OptionValue::Int(_), v) => OptionValue::Int(v.integer().ok_or_else(invalid)?),
            (OptionValue::List(_), Value::List(items)) if items.is_empty() => {
                OptionValue::List(Vec::new())
            }
            (OptionValue::List(_), v) => OptionValue::List(v.strings().ok_or_else(invalid)?),
            (_, v) if v.word() == Some("NONE") => {
                if property.key == "FILE_EXTENSION" {
                    OptionValue::Null
                } else {
                    s("NONE")
                }
            }
            (_, Value::Str(text)) => s(text),
            (_, v) => s(&v.word().ok_or_else(invalid)?.to_uppercase()),
        };
        if let (Some(words), OptionValue::Str(text)) =
            (allowed_words(&format_type, &property.key), &value)
        {
            let upper = text.to_uppercase();
            if !words.contains(&upper.as_str()) {
                return Err(invalid());
            }
            slot.1 = OptionValue::Str(upper);
            return Ok(());
        }
        slot.1 = value;
        Ok(())
    }

    /// Resets one option to its default.
    pub(crate) fn unset(&mut self, key: &str) -> Result<(), SqlError> {
        let default = defaults(&self.format_type)
            .and_then(|d| d.into_iter().find(|(k, _)| *k == key))
            .ok_or_else(|| SqlError::invalid_property(key, "FILE_FORMAT"))?;
        if let Some(slot) = self.options.iter_mut().find(|(k, _)| k == key) {
            slot.1 = default.1;
        }
        Ok(())
    }

    /// The options whose value is not their type's default, for CREATE OR ALTER to reset
    /// those its definition leaves out.
    pub(crate) fn changed_keys(&self) -> Vec<String> {
        let defaults = defaults(&self.format_type).unwrap_or_default();
        self.options
            .iter()
            .filter(|(key, value)| !defaults.iter().any(|(k, d)| k == key && d == value))
            .map(|(key, _)| key.clone())
            .collect()
    }

    /// SHOW FILE FORMATS' `format_options`: `{"TYPE":"CSV", …}` in Snowflake's order.
    pub(crate) fn to_json(&self) -> String {
        let mut out = String::from("{");
        out.push_str(&format!(
            "\"TYPE\":{}",
            serde_json::Value::String(self.format_type.clone())
        ));
        for (key, value) in &self.options {
            out.push_str(&format!(",\"{key}\":{}", value.to_json()));
        }
        out.push('}');
        out
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct FileFormat {
    pub(crate) meta: Meta,
    pub options: FormatOptions,
}

impl FileFormat {
    /// A file format from CREATE's properties; TYPE defaults to CSV as in Snowflake.
    pub(crate) fn new(meta: Meta, properties: &[Property]) -> Result<FileFormat, SqlError> {
        let mut format = FileFormat {
            meta,
            options: FormatOptions::new("CSV")?,
        };
        format.set(properties)?;
        Ok(format)
    }

    pub(crate) fn set(&mut self, properties: &[Property]) -> Result<(), SqlError> {
        let mut options = Vec::new();
        for property in properties {
            if !comment_property(&mut self.meta, property)? {
                options.push(property);
            }
        }
        self.options.apply_all(&options)
    }

    pub(crate) fn unset(&mut self, keys: &[String]) -> Result<(), SqlError> {
        for key in keys {
            if key == "COMMENT" {
                self.meta.comment = None;
            } else {
                self.options.unset(key)?;
            }
        }
        Ok(())
    }
}

/// `CREATE FILE FORMAT … <options>` and `ALTER FILE FORMAT … SET / UNSET`
/// (https://docs.snowflake.com/en/sql-reference/sql/create-file-format,
/// https://docs.snowflake.com/en/sql-reference/sql/alter-file-format).
impl PropertyKind for FileFormat {
    fn build(
        _: &Catalog,
        _: &ObjectName,
        meta: Meta,
        properties: &[Property],
    ) -> Result<FileFormat, SqlError> {
        FileFormat::new(meta, properties)
    }

    fn set_properties(
        &mut self,
        _: &Catalog,
        _: &ObjectName,
        properties: &[Property],
    ) -> Result<(), SqlError> {
        self.set(properties)
    }

    fn unset_properties(&mut self, keys: &[String]) -> Result<(), SqlError> {
        self.unset(keys)
    }
}

/// SHOW FILE FORMATS: `format_options` is the JSON of every option with Snowflake's
/// defaults filled in, in Snowflake's key order.
impl ShowRows for FileFormat {
    const SHOW: &'static str = "SHOW FILE FORMATS";
    const COLUMNS: &'static [(&'static str, &'static str)] = &[
        ("created_on", "timestamp_ltz"),
        ("name", "text"),
        ("database_name", "text"),
        ("schema_name", "text"),
        ("type", "text"),
        ("owner", "text"),
        ("comment", "text"),
        ("format_options", "text"),
        ("owner_role_type", "text"),
    ];

    fn in_schema(schema: &Schema) -> Vec<(&Ident, &Self)> {
        FileFormat::map(schema).iter().collect()
    }

    fn row(_: &Catalog, entry: &Entry<'_, Self>) -> Vec<Option<String>> {
        let f = entry.object;
        vec![
            stamp(f.meta.created_on),
            text(entry.name.as_str()),
            text(entry.database.as_str()),
            text(entry.schema.as_str()),
            text(f.options.format_type.clone()),
            text(f.meta.owner.clone()),
            comment(&f.meta.comment),
            text(f.options.to_json()),
            text("ROLE"),
        ]
    }
}

/// DESCRIBE FILE FORMAT: every option with its type, value and Snowflake's default.
impl DescribeRows for FileFormat {
    fn describe(_: &Catalog, entry: &Entry<'_, Self>) -> QueryResult {
        text_rows(&PROPERTY_COLUMNS, describe_rows(&entry.object.options))
    }
}

/// DESCRIBE FILE FORMAT's rows, which DESCRIBE STAGE repeats for its inline format.
pub(crate) fn describe_rows(options: &FormatOptions) -> Vec<[String; 4]> {
    let defaults = FormatOptions::new(&options.format_type).ok();
    let mut rows = vec![[
        "TYPE".to_string(),
        "String".to_string(),
        options.format_type.clone(),
        "CSV".to_string(),
    ]];
    for (key, value) in &options.options {
        let default = defaults
            .as_ref()
            .and_then(|d| d.options.iter().find(|(k, _)| k == key))
            .map_or(String::new(), |(_, v)| v.describe());
        rows.push([
            key.clone(),
            value.type_name().to_string(),
            value.describe(),
            default,
        ]);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::catalog::Stamp;
    use crate::sandbox::statement::{Parser, properties};

    fn format(sql: &str) -> Result<FileFormat, SqlError> {
        let mut p = Parser::new(sql).unwrap();
        let props = properties::properties(&mut p).unwrap();
        let meta = Meta {
            id: 1,
            created_on: Stamp(0),
            owner: "SYSADMIN".into(),
            comment: None,
            temporary: false,
        };
        FileFormat::new(meta, &props)
    }

    #[test]
    fn csv_options_keep_defaults_and_order() {
        let f = format("type = csv skip_header = 1 field_optionally_enclosed_by = '\"' null_if = ('NULL', '') compression = gzip comment = 'c'").unwrap();
        let json = f.options.to_json();
        assert!(
            json.starts_with(
                "{\"TYPE\":\"CSV\",\"RECORD_DELIMITER\":\"\\n\",\"FIELD_DELIMITER\":\",\""
            ),
            "{json}"
        );
        assert!(json.contains("\"SKIP_HEADER\":1"));
        assert!(json.contains("\"FIELD_OPTIONALLY_ENCLOSED_BY\":\"\\\"\""));
        assert!(json.contains("\"NULL_IF\":[\"NULL\",\"\"]"));
        assert!(json.contains("\"COMPRESSION\":\"GZIP\""));
        assert!(json.contains("\"EMPTY_FIELD_AS_NULL\":true"));
        assert_eq!(f.meta.comment.as_deref(), Some("c"));
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed["FILE_EXTENSION"], serde_json::Value::Null);
    }

    #[test]
    fn json_and_parquet_have_their_own_options() {
        let f = format("type = json strip_outer_array = true").unwrap();
        assert!(f.options.to_json().contains("\"STRIP_OUTER_ARRAY\":true"));
        assert_eq!(
            format("type = parquet skip_header = 1").unwrap_err().code,
            "001008"
        );
        assert_eq!(
            format("type = parquet compression = gzip")
                .unwrap_err()
                .code,
            "002029"
        );
        assert_eq!(
            format("type = csv skip_header = yes").unwrap_err().code,
            "002029"
        );
        assert_eq!(format("type = xlsx").unwrap_err().code, "002029");
    }
}
