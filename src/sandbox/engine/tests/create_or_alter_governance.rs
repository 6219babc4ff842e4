//! CREATE OR ALTER of tags (https://docs.snowflake.com/en/sql-reference/sql/create-tag#create-or-alter-tag)
//! procedures (https://docs.snowflake.com/en/sql-reference/sql/create-procedure) and
//! functions (https://docs.snowflake.com/en/sql-reference/sql/create-function):
//! created when absent as CREATE would, else turned into the definition as far as ALTER
//! allows, what the definition leaves out unset; the policies, whose CREATE pages document
//! no CREATE OR ALTER form, stay refused.

use super::{Sandbox, assert_error, cell};

/// The session as role R, which sees D.S but owns nothing in it.
fn as_role_without_ownership(sb: &mut Sandbox) {
    sb.ok("create role r");
    sb.ok("grant usage on database d to role r");
    sb.ok("grant usage on schema d.s to role r");
    sb.session.role = Some("R".to_string());
}

fn tag_row(sb: &mut Sandbox) -> (String, String) {
    let row = sb.one("show tags like 'COST_CENTER' in schema d.s");
    (
        cell(&row, "allowed_values").to_string(),
        cell(&row, "comment").to_string(),
    )
}

#[test]
fn a_tag_is_created_then_altered_into_the_definition() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create or alter tag cost_center allowed_values 'finance', 'engineering' comment = 'c'");
    assert_eq!(
        tag_row(&mut sb),
        ("[\"finance\",\"engineering\"]".to_string(), "c".to_string())
    );
    // A new list replaces the old one; the comment changes.
    sb.ok("create or alter tag cost_center allowed_values 'sales' comment = 'd'");
    assert_eq!(
        tag_row(&mut sb),
        ("[\"sales\"]".to_string(), "d".to_string())
    );
    // Left out: both reset, the list to NULL (any value allowed).
    sb.ok("create or alter tag cost_center");
    assert_eq!(tag_row(&mut sb), ("<NULL>".to_string(), String::new()));
    sb.ok("create table t (id number)");
    sb.ok("alter table t set tag cost_center = 'anything'");
    // The same definition twice changes nothing and succeeds.
    sb.ok("create or alter tag cost_center allowed_values 'anything'");
    sb.ok("create or alter tag cost_center allowed_values 'anything'");
    assert_eq!(tag_row(&mut sb).0, "[\"anything\"]");
}

#[test]
fn a_tag_definition_is_checked_as_create_tag_checks_it() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create tag cost_center");
    // CREATE OR ALTER TAG's syntax has no PROPAGATE (the page's variant syntax).
    assert_error(
        &sb.err("create or alter tag cost_center propagate = on_dependency"),
        "002043",
        "PROPAGATE",
    );
    // Neither OR REPLACE nor IF NOT EXISTS goes with it.
    assert_error(
        &sb.err("create or alter tag if not exists cost_center"),
        "001003",
        "",
    );
    assert_eq!(tag_row(&mut sb), ("<NULL>".to_string(), String::new()));
}

#[test]
fn altering_a_tag_needs_what_alter_tag_needs() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create tag cost_center comment = 'kept'");
    as_role_without_ownership(&mut sb);
    assert_error(
        &sb.err("create or alter tag cost_center comment = 'changed'"),
        "003001",
        "Insufficient privileges",
    );
    sb.session.role = None;
    assert_eq!(tag_row(&mut sb).1, "kept");
}

// CREATE MASKING POLICY and CREATE ROW ACCESS POLICY document no CREATE OR ALTER form
// (https://docs.snowflake.com/en/sql-reference/sql/create-masking-policy,
// https://docs.snowflake.com/en/sql-reference/sql/create-row-access-policy): still refused,
// the existing policy untouched.
#[test]
fn policies_have_no_create_or_alter() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create masking policy m as (v string) returns string -> v comment = 'kept'");
    sb.ok("create row access policy r as (v string) returns boolean -> true comment = 'kept'");
    for sql in [
        "create or alter masking policy m as (v string) returns string -> 'x'",
        "create or alter row access policy r as (v string) returns boolean -> false",
        "create or alter masking policy absent as (v string) returns string -> v",
    ] {
        assert_error(&sb.err(sql), "002043", "CREATE OR ALTER");
    }
    let row = sb.one("show masking policies like 'M'");
    assert_eq!(cell(&row, "comment"), "kept");
    let row = sb.one("show row access policies like 'R'");
    assert_eq!(cell(&row, "comment"), "kept");
    assert!(sb.rows("show masking policies like 'ABSENT'").is_empty());
}

/// DESCRIBE PROCEDURE's `execute as` and SHOW PROCEDURES' `description` of `p(NUMBER)`.
fn procedure_state(sb: &mut Sandbox) -> (String, String) {
    let described = sb.rows("describe procedure p(number)");
    let execute_as = described
        .iter()
        .find(|r| cell(r, "property") == "execute as")
        .map(|r| cell(r, "value").to_string())
        .unwrap_or_default();
    let shown = sb.rows("show procedures like 'P' in schema d.s");
    let row = shown
        .iter()
        .find(|r| cell(r, "arguments").starts_with("P(NUMBER)"))
        .unwrap();
    (execute_as, cell(row, "description").to_string())
}

