//! The schema diff: everything but transience is altered in place.

use super::Schema;
use super::ddl;
use crate::kinds::ddl::replace;
use crate::model::Object;
use crate::plan::Tier;
use crate::plan::diff::{DiffError, Edits, comment};

pub(crate) fn diff(live: &Schema, desired: &Schema) -> Result<Edits, DiffError> {
    let mut e = Edits::default();
    let object = Object::Schema(desired.clone());
    if e.compare("transient", &live.transient, &desired.transient) {
        e.replace("Snowflake cannot change whether a schema is transient: it is recreated");
        e.raise(
            Tier::Destructive,
            "recreating a schema drops everything in it",
        );
        e.sql(replace(&object)?);
        return Ok(e);
    }
    if e.compare(
        "managed_access",
        &live.managed_access,
        &desired.managed_access,
    ) {
        e.sql(ddl::set_managed_access(
            &desired.name,
            desired.managed_access,
        ));
    }
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
