//! Snowflake identifiers and qualified object names in canonical form.
//!
//! Snowflake stores an unquoted identifier in upper case and a `"quoted"` one exactly as
//! written. An [`Ident`] holds the stored form, so `raw_customer`, `RAW_CUSTOMER` and
//! `"RAW_CUSTOMER"` are one identifier and `"Raw"` is another. Rendering back to SQL quotes
//! whenever the stored form could not be written bare, which is also what makes hostile
//! names (`"a""b"`, `x;DROP`) harmless in generated statements.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::sql::{TokenKind, tokenize};

/// Snowflake's reserved keywords: an identifier spelled like one must be quoted.
const RESERVED: &[&str] = &[
    "ACCOUNT",
    "ALL",
    "ALTER",
    "AND",
    "ANY",
    "AS",
    "BETWEEN",
    "BY",
    "CASE",
    "CAST",
    "CHECK",
    "COLUMN",
    "CONNECT",
    "CONNECTION",
    "CONSTRAINT",
    "CREATE",
    "CROSS",
    "CURRENT",
    "CURRENT_DATE",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "CURRENT_USER",
    "DATABASE",
    "DELETE",
    "DISTINCT",
    "DROP",
    "ELSE",
    "EXISTS",
    "FALSE",
    "FOLLOWING",
    "FOR",
    "FROM",
    "FULL",
    "GRANT",
    "GROUP",
    "GSCLUSTER",
    "HAVING",
    "ILIKE",
    "IN",
    "INCREMENT",
    "INNER",
    "INSERT",
    "INTERSECT",
    "INTO",
    "IS",
    "ISSUE",
    "JOIN",
    "LATERAL",
    "LEFT",
    "LIKE",
    "LOCALTIME",
    "LOCALTIMESTAMP",
    "MINUS",
    "NATURAL",
    "NOT",
    "NULL",
    "OF",
    "ON",
    "OR",
    "ORDER",
    "ORGANIZATION",
    "QUALIFY",
    "REGEXP",
    "REVOKE",
    "RIGHT",
    "RLIKE",
    "ROW",
    "ROWS",
    "SAMPLE",
    "SCHEMA",
    "SELECT",
    "SET",
    "SOME",
    "START",
    "TABLE",
    "TABLESAMPLE",
    "THEN",
    "TO",
    "TRIGGER",
    "TRUE",
    "TRY_CAST",
    "UNION",
    "UNIQUE",
    "UPDATE",
    "USING",
    "VALUES",
    "VIEW",
    "WHEN",
    "WHENEVER",
    "WHERE",
    "WINDOW",
    "WITH",
];

/// Snowflake's limit on identifier length, in characters.
const MAX_LEN: usize = 255;

/// True when `stored` can be written without quotes and still mean itself: upper-case
/// ASCII letters, digits, `_` and `$`, not starting with a digit or `$`, not reserved.
pub(crate) fn is_plain_identifier(stored: &str) -> bool {
    let mut chars = stored.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_uppercase() || c == '_')
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '$')
        && !RESERVED.contains(&stored)
}

/// Why a piece of text is not an identifier.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdentError {
    #[error("empty identifier")]
    Empty,
    #[error("identifier {0:?} is longer than 255 characters")]
    TooLong(String),
    #[error(
        "{0:?} is not a valid identifier: unquoted identifiers start with a letter or _ and contain only letters, digits, _ and $; quote it (\"…\") to use other characters"
    )]
    Invalid(String),
    #[error("{text:?} is not a valid name: expected {expected}")]
    Parts {
        text: String,
        expected: &'static str,
    },
}

/// One identifier, in the form Snowflake stores it.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ident(String);

impl Ident {
    /// Reads an identifier as a user writes it: unquoted text folds to upper case,
    /// `"quoted"` text is kept (with `""` meaning one `"`).
    pub fn parse(text: &str) -> Result<Ident, IdentError> {
        let parts = split_parts(text)?;
        match <[Ident; 1]>::try_from(parts) {
            Ok([ident]) => Ok(ident),
            Err(_) => Err(IdentError::Parts {
                text: text.to_string(),
                expected: "one identifier",
            }),
        }
    }

    /// An identifier exactly as Snowflake reports it (a `name` column of SHOW output).
    pub fn from_stored(stored: impl Into<String>) -> Ident {
        Ident(stored.into())
    }

