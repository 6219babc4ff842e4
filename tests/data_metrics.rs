//! Data quality end to end on a standalone sandbox: a custom data metric function and the
//! data metrics of a table and a view (system and custom, with expectations and a
//! schedule) apply and then plan nothing; a metric dropped, an expectation changed and a
//! schedule changed by hand show in drift and are repaired; a DMF body change is in
//! place, a signature change drops the association, replaces the function and adds the
//! association back, in that order; `import` adopts them and re-plans empty; `validate`
//! points at an unknown column, a type that does not match the DMF and a bad schedule.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

#[path = "fixtures/drift/support.rs"]
mod support;

use support::{Project, Server, expect_code, stderr, stdout};

const VARS: &[(&str, &str)] = &[("database", "DQ"), ("env", "T")];

const BODY: &str = "SELECT COUNT_IF(EMAIL NOT LIKE '%@%') FROM T";

/// The schema: `columns` is the DMF's column list, `on` the table's columns for it, `rest`
/// more keys for the table.
fn schema(columns: &str, body: &str, on: &str, schedule: &str) -> String {
    format!(
        r#"
[[database]]
name = "${{database}}"

[[schema]]
name = "${{database}}.SILVER"

[[data_metric_function]]
name = "${{database}}.SILVER.BAD_EMAILS"
arguments = [{{ name = "T", columns = [{columns}] }}]
body = "{body}"

[[table]]
name = "${{database}}.SILVER.CUSTOMER"
columns = [
  {{ name = "ID", type = "NUMBER(38,0)" }},
  {{ name = "EMAIL", type = "VARCHAR(200)" }},
  {{ name = "NAME", type = "VARCHAR(200)" }},
]
data_metric_schedule = "{schedule}"
data_metrics = [
  {{ function = "SNOWFLAKE.CORE.NULL_COUNT", on = ["EMAIL"], expectations = {{ no_nulls = "VALUE = 0" }} }},
  {{ function = "SNOWFLAKE.CORE.ROW_COUNT", on = [] }},
  {{ function = "BAD_EMAILS", on = [{on}] }},
]

[[view]]
name = "${{database}}.SILVER.CUSTOMER_V"
query = "SELECT ID, EMAIL FROM CUSTOMER"
data_metric_schedule = "USING CRON 0 6 * * * UTC"
data_metrics = [{{ function = "SNOWFLAKE.CORE.DUPLICATE_COUNT", on = ["ID"] }}]
"#
    )
}

const ONE: &str = r#"{ name = "EMAIL", type = "VARCHAR" }"#;

fn initial() -> String {
    schema(ONE, BODY, r#""EMAIL""#, "60 MINUTE")
}

fn write(project: &Project, text: &str) {
    std::fs::write(project.schema_dir().join("main.toml"), text).unwrap();
}

fn project(server: &Server) -> Project {
    let project = Project::new();
    project.environment("sandbox", &server.base_url(), VARS);
    write(&project, &initial());
    project
}

fn apply_then_plan_nothing(project: &Project) {
    let applied = project.lakeform(&["apply", "-e", "sandbox", "--auto-approve"]);
    assert_eq!(
        applied.status.code(),
        Some(0),
        "{}{}",
        stdout(&applied),
        stderr(&applied)
    );
    let plan = project.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}", stdout(&plan));
}

const REFS: &str = "SELECT * FROM TABLE(DQ.INFORMATION_SCHEMA.DATA_METRIC_FUNCTION_REFERENCES(REF_ENTITY_NAME => 'DQ.SILVER.CUSTOMER', REF_ENTITY_DOMAIN => 'TABLE'))";

/// `function arguments` for every association of the table, sorted.
fn associations(server: &Server) -> Vec<String> {
    let names = server.query(REFS, "METRIC_NAME");
    let arguments = server.query(REFS, "REF_ARGUMENTS");
    let mut seen: Vec<String> = names
        .iter()
        .zip(&arguments)
        .map(|(n, a)| format!("{n} {a}"))
        .collect();
    seen.sort();
    seen
}

