//! Stages: internal (no URL) or external (`azure://…` through a storage integration),
//! with a named or inline file format. The references are checked when set: a missing
//! integration or file format is refused, and so is a URL the integration does not allow.

use serde::{Deserialize, Serialize};

use super::file_format::FormatOptions;
use super::file_format::describe_rows;
use super::rows::{DescribeRows, Entry, ShowRows, comment, flag, stamp, text, text_rows};
use super::{Catalog, FileFormat, Meta, Schema, comment_property, text_value};
use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::{Property, Value};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum StageFileFormat {
    /// No FILE_FORMAT: Snowflake's CSV defaults.
    Default,
    Named(ObjectName),
    Inline(FormatOptions),
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Stage {
    pub meta: Meta,
    pub url: Option<String>,
    pub storage_integration: Option<Ident>,
    pub file_format: StageFileFormat,
    pub directory_enabled: bool,
}

impl Stage {
    pub fn cloud(&self) -> Option<&'static str> {
        let url = self.url.as_deref()?;
        Some(if url.starts_with("azure://") {
            "AZURE"
        } else if url.starts_with("s3://") {
            "AWS"
        } else {
            "GCP"
        })
    }
}

schema_object!(Stage, Stage, stages);

/// SHOW STAGES: `url`, `type` EXTERNAL / INTERNAL, `cloud`, `storage_integration`.
impl ShowRows for Stage {
    const SHOW: &'static str = "SHOW STAGES";
    const COLUMNS: &'static [(&'static str, &'static str)] = &[
        ("created_on", "timestamp_ltz"),
        ("name", "text"),
        ("database_name", "text"),
        ("schema_name", "text"),
        ("url", "text"),
        ("has_credentials", "text"),
        ("has_encryption_key", "text"),
        ("owner", "text"),
        ("comment", "text"),
        ("region", "text"),
        ("type", "text"),
        ("cloud", "text"),
        ("notification_channel", "text"),
        ("storage_integration", "text"),
        ("endpoint", "text"),
        ("owner_role_type", "text"),
        ("directory_enabled", "text"),
    ];

    fn in_schema(schema: &Schema) -> Vec<(&Ident, &Self)> {
        schema.stages.iter().collect()
    }

    fn row(_: &Catalog, entry: &Entry<'_, Self>) -> Vec<Option<String>> {
        let s = entry.object;
        vec![
            stamp(s.meta.created_on),
            text(entry.name.as_str()),
            text(entry.database.as_str()),
            text(entry.schema.as_str()),
            text(s.url.clone().unwrap_or_default()),
            text("N"),
            text("N"),
            text(s.meta.owner.clone()),
            comment(&s.meta.comment),
            None,
            text(if s.url.is_some() {
                "EXTERNAL"
            } else {
                "INTERNAL"
            }),
            s.cloud().map(str::to_string),
            None,
            s.storage_integration
                .as_ref()
                .map(|i| i.as_str().to_string()),
            None,
            text("ROLE"),
            flag(s.directory_enabled, "Y", "N"),
        ]
    }
}

/// DESCRIBE STAGE: its file format (named, inline or the CSV default), location,
/// integration and directory table, by parent property.
impl DescribeRows for Stage {
    fn describe(_: &Catalog, entry: &Entry<'_, Self>) -> QueryResult {
        let stage = entry.object;
        let mut rows: Vec<[String; 5]> = Vec::new();
        match &stage.file_format {
            StageFileFormat::Named(name) => rows.push([
                "STAGE_FILE_FORMAT".into(),
                "FORMAT_NAME".into(),
                "String".into(),
                name.to_string(),
                String::new(),
            ]),
            StageFileFormat::Inline(options) => {
                for [p, t, v, d] in describe_rows(options) {
                    rows.push(["STAGE_FILE_FORMAT".into(), p, t, v, d]);
                }
            }
            StageFileFormat::Default => {
                if let Ok(options) = FormatOptions::new("CSV") {
                    for [p, t, v, d] in describe_rows(&options) {
                        rows.push(["STAGE_FILE_FORMAT".into(), p, t, v, d]);
                    }
                }
            }
        }
        let list = |v: Option<&String>| v.map_or("[]".to_string(), |u| format!("[\"{u}\"]"));
        rows.push([
            "STAGE_LOCATION".into(),
            "URL".into(),
            "String".into(),
            list(stage.url.as_ref()),
            String::new(),
        ]);
        rows.push([
            "STAGE_INTEGRATION".into(),
            "STORAGE_INTEGRATION".into(),
            "String".into(),
            stage
                .storage_integration
                .as_ref()
                .map_or(String::new(), |i| i.as_str().to_string()),
            String::new(),
        ]);
        rows.push([
            "DIRECTORY".into(),
            "ENABLE".into(),
            "Boolean".into(),
            stage.directory_enabled.to_string(),
            "false".into(),
        ]);
        text_rows(
            &[
                ("parent_property", "text"),
                ("property", "text"),
                ("property_type", "text"),
                ("property_value", "text"),
                ("property_default", "text"),
            ],
            rows,
        )
    }
}

