//! Dynamic tables and alerts through the engine: their lifecycles, SHOW and DESCRIBE rows,
//! the compiled queries (a dynamic table's columns are read by later queries) and the
//! rules Snowflake documents for each.

use super::{Sandbox, assert_error, cell};

/// A schema with a table ORDERS(D DATE, AMOUNT NUMBER(12,2)).
fn with_orders() -> Sandbox {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table orders (d date, amount number(12,2))");
    sb
}

#[test]
fn dynamic_table_lifecycle() {
    let mut sb = with_orders();
    assert_eq!(
        sb.status(
            "create dynamic table daily target_lag = '5 minutes' warehouse = wh comment = 'by day' \
             as select d, sum(amount) as revenue from orders group by d"
        ),
        "Dynamic table DAILY successfully created."
    );
    let row = sb.one("show dynamic tables");
    assert_eq!(
        [
            "name",
            "database_name",
            "schema_name",
            "target_lag",
            "refresh_mode",
            "warehouse",
            "comment",
            "scheduling_state",
            "rows",
        ]
        .map(|c| cell(&row, c)),
        [
            "DAILY",
            "D",
            "S",
            "5 minutes",
            "INCREMENTAL",
            "WH",
            "by day",
            "ACTIVE",
            "0"
        ]
    );
    assert!(cell(&row, "text").starts_with("create dynamic table daily"));
    // Its columns are the query's: DESCRIBE, SHOW COLUMNS and queries reading it see them.
    let columns: Vec<String> = sb
        .rows("describe dynamic table daily")
        .iter()
        .map(|r| format!("{} {}", cell(r, "name"), cell(r, "type")))
        .collect();
    assert_eq!(columns, ["D DATE", "REVENUE NUMBER(38,2)"]);
    assert_eq!(sb.rows("show columns in table daily").len(), 2);
    sb.ok("create view over_daily as select d, revenue from daily");
    assert_error(
        &sb.err("create view bad as select revenu from daily"),
        "000904",
        "invalid identifier 'REVENU'",
    );
    sb.ok(
        "create dynamic table weekly target_lag = downstream warehouse = wh as select d from daily",
    );

    sb.ok("alter dynamic table daily set target_lag = '10 minutes'");
    sb.ok("alter dynamic table daily suspend");
    let row = sb.one("show dynamic tables like 'DAILY'");
    assert_eq!(
        ["target_lag", "scheduling_state"].map(|c| cell(&row, c)),
        ["10 minutes", "SUSPENDED"]
    );
    sb.ok("alter dynamic table daily resume");
    sb.ok("alter dynamic table daily refresh");
    sb.ok("alter dynamic table daily cluster by (d)");
    assert_eq!(
        cell(&sb.one("show dynamic tables like 'DAILY'"), "cluster_by"),
        "LINEAR(d)"
    );
    sb.ok("alter dynamic table daily unset comment");
    // The query and the refresh mode cannot be altered.
    assert_error(
        &sb.err("alter dynamic table daily set refresh_mode = full"),
        "001003",
        "syntax error",
    );
    // Tables, views and dynamic tables share a namespace.
    assert_error(
        &sb.err("create table daily (x int)"),
        "002002",
        "already exists",
    );
    assert_error(
        &sb.err(
            "create dynamic table orders target_lag = '1 minute' warehouse = wh as select 1 as x",
        ),
        "002002",
        "already exists",
    );
    sb.ok("create or replace dynamic table daily target_lag = '1 hour' warehouse = wh refresh_mode = full as select d from orders");
    assert_eq!(
        cell(&sb.one("show dynamic tables like 'DAILY'"), "refresh_mode"),
        "FULL"
    );
    assert_eq!(
        sb.status("drop dynamic table weekly"),
        "WEEKLY successfully dropped."
    );
    sb.ok("alter dynamic table daily rename to daily_sales");
    assert_eq!(sb.names("show dynamic tables"), ["DAILY_SALES"]);
}

