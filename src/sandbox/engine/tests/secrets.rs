//! Secrets: CREATE / ALTER / DROP, SHOW SECRETS and DESCRIBE SECRET for the types that
//! need no security integration, with the rules their pages state.

use super::{Sandbox, assert_error, cell};

// https://docs.snowflake.com/en/sql-reference/sql/create-secret,
// https://docs.snowflake.com/en/sql-reference/sql/show-secrets,
// https://docs.snowflake.com/en/sql-reference/sql/desc-secret.
#[test]
fn secret_lifecycle() {
    let mut sb = Sandbox::with_schema();
    assert_eq!(
        sb.status(
            "create or replace secret my_password_secret type = password \
             username = 'my_username' password = 'my_password' comment = 'for the API'"
        ),
        "Secret MY_PASSWORD_SECRET successfully created."
    );
    sb.ok("create secret my_generic_secret type = generic_string secret_string = 's3cr3t'");
    sb.ok("create secret my_key type = symmetric_key algorithm = generic");
    let row = sb.one("show secrets like 'my_password%'");
    assert_eq!(
        [
            "name",
            "schema_name",
            "database_name",
            "secret_type",
            "comment",
            "owner_role_type"
        ]
        .map(|c| cell(&row, c)),
        [
            "MY_PASSWORD_SECRET",
            "S",
            "D",
            "PASSWORD",
            "for the API",
            "ROLE"
        ]
    );
    assert_eq!(sb.names("show secrets in schema d.s").len(), 3);
    let described = sb.one("describe secret my_password_secret");
    assert_eq!(cell(&described, "username"), "my_username");
    // "Snowflake does not return the PASSWORD property value."
    assert!(!described.contains_key("password"));
    assert!(
        described
            .values()
            .all(|v| v.as_deref() != Some("my_password"))
    );
    assert_eq!(
        cell(&sb.one("describe secret my_key"), "algorithm"),
        "GENERIC"
    );
    sb.ok("alter secret my_password_secret set username = 'other' password = 'p2'");
    sb.ok("alter secret my_password_secret unset comment");
    let described = sb.one("describe secret my_password_secret");
    assert_eq!(cell(&described, "username"), "other");
    assert_eq!(cell(&described, "comment"), "");
    sb.ok("drop secret my_generic_secret");
    assert_error(
        &sb.err("describe secret my_generic_secret"),
        "002003",
        "Secret 'D.S.MY_GENERIC_SECRET' does not exist or not authorized.",
    );
}

#[test]
fn secrets_refuse_what_their_pages_refuse() {
    let mut sb = Sandbox::with_schema();
    assert_error(
        &sb.err("create secret s username = 'u' password = 'p'"),
        "002031",
        "Missing option(s): [TYPE]",
    );
    assert_error(
        &sb.err("create secret s type = password username = 'u'"),
        "002031",
        "Missing option(s): [PASSWORD]",
    );
    // Another type's property.
    assert_error(
        &sb.err("create secret s type = generic_string secret_string = 'x' username = 'u'"),
        "001008",
        "invalid property 'USERNAME'",
    );
    assert_error(
        &sb.err("create secret s type = symmetric_key algorithm = aes"),
        "002029",
        "for parameter 'ALGORITHM'",
    );
    // OAuth secrets name a security integration, which does not exist here.
    assert_error(
        &sb.err(
            "create secret s type = oauth2 api_authentication = my_security_integration \
             oauth_scopes = ('scope1')",
        ),
        "002003",
        "Integration 'MY_SECURITY_INTEGRATION' does not exist or not authorized.",
    );
    sb.ok("create secret s type = generic_string secret_string = 'x'");
    assert_error(
        &sb.err("alter secret s set username = 'u'"),
        "001008",
        "invalid property 'USERNAME'",
    );
    assert_error(
        &sb.err("alter secret s set type = password"),
        "001008",
        "invalid property 'TYPE'",
    );
}
