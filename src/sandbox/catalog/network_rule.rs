//! Network rules, the whole kind: a schema-level list of network identifiers with its
//! type and mode, kept as CREATE NETWORK RULE gives it, altered by SET / UNSET, and the
//! SHOW NETWORK RULES / DESCRIBE NETWORK RULE rows.
//!
//! The rules (https://docs.snowflake.com/en/sql-reference/sql/create-network-rule,
//! https://docs.snowflake.com/en/sql-reference/sql/alter-network-rule):
//! * `TYPE = { IPV4 | IPV6 | AWSVPCEID | AZURELINKID | GCPPSCID | HOST_PORT |
//!   PRIVATE_HOST_PORT | COMPUTE_POOL }` and `VALUE_LIST = ( '<value>' [ , … ] )` are
//!   required; `MODE = { INGRESS | INTERNAL_STAGE | SNOWFLAKE_MANAGED_STORAGE_VOLUME |
//!   EGRESS }` is optional (INGRESS by default);
//! * "When TYPE = HOST_PORT, the MODE parameter should be set to EGRESS", and so for
//!   PRIVATE_HOST_PORT;
//! * "When TYPE = IPV4, each value must be a valid IPv4 address or range of addresses"
//!   (CIDR); the other types' values (VPCE ids, link ids, domains with ports) are kept as
//!   given, unchecked, since their validity depends on the cloud the sandbox does not
//!   have;
//! * ALTER sets only VALUE_LIST (which replaces the list: "Using this command is not
//!   additive") and COMMENT, and unsets either; TYPE and MODE cannot change, and ALTER
//!   NETWORK RULE documents no RENAME TO (`statement/alter.rs` refuses it).
//!
//! Neither page gives the error texts: a bad or missing property is answered as for any
//! kind (`002029` invalid value, `002031` missing option, `001008` invalid property).
//! Network policies, which would name network rules, are not emulated.

use serde::{Deserialize, Serialize};

use super::rows::{DescribeRows, Entry, ShowRows, columns, comment, stamp, text};
use super::{
    Catalog, Meta, PropertyKind, Schema, SchemaObject, comment_property, display_value, text_value,
};
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::Property;

const TYPES: [&str; 8] = [
    "IPV4",
    "IPV6",
    "AWSVPCEID",
    "AZURELINKID",
    "GCPPSCID",
    "HOST_PORT",
    "PRIVATE_HOST_PORT",
    "COMPUTE_POOL",
];
const MODES: [&str; 4] = [
    "INGRESS",
    "INTERNAL_STAGE",
    "SNOWFLAKE_MANAGED_STORAGE_VOLUME",
    "EGRESS",
];
const KIND: &str = "NETWORK RULE";

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct NetworkRule {
    pub(crate) meta: Meta,
    pub(crate) rule_type: String,
    pub(crate) mode: String,
    pub(crate) value_list: Vec<String>,
}

impl NetworkRule {
    /// VALUE_LIST, its values checked against the rule's type.
    fn set_values(&mut self, property: &Property) -> Result<(), SqlError> {
        let values = property
            .value
            .strings()
            .ok_or_else(|| SqlError::invalid_value(&property.key, &display_value(property)))?;
        if self.rule_type == "IPV4"
            && let Some(bad) = values.iter().find(|v| !ipv4_or_range(v))
        {
            return Err(SqlError::invalid_value(&property.key, bad));
        }
        self.value_list = values;
        Ok(())
    }
}

/// An IPv4 address, or a range as `address/prefix` with a prefix of at most 32.
pub(crate) fn ipv4_or_range(value: &str) -> bool {
    let (address, prefix) = match value.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (value, None),
    };
    address.parse::<std::net::Ipv4Addr>().is_ok()
        && prefix.is_none_or(|p| p.parse::<u8>().is_ok_and(|p| p <= 32))
}

/// One of `allowed`, upper case, or the property's invalid value.
fn word(property: &Property, allowed: &[&str]) -> Result<String, SqlError> {
    let value = text_value(property)?.to_uppercase();
    if allowed.contains(&value.as_str()) {
        Ok(value)
    } else {
        Err(SqlError::invalid_value(
            &property.key,
            &display_value(property),
        ))
    }
}

