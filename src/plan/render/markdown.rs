//! The markdown rendering, for pull-request comments: the summary first, then a Mermaid
//! diagram of the changes and what depends on them (see [`super::mermaid`]), then one
//! collapsible section per change with its attributes, SQL diffs and statements.
//!
//! Values come from the configuration and from the live account, so none may change the
//! document's structure: code blocks and spans are delimited by more backticks than any
//! run inside, and text outside code has its HTML escaped (see `output_escape`).

use super::{body_diff, mermaid};
use crate::output_escape::{markdown_code, markdown_fence, markdown_text};
use crate::plan::{Change, Plan, Step, Tier};

pub fn render(plan: &Plan) -> String {
    let mut out = format!(
        "### lakeform plan: {}\n\n",
        markdown_code(&plan.environment)
    );
    if plan.is_empty() {
        out.push_str("No changes. The live state matches the desired state.\n");
    } else {
        out.push_str(&format!("**{}.**", plan.summary().sentence()));
        if plan.max_tier() == Some(Tier::Destructive) {
            out.push_str(" ⚠️ Includes **destructive** changes.");
        }
        out.push_str("\n\n| action | safe | rebuild | destructive |\n|---|---:|---:|---:|\n");
        for (action, [safe, rebuild, destructive]) in plan.summary().rows() {
            out.push_str(&format!(
                "| {} | {safe} | {rebuild} | {destructive} |\n",
                action.verb()
            ));
        }
        out.push('\n');
        if let Some(diagram) = mermaid::section(plan) {
            out.push_str(&diagram);
        }
        for change in &plan.changes {
            render_change(change, &mut out);
        }
        for graph in &plan.task_graphs {
            let steps: Vec<String> = graph
                .suspend
                .iter()
                .chain(&graph.resume)
                .map(|s| s.describe())
                .collect();
            if !steps.is_empty() {
                out.push_str(&format!(
                    "<details><summary>{} <code>{}</code>: suspended once, resumed once</summary>\n\n{}\n</details>\n\n",
                    graph.label(),
                    markdown_text(&graph.root.name),
                    markdown_fence("sql", &format!("{};", steps.join(";\n")))
                ));
            }
        }
    }
    if !plan.unmanaged.is_empty() {
        out.push_str(&format!(
            "\n<details><summary>{} unmanaged object(s) left alone (prune = false)</summary>\n\n",
            plan.unmanaged.len()
        ));
        for address in &plan.unmanaged {
            out.push_str(&format!("- {}\n", markdown_code(&address.to_string())));
        }
        out.push_str("\n</details>\n");
    }
    if !plan.unmanaged_grants.is_empty() {
        out.push_str(&format!(
            "\n<details><summary>{} grant(s) to undeclared roles left alone (prune = false)</summary>\n\n",
            plan.unmanaged_grants.len()
        ));
        for grant in &plan.unmanaged_grants {
            out.push_str(&format!("- {}\n", grant.markdown()));
        }
        out.push_str("\n</details>\n");
    }
    out
}

fn render_change(change: &Change, out: &mut String) {
    let tier = match change.tier {
        Tier::Destructive => "**destructive**".to_string(),
        other => other.to_string(),
    };
    out.push_str(&format!(
        "<details><summary><code>{} {}</code> — {}, {tier}</summary>\n\n",
        change.action.symbol(),
        markdown_text(&change.address.to_string()),
        change.action.verb()
    ));
    if let Some(cause) = &change.caused_by {
        out.push_str(&format!(
            "- because of the change to {}\n",
            markdown_code(&cause.to_string())
        ));
    }
    for reason in &change.reasons {
        out.push_str(&format!("- {}\n", markdown_text(reason)));
    }
    for attribute in &change.attributes {
        match (&attribute.before, &attribute.after) {
            (Some(before), Some(after)) if attribute.is_sql_body() => {
                out.push_str(&format!(
                    "- {}:\n\n{}",
                    markdown_code(attribute.name.as_str()),
                    markdown_fence("diff", &body_diff::unified(before, after))
                ));
            }
            (before, after) => out.push_str(&format!(
                "- {}: {} → {}\n",
                markdown_code(attribute.name.as_str()),
                before
                    .as_deref()
                    .map_or("(none)".to_string(), markdown_code),
                after.as_deref().map_or("(none)".to_string(), markdown_code),
            )),
        }
    }
    let statements: Vec<&str> = change
        .steps
        .iter()
        .filter_map(|s| match s {
            Step::Snowflake { statement, .. } => Some(statement.as_str()),
            Step::Adls { .. } => None,
        })
        .collect();
    if !statements.is_empty() {
        out.push('\n');
        out.push_str(&markdown_fence(
            "sql",
            &format!("{};", statements.join(";\n")),
        ));
    }
    for step in &change.steps {
        if let Step::Adls { call, .. } = step {
            out.push_str(&format!("- {}\n", markdown_code(&call.to_string())));
        }
    }
    out.push_str("\n</details>\n\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Address, Kind};
    use crate::plan::{Action, AttributeChange};

    const HOSTILE: &str = "x ``` </details>\n# heading <b>&";

    fn plan(changes: Vec<Change>) -> Plan {
        crate::plan::for_tests(changes)
    }

    /// A comment and a view body that try to close the code fence, close the
    /// `<details>` block and start a heading stay inside their code.
    #[test]
    fn values_cannot_change_the_document_structure() {
        let mut change = Change::new(
            Address::new(Kind::View, "DB.S.V"),
            Action::Update,
            Tier::Safe,
        );
        change.reasons.push(format!("because {HOSTILE}"));
        change.attributes.push(AttributeChange::new(
            "comment",
            Some("old".into()),
            Some(HOSTILE.into()),
        ));
        change.attributes.push(AttributeChange::new(
            "query",
            Some("SELECT 1".into()),
            Some(format!("SELECT 2 -- {HOSTILE}")),
        ));
        change
            .steps
            .push(Step::sql(format!("COMMENT ON VIEW DB.S.V IS '{HOSTILE}'")));
        let out = render(&plan(vec![change]));
        // Outside code, no line starts a heading or closes the block but lakeform's own.
        let lines: Vec<&str> = out.lines().collect();
        let closing: Vec<usize> = (0..lines.len())
            .filter(|&i| lines[i] == "</details>")
            .collect();
        assert_eq!(closing.len(), 1, "{out}");
        assert!(out.trim_end().ends_with("</details>"), "{out}");
        assert!(
            out.contains(
                "- because x &#96;&#96;&#96; &lt;/details&gt;\\u{a}# heading &lt;b&gt;&amp;\n"
            ),
            "{out}"
        );
        assert!(
            out.contains("- `comment`: `old` → ````x ``` </details>\\u{a}# heading <b>&````\n")
        );
        assert!(out.contains("````diff\n"), "{out}");
        assert!(out.contains("\n````sql\nCOMMENT ON VIEW"), "{out}");
        // Every fence that opens closes with the same length.
        let fences: Vec<&str> = lines
            .iter()
            .copied()
            .filter(|l| l.starts_with("```"))
            .collect();
        assert_eq!(
            fences,
            ["```mermaid", "```", "````diff", "````", "````sql", "````"],
            "{out}"
        );
    }
}
