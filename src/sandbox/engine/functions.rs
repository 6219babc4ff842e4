//! `SELECT` without `FROM` — constants, context functions (`CURRENT_TIMESTAMP()`,
//! `CURRENT_DATABASE()` …) and the system functions the tool calls
//! (`SYSTEM$TASK_DEPENDENTS_ENABLE`, `SYSTEM$STREAM_HAS_DATA`, `SYSTEM$PIPE_STATUS`,
//! `SYSTEM$VALIDATE_STORAGE_INTEGRATION`) — and the statements that would move data:
//! `EXECUTE TASK`, `COPY INTO`, `INSERT`.
//!
//! The emulator holds no table data, so a stream never has data and running a task
//! changes nothing but is acknowledged.

use crate::model::identifier::split_parts;
use crate::sandbox::binder::object_name;
use std::path::Path;

use crate::model::identifier::Ident;
use crate::sandbox::catalog::{Catalog, Pipe, Stamp, Stream, Task};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::{QueryResult, ResultColumn};
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::{Expr, RawName, SelectItem};

/// The version CURRENT_VERSION() reports.
const VERSION: &str = "9.0.0-sandbox";

/// Evaluates the items; the flag says whether the catalog changed.
pub(super) fn select_values(
    catalog: &mut Catalog,
    items: &[SelectItem],
    session: &SqlSession,
    now: Stamp,
    lake: Option<&Path>,
) -> Result<(QueryResult, bool), SqlError> {
    let mut columns = Vec::new();
    let mut row = Vec::new();
    let mut changed = false;
    for item in items {
        let (type_name, value) = evaluate(catalog, &item.expr, session, now, lake, &mut changed)?;
        // A literal other than NULL cannot be null, and Snowflake's rowType says so.
        let literal = matches!(item.expr, Expr::Str(_) | Expr::Num(_) | Expr::Bool(_));
        columns.push(ResultColumn {
            nullable: !literal,
            ..ResultColumn::new(item.header.clone(), type_name)
        });
        row.push(value);
    }
    Ok((
        QueryResult {
            columns,
            rows: vec![row],
        },
        changed,
    ))
}

/// The context functions [`evaluate`] computes, without arguments: the values a query
/// the binder answers reads ([`context_constants`]).
const CONTEXT: [&str; 11] = [
    "CURRENT_TIMESTAMP",
    "LOCALTIMESTAMP",
    "SYSDATE",
    "GETDATE",
    "CURRENT_DATE",
    "CURRENT_DATABASE",
    "CURRENT_SCHEMA",
    "CURRENT_ROLE",
    "CURRENT_USER",
    "CURRENT_WAREHOUSE",
    "CURRENT_VERSION",
];

/// The system functions the tool calls, which [`evaluate`] answers too. A name
/// [`evaluate`] answers must be in one of the two lists, or a SELECT calling it goes to
/// the binder, which does not know the system functions.
const SYSTEM: [&str; 5] = [
    "SYSTEM$STREAM_HAS_DATA",
    "SYSTEM$PIPE_STATUS",
    "SYSTEM$PIPE_FORCE_RESUME",
    "SYSTEM$VALIDATE_STORAGE_INTEGRATION",
    "SYSTEM$TASK_DEPENDENTS_ENABLE",
];

/// Whether [`evaluate`] computes every call in `items`. A select list calling another
/// function (a built-in such as `ROUND(1.5)`, or a user's) is the binder's to answer
/// (`engine/query.rs`): it knows every built-in's name and answers by its rules, where
/// the evaluator would call a function it does not compute unknown.
pub(super) fn evaluates(items: &[SelectItem]) -> bool {
    fn computed(expr: &Expr) -> bool {
        match expr {
            Expr::Call { name, args } => {
                let name = name.as_str();
                (CONTEXT.contains(&name) || SYSTEM.contains(&name)) && args.iter().all(computed)
            }
            _ => true,
        }
    }
    items.iter().all(|item| computed(&item.expr))
}

