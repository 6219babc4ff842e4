//! The `sequence` kind end to end on the embedded sandbox: a sequence and a table whose
//! surrogate key defaults to `SEQ.NEXTVAL` apply in dependency order and then plan
//! nothing; an increment and NOORDER alter in place; NOORDER → ORDER is a destructive
//! recreate that needs consent; an increment of 0 and an undeclared sequence in a default
//! are refused at `validate`, pointing into the file.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

use std::path::Path;

#[path = "fixtures/drift/support.rs"]
mod support;

use support::{expect_code, lakeform_in as lakeform, stderr, stdout};

/// A project made by `lakeform init` whose schema file declares `sequence` (a
/// `[[sequence]]` body) and a table keyed by it.
fn project(sequence: &str) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    expect_code(&lakeform(root.path(), &["init"]), 0);
    write_schema(root.path(), sequence, "CUSTOMER_KEY.NEXTVAL");
    root
}

fn write_schema(dir: &Path, sequence: &str, default: &str) {
    let text = format!(
        r#"[[database]]
name = "${{database}}"

[[schema]]
name = "${{database}}.SILVER"

[[sequence]]
name = "${{database}}.SILVER.CUSTOMER_KEY"
{sequence}

[[table]]
name = "${{database}}.SILVER.CUSTOMER"
columns = [
  {{ name = "CUSTOMER_KEY", type = "NUMBER(38,0)", default = "{default}" }},
  {{ name = "NAME", type = "VARCHAR" }},
]
"#
    );
    std::fs::write(dir.join("schema/main.toml"), text).unwrap();
}

/// Applies to the sandbox, then checks that the plan is empty.
fn apply_then_plan_nothing(dir: &Path) {
    expect_code(
        &lakeform(dir, &["apply", "-e", "sandbox", "--auto-approve"]),
        0,
    );
    expect_code(
        &lakeform(dir, &["plan", "-e", "sandbox", "--detailed-exitcode"]),
        0,
    );
}

#[test]
fn a_sequence_and_the_table_it_keys_apply_and_then_plan_nothing() {
    let dir = project("start = 1000\ncomment = \"surrogate keys\"");
    let plan = lakeform(dir.path(), &["plan", "-e", "sandbox"]);
    expect_code(&plan, 0);
    let text = stdout(&plan);
    let create_sequence = text
        .find("CREATE SEQUENCE MY_PROJECT_SANDBOX.SILVER.CUSTOMER_KEY START = 1000 INCREMENT = 1 NOORDER COMMENT = 'surrogate keys'")
        .unwrap_or_else(|| panic!("{text}"));
    // The default is written with the sequence's full name, as Snowflake reports it, and
    // the table waits for the sequence.
    let create_table = text
        .find("DEFAULT MY_PROJECT_SANDBOX.SILVER.CUSTOMER_KEY.NEXTVAL")
        .unwrap_or_else(|| panic!("{text}"));
    assert!(create_sequence < create_table, "{text}");

    apply_then_plan_nothing(dir.path());

    // Increment and NOORDER (already) alter in place; the start is not compared.
    write_schema(
        dir.path(),
        "start = 5\nincrement = 10\ncomment = \"surrogate keys\"",
        "CUSTOMER_KEY.NEXTVAL",
    );
    let plan = lakeform(
        dir.path(),
        &["plan", "-e", "sandbox", "--detailed-exitcode"],
    );
    expect_code(&plan, 2);
    let text = stdout(&plan);
    assert!(
        text.contains("ALTER SEQUENCE MY_PROJECT_SANDBOX.SILVER.CUSTOMER_KEY SET INCREMENT = 10"),
        "{text}"
    );
    assert!(!text.contains("start"), "{text}");
    apply_then_plan_nothing(dir.path());

    // NOORDER → ORDER cannot be altered: a destructive recreate, refused without consent.
    write_schema(
        dir.path(),
        "increment = 10\norder = true\ncomment = \"surrogate keys\"",
        "CUSTOMER_KEY.NEXTVAL",
    );
    let plan = lakeform(dir.path(), &["plan", "-e", "sandbox"]);
    expect_code(&plan, 0);
    let text = stdout(&plan);
    assert!(
        text.contains("CREATE OR REPLACE SEQUENCE MY_PROJECT_SANDBOX.SILVER.CUSTOMER_KEY START = "),
        "{text}"
    );
    assert!(text.contains("destructive"), "{text}");
    let refused = lakeform(dir.path(), &["apply", "-e", "sandbox", "--auto-approve"]);
    expect_code(&refused, 1);
    expect_code(
        &lakeform(
            dir.path(),
            &[
                "apply",
                "-e",
                "sandbox",
                "--auto-approve",
                "--allow-destructive",
            ],
        ),
        0,
    );
    expect_code(
        &lakeform(
            dir.path(),
            &["plan", "-e", "sandbox", "--detailed-exitcode"],
        ),
        0,
    );
}

#[test]
fn a_zero_increment_and_an_undeclared_sequence_are_refused_at_validate() {
    let dir = project("increment = 0");
    let output = lakeform(dir.path(), &["validate", "-e", "sandbox"]);
    expect_code(&output, 1);
    let message = stderr(&output);
    assert!(
        message.contains("a sequence's increment cannot be 0"),
        "{message}"
    );
    assert!(message.contains("main.toml:9:13"), "{message}");

    write_schema(dir.path(), "", "SILVER.MISSING_KEY.NEXTVAL");
    let output = lakeform(dir.path(), &["validate", "-e", "sandbox"]);
    expect_code(&output, 1);
    let message = stderr(&output);
    assert!(
        message.contains(
            "refers to sequence MY_PROJECT_SANDBOX.SILVER.MISSING_KEY, which is not declared"
        ),
        "{message}"
    );
    // Inside the default string: line 14, where `SILVER.MISSING_KEY` starts.
    assert!(message.contains("main.toml:14:"), "{message}");
}

#[test]
fn an_imported_sequence_and_its_default_plan_nothing() {
    let dir = project("increment = 5\norder = true\ncomment = \"keys\"");
    apply_then_plan_nothing(dir.path());
    // Start again from what the account holds: the declarations are removed and imported.
    std::fs::remove_file(dir.path().join("schema/main.toml")).unwrap();
    expect_code(
        &lakeform(
            dir.path(),
            &["import", "-e", "sandbox", "--scope", "MY_PROJECT_SANDBOX"],
        ),
        0,
    );
    let silver = std::fs::read_to_string(dir.path().join("schema/silver.toml")).unwrap();
    assert!(
        silver.contains("[[sequence]]\nname = \"CUSTOMER_KEY\"\ncomment = \"keys\"\nincrement = 5\norder = true\n"),
        "{silver}"
    );
    // The default as Snowflake reports it, with the database written back as a variable.
    assert!(
        silver.contains(r#"default = "\"${database}\".\"SILVER\".\"CUSTOMER_KEY\".NEXTVAL""#),
        "{silver}"
    );
    expect_code(
        &lakeform(
            dir.path(),
            &["plan", "-e", "sandbox", "--detailed-exitcode"],
        ),
        0,
    );
}
