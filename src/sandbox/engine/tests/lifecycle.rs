//! Create → SHOW → ALTER → SHOW → DROP for every kind.

use super::{Sandbox, assert_error, cell};

#[test]
fn database_lifecycle() {
    let mut sb = Sandbox::new();
    assert_eq!(
        sb.status("create transient database raw comment = 'landing'"),
        "Database RAW successfully created."
    );
    let row = sb.one("show databases like 'raw'");
    assert_eq!(cell(&row, "options"), "TRANSIENT");
    assert_eq!(cell(&row, "comment"), "landing");
    assert_eq!(cell(&row, "owner"), "SYSADMIN");
    assert_eq!(
        cell(&row, "is_current"),
        "Y",
        "CREATE DATABASE makes it current"
    );
    sb.ok("alter database raw set data_retention_time_in_days = 0 comment = 'c2'");
    let row = sb.one("show databases like 'RAW'");
    assert_eq!(
        (cell(&row, "retention_time"), cell(&row, "comment")),
        ("0", "c2")
    );
    sb.ok("alter database raw unset comment");
    assert_eq!(cell(&sb.one("show databases"), "comment"), "");
    sb.ok("alter database raw rename to landing");
    assert_eq!(sb.names("show databases"), ["LANDING"]);
    assert_eq!(
        sb.status("drop database landing"),
        "LANDING successfully dropped."
    );
    assert!(sb.names("show databases").is_empty());
    assert_eq!(
        sb.status("drop database if exists landing"),
        "Drop statement executed successfully (LANDING already dropped)."
    );
}

#[test]
fn schema_lifecycle() {
    let mut sb = Sandbox::new();
    sb.ok("create database d");
    sb.ok("use database d");
    assert_eq!(sb.names("show schemas"), ["INFORMATION_SCHEMA", "PUBLIC"]);
    assert_eq!(
        sb.status("create schema s with managed access comment = 'x'"),
        "Schema S successfully created."
    );
    let row = sb.one("show schemas like 'S'");
    assert_eq!(cell(&row, "options"), "MANAGED ACCESS");
    assert_eq!(cell(&row, "database_name"), "D");
    sb.ok("alter schema s disable managed access");
    sb.ok("alter schema s set data_retention_time_in_days = 5");
    let row = sb.one("show schemas like 'S'");
    assert_eq!(
        (cell(&row, "options"), cell(&row, "retention_time")),
        ("", "5")
    );
    let contents = sb.rows("describe database d");
    let kinds: Vec<(&str, &str)> = contents
        .iter()
        .map(|r| (cell(r, "name"), cell(r, "kind")))
        .collect();
    assert_eq!(
        kinds,
        [
            ("INFORMATION_SCHEMA", "SCHEMA"),
            ("PUBLIC", "SCHEMA"),
            ("S", "SCHEMA")
        ]
    );
    sb.ok("create table d.s.t (a int)");
    sb.ok("create task d.s.t schedule = '1 minute' as select 1");
    let contents = sb.rows("describe schema d.s");
    let kinds: Vec<&str> = contents.iter().map(|r| cell(r, "kind")).collect();
    assert_eq!(kinds, ["TABLE", "TASK"]);
    sb.ok("alter schema s rename to s2");
    assert_eq!(
        sb.names("show schemas in database d"),
        ["INFORMATION_SCHEMA", "PUBLIC", "S2"]
    );
    sb.ok("drop schema s2");
    assert_eq!(
        sb.names("show schemas in database d"),
        ["INFORMATION_SCHEMA", "PUBLIC"]
    );
}