/// Sources must exist and columns resolve; the lag is at least 60 seconds; TARGET_LAG and
/// WAREHOUSE are required and the warehouse must exist
/// (https://docs.snowflake.com/en/sql-reference/sql/create-dynamic-table).
#[test]
fn dynamic_table_rules() {
    let mut sb = with_orders();
    assert_error(
        &sb.err("create dynamic table t target_lag = '1 minute' warehouse = wh as select x from missing"),
        "002003",
        "does not exist",
    );
    assert_error(
        &sb.err("create dynamic table t target_lag = '1 minute' warehouse = wh as select amout from orders"),
        "000904",
        "invalid identifier 'AMOUT'",
    );
    assert_error(
        &sb.err("create dynamic table t target_lag = '30 seconds' warehouse = wh as select d from orders"),
        "002029",
        "TARGET_LAG",
    );
    assert_error(
        &sb.err("create dynamic table t warehouse = wh as select d from orders"),
        "002031",
        "TARGET_LAG",
    );
    assert_error(
        &sb.err("create dynamic table t target_lag = '1 minute' as select d from orders"),
        "002031",
        "WAREHOUSE",
    );
    assert_error(
        &sb.err("create dynamic table t target_lag = '1 minute' warehouse = nope as select d from orders"),
        "002003",
        "Warehouse 'NOPE' does not exist",
    );
    // A refresh compiles the query again: a source dropped since fails it.
    sb.ok("create dynamic table t target_lag = '1 minute' warehouse = wh as select d from orders");
    sb.ok("drop table orders");
    assert_error(
        &sb.err("alter dynamic table t refresh"),
        "002003",
        "does not exist",
    );
}

#[test]
fn alert_lifecycle() {
    let mut sb = with_orders();
    assert_eq!(
        sb.status(
            "create alert low_revenue warehouse = wh schedule = 'USING CRON 0 6 * * * UTC' comment = 'c' \
             if (exists (select d from orders where amount < 10)) \
             then call system$send_email('TEAM', 'a@b.c', 'low', 'revenue is low')"
        ),
        "Alert LOW_REVENUE successfully created."
    );
    let row = sb.one("show alerts");
    assert_eq!(
        [
            "name",
            "warehouse",
            "schedule",
            "state",
            "condition",
            "action",
            "comment"
        ]
        .map(|c| cell(&row, c)),
        [
            "LOW_REVENUE",
            "WH",
            "USING CRON 0 6 * * * UTC",
            // A new alert is suspended.
            "suspended",
            "select d from orders where amount < 10",
            "call system$send_email('TEAM', 'a@b.c', 'low', 'revenue is low')",
            "c"
        ]
    );
    sb.ok("alter alert low_revenue resume");
    assert_eq!(
        cell(&sb.one("describe alert low_revenue"), "state"),
        "started"
    );
    sb.ok("alter alert low_revenue modify condition exists (select 1 from orders)");
    sb.ok("alter alert low_revenue modify action select 2");
    sb.ok("alter alert low_revenue set schedule = '60 MINUTE'");
    sb.ok("alter alert low_revenue unset warehouse");
    sb.ok("alter alert low_revenue suspend");
    let row = sb.one("show alerts in schema d.s");
    assert_eq!(
        ["condition", "action", "schedule", "warehouse", "state"].map(|c| cell(&row, c)),
        [
            "select 1 from orders",
            "select 2",
            "60 MINUTE",
            "<NULL>",
            "suspended"
        ]
    );
    assert_eq!(
        sb.status("execute alert low_revenue"),
        "Statement executed successfully."
    );
    assert_eq!(
        sb.status("drop alert low_revenue"),
        "LOW_REVENUE successfully dropped."
    );
    assert_error(
        &sb.err("execute alert low_revenue"),
        "002003",
        "does not exist",
    );
}