impl Catalog {
    /// A stage from CREATE's properties, references checked; `schema` resolves short
    /// file-format names.
    pub fn build_stage(
        &self,
        meta: Meta,
        schema: &SchemaName,
        properties: &[Property],
    ) -> Result<Stage, SqlError> {
        let mut stage = Stage {
            meta,
            url: None,
            storage_integration: None,
            file_format: StageFileFormat::Default,
            directory_enabled: false,
        };
        self.apply_stage(&mut stage, schema, properties)?;
        Ok(stage)
    }

    pub fn apply_stage(
        &self,
        stage: &mut Stage,
        schema: &SchemaName,
        properties: &[Property],
    ) -> Result<(), SqlError> {
        for property in properties {
            if comment_property(&mut stage.meta, property)? {
                continue;
            }
            match property.key.as_str() {
                "URL" => stage.url = Some(text_value(property)?),
                "STORAGE_INTEGRATION" => {
                    let name = property_ident(property)?;
                    self.integration(&name)?;
                    stage.storage_integration = Some(name);
                }
                "FILE_FORMAT" => stage.file_format = self.stage_file_format(schema, property)?,
                "DIRECTORY" => {
                    if let Value::Options(options) = &property.value
                        && let Some(enable) = options.iter().find(|o| o.key == "ENABLE")
                    {
                        stage.directory_enabled = super::bool_value(enable)?;
                    }
                }
                "COPY_OPTIONS" | "ENCRYPTION" | "CREDENTIALS" => {}
                _ => return Err(SqlError::invalid_property(&property.key, "STAGE")),
            }
        }
        if let (Some(url), Some(integration)) = (&stage.url, &stage.storage_integration)
            && !self.integration(integration)?.allows(url)
        {
            return Err(SqlError::location_not_allowed(url, &integration.to_sql()));
        }
        if stage.storage_integration.is_some() && stage.url.is_none() {
            return Err(SqlError::missing_property("URL", "STAGE"));
        }
        Ok(())
    }

    fn stage_file_format(
        &self,
        schema: &SchemaName,
        property: &Property,
    ) -> Result<StageFileFormat, SqlError> {
        let invalid = || SqlError::invalid_value("FILE_FORMAT", &super::display_value(property));
        let Value::Options(options) = &property.value else {
            return Err(invalid());
        };
        if let Some(named) = options.iter().find(|o| o.key == "FORMAT_NAME") {
            let written = named.value.text().ok_or_else(invalid)?;
            let name = ObjectName::parse_in(&written, Some(schema)).map_err(|_| invalid())?;
            if self.find::<FileFormat>(&name).is_none() {
                return Err(SqlError::does_not_exist("File format", &name.to_string()));
            }
            return Ok(StageFileFormat::Named(name));
        }
        let format_type = options
            .iter()
            .find(|o| o.key == "TYPE")
            .and_then(|t| t.value.text())
            .unwrap_or_else(|| "CSV".to_string());
        let mut inline = FormatOptions::new(&format_type)?;
        let refs: Vec<&Property> = options.iter().collect();
        inline.apply_all(&refs)?;
        Ok(StageFileFormat::Inline(inline))
    }

    pub fn unset_stage(stage: &mut Stage, keys: &[String]) -> Result<(), SqlError> {
        for key in keys {
            match key.as_str() {
                "COMMENT" => stage.meta.comment = None,
                "URL" => stage.url = None,
                "STORAGE_INTEGRATION" => stage.storage_integration = None,
                "FILE_FORMAT" => stage.file_format = StageFileFormat::Default,
                _ => return Err(SqlError::invalid_property(key, "STAGE")),
            }
        }
        Ok(())
    }
}

fn property_ident(property: &Property) -> Result<Ident, SqlError> {
    match &property.value {
        Value::Name(name) if name.parts.len() == 1 => Ok(name.parts[0].clone()),
        _ => Err(SqlError::invalid_value(
            &property.key,
            &super::display_value(property),
        )),
    }
}
