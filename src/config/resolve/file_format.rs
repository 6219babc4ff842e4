//! `[[file_format]]` → `model::file_format::FileFormat`, options in canonical form.

use crate::config::schema_file::{RawFileFormat, RawOptionValue};
use crate::model::file_format::{FileFormat, FormatType, OptionValue, canonical_options};

use super::{Ctx, Declared, common_keys};

pub fn resolve(raw: RawFileFormat, ctx: &mut Ctx<'_>) -> Option<Declared> {
    let scope = ctx.scope.clone();
    let name = ctx.object_name(&raw.name, &scope, "file format");
    let format_type = FormatType::parse(raw.format_type.get_ref());
    if format_type.is_none() {
        ctx.error(
            &raw.format_type,
            format!("unknown file format type {:?}", raw.format_type.get_ref()),
        )
        .help = Some("expected one of: CSV, JSON, PARQUET".into());
    }
    let mut valid = true;
    for key in raw.options.keys() {
        if key.get_ref().eq_ignore_ascii_case("type") {
            ctx.error(
                key,
                "`TYPE` is not an option: set it with the `type` key of the file format",
            );
            valid = false;
        }
    }
    let options = raw.options.iter().map(|(key, value)| {
        let value = match value.get_ref() {
            RawOptionValue::Bool(b) => OptionValue::Bool(*b),
            RawOptionValue::Integer(n) => OptionValue::Integer(*n),
            RawOptionValue::Text(t) => OptionValue::Text(t.clone()),
            RawOptionValue::List(items) => OptionValue::List(items.clone()),
        };
        (key.get_ref().clone(), value)
    });
    let format_type = format_type?;
    let file_format = FileFormat {
        name: name?,
        format_type,
        options: canonical_options(format_type, options.collect::<Vec<_>>()),
        comment: raw.comment.clone(),
    };
    valid.then(|| ctx.declare(file_format, common_keys!(raw)))
}