#[test]
fn warehouse_lifecycle() {
    let mut sb = Sandbox::new();
    sb.ok("create warehouse wh with warehouse_size = xsmall auto_suspend = 60 auto_resume = false initially_suspended = true");
    let row = sb.one("show warehouses");
    assert_eq!(cell(&row, "size"), "X-Small");
    assert_eq!(cell(&row, "state"), "SUSPENDED");
    assert_eq!(cell(&row, "auto_suspend"), "60");
    assert_eq!(cell(&row, "auto_resume"), "false");
    sb.ok("alter warehouse wh set warehouse_size = 'X2LARGE' auto_suspend = null");
    sb.ok("alter warehouse wh resume");
    let row = sb.one("show warehouses like 'wh'");
    assert_eq!(cell(&row, "size"), "2X-Large");
    assert_eq!(cell(&row, "auto_suspend"), "<NULL>");
    assert_eq!(cell(&row, "state"), "STARTED");
    sb.ok("alter warehouse wh set warehouse_size = small wait_for_completion = true");
    assert_eq!(cell(&sb.one("describe warehouse wh"), "kind"), "WAREHOUSE");
    sb.ok("alter warehouse wh suspend");
    assert_error(
        &sb.err("alter warehouse wh suspend"),
        "090064",
        "cannot be suspended",
    );
    assert_error(
        &sb.err("alter warehouse wh set warehouse_size = 'HUGE'"),
        "002029",
        "WAREHOUSE_SIZE",
    );
    sb.ok("drop warehouse wh");
    assert!(sb.names("show warehouses").is_empty());
}

/// Every kind outside schemas goes through one ALTER path: a statement that fails part
/// way leaves the object as it was (engine/ddl: "a failed statement leaves the catalog as
/// it was"), RENAME TO refuses a taken name, IF EXISTS silences only a missing object, and
/// SHOW's LIKE / LIMIT … FROM apply as for every kind.
#[test]
fn account_level_alters_apply_whole_or_not_at_all() {
    let mut sb = Sandbox::new();
    sb.ok("create warehouse wh warehouse_size = xsmall");
    assert_error(
        &sb.err("alter warehouse wh set warehouse_size = small auto_suspend = -1"),
        "002029",
        "AUTO_SUSPEND",
    );
    assert_eq!(cell(&sb.one("show warehouses"), "size"), "X-Small");
    assert_eq!(
        sb.status("alter warehouse if exists nowhere suspend"),
        "Statement executed successfully."
    );
    assert_error(
        &sb.err("alter warehouse nowhere suspend"),
        "002003",
        "Warehouse 'NOWHERE' does not exist",
    );
    sb.ok("create user u1 email = 'a@b'");
    sb.ok("create user u2");
    assert_error(
        &sb.err("alter user u1 rename to u2"),
        "002002",
        "Object 'U2' already exists",
    );
    sb.ok("alter user u1 rename to u3");
    assert_eq!(sb.names("show users like 'u%'"), ["U2", "U3"]);
    assert_eq!(sb.names("show users limit 1 from 'U2'"), ["U3"]);
    assert_eq!(cell(&sb.one("show users like 'U3'"), "email"), "a@b");
}

#[test]
fn integration_lifecycle() {
    let mut sb = Sandbox::new();
    let status = sb.status(
        "create storage integration az type = external_stage storage_provider = 'AZURE' enabled = true \
         azure_tenant_id = 't-1' storage_allowed_locations = ('azure://acct.blob.core.windows.net/landing/')",
    );
    assert_eq!(status, "Integration AZ successfully created.");
    let row = sb.one("show integrations");
    assert_eq!(
        (
            cell(&row, "type"),
            cell(&row, "category"),
            cell(&row, "enabled")
        ),
        ("EXTERNAL_STAGE", "STORAGE", "true")
    );
    sb.ok("alter storage integration az set enabled = false comment = 'off'");
    let described = sb.rows("describe integration az");
    let value = |p: &str| {
        described
            .iter()
            .find(|r| cell(r, "property") == p)
            .map(|r| cell(r, "property_value").to_string())
            .unwrap()
    };
    assert_eq!(value("ENABLED"), "false");
    assert_eq!(
        value("STORAGE_ALLOWED_LOCATIONS"),
        "azure://acct.blob.core.windows.net/landing/"
    );
    assert!(value("AZURE_CONSENT_URL").starts_with("https://login.microsoftonline.com/t-1/"));
    assert!(!value("AZURE_MULTI_TENANT_APP_NAME").is_empty());
    sb.ok("drop integration az");
    assert!(sb.names("show storage integrations").is_empty());
}

