//! Tags on the kinds beyond tables, views, schemas and databases: `ALTER <kind> … SET TAG
//! / UNSET TAG` on dynamic tables, stages, streams, tasks, pipes, alerts, policies,
//! functions, procedures, warehouses, integrations and users (each kind's ALTER page), and
//! what TAG_REFERENCES answers in their domains
//! (https://docs.snowflake.com/en/sql-reference/functions/tag_references).

use super::{Sandbox, assert_error, cell};

/// The tags TAG_REFERENCES reports on `object` in `domain`, as `TAG=value@LEVEL`.
pub(super) fn tags(sb: &mut Sandbox, object: &str, domain: &str) -> Vec<String> {
    sb.rows(&format!(
        "select tag_name, tag_value, level, domain from table(d.information_schema.tag_references('{object}', '{domain}'))"
    ))
    .iter()
    .map(|r| {
        assert_eq!(cell(r, "DOMAIN"), domain.to_uppercase());
        format!(
            "{}={}@{}",
            cell(r, "TAG_NAME"),
            cell(r, "TAG_VALUE"),
            cell(r, "LEVEL")
        )
    })
    .collect()
}

#[test]
fn schema_objects_take_tags_and_inherit_the_schemas() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create tag cost_center");
    sb.ok("create tag env");
    sb.ok("alter schema d.s set tag env = 'prod'");
    sb.ok("create table t (id number, email varchar)");
    sb.ok("create stage st");
    sb.ok("create stream str on table t");
    sb.ok("create task tk warehouse = wh schedule = '5 minute' as select 1");
    sb.ok("create dynamic table dt target_lag = '1 hour' warehouse = wh as select id from t");
    sb.ok(
        "create alert al warehouse = wh schedule = '5 minute' if (exists (select 1)) then select 1",
    );
    for (kind, name, domain) in [
        ("stage", "st", "stage"),
        ("stream", "str", "stream"),
        ("task", "tk", "task"),
        ("alert", "al", "alert"),
        ("dynamic table", "dt", "table"),
    ] {
        sb.ok(&format!("alter {kind} {name} set tag cost_center = 'crm'"));
        assert_eq!(
            tags(&mut sb, &format!("d.s.{name}"), domain),
            [
                "COST_CENTER=crm@".to_string() + &domain.to_uppercase(),
                "ENV=prod@SCHEMA".into()
            ],
            "{kind}"
        );
        sb.ok(&format!(
            "alter {kind} if exists {name} unset tag cost_center"
        ));
        assert_eq!(
            tags(&mut sb, &format!("d.s.{name}"), domain),
            ["ENV=prod@SCHEMA"],
            "{kind}"
        );
    }
    // The object must exist in the domain named; the tag must exist.
    assert_error(
        &sb.err("select * from table(d.information_schema.tag_references('d.s.t', 'stage'))"),
        "002003",
        "does not exist",
    );
    assert_error(
        &sb.err("alter stage st set tag nope = 'x'"),
        "002003",
        "does not exist",
    );
}

#[test]
fn pipes_policies_and_routines_take_tags() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create tag owner_team");
    sb.ok("create table t (id number, email varchar)");
    sb.ok("create stage st");
    sb.ok("create pipe p as copy into t from @st");
    sb.ok("create masking policy m as (v varchar) returns varchar -> v");
    sb.ok("create row access policy r as (v varchar) returns boolean -> true");
    sb.ok("create function f(x number) returns number as 'x'");
    sb.ok("create procedure pr(x number) returns number language sql as 'begin return x; end'");
    for sql in [
        "alter pipe p set tag owner_team = 'ingest'",
        "alter masking policy m set tag owner_team = 'gov'",
        "alter row access policy r set tag owner_team = 'gov'",
        "alter function f(number) set tag owner_team = 'bi'",
        "alter procedure pr(number) set tag owner_team = 'bi'",
        "alter pipe p unset tag owner_team",
        "alter masking policy m unset tag owner_team",
    ] {
        sb.ok(sql);
    }
    // A routine is found by its signature.
    assert_error(
        &sb.err("alter function f(varchar) set tag owner_team = 'bi'"),
        "002003",
        "does not exist",
    );
    // Kinds whose ALTER has no tag clause refuse it as a syntax error.
    sb.ok("create sequence q");
    sb.ok("create file format ff type = csv");
    for sql in [
        "alter sequence q set tag owner_team = 'x'",
        "alter file format ff set tag owner_team = 'x'",
        "alter tag owner_team set tag owner_team = 'x'",
    ] {
        assert_eq!(sb.err(sql).code, "001003", "{sql}");
    }
}

