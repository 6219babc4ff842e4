//! `lakeform import -e ENV --scope DB[.SCHEMA] [--out DIR] [--force]`: write schema files
//! declaring what exists in a scope of ENV's Snowflake account, so it can be managed.
//!
//! `--out` defaults to the project's `schema/` directory. Nothing is overwritten without
//! `--force`. The files are written as the environment sees them (its variables written
//! back as `${var}`).
//!
//! Import bootstraps a project, so that the plan after it is empty with no hand edit:
//! the environment is loaded with include patterns that match nothing yet (the files
//! import writes are what they wait for); objects the environment's files declare
//! already are not written again, and `lakeform init`'s unchanged placeholder is replaced
//! (see [`crate::import::project`]); the lake containers the stages use are declared from
//! the lake, or listed under `external` in the environment file when lakeform cannot read
//! them (see [`crate::import::lake`]).

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::CliError;
use super::init::STARTER_SCHEMA;
use super::runtime::block_on;
use crate::config::{self, Environment};
use crate::import::env_file::EnvFileError;
use crate::import::files::{ACCOUNT_FILE, render_lake};
use crate::import::lake::{self, LakeView};
use crate::import::variables::Substitution;
use crate::import::{self, ImportScope, env_file, project, write};
use crate::kinds::stage::AzureLocation;
use crate::model::{Address, Kind, LiveState, Object};
use crate::output_escape::escape_line;
use crate::session::Session;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The environment whose account is read (environments/ENV.toml).
    #[arg(short = 'e', long = "env", value_name = "ENV")]
    pub(crate) env: String,
    /// What to import: a database, or one schema of it.
    #[arg(long, value_name = "DB[.SCHEMA]", value_parser = parse_scope)]
    pub(crate) scope: ImportScope,
    /// Where to write the files (default: the project's schema/ directory).
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
    /// Overwrite files that already exist.
    #[arg(long)]
    pub(crate) force: bool,
}

fn parse_scope(text: &str) -> Result<ImportScope, String> {
    text.parse().map_err(|e| format!("{e}"))
}

/// What the platform gave: the scope's live state and the lake, when there is one.
struct Read {
    environment: Environment,
    live: LiveState,
    lake: Option<LakeView>,
}

