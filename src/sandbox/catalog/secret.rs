//! Secrets, the whole kind: a schema-level credential of one type, kept as CREATE SECRET
//! gives it, altered by SET / UNSET COMMENT, and the SHOW SECRETS / DESCRIBE SECRET rows.
//!
//! The rules (https://docs.snowflake.com/en/sql-reference/sql/create-secret,
//! https://docs.snowflake.com/en/sql-reference/sql/alter-secret):
//! * `TYPE = { PASSWORD | GENERIC_STRING | SYMMETRIC_KEY | OAUTH2 | CLOUD_PROVIDER_TOKEN }`
//!   is required, and each type takes its own properties, those its variant of the syntax
//!   writes without brackets being required: PASSWORD `USERNAME` and `PASSWORD`,
//!   GENERIC_STRING `SECRET_STRING`, SYMMETRIC_KEY `ALGORITHM = GENERIC`; another type's
//!   property is invalid for it;
//! * OAUTH2 and CLOUD_PROVIDER_TOKEN secrets name a security integration
//!   (`API_AUTHENTICATION`), which the sandbox does not emulate: no such integration can
//!   exist, so they fail as Snowflake fails on a missing one (`002003`);
//! * ALTER sets the type's own properties and COMMENT (never TYPE), and unsets COMMENT;
//! * "Snowflake does not return the PASSWORD property value" (DESCRIBE SECRET), nor a
//!   generic string: the sandbox keeps neither, only that they were given.
//!
//! The pages give no error texts: a missing property is `002031`, a property the type
//! does not take `001008`, a bad value `002029`, as for every kind here.

use serde::{Deserialize, Serialize};

use super::rows::{DescribeRows, Entry, ShowRows, columns, comment, stamp, text};
use super::{
    Catalog, Meta, PropertyKind, Schema, SchemaObject, comment_property, display_value, text_value,
};
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::Property;

const KIND: &str = "SECRET";

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Secret {
    pub(crate) meta: Meta,
    /// `PASSWORD`, `GENERIC_STRING` or `SYMMETRIC_KEY`.
    pub(crate) secret_type: String,
    /// A PASSWORD secret's user name (DESCRIBE shows it; the password is never kept).
    pub(crate) username: Option<String>,
    /// A SYMMETRIC_KEY secret's algorithm.
    pub(crate) algorithm: Option<String>,
}

/// The properties each type takes besides TYPE and COMMENT, and those it requires.
fn keys_of(secret_type: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match secret_type {
        "PASSWORD" => (&["USERNAME", "PASSWORD"], &["USERNAME", "PASSWORD"]),
        "GENERIC_STRING" => (&["SECRET_STRING"], &["SECRET_STRING"]),
        "SYMMETRIC_KEY" => (&["ALGORITHM"], &["ALGORITHM"]),
        _ => (&[], &[]),
    }
}

impl Secret {
    /// One of the type's own properties (COMMENT and TYPE are the caller's).
    fn apply(&mut self, property: &Property) -> Result<(), SqlError> {
        let (takes, _) = keys_of(&self.secret_type);
        if !takes.contains(&property.key.as_str()) {
            return Err(SqlError::invalid_property(&property.key, KIND));
        }
        let value = text_value(property)?;
        match property.key.as_str() {
            "USERNAME" => self.username = Some(value),
            // "GENERIC is the only supported value" (CREATE SECRET, symmetric key).
            "ALGORITHM" if value.eq_ignore_ascii_case("GENERIC") => {
                self.algorithm = Some("GENERIC".to_string());
            }
            "ALGORITHM" => {
                return Err(SqlError::invalid_value(
                    &property.key,
                    &display_value(property),
                ));
            }
            // PASSWORD and SECRET_STRING are taken and not kept.
            _ => {}
        }
        Ok(())
    }
}

