//! A top-level query answered without data: the sandbox's tables hold no rows, so a
//! query's answer is its bound output columns and the rows that follow from that alone.
//!
//! The rows, decided here once (README "The sandbox" says the same):
//! * a relation of the catalog (table, view, stream, dynamic table) has no rows;
//! * a query without FROM has one row, and a VALUES list its rows;
//! * CTEs and derived tables carry their rows to the query that reads them;
//! * an aggregate without GROUP BY over rows the evaluator knows answers one row: COUNT
//!   is the row count, every other aggregate NULL over no rows
//!   (https://docs.snowflake.com/en/sql-reference/functions-aggregation: aggregates
//!   return NULL on empty input, COUNT returns 0);
//! * UNION [ALL], INTERSECT, EXCEPT / MINUS, DISTINCT and LIMIT / OFFSET apply to known
//!   rows (https://docs.snowflake.com/en/sql-reference/operators-query).
//!
//! A value is computed only from literals, column values carried from a CTE or derived
//! table, the context functions the caller passes (`constants`) and integer `+ - *`;
//! any other value is NULL rather than a guess. Rows that cannot be known (a filter the
//! evaluator cannot decide, a table function, INFORMATION_SCHEMA, a join of known rows)
//! make the answer empty: the sandbox never invents a row.

use std::collections::HashSet;
use std::rc::Rc;

use sqlparser::ast::{
    BinaryOperator, Distinct, Expr, FunctionArguments, GroupByExpr, LimitClause, Query, Select,
    SelectItem, SetExpr, SetOperator, SetQuantifier, TableFactor, UnaryOperator, Value,
};

use super::parse::SyntaxError;
use super::query::Binder;
use super::scope::{Scope, fold};
use super::{BindError, BoundColumn, Relations};
use crate::model::identifier::Ident;

/// A cell: NULL as `None`, as the SQL API carries it.
type Cell = Option<String>;

/// A query's answer.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Answer {
    pub(crate) columns: Vec<BoundColumn>,
    pub(crate) rows: Vec<Vec<Cell>>,
    /// Every function the query calls (scalar and table), as written, folded.
    pub(crate) functions: Vec<Vec<Ident>>,
    /// What it names that must exist beyond the names in its FROM clauses.
    pub(crate) named: Named,
}

/// What a query names that must exist, as written, folded: the relations its table
/// literals (`TABLE('<name>')`) name and the named stages it reads files from.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Named {
    pub(crate) relations: Vec<Vec<Ident>>,
    pub(crate) stages: Vec<Vec<Ident>>,
}

/// Why a query has no answer.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum AnswerError {
    /// sqlparser cannot parse it.
    Syntax(SyntaxError),
    /// It does not compile against the catalog.
    Bind(BindError),
    /// Its output columns cannot be named (a `*` over a table function's columns) or it
    /// cannot be read at all (too long, not a query). With it, what it names that must
    /// exist all the same.
    Unsupported(Named),
}

/// Compiles `text` against `relations` and answers it. `constants` are the values of the
/// context functions (`CURRENT_DATABASE`, …) by upper-case name.
pub(crate) fn answer_query(
    text: &str,
    relations: &dyn Relations,
    constants: &[(String, Cell)],
) -> Result<Answer, AnswerError> {
    let parsed = super::parse::with_query_or_error(text, |q| {
        let mut binder = Binder::new(relations, text);
        binder.query(q, &Scope::root()).map_err(AnswerError::Bind)?;
        let named = Named {
            relations: std::mem::take(&mut binder.named_by_literal),
            stages: std::mem::take(&mut binder.stages),
        };
        let Some(columns) = binder.projected_columns() else {
            return Err(AnswerError::Unsupported(named));
        };
        let evaluator = Evaluator {
            constants,
            budget: std::cell::Cell::new(ROW_BUDGET),
        };
        let rows = evaluator
            .query(q, None)
            .map(|r| r.rows)
            .unwrap_or_default()
            .into_iter()
            .map(|row| {
                let mut row: Vec<Cell> = row.into_iter().map(|v| v.into_cell()).collect();
                row.resize(columns.len(), None);
                row
            })
            .collect();
        Ok(Answer {
            columns,
            rows,
            functions: std::mem::take(&mut binder.functions),
            named,
        })
    });
    match parsed {
        Ok(answer) => answer,
        Err(Some(syntax)) => Err(AnswerError::Syntax(syntax)),
        Err(None) => Err(AnswerError::Unsupported(Named::default())),
    }
}

