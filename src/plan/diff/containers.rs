//! Changes that destroy a whole schema or database, made so that nothing inside is lost
//! unseen or without a copy.
//!
//! Two changes destroy a container with everything in it:
//!
//! * **replace**: Snowflake cannot change whether a schema or database is transient; the
//!   only way is `CREATE OR REPLACE [TRANSIENT] SCHEMA|DATABASE`
//!   (https://docs.snowflake.com/en/sql-reference/sql/create-schema), which drops what
//!   the container holds;
//! * **prune**: with `prune = true` an undeclared schema is dropped, and `DROP SCHEMA`
//!   drops what it holds (https://docs.snowflake.com/en/sql-reference/sql/drop-schema).
//!
//! For both, the change is destructive and its reasons list every live object inside
//! that it destroys. Apply first takes a zero-copy clone `<name>_BACKUP_<yyyymmddhhmmss>`
//! (https://docs.snowflake.com/en/sql-reference/sql/create-clone), which holds the tables
//! with their rows and the other objects Snowflake clones with a container; the apply
//! report names it. A prune drop takes it when the environment's `backup` is on, as table
//! drops do. A replace always takes it, even with `backup = false`: it is where the rows
//! come back from.
//!
//! **After a replace, the declared contents come back in the same apply.** Every
//! declared object inside is created again from its definition (ordered after the
//! container by its references), and every declared table that existed gets its rows
//! copied back from the clone (`CREATE OR REPLACE TABLE` then `INSERT … SELECT`, tier
//! `rebuild`, renames and casts as in a table rebuild). Rows are copied, not cloned back,
//! because Snowflake does not clone a transient table into a permanent one, and a flip
//! can go either way. Streams come back with a fresh offset (destructive, as any stream
//! replace); changes they had not yet delivered are in the clone's streams. Undeclared
//! objects inside are listed as destroyed and survive only in the clone.
//!
//! **Why the container is replaced at all**, rather than built under a scratch name and
//! swapped in (`ALTER SCHEMA … SWAP WITH`): the declared definitions name their objects
//! fully qualified (a view's query, a stream's table, a task's body and predecessors),
//! so they cannot be created inside a container of another name without rewriting them.
//! Between the replace and the restores, the container's tables are missing; the task
//! graphs inside are suspended for the whole apply.

use std::collections::BTreeSet;

use super::{DiffError, check_prevent_destroy, rename_source};
use crate::kinds::ddl;
use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::model::{Address, DesiredObject, DesiredState, Kind, LiveState, Object, Resource};
use crate::plan::change::{Action, Change, Step, Tier};
use crate::plan::diff::Settings;

/// A schema or database whose change destroys what it holds.
#[derive(Clone, Debug)]
enum Holder {
    Schema(SchemaName),
    Database(Ident),
}

impl Holder {
    fn of(object: &Object) -> Option<Holder> {
        match object {
            Object::Schema(s) => Some(Holder::Schema(s.name.clone())),
            Object::Database(d) => Some(Holder::Database(d.name.clone())),
            _ => None,
        }
    }

    fn noun(&self) -> &'static str {
        match self {
            Holder::Schema(_) => "schema",
            Holder::Database(_) => "database",
        }
    }

    /// Whether `object` is inside this container (a database holds its schemas too).
    fn holds(&self, object: &Object) -> bool {
        match self {
            Holder::Schema(s) => object.schema().as_ref() == Some(s),
            Holder::Database(d) => match object {
                Object::Schema(s) => &s.name.database == d,
                other => other.schema().is_some_and(|s| &s.database == d),
            },
        }
    }

    /// The backup clone taken at `at`, as a name to report, and its statement.
    fn backup(&self, live: &Object, at: jiff::Timestamp) -> Option<(Backup, String)> {
        match live {
            Object::Schema(s) => {
                let (name, statement) = crate::kinds::schema::ddl::backup(s, at);
                Some((Backup::Schema(name), statement))
            }
            Object::Database(d) => {
                let (name, statement) = crate::kinds::database::ddl::backup(d, at);
                Some((Backup::Database(name), statement))
            }
            _ => None,
        }
    }
}

/// A container's backup clone.
#[derive(Clone, Debug)]
enum Backup {
    Schema(SchemaName),
    Database(Ident),
}

impl Backup {
    /// Where the clone holds `name`, an object of the cloned container.
    fn copy_of(&self, name: &ObjectName) -> ObjectName {
        match self {
            Backup::Schema(schema) => ObjectName::new(schema, name.name.clone()),
            Backup::Database(database) => ObjectName {
                database: database.clone(),
                schema: name.schema.clone(),
                name: name.name.clone(),
            },
        }
    }
}

impl std::fmt::Display for Backup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Backup::Schema(s) => write!(f, "{s}"),
            Backup::Database(d) => write!(f, "{d}"),
        }
    }
}