#[test]
fn file_format_lifecycle() {
    let mut sb = Sandbox::with_schema();
    assert_eq!(
        sb.status("create file format ff type = csv skip_header = 1"),
        "File format FF successfully created."
    );
    let row = sb.one("show file formats");
    assert_eq!(cell(&row, "type"), "CSV");
    sb.ok("alter file format ff set skip_header = 2 comment = 'two'");
    let row = sb.one("show file formats in schema d.s");
    let options: serde_json::Value = serde_json::from_str(cell(&row, "format_options")).unwrap();
    assert_eq!(options["SKIP_HEADER"], 2);
    assert_eq!(cell(&row, "comment"), "two");
    sb.ok("alter file format ff unset skip_header");
    let described = sb.rows("desc file format ff");
    let skip = described
        .iter()
        .find(|r| cell(r, "property") == "SKIP_HEADER")
        .unwrap();
    assert_eq!(
        (cell(skip, "property_value"), cell(skip, "property_default")),
        ("0", "0")
    );
    sb.ok("alter file format ff rename to ff2");
    sb.ok("drop file format ff2");
    assert!(sb.rows("show file formats").is_empty());
}

#[test]
fn stage_lifecycle() {
    let mut sb = Sandbox::with_schema();
    sb.ok(
        "create storage integration az type = external_stage storage_provider = 'AZURE' enabled = true \
         azure_tenant_id = 't' storage_allowed_locations = ('azure://a.blob.core.windows.net/c/')",
    );
    sb.ok("create file format ff type = json");
    assert_eq!(
        sb.status("create stage internal_stage"),
        "Stage area INTERNAL_STAGE successfully created."
    );
    sb.ok("create stage ext url = 'azure://a.blob.core.windows.net/c/in/' storage_integration = az file_format = (format_name = 'ff')");
    let rows = sb.rows("show stages");
    assert_eq!(cell(&rows[0], "name"), "EXT");
    assert_eq!(cell(&rows[0], "type"), "EXTERNAL");
    assert_eq!(cell(&rows[0], "storage_integration"), "AZ");
    assert_eq!(cell(&rows[1], "type"), "INTERNAL");
    assert_eq!(cell(&rows[1], "url"), "");
    sb.ok("alter stage ext set url = 'azure://a.blob.core.windows.net/c/other/' file_format = (type = csv skip_header = 1)");
    let described = sb.rows("describe stage ext");
    let find = |p: &str| {
        described
            .iter()
            .find(|r| cell(r, "property") == p)
            .unwrap()
            .clone()
    };
    assert_eq!(
        cell(&find("URL"), "property_value"),
        "[\"azure://a.blob.core.windows.net/c/other/\"]"
    );
    assert_eq!(cell(&find("SKIP_HEADER"), "property_value"), "1");
    sb.ok("drop stage ext");
    sb.ok("drop stage internal_stage");
    assert!(sb.rows("show stages").is_empty());
}

