//! The statement parser: a recursive-descent grammar per statement family over
//! [`crate::sql::tokenize`] tokens.
//!
//! It accepts Snowflake DDL as people write it — any case, comments anywhere, type
//! synonyms, `'…'` and `$$…$$` bodies — and answers anything else with Snowflake's syntax
//! error (001003, line and position of the offending token). It does not decide whether
//! a statement is *allowed*; the catalog does.

pub(crate) mod access;
pub(crate) mod alter;
pub(crate) mod ast;
pub(crate) mod comment;
pub(crate) mod copy;
pub(crate) mod create;
pub(crate) mod dml;
pub(crate) mod drop;
pub(crate) mod inline;
pub(crate) mod insert;
pub(crate) mod list;
pub(crate) mod merge;
pub(crate) mod parser;
pub(crate) mod properties;
pub(crate) mod references;
pub(crate) mod select;
pub(crate) mod show;
pub(crate) mod split;
pub(crate) mod truncate;
pub(crate) mod undrop;
pub(crate) mod use_context;
pub(crate) mod variables;

pub(crate) use ast::*;
pub(crate) use parser::{Parser, RawName, Tail};
pub(crate) use properties::{Property, Value};
pub(crate) use split::split_statements;

use crate::sandbox::error::SqlError;

/// Parses one statement (a trailing `;` is allowed).
pub(crate) fn parse(sql: &str) -> Result<Statement, SqlError> {
    let mut p = Parser::new(sql)?;
    if p.at_end() {
        return Err(SqlError::empty_statement());
    }
    if names_external_tables(&p) {
        return Err(SqlError::unsupported_feature("EXTERNAL TABLE"));
    }
    let statement = if p.is_kw("GRANT") || p.is_kw("REVOKE") {
        Statement::Access(access::grant_or_revoke(&mut p)?)
    } else if p.eat_kw("CREATE") {
        if p.eat_kws(&["OR", "ALTER"]) {
            // https://docs.snowflake.com/en/sql-reference/sql/create-or-alter: neither
            // OR REPLACE nor IF NOT EXISTS goes with it.
            if p.is_kw("OR") || p.is_kw("IF") {
                return Err(p.error());
            }
            let create = create::create(&mut p)?;
            if create.if_not_exists {
                return Err(SqlError::syntax(sql, 0, "IF"));
            }
            Statement::CreateOrAlter(create)
        } else if access::is_access(&p) {
            Statement::Access(access::create(&mut p)?)
        } else {
            Statement::Create(create::create(&mut p)?)
        }
    } else if p.is_kws(&["ALTER", "SESSION"]) {
        // Session parameters do not change what the emulator answers.
        p.rest();
        Statement::Session
    } else if p.eat_kw("ALTER") {
        // ALTER ACCOUNT's tag clause is read with ALTER ROLE's (`statement/access.rs`).
        if access::is_access(&p) || p.is_kw("ACCOUNT") {
            Statement::Access(access::alter(&mut p)?)
        } else {
            Statement::Alter(alter::alter(&mut p)?)
        }
    } else if p.eat_kw("DROP") {
        if access::is_access(&p) {
            Statement::Access(access::drop(&mut p)?)
        } else {
            Statement::Drop(drop::drop(&mut p)?)
        }
    } else if p.eat_kw("USE") {
        Statement::Use(use_context::use_context(&mut p)?)
    } else if p.eat_kws(&["SHOW", "VARIABLES"]) {
        Statement::ShowVariables(variables::show(&mut p)?)
    } else if p.eat_kw("SET") {
        // A session variable: only at a statement's start (ALTER … SET is ALTER's).
        Statement::SetVariables(variables::set(&mut p)?)
    } else if p.eat_kw("UNSET") {
        Statement::UnsetVariables(variables::unset(&mut p)?)
    } else if p.eat_kw("SHOW") {
        if access::is_access(&p) {
            Statement::Access(access::show(&mut p)?)
        } else {
            Statement::Show(show::show(&mut p)?)
        }
    } else if p.eat_kw("DESCRIBE") || p.eat_kw("DESC") {
        Statement::Describe(show::describe(&mut p)?)
    } else if p.is_kw("SELECT") {
        // The evaluator's forms first (what it answers today); any other query is
        // compiled by the binder.
        let start = p.mark();
        p.advance();
        match select::union(&mut p) {
            Ok(select) if p.expect_end().is_ok() => Statement::Select(select),
            _ => {
                p.reset(start);
                Statement::Query(dml::query(&mut p))
            }
        }
    } else if p.is_kw("WITH") || p.is_sym("(") {
        Statement::Query(dml::query(&mut p))
    } else if p.eat_kw("UPDATE") {
        Statement::Update(dml::update(&mut p)?)
    } else if p.eat_kw("DELETE") {
        Statement::Delete(dml::delete(&mut p)?)
    } else if p.is_kw("CALL")
        && p.peek_at(1)
            .is_some_and(|t| t.value.to_uppercase().starts_with("SYSTEM$"))
    {
        // `CALL SYSTEM$…(…)`: a system function the evaluator answers, its column named
        // after the function (https://docs.snowflake.com/en/sql-reference/sql/call).
        p.advance();
        let function = p.peek().map(|t| t.value.to_uppercase()).unwrap_or_default();
        match select::select(&mut p)? {
            Select::Values(mut items) if items.len() == 1 => {
                for item in &mut items {
                    item.header.clone_from(&function);
                }
                Statement::Select(Select::Values(items))
            }
            _ => return Err(p.error()),
        }
    } else if p.eat_kw("LIST") || p.eat_kw("LS") {
        Statement::List(list::list(&mut p)?)
    } else if p.eat_kw("CALL") {
        Statement::Call(dml::call(&mut p)?)
    } else if p.eat_kws(&["EXECUTE", "IMMEDIATE"]) {
        // https://docs.snowflake.com/en/sql-reference/sql/execute-immediate: the string
        // holds one statement, run as if submitted directly. `USING` binds and Snowflake
        // Scripting blocks are not emulated (a syntax error at USING / in the block).
        Statement::ExecuteImmediate(p.string()?)
    } else if p.eat_kws(&["EXECUTE", "TASK"]) {
        Statement::ExecuteTask(execute_task(&mut p)?)
    } else if p.eat_kws(&["EXECUTE", "ALERT"]) {
        // https://docs.snowflake.com/en/sql-reference/sql/execute-alert
        Statement::ExecuteAlert(p.name()?)
    } else if p.eat_kw("INSERT") {
        Statement::Insert(insert::insert(&mut p)?)
    } else if p.eat_kws(&["COPY", "INTO"]) {
        copy::copy_statement(&mut p)?
    } else if p.eat_kw("MERGE") {
        Statement::Merge(merge::merge(&mut p)?)
    } else if p.eat_kw("TRUNCATE") {
        Statement::Truncate(truncate::truncate(&mut p)?)
    } else if p.eat_kw("UNDROP") {
        Statement::Undrop(undrop::undrop(&mut p)?)
    } else if p.eat_kw("COMMENT") {
        Statement::Alter(comment::comment_on(&mut p)?)
    } else if p.is_kw("DECLARE") || (p.is_kw("BEGIN") && opens_block(&p)) {
        return Ok(Statement::Block(
            sql.trim().trim_end_matches(';').to_string(),
        ));
    } else if p.eat_kw("BEGIN") || p.eat_kws(&["START", "TRANSACTION"]) {
        if !p.eat_kw("TRANSACTION") {
            p.eat_kw("WORK");
        }
        // `[ NAME <name> ]` (https://docs.snowflake.com/en/sql-reference/sql/begin).
        if p.eat_kw("NAME") {
            p.ident()?;
        }
        Statement::Session
    } else if p.eat_kw("COMMIT") || p.eat_kw("ROLLBACK") {
        p.eat_kw("WORK");
        Statement::Session
    } else {
        return Err(p.error());
    };
    p.expect_end()?;
    Ok(statement)
}

