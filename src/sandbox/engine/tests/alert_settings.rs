//! An alert's CONFIG, RUNBOOK and SUSPEND_ALERT_AFTER_NUM_FAILURES, on CREATE ALERT and
//! ALTER ALERT … SET / UNSET, and `FROM TEMPLATE`
//! (https://docs.snowflake.com/en/sql-reference/sql/create-alert,
//! https://docs.snowflake.com/en/sql-reference/sql/alter-alert).

use super::{Sandbox, assert_error, cell};

fn with_alert() -> Sandbox {
    let mut sb = Sandbox::with_schema();
    sb.ok(
        "create alert my_alert warehouse = wh schedule = '5 minute' \
         config = $${\"enabled\": true, \"threshold\": 10, \"notify\": \"ops\"}$$ \
         runbook = 'https://example.com/runbook' suspend_alert_after_num_failures = 3 \
         if (exists (select 1)) then select 2",
    );
    sb
}

#[test]
fn create_keeps_config_and_runbook_and_show_reports_them() {
    let mut sb = with_alert();
    let row = sb.one("show alerts like 'MY_ALERT'");
    assert_eq!(
        cell(&row, "config"),
        "{\"enabled\": true, \"threshold\": 10, \"notify\": \"ops\"}"
    );
    assert_eq!(cell(&row, "runbook"), "https://example.com/runbook");
    let row = sb.one("describe alert my_alert");
    assert_eq!(cell(&row, "runbook"), "https://example.com/runbook");
}

#[test]
fn alter_sets_and_unsets_them_as_documented() {
    let mut sb = with_alert();
    // The documentation's examples.
    sb.ok("ALTER ALERT my_alert SET\n  CONFIG=$${\n    \"enabled\": true,\n    \"threshold\": 25,\n    \"notify\": \"oncall\"\n  }$$");
    sb.ok(
        "ALTER ALERT my_alert SET\n  RUNBOOK='https://www.snowflake.com/alerts/my-alert-runbook'",
    );
    let row = sb.one("show alerts like 'MY_ALERT'");
    assert!(cell(&row, "config").contains("\"threshold\": 25"));
    assert_eq!(
        cell(&row, "runbook"),
        "https://www.snowflake.com/alerts/my-alert-runbook"
    );
    sb.ok("alter alert my_alert set suspend_alert_after_num_failures = 5, comment = 'c'");
    sb.ok("ALTER ALERT my_alert UNSET CONFIG");
    sb.ok("ALTER ALERT my_alert UNSET RUNBOOK, SUSPEND_ALERT_AFTER_NUM_FAILURES");
    let row = sb.one("show alerts like 'MY_ALERT'");
    assert_eq!(row.get("config"), Some(&None));
    assert_eq!(row.get("runbook"), Some(&None));
    assert_eq!(cell(&row, "comment"), "c");
}

#[test]
fn a_config_is_a_json_object_and_a_runbook_at_most_2048_characters() {
    let mut sb = with_alert();
    assert_error(
        &sb.err("alter alert my_alert set config = 'threshold=25'"),
        "002029",
        "'CONFIG'",
    );
    assert_error(
        &sb.err("create alert other config = '[1]' if (exists (select 1)) then select 2"),
        "002029",
        "'CONFIG'",
    );
    let long = "x".repeat(2049);
    assert_error(
        &sb.err(&format!("alter alert my_alert set runbook = '{long}'")),
        "002029",
        "'RUNBOOK'",
    );
    sb.ok(&format!(
        "alter alert my_alert set runbook = '{}'",
        "x".repeat(2048)
    ));
    assert_error(
        &sb.err("alter alert my_alert set suspend_alert_after_num_failures = 'many'"),
        "001003",
        "'many'",
    );
}

#[test]
fn an_alert_template_the_sandbox_does_not_hold_does_not_exist() {
    let mut sb = with_alert();
    // "The template_id doesn't name a template that exists and that you have access to
    // (returns an object does not exist or not authorized error)": the sandbox holds
    // none of Snowflake's templates.
    assert_error(
        &sb.err(
            "CREATE OR REPLACE ALERT task_error_rate_alert FROM TEMPLATE TASKS_ERROR_RATE \
             WAREHOUSE = wh SCHEDULE = '30 MINUTE' TEMPLATE_PARAMS = '{}'",
        ),
        "002003",
        "TASKS_ERROR_RATE",
    );
    assert_error(
        &sb.err("ALTER ALERT my_alert FROM TEMPLATE TASKS_ERROR_RATE SET TEMPLATE_PARAMS = '{}'"),
        "002003",
        "TASKS_ERROR_RATE",
    );
    // Nothing was created.
    assert!(
        sb.rows("show alerts like 'TASK_ERROR_RATE_ALERT'")
            .is_empty()
    );
}
