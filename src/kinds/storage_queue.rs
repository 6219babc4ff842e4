//! A storage queue in the lake's account: `[[storage_queue]]` with `metadata` and
//! `comment`, managed through the Queue service REST API (or kept in the local lake).
//!
//! It is the Azure half of Snowpipe auto-ingest: an Event Grid subscription on the
//! account (`event_subscription`) puts a message on the queue for every blob created,
//! and a Snowflake notification integration reads it
//! (https://docs.snowflake.com/en/user-guide/data-load-snowpipe-auto-azure).
//!
//! Azure's rules:
//! * a queue name is 3-63 lower-case letters, digits and single hyphens, starting and
//!   ending with a letter or digit — the container rule, word for word
//!   (https://learn.microsoft.com/rest/api/storageservices/naming-queues-and-metadata);
//! * metadata names are C# identifiers, case-insensitive, as for containers (same page);
//!   the comment is kept, as for containers, under the reserved `lakeform_comment` key;
//! * metadata is replaced whole by Set Queue Metadata
//!   (https://learn.microsoft.com/rest/api/storageservices/set-queue-metadata), so any
//!   change is one call, in place;
//! * a queue cannot be renamed, and deleting one deletes its messages
//!   (https://learn.microsoft.com/rest/api/storageservices/delete-queue3): a drop is
//!   destructive, with consent, like a container's.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared, common_keys};
use crate::config::schema_file::object_entry;
use crate::import::entry::{Entry, Writer};
use crate::kinds::container::metadata::{self, MetadataError, validate_metadata_value};
use crate::kinds::container::{validate_container_name, validate_metadata_key};
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::model::identifier::SchemaName;
use crate::model::{Address, Kind, Provider, Resource};
use crate::plan::Step;
use crate::plan::diff::{DiffError, Edits, Settings};
use crate::providers::adls::AdlsOperation;

/// A storage queue, in canonical form: metadata names lower case, the comment apart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageQueue {
    pub name: String,
    pub metadata: BTreeMap<String, String>,
    pub comment: Option<String>,
}

/// A queue name that breaks Azure's rule (the container rule, see the module doc).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid queue name {name:?}: {reason}")]
pub(crate) struct QueueNameError {
    pub name: String,
    pub(crate) reason: &'static str,
}

/// Checks `name` against Azure's queue naming rule.
pub(crate) fn validate_queue_name(name: &str) -> Result<(), QueueNameError> {
    validate_container_name(name).map_err(|e| QueueNameError {
        name: e.name,
        reason: e.reason,
    })
}

impl StorageQueue {
    /// The metadata as stored live: user metadata plus the reserved comment entry.
    pub(crate) fn stored_metadata(&self) -> Result<BTreeMap<String, String>, MetadataError> {
        metadata::stored_metadata(&self.metadata, self.comment.as_deref())
    }

    /// A queue read back from the service, its stored metadata split into user metadata
    /// and comment; names are taken as the service gives them, lower-cased.
    pub fn from_stored<I, K, V>(name: String, stored: I) -> Result<Self, MetadataError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<String>,
    {
        let (metadata, comment) = metadata::split_stored_metadata(stored)?;
        Ok(StorageQueue {
            name,
            metadata,
            comment,
        })
    }
}

impl Resource for StorageQueue {
    fn address(&self) -> Address {
        Address::new(Kind::StorageQueue, &self.name)
    }
}

object_entry! {
    /// `[[storage_queue]]`: a queue in the lake's storage account.
    RawStorageQueue {
        /// Metadata names (C# identifiers, case-insensitive) → values.
        #[serde(default)]
        #[schemars(with = "BTreeMap<String, String>")]
        metadata: BTreeMap<Spanned<String>, Spanned<String>>,
    }
}

impl ObjectKind for StorageQueue {
    const SQL_KEYWORD: &'static str = "STORAGE QUEUE";
    const PROVIDER: Provider = Provider::Adls;
    type Raw = RawStorageQueue;

    fn resolve(raw: RawStorageQueue, ctx: &mut Ctx<'_>) -> Option<Declared> {
        let name = raw.name.get_ref().trim();
        if let Err(e) = validate_queue_name(name) {
            ctx.error(&raw.name, e.to_string()).help = Some(
                "queue names are 3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit"
                    .into(),
            );
            return None;
        }
        let mut valid = true;
        for (key, value) in &raw.metadata {
            if let Err(e) = validate_metadata_key(key.get_ref()) {
                ctx.error(key, e.to_string());
                valid = false;
            } else if let Err(e) = validate_metadata_value(key.get_ref(), value.get_ref()) {
                ctx.error(value, e.to_string());
                valid = false;
            }
        }
        if !valid {
            return None;
        }
        let canonical = metadata::canonical_metadata(
            raw.metadata
                .iter()
                .map(|(k, v)| (k.get_ref().as_str(), v.get_ref().clone())),
        );
        let queue = match canonical {
            Ok(metadata) => StorageQueue {
                name: name.to_owned(),
                metadata,
                comment: raw.comment.clone(),
            },
            Err(e) => {
                let at = raw.metadata.keys().next().unwrap_or(&raw.name);
                ctx.error(at, e.to_string());
                return None;
            }
        };
        // The comment travels in the metadata, whose size Azure limits as a whole.
        if let Err(e) = queue.stored_metadata() {
            ctx.error(&raw.name, e.to_string());
            return None;
        }
        Some(ctx.declare(queue, common_keys!(raw)))
    }

