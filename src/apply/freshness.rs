//! Refusing a saved plan that is not the plan lakeform makes now. Before `apply PLANFILE`
//! executes anything, the caller re-derives the plan from the desired state and the live
//! state read under the lock; [`check`] accepts the file only when it equals that plan.
//!
//! Two kinds of refusal, so the user knows what to do:
//! * **stale**: the world moved since the plan was made (the desired state's hash, or a
//!   live object the plan read, is different now): make the plan again;
//! * **altered**: the world is as the plan saw it, yet the file differs from the plan
//!   made from it: someone edited the file (a step's SQL, a tier, a fingerprint, a task
//!   graph's resume, a change added or reordered). Nothing in the file is trusted.
//!
//! Consent and `prevent_destroy` are judged on the re-derived plan, never on tiers read
//! from a file. Re-reading the live state is the caller's (it owns the providers); this
//! module only compares and explains.

use std::collections::BTreeSet;
use std::fmt;

use crate::model::{Address, DesiredState, LiveState};
use crate::plan::Plan;
use crate::plan::compare::{Differences, differences};
use crate::plan::saved::fingerprint;

/// How one live object differs from what the plan saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LiveChange {
    Appeared,
    Disappeared,
    Changed,
}

impl fmt::Display for LiveChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LiveChange::Appeared => "now exists (it did not when the plan was made)",
            LiveChange::Disappeared => "no longer exists",
            LiveChange::Changed => "was changed",
        })
    }
}

/// Why a saved plan is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct StalePlan {
    pub(crate) environment: String,
    pub desired_changed: bool,
    pub(crate) live_changed: Vec<(Address, LiveChange)>,
}

impl fmt::Display for StalePlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "the saved plan for environment {} is stale and nothing was executed:",
            self.environment
        )?;
        if self.desired_changed {
            writeln!(f, "  the desired state changed since the plan was made")?;
        }
        for (address, change) in &self.live_changed {
            writeln!(f, "  {address} {change}")?;
        }
        write!(f, "Make the plan again and review it.")
    }
}

/// Why a saved plan is not run: the world changed since, or the file was edited.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error(transparent)]
    Stale(#[from] StalePlan),
    #[error(
        "the saved plan for environment {environment} was altered after it was made and nothing was executed: the live and desired state are as the plan saw them, but the file differs from the plan lakeform makes from them:\n{differences}Make the plan again and review it."
    )]
    Altered {
        environment: String,
        differences: Differences,
    },
}

/// A saved plan made for another environment.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the saved plan was made for environment {planned}, not {requested}; nothing was executed")]
pub(crate) struct WrongEnvironment {
    pub(crate) planned: String,
    pub(crate) requested: String,
}

/// Refuses a plan made for another environment than the one being applied: its
/// statements name another environment's objects.
pub(crate) fn check_environment(plan: &Plan, environment: &str) -> Result<(), WrongEnvironment> {
    if plan.environment == environment {
        Ok(())
    } else {
        Err(WrongEnvironment {
            planned: plan.environment.clone(),
            requested: environment.to_string(),
        })
    }
}

/// Accepts `file` only when it is exactly `now`, the plan made from `desired` and
/// `current_live` (with the file's `made_at`, so backup names agree).
pub fn check(
    file: &Plan,
    now: &Plan,
    desired: &DesiredState,
    current_live: &LiveState,
) -> Result<(), Refused> {
    let altered = || Refused::Altered {
        environment: now.environment.clone(),
        differences: differences(file, now),
    };
    // A plan fingerprints every declared object; with the desired state unchanged, one
    // missing means the list was edited, and then the list cannot say what is stale.
    let recorded: BTreeSet<&Address> = file.fingerprints.iter().map(|f| &f.address).collect();
    if file.desired_hash == now.desired_hash
        && desired.objects.keys().any(|a| !recorded.contains(a))
    {
        return Err(altered());
    }
    stale(file, now, desired, current_live)?;
    if file == now { Ok(()) } else { Err(altered()) }
}

