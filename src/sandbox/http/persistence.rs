//! The sandbox's state directory: `DIR/catalog.json` (the engine's state) and `DIR/lock`.
//!
//! * One process owns a state directory at a time: it holds an exclusive lock on
//!   `DIR/lock` for as long as it serves, and a second server is refused with a clear error.
//! * Writes are atomic: the state goes to a temporary file in the same directory, is
//!   fsynced, and is renamed over `catalog.json` (then the directory is fsynced), so a
//!   crash leaves either the old or the new state, never half of one.
//! * Writes are debounced: [`Persister`] writes at most once per [`DEBOUNCE`] while the
//!   catalog is dirty and once more on close, so thousands of statements do not produce
//!   thousands of full snapshots.
//!
//! This module stores JSON; what the JSON means is the engine's business.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::Notify;

/// The longest a dirty catalog waits before it is written.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(150);

const CATALOG_FILE: &str = "catalog.json";
const TEMP_FILE: &str = "catalog.json.tmp";
const LOCK_FILE: &str = "lock";

#[derive(Debug, thiserror::Error)]
pub enum PersistenceError {
    #[error("sandbox state {} is in use by another process", dir.display())]
    InUse { dir: PathBuf },
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error("saving the sandbox state was interrupted: {0}")]
    Interrupted(String),
    #[error("sandbox state {} is not valid JSON: {source}", path.display())]
    Corrupt {
        path: PathBuf,
        source: serde_json::Error,
    },
}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> PersistenceError {
    let path = path.to_path_buf();
    move |source| PersistenceError::Io {
        action,
        path,
        source,
    }
}

/// An open, locked state directory. Dropping it releases the lock.
#[derive(Debug)]
pub(crate) struct StateDir {
    dir: PathBuf,
    _lock: File,
}

impl StateDir {
    /// Creates the directory if needed and takes its lock.
    pub(crate) fn open(dir: &Path) -> Result<StateDir, PersistenceError> {
        fs::create_dir_all(dir).map_err(io_error("create the state directory", dir))?;
        let lock_path = dir.join(LOCK_FILE);
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io_error("open the lock file", &lock_path))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(PersistenceError::InUse {
                    dir: dir.to_path_buf(),
                });
            }
            Err(TryLockError::Error(source)) => {
                return Err(io_error("lock", &lock_path)(source));
            }
        }
        Ok(StateDir {
            dir: dir.to_path_buf(),
            _lock: lock,
        })
    }

    pub(crate) fn catalog_path(&self) -> PathBuf {
        self.dir.join(CATALOG_FILE)
    }

    /// The saved state, or `None` for a directory that has none yet.
    pub(crate) fn load(&self) -> Result<Option<serde_json::Value>, PersistenceError> {
        let path = self.catalog_path();
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io_error("read", &path)(e)),
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|source| PersistenceError::Corrupt { path, source })
    }

    /// Replaces the saved state atomically.
    pub(crate) fn save(&self, state: &serde_json::Value) -> Result<(), PersistenceError> {
        let temp = self.dir.join(TEMP_FILE);
        let bytes = serde_json::to_vec(state).map_err(|source| PersistenceError::Corrupt {
            path: temp.clone(),
            source,
        })?;
        let mut file = File::create(&temp).map_err(io_error("create", &temp))?;
        file.write_all(&bytes).map_err(io_error("write", &temp))?;
        file.sync_all().map_err(io_error("fsync", &temp))?;
        drop(file);
        let path = self.catalog_path();
        fs::rename(&temp, &path).map_err(io_error("rename the new state onto", &path))?;
        sync_dir(&self.dir)
    }
}

/// Makes the rename itself durable. Only Unix lets a directory be opened and synced.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> Result<(), PersistenceError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_error("fsync the state directory", dir))
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> Result<(), PersistenceError> {
    Ok(())
}

/// Writes snapshots of a dirty state to a [`StateDir`], debounced, until closed.
#[derive(Debug)]
pub(crate) struct Persister {
    dir: Mutex<Option<StateDir>>,
    dirty: AtomicBool,
    wake: Notify,
    writes: AtomicU64,
}

impl Persister {
    pub(crate) fn new(dir: StateDir) -> Persister {
        Persister {
            dir: Mutex::new(Some(dir)),
            dirty: AtomicBool::new(false),
            wake: Notify::new(),
            writes: AtomicU64::new(0),
        }
    }

    fn dir(&self) -> MutexGuard<'_, Option<StateDir>> {
        // The guarded value is just the open directory; a panic while saving leaves it usable.
        self.dir.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records that the state changed; the background writer will save it soon.
    pub(crate) fn mark_dirty(&self) {
        self.dirty.store(true, Ordering::Release);
        self.wake.notify_one();
    }

    /// How many snapshots were written (for tests and diagnostics).
    #[cfg(test)]
    pub(crate) fn writes(&self) -> u64 {
        self.writes.load(Ordering::Relaxed)
    }