#[test]
fn table_lifecycle() {
    let mut sb = Sandbox::with_schema();
    assert_eq!(
        sb.status("create table t (id int not null, name string default 'n/a' comment 'who', amount number(10,2)) cluster by (id) comment = 'facts'"),
        "Table T successfully created."
    );
    let row = sb.one("show tables");
    assert_eq!(cell(&row, "kind"), "TABLE");
    assert_eq!(cell(&row, "cluster_by"), "LINEAR(id)");
    assert_eq!(cell(&row, "change_tracking"), "OFF");
    assert_eq!(cell(&row, "retention_time"), "1");
    assert_eq!(cell(&row, "comment"), "facts");
    sb.ok("alter table t add column created_at timestamp_ntz");
    sb.ok("alter table t rename column name to full_name");
    sb.ok("alter table t alter column amount set data type number(12,2), column full_name set not null");
    sb.ok("alter table t modify column full_name comment 'display name'");
    sb.ok("alter table t alter column full_name drop default");
    sb.ok("alter table t drop column created_at");
    sb.ok("alter table t set change_tracking = true");
    sb.ok("alter table t drop clustering key");
    let columns = sb.rows("describe table t");
    let described: Vec<(&str, &str, &str, &str)> = columns
        .iter()
        .map(|r| {
            (
                cell(r, "name"),
                cell(r, "type"),
                cell(r, "null?"),
                cell(r, "comment"),
            )
        })
        .collect();
    assert_eq!(
        described,
        [
            ("ID", "NUMBER(38,0)", "N", "<NULL>"),
            ("FULL_NAME", "VARCHAR(16777216)", "N", "display name"),
            ("AMOUNT", "NUMBER(12,2)", "Y", "<NULL>"),
        ]
    );
    assert_eq!(cell(&columns[1], "default"), "<NULL>");
    let row = sb.one("show tables like 't'");
    assert_eq!(
        (cell(&row, "change_tracking"), cell(&row, "cluster_by")),
        ("ON", "")
    );
    let cols = sb.rows("show columns in table t");
    assert_eq!(
        cell(&cols[0], "data_type"),
        "{\"type\":\"FIXED\",\"precision\":38,\"scale\":0,\"nullable\":false}"
    );
    sb.ok("create table t_backup clone t");
    sb.ok("create or replace transient table t_copy as select * from t");
    let copy = sb.one("show tables like 'T_COPY'");
    assert_eq!(cell(&copy, "kind"), "TRANSIENT");
    assert_eq!(sb.rows("describe table t_copy").len(), 3);
    sb.ok("alter table t swap with t_copy");
    assert_eq!(cell(&sb.one("show tables like 'T'"), "kind"), "TRANSIENT");
    sb.ok("alter table t rename to t_old");
    assert_eq!(sb.names("show tables"), ["T_BACKUP", "T_COPY", "T_OLD"]);
    sb.ok("drop table t_old");
    assert_eq!(sb.names("show tables"), ["T_BACKUP", "T_COPY"]);
}

#[test]
fn stream_lifecycle() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (a int)");
    assert_eq!(
        sb.status("create stream st on table t"),
        "Stream ST successfully created."
    );
    let row = sb.one("show streams");
    assert_eq!(cell(&row, "mode"), "DEFAULT");
    assert_eq!(cell(&row, "table_name"), "D.S.T");
    assert_eq!(cell(&row, "source_type"), "Table");
    sb.ok("alter stream st set comment = 'changes'");
    assert_eq!(cell(&sb.one("describe stream st"), "comment"), "changes");
    sb.ok("alter stream st unset comment");
    sb.ok("alter stream st rename to st2");
    assert_error(
        &sb.err("alter stream st2 set append_only = true"),
        "001008",
        "APPEND_ONLY",
    );
    sb.ok("drop stream st2");
    assert!(sb.rows("show streams").is_empty());
}

