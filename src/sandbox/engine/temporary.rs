//! TEMPORARY tables, views, stages and file formats
//! (https://docs.snowflake.com/en/sql-reference/sql/create-table#temporary-tables,
//! https://docs.snowflake.com/en/sql-reference/sql/create-view,
//! https://docs.snowflake.com/en/sql-reference/sql/create-stage,
//! https://docs.snowflake.com/en/sql-reference/sql/create-file-format): an object marked
//! temporary, remembered by the session that created it and dropped when that session
//! ends. Over the SQL API every request is its own session, so a temporary object lives
//! for the statements of one request.
//!
//! A temporary table may share its name with a permanent one: "you can create a temporary
//! table that has the same name as an existing table in the same schema, effectively
//! hiding the existing table", and "you can create a table that has the same name as an
//! existing temporary table in the same schema; however, the newly-created table is hidden
//! by the temporary table" (https://docs.snowflake.com/en/user-guide/tables-temp-transient,
//! "Potential naming conflicts with other table types"). The sandbox keeps one table per
//! name, so the hidden permanent table waits aside, with its grants, in its schema
//! (`Schema::hidden_tables`) until the temporary one is dropped or its session ends
//! ([`hide_permanent`], [`hide_created`], [`reveal`]). Since every SQL API request is a
//! session here and the catalog is shared, a concurrent request sees the temporary table
//! meanwhile too. The docs are silent on `CREATE OR REPLACE TEMPORARY TABLE` over a
//! permanent table: it hides it here too, never drops it.
//!
//! Not emulated: temporary views, stages and file formats shadowing permanent ones (the
//! CREATE fails as for any existing name).

use crate::model::identifier::{Ident, ObjectName};
use crate::model::privilege::ObjectType;
use crate::sandbox::catalog::access::Grant;
use crate::sandbox::catalog::{Catalog, FileFormat, SchemaObject, Stage, Table, View};
use crate::sandbox::statement::ObjectNoun;

/// Before `CREATE TEMPORARY TABLE name`: a permanent table of that name is set aside with
/// its grants (whether one was, so that a failed CREATE puts it back with [`reveal`]).
pub(super) fn hide_permanent(catalog: &mut Catalog, name: &ObjectName) -> bool {
    let permanent = catalog
        .find::<Table>(name)
        .is_some_and(|t| !t.meta.temporary);
    if !permanent {
        return false;
    }
    let Ok(schema) = catalog.schema_mut(&name.schema_name()) else {
        return false;
    };
    let Some(table) = schema.objects.tables.remove(&name.name) else {
        return false;
    };
    let grants = catalog.take_grants_on(ObjectType::Table, &parts(name));
    if let Ok(schema) = catalog.schema_mut(&name.schema_name()) {
        schema
            .hidden_tables
            .insert(name.name.clone(), (table, grants));
    }
    true
}

/// A session's temporary table taken out of its place, with the grants on it.
pub(super) struct Taken(Table, Vec<Grant>);

/// The full name of a table as grants name it.
fn parts(name: &ObjectName) -> [Ident; 3] {
    [
        name.database.clone(),
        name.schema.clone(),
        name.name.clone(),
    ]
}

/// Before a permanent `CREATE TABLE name` (without OR REPLACE or IF NOT EXISTS): a
/// session's temporary table of that name is taken out, with its grants, while the new
/// table is created, so that the new one can then be hidden behind it ([`hide_created`]).
pub(super) fn take_temporary(catalog: &mut Catalog, name: &ObjectName) -> Option<Taken> {
    let temporary = catalog
        .find::<Table>(name)
        .is_some_and(|t| t.meta.temporary);
    if !temporary {
        return None;
    }
    let table = catalog
        .schema_mut(&name.schema_name())
        .ok()?
        .objects
        .tables
        .remove(&name.name)?;
    let grants = catalog.take_grants_on(ObjectType::Table, &parts(name));
    Some(Taken(table, grants))
}