pub(super) fn run(project_dir: &Path, args: &Args) -> Result<ExitCode, CliError> {
    let environment = config::load_for_import(project_dir, &args.env)?;
    let Read {
        environment,
        live,
        lake,
    } = block_on(read(environment, &args.scope))?;
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| project_dir.join("schema"));

    // What the project declares already, but for the placeholder (replaced) and the
    // files about to be overwritten: first render to learn the files' names.
    let placeholder = project::placeholder(&environment, &args.scope, STARTER_SCHEMA);
    let deploy_role = environment
        .snowflake
        .as_ref()
        .and_then(|s| s.role.as_deref())
        .and_then(|r| crate::model::identifier::Ident::parse(r).ok());
    let first = import::render(
        &live,
        &args.scope,
        &environment.vars,
        &Default::default(),
        deploy_role.as_ref(),
    )?;
    let mut targets: Vec<PathBuf> = first.files.iter().map(|f| dir.join(&f.file_name)).collect();
    targets.push(dir.join(crate::import::files::LAKE_FILE));
    // Declared objects are left out only of files the environment reads: a second
    // declaration there is a duplicate, while files written elsewhere (`--out` a scratch
    // directory) are a full copy to compare or move.
    let reads_output = targets
        .iter()
        .any(|path| config::is_included(&environment, path));
    targets.extend(placeholder.iter().map(|p| p.path.clone()));
    let declared = project::declared(&environment, &targets);
    let no_declarations = Default::default();
    let skipped = if reads_output {
        &declared
    } else {
        &no_declarations
    };
    let mut imported = import::render(
        &live,
        &args.scope,
        &environment.vars,
        skipped,
        deploy_role.as_ref(),
    )?;

    // Containers: those the project declares or lists under `external` need nothing.
    let mut used = imported.containers.clone();
    used.retain(|name, _| {
        let address = Address::new(Kind::Container, name);
        !declared.contains_key(&address) && !environment.external.covers(&address)
    });
    let adoption = lake::adopt(&used, lake.as_ref());
    // The queues and subscriptions announcing files in any of the stages' containers.
    let stage_containers = imported.containers.keys().cloned().collect();
    let notifications = lake
        .as_ref()
        .map(|view| {
            lake::adopt_notifications(&stage_containers, view, |address| {
                declared.contains_key(address)
            })
        })
        .unwrap_or_default();
    let substitution = Substitution::new(&environment.vars);
    if let Some(file) = render_lake(
        &adoption.declare,
        &notifications,
        &substitution,
        &args.scope.to_string(),
    ) {
        imported.files.push(file);
    }
    let external: Vec<String> = adoption.external.iter().map(|(n, _)| n.clone()).collect();
    let env_path = project_dir
        .join("environments")
        .join(format!("{}.toml", args.env));
    let env_edit = if external.is_empty() {
        None
    } else {
        let text = std::fs::read_to_string(&env_path).map_err(|source| EnvFileError::Read {
            path: env_path.clone(),
            source,
        })?;
        Some(env_file::add_external(&text, &external)?)
    };
    // The placeholder goes only when the database it declares is written in its stead,
    // where the environment reads it.
    let placeholder = placeholder.filter(|_| {
        config::is_included(&environment, &dir.join(ACCOUNT_FILE))
            && imported
                .files
                .iter()
                .any(|f| f.file_name == ACCOUNT_FILE && f.text.contains("[[database]]"))
    });

    let written = write::write(&dir, &imported.files, args.force)?;
    if let Some(text) = &env_edit {
        std::fs::write(&env_path, text).map_err(|source| EnvFileError::Write {
            path: env_path.clone(),
            source,
        })?;
    }
    // With --force a schema named MAIN is written over the placeholder: that is the
    // import's file now, and stays.
    let placeholder = placeholder.filter(|p| {
        let same = |a: &Path, b: &Path| {
            std::fs::canonicalize(a)
                .ok()
                .is_some_and(|a| std::fs::canonicalize(b).ok() == Some(a))
        };
        !written.iter().any(|w| same(w, &p.path))
    });
    if let Some(placeholder) = &placeholder {
        std::fs::remove_file(&placeholder.path).map_err(|source| write::WriteError::Remove {
            path: placeholder.path.clone(),
            source,
        })?;
    }

    let mut out = std::io::stdout().lock();
    for path in &written {
        writeln!(out, "wrote {}", path.display())?;
    }
    if let Some(placeholder) = &placeholder {
        writeln!(
            out,
            "removed {}: it was `lakeform init`'s placeholder, unchanged, and {ACCOUNT_FILE} now declares {} as it is",
            placeholder.shown.display(),
            args.scope.database
        )?;
    }
    for (address, at) in &imported.already_declared {
        writeln!(
            out,
            "note: {address} is declared at {} already: not written again (the plan shows any difference between that declaration and the account)",
            escape_line(at)
        )?;
    }
    for container in &adoption.declare {
        writeln!(
            out,
            "note: the stages use the lake container {}: declared in {} as the lake holds it",
            escape_line(&container.name),
            crate::import::files::LAKE_FILE
        )?;
    }
    for object in &notifications {
        writeln!(
            out,
            "note: the lake's {} {} announces files of the stages' containers: declared in {} as the lake holds it",
            object.kind().sql_keyword().to_lowercase(),
            escape_line(&crate::model::Resource::address(object).name),
            crate::import::files::LAKE_FILE
        )?;
    }
    for (name, why) in &adoption.external {
        writeln!(
            out,
            "note: the stages use the lake container {}, which lakeform cannot read ({}): listed under `external` in environments/{}.toml; declare it with [[container]] in the files of the environment that manages the lake",
            escape_line(name),
            escape_line(&why.to_string()),
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
    let included = written
        .iter()
        .all(|path| config::is_included(&environment, path));
    if included {
        writeln!(
            out,
            "Imported {} into {} file(s), which environments/{}.toml includes: `lakeform plan -e {}` should show no changes.",
            args.scope,
            written.len(),
            args.env,
            args.env
        )?;
    } else {
        writeln!(
            out,
            "Imported {} into {} file(s). Include them in environments/{}.toml, then `lakeform plan -e {}` should show no changes.",
            args.scope,
            written.len(),
            args.env,
            args.env
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Connects, reads the scope, and lists the lake's containers (when there is a lake).
async fn read(environment: Environment, scope: &ImportScope) -> Result<Read, CliError> {
    let session = Session::connect(environment).await?;
    let result = read_platform(&session, scope).await;
    let environment = session.environment.clone();
    session.close().await?;
    let (live, lake) = result?;
    Ok(Read {
        environment,
        live,
        lake,
    })
}

async fn read_platform(
    session: &Session,
    scope: &ImportScope,
) -> Result<(LiveState, Option<LakeView>), CliError> {
    let Some(client) = &session.platform.snowflake else {
        return Err(CliError::NoSnowflake(session.environment.name.clone()));
    };
    let live = import::read(client, scope).await?;
    let Some(lake) = &session.platform.lake else {
        return Ok((live, None));
    };
    let account = session
        .environment
        .adls
        .as_ref()
        .filter(|a| a.sandbox.is_none())
        .and_then(|a| a.account.clone());
    // The lake is listed only when it can speak for a stage: an account no stage names
    // is not asked (it may not even be reachable from here).
    let stage_accounts: BTreeSet<String> = live
        .objects
        .values()
        .filter_map(|object| match object {
            Object::Stage(stage) if scope.covers(&stage.name.schema_name()) => {
                stage.url.as_deref().and_then(AzureLocation::parse)
            }
            _ => None,
        })
        .map(|location| location.account)
        .collect();
    let needed = !stage_accounts.is_empty()
        && account
            .as_ref()
            .is_none_or(|a| stage_accounts.iter().any(|s| s.eq_ignore_ascii_case(a)));
    let containers = if needed {
        lake.read_containers(None)
            .await
            .map_err(CliError::ImportLake)?
    } else {
        Vec::new()
    };
    // Subscriptions when the lake reaches Event Grid; queues only when there are some to
    // deliver to (a lake with blob-only credentials never reaches this).
    let subscriptions = if needed && lake.has_event_grid() {
        lake.read_event_subscriptions()
            .await
            .map_err(CliError::ImportLake)?
    } else {
        Vec::new()
    };
    let queues = if subscriptions.is_empty() {
        Vec::new()
    } else {
        lake.read_queues().await.map_err(CliError::ImportLake)?
    };
    Ok((
        live,
        Some(LakeView {
            account,
            containers,
            queues,
            subscriptions,
        }),
    ))
}
