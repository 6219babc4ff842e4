//! The query binder: compiles a query (or a MERGE / INSERT / COPY column list) against a
//! catalog the way Snowflake compiles it at CREATE VIEW or when a statement runs, without
//! running anything. It resolves every column reference with Snowflake's identifier rules
//! (unquoted folds to upper case, quoted is exact:
//! https://docs.snowflake.com/en/sql-reference/identifiers-syntax) and derives each output
//! column's name and type.
//!
//! It is provider-neutral: the catalog is a [`Relations`] (a relation's name → its
//! columns), so the sandbox binds against its catalog and `validate` against the desired
//! state.
//!
//! **It never invents an error.** A false error at `validate` blocks a user's correct
//! configuration, so whenever the binder meets something it does not understand — a query
//! sqlparser cannot parse, an undeclared relation, a table function, a construct it does
//! not model — it accepts, and what it cannot know becomes [`ColumnType::Unknown`] or an
//! unknown column list. Only a missing column of a relation whose columns are known, or a
//! duplicate output column where Snowflake refuses one, is an error.
//!
//! Queries are parsed with sqlparser (`SnowflakeDialect`); object DDL keeps lakeform's
//! own parser (`sandbox::statement`), where sqlparser rejects too much.

mod answer;
mod expr;
mod parse;
mod query;
mod scope;
mod statement;
mod types;

use std::ops::Range;

use crate::model::data_type::DataType;
use crate::model::identifier::Ident;

pub(crate) use answer::{AnswerError, Named, answer_query};
pub(crate) use parse::{on_binding_thread, spawn_binding_thread};
pub(crate) use statement::bind_statement;

/// What the binder knows of a relation's column.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct BoundColumn {
    pub(crate) name: Ident,
    pub(crate) data_type: ColumnType,
    pub(crate) nullable: bool,
}

/// A column's type when the binder's rules determine it, else explicitly unknown: the
/// binder never guesses a type (see `types.rs` for the rules it follows).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ColumnType {
    Known(DataType),
    Unknown,
}

impl ColumnType {
    pub(crate) fn known(&self) -> Option<&DataType> {
        match self {
            ColumnType::Known(t) => Some(t),
            ColumnType::Unknown => None,
        }
    }
}

/// The catalog a query binds against.
pub(crate) trait Relations: Sync {
    /// The columns of the relation named by `parts` (one to three identifiers, folded as
    /// written), or `None` when the relation is not known: then anything read from it is
    /// accepted. Existence itself is checked elsewhere (the sandbox's 002003, `validate`'s
    /// reference check), not here.
    fn columns(&self, parts: &[Ident]) -> Option<Vec<BoundColumn>>;

    /// The type a call of the user-defined scalar function named by `parts` with `count`
    /// arguments returns, when the catalog holds one; `None` for a built-in or a name it
    /// does not know (then the built-in type rules of `types.rs` apply).
    fn function(&self, _parts: &[Ident], _count: usize) -> Option<ColumnType> {
        None
    }

    /// The columns a user-defined table function named by `parts` answers when called
    /// with `count` arguments (`TABLE(f(…))`), when the catalog holds one.
    fn table_function(&self, _parts: &[Ident], _count: usize) -> Option<Vec<BoundColumn>> {
        None
    }

    /// The columns of an earlier query's result, for RESULT_SCAN, when it is known.
    fn result_columns(&self, _query: &EarlierQuery) -> Option<Vec<BoundColumn>> {
        None
    }
}

/// The query RESULT_SCAN reads (https://docs.snowflake.com/en/sql-reference/functions/result_scan).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum EarlierQuery {
    /// `'<query id>'`.
    Id(String),
    /// `LAST_QUERY_ID([n])`: negative counts back from the session's latest query (-1,
    /// the default, is the latest), positive from its first (1)
    /// (https://docs.snowflake.com/en/sql-reference/functions/last_query_id).
    Last(i64),
}

/// What a data metric function's body reads: its table argument, named by its argument
/// name alone, with the argument's columns
/// (https://docs.snowflake.com/en/sql-reference/sql/create-data-metric-function). Any
/// other relation is unknown, so accepted (see the module comment). Shared by `validate`
/// and the sandbox's CREATE DATA METRIC FUNCTION.
pub(crate) struct TableArgument<'a> {
    pub(crate) name: &'a Ident,
    pub(crate) columns: &'a [(Ident, DataType)],
}

impl Relations for TableArgument<'_> {
    fn columns(&self, parts: &[Ident]) -> Option<Vec<BoundColumn>> {
        match parts {
            [name] if name == self.name => Some(
                self.columns
                    .iter()
                    .map(|(name, data_type)| BoundColumn {
                        name: name.clone(),
                        data_type: ColumnType::Known(*data_type),
                        nullable: true,
                    })
                    .collect(),
            ),
            _ => None,
        }
    }
}

/// Binds a data metric function's body against its table argument: only a column the
/// argument does not have is refused (an expression body, or a query sqlparser cannot
/// read, is accepted).
pub(crate) fn bind_metric_body(text: &str, argument: &TableArgument<'_>) -> Result<(), BindError> {
    match bind_view(text, argument) {
        Err(BindError {
            kind: BindErrorKind::DuplicateColumn(_),
            ..
        }) => Ok(()),
        other => other.map(|_| ()),
    }
}

