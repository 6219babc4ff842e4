//! What a role sees beyond SHOW: DESCRIBE of an object it holds no privilege on fails as
//! if the object did not exist, and the INFORMATION_SCHEMA views (COLUMNS,
//! OBJECT_PRIVILEGES, PROCEDURES, FUNCTIONS) list only the objects it sees — the one rule
//! `Viewer` applies to SHOW.

use super::{Sandbox, assert_error, cell};

/// D.S with a table T, a view V, a procedure P(NUMBER), a function F(NUMBER) and a data
/// metric function M(TABLE(VARCHAR)), all SYSADMIN's; a role R with USAGE on D and D.S.
fn with_objects() -> Sandbox {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table d.s.t (id number, email varchar)");
    sb.ok("create view d.s.v as select id from d.s.t");
    sb.ok(
        "create procedure d.s.p(n number) returns varchar language sql as 'begin return 1; end;'",
    );
    sb.ok("create function d.s.f(x number) returns number as 'x + 1'");
    sb.ok("create data metric function d.s.m(t table(c varchar)) returns number as 'select count(*) from t'");
    sb.ok("create role r");
    sb.ok("grant usage on database d to role r");
    sb.ok("grant usage on schema d.s to role r");
    sb
}

#[test]
fn describe_of_an_object_without_a_privilege_does_not_exist_for_the_role() {
    let mut sb = with_objects();
    sb.session.role = Some("R".into());
    for (sql, message) in [
        (
            "describe table d.s.t",
            "Table 'D.S.T' does not exist or not authorized.",
        ),
        (
            "describe view d.s.v",
            "View 'D.S.V' does not exist or not authorized.",
        ),
        (
            "describe procedure d.s.p(number)",
            "Procedure 'D.S.P(NUMBER)' does not exist or not authorized.",
        ),
        (
            "describe function d.s.f(number)",
            "Function 'D.S.F(NUMBER)' does not exist or not authorized.",
        ),
        (
            "describe function d.s.m(table(varchar))",
            "Data metric function 'D.S.M' does not exist or not authorized.",
        ),
    ] {
        assert_error(&sb.err(sql), "002003", message);
    }
    sb.session.role = None;
    sb.ok("grant select on table d.s.t to role r");
    sb.ok("grant usage on procedure d.s.p(number) to role r");
    sb.ok("grant usage on function d.s.f(number) to role r");
    sb.ok("grant usage on function d.s.m(table(varchar)) to role r");
    sb.session.role = Some("R".into());
    for sql in [
        "describe table d.s.t",
        "describe procedure d.s.p(number)",
        "describe function d.s.f(number)",
        "describe function d.s.m(table(varchar))",
    ] {
        sb.ok(sql);
    }
    // Without a privilege on the schema, the schema itself is what does not exist.
    sb.session.role = None;
    sb.ok("revoke usage on schema d.s from role r");
    sb.session.role = Some("R".into());
    assert_error(
        &sb.err("describe table d.s.t"),
        "002003",
        "Schema 'D.S' does not exist or not authorized.",
    );
}

