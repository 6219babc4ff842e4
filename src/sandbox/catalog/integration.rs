//! Storage integrations (`TYPE = EXTERNAL_STAGE`): provider, tenant, allowed and blocked
//! locations, and the location check stages are held to. Every accepted property is kept,
//! and the identities Snowflake generates for S3 (IAM user ARN, external id) and GCS
//! (service account) are derived from the integration, stable across DESCRIBEs.

use serde::{Deserialize, Serialize};

use super::rows::{PROPERTY_COLUMNS, text_rows};
use super::{
    Catalog, Created, Meta, Origin, account_insert, account_remove, bool_value, comment_property,
    text_value,
};
use crate::model::identifier::Ident;
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::{ObjectKind, Property};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Integration {
    pub(crate) meta: Meta,
    /// `EXTERNAL_STAGE`.
    pub(crate) integration_type: String,
    /// `AZURE`, `S3`, `GCS`.
    pub(crate) storage_provider: String,
    pub(crate) enabled: bool,
    pub(crate) azure_tenant_id: Option<String>,
    pub(crate) aws_role_arn: Option<String>,
    pub(crate) allowed_locations: Vec<String>,
    pub(crate) blocked_locations: Vec<String>,
    /// `STORAGE_AWS_EXTERNAL_ID` when given; otherwise Snowflake generates one.
    #[serde(default)]
    pub(crate) aws_external_id: Option<String>,
    /// `STORAGE_AWS_OBJECT_ACL` (only `bucket-owner-full-control` is accepted).
    #[serde(default)]
    pub(crate) aws_object_acl: Option<String>,
    #[serde(default)]
    pub(crate) use_privatelink_endpoint: bool,
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
    pub(crate) fn allows(&self, url: &str) -> bool {
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
    pub(crate) fn azure_app_name(&self) -> String {
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

    pub(crate) fn azure_consent_url(&self) -> Option<String> {
        self.azure_tenant_id.as_ref().map(|tenant| {
            format!(
                "https://login.microsoftonline.com/{tenant}/oauth2/authorize?client_id={:08x}-0000-4000-8000-000000000000&response_type=code",
                self.meta.id
            )
        })
    }
}

impl Catalog {
    pub(crate) fn create_integration(
        &mut self,
        name: &Ident,
        properties: &[Property],
        or_replace: bool,
        if_not_exists: bool,
        origin: &Origin,
    ) -> Result<Created<Integration>, SqlError> {
        let mut integration = Integration::empty(self.meta(origin, None));
        for property in properties {
            integration.apply(property)?;
        }
        integration.validate()?;
        account_insert(
            &mut self.integrations,
            name,
            integration,
            or_replace,
            if_not_exists,
        )
    }

    pub(crate) fn integration(&self, name: &Ident) -> Result<&Integration, SqlError> {
        self.integrations
            .get(name)
            .ok_or_else(|| SqlError::does_not_exist("Integration", &name.to_sql()))
    }

    pub(crate) fn alter_integration(
        &mut self,
        name: &Ident,
        set: &[Property],
        unset: &[String],
    ) -> Result<(), SqlError> {
        let integration = self
            .integrations
            .get_mut(name)
            .ok_or_else(|| SqlError::does_not_exist("Integration", &name.to_sql()))?;
        let mut changed = integration.clone();
        for property in set {
            changed.apply(property)?;
        }
        for key in unset {
            changed.unset(key)?;
        }
        changed.validate()?;
        *integration = changed;
        Ok(())
    }

    pub(crate) fn drop_integration(
        &mut self,
        name: &Ident,
        if_exists: bool,
    ) -> Result<bool, SqlError> {
        account_remove(
            &mut self.integrations,
            name,
            if_exists,
            ObjectKind::Integration,
        )
    }
}

impl Integration {
    /// DESCRIBE INTEGRATION: its storage properties, the Azure consent URL and app name
    /// Snowflake derives for an Azure tenant, and its comment.
    pub(crate) fn describe(&self) -> QueryResult {
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
    use crate::sandbox::catalog::Stamp;
    use crate::sandbox::statement::{Parser, properties};

    fn props(sql: &str) -> Vec<Property> {
        let mut p = Parser::new(sql).unwrap();
        properties::properties(&mut p).unwrap()
    }

    #[test]
    fn azure_integrations_need_tenant_and_locations() {
        let mut c = Catalog::default();
        let origin = Origin {
            now: Stamp(0),
            owner: "ACCOUNTADMIN".into(),
        };
        let name = Ident::from_stored("AZ");
        let e = c
            .create_integration(&name, &props("type = external_stage storage_provider = 'AZURE' enabled = true storage_allowed_locations = ('azure://a.blob.core.windows.net/c/')"), false, false, &origin)
            .unwrap_err();
        assert!(e.message.contains("AZURE_TENANT_ID"));
        c.create_integration(&name, &props("type = external_stage storage_provider = 'AZURE' enabled = true azure_tenant_id = 't' storage_allowed_locations = ('azure://a.blob.core.windows.net/c/') storage_blocked_locations = ('azure://a.blob.core.windows.net/c/secret/')"), false, false, &origin)
            .unwrap();
        let i = c.integration(&name).unwrap();
        assert!(i.allows("azure://a.blob.core.windows.net/c/landing/"));
        assert!(!i.allows("azure://a.blob.core.windows.net/c/secret/x"));
        assert!(!i.allows("azure://other.blob.core.windows.net/c/"));
    }
}
