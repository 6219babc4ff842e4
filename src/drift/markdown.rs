//! The markdown rendering of a drift report, for an issue or a chat message posted by
//! the nightly job: a summary line, then a table per finding class, SQL bodies as
//! ```diff blocks.
//!
//! Live values come from the account and may hold anything: code blocks and spans are
//! delimited by more backticks than any run inside and HTML outside code is escaped (see
//! `output_escape`), so no value can close a fence or a `<details>` block.

use super::DriftReport;
use crate::output_escape::{markdown_code, markdown_fence, markdown_text};
use crate::plan::Tier;
use crate::plan::render::body_diff;

pub fn render(report: &DriftReport) -> String {
    let mut out = format!(
        "### lakeform drift: {}\n\n",
        markdown_code(&report.environment)
    );
    if !report.has_drift() {
        out.push_str("No drift. The live state matches the desired state.\n");
        out.push_str(&crate::handshake::render_notes_markdown(&report.notes));
        return out;
    }
    out.push_str(&format!("**{}.**", report.sentence()));
    if report.fix_tier == Some(Tier::Destructive) {
        out.push_str(" ⚠️ Fixing it needs a **destructive** change.");
    }
    out.push_str("\n\n");
    if !report.modified.is_empty() {
        out.push_str("#### Modified behind lakeform's back\n\n");
        out.push_str("| object | attribute | live | desired |\n|---|---|---|---|\n");
        let mut bodies = Vec::new();
        for modified in &report.modified {
            let object = cell(&markdown_code(&modified.address.to_string()));
            if modified.attributes.is_empty() {
                out.push_str(&format!(
                    "| {object} | | | fix: {} ({}) |\n",
                    modified.fix.verb(),
                    modified.tier
                ));
            }
            for attribute in &modified.attributes {
                let value = |v: &Option<String>| match v {
                    None => "(none)".to_string(),
                    Some(_) if attribute.is_sql_body() => "see below".to_string(),
                    Some(v) => cell(&markdown_code(v)),
                };
                out.push_str(&format!(
                    "| {object} | {} | {} | {} |\n",
                    cell(&markdown_text(attribute.name.as_str())),
                    value(&attribute.before),
                    value(&attribute.after)
                ));
                if let (Some(live), Some(desired)) = (&attribute.before, &attribute.after)
                    && attribute.is_sql_body()
                {
                    bodies.push(format!(
                        "<details><summary><code>{}</code> {}: live → desired</summary>\n\n{}\n</details>\n",
                        markdown_text(&modified.address.to_string()),
                        markdown_text(attribute.name.as_str()),
                        markdown_fence("diff", &body_diff::unified(live, desired))
                    ));
                }
            }
        }
        out.push('\n');
        for body in bodies {
            out.push_str(&body);
            out.push('\n');
        }
    }
    if !report.missing.is_empty() {
        out.push_str("#### Missing (declared, not found live)\n\n");
        for address in &report.missing {
            out.push_str(&format!("- {}\n", markdown_code(&address.to_string())));
        }
        out.push('\n');
    }
    if !report.unmanaged.is_empty() {
        out.push_str("#### Unmanaged (live, not declared)\n\n");
        for unmanaged in &report.unmanaged {
            let note = if unmanaged.pruned {
                " — dropped by the next apply (prune = true)"
            } else {
                ""
            };
            out.push_str(&format!(
                "- {}{note}\n",
                markdown_code(&unmanaged.address.to_string())
            ));
        }
        out.push('\n');
    }
    if !report.unmanaged_grants.is_empty() {
        out.push_str("#### Unmanaged grants (to roles not declared)\n\n");
        for grant in &report.unmanaged_grants {
            out.push_str(&format!("- {}\n", grant.markdown()));
        }
        out.push('\n');
    }
    out.push_str(&crate::plan::leftovers::render_markdown(&report.leftovers));
    out.push_str(&crate::handshake::render_notes_markdown(&report.notes));
    out
}

/// Already escaped text made safe inside a table cell: pipes end a cell even inside a
/// code span, so they are escaped (https://github.github.com/gfm/#tables-extension-).
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}
