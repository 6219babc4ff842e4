//! The diff: desired against live, object by object, into changes.
//!
//! Each kind's `diff` module (`crate::kinds::<key>::diff`, reached through
//! [`Object::diff`]) knows which of its attributes Snowflake (or Azure) can change in
//! place and which force a replacement, and picks the tier; this module matches objects
//! (by address, or through `renamed_from`), decides creations and drops (drops only of
//! unmanaged objects, and only with `prune = true` — see [`super::scope`]), enforces
//! `prevent_destroy`, adds the changes that others make necessary (a rebuilt table's
//! streams are recreated; a replaced schema's contents are cloned first and restored, see
//! [`containers`]), and records what each change must wait for.

mod containers;
mod edits;
mod live_references;

use std::collections::{BTreeMap, BTreeSet};

pub(crate) use edits::Edits;

use super::change::{Action, Change, Step, Tier};
use super::scope::ManagedScope;
use crate::kinds::DiffCx;
use crate::kinds::ddl::{self, DdlError};
use crate::kinds::owner;
use crate::kinds::role::grant::States;
use crate::model::identifier::ObjectName;
use crate::model::{Address, DesiredObject, DesiredState, Kind, LiveState, Object, Resource};
use crate::providers::adls::Namespace;

/// Environment settings that shape the diff.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Drop unmanaged objects in managed databases/schemas.
    pub prune: bool,
    /// Take a zero-copy clone of a table before a change that loses its data.
    pub backup: bool,
    /// The time used to name backups.
    pub now: jiff::Timestamp,
    /// The lake account's namespace kind, for describing REST calls.
    pub namespace: Namespace,
    /// The container holding apply-lock leases: lakeform's own, never unmanaged.
    pub lock_container: String,
    /// The role the environment's session runs as (`[snowflake] role`), which owns what
    /// it creates; `None` when the environment names none (the user's default role).
    pub deploy_role: Option<crate::model::identifier::Ident>,
}

#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error(transparent)]
    Ddl(#[from] DdlError),
    #[error(
        "{address} (declared at {origin}) has prevent_destroy = true, but this plan would {action} it: {reasons}. Change the desired state, or remove prevent_destroy first"
    )]
    PreventDestroy {
        address: Address,
        origin: String,
        action: Action,
        reasons: String,
    },
}

/// The changes of a diff (unordered), and the unmanaged objects it leaves alone.
#[derive(Debug, Default)]
pub(crate) struct Diff {
    pub(crate) changes: Vec<Change>,
    pub(crate) unmanaged: Vec<Address>,
    pub(crate) unmanaged_grants: Vec<crate::kinds::role::unmanaged::UnmanagedGrant>,
}

pub(crate) fn diff(
    desired: &DesiredState,
    live: &LiveState,
    settings: &Settings,
) -> Result<Diff, DiffError> {
    let mut context = Context {
        settings,
        streamed: streamed_tables(desired),
        states: States::new(desired, live),
    };
    let mut result = Diff::default();
    let mut renamed_away: BTreeSet<Address> = BTreeSet::new();

    // Roles are diffed last: their grants on an object the plan recreates without them
    // are granted again, and which objects those are is known once everything else is
    // planned (`States::set_recreated`).
    let roles_last = |a: &Address| matches!(a.kind, Kind::Role | Kind::DatabaseRole);
    for (address, entry) in desired.objects.iter().filter(|(a, _)| !roles_last(a)) {
        if let Some(change) = diff_entry(address, entry, &context, &mut renamed_away)? {
            result.changes.push(change);
        }
    }

    // A role renamed by its declaration is not a leftover, though its change comes later.
    for (address, entry) in desired.objects.iter().filter(|(a, _)| roles_last(a)) {
        if !live.objects.contains_key(address)
            && let Some((previous, _)) = rename_source(entry, live)
        {
            renamed_away.insert(previous);
        }
    }

    let scope = ManagedScope::of(desired);
    let leftovers: Vec<&Object> = live
        .objects
        .iter()
        .filter(|(a, o)| {
            !desired.objects.contains_key(*a)
                && !renamed_away.contains(a)
                && scope.contains(o)
                && !is_lock_container(o, &settings.lock_container)
        })
        .map(|(_, o)| o)
        .collect();
    let dropped_parents: BTreeSet<Address> = if settings.prune {
        leftovers
            .iter()
            .filter(|o| o.kind() == crate::model::Kind::Schema)
            .map(|o| o.address())
            .collect()
    } else {
        BTreeSet::new()
    };
    for object in leftovers {
        let address = object.address();
        if !settings.prune {
            result.unmanaged.push(address);
            continue;
        }
        // A schema drop takes its contents with it.
        if object
            .references()
            .iter()
            .any(|r| dropped_parents.contains(r))
        {
            continue;
        }
        result.changes.push(drop(object, settings)?);
    }

    super::leftovers::adjust_rebuilds(&mut result.changes, desired, live, settings.now);
    containers::protect(&mut result.changes, desired, live, settings)?;
    recreate_streams_of_rebuilt_tables(&mut result.changes, desired, live)?;
    context
        .states
        .set_recreated(recreated_without_grants(&result.changes));
    for (address, entry) in desired.objects.iter().filter(|(a, _)| roles_last(a)) {
        if let Some(change) = diff_entry(address, entry, &context, &mut renamed_away)? {
            result.changes.push(change);
        }
    }

    let (unmanaged_grants, revokes) =
        crate::kinds::role::unmanaged::diff(desired, live, settings, &result.changes);
    result.unmanaged_grants = unmanaged_grants;
    result.changes.extend(revokes);
    wait_for_drops(&mut result.changes, live);
    wait_for_replaced_policies(&mut result.changes, live);
    grants_in_order(&mut result.changes, desired, live);
    owner::wait_for_new_owners(&mut result.changes, desired)?;
    Ok(result)
}

