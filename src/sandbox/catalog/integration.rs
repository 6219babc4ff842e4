//! Integrations, the whole kind: storage integrations (`TYPE = EXTERNAL_STAGE`) with their
//! provider, tenant, allowed and blocked locations, and the location check stages are held
//! to; SHOW INTEGRATIONS lists every integration from the one map. Every accepted property is kept,
//! and the identities Snowflake generates for S3 (IAM user ARN, external id) and GCS
//! (service account) are derived from the integration, stable across DESCRIBEs.

use serde::{Deserialize, Serialize};

use super::rows::{PROPERTY_COLUMNS, comment, flag, stamp, text, text_rows};
use super::{Catalog, Meta, OuterKind, OuterName, bool_value, comment_property, text_value};
use crate::model::identifier::Ident;
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::Property;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Integration {
    pub meta: Meta,
    /// `EXTERNAL_STAGE`.
    pub integration_type: String,
    /// `AZURE`, `S3`, `GCS`.
    pub storage_provider: String,
    pub enabled: bool,
    pub azure_tenant_id: Option<String>,
    pub aws_role_arn: Option<String>,
    pub allowed_locations: Vec<String>,
    pub blocked_locations: Vec<String>,
    /// `STORAGE_AWS_EXTERNAL_ID` when given; otherwise Snowflake generates one.
    #[serde(default)]
    pub aws_external_id: Option<String>,
    /// `STORAGE_AWS_OBJECT_ACL` (only `bucket-owner-full-control` is accepted).
    #[serde(default)]
    pub aws_object_acl: Option<String>,
    #[serde(default)]
    pub use_privatelink_endpoint: bool,
}

impl Integration {
    fn empty(meta: Meta) -> Integration {
        Integration {
            meta,
            integration_type: String::new(),
            storage_provider: String::new(),
            enabled: false,
            azure_tenant_id: None,
            aws_role_arn: None,
            allowed_locations: Vec::new(),
            blocked_locations: Vec::new(),
            aws_external_id: None,
            aws_object_acl: None,
            use_privatelink_endpoint: false,
        }
    }

    fn apply(&mut self, property: &Property) -> Result<(), SqlError> {
        if comment_property(&mut self.meta, property)? {
            return Ok(());
        }
        let invalid = || SqlError::invalid_value(&property.key, &super::display_value(property));
        match property.key.as_str() {
            "TYPE" => {
                let t = text_value(property)?.to_uppercase();
                if t != "EXTERNAL_STAGE" {
                    return Err(invalid());
                }
                self.integration_type = t;
            }
            "STORAGE_PROVIDER" => {
                let provider = text_value(property)?.to_uppercase();
                if !["AZURE", "S3", "S3GOV", "S3CHINA", "GCS"].contains(&provider.as_str()) {
                    return Err(invalid());
                }
                self.storage_provider = provider;
            }
            "ENABLED" => self.enabled = bool_value(property)?,
            "AZURE_TENANT_ID" => self.azure_tenant_id = Some(text_value(property)?),
            "STORAGE_AWS_ROLE_ARN" => self.aws_role_arn = Some(text_value(property)?),
            "STORAGE_ALLOWED_LOCATIONS" => {
                self.allowed_locations = property.value.strings().ok_or_else(invalid)?;
            }
            "STORAGE_BLOCKED_LOCATIONS" => {
                self.blocked_locations = property.value.strings().ok_or_else(invalid)?;
            }
            "STORAGE_AWS_EXTERNAL_ID" => self.aws_external_id = Some(text_value(property)?),
            "STORAGE_AWS_OBJECT_ACL" => {
                // The only value CREATE STORAGE INTEGRATION documents
                // (https://docs.snowflake.com/en/sql-reference/sql/create-storage-integration).
                let acl = text_value(property)?;
                if acl != "bucket-owner-full-control" {
                    return Err(invalid());
                }
                self.aws_object_acl = Some(acl);
            }
            "USE_PRIVATELINK_ENDPOINT" => self.use_privatelink_endpoint = bool_value(property)?,
            _ => {
                return Err(SqlError::invalid_property(
                    &property.key,
                    "STORAGE INTEGRATION",
                ));
            }
        }
        Ok(())
    }

    /// What Snowflake requires once all properties are applied.
    fn validate(&self) -> Result<(), SqlError> {
        let kind = "STORAGE INTEGRATION";
        if self.integration_type.is_empty() {
            return Err(SqlError::missing_property("TYPE", kind));
        }
        if self.storage_provider.is_empty() {
            return Err(SqlError::missing_property("STORAGE_PROVIDER", kind));
        }
        if self.allowed_locations.is_empty() {
            return Err(SqlError::missing_property(
                "STORAGE_ALLOWED_LOCATIONS",
                kind,
            ));
        }
        // An S3 integration needs the IAM role Snowflake assumes: STORAGE_AWS_ROLE_ARN is
        // a required parameter for S3 (https://docs.snowflake.com/en/sql-reference/sql/create-storage-integration).
        if self.is_s3() && self.aws_role_arn.is_none() {
            return Err(SqlError::missing_property("STORAGE_AWS_ROLE_ARN", kind));
        }
        if self.storage_provider == "AZURE" {
            if self.azure_tenant_id.is_none() {
                return Err(SqlError::missing_property("AZURE_TENANT_ID", kind));
            }
            for location in self.allowed_locations.iter().chain(&self.blocked_locations) {
                if location != "*" && !location.starts_with("azure://") {
                    return Err(SqlError::invalid_value(
                        "STORAGE_ALLOWED_LOCATIONS",
                        location,
                    ));
                }
            }
        }
        Ok(())
    }

