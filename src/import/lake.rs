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

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::kinds::container::Container;

/// The lake an import can read: its storage account (`None` for the sandbox's local
/// lake) and the containers in it.
#[derive(Clone, Debug)]
pub(crate) struct LakeView {
    pub(crate) account: Option<String>,
    pub(crate) containers: Vec<Container>,
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
        }
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
