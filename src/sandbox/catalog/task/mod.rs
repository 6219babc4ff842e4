//! Tasks and task graphs.
//!
//! Rules (Snowflake's): new tasks are suspended; all tasks of a graph live in one
//! database and schema; a graph has no cycles; a child has no schedule; a task whose
//! graph root is started cannot be changed — not its properties, body, condition or
//! predecessors, not suspended or resumed (unless it is the root itself), and no task can
//! be added after it. Resuming a child while its root is suspended is allowed (that is
//! how graphs are started: children first, then the root).
//!
//! Graph walks go up through `predecessors` (cheap) and down by scanning the tasks of the
//! one schema a graph can live in.
//!
//! A registered kind (`sandbox/registry.rs`) whose graph needs every hook
//! [`SandboxKind`] offers beyond CREATE and ALTER: SUSPEND / RESUME (`verb`), `COMMENT ON`
//! as its own SET (refused while the graph runs), CREATE OR REPLACE and DROP of a task
//! only while its graph is suspended (`check_replace`, `check_drop`), and a dropped
//! task's children losing it (`dropped`). Its grammar is in [`grammar`].

use std::collections::{BTreeSet, VecDeque};

use serde::{Deserialize, Serialize};

pub(crate) mod grammar;

use super::rows::{DescribeRows, Entry, ShowRows, comment, flag, render, stamp, text};
use super::{
    Catalog, Meta, Names, SandboxKind, Schema, SchemaObject, Stamp, bool_value, comment_property,
    text_value, unsigned_value,
};
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::{AlterAction, Parser, Property, RawName, Value};
use grammar::{TaskAlter, TaskChange, TaskDefinition};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Task {
    pub(crate) meta: Meta,
    pub warehouse: Option<Ident>,
    pub schedule: Option<String>,
    pub(crate) predecessors: Vec<ObjectName>,
    pub(crate) condition: Option<String>,
    pub(crate) definition: String,
    pub(crate) started: bool,
    pub(crate) allow_overlapping_execution: bool,
    pub(crate) error_integration: Option<Ident>,
    pub(crate) config: Option<String>,
    /// SHOW TASKS `last_suspended_reason` (bundle 2023_08, bcr-1385:
    /// https://docs.snowflake.com/en/release-notes/bcr-bundles/2023_08/bcr-1385-1414):
    /// `USER_SUSPENDED` after ALTER … SUSPEND, `CHILD_BECAME_ROOT` after a child lost
    /// all its predecessors.
    #[serde(default)]
    pub(crate) last_suspended_reason: Option<String>,
    /// SHOW TASKS `last_suspended_on`, for roots and children alike since the same
    /// bundle.
    #[serde(default)]
    pub(crate) last_suspended_on: Option<Stamp>,
    /// `USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE` of a serverless task (no WAREHOUSE).
    #[serde(default)]
    pub(crate) managed_initial_warehouse_size: Option<String>,
    /// `FINALIZE = <root>`: the root task this finalizer task finishes
    /// (https://docs.snowflake.com/en/sql-reference/sql/create-task).
    #[serde(default)]
    pub(crate) finalize: Option<ObjectName>,
}

impl Task {
    pub(crate) fn new(meta: Meta, definition: String) -> Task {
        Task {
            meta,
            warehouse: None,
            schedule: None,
            predecessors: Vec::new(),
            condition: None,
            definition,
            started: false,
            allow_overlapping_execution: false,
            error_integration: None,
            config: None,
            last_suspended_reason: None,
            last_suspended_on: None,
            managed_initial_warehouse_size: None,
            finalize: None,
        }
    }

    /// Suspends the task, recording why.
    pub(crate) fn suspend(&mut self, reason: &str, now: Stamp) {
        self.started = false;
        self.last_suspended_reason = Some(reason.to_string());
        self.last_suspended_on = Some(now);
    }

