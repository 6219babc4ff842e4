//! `lakeform schema`: print the JSON Schema of schema files to stdout.

use std::io::Write;
use std::process::ExitCode;

use crate::config::schema_file_json_schema;

use super::CliError;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(super) fn run(_args: &Args) -> Result<ExitCode, CliError> {
    let schema = schema_file_json_schema().map_err(CliError::JsonSchema)?;
    std::io::stdout().lock().write_all(schema.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
