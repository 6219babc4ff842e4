//! `CALL p(args)` (https://docs.snowflake.com/en/sql-reference/sql/call): an overload of
//! `p` must take that many arguments — all of them, or fewer when the rest have DEFAULTs
//! (https://docs.snowflake.com/en/developer-guide/stored-procedure/stored-procedures-calling#calling-a-stored-procedure-with-optional-arguments)
//! — and a Snowflake Scripting procedure's statements are compiled as Snowflake compiles
//! them when they run.
//!
//! The emulator holds no rows, so it cannot follow a body's control flow (an IF on a
//! count, a loop over a cursor): it compiles every MERGE, INSERT, UPDATE, DELETE and query
//! of the body (`sql::scripting`), in order, against the catalog as it is at the CALL.
//! Each one's objects must exist (002003) unless the body creates them itself, and its
//! columns resolve (000904, the body's arguments and variables being names too). The
//! first that fails is the CALL's error, as an exception the body does not handle:
//! Snowflake reports the failing statement's code, its message after "Uncaught exception
//! of type 'STATEMENT_ERROR' on line L at position P : "
//! (https://docs.snowflake.com/en/developer-guide/snowflake-scripting/exceptions: an
//! exception no block handles is reported to the client as a Snowflake error; the message
//! prefix is the one clients receive, which the page's examples show for RAISE).
//!
//! A body's names resolve where Snowflake resolves them: an owner's rights procedure (the
//! default) in "the database and schema that the stored procedure is created in", a
//! caller's rights one in the caller's
//! (https://docs.snowflake.com/en/developer-guide/stored-procedure/stored-procedures-rights).
//! What runs is not checked against the owner's or the caller's privileges: the emulator
//! checks the CALL's own (USAGE on the procedure, `privileges.rs`).
//!
//! The body's value is not known: the one row carries NULL, in a column named after the
//! procedure as Snowflake names it. A missing procedure is 002003 (the docs give no code;
//! chosen like every missing object).

use super::Engine;
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::binder::{object_name, object_names};
use crate::sandbox::catalog::procedure::Procedure;
use crate::sandbox::catalog::view::{CatalogRelations, bind_error};
use crate::sandbox::catalog::{Catalog, Stamp, Table};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::{QueryResult, ResultColumn};
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::dml::Call;
use crate::sandbox::statement::{RawName, Statement};
use crate::sql::bind::{BoundColumn, ColumnType, Relations};
use crate::sql::scripting::{self, Body};

pub(super) fn call(
    catalog: &Catalog,
    call: &Call,
    session: &SqlSession,
) -> Result<QueryResult, SqlError> {
    let name = object_name(&call.name, session, "CALL")?;
    let schema = catalog.schema(&name.schema_name())?;
    let procedure = schema
        .objects
        .procedures
        .get(&name.name)
        .and_then(|overloads| {
            overloads
                .iter()
                .find(|p| p.accepts_arguments(call.arguments))
        })
        .ok_or_else(|| SqlError::does_not_exist("Procedure", &name.to_string()))?;
    if procedure.language == "SQL" {
        compile_body(catalog, procedure, &name, session)?;
    }
    Ok(QueryResult {
        columns: vec![ResultColumn::new(name.name.as_str(), "text")],
        rows: vec![vec![None]],
    })
}

/// Compiles the body's statements in order; the first failure, as Snowflake reports an
/// unhandled one.
fn compile_body(
    catalog: &Catalog,
    procedure: &Procedure,
    name: &ObjectName,
    session: &SqlSession,
) -> Result<(), SqlError> {
    let context = if procedure.execute_as.eq_ignore_ascii_case("OWNER") {
        SqlSession {
            database: Some(name.database.clone()),
            schema: Some(name.schema.clone()),
            ..session.clone()
        }
    } else {
        session.clone()
    };
    let arguments: Vec<Ident> = procedure.arguments.iter().map(|(a, _)| a.clone()).collect();
    let body = scripting::read(&procedure.body, &arguments);
    for range in &body.statements {
        let Some(text) = procedure.body.get(range.clone()) else {
            continue;
        };
        compile_statement(catalog, text, &body, &context)
            .map_err(|e| uncaught(e, &procedure.body, range.start))?;
    }
    Ok(())
}

/// A statement's error as the block reports it when no handler takes it: its code, its
/// message after the statement's place in the block.
fn uncaught(e: SqlError, block: &str, offset: usize) -> SqlError {
    let (line, position) = scripting::line_and_position(block, offset);
    SqlError {
        message: format!(
            "Uncaught exception of type 'STATEMENT_ERROR' on line {line} at position {position} : {}",
            e.message
        ),
        ..e
    }
}

