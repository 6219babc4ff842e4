//! What a plan is made of: changes, their actions and risk tiers, and the steps that
//! carry them out. Plain data, serialised as-is into saved plans and JSON output.

use super::attribute::Attribute;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::Address;
use crate::providers::adls::AdlsOperation;

/// What happens to an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    /// Altered in place.
    Update,
    /// Dropped and created again (or `CREATE OR REPLACE`d) because Snowflake cannot alter
    /// what changes; the change says why.
    Replace,
    Rename,
    Drop,
}

impl Action {
    /// The Terraform-style marker shown in text plans.
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Action::Create => "+",
            Action::Update => "~",
            Action::Replace => "-/+",
            Action::Rename => "~>",
            Action::Drop => "-",
        }
    }

    pub(crate) fn verb(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update in place",
            Action::Replace => "replace",
            Action::Rename => "rename",
            Action::Drop => "drop",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.verb())
    }
}

/// How much a change can lose. Ordered: the worst tier of a plan is its maximum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// Nothing is lost.
    Safe,
    /// Data is kept but moved through a copy (a table rebuilt with CTAS + swap).
    Rebuild,
    /// Data, history or a stream offset is lost; needs explicit consent to apply.
    Destructive,
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Tier::Safe => "safe",
            Tier::Rebuild => "rebuild",
            Tier::Destructive => "destructive",
        })
    }
}

/// One attribute's before → after, as display text. SQL bodies (see [`Attribute`]) are
/// rendered as diffs by the text and markdown renderers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeChange {
    pub(crate) name: Attribute,
    pub(crate) before: Option<String>,
    pub(crate) after: Option<String>,
}

impl AttributeChange {
    pub fn new(name: impl Into<Attribute>, before: Option<String>, after: Option<String>) -> Self {
        AttributeChange {
            name: name.into(),
            before,
            after,
        }
    }

    /// Whether the value is SQL text worth showing as a line diff.
    pub(crate) fn is_sql_body(&self) -> bool {
        self.name.is_sql_body()
    }
}

/// One thing apply executes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "provider", rename_all = "snake_case")]
pub enum Step {
    Snowflake {
        statement: String,
    },
    /// `call` is the REST call as the plan shows it (`PUT /landing?restype=container`),
    /// worked out when planning, when the account's namespace kind is known.
    Adls {
        operation: AdlsOperation,
        call: String,
    },
}

impl Step {
    pub fn sql(statement: impl Into<String>) -> Step {
        Step::Snowflake {
            statement: statement.into(),
        }
    }

    /// One line saying what the step does: the SQL, or the REST call.
    pub fn describe(&self) -> String {
        match self {
            Step::Snowflake { statement } => statement.clone(),
            Step::Adls { call, .. } => call.clone(),
        }
    }
}

/// A change to one object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub address: Address,
    pub action: Action,
    pub tier: Tier,
    /// Why the action or tier is what it is ("Snowflake cannot change a stream's table in
    /// place", "the stream's offset is lost"), and what follows from it.
    pub reasons: Vec<String>,
    pub attributes: Vec<AttributeChange>,
    pub steps: Vec<Step>,
    /// Changes that must complete before this one starts.
    pub(crate) depends_on: Vec<Address>,
    /// The root of the task graph this change belongs to, for changes to tasks: apply
    /// suspends and resumes each graph once.
    pub(crate) task_graph: Option<Address>,
    /// For a change made necessary by another (a stream recreated because its table is
    /// rebuilt): that other change.
    pub caused_by: Option<Address>,
}

impl Change {
    pub fn new(address: Address, action: Action, tier: Tier) -> Self {
        Change {
            address,
            action,
            tier,
            reasons: Vec::new(),
            attributes: Vec::new(),
            steps: Vec::new(),
            depends_on: Vec::new(),
            task_graph: None,
            caused_by: None,
        }
    }
}
