//! Queries: CTEs, set operations, SELECT with its FROM clause (tables, views, derived
//! tables, joins, LATERAL FLATTEN) and its select list, `*` and `t.*` included. Every
//! clause's expressions are bound in the SELECT's scope; the select list gives the output
//! columns.

use std::ops::Range;

use sqlparser::ast::{
    Expr, FunctionArg, FunctionArgExpr, GroupByExpr, JoinConstraint, JoinOperator, ObjectName,
    ObjectNamePart, OrderByKind, Query, Select, SelectItem, SelectItemQualifiedWildcardKind,
    SetExpr, Spanned, TableAlias, TableFactor, TableWithJoins, WildcardAdditionalOptions,
};

use super::scope::{Scope, Source, fold};
use super::{BindError, BindErrorKind, BoundColumn, ColumnType, Output, Relations};
use crate::model::data_type::DataType;
use crate::model::identifier::Ident;

/// One bound select-list column and whether its name is certain (an alias or a plain
/// column reference) or the binder's rendering of an expression.
struct Projected {
    column: BoundColumn,
    certain: bool,
    range: Option<Range<usize>>,
}

/// What a bound text uses beyond plain column references, for the rules that forbid it.
#[derive(Debug, Default)]
pub(super) struct Uses {
    /// Queries bound: the text's own, then every CTE, derived table and subquery.
    pub(super) queries: usize,
    /// A window function (`… OVER (…)`).
    pub(super) window: bool,
    /// A call the catalog's user-defined functions answered.
    pub(super) user_function: bool,
}

pub(super) struct Binder<'r> {
    pub(super) relations: &'r dyn Relations,
    /// The text bound, for error positions.
    pub(super) text: &'r str,
    pub(super) depth: usize,
    /// The select list of the SELECT bound last (the outermost one, once binding is done;
    /// the first branch of a set operation, which names its columns).
    last_projection: Vec<Projected>,
    /// Every function name called, as written (folded), scalar and table functions alike:
    /// the sandbox refuses names that are not functions.
    pub(super) functions: Vec<Vec<Ident>>,
    /// The relations named by a table literal (`TABLE('<name>')`), which must exist as a
    /// name in FROM must; the sandbox reads the other names from the statement's tokens.
    pub(super) named_by_literal: Vec<Vec<Ident>>,
    /// The named stages a query reads files from (`@[namespace.]stage[/path]`), which
    /// must exist.
    pub(super) stages: Vec<Vec<Ident>>,
    /// What the text uses that a materialized view may not (see
    /// [`super::materialized_view_limit`]).
    pub(super) uses: Uses,
    /// Whether [`Binder::last_projection`] names every output column (no `*` over
    /// columns the binder does not know).
    last_names_complete: bool,
    /// The text's tokens and their byte ranges, once an unaliased expression needs them
    /// for its name.
    tokens: Option<Vec<(sqlparser::tokenizer::Token, Range<usize>)>>,
}

/// The columns of FLATTEN's output
/// (https://docs.snowflake.com/en/sql-reference/functions/flatten#output).
fn flatten_columns() -> Vec<BoundColumn> {
    let column = |name: &str, data_type: DataType| BoundColumn {
        name: Ident::from_stored(name),
        data_type: ColumnType::Known(data_type),
        nullable: true,
    };
    let number = DataType::Number {
        precision: 38,
        scale: 0,
    };
    let text = DataType::Varchar(16_777_216);
    vec![
        column("SEQ", number),
        column("KEY", text),
        column("PATH", text),
        column("INDEX", number),
        column("VALUE", DataType::Variant),
        column("THIS", DataType::Variant),
    ]
}

/// The query RESULT_SCAN's argument names: a query id literal, or `LAST_QUERY_ID()` with
/// an optional integer literal.
fn earlier_query(e: &Expr) -> Option<super::EarlierQuery> {
    use sqlparser::ast::{FunctionArguments, UnaryOperator, Value};
    let number = |e: &Expr| -> Option<i64> {
        match e {
            Expr::Value(v) => match &v.value {
                Value::Number(n, _) => n.parse().ok(),
                _ => None,
            },
            _ => None,
        }
    };
    let integer = |e: &Expr| -> Option<i64> {
        match e {
            Expr::UnaryOp {
                op: UnaryOperator::Minus,
                expr,
            } => number(expr).map(|n| -n),
            other => number(other),
        }
    };
    match e {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(id) => Some(super::EarlierQuery::Id(id.clone())),
            _ => None,
        },
        Expr::Function(f) if f.name.to_string().eq_ignore_ascii_case("LAST_QUERY_ID") => {
            match &f.args {
                FunctionArguments::None => Some(super::EarlierQuery::Last(-1)),
                FunctionArguments::List(list) => match list.args.as_slice() {
                    [] => Some(super::EarlierQuery::Last(-1)),
                    [FunctionArg::Unnamed(FunctionArgExpr::Expr(n))] => {
                        integer(n).map(super::EarlierQuery::Last)
                    }
                    _ => None,
                },
                FunctionArguments::Subquery(_) => None,
            }
        }
        _ => None,
    }
}

/// The columns of SPLIT_TO_TABLE's output, SEQ, INDEX and VALUE
/// (https://docs.snowflake.com/en/sql-reference/functions/split_to_table). The page names
/// them without types: the types are unknown.
fn split_to_table_columns() -> Vec<BoundColumn> {
    ["SEQ", "INDEX", "VALUE"]
        .into_iter()
        .map(|name| BoundColumn {
            name: Ident::from_stored(name),
            data_type: ColumnType::Unknown,
            nullable: true,
        })
        .collect()
}

