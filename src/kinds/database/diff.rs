//! The database diff: everything but transience is altered in place.

use super::Database;
use super::ddl;
use crate::kinds::ddl::replace;
use crate::model::Object;
use crate::plan::Tier;
use crate::plan::diff::{DiffError, Edits, comment};

pub(crate) fn diff(live: &Database, desired: &Database) -> Result<Edits, DiffError> {
    let mut e = Edits::default();
    let object = Object::Database(desired.clone());
    if e.compare("transient", &live.transient, &desired.transient) {
        e.replace("Snowflake cannot change whether a database is transient: it is recreated");
        e.raise(
            Tier::Destructive,
            "recreating a database drops everything in it",
        );
        e.sql(replace(&object)?);
        return Ok(e);
    }
    // An unset retention leaves the account's default alone.
    if desired.data_retention_days.is_some()
        && e.compare_option(
            "data_retention_days",
            &live.data_retention_days,
            &desired.data_retention_days,
        )
    {
        e.sql(ddl::set_data_retention_days(
            &desired.name,
            desired.data_retention_days,
        ));
    }
    comment(&mut e, &live.comment, &desired.comment, &object)?;
    Ok(e)
}
