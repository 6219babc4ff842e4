//! Masking policies end to end on a standalone sandbox: a policy set on a column from the
//! table definition applies and then plans nothing; a body change is an ALTER in place; a
//! signature change unsets the policy, replaces it and sets it back, in that order, as
//! the query history shows; a column moving to another policy swaps it with FORCE, and
//! one dropping it unsets it; `import` adopts the policy and its column and re-plans
//! empty; an undeclared policy is refused at `validate`, pointing into the file.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

#[path = "fixtures/drift/support.rs"]
mod support;

use support::{Project, Server, adopt, expect_code, stderr, stdout};

const VARS: &[(&str, &str)] = &[("database", "GOV"), ("env", "T")];

const BODY: &str =
    "CASE WHEN IS_ROLE_IN_SESSION('ANALYST') THEN REGEXP_REPLACE(VAL, '^.*@', '***@') ELSE VAL END";

fn schema(signature: &str, body: &str, email_policy: &str) -> String {
    format!(
        r#"
[[database]]
name = "${{database}}"

[[schema]]
name = "${{database}}.SILVER"

[[masking_policy]]
name = "${{database}}.SILVER.PII_EMAIL_MASK"
comment = "analysts see the domain only"
signature = {signature}
body = "{body}"

[[masking_policy]]
name = "${{database}}.SILVER.REDACT"
signature = [{{ name = "VAL", type = "STRING" }}]
body = "'***'"

[[row_access_policy]]
name = "${{database}}.SILVER.BY_COUNTRY"
comment = "Europe only"
signature = [{{ name = "C", type = "VARCHAR" }}]
body = "C IN ('DE', 'FR')"

[[table]]
name = "${{database}}.SILVER.CUSTOMER"
row_access_policy = {{ name = "BY_COUNTRY", on = ["COUNTRY"] }}
columns = [
  {{ name = "ID", type = "NUMBER(38,0)" }},
  {{ name = "EMAIL", type = "VARCHAR(200)"{email_policy} }},
  {{ name = "COUNTRY", type = "VARCHAR(2)" }},
]

[[view]]
name = "${{database}}.SILVER.V_CUSTOMER"
row_access_policy = {{ name = "${{database}}.SILVER.BY_COUNTRY", on = ["COUNTRY"] }}
query = "SELECT ID, COUNTRY FROM CUSTOMER"
"#
    )
}

const ONE_ARGUMENT: &str = r#"[{ name = "VAL", type = "STRING" }]"#;
const TWO_ARGUMENTS: &str =
    r#"[{ name = "VAL", type = "STRING" }, { name = "COUNTRY", type = "VARCHAR" }]"#;
const MASKED: &str = r#", masking_policy = "PII_EMAIL_MASK""#;

fn project(server: &Server) -> Project {
    Project::on_server(server, VARS, &schema(ONE_ARGUMENT, BODY, MASKED))
}

fn apply_then_plan_nothing(project: &Project) {
    project.apply_then_plan_nothing(&["--allow-destructive"]);
}

/// The column's policy, as DESCRIBE TABLE reports it.
fn email_policy(server: &Server) -> String {
    let names = server.query("DESCRIBE TABLE GOV.SILVER.CUSTOMER", "name");
    let policies = server.query("DESCRIBE TABLE GOV.SILVER.CUSTOMER", "policy name");
    let at = names.iter().position(|n| n == "EMAIL").unwrap();
    policies[at].clone()
}

/// The statements run since the newest one containing `marker`, oldest first, that
/// mention `what` (`MASKING POLICY`).
fn statements_since(server: &Server, marker: &str, what: &str) -> Vec<String> {
    let newest_first = server.query(
        "SELECT QUERY_TEXT FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY(RESULT_LIMIT => 10000))",
        "QUERY_TEXT",
    );
    let recent: Vec<String> = newest_first
        .into_iter()
        .take_while(|q| !q.contains(marker))
        .filter(|q| q.contains(what) && !q.starts_with("SHOW") && !q.starts_with("DESCRIBE"))
        .collect();
    recent.into_iter().rev().collect()
}

