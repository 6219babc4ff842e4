//! Tags through the engine: CREATE / ALTER / DROP / UNDROP and SHOW TAGS, setting and
//! unsetting them on tables, views, schemas and columns with Snowflake's rules, and what
//! INFORMATION_SCHEMA.TAG_REFERENCES / TAG_REFERENCES_ALL_COLUMNS answer.

use super::{Sandbox, assert_error, cell};

const REFS: &str = "select tag_name, tag_value, level, domain, column_name from table(d.information_schema.tag_references_all_columns('d.s.t', 'table'))";

#[test]
fn tag_lifecycle_and_show_columns() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create tag pii allowed_values 'name', 'email' comment = 'personal'");
    let row = sb.one("show tags in database d");
    assert_eq!(
        [
            "name",
            "database_name",
            "schema_name",
            "comment",
            "allowed_values",
            "owner_role_type"
        ]
        .map(|c| cell(&row, c)),
        ["PII", "D", "S", "personal", "[\"name\",\"email\"]", "ROLE"]
    );
    sb.ok("alter tag pii add allowed_values 'age'");
    sb.ok("alter tag pii drop allowed_values 'name'");
    sb.ok("alter tag pii unset comment");
    let row = sb.one("show tags");
    assert_eq!(cell(&row, "allowed_values"), "[\"email\",\"age\"]");
    assert_eq!(cell(&row, "comment"), "");
    sb.ok("alter tag pii unset allowed_values");
    assert_eq!(cell(&sb.one("show tags"), "allowed_values"), "<NULL>");
    sb.ok("alter tag pii set comment = 'c'");
    sb.ok("drop tag pii");
    assert!(sb.rows("show tags").is_empty());
}

#[test]
fn tags_set_on_tables_and_columns_follow_the_rules() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create tag pii allowed_values 'name', 'email'");
    sb.ok("create tag owner_team");
    sb.ok("create table t (id number, email varchar)");
    sb.ok("alter table t modify column email set tag pii = 'email', owner_team = 'crm'");
    sb.ok("alter table t set tag owner_team = 'data'");
    let rows = sb.rows(REFS);
    let seen: Vec<String> = rows
        .iter()
        .map(|r| {
            ["TAG_NAME", "TAG_VALUE", "LEVEL", "COLUMN_NAME"]
                .map(|c| cell(r, c))
                .join(" ")
        })
        .collect();
    // The column's own OWNER_TEAM hides the one it inherits from the table.
    assert_eq!(
        seen,
        [
            "OWNER_TEAM data TABLE ID",
            "OWNER_TEAM crm COLUMN EMAIL",
            "PII email COLUMN EMAIL",
        ]
    );
    let own = sb.rows("select tag_name, tag_value, level from table(d.information_schema.tag_references('d.s.t', 'TABLE'))");
    assert_eq!(own.len(), 1);
    assert_eq!(cell(&own[0], "LEVEL"), "TABLE");
    let column = sb
        .rows("select tag_name from table(information_schema.tag_references('t.email', 'column'))");
    assert_eq!(column.len(), 2);

    // A value outside ALLOWED_VALUES, an unknown tag, an unknown column.
    assert_error(
        &sb.err("alter table t modify column email set tag pii = 'age'"),
        "003542",
        "is not allowed for tag",
    );
    assert_error(
        &sb.err("alter table t set tag nope = 'x'"),
        "002003",
        "does not exist",
    );
    assert_error(
        &sb.err("alter table t alter column nope set tag pii = 'name'"),
        "000904",
        "invalid identifier",
    );
    assert_error(
        &sb.err(&format!(
            "alter table t set tag owner_team = '{}'",
            "x".repeat(257)
        )),
        "003543",
        "256",
    );
    // Unset, on the column and the table, then nothing is left.
    sb.ok("alter table t modify column email unset tag pii, owner_team");
    sb.ok("alter table t unset tag owner_team");
    assert!(sb.rows(REFS).is_empty());
    // A domain the function does not take (the docs list none for sequences).
    assert_error(
        &sb.err("select * from table(d.information_schema.tag_references('d.s.t', 'sequence'))"),
        "002140",
        "object_domain",
    );
}

