//! Task DDL and its in-place changes: `SET`/`UNSET` of warehouse and schedule,
//! `MODIFY AS`, `MODIFY WHEN`, `REMOVE WHEN`, `ADD`/`REMOVE AFTER`, `SUSPEND`, `RESUME`.
//!
//! Snowflake only alters a task while it (and, in a graph, its root) is suspended; the
//! order of suspends and resumes is apply's business, not this module's. [`create`]
//! leaves the task suspended, as Snowflake does.

use crate::kinds::ddl::CreateMode;
use crate::kinds::task::Task;
use crate::model::identifier::{Ident, ObjectName};
use crate::model::schedule::Schedule;
use crate::sql::CanonicalSql;
use crate::sql::quote::{comment_clause, literal, name_list};

pub(crate) fn create(task: &Task, mode: CreateMode) -> String {
    let mut clauses = String::new();
    if let Some(warehouse) = &task.warehouse {
        clauses.push_str(&format!(" WAREHOUSE = {warehouse}"));
    }
    if let Some(schedule) = &task.schedule {
        clauses.push_str(&format!(" SCHEDULE = {}", literal(&schedule.to_string())));
    }
    clauses.push_str(&comment_clause(task.comment.as_deref()));
    if !task.after.is_empty() {
        clauses.push_str(&format!(" AFTER {}", name_list(&task.after)));
    }
    if let Some(when) = &task.when {
        clauses.push_str(&format!(" WHEN {}", when.text()));
    }
    format!(
        "{} TASK {}{clauses} AS {}",
        mode.verb(),
        task.name,
        task.sql.text()
    )
}

/// One in-place change of a task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaskChange {
    /// `None` makes the task serverless (`UNSET WAREHOUSE`).
    Warehouse(Option<Ident>),
    Schedule(Option<Schedule>),
    /// `MODIFY AS`: the task's statement.
    ModifyAs(CanonicalSql),
    /// `MODIFY WHEN`, or `REMOVE WHEN` for `None`.
    When(Option<CanonicalSql>),
    AddAfter(Vec<ObjectName>),
    RemoveAfter(Vec<ObjectName>),
    Suspend,
    Resume,
}

pub fn alter(name: &ObjectName, change: &TaskChange) -> String {
    let target = format!("ALTER TASK {name}");
    match change {
        TaskChange::Warehouse(Some(w)) => format!("{target} SET WAREHOUSE = {w}"),
        TaskChange::Warehouse(None) => format!("{target} UNSET WAREHOUSE"),
        TaskChange::Schedule(Some(s)) => {
            format!("{target} SET SCHEDULE = {}", literal(&s.to_string()))
        }
        TaskChange::Schedule(None) => format!("{target} UNSET SCHEDULE"),
        TaskChange::ModifyAs(sql) => format!("{target} MODIFY AS {}", sql.text()),
        TaskChange::When(Some(when)) => format!("{target} MODIFY WHEN {}", when.text()),
        TaskChange::When(None) => format!("{target} REMOVE WHEN"),
        TaskChange::AddAfter(p) => format!("{target} ADD AFTER {}", name_list(p)),
        TaskChange::RemoveAfter(p) => format!("{target} REMOVE AFTER {}", name_list(p)),
        TaskChange::Suspend => format!("{target} SUSPEND"),
        TaskChange::Resume => format!("{target} RESUME"),
    }
}

/// `SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('<root>')`: resumes a root task and every task
/// that depends on it in one statement.
pub(crate) fn enable_dependents(root: &ObjectName) -> String {
    format!(
        "SELECT SYSTEM$TASK_DEPENDENTS_ENABLE({})",
        literal(&root.to_string())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::task::TaskState;

    fn task() -> Task {
        Task {
            name: ObjectName::parse("PR.SILVER.MERGE_TASK").unwrap(),
            warehouse: Some(Ident::from_stored("COMPUTE_WH")),
            schedule: None,
            after: vec![
                ObjectName::parse("PR.BRONZE.LOAD_A").unwrap(),
                ObjectName::parse("PR.BRONZE.\"load b\"").unwrap(),
            ],
            when: Some(CanonicalSql::new("SYSTEM$STREAM_HAS_DATA('PR.BRONZE.S')")),
            sql: CanonicalSql::new("CALL PR.SILVER.MERGE_CUSTOMER()"),
            state: TaskState::Started,
            comment: Some("merge".into()),
            uses: Default::default(),
        }
    }

    #[test]
    fn renders_create() {
        assert_eq!(
            create(&task(), CreateMode::Create),
            "CREATE TASK PR.SILVER.MERGE_TASK WAREHOUSE = COMPUTE_WH COMMENT = 'merge' AFTER PR.BRONZE.LOAD_A, PR.BRONZE.\"load b\" WHEN SYSTEM$STREAM_HAS_DATA('PR.BRONZE.S') AS CALL PR.SILVER.MERGE_CUSTOMER()"
        );
        let mut root = task();
        root.after.clear();
        root.when = None;
        root.schedule = Some(Schedule::parse("USING CRON 0 2 * * * UTC").unwrap());
        assert_eq!(
            create(&root, CreateMode::Create),
            "CREATE TASK PR.SILVER.MERGE_TASK WAREHOUSE = COMPUTE_WH SCHEDULE = 'USING CRON 0 2 * * * UTC' COMMENT = 'merge' AS CALL PR.SILVER.MERGE_CUSTOMER()"
        );
    }

    #[test]
    fn renders_changes() {
        let name = task().name;
        assert_eq!(
            alter(
                &name,
                &TaskChange::Schedule(Some(Schedule::parse("5 minutes").unwrap()))
            ),
            "ALTER TASK PR.SILVER.MERGE_TASK SET SCHEDULE = '5 MINUTE'"
        );
        assert_eq!(
            alter(&name, &TaskChange::When(None)),
            "ALTER TASK PR.SILVER.MERGE_TASK REMOVE WHEN"
        );
        assert_eq!(
            alter(&name, &TaskChange::RemoveAfter(task().after)),
            "ALTER TASK PR.SILVER.MERGE_TASK REMOVE AFTER PR.BRONZE.LOAD_A, PR.BRONZE.\"load b\""
        );
        assert_eq!(
            alter(&name, &TaskChange::ModifyAs(CanonicalSql::new("SELECT 1"))),
            "ALTER TASK PR.SILVER.MERGE_TASK MODIFY AS SELECT 1"
        );
        assert_eq!(
            alter(&name, &TaskChange::Resume),
            "ALTER TASK PR.SILVER.MERGE_TASK RESUME"
        );
    }
}