#[test]
fn a_policy_on_a_column_applies_and_then_plans_nothing() {
    let server = Server::start();
    let project = project(&server);
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    for statement in [
        "CREATE MASKING POLICY GOV.SILVER.PII_EMAIL_MASK AS (VAL VARCHAR(16777216)) RETURNS VARCHAR(16777216) -> CASE WHEN",
        "ALTER TABLE GOV.SILVER.CUSTOMER MODIFY COLUMN EMAIL SET MASKING POLICY GOV.SILVER.PII_EMAIL_MASK",
        "CREATE ROW ACCESS POLICY GOV.SILVER.BY_COUNTRY AS (C VARCHAR(16777216)) RETURNS BOOLEAN -> C IN ('DE', 'FR') COMMENT = 'Europe only'",
        "ALTER TABLE GOV.SILVER.CUSTOMER ADD ROW ACCESS POLICY GOV.SILVER.BY_COUNTRY ON (COUNTRY)",
        "ALTER VIEW GOV.SILVER.V_CUSTOMER ADD ROW ACCESS POLICY GOV.SILVER.BY_COUNTRY ON (COUNTRY)",
    ] {
        assert!(plan.contains(statement), "{statement}\n{plan}");
    }
    apply_then_plan_nothing(&project);
    assert_eq!(email_policy(&server), "GOV.SILVER.PII_EMAIL_MASK");

    // A policy unset by hand shows in drift and is set again.
    server.sql("ALTER TABLE GOV.SILVER.CUSTOMER MODIFY COLUMN EMAIL UNSET MASKING POLICY");
    let drift = project.lakeform(&["drift", "-e", "sandbox"]);
    expect_code(&drift, 2);
    assert!(
        stdout(&drift).contains("column EMAIL.masking_policy"),
        "{}",
        stdout(&drift)
    );
    apply_then_plan_nothing(&project);
    assert_eq!(email_policy(&server), "GOV.SILVER.PII_EMAIL_MASK");
}

#[test]
fn a_body_changes_in_place_and_a_signature_by_unset_replace_set() {
    let server = Server::start();
    let project = project(&server);
    apply_then_plan_nothing(&project);

    project.write_schema(&schema(ONE_ARGUMENT, "'***'", MASKED));
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains("ALTER MASKING POLICY GOV.SILVER.PII_EMAIL_MASK SET BODY -> '***'"),
        "{plan}"
    );
    assert!(!plan.contains("CREATE OR REPLACE"), "{plan}");
    apply_then_plan_nothing(&project);
    let body = server.query("DESCRIBE MASKING POLICY GOV.SILVER.PII_EMAIL_MASK", "body");
    assert_eq!(body, ["'***'"]);

    // A new signature: the column is unmasked for a moment, so it needs consent.
    project.write_schema(&schema(TWO_ARGUMENTS, "'***'", MASKED));
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(plan.contains("unmasked"), "{plan}");
    let refused = project.lakeform(&["apply", "-e", "sandbox", "--auto-approve"]);
    assert_ne!(refused.status.code(), Some(0));
    server.sql("SELECT 'before the signature change'");
    apply_then_plan_nothing(&project);
    assert_eq!(
        statements_since(&server, "before the signature change", "MASKING POLICY"),
        [
            "ALTER TABLE GOV.SILVER.CUSTOMER MODIFY COLUMN EMAIL UNSET MASKING POLICY",
            "CREATE OR REPLACE MASKING POLICY GOV.SILVER.PII_EMAIL_MASK AS (VAL VARCHAR(16777216), COUNTRY VARCHAR(16777216)) RETURNS VARCHAR(16777216) -> '***' COMMENT = 'analysts see the domain only' EXEMPT_OTHER_POLICIES = FALSE",
            "ALTER TABLE GOV.SILVER.CUSTOMER MODIFY COLUMN EMAIL SET MASKING POLICY GOV.SILVER.PII_EMAIL_MASK",
        ]
    );
    let signature = server.query(
        "DESCRIBE MASKING POLICY GOV.SILVER.PII_EMAIL_MASK",
        "signature",
    );
    assert_eq!(signature, ["(VAL VARCHAR, COUNTRY VARCHAR)"]);
    assert_eq!(email_policy(&server), "GOV.SILVER.PII_EMAIL_MASK");
}