#[test]
fn data_metrics_apply_then_plan_nothing_and_hand_changes_are_repaired() {
    let server = Server::start();
    let project = project(&server);
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    let create = plan
        .find("CREATE DATA METRIC FUNCTION DQ.SILVER.BAD_EMAILS(T TABLE(EMAIL VARCHAR(16777216))) RETURNS NUMBER AS")
        .expect(&plan);
    let schedule = plan
        .find("ALTER TABLE DQ.SILVER.CUSTOMER SET DATA_METRIC_SCHEDULE = '60 MINUTE'")
        .expect(&plan);
    let add = plan
        .find("ALTER TABLE DQ.SILVER.CUSTOMER ADD DATA METRIC FUNCTION DQ.SILVER.BAD_EMAILS ON (EMAIL)")
        .expect(&plan);
    assert!(create < add && schedule < add, "{plan}");
    assert!(
        plan.contains(
            "ALTER VIEW DQ.SILVER.CUSTOMER_V SET DATA_METRIC_SCHEDULE = 'USING CRON 0 6 * * * UTC'"
        ),
        "{plan}"
    );
    apply_then_plan_nothing(&project);
    assert_eq!(
        associations(&server),
        [
            "BAD_EMAILS [{\"domain\":\"COLUMN\",\"name\":\"EMAIL\"}]",
            "NULL_COUNT [{\"domain\":\"COLUMN\",\"name\":\"EMAIL\"}]",
            "ROW_COUNT []",
        ]
    );

    // Hand changes: a metric dropped, one added, an expectation changed, the schedule.
    server.sql(
        "ALTER TABLE DQ.SILVER.CUSTOMER DROP DATA METRIC FUNCTION SNOWFLAKE.CORE.ROW_COUNT ON ()",
    );
    server.sql("ALTER TABLE DQ.SILVER.CUSTOMER ADD DATA METRIC FUNCTION SNOWFLAKE.CORE.NULL_COUNT ON (NAME)");
    server.sql("ALTER TABLE DQ.SILVER.CUSTOMER MODIFY DATA METRIC FUNCTION SNOWFLAKE.CORE.NULL_COUNT ON (EMAIL) MODIFY EXPECTATION NO_NULLS (VALUE < 5)");
    server.sql("ALTER TABLE DQ.SILVER.CUSTOMER SET DATA_METRIC_SCHEDULE = '5 MINUTE'");
    let drift = project.lakeform(&["drift", "-e", "sandbox"]);
    expect_code(&drift, 2);
    let report = stdout(&drift);
    assert!(report.contains("data_metrics"), "{report}");
    assert!(report.contains("data_metric_schedule"), "{report}");
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    for statement in [
        "ALTER TABLE DQ.SILVER.CUSTOMER SET DATA_METRIC_SCHEDULE = '60 MINUTE'",
        "ALTER TABLE DQ.SILVER.CUSTOMER DROP DATA METRIC FUNCTION SNOWFLAKE.CORE.NULL_COUNT ON (NAME)",
        "ALTER TABLE DQ.SILVER.CUSTOMER ADD DATA METRIC FUNCTION SNOWFLAKE.CORE.ROW_COUNT ON ()",
        "ALTER TABLE DQ.SILVER.CUSTOMER MODIFY DATA METRIC FUNCTION SNOWFLAKE.CORE.NULL_COUNT ON (EMAIL) MODIFY EXPECTATION NO_NULLS (VALUE = 0)",
    ] {
        assert!(plan.contains(statement), "{statement}\n{plan}");
    }
    apply_then_plan_nothing(&project);

    // `data_metrics = []` drops them all (the schedule is declared only with metrics).
    let declared = initial();
    let start = declared
        .find("data_metric_schedule = \"60 MINUTE\"")
        .unwrap();
    let end = declared.find("\n\n[[view]]").unwrap();
    let none = format!(
        "{}data_metrics = []{}",
        &declared[..start],
        &declared[end..]
    );
    write(&project, &none);
    apply_then_plan_nothing(&project);
    assert!(associations(&server).is_empty());
}

#[test]
fn a_body_change_is_in_place_and_a_signature_change_re_adds_its_association() {
    let server = Server::start();
    let project = project(&server);
    apply_then_plan_nothing(&project);

    write(
        &project,
        &schema(
            ONE,
            "SELECT COUNT(*) FROM T WHERE EMAIL IS NULL",
            r#""EMAIL""#,
            "60 MINUTE",
        ),
    );
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains("ALTER FUNCTION DQ.SILVER.BAD_EMAILS(TABLE(VARCHAR(16777216))) SET BODY = 'SELECT COUNT(*) FROM T WHERE EMAIL IS NULL'"),
        "{plan}"
    );
    apply_then_plan_nothing(&project);

    // A second column: the old overload goes, after its association, and the new one is
    // added where the table declares it, on its new columns.
    let two = r#"{ name = "EMAIL", type = "VARCHAR" }, { name = "NAME", type = "VARCHAR" }"#;
    write(
        &project,
        &schema(two, BODY, r#""EMAIL", "NAME""#, "60 MINUTE"),
    );
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    let order: Vec<usize> = [
        "ALTER TABLE DQ.SILVER.CUSTOMER DROP DATA METRIC FUNCTION DQ.SILVER.BAD_EMAILS ON (EMAIL)",
        "DROP FUNCTION DQ.SILVER.BAD_EMAILS(TABLE(VARCHAR(16777216)))",
        "CREATE DATA METRIC FUNCTION DQ.SILVER.BAD_EMAILS(T TABLE(EMAIL VARCHAR(16777216), NAME VARCHAR(16777216)))",
        "ALTER TABLE DQ.SILVER.CUSTOMER ADD DATA METRIC FUNCTION DQ.SILVER.BAD_EMAILS ON (EMAIL, NAME)",
    ]
    .iter()
    .map(|s| plan.find(s).unwrap_or_else(|| panic!("{s}\n{plan}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{plan}");
    apply_then_plan_nothing(&project);
    assert!(
        associations(&server)
            .contains(&"BAD_EMAILS [{\"domain\":\"COLUMN\",\"name\":\"EMAIL\"},{\"domain\":\"COLUMN\",\"name\":\"NAME\"}]".to_string())
    );
}

#[test]
fn import_adopts_data_metrics_and_plans_nothing() {
    let server = Server::start();
    let built = project(&server);
    apply_then_plan_nothing(&built);

    let adopted = Project::new();
    adopted.bare_environment("sandbox", &server.base_url(), VARS);
    expect_code(
        &adopted.lakeform(&["import", "-e", "sandbox", "--scope", "DQ"]),
        0,
    );
    adopted.environment("sandbox", &server.base_url(), VARS);
    let all: String = std::fs::read_dir(adopted.schema_dir())
        .unwrap()
        .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap_or_default())
        .collect();
    assert!(all.contains("[[data_metric_function]]"), "{all}");
    assert!(
        all.contains("data_metric_schedule = \"60 MINUTE\""),
        "{all}"
    );
    assert!(all.contains("NO_NULLS = \"VALUE = 0\""), "{all}");
    let plan = adopted.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}\n{all}", stdout(&plan));
}