impl Engine {
    /// An anonymous block, `[ DECLARE … ] BEGIN … END`, run as a statement or by EXECUTE
    /// IMMEDIATE (https://docs.snowflake.com/en/developer-guide/snowflake-scripting/running-examples).
    /// Without rows the emulator cannot follow its control flow, so it runs what the
    /// block runs whatever its data — the DDL and grants outside every IF, CASE, loop and
    /// handler, in order, each as its own statement — and compiles every MERGE, INSERT,
    /// UPDATE, DELETE and query in it as CALL compiles a procedure's, in the session's
    /// database and schema. A DDL statement under a condition is neither run nor checked.
    /// The first failure is the block's, as an uncaught exception. The answer is the
    /// block's one row, `anonymous block`, NULL: its RETURN value is not computed.
    pub(super) fn anonymous_block(
        &mut self,
        text: &str,
        session: &mut SqlSession,
        now: Stamp,
    ) -> Result<QueryResult, SqlError> {
        let body = scripting::read(text, &[]);
        // A block that does not close what it opens is a syntax error at its end, as
        // Snowflake's parser reports a statement cut short.
        if !body.complete {
            return Err(SqlError::syntax(text, text.len(), "<EOF>"));
        }
        let mut steps: Vec<(std::ops::Range<usize>, bool)> = body
            .unconditional
            .iter()
            .map(|r| (r.clone(), true))
            .chain(body.statements.iter().map(|r| (r.clone(), false)))
            .collect();
        steps.sort_by_key(|(range, _)| range.start);
        for (range, runs) in steps {
            let Some(sql) = text.get(range.clone()) else {
                continue;
            };
            let done = if runs {
                self.run(sql, session, now).map(|_| ())
            } else {
                compile_statement(&self.catalog, sql, &body, session)
            };
            done.map_err(|e| uncaught(e, text, range.start))?;
        }
        Ok(QueryResult {
            columns: vec![ResultColumn::new("anonymous block", "text")],
            rows: vec![vec![None]],
        })
    }
}

/// One statement: the tables it writes and the objects it reads exist (or the body makes
/// them), then its columns bind. A statement the emulator's parser does not read (one
/// with a `:variable` where it expects a name, `SELECT … INTO :v`) is only bound.
fn compile_statement(
    catalog: &Catalog,
    text: &str,
    body: &Body,
    session: &SqlSession,
) -> Result<(), SqlError> {
    if let Ok(statement) = crate::sandbox::statement::parse(text) {
        let (action, written, read): (&str, Vec<&RawName>, &[RawName]) = match &statement {
            Statement::Merge(m) => ("MERGE", vec![&m.target], &m.references),
            Statement::Update(d) => ("UPDATE", vec![&d.target], &d.references),
            Statement::Delete(d) => ("DELETE", vec![&d.target], &d.references),
            Statement::Insert(i) => ("INSERT", i.tables.iter().collect(), &i.references),
            Statement::Query(q) => ("SELECT", Vec::new(), &q.references),
            _ => ("", Vec::new(), &[]),
        };
        for raw in written {
            let table = object_name(raw, session, action)?;
            if !made_by(body, &parts(&table)) {
                catalog.get::<Table>(&table)?;
            }
        }
        let read: Vec<ObjectName> = object_names(read, session, action)?
            .into_iter()
            .filter(|n| !made_by(body, &parts(n)))
            .collect();
        catalog.query_sources(&read, None)?;
    }
    let relations = BodyRelations {
        catalog: CatalogRelations {
            catalog,
            database: session.database.clone(),
            schema: session.schema.clone(),
        },
        body,
    };
    crate::sql::bind::bind_statement(text, &relations, &body.variables)
        .map_err(|e| bind_error(&e, text, 0))
}

fn parts(name: &ObjectName) -> [Ident; 3] {
    [
        name.database.clone(),
        name.schema.clone(),
        name.name.clone(),
    ]
}

/// Whether the body creates the object named `parts` (one to three, as written): the
/// same name, and the same schema and database where both name them.
fn made_by(body: &Body, parts: &[Ident]) -> bool {
    body.created.iter().any(|created| {
        created
            .iter()
            .rev()
            .zip(parts.iter().rev())
            .all(|(a, b)| a == b)
    })
}

/// The catalog as a body's statement sees it: a table or view the body creates has the
/// columns the body gives it, which the emulator does not follow, so they are unknown
/// (anything read from it is accepted) even where an older object of that name exists.
struct BodyRelations<'a> {
    catalog: CatalogRelations<'a>,
    body: &'a Body,
}

impl Relations for BodyRelations<'_> {
    fn columns(&self, parts: &[Ident]) -> Option<Vec<BoundColumn>> {
        if made_by(self.body, parts) {
            return None;
        }
        self.catalog.columns(parts)
    }

    fn function(&self, parts: &[Ident], count: usize) -> Option<ColumnType> {
        self.catalog.function(parts, count)
    }

    fn table_function(&self, parts: &[Ident], count: usize) -> Option<Vec<BoundColumn>> {
        self.catalog.table_function(parts, count)
    }
}
