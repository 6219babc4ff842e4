//! The session role held to its privileges (`engine/privileges.rs`), rule by rule, and
//! ownership: who owns what is created, GRANT OWNERSHIP and its rules, the OWNERSHIP rows
//! of SHOW GRANTS TO ROLE.

use super::{Sandbox, assert_error, cell};

/// A sandbox with database D, schema D.S (current) and warehouse WH, all owned by
/// SYSADMIN, and a role R with nothing granted; the session still has no role.
fn with_role() -> Sandbox {
    let mut sb = Sandbox::with_schema();
    sb.ok("create role r");
    sb
}

fn as_role(sb: &mut Sandbox, role: &str) {
    sb.session.role = Some(role.to_string());
}

fn as_admin(sb: &mut Sandbox) {
    sb.session.role = None;
}

#[test]
fn a_schema_object_needs_the_containers_and_the_schemas_create_privilege() {
    let mut sb = with_role();
    as_role(&mut sb, "R");
    // Without any privilege on the database it does not exist for the role.
    assert_error(
        &sb.err("create table d.s.t (id number)"),
        "002003",
        "Database 'D' does not exist or not authorized.",
    );
    as_admin(&mut sb);
    sb.ok("grant usage on database d to role r");
    as_role(&mut sb, "R");
    assert_error(
        &sb.err("create table d.s.t (id number)"),
        "002003",
        "Schema 'D.S' does not exist or not authorized.",
    );
    as_admin(&mut sb);
    sb.ok("grant usage on schema d.s to role r");
    as_role(&mut sb, "R");
    let e = sb.err("create table d.s.t (id number)");
    assert_error(
        &e,
        "003001",
        "SQL access control error:\nInsufficient privileges to operate on schema 'S'.",
    );
    assert!(
        e.message
            .contains("Your primary role R must have CREATE TABLE granted on SCHEMA D.S."),
        "{e}"
    );
    assert_eq!(e.sql_state, "42501");
    as_admin(&mut sb);
    sb.ok("grant create table on schema d.s to role r");
    as_role(&mut sb, "R");
    sb.ok("create table d.s.t (id number)");
    // The creating role owns it.
    assert_eq!(cell(&sb.one("show tables like 'T'"), "owner"), "R");
    // CREATE TABLE is not CREATE VIEW.
    assert_error(
        &sb.err("create view d.s.v as select id from d.s.t"),
        "003001",
        "must have CREATE VIEW granted on SCHEMA D.S",
    );
}

/// The kinds with a CREATE privilege of their own on the schema: a DMF is not CREATE
/// FUNCTION (https://docs.snowflake.com/en/sql-reference/sql/create-data-metric-function),
/// and network rules and secrets have theirs
/// (https://docs.snowflake.com/en/sql-reference/sql/create-network-rule,
/// https://docs.snowflake.com/en/sql-reference/sql/create-secret, "Access control
/// requirements"); each is granted by its documented name.
#[test]
fn data_metric_functions_network_rules_and_secrets_need_their_own_create_privilege() {
    let mut sb = with_role();
    sb.ok("grant usage on database d to role r");
    sb.ok("grant usage on schema d.s to role r");
    sb.ok("grant create function on schema d.s to role r");
    as_role(&mut sb, "R");
    let creates = [
        (
            "create data metric function d.s.m(t table(c number)) returns number as 'select count(*) from t'",
            "CREATE DATA METRIC FUNCTION",
        ),
        (
            "create network rule d.s.nr type = host_port mode = egress value_list = ('example.com')",
            "CREATE NETWORK RULE",
        ),
        (
            "create secret d.s.sec type = generic_string secret_string = 'x'",
            "CREATE SECRET",
        ),
    ];
    for (create, privilege) in creates {
        assert_error(
            &sb.err(create),
            "003001",
            &format!("must have {privilege} granted on SCHEMA D.S"),
        );
        as_admin(&mut sb);
        sb.ok(&format!("grant {privilege} on schema d.s to role r"));
        as_role(&mut sb, "R");
        sb.ok(create);
    }
}

#[test]
fn create_schema_needs_the_databases_create_schema() {
    let mut sb = with_role();
    sb.ok("grant usage on database d to role r");
    as_role(&mut sb, "R");
    assert_error(
        &sb.err("create schema d.bronze"),
        "003001",
        "Your primary role R must have CREATE SCHEMA granted on DATABASE D.",
    );
    as_admin(&mut sb);
    sb.ok("grant create schema on database d to role r");
    as_role(&mut sb, "R");
    sb.ok("create schema d.bronze");
    // The owner of the schema holds every privilege in it.
    sb.ok("create table d.bronze.raw (id number)");
    assert_eq!(
        cell(&sb.one("show schemas like 'BRONZE' in database d"), "owner"),
        "R"
    );
}

#[test]
fn altering_and_dropping_are_the_owners() {
    let mut sb = with_role();
    sb.ok("create table t (id number)");
    sb.ok("grant usage on database d to role r");
    sb.ok("grant usage on schema d.s to role r");
    sb.ok("grant select on table d.s.t to role r");
    as_role(&mut sb, "R");
    assert_error(
        &sb.err("drop table d.s.t"),
        "003001",
        "Insufficient privileges to operate on table 'T'.\n\nYour primary role R must have OWNERSHIP granted on TABLE D.S.T.",
    );
    assert_error(
        &sb.err("alter table d.s.t add column name varchar"),
        "003001",
        "OWNERSHIP granted on TABLE D.S.T",
    );
    assert_error(
        &sb.err("comment on table d.s.t is 'x'"),
        "003001",
        "OWNERSHIP",
    );
    // A missing object is the statement's own error, not a privilege one.
    assert_error(&sb.err("drop table d.s.nope"), "002003", "Table 'D.S.NOPE'");
    as_admin(&mut sb);
    sb.ok("grant ownership on table d.s.t to role r copy current grants");
    as_role(&mut sb, "R");
    sb.ok("alter table d.s.t add column name varchar");
    sb.ok("drop table d.s.t");
}