    /// The stored form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The identifier as it must be written in SQL: bare when possible, quoted otherwise.
    pub(crate) fn to_sql(&self) -> Cow<'_, str> {
        if is_plain_identifier(&self.0) {
            Cow::Borrowed(&self.0)
        } else {
            Cow::Owned(format!("\"{}\"", self.0.replace('"', "\"\"")))
        }
    }
}

impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_sql())
    }
}

impl fmt::Debug for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Ident({})", self.to_sql())
    }
}

/// Splits a dotted name (`db.schema."My Table"`) into identifiers, folding unquoted parts.
pub(crate) fn split_parts(text: &str) -> Result<Vec<Ident>, IdentError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(IdentError::Empty);
    }
    let invalid = || IdentError::Invalid(trimmed.to_string());
    let tokens = tokenize(trimmed).map_err(|_| invalid())?;
    let mut parts = Vec::new();
    let mut expect_part = true;
    for token in tokens {
        match (expect_part, token.kind) {
            (true, TokenKind::Word)
                if token
                    .value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$') =>
            {
                parts.push(Ident(token.value.to_ascii_uppercase()));
            }
            (true, TokenKind::QuotedIdent) => parts.push(Ident(token.value)),
            (false, TokenKind::Symbol) if token.value == "." => {}
            _ => return Err(invalid()),
        }
        expect_part = !expect_part;
    }
    if expect_part {
        return Err(invalid());
    }
    if let Some(long) = parts.iter().find(|p| p.0.chars().count() > MAX_LEN) {
        return Err(IdentError::TooLong(long.0.clone()));
    }
    Ok(parts)
}

/// A schema: `DATABASE.SCHEMA`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SchemaName {
    pub(crate) database: Ident,
    pub schema: Ident,
}

impl SchemaName {
    pub fn new(database: Ident, schema: Ident) -> Self {
        SchemaName { database, schema }
    }

    pub fn parse(text: &str) -> Result<SchemaName, IdentError> {
        match <[Ident; 2]>::try_from(split_parts(text)?) {
            Ok([database, schema]) => Ok(SchemaName { database, schema }),
            Err(_) => Err(IdentError::Parts {
                text: text.to_string(),
                expected: "DATABASE.SCHEMA",
            }),
        }
    }
}

impl fmt::Display for SchemaName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.database, self.schema)
    }
}

impl fmt::Debug for SchemaName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SchemaName({self})")
    }
}

/// A schema-level object: `DATABASE.SCHEMA.NAME`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectName {
    pub(crate) database: Ident,
    pub schema: Ident,
    pub(crate) name: Ident,
}

impl ObjectName {
    pub fn new(schema: &SchemaName, name: Ident) -> Self {
        ObjectName {
            database: schema.database.clone(),
            schema: schema.schema.clone(),
            name,
        }
    }

    /// Parses a fully qualified name.
    pub fn parse(text: &str) -> Result<ObjectName, IdentError> {
        match <[Ident; 3]>::try_from(split_parts(text)?) {
            Ok([database, schema, name]) => Ok(ObjectName {
                database,
                schema,
                name,
            }),
            Err(_) => Err(IdentError::Parts {
                text: text.to_string(),
                expected: "DATABASE.SCHEMA.NAME",
            }),
        }
    }

    /// Parses a name that may leave out its database, or database and schema, filling the
    /// missing parts from `default` (the schema a statement or a file is "in").
    pub(crate) fn parse_in(
        text: &str,
        default: Option<&SchemaName>,
    ) -> Result<ObjectName, IdentError> {
        let parts = split_parts(text)?;
        let missing = || IdentError::Parts {
            text: text.to_string(),
            expected: "DATABASE.SCHEMA.NAME (no [defaults] database/schema apply here)",
        };
        match (parts.len(), default) {
            (3, _) => ObjectName::parse(text),
            (2, Some(d)) => {
                let [schema, name] = <[Ident; 2]>::try_from(parts).map_err(|_| missing())?;
                Ok(ObjectName {
                    database: d.database.clone(),
                    schema,
                    name,
                })
            }
            (1, Some(d)) => {
                let [name] = <[Ident; 1]>::try_from(parts).map_err(|_| missing())?;
                Ok(ObjectName::new(d, name))
            }
            _ => Err(missing()),
        }
    }