impl PropertyKind for Secret {
    fn build(
        _: &Catalog,
        _: &ObjectName,
        mut meta: Meta,
        properties: &[Property],
    ) -> Result<Secret, SqlError> {
        let written = properties
            .iter()
            .rev()
            .find(|p| p.key == "TYPE")
            .ok_or_else(|| SqlError::missing_property("TYPE", KIND))?;
        let secret_type = text_value(written)?.to_uppercase();
        if matches!(secret_type.as_str(), "OAUTH2" | "CLOUD_PROVIDER_TOKEN") {
            let integration = properties
                .iter()
                .find(|p| p.key == "API_AUTHENTICATION")
                .ok_or_else(|| SqlError::missing_property("API_AUTHENTICATION", KIND))?;
            return Err(SqlError::does_not_exist(
                "Integration",
                &display_value(integration).to_uppercase(),
            ));
        }
        if !["PASSWORD", "GENERIC_STRING", "SYMMETRIC_KEY"].contains(&secret_type.as_str()) {
            return Err(SqlError::invalid_value("TYPE", &display_value(written)));
        }
        let mut secret = Secret {
            meta: meta.clone(),
            secret_type,
            username: None,
            algorithm: None,
        };
        for property in properties {
            if property.key == "TYPE" || comment_property(&mut meta, property)? {
                continue;
            }
            secret.apply(property)?;
        }
        let (_, required) = keys_of(&secret.secret_type);
        if let Some(missing) = required
            .iter()
            .find(|key| !properties.iter().any(|p| p.key == **key))
        {
            return Err(SqlError::missing_property(missing, KIND));
        }
        secret.meta = meta;
        Ok(secret)
    }

    fn set_properties(
        &mut self,
        _: &Catalog,
        _: &ObjectName,
        properties: &[Property],
    ) -> Result<(), SqlError> {
        for property in properties {
            if !comment_property(&mut self.meta, property)? {
                self.apply(property)?;
            }
        }
        Ok(())
    }

    fn unset_properties(&mut self, keys: &[String]) -> Result<(), SqlError> {
        for key in keys {
            match key.as_str() {
                "COMMENT" => self.meta.comment = None,
                _ => return Err(SqlError::invalid_property(key, KIND)),
            }
        }
        Ok(())
    }
}

/// SHOW SECRETS (https://docs.snowflake.com/en/sql-reference/sql/show-secrets; the
/// columns as the page's output lists them, `oauth_scopes` NULL for these types).
impl ShowRows for Secret {
    const SHOW: &'static str = "SHOW SECRETS";
    const COLUMNS: &'static [(&'static str, &'static str)] = &[
        ("created_on", "timestamp_ltz"),
        ("name", "text"),
        ("schema_name", "text"),
        ("database_name", "text"),
        ("owner", "text"),
        ("comment", "text"),
        ("secret_type", "text"),
        ("oauth_scopes", "text"),
        ("owner_role_type", "text"),
    ];

    fn in_schema(schema: &Schema) -> Vec<(&Ident, &Self)> {
        Secret::map(schema).iter().collect()
    }

    fn row(_: &Catalog, entry: &Entry<'_, Self>) -> Vec<Option<String>> {
        let s = entry.object;
        vec![
            stamp(s.meta.created_on),
            text(entry.name.as_str()),
            text(entry.schema.as_str()),
            text(entry.database.as_str()),
            text(s.meta.owner.clone()),
            comment(&s.meta.comment),
            text(s.secret_type.clone()),
            None,
            text("ROLE"),
        ]
    }
}

/// DESCRIBE SECRET (https://docs.snowflake.com/en/sql-reference/sql/desc-secret): one
/// row; the OAuth columns are NULL for these types, and the password is never returned.
impl DescribeRows for Secret {
    fn describe(_: &Catalog, entry: &Entry<'_, Self>) -> QueryResult {
        let s = entry.object;
        QueryResult {
            columns: columns(&[
                ("created_on", "timestamp_ltz"),
                ("name", "text"),
                ("schema_name", "text"),
                ("database_name", "text"),
                ("owner", "text"),
                ("comment", "text"),
                ("secret_type", "text"),
                ("username", "text"),
                ("oauth_access_token_expiry_time", "text"),
                ("oauth_refresh_token_expiry_time", "text"),
                ("oauth_scopes", "text"),
                ("integration_name", "text"),
                ("algorithm", "text"),
                ("key_length", "fixed"),
            ]),
            rows: vec![vec![
                stamp(s.meta.created_on),
                text(entry.name.as_str()),
                text(entry.schema.as_str()),
                text(entry.database.as_str()),
                text(s.meta.owner.clone()),
                comment(&s.meta.comment),
                text(s.secret_type.clone()),
                s.username.clone(),
                None,
                None,
                None,
                None,
                s.algorithm.clone(),
                None,
            ]],
        }
    }
}
