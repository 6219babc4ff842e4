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
//! * Functions whose page gives a parameterless return type have it: VARIANT for
//!   PARSE_JSON, TRY_PARSE_JSON, TO_VARIANT; OBJECT for OBJECT_CONSTRUCT[_KEEP_NULL],
//!   OBJECT_AGG, OBJECT_INSERT, OBJECT_DELETE, OBJECT_PICK, TO_OBJECT; ARRAY for
//!   ARRAY_CONSTRUCT[_COMPACT], ARRAY_AGG, ARRAY_UNIQUE_AGG, TO_ARRAY, SPLIT,
//!   STRTOK_TO_ARRAY, OBJECT_KEYS, ARRAY_GENERATE_RANGE; DATE for TO_DATE, TRY_TO_DATE,
//!   DATE_FROM_PARTS; BOOLEAN for TO_BOOLEAN, TRY_TO_BOOLEAN, CONTAINS, STARTSWITH,
//!   ENDSWITH, EQUAL_NULL, REGEXP_LIKE, RLIKE, IS_NULL_VALUE, ARRAY_CONTAINS,
//!   ARRAYS_OVERLAP, BOOLAND, BOOLOR, BOOLXOR, BOOLNOT
//!   (https://docs.snowflake.com/en/sql-reference/functions/<name>, "Returns").
//! * DATE_TRUNC has its input value's type
//!   (https://docs.snowflake.com/en/sql-reference/functions/date_trunc: "the returned value
//!   is the same type as the input value").
//! * IFF, COALESCE, NVL, IFNULL and NVL2 whose result arguments all have one known type
//!   have that type (https://docs.snowflake.com/en/sql-reference/functions/iff,
//!   https://docs.snowflake.com/en/sql-reference/functions/coalesce: the result is of the
//!   arguments' common type, which for equal types is that type).
//! * TRUE and FALSE are BOOLEAN
//!   (https://docs.snowflake.com/en/sql-reference/data-types-logical).
//! * A CASE whose branches all have one known type has that type
//!   (https://docs.snowflake.com/en/sql-reference/functions/case: the result is of the
//!   branches' common type, which for equal types is that type).
//!
//! * `*` and `/` of two NUMBERs follow "Scale and precision in arithmetic operations"
//!   (https://docs.snowflake.com/en/sql-reference/operators-arithmetic), with L the
//!   leading digits (precision − scale) and precision capped at 38 as that page states:
//!   multiplication L = L1 + L2, S = min(S1 + S2, max(S1, S2, 12)); division L = L1 + S2,
//!   S = max(S1, min(S1 + 6, 12)). `+` and `-` of two NUMBERs: L = max(L1, L2) + 1,
//!   S = max(S1, S2), the same page's addition rule.
//! * AVG of NUMBER(p,s) is its SUM divided by its COUNT under the division rule:
//!   NUMBER(38, max(s, min(s + 6, 12))); of FLOAT, FLOAT. The AVG page gives no scale
//!   (https://docs.snowflake.com/en/sql-reference/functions/avg); this is the division
//!   rule applied to SUM (NUMBER(38,s)) and COUNT (NUMBER(18,0)), and it agrees with the
//!   six decimals the documented `avg` examples print for integer input
//!   (https://docs.snowflake.com/en/developer-guide/snowpark/reference/python/latest/snowpark/api/snowflake.snowpark.functions.avg).
//!
//! * A numeric literal (`[+-][digits][.digits][e[+-]digits]`,
//!   https://docs.snowflake.com/en/sql-reference/data-types-numeric#numeric-constants) is
//!   NUMBER(p, s), p its significant digits (leading zeros of the integer part aside, at
//!   least 1) and s its digits after the point, or FLOAT when it has an exponent. That
//!   page gives the format only and is silent on the type: these are the types Snowflake
//!   answers for them (`SELECT 15` → NUMBER(2,0), `0.2` → NUMBER(1,1), `15e-03` → FLOAT).
//!   With them the arithmetic rules above type `b + 1`. A sign keeps the type.
//!
//! Not derived (unknown): arithmetic with a FLOAT or a DATE operand, string functions
//! (their result length is not documented per function), string literals, window
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
        "AVG" => match first {
            // SUM(x) / COUNT(x): NUMBER(38,s) / NUMBER(18,0) under the division rule.
            Some(DataType::Number { scale, .. }) => divided(38 - scale.min(&38), *scale, 0),
            Some(DataType::Float) => ColumnType::Known(DataType::Float),
            _ => ColumnType::Unknown,
        },
        "MIN" | "MAX" | "ANY_VALUE" if args.len() == 1 => args[0].clone(),
        // SYSTIMESTAMP returns TIMESTAMP_LTZ
        // (https://docs.snowflake.com/en/sql-reference/functions/systimestamp).
        "CURRENT_TIMESTAMP" | "LOCALTIMESTAMP" | "GETDATE" | "SYSTIMESTAMP" if args.is_empty() => {
            ColumnType::Known(DataType::TimestampLtz(9))
        }
        "SYSDATE" if args.is_empty() => ColumnType::Known(DataType::TimestampNtz(9)),
        "CURRENT_DATE" if args.is_empty() => ColumnType::Known(DataType::Date),
        "PARSE_JSON" | "TRY_PARSE_JSON" | "TO_VARIANT" => ColumnType::Known(DataType::Variant),
        "OBJECT_CONSTRUCT"
        | "OBJECT_CONSTRUCT_KEEP_NULL"
        | "OBJECT_AGG"
        | "OBJECT_INSERT"
        | "OBJECT_DELETE"
        | "OBJECT_PICK"
        | "TO_OBJECT" => ColumnType::Known(DataType::Object),
        "ARRAY_CONSTRUCT"
        | "ARRAY_CONSTRUCT_COMPACT"
        | "ARRAY_AGG"
        | "ARRAY_UNIQUE_AGG"
        | "TO_ARRAY"
        | "SPLIT"
        | "STRTOK_TO_ARRAY"
        | "OBJECT_KEYS"
        | "ARRAY_GENERATE_RANGE" => ColumnType::Known(DataType::Array),
        "TO_DATE" | "TRY_TO_DATE" | "DATE_FROM_PARTS" => ColumnType::Known(DataType::Date),
        "TO_BOOLEAN" | "TRY_TO_BOOLEAN" | "CONTAINS" | "STARTSWITH" | "ENDSWITH" | "EQUAL_NULL"
        | "REGEXP_LIKE" | "RLIKE" | "IS_NULL_VALUE" | "ARRAY_CONTAINS" | "ARRAYS_OVERLAP"
        | "BOOLAND" | "BOOLOR" | "BOOLXOR" | "BOOLNOT" => boolean(),
        "DATE_TRUNC" if args.len() == 2 => args[1].clone(),
        "IFF" if args.len() == 3 => common(&args[1..]),
        "NVL2" if args.len() == 3 => common(&args[1..]),
        "COALESCE" | "NVL" | "IFNULL" if !args.is_empty() => common(args),
        _ => ColumnType::Unknown,
    }
}

