//! The governance clauses CREATE takes inline — `[ WITH ] TAG`, `[ WITH ] ROW ACCESS
//! POLICY`, a column's `[ WITH ] MASKING POLICY` and `[ WITH ] TAG` — through the engine:
//! each has the effect ALTER's SET TAG / ADD ROW ACCESS POLICY / SET MASKING POLICY has,
//! reported the same by TAG_REFERENCES, POLICY_REFERENCES and DESCRIBE, and a CREATE whose
//! clause fails creates nothing (https://docs.snowflake.com/en/sql-reference/sql/create-table,
//! https://docs.snowflake.com/en/sql-reference/sql/create-view).

use super::{Sandbox, assert_error, cell};

/// Tags and policies the tests set.
fn governed() -> Sandbox {
    let mut sb = Sandbox::with_schema();
    sb.ok("create tag pii allowed_values 'name', 'email'");
    sb.ok("create tag owner_team");
    sb.ok("create masking policy mask as (val varchar) returns varchar -> '***'");
    sb.ok("create masking policy cond as (val varchar, consent varchar) returns varchar -> val");
    sb.ok("create row access policy by_country as (c varchar) returns boolean -> c = 'DE'");
    sb
}

/// TAG_REFERENCES_ALL_COLUMNS of `table`, each row as `tag value level column`.
fn column_tags(sb: &mut Sandbox, table: &str) -> Vec<String> {
    sb.rows(&format!(
        "select * from table(d.information_schema.tag_references_all_columns('d.s.{table}', 'table'))"
    ))
    .iter()
    .map(|r| {
        ["TAG_NAME", "TAG_VALUE", "LEVEL", "COLUMN_NAME"]
            .map(|c| cell(r, c))
            .join(" ")
    })
    .collect()
}

/// POLICY_REFERENCES of `policy`, each row as `entity column args`.
fn policy_refs(sb: &mut Sandbox, policy: &str) -> Vec<String> {
    sb.rows(&format!(
        "select * from table(information_schema.policy_references(policy_name => 'd.s.{policy}'))"
    ))
    .iter()
    .map(|r| {
        ["REF_ENTITY_NAME", "REF_COLUMN_NAME", "REF_ARG_COLUMN_NAMES"]
            .map(|c| cell(r, c))
            .join(" ")
    })
    .collect()
}

fn tables(sb: &mut Sandbox) -> Vec<String> {
    sb.names("show tables in schema d.s")
}

#[test]
fn create_table_tags_are_alters_tags() {
    let mut sb = governed();
    sb.ok(
        "create table inline_t (id number, email varchar with tag (pii = 'email', owner_team = 'crm') comment 'e') \
         comment = 't' with tag (owner_team = 'data')",
    );
    // Without WITH, and the column's tag after its other clauses.
    sb.ok("create table bare_t (id number not null, email varchar tag (pii = 'email')) tag (owner_team = 'x')");
    sb.ok("create table altered_t (id number, email varchar comment 'e') comment = 't'");
    sb.ok("alter table altered_t modify column email set tag pii = 'email', owner_team = 'crm'");
    sb.ok("alter table altered_t set tag owner_team = 'data'");
    let inline = column_tags(&mut sb, "inline_t");
    assert_eq!(inline, column_tags(&mut sb, "altered_t"));
    assert_eq!(
        inline,
        [
            "OWNER_TEAM data TABLE ID",
            "OWNER_TEAM crm COLUMN EMAIL",
            "PII email COLUMN EMAIL"
        ]
    );
    assert_eq!(
        column_tags(&mut sb, "bare_t"),
        [
            "OWNER_TEAM x TABLE ID",
            "PII email COLUMN EMAIL",
            "OWNER_TEAM x TABLE EMAIL"
        ]
    );
    // The column keeps its comment and NOT NULL beside its tag.
    let described = sb.rows("describe table bare_t");
    assert_eq!(cell(&described[0], "null?"), "N");
}

#[test]
fn a_failing_tag_creates_nothing() {
    let mut sb = governed();
    let refused = [
        (
            "create table t (id number) with tag (nosuch = 'x')",
            "002003",
            "Tag 'D.S.NOSUCH' does not exist",
        ),
        (
            "create table t (id number, email varchar with tag (pii = 'phone'))",
            "003542",
            "Tag value 'phone' is not allowed",
        ),
        (
            "create view t with tag (pii = 'phone') as select 1 as a",
            "003542",
            "is not allowed",
        ),
        (
            "create table t (id number, email varchar with tag (d.s.missing = 'x'))",
            "002003",
            "does not exist",
        ),
    ];
    for (sql, code, message) in refused {
        assert_error(&sb.err(sql), code, message);
        assert!(tables(&mut sb).is_empty(), "{sql}");
        assert!(sb.rows("show views in schema d.s").is_empty(), "{sql}");
    }
    // Nothing was left behind for a later table of that name either.
    sb.ok("create table t (id number, email varchar)");
    assert!(column_tags(&mut sb, "t").is_empty());
}

