//! The plan's diagram, for the markdown rendering: a Mermaid flowchart of the changes and
//! of the unchanged objects that depend on them (the plan's `affected`), so that a
//! reviewer sees at a glance how far a change reaches. GitHub and GitLab draw a
//! ```` ```mermaid ```` block in comments.
//!
//! Nodes are grouped as `lakeform graph` groups them: the lake, the account, one subgraph
//! per Snowflake schema. Each change is coloured by its action (a `classDef` per action)
//! and says its action in words too, for readers who do not see the colours. An arrow
//! goes from a change to what waits for it or depends on it. References to the containing
//! schema or database are not drawn: the subgraphs show containment.
//!
//! It stays readable as plans grow: a schema's unchanged dependents are named one by one
//! only while they are few, and shown as one "N unchanged dependents" node otherwise; a
//! plan with many changes is drawn with one node per schema and action ("12 to create");
//! a plan too large even for that gets a note instead of a diagram. Every label is
//! escaped by `output_escape::mermaid_label`: names come from the configuration and the
//! live account and must not be able to end a label or the code fence.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use crate::model::identifier::ObjectName;
use crate::model::{Address, Kind, Provider};
use crate::output_escape::{markdown_fence, mermaid_label};
use crate::plan::{Action, Plan};

/// Up to this many changes, each change is its own node.
const ONE_NODE_PER_CHANGE: usize = 60;
/// Up to this many unchanged dependents in one group are named one by one.
const NAMED_DEPENDENTS: usize = 8;
/// More nodes or edges than this, even with one node per schema and action, are left
/// undrawn: Mermaid lays them out into an unreadable picture, and refuses more than 500
/// edges by default (its `maxEdges` setting).
const MAX_NODES: usize = 100;
const MAX_EDGES: usize = 300;

/// The diagram section of the markdown plan (a heading line, the Mermaid block and a
/// legend), or `None` for a plan without changes.
pub(crate) fn section(plan: &Plan) -> Option<String> {
    if plan.changes.is_empty() {
        return None;
    }
    let mut out = String::from("**What changes, and what depends on it**\n\n");
    let diagram = Diagram::choose(plan);
    if !diagram.fits() {
        let _ = writeln!(
            out,
            "_The diagram is left out: {} changes and {} unchanged dependents are too many to draw readably. `lakeform graph` draws the whole dependency graph._\n",
            plan.changes.len(),
            plan.affected.len()
        );
        return Some(out);
    }
    if !diagram.detailed {
        let _ = writeln!(
            out,
            "_{} changes: drawn as one node per schema and action._\n",
            plan.changes.len()
        );
    }
    out.push_str(&markdown_fence("mermaid", diagram.render().trim_end()));
    out.push_str(
        "\nGreen: create · blue: update in place · orange: replace · purple: rename · red: drop · grey, dashed: unchanged, depends on a change.\n\n",
    );
    Some(out)
}

/// Where a node is drawn.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Lake,
    Account,
    Schema(String),
}

impl Place {
    fn of(address: &Address) -> Place {
        match address.kind {
            kind if kind.provider() == Provider::Adls => Place::Lake,
            Kind::Schema => Place::Schema(address.name.clone()),
            kind if kind.is_schema_level() => match ObjectName::parse(&address.name) {
                Ok(name) => Place::Schema(name.schema_name().to_string()),
                Err(_) => Place::Account,
            },
            _ => Place::Account,
        }
    }

    fn title(&self) -> &str {
        match self {
            Place::Lake => "ADLS lake",
            Place::Account => "Snowflake account",
            Place::Schema(name) => name,
        }
    }
}

/// What a node stands for, which decides its class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Change(Action),
    Unchanged,
}