/// A value while evaluating: unknown is not NULL (a filter on it cannot be decided).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Val {
    Null,
    Text(String),
    /// A context function's value as the SQL API renders it (a DATE as days since the
    /// epoch …): shown, never computed with.
    Rendered(String),
    Unknown,
}

impl Val {
    fn into_cell(self) -> Cell {
        match self {
            Val::Text(t) | Val::Rendered(t) => Some(t),
            Val::Null | Val::Unknown => None,
        }
    }
}

/// Known rows with their column names (for references from an outer query).
#[derive(Clone, Debug)]
struct Rows {
    names: Vec<Ident>,
    rows: Vec<Vec<Val>>,
}

impl Rows {
    fn empty() -> Rows {
        Rows {
            names: Vec::new(),
            rows: Vec::new(),
        }
    }
}

/// The CTEs visible to a query, innermost first: a chain, so a nested query adds its
/// own without copying its parents' (`None`: rows not known).
struct Ctes<'p> {
    parent: Option<&'p Ctes<'p>>,
    entries: Vec<(Ident, Option<Rc<Rows>>)>,
}

impl Ctes<'_> {
    fn find(&self, name: &Ident) -> Option<&Option<Rc<Rows>>> {
        self.entries
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, rows)| rows)
            .or_else(|| self.parent.and_then(|p| p.find(name)))
    }
}

struct Evaluator<'c> {
    constants: &'c [(String, Cell)],
    /// Rows the evaluator may still visit: past it, rows are not known (a query over a
    /// CTE read many times must not cost the product of the two).
    budget: std::cell::Cell<usize>,
}

/// Row visits allowed per query, far beyond what literals in a real query produce.
const ROW_BUDGET: usize = 100_000;

/// Aggregate functions (https://docs.snowflake.com/en/sql-reference/functions-aggregation).
const AGGREGATES: [&str; 24] = [
    "ANY_VALUE",
    "APPROX_COUNT_DISTINCT",
    "ARRAY_AGG",
    "ARRAY_UNION_AGG",
    "AVG",
    "BITAND_AGG",
    "BITOR_AGG",
    "BOOLAND_AGG",
    "BOOLOR_AGG",
    "COUNT",
    "COUNT_IF",
    "HASH_AGG",
    "LISTAGG",
    "MAX",
    "MEDIAN",
    "MIN",
    "MODE",
    "OBJECT_AGG",
    "STDDEV",
    "STDDEV_POP",
    "STDDEV_SAMP",
    "SUM",
    "VARIANCE",
    "VAR_SAMP",
];

/// Depth beyond which an expression is not evaluated (its value unknown): the binder has
/// already walked it, this bound only keeps the evaluator's recursion small.
const MAX_DEPTH: usize = 64;

