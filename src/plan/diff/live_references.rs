//! What a live object refers to, for ordering drops. Introspection leaves a live view's
//! `selects_from` empty (it reads objects, not their queries' meaning), so the relations a
//! live view's query names are resolved here against the live state: a view must go, or be
//! re-pointed, before the table it selects from is dropped (a dynamic table's likewise). Not used for desired objects,
//! whose references the configuration has already resolved.

use crate::config::names::NameScope;
use crate::config::references::RELATION_KINDS;
use crate::model::{Address, LiveState, Object, Resource};
use crate::sql::references::relations;

/// `object`'s references, plus — for a view — the live tables, views and streams its query
/// selects from. A query that does not lex adds nothing (the view is then ordered by its
/// other references only).
pub(super) fn live_references(object: &Object, live: &LiveState) -> Vec<Address> {
    let mut references = object.references();
    let (name, query) = match object {
        Object::View(view) => (&view.name, &view.query),
        Object::DynamicTable(table) => (&table.name, &table.query),
        _ => return references,
    };
    let scope = NameScope::of(&name.schema_name());
    let Ok(found) = relations(query.text()) else {
        return references;
    };
    for parts in found {
        let Some(name) = scope.complete(&parts) else {
            continue;
        };
        let address = RELATION_KINDS
            .iter()
            .map(|kind| Address::new(*kind, &name))
            .find(|a| live.objects.contains_key(a));
        if let Some(address) = address.filter(|a| !references.contains(a)) {
            references.push(address);
        }
    }
    references
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::table::{Column, Table};
    use crate::kinds::view::View;
    use crate::model::Kind;
    use crate::model::identifier::ObjectName;
    use crate::sql::CanonicalSql;

    fn table(name: &str) -> Object {
        Object::Table(Table {
            name: ObjectName::parse(name).unwrap(),
            columns: vec![Column {
                name: crate::model::identifier::Ident::parse("ID").unwrap(),
                data_type: crate::model::data_type::DataType::parse("INT").unwrap(),
                nullable: true,
                default: None,
                comment: None,
                masking_policy: None,
                masking_using: Vec::new(),
                tags: None,
            }],
            transient: false,
            cluster_by: vec![],
            change_tracking: false,
            comment: None,
            row_access_policy: None,
            tags: None,
            data_quality: None,
        })
    }

    #[test]
    fn a_live_view_refers_to_the_live_relations_its_query_names() {
        let mut live = LiveState::default();
        for object in [table("DB.S.ORDERS"), table("DB.OTHER.RATES")] {
            live.objects.insert(object.address(), object);
        }
        let view = Object::View(View {
            name: ObjectName::parse("DB.S.V").unwrap(),
            query: CanonicalSql::new(
                "select * from orders o join other.rates r on o.id = r.id join DB.S.GONE g on 1 = 1",
            ),
            secure: false,
            comment: None,
            selects_from: Default::default(),
            row_access_policy: None,
            tags: None,
            data_quality: None,
            columns: Vec::new(),
        });
        let references = live_references(&view, &live);
        assert!(references.contains(&Address::new(Kind::Table, "DB.S.ORDERS")));
        assert!(references.contains(&Address::new(Kind::Table, "DB.OTHER.RATES")));
        assert!(!references.iter().any(|a| a.name == "DB.S.GONE"));
    }
}