#[test]
fn resuming_a_task_needs_execute_task_and_suspending_it_operate() {
    let mut sb = with_role();
    sb.ok("grant usage on database d to role r");
    sb.ok("grant usage on schema d.s to role r");
    sb.ok("grant create task on schema d.s to role r");
    as_role(&mut sb, "R");
    sb.ok("create task d.s.t warehouse = wh schedule = '5 minute' as select 1");
    let e = sb.err("alter task d.s.t resume");
    assert_error(
        &e,
        "003001",
        "Insufficient privileges to operate on account 'SANDBOX'.\n\nYour primary role R must have EXECUTE TASK granted on ACCOUNT.",
    );
    assert_eq!(cell(&sb.one("show tasks like 'T'"), "state"), "suspended");
    // Resuming the graph at once is the same resume.
    assert_error(
        &sb.err("select system$task_dependents_enable('d.s.t')"),
        "003001",
        "must have EXECUTE TASK granted on ACCOUNT",
    );
    as_admin(&mut sb);
    sb.ok("grant execute task on account to role r");
    as_role(&mut sb, "R");
    sb.ok("alter task d.s.t resume");
    assert_eq!(cell(&sb.one("show tasks like 'T'"), "state"), "started");
    // Another role operates it with OPERATE, and cannot drop it.
    as_admin(&mut sb);
    sb.ok("create role ops");
    sb.ok("grant usage on database d to role ops");
    sb.ok("grant usage on schema d.s to role ops");
    as_role(&mut sb, "OPS");
    assert_error(
        &sb.err("alter task d.s.t suspend"),
        "003001",
        "must have OPERATE granted on TASK D.S.T",
    );
    as_admin(&mut sb);
    sb.ok("grant operate on task d.s.t to role ops");
    as_role(&mut sb, "OPS");
    sb.ok("alter task d.s.t suspend");
    assert_error(&sb.err("drop task d.s.t"), "003001", "OWNERSHIP");
    assert_error(&sb.err("execute task d.s.t"), "003001", "EXECUTE TASK");
}

#[test]
fn account_objects_need_the_accounts_privileges_and_system_roles_hold_theirs() {
    let mut sb = with_role();
    as_role(&mut sb, "R");
    assert_error(
        &sb.err("create warehouse w2"),
        "003001",
        "must have CREATE WAREHOUSE granted on ACCOUNT",
    );
    assert_error(&sb.err("create database d2"), "003001", "CREATE DATABASE");
    assert_error(&sb.err("create role r2"), "003001", "CREATE ROLE");
    // SYSADMIN creates warehouses and databases, not integrations or roles.
    as_role(&mut sb, "SYSADMIN");
    sb.ok("create warehouse w2");
    sb.ok("create database d2");
    assert_error(
        &sb.err(
            "create storage integration i type = external_stage storage_provider = 'AZURE' \
             enabled = true azure_tenant_id = 't' storage_allowed_locations = ('azure://a.blob.core.windows.net/c/')",
        ),
        "003001",
        "CREATE INTEGRATION",
    );
    assert_error(&sb.err("create role r2"), "003001", "CREATE ROLE");
    // USERADMIN creates roles; ACCOUNTADMIN holds every global privilege and inherits
    // SYSADMIN's objects.
    as_role(&mut sb, "USERADMIN");
    sb.ok("create role r2");
    as_role(&mut sb, "ACCOUNTADMIN");
    sb.ok(
        "create storage integration i type = external_stage storage_provider = 'AZURE' \
         enabled = true azure_tenant_id = 't' storage_allowed_locations = ('azure://a.blob.core.windows.net/c/')",
    );
    sb.ok("alter warehouse w2 set auto_suspend = 120");
    sb.ok("drop database d2");
    // A role granted the account privilege creates, and owns, what it creates.
    as_admin(&mut sb);
    sb.ok("grant create warehouse on account to role r");
    as_role(&mut sb, "R");
    sb.ok("create warehouse w3");
    assert_eq!(cell(&sb.one("show warehouses like 'W3'"), "owner"), "R");
    // A warehouse's state is OPERATE's, its properties MODIFY's, USE is USAGE's.
    assert_error(&sb.err("alter warehouse wh resume"), "003001", "OPERATE");
    assert_error(
        &sb.err("alter warehouse wh set auto_suspend = 60"),
        "003001",
        "MODIFY",
    );
    assert_error(
        &sb.err("use warehouse wh"),
        "003001",
        "must have USAGE granted on WAREHOUSE WH",
    );
    as_admin(&mut sb);
    sb.ok("grant usage on warehouse wh to role r");
    as_role(&mut sb, "R");
    sb.ok("use warehouse wh");
}

#[test]
fn a_role_inherits_the_roles_granted_to_it() {
    let mut sb = with_role();
    sb.ok("create role parent");
    sb.ok("grant usage on database d to role r");
    sb.ok("grant usage on schema d.s to role r");
    sb.ok("grant create view on schema d.s to role r");
    sb.ok("create table t (id number)");
    sb.ok("grant select on table d.s.t to role r");
    as_role(&mut sb, "PARENT");
    assert_error(
        &sb.err("create view d.s.v as select id from d.s.t"),
        "002003",
        "Database 'D'",
    );
    as_admin(&mut sb);
    sb.ok("grant role r to role parent");
    as_role(&mut sb, "PARENT");
    sb.ok("create view d.s.v as select id from d.s.t");
    // PARENT created it: PARENT owns it, and R (below it) does not.
    assert_eq!(cell(&sb.one("show views like 'V'"), "owner"), "PARENT");
    as_role(&mut sb, "R");
    assert_error(&sb.err("drop view d.s.v"), "003001", "OWNERSHIP");
}

#[test]
fn granting_is_the_owners_or_manage_grants() {
    let mut sb = with_role();
    sb.ok("create role reader");
    sb.ok("grant usage on database d to role r");
    sb.ok("grant usage on schema d.s to role r");
    sb.ok("grant create table on schema d.s to role r");
    sb.ok("create table other (id number)");
    as_role(&mut sb, "R");
    sb.ok("create table d.s.mine (id number)");
    sb.ok("grant select on table d.s.mine to role reader");
    assert_error(
        &sb.err("grant select on table d.s.other to role reader"),
        "003001",
        "OWNERSHIP granted on TABLE D.S.OTHER",
    );
    assert_error(
        &sb.err("grant select on future tables in schema d.s to role reader"),
        "003001",
        "MANAGE GRANTS granted on ACCOUNT",
    );
    assert_error(
        &sb.err("grant execute task on account to role reader"),
        "003001",
        "MANAGE GRANTS",
    );
    // ON ALL reaches OTHER, which R does not own.
    assert_error(
        &sb.err("grant select on all tables in schema d.s to role reader"),
        "003001",
        "TABLE D.S.OTHER",
    );
    assert_error(
        &sb.err("grant role reader to role r"),
        "003001",
        "ROLE READER",
    );
    // SECURITYADMIN holds MANAGE GRANTS.
    as_role(&mut sb, "SECURITYADMIN");
    sb.ok("grant select on all tables in schema d.s to role reader");
    sb.ok("grant select on future tables in schema d.s to role reader");
    sb.ok("grant role reader to role r");
}