/// Whether the `BEGIN` the parser is at opens a Snowflake Scripting block rather than a
/// transaction: `BEGIN` alone, `BEGIN TRANSACTION | WORK` and `BEGIN NAME <name>` start a
/// transaction (https://docs.snowflake.com/en/sql-reference/sql/begin); anything else
/// after it is the block's first statement.
fn opens_block(p: &Parser) -> bool {
    !(p.peek_at(1).is_none()
        || p.is_kw_at(1, "TRANSACTION")
        || p.is_kw_at(1, "WORK")
        || p.is_kw_at(1, "NAME")
        || p.peek_at(1).is_some_and(|t| t.is_symbol(";")))
}

/// Whether `sql` is an `EXECUTE IMMEDIATE` (whose inner statement's errors are told in the
/// inner statement's text).
pub(crate) fn is_execute_immediate(sql: &str) -> bool {
    Parser::new(sql).is_ok_and(|p| p.is_kws(&["EXECUTE", "IMMEDIATE"]))
}

/// `EXECUTE TASK` after its keywords
/// (https://docs.snowflake.com/en/sql-reference/sql/execute-task): the name, then `USING
/// CONFIG = <string>`, `RETRY LAST` or `RETRY GRAPH RUN GROUP '<id>'`, or nothing.
fn execute_task(p: &mut Parser) -> Result<ast::ExecuteTask, SqlError> {
    let name = p.name()?;
    let run = if p.eat_kws(&["USING", "CONFIG"]) {
        p.eat_equals();
        ast::TaskRun::New {
            config: Some(p.string()?),
        }
    } else if p.eat_kws(&["RETRY", "LAST"]) {
        ast::TaskRun::RetryLast
    } else if p.eat_kws(&["RETRY", "GRAPH", "RUN", "GROUP"]) {
        ast::TaskRun::RetryGroup(p.string()?)
    } else {
        ast::TaskRun::New { config: None }
    };
    Ok(ast::ExecuteTask { name, run })
}

