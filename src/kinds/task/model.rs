//! A Snowflake task: a scheduled or triggered statement, possibly in a task graph.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::model::resource::Resource;
use crate::model::schedule::Schedule;
use crate::model::{Address, Derived, Kind};
use crate::sql::CanonicalSql;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub name: ObjectName,
    /// `None` for a serverless task.
    pub warehouse: Option<Ident>,
    /// Only a root task has a schedule.
    pub schedule: Option<Schedule>,
    /// Predecessors, fully qualified and sorted (Snowflake reports them unordered).
    pub after: Vec<ObjectName>,
    pub when: Option<CanonicalSql>,
    pub sql: CanonicalSql,
    pub state: TaskState,
    pub comment: Option<String>,
    /// What the body and condition refer to — the stream in `SYSTEM$STREAM_HAS_DATA` and
    /// the procedure it `CALL`s — resolved by whoever built the task. Derived from `sql`
    /// and `when`, so it takes no part in equality.
    #[serde(default)]
    pub uses: Derived<Vec<Address>>,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum TaskState {
    Started,
    #[default]
    Suspended,
}

impl fmt::Display for TaskState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TaskState::Started => "started",
            TaskState::Suspended => "suspended",
        })
    }
}

impl Task {
    /// A root task has no predecessors; it owns the schedule of its graph.
    pub fn is_root(&self) -> bool {
        self.after.is_empty()
    }
}

impl Resource for Task {
    fn address(&self) -> Address {
        Address::new(Kind::Task, &self.name)
    }

    fn schema(&self) -> Option<SchemaName> {
        Some(self.name.schema_name())
    }

    fn references(&self) -> Vec<Address> {
        let mut refs = vec![Address::new(Kind::Schema, self.name.schema_name())];
        refs.extend(
            self.warehouse
                .iter()
                .map(|w| Address::new(Kind::Warehouse, w)),
        );
        refs.extend(self.after.iter().map(|p| Address::new(Kind::Task, p)));
        refs.extend(self.uses.iter().cloned());
        refs
    }
}
