//! Drift: a plan read as a report. Everything a plan would change is something that
//! changed behind lakeform's back (modified), was never created or was dropped (missing),
//! or exists without being declared (unmanaged).
//!
//! A [`DriftReport`] is built from a [`Plan`] (and the leftovers of interrupted applies
//! found beside it, see [`crate::plan::leftovers`]); it reads nothing and changes nothing.
//! Rendering lives in `text`, `json` and `markdown`. Exit codes follow DESIGN §6: 0 no
//! drift, 2 drift, 3 drift that only a destructive change would fix.

pub mod json;
pub mod markdown;
pub mod text;

use std::process::ExitCode;

use serde::Serialize;

use crate::model::Address;
use crate::plan::leftovers::Leftover;
use crate::plan::{Action, AttributeChange, Plan, Tier};

/// One object whose live definition differs from the desired one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Modified {
    pub(crate) address: Address,
    /// What a plan would do to put it back.
    pub(crate) fix: Action,
    pub(crate) tier: Tier,
    /// Attribute by attribute: `before` is live, `after` is desired.
    pub(crate) attributes: Vec<AttributeChange>,
    pub(crate) reasons: Vec<String>,
}

/// An undeclared object in a managed database or schema.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Unmanaged {
    pub(crate) address: Address,
    /// Whether the environment prunes: the plan drops it.
    pub(crate) pruned: bool,
}

/// How far live has drifted from desired, for one environment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DriftReport {
    pub(crate) environment: String,
    pub(crate) modified: Vec<Modified>,
    /// Declared objects that do not exist live.
    pub(crate) missing: Vec<Address>,
    pub(crate) unmanaged: Vec<Unmanaged>,
    /// Grants on declared objects to roles the project does not declare, which the plan
    /// leaves alone (with prune they are revocations, among `modified`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) unmanaged_grants: Vec<crate::kinds::role::unmanaged::UnmanagedGrant>,
    /// lakeform's own leftovers that a plan keeps (a rebuild's scratch table after an
    /// interrupted apply): drift until someone decides what to do with them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) leftovers: Vec<Leftover>,
    /// Azure integrations that exist but fail their check (no consent or role yet): not
    /// drift a plan could fix, so they change neither `has_drift` nor the exit code.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) notes: Vec<String>,
    /// The worst tier among the changes that would fix the drift.
    pub(crate) fix_tier: Option<Tier>,
}

impl DriftReport {
    /// Reads `plan` as drift. Creates are missing objects; drops are unmanaged objects
    /// the environment prunes (a plan never drops anything else); every other change is a
    /// modification. Unmanaged objects the plan leaves alone are drift too.
    pub fn from_plan(plan: &Plan) -> DriftReport {
        let mut modified = Vec::new();
        let mut missing = Vec::new();
        let mut unmanaged: Vec<Unmanaged> = plan
            .unmanaged
            .iter()
            .map(|address| Unmanaged {
                address: address.clone(),
                pruned: false,
            })
            .collect();
        for change in &plan.changes {
            match change.action {
                Action::Create => missing.push(change.address.clone()),
                Action::Drop => unmanaged.push(Unmanaged {
                    address: change.address.clone(),
                    pruned: true,
                }),
                Action::Update | Action::Replace | Action::Rename => modified.push(Modified {
                    address: change.address.clone(),
                    fix: change.action,
                    tier: change.tier,
                    attributes: change.attributes.clone(),
                    reasons: change.reasons.clone(),
                }),
            }
        }
        modified.sort_by(|a, b| a.address.cmp(&b.address));
        missing.sort();
        unmanaged.sort_by(|a, b| a.address.cmp(&b.address));
        DriftReport {
            environment: plan.environment.clone(),
            modified,
            missing,
            unmanaged,
            unmanaged_grants: plan.unmanaged_grants.clone(),
            leftovers: Vec::new(),
            notes: Vec::new(),
            fix_tier: plan.max_tier(),
        }
    }

    /// The report with the leftovers found beside its plan.
    pub fn with_leftovers(mut self, leftovers: Vec<Leftover>) -> DriftReport {
        self.leftovers = leftovers;
        self
    }

    /// The report with notes on integrations not usable yet (`crate::handshake`).
    pub(crate) fn with_notes(mut self, notes: Vec<String>) -> DriftReport {
        self.notes = notes;
        self
    }

