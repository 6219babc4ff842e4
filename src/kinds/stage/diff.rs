//! The stage diff: everything alters in place except turning a stage between internal
//! and external, or removing its integration.

use super::Stage;
use super::ddl::{self, StageChange};
use crate::kinds::ddl::replace;
use crate::model::Object;
use crate::plan::diff::{DiffError, Edits, comment};

pub(crate) fn diff(live: &Stage, desired: &Stage) -> Result<Edits, DiffError> {
    let mut e = Edits::default();
    let object = Object::Stage(desired.clone());
    let alter = |change| ddl::alter(&desired.name, &change);
    let url_changed = e.compare_option("url", &live.url, &desired.url);
    let integration_changed = e.compare_option(
        "storage_integration",
        &live.storage_integration,
        &desired.storage_integration,
    );
    // A stage cannot turn internal ↔ external or drop its integration in place.
    let in_place = match (&desired.url, &desired.storage_integration) {
        (Some(_), Some(_)) => live.url.is_some(),
        (None, None) => live.url.is_none(),
        _ => !(url_changed || integration_changed),
    };
    if (url_changed || integration_changed) && !in_place {
        e.replace("Snowflake cannot turn a stage between internal and external, or remove its integration, in place");
        e.compare_option("file_format", &live.file_format, &desired.file_format);
        e.sql(replace(&object)?);
        return Ok(e);
    }
    if url_changed && let Some(url) = &desired.url {
        e.sql(alter(StageChange::Url(url.clone())));
    }
    if integration_changed && let Some(integration) = &desired.storage_integration {
        e.sql(alter(StageChange::StorageIntegration(integration.clone())));
    }
    if e.compare_option("file_format", &live.file_format, &desired.file_format) {
        e.sql(alter(StageChange::FileFormat(desired.file_format.clone())));
    }
    comment(&mut e, &live.comment, &desired.comment, &object)?;
    Ok(e)
}
