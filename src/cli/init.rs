//! `lakeform init [DIR] [--example]`: start a project. Writes a sandbox environment and
//! one for a real account (every connection key explained), a first schema file with the
//! `#:schema` line editors use, the JSON Schema, `plans/README.md` and a `.gitignore` for
//! what lakeform keeps locally — or, with `--example`, the PacificRetail example this
//! repository ships.
//!
//! It never overwrites: every path is checked before anything is written, and if one
//! exists, nothing is written and the command says which. Files are created with
//! `create_new`, so a file appearing between the check and the write is not clobbered
//! either.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::schema_file_json_schema;

use super::CliError;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The directory to start the project in (created if missing).
    #[arg(value_name = "DIR", default_value = ".")]
    pub(crate) dir: PathBuf,
    /// Write the PacificRetail example instead of an empty project.
    #[arg(long)]
    pub(crate) example: bool,
}

/// What lakeform writes under `.lakeform/` (the sandbox's state) and saved plans are
/// local artefacts, not source.
const GITIGNORE: &str = "/.lakeform/\n/plans/*\n!/plans/README.md\n";

const PLANS_README: &str = include_str!("../../plans/README.md");

const STARTER_SANDBOX: &str = r#"# The embedded sandbox: a Snowflake emulator and a local lake, both kept under .lakeform/,
# so the project plans and applies with no account:
#   lakeform apply -e sandbox --auto-approve
include = ["../schema/*.toml"]
prune = false        # true: drop objects in managed schemas that no file declares
backup = true        # zero-copy clone before a destructive change

[vars]
env = "SANDBOX"
database = "MY_PROJECT_SANDBOX"

[snowflake]
sandbox = ".lakeform/sandbox"

[adls]
sandbox = ".lakeform/lake"
"#;

const STARTER_DEV: &str = r#"# A real Snowflake account and ADLS Gen2 storage account. Secrets come only from
# ${env:NAME}; `lakeform validate -e dev` passes without them, `plan` and `apply` need them.
include = ["../schema/*.toml"]
prune = false
backup = true
# external = ["SNOWFLAKE_SAMPLE_DATA"]   # objects that may be referenced without being declared

[vars]
env = "DEV"
database = "MY_PROJECT_DEV"

[snowflake]
# The account identifier, organization-account form (MYORG-MYACCOUNT) or the locator.
account = "MYORG-MYACCOUNT"
# The user lakeform connects as (key pair needs it; pat and oauth do not).
user = "LAKEFORM_DEPLOY"
# The role that owns what lakeform creates.
role = "SYSADMIN"
# The warehouse for the statements lakeform runs (optional).
# warehouse = "LAKEFORM_WH"
# keypair | oauth | pat
authenticator = "keypair"
# keypair: a PKCS#8 PEM private key, optionally encrypted with private_key_passphrase.
private_key_file = "${env:SNOWFLAKE_PRIVATE_KEY_FILE}"
# private_key_passphrase = "${env:SNOWFLAKE_PRIVATE_KEY_PASSPHRASE}"
# oauth or pat: the token.
# token = "${env:SNOWFLAKE_TOKEN}"
# oauth through Entra ID instead of a token: the scope of Snowflake's app registration.
# oauth_scope = "api://<snowflake-app-id>/.default"
# Another URL than the account's (a private-link host, a standalone sandbox).
# url = "https://myorg-myaccount.privatelink.snowflakecomputing.com"
# How many statements reading the account run at once (default 32; lower it for a busy account).
# max_concurrency = 16

[adls]
# The storage account name.
account = "myprojectdev"
# azure_identity | shared_key | sas
auth = "azure_identity"
# azure_identity: cli | managed_identity | workload_identity | client_secret (AZURE_* variables)
credential = "cli"
# shared_key: account_key = "${env:AZURE_STORAGE_KEY}"
# sas: sas_token = "${env:AZURE_STORAGE_SAS_TOKEN}"
# Another endpoint than the account's (Azurite, sovereign clouds).
# endpoint = "https://myprojectdev.blob.core.windows.net"
# The container holding apply-lock leases (default "lakeform").
# lock_container = "lakeform"
"#;

