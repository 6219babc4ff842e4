//! `[[schema]]` → `Schema` (the kind's model).

use crate::kinds::schema::Schema;

use crate::config::resolve::{Ctx, Declared, common_keys};

// The `[[schema]]` entry as serde reads it (unknown keys refused).
crate::config::schema_file::object_entry! {
    /// `[[schema]]`: named `DB.SCHEMA`, or `SCHEMA` under `[defaults] database`.
    RawSchema {
        #[serde(default)]
        transient: bool,
        #[serde(default)]
        managed_access: bool,
        #[serde(default)]
        data_retention_days: Option<u32>,
    }
}

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