impl Style {
    fn class(self) -> &'static str {
        match self {
            Style::Change(Action::Create) => "create",
            Style::Change(Action::Update) => "update",
            Style::Change(Action::Replace) => "replace",
            Style::Change(Action::Rename) => "rename",
            Style::Change(Action::Drop) => "drop",
            Style::Unchanged => "unchanged",
        }
    }

    /// Fill, border and text colours that read on light and dark backgrounds.
    fn definition(self) -> &'static str {
        match self {
            Style::Change(Action::Create) => "fill:#d3f9d8,stroke:#2b8a3e,color:#000",
            Style::Change(Action::Update) => "fill:#d0ebff,stroke:#1864ab,color:#000",
            Style::Change(Action::Replace) => "fill:#ffe8cc,stroke:#d9480f,color:#000",
            Style::Change(Action::Rename) => "fill:#e5dbff,stroke:#5f3dc4,color:#000",
            Style::Change(Action::Drop) => {
                "fill:#ffe3e3,stroke:#c92a2a,color:#000,stroke-width:2px"
            }
            Style::Unchanged => "fill:#f1f3f5,stroke:#868e96,color:#000,stroke-dasharray:4 3",
        }
    }
}

struct Node {
    id: String,
    /// Already escaped label text (lakeform's own `<br/>` and `<small>` markup included).
    label: String,
    style: Style,
}

struct Diagram {
    detailed: bool,
    /// Groups in drawing order, each with its nodes.
    groups: Vec<(Place, Vec<Node>)>,
    edges: Vec<(String, String)>,
}

impl Diagram {
    /// One node per change when there are few enough changes and the result fits; one
    /// node per schema and action otherwise.
    fn choose(plan: &Plan) -> Diagram {
        if plan.changes.len() <= ONE_NODE_PER_CHANGE {
            let detailed = Diagram::of(plan, true);
            if detailed.fits() {
                return detailed;
            }
        }
        Diagram::of(plan, false)
    }

