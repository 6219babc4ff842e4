//! Attribute names: what one attribute change is about.
//!
//! The names the plan treats specially are variants — the SQL bodies (`query`, `sql`,
//! `when`, `body`), which renderers show as line diffs, and `name`, which a rename
//! changes — so no code matches them as strings. Every other attribute is named as its
//! TOML key or path (`comment`, `size`, `column ID.type`, `metadata.owner`) and is only
//! shown. An attribute is written to JSON plans as its name, so saved plans read back to
//! the same value.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Attribute {
    /// The object's name (a rename).
    Name,
    /// A view's query.
    Query,
    /// A task's statement.
    Sql,
    /// A task's `WHEN` condition.
    When,
    /// A procedure's body.
    Body,
    /// Any other attribute, by its key or path; never one of the names above (build it
    /// with `From`, which maps those to their variants).
    Other(String),
}

impl Attribute {
    /// Whether the values are SQL text, shown as a line diff.
    pub(crate) fn is_sql_body(&self) -> bool {
        matches!(
            self,
            Attribute::Query | Attribute::Sql | Attribute::When | Attribute::Body
        )
    }

    pub fn as_str(&self) -> &str {
        match self {
            Attribute::Name => "name",
            Attribute::Query => "query",
            Attribute::Sql => "sql",
            Attribute::When => "when",
            Attribute::Body => "body",
            Attribute::Other(name) => name,
        }
    }
}

impl From<&str> for Attribute {
    fn from(name: &str) -> Attribute {
        match name {
            "name" => Attribute::Name,
            "query" => Attribute::Query,
            "sql" => Attribute::Sql,
            "when" => Attribute::When,
            "body" => Attribute::Body,
            other => Attribute::Other(other.to_string()),
        }
    }
}

impl From<String> for Attribute {
    fn from(name: String) -> Attribute {
        Attribute::from(name.as_str())
    }
}

impl fmt::Display for Attribute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Attribute {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Attribute {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Attribute, D::Error> {
        String::deserialize(deserializer).map(Attribute::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_only_bodies_are_sql() {
        for name in [
            "name",
            "query",
            "sql",
            "when",
            "body",
            "comment",
            "column ID.type",
        ] {
            let attribute = Attribute::from(name);
            assert_eq!(attribute.to_string(), name);
            let json = serde_json::to_string(&attribute).unwrap();
            assert_eq!(serde_json::from_str::<Attribute>(&json).unwrap(), attribute);
        }
        assert!(Attribute::from("when").is_sql_body());
        assert!(!Attribute::from("comment").is_sql_body());
        assert!(!Attribute::Name.is_sql_body());
        assert_eq!(Attribute::from("query"), Attribute::Query);
    }
}