    /// Saves a snapshot now if the state is dirty. The snapshot is taken while the
    /// directory is held, so two flushes can never write an older state after a newer one.
    pub(crate) fn flush(
        &self,
        snapshot: impl FnOnce() -> serde_json::Value,
    ) -> Result<(), PersistenceError> {
        let dir = self.dir();
        let Some(dir) = dir.as_ref() else {
            return Ok(());
        };
        if !self.dirty.swap(false, Ordering::AcqRel) {
            return Ok(());
        }
        let state = snapshot();
        match dir.save(&state) {
            Ok(()) => {
                self.writes.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
            Err(e) => {
                // Still dirty: the next flush tries again.
                self.dirty.store(true, Ordering::Release);
                Err(e)
            }
        }
    }

    /// Flushes a last time and releases the directory's lock. Later flushes do nothing.
    pub(crate) fn close(
        &self,
        snapshot: impl FnOnce() -> serde_json::Value,
    ) -> Result<(), PersistenceError> {
        let result = self.flush(snapshot);
        self.dir().take();
        self.wake.notify_one();
        result
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.dir().is_none()
    }

    /// The background writer: waits for a change, lets changes gather for [`DEBOUNCE`],
    /// writes one snapshot, and repeats until the persister is closed. A failed write is
    /// reported through `on_error` and retried at the next change.
    pub(crate) async fn run(
        self: Arc<Self>,
        snapshot: Snapshot,
        on_error: impl Fn(PersistenceError),
    ) {
        loop {
            self.wake.notified().await;
            if self.is_closed() {
                return;
            }
            tokio::time::sleep(DEBOUNCE).await;
            // Saving blocks on disk I/O, so it runs on the blocking pool.
            let (persister, snapshot) = (Arc::clone(&self), Arc::clone(&snapshot));
            let result = tokio::task::spawn_blocking(move || persister.flush(|| snapshot()))
                .await
                .unwrap_or_else(|join| Err(PersistenceError::Interrupted(join.to_string())));
            if let Err(e) = result {
                // Whatever failed, the state may not be on disk: keep it dirty for a retry.
                self.dirty.store(true, Ordering::Release);
                on_error(e);
            }
        }
    }
}

/// Produces the state to save.
pub(crate) type Snapshot = Arc<dyn Fn() -> serde_json::Value + Send + Sync>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_then_load_round_trips_and_leaves_no_temp_file() {
        let temp = tempfile::tempdir().unwrap();
        let dir = StateDir::open(temp.path()).unwrap();
        assert_eq!(dir.load().unwrap(), None);
        let state = serde_json::json!({"databases": ["A", "B"]});
        dir.save(&state).unwrap();
        assert_eq!(dir.load().unwrap(), Some(state));
        assert!(!temp.path().join(TEMP_FILE).exists());
    }

    #[test]
    fn a_second_owner_is_refused_until_the_first_lets_go() {
        let temp = tempfile::tempdir().unwrap();
        let first = StateDir::open(temp.path()).unwrap();
        let error = StateDir::open(temp.path()).unwrap_err();
        assert!(
            error.to_string().contains("is in use by another process"),
            "{error}"
        );
        drop(first);
        assert!(StateDir::open(temp.path()).is_ok());
    }

    #[test]
    fn a_corrupt_state_is_an_error_naming_the_file() {
        let temp = tempfile::tempdir().unwrap();
        fs::write(temp.path().join(CATALOG_FILE), b"{not json").unwrap();
        let error = StateDir::open(temp.path()).unwrap().load().unwrap_err();
        assert!(error.to_string().contains("catalog.json"), "{error}");
    }

    #[test]
    fn flush_writes_only_when_dirty_and_close_releases_the_lock() {
        let temp = tempfile::tempdir().unwrap();
        let persister = Persister::new(StateDir::open(temp.path()).unwrap());
        persister.flush(|| serde_json::json!(1)).unwrap();
        assert_eq!(persister.writes(), 0);
        persister.mark_dirty();
        persister.flush(|| serde_json::json!(2)).unwrap();
        assert_eq!(persister.writes(), 1);
        persister.mark_dirty();
        persister.close(|| serde_json::json!(3)).unwrap();
        assert_eq!(persister.writes(), 2);
        let reopened = StateDir::open(temp.path()).unwrap();
        assert_eq!(reopened.load().unwrap(), Some(serde_json::json!(3)));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn many_changes_in_a_burst_make_few_writes() {
        let temp = tempfile::tempdir().unwrap();
        let persister = Arc::new(Persister::new(StateDir::open(temp.path()).unwrap()));
        let counter = Arc::new(AtomicU64::new(0));
        let writer = {
            let (persister, counter) = (Arc::clone(&persister), Arc::clone(&counter));
            let snapshot: Snapshot =
                Arc::new(move || serde_json::json!(counter.load(Ordering::SeqCst)));
            tokio::spawn(persister.run(snapshot, |e| panic!("{e}")))
        };
        let started = std::time::Instant::now();
        for i in 1..=5_000u64 {
            counter.store(i, Ordering::SeqCst);
            persister.mark_dirty();
            if i % 500 == 0 {
                tokio::time::sleep(Duration::from_millis(30)).await;
            }
        }
        let elapsed = started.elapsed();
        persister
            .close(|| serde_json::json!(counter.load(Ordering::SeqCst)))
            .unwrap();
        writer.await.unwrap();
        let bound = 2 + (elapsed.as_millis() / DEBOUNCE.as_millis()) as u64;
        assert!(
            persister.writes() <= bound,
            "{} writes in {elapsed:?}",
            persister.writes()
        );
        let saved = StateDir::open(temp.path()).unwrap().load().unwrap();
        assert_eq!(saved, Some(serde_json::json!(5_000)));
    }
}
