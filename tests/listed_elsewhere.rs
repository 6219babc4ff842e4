//! Objects a SHOW lists under another kind: SHOW VIEWS lists materialized views and SHOW
//! TABLES dynamic tables (the sandbox answers both as Snowflake documents). lakeform,
//! which manages no materialized views, must neither report one as an unmanaged view nor
//! drop it with `DROP VIEW` under `prune = true`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

#[path = "fixtures/drift/support.rs"]
mod support;

use support::{Project, Server, stdout};

const VARS: &[(&str, &str)] = &[("database", "LE"), ("env", "T")];

const SCHEMA: &str = r#"
[[database]]
name = "${database}"

[[schema]]
name = "${database}.GOLD"

[[table]]
name = "${database}.GOLD.SALES"
columns = [{ name = "ID", type = "NUMBER(38,0)" }, { name = "REGION", type = "VARCHAR" }]
"#;

#[test]
fn a_materialized_view_made_by_hand_is_not_an_unmanaged_view() {
    let server = Server::start();
    let project = Project::on_server(&server, VARS, SCHEMA);
    project.apply_then_plan_nothing(&[]);
    server.sql("CREATE MATERIALIZED VIEW LE.GOLD.BY_REGION AS SELECT REGION FROM LE.GOLD.SALES");
    server.sql("CREATE VIEW LE.GOLD.SCRATCH AS SELECT ID FROM LE.GOLD.SALES");
    assert_eq!(
        server.query("SHOW VIEWS IN SCHEMA LE.GOLD", "name"),
        ["BY_REGION", "SCRATCH"]
    );

    // The hand-made view is unmanaged; the materialized view is not lakeform's at all.
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(plan.contains("view LE.GOLD.SCRATCH"), "{plan}");
    assert!(!plan.contains("BY_REGION"), "{plan}");

    // With prune, only the view is dropped.
    let environment = project.path().join("environments").join("sandbox.toml");
    let text = std::fs::read_to_string(&environment).unwrap();
    std::fs::write(&environment, format!("prune = true\n{text}")).unwrap();
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(plan.contains("DROP VIEW"), "{plan}");
    assert!(!plan.contains("BY_REGION"), "{plan}");
    project.apply_then_plan_nothing(&["--allow-destructive"]);
    assert_eq!(
        server.query("SHOW MATERIALIZED VIEWS IN SCHEMA LE.GOLD", "name"),
        ["BY_REGION"]
    );
}
