//! `lakeform drift -e ENV [--format text|json|markdown]`: the live state compared with
//! the desired state, read-only, as a report for a nightly job. Exit 0 no drift, 2
//! drift, 3 drift that only a destructive change fixes.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::CliError;
use super::runtime::block_on;
use crate::drift::{self, DriftReport};
use crate::plan::render::{Format, palette::Palette};
use crate::session::Session;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The environment (environments/ENV.toml).
    #[arg(short = 'e', long = "env", value_name = "ENV")]
    pub(crate) env: String,
    /// How to show the report.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
}

pub(super) fn run(project_dir: &Path, args: &Args) -> Result<ExitCode, CliError> {
    let report = block_on(check(project_dir, &args.env))?;
    let text = match args.format {
        Format::Text => drift::text::render(&report, &Palette::for_stdout()),
        Format::Json => drift::json::render(&report),
        Format::Markdown => drift::markdown::render(&report),
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(report.process_exit_code())
}

/// Plans `env` against its live state and reads the plan as drift.
pub(super) async fn check(project_dir: &Path, env: &str) -> Result<DriftReport, CliError> {
    let session = Session::open(project_dir, env).await?;
    let planned = super::plan::planned_with_leftovers(&session).await;
    session.close().await?;
    let (plan, leftovers) = planned?;
    Ok(DriftReport::from_plan(&plan).with_leftovers(leftovers))
}
