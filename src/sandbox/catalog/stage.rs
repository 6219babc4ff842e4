//! Stages: internal (no URL) or external (`azure://…` through a storage integration),
//! with a named or inline file format, copy options, credentials and encryption. The
//! references are checked when set: a missing integration or file format is refused, and
//! so is a URL the integration does not allow. Every accepted property is kept and
//! answered by DESCRIBE STAGE (credentials masked). The whole kind is here: its CREATE /
//! ALTER grammar and its SHOW STAGES / DESCRIBE STAGE rows too.

use serde::{Deserialize, Serialize};

use super::file_format::FormatOptions;
use super::file_format::describe_rows;
use super::rows::{DescribeRows, Entry, ShowRows, comment, flag, stamp, text, text_rows};
use super::{
    Catalog, FileFormat, Meta, Names, SandboxKind, Schema, SchemaObject, Stamp, comment_property,
    text_value,
};
use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::alter::{Change, set_or_unset};
use crate::sandbox::statement::properties::properties;
use crate::sandbox::statement::{Parser, Property, Value};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) enum StageFileFormat {
    /// No FILE_FORMAT: Snowflake's CSV defaults.
    Default,
    Named(ObjectName),
    Inline(FormatOptions),
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Stage {
    pub(crate) meta: Meta,
    pub url: Option<String>,
    pub storage_integration: Option<Ident>,
    pub file_format: StageFileFormat,
    pub(crate) directory_enabled: bool,
    /// `COPY_OPTIONS = ( … )` as given: upper-case key, value as written.
    #[serde(default)]
    pub(crate) copy_options: Vec<(String, String)>,
    /// `CREDENTIALS = ( … )` as given; secrets are never shown back.
    #[serde(default)]
    pub(crate) credentials: Vec<(String, String)>,
    /// `ENCRYPTION = ( … )` as given.
    #[serde(default)]
    pub(crate) encryption: Vec<(String, String)>,
}

/// The copy options DESCRIBE STAGE lists under `STAGE_COPY_OPTIONS`, with their type and
/// default, in Snowflake's order
/// (https://docs.snowflake.com/en/sql-reference/sql/desc-stage,
/// https://docs.snowflake.com/en/sql-reference/sql/create-stage#copy-options-copyoptions).
const COPY_OPTIONS: &[(&str, &str, &str)] = &[
    ("ON_ERROR", "String", "ABORT_STATEMENT"),
    ("SIZE_LIMIT", "Long", ""),
    ("PURGE", "Boolean", "false"),
    ("RETURN_FAILED_ONLY", "Boolean", "false"),
    ("ENFORCE_LENGTH", "Boolean", "true"),
    ("TRUNCATECOLUMNS", "Boolean", "false"),
    ("FORCE", "Boolean", "false"),
    ("MATCH_BY_COLUMN_NAME", "String", "NONE"),
];

/// Credential keys a stage accepts (`CREDENTIALS = ( … )` of CREATE STAGE for S3 and
/// Azure: https://docs.snowflake.com/en/sql-reference/sql/create-stage#external-stage-parameters-externalstageparams).
/// Only the key id is an identifier; the rest are secrets.
const CREDENTIAL_KEYS: &[&str] = &[
    "AWS_KEY_ID",
    "AWS_SECRET_KEY",
    "AWS_TOKEN",
    "AWS_ROLE",
    "AZURE_SAS_TOKEN",
];

/// Encryption keys a stage accepts (`ENCRYPTION = ( … )`, same page).
const ENCRYPTION_KEYS: &[&str] = &["TYPE", "MASTER_KEY", "KMS_KEY_ID"];

/// How DESCRIBE STAGE shows a credential. The docs do not print a credentialed stage's
/// DESCRIBE; Snowflake never returns a secret it was given, so everything but the AWS key
/// id (an identifier, not a secret) is masked.
fn shown_credential(key: &str, value: &str) -> String {
    if key == "AWS_KEY_ID" {
        value.to_string()
    } else {
        "********".to_string()
    }
}

/// `KEY = value` pairs of an options property, each key checked against `allowed`.
fn option_pairs(
    property: &Property,
    allowed: &[&str],
    kind: &str,
) -> Result<Vec<(String, String)>, SqlError> {
    let Value::Options(options) = &property.value else {
        return Err(SqlError::invalid_value(
            &property.key,
            &super::display_value(property),
        ));
    };
    options
        .iter()
        .map(|o| {
            if !allowed.contains(&o.key.as_str()) {
                return Err(SqlError::invalid_property(&o.key, kind));
            }
            // A bare word (`TRUE`, `CONTINUE`) as its folded name, not a quoted identifier.
            let value = match o.value.word() {
                Some(word) => word.to_string(),
                None => text_value(o)?,
            };
            Ok((o.key.clone(), value))
        })
        .collect()
}

impl Stage {
    /// SHOW STAGES `has_encryption_key`: a client-side master key was given.
    fn has_encryption_key(&self) -> bool {
        self.encryption.iter().any(|(k, _)| k == "MASTER_KEY")
    }

    pub(crate) fn cloud(&self) -> Option<&'static str> {
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

/// An ALTER STAGE action of the stage's own.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum StageAlter {
    /// `SET <properties>` / `UNSET <keys>`.
    Change(Change),
    /// `REFRESH [ SUBPATH = '<relative-path>' ]`: the directory table's metadata.
    Refresh,
}

/// `CREATE STAGE … <properties>` and `ALTER STAGE … SET / UNSET | REFRESH`
/// (https://docs.snowflake.com/en/sql-reference/sql/create-stage,
/// https://docs.snowflake.com/en/sql-reference/sql/alter-stage); a short file-format name
/// resolves in the stage's own schema.
impl SandboxKind for Stage {
    type Create = Vec<Property>;
    type Alter = StageAlter;

    fn parse_create(p: &mut Parser<'_>) -> Result<Vec<Property>, SqlError> {
        properties(p)
    }

    /// "Directory table syntax": `ALTER STAGE [ IF EXISTS ] <name> REFRESH [ SUBPATH =
    /// '<relative-path>' ]` (https://docs.snowflake.com/en/sql-reference/sql/alter-stage).
    fn parse_alter(p: &mut Parser<'_>) -> Result<StageAlter, SqlError> {
        if p.eat_kw("REFRESH") {
            if p.eat_kw("SUBPATH") {
                p.eat_equals();
                p.string()?;
            }
            return Ok(StageAlter::Refresh);
        }
        set_or_unset(p)?
            .map(StageAlter::Change)
            .ok_or_else(|| p.error())
    }

    fn create(
        catalog: &mut Catalog,
        name: &ObjectName,
        meta: Meta,
        body: Vec<Property>,
        _: &Names<'_>,
    ) -> Result<Stage, SqlError> {
        catalog.build_stage(meta, &name.schema_name(), &body)
    }

    /// REFRESH "accesses the staged data files referenced in the directory table
    /// definition and updates the table metadata"
    /// (https://docs.snowflake.com/en/sql-reference/sql/alter-stage): a stage without a
    /// directory table has nothing to refresh and is refused (the docs give no error; see
    /// `SqlError::no_directory_table`). Nothing is PUT to the sandbox's stages and it
    /// reads no external storage, so a refresh registers no file.
    fn alter(
        &mut self,
        catalog: &Catalog,
        name: &ObjectName,
        action: StageAlter,
        _: Stamp,
        _: &Names<'_>,
    ) -> Result<(), SqlError> {
        match action {
            StageAlter::Change(Change::Set(props)) => {
                catalog.apply_stage(self, &name.schema_name(), &props)
            }
            StageAlter::Change(Change::Unset(keys)) => Catalog::unset_stage(self, &keys),
            StageAlter::Refresh if !self.directory_enabled => {
                Err(SqlError::no_directory_table(&name.to_string()))
            }
            StageAlter::Refresh => Ok(()),
        }
    }
}

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
        Stage::map(schema).iter().collect()
    }

    fn row(_: &Catalog, entry: &Entry<'_, Self>) -> Vec<Option<String>> {
        let s = entry.object;
        vec![
            stamp(s.meta.created_on),
            text(entry.name.as_str()),
            text(entry.database.as_str()),
            text(entry.schema.as_str()),
            text(s.url.clone().unwrap_or_default()),
            flag(!s.credentials.is_empty(), "Y", "N"),
            flag(s.has_encryption_key(), "Y", "N"),
            text(s.meta.owner.clone()),
            comment(&s.meta.comment),
            None,
            // https://docs.snowflake.com/en/sql-reference/sql/show-stages: a temporary
            // stage's type is `INTERNAL TEMPORARY` / `EXTERNAL TEMPORARY`.
            text(match (s.url.is_some(), s.meta.temporary) {
                (true, false) => "EXTERNAL",
                (true, true) => "EXTERNAL TEMPORARY",
                (false, false) => "INTERNAL",
                (false, true) => "INTERNAL TEMPORARY",
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
        for (key, property_type, default) in COPY_OPTIONS {
            let value = stage
                .copy_options
                .iter()
                .find(|(k, _)| k == key)
                .map_or_else(
                    || (*default).to_string(),
                    |(_, v)| copy_option_shown(v, property_type),
                );
            rows.push([
                "STAGE_COPY_OPTIONS".into(),
                (*key).into(),
                (*property_type).into(),
                value,
                (*default).into(),
            ]);
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
        for (key, value) in &stage.credentials {
            rows.push([
                "STAGE_CREDENTIALS".into(),
                key.clone(),
                "String".into(),
                shown_credential(key, value),
                String::new(),
            ]);
        }
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
    pub(crate) fn build_stage(
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
            copy_options: Vec::new(),
            credentials: Vec::new(),
            encryption: Vec::new(),
        };
        self.apply_stage(&mut stage, schema, properties)?;
        Ok(stage)
    }

    pub(crate) fn apply_stage(
        &self,
        stage: &mut Stage,
        schema: &SchemaName,
        properties: &[Property],
    ) -> Result<(), SqlError> {
        one_way_in(properties)?;
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
                    // ALTER STAGE … SET STORAGE_INTEGRATION on a credentialed stage
                    // replaces how it authenticates (the docs do not say; keeping both
                    // would break the rule above).
                    stage.credentials.clear();
                }
                "FILE_FORMAT" => stage.file_format = self.stage_file_format(schema, property)?,
                "DIRECTORY" => {
                    if let Value::Options(options) = &property.value
                        && let Some(enable) = options.iter().find(|o| o.key == "ENABLE")
                    {
                        stage.directory_enabled = super::bool_value(enable)?;
                    }
                }
                "COPY_OPTIONS" => {
                    let keys: Vec<&str> = COPY_OPTIONS.iter().map(|(k, _, _)| *k).collect();
                    stage.copy_options = option_pairs(property, &keys, "COPY_OPTIONS")?;
                }
                "CREDENTIALS" => {
                    stage.credentials = option_pairs(property, CREDENTIAL_KEYS, "CREDENTIALS")?;
                    // The reverse switch, as above.
                    stage.storage_integration = None;
                }
                "ENCRYPTION" => {
                    stage.encryption = option_pairs(property, ENCRYPTION_KEYS, "ENCRYPTION")?;
                }
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
        let named = |written: String| -> Result<StageFileFormat, SqlError> {
            let name = ObjectName::parse_in(&written, Some(schema)).map_err(|_| invalid())?;
            if self.find::<FileFormat>(&name).is_none() {
                return Err(SqlError::does_not_exist("File format", &name.to_string()));
            }
            Ok(StageFileFormat::Named(name))
        };
        // `FILE_FORMAT = my_csv_format`, a named format without parentheses: the CREATE
        // STAGE page's examples write it so
        // (https://docs.snowflake.com/en/sql-reference/sql/create-stage, "Examples").
        if let Value::Name(_) = &property.value {
            return named(property.value.text().ok_or_else(invalid)?);
        }
        let Value::Options(options) = &property.value else {
            return Err(invalid());
        };
        if let Some(format) = options.iter().find(|o| o.key == "FORMAT_NAME") {
            return named(format.value.text().ok_or_else(invalid)?);
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

    pub(crate) fn unset_stage(stage: &mut Stage, keys: &[String]) -> Result<(), SqlError> {
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

/// A copy option's value as DESCRIBE prints it: booleans in lower case, as the
/// defaults are.
fn copy_option_shown(value: &str, property_type: &str) -> String {
    if property_type == "Boolean" {
        value.to_lowercase()
    } else {
        value.to_string()
    }
}

/// An external location is reached through an integration or with credentials, not
/// both: "[ { STORAGE_INTEGRATION = <integration_name> } | { CREDENTIALS = ( … ) } ]", on a
/// stage (https://docs.snowflake.com/en/sql-reference/sql/create-stage) as in a COPY's
/// `externalLocation` (https://docs.snowflake.com/en/sql-reference/sql/copy-into-table).
fn one_way_in(properties: &[Property]) -> Result<(), SqlError> {
    let has = |key: &str| properties.iter().any(|p| p.key == key);
    if has("STORAGE_INTEGRATION") && has("CREDENTIALS") {
        return Err(SqlError::conflicting_properties(
            "STORAGE_INTEGRATION",
            "CREDENTIALS",
        ));
    }
    Ok(())
}

impl Catalog {
    /// A COPY's external location: one way in, through an integration that exists and
    /// allows the location.
    pub(crate) fn check_location_authentication(
        &self,
        properties: &[Property],
        location: Option<&str>,
    ) -> Result<(), SqlError> {
        one_way_in(properties)?;
        for property in properties {
            if property.key == "STORAGE_INTEGRATION" {
                let name = property_ident(property)?;
                let integration = self.integration(&name)?;
                // The integration's STORAGE_ALLOWED_LOCATIONS / BLOCKED_LOCATIONS bound a
                // COPY's location as a stage's URL
                // (https://docs.snowflake.com/en/sql-reference/sql/create-storage-integration).
                if let Some(url) = location
                    && !integration.allows(url)
                {
                    return Err(SqlError::location_not_allowed(url, &name.to_sql()));
                }
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
