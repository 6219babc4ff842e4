//! Counts of changes per action and tier, shown at the top or bottom of every rendering.

use std::collections::BTreeMap;

use super::change::{Action, Change, Tier};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Summary {
    counts: BTreeMap<(Action, Tier), usize>,
}

impl Summary {
    pub(crate) fn of(changes: &[Change]) -> Summary {
        let mut counts = BTreeMap::new();
        for change in changes {
            *counts.entry((change.action, change.tier)).or_insert(0) += 1;
        }
        Summary { counts }
    }

    pub(crate) fn count(&self, action: Action, tier: Tier) -> usize {
        self.counts.get(&(action, tier)).copied().unwrap_or(0)
    }

    pub(crate) fn action_total(&self, action: Action) -> usize {
        self.counts
            .iter()
            .filter(|((a, _), _)| *a == action)
            .map(|(_, n)| n)
            .sum()
    }

    /// `3 to create, 1 to update, 0 to replace, 0 to rename, 1 to drop`.
    pub(crate) fn sentence(&self) -> String {
        [
            (Action::Create, "create"),
            (Action::Update, "update"),
            (Action::Replace, "replace"),
            (Action::Rename, "rename"),
            (Action::Drop, "drop"),
        ]
        .iter()
        .map(|(action, word)| format!("{} to {word}", self.action_total(*action)))
        .collect::<Vec<_>>()
        .join(", ")
    }

    /// Rows of (action, safe, rebuild, destructive) for the actions that occur.
    pub(crate) fn rows(&self) -> Vec<(Action, [usize; 3])> {
        [
            Action::Create,
            Action::Update,
            Action::Replace,
            Action::Rename,
            Action::Drop,
        ]
        .into_iter()
        .filter(|a| self.action_total(*a) > 0)
        .map(|a| {
            (
                a,
                [Tier::Safe, Tier::Rebuild, Tier::Destructive].map(|t| self.count(a, t)),
            )
        })
        .collect()
    }
}
