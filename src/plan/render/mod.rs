//! Renderings of a plan: `text` for terminals and CI logs, `json` for tools, `markdown`
//! for pull-request comments (with the `mermaid` diagram of what changes). Renderers only
//! format; they never compute anything a reader could not find in the
//! [`Plan`](super::Plan) itself.

pub(crate) mod body_diff;
pub mod json;
pub mod markdown;
pub(crate) mod mermaid;
pub mod palette;
pub mod text;

/// A rendering format named on the command line; `--help` lists the choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// For a terminal: coloured, SQL bodies as line diffs.
    Text,
    /// The plan as data (the saved-plan format).
    Json,
    /// For a pull-request comment: summary first, one collapsible section per change.
    #[value(alias = "md")]
    Markdown,
}
