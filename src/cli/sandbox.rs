//! `lakeform sandbox serve`: the Snowflake emulator as a standalone server, for tests,
//! benchmarks and other tools.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use super::CliError;
use super::runtime::block_on;
use crate::sandbox::{FaultOptions, ServeOptions, serve};
use crate::secret::Secret;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    pub(crate) command: SandboxCommand,
}

#[derive(Debug, clap::Subcommand)]
pub(crate) enum SandboxCommand {
    /// Serve the SQL API v2 until Ctrl-C.
    Serve(ServeArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the URL is printed).
    #[arg(long, default_value = "127.0.0.1:0")]
    pub(crate) listen: SocketAddr,
    /// Keep the catalog in this directory between runs.
    #[arg(long, value_name = "DIR")]
    pub(crate) state: Option<PathBuf>,
    /// Delay every request by this many milliseconds (requests still run concurrently).
    #[arg(long, default_value_t = 0)]
    pub(crate) latency_ms: u64,
    /// Accept only this bearer token (KEYPAIR_JWT tokens are always checked).
    #[arg(long, env = "LAKEFORM_SANDBOX_TOKEN", hide_env_values = true)]
    pub(crate) token: Option<String>,
    /// How long a statement may run before the answer is 202 and the client polls.
    #[arg(long, default_value_t = 45_000)]
    pub(crate) sync_wait_ms: u64,
    /// Seed for the fault fractions below, so runs repeat.
    #[arg(long, default_value_t = 0)]
    pub(crate) fault_seed: u64,
    /// Fraction of requests answered 429.
    #[arg(long, default_value_t = 0.0)]
    pub(crate) fault_429: f64,
    /// Fraction of requests answered 503.
    #[arg(long, default_value_t = 0.0)]
    pub(crate) fault_503: f64,
    /// Fraction of connections dropped before the statement runs.
    #[arg(long, default_value_t = 0.0)]
    pub(crate) fault_drop: f64,
    /// Fraction of connections dropped after the statement ran (tests requestId retries).
    #[arg(long, default_value_t = 0.0)]
    pub(crate) fault_drop_after_execute: f64,
    /// Fraction of statements made slow.
    #[arg(long, default_value_t = 0.0)]
    pub(crate) slow_fraction: f64,
    /// How slow a slow statement is.
    #[arg(long, default_value_t = 0)]
    pub(crate) slow_ms: u64,
}

pub(super) fn run(args: &Args) -> Result<ExitCode, CliError> {
    let SandboxCommand::Serve(serve_args) = &args.command;
    let options = ServeOptions {
        listen: serve_args.listen,
        state_dir: serve_args.state.clone(),
        latency: Duration::from_millis(serve_args.latency_ms),
        faults: FaultOptions {
            seed: serve_args.fault_seed,
            too_many_requests: serve_args.fault_429,
            unavailable: serve_args.fault_503,
            drop_connection: serve_args.fault_drop,
            drop_after_execute: serve_args.fault_drop_after_execute,
            slow_fraction: serve_args.slow_fraction,
            slow: Duration::from_millis(serve_args.slow_ms),
        },
        fixed_token: serve_args.token.clone().map(Secret::new),
        sync_wait: Duration::from_millis(serve_args.sync_wait_ms),
    };
    block_on(async { serve(options).await.map_err(CliError::Sandbox) })?;
    Ok(ExitCode::SUCCESS)
}
