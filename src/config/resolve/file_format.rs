//! `[[file_format]]` → `model::file_format::FileFormat`, options in canonical form.
//!
//! Every option must be one Snowflake documents for the format type, and its value must
//! be what the option takes (a documented keyword, a boolean, a whole number in range, a
//! string, a list of strings): see `model::file_format::option_spec`. Unknown options are
//! errors here, with the nearest option name suggested, rather than at Snowflake.

use std::collections::BTreeSet;

use crate::config::schema_file::{RawFileFormat, RawOptionValue};
use crate::config::suggest::nearest;
use crate::model::file_format::{
    FileFormat, FormatType, OptionValue, canonical_options, option_names, option_spec,
};

use super::{Ctx, Declared, common_keys};

const FORMAT_TYPES: [FormatType; 3] = [FormatType::Csv, FormatType::Json, FormatType::Parquet];

pub(crate) fn resolve(raw: RawFileFormat, ctx: &mut Ctx<'_>) -> Option<Declared> {
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
    let mut seen = BTreeSet::new();
    let mut options = Vec::new();
    for (key, value) in &raw.options {
        let upper = key.get_ref().to_ascii_uppercase();
        let value = match value.get_ref() {
            RawOptionValue::Bool(b) => OptionValue::Bool(*b),
            RawOptionValue::Integer(n) => OptionValue::Integer(*n),
            RawOptionValue::Text(t) => OptionValue::Text(t.clone()),
            RawOptionValue::List(items) => OptionValue::List(items.clone()),
        };
        if upper == "TYPE" {
            ctx.error(
                key,
                "`TYPE` is not an option: set it with the `type` key of the file format",
            );
            valid = false;
            continue;
        }
        if !seen.insert(upper.clone()) {
            ctx.error(
                key,
                format!("option {upper} is set twice (option names ignore case)"),
            );
            valid = false;
            continue;
        }
        // Without a known format type the options cannot be checked; the type's own
        // error is reported above.
        let Some(format_type) = format_type else {
            continue;
        };
        let Some(spec) = option_spec(format_type, &upper) else {
            unknown_option(ctx, key, &upper, format_type);
            valid = false;
            continue;
        };
        if let Err(e) = spec.check(&upper, &value) {
            ctx.error(value_span(&raw, key), format!("invalid file format option: {e}"))
                .help = Some(
                "see formatTypeOptions in https://docs.snowflake.com/en/sql-reference/sql/create-file-format"
                    .into(),
            );
            valid = false;
            continue;
        }
        options.push((upper, value));
    }
    let format_type = format_type?;
    let file_format = FileFormat {
        name: name?,
        format_type,
        options: canonical_options(format_type, options),
        comment: raw.comment.clone(),
    };
    valid.then(|| ctx.declare(file_format, common_keys!(raw)))
}

/// The value of option `key`, for pointing at it.
fn value_span<'a>(
    raw: &'a RawFileFormat,
    key: &'a toml::Spanned<String>,
) -> &'a toml::Spanned<RawOptionValue> {
    &raw.options[key]
}

fn unknown_option(
    ctx: &mut Ctx<'_>,
    key: &toml::Spanned<String>,
    upper: &str,
    format_type: FormatType,
) {
    let elsewhere: Vec<String> = FORMAT_TYPES
        .iter()
        .filter(|t| option_spec(**t, upper).is_some())
        .map(ToString::to_string)
        .collect();
    let help = match nearest(upper, option_names(format_type)) {
        Some(s) => format!("did you mean `{}`?", s.to_ascii_lowercase()),
        None if !elsewhere.is_empty() => format!(
            "{upper} is an option of {} file formats, not {format_type}",
            elsewhere.join(" and ")
        ),
        None => format!(
            "{format_type} file formats take: {}",
            option_names(format_type)
                .map(str::to_ascii_lowercase)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    ctx.error(
        key,
        format!(
            "unknown {format_type} file format option `{}`",
            key.get_ref()
        ),
    )
    .help = Some(help);
}