#[test]
fn at_most_fifty_tags_per_object() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (id number)");
    for i in 0..51 {
        sb.ok(&format!("create tag t{i}"));
    }
    for i in 0..50 {
        sb.ok(&format!("alter table t set tag t{i} = 'v'"));
    }
    assert_error(
        &sb.err("alter table t set tag t50 = 'v'"),
        "003544",
        "maximum number of tags",
    );
}

#[test]
fn views_and_schemas_take_tags_and_a_dropped_tag_hides_its_assignments() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create tag pii");
    sb.ok("create table t (id number)");
    sb.ok("create view v as select id from t");
    sb.ok("alter view v set tag pii = 'x'");
    sb.ok("alter schema d.s set tag pii = 's'");
    let view = sb.rows(
        "select tag_value, level from table(d.information_schema.tag_references('d.s.v', 'table'))",
    );
    assert_eq!(view.len(), 1);
    assert_eq!(cell(&view[0], "TAG_VALUE"), "x");
    let table = sb.rows(
        "select tag_value, level from table(d.information_schema.tag_references('d.s.t', 'table'))",
    );
    assert_eq!(cell(&table[0], "LEVEL"), "SCHEMA");
    // DROP TAG succeeds with assignments (https://docs.snowflake.com/en/sql-reference/sql/drop-tag);
    // UNDROP brings them back.
    sb.ok("drop tag pii");
    assert!(
        sb.rows("select * from table(d.information_schema.tag_references('d.s.v', 'table'))")
            .is_empty()
    );
    assert_error(
        &sb.err("alter table t set tag pii = 'x'"),
        "002003",
        "does not exist",
    );
}

#[test]
fn masking_policies_on_a_tag_follow_the_rules() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create tag pii");
    sb.ok("create masking policy mask as (val string) returns string -> '***'");
    sb.ok("create masking policy other as (val varchar) returns varchar -> NULL");
    sb.ok("create masking policy num as (val number) returns number -> 0");
    sb.ok("alter tag pii set masking policy mask, masking policy num");
    let refs = "select policy_name, ref_entity_name, ref_entity_domain from table(d.information_schema.policy_references(ref_entity_name => 'd.s.pii', ref_entity_domain => 'tag'))";
    let rows = sb.rows(refs);
    assert_eq!(rows.len(), 2);
    assert_eq!(cell(&rows[0], "REF_ENTITY_DOMAIN"), "TAG");
    // One policy per data type, unless FORCE swaps it.
    assert_error(
        &sb.err("alter tag pii set masking policy other"),
        "003546",
        "already has a masking policy",
    );
    sb.ok("alter tag pii set masking policy other force");
    assert!(
        sb.rows(refs)
            .iter()
            .any(|r| cell(r, "POLICY_NAME") == "OTHER")
    );
    // Neither the tag nor its policy can be dropped while set.
    assert_error(&sb.err("drop tag pii"), "003547", "unset them first");
    assert_error(
        &sb.err("drop masking policy other"),
        "003528",
        "cannot be dropped",
    );
    sb.ok("alter tag pii unset masking policy other, masking policy num");
    sb.ok("drop masking policy other");
    sb.ok("drop tag pii");
}