#[test]
fn views_and_materialized_views_take_tags_and_row_access() {
    let mut sb = governed();
    sb.ok("create table src (id number, country varchar)");
    sb.ok(
        "create view v (id, country with tag (owner_team = 'geo')) with row access policy by_country on (country) \
         with tag (pii = 'name') comment = 'c' as select id, country from src",
    );
    assert_eq!(
        column_tags(&mut sb, "v"),
        [
            "PII name TABLE ID",
            "OWNER_TEAM geo COLUMN COUNTRY",
            "PII name TABLE COUNTRY"
        ]
    );
    assert_eq!(
        policy_refs(&mut sb, "by_country"),
        ["V <NULL> [\"COUNTRY\"]"]
    );
    // The view's policy is ALTER's: a second one is refused, dropping it works.
    assert_error(
        &sb.err("alter view v add row access policy by_country on (country)"),
        "003531",
        "already attached",
    );
    sb.ok("alter view v drop row access policy by_country");
    // A view column's masking policy, as ALTER VIEW … MODIFY COLUMN sets it.
    sb.ok("create view masked (id, country masking policy mask) as select id, country from src");
    assert_eq!(policy_refs(&mut sb, "mask"), ["MASKED COUNTRY <NULL>"]);
    assert_error(
        &sb.err("alter view masked modify column country set masking policy mask"),
        "003529",
        "already attached",
    );
    sb.ok("drop view masked");
    // A signature mismatch creates no view.
    assert_error(
        &sb.err("create view w row access policy by_country on (id) as select id from src"),
        "002263",
        "the types must match",
    );
    assert_eq!(sb.names("show views in schema d.s"), ["V"]);

    sb.ok("create materialized view mv comment = 'm' with tag (owner_team = 'bi') as select id from src");
    let row = sb.one(
        "select tag_name, tag_value, domain from table(d.information_schema.tag_references('d.s.mv', 'table'))",
    );
    assert_eq!(
        ["TAG_NAME", "TAG_VALUE"].map(|c| cell(&row, c)),
        ["OWNER_TEAM", "bi"]
    );
    assert_error(
        &sb.err("create materialized view mv2 with tag (nosuch = 'x') as select id from src"),
        "002003",
        "does not exist",
    );
    assert_eq!(sb.names("show materialized views in schema d.s"), ["MV"]);
}

#[test]
fn create_table_row_access_policy_is_alters() {
    let mut sb = governed();
    sb.ok("create table t (id number, country varchar) with row access policy by_country on (country)");
    sb.ok("create table u (id number, country varchar) row access policy by_country on (country) tag (owner_team = 'x')");
    assert_eq!(
        policy_refs(&mut sb, "by_country"),
        ["T <NULL> [\"COUNTRY\"]", "U <NULL> [\"COUNTRY\"]"]
    );
    assert_error(
        &sb.err("alter table t add row access policy by_country on (country)"),
        "003531",
        "already attached",
    );
    // The policy is in use, as after ALTER … ADD.
    assert_error(
        &sb.err("drop row access policy by_country"),
        "003528",
        "cannot be dropped/replaced",
    );
    let refused = [
        (
            "create table w (id number, country varchar) row access policy by_country on (id)",
            "002263",
            "the types must match",
        ),
        (
            "create table w (id number) row access policy nosuch on (id)",
            "002003",
            "does not exist",
        ),
        (
            "create table w (id number) row access policy by_country on (missing)",
            "000904",
            "MISSING",
        ),
        (
            "create table w (c varchar) row access policy by_country on (c) row access policy by_country on (c)",
            "003531",
            "already attached",
        ),
    ];
    for (sql, code, message) in refused {
        assert_error(&sb.err(sql), code, message);
        assert_eq!(tables(&mut sb), ["T", "U"], "{sql}");
    }
}

