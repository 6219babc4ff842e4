//! The small query evaluator behind `SELECT … FROM INFORMATION_SCHEMA.COLUMNS` and
//! `QUERY_HISTORY`: conjunctive filters, ORDER BY, LIMIT and projection over a virtual
//! table whose columns are known by name.

use crate::sandbox::error::SqlError;
use crate::sandbox::result::{QueryResult, ResultColumn};
use crate::sandbox::statement::{Filter, FilterOp, Fold, Projected, RowQuery};

use super::pattern::like;

/// Applies `query` to `rows` of a table with `columns`.
pub(super) fn evaluate(
    columns: &[ResultColumn],
    mut rows: Vec<Vec<Option<String>>>,
    query: &RowQuery,
) -> Result<QueryResult, SqlError> {
    let index = |name: &str| {
        columns
            .iter()
            .position(|c| c.name == name)
            .ok_or_else(|| SqlError::invalid_identifier(name))
    };
    let mut filters = Vec::new();
    for filter in &query.filters {
        filters.push((index(&filter.column)?, filter));
    }
    rows.retain(|row| {
        filters
            .iter()
            .all(|(i, f)| keep(row[*i].as_deref(), f, columns[*i].type_name))
    });
    let mut order = Vec::new();
    for (name, descending) in &query.order_by {
        let i = match index(name) {
            Ok(i) => i,
            // ORDER BY may name an output alias.
            Err(e) => query
                .projection
                .iter()
                .find_map(|p| match p {
                    Projected::Column { source, output } if output == name => Some(source),
                    _ => None,
                })
                .map(|source| index(source))
                .unwrap_or(Err(e))?,
        };
        order.push((i, *descending));
    }
    if !order.is_empty() {
        rows.sort_by(|a, b| {
            for (i, descending) in &order {
                let ordering = compare(a[*i].as_deref(), b[*i].as_deref(), columns[*i].type_name);
                let ordering = if *descending {
                    ordering.reverse()
                } else {
                    ordering
                };
                if ordering.is_ne() {
                    return ordering;
                }
            }
            std::cmp::Ordering::Equal
        });
    }
    if let Some(limit) = query.limit {
        rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    }
    if query.projection.is_empty() {
        return Ok(QueryResult {
            columns: columns.to_vec(),
            rows,
        });
    }
    // Each output column: a source column's index, or a literal the same on every row.
    let mut picked: Vec<(Result<usize, Option<String>>, ResultColumn)> = Vec::new();
    for item in &query.projection {
        match item {
            Projected::All => {
                picked.extend(columns.iter().enumerate().map(|(i, c)| (Ok(i), c.clone())))
            }
            Projected::Column { source, output } => {
                let i = index(source)?;
                picked.push((
                    Ok(i),
                    ResultColumn::new(output.clone(), columns[i].type_name),
                ));
            }
            Projected::Number { value, output } => {
                picked.push((
                    Err(Some(value.clone())),
                    ResultColumn::new(output.clone(), "fixed"),
                ));
            }
            // Typed as text: the one type of every column these functions return, so a
            // UNION ALL of a NULL and a column keeps the column's type.
            Projected::Null { output } => {
                picked.push((Err(None), ResultColumn::new(output.clone(), "text")));
            }
        }
    }
    Ok(QueryResult {
        columns: picked.iter().map(|(_, c)| c.clone()).collect(),
        rows: rows
            .into_iter()
            .map(|row| {
                picked
                    .iter()
                    .map(|(source, _)| match source {
                        Ok(i) => row[*i].clone(),
                        Err(value) => value.clone(),
                    })
                    .collect()
            })
            .collect(),
    })
}

fn numeric(type_name: &str) -> bool {
    matches!(type_name, "fixed" | "real" | "timestamp_ltz")
}

