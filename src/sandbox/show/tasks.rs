//! SHOW TASKS (and DESCRIBE TASK, same columns): `state` started / suspended,
//! `predecessors` a pretty-printed JSON array of fully qualified, part-by-part quoted
//! names (`[\n  "\"DB\".\"S\".\"T\""\n]`, `[]` for none), `definition` the SQL after AS
//! and `condition` the WHEN expression, both as written.

use super::{Entry, columns, comment, flag, listed, stamp, terse, text};
use crate::sandbox::catalog::task::quoted_name;
use crate::sandbox::catalog::{Catalog, Task};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::Session;
use crate::sandbox::statement::Show;

const TASK_COLUMNS: [(&str, &str); 22] = [
    ("created_on", "timestamp_ltz"),
    ("name", "text"),
    ("id", "text"),
    ("database_name", "text"),
    ("schema_name", "text"),
    ("owner", "text"),
    ("comment", "text"),
    ("warehouse", "text"),
    ("schedule", "text"),
    ("predecessors", "text"),
    ("state", "text"),
    ("definition", "text"),
    ("condition", "text"),
    ("allow_overlapping_execution", "text"),
    ("error_integration", "text"),
    ("last_committed_on", "timestamp_ltz"),
    ("last_suspended_on", "timestamp_ltz"),
    ("owner_role_type", "text"),
    ("config", "text"),
    ("budget", "text"),
    ("task_relations", "text"),
    ("last_suspended_reason", "text"),
];

/// The `predecessors` cell.
pub fn predecessors_json(task: &Task) -> String {
    let names: Vec<String> = task.predecessors.iter().map(quoted_name).collect();
    if names.is_empty() {
        return "[]".to_string();
    }
    serde_json::to_string_pretty(&names).unwrap_or_else(|_| "[]".to_string())
}

/// Task ids shaped like Snowflake's UUIDs, stable per task.
fn task_id(task: &Task) -> String {
    format!(
        "01b{:05x}-0000-4000-8000-{:012x}",
        task.meta.id >> 48,
        task.meta.id
    )
}

pub fn render(entries: Vec<Entry<'_, Task>>) -> QueryResult {
    let rows = entries
        .into_iter()
        .map(
            |Entry {
                 database,
                 schema,
                 name,
                 object: t,
             }| {
                let relations = serde_json::json!({
                    "Predecessors": t.predecessors.iter().map(quoted_name).collect::<Vec<_>>(),
                });
                vec![
                    stamp(t.meta.created_on),
                    text(name.as_str()),
                    text(task_id(t)),
                    text(database.as_str()),
                    text(schema.as_str()),
                    text(t.meta.owner.clone()),
                    comment(&t.meta.comment),
                    t.warehouse.as_ref().map(|w| w.as_str().to_string()),
                    t.schedule.clone(),
                    text(predecessors_json(t)),
                    text(t.state()),
                    text(t.definition.clone()),
                    t.condition.clone(),
                    flag(t.allow_overlapping_execution, "true", "false"),
                    text(
                        t.error_integration
                            .as_ref()
                            .map_or("null".to_string(), |i| i.as_str().to_string()),
                    ),
                    None,
                    None,
                    text("ROLE"),
                    t.config.clone(),
                    None,
                    text(relations.to_string()),
                    None,
                ]
            },
        )
        .collect();
    QueryResult {
        columns: columns(&TASK_COLUMNS),
        rows,
    }
}

pub fn show(catalog: &Catalog, request: &Show, session: &Session) -> Result<QueryResult, SqlError> {
    let rows = listed::<Task>(catalog, request, session, "SHOW TASKS")?;
    let result = render(rows);
    Ok(if request.terse {
        terse(
            result,
            &["created_on", "name", "id", "database_name", "schema_name"],
            &[],
        )
    } else {
        result
    })
}
