//! Consent to destructive changes: a plan that would lose data, history or a stream's
//! offset is refused before anything runs unless the user allowed it — for the whole
//! apply (`--allow-destructive`) or per object in the desired state
//! (`allow_destructive = true`, see [`allowed_by`]).
//!
//! Rebuilds keep their data (they copy it through a scratch table) and need no consent.

use std::collections::BTreeSet;
use std::fmt;

use crate::model::{Address, DesiredState};
use crate::plan::{Action, Plan, Tier};

/// A destructive change nobody allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unconsented {
    pub(crate) address: Address,
    pub(crate) action: Action,
    pub(crate) reasons: Vec<String>,
}

/// The refusal: every destructive change that lacks consent.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ConsentRefused {
    pub(crate) changes: Vec<Unconsented>,
}

impl fmt::Display for ConsentRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "the plan has {} destructive change(s) and nothing was executed:",
            self.changes.len()
        )?;
        for change in &self.changes {
            write!(f, "  {} ({})", change.address, change.action)?;
            if !change.reasons.is_empty() {
                write!(f, ": {}", change.reasons.join("; "))?;
            }
            writeln!(f)?;
        }
        write!(
            f,
            "Run again with --allow-destructive, or set allow_destructive = true on these objects in the desired state."
        )
    }
}

/// The objects whose desired definition allows destructive changes.
pub fn allowed_by(desired: &DesiredState) -> BTreeSet<Address> {
    desired
        .objects
        .iter()
        .filter(|(_, o)| o.lifecycle.allow_destructive)
        .map(|(a, _)| a.clone())
        .collect()
}

/// Refuses `plan` when it has a destructive change that is neither allowed globally
/// (`allow_all`) nor by address (`allowed`).
pub(crate) fn check(
    plan: &Plan,
    allow_all: bool,
    allowed: &BTreeSet<Address>,
) -> Result<(), ConsentRefused> {
    if allow_all {
        return Ok(());
    }
    let changes: Vec<Unconsented> = plan
        .changes
        .iter()
        .filter(|c| c.tier == Tier::Destructive && !allowed.contains(&c.address))
        .map(|c| Unconsented {
            address: c.address.clone(),
            action: c.action,
            reasons: c.reasons.clone(),
        })
        .collect();
    if changes.is_empty() {
        Ok(())
    } else {
        Err(ConsentRefused { changes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::plan::Change;

    fn plan(changes: Vec<Change>) -> Plan {
        crate::plan::for_tests(changes)
    }

    #[test]
    fn destructive_changes_need_consent_globally_or_per_object() {
        let stream = Address::new(Kind::Stream, "DB.S.ST");
        let mut replace = Change::new(stream.clone(), Action::Replace, Tier::Destructive);
        replace.reasons.push("the stream's offset is lost".into());
        let rebuild = Change::new(
            Address::new(Kind::Table, "DB.S.T"),
            Action::Replace,
            Tier::Rebuild,
        );
        let plan = plan(vec![replace, rebuild]);

        let refused = check(&plan, false, &BTreeSet::new()).unwrap_err();
        assert_eq!(refused.changes.len(), 1);
        let text = refused.to_string();
        assert!(
            text.contains("stream DB.S.ST (replace): the stream's offset is lost"),
            "{text}"
        );
        assert!(text.contains("--allow-destructive"), "{text}");

        assert!(check(&plan, true, &BTreeSet::new()).is_ok());
        assert!(check(&plan, false, &BTreeSet::from([stream])).is_ok());
    }
}
