//! Tags end to end on a standalone sandbox: a tag and its assignments on a table and its
//! columns apply and then plan nothing; a value changed by hand shows in drift and the
//! next plan sets it back; a tag set by hand on a column declaring `tags = {}` is unset;
//! an allowed value change is an ALTER TAG in place; `import` adopts the tag and its
//! assignments and re-plans empty; an undeclared tag is refused at `validate`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

#[path = "fixtures/drift/support.rs"]
mod support;

use support::{Project, Server, adopt, expect_code, stderr, stdout};

const VARS: &[(&str, &str)] = &[("database", "GOV"), ("env", "T")];

const ALLOWED: &str = r#"["name", "email", "age", "gender"]"#;

fn schema(allowed: &str, email_tags: &str) -> String {
    with_view(allowed, email_tags, "SELECT ID, NAME FROM CUSTOMER")
}

fn with_view(allowed: &str, email_tags: &str, query: &str) -> String {
    format!(
        r#"
[[database]]
name = "${{database}}"

[[schema]]
name = "${{database}}.GOVERNANCE"

[[schema]]
name = "${{database}}.SILVER"

[[tag]]
name = "${{database}}.GOVERNANCE.PII"
comment = "personal data"
allowed_values = {allowed}

[[tag]]
name = "${{database}}.GOVERNANCE.OWNER_TEAM"

[[table]]
name = "${{database}}.SILVER.CUSTOMER"
tags = {{ "GOVERNANCE.OWNER_TEAM" = "crm" }}
columns = [
  {{ name = "ID", type = "NUMBER(38,0)", tags = {{}} }},
  {{ name = "NAME", type = "VARCHAR(200)", tags = {{ "GOVERNANCE.PII" = "name" }} }},
  {{ name = "EMAIL", type = "VARCHAR(200)"{email_tags} }},
]

[[view]]
name = "${{database}}.SILVER.CUSTOMER_V"
query = "{query}"
tags = {{ "GOVERNANCE.OWNER_TEAM" = "crm" }}
"#
    )
}

const EMAIL: &str = r#", tags = { "GOV.GOVERNANCE.PII" = "email" }"#;

fn project(server: &Server) -> Project {
    Project::on_server(server, VARS, &schema(ALLOWED, EMAIL))
}

fn apply_then_plan_nothing(project: &Project) {
    project.apply_then_plan_nothing(&[]);
}

/// `column=tag=value` for every tag set directly on a column of the table.
fn column_tags(server: &Server) -> Vec<String> {
    let query = "SELECT COLUMN_NAME, TAG_NAME, TAG_VALUE, LEVEL FROM TABLE(GOV.INFORMATION_SCHEMA.TAG_REFERENCES_ALL_COLUMNS('GOV.SILVER.CUSTOMER', 'TABLE'))";
    let columns = server.query(query, "COLUMN_NAME");
    let tags = server.query(query, "TAG_NAME");
    let values = server.query(query, "TAG_VALUE");
    let levels = server.query(query, "LEVEL");
    let mut seen: Vec<String> = (0..columns.len())
        .filter(|&i| levels[i] == "COLUMN")
        .map(|i| format!("{}={}={}", columns[i], tags[i], values[i]))
        .collect();
    seen.sort();
    seen
}

#[test]
fn tags_apply_then_plan_nothing_and_hand_changes_are_corrected() {
    let server = Server::start();
    let project = project(&server);
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    for statement in [
        "CREATE TAG GOV.GOVERNANCE.PII ALLOWED_VALUES 'name', 'email', 'age', 'gender' COMMENT = 'personal data'",
        "ALTER TABLE GOV.SILVER.CUSTOMER SET TAG GOV.GOVERNANCE.OWNER_TEAM = 'crm'",
        "ALTER TABLE GOV.SILVER.CUSTOMER MODIFY COLUMN EMAIL SET TAG GOV.GOVERNANCE.PII = 'email'",
        "ALTER VIEW GOV.SILVER.CUSTOMER_V SET TAG GOV.GOVERNANCE.OWNER_TEAM = 'crm'",
    ] {
        assert!(plan.contains(statement), "{statement}\n{plan}");
    }
    apply_then_plan_nothing(&project);
    assert_eq!(column_tags(&server), ["EMAIL=PII=email", "NAME=PII=name"]);

    // A value changed by hand shows in drift and is set back.
    server.sql(
        "ALTER TABLE GOV.SILVER.CUSTOMER MODIFY COLUMN EMAIL SET TAG GOV.GOVERNANCE.PII = 'name'",
    );
    server.sql("ALTER VIEW GOV.SILVER.CUSTOMER_V UNSET TAG GOV.GOVERNANCE.OWNER_TEAM");
    // A tag set by hand on a column declaring `tags = {}` shows too, and is unset.
    server
        .sql("ALTER TABLE GOV.SILVER.CUSTOMER MODIFY COLUMN ID SET TAG GOV.GOVERNANCE.PII = 'age'");
    let drift = project.lakeform(&["drift", "-e", "sandbox"]);
    expect_code(&drift, 2);
    let report = stdout(&drift);
    assert!(report.contains("column EMAIL.tags"), "{report}");
    assert!(report.contains("column ID.tags"), "{report}");
    assert!(report.contains("CUSTOMER_V"), "{report}");
    apply_then_plan_nothing(&project);
    assert_eq!(column_tags(&server), ["EMAIL=PII=email", "NAME=PII=name"]);

    // A column that drops its tags unsets them.
    project.write_schema(&schema(ALLOWED, ", tags = {}"));
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains(
            "ALTER TABLE GOV.SILVER.CUSTOMER MODIFY COLUMN EMAIL UNSET TAG GOV.GOVERNANCE.PII"
        ),
        "{plan}"
    );
    apply_then_plan_nothing(&project);
    assert_eq!(column_tags(&server), ["NAME=PII=name"]);
}