/// The context functions' values for a query the binder answers, by name: the ones
/// [`evaluate`] computes without arguments.
pub(super) fn context_constants(
    catalog: &mut Catalog,
    session: &SqlSession,
    now: Stamp,
) -> Vec<(String, Option<String>)> {
    let mut changed = false;
    CONTEXT
        .iter()
        .filter_map(|name| {
            let call = Expr::Call {
                name: (*name).to_string(),
                args: Vec::new(),
            };
            let (_, value) = evaluate(catalog, &call, session, now, None, &mut changed).ok()?;
            Some(((*name).to_string(), value))
        })
        .collect()
}

fn evaluate(
    catalog: &mut Catalog,
    expr: &Expr,
    session: &SqlSession,
    now: Stamp,
    lake: Option<&Path>,
    changed: &mut bool,
) -> Result<(&'static str, Option<String>), SqlError> {
    Ok(match expr {
        Expr::Str(s) => ("text", Some(s.clone())),
        Expr::Num(n) => ("fixed", Some(n.clone())),
        Expr::Bool(b) => ("boolean", Some(b.to_string())),
        Expr::Null => ("text", None),
        Expr::Call { name, args } => {
            let text_arg = |i: usize| match args.get(i) {
                Some(Expr::Str(s)) => Ok(s.clone()),
                _ => Err(SqlError::unsupported(format!(
                    "{name} expects a string literal argument."
                ))),
            };
            match name.as_str() {
                "CURRENT_TIMESTAMP" | "LOCALTIMESTAMP" | "SYSDATE" | "GETDATE" => {
                    ("timestamp_ltz", Some(now.to_sql_api()))
                }
                "CURRENT_DATE" => (
                    "date",
                    Some(now.0.div_euclid(86_400_000_000_000).to_string()),
                ),
                "CURRENT_DATABASE" => (
                    "text",
                    session.database.as_ref().map(|d| d.as_str().to_string()),
                ),
                "CURRENT_SCHEMA" => (
                    "text",
                    session.schema.as_ref().map(|s| s.as_str().to_string()),
                ),
                "CURRENT_ROLE" => (
                    "text",
                    Some(
                        session
                            .role
                            .clone()
                            .unwrap_or_else(|| crate::sandbox::session::DEFAULT_ROLE.to_string()),
                    ),
                ),
                "CURRENT_USER" => ("text", session.user.clone()),
                "CURRENT_WAREHOUSE" => ("text", session.warehouse.clone()),
                "CURRENT_VERSION" => ("text", Some(VERSION.to_string())),
                "SYSTEM$STREAM_HAS_DATA" => {
                    let name = named_object(&text_arg(0)?, session, "SYSTEM$STREAM_HAS_DATA")?;
                    catalog.get::<Stream>(&name)?;
                    ("boolean", Some("false".to_string()))
                }
                "SYSTEM$PIPE_STATUS" => {
                    let name = named_object(&text_arg(0)?, session, "SYSTEM$PIPE_STATUS")?;
                    let pipe = catalog.get::<Pipe>(&name)?;
                    ("text", Some(pipe.status(catalog, &name)))
                }
                "SYSTEM$PIPE_FORCE_RESUME" => {
                    let name = named_object(&text_arg(0)?, session, "SYSTEM$PIPE_FORCE_RESUME")?;
                    let answer = catalog.get_mut::<Pipe>(&name)?.force_resume();
                    *changed = true;
                    ("text", Some(answer))
                }
                "SYSTEM$VALIDATE_STORAGE_INTEGRATION" => {
                    let answer = validate_storage_integration(
                        catalog,
                        [text_arg(0)?, text_arg(1)?, text_arg(2)?, text_arg(3)?],
                        lake,
                    )?;
                    ("text", Some(answer))
                }
                "SYSTEM$TASK_DEPENDENTS_ENABLE" => {
                    let name =
                        named_object(&text_arg(0)?, session, "SYSTEM$TASK_DEPENDENTS_ENABLE")?;
                    enable_dependents(catalog, &name)?;
                    *changed = true;
                    ("text", Some(String::new()))
                }
                other => return Err(SqlError::unknown_function(other)),
            }
        }
    })
}

