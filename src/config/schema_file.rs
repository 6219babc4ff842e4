//! The raw shape of a schema file (`schema/*.toml`) shared by every kind: `[defaults]`
//! and the [`object_entry!`] macro that gives each kind's `[[kind]]` entry type the keys
//! every object takes. Each kind declares its own entry type in `kinds::<key>::entry`;
//! unknown keys are rejected, positions kept (`Spanned`) wherever a later check needs to
//! point at a value. These types are also the source of the published JSON Schema (the
//! whole file's shape is `kinds::SchemaFile`).
//!
//! Nothing here interprets a value: names, types, schedules and references are strings
//! until the kind's resolver turns them into the model.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

/// `[defaults]`: the database and schema that short names in this file are in.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDefaults {
    #[schemars(with = "Option<String>")]
    pub(crate) database: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    pub(crate) schema: Option<Spanned<String>>,
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
        pub(crate) struct $type {
            /// The object's name (short names are completed from `[defaults]`).
            #[schemars(with = "String")]
            pub(crate) name: toml::Spanned<String>,
            #[serde(default)]
            pub(crate) comment: Option<String>,
            /// The role that owns the object (`GRANT OWNERSHIP … COPY CURRENT GRANTS`);
            /// omitted, its owner is not managed.
            #[serde(default)]
            #[schemars(with = "Option<String>")]
            pub(crate) owner: Option<toml::Spanned<String>>,
            /// A plan that would drop or replace this object is an error.
            #[serde(default)]
            pub(crate) prevent_destroy: bool,
            /// The object's previous name: plan a rename instead of drop + create.
            #[serde(default)]
            #[schemars(with = "Option<String>")]
            pub(crate) renamed_from: Option<toml::Spanned<String>>,
            /// Consent to destructive changes of this object.
            #[serde(default)]
            pub(crate) allow_destructive: bool,
            $( $(#[$field_meta])* pub(crate) $field: $field_type, )*
        }
    };
}

pub(crate) use object_entry;