/// The first schema file; `import` recognises it unchanged as a placeholder it replaces.
pub(crate) const STARTER_SCHEMA: &str = r#"#:schema ./lakeform.schema.json
# The desired state: arrays of tables, one per kind. `lakeform schema` prints the format,
# and the line above gives editors completion and checking.

[[database]]
name = "${database}"
comment = "Managed by lakeform"

# [[schema]]
# name = "${database}.RAW"
#
# [[table]]
# name = "${database}.RAW.EVENTS"
# columns = [
#   { name = "ID", type = "NUMBER(38,0)", nullable = false },
#   { name = "PAYLOAD", type = "VARIANT" },
# ]
"#;

/// The PacificRetail example, as this repository ships it.
const EXAMPLE: &[(&str, &str)] = &[
    (
        "environments/sandbox.toml",
        include_str!("../../environments/sandbox.toml"),
    ),
    (
        "environments/dev.toml",
        include_str!("../../environments/dev.toml"),
    ),
    (
        "environments/staging.toml",
        include_str!("../../environments/staging.toml"),
    ),
    (
        "environments/prod.toml",
        include_str!("../../environments/prod.toml"),
    ),
    ("schema/lake.toml", include_str!("../../schema/lake.toml")),
    (
        "schema/account.toml",
        include_str!("../../schema/account.toml"),
    ),
    (
        "schema/bronze.toml",
        include_str!("../../schema/bronze.toml"),
    ),
    (
        "schema/silver.toml",
        include_str!("../../schema/silver.toml"),
    ),
    ("schema/gold.toml", include_str!("../../schema/gold.toml")),
    (
        "schema/access.toml",
        include_str!("../../schema/access.toml"),
    ),
];

#[derive(Debug, thiserror::Error)]
pub(crate) enum InitError {
    #[error(
        "error: init writes nothing over existing files, and these exist in {}:\n{}\nNothing was written.",
        .dir.display(),
        .existing.iter().map(|p| format!("  {}", p.display())).collect::<Vec<_>>().join("\n")
    )]
    Exists {
        dir: PathBuf,
        existing: Vec<PathBuf>,
    },
    #[error("error: cannot write {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The files of a new project, by path relative to its directory.
pub(super) fn files(example: bool) -> Result<Vec<(PathBuf, String)>, CliError> {
    let schema = schema_file_json_schema().map_err(CliError::JsonSchema)?;
    let mut files: Vec<(PathBuf, String)> = if example {
        EXAMPLE
            .iter()
            .map(|(path, text)| (PathBuf::from(path), (*text).to_string()))
            .collect()
    } else {
        vec![
            ("environments/sandbox.toml".into(), STARTER_SANDBOX.into()),
            ("environments/dev.toml".into(), STARTER_DEV.into()),
            ("schema/main.toml".into(), STARTER_SCHEMA.into()),
        ]
    };
    files.push(("schema/lakeform.schema.json".into(), schema));
    files.push(("plans/README.md".into(), PLANS_README.into()));
    files.push((".gitignore".into(), GITIGNORE.into()));
    Ok(files)
}

pub(super) fn run(project_dir: &Path, args: &Args) -> Result<ExitCode, CliError> {
    let dir = project_dir.join(&args.dir);
    let files = files(args.example)?;
    write_new(&dir, &files)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "Started a lakeform project in {}:", dir.display())?;
    for (path, _) in &files {
        writeln!(out, "  {}", path.display())?;
    }
    writeln!(
        out,
        "\nNext: `lakeform -C {} apply -e sandbox --auto-approve` applies it to the embedded sandbox.",
        dir.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Writes every file under `dir`, or none if any already exists.
fn write_new(dir: &Path, files: &[(PathBuf, String)]) -> Result<(), InitError> {
    let existing: Vec<PathBuf> = files
        .iter()
        .filter(|(path, _)| dir.join(path).symlink_metadata().is_ok())
        .map(|(path, _)| path.clone())
        .collect();
    if !existing.is_empty() {
        return Err(InitError::Exists {
            dir: dir.to_path_buf(),
            existing,
        });
    }
    for (path, text) in files {
        let path = dir.join(path);
        let error = |source| InitError::Write {
            path: path.clone(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(error)?;
        }
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(error)?;
        file.write_all(text.as_bytes()).map_err(error)?;
    }
    Ok(())
}
