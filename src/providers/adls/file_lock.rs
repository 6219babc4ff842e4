//! The apply lock of an environment on the local lake: an exclusive OS file lock on
//! `DIR/.lakeform/locks/<env>.lock`, whose content names the holder.
//!
//! The operating system releases the lock when the holder's process ends, however it
//! ends, so a crashed holder never leaves the lock behind.

use super::error::AdlsError;
use super::holder::LockHolder;
use super::lease_lock::lock_blob_name;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct FileLock {
    file: File,
    path: PathBuf,
    holder: LockHolder,
}

impl FileLock {
    /// Takes the lock or fails at once with [`AdlsError::LockHeld`] naming the holder.
    pub(crate) fn acquire(locks_dir: &Path, env: &str) -> Result<Self, AdlsError> {
        lock_blob_name(env)?;
        let io = |action: &str, path: &Path, source| AdlsError::Local {
            action: action.to_owned(),
            path: path.to_owned(),
            source,
        };
        std::fs::create_dir_all(locks_dir).map_err(|e| io("creating", locks_dir, e))?;
        let path = locks_dir.join(format!("{env}.lock"));
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| io("opening", &path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                let holder = file
                    .read_to_string(&mut text)
                    .ok()
                    .and_then(|_| serde_json::from_str::<LockHolder>(&text).ok());
                return Err(AdlsError::LockHeld {
                    lock: path.display().to_string(),
                    holder: holder.as_ref().map(LockHolder::identity),
                    since: holder.map(|h| h.since),
                });
            }
            Err(TryLockError::Error(e)) => return Err(io("locking", &path, e)),
        }
        let holder = LockHolder::current();
        let text = serde_json::to_string(&holder).map_err(|e| AdlsError::LocalCorrupt {
            path: path.clone(),
            detail: e.to_string(),
        })?;
        file.set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| file.write_all(text.as_bytes()))
            .and_then(|()| file.flush())
            .map_err(|e| io("writing", &path, e))?;
        Ok(FileLock { file, path, holder })
    }

    pub fn holder(&self) -> &LockHolder {
        &self.holder
    }

    /// Releases the lock (dropping it does the same).
    pub fn release(self) -> Result<(), AdlsError> {
        self.file.unlock().map_err(|e| AdlsError::Local {
            action: "unlocking".into(),
            path: self.path.clone(),
            source: e,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_taker_is_refused_with_the_holder_named() {
        let dir = tempfile::tempdir().unwrap();
        let first = FileLock::acquire(dir.path(), "sandbox").unwrap();
        let err = FileLock::acquire(dir.path(), "sandbox").unwrap_err();
        match err {
            AdlsError::LockHeld { holder, since, .. } => {
                assert_eq!(holder, Some(first.holder().identity()));
                assert_eq!(since.as_deref(), Some(first.holder().since.as_str()));
            }
            other => panic!("expected LockHeld, got {other}"),
        }
        // Another environment is independent.
        let other = FileLock::acquire(dir.path(), "dev").unwrap();
        first.release().unwrap();
        let again = FileLock::acquire(dir.path(), "sandbox").unwrap();
        drop(again);
        drop(other);
    }
}