    fn unset(&mut self, key: &str) -> Result<(), SqlError> {
        match key {
            "COMMENT" => self.meta.comment = None,
            "STORAGE_BLOCKED_LOCATIONS" => self.blocked_locations.clear(),
            "ENABLED" => self.enabled = false,
            _ => return Err(SqlError::invalid_property(key, "STORAGE INTEGRATION")),
        }
        Ok(())
    }

    /// Whether a stage may point at `url` through this integration: inside an allowed
    /// location (or `*`) and outside every blocked one.
    pub fn allows(&self, url: &str) -> bool {
        let allowed = self
            .allowed_locations
            .iter()
            .any(|l| l == "*" || url.starts_with(l.as_str()));
        let blocked = self
            .blocked_locations
            .iter()
            .any(|l| url.starts_with(l.as_str()));
        allowed && !blocked
    }

    /// The multi-tenant app Snowflake would register for this integration; stable per
    /// integration so DESCRIBE answers the same thing every time.
    pub fn azure_app_name(&self) -> String {
        format!("snowflakesandbox_{:08x}", self.meta.id)
    }

    /// Whether the provider is one of the AWS partitions.
    fn is_s3(&self) -> bool {
        matches!(self.storage_provider.as_str(), "S3" | "S3GOV" | "S3CHINA")
    }

    /// The IAM user Snowflake associates with the account's S3 integrations
    /// (`STORAGE_AWS_IAM_USER_ARN`); stable per integration.
    pub(crate) fn aws_iam_user_arn(&self) -> String {
        format!(
            "arn:aws:iam::{:012}:user/sandbox-{:08x}",
            self.meta.id % 1_000_000_000_000,
            self.meta.id
        )
    }

    /// `STORAGE_AWS_EXTERNAL_ID`: the one given, or the one Snowflake generates
    /// (`<ACCOUNT>_SFCRole=<id>`, the shape the S3 configuration guide shows:
    /// https://docs.snowflake.com/en/user-guide/data-load-s3-config-storage-integration).
    pub(crate) fn aws_external_id(&self) -> String {
        self.aws_external_id
            .clone()
            .unwrap_or_else(|| format!("SANDBOX_SFCRole=2_{:08x}", self.meta.id))
    }

    /// `STORAGE_GCP_SERVICE_ACCOUNT`: the service account Snowflake creates for a GCS
    /// integration (https://docs.snowflake.com/en/user-guide/data-load-gcs-config).
    pub(crate) fn gcp_service_account(&self) -> String {
        format!(
            "sandbox-{:08x}@sfc-sandbox.iam.gserviceaccount.com",
            self.meta.id
        )
    }

    pub fn azure_consent_url(&self) -> Option<String> {
        self.azure_tenant_id.as_ref().map(|tenant| {
            format!(
                "https://login.microsoftonline.com/{tenant}/oauth2/authorize?client_id={:08x}-0000-4000-8000-000000000000&response_type=code",
                self.meta.id
            )
        })
    }
}

impl Catalog {
    pub fn integration(&self, name: &Ident) -> Result<&Integration, SqlError> {
        self.account
            .integrations
            .get(name)
            .ok_or_else(|| SqlError::does_not_exist("Integration", &name.to_sql()))
    }
}

/// SHOW INTEGRATIONS (https://docs.snowflake.com/en/sql-reference/sql/show-integrations):
/// every integration, whatever its type, from the one map.
const INTEGRATION_COLUMNS: [(&str, &str); 6] = [
    ("name", "text"),
    ("type", "text"),
    ("category", "text"),
    ("enabled", "text"),
    ("comment", "text"),
    ("created_on", "timestamp_ltz"),
];

/// CREATE / ALTER STORAGE INTEGRATION
/// (https://docs.snowflake.com/en/sql-reference/sql/create-storage-integration,
/// https://docs.snowflake.com/en/sql-reference/sql/alter-storage-integration): what
/// Snowflake requires is checked once every property is applied, on CREATE and ALTER.
impl OuterKind for Integration {
    const COLUMNS: &'static [(&'static str, &'static str)] = &INTEGRATION_COLUMNS;

    fn build(
        _: &Catalog,
        _: &OuterName,
        meta: Meta,
        properties: &[Property],
    ) -> Result<Integration, SqlError> {
        let mut integration = Integration::empty(meta);
        for property in properties {
            integration.apply(property)?;
        }
        integration.validate()?;
        Ok(integration)
    }