impl PropertyKind for NetworkRule {
    fn build(
        _: &Catalog,
        _: &ObjectName,
        mut meta: Meta,
        properties: &[Property],
    ) -> Result<NetworkRule, SqlError> {
        let find = |key: &str| properties.iter().rev().find(|p| p.key == key);
        let rule_type = word(
            find("TYPE").ok_or_else(|| SqlError::missing_property("TYPE", KIND))?,
            &TYPES,
        )?;
        let mode = match find("MODE") {
            Some(mode) => word(mode, &MODES)?,
            None => "INGRESS".to_string(),
        };
        if matches!(rule_type.as_str(), "HOST_PORT" | "PRIVATE_HOST_PORT") && mode != "EGRESS" {
            return Err(SqlError::invalid_value("MODE", &mode));
        }
        let mut rule = NetworkRule {
            meta: meta.clone(),
            rule_type,
            mode,
            value_list: Vec::new(),
        };
        rule.set_values(
            find("VALUE_LIST").ok_or_else(|| SqlError::missing_property("VALUE_LIST", KIND))?,
        )?;
        for property in properties {
            if !comment_property(&mut meta, property)?
                && !["TYPE", "MODE", "VALUE_LIST"].contains(&property.key.as_str())
            {
                return Err(SqlError::invalid_property(&property.key, KIND));
            }
        }
        rule.meta = meta;
        Ok(rule)
    }

    fn set_properties(
        &mut self,
        _: &Catalog,
        _: &ObjectName,
        properties: &[Property],
    ) -> Result<(), SqlError> {
        for property in properties {
            if comment_property(&mut self.meta, property)? {
                continue;
            }
            match property.key.as_str() {
                "VALUE_LIST" => self.set_values(property)?,
                _ => return Err(SqlError::invalid_property(&property.key, KIND)),
            }
        }
        Ok(())
    }

    fn unset_properties(&mut self, keys: &[String]) -> Result<(), SqlError> {
        for key in keys {
            match key.as_str() {
                "VALUE_LIST" => self.value_list.clear(),
                "COMMENT" => self.meta.comment = None,
                _ => return Err(SqlError::invalid_property(key, KIND)),
            }
        }
        Ok(())
    }
}

/// SHOW NETWORK RULES (https://docs.snowflake.com/en/sql-reference/sql/show-network-rules):
/// the list is counted, not shown.
impl ShowRows for NetworkRule {
    const SHOW: &'static str = "SHOW NETWORK RULES";
    const COLUMNS: &'static [(&'static str, &'static str)] = &[
        ("created_on", "timestamp_ltz"),
        ("name", "text"),
        ("database_name", "text"),
        ("schema_name", "text"),
        ("owner", "text"),
        ("comment", "text"),
        ("type", "text"),
        ("mode", "text"),
        ("entries_in_valuelist", "fixed"),
        ("owner_role_type", "text"),
    ];

    fn in_schema(schema: &Schema) -> Vec<(&Ident, &Self)> {
        NetworkRule::map(schema).iter().collect()
    }

    fn row(_: &Catalog, entry: &Entry<'_, Self>) -> Vec<Option<String>> {
        let r = entry.object;
        vec![
            stamp(r.meta.created_on),
            text(entry.name.as_str()),
            text(entry.database.as_str()),
            text(entry.schema.as_str()),
            text(r.meta.owner.clone()),
            comment(&r.meta.comment),
            text(r.rule_type.clone()),
            text(r.mode.clone()),
            text(r.value_list.len().to_string()),
            text("ROLE"),
        ]
    }
}

/// DESCRIBE NETWORK RULE (https://docs.snowflake.com/en/sql-reference/sql/desc-network-rule):
/// one row, `value_list` the identifiers joined by commas (the page names the column
/// only; clients of it split the text on commas).
impl DescribeRows for NetworkRule {
    fn describe(_: &Catalog, entry: &Entry<'_, Self>) -> QueryResult {
        let r = entry.object;
        QueryResult {
            columns: columns(&[
                ("created_on", "timestamp_ltz"),
                ("name", "text"),
                ("database_name", "text"),
                ("schema_name", "text"),
                ("owner", "text"),
                ("comment", "text"),
                ("type", "text"),
                ("mode", "text"),
                ("value_list", "text"),
            ]),
            rows: vec![vec![
                stamp(r.meta.created_on),
                text(entry.name.as_str()),
                text(entry.database.as_str()),
                text(entry.schema.as_str()),
                text(r.meta.owner.clone()),
                comment(&r.meta.comment),
                text(r.rule_type.clone()),
                text(r.mode.clone()),
                text(r.value_list.join(",")),
            ]],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_values_are_addresses_or_ranges() {
        assert!(ipv4_or_range("192.168.1.0"));
        assert!(ipv4_or_range("47.88.25.32/27"));
        assert!(ipv4_or_range("0.0.0.0/0"));
        assert!(!ipv4_or_range("192.168.1.0/33"));
        assert!(!ipv4_or_range("192.168.1"));
        assert!(!ipv4_or_range("example.com"));
        assert!(!ipv4_or_range("10.0.0.0/"));
    }
}
