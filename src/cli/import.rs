//! `lakeform import -e ENV --scope DB[.SCHEMA] [--out DIR] [--force]`: write schema files
//! declaring what exists in a scope of ENV's Snowflake account, so it can be managed.
//!
//! `--out` defaults to the project's `schema/` directory. Nothing is overwritten without
//! `--force`. The files are written as the environment sees them (its variables written
//! back as `${var}`); include them from the environment file to manage them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::CliError;
use super::runtime::block_on;
use crate::import::{self, ImportScope, write};
use crate::output_escape::escape_line;
use crate::session::Session;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The environment whose account is read (environments/ENV.toml).
    #[arg(short = 'e', long = "env", value_name = "ENV")]
    pub env: String,
    /// What to import: a database, or one schema of it.
    #[arg(long, value_name = "DB[.SCHEMA]", value_parser = parse_scope)]
    pub scope: ImportScope,
    /// Where to write the files (default: the project's schema/ directory).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
}

fn parse_scope(text: &str) -> Result<ImportScope, String> {
    text.parse().map_err(|e| format!("{e}"))
}

pub fn run(project_dir: &Path, args: &Args) -> Result<ExitCode, CliError> {
    let imported = block_on(async {
        let session = Session::open(project_dir, &args.env).await?;
        let imported = match &session.platform.snowflake {
            Some(client) => import::import(client, &args.scope, &session.environment.vars)
                .await
                .map_err(CliError::from),
            None => Err(CliError::NoSnowflake(args.env.clone())),
        };
        session.close().await?;
        imported
    })?;
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| project_dir.join("schema"));
    let written = write::write(&dir, &imported.files, args.force)?;
    let mut out = std::io::stdout().lock();
    for path in &written {
        writeln!(out, "wrote {}", path.display())?;
    }
    if !imported.containers.is_empty() {
        writeln!(
            out,
            "note: the imported stages use the lake container(s) {}: declare them with [[container]], or list them under `external` in environments/{}.toml",
            escape_line(&imported.containers.join(", ")),
            args.env
        )?;
    }
    for mention in &imported.literal_mentions {
        writeln!(
            out,
            "note: {}: the string literal {} holds the value of ${{{}}} in another case; it is kept as written (a literal's case counts), so write ${{{}}} there by hand before promoting",
            escape_line(&mention.site),
            escape_line(&mention.literal),
            mention.variable,
            mention.variable
        )?;
    }
    writeln!(
        out,
        "Imported {} into {} file(s). Include them in environments/{}.toml, then `lakeform plan -e {}` should show no changes.",
        args.scope,
        written.len(),
        args.env,
        args.env
    )?;
    Ok(ExitCode::SUCCESS)
}