    fn set_properties(&mut self, _: &Catalog, properties: &[Property]) -> Result<(), SqlError> {
        for property in properties {
            self.apply(property)?;
        }
        self.validate()
    }

    fn unset_properties(&mut self, keys: &[String]) -> Result<(), SqlError> {
        for key in keys {
            self.unset(key)?;
        }
        self.validate()
    }

    fn row(_: &Catalog, _: &SqlSession, name: &OuterName, i: &Integration) -> Vec<Option<String>> {
        vec![
            text(name.name.as_str()),
            text(i.integration_type.clone()),
            text("STORAGE"),
            flag(i.enabled, "true", "false"),
            comment(&i.meta.comment),
            stamp(i.meta.created_on),
        ]
    }

    fn describe(_: &Catalog, _: &OuterName, integration: &Integration) -> QueryResult {
        integration.describe()
    }
}

impl Integration {
    /// DESCRIBE INTEGRATION: its storage properties, the Azure consent URL and app name
    /// Snowflake derives for an Azure tenant, and its comment.
    pub fn describe(&self) -> QueryResult {
        let i = self;
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
        if i.is_s3() {
            // The rows the S3 guide reads back after CREATE
            // (https://docs.snowflake.com/en/user-guide/data-load-s3-config-storage-integration).
            rows.push(
                [
                    "STORAGE_AWS_IAM_USER_ARN",
                    "String",
                    &i.aws_iam_user_arn(),
                    "",
                ]
                .map(String::from),
            );
            rows.push(
                [
                    "STORAGE_AWS_ROLE_ARN",
                    "String",
                    i.aws_role_arn.as_deref().unwrap_or_default(),
                    "",
                ]
                .map(String::from),
            );
            rows.push(
                [
                    "STORAGE_AWS_EXTERNAL_ID",
                    "String",
                    &i.aws_external_id(),
                    "",
                ]
                .map(String::from),
            );
            if let Some(acl) = &i.aws_object_acl {
                rows.push(["STORAGE_AWS_OBJECT_ACL", "String", acl, ""].map(String::from));
            }
        } else if let Some(arn) = &i.aws_role_arn {
            rows.push(["STORAGE_AWS_ROLE_ARN", "String", arn, ""].map(String::from));
        }
        if i.storage_provider == "GCS" {
            rows.push(
                [
                    "STORAGE_GCP_SERVICE_ACCOUNT",
                    "String",
                    &i.gcp_service_account(),
                    "",
                ]
                .map(String::from),
            );
        }
        rows.push(
            [
                "USE_PRIVATELINK_ENDPOINT",
                "Boolean",
                &i.use_privatelink_endpoint.to_string(),
                "false",
            ]
            .map(String::from),
        );
        rows.push(
            [
                "COMMENT",
                "String",
                &i.meta.comment.clone().unwrap_or_default(),
                "",
            ]
            .map(String::from),
        );
        text_rows(&PROPERTY_COLUMNS, rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::catalog::{Origin, Stamp};
    use crate::sandbox::statement::{Parser, properties};

    fn props(sql: &str) -> Vec<Property> {
        let mut p = Parser::new(sql).unwrap();
        properties::properties(&mut p).unwrap()
    }

    fn create_integration(
        c: &mut Catalog,
        name: &Ident,
        properties: &[Property],
        origin: &Origin,
    ) -> Result<(), SqlError> {
        let name = OuterName {
            database: None,
            name: name.clone(),
        };
        let meta = c.meta(origin, None);
        let integration = Integration::build(c, &name, meta, properties)?;
        c.insert_outer(&name, integration, false, false)?;
        Ok(())
    }

    #[test]
    fn azure_integrations_need_tenant_and_locations() {
        let mut c = Catalog::default();
        let origin = Origin {
            now: Stamp(0),
            owner: "ACCOUNTADMIN".into(),
        };
        let name = Ident::from_stored("AZ");
        let e = create_integration(&mut c, &name, &props("type = external_stage storage_provider = 'AZURE' enabled = true storage_allowed_locations = ('azure://a.blob.core.windows.net/c/')"), &origin)
            .unwrap_err();
        assert!(e.message.contains("AZURE_TENANT_ID"));
        create_integration(&mut c, &name, &props("type = external_stage storage_provider = 'AZURE' enabled = true azure_tenant_id = 't' storage_allowed_locations = ('azure://a.blob.core.windows.net/c/') storage_blocked_locations = ('azure://a.blob.core.windows.net/c/secret/')"), &origin)
            .unwrap();
        let i = c.integration(&name).unwrap();
        assert!(i.allows("azure://a.blob.core.windows.net/c/landing/"));
        assert!(!i.allows("azure://a.blob.core.windows.net/c/secret/x"));
        assert!(!i.allows("azure://other.blob.core.windows.net/c/"));
    }
}
