//! Conditional masking end to end on a standalone sandbox: a column's masking policy
//! declared with `using` is set with `USING (…)`; POLICY_REFERENCES reports no USING for
//! a masking policy (as documented), so the declared one is taken and apply then plan is
//! empty; a policy unset by hand shows in `drift` and the plan sets it again with its
//! USING; `import` adopts it and re-plans empty; `validate`
//! refuses a USING that does not start with the column, lists another number of columns
//! than the policy's signature, names a missing column or one of another type.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

#[path = "fixtures/drift/support.rs"]
mod support;

use support::{Project, Server, adopt, expect_code, stderr, stdout};

const VARS: &[(&str, &str)] = &[("database", "GOV"), ("env", "T")];

fn schema(email_policy: &str) -> String {
    format!(
        r#"
[[database]]
name = "${{database}}"

[[schema]]
name = "${{database}}.SILVER"

[[masking_policy]]
name = "${{database}}.SILVER.PII_EMAIL_MASK"
signature = [{{ name = "VAL", type = "STRING" }}, {{ name = "CONSENT", type = "VARCHAR" }}]
body = "CASE WHEN CONSENT = 'Y' THEN VAL ELSE '***' END"

[[table]]
name = "${{database}}.SILVER.CUSTOMER"
columns = [
  {{ name = "ID", type = "NUMBER(38,0)" }},
  {{ name = "EMAIL", type = "VARCHAR(200)", masking_policy = {email_policy} }},
  {{ name = "CONSENT", type = "VARCHAR(1)" }},
  {{ name = "MARKETING_CONSENT", type = "VARCHAR(1)" }},
]
"#
    )
}

const CONDITIONAL: &str = r#"{ name = "PII_EMAIL_MASK", using = ["EMAIL", "CONSENT"] }"#;

/// The masking policy statements run since the newest one containing `marker`, oldest
/// first.
fn masking_statements_since(server: &Server, marker: &str) -> Vec<String> {
    let newest_first = server.query(
        "SELECT QUERY_TEXT FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY(RESULT_LIMIT => 10000))",
        "QUERY_TEXT",
    );
    let mut recent: Vec<String> = newest_first
        .into_iter()
        .take_while(|q| !q.contains(marker))
        .filter(|q| q.contains("SET MASKING POLICY") && q.starts_with("ALTER"))
        .collect();
    recent.reverse();
    recent
}

const SET_WITH_USING: &str = "ALTER TABLE GOV.SILVER.CUSTOMER MODIFY COLUMN EMAIL SET MASKING POLICY GOV.SILVER.PII_EMAIL_MASK USING (EMAIL, CONSENT)";

#[test]
fn a_conditional_policy_is_set_with_using_and_then_plans_nothing() {
    let server = Server::start();
    let project = Project::on_server(&server, VARS, &schema(CONDITIONAL));
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(plan.contains(SET_WITH_USING), "{plan}");
    server.sql("SELECT 'before the apply'");
    // Read back with no USING (POLICY_REFERENCES documents none for a masking policy),
    // the USING is taken as declared: the next plan is empty.
    project.apply_then_plan_nothing(&[]);
    assert_eq!(
        masking_statements_since(&server, "before the apply"),
        [SET_WITH_USING]
    );
    assert_eq!(
        server.query(
            "SELECT REF_COLUMN_NAME FROM TABLE(GOV.INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => 'GOV.SILVER.PII_EMAIL_MASK'))",
            "REF_COLUMN_NAME"
        ),
        ["EMAIL"]
    );

    // Unset by hand: drift names the column, and the plan sets it again with USING.
    server.sql("ALTER TABLE GOV.SILVER.CUSTOMER MODIFY COLUMN EMAIL UNSET MASKING POLICY");
    let drift = project.lakeform(&["drift", "-e", "sandbox"]);
    expect_code(&drift, 2);
    let report = stdout(&drift);
    assert!(
        report.contains("column EMAIL.masking_policy")
            && report.contains("GOV.SILVER.PII_EMAIL_MASK USING (EMAIL, CONSENT)"),
        "{report}"
    );
    server.sql("SELECT 'before the repair'");
    project.apply_then_plan_nothing(&[]);
    assert_eq!(
        masking_statements_since(&server, "before the repair"),
        [SET_WITH_USING]
    );
}

/// What POLICY_REFERENCES does not report cannot be imported: the policy is adopted in
/// its plain form (the `{ name, using }` form is written when a USING is reported, see
/// `kinds::table`'s tests), and the adopted project plans nothing.
#[test]
fn import_adopts_a_conditional_policy_and_plans_nothing() {
    let server = Server::start();
    let built = Project::on_server(&server, VARS, &schema(CONDITIONAL));
    built.apply_then_plan_nothing(&[]);

    let (adopted, all) = adopt(&server, VARS, "GOV");
    assert!(
        all.contains(r#"masking_policy = "PII_EMAIL_MASK""#),
        "{all}"
    );
    let plan = adopted.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}", stdout(&plan));
}

#[test]
fn validate_refuses_a_using_snowflake_would_refuse() {
    let server = Server::start();
    let project = Project::on_server(&server, VARS, &schema(CONDITIONAL));
    for (using, expected) in [
        (
            r#"["CONSENT", "EMAIL"]"#,
            "a masking policy's `using` starts with the column it masks, EMAIL",
        ),
        (
            r#"["EMAIL"]"#,
            "masking policy GOV.SILVER.PII_EMAIL_MASK takes 2 argument(s), but the `using` of column EMAIL lists 1 column(s)",
        ),
        (
            r#"["EMAIL", "OPT_IN"]"#,
            "the `using` of column EMAIL names column OPT_IN, which the table does not have",
        ),
        (
            r#"["EMAIL", "ID"]"#,
            "column ID is NUMBER(38,0), but masking policy GOV.SILVER.PII_EMAIL_MASK takes VARCHAR(16777216) for CONSENT",
        ),
    ] {
        project.write_schema(&schema(&format!(
            r#"{{ name = "PII_EMAIL_MASK", using = {using} }}"#
        )));
        let output = project.lakeform(&["validate", "-e", "sandbox"]);
        expect_code(&output, 1);
        let errors = stderr(&output);
        assert!(
            errors.contains(expected) && errors.contains("main.toml:"),
            "{expected}\n{errors}"
        );
    }
}
