//! Masking policies and tags on view columns end to end on a standalone sandbox: a view's
//! `columns` set them with `ALTER VIEW … MODIFY COLUMN`, read back from POLICY_REFERENCES
//! (VIEW domain) and TAG_REFERENCES_ALL_COLUMNS, so apply then plan is empty; a hand
//! change shows in `drift` and the plan repairs it; a new query replaces the view, which
//! gets them again; `import` writes the view's `columns` and re-plans empty; `validate`
//! checks their types against the bound query and USING's length.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

#[path = "fixtures/drift/support.rs"]
mod support;

use support::{Project, Server, adopt, expect_code, stdout};

const VARS: &[(&str, &str)] = &[("database", "GOV"), ("env", "T")];

fn schema(query: &str, columns: &str) -> String {
    format!(
        r#"
[[database]]
name = "${{database}}"

[[schema]]
name = "${{database}}.SILVER"

[[tag]]
name = "${{database}}.SILVER.PII"
allowed_values = ["email", "consent"]

[[masking_policy]]
name = "${{database}}.SILVER.PII_EMAIL_MASK"
signature = [{{ name = "VAL", type = "STRING" }}]
body = "'***'"

[[masking_policy]]
name = "${{database}}.SILVER.CONSENTED"
signature = [{{ name = "VAL", type = "STRING" }}, {{ name = "CONSENT", type = "VARCHAR" }}]
body = "CASE WHEN CONSENT = 'Y' THEN VAL ELSE '***' END"

[[table]]
name = "${{database}}.SILVER.CUSTOMER"
columns = [
  {{ name = "ID", type = "NUMBER(38,0)" }},
  {{ name = "EMAIL", type = "VARCHAR(200)" }},
  {{ name = "CONSENT", type = "VARCHAR(1)" }},
]

[[view]]
name = "${{database}}.SILVER.V_CUSTOMER"
query = "{query}"
columns = {columns}
"#
    )
}

const QUERY: &str = "SELECT ID, EMAIL, CONSENT FROM CUSTOMER";
const COLUMNS: &str = r#"[
  { name = "EMAIL", masking_policy = "PII_EMAIL_MASK", tags = { PII = "email" } },
  { name = "CONSENT", tags = { PII = "consent" } },
]"#;

/// (entity, domain, column, USING) of every place `policy` is set.
fn references(server: &Server, policy: &str) -> Vec<String> {
    let sql = format!(
        "SELECT REF_ENTITY_NAME, REF_ENTITY_DOMAIN, REF_COLUMN_NAME FROM TABLE(GOV.INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => 'GOV.SILVER.{policy}'))"
    );
    let entity = server.query(&sql, "REF_ENTITY_NAME");
    let domain = server.query(&sql, "REF_ENTITY_DOMAIN");
    let column = server.query(&sql, "REF_COLUMN_NAME");
    (0..entity.len())
        .map(|i| format!("{}.{} ({})", entity[i], column[i], domain[i]))
        .collect()
}

fn column_tags(server: &Server) -> Vec<String> {
    let sql = "SELECT COLUMN_NAME, TAG_VALUE FROM TABLE(GOV.INFORMATION_SCHEMA.TAG_REFERENCES_ALL_COLUMNS('GOV.SILVER.V_CUSTOMER', 'TABLE')) WHERE LEVEL = 'COLUMN'";
    let columns = server.query(sql, "COLUMN_NAME");
    let values = server.query(sql, "TAG_VALUE");
    let mut found: Vec<String> = columns
        .iter()
        .zip(&values)
        .map(|(c, v)| format!("{c}={v}"))
        .collect();
    found.sort();
    found
}

