//! The command-line interface: argument parsing (clap) and one module per command. Each
//! command loads what it needs through the library, writes its output to stdout, and
//! returns the process exit code; errors are printed to stderr as the diagnostic report
//! and exit 1 (DESIGN §6).

mod apply;
mod drift;
mod graph;
mod import;
mod init;
mod plan;
mod promote;
mod runtime;
mod sandbox;
mod schema;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::apply::ApplyError;
use crate::apply::freshness::{Refused, WrongEnvironment};
use crate::apply::lock::LockError;
use crate::apply::verify::VerifyError;
use crate::config::ConfigErrors;
use crate::plan::saved::SavedPlanError;
use crate::sandbox::SandboxError;
use crate::session::SessionError;

/// The commands a first session runs, shown under `lakeform --help`.
const FIRST_STEPS: &str = "\
Typical first commands:
  lakeform init my-project                   start a project (--example: the PacificRetail one)
  lakeform apply -e sandbox --auto-approve   apply the project to the embedded sandbox
  lakeform validate -e dev                   check the configuration, offline
  lakeform plan -e dev                       what apply would change, and why
  lakeform plan -e prod --out plans/prod.json && lakeform apply -e prod plans/prod.json
  lakeform drift -e prod                     what changed behind lakeform's back
  lakeform import -e dev --scope DB          adopt what already exists

`lakeform <command> --help` describes each command and lists the choices of its options.";

/// lakeform: a Snowflake + Azure Data Lake platform as code.
#[derive(Debug, Parser)]
#[command(name = "lakeform", version, about, after_help = FIRST_STEPS)]
pub(crate) struct Cli {
    /// The project directory (holding environments/ and schema/).
    #[arg(
        short = 'C',
        long = "directory",
        global = true,
        default_value = ".",
        value_name = "DIR"
    )]
    pub(crate) directory: PathBuf,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Start a project: environments, a first schema file, the JSON Schema (never overwrites).
    Init(init::Args),
    /// Check an environment's configuration without connecting anywhere.
    Validate(validate::Args),
    /// Show what apply would change in an environment (and optionally save the plan).
    Plan(plan::Args),
    /// Change an environment to match its desired state.
    Apply(apply::Args),
    /// The Snowflake emulator.
    Sandbox(sandbox::Args),
    /// Compare live with desired, read-only: exit 0 no drift, 2 drift, 3 destructive fix.
    Drift(drift::Args),
    /// Plan another environment from the same files, once the source has no drift.
    Promote(promote::Args),
    /// Write schema files declaring what exists in a database or schema, and adopt the
    /// lake containers its stages use, so that the plan after it is empty.
    Import(import::Args),
    /// Print the dependency graph of an environment's desired state.
    Graph(graph::Args),
    /// Print the JSON Schema of schema files (for editors).
    Schema(schema::Args),
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    #[error("{0}")]
    Config(#[from] ConfigErrors),
    #[error("error: cannot write the output: {0}")]
    Output(#[from] std::io::Error),
    #[error("error: cannot render the JSON Schema: {0}")]
    JsonSchema(#[source] serde_json::Error),
    #[error("{0}")]
    Session(#[from] SessionError),
    #[error("error: cannot start the async runtime: {0}")]
    Runtime(#[source] std::io::Error),
    #[error("error: {0}")]
    SavedPlan(#[from] SavedPlanError),
    #[error("error: {0}")]
    WrongEnvironment(#[from] WrongEnvironment),
    #[error("error: {0}")]
    Refused(#[from] Refused),
    #[error("error: {0}")]
    Lock(#[from] LockError),
    #[error("error: {0}")]
    Apply(#[from] ApplyError),
    #[error("error: the apply ran, but {0}")]
    Verify(#[from] VerifyError),
    #[error("error: the sandbox: {0}")]
    Sandbox(#[source] SandboxError),
    #[error(
        "error: apply needs a terminal to ask for confirmation; pass --auto-approve to apply without asking, or apply a saved plan"
    )]
    NeedsApproval,
    #[error(
        "error: the apply lock could not be kept ({0}): another apply may hold it now, so nothing was applied; run apply again"
    )]
    LockLost(String),
    #[error(
        "error: {from} has drift ({summary}): what was tested there is not what the files declare; fix it (or run `lakeform drift -e {from}`), or pass --force"
    )]
    SourceDrift { from: String, summary: String },
    #[error("error: import: {0}")]
    Import(#[from] crate::import::ImportError),
    #[error("error: import: {0}")]
    ImportWrite(#[from] crate::import::write::WriteError),
    #[error("error: import: cannot list the lake's containers: {0}")]
    ImportLake(#[source] crate::providers::adls::AdlsError),
    #[error("error: import: cannot add the lake containers to `external`: {0}")]
    ImportEnvFile(#[from] crate::import::env_file::EnvFileError),
    #[error("{0}")]
    Init(#[from] init::InitError),
    #[error("error: environment {0} has no [snowflake] section to import from")]
    NoSnowflake(String),
}

/// Parses the process arguments and runs the command.
pub fn main() -> ExitCode {
    match Cli::try_parse() {
        Ok(cli) => run(cli),
        Err(e) => {
            // clap prints usage errors and --help/--version itself; only errors fail.
            let _ = e.print();
            if e.use_stderr() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

/// Runs a parsed command line.
pub(crate) fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Init(args) => init::run(&cli.directory, &args),
        Command::Validate(args) => validate::run(&cli.directory, &args),
        Command::Plan(args) => plan::run(&cli.directory, &args),
        Command::Apply(args) => apply::run(&cli.directory, &args),
        Command::Sandbox(args) => sandbox::run(&args),
        Command::Drift(args) => drift::run(&cli.directory, &args),
        Command::Promote(args) => promote::run(&cli.directory, &args),
        Command::Import(args) => import::run(&cli.directory, &args),
        Command::Graph(args) => graph::run(&cli.directory, &args),
        Command::Schema(args) => schema::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(CliError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            // Errors quote configuration values and server messages: escape their control
            // characters so that none reaches the terminal.
            eprintln!("{}", crate::output_escape::escape_text(&e.to_string()));
            ExitCode::FAILURE
        }
    }
}
