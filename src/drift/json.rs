//! The JSON rendering of a drift report, for tools and dashboards: `environment`,
//! `drift` (bool), `exit_code`, `modified [{address {kind, name}, fix, tier, attributes
//! [{name, before, after}], reasons}]` (`before` is live, `after` desired), `missing
//! [address]`, `unmanaged [{address, pruned}]` and `fix_tier`.

use serde::Serialize;

use super::DriftReport;
use crate::output_escape::json_controls;

#[derive(Serialize)]
struct Document<'a> {
    drift: bool,
    exit_code: u8,
    #[serde(flatten)]
    report: &'a DriftReport,
}

pub fn render(report: &DriftReport) -> String {
    let document = Document {
        drift: report.has_drift(),
        exit_code: report.exit_code(),
        report,
    };
    // Plain data with string keys: serialising cannot fail.
    let mut json = serde_json::to_string_pretty(&document).unwrap_or_default();
    json.push('\n');
    // Live values may hold control characters that serde_json leaves raw.
    json_controls(json)
}
