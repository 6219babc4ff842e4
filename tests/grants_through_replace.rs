//! Grants through a replacement, end to end on a standalone sandbox, which drops a replaced
//! object's grants as Snowflake does unless the statement says COPY GRANTS: apply, change
//! what forces a replace, apply, and the plan is empty with the grants present.
//! * a kind whose replace copies its grants (a view's query change is `CREATE OR REPLACE
//!   VIEW … COPY GRANTS`, a procedure's body change `CREATE OR REPLACE PROCEDURE … COPY
//!   GRANTS`) keeps them without any GRANT;
//! * kinds replaced without COPY GRANTS (a sequence NOORDER → ORDER, a file format's type,
//!   a table rebuilt through `ALTER TABLE … SWAP WITH` for its transience, everything in
//!   a schema recreated for its transience) get the declared grants again after the
//!   replace, and the declared owner too;
//! * a renamed object keeps its grants: nothing is granted again, nothing revoked.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

#[path = "fixtures/drift/support.rs"]
mod support;

use support::{Project, Server, stdout};

const VARS: &[(&str, &str)] = &[("database", "RPL"), ("env", "T")];

const SCHEMA: &str = r#"
[[database]]
name = "${database}"

[[schema]]
name = "${database}.S"

[[table]]
name = "${database}.S.T"
columns = [{ name = "ID", type = "NUMBER(38,0)" }]
owner = "KEEPER_${env}"

[[view]]
name = "${database}.S.V"
query = "SELECT ID FROM ${database}.S.T"

[[sequence]]
name = "${database}.S.Q"
order = false

[[file_format]]
name = "${database}.S.FF"
type = "CSV"

[[procedure]]
name = "${database}.S.P"
arguments = [{ name = "N", type = "NUMBER" }]
returns = "NUMBER"
body = "BEGIN RETURN N; END;"

[[role]]
name = "KEEPER_${env}"
member_of = ["SYSADMIN"]

[[role]]
name = "READER_${env}"
member_of = ["SYSADMIN"]
privileges = [
  { on = "database ${database}", privileges = ["USAGE"] },
  { on = "schema ${database}.S", privileges = ["USAGE"] },
  { on = "table ${database}.S.T", privileges = ["SELECT"] },
  { on = "view ${database}.S.V", privileges = ["SELECT"] },
  { on = "sequence ${database}.S.Q", privileges = ["USAGE"] },
  { on = "file format ${database}.S.FF", privileges = ["USAGE"] },
  { on = "procedure ${database}.S.P(NUMBER(38,0))", privileges = ["USAGE"] },
]
"#;

/// READER_T's privileges (without OWNERSHIP) as `PRIVILEGE granted_on name`, sorted.
fn reader(server: &Server) -> Vec<String> {
    let statement = "SHOW GRANTS TO ROLE READER_T";
    let privileges = server.query(statement, "privilege");
    let on = server.query(statement, "granted_on");
    let names = server.query(statement, "name");
    let mut held: Vec<String> = privileges
        .into_iter()
        .zip(on)
        .zip(names)
        .map(|((p, o), n)| format!("{p} {o} {n}"))
        .collect();
    held.sort();
    held
}

const HELD: [&str; 7] = [
    "SELECT TABLE RPL.S.T",
    "SELECT VIEW RPL.S.V",
    "USAGE DATABASE RPL",
    "USAGE FILE_FORMAT RPL.S.FF",
    "USAGE PROCEDURE RPL.S.\"P(N NUMBER):NUMBER(38,0)\"",
    "USAGE SCHEMA RPL.S",
    "USAGE SEQUENCE RPL.S.Q",
];