/// Whether the statement creates, alters, drops, describes or lists external tables
/// (https://docs.snowflake.com/en/sql-reference/sql/create-external-table): a kind the
/// sandbox does not emulate, refused as a whole rather than as a syntax error.
fn names_external_tables(p: &Parser) -> bool {
    const VERBS: [&str; 6] = ["CREATE", "ALTER", "DROP", "DESCRIBE", "DESC", "SHOW"];
    let tokens = p.tokens();
    tokens
        .first()
        .is_some_and(|t| VERBS.iter().any(|v| t.is_keyword(v)))
        && tokens
            .iter()
            .take(6)
            .collect::<Vec<_>>()
            .windows(2)
            .any(|w| {
                w[0].is_keyword("EXTERNAL")
                    && (w[1].is_keyword("TABLE") || w[1].is_keyword("TABLES"))
            })
}

/// Reads a kind keyword (`TABLE`, `FILE FORMAT`, `STORAGE INTEGRATION` …) for ALTER,
/// DROP and DESCRIBE.
pub(crate) fn object_kind(p: &mut Parser) -> Result<ObjectNoun, SqlError> {
    // A data metric function and a user-defined function are both FUNCTION here; a DMF's
    // signature is `(TABLE(…))` (https://docs.snowflake.com/en/sql-reference/sql/drop-function-dmf),
    // a UDF's a list of types (https://docs.snowflake.com/en/sql-reference/sql/drop-function).
    if p.is_kw("FUNCTION") {
        let rest = &p.tokens()[p.mark()..];
        let dmf = rest.iter().position(|t| t.is_symbol("(")).is_some_and(|i| {
            rest.get(i + 1).is_some_and(|t| t.is_keyword("TABLE"))
                && rest.get(i + 2).is_some_and(|t| t.is_symbol("("))
        });
        p.advance();
        return Ok(if dmf {
            ObjectNoun::DataMetricFunction
        } else {
            ObjectNoun::Function
        });
    }
    let kind = if let Some(kind) = ObjectNoun::eat_module_kind(p) {
        kind
    } else if p.eat_kw("DATABASE") {
        ObjectNoun::Database
    } else if p.eat_kw("SCHEMA") {
        ObjectNoun::Schema
    } else {
        return Err(p.error());
    };
    Ok(kind)
}

/// The signature that follows an overloaded kind's (a procedure's) or a data metric
/// function's name in DROP / DESCRIBE / ALTER / COMMENT: `(types)` for an overloaded kind,
/// `(TABLE(types) [, TABLE(…)])`
/// for a DMF (https://docs.snowflake.com/en/sql-reference/sql/drop-function-dmf), its
/// table arguments' column types in order. `None` for other kinds.
pub(crate) fn signature(
    p: &mut Parser,
    kind: ObjectNoun,
) -> Result<Option<Vec<crate::model::data_type::DataType>>, SqlError> {
    match kind {
        k if k.is_overloaded() => Ok(Some(argument_types(p)?)),
        ObjectNoun::DataMetricFunction => {
            p.expect_sym("(")?;
            let mut types = Vec::new();
            loop {
                p.expect_kw("TABLE")?;
                types.extend(argument_types(p)?);
                if !p.eat_sym(",") {
                    break;
                }
            }
            p.expect_sym(")")?;
            Ok(Some(types))
        }
        _ => Ok(None),
    }
}

/// `( type, type … )`: an overloaded kind's signature (a procedure's) in DROP / DESCRIBE /
/// ALTER / `COMMENT ON`. Argument names
/// are allowed before types, as Snowflake allows them.
pub(crate) fn argument_types(
    p: &mut Parser,
) -> Result<Vec<crate::model::data_type::DataType>, SqlError> {
    p.expect_sym("(")?;
    let mut types = Vec::new();
    while !p.is_sym(")") {
        let mark = p.mark();
        let t = match p.data_type() {
            Ok(t) if p.is_sym(",") || p.is_sym(")") => t,
            _ => {
                p.reset(mark);
                p.ident()?;
                p.data_type()?
            }
        };
        types.push(t);
        if !p.eat_sym(",") && !p.is_sym(")") {
            return Err(p.error());
        }
    }
    p.expect_sym(")")?;
    Ok(types)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_statements_are_syntax_errors_at_the_first_token() {
        let e = parse("  frobnicate the thing").unwrap_err();
        assert_eq!(e.code, "001003");
        assert!(
            e.message
                .contains("line 1 at position 2 unexpected 'frobnicate'")
        );
    }

    #[test]
    fn trailing_garbage_is_a_syntax_error() {
        let e = parse("drop table t extra").unwrap_err();
        assert!(e.message.contains("unexpected 'extra'"), "{}", e.message);
    }
}