    /// Removes `removed` from the predecessors. A child is suspended when it loses a
    /// predecessor (ALTER TASK … REMOVE AFTER: "The child task is suspended
    /// automatically", https://docs.snowflake.com/en/sql-reference/sql/alter-task), and
    /// one that lost them all is a root, suspended with reason `CHILD_BECAME_ROOT`
    /// (https://docs.snowflake.com/en/user-guide/tasks-graphs; the reason:
    /// https://docs.snowflake.com/en/release-notes/bcr-bundles/2023_08/bcr-1385-1414).
    /// The docs give no reason for a child that keeps other predecessors; its reason is
    /// left as it was.
    pub(crate) fn lose_predecessors(&mut self, removed: &[ObjectName], now: Stamp) {
        let before = self.predecessors.len();
        self.predecessors.retain(|p| !removed.contains(p));
        if self.predecessors.len() == before {
            return;
        }
        self.started = false;
        self.last_suspended_on = Some(now);
        if self.predecessors.is_empty() {
            self.last_suspended_reason = Some("CHILD_BECAME_ROOT".to_string());
        }
    }

    /// A root heads its graph: no predecessors and not a finalizer (a finalizer belongs
    /// to its root's graph).
    pub(crate) fn is_root(&self) -> bool {
        self.predecessors.is_empty() && self.finalize.is_none()
    }

    pub(crate) fn state(&self) -> &'static str {
        if self.started { "started" } else { "suspended" }
    }
}

/// The longest interval a task schedule takes: 11520 minutes (8 days), "the maximum
/// supported value" of `<num> MINUTE`
/// (https://docs.snowflake.com/en/sql-reference/sql/create-task#optional-parameters).
const MAX_INTERVAL_SECONDS: u64 = 11_520 * 60;

/// `'N MINUTE[S]'`, `'N SECOND[S]'`, `'N HOUR[S]'` (and their short forms) within the
/// 8-day bound, or `'USING CRON <5 fields> <IANA time zone>'` with every field in range
/// (minute 0-59, hour 0-23, day 1-31 or L, month 1-12 or JAN-DEC, weekday 0-7 or
/// SUN-SAT, with `*`, lists, ranges and steps: the subset of cron CREATE TASK documents).
/// The docs state the bound in minutes only; hours and seconds are held to the same
/// 8 days.
pub(crate) fn valid_schedule(schedule: &str) -> bool {
    let words: Vec<&str> = schedule.split_whitespace().collect();
    match words.as_slice() {
        [n, unit] => {
            let seconds_per = match unit.to_uppercase().as_str() {
                "MINUTE" | "MINUTES" | "M" => 60,
                "SECOND" | "SECONDS" | "S" => 1,
                "HOUR" | "HOURS" | "H" => 3_600,
                _ => return false,
            };
            n.parse::<u64>().is_ok_and(|n| {
                n > 0
                    && n.checked_mul(seconds_per)
                        .is_some_and(|s| s <= MAX_INTERVAL_SECONDS)
            })
        }
        // The cron grammar and the time zone check are lakeform's own (the desired
        // state is held to the same rule).
        [using, cron, ..]
            if using.eq_ignore_ascii_case("USING") && cron.eq_ignore_ascii_case("CRON") =>
        {
            matches!(
                crate::model::schedule::Schedule::parse(schedule),
                Ok(crate::model::schedule::Schedule::Cron { .. })
            )
        }
        _ => false,
    }
}

