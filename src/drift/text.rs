//! The text rendering of a drift report, for terminals and CI logs.
//!
//! ```text
//! Drift in dev: 1 modified, 0 missing, 1 unmanaged.
//!
//! Modified behind lakeform's back (live → desired):
//!   ~ table PR.BRONZE.RAW_CUSTOMER  (fix: update in place, safe)
//!       - column PHONE: VARCHAR(16777216)
//! ```

use super::{DriftReport, Modified};
use crate::output_escape::escape_line;
use crate::plan::Tier;
use crate::plan::render::palette::Palette;
use crate::plan::render::text::{OneSided, render_attribute};

pub fn render(report: &DriftReport, palette: &Palette) -> String {
    let environment = palette.emphasis(&report.environment);
    if !report.has_drift() {
        return format!(
            "No drift. The live state of {environment} matches the desired state.\n{}",
            crate::handshake::render_notes_text(&report.notes)
        );
    }
    let mut out = format!("Drift in {environment}: {}.\n", report.sentence());
    if !report.modified.is_empty() {
        out.push_str("\nModified behind lakeform's back (live → desired):\n");
        for modified in &report.modified {
            render_modified(modified, palette, &mut out);
        }
    }
    if !report.missing.is_empty() {
        out.push_str("\nMissing (declared, not found live):\n");
        for address in &report.missing {
            out.push_str(&format!(
                "  {} {}\n",
                palette.added("+"),
                palette.emphasis(&escape_line(&address.to_string()))
            ));
        }
    }
    if !report.unmanaged.is_empty() {
        out.push_str("\nUnmanaged (live in managed databases/schemas, not declared):\n");
        for unmanaged in &report.unmanaged {
            let note = if unmanaged.pruned {
                palette.removed("  (prune = true: a plan drops it)")
            } else {
                String::new()
            };
            out.push_str(&format!(
                "  {} {}{note}\n",
                palette.changed("?"),
                palette.emphasis(&escape_line(&unmanaged.address.to_string()))
            ));
        }
    }
    if !report.unmanaged_grants.is_empty() {
        out.push_str("\nUnmanaged grants (on declared objects, to roles not declared):\n");
        for grant in &report.unmanaged_grants {
            out.push_str(&format!(
                "  {} {}\n",
                palette.changed("?"),
                escape_line(&grant.to_string())
            ));
        }
    }
    out.push_str(&crate::plan::leftovers::render_text(
        &report.leftovers,
        palette,
    ));
    out.push_str(&crate::handshake::render_notes_text(&report.notes));
    if report.fix_tier == Some(Tier::Destructive) {
        out.push_str(&format!(
            "\n{}\n",
            palette.removed("Fixing this drift needs a destructive change.")
        ));
    }
    out
}

fn render_modified(modified: &Modified, palette: &Palette, out: &mut String) {
    let tier = match modified.tier {
        Tier::Destructive => palette.removed("destructive"),
        other => other.to_string(),
    };
    out.push_str(&format!(
        "  {} {}  (fix: {}, {tier})\n",
        palette.changed(modified.fix.symbol()),
        palette.emphasis(&escape_line(&modified.address.to_string())),
        modified.fix.verb()
    ));
    for reason in &modified.reasons {
        out.push_str(&format!(
            "      {}\n",
            palette.dim(&format!("# {}", escape_line(reason)))
        ));
    }
    for attribute in &modified.attributes {
        render_attribute(attribute, palette, DRIFT_SIDES, out);
    }
}

/// Live first: `-` is only live, `+` only declared.
const DRIFT_SIDES: OneSided = OneSided {
    after_only: " (declared, not live)",
    before_only: " (live, not declared)",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drift::Modified;
    use crate::model::{Address, Kind};
    use crate::plan::{Action, AttributeChange};

    #[test]
    fn no_drift_says_so() {
        let report = DriftReport {
            environment: "dev".into(),
            modified: vec![],
            missing: vec![],
            unmanaged: vec![],
            unmanaged_grants: vec![],
            leftovers: vec![],
            notes: vec![],
            fix_tier: None,
        };
        assert!(render(&report, &Palette::plain()).starts_with("No drift."));
    }

    #[test]
    fn a_modified_object_shows_its_attributes_live_first() {
        let report = DriftReport {
            environment: "dev".into(),
            modified: vec![Modified {
                address: Address::new(Kind::Warehouse, "WH"),
                fix: Action::Update,
                tier: Tier::Safe,
                attributes: vec![AttributeChange::new(
                    "size",
                    Some("LARGE".into()),
                    Some("XSMALL".into()),
                )],
                reasons: vec![],
            }],
            missing: vec![],
            unmanaged: vec![],
            unmanaged_grants: vec![],
            leftovers: vec![],
            notes: vec![],
            fix_tier: Some(Tier::Safe),
        };
        let out = render(&report, &Palette::plain());
        assert!(
            out.contains("  ~ warehouse WH  (fix: update in place, safe)"),
            "{out}"
        );
        assert!(out.contains("      ~ size: LARGE → XSMALL"), "{out}");
    }
}
