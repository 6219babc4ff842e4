//! What the sandbox is told, it keeps (issue 16 §3): storage integrations and stages keep
//! every accepted property and answer DESCRIBE with it, credentials masked; the values
//! Snowflake generates for S3 and GCS integrations are answered too.

use super::{Row, Sandbox, cell};

/// `property` → `property_value` of a DESCRIBE answer (stages: under `parent`).
fn value<'a>(rows: &'a [Row], parent: Option<&str>, property: &str) -> Option<&'a str> {
    rows.iter()
        .find(|r| {
            cell(r, "property") == property
                && parent.is_none_or(|p| cell(r, "parent_property") == p)
        })
        .map(|r| cell(r, "property_value"))
}

/// DESCRIBE INTEGRATION of an S3 integration answers the IAM user ARN and external id
/// Snowflake generates, the role ARN and object ACL it was given
/// (https://docs.snowflake.com/en/user-guide/data-load-s3-config-storage-integration).
#[test]
fn s3_integration_describes_generated_identity() {
    let mut sb = Sandbox::new();
    sb.ok("create storage integration s3i type = external_stage storage_provider = 'S3' enabled = true \
           storage_aws_role_arn = 'arn:aws:iam::001234567890:role/myrole' \
           storage_aws_object_acl = 'bucket-owner-full-control' \
           storage_allowed_locations = ('s3://bucket/path/')");
    let rows = sb.rows("desc integration s3i");
    assert_eq!(
        value(&rows, None, "STORAGE_AWS_ROLE_ARN"),
        Some("arn:aws:iam::001234567890:role/myrole")
    );
    let user = value(&rows, None, "STORAGE_AWS_IAM_USER_ARN").unwrap_or_default();
    assert!(user.starts_with("arn:aws:iam::"), "{user}");
    let external = value(&rows, None, "STORAGE_AWS_EXTERNAL_ID").unwrap_or_default();
    assert!(external.contains("_SFCRole="), "{external}");
    assert_eq!(
        value(&rows, None, "STORAGE_AWS_OBJECT_ACL"),
        Some("bucket-owner-full-control")
    );
    // Stable: the trust policy built from it must keep working.
    let again = sb.rows("desc integration s3i");
    assert_eq!(
        value(&again, None, "STORAGE_AWS_EXTERNAL_ID").unwrap_or_default(),
        external
    );
    // A given external id is kept and answered instead of the generated one
    // (https://docs.snowflake.com/en/sql-reference/sql/create-storage-integration).
    sb.ok("alter storage integration s3i set storage_aws_external_id = 'my-ext-id'");
    let rows = sb.rows("desc integration s3i");
    assert_eq!(
        value(&rows, None, "STORAGE_AWS_EXTERNAL_ID"),
        Some("my-ext-id")
    );
    let e = sb.err("alter storage integration s3i set storage_aws_object_acl = 'public-read'");
    assert!(e.message.contains("STORAGE_AWS_OBJECT_ACL"), "{e}");
}

/// DESCRIBE INTEGRATION of a GCS integration answers the service account Snowflake
/// creates for it (https://docs.snowflake.com/en/user-guide/data-load-gcs-config).
#[test]
fn gcs_integration_describes_service_account() {
    let mut sb = Sandbox::new();
    sb.ok("create storage integration g type = external_stage storage_provider = 'GCS' enabled = true \
           storage_allowed_locations = ('gcs://bucket/path/')");
    let rows = sb.rows("desc integration g");
    let account = value(&rows, None, "STORAGE_GCP_SERVICE_ACCOUNT").unwrap_or_default();
    assert!(account.ends_with(".iam.gserviceaccount.com"), "{account}");
    assert_eq!(value(&rows, None, "STORAGE_AWS_IAM_USER_ARN"), None);
}

/// A stage keeps its copy options, credentials and encryption: DESCRIBE STAGE lists
/// STAGE_COPY_OPTIONS with defaults and STAGE_CREDENTIALS masked, SHOW STAGES says it has
/// credentials and an encryption key
/// (https://docs.snowflake.com/en/sql-reference/sql/desc-stage,
/// https://docs.snowflake.com/en/sql-reference/sql/show-stages).
#[test]
fn stage_keeps_copy_options_credentials_and_encryption() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create stage ext url = 's3://bucket/files/' \
           credentials = (aws_key_id = 'AKIAEXAMPLE' aws_secret_key = 'topsecret') \
           encryption = (master_key = 'a2V5') \
           copy_options = (on_error = 'CONTINUE' purge = TRUE)");
    let rows = sb.rows("desc stage ext");
    assert_eq!(
        value(&rows, Some("STAGE_COPY_OPTIONS"), "ON_ERROR"),
        Some("CONTINUE")
    );
    assert_eq!(
        value(&rows, Some("STAGE_COPY_OPTIONS"), "PURGE"),
        Some("true")
    );
    // Untouched options answer their default.
    assert_eq!(
        value(&rows, Some("STAGE_COPY_OPTIONS"), "ENFORCE_LENGTH"),
        Some("true")
    );
    assert_eq!(
        value(&rows, Some("STAGE_CREDENTIALS"), "AWS_KEY_ID"),
        Some("AKIAEXAMPLE")
    );
    let secret = value(&rows, Some("STAGE_CREDENTIALS"), "AWS_SECRET_KEY").unwrap_or_default();
    assert!(
        !secret.contains("topsecret") && !secret.is_empty(),
        "{secret}"
    );
    assert!(
        rows.iter()
            .all(|r| !cell(r, "property_value").contains("a2V5")),
        "the master key is never shown: {rows:?}"
    );
    let show = sb.one("show stages like 'EXT'");
    assert_eq!(cell(&show, "has_credentials"), "Y");
    assert_eq!(cell(&show, "has_encryption_key"), "Y");
    assert_eq!(cell(&show, "type"), "EXTERNAL");
    assert_eq!(cell(&show, "cloud"), "AWS");
    // ALTER … SET replaces what was kept.
    sb.ok("alter stage ext set copy_options = (on_error = 'SKIP_FILE')");
    let rows = sb.rows("desc stage ext");
    assert_eq!(
        value(&rows, Some("STAGE_COPY_OPTIONS"), "ON_ERROR"),
        Some("SKIP_FILE")
    );
    // An option no stage takes is refused, not dropped.
    let e = sb.err("create stage bad copy_options = (no_such_option = 1)");
    assert!(e.message.contains("NO_SUCH_OPTION"), "{e}");
}

/// An internal stage lists no location: blank url, no region or cloud, type INTERNAL,
/// no credentials or encryption key
/// (https://docs.snowflake.com/en/sql-reference/sql/show-stages: `url` is blank and
/// `cloud` NULL for an internal stage).
#[test]
fn internal_stage_location_columns() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create stage inner_stage");
    let show = sb.one("show stages like 'INNER_STAGE'");
    assert_eq!(cell(&show, "url"), "");
    assert_eq!(cell(&show, "region"), "<NULL>");
    assert_eq!(cell(&show, "cloud"), "<NULL>");
    assert_eq!(cell(&show, "type"), "INTERNAL");
    assert_eq!(cell(&show, "has_credentials"), "N");
    assert_eq!(cell(&show, "has_encryption_key"), "N");
    let rows = sb.rows("desc stage inner_stage");
    assert_eq!(value(&rows, Some("STAGE_LOCATION"), "URL"), Some("[]"));
    assert!(
        rows.iter()
            .filter(|r| cell(r, "parent_property") == "STAGE_COPY_OPTIONS")
            .count()
            >= 7
    );
}