#[test]
fn view_columns_take_policies_and_tags_and_then_plan_nothing() {
    let server = Server::start();
    let project = Project::on_server(&server, VARS, &schema(QUERY, COLUMNS));
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    for statement in [
        "ALTER VIEW GOV.SILVER.V_CUSTOMER MODIFY COLUMN EMAIL SET MASKING POLICY GOV.SILVER.PII_EMAIL_MASK",
        "ALTER VIEW GOV.SILVER.V_CUSTOMER MODIFY COLUMN EMAIL SET TAG GOV.SILVER.PII = 'email'",
    ] {
        assert!(plan.contains(statement), "{statement}\n{plan}");
    }
    project.apply_then_plan_nothing(&[]);
    assert_eq!(
        references(&server, "PII_EMAIL_MASK"),
        ["V_CUSTOMER.EMAIL (VIEW)"]
    );
    assert_eq!(column_tags(&server), ["CONSENT=consent", "EMAIL=email"]);

    // Unset by hand: drift names both, the plan sets them again.
    server.sql("ALTER VIEW GOV.SILVER.V_CUSTOMER MODIFY COLUMN EMAIL UNSET MASKING POLICY");
    server.sql("ALTER VIEW GOV.SILVER.V_CUSTOMER MODIFY COLUMN CONSENT UNSET TAG GOV.SILVER.PII");
    let drift = project.lakeform(&["drift", "-e", "sandbox"]);
    expect_code(&drift, 2);
    let report = stdout(&drift);
    assert!(
        report.contains("column EMAIL.masking_policy") && report.contains("column CONSENT.tags"),
        "{report}"
    );
    project.apply_then_plan_nothing(&[]);
    assert_eq!(column_tags(&server), ["CONSENT=consent", "EMAIL=email"]);

    // A new query replaces the view: the new view gets its columns' policy and tags again,
    // here a conditional policy reading the consent column.
    project.write_schema(&schema(
        "SELECT ID, EMAIL, CONSENT FROM CUSTOMER WHERE ID > 0",
        r#"[
  { name = "EMAIL", masking_policy = { name = "CONSENTED", using = ["EMAIL", "CONSENT"] }, tags = { PII = "email" } },
  { name = "CONSENT", tags = { PII = "consent" } },
]"#,
    ));
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains("CREATE OR REPLACE VIEW GOV.SILVER.V_CUSTOMER COPY GRANTS")
            && plan.contains("ALTER VIEW GOV.SILVER.V_CUSTOMER MODIFY COLUMN EMAIL SET MASKING POLICY GOV.SILVER.CONSENTED USING (EMAIL, CONSENT)"),
        "{plan}"
    );
    project.apply_then_plan_nothing(&[]);
    assert_eq!(
        references(&server, "CONSENTED"),
        ["V_CUSTOMER.EMAIL (VIEW)"]
    );
    assert!(references(&server, "PII_EMAIL_MASK").is_empty());
    assert_eq!(column_tags(&server), ["CONSENT=consent", "EMAIL=email"]);
}

#[test]
fn import_writes_the_view_columns_and_plans_nothing() {
    let server = Server::start();
    let built = Project::on_server(&server, VARS, &schema(QUERY, COLUMNS));
    built.apply_then_plan_nothing(&[]);
    let (adopted, all) = adopt(&server, VARS, "GOV");
    let view = &all[all.find("name = \"V_CUSTOMER\"").expect(&all)..];
    assert!(
        view.contains(
            r#"{ name = "EMAIL", masking_policy = "PII_EMAIL_MASK", tags = { PII = "email" } }"#
        ) && view.contains(r#"{ name = "CONSENT", tags = { PII = "consent" } }"#),
        "{all}"
    );
    let plan = adopted.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}", stdout(&plan));
}

#[test]
fn validate_checks_view_columns_against_the_bound_query() {
    let server = Server::start();
    let project = Project::on_server(
        &server,
        VARS,
        &schema(
            QUERY,
            r#"[
  { name = "ID", masking_policy = "PII_EMAIL_MASK" },
  { name = "EMAIL", masking_policy = { name = "CONSENTED", using = ["EMAIL", "ID"] } },
]"#,
        ),
    );
    let output = project.lakeform(&["validate", "-e", "sandbox"]);
    expect_code(&output, 1);
    let errors = support::stderr(&output);
    for expected in [
        "column ID of view GOV.SILVER.V_CUSTOMER is NUMBER(38,0), but masking policy GOV.SILVER.PII_EMAIL_MASK takes VARCHAR(16777216) there",
        "column ID of view GOV.SILVER.V_CUSTOMER is NUMBER(38,0), but masking policy GOV.SILVER.CONSENTED takes VARCHAR(16777216) there",
        "main.toml:",
    ] {
        assert!(errors.contains(expected), "{expected}\n{errors}");
    }
    // USING's length is checked against the signature, as on a table.
    project.write_schema(&schema(
        QUERY,
        r#"[{ name = "EMAIL", masking_policy = { name = "CONSENTED", using = ["EMAIL"] } }]"#,
    ));
    let errors = support::stderr(&project.lakeform(&["validate", "-e", "sandbox"]));
    assert!(
        errors.contains("masking policy GOV.SILVER.CONSENTED takes 2 argument(s), but the `using` of column EMAIL lists 1 column(s)"),
        "{errors}"
    );
}