#[test]
fn information_schema_views_list_only_what_the_role_sees() {
    let mut sb = with_objects();
    sb.ok("grant select on table d.s.t to role r");
    sb.ok("create role other");
    sb.ok("grant select on view d.s.v to role other");
    sb.ok("grant usage on procedure d.s.p(number) to role other");
    sb.session.role = Some("R".into());
    let tables: Vec<String> = sb
        .rows("select table_name from d.information_schema.columns")
        .iter()
        .map(|r| cell(r, "TABLE_NAME").to_string())
        .collect();
    assert_eq!(tables, ["T", "T"]);
    // The grant on the view is OTHER's: its object is not R's to see.
    let objects: Vec<String> = sb
        .rows("select object_name, grantee from d.information_schema.object_privileges")
        .iter()
        .map(|r| cell(r, "OBJECT_NAME").to_string())
        .collect();
    assert!(!objects.iter().any(|o| o == "V" || o == "P"), "{objects:?}");
    assert!(objects.iter().any(|o| o == "T"), "{objects:?}");
    assert!(
        sb.rows("select * from d.information_schema.procedures")
            .is_empty()
    );
    assert!(
        sb.rows("select * from d.information_schema.functions")
            .is_empty()
    );
    sb.session.role = None;
    sb.ok("grant usage on function d.s.m(table(varchar)) to role r");
    sb.ok("grant role other to role r");
    sb.session.role = Some("R".into());
    let procedure = sb.one("select procedure_name, procedure_owner, argument_signature, data_type from d.information_schema.procedures");
    assert_eq!(cell(&procedure, "PROCEDURE_NAME"), "P");
    assert_eq!(cell(&procedure, "PROCEDURE_OWNER"), "SYSADMIN");
    assert_eq!(cell(&procedure, "ARGUMENT_SIGNATURE"), "(N NUMBER)");
    assert_eq!(cell(&procedure, "DATA_TYPE"), "VARCHAR(16777216)");
    let function = sb.one(
        "select function_name, function_owner, argument_signature from d.information_schema.functions",
    );
    assert_eq!(cell(&function, "FUNCTION_NAME"), "M");
    assert_eq!(
        cell(&function, "ARGUMENT_SIGNATURE"),
        "(T TABLE(C VARCHAR))"
    );
    // Without a role, the sandbox's administrator sees everything.
    sb.session.role = None;
    assert_eq!(
        sb.rows(
            "select function_name from d.information_schema.functions where function_schema = 'S'"
        )
        .len(),
        2
    );
}

#[test]
fn reference_table_functions_list_only_objects_the_role_sees() {
    let mut sb = with_objects();
    sb.ok("create tag d.s.pii");
    sb.ok("alter table d.s.t set tag d.s.pii = 'email'");
    sb.ok("create masking policy d.s.mask as (v varchar) returns varchar -> '***'");
    sb.ok("alter table d.s.t modify column email set masking policy d.s.mask");
    sb.ok("grant apply on tag d.s.pii to role r");
    sb.ok("grant apply on masking policy d.s.mask to role r");
    let tags = "select tag_name from table(d.information_schema.tag_references('d.s.t', 'table'))";
    let policies = "select policy_name from table(d.information_schema.policy_references(policy_name => 'd.s.mask'))";
    assert_eq!(sb.rows(tags).len(), 1);
    assert_eq!(sb.rows(policies).len(), 1);
    sb.session.role = Some("R".into());
    assert!(sb.rows(tags).is_empty());
    assert!(sb.rows(policies).is_empty());
    sb.session.role = None;
    sb.ok("grant select on table d.s.t to role r");
    sb.session.role = Some("R".into());
    assert_eq!(sb.rows(tags).len(), 1);
    assert_eq!(sb.rows(policies).len(), 1);
}

#[test]
fn each_overload_is_seen_by_its_own_grants() {
    let mut sb = with_objects();
    sb.ok(
        "create procedure d.s.p(a varchar) returns varchar language sql as 'begin return 1; end;'",
    );
    sb.ok("grant usage on procedure d.s.p(varchar) to role r");
    sb.session.role = Some("R".into());
    let listed: Vec<String> = sb
        .rows("show procedures in schema d.s")
        .iter()
        .map(|r| cell(r, "arguments").to_string())
        .collect();
    assert_eq!(listed, ["P(VARCHAR) RETURN VARCHAR"]);
    sb.ok("describe procedure d.s.p(varchar)");
    assert_error(
        &sb.err("describe procedure d.s.p(number)"),
        "002003",
        "Procedure 'D.S.P(NUMBER)' does not exist or not authorized.",
    );
    let signatures: Vec<String> = sb
        .rows("select argument_signature from d.information_schema.procedures")
        .iter()
        .map(|r| cell(r, "ARGUMENT_SIGNATURE").to_string())
        .collect();
    assert_eq!(signatures, ["(A VARCHAR)"]);
}
