//! Warehouses, the whole kind: size (`XSMALL` … `X6LARGE`, shown as `X-Small` …
//! `6X-Large`), auto suspend/resume, the initial state, the generation and resource
//! constraint, the properties ALTER WAREHOUSE SET accepts, SUSPEND / RESUME, and the SHOW
//! WAREHOUSES / DESCRIBE WAREHOUSE rows.

use serde::{Deserialize, Serialize};

use super::rows::{CONTENT_COLUMNS, columns, comment, flag, stamp, text};
use super::{
    Catalog, Meta, OuterKind, OuterName, bool_value, comment_property, text_value, unsigned_value,
};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::properties::properties;
use crate::sandbox::statement::{AlterAction, Parser, Property, Value};

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

/// The documented RESOURCE_CONSTRAINT values with the smallest and largest warehouse size
/// each allows (indexes into `SIZES`), and whether it is a Snowpark-optimized (memory)
/// constraint rather than a standard warehouse's generation
/// (https://docs.snowflake.com/en/sql-reference/sql/create-warehouse, RESOURCE_CONSTRAINT's
/// table of values).
const CONSTRAINTS: [(&str, usize, usize, bool); 8] = [
    ("STANDARD_GEN_1", 0, 9, false),
    ("STANDARD_GEN_2", 0, 7, false),
    ("MEMORY_1X", 0, 7, true),
    ("MEMORY_1X_x86", 0, 7, true),
    ("MEMORY_16X", 2, 9, true),
    ("MEMORY_16X_x86", 2, 7, true),
    ("MEMORY_64X", 3, 7, true),
    ("MEMORY_64X_x86", 3, 7, true),
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
    /// RESOURCE_CONSTRAINT as documented (`STANDARD_GEN_2`, `MEMORY_16X_x86` …), or the
    /// one GENERATION names; `None` when never given.
    #[serde(default)]
    pub(crate) resource_constraint: Option<String>,
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
            resource_constraint: None,
        }
    }

    /// SHOW WAREHOUSES' `resource_constraint`: the one given, else MEMORY_16X for a
    /// Snowpark-optimized warehouse (its documented default); a standard warehouse's
    /// default "depends on Gen2 support for your cloud service provider region", which
    /// the sandbox does not have: NULL.
    fn shown_constraint(&self) -> Option<String> {
        match &self.resource_constraint {
            Some(c) => Some(c.clone()),
            None if self.warehouse_type == "SNOWPARK-OPTIMIZED" => Some("MEMORY_16X".into()),
            None => None,
        }
    }

    /// SHOW WAREHOUSES' `resource_constraint` and `generation`: "If type is
    /// SNOWPARK-OPTIMIZED, one of: MEMORY_… Otherwise NULL", and a standard warehouse's
    /// generation (`1` / `2`) where one was given — NULL otherwise, as the page's example
    /// shows for a warehouse never given one
    /// (https://docs.snowflake.com/en/sql-reference/sql/show-warehouses).
    fn shown_columns(&self) -> (Option<String>, Option<String>) {
        if self.warehouse_type == "SNOWPARK-OPTIMIZED" {
            return (self.shown_constraint(), None);
        }
        let generation = match self.resource_constraint.as_deref() {
            Some("STANDARD_GEN_1") => Some("1".to_string()),
            Some("STANDARD_GEN_2") => Some("2".to_string()),
            _ => None,
        };
        (None, generation)
    }

    /// GENERATION and RESOURCE_CONSTRAINT as one statement gives them: GENERATION = '1' |
    /// '2' (quoted: "Values must be enclosed in single quotes") is STANDARD_GEN_1 | 2, "when
    /// both GENERATION and RESOURCE_CONSTRAINT are specified, any mismatch results in an
    /// error"; then the constraint must fit the warehouse's type and size (the values'
    /// table). A new WAREHOUSE_TYPE without a constraint drops one that does not fit it.
    fn apply_constraint(&mut self, properties: &[Property]) -> Result<(), SqlError> {
        let mut constraint: Option<String> = None;
        for property in properties {
            let invalid =
                || SqlError::invalid_value(&property.key, &super::display_value(property));
            let named = match property.key.as_str() {
                "RESOURCE_CONSTRAINT" => {
                    let written = text_value(property)?;
                    CONSTRAINTS
                        .iter()
                        .find(|(c, ..)| c.eq_ignore_ascii_case(&written))
                        .map(|(c, ..)| c.to_string())
                        .ok_or_else(invalid)?
                }
                "GENERATION" => match &property.value {
                    Value::Str(g) if g == "1" || g == "2" => format!("STANDARD_GEN_{g}"),
                    _ => return Err(invalid()),
                },
                _ => continue,
            };
            if constraint.as_ref().is_some_and(|c| *c != named) {
                return Err(SqlError::conflicting_properties(
                    "GENERATION",
                    "RESOURCE_CONSTRAINT",
                ));
            }
            constraint = Some(named);
        }
        let memory = |c: &str| CONSTRAINTS.iter().any(|(n, .., m)| *n == c && *m);
        let snowpark = self.warehouse_type == "SNOWPARK-OPTIMIZED";
        match constraint {
            Some(c) => self.resource_constraint = Some(c),
            None => {
                if self
                    .resource_constraint
                    .as_deref()
                    .is_some_and(|c| memory(c) != snowpark)
                {
                    self.resource_constraint = None;
                }
            }
        }
        let Some(c) = self.shown_constraint() else {
            return Ok(());
        };
        let Some((_, min, max, is_memory)) = CONSTRAINTS.iter().find(|(n, ..)| *n == c) else {
            return Ok(());
        };
        let size = SIZES.iter().position(|(shown, _)| *shown == self.size);
        if *is_memory != snowpark || size.is_some_and(|s| s < *min || s > *max) {
            return Err(SqlError::invalid_value("RESOURCE_CONSTRAINT", &c));
        }
        Ok(())
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
            // Checked together once every property is applied (`apply_constraint`).
            "RESOURCE_CONSTRAINT" | "GENERATION" => {}
            // ALTER's only (CREATE WAREHOUSE's properties do not list it). Resizing is
            // instant here, so waiting for it changes nothing.
            "WAIT_FOR_COMPLETION" if !creating => {
                bool_value(property)?;
            }
            _ => return Err(SqlError::invalid_property(&property.key, "WAREHOUSE")),
        }
        if self.min_cluster_count > self.max_cluster_count {
            return Err(invalid());
        }
        Ok(())
    }

    /// The properties ALTER WAREHOUSE … UNSET resets that differ from their defaults,
    /// for CREATE OR ALTER to reset those its definition leaves out.
    pub(crate) fn changed_keys(&self) -> Vec<&'static str> {
        let d = Warehouse::new(self.meta.clone());
        [
            ("COMMENT", self.meta.comment.is_some()),
            ("WAREHOUSE_SIZE", self.size != d.size),
            ("AUTO_SUSPEND", self.auto_suspend != d.auto_suspend),
            ("AUTO_RESUME", self.auto_resume != d.auto_resume),
            ("RESOURCE_MONITOR", self.resource_monitor.is_some()),
            ("SCALING_POLICY", self.scaling_policy != d.scaling_policy),
            (
                "ENABLE_QUERY_ACCELERATION",
                self.enable_query_acceleration != d.enable_query_acceleration,
            ),
            (
                "QUERY_ACCELERATION_MAX_SCALE_FACTOR",
                self.query_acceleration_max_scale_factor != d.query_acceleration_max_scale_factor,
            ),
        ]
        .into_iter()
        .filter(|(_, changed)| *changed)
        .map(|(key, _)| key)
        .collect()
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

