//! The result of comparing one live object with its desired form: the attributes that
//! differ, the action and tier that follow, and the steps that carry it out.

use std::fmt::Display;

use crate::plan::change::{Action, AttributeChange, Step, Tier};

#[derive(Debug)]
pub(super) struct Edits {
    pub action: Action,
    pub tier: Tier,
    pub reasons: Vec<String>,
    pub attributes: Vec<AttributeChange>,
    pub steps: Vec<Step>,
}

impl Default for Edits {
    fn default() -> Self {
        Edits {
            action: Action::Update,
            tier: Tier::Safe,
            reasons: Vec::new(),
            attributes: Vec::new(),
            steps: Vec::new(),
        }
    }
}

impl Edits {
    /// True when nothing differs.
    pub(super) fn is_empty(&self) -> bool {
        self.attributes.is_empty()
    }

    /// Records `name` when `before` and `after` differ; returns whether they did.
    pub(super) fn compare<T: PartialEq + Display>(
        &mut self,
        name: &str,
        before: &T,
        after: &T,
    ) -> bool {
        let differs = before != after;
        if differs {
            self.attributes.push(AttributeChange::new(
                name,
                Some(before.to_string()),
                Some(after.to_string()),
            ));
        }
        differs
    }

    /// Like [`Edits::compare`] for optional values (`None` shows as absent).
    pub(super) fn compare_option<T: PartialEq + Display>(
        &mut self,
        name: &str,
        before: &Option<T>,
        after: &Option<T>,
    ) -> bool {
        let differs = before != after;
        if differs {
            self.attributes.push(AttributeChange::new(
                name,
                before.as_ref().map(ToString::to_string),
                after.as_ref().map(ToString::to_string),
            ));
        }
        differs
    }

    /// Records an attribute change directly.
    pub(super) fn attribute(
        &mut self,
        name: impl Into<String>,
        before: Option<String>,
        after: Option<String>,
    ) {
        self.attributes
            .push(AttributeChange::new(name, before, after));
    }

    pub(super) fn sql(&mut self, statement: String) {
        self.steps.push(Step::sql(statement));
    }

    /// Raises the tier to at least `tier`, saying why.
    pub(super) fn raise(&mut self, tier: Tier, reason: impl Into<String>) {
        self.tier = self.tier.max(tier);
        self.reasons.push(reason.into());
    }

    /// The object must be replaced; the caller supplies the replacement steps.
    pub(super) fn replace(&mut self, reason: impl Into<String>) {
        self.action = Action::Replace;
        self.reasons.push(reason.into());
    }
}