impl Evaluator<'_> {
    /// Counts `n` row visits against the budget; false once it is spent.
    fn spend(&self, n: usize) -> bool {
        let left = self.budget.get();
        self.budget.set(left.saturating_sub(n));
        left >= n
    }

    fn query(&self, q: &Query, outer: Option<&Ctes<'_>>) -> Option<Rows> {
        let mut ctes = Ctes {
            parent: outer,
            entries: Vec::new(),
        };
        if let Some(with) = &q.with {
            for cte in &with.cte_tables {
                let rows = if with.recursive || !cte.alias.columns.is_empty() {
                    None
                } else {
                    self.query(&cte.query, Some(&ctes)).map(Rc::new)
                };
                ctes.entries.push((fold(&cte.alias.name), rows));
            }
        }
        let mut rows = self.set_expr(&q.body, &ctes)?;
        // An order the evaluator does not apply is only harmless over one row or none.
        if q.order_by.is_some() && rows.rows.len() > 1 {
            return None;
        }
        if q.fetch.is_some() && !rows.rows.is_empty() {
            return None;
        }
        match &q.limit_clause {
            None => {}
            Some(LimitClause::LimitOffset {
                limit,
                offset,
                limit_by,
            }) if limit_by.is_empty() => {
                if let Some(offset) = offset {
                    let n = self.count(&offset.value)?;
                    rows.rows = rows.rows.into_iter().skip(n).collect();
                }
                if let Some(limit) = limit {
                    rows.rows.truncate(self.count(limit)?);
                }
            }
            Some(_) => return None,
        }
        Some(rows)
    }

    /// A non-negative integer literal (LIMIT, OFFSET).
    fn count(&self, e: &Expr) -> Option<usize> {
        match self.expr(e, None, 0) {
            Val::Text(t) => t.parse().ok(),
            _ => None,
        }
    }

    fn set_expr(&self, body: &SetExpr, ctes: &Ctes<'_>) -> Option<Rows> {
        let rows = self.set_expr_inner(body, ctes)?;
        self.spend(rows.rows.len()).then_some(rows)
    }

    fn set_expr_inner(&self, body: &SetExpr, ctes: &Ctes<'_>) -> Option<Rows> {
        match body {
            SetExpr::Select(select) => self.select(select, ctes),
            SetExpr::Query(q) => self.query(q, Some(ctes)),
            SetExpr::SetOperation {
                op,
                set_quantifier,
                left,
                right,
            } => {
                let mut left = self.set_expr(left, ctes)?;
                let right = self.set_expr(right, ctes)?;
                let all = match set_quantifier {
                    SetQuantifier::All => true,
                    SetQuantifier::Distinct | SetQuantifier::None => false,
                    _ => return None,
                };
                // A NULL or unknown cell makes equality of rows undecidable here.
                let decidable = |rows: &Rows| {
                    rows.rows.iter().all(|r| {
                        r.iter()
                            .all(|v| matches!(v, Val::Text(_) | Val::Rendered(_)))
                    })
                };
                left.rows = match op {
                    SetOperator::Union if all => {
                        left.rows.extend(right.rows);
                        left.rows
                    }
                    _ if all => return None,
                    _ if !(decidable(&left) && decidable(&right)) => return None,
                    SetOperator::Union => {
                        left.rows.extend(right.rows);
                        distinct(left.rows)
                    }
                    SetOperator::Intersect => {
                        let right: HashSet<Vec<Val>> = right.rows.into_iter().collect();
                        distinct(left.rows)
                            .into_iter()
                            .filter(|r| right.contains(r))
                            .collect()
                    }
                    SetOperator::Except | SetOperator::Minus => {
                        let right: HashSet<Vec<Val>> = right.rows.into_iter().collect();
                        distinct(left.rows)
                            .into_iter()
                            .filter(|r| !right.contains(r))
                            .collect()
                    }
                };
                Some(left)
            }
            SetExpr::Values(values) if self.spend(values.rows.len()) => Some(Rows {
                names: (1..=values.rows.first().map_or(0, |r| r.len()))
                    .map(|i| Ident::from_stored(format!("COLUMN{i}")))
                    .collect(),
                rows: values
                    .rows
                    .iter()
                    .map(|row| row.iter().map(|e| self.expr(e, None, 0)).collect())
                    .collect(),
            }),
            _ => None,
        }
    }

    /// The rows a FROM item gives: a CTE's or a derived table's, none for a catalog
    /// relation; unknown for anything else.
    fn factor(&self, factor: &TableFactor, ctes: &Ctes<'_>) -> Option<Rows> {
        match factor {
            TableFactor::Table {
                name,
                args: None,
                sample: None,
                version: None,
                ..
            } => {
                let parts = super::query::object_parts(name)?;
                if let [one] = parts.as_slice()
                    && let Some(rows) = ctes.find(one)
                {
                    let rows = rows.as_ref()?;
                    return self.spend(rows.rows.len()).then(|| Rows::clone(rows));
                }
                // INFORMATION_SCHEMA and the SNOWFLAKE database have rows the sandbox
                // does not produce.
                let system = parts
                    .iter()
                    .any(|p| p.as_str() == "INFORMATION_SCHEMA" || p.as_str() == "ACCOUNT_USAGE");
                (!system).then(Rows::empty)
            }
            TableFactor::Derived { subquery, .. } => self.query(subquery, Some(ctes)),
            _ => None,
        }
    }

    fn select(&self, select: &Select, ctes: &Ctes<'_>) -> Option<Rows> {
        if select.top.is_some() || !select.lateral_views.is_empty() || select.into.is_some() {
            return None;
        }
        let source = match select.from.as_slice() {
            [] => Rows {
                names: Vec::new(),
                rows: vec![Vec::new()],
            },
            [only] if only.joins.is_empty() => self.factor(&only.relation, ctes)?,
            from => {
                // Joined sources: known only when one of them is empty, and then only for
                // inner and cross joins (an outer join keeps the other side's rows).
                let inner = from.iter().all(|f| {
                    f.joins.iter().all(|j| {
                        matches!(
                            j.join_operator,
                            sqlparser::ast::JoinOperator::Join(_)
                                | sqlparser::ast::JoinOperator::Inner(_)
                                | sqlparser::ast::JoinOperator::CrossJoin(_)
                        )
                    })
                });
                let empty = from.iter().any(|f| {
                    std::iter::once(&f.relation)
                        .chain(f.joins.iter().map(|j| &j.relation))
                        .any(|r| self.factor(r, ctes).is_some_and(|r| r.rows.is_empty()))
                });
                if !(inner && empty) {
                    return None;
                }
                Rows::empty()
            }
        };
        let grouped = match &select.group_by {
            GroupByExpr::All(_) => true,
            GroupByExpr::Expressions(exprs, _) => !exprs.is_empty(),
        };
        let aggregate = select.projection.iter().any(|item| match item {
            SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => {
                has_aggregate(e, 0)
            }
            _ => false,
        });
        if source.rows.is_empty() && (grouped || !aggregate) {
            return Some(Rows::empty());
        }
        // Known, non-empty rows (or an aggregate over none): only what the evaluator
        // decides is answered.
        if grouped || select.having.is_some() || select.qualify.is_some() {
            return None;
        }
        let mut kept = Vec::new();
        for row in &source.rows {
            let keep = match &select.selection {
                None => true,
                Some(e) => match self.expr(e, Some((&source.names, row)), 0) {
                    Val::Text(t) if t == "true" => true,
                    Val::Text(t) if t == "false" => false,
                    Val::Null => false,
                    _ => return None,
                },
            };
            if keep {
                kept.push(row.clone());
            }
        }
        let mut names = Vec::new();
        let mut out_rows = Vec::new();
        if aggregate {
            let mut row = Vec::new();
            for item in &select.projection {
                let (e, name) = item_expr(item)?;
                names.push(name);
                row.push(match e {
                    Expr::Function(f) if f.over.is_none() && function_name(f) == "COUNT" => {
                        Val::Text(kept.len().to_string())
                    }
                    e if has_aggregate(e, 0) => {
                        if kept.is_empty() {
                            Val::Null
                        } else {
                            Val::Unknown
                        }
                    }
                    e if kept.is_empty() => self.expr(e, Some((&source.names, &[])), 0),
                    _ => Val::Unknown,
                });
            }
            out_rows.push(row);
        } else {
            for row in &kept {
                let mut out = Vec::new();
                names.clear();
                for item in &select.projection {
                    match item {
                        SelectItem::Wildcard(_) => {
                            names.extend(source.names.iter().cloned());
                            out.extend(row.iter().cloned());
                        }
                        item => {
                            let (e, name) = item_expr(item)?;
                            names.push(name);
                            out.push(self.expr(e, Some((&source.names, row)), 0));
                        }
                    }
                }
                out_rows.push(out);
            }
        }
        if matches!(select.distinct, Some(Distinct::Distinct)) {
            if !out_rows
                .iter()
                .all(|r| r.iter().all(|v| !matches!(v, Val::Unknown)))
            {
                return None;
            }
            out_rows = distinct(out_rows);
        } else if select.distinct.is_some() && !matches!(select.distinct, Some(Distinct::All)) {
            return None;
        }
        Some(Rows {
            names,
            rows: out_rows,
        })
    }

    /// A scalar value: `row` gives the values of the source's columns by name.
    fn expr(&self, e: &Expr, row: Option<(&[Ident], &[Val])>, depth: usize) -> Val {
        if depth > MAX_DEPTH {
            return Val::Unknown;
        }
        match e {
            Expr::Value(v) => match &v.value {
                Value::Number(n, _) => Val::Text(n.clone()),
                Value::SingleQuotedString(s) => Val::Text(s.clone()),
                Value::DollarQuotedString(s) => Val::Text(s.value.clone()),
                Value::Boolean(b) => Val::Text(b.to_string()),
                Value::Null => Val::Null,
                _ => Val::Unknown,
            },
            Expr::Nested(inner) => self.expr(inner, row, depth + 1),
            Expr::UnaryOp {
                op: UnaryOperator::Minus,
                expr,
            } => match self.expr(expr, row, depth + 1) {
                Val::Text(t) => t
                    .parse::<i128>()
                    .ok()
                    .and_then(i128::checked_neg)
                    .map_or(Val::Unknown, |n| Val::Text(n.to_string())),
                other => other,
            },
            Expr::BinaryOp { left, op, right } => {
                let l = self.expr(left, row, depth + 1);
                let r = self.expr(right, row, depth + 1);
                binary(&l, op, &r)
            }
            Expr::Identifier(i) => lookup(row, &fold(i)),
            Expr::CompoundIdentifier(parts) => match parts.last() {
                Some(last) => lookup(row, &fold(last)),
                None => Val::Unknown,
            },
            Expr::Function(f) if f.over.is_none() && no_arguments(&f.args) => self
                .constants
                .iter()
                .find(|(name, _)| *name == function_name(f))
                .map_or(Val::Unknown, |(_, v)| match v {
                    Some(t) => Val::Rendered(t.clone()),
                    None => Val::Null,
                }),
            _ => Val::Unknown,
        }
    }
}

