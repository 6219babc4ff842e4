//! The scan that finds which objects a query reads (names after `FROM` / `JOIN`, CTE
//! names excluded), so the catalog can refuse a view, a CTAS, a MERGE or a COPY over a
//! missing object.

use super::parser::{Parser, RawName};
use crate::model::identifier::Ident;
use crate::sql::{Token, TokenKind};

/// [`referenced_names`] of a query's text (none when it does not tokenize).
pub(crate) fn referenced_names_of(query: &str) -> Vec<RawName> {
    Parser::new(query).map_or_else(|_| Vec::new(), |p| referenced_names(p.tokens()))
}

/// Words after FROM that start something other than a name.
const NOT_A_NAME: [&str; 4] = ["LATERAL", "TABLE", "SELECT", "VALUES"];

/// Names read by a query: after `FROM` (and its comma list) and `JOIN`, skipping CTE
/// names, stage references (`@…`), table functions and subqueries. A `FROM` inside a
/// function call (`EXTRACT(YEAR FROM d)`) is not a table reference.
pub(crate) fn referenced_names(tokens: &[Token]) -> Vec<RawName> {
    let ctes = cte_names(tokens);
    let mut names = Vec::new();
    // For each open parenthesis: does it open a subquery?
    let mut parens: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.is_symbol("(") {
            let subquery = tokens
                .get(i + 1)
                .is_some_and(|n| n.is_keyword("SELECT") || n.is_keyword("WITH"));
            parens.push(subquery);
        } else if t.is_symbol(")") {
            parens.pop();
        } else if (t.is_keyword("FROM") || t.is_keyword("JOIN")) && parens.last().is_none_or(|s| *s)
        {
            let comma_list = t.is_keyword("FROM");
            let mut j = i + 1;
            while let Some((name, next)) = read_name(tokens, j) {
                let is_cte = name.parts.len() == 1 && ctes.contains(&name.parts[0]);
                if !is_cte {
                    names.push(name);
                }
                j = skip_alias(tokens, next);
                if comma_list && tokens.get(j).is_some_and(|t| t.is_symbol(",")) {
                    j += 1;
                    continue;
                }
                break;
            }
        }
        i += 1;
    }
    names
}

fn read_name(tokens: &[Token], mut i: usize) -> Option<(RawName, usize)> {
    // `IDENTIFIER('<name>')` names an object by a string literal
    // (https://docs.snowflake.com/en/sql-reference/identifier-literal).
    if let [t, open, literal, close, ..] = tokens.get(i..)?
        && t.is_keyword("IDENTIFIER")
        && open.is_symbol("(")
        && literal.kind == TokenKind::String
        && close.is_symbol(")")
    {
        let parts = crate::model::identifier::split_parts(&literal.value).ok()?;
        return (1..=3)
            .contains(&parts.len())
            .then_some((RawName { parts }, i + 4));
    }
    let mut parts = Vec::new();
    loop {
        let t = tokens.get(i)?;
        let ident = match t.kind {
            TokenKind::Word if !NOT_A_NAME.iter().any(|k| t.is_keyword(k)) => {
                Ident::from_stored(t.value.to_uppercase())
            }
            TokenKind::QuotedIdent => Ident::from_stored(t.value.clone()),
            _ => return None,
        };
        parts.push(ident);
        i += 1;
        if parts.len() < 3 && tokens.get(i).is_some_and(|t| t.is_symbol(".")) {
            i += 1;
            continue;
        }
        break;
    }
    // `name(` is a table function call, not a table.
    if tokens.get(i).is_some_and(|t| t.is_symbol("(")) {
        return None;
    }
    Some((RawName { parts }, i))
}

const ALIAS_STOPS: [&str; 22] = [
    "WHERE",
    "GROUP",
    "ORDER",
    "HAVING",
    "JOIN",
    "INNER",
    "LEFT",
    "RIGHT",
    "FULL",
    "CROSS",
    "NATURAL",
    "ON",
    "USING",
    "UNION",
    "EXCEPT",
    "MINUS",
    "INTERSECT",
    "LIMIT",
    "QUALIFY",
    "WINDOW",
    "LATERAL",
    "AS",
];

fn skip_alias(tokens: &[Token], mut i: usize) -> usize {
    if tokens.get(i).is_some_and(|t| t.is_keyword("AS")) {
        return i + 2;
    }
    if let Some(t) = tokens.get(i)
        && (t.kind == TokenKind::QuotedIdent
            || (t.kind == TokenKind::Word && !ALIAS_STOPS.iter().any(|k| t.is_keyword(k))))
    {
        i += 1;
    }
    i
}

/// `WITH a AS (…), b (x, y) AS (…)`: the names a query defines for itself.
fn cte_names(tokens: &[Token]) -> Vec<Ident> {
    let mut names = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let ident = match t.kind {
            TokenKind::Word => Ident::from_stored(t.value.to_uppercase()),
            TokenKind::QuotedIdent => Ident::from_stored(t.value.clone()),
            _ => continue,
        };
        let mut j = i + 1;
        if tokens.get(j).is_some_and(|t| t.is_symbol("(")) {
            // A column list: `b (x, y) AS (`.
            while tokens.get(j).is_some_and(|t| !t.is_symbol(")")) {
                j += 1;
            }
            j += 1;
        }
        let follows_as_paren = tokens.get(j).is_some_and(|t| t.is_keyword("AS"))
            && tokens.get(j + 1).is_some_and(|t| t.is_symbol("("));
        let after_with_or_comma = i > 0
            && (tokens[i - 1].is_keyword("WITH")
                || tokens[i - 1].is_keyword("RECURSIVE")
                || tokens[i - 1].is_symbol(","));
        if follows_as_paren && after_with_or_comma {
            names.push(ident);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::tokenize;

    fn refs(sql: &str) -> Vec<String> {
        let tokens: Vec<Token> = tokenize(sql)
            .unwrap()
            .into_iter()
            .filter(|t| !t.is_trivia())
            .collect();
        referenced_names(&tokens)
            .iter()
            .map(|n| n.to_string())
            .collect()
    }

    #[test]
    fn finds_tables_after_from_and_join() {
        assert_eq!(
            refs(
                "select * from silver.orders o join silver.customer c on o.c = c.id left join \"Prod\" p using (x), lateral flatten(input => o.v)"
            ),
            ["SILVER.ORDERS", "SILVER.CUSTOMER", "\"Prod\""]
        );
        assert_eq!(
            refs("select a from t1, db.s.t2 as x where 1 = 1"),
            ["T1", "DB.S.T2"]
        );
    }

    #[test]
    fn skips_ctes_subqueries_and_function_froms() {
        assert_eq!(
            refs(
                "with recent as (select * from orders), agg (n) as (select count(*) from recent) \
                  select extract(year from d), trim(both ' ' from s) from agg join (select * from items) i on true"
            ),
            ["ORDERS", "ITEMS"]
        );
        assert!(refs("select * from table(result_scan(last_query_id()))").is_empty());
        assert!(refs("select $1 from @stage/path").is_empty());
    }
}
