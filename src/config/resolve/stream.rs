//! `[[stream]]` → `model::stream::Stream`; the table is read relative to the stream's
//! own schema.

use crate::config::names::NameScope;
use crate::config::schema_file::RawStream;
use crate::model::stream::Stream;
use crate::model::{Address, Kind};

use super::{Ctx, Declared, common_keys};

pub(crate) fn resolve(raw: RawStream, ctx: &mut Ctx<'_>) -> Option<Declared> {
    let scope = ctx.scope.clone();
    let name = ctx.object_name(&raw.name, &scope, "stream")?;
    let on_table = ctx.object_name(&raw.on_table, &NameScope::of(&name.schema_name()), "table")?;
    let site = (
        Address::new(Kind::Table, &on_table),
        ctx.locate(&raw.on_table),
    );
    let stream = Stream {
        name,
        on_table,
        append_only: raw.append_only,
        comment: raw.comment.clone(),
    };
    let mut declared = ctx.declare(stream, common_keys!(raw));
    declared.sites.insert(site.0, site.1);
    Some(declared)
}
