//! Rules the sandbox used to bend (issue 16 §4), each test citing the documentation it
//! follows.

use super::{Sandbox, assert_error, cell};

/// A child that loses its only predecessor becomes a suspended root with reason
/// CHILD_BECAME_ROOT, by REMOVE AFTER or by the predecessor's DROP
/// (https://docs.snowflake.com/en/user-guide/tasks-graphs,
/// https://docs.snowflake.com/en/sql-reference/sql/alter-task: "The child task is
/// suspended automatically",
/// https://docs.snowflake.com/en/release-notes/bcr-bundles/2023_08/bcr-1385-1414).
#[test]
fn child_losing_its_predecessor_becomes_a_suspended_root() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create task root warehouse = wh schedule = '60 minute' as select 1");
    sb.ok("create task a warehouse = wh after root as select 2");
    sb.ok("create task b warehouse = wh after root, a as select 3");
    sb.ok("alter task a resume");
    sb.ok("alter task b resume");

    // B keeps A: suspended, still a child, no documented reason.
    sb.ok("alter task b remove after root");
    let b = sb.one("show tasks like 'B'");
    assert_eq!(cell(&b, "state"), "suspended");
    assert_eq!(cell(&b, "last_suspended_reason"), "<NULL>");
    assert_ne!(cell(&b, "predecessors"), "[]");

    // Dropping ROOT leaves A with no predecessor: a suspended root.
    sb.ok("drop task root");
    let a = sb.one("show tasks like 'A'");
    assert_eq!(cell(&a, "state"), "suspended");
    assert_eq!(cell(&a, "predecessors"), "[]");
    assert_eq!(cell(&a, "last_suspended_reason"), "CHILD_BECAME_ROOT");
    assert_ne!(cell(&a, "last_suspended_on"), "<NULL>");

    // REMOVE AFTER of B's last predecessor: B too.
    sb.ok("alter task b remove after a");
    let b = sb.one("show tasks like 'B'");
    assert_eq!(cell(&b, "predecessors"), "[]");
    assert_eq!(cell(&b, "last_suspended_reason"), "CHILD_BECAME_ROOT");
    // As a root it may now be scheduled and resumed on its own.
    sb.ok("alter task b set schedule = '5 minute'");
    sb.ok("alter task b resume");
    sb.ok("alter task b suspend");
    let b = sb.one("show tasks like 'B'");
    assert_eq!(cell(&b, "last_suspended_reason"), "USER_SUSPENDED");
}

/// RESUME of a running warehouse fails; RESUME IF SUSPENDED succeeds whatever the state
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-warehouse: "If omitted, the
/// command fails and returns an error if the warehouse is already running"). IF
/// SUSPENDED is a warehouse clause only: ALTER TASK documents none.
#[test]
fn resume_of_a_running_warehouse_needs_if_suspended() {
    let mut sb = Sandbox::with_schema();
    sb.ok("alter warehouse wh resume");
    assert_eq!(
        cell(&sb.one("show warehouses like 'WH'"), "state"),
        "STARTED"
    );
    assert_error(
        &sb.err("alter warehouse wh resume"),
        "090063",
        "Warehouse 'WH' cannot be resumed",
    );
    sb.ok("alter warehouse wh resume if suspended");
    sb.ok("alter warehouse wh suspend");
    sb.ok("alter warehouse wh resume if suspended");
    assert_eq!(
        cell(&sb.one("show warehouses like 'WH'"), "state"),
        "STARTED"
    );
    sb.ok("create task t warehouse = wh schedule = '5 minute' as select 1");
    assert_eq!(sb.err("alter task t resume if suspended").code, "001003");
}

/// ALTER WAREHOUSE without a name suspends, resumes or aborts the queries of the
/// session's current warehouse; with no warehouse in use it fails, and the other actions
/// always need the name
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-warehouse: "if a warehouse is
/// currently in use for the session, the identifier can be omitted"; "When renaming a
/// warehouse or performing any other operations on a warehouse, the identifier must be
/// specified").
#[test]
fn alter_warehouse_without_a_name_acts_on_the_current_warehouse() {
    let mut sb = Sandbox::with_schema();
    let state = |sb: &mut Sandbox| cell(&sb.one("show warehouses like 'WH'"), "state").to_string();
    // No warehouse in use yet: Snowflake's error for a session without one.
    assert_error(
        &sb.err("alter warehouse resume"),
        "000606",
        "No active warehouse selected in the current session.",
    );
    assert_error(
        &sb.err("alter warehouse if exists suspend"),
        "000606",
        "No active warehouse selected",
    );
    assert_eq!(state(&mut sb), "SUSPENDED");
    sb.ok("use warehouse wh");
    sb.ok("alter warehouse resume");
    assert_eq!(state(&mut sb), "STARTED");
    // The current warehouse's rules are the named one's: RESUME of a running one fails.
    assert_error(
        &sb.err("alter warehouse resume"),
        "090063",
        "Warehouse 'WH' cannot be resumed",
    );
    sb.ok("alter warehouse resume if suspended");
    sb.ok("alter warehouse abort all queries");
    sb.ok("alter warehouse suspend");
    assert_eq!(state(&mut sb), "SUSPENDED");
    // Every other action needs the name.
    for sql in [
        "alter warehouse set auto_suspend = 60",
        "alter warehouse unset comment",
        "alter warehouse rename to wh2",
    ] {
        assert_eq!(sb.err(sql).code, "001003", "{sql}");
    }
    // Another kind never leaves its name out.
    sb.ok("create task t warehouse = wh schedule = '5 minute' as select 1");
    assert_eq!(sb.err("alter task resume").code, "001003");
}

