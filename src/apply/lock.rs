//! One apply per environment at a time.
//!
//! Where the lock lives follows the environment: a blob lease on
//! `.lakeform/locks/<env>` when it has an ADLS account, the local lake's file lock for
//! the sandbox, and otherwise a lock object in Snowflake (see [`super::snowflake_lock`]).
//! Each names its holder and since when, so a refused apply can say who is running; each
//! frees itself when its holder dies (the lease lapses, the OS drops the file lock, the
//! Snowflake lock expires).

use std::time::Duration;

use super::executor::Targets;
use super::snowflake_lock::{DEFAULT_TTL, SnowflakeLock, SnowflakeLockError};
use crate::kinds::container::PublicAccess;
use crate::providers::adls::{AdlsError, AdlsOperation, Lake, LakeLock, LockHolder};

/// Where an environment's apply lock lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LockPlace {
    /// A lease in `container` of the environment's storage account (created when
    /// missing, since a first apply must be lockable too).
    Lease { container: String },
    /// The sandbox lake's file lock.
    LocalFile,
    /// A lock object in Snowflake, for environments without a lake.
    Snowflake { ttl: Duration },
}

impl LockPlace {
    /// The place for an environment with these targets: the lake when there is one
    /// (leases live in `lease_container`), Snowflake otherwise.
    pub fn for_targets(targets: &Targets, lease_container: &str) -> Result<LockPlace, LockError> {
        match (&targets.lake, &targets.snowflake) {
            (Some(Lake::Rest(_)), _) => Ok(LockPlace::Lease {
                container: lease_container.to_string(),
            }),
            (Some(Lake::Local(_)), _) => Ok(LockPlace::LocalFile),
            (None, Some(_)) => Ok(LockPlace::Snowflake { ttl: DEFAULT_TTL }),
            (None, None) => Err(LockError::NoPlace),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "another apply of environment {env} is running: {lock} is held by {holder} since {since}; wait for it, or use --lock-timeout to wait"
    )]
    Held {
        env: String,
        lock: String,
        holder: String,
        since: String,
    },
    #[error("the environment configures neither Snowflake nor a lake, so there is nowhere to lock")]
    NoPlace,
    #[error("the {0} lock needs a target the environment does not configure")]
    MissingTarget(&'static str),
    #[error("apply lock: {0}")]
    Lake(Box<AdlsError>),
    #[error("apply lock: {0}")]
    Snowflake(Box<SnowflakeLockError>),
}

/// A held apply lock.
#[derive(Debug)]
pub enum ApplyLock {
    Lake(LakeLock),
    Snowflake(SnowflakeLock),
}

impl ApplyLock {
    pub fn holder(&self) -> &LockHolder {
        match self {
            ApplyLock::Lake(l) => l.holder(),
            ApplyLock::Snowflake(l) => l.holder(),
        }
    }

    /// Set when keeping the lock alive failed lately: another apply may take it.
    pub(crate) fn renewal_error(&self) -> Option<String> {
        match self {
            ApplyLock::Lake(l) => l.renewal_error(),
            ApplyLock::Snowflake(l) => l.renewal_error(),
        }
    }

    pub async fn release(self) -> Result<(), LockError> {
        match self {
            ApplyLock::Lake(l) => l.release().await.map_err(|e| LockError::Lake(Box::new(e))),
            ApplyLock::Snowflake(l) => l
                .release()
                .await
                .map_err(|e| LockError::Snowflake(Box::new(e))),
        }
    }
}

/// Takes the apply lock of `env` at `place`: at once or fails naming the holder, or with
/// `wait` (`--lock-timeout`) keeps trying that long.
pub async fn acquire(
    targets: &Targets,
    place: &LockPlace,
    env: &str,
    wait: Option<Duration>,
) -> Result<ApplyLock, LockError> {
    match place {
        LockPlace::Lease { container } => {
            let lake = targets
                .lake
                .as_ref()
                .ok_or(LockError::MissingTarget("lease"))?;
            match lake.lock(container, env, wait).await {
                Err(AdlsError::LockContainerMissing { .. }) => {
                    create_lock_container(lake, container).await?;
                    lake.lock(container, env, wait).await
                }
                other => other,
            }
            .map(ApplyLock::Lake)
            .map_err(|e| lake_error(e, env))
        }
        LockPlace::LocalFile => {
            let lake = targets
                .lake
                .as_ref()
                .ok_or(LockError::MissingTarget("file"))?;
            // The local lake ignores the container.
            lake.lock("", env, wait)
                .await
                .map(ApplyLock::Lake)
                .map_err(|e| lake_error(e, env))
        }
        LockPlace::Snowflake { ttl } => {
            let client = targets
                .snowflake
                .as_ref()
                .ok_or(LockError::MissingTarget("Snowflake"))?;
            SnowflakeLock::acquire(client, env, *ttl, wait)
                .await
                .map(ApplyLock::Snowflake)
                .map_err(|e| match e {
                    SnowflakeLockError::Held {
                        lock,
                        holder,
                        since,
                        ..
                    } => LockError::Held {
                        env: env.to_string(),
                        lock: format!("Snowflake lock {lock}"),
                        holder,
                        since,
                    },
                    other => LockError::Snowflake(Box::new(other)),
                })
        }
    }
}

async fn create_lock_container(lake: &Lake, container: &str) -> Result<(), LockError> {
    let create = AdlsOperation::CreateContainer {
        name: container.to_string(),
        metadata: Default::default(),
        comment: Some("lakeform apply locks".into()),
        public_access: PublicAccess::None,
    };
    match lake.execute(&create).await {
        Ok(()) => Ok(()),
        // Someone else created it first: just as good.
        Err(e) if e.status() == Some(409) => Ok(()),
        Err(e) => Err(LockError::Lake(Box::new(e))),
    }
}

fn lake_error(error: AdlsError, env: &str) -> LockError {
    match error {
        AdlsError::LockHeld {
            lock,
            holder,
            since,
        } => LockError::Held {
            env: env.to_string(),
            lock,
            holder: holder.unwrap_or_else(|| "an unknown holder".into()),
            since: since.unwrap_or_else(|| "an unknown time".into()),
        },
        other => LockError::Lake(Box::new(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::adls::LakeSettings;

    #[tokio::test]
    async fn the_sandbox_lake_uses_its_file_lock_and_the_loser_names_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let lake = Lake::connect(&LakeSettings::Sandbox {
            dir: dir.path().to_path_buf(),
        })
        .await
        .unwrap();
        let targets = Targets {
            snowflake: None,
            lake: Some(lake),
        };
        let place = LockPlace::for_targets(&targets, "unused").unwrap();
        assert_eq!(place, LockPlace::LocalFile);
        let held = acquire(&targets, &place, "sandbox", None).await.unwrap();
        let refused = acquire(&targets, &place, "sandbox", None)
            .await
            .unwrap_err();
        let text = refused.to_string();
        assert!(text.contains(&held.holder().identity()), "{text}");
        assert!(text.contains(&held.holder().since), "{text}");
        assert!(text.contains("environment sandbox"), "{text}");
        held.release().await.unwrap();
        acquire(&targets, &place, "sandbox", None)
            .await
            .unwrap()
            .release()
            .await
            .unwrap();
    }

    #[test]
    fn an_environment_with_nothing_cannot_be_locked() {
        assert!(matches!(
            LockPlace::for_targets(&Targets::default(), "x"),
            Err(LockError::NoPlace)
        ));
    }
}