/// Integer arithmetic and string concatenation of known values; NULL in, NULL out
/// (https://docs.snowflake.com/en/sql-reference/operators-arithmetic). Anything the
/// evaluator does not compute exactly (decimals, division, overflow) is unknown.
fn binary(l: &Val, op: &BinaryOperator, r: &Val) -> Val {
    let (Val::Text(a), Val::Text(b)) = (l, r) else {
        return if matches!(l, Val::Null) || matches!(r, Val::Null) {
            // AND / OR with NULL are not NULL in every case.
            match op {
                BinaryOperator::And | BinaryOperator::Or => Val::Unknown,
                _ => Val::Null,
            }
        } else {
            Val::Unknown
        };
    };
    if let BinaryOperator::StringConcat = op {
        return Val::Text(format!("{a}{b}"));
    }
    let (Ok(x), Ok(y)) = (a.parse::<i128>(), b.parse::<i128>()) else {
        return Val::Unknown;
    };
    let n = match op {
        BinaryOperator::Plus => x.checked_add(y),
        BinaryOperator::Minus => x.checked_sub(y),
        BinaryOperator::Multiply => x.checked_mul(y),
        BinaryOperator::Eq => return Val::Text((x == y).to_string()),
        BinaryOperator::NotEq => return Val::Text((x != y).to_string()),
        BinaryOperator::Lt => return Val::Text((x < y).to_string()),
        BinaryOperator::LtEq => return Val::Text((x <= y).to_string()),
        BinaryOperator::Gt => return Val::Text((x > y).to_string()),
        BinaryOperator::GtEq => return Val::Text((x >= y).to_string()),
        _ => None,
    };
    // NUMBER holds 38 digits (https://docs.snowflake.com/en/sql-reference/data-types-numeric).
    n.filter(|n| n.unsigned_abs() < 10u128.pow(38))
        .map_or(Val::Unknown, |n| Val::Text(n.to_string()))
}

