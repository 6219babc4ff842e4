//! Snapshots of the text, json and markdown renderings of plans a reviewer would read:
//! the PacificRetail example from empty, and one edit each of a small pipeline (a column
//! added, a column renamed, a view changed, a task moved in its graph, a table rebuilt, a
//! container removed). Colours are off and backups (which carry a timestamp) are off, and
//! the time the plan was made is fixed, so the renderings are the same on every run.
//! Every markdown rendering's Mermaid diagram passes the strict structural check of
//! `mermaid_check`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

mod mermaid_check;
mod plan_support;

use lakeform::kinds::container::Container;
use lakeform::plan::Plan;
use lakeform::plan::render::{json, markdown, palette::Palette, text};
use plan_support::{Project, ProjectSpec};

fn assert_renderings(name: &str, plan: &Plan) {
    let plan = &Plan {
        made_at: "2026-01-02T03:04:05Z".into(),
        ..plan.clone()
    };
    insta::assert_snapshot!(
        format!("{name}_text"),
        text::render(plan, &Palette::plain())
    );
    insta::assert_snapshot!(format!("{name}_json"), json::render(plan));
    let markdown = markdown::render(plan);
    // Every plan with changes carries one diagram, and it parses.
    let diagrams = mermaid_check::blocks(&markdown);
    assert_eq!(diagrams.len(), 1, "{name}:\n{markdown}");
    let chart = mermaid_check::check(&diagrams[0]).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(chart.nodes.len() >= plan.changes.len().min(1), "{name}");
    insta::assert_snapshot!(format!("{name}_markdown"), markdown);
}

/// The example's variables, as `environments/sandbox.toml` sets them.
const EXAMPLE_VARS: &str = r#"env = "SANDBOX"
database = "PACIFICRETAIL_SANDBOX"
lake_account = "pacificretailsandbox"
azure_tenant_id = "00000000-0000-0000-0000-000000000000"
warehouse_size = "XSMALL"
load_schedule = "60 MINUTE"
merge_schedule = "60 MINUTE"
"#;

#[tokio::test]
async fn example_from_empty() {
    let project = Project::start(&ProjectSpec {
        vars: EXAMPLE_VARS,
        lake: true,
        ..ProjectSpec::default()
    })
    .await;
    let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
    for entry in std::fs::read_dir(schema).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_str().unwrap().to_string();
        project.write_schema(&file, &std::fs::read_to_string(&path).unwrap());
    }
    let plan = project.plan().await.unwrap();
    assert!(
        plan.changes
            .iter()
            .all(|c| c.action == lakeform::plan::Action::Create)
    );
    assert_renderings("example_from_empty", &plan);
    project.shutdown().await;
}

/// A small pipeline: a table with a stream, a view over it and a three-task graph.
const PIPELINE: &str = r#"
[defaults]
database = "SHOP"
schema = "RAW"

[[warehouse]]
name = "WH"
size = "XSMALL"
auto_suspend = 60

[[database]]
name = "SHOP"

[[schema]]
name = "RAW"

[[table]]
name = "ORDERS"
comment = "One row per order"
change_tracking = true
columns = [
  { name = "ID", type = "NUMBER(38,0)", nullable = false },
  { name = "AMOUNT", type = "NUMBER(10,2)" },
  { name = "NOTE", type = "VARCHAR" },
]

[[stream]]
name = "ORDERS_STREAM"
on_table = "ORDERS"

[[view]]
name = "BIG_ORDERS"
query = '''
SELECT ID, AMOUNT
FROM ORDERS
WHERE AMOUNT > 100
'''

[[task]]
name = "LOAD"
warehouse = "WH"
schedule = "5 MINUTE"
state = "started"
sql = "INSERT INTO ORDERS (ID, AMOUNT) SELECT 1, 10"

[[task]]
name = "CLEAN"
warehouse = "WH"
after = ["LOAD"]
state = "started"
sql = "DELETE FROM ORDERS WHERE AMOUNT < 0"

[[task]]
name = "REPORT"
warehouse = "WH"
after = ["CLEAN"]
state = "started"
sql = "SELECT COUNT(*) FROM ORDERS"
"#;

/// The pipeline as someone built it by hand.
const PIPELINE_LIVE: &str = "
CREATE WAREHOUSE WH WAREHOUSE_SIZE = XSMALL AUTO_SUSPEND = 60;
CREATE DATABASE SHOP;
CREATE SCHEMA SHOP.RAW;
USE SCHEMA SHOP.RAW;
CREATE TABLE ORDERS (ID NUMBER(38,0) NOT NULL, AMOUNT NUMBER(10,2), NOTE VARCHAR)
  CHANGE_TRACKING = TRUE COMMENT = 'One row per order';
