//! The result of comparing one live object with its desired form: the attributes that
//! differ, the action and tier that follow, and the steps that carry it out.

use std::fmt::Display;

use crate::plan::attribute::Attribute;
use crate::plan::change::{Action, AttributeChange, Step, Tier};

#[derive(Debug)]
pub(crate) struct Edits {
    pub(crate) action: Action,
    pub(crate) tier: Tier,
    pub(crate) reasons: Vec<String>,
    pub(crate) attributes: Vec<AttributeChange>,
    pub(crate) steps: Vec<Step>,
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
    pub(crate) fn is_empty(&self) -> bool {
        self.attributes.is_empty()
    }

    /// Records `name` when `before` and `after` differ; returns whether they did.
    pub(crate) fn compare<T: PartialEq + Display>(
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
    pub(crate) fn compare_option<T: PartialEq + Display>(
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
    pub(crate) fn attribute(
        &mut self,
        name: impl Into<Attribute>,
        before: Option<String>,
        after: Option<String>,
    ) {
        self.attributes
            .push(AttributeChange::new(name, before, after));
    }

    pub(crate) fn sql(&mut self, statement: String) {
        self.steps.push(Step::sql(statement));
    }

    /// Raises the tier to at least `tier`, saying why.
    pub(crate) fn raise(&mut self, tier: Tier, reason: impl Into<String>) {
        self.tier = self.tier.max(tier);
        self.reasons.push(reason.into());
    }

    /// The object must be replaced; the caller supplies the replacement steps.
    pub(crate) fn replace(&mut self, reason: impl Into<String>) {
        self.action = Action::Replace;
        self.reasons.push(reason.into());
    }
}
