//! INFORMATION_SCHEMA.OBJECT_PRIVILEGES through the engine: the grants on a database and
//! everything in it, to any grantee, with the view's documented columns.

use super::{Sandbox, assert_error, cell};

#[test]
fn grants_on_the_database_and_its_objects_to_any_grantee() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (id number)");
    sb.ok("create role analyst");
    sb.ok("create database role d.reader");
    sb.ok("create database other");
    sb.ok("grant usage on database d to role analyst");
    sb.ok("grant usage on schema d.s to role analyst");
    sb.ok("grant select on table d.s.t to role analyst with grant option");
    sb.ok("grant select on table d.s.t to database role d.reader");
    sb.ok("grant usage on database other to role analyst");
    sb.ok("grant execute task on account to role analyst");
    let rows = sb.rows(
        "select grantee, granted_to, object_catalog, object_schema, object_name, object_type, privilege_type, is_grantable \
         from d.information_schema.object_privileges order by object_type, grantee",
    );
    let seen: Vec<String> = rows
        .iter()
        .map(|r| {
            [
                "GRANTEE",
                "GRANTED_TO",
                "OBJECT_CATALOG",
                "OBJECT_SCHEMA",
                "OBJECT_NAME",
                "OBJECT_TYPE",
                "PRIVILEGE_TYPE",
                "IS_GRANTABLE",
            ]
            .map(|c| cell(r, c))
            .join(" ")
        })
        .collect();
    // Another database's grants and account privileges are not the view's; a database
    // role holds USAGE on its database from its creation.
    assert_eq!(
        seen,
        [
            "ANALYST ROLE D <NULL> D DATABASE USAGE NO",
            "D.READER DATABASE_ROLE D <NULL> D DATABASE USAGE NO",
            "ANALYST ROLE D <NULL> S SCHEMA USAGE NO",
            "ANALYST ROLE D S T TABLE SELECT YES",
            "D.READER DATABASE_ROLE D S T TABLE SELECT NO",
        ]
    );
    // Filtered by grantee, as lakeform reads it (WHERE before the projection).
    let rows = sb.rows(
        "select object_name from d.information_schema.object_privileges where grantee = 'ANALYST' and privilege_type <> 'OWNERSHIP'",
    );
    assert_eq!(rows.len(), 3);
    assert_eq!(cell(&rows[2], "OBJECT_NAME"), "T");
    assert_error(
        &sb.err("select grantee from nope.information_schema.object_privileges"),
        "002003",
        "does not exist",
    );
}