#[test]
fn account_objects_take_tags_of_their_own_only() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create tag cost_center");
    sb.ok("alter database d set tag cost_center = 'db'");
    sb.ok("alter warehouse wh set tag cost_center = 'finance'");
    sb.ok("create user u");
    sb.ok("alter user u set tag cost_center = 'people'");
    sb.ok(
        "create storage integration si type = external_stage storage_provider = 'AZURE' \
         enabled = true azure_tenant_id = 't' storage_allowed_locations = ('azure://a.blob.core.windows.net/c/')",
    );
    sb.ok("alter storage integration si set tag cost_center = 'lake'");
    // No database or schema above them: only their own tags, under their own names.
    assert_eq!(
        tags(&mut sb, "wh", "warehouse"),
        ["COST_CENTER=finance@WAREHOUSE"]
    );
    assert_eq!(tags(&mut sb, "u", "user"), ["COST_CENTER=people@USER"]);
    assert_eq!(
        tags(&mut sb, "si", "integration"),
        ["COST_CENTER=lake@INTEGRATION"]
    );
    let row = sb.one("select object_database, object_name from table(d.information_schema.tag_references('wh', 'warehouse'))");
    assert_eq!(cell(&row, "OBJECT_NAME"), "WH");
    // A value outside the tag's allowed values is refused here as on a table.
    sb.ok("alter tag cost_center set allowed_values 'finance'");
    assert_error(
        &sb.err("alter warehouse wh set tag cost_center = 'marketing'"),
        "003542",
        "is not allowed for tag",
    );
    sb.ok("alter warehouse wh unset tag cost_center");
    assert!(tags(&mut sb, "wh", "warehouse").is_empty());
    // A replaced warehouse is a new object: the old one's tags are not its own.
    sb.ok("alter warehouse wh set tag cost_center = 'finance'");
    sb.ok("create or replace warehouse wh initially_suspended = true");
    assert!(tags(&mut sb, "wh", "warehouse").is_empty());
}

/// CREATE STREAM, TASK and DYNAMIC TABLE take `[ WITH ] TAG ( … )` inline
/// (https://docs.snowflake.com/en/sql-reference/sql/create-stream, …/create-task,
/// …/create-dynamic-table): set as ALTER's SET TAG would, and a CREATE naming an unknown
/// tag creates nothing.
#[test]
fn streams_tasks_and_dynamic_tables_take_tags_inline() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create tag cost_center");
    sb.ok("create table t (id number)");
    sb.ok("create stream str with tag (cost_center = 'crm') on table t");
    sb.ok(
        "create task tk with tag (cost_center = 'ops') warehouse = wh schedule = '5 minute' as select 1",
    );
    sb.ok(
        "create dynamic table dt target_lag = '1 hour' warehouse = wh tag (cost_center = 'bi') \
         as select id from t",
    );
    assert_eq!(
        tags(&mut sb, "d.s.str", "stream"),
        ["COST_CENTER=crm@STREAM"]
    );
    assert_eq!(tags(&mut sb, "d.s.tk", "task"), ["COST_CENTER=ops@TASK"]);
    assert_eq!(tags(&mut sb, "d.s.dt", "table"), ["COST_CENTER=bi@TABLE"]);
    assert_error(
        &sb.err("create stream str2 tag (nope = 'x') on table t"),
        "002003",
        "does not exist",
    );
    assert!(sb.rows("show streams like 'STR2'").is_empty());
}