/// The condition is compiled; the warehouse must exist; an alert on new data cannot be
/// given a schedule (https://docs.snowflake.com/en/sql-reference/sql/alter-alert).
#[test]
fn alert_rules() {
    let mut sb = with_orders();
    assert_error(
        &sb.err("create alert a warehouse = wh schedule = '5 minute' if (exists (select x from missing)) then select 1"),
        "002003",
        "does not exist",
    );
    assert_error(
        &sb.err("create alert a warehouse = wh schedule = '5 minute' if (exists (select amout from orders)) then select 1"),
        "000904",
        "invalid identifier 'AMOUT'",
    );
    assert_error(
        &sb.err("create alert a warehouse = nope schedule = '5 minute' if (exists (select 1)) then select 1"),
        "002003",
        "Warehouse 'NOPE' does not exist",
    );
    assert_error(
        &sb.err("create alert a schedule = '11521 MINUTE' if (exists (select 1)) then select 1"),
        "002029",
        "SCHEDULE",
    );
    sb.ok("create alert on_new_data if (exists (select d from orders)) then select 1");
    assert_error(
        &sb.err("alter alert on_new_data set schedule = '5 minute'"),
        "002029",
        "SCHEDULE",
    );
    assert_error(
        &sb.err("alter alert on_new_data modify condition exists (select amout from orders)"),
        "000904",
        "invalid identifier 'AMOUT'",
    );
}

/// Tables, views, dynamic tables and materialized views share a schema's namespace, at
/// CREATE and at RENAME TO alike (`Catalog::claim_relation_name`).
#[test]
fn a_dynamic_table_cannot_take_a_relations_name() {
    let mut sb = with_orders();
    sb.ok("create view v as select d from orders");
    sb.ok("create dynamic table daily target_lag = '5 minutes' warehouse = wh as select d from orders");
    assert_error(
        &sb.err("create dynamic table v target_lag = '5 minutes' warehouse = wh as select d from orders"),
        "002002",
        "already exists",
    );
    assert_error(
        &sb.err("alter dynamic table daily rename to orders"),
        "002002",
        "already exists",
    );
    assert_error(
        &sb.err("alter view v rename to daily"),
        "002002",
        "already exists",
    );
    assert_error(
        &sb.err("create view daily as select d from orders"),
        "002002",
        "already exists",
    );
    sb.ok("alter dynamic table daily rename to daily_2");
}

/// SHOW TABLES lists dynamic tables too, `kind` TABLE and `is_dynamic` Y, in name order
/// with the tables and under the same clauses
/// (https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_03/bcr-1580).
#[test]
fn show_tables_lists_dynamic_tables() {
    let mut sb = with_orders();
    sb.ok("create dynamic table daily target_lag = '5 minutes' warehouse = wh as select d from orders");
    let rows = sb.rows("show tables in schema d.s");
    let seen: Vec<String> = rows
        .iter()
        .map(|r| ["name", "kind", "is_dynamic"].map(|c| cell(r, c)).join(" "))
        .collect();
    assert_eq!(seen, ["DAILY TABLE Y", "ORDERS TABLE N"]);
    assert_eq!(
        sb.names("show tables like 'ORD%' in schema d.s"),
        ["ORDERS"]
    );
    assert_eq!(sb.names("show tables in schema d.s limit 1"), ["DAILY"]);
    assert_eq!(
        sb.names("show tables in schema d.s limit 1 from 'DAILY'"),
        ["ORDERS"]
    );
    // SHOW DYNAMIC TABLES lists only them.
    assert_eq!(sb.names("show dynamic tables in schema d.s"), ["DAILY"]);
}

/// A column list names the query's columns, with a type where one is declared
/// (https://docs.snowflake.com/en/sql-reference/sql/create-dynamic-table: the syntax's
/// column definitions and the page's example without types); its count must match.
#[test]
fn a_dynamic_table_column_list_renames_and_types_the_query_columns() {
    let mut sb = with_orders();
    sb.ok(
        "create dynamic table daily (day, revenue number(20,2) comment 'net') \
         target_lag = '5 minutes' warehouse = wh as select d, sum(amount) from orders group by d",
    );
    let columns: Vec<String> = sb
        .rows("describe dynamic table daily")
        .iter()
        .map(|r| format!("{} {}", cell(r, "name"), cell(r, "type")))
        .collect();
    assert_eq!(columns, ["DAY DATE", "REVENUE NUMBER(20,2)"]);
    sb.ok("create view v as select day, revenue from daily");
    // A view's column list names unaliased expressions the same way.
    sb.ok("create view by_day (day, total) as select d, sum(amount) from orders group by d");
    let columns: Vec<String> = sb
        .rows("describe view by_day")
        .iter()
        .map(|r| format!("{} {}", cell(r, "name"), cell(r, "type")))
        .collect();
    assert_eq!(columns, ["DAY DATE", "TOTAL NUMBER(38,2)"]);
    assert_error(
        &sb.err("create dynamic table two (a) target_lag = '5 minutes' warehouse = wh as select d, amount from orders"),
        "002043",
        "declared 1 column(s), but view query produces 2 column(s)",
    );
}