    fn of(plan: &Plan, detailed: bool) -> Diagram {
        let mut groups: Vec<(Place, Vec<Node>)> = Vec::new();
        // Lake and account first, then schemas in the order the first change to an
        // object inside them runs (BRONZE before SILVER before GOLD: schemas themselves
        // are all created first, so they say nothing of the flow), then schemas with
        // only dependents.
        let mut places: Vec<Place> = vec![Place::Lake, Place::Account];
        let mut first: BTreeMap<Place, (bool, usize)> = BTreeMap::new();
        for (i, change) in plan.changes.iter().enumerate() {
            let rank = (change.address.kind == Kind::Schema, i);
            let entry = first.entry(Place::of(&change.address)).or_insert(rank);
            *entry = (*entry).min(rank);
        }
        let mut ranked: Vec<(Place, (bool, usize))> = first
            .into_iter()
            .filter(|(place, _)| !places.contains(place))
            .collect();
        ranked.sort_by_key(|(_, rank)| *rank);
        places.extend(ranked.into_iter().map(|(place, _)| place));
        let mut dependents_only: BTreeSet<Place> = BTreeSet::new();
        for affected in &plan.affected {
            let place = Place::of(&affected.address);
            if !places.contains(&place) {
                dependents_only.insert(place);
            }
        }
        places.extend(dependents_only);
        for place in places {
            groups.push((place, Vec::new()));
        }
        let group_index = |place: &Place, groups: &[(Place, Vec<Node>)]| {
            groups.iter().position(|(p, _)| p == place).unwrap_or(0)
        };

        // Which node each changed address is drawn as.
        let mut node_of: BTreeMap<&Address, String> = BTreeMap::new();
        if detailed {
            for (i, change) in plan.changes.iter().enumerate() {
                let id = format!("c{i}");
                node_of.insert(&change.address, id.clone());
                let g = group_index(&Place::of(&change.address), &groups);
                groups[g].1.push(Node {
                    id,
                    label: object_label(&change.address, change.action.verb()),
                    style: Style::Change(change.action),
                });
            }
        } else {
            let mut counts: BTreeMap<(usize, Action), usize> = BTreeMap::new();
            for change in &plan.changes {
                let g = group_index(&Place::of(&change.address), &groups);
                *counts.entry((g, change.action)).or_default() += 1;
            }
            for ((g, action), count) in &counts {
                let style = Style::Change(*action);
                groups[*g].1.push(Node {
                    id: format!("g{g}_{}", style.class()),
                    label: mermaid_label(&format!("{count} to {}", action.verb())),
                    style,
                });
            }
            for change in &plan.changes {
                let g = group_index(&Place::of(&change.address), &groups);
                let style = Style::Change(change.action);
                node_of.insert(&change.address, format!("g{g}_{}", style.class()));
            }
        }

        // Unchanged dependents: named while few in their group, counted otherwise.
        let mut per_group: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (j, affected) in plan.affected.iter().enumerate() {
            let g = group_index(&Place::of(&affected.address), &groups);
            per_group.entry(g).or_default().push(j);
        }
        let mut affected_node: BTreeMap<usize, String> = BTreeMap::new();
        for (g, members) in &per_group {
            if detailed && members.len() <= NAMED_DEPENDENTS {
                for &j in members {
                    let id = format!("a{j}");
                    affected_node.insert(j, id.clone());
                    groups[*g].1.push(Node {
                        id,
                        label: object_label(&plan.affected[j].address, "unchanged"),
                        style: Style::Unchanged,
                    });
                }
            } else {
                let id = format!("g{g}_unchanged");
                for &j in members {
                    affected_node.insert(j, id.clone());
                }
                groups[*g].1.push(Node {
                    id,
                    label: mermaid_label(&format!("{} unchanged dependents", members.len())),
                    style: Style::Unchanged,
                });
            }
        }

        // Edges, each once, in plan order: between changes along `depends_on` (from
        // what is waited for to what waits), then from changes to their dependents.
        let mut edges: Vec<(String, String)> = Vec::new();
        let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
        let mut add = |from: &String, to: &String| {
            if from != to && seen.insert((from.clone(), to.clone())) {
                edges.push((from.clone(), to.clone()));
            }
        };
        for change in &plan.changes {
            let Some(to) = node_of.get(&change.address) else {
                continue;
            };
            for dependency in change.depends_on.iter().filter(|d| !contains_others(d)) {
                if let Some(from) = node_of.get(dependency) {
                    add(from, to);
                }
            }
        }
        for (j, affected) in plan.affected.iter().enumerate() {
            let Some(to) = affected_node.get(&j) else {
                continue;
            };
            for dependency in &affected.depends_on {
                if let Some(from) = node_of.get(dependency) {
                    add(from, to);
                }
            }
        }

        groups.retain(|(_, nodes)| !nodes.is_empty());
        Diagram {
            detailed,
            groups,
            edges,
        }
    }

    fn fits(&self) -> bool {
        let nodes: usize = self.groups.iter().map(|(_, n)| n.len()).sum();
        nodes <= MAX_NODES && self.edges.len() <= MAX_EDGES
    }

    fn render(&self) -> String {
        let mut out = String::from("flowchart LR\n");
        let mut used: Vec<Style> = Vec::new();
        for (i, (place, nodes)) in self.groups.iter().enumerate() {
            let _ = writeln!(out, "  subgraph s{i}[\"{}\"]", mermaid_label(place.title()));
            for node in nodes {
                let _ = writeln!(
                    out,
                    "    {}[\"{}\"]:::{}",
                    node.id,
                    node.label,
                    node.style.class()
                );
                if !used.contains(&node.style) {
                    used.push(node.style);
                }
            }
            out.push_str("  end\n");
        }
        for (from, to) in &self.edges {
            let _ = writeln!(out, "  {from} --> {to}");
        }
        for style in [
            Style::Change(Action::Create),
            Style::Change(Action::Update),
            Style::Change(Action::Replace),
            Style::Change(Action::Rename),
            Style::Change(Action::Drop),
            Style::Unchanged,
        ] {
            if used.contains(&style) {
                let _ = writeln!(out, "  classDef {} {}", style.class(), style.definition());
            }
        }
        out
    }
}