#[test]
fn column_masking_policies_are_alters() {
    let mut sb = governed();
    sb.ok(
        "create table t (id number, email varchar with masking policy mask, \
         other varchar masking policy cond using (other, email) not null)",
    );
    assert_eq!(policy_refs(&mut sb, "mask"), ["T EMAIL <NULL>"]);
    assert_eq!(policy_refs(&mut sb, "cond"), ["T OTHER <NULL>"]);
    // DESCRIBE answers exactly what it answers after ALTER … SET MASKING POLICY.
    sb.ok("create table a (id number, email varchar, other varchar not null)");
    sb.ok("alter table a modify column email set masking policy mask");
    sb.ok("alter table a modify column other set masking policy cond using (other, email)");
    assert_eq!(sb.rows("describe table t"), sb.rows("describe table a"));
    assert_eq!(
        policy_refs(&mut sb, "mask"),
        ["A EMAIL <NULL>", "T EMAIL <NULL>"]
    );
    sb.ok("drop table a");
    let described = sb.rows("describe table t");
    assert_eq!(cell(&described[1], "policy name"), "D.S.MASK");
    assert_eq!(cell(&described[2], "null?"), "N");
    assert_error(
        &sb.err("alter table t modify column email set masking policy mask"),
        "003529",
        "already attached",
    );
    let refused = [
        (
            "create table w (id number with masking policy mask)",
            "002263",
            "the types must match",
        ),
        (
            "create table w (e varchar with masking policy nosuch)",
            "002003",
            "does not exist",
        ),
        (
            "create table w (e varchar, c varchar masking policy cond using (e, c))",
            "002264",
            "must be the column C",
        ),
        (
            "create table w (e varchar masking policy mask with tag (pii = 'phone'))",
            "003542",
            "is not allowed",
        ),
    ];
    for (sql, code, message) in refused {
        assert_error(&sb.err(sql), code, message);
        assert_eq!(tables(&mut sb), ["T"], "{sql}");
    }
}

#[test]
fn schemas_and_databases_take_tags_inherited_below() {
    let mut sb = governed();
    sb.ok("create schema s2 with managed access comment = 'c' with tag (owner_team = 'crm')");
    sb.ok("create schema d.s3 data_retention_time_in_days = 1");
    sb.ok("alter schema d.s3 set tag d.s.owner_team = 'crm'");
    let refs = |sb: &mut Sandbox, object: &str, domain: &str| -> Vec<String> {
        sb.rows(&format!(
            "select * from table(d.information_schema.tag_references('{object}', '{domain}'))"
        ))
        .iter()
        .map(|r| {
            ["TAG_NAME", "TAG_VALUE", "LEVEL", "OBJECT_NAME", "DOMAIN"]
                .map(|c| cell(r, c))
                .join(" ")
        })
        .collect()
    };
    assert_eq!(
        refs(&mut sb, "d.s2", "schema"),
        ["OWNER_TEAM crm SCHEMA S2 SCHEMA"]
    );
    assert_eq!(
        refs(&mut sb, "d.s3", "schema"),
        ["OWNER_TEAM crm SCHEMA S3 SCHEMA"]
    );
    assert_eq!(
        cell(&sb.one("show schemas like 'S2' in database d"), "options"),
        "MANAGED ACCESS"
    );
    // The database's own tags, read at its level and inherited by its tables.
    sb.ok("create database e data_retention_time_in_days = 1 tag (d.s.pii = 'name')");
    sb.ok("create table e.public.t (id number)");
    assert_eq!(
        refs(&mut sb, "e", "database"),
        ["PII name DATABASE E DATABASE"]
    );
    assert_eq!(
        refs(&mut sb, "e.public.t", "table"),
        ["PII name DATABASE T TABLE"]
    );
    // A failing tag creates neither.
    assert_error(
        &sb.err("create schema d.s4 with tag (d.s.pii = 'phone')"),
        "003542",
        "is not allowed",
    );
    assert_error(
        &sb.err("create database f with tag (d.s.nosuch = 'x')"),
        "002003",
        "does not exist",
    );
    assert!(sb.rows("show schemas like 'S4' in database d").is_empty());
    assert!(sb.rows("show databases like 'F'").is_empty());
}

#[test]
fn added_columns_take_masking_policies_and_tags() {
    let mut sb = governed();
    sb.ok("create table t (id number)");
    sb.ok(
        "alter table t add column email varchar with masking policy mask with tag (pii = 'email')",
    );
    sb.ok("alter table t add column if not exists email varchar with tag (pii = 'name')");
    assert_eq!(policy_refs(&mut sb, "mask"), ["T EMAIL <NULL>"]);
    assert_eq!(column_tags(&mut sb, "t"), ["PII email COLUMN EMAIL"]);
    // A failing clause adds no column.
    let refused = [
        (
            "alter table t add column n number masking policy mask",
            "002263",
            "the types must match",
        ),
        (
            "alter table t add column n varchar tag (pii = 'phone')",
            "003542",
            "is not allowed",
        ),
        (
            "alter table t add column n varchar tag (nosuch = 'x')",
            "002003",
            "does not exist",
        ),
    ];
    for (sql, code, message) in refused {
        assert_error(&sb.err(sql), code, message);
        assert_eq!(sb.rows("describe table t").len(), 2, "{sql}");
    }
}

