//! Tags on roles, database roles and the account: `ALTER ROLE … SET TAG / UNSET TAG`
//! (https://docs.snowflake.com/en/sql-reference/sql/alter-role), `ALTER DATABASE ROLE …`
//! (https://docs.snowflake.com/en/sql-reference/sql/alter-database-role) and `ALTER ACCOUNT
//! SET TAG / UNSET TAG` (https://docs.snowflake.com/en/sql-reference/sql/alter-account),
//! checked as on every other object and read back through TAG_REFERENCES' ROLE, DATABASE
//! ROLE and ACCOUNT domains
//! (https://docs.snowflake.com/en/sql-reference/functions/tag_references).

use super::tags_on_kinds::tags;
use super::{Sandbox, assert_error, cell};
use crate::model::identifier::Ident;

#[test]
fn roles_take_tags_checked_as_on_any_object() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create tag cost_center allowed_values 'finance', 'crm'");
    sb.ok("create tag env");
    sb.ok("create role analyst");
    // A role never tagged has none (the account's tags are not its own).
    sb.ok("alter account set tag env = 'acct'");
    assert!(tags(&mut sb, "analyst", "role").is_empty());
    sb.ok("alter role analyst set tag cost_center = 'finance', env = 'prod'");
    assert_eq!(
        tags(&mut sb, "analyst", "role"),
        ["COST_CENTER=finance@ROLE", "ENV=prod@ROLE"]
    );
    // An account object's row: its name, no database or schema.
    for row in sb.rows(
        "select object_database, object_schema, object_name from table(d.information_schema.tag_references('analyst', 'role'))",
    ) {
        assert_eq!(cell(&row, "OBJECT_NAME"), "ANALYST");
        assert_eq!(cell(&row, "OBJECT_DATABASE"), "");
        assert_eq!(cell(&row, "OBJECT_SCHEMA"), "");
    }
    // The value must be allowed, the tag must exist; nothing changes when either fails.
    assert_error(
        &sb.err("alter role analyst set tag cost_center = 'marketing'"),
        "003542",
        "Tag value 'marketing' is not allowed for tag",
    );
    assert_error(
        &sb.err("alter role analyst set tag nope = 'x'"),
        "002003",
        "does not exist",
    );
    assert_error(
        &sb.err("alter role analyst unset tag nope"),
        "002003",
        "does not exist",
    );
    sb.ok("alter role analyst unset tag env");
    assert_eq!(
        tags(&mut sb, "analyst", "role"),
        ["COST_CENTER=finance@ROLE"]
    );
    // A renamed role keeps its tags; a role that does not exist is an error, or nothing
    // with IF EXISTS.
    sb.ok("alter role analyst rename to analysts");
    assert_eq!(
        tags(&mut sb, "analysts", "role"),
        ["COST_CENTER=finance@ROLE"]
    );
    assert_error(
        &sb.err("alter role analyst set tag env = 'x'"),
        "002003",
        "Role 'ANALYST' does not exist",
    );
    sb.ok("alter role if exists analyst set tag env = 'x'");
    assert_error(
        &sb.err("select * from table(d.information_schema.tag_references('analyst', 'role'))"),
        "002003",
        "does not exist",
    );
    // A dropped role's tags go with it, and do not come back with a new role of that
    // name; a replaced role's likewise.
    let id = sb.engine.catalog.access.roles[&Ident::from_stored("ANALYSTS")]
        .tag_id
        .expect("tagged");
    sb.ok("drop role analysts");
    assert!(!sb.engine.catalog.tag_assignments.holds(id));
    sb.ok("create role analysts");
    assert!(tags(&mut sb, "analysts", "role").is_empty());
    sb.ok("alter role analysts set tag env = 'y'");
    sb.ok("create or replace role analysts");
    assert!(tags(&mut sb, "analysts", "role").is_empty());
}

#[test]
fn the_account_takes_tags() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create tag env allowed_values 'prod'");
    sb.ok("alter account set tag d.s.env = 'prod'");
    assert_eq!(tags(&mut sb, "sandbox", "account"), ["ENV=prod@ACCOUNT"]);
    assert_error(
        &sb.err("alter account set tag env = 'dev'"),
        "003542",
        "is not allowed for tag",
    );
    assert_error(
        &sb.err("select * from table(d.information_schema.tag_references('other', 'account'))"),
        "002003",
        "does not exist",
    );
    sb.ok("alter account unset tag env");
    assert!(tags(&mut sb, "sandbox", "account").is_empty());
    // The account's other ALTER forms are not modelled: still syntax errors.
    assert_eq!(sb.err("alter account set timezone = 'UTC'").code, "001003");
    assert_eq!(sb.err("alter account set tag").code, "001003");
}

