//! Rendering a [`Layout`] as a Mermaid flowchart (GitHub and most Markdown viewers draw
//! it inline).

use std::fmt::Write;

use super::layers::{Layout, kind_label};

pub(super) fn render(layout: &Layout) -> String {
    let mut out = String::from("flowchart LR\n");
    for group in &layout.groups {
        let _ = writeln!(out, "  subgraph {}[\"{}\"]", group.id, escape(&group.title));
        for node in &group.nodes {
            let _ = writeln!(
                out,
                "    {}[\"{}<br/><small>{}</small>\"]",
                node.id,
                escape(&node.name),
                kind_label(node.kind)
            );
        }
        out.push_str("  end\n");
    }
    for (from, to) in &layout.edges {
        let _ = writeln!(out, "  {from} --> {to}");
    }
    out
}

/// Mermaid labels are quoted strings; what could end or reshape them is written as an
/// entity code (see `output_escape::mermaid_label`, shared with the plan's diagram).
fn escape(text: &str) -> String {
    crate::output_escape::mermaid_label(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_cannot_break_labels() {
        assert_eq!(escape("\"a<b>\"#"), "#quot;a#lt;b#gt;#quot;#35;");
    }
}