#[test]
fn the_session_role_must_exist() {
    let mut sb = with_role();
    as_role(&mut sb, "nobody");
    assert_error(
        &sb.err("show databases"),
        "390189",
        "Role 'NOBODY' specified in the connect string does not exist or not authorized.",
    );
    as_admin(&mut sb);
    assert_error(&sb.err("use role nobody"), "002003", "Role 'NOBODY'");
    // USE ROLE turns the checks on for the rest of the session.
    sb.ok("use role r");
    assert_error(&sb.err("create database d2"), "003001", "CREATE DATABASE");
}

#[test]
fn grant_ownership_moves_the_owner_under_the_documented_rules() {
    let mut sb = with_role();
    sb.ok("create role reader");
    sb.ok("create table t (id number)");
    sb.ok("grant select on table t to role reader");
    // Others' grants on the object block the transfer unless told what to do with them.
    assert_error(
        &sb.err("grant ownership on table t to role r"),
        "002043",
        "outbound privileges",
    );
    sb.ok("grant ownership on table t to role r copy current grants");
    assert_eq!(cell(&sb.one("show tables like 'T'"), "owner"), "R");
    // SHOW GRANTS ON lists the owner's OWNERSHIP first, then the copied grants, now
    // granted by the new owner.
    let on = sb.rows("show grants on table t");
    assert_eq!(
        on.iter()
            .map(|r| ["privilege", "grantee_name", "granted_by"].map(|c| cell(r, c)))
            .collect::<Vec<_>>(),
        [["OWNERSHIP", "R", "R"], ["SELECT", "READER", "R"]]
    );
    // SHOW GRANTS TO ROLE lists what the role owns.
    let owned = sb.one("show grants to role r");
    assert_eq!(
        [
            "privilege",
            "granted_on",
            "name",
            "grant_option",
            "granted_by"
        ]
        .map(|c| cell(&owned, c)),
        ["OWNERSHIP", "TABLE", "D.S.T", "true", "R"]
    );
    // REVOKE CURRENT GRANTS drops them.
    sb.ok("grant ownership on table t to role reader revoke current grants");
    let on = sb.one("show grants on table t");
    assert_eq!(
        ["privilege", "grantee_name"].map(|c| cell(&on, c)),
        ["OWNERSHIP", "READER"]
    );
    assert!(sb.rows("show grants to role r").is_empty());
    // A role with no grants on it moves freely; a database role owns only in its database.
    sb.ok("grant ownership on schema d.s to role r");
    sb.ok("create database role d.owner");
    sb.ok("grant ownership on warehouse wh to role r");
    assert_error(
        &sb.err("grant ownership on warehouse wh to database role d.owner"),
        "002043",
        "only own objects in database D",
    );
    sb.ok("grant ownership on table d.s.t to database role d.owner");
    assert_eq!(cell(&sb.one("show tables like 'T'"), "owner"), "D.OWNER");
    // A started task must be suspended first; COPY CURRENT GRANTS suspends it.
    sb.ok("create task k schedule = '5 minute' as select 1");
    sb.ok("alter task k resume");
    assert_error(
        &sb.err("grant ownership on task k to role r"),
        "002043",
        "suspend the task first",
    );
    sb.ok("grant ownership on task k to role r copy current grants");
    let task = sb.one("show tasks like 'K'");
    assert_eq!(
        ["owner", "state"].map(|c| cell(&task, c)),
        ["R", "suspended"]
    );
    // Unknown objects and roles are Snowflake's "does not exist".
    assert_error(
        &sb.err("grant ownership on table nope to role r"),
        "002003",
        "Table 'D.S.NOPE'",
    );
    assert_error(
        &sb.err("grant ownership on table t to role nobody"),
        "002003",
        "Role 'NOBODY'",
    );
    // The new owner may now drop it, once it sees the database (it owns the schema).
    as_role(&mut sb, "R");
    assert_error(&sb.err("drop task d.s.k"), "002003", "Database 'D'");
    as_admin(&mut sb);
    sb.ok("grant usage on database d to role r");
    as_role(&mut sb, "R");
    sb.ok("drop task d.s.k");
}

#[test]
fn loading_needs_insert_and_truncating_truncate() {
    let mut sb = with_role();
    sb.ok("create table t (id number)");
    sb.ok("grant usage on database d to role r");
    sb.ok("grant usage on schema d.s to role r");
    as_role(&mut sb, "R");
    assert_error(
        &sb.err("insert into d.s.t (id) values (1)"),
        "003001",
        "must have INSERT granted on TABLE D.S.T",
    );
    assert_error(&sb.err("truncate table d.s.t"), "003001", "TRUNCATE");
    as_admin(&mut sb);
    sb.ok("grant insert, truncate on table d.s.t to role r");
    as_role(&mut sb, "R");
    sb.ok("insert into d.s.t (id) values (1)");
    sb.ok("truncate table d.s.t");
}

#[test]
fn replacing_is_the_owners_and_containers_take_modify() {
    let mut sb = with_role();
    sb.ok("create table t (id number)");
    sb.ok("grant usage on database d to role r");
    sb.ok("grant usage, create table on schema d.s to role r");
    as_role(&mut sb, "R");
    // CREATE TABLE on the schema does not reach a table another role owns.
    assert_error(
        &sb.err("create or replace table d.s.t (id number)"),
        "003001",
        "must have OWNERSHIP granted on TABLE D.S.T",
    );
    assert_error(
        &sb.err("alter database d set data_retention_time_in_days = 3"),
        "003001",
        "must have MODIFY granted on DATABASE D",
    );
    assert_error(
        &sb.err("create database role d.reader"),
        "003001",
        "must have CREATE DATABASE ROLE granted on DATABASE D",
    );
    as_admin(&mut sb);
    sb.ok("grant modify, create database role on database d to role r");
    as_role(&mut sb, "R");
    sb.ok("alter database d set data_retention_time_in_days = 3");
    sb.ok("create database role d.reader");
    // R owns the database role it created: it may drop it.
    sb.ok("drop database role d.reader");
}