/// `SYSTEM$VALIDATE_STORAGE_INTEGRATION('<integration>', '<path>', '<file>', '<action>')`
/// (https://docs.snowflake.com/en/sql-reference/functions/system_validate_storage_integration),
/// answered from the local lake: every action fails when the path's container does not
/// exist there (or the sandbox runs without a lake), `read` fails when the file does not
/// exist and `write` when it does. The integration name is case-sensitive, the path must
/// lie in the integration's allowed locations, and the answer is the documented JSON:
/// `status`, `actions` keyed by upper-case action, and a top-level `message` on failure.
fn validate_storage_integration(
    catalog: &Catalog,
    [integration, path, file, action]: [String; 4],
    lake: Option<&Path>,
) -> Result<String, SqlError> {
    let name = Ident::from_stored(integration.clone());
    let found = catalog.integration(&name)?;
    if !found.is_storage() {
        return Err(SqlError::invalid_value("integration_name", &integration));
    }
    if !found.allows(&path) {
        return Err(SqlError::location_not_allowed(&path, &name.to_sql()));
    }
    let actions: &[&str] = match action.to_ascii_lowercase().as_str() {
        "read" => &["READ"],
        "write" => &["WRITE"],
        "list" => &["LIST"],
        "delete" => &["DELETE"],
        "all" => &["READ", "WRITE", "LIST", "DELETE"],
        _ => return Err(SqlError::invalid_value("validate_action", &action)),
    };
    // azure://<account>.blob.core.windows.net/<container>/<path>
    let location = path
        .strip_prefix("azure://")
        .and_then(|rest| rest.split_once('/'))
        .map(|(_, rest)| rest);
    let (container, prefix) = location
        .map(|l| l.split_once('/').unwrap_or((l, "")))
        .unwrap_or(("", ""));
    let container_dir = lake
        .filter(|_| !container.is_empty())
        .map(|root| root.join(container))
        .filter(|dir| dir.is_dir());
    let mut results = serde_json::Map::new();
    let mut failed = false;
    for action in actions {
        let outcome = match &container_dir {
            None => Err(format!(
                "The specified container does not exist. (Status Code: 404; Error Code: ContainerNotFound) [{container}]"
            )),
            Some(dir) => {
                let exists = dir.join(prefix).join(&file).is_file();
                match *action {
                    "READ" if !exists => Err(format!(
                        "The specified blob does not exist. (Status Code: 404; Error Code: BlobNotFound) [{prefix}{file}]"
                    )),
                    "WRITE" if exists => Err(format!(
                        "The file {prefix}{file} already exists; write validation needs a new file name."
                    )),
                    _ => Ok(()),
                }
            }
        };
        let entry = match outcome {
            Ok(()) => serde_json::json!({ "status": "success" }),
            Err(message) => {
                failed = true;
                serde_json::json!({ "status": "failure", "message": message })
            }
        };
        results.insert((*action).to_string(), entry);
    }
    let mut answer = serde_json::json!({
        "status": if failed { "failure" } else { "success" },
        "actions": results,
    });
    if failed && let Some(fields) = answer.as_object_mut() {
        fields.insert(
            "message".into(),
            "Some of the integration checks failed. Check the Azure permissions.".into(),
        );
    }
    Ok(answer.to_string())
}

/// A name given as a string argument (`'db.s.t'`), resolved like a statement's name.
pub(super) fn named_object(
    text: &str,
    session: &SqlSession,
    action: &str,
) -> Result<crate::model::identifier::ObjectName, SqlError> {
    let parts = split_parts(text).map_err(|_| SqlError::invalid_value(action, text))?;
    object_name(&RawName { parts }, session, action)
}

