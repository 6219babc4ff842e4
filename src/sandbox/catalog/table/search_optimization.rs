//! Search optimization on tables and dynamic tables: the `searchOptimizationAction` of
//! ALTER TABLE and ALTER DYNAMIC TABLE read from the statement, the configuration the
//! catalog keeps, and what SHOW TABLES reports of it (`search_optimization` ON / OFF,
//! `search_optimization_progress`, `search_optimization_bytes`).
//!
//! Grammar (https://docs.snowflake.com/en/sql-reference/sql/alter-table, "Search
//! optimization actions"):
//! `ADD SEARCH OPTIMIZATION [ ON <method>( <target> [ , … ] [ , ANALYZER => '…' ] ) [ , … ] ]`
//! and `DROP SEARCH OPTIMIZATION [ ON { <method>( … ) | <column> | <expression_id> } [ , … ] ]`;
//! dynamic tables also take `SUSPEND | RESUME SEARCH OPTIMIZATION [ ON … ]`
//! (https://docs.snowflake.com/en/sql-reference/sql/alter-dynamic-table).
//!
//! Rules from the same page: the methods are FULL_TEXT, EQUALITY, SUBSTRING and GEO; a
//! target is a column of the table, a VARIANT path in one (`src:a.b`), or `*`; "you cannot
//! specify both an asterisk and specific column names for a given search method"; each
//! ADD … ON adds to the configuration already there. The docs give no error codes: a
//! column the table lacks is `000904` (invalid identifier, as everywhere else), the rest
//! is the sandbox's chosen code for refused statements.

use serde::{Deserialize, Serialize};

use crate::model::identifier::Ident;
use crate::sandbox::error::SqlError;
use crate::sandbox::statement::Parser;

/// The methods a search method with target names (the table of methods on the ALTER
/// TABLE page).
const METHODS: [&str; 4] = ["FULL_TEXT", "EQUALITY", "SUBSTRING", "GEO"];

/// One `<method>( <target> )` of the configuration: the method and one target as
/// written (`*`, a column, or a path into one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Expression {
    pub(crate) method: String,
    pub(crate) target: Target,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Target {
    /// `*`: every column the method applies to.
    All,
    /// A column, with the VARIANT path after it when one is written (`src:a.b`).
    Column { column: Ident, path: String },
}

/// What a table keeps: the expressions added by `ADD … ON`, or the whole table (`ADD`
/// without ON), and whether maintenance is suspended (dynamic tables).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SearchOptimization {
    pub(crate) whole_table: bool,
    pub(crate) expressions: Vec<Expression>,
    #[serde(default)]
    pub(crate) suspended: bool,
}

/// What a DROP / SUSPEND / RESUME … ON names: an expression, every expression on a column,
/// or an expression by its 1-based id (as DESCRIBE SEARCH OPTIMIZATION numbers them).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Selector {
    Expression(Expression),
    Column(Ident),
    Id(u64),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Action {
    Add(Vec<Expression>),
    Drop(Vec<Selector>),
    /// SUSPEND (false) or RESUME (true), dynamic tables only.
    Maintain {
        resume: bool,
    },
}

/// Reads a search optimization action when one starts here; `suspend_resume` allows the
/// dynamic tables' SUSPEND / RESUME forms. Nothing is consumed when none starts here.
pub(crate) fn action(p: &mut Parser, suspend_resume: bool) -> Result<Option<Action>, SqlError> {
    let verb = ["ADD", "DROP", "SUSPEND", "RESUME"]
        .into_iter()
        .find(|verb| p.is_kws(&[verb, "SEARCH", "OPTIMIZATION"]));
    let Some(verb) = verb else {
        return Ok(None);
    };
    if !suspend_resume && matches!(verb, "SUSPEND" | "RESUME") {
        return Ok(None);
    }
    p.expect_kws(&[verb, "SEARCH", "OPTIMIZATION"])?;
    let on = p.eat_kw("ON");
    Ok(Some(match verb {
        "ADD" => {
            let mut expressions = Vec::new();
            if on {
                loop {
                    expressions.extend(method_with_targets(p)?);
                    if !p.eat_sym(",") {
                        break;
                    }
                }
            }
            Action::Add(expressions)
        }
        "DROP" => Action::Drop(if on { selectors(p)? } else { Vec::new() }),
        // The ON list of SUSPEND / RESUME selects expressions as DROP's does; the sandbox
        // keeps one maintenance state per table, so it reads the list and applies the
        // verb to the table's configuration.
        _ => {
            if on {
                selectors(p)?;
            }
            Action::Maintain {
                resume: verb == "RESUME",
            }
        }
    }))
}

