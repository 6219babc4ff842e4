//! Task graphs in a plan: every graph a plan touches is suspended once before its tasks
//! change and brought to its declared state once after — not once per task.
//!
//! Snowflake refuses to alter a task whose graph's root is started, so a plan that
//! changes any task of a graph (or moves a task between graphs) carries, per graph:
//! `suspend` (the root, when it is live and started), `resume` (every task to its declared
//! state: `SYSTEM$TASK_DEPENDENTS_ENABLE(root)` when the whole graph is declared started,
//! else children first and the root last), and `restore` (what apply runs instead of
//! `resume` when it fails after suspending: the tasks that were started before are
//! started again, so a failed apply never leaves a pipeline stopped).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::change::{Action, Change, Step};
use crate::model::identifier::ObjectName;
use crate::model::task::{Task, TaskState};
use crate::model::{Address, DesiredState, Kind, LiveState, Object};
use crate::providers::snowflake::ddl::task::{TaskChange, alter};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskGraph {
    pub root: Address,
    pub suspend: Vec<Step>,
    pub resume: Vec<Step>,
    pub restore: Vec<Step>,
}

/// Tasks by name, from one side (desired or live).
fn tasks<'a>(objects: impl Iterator<Item = &'a Object>) -> BTreeMap<&'a ObjectName, &'a Task> {
    objects
        .filter_map(|o| match o {
            Object::Task(t) => Some((&t.name, t)),
            _ => None,
        })
        .collect()
}

/// The root of `task`'s graph: follow the first predecessor until a task has none (or
/// the chain leaves the known tasks, or loops — validation rejects cycles in desired
/// state, and a live cycle cannot exist).
fn root_of<'a>(task: &'a Task, all: &BTreeMap<&'a ObjectName, &'a Task>) -> &'a ObjectName {
    let mut current = task;
    let mut seen = BTreeSet::new();
    while let Some(parent) = current.after.first().and_then(|p| all.get(p)) {
        if !seen.insert(&current.name) {
            break;
        }
        current = parent;
    }
    &current.name
}

/// The tasks of the graph rooted at `root`, parents before children.
fn graph_members<'a>(root: &ObjectName, all: &BTreeMap<&'a ObjectName, &'a Task>) -> Vec<&'a Task> {
    let mut members: Vec<&Task> = all
        .values()
        .copied()
        .filter(|t| root_of(t, all) == root)
        .collect();
    // Depth from the root orders parents first; names break ties.
    let depth = |t: &Task| {
        let mut d = 0;
        let mut current = t;
        while let Some(parent) = current.after.first().and_then(|p| all.get(p)) {
            d += 1;
            if d > all.len() {
                break;
            }
            current = parent;
        }
        d
    };
    members.sort_by(|a, b| depth(a).cmp(&depth(b)).then_with(|| a.name.cmp(&b.name)));
    members
}

/// Marks task changes with their graph and returns the steps of every touched graph.
pub fn plan(changes: &mut [Change], desired: &DesiredState, live: &LiveState) -> Vec<TaskGraph> {
    let desired_tasks = tasks(desired.objects.values().map(|d| &d.object));
    let live_tasks = tasks(live.objects.values());
    let mut touched: BTreeSet<ObjectName> = BTreeSet::new();
    for change in changes.iter_mut().filter(|c| c.address.kind == Kind::Task) {
        let desired_root = desired_tasks
            .iter()
            .find(|(n, _)| n.to_string() == change.address.name)
            .map(|(_, t)| root_of(t, &desired_tasks));
        let live_root = live_tasks
            .iter()
            .find(|(n, _)| n.to_string() == change.address.name)
            .map(|(_, t)| root_of(t, &live_tasks));
        // A renamed task's live side is found under its old name.
        let renamed_live_root = change
            .attributes
            .iter()
            .find(|a| a.name == "name")
            .and_then(|a| a.before.as_ref())
            .and_then(|old| live_tasks.iter().find(|(n, _)| n.to_string() == *old))
            .map(|(_, t)| root_of(t, &live_tasks));
        for root in [desired_root, live_root, renamed_live_root]
            .into_iter()
            .flatten()
        {
            touched.insert(root.clone());
        }
        change.task_graph = desired_root
            .or(live_root)
            .map(|r| Address::new(Kind::Task, r));
    }
    pause_for_rebuilds(changes, &desired_tasks, &mut touched);
    touched
        .iter()
        .map(|root| graph_steps(root, &desired_tasks, &live_tasks))
        .collect()
}

/// A table rebuilt by copy and swap loses the rows a task writes between the copy and the
/// swap, so every graph with a task that uses a rebuilt table is suspended around it too;
/// the table's change says so.
fn pause_for_rebuilds(
    changes: &mut [Change],
    desired_tasks: &BTreeMap<&ObjectName, &Task>,
    touched: &mut BTreeSet<ObjectName>,
) {
    for change in changes
        .iter_mut()
        .filter(|c| c.address.kind == Kind::Table && c.action == Action::Replace)
    {
        let roots: BTreeSet<&ObjectName> = desired_tasks
            .values()
            .filter(|t| t.uses.contains(&change.address))
            .map(|t| root_of(t, desired_tasks))
            .collect();
        for root in roots {
            change.reasons.push(format!(
                "the task graph of {root} is suspended while the table is rebuilt, so no rows are written between the copy and the swap"
            ));
            touched.insert(root.clone());
        }
    }
}

fn graph_steps(
    root: &ObjectName,
    desired_tasks: &BTreeMap<&ObjectName, &Task>,
    live_tasks: &BTreeMap<&ObjectName, &Task>,
) -> TaskGraph {
    let live_root_started = live_tasks
        .get(root)
        .is_some_and(|t| t.state == TaskState::Started);
    let suspend = if live_root_started {
        vec![Step::sql(alter(root, &TaskChange::Suspend))]
    } else {
        Vec::new()
    };

    // After the changes the root is suspended (by `suspend`, or created so); other
    // tasks keep their live state, and new ones are suspended.
    let declared = if desired_tasks.contains_key(root) {
        graph_members(root, desired_tasks)
    } else {
        Vec::new()
    };
    let state_after_changes = |task: &Task| {
        if &task.name == root {
            TaskState::Suspended
        } else {
            live_tasks
                .get(&task.name)
                .map_or(TaskState::Suspended, |t| t.state)
        }
    };
    let all_started =
        !declared.is_empty() && declared.iter().all(|t| t.state == TaskState::Started);
    let mut resume = Vec::new();
    if all_started {
        let call = format!(
            "SELECT SYSTEM$TASK_DEPENDENTS_ENABLE({})",
            crate::providers::snowflake::ddl::quote::literal(&root.to_string())
        );
        resume.push(Step::sql(call));
    } else {
        // Children first (deepest last in `declared`, so walk it backwards), root last.
        for task in declared.iter().rev() {
            if task.state != state_after_changes(task) {
                let change = if task.state == TaskState::Started {
                    TaskChange::Resume
                } else {
                    TaskChange::Suspend
                };
                resume.push(Step::sql(alter(&task.name, &change)));
            }
        }
    }

    // Restore: start again what was started, children first, root last.
    let restore = if live_tasks.contains_key(root) {
        graph_members(root, live_tasks)
            .iter()
            .rev()
            .filter(|t| t.state == TaskState::Started)
            .map(|t| Step::sql(alter(&t.name, &TaskChange::Resume)))
            .collect()
    } else {
        Vec::new()
    };
    TaskGraph {
        root: Address::new(Kind::Task, root),
        suspend,
        resume,
        restore,
    }
}
