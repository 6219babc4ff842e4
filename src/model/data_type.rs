//! Snowflake column data types in canonical form.
//!
//! Every synonym Snowflake accepts maps to the one form Snowflake reports back
//! (`INT` → `NUMBER(38,0)`, `STRING` → `VARCHAR(16777216)`, `DATETIME` →
//! `TIMESTAMP_NTZ(9)` …), so a desired `INT` and a live `NUMBER(38,0)` compare equal. The
//! rule for which type changes Snowflake performs in place ([`DataType::alters_in_place_to`])
//! lives here too, because it is a property of the types, not of any one caller.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::sql::{TokenKind, tokenize};

pub(crate) const VARCHAR_DEFAULT_LENGTH: u32 = 16_777_216;
pub(crate) const VARCHAR_MAX_LENGTH: u32 = 134_217_728;
pub(crate) const BINARY_DEFAULT_LENGTH: u32 = 8_388_608;
pub(crate) const BINARY_MAX_LENGTH: u32 = 67_108_864;

/// A column type as Snowflake stores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DataType {
    Number {
        precision: u8,
        scale: u8,
    },
    Float,
    /// DECFLOAT: exact decimal with up to 38 significant digits and a variable scale
    /// (https://docs.snowflake.com/en/sql-reference/data-types-numeric#decfloat); it takes
    /// no precision or scale.
    Decfloat,
    Varchar(u32),
    Binary(u32),
    Boolean,
    Date,
    Time(u8),
    TimestampNtz(u8),
    TimestampLtz(u8),
    TimestampTz(u8),
    Variant,
    Object,
    Array,
    Geography,
    Geometry,
    Vector {
        element: VectorElement,
        dimension: u16,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VectorElement {
    Int,
    Float,
}

/// Why a text is not a data type.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DataTypeError {
    #[error("unknown data type {0:?}")]
    Unknown(String),
    #[error("data type {text:?}: {problem}")]
    Invalid { text: String, problem: String },
}

impl DataType {
    /// Parses any spelling Snowflake accepts, in any case.
    pub fn parse(text: &str) -> Result<DataType, DataTypeError> {
        let unknown = || DataTypeError::Unknown(text.trim().to_string());
        let invalid = |problem: &str| DataTypeError::Invalid {
            text: text.trim().to_string(),
            problem: problem.to_string(),
        };
        let tokens = tokenize(text).map_err(|_| unknown())?;
        let mut words = Vec::new();
        let mut args = Vec::new();
        let mut in_args = false;
        let mut closed = false;
        for token in tokens.iter().filter(|t| !t.is_trivia()) {
            match token.kind {
                _ if closed => return Err(unknown()),
                TokenKind::Word if !in_args => words.push(token.value.to_ascii_uppercase()),
                TokenKind::Symbol if token.value == "(" && !in_args && !words.is_empty() => {
                    in_args = true
                }
                TokenKind::Symbol if token.value == ")" && in_args => closed = true,
                TokenKind::Symbol if token.value == "," && in_args => {}
                TokenKind::Number | TokenKind::Word if in_args => {
                    args.push(token.value.to_ascii_uppercase())
                }
                _ => return Err(unknown()),
            }
        }
        if in_args && !closed {
            return Err(unknown());
        }
        let name = words.join(" ");
        let number = |index: usize| -> Result<Option<u32>, DataTypeError> {
            args.get(index)
                .map(|a| {
                    a.parse::<u32>()
                        .map_err(|_| invalid("arguments must be whole numbers"))
                })
                .transpose()
        };
        let at_most = |count: usize| {
            if args.len() > count {
                Err(invalid("too many arguments"))
            } else {
                Ok(())
            }
        };
        let length = |default: u32, max: u32| -> Result<u32, DataTypeError> {
            at_most(1)?;
            match number(0)? {
                None => Ok(default),
                Some(0) => Err(invalid("length must be at least 1")),
                Some(n) if n > max => Err(invalid(&format!("length must be at most {max}"))),
                Some(n) => Ok(n),
            }
        };
        let fractional = || -> Result<u8, DataTypeError> {
            at_most(1)?;
            match number(0)? {
                None => Ok(9),
                Some(p) if p <= 9 => Ok(p as u8),
                Some(_) => Err(invalid("fractional seconds precision must be 0 to 9")),
            }
        };
        let no_args = |t: DataType| at_most(0).map(|_| t);
        match name.as_str() {
            "NUMBER" | "DECIMAL" | "DEC" | "NUMERIC" => {
                at_most(2)?;
                let precision = number(0)?.unwrap_or(38);
                let scale = number(1)?.unwrap_or(0);
                if !(1..=38).contains(&precision) {
                    return Err(invalid("precision must be 1 to 38"));
                }
                if scale > precision.min(37) {
                    return Err(invalid("scale must be 0 to 37 and at most the precision"));
                }
                Ok(DataType::Number {
                    precision: precision as u8,
                    scale: scale as u8,
                })
            }
            "INT" | "INTEGER" | "BIGINT" | "SMALLINT" | "TINYINT" | "BYTEINT" => {
                no_args(DataType::Number {
                    precision: 38,
                    scale: 0,
                })
            }
            "FLOAT" | "FLOAT4" | "FLOAT8" | "DOUBLE" | "DOUBLE PRECISION" | "REAL" => {
                no_args(DataType::Float)
            }
            "DECFLOAT" => no_args(DataType::Decfloat),
            "VARCHAR" | "STRING" | "TEXT" | "NVARCHAR" | "NVARCHAR2" | "CHAR VARYING"
            | "CHARACTER VARYING" | "NCHAR VARYING" => Ok(DataType::Varchar(length(
                VARCHAR_DEFAULT_LENGTH,
                VARCHAR_MAX_LENGTH,
            )?)),
            "CHAR" | "CHARACTER" | "NCHAR" => Ok(DataType::Varchar(length(1, VARCHAR_MAX_LENGTH)?)),
            "BINARY" | "VARBINARY" => Ok(DataType::Binary(length(
                BINARY_DEFAULT_LENGTH,
                BINARY_MAX_LENGTH,
            )?)),
            "BOOLEAN" | "BOOL" => no_args(DataType::Boolean),
            "DATE" => no_args(DataType::Date),
            "TIME" => Ok(DataType::Time(fractional()?)),
            "DATETIME"
            | "TIMESTAMP"
            | "TIMESTAMP_NTZ"
            | "TIMESTAMPNTZ"
            | "TIMESTAMP WITHOUT TIME ZONE" => Ok(DataType::TimestampNtz(fractional()?)),
            "TIMESTAMP_LTZ" | "TIMESTAMPLTZ" | "TIMESTAMP WITH LOCAL TIME ZONE" => {
                Ok(DataType::TimestampLtz(fractional()?))
            }
            "TIMESTAMP_TZ" | "TIMESTAMPTZ" | "TIMESTAMP WITH TIME ZONE" => {
                Ok(DataType::TimestampTz(fractional()?))
            }
            "VARIANT" => no_args(DataType::Variant),
            "OBJECT" => no_args(DataType::Object),
            "ARRAY" => no_args(DataType::Array),
            "GEOGRAPHY" => no_args(DataType::Geography),
            "GEOMETRY" => no_args(DataType::Geometry),
            "VECTOR" => {
                let element = match args.first().map(String::as_str) {
                    Some("INT") => VectorElement::Int,
                    Some("FLOAT") => VectorElement::Float,
                    _ => return Err(invalid("VECTOR takes (INT | FLOAT, dimension)")),
                };
                at_most(2)?;
                match number(1)? {
                    Some(d) if (1..=4096).contains(&d) => Ok(DataType::Vector {
                        element,
                        dimension: d as u16,
                    }),
                    _ => Err(invalid("VECTOR dimension must be 1 to 4096")),
                }
            }
            _ => Err(unknown()),
        }
    }