/// An object name's parts, folded; `IDENTIFIER('<name>')` (which sqlparser reads as a
/// name part) names the object its string literal names
/// (https://docs.snowflake.com/en/sql-reference/identifier-literal). `None` for any other
/// computed name.
pub(super) fn object_parts(name: &ObjectName) -> Option<Vec<Ident>> {
    if let [ObjectNamePart::Function(f)] = name.0.as_slice() {
        let [FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Value(v)))] = f.args.as_slice()
        else {
            return None;
        };
        let sqlparser::ast::Value::SingleQuotedString(text) = &v.value else {
            return None;
        };
        if !f.name.value.eq_ignore_ascii_case("IDENTIFIER") {
            return None;
        }
        return crate::model::identifier::split_parts(text)
            .ok()
            .filter(|parts| (1..=3).contains(&parts.len()));
    }
    name.0
        .iter()
        .map(|p| p.as_ident().map(fold))
        .collect::<Option<Vec<_>>>()
}

/// The named stage a FROM item reads staged files from: `@[namespace.]stage[/path]`
/// (https://docs.snowflake.com/en/user-guide/querying-stage), which sqlparser keeps as the
/// name's raw text. `None` for any other name, for the user stage `@~` and a table stage
/// `@%table`, and for a stage name that does not read as one.
fn named_stage(name: &ObjectName) -> Option<Vec<Ident>> {
    let raw: Vec<&str> = name
        .0
        .iter()
        .map(|p| p.as_ident().map(|i| i.value.as_str()))
        .collect::<Option<_>>()?;
    let text = raw.join(".");
    let location = text.strip_prefix('@')?;
    if location.starts_with('~') || location.starts_with('%') {
        return None;
    }
    let stage = location.split('/').next()?;
    crate::model::identifier::split_parts(stage)
        .ok()
        .filter(|parts| (1..=3).contains(&parts.len()))
}

/// The source a named relation gives: called by its alias when it has one, else by the
/// parts it was named with, its columns renamed by the alias's column list.
fn named_source(
    parts: Option<Vec<Ident>>,
    alias: Option<&TableAlias>,
    columns: Option<Vec<BoundColumn>>,
) -> Source {
    Source {
        name: match alias {
            Some(a) => vec![fold(&a.name)],
            None => parts.unwrap_or_default(),
        },
        aliased: alias.is_some(),
        columns: renamed(columns, alias),
    }
}

/// Renames `columns` by an alias's column list (`AS a (x, y)`), position by position.
fn renamed(
    columns: Option<Vec<BoundColumn>>,
    alias: Option<&TableAlias>,
) -> Option<Vec<BoundColumn>> {
    let mut columns = columns?;
    if let Some(alias) = alias
        && !alias.columns.is_empty()
    {
        if alias.columns.len() != columns.len() {
            return None;
        }
        for (c, name) in columns.iter_mut().zip(&alias.columns) {
            c.name = fold(&name.name);
        }
    }
    Some(columns)
}

