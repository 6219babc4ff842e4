//! Stages: `SHOW STAGES IN DATABASE d` gives URL, integration and comment; the stage's
//! named file format is only in `DESCRIBE STAGE` (`STAGE_FILE_FORMAT` / `FORMAT_NAME`),
//! so each stage is described once. Neither SHOW STAGES nor INFORMATION_SCHEMA.STAGES
//! carries it.

use crate::providers::snowflake::introspect::INFORMATION_SCHEMA;
use crate::providers::snowflake::introspect::connection::{Connection, Runner};

use crate::kinds::stage::Stage;
use crate::model::Kind;
use crate::model::identifier::{Ident, ObjectName};
use crate::providers::snowflake::introspect::Found;
use crate::providers::snowflake::introspect::describe::Properties;
use crate::providers::snowflake::introspect::error::IntrospectError;
use crate::providers::snowflake::introspect::record::Record;
use crate::providers::snowflake::introspect::reported_name;
use crate::providers::snowflake::result_set::ResultSet;

/// The stage as `SHOW STAGES` reports it; its file format comes from [`file_format`].
pub(crate) fn parse(record: &Record<'_>) -> Result<Stage, IntrospectError> {
    Ok(Stage {
        name: record.object_name("database_name", "schema_name", "name")?,
        url: record.optional("url")?.map(str::to_string),
        storage_integration: record
            .optional("storage_integration")?
            .map(Ident::from_stored),
        file_format: None,
        comment: record.comment()?,
    })
}

pub(crate) fn describe_statement(name: &ObjectName) -> String {
    format!("DESCRIBE STAGE {name}")
}

/// The named file format in `DESCRIBE STAGE` output, resolved in the stage's schema.
pub(crate) fn file_format(
    stage: &ObjectName,
    describe: &ResultSet,
) -> Result<Option<ObjectName>, IntrospectError> {
    let object = stage.to_string();
    let properties = Properties::read(describe, Kind::Stage, &object)?;
    let Some(text) = properties
        .nested("STAGE_FILE_FORMAT", "FORMAT_NAME")
        .or_else(|| properties.value("FORMAT_NAME"))
        .filter(|t| !t.is_empty())
    else {
        return Ok(None);
    };
    reported_name::object_name(text, &stage.schema_name())
        .map(Some)
        .ok_or_else(|| IntrospectError::Value {
            kind: Kind::Stage,
            object,
            column: "FORMAT_NAME".into(),
            value: text.to_string(),
            problem: "is not a file format name".into(),
        })
}

pub(crate) async fn stages<C: Connection>(
    runner: Runner<C>,
    database: Ident,
) -> Result<Found, IntrospectError> {
    let mut listed = Vec::new();
    for page in runner
        .show_unpaged(&format!("SHOW STAGES IN DATABASE {database}"))
        .await?
    {
        for row in page.rows() {
            let record = Record::new(row, Kind::Stage);
            let s = parse(&record)?;
            if s.name.schema.as_str() != INFORMATION_SCHEMA {
                listed.push((s, record.owner()));
            }
        }
    }
    let statements = listed
        .iter()
        .map(|(s, _)| describe_statement(&s.name))
        .collect();
    let described = runner.run_each(statements).await?;
    let mut found = Found::default();
    for ((mut s, owner), describe) in listed.into_iter().zip(&described) {
        s.file_format = file_format(&s.name, describe)?;
        found.push(s.into(), owner);
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::snowflake::introspect::record::fixture::{result, row};

    #[test]
    fn reads_show_and_describe() {
        let show = row(&[
            ("name", Some("ADLS_STAGE")),
            ("database_name", Some("PR")),
            ("schema_name", Some("BRONZE")),
            ("url", Some("azure://a.blob.core.windows.net/landing/")),
            ("has_credentials", Some("N")),
            ("comment", Some("")),
            ("type", Some("EXTERNAL")),
            ("cloud", Some("AZURE")),
            ("storage_integration", Some("ADLS_DEV")),
        ]);
        let stage = parse(&Record::new(show.rows().next().unwrap(), Kind::Stage)).unwrap();
        assert_eq!(stage.storage_integration.unwrap().as_str(), "ADLS_DEV");
        let describe = result(
            &[
                "parent_property",
                "property",
                "property_type",
                "property_value",
                "property_default",
            ],
            &[
                &[
                    Some("STAGE_FILE_FORMAT"),
                    Some("FORMAT_NAME"),
                    Some("String"),
                    Some("\"PR\".\"BRONZE\".\"Csv\""),
                    Some(""),
                ],
                &[
                    Some("STAGE_FILE_FORMAT"),
                    Some("TYPE"),
                    Some("String"),
                    Some("CSV"),
                    Some("CSV"),
                ],
            ],
        );
        let format = file_format(&stage.name, &describe).unwrap().unwrap();
        assert_eq!(format.to_string(), "PR.BRONZE.\"Csv\"");
        let internal = result(
            &[
                "parent_property",
                "property",
                "property_type",
                "property_value",
                "property_default",
            ],
            &[],
        );
        assert_eq!(file_format(&stage.name, &internal).unwrap(), None);
    }
}