/// An arithmetic operator of the four the rules cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Arithmetic {
    Add,
    Subtract,
    Multiply,
    Divide,
}

/// The type of `left <op> right` when both are NUMBERs (see the module's rules).
pub(super) fn arithmetic(op: Arithmetic, left: &ColumnType, right: &ColumnType) -> ColumnType {
    let (
        Some(DataType::Number {
            precision: p1,
            scale: s1,
        }),
        Some(DataType::Number {
            precision: p2,
            scale: s2,
        }),
    ) = (left.known(), right.known())
    else {
        return ColumnType::Unknown;
    };
    let (l1, l2) = (p1.saturating_sub(*s1), p2.saturating_sub(*s2));
    match op {
        Arithmetic::Add | Arithmetic::Subtract => number(l1.max(l2).saturating_add(1), *s1.max(s2)),
        Arithmetic::Multiply => number(
            l1.saturating_add(l2),
            s1.saturating_add(*s2).min(*s1.max(s2).max(&12)),
        ),
        Arithmetic::Divide => divided(l1, *s1, *s2),
    }
}

/// Division of a numerator with `leading` digits and scale `s1` by a denominator of
/// scale `s2`: L = L1 + S2, S = max(S1, min(S1 + 6, 12)).
fn divided(leading: u8, s1: u8, s2: u8) -> ColumnType {
    number(
        leading.saturating_add(s2),
        s1.max(s1.saturating_add(6).min(12)),
    )
}

/// NUMBER(L + S, S), precision capped at 38 ("precision in Snowflake is always limited
/// to 38").
fn number(leading: u8, scale: u8) -> ColumnType {
    ColumnType::Known(DataType::Number {
        precision: leading.saturating_add(scale).min(38),
        scale,
    })
}

/// A numeric literal's type (see the module's rules); unknown past 38 digits.
pub(super) fn numeric_literal(text: &str) -> ColumnType {
    if text.contains(['e', 'E']) {
        return ColumnType::Known(DataType::Float);
    }
    let (integer, fraction) = text.split_once('.').unwrap_or((text, ""));
    let integer = integer
        .trim_start_matches(['+', '-'])
        .trim_start_matches('0');
    let digits = integer.len() + fraction.len();
    match (u8::try_from(digits.max(1)), u8::try_from(fraction.len())) {
        (Ok(precision), Ok(scale)) if precision <= 38 => ColumnType::Known(DataType::Number {
            precision: precision.max(scale).max(1),
            scale,
        }),
        _ => ColumnType::Unknown,
    }
}