#[test]
fn an_alerts_owner_needs_execute_alert() {
    let mut sb = with_role();
    sb.ok("grant usage on database d to role r");
    sb.ok("grant usage, create alert on schema d.s to role r");
    as_role(&mut sb, "R");
    let alert = "create alert d.s.a warehouse = wh schedule = '60 minute' \
                 if (exists (select 1)) then select 1";
    assert_error(
        &sb.err(alert),
        "003001",
        "must have EXECUTE ALERT granted on ACCOUNT",
    );
    as_admin(&mut sb);
    sb.ok("grant execute alert on account to role r");
    as_role(&mut sb, "R");
    sb.ok(alert);
    sb.ok("alter alert d.s.a resume");
}

#[test]
fn accountadmin_is_not_above_ownership() {
    let mut sb = with_role();
    // R owns a schema of its own; no role above R in the hierarchy.
    sb.ok("grant ownership on schema d.s to role r");
    as_role(&mut sb, "ACCOUNTADMIN");
    assert_error(
        &sb.err("drop schema d.s"),
        "003001",
        "OWNERSHIP granted on SCHEMA D.S",
    );
    // Once R is granted to SYSADMIN (as Snowflake recommends), ACCOUNTADMIN inherits it.
    as_admin(&mut sb);
    sb.ok("grant role r to role sysadmin");
    as_role(&mut sb, "ACCOUNTADMIN");
    sb.ok("drop schema d.s");
}

/// Queries need SELECT on what they read, UPDATE / DELETE their privilege on the target
/// (https://docs.snowflake.com/en/sql-reference/sql/update#access-control-requirements,
/// https://docs.snowflake.com/en/sql-reference/sql/delete#access-control-requirements).
#[test]
fn queries_update_and_delete_need_their_privileges() {
    let mut sb = with_role();
    sb.ok("create table t (id int)");
    sb.ok("create view v as select id from t");
    sb.ok("grant usage on database d to role r");
    sb.ok("grant usage on schema d.s to role r");
    as_role(&mut sb, "R");
    assert_error(
        &sb.err("select id from t union all select 1"),
        "003001",
        "must have SELECT granted on TABLE D.S.T",
    );
    assert_error(&sb.err("update t set id = 1"), "003001", "UPDATE");
    assert_error(&sb.err("delete from t"), "003001", "DELETE");
    as_admin(&mut sb);
    sb.ok("grant select, update, delete on table t to role r");
    as_role(&mut sb, "R");
    sb.ok("select id from t union all select 1");
    sb.ok("update t set id = 1");
    sb.ok("delete from t");
    assert_error(
        &sb.err("with c as (select id from v) select * from c"),
        "003001",
        "SELECT",
    );
}

/// MERGE needs, on its target, the privilege of each clause it has (INSERT, UPDATE,
/// DELETE) and SELECT on its source
/// (https://docs.snowflake.com/en/user-guide/security-access-control-privileges#table-privileges).
#[test]
fn merge_needs_each_clauses_privilege_on_the_target_and_select_on_the_source() {
    let mut sb = with_role();
    sb.ok("create table t (id number, name varchar)");
    sb.ok("create table src (id number, name varchar)");
    sb.ok("grant usage on database d to role r");
    sb.ok("grant usage on schema d.s to role r");
    sb.ok("grant select on table d.s.src to role r");
    sb.ok("grant insert on table d.s.t to role r");
    let upsert = "merge into d.s.t using d.s.src s on t.id = s.id \
                  when matched then update set name = s.name \
                  when not matched then insert (id, name) values (s.id, s.name)";
    as_role(&mut sb, "R");
    // INSERT alone is not enough for a MERGE that also updates.
    assert_error(
        &sb.err(upsert),
        "003001",
        "Your primary role R must have UPDATE granted on TABLE D.S.T.",
    );
    // An insert-only MERGE needs only INSERT.
    sb.ok("merge into d.s.t using d.s.src s on t.id = s.id \
         when not matched then insert (id, name) values (s.id, s.name)");
    as_admin(&mut sb);
    sb.ok("grant update on table d.s.t to role r");
    as_role(&mut sb, "R");
    sb.ok(upsert);
    assert_error(
        &sb.err("merge into d.s.t using d.s.src s on t.id = s.id when matched then delete"),
        "003001",
        "must have DELETE granted on TABLE D.S.T",
    );
    // Reading the source is SELECT's.
    as_admin(&mut sb);
    sb.ok("revoke select on table d.s.src from role r");
    as_role(&mut sb, "R");
    assert_error(
        &sb.err(upsert),
        "003001",
        "must have SELECT granted on TABLE D.S.SRC",
    );
}

/// GRANT … WITH GRANT OPTION and REVOKE GRANT OPTION FOR
/// (https://docs.snowflake.com/en/sql-reference/sql/grant-privilege,
/// https://docs.snowflake.com/en/sql-reference/sql/revoke-privilege): the option shows in
/// SHOW GRANTS' `grant_option`; granting a held privilege again with it adds it, and
/// REVOKE GRANT OPTION FOR takes the option away and keeps the privilege.
#[test]
fn the_grant_option_is_kept_shown_added_and_revoked_alone() {
    let mut sb = with_role();
    sb.ok("create role reader");
    sb.ok("create table t (id number)");
    let option = |sb: &mut Sandbox| {
        sb.rows("show grants to role reader")
            .iter()
            .map(|r| {
                [
                    cell(r, "privilege").to_string(),
                    cell(r, "grant_option").to_string(),
                ]
            })
            .collect::<Vec<_>>()
    };
    sb.ok("grant select on table t to role reader");
    assert_eq!(option(&mut sb), [["SELECT", "false"]]);
    sb.ok("grant select on table t to role reader with grant option");
    assert_eq!(option(&mut sb), [["SELECT", "true"]]);
    // A plain GRANT leaves the option in place.
    sb.ok("grant select on table t to role reader");
    assert_eq!(option(&mut sb), [["SELECT", "true"]]);
    sb.ok("revoke grant option for select on table t from role reader");
    assert_eq!(option(&mut sb), [["SELECT", "false"]]);
    sb.ok("revoke select on table t from role reader cascade");
    assert!(option(&mut sb).is_empty());
    // Future grants keep their option the same way.
    sb.ok("grant select on future tables in schema d.s to role reader with grant option");
    let future = |sb: &mut Sandbox| {
        cell(&sb.one("show future grants in schema d.s"), "grant_option").to_string()
    };
    assert_eq!(future(&mut sb), "true");
    sb.ok("revoke grant option for select on future tables in schema d.s from role reader");
    assert_eq!(future(&mut sb), "false");
    // GRANT OPTION FOR takes privileges, never a role.
    assert_error(
        &sb.err("revoke grant option for role reader from role r"),
        "001003",
        "unexpected 'role'",
    );
}