fn compare(a: Option<&str>, b: Option<&str>, type_name: &str) -> std::cmp::Ordering {
    match (a, b) {
        // NULLs sort last ascending, as Snowflake's default.
        (None, None) => std::cmp::Ordering::Equal,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (Some(_), None) => std::cmp::Ordering::Less,
        (Some(x), Some(y)) if numeric(type_name) => match (x.parse::<f64>(), y.parse::<f64>()) {
            (Ok(x), Ok(y)) => x.total_cmp(&y),
            _ => x.cmp(y),
        },
        (Some(x), Some(y)) => x.cmp(y),
    }
}

fn keep(cell: Option<&str>, filter: &Filter, type_name: &str) -> bool {
    let folded = cell.map(|c| match filter.fold {
        Some(Fold::Upper) => c.to_uppercase(),
        Some(Fold::Lower) => c.to_lowercase(),
        None => c.to_string(),
    });
    let value = folded.as_deref();
    let cmp = |literal: &str| value.map(|v| compare(Some(v), Some(literal), type_name));
    let equal = |literal: &str| cmp(literal) == Some(std::cmp::Ordering::Equal);
    match &filter.op {
        FilterOp::Eq(Some(l)) => equal(l),
        FilterOp::NotEq(Some(l)) => value.is_some() && !equal(l),
        // `= NULL` is never true in SQL.
        FilterOp::Eq(None) | FilterOp::NotEq(None) => false,
        FilterOp::In(list) => list.iter().any(|l| equal(l)),
        FilterOp::NotIn(list) => value.is_some() && !list.iter().any(|l| equal(l)),
        FilterOp::Like(pattern) => value.is_some_and(|v| like(pattern, v, false)),
        FilterOp::IsNull => value.is_none(),
        FilterOp::IsNotNull => value.is_some(),
        FilterOp::Less(l) => cmp(l) == Some(std::cmp::Ordering::Less),
        FilterOp::LessEq(l) => cmp(l).is_some_and(|o| o.is_le()),
        FilterOp::Greater(l) => cmp(l) == Some(std::cmp::Ordering::Greater),
        FilterOp::GreaterEq(l) => cmp(l).is_some_and(|o| o.is_ge()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::statement::Filter;

    #[test]
    fn filters_sort_and_project() {
        let columns = vec![
            ResultColumn::new("NAME", "text"),
            ResultColumn::new("POS", "fixed"),
        ];
        let row = |n: &str, p: &str| vec![Some(n.to_string()), Some(p.to_string())];
        let rows = vec![row("b", "10"), row("a", "2"), row("c", "1")];
        let query = RowQuery {
            projection: vec![Projected::Column {
                source: "NAME".into(),
                output: "N".into(),
            }],
            filters: vec![Filter {
                column: "POS".into(),
                fold: None,
                op: FilterOp::GreaterEq("2".into()),
            }],
            order_by: vec![("POS".into(), true)],
            limit: None,
        };
        let result = evaluate(&columns, rows, &query).unwrap();
        assert_eq!(result.columns[0].name, "N");
        assert_eq!(
            result.rows,
            vec![vec![Some("b".to_string())], vec![Some("a".to_string())]]
        );
        let bad = RowQuery {
            projection: vec![Projected::Column {
                source: "NOPE".into(),
                output: "NOPE".into(),
            }],
            ..RowQuery::default()
        };
        assert_eq!(evaluate(&columns, vec![], &bad).unwrap_err().code, "000904");
    }

    #[test]
    fn a_number_before_every_column() {
        let columns = vec![ResultColumn::new("NAME", "text")];
        let query = RowQuery {
            projection: vec![
                Projected::Number {
                    value: "7".into(),
                    output: "BRANCH".into(),
                },
                Projected::All,
            ],
            ..RowQuery::default()
        };
        let result = evaluate(&columns, vec![vec![Some("a".into())]], &query).unwrap();
        let names: Vec<&str> = result.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["BRANCH", "NAME"]);
        assert_eq!(result.rows, vec![vec![Some("7".into()), Some("a".into())]]);
    }
}
