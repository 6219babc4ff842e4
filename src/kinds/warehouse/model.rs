//! A Snowflake virtual warehouse and its sizes.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::identifier::Ident;
use crate::model::resource::Resource;
use crate::model::{Address, Kind};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warehouse {
    pub name: Ident,
    pub size: WarehouseSize,
    /// Seconds of inactivity before suspending; `None` leaves Snowflake's default (600).
    pub auto_suspend: Option<u32>,
    pub auto_resume: bool,
    /// Only meaningful at creation: Snowflake does not report it, so it is never diffed.
    pub initially_suspended: bool,
    pub comment: Option<String>,
    /// The compute generation of this standard warehouse; `None` leaves Snowflake's
    /// default (which depends on the region) alone. Left out of the serialized form when
    /// `None`, so a saved plan's desired-state hash is what it was before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generation: Option<Generation>,
}

/// A standard warehouse's compute generation, `GENERATION = { '1' | '2' }`
/// (https://docs.snowflake.com/en/sql-reference/sql/create-warehouse): written quoted in
/// SQL ("Values must be enclosed in single quotes"), shown as `1` / `2` in SHOW
/// WAREHOUSES' `generation` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Generation {
    #[serde(rename = "1")]
    One,
    #[serde(rename = "2")]
    Two,
}

impl Generation {
    /// `"1"` or `"2"` (as TOML and SHOW write it); anything else is `None`.
    pub(crate) fn parse(text: &str) -> Option<Generation> {
        match text.trim() {
            "1" => Some(Generation::One),
            "2" => Some(Generation::Two),
            _ => None,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Generation::One => "1",
            Generation::Two => "2",
        }
    }
}

impl fmt::Display for Generation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Resource for Warehouse {
    fn address(&self) -> Address {
        Address::new(Kind::Warehouse, &self.name)
    }
}

/// Warehouse sizes. DDL spells them `XSMALL`; SHOW reports `X-Small`; both parse.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WarehouseSize {
    XSmall,
    Small,
    Medium,
    Large,
    XLarge,
    X2Large,
    X3Large,
    X4Large,
    X5Large,
    X6Large,
}

/// (DDL keyword, SHOW spelling, accepted aliases without '-' or '_').
const SIZES: [(WarehouseSize, &str, &str, &[&str]); 10] = [
    (WarehouseSize::XSmall, "XSMALL", "X-Small", &["XSMALL"]),
    (WarehouseSize::Small, "SMALL", "Small", &["SMALL"]),
    (WarehouseSize::Medium, "MEDIUM", "Medium", &["MEDIUM"]),
    (WarehouseSize::Large, "LARGE", "Large", &["LARGE"]),
    (WarehouseSize::XLarge, "XLARGE", "X-Large", &["XLARGE"]),
    (
        WarehouseSize::X2Large,
        "XXLARGE",
        "2X-Large",
        &["XXLARGE", "X2LARGE", "2XLARGE"],
    ),
    (
        WarehouseSize::X3Large,
        "XXXLARGE",
        "3X-Large",
        &["XXXLARGE", "X3LARGE", "3XLARGE"],
    ),
    (
        WarehouseSize::X4Large,
        "X4LARGE",
        "4X-Large",
        &["X4LARGE", "4XLARGE"],
    ),
    (
        WarehouseSize::X5Large,
        "X5LARGE",
        "5X-Large",
        &["X5LARGE", "5XLARGE"],
    ),
    (
        WarehouseSize::X6Large,
        "X6LARGE",
        "6X-Large",
        &["X6LARGE", "6XLARGE"],
    ),
];

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown warehouse size {0:?}: expected one of XSMALL, SMALL, MEDIUM, LARGE, XLARGE, XXLARGE, XXXLARGE, X4LARGE, X5LARGE, X6LARGE (or X-Small, 2X-Large …)"
)]
pub struct WarehouseSizeError(pub String);

impl WarehouseSize {
    pub fn parse(text: &str) -> Result<WarehouseSize, WarehouseSizeError> {
        let folded: String = text
            .trim()
            .trim_matches('\'')
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .collect::<String>()
            .to_ascii_uppercase();
        SIZES
            .iter()
            .find(|(_, _, _, aliases)| aliases.contains(&folded.as_str()))
            .map(|(size, ..)| *size)
            .ok_or_else(|| WarehouseSizeError(text.to_string()))
    }

    /// The DDL spelling: `WAREHOUSE_SIZE = XSMALL`.
    pub(crate) fn keyword(self) -> &'static str {
        SIZES
            .iter()
            .find(|(s, ..)| *s == self)
            .map_or("XSMALL", |(_, k, ..)| k)
    }

    /// The spelling `SHOW WAREHOUSES` uses.
    #[cfg(test)]
    pub(crate) fn show_name(self) -> &'static str {
        SIZES
            .iter()
            .find(|(s, ..)| *s == self)
            .map_or("X-Small", |(_, _, n, _)| n)
    }
}

impl fmt::Display for WarehouseSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword())
    }
}

impl Serialize for WarehouseSize {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.keyword())
    }
}

impl<'de> Deserialize<'de> for WarehouseSize {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        WarehouseSize::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn show_and_ddl_spellings_are_one_size() {
        assert_eq!(
            WarehouseSize::parse("X-Small").unwrap(),
            WarehouseSize::XSmall
        );
        assert_eq!(
            WarehouseSize::parse("xsmall").unwrap(),
            WarehouseSize::XSmall
        );
        assert_eq!(
            WarehouseSize::parse("2X-Large").unwrap(),
            WarehouseSize::X2Large
        );
        assert_eq!(
            WarehouseSize::parse("XXLARGE").unwrap(),
            WarehouseSize::X2Large
        );
        assert_eq!(WarehouseSize::X2Large.show_name(), "2X-Large");
        assert!(WarehouseSize::parse("huge").is_err());
    }
}
