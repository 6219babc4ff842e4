//! `[[warehouse]]` → `Warehouse` (the kind's model). Omitted keys take Snowflake's
//! defaults: size XSMALL, auto-resume on, not initially suspended.

use toml::Spanned;

use crate::kinds::warehouse::{Generation, Warehouse, WarehouseSize};

use crate::config::resolve::{Ctx, Declared, common_keys};

// The `[[warehouse]]` entry as serde reads it (unknown keys refused).
crate::config::schema_file::object_entry! {
    /// `[[warehouse]]`.
    RawWarehouse {
        /// "XSMALL", "X-Small", "SMALL" … (default XSMALL).
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        size: Option<Spanned<String>>,
        /// Seconds of inactivity before suspending.
        #[serde(default)]
        auto_suspend: Option<u32>,
        #[serde(default)]
        auto_resume: Option<bool>,
        #[serde(default)]
        initially_suspended: bool,
        /// The compute generation of a standard warehouse: "1" or "2" (default: left to
        /// Snowflake, which picks it by region).
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        generation: Option<Spanned<String>>,
    }
}

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
    let generation = match &raw.generation {
        None => Some(None),
        Some(written) => match Generation::parse(written.get_ref()) {
            Some(g) => Some(Some(g)),
            None => {
                ctx.error(
                    written,
                    format!(
                        "unknown warehouse generation {:?}: expected \"1\" or \"2\"",
                        written.get_ref()
                    ),
                );
                None
            }
        },
    };
    let warehouse = Warehouse {
        name: name?,
        size: size?,
        generation: generation?,
        auto_suspend: raw.auto_suspend,
        auto_resume: raw.auto_resume.unwrap_or(true),
        initially_suspended: raw.initially_suspended,
        comment: raw.comment.clone(),
    };
    Some(ctx.declare(warehouse, common_keys!(raw)))
}
