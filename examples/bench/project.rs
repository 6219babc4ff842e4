//! The generated benchmark project: one database of `schemas` schemas holding tables of
//! eight columns, tasks in chains of ten and an auto-ingest pipe (and per schema a
//! sequence, a dynamic table and an alert), plus the warehouse the tasks run on, the
//! landing stage and the integrations the stage and pipes use, and `roles` roles with
//! their grants and two database roles (`access.toml`), and the lake the stage reads
//! (`lake.toml`: the landing container, and per feed a storage queue, the Event Grid
//! subscription that fills it and the notification integration the feed's pipes read),
//! written as an ordinary lakeform project (`environments/bench.toml` + `schema/*.toml`).
//!
//! The lake is the sandbox's local lake (`[adls] sandbox = "lake"` in the project
//! directory): containers, queues and subscriptions are files read and written by the
//! measured process itself, with no injected latency, so they add their planning and
//! applying to the figures but no round trips — the Snowflake statements and their
//! 100 ms are the same with or without it.
//!
//! [`Project::Core`] is the project as it was before the governance and ingestion kinds
//! (commit `adc309d`): database, schemas, tables, tasks, sequences and the warehouse only,
//! so the published series can be compared with today's code on the same project.
//! [`Project::Governance`] is that project with the roles, grants, policies and tag only:
//! the "5,000-object project" issue 14 puts its roles and attachments on top of.
//!
//! It is shaped like a large pipeline deployment, not like the PacificRetail example:
//! what matters here is the count of objects and the depth of the task graphs, not the
//! variety of kinds. It does not start or talk to anything.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// The environment the generated project defines.
pub(crate) const ENVIRONMENT: &str = "bench";
/// Tasks per chain: each chain is one task graph (a scheduled root and nine successors).
pub(crate) const CHAIN_LENGTH: usize = 10;
const DATABASE: &str = "BENCH";
const WAREHOUSE: &str = "BENCH_WH";
const SCHEMAS: usize = 20;
/// The sequence in every schema that its tables' ID column draws from.
const ID_SEQUENCE: &str = "ID_SEQ";
/// The dynamic table in every schema with tables (and the name of its alert's prefix).
const DAILY: &str = "DAILY_AMOUNT";
/// The custom data metric function in the first schema, and how many schemas' first table
/// run data metrics (each costs two reads: its references and its expectations).
const DMF: &str = "NEGATIVE_AMOUNTS";
const MEASURED_SCHEMAS: usize = 3;
/// The storage integration of the landing stage (in the first schema).
const STORAGE_INTEGRATION: &str = "BENCH_ADLS";
const STAGE: &str = "LANDING";
/// The landing container (the stage's URL) and the directory of the local lake.
const CONTAINER: &str = "landing";
const LAKE_DIR: &str = "lake";
/// Event feeds: each a storage queue, the subscription that fills it from its folder of
/// the landing container, and the notification integration that reads it; schema `i`'s
/// pipe reads feed `i % FEEDS`. A handful, not one per pipe: every notification
/// integration costs the plan a `DESCRIBE INTEGRATION`.
const FEEDS: usize = 2;

/// Which project to generate.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Project {
    /// Every kind: the core project plus roles and grants, database roles, integrations,
    /// a stage, pipes, dynamic tables, alerts and the lake.
    #[default]
    Full,
    /// The project before the governance and ingestion kinds (commit `adc309d`).
    Core,
    /// The core project plus issue 14's governance and nothing else: its roles and their
    /// grants, the database roles, the policies and the tag with their 100 attachments —
    /// "on top of the 5,000-object project", the shape whose plan issue 14 budgets.
    Governance,
}

impl Project {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Project::Full => "full",
            Project::Core => "core",
            Project::Governance => "governance",
        }
    }
}

/// The eight columns of every generated table: a spread of the common types.
const COLUMNS: [(&str, &str, bool); 8] = [
    ("ID", "NUMBER(38,0)", false),
    ("NAME", "VARCHAR", true),
    ("EMAIL", "VARCHAR(320)", true),
    ("AMOUNT", "NUMBER(12,2)", true),
    ("QUANTITY", "NUMBER(38,0)", true),
    ("ACTIVE", "BOOLEAN", true),
    ("CREATED_ON", "DATE", true),
    ("LOADED_AT", "TIMESTAMP_NTZ", true),
];

