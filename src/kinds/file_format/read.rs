//! File formats from `SHOW FILE FORMATS IN DATABASE d`: `format_options` is a JSON object
//! of every option *including defaults*; [`canonical_options`] removes the defaults so
//! live and desired compare equal.

use std::collections::BTreeMap;

use crate::kinds::file_format::{FileFormat, FormatType, OptionValue, canonical_options};
use crate::providers::snowflake::introspect::error::IntrospectError;
use crate::providers::snowflake::introspect::record::Record;

pub(crate) fn parse(record: &Record<'_>) -> Result<FileFormat, IntrospectError> {
    let name = record.object_name("database_name", "schema_name", "name")?;
    let type_text = record.required("type")?;
    let format_type = FormatType::parse(type_text)
        .ok_or_else(|| record.invalid("type", type_text, "is not CSV, JSON or PARQUET"))?;
    let json = record.optional("format_options")?.unwrap_or("{}");
    let options = options_from_json(json)
        .map_err(|problem| record.invalid("format_options", json, problem))?;
    Ok(FileFormat {
        name,
        format_type,
        options: canonical_options(format_type, options),
        comment: record.comment()?,
    })
}

/// Reads `format_options`. JSON `null` is Snowflake's `NONE` (`FILE_EXTENSION`,
/// `ESCAPE` …).
fn options_from_json(json: &str) -> Result<BTreeMap<String, OptionValue>, String> {
    use serde_json::Value;
    let object: serde_json::Map<String, Value> =
        serde_json::from_str(json).map_err(|e| format!("is not a JSON object ({e})"))?;
    object
        .into_iter()
        .map(|(name, value)| {
            let value = match value {
                Value::Null => OptionValue::Text("NONE".into()),
                Value::Bool(b) => OptionValue::Bool(b),
                Value::Number(n) => OptionValue::Integer(
                    n.as_i64()
                        .ok_or_else(|| format!("has a non-integer value for {name}"))?,
                ),
                Value::String(s) => OptionValue::Text(s),
                Value::Array(items) => OptionValue::List(
                    items
                        .into_iter()
                        .map(|i| match i {
                            Value::String(s) => Ok(s),
                            other => Err(format!("has a non-text item {other} in {name}")),
                        })
                        .collect::<Result<_, _>>()?,
                ),
                Value::Object(_) => return Err(format!("has a nested object for {name}")),
            };
            Ok((name, value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::providers::snowflake::introspect::record::fixture::row;

    #[test]
    fn defaults_are_removed_from_format_options() {
        let options = r#"{"TYPE":"CSV","RECORD_DELIMITER":"\n","FIELD_DELIMITER":",","FILE_EXTENSION":null,"SKIP_HEADER":1,"PARSE_HEADER":false,"DATE_FORMAT":"AUTO","TIME_FORMAT":"AUTO","TIMESTAMP_FORMAT":"AUTO","BINARY_FORMAT":"HEX","ESCAPE":"NONE","ESCAPE_UNENCLOSED_FIELD":"\\","TRIM_SPACE":false,"FIELD_OPTIONALLY_ENCLOSED_BY":"\"","NULL_IF":["\\N"],"COMPRESSION":"AUTO","ERROR_ON_COLUMN_COUNT_MISMATCH":true,"VALIDATE_UTF8":true,"SKIP_BLANK_LINES":false,"REPLACE_INVALID_CHARACTERS":false,"EMPTY_FIELD_AS_NULL":true,"SKIP_BYTE_ORDER_MARK":true,"ENCODING":"UTF8"}"#;
        let set = row(&[
            ("name", Some("CSV_FILE_FORMAT")),
            ("database_name", Some("PR")),
            ("schema_name", Some("BRONZE")),
            ("type", Some("CSV")),
            ("owner", Some("SYSADMIN")),
            ("comment", Some("")),
            ("format_options", Some(options)),
        ]);
        let f = parse(&Record::new(set.rows().next().unwrap(), Kind::FileFormat)).unwrap();
        assert_eq!(
            f.options,
            BTreeMap::from([
                (
                    "FIELD_OPTIONALLY_ENCLOSED_BY".to_string(),
                    OptionValue::Text("\"".into())
                ),
                ("SKIP_HEADER".to_string(), OptionValue::Integer(1)),
            ])
        );
    }

    #[test]
    fn bad_json_names_the_format() {
        let set = row(&[
            ("name", Some("F")),
            ("database_name", Some("PR")),
            ("schema_name", Some("S")),
            ("type", Some("JSON")),
            ("comment", None),
            ("format_options", Some("{not json")),
        ]);
        let err = parse(&Record::new(set.rows().next().unwrap(), Kind::FileFormat))
            .unwrap_err()
            .to_string();
        assert!(err.contains("file_format F"), "{err}");
    }
}
