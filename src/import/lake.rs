//! How an import adopts the lake containers its stages use, so that the plan that follows
//! has nothing to create: declared as they are when lakeform can read them from the
//! environment's lake, listed under `external` otherwise.
//!
//! A stage names its container in its URL, `azure://ACCOUNT.blob.core.windows.net/
//! CONTAINER/…` (<https://docs.snowflake.com/en/sql-reference/sql/create-stage>). The
//! environment's lake can speak for it when it is that storage account (`[adls] account`,
//! compared without case: Azure account names are lower case) or the sandbox's local lake,
//! which stands for whatever account the stages name — as it does for `plan`, which
//! matches containers by name only. A container the lake does not hold is listed under
//! `external` too: declaring it would make the next apply create it.
//!
//! With the containers come the Azure half of their auto-ingest: the Event Grid
//! subscriptions whose subject filter names one of the stages' containers, and the queues
//! they deliver to (see [`adopt_notifications`]).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::kinds::container::Container;
use crate::kinds::event_subscription::EventSubscription;
use crate::kinds::storage_queue::StorageQueue;
use crate::model::{Address, Object, Resource};

/// The lake an import can read: its storage account (`None` for the sandbox's local
/// lake), the containers in it, and — when the lake can reach Event Grid — its event
/// subscriptions and queues.
#[derive(Clone, Debug)]
pub(crate) struct LakeView {
    pub(crate) account: Option<String>,
    pub(crate) containers: Vec<Container>,
    pub(crate) queues: Vec<StorageQueue>,
    pub(crate) subscriptions: Vec<EventSubscription>,
}

/// Why a container is listed under `external` rather than declared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum NotRead {
    /// The environment has no `[adls]` section.
    NoLake,
    /// The stages name other storage accounts than the environment's.
    OtherAccount {
        stages: BTreeSet<String>,
        lake: String,
    },
    /// The environment's lake has no such container.
    Missing,
}

impl fmt::Display for NotRead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotRead::NoLake => write!(f, "the environment has no [adls] section to read it from"),
            NotRead::OtherAccount { stages, lake } => write!(
                f,
                "the stages name the storage account {}, not the environment's {lake}",
                stages.iter().cloned().collect::<Vec<_>>().join(", ")
            ),
            NotRead::Missing => write!(f, "the environment's lake has no such container"),
        }
    }
}

/// What to do with the containers the imported stages use.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Adoption {
    /// Read from the lake: written as `[[container]]`.
    pub(crate) declare: Vec<Container>,
    /// Not readable: listed under `external`, each with why.
    pub(crate) external: Vec<(String, NotRead)>,
}

/// Decides for each container of `used` (name → the storage accounts stage URLs name).
pub(crate) fn adopt(
    used: &BTreeMap<String, BTreeSet<String>>,
    lake: Option<&LakeView>,
) -> Adoption {
    let mut adoption = Adoption::default();
    for (name, accounts) in used {
        let Some(lake) = lake else {
            adoption.external.push((name.clone(), NotRead::NoLake));
            continue;
        };
        if let Some(account) = &lake.account
            && !accounts.iter().any(|a| a.eq_ignore_ascii_case(account))
        {
            adoption.external.push((
                name.clone(),
                NotRead::OtherAccount {
                    stages: accounts.clone(),
                    lake: account.clone(),
                },
            ));
            continue;
        }
        match lake.containers.iter().find(|c| &c.name == name) {
            Some(container) => adoption.declare.push(container.clone()),
            None => adoption.external.push((name.clone(), NotRead::Missing)),
        }
    }
    adoption
}

