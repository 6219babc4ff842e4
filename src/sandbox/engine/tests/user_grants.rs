//! Roles granted to users through the engine: `GRANT ROLE r TO USER u` and its REVOKE
//! with their documented errors and privileges, SHOW GRANTS TO USER and the USER rows of
//! SHOW GRANTS OF ROLE, what dropping or renaming the user or the role does, the saved
//! state, and `USE SECONDARY ROLES ALL` reading the user's roles at each statement.

use super::{Sandbox, assert_error, cell};

/// A sandbox with roles ANALYST and LOADER and user JANE.
fn with_user() -> Sandbox {
    let mut sb = Sandbox::with_schema();
    sb.ok("create role analyst");
    sb.ok("create role loader");
    sb.ok("create user jane");
    sb
}

/// https://docs.snowflake.com/en/sql-reference/sql/grant-role,
/// https://docs.snowflake.com/en/sql-reference/sql/revoke-role,
/// https://docs.snowflake.com/en/sql-reference/sql/show-grants (and the 2025_01 columns,
/// https://docs.snowflake.com/en/release-notes/bcr-bundles/2025_01/bcr-1803).
#[test]
fn a_role_is_granted_to_a_user_shown_and_revoked() {
    let mut sb = with_user();
    assert!(sb.rows("show grants to user jane").is_empty());
    assert_eq!(
        sb.status("grant role analyst to user jane"),
        "Statement executed successfully."
    );
    // Granting it again changes nothing.
    sb.ok("grant role analyst to user jane");
    sb.ok("grant role loader to user \"JANE\"");
    let result = sb.ok("show grants to user jane");
    let names: Vec<&str> = result.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "created_on",
            "privilege",
            "granted_on",
            "name",
            "role",
            "granted_to",
            "grantee_name",
            "grant_option",
            "granted_by"
        ]
    );
    let rows = sb.rows("show grants to user jane");
    assert_eq!(rows.len(), 2, "{rows:?}");
    let first = &rows[0];
    assert_eq!(
        [
            "privilege",
            "granted_on",
            "name",
            "role",
            "granted_to",
            "grantee_name",
            "grant_option",
            "granted_by"
        ]
        .map(|c| cell(first, c)),
        [
            "USAGE", "ROLE", "ANALYST", "ANALYST", "USER", "JANE", "false", "SYSADMIN"
        ]
    );
    assert_eq!(cell(&rows[1], "role"), "LOADER");
    // SHOW GRANTS OF ROLE lists the users after the roles, granted_to USER.
    sb.ok("create role parent");
    sb.ok("grant role analyst to role parent");
    let of = sb.rows("show grants of role analyst");
    assert_eq!(
        of.iter()
            .map(|r| (cell(r, "granted_to"), cell(r, "grantee_name")))
            .collect::<Vec<_>>(),
        [("ROLE", "PARENT"), ("USER", "JANE")]
    );
    assert_eq!(cell(&of[1], "role"), "ANALYST");
    assert_eq!(cell(&of[1], "granted_by"), "SYSADMIN");
    assert_eq!(
        cell(&sb.one("show roles like 'ANALYST'"), "assigned_to_users"),
        "1"
    );
    // Revoked, it is gone everywhere; revoking it again changes nothing.
    assert_eq!(
        sb.status("revoke role analyst from user jane"),
        "Statement executed successfully."
    );
    sb.ok("revoke role analyst from user jane");
    let rows = sb.rows("show grants to user jane");
    assert_eq!(rows.len(), 1);
    assert_eq!(cell(&rows[0], "role"), "LOADER");
    assert_eq!(sb.rows("show grants of role analyst").len(), 1);
    assert_eq!(
        cell(&sb.one("show roles like 'ANALYST'"), "assigned_to_users"),
        "0"
    );
}

