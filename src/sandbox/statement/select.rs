//! The `SELECT` forms the emulator answers: constants and system functions without
//! `FROM`; the `INFORMATION_SCHEMA` views COLUMNS, OBJECT_PRIVILEGES, PROCEDURES and
//! FUNCTIONS; the table
//! functions QUERY_HISTORY, POLICY_REFERENCES, TAG_REFERENCES[_ALL_COLUMNS] and the data
//! metric functions' references and expectations — each with a select list of columns,
//! `*`, number literals and `NULL AS name`, conjunctive `WHERE` filters, `ORDER BY` and `LIMIT` — and
//! those joined by `UNION ALL`.
//!
//! It is not a query engine: anything else (joins, expressions over columns, other
//! tables) is a syntax error at the first token it cannot place.

use super::ast::{Expr, Filter, FilterOp, Fold, Projected, RowQuery, Select, SelectItem};
use super::parser::Parser;
use crate::sandbox::error::SqlError;
use crate::sql::TokenKind;

pub(crate) fn select(p: &mut Parser) -> Result<Select, SqlError> {
    let start = p.mark();
    if let Some(items) = try_values(p)? {
        return Ok(Select::Values(items));
    }
    p.reset(start);
    let projection = projection(p)?;
    p.expect_kw("FROM")?;
    let select = if p.eat_kw("TABLE") {
        p.expect_sym("(")?;
        let function = p.name()?;
        let in_information_schema = function.parts.len() == 1
            || function.parts[function.parts.len() - 2].as_str() == "INFORMATION_SCHEMA";
        if in_information_schema && function.last().as_str() == "POLICY_REFERENCES" {
            let at = p.mark();
            if let Some(tag) = tag_entity_arguments(p)? {
                p.expect_sym(")")?;
                skip_alias(p);
                return Ok(Select::TagPolicyReferences {
                    database: (function.parts.len() == 3).then(|| function.parts[0].clone()),
                    tag,
                    query: row_query(p, projection)?,
                });
            }
            p.reset(at);
            let policy = policy_arguments(p)?;
            p.expect_sym(")")?;
            skip_alias(p);
            return Ok(Select::PolicyReferences {
                database: (function.parts.len() == 3).then(|| function.parts[0].clone()),
                policy,
                query: row_query(p, projection)?,
            });
        }
        let tag_function = function.last().as_str();
        if in_information_schema
            && (tag_function == "TAG_REFERENCES" || tag_function == "TAG_REFERENCES_ALL_COLUMNS")
        {
            let all_columns = tag_function == "TAG_REFERENCES_ALL_COLUMNS";
            // Two positional string arguments: the object's name and its domain
            // (https://docs.snowflake.com/en/sql-reference/functions/tag_references).
            p.expect_sym("(")?;
            let object = p.string()?;
            p.expect_sym(",")?;
            let domain = p.string()?;
            p.expect_sym(")")?;
            p.expect_sym(")")?;
            skip_alias(p);
            return Ok(Select::TagReferences {
                database: (function.parts.len() == 3).then(|| function.parts[0].clone()),
                object,
                domain,
                all_columns,
                query: row_query(p, projection)?,
            });
        }
        let metric_function = function.last().as_str();
        if in_information_schema
            && (metric_function == "DATA_METRIC_FUNCTION_REFERENCES"
                || metric_function == "DATA_METRIC_FUNCTION_EXPECTATIONS")
        {
            let expectations = metric_function == "DATA_METRIC_FUNCTION_EXPECTATIONS";
            let arguments = named_string_arguments(p)?;
            p.expect_sym(")")?;
            skip_alias(p);
            return Ok(Select::DataMetricReferences {
                database: (function.parts.len() == 3).then(|| function.parts[0].clone()),
                expectations,
                arguments,
                query: row_query(p, projection)?,
            });
        }
        let is_history = function.last().as_str() == "QUERY_HISTORY" && in_information_schema;
        if !is_history {
            return Err(p.error());
        }
        let result_limit = history_arguments(p)?;
        p.expect_sym(")")?;
        skip_alias(p);
        Select::QueryHistory {
            result_limit,
            query: row_query(p, projection)?,
        }
    } else {
        let at = p.mark();
        let name = p.name()?;
        let n = name.parts.len();
        let view = (n >= 2 && name.parts[n - 2].as_str() == "INFORMATION_SCHEMA")
            .then(|| name.parts[n - 1].as_str());
        let database = (n == 3).then(|| name.parts[0].clone());
        match view {
            Some("COLUMNS") => {
                skip_alias(p);
                Select::InformationSchemaColumns {
                    database,
                    query: row_query(p, projection)?,
                }
            }
            Some(view @ ("PROCEDURES" | "FUNCTIONS")) => {
                skip_alias(p);
                Select::Routines {
                    database,
                    functions: view == "FUNCTIONS",
                    query: row_query(p, projection)?,
                }
            }
            Some("OBJECT_PRIVILEGES") => {
                skip_alias(p);
                Select::ObjectPrivileges {
                    database,
                    query: row_query(p, projection)?,
                }
            }
            _ => {
                p.reset(at);
                return Err(p.error());
            }
        }
    };
    Ok(select)
}