#[test]
fn like_clone_and_the_materialized_view_order_take_tags() {
    let mut sb = governed();
    sb.ok("create table src (id number, email varchar with tag (pii = 'email'))");
    sb.ok("create table liked like src with tag (owner_team = 'a')");
    sb.ok("create table cloned clone src copy grants tag (owner_team = 'b')");
    assert_eq!(
        column_tags(&mut sb, "liked"),
        ["OWNER_TEAM a TABLE ID", "OWNER_TEAM a TABLE EMAIL"]
    );
    // A clone keeps the source's column tags besides its own inline ones
    // (https://docs.snowflake.com/en/user-guide/object-tagging/interaction, "Cloning").
    assert_eq!(
        column_tags(&mut sb, "cloned"),
        [
            "OWNER_TEAM b TABLE ID",
            "PII email COLUMN EMAIL",
            "OWNER_TEAM b TABLE EMAIL"
        ]
    );
    assert_error(
        &sb.err("create table liked2 like src with tag (pii = 'phone')"),
        "003542",
        "is not allowed",
    );
    // CREATE MATERIALIZED VIEW's documented order: COPY GRANTS, the column list, COMMENT,
    // TAG, then AS (https://docs.snowflake.com/en/sql-reference/sql/create-materialized-view).
    sb.ok(
        "create or replace materialized view mv copy grants (id, email) comment = 'm' \
         tag (owner_team = 'bi') as select id, email from src",
    );
    assert_eq!(
        column_tags(&mut sb, "mv"),
        ["OWNER_TEAM bi TABLE ID", "OWNER_TEAM bi TABLE EMAIL"]
    );
    assert_eq!(
        cell(&sb.one("show materialized views like 'MV'"), "comment"),
        "m"
    );
}

#[test]
fn databases_and_materialized_views_take_alters_tags_too() {
    let mut sb = governed();
    sb.ok("create table src (id number)");
    sb.ok("create materialized view mv as select id from src");
    sb.ok("alter materialized view mv set tag owner_team = 'bi'");
    sb.ok("create materialized view mv2 tag (owner_team = 'bi') as select id from src");
    assert_eq!(column_tags(&mut sb, "mv"), column_tags(&mut sb, "mv2"));
    sb.ok("alter materialized view mv unset tag owner_team");
    assert!(column_tags(&mut sb, "mv").is_empty());
    sb.ok("create database e");
    sb.ok("alter database e set tag d.s.pii = 'name'");
    sb.ok("create database f with tag (d.s.pii = 'name')");
    let refs = |sb: &mut Sandbox, database: &str| -> Vec<String> {
        sb.rows(&format!(
            "select * from table(d.information_schema.tag_references('{database}', 'database'))"
        ))
        .iter()
        .map(|r| {
            ["TAG_NAME", "TAG_VALUE", "LEVEL", "DOMAIN"]
                .map(|c| cell(r, c))
                .join(" ")
        })
        .collect()
    };
    assert_eq!(refs(&mut sb, "e"), ["PII name DATABASE DATABASE"]);
    assert_eq!(refs(&mut sb, "e"), refs(&mut sb, "f"));
    assert_error(
        &sb.err("alter database e set tag d.s.pii = 'phone'"),
        "003542",
        "is not allowed",
    );
}

#[test]
fn create_or_alter_applies_inline_clauses_only_when_it_creates() {
    let mut sb = governed();
    sb.ok("create or alter table t (id number, email varchar with tag (pii = 'email'))");
    assert_eq!(column_tags(&mut sb, "t"), ["PII email COLUMN EMAIL"]);
    // Existing: refused as not emulated rather than ignored; the table is unchanged.
    for sql in [
        "create or alter table t (id number, email varchar with tag (pii = 'name'))",
        "create or alter table t (id number, email varchar) with tag (owner_team = 'x')",
        "create or alter schema d.s with tag (owner_team = 'x')",
        "create or alter database d tag (d.s.owner_team = 'x')",
    ] {
        assert_error(&sb.err(sql), "002043", "inline tags or policies");
    }
    assert_eq!(column_tags(&mut sb, "t"), ["PII email COLUMN EMAIL"]);
}
