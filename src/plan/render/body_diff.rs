//! Line diffs of SQL bodies with the changed words inside a line highlighted.
//!
//! Bodies come from the configuration and the live account: every piece of a line is
//! escaped (`output_escape::escape_text`) before it is shown.

use similar::{ChangeTag, TextDiff};

use super::palette::Palette;
use crate::output_escape::escape_text;

/// A unified-style diff of `before` → `after`, one output line per diff line, each
/// prefixed with `indent` and `-`, `+` or a space; unchanged lines are shown only within
/// `context` lines of a change.
pub(crate) fn render(before: &str, after: &str, indent: &str, palette: &Palette) -> Vec<String> {
    let before = with_final_newline(before);
    let after = with_final_newline(after);
    let diff = TextDiff::from_lines(before.as_str(), after.as_str());
    let mut lines = Vec::new();
    for (group_index, group) in diff.grouped_ops(2).iter().enumerate() {
        if group_index > 0 {
            lines.push(format!("{indent}  {}", palette.dim("…")));
        }
        for op in group {
            for change in diff.iter_inline_changes(op) {
                let mut text = String::new();
                for (emphasised, value) in change.iter_strings_lossy() {
                    let value = value.trim_end_matches('\n');
                    text.push_str(&match (change.tag(), emphasised) {
                        (ChangeTag::Insert, true) => palette.added_word(value),
                        (ChangeTag::Delete, true) => palette.removed_word(value),
                        (ChangeTag::Insert, false) => palette.added(value),
                        (ChangeTag::Delete, false) => palette.removed(value),
                        (ChangeTag::Equal, _) => escape_text(value).into_owned(),
                    });
                }
                let sign = match change.tag() {
                    ChangeTag::Insert => palette.added("+"),
                    ChangeTag::Delete => palette.removed("-"),
                    ChangeTag::Equal => " ".to_string(),
                };
                lines.push(format!("{indent}{sign} {text}"));
            }
        }
    }
    lines
}

/// Plain `-`/`+` lines without colour, for markdown's ```diff blocks.
pub(crate) fn unified(before: &str, after: &str) -> String {
    render(before, after, "", &Palette::plain()).join("\n")
}

fn with_final_newline(text: &str) -> String {
    let trimmed = text.trim_end();
    format!("{trimmed}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_only_changed_lines_and_context() {
        let before = "select a\nfrom t\nwhere x = 1\n";
        let after = "select a\nfrom t\nwhere x = 2\n";
        let out = unified(before, after);
        assert!(out.contains("- where x = 1"), "{out}");
        assert!(out.contains("+ where x = 2"), "{out}");
        assert!(out.contains("  from t"), "{out}");
    }

    #[test]
    fn identical_bodies_render_nothing() {
        assert!(unified("select 1", "select 1\n").is_empty());
    }
}