/// `<select> UNION ALL SELECT …`, after the first branch's SELECT was read by
/// [`select`]: the evaluator's forms joined by UNION ALL, each with its own WHERE
/// (https://docs.snowflake.com/en/sql-reference/operators-query). ORDER BY and LIMIT,
/// which would order or cut the whole union, are not emulated there: such a union is not
/// one of the evaluator's forms (the caller hands it to the binder, which refuses it).
pub(crate) fn union(p: &mut Parser) -> Result<Select, SqlError> {
    let first = select(p)?;
    if !p.is_kw("UNION") {
        return Ok(first);
    }
    let mut branches = vec![first];
    while p.eat_kws(&["UNION", "ALL"]) {
        p.expect_kw("SELECT")?;
        branches.push(select(p)?);
    }
    for branch in &branches {
        let query = match branch {
            Select::Values(_) | Select::UnionAll(_) => return Err(p.error()),
            Select::InformationSchemaColumns { query, .. }
            | Select::ObjectPrivileges { query, .. }
            | Select::Routines { query, .. }
            | Select::PolicyReferences { query, .. }
            | Select::TagPolicyReferences { query, .. }
            | Select::TagReferences { query, .. }
            | Select::DataMetricReferences { query, .. }
            | Select::QueryHistory { query, .. } => query,
        };
        if !query.order_by.is_empty() || query.limit.is_some() {
            return Err(p.error());
        }
    }
    Ok(Select::UnionAll(branches))
}

/// `SELECT expr [AS alias], …` with nothing after: constants and function calls.
fn try_values(p: &mut Parser) -> Result<Option<Vec<SelectItem>>, SqlError> {
    let mut items = Vec::new();
    loop {
        let start = p.mark();
        let Some(expr) = expr(p)? else {
            return Ok(None);
        };
        let text = p.text_between(start, p.mark());
        let alias_follows = p.peek().is_some_and(|t| {
            (t.kind == TokenKind::Word || t.kind == TokenKind::QuotedIdent) && !t.is_keyword("FROM")
        });
        let header = if p.eat_kw("AS") || alias_follows {
            p.ident()?.as_str().to_string()
        } else {
            text.to_uppercase()
        };
        items.push(SelectItem { header, expr });
        if !p.eat_sym(",") {
            break;
        }
    }
    if p.at_end() {
        Ok(Some(items))
    } else {
        Ok(None)
    }
}