#[test]
fn a_replaced_view_gets_its_tags_again() {
    let server = Server::start();
    let project = project(&server);
    apply_then_plan_nothing(&project);
    project.write_schema(&with_view(
        ALLOWED,
        EMAIL,
        "SELECT ID, NAME, EMAIL FROM CUSTOMER",
    ));
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    let replace = plan
        .find("CREATE OR REPLACE VIEW GOV.SILVER.CUSTOMER_V")
        .expect(&plan);
    let set = plan
        .find("ALTER VIEW GOV.SILVER.CUSTOMER_V SET TAG GOV.GOVERNANCE.OWNER_TEAM = 'crm'")
        .expect(&plan);
    assert!(replace < set, "{plan}");
    apply_then_plan_nothing(&project);
}

#[test]
fn an_allowed_value_change_is_in_place() {
    let server = Server::start();
    let project = project(&server);
    apply_then_plan_nothing(&project);
    project.write_schema(&schema(r#"["name", "email", "age", "birth_date"]"#, EMAIL));
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    for statement in [
        "ALTER TAG GOV.GOVERNANCE.PII ADD ALLOWED_VALUES 'birth_date'",
        "ALTER TAG GOV.GOVERNANCE.PII DROP ALLOWED_VALUES 'gender'",
    ] {
        assert!(plan.contains(statement), "{statement}\n{plan}");
    }
    assert!(!plan.contains("CREATE OR REPLACE TAG"), "{plan}");
    apply_then_plan_nothing(&project);
    let allowed = server.query("SHOW TAGS LIKE 'PII' IN DATABASE GOV", "allowed_values");
    assert_eq!(allowed, ["[\"name\",\"email\",\"age\",\"birth_date\"]"]);
}

#[test]
fn import_adopts_tags_and_assignments_and_plans_nothing() {
    let server = Server::start();
    let built = project(&server);
    apply_then_plan_nothing(&built);

    let (adopted, all) = adopt(&server, VARS, "GOV");
    assert!(all.contains("[[tag]]"), "{all}");
    assert!(all.contains("allowed_values = ["), "{all}");
    assert!(all.contains("\"email\""), "{all}");
    let plan = adopted.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}\n{all}", stdout(&plan));
}

#[test]
fn an_undeclared_tag_is_refused_at_its_place() {
    let server = Server::start();
    let project = project(&server);
    project.write_schema(&schema(
        ALLOWED,
        r#", tags = { "GOVERNANCE.PIII" = "email" }"#,
    ));
    let output = project.lakeform(&["validate", "-e", "sandbox"]);
    expect_code(&output, 1);
    let errors = stderr(&output);
    assert!(
        errors.contains("GOV.GOVERNANCE.PIII, which is not declared")
            && errors.contains("main.toml:"),
        "{errors}"
    );
    project.write_schema(&schema(
        ALLOWED,
        r#", tags = { "GOVERNANCE.PII" = "phone" }"#,
    ));
    let errors = stderr(&project.lakeform(&["validate", "-e", "sandbox"]));
    assert!(
        errors.contains("\"phone\" is not an allowed value of tag GOV.GOVERNANCE.PII")
            && errors.contains("main.toml:"),
        "{errors}"
    );
}

/// The schema with a masking policy set on the PII tag.
fn masked_by_tag() -> String {
    let policy = r#"
[[masking_policy]]
name = "${database}.GOVERNANCE.PII_MASK"
signature = [{ name = "VAL", type = "STRING" }]
body = "'***'"
"#;
    schema(ALLOWED, EMAIL).replace(
        "comment = \"personal data\"",
        "comment = \"personal data\"\nmasking_policies = [\"PII_MASK\"]",
    ) + policy
}

#[test]
fn a_masking_policy_on_a_tag_applies_and_is_unset_in_place() {
    let server = Server::start();
    let project = project(&server);
    project.write_schema(&masked_by_tag());
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    let create = plan
        .find("CREATE MASKING POLICY GOV.GOVERNANCE.PII_MASK")
        .expect(&plan);
    let set = plan
        .find("ALTER TAG GOV.GOVERNANCE.PII SET MASKING POLICY GOV.GOVERNANCE.PII_MASK")
        .expect(&plan);
    assert!(create < set, "{plan}");
    apply_then_plan_nothing(&project);

    // A policy unset by hand shows in drift and is set again.
    server.sql("ALTER TAG GOV.GOVERNANCE.PII UNSET MASKING POLICY GOV.GOVERNANCE.PII_MASK");
    let drift = project.lakeform(&["drift", "-e", "sandbox"]);
    expect_code(&drift, 2);
    assert!(
        stdout(&drift).contains("masking_policies"),
        "{}",
        stdout(&drift)
    );
    apply_then_plan_nothing(&project);

    // Dropped from the tag: unset in place.
    project.write_schema(&masked_by_tag().replace("masking_policies = [\"PII_MASK\"]", ""));
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains("ALTER TAG GOV.GOVERNANCE.PII UNSET MASKING POLICY GOV.GOVERNANCE.PII_MASK"),
        "{plan}"
    );
    apply_then_plan_nothing(&project);
}