/// The change one declared object needs: compared with its live form (or the live object
/// it is renamed from), or created; `None` when nothing differs.
fn diff_entry(
    address: &Address,
    entry: &DesiredObject,
    context: &Context,
    renamed_away: &mut BTreeSet<Address>,
) -> Result<Option<Change>, DiffError> {
    let (desired, live) = (context.states.desired, context.states.live);
    let settings = context.settings;
    let change = if let Some(current) = live.objects.get(address) {
        let mut edits = compare(current, entry, context)?;
        owner::compare(
            live.owners.get(address),
            entry,
            settings,
            (desired, live),
            &mut edits,
        )?;
        (!edits.is_empty() || !edits.steps.is_empty()).then(|| change_from(address, edits))
    } else if let Some((previous_address, previous)) = rename_source(entry, live) {
        let mut change = rename(previous, entry, context)?;
        let mut edits = Edits::default();
        owner::compare(
            live.owners.get(&previous_address),
            entry,
            settings,
            (desired, live),
            &mut edits,
        )?;
        change.attributes.append(&mut edits.attributes);
        change.reasons.append(&mut edits.reasons);
        change.steps.append(&mut edits.steps);
        renamed_away.insert(previous_address);
        Some(change)
    } else {
        let mut change = create(entry, settings)?;
        change.steps.extend(owner::after_create(
            entry,
            settings,
            (desired, live),
            &mut change.reasons,
        )?);
        Some(change)
    };
    let Some(mut change) = change else {
        return Ok(None);
    };
    change.depends_on = entry.object.references();
    check_prevent_destroy(&change, entry)?;
    Ok(Some(change))
}

/// The objects the changes replace by a statement that does not keep their grants: every
/// `Replace` of a kind whose replacement has no COPY GRANTS
/// ([`Kind::replace_copies_grants`](crate::model::Kind::replace_copies_grants)). Snowflake
/// drops a replaced object with its grants
/// (https://docs.snowflake.com/en/sql-reference/sql/create, usage notes), a replaced
/// schema or database everything it holds, and a table rebuilt by `ALTER TABLE … SWAP
/// WITH` has the grants of the table it was built as, none
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-table: "swap renames two
/// tables").
fn recreated_without_grants(changes: &[Change]) -> BTreeSet<Address> {
    changes
        .iter()
        .filter(|c| c.action == Action::Replace && !c.address.kind.replace_copies_grants())
        .map(|c| c.address.clone())
        .collect()
}

fn is_lock_container(object: &Object, lock_container: &str) -> bool {
    matches!(object, Object::Container(c) if c.name == lock_container)
}

/// The live object that `entry` declares it was renamed from, when it still exists under
/// that name and not under the new one.
fn rename_source<'a>(entry: &DesiredObject, live: &'a LiveState) -> Option<(Address, &'a Object)> {
    let from = entry.lifecycle.renamed_from.as_ref()?;
    live.objects
        .get(from)
        .filter(|o| o.kind() == entry.object.kind())
        .map(|o| (from.clone(), o))
}

/// What comparing one object needs to know beyond the object.
struct Context<'a> {
    settings: &'a Settings,
    /// Tables that a desired stream reads.
    streamed: BTreeSet<ObjectName>,
    /// Both states, for what ALL grants reach (indexed once for the whole diff).
    states: States<'a>,
}

