//! A Snowflake named file format (CSV, JSON or PARQUET) and its options.
//!
//! Options are kept in canonical form: names upper case, keyword values (`COMPRESSION =
//! AUTO`) upper case, and options equal to Snowflake's default removed — SHOW FILE FORMATS
//! reports every option including defaults, a desired state lists only what it sets, and
//! both must compare equal when they mean the same format.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::identifier::ObjectName;
use super::kind::{Address, Kind};
use super::resource::Resource;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileFormat {
    pub name: ObjectName,
    pub format_type: FormatType,
    /// Canonical options (see [`canonical_options`]).
    pub options: BTreeMap<String, OptionValue>,
    pub comment: Option<String>,
}

impl Resource for FileFormat {
    fn address(&self) -> Address {
        Address::new(Kind::FileFormat, &self.name)
    }

    fn references(&self) -> Vec<Address> {
        vec![Address::new(Kind::Schema, self.name.schema_name())]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum FormatType {
    Csv,
    Json,
    Parquet,
}

impl FormatType {
    pub fn parse(text: &str) -> Option<FormatType> {
        match text.trim().to_ascii_uppercase().as_str() {
            "CSV" => Some(FormatType::Csv),
            "JSON" => Some(FormatType::Json),
            "PARQUET" => Some(FormatType::Parquet),
            _ => None,
        }
    }
}

impl fmt::Display for FormatType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FormatType::Csv => "CSV",
            FormatType::Json => "JSON",
            FormatType::Parquet => "PARQUET",
        })
    }
}

/// One option value: what TOML and SHOW's `format_options` JSON can both express.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OptionValue {
    Bool(bool),
    Integer(i64),
    Text(String),
    List(Vec<String>),
}

impl OptionValue {
    /// The value as it is written after `NAME =` in DDL.
    pub fn to_sql(&self, name: &str) -> String {
        match self {
            OptionValue::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            OptionValue::Integer(n) => n.to_string(),
            OptionValue::Text(t) if is_keyword_valued(name) || t.eq_ignore_ascii_case("NONE") => {
                t.to_uppercase()
            }
            OptionValue::Text(t) => quote_literal(t),
            OptionValue::List(items) => {
                let quoted: Vec<String> = items.iter().map(|i| quote_literal(i)).collect();
                format!("({})", quoted.join(", "))
            }
        }
    }
}