/// Whether the desired state or a live object changed since `file` was made: every object
/// the file fingerprinted, and every undeclared live object the file does not list (it
/// did not exist then). A declared object missing from an unchanged desired state's
/// fingerprints is no sign of staleness — a true plan lists every declared object — but
/// of an edited file, which [`check`] then names as altered.
fn stale(
    file: &Plan,
    now: &Plan,
    desired: &DesiredState,
    current_live: &LiveState,
) -> Result<(), StalePlan> {
    let mut live_changed: Vec<(Address, LiveChange)> = file
        .fingerprints
        .iter()
        .filter_map(|recorded| {
            let current = fingerprint(current_live, &recorded.address);
            let change = match (&recorded.sha256, &current.sha256) {
                (None, Some(_)) => LiveChange::Appeared,
                (Some(_), None) => LiveChange::Disappeared,
                (Some(before), Some(after)) if before != after => LiveChange::Changed,
                _ => return None,
            };
            Some((recorded.address.clone(), change))
        })
        .collect();
    let recorded: BTreeSet<&Address> = file.fingerprints.iter().map(|f| &f.address).collect();
    live_changed.extend(
        now.fingerprints
            .iter()
            .filter(|f| {
                f.sha256.is_some()
                    && !recorded.contains(&f.address)
                    && !desired.objects.contains_key(&f.address)
            })
            .map(|f| (f.address.clone(), LiveChange::Appeared)),
    );
    let desired_changed = file.desired_hash != now.desired_hash;
    if !desired_changed && live_changed.is_empty() {
        Ok(())
    } else {
        Err(StalePlan {
            environment: now.environment.clone(),
            desired_changed,
            live_changed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::database::Database;
    use crate::model::identifier::Ident;
    use crate::model::{Object, Resource};
    use crate::plan::{FORMAT_VERSION, Fingerprint};

    fn database(name: &str, comment: Option<&str>) -> Object {
        Object::Database(Database {
            name: Ident::from_stored(name),
            transient: false,
            data_retention_days: None,
            comment: comment.map(str::to_string),
        })
    }

    fn live(objects: Vec<Object>) -> LiveState {
        LiveState {
            objects: objects.into_iter().map(|o| (o.address(), o)).collect(),
            ..Default::default()
        }
    }

    fn plan(hash: &str, live: &LiveState, read: &[&str]) -> Plan {
        Plan {
            format_version: FORMAT_VERSION,
            environment: "dev".into(),
            desired_hash: hash.into(),
            made_at: "2026-01-02T03:04:05Z".into(),
            changes: vec![],
            unmanaged: vec![],
            unmanaged_grants: vec![],
            affected: vec![],
            task_graphs: vec![],
            fingerprints: read
                .iter()
                .map(|n| fingerprint(live, &database(n, None).address()))
                .collect::<Vec<Fingerprint>>(),
        }
    }

    /// A desired state declaring databases `names`.
    fn declared(names: &[&str]) -> DesiredState {
        let mut state = DesiredState::default();
        for name in names {
            let object = database(name, None);
            state.objects.insert(
                object.address(),
                crate::model::state::DesiredObject {
                    object,
                    origin: crate::model::state::Origin {
                        file: "schema/a.toml".into(),
                        line: 1,
                        column: 1,
                    },
                    lifecycle: Default::default(),
                    owner: None,
                },
            );
        }
        state
    }

    #[test]
    fn every_difference_is_named() {
        let none = DesiredState::default();
        let then = live(vec![database("A", None), database("B", None)]);
        let file = plan("h1", &then, &["A", "B", "C"]);
        assert!(check(&file, &plan("h1", &then, &["A", "B", "C"]), &none, &then).is_ok());

        let now = live(vec![
            database("A", Some("edited")),
            database("C", None),
            database("D", None),
        ]);
        let Err(Refused::Stale(stale)) =
            check(&file, &plan("h2", &now, &["A", "B", "C", "D"]), &none, &now)
        else {
            panic!("not stale")
        };
        assert!(stale.desired_changed);
        assert_eq!(
            stale.live_changed,
            vec![
                (database("A", None).address(), LiveChange::Changed),
                (database("B", None).address(), LiveChange::Disappeared),
                (database("C", None).address(), LiveChange::Appeared),
                (database("D", None).address(), LiveChange::Appeared),
            ]
        );
        let text = stale.to_string();
        assert!(text.contains("the desired state changed"), "{text}");
        assert!(text.contains("database B no longer exists"), "{text}");
        assert!(text.contains("nothing was executed"), "{text}");
    }

    #[test]
    fn an_edited_file_in_an_unchanged_world_is_altered() {
        let then = live(vec![database("A", None)]);
        let now = plan("h1", &then, &["A"]);
        let mut file = now.clone();
        file.fingerprints.clear();
        let desired = declared(&["A"]);
        let refused = check(&file, &now, &desired, &then).unwrap_err();
        let text = refused.to_string();
        assert!(matches!(refused, Refused::Altered { .. }), "{text}");
        assert!(text.contains("was altered after it was made"), "{text}");
        assert!(
            text.contains("fingerprints: the file has 0 entries"),
            "{text}"
        );
    }

    #[test]
    fn a_plan_for_another_environment_is_refused() {
        let plan = Plan {
            format_version: FORMAT_VERSION,
            environment: "dev".into(),
            desired_hash: String::new(),
            made_at: String::new(),
            changes: vec![],
            unmanaged: vec![],
            unmanaged_grants: vec![],
            affected: vec![],
            task_graphs: vec![],
            fingerprints: vec![],
        };
        assert!(check_environment(&plan, "dev").is_ok());
        let refused = check_environment(&plan, "prod").unwrap_err();
        assert_eq!(
            refused.to_string(),
            "the saved plan was made for environment dev, not prod; nothing was executed"
        );
    }
}