/// The settings CREATE and ALTER DYNAMIC TABLE document beyond the lag and the warehouse
/// (https://docs.snowflake.com/en/sql-reference/sql/create-dynamic-table,
/// https://docs.snowflake.com/en/sql-reference/sql/alter-dynamic-table) are kept, and SHOW
/// reports those it has columns for.
#[test]
fn dynamic_table_settings_are_kept_and_shown() {
    let mut sb = with_orders();
    sb.ok("create warehouse init_wh initially_suspended = true");
    sb.ok(
        "create dynamic table daily target_lag = '5 minutes' warehouse = wh \
         initialization_warehouse = init_wh scheduler = enable \
         immutable where (d < '2024-01-01') data_retention_time_in_days = 3 \
         cluster by (d) as select d, sum(amount) as total from orders group by d",
    );
    let row = sb.one("show dynamic tables like 'DAILY'");
    assert_eq!(
        ["scheduler", "immutable_where", "automatic_clustering"].map(|c| cell(&row, c)),
        ["ENABLE", "d < '2024-01-01'", "ON"]
    );
    sb.ok("alter dynamic table daily suspend recluster");
    assert_eq!(
        cell(&sb.one("show dynamic tables"), "automatic_clustering"),
        "OFF"
    );
    sb.ok("alter dynamic table daily resume recluster");
    sb.ok("alter dynamic table daily set scheduler = disable, frozen where (d < '2025-01-01')");
    sb.ok("alter dynamic table daily set log_level = debug max_data_extension_time_in_days = 7");
    let row = sb.one("show dynamic tables");
    assert_eq!(
        ["scheduler", "immutable_where", "automatic_clustering"].map(|c| cell(&row, c)),
        ["DISABLE", "d < '2025-01-01'", "ON"]
    );
    sb.ok("alter dynamic table daily unset immutable, log_level, initialization_warehouse");
    assert_eq!(
        cell(&sb.one("show dynamic tables"), "immutable_where"),
        "<NULL>"
    );
    sb.ok("alter dynamic table daily refresh copy session");
    // A warehouse named must exist; parameters take their documented values; an ALTER
    // that fails changes nothing.
    assert_error(
        &sb.err("alter dynamic table daily set initialization_warehouse = nope"),
        "002003",
        "does not exist",
    );
    assert_error(
        &sb.err("alter dynamic table daily set scheduler = enable, log_level = loud"),
        "002029",
        "LOG_LEVEL",
    );
    assert_eq!(cell(&sb.one("show dynamic tables"), "scheduler"), "DISABLE");
    assert_error(
        &sb.err("alter dynamic table daily set data_retention_time_in_days = 91"),
        "002029",
        "DATA_RETENTION_TIME_IN_DAYS",
    );
    assert_eq!(
        sb.err("alter dynamic table daily unset target_lag").code,
        "001003"
    );
}

/// `ALTER DYNAMIC TABLE … SWAP WITH <target_dynamic_table_name>` exchanges two dynamic
/// tables; the other must be one.
#[test]
fn dynamic_tables_swap_with_dynamic_tables_only() {
    let mut sb = with_orders();
    sb.ok("create dynamic table a target_lag = '1 hour' warehouse = wh as select d from orders");
    sb.ok(
        "create dynamic table b target_lag = '2 hours' warehouse = wh as select amount from orders",
    );
    sb.ok("alter dynamic table a swap with b");
    let lag = |sb: &mut Sandbox, name: &str| {
        cell(
            &sb.one(&format!("show dynamic tables like '{name}'")),
            "target_lag",
        )
        .to_string()
    };
    assert_eq!(lag(&mut sb, "A"), "2 hours");
    assert_eq!(lag(&mut sb, "B"), "1 hour");
    assert_eq!(cell(&sb.one("describe dynamic table a"), "name"), "AMOUNT");
    assert_error(
        &sb.err("alter dynamic table a swap with orders"),
        "002003",
        "does not exist",
    );
}