/// SHOW WAREHOUSES, with `warehouse_credit_limit`, `target_statement_size` and
/// `disabled_reasons` (bundle 2025_03, bcr-1889, generally enabled; "reserved for future
/// use": NULL — https://docs.snowflake.com/en/release-notes/bcr-bundles/2025_03/bcr-1889).
/// `resource_constraint` follows `owner_role_type`, where accounts show it (the CREATE
/// WAREHOUSE page's examples read it back from SHOW WAREHOUSES:
/// https://docs.snowflake.com/en/sql-reference/sql/create-warehouse); `generation`, which
/// the SHOW WAREHOUSES page lists after it (bundle 2025_07, bcr-2110, generally enabled
/// since), comes last, after the 2025_03 columns.
const WAREHOUSE_COLUMNS: [(&str, &str); 38] = [
    ("name", "text"),
    ("state", "text"),
    ("type", "text"),
    ("size", "text"),
    ("min_cluster_count", "fixed"),
    ("max_cluster_count", "fixed"),
    ("started_clusters", "fixed"),
    ("running", "fixed"),
    ("queued", "fixed"),
    ("is_default", "text"),
    ("is_current", "text"),
    ("auto_suspend", "fixed"),
    ("auto_resume", "text"),
    ("available", "text"),
    ("provisioning", "text"),
    ("quiescing", "text"),
    ("other", "text"),
    ("created_on", "timestamp_ltz"),
    ("resumed_on", "timestamp_ltz"),
    ("updated_on", "timestamp_ltz"),
    ("owner", "text"),
    ("comment", "text"),
    ("enable_query_acceleration", "text"),
    ("query_acceleration_max_scale_factor", "fixed"),
    ("resource_monitor", "text"),
    ("actives", "fixed"),
    ("pendings", "fixed"),
    ("failed", "fixed"),
    ("suspended", "fixed"),
    ("uuid", "text"),
    ("scaling_policy", "text"),
    ("budget", "text"),
    ("owner_role_type", "text"),
    ("resource_constraint", "text"),
    ("warehouse_credit_limit", "text"),
    ("target_statement_size", "text"),
    ("disabled_reasons", "text"),
    ("generation", "text"),
];

