//! Refusing a stale saved plan: before `apply PLANFILE` executes anything, the desired
//! state's hash and every live object the plan fingerprinted are compared with what they
//! are now. Any difference means the plan's statements were worked out for a world that
//! no longer exists, so none of them runs.
//!
//! Re-reading the live state is the caller's (it owns the providers); this module only
//! compares and explains.

use std::fmt;

use crate::model::{Address, LiveState};
use crate::plan::Plan;
use crate::plan::saved::fingerprint;

/// How one live object differs from what the plan saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiveChange {
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
    pub environment: String,
    pub desired_changed: bool,
    pub live_changed: Vec<(Address, LiveChange)>,
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

/// A saved plan made for another environment.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the saved plan was made for environment {planned}, not {requested}; nothing was executed")]
pub struct WrongEnvironment {
    pub planned: String,
    pub requested: String,
}

/// Refuses a plan made for another environment than the one being applied: its
/// statements name another environment's objects.
pub fn check_environment(plan: &Plan, environment: &str) -> Result<(), WrongEnvironment> {
    if plan.environment == environment {
        Ok(())
    } else {
        Err(WrongEnvironment {
            planned: plan.environment.clone(),
            requested: environment.to_string(),
        })
    }
}

/// Accepts `plan` only when it was made from `current_desired_hash` and every live
/// object it read is as it was.
pub fn check(
    plan: &Plan,
    current_desired_hash: &str,
    current_live: &LiveState,
) -> Result<(), StalePlan> {
    let live_changed: Vec<(Address, LiveChange)> = plan
        .fingerprints
        .iter()
        .filter_map(|recorded| {
            let now = fingerprint(current_live, &recorded.address);
            let change = match (&recorded.sha256, &now.sha256) {
                (None, Some(_)) => LiveChange::Appeared,
                (Some(_), None) => LiveChange::Disappeared,
                (Some(before), Some(after)) if before != after => LiveChange::Changed,
                _ => return None,
            };
            Some((recorded.address.clone(), change))
        })
        .collect();
    let desired_changed = plan.desired_hash != current_desired_hash;
    if !desired_changed && live_changed.is_empty() {
        Ok(())
    } else {
        Err(StalePlan {
            environment: plan.environment.clone(),
            desired_changed,
            live_changed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::database::Database;
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
        }
    }

    #[test]
    fn every_difference_is_named() {
        let then = live(vec![database("A", None), database("B", None)]);
        let plan = Plan {
            format_version: FORMAT_VERSION,
            environment: "dev".into(),
            desired_hash: "h1".into(),
            changes: vec![],
            unmanaged: vec![],
            task_graphs: vec![],
            fingerprints: ["A", "B", "C"]
                .iter()
                .map(|n| fingerprint(&then, &database(n, None).address()))
                .collect::<Vec<Fingerprint>>(),
        };
        assert!(check(&plan, "h1", &then).is_ok());

        let now = live(vec![database("A", Some("edited")), database("C", None)]);
        let stale = check(&plan, "h2", &now).unwrap_err();
        assert!(stale.desired_changed);
        assert_eq!(
            stale.live_changed,
            vec![
                (database("A", None).address(), LiveChange::Changed),
                (database("B", None).address(), LiveChange::Disappeared),
                (database("C", None).address(), LiveChange::Appeared),
            ]
        );
        let text = stale.to_string();
        assert!(text.contains("the desired state changed"), "{text}");
        assert!(text.contains("database B no longer exists"), "{text}");
        assert!(text.contains("nothing was executed"), "{text}");
    }

    #[test]
    fn a_plan_for_another_environment_is_refused() {
        let plan = Plan {
            format_version: FORMAT_VERSION,
            environment: "dev".into(),
            desired_hash: String::new(),
            changes: vec![],
            unmanaged: vec![],
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