#[test]
fn procedure_lifecycle_with_overloads() {
    let mut sb = Sandbox::with_schema();
    let created = sb.status(
        "create procedure p(x int) returns string language sql as $$ begin return 'a'; end $$",
    );
    assert_eq!(created, "Function P successfully created.");
    sb.ok("create procedure p(x string) returns int language sql as 'begin return 1; end'");
    let rows = sb.rows("show procedures");
    let arguments: Vec<&str> = rows.iter().map(|r| cell(r, "arguments")).collect();
    assert_eq!(
        arguments,
        ["P(NUMBER) RETURN VARCHAR", "P(VARCHAR) RETURN NUMBER"]
    );
    assert_error(
        &sb.err("create procedure p(y number) returns string language sql as 'x'"),
        "002002",
        "P(NUMBER)",
    );
    sb.ok("alter procedure p(varchar) set comment = 'text version'");
    sb.ok("alter procedure p(varchar) execute as caller");
    let described = sb.rows("describe procedure p(varchar)");
    assert_eq!(cell(&described[0], "value"), "(X VARCHAR)");
    assert_eq!(cell(&described[1], "value"), "NUMBER(38,0)");
    assert_eq!(cell(&described[6], "value"), "CALLER");
    sb.ok("drop procedure p(int)");
    assert_error(
        &sb.err("drop procedure p(int)"),
        "002003",
        "Procedure 'D.S.P(NUMBER)' does not exist",
    );
    assert_eq!(sb.rows("show user procedures").len(), 1);
    sb.ok("drop procedure p(string)");
    assert!(sb.rows("show procedures").is_empty());
}

/// The statements every overloaded kind shares, on one procedure overload: RENAME TO,
/// `COMMENT ON`, UNSET, IF EXISTS, DESCRIBE SCHEMA's rows and a schema's clone.
#[test]
fn procedure_overloads_are_renamed_commented_and_cloned_by_signature() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create procedure p(x int) returns int language sql as 'begin return 1; end'");
    sb.ok("create procedure p(x string) returns int language sql as 'begin return 1; end'");
    sb.ok("create procedure q(x int) returns int language sql as 'begin return 1; end'");
    assert_error(
        &sb.err("alter procedure q(int) rename to p"),
        "002002",
        "P(NUMBER)",
    );
    sb.ok("alter procedure p(int) rename to r");
    sb.ok("comment on procedure r(number) is 'renamed'");
    let described = sb.one("show procedures like 'R'");
    assert_eq!(cell(&described, "description"), "renamed");
    sb.ok("alter procedure r(int) unset comment");
    let described = sb.one("show procedures like 'R'");
    assert_eq!(cell(&described, "description"), "user-defined procedure");
    assert_error(
        &sb.err("alter procedure r(int) unset secure"),
        "001008",
        "SECURE",
    );
    assert_error(
        &sb.err("alter procedure r(int) set secure = true"),
        "001008",
        "SECURE",
    );
    assert_error(
        &sb.err("alter procedure r(string) set comment = 'x'"),
        "002003",
        "Procedure 'D.S.R(VARCHAR)' does not exist",
    );
    sb.ok("alter procedure if exists r(string) set comment = 'x'");
    sb.ok("drop procedure if exists r(string)");
    assert_error(
        &sb.err("create procedure z() returns int language cobol as 'x'"),
        "002029",
        "COBOL",
    );
    let listed: Vec<String> = sb
        .rows("describe schema d.s")
        .iter()
        .map(|r| format!("{} {}", cell(r, "name"), cell(r, "kind")))
        .collect();
    assert_eq!(listed, ["P PROCEDURE", "Q PROCEDURE", "R PROCEDURE"]);
    sb.ok("create schema c clone d.s");
    assert_eq!(sb.rows("show procedures in schema d.c").len(), 3);
    assert_eq!(
        sb.status("create procedure if not exists d.c.q(x number) returns int language sql as 'x'"),
        "Q already exists, statement succeeded."
    );
}