/// `<method>( <target> [ , … ] [ , ANALYZER => '<name>' ] )`: one expression per target.
fn method_with_targets(p: &mut Parser) -> Result<Vec<Expression>, SqlError> {
    let method = p.ident()?;
    let method = method.as_str().to_string();
    if !METHODS.contains(&method.as_str()) {
        return Err(SqlError::unsupported(format!(
            "Invalid search method '{method}': the methods are FULL_TEXT, EQUALITY, SUBSTRING and GEO."
        )));
    }
    p.expect_sym("(")?;
    let mut expressions = Vec::new();
    loop {
        if p.eat_kw("ANALYZER") {
            // `ANALYZER => '<analyzer_name>'`, FULL_TEXT's only.
            p.expect_sym("=>")?;
            p.string()?;
        } else {
            expressions.push(Expression {
                method: method.clone(),
                target: target(p)?,
            });
        }
        if !p.eat_sym(",") {
            break;
        }
    }
    p.expect_sym(")")?;
    if expressions.is_empty() {
        return Err(p.error());
    }
    // "You cannot specify both an asterisk and specific column names for a given search
    // method" (`ON EQUALITY(*, c1)` is the page's first example of what is not allowed).
    if expressions.iter().any(|e| e.target == Target::All) && expressions.len() > 1 {
        return Err(asterisk_with_columns(&method));
    }
    Ok(expressions)
}

fn asterisk_with_columns(method: &str) -> SqlError {
    SqlError::unsupported(format!(
        "Search method {method} cannot take both an asterisk and specific columns."
    ))
}

/// `*`, a column, or a path into a column (`c:a.b`, `c['a']['b']`), kept as written after
/// the column's name.
fn target(p: &mut Parser) -> Result<Target, SqlError> {
    if p.eat_sym("*") {
        return Ok(Target::All);
    }
    let column = p.ident()?;
    let start = p.mark();
    let mut depth = 0usize;
    while let Some(t) = p.peek() {
        if depth == 0 && (t.is_symbol(",") || t.is_symbol(")")) {
            break;
        }
        if t.is_symbol("(") || t.is_symbol("[") {
            depth += 1;
        } else if t.is_symbol(")") || t.is_symbol("]") {
            depth = depth.saturating_sub(1);
        }
        p.advance();
    }
    let path = p.text_between(start, p.mark()).to_string();
    Ok(Target::Column { column, path })
}

/// DROP's ON list: expressions, column names and expression ids, in any mix.
fn selectors(p: &mut Parser) -> Result<Vec<Selector>, SqlError> {
    let mut out = Vec::new();
    loop {
        if let Ok(id) = p.unsigned() {
            out.push(Selector::Id(id));
        } else if p.peek_at(1).is_some_and(|t| t.is_symbol("(")) {
            out.extend(
                method_with_targets(p)?
                    .into_iter()
                    .map(Selector::Expression),
            );
        } else {
            out.push(Selector::Column(p.ident()?));
        }
        if !p.eat_sym(",") {
            return Ok(out);
        }
    }
}

/// Applies `action` to a table's configuration; `columns` are the table's, which every
/// target must name. `None` is search optimization off.
pub(crate) fn apply(
    current: &mut Option<SearchOptimization>,
    columns: &[Ident],
    action: &Action,
) -> Result<(), SqlError> {
    match action {
        Action::Add(added) => {
            for e in added {
                if let Target::Column { column, .. } = &e.target
                    && !columns.contains(column)
                {
                    return Err(SqlError::invalid_identifier(&column.to_sql()));
                }
            }
            let mut next = current.clone().unwrap_or_default();
            if added.is_empty() {
                next.whole_table = true;
            }
            for e in added {
                // `ON EQUALITY(c1), EQUALITY(*)` is refused as `EQUALITY(*, c1)` is, and
                // so is an asterisk added where the configuration names columns for the
                // method (each ADD adds to what is there, so the two would coexist).
                let clash = next.expressions.iter().chain(added).any(|other| {
                    other.method == e.method
                        && (other.target == Target::All) != (e.target == Target::All)
                });
                if clash {
                    return Err(asterisk_with_columns(&e.method));
                }
                if !next.expressions.contains(e) {
                    next.expressions.push(e.clone());
                }
            }
            *current = Some(next);
        }
        Action::Drop(selected) if selected.is_empty() => *current = None,
        Action::Drop(selected) => {
            // The docs are silent on dropping what is not configured: the sandbox lets it
            // pass, as dropping nothing changes nothing.
            let Some(config) = current.as_mut() else {
                return Ok(());
            };
            let kept: Vec<Expression> = config
                .expressions
                .iter()
                .enumerate()
                .filter(|(i, e)| {
                    !selected.iter().any(|s| match s {
                        Selector::Expression(x) => x == *e,
                        Selector::Column(c) => {
                            matches!(&e.target, Target::Column { column, .. } if column == c)
                        }
                        Selector::Id(id) => *id == *i as u64 + 1,
                    })
                })
                .map(|(_, e)| e.clone())
                .collect();
            config.expressions = kept;
            if config.expressions.is_empty() && !config.whole_table {
                *current = None;
            }
        }
        // The docs are silent on suspending a table without search optimization: the
        // sandbox lets it pass, with nothing to suspend.
        Action::Maintain { resume } => {
            if let Some(config) = current.as_mut() {
                config.suspended = !resume;
            }
        }
    }
    Ok(())
}