#[test]
fn replaced_objects_get_their_declared_grants_and_owner_back_and_the_replan_is_empty() {
    let server = Server::start();
    let project = Project::on_server(&server, VARS, SCHEMA);
    project.apply_then_plan_nothing(&[]);
    assert_eq!(reader(&server), HELD);

    let changed = SCHEMA
        .replace(
            "query = \"SELECT ID FROM ${database}.S.T\"",
            "query = \"SELECT ID, ID + 1 AS NEXT_ID FROM ${database}.S.T\"",
        )
        .replace("order = false", "order = true")
        .replace("RETURN N;", "RETURN N + 1;")
        .replace("type = \"CSV\"", "type = \"JSON\"")
        .replace(
            "name = \"${database}.S.T\"\n",
            "name = \"${database}.S.T\"\ntransient = true\n",
        );
    assert_eq!(changed.matches("transient").count(), 1);
    project.write_schema(&changed);
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    // The view keeps its grants by COPY GRANTS: nothing to grant on it again.
    assert!(
        plan.contains("CREATE OR REPLACE VIEW RPL.S.V COPY GRANTS"),
        "{plan}"
    );
    assert!(!plan.contains("GRANT SELECT ON VIEW"), "{plan}");
    // So does the procedure whose body changes.
    assert!(
        plan.contains("CREATE OR REPLACE PROCEDURE RPL.S.P(N NUMBER(38,0)) COPY GRANTS"),
        "{plan}"
    );
    assert!(!plan.contains("GRANT USAGE ON PROCEDURE"), "{plan}");
    // The others are granted again after their replace.
    for (replace, grant) in [
        (
            "CREATE OR REPLACE SEQUENCE RPL.S.Q",
            "GRANT USAGE ON SEQUENCE RPL.S.Q TO ROLE READER_T",
        ),
        (
            "CREATE OR REPLACE FILE FORMAT RPL.S.FF",
            "GRANT USAGE ON FILE FORMAT RPL.S.FF TO ROLE READER_T",
        ),
        (
            "ALTER TABLE RPL.S.T SWAP WITH",
            "GRANT SELECT ON TABLE RPL.S.T TO ROLE READER_T",
        ),
    ] {
        let replaced = plan.find(replace).expect(&plan);
        let granted = plan.find(grant).expect(&plan);
        assert!(replaced < granted, "{replace} before {grant}\n{plan}");
    }
    assert!(plan.contains("is recreated by this plan"), "{plan}");
    // The rebuilt table is the rebuild's, owned by the deploying role: given back.
    assert!(
        plan.contains("GRANT OWNERSHIP ON TABLE RPL.S.T TO ROLE KEEPER_T COPY CURRENT GRANTS"),
        "{plan}"
    );
    // The sequence's replace restarts it: destructive, so allowed explicitly.
    project.apply_then_plan_nothing(&["--allow-destructive"]);
    assert_eq!(reader(&server), HELD);
    assert_eq!(
        server.query("SHOW TABLES LIKE 'T' IN SCHEMA RPL.S", "owner"),
        ["KEEPER_T"]
    );
}

/// A renamed object keeps its grants on Snowflake (it is the same object), and the
/// sandbox moves them with it: the plan grants nothing again and revokes nothing from
/// the old name, which no longer exists once renamed.
#[test]
fn a_renamed_object_keeps_its_grants_and_the_replan_is_empty() {
    let server = Server::start();
    let project = Project::on_server(&server, VARS, SCHEMA);
    project.apply_then_plan_nothing(&[]);
    let renamed = SCHEMA
        .replace(
            "name = \"${database}.S.FF\"\n",
            "name = \"${database}.S.FF2\"\nrenamed_from = \"${database}.S.FF\"\n",
        )
        .replace(
            "file format ${database}.S.FF\"",
            "file format ${database}.S.FF2\"",
        );
    assert_ne!(renamed, SCHEMA);
    project.write_schema(&renamed);
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains("ALTER FILE FORMAT RPL.S.FF RENAME TO RPL.S.FF2"),
        "{plan}"
    );
    assert!(!plan.contains("REVOKE"), "{plan}");
    project.apply_then_plan_nothing(&[]);
    assert!(
        reader(&server).contains(&"USAGE FILE_FORMAT RPL.S.FF2".to_string()),
        "{:?}",
        reader(&server)
    );
}

/// A schema recreated for its transience takes everything inside with it, grants and
/// owners included: the objects come back from their declarations, and the declared
/// grants on them and on the schema, and their owners, after them.
#[test]
fn a_recreated_schemas_contents_get_their_grants_and_owners_back() {
    let server = Server::start();
    let project = Project::on_server(&server, VARS, SCHEMA);
    project.apply_then_plan_nothing(&[]);
    let flipped = SCHEMA.replace(
        "name = \"${database}.S\"\n",
        "name = \"${database}.S\"\ntransient = true\n",
    );
    assert_ne!(flipped, SCHEMA);
    project.write_schema(&flipped);
    let plan = stdout(&project.lakeform(&["plan", "-e", "sandbox"]));
    assert!(
        plan.contains("CREATE OR REPLACE TRANSIENT SCHEMA RPL.S"),
        "{plan}"
    );
    assert!(
        plan.contains("GRANT USAGE ON SCHEMA RPL.S TO ROLE READER_T"),
        "{plan}"
    );
    project.apply_then_plan_nothing(&["--allow-destructive"]);
    assert_eq!(reader(&server), HELD);
    assert_eq!(
        server.query("SHOW TABLES LIKE 'T' IN SCHEMA RPL.S", "owner"),
        ["KEEPER_T"]
    );
}
