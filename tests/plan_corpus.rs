//! The plan corpus: desired/live pairs where the live side is made by hand-written SQL
//! (or lake operations) on the sandbox, the way people write it, and the desired side is a
//! schema file. Cosmetic differences must plan nothing; each meaningful difference must
//! plan exactly one change, with the right action and risk tier. Every case runs even when
//! one fails, and a failure prints the case's name and its text plan.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

mod plan_support;

use std::sync::Arc;
use std::time::Instant;

use lakeform::kinds::container::Container;
use lakeform::plan::render::palette::Palette;
use lakeform::plan::{Action, Plan, Tier};
use plan_support::{Project, ProjectSpec};

/// The database and schema every case lives in, declared and created before the case's own
/// objects.
const BASE_DESIRED: &str = r#"
[defaults]
database = "CORPUS"
schema = "S"

[[database]]
name = "CORPUS"

[[schema]]
name = "S"
"#;
const BASE_LIVE: &str = "CREATE DATABASE CORPUS; CREATE SCHEMA CORPUS.S;";

/// A warehouse for the cases with tasks.
const WH_DESIRED: &str = r#"
[[warehouse]]
name = "WH"
size = "XSMALL"
auto_suspend = 60
"#;
const WH_LIVE: &str = "CREATE WAREHOUSE WH WAREHOUSE_SIZE = XSMALL AUTO_SUSPEND = 60;";

/// A root task for the cases with a task graph.
const ROOT_DESIRED: &str = r#"
[[task]]
name = "ROOT"
warehouse = "WH"
schedule = "5 MINUTE"
sql = "SELECT 1"
"#;
const ROOT_LIVE: &str =
    "CREATE TASK CORPUS.S.ROOT WAREHOUSE = WH SCHEDULE = '5 MINUTE' AS SELECT 1;";

/// A second root, for a predecessor that moves.
const OTHER_ROOT_DESIRED: &str = r#"
[[task]]
name = "OTHER_ROOT"
warehouse = "WH"
schedule = "5 MINUTE"
sql = "SELECT 2"
"#;
const OTHER_ROOT_LIVE: &str =
    "CREATE TASK CORPUS.S.OTHER_ROOT WAREHOUSE = WH SCHEDULE = '5 MINUTE' AS SELECT 2;";

/// A storage integration for the stage cases.
const INTEGRATION_DESIRED: &str = r#"
[[storage_integration]]
name = "LANDING_INT"
azure_tenant_id = "00000000-0000-0000-0000-000000000000"
allowed_locations = ["azure://acct.blob.core.windows.net/landing/"]
"#;
const INTEGRATION_LIVE: &str = "CREATE STORAGE INTEGRATION LANDING_INT TYPE = EXTERNAL_STAGE \
     STORAGE_PROVIDER = 'AZURE' ENABLED = TRUE \
     AZURE_TENANT_ID = '00000000-0000-0000-0000-000000000000' \
     STORAGE_ALLOWED_LOCATIONS = ('azure://acct.blob.core.windows.net/landing/');";

/// A source table for the stream cases.
const SOURCE_DESIRED: &str = r#"
[[table]]
name = "SRC"
change_tracking = true
columns = [{ name = "ID", type = "NUMBER(38,0)" }]

[[table]]
name = "SRC2"
change_tracking = true
columns = [{ name = "ID", type = "NUMBER(38,0)" }]
"#;
const SOURCE_LIVE: &str = "CREATE TABLE CORPUS.S.SRC (ID NUMBER(38,0)) CHANGE_TRACKING = TRUE; \
     CREATE TABLE CORPUS.S.SRC2 (ID NUMBER(38,0)) CHANGE_TRACKING = TRUE;";

