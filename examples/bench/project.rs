//! The generated benchmark project: one database of `schemas` schemas holding tables of
//! eight columns, tasks in chains of ten and an auto-ingest pipe (and per schema a
//! sequence, a dynamic table and an alert), plus the warehouse the tasks run on, the
//! landing stage and the integrations the stage and pipes use, and `roles` roles with
//! their grants (`access.toml`), written as an ordinary lakeform project
//! (`environments/bench.toml` + `schema/*.toml`).
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
/// The storage integration of the landing stage (in the first schema) and the notification
/// integration every schema's auto-ingest pipe reads.
const STORAGE_INTEGRATION: &str = "BENCH_ADLS";
const NOTIFICATION_INTEGRATION: &str = "BENCH_EVENTS";
const STAGE: &str = "LANDING";

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
}

impl Shape {
    /// `objects` split four tasks to one table (4,000 + 1,000 for 5,000), the tasks
    /// rounded down to whole chains.
    pub(crate) fn for_objects(objects: usize) -> Shape {
        let tasks = objects * 4 / 5 / CHAIN_LENGTH * CHAIN_LENGTH;
        Shape {
            tasks,
            tables: objects - tasks,
            schemas: SCHEMAS,
            // 200 roles at 5,000 objects: the governance row.
            roles: objects / 25,
        }
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
/// standalone sandbox at `url`.
pub(crate) fn write(dir: &Path, shape: &Shape, url: &str) -> io::Result<()> {
    let environments = dir.join("environments");
    let schema = dir.join("schema");
    std::fs::create_dir_all(&environments)?;
    std::fs::create_dir_all(&schema)?;
    std::fs::write(
        environments.join(format!("{ENVIRONMENT}.toml")),
        environment_file(url),
    )?;
    std::fs::write(schema.join("account.toml"), account_file(shape))?;
    std::fs::write(schema.join("access.toml"), access_file(shape))?;
    for index in 0..shape.schemas {
        std::fs::write(
            schema.join(format!("{}.toml", schema_name(index).to_lowercase())),
            schema_file(shape, index),
        )?;
    }
    Ok(())
}

fn environment_file(url: &str) -> String {
    // The sandbox accepts any bearer token; `pat` is the simplest authenticator to name.
    format!(
        "include = [\"../schema/*.toml\"]\nprune = false\nbackup = true\n\
         external = [\"landing\"]\n\n\
         [snowflake]\nurl = \"{url}\"\naccount = \"BENCH\"\nuser = \"BENCH\"\n\
         authenticator = \"pat\"\ntoken = \"bench\"\n"
    )
}

fn account_file(shape: &Shape) -> String {
    let mut out = format!(
        "[[warehouse]]\nname = \"{WAREHOUSE}\"\nsize = \"XSMALL\"\nauto_suspend = 60\n\
         auto_resume = true\ninitially_suspended = true\n\n\
         [[storage_integration]]\nname = \"{STORAGE_INTEGRATION}\"\nazure_tenant_id = \"bench\"\n\
         allowed_locations = [\"azure://bench.blob.core.windows.net/landing/\"]\n\n\
         [[notification_integration]]\nname = \"{NOTIFICATION_INTEGRATION}\"\ntype = \"azure_storage_queue\"\n\
         queue_uri = \"https://bench.queue.core.windows.net/landing-events\"\ntenant_id = \"bench\"\n\n\
         [[database]]\nname = \"{DATABASE}\"\ncomment = \"Benchmark: {} tasks and {} tables\"\n",
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
    // The first schema holds the landing stage; every schema with a table loads its first
    // table from its own folder through an auto-ingest pipe.
    if index == 0 {
        let _ = write!(
            out,
            "\n[[stage]]\nname = \"{STAGE}\"\nurl = \"azure://bench.blob.core.windows.net/landing/\"\n\
             storage_integration = \"{STORAGE_INTEGRATION}\"\n"
        );
    }
    if let Some(&first) = tables.first() {
        let _ = write!(
            out,
            "\n[[pipe]]\nname = \"LOAD_PIPE\"\nauto_ingest = true\nintegration = \"{NOTIFICATION_INTEGRATION}\"\n\
             copy = \"COPY INTO {} (ID, NAME) FROM (SELECT $1, $2 FROM @{DATABASE}.{}.{STAGE}/{}/)\"\n",
            table_name(first),
            schema_name(0),
            schema_name(index).to_lowercase()
        );
    }
    for &table in &tables {
        let _ = write!(
            out,
            "\n[[table]]\nname = \"{}\"\ncomment = \"Generated table {table}\"\ncolumns = [\n",
            table_name(table)
        );
        for (name, data_type, nullable) in COLUMNS {
            let default = if name == "ID" {
                format!(", default = \"{ID_SEQUENCE}.NEXTVAL\"")
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  {{ name = \"{name}\", type = \"{data_type}\", nullable = {nullable}{default} }},"
            );
        }
        out.push_str("]\n");
    }
    // One dynamic table per schema summarizes its first table, and one alert watches it,
    // so both kinds are listed (one SHOW each per database) and planned at scale.
    if let Some(&first) = tables.first() {
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

fn table_name(table: usize) -> String {
    format!("T{:05}", table + 1)
}

fn task_name(chain: usize, step: usize) -> String {
    format!("C{:04}_T{:02}", chain + 1, step + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_thousand_objects_are_four_thousand_tasks_in_four_hundred_chains() {
        let shape = Shape::for_objects(5_000);
        assert_eq!(
            (shape.tasks, shape.tables, shape.graphs()),
            (4_000, 1_000, 400)
        );
        assert_eq!(shape.objects(), 5_000);
        assert_eq!(shape.roles, 200);
        let access = access_file(&shape);
        assert_eq!(access.matches("[[role]]").count(), 200);
        assert_eq!(access.matches("member_of = [\"SYSADMIN\"]").count(), 20);
    }

    #[test]
    fn every_table_and_task_lands_in_exactly_one_schema_file() {
        let shape = Shape::for_objects(500);
        let files: Vec<String> = (0..shape.schemas).map(|i| schema_file(&shape, i)).collect();
        let count = |needle: &str| {
            files
                .iter()
                .map(|f| f.matches(needle).count())
                .sum::<usize>()
        };
        assert_eq!(count("[[table]]"), shape.tables);
        assert_eq!(count("[[task]]"), shape.tasks);
        assert_eq!(count("schedule = "), shape.graphs());
        assert_eq!(count("[[sequence]]"), shape.schemas);
        assert_eq!(count("[[pipe]]"), shape.schemas);
        assert_eq!(count("[[stage]]"), 1);
        assert_eq!(count("ID_SEQ.NEXTVAL"), shape.tables);
        assert_eq!(count("[[dynamic_table]]"), shape.schemas);
        assert_eq!(count("[[alert]]"), shape.schemas);
    }
}
