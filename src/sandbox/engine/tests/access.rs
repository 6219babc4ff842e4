//! Roles, database roles and grants through the engine: each statement, its documented
//! error, and the SHOW commands that read them back.

use super::{Sandbox, assert_error, cell};

#[test]
fn roles_are_created_altered_listed_and_dropped() {
    let mut sb = Sandbox::new();
    assert_eq!(
        sb.status("create role analyst comment = 'reads'"),
        "Role ANALYST successfully created."
    );
    assert_error(&sb.err("create role analyst"), "002002", "already exists");
    assert_eq!(
        sb.status("create role if not exists analyst"),
        "ANALYST already exists, statement succeeded."
    );
    // The system roles exist in every account.
    let names = sb.names("show roles");
    for role in [
        "ACCOUNTADMIN",
        "ANALYST",
        "PUBLIC",
        "SECURITYADMIN",
        "SYSADMIN",
    ] {
        assert!(names.iter().any(|n| n == role), "{names:?}");
    }
    let row = sb.one("show roles like 'ANAL%'");
    assert_eq!(
        ["name", "comment", "is_default", "granted_to_roles"].map(|c| cell(&row, c)),
        ["ANALYST", "reads", "N", "0"]
    );
    sb.ok("alter role analyst set comment = 'bi'");
    assert_eq!(cell(&sb.one("show roles like 'ANALYST'"), "comment"), "bi");
    sb.ok("alter role analyst unset comment");
    assert_eq!(cell(&sb.one("show roles like 'ANALYST'"), "comment"), "");
    assert_error(
        &sb.err("alter role nobody set comment = 'x'"),
        "002003",
        "Role 'NOBODY' does not exist or not authorized.",
    );
    assert_error(
        &sb.err("drop role sysadmin"),
        "002043",
        "Cannot drop system role",
    );
    sb.ok("drop role analyst");
    assert_error(
        &sb.err("drop role analyst"),
        "002003",
        "Role 'ANALYST' does not exist",
    );
    sb.ok("drop role if exists analyst");
}

#[test]
fn privileges_are_granted_checked_shown_and_revoked() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create role r");
    sb.ok("create table t (id number)");
    sb.ok("create warehouse w");
    sb.ok("grant select, insert on table d.s.t to role r");
    sb.ok("grant all on warehouse w to r");
    sb.ok("grant execute task on account to role r");
    let rows = sb.rows("show grants to role r");
    let listed: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                cell(r, "privilege").to_string(),
                cell(r, "granted_on").to_string(),
                cell(r, "name").to_string(),
            )
        })
        .collect();
    for expected in [
        ("SELECT", "TABLE", "D.S.T"),
        ("INSERT", "TABLE", "D.S.T"),
        ("OPERATE", "WAREHOUSE", "W"),
        ("MONITOR", "WAREHOUSE", "W"),
        ("EXECUTE TASK", "ACCOUNT", "SANDBOX"),
    ] {
        let expected = (expected.0.into(), expected.1.into(), expected.2.into());
        assert!(listed.contains(&expected), "{expected:?} in {listed:?}");
    }
    // ALL is stored as the concrete privileges, never as ALL or OWNERSHIP.
    assert!(!listed.iter().any(|(p, ..)| p == "ALL" || p == "OWNERSHIP"));
    let on = sb.rows("show grants on warehouse w");
    // The owner's OWNERSHIP row, then ALL as the warehouse's five privileges.
    assert_eq!(cell(&on[0], "privilege"), "OWNERSHIP");
    assert_eq!(on.len(), 6, "ALL on a warehouse is its five privileges");
    assert!(on.iter().all(|r| cell(r, "granted_by_role_type") == "ROLE"));

    assert_error(
        &sb.err("grant select on warehouse w to role r"),
        "003111",
        "Invalid privilege SELECT on WAREHOUSE",
    );
    assert_error(
        &sb.err("grant select on table d.s.nope to role r"),
        "002003",
        "Table 'D.S.NOPE' does not exist or not authorized.",
    );
    assert_error(
        &sb.err("grant select on table d.s.t to role nobody"),
        "002003",
        "Role 'NOBODY' does not exist",
    );
    assert_error(
        &sb.err("grant usage on database nope to role r"),
        "002003",
        "Database 'NOPE' does not exist",
    );

    sb.ok("revoke insert on table t from role r");
    let privileges: Vec<String> = sb
        .rows("show grants on table t")
        .iter()
        .map(|r| cell(r, "privilege").to_string())
        .collect();
    assert_eq!(privileges, ["OWNERSHIP", "SELECT"]);
    // Dropping the object drops its grants.
    sb.ok("drop table t");
    assert!(
        sb.rows("show grants to role r")
            .iter()
            .all(|r| cell(r, "granted_on") != "TABLE")
    );
}