#[test]
fn a_row_access_policy_changes_in_place_or_by_drop_replace_add() {
    let server = Server::start();
    let project = project(&server);
    apply_then_plan_nothing(&project);

    let text = schema(ONE_ARGUMENT, BODY, MASKED);
    project.write_schema(&text.replace("C IN ('DE', 'FR')", "C = 'DE'"));
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains("ALTER ROW ACCESS POLICY GOV.SILVER.BY_COUNTRY SET BODY -> C = 'DE'"),
        "{plan}"
    );
    apply_then_plan_nothing(&project);

    // Two arguments: dropped from the table, replaced, added back on two columns.
    let two = text
        .replace(
            r#"signature = [{ name = "C", type = "VARCHAR" }]"#,
            r#"signature = [{ name = "C", type = "VARCHAR" }, { name = "I", type = "NUMBER" }]"#,
        )
        .replace(r#"on = ["COUNTRY"]"#, r#"on = ["COUNTRY", "ID"]"#);
    project.write_schema(&two);
    server.sql("SELECT 'before the row access change'");
    apply_then_plan_nothing(&project);
    assert_eq!(
        statements_since(&server, "before the row access change", "ROW ACCESS POLICY"),
        [
            "ALTER TABLE GOV.SILVER.CUSTOMER DROP ROW ACCESS POLICY GOV.SILVER.BY_COUNTRY",
            "ALTER VIEW GOV.SILVER.V_CUSTOMER DROP ROW ACCESS POLICY GOV.SILVER.BY_COUNTRY",
            "CREATE OR REPLACE ROW ACCESS POLICY GOV.SILVER.BY_COUNTRY AS (C VARCHAR(16777216), I NUMBER(38,0)) RETURNS BOOLEAN -> C IN ('DE', 'FR') COMMENT = 'Europe only'",
            "ALTER TABLE GOV.SILVER.CUSTOMER ADD ROW ACCESS POLICY GOV.SILVER.BY_COUNTRY ON (COUNTRY, ID)",
            "ALTER VIEW GOV.SILVER.V_CUSTOMER ADD ROW ACCESS POLICY GOV.SILVER.BY_COUNTRY ON (COUNTRY, ID)",
        ]
    );

    // Removed from the table: dropped from it, the policy stays. Before that, a column the
    // policy is added on goes: the policy is dropped first, then added on what remains.
    let fewer = two
        .replace(
            r#"  { name = "COUNTRY", type = "VARCHAR(2)" },"#,
            r#"  { name = "LAND", type = "VARCHAR(2)" },"#,
        )
        .replace(
            r#"row_access_policy = { name = "BY_COUNTRY", on = ["COUNTRY", "ID"] }"#,
            r#"row_access_policy = { name = "BY_COUNTRY", on = ["LAND", "ID"] }"#,
        )
        .replace(
            "SELECT ID, COUNTRY FROM CUSTOMER",
            "SELECT ID, LAND AS COUNTRY FROM CUSTOMER",
        );
    project.write_schema(&fewer);
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    let drop_policy = plan
        .find("ALTER TABLE GOV.SILVER.CUSTOMER DROP ROW ACCESS POLICY GOV.SILVER.BY_COUNTRY\n")
        .unwrap_or_else(|| panic!("the policy is dropped first\n{plan}"));
    let drop_column = plan
        .find("ALTER TABLE GOV.SILVER.CUSTOMER DROP COLUMN COUNTRY")
        .expect("the column is dropped");
    assert!(drop_policy < drop_column, "{plan}");
    apply_then_plan_nothing(&project);

    // Removed from the table: dropped from it, the policy stays.
    project.write_schema(&fewer.replace(
        r#"row_access_policy = { name = "BY_COUNTRY", on = ["LAND", "ID"] }"#,
        "",
    ));
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains(
            "ALTER TABLE GOV.SILVER.CUSTOMER DROP ROW ACCESS POLICY GOV.SILVER.BY_COUNTRY"
        ),
        "{plan}"
    );
    apply_then_plan_nothing(&project);
}

#[test]
fn a_column_leaving_a_replaced_policy_is_set_after_the_replace() {
    let server = Server::start();
    let project = project(&server);
    apply_then_plan_nothing(&project);

    // PII_EMAIL_MASK gets a new signature while EMAIL moves to REDACT: the replacing
    // change unsets EMAIL first, and the table's SET waits for it.
    project.write_schema(&schema(
        TWO_ARGUMENTS,
        BODY,
        r#", masking_policy = "REDACT""#,
    ));
    server.sql("SELECT 'before the move'");
    apply_then_plan_nothing(&project);
    assert_eq!(
        statements_since(&server, "before the move", "MASKING POLICY"),
        [
            "ALTER TABLE GOV.SILVER.CUSTOMER MODIFY COLUMN EMAIL UNSET MASKING POLICY",
            &format!(
                "CREATE OR REPLACE MASKING POLICY GOV.SILVER.PII_EMAIL_MASK AS (VAL VARCHAR(16777216), COUNTRY VARCHAR(16777216)) RETURNS VARCHAR(16777216) -> {BODY} COMMENT = 'analysts see the domain only' EXEMPT_OTHER_POLICIES = FALSE"
            ),
            "ALTER TABLE GOV.SILVER.CUSTOMER MODIFY COLUMN EMAIL SET MASKING POLICY GOV.SILVER.REDACT",
        ]
    );
    assert_eq!(email_policy(&server), "GOV.SILVER.REDACT");
}