/// How many objects of each kind a project holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Shape {
    pub tasks: usize,
    pub tables: usize,
    pub schemas: usize,
    /// Roles, each holding about a hundred grants (see [`access_file`]).
    #[serde(default)]
    pub roles: usize,
    #[serde(default)]
    pub project: Project,
}

impl Shape {
    /// `objects` split four tasks to one table (4,000 + 1,000 for 5,000), the tasks
    /// rounded down to whole chains.
    pub(crate) fn for_objects(objects: usize, project: Project) -> Shape {
        let tasks = objects * 4 / 5 / CHAIN_LENGTH * CHAIN_LENGTH;
        Shape {
            tasks,
            tables: objects - tasks,
            schemas: SCHEMAS,
            roles: match project {
                // 200 roles at 5,000 objects: the governance row of issue 14.
                Project::Full | Project::Governance => objects / 25,
                Project::Core => 0,
            },
            project,
        }
    }

    /// Whether the project declares the ingestion kinds: integrations, the stage, pipes,
    /// the data metric function, dynamic tables, alerts and the lake.
    fn full(&self) -> bool {
        self.project == Project::Full
    }

    /// Whether the project declares issue 14's roles, policies and tag.
    fn governed(&self) -> bool {
        matches!(self.project, Project::Full | Project::Governance)
    }

    pub(crate) fn objects(&self) -> usize {
        self.tasks + self.tables
    }

    /// Task graphs: one per chain.
    pub(crate) fn graphs(&self) -> usize {
        self.tasks / CHAIN_LENGTH
    }
}

/// Writes the project into `dir` (which must exist), its environment pointing at the
/// standalone sandbox at `url`, reading with `max_concurrency` statements at once when
/// given.
pub(crate) fn write(
    dir: &Path,
    shape: &Shape,
    url: &str,
    max_concurrency: Option<usize>,
) -> io::Result<()> {
    let environments = dir.join("environments");
    let schema = dir.join("schema");
    std::fs::create_dir_all(&environments)?;
    std::fs::create_dir_all(&schema)?;
    std::fs::write(
        environments.join(format!("{ENVIRONMENT}.toml")),
        environment_file(shape, url, max_concurrency),
    )?;
    std::fs::write(schema.join("account.toml"), account_file(shape))?;
    if shape.governed() {
        std::fs::write(schema.join("access.toml"), access_file(shape))?;
    }
    if shape.full() {
        std::fs::create_dir_all(dir.join(LAKE_DIR))?;
        std::fs::write(schema.join("lake.toml"), lake_file())?;
    }
    for index in 0..shape.schemas {
        std::fs::write(
            schema.join(format!("{}.toml", schema_name(index).to_lowercase())),
            schema_file(shape, index),
        )?;
    }
    Ok(())
}

fn environment_file(shape: &Shape, url: &str, max_concurrency: Option<usize>) -> String {
    // The sandbox accepts any bearer token; `pat` is the simplest authenticator to name.
    let mut out = format!(
        "include = [\"../schema/*.toml\"]\nprune = false\nbackup = true\n\n\
         [snowflake]\nurl = \"{url}\"\naccount = \"BENCH\"\nuser = \"BENCH\"\n\
         authenticator = \"pat\"\ntoken = \"bench\"\n"
    );
    if let Some(n) = max_concurrency {
        let _ = writeln!(out, "max_concurrency = {n}");
    }
    if shape.full() {
        let _ = write!(out, "\n[adls]\nsandbox = \"{LAKE_DIR}\"\n");
    }
    out
}

