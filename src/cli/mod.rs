//! The command-line interface: argument parsing (clap) and one module per command. Each
//! command loads what it needs through the library, writes its output to stdout, and
//! returns the process exit code; errors are printed to stderr as the diagnostic report
//! and exit 1 (DESIGN §6).

mod graph;
mod schema;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::ConfigErrors;

/// lakeform: a Snowflake + Azure Data Lake platform as code.
#[derive(Debug, Parser)]
#[command(name = "lakeform", version, about)]
pub struct Cli {
    /// The project directory (holding environments/ and schema/).
    #[arg(
        short = 'C',
        long = "directory",
        global = true,
        default_value = ".",
        value_name = "DIR"
    )]
    pub directory: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check an environment's configuration without connecting anywhere.
    Validate(validate::Args),
    /// Print the dependency graph of an environment's desired state.
    Graph(graph::Args),
    /// Print the JSON Schema of schema files (for editors).
    Schema(schema::Args),
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Config(#[from] ConfigErrors),
    #[error("error: cannot write the output: {0}")]
    Output(#[from] std::io::Error),
    #[error("error: cannot render the JSON Schema: {0}")]
    JsonSchema(#[source] serde_json::Error),
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
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Validate(args) => validate::run(&cli.directory, &args),
        Command::Graph(args) => graph::run(&cli.directory, &args),
        Command::Schema(args) => schema::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(CliError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