#[test]
fn a_column_swaps_its_policy_with_force_and_unsets_it() {
    let server = Server::start();
    let project = project(&server);
    apply_then_plan_nothing(&project);

    project.write_schema(&schema(
        ONE_ARGUMENT,
        BODY,
        r#", masking_policy = "GOV.SILVER.REDACT""#,
    ));
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains(
            "ALTER TABLE GOV.SILVER.CUSTOMER MODIFY COLUMN EMAIL SET MASKING POLICY GOV.SILVER.REDACT FORCE"
        ),
        "{plan}"
    );
    apply_then_plan_nothing(&project);
    assert_eq!(email_policy(&server), "GOV.SILVER.REDACT");

    project.write_schema(&schema(ONE_ARGUMENT, BODY, ""));
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains("ALTER TABLE GOV.SILVER.CUSTOMER MODIFY COLUMN EMAIL UNSET MASKING POLICY"),
        "{plan}"
    );
    apply_then_plan_nothing(&project);
    assert_eq!(email_policy(&server), "");
}

#[test]
fn import_adopts_the_policy_and_its_column_and_plans_nothing() {
    let server = Server::start();
    let built = project(&server);
    apply_then_plan_nothing(&built);

    let (adopted, all) = adopt(&server, VARS, "GOV");
    assert!(all.contains("[[masking_policy]]"), "{all}");
    assert!(all.contains("masking_policy = \"PII_EMAIL_MASK\""), "{all}");
    let plan = adopted.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}", stdout(&plan));
}

#[test]
fn an_undeclared_policy_is_refused_at_its_place() {
    let server = Server::start();
    let project = project(&server);
    project.write_schema(&schema(
        ONE_ARGUMENT,
        BODY,
        r#", masking_policy = "PII_MASK""#,
    ));
    let output = project.lakeform(&["validate", "-e", "sandbox"]);
    expect_code(&output, 1);
    let errors = stderr(&output);
    assert!(
        errors.contains("masking policy GOV.SILVER.PII_MASK, which is not declared")
            && errors.contains("main.toml:"),
        "{errors}"
    );
    // What Snowflake would refuse at apply: a column of another type than the policy's
    // first argument, a row access policy on the wrong number of columns.
    project.write_schema(
        &schema(r#"[{ name = "VAL", type = "NUMBER" }]"#, "VAL", MASKED)
            .replace(r#"on = ["COUNTRY"] }"#, r#"on = ["COUNTRY", "ID"] }"#),
    );
    let errors = stderr(&project.lakeform(&["validate", "-e", "sandbox"]));
    for expected in [
        "column EMAIL is VARCHAR(200), but masking policy GOV.SILVER.PII_EMAIL_MASK masks NUMBER(38,0)",
        "row access policy GOV.SILVER.BY_COUNTRY takes 1 argument(s), but `on` lists 2 column(s)",
    ] {
        assert!(errors.contains(expected), "{expected}\n{errors}");
    }
    project.write_schema(&schema(ONE_ARGUMENT, "VAL; DROP TABLE X", MASKED));
    let errors = stderr(&project.lakeform(&["validate", "-e", "sandbox"]));
    assert!(errors.contains("invalid masking policy body"), "{errors}");
}

/// Where the three policies are set is read in one statement, with every other reference
/// read of the plan: the masking policies' and the row access policy's POLICY_REFERENCES
/// share one UNION ALL (`introspect::united`), rather than one statement per kind.
#[test]
fn the_policies_references_are_read_in_one_statement() {
    let server = Server::start();
    let project = project(&server);
    apply_then_plan_nothing(&project);
    server.sql("SELECT 'before the plan' AS MARKER");
    expect_code(&project.lakeform(&["plan", "-e", "sandbox"]), 0);
    let reads = statements_since(&server, "before the plan", "POLICY_REFERENCES");
    assert_eq!(reads.len(), 1, "{reads:#?}");
    for policy in ["PII_EMAIL_MASK", "REDACT", "BY_COUNTRY"] {
        assert!(
            reads[0].contains(&format!("POLICY_NAME => 'GOV.SILVER.{policy}'")),
            "{policy}: {}",
            reads[0]
        );
    }
}