/// A schema or database: every object inside refers to it, which the grouping shows.
fn contains_others(address: &Address) -> bool {
    matches!(address.kind, Kind::Database | Kind::Schema)
}

/// The object's name within its group, and its kind and what happens to it in small
/// print: `RAW_ORDER<br/><small>table · replace</small>`.
fn object_label(address: &Address, what: &str) -> String {
    let name = match address.kind {
        kind if kind.is_schema_level() => ObjectName::parse(&address.name)
            .map_or_else(|_| address.name.clone(), |n| n.name.to_string()),
        _ => address.name.clone(),
    };
    format!(
        "{}<br/><small>{} · {}</small>",
        mermaid_label(&name),
        address.kind.sql_keyword().to_lowercase(),
        what
    )
}

#[cfg(test)]
#[path = "../../../tests/mermaid_check/mod.rs"]
mod mermaid_check;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Affected, Change, FORMAT_VERSION, Tier};

    fn plan(changes: Vec<Change>, affected: Vec<Affected>) -> Plan {
        Plan {
            format_version: FORMAT_VERSION,
            environment: "dev".into(),
            desired_hash: "h".into(),
            made_at: "2026-01-02T03:04:05Z".into(),
            changes,
            unmanaged: vec![],
            unmanaged_grants: vec![],
            affected,
            task_graphs: vec![],
            fingerprints: vec![],
        }
    }

    fn change(kind: Kind, name: &str, action: Action, depends_on: &[Address]) -> Change {
        let mut c = Change::new(Address::new(kind, name), action, Tier::Safe);
        c.depends_on = depends_on.to_vec();
        c
    }

    /// The single mermaid block of the section, checked.
    fn chart(plan: &Plan) -> (String, mermaid_check::Flowchart) {
        let section = section(plan).expect("a plan with changes has a diagram section");
        let blocks = mermaid_check::blocks(&section);
        assert_eq!(blocks.len(), 1, "{section}");
        let chart = mermaid_check::check(&blocks[0]).unwrap_or_else(|e| panic!("{e}\n{section}"));
        (blocks[0].clone(), chart)
    }

    #[test]
    fn an_empty_plan_has_no_diagram() {
        assert!(section(&plan(vec![], vec![])).is_none());
    }

    #[test]
    fn changes_are_grouped_coloured_and_linked_to_their_dependents() {
        let table = Address::new(Kind::Table, "DB.BRONZE.RAW");
        let schema = Address::new(Kind::Schema, "DB.BRONZE");
        let p = plan(
            vec![
                change(Kind::Container, "landing", Action::Create, &[]),
                change(Kind::Schema, "DB.BRONZE", Action::Create, &[]),
                change(
                    Kind::Table,
                    "DB.BRONZE.RAW",
                    Action::Replace,
                    std::slice::from_ref(&schema),
                ),
                change(
                    Kind::Stream,
                    "DB.BRONZE.RAW_STREAM",
                    Action::Replace,
                    &[schema.clone(), table.clone()],
                ),
                change(Kind::View, "DB.GOLD.OLD", Action::Drop, &[]),
                change(Kind::Warehouse, "WH", Action::Update, &[]),
                change(Kind::Task, "DB.SILVER.T2", Action::Rename, &[]),
            ],
            vec![Affected {
                address: Address::new(Kind::View, "DB.GOLD.V"),
                depends_on: vec![table],
            }],
        );
        let (text, chart) = chart(&p);
        let titles: Vec<&str> = chart
            .subgraphs
            .iter()
            .map(|s| chart.labels[s].as_str())
            .collect();
        assert_eq!(
            titles,
            [
                "ADLS lake",
                "Snowflake account",
                "DB.BRONZE",
                "DB.GOLD",
                "DB.SILVER"
            ]
        );
        for expected in [
            "c2[\"RAW<br/><small>table · replace</small>\"]:::replace",
            "c1[\"DB.BRONZE<br/><small>schema · create</small>\"]:::create",
            "c4[\"OLD<br/><small>view · drop</small>\"]:::drop",
            "a0[\"V<br/><small>view · unchanged</small>\"]:::unchanged",
            "classDef rename ",
            "classDef update ",
        ] {
            assert!(text.contains(expected), "{expected} missing from:\n{text}");
        }
        // The stream waits for its table, the view depends on it; containment is not drawn.
        assert_eq!(
            chart.edges,
            [
                ("c2".to_string(), "c3".to_string()),
                ("c2".into(), "a0".into())
            ]
        );
    }

    #[test]
    fn hostile_names_stay_inside_their_labels() {
        let p = plan(
            vec![change(
                Kind::Table,
                "DB.S.\"x\"\"]:::drop\n```\n</details> #1 (a) {b} `c`\"",
                Action::Create,
                &[],
            )],
            vec![],
        );
        let section = section(&p).unwrap();
        let (text, chart) = chart(&p);
        assert_eq!(chart.nodes, ["c0"]);
        assert!(!text.contains("</details>"), "{text}");
        assert!(section.starts_with("**What changes"), "{section}");
        assert_eq!(
            section.lines().filter(|l| l.starts_with("```")).count(),
            2,
            "{section}"
        );
    }

    #[test]
    fn many_dependents_in_a_schema_collapse_into_one_node() {
        let table = Address::new(Kind::Table, "DB.S.T");
        let affected: Vec<Affected> = (0..9)
            .map(|i| Affected {
                address: Address::new(Kind::View, format!("DB.GOLD.V{i}")),
                depends_on: vec![table.clone()],
            })
            .chain([Affected {
                address: Address::new(Kind::View, "DB.S.NEAR"),
                depends_on: vec![table.clone()],
            }])
            .collect();
        let p = plan(
            vec![change(Kind::Table, "DB.S.T", Action::Replace, &[])],
            affected,
        );
        let (text, chart) = chart(&p);
        assert!(
            text.contains("[\"9 unchanged dependents\"]:::unchanged"),
            "{text}"
        );
        assert!(text.contains("NEAR<br/>"), "{text}");
        assert_eq!(chart.nodes.len(), 3, "{text}");
        assert_eq!(chart.edges.len(), 2, "{text}");
    }

    #[test]
    fn a_hundred_and_fifty_changes_are_drawn_per_schema_and_action() {
        let mut changes = Vec::new();
        for schema in ["BRONZE", "SILVER", "GOLD"] {
            for i in 0..50 {
                let action = [Action::Create, Action::Update, Action::Drop][i % 3];
                let depends_on = if schema == "BRONZE" {
                    vec![]
                } else {
                    vec![Address::new(Kind::Table, format!("DB.BRONZE.T{i}"))]
                };
                changes.push(change(
                    Kind::Table,
                    &format!("DB.{schema}.T{i}"),
                    action,
                    &depends_on,
                ));
            }
        }
        let p = plan(changes, vec![]);
        let section = section(&p).unwrap();
        assert!(
            section.contains("_150 changes: drawn as one node per schema and action._"),
            "{section}"
        );
        let (text, chart) = chart(&p);
        assert_eq!(chart.nodes.len(), 9, "{text}");
        assert!(text.contains("[\"17 to create\"]:::create"), "{text}");
        assert!(chart.edges.len() <= 18 && !chart.edges.is_empty(), "{text}");
    }

    #[test]
    fn a_plan_too_large_to_draw_says_so() {
        let changes = (0..150)
            .map(|i| change(Kind::Table, &format!("DB.S{i}.T"), Action::Create, &[]))
            .collect();
        let section = section(&plan(changes, vec![])).unwrap();
        assert!(
            section.contains("The diagram is left out: 150 changes"),
            "{section}"
        );
        assert!(mermaid_check::blocks(&section).is_empty(), "{section}");
    }
}
