//! The plan stage: what must change for the live state to match the desired state.
//!
//! `graph` is the dependency graph over desired objects (for `lakeform graph` and cycle
//! checks); `diff` compares desired and live objects per attribute and decides actions and
//! risk tiers; `order` sorts the changes along their dependencies; `render` shows a plan as
//! text, JSON or markdown; `saved` writes and reads plan files with what is needed to
//! refuse a stale one; `affected` lists the unchanged objects that depend on a change. A
//! plan is plain data: apply executes its steps and never re-decides anything.

pub(crate) mod affected;
pub(crate) mod attribute;
pub(crate) mod change;
pub(crate) mod compare;
pub(crate) mod diff;
pub mod graph;
pub mod leftovers;
pub(crate) mod order;
pub mod render;
pub mod saved;
pub(crate) mod scope;
pub(crate) mod summary;
pub(crate) mod task_graphs;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

pub(crate) use affected::Affected;
pub(crate) use attribute::Attribute;
pub use change::{Action, AttributeChange, Change, Expect, Step, Tier};
pub use diff::{DiffError, Settings};
pub(crate) use summary::Summary;
pub(crate) use task_graphs::TaskGraph;

use crate::model::{Address, DesiredState, LiveState};

/// Version of the plan JSON format (saved plans and `--format json`). Bumped on any change
/// a consumer could notice; additions of optional fields do not bump it. Version 2 added
/// `made_at`, without which a saved plan cannot be re-derived.
pub const FORMAT_VERSION: u32 = 2;

/// A plan: the changes in execution order, and what apply needs to refuse it when stale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub format_version: u32,
    pub environment: String,
    /// sha256 of the resolved desired state the plan was made from.
    pub desired_hash: String,
    /// When the plan was made (RFC 3339, whole seconds, UTC): the time in the names of
    /// the backups it takes, so that `apply PLANFILE` re-derives the same statements.
    pub made_at: String,
    pub changes: Vec<Change>,
    /// Objects inside managed databases/schemas that the desired state does not declare
    /// and that this plan leaves alone (the environment does not set `prune = true`).
    pub unmanaged: Vec<Address>,
    /// Grants on declared objects to roles the desired state does not declare, left alone
    /// (`kinds::role::unmanaged`). Optional in JSON (absent when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmanaged_grants: Vec<crate::kinds::role::unmanaged::UnmanagedGrant>,
    /// Declared objects the plan does not change that refer to objects it does: what a
    /// change touches beyond itself, for the markdown rendering's diagram. Optional in
    /// JSON (absent when empty), so older plan files still read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub affected: Vec<Affected>,
    /// Per task graph the plan touches: the suspend before and the resume after.
    pub task_graphs: Vec<TaskGraph>,
    /// A fingerprint of every live object the plan read, or of its absence.
    pub fingerprints: Vec<Fingerprint>,
}

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Diff(#[from] DiffError),
    #[error(transparent)]
    Cycle(#[from] order::CycleError),
}

/// Makes the plan that takes `live` to `desired`.
pub fn make(
    environment: &str,
    desired: &DesiredState,
    desired_hash: &str,
    live: &LiveState,
    settings: &Settings,
) -> Result<Plan, PlanError> {
    let diff::Diff {
        mut changes,
        unmanaged,
        unmanaged_grants,
    } = diff::diff(desired, live, settings)?;
    let task_graphs = task_graphs::plan(&mut changes, desired, live);
    let changes = order::order(changes)?;
    let affected = affected::of(&changes, desired);
    let read: BTreeSet<&Address> = desired.objects.keys().chain(live.objects.keys()).collect();
    let fingerprints = read
        .into_iter()
        .map(|address| saved::fingerprint(live, address))
        .collect();
    Ok(Plan {
        format_version: FORMAT_VERSION,
        environment: environment.to_string(),
        desired_hash: desired_hash.to_string(),
        made_at: made_at(settings.now),
        changes,
        unmanaged,
        unmanaged_grants,
        affected,
        task_graphs,
        fingerprints,
    })
}

/// `now` as a plan records it: RFC 3339 in whole seconds, the precision of backup names.
pub(crate) fn made_at(now: jiff::Timestamp) -> String {
    jiff::Timestamp::from_second(now.as_second())
        .unwrap_or(now)
        .to_string()
}

/// A plan of `changes` for unit tests: environment `dev`, desired hash `h`, nothing else.
#[cfg(test)]
pub(crate) fn for_tests(changes: Vec<Change>) -> Plan {
    Plan {
        format_version: FORMAT_VERSION,
        environment: "dev".into(),
        desired_hash: "h".into(),
        made_at: "2026-01-02T03:04:05Z".into(),
        changes,
        unmanaged: vec![],
        unmanaged_grants: vec![],
        affected: vec![],
        task_graphs: vec![],
        fingerprints: vec![],
    }
}

/// The sha256 of one live object's canonical JSON, or `None` when it did not exist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fingerprint {
    pub(crate) address: Address,
    pub(crate) sha256: Option<String>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The highest tier among the changes; `None` for an empty plan.
    pub fn max_tier(&self) -> Option<Tier> {
        self.changes.iter().map(|c| c.tier).max()
    }

    pub(crate) fn summary(&self) -> Summary {
        Summary::of(&self.changes)
    }
}
