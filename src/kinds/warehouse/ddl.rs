//! Warehouse DDL: every attribute is a `SET` (or `UNSET`) in place.

use crate::kinds::ddl::CreateMode;
use crate::kinds::warehouse::{Generation, Warehouse, WarehouseSize};
use crate::model::identifier::Ident;
use crate::sql::quote::{boolean, comment_clause};

pub(crate) fn create(warehouse: &Warehouse, mode: CreateMode) -> String {
    let auto_suspend = warehouse
        .auto_suspend
        .map_or_else(String::new, |s| format!(" AUTO_SUSPEND = {s}"));
    let generation = warehouse
        .generation
        .map_or_else(String::new, |g| format!(" GENERATION = '{g}'"));
    format!(
        "{} WAREHOUSE {} WITH WAREHOUSE_SIZE = {}{generation}{auto_suspend} AUTO_RESUME = {} INITIALLY_SUSPENDED = {}{}",
        mode.verb(),
        warehouse.name,
        warehouse.size.keyword(),
        boolean(warehouse.auto_resume),
        boolean(warehouse.initially_suspended),
        comment_clause(warehouse.comment.as_deref())
    )
}

/// One in-place change of a warehouse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WarehouseChange {
    Size(WarehouseSize),
    /// `None` returns to Snowflake's default (600 seconds).
    AutoSuspend(Option<u32>),
    AutoResume(bool),
    Generation(Generation),
}

pub fn alter(name: &Ident, change: &WarehouseChange) -> String {
    let target = format!("ALTER WAREHOUSE {name}");
    match change {
        WarehouseChange::Size(size) => format!("{target} SET WAREHOUSE_SIZE = {}", size.keyword()),
        WarehouseChange::AutoSuspend(Some(s)) => format!("{target} SET AUTO_SUSPEND = {s}"),
        WarehouseChange::AutoSuspend(None) => format!("{target} UNSET AUTO_SUSPEND"),
        WarehouseChange::AutoResume(on) => format!("{target} SET AUTO_RESUME = {}", boolean(*on)),
        // Quoted, as the page requires; the value is one of two fixed spellings.
        WarehouseChange::Generation(g) => format!("{target} SET GENERATION = '{g}'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_create_and_alter() {
        let wh = Warehouse {
            name: Ident::from_stored("COMPUTE_WH"),
            size: WarehouseSize::XSmall,
            auto_suspend: Some(60),
            auto_resume: true,
            initially_suspended: true,
            comment: None,
            generation: None,
        };
        assert_eq!(
            create(&wh, CreateMode::Create),
            "CREATE WAREHOUSE COMPUTE_WH WITH WAREHOUSE_SIZE = XSMALL AUTO_SUSPEND = 60 AUTO_RESUME = TRUE INITIALLY_SUSPENDED = TRUE"
        );
        let gen2 = Warehouse {
            generation: Some(Generation::Two),
            ..wh.clone()
        };
        assert_eq!(
            create(&gen2, CreateMode::Create),
            "CREATE WAREHOUSE COMPUTE_WH WITH WAREHOUSE_SIZE = XSMALL GENERATION = '2' AUTO_SUSPEND = 60 AUTO_RESUME = TRUE INITIALLY_SUSPENDED = TRUE"
        );
        assert_eq!(
            alter(&wh.name, &WarehouseChange::Generation(Generation::One)),
            "ALTER WAREHOUSE COMPUTE_WH SET GENERATION = '1'"
        );
        assert_eq!(
            alter(&wh.name, &WarehouseChange::Size(WarehouseSize::X2Large)),
            "ALTER WAREHOUSE COMPUTE_WH SET WAREHOUSE_SIZE = XXLARGE"
        );
        assert_eq!(
            alter(&wh.name, &WarehouseChange::AutoSuspend(None)),
            "ALTER WAREHOUSE COMPUTE_WH UNSET AUTO_SUSPEND"
        );
    }
}
