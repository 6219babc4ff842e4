//! The raw shape of a schema file (`schema/*.toml`): one serde type per `[[kind]]` entry,
//! unknown keys rejected, positions kept (`Spanned`) wherever a later check needs to point
//! at a value. These types are also the source of the published JSON Schema.
//!
//! Nothing here interprets a value: names, types, schedules and references are strings
//! until `config::resolve` turns them into the model.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::model::procedure::ExecuteAs;
use crate::model::task::TaskState;

/// `[defaults]`: the database and schema that short names in this file are in.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDefaults {
    #[schemars(with = "Option<String>")]
    pub database: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    pub schema: Option<Spanned<String>>,
}

/// Declares a raw entry type with the keys every object takes, then its own.
macro_rules! object_entry {
    (
        $(#[$meta:meta])*
        $type:ident {
            $( $(#[$field_meta:meta])* $field:ident : $field_type:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $type {
            /// The object's name (short names are completed from `[defaults]`).
            #[schemars(with = "String")]
            pub name: toml::Spanned<String>,
            #[serde(default)]
            pub comment: Option<String>,
            /// A plan that would drop or replace this object is an error.
            #[serde(default)]
            pub prevent_destroy: bool,
            /// The object's previous name: plan a rename instead of drop + create.
            #[serde(default)]
            #[schemars(with = "Option<String>")]
            pub renamed_from: Option<toml::Spanned<String>>,
            /// Consent to destructive changes of this object.
            #[serde(default)]
            pub allow_destructive: bool,
            $( $(#[$field_meta])* pub $field: $field_type, )*
        }
    };
}
// Kind modules outside this file declare their entries with it too.
#[allow(unused_imports)]
pub(crate) use object_entry;

object_entry! {
    /// `[[container]]`: an ADLS Gen2 container.
    RawContainer {
        #[serde(default)]
        #[schemars(with = "BTreeMap<String, String>")]
        metadata: BTreeMap<Spanned<String>, Spanned<String>>,
        /// "none", "blob" or "container".
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        public_access: Option<Spanned<String>>,
        #[serde(default)]
        #[schemars(with = "Vec<String>")]
        directories: Vec<Spanned<String>>,
        /// Path ("" = the container root) → POSIX ACL; hierarchical-namespace accounts only.
        #[serde(default)]
        #[schemars(with = "BTreeMap<String, String>")]
        acl: BTreeMap<Spanned<String>, Spanned<String>>,
    }
}

object_entry! {
    /// `[[database]]`.
    RawDatabase {
        #[serde(default)]
        transient: bool,
        #[serde(default)]
        data_retention_days: Option<u32>,
    }
}

object_entry! {
    /// `[[schema]]`: named `DB.SCHEMA`, or `SCHEMA` under `[defaults] database`.
    RawSchema {
        #[serde(default)]
        transient: bool,
        #[serde(default)]
        managed_access: bool,
        #[serde(default)]
        data_retention_days: Option<u32>,
    }
}

object_entry! {
    /// `[[warehouse]]`.
    RawWarehouse {
        /// "XSMALL", "X-Small", "SMALL" … (default XSMALL).
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        size: Option<Spanned<String>>,
        /// Seconds of inactivity before suspending.
        #[serde(default)]
        auto_suspend: Option<u32>,
        #[serde(default)]
        auto_resume: Option<bool>,
        #[serde(default)]
        initially_suspended: bool,
    }
}

object_entry! {
    /// `[[storage_integration]]`: an Azure storage integration.
    RawStorageIntegration {
        azure_tenant_id: String,
        #[schemars(with = "Vec<String>")]
        allowed_locations: Vec<Spanned<String>>,
        #[serde(default)]
        #[schemars(with = "Vec<String>")]
        blocked_locations: Vec<Spanned<String>>,
        #[serde(default)]
        enabled: Option<bool>,
    }
}

object_entry! {
    /// `[[file_format]]`.
    RawFileFormat {
        /// "CSV", "JSON" or "PARQUET".
        #[serde(rename = "type")]
        #[schemars(with = "String")]
        format_type: Spanned<String>,
        /// Snowflake format options by name, in any case.
        #[serde(default)]
        #[schemars(with = "BTreeMap<String, serde_json::Value>")]
        options: BTreeMap<Spanned<String>, Spanned<RawOptionValue>>,
    }
}

/// A file format option value.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawOptionValue {
    Bool(bool),
    Integer(i64),
    Text(String),
    List(Vec<String>),
}

object_entry! {
    /// `[[stage]]`: external on an Azure container, or internal without `url`.
    RawStage {
        /// azure://ACCOUNT.blob.core.windows.net/CONTAINER/path/
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        url: Option<Spanned<String>>,
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        storage_integration: Option<Spanned<String>>,
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        file_format: Option<Spanned<String>>,
    }
}

object_entry! {
    /// `[[table]]`.
    RawTable {
        columns: Vec<RawColumn>,
        #[serde(default)]
        transient: bool,
        /// Clustering key expressions.
        #[serde(default)]
        #[schemars(with = "Vec<String>")]
        cluster_by: Vec<Spanned<String>>,
        #[serde(default)]
        change_tracking: bool,
    }
}

/// One column of a `[[table]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawColumn {
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// A Snowflake data type (`NUMBER(38,0)`, `VARCHAR`, `TIMESTAMP_NTZ` …).
    #[serde(rename = "type")]
    #[schemars(with = "String")]
    pub data_type: Spanned<String>,
    #[serde(default)]
    pub nullable: Option<bool>,
    /// Default value: SQL expression text.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub default: Option<Spanned<String>>,
    #[serde(default)]
    pub comment: Option<String>,
    /// The column's previous name.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub renamed_from: Option<Spanned<String>>,
}

object_entry! {
    /// `[[stream]]`: a stream on a table.
    RawStream {
        #[schemars(with = "String")]
        on_table: Spanned<String>,
        #[serde(default)]
        append_only: bool,
    }
}

object_entry! {
    /// `[[task]]`.
    RawTask {
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        warehouse: Option<Spanned<String>>,
        /// "USING CRON <5 fields> <time zone>" or "<n> MINUTES"; root tasks only.
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        schedule: Option<Spanned<String>>,
        /// Predecessor tasks (same schema).
        #[serde(default)]
        #[schemars(with = "Vec<String>")]
        after: Vec<Spanned<String>>,
        /// SQL boolean condition, e.g. SYSTEM$STREAM_HAS_DATA('STREAM').
        #[serde(default, rename = "when")]
        #[schemars(with = "Option<String>")]
        condition: Option<Spanned<String>>,
        /// One SQL statement.
        #[schemars(with = "String")]
        sql: Spanned<String>,
        #[serde(default)]
        state: TaskState,
    }
}

object_entry! {
    /// `[[procedure]]`: a Snowflake Scripting procedure.
    RawProcedure {
        #[serde(default)]
        arguments: Vec<RawArgument>,
        /// The return type ("VARCHAR", "TABLE (…)").
        #[schemars(with = "String")]
        returns: Spanned<String>,
        /// "SQL" (the default and only language).
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        language: Option<Spanned<String>>,
        #[schemars(with = "String")]
        body: Spanned<String>,
        #[serde(default)]
        execute_as: ExecuteAs,
    }
}

/// One argument of a `[[procedure]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawArgument {
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    #[serde(rename = "type")]
    #[schemars(with = "String")]
    pub data_type: Spanned<String>,
}

object_entry! {
    /// `[[view]]`.
    RawView {
        /// The SELECT.
        #[schemars(with = "String")]
        query: Spanned<String>,
        #[serde(default)]
        secure: bool,
    }
}
