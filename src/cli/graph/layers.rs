//! Grouping the dependency graph for drawing: which group each node belongs to, a short
//! label for it, and the edges worth drawing.
//!
//! Schemas are drawn as the groups themselves, not as nodes, so the edge from every
//! object to its schema (and from a schema to its database) is left out: it would connect
//! everything to everything and say nothing the grouping does not.

use std::collections::BTreeMap;

use crate::model::identifier::{ObjectName, SchemaName};
use crate::model::{Address, Kind, Provider};
use crate::plan::graph::DependencyGraph;

/// One drawn node.
pub(super) struct Node {
    /// A stable identifier (`n0`, `n1` … in address order).
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) kind: Kind,
}

/// One group of nodes.
pub(super) struct Group {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) nodes: Vec<Node>,
}

/// What to draw: groups (lake, account, then schemas in the order their first object
/// can be created — BRONZE before SILVER before GOLD — ties by name) and edges
/// (dependency id → dependent id) in a fixed order.
pub(super) struct Layout {
    pub(crate) groups: Vec<Group>,
    pub(crate) edges: Vec<(String, String)>,
}

impl Layout {
    pub(super) fn of(graph: &DependencyGraph) -> Layout {
        let mut lake = Group {
            id: "lake".to_string(),
            title: "ADLS lake".to_string(),
            nodes: Vec::new(),
        };
        let mut account = Group {
            id: "account".to_string(),
            title: "Snowflake account".to_string(),
            nodes: Vec::new(),
        };
        let mut schemas: Vec<(SchemaName, Group)> = Vec::new();
        let mut ids: BTreeMap<Address, String> = BTreeMap::new();
        // Creation order ranks the schemas; a cyclic graph (which validation rejects)
        // falls back to name order.
        let rank: BTreeMap<Address, usize> = graph
            .topological_order()
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(i, address)| (address, i))
            .collect();
        let mut schema_rank: BTreeMap<SchemaName, usize> = BTreeMap::new();
        for (i, address) in graph.nodes().filter(|a| drawn(a)).enumerate() {
            let id = format!("n{i}");
            ids.insert(address.clone(), id.clone());
            let object_name = address
                .kind
                .is_schema_level()
                .then(|| ObjectName::parse(&address.name).ok())
                .flatten();
            let node = Node {
                id,
                name: object_name
                    .as_ref()
                    .map_or_else(|| address.name.clone(), |n| n.name.to_string()),
                kind: address.kind,
            };
            match (&object_name, address.kind) {
                (_, kind) if kind.provider() == Provider::Adls => lake.nodes.push(node),
                (Some(name), _) => {
                    let schema = name.schema_name();
                    if let Some(r) = rank.get(address) {
                        let entry = schema_rank.entry(schema.clone()).or_insert(*r);
                        *entry = (*entry).min(*r);
                    }
                    match schemas.iter_mut().find(|(s, _)| *s == schema) {
                        Some((_, group)) => group.nodes.push(node),
                        None => {
                            let group = Group {
                                id: String::new(),
                                title: schema.to_string(),
                                nodes: vec![node],
                            };
                            schemas.push((schema, group));
                        }
                    }
                }
                (None, _) => account.nodes.push(node),
            }
        }
        schemas.sort_by_cached_key(|(schema, _)| {
            (
                schema_rank.get(schema).copied().unwrap_or(usize::MAX),
                schema.clone(),
            )
        });
        let mut groups: Vec<Group> = [lake, account]
            .into_iter()
            .filter(|g| !g.nodes.is_empty())
            .collect();
        for (i, (_, mut group)) in schemas.into_iter().enumerate() {
            group.id = format!("schema{i}");
            groups.push(group);
        }
        let edges = graph
            .edges()
            .filter_map(|(dependent, dependency)| {
                Some((ids.get(dependency)?.clone(), ids.get(dependent)?.clone()))
            })
            .collect();
        Layout { groups, edges }
    }
}

fn drawn(address: &Address) -> bool {
    address.kind != Kind::Schema
}

/// How a kind is labelled under a node's name.
pub(super) fn kind_label(kind: Kind) -> String {
    kind.sql_keyword().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_layer_and_drops_schema_edges() {
        let mut g = DependencyGraph::new();
        let schema = Address::new(Kind::Schema, "D.BRONZE");
        let table = Address::new(Kind::Table, "D.BRONZE.RAW");
        let stage = Address::new(Kind::Stage, "D.BRONZE.STG");
        let view = Address::new(Kind::View, "D.GOLD.V");
        let container = Address::new(Kind::Container, "landing");
        let wh = Address::new(Kind::Warehouse, "WH");
        g.add_edge(table.clone(), schema.clone());
        g.add_edge(stage.clone(), container.clone());
        g.add_edge(view.clone(), table.clone());
        g.add_node(wh);
        let layout = Layout::of(&g);
        let titles: Vec<&str> = layout.groups.iter().map(|g| g.title.as_str()).collect();
        assert_eq!(
            titles,
            ["ADLS lake", "Snowflake account", "D.BRONZE", "D.GOLD"]
        );
        let names: Vec<&str> = layout.groups[2]
            .nodes
            .iter()
            .map(|n| n.name.as_str())
            .collect();
        assert_eq!(names, ["STG", "RAW"]);
        assert_eq!(layout.edges.len(), 2);
    }
}
