//! DESCRIBE for tables, views, stages, tasks, streams, procedures, file formats and
//! integrations, with Snowflake's columns for each (containers, warehouses and users are
//! in `describe_account.rs`).

use super::describe_account;
use super::{Entry, columns, render, text};
use crate::sandbox::binder::{database_name, object_name, schema_name};
use crate::sandbox::catalog::file_format::FormatOptions;
use crate::sandbox::catalog::stage::StageFileFormat;
use crate::sandbox::catalog::{Catalog, Column, Stage, Stream, Table, Task, View};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::Session;
use crate::sandbox::statement::{Describe, ObjectKind};

pub fn describe(
    catalog: &Catalog,
    request: &Describe,
    session: &Session,
) -> Result<QueryResult, SqlError> {
    let action = format!("DESCRIBE {}", request.kind.sql());
    match request.kind {
        ObjectKind::Integration => return integration(catalog, &database_name(&request.name)?),
        ObjectKind::Database => {
            return describe_account::database(catalog, &database_name(&request.name)?);
        }
        ObjectKind::Warehouse => {
            return describe_account::warehouse(catalog, &database_name(&request.name)?);
        }
        ObjectKind::User => return describe_account::user(catalog, &database_name(&request.name)?),
        ObjectKind::Schema => {
            let name = schema_name(&request.name, session, &action)?;
            return describe_account::schema(catalog, &name);
        }
        _ => {}
    }
    let name = object_name(&request.name, session, &action)?;
    let schema = catalog.schema(&name.schema_name())?;
    match request.kind {
        ObjectKind::Table => Ok(table_columns(&catalog.get::<Table>(&name)?.columns)),
        ObjectKind::View => Ok(table_columns(&catalog.get::<View>(&name)?.columns)),
        ObjectKind::Stage => Ok(stage(catalog.get::<Stage>(&name)?)),
        ObjectKind::FileFormat => {
            let format = catalog.get::<crate::sandbox::catalog::FileFormat>(&name)?;
            Ok(format_properties(&format.options))
        }
        ObjectKind::Task => {
            let (key, task) = schema
                .tasks
                .get_key_value(&name.name)
                .ok_or_else(|| SqlError::does_not_exist("Task", &name.to_string()))?;
            Ok(render::<Task>(
                catalog,
                &[Entry {
                    database: &name.database,
                    schema: &name.schema,
                    name: key,
                    object: task,
                }],
            ))
        }
        ObjectKind::Stream => {
            let (key, stream) = schema
                .streams
                .get_key_value(&name.name)
                .ok_or_else(|| SqlError::does_not_exist("Stream", &name.to_string()))?;
            Ok(render::<Stream>(
                catalog,
                &[Entry {
                    database: &name.database,
                    schema: &name.schema,
                    name: key,
                    object: stream,
                }],
            ))
        }
        ObjectKind::Procedure => {
            let types = request.arg_types.clone().unwrap_or_default();
            let p = catalog.procedure(&name, &types)?;
            let signature: Vec<String> = p
                .arguments
                .iter()
                .map(|(n, t)| {
                    format!(
                        "{} {}",
                        n.as_str(),
                        crate::sandbox::catalog::procedure::signature_type(t)
                    )
                })
                .collect();
            let property = |k: &str, v: String| vec![text(k), text(v)];
            Ok(QueryResult {
                columns: columns(&[("property", "text"), ("value", "text")]),
                rows: vec![
                    property("signature", format!("({})", signature.join(", "))),
                    property("returns", p.returns.clone()),
                    property("language", p.language.clone()),
                    property("null handling", "CALLED ON NULL INPUT".to_string()),
                    property("volatility", "VOLATILE".to_string()),
                    property("body", p.body.clone()),
                    property("execute as", p.execute_as.clone()),
                ],
            })
        }
        other => Err(SqlError::unsupported(format!(
            "DESCRIBE {} is not available in the sandbox.",
            other.sql()
        ))),
    }
}