/// The landing container, and per feed a queue and the subscription that fills it with
/// the blobs created under the feed's folder.
fn lake_file() -> String {
    let mut out = format!("[[container]]\nname = \"{CONTAINER}\"\npublic_access = \"none\"\n");
    for feed in 0..FEEDS {
        let _ = write!(
            out,
            "\n[[storage_queue]]\nname = \"{queue}\"\ncomment = \"Blob-created events of {folder}/\"\n\
             \n[[event_subscription]]\nname = \"{folder}created\"\nqueue = \"{queue}\"\n\
             container = \"{CONTAINER}\"\npath = \"{folder}/\"\n",
            queue = queue_name(feed),
            folder = feed_folder(feed),
        );
    }
    out
}

fn queue_name(feed: usize) -> String {
    format!("{}-events", feed_folder(feed))
}

fn feed_folder(feed: usize) -> String {
    format!("feed{}", feed + 1)
}

fn notification_integration(feed: usize) -> String {
    format!("BENCH_EVENTS_{}", feed + 1)
}

fn account_file(shape: &Shape) -> String {
    let mut out = format!(
        "[[warehouse]]\nname = \"{WAREHOUSE}\"\nsize = \"XSMALL\"\nauto_suspend = 60\n\
         auto_resume = true\ninitially_suspended = true\n\n"
    );
    if shape.full() {
        let _ = write!(
            out,
            "[[storage_integration]]\nname = \"{STORAGE_INTEGRATION}\"\nazure_tenant_id = \"bench\"\n\
             allowed_locations = [\"azure://bench.blob.core.windows.net/{CONTAINER}/\"]\n\n"
        );
        for feed in 0..FEEDS {
            let _ = write!(
                out,
                "[[notification_integration]]\nname = \"{}\"\ntype = \"azure_storage_queue\"\n\
                 queue_uri = \"https://bench.queue.core.windows.net/{}\"\ntenant_id = \"bench\"\n\n",
                notification_integration(feed),
                queue_name(feed)
            );
        }
    }
    let _ = write!(
        out,
        "[[database]]\nname = \"{DATABASE}\"\ncomment = \"Benchmark: {} tasks and {} tables\"\n",
        shape.tasks, shape.tables
    );
    for index in 0..shape.schemas {
        let _ = write!(
            out,
            "\n[[schema]]\nname = \"{DATABASE}.{}\"\n",
            schema_name(index)
        );
    }
    out
}

/// The roles: a tree (each tenth role holds the next nine; the roots are under SYSADMIN),
/// each with USAGE on the database and two schemas, USAGE and OPERATE on the warehouse,
/// SELECT on all tables of those two schemas (one row per table: a hundred at 5,000
/// objects) and SELECT and INSERT on their future tables: about 107 grants a role, 21,400
/// for 200 roles.
fn access_file(shape: &Shape) -> String {
    let mut out = String::new();
    for role in 0..shape.roles {
        let parent = if role % 10 == 0 {
            "SYSADMIN".to_string()
        } else {
            role_name(role - role % 10)
        };
        let first = schema_name(role % shape.schemas.max(1));
        let second = schema_name((role + 1) % shape.schemas.max(1));
        let _ = write!(
            out,
            "\n[[role]]\nname = \"{}\"\nmember_of = [\"{parent}\"]\nprivileges = [\n  \
             {{ on = \"database {DATABASE}\", privileges = [\"USAGE\"] }},\n  \
             {{ on = \"warehouse {WAREHOUSE}\", privileges = [\"USAGE\", \"OPERATE\"] }},\n",
            role_name(role)
        );
        for schema in [&first, &second] {
            let _ = write!(
                out,
                "  {{ on = \"schema {DATABASE}.{schema}\", privileges = [\"USAGE\"] }},\n  \
                 {{ on = \"all tables in schema {DATABASE}.{schema}\", privileges = [\"SELECT\"] }},\n"
            );
        }
        let _ = write!(
            out,
            "  {{ on = \"future tables in schema {DATABASE}.{first}\", privileges = [\"SELECT\", \"INSERT\"] }},\n]\n"
        );
    }
    // Two database roles — a reader of the first schema, and a writer that holds the
    // reader and is granted to the first role — so the kind is listed, its grants read
    // and its hierarchy planned.
    if shape.roles > 0 {
        let schema = schema_name(0);
        let _ = write!(
            out,
            "\n[[database_role]]\nname = \"{DATABASE}.READER\"\nmember_of = [\"{DATABASE}.WRITER\"]\nprivileges = [\n  \
             {{ on = \"schema {DATABASE}.{schema}\", privileges = [\"USAGE\"] }},\n  \
             {{ on = \"all tables in schema {DATABASE}.{schema}\", privileges = [\"SELECT\"] }},\n]\n\
             \n[[database_role]]\nname = \"{DATABASE}.WRITER\"\nmember_of = [\"{}\"]\nprivileges = [\n  \
             {{ on = \"future tables in schema {DATABASE}.{schema}\", privileges = [\"INSERT\"] }},\n]\n",
            role_name(0),
        );
    }
    out
}

