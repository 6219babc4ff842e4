//! Whole-project reference checks: every reference of every declared object must name a
//! declared object or one covered by `external`, and each relation a view or a task
//! selects from is resolved to the declared table, view or stream of that name (and
//! recorded in the view's `selects_from` or the task's `uses`).
//!
//! References are what `Resource::references` reports — the object's own schema and
//! database included — so the checks here and the plan's dependency graph never disagree.

use std::collections::BTreeMap;

use crate::model::identifier::{Ident, split_parts};
use crate::model::{Address, Kind, Object, Resource};

use super::diagnostic::Diagnostic;
use super::external::External;
use super::resolve::Declared;
use super::suggest::nearest;

/// Kinds a query may select from, in the order a name is looked up (tables, views and
/// dynamic tables share one namespace in a schema).
pub(crate) const RELATION_KINDS: [Kind; 4] =
    [Kind::Table, Kind::View, Kind::DynamicTable, Kind::Stream];

pub(crate) fn check(
    declared: &mut [Declared],
    external: &External,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let index: BTreeMap<Address, usize> = declared
        .iter()
        .enumerate()
        .map(|(i, d)| (d.object.address(), i))
        .collect();
    crate::kinds::tag::check_values(declared, &index, diagnostics);
    let mut selects: Vec<(usize, Vec<Address>)> = Vec::new();
    for (i, entry) in declared.iter().enumerate() {
        let own = entry.object.address();
        for target in entry.object.references() {
            if index.contains_key(&target) || external.covers(&target) {
                continue;
            }
            let at = entry.sites.get(&target).unwrap_or(&entry.at).clone();
            let mut d = Diagnostic::at(
                at,
                format!(
                    "{} {} refers to {} {}, which is not declared",
                    noun(own.kind),
                    own.name,
                    noun(target.kind),
                    target.name
                ),
            );
            d = match similar(&index, &target) {
                Some(s) => d.with_help(format!("did you mean {} {s}?", noun(target.kind))),
                None => d.with_help(format!(
                    "declare it with [[{}]], or list it under `external` in the environment file",
                    target.kind.key()
                )),
            };
            diagnostics.push(d);
        }
        let mut found = Vec::new();
        for (relation, at) in &entry.relations {
            let address = RELATION_KINDS
                .iter()
                .map(|kind| Address::new(*kind, relation))
                .find(|a| index.contains_key(a));
            match address {
                Some(a) if a == own => diagnostics.push(Diagnostic::at(
                    at.clone(),
                    format!("{} {} selects from itself", noun(own.kind), own.name),
                )),
                Some(a) => found.push(a),
                None if external.covers(&Address::new(Kind::Table, relation)) => {}
                None => {
                    let mut d = Diagnostic::at(
                        at.clone(),
                        format!(
                            "{} {} selects from {relation}, which is not declared as a table, view or stream",
                            noun(own.kind),
                            own.name
                        ),
                    );
                    let guess = RELATION_KINDS
                        .iter()
                        .find_map(|k| similar(&index, &Address::new(*k, relation)));
                    d = match guess {
                        Some(s) => d.with_help(format!("did you mean {s}?")),
                        None => d.with_help(
                            "declare it, or list it under `external` in the environment file",
                        ),
                    };
                    diagnostics.push(d);
                }
            }
        }
        for (kind, name) in &entry.soft_names {
            let kinds: &[Kind] = match kind {
                Some(kind) => std::slice::from_ref(kind),
                None => &RELATION_KINDS,
            };
            if let Some(address) = kinds
                .iter()
                .map(|kind| Address::new(*kind, name))
                .find(|a| index.contains_key(a) && *a != own)
            {
                found.push(address);
            }
        }
        if !found.is_empty() {
            found.sort();
            found.dedup();
            selects.push((i, found));
        }
    }
    for (i, found) in selects {
        match &mut declared[i].object {
            Object::View(view) => view.selects_from = found.into(),
            Object::DynamicTable(table) => table.selects_from = found.into(),
            Object::Procedure(procedure) => procedure.uses = found.into(),
            Object::NotificationIntegration(integration) => integration.uses = found.into(),
            Object::Task(task) => {
                for address in found {
                    if !task.uses.contains(&address) {
                        task.uses.push(address);
                    }
                }
            }
            Object::Alert(alert) => {
                for address in found {
                    if !alert.uses.contains(&address) {
                        alert.uses.push(address);
                    }
                }
            }
            _ => {}
        }
    }
}

/// How a kind is named in a sentence: "storage integration", "file format".
pub(crate) fn noun(kind: Kind) -> String {
    kind.sql_keyword().to_lowercase()
}

/// A declared object of the same kind, in the same schema, whose own name is similar
/// (comparing whole qualified names would find every object of the schema similar).
fn similar(index: &BTreeMap<Address, usize>, target: &Address) -> Option<String> {
    let split = |name: &str| -> Option<(Vec<Ident>, Ident)> {
        let mut parts = split_parts(name).ok()?;
        let last = parts.pop()?;
        Some((parts, last))
    };
    let (prefix, last) = split(&target.name)?;
    let candidates: Vec<(String, &Address)> = index
        .keys()
        .filter(|a| a.kind == target.kind)
        .filter_map(|a| {
            let (p, l) = split(&a.name)?;
            (p == prefix).then(|| (l.as_str().to_string(), a))
        })
        .collect();
    let best = nearest(last.as_str(), candidates.iter().map(|(l, _)| l.as_str()))?;
    candidates
        .iter()
        .find(|(l, _)| l == best)
        .map(|(_, a)| a.name.clone())
}