fn streamed_tables(desired: &DesiredState) -> BTreeSet<ObjectName> {
    desired
        .objects
        .values()
        .filter_map(|d| match &d.object {
            Object::Stream(s) => Some(s.on_table.clone()),
            _ => None,
        })
        .collect()
}

/// Compares one live object with its desired form.
fn compare(live: &Object, desired: &DesiredObject, context: &Context) -> Result<Edits, DiffError> {
    let cx = DiffCx {
        settings: context.settings,
        lifecycle: &desired.lifecycle,
        streamed: match &desired.object {
            Object::Table(t) => context.streamed.contains(&t.name),
            _ => false,
        },
        states: &context.states,
    };
    Ok(live.diff(&desired.object, &cx)?.unwrap_or_default())
}

fn change_from(address: &Address, edits: Edits) -> Change {
    let mut change = Change::new(address.clone(), edits.action, edits.tier);
    change.reasons = edits.reasons;
    change.attributes = edits.attributes;
    change.steps = edits.steps;
    change
}

fn create(entry: &DesiredObject, settings: &Settings) -> Result<Change, DiffError> {
    let mut change = Change::new(entry.object.address(), Action::Create, Tier::Safe);
    change.steps = entry.object.create_steps(settings)?;
    Ok(change)
}

fn rename(
    previous: &Object,
    entry: &DesiredObject,
    context: &Context,
) -> Result<Change, DiffError> {
    let mut edits = compare(previous, entry, context)?;
    let mut change = Change::new(entry.object.address(), Action::Rename, edits.tier);
    change.attributes.push(super::AttributeChange::new(
        super::Attribute::Name,
        Some(previous.address().name),
        Some(change.address.name.clone()),
    ));
    change.attributes.append(&mut edits.attributes);
    change.reasons = edits.reasons;
    change
        .steps
        .push(Step::sql(ddl::rename(previous, &entry.object)?));
    change.steps.append(&mut edits.steps);
    Ok(change)
}

fn drop(object: &Object, settings: &Settings) -> Result<Change, DiffError> {
    let mut change = Change::new(object.address(), Action::Drop, Tier::Destructive);
    change
        .reasons
        .push("not in the desired state, and the environment sets prune = true".into());
    change.steps = object.drop_steps(settings, &mut change.reasons)?;
    Ok(change)
}

fn check_prevent_destroy(change: &Change, entry: &DesiredObject) -> Result<(), DiffError> {
    if entry.lifecycle.prevent_destroy && change.tier == Tier::Destructive {
        return Err(DiffError::PreventDestroy {
            address: change.address.clone(),
            origin: format!(
                "{}:{}:{}",
                entry.origin.file.display(),
                entry.origin.line,
                entry.origin.column
            ),
            action: change.action,
            reasons: change.reasons.join("; "),
        });
    }
    Ok(())
}

/// A table that is rebuilt is a new object to Snowflake: streams on it go stale. Every
/// desired stream on such a table that is not already being replaced is replaced too.
fn recreate_streams_of_rebuilt_tables(
    changes: &mut Vec<Change>,
    desired: &DesiredState,
    live: &LiveState,
) -> Result<(), DiffError> {
    let rebuilt: BTreeSet<Address> = changes
        .iter()
        .filter(|c| c.address.kind == crate::model::Kind::Table && c.action == Action::Replace)
        .map(|c| c.address.clone())
        .collect();
    let already: BTreeSet<Address> = changes.iter().map(|c| c.address.clone()).collect();
    for entry in desired.objects.values() {
        let Object::Stream(stream) = &entry.object else {
            continue;
        };
        let table = Address::new(crate::model::Kind::Table, &stream.on_table);
        let address = entry.object.address();
        if !rebuilt.contains(&table)
            || already.contains(&address)
            || !live.objects.contains_key(&address)
        {
            continue;
        }
        let mut edits = Edits::default();
        crate::kinds::stream::diff::replace(
            &mut edits,
            &entry.object,
            "its table is rebuilt, which leaves the stream stale",
        )?;
        let mut change = change_from(&address, edits);
        change.caused_by = Some(table.clone());
        change.depends_on = entry.object.references();
        check_prevent_destroy(&change, entry)?;
        changes.push(change);
    }
    Ok(())
}

