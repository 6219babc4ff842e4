//! TEMPORARY tables, stages and file formats
//! (https://docs.snowflake.com/en/sql-reference/sql/create-table#temporary-tables,
//! https://docs.snowflake.com/en/sql-reference/sql/create-stage,
//! https://docs.snowflake.com/en/sql-reference/sql/create-file-format): an object marked
//! temporary, remembered by the session that created it and dropped when that session
//! ends. Over the SQL API every request is its own session, so a temporary object lives
//! for the statements of one request.
//!
//! Not emulated: a temporary object shadowing a permanent one of the same name (the
//! sandbox keeps one object per name, so the CREATE fails as for any existing name).

use crate::model::identifier::ObjectName;
use crate::sandbox::catalog::{Catalog, FileFormat, SchemaObject, Stage, Table};
use crate::sandbox::statement::ObjectNoun;

/// The id of the `kind` object named `name`, if it exists.
pub(super) fn object_id(catalog: &Catalog, kind: ObjectNoun, name: &ObjectName) -> Option<u64> {
    fn id<T: SchemaObject>(catalog: &Catalog, name: &ObjectName) -> Option<u64> {
        catalog.find::<T>(name).map(|o| o.meta().id)
    }
    match kind {
        ObjectNoun::Table => id::<Table>(catalog, name),
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
    purge::<Table>(catalog, name, id)
        || purge::<Stage>(catalog, name, id)
        || purge::<FileFormat>(catalog, name, id)
}
