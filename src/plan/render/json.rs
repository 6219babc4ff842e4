//! The JSON rendering: the [`Plan`] itself, serialised.
//!
//! The format is versioned by `format_version` (see [`crate::plan::FORMAT_VERSION`]) and
//! documented in the README: top-level `format_version`, `environment`, `desired_hash`,
//! `changes` (each with `address {kind, name}`, `action`, `tier`, `reasons`, `attributes
//! [{name, before, after}]`, `steps [{provider: "snowflake", statement} | {provider:
//! "adls", operation}]`, `depends_on`, `task_graph`, `caused_by`), `unmanaged`,
//! `affected [{address, depends_on}]` (absent when empty), `task_graphs` and
//! `fingerprints`. Saved plans use the same format.

use crate::output_escape::json_controls;
use crate::plan::Plan;

pub fn render(plan: &Plan) -> String {
    // Serialising plain data with string keys cannot fail.
    let mut json = serde_json::to_string_pretty(plan).unwrap_or_default();
    json.push('\n');
    // Values may hold control characters that serde_json leaves raw.
    json_controls(json)
}