#[test]
fn view_lifecycle() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (id int, name string)");
    let sql = "create secure view v (ident, label) copy grants comment = 'v' as\n  select id, name from t -- all";
    assert_eq!(sb.status(sql), "View V successfully created.");
    let row = sb.one("show views");
    assert_eq!(cell(&row, "text"), sql);
    assert_eq!(cell(&row, "is_secure"), "true");
    assert_eq!(cell(&row, "comment"), "v");
    let described = sb.rows("describe view v");
    assert_eq!(cell(&described[0], "name"), "IDENT");
    assert_eq!(cell(&described[1], "type"), "VARCHAR(16777216)");
    sb.ok("alter view v set comment = 'w'");
    sb.ok("alter view v unset secure");
    sb.ok("alter view v rename to v2");
    let row = sb.one("show views like 'V2'");
    assert_eq!(
        (cell(&row, "comment"), cell(&row, "is_secure")),
        ("w", "false")
    );
    sb.ok("create stream st on table t");
    sb.ok("create view over_stream as select * from st");
    assert_eq!(sb.rows("describe view over_stream").len(), 2);
    sb.ok("drop view v2");
    assert_eq!(sb.names("show views"), ["OVER_STREAM"]);
}

#[test]
fn task_lifecycle() {
    let mut sb = Sandbox::with_schema();
    assert_eq!(
        sb.status("create task t warehouse = wh schedule = '5 minute' as insert into x select 1"),
        "Task T successfully created."
    );
    let row = sb.one("show tasks");
    assert_eq!(cell(&row, "state"), "suspended");
    assert_eq!(cell(&row, "schedule"), "5 minute");
    sb.ok("alter task t set schedule = 'USING CRON */5 * * * * UTC' comment = 'c'");
    sb.ok("alter task t modify as select 2");
    sb.ok("alter task t modify when system$stream_has_data('S')");
    let row = sb.one("describe task t");
    assert_eq!(cell(&row, "definition"), "select 2");
    assert_eq!(cell(&row, "condition"), "system$stream_has_data('S')");
    sb.ok("alter task t remove when");
    sb.ok("alter task t unset warehouse");
    let row = sb.one("show tasks");
    assert_eq!(
        (cell(&row, "condition"), cell(&row, "warehouse")),
        ("<NULL>", "<NULL>")
    );
    sb.ok("alter task t resume");
    assert_eq!(cell(&sb.one("show tasks"), "state"), "started");
    sb.ok("alter task t suspend");
    sb.ok("drop task t");
    assert!(sb.rows("show tasks").is_empty());
}

#[test]
fn user_keys_are_registered() {
    let mut sb = Sandbox::new();
    sb.session.user = Some("deployer".into());
    sb.ok("alter user deployer set rsa_public_key = 'MIIBIjANBgkqh\n  kiG9w0BAQ=='");
    assert_eq!(
        sb.engine.user_public_keys("DEPLOYER"),
        ["MIIBIjANBgkqhkiG9w0BAQ=="]
    );
    sb.ok("alter user deployer set rsa_public_key_2 = 'XYZ'");
    assert_eq!(sb.engine.user_public_keys("deployer").len(), 2);
    let row = sb.one("show users like 'DEPLOYER'");
    assert_eq!(cell(&row, "has_rsa_public_key"), "true");
    sb.ok("alter user deployer unset rsa_public_key");
    assert_eq!(sb.engine.user_public_keys("deployer"), ["XYZ"]);
    assert_error(
        &sb.err("alter user nobody set rsa_public_key = 'x'"),
        "002003",
        "User 'NOBODY' does not exist",
    );
    sb.ok("create user svc type = service");
    sb.ok("drop user svc");
}

#[test]
fn the_session_user_may_be_created_or_altered_first() {
    let mut sb = Sandbox::new();
    sb.session.user = Some("alice".into());
    sb.ok("create user alice");
    sb.ok("alter user alice set rsa_public_key = 'QUJD'");
    assert_eq!(sb.engine.user_public_keys("ALICE"), ["QUJD"]);
    let constant = sb.ok("select 7, null");
    assert!(!constant.columns[0].nullable, "a literal is not nullable");
    assert!(constant.columns[1].nullable);
}

