//! Masking policies through the engine: CREATE / ALTER / DROP, SHOW MASKING POLICIES and
//! DESCRIBE MASKING POLICY, setting and unsetting them on columns with Snowflake's rules,
//! and where they are set through INFORMATION_SCHEMA.POLICY_REFERENCES.

use super::{Sandbox, assert_error, cell};

const MASK: &str = "create masking policy mask as (val string) returns string -> CASE WHEN IS_ROLE_IN_SESSION('ANALYST') THEN REGEXP_REPLACE(val, '^.*@', '***@') ELSE val END comment = 'pii'";

#[test]
fn masking_policy_lifecycle() {
    let mut sb = Sandbox::with_schema();
    assert_eq!(sb.status(MASK), "Masking policy MASK successfully created.");
    let row = sb.one("show masking policies in database d");
    assert_eq!(
        [
            "name",
            "database_name",
            "schema_name",
            "kind",
            "comment",
            "options"
        ]
        .map(|c| cell(&row, c)),
        ["MASK", "D", "S", "MASKING_POLICY", "pii", ""]
    );
    let described = sb.one("describe masking policy mask");
    assert_eq!(
        ["name", "signature", "return_type"].map(|c| cell(&described, c)),
        ["MASK", "(VAL VARCHAR)", "VARCHAR(16777216)"]
    );
    assert!(cell(&described, "body").starts_with("CASE WHEN IS_ROLE_IN_SESSION"));

    sb.ok("alter masking policy mask set body -> '***'");
    sb.ok("alter masking policy mask unset comment");
    let described = sb.one("describe masking policy d.s.mask");
    assert_eq!(cell(&described, "body"), "'***'");
    assert_eq!(cell(&sb.one("show masking policies"), "comment"), "");

    // The return type is the first argument's.
    assert_error(
        &sb.err("create masking policy other as (val number) returns string -> 'x'"),
        "002262",
        "must be the type of the first argument",
    );
    sb.ok("create masking policy exempt as (val number) returns number -> 0 exempt_other_policies = true");
    assert_eq!(
        cell(&sb.one("show masking policies like 'EXEMPT'"), "options"),
        "{\"EXEMPT_OTHER_POLICIES\": \"TRUE\"}"
    );
    sb.ok("drop masking policy exempt");
    assert!(sb.names("show masking policies").eq(&["MASK"]));
}

#[test]
fn a_policy_set_on_a_column_follows_the_rules() {
    let mut sb = Sandbox::with_schema();
    sb.ok(MASK);
    sb.ok("create masking policy other as (val varchar) returns varchar -> NULL");
    sb.ok("create masking policy num as (val number) returns number -> 0");
    sb.ok("create table t (id number, email varchar(200))");
    sb.ok("alter table t modify column email set masking policy mask");
    let described = sb.rows("describe table t");
    assert_eq!(cell(&described[1], "policy name"), "D.S.MASK");
    assert_eq!(cell(&described[0], "policy name"), "<NULL>");

    // One policy per column, unless FORCE swaps it.
    assert_error(
        &sb.err("alter table t modify column email set masking policy other"),
        "003529",
        "already attached to another masking policy",
    );
    sb.ok("alter table t alter column email set masking policy other force");
    // The column's type must be the policy's first argument's.
    assert_error(
        &sb.err("alter table t modify column id set masking policy mask"),
        "002263",
        "the types must match",
    );
    assert_error(
        &sb.err("alter table t modify column email set masking policy missing"),
        "002003",
        "does not exist",
    );

    let references = sb.rows(
        "SELECT REF_DATABASE_NAME, REF_SCHEMA_NAME, REF_ENTITY_NAME, REF_ENTITY_DOMAIN, REF_COLUMN_NAME FROM TABLE(D.INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => 'D.S.OTHER'))",
    );
    assert_eq!(references.len(), 1);
    assert_eq!(
        [
            "REF_DATABASE_NAME",
            "REF_SCHEMA_NAME",
            "REF_ENTITY_NAME",
            "REF_ENTITY_DOMAIN",
            "REF_COLUMN_NAME"
        ]
        .map(|c| cell(&references[0], c)),
        ["D", "S", "T", "TABLE", "EMAIL"]
    );
    assert!(
        sb.rows(
            "SELECT * FROM TABLE(INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => 'D.S.MASK'))"
        )
        .is_empty()
    );

    // In use: neither dropped nor replaced.
    assert_error(
        &sb.err("drop masking policy other"),
        "003528",
        "cannot be dropped/replaced",
    );
    assert_error(
        &sb.err("create or replace masking policy other as (val varchar) returns varchar -> 'x'"),
        "003528",
        "cannot be dropped/replaced",
    );
    sb.ok("alter table t modify column email unset masking policy");
    sb.ok(
        "create or replace masking policy other as (val varchar, c varchar) returns varchar -> 'x'",
    );
    sb.ok("drop masking policy other");
}

