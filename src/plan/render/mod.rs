//! Renderings of a plan: `text` for terminals and CI logs, `json` for tools, `markdown`
//! for pull-request comments. Renderers only format; they never compute anything a
//! reader could not find in the [`Plan`](super::Plan) itself.

pub mod body_diff;
pub mod json;
pub mod markdown;
pub mod palette;
pub mod text;

use std::str::FromStr;

/// A rendering format named on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "markdown" | "md" => Ok(Format::Markdown),
            other => Err(format!(
                "unknown format {other:?}: expected text, json or markdown"
            )),
        }
    }
}