fn expr(p: &mut Parser) -> Result<Option<Expr>, SqlError> {
    let Some(t) = p.peek().cloned() else {
        return Ok(None);
    };
    let e = match t.kind {
        TokenKind::String => {
            p.advance();
            Expr::Str(t.value)
        }
        TokenKind::Number => {
            p.advance();
            Expr::Num(t.value)
        }
        TokenKind::Symbol if t.value == "-" => {
            p.advance();
            match p.advance() {
                Some(n) if n.kind == TokenKind::Number => Expr::Num(format!("-{}", n.value)),
                _ => return Ok(None),
            }
        }
        TokenKind::Word if t.is_keyword("TRUE") => {
            p.advance();
            Expr::Bool(true)
        }
        TokenKind::Word if t.is_keyword("FALSE") => {
            p.advance();
            Expr::Bool(false)
        }
        TokenKind::Word if t.is_keyword("NULL") => {
            p.advance();
            Expr::Null
        }
        TokenKind::Word => {
            let name = t.value.to_uppercase();
            p.advance();
            if !p.eat_sym("(") {
                // CURRENT_TIMESTAMP and friends may be written without parentheses.
                return Ok(matches!(
                    name.as_str(),
                    "CURRENT_TIMESTAMP" | "CURRENT_DATE" | "CURRENT_TIME" | "LOCALTIMESTAMP"
                )
                .then_some(Expr::Call {
                    name,
                    args: Vec::new(),
                }));
            }
            let mut args = Vec::new();
            while !p.is_sym(")") {
                match expr(p)? {
                    Some(a) => args.push(a),
                    None => return Ok(None),
                }
                if !p.eat_sym(",") && !p.is_sym(")") {
                    return Ok(None);
                }
            }
            p.expect_sym(")")?;
            Expr::Call { name, args }
        }
        _ => return Ok(None),
    };
    Ok(Some(e))
}

/// The select list of a virtual table query: `*`, columns with optional aliases, and
/// number literals with an alias (`0 AS BRANCH`, which lakeform puts before each branch of
/// a UNION ALL to tell the branches' rows apart), in any order.
fn projection(p: &mut Parser) -> Result<Vec<Projected>, SqlError> {
    let mut items = Vec::new();
    loop {
        if p.eat_sym("*") {
            items.push(Projected::All);
        } else if p.peek().is_some_and(|t| t.kind == TokenKind::Number) {
            let value = p.advance().map(|t| t.value).unwrap_or_default();
            p.eat_kw("AS");
            let output = p.ident()?.as_str().to_string();
            items.push(Projected::Number { value, output });
        } else if p.eat_kw("NULL") {
            // NULL is reserved: never a column's name unquoted.
            p.eat_kw("AS");
            let output = p.ident()?.as_str().to_string();
            items.push(Projected::Null { output });
        } else {
            let name = p.name()?;
            let source = name.last().as_str().to_string();
            let alias_follows = p
                .peek()
                .is_some_and(|t| t.kind == TokenKind::Word && !t.is_keyword("FROM"));
            let output = if p.eat_kw("AS") || alias_follows {
                p.ident()?.as_str().to_string()
            } else {
                source.clone()
            };
            items.push(Projected::Column { source, output });
        }
        if !p.eat_sym(",") {
            break;
        }
    }
    // A lone `*` is the whole row, as an empty projection says.
    if items == [Projected::All] {
        items.clear();
    }
    Ok(items)
}

fn skip_alias(p: &mut Parser) {
    const STOPS: [&str; 4] = ["WHERE", "ORDER", "LIMIT", "UNION"];
    let alias_follows = p
        .peek()
        .is_some_and(|t| t.kind == TokenKind::Word && !STOPS.iter().any(|s| t.is_keyword(s)));
    if p.eat_kw("AS") || alias_follows {
        p.advance();
    }
}

/// `QUERY_HISTORY(RESULT_LIMIT => n, …)`: other named arguments are accepted and ignored.
/// `( POLICY_NAME => '<name>' )`: the one form of POLICY_REFERENCES the emulator answers
/// (https://docs.snowflake.com/en/sql-reference/functions/policy_references); the
/// REF_ENTITY_NAME form is not emulated.
/// `( REF_ENTITY_NAME => '<tag>', REF_ENTITY_DOMAIN => 'TAG' )`: the policies set on a
/// tag (https://docs.snowflake.com/en/sql-reference/functions/policy_references); `None`
/// when the arguments are another form. Other domains are not emulated.
fn tag_entity_arguments(p: &mut Parser) -> Result<Option<String>, SqlError> {
    p.expect_sym("(")?;
    if !p.is_kw("REF_ENTITY_NAME") {
        return Ok(None);
    }
    p.advance();
    p.expect_sym("=>")?;
    let name = p.string()?;
    p.expect_sym(",")?;
    p.expect_kw("REF_ENTITY_DOMAIN")?;
    p.expect_sym("=>")?;
    let domain = p.string()?;
    p.expect_sym(")")?;
    if !domain.eq_ignore_ascii_case("TAG") {
        return Err(SqlError::unsupported(format!(
            "The sandbox answers POLICY_REFERENCES by entity for the TAG domain only, not {domain}."
        )));
    }
    Ok(Some(name))
}

