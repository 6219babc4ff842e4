//! Rendering a [`Layout`] as Graphviz DOT (`lakeform graph --format dot | dot -Tsvg`).

use std::fmt::Write;

use super::layers::{Layout, kind_label};

pub(super) fn render(layout: &Layout) -> String {
    let mut out = String::from("digraph lakeform {\n  rankdir=LR;\n  node [shape=box];\n");
    for group in &layout.groups {
        let _ = writeln!(out, "  subgraph cluster_{} {{", group.id);
        let _ = writeln!(out, "    label=\"{}\";", escape(&group.title));
        for node in &group.nodes {
            let _ = writeln!(
                out,
                "    {} [label=\"{}\\n{}\"];",
                node.id,
                escape(&node.name),
                kind_label(node.kind)
            );
        }
        out.push_str("  }\n");
    }
    for (from, to) in &layout.edges {
        let _ = writeln!(out, "  {from} -> {to};");
    }
    out.push_str("}\n");
    out
}

/// DOT strings escape `"` and `\`; a line break in a name would end the label early.
/// Other control characters are shown as escapes, like everywhere lakeform prints.
fn escape(text: &str) -> String {
    crate::output_escape::escape_text(text)
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_backslashes_are_escaped() {
        assert_eq!(escape("a\"b\\c"), "a\\\"b\\\\c");
    }
}