    /// The type without its length, precision or scale: how DESCRIBE reports the
    /// arguments of a function or policy signature (`(VAL VARCHAR)`,
    /// https://docs.snowflake.com/en/sql-reference/sql/desc-masking-policy), and what a
    /// masked column's type is matched against (a `VARCHAR(100)` column takes a
    /// `STRING` policy: https://docs.snowflake.com/en/user-guide/security-column-ddm-use).
    pub(crate) fn generic(self) -> DataType {
        use DataType::*;
        match self {
            Varchar(_) => Varchar(VARCHAR_DEFAULT_LENGTH),
            Binary(_) => Binary(BINARY_DEFAULT_LENGTH),
            Number { .. } => Number {
                precision: 38,
                scale: 0,
            },
            Time(_) => Time(9),
            TimestampNtz(_) => TimestampNtz(9),
            TimestampLtz(_) => TimestampLtz(9),
            TimestampTz(_) => TimestampTz(9),
            other => other,
        }
    }

    /// The type as a signature names it: without length, precision or scale (`VARCHAR`,
    /// `NUMBER`), since Snowflake tells overloads apart by type family (`VARCHAR(10)` and
    /// `STRING` are one), and SHOW GRANTS prints a procedure's arguments so (the Terraform
    /// provider's `ParseFunctionArgumentsFromString`: "Snowflake outputs them in a
    /// shortened version"). A VECTOR keeps its element and dimension, which Snowflake shows.
    pub(crate) fn in_signature(&self) -> String {
        let text = self.to_string();
        match text.find('(') {
            Some(i) if !matches!(self, DataType::Vector { .. }) => text[..i].to_string(),
            _ => text,
        }
    }

    /// Whether Snowflake's `ALTER TABLE … ALTER COLUMN … SET DATA TYPE` turns `self` into
    /// `to` in place: only the same type, a longer VARCHAR/BINARY, or a NUMBER with more
    /// precision at the same scale. Anything else needs a rebuild.
    pub(crate) fn alters_in_place_to(&self, to: &DataType) -> bool {
        use DataType::*;
        match (self, to) {
            (Varchar(a), Varchar(b)) | (Binary(a), Binary(b)) => b >= a,
            (
                Number {
                    precision: p1,
                    scale: s1,
                },
                Number {
                    precision: p2,
                    scale: s2,
                },
            ) => s1 == s2 && p2 >= p1,
            (a, b) => a == b,
        }
    }
}

