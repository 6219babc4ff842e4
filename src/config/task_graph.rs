//! Task graphs: the predecessors (`after`) of the declared tasks must not form a cycle.
//! Each cycle is reported once, as its path `A → B → C → A` (`X → Y`: X runs after Y),
//! at the `after` entry that closes it.
//!
//! One schema per graph and "only the root is scheduled" are checked per task when it is
//! resolved; dangling predecessors are `config::references`' business.

use crate::model::{Address, Kind, Object, Resource};
use crate::plan::graph::DependencyGraph;

use super::diagnostic::Diagnostic;
use super::resolve::Declared;

pub(crate) fn check(declared: &[Declared], diagnostics: &mut Vec<Diagnostic>) {
    let mut graph = DependencyGraph::new();
    for entry in declared {
        if let Object::Task(task) = &entry.object {
            let from = task.address();
            graph.add_node(from.clone());
            for predecessor in &task.after {
                graph.add_edge(from.clone(), Address::new(Kind::Task, predecessor));
            }
        }
    }
    // Each round reports one cycle and removes the edge that closes it, so a graph with
    // several cycles yields all of them; there cannot be more rounds than edges.
    let rounds = graph.edges().count();
    for _ in 0..rounds {
        let Some(cycle) = graph.find_cycle() else {
            break;
        };
        let (from, to) = (cycle.path[0].clone(), cycle.path[1].clone());
        let names: Vec<&str> = cycle.path.iter().map(|a| a.name.as_str()).collect();
        let at = declared
            .iter()
            .find(|d| d.object.address() == from)
            .map(|d| d.sites.get(&to).unwrap_or(&d.at).clone());
        diagnostics.push(
            Diagnostic::new(format!("task graph cycle: {}", names.join(" → ")), at)
                .with_note("`A → B` means task A runs after task B")
                .with_help("a task graph must be a DAG: remove one of these `after` entries"),
        );
        graph.remove_edge(&from, &to);
    }
}