/// CREATE WAREHOUSE / ALTER WAREHOUSE
/// (https://docs.snowflake.com/en/sql-reference/sql/create-warehouse,
/// https://docs.snowflake.com/en/sql-reference/sql/alter-warehouse).
impl super::Catalog {
    /// The warehouse a statement names (`WAREHOUSE = name` of a dynamic table or an
    /// alert), which must exist: its name, or "does not exist".
    pub(crate) fn existing_warehouse(
        &self,
        raw: &crate::sandbox::statement::RawName,
    ) -> Result<crate::model::identifier::Ident, SqlError> {
        let [name] = raw.parts.as_slice() else {
            return Err(SqlError::does_not_exist("Warehouse", &raw.to_string()));
        };
        if !self.account.warehouses.contains_key(name) {
            return Err(SqlError::does_not_exist("Warehouse", &name.to_sql()));
        }
        Ok(name.clone())
    }
}

impl OuterKind for Warehouse {
    const COLUMNS: &'static [(&'static str, &'static str)] = &WAREHOUSE_COLUMNS;

    /// `[ WITH ] <properties>`.
    fn parse_create(p: &mut Parser<'_>) -> Result<Vec<Property>, SqlError> {
        p.eat_kw("WITH");
        properties(p)
    }

    fn build(
        _: &Catalog,
        _: &OuterName,
        meta: Meta,
        properties: &[Property],
    ) -> Result<Warehouse, SqlError> {
        let mut warehouse = Warehouse::new(meta);
        for property in properties {
            warehouse.apply(property, true)?;
        }
        // "The default size for Snowpark-optimized warehouses is MEDIUM."
        if warehouse.warehouse_type == "SNOWPARK-OPTIMIZED"
            && !properties.iter().any(|p| p.key == "WAREHOUSE_SIZE")
        {
            warehouse.size = "Medium".to_string();
        }
        warehouse.apply_constraint(properties)?;
        Ok(warehouse)
    }

