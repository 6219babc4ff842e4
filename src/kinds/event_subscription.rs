//! An Event Grid subscription on the lake's storage account that delivers blob events to
//! a storage queue: `[[event_subscription]]` with `queue`, `container`, `path`, `suffix`,
//! `event_types` and `case_sensitive`.
//!
//! This is how Snowpipe auto-ingest hears about new files on Azure: the subscription puts
//! a message on the queue for every `Microsoft.Storage.BlobCreated` event under the
//! stage's path, and the pipe's notification integration reads the queue
//! (https://docs.snowflake.com/en/user-guide/data-load-snowpipe-auto-azure).
//!
//! It is an Azure Resource Manager resource, an extension resource of the storage account
//! (`…/storageAccounts/{account}/providers/Microsoft.EventGrid/eventSubscriptions/{name}`,
//! https://learn.microsoft.com/rest/api/eventgrid/controlplane/event-subscriptions/create-or-update):
//! * its name is 3-64 characters, "alphanumeric letters only" (same page);
//! * the filter is `includedEventTypes` plus a subject prefix and suffix; a blob event's
//!   subject is `/blobServices/default/containers/<container>/blobs/<path>`
//!   (https://learn.microsoft.com/azure/event-grid/event-schema-blob-storage). lakeform
//!   writes the prefix from `container` and `path` always with `/blobs/`, so a container
//!   named `orders` never also matches `orders2`;
//! * create-or-update is one PUT of the whole resource, so any change — filter or
//!   destination — is the same PUT, in place and safe: events go to the new queue or
//!   filter from then on;
//! * the delivery schema stays `EventGridSchema`: Snowflake does not read CloudEvents
//!   (Snowflake's guide creates the subscription with the Event Grid schema; the guide
//!   names no other).
//!
//! Azure has no description field on an event subscription, so `comment` is refused.
//! Advanced filters (`advancedFilters`) are not managed: lakeform neither writes nor
//! compares them, and a PUT from lakeform sends none.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared, common_keys};
use crate::config::schema_file::object_entry;
use crate::import::entry::{Entry, Writer};
use crate::kinds::container::validate_container_name;
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::kinds::storage_queue::validate_queue_name;
use crate::model::identifier::SchemaName;
use crate::model::{Address, Kind, Provider, Resource};
use crate::plan::Step;
use crate::plan::diff::{DiffError, Edits, Settings};
use crate::providers::adls::AdlsOperation;

/// Where every blob event subject starts
/// (https://learn.microsoft.com/azure/event-grid/event-schema-blob-storage).
pub(crate) const SUBJECT_ROOT: &str = "/blobServices/default/containers/";
/// The only delivery schema Snowflake reads.
pub(crate) const EVENT_GRID_SCHEMA: &str = "EventGridSchema";
/// The event auto-ingest listens for.
pub(crate) const BLOB_CREATED: &str = "Microsoft.Storage.BlobCreated";

/// The event types a storage account publishes
/// (https://learn.microsoft.com/azure/event-grid/event-schema-blob-storage#available-event-types).
const STORAGE_EVENT_TYPES: [&str; 10] = [
    "Microsoft.Storage.BlobCreated",
    "Microsoft.Storage.BlobDeleted",
    "Microsoft.Storage.BlobRenamed",
    "Microsoft.Storage.DirectoryCreated",
    "Microsoft.Storage.DirectoryRenamed",
    "Microsoft.Storage.DirectoryDeleted",
    "Microsoft.Storage.BlobTierChanged",
    "Microsoft.Storage.AsyncOperationInitiated",
    "Microsoft.Storage.BlobInventoryPolicyCompleted",
    "Microsoft.Storage.LifecyclePolicyCompleted",
];

/// An event subscription, in canonical form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventSubscription {
    pub name: String,
    /// The destination: a queue of the lake's account, by name. A live subscription
    /// delivering anywhere else reads as a description of that destination
    /// (`WebHook`, `StorageQueue <resource id>/<queue>`), which never equals a name.
    pub queue: String,
    /// `includedEventTypes`, sorted; empty means every type (Azure's `null`).
    pub event_types: Vec<String>,
    /// `subjectBeginsWith`.
    pub subject_begins_with: String,
    /// `subjectEndsWith` (`""` = none).
    pub subject_ends_with: String,
    /// `isSubjectCaseSensitive`.
    pub case_sensitive: bool,
    /// `eventDeliverySchema`.
    pub delivery_schema: String,
}

/// A subscription name that breaks Azure's rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid event subscription name {name:?}: Azure takes 3 to 64 letters and digits only")]
pub(crate) struct EventSubscriptionNameError {
    pub name: String,
}

/// Checks `name` against Azure's event subscription naming rule (module doc).
pub(crate) fn validate_event_subscription_name(
    name: &str,
) -> Result<(), EventSubscriptionNameError> {
    let ok = (3..=64).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric());
    if ok {
        Ok(())
    } else {
        Err(EventSubscriptionNameError {
            name: name.to_owned(),
        })
    }
}