/// `( NAME => '<string>' [ , … ] )`: named string arguments, each name upper-cased
/// (https://docs.snowflake.com/en/sql-reference/functions/data_metric_function_references).
fn named_string_arguments(p: &mut Parser) -> Result<Vec<(String, String)>, SqlError> {
    p.expect_sym("(")?;
    let mut arguments = Vec::new();
    while !p.is_sym(")") {
        let key = p.ident()?.as_str().to_ascii_uppercase();
        p.expect_sym("=>")?;
        arguments.push((key, p.string()?));
        if !p.eat_sym(",") && !p.is_sym(")") {
            return Err(p.error());
        }
    }
    p.expect_sym(")")?;
    Ok(arguments)
}

fn policy_arguments(p: &mut Parser) -> Result<String, SqlError> {
    p.expect_sym("(")?;
    let key = p.ident()?;
    if key.as_str() != "POLICY_NAME" {
        return Err(p.error());
    }
    p.expect_sym("=>")?;
    let name = p.string()?;
    p.expect_sym(")")?;
    Ok(name)
}

fn history_arguments(p: &mut Parser) -> Result<Option<u64>, SqlError> {
    p.expect_sym("(")?;
    let mut limit = None;
    while !p.is_sym(")") {
        let key = p.ident()?;
        p.expect_sym("=>")?;
        if key.as_str() == "RESULT_LIMIT" {
            limit = Some(p.unsigned()?);
        } else {
            let mut depth = 0usize;
            while let Some(t) = p.peek() {
                if depth == 0 && (t.is_symbol(",") || t.is_symbol(")")) {
                    break;
                }
                if t.is_symbol("(") {
                    depth += 1;
                } else if t.is_symbol(")") {
                    depth -= 1;
                }
                p.advance();
            }
        }
        if !p.eat_sym(",") && !p.is_sym(")") {
            return Err(p.error());
        }
    }
    p.expect_sym(")")?;
    Ok(limit)
}

fn row_query(p: &mut Parser, projection: Vec<Projected>) -> Result<RowQuery, SqlError> {
    let mut query = RowQuery {
        projection,
        ..RowQuery::default()
    };
    if p.eat_kw("WHERE") {
        loop {
            query.filters.push(filter(p)?);
            if !p.eat_kw("AND") {
                break;
            }
        }
    }
    if p.eat_kws(&["ORDER", "BY"]) {
        loop {
            let column = p.name()?.last().as_str().to_string();
            let descending = if p.eat_kw("DESC") {
                true
            } else {
                p.eat_kw("ASC");
                false
            };
            if p.eat_kw("NULLS") && !p.eat_kw("FIRST") {
                p.expect_kw("LAST")?;
            }
            query.order_by.push((column, descending));
            if !p.eat_sym(",") {
                break;
            }
        }
    }
    if p.eat_kw("LIMIT") {
        query.limit = Some(p.unsigned()?);
    }
    Ok(query)
}