/// Suspending or resuming a dynamic table or an alert is OPERATE's, not only the owner's
/// (https://docs.snowflake.com/en/user-guide/security-access-control-privileges#dynamic-table-privileges,
/// #alert-privileges): the refusal names OPERATE; changing a property stays the owner's.
#[test]
fn suspending_dynamic_tables_and_alerts_needs_operate() {
    let mut sb = with_role();
    sb.ok("create table orders (d date, amount number(12,2))");
    sb.ok(
        "create dynamic table daily target_lag = '5 minutes' warehouse = wh \
         as select d, sum(amount) as revenue from orders group by d",
    );
    sb.ok("create alert low warehouse = wh schedule = '5 minute' \
         if (exists (select d from orders where amount < 10)) then select 1");
    sb.ok("grant usage on database d to role r");
    sb.ok("grant usage on schema d.s to role r");
    as_role(&mut sb, "R");
    for (statement, object) in [
        (
            "alter dynamic table d.s.daily suspend",
            "DYNAMIC TABLE D.S.DAILY",
        ),
        (
            "alter dynamic table d.s.daily refresh",
            "DYNAMIC TABLE D.S.DAILY",
        ),
        ("alter alert d.s.low resume", "ALERT D.S.LOW"),
    ] {
        assert_error(
            &sb.err(statement),
            "003001",
            &format!("must have OPERATE granted on {object}"),
        );
    }
    assert_error(
        &sb.err("alter dynamic table d.s.daily set comment = 'x'"),
        "003001",
        "must have OWNERSHIP granted on DYNAMIC TABLE D.S.DAILY",
    );
    // Granted OPERATE, the role suspends and resumes them, and SHOW GRANTS names the
    // types as Snowflake spells them (DYNAMIC_TABLE, ALERT).
    as_admin(&mut sb);
    sb.ok("grant operate, monitor on dynamic table d.s.daily to role r");
    sb.ok("grant operate on alert d.s.low to role r");
    as_role(&mut sb, "R");
    sb.ok("alter dynamic table d.s.daily suspend");
    sb.ok("alter dynamic table d.s.daily resume");
    sb.ok("alter alert d.s.low resume");
    sb.ok("alter alert d.s.low suspend");
    assert_error(
        &sb.err("alter dynamic table d.s.daily set comment = 'x'"),
        "003001",
        "OWNERSHIP",
    );
    as_admin(&mut sb);
    let mut granted: Vec<String> = sb
        .rows("show grants to role r")
        .iter()
        .filter(|row| cell(row, "privilege") != "USAGE")
        .map(|row| {
            format!(
                "{} {} {}",
                cell(row, "privilege"),
                cell(row, "granted_on"),
                cell(row, "name")
            )
        })
        .collect();
    granted.sort();
    assert_eq!(
        granted,
        [
            "MONITOR DYNAMIC_TABLE D.S.DAILY",
            "OPERATE ALERT D.S.LOW",
            "OPERATE DYNAMIC_TABLE D.S.DAILY",
        ]
    );
    // SELECT is a dynamic table's privilege, INSERT is not.
    assert_error(
        &sb.err("grant insert on dynamic table d.s.daily to role r"),
        "003111",
        "Invalid privilege INSERT on DYNAMIC TABLE.",
    );
}

/// Pipes take MONITOR and OPERATE (and APPLYBUDGET); OPERATE refreshes one
/// (https://docs.snowflake.com/en/user-guide/security-access-control-privileges#pipe-privileges),
/// and pipes take no bulk grants: `ALL PIPES` is no object type.
#[test]
fn pipes_take_operate_one_by_one() {
    let mut sb = with_role();
    sb.ok("create stage landing");
    sb.ok("create table raw (id number)");
    sb.ok("create pipe p as copy into raw from @landing/");
    sb.ok("grant usage on database d to role r");
    sb.ok("grant usage on schema d.s to role r");
    as_role(&mut sb, "R");
    assert_error(
        &sb.err("alter pipe d.s.p refresh"),
        "003001",
        "must have OPERATE granted on PIPE D.S.P",
    );
    as_admin(&mut sb);
    sb.ok("grant operate on pipe d.s.p to role r");
    assert_error(
        &sb.err("grant select on pipe d.s.p to role r"),
        "003111",
        "Invalid privilege SELECT on PIPE.",
    );
    assert!(
        sb.run("grant operate on all pipes in schema d.s to role r")
            .is_err()
    );
    let shown: Vec<String> = sb
        .rows("show grants on pipe d.s.p")
        .iter()
        .map(|row| {
            format!(
                "{} {} {}",
                cell(row, "privilege"),
                cell(row, "granted_on"),
                cell(row, "grantee_name")
            )
        })
        .collect();
    assert_eq!(shown, ["OWNERSHIP PIPE SYSADMIN", "OPERATE PIPE R"]);
    as_role(&mut sb, "R");
    sb.ok("alter pipe d.s.p refresh");
    // Pausing and resuming is OPERATE's too; other properties stay the owner's.
    sb.ok("alter pipe d.s.p set pipe_execution_paused = true");
    sb.ok("alter pipe d.s.p set pipe_execution_paused = false");
    assert_error(
        &sb.err("alter pipe d.s.p set comment = 'x'"),
        "003001",
        "must have OWNERSHIP granted on PIPE D.S.P",
    );
}

