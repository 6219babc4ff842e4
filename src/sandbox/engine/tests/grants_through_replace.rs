//! What `CREATE OR REPLACE` and `ALTER … SWAP WITH` do to grants: a replace drops the old
//! object's grants unless it says COPY GRANTS (where the kind's CREATE takes it), future
//! grants apply to the new object as the docs say, and a swap or a rename moves grants with
//! the objects (`Catalog::grants_after_create`, `Catalog::move_grants`).

use super::{Sandbox, assert_error, cell};

/// The privileges `role` holds on objects named `name` (SHOW GRANTS TO ROLE), sorted.
fn held(sb: &mut Sandbox, role: &str, name: &str) -> Vec<String> {
    let mut held: Vec<String> = sb
        .rows(&format!("show grants to role {role}"))
        .iter()
        .filter(|row| cell(row, "name") == name && cell(row, "privilege") != "OWNERSHIP")
        .map(|row| cell(row, "privilege").to_string())
        .collect();
    held.sort();
    held
}

#[test]
fn a_replace_without_copy_grants_drops_the_grants_of_every_kind() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create role r");
    for (create, grant, name) in [
        (
            "create stage st",
            "grant read on stage st to role r",
            "D.S.ST",
        ),
        (
            "create file format ff type = csv",
            "grant usage on file format ff to role r",
            "D.S.FF",
        ),
        (
            "create sequence q",
            "grant usage on sequence q to role r",
            "D.S.Q",
        ),
        (
            "create table t (a int)",
            "grant select on table t to role r",
            "D.S.T",
        ),
        (
            "create view v as select a from t",
            "grant select on view v to role r",
            "D.S.V",
        ),
        (
            "create task k warehouse = wh as select 1",
            "grant monitor on task k to role r",
            "D.S.K",
        ),
    ] {
        sb.ok(create);
        sb.ok(grant);
        assert_eq!(held(&mut sb, "R", name).len(), 1, "{create}");
        sb.ok(&create.replacen("create", "create or replace", 1));
        assert_eq!(held(&mut sb, "R", name), Vec::<String>::new(), "{create}");
    }
    // Schemas and databases too, with what they hold.
    sb.ok("grant usage on schema d.s to role r");
    sb.ok("create table d.s.u (a int)");
    sb.ok("grant select on table d.s.u to role r");
    sb.ok("create or replace schema d.s");
    assert_eq!(held(&mut sb, "R", "D.S"), Vec::<String>::new());
    assert_eq!(held(&mut sb, "R", "D.S.U"), Vec::<String>::new());
    sb.ok("grant usage on database d to role r");
    sb.ok("create or replace database d");
    assert_eq!(held(&mut sb, "R", "D"), Vec::<String>::new());
}

#[test]
fn copy_grants_keeps_them_and_names_the_replacing_role_as_grantor() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create role r");
    sb.ok("create table t (a int)");
    sb.ok("grant select, insert on table t to role r");
    sb.ok("create or replace table t (a int, b int) copy grants");
    assert_eq!(held(&mut sb, "R", "D.S.T"), ["INSERT", "SELECT"]);
    sb.ok("create view v as select a from t");
    sb.ok("grant select on view v to role r");
    sb.ok("create or replace view v copy grants as select a, b from t");
    assert_eq!(held(&mut sb, "R", "D.S.V"), ["SELECT"]);
    sb.ok("create task k warehouse = wh as select 1");
    sb.ok("grant operate on task k to role r");
    sb.ok("create or replace task k warehouse = wh copy grants as select 2");
    assert_eq!(held(&mut sb, "R", "D.S.K"), ["OPERATE"]);
    sb.ok("create procedure p(a number) returns number language sql as 'begin return a; end;'");
    sb.ok("grant usage on procedure p(number) to role r");
    sb.ok("create or replace procedure p(a number) copy grants returns number language sql as 'begin return 1; end;'");
    let procedures = sb
        .rows("show grants to role r")
        .iter()
        .filter(|row| cell(row, "granted_on") == "PROCEDURE")
        .count();
    assert_eq!(procedures, 1);
    // Without COPY GRANTS the overload's grants go.
    sb.ok("create or replace procedure p(a number) returns number language sql as 'begin return 2; end;'");
    let procedures = sb
        .rows("show grants to role r")
        .iter()
        .filter(|row| cell(row, "granted_on") == "PROCEDURE")
        .count();
    assert_eq!(procedures, 0);
    // The copied grants are shown as granted by the role that ran the CREATE.
    sb.ok("create role deployer");
    sb.ok("grant role deployer to role sysadmin");
    sb.ok("grant usage on database d to role deployer");
    sb.ok("grant usage, create table on schema d.s to role deployer");
    sb.ok("grant ownership on table t to role deployer copy current grants");
    sb.session.role = Some("DEPLOYER".into());
    sb.ok("create or replace table t (a int) copy grants");
    let row = sb
        .rows("show grants on table t")
        .into_iter()
        .find(|row| cell(row, "privilege") == "SELECT")
        .expect("the copied SELECT");
    assert_eq!(cell(&row, "granted_by"), "DEPLOYER");
    assert_eq!(cell(&sb.one("show tables like 'T'"), "owner"), "DEPLOYER");
}

