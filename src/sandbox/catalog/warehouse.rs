//! Warehouses: size (`XSMALL` … `X6LARGE`, shown as `X-Small` … `6X-Large`), auto
//! suspend/resume, the initial state, and the properties ALTER WAREHOUSE SET accepts.

use serde::{Deserialize, Serialize};

use super::{
    Catalog, Created, Meta, Origin, account_insert, account_remove, account_rename, bool_value,
    comment_property, text_value, unsigned_value,
};
use crate::model::identifier::Ident;
use crate::sandbox::error::SqlError;
use crate::sandbox::statement::{ObjectKind, Property, Value};

/// Sizes as SHOW WAREHOUSES prints them, with the spellings SQL accepts (compared after
/// removing `-` and `_` and upper-casing).
const SIZES: [(&str, &[&str]); 10] = [
    ("X-Small", &["XSMALL"]),
    ("Small", &["SMALL"]),
    ("Medium", &["MEDIUM"]),
    ("Large", &["LARGE"]),
    ("X-Large", &["XLARGE"]),
    ("2X-Large", &["XXLARGE", "X2LARGE", "2XLARGE"]),
    ("3X-Large", &["XXXLARGE", "X3LARGE", "3XLARGE"]),
    ("4X-Large", &["X4LARGE", "4XLARGE"]),
    ("5X-Large", &["X5LARGE", "5XLARGE"]),
    ("6X-Large", &["X6LARGE", "6XLARGE"]),
];

/// The SHOW form of a size written in SQL, if it is one.
pub(crate) fn show_size(written: &str) -> Option<&'static str> {
    let key: String = written
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .collect::<String>()
        .to_uppercase();
    SIZES
        .iter()
        .find(|(_, spellings)| spellings.contains(&key.as_str()))
        .map(|(shown, _)| *shown)
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Warehouse {
    pub(crate) meta: Meta,
    /// As SHOW prints it: `X-Small` …
    pub size: String,
    pub(crate) warehouse_type: String,
    /// Seconds; `None` (NULL) never suspends.
    pub auto_suspend: Option<u64>,
    pub auto_resume: bool,
    pub(crate) suspended: bool,
    pub(crate) min_cluster_count: u64,
    pub(crate) max_cluster_count: u64,
    pub(crate) scaling_policy: String,
    pub(crate) resource_monitor: Option<String>,
    pub(crate) enable_query_acceleration: bool,
    pub(crate) query_acceleration_max_scale_factor: u64,
}

impl Warehouse {
    fn new(meta: Meta) -> Warehouse {
        Warehouse {
            meta,
            size: "X-Small".to_string(),
            warehouse_type: "STANDARD".to_string(),
            auto_suspend: Some(600),
            auto_resume: true,
            suspended: false,
            min_cluster_count: 1,
            max_cluster_count: 1,
            scaling_policy: "STANDARD".to_string(),
            resource_monitor: None,
            enable_query_acceleration: false,
            query_acceleration_max_scale_factor: 8,
        }
    }

    fn apply(&mut self, property: &Property, creating: bool) -> Result<(), SqlError> {
        if comment_property(&mut self.meta, property)? {
            return Ok(());
        }
        let invalid = || SqlError::invalid_value(&property.key, &super::display_value(property));
        match property.key.as_str() {
            "WAREHOUSE_SIZE" => {
                let written = text_value(property)?;
                self.size = show_size(&written).ok_or_else(invalid)?.to_string();
            }
            "WAREHOUSE_TYPE" => {
                let written = text_value(property)?.to_uppercase().replace('_', "-");
                if written != "STANDARD" && written != "SNOWPARK-OPTIMIZED" {
                    return Err(invalid());
                }
                self.warehouse_type = written;
            }
            "AUTO_SUSPEND" => {
                self.auto_suspend = match &property.value {
                    Value::Name(_) if property.value.word() == Some("NULL") => None,
                    _ => Some(unsigned_value(property)?),
                };
            }
            "AUTO_RESUME" => self.auto_resume = bool_value(property)?,
            "INITIALLY_SUSPENDED" if creating => self.suspended = bool_value(property)?,
            "MIN_CLUSTER_COUNT" => self.min_cluster_count = cluster_count(property)?,
            "MAX_CLUSTER_COUNT" => self.max_cluster_count = cluster_count(property)?,
            "SCALING_POLICY" => {
                let policy = text_value(property)?.to_uppercase();
                if policy != "STANDARD" && policy != "ECONOMY" {
                    return Err(invalid());
                }
                self.scaling_policy = policy;
            }
            "RESOURCE_MONITOR" => self.resource_monitor = Some(text_value(property)?),
            "ENABLE_QUERY_ACCELERATION" => self.enable_query_acceleration = bool_value(property)?,
            "QUERY_ACCELERATION_MAX_SCALE_FACTOR" => {
                let factor = unsigned_value(property)?;
                if factor > 100 {
                    return Err(invalid());
                }
                self.query_acceleration_max_scale_factor = factor;
            }
            "MAX_CONCURRENCY_LEVEL"
            | "STATEMENT_QUEUED_TIMEOUT_IN_SECONDS"
            | "STATEMENT_TIMEOUT_IN_SECONDS" => {
                unsigned_value(property)?;
            }
            // Resizing is instant here, so waiting for it changes nothing.
            "WAIT_FOR_COMPLETION" => {
                bool_value(property)?;
            }
            _ => return Err(SqlError::invalid_property(&property.key, "WAREHOUSE")),
        }
        if self.min_cluster_count > self.max_cluster_count {
            return Err(invalid());
        }
        Ok(())
    }

