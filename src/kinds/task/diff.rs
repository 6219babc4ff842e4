//! The task diff: every attribute alters in place (`SET`/`UNSET`, `MODIFY AS`, `MODIFY
//! WHEN`, `ADD/REMOVE AFTER`). Snowflake allows that only while the task's graph is
//! suspended; the suspend and resume around it, and the task's `state`, are handled once
//! per graph by [`crate::plan::task_graphs`], not here.

use super::ddl::{self, TaskChange};
use crate::kinds::task::Task;
use crate::model::Object;
use crate::plan::Attribute;
use crate::plan::diff::{DiffError, Edits, comment};

pub(crate) fn diff(live: &Task, desired: &Task) -> Result<Edits, DiffError> {
    let mut e = Edits::default();
    let alter = |change| ddl::alter(&desired.name, &change);
    if e.compare_option("warehouse", &live.warehouse, &desired.warehouse) {
        e.sql(alter(TaskChange::Warehouse(desired.warehouse.clone())));
    }
    // Predecessors are added before old ones are removed: a task left with none for a
    // moment would be a started root, and Snowflake refuses ADD AFTER on it. A schedule
    // is removed before (a child has none) and set after (only a root has one).
    let removed: Vec<_> = live
        .after
        .iter()
        .filter(|p| !desired.after.contains(p))
        .cloned()
        .collect();
    let added: Vec<_> = desired
        .after
        .iter()
        .filter(|p| !live.after.contains(p))
        .cloned()
        .collect();
    let names = |list: &[crate::model::identifier::ObjectName]| {
        format!(
            "[{}]",
            list.iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    if !removed.is_empty() || !added.is_empty() {
        e.attribute(
            "after",
            Some(names(&live.after)),
            Some(names(&desired.after)),
        );
    }
    let schedule_changed = live.schedule != desired.schedule;
    if schedule_changed && desired.schedule.is_none() {
        e.compare_option("schedule", &live.schedule, &desired.schedule);
        e.sql(alter(TaskChange::Schedule(None)));
    }
    if !added.is_empty() {
        e.sql(alter(TaskChange::AddAfter(added)));
    }
    if !removed.is_empty() {
        e.sql(alter(TaskChange::RemoveAfter(removed)));
    }
    if schedule_changed && desired.schedule.is_some() {
        e.compare_option("schedule", &live.schedule, &desired.schedule);
        e.sql(alter(TaskChange::Schedule(desired.schedule.clone())));
    }
    if live.when != desired.when {
        let text =
            |w: &Option<crate::sql::CanonicalSql>| w.as_ref().map(|w| w.text().trim().to_string());
        e.attribute(Attribute::When, text(&live.when), text(&desired.when));
        e.sql(alter(TaskChange::When(desired.when.clone())));
    }
    if live.sql != desired.sql {
        e.attribute(
            Attribute::Sql,
            Some(live.sql.text().trim().to_string()),
            Some(desired.sql.text().trim().to_string()),
        );
        e.sql(alter(TaskChange::ModifyAs(desired.sql.clone())));
    }
    comment(
        &mut e,
        &live.comment,
        &desired.comment,
        &Object::Task(desired.clone()),
    )?;
    // The state is shown here; the statement that reaches it is the graph's.
    e.compare("state", &live.state, &desired.state);
    Ok(e)
}
