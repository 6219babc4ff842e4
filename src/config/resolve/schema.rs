//! `[[schema]]` → `model::schema::Schema`.

use crate::config::schema_file::RawSchema;
use crate::model::schema::Schema;

use super::{Ctx, Declared, common_keys};

pub(crate) fn resolve(raw: RawSchema, ctx: &mut Ctx<'_>) -> Option<Declared> {
    let scope = ctx.scope.clone();
    let name = ctx.schema_name(&raw.name, &scope)?;
    let schema = Schema {
        name,
        transient: raw.transient,
        managed_access: raw.managed_access,
        data_retention_days: raw.data_retention_days,
        comment: raw.comment.clone(),
    };
    Some(ctx.declare(schema, common_keys!(raw)))
}