fn role_name(role: usize) -> String {
    format!("BENCH_ROLE_{role:03}")
}

fn schema_name(index: usize) -> String {
    format!("S{:02}", index + 1)
}

/// Tables and chains are dealt round-robin over the schemas, so every schema holds a
/// similar share and every chain's statement refers to a table of its own schema.
fn schema_file(shape: &Shape, index: usize) -> String {
    let mut out = format!(
        "[defaults]\ndatabase = \"{DATABASE}\"\nschema = \"{}\"\n",
        schema_name(index)
    );
    let tables: Vec<usize> = (0..shape.tables)
        .filter(|t| t % shape.schemas == index)
        .collect();
    // One sequence per schema keys its tables' ID, so every table depends on it.
    let _ = write!(
        out,
        "\n[[sequence]]\nname = \"{ID_SEQUENCE}\"\ncomment = \"Generated keys\"\n"
    );
    if index == 0 && shape.governed() {
        out.push_str(&policies_and_tag());
    }
    // The first schema holds the landing stage; every schema with a table loads its first
    // table from its own folder (under its feed's) through an auto-ingest pipe.
    if index == 0 && shape.full() {
        let _ = write!(
            out,
            "\n[[stage]]\nname = \"{STAGE}\"\nurl = \"azure://bench.blob.core.windows.net/landing/\"\n\
             storage_integration = \"{STORAGE_INTEGRATION}\"\n"
        );
    }
    if let Some(&first) = tables.first().filter(|_| shape.full()) {
        let _ = write!(
            out,
            "\n[[pipe]]\nname = \"LOAD_PIPE\"\nauto_ingest = true\nintegration = \"{}\"\n\
             copy = \"COPY INTO {} (ID, NAME) FROM (SELECT $1, $2 FROM @{DATABASE}.{}.{STAGE}/{}/{}/)\"\n",
            notification_integration(index % FEEDS),
            table_name(first),
            schema_name(0),
            feed_folder(index % FEEDS),
            schema_name(index).to_lowercase()
        );
    }
    // The full project's data quality: one custom DMF, run with system ones on the first
    // table of the first few schemas, on the default schedule (one hour).
    if index == 0 && shape.full() {
        let _ = write!(
            out,
            "\n[[data_metric_function]]\nname = \"{DMF}\"\n\
             arguments = [{{ name = \"T\", columns = [{{ name = \"AMOUNT\", type = \"NUMBER(12,2)\" }}] }}]\n\
             body = \"SELECT COUNT_IF(AMOUNT < 0) FROM T\"\n"
        );
    }
    for &table in &tables {
        let _ = write!(
            out,
            "\n[[table]]\nname = \"{}\"\ncomment = \"Generated table {table}\"\n",
            table_name(table)
        );
        if shape.full() && index < MEASURED_SCHEMAS && tables.first() == Some(&table) {
            let _ = write!(
                out,
                "data_metrics = [\n\
                 {{ function = \"SNOWFLAKE.CORE.NULL_COUNT\", on = [\"EMAIL\"], expectations = {{ no_nulls = \"VALUE = 0\" }} }},\n\
                 {{ function = \"{DATABASE}.{}.{DMF}\", on = [\"AMOUNT\"] }},\n]\n",
                schema_name(0)
            );
        }
        out.push_str("columns = [\n");
        for (name, data_type, nullable) in COLUMNS {
            let default = if name == "ID" {
                format!(", default = \"{ID_SEQUENCE}.NEXTVAL\"")
            } else {
                String::new()
            };
            let governance = column_governance(shape, table, name);
            let _ = writeln!(
                out,
                "  {{ name = \"{name}\", type = \"{data_type}\", nullable = {nullable}{default}{governance} }},"
            );
        }
        out.push_str("]\n");
        out.push_str(&table_governance(shape, table));
    }
    // One dynamic table per schema summarizes its first table, and one alert watches it,
    // so both kinds are listed (one SHOW each per database) and planned at scale.
    if let Some(&first) = tables.first().filter(|_| shape.full()) {
        let _ = write!(
            out,
            "\n[[dynamic_table]]\nname = \"{DAILY}\"\ntarget_lag = \"5 minutes\"\nwarehouse = \"{WAREHOUSE}\"\n\
             query = \"SELECT CREATED_ON, SUM(AMOUNT) AS AMOUNT FROM {} GROUP BY CREATED_ON\"\n\
             \n[[alert]]\nname = \"{DAILY}_ALERT\"\nwarehouse = \"{WAREHOUSE}\"\nschedule = \"60 MINUTE\"\n\
             state = \"started\"\ncondition = \"SELECT 1 FROM {DAILY} WHERE AMOUNT < 0\"\n\
             action = \"SELECT 1\"\n",
            table_name(first)
        );
    }
    let chains = (0..shape.graphs()).filter(|c| c % shape.schemas == index);
    for (position, chain) in chains.enumerate() {
        // A chain loads into one of its schema's tables when the schema has any.
        let target = tables
            .get(position % tables.len().max(1))
            .map(|&t| table_name(t));
        for step in 0..CHAIN_LENGTH {
            let _ = write!(
                out,
                "\n[[task]]\nname = \"{}\"\nwarehouse = \"{WAREHOUSE}\"\nstate = \"started\"\n",
                task_name(chain, step)
            );
            if step == 0 {
                out.push_str("schedule = \"60 MINUTE\"\n");
            } else {
                let _ = writeln!(out, "after = [\"{}\"]", task_name(chain, step - 1));
            }
            let sql = match &target {
                Some(table) => format!(
                    "INSERT INTO {table} (ID, NAME) SELECT {}, 'step {step}'",
                    chain * CHAIN_LENGTH + step
                ),
                None => format!("SELECT {}", chain * CHAIN_LENGTH + step),
            };
            let _ = writeln!(out, "sql = \"{sql}\"");
        }
    }
    out
}

