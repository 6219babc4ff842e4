//! The dependency graph over objects: nodes are addresses, an edge goes from an object to
//! each object it references (`Resource::references`), i.e. to what must exist first.
//!
//! Everything here is deterministic: iteration, topological order (ties broken by
//! address: kind order first, then name) and the cycle reported. References to objects
//! outside the graph (external objects) are not edges — the graph orders only what it
//! holds. It knows nothing of how objects are created; the plan and apply use the order.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::model::{Address, Object, Resource};

/// A directed graph of addresses: node → the nodes it depends on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DependencyGraph {
    dependencies: BTreeMap<Address, BTreeSet<Address>>,
}

/// A cycle: `path[0]` depends on `path[1]` … and the last element repeats the first.
/// The path starts at its smallest address, so the same cycle is always reported alike.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) struct Cycle {
    pub(crate) path: Vec<Address>,
}

impl fmt::Display for Cycle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<String> = self.path.iter().map(ToString::to_string).collect();
        write!(f, "dependency cycle: {}", names.join(" → "))
    }
}

impl DependencyGraph {
    pub fn new() -> Self {
        DependencyGraph::default()
    }

    /// The graph of `objects`: one node each, an edge for each reference to another of
    /// them. References to objects not in the set are left out.
    pub fn from_objects<'a>(objects: impl IntoIterator<Item = &'a Object>) -> Self {
        let objects: Vec<&Object> = objects.into_iter().collect();
        let mut graph = DependencyGraph::new();
        for object in &objects {
            graph.add_node(object.address());
        }
        for object in &objects {
            let from = object.address();
            for to in object.references() {
                if graph.contains(&to) {
                    graph.add_edge(from.clone(), to);
                }
            }
        }
        graph
    }

    pub(crate) fn add_node(&mut self, node: Address) {
        self.dependencies.entry(node).or_default();
    }

    /// Records that `from` depends on `to`, adding either node if missing.
    pub(crate) fn add_edge(&mut self, from: Address, to: Address) {
        self.add_node(to.clone());
        self.dependencies.entry(from).or_default().insert(to);
    }

    pub(crate) fn contains(&self, node: &Address) -> bool {
        self.dependencies.contains_key(node)
    }

    pub(crate) fn len(&self) -> usize {
        self.dependencies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.dependencies.is_empty()
    }

    /// Every node, in address order.
    pub(crate) fn nodes(&self) -> impl Iterator<Item = &Address> {
        self.dependencies.keys()
    }

    /// What `node` depends on, in address order.
    pub fn dependencies(&self, node: &Address) -> impl Iterator<Item = &Address> {
        self.dependencies.get(node).into_iter().flatten()
    }

    /// What depends on `node`, in address order.
    #[cfg(test)]
    pub(crate) fn dependents(&self, node: &Address) -> Vec<&Address> {
        self.dependencies
            .iter()
            .filter(|(_, deps)| deps.contains(node))
            .map(|(n, _)| n)
            .collect()
    }

    /// Every edge as (dependent, dependency), in address order.
    pub(crate) fn edges(&self) -> impl Iterator<Item = (&Address, &Address)> {
        self.dependencies
            .iter()
            .flat_map(|(from, deps)| deps.iter().map(move |to| (from, to)))
    }

    /// The nodes with every dependency before its dependents; among nodes that are ready
    /// at the same time, the smallest address comes first.
    pub(crate) fn topological_order(&self) -> Result<Vec<Address>, Cycle> {
        let mut remaining: BTreeMap<&Address, usize> = self
            .dependencies
            .iter()
            .map(|(node, deps)| (node, deps.len()))
            .collect();
        let mut dependents: BTreeMap<&Address, Vec<&Address>> = BTreeMap::new();
        for (from, to) in self.edges() {
            dependents.entry(to).or_default().push(from);
        }
        let mut ready: BTreeSet<&Address> = remaining
            .iter()
            .filter(|(_, count)| **count == 0)
            .map(|(node, _)| *node)
            .collect();
        let mut order = Vec::with_capacity(self.len());
        while let Some(node) = ready.pop_first() {
            order.push(node.clone());
            for dependent in dependents.get(node).into_iter().flatten() {
                if let Some(count) = remaining.get_mut(dependent) {
                    *count -= 1;
                    if *count == 0 {
                        ready.insert(dependent);
                    }
                }
            }
        }
        if order.len() == self.len() {
            Ok(order)
        } else {
            Err(self
                .find_cycle()
                .unwrap_or_else(|| Cycle { path: Vec::new() }))
        }
    }

    /// One cycle, if the graph has any: the first found searching from the smallest
    /// address, rotated to start at its own smallest address.
    pub(crate) fn find_cycle(&self) -> Option<Cycle> {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            Open,
            Done,
        }
        let mut state: BTreeMap<&Address, State> = BTreeMap::new();
        for start in self.nodes() {
            if state.contains_key(start) {
                continue;
            }
            // Iterative depth-first search: the stack holds each open node and the
            // iterator over its remaining dependencies.
            let mut stack: Vec<(&Address, Box<dyn Iterator<Item = &Address> + '_>)> =
                vec![(start, Box::new(self.dependencies(start)))];
            state.insert(start, State::Open);
            while let Some((node, next)) = stack.last_mut() {
                let node = *node;
                match next.next() {
                    Some(dep) => match state.get(dep) {
                        Some(State::Open) => {
                            let from = stack.iter().position(|(n, _)| *n == dep).unwrap_or(0);
                            let mut path: Vec<Address> =
                                stack[from..].iter().map(|(n, _)| (*n).clone()).collect();
                            let smallest = path
                                .iter()
                                .enumerate()
                                .min_by(|a, b| a.1.cmp(b.1))
                                .map_or(0, |(i, _)| i);
                            path.rotate_left(smallest);
                            path.push(path[0].clone());
                            return Some(Cycle { path });
                        }
                        Some(State::Done) => {}
                        None => {
                            state.insert(dep, State::Open);
                            stack.push((dep, Box::new(self.dependencies(dep))));
                        }
                    },
                    None => {
                        state.insert(node, State::Done);
                        stack.pop();
                    }
                }
            }
        }
        None
    }

    /// The graph without the edge `from → to` (used to look for further cycles once one
    /// has been reported).
    pub(crate) fn remove_edge(&mut self, from: &Address, to: &Address) {
        if let Some(deps) = self.dependencies.get_mut(from) {
            deps.remove(to);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    fn task(name: &str) -> Address {
        Address::new(Kind::Task, name)
    }

    #[test]
    fn dependencies_come_first_and_ties_go_by_address() {
        let mut g = DependencyGraph::new();
        let schema = Address::new(Kind::Schema, "D.S");
        let table = Address::new(Kind::Table, "D.S.T");
        let view = Address::new(Kind::View, "D.S.V");
        let wh = Address::new(Kind::Warehouse, "WH");
        g.add_edge(view.clone(), table.clone());
        g.add_edge(table.clone(), schema.clone());
        g.add_edge(view.clone(), schema.clone());
        g.add_node(wh.clone());
        assert_eq!(
            g.topological_order().unwrap(),
            vec![wh.clone(), schema.clone(), table.clone(), view.clone()]
        );
        assert_eq!(g.dependents(&schema), vec![&table, &view]);
        assert_eq!(g.edges().count(), 3);
    }

    #[test]
    fn cycles_are_found_with_their_path() {
        let mut g = DependencyGraph::new();
        g.add_edge(task("C"), task("A"));
        g.add_edge(task("A"), task("B"));
        g.add_edge(task("B"), task("C"));
        g.add_edge(task("D"), task("A"));
        let cycle = g.topological_order().unwrap_err();
        assert_eq!(cycle.path, vec![task("A"), task("B"), task("C"), task("A")]);
        assert_eq!(
            cycle.to_string(),
            "dependency cycle: task A → task B → task C → task A"
        );
        g.remove_edge(&task("C"), &task("A"));
        assert!(g.find_cycle().is_none());
        assert_eq!(
            g.topological_order().unwrap(),
            vec![task("C"), task("B"), task("A"), task("D")]
        );
    }

    #[test]
    fn self_loops_are_cycles() {
        let mut g = DependencyGraph::new();
        g.add_edge(task("A"), task("A"));
        assert_eq!(g.find_cycle().unwrap().path, vec![task("A"), task("A")]);
    }
}