/// The subject prefix of blobs under `path` (no leading '/') in `container`.
pub fn subject_prefix(container: &str, path: &str) -> String {
    format!("{SUBJECT_ROOT}{container}/blobs/{path}")
}

impl EventSubscription {
    /// The container the subject filter names, when it names one.
    pub(crate) fn container(&self) -> Option<&str> {
        let rest = self.subject_begins_with.strip_prefix(SUBJECT_ROOT)?;
        let (container, _) = rest.split_once('/')?;
        validate_container_name(container).ok().map(|()| container)
    }
}

impl Resource for EventSubscription {
    fn address(&self) -> Address {
        Address::new(Kind::EventSubscription, &self.name)
    }

    fn references(&self) -> Vec<Address> {
        let mut refs = vec![Address::new(Kind::StorageQueue, &self.queue)];
        if let Some(container) = self.container() {
            refs.push(Address::new(Kind::Container, container));
        }
        refs
    }
}

object_entry! {
    /// `[[event_subscription]]`: an Event Grid subscription on the lake's storage account
    /// delivering blob events to a storage queue of the same account.
    RawEventSubscription {
        /// The destination storage queue (declared as `[[storage_queue]]`).
        #[schemars(with = "String")]
        queue: Spanned<String>,
        /// The container whose blobs raise events.
        #[schemars(with = "String")]
        container: Spanned<String>,
        /// Only blobs whose path in the container starts with this ("orders/"); end a
        /// folder with '/' so "orders" does not also match "orders_old/".
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        path: Option<Spanned<String>>,
        /// Only blobs whose name ends with this (".parquet").
        #[serde(default)]
        suffix: Option<String>,
        /// Default ["Microsoft.Storage.BlobCreated"], what Snowpipe auto-ingest needs.
        #[serde(default)]
        #[schemars(with = "Option<Vec<String>>")]
        event_types: Option<Vec<Spanned<String>>>,
        /// Whether `path` and `suffix` match case-sensitively (default false, Azure's).
        #[serde(default)]
        case_sensitive: bool,
    }
}

impl ObjectKind for EventSubscription {
    const SQL_KEYWORD: &'static str = "EVENT SUBSCRIPTION";
    const PROVIDER: Provider = Provider::Adls;
    type Raw = RawEventSubscription;

    fn resolve(raw: RawEventSubscription, ctx: &mut Ctx<'_>) -> Option<Declared> {
        let mut valid = true;
        let name = raw.name.get_ref().trim();
        if let Err(e) = validate_event_subscription_name(name) {
            ctx.error(&raw.name, e.to_string());
            valid = false;
        }
        if raw.comment.is_some() {
            ctx.error(
                &raw.name,
                "an Event Grid subscription has no description in Azure, so it takes no `comment`",
            )
            .help = Some("write a TOML comment (#) instead".into());
            valid = false;
        }
        let queue = raw.queue.get_ref().trim();
        if let Err(e) = validate_queue_name(queue) {
            ctx.error(&raw.queue, e.to_string());
            valid = false;
        }
        let container = raw.container.get_ref().trim();
        if let Err(e) = validate_container_name(container) {
            ctx.error(&raw.container, e.to_string());
            valid = false;
        }
        let path = match &raw.path {
            Some(path) => {
                let text = path.get_ref().trim_start_matches('/');
                if text.chars().any(char::is_control) {
                    ctx.error(path, "a blob path prefix cannot contain control characters");
                    valid = false;
                }
                text.to_owned()
            }
            None => String::new(),
        };
        let mut event_types = Vec::new();
        match &raw.event_types {
            None => event_types.push(BLOB_CREATED.to_owned()),
            Some(types) if types.is_empty() => {
                ctx.error(
                    &raw.name,
                    "`event_types` is empty: name at least one event type",
                )
                .help = Some(format!("Snowpipe auto-ingest needs {BLOB_CREATED:?}"));
                valid = false;
            }
            Some(types) => {
                for t in types {
                    match STORAGE_EVENT_TYPES
                        .iter()
                        .find(|known| known.eq_ignore_ascii_case(t.get_ref().trim()))
                    {
                        Some(known) => event_types.push((*known).to_owned()),
                        None => {
                            ctx.error(
                                t,
                                format!("{:?} is not a storage account event type", t.get_ref()),
                            )
                            .help = Some(format!(
                                "expected one of: {}",
                                STORAGE_EVENT_TYPES.join(", ")
                            ));
                            valid = false;
                        }
                    }
                }
            }
        }
        if !valid {
            return None;
        }
        event_types.sort();
        event_types.dedup();
        let subscription = EventSubscription {
            name: name.to_owned(),
            queue: queue.to_owned(),
            event_types,
            subject_begins_with: subject_prefix(container, &path),
            subject_ends_with: raw.suffix.clone().unwrap_or_default(),
            case_sensitive: raw.case_sensitive,
            delivery_schema: EVENT_GRID_SCHEMA.to_owned(),
        };
        Some(ctx.declare(subscription, common_keys!(raw)))
    }

