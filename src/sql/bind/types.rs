//! The type rules the binder derives output column types with, each with the page it
//! follows (and what that page leaves unsaid); everything else is [`ColumnType::Unknown`]
//! rather than a guess.
//!
//! * A column reference has its column's type.
//! * `CAST(x AS T)`, `x::T`, `TRY_CAST(x AS T)` have type T
//!   (https://docs.snowflake.com/en/sql-reference/functions/cast).
//! * A semi-structured path (`v:a.b`, `v['a']`) is a VARIANT: traversing semi-structured
//!   data yields VARIANT values (https://docs.snowflake.com/en/user-guide/querying-semistructured).
//! * Comparisons, AND / OR / NOT, IS [NOT] NULL, IN, BETWEEN, LIKE and EXISTS are BOOLEAN
//!   (https://docs.snowflake.com/en/sql-reference/operators-logical).
//! * COUNT and COUNT_IF are NUMBER(18,0): the docs give NUMBER
//!   (https://docs.snowflake.com/en/sql-reference/functions/count) and are silent on
//!   precision and scale; (18,0) is what DESCRIBE shows.
//! * SUM of NUMBER(p,s) is NUMBER(38,s), of FLOAT is FLOAT: the docs give NUMBER for a
//!   NUMBER column and FLOAT for a FLOAT one
//!   (https://docs.snowflake.com/en/sql-reference/functions/sum,
//!   https://docs.snowflake.com/en/sql-reference/functions/dmf_sum) and are silent on
//!   precision and scale; the widest precision with the input's scale is what DESCRIBE
//!   shows.
//! * MIN, MAX and ANY_VALUE have their argument's type
//!   (https://docs.snowflake.com/en/sql-reference/functions/min).
//! * CURRENT_TIMESTAMP / LOCALTIMESTAMP / GETDATE are TIMESTAMP_LTZ(9), SYSDATE is
//!   TIMESTAMP_NTZ(9), CURRENT_DATE is DATE
//!   (https://docs.snowflake.com/en/sql-reference/functions/current_timestamp,
//!   https://docs.snowflake.com/en/sql-reference/functions/sysdate).
//! * A CASE whose branches all have one known type has that type
//!   (https://docs.snowflake.com/en/sql-reference/functions/case: the result is of the
//!   branches' common type, which for equal types is that type).
//!
//! Not derived (unknown): arithmetic (Snowflake's scale and precision rules for `*` and
//! `/` depend on leading digits), AVG (its result scale is not documented), string
//! functions (their result length is not documented per function), literals, window
//! ranking functions.

use super::ColumnType;
use crate::model::data_type::DataType;

/// BOOLEAN, the type of every predicate.
pub(super) fn boolean() -> ColumnType {
    ColumnType::Known(DataType::Boolean)
}

/// The type a function call returns, from its upper-case name and its arguments' types.
pub(super) fn function(name: &str, args: &[ColumnType]) -> ColumnType {
    let first = args.first().and_then(ColumnType::known);
    match name {
        "COUNT" | "COUNT_IF" => ColumnType::Known(DataType::Number {
            precision: 18,
            scale: 0,
        }),
        "SUM" => match first {
            Some(DataType::Number { scale, .. }) => ColumnType::Known(DataType::Number {
                precision: 38,
                scale: *scale,
            }),
            Some(DataType::Float) => ColumnType::Known(DataType::Float),
            _ => ColumnType::Unknown,
        },
        "MIN" | "MAX" | "ANY_VALUE" if args.len() == 1 => args[0].clone(),
        "CURRENT_TIMESTAMP" | "LOCALTIMESTAMP" | "GETDATE" if args.is_empty() => {
            ColumnType::Known(DataType::TimestampLtz(9))
        }
        "SYSDATE" if args.is_empty() => ColumnType::Known(DataType::TimestampNtz(9)),
        "CURRENT_DATE" if args.is_empty() => ColumnType::Known(DataType::Date),
        _ => ColumnType::Unknown,
    }
}

/// The type a cast target names, when lakeform's type model reads it.
pub(super) fn cast_target(data_type: &sqlparser::ast::DataType) -> ColumnType {
    DataType::parse(&data_type.to_string()).map_or(ColumnType::Unknown, ColumnType::Known)
}

/// One type for several branches: theirs when all agree and are known.
pub(super) fn common(types: &[ColumnType]) -> ColumnType {
    match types.split_first() {
        Some((first, rest)) if first.known().is_some() && rest.iter().all(|t| t == first) => {
            first.clone()
        }
        _ => ColumnType::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(precision: u8, scale: u8) -> ColumnType {
        ColumnType::Known(DataType::Number { precision, scale })
    }

    #[test]
    fn aggregates_follow_the_documented_rules() {
        assert_eq!(function("COUNT", &[ColumnType::Unknown]), number(18, 0));
        assert_eq!(function("SUM", &[number(12, 2)]), number(38, 2));
        assert_eq!(
            function("SUM", &[ColumnType::Known(DataType::Float)]),
            ColumnType::Known(DataType::Float)
        );
        assert_eq!(function("MAX", &[number(10, 2)]), number(10, 2));
        assert_eq!(function("AVG", &[number(12, 2)]), ColumnType::Unknown);
        assert_eq!(function("SUM", &[ColumnType::Unknown]), ColumnType::Unknown);
    }

    #[test]
    fn branches_share_a_type_only_when_all_agree() {
        assert_eq!(common(&[number(1, 0), number(1, 0)]), number(1, 0));
        assert_eq!(common(&[number(1, 0), number(2, 0)]), ColumnType::Unknown);
        assert_eq!(common(&[]), ColumnType::Unknown);
    }
}
