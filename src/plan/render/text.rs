//! The text rendering: Terraform-like, for terminals and CI logs.
//!
//! ```text
//!   ~ task PR.SILVER.MERGE_TASK  (update in place, safe)
//!       ~ schedule: 60 MINUTE → USING CRON 0 2 * * * UTC
//!       will run:
//!         ALTER TASK PR.SILVER.MERGE_TASK SET SCHEDULE = 'USING CRON 0 2 * * * UTC'
//! ```

use tabled::builder::Builder;
use tabled::settings::Style;

use super::body_diff;
use super::palette::Palette;
use crate::output_escape::{escape_line, escape_text};
use crate::plan::{Action, AttributeChange, Change, Plan, Tier};

pub fn render(plan: &Plan, palette: &Palette) -> String {
    let mut out = String::new();
    if plan.is_empty() {
        out.push_str(&format!(
            "No changes. The live state of {} matches the desired state.\n",
            palette.emphasis(&plan.environment)
        ));
    } else {
        out.push_str(&format!(
            "lakeform will perform the following actions in {}:\n\n",
            palette.emphasis(&plan.environment)
        ));
        for change in &plan.changes {
            render_change(change, palette, &mut out);
            out.push('\n');
        }
        render_task_graphs(plan, palette, &mut out);
        out.push_str(&summary_table(plan));
        out.push('\n');
        out.push_str(&format!("Plan: {}.\n", plan.summary().sentence()));
        if let Some(Tier::Destructive) = plan.max_tier() {
            out.push_str(&palette.removed(
                "This plan includes destructive changes: apply needs --allow-destructive (or allow_destructive on the object).\n",
            ));
        }
    }
    if !plan.unmanaged.is_empty() {
        out.push_str(&format!(
            "\n{} unmanaged object(s) in managed databases/schemas are left alone (set prune = true to drop them):\n",
            plan.unmanaged.len()
        ));
        for address in &plan.unmanaged {
            out.push_str(&format!("    {}\n", escape_line(&address.to_string())));
        }
    }
    if !plan.unmanaged_grants.is_empty() {
        out.push_str(&format!(
            "\n{} grant(s) on managed objects to roles the project does not declare are left alone (set prune = true to revoke them):\n",
            plan.unmanaged_grants.len()
        ));
        for grant in &plan.unmanaged_grants {
            out.push_str(&format!("    {}\n", escape_line(&grant.to_string())));
        }
    }
    out
}

fn render_change(change: &Change, palette: &Palette, out: &mut String) {
    let paint = |text: &str| match change.action {
        Action::Create => palette.added(text),
        Action::Drop => palette.removed(text),
        Action::Replace if change.tier == Tier::Destructive => palette.removed(text),
        _ => palette.changed(text),
    };
    let tier = match change.tier {
        Tier::Destructive => palette.removed("destructive"),
        Tier::Rebuild => palette.changed("rebuild"),
        Tier::Safe => "safe".to_string(),
    };
    out.push_str(&format!(
        "  {} {}  ({}, {tier})\n",
        paint(change.action.symbol()),
        palette.emphasis(&escape_line(&change.address.to_string())),
        change.action.verb()
    ));
    if let Some(cause) = &change.caused_by {
        out.push_str(&format!(
            "      {}\n",
            palette.dim(&format!(
                "# because of the change to {}",
                escape_line(&cause.to_string())
            ))
        ));
    }
    for reason in &change.reasons {
        out.push_str(&format!(
            "      {}\n",
            palette.dim(&format!("# {}", escape_line(reason)))
        ));
    }
    for attribute in &change.attributes {
        render_attribute(attribute, palette, PLAN_SIDES, out);
    }
    if !change.steps.is_empty() {
        out.push_str(&format!("      {}\n", palette.dim("will run:")));
        for step in &change.steps {
            for (i, line) in step.describe().lines().enumerate() {
                let prefix = if i == 0 { "        " } else { "          " };
                out.push_str(&format!("{prefix}{}\n", escape_text(line)));
            }
        }
    }
}

/// What apply does around the task changes, once per graph.
fn render_task_graphs(plan: &Plan, palette: &Palette, out: &mut String) {
    for graph in &plan.task_graphs {
        out.push_str(&format!(
            "  {} {}\n",
            graph.label(),
            palette.emphasis(&escape_line(&graph.root.name))
        ));
        let before = match graph.root.kind {
            crate::model::Kind::Alert => "before it changes:",
            _ => "before its tasks change:",
        };
        for (when, steps) in [(before, &graph.suspend), ("after:", &graph.resume)] {
            if steps.is_empty() {
                continue;
            }
            out.push_str(&format!("      {}\n", palette.dim(when)));
            for step in steps {
                out.push_str(&format!("        {}\n", escape_text(&step.describe())));
            }
        }
        out.push('\n');
    }
}

