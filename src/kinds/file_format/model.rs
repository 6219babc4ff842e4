//! A Snowflake named file format (CSV, JSON or PARQUET) and its options.
//!
//! Options are kept in canonical form: names upper case, keyword values (`COMPRESSION =
//! AUTO`) upper case, and options equal to Snowflake's default removed — SHOW FILE FORMATS
//! reports every option including defaults, a desired state lists only what it sets, and
//! both must compare equal when they mean the same format.
//!
//! Which options each format type has, and what values each takes, is Snowflake's
//! documented table ([`option_spec`]); configuration is checked against it, and an option
//! value is written into DDL bare only when it is exactly one of its documented keywords
//! (a string literal otherwise).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::identifier::{ObjectName, SchemaName};
use crate::model::resource::Resource;
use crate::model::{Address, Kind};

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

    fn schema(&self) -> Option<SchemaName> {
        Some(self.name.schema_name())
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
    pub(crate) fn to_sql(&self, name: &str) -> String {
        match self {
            OptionValue::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            OptionValue::Integer(n) => n.to_string(),
            // A keyword is written bare only when it is exactly one of the documented
            // keywords of the option; anything else is a quoted literal, so no option value
            // can add text to the statement.
            OptionValue::Text(t) => match bare_keyword(name, t) {
                Some(keyword) => keyword.to_string(),
                None => crate::sql::quote::literal(t),
            },
            OptionValue::List(items) => {
                let quoted: Vec<String> = items
                    .iter()
                    .map(|i| crate::sql::quote::literal(i))
                    .collect();
                format!("({})", quoted.join(", "))
            }
        }
    }
}

/// Options whose values are keywords rather than strings.
fn is_keyword_valued(name: &str) -> bool {
    matches!(name, "COMPRESSION" | "BINARY_FORMAT")
}

/// The keyword `value` stands for when it is written bare after `name =`: a documented
/// keyword of a keyword-valued option (any format type), or `NONE`. `None` means the value
/// is written as a string literal.
fn bare_keyword(name: &str, value: &str) -> Option<&'static str> {
    let upper = value.to_ascii_uppercase();
    if upper == "NONE" {
        return Some("NONE");
    }
    if !is_keyword_valued(name) {
        return None;
    }
    [FormatType::Csv, FormatType::Json, FormatType::Parquet]
        .into_iter()
        .filter_map(|t| match option_spec(t, name) {
            Some(OptionSpec::Keyword(words)) => Some(words),
            _ => None,
        })
        .flatten()
        .find(|w| **w == upper)
        .copied()
}

/// What values an option takes, as documented for CREATE FILE FORMAT
/// (<https://docs.snowflake.com/en/sql-reference/sql/create-file-format>, `formatTypeOptions`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OptionSpec {
    /// One of these keywords (`COMPRESSION = GZIP`).
    Keyword(&'static [&'static str]),
    /// `TRUE` or `FALSE`.
    Bool,
    /// A whole number in the range.
    Integer { min: i64, max: i64 },
    /// A string literal, or one of these keywords (`DATE_FORMAT = '<string>' | AUTO`).
    Text { keywords: &'static [&'static str] },
    /// One character (`'"'`), or one of these keywords.
    Character { keywords: &'static [&'static str] },
    /// `( '<string>' [ , '<string>' … ] )`.
    List,
}

const COMPRESSION: OptionSpec = OptionSpec::Keyword(&[
    "AUTO",
    "GZIP",
    "BZ2",
    "BROTLI",
    "ZSTD",
    "DEFLATE",
    "RAW_DEFLATE",
    "NONE",
]);
const PARQUET_COMPRESSION: OptionSpec = OptionSpec::Keyword(&["AUTO", "LZO", "SNAPPY", "NONE"]);
const BINARY_FORMAT: OptionSpec = OptionSpec::Keyword(&["HEX", "BASE64", "UTF8"]);
const AUTO_OR_TEXT: OptionSpec = OptionSpec::Text {
    keywords: &["AUTO"],
};
const NONE_OR_TEXT: OptionSpec = OptionSpec::Text {
    keywords: &["NONE"],
};
const NONE_OR_CHARACTER: OptionSpec = OptionSpec::Character {
    keywords: &["NONE"],
};