#[test]
fn all_reaches_what_exists_and_future_what_comes_later() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create role r");
    sb.ok("create table a (id number)");
    sb.ok("grant select on all tables in schema d.s to role r");
    sb.ok("grant select on future tables in schema d.s to role r");
    sb.ok("grant usage on future schemas in database d to role r");
    sb.ok("create table b (id number)");
    sb.ok("create schema d.later");
    let names: Vec<String> = sb
        .rows("show grants to role r")
        .iter()
        .map(|r| cell(r, "name").to_string())
        .collect();
    assert!(names.contains(&"D.S.A".to_string()), "{names:?}");
    assert!(names.contains(&"D.S.B".to_string()), "{names:?}");
    assert!(names.contains(&"D.LATER".to_string()), "{names:?}");
    let future = sb.one("show future grants in schema d.s");
    assert_eq!(
        ["privilege", "grant_on", "name", "grant_to", "grantee_name"].map(|c| cell(&future, c)),
        ["SELECT", "TABLE", "D.S.<TABLE>", "ROLE", "R"]
    );
    assert_eq!(
        cell(&sb.one("show future grants in database d"), "grant_on"),
        "SCHEMA"
    );
    sb.ok("revoke select on future tables in schema d.s from role r");
    assert!(sb.rows("show future grants in schema d.s").is_empty());
    // A table created now gets nothing.
    sb.ok("create table c (id number)");
    let on = sb.rows("show grants on table c");
    assert!(
        on.iter().all(|r| cell(r, "privilege") == "OWNERSHIP"),
        "{on:?}"
    );
}

#[test]
fn roles_are_granted_to_roles_without_cycles() {
    let mut sb = Sandbox::new();
    sb.ok("create role child");
    sb.ok("create role parent");
    sb.ok("grant role child to role parent");
    sb.ok("grant role parent to role sysadmin");
    let of = sb.one("show grants of role child");
    assert_eq!(
        ["role", "granted_to", "grantee_name"].map(|c| cell(&of, c)),
        ["CHILD", "ROLE", "PARENT"]
    );
    let to = sb.one("show grants to role parent");
    assert_eq!(
        ["privilege", "granted_on", "name"].map(|c| cell(&to, c)),
        ["USAGE", "ROLE", "CHILD"]
    );
    assert_error(
        &sb.err("grant role sysadmin to role child"),
        "002043",
        "cycle",
    );
    assert_error(
        &sb.err("grant role nobody to role child"),
        "002003",
        "Role 'NOBODY'",
    );
    sb.ok("revoke role child from role parent");
    assert!(sb.rows("show grants of role child").is_empty());
}

#[test]
fn database_roles_live_in_their_database() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create database other");
    sb.ok("create role r");
    assert_eq!(
        sb.status("create database role d.reader comment = 'r'"),
        "Database role READER successfully created."
    );
    let row = sb.one("show database roles in database d");
    assert_eq!(
        ["name", "comment", "owner_role_type"].map(|c| cell(&row, c)),
        ["READER", "r", "ROLE"]
    );
    sb.ok("grant usage on schema d.s to database role d.reader");
    assert_error(
        &sb.err("grant usage on database other to database role d.reader"),
        "002043",
        "only be granted privileges on objects in database D",
    );
    sb.ok("grant database role d.reader to role r");
    let to = sb.rows("show grants to database role d.reader");
    assert!(
        to.iter()
            .any(|r| cell(r, "granted_to") == "DATABASE_ROLE" && cell(r, "name") == "D.S")
    );
    assert_error(
        &sb.err("grant role r to database role d.reader"),
        "002043",
        "account role",
    );
    // Dropping the database drops its roles.
    sb.ok("drop database d");
    assert_error(
        &sb.err("show grants to database role d.reader"),
        "002003",
        "Database 'D'",
    );
}