/// SHOW TABLES' `search_optimization`, `search_optimization_progress` and
/// `search_optimization_bytes` (https://docs.snowflake.com/en/sql-reference/sql/show-tables):
/// ON with 100 % built and 0 bytes (the sandbox holds no rows to index), else OFF and
/// NULLs.
pub(crate) fn show_columns(config: Option<&SearchOptimization>) -> [Option<String>; 3] {
    match config {
        Some(_) => [
            Some("ON".to_string()),
            Some("100".to_string()),
            Some("0".to_string()),
        ],
        None => [Some("OFF".to_string()), None, None],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::statement::parser::read_all;

    fn read(sql: &str, dynamic: bool) -> Result<Option<Action>, SqlError> {
        read_all(sql, |p| action(p, dynamic))
    }

    fn ids(names: &[&str]) -> Vec<Ident> {
        names.iter().map(|n| Ident::from_stored(*n)).collect()
    }

    #[test]
    fn add_reads_methods_targets_and_analyzers() {
        let Some(Action::Add(e)) = read(
            "add search optimization on equality(c1, c2:a.b), full_text(c3, analyzer => 'UNICODE_ANALYZER'), substring(*)",
            false,
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(e.len(), 4);
        assert_eq!(e[1].method, "EQUALITY");
        assert_eq!(
            e[1].target,
            Target::Column {
                column: Ident::from_stored("C2"),
                path: ":a.b".into()
            }
        );
        assert_eq!(e[3].target, Target::All);
        assert_eq!(
            read("add search optimization", false).unwrap(),
            Some(Action::Add(Vec::new()))
        );
    }

    #[test]
    fn refusals_the_page_documents() {
        for sql in [
            "add search optimization on equality(*, c1)",
            "add search optimization on equality(c1, *)",
            "add search optimization on fuzzy(c1)",
        ] {
            assert_eq!(read(sql, false).unwrap_err().code, "002043", "{sql}");
        }
        // SUSPEND / RESUME are dynamic tables' forms only.
        let mut p = Parser::new("suspend search optimization").unwrap();
        assert_eq!(action(&mut p, false).unwrap(), None);
        assert_eq!(p.mark(), 0);
        assert_eq!(
            read("suspend search optimization on equality(c1), 5, c3", true).unwrap(),
            Some(Action::Maintain { resume: false })
        );
    }

    #[test]
    fn adds_accumulate_and_drops_select() {
        let columns = ids(&["C1", "C2", "C3"]);
        let mut config = None;
        let add = |sql| read(sql, false).unwrap().unwrap();
        apply(
            &mut config,
            &columns,
            &add("add search optimization on equality(c1, c2)"),
        )
        .unwrap();
        apply(
            &mut config,
            &columns,
            &add("add search optimization on substring(c3)"),
        )
        .unwrap();
        assert_eq!(config.as_ref().unwrap().expressions.len(), 3);
        // `ON EQUALITY(c1), EQUALITY(*)`, across statements too.
        let e = apply(
            &mut config,
            &columns,
            &add("add search optimization on equality(*)"),
        )
        .unwrap_err();
        assert_eq!(e.code, "002043");
        let e = apply(
            &mut config,
            &columns,
            &add("add search optimization on geo(nope)"),
        )
        .unwrap_err();
        assert_eq!(e.code, "000904");
        // By column, by expression, by id (1-based).
        apply(
            &mut config,
            &columns,
            &add("drop search optimization on c1, 2"),
        )
        .unwrap();
        assert_eq!(config.as_ref().unwrap().expressions.len(), 1);
        apply(
            &mut config,
            &columns,
            &add("drop search optimization on substring(c3)"),
        )
        .unwrap();
        assert_eq!(config, None);
        apply(&mut config, &columns, &add("add search optimization")).unwrap();
        assert_eq!(show_columns(config.as_ref())[0].as_deref(), Some("ON"));
        apply(&mut config, &columns, &add("drop search optimization")).unwrap();
        assert_eq!(show_columns(config.as_ref())[0].as_deref(), Some("OFF"));
    }
}
