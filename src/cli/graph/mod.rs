//! `lakeform graph -e ENV --format mermaid|dot|svg`: the dependency graph of the desired
//! state, grouped by layer (the lake, the account, one group per Snowflake schema), with
//! arrows in the direction data and creation flow: from what is needed to what needs it.

mod dot;
mod layers;
mod mermaid;
mod svg;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::config;
use crate::plan::graph::DependencyGraph;

use super::CliError;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The environment (environments/ENV.toml).
    #[arg(short = 'e', long = "env", value_name = "ENV")]
    pub(crate) env: String,
    /// The output language.
    #[arg(long, value_enum, default_value_t = Format::Mermaid)]
    pub(crate) format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Mermaid flowchart text (GitHub and GitLab render it in markdown).
    Mermaid,
    /// Graphviz dot.
    Dot,
    /// A standalone SVG picture, for a browser: nothing else to install.
    Svg,
}

pub(super) fn run(project_dir: &Path, args: &Args) -> Result<ExitCode, CliError> {
    let environment = config::load(project_dir, &args.env)?;
    let graph =
        DependencyGraph::from_objects(environment.desired.objects.values().map(|d| &d.object));
    let layout = layers::Layout::of(&graph);
    let text = match args.format {
        Format::Mermaid => mermaid::render(&layout),
        Format::Dot => dot::render(&layout),
        Format::Svg => svg::render(&layout),
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