#[test]
fn procedures_policies_and_tags_take_their_own_privileges_by_signature() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create role r");
    sb.ok("create procedure p(since varchar, n number) returns varchar language sql as 'begin return 1; end;'");
    sb.ok("create procedure p(d date) returns varchar language sql as 'begin return 1; end;'");
    sb.ok("create masking policy m as (v string) returns string -> '***'");
    sb.ok("create tag t");
    sb.ok("grant usage on procedure d.s.p(varchar(10), number) to role r");
    sb.ok("grant apply on masking policy m to role r");
    sb.ok("grant apply, read on tag t to role r");
    let shown: Vec<(String, String, String)> = sb
        .rows("show grants to role r")
        .iter()
        .map(|row| {
            (
                cell(row, "privilege").to_string(),
                cell(row, "granted_on").to_string(),
                cell(row, "name").to_string(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            (
                "USAGE".to_string(),
                "PROCEDURE".to_string(),
                "D.S.\"P(SINCE VARCHAR, N NUMBER):VARCHAR(16777216)\"".to_string()
            ),
            ("APPLY".into(), "MASKING_POLICY".into(), "D.S.M".into()),
            ("APPLY".into(), "TAG".into(), "D.S.T".into()),
            ("READ".into(), "TAG".into(), "D.S.T".into()),
        ]
    );
    // The other overload holds nothing; SHOW GRANTS ON names one by its signature, owner
    // first.
    let on: Vec<String> = sb
        .rows("show grants on procedure p(date)")
        .iter()
        .map(|row| cell(row, "privilege").to_string())
        .collect();
    assert_eq!(on, ["OWNERSHIP"]);
    assert_error(
        &sb.err("grant select on tag t to role r"),
        "003111",
        "Invalid privilege SELECT on TAG.",
    );
    assert_error(
        &sb.err("grant usage on procedure p(boolean) to role r"),
        "002003",
        "does not exist",
    );
    // No bulk grants on policies or tags.
    sb.err("grant apply on all masking policies in schema d.s to role r");
    sb.err("grant apply on future tags in schema d.s to role r");
    // ALL and FUTURE PROCEDURES reach every overload, and a new one.
    sb.ok("grant usage on all procedures in schema d.s to role r");
    sb.ok("grant usage on future procedures in schema d.s to role r");
    sb.ok("create procedure p(b boolean) returns varchar language sql as 'begin return 1; end;'");
    let procedures = sb
        .rows("show grants to role r")
        .iter()
        .filter(|row| cell(row, "granted_on") == "PROCEDURE")
        .count();
    assert_eq!(procedures, 3);
    // A dropped overload takes its grants along; the others keep theirs.
    sb.ok("drop procedure p(date)");
    let procedures: Vec<String> = sb
        .rows("show grants to role r")
        .iter()
        .filter(|row| cell(row, "granted_on") == "PROCEDURE")
        .map(|row| cell(row, "name").to_string())
        .collect();
    assert_eq!(procedures.len(), 2, "{procedures:?}");
    assert!(
        procedures.iter().all(|n| !n.contains("D DATE")),
        "{procedures:?}"
    );
    // A replaced policy is a new object, without the old one's grants.
    sb.ok("create or replace masking policy m as (v number) returns number -> 0");
    let on: Vec<String> = sb
        .rows("show grants on masking policy m")
        .iter()
        .map(|row| cell(row, "privilege").to_string())
        .collect();
    assert_eq!(on, ["OWNERSHIP"]);
}