/// Task schedules are validated: an interval within 11520 minutes, CRON fields in their
/// ranges, an IANA time zone
/// (https://docs.snowflake.com/en/sql-reference/sql/create-task: `<num> MINUTE` "the
/// maximum supported value is 11520 (8 days)"; `USING CRON expr time_zone`).
#[test]
fn task_schedules_are_bounded_and_zoned() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create task ok1 warehouse = wh schedule = '11520 minute' as select 1");
    sb.ok("create task ok2 warehouse = wh schedule = 'USING CRON 0 9-17 * * MON-FRI Europe/Paris' as select 1");
    for bad in [
        "11521 MINUTE",
        "0 MINUTE",
        "USING CRON 61 * * * * UTC",
        "USING CRON 0 2 * * * Nowhere/City",
        "USING CRON 0 2 * * *",
    ] {
        let e = sb.err(&format!(
            "create task bad warehouse = wh schedule = '{bad}' as select 1"
        ));
        assert_error(
            &e,
            "002029",
            &format!("invalid value [{bad}] for parameter 'SCHEDULE'"),
        );
    }
    assert_error(
        &sb.err("alter task ok1 set schedule = '20000 minute'"),
        "002029",
        "[20000 minute]",
    );
}

/// A task names one compute model: WAREHOUSE and USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE
/// exclude each other in one statement
/// (https://docs.snowflake.com/en/sql-reference/sql/create-task: "If WAREHOUSE = string
/// parameter is specified, then setting this parameter produces a user error").
#[test]
fn warehouse_and_managed_size_exclude_each_other() {
    let mut sb = Sandbox::with_schema();
    assert_error(
        &sb.err("create task t warehouse = wh user_task_managed_initial_warehouse_size = 'XSMALL' schedule = '5 minute' as select 1"),
        "002032",
        "mutually exclusive",
    );
    assert_error(
        &sb.err("create task t user_task_managed_initial_warehouse_size = 'HUGE' as select 1"),
        "002029",
        "HUGE",
    );
    sb.ok("create task t user_task_managed_initial_warehouse_size = 'XSMALL' schedule = '5 minute' as select 1");
    assert_eq!(cell(&sb.one("show tasks like 'T'"), "warehouse"), "<NULL>");
    assert_error(
        &sb.err(
            "alter task t set warehouse = wh user_task_managed_initial_warehouse_size = 'SMALL'",
        ),
        "002032",
        "WAREHOUSE",
    );
    // One at a time switches the model.
    sb.ok("alter task t set warehouse = wh");
    assert_eq!(cell(&sb.one("show tasks like 'T'"), "warehouse"), "WH");
}

/// An S3 storage integration requires STORAGE_AWS_ROLE_ARN
/// (https://docs.snowflake.com/en/sql-reference/sql/create-storage-integration), and a
/// stage takes a storage integration or credentials, not both
/// (https://docs.snowflake.com/en/sql-reference/sql/create-stage).
#[test]
fn s3_integration_needs_role_and_stage_one_authentication() {
    let mut sb = Sandbox::with_schema();
    assert_error(
        &sb.err("create storage integration s3i type = external_stage storage_provider = 'S3' enabled = true storage_allowed_locations = ('s3://b/')"),
        "002031",
        "STORAGE_AWS_ROLE_ARN",
    );
    sb.ok("create storage integration s3i type = external_stage storage_provider = 'S3' enabled = true \
           storage_aws_role_arn = 'arn:aws:iam::001234567890:role/r' storage_allowed_locations = ('s3://b/')");
    assert_error(
        &sb.err("create stage both url = 's3://b/x/' storage_integration = s3i credentials = (aws_key_id = 'k' aws_secret_key = 's')"),
        "002032",
        "STORAGE_INTEGRATION",
    );
    sb.ok("create stage st url = 's3://b/x/' storage_integration = s3i");
    // Switching to credentials drops the integration.
    sb.ok("alter stage st set credentials = (aws_key_id = 'k' aws_secret_key = 's')");
    let row = sb.one("show stages like 'ST'");
    assert_eq!(cell(&row, "storage_integration"), "<NULL>");
    assert_eq!(cell(&row, "has_credentials"), "Y");
}