    pub fn has_drift(&self) -> bool {
        !(self.modified.is_empty()
            && self.missing.is_empty()
            && self.unmanaged.is_empty()
            && self.unmanaged_grants.is_empty()
            && self.leftovers.is_empty())
    }

    /// How many objects drifted, all findings together.
    pub fn count(&self) -> usize {
        self.modified.len()
            + self.missing.len()
            + self.unmanaged.len()
            + self.unmanaged_grants.len()
            + self.leftovers.len()
    }

    /// 0 no drift, 2 drift, 3 drift whose fix includes a destructive change.
    pub fn exit_code(&self) -> u8 {
        match (self.has_drift(), self.fix_tier) {
            (false, _) => 0,
            (true, Some(Tier::Destructive)) => 3,
            (true, _) => 2,
        }
    }

    pub(crate) fn process_exit_code(&self) -> ExitCode {
        ExitCode::from(self.exit_code())
    }

    /// `2 modified, 1 missing, 0 unmanaged` (`, 3 unmanaged grant(s)`, `, 1 leftover` when
    /// there are any).
    pub(crate) fn sentence(&self) -> String {
        let mut sentence = format!(
            "{} modified, {} missing, {} unmanaged",
            self.modified.len(),
            self.missing.len(),
            self.unmanaged.len()
        );
        if !self.unmanaged_grants.is_empty() {
            sentence.push_str(&format!(
                ", {} unmanaged grant(s)",
                self.unmanaged_grants.len()
            ));
        }
        if !self.leftovers.is_empty() {
            sentence.push_str(&format!(", {} leftover", self.leftovers.len()));
        }
        sentence
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::plan::Change;

    fn plan(changes: Vec<Change>, unmanaged: Vec<Address>) -> Plan {
        Plan {
            unmanaged,
            ..crate::plan::for_tests(changes)
        }
    }

    fn table(name: &str) -> Address {
        Address::new(Kind::Table, name)
    }

    #[test]
    fn an_empty_plan_is_no_drift() {
        let report = DriftReport::from_plan(&plan(vec![], vec![]));
        assert!(!report.has_drift());
        assert_eq!(report.exit_code(), 0);
    }

    #[test]
    fn changes_are_sorted_into_modified_missing_and_unmanaged() {
        let report = DriftReport::from_plan(&plan(
            vec![
                Change::new(table("DB.S.B"), Action::Update, Tier::Safe),
                Change::new(table("DB.S.A"), Action::Create, Tier::Safe),
                Change::new(table("DB.S.C"), Action::Drop, Tier::Safe),
            ],
            vec![table("DB.S.D")],
        ));
        assert_eq!(report.modified[0].address, table("DB.S.B"));
        assert_eq!(report.missing, vec![table("DB.S.A")]);
        let unmanaged: Vec<(&Address, bool)> = report
            .unmanaged
            .iter()
            .map(|u| (&u.address, u.pruned))
            .collect();
        assert_eq!(
            unmanaged,
            vec![(&table("DB.S.C"), true), (&table("DB.S.D"), false)]
        );
        assert_eq!(report.exit_code(), 2);
    }

    #[test]
    fn unmanaged_objects_alone_are_drift() {
        let report = DriftReport::from_plan(&plan(vec![], vec![table("DB.S.X")]));
        assert_eq!(report.exit_code(), 2);
    }

    #[test]
    fn leftovers_alone_are_drift() {
        let leftover = Leftover {
            address: table("DB.S.T_LAKEFORM_REBUILD"),
            of: Some(table("DB.S.T")),
            finding: "kept".into(),
            resolve: vec!["DROP TABLE DB.S.T_LAKEFORM_REBUILD".into()],
        };
        let report = DriftReport::from_plan(&plan(vec![], vec![])).with_leftovers(vec![leftover]);
        assert!(report.has_drift());
        assert_eq!(report.exit_code(), 2);
        assert_eq!(
            report.sentence(),
            "0 modified, 0 missing, 0 unmanaged, 1 leftover"
        );
    }

    #[test]
    fn a_destructive_fix_exits_3() {
        let report = DriftReport::from_plan(&plan(
            vec![Change::new(
                Address::new(Kind::Stream, "DB.S.ST"),
                Action::Replace,
                Tier::Destructive,
            )],
            vec![],
        ));
        assert_eq!(report.exit_code(), 3);
    }
}