#[test]
fn a_conditional_policy_takes_using_as_its_signature_says() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create masking policy cond as (val varchar, consent varchar) returns varchar -> CASE WHEN consent = 'Y' THEN val ELSE '***' END");
    sb.ok("create table t (id number, email varchar(200), consent varchar(1))");
    let refused = [
        (
            "using (consent, email)",
            "002264",
            "must be the column EMAIL",
        ),
        ("using (email)", "002264", "USING lists 1 column(s)"),
        (
            "using (email, consent, id)",
            "002264",
            "USING lists 3 column(s)",
        ),
        ("using (email, id)", "002264", "column ID is NUMBER(38,0)"),
        ("using (email, missing)", "000904", "MISSING"),
    ];
    for (using, code, message) in refused {
        assert_error(
            &sb.err(&format!(
                "alter table t modify column email set masking policy cond {using}"
            )),
            code,
            message,
        );
    }
    sb.ok("alter table t modify column email set masking policy cond using (email, consent)");
    // "Returns NULL for rows … in which a masking policy is set", USING or not.
    let reference = sb.one("SELECT REF_COLUMN_NAME, REF_ARG_COLUMN_NAMES FROM TABLE(INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => 'D.S.COND'))");
    assert_eq!(
        ["REF_COLUMN_NAME", "REF_ARG_COLUMN_NAMES"].map(|c| cell(&reference, c)),
        ["EMAIL", "<NULL>"]
    );
    // FORCE swaps it for the plain form and back.
    sb.ok("alter table t modify column email set masking policy cond force");
    sb.ok("alter table t modify column email set masking policy cond using (email, consent) force");
    sb.ok("alter table t modify column email unset masking policy");
    assert!(
        sb.rows(
            "SELECT * FROM TABLE(INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => 'D.S.COND'))"
        )
        .is_empty()
    );
}

#[test]
fn view_columns_take_masking_policies_and_tags() {
    let mut sb = Sandbox::with_schema();
    sb.ok(MASK);
    sb.ok("create tag pii allowed_values 'email'");
    sb.ok("create table t (id number, email varchar(200))");
    sb.ok("create view v as select id, email from t");
    sb.ok("alter view v modify column email set masking policy mask");
    sb.ok("alter view v alter column email set tag pii = 'email'");
    let reference = sb.one("SELECT REF_ENTITY_NAME, REF_ENTITY_DOMAIN, REF_COLUMN_NAME FROM TABLE(INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => 'D.S.MASK'))");
    assert_eq!(
        ["REF_ENTITY_NAME", "REF_ENTITY_DOMAIN", "REF_COLUMN_NAME"].map(|c| cell(&reference, c)),
        ["V", "VIEW", "EMAIL"]
    );
    let tag = sb.one("SELECT TAG_NAME, TAG_VALUE, COLUMN_NAME FROM TABLE(INFORMATION_SCHEMA.TAG_REFERENCES_ALL_COLUMNS('D.S.V', 'TABLE')) WHERE LEVEL = 'COLUMN'");
    assert_eq!(
        ["TAG_NAME", "TAG_VALUE", "COLUMN_NAME"].map(|c| cell(&tag, c)),
        ["PII", "email", "EMAIL"]
    );
    // The table's rules: one policy per column, the type of the policy's argument, a
    // column the view has; a policy in use on a view is not dropped.
    assert_error(
        &sb.err("alter view v modify column email set masking policy mask"),
        "003529",
        "already attached",
    );
    assert_error(
        &sb.err("alter view v modify column id set masking policy mask"),
        "002263",
        "the types must match",
    );
    assert_error(
        &sb.err("alter view v modify column missing set tag pii = 'email'"),
        "000904",
        "MISSING",
    );
    assert_error(
        &sb.err("drop masking policy mask"),
        "003528",
        "cannot be dropped/replaced",
    );
    sb.ok("alter view v modify column email unset masking policy, column email unset tag pii");
    assert!(
        sb.rows(
            "SELECT * FROM TABLE(INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => 'D.S.MASK'))"
        )
        .is_empty()
    );
    sb.ok("drop masking policy mask");
}