#[test]
fn a_rebuilt_table_gets_its_tags_again() {
    let server = Server::start();
    let project = project(&server);
    apply_then_plan_nothing(&project);
    // A shorter VARCHAR cannot be altered in place: the table is rebuilt and swapped, and
    // the new table has no tags until they are set again.
    project.write_schema(&schema(ALLOWED, EMAIL).replace(
        r#"{ name = "NAME", type = "VARCHAR(200)""#,
        r#"{ name = "NAME", type = "VARCHAR(100)""#,
    ));
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains("MODIFY COLUMN NAME SET TAG GOV.GOVERNANCE.PII = 'name'"),
        "{plan}"
    );
    expect_code(
        &project.lakeform(&[
            "apply",
            "-e",
            "sandbox",
            "--auto-approve",
            "--allow-destructive",
        ]),
        0,
    );
    let again = project.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]);
    assert_eq!(again.status.code(), Some(0), "{}", stdout(&again));
    assert_eq!(column_tags(&server), ["EMAIL=PII=email", "NAME=PII=name"]);
}

/// Every per-object reference read of a plan is one statement: the tags' masking policies
/// and the masking policy's own references (POLICY_REFERENCES, two forms), the table's
/// and the view's tags (TAG_REFERENCES) and the table's column tags
/// (TAG_REFERENCES_ALL_COLUMNS), joined by UNION ALL (`introspect::united`).
#[test]
fn every_reference_read_of_a_plan_is_one_statement() {
    let server = Server::start();
    let project = project(&server);
    project.write_schema(&masked_by_tag());
    apply_then_plan_nothing(&project);
    server.sql("SELECT 'before the plan' AS MARKER");
    expect_code(&project.lakeform(&["plan", "-e", "sandbox"]), 0);
    let newest_first = server.query(
        "SELECT QUERY_TEXT FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY(RESULT_LIMIT => 10000))",
        "QUERY_TEXT",
    );
    let reads: Vec<String> = newest_first
        .into_iter()
        .take_while(|q| !q.contains("before the plan"))
        .filter(|q| q.contains("_REFERENCES"))
        .collect();
    assert_eq!(reads.len(), 1, "{reads:#?}");
    for part in [
        "POLICY_REFERENCES(REF_ENTITY_NAME => 'GOV.GOVERNANCE.PII', REF_ENTITY_DOMAIN => 'TAG')",
        "POLICY_REFERENCES(POLICY_NAME => 'GOV.GOVERNANCE.PII_MASK')",
        "TAG_REFERENCES('GOV.SILVER.CUSTOMER', 'TABLE')",
        "TAG_REFERENCES_ALL_COLUMNS('GOV.SILVER.CUSTOMER', 'TABLE')",
        "TAG_REFERENCES('GOV.SILVER.CUSTOMER_V', 'TABLE')",
    ] {
        assert!(reads[0].contains(part), "{part}: {}", reads[0]);
    }
}