#[test]
fn the_role_and_the_user_must_exist() {
    let mut sb = with_user();
    assert_error(
        &sb.err("grant role nope to user jane"),
        "002003",
        "Role 'NOPE' does not exist or not authorized.",
    );
    assert_error(
        &sb.err("grant role analyst to user nobody"),
        "002003",
        "User 'NOBODY' does not exist or not authorized.",
    );
    assert_error(
        &sb.err("revoke role analyst from user nobody"),
        "002003",
        "User 'NOBODY' does not exist or not authorized.",
    );
    assert_error(
        &sb.err("revoke role nope from user jane"),
        "002003",
        "Role 'NOPE' does not exist or not authorized.",
    );
    assert_error(
        &sb.err("show grants to user nobody"),
        "002003",
        "User 'NOBODY' does not exist or not authorized.",
    );
    // A database role is granted to a user without a grant option: "GRANT DATABASE ROLE
    // ... TO USER ... WITH GRANT OPTION isn't supported"
    // (https://docs.snowflake.com/en/sql-reference/sql/grant-database-role, which now
    // documents `TO USER <user_name>`).
    sb.ok("create database role d.dr");
    assert_error(
        &sb.err("grant database role d.dr to user jane with grant option"),
        "001003",
        "",
    );
    // The connected user exists even if this sandbox never saw it created.
    sb.session.user = Some("ops".into());
    assert!(sb.rows("show grants to user ops").is_empty());
    assert!(sb.rows("show grants").is_empty());
    sb.ok("grant role analyst to user ops");
    assert_eq!(sb.rows("show grants to user ops").len(), 1);
    // Bare SHOW GRANTS lists the current user's roles ("SHOW GRANTS TO USER (and SHOW
    // GRANTS)", bcr-1803).
    let row = sb.one("show grants");
    assert_eq!(
        ["role", "grantee_name"].map(|c| cell(&row, c)),
        ["ANALYST", "OPS"]
    );
    sb.session.user = None;
    assert!(sb.rows("show grants").is_empty());
}

/// Dropping the user or the role forgets the grant; renaming either keeps it, under the
/// new name.
#[test]
fn dropping_the_user_or_the_role_forgets_the_grant() {
    let mut sb = with_user();
    sb.ok("grant role analyst to user jane");
    sb.ok("grant role loader to user jane");
    sb.ok("alter role analyst rename to reader");
    sb.ok("alter user jane rename to janet");
    let rows = sb.rows("show grants to user janet");
    assert_eq!(
        rows.iter().map(|r| cell(r, "role")).collect::<Vec<_>>(),
        ["READER", "LOADER"]
    );
    sb.ok("drop role reader");
    let rows = sb.rows("show grants to user janet");
    assert_eq!(
        rows.iter().map(|r| cell(r, "role")).collect::<Vec<_>>(),
        ["LOADER"]
    );
    sb.ok("drop user janet");
    sb.ok("create user janet");
    assert!(sb.rows("show grants to user janet").is_empty());
    assert!(sb.rows("show grants of role loader").is_empty());
    // A role created again in place of a dropped one starts with no users either.
    sb.ok("grant role loader to user janet");
    sb.ok("create or replace role loader");
    assert!(sb.rows("show grants to user janet").is_empty());
    // So does a user created again in place of a replaced one; IF NOT EXISTS keeps it.
    sb.ok("grant role loader to user janet");
    sb.ok("create user if not exists janet");
    assert_eq!(sb.rows("show grants to user janet").len(), 1);
    sb.ok("create or replace user janet");
    assert!(sb.rows("show grants to user janet").is_empty());
    assert!(sb.rows("show grants of role loader").is_empty());
}