/// A SQL string literal with `'` and `\` escaped.
pub fn quote_literal(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// Options whose values are keywords rather than strings.
fn is_keyword_valued(name: &str) -> bool {
    matches!(name, "COMPRESSION" | "BINARY_FORMAT")
}

/// Snowflake's documented defaults per format type, as `format_options` reports them.
pub fn defaults(format_type: FormatType) -> Vec<(&'static str, OptionValue)> {
    use OptionValue::*;
    let text = |s: &str| Text(s.to_string());
    let common = [
        ("COMPRESSION", text("AUTO")),
        ("TRIM_SPACE", Bool(false)),
        ("REPLACE_INVALID_CHARACTERS", Bool(false)),
    ];
    let specific = match format_type {
        FormatType::Csv => vec![
            ("RECORD_DELIMITER", text("\n")),
            ("FIELD_DELIMITER", text(",")),
            ("FILE_EXTENSION", text("NONE")),
            ("SKIP_HEADER", Integer(0)),
            ("PARSE_HEADER", Bool(false)),
            ("DATE_FORMAT", text("AUTO")),
            ("TIME_FORMAT", text("AUTO")),
            ("TIMESTAMP_FORMAT", text("AUTO")),
            ("BINARY_FORMAT", text("HEX")),
            ("ESCAPE", text("NONE")),
            ("ESCAPE_UNENCLOSED_FIELD", text("\\")),
            ("FIELD_OPTIONALLY_ENCLOSED_BY", text("NONE")),
            ("NULL_IF", List(vec!["\\N".to_string()])),
            ("ERROR_ON_COLUMN_COUNT_MISMATCH", Bool(true)),
            ("VALIDATE_UTF8", Bool(true)),
            ("SKIP_BLANK_LINES", Bool(false)),
            ("EMPTY_FIELD_AS_NULL", Bool(true)),
            ("SKIP_BYTE_ORDER_MARK", Bool(true)),
            ("ENCODING", text("UTF8")),
            ("MULTI_LINE", Bool(true)),
        ],
        FormatType::Json => vec![
            ("FILE_EXTENSION", text("NONE")),
            ("DATE_FORMAT", text("AUTO")),
            ("TIME_FORMAT", text("AUTO")),
            ("TIMESTAMP_FORMAT", text("AUTO")),
            ("BINARY_FORMAT", text("HEX")),
            ("NULL_IF", List(Vec::new())),
            ("MULTI_LINE", Bool(true)),
            ("ENABLE_OCTAL", Bool(false)),
            ("ALLOW_DUPLICATE", Bool(false)),
            ("STRIP_OUTER_ARRAY", Bool(false)),
            ("STRIP_NULL_VALUES", Bool(false)),
            ("IGNORE_UTF8_ERRORS", Bool(false)),
            ("SKIP_BYTE_ORDER_MARK", Bool(true)),
        ],
        FormatType::Parquet => vec![
            ("BINARY_AS_TEXT", Bool(true)),
            ("USE_LOGICAL_TYPE", Bool(true)),
            ("USE_VECTORIZED_SCANNER", Bool(false)),
            ("NULL_IF", List(Vec::new())),
        ],
    };
    common.into_iter().chain(specific).collect()
}

/// Canonical form of an option set: upper-case names, keyword values upper case, the
/// `TYPE` entry removed (it is [`FileFormat::format_type`]), and defaults removed.
pub fn canonical_options(
    format_type: FormatType,
    options: impl IntoIterator<Item = (String, OptionValue)>,
) -> BTreeMap<String, OptionValue> {
    let defaults = defaults(format_type);
    options
        .into_iter()
        .map(|(name, value)| {
            let name = name.to_ascii_uppercase();
            let value = match value {
                OptionValue::Text(t)
                    if is_keyword_valued(&name) || t.eq_ignore_ascii_case("NONE") =>
                {
                    OptionValue::Text(t.to_uppercase())
                }
                other => other,
            };
            (name, value)
        })
        .filter(|(name, value)| {
            name != "TYPE" && !defaults.iter().any(|(d, v)| d == name && v == value)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_case_do_not_count() {
        let desired = canonical_options(
            FormatType::Csv,
            [
                ("skip_header".to_string(), OptionValue::Integer(1)),
                ("compression".into(), OptionValue::Text("auto".into())),
            ],
        );
        let live = canonical_options(
            FormatType::Csv,
            [
                ("TYPE".to_string(), OptionValue::Text("CSV".into())),
                ("SKIP_HEADER".into(), OptionValue::Integer(1)),
                ("FIELD_DELIMITER".into(), OptionValue::Text(",".into())),
                ("COMPRESSION".into(), OptionValue::Text("AUTO".into())),
            ],
        );
        assert_eq!(desired, live);
        assert_eq!(desired.len(), 1);
    }

    #[test]
    fn option_values_render_as_sql() {
        assert_eq!(
            OptionValue::Text("\"".into()).to_sql("FIELD_OPTIONALLY_ENCLOSED_BY"),
            "'\"'"
        );
        assert_eq!(
            OptionValue::Text("gzip".into()).to_sql("COMPRESSION"),
            "GZIP"
        );
        assert_eq!(
            OptionValue::List(vec!["NULL".into(), "it's".into()]).to_sql("NULL_IF"),
            "('NULL', 'it\\'s')"
        );
        assert_eq!(OptionValue::Bool(true).to_sql("STRIP_OUTER_ARRAY"), "TRUE");
    }
}
