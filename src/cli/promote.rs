//! `lakeform promote --from A --to B [--out FILE] [--force]`: plan B from the same schema
//! files with B's variables, once A is known to match its own desired state.
//!
//! A with drift means what was tested there is not what the files say, so promotion
//! refuses (exit 1) unless `--force`, which the report then says. The output is B's plan
//! followed by the promotion report: which definitions are identical, which differ only
//! by variables, and which differ otherwise (a warning).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::CliError;
use super::runtime::block_on;
use crate::drift::DriftReport;
use crate::plan::render::{self, palette::Palette};
use crate::plan::saved;
use crate::promote::{self, report::PromotionReport};
use crate::session::Session;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The environment promoted from (it must have no drift).
    #[arg(long, value_name = "ENV")]
    pub(crate) from: String,
    /// The environment promoted to.
    #[arg(long, value_name = "ENV")]
    pub(crate) to: String,
    /// Save the target's plan here, for `lakeform apply -e TO FILE`.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
    /// Promote even when the source environment has drift.
    #[arg(long)]
    pub(crate) force: bool,
}

pub(super) fn run(project_dir: &Path, args: &Args) -> Result<ExitCode, CliError> {
    let palette = Palette::for_stdout();
    let (source_drift, from_env) = block_on(async {
        let session = Session::open(project_dir, &args.from).await?;
        let planned = session.plan().await;
        let environment = session.environment.clone();
        session.close().await?;
        Ok((DriftReport::from_plan(&planned?.0), environment))
    })?;
    if source_drift.has_drift() && !args.force {
        return Err(CliError::SourceDrift {
            from: args.from.clone(),
            summary: source_drift.sentence(),
        });
    }
    let (plan, to_env) = block_on(async {
        let session = Session::open(project_dir, &args.to).await?;
        let planned = session.plan().await;
        let environment = session.environment.clone();
        session.close().await?;
        Ok((planned?.0, environment))
    })?;
    let comparison = promote::compare(&from_env, &to_env);
    let report = PromotionReport {
        from: &args.from,
        to: &args.to,
        source_drift: &source_drift,
        forced: args.force && source_drift.has_drift(),
        comparison: &comparison,
    };
    let mut out = std::io::stdout().lock();
    out.write_all(render::text::render(&plan, &palette).as_bytes())?;
    out.write_all(b"\n")?;
    out.write_all(report.render(&palette).as_bytes())?;
    if let Some(path) = &args.out {
        saved::write(&plan, path)?;
        eprintln!(
            "Saved the plan of {} to {}; apply it with: lakeform apply -e {} {}",
            args.to,
            path.display(),
            args.to,
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
