//! Expressions: every column reference in them is resolved against the scope, and each
//! expression gets a type by the rules of `types.rs`. Expression forms the binder does
//! not model are accepted without looking inside (type unknown): a missed check is a
//! false negative, never a false error.

use sqlparser::ast::{
    BinaryOperator, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArguments, InTarget,
    Spanned, UnaryOperator, WindowType,
};

use super::query::Binder;
use super::scope::{Resolved, Scope, fold};
use super::{BindError, BindErrorKind, ColumnType, types};
use crate::model::identifier::Ident;

/// An expression's type and whether it may be null.
pub(super) struct Typed {
    pub(crate) data_type: ColumnType,
    pub(crate) nullable: bool,
}

impl Typed {
    fn unknown() -> Typed {
        Typed {
            data_type: ColumnType::Unknown,
            nullable: true,
        }
    }

    fn of(data_type: ColumnType) -> Typed {
        Typed {
            data_type,
            nullable: true,
        }
    }
}

/// Expressions nested deeper than this are accepted unbound: the binder's recursion stays
/// bounded whatever the input (sqlparser's own limit bounds most nesting already).
const MAX_DEPTH: usize = 200;

/// Date and time parts, which DATEADD, DATEDIFF, DATE_TRUNC, DATE_PART, LAST_DAY … take as
/// bare words (https://docs.snowflake.com/en/sql-reference/functions-date-time#supported-date-and-time-parts):
/// such an argument is not a column reference.
const DATE_PARTS: &[&str] = &[
    "YEAR",
    "Y",
    "YY",
    "YYY",
    "YYYY",
    "YR",
    "YEARS",
    "YRS",
    "MONTH",
    "MM",
    "MON",
    "MONS",
    "MONTHS",
    "DAY",
    "D",
    "DD",
    "DAYS",
    "DAYOFMONTH",
    "DAYOFWEEK",
    "WEEKDAY",
    "DOW",
    "DW",
    "DAYOFWEEKISO",
    "WEEKDAY_ISO",
    "DOW_ISO",
    "DW_ISO",
    "DAYOFYEAR",
    "YEARDAY",
    "DOY",
    "DY",
    "WEEK",
    "W",
    "WK",
    "WEEKOFYEAR",
    "WOY",
    "WY",
    "WEEKISO",
    "WEEK_ISO",
    "WEEKOFYEARISO",
    "WEEKOFYEAR_ISO",
    "QUARTER",
    "Q",
    "QTR",
    "QTRS",
    "QUARTERS",
    "YEAROFWEEK",
    "YEAROFWEEKISO",
    "HOUR",
    "H",
    "HH",
    "HR",
    "HOURS",
    "HRS",
    "MINUTE",
    "M",
    "MI",
    "MIN",
    "MINUTES",
    "MINS",
    "SECOND",
    "S",
    "SEC",
    "SECONDS",
    "SECS",
    "MILLISECOND",
    "MS",
    "MSEC",
    "MILLISECONDS",
    "MICROSECOND",
    "US",
    "USEC",
    "MICROSECONDS",
    "NANOSECOND",
    "NS",
    "NSEC",
    "NANOSEC",
    "NSECOND",
    "NANOSECONDS",
    "NANOSECS",
    "NSECONDS",
    "EPOCH_SECOND",
    "EPOCH",
    "EPOCH_SECONDS",
    "EPOCH_MILLISECOND",
    "EPOCH_MILLISECONDS",
    "EPOCH_MICROSECOND",
    "EPOCH_MICROSECONDS",
    "EPOCH_NANOSECOND",
    "EPOCH_NANOSECONDS",
    "TIMEZONE_HOUR",
    "TZH",
    "TIMEZONE_MINUTE",
    "TZM",
];