/// "OWNERSHIP on the role being granted" or MANAGE GRANTS (GRANT ROLE and REVOKE ROLE,
/// "Access control requirements").
#[test]
fn granting_a_role_to_a_user_needs_its_ownership_or_manage_grants() {
    let mut sb = with_user();
    sb.ok("create role r");
    sb.ok("grant create role on account to role r");
    sb.session.role = Some("R".into());
    assert_error(
        &sb.err("grant role analyst to user jane"),
        "003001",
        "OWNERSHIP granted on ROLE ANALYST",
    );
    sb.ok("create role mine");
    sb.ok("grant role mine to user jane");
    sb.ok("revoke role mine from user jane");
    assert_error(
        &sb.err("revoke role analyst from user jane"),
        "003001",
        "ROLE ANALYST",
    );
    // SECURITYADMIN holds MANAGE GRANTS; the grant names it as the grantor.
    sb.session.role = Some("SECURITYADMIN".into());
    sb.ok("grant role analyst to user jane");
    assert_eq!(
        cell(&sb.one("show grants to user jane"), "granted_by"),
        "SECURITYADMIN"
    );
}

/// The grants to users are kept in the saved state; a state written before they existed
/// (no `user_roles`) still loads, and one without any is written as before.
#[test]
fn grants_to_users_survive_the_saved_state() {
    let mut sb = with_user();
    let before = sb.engine.to_state();
    assert!(
        before["catalog"]["access"].get("user_roles").is_none(),
        "{}",
        before["catalog"]["access"]
    );
    sb.ok("grant role analyst to user jane");
    let state = sb.engine.to_state();
    let restored = crate::sandbox::engine::Engine::from_state(state.clone()).unwrap();
    assert_eq!(restored.to_state(), state);
    sb.engine = restored;
    assert_eq!(cell(&sb.one("show grants to user jane"), "role"), "ANALYST");
    // The same state without the field, as an older sandbox wrote it.
    let mut older = state;
    if let Some(access) = older["catalog"]["access"].as_object_mut() {
        assert!(access.remove("user_roles").is_some());
    }
    sb.engine = crate::sandbox::engine::Engine::from_state(older).unwrap();
    assert!(sb.rows("show grants to user jane").is_empty());
}

/// `USE SECONDARY ROLES ALL` activates the roles granted to the session's user, read again
/// at each statement: a grant or a revoke counts without a new USE
/// (https://docs.snowflake.com/en/sql-reference/sql/use-secondary-roles).
#[test]
fn secondary_roles_all_are_the_roles_granted_to_the_user() {
    let mut sb = with_user();
    sb.ok("create table t (id number)");
    sb.ok("create role r");
    for grant in [
        "grant usage on database d to role r",
        "grant usage on schema d.s to role r",
        "grant usage on database d to role analyst",
        "grant usage on schema d.s to role analyst",
        "grant select on table d.s.t to role analyst",
    ] {
        sb.ok(grant);
    }
    sb.session.user = Some("jane".into());
    sb.session.role = Some("R".into());
    sb.ok("use secondary roles all");
    assert_error(
        &sb.err("select id from d.s.t"),
        "003001",
        "Insufficient privileges",
    );
    // The role is granted meanwhile (by the administrator): the next statement holds it.
    sb.session.role = None;
    sb.ok("grant role analyst to user jane");
    sb.session.role = Some("R".into());
    sb.ok("select id from d.s.t");
    // A role granted to the user's role counts too (it is inherited).
    sb.session.role = None;
    sb.ok("revoke role analyst from user jane");
    sb.ok("grant role analyst to role loader");
    sb.ok("grant role loader to user jane");
    sb.session.role = Some("R".into());
    sb.ok("select id from d.s.t");
    // NONE turns them off; another user does not hold Jane's roles.
    sb.ok("use secondary roles none");
    assert_error(
        &sb.err("select id from d.s.t"),
        "003001",
        "Insufficient privileges",
    );
    sb.ok("use secondary roles all");
    sb.session.user = Some("someone_else".into());
    assert_error(
        &sb.err("select id from d.s.t"),
        "003001",
        "Insufficient privileges",
    );
    // Revoked, it is gone at the next statement.
    sb.session.user = Some("jane".into());
    sb.ok("select id from d.s.t");
    sb.session.role = None;
    sb.ok("revoke role loader from user jane");
    sb.session.role = Some("R".into());
    assert_error(
        &sb.err("select id from d.s.t"),
        "003001",
        "Insufficient privileges",
    );
}
