//! ALTER DATABASE ROLE … RENAME TO and role grants WITH GRANT OPTION
//! (https://docs.snowflake.com/en/sql-reference/sql/alter-database-role,
//! https://docs.snowflake.com/en/sql-reference/sql/grant-role,
//! https://docs.snowflake.com/en/sql-reference/sql/grant-database-role).

use super::{Sandbox, assert_error, cell};

#[test]
fn a_renamed_database_role_keeps_its_grants_and_what_it_owns() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (id number)");
    sb.ok("create role analyst");
    sb.ok("create database role d.dr1");
    sb.ok("grant select on table d.s.t to database role d.dr1");
    sb.ok("grant database role d.dr1 to role analyst");
    sb.ok("grant select on future tables in schema d.s to database role d.dr1");
    sb.ok("create table owned (id number)");
    sb.ok("grant ownership on table d.s.owned to database role d.dr1 copy current grants");
    // The documentation's example, with this sandbox's database.
    sb.ok("ALTER DATABASE ROLE d.dr1 RENAME TO d.dbr2");
    assert_eq!(sb.names("show database roles in database d"), ["DBR2"]);
    let rows = sb.rows("show grants to database role d.dbr2");
    assert!(
        rows.iter()
            .any(|r| cell(r, "privilege") == "SELECT" && cell(r, "name") == "D.S.T")
    );
    let of = sb.rows("show grants of database role d.dbr2");
    assert_eq!(of.len(), 1);
    assert_eq!(cell(&of[0], "grantee_name"), "ANALYST");
    let owned = sb.one("show tables like 'OWNED'");
    assert_eq!(cell(&owned, "owner"), "D.DBR2");
    assert_eq!(sb.rows("show future grants in schema d.s").len(), 1);
    // The old name is gone; an unqualified new name stays in the role's database.
    assert_error(
        &sb.err("show grants to database role d.dr1"),
        "002003",
        "DR1",
    );
    sb.ok("alter database role d.dbr2 rename to dbr3");
    sb.ok("alter database role d.dbr3 set comment = 'New comment for database role'");
    sb.ok("alter database role if exists d.nosuch rename to d.x");
}

#[test]
fn a_database_role_cannot_move_to_another_database_or_take_a_used_name() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create database other");
    sb.ok("create database role d.dr1");
    sb.ok("create database role d.dr2");
    assert_error(
        &sb.err("alter database role d.dr1 rename to other.dr1"),
        "002043",
        "another database",
    );
    assert_error(
        &sb.err("alter database role d.dr1 rename to d.dr2"),
        "002002",
        "DR2",
    );
    assert_error(
        &sb.err("alter database role d.nosuch rename to d.x"),
        "002003",
        "D.NOSUCH",
    );
}

#[test]
fn a_role_granted_with_grant_option_shows_it() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create role analyst");
    sb.ok("create role data_steward");
    sb.ok("create database role d.dr1");
    // The documentation's examples.
    sb.ok("GRANT ROLE analyst TO ROLE data_steward WITH GRANT OPTION");
    sb.ok("GRANT DATABASE ROLE d.dr1 TO ROLE data_steward WITH GRANT OPTION");
    let rows = sb.rows("show grants to role data_steward");
    let usage = |name: &str| {
        rows.iter()
            .find(|r| cell(r, "privilege") == "USAGE" && cell(r, "name") == name)
            .map(|r| cell(r, "grant_option").to_string())
    };
    assert_eq!(usage("ANALYST").as_deref(), Some("true"));
    assert_eq!(usage("D.DR1").as_deref(), Some("true"));
    sb.ok("create role plain");
    sb.ok("grant role plain to role data_steward");
    let rows = sb.rows("show grants to role data_steward");
    let plain = rows.iter().find(|r| cell(r, "name") == "PLAIN").unwrap();
    assert_eq!(cell(plain, "grant_option"), "false");
    // "GRANT ROLE ... TO USER ... WITH GRANT OPTION isn't supported."
    sb.ok("create user u1");
    assert_error(
        &sb.err("grant role analyst to user u1 with grant option"),
        "001003",
        "'with'",
    );
    // A REVOKE takes no such clause.
    assert_error(
        &sb.err("revoke role analyst from role data_steward with grant option"),
        "001003",
        "'with'",
    );
}

#[test]
fn a_database_role_is_granted_to_a_user_and_revoked() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create database role d.dr1");
    sb.ok("create user testuser");
    // The GRANT <privileges> page's example, with this sandbox's database.
    sb.ok("GRANT DATABASE ROLE d.dr1 TO USER testuser");
    let to = sb.rows("show grants to user testuser");
    assert_eq!(to.len(), 1);
    assert_eq!(cell(&to[0], "granted_on"), "DATABASE_ROLE");
    assert_eq!(cell(&to[0], "role"), "D.DR1");
    let of = sb.rows("show grants of database role d.dr1");
    assert!(
        of.iter()
            .any(|r| cell(r, "granted_to") == "USER" && cell(r, "grantee_name") == "TESTUSER")
    );
    // A rename follows; the grant to a user takes no grant option.
    sb.ok("alter database role d.dr1 rename to dr2");
    assert_eq!(
        cell(&sb.rows("show grants to user testuser")[0], "role"),
        "D.DR2"
    );
    assert_error(
        &sb.err("grant database role d.dr2 to user testuser with grant option"),
        "001003",
        "'with'",
    );
    assert_error(
        &sb.err("grant database role d.dr2 to user nobody"),
        "002003",
        "NOBODY",
    );
    assert_error(
        &sb.err("grant database role d.nosuch to user testuser"),
        "002003",
        "NOSUCH",
    );
    sb.ok("revoke database role d.dr2 from user testuser");
    assert!(sb.rows("show grants to user testuser").is_empty());
    // Dropping the role or the database forgets the grant.
    sb.ok("grant database role d.dr2 to user testuser");
    sb.ok("drop database role d.dr2");
    assert!(sb.rows("show grants to user testuser").is_empty());
}
