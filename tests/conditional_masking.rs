//! Conditional masking end to end on a standalone sandbox: a column's masking policy
//! declared with `using` is set with `USING (…)`, read back from POLICY_REFERENCES'
//! `REF_ARG_COLUMN_NAMES` so that apply then plan is empty; a USING changed by hand shows
//! in `drift` and the plan sets it back; a changed `using` is UNSET then SET, after
//! consent; `import` writes the `{ name, using }` form and re-plans empty; `validate`
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

fn arguments(server: &Server) -> Vec<String> {
    server.query(
        "SELECT REF_ARG_COLUMN_NAMES FROM TABLE(GOV.INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => 'GOV.SILVER.PII_EMAIL_MASK'))",
        "REF_ARG_COLUMN_NAMES",
    )
}

#[test]
fn a_conditional_policy_is_set_with_using_and_then_plans_nothing() {
    let server = Server::start();
    let project = Project::on_server(&server, VARS, &schema(CONDITIONAL));
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains("ALTER TABLE GOV.SILVER.CUSTOMER MODIFY COLUMN EMAIL SET MASKING POLICY GOV.SILVER.PII_EMAIL_MASK USING (EMAIL, CONSENT)"),
        "{plan}"
    );
    project.apply_then_plan_nothing(&["--allow-destructive"]);
    assert_eq!(arguments(&server), ["[ \"EMAIL\", \"CONSENT\" ]"]);

    // Set again by hand without USING: drift names the column, the plan puts USING back
    // (UNSET, then SET: the column is unmasked in between, so it needs consent).
    server.sql(
        "ALTER TABLE GOV.SILVER.CUSTOMER MODIFY COLUMN EMAIL SET MASKING POLICY GOV.SILVER.PII_EMAIL_MASK FORCE",
    );
    assert_eq!(arguments(&server), [""]);
    // Exit 3: drift whose fix is destructive.
    let drift = project.lakeform(&["drift", "-e", "sandbox"]);
    expect_code(&drift, 3);
    assert!(
        stdout(&drift).contains("column EMAIL.masking_policy"),
        "{}",
        stdout(&drift)
    );
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains("unmasked between the UNSET and the SET"),
        "{plan}"
    );
    let refused = project.lakeform(&["apply", "-e", "sandbox", "--auto-approve"]);
    assert_ne!(refused.status.code(), Some(0));
    project.apply_then_plan_nothing(&["--allow-destructive"]);
    assert_eq!(arguments(&server), ["[ \"EMAIL\", \"CONSENT\" ]"]);

    // Another consent column: the same UNSET then SET.
    project.write_schema(&schema(
        r#"{ name = "PII_EMAIL_MASK", using = ["EMAIL", "MARKETING_CONSENT"] }"#,
    ));
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    let unset = plan
        .find("ALTER TABLE GOV.SILVER.CUSTOMER MODIFY COLUMN EMAIL UNSET MASKING POLICY")
        .expect(&plan);
    let set = plan
        .find("SET MASKING POLICY GOV.SILVER.PII_EMAIL_MASK USING (EMAIL, MARKETING_CONSENT)")
        .expect(&plan);
    assert!(unset < set, "{plan}");
    project.apply_then_plan_nothing(&["--allow-destructive"]);
    assert_eq!(arguments(&server), ["[ \"EMAIL\", \"MARKETING_CONSENT\" ]"]);

    // The plain form: the conditional policy without USING, as Snowflake allows.
    project.write_schema(&schema(r#""PII_EMAIL_MASK""#));
    project.apply_then_plan_nothing(&["--allow-destructive"]);
    assert_eq!(arguments(&server), [""]);
}

#[test]
fn import_writes_the_using_form_and_plans_nothing() {
    let server = Server::start();
    let built = Project::on_server(&server, VARS, &schema(CONDITIONAL));
    built.apply_then_plan_nothing(&["--allow-destructive"]);

    let (adopted, all) = adopt(&server, VARS, "GOV");
    assert!(
        all.contains(
            r#"masking_policy = { name = "PII_EMAIL_MASK", using = ["EMAIL", "CONSENT"] }"#
        ),
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