/// The type of a signed operand: a number keeps its type.
pub(super) fn signed(operand: ColumnType) -> ColumnType {
    match operand.known() {
        Some(DataType::Number { .. } | DataType::Float) => operand,
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
        // SUM NUMBER(38,2) / COUNT NUMBER(18,0): scale max(2, min(8, 12)) = 8.
        assert_eq!(function("AVG", &[number(12, 2)]), number(38, 8));
        // Integers average to six decimals, as the documented examples print.
        assert_eq!(function("AVG", &[number(38, 0)]), number(38, 6));
        assert_eq!(function("AVG", &[number(20, 14)]), number(38, 14));
        assert_eq!(function("AVG", &[ColumnType::Unknown]), ColumnType::Unknown);
        assert_eq!(function("SUM", &[ColumnType::Unknown]), ColumnType::Unknown);
    }

    /// The page's own examples: 10.01 (NUMBER(4,2)) * 1.1 (NUMBER(2,1)) prints 11.011,
    /// three decimals; the leading digits add up.
    #[test]
    fn arithmetic_follows_the_documented_scale_and_precision_rules() {
        use Arithmetic::*;
        assert_eq!(
            arithmetic(Multiply, &number(4, 2), &number(2, 1)),
            number(6, 3)
        );
        // Scales past 12 are not extended further: the larger input scale is kept.
        assert_eq!(
            arithmetic(Multiply, &number(20, 10), &number(20, 10)),
            number(32, 12)
        );
        assert_eq!(
            arithmetic(Multiply, &number(38, 0), &number(38, 0)),
            number(38, 0)
        );
        // Division adds six digits of scale up to 12, and the denominator's scale to the
        // leading digits.
        assert_eq!(
            arithmetic(Divide, &number(10, 2), &number(5, 1)),
            number(17, 8)
        );
        assert_eq!(
            arithmetic(Divide, &number(20, 14), &number(5, 0)),
            number(20, 14)
        );
        assert_eq!(
            arithmetic(Add, &number(10, 2), &number(5, 4)),
            number(13, 4)
        );
        assert_eq!(
            arithmetic(Subtract, &number(38, 0), &number(38, 0)),
            number(38, 0)
        );
        let float = ColumnType::Known(DataType::Float);
        assert_eq!(arithmetic(Add, &float, &number(1, 0)), ColumnType::Unknown);
        assert_eq!(
            arithmetic(Add, &ColumnType::Unknown, &number(1, 0)),
            ColumnType::Unknown
        );
    }

    /// Return types the function pages state, and the common type of IFF / COALESCE /
    /// NVL branches.
    #[test]
    fn documented_return_types() {
        let known = |t| ColumnType::Known(t);
        assert_eq!(
            function("PARSE_JSON", &[ColumnType::Unknown]),
            known(DataType::Variant)
        );
        assert_eq!(function("OBJECT_CONSTRUCT", &[]), known(DataType::Object));
        assert_eq!(
            function("ARRAY_AGG", &[number(1, 0)]),
            known(DataType::Array)
        );
        assert_eq!(
            function("TO_DATE", &[ColumnType::Unknown]),
            known(DataType::Date)
        );
        assert_eq!(
            function("CONTAINS", &[ColumnType::Unknown, ColumnType::Unknown]),
            boolean()
        );
        let ts = known(DataType::TimestampNtz(9));
        assert_eq!(
            function("DATE_TRUNC", &[ColumnType::Unknown, ts.clone()]),
            ts
        );
        assert_eq!(
            function("IFF", &[boolean(), number(5, 2), number(5, 2)]),
            number(5, 2)
        );
        assert_eq!(
            function("IFF", &[boolean(), number(5, 2), number(6, 2)]),
            ColumnType::Unknown
        );
        assert_eq!(
            function("COALESCE", &[number(3, 0), number(3, 0)]),
            number(3, 0)
        );
        assert_eq!(
            function("NVL", &[number(3, 0), ColumnType::Unknown]),
            ColumnType::Unknown
        );
        assert_eq!(function("COALESCE", &[]), ColumnType::Unknown);
    }

    #[test]
    fn numeric_literals_take_their_digits() {
        assert_eq!(numeric_literal("15"), number(2, 0));
        assert_eq!(numeric_literal("0.2"), number(1, 1));
        assert_eq!(numeric_literal("1.50"), number(3, 2));
        assert_eq!(numeric_literal("0"), number(1, 0));
        assert_eq!(
            numeric_literal("15e-03"),
            ColumnType::Known(DataType::Float)
        );
        assert_eq!(numeric_literal(&"9".repeat(39)), ColumnType::Unknown);
        // `b + 1` with b NUMBER(38,0): L = max(38, 1) + 1, capped at 38.
        assert_eq!(
            arithmetic(Arithmetic::Add, &number(38, 0), &numeric_literal("1")),
            number(38, 0)
        );
        assert_eq!(
            arithmetic(
                Arithmetic::Multiply,
                &number(10, 2),
                &numeric_literal("1.5")
            ),
            number(12, 3)
        );
    }

    #[test]
    fn branches_share_a_type_only_when_all_agree() {
        assert_eq!(common(&[number(1, 0), number(1, 0)]), number(1, 0));
        assert_eq!(common(&[number(1, 0), number(2, 0)]), ColumnType::Unknown);
        assert_eq!(common(&[]), ColumnType::Unknown);
    }
}