#[test]
fn copy_grants_is_refused_where_the_kinds_create_has_no_such_clause() {
    let mut sb = Sandbox::with_schema();
    for sql in [
        "create or replace stage st copy grants",
        "create or replace file format ff copy grants type = csv",
        "create or replace sequence q copy grants",
        "create or replace schema s2 copy grants",
        "create or replace database d2 copy grants",
        "create or replace tag tg copy grants",
        "create or replace masking policy m copy grants as (v number) returns number -> v",
    ] {
        assert_error(&sb.err(sql), "001003", "unexpected 'copy'");
    }
    // …and accepted where it has one, whatever the words inside a query or a string.
    sb.ok("create table t (a int)");
    sb.ok("create or replace table t2 copy grants as select a from t");
    sb.ok("create or replace stream sm copy grants on table t");
    sb.ok("create or replace dynamic table dt target_lag = '1 minute' warehouse = wh copy grants as select a from t");
    sb.ok("create or replace stage st comment = 'copy grants'");
}

#[test]
fn future_grants_reach_a_replacement_unless_a_table_kind_copied_its_grants() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create role r");
    sb.ok("grant select on future tables in schema d.s to role r");
    sb.ok("grant usage on future sequences in schema d.s to role r");
    sb.ok("create table t (a int)");
    assert_eq!(held(&mut sb, "R", "D.S.T"), ["SELECT"]);
    // Replaced without COPY GRANTS: a new table, the future grant applies again.
    sb.ok("revoke select on table t from role r");
    sb.ok("create or replace table t (a int)");
    assert_eq!(held(&mut sb, "R", "D.S.T"), ["SELECT"]);
    // With COPY GRANTS a table takes the old grants only.
    sb.ok("revoke select on table t from role r");
    sb.ok("create or replace table t (a int) copy grants");
    assert_eq!(held(&mut sb, "R", "D.S.T"), Vec::<String>::new());
    sb.ok("create sequence q");
    sb.ok("create or replace sequence q");
    assert_eq!(held(&mut sb, "R", "D.S.Q"), ["USAGE"]);
}

#[test]
fn a_swap_moves_grants_with_the_tables() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create role r");
    sb.ok("create table a (x int)");
    sb.ok("create table b (x int)");
    sb.ok("grant select on table a to role r");
    sb.ok("grant insert on table b to role r");
    sb.ok("alter table a swap with b");
    assert_eq!(held(&mut sb, "R", "D.S.A"), ["INSERT"]);
    assert_eq!(held(&mut sb, "R", "D.S.B"), ["SELECT"]);
    // Schemas: the objects inside go with them.
    sb.ok("create schema d.s2");
    sb.ok("create table d.s2.c (x int)");
    sb.ok("grant select on table d.s2.c to role r");
    sb.ok("grant usage on schema d.s2 to role r");
    sb.ok("alter schema d.s2 swap with d.s");
    assert_eq!(held(&mut sb, "R", "D.S"), ["USAGE"]);
    assert_eq!(held(&mut sb, "R", "D.S.C"), ["SELECT"]);
    assert_eq!(held(&mut sb, "R", "D.S2.A"), ["INSERT"]);
}

#[test]
fn a_rename_keeps_the_grants_on_the_object_under_its_new_name() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create role r");
    sb.ok("create table t (x int)");
    sb.ok("grant select on table t to role r");
    sb.ok("alter table t rename to u");
    assert_eq!(held(&mut sb, "R", "D.S.U"), ["SELECT"]);
    assert_eq!(held(&mut sb, "R", "D.S.T"), Vec::<String>::new());
    // A new object under the old name holds nothing of the renamed one's.
    sb.ok("create table t (x int)");
    assert_eq!(held(&mut sb, "R", "D.S.T"), Vec::<String>::new());
    sb.ok("create stage st");
    sb.ok("grant read on stage st to role r");
    sb.ok("alter stage st rename to st2");
    assert_eq!(held(&mut sb, "R", "D.S.ST2"), ["READ"]);
    sb.ok("grant usage on schema d.s to role r");
    sb.ok("alter schema d.s rename to s3");
    assert_eq!(held(&mut sb, "R", "D.S3"), ["USAGE"]);
    assert_eq!(held(&mut sb, "R", "D.S3.U"), ["SELECT"]);
}

#[test]
fn a_clone_with_copy_grants_takes_the_sources_grants_and_no_future_grants() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create role r");
    sb.ok("create table src (x int)");
    sb.ok("grant select on table src to role r");
    sb.ok("grant insert on future tables in schema d.s to role r");
    // Without COPY GRANTS: the future grants, not the source's.
    sb.ok("create table plain clone src");
    assert_eq!(held(&mut sb, "R", "D.S.PLAIN"), ["INSERT"]);
    // With COPY GRANTS: the source's, not the future grants.
    sb.ok("create table copied clone src copy grants");
    assert_eq!(held(&mut sb, "R", "D.S.COPIED"), ["SELECT"]);
    // Replacing a table, the replaced one's grants are copied, not the source's.
    sb.ok("revoke select on table copied from role r");
    sb.ok("grant update on table copied to role r");
    sb.ok("create or replace table copied clone src copy grants");
    assert_eq!(held(&mut sb, "R", "D.S.COPIED"), ["UPDATE"]);
}