const DESCRIBE_TABLE_COLUMNS: [(&str, &str); 12] = [
    ("name", "text"),
    ("type", "text"),
    ("kind", "text"),
    ("null?", "text"),
    ("default", "text"),
    ("primary key", "text"),
    ("unique key", "text"),
    ("check", "text"),
    ("expression", "text"),
    ("comment", "text"),
    ("policy name", "text"),
    ("privacy domain", "text"),
];

fn table_columns(cols: &[Column]) -> QueryResult {
    QueryResult {
        columns: columns(&DESCRIBE_TABLE_COLUMNS),
        rows: cols
            .iter()
            .map(|c| {
                vec![
                    text(c.name.as_str()),
                    text(c.data_type.to_string()),
                    text("COLUMN"),
                    text(if c.nullable { "Y" } else { "N" }),
                    c.default.clone(),
                    text("N"),
                    text("N"),
                    None,
                    None,
                    c.comment.clone(),
                    None,
                    None,
                ]
            })
            .collect(),
    }
}

const PROPERTY_COLUMNS: [(&str, &str); 4] = [
    ("property", "text"),
    ("property_type", "text"),
    ("property_value", "text"),
    ("property_default", "text"),
];

fn format_rows(options: &FormatOptions) -> Vec<[String; 4]> {
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

fn format_properties(options: &FormatOptions) -> QueryResult {
    QueryResult {
        columns: columns(&PROPERTY_COLUMNS),
        rows: format_rows(options)
            .into_iter()
            .map(|r| r.into_iter().map(Some).collect())
            .collect(),
    }
}

fn stage(stage: &Stage) -> QueryResult {
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
            for [p, t, v, d] in format_rows(options) {
                rows.push(["STAGE_FILE_FORMAT".into(), p, t, v, d]);
            }
        }
        StageFileFormat::Default => {
            if let Ok(options) = FormatOptions::new("CSV") {
                for [p, t, v, d] in format_rows(&options) {
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
    QueryResult {
        columns: columns(&[
            ("parent_property", "text"),
            ("property", "text"),
            ("property_type", "text"),
            ("property_value", "text"),
            ("property_default", "text"),
        ]),
        rows: rows
            .into_iter()
            .map(|r| r.into_iter().map(Some).collect())
            .collect(),
    }
}

fn integration(
    catalog: &Catalog,
    name: &crate::model::identifier::Ident,
) -> Result<QueryResult, SqlError> {
    let i = catalog.integration(name)?;
    let list = |items: &[String]| items.join(",");
    let mut rows = vec![
        ["ENABLED", "Boolean", &i.enabled.to_string(), "false"].map(String::from),
        ["STORAGE_PROVIDER", "String", &i.storage_provider, ""].map(String::from),
        [
            "STORAGE_ALLOWED_LOCATIONS",
            "List",
            &list(&i.allowed_locations),
            "[]",
        ]
        .map(String::from),
        [
            "STORAGE_BLOCKED_LOCATIONS",
            "List",
            &list(&i.blocked_locations),
            "[]",
        ]
        .map(String::from),
    ];
    if let Some(tenant) = &i.azure_tenant_id {
        rows.push(["AZURE_TENANT_ID", "String", tenant, ""].map(String::from));
        rows.push(
            [
                "AZURE_CONSENT_URL",
                "String",
                &i.azure_consent_url().unwrap_or_default(),
                "",
            ]
            .map(String::from),
        );
        rows.push(
            [
                "AZURE_MULTI_TENANT_APP_NAME",
                "String",
                &i.azure_app_name(),
                "",
            ]
            .map(String::from),
        );
    }
    if let Some(arn) = &i.aws_role_arn {
        rows.push(["STORAGE_AWS_ROLE_ARN", "String", arn, ""].map(String::from));
    }
    rows.push(
        [
            "COMMENT",
            "String",
            &i.meta.comment.clone().unwrap_or_default(),
            "",
        ]
        .map(String::from),
    );
    Ok(QueryResult {
        columns: columns(&PROPERTY_COLUMNS),
        rows: rows
            .into_iter()
            .map(|r| r.into_iter().map(Some).collect())
            .collect(),
    })
}