fn filter(p: &mut Parser) -> Result<Filter, SqlError> {
    let fold = if p.is_kw("UPPER") && p.peek_at(1).is_some_and(|t| t.is_symbol("(")) {
        Some(Fold::Upper)
    } else if p.is_kw("LOWER") && p.peek_at(1).is_some_and(|t| t.is_symbol("(")) {
        Some(Fold::Lower)
    } else {
        None
    };
    if fold.is_some() {
        p.advance();
        p.advance();
    }
    let column = p.name()?.last().as_str().to_string();
    if fold.is_some() {
        p.expect_sym(")")?;
    }
    let op = if p.eat_sym("=") {
        FilterOp::Eq(literal(p)?)
    } else if p.eat_sym("<>") || p.eat_sym("!=") {
        FilterOp::NotEq(literal(p)?)
    } else if p.eat_sym("<=") {
        FilterOp::LessEq(required(p)?)
    } else if p.eat_sym(">=") {
        FilterOp::GreaterEq(required(p)?)
    } else if p.eat_sym("<") {
        FilterOp::Less(required(p)?)
    } else if p.eat_sym(">") {
        FilterOp::Greater(required(p)?)
    } else if p.eat_kws(&["IS", "NOT", "NULL"]) {
        FilterOp::IsNotNull
    } else if p.eat_kws(&["IS", "NULL"]) {
        FilterOp::IsNull
    } else if p.eat_kw("LIKE") || p.eat_kw("ILIKE") {
        FilterOp::Like(p.string()?)
    } else if p.eat_kws(&["NOT", "IN"]) {
        FilterOp::NotIn(literal_list(p)?)
    } else if p.eat_kw("IN") {
        FilterOp::In(literal_list(p)?)
    } else {
        return Err(p.error());
    };
    Ok(Filter { column, fold, op })
}

fn literal(p: &mut Parser) -> Result<Option<String>, SqlError> {
    if p.eat_kw("NULL") {
        return Ok(None);
    }
    required(p).map(Some)
}

fn required(p: &mut Parser) -> Result<String, SqlError> {
    match p.peek() {
        Some(t) if t.kind == TokenKind::String || t.kind == TokenKind::Number => {
            let v = t.value.clone();
            p.advance();
            Ok(v)
        }
        _ => Err(p.error()),
    }
}

fn literal_list(p: &mut Parser) -> Result<Vec<String>, SqlError> {
    p.expect_sym("(")?;
    let mut out = Vec::new();
    loop {
        out.push(required(p)?);
        if !p.eat_sym(",") {
            break;
        }
    }
    p.expect_sym(")")?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::statement::{Statement, parse};

    #[test]
    fn constants_and_functions() {
        match parse("select 1, 'x' as label, current_timestamp(), system$stream_has_data('S')")
            .unwrap()
        {
            Statement::Select(Select::Values(items)) => {
                let headers: Vec<&str> = items.iter().map(|i| i.header.as_str()).collect();
                assert_eq!(
                    headers,
                    [
                        "1",
                        "LABEL",
                        "CURRENT_TIMESTAMP()",
                        "SYSTEM$STREAM_HAS_DATA('S')"
                    ]
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn information_schema_columns() {
        let sql = "select table_name, column_name as c from db.information_schema.columns \
                   where table_schema = 'BRONZE' and upper(table_name) in ('A', 'B') order by table_name, ordinal_position desc";
        match parse(sql).unwrap() {
            Statement::Select(Select::InformationSchemaColumns { database, query }) => {
                assert_eq!(database.unwrap().as_str(), "DB");
                assert_eq!(
                    query.projection[1],
                    Projected::Column {
                        source: "COLUMN_NAME".into(),
                        output: "C".into()
                    }
                );
                assert_eq!(query.filters.len(), 2);
                assert_eq!(query.filters[1].fold, Some(Fold::Upper));
                assert_eq!(query.order_by[1], ("ORDINAL_POSITION".to_string(), true));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn query_history() {
        match parse("select query_text, error_code from table(information_schema.query_history(result_limit => 50)) order by start_time").unwrap() {
            Statement::Select(Select::QueryHistory { result_limit, query }) => {
                assert_eq!(result_limit, Some(50));
                assert_eq!(query.projection.len(), 2);
            }
            other => panic!("{other:?}"),
        }
        // Not the evaluator's: `parse` hands it to the binder (`Statement::Query`).
        let mut p = Parser::new("select * from some_table").unwrap();
        p.advance();
        assert!(select(&mut p).is_err());
    }
}