/// A predecessor as SHOW TASKS prints it: every part quoted.
pub(crate) fn quoted_name(name: &ObjectName) -> String {
    [&name.database, &name.schema, &name.name]
        .iter()
        .map(|p| format!("\"{}\"", p.as_str().replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(".")
}

impl Catalog {
    /// Applies task properties (CREATE or ALTER … SET), checking the warehouse exists and
    /// the schedule is well-formed.
    pub(crate) fn apply_task_properties(
        &self,
        task: &mut Task,
        properties: &[Property],
    ) -> Result<(), SqlError> {
        // One statement names one compute model: "[ { WAREHOUSE = <string> } |
        // { USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE = <string> } ]", and "if WAREHOUSE
        // = string parameter is specified, then setting this parameter produces a user
        // error" (https://docs.snowflake.com/en/sql-reference/sql/create-task,
        // https://docs.snowflake.com/en/sql-reference/sql/alter-task).
        let has = |key: &str| properties.iter().any(|p| p.key == key);
        if has("WAREHOUSE") && has("USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE") {
            return Err(SqlError::conflicting_properties(
                "WAREHOUSE",
                "USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE",
            ));
        }
        for property in properties {
            if comment_property(&mut task.meta, property)? {
                continue;
            }
            match property.key.as_str() {
                "WAREHOUSE" => {
                    let name = single_ident(property)?;
                    if !self.account.warehouses.contains_key(&name) {
                        return Err(SqlError::does_not_exist("Warehouse", &name.to_sql()));
                    }
                    task.warehouse = Some(name);
                    // Setting a warehouse on a serverless task makes it user-managed
                    // (ALTER TASK's WAREHOUSE: the docs do not say what becomes of the
                    // managed size; it no longer applies, so it is dropped).
                    task.managed_initial_warehouse_size = None;
                }
                "SCHEDULE" => {
                    let schedule = match &property.value {
                        Value::Str(s) => s.clone(),
                        _ => {
                            return Err(SqlError::invalid_value(
                                "SCHEDULE",
                                &super::display_value(property),
                            ));
                        }
                    };
                    if !valid_schedule(&schedule) {
                        return Err(SqlError::invalid_value("SCHEDULE", &schedule));
                    }
                    task.schedule = Some(schedule);
                }
                "ALLOW_OVERLAPPING_EXECUTION" => {
                    task.allow_overlapping_execution = bool_value(property)?
                }
                "ERROR_INTEGRATION" => task.error_integration = Some(single_ident(property)?),
                "CONFIG" => task.config = Some(text_value(property)?),
                "USER_TASK_TIMEOUT_MS"
                | "SUSPEND_TASK_AFTER_NUM_FAILURES"
                | "TASK_AUTO_RETRY_ATTEMPTS"
                | "USER_TASK_MINIMUM_TRIGGER_INTERVAL_IN_SECONDS" => {
                    unsigned_value(property)?;
                }
                "USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE" => {
                    let size = text_value(property)?;
                    if super::warehouse::show_size(&size).is_none() {
                        return Err(SqlError::invalid_value(&property.key, &size));
                    }
                    task.managed_initial_warehouse_size = Some(size.to_uppercase());
                    // The reverse switch: a managed size makes the task serverless
                    // (docs silent on the old warehouse, as above).
                    task.warehouse = None;
                }
                "TIMEZONE"
                | "QUERY_TAG"
                | "STATEMENT_TIMEOUT_IN_SECONDS"
                | "TIMESTAMP_INPUT_FORMAT" => {
                    text_value(property)?;
                }
                _ => return Err(SqlError::invalid_property(&property.key, "TASK")),
            }
        }
        Ok(())
    }

    pub(crate) fn unset_task_properties(task: &mut Task, keys: &[String]) -> Result<(), SqlError> {
        for key in keys {
            match key.as_str() {
                "WAREHOUSE" => task.warehouse = None,
                "SCHEDULE" => task.schedule = None,
                "COMMENT" => task.meta.comment = None,
                "ALLOW_OVERLAPPING_EXECUTION" => task.allow_overlapping_execution = false,
                "ERROR_INTEGRATION" => task.error_integration = None,
                "CONFIG" => task.config = None,
                "USER_TASK_TIMEOUT_MS"
                | "SUSPEND_TASK_AFTER_NUM_FAILURES"
                | "TASK_AUTO_RETRY_ATTEMPTS"
                | "TIMEZONE"
                | "QUERY_TAG" => {}
                "USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE" => {
                    task.managed_initial_warehouse_size = None
                }
                _ => return Err(SqlError::invalid_property(key, "TASK")),
            }
        }
        Ok(())
    }

    /// The roots of the graph `name` belongs to (itself when it has no predecessors).
    pub(crate) fn task_roots(&self, name: &ObjectName) -> Vec<ObjectName> {
        let mut roots = Vec::new();
        let mut seen = BTreeSet::new();
        let mut queue = VecDeque::from([name.clone()]);
        while let Some(current) = queue.pop_front() {
            if !seen.insert(current.clone()) {
                continue;
            }
            match self.find::<Task>(&current) {
                Some(task) if !task.is_root() => {
                    queue.extend(task.predecessors.iter().cloned());
                    queue.extend(task.finalize.iter().cloned());
                }
                Some(_) => roots.push(current),
                None => {}
            }
        }
        roots
    }

    /// Refuses a change to the graph of `name` while its root runs.
    pub(crate) fn ensure_graph_suspended(&self, name: &ObjectName) -> Result<(), SqlError> {
        for root in self.task_roots(name) {
            if self.find::<Task>(&root).is_some_and(|t| t.started) {
                return Err(SqlError::root_task_not_suspended(&root.to_string()));
            }
        }
        Ok(())
    }

    /// Checks predecessors for `task`: they exist, share its schema, do not close a cycle,
    /// and their graphs are suspended.
    pub(crate) fn check_predecessors(
        &self,
        task: &ObjectName,
        predecessors: &[ObjectName],
    ) -> Result<(), SqlError> {
        for predecessor in predecessors {
            if predecessor.schema_name() != task.schema_name() {
                return Err(SqlError::task_predecessor_elsewhere(
                    &task.to_string(),
                    &predecessor.to_string(),
                ));
            }
            // "A finalizer task can't have any child tasks"
            // (https://docs.snowflake.com/en/user-guide/tasks-graphs#finalizer-task).
            if self.get::<Task>(predecessor)?.finalize.is_some() {
                return Err(SqlError::unsupported(format!(
                    "Task {task} cannot run after {predecessor}: a finalizer task has no child tasks."
                )));
            }
            if predecessor == task || self.is_ancestor(task, predecessor) {
                return Err(SqlError::task_cycle(
                    &task.to_string(),
                    &predecessor.to_string(),
                ));
            }
            self.ensure_graph_suspended(predecessor)?;
        }
        Ok(())
    }

    /// True when `ancestor` is reachable upwards from `task`.
    fn is_ancestor(&self, ancestor: &ObjectName, task: &ObjectName) -> bool {
        let mut seen = BTreeSet::new();
        let mut queue = VecDeque::from([task.clone()]);
        while let Some(current) = queue.pop_front() {
            if &current == ancestor {
                return true;
            }
            if !seen.insert(current.clone()) {
                continue;
            }
            if let Some(t) = self.find::<Task>(&current) {
                queue.extend(t.predecessors.iter().cloned());
            }
        }
        false
    }

    /// Every task downstream of `root` (not including it), found in its schema.
    pub(crate) fn task_descendants(&self, root: &ObjectName) -> Vec<ObjectName> {
        let Ok(schema) = self.schema(&root.schema_name()) else {
            return Vec::new();
        };
        let mut found: BTreeSet<ObjectName> = BTreeSet::new();
        let mut frontier = vec![root.clone()];
        while let Some(parent) = frontier.pop() {
            for (name, task) in &schema.objects.tasks {
                let child = ObjectName::new(&root.schema_name(), name.clone());
                if task.predecessors.contains(&parent) && found.insert(child.clone()) {
                    frontier.push(child);
                }
            }
        }
        if let Some(finalizer) = self.finalizer_of(root) {
            found.insert(finalizer);
        }
        found.into_iter().collect()
    }

    /// The finalizer task of `root`, if one names it in `FINALIZE`.
    pub(crate) fn finalizer_of(&self, root: &ObjectName) -> Option<ObjectName> {
        let schema = self.schema(&root.schema_name()).ok()?;
        Task::map(schema)
            .iter()
            .find(|(_, t)| t.finalize.as_ref() == Some(root))
            .map(|(name, _)| ObjectName::new(&root.schema_name(), name.clone()))
    }

    /// Checks `task` (as it would be after the statement) may finalize `root`, per the
    /// finalizer rules of https://docs.snowflake.com/en/user-guide/tasks-graphs#finalizer-task
    /// and https://docs.snowflake.com/en/sql-reference/sql/create-task: the root exists in
    /// the same schema and is a root; "each root task can only have one finalizer task";
    /// the finalizer has no schedule, no predecessors and no child tasks, and is not
    /// itself a root with a finalizer. The root's graph must be suspended, as for any
    /// change to a graph.
    pub(crate) fn check_finalizer(
        &self,
        name: &ObjectName,
        task: &Task,
        root: &ObjectName,
    ) -> Result<(), SqlError> {
        let refuse = |reason: &str| Err(SqlError::task_finalizer(&name.to_string(), reason));
        if root.schema_name() != name.schema_name() {
            return refuse(&format!(
                "root task {root} is not in the same database and schema."
            ));
        }
        if root == name {
            return refuse("a task cannot finalize itself.");
        }
        if !self.get::<Task>(root)?.is_root() {
            return refuse(&format!("{root} is not a root task."));
        }
        if task.schedule.is_some() {
            return refuse("a finalizer task cannot have a schedule.");
        }
        if !task.predecessors.is_empty() {
            return refuse("a finalizer task cannot have predecessors (AFTER).");
        }
        if !self.task_descendants(name).is_empty() {
            return refuse("a finalizer task cannot have child tasks.");
        }
        if let Some(other) = self.finalizer_of(root)
            && &other != name
        {
            return refuse(&format!(
                "root task {root} already has finalizer task {other}."
            ));
        }
        self.ensure_graph_suspended(root)
    }

    /// After a task is dropped, its children lose it as a predecessor (and become
    /// suspended roots when it was their only one: [`Task::lose_predecessors`]).
    pub(crate) fn forget_predecessor(&mut self, dropped: &ObjectName, now: Stamp) {
        if let Ok(schema) = self.schema_mut(&dropped.schema_name()) {
            for task in schema.objects.tasks.values_mut() {
                task.lose_predecessors(std::slice::from_ref(dropped), now);
                // The docs are silent on a finalizer whose root is dropped; it is left a
                // standalone task, suspended like a child that lost its predecessor.
                if task.finalize.as_ref() == Some(dropped) {
                    task.finalize = None;
                    task.started = false;
                    task.last_suspended_on = Some(now);
                }
            }
        }
    }
}

impl Catalog {
    /// The task CREATE TASK defines (https://docs.snowflake.com/en/sql-reference/sql/create-task):
    /// its properties, predecessors (never beside a schedule), condition and finalizer,
    /// each checked against the catalog.
    pub(crate) fn build_task(
        &self,
        name: &ObjectName,
        meta: Meta,
        definition: TaskDefinition,
    ) -> Result<Task, SqlError> {
        let mut task = Task::new(meta, definition.body);
        let (properties, finalize) = split_finalize(&definition.properties, name)?;
        self.apply_task_properties(&mut task, &properties)?;
        let predecessors = predecessor_names(&definition.after, name);
        if !predecessors.is_empty() && task.schedule.is_some() {
            return Err(scheduled_child(name));
        }
        self.check_predecessors(name, &predecessors)?;
        task.predecessors = predecessors;
        task.condition = definition.condition;
        if let Some(root) = finalize {
            self.check_finalizer(name, &task, &root)?;
            task.finalize = Some(root);
        }
        Ok(task)
    }

    /// ALTER TASK SUSPEND / RESUME (https://docs.snowflake.com/en/sql-reference/sql/alter-task)
    /// of one task, a copy of the task stored under `name`: a child only while its graph
    /// is suspended.
    fn suspend_or_resume(
        &self,
        name: &ObjectName,
        task: &mut Task,
        resume: bool,
        now: Stamp,
    ) -> Result<(), SqlError> {
        if !task.is_root() {
            self.ensure_graph_suspended(name)?;
        }
        if resume {
            task.started = true;
        } else {
            task.suspend("USER_SUSPENDED", now);
        }
        Ok(())
    }

    /// Every other ALTER TASK change (same page), on `changed`, a copy of the task stored
    /// under `name`: only while the graph is suspended, checked for a schedule beside
    /// predecessors and for finalizers; the engine stores the copy when all holds.
    fn alter_task(
        &self,
        name: &ObjectName,
        changed: &mut Task,
        action: TaskChange,
        now: Stamp,
    ) -> Result<(), SqlError> {
        self.ensure_graph_suspended(name)?;
        match action {
            TaskChange::Set(props) => {
                let (props, finalize) = split_finalize(&props, name)?;
                self.apply_task_properties(changed, &props)?;
                if finalize.is_some() {
                    changed.finalize = finalize;
                }
            }
            TaskChange::Unset(keys) => {
                // `UNSET FINALIZE` detaches the finalizer from its root
                // (https://docs.snowflake.com/en/sql-reference/sql/alter-task).
                let keys: Vec<String> = keys
                    .iter()
                    .filter(|k| {
                        if k.as_str() == "FINALIZE" {
                            changed.finalize = None;
                            false
                        } else {
                            true
                        }
                    })
                    .cloned()
                    .collect();
                Catalog::unset_task_properties(changed, &keys)?
            }
            TaskChange::Own(TaskAlter::ModifyAs(body)) => changed.definition = body,
            TaskChange::Own(TaskAlter::ModifyWhen(condition)) => {
                changed.condition = Some(condition)
            }
            TaskChange::Own(TaskAlter::RemoveWhen) => changed.condition = None,
            TaskChange::Own(TaskAlter::AddAfter(raw)) => {
                let added = predecessor_names(&raw, name);
                self.check_predecessors(name, &added)?;
                for predecessor in added {
                    if !changed.predecessors.contains(&predecessor) {
                        changed.predecessors.push(predecessor);
                    }
                }
            }
            TaskChange::Own(TaskAlter::RemoveAfter(raw)) => {
                let removed = predecessor_names(&raw, name);
                changed.lose_predecessors(&removed, now);
            }
        }
        if changed.schedule.is_some() && !changed.predecessors.is_empty() {
            return Err(scheduled_child(name));
        }
        if let Some(root) = changed.finalize.clone() {
            self.check_finalizer(name, changed, &root)?;
        }
        if !changed.predecessors.is_empty()
            && let Some(finalizer) = self.finalizer_of(name)
        {
            return Err(SqlError::task_finalizer(
                &finalizer.to_string(),
                &format!("its root task {name} would no longer be a root."),
            ));
        }
        Ok(())
    }
}

impl SandboxKind for Task {
    type Create = TaskDefinition;
    type Alter = TaskChange;

    fn parse_create(p: &mut Parser<'_>) -> Result<TaskDefinition, SqlError> {
        grammar::task_definition(p)
    }

    fn inline(definition: &TaskDefinition) -> crate::sandbox::statement::inline::Governance {
        crate::sandbox::statement::inline::Governance::of_tags(&definition.tags)
    }

    fn parse_alter(p: &mut Parser<'_>) -> Result<TaskChange, SqlError> {
        grammar::task_change(p)
    }

    fn create(
        catalog: &mut Catalog,
        name: &ObjectName,
        meta: Meta,
        definition: TaskDefinition,
        _: &Names<'_>,
    ) -> Result<Task, SqlError> {
        catalog.build_task(name, meta, definition)
    }

    fn alter(
        &mut self,
        catalog: &Catalog,
        name: &ObjectName,
        action: TaskChange,
        now: Stamp,
        _: &super::Names<'_>,
    ) -> Result<(), SqlError> {
        catalog.alter_task(name, self, action, now)
    }

    fn verb(
        &mut self,
        catalog: &Catalog,
        name: &ObjectName,
        action: &AlterAction,
        now: Stamp,
    ) -> Result<(), SqlError> {
        match action {
            AlterAction::Suspend => catalog.suspend_or_resume(name, self, false, now),
            AlterAction::Resume => catalog.suspend_or_resume(name, self, true, now),
            _ => Err(SqlError::unsupported(
                "This ALTER action is not supported for a TASK.",
            )),
        }
    }

    /// A task's comment is one of its properties: `COMMENT ON TASK` is its SET, refused
    /// while the graph runs.
    fn comment_on(
        &mut self,
        catalog: &Catalog,
        name: &ObjectName,
        properties: &[Property],
        now: Stamp,
    ) -> Result<(), SqlError> {
        catalog.alter_task(name, self, TaskChange::Set(properties.to_vec()), now)
    }

    /// A task of a running graph cannot be replaced
    /// (https://docs.snowflake.com/en/sql-reference/sql/create-task).
    fn check_replace(catalog: &Catalog, name: &ObjectName) -> Result<(), SqlError> {
        catalog.ensure_graph_suspended(name)
    }

    /// A child of a running graph cannot be dropped
    /// (https://docs.snowflake.com/en/sql-reference/sql/drop-task).
    fn check_drop(catalog: &Catalog, name: &ObjectName) -> Result<(), SqlError> {
        if catalog.get::<Task>(name)?.is_root() {
            return Ok(());
        }
        catalog.ensure_graph_suspended(name)
    }

    fn dropped(catalog: &mut Catalog, name: &ObjectName, now: Stamp) {
        catalog.forget_predecessor(name, now);
    }
}

/// "Only the root task of a task graph is scheduled": a task with predecessors has no
/// schedule (https://docs.snowflake.com/en/sql-reference/sql/create-task, AFTER).
fn scheduled_child(name: &ObjectName) -> SqlError {
    SqlError::unsupported(format!(
        "Task {name} cannot have both a schedule and predecessors: only the root task of a task graph is scheduled."
    ))
}

/// Takes `FINALIZE = <root task>` out of a task's properties (the catalog's property
/// setter knows only the task's own settings); the root is resolved in the task's schema,
/// where every task of a graph lives
/// (https://docs.snowflake.com/en/sql-reference/sql/create-task).
fn split_finalize(
    properties: &[Property],
    task: &ObjectName,
) -> Result<(Vec<Property>, Option<ObjectName>), SqlError> {
    let mut rest = Vec::with_capacity(properties.len());
    let mut finalize = None;
    for property in properties {
        if property.key != "FINALIZE" {
            rest.push(property.clone());
            continue;
        }
        let raw = match &property.value {
            Value::Name(raw) => raw.clone(),
            Value::Str(text) => RawName {
                parts: crate::model::identifier::split_parts(text)
                    .map_err(|_| SqlError::invalid_value("FINALIZE", text))?,
            },
            _ => {
                return Err(SqlError::invalid_value(
                    "FINALIZE",
                    &super::display_value(property),
                ));
            }
        };
        finalize = Some(super::view::resolve_in(&raw, &task.schema_name()));
    }
    Ok((rest, finalize))
}

/// Predecessor names resolve in the task's own schema: a graph lives in one schema.
fn predecessor_names(raw: &[RawName], task: &ObjectName) -> Vec<ObjectName> {
    raw.iter()
        .map(|r| super::view::resolve_in(r, &task.schema_name()))
        .collect()
}

fn single_ident(property: &Property) -> Result<Ident, SqlError> {
    match &property.value {
        Value::Name(name) if name.parts.len() == 1 => Ok(name.parts[0].clone()),
        Value::Str(s) => Ident::parse(s).map_err(|_| SqlError::invalid_value(&property.key, s)),
        _ => Err(SqlError::invalid_value(
            &property.key,
            &super::display_value(property),
        )),
    }
}

/// SHOW TASKS (and DESCRIBE TASK, same columns): `state` started / suspended,
/// `predecessors` a pretty-printed JSON array of fully qualified, part-by-part quoted
/// names (`[\n  "\"DB\".\"S\".\"T\""\n]`, `[]` for none), `definition` the SQL after AS
/// and `condition` the WHEN expression, both as written.
impl ShowRows for Task {
    const SHOW: &'static str = "SHOW TASKS";
    const COLUMNS: &'static [(&'static str, &'static str)] = &[
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
        // Bundle 2024_08 (bcr-1719, bcr-1807):
        // https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_08/bcr-1719-1807.
        // `created_by_user` and `overlap_policy` (2026_02) are left out while that bundle
        // is pending.
        ("success_integration", "text"),
        ("scheduling_mode", "text"),
        ("target_completion_interval", "text"),
    ];
    const TERSE: Option<&'static [&'static str]> =
        Some(&["created_on", "name", "id", "database_name", "schema_name"]);

    fn in_schema(schema: &Schema) -> Vec<(&Ident, &Self)> {
        Task::map(schema).iter().collect()
    }

    fn row(catalog: &Catalog, entry: &Entry<'_, Self>) -> Vec<Option<String>> {
        let t = entry.object;
        // `task_relations`: "Predecessors", plus "FinalizerTask" on a root that has a
        // finalizer and "FinalizedRootTask" on the finalizer
        // (https://docs.snowflake.com/en/sql-reference/sql/show-tasks). The docs do not
        // show how the names are written; they are quoted part by part like Predecessors.
        let mut relations = serde_json::json!({
            "Predecessors": t.predecessors.iter().map(quoted_name).collect::<Vec<_>>(),
        });
        let me = ObjectName {
            database: entry.database.clone(),
            schema: entry.schema.clone(),
            name: entry.name.clone(),
        };
        if let Some(finalizer) = catalog.finalizer_of(&me) {
            relations["FinalizerTask"] = serde_json::Value::String(quoted_name(&finalizer));
        }
        if let Some(root) = &t.finalize {
            relations["FinalizedRootTask"] = serde_json::Value::String(quoted_name(root));
        }
        vec![
            stamp(t.meta.created_on),
            text(entry.name.as_str()),
            text(t.id_text()),
            text(entry.database.as_str()),
            text(entry.schema.as_str()),
            text(t.meta.owner.clone()),
            comment(&t.meta.comment),
            t.warehouse.as_ref().map(|w| w.as_str().to_string()),
            t.schedule.clone(),
            text(t.predecessors_json()),
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
            t.last_suspended_on.and_then(stamp),
            text("ROLE"),
            t.config.clone(),
            None,
            text(relations.to_string()),
            t.last_suspended_reason.clone(),
            None,
            // "Whether the serverless task is FIXED or FLEXIBLE": FLEXIBLE needs a
            // TARGET_COMPLETION_INTERVAL, which the sandbox does not take; a task on a
            // warehouse has none (NULL).
            t.warehouse.is_none().then(|| "FIXED".to_string()),
            None,
        ]
    }
}

