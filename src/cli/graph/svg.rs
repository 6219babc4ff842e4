//! Rendering a [`Layout`] as a standalone SVG picture (`lakeform graph --format svg >
//! graph.svg`), which any browser opens: no Graphviz, no Mermaid, nothing to install.
//!
//! The layout is layered, left to right, like the flow of data: one column band per
//! group (the lake, the account, then the schemas in creation order), and inside a group
//! sub-columns by depth (an object sits right of everything in its group it depends on).
//! Within a column, nodes are ordered by the mean height of what they depend on, which
//! keeps most arrows short and uncrossed. Edges are curves from the right side of a
//! dependency to the left side of its dependent. Everything is computed in whole pixels
//! from the node names, so the output is the same on every run.
//!
//! Hand-written rather than a layout crate: `layout-rs`, the maintained pure-Rust
//! candidate, ignores Graphviz clusters (the lake / account / schema groups are this
//! picture's structure) and has panicking asserts on its layout paths; the layered
//! layout here needs no dependency and cannot fail.
//!
//! Names are escaped for XML after their control characters are made visible
//! (`output_escape::escape_line`): a name cannot close an element or inject markup.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write;

use super::layers::{Layout, kind_label};

/// Monospace glyph width at the font size used, rounded up: boxes are sized from it.
const CHAR_WIDTH: usize = 8;
const FONT_SIZE: usize = 13;
const SMALL_FONT_SIZE: usize = 11;
const NODE_HEIGHT: usize = 40;
const NODE_PADDING: usize = 12;
const MIN_NODE_WIDTH: usize = 80;
/// Vertical space between nodes of a column.
const ROW_GAP: usize = 14;
/// Horizontal space between the columns of a group, where the arrows run.
const COLUMN_GAP: usize = 48;
/// Horizontal space between groups.
const GROUP_GAP: usize = 56;
const GROUP_PADDING: usize = 16;
const GROUP_TITLE: usize = 26;
const MARGIN: usize = 20;

/// Where a node is drawn: its box's top-left corner and size.
#[derive(Clone, Copy, Default)]
struct Placed {
    x: usize,
    y: usize,
    width: usize,
}

struct GroupBox {
    x: usize,
    width: usize,
    height: usize,
}