#[test]
fn calling_a_procedure_needs_usage_on_an_overload_it_reaches() {
    let mut sb = with_role();
    sb.ok("create procedure p(n number) returns varchar language sql as 'begin return 1; end;'");
    sb.ok("create procedure p(a varchar, b varchar) returns varchar language sql as 'begin return 1; end;'");
    sb.ok("grant usage on database d to role r");
    sb.ok("grant usage on schema d.s to role r");
    as_role(&mut sb, "R");
    let e = sb.err("call d.s.p(1)");
    assert_error(
        &e,
        "003001",
        "Insufficient privileges to operate on procedure 'P'.",
    );
    assert!(
        e.message
            .contains("must have USAGE granted on PROCEDURE D.S.P(NUMBER)."),
        "{e}"
    );
    as_admin(&mut sb);
    // USAGE on the other overload does not reach a one-argument call.
    sb.ok("grant usage on procedure d.s.p(varchar, varchar) to role r");
    as_role(&mut sb, "R");
    sb.err("call d.s.p(1)");
    sb.ok("call d.s.p('a', 'b')");
    as_admin(&mut sb);
    sb.ok("grant usage on procedure d.s.p(number) to role r");
    as_role(&mut sb, "R");
    sb.ok("call d.s.p(1)");
}

#[test]
fn setting_a_policy_or_a_tag_needs_apply_on_it_or_the_global_apply_privilege() {
    let mut sb = with_role();
    sb.ok("create table t (email varchar, country varchar)");
    sb.ok("create masking policy m as (v varchar) returns varchar -> '***'");
    sb.ok("create row access policy rap as (c varchar) returns boolean -> true");
    sb.ok("create tag pii");
    sb.ok("grant usage on database d to role r");
    sb.ok("grant usage on schema d.s to role r");
    sb.ok("grant ownership on table t to role r copy current grants");
    as_role(&mut sb, "R");
    // The table's owner still needs APPLY on the policy.
    let e = sb.err("alter table t modify column email set masking policy m");
    assert_error(
        &e,
        "003001",
        "Insufficient privileges to operate on masking policy 'M'.",
    );
    assert!(
        e.message
            .contains("must have APPLY granted on MASKING POLICY D.S.M."),
        "{e}"
    );
    sb.err("alter table t add row access policy rap on (country)");
    sb.err("alter table t set tag pii = 'x'");
    as_admin(&mut sb);
    sb.ok("grant apply on masking policy m to role r");
    sb.ok("grant apply on row access policy rap to role r");
    sb.ok("grant apply on tag pii to role r");
    as_role(&mut sb, "R");
    sb.ok("alter table t modify column email set masking policy m");
    sb.ok("alter table t add row access policy rap on (country)");
    sb.ok("alter table t set tag pii = 'x'");
    sb.ok("alter table t modify column country set tag pii = 'y'");
    // The global privilege sets it on a table the role does not own.
    as_admin(&mut sb);
    sb.ok("create role central");
    sb.ok("grant usage on database d to role central");
    sb.ok("grant usage on schema d.s to role central");
    sb.ok("grant apply tag on account to role central");
    as_role(&mut sb, "CENTRAL");
    sb.ok("alter table t unset tag pii");
    // but not anything else on it.
    sb.err("alter table t modify column email set masking policy m");
}

/// CREATE's inline clauses need what ALTER's do, minus the ownership the creator has:
/// APPLY on the tag or policy, or the account's APPLY privilege for its kind
/// (https://docs.snowflake.com/en/sql-reference/sql/create-table#access-control-requirements:
/// "required only when applying … at table creation time").
#[test]
fn inline_tags_and_policies_need_apply_at_create() {
    let mut sb = with_role();
    sb.ok("create masking policy m as (v varchar) returns varchar -> '***'");
    sb.ok("create row access policy rap as (c varchar) returns boolean -> true");
    sb.ok("create tag pii");
    for grant in [
        "grant usage on database d to role r",
        "grant usage on schema d.s to role r",
        "grant create table on schema d.s to role r",
        "grant create view on schema d.s to role r",
    ] {
        sb.ok(grant);
    }
    as_role(&mut sb, "R");
    sb.ok("create table plain (email varchar)");
    for sql in [
        "create table t1 (email varchar) with tag (pii = 'x')",
        "create table t2 (email varchar with tag (pii = 'x'))",
        "create table t3 (email varchar masking policy m)",
        "create table t4 (country varchar) with row access policy rap on (country)",
        "create view v1 with tag (pii = 'x') as select email from plain",
    ] {
        assert_error(&sb.err(sql), "003001", "must have APPLY granted on");
    }
    assert!(sb.names("show tables").iter().all(|n| n == "PLAIN"));
    as_admin(&mut sb);
    sb.ok("grant apply on masking policy m to role r");
    sb.ok("grant apply on row access policy rap to role r");
    sb.ok("grant apply tag on account to role r");
    as_role(&mut sb, "R");
    sb.ok("create table t1 (email varchar) with tag (pii = 'x')");
    sb.ok("create table t2 (email varchar with tag (pii = 'x'))");
    sb.ok("create table t3 (email varchar masking policy m)");
    sb.ok("create table t4 (country varchar) with row access policy rap on (country)");
    sb.ok("create view v1 with tag (pii = 'x') as select email from plain");
}

#[test]
fn a_syntax_error_in_a_kinds_own_body_comes_before_the_privilege_checks() {
    // A view's body and a registered kind's ALTER action are read by their modules; they
    // are still read before the role's privileges are checked, as every other statement is.
    let mut sb = with_role();
    sb.ok("create table t (a int)");
    sb.ok("create view v as select a from t");
    as_role(&mut sb, "R");
    assert_error(
        &sb.err("create view d.s.w as frobnicate"),
        "001003",
        "unexpected 'frobnicate'",
    );
    assert_error(
        &sb.err("alter view d.s.v add column c int"),
        "001003",
        "unexpected 'add'",
    );
    assert_error(
        &sb.err("create view d.s.w as select a from t"),
        "002003",
        "Database 'D' does not exist or not authorized.",
    );
}

