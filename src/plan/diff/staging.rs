//! Diffs of the loading kinds: file formats and stages. Both alter in place except a file
//! format's type, which Snowflake cannot change (the format is replaced; stages and COPY
//! statements name it, so they keep working).

use super::edits::Edits;
use super::{DiffError, comment};
use crate::model::Object;
use crate::model::file_format::FileFormat;
use crate::model::stage::Stage;
use crate::providers::snowflake::ddl::{self, stage::StageChange};

pub(crate) fn file_format(live: &FileFormat, desired: &FileFormat) -> Result<Edits, DiffError> {
    let mut e = Edits::default();
    let object = Object::FileFormat(desired.clone());
    if e.compare("type", &live.format_type, &desired.format_type) {
        e.replace("Snowflake cannot change a file format's type");
        e.sql(ddl::replace(&object)?);
        return Ok(e);
    }
    let names = live
        .options
        .keys()
        .chain(desired.options.keys())
        .collect::<std::collections::BTreeSet<_>>();
    for name in names {
        let (before, after) = (live.options.get(name), desired.options.get(name));
        if before != after {
            let show =
                |v: Option<&crate::model::file_format::OptionValue>| v.map(|v| v.to_sql(name));
            e.attribute(format!("options.{name}"), show(before), show(after));
            e.sql(ddl::file_format::set_option(
                &desired.name,
                desired.format_type,
                name,
                after,
            )?);
        }
    }
    comment(&mut e, &live.comment, &desired.comment, &object)?;
    Ok(e)
}

pub(crate) fn stage(live: &Stage, desired: &Stage) -> Result<Edits, DiffError> {
    let mut e = Edits::default();
    let object = Object::Stage(desired.clone());
    let alter = |change| ddl::stage::alter(&desired.name, &change);
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
        e.sql(ddl::replace(&object)?);
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
