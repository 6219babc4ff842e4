//! `[[warehouse]]` → `model::warehouse::Warehouse`. Omitted keys take Snowflake's
//! defaults: size XSMALL, auto-resume on, not initially suspended.

use crate::config::schema_file::RawWarehouse;
use crate::model::warehouse::{Warehouse, WarehouseSize};

use super::{Ctx, Declared, common_keys};

pub(crate) fn resolve(raw: RawWarehouse, ctx: &mut Ctx<'_>) -> Option<Declared> {
    let name = ctx.ident(&raw.name, "warehouse");
    let size = match &raw.size {
        None => Some(WarehouseSize::XSmall),
        Some(size) => WarehouseSize::parse(size.get_ref())
            .map_err(|e| {
                ctx.error(size, e.to_string());
            })
            .ok(),
    };
    let warehouse = Warehouse {
        name: name?,
        size: size?,
        auto_suspend: raw.auto_suspend,
        auto_resume: raw.auto_resume.unwrap_or(true),
        initially_suspended: raw.initially_suspended,
        comment: raw.comment.clone(),
    };
    Some(ctx.declare(warehouse, common_keys!(raw)))
}