/// DESCRIBE TASK: the SHOW TASKS columns for the one task.
impl DescribeRows for Task {
    fn describe(catalog: &Catalog, entry: &Entry<'_, Self>) -> QueryResult {
        render(catalog, std::slice::from_ref(entry))
    }
}

impl Task {
    /// The `predecessors` cell.
    pub(crate) fn predecessors_json(&self) -> String {
        let names: Vec<String> = self.predecessors.iter().map(quoted_name).collect();
        if names.is_empty() {
            return "[]".to_string();
        }
        serde_json::to_string_pretty(&names).unwrap_or_else(|_| "[]".to_string())
    }

    /// Task ids shaped like Snowflake's UUIDs, stable per task.
    fn id_text(&self) -> String {
        format!(
            "01b{:05x}-0000-4000-8000-{:012x}",
            self.meta.id >> 48,
            self.meta.id
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules() {
        assert!(valid_schedule("5 MINUTE"));
        assert!(valid_schedule("60 minutes"));
        assert!(valid_schedule("USING CRON 0 2 * * * UTC"));
        assert!(!valid_schedule("USING CRON 0 2 * * *"));
        assert!(!valid_schedule("often"));
        assert!(!valid_schedule("0 MINUTE"));
        // Bounds and time zones (https://docs.snowflake.com/en/sql-reference/sql/create-task).
        assert!(valid_schedule("11520 MINUTE"));
        assert!(!valid_schedule("11521 MINUTE"));
        assert!(valid_schedule("192 HOURS"));
        assert!(!valid_schedule("193 HOURS"));
        assert!(!valid_schedule("99999999999999999999 SECONDS"));
        assert!(valid_schedule(
            "USING CRON */15 1-5 L JAN-MAR MON-FRI America/Los_Angeles"
        ));
        assert!(!valid_schedule("USING CRON 60 2 * * * UTC"));
        assert!(!valid_schedule("USING CRON 0 24 * * * UTC"));
        assert!(!valid_schedule("USING CRON 0 2 32 * * UTC"));
        assert!(!valid_schedule("USING CRON 0 2 * 13 * UTC"));
        assert!(!valid_schedule("USING CRON 0 2 * * * Mars/Olympus_Mons"));
    }

    #[test]
    fn predecessors_are_quoted_part_by_part() {
        let name = ObjectName::parse("DB.S.\"t\"\"x\"").unwrap();
        assert_eq!(quoted_name(&name), r#""DB"."S"."t""x""#);
    }
}