/// The subscriptions announcing files in `containers` (the stages' containers) and the
/// queues they deliver to, as the lake holds them, queues first; what `declared` says
/// the project declares already is left out. A subscription whose queue is neither held
/// by the lake nor declared is left out too: declaring it would name a queue nothing
/// declares.
pub(crate) fn adopt_notifications(
    containers: &BTreeSet<String>,
    lake: &LakeView,
    declared: impl Fn(&Address) -> bool,
) -> Vec<Object> {
    let mut queues: BTreeSet<&str> = BTreeSet::new();
    let mut subscriptions = Vec::new();
    for subscription in &lake.subscriptions {
        let Some(container) = subscription.container() else {
            continue;
        };
        if !containers.contains(container) {
            continue;
        }
        let queue = Address::new(crate::model::Kind::StorageQueue, &subscription.queue);
        let held = lake.queues.iter().any(|q| q.name == subscription.queue);
        if !held && !declared(&queue) {
            continue;
        }
        if held && !declared(&queue) {
            queues.insert(&subscription.queue);
        }
        let object = Object::EventSubscription(subscription.clone());
        if !declared(&object.address()) {
            subscriptions.push(object);
        }
    }
    lake.queues
        .iter()
        .filter(|q| queues.contains(q.name.as_str()))
        .map(|q| Object::StorageQueue(q.clone()))
        .chain(subscriptions)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn used(entries: &[(&str, &str)]) -> BTreeMap<String, BTreeSet<String>> {
        let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (container, account) in entries {
            map.entry(container.to_string())
                .or_default()
                .insert(account.to_string());
        }
        map
    }

    fn lake(account: Option<&str>, names: &[&str]) -> LakeView {
        LakeView {
            account: account.map(str::to_string),
            containers: names.iter().map(|n| Container::new(*n).unwrap()).collect(),
            queues: Vec::new(),
            subscriptions: Vec::new(),
        }
    }

    #[test]
    fn the_stages_containers_bring_their_subscriptions_and_queues() {
        let queue = |name: &str| StorageQueue {
            name: name.into(),
            metadata: BTreeMap::new(),
            comment: None,
        };
        let subscription = |name: &str, container: &str, queue: &str| EventSubscription {
            name: name.into(),
            queue: queue.into(),
            event_types: vec!["Microsoft.Storage.BlobCreated".into()],
            subject_begins_with: crate::kinds::event_subscription::subject_prefix(
                container, "order/",
            ),
            subject_ends_with: String::new(),
            case_sensitive: false,
            delivery_schema: "EventGridSchema".into(),
        };
        let mut view = lake(None, &["landing", "archive"]);
        view.queues = vec![
            queue("orders-events"),
            queue("archive-events"),
            queue("spare"),
        ];
        view.subscriptions = vec![
            subscription("orders", "landing", "orders-events"),
            subscription("archived", "archive", "archive-events"),
            subscription("orphan", "landing", "gone"),
        ];
        let containers = BTreeSet::from(["landing".to_string()]);
        let adopted: Vec<Address> = adopt_notifications(&containers, &view, |_| false)
            .iter()
            .map(Resource::address)
            .collect();
        assert_eq!(
            adopted,
            [
                Address::new(crate::model::Kind::StorageQueue, "orders-events"),
                Address::new(crate::model::Kind::EventSubscription, "orders"),
            ]
        );
        let declared_queue = Address::new(crate::model::Kind::StorageQueue, "orders-events");
        let adopted = adopt_notifications(&containers, &view, |a| *a == declared_queue);
        assert_eq!(adopted.len(), 1, "the declared queue is not written again");
    }

    #[test]
    fn without_a_lake_every_container_is_external() {
        let adoption = adopt(&used(&[("landing", "acct")]), None);
        assert!(adoption.declare.is_empty());
        assert_eq!(
            adoption.external,
            [("landing".to_string(), NotRead::NoLake)]
        );
    }

    #[test]
    fn the_sandbox_lake_speaks_for_any_account() {
        let adoption = adopt(
            &used(&[("landing", "pacificretailsandbox"), ("archive", "x")]),
            Some(&lake(None, &["landing"])),
        );
        assert_eq!(adoption.declare, [Container::new("landing").unwrap()]);
        assert_eq!(
            adoption.external,
            [("archive".to_string(), NotRead::Missing)]
        );
    }

    #[test]
    fn an_account_lake_speaks_only_for_its_own_account() {
        let lake = lake(Some("PrDev"), &["landing", "shared"]);
        let adoption = adopt(
            &used(&[("landing", "prdev"), ("shared", "otheraccount")]),
            Some(&lake),
        );
        assert_eq!(adoption.declare, [Container::new("landing").unwrap()]);
        let (name, why) = &adoption.external[0];
        assert_eq!(name, "shared");
        assert_eq!(
            why.to_string(),
            "the stages name the storage account otheraccount, not the environment's PrDev"
        );
    }
}