impl fmt::Display for DataType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use DataType::*;
        match self {
            Number { precision, scale } => write!(f, "NUMBER({precision},{scale})"),
            Float => f.write_str("FLOAT"),
            Decfloat => f.write_str("DECFLOAT"),
            Varchar(n) => write!(f, "VARCHAR({n})"),
            Binary(n) => write!(f, "BINARY({n})"),
            Boolean => f.write_str("BOOLEAN"),
            Date => f.write_str("DATE"),
            Time(p) => write!(f, "TIME({p})"),
            TimestampNtz(p) => write!(f, "TIMESTAMP_NTZ({p})"),
            TimestampLtz(p) => write!(f, "TIMESTAMP_LTZ({p})"),
            TimestampTz(p) => write!(f, "TIMESTAMP_TZ({p})"),
            Variant => f.write_str("VARIANT"),
            Object => f.write_str("OBJECT"),
            Array => f.write_str("ARRAY"),
            Geography => f.write_str("GEOGRAPHY"),
            Geometry => f.write_str("GEOMETRY"),
            Vector {
                element: VectorElement::Int,
                dimension,
            } => write!(f, "VECTOR(INT, {dimension})"),
            Vector {
                element: VectorElement::Float,
                dimension,
            } => write!(f, "VECTOR(FLOAT, {dimension})"),
        }
    }
}

impl Serialize for DataType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DataType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        DataType::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for DataType {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DataType".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "description": "A Snowflake data type, e.g. NUMBER(38,0), VARCHAR, TIMESTAMP_NTZ" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(text: &str) -> String {
        DataType::parse(text).unwrap().to_string()
    }

    #[test]
    fn synonyms_map_to_the_stored_form() {
        assert_eq!(canonical("int"), "NUMBER(38,0)");
        assert_eq!(canonical("NUMBER"), "NUMBER(38,0)");
        assert_eq!(canonical("number(10)"), "NUMBER(10,0)");
        assert_eq!(canonical("decimal(10, 2)"), "NUMBER(10,2)");
        assert_eq!(canonical("string"), "VARCHAR(16777216)");
        assert_eq!(canonical("VARCHAR"), "VARCHAR(16777216)");
        assert_eq!(canonical("char"), "VARCHAR(1)");
        assert_eq!(canonical("character varying(5)"), "VARCHAR(5)");
        assert_eq!(canonical("double precision"), "FLOAT");
        assert_eq!(canonical("decfloat"), "DECFLOAT");
        assert!(DataType::parse("DECFLOAT(38)").is_err());
        assert_eq!(canonical("datetime"), "TIMESTAMP_NTZ(9)");
        assert_eq!(canonical("timestamp_ntz"), "TIMESTAMP_NTZ(9)");
        assert_eq!(canonical("timestamp with time zone(3)"), "TIMESTAMP_TZ(3)");
        assert_eq!(canonical("varbinary"), "BINARY(8388608)");
        assert_eq!(canonical("vector(float, 256)"), "VECTOR(FLOAT, 256)");
    }

    #[test]
    fn canonical_forms_parse_to_themselves() {
        for text in [
            "NUMBER(38,0)",
            "VARCHAR(16777216)",
            "TIMESTAMP_NTZ(9)",
            "BOOLEAN",
            "VECTOR(INT, 3)",
        ] {
            assert_eq!(canonical(text), text);
        }
    }

    #[test]
    fn bad_types_are_rejected() {
        assert!(matches!(
            DataType::parse("VARCHAR2X"),
            Err(DataTypeError::Unknown(_))
        ));
        assert!(DataType::parse("NUMBER(39,0)").is_err());
        assert!(DataType::parse("NUMBER(5,6)").is_err());
        assert!(DataType::parse("INT(5)").is_err());
        assert!(DataType::parse("VARCHAR(0)").is_err());
        assert!(DataType::parse("TIME(10)").is_err());
        assert!(DataType::parse("VARCHAR(10").is_err());
        assert!(DataType::parse("").is_err());
    }

    #[test]
    fn in_place_changes_follow_snowflake() {
        let t = |s| DataType::parse(s).unwrap();
        assert!(t("VARCHAR(10)").alters_in_place_to(&t("VARCHAR(20)")));
        assert!(!t("VARCHAR(20)").alters_in_place_to(&t("VARCHAR(10)")));
        assert!(t("NUMBER(10,2)").alters_in_place_to(&t("NUMBER(12,2)")));
        assert!(!t("NUMBER(10,2)").alters_in_place_to(&t("NUMBER(12,3)")));
        assert!(!t("NUMBER(38,0)").alters_in_place_to(&t("VARCHAR")));
    }
}