/// Policy and tag attachments (issue 14's "100 policy/tag attachments"): a masking policy
/// on the EMAIL column of the first [`MASKED`] tables, a row access policy on the next
/// [`ROW_FILTERED`] tables (on ACTIVE), and the PII tag on NAME and EMAIL of the first
/// [`TAGGED`] tables. Few policies with many attachments, as a real project has them: the
/// plan reads each policy with a DESCRIBE and a POLICY_REFERENCES, and each tagged table
/// with a TAG_REFERENCES_ALL_COLUMNS, whatever the number of columns it is set on.
const MASKED: usize = 50;
const ROW_FILTERED: usize = 40;
const TAGGED: usize = 5;
/// Where the policies and the tag live: the first schema.
const GOVERNANCE_SCHEMA: &str = "S01";

/// The policies and the tag, declared in the first schema.
fn policies_and_tag() -> String {
    "\n[[masking_policy]]\nname = \"EMAIL_MASK\"\nsignature = [{ name = \"VAL\", type = \"VARCHAR\" }]\n\
     body = \"CASE WHEN IS_ROLE_IN_SESSION('SYSADMIN') THEN VAL ELSE '***' END\"\n\
     \n[[row_access_policy]]\nname = \"ACTIVE_ROWS\"\nsignature = [{ name = \"A\", type = \"BOOLEAN\" }]\n\
     body = \"A OR IS_ROLE_IN_SESSION('SYSADMIN')\"\n\
     \n[[tag]]\nname = \"PII\"\nallowed_values = [\"name\", \"email\"]\n"
        .to_string()
}