    fn diff(live: &Self, desired: &Self, _cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        let mut e = Edits::default();
        let keys: std::collections::BTreeSet<&String> = live
            .metadata
            .keys()
            .chain(desired.metadata.keys())
            .collect();
        for key in keys {
            let (before, after) = (live.metadata.get(key), desired.metadata.get(key));
            if before != after {
                e.attribute(format!("metadata.{key}"), before.cloned(), after.cloned());
            }
        }
        e.compare_option("comment", &live.comment, &desired.comment);
        if !e.is_empty() {
            e.steps.push(step(AdlsOperation::SetQueueMetadata {
                name: desired.name.clone(),
                metadata: desired.metadata.clone(),
                comment: desired.comment.clone(),
            }));
        }
        Ok(e)
    }

    fn create_sql(&self, _mode: CreateMode) -> Result<String, DdlError> {
        Err(DdlError::NotSnowflake(self.address()))
    }

    fn reference(&self) -> Result<String, DdlError> {
        Err(DdlError::NotSnowflake(self.address()))
    }

    fn create_steps(&self, _settings: &Settings) -> Result<Vec<Step>, DiffError> {
        Ok(vec![step(AdlsOperation::CreateQueue {
            name: self.name.clone(),
            metadata: self.metadata.clone(),
            comment: self.comment.clone(),
        })])
    }

    fn drop_steps(
        &self,
        _settings: &Settings,
        reasons: &mut Vec<String>,
    ) -> Result<Vec<Step>, DiffError> {
        reasons.push("deleting the queue deletes the messages in it".into());
        Ok(vec![step(AdlsOperation::DeleteQueue {
            name: self.name.clone(),
        })])
    }

    fn import(&self, w: &Writer<'_>, _schema: Option<&SchemaName>) -> Entry {
        let mut e = Entry::new("storage_queue");
        e.set("name", w.text(&self.name));
        w.comment(&mut e, &self.comment);
        if !self.metadata.is_empty() {
            let metadata: Vec<(String, String)> = self
                .metadata
                .iter()
                .map(|(k, v)| (k.clone(), w.text(v)))
                .collect();
            e.set("metadata", w.table(&metadata));
        }
        e
    }
}

/// A lake step; queue calls do not depend on the account's namespace.
fn step(operation: AdlsOperation) -> Step {
    Step::Adls {
        call: operation.describe(crate::providers::adls::Namespace::Flat),
        operation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Action, Tier};

    fn queue(metadata: &[(&str, &str)], comment: Option<&str>) -> StorageQueue {
        StorageQueue {
            name: "orders-events".into(),
            metadata: metadata
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            comment: comment.map(str::to_owned),
        }
    }

    fn diff(live: &StorageQueue, desired: &StorageQueue) -> Edits {
        crate::kinds::diff_in_test(live, desired)
    }

    #[test]
    fn names_follow_azures_queue_rule() {
        assert!(validate_queue_name("orders-events").is_ok());
        for bad in [
            "ab",
            "Orders",
            "-orders",
            "orders-",
            "or--ders",
            "orders_events",
        ] {
            let e = validate_queue_name(bad).unwrap_err();
            assert!(e.to_string().starts_with("invalid queue name"), "{e}");
        }
    }

    #[test]
    fn metadata_and_comment_change_in_one_call() {
        let e = diff(
            &queue(&[("owner", "data")], None),
            &queue(
                &[("owner", "ingest"), ("layer", "bronze")],
                Some("Snowpipe"),
            ),
        );
        assert_eq!((e.action, e.tier), (Action::Update, Tier::Safe));
        let names: Vec<String> = e.attributes.iter().map(|a| a.name.to_string()).collect();
        assert_eq!(names, ["metadata.layer", "metadata.owner", "comment"]);
        let calls: Vec<String> = e.steps.iter().map(|s| s.describe()).collect();
        assert_eq!(calls, ["Queue service: PUT /orders-events?comp=metadata"]);
        assert!(diff(&queue(&[], Some("c")), &queue(&[], Some("c"))).is_empty());
    }

    #[test]
    fn create_and_delete_are_queue_service_calls() {
        let q = queue(&[("owner", "data")], Some("Snowpipe"));
        let settings = Settings {
            prune: true,
            backup: true,
            now: jiff::Timestamp::UNIX_EPOCH,
            namespace: crate::providers::adls::Namespace::Flat,
            lock_container: "lakeform".into(),
            deploy_role: None,
        };
        let create = q.create_steps(&settings).unwrap();
        assert_eq!(create[0].describe(), "Queue service: PUT /orders-events");
        let mut reasons = Vec::new();
        let drop = q.drop_steps(&settings, &mut reasons).unwrap();
        assert_eq!(drop[0].describe(), "Queue service: DELETE /orders-events");
        assert!(reasons[0].contains("messages"), "{reasons:?}");
    }

    #[test]
    fn the_comment_round_trips_through_stored_metadata() {
        let q = queue(&[("Owner", "data")], Some("orders – events"));
        let stored = q.stored_metadata().unwrap();
        assert_eq!(stored["lakeform_comment"], "orders%20%E2%80%93%20events");
        let back = StorageQueue::from_stored("orders-events".into(), stored).unwrap();
        assert_eq!(back, queue(&[("owner", "data")], Some("orders – events")));
    }
}