    fn unset(&mut self, key: &str) -> Result<(), SqlError> {
        let defaults = Warehouse::new(self.meta.clone());
        match key {
            "COMMENT" => self.meta.comment = None,
            "WAREHOUSE_SIZE" => self.size = defaults.size,
            "AUTO_SUSPEND" => self.auto_suspend = defaults.auto_suspend,
            "AUTO_RESUME" => self.auto_resume = defaults.auto_resume,
            "RESOURCE_MONITOR" => self.resource_monitor = None,
            "SCALING_POLICY" => self.scaling_policy = defaults.scaling_policy,
            "ENABLE_QUERY_ACCELERATION" => self.enable_query_acceleration = false,
            "QUERY_ACCELERATION_MAX_SCALE_FACTOR" => {
                self.query_acceleration_max_scale_factor =
                    defaults.query_acceleration_max_scale_factor
            }
            "MAX_CONCURRENCY_LEVEL"
            | "STATEMENT_QUEUED_TIMEOUT_IN_SECONDS"
            | "STATEMENT_TIMEOUT_IN_SECONDS" => {}
            _ => return Err(SqlError::invalid_property(key, "WAREHOUSE")),
        }
        Ok(())
    }
}

fn cluster_count(property: &Property) -> Result<u64, SqlError> {
    let n = unsigned_value(property)?;
    if !(1..=10).contains(&n) {
        return Err(SqlError::invalid_value(&property.key, &n.to_string()));
    }
    Ok(n)
}

impl Catalog {
    pub(crate) fn create_warehouse(
        &mut self,
        name: &Ident,
        properties: &[Property],
        or_replace: bool,
        if_not_exists: bool,
        origin: &Origin,
    ) -> Result<Created<Warehouse>, SqlError> {
        let mut warehouse = Warehouse::new(self.meta(origin, None));
        for property in properties {
            warehouse.apply(property, true)?;
        }
        account_insert(
            &mut self.warehouses,
            name,
            warehouse,
            or_replace,
            if_not_exists,
        )
    }

    pub(crate) fn warehouse_mut(&mut self, name: &Ident) -> Result<&mut Warehouse, SqlError> {
        self.warehouses
            .get_mut(name)
            .ok_or_else(|| SqlError::does_not_exist("Warehouse", &name.to_sql()))
    }

    pub(crate) fn alter_warehouse_set(
        &mut self,
        name: &Ident,
        properties: &[Property],
    ) -> Result<(), SqlError> {
        let warehouse = self.warehouse_mut(name)?;
        for property in properties {
            warehouse.apply(property, false)?;
        }
        Ok(())
    }

    pub(crate) fn alter_warehouse_unset(
        &mut self,
        name: &Ident,
        keys: &[String],
    ) -> Result<(), SqlError> {
        let warehouse = self.warehouse_mut(name)?;
        for key in keys {
            warehouse.unset(key)?;
        }
        Ok(())
    }

    pub(crate) fn suspend_warehouse(&mut self, name: &Ident) -> Result<(), SqlError> {
        let warehouse = self.warehouse_mut(name)?;
        if warehouse.suspended {
            return Err(SqlError::warehouse_cannot_suspend(&name.to_sql()));
        }
        warehouse.suspended = true;
        Ok(())
    }

    /// RESUME fails on a running warehouse unless IF SUSPENDED is given, which makes it
    /// a no-op (https://docs.snowflake.com/en/sql-reference/sql/alter-warehouse: "If
    /// omitted, the command fails and returns an error if the warehouse is already
    /// running").
    pub(crate) fn resume_warehouse(
        &mut self,
        name: &Ident,
        if_suspended: bool,
    ) -> Result<(), SqlError> {
        let warehouse = self.warehouse_mut(name)?;
        if !warehouse.suspended && !if_suspended {
            return Err(SqlError::warehouse_cannot_resume(&name.to_sql()));
        }
        warehouse.suspended = false;
        Ok(())
    }

    pub(crate) fn rename_warehouse(&mut self, from: &Ident, to: &Ident) -> Result<(), SqlError> {
        account_rename(&mut self.warehouses, from, to, ObjectKind::Warehouse)
    }

    pub(crate) fn drop_warehouse(
        &mut self,
        name: &Ident,
        if_exists: bool,
    ) -> Result<bool, SqlError> {
        account_remove(&mut self.warehouses, name, if_exists, ObjectKind::Warehouse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_accept_every_spelling() {
        assert_eq!(show_size("xsmall"), Some("X-Small"));
        assert_eq!(show_size("X-SMALL"), Some("X-Small"));
        assert_eq!(show_size("x2large"), Some("2X-Large"));
        assert_eq!(show_size("2X-Large"), Some("2X-Large"));
        assert_eq!(show_size("XXXLARGE"), Some("3X-Large"));
        assert_eq!(show_size("huge"), None);
    }
}
