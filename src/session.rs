//! One environment opened for work: its configuration loaded, its platform connected,
//! and the steps every command shares — read the live state, make the plan.
//!
//! `plan`, `apply`, `drift` and the benchmark harness all start here, so they see the
//! same live state the same way. A session must be [`Session::close`]d to stop an
//! embedded sandbox cleanly (dropping it also saves the sandbox's state).

use std::path::Path;

use crate::apply::snowflake_lock::{self, SnowflakeLockError};
use crate::config::{self, ConfigErrors, Environment};
use crate::model::LiveState;
use crate::plan::leftovers::Leftover;
use crate::plan::{self, Plan, PlanError, Settings};
use crate::platform::{Platform, PlatformError};
use crate::providers::adls::Namespace;

/// The container that holds apply-lock leases when `[adls] lock_container` is not set.
pub(crate) const DEFAULT_LOCK_CONTAINER: &str = "lakeform";

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("{0}")]
    Config(#[from] ConfigErrors),
    #[error("error: {0}")]
    Platform(#[from] PlatformError),
    #[error("error: cannot plan: {0}")]
    Plan(#[from] PlanError),
    #[error("error: cannot hash the desired state: {0}")]
    Hash(#[from] serde_json::Error),
    #[error("error: cannot read the apply lock: {0}")]
    Lock(#[from] SnowflakeLockError),
}

pub struct Session {
    pub environment: Environment,
    pub platform: Platform,
    /// The project's SQL being bound while the live state is read (see
    /// [`config::load_binding_later`]); taken by the first [`Session::read_live`].
    binding: std::sync::Mutex<Option<config::queries::Pending>>,
}

impl Session {
    /// Loads `environments/<env>.toml` under `project_dir` and connects its platform.
    ///
    /// The SQL the project declares is bound meanwhile, on its own thread; a problem it
    /// finds is reported by the first [`Session::read_live`] (before anything is planned or
    /// applied), or here when connecting fails.
    pub async fn open(project_dir: &Path, env: &str) -> Result<Session, SessionError> {
        let (environment, binding) = config::load_binding_later(project_dir, env)?;
        match Session::connect(environment).await {
            Ok(session) => {
                *session.binding_slot() = binding;
                Ok(session)
            }
            Err(error) => {
                // A problem in the files comes first: it is what the user must fix.
                if let Some(binding) = binding {
                    binding.finish()?;
                }
                Err(error)
            }
        }
    }

    fn binding_slot(&self) -> std::sync::MutexGuard<'_, Option<config::queries::Pending>> {
        // A poisoned lock only means a panic elsewhere; the slot itself is still sound.
        self.binding
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Connects the platform of an already loaded environment (`import` loads its own
    /// way, see [`config::load_for_import`]).
    pub async fn connect(environment: Environment) -> Result<Session, SessionError> {
        environment.require_connection_variables()?;
        let platform = Platform::connect(&environment).await?;
        Ok(Session {
            environment,
            platform,
            binding: std::sync::Mutex::new(None),
        })
    }

    /// The container of the apply lock's lease (on accounts with a lake).
    pub fn lock_container(&self) -> String {
        self.environment
            .adls
            .as_ref()
            .and_then(|a| a.lock_container.clone())
            .unwrap_or_else(|| DEFAULT_LOCK_CONTAINER.to_string())
    }

    pub async fn read_live(&self) -> Result<(LiveState, Namespace), SessionError> {
        let live = self.platform.read_live(&self.environment.desired).await;
        let binding = self.binding_slot().take();
        if let Some(binding) = binding {
            binding.finish()?;
        }
        Ok(live?)
    }

    /// The settings a plan of this environment is made with.
    pub fn settings(&self, namespace: Namespace) -> Settings {
        Settings {
            prune: self.environment.prune,
            backup: self.environment.backup,
            now: jiff::Timestamp::now(),
            namespace,
            lock_container: self.lock_container(),
            deploy_role: self
                .environment
                .snowflake
                .as_ref()
                .and_then(|s| s.role.as_deref())
                .and_then(|r| crate::model::identifier::Ident::parse(r).ok()),
        }
    }

    /// Reads the live state and plans against it.
    pub async fn plan(&self) -> Result<(Plan, LiveState, Settings), SessionError> {
        self.plan_at(jiff::Timestamp::now()).await
    }

    /// [`Session::plan`] as if made at `now` (the time in backup names): how `apply
    /// PLANFILE` re-derives a saved plan to compare it with the file.
    pub(crate) async fn plan_at(
        &self,
        now: jiff::Timestamp,
    ) -> Result<(Plan, LiveState, Settings), SessionError> {
        let (live, namespace) = self.read_live().await?;
        let mut settings = self.settings(namespace);
        settings.now = now;
        let env = &self.environment;
        let plan = plan::make(
            &env.name,
            &env.desired,
            &env.desired_hash()?,
            &live,
            &settings,
        )?;
        Ok((plan, live, settings))
    }

    /// lakeform's own leftovers beside `plan` (made from `live`): the rebuild scratch
    /// tables it keeps, and, for an environment locked in Snowflake (no lake), an expired
    /// apply lock. See [`plan::leftovers`].
    pub(crate) async fn leftovers(
        &self,
        plan: &Plan,
        live: &LiveState,
    ) -> Result<Vec<Leftover>, SessionError> {
        let mut found = plan::leftovers::kept(&plan.changes, live);
        if let (None, Some(client)) = (&self.platform.lake, &self.platform.snowflake)
            && let Some((name, record)) =
                snowflake_lock::expired(client, &self.environment.name, jiff::Timestamp::now())
                    .await?
        {
            found.push(plan::leftovers::expired_lock(&name, &record));
        }
        Ok(found)
    }

    /// Stops the embedded sandbox, if any, saving its state.
    pub async fn close(self) -> Result<(), SessionError> {
        Ok(self.platform.shutdown().await?)
    }
}
