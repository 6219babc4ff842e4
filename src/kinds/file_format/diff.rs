//! The file format diff: options and the comment are altered in place; the type cannot be
//! (the format is replaced; stages and COPY statements name it, so they keep working).

use super::ddl;
use super::{FileFormat, OptionValue};
use crate::kinds::ddl::replace;
use crate::model::Object;
use crate::plan::diff::{DiffError, Edits, comment};

pub(crate) fn diff(live: &FileFormat, desired: &FileFormat) -> Result<Edits, DiffError> {
    let mut e = Edits::default();
    let object = Object::FileFormat(desired.clone());
    if e.compare("type", &live.format_type, &desired.format_type) {
        e.replace("Snowflake cannot change a file format's type");
        e.sql(replace(&object)?);
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
            let show = |v: Option<&OptionValue>| v.map(|v| v.to_sql(name));
            e.attribute(format!("options.{name}"), show(before), show(after));
            e.sql(ddl::set_option(
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