#[test]
fn row_access_policies_follow_the_rules() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create row access policy by_country as (c varchar) returns boolean -> c = 'DE' comment = 'eu'");
    sb.ok("create row access policy open as (c varchar, n number) returns boolean -> TRUE");
    let row = sb.one("show row access policies like 'BY%'");
    assert_eq!(
        ["name", "kind", "comment"].map(|c| cell(&row, c)),
        ["BY_COUNTRY", "ROW_ACCESS_POLICY", "eu"]
    );
    let described = sb.one("describe row access policy by_country");
    assert_eq!(
        ["signature", "return_type", "body"].map(|c| cell(&described, c)),
        ["(C VARCHAR)", "BOOLEAN", "c = 'DE'"]
    );
    sb.ok("alter row access policy by_country set body -> c IN ('DE', 'FR')");
    assert_eq!(
        cell(&sb.one("describe row access policy by_country"), "body"),
        "c IN ('DE', 'FR')"
    );

    sb.ok("create table t (id number, country varchar(2))");
    sb.ok("alter table t add row access policy by_country on (country)");
    // One at a time; the columns match the signature.
    assert_error(
        &sb.err("alter table t add row access policy by_country on (country)"),
        "003531",
        "already attached",
    );
    assert_error(
        &sb.err("alter table t drop row access policy open"),
        "003532",
        "is not attached",
    );
    let references = sb.rows(
        "SELECT REF_ENTITY_NAME, REF_COLUMN_NAME, REF_ARG_COLUMN_NAMES FROM TABLE(INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => 'D.S.BY_COUNTRY'))",
    );
    assert_eq!(
        ["REF_ENTITY_NAME", "REF_ARG_COLUMN_NAMES"].map(|c| cell(&references[0], c)),
        ["T", "[\"COUNTRY\"]"]
    );
    assert_error(
        &sb.err("drop row access policy by_country"),
        "003528",
        "cannot be dropped/replaced",
    );
    assert_error(
        &sb.err(
            "create or replace row access policy by_country as (c varchar) returns boolean -> TRUE",
        ),
        "003528",
        "cannot be dropped/replaced",
    );
    // A swap in one statement; the new policy's columns in number and type.
    assert_error(
        &sb.err("alter table t drop row access policy by_country, add row access policy open on (country)"),
        "002264",
        "takes 2 argument(s)",
    );
    assert_error(
        &sb.err("alter table t drop row access policy by_country, add row access policy open on (id, country)"),
        "002263",
        "the types must match",
    );
    sb.ok("alter table t drop row access policy by_country, add row access policy open on (country, id)");
    // Its columns stay: renamed, the policy follows; dropped, refused.
    sb.ok("alter table t rename column country to land");
    assert_error(
        &sb.err("alter table t drop column land"),
        "003533",
        "cannot be dropped",
    );
    // A view takes one too, with ALTER VIEW's same clauses.
    sb.ok("create view v as select id, land from t");
    sb.ok("alter view v add row access policy by_country on (land)");
    let references = sb.rows(
        "SELECT REF_ENTITY_NAME, REF_ENTITY_DOMAIN FROM TABLE(INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => 'D.S.BY_COUNTRY'))",
    );
    assert_eq!(
        ["REF_ENTITY_NAME", "REF_ENTITY_DOMAIN"].map(|c| cell(&references[0], c)),
        ["V", "VIEW"]
    );
    assert_error(
        &sb.err("drop row access policy by_country"),
        "003528",
        "cannot be dropped/replaced",
    );
    sb.ok("alter view v drop row access policy by_country");
    sb.ok("drop row access policy by_country");
    sb.ok("alter table t drop all row access policies");
    sb.ok("drop row access policy open");
}

/// Queries of different table functions share one UNION ALL when each branch pads the
/// columns it lacks with `NULL AS name` (the reading's united batch sends them so): the
/// branches line up by position, and a padded column is NULL on the other's rows.
#[test]
fn different_functions_unite_with_null_padding() {
    let mut sb = Sandbox::with_schema();
    sb.ok(MASK);
    sb.ok("create tag pii allowed_values 'email'");
    sb.ok("create table t (id number, email varchar(200))");
    sb.ok("alter table t modify column email set masking policy mask");
    sb.ok("alter table t alter column email set tag pii = 'email'");
    let rows = sb.rows(
        "SELECT 0 AS LF_QUERY, REF_COLUMN_NAME, NULL AS TAG_VALUE FROM TABLE(INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => 'D.S.MASK')) \
         UNION ALL SELECT 1 AS LF_QUERY, NULL AS REF_COLUMN_NAME, TAG_VALUE FROM TABLE(INFORMATION_SCHEMA.TAG_REFERENCES_ALL_COLUMNS('D.S.T', 'TABLE'))",
    );
    let seen: Vec<[&str; 3]> = rows
        .iter()
        .map(|r| ["LF_QUERY", "REF_COLUMN_NAME", "TAG_VALUE"].map(|c| cell(r, c)))
        .collect();
    assert_eq!(seen, [["0", "EMAIL", "<NULL>"], ["1", "<NULL>", "email"]]);
    // Padded or not, the branches must be as wide as each other.
    assert_error(
        &sb.err("SELECT 0 AS LF_QUERY, NULL AS A FROM TABLE(INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => 'D.S.MASK')) UNION ALL SELECT 1 AS LF_QUERY FROM TABLE(INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => 'D.S.MASK'))"),
        "001789",
        "expected 2, got 1 in branch 2",
    );
}