#[test]
fn validate_points_at_unknown_columns_wrong_types_and_bad_schedules() {
    let server = Server::start();
    let project = project(&server);
    let check = |text: String, expected: &str| {
        write(&project, &text);
        let output = project.lakeform(&["validate", "-e", "sandbox"]);
        expect_code(&output, 1);
        let errors = stderr(&output);
        assert!(
            errors.contains(expected) && errors.contains("main.toml:"),
            "{expected}\n{errors}"
        );
    };
    check(
        initial().replace(
            r#"on = ["EMAIL"], expectations"#,
            r#"on = ["MAIL"], expectations"#,
        ),
        "unknown column MAIL",
    );
    check(
        schema(ONE, BODY, r#""ID""#, "60 MINUTE"),
        "column ID is NUMBER(38,0), but data metric function DQ.SILVER.BAD_EMAILS takes VARCHAR(16777216) for EMAIL",
    );
    check(
        schema(ONE, BODY, r#""EMAIL""#, "10 MINUTE"),
        "a data metric schedule runs every 5, 15, 30, 60, 720 or 1440 minutes, not 10",
    );
    check(
        initial().replace("USING CRON 0 6 * * * UTC", "TRIGGER_ON_CHANGES"),
        "TRIGGER_ON_CHANGES runs data metrics after DML on a table",
    );
    check(
        initial().replace(
            "SNOWFLAKE.CORE.ROW_COUNT\", on = []",
            "SNOWFLAKE.CORE.ROW_COUNT\", on = [\"ID\"]",
        ),
        "SNOWFLAKE.CORE.ROW_COUNT is added on no column (ON ()), not 1 column(s)",
    );
    check(
        schema(
            ONE,
            "SELECT COUNT_IF(MAIL IS NULL) FROM T",
            r#""EMAIL""#,
            "60 MINUTE",
        ),
        "data metric function body: invalid identifier 'MAIL'",
    );
    check(
        initial().replace("function = \"BAD_EMAILS\"", "function = \"NOPE\""),
        "DQ.SILVER.NOPE, which is not declared",
    );
}

#[test]
fn a_dmf_and_its_use_removed_together_drop_the_association_first() {
    let server = Server::start();
    let project = project(&server);
    apply_then_plan_nothing(&project);
    let declared = initial();
    let without_use = declared.replace("\n  { function = \"BAD_EMAILS\", on = [\"EMAIL\"] },", "");
    let start = without_use.find("[[data_metric_function]]").unwrap();
    let end = without_use.find("[[table]]").unwrap();
    let without = format!("{}{}", &without_use[..start], &without_use[end..]);
    assert!(!without.contains("BAD_EMAILS"), "{without}");
    write(&project, &without);
    // Only a pruning environment drops what is no longer declared.
    let env = project.path().join("environments").join("sandbox.toml");
    let text = std::fs::read_to_string(&env).unwrap();
    std::fs::write(&env, format!("prune = true\n{text}")).unwrap();
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    let dropped = plan
        .find("ALTER TABLE DQ.SILVER.CUSTOMER DROP DATA METRIC FUNCTION DQ.SILVER.BAD_EMAILS ON (EMAIL)")
        .expect(&plan);
    let gone = plan
        .find("DROP FUNCTION DQ.SILVER.BAD_EMAILS(TABLE(VARCHAR(16777216)))")
        .expect(&plan);
    assert!(dropped < gone, "{plan}");
    let applied = project.lakeform(&[
        "apply",
        "-e",
        "sandbox",
        "--auto-approve",
        "--allow-destructive",
    ]);
    assert_eq!(
        applied.status.code(),
        Some(0),
        "{}{}",
        stdout(&applied),
        stderr(&applied)
    );
    let plan = project.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}", stdout(&plan));
}
