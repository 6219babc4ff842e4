//! `[[database]]` → `model::database::Database`.

use crate::config::schema_file::RawDatabase;
use crate::model::database::Database;

use super::{Ctx, Declared, common_keys};

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