/// Reserved keywords are not unquoted names; quoted they are ordinary names, and the
/// keywords Snowflake only limits (ACCOUNT, VIEW, LEFT, CURRENT_DATE, …) stay usable
/// (https://docs.snowflake.com/en/sql-reference/reserved-keywords).
#[test]
fn reserved_words_are_not_unquoted_names() {
    let mut sb = Sandbox::with_schema();
    assert_error(
        &sb.err("create table select (a int)"),
        "001003",
        "unexpected 'select'",
    );
    assert_error(
        &sb.err("create table t (a int, order varchar)"),
        "001003",
        "unexpected 'order'",
    );
    assert_error(
        &sb.err("create schema d.table"),
        "001003",
        "unexpected 'table'",
    );
    assert_error(
        &sb.err("create warehouse qualify"),
        "001003",
        "unexpected 'qualify'",
    );
    sb.ok("create table \"SELECT\" (a int, \"ORDER\" varchar)");
    sb.ok("create table account (left int, view varchar)");
    // A keyword as a property value is a word, not a name.
    sb.ok("alter warehouse wh set auto_suspend = null");
    let names = sb.names("show tables");
    assert!(names.contains(&"SELECT".to_string()), "{names:?}");
}

/// Optional procedure arguments: SHOW PROCEDURES lists them as `TYPE DEFAULT` and counts
/// them out of `min_num_arguments`
/// (https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_01/bcr-1508).
#[test]
fn optional_procedure_arguments_are_listed_with_default() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create procedure my_proc(arg1 string, arg2 boolean default true, arg3 number default coalesce(null, 1)) \
           returns string language javascript as $$ return 'hello world'; $$");
    let row = sb.one("show procedures like 'MY_PROC'");
    assert_eq!(
        cell(&row, "arguments"),
        "MY_PROC(VARCHAR, BOOLEAN DEFAULT, NUMBER DEFAULT) RETURN VARCHAR"
    );
    assert_eq!(cell(&row, "min_num_arguments"), "1");
    assert_eq!(cell(&row, "max_num_arguments"), "3");
    // The overload is still named by all its types.
    sb.ok("describe procedure my_proc(varchar, boolean, number)");
    assert_error(
        &sb.err("create procedure p2(a int default) returns int language sql as 'select 1'"),
        "001003",
        "unexpected ')'",
    );
}

/// Lowering a NUMBER's precision at the same scale is allowed when the data fits, and the
/// sandbox holds no rows; the scale still cannot change
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-table-column).
#[test]
fn number_precision_can_be_lowered() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (n number(20,2))");
    sb.ok("alter table t alter column n set data type number(10,2)");
    let rows = sb.rows("describe table t");
    assert_eq!(cell(&rows[0], "type"), "NUMBER(10,2)");
    assert_error(
        &sb.err("alter table t alter column n set data type number(10,3)"),
        "002108",
        "changing the scale",
    );
}

/// SHOW answers carry the columns generally-enabled behaviour-change bundles added, at
/// the end and NULL where the notes say "reserved for future use"
/// (https://docs.snowflake.com/en/release-notes/bcr-bundles/2025_03/bcr-1889,
/// https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_08/bcr-1719-1807,
/// https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_08/bcr-1757,
/// https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_08/bcr-1759).
#[test]
fn show_carries_bundle_columns() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create task t warehouse = wh schedule = '5 minute' as select 1");
    sb.ok("create task serverless schedule = '5 minute' as select 1");
    let last_columns = |sb: &mut Sandbox, sql: &str, n: usize| -> Vec<String> {
        let result = sb.ok(sql);
        let names: Vec<String> = result.columns.iter().map(|c| c.name.clone()).collect();
        names[names.len() - n..].to_vec()
    };
    // Then `generation`, which the SHOW WAREHOUSES page lists last
    // (https://docs.snowflake.com/en/sql-reference/sql/show-warehouses).
    assert_eq!(
        last_columns(&mut sb, "show warehouses", 4),
        [
            "warehouse_credit_limit",
            "target_statement_size",
            "disabled_reasons",
            "generation"
        ]
    );
    assert_eq!(
        last_columns(&mut sb, "show tasks", 3),
        [
            "success_integration",
            "scheduling_mode",
            "target_completion_interval"
        ]
    );
    assert_eq!(
        last_columns(&mut sb, "show schemas", 4),
        [
            "classification_profile_database",
            "classification_profile_schema",
            "classification_profile",
            "object_visibility"
        ]
    );
    assert_eq!(
        last_columns(&mut sb, "show databases", 1),
        ["object_visibility"]
    );
    assert_eq!(
        cell(&sb.one("show tasks like 'T'"), "scheduling_mode"),
        "<NULL>"
    );
    assert_eq!(
        cell(&sb.one("show tasks like 'SERVERLESS'"), "scheduling_mode"),
        "FIXED"
    );
    assert_eq!(
        cell(&sb.one("show warehouses like 'WH'"), "disabled_reasons"),
        "<NULL>"
    );
}
