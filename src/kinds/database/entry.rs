//! `[[database]]` → `Database` (the kind's model).

use crate::kinds::database::Database;

use crate::config::resolve::{Ctx, Declared, common_keys};

// The `[[database]]` entry as serde reads it (unknown keys refused).
crate::config::schema_file::object_entry! {
    /// `[[database]]`.
    RawDatabase {
        #[serde(default)]
        transient: bool,
        #[serde(default)]
        data_retention_days: Option<u32>,
    }
}

pub(crate) fn resolve(raw: RawDatabase, ctx: &mut Ctx<'_>) -> Option<Declared> {
    let name = ctx.ident(&raw.name, "database")?;
    let database = Database {
        name,
        transient: raw.transient,
        data_retention_days: raw.data_retention_days,
        comment: raw.comment.clone(),
    };
    Some(ctx.declare(database, common_keys!(raw)))
}
