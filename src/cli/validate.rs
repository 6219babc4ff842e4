//! `lakeform validate -e ENV`: load and check an environment; print a one-line summary.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::config;
use crate::model::Kind;

use super::CliError;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The environment (environments/ENV.toml).
    #[arg(short = 'e', long = "env", value_name = "ENV")]
    pub(crate) env: String,
}

pub(super) fn run(project_dir: &Path, args: &Args) -> Result<ExitCode, CliError> {
    let environment = config::load(project_dir, &args.env)?;
    let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
    for address in environment.desired.objects.keys() {
        *counts.entry(address.kind).or_default() += 1;
    }
    let kinds: Vec<String> = counts
        .iter()
        .map(|(kind, n)| format!("{n} {}", kind.key()))
        .collect();
    // Connection secrets are not needed to validate; say which ones a plan would need.
    for unset in &environment.unset_secrets {
        let at = unset.position().unwrap_or_default();
        eprintln!(
            "note: {} ({at}): needed to connect, not to validate",
            crate::output_escape::escape_line(&unset.message)
        );
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "environment `{}` is valid: {} objects from {} files ({})",
        environment.name,
        environment.desired.objects.len(),
        environment.files.len(),
        kinds.join(", ")
    )?;
    Ok(ExitCode::SUCCESS)
}