    pub fn schema_name(&self) -> SchemaName {
        SchemaName {
            database: self.database.clone(),
            schema: self.schema.clone(),
        }
    }
}

impl fmt::Display for ObjectName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.database, self.schema, self.name)
    }
}

impl fmt::Debug for ObjectName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ObjectName({self})")
    }
}

/// Names serialise as their SQL text, which parses back to the same name.
macro_rules! serde_as_sql_text {
    ($type:ty, $parse:expr, $desc:literal) => {
        impl Serialize for $type {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                $parse(&text).map_err(serde::de::Error::custom)
            }
        }

        impl schemars::JsonSchema for $type {
            fn schema_name() -> Cow<'static, str> {
                stringify!($type).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "description": $desc })
            }
        }
    };
}

serde_as_sql_text!(
    Ident,
    Ident::parse,
    "A Snowflake identifier: unquoted folds to upper case, \"quoted\" keeps case"
);
serde_as_sql_text!(SchemaName, SchemaName::parse, "DATABASE.SCHEMA");
serde_as_sql_text!(
    ObjectName,
    ObjectName::parse,
    "DATABASE.SCHEMA.NAME (or a shorter name under [defaults])"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquoted_folds_and_quoted_keeps_case() {
        assert_eq!(
            Ident::parse("raw_customer").unwrap().as_str(),
            "RAW_CUSTOMER"
        );
        assert_eq!(
            Ident::parse("\"RAW_CUSTOMER\"").unwrap(),
            Ident::parse("raw_customer").unwrap()
        );
        assert_eq!(Ident::parse("\"Raw\"").unwrap().as_str(), "Raw");
        assert_eq!(Ident::parse("\"a\"\"b\"").unwrap().as_str(), "a\"b");
    }

    #[test]
    fn rendering_quotes_what_needs_it() {
        assert_eq!(Ident::parse("orders").unwrap().to_sql(), "ORDERS");
        assert_eq!(Ident::parse("\"order\"").unwrap().to_sql(), "\"order\"");
        assert_eq!(Ident::parse("\"ORDER\"").unwrap().to_sql(), "\"ORDER\"");
        assert_eq!(Ident::from_stored("x;DROP").to_sql(), "\"x;DROP\"");
        assert_eq!(Ident::from_stored("a\"b").to_sql(), "\"a\"\"b\"");
        assert_eq!(Ident::from_stored("ünï").to_sql(), "\"ünï\"");
    }

    #[test]
    fn rendered_names_parse_back_to_themselves() {
        for stored in [
            "a\"b",
            "x;DROP TABLE t",
            "ünïcode",
            "Mixed Case",
            "PLAIN",
            "SELECT",
            "1ABC",
        ] {
            let ident = Ident::from_stored(stored);
            assert_eq!(Ident::parse(&ident.to_sql()).unwrap(), ident, "{stored}");
        }
    }

    #[test]
    fn invalid_identifiers_are_rejected() {
        assert!(matches!(Ident::parse(""), Err(IdentError::Empty)));
        assert!(Ident::parse("x;drop").is_err());
        assert!(Ident::parse("1abc").is_err());
        assert!(Ident::parse("a b").is_err());
        assert!(Ident::parse("a.b").is_err());
        assert!(matches!(
            Ident::parse(&"a".repeat(256)),
            Err(IdentError::TooLong(_))
        ));
    }

    #[test]
    fn qualified_names() {
        let name = ObjectName::parse("db.\"My.Schema\".t").unwrap();
        assert_eq!(name.schema.as_str(), "My.Schema");
        assert_eq!(name.to_string(), "DB.\"My.Schema\".T");
        assert!(ObjectName::parse("db.t").is_err());
        let default = SchemaName::parse("PR.BRONZE").unwrap();
        assert_eq!(
            ObjectName::parse_in("t", Some(&default))
                .unwrap()
                .to_string(),
            "PR.BRONZE.T"
        );
        assert_eq!(
            ObjectName::parse_in("silver.t", Some(&default))
                .unwrap()
                .to_string(),
            "PR.SILVER.T"
        );
        assert!(ObjectName::parse_in("t", None).is_err());
    }
}
