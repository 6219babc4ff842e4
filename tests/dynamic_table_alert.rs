//! The `dynamic_table` and `alert` kinds end to end on a standalone sandbox: both apply
//! and then plan nothing; a dynamic table's lag change is an ALTER and its query change a
//! replace with the rebuild tier, its reason and the view reading it listed as affected;
//! an alert's condition changed while it runs is suspended, altered and resumed in that
//! order (the sandbox's query history); import adopts both and plans nothing; a misspelt
//! column in a dynamic table's query is refused at `validate`, pointing into the file.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

#[path = "fixtures/drift/support.rs"]
mod support;

use support::{Project, Server, expect_code, stderr, stdout};

const VARS: &[(&str, &str)] = &[("database", "DT_E2E"), ("env", "E2E")];

/// The schema file: a table, a dynamic table over it, a view over the dynamic table and
/// an alert on it, with the lag, query and condition given.
fn schema(lag: &str, query: &str, condition: &str) -> String {
    format!(
        r#"[[warehouse]]
name = "WH_${{env}}"
size = "XSMALL"
initially_suspended = true

[[database]]
name = "${{database}}"

[[schema]]
name = "${{database}}.SILVER"

[[schema]]
name = "${{database}}.GOLD"

[[table]]
name = "${{database}}.SILVER.ORDERS"
columns = [
  {{ name = "SALES_DATE", type = "DATE" }},
  {{ name = "AMOUNT", type = "NUMBER(12,2)" }},
]

[[dynamic_table]]
name = "${{database}}.GOLD.DAILY"
target_lag = "{lag}"
warehouse = "WH_${{env}}"
comment = "daily revenue"
query = """
{query}"""

[[view]]
name = "${{database}}.GOLD.DAILY_VIEW"
query = "SELECT SALES_DATE, REVENUE FROM DAILY"

[[alert]]
name = "${{database}}.GOLD.LOW_REVENUE"
warehouse = "WH_${{env}}"
schedule = "USING CRON 0 7 * * * UTC"
state = "started"
condition = "{condition}"
action = "CALL SYSTEM$SEND_EMAIL('${{env}}_DATA_TEAM_EMAIL', 'team@example.com', 'low', 'revenue is low')"
"#
    )
}

const QUERY: &str =
    "SELECT SALES_DATE, SUM(AMOUNT) AS REVENUE\nFROM SILVER.ORDERS\nGROUP BY SALES_DATE";
const CONDITION: &str = "SELECT 1 FROM DAILY WHERE REVENUE < 100";

fn project(server: &Server, lag: &str, query: &str, condition: &str) -> Project {
    Project::on_server(server, VARS, &schema(lag, query, condition))
}

fn write(project: &Project, lag: &str, query: &str, condition: &str) {
    project.write_schema(&schema(lag, query, condition));
}

fn apply_then_plan_nothing(project: &Project) {
    project.apply_then_plan_nothing(&[]);
}

/// Every statement the sandbox ran, oldest first.
fn history(server: &Server) -> Vec<String> {
    let mut texts = server.query(
        "SELECT QUERY_TEXT FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY(RESULT_LIMIT => 10000))",
        "QUERY_TEXT",
    );
    texts.reverse();
    texts
}

#[test]
fn both_kinds_apply_and_then_plan_nothing_and_edits_plan_what_snowflake_allows() {
    let server = Server::start();
    let project = project(&server, "5 minutes", QUERY, CONDITION);
    let plan = project.lakeform(&["plan", "-e", "sandbox"]);
    expect_code(&plan, 0);
    let text = stdout(&plan);
    // The table comes before the dynamic table reading it, which comes before the view
    // and the alert reading it; the alert is resumed after it is created.
    let table = text.find("CREATE TABLE DT_E2E.SILVER.ORDERS").unwrap();
    let dynamic = text
        .find("CREATE DYNAMIC TABLE DT_E2E.GOLD.DAILY TARGET_LAG = '5 minutes' WAREHOUSE = WH_E2E COMMENT = 'daily revenue' AS SELECT SALES_DATE")
        .unwrap_or_else(|| panic!("{text}"));
    let view = text.find("CREATE VIEW DT_E2E.GOLD.DAILY_VIEW").unwrap();
    let alert = text
        .find("CREATE ALERT DT_E2E.GOLD.LOW_REVENUE SCHEDULE = 'USING CRON 0 7 * * * UTC' WAREHOUSE = WH_E2E IF (EXISTS (SELECT 1 FROM DAILY WHERE REVENUE < 100)) THEN CALL SYSTEM$SEND_EMAIL('E2E_DATA_TEAM_EMAIL'")
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        table < dynamic && dynamic < view && dynamic < alert,
        "{text}"
    );
    assert!(
        text.contains("ALTER ALERT DT_E2E.GOLD.LOW_REVENUE RESUME"),
        "{text}"
    );
    apply_then_plan_nothing(&project);
    assert_eq!(
        server.query("SHOW ALERTS IN DATABASE DT_E2E", "state"),
        ["started"]
    );

    // The lag changes in place; 300 seconds is the same lag as 5 minutes.
    write(&project, "300 seconds", QUERY, CONDITION);
    expect_code(
        &project.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]),
        0,
    );
    write(&project, "10 minutes", QUERY, CONDITION);
    let plan = project.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]);
    expect_code(&plan, 2);
    let text = stdout(&plan);
    assert!(
        text.contains("ALTER DYNAMIC TABLE DT_E2E.GOLD.DAILY SET TARGET_LAG = '10 minutes'"),
        "{text}"
    );
    assert!(text.contains("(update in place, safe)"), "{text}");
    apply_then_plan_nothing(&project);

    // The query cannot be altered: the table is recreated, a rebuild that says why, and
    // the view reading it is listed as affected.
    let wider = "SELECT SALES_DATE, SUM(AMOUNT) AS REVENUE, COUNT(*) AS ORDERS\nFROM SILVER.ORDERS\nGROUP BY SALES_DATE";
    write(&project, "10 minutes", wider, CONDITION);
    let plan = project.lakeform(&["plan", "-e", "sandbox", "--format", "json"]);
    expect_code(&plan, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout(&plan)).unwrap();
    let changes = json["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{json}");
    let change = &changes[0];
    assert_eq!(change["address"]["kind"], "dynamic_table");
    assert_eq!(change["action"], "replace");
    assert_eq!(change["tier"], "rebuild");
    let reasons = change["reasons"].to_string();
    assert!(
        reasons.contains("re-materialized from its sources"),
        "{reasons}"
    );
    assert!(
        change["steps"][0]["statement"]
            .as_str()
            .unwrap()
            .starts_with("CREATE OR REPLACE DYNAMIC TABLE DT_E2E.GOLD.DAILY TARGET_LAG = '10 minutes' WAREHOUSE = WH_E2E COMMENT = 'daily revenue' COPY GRANTS AS SELECT"),
        "{change}"
    );
    let affected: Vec<String> = json["affected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["address"]["name"].as_str().unwrap().to_string())
        .collect();
    assert!(
        affected.contains(&"DT_E2E.GOLD.DAILY_VIEW".to_string())
            && affected.contains(&"DT_E2E.GOLD.LOW_REVENUE".to_string()),
        "{json}"
    );
    apply_then_plan_nothing(&project);
    let columns = server.query("DESCRIBE DYNAMIC TABLE DT_E2E.GOLD.DAILY", "name");
    assert_eq!(columns, ["SALES_DATE", "REVENUE", "ORDERS"]);
}

