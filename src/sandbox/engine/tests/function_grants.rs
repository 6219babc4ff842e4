//! Grants on user functions and data metric functions, named by their signatures
//! (`FUNCTION f(NUMBER)`, `FUNCTION m(TABLE(VARCHAR))`), what holding them allows, and
//! GRANT OWNERSHIP of one procedure, function or data metric function overload.

use super::{Sandbox, assert_error, cell};

/// D.S with a user function F(NUMBER), a data metric function M(TABLE(VARCHAR)) and a
/// role R holding USAGE on the database and schema.
fn with_functions() -> Sandbox {
    let mut sb = Sandbox::with_schema();
    sb.ok("create function d.s.f(x number) returns number as 'x + 1'");
    sb.ok("create data metric function d.s.m(t table(c varchar)) returns number as 'select count(*) from t'");
    sb.ok("create role r");
    sb.ok("grant usage on database d to role r");
    sb.ok("grant usage on schema d.s to role r");
    sb
}

#[test]
fn grants_on_functions_name_the_signature_and_show_it_with_the_return_type() {
    let mut sb = with_functions();
    sb.ok("grant usage on function d.s.f(number) to role r");
    sb.ok("grant usage on function d.s.m(table(varchar)) to role r");
    let rows = sb.rows("show grants to role r");
    let names: Vec<(String, String)> = rows
        .iter()
        .filter(|r| cell(r, "granted_on") == "FUNCTION")
        .map(|r| {
            (
                cell(r, "privilege").to_string(),
                cell(r, "name").to_string(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            (
                "USAGE".to_string(),
                "D.S.\"F(X NUMBER):NUMBER(38,0)\"".to_string()
            ),
            (
                "USAGE".to_string(),
                "D.S.\"M(T TABLE(C VARCHAR)):NUMBER(38,0)\"".to_string()
            ),
        ]
    );
    // SHOW GRANTS ON the overload: its owner's row, then the grant.
    let on = sb.rows("show grants on function d.s.m(table(varchar))");
    assert_eq!(cell(&on[0], "privilege"), "OWNERSHIP");
    assert_eq!(cell(&on[1], "grantee_name"), "R");
    // USAGE is a function's one privilege; ALL expands to it.
    assert_error(
        &sb.err("grant select on function d.s.f(number) to role r"),
        "003111",
        "Invalid privilege SELECT on FUNCTION.",
    );
    // Another signature is another function, which does not exist.
    assert_error(
        &sb.err("grant usage on function d.s.f(varchar) to role r"),
        "002003",
        "does not exist or not authorized",
    );
    assert_error(
        &sb.err("grant usage on function d.s.m(table(number)) to role r"),
        "002003",
        "does not exist or not authorized",
    );
    sb.ok("revoke usage on function d.s.f(number) from role r");
    let left = sb.rows("show grants to role r");
    assert_eq!(
        left.iter()
            .filter(|r| cell(r, "granted_on") == "FUNCTION")
            .count(),
        1
    );
    // Dropping the data metric function drops its grants.
    sb.ok("drop function d.s.m(table(varchar))");
    let left = sb.rows("show grants to role r");
    assert!(left.iter().all(|r| cell(r, "granted_on") != "FUNCTION"));
}

#[test]
fn all_and_future_functions_reach_user_and_data_metric_functions() {
    let mut sb = with_functions();
    sb.ok("grant usage on all functions in schema d.s to role r");
    let names: Vec<String> = sb
        .rows("show grants to role r")
        .iter()
        .filter(|r| cell(r, "granted_on") == "FUNCTION")
        .map(|r| cell(r, "name").to_string())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    sb.ok("grant usage on future functions in schema d.s to role r");
    sb.ok("create data metric function d.s.later(t table(n number)) returns number as 'select 1'");
    let on = sb.rows("show grants on function d.s.later(table(number))");
    assert!(on.iter().any(|r| cell(r, "grantee_name") == "R"), "{on:?}");
}

#[test]
fn a_role_sees_and_uses_only_the_functions_it_holds_a_privilege_on() {
    let mut sb = with_functions();
    sb.ok("create table d.s.t (email varchar)");
    sb.ok("grant ownership on table d.s.t to role r copy current grants");
    sb.ok("grant execute data metric function on account to role r");
    sb.session.role = Some("R".into());
    assert!(sb.rows("show user functions in schema d.s").is_empty());
    assert!(
        sb.rows("show data metric functions in schema d.s")
            .is_empty()
    );
    assert_error(
        &sb.err("alter table d.s.t add data metric function d.s.m on (email)"),
        "003001",
        "USAGE",
    );
    sb.session.role = None;
    sb.ok("grant usage on function d.s.f(number) to role r");
    sb.ok("grant usage on function d.s.m(table(varchar)) to role r");
    sb.session.role = Some("R".into());
    assert_eq!(sb.rows("show user functions in schema d.s").len(), 1);
    assert_eq!(sb.rows("show data metric functions in schema d.s").len(), 1);
    sb.ok("alter table d.s.t add data metric function d.s.m on (email)");
    // Granting on a function is its owner's (or MANAGE GRANTS').
    assert_error(
        &sb.err("grant usage on function d.s.f(number) to role public"),
        "003001",
        "OWNERSHIP",
    );
}

#[test]
fn ownership_of_one_overload_moves_with_its_signature() {
    let mut sb = with_functions();
    sb.ok(
        "create procedure d.s.p(n number) returns varchar language sql as 'begin return 1; end;'",
    );
    sb.ok("grant usage on procedure d.s.p(number) to role public");
    sb.ok("grant ownership on procedure d.s.p(number) to role r copy current grants");
    sb.ok("grant ownership on function d.s.m(table(varchar)) to role r copy current grants");
    sb.ok("grant ownership on function d.s.f(number) to role r");
    let owner = |sb: &mut Sandbox, sql: &str| {
        let rows = sb.rows(sql);
        cell(&rows[0], "grantee_name").to_string()
    };
    assert_eq!(
        owner(&mut sb, "show grants on procedure d.s.p(number)"),
        "R"
    );
    assert_eq!(
        owner(&mut sb, "show grants on function d.s.m(table(varchar))"),
        "R"
    );
    assert_eq!(owner(&mut sb, "show grants on function d.s.f(number)"), "R");
    // The copied grant names the new owner as its grantor.
    let on = sb.rows("show grants on procedure d.s.p(number)");
    assert_eq!(cell(&on[1], "granted_by"), "R");
    assert_error(
        &sb.err("grant ownership on procedure d.s.p(varchar) to role r"),
        "002003",
        "does not exist or not authorized",
    );
}