/// Makes every change that replaces or drops a schema or database list what it destroys
/// and clone it first, and brings a replaced container's declared contents back.
pub(super) fn protect(
    changes: &mut Vec<Change>,
    desired: &DesiredState,
    live: &LiveState,
    settings: &Settings,
) -> Result<(), DiffError> {
    // Databases first: a schema inside a replaced database is recreated with it, and
    // needs no clone of its own.
    let mut containers: Vec<Address> = changes
        .iter()
        .filter(|c| matches!(c.action, Action::Replace | Action::Drop))
        .filter(|c| matches!(c.address.kind, Kind::Database | Kind::Schema))
        .map(|c| c.address.clone())
        .collect();
    containers.sort_by_key(|a| a.kind != Kind::Database);
    let mut recreated: BTreeSet<Address> = BTreeSet::new();
    for address in containers {
        if recreated.contains(&address) {
            continue;
        }
        let Some(current) = live.objects.get(&address) else {
            continue;
        };
        let Some(holder) = Holder::of(current) else {
            continue;
        };
        let Some(index) = changes.iter().position(|c| c.address == address) else {
            continue;
        };
        let replace = changes[index].action == Action::Replace;
        let destroyed: BTreeSet<Address> = live
            .objects
            .values()
            .filter(|o| holder.holds(o))
            .map(Resource::address)
            .collect();
        let change = &mut changes[index];
        change.tier = Tier::Destructive;
        change.reasons.push(destroyed_reason(&holder, &destroyed));
        let backup = if replace || settings.backup {
            holder.backup(current, settings.now)
        } else {
            None
        };
        if let Some((name, statement)) = &backup {
            change.reasons.push(format!(
                "a zero-copy clone {name} of the {} is taken first",
                holder.noun()
            ));
            change.steps.insert(0, Step::sql(statement.clone()));
        }
        // Drops inside the container are done by the container's own change.
        changes.retain(|c| {
            !(c.action == Action::Drop && destroyed.contains(&c.address) && c.address != address)
        });
        if let (true, Some((backup, _))) = (replace, backup) {
            restore_contents(
                changes,
                (desired, live),
                settings,
                &holder,
                (&address, &backup),
                &mut recreated,
            )?;
        }
    }
    Ok(())
}

/// "it holds 3 objects, all dropped with it: table DB.S.A, view DB.S.V, …".
fn destroyed_reason(holder: &Holder, destroyed: &BTreeSet<Address>) -> String {
    if destroyed.is_empty() {
        return format!("the {} holds nothing that would be dropped", holder.noun());
    }
    let list: Vec<String> = destroyed.iter().map(ToString::to_string).collect();
    format!(
        "the {} holds {} object(s), all dropped with it: {}",
        holder.noun(),
        destroyed.len(),
        list.join(", ")
    )
}

/// Replaces the changes of every declared object inside a replaced container by one that
/// creates it again (and copies a table's rows back from `backup`).
fn restore_contents(
    changes: &mut Vec<Change>,
    (desired, live): (&DesiredState, &LiveState),
    settings: &Settings,
    holder: &Holder,
    (container, backup): (&Address, &Backup),
    recreated: &mut BTreeSet<Address>,
) -> Result<(), DiffError> {
    for (address, entry) in &desired.objects {
        if address == container || !holder.holds(&entry.object) {
            continue;
        }
        let source = live
            .objects
            .get(address)
            .or_else(|| rename_source(entry, live).map(|(_, o)| o));
        // An object renamed into the container from elsewhere keeps its rename, which
        // runs once the container exists again.
        if let Some(source) = source
            && !holder.holds(source)
        {
            continue;
        }
        let mut change = recreate(entry, source, holder, container, backup)?;
        // The new object is the deploying role's, as any creation: given to its declared
        // owner (`kinds::owner`). Its grants come back with the roles' changes
        // (`States::set_recreated`).
        change.steps.extend(crate::kinds::owner::after_create(
            entry,
            settings,
            (desired, live),
            &mut change.reasons,
        )?);
        check_prevent_destroy(&change, entry)?;
        changes.retain(|c| &c.address != address);
        recreated.insert(address.clone());
        changes.push(change);
    }
    Ok(())
}

fn recreate(
    entry: &DesiredObject,
    source: Option<&Object>,
    holder: &Holder,
    container: &Address,
    backup: &Backup,
) -> Result<Change, DiffError> {
    let object = &entry.object;
    let noun = holder.noun();
    let (action, tier, steps, reason) = match (object, source) {
        (Object::Table(table), Some(Object::Table(previous))) => {
            let copy = backup.copy_of(&previous.name);
            let statements = crate::kinds::table::rebuild::restore(
                previous,
                table,
                &entry.lifecycle.column_renames,
                &copy,
            );
            (
                Action::Replace,
                Tier::Rebuild,
                statements.into_iter().map(Step::sql).collect(),
                format!(
                    "its {noun} is recreated: the table is created again and its rows are copied back from the backup clone {copy}"
                ),
            )
        }
        (Object::Stream(_), Some(_)) => (
            Action::Replace,
            Tier::Destructive,
            vec![Step::sql(ddl::replace(object)?)],
            format!(
                "its {noun} is recreated: the stream is created again with a new offset; changes it had not delivered are in the backup clone {backup}"
            ),
        ),
        (_, Some(_)) => (
            Action::Replace,
            Tier::Safe,
            vec![Step::sql(ddl::replace(object)?)],
            format!("its {noun} is recreated: it is created again from its declared definition"),
        ),
        (_, None) => (
            Action::Create,
            Tier::Safe,
            vec![Step::sql(ddl::replace(object)?)],
            format!("created in the recreated {noun}"),
        ),
    };
    let mut change = Change::new(object.address(), action, tier);
    change.reasons.push(reason);
    change.steps = steps;
    change.depends_on = object.references();
    change.caused_by = Some(container.clone());
    Ok(change)
}
