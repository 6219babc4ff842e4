//! File format DDL: `TYPE` is fixed (a change is a replace); options are `SET` in place.
//!
//! Option names come from the desired state and are written bare after the format type,
//! so they must be plain option words (`SKIP_HEADER`); anything else is refused rather
//! than spliced into SQL.

use crate::kinds::ddl::{CreateMode, DdlError};
use crate::kinds::file_format::{FileFormat, FormatType, OptionValue, defaults};
use crate::model::Address;
use crate::model::Kind;
use crate::model::identifier::ObjectName;
use crate::sql::quote::comment_clause;

pub(crate) fn create(format: &FileFormat, mode: CreateMode) -> Result<String, DdlError> {
    let mut options = String::new();
    for (name, value) in &format.options {
        options.push_str(&format!(" {}", option(&format.name, name, value)?));
    }
    Ok(format!(
        "{} FILE FORMAT {} TYPE = {}{options}{}",
        mode.verb(),
        format.name,
        format.format_type,
        comment_clause(format.comment.as_deref())
    ))
}

/// `ALTER FILE FORMAT … SET NAME = value`; `None` sets the option back to Snowflake's
/// documented default for `format_type` (file formats have no UNSET for options).
pub fn set_option(
    name: &ObjectName,
    format_type: FormatType,
    option_name: &str,
    value: Option<&OptionValue>,
) -> Result<String, DdlError> {
    let upper = option_name.to_ascii_uppercase();
    let default;
    let value = match value {
        Some(v) => v,
        None => {
            default = defaults(format_type)
                .into_iter()
                .find(|(d, _)| *d == upper)
                .map(|(_, v)| v)
                .ok_or_else(|| DdlError::Unrenderable {
                    address: Address::new(Kind::FileFormat, name),
                    problem: format!(
                        "option {option_name} has no documented default for {format_type} to return to"
                    ),
                })?;
            &default
        }
    };
    Ok(format!(
        "ALTER FILE FORMAT {name} SET {}",
        option(name, &upper, value)?
    ))
}

fn option(format: &ObjectName, name: &str, value: &OptionValue) -> Result<String, DdlError> {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if !plain {
        return Err(DdlError::Unrenderable {
            address: Address::new(Kind::FileFormat, format),
            problem: format!("{name:?} is not a file format option name"),
        });
    }
    Ok(format!("{name} = {}", value.to_sql(name)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn csv() -> FileFormat {
        FileFormat {
            name: ObjectName::parse("PR.BRONZE.CSV_FILE_FORMAT").unwrap(),
            format_type: FormatType::Csv,
            options: BTreeMap::from([
                ("SKIP_HEADER".to_string(), OptionValue::Integer(1)),
                (
                    "FIELD_OPTIONALLY_ENCLOSED_BY".to_string(),
                    OptionValue::Text("\"".into()),
                ),
            ]),
            comment: Some("csv".into()),
        }
    }

    #[test]
    fn renders_create() {
        assert_eq!(
            create(&csv(), CreateMode::Create).unwrap(),
            "CREATE FILE FORMAT PR.BRONZE.CSV_FILE_FORMAT TYPE = CSV FIELD_OPTIONALLY_ENCLOSED_BY = '\"' SKIP_HEADER = 1 COMMENT = 'csv'"
        );
    }

    #[test]
    fn resetting_an_option_sets_its_default() {
        let f = csv();
        assert_eq!(
            set_option(&f.name, f.format_type, "skip_header", None).unwrap(),
            "ALTER FILE FORMAT PR.BRONZE.CSV_FILE_FORMAT SET SKIP_HEADER = 0"
        );
        assert!(set_option(&f.name, f.format_type, "NOT_AN_OPTION", None).is_err());
    }

    #[test]
    fn hostile_option_names_are_refused() {
        let mut f = csv();
        f.options
            .insert("X = 1; DROP TABLE T".into(), OptionValue::Integer(1));
        assert!(matches!(
            create(&f, CreateMode::Create),
            Err(DdlError::Unrenderable { .. })
        ));
    }
}