CREATE STREAM ORDERS_STREAM ON TABLE ORDERS;
CREATE VIEW BIG_ORDERS AS SELECT ID, AMOUNT FROM ORDERS WHERE AMOUNT > 100;
CREATE TASK LOAD WAREHOUSE = WH SCHEDULE = '5 MINUTE'
  AS INSERT INTO ORDERS (ID, AMOUNT) SELECT 1, 10;
CREATE TASK CLEAN WAREHOUSE = WH AFTER LOAD AS DELETE FROM ORDERS WHERE AMOUNT < 0;
CREATE TASK REPORT WAREHOUSE = WH AFTER CLEAN AS SELECT COUNT(*) FROM ORDERS;
ALTER TASK REPORT RESUME;
ALTER TASK CLEAN RESUME;
ALTER TASK LOAD RESUME;
";

/// Plans the pipeline edited by `edit` against the pipeline as it is live.
async fn pipeline_plan(edit: impl FnOnce(&str) -> String) -> Plan {
    let project = Project::start(&ProjectSpec {
        environment: "backup = false",
        ..ProjectSpec::default()
    })
    .await;
    project.run_sql(PIPELINE_LIVE).await.unwrap();
    project.write_schema("shop.toml", PIPELINE);
    let base = project.plan().await.unwrap();
    assert!(
        base.is_empty(),
        "the hand-built pipeline matches its schema file:\n{}",
        text::render(&base, &Palette::plain())
    );
    project.write_schema("shop.toml", &edit(PIPELINE));
    let plan = project.plan().await.unwrap();
    project.shutdown().await;
    plan
}

fn replaced(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the pipeline has {from:?}");
    text.replacen(from, to, 1)
}

#[tokio::test]
async fn column_added() {
    let plan = pipeline_plan(|p| {
        replaced(
            p,
            "{ name = \"NOTE\", type = \"VARCHAR\" },",
            "{ name = \"NOTE\", type = \"VARCHAR\" },\n  { name = \"CURRENCY\", type = \"VARCHAR(3)\", default = \"'EUR'\" },",
        )
    })
    .await;
    assert_renderings("column_added", &plan);
}

#[tokio::test]
async fn column_renamed() {
    let plan = pipeline_plan(|p| {
        replaced(
            p,
            "{ name = \"NOTE\", type = \"VARCHAR\" },",
            "{ name = \"REMARK\", type = \"VARCHAR\", renamed_from = \"NOTE\" },",
        )
    })
    .await;
    assert_renderings("column_renamed", &plan);
}

#[tokio::test]
async fn view_changed() {
    let plan = pipeline_plan(|p| {
        replaced(
            p,
            "SELECT ID, AMOUNT\nFROM ORDERS\nWHERE AMOUNT > 100",
            "SELECT ID, AMOUNT, NOTE\nFROM ORDERS\nWHERE AMOUNT > 500",
        )
    })
    .await;
    assert_renderings("view_changed", &plan);
}

#[tokio::test]
async fn task_moved_in_its_graph() {
    let plan = pipeline_plan(|p| {
        replaced(
            p,
            "name = \"REPORT\"\nwarehouse = \"WH\"\nafter = [\"CLEAN\"]",
            "name = \"REPORT\"\nwarehouse = \"WH\"\nafter = [\"LOAD\"]",
        )
    })
    .await;
    assert_renderings("task_moved_in_its_graph", &plan);
}

#[tokio::test]
async fn table_rebuilt() {
    let plan = pipeline_plan(|p| {
        replaced(
            p,
            "{ name = \"AMOUNT\", type = \"NUMBER(10,2)\" },",
            "{ name = \"AMOUNT\", type = \"VARCHAR\" },",
        )
    })
    .await;
    assert_renderings("table_rebuilt", &plan);
}

#[tokio::test]
async fn container_removed() {
    let project = Project::start(&ProjectSpec {
        environment: "prune = true\nbackup = false",
        lake: true,
        ..ProjectSpec::default()
    })
    .await;
    let mut landing = Container::new("landing").unwrap();
    landing.set_metadata([("owner", "data")]).unwrap();
    project.create_container(&landing).await;
    let mut archive = Container::new("archive").unwrap();
    archive.set_metadata([("owner", "data")]).unwrap();
    archive
        .directories
        .insert(lakeform::kinds::container::canonical_directory("2024").unwrap());
    project.create_container(&archive).await;
    project.write_schema(
        "lake.toml",
        "[[container]]\nname = \"landing\"\nmetadata = { owner = \"data\" }\n",
    );
    let plan = project.plan().await.unwrap();
    project.shutdown().await;
    assert_renderings("container_removed", &plan);
}
