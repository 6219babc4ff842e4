//! The promotion report as text: what the gate found in the source environment, then
//! the comparison of definitions (counts, and every object that differs beyond
//! variables by name).

use super::Comparison;
use crate::drift::DriftReport;
use crate::output_escape::escape_line;
use crate::plan::render::palette::Palette;

/// Everything `promote` tells the user besides the target's plan.
pub(crate) struct PromotionReport<'a> {
    pub(crate) from: &'a str,
    pub(crate) to: &'a str,
    /// The source environment's drift, as checked before promoting.
    pub(crate) source_drift: &'a DriftReport,
    /// `--force` was given and the source had drift.
    pub(crate) forced: bool,
    pub(crate) comparison: &'a Comparison,
}

impl PromotionReport<'_> {
    pub(crate) fn render(&self, palette: &Palette) -> String {
        let c = self.comparison;
        let mut out = format!(
            "Promotion {} → {}\n",
            palette.emphasis(self.from),
            palette.emphasis(self.to)
        );
        if self.forced {
            out.push_str(&palette.removed(&format!(
                "  warning: --force: promoting although {} has drift ({})\n",
                self.from,
                self.source_drift.sentence()
            )));
        } else {
            out.push_str(&format!("  {}: no drift\n", self.from));
        }
        out.push_str(&format!(
            "  {} identical, {} differ only by variables, {} differ otherwise\n",
            c.identical.len(),
            c.by_variables.len(),
            c.differing.len()
        ));
        if !c.by_variables.is_empty() {
            out.push_str("\nDiffer only by variables:\n");
            for pair in &c.by_variables {
                out.push_str(&format!("    {}\n", escape_line(&pair.template)));
            }
        }
        if !c.differing.is_empty() {
            out.push_str(&format!(
                "\n{}\n",
                palette.changed("warning: definitions that differ beyond variables (promotion should not change definitions):")
            ));
            for divergence in &c.differing {
                out.push_str(&format!(
                    "    {}  ({})\n",
                    escape_line(&divergence.pair.template),
                    escape_line(&divergence.attributes.join(", "))
                ));
            }
        }
        for (label, addresses) in [
            (format!("declared only in {}", self.from), &c.only_in_from),
            (format!("declared only in {}", self.to), &c.only_in_to),
        ] {
            if addresses.is_empty() {
                continue;
            }
            out.push_str(&format!(
                "\n{}\n",
                palette.changed(&format!("warning: {label}:"))
            ));
            for address in addresses {
                out.push_str(&format!("    {}\n", escape_line(&address.to_string())));
            }
        }
        out
    }
}
