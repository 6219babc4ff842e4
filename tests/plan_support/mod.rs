//! Shared by the plan evidence tests: a throw-away lakeform project (environment file and
//! one schema file) pointed at an in-process sandbox, live state made by hand-written SQL
//! and by lake operations, and the plan the library makes for it — the path the CLI takes.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use lakeform::kinds::container::Container;
use lakeform::plan::Plan;
use lakeform::providers::adls::{AdlsOperation, Lake, LakeSettings};
use lakeform::providers::snowflake::auth::Authenticator;
use lakeform::providers::snowflake::client::SnowflakeClient;
use lakeform::providers::snowflake::settings::ConnectionSettings;
use lakeform::sandbox::{RunningSandbox, ServeOptions};
use lakeform::secret::Secret;
use lakeform::session::Session;

/// The environment every test project defines.
pub(crate) const ENV: &str = "t";

/// A sandbox and a project directory that points at it.
pub(crate) struct Project {
    pub sandbox: RunningSandbox,
    pub dir: tempfile::TempDir,
}

/// What goes into a project besides its connection.
#[derive(Default, Clone)]
pub(crate) struct ProjectSpec<'a> {
    /// Extra top-level keys of the environment file (`prune = true`, `backup = false`).
    pub environment: &'a str,
    /// `[vars]` entries of the environment file.
    pub vars: &'a str,
    /// Whether the environment has a local lake (`[adls] sandbox`).
    pub lake: bool,
}

impl Project {
    /// Starts a sandbox and writes an environment whose schema files are `schema/*.toml`.
    pub(crate) async fn start(spec: &ProjectSpec<'_>) -> Project {
        let sandbox = lakeform::sandbox::start(ServeOptions::default())
            .await
            .expect("the sandbox starts");
        let dir = tempfile::tempdir().expect("a temp dir");
        std::fs::create_dir_all(dir.path().join("environments")).unwrap();
        std::fs::create_dir_all(dir.path().join("schema")).unwrap();
        let mut env = format!("include = [\"../schema/*.toml\"]\n{}\n", spec.environment);
        if !spec.vars.is_empty() {
            env.push_str(&format!("[vars]\n{}\n", spec.vars));
        }
        env.push_str(&format!(
            "[snowflake]\nurl = \"{}\"\naccount = \"A\"\nuser = \"U\"\nauthenticator = \"pat\"\ntoken = \"t\"\n",
            sandbox.base_url()
        ));
        let project = Project { sandbox, dir };
        if spec.lake {
            let lake = project.lake_dir();
            std::fs::create_dir_all(&lake).unwrap();
            env.push_str(&format!("[adls]\nsandbox = \"{}\"\n", lake.display()));
        }
        std::fs::write(
            project
                .dir
                .path()
                .join("environments")
                .join(format!("{ENV}.toml")),
            env,
        )
        .unwrap();
        project
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Where the environment's local lake lives.
    pub(crate) fn lake_dir(&self) -> PathBuf {
        self.dir.path().join("lake")
    }

    /// Writes (or overwrites) `schema/<file>`.
    pub(crate) fn write_schema(&self, file: &str, text: &str) {
        std::fs::write(self.dir.path().join("schema").join(file), text).unwrap();
    }

    /// A Snowflake client of the sandbox, for making live state by hand.
    pub(crate) fn client(&self) -> SnowflakeClient {
        let mut settings = ConnectionSettings::new(
            "A",
            "U",
            Authenticator::Pat {
                token: Secret::new("t"),
            },
        );
        settings.url = Some(self.sandbox.base_url().parse().unwrap());
        settings.retry_backoff = Duration::from_millis(5);
        settings.max_poll_interval = Duration::from_millis(20);
        SnowflakeClient::new(settings).unwrap()
    }

    /// Runs a script of `;`-separated statements on the sandbox.
    pub(crate) async fn run_sql(&self, sql: &str) -> Result<(), String> {
        if sql.trim().is_empty() {
            return Ok(());
        }
        self.client()
            .execute_multi(sql, 0)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// Creates `container` in the environment's local lake.
    pub(crate) async fn create_container(&self, container: &Container) {
        let lake = Lake::connect(&LakeSettings::Sandbox {
            dir: self.lake_dir(),
        })
        .await
        .unwrap();
        lake.execute(&AdlsOperation::create_container(container))
            .await
            .unwrap();
    }

    /// Reads the live state and plans the environment, as `lakeform plan` does.
    pub(crate) async fn plan(&self) -> Result<Plan, String> {
        let session = Session::open(self.dir.path(), ENV)
            .await
            .map_err(|e| e.to_string())?;
        let planned = session.plan().await.map_err(|e| e.to_string());
        session.close().await.map_err(|e| e.to_string())?;
        planned.map(|(plan, _, _)| plan)
    }

    pub(crate) async fn shutdown(self) {
        self.sandbox.shutdown().await.unwrap();
    }
}
