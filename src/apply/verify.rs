//! Verification after an apply: the live state, re-read, must match the desired state.
//!
//! "Match" means what the plan means by it: a plan made from the re-read live state is
//! empty. Anything it still contains is reported — with the attributes that differ — as
//! an apply that did not converge. Re-reading is the caller's (it owns the providers).

use std::fmt;

use crate::model::{Address, DesiredState, LiveState};
use crate::plan::{Action, AttributeChange, Plan, PlanError, Settings};

/// One object that still differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Remaining {
    pub(crate) address: Address,
    pub(crate) action: Action,
    pub(crate) attributes: Vec<AttributeChange>,
}

/// The live state still differs from the desired state after applying.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct Unconverged {
    pub(crate) remaining: Vec<Remaining>,
}

impl fmt::Display for Unconverged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "after applying, {} object(s) still differ from the desired state:",
            self.remaining.len()
        )?;
        for remaining in &self.remaining {
            write!(f, "\n  {} (would {})", remaining.address, remaining.action)?;
            for attribute in &remaining.attributes {
                write!(
                    f,
                    "\n    {}: {} -> {}",
                    attribute.name,
                    attribute.before.as_deref().unwrap_or("(none)"),
                    attribute.after.as_deref().unwrap_or("(none)")
                )?;
            }
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error(transparent)]
    Unconverged(#[from] Unconverged),
    #[error("verifying the apply: the re-plan failed: {0}")]
    Plan(#[from] PlanError),
}

/// Re-plans `desired` against `live_after` and fails listing whatever the plan still
/// changes. `settings` must be the ones the applied plan was made with (`prune` decides
/// whether unmanaged objects count).
pub fn check(
    environment: &str,
    desired: &DesiredState,
    live_after: &LiveState,
    settings: &Settings,
) -> Result<(), VerifyError> {
    let plan: Plan = crate::plan::make(environment, desired, "", live_after, settings)?;
    let remaining: Vec<Remaining> = plan
        .changes
        .into_iter()
        .map(|c| Remaining {
            address: c.address,
            action: c.action,
            attributes: c.attributes,
        })
        .collect();
    if remaining.is_empty() {
        Ok(())
    } else {
        Err(Unconverged { remaining }.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::database::Database;
    use crate::model::identifier::Ident;
    use crate::model::{DesiredObject, Lifecycle, Object, Origin, Resource};
    use crate::providers::adls::Namespace;

    fn database(comment: Option<&str>) -> Object {
        Object::Database(Database {
            name: Ident::from_stored("PR"),
            transient: false,
            data_retention_days: None,
            comment: comment.map(str::to_string),
        })
    }

    fn settings() -> Settings {
        Settings {
            prune: false,
            backup: true,
            now: jiff::Timestamp::UNIX_EPOCH,
            namespace: Namespace::Hierarchical,
            lock_container: "lakeform".into(),
            deploy_role: None,
        }
    }

    #[test]
    fn a_matching_live_state_verifies_and_a_differing_one_is_listed() {
        let object = database(Some("wanted"));
        let desired = DesiredState {
            objects: [(
                object.address(),
                DesiredObject {
                    object: object.clone(),
                    lifecycle: Lifecycle::default(),
                    owner: None,
                    origin: Origin {
                        file: "schema/lake.toml".into(),
                        line: 1,
                        column: 1,
                    },
                },
            )]
            .into(),
        };
        let live = |o: Object| LiveState {
            objects: [(o.address(), o)].into(),
            ..Default::default()
        };
        check("dev", &desired, &live(object), &settings()).unwrap();

        let error = check("dev", &desired, &live(database(None)), &settings()).unwrap_err();
        let text = error.to_string();
        assert!(text.contains("1 object(s) still differ"), "{text}");
        assert!(
            text.contains("database PR (would update in place)"),
            "{text}"
        );
        assert!(text.contains("comment: (none) -> wanted"), "{text}");
    }
}