/// Puts a taken temporary table back in its place, with its grants.
pub(super) fn put_back(catalog: &mut Catalog, name: &ObjectName, taken: Taken) {
    let Taken(table, grants) = taken;
    catalog.take_grants_on(ObjectType::Table, &parts(name));
    if let Ok(schema) = catalog.schema_mut(&name.schema_name()) {
        schema.objects.tables.insert(name.name.clone(), table);
    }
    catalog.access.grants.extend(grants);
}

/// After that CREATE: the new permanent table is hidden, with its grants, and the
/// temporary one is back in its place.
pub(super) fn hide_created(catalog: &mut Catalog, name: &ObjectName, taken: Taken) {
    let grants = catalog.take_grants_on(ObjectType::Table, &parts(name));
    if let Ok(schema) = catalog.schema_mut(&name.schema_name())
        && let Some(created) = schema.objects.tables.remove(&name.name)
    {
        schema
            .hidden_tables
            .insert(name.name.clone(), (created, grants));
    }
    put_back(catalog, name, taken);
}

/// Once no table holds `name` (the temporary one was dropped, or its session ended, or its
/// CREATE failed): the permanent table hidden under it comes back, with its grants.
pub(super) fn reveal(catalog: &mut Catalog, name: &ObjectName) -> bool {
    let Ok(schema) = catalog.schema_mut(&name.schema_name()) else {
        return false;
    };
    if schema.objects.tables.contains_key(&name.name) {
        return false;
    }
    let Some((table, grants)) = schema.hidden_tables.remove(&name.name) else {
        return false;
    };
    schema.objects.tables.insert(name.name.clone(), table);
    // The temporary table's grants go with it.
    catalog.take_grants_on(ObjectType::Table, &parts(name));
    catalog.access.grants.extend(grants);
    true
}

/// The id of the `kind` object named `name`, if it exists.
pub(super) fn object_id(catalog: &Catalog, kind: ObjectNoun, name: &ObjectName) -> Option<u64> {
    fn id<T: SchemaObject>(catalog: &Catalog, name: &ObjectName) -> Option<u64> {
        catalog.find::<T>(name).map(|o| o.meta().id)
    }
    match kind {
        ObjectNoun::Table => id::<Table>(catalog, name),
        ObjectNoun::View => id::<View>(catalog, name),
        ObjectNoun::Stage => id::<Stage>(catalog, name),
        ObjectNoun::FileFormat => id::<FileFormat>(catalog, name),
        _ => None,
    }
}

/// Marks the object temporary; its id.
pub(super) fn mark(catalog: &mut Catalog, kind: ObjectNoun, name: &ObjectName) -> Option<u64> {
    fn mark<T: SchemaObject>(catalog: &mut Catalog, name: &ObjectName) -> Option<u64> {
        let object = catalog.get_mut::<T>(name).ok()?;
        object.meta_mut().temporary = true;
        Some(object.meta().id)
    }
    match kind {
        ObjectNoun::Table => mark::<Table>(catalog, name),
        ObjectNoun::View => mark::<View>(catalog, name),
        ObjectNoun::Stage => mark::<Stage>(catalog, name),
        ObjectNoun::FileFormat => mark::<FileFormat>(catalog, name),
        _ => None,
    }
}

/// Drops the object named `name` if it is still the temporary one with `id` (it may have
/// been dropped or replaced meanwhile); whether anything was dropped.
pub(super) fn purge(catalog: &mut Catalog, name: &ObjectName, id: u64) -> bool {
    fn purge<T: SchemaObject>(catalog: &mut Catalog, name: &ObjectName, id: u64) -> bool {
        let Ok(schema) = catalog.schema_mut(&name.schema_name()) else {
            return false;
        };
        let map = T::map_mut(schema);
        if map.get(&name.name).is_some_and(|o| o.meta().id == id) {
            map.remove(&name.name);
            return true;
        }
        false
    }
    let purged = purge::<Table>(catalog, name, id)
        || purge::<View>(catalog, name, id)
        || purge::<Stage>(catalog, name, id)
        || purge::<FileFormat>(catalog, name, id);
    reveal(catalog, name) || purged
}
