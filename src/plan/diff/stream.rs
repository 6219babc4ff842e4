//! The stream diff: only the comment alters in place; anything else replaces the stream,
//! which loses its offset.

use super::edits::Edits;
use super::{DiffError, comment};
use crate::model::Object;
use crate::model::stream::Stream;
use crate::plan::Tier;
use crate::providers::snowflake::ddl;

pub(super) const OFFSET_LOST: &str =
    "the stream's offset is lost: changes not yet consumed are skipped, and it restarts from now";

pub(crate) fn diff(live: &Stream, desired: &Stream) -> Result<Edits, DiffError> {
    let mut e = Edits::default();
    let object = Object::Stream(desired.clone());
    let table_changed = e.compare("on_table", &live.on_table, &desired.on_table);
    let mode_changed = e.compare("append_only", &live.append_only, &desired.append_only);
    if table_changed || mode_changed {
        e.compare_option("comment", &live.comment, &desired.comment);
        replace(
            &mut e,
            &object,
            "Snowflake cannot change a stream's table or mode in place",
        )?;
        return Ok(e);
    }
    comment(&mut e, &live.comment, &desired.comment, &object)?;
    Ok(e)
}

/// Turns `e` into a replacement of the stream `object` for `reason`.
pub(crate) fn replace(e: &mut Edits, object: &Object, reason: &str) -> Result<(), DiffError> {
    e.replace(reason);
    e.raise(Tier::Destructive, OFFSET_LOST);
    e.sql(ddl::replace(object)?);
    Ok(())
}