// CREATE OR ALTER PROCEDURE (https://docs.snowflake.com/en/sql-reference/sql/create-procedure):
// created when the overload is absent; on an existing one, what ALTER PROCEDURE changes
// (https://docs.snowflake.com/en/sql-reference/sql/alter-procedure) is changed.
#[test]
fn a_procedure_is_created_then_altered_as_alter_procedure_allows() {
    let mut sb = Sandbox::with_schema();
    let body = "as $$ begin return x; end $$";
    sb.ok(&format!(
        "create or alter procedure p(x number) returns number language sql comment = 'c' {body}"
    ));
    assert_eq!(
        procedure_state(&mut sb),
        ("OWNER".to_string(), "c".to_string())
    );
    sb.ok(&format!(
        "create or alter procedure p(x number) returns number language sql execute as caller \
         comment = 'd' {body}"
    ));
    assert_eq!(
        procedure_state(&mut sb),
        ("CALLER".to_string(), "d".to_string())
    );
    // The comment left out is unset (SHOW's default description); EXECUTE AS left out is
    // OWNER, CREATE PROCEDURE's default.
    sb.ok(&format!(
        "create or alter procedure p(x number) returns number language sql {body}"
    ));
    assert_eq!(
        procedure_state(&mut sb),
        ("OWNER".to_string(), "user-defined procedure".to_string())
    );
    // Another signature is another overload, created beside it.
    sb.ok("create or alter procedure p(x varchar) returns varchar language sql as $$ begin return x; end $$");
    assert_eq!(sb.rows("show procedures like 'P' in schema d.s").len(), 2);
}

#[test]
fn a_procedure_keeps_what_alter_procedure_cannot_change() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create procedure p(x number) returns number language sql comment = 'kept' as $$ begin return x; end $$");
    for (sql, what) in [
        (
            "create or alter procedure p(x number) returns varchar language sql as $$ begin return x; end $$",
            "return type",
        ),
        (
            "create or alter procedure p(x number) returns number language javascript as $$ return X; $$",
            "language",
        ),
        (
            "create or alter procedure p(y number) returns number language sql as $$ begin return x; end $$",
            "argument names or defaults",
        ),
        (
            "create or alter procedure p(x number) returns number language sql as $$ begin return 1; end $$",
            "body",
        ),
    ] {
        assert_error(
            &sb.err(sql),
            "002043",
            &format!("cannot change the {what} of procedure D.S.P(NUMBER)"),
        );
    }
    assert_eq!(procedure_state(&mut sb).1, "kept");
    // ALTER's privilege: a role that does not own it changes nothing.
    as_role_without_ownership(&mut sb);
    assert_error(
        &sb.err("create or alter procedure p(x number) returns number language sql comment = 'x' as $$ begin return x; end $$"),
        "003001",
        "Insufficient privileges",
    );
    sb.session.role = None;
    assert_eq!(procedure_state(&mut sb).1, "kept");
}

/// SHOW USER FUNCTIONS' `is_secure` and `description` of AREA(FLOAT).
fn function_state(sb: &mut Sandbox) -> (String, String) {
    let rows = sb.rows("show user functions like 'AREA' in schema d.s");
    let row = rows
        .iter()
        .find(|r| cell(r, "arguments").starts_with("AREA(FLOAT)"))
        .unwrap();
    (
        cell(row, "is_secure").to_string(),
        cell(row, "description").to_string(),
    )
}

// CREATE OR ALTER FUNCTION (https://docs.snowflake.com/en/sql-reference/sql/create-function):
// what ALTER FUNCTION changes (https://docs.snowflake.com/en/sql-reference/sql/alter-function)
// is changed; the rest is refused.
#[test]
fn a_function_is_created_then_altered_as_alter_function_allows() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create or alter function area(r float) returns float comment = 'c' as 'pi() * r * r'");
    assert_eq!(function_state(&mut sb), ("N".to_string(), "c".to_string()));
    sb.ok("create or alter secure function area(r float) returns float comment = 'd' as 'pi() * r * r'");
    assert_eq!(function_state(&mut sb), ("Y".to_string(), "d".to_string()));
    // SECURE and the comment left out: both unset.
    sb.ok("create or alter function area(r float) returns float as 'pi() * r * r'");
    assert_eq!(
        function_state(&mut sb),
        ("N".to_string(), "user-defined function".to_string())
    );
    // Another signature is another overload.
    sb.ok("create or alter function area(r number) returns number as 'r * r'");
    assert_eq!(
        sb.rows("show user functions like 'AREA' in schema d.s")
            .len(),
        2
    );
    for (sql, what) in [
        (
            "create or alter function area(r float) returns number as 'pi() * r * r'",
            "return type",
        ),
        (
            "create or alter function area(r float) returns float as 'r'",
            "body",
        ),
        (
            "create or alter function area(x float) returns float as 'pi() * r * r'",
            "argument names or defaults",
        ),
    ] {
        assert_error(
            &sb.err(sql),
            "002043",
            &format!("cannot change the {what} of function D.S.AREA(FLOAT)"),
        );
    }
    let described = sb.rows("describe function area(float)");
    assert_eq!(cell(&described[5], "value"), "pi() * r * r");
}