/// Binds a SQL function's body, an expression or a query
/// (https://docs.snowflake.com/en/developer-guide/udf/sql/udf-sql-introduction), with the
/// function's arguments in scope by name and typed as declared (a column of a relation
/// the body reads comes first: the page is silent on a clash). The output is the query's
/// columns, or the expression's one column. An error's range is in `text`.
pub(crate) fn bind_function_body(
    text: &str,
    relations: &dyn Relations,
    arguments: &[(Ident, DataType)],
) -> Result<Output, BindError> {
    let arguments: Vec<BoundColumn> = arguments
        .iter()
        .map(|(name, data_type)| BoundColumn {
            name: name.clone(),
            data_type: ColumnType::Known(*data_type),
            nullable: true,
        })
        .collect();
    let bind = |query_text: &str| {
        parse::with_query(query_text, |q| {
            let mut root = scope::Scope::root();
            // Named by nothing a qualifier can write: the arguments are read unqualified.
            root.sources.push(scope::Source {
                name: Vec::new(),
                aliased: true,
                columns: Some(arguments.clone()),
            });
            let mut binder = query::Binder::new(relations, query_text);
            binder.query(q, &root)
        })
    };
    if let Some(bound) = bind(text) {
        return bound;
    }
    // An expression body: bound as the one item of a SELECT, its positions moved back.
    const SELECT: &str = "SELECT ";
    match bind(&format!("{SELECT}{text}")) {
        Some(Err(mut e)) => {
            e.range = e
                .range
                .map(|r| r.start.saturating_sub(SELECT.len())..r.end.saturating_sub(SELECT.len()));
            Err(e)
        }
        Some(Ok(output)) => Ok(output),
        None => Ok(None),
    }
}

/// What a materialized view's query uses that Snowflake does not allow in one, as the
/// reason to give; `None` when nothing is, or when the text is not bound. The rules are
/// "Limitations on creating materialized views"
/// (https://docs.snowflake.com/en/user-guide/views-materialized#limitations-on-creating-materialized-views):
/// no set operators, nested subqueries (CTEs included), window functions, HAVING, ORDER
/// BY, LIMIT or user-defined functions. (One table, no joins: the caller counts the
/// tables read.) The page gives no error texts; these reasons are the sandbox's.
pub(crate) fn materialized_view_limit(
    text: &str,
    relations: &dyn Relations,
) -> Option<&'static str> {
    use sqlparser::ast::SetExpr;
    parse::with_query(text, |q| {
        let mut binder = query::Binder::new(relations, text);
        // Columns that do not resolve are reported by the view's own binding.
        let _ = binder.query(q, &scope::Scope::root());
        let SetExpr::Select(select) = q.body.as_ref() else {
            return Some("Set operators are not supported.");
        };
        if binder.uses.queries > 1 {
            Some("Subqueries are not supported.")
        } else if binder.uses.window {
            Some("Window functions are not supported.")
        } else if select.having.is_some() {
            Some("HAVING is not supported.")
        } else if q.order_by.is_some() {
            Some("ORDER BY is not supported.")
        } else if q.limit_clause.is_some() || q.fetch.is_some() {
            Some("LIMIT is not supported.")
        } else if binder.uses.user_function {
            Some("User-defined functions are not supported.")
        } else {
            None
        }
    })
    .flatten()
}

/// Why a query does not compile.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct BindError {
    pub(crate) kind: BindErrorKind,
    /// The offending text's byte range in the bound text, when known.
    pub(crate) range: Option<Range<usize>>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum BindErrorKind {
    /// A column reference that resolves to nothing, as written: `NOSUCHCOL`, `O.NOSUCH`,
    /// `"Mixed"` (Snowflake's 000904 `invalid identifier`).
    InvalidIdentifier(String),
    /// Two output columns of a view with one name (Snowflake's `duplicate column name`).
    DuplicateColumn(String),
    /// A `* ILIKE '<pattern>'` no column matches: "a compilation error occurs (`001080
    /// (42601): ... SELECT with no columns`)"
    /// (https://docs.snowflake.com/en/sql-reference/sql/select).
    NoColumns,
}

impl std::fmt::Display for BindError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            BindErrorKind::InvalidIdentifier(name) => write!(f, "invalid identifier '{name}'"),
            BindErrorKind::DuplicateColumn(name) => write!(f, "duplicate column name '{name}'"),
            BindErrorKind::NoColumns => write!(f, "SELECT with no columns"),
        }
    }
}

/// A query's output columns: `None` when they cannot all be known (a `*` over a relation
/// of unknown columns, a construct the binder does not model).
pub(crate) type Output = Option<Vec<BoundColumn>>;

/// Binds a view's query: the query compiles, and its output columns have distinct names
/// (https://docs.snowflake.com/en/sql-reference/sql/create-view: a view's columns are a
/// table's columns, and a table's column names are unique). Only names the binder is sure
/// of (aliases, plain column references) are compared.
pub(crate) fn bind_view(text: &str, relations: &dyn Relations) -> Result<Output, BindError> {
    parse::with_query(text, |q| {
        let mut binder = query::Binder::new(relations, text);
        let output = binder.query(q, &scope::Scope::root())?;
        binder.check_distinct(q)?;
        Ok(output)
    })
    .unwrap_or(Ok(None))
}

/// Binds the query of a view (or dynamic table) with a column list: the query compiles,
/// and every output column counts, whatever the binder would name it, since the list
/// names them all; two alike names in the query are no conflict for the same reason.
pub(crate) fn bind_renamed_view(
    text: &str,
    relations: &dyn Relations,
) -> Result<Output, BindError> {
    parse::with_query(text, |q| {
        let mut binder = query::Binder::new(relations, text);
        binder.query(q, &scope::Scope::root())?;
        Ok(binder.projected_columns())
    })
    .unwrap_or(Ok(None))
}

#[cfg(test)]
mod tests;
