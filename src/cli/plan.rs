//! `lakeform plan -e ENV [--out FILE] [--format text|json|markdown] [--detailed-exitcode]`:
//! read the live state, show what apply would change, and optionally save the plan.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::CliError;
use super::runtime::block_on;
use crate::plan::leftovers::{self, Leftover};
use crate::plan::render::{self, Format, palette::Palette};
use crate::plan::{Plan, Tier, saved};
use crate::session::Session;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The environment (environments/ENV.toml).
    #[arg(short = 'e', long = "env", value_name = "ENV")]
    pub(crate) env: String,
    /// Save the plan here, for `lakeform apply FILE`.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
    /// How to show the plan.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// Exit 2 when there are changes, 3 when they include destructive ones.
    #[arg(long)]
    pub(crate) detailed_exitcode: bool,
}

pub(super) fn run(project_dir: &Path, args: &Args) -> Result<ExitCode, CliError> {
    let (plan, leftovers) = block_on(async {
        let session = Session::open(project_dir, &args.env).await?;
        let planned = planned_with_leftovers(&session).await;
        session.close().await?;
        planned
    })?;
    write_with_leftovers(&plan, &leftovers, args.format)?;
    if let Some(out) = &args.out {
        saved::write(&plan, out)?;
        eprintln!(
            "Saved the plan to {}; apply it with: lakeform apply -e {} {}",
            out.display(),
            args.env,
            out.display()
        );
    }
    Ok(exit_code(&plan, args.detailed_exitcode))
}

pub(super) fn write(plan: &Plan, format: Format) -> Result<(), CliError> {
    let text = match format {
        Format::Text => render::text::render(plan, &Palette::for_stdout()),
        Format::Json => render::json::render(plan),
        Format::Markdown => render::markdown::render(plan),
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(())
}

/// The plan of the session's environment and lakeform's own leftovers beside it.
pub(crate) async fn planned_with_leftovers(
    session: &Session,
) -> Result<(Plan, Vec<Leftover>), CliError> {
    let (plan, live, _) = session.plan().await?;
    let leftovers = session.leftovers(&plan, &live).await?;
    Ok((plan, leftovers))
}

/// lakeform's own leftovers the plan keeps, after the plan. In JSON they are one more
/// top-level key of the plan document, `leftovers`, present only when there are any (an
/// optional addition: the format version stays).
fn write_with_leftovers(
    plan: &Plan,
    leftovers: &[Leftover],
    format: Format,
) -> Result<(), CliError> {
    let text = match format {
        Format::Text => {
            write(plan, format)?;
            leftovers::render_text(leftovers, &Palette::for_stdout())
        }
        Format::Markdown => {
            write(plan, format)?;
            leftovers::render_markdown(leftovers)
        }
        Format::Json if leftovers.is_empty() => return write(plan, format),
        Format::Json => {
            // Plain data with string keys: serialising cannot fail.
            let mut document = serde_json::to_value(plan).unwrap_or_default();
            if let Some(fields) = document.as_object_mut() {
                fields.insert(
                    "leftovers".into(),
                    serde_json::to_value(leftovers).unwrap_or_default(),
                );
            }
            let mut json = serde_json::to_string_pretty(&document).unwrap_or_default();
            json.push('\n');
            json
        }
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(())
}

/// DESIGN §6: 0 no changes, 2 changes, 3 changes that include the destructive tier.
pub(super) fn exit_code(plan: &Plan, detailed: bool) -> ExitCode {
    match (detailed, plan.max_tier()) {
        (false, _) | (true, None) => ExitCode::SUCCESS,
        (true, Some(Tier::Destructive)) => ExitCode::from(3),
        (true, Some(_)) => ExitCode::from(2),
    }
}