/// `USE SECONDARY ROLES`: a named secondary role's privileges count for every statement
/// but CREATE <object>, which only the primary role authorizes; NONE turns them off; ALL
/// names the user's granted roles, and this session has no user, so it adds none
/// (https://docs.snowflake.com/en/sql-reference/sql/use-secondary-roles; the user's
/// roles are `user_grants.rs`'s).
#[test]
fn secondary_roles_authorize_all_but_create() {
    let mut sb = with_role();
    sb.ok("create table t (id number)");
    sb.ok("create role w");
    for grant in [
        "grant usage on database d to role r",
        "grant usage on schema d.s to role r",
        "grant usage on database d to role w",
        "grant usage on schema d.s to role w",
        "grant select on table d.s.t to role w",
        "grant create table on schema d.s to role w",
    ] {
        sb.ok(grant);
    }
    as_role(&mut sb, "R");
    assert_error(
        &sb.err("select id from d.s.t"),
        "003001",
        "Insufficient privileges",
    );
    assert_error(
        &sb.err("use secondary roles nope"),
        "002003",
        "Role 'NOPE' does not exist or not authorized.",
    );
    sb.ok("use secondary roles w");
    sb.ok("select id from d.s.t");
    // CREATE is the primary role's alone.
    assert_error(
        &sb.err("create table d.s.t2 (id number)"),
        "003001",
        "Your primary role R must have CREATE TABLE granted on SCHEMA D.S.",
    );
    sb.ok("use secondary roles none");
    assert_error(
        &sb.err("select id from d.s.t"),
        "003001",
        "Insufficient privileges",
    );
    sb.ok("use secondary roles all");
    assert_error(
        &sb.err("select id from d.s.t"),
        "003001",
        "Insufficient privileges",
    );
}

/// SHOW lists only what the session's roles hold some privilege on, ownership included
/// ("Lists the tables and views for which you have access privileges",
/// https://docs.snowflake.com/en/sql-reference/sql/show-objects): a deploy role that
/// cannot see an object would plan to create it, and fail at apply, in the rehearsal as
/// in production. INFORMATION_SCHEMA is listed wherever its database is.
#[test]
fn show_lists_what_the_role_holds_a_privilege_on() {
    let mut sb = with_role();
    sb.ok("create table d.s.hidden (id number)");
    sb.ok("create table d.s.shared (id number)");
    sb.ok("create view d.s.v as select id from d.s.shared");
    sb.ok("create warehouse other_wh");
    sb.ok("create schema d.closed");
    for grant in [
        "grant usage on database d to role r",
        "grant usage on schema d.s to role r",
        "grant create table on schema d.s to role r",
        "grant select on table d.s.shared to role r",
        "grant usage on warehouse wh to role r",
    ] {
        sb.ok(grant);
    }
    as_role(&mut sb, "R");
    sb.ok("create table d.s.mine (id number)");
    assert_eq!(sb.names("show tables in schema d.s"), ["MINE", "SHARED"]);
    assert!(sb.names("show views in schema d.s").is_empty());
    assert_eq!(
        sb.names("show schemas in database d"),
        ["INFORMATION_SCHEMA", "S"]
    );
    assert_eq!(sb.names("show databases"), ["D"]);
    assert_eq!(sb.names("show warehouses"), ["WH"]);
    // A grant to PUBLIC is every role's.
    as_admin(&mut sb);
    sb.ok("grant select on view d.s.v to role public");
    as_role(&mut sb, "R");
    assert_eq!(sb.names("show views in schema d.s"), ["V"]);
    // The administrator (no role named) sees everything.
    as_admin(&mut sb);
    assert_eq!(
        sb.names("show tables in schema d.s"),
        ["HIDDEN", "MINE", "SHARED"]
    );
}

#[test]
fn functions_and_procedures_are_created_altered_and_dropped_under_their_privileges() {
    let mut sb = with_role();
    sb.ok("grant usage on database d to role r");
    sb.ok("grant usage on schema d.s to role r");
    as_role(&mut sb, "R");
    // https://docs.snowflake.com/en/sql-reference/sql/create-function#access-control-requirements
    assert_error(
        &sb.err("create function d.s.f(x number) returns number as 'x + 1'"),
        "003001",
        "Your primary role R must have CREATE FUNCTION granted on SCHEMA D.S.",
    );
    as_admin(&mut sb);
    sb.ok("create function d.s.f(x number) returns number as 'x + 1'");
    sb.ok(
        "create procedure d.s.p(n number) returns varchar language sql as 'begin return 1; end;'",
    );
    as_role(&mut sb, "R");
    // ALTER and DROP of one overload are its owner's.
    let e = sb.err("drop function d.s.f(number)");
    assert_error(
        &e,
        "003001",
        "Insufficient privileges to operate on function 'F'.",
    );
    assert!(
        e.message
            .contains("must have OWNERSHIP granted on FUNCTION D.S.F(NUMBER)."),
        "{e}"
    );
    assert_error(
        &sb.err("alter function d.s.f(number) set comment = 'x'"),
        "003001",
        "OWNERSHIP granted on FUNCTION D.S.F(NUMBER)",
    );
    assert_error(
        &sb.err("alter procedure d.s.p(number) set comment = 'x'"),
        "003001",
        "OWNERSHIP granted on PROCEDURE D.S.P(NUMBER)",
    );
    assert_error(
        &sb.err("drop procedure d.s.p(number)"),
        "003001",
        "OWNERSHIP granted on PROCEDURE D.S.P(NUMBER)",
    );
    // USAGE on the procedure does not let the role drop it.
    as_admin(&mut sb);
    sb.ok("grant usage on procedure d.s.p(number) to role r");
    as_role(&mut sb, "R");
    assert_error(
        &sb.err("drop procedure d.s.p(number)"),
        "003001",
        "OWNERSHIP granted on PROCEDURE D.S.P(NUMBER)",
    );
    // A missing overload is the statement's own error.
    assert_error(
        &sb.err("drop procedure d.s.p(varchar)"),
        "002003",
        "does not exist",
    );
    // What the role creates is its own to alter and drop.
    as_admin(&mut sb);
    sb.ok("grant create function, create procedure on schema d.s to role r");
    as_role(&mut sb, "R");
    // Replacing an overload is its owner's; adding one by OR REPLACE is not a replace.
    assert_error(
        &sb.err("create or replace procedure d.s.p(n number) returns varchar language sql as 'begin return 2; end;'"),
        "003001",
        "OWNERSHIP granted on PROCEDURE D.S.P(NUMBER)",
    );
    assert_error(
        &sb.err("create or replace function d.s.f(x number) returns number as 'x'"),
        "003001",
        "OWNERSHIP granted on FUNCTION D.S.F(NUMBER)",
    );
    sb.ok("create or replace procedure d.s.p(v varchar) returns varchar language sql as 'begin return 2; end;'");
    sb.ok("create function d.s.g(x number) returns number as 'x'");
    sb.ok("alter function d.s.g(number) set comment = 'mine'");
    sb.ok("drop function d.s.g(number)");
    sb.ok(
        "create procedure d.s.q(n number) returns varchar language sql as 'begin return 1; end;'",
    );
    sb.ok("alter procedure d.s.q(number) set comment = 'mine'");
    sb.ok("drop procedure d.s.q(number)");
}

