//! The blast radius of a plan: declared objects the plan leaves unchanged that refer to an
//! object it changes (a view over a table that is rebuilt, tasks on a warehouse that is
//! resized, a stage on a storage integration that is altered).
//!
//! Plain data in the plan, so that the markdown rendering can draw what a change touches
//! without computing anything itself. Only direct dependents are listed: they are what a
//! reviewer checks first, and the transitive closure of a shared object (a warehouse, a
//! database) would list most of the account. References to the schema or database that
//! contains an object are left out, as in `lakeform graph`: containment is not use, and a
//! schema's comment changing does not touch its tables.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::Change;
use crate::model::{Address, DesiredState, Kind, Resource};

/// An unchanged declared object and the changed objects it refers to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Affected {
    pub(crate) address: Address,
    /// The changes it depends on, in address order.
    pub(crate) depends_on: Vec<Address>,
}

/// Every declared object that `changes` do not touch and that refers to one they do, in
/// address order.
pub(crate) fn of(changes: &[Change], desired: &DesiredState) -> Vec<Affected> {
    let changed: BTreeSet<&Address> = changes.iter().map(|c| &c.address).collect();
    desired
        .objects
        .iter()
        .filter(|(address, _)| !changed.contains(address))
        .filter_map(|(address, entry)| {
            let depends_on: BTreeSet<Address> = entry
                .object
                .references()
                .into_iter()
                .filter(|r| r != address && !is_container(r.kind) && changed.contains(r))
                .collect();
            (!depends_on.is_empty()).then(|| Affected {
                address: address.clone(),
                depends_on: depends_on.into_iter().collect(),
            })
        })
        .collect()
}

/// Kinds that contain other objects: a reference to one is containment, not use.
fn is_container(kind: Kind) -> bool {
    matches!(kind, Kind::Database | Kind::Schema)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::view::View;
    use crate::model::identifier::ObjectName;
    use crate::model::state::{DesiredObject, Origin};
    use crate::model::{Object, Resource};
    use crate::plan::{Action, Tier};
    use crate::sql::CanonicalSql;

    fn view(name: &str, selects_from: &[Address]) -> Object {
        Object::View(View {
            name: ObjectName::parse(name).unwrap(),
            query: CanonicalSql::new("select 1"),
            secure: false,
            comment: None,
            selects_from: selects_from.to_vec().into(),
            row_access_policy: None,
            tags: None,
            data_quality: None,
            columns: Vec::new(),
        })
    }

    #[test]
    fn unchanged_direct_dependents_are_listed_without_containment() {
        let table = Address::new(Kind::Table, "DB.S.T");
        let schema = Address::new(Kind::Schema, "DB.S");
        let mut desired = DesiredState::default();
        for object in [
            view("DB.S.ON_T", std::slice::from_ref(&table)),
            view("DB.S.ON_VIEW", &[Address::new(Kind::View, "DB.S.ON_T")]),
            view("DB.S.CHANGED", std::slice::from_ref(&table)),
            view("DB.S.ALONE", &[]),
        ] {
            desired.objects.insert(
                object.address(),
                DesiredObject {
                    object,
                    lifecycle: Default::default(),
                    owner: None,
                    origin: Origin {
                        file: "schema/s.toml".into(),
                        line: 1,
                        column: 1,
                    },
                },
            );
        }
        let changes = vec![
            Change::new(table.clone(), Action::Replace, Tier::Rebuild),
            Change::new(schema, Action::Update, Tier::Safe),
            Change::new(
                Address::new(Kind::View, "DB.S.CHANGED"),
                Action::Update,
                Tier::Safe,
            ),
        ];
        // ON_VIEW depends on the table only through ON_T, and every view is in the
        // changed schema: neither makes it affected.
        assert_eq!(
            of(&changes, &desired),
            vec![Affected {
                address: Address::new(Kind::View, "DB.S.ON_T"),
                depends_on: vec![table],
            }]
        );
    }
}