pub(super) fn render(layout: &Layout) -> String {
    let (placed, boxes, width, height) = place(layout);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, monospace">"##
    );
    out.push_str("  <title>lakeform dependency graph</title>\n");
    out.push_str(
        r##"  <defs>
    <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto">
      <path d="M0,0 L10,5 L0,10 z" fill="#495057"/>
    </marker>
  </defs>
"##,
    );
    let _ = writeln!(
        out,
        r##"  <rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>"##
    );
    for (group, frame) in layout.groups.iter().zip(&boxes) {
        let _ = writeln!(
            out,
            r##"  <g class="group" id="{}">
    <rect x="{}" y="{MARGIN}" width="{}" height="{}" rx="8" fill="#f8f9fa" stroke="#adb5bd"/>
    <text x="{}" y="{}" font-size="{FONT_SIZE}" font-weight="bold" fill="#343a40">{}</text>
  </g>"##,
            group.id,
            frame.x,
            frame.width,
            frame.height,
            frame.x + GROUP_PADDING,
            MARGIN + GROUP_TITLE - 8,
            xml(&group.title)
        );
    }
    for (from, to) in &layout.edges {
        let (Some(a), Some(b)) = (placed.get(from.as_str()), placed.get(to.as_str())) else {
            continue;
        };
        let (x1, y1) = (a.x + a.width, a.y + NODE_HEIGHT / 2);
        let (x2, y2) = (b.x, b.y + NODE_HEIGHT / 2);
        // Control points pull the curve out horizontally, further for longer edges and
        // for edges that run backwards (to a group on the left).
        let pull = (x1.abs_diff(x2) / 2).max(COLUMN_GAP / 2);
        let _ = writeln!(
            out,
            r##"  <path class="edge" data-from="{from}" data-to="{to}" d="M{x1},{y1} C{},{y1} {},{y2} {x2},{y2}" fill="none" stroke="#868e96" stroke-width="1.2" marker-end="url(#arrow)"/>"##,
            x1 + pull,
            x2.saturating_sub(pull),
        );
    }
    for group in &layout.groups {
        for node in &group.nodes {
            let Some(p) = placed.get(node.id.as_str()) else {
                continue;
            };
            let _ = writeln!(
                out,
                r##"  <g class="node" id="{}">
    <rect x="{}" y="{}" width="{}" height="{NODE_HEIGHT}" rx="4" fill="#ffffff" stroke="#495057"/>
    <text x="{}" y="{}" font-size="{FONT_SIZE}" fill="#212529">{}<tspan x="{}" dy="14" font-size="{SMALL_FONT_SIZE}" fill="#868e96">{}</tspan></text>
  </g>"##,
                node.id,
                p.x,
                p.y,
                p.width,
                p.x + NODE_PADDING,
                p.y + 17,
                xml(&node.name),
                p.x + NODE_PADDING,
                xml(&kind_label(node.kind)),
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

/// Places every node; returns the places by node id, each group's frame, and the size
/// of the picture.
fn place(layout: &Layout) -> (BTreeMap<&str, Placed>, Vec<GroupBox>, usize, usize) {
    let mut placed: BTreeMap<&str, Placed> = BTreeMap::new();
    let mut dependencies: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in &layout.edges {
        dependencies
            .entry(to.as_str())
            .or_default()
            .push(from.as_str());
    }
    let mut boxes = Vec::with_capacity(layout.groups.len());
    let mut columns_of_groups: Vec<Vec<Vec<&str>>> = Vec::with_capacity(layout.groups.len());
    let mut x = MARGIN;
    let mut tallest = 0;
    for group in &layout.groups {
        let members: Vec<&str> = group.nodes.iter().map(|n| n.id.as_str()).collect();
        let depth = depths(&members, &dependencies);
        let deepest = depth.values().copied().max().unwrap_or(0);
        let mut columns: Vec<Vec<&str>> = vec![Vec::new(); deepest + 1];
        for id in &members {
            columns[depth.get(id).copied().unwrap_or(0)].push(id);
        }
        let widths: BTreeMap<&str, usize> = group
            .nodes
            .iter()
            .map(|n| {
                let chars = escaped_len(&n.name).max(kind_label(n.kind).chars().count());
                (
                    n.id.as_str(),
                    (chars * CHAR_WIDTH + 2 * NODE_PADDING).max(MIN_NODE_WIDTH),
                )
            })
            .collect();
        let mut column_x = x + GROUP_PADDING;
        let mut group_height = 0;
        for column in &mut columns {
            // Order by the mean height of what each node depends on (placed already:
            // earlier columns and groups); nodes with nothing placed keep address order.
            let key = |id: &str| -> usize {
                let ys: Vec<usize> = dependencies
                    .get(id)
                    .into_iter()
                    .flatten()
                    .filter_map(|d| placed.get(d).map(|p| p.y))
                    .collect();
                if ys.is_empty() {
                    usize::MAX
                } else {
                    ys.iter().sum::<usize>() / ys.len()
                }
            };
            let mut keyed: Vec<(usize, usize, &str)> = column
                .iter()
                .enumerate()
                .map(|(i, id)| (key(id), i, *id))
                .collect();
            keyed.sort();
            *column = keyed.into_iter().map(|(_, _, id)| id).collect();
            let column_width = column
                .iter()
                .filter_map(|id| widths.get(id))
                .copied()
                .max()
                .unwrap_or(MIN_NODE_WIDTH);
            let mut y = MARGIN + GROUP_TITLE + GROUP_PADDING / 2;
            for id in column.iter() {
                placed.insert(
                    id,
                    Placed {
                        x: column_x,
                        y,
                        width: column_width,
                    },
                );
                y += NODE_HEIGHT + ROW_GAP;
            }
            group_height = group_height.max(y - MARGIN);
            column_x += column_width + COLUMN_GAP;
        }
        let width = column_x - COLUMN_GAP + GROUP_PADDING - x;
        let height = (group_height + GROUP_PADDING).saturating_sub(ROW_GAP);
        tallest = tallest.max(height);
        boxes.push(GroupBox { x, width, height });
        columns_of_groups.push(columns);
        x += width + GROUP_GAP;
    }
    // Groups share the picture's height; a shorter column is centred in it.
    for (frame, columns) in boxes.iter_mut().zip(&columns_of_groups) {
        frame.height = tallest;
        for column in columns {
            let used = (column.len() * (NODE_HEIGHT + ROW_GAP)).saturating_sub(ROW_GAP);
            let room = tallest.saturating_sub(GROUP_TITLE + GROUP_PADDING / 2 + GROUP_PADDING);
            let shift = room.saturating_sub(used) / 2;
            for id in column {
                if let Some(p) = placed.get_mut(id) {
                    p.y += shift;
                }
            }
        }
    }
    let width = (x + MARGIN).saturating_sub(GROUP_GAP).max(2 * MARGIN);
    let height = tallest + 2 * MARGIN;
    (placed, boxes, width, height)
}

/// Each member's depth within its group: 0 for a node that depends on nothing in the
/// group, else one more than its deepest dependency in the group. Relaxation is bounded
/// by the member count, so even a cycle (which validation rejects) terminates.
fn depths<'a>(
    members: &[&'a str],
    dependencies: &BTreeMap<&str, Vec<&str>>,
) -> BTreeMap<&'a str, usize> {
    let mut depth: BTreeMap<&str, usize> = members.iter().map(|m| (*m, 0)).collect();
    for _ in 0..members.len() {
        let mut changed = false;
        for member in members {
            let deepest = dependencies
                .get(member)
                .into_iter()
                .flatten()
                .filter(|d| **d != *member)
                .filter_map(|d| depth.get(d).map(|v| v + 1))
                .max()
                .unwrap_or(0)
                .min(members.len());
            if depth.get(member).copied().unwrap_or(0) < deepest {
                depth.insert(member, deepest);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    depth
}

/// XML text and attribute escaping of a name shown on one line.
fn xml(text: &str) -> String {
    let line = crate::output_escape::escape_line(text);
    match quick_xml::escape::escape(line.as_ref()) {
        Cow::Borrowed(s) => s.to_string(),
        Cow::Owned(s) => s,
    }
}

/// How many characters a name takes once its controls are shown as escapes.
fn escaped_len(text: &str) -> usize {
    crate::output_escape::escape_line(text).chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Address, Kind};
    use crate::plan::graph::DependencyGraph;

    #[test]
    fn names_cannot_inject_markup_and_dependents_sit_right_of_dependencies() {
        let mut g = DependencyGraph::new();
        let table = Address::new(Kind::Table, "D.S.\"<script>&x\"");
        let view = Address::new(Kind::View, "D.S.V");
        let other = Address::new(Kind::View, "D.T.W");
        g.add_edge(view.clone(), table.clone());
        g.add_edge(other.clone(), view.clone());
        let layout = Layout::of(&g);
        let svg = render(&layout);
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("&lt;script&gt;&amp;x"), "{svg}");
        let (placed, boxes, _, _) = place(&layout);
        let id = |name: &str| {
            layout
                .groups
                .iter()
                .flat_map(|g| &g.nodes)
                .find(|n| n.name.contains(name))
                .map(|n| n.id.as_str())
                .unwrap()
        };
        assert!(placed[id("script")].x + placed[id("script")].width < placed[id("V")].x);
        assert!(placed[id("V")].x < placed[id("W")].x);
        assert_eq!(boxes.len(), 2);
        assert!(boxes[0].x + boxes[0].width < boxes[1].x);
    }

    #[test]
    fn an_empty_graph_is_still_a_picture() {
        let svg = render(&Layout::of(&DependencyGraph::new()));
        assert!(
            svg.starts_with("<svg ") && svg.ends_with("</svg>\n"),
            "{svg}"
        );
    }
}