#[test]
fn schema_and_database_clones_copy_their_contents() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table d.s.t (a int) comment = 'kept'");
    sb.ok("create stream d.s.st on table d.s.t");
    sb.ok("create file format d.s.ff type = csv");
    sb.ok("create stage d.s.internal");
    sb.ok("create view d.s.v as select a from d.s.t");
    sb.ok("create task d.s.root warehouse = wh schedule = '5 MINUTE' as select 1");
    sb.ok("create task d.s.child warehouse = wh after d.s.root as select 2");
    sb.ok("alter task d.s.child resume");
    sb.ok("alter task d.s.root resume");

    assert_eq!(
        sb.status("create schema d.s_copy clone d.s"),
        "Schema S_COPY successfully created."
    );
    assert_eq!(sb.names("show tables in schema d.s_copy"), ["T"]);
    assert_eq!(
        cell(&sb.one("show tables in schema d.s_copy"), "comment"),
        "kept"
    );
    assert_eq!(sb.names("show views in schema d.s_copy"), ["V"]);
    assert_eq!(sb.names("show file formats in schema d.s_copy"), ["FF"]);
    // Internal stages are not cloned without INCLUDE INTERNAL STAGES.
    assert!(sb.names("show stages in schema d.s_copy").is_empty());
    // The cloned stream is on the cloned table, and not stale.
    let stream = sb.one("show streams in schema d.s_copy");
    assert_eq!(cell(&stream, "table_name"), "D.S_COPY.T");
    assert_eq!(cell(&stream, "stale"), "false");
    // Cloned tasks are suspended and follow the cloned root.
    for task in sb.rows("show tasks in schema d.s_copy") {
        assert_eq!(cell(&task, "state"), "suspended");
    }
    let child = sb.one("show tasks like 'CHILD' in schema d.s_copy");
    assert!(cell(&child, "predecessors").contains("S_COPY"), "{child:?}");
    // The source is untouched; the clone is a new object of its own.
    sb.ok("drop table d.s_copy.t");
    assert_eq!(sb.names("show tables in schema d.s"), ["T"]);
    assert_error(
        &sb.err("create schema d.s_copy clone d.s"),
        "002002",
        "already exists",
    );
    sb.ok("create or replace transient schema d.s_copy clone d.s");
    assert_eq!(
        cell(
            &sb.one("show schemas like 'S_COPY' in database d"),
            "options"
        ),
        "TRANSIENT"
    );
    assert_error(
        &sb.err("create schema d.x clone d.nope"),
        "002003",
        "does not exist",
    );
    assert!(
        sb.run("create schema d.y clone d.s at (offset => -60)")
            .is_err()
    );

    sb.ok("create transient database d_copy clone d");
    assert_eq!(sb.names("show tables in schema d_copy.s"), ["T"]);
    assert_eq!(sb.names("show tables in schema d_copy.s_copy"), ["T"]);
    let stream = sb.one("show streams in schema d_copy.s");
    assert_eq!(cell(&stream, "table_name"), "D_COPY.S.T");
    assert_eq!(cell(&stream, "stale"), "false");
    assert_eq!(sb.names("show tables in schema d.s"), ["T"]);
}

#[test]
fn every_schema_level_show_answers_a_cell_per_column() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (id int)");
    sb.ok("create view v as select * from t");
    sb.ok("create stage internal_stage");
    sb.ok("create file format ff type = csv");
    sb.ok("create stream st on table t");
    sb.ok("create task tk warehouse = wh schedule = '1 minute' as select 1");
    sb.ok("create procedure p(x int) returns string language sql as 'begin return 1; end'");
    for sql in [
        "show tables",
        "show terse tables",
        "show views",
        "show terse views",
        "show stages",
        "show file formats",
        "show streams",
        "show terse streams",
        "show tasks",
        "show terse tasks",
        "show procedures",
        "describe stream st",
        "describe task tk",
    ] {
        let result = sb.ok(sql);
        assert_eq!(result.rows.len(), 1, "{sql}: {result:?}");
        for row in &result.rows {
            assert_eq!(row.len(), result.columns.len(), "{sql}: {result:?}");
        }
    }
}
