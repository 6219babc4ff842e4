//! Execution order: changes sorted so that each comes after everything it depends on.
//!
//! Ties are broken by a fixed key — creations and updates before drops, then kind (in
//! [`Kind`](crate::model::Kind) order), then address — so the same inputs always give the
//! same plan. A dependency cycle among changes is an error that names the cycle.

use std::collections::{BTreeMap, BTreeSet};

use super::change::{Action, Change};
use crate::model::Address;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the changes depend on each other in a cycle: {}", cycle.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(" → "))]
pub struct CycleError {
    pub(crate) cycle: Vec<Address>,
}

/// Who waits for whom among a plan's changes, by position: for each change, how many of
/// its prerequisites are changes of the plan (`pending`), and which changes wait for it
/// (`dependents`). A dependency on an address the plan does not change is already met.
/// Ordering here and running in `apply::schedule` both count down `pending`.
pub(crate) struct Waits {
    pub(crate) pending: Vec<usize>,
    pub(crate) dependents: Vec<Vec<usize>>,
}

pub(crate) fn waits(changes: &[Change]) -> Waits {
    let index = index(changes);
    let mut pending = vec![0; changes.len()];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); changes.len()];
    for (i, change) in changes.iter().enumerate() {
        let prerequisites: BTreeSet<usize> = change
            .depends_on
            .iter()
            .filter_map(|a| index.get(a).copied())
            .filter(|d| *d != i)
            .collect();
        pending[i] = prerequisites.len();
        for d in prerequisites {
            dependents[d].push(i);
        }
    }
    Waits {
        pending,
        dependents,
    }
}

fn index(changes: &[Change]) -> BTreeMap<&Address, usize> {
    changes
        .iter()
        .enumerate()
        .map(|(i, c)| (&c.address, i))
        .collect()
}

/// Sorts `changes` topologically along `depends_on` (edges to addresses that are not in
/// the plan are ignored).
pub(crate) fn order(changes: Vec<Change>) -> Result<Vec<Change>, CycleError> {
    let key = |c: &Change| {
        (
            c.action == Action::Drop,
            c.address.kind,
            c.address.name.clone(),
        )
    };
    let Waits {
        mut pending,
        dependents,
    } = waits(&changes);
    let mut ready: BTreeSet<((bool, crate::model::Kind, String), usize)> = (0..changes.len())
        .filter(|i| pending[*i] == 0)
        .map(|i| (key(&changes[i]), i))
        .collect();
    let mut sorted = Vec::with_capacity(changes.len());
    while let Some((_, i)) = ready.pop_first() {
        sorted.push(i);
        for &d in &dependents[i] {
            pending[d] -= 1;
            if pending[d] == 0 {
                ready.insert((key(&changes[d]), d));
            }
        }
    }
    if sorted.len() < changes.len() {
        return Err(CycleError {
            cycle: find_cycle(&changes, &pending),
        });
    }
    let mut slots: Vec<Option<Change>> = changes.into_iter().map(Some).collect();
    Ok(sorted.into_iter().filter_map(|i| slots[i].take()).collect())
}

/// A cycle among the changes left unsorted: walk prerequisites from any of them until a
/// change repeats.
fn find_cycle(changes: &[Change], pending: &[usize]) -> Vec<Address> {
    let index = index(changes);
    let Some(start) = (0..changes.len()).find(|i| pending[*i] > 0) else {
        return Vec::new();
    };
    let mut path = vec![start];
    let mut seen = BTreeMap::from([(start, 0usize)]);
    let mut current = start;
    loop {
        let next = changes[current]
            .depends_on
            .iter()
            .filter_map(|a| index.get(a).copied())
            .find(|d| pending[*d] > 0);
        let Some(next) = next else {
            return path.iter().map(|i| changes[*i].address.clone()).collect();
        };
        if let Some(&position) = seen.get(&next) {
            let mut cycle: Vec<Address> = path[position..]
                .iter()
                .map(|i| changes[*i].address.clone())
                .collect();
            cycle.push(changes[next].address.clone());
            return cycle;
        }
        seen.insert(next, path.len());
        path.push(next);
        current = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::plan::Tier;

    fn change(kind: Kind, name: &str, action: Action, deps: &[(Kind, &str)]) -> Change {
        let mut c = Change::new(Address::new(kind, name), action, Tier::Safe);
        c.depends_on = deps.iter().map(|(k, n)| Address::new(*k, n)).collect();
        c
    }

    fn names(changes: &[Change]) -> Vec<String> {
        changes.iter().map(|c| c.address.to_string()).collect()
    }

    #[test]
    fn dependencies_first_then_kind_then_name() {
        let sorted = order(vec![
            change(Kind::View, "V", Action::Create, &[(Kind::Table, "T")]),
            change(Kind::Table, "T", Action::Create, &[(Kind::Schema, "S")]),
            change(Kind::Schema, "S", Action::Create, &[]),
            change(Kind::Table, "OLD", Action::Drop, &[]),
            change(Kind::Table, "A", Action::Create, &[(Kind::Schema, "S")]),
        ])
        .unwrap();
        assert_eq!(
            names(&sorted),
            ["schema S", "table A", "table T", "view V", "table OLD"]
        );
    }

    #[test]
    fn cycles_are_named() {
        let error = order(vec![
            change(Kind::Task, "A", Action::Create, &[(Kind::Task, "B")]),
            change(Kind::Task, "B", Action::Create, &[(Kind::Task, "A")]),
        ])
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "the changes depend on each other in a cycle: task A → task B → task A"
        );
    }
}
