//! The apply lock of an environment on a real account: a lease on the blob
//! `.lakeform/locks/<env>` in a container the caller names.
//!
//! The lease lasts 60 s and a background task renews it every 20 s, so a holder that
//! crashes or loses its network frees the lock within a minute, with no one having to
//! break it. The holder writes its identity and start time into the blob's metadata
//! (under the lease, so only the holder can); a process that finds the lease taken reads
//! them back and says who holds the lock and since when.

use super::blobs;
use super::client::AdlsClient;
use super::error::AdlsError;
use super::holder::LockHolder;
use super::lease::{self, LeaseAction};
use crate::kinds::container::validate_container_name;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// The lease duration; the service accepts 15-60 s or infinite.
pub(crate) const LEASE_DURATION: Duration = Duration::from_secs(60);
/// How often the holder renews: three chances before the lease lapses.
pub(crate) const RENEW_INTERVAL: Duration = Duration::from_secs(20);

const META_HOLDER: &str = "lakeform_holder";
const META_PID: &str = "lakeform_pid";
const META_SINCE: &str = "lakeform_since";

/// The blob name of an environment's lock. Environment names are letters, digits, '-'
/// and '_', so they are safe in a blob name.
pub(crate) fn lock_blob_name(env: &str) -> Result<String, AdlsError> {
    let ok = !env.is_empty()
        && env.len() <= 128
        && env
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(format!(".lakeform/locks/{env}"))
    } else {
        Err(AdlsError::Settings(format!(
            "environment name {env:?} cannot name a lock: use letters, digits, '-' and '_'"
        )))
    }
}

/// A held lease lock. Release it with [`LeaseLock::release`]; dropping it stops the
/// renewals, and the lease then lapses within [`LEASE_DURATION`].
#[derive(Debug)]
pub struct LeaseLock {
    client: AdlsClient,
    container: String,
    blob: String,
    lease_id: String,
    holder: LockHolder,
    renewer: JoinHandle<()>,
    renewal_error: watch::Receiver<Option<String>>,
}

impl LeaseLock {
    /// Takes the lock or fails at once with [`AdlsError::LockHeld`] naming the holder.
    pub(crate) async fn acquire(
        client: &AdlsClient,
        container: &str,
        env: &str,
    ) -> Result<Self, AdlsError> {
        validate_container_name(container)?;
        let blob = lock_blob_name(env)?;
        let transport = client.transport();
        let lock_name = format!("{container}/{blob}");

        match transport
            .send(&blobs::put_empty_request(container, &blob, &[], true))
            .await
        {
            Ok(_) => {}
            Err(e) if e.service_code() == Some("ContainerNotFound") => {
                return Err(AdlsError::LockContainerMissing {
                    container: container.to_owned(),
                });
            }
            // It exists already (and may be leased): that is the normal case.
            Err(e) if matches!(e.status(), Some(409) | Some(412)) => {}
            Err(e) => return Err(e),
        }

        let proposed = uuid::Uuid::new_v4().to_string();
        let acquire = LeaseAction::Acquire {
            duration: LEASE_DURATION,
            proposed_id: proposed,
        };
        let lease_id = match lease::run(transport, container, &blob, &acquire).await {
            Ok(Some(id)) => id,
            Ok(None) => return Err(AdlsError::missing("lease acquire", "the lease id")),
            Err(e) if e.service_code() == Some("LeaseAlreadyPresent") => {
                return Err(held_by(client, container, &blob, lock_name).await);
            }
            Err(e) => return Err(e),
        };

        let holder = LockHolder::current();
        let metadata = [
            (META_HOLDER, format!("{}@{}", holder.user, holder.host)),
            (META_PID, holder.pid.to_string()),
            (META_SINCE, holder.since.clone()),
        ];
        if let Err(e) = transport
            .send(&blobs::set_metadata_request(
                container, &blob, &metadata, &lease_id,
            ))
            .await
        {
            // Without its identity the lock would be anonymous: give it back.
            let release = LeaseAction::Release {
                lease_id: lease_id.clone(),
            };
            let _ = lease::run(transport, container, &blob, &release).await;
            return Err(e);
        }

        let (report, renewal_error) = watch::channel(None);
        let renewer = tokio::spawn(renew_forever(
            client.clone(),
            container.to_owned(),
            blob.clone(),
            lease_id.clone(),
            report,
        ));
        Ok(LeaseLock {
            client: client.clone(),
            container: container.to_owned(),
            blob,
            lease_id,
            holder,
            renewer,
            renewal_error,
        })
    }

    pub fn holder(&self) -> &LockHolder {
        &self.holder
    }

    /// Ends whatever lease is on the environment's lock at once, whoever holds it: the
    /// operator's way out when a holder is known to be gone and waiting a minute is not
    /// an option. A lock blob that does not exist is not an error.
    pub async fn break_lock(
        client: &AdlsClient,
        container: &str,
        env: &str,
    ) -> Result<(), AdlsError> {
        validate_container_name(container)?;
        let blob = lock_blob_name(env)?;
        match lease::run(client.transport(), container, &blob, &LeaseAction::Break).await {
            Ok(_) => Ok(()),
            Err(e) if e.status() == Some(404) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// The last renewal failure, if the latest renewal failed: the lock may be lost.
    pub(crate) fn renewal_error(&self) -> Option<String> {
        self.renewal_error.borrow().clone()
    }

    /// Stops renewing and releases the lease.
    pub async fn release(self) -> Result<(), AdlsError> {
        self.renewer.abort();
        let release = LeaseAction::Release {
            lease_id: self.lease_id.clone(),
        };
        lease::run(
            self.client.transport(),
            &self.container,
            &self.blob,
            &release,
        )
        .await?;
        Ok(())
    }
}

impl Drop for LeaseLock {
    fn drop(&mut self) {
        self.renewer.abort();
    }
}

async fn renew_forever(
    client: AdlsClient,
    container: String,
    blob: String,
    lease_id: String,
    report: watch::Sender<Option<String>>,
) {
    let renew = LeaseAction::Renew { lease_id };
    loop {
        tokio::time::sleep(RENEW_INTERVAL).await;
        let outcome = lease::run(client.transport(), &container, &blob, &renew).await;
        let _ = report.send(outcome.err().map(|e| e.to_string()));
    }
}

/// The refusal for a taken lock, naming the holder from the blob's metadata.
async fn held_by(client: &AdlsClient, container: &str, blob: &str, lock: String) -> AdlsError {
    let reply = match blobs::properties(client.transport(), container, blob).await {
        Ok(Some(reply)) => reply,
        _ => {
            return AdlsError::LockHeld {
                lock,
                holder: None,
                since: None,
            };
        }
    };
    let meta = reply.metadata();
    let get = |key: &str| {
        meta.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.clone())
    };
    let holder = get(META_HOLDER).map(|who| match get(META_PID) {
        Some(pid) => format!("{who} (pid {pid})"),
        None => who,
    });
    AdlsError::LockHeld {
        lock,
        holder,
        since: get(META_SINCE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_blob_names() {
        assert_eq!(lock_blob_name("prod").unwrap(), ".lakeform/locks/prod");
        for bad in ["", "a/b", "../x", "sp ace"] {
            assert!(lock_blob_name(bad).is_err(), "{bad:?}");
        }
    }
}