    fn diff(live: &Self, desired: &Self, _cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        let mut e = Edits::default();
        e.compare("queue", &live.queue, &desired.queue);
        e.compare(
            "event_types",
            &live.event_types.join(", "),
            &desired.event_types.join(", "),
        );
        e.compare(
            "subject_begins_with",
            &live.subject_begins_with,
            &desired.subject_begins_with,
        );
        e.compare(
            "subject_ends_with",
            &live.subject_ends_with,
            &desired.subject_ends_with,
        );
        e.compare(
            "case_sensitive",
            &live.case_sensitive,
            &desired.case_sensitive,
        );
        e.compare(
            "delivery_schema",
            &live.delivery_schema,
            &desired.delivery_schema,
        );
        if !e.is_empty() {
            e.steps.push(step(AdlsOperation::PutEventSubscription {
                subscription: desired.clone(),
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
        Ok(vec![step(AdlsOperation::PutEventSubscription {
            subscription: self.clone(),
        })])
    }

    fn drop_steps(
        &self,
        _settings: &Settings,
        reasons: &mut Vec<String>,
    ) -> Result<Vec<Step>, DiffError> {
        reasons.push(format!(
            "events stop reaching queue {:?}: files landing from then on are not announced to Snowpipe",
            self.queue
        ));
        Ok(vec![step(AdlsOperation::DeleteEventSubscription {
            name: self.name.clone(),
        })])
    }

    fn import(&self, w: &Writer<'_>, _schema: Option<&SchemaName>) -> Entry {
        let mut e = Entry::new("event_subscription");
        e.set("name", w.text(&self.name));
        e.set("queue", w.text(&self.queue));
        // A subject written another way than lakeform writes it (`…/containers/landing/`,
        // Azure's whole-container form) is imported as its container: the next plan then
        // shows the one PUT that writes it lakeform's way.
        if let Some(container) = self.container() {
            e.set("container", w.text(container));
            let path = self
                .subject_begins_with
                .strip_prefix(&format!("{SUBJECT_ROOT}{container}/blobs/"))
                .unwrap_or("");
            if !path.is_empty() {
                e.set("path", w.text(path));
            }
        }
        if !self.subject_ends_with.is_empty() {
            e.set("suffix", w.text(&self.subject_ends_with));
        }
        if self.event_types != [BLOB_CREATED] {
            e.set(
                "event_types",
                w.texts(self.event_types.iter().map(String::as_str)),
            );
        }
        if self.case_sensitive {
            e.set("case_sensitive", "true".into());
        }
        e
    }
}

/// A lake step (ARM calls do not depend on the account's namespace).
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

    pub(crate) fn orders() -> EventSubscription {
        EventSubscription {
            name: "ordersblobcreated".into(),
            queue: "orders-events".into(),
            event_types: vec![BLOB_CREATED.into()],
            subject_begins_with: subject_prefix("landing", "orders/"),
            subject_ends_with: String::new(),
            case_sensitive: false,
            delivery_schema: EVENT_GRID_SCHEMA.into(),
        }
    }

    fn diff(live: &EventSubscription, desired: &EventSubscription) -> Edits {
        crate::kinds::diff_in_test(live, desired)
    }

    #[test]
    fn names_are_letters_and_digits() {
        assert!(validate_event_subscription_name("ordersblobcreated").is_ok());
        for bad in ["ab", "orders-events", "orders_events", &"a".repeat(65)] {
            assert!(validate_event_subscription_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn it_depends_on_its_queue_and_container() {
        let refs = orders().references();
        assert_eq!(
            refs,
            [
                Address::new(Kind::StorageQueue, "orders-events"),
                Address::new(Kind::Container, "landing"),
            ]
        );
        assert_eq!(
            orders().subject_begins_with,
            "/blobServices/default/containers/landing/blobs/orders/"
        );
    }

    #[test]
    fn a_changed_filter_is_one_put_in_place() {
        let mut desired = orders();
        desired.subject_ends_with = ".parquet".into();
        desired.subject_begins_with = subject_prefix("landing", "orders/2026/");
        let e = diff(&orders(), &desired);
        assert_eq!((e.action, e.tier), (Action::Update, Tier::Safe));
        let names: Vec<String> = e.attributes.iter().map(|a| a.name.to_string()).collect();
        assert_eq!(names, ["subject_begins_with", "subject_ends_with"]);
        assert_eq!(e.steps.len(), 1);
        assert!(
            e.steps[0]
                .describe()
                .starts_with("ARM: PUT <storage account>/providers/Microsoft.EventGrid/eventSubscriptions/ordersblobcreated?api-version="),
            "{}",
            e.steps[0].describe()
        );
        assert!(diff(&orders(), &orders()).is_empty());
    }

    #[test]
    fn a_drop_says_what_stops() {
        let settings = Settings {
            prune: true,
            backup: true,
            now: jiff::Timestamp::UNIX_EPOCH,
            namespace: crate::providers::adls::Namespace::Flat,
            lock_container: "lakeform".into(),
            deploy_role: None,
        };
        let mut reasons = Vec::new();
        let steps = orders().drop_steps(&settings, &mut reasons).unwrap();
        assert!(steps[0].describe().starts_with("ARM: DELETE "));
        assert!(reasons[0].contains("orders-events"));
    }
}