/// The keys a generated column adds for the attachments: `masking_policy` and `tags`.
fn column_governance(shape: &Shape, table: usize, column: &str) -> String {
    if !shape.governed() {
        return String::new();
    }
    let mut extra = String::new();
    if column == "EMAIL" && table < MASKED {
        let _ = write!(
            extra,
            ", masking_policy = \"{DATABASE}.{GOVERNANCE_SCHEMA}.EMAIL_MASK\""
        );
    }
    if matches!(column, "NAME" | "EMAIL") && table < TAGGED {
        let _ = write!(
            extra,
            ", tags = {{ \"{DATABASE}.{GOVERNANCE_SCHEMA}.PII\" = \"{}\" }}",
            column.to_lowercase()
        );
    }
    extra
}

/// The line a generated table adds for the attachments: its `row_access_policy`.
fn table_governance(shape: &Shape, table: usize) -> String {
    if !shape.governed() || !(MASKED..MASKED + ROW_FILTERED).contains(&table) {
        return String::new();
    }
    format!(
        "row_access_policy = {{ name = \"{DATABASE}.{GOVERNANCE_SCHEMA}.ACTIVE_ROWS\", on = [\"ACTIVE\"] }}\n"
    )
}

fn table_name(table: usize) -> String {
    format!("T{:05}", table + 1)
}