/// A drop waits for every change to an object that, as it is live, refers to the dropped
/// one (a view is re-pointed before the table it selected from goes).
fn wait_for_drops(changes: &mut [Change], live: &LiveState) {
    let dropped: BTreeSet<Address> = changes
        .iter()
        .filter(|c| c.action == Action::Drop)
        .map(|c| c.address.clone())
        .collect();
    if dropped.is_empty() {
        return;
    }
    let mut waits: BTreeMap<Address, Vec<Address>> = BTreeMap::new();
    for change in changes.iter() {
        let Some(current) = live.objects.get(&change.address) else {
            continue;
        };
        for reference in live_references::live_references(current, live) {
            if dropped.contains(&reference) && reference != change.address {
                waits
                    .entry(reference)
                    .or_default()
                    .push(change.address.clone());
            }
        }
    }
    for change in changes.iter_mut() {
        if let Some(first) = waits.remove(&change.address) {
            change.depends_on.extend(first);
        }
    }
}

/// A table's (or view's) change waits for the replacement of a masking policy set on its
/// live columns, or of its live row access policy: the replacing change removes the policy
/// everywhere first (see `kinds::masking_policy`), and a column or table moving to another
/// policy must get it after that, not before (the removal would take the new one off).
fn wait_for_replaced_policies(changes: &mut [Change], live: &LiveState) {
    use crate::model::Kind;
    let replaced: BTreeSet<Address> = changes
        .iter()
        .filter(|c| {
            matches!(c.address.kind, Kind::MaskingPolicy | Kind::RowAccessPolicy)
                && c.action == Action::Replace
        })
        .map(|c| c.address.clone())
        .collect();
    if replaced.is_empty() {
        return;
    }
    for change in changes.iter_mut() {
        let held: Vec<Address> = match live.objects.get(&change.address) {
            Some(Object::Table(table)) => table
                .columns
                .iter()
                .filter_map(|c| c.masking_policy.as_ref())
                .map(|p| Address::new(Kind::MaskingPolicy, p))
                .chain(
                    table
                        .row_access_policy
                        .iter()
                        .map(|r| Address::new(Kind::RowAccessPolicy, &r.policy)),
                )
                .collect(),
            Some(Object::View(view)) => view
                .row_access_policy
                .iter()
                .map(|r| Address::new(Kind::RowAccessPolicy, &r.policy))
                .collect(),
            _ => continue,
        };
        for address in held {
            if replaced.contains(&address) && !change.depends_on.contains(&address) {
                change.depends_on.push(address);
            }
        }
    }
}

/// Grants run after the objects they reach exist and before the objects they name go:
/// a role's change waits for every change creating or replacing an object that one of its
/// ALL grants reaches (`GRANT … ON ALL TABLES IN SCHEMA s` must see the new tables), and a
/// drop waits for the change of a role holding privileges on the dropped object (its
/// REVOKE must find the object). Changes to objects a grant names directly already wait
/// for them through the role's references.
fn grants_in_order(changes: &mut [Change], desired: &DesiredState, live: &LiveState) {
    use crate::kinds::role::grant::{Target, kind_of};
    let mut waits: BTreeMap<Address, Vec<Address>> = BTreeMap::new();
    for change in changes.iter() {
        let Some(Object::Role(role)) = desired.objects.get(&change.address).map(|d| &d.object)
        else {
            continue;
        };
        for grant in &role.privileges {
            let Target::All(t, container) = &grant.target else {
                continue;
            };
            let Some(kind) = kind_of(*t) else {
                continue;
            };
            for other in changes.iter() {
                // An object the role is to own needs no grant, and its transfer waits for
                // the role: waiting for it too would be a cycle.
                let owned = desired
                    .objects
                    .get(&other.address)
                    .is_some_and(|d| d.owner.as_ref() == Some(&role.name));
                let reached = other.address.kind == kind
                    && !owned
                    && other.action != Action::Drop
                    && crate::model::identifier::split_parts(&other.address.name)
                        .is_ok_and(|parts| container.holds(&parts));
                if reached {
                    waits
                        .entry(change.address.clone())
                        .or_default()
                        .push(other.address.clone());
                }
            }
        }
        if let Some(Object::Role(held)) = live.objects.get(&change.address) {
            for grant in &held.privileges {
                if let Some(named) = grant.target.reference()
                    && changes
                        .iter()
                        .any(|c| c.address == named && c.action == Action::Drop)
                {
                    waits.entry(named).or_default().push(change.address.clone());
                }
            }
        }
    }
    for change in changes.iter_mut() {
        if let Some(mut first) = waits.remove(&change.address) {
            first.retain(|a| !change.depends_on.contains(a));
            first.sort();
            first.dedup();
            change.depends_on.extend(first);
        }
    }
}

/// The comment, which every kind alters in place.
pub(crate) fn comment(
    e: &mut Edits,
    before: &Option<String>,
    after: &Option<String>,
    object: &Object,
) -> Result<(), DiffError> {
    if e.compare_option("comment", before, after) {
        e.sql(ddl::set_comment(object, after.as_deref())?);
    }
    Ok(())
}