/// POLICY_REFERENCES(POLICY_NAME => …) of a masking policy set on a tag lists the columns
/// it reaches through the tag, with TAG_DATABASE / TAG_SCHEMA / TAG_NAME set ("NULL if a
/// policy is not assigned to the tag":
/// https://docs.snowflake.com/en/sql-reference/account-usage/policy_references): columns of
/// the policy's type tagged themselves or through their table, not those with a policy of
/// their own, which takes precedence
/// (https://docs.snowflake.com/en/user-guide/tag-based-masking-policies).
#[test]
fn policy_references_list_the_columns_a_tag_reaches_with_the_tag() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create tag pii");
    sb.ok("create tag team");
    sb.ok("create masking policy mask as (val string) returns string -> '***'");
    sb.ok("create masking policy own as (val string) returns string -> 'x'");
    sb.ok("alter tag pii set masking policy mask");
    sb.ok("create table t (email string, age number, name string, note string)");
    sb.ok("create table u (code string)");
    sb.ok("alter table t modify column email set tag pii = 'e'");
    sb.ok("alter table t modify column age set tag pii = 'a'");
    sb.ok("alter table t modify column name set tag pii = 'n'");
    sb.ok("alter table t modify column name set masking policy own");
    sb.ok("alter table t modify column note set tag team = 'crm'");
    sb.ok("alter table u set tag pii = 'u'");
    let rows = sb.rows(
        "select ref_entity_name, ref_column_name, tag_database, tag_schema, tag_name from table(d.information_schema.policy_references(policy_name => 'd.s.mask'))",
    );
    let got: Vec<[String; 5]> = rows
        .iter()
        .map(|r| {
            [
                "REF_ENTITY_NAME",
                "REF_COLUMN_NAME",
                "TAG_DATABASE",
                "TAG_SCHEMA",
                "TAG_NAME",
            ]
            .map(|c| cell(r, c).to_string())
        })
        .collect();
    let row = |t: &str, c: &str| [t, c, "D", "S", "PII"].map(str::to_string);
    assert_eq!(got, [row("T", "EMAIL"), row("U", "CODE")]);
    // A policy set on the column itself has no tag.
    let own = sb.one(
        "select ref_column_name, tag_name from table(d.information_schema.policy_references(policy_name => 'd.s.own'))",
    );
    assert_eq!(
        [cell(&own, "REF_COLUMN_NAME"), cell(&own, "TAG_NAME")],
        ["NAME", "<NULL>"]
    );
}

/// Many objects' references as one statement, as lakeform reads them: each branch keeps
/// its own rows, told apart by the number it selects first; branches of another width
/// are refused as Snowflake refuses them.
#[test]
fn references_of_many_objects_in_one_union_all() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create tag pii");
    sb.ok("create table t (id number, email varchar)");
    sb.ok("create table u (id number)");
    sb.ok("alter table t modify column email set tag pii = 'email'");
    sb.ok("alter table u set tag pii = 'none'");
    let rows = sb.rows(
        "select 0 as branch, tag_name, tag_value, column_name from table(d.information_schema.tag_references_all_columns('d.s.t', 'table')) \
         union all select 1 as branch, tag_name, tag_value, column_name from table(d.information_schema.tag_references('d.s.u', 'table')) \
         union all select 2 as branch, tag_name, tag_value, column_name from table(d.information_schema.tag_references('d.s.t', 'table'))",
    );
    let seen: Vec<String> = rows
        .iter()
        .map(|r| {
            ["BRANCH", "TAG_NAME", "TAG_VALUE", "COLUMN_NAME"]
                .map(|c| cell(r, c))
                .join(" ")
        })
        .collect();
    assert_eq!(seen, ["0 PII email EMAIL", "1 PII none <NULL>"]);
    // `*` after the number keeps every column of the function.
    let rows = sb.rows(
        "select 5 as branch, * from table(d.information_schema.tag_references('d.s.u', 'table'))",
    );
    assert_eq!(cell(&rows[0], "BRANCH"), "5");
    assert_eq!(cell(&rows[0], "TAG_NAME"), "PII");
    assert_error(
        &sb.err(
            "select tag_name from table(d.information_schema.tag_references('d.s.u', 'table')) \
             union all select tag_name, tag_value from table(d.information_schema.tag_references('d.s.t', 'table'))",
        ),
        "001789",
        "expected 1, got 2 in branch 2",
    );
}
