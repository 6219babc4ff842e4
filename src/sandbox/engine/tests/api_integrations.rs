//! API integrations: each provider's documented parameters, required and refused, kept
//! and described (https://docs.snowflake.com/en/sql-reference/sql/create-api-integration,
//! https://docs.snowflake.com/en/sql-reference/sql/alter-api-integration).

use super::{Sandbox, assert_error, cell};

fn property(rows: &[super::Row], name: &str) -> String {
    rows.iter()
        .find(|r| cell(r, "property") == name)
        .map(|r| cell(r, "property_value").to_string())
        .unwrap_or_default()
}

#[test]
fn each_documented_provider_is_created_and_described() {
    let mut sb = Sandbox::new();
    sb.ok(
        "CREATE OR REPLACE API INTEGRATION aws API_PROVIDER = aws_api_gateway \
         API_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/my_cloud_account_role' \
         API_KEY = 'secret-key' API_ALLOWED_PREFIXES = ('https://xyz.execute-api.us-west-2.amazonaws.com/production') \
         ENABLED = TRUE",
    );
    sb.ok(
        "CREATE API INTEGRATION azure API_PROVIDER = azure_api_management \
         AZURE_TENANT_ID = '<tenant_id>' AZURE_AD_APPLICATION_ID = '<azure_application_id>' \
         API_ALLOWED_PREFIXES = ('https://x.azure-api.net/app') API_BLOCKED_PREFIXES = ('https://x.azure-api.net/app/private') \
         ENABLED = FALSE COMMENT = 'az'",
    );
    sb.ok(
        "CREATE API INTEGRATION google API_PROVIDER = google_api_gateway \
         GOOGLE_AUDIENCE = '<google_audience_claim>' API_ALLOWED_PREFIXES = ('https://x.uc.gateway.dev/')",
    );
    sb.ok("CREATE API INTEGRATION git API_PROVIDER = git_https_api \
         API_ALLOWED_PREFIXES = ('https://github.com/my-account') \
         ALLOWED_AUTHENTICATION_SECRETS = (git_secret) ENABLED = TRUE");
    let rows = sb.rows("show api integrations");
    let aws = rows.iter().find(|r| cell(r, "name") == "AWS").unwrap();
    assert_eq!(cell(aws, "category"), "API");
    assert_eq!(cell(aws, "type"), "EXTERNAL_API");
    assert_eq!(cell(aws, "enabled"), "true");
    // ENABLED defaults to TRUE.
    let google = rows.iter().find(|r| cell(r, "name") == "GOOGLE").unwrap();
    assert_eq!(cell(google, "enabled"), "true");
    let described = sb.rows("describe integration aws");
    assert_eq!(property(&described, "API_PROVIDER"), "AWS_API_GATEWAY");
    assert_eq!(property(&described, "API_KEY"), "********");
    assert!(property(&described, "API_AWS_IAM_USER_ARN").starts_with("arn:aws:iam::"));
    assert!(!property(&described, "API_AWS_EXTERNAL_ID").is_empty());
    let described = sb.rows("describe integration azure");
    assert_eq!(
        property(&described, "API_BLOCKED_PREFIXES"),
        "https://x.azure-api.net/app/private"
    );
    assert_eq!(
        property(&described, "AZURE_AD_APPLICATION_ID"),
        "<azure_application_id>"
    );
    let described = sb.rows("describe integration git");
    assert_eq!(
        property(&described, "ALLOWED_AUTHENTICATION_SECRETS"),
        "GIT_SECRET"
    );
    // ALTER's SET and UNSET.
    sb.ok("alter api integration azure set enabled = true api_allowed_prefixes = ('https://y.azure-api.net/')");
    sb.ok("alter api integration azure unset api_blocked_prefixes, comment");
    let described = sb.rows("describe integration azure");
    assert_eq!(
        property(&described, "API_ALLOWED_PREFIXES"),
        "https://y.azure-api.net/"
    );
    assert_eq!(property(&described, "API_BLOCKED_PREFIXES"), "");
    assert_error(
        &sb.err("alter api integration azure unset api_allowed_prefixes"),
        "001008",
        "API_ALLOWED_PREFIXES",
    );
}

#[test]
fn each_provider_requires_its_parameters_and_refuses_the_others() {
    let mut sb = Sandbox::new();
    assert_error(
        &sb.err(
            "create api integration a api_provider = aws_api_gateway api_allowed_prefixes = ('https://x/')",
        ),
        "002031",
        "API_AWS_ROLE_ARN",
    );
    assert_error(
        &sb.err("create api integration a api_provider = google_api_gateway api_allowed_prefixes = ('https://x/')"),
        "002031",
        "GOOGLE_AUDIENCE",
    );
    assert_error(
        &sb.err("create api integration a api_provider = azure_api_management azure_tenant_id = 't' api_allowed_prefixes = ('https://x/')"),
        "002031",
        "AZURE_AD_APPLICATION_ID",
    );
    assert_error(
        &sb.err("create api integration a api_provider = git_https_api enabled = true"),
        "002031",
        "API_ALLOWED_PREFIXES",
    );
    // GOOGLE_AUDIENCE belongs to google_api_gateway's syntax, not git_https_api's.
    assert_error(
        &sb.err(
            "CREATE OR REPLACE API INTEGRATION git API_PROVIDER = git_https_api \
             GOOGLE_AUDIENCE = '<google_audience_claim>' API_ALLOWED_PREFIXES = ( 'go' ) ENABLED = TRUE",
        ),
        "001008",
        "GOOGLE_AUDIENCE",
    );
    // The provider is one of the documented values, written without quotes.
    assert_error(
        &sb.err("create api integration a api_provider = 'aws_api_gateway' api_aws_role_arn = 'r' api_allowed_prefixes = ('https://x/')"),
        "002029",
        "API_PROVIDER",
    );
    assert_error(
        &sb.err("create api integration a api_provider = soap_gateway api_allowed_prefixes = ('https://x/')"),
        "002029",
        "API_PROVIDER",
    );
    assert_error(
        &sb.err("create api integration a api_provider = external_mcp api_allowed_prefixes = ('https://x/')"),
        "002031",
        "API_USER_AUTHENTICATION",
    );
    // An API integration is no storage integration.
    sb.ok("create api integration g api_provider = google_api_gateway google_audience = 'a' api_allowed_prefixes = ('https://x/')");
    assert_error(
        &sb.err("select system$validate_storage_integration('G', 'azure://a.blob.core.windows.net/c/', 'f', 'read')"),
        "002029",
        "G",
    );
}