/// Resumes `root` and every task downstream of it.
fn enable_dependents(
    catalog: &mut Catalog,
    root: &crate::model::identifier::ObjectName,
) -> Result<(), SqlError> {
    let task = catalog.get::<Task>(root)?;
    if !task.is_root() {
        catalog.ensure_graph_suspended(root)?;
    }
    let mut names = catalog.task_descendants(root);
    names.push(root.clone());
    for name in names {
        catalog.get_mut::<Task>(&name)?.started = true;
    }
    Ok(())
}

/// `EXECUTE TASK t [ USING CONFIG = … | RETRY … ]`
/// (https://docs.snowflake.com/en/sql-reference/sql/execute-task): the task must exist
/// and be a standalone or root task ("If a child task is input, the command returns a
/// user error"); a `USING CONFIG` string must be a JSON object, the format of the task's
/// CONFIG; a retry needs a failed or canceled graph run, which the sandbox never has.
pub(super) fn execute_task(
    catalog: &Catalog,
    run: &crate::sandbox::statement::ExecuteTask,
    session: &SqlSession,
) -> Result<QueryResult, SqlError> {
    use crate::sandbox::statement::TaskRun;
    let name = object_name(&run.name, session, "EXECUTE TASK")?;
    let task = catalog.get::<Task>(&name)?;
    if !task.predecessors.is_empty() {
        return Err(SqlError::unsupported(format!(
            "Cannot execute task {name}: only a root task can be executed manually."
        )));
    }
    match &run.run {
        TaskRun::New {
            config: Some(config),
        } => {
            let parsed = serde_json::from_str::<serde_json::Value>(config);
            if !matches!(parsed, Ok(serde_json::Value::Object(_))) {
                return Err(SqlError::invalid_value("CONFIG", config));
            }
        }
        TaskRun::New { config: None } => {}
        TaskRun::RetryLast | TaskRun::RetryGroup(_) => {
            return Err(SqlError::no_failed_task_run(&name.to_string()));
        }
    }
    Ok(QueryResult::status(format!(
        "Task {} is scheduled to run immediately.",
        name.name.as_str()
    )))
}

/// `COPY INTO`: the table, stages, named file formats and an external location's
/// integration must exist; with no files in the
/// sandbox the load processes none, as Snowflake reports for an empty location.
pub(super) fn copy_into(
    catalog: &Catalog,
    copy: &crate::sandbox::statement::copy::CopyInto,
    session: &SqlSession,
) -> Result<QueryResult, SqlError> {
    let action = "COPY";
    let table = object_name(&copy.table, session, action)?;
    catalog.get::<crate::sandbox::catalog::Table>(&table)?;
    for stage in &copy.stages {
        let stage = object_name(stage, session, action)?;
        catalog.get::<crate::sandbox::catalog::Stage>(&stage)?;
    }
    check_format_names(catalog, &copy.format_names, session, action)?;
    catalog.check_location_authentication(&copy.authentication, copy.location.as_deref())?;
    Ok(QueryResult::status("Copy executed with 0 files processed."))
}

/// Every `FORMAT_NAME` a COPY gives must name an existing file format.
fn check_format_names(
    catalog: &Catalog,
    format_names: &[String],
    session: &SqlSession,
    action: &str,
) -> Result<(), SqlError> {
    for format in format_names {
        let parts =
            split_parts(format).map_err(|_| SqlError::invalid_value("FORMAT_NAME", format))?;
        let name = object_name(&RawName { parts }, session, action)?;
        if catalog
            .find::<crate::sandbox::catalog::FileFormat>(&name)
            .is_none()
        {
            return Err(SqlError::does_not_exist("File format", &name.to_string()));
        }
    }
    Ok(())
}