    fn set_properties(&mut self, _: &Catalog, properties: &[Property]) -> Result<(), SqlError> {
        // "This parameter must be used with the WAREHOUSE_SIZE parameter, otherwise an
        // exception will be thrown" (ALTER WAREHOUSE's WAIT_FOR_COMPLETION; the page gives
        // no error text: the invalid-value error, *chosen*).
        if let Some(wait) = properties.iter().find(|p| p.key == "WAIT_FOR_COMPLETION")
            && !properties.iter().any(|p| p.key == "WAREHOUSE_SIZE")
        {
            return Err(SqlError::invalid_value(
                "WAIT_FOR_COMPLETION",
                &super::display_value(wait),
            ));
        }
        // All or nothing: applied to a copy, checked together, then kept.
        let mut changed = self.clone();
        for property in properties {
            changed.apply(property, false)?;
        }
        changed.apply_constraint(properties)?;
        *self = changed;
        Ok(())
    }

    fn unset_properties(&mut self, keys: &[String]) -> Result<(), SqlError> {
        for key in keys {
            self.unset(key)?;
        }
        Ok(())
    }

    fn verb(&mut self, name: &OuterName, action: &AlterAction) -> Result<(), SqlError> {
        match action {
            AlterAction::Suspend => {
                if self.suspended {
                    return Err(SqlError::warehouse_cannot_suspend(&name.to_string()));
                }
                self.suspended = true;
            }
            // RESUME fails on a running warehouse unless IF SUSPENDED is given, which
            // makes it a no-op (https://docs.snowflake.com/en/sql-reference/sql/alter-warehouse:
            // "If omitted, the command fails and returns an error if the warehouse is
            // already running").
            AlterAction::Resume | AlterAction::ResumeIfSuspended => {
                if !self.suspended && *action == AlterAction::Resume {
                    return Err(SqlError::warehouse_cannot_resume(&name.to_string()));
                }
                self.suspended = false;
            }
            // The emulator runs no queries: there is nothing to abort once the warehouse
            // is found.
            AlterAction::AbortAllQueries => {}
            _ => {
                return Err(SqlError::unsupported(
                    "This ALTER action is not supported for a WAREHOUSE.",
                ));
            }
        }
        Ok(())
    }

    fn row(
        _: &Catalog,
        session: &SqlSession,
        name: &OuterName,
        w: &Warehouse,
    ) -> Vec<Option<String>> {
        let name = &name.name;
        let running = !w.suspended;
        let (shown_constraint, generation) = w.shown_columns();
        vec![
            text(name.as_str()),
            text(if running { "STARTED" } else { "SUSPENDED" }),
            text(w.warehouse_type.clone()),
            text(w.size.clone()),
            text(w.min_cluster_count.to_string()),
            text(w.max_cluster_count.to_string()),
            text(if running { "1" } else { "0" }),
            text("0"),
            text("0"),
            text("N"),
            flag(
                session.warehouse.as_deref() == Some(name.as_str()),
                "Y",
                "N",
            ),
            w.auto_suspend.map(|s| s.to_string()),
            flag(w.auto_resume, "true", "false"),
            text(if running { "100" } else { "" }),
            text(""),
            text(""),
            text(""),
            stamp(w.meta.created_on),
            stamp(w.meta.created_on),
            stamp(w.meta.created_on),
            text(w.meta.owner.clone()),
            comment(&w.meta.comment),
            flag(w.enable_query_acceleration, "true", "false"),
            text(w.query_acceleration_max_scale_factor.to_string()),
            text(
                w.resource_monitor
                    .clone()
                    .unwrap_or_else(|| "null".to_string()),
            ),
            text(if running { "1" } else { "0" }),
            text("0"),
            text("0"),
            text(if running { "0" } else { "1" }),
            text(format!("{}", w.meta.id)),
            text(w.scaling_policy.clone()),
            None,
            text("ROLE"),
            shown_constraint,
            None,
            None,
            None,
            generation,
        ]
    }

    /// DESCRIBE WAREHOUSE names the warehouse itself
    /// (https://docs.snowflake.com/en/sql-reference/sql/desc-warehouse).
    fn describe(_: &Catalog, name: &OuterName, warehouse: &Warehouse) -> QueryResult {
        QueryResult {
            columns: columns(&CONTENT_COLUMNS),
            rows: vec![vec![
                stamp(warehouse.meta.created_on),
                text(name.name.as_str()),
                text("WAREHOUSE"),
            ]],
        }
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
