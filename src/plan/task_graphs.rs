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

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::attribute::Attribute;
use super::change::{Action, Change, Step};
use crate::kinds::task::ddl::{TaskChange, alter, enable_dependents};
use crate::kinds::task::{Task, TaskState};
use crate::model::identifier::ObjectName;
use crate::model::{Address, DesiredState, Kind, LiveState, Object};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskGraph {
    pub(crate) root: Address,
    pub(crate) suspend: Vec<Step>,
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

/// One side's tasks (desired or live), indexed once so that planning thousands of task
/// changes stays linear: a change finds its task by address, and a graph its members,
/// without scanning every task.
struct Side<'a> {
    by_name: BTreeMap<&'a ObjectName, &'a Task>,
    /// By the address name a change carries (the display form of the task's name).
    by_address: HashMap<String, &'a Task>,
    /// The members of each graph, by root, in name order.
    graphs: BTreeMap<&'a ObjectName, Vec<&'a Task>>,
}

impl<'a> Side<'a> {
    fn new(objects: impl Iterator<Item = &'a Object>) -> Side<'a> {
        let by_name = tasks(objects);
        let mut by_address = HashMap::new();
        let mut graphs: BTreeMap<&ObjectName, Vec<&Task>> = BTreeMap::new();
        for (name, task) in &by_name {
            by_address.entry(name.to_string()).or_insert(*task);
            graphs
                .entry(root_of(task, &by_name))
                .or_default()
                .push(*task);
        }
        Side {
            by_name,
            by_address,
            graphs,
        }
    }

    /// The root of the graph of the task a change addresses as `name`, if this side has it.
    fn root_of_address(&self, name: &str) -> Option<&'a ObjectName> {
        self.by_address.get(name).map(|t| root_of(t, &self.by_name))
    }

    /// The tasks of the graph rooted at `root`, parents before children.
    fn graph_members(&self, root: &ObjectName) -> Vec<&'a Task> {
        let mut members = self.graphs.get(root).cloned().unwrap_or_default();
        // Depth from the root orders parents first; names break ties.
        let all = &self.by_name;
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
        members.sort_by_cached_key(|t| (depth(t), &t.name));
        members
    }
}

/// Marks task changes with their graph and returns the steps of every touched graph.
pub(crate) fn plan(
    changes: &mut [Change],
    desired: &DesiredState,
    live: &LiveState,
) -> Vec<TaskGraph> {
    let desired_tasks = Side::new(desired.objects.values().map(|d| &d.object));
    let live_tasks = Side::new(live.objects.values());
    let mut touched: BTreeSet<ObjectName> = BTreeSet::new();
    for change in changes.iter_mut().filter(|c| c.address.kind == Kind::Task) {
        let desired_root = desired_tasks.root_of_address(&change.address.name);
        let live_root = live_tasks.root_of_address(&change.address.name);
        // A renamed task's live side is found under its old name.
        let renamed_live_root = change
            .attributes
            .iter()
            .find(|a| a.name == Attribute::Name)
            .and_then(|a| a.before.as_ref())
            .and_then(|old| live_tasks.root_of_address(old));
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
    desired: &Side<'_>,
    touched: &mut BTreeSet<ObjectName>,
) {
    for change in changes
        .iter_mut()
        .filter(|c| c.address.kind == Kind::Table && c.action == Action::Replace)
    {
        let roots: BTreeSet<&ObjectName> = desired
            .by_name
            .values()
            .filter(|t| t.uses.contains(&change.address))
            .map(|t| root_of(t, &desired.by_name))
            .collect();
        for root in roots {
            change.reasons.push(format!(
                "the task graph of {root} is suspended while the table is rebuilt, so no rows are written between the copy and the swap"
            ));
            touched.insert(root.clone());
        }
    }
}

fn graph_steps(root: &ObjectName, desired: &Side<'_>, live: &Side<'_>) -> TaskGraph {
    let live_tasks = &live.by_name;
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
    let declared = if desired.by_name.contains_key(root) {
        desired.graph_members(root)
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
        resume.push(Step::sql(enable_dependents(root)));
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
        live.graph_members(root)
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
