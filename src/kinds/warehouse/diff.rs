//! The warehouse diff: every attribute is altered in place.

use super::Warehouse;
use super::ddl::{self, WarehouseChange};
use crate::model::Object;
use crate::plan::diff::{DiffError, Edits, comment};

pub(crate) fn diff(live: &Warehouse, desired: &Warehouse) -> Result<Edits, DiffError> {
    let mut e = Edits::default();
    let alter = |change| ddl::alter(&desired.name, &change);
    if e.compare("size", &live.size, &desired.size) {
        e.sql(alter(WarehouseChange::Size(desired.size)));
    }
    // An unset auto_suspend leaves Snowflake's default alone; `initially_suspended` only
    // applies at creation and is never reported back.
    if desired.auto_suspend.is_some()
        && e.compare_option("auto_suspend", &live.auto_suspend, &desired.auto_suspend)
    {
        e.sql(alter(WarehouseChange::AutoSuspend(desired.auto_suspend)));
    }
    if e.compare("auto_resume", &live.auto_resume, &desired.auto_resume) {
        e.sql(alter(WarehouseChange::AutoResume(desired.auto_resume)));
    }
    // Like auto_suspend: an undeclared generation is Snowflake's to choose.
    if let Some(generation) = desired.generation
        && e.compare_option("generation", &live.generation, &desired.generation)
    {
        e.sql(alter(WarehouseChange::Generation(generation)));
    }
    comment(
        &mut e,
        &live.comment,
        &desired.comment,
        &Object::Warehouse(desired.clone()),
    )?;
    Ok(e)
}