/// `COPY INTO <location>`: the stage, the table (or what the query reads) and any named
/// file format must exist. The sandbox holds no rows, so the answer is the documented
/// output with zeros: `rows_unloaded`, `input_bytes`, `output_bytes`, or with
/// `DETAILED_OUTPUT = TRUE` the per-file columns `FILE_NAME`, `FILE_SIZE`, `ROW_COUNT`
/// and no file (https://docs.snowflake.com/en/sql-reference/sql/copy-into-location).
pub(super) fn copy_unload(
    catalog: &Catalog,
    copy: &crate::sandbox::statement::copy::CopyUnload,
    session: &SqlSession,
) -> Result<QueryResult, SqlError> {
    let action = "COPY";
    for stage in &copy.stages {
        let stage = object_name(stage, session, action)?;
        catalog.get::<crate::sandbox::catalog::Stage>(&stage)?;
    }
    let sources = crate::sandbox::binder::object_names(&copy.sources, session, action)?;
    catalog.query_sources(&sources, None)?;
    check_format_names(catalog, &copy.format_names, session, action)?;
    catalog.check_location_authentication(&copy.authentication, copy.location.as_deref())?;
    if copy.detailed_output {
        return Ok(QueryResult {
            columns: vec![
                ResultColumn::new("FILE_NAME", "text"),
                ResultColumn::new("FILE_SIZE", "fixed"),
                ResultColumn::new("ROW_COUNT", "fixed"),
            ],
            rows: Vec::new(),
        });
    }
    Ok(QueryResult {
        columns: ["rows_unloaded", "input_bytes", "output_bytes"]
            .into_iter()
            .map(|name| ResultColumn::new(name, "fixed"))
            .collect(),
        rows: vec![vec![Some("0".to_string()); 3]],
    })
}

/// `INSERT`: the table must exist, and so must what the query reads.
/// Nothing is stored; the count reports the VALUES tuples given (a SELECT reads no rows
/// here).
pub(super) fn insert(
    catalog: &Catalog,
    insert: &crate::sandbox::statement::insert::Insert,
    session: &SqlSession,
) -> Result<QueryResult, SqlError> {
    let action = "INSERT";
    // Their column lists and the query are compiled by the binder afterwards
    // (`merge::compile`).
    for table in &insert.tables {
        let table = object_name(table, session, action)?;
        catalog.get::<crate::sandbox::catalog::Table>(&table)?;
    }
    let references = crate::sandbox::binder::object_names(&insert.references, session, action)?;
    catalog.query_sources(&references, None)?;
    // One count per INTO: the docs show no multi-table INSERT's result, so its columns
    // take the single-table name, one per target in order.
    Ok(QueryResult {
        columns: insert
            .tables
            .iter()
            .map(|_| ResultColumn::new("number of rows inserted", "fixed"))
            .collect(),
        rows: vec![
            insert
                .tables
                .iter()
                .map(|_| Some(insert.values_rows.to_string()))
                .collect(),
        ],
    })
}

/// `LIST @stage`: the stage (or the table whose stage it is) must exist; the answer has
/// LIST's columns, `name`, `size`, `md5` and `last_modified`
/// (https://docs.snowflake.com/en/sql-reference/sql/list), and no rows: the emulator's
/// stages hold no files (nothing is PUT to them, and it reads no external storage).
pub(super) fn list(
    catalog: &Catalog,
    listed: &crate::sandbox::statement::list::Listed,
    session: &SqlSession,
) -> Result<QueryResult, SqlError> {
    use crate::sandbox::statement::list::Listed;
    let action = "LIST";
    match listed {
        Listed::Named(name) => {
            catalog.get::<crate::sandbox::catalog::Stage>(&object_name(name, session, action)?)?;
        }
        Listed::Table(name) => {
            catalog.get::<crate::sandbox::catalog::Table>(&object_name(name, session, action)?)?;
        }
        Listed::User => {}
    }
    Ok(QueryResult {
        columns: vec![
            ResultColumn::new("name", "text"),
            ResultColumn::new("size", "fixed"),
            ResultColumn::new("md5", "text"),
            ResultColumn::new("last_modified", "text"),
        ],
        rows: Vec::new(),
    })
}