/// Setting a tag takes APPLY TAG on the account, or APPLY on the tag and OWNERSHIP of the
/// object (https://docs.snowflake.com/en/user-guide/object-tagging/work); the account has
/// no owner, so only APPLY TAG sets a tag on it.
#[test]
fn tagging_a_role_or_the_account_takes_the_tagging_privileges() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create tag env");
    sb.ok("create role tagger");
    sb.ok("create role analyst");
    sb.ok("grant usage on database d to role tagger");
    sb.ok("grant usage on schema d.s to role tagger");
    sb.session.role = Some("TAGGER".into());
    assert_error(
        &sb.err("alter role analyst set tag d.s.env = 'x'"),
        "003001",
        "Insufficient privileges",
    );
    assert_error(
        &sb.err("alter account set tag d.s.env = 'x'"),
        "003001",
        "Insufficient privileges",
    );
    // Owning the role is not enough without APPLY on the tag.
    sb.session.role = None;
    sb.ok("grant ownership on role analyst to role tagger");
    sb.session.role = Some("TAGGER".into());
    assert_error(
        &sb.err("alter role analyst set tag d.s.env = 'x'"),
        "003001",
        "Insufficient privileges",
    );
    sb.session.role = None;
    sb.ok("grant apply on tag d.s.env to role tagger");
    sb.session.role = Some("TAGGER".into());
    sb.ok("alter role analyst set tag d.s.env = 'x'");
    assert_error(
        &sb.err("alter account set tag d.s.env = 'x'"),
        "003001",
        "Insufficient privileges",
    );
    // The account's APPLY TAG sets it anywhere.
    sb.session.role = None;
    sb.ok("grant apply tag on account to role tagger");
    sb.session.role = Some("TAGGER".into());
    sb.ok("alter account set tag d.s.env = 'acct'");
    sb.session.role = None;
    assert_eq!(tags(&mut sb, "sandbox", "account"), ["ENV=acct@ACCOUNT"]);
    assert_eq!(tags(&mut sb, "analyst", "role"), ["ENV=x@ROLE"]);
}

#[test]
fn database_roles_take_tags() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create tag env allowed_values 'prod', 'dev'");
    sb.ok("create database role d.readers");
    assert!(tags(&mut sb, "d.readers", "database role").is_empty());
    sb.ok("alter database role d.readers set tag d.s.env = 'prod'");
    assert_eq!(
        tags(&mut sb, "d.readers", "database role"),
        ["ENV=prod@DATABASE ROLE"]
    );
    // A database object: its database shown, no schema.
    let row = sb.one(
        "select object_database, object_schema, object_name from table(d.information_schema.tag_references('d.readers', 'database role'))",
    );
    assert_eq!(
        ["OBJECT_DATABASE", "OBJECT_SCHEMA", "OBJECT_NAME"].map(|c| cell(&row, c)),
        ["D", "", "READERS"]
    );
    assert_error(
        &sb.err("alter database role d.readers set tag d.s.env = 'test'"),
        "003542",
        "is not allowed for tag",
    );
    assert_error(
        &sb.err("alter database role d.nobody set tag d.s.env = 'dev'"),
        "002003",
        "does not exist",
    );
    sb.ok("alter database role if exists d.nobody set tag d.s.env = 'dev'");
    // Renamed, it keeps them; unset, they go.
    sb.ok("alter database role d.readers rename to d.analysts");
    assert_eq!(
        tags(&mut sb, "d.analysts", "database role"),
        ["ENV=prod@DATABASE ROLE"]
    );
    sb.ok("alter database role d.analysts unset tag d.s.env");
    assert!(tags(&mut sb, "d.analysts", "database role").is_empty());
    // Dropped or replaced, its tags go with it.
    sb.ok("alter database role d.analysts set tag d.s.env = 'dev'");
    sb.ok("create or replace database role d.analysts");
    assert!(tags(&mut sb, "d.analysts", "database role").is_empty());
    sb.ok("alter database role d.analysts set tag d.s.env = 'dev'");
    let id = sb.engine.catalog.access.database_roles[&Ident::from_stored("D")]
        [&Ident::from_stored("ANALYSTS")]
        .tag_id
        .expect("tagged");
    sb.ok("drop database role d.analysts");
    assert!(!sb.engine.catalog.tag_assignments.holds(id));
    // Its owner needs APPLY on the tag too (or the account's APPLY TAG).
    sb.ok("create database role d.readers");
    sb.ok("create role tagger");
    sb.ok("grant usage on database d to role tagger");
    sb.ok("grant usage on schema d.s to role tagger");
    sb.ok("grant ownership on database role d.readers to role tagger");
    sb.session.role = Some("TAGGER".into());
    assert_error(
        &sb.err("alter database role d.readers set tag d.s.env = 'dev'"),
        "003001",
        "Insufficient privileges",
    );
    sb.session.role = None;
    sb.ok("grant apply on tag d.s.env to role tagger");
    sb.session.role = Some("TAGGER".into());
    sb.ok("alter database role d.readers set tag d.s.env = 'dev'");
    sb.session.role = None;
    assert_eq!(
        tags(&mut sb, "d.readers", "database role"),
        ["ENV=dev@DATABASE ROLE"]
    );
}
