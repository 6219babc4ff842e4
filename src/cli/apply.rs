//! `lakeform apply -e ENV [PLANFILE] [--auto-approve] [--allow-destructive]`: take the
//! environment's lock, plan (or check that a saved plan is still current), confirm,
//! execute, and verify that the live state now matches.
//!
//! A saved plan was reviewed when it was made, so it runs without a question — but only
//! if it is exactly the plan lakeform makes now: the plan is re-derived under the lock
//! from the desired state and the live state, compared with the file in every field
//! ([`freshness::check`]), and the re-derived plan is what runs. A stale or edited file
//! executes nothing. Without a plan file, the plan is shown and a
//! terminal must answer `yes`; without a terminal, `--auto-approve` is required.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use super::CliError;
use super::runtime::block_on;
use crate::apply::lock::{self, ApplyLock, LockPlace};
use crate::apply::{self, ApplyOptions, Targets, consent, freshness, progress, verify};
use crate::output_escape::escape_line;
use crate::plan::render::{palette::Palette, text};
use crate::plan::saved;
use crate::session::Session;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The environment (environments/ENV.toml).
    #[arg(short = 'e', long = "env", value_name = "ENV")]
    pub(crate) env: String,
    /// A plan saved by `lakeform plan --out`; refused if anything it read has changed.
    #[arg(value_name = "PLANFILE")]
    pub(crate) plan: Option<PathBuf>,
    /// Apply without asking (required without a terminal).
    #[arg(long)]
    pub(crate) auto_approve: bool,
    /// Consent to destructive changes (data, history or stream offsets lost).
    #[arg(long)]
    pub(crate) allow_destructive: bool,
    /// Changes that run at once.
    #[arg(long, default_value_t = apply::DEFAULT_PARALLELISM, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1024))]
    pub(crate) parallelism: usize,
    /// Wait this many seconds for another apply's lock instead of failing at once.
    #[arg(long, value_name = "SECONDS")]
    pub(crate) lock_timeout: Option<u64>,
    /// Per-statement timings.
    #[arg(long)]
    pub(crate) verbose: bool,
}

/// How often a running apply checks that its lock is still being renewed.
const LOCK_CHECK_INTERVAL: Duration = Duration::from_secs(5);

pub(super) fn run(project_dir: &Path, args: &Args) -> Result<ExitCode, CliError> {
    block_on(async {
        let session = Session::open(project_dir, &args.env).await?;
        let outcome = apply_in(&session, args).await;
        session.close().await?;
        outcome
    })
}

async fn apply_in(session: &Session, args: &Args) -> Result<ExitCode, CliError> {
    let env = &session.environment;
    let targets = Targets {
        snowflake: session.platform.snowflake.clone(),
        lake: session.platform.lake.clone(),
    };
    let place = LockPlace::for_targets(&targets, &session.lock_container())?;
    let wait = args.lock_timeout.map(Duration::from_secs);
    let lock = lock::acquire(&targets, &place, &env.name, wait).await?;
    let outcome = locked(session, &targets, args, &lock).await;
    lock.release().await?;
    outcome
}

async fn locked(
    session: &Session,
    targets: &Targets,
    args: &Args,
    lock: &ApplyLock,
) -> Result<ExitCode, CliError> {
    let env = &session.environment;
    let (plan, settings) = match &args.plan {
        Some(path) => {
            let file = saved::read(path)?;
            freshness::check_environment(&file, &env.name)?;
            let made_at = saved::made_at(&file).map_err(|_| saved::SavedPlanError::MadeAt {
                path: path.clone(),
                found: file.made_at.clone(),
            })?;
            let (plan, live, settings) = session.plan_at(made_at).await?;
            freshness::check(&file, &plan, &env.desired, &live)?;
            (plan, settings)
        }
        None => {
            let (plan, _, settings) = session.plan().await?;
            (plan, settings)
        }
    };
    let palette = Palette::for_stdout();
    if args.plan.is_none() || plan.is_empty() {
        print!("{}", text::render(&plan, &palette));
    }
    if plan.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    if args.plan.is_none() && !args.auto_approve && !confirmed(&env.name)? {
        println!("Apply cancelled; nothing was changed.");
        return Ok(ExitCode::FAILURE);
    }

    // The confirmation may have waited long enough for the lock's renewals to fail: then
    // another apply may hold it now, and nothing may start.
    if let Some(error) = lock.renewal_error() {
        return Err(CliError::LockLost(escape_line(&error).into_owned()));
    }
    let (stop_sender, stop) = tokio::sync::watch::channel(false);
    let lock_stop = stop_sender.clone();
    let interrupt = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!(
                "Interrupted: letting running statements finish, then putting task graphs back."
            );
            let _ = stop_sender.send(true);
        }
    });
    let options = ApplyOptions {
        parallelism: args.parallelism,
        allow_destructive: args.allow_destructive,
        allowed: consent::allowed_by(&env.desired),
        stop: Some(stop),
        verbose: args.verbose,
    };
    let mut progress = progress::for_output(args.verbose);
    let applying = apply::run(&plan, targets, &options, &mut progress);
    tokio::pin!(applying);
    // While statements run, a lock that stopped renewing stops the apply the way Ctrl-C
    // does (running statements finish, task graphs are put back), so two applies never
    // run side by side; the next plan repairs what is left.
    let mut lock_lost = false;
    let report = loop {
        tokio::select! {
            report = &mut applying => break report,
            () = tokio::time::sleep(LOCK_CHECK_INTERVAL), if !lock_lost => {
                if let Some(error) = lock.renewal_error() {
                    eprintln!(
                        "The apply lock could not be renewed ({}): stopping after the running statements.",
                        escape_line(&error)
                    );
                    let _ = lock_stop.send(true);
                    lock_lost = true;
                }
            }
        }
    };
    interrupt.abort();
    let report = report?;
    print!("{report}");
    if !report.succeeded() {
        return Ok(ExitCode::FAILURE);
    }
    let (live_after, _) = session.read_live().await?;
    verify::check(&env.name, &env.desired, &live_after, &settings)?;
    println!(
        "Verified: the live state of {} matches the desired state.",
        env.name
    );
    Ok(ExitCode::SUCCESS)
}

/// Asks on the terminal; only `yes` applies. Without a terminal there is no one to ask.
fn confirmed(environment: &str) -> Result<bool, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::NeedsApproval);
    }
    print!("\nApply these changes to {environment}? Only 'yes' will be accepted: ");
    std::io::stdout().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(answer.trim() == "yes")
}