#[test]
fn a_running_alert_is_suspended_altered_and_resumed_in_that_order() {
    let server = Server::start();
    let project = project(&server, "5 minutes", QUERY, CONDITION);
    apply_then_plan_nothing(&project);
    let before = history(&server).len();
    write(
        &project,
        "5 minutes",
        QUERY,
        "SELECT 1 FROM DAILY WHERE REVENUE < 50",
    );
    let plan = project.lakeform(&["plan", "-e", "sandbox"]);
    let text = stdout(&plan);
    assert!(
        text.contains("alert DT_E2E.GOLD.LOW_REVENUE\n      before it changes:"),
        "{text}"
    );
    apply_then_plan_nothing(&project);
    let ran: Vec<String> = history(&server)[before..]
        .iter()
        .filter(|s| s.starts_with("ALTER ALERT"))
        .cloned()
        .collect();
    assert_eq!(
        ran,
        [
            "ALTER ALERT DT_E2E.GOLD.LOW_REVENUE SUSPEND",
            "ALTER ALERT DT_E2E.GOLD.LOW_REVENUE MODIFY CONDITION EXISTS (SELECT 1 FROM DAILY WHERE REVENUE < 50)",
            "ALTER ALERT DT_E2E.GOLD.LOW_REVENUE RESUME",
        ]
    );
    assert_eq!(
        server.query("SHOW ALERTS IN DATABASE DT_E2E", "condition"),
        ["SELECT 1 FROM DAILY WHERE REVENUE < 50"]
    );
}

#[test]
fn import_adopts_both_kinds_and_then_plans_nothing() {
    let server = Server::start();
    let project = project(&server, "5 minutes", QUERY, CONDITION);
    apply_then_plan_nothing(&project);
    std::fs::remove_file(project.schema_dir().join("main.toml")).unwrap();
    expect_code(
        &project.lakeform(&["import", "-e", "sandbox", "--scope", "DT_E2E"]),
        0,
    );
    let gold = std::fs::read_to_string(project.schema_dir().join("gold.toml")).unwrap();
    assert!(
        gold.contains("[[dynamic_table]]\nname = \"DAILY\""),
        "{gold}"
    );
    assert!(gold.contains("target_lag = \"5 minutes\""), "{gold}");
    assert!(gold.contains("[[alert]]\nname = \"LOW_REVENUE\""), "{gold}");
    assert!(gold.contains("state = \"started\""), "{gold}");
    assert!(gold.contains("'${env}_DATA_TEAM_EMAIL'"), "{gold}");
    expect_code(
        &project.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]),
        0,
    );
}

#[test]
fn a_misspelt_column_and_a_short_lag_are_refused_at_validate() {
    let server = Server::start();
    let misspelt =
        "SELECT SALES_DATE, SUM(AMOUNT) AS REVENUE\nFROM SILVER.ORDERS\nGROUP BY SALES_DAT";
    let project = project(&server, "5 minutes", misspelt, CONDITION);
    let output = project.lakeform(&["validate", "-e", "sandbox"]);
    expect_code(&output, 1);
    let message = stderr(&output);
    assert!(
        message.contains("dynamic table DT_E2E.GOLD.DAILY: query: invalid identifier 'SALES_DAT'"),
        "{message}"
    );
    // GROUP BY is line 30 of the file; SALES_DAT starts at its 10th column.
    assert!(message.contains("main.toml:30:10"), "{message}");

    write(&project, "30 seconds", QUERY, CONDITION);
    let output = project.lakeform(&["validate", "-e", "sandbox"]);
    expect_code(&output, 1);
    let message = stderr(&output);
    assert!(
        message.contains("invalid target_lag: a target lag is at least 60 seconds"),
        "{message}"
    );
    assert!(message.contains("main.toml:24:14"), "{message}");
}