#[test]
fn materialized_views_need_their_create_privilege_select_on_the_table_and_select_to_read() {
    let mut sb = with_role();
    sb.ok("create table t (id number, amount number)");
    sb.ok("grant usage on database d to role r");
    sb.ok("grant usage on schema d.s to role r");
    as_role(&mut sb, "R");
    // https://docs.snowflake.com/en/sql-reference/sql/create-materialized-view#access-control-requirements
    assert_error(
        &sb.err("create materialized view d.s.mv as select id from d.s.t"),
        "003001",
        "must have CREATE MATERIALIZED VIEW granted on SCHEMA D.S.",
    );
    as_admin(&mut sb);
    sb.ok("grant create materialized view on schema d.s to role r");
    as_role(&mut sb, "R");
    assert_error(
        &sb.err("create materialized view d.s.mv as select id from d.s.t"),
        "003001",
        "must have SELECT granted on TABLE D.S.T.",
    );
    as_admin(&mut sb);
    sb.ok("grant select on table d.s.t to role r");
    as_role(&mut sb, "R");
    sb.ok("create materialized view d.s.mv as select id from d.s.t");
    sb.ok("select id from d.s.mv");
    // Another role reads it only with SELECT on it: its owner's alone here, since grants
    // on materialized views are not emulated.
    as_admin(&mut sb);
    sb.ok("create role other");
    sb.ok("grant usage on database d to role other");
    sb.ok("grant usage on schema d.s to role other");
    as_role(&mut sb, "OTHER");
    assert_error(
        &sb.err("select id from d.s.mv"),
        "003001",
        "must have SELECT granted on MATERIALIZED VIEW D.S.MV.",
    );
    assert_error(
        &sb.err("drop materialized view d.s.mv"),
        "003001",
        "OWNERSHIP granted on MATERIALIZED VIEW D.S.MV",
    );
}

#[test]
fn undrop_needs_the_dropped_objects_ownership_and_the_create_privilege() {
    let mut sb = with_role();
    sb.ok("create table t (id number)");
    sb.ok("drop table t");
    sb.ok("grant usage on database d to role r");
    sb.ok("grant usage on schema d.s to role r");
    as_role(&mut sb, "R");
    assert_error(
        &sb.err("undrop table d.s.t"),
        "003001",
        "must have CREATE TABLE granted on SCHEMA D.S.",
    );
    as_admin(&mut sb);
    sb.ok("grant create table on schema d.s to role r");
    as_role(&mut sb, "R");
    // The dropped table is SYSADMIN's.
    assert_error(
        &sb.err("undrop table d.s.t"),
        "003001",
        "must have OWNERSHIP granted on TABLE D.S.T.",
    );
    // One the role owned when it was dropped is its to restore.
    sb.ok("create table d.s.u (id number)");
    sb.ok("drop table d.s.u");
    sb.ok("undrop table d.s.u");
    // A schema needs the database's CREATE SCHEMA, a database the account's CREATE DATABASE.
    as_admin(&mut sb);
    sb.ok("create schema d.gone");
    sb.ok("drop schema d.gone");
    as_role(&mut sb, "R");
    assert_error(
        &sb.err("undrop schema d.gone"),
        "003001",
        "must have CREATE SCHEMA granted on DATABASE D.",
    );
    as_admin(&mut sb);
    sb.ok("create database gone");
    sb.ok("drop database gone");
    as_role(&mut sb, "R");
    assert_error(
        &sb.err("undrop database gone"),
        "003001",
        "must have CREATE DATABASE granted on ACCOUNT",
    );
    // Nothing dropped under the name is UNDROP's own error.
    as_admin(&mut sb);
    sb.ok("grant create table on schema d.s to role r");
    as_role(&mut sb, "R");
    assert_error(
        &sb.err("undrop table d.s.never"),
        "002003",
        "Table 'D.S.NEVER' did not exist or was purged.",
    );
}

/// A dynamic table's column masking policies, tags and row access policy need APPLY as a
/// table's do (https://docs.snowflake.com/en/sql-reference/sql/alter-dynamic-table; the
/// privileges are ALTER TABLE's).
#[test]
fn a_dynamic_tables_policies_need_apply_too() {
    let mut sb = with_role();
    sb.ok("create table t (email varchar)");
    sb.ok("create dynamic table dt target_lag = '1 minute' warehouse = wh as select email from t");
    sb.ok("create masking policy m as (v varchar) returns varchar -> '***'");
    sb.ok("create row access policy rap as (c varchar) returns boolean -> true");
    sb.ok("grant usage on database d to role r");
    sb.ok("grant usage on schema d.s to role r");
    sb.ok("grant ownership on dynamic table dt to role r copy current grants");
    as_role(&mut sb, "R");
    assert_error(
        &sb.err("alter dynamic table dt modify column email set masking policy m"),
        "003001",
        "Insufficient privileges to operate on masking policy 'M'.",
    );
    sb.err("alter dynamic table dt add row access policy rap on (email)");
    as_admin(&mut sb);
    sb.ok("grant apply on masking policy m to role r");
    sb.ok("grant apply on row access policy rap to role r");
    as_role(&mut sb, "R");
    sb.ok("alter dynamic table dt modify column email set masking policy m");
    sb.ok("alter dynamic table dt add row access policy rap on (email)");
}
