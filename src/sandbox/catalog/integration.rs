//! Integrations, the whole kind: storage integrations (`TYPE = EXTERNAL_STAGE`) with their
//! provider, tenant, allowed and blocked locations, and the location check stages are held
//! to; SHOW INTEGRATIONS lists every integration from the one map. Every accepted property is kept,
//! and the identities Snowflake generates for S3 (IAM user ARN, external id) and GCS
//! (service account) are derived from the integration, stable across DESCRIBEs.
//!
//! Notification integrations share the account's integration namespace and SHOW
//! INTEGRATIONS: inbound from an Azure storage queue (`TYPE = QUEUE`,
//! `NOTIFICATION_PROVIDER = AZURE_STORAGE_QUEUE`, queue URI and tenant:
//! https://docs.snowflake.com/en/sql-reference/sql/create-notification-integration-queue-inbound-azure)
//! and outbound e-mail (`TYPE = EMAIL`, allowed recipients:
//! https://docs.snowflake.com/en/sql-reference/sql/create-notification-integration-email).
//! An Azure queue integration gets its own consent URL and app name, as an Azure storage
//! integration does. `SHOW NOTIFICATION INTEGRATIONS` lists every integration, as `SHOW
//! STORAGE INTEGRATIONS` does here (the `category` column tells them apart).
//!
//! API integrations (`CREATE API INTEGRATION … API_PROVIDER = …`,
//! https://docs.snowflake.com/en/sql-reference/sql/create-api-integration) share the
//! namespace too: each provider's required parameters are checked (the AWS gateways'
//! role ARN, Azure API Management's tenant and application, Google's audience; the
//! allowed prefixes for all), a parameter of another provider is refused, and every one
//! is kept and described (API_KEY masked). SHOW INTEGRATIONS lists them with type
//! `EXTERNAL_API` and category `API` (the docs show no such row: chosen).

use serde::{Deserialize, Serialize};

use super::rows::{PROPERTY_COLUMNS, comment, flag, stamp, text, text_rows};
use super::{Catalog, Meta, OuterKind, OuterName, bool_value, comment_property, text_value};
use crate::model::identifier::Ident;
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::{Property, Value};

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
    /// `NOTIFICATION_PROVIDER` of a `QUEUE` integration (`AZURE_STORAGE_QUEUE`).
    #[serde(default)]
    pub(crate) notification_provider: Option<String>,
    /// `AZURE_STORAGE_QUEUE_PRIMARY_URI`.
    #[serde(default)]
    pub(crate) queue_uri: Option<String>,
    /// `ALLOWED_RECIPIENTS` of an e-mail integration.
    #[serde(default)]
    pub(crate) allowed_recipients: Vec<String>,
    /// An API integration's parameters (`None` for the other types).
    #[serde(default)]
    pub(crate) api: Option<ApiSettings>,
}

/// An API integration's parameters
/// (https://docs.snowflake.com/en/sql-reference/sql/create-api-integration).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct ApiSettings {
    /// `API_PROVIDER`, in lower case as the docs write it (`aws_api_gateway` …).
    pub(crate) provider: String,
    pub(crate) aws_role_arn: Option<String>,
    pub(crate) api_key: Option<String>,
    pub(crate) allowed_prefixes: Vec<String>,
    pub(crate) blocked_prefixes: Vec<String>,
    pub(crate) azure_ad_application_id: Option<String>,
    pub(crate) google_audience: Option<String>,
    /// `ALLOWED_AUTHENTICATION_SECRETS`: secret names, or `ALL` / `NONE`.
    pub(crate) allowed_authentication_secrets: Vec<String>,
    /// `API_USER_AUTHENTICATION = ( TYPE = … )`, as written.
    pub(crate) user_authentication: Option<String>,
    pub(crate) tls_trusted_certificates: Vec<String>,
}

/// The documented `API_PROVIDER` values, and whether each is one of the AWS gateways.
const API_PROVIDERS: [(&str, bool); 8] = [
    ("aws_api_gateway", true),
    ("aws_private_api_gateway", true),
    ("aws_gov_api_gateway", true),
    ("aws_gov_private_api_gateway", true),
    ("azure_api_management", false),
    ("google_api_gateway", false),
    ("git_https_api", false),
    ("external_mcp", false),
];