/// What a case must plan.
#[derive(Clone, Debug)]
enum Expect {
    Nothing,
    /// These changes, in plan order: what a replaced object drags along with it.
    Changes(Vec<(&'static str, Action, Tier)>),
    One {
        address: &'static str,
        action: Action,
        tier: Tier,
    },
}

fn one(address: &'static str, action: Action, tier: Tier) -> Expect {
    Expect::One {
        address,
        action,
        tier,
    }
}

struct Case {
    name: &'static str,
    /// Schema-file text after the base database and schema.
    desired: String,
    /// SQL run after the base database and schema are created.
    live: String,
    /// Live containers in the environment's lake: name and metadata.
    containers: Vec<(&'static str, Vec<(&'static str, &'static str)>)>,
    /// Extra keys of the environment file (`prune = true`).
    environment: &'static str,
    expect: Expect,
}

fn case(
    name: &'static str,
    desired: impl Into<String>,
    live: impl Into<String>,
    expect: Expect,
) -> Case {
    Case {
        name,
        desired: desired.into(),
        live: live.into(),
        containers: Vec::new(),
        environment: "",
        expect,
    }
}

fn cases() -> Vec<Case> {
    use Action::*;
    use Tier::*;
    let t = "table CORPUS.S.T";
    let v = "view CORPUS.S.V";
    let task_c = "task CORPUS.S.C";
    let two_columns = r#"
[[table]]
name = "T"
columns = [{ name = "ID", type = "NUMBER(38,0)" }, { name = "NAME", type = "VARCHAR" }]
"#;
    let column = |ty: &str| {
        format!("[[table]]\nname = \"T\"\ncolumns = [{{ name = \"C\", type = \"{ty}\" }}]\n")
    };
    let view = |query: &str| format!("[[view]]\nname = \"V\"\nquery = '''{query}'''\n");
    let child = |extra: &str| {
        format!(
            "{WH_DESIRED}{ROOT_DESIRED}{OTHER_ROOT_DESIRED}\n[[task]]\nname = \"C\"\nwarehouse = \"WH\"\nafter = [\"ROOT\"]\n{extra}\n"
        )
    };
    let child_live = |clause: &str| format!("{WH_LIVE}{ROOT_LIVE}{OTHER_ROOT_LIVE}{clause}");
    let procedure = |args: &str, body: &str| {
        format!(
            "[[procedure]]\nname = \"P\"\narguments = [{args}]\nreturns = \"VARCHAR\"\nlanguage = \"SQL\"\nbody = '''\n{body}\n'''\n"
        )
    };
    let file_format = |ty: &str, options: &str| {
        format!("[[file_format]]\nname = \"FF\"\ntype = \"{ty}\"\noptions = {{ {options} }}\n")
    };
    let stage = |url: &str, ff: &str| {
        format!(
            "{INTEGRATION_DESIRED}\n[[container]]\nname = \"landing\"\n\n[[file_format]]\nname = \"CSV_FF\"\ntype = \"CSV\"\n\n[[file_format]]\nname = \"JSON_FF\"\ntype = \"JSON\"\n\n[[stage]]\nname = \"STG\"\nurl = \"{url}\"\nstorage_integration = \"LANDING_INT\"\nfile_format = \"{ff}\"\n"
        )
    };
    let stage_live = |url: &str, ff: &str| {
        format!(
            "{INTEGRATION_LIVE} CREATE FILE FORMAT CORPUS.S.CSV_FF TYPE = CSV; CREATE FILE FORMAT CORPUS.S.JSON_FF TYPE = JSON; \
             CREATE STAGE CORPUS.S.STG URL = '{url}' STORAGE_INTEGRATION = LANDING_INT FILE_FORMAT = (FORMAT_NAME = '{ff}');"
        )
    };
    let stream = |on: &str, append_only: bool| {
        format!(
            "{SOURCE_DESIRED}\n[[stream]]\nname = \"ST\"\non_table = \"{on}\"\nappend_only = {append_only}\n"
        )
    };
    let warehouse = |size: &str, suspend: u32| {
        format!("[[warehouse]]\nname = \"WH\"\nsize = \"{size}\"\nauto_suspend = {suspend}\n")
    };
    let landing = "azure://acct.blob.core.windows.net/landing/";

    let mut cases = vec![
        // --- tables: cosmetic ------------------------------------------------------------
        case("table identical", two_columns, "CREATE TABLE CORPUS.S.T (ID NUMBER(38,0), NAME VARCHAR);", Expect::Nothing),
        case("INT is NUMBER(38,0)", column("NUMBER(38,0)"), "CREATE TABLE CORPUS.S.T (C INT);", Expect::Nothing),
        case("INTEGER is NUMBER", column("NUMBER"), "CREATE TABLE CORPUS.S.T (C INTEGER);", Expect::Nothing),
        case("STRING is VARCHAR", column("VARCHAR"), "CREATE TABLE CORPUS.S.T (C STRING);", Expect::Nothing),
        case("TEXT is VARCHAR", column("VARCHAR"), "CREATE TABLE CORPUS.S.T (C TEXT);", Expect::Nothing),
        case("DATETIME is TIMESTAMP_NTZ", column("TIMESTAMP_NTZ"), "CREATE TABLE CORPUS.S.T (C DATETIME);", Expect::Nothing),
        case("DOUBLE is FLOAT", column("FLOAT"), "CREATE TABLE CORPUS.S.T (C DOUBLE);", Expect::Nothing),
        case("NUMBER(10) is NUMBER(10,0)", column("NUMBER(10,0)"), "CREATE TABLE CORPUS.S.T (C NUMBER(10));", Expect::Nothing),
        case("DECIMAL is NUMBER", column("NUMBER(12,2)"), "CREATE TABLE CORPUS.S.T (C DECIMAL(12, 2));", Expect::Nothing),
        case("CHAR is VARCHAR(1)", column("VARCHAR(1)"), "CREATE TABLE CORPUS.S.T (C CHAR);", Expect::Nothing),
        case("type case", column("varchar(20)"), "CREATE TABLE CORPUS.S.T (C VARCHAR(20));", Expect::Nothing),
        case(
            "lower-case unquoted names",
            "[[table]]\nname = \"t\"\ncolumns = [{ name = \"id\", type = \"number(38,0)\" }]\n",
            "create table corpus.s.t (id number(38, 0));",
            Expect::Nothing,
        ),
        case(
            "\"ID\" is id",
            "[[table]]\nname = '\"T\"'\ncolumns = [{ name = '\"ID\"', type = \"NUMBER(38,0)\" }]\n",
            "create table corpus.s.t (id int);",
            Expect::Nothing,
        ),
        case(
            "default keyword case",
            "[[table]]\nname = \"T\"\ncolumns = [{ name = \"C\", type = \"TIMESTAMP_NTZ\", default = \"CURRENT_TIMESTAMP()\" }]\n",
            "create table corpus.s.t (c timestamp_ntz default current_timestamp());",
            Expect::Nothing,
        ),
        case(
            "table with comments and whitespace",
            two_columns,
            "CREATE TABLE CORPUS.S.T (\n  -- the key\n  ID   NUMBER(38, 0),\n  /* a name */ NAME VARCHAR\n)  ;",
            Expect::Nothing,
        ),
        // --- tables: meaningful -----------------------------------------------------------
        case(
            "column added",
            "[[table]]\nname = \"T\"\ncolumns = [{ name = \"ID\", type = \"NUMBER(38,0)\" }, { name = \"NAME\", type = \"VARCHAR\" }, { name = \"AGE\", type = \"NUMBER(38,0)\" }]\n",
            "CREATE TABLE CORPUS.S.T (ID NUMBER(38,0), NAME VARCHAR);",
            one(t, Update, Safe),
        ),
        case(
            "column dropped",
            "[[table]]\nname = \"T\"\ncolumns = [{ name = \"ID\", type = \"NUMBER(38,0)\" }]\n",
            "CREATE TABLE CORPUS.S.T (ID NUMBER(38,0), NAME VARCHAR);",
            one(t, Update, Destructive),
        ),
        case("VARCHAR widened", column("VARCHAR(20)"), "CREATE TABLE CORPUS.S.T (C VARCHAR(10));", one(t, Update, Safe)),
        case("VARCHAR narrowed", column("VARCHAR(10)"), "CREATE TABLE CORPUS.S.T (C VARCHAR(20));", one(t, Replace, Destructive)),
        case("NUMBER precision raised", column("NUMBER(12,2)"), "CREATE TABLE CORPUS.S.T (C NUMBER(10,2));", one(t, Update, Safe)),
        // Snowflake lowers a precision in place only when every stored value fits; the
        // plan cannot know that, so it stays a destructive rebuild (the sandbox, which
        // holds no rows, allows the ALTER).
        case("NUMBER precision lowered", column("NUMBER(10,2)"), "CREATE TABLE CORPUS.S.T (C NUMBER(12,2));", one(t, Replace, Destructive)),
        case("NUMBER to VARCHAR", column("VARCHAR"), "CREATE TABLE CORPUS.S.T (C NUMBER(38,0));", one(t, Replace, Rebuild)),
        case(
            "column default changed",
            "[[table]]\nname = \"T\"\ncolumns = [{ name = \"C\", type = \"NUMBER(38,0)\", default = \"1\" }]\n",
            "CREATE TABLE CORPUS.S.T (C NUMBER(38,0) DEFAULT 0);",
            one(t, Replace, Rebuild),
        ),
        case(
            "NOT NULL added",
            "[[table]]\nname = \"T\"\ncolumns = [{ name = \"C\", type = \"NUMBER(38,0)\", nullable = false }]\n",
            "CREATE TABLE CORPUS.S.T (C NUMBER(38,0));",
            one(t, Update, Safe),
        ),
        case(
            "table comment",
            "[[table]]\nname = \"T\"\ncomment = \"orders\"\ncolumns = [{ name = \"C\", type = \"NUMBER(38,0)\" }]\n",
            "CREATE TABLE CORPUS.S.T (C NUMBER(38,0)) COMMENT = 'Orders';",
            one(t, Update, Safe),
        ),
        case(
            "column comment",
            "[[table]]\nname = \"T\"\ncolumns = [{ name = \"C\", type = \"NUMBER(38,0)\", comment = \"the key\" }]\n",
            "CREATE TABLE CORPUS.S.T (C NUMBER(38,0));",
            one(t, Update, Safe),
        ),
        case(
            "column renamed_from",
            "[[table]]\nname = \"T\"\ncolumns = [{ name = \"ID\", type = \"NUMBER(38,0)\" }, { name = \"FULL_NAME\", type = \"VARCHAR\", renamed_from = \"NAME\" }]\n",
            "CREATE TABLE CORPUS.S.T (ID NUMBER(38,0), NAME VARCHAR);",
            one(t, Update, Safe),
        ),
        case(
            "table renamed_from",
            "[[table]]\nname = \"T2\"\nrenamed_from = \"T\"\ncolumns = [{ name = \"ID\", type = \"NUMBER(38,0)\" }, { name = \"NAME\", type = \"VARCHAR\" }]\n",
            "CREATE TABLE CORPUS.S.T (ID NUMBER(38,0), NAME VARCHAR);",
            one("table CORPUS.S.T2", Rename, Safe),
        ),
        case(
            "cluster_by",
            "[[table]]\nname = \"T\"\ncluster_by = [\"ID\"]\ncolumns = [{ name = \"ID\", type = \"NUMBER(38,0)\" }, { name = \"NAME\", type = \"VARCHAR\" }]\n",
            "CREATE TABLE CORPUS.S.T (ID NUMBER(38,0), NAME VARCHAR);",
            one(t, Update, Safe),
        ),
        case(
            "transient",
            "[[table]]\nname = \"T\"\ntransient = true\ncolumns = [{ name = \"ID\", type = \"NUMBER(38,0)\" }, { name = \"NAME\", type = \"VARCHAR\" }]\n",
            "CREATE TABLE CORPUS.S.T (ID NUMBER(38,0), NAME VARCHAR);",
            one(t, Replace, Rebuild),
        ),
        case("missing table", two_columns, "", one(t, Create, Safe)),
        // --- views ---------------------------------------------------------------------------
        case("view identical", view("SELECT 1 AS X"), "CREATE VIEW CORPUS.S.V AS SELECT 1 AS X;", Expect::Nothing),
        case(
            "view whitespace",
            view("\nSELECT 1 AS X,\n       2 AS Y\n"),
            "CREATE VIEW CORPUS.S.V AS SELECT   1 AS X, 2   AS Y;",
            Expect::Nothing,
        ),
        case(
            "view comments",
            view("SELECT 1 AS X -- one\n"),
            "CREATE VIEW CORPUS.S.V AS /* the answer */ SELECT 1 AS X;",
            Expect::Nothing,
        ),
        case("view keyword case", view("SELECT 1 AS X FROM CORPUS.S.T"), "CREATE TABLE CORPUS.S.T (ID INT); create view corpus.s.v as select 1 as x from corpus.s.t;", Expect::Nothing)
            .with_desired_prefix(column_id_table()),
        case("view trailing semicolon", view("SELECT 1 AS X;"), "CREATE VIEW CORPUS.S.V AS SELECT 1 AS X;", Expect::Nothing),
        case("view \"X\" is x", view("SELECT 1 AS \"X\""), "CREATE VIEW CORPUS.S.V AS select 1 as x;", Expect::Nothing),
        case("view string literal", view("SELECT 'a' AS X"), "CREATE VIEW CORPUS.S.V AS SELECT 'A' AS X;", one(v, Update, Safe)),
        case(
            "view quoted identifier case",
            view("SELECT 1 AS \"Total\""),
            "CREATE VIEW CORPUS.S.V AS SELECT 1 AS \"TOTAL\";",
            one(v, Update, Safe),
        ),
        case("view number", view("SELECT 2 AS X"), "CREATE VIEW CORPUS.S.V AS SELECT 1 AS X;", one(v, Update, Safe)),
        case(
            "view secure",
            "[[view]]\nname = \"V\"\nsecure = true\nquery = \"SELECT 1 AS X\"\n",
            "CREATE VIEW CORPUS.S.V AS SELECT 1 AS X;",
            one(v, Update, Safe),
        ),
        case(
            "view comment",
            "[[view]]\nname = \"V\"\ncomment = \"answers\"\nquery = \"SELECT 1 AS X\"\n",
            "CREATE VIEW CORPUS.S.V AS SELECT 1 AS X;",
            one(v, Update, Safe),
        ),
        case("missing view", view("SELECT 1 AS X"), "", one(v, Create, Safe)),
        // --- warehouses ------------------------------------------------------------------------
        case("X-Small is XSMALL", warehouse("X-Small", 60), "CREATE WAREHOUSE WH WAREHOUSE_SIZE = XSMALL AUTO_SUSPEND = 60;", Expect::Nothing),
        case("warehouse lower case", warehouse("XSMALL", 60), "create warehouse wh warehouse_size = 'x-small' auto_suspend = 60;", Expect::Nothing),
        case("warehouse size", warehouse("SMALL", 60), "CREATE WAREHOUSE WH WAREHOUSE_SIZE = XSMALL AUTO_SUSPEND = 60;", one("warehouse WH", Update, Safe)),
        case("warehouse auto_suspend", warehouse("XSMALL", 300), "CREATE WAREHOUSE WH WAREHOUSE_SIZE = XSMALL AUTO_SUSPEND = 60;", one("warehouse WH", Update, Safe)),
        // --- file formats ------------------------------------------------------------------------
        case(
            "file format option order and case",
            file_format("CSV", "skip_header = 1, FIELD_OPTIONALLY_ENCLOSED_BY = '\"', null_if = [\"NULL\", \"\"]"),
            "create file format corpus.s.ff null_if = ('NULL', '') type = csv field_optionally_enclosed_by = '\"' skip_header = 1;",
            Expect::Nothing,
        ),
        case(
            "file format defaults",
            file_format("CSV", "field_delimiter = \",\", skip_header = 0, compression = \"AUTO\""),
            "CREATE FILE FORMAT CORPUS.S.FF TYPE = CSV;",
            Expect::Nothing,
        ),
        case(
            "file format option changed",
            file_format("CSV", "skip_header = 2"),
            "CREATE FILE FORMAT CORPUS.S.FF TYPE = CSV SKIP_HEADER = 1;",
            one("file_format CORPUS.S.FF", Update, Safe),
        ),
        case(
            "file format type",
            file_format("JSON", ""),
            "CREATE FILE FORMAT CORPUS.S.FF TYPE = CSV;",
            one("file_format CORPUS.S.FF", Replace, Safe),
        ),
        // --- stages and integrations --------------------------------------------------------------
        case("stage identical", stage(landing, "CSV_FF"), stage_live(landing, "CSV_FF"), Expect::Nothing)
            .with_live_container("landing"),
        case(
            "stage url",
            stage("azure://acct.blob.core.windows.net/landing/new/", "CSV_FF"),
            stage_live(landing, "CSV_FF"),
            one("stage CORPUS.S.STG", Update, Safe),
        )
        .with_live_container("landing"),
        case(
            "stage file format",
            stage(landing, "JSON_FF"),
            stage_live(landing, "CSV_FF"),
            one("stage CORPUS.S.STG", Update, Safe),
        )
        .with_live_container("landing"),
        case("integration identical", INTEGRATION_DESIRED, INTEGRATION_LIVE, Expect::Nothing),
        case(
            "integration allowed locations",
            INTEGRATION_DESIRED.replace("landing/\"]", "landing/\", \"azure://acct.blob.core.windows.net/archive/\"]"),
            INTEGRATION_LIVE,
            one("storage_integration LANDING_INT", Update, Safe),
        ),
        // --- streams ---------------------------------------------------------------------------------
        case("stream identical", stream("SRC", false), format!("{SOURCE_LIVE} CREATE STREAM CORPUS.S.ST ON TABLE CORPUS.S.SRC;"), Expect::Nothing),
        case(
            "stream lower case",
            stream("SRC", true),
            format!("{SOURCE_LIVE} create stream corpus.s.st on table src append_only = true;"),
            Expect::Nothing,
        ),
        case(
            "stream append_only",
            stream("SRC", true),
            format!("{SOURCE_LIVE} CREATE STREAM CORPUS.S.ST ON TABLE CORPUS.S.SRC;"),
            one("stream CORPUS.S.ST", Replace, Destructive),
        ),
        case(
            "stream on_table",
            stream("SRC2", false),
            format!("{SOURCE_LIVE} CREATE STREAM CORPUS.S.ST ON TABLE CORPUS.S.SRC;"),
            one("stream CORPUS.S.ST", Replace, Destructive),
        ),
        // --- tasks ---------------------------------------------------------------------------------------
        case(
            "task identical",
            child("sql = \"SELECT 3\""),
            child_live("CREATE TASK CORPUS.S.C WAREHOUSE = WH AFTER CORPUS.S.ROOT AS SELECT 3;"),
            Expect::Nothing,
        ),
        case(
            "predecessor quoting",
            child("sql = \"SELECT 3\""),
            child_live("CREATE TASK CORPUS.S.C WAREHOUSE = WH AFTER \"CORPUS\".\"S\".\"ROOT\" AS SELECT 3;"),
            Expect::Nothing,
        ),
        case(
            "predecessor short name",
            child("sql = \"SELECT 3\""),
            child_live("USE SCHEMA CORPUS.S; create task c warehouse = wh after root as select 3;"),
            Expect::Nothing,
        ),
        case(
            "task sql whitespace and case",
            child("sql = '''\nSELECT 3\n  FROM CORPUS.S.ROOT_LOG\n'''"),
            child_live("CREATE TABLE CORPUS.S.ROOT_LOG (ID INT); CREATE TASK CORPUS.S.C WAREHOUSE = WH AFTER CORPUS.S.ROOT AS select 3 from corpus.s.root_log;"),
            Expect::Nothing,
        )
        .with_desired_prefix("[[table]]\nname = \"ROOT_LOG\"\ncolumns = [{ name = \"ID\", type = \"NUMBER(38,0)\" }]\n".into()),
        case(
            "60 MINUTES is 60 MINUTE",
            format!("{WH_DESIRED}\n[[task]]\nname = \"C\"\nwarehouse = \"WH\"\nschedule = \"60 MINUTES\"\nsql = \"SELECT 3\"\n"),
            format!("{WH_LIVE} CREATE TASK CORPUS.S.C WAREHOUSE = WH SCHEDULE = '60 MINUTE' AS SELECT 3;"),
            Expect::Nothing,
        ),
        case(
            "task trailing semicolon",
            format!("{WH_DESIRED}\n[[task]]\nname = \"C\"\nwarehouse = \"WH\"\nschedule = \"5 MINUTE\"\nsql = \"SELECT 3;\"\n"),
            format!("{WH_LIVE} CREATE TASK CORPUS.S.C WAREHOUSE = WH SCHEDULE = '5 MINUTE' AS SELECT 3;"),
            Expect::Nothing,
        ),
        case(
            "task predecessor",
            child("sql = \"SELECT 3\"").replace("after = [\"ROOT\"]", "after = [\"OTHER_ROOT\"]"),
            child_live("CREATE TASK CORPUS.S.C WAREHOUSE = WH AFTER CORPUS.S.ROOT AS SELECT 3;"),
            one(task_c, Update, Safe),
        ),
        case(
            "task WHEN condition",
            child("when = \"1 = 2\"\nsql = \"SELECT 3\""),
            child_live("CREATE TASK CORPUS.S.C WAREHOUSE = WH AFTER CORPUS.S.ROOT WHEN 1 = 1 AS SELECT 3;"),
            one(task_c, Update, Safe),
        ),
        case(
            "task WHEN keyword case",
            format!("{}{}", stream("SRC", false), child("when = \"SYSTEM$STREAM_HAS_DATA('CORPUS.S.ST') AND TRUE\"\nsql = \"SELECT 3\"")),
            child_live("CREATE TABLE CORPUS.S.SRC (ID NUMBER(38,0)) CHANGE_TRACKING = TRUE; CREATE TABLE CORPUS.S.SRC2 (ID NUMBER(38,0)) CHANGE_TRACKING = TRUE; CREATE STREAM CORPUS.S.ST ON TABLE CORPUS.S.SRC; CREATE TASK CORPUS.S.C WAREHOUSE = WH AFTER CORPUS.S.ROOT WHEN system$stream_has_data('CORPUS.S.ST') and true AS SELECT 3;"),
            Expect::Nothing,
        ),
        case(
            "task sql",
            child("sql = \"SELECT 4\""),
            child_live("CREATE TASK CORPUS.S.C WAREHOUSE = WH AFTER CORPUS.S.ROOT AS SELECT 3;"),
            one(task_c, Update, Safe),
        ),
        case(
            "task schedule",
            format!("{WH_DESIRED}\n[[task]]\nname = \"C\"\nwarehouse = \"WH\"\nschedule = \"10 MINUTE\"\nsql = \"SELECT 3\"\n"),
            format!("{WH_LIVE} CREATE TASK CORPUS.S.C WAREHOUSE = WH SCHEDULE = '5 MINUTE' AS SELECT 3;"),
            one(task_c, Update, Safe),
        ),
        case(
            "task state",
            format!("{WH_DESIRED}\n[[task]]\nname = \"C\"\nwarehouse = \"WH\"\nschedule = \"5 MINUTE\"\nstate = \"started\"\nsql = \"SELECT 3\"\n"),
            format!("{WH_LIVE} CREATE TASK CORPUS.S.C WAREHOUSE = WH SCHEDULE = '5 MINUTE' AS SELECT 3;"),
            one(task_c, Update, Safe),
        ),
        case(
            "task comment",
            child("comment = \"runs after root\"\nsql = \"SELECT 3\""),
            child_live("CREATE TASK CORPUS.S.C WAREHOUSE = WH AFTER CORPUS.S.ROOT AS SELECT 3;"),
            one(task_c, Update, Safe),
        ),
        // --- procedures -------------------------------------------------------------------------------
        case(
            "procedure $$ body",
            procedure("", "BEGIN\n  RETURN 'x';\nEND"),
            "CREATE PROCEDURE CORPUS.S.P() RETURNS VARCHAR LANGUAGE SQL AS $$\nBEGIN\n  RETURN 'x';\nEND\n$$;",
            Expect::Nothing,
        ),
        case(
            "procedure quoted body",
            procedure("", "BEGIN\n  RETURN 'x';\nEND"),
            "CREATE PROCEDURE CORPUS.S.P() RETURNS VARCHAR LANGUAGE SQL AS 'BEGIN\n  RETURN ''x'';\nEND';",
            Expect::Nothing,
        ),
        case(
            "procedure body whitespace and keyword case",
            procedure("{ name = \"N\", type = \"NUMBER\" }", "BEGIN\n  RETURN 'x';\nEND"),
            "create procedure corpus.s.p(n number) returns string language sql as $$ begin return 'x'; end $$;",
            Expect::Nothing,
        ),
        case(
            "procedure body literal",
            procedure("", "BEGIN\n  RETURN 'y';\nEND"),
            "CREATE PROCEDURE CORPUS.S.P() RETURNS VARCHAR LANGUAGE SQL AS $$\nBEGIN\n  RETURN 'x';\nEND\n$$;",
            one("procedure CORPUS.S.P", Update, Safe),
        ),
        case(
            "procedure argument type",
            procedure("{ name = \"N\", type = \"VARCHAR\" }", "BEGIN\n  RETURN 'x';\nEND"),
            "CREATE PROCEDURE CORPUS.S.P(N NUMBER) RETURNS VARCHAR LANGUAGE SQL AS $$\nBEGIN\n  RETURN 'x';\nEND\n$$;",
            one("procedure CORPUS.S.P", Replace, Safe),
        ),
        // --- databases and schemas ---------------------------------------------------------------------
        case(
            "database retention",
            "[[database]]\nname = \"OTHER\"\ndata_retention_days = 7\n",
            "CREATE DATABASE OTHER DATA_RETENTION_TIME_IN_DAYS = 1;",
            one("database OTHER", Update, Safe),
        ),
        case(
            "database lower case",
            "[[database]]\nname = \"OTHER\"\ndata_retention_days = 7\ncomment = \"Other\"\n",
            "create database other data_retention_time_in_days = 7 comment = 'Other';",
            Expect::Nothing,
        ),
        case(
            "schema managed access",
            "[[schema]]\nname = \"T\"\nmanaged_access = true\n",
            "CREATE SCHEMA CORPUS.T;",
            one("schema CORPUS.T", Update, Safe),
        ),
        case("missing schema", "[[schema]]\nname = \"T\"\n", "", one("schema CORPUS.T", Create, Safe)),
        case(
            "schema with managed access identical",
            "[[schema]]\nname = \"T\"\nmanaged_access = true\n",
            "create schema corpus.t with managed access;",
            Expect::Nothing,
        ),
        // --- literals, escapes and comments inside SQL ------------------------------------------
        case(
            "view '' is \\' in a literal",
            view("SELECT 'it''s' AS X"),
            "CREATE VIEW CORPUS.S.V AS SELECT 'it\\'s' AS X;",
            Expect::Nothing,
        ),
        case(
            "view comment marker inside a literal",
            view("SELECT '--a' AS X"),
            "CREATE VIEW CORPUS.S.V AS SELECT '--b' AS X;",
            one(v, Update, Safe),
        ),
        case(
            "view whitespace inside a literal",
            view("SELECT 'a  b' AS X"),
            "CREATE VIEW CORPUS.S.V AS SELECT 'a b' AS X;",
            one(v, Update, Safe),
        ),
        case(
            "view quoted identifier with a space",
            view("SELECT 1 AS \"Order Total\""),
            "CREATE VIEW CORPUS.S.V AS SELECT 1 AS \"Order  Total\";",
            one(v, Update, Safe),
        ),
        case(
            "comment with a quote",
            "[[table]]\nname = \"T\"\ncomment = \"it's\"\ncolumns = [{ name = \"C\", type = \"NUMBER(38,0)\" }]\n",
            "CREATE TABLE CORPUS.S.T (C NUMBER(38,0)) COMMENT = 'it''s';",
            Expect::Nothing,
        ),
        case(
            "string default",
            "[[table]]\nname = \"T\"\ncolumns = [{ name = \"C\", type = \"VARCHAR\", default = \"'n/a'\" }]\n",
            "CREATE TABLE CORPUS.S.T (C VARCHAR DEFAULT 'n/a');",
            Expect::Nothing,
        ),
        case("VARCHAR(16777216) is VARCHAR", column("VARCHAR"), "CREATE TABLE CORPUS.S.T (C VARCHAR(16777216));", Expect::Nothing),
        case("TIMESTAMP is TIMESTAMP_NTZ", column("TIMESTAMP_NTZ"), "CREATE TABLE CORPUS.S.T (C TIMESTAMP);", Expect::Nothing),
        case("REAL is FLOAT", column("FLOAT"), "CREATE TABLE CORPUS.S.T (C REAL);", Expect::Nothing),
        case(
            "NOT NULL identical",
            "[[table]]\nname = \"T\"\ncolumns = [{ name = \"C\", type = \"NUMBER(38,0)\", nullable = false }]\n",
            "create table corpus.s.t (c int not null);",
            Expect::Nothing,
        ),
        case(
            "quoted lower-case table is another table",
            "[[table]]\nname = '\"t\"'\ncolumns = [{ name = \"C\", type = \"NUMBER(38,0)\" }]\n",
            "CREATE TABLE CORPUS.S.T (C NUMBER(38,0));",
            one("table CORPUS.S.\"t\"", Create, Safe),
        ),
        case(
            "task schedule lower case",
            format!("{WH_DESIRED}\n[[task]]\nname = \"C\"\nwarehouse = \"WH\"\nschedule = \"5 MINUTE\"\nsql = \"SELECT 3\"\n"),
            format!("{WH_LIVE} create task corpus.s.c warehouse = wh schedule = '5 minutes' as select 3;"),
            Expect::Nothing,
        ),
        case(
            "task cron schedule",
            format!("{WH_DESIRED}\n[[task]]\nname = \"C\"\nwarehouse = \"WH\"\nschedule = \"USING CRON 0 2 * * * UTC\"\nsql = \"SELECT 3\"\n"),
            format!("{WH_LIVE} create task corpus.s.c warehouse = wh schedule = 'using cron 0 2 * * * UTC' as select 3;"),
            Expect::Nothing,
        ),
        case(
            "task started identical",
            format!("{WH_DESIRED}\n[[task]]\nname = \"C\"\nwarehouse = \"WH\"\nschedule = \"5 MINUTE\"\nstate = \"started\"\nsql = \"SELECT 3\"\n"),
            format!("{WH_LIVE} CREATE TASK CORPUS.S.C WAREHOUSE = WH SCHEDULE = '5 MINUTE' AS SELECT 3; ALTER TASK CORPUS.S.C RESUME;"),
            Expect::Nothing,
        ),
        case(
            "procedure execute as",
            procedure("", "BEGIN\n  RETURN 'x';\nEND").replace("language = \"SQL\"", "language = \"SQL\"\nexecute_as = \"CALLER\""),
            "CREATE PROCEDURE CORPUS.S.P() RETURNS VARCHAR LANGUAGE SQL AS $$\nBEGIN\n  RETURN 'x';\nEND\n$$;",
            one("procedure CORPUS.S.P", Update, Safe),
        ),
        case(
            "procedure body with quotes in a quoted body",
            procedure("", "BEGIN\n  RETURN 'it''s';\nEND"),
            "CREATE PROCEDURE CORPUS.S.P() RETURNS VARCHAR LANGUAGE SQL AS 'BEGIN\n  RETURN ''it''''s'';\nEND';",
            Expect::Nothing,
        ),
        case(
            "warehouse auto_suspend omitted",
            "[[warehouse]]\nname = \"WH\"\nsize = \"XSMALL\"\n",
            "CREATE WAREHOUSE WH WAREHOUSE_SIZE = XSMALL AUTO_SUSPEND = 60;",
            Expect::Nothing,
        ),
        case(
            "file format null_if values",
            file_format("CSV", "null_if = [\"NULL\"]"),
            "CREATE FILE FORMAT CORPUS.S.FF TYPE = CSV NULL_IF = ('NULL', '');",
            one("file_format CORPUS.S.FF", Update, Safe),
        ),
        case(
            "column added with a constant default",
            "[[table]]\nname = \"T\"\ncolumns = [{ name = \"C\", type = \"NUMBER(38,0)\" }, { name = \"CURRENCY\", type = \"VARCHAR(3)\", default = \"'EUR'\" }]\n",
            "CREATE TABLE CORPUS.S.T (C NUMBER(38,0));",
            one(t, Update, Safe),
        ),
        case(
            "column added with an expression default",
            "[[table]]\nname = \"T\"\ncolumns = [{ name = \"C\", type = \"NUMBER(38,0)\" }, { name = \"AT\", type = \"TIMESTAMP_NTZ\", default = \"CURRENT_TIMESTAMP()\" }]\n",
            "CREATE TABLE CORPUS.S.T (C NUMBER(38,0));",
            one(t, Replace, Rebuild),
        ),
        case(
            "X-Large is XLARGE",
            warehouse("X-Large", 60),
            "CREATE WAREHOUSE WH WAREHOUSE_SIZE = 'X-LARGE' AUTO_SUSPEND = 60;",
            Expect::Nothing,
        ),
        case(
            "cron schedule spacing",
            format!("{WH_DESIRED}\n[[task]]\nname = \"C\"\nwarehouse = \"WH\"\nschedule = \"USING CRON 0 2 * * * UTC\"\nsql = \"SELECT 3\"\n"),
            format!("{WH_LIVE} CREATE TASK CORPUS.S.C WAREHOUSE = WH SCHEDULE = 'USING CRON  0 2 * * *  UTC' AS SELECT 3;"),
            Expect::Nothing,
        ),
        case(
            "task suspended in the desired state",
            format!("{WH_DESIRED}\n[[task]]\nname = \"C\"\nwarehouse = \"WH\"\nschedule = \"5 MINUTE\"\nsql = \"SELECT 3\"\n"),
            format!("{WH_LIVE} CREATE TASK CORPUS.S.C WAREHOUSE = WH SCHEDULE = '5 MINUTE' AS SELECT 3; ALTER TASK CORPUS.S.C RESUME;"),
            one(task_c, Update, Safe),
        ),
        case(
            "column renamed and widened",
            "[[table]]\nname = \"T\"\ncolumns = [{ name = \"D\", type = \"VARCHAR(20)\", renamed_from = \"C\" }]\n",
            "CREATE TABLE CORPUS.S.T (C VARCHAR(10));",
            one(t, Update, Safe),
        ),
        case(
            "procedure returning a table",
            procedure("", "BEGIN\n  RETURN TABLE(SELECT 1 AS X);\nEND").replace("returns = \"VARCHAR\"", "returns = \"TABLE (X NUMBER)\""),
            "CREATE PROCEDURE CORPUS.S.P() RETURNS TABLE (x number) LANGUAGE SQL AS $$\nBEGIN\n  RETURN TABLE(SELECT 1 AS X);\nEND\n$$;",
            Expect::Nothing,
        ),
    ];
    // --- what a replaced object drags along -------------------------------------------------------
    cases.push(case(
        "a rebuilt table recreates its stream",
        format!(
            "{}\n[[stream]]\nname = \"ST\"\non_table = \"SRC\"\n",
            SOURCE_DESIRED.replacen(
                "change_tracking = true",
                "change_tracking = true\ntransient = true",
                1
            )
        ),
        format!("{SOURCE_LIVE} CREATE STREAM CORPUS.S.ST ON TABLE CORPUS.S.SRC;"),
        Expect::Changes(vec![
            ("table CORPUS.S.SRC", Action::Replace, Tier::Rebuild),
            ("stream CORPUS.S.ST", Action::Replace, Tier::Destructive),
        ]),
    ));
    cases.push(case(
        "a widened table keeps its stream",
        format!("{}\n[[stream]]\nname = \"ST\"\non_table = \"SRC\"\n", SOURCE_DESIRED.replacen("NUMBER(38,0)", "NUMBER(38,0)\" }, { name = \"NOTE\", type = \"VARCHAR(20)", 1)),
        format!("{SOURCE_LIVE} ALTER TABLE CORPUS.S.SRC ADD COLUMN NOTE VARCHAR(10); CREATE STREAM CORPUS.S.ST ON TABLE CORPUS.S.SRC;"),
        one("table CORPUS.S.SRC", Action::Update, Tier::Safe),
    ));
    // --- prune -----------------------------------------------------------------------------------------
    cases.push(Case {
        environment: "prune = true",
        ..case(
            "prune drops an unmanaged table",
            two_columns,
            "CREATE TABLE CORPUS.S.T (ID NUMBER(38,0), NAME VARCHAR); CREATE TABLE CORPUS.S.OLD (ID INT);",
            one("table CORPUS.S.OLD", Drop, Destructive),
        )
    });
    cases.push(Case {
        environment: "prune = true",
        ..case(
            "prune drops a stream and a view before their table",
            two_columns,
            "CREATE TABLE CORPUS.S.T (ID NUMBER(38,0), NAME VARCHAR); CREATE TABLE CORPUS.S.A_OLD (ID INT); \
             CREATE STREAM CORPUS.S.Z_OLD_STREAM ON TABLE CORPUS.S.A_OLD; CREATE VIEW CORPUS.S.B_OLD_VIEW AS SELECT ID FROM CORPUS.S.A_OLD;",
            Expect::Changes(vec![
                ("stream CORPUS.S.Z_OLD_STREAM", Action::Drop, Tier::Destructive),
                ("view CORPUS.S.B_OLD_VIEW", Action::Drop, Tier::Destructive),
                ("table CORPUS.S.A_OLD", Action::Drop, Tier::Destructive),
            ]),
        )
    });
    cases.push(Case {
        environment: "prune = true",
        ..case(
            "prune keeps what is declared",
            two_columns,
            "CREATE TABLE CORPUS.S.T (ID NUMBER(38,0), NAME VARCHAR);",
            Expect::Nothing,
        )
    });
    // --- containers ----------------------------------------------------------------------------------
    let container = "[[container]]\nname = \"landing\"\nmetadata = { owner = \"data\" }\n";
    cases.push(Case {
        containers: vec![("landing", vec![("owner", "data")])],
        ..case("container identical", container, "", Expect::Nothing)
    });
    cases.push(Case {
        containers: vec![("landing", vec![("owner", "ops")])],
        ..case(
            "container metadata value",
            container,
            "",
            one("container landing", Update, Safe),
        )
    });
    cases.push(case(
        "missing container",
        container,
        "",
        one("container landing", Create, Safe),
    ));
    cases
}

fn column_id_table() -> String {
    "[[table]]\nname = \"T\"\ncolumns = [{ name = \"ID\", type = \"NUMBER(38,0)\" }]\n".into()
}

impl Case {
    fn with_live_container(mut self, name: &'static str) -> Case {
        self.containers.push((name, Vec::new()));
        self
    }

    fn with_desired_prefix(mut self, prefix: String) -> Case {
        self.desired = format!("{prefix}\n{}", self.desired);
        self
    }
}

/// Runs one case on its own sandbox; `Err` says what went wrong, with the plan.
async fn run(case: &Case) -> Result<(), String> {
    let lake = !case.containers.is_empty() || case.desired.contains("[[container]]");
    let project = Project::start(&ProjectSpec {
        lake,
        environment: case.environment,
        ..ProjectSpec::default()
    })
    .await;
    project.write_schema("s.toml", &format!("{BASE_DESIRED}\n{}", case.desired));
    project
        .run_sql(&format!("{BASE_LIVE} {}", case.live))
        .await
        .map_err(|e| format!("the live SQL failed: {e}"))?;
    for (name, metadata) in &case.containers {
        let mut container = Container::new(*name).unwrap();
        container.set_metadata(metadata.iter().copied()).unwrap();
        project.create_container(&container).await;
    }
    let plan = project
        .plan()
        .await
        .map_err(|e| format!("planning failed: {e}"))?;
    project.shutdown().await;
    check(&plan, &case.expect)
}

fn check(plan: &Plan, expect: &Expect) -> Result<(), String> {
    let text = || lakeform::plan::render::text::render(plan, &Palette::plain());
    match expect {
        Expect::Nothing if plan.changes.is_empty() => Ok(()),
        Expect::Nothing => Err(format!("expected no change, got:\n{}", text())),
        Expect::Changes(expected) => {
            let got: Vec<(String, Action, Tier)> = plan
                .changes
                .iter()
                .map(|c| (c.address.to_string(), c.action, c.tier))
                .collect();
            let wanted: Vec<(String, Action, Tier)> = expected
                .iter()
                .map(|(address, action, tier)| (address.to_string(), *action, *tier))
                .collect();
            if got == wanted {
                Ok(())
            } else {
                Err(format!("expected {wanted:?}, got {got:?}:\n{}", text()))
            }
        }
        Expect::One {
            address,
            action,
            tier,
        } => match plan.changes.as_slice() {
            [change]
                if change.address.to_string() == *address
                    && change.action == *action
                    && change.tier == *tier =>
            {
                Ok(())
            }
            _ => Err(format!(
                "expected exactly one change: {address} {action} ({tier}); got {}:\n{}",
                plan.changes
                    .iter()
                    .map(|c| format!("[{} {} ({})]", c.address, c.action, c.tier))
                    .collect::<Vec<_>>()
                    .join(" "),
                text()
            )),
        },
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn cosmetic_edits_plan_nothing_and_meaningful_edits_plan_one_change() {
    let started = Instant::now();
    let cases = cases();
    assert!(cases.len() >= 60, "the corpus has {} cases", cases.len());
    let limit = Arc::new(tokio::sync::Semaphore::new(6));
    let mut running = tokio::task::JoinSet::new();
    for (index, case) in cases.into_iter().enumerate() {
        let limit = limit.clone();
        running.spawn(async move {
            let _permit = limit.acquire().await.unwrap();
            let outcome = run(&case).await;
            (index, case.name, outcome)
        });
    }
    let mut outcomes = running.join_all().await;
    outcomes.sort_by_key(|(index, _, _)| *index);
    let total = outcomes.len();
    let failed: Vec<&str> = outcomes
        .iter()
        .filter_map(|(_, name, outcome)| {
            let error = outcome.as_ref().err()?;
            eprintln!("=== case failed: {name}\n{error}\n");
            Some(*name)
        })
        .collect();
    eprintln!(
        "{} of {total} cases passed in {:.1?}",
        total - failed.len(),
        started.elapsed()
    );
    assert!(
        failed.is_empty(),
        "{} cases failed: {failed:#?}",
        failed.len()
    );
}