/// The options of each format type and what each takes, from `formatTypeOptions` of
/// <https://docs.snowflake.com/en/sql-reference/sql/create-file-format>. Every option here
/// has a documented default in [`defaults`], which is what removing it from the
/// configuration sets it back to (file formats have no UNSET); Parquet's
/// `SNAPPY_COMPRESSION`, an unloading option without one, is left out.
fn option_table(format_type: FormatType) -> &'static [(&'static str, OptionSpec)] {
    use OptionSpec::{Bool, List};
    match format_type {
        FormatType::Csv => &[
            ("COMPRESSION", COMPRESSION),
            ("RECORD_DELIMITER", NONE_OR_TEXT),
            ("FIELD_DELIMITER", NONE_OR_TEXT),
            ("MULTI_LINE", Bool),
            ("FILE_EXTENSION", NONE_OR_TEXT),
            ("PARSE_HEADER", Bool),
            (
                "SKIP_HEADER",
                OptionSpec::Integer {
                    min: 0,
                    max: i64::MAX,
                },
            ),
            ("SKIP_BLANK_LINES", Bool),
            ("DATE_FORMAT", AUTO_OR_TEXT),
            ("TIME_FORMAT", AUTO_OR_TEXT),
            ("TIMESTAMP_FORMAT", AUTO_OR_TEXT),
            ("BINARY_FORMAT", BINARY_FORMAT),
            ("ESCAPE", NONE_OR_CHARACTER),
            ("ESCAPE_UNENCLOSED_FIELD", NONE_OR_CHARACTER),
            ("TRIM_SPACE", Bool),
            ("FIELD_OPTIONALLY_ENCLOSED_BY", NONE_OR_CHARACTER),
            ("NULL_IF", List),
            ("ERROR_ON_COLUMN_COUNT_MISMATCH", Bool),
            ("REPLACE_INVALID_CHARACTERS", Bool),
            ("EMPTY_FIELD_AS_NULL", Bool),
            ("SKIP_BYTE_ORDER_MARK", Bool),
            (
                "ENCODING",
                OptionSpec::Text {
                    keywords: &["UTF8"],
                },
            ),
            // Deprecated, but still reported by SHOW FILE FORMATS.
            ("VALIDATE_UTF8", Bool),
        ],
        FormatType::Json => &[
            ("COMPRESSION", COMPRESSION),
            ("DATE_FORMAT", AUTO_OR_TEXT),
            ("TIME_FORMAT", AUTO_OR_TEXT),
            ("TIMESTAMP_FORMAT", AUTO_OR_TEXT),
            ("BINARY_FORMAT", BINARY_FORMAT),
            ("TRIM_SPACE", Bool),
            ("MULTI_LINE", Bool),
            ("NULL_IF", List),
            ("FILE_EXTENSION", NONE_OR_TEXT),
            ("ENABLE_OCTAL", Bool),
            ("ALLOW_DUPLICATE", Bool),
            ("STRIP_OUTER_ARRAY", Bool),
            ("STRIP_NULL_VALUES", Bool),
            ("REPLACE_INVALID_CHARACTERS", Bool),
            ("IGNORE_UTF8_ERRORS", Bool),
            ("SKIP_BYTE_ORDER_MARK", Bool),
        ],
        FormatType::Parquet => &[
            ("COMPRESSION", PARQUET_COMPRESSION),
            ("BINARY_AS_TEXT", Bool),
            ("USE_LOGICAL_TYPE", Bool),
            ("TRIM_SPACE", Bool),
            ("USE_VECTORIZED_SCANNER", Bool),
            ("REPLACE_INVALID_CHARACTERS", Bool),
            ("NULL_IF", List),
        ],
    }
}

/// What option `name` (upper case) of `format_type` takes; `None` for an option the
/// format type does not have.
pub(crate) fn option_spec(format_type: FormatType, name: &str) -> Option<OptionSpec> {
    option_table(format_type)
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, spec)| *spec)
}

/// Every option name of `format_type`, upper case.
pub(crate) fn option_names(format_type: FormatType) -> impl Iterator<Item = &'static str> {
    option_table(format_type).iter().map(|(n, _)| *n)
}

/// Why an option value does not fit its option.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{option} {problem}")]
pub(crate) struct OptionValueError {
    pub(crate) option: String,
    pub(crate) problem: String,
}

impl OptionSpec {
    /// Checks `value` against this spec; `option` (upper case) names it in the error.
    pub(crate) fn check(&self, option: &str, value: &OptionValue) -> Result<(), OptionValueError> {
        let problem = |problem: String| OptionValueError {
            option: option.to_string(),
            problem,
        };
        let keyword_list = |words: &[&str]| words.join(", ");
        match (self, value) {
            (OptionSpec::Keyword(words), OptionValue::Text(t)) => {
                if words.iter().any(|w| *w == t.to_ascii_uppercase()) {
                    Ok(())
                } else {
                    Err(problem(format!(
                        "takes one of {}, not {t:?}",
                        keyword_list(words)
                    )))
                }
            }
            (OptionSpec::Bool, OptionValue::Bool(_)) => Ok(()),
            (OptionSpec::Integer { min, max }, OptionValue::Integer(n)) => {
                if (*min..=*max).contains(n) {
                    Ok(())
                } else if *max == i64::MAX {
                    Err(problem(format!(
                        "takes a whole number of at least {min}, not {n}"
                    )))
                } else {
                    Err(problem(format!(
                        "takes a whole number from {min} to {max}, not {n}"
                    )))
                }
            }
            (OptionSpec::Text { .. }, OptionValue::Text(_)) => Ok(()),
            (OptionSpec::Character { keywords }, OptionValue::Text(t)) => {
                let is_keyword = keywords.iter().any(|k| k.eq_ignore_ascii_case(t));
                if is_keyword || t.chars().count() == 1 {
                    Ok(())
                } else {
                    Err(problem(format!(
                        "takes one character or {}, not {t:?}",
                        keyword_list(keywords)
                    )))
                }
            }
            (OptionSpec::List, OptionValue::List(_)) => Ok(()),
            (spec, _) => Err(problem(format!("takes {}", spec.expected()))),
        }
    }

