//! Data metric functions through the engine: CREATE DATA METRIC FUNCTION, ALTER / DESCRIBE
//! / DROP FUNCTION and SHOW DATA METRIC FUNCTIONS, and their associations with tables and
//! views (schedule, ADD / DROP / MODIFY, expectations) with Snowflake's rules, the
//! privileges they need, and what DATA_METRIC_FUNCTION_REFERENCES /
//! DATA_METRIC_FUNCTION_EXPECTATIONS answer.

use super::{Sandbox, assert_error, cell};

const REFS: &str = "select * from table(d.information_schema.data_metric_function_references(ref_entity_name => 'd.s.t', ref_entity_domain => 'table'))";
const EXPECTATIONS: &str = "select * from table(d.information_schema.data_metric_function_expectations(ref_entity_name => 'd.s.t', ref_entity_domain => 'table'))";

fn with_table() -> Sandbox {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (id number, email varchar, loaded timestamp_ntz)");
    sb
}

/// https://docs.snowflake.com/en/sql-reference/sql/create-data-metric-function,
/// https://docs.snowflake.com/en/sql-reference/sql/alter-function-dmf,
/// https://docs.snowflake.com/en/sql-reference/sql/show-data-metric-functions.
#[test]
fn dmf_lifecycle_show_describe_alter_drop() {
    let mut sb = with_table();
    sb.ok("create secure data metric function bad_emails(arg_t table(arg_c varchar)) returns number comment = 'c' as 'select count_if(arg_c not like ''%@%'') from arg_t'");
    let row = sb.one("show data metric functions in database d");
    assert_eq!(
        [
            "name",
            "schema_name",
            "catalog_name",
            "arguments",
            "is_secure",
            "description"
        ]
        .map(|c| cell(&row, c)),
        [
            "BAD_EMAILS",
            "S",
            "D",
            "BAD_EMAILS(TABLE(VARCHAR)) RETURN NUMBER",
            "Y",
            "c"
        ]
    );
    let described = sb.rows("describe function bad_emails(table(varchar))");
    let value = |p: &str| {
        described
            .iter()
            .find(|r| cell(r, "property") == p)
            .map(|r| cell(r, "value").to_string())
            .unwrap()
    };
    assert_eq!(value("signature"), "(ARG_T TABLE(ARG_C VARCHAR))");
    assert_eq!(
        value("body"),
        "select count_if(arg_c not like '%@%') from arg_t"
    );
    sb.ok("alter function bad_emails(table(varchar)) unset secure");
    sb.ok("alter function bad_emails(table(varchar)) set body = 'select 1'");
    sb.ok("alter function bad_emails(table(varchar)) unset comment");
    let row = sb.one("show data metric functions");
    assert_eq!(cell(&row, "is_secure"), "N");
    assert_eq!(cell(&row, "description"), "user-defined function");
    // Another signature is another (here: missing) function.
    assert_error(
        &sb.err("drop function bad_emails(table(number))"),
        "002003",
        "does not exist or not authorized",
    );
    // "RETURNS NUMBER" is the only return type.
    assert_error(
        &sb.err("create data metric function f(t table(c varchar)) returns varchar as 'select 1'"),
        "002265",
        "must return NUMBER",
    );
    // The body is compiled against the table argument.
    assert_error(
        &sb.err("create data metric function g(t table(c varchar)) returns number as 'select count(nope) from t'"),
        "000904",
        "invalid identifier 'NOPE'",
    );
    sb.ok("drop function bad_emails(table(varchar))");
    assert!(sb.rows("show data metric functions").is_empty());
}