fn task_name(chain: usize, step: usize) -> String {
    format!("C{:04}_T{:02}", chain + 1, step + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kinds a project's text declares (`[[kind]]` headers), sorted, once each.
    fn kinds_declared(text: &str) -> Vec<&str> {
        let mut kinds: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("[[")?.strip_suffix("]]"))
            .collect();
        kinds.sort();
        kinds.dedup();
        kinds
    }

    #[test]
    fn five_thousand_objects_are_four_thousand_tasks_in_four_hundred_chains() {
        let shape = Shape::for_objects(5_000, Project::Full);
        assert_eq!(
            (shape.tasks, shape.tables, shape.graphs()),
            (4_000, 1_000, 400)
        );
        assert_eq!(shape.objects(), 5_000);
        assert_eq!(shape.roles, 200);
        let access = access_file(&shape);
        assert_eq!(access.matches("[[role]]").count(), 200);
        assert_eq!(access.matches("[[database_role]]").count(), 2);
        assert_eq!(access.matches("member_of = [\"SYSADMIN\"]").count(), 20);
        let core = Shape::for_objects(5_000, Project::Core);
        assert_eq!((core.tasks, core.tables, core.roles), (4_000, 1_000, 0));
    }

    /// The core project is the one of commit adc309d: no kind added since, no lake.
    #[test]
    fn the_core_project_holds_only_the_kinds_of_the_published_series() {
        let shape = Shape::for_objects(500, Project::Core);
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &shape, "http://127.0.0.1:1", None).unwrap();
        let mut files: Vec<String> = std::fs::read_dir(dir.path().join("schema"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        assert_eq!(files.len(), 1 + shape.schemas);
        assert_eq!(files[0], "account.toml");
        let mut text = std::fs::read_to_string(dir.path().join("environments/bench.toml")).unwrap();
        assert!(
            !text.contains("[adls]") && !text.contains("external"),
            "{text}"
        );
        for file in &files {
            text.push_str(&std::fs::read_to_string(dir.path().join("schema").join(file)).unwrap());
        }
        assert_eq!(
            kinds_declared(&text),
            [
                "database",
                "schema",
                "sequence",
                "table",
                "task",
                "warehouse"
            ]
        );
    }

    /// Issue 14's shape: the core project with the roles, policies and tag, and nothing
    /// of the ingestion kinds.
    #[test]
    fn the_governance_project_is_the_core_project_with_roles_policies_and_the_tag() {
        let shape = Shape::for_objects(5_000, Project::Governance);
        assert_eq!(
            (shape.tasks, shape.tables, shape.roles),
            (4_000, 1_000, 200)
        );
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &shape, "http://127.0.0.1:1", None).unwrap();
        let mut text = String::new();
        for entry in std::fs::read_dir(dir.path().join("schema")).unwrap() {
            text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
        assert_eq!(
            kinds_declared(&text),
            [
                "database",
                "database_role",
                "masking_policy",
                "role",
                "row_access_policy",
                "schema",
                "sequence",
                "table",
                "tag",
                "task",
                "warehouse"
            ]
        );
        assert_eq!(text.matches("masking_policy = ").count(), MASKED);
        assert_eq!(text.matches("row_access_policy = ").count(), ROW_FILTERED);
        assert!(!dir.path().join(LAKE_DIR).exists());
    }

    #[test]
    fn the_full_project_measures_a_few_tables_with_one_custom_dmf() {
        let full = Shape::for_objects(500, Project::Full);
        let text: String = (0..full.schemas).map(|i| schema_file(&full, i)).collect();
        assert_eq!(text.matches("[[data_metric_function]]").count(), 1);
        assert_eq!(text.matches("data_metrics = [").count(), MEASURED_SCHEMAS);
        let core = Shape::for_objects(500, Project::Core);
        let text: String = (0..core.schemas).map(|i| schema_file(&core, i)).collect();
        assert!(!text.contains("data_metric"), "{text}");
    }

    #[test]
    fn the_full_project_has_a_lake_with_a_queue_subscription_and_integration_per_feed() {
        let shape = Shape::for_objects(500, Project::Full);
        let lake = lake_file();
        assert_eq!(lake.matches("[[container]]").count(), 1);
        assert_eq!(lake.matches("[[storage_queue]]").count(), FEEDS);
        assert_eq!(lake.matches("[[event_subscription]]").count(), FEEDS);
        let account = account_file(&shape);
        assert_eq!(
            account.matches("[[notification_integration]]").count(),
            FEEDS
        );
        assert!(environment_file(&shape, "u", None).contains("[adls]\nsandbox = \"lake\""));
        assert!(environment_file(&shape, "u", Some(16)).contains("max_concurrency = 16\n"));
        // Every pipe reads a folder under its feed's, which that feed's subscription watches.
        let pipes: String = (0..shape.schemas).map(|i| schema_file(&shape, i)).collect();
        for feed in 0..FEEDS {
            let uses = format!("integration = \"{}\"", notification_integration(feed));
            assert_eq!(pipes.matches(&uses).count(), shape.schemas / FEEDS);
            assert!(pipes.contains(&format!("/{}/s0", feed_folder(feed))));
        }
    }

    #[test]
    fn every_table_and_task_lands_in_exactly_one_schema_file() {
        let shape = Shape::for_objects(500, Project::Full);
        let files: Vec<String> = (0..shape.schemas).map(|i| schema_file(&shape, i)).collect();
        let count = |needle: &str| {
            files
                .iter()
                .map(|f| f.matches(needle).count())
                .sum::<usize>()
        };
        assert_eq!(count("[[table]]"), shape.tables);
        assert_eq!(count("[[task]]"), shape.tasks);
        // Each graph's root and each schema's alert run on a schedule.
        assert_eq!(count("schedule = "), shape.graphs() + shape.schemas);
        assert_eq!(count("[[sequence]]"), shape.schemas);
        assert_eq!(count("[[pipe]]"), shape.schemas);
        assert_eq!(count("[[stage]]"), 1);
        assert_eq!(count("ID_SEQ.NEXTVAL"), shape.tables);
        assert_eq!(count("[[dynamic_table]]"), shape.schemas);
        assert_eq!(count("[[alert]]"), shape.schemas);
        // 100 policy and tag attachments: 50 masked columns, 40 filtered tables, 10
        // tagged columns; two policies and one tag.
        assert_eq!(count("masking_policy = "), MASKED);
        assert_eq!(count("row_access_policy = "), ROW_FILTERED);
        assert_eq!(count(".PII\" = "), 2 * TAGGED);
        assert_eq!(
            count("[[masking_policy]]") + count("[[row_access_policy]]") + count("[[tag]]"),
            3
        );
    }
}