    /// What the option takes, for messages.
    pub(crate) fn expected(&self) -> String {
        match self {
            OptionSpec::Keyword(words) => format!("one of {}", words.join(", ")),
            OptionSpec::Bool => "true or false".into(),
            OptionSpec::Integer { .. } => "a whole number".into(),
            OptionSpec::Text { keywords } => format!("a string (or {})", keywords.join(", ")),
            OptionSpec::Character { keywords } => {
                format!("one character (or {})", keywords.join(", "))
            }
            OptionSpec::List => "a list of strings, e.g. [\"NULL\", \"\"]".into(),
        }
    }
}

/// Snowflake's documented defaults per format type, as `format_options` reports them.
pub(crate) fn defaults(format_type: FormatType) -> Vec<(&'static str, OptionValue)> {
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

    #[test]
    fn only_documented_keywords_are_written_bare() {
        let hostile = "GZIP FIELD_DELIMITER = '|' COMMENT = 'x'";
        assert_eq!(
            OptionValue::Text(hostile.into()).to_sql("COMPRESSION"),
            "'GZIP FIELD_DELIMITER = \\'|\\' COMMENT = \\'x\\''"
        );
        assert_eq!(
            OptionValue::Text("base64".into()).to_sql("BINARY_FORMAT"),
            "BASE64"
        );
        assert_eq!(OptionValue::Text("none".into()).to_sql("ESCAPE"), "NONE");
        assert_eq!(
            OptionValue::Text("HEX; DROP".into()).to_sql("BINARY_FORMAT"),
            "'HEX; DROP'"
        );
    }

    #[test]
    fn option_values_are_checked_against_the_documented_table() {
        let check = |t: FormatType, name: &str, value: OptionValue| {
            option_spec(t, name)
                .ok_or_else(|| "unknown".to_string())
                .and_then(|spec| spec.check(name, &value).map_err(|e| e.to_string()))
        };
        use OptionValue::*;
        assert!(check(FormatType::Csv, "COMPRESSION", Text("gzip".into())).is_ok());
        assert!(check(FormatType::Parquet, "COMPRESSION", Text("GZIP".into())).is_err());
        assert!(check(FormatType::Parquet, "COMPRESSION", Text("SNAPPY".into())).is_ok());
        assert!(check(FormatType::Csv, "SKIP_HEADER", Integer(-1)).is_err());
        assert!(check(FormatType::Csv, "SKIP_HEADER", Text("1".into())).is_err());
        assert!(check(FormatType::Csv, "EMPTY_FIELD_AS_NULL", Text("true".into())).is_err());
        assert!(
            check(
                FormatType::Csv,
                "FIELD_OPTIONALLY_ENCLOSED_BY",
                Text("\"".into())
            )
            .is_ok()
        );
        assert!(
            check(
                FormatType::Csv,
                "FIELD_OPTIONALLY_ENCLOSED_BY",
                Text("ab".into())
            )
            .is_err()
        );
        assert!(check(FormatType::Csv, "NULL_IF", Text("NULL".into())).is_err());
        assert!(check(FormatType::Json, "STRIP_OUTER_ARRAY", Bool(true)).is_ok());
        assert_eq!(
            check(FormatType::Csv, "STRIP_OUTER_ARRAY", Bool(true)),
            Err("unknown".into())
        );
        // Every option has a default to return to, and every default is a valid value.
        for t in [FormatType::Csv, FormatType::Json, FormatType::Parquet] {
            for name in option_names(t) {
                assert!(defaults(t).iter().any(|(d, _)| *d == name), "{t} {name}");
            }
        }
        for t in [FormatType::Csv, FormatType::Json, FormatType::Parquet] {
            for (name, value) in defaults(t) {
                assert!(
                    check(t, name, value.clone()).is_ok(),
                    "{t} {name} {value:?}"
                );
            }
        }
    }
}
