//! `Lake`: the one type the rest of lakeform uses for the lake side, whether it is a
//! storage account over REST or the sandbox's local directory.

use super::client::AdlsClient;
use super::error::AdlsError;
use super::file_lock::FileLock;
use super::holder::LockHolder;
use super::lease_lock::LeaseLock;
use super::local_lake::LocalLake;
use super::namespace::Namespace;
use super::operation::AdlsOperation;
use super::settings::AdlsSettings;
use crate::kinds::container::Container;
use crate::kinds::event_subscription::EventSubscription;
use crate::kinds::storage_queue::StorageQueue;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How often a waiting lock taker tries again.
const LOCK_POLL: Duration = Duration::from_secs(2);

/// What `[adls]` resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LakeSettings {
    Account(Box<AdlsSettings>),
    /// `sandbox = "DIR"`.
    Sandbox {
        dir: PathBuf,
    },
}

#[derive(Debug, Clone)]
pub enum Lake {
    Rest(AdlsClient),
    Local(LocalLake),
}

/// A held apply lock.
#[derive(Debug)]
pub enum LakeLock {
    Lease(LeaseLock),
    File(FileLock),
}

impl LakeLock {
    pub fn holder(&self) -> &LockHolder {
        match self {
            LakeLock::Lease(l) => l.holder(),
            LakeLock::File(f) => f.holder(),
        }
    }

    /// Set when the latest background renewal of a lease failed (never for a file lock).
    pub(crate) fn renewal_error(&self) -> Option<String> {
        match self {
            LakeLock::Lease(l) => l.renewal_error(),
            LakeLock::File(_) => None,
        }
    }

    pub async fn release(self) -> Result<(), AdlsError> {
        match self {
            LakeLock::Lease(l) => l.release().await,
            LakeLock::File(f) => f.release(),
        }
    }
}

impl Lake {
    /// Builds the lake for the settings; sends nothing (the local lake creates its
    /// directory).
    pub async fn connect(settings: &LakeSettings) -> Result<Self, AdlsError> {
        Ok(match settings {
            LakeSettings::Account(s) => Lake::Rest(AdlsClient::new(s)?),
            LakeSettings::Sandbox { dir } => Lake::Local(LocalLake::open(dir.clone()).await?),
        })
    }

    /// The namespace kind, which decides how directory operations are carried out.
    /// The local lake behaves as a hierarchical namespace.
    pub async fn namespace(&self) -> Result<Namespace, AdlsError> {
        match self {
            Lake::Rest(c) => c.namespace().await,
            Lake::Local(_) => Ok(Namespace::Hierarchical),
        }
    }

    /// The REST call an operation makes here (for plans).
    pub async fn describe(&self, operation: &AdlsOperation) -> Result<String, AdlsError> {
        Ok(operation.describe(self.namespace().await?))
    }

    pub async fn read_containers(
        &self,
        names: Option<&[String]>,
    ) -> Result<Vec<Container>, AdlsError> {
        match self {
            Lake::Rest(c) => c.read_containers(names).await,
            Lake::Local(l) => l.read_containers(names).await,
        }
    }

    /// Every queue of the account (one listing), sorted by name.
    pub async fn read_queues(&self) -> Result<Vec<StorageQueue>, AdlsError> {
        match self {
            Lake::Rest(c) => c.read_queues().await,
            Lake::Local(l) => l.read_queues().await,
        }
    }

    /// Whether the lake can read and change Event Grid subscriptions: always for the
    /// local lake, with `[adls]` ARM settings for an account.
    pub fn has_event_grid(&self) -> bool {
        match self {
            Lake::Rest(c) => c.has_event_grid(),
            Lake::Local(_) => true,
        }
    }

    /// Every Event Grid subscription on the account (one listing), sorted by name.
    pub async fn read_event_subscriptions(&self) -> Result<Vec<EventSubscription>, AdlsError> {
        match self {
            Lake::Rest(c) => c.read_event_subscriptions().await,
            Lake::Local(l) => l.read_event_subscriptions().await,
        }
    }

    pub async fn execute(&self, operation: &AdlsOperation) -> Result<(), AdlsError> {
        match self {
            Lake::Rest(c) => c.execute(operation).await,
            Lake::Local(l) => l.execute(operation).await,
        }
    }

    /// Takes the apply lock of `env`: a lease on `.lakeform/locks/<env>` in `container`
    /// (which must exist) on an account, a file lock on the local lake (which ignores
    /// `container`). Fails at once with [`AdlsError::LockHeld`] when taken, or with
    /// `wait`, keeps trying until it has passed.
    pub async fn lock(
        &self,
        container: &str,
        env: &str,
        wait: Option<Duration>,
    ) -> Result<LakeLock, AdlsError> {
        let deadline = wait.map(|w| Instant::now() + w);
        loop {
            let attempt = match self {
                Lake::Rest(c) => LeaseLock::acquire(c, container, env)
                    .await
                    .map(LakeLock::Lease),
                Lake::Local(l) => FileLock::acquire(&l.locks_dir(), env).map(LakeLock::File),
            };
            let remaining = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            match (attempt, remaining) {
                (Err(AdlsError::LockHeld { .. }), Some(left)) if !left.is_zero() => {
                    tokio::time::sleep(left.min(LOCK_POLL)).await;
                }
                (other, _) => return other,
            }
        }
    }
}

impl Lake {
    /// Breaks the apply lock of `env` whoever holds it (see [`LeaseLock::break_lock`]).
    /// The local lake's file lock dies with its holder's process and cannot be broken.
    pub async fn break_lock(&self, container: &str, env: &str) -> Result<(), AdlsError> {
        match self {
            Lake::Rest(c) => LeaseLock::break_lock(c, container, env).await,
            Lake::Local(_) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_sandbox_lake_locks_through_the_same_interface() {
        let dir = tempfile::tempdir().unwrap();
        let lake = Lake::connect(&LakeSettings::Sandbox {
            dir: dir.path().join("lake"),
        })
        .await
        .unwrap();
        assert_eq!(lake.namespace().await.unwrap(), Namespace::Hierarchical);
        let held = lake.lock("landing", "sandbox", None).await.unwrap();
        let refused = lake.lock("landing", "sandbox", None).await.unwrap_err();
        assert!(
            refused.to_string().contains(&held.holder().identity()),
            "{refused}"
        );
        held.release().await.unwrap();
        lake.lock("landing", "sandbox", Some(Duration::from_secs(1)))
            .await
            .unwrap()
            .release()
            .await
            .unwrap();
        // The lock directory is not a container.
        assert!(lake.read_containers(None).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_waiting_taker_gets_the_lock_once_it_is_released() {
        let dir = tempfile::tempdir().unwrap();
        let lake = Lake::connect(&LakeSettings::Sandbox {
            dir: dir.path().to_owned(),
        })
        .await
        .unwrap();
        let held = lake.lock("landing", "dev", None).await.unwrap();
        let releaser = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            held.release().await.unwrap();
        });
        let started = Instant::now();
        let lock = lake
            .lock("landing", "dev", Some(Duration::from_secs(10)))
            .await
            .unwrap();
        assert!(started.elapsed() >= Duration::from_millis(300));
        releaser.await.unwrap();
        lock.release().await.unwrap();

        let _held = lake.lock("landing", "dev", None).await.unwrap();
        let waited = lake
            .lock("landing", "dev", Some(Duration::from_millis(200)))
            .await;
        assert!(matches!(waited, Err(AdlsError::LockHeld { .. })));
    }
}