/// https://docs.snowflake.com/en/sql-reference/sql/alter-table ("Data metric function
/// actions"), https://docs.snowflake.com/en/user-guide/data-quality-expectations,
/// https://docs.snowflake.com/en/sql-reference/functions/data_metric_function_references.
#[test]
fn associations_follow_the_rules_and_are_reported() {
    let mut sb = with_table();
    sb.ok("create data metric function bad_emails(arg_t table(arg_c varchar)) returns number as 'select 1'");
    sb.ok("alter table t set data_metric_schedule = '5 MINUTE'");
    sb.ok("alter table t add data metric function snowflake.core.null_count on (email) expectation no_nulls (value = 0)");
    sb.ok("alter table t add data metric function snowflake.core.row_count on ()");
    sb.ok("alter table t add data metric function bad_emails on (email)");
    let rows = sb.rows(REFS);
    let seen: Vec<String> = rows
        .iter()
        .map(|r| {
            [
                "METRIC_NAME",
                "REF_ARGUMENTS",
                "SCHEDULE",
                "REF_ENTITY_DOMAIN",
            ]
            .map(|c| cell(r, c))
            .join(" ")
        })
        .collect();
    assert_eq!(
        seen,
        [
            "NULL_COUNT [{\"domain\":\"COLUMN\",\"name\":\"EMAIL\"}] 5 MINUTE TABLE",
            "ROW_COUNT [] 5 MINUTE TABLE",
            "BAD_EMAILS [{\"domain\":\"COLUMN\",\"name\":\"EMAIL\"}] 5 MINUTE TABLE",
        ]
    );
    let expectation = sb.one(EXPECTATIONS);
    assert_eq!(
        ["METRIC_NAME", "EXPECTATION_NAME", "EXPECTATION_EXPRESSION"]
            .map(|c| cell(&expectation, c)),
        ["NULL_COUNT", "NO_NULLS", "value = 0"]
    );
    // Unknown column, wrong count, wrong type, missing function, twice.
    assert_error(
        &sb.err("alter table t add data metric function snowflake.core.null_count on (nope)"),
        "000904",
        "invalid identifier 'NOPE'",
    );
    assert_error(
        &sb.err("alter table t add data metric function snowflake.core.row_count on (id)"),
        "002266",
        "takes no column",
    );
    assert_error(
        &sb.err("alter table t add data metric function bad_emails on (id)"),
        "002267",
        "does not match data metric function",
    );
    assert_error(
        &sb.err("alter table t add data metric function nope on (id)"),
        "002003",
        "Data metric function 'D.S.NOPE' does not exist or not authorized.",
    );
    assert_error(
        &sb.err("alter table t add data metric function snowflake.core.row_count on ()"),
        "003534",
        "is already added",
    );
    // Expectations change in place; names are unique per association.
    sb.ok("alter table t modify data metric function snowflake.core.null_count on (email) modify expectation no_nulls (value < 2)");
    assert_error(
        &sb.err("alter table t modify data metric function snowflake.core.null_count on (email) add expectation no_nulls (value = 0)"),
        "003535",
        "already exists",
    );
    sb.ok("alter table t modify data metric function snowflake.core.null_count on (email) drop expectation no_nulls");
    assert!(sb.rows(EXPECTATIONS).is_empty());
    sb.ok("alter table t drop data metric function snowflake.core.row_count on ()");
    assert_error(
        &sb.err("alter table t drop data metric function snowflake.core.row_count on ()"),
        "003534",
        "is not added",
    );
    assert_eq!(sb.rows(REFS).len(), 2);
    // UNSET restores the default hour
    // (https://docs.snowflake.com/en/release-notes/bcr-bundles/2025_07/bcr-2101).
    sb.ok("alter table t unset data_metric_schedule");
    assert_eq!(cell(&sb.rows(REFS)[0], "SCHEDULE"), "60 MINUTE");
}

/// The schedule's documented values; TRIGGER_ON_CHANGES not on views
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-view).
#[test]
fn schedules_take_the_documented_values() {
    let mut sb = with_table();
    sb.ok("create view v as select id, email from t");
    sb.ok("alter table t set data_metric_schedule = 'TRIGGER_ON_CHANGES'");
    sb.ok("alter table t set data_metric_schedule = 'USING CRON 0 8 * * * UTC'");
    sb.ok("alter view v set data_metric_schedule = '1440 MINUTE'");
    assert_error(
        &sb.err("alter table t set data_metric_schedule = '10 MINUTE'"),
        "002029",
        "DATA_METRIC_SCHEDULE",
    );
    assert_error(
        &sb.err("alter view v set data_metric_schedule = 'TRIGGER_ON_CHANGES'"),
        "003536",
        "not supported for views",
    );
    sb.ok("alter view v add data metric function snowflake.core.duplicate_count on (id)");
    let row = sb.one("select * from table(d.information_schema.data_metric_function_references(ref_entity_name => 'd.s.v', ref_entity_domain => 'view'))");
    assert_eq!(
        ["METRIC_NAME", "REF_ENTITY_DOMAIN", "SCHEDULE"].map(|c| cell(&row, c)),
        ["DUPLICATE_COUNT", "VIEW", "1440 MINUTE"]
    );
}

/// EXECUTE DATA METRIC FUNCTION on the account and the table's ownership
/// (https://docs.snowflake.com/en/user-guide/data-quality-access-control).
#[test]
fn adding_a_metric_needs_execute_data_metric_function() {
    let mut sb = with_table();
    sb.ok("create role r");
    sb.ok("grant usage on database d to role r");
    sb.ok("grant usage on schema d.s to role r");
    sb.ok("grant ownership on table d.s.t to role r copy current grants");
    sb.session.role = Some("R".into());
    assert_error(
        &sb.err("alter table d.s.t add data metric function snowflake.core.row_count on ()"),
        "003001",
        "EXECUTE DATA METRIC FUNCTION",
    );
    sb.session.role = None;
    sb.ok("grant execute data metric function on account to role r");
    sb.session.role = Some("R".into());
    sb.ok("alter table d.s.t add data metric function snowflake.core.row_count on ()");
    // A custom DMF needs USAGE on it (the system ones are everyone's).
    sb.session.role = None;
    sb.ok("create data metric function d.s.bad_emails(arg_t table(arg_c varchar)) returns number as 'select 1'");
    sb.session.role = Some("R".into());
    assert_error(
        &sb.err("alter table d.s.t add data metric function d.s.bad_emails on (email)"),
        "003001",
        "USAGE",
    );
}