impl<'r> Binder<'r> {
    pub(super) fn new(relations: &'r dyn Relations, text: &'r str) -> Binder<'r> {
        Binder {
            relations,
            text,
            depth: 0,
            last_projection: Vec::new(),
            functions: Vec::new(),
            named_by_literal: Vec::new(),
            stages: Vec::new(),
            last_names_complete: true,
            uses: Uses::default(),
            tokens: None,
        }
    }

    pub(super) fn query(&mut self, q: &Query, parent: &Scope<'_>) -> Result<Output, BindError> {
        self.uses.queries += 1;
        let mut scope = parent.child();
        if let Some(with) = &q.with {
            for cte in &with.cte_tables {
                let name = fold(&cte.alias.name);
                if with.recursive {
                    // A recursive CTE reads itself: its columns are not known while it
                    // is bound.
                    scope.ctes.push((name.clone(), None));
                }
                let columns = self.query(&cte.query, &scope)?;
                scope.ctes.push((name, renamed(columns, Some(&cte.alias))));
            }
        }
        let order_by = match q.order_by.as_ref().map(|o| &o.kind) {
            Some(OrderByKind::Expressions(items)) => items.iter().map(|o| &o.expr).collect(),
            _ => Vec::new(),
        };
        self.set_expr(&q.body, &scope, &order_by)
    }

    fn set_expr(
        &mut self,
        body: &SetExpr,
        scope: &Scope<'_>,
        order_by: &[&Expr],
    ) -> Result<Output, BindError> {
        match body {
            SetExpr::Select(select) => self.select(select, scope, order_by),
            SetExpr::Query(q) => self.query(q, scope),
            SetExpr::SetOperation { left, right, .. } => {
                let left = self.set_expr(left, scope, &[])?;
                let named = std::mem::take(&mut self.last_projection);
                let names_complete = self.last_names_complete;
                let right = self.set_expr(right, scope, &[])?;
                self.last_projection = named;
                self.last_names_complete = names_complete;
                // A set operation's columns are named by its first branch; a type is kept
                // only where both branches agree.
                Ok(left.map(|mut columns| {
                    for (i, c) in columns.iter_mut().enumerate() {
                        let same = right
                            .as_ref()
                            .and_then(|r| r.get(i))
                            .is_some_and(|r| r.data_type == c.data_type);
                        if !same {
                            c.data_type = ColumnType::Unknown;
                        }
                        c.nullable = true;
                    }
                    columns
                }))
            }
            SetExpr::Values(values) => {
                let mut width = 0;
                for row in &values.rows {
                    for e in row.iter() {
                        self.expr(e, scope)?;
                    }
                    width = row.len();
                }
                // https://docs.snowflake.com/en/sql-reference/constructs/values: the
                // columns of a VALUES clause are COLUMN1, COLUMN2, …
                Ok(Some(
                    (1..=width)
                        .map(|i| BoundColumn {
                            name: Ident::from_stored(format!("COLUMN{i}")),
                            data_type: ColumnType::Unknown,
                            nullable: true,
                        })
                        .collect(),
                ))
            }
            // DML inside a query and the forms Snowflake does not have: accepted.
            _ => Ok(None),
        }
    }

    fn select(
        &mut self,
        select: &Select,
        parent: &Scope<'_>,
        order_by: &[&Expr],
    ) -> Result<Output, BindError> {
        let mut scope = parent.child();
        for from in &select.from {
            self.from(from, &mut scope)?;
        }
        scope.aliases = select
            .projection
            .iter()
            .filter_map(|item| match item {
                SelectItem::ExprWithAlias { alias, .. } => Some(fold(alias)),
                _ => None,
            })
            .collect();
        if let Some(e) = &select.selection {
            self.expr(e, &scope)?;
        }
        if let GroupByExpr::Expressions(exprs, _) = &select.group_by {
            for e in exprs {
                self.expr(e, &scope)?;
            }
        }
        for e in select.having.iter().chain(&select.qualify) {
            self.expr(e, &scope)?;
        }
        let mut projected = Vec::new();
        let mut complete = true;
        let mut names_complete = true;
        let ranges = if select
            .projection
            .iter()
            .any(|item| matches!(item, SelectItem::UnnamedExpr(e) if column_name(e).is_none()))
        {
            self.item_ranges(select)
        } else {
            Vec::new()
        };
        for (index, item) in select.projection.iter().enumerate() {
            match item {
                SelectItem::UnnamedExpr(e) => {
                    let typed = self.expr(e, &scope)?;
                    let item = ranges.get(index).cloned().flatten();
                    let (name, certain) = self.expression_name(e, item);
                    // An expression's column name is Snowflake's rendering of it, which
                    // the binder does not reproduce exactly: a relation with such a
                    // column has unknown columns, so no reference to it is refused.
                    complete &= certain;
                    projected.push(Projected {
                        column: BoundColumn {
                            name,
                            data_type: typed.data_type,
                            nullable: typed.nullable,
                        },
                        certain,
                        range: self.span_range(e.span()),
                    });
                }
                SelectItem::ExprWithAlias { expr, alias } => {
                    let typed = self.expr(expr, &scope)?;
                    projected.push(Projected {
                        column: BoundColumn {
                            name: fold(alias),
                            data_type: typed.data_type,
                            nullable: typed.nullable,
                        },
                        certain: true,
                        range: super::parse::range(self.text, alias.span.start, alias.span.end),
                    });
                }
                SelectItem::Wildcard(options) => {
                    let columns = scope
                        .sources
                        .iter()
                        .enumerate()
                        .map(|(i, s)| {
                            s.columns.as_ref().map(|columns| {
                                columns
                                    .iter()
                                    .filter(|c| !scope.merged.contains(&(i, c.name.clone())))
                                    .cloned()
                                    .collect::<Vec<_>>()
                            })
                        })
                        .collect::<Option<Vec<_>>>()
                        .map(|c| c.concat());
                    let columns = self.star_options(columns, options, &scope)?;
                    let known = self.star(columns, &mut projected);
                    complete &= known;
                    names_complete &= known;
                }
                SelectItem::QualifiedWildcard(kind, options) => {
                    let columns = match kind {
                        SelectItemQualifiedWildcardKind::ObjectName(name) => object_parts(name)
                            .and_then(|q| match scope.qualified(&q).as_slice() {
                                [one] => one.columns.clone(),
                                _ => None,
                            }),
                        _ => None,
                    };
                    let columns = self.star_options(columns, options, &scope)?;
                    let known = self.star(columns, &mut projected);
                    complete &= known;
                    names_complete &= known;
                }
                // Several aliases for one expression: not Snowflake's, accepted.
                _ => {
                    complete = false;
                    names_complete = false;
                }
            }
        }
        for e in order_by {
            self.expr(e, &scope)?;
        }
        let output = complete.then(|| projected.iter().map(|p| p.column.clone()).collect());
        self.last_projection = projected;
        self.last_names_complete = names_complete;
        Ok(output)
    }

    /// Adds the columns of a `*`; false when they are not known.
    fn star(&self, columns: Option<Vec<BoundColumn>>, projected: &mut Vec<Projected>) -> bool {
        let Some(columns) = columns else {
            return false;
        };
        projected.extend(columns.into_iter().map(|column| Projected {
            column,
            certain: true,
            range: None,
        }));
        true
    }

    /// The columns of a `*` or `t.*` after its EXCLUDE, REPLACE and RENAME
    /// (https://docs.snowflake.com/en/sql-reference/sql/select#parameters): EXCLUDE
    /// leaves the named columns out, REPLACE keeps a column's name and place and gives it
    /// the expression's value (so its type), RENAME gives a column a new name; the
    /// keywords apply in that order, the one the page requires them to be written in.
    /// REPLACE's expressions are bound in the select's scope even when the columns are
    /// unknown. Left unknown: a name EXCLUDE, REPLACE or RENAME lists that the columns do
    /// not have (the page gives no error for it, so none is invented) and ClickHouse's
    /// EXCEPT. ILIKE keeps the columns whose names match its pattern, case-insensitively,
    /// before the others apply (the order the page requires), and none matching is the
    /// page's `SELECT with no columns`.
    fn star_options(
        &mut self,
        columns: Option<Vec<BoundColumn>>,
        options: &WildcardAdditionalOptions,
        scope: &Scope<'_>,
    ) -> Result<Option<Vec<BoundColumn>>, BindError> {
        use sqlparser::ast::{ExcludeSelectItem, RenameSelectItem};
        let mut replaced = Vec::new();
        for item in options.opt_replace.iter().flat_map(|r| &r.items) {
            let typed = self.expr(&item.expr, scope)?;
            replaced.push((fold(&item.column_name), typed));
        }
        let (Some(mut columns), None) = (columns, &options.opt_except) else {
            return Ok(None);
        };
        if let Some(ilike) = &options.opt_ilike {
            columns.retain(|c| crate::sql::pattern::like(&ilike.pattern, c.name.as_str(), true));
            if columns.is_empty() {
                return Err(BindError {
                    kind: BindErrorKind::NoColumns,
                    range: None,
                });
            }
        }
        let position =
            |columns: &[BoundColumn], name: &Ident| columns.iter().position(|c| &c.name == name);
        let excluded: Vec<&ObjectName> = match &options.opt_exclude {
            None => Vec::new(),
            Some(ExcludeSelectItem::Single(one)) => vec![one],
            Some(ExcludeSelectItem::Multiple(many)) => many.iter().collect(),
        };
        for name in excluded {
            let Some(column) = name.0.last().and_then(|p| p.as_ident()).map(fold) else {
                return Ok(None);
            };
            let Some(i) = position(&columns, &column) else {
                return Ok(None);
            };
            columns.remove(i);
        }
        for (name, typed) in replaced {
            let Some(i) = position(&columns, &name) else {
                return Ok(None);
            };
            columns[i].data_type = typed.data_type;
            columns[i].nullable = typed.nullable;
        }
        let renamed = match &options.opt_rename {
            None => Vec::new(),
            Some(RenameSelectItem::Single(one)) => vec![one],
            Some(RenameSelectItem::Multiple(many)) => many.iter().collect(),
        };
        for r in renamed {
            let Some(i) = position(&columns, &fold(&r.ident)) else {
                return Ok(None);
            };
            columns[i].name = fold(&r.alias);
        }
        Ok(Some(columns))
    }

    /// A select item's name without an alias: a column reference is named by its column
    /// (certain); any other expression by its text in upper case, as Snowflake names it,
    /// which the binder does not treat as certain.
    fn expression_name(&self, e: &Expr, item: Option<Range<usize>>) -> (Ident, bool) {
        match e {
            Expr::Identifier(i) => (fold(i), true),
            Expr::CompoundIdentifier(parts) if parts.len() <= 4 => match parts.last() {
                Some(last) => (fold(last), true),
                None => (Ident::from_stored(e.to_string().to_uppercase()), false),
            },
            _ => {
                let text = item
                    .and_then(|r| self.text.get(r))
                    .map_or_else(|| e.to_string(), str::to_string);
                (Ident::from_stored(text.to_uppercase()), false)
            }
        }
    }

    /// The text of each select item of `select`, by byte range, read from the text's
    /// tokens: sqlparser's span of an expression leaves out its first keyword
    /// (`CAST(`), a call's closing parenthesis and arguments without a span
    /// (`COUNT(*)`), so an item is read from where the previous one ended (after
    /// `SELECT [ALL | DISTINCT] [TOP n]`) to the `,` or the keyword that ends it at depth
    /// 0 — past the end of its expression's span, so `a IS DISTINCT FROM b` is one item.
    /// An unaliased item is named by this text: Snowflake names such a column by the
    /// expression as written (the SYSTIMESTAMP page's example prints the column
    /// `SYSTIMESTAMP()`, https://docs.snowflake.com/en/sql-reference/functions/systimestamp;
    /// no page states the rule, which is why the binder never treats the name as
    /// certain). `None` for an item not found.
    fn item_ranges(&mut self, select: &Select) -> Vec<Option<Range<usize>>> {
        use sqlparser::keywords::Keyword;
        use sqlparser::tokenizer::Token;
        const ENDS_LIST: &[Keyword] = &[
            Keyword::FROM,
            Keyword::WHERE,
            Keyword::GROUP,
            Keyword::HAVING,
            Keyword::QUALIFY,
            Keyword::ORDER,
            Keyword::LIMIT,
            Keyword::OFFSET,
            Keyword::FETCH,
            Keyword::UNION,
            Keyword::EXCEPT,
            Keyword::MINUS,
            Keyword::INTERSECT,
            Keyword::WINDOW,
            Keyword::INTO,
        ];
        let mut ranges = vec![None; select.projection.len()];
        let Some(after_select) = super::parse::offset(self.text, select.select_token.0.span.end)
        else {
            return ranges;
        };
        // Each item runs at least to the end of its expression's span.
        let min_ends: Vec<usize> = select
            .projection
            .iter()
            .map(|item| match item {
                SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => {
                    self.span_range(e.span()).map_or(0, |r| r.end)
                }
                _ => 0,
            })
            .collect();
        let tokens = self.tokens();
        let mut i = tokens.partition_point(|(_, r)| r.start < after_select);
        let significant = |i: &mut usize| {
            while tokens
                .get(*i)
                .is_some_and(|(t, _)| matches!(t, Token::Whitespace(_)))
            {
                *i += 1;
            }
        };
        let word = |i: usize, k: Keyword| matches!(tokens.get(i), Some((Token::Word(w), _)) if w.keyword == k);
        loop {
            significant(&mut i);
            if word(i, Keyword::ALL) || word(i, Keyword::DISTINCT) {
                i += 1;
            } else if word(i, Keyword::TOP) {
                i += 1;
                significant(&mut i);
                i += 1;
            } else {
                break;
            }
        }
        for (min_end, range) in min_ends.into_iter().zip(ranges.iter_mut()) {
            significant(&mut i);
            let Some((_, first)) = tokens.get(i) else {
                break;
            };
            let start = first.start;
            let mut end = start;
            let mut depth = 0usize;
            while let Some((token, at)) = tokens.get(i) {
                let ends = at.start >= min_end && depth == 0;
                match token {
                    Token::LParen | Token::LBracket | Token::LBrace => depth += 1,
                    Token::RParen | Token::RBracket | Token::RBrace if depth == 0 => break,
                    Token::RParen | Token::RBracket | Token::RBrace => depth -= 1,
                    Token::Comma | Token::SemiColon | Token::EOF if ends => break,
                    Token::Word(w) if ends && ENDS_LIST.contains(&w.keyword) => break,
                    Token::Whitespace(_) => {
                        i += 1;
                        continue;
                    }
                    _ => {}
                }
                end = at.end;
                i += 1;
            }
            *range = Some(start..end);
            if matches!(tokens.get(i), Some((Token::Comma, _))) {
                i += 1;
            }
        }
        ranges
    }

    /// The text's tokens with their byte ranges, read once per binder.
    fn tokens(&mut self) -> &[(sqlparser::tokenizer::Token, Range<usize>)] {
        self.tokens
            .get_or_insert_with(|| super::parse::tokens_of(self.text))
    }

    pub(super) fn span_range(&self, span: sqlparser::tokenizer::Span) -> Option<Range<usize>> {
        super::parse::range(self.text, span.start, span.end)
    }

    pub(super) fn from(
        &mut self,
        from: &TableWithJoins,
        scope: &mut Scope<'_>,
    ) -> Result<(), BindError> {
        self.table_factor(&from.relation, scope)?;
        for join in &from.joins {
            let left = scope.sources.len();
            self.table_factor(&join.relation, scope)?;
            let constraint = match &join.join_operator {
                JoinOperator::Join(c)
                | JoinOperator::Inner(c)
                | JoinOperator::Left(c)
                | JoinOperator::LeftOuter(c)
                | JoinOperator::Right(c)
                | JoinOperator::RightOuter(c)
                | JoinOperator::FullOuter(c)
                | JoinOperator::CrossJoin(c) => Some(c),
                // ASOF JOIN … MATCH_CONDITION (…) [ON …]: both see the two sides
                // (https://docs.snowflake.com/en/sql-reference/constructs/asof-join).
                JoinOperator::AsOf {
                    match_condition,
                    constraint,
                } => {
                    self.expr(match_condition, scope)?;
                    Some(constraint)
                }
                _ => None,
            };
            // ON sees every source joined so far. USING and NATURAL name columns of both
            // sides, which the binder does not check; they merge them.
            match constraint {
                Some(JoinConstraint::On(e)) => {
                    self.expr(e, scope)?;
                }
                Some(JoinConstraint::Using(names) | JoinConstraint::UsingAlias(names, _)) => {
                    let names: Vec<Ident> = names
                        .iter()
                        .filter_map(|n| n.0.last().and_then(|p| p.as_ident()).map(fold))
                        .collect();
                    merge(scope, left, &names);
                }
                Some(JoinConstraint::Natural) => {
                    let earlier: Vec<Ident> = scope.sources[..left.min(scope.sources.len())]
                        .iter()
                        .flat_map(|s| s.columns.iter().flatten().map(|c| c.name.clone()))
                        .collect();
                    merge(scope, left, &earlier);
                }
                _ => {}
            }
        }
        Ok(())
    }

    pub(super) fn table_factor(
        &mut self,
        factor: &TableFactor,
        scope: &mut Scope<'_>,
    ) -> Result<(), BindError> {
        let source = match factor {
            TableFactor::Table {
                name, alias, args, ..
            } => {
                if let Some(stage) = named_stage(name) {
                    self.stages.push(stage);
                }
                let parts = object_parts(name);
                let columns = match (&parts, args) {
                    // `name(…)` in FROM is a table function: not modelled.
                    (_, Some(_)) | (None, _) => None,
                    (Some(parts), None) => self.relation_columns(parts, scope),
                };
                named_source(parts, alias.as_ref(), columns)
            }
            TableFactor::Derived {
                subquery, alias, ..
            } => {
                let columns = self.query(subquery, scope)?;
                Source {
                    name: alias.iter().map(|a| fold(&a.name)).collect(),
                    aliased: true,
                    columns: renamed(columns, alias.as_ref()),
                }
            }
            TableFactor::Function {
                name, args, alias, ..
            } => {
                let named = object_parts(name).unwrap_or_default();
                let columns = self.table_function(&named, args.iter(), scope)?;
                self.function_source(named, columns, alias.as_ref())
            }
            TableFactor::TableFunction {
                expr: Expr::Value(v),
                alias,
            } => {
                // `TABLE('<name>')`, a table literal, names the table its string names
                // (https://docs.snowflake.com/en/sql-reference/literals-table), as
                // `IDENTIFIER('<name>')` does; any other value (a variable) names a table
                // the binder does not know.
                let parts = match &v.value {
                    sqlparser::ast::Value::SingleQuotedString(text)
                    | sqlparser::ast::Value::DollarQuotedString(
                        sqlparser::ast::DollarQuotedString { value: text, .. },
                    ) => crate::model::identifier::split_parts(text)
                        .ok()
                        .filter(|parts| (1..=3).contains(&parts.len())),
                    _ => None,
                };
                let columns = parts
                    .as_ref()
                    .and_then(|parts| self.relation_columns(parts, scope));
                if let Some(parts) = &parts
                    && !matches!(parts.as_slice(), [one] if scope.cte(one).is_some())
                {
                    self.named_by_literal.push(parts.clone());
                }
                named_source(parts, alias.as_ref(), columns)
            }
            TableFactor::TableFunction { expr, alias } => {
                let (named, columns) = match expr {
                    Expr::Function(f) => {
                        let named = object_parts(&f.name).unwrap_or_default();
                        let columns = match &f.args {
                            sqlparser::ast::FunctionArguments::List(list) => {
                                self.table_function(&named, list.args.iter(), scope)?
                            }
                            _ => None,
                        };
                        (named, columns)
                    }
                    _ => (Vec::new(), None),
                };
                self.function_source(named, columns, alias.as_ref())
            }
            TableFactor::NestedJoin {
                table_with_joins,
                alias: None,
            } => return self.from(table_with_joins, scope),
            TableFactor::Pivot {
                table,
                aggregate_functions,
                value_column,
                value_source,
                default_on_null,
                alias,
            } => {
                let columns = self.pivot(
                    table,
                    aggregate_functions,
                    value_column,
                    value_source,
                    default_on_null.as_ref(),
                    scope,
                )?;
                self.function_source(Vec::new(), columns, alias.as_ref())
            }
            TableFactor::Unpivot {
                table,
                value,
                name,
                columns,
                alias,
                ..
            } => {
                let columns = self.unpivot(table, value, name, columns, scope)?;
                self.function_source(Vec::new(), columns, alias.as_ref())
            }
            TableFactor::MatchRecognize { alias, .. } => {
                let columns = self.match_recognize(factor, scope)?;
                self.function_source(Vec::new(), columns, alias.as_ref())
            }
            // The rest: a source of unknown columns.
            other => Source {
                name: alias_of(other)
                    .map(|a| vec![fold(&a.name)])
                    .unwrap_or_default(),
                aliased: true,
                columns: None,
            },
        };
        scope.sources.push(source);
        Ok(())
    }

    /// The columns of the relation a name in FROM reads: a CTE visible here, else the
    /// catalog's relation.
    fn relation_columns(&self, parts: &[Ident], scope: &Scope<'_>) -> Option<Vec<BoundColumn>> {
        match parts {
            [one] if scope.cte(one).is_some() => scope.cte(one).cloned().flatten(),
            _ => self.relations.columns(parts),
        }
    }

    /// A table function's output columns: FLATTEN's are documented (its arguments are
    /// bound, LATERAL, in the scope so far); any other's are unknown.
    fn table_function<'a>(
        &mut self,
        name: &[Ident],
        args: impl Iterator<Item = &'a FunctionArg>,
        scope: &Scope<'_>,
    ) -> Result<Option<Vec<BoundColumn>>, BindError> {
        self.functions.push(name.to_vec());
        let is_flatten = name.last().is_some_and(|n| n.as_str() == "FLATTEN");
        if name.last().is_some_and(|n| n.as_str() == "RESULT_SCAN") {
            // RESULT_SCAN answers the earlier query's columns
            // (https://docs.snowflake.com/en/sql-reference/functions/result_scan).
            let args: Vec<&FunctionArg> = args.collect();
            return Ok(match args.as_slice() {
                [FunctionArg::Unnamed(FunctionArgExpr::Expr(e))] => {
                    earlier_query(e).and_then(|q| self.relations.result_columns(&q))
                }
                _ => None,
            });
        }
        if name.last().is_some_and(|n| n.as_str() == "SPLIT_TO_TABLE") {
            let args: Vec<&FunctionArg> = args.collect();
            self.function_arguments(args.iter().copied(), scope)?;
            return Ok(Some(split_to_table_columns()));
        }
        if !is_flatten {
            // A user-defined table function answers its RETURNS TABLE's columns
            // (https://docs.snowflake.com/en/sql-reference/sql/create-function).
            return Ok(self.relations.table_function(name, args.count()));
        }
        self.function_arguments(args, scope)?;
        Ok(Some(flatten_columns()))
    }

    /// Binds a table function's arguments, LATERAL, in the scope so far.
    fn function_arguments<'a>(
        &mut self,
        args: impl Iterator<Item = &'a FunctionArg>,
        scope: &Scope<'_>,
    ) -> Result<(), BindError> {
        for arg in args {
            match arg {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e))
                | FunctionArg::Named {
                    arg: FunctionArgExpr::Expr(e),
                    ..
                }
                | FunctionArg::ExprNamed {
                    arg: FunctionArgExpr::Expr(e),
                    ..
                } => {
                    self.expr(e, scope)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The source a PIVOT or UNPIVOT reads, bound in a scope of its own: its columns,
    /// and the scope to bind the operator's expressions in.
    fn operand(
        &mut self,
        table: &TableFactor,
        scope: &Scope<'_>,
    ) -> Result<Option<Vec<BoundColumn>>, BindError> {
        let mut inner = scope.child();
        self.table_factor(table, &mut inner)?;
        Ok(match inner.sources.as_slice() {
            [one] => one.columns.clone(),
            _ => None,
        })
    }

    /// PIVOT's output columns (https://docs.snowflake.com/en/sql-reference/constructs/pivot):
    /// the input's columns other than the aggregated and the value columns, then one
    /// column per listed pivot value, of the aggregate's type, named by the value's alias
    /// or by the value as written (a string keeps its quotes: `'JAN'`), with `_<ALIAS>`
    /// appended when the aggregate has an alias. `ANY [ORDER BY …]` and a subquery pivot
    /// on values only the data knows, and several aggregates' column order is not
    /// documented: their columns are unknown. The aggregate and value columns, ANY's
    /// ORDER BY and the subquery are bound (000904).
    fn pivot(
        &mut self,
        table: &TableFactor,
        aggregates: &[sqlparser::ast::ExprWithAlias],
        value_columns: &[Expr],
        values: &sqlparser::ast::PivotValueSource,
        default_on_null: Option<&Expr>,
        scope: &Scope<'_>,
    ) -> Result<Option<Vec<BoundColumn>>, BindError> {
        let input = self.operand(table, scope)?;
        let mut inner = scope.child();
        inner.sources.push(Source {
            name: Vec::new(),
            aliased: true,
            columns: input.clone(),
        });
        let mut aggregate_types = Vec::new();
        for aggregate in aggregates {
            aggregate_types.push(self.expr(&aggregate.expr, &inner)?.data_type);
        }
        for column in value_columns {
            self.expr(column, &inner)?;
        }
        if let Some(default) = default_on_null {
            self.expr(default, &inner)?;
        }
        // ANY's ORDER BY names the input's columns; a subquery's values are a query of
        // their own.
        match values {
            sqlparser::ast::PivotValueSource::List(_) => {}
            sqlparser::ast::PivotValueSource::Any(order_by) => {
                for o in order_by {
                    self.expr(&o.expr, &inner)?;
                }
            }
            sqlparser::ast::PivotValueSource::Subquery(q) => {
                self.query(q, scope)?;
            }
        }
        let (Some(input), [aggregate], [data_type]) =
            (input, aggregates, aggregate_types.as_slice())
        else {
            return Ok(None);
        };
        let sqlparser::ast::PivotValueSource::List(values) = values else {
            return Ok(None);
        };
        let mut consumed: Vec<Ident> = value_columns.iter().filter_map(column_name).collect();
        if let Expr::Function(f) = &aggregate.expr
            && let sqlparser::ast::FunctionArguments::List(list) = &f.args
        {
            consumed.extend(list.args.iter().filter_map(|arg| match arg {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => column_name(e),
                _ => None,
            }));
        }
        let mut columns: Vec<BoundColumn> = input
            .into_iter()
            .filter(|c| !consumed.contains(&c.name))
            .collect();
        let suffix = aggregate
            .alias
            .as_ref()
            .map(|a| format!("_{}", fold(a).as_str()));
        for value in values {
            let name = match &value.alias {
                Some(alias) => fold(alias).as_str().to_string(),
                None => value.expr.to_string(),
            };
            columns.push(BoundColumn {
                name: Ident::from_stored(format!("{name}{}", suffix.as_deref().unwrap_or(""))),
                data_type: data_type.clone(),
                nullable: true,
            });
        }
        Ok(Some(columns))
    }

    /// MATCH_RECOGNIZE (https://docs.snowflake.com/en/sql-reference/constructs/match_recognize):
    /// PARTITION BY, ORDER BY, MEASURES and DEFINE are bound against its input (a pattern
    /// symbol qualifies a column as `symbol.col`, which names no source, so it is
    /// accepted). Its special functions (MATCH_NUMBER, MATCH_SEQUENCE_NUMBER, CLASSIFIER)
    /// and navigation functions (PREV, NEXT, FIRST, LAST) belong to the clause, not to the
    /// built-in list. The output is, for ONE ROW PER MATCH (the default), the PARTITION
    /// BY columns then the measures; for ALL ROWS PER MATCH, the input's columns then the
    /// measures. The page shows these columns in its examples without stating their
    /// order; a partition expression that is not a column makes the columns unknown.
    fn match_recognize(
        &mut self,
        factor: &TableFactor,
        scope: &Scope<'_>,
    ) -> Result<Option<Vec<BoundColumn>>, BindError> {
        let TableFactor::MatchRecognize {
            table,
            partition_by,
            order_by,
            measures,
            rows_per_match,
            symbols,
            ..
        } = factor
        else {
            return Ok(None);
        };
        const CLAUSE_FUNCTIONS: &[&str] = &[
            "MATCH_NUMBER",
            "MATCH_SEQUENCE_NUMBER",
            "CLASSIFIER",
            "PREV",
            "NEXT",
            "FIRST",
            "LAST",
        ];
        let input = self.operand(table, scope)?;
        let mut inner = scope.child();
        inner.sources.push(Source {
            name: Vec::new(),
            aliased: true,
            columns: input.clone(),
        });
        let called = self.functions.len();
        let mut partitions = Vec::new();
        for e in partition_by {
            let typed = self.expr(e, &inner)?;
            partitions.push(column_name(e).map(|name| BoundColumn {
                name,
                data_type: typed.data_type,
                nullable: typed.nullable,
            }));
        }
        for o in order_by {
            self.expr(&o.expr, &inner)?;
        }
        let mut measured = Vec::new();
        for m in measures {
            let typed = self.expr(&m.expr, &inner)?;
            measured.push(BoundColumn {
                name: fold(&m.alias),
                data_type: typed.data_type,
                nullable: true,
            });
        }
        for symbol in symbols {
            self.expr(&symbol.definition, &inner)?;
        }
        let mut i = called;
        while i < self.functions.len() {
            let clause_only = matches!(self.functions[i].as_slice(),
                [one] if CLAUSE_FUNCTIONS.contains(&one.as_str()));
            if clause_only {
                self.functions.remove(i);
            } else {
                i += 1;
            }
        }
        let leading = match rows_per_match {
            Some(sqlparser::ast::RowsPerMatch::AllRows(_)) => input,
            _ => partitions.into_iter().collect::<Option<Vec<_>>>(),
        };
        Ok(leading.map(|mut columns| {
            columns.extend(measured);
            columns
        }))
    }

    /// UNPIVOT's output columns (https://docs.snowflake.com/en/sql-reference/constructs/unpivot):
    /// the input's columns other than the unpivoted ones, then the name column and the
    /// value column. The page gives neither new column's type: the value column has the
    /// unpivoted columns' type when they share one, the name column's type is unknown.
    fn unpivot(
        &mut self,
        table: &TableFactor,
        value: &Expr,
        name: &sqlparser::ast::Ident,
        unpivoted: &[sqlparser::ast::ExprWithAlias],
        scope: &Scope<'_>,
    ) -> Result<Option<Vec<BoundColumn>>, BindError> {
        let input = self.operand(table, scope)?;
        let mut inner = scope.child();
        inner.sources.push(Source {
            name: Vec::new(),
            aliased: true,
            columns: input.clone(),
        });
        let mut types = Vec::new();
        for column in unpivoted {
            types.push(self.expr(&column.expr, &inner)?.data_type);
        }
        let (Some(input), Some(value_name)) = (input, column_name(value)) else {
            return Ok(None);
        };
        let consumed: Vec<Ident> = unpivoted
            .iter()
            .filter_map(|c| column_name(&c.expr))
            .collect();
        let mut columns: Vec<BoundColumn> = input
            .into_iter()
            .filter(|c| !consumed.contains(&c.name))
            .collect();
        columns.push(BoundColumn {
            name: fold(name),
            data_type: ColumnType::Unknown,
            nullable: false,
        });
        columns.push(BoundColumn {
            name: value_name,
            data_type: super::types::common(&types),
            nullable: true,
        });
        Ok(Some(columns))
    }

    fn function_source(
        &self,
        name: Vec<Ident>,
        columns: Option<Vec<BoundColumn>>,
        alias: Option<&TableAlias>,
    ) -> Source {
        match alias {
            Some(a) => Source {
                name: vec![fold(&a.name)],
                aliased: true,
                columns: renamed(columns, Some(a)),
            },
            None => Source {
                name,
                aliased: false,
                columns,
            },
        }
    }

    /// The outermost select list's columns, named as the binder names them (an
    /// expression by its text in upper case) even where that name is not certain; a `*`
    /// over unknown columns contributes none.
    /// `None` when a `*` over unknown columns leaves the list incomplete.
    pub(super) fn projected_columns(&self) -> Option<Vec<BoundColumn>> {
        self.last_names_complete.then(|| {
            self.last_projection
                .iter()
                .map(|p| p.column.clone())
                .collect()
        })
    }

    /// The type of a scalar subquery just bound: its one column's, even when the column's
    /// name is not certain (`(SELECT MAX(x) FROM …)`).
    pub(super) fn scalar_type(&self, q: &Query, output: &Output) -> ColumnType {
        match output.as_deref() {
            Some([only]) => only.data_type.clone(),
            Some(_) => ColumnType::Unknown,
            None => match (q.body.as_ref(), self.last_projection.as_slice()) {
                (SetExpr::Select(_), [only]) => only.column.data_type.clone(),
                _ => ColumnType::Unknown,
            },
        }
    }

    /// A view's output columns must have distinct names: checked on the outermost SELECT's
    /// certain names (https://docs.snowflake.com/en/sql-reference/sql/create-view).
    pub(super) fn check_distinct(&self, q: &Query) -> Result<(), BindError> {
        if !matches!(q.body.as_ref(), SetExpr::Select(_)) {
            return Ok(());
        }
        let mut seen: Vec<&Ident> = Vec::new();
        for p in self.last_projection.iter().filter(|p| p.certain) {
            if seen.contains(&&p.column.name) {
                return Err(BindError {
                    kind: BindErrorKind::DuplicateColumn(p.column.name.as_str().to_string()),
                    range: p.range.clone(),
                });
            }
            seen.push(&p.column.name);
        }
        Ok(())
    }
}

/// A USING or NATURAL join's right side (the sources from index `right` on) shares the
/// `names` it has with the sources before it: an unqualified `*` lists each such column
/// once, at its first place. The JOIN page
/// (https://docs.snowflake.com/en/sql-reference/constructs/join) gives the USING form as
/// `SELECT * … USING (…)` without listing its output; one column per joined name is the
/// SQL standard's rule, and listing it twice would make a view over such a join fail
/// with a duplicate column, which Snowflake does not report. The standard puts the
/// joined columns first; the binder keeps them where the left side has them (the order
/// is not documented either).
fn merge(scope: &mut Scope<'_>, right: usize, names: &[Ident]) {
    let left_has = |name: &Ident, scope: &Scope<'_>| {
        scope.sources[..right.min(scope.sources.len())]
            .iter()
            .any(|s| s.columns.iter().flatten().any(|c| &c.name == name))
    };
    let mut merged = Vec::new();
    for (i, source) in scope.sources.iter().enumerate().skip(right) {
        for column in source.columns.iter().flatten() {
            if names.contains(&column.name) && left_has(&column.name, scope) {
                merged.push((i, column.name.clone()));
            }
        }
    }
    scope.merged.extend(merged);
}

/// The column a plain (unqualified or qualified) column reference names.
fn column_name(e: &Expr) -> Option<Ident> {
    match e {
        Expr::Identifier(i) => Some(fold(i)),
        Expr::CompoundIdentifier(parts) => parts.last().map(fold),
        _ => None,
    }
}

fn alias_of(factor: &TableFactor) -> Option<&TableAlias> {
    match factor {
        TableFactor::Pivot { alias, .. }
        | TableFactor::Unpivot { alias, .. }
        | TableFactor::NestedJoin { alias, .. }
        | TableFactor::UNNEST { alias, .. } => alias.as_ref(),
        _ => None,
    }
}