/// What a value present on only one side is called after it: nothing in a plan (`+` and
/// `-` say it), "(declared, not live)" / "(live, not declared)" in a drift report.
#[derive(Clone, Copy)]
pub(crate) struct OneSided {
    pub(crate) after_only: &'static str,
    pub(crate) before_only: &'static str,
}

const PLAN_SIDES: OneSided = OneSided {
    after_only: "",
    before_only: "",
};

/// One attribute's before → after (in a drift report, live → declared): a SQL body as a
/// line diff, any other value on its line, everything escaped for the terminal.
pub(crate) fn render_attribute(
    attribute: &AttributeChange,
    palette: &Palette,
    sides: OneSided,
    out: &mut String,
) {
    let name = escape_line(attribute.name.as_str());
    // A SQL body keeps its lines; any other value is shown on its line of the report.
    let value = |v: &str| {
        if attribute.is_sql_body() {
            escape_text(v).into_owned()
        } else {
            escape_line(v).into_owned()
        }
    };
    match (&attribute.before, &attribute.after) {
        (Some(before), Some(after)) if attribute.is_sql_body() => {
            out.push_str(&format!("      {} {name}:\n", palette.changed("~")));
            for line in body_diff::render(before, after, "          ", palette) {
                out.push_str(&line);
                out.push('\n');
            }
        }
        (Some(before), Some(after)) => out.push_str(&format!(
            "      {} {name}: {} → {}\n",
            palette.changed("~"),
            palette.removed(&value(before)),
            palette.added(&value(after))
        )),
        (None, Some(after)) => out.push_str(&format!(
            "      {} {name}: {}{}\n",
            palette.added("+"),
            palette.added(&value(after)),
            sides.after_only
        )),
        (Some(before), None) => out.push_str(&format!(
            "      {} {name}: {}{}\n",
            palette.removed("-"),
            palette.removed(&value(before)),
            sides.before_only
        )),
        (None, None) => out.push_str(&format!("      ~ {name}\n")),
    }
}

/// Counts per action and tier, as a bordered table.
fn summary_table(plan: &Plan) -> String {
    let summary = plan.summary();
    let mut builder = Builder::default();
    builder.push_record(["action", "safe", "rebuild", "destructive"]);
    for (action, counts) in summary.rows() {
        let mut row = vec![action.verb().to_string()];
        row.extend(counts.iter().map(|n| n.to_string()));
        builder.push_record(row);
    }
    let mut table = builder.build();
    table.with(Style::rounded());
    format!("{table}\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Address, Kind};
    use crate::plan::{Change, Step};

    fn plan(changes: Vec<Change>) -> Plan {
        crate::plan::for_tests(changes)
    }

    #[test]
    fn empty_plan_says_so() {
        assert!(render(&plan(vec![]), &Palette::plain()).starts_with("No changes."));
    }

    #[test]
    fn changes_show_marker_attributes_steps_and_summary() {
        let mut change = Change::new(
            Address::new(Kind::Table, "DB.S.T"),
            Action::Update,
            Tier::Safe,
        );
        change.attributes.push(AttributeChange::new(
            "column PHONE",
            None,
            Some("VARCHAR(20)".into()),
        ));
        change
            .steps
            .push(Step::sql("ALTER TABLE DB.S.T ADD COLUMN PHONE VARCHAR(20)"));
        let out = render(&plan(vec![change]), &Palette::plain());
        assert!(
            out.contains("  ~ table DB.S.T  (update in place, safe)"),
            "{out}"
        );
        assert!(out.contains("      + column PHONE: VARCHAR(20)"), "{out}");
        assert!(
            out.contains("        ALTER TABLE DB.S.T ADD COLUMN PHONE VARCHAR(20)"),
            "{out}"
        );
        assert!(
            out.contains("Plan: 0 to create, 1 to update, 0 to replace, 0 to rename, 0 to drop."),
            "{out}"
        );
    }

    /// A comment holding an ESC sequence that would clear the screen and print "No
    /// changes" is shown as escapes, and a line break cannot fake a line of the plan.
    #[test]
    fn control_characters_are_escaped() {
        let mut change = Change::new(
            Address::new(Kind::Table, "DB.S.T"),
            Action::Update,
            Tier::Safe,
        );
        change.attributes.push(AttributeChange::new(
            "comment",
            Some("old".into()),
            Some("\u{1b}[2J\u{1b}[HNo changes.\nPlan: 0 to create".into()),
        ));
        change
            .steps
            .push(Step::sql("COMMENT ON TABLE DB.S.T IS '\u{1b}[2J\u{202e}'"));
        let out = render(&plan(vec![change]), &Palette::plain());
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{202e}'),
            "{out:?}"
        );
        assert!(
            out.contains(
                "~ comment: old → \\u{1b}[2J\\u{1b}[HNo changes.\\u{a}Plan: 0 to create\n"
            ),
            "{out}"
        );
        assert!(out.contains("IS '\\u{1b}[2J\\u{202e}'"), "{out}");
    }
}