/// The integration type SHOW INTEGRATIONS gives an API integration (chosen, see above).
const EXTERNAL_API: &str = "EXTERNAL_API";

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
            notification_provider: None,
            queue_uri: None,
            allowed_recipients: Vec::new(),
            api: None,
        }
    }

    /// Whether it is a notification integration (`QUEUE` or `EMAIL`).
    pub(crate) fn is_notification(&self) -> bool {
        matches!(self.integration_type.as_str(), "QUEUE" | "EMAIL")
    }

    /// Whether it is a storage integration (`TYPE = EXTERNAL_STAGE`).
    pub(crate) fn is_storage(&self) -> bool {
        self.integration_type == "EXTERNAL_STAGE"
    }

    /// Whether pipes on Azure can read it: inbound from an Azure storage queue.
    pub(crate) fn is_azure_storage_queue(&self) -> bool {
        self.notification_provider.as_deref() == Some("AZURE_STORAGE_QUEUE")
    }

    /// SHOW INTEGRATIONS' `type`: `EXTERNAL_STAGE`, `EMAIL`, or `QUEUE - <provider>`
    /// (https://docs.snowflake.com/en/sql-reference/sql/show-notification-integrations).
    pub(crate) fn shown_type(&self) -> String {
        match &self.notification_provider {
            Some(provider) => format!("{} - {provider}", self.integration_type),
            None => self.integration_type.clone(),
        }
    }

    /// SHOW INTEGRATIONS' `category`.
    pub(crate) fn category(&self) -> &'static str {
        if self.is_notification() {
            "NOTIFICATION"
        } else if self.api.is_some() {
            "API"
        } else {
            "STORAGE"
        }
    }

    /// SHOW INTEGRATIONS' `direction`: e-mail sends, an Azure queue is read; storage
    /// integrations have none.
    pub(crate) fn direction(&self) -> Option<&'static str> {
        match self.integration_type.as_str() {
            "EMAIL" => Some("OUTBOUND"),
            "QUEUE" => Some("INBOUND"),
            _ => None,
        }
    }

    fn apply(&mut self, property: &Property) -> Result<(), SqlError> {
        if comment_property(&mut self.meta, property)? {
            return Ok(());
        }
        if self.apply_api(property)? {
            return Ok(());
        }
        let invalid = || SqlError::invalid_value(&property.key, &super::display_value(property));
        match property.key.as_str() {
            "TYPE" => {
                let t = text_value(property)?.to_uppercase();
                if !["EXTERNAL_STAGE", "QUEUE", "EMAIL"].contains(&t.as_str()) {
                    return Err(invalid());
                }
                self.integration_type = t;
            }
            "NOTIFICATION_PROVIDER" => {
                // The inbound Azure provider is the only queue provider the emulator
                // keeps; Event Grid outbound is for Azure-hosted accounts only.
                let provider = text_value(property)?.to_uppercase();
                if provider != "AZURE_STORAGE_QUEUE" {
                    return Err(invalid());
                }
                self.notification_provider = Some(provider);
            }
            "AZURE_STORAGE_QUEUE_PRIMARY_URI" => self.queue_uri = Some(text_value(property)?),
            "ALLOWED_RECIPIENTS" => {
                self.allowed_recipients = property.value.strings().ok_or_else(invalid)?;
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

    /// An API integration's own parameters; false for any other property. API_PROVIDER
    /// makes the integration an API integration.
    fn apply_api(&mut self, property: &Property) -> Result<bool, SqlError> {
        let invalid = || SqlError::invalid_value(&property.key, &super::display_value(property));
        let key = property.key.as_str();
        if key == "API_PROVIDER" {
            // The provider is a bare word ("should not be in quotation marks").
            let provider = property.value.word().ok_or_else(invalid)?.to_lowercase();
            if !API_PROVIDERS.iter().any(|(p, _)| *p == provider) {
                return Err(invalid());
            }
            self.integration_type = EXTERNAL_API.to_string();
            self.api.get_or_insert_with(ApiSettings::default).provider = provider;
            return Ok(true);
        }
        const KEYS: [&str; 9] = [
            "API_AWS_ROLE_ARN",
            "API_KEY",
            "API_ALLOWED_PREFIXES",
            "API_BLOCKED_PREFIXES",
            "AZURE_AD_APPLICATION_ID",
            "GOOGLE_AUDIENCE",
            "ALLOWED_AUTHENTICATION_SECRETS",
            "API_USER_AUTHENTICATION",
            "TLS_TRUSTED_CERTIFICATES",
        ];
        if !KEYS.contains(&key) {
            return Ok(false);
        }
        let names = || -> Result<Vec<String>, SqlError> {
            match &property.value {
                Value::List(items) => items
                    .iter()
                    .map(|item| item.text().ok_or_else(invalid))
                    .collect(),
                other => Ok(vec![other.text().ok_or_else(invalid)?.to_uppercase()]),
            }
        };
        let api = self.api.get_or_insert_with(ApiSettings::default);
        match key {
            "API_AWS_ROLE_ARN" => api.aws_role_arn = Some(text_value(property)?),
            "API_KEY" => api.api_key = Some(text_value(property)?),
            "API_ALLOWED_PREFIXES" => {
                api.allowed_prefixes = property.value.strings().ok_or_else(invalid)?;
            }
            "API_BLOCKED_PREFIXES" => {
                api.blocked_prefixes = property.value.strings().ok_or_else(invalid)?;
            }
            "AZURE_AD_APPLICATION_ID" => api.azure_ad_application_id = Some(text_value(property)?),
            "GOOGLE_AUDIENCE" => api.google_audience = Some(text_value(property)?),
            "ALLOWED_AUTHENTICATION_SECRETS" => api.allowed_authentication_secrets = names()?,
            "API_USER_AUTHENTICATION" => {
                let Value::Options(_) = &property.value else {
                    return Err(invalid());
                };
                api.user_authentication = Some(super::display_value(property));
            }
            _ => api.tls_trusted_certificates = names()?,
        }
        Ok(true)
    }

    /// An API integration's rules, per provider
    /// (https://docs.snowflake.com/en/sql-reference/sql/create-api-integration, "Syntax"
    /// and "Required parameters"): the allowed prefixes always; the role ARN for the AWS
    /// gateways; tenant and application for Azure API Management; the audience for
    /// Google; OAuth settings for an external MCP server ("EXTERNAL_MCP only supports
    /// OAuth, so this parameter is required"). A parameter another provider's syntax
    /// lists is refused, as are storage and notification properties.
    fn validate_api(&self, api: &ApiSettings) -> Result<(), SqlError> {
        let kind = "API INTEGRATION";
        if api.provider.is_empty() {
            return Err(SqlError::missing_property("API_PROVIDER", kind));
        }
        let aws = API_PROVIDERS
            .iter()
            .any(|(p, aws)| *p == api.provider && *aws);
        let azure = api.provider == "azure_api_management";
        let google = api.provider == "google_api_gateway";
        let git = api.provider == "git_https_api";
        let mcp = api.provider == "external_mcp";
        let foreign = [
            (api.aws_role_arn.is_some() && !aws, "API_AWS_ROLE_ARN"),
            (api.api_key.is_some() && !(aws || azure), "API_KEY"),
            (
                !api.blocked_prefixes.is_empty() && (aws || mcp),
                "API_BLOCKED_PREFIXES",
            ),
            (self.azure_tenant_id.is_some() && !azure, "AZURE_TENANT_ID"),
            (
                api.azure_ad_application_id.is_some() && !azure,
                "AZURE_AD_APPLICATION_ID",
            ),
            (api.google_audience.is_some() && !google, "GOOGLE_AUDIENCE"),
            (
                !api.allowed_authentication_secrets.is_empty() && !git,
                "ALLOWED_AUTHENTICATION_SECRETS",
            ),
            (
                api.user_authentication.is_some() && !(git || mcp),
                "API_USER_AUTHENTICATION",
            ),
            (
                !api.tls_trusted_certificates.is_empty() && !git,
                "TLS_TRUSTED_CERTIFICATES",
            ),
            (
                self.use_privatelink_endpoint && !git,
                "USE_PRIVATELINK_ENDPOINT",
            ),
            (!self.storage_provider.is_empty(), "STORAGE_PROVIDER"),
            (
                !self.allowed_locations.is_empty(),
                "STORAGE_ALLOWED_LOCATIONS",
            ),
            (self.aws_role_arn.is_some(), "STORAGE_AWS_ROLE_ARN"),
            (
                self.notification_provider.is_some(),
                "NOTIFICATION_PROVIDER",
            ),
            (!self.allowed_recipients.is_empty(), "ALLOWED_RECIPIENTS"),
        ];
        if let Some((_, key)) = foreign.iter().find(|(set, _)| *set) {
            return Err(SqlError::invalid_property(key, kind));
        }
        let required = [
            (api.allowed_prefixes.is_empty(), "API_ALLOWED_PREFIXES"),
            (aws && api.aws_role_arn.is_none(), "API_AWS_ROLE_ARN"),
            (azure && self.azure_tenant_id.is_none(), "AZURE_TENANT_ID"),
            (
                azure && api.azure_ad_application_id.is_none(),
                "AZURE_AD_APPLICATION_ID",
            ),
            (google && api.google_audience.is_none(), "GOOGLE_AUDIENCE"),
            (
                mcp && api.user_authentication.is_none(),
                "API_USER_AUTHENTICATION",
            ),
        ];
        if let Some((_, key)) = required.iter().find(|(missing, _)| *missing) {
            return Err(SqlError::missing_property(key, kind));
        }
        Ok(())
    }

    /// What Snowflake requires once all properties are applied.
    fn validate(&self) -> Result<(), SqlError> {
        if let Some(api) = &self.api {
            return self.validate_api(api);
        }
        if self.integration_type.is_empty() {
            return Err(SqlError::missing_property("TYPE", "INTEGRATION"));
        }
        if self.is_notification() {
            return self.validate_notification();
        }
        let kind = "STORAGE INTEGRATION";
        for (set, key) in [
            (
                self.notification_provider.is_some(),
                "NOTIFICATION_PROVIDER",
            ),
            (self.queue_uri.is_some(), "AZURE_STORAGE_QUEUE_PRIMARY_URI"),
            (!self.allowed_recipients.is_empty(), "ALLOWED_RECIPIENTS"),
        ] {
            if set {
                return Err(SqlError::invalid_property(key, kind));
            }
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

    /// A queue integration needs its provider, queue URI and tenant; an e-mail one takes
    /// at most 50 recipients; neither takes storage properties.
    fn validate_notification(&self) -> Result<(), SqlError> {
        let kind = "NOTIFICATION INTEGRATION";
        let storage = [
            (!self.storage_provider.is_empty(), "STORAGE_PROVIDER"),
            (
                !self.allowed_locations.is_empty(),
                "STORAGE_ALLOWED_LOCATIONS",
            ),
            (
                !self.blocked_locations.is_empty(),
                "STORAGE_BLOCKED_LOCATIONS",
            ),
            (self.aws_role_arn.is_some(), "STORAGE_AWS_ROLE_ARN"),
        ];
        for (set, key) in storage {
            if set {
                return Err(SqlError::invalid_property(key, kind));
            }
        }
        if self.integration_type == "QUEUE" {
            if self.notification_provider.is_none() {
                return Err(SqlError::missing_property("NOTIFICATION_PROVIDER", kind));
            }
            if self.queue_uri.is_none() {
                return Err(SqlError::missing_property(
                    "AZURE_STORAGE_QUEUE_PRIMARY_URI",
                    kind,
                ));
            }
            if self.azure_tenant_id.is_none() {
                return Err(SqlError::missing_property("AZURE_TENANT_ID", kind));
            }
            if !self.allowed_recipients.is_empty() {
                return Err(SqlError::invalid_property("ALLOWED_RECIPIENTS", kind));
            }
        } else {
            for (set, key) in [
                (
                    self.notification_provider.is_some(),
                    "NOTIFICATION_PROVIDER",
                ),
                (self.queue_uri.is_some(), "AZURE_STORAGE_QUEUE_PRIMARY_URI"),
                (self.azure_tenant_id.is_some(), "AZURE_TENANT_ID"),
            ] {
                if set {
                    return Err(SqlError::invalid_property(key, kind));
                }
            }
            // "The maximum number of email addresses that you can specify is 50"
            // (https://docs.snowflake.com/en/sql-reference/sql/create-notification-integration-email).
            if self.allowed_recipients.len() > 50 {
                return Err(SqlError::invalid_value(
                    "ALLOWED_RECIPIENTS",
                    &self.allowed_recipients.len().to_string(),
                ));
            }
        }
        Ok(())
    }

    fn unset(&mut self, key: &str) -> Result<(), SqlError> {
        // ALTER API INTEGRATION … UNSET { API_KEY | ENABLED | API_BLOCKED_PREFIXES |
        // COMMENT } (https://docs.snowflake.com/en/sql-reference/sql/alter-api-integration).
        if let Some(api) = &mut self.api {
            match key {
                "API_KEY" => api.api_key = None,
                "API_BLOCKED_PREFIXES" => api.blocked_prefixes.clear(),
                "ENABLED" => self.enabled = false,
                "COMMENT" => self.meta.comment = None,
                _ => return Err(SqlError::invalid_property(key, "API INTEGRATION")),
            }
            return Ok(());
        }
        match key {
            "COMMENT" => self.meta.comment = None,
            "ALLOWED_RECIPIENTS" if self.integration_type == "EMAIL" => {
                self.allowed_recipients.clear()
            }
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
    pub(crate) fn integration(&self, name: &Ident) -> Result<&Integration, SqlError> {
        self.account
            .integrations
            .get(name)
            .ok_or_else(|| SqlError::does_not_exist("Integration", &name.to_sql()))
    }
}

/// SHOW INTEGRATIONS (https://docs.snowflake.com/en/sql-reference/sql/show-integrations):
/// every integration, whatever its type, from the one map.
/// `direction` is the newer column SHOW NOTIFICATION INTEGRATIONS documents
/// (https://docs.snowflake.com/en/sql-reference/sql/show-notification-integrations); empty
/// for a storage integration.
const INTEGRATION_COLUMNS: [(&str, &str); 7] = [
    ("name", "text"),
    ("type", "text"),
    ("category", "text"),
    ("enabled", "text"),
    ("comment", "text"),
    ("created_on", "timestamp_ltz"),
    ("direction", "text"),
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
        // An API integration's ENABLED "default is TRUE"
        // (https://docs.snowflake.com/en/sql-reference/sql/create-api-integration).
        if integration.api.is_some() && !properties.iter().any(|p| p.key == "ENABLED") {
            integration.enabled = true;
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
            text(i.shown_type()),
            text(i.category()),
            flag(i.enabled, "true", "false"),
            comment(&i.meta.comment),
            stamp(i.meta.created_on),
            i.direction().map(str::to_string),
        ]
    }

    fn describe(_: &Catalog, _: &OuterName, integration: &Integration) -> QueryResult {
        integration.describe()
    }
}

impl Integration {
    /// DESCRIBE INTEGRATION: its storage properties, the Azure consent URL and app name
    /// Snowflake derives for an Azure tenant, and its comment.
    pub(crate) fn describe(&self) -> QueryResult {
        if self.is_notification() {
            return self.describe_notification();
        }
        if let Some(api) = &self.api {
            return self.describe_api(api);
        }
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

impl Integration {
    /// DESCRIBE of a notification integration: one row per property
    /// (https://docs.snowflake.com/en/sql-reference/sql/desc-notification-integration);
    /// an Azure queue one adds the consent URL and app name, as Snowflake's guide reads
    /// them (https://docs.snowflake.com/en/user-guide/data-load-snowpipe-auto-azure).
    /// DESCRIBE INTEGRATION of an API integration: every parameter it was given, API_KEY
    /// masked as credentials are, and for an AWS gateway the IAM user and external id
    /// Snowflake generates (`API_AWS_IAM_USER_ARN`, `API_AWS_EXTERNAL_ID`: the values the
    /// external-function guide reads back,
    /// https://docs.snowflake.com/en/sql-reference/external-functions-creating-aws-common-api-integration-proxy-link).
    fn describe_api(&self, api: &ApiSettings) -> QueryResult {
        let row = |p: &str, t: &str, v: &str, d: &str| [p, t, v, d].map(String::from);
        let list = |items: &[String]| items.join(",");
        let mut rows = vec![
            row("ENABLED", "Boolean", &self.enabled.to_string(), "false"),
            row("API_PROVIDER", "String", &api.provider.to_uppercase(), ""),
            row(
                "API_ALLOWED_PREFIXES",
                "List",
                &list(&api.allowed_prefixes),
                "[]",
            ),
            row(
                "API_BLOCKED_PREFIXES",
                "List",
                &list(&api.blocked_prefixes),
                "[]",
            ),
        ];
        if let Some(arn) = &api.aws_role_arn {
            rows.push(row(
                "API_AWS_IAM_USER_ARN",
                "String",
                &self.aws_iam_user_arn(),
                "",
            ));
            rows.push(row("API_AWS_ROLE_ARN", "String", arn, ""));
            rows.push(row(
                "API_AWS_EXTERNAL_ID",
                "String",
                &self.aws_external_id(),
                "",
            ));
        }
        if api.api_key.is_some() {
            rows.push(row("API_KEY", "String", "********", ""));
        }
        if let Some(tenant) = &self.azure_tenant_id {
            rows.push(row("AZURE_TENANT_ID", "String", tenant, ""));
        }
        if let Some(app) = &api.azure_ad_application_id {
            rows.push(row("AZURE_AD_APPLICATION_ID", "String", app, ""));
        }
        if let Some(audience) = &api.google_audience {
            rows.push(row("GOOGLE_AUDIENCE", "String", audience, ""));
        }
        if !api.allowed_authentication_secrets.is_empty() {
            rows.push(row(
                "ALLOWED_AUTHENTICATION_SECRETS",
                "List",
                &list(&api.allowed_authentication_secrets),
                "[]",
            ));
        }
        if let Some(authentication) = &api.user_authentication {
            rows.push(row("API_USER_AUTHENTICATION", "Object", authentication, ""));
        }
        if !api.tls_trusted_certificates.is_empty() {
            rows.push(row(
                "TLS_TRUSTED_CERTIFICATES",
                "List",
                &list(&api.tls_trusted_certificates),
                "[]",
            ));
        }
        if self.use_privatelink_endpoint {
            rows.push(row("USE_PRIVATELINK_ENDPOINT", "Boolean", "true", "false"));
        }
        rows.push(row(
            "COMMENT",
            "String",
            self.meta.comment.as_deref().unwrap_or_default(),
            "",
        ));
        text_rows(&PROPERTY_COLUMNS, rows)
    }

    fn describe_notification(&self) -> QueryResult {
        let i = self;
        let row = |p: &str, t: &str, v: &str, d: &str| [p, t, v, d].map(String::from);
        let mut rows = vec![
            row("ENABLED", "Boolean", &i.enabled.to_string(), "false"),
            row("DIRECTION", "String", i.direction().unwrap_or_default(), ""),
        ];
        if let Some(provider) = &i.notification_provider {
            rows.push(row("NOTIFICATION_PROVIDER", "String", provider, ""));
            rows.push(row(
                "AZURE_STORAGE_QUEUE_PRIMARY_URI",
                "String",
                i.queue_uri.as_deref().unwrap_or_default(),
                "",
            ));
            rows.push(row(
                "AZURE_TENANT_ID",
                "String",
                i.azure_tenant_id.as_deref().unwrap_or_default(),
                "",
            ));
            rows.push(row(
                "AZURE_CONSENT_URL",
                "String",
                &i.azure_consent_url().unwrap_or_default(),
                "",
            ));
            rows.push(row(
                "AZURE_MULTI_TENANT_APP_NAME",
                "String",
                &i.azure_app_name(),
                "",
            ));
        } else {
            rows.push(row(
                "ALLOWED_RECIPIENTS",
                "List",
                &i.allowed_recipients.join(","),
                "[]",
            ));
        }
        rows.push(row(
            "COMMENT",
            "String",
            &i.meta.comment.clone().unwrap_or_default(),
            "",
        ));
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