/// Words Snowflake reads as values, not columns, when written without parentheses
/// (https://docs.snowflake.com/en/sql-reference/functions/current_date and its siblings;
/// SQLROWCOUNT and friends in Snowflake Scripting,
/// https://docs.snowflake.com/en/developer-guide/snowflake-scripting/dml-status).
const BARE_VALUES: &[&str] = &[
    "CURRENT_DATE",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "LOCALTIME",
    "LOCALTIMESTAMP",
    "CURRENT_USER",
    "CURRENT_ROLE",
    "SYSDATE",
    "SQLROWCOUNT",
    "SQLFOUND",
    "SQLNOTFOUND",
    "SQLID",
    // `VALUES (…, DEFAULT)`: the column's default
    // (https://docs.snowflake.com/en/sql-reference/sql/insert); a reserved word, never an
    // unquoted column name.
    "DEFAULT",
];

impl Binder<'_> {
    pub(super) fn expr(&mut self, e: &Expr, scope: &Scope<'_>) -> Result<Typed, BindError> {
        if self.depth >= MAX_DEPTH {
            return Ok(Typed::unknown());
        }
        self.depth += 1;
        let result = self.expr_inner(e, scope);
        self.depth -= 1;
        result
    }

    fn exprs<'e>(
        &mut self,
        es: impl IntoIterator<Item = &'e Expr>,
        scope: &Scope<'_>,
    ) -> Result<Vec<ColumnType>, BindError> {
        es.into_iter()
            .map(|e| self.expr(e, scope).map(|t| t.data_type))
            .collect()
    }

    fn predicate<'e>(
        &mut self,
        es: impl IntoIterator<Item = &'e Expr>,
        scope: &Scope<'_>,
    ) -> Result<Typed, BindError> {
        self.exprs(es, scope)?;
        Ok(Typed::of(types::boolean()))
    }

    fn expr_inner(&mut self, e: &Expr, scope: &Scope<'_>) -> Result<Typed, BindError> {
        match e {
            Expr::Identifier(ident) => {
                let upper = ident.value.to_uppercase();
                if ident.quote_style.is_none()
                    && (BARE_VALUES.contains(&upper.as_str()) || upper.starts_with("METADATA$"))
                {
                    return Ok(Typed::unknown());
                }
                self.reference(std::slice::from_ref(ident), scope)
            }
            Expr::CompoundIdentifier(parts) => self.reference(parts, scope),
            Expr::JsonAccess { value, .. } => {
                self.expr(value, scope)?;
                Ok(Typed::of(ColumnType::Known(
                    crate::model::data_type::DataType::Variant,
                )))
            }
            Expr::CompoundFieldAccess { root, .. } => {
                self.expr(root, scope)?;
                Ok(Typed::unknown())
            }
            Expr::Cast {
                expr, data_type, ..
            } => {
                let inner = self.expr(expr, scope)?;
                Ok(Typed {
                    data_type: types::cast_target(data_type),
                    nullable: inner.nullable,
                })
            }
            Expr::Nested(inner) => self.expr(inner, scope),
            Expr::BinaryOp { left, op, right } => {
                let left = self.expr(left, scope)?;
                let right = self.expr(right, scope)?;
                let arithmetic = |op| types::arithmetic(op, &left.data_type, &right.data_type);
                Ok(Typed::of(match op {
                    BinaryOperator::Plus => arithmetic(types::Arithmetic::Add),
                    BinaryOperator::Minus => arithmetic(types::Arithmetic::Subtract),
                    BinaryOperator::Multiply => arithmetic(types::Arithmetic::Multiply),
                    BinaryOperator::Divide => arithmetic(types::Arithmetic::Divide),
                    BinaryOperator::Gt
                    | BinaryOperator::Lt
                    | BinaryOperator::GtEq
                    | BinaryOperator::LtEq
                    | BinaryOperator::Eq
                    | BinaryOperator::NotEq
                    | BinaryOperator::And
                    | BinaryOperator::Or => types::boolean(),
                    _ => ColumnType::Unknown,
                }))
            }
            Expr::UnaryOp { op, expr } => {
                let inner = self.expr(expr, scope)?;
                Ok(Typed::of(match op {
                    UnaryOperator::Not => types::boolean(),
                    // A sign keeps its operand's type: `-1` is the literal `1` negated.
                    UnaryOperator::Minus | UnaryOperator::Plus => types::signed(inner.data_type),
                    _ => ColumnType::Unknown,
                }))
            }
            Expr::IsNull(x)
            | Expr::IsNotNull(x)
            | Expr::IsTrue(x)
            | Expr::IsNotTrue(x)
            | Expr::IsFalse(x)
            | Expr::IsNotFalse(x)
            | Expr::IsUnknown(x)
            | Expr::IsNotUnknown(x) => {
                self.expr(x, scope)?;
                Ok(Typed {
                    data_type: types::boolean(),
                    nullable: false,
                })
            }
            Expr::IsDistinctFrom(a, b) | Expr::IsNotDistinctFrom(a, b) => {
                self.predicate([a.as_ref(), b.as_ref()], scope)
            }
            Expr::In { expr, target, .. } => {
                self.expr(expr, scope)?;
                match target {
                    InTarget::List(list) => {
                        self.exprs(list, scope)?;
                    }
                    InTarget::Subquery(q) => {
                        self.query(q, scope)?;
                    }
                    // UNNEST and table targets are not Snowflake's: accepted.
                    _ => {}
                }
                Ok(Typed::of(types::boolean()))
            }
            Expr::Between {
                expr, low, high, ..
            } => self.predicate([expr.as_ref(), low.as_ref(), high.as_ref()], scope),
            Expr::Like { expr, pattern, .. } | Expr::ILike { expr, pattern, .. } => {
                self.expr(expr, scope)?;
                match all_patterns(pattern) {
                    Some(patterns) => self.predicate(patterns, scope),
                    None => self.predicate([pattern.as_ref()], scope),
                }
            }
            Expr::SimilarTo { expr, pattern, .. } | Expr::RLike { expr, pattern, .. } => {
                self.predicate([expr.as_ref(), pattern.as_ref()], scope)
            }
            Expr::Lambda(lambda) => self.lambda(lambda, scope),
            Expr::AnyOp { left, right, .. } | Expr::AllOp { left, right, .. } => {
                self.predicate([left.as_ref(), right.as_ref()], scope)
            }
            Expr::Case {
                operand,
                conditions,
                else_result,
                ..
            } => {
                if let Some(operand) = operand {
                    self.expr(operand, scope)?;
                }
                let mut results = Vec::new();
                for when in conditions {
                    self.expr(&when.condition, scope)?;
                    results.push(self.expr(&when.result, scope)?.data_type);
                }
                if let Some(e) = else_result {
                    results.push(self.expr(e, scope)?.data_type);
                }
                Ok(Typed::of(types::common(&results)))
            }
            Expr::Exists { subquery, .. } => {
                self.query(subquery, scope)?;
                Ok(Typed {
                    data_type: types::boolean(),
                    nullable: false,
                })
            }
            Expr::Subquery(q) => {
                let output = self.query(q, scope)?;
                Ok(Typed::of(self.scalar_type(q, &output)))
            }
            Expr::Function(f) => self.function(f, scope),
            Expr::Tuple(items) => {
                self.exprs(items, scope)?;
                Ok(Typed::unknown())
            }
            Expr::Extract { expr, .. }
            | Expr::Ceil { expr, .. }
            | Expr::Floor { expr, .. }
            | Expr::Collate { expr, .. } => {
                self.expr(expr, scope)?;
                Ok(Typed::unknown())
            }
            Expr::Position { expr, r#in } => {
                self.exprs([expr.as_ref(), r#in.as_ref()], scope)?;
                Ok(Typed::unknown())
            }
            Expr::Substring {
                expr,
                substring_from,
                substring_for,
                ..
            } => {
                self.expr(expr, scope)?;
                self.exprs(
                    substring_from
                        .iter()
                        .chain(substring_for)
                        .map(|b| b.as_ref()),
                    scope,
                )?;
                Ok(Typed::unknown())
            }
            Expr::Trim {
                expr, trim_what, ..
            } => {
                self.expr(expr, scope)?;
                self.exprs(trim_what.iter().map(|b| b.as_ref()), scope)?;
                Ok(Typed::unknown())
            }
            Expr::AtTimeZone {
                timestamp,
                time_zone,
            } => {
                self.exprs([timestamp.as_ref(), time_zone.as_ref()], scope)?;
                Ok(Typed::unknown())
            }
            Expr::Value(v) if matches!(v.value, sqlparser::ast::Value::Number(..)) => {
                let sqlparser::ast::Value::Number(text, _) = &v.value else {
                    return Ok(Typed::unknown());
                };
                Ok(Typed {
                    data_type: types::numeric_literal(text),
                    nullable: false,
                })
            }
            Expr::Value(v) if matches!(v.value, sqlparser::ast::Value::Boolean(_)) => Ok(Typed {
                data_type: types::boolean(),
                nullable: false,
            }),
            // Literals, bind variables (`:x`, `$1`), and every form the binder does not
            // model: accepted, type unknown.
            _ => Ok(Typed::unknown()),
        }
    }

    /// A column reference, resolved in the scope.
    fn reference(
        &mut self,
        parts: &[sqlparser::ast::Ident],
        scope: &Scope<'_>,
    ) -> Result<Typed, BindError> {
        let folded: Vec<Ident> = parts.iter().map(fold).collect();
        match scope.resolve(&folded) {
            Resolved::Column(c) => Ok(Typed {
                data_type: c.data_type,
                nullable: c.nullable,
            }),
            Resolved::Accepted => Ok(Typed::unknown()),
            Resolved::Missing => {
                let written: Vec<String> = folded.iter().map(|i| i.to_sql().into_owned()).collect();
                let range = match (parts.first(), parts.last()) {
                    (Some(first), Some(last)) => {
                        super::parse::range(self.text, first.span.start, last.span.end)
                    }
                    _ => None,
                };
                Err(BindError {
                    kind: BindErrorKind::InvalidIdentifier(written.join(".")),
                    range,
                })
            }
        }
    }

    /// A lambda of a higher-order function (`x -> …`, `(acc, v) -> …`,
    /// https://docs.snowflake.com/en/user-guide/querying-semistructured#label-higher-order-functions):
    /// its body is bound with the lambda's arguments in scope before the query's names
    /// (an argument hides a column of its name, as an inner scope does). The pages of
    /// FILTER, TRANSFORM and REDUCE do not say whether a body may read the query's
    /// columns; it is accepted (a name that is neither an argument nor a column is
    /// refused either way). Its type is not derived.
    fn lambda(
        &mut self,
        lambda: &sqlparser::ast::LambdaFunction,
        scope: &Scope<'_>,
    ) -> Result<Typed, BindError> {
        let mut inner = scope.child();
        inner.variables = lambda.params.iter().map(|p| fold(&p.name)).collect();
        self.expr(&lambda.body, &inner)?;
        Ok(Typed::unknown())
    }

    fn function(&mut self, f: &Function, scope: &Scope<'_>) -> Result<Typed, BindError> {
        if let Some(named) = identifier_literal(f) {
            // `IDENTIFIER('<name>')` is a name written as a string, "not a true function"
            // (https://docs.snowflake.com/en/sql-reference/identifier-literal): a column
            // reference here. A string that is not a name is accepted unresolved.
            return match crate::model::identifier::split_parts(named) {
                Ok(parts) if (1..=4).contains(&parts.len()) => match scope.resolve(&parts) {
                    Resolved::Column(c) => Ok(Typed {
                        data_type: c.data_type,
                        nullable: c.nullable,
                    }),
                    Resolved::Accepted => Ok(Typed::unknown()),
                    Resolved::Missing => Err(BindError {
                        kind: BindErrorKind::InvalidIdentifier(
                            parts
                                .iter()
                                .map(|p| p.to_sql().into_owned())
                                .collect::<Vec<_>>()
                                .join("."),
                        ),
                        range: self.span_range(f.span()),
                    }),
                },
                _ => Ok(Typed::unknown()),
            };
        }
        let parts = f
            .name
            .0
            .iter()
            .map(|p| p.as_ident().map(super::scope::fold))
            .collect::<Option<Vec<_>>>();
        // IDENTIFIER(<variable>) is a name too, never a call of a function.
        if let Some(parts) = parts
            .as_ref()
            .filter(|p| !matches!(p.as_slice(), [one] if one.as_str() == "IDENTIFIER"))
        {
            self.functions.push(parts.clone());
        }
        let name = f
            .name
            .0
            .last()
            .and_then(|p| p.as_ident())
            .map(|i| i.value.to_uppercase())
            .unwrap_or_default();
        let mut arg_types = Vec::new();
        match &f.args {
            FunctionArguments::List(list) => {
                for arg in &list.args {
                    let expr = match arg {
                        FunctionArg::Unnamed(FunctionArgExpr::Expr(e))
                        | FunctionArg::Named {
                            arg: FunctionArgExpr::Expr(e),
                            ..
                        }
                        | FunctionArg::ExprNamed {
                            arg: FunctionArgExpr::Expr(e),
                            ..
                        } => e,
                        // `*`, `t.*`: nothing to resolve here.
                        _ => {
                            arg_types.push(ColumnType::Unknown);
                            continue;
                        }
                    };
                    if is_date_part(expr) {
                        arg_types.push(ColumnType::Unknown);
                        continue;
                    }
                    arg_types.push(self.expr(expr, scope)?.data_type);
                }
            }
            FunctionArguments::Subquery(q) => {
                self.query(q, scope)?;
            }
            FunctionArguments::None => {}
        }
        for order in &f.within_group {
            self.expr(&order.expr, scope)?;
        }
        if let Some(filter) = &f.filter {
            self.expr(filter, scope)?;
        }
        if f.over.is_some() {
            self.uses.window = true;
        }
        if let Some(WindowType::WindowSpec(spec)) = &f.over {
            self.exprs(&spec.partition_by, scope)?;
            self.exprs(spec.order_by.iter().map(|o| &o.expr), scope)?;
        }
        let builtin = types::function(&name, &arg_types);
        // A user-defined function has the type its RETURNS declares
        // (https://docs.snowflake.com/en/sql-reference/sql/create-function).
        let user = match (&builtin, &parts) {
            (ColumnType::Unknown, Some(parts)) => self.relations.function(parts, arg_types.len()),
            _ => None,
        };
        self.uses.user_function |= user.is_some();
        Ok(Typed::of(user.unwrap_or(builtin)))
    }
}

/// The string of `IDENTIFIER('<name>')` written where an expression goes; `None` for any
/// other call (a variable argument names nothing the binder knows).
pub(super) fn identifier_literal(f: &Function) -> Option<&str> {
    let [name] = f.name.0.as_slice() else {
        return None;
    };
    let name = name.as_ident()?;
    if name.quote_style.is_some() || !name.value.eq_ignore_ascii_case("IDENTIFIER") {
        return None;
    }
    let FunctionArguments::List(list) = &f.args else {
        return None;
    };
    match list.args.as_slice() {
        [FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Value(v)))] => match &v.value {
            sqlparser::ast::Value::SingleQuotedString(text) => Some(text),
            _ => None,
        },
        _ => None,
    }
}

/// The patterns of `LIKE ALL (p, …)` / `ILIKE ALL (…)`
/// (https://docs.snowflake.com/en/sql-reference/functions/like_all), which sqlparser
/// reads as a call of a function named ALL: they are patterns, not a call. `None` for
/// any other pattern.
fn all_patterns(pattern: &Expr) -> Option<Vec<&Expr>> {
    let Expr::Function(f) = pattern else {
        return None;
    };
    let [name] = f.name.0.as_slice() else {
        return None;
    };
    let name = name.as_ident()?;
    if name.quote_style.is_some() || !name.value.eq_ignore_ascii_case("ALL") {
        return None;
    }
    let FunctionArguments::List(list) = &f.args else {
        return None;
    };
    list.args
        .iter()
        .map(|arg| match arg {
            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
            _ => None,
        })
        .collect()
}

/// A bare date or time part (`DATEADD(day, …)`): a keyword, not a column.
fn is_date_part(e: &Expr) -> bool {
    matches!(e, Expr::Identifier(i)
        if i.quote_style.is_none() && DATE_PARTS.contains(&i.value.to_uppercase().as_str()))
}