fn lookup(row: Option<(&[Ident], &[Val])>, name: &Ident) -> Val {
    let Some((names, values)) = row else {
        return Val::Unknown;
    };
    let mut found = names.iter().zip(values).filter(|(n, _)| *n == name);
    match (found.next(), found.next()) {
        (Some((_, v)), None) => v.clone(),
        // Over no rows a column's value is never read; ambiguity is the binder's to report.
        _ => Val::Unknown,
    }
}

fn no_arguments(args: &FunctionArguments) -> bool {
    match args {
        FunctionArguments::None => true,
        FunctionArguments::List(list) => list.args.is_empty(),
        FunctionArguments::Subquery(_) => false,
    }
}

fn function_name(f: &sqlparser::ast::Function) -> String {
    match f.name.0.as_slice() {
        [only] => only
            .as_ident()
            .map(|i| i.value.to_uppercase())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// Whether `e` calls an aggregate function outside a window (OVER) and outside a
/// subquery.
fn has_aggregate(e: &Expr, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return true;
    }
    match e {
        Expr::Function(f) => {
            if f.over.is_some() {
                return false;
            }
            if AGGREGATES.contains(&function_name(f).as_str()) {
                return true;
            }
            match &f.args {
                FunctionArguments::List(list) => list.args.iter().any(|a| match a {
                    sqlparser::ast::FunctionArg::Unnamed(
                        sqlparser::ast::FunctionArgExpr::Expr(e),
                    ) => has_aggregate(e, depth + 1),
                    _ => false,
                }),
                _ => false,
            }
        }
        Expr::Nested(inner)
        | Expr::UnaryOp { expr: inner, .. }
        | Expr::Cast { expr: inner, .. } => has_aggregate(inner, depth + 1),
        Expr::BinaryOp { left, right, .. } => {
            has_aggregate(left, depth + 1) || has_aggregate(right, depth + 1)
        }
        _ => false,
    }
}

/// A select item's expression and output name (`None` for a wildcard).
fn item_expr(item: &SelectItem) -> Option<(&Expr, Ident)> {
    match item {
        SelectItem::UnnamedExpr(e) => {
            let name = match e {
                Expr::Identifier(i) => fold(i),
                Expr::CompoundIdentifier(parts) => parts.last().map(fold)?,
                _ => Ident::from_stored(e.to_string().to_uppercase()),
            };
            Some((e, name))
        }
        SelectItem::ExprWithAlias { expr, alias } => Some((expr, fold(alias))),
        _ => None,
    }
}

/// Rows without repeats, first occurrence kept.
fn distinct(rows: Vec<Vec<Val>>) -> Vec<Vec<Val>> {
    let mut seen = HashSet::new();
    rows.into_iter()
        .filter(|r| seen.insert(r.clone()))
        .collect()
}
