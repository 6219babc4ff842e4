//! The engine: one Snowflake "account" in memory — the catalog plus the query history —
//! executing one statement at a time for the sandbox server.
//!
//! `execute` parses the statement, resolves its names against the [`SqlSession`], applies
//! the catalog's rules and renders the answer as the SQL API would carry it; every
//! statement, failed or not, is recorded in the history that
//! `INFORMATION_SCHEMA.QUERY_HISTORY` reads. Work per statement is proportional to the
//! statement and to its result, never to the size of the catalog.
//!
//! It does no I/O and keeps no clock: the server passes `now`, persists [`Engine::to_state`]
//! and decides about latency, retries and faults.
//!
//! # Fidelity decisions
//!
//! Where Snowflake's documentation is silent the emulator does what Snowflake plausibly
//! does, and says so here (error codes chosen this way are marked in `sandbox/error.rs`):
//! * `CREATE DATABASE` / `CREATE SCHEMA` make the new container current, as in Snowflake;
//!   `USE DATABASE` also makes its `PUBLIC` schema current.
//! * Names in messages are the stored identifiers joined by `.` (quoted only when they
//!   could not be written bare); "already exists" names the object alone, "does not
//!   exist" names it fully qualified, with the kind word (`Table`, `Schema`, `Object` for a
//!   view's missing source …).
//! * `OR REPLACE` with `IF NOT EXISTS` is a syntax error at `IF`.
//! * Unqualified names after `RENAME TO` / `SWAP WITH` and task predecessors resolve in the
//!   object's own schema (a task graph lives in one schema); every other name resolves
//!   against the session.
//! * Tables and views share one namespace per schema.
//! * Creating a stream turns on its table's change tracking (Snowflake does this
//!   implicitly); a stream is stale once the table it was created on is replaced or
//!   dropped, recognised by the table's identity, not its name.
//! * A task whose graph root is started cannot be altered, suspended or resumed (unless it
//!   is that root), dropped, replaced, or given children; children may be resumed while the
//!   root is suspended; a child has no schedule; `EXECUTE TASK` runs roots only.
//! * A stage URL must lie inside its integration's allowed locations and outside its
//!   blocked ones, checked when the stage is created or altered.
//! * `CREATE TABLE … AS SELECT` is emulated for `SELECT * FROM <table or view>` only; any
//!   other query is refused rather than given invented columns.
//! * The emulator holds no data: `SYSTEM$STREAM_HAS_DATA` answers `false`, tasks never run,
//!   and `COPY INTO` / `INSERT` check what they name and store no rows.
//! * Dropped databases, schemas and tables are kept for their retention period and
//!   `UNDROP` restores the most recent one (see `catalog/dropped.rs`); a table replaced by
//!   `CREATE OR REPLACE` is not kept.
//! * A query the evaluator (`statement/select.rs`) does not answer, `UPDATE` and `DELETE`
//!   are compiled by the binder; a query answers its bound columns and the rows a catalog
//!   without data gives (`sql::bind::answer`), UPDATE / DELETE count 0 rows, and `CALL`
//!   checks the procedure and its argument count and answers NULL (bodies do not run).
//! * `MERGE`, `INSERT` and `COPY INTO` a table are compiled by the binder (`sql::bind`)
//!   once their objects are found: their column lists and expressions must resolve.
//! * `TRUNCATE` and `MERGE` check what they name and count no rows; `EXECUTE IMMEDIATE`
//!   runs the one statement its string holds (no binds, no scripting blocks).
//! * Constraints are metadata, as in Snowflake: kept, checked at DDL time, never enforced.
//! * A request that names no role runs as the sandbox's administrator: no privilege is
//!   checked and SYSADMIN owns what it creates; a named role (or `USE ROLE`) is held to
//!   its privileges (`engine/privileges.rs`). SHOW GRANTS TO ROLE walks the catalog for
//!   the objects the role owns: ownership is kept in each object, not as grants.
//! * Session variables live in the session of one SQL API request (`engine/variables.rs`):
//!   the statements of a multi-statement request share them. The SQL API's rule that
//!   statements setting them run only in a multi-statement request
//!   (https://docs.snowflake.com/en/developer-guide/sql-api/intro) is not enforced, as it
//!   is not for USE and ALTER SESSION: the docs give no error for it. A `->>` chain runs its
//!   statements in order, each recorded in the history (`engine/pipe.rs`).
//! * SHOW PROCEDURES prints argument types without parameters (`NUMBER`, `VARCHAR`), the
//!   default while Snowflake's bundle 2025_03 change (bcr-1944) stays postponed.

mod access;
mod builtins;
mod call;
mod create_or_alter;
mod ddl;
mod functions;
mod merge;
mod pipe;
mod privileges;
mod query;
mod temporary;
mod variables;

use serde::{Deserialize, Serialize};

use crate::model::data_type::DataType;
use crate::model::identifier::Ident;
use crate::sandbox::binder;
use crate::sandbox::catalog::table::grammar::TableSource;
use crate::sandbox::catalog::{Catalog, Origin, SandboxKind, Stamp, Table};
use crate::sandbox::error::SqlError;
use crate::sandbox::history::{History, HistoryEntry};
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::{DEFAULT_ROLE, SqlSession};
use crate::sandbox::show;
use crate::sandbox::statement::{self, ObjectNoun, Select, Statement};

/// The persistent state's format version, checked by [`Engine::from_state`].
const STATE_FORMAT: u64 = 1;

#[derive(Default, Serialize, Deserialize)]
pub struct Engine {
    catalog: Catalog,
    history: History,
    #[serde(skip)]
    dirty: bool,
    /// The local lake's directory (one directory per container), when the sandbox runs
    /// beside one: `SYSTEM$VALIDATE_STORAGE_INTEGRATION` answers from it.
    #[serde(skip)]
    lake: Option<std::path::PathBuf>,
    /// The column types the query binder derived for the statement running, kept in its
    /// history entry for RESULT_SCAN.
    #[serde(skip)]
    bound_types: Vec<Option<DataType>>,
}

impl Engine {
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Answers storage validations from the local lake in `dir`.
    pub(crate) fn set_lake(&mut self, dir: Option<std::path::PathBuf>) {
        self.lake = dir;
    }

    /// Splits a request's text into statements (respecting strings, $$ bodies, comments).
    /// A syntax problem is SqlError code "001003" with the position in the message.
    pub fn split_statements(sql: &str) -> Result<Vec<String>, SqlError> {
        statement::split_statements(sql)
    }

    /// Executes ONE statement and records it in the query history.
    pub fn execute(
        &mut self,
        sql: &str,
        session: &mut SqlSession,
        now: jiff::Timestamp,
    ) -> Result<QueryResult, SqlError> {
        self.record(sql, session, Stamp::from_timestamp(now))
    }

    /// Executes one statement started at `start` and records it in the query history.
    fn record(
        &mut self,
        sql: &str,
        session: &mut SqlSession,
        start: Stamp,
    ) -> Result<QueryResult, SqlError> {
        // The context the statement started in (a USE changes the session); taken before
        // it runs rather than by cloning the session, whose query ids grow with it.
        let mut entry = HistoryEntry::new(sql, session, start, None);
        let result = self.run(sql, session, start);
        let types = std::mem::take(&mut self.bound_types);
        match &result {
            Ok(answer) => {
                entry.columns = answer.columns.iter().map(|c| c.name.clone()).collect();
                entry.types = types;
            }
            Err(e) => {
                entry.error_code = Some(e.code.clone());
                entry.error_message = Some(e.message.clone());
            }
        }
        let id = self.history.record(entry);
        session.query_ids.push(id);
        result
    }

    fn run(
        &mut self,
        sql: &str,
        session: &mut SqlSession,
        now: Stamp,
    ) -> Result<QueryResult, SqlError> {
        if let Some(parts) = pipe::parts(sql)? {
            return self.chain(sql, &parts, session, now);
        }
        // `$name` stands for its session variable's value (`engine/variables.rs`).
        match variables::substitute(sql, session)? {
            // The statement EXECUTE IMMEDIATE runs tells its errors in its own text.
            Some(substituted) if statement::is_execute_immediate(&substituted.text) => {
                self.compile_and_run(&substituted.text, session, now)
            }
            // Errors are told at their place in the statement as written.
            Some(substituted) => self
                .compile_and_run(&substituted.text, session, now)
                .map_err(|e| {
                    e.relocated(&substituted.text, sql, |o| substituted.original_offset(o))
                }),
            None => self.compile_and_run(sql, session, now),
        }
    }

    /// Runs one statement with no `->>` and no variable left in it.
    fn compile_and_run(
        &mut self,
        sql: &str,
        session: &mut SqlSession,
        now: Stamp,
    ) -> Result<QueryResult, SqlError> {
        let mut parsed = statement::parse(sql)?;
        if let Statement::Alter(alter) = &mut parsed {
            ddl::current_warehouse(alter, session)?;
        }
        ddl::check_syntax(&parsed)?;
        if let Statement::Undrop(undrop) = &mut parsed {
            ddl::resolve_undrop_id(&self.catalog, undrop, now)?;
        }
        if let Statement::Alter(alter) = &parsed
            && !alter.also.is_empty()
        {
            return self.refresh_each(alter, sql, session, now);
        }
        self.run_parsed(parsed, sql, session, now)
    }

    /// `ALTER DYNAMIC TABLE [ IF EXISTS ] a, b … REFRESH`: each listed dynamic table is
    /// refreshed as its own ALTER (its privileges checked, IF EXISTS skipping one that is
    /// missing, as the page says). "Every listed dynamic table must be a unique object":
    /// names that resolve to the same table are refused (the docs give no code: chosen,
    /// 002043). Not atomic: the page says tables refreshed before a failure stay so.
    fn refresh_each(
        &mut self,
        alter: &statement::Alter,
        sql: &str,
        session: &mut SqlSession,
        now: Stamp,
    ) -> Result<QueryResult, SqlError> {
        let raws: Vec<_> = std::iter::once(&alter.name)
            .chain(&alter.also)
            .cloned()
            .collect();
        let resolved = binder::object_names(&raws, session, "ALTER DYNAMIC TABLE")?;
        for (i, name) in resolved.iter().enumerate() {
            if resolved[..i].contains(name) {
                return Err(SqlError::unsupported(format!(
                    "Dynamic table '{name}' is listed more than once."
                )));
            }
        }
        for raw in raws {
            let single = statement::Alter {
                name: raw,
                also: Vec::new(),
                ..alter.clone()
            };
            self.run_parsed(Statement::Alter(single), sql, session, now)?;
        }
        Ok(QueryResult::status("Statement executed successfully."))
    }

    /// Runs a parsed statement; `sql` is its text (for the positions of errors in queries).
    fn run_parsed(
        &mut self,
        parsed: Statement,
        sql: &str,
        session: &mut SqlSession,
        now: Stamp,
    ) -> Result<QueryResult, SqlError> {
        // A role named in the request body folds like any identifier (`sysadmin` →
        // SYSADMIN), must exist, and is held to its privileges; without one the session is
        // the sandbox's administrator (see `engine/privileges.rs`).
        let role = privileges::session_role(&self.catalog, session)?;
        if let Some(role) = &role {
            privileges::check(&self.catalog, role, &parsed, session)?;
        }
        let owner = role
            .as_ref()
            .map_or_else(|| DEFAULT_ROLE.to_string(), |r| r.as_str().to_string());
        let origin = Origin { now, owner };
        match parsed {
            Statement::Create(create) => self.create(create, session, &origin),
            Statement::CreateOrAlter(create) => {
                match create_or_alter::plan(&self.catalog, &create, session)? {
                    None => self.create(create, session, &origin),
                    Some(alters) => {
                        // Not atomic, as Snowflake documents: each ALTER is checked and
                        // applied in turn.
                        for alter in alters {
                            self.run(&alter, session, now)?;
                        }
                        Ok(QueryResult::status("Statement executed successfully."))
                    }
                }
            }
            Statement::Access(statement) => {
                let result = self.catalog.access(statement, session, &origin)?;
                self.dirty = true;
                Ok(result)
            }
            Statement::Alter(alter) => {
                // The connected user exists in any account, even if this sandbox never saw
                // it created: a user may set its own key before anything else.
                if alter.kind == ObjectNoun::User
                    && let Some(own) = session.user_ident()
                    && alter.name.parts == [own.clone()]
                {
                    self.catalog.ensure_session_user(&own, &origin);
                }
                let moved = access::moved_names(&alter, session);
                let renamed_user = match (&alter.kind, &alter.action, alter.name.parts.as_slice()) {
                    (ObjectNoun::User, statement::AlterAction::RenameTo(to), [from]) => {
                        Some((from.clone(), to.last().clone()))
                    }
                    _ => None,
                };
                let result = ddl::alter(&mut self.catalog, alter, session, now)?;
                if let Some((t, a, b, swap)) = moved {
                    self.catalog.move_grants(t, &a, &b, swap);
                }
                if let Some((from, to)) = renamed_user {
                    self.catalog.rename_user(&from, &to);
                }
                self.dirty = true;
                Ok(result)
            }
            Statement::Drop(drop) => {
                let securable = access::securable_name(drop.kind, &drop.name, session);
                // A procedure's or a function's grants are per overload: the dropped
                // signature's go.
                let overload = access::routine_type(drop.kind)
                    .zip(drop.arg_types.clone())
                    .map(|(t, types)| (t, drop.name.clone(), types));
                let metric = drop.kind == ObjectNoun::DataMetricFunction;
                let table = (drop.kind == ObjectNoun::Table)
                    .then(|| binder::object_name(&drop.name, session, "DROP").ok())
                    .flatten();
                // A dropped user's roles go with it (`Catalog::forget_user`).
                let user = (drop.kind == ObjectNoun::User && drop.name.parts.len() == 1)
                    .then(|| drop.name.last().clone());
                let result = ddl::drop(&mut self.catalog, drop, session, now)?;
                if let Some(user) = user {
                    self.catalog.forget_user(&user);
                }
                if let Some((t, parts)) = securable {
                    self.catalog.drop_grants_on(t, &parts);
                }
                // A permanent table hidden by the dropped temporary one is seen again.
                if let Some(name) = table {
                    temporary::reveal(&mut self.catalog, &name);
                }
                if let Some((t, name, types)) = overload {
                    self.catalog
                        .drop_overload_grants(t, &name, (&types, metric), session);
                }
                self.dirty = true;
                Ok(result)
            }
            Statement::Use(target) => binder::use_context(&self.catalog, target, session),
            Statement::Show(request) => {
                let viewer = privileges::Viewer::new(&self.catalog, role.as_ref(), session);
                show::show(
                    &self.catalog,
                    &request,
                    session,
                    &|noun, parts, overload| viewer.sees(noun, parts, overload),
                    now,
                )
            }
            Statement::Describe(request) => show::describe(&self.catalog, &request, session),
            // A FROM-less SELECT calling what the evaluator does not compute is the
            // binder's, like any other query.
            Statement::Select(Select::Values(items)) if !functions::evaluates(&items) => {
                let request = statement::dml::Query {
                    references: Vec::new(),
                };
                self.query(&request, sql, session, now)
            }
            Statement::Select(select) => self.select(select, session, now),
            Statement::Query(request) => self.query(&request, sql, session, now),
            Statement::Update(request) => query::dml(&self.catalog, &request, sql, session, true),
            Statement::Delete(request) => query::dml(&self.catalog, &request, sql, session, false),
            Statement::Call(request) => call::call(&self.catalog, &request, session),
            // The inner statement runs in the same session, as Snowflake runs it; it is
            // recorded in the history as the EXECUTE IMMEDIATE that carried it.
            Statement::ExecuteImmediate(inner) => self.run(&inner, session, now),
            Statement::ExecuteTask(run) => functions::execute_task(&self.catalog, &run, session),
            Statement::ExecuteAlert(name) => {
                let name = crate::sandbox::binder::object_name(&name, session, "EXECUTE ALERT")?;
                self.catalog.execute_alert(&name)?;
                Ok(QueryResult::status("Statement executed successfully."))
            }
            Statement::List(listed) => functions::list(&self.catalog, &listed, session),
            Statement::Session => Ok(QueryResult::status("Statement executed successfully.")),
            Statement::Block(text) => self.anonymous_block(&text, session, now),
            Statement::SetVariables(set) => {
                variables::check_names(&set)?;
                // Every expression is evaluated before any variable is set; an error in
                // one is told at its place in the SET.
                let mut values = Vec::with_capacity(set.values.len());
                for value in &set.values {
                    let (query, prefix) = if value.query {
                        (value.text.clone(), 0)
                    } else {
                        (format!("SELECT {}", value.text), "SELECT ".len())
                    };
                    let answer = self.run(&query, session, now).map_err(|e| {
                        e.relocated(&query, sql, |o| o.saturating_sub(prefix) + value.at)
                    })?;
                    values.push(answer);
                }
                self.bound_types.clear();
                variables::assign(&set, &values, session, now)
            }
            Statement::UnsetVariables(names) => variables::unset(&names, session),
            Statement::ShowVariables(like) => Ok(variables::show(like.as_deref(), session)),
            Statement::CopyInto(copy) => {
                let result = functions::copy_into(&self.catalog, &copy, session)?;
                merge::compile(&self.catalog, sql, session)?;
                Ok(result)
            }
            Statement::CopyUnload(copy) => functions::copy_unload(&self.catalog, &copy, session),
            Statement::Insert(insert) => {
                let result = functions::insert(&self.catalog, &insert, session)?;
                merge::compile(&self.catalog, sql, session)?;
                Ok(result)
            }
            Statement::Merge(request) => {
                let result = merge::merge(&self.catalog, &request, session)?;
                merge::compile(&self.catalog, sql, session)?;
                Ok(result)
            }
            Statement::Truncate(truncate) => ddl::truncate(&self.catalog, &truncate, session),
            Statement::Undrop(undrop) => {
                let result = ddl::undrop(&mut self.catalog, &undrop, session, now)?;
                self.dirty = true;
                Ok(result)
            }
        }
    }

    /// A `->>` chain (`engine/pipe.rs`): each statement recorded as it runs, `$n` in a
    /// FROM read from the n-th earlier one's result; the first error stops the chain and
    /// is its answer, else the last statement's result is
    /// (https://docs.snowflake.com/en/sql-reference/operators-flow#usage-notes).
    fn chain(
        &mut self,
        sql: &str,
        parts: &[std::ops::Range<usize>],
        session: &mut SqlSession,
        now: Stamp,
    ) -> Result<QueryResult, SqlError> {
        let mut ran: Vec<String> = Vec::with_capacity(parts.len());
        let mut last = None;
        for part in parts {
            let text = pipe::resolve(&sql[part.clone()], &ran)?;
            let result = self.record(&text, session, now)?;
            ran.extend(session.query_ids.last().cloned());
            last = Some(result);
        }
        // The chain's own history entry carries the last statement's column types.
        self.bound_types = ran
            .last()
            .and_then(|id| self.history.find(id))
            .map(|e| e.types.clone())
            .unwrap_or_default();
        last.ok_or_else(SqlError::empty_statement)
    }

    /// The evaluator's SELECT forms; a UNION ALL runs its branches in turn and joins their
    /// rows under the first branch's columns.
    /// A query the binder compiles and answers, with the context functions' values.
    fn query(
        &mut self,
        request: &statement::dml::Query,
        sql: &str,
        session: &SqlSession,
        now: Stamp,
    ) -> Result<QueryResult, SqlError> {
        let constants = functions::context_constants(&mut self.catalog, session, now);
        let (result, types) = query::query(
            &self.catalog,
            &self.history,
            request,
            sql,
            session,
            &constants,
        )?;
        self.bound_types = types;
        Ok(result)
    }

    /// What the session's roles see, for the INFORMATION_SCHEMA views (the rule SHOW
    /// uses, `privileges::Viewer`).
    fn viewer(&self, session: &SqlSession) -> Result<privileges::Viewer<'_>, SqlError> {
        let role = privileges::session_role(&self.catalog, session)?;
        Ok(privileges::Viewer::new(
            &self.catalog,
            role.as_ref(),
            session,
        ))
    }

    fn select(
        &mut self,
        select: Select,
        session: &mut SqlSession,
        now: Stamp,
    ) -> Result<QueryResult, SqlError> {
        match select {
            Select::Values(items) => {
                let (result, changed) = functions::select_values(
                    &mut self.catalog,
                    &items,
                    session,
                    now,
                    self.lake.as_deref(),
                )?;
                self.dirty |= changed;
                Ok(result)
            }
            Select::InformationSchemaColumns { database, query } => {
                let viewer = self.viewer(session)?;
                let sees = |noun: ObjectNoun, parts: &[Ident], overload: Option<&[String]>| {
                    viewer.sees(noun, parts, overload)
                };
                show::information_schema_columns(
                    &self.catalog,
                    database.as_ref(),
                    &query,
                    session,
                    &sees,
                )
            }
            Select::ObjectPrivileges { database, query } => {
                let viewer = self.viewer(session)?;
                let sees = |t: crate::model::privilege::ObjectType,
                            parts: &[Ident],
                            signature: &[String]| {
                    viewer.sees_granted(t, parts, signature)
                };
                show::object_privileges(&self.catalog, database.as_ref(), &query, session, &sees)
            }
            Select::Routines {
                database,
                functions,
                query,
            } => {
                let viewer = self.viewer(session)?;
                let sees = |noun: ObjectNoun, parts: &[Ident], overload: Option<&[String]>| {
                    viewer.sees(noun, parts, overload)
                };
                show::routines(
                    &self.catalog,
                    (database.as_ref(), functions),
                    &query,
                    session,
                    &sees,
                )
            }
            Select::PolicyReferences {
                database,
                policy,
                query,
            } => {
                let viewer = self.viewer(session)?;
                let sees = |noun: ObjectNoun, parts: &[Ident], overload: Option<&[String]>| {
                    viewer.sees(noun, parts, overload)
                };
                show::policy_references(
                    &self.catalog,
                    database.as_ref(),
                    &policy,
                    &query,
                    session,
                    &sees,
                )
            }
            Select::TagPolicyReferences {
                database,
                tag,
                query,
            } => {
                let viewer = self.viewer(session)?;
                let sees = |noun: ObjectNoun, parts: &[Ident], overload: Option<&[String]>| {
                    viewer.sees(noun, parts, overload)
                };
                show::tag_policy_references(
                    &self.catalog,
                    database.as_ref(),
                    &tag,
                    &query,
                    session,
                    &sees,
                )
            }
            Select::TagReferences {
                database,
                object,
                domain,
                all_columns,
                query,
            } => {
                let viewer = self.viewer(session)?;
                let sees = |noun: ObjectNoun, parts: &[Ident], overload: Option<&[String]>| {
                    viewer.sees(noun, parts, overload)
                };
                show::tag_references(
                    &self.catalog,
                    database.as_ref(),
                    (&object, &domain, all_columns),
                    &query,
                    session,
                    &sees,
                )
            }
            Select::DataMetricReferences {
                database,
                expectations,
                arguments,
                query,
            } => {
                let viewer = self.viewer(session)?;
                let sees = |noun: ObjectNoun, parts: &[Ident], overload: Option<&[String]>| {
                    viewer.sees(noun, parts, overload)
                };
                show::data_metric_references(
                    &self.catalog,
                    database.as_ref(),
                    &arguments,
                    expectations,
                    &query,
                    session,
                    &sees,
                )
            }
            Select::QueryHistory {
                result_limit,
                query,
            } => show::query_history(&self.history, result_limit, &query),
            Select::UnionAll(branches) => {
                let mut united: Option<QueryResult> = None;
                for (i, branch) in branches.into_iter().enumerate() {
                    let result = self.select(branch, session, now)?;
                    match &mut united {
                        None => united = Some(result),
                        Some(first) => {
                            if result.columns.len() != first.columns.len() {
                                return Err(SqlError::set_operator_width(
                                    first.columns.len(),
                                    result.columns.len(),
                                    i + 1,
                                ));
                            }
                            first.rows.extend(result.rows);
                        }
                    }
                }
                united.ok_or_else(SqlError::empty_statement)
            }
        }
    }

    /// CREATE, then the future grants that apply to the new object.
    fn create(
        &mut self,
        create: statement::Create,
        session: &mut SqlSession,
        origin: &Origin,
    ) -> Result<QueryResult, SqlError> {
        let securable = access::securable_name(create.kind(), &create.name, session);
        let history = &self.history;
        let started = |id: &str| history.find(id).map(|e| e.start);
        ddl::check_clone_point(&self.catalog, &create, session, origin.now, &started)?;
        // A temporary table and a permanent one may share a name, the temporary one
        // hiding the other (`engine/temporary.rs`): set aside before the CREATE.
        let table = (create.kind() == ObjectNoun::Table)
            .then(|| binder::object_name(&create.name, session, "CREATE").ok())
            .flatten();
        let hid = match &table {
            // IF NOT EXISTS keeps the permanent table (the docs are silent: the table the
            // name reaches exists).
            Some(name) if create.temporary && !create.if_not_exists => {
                temporary::hide_permanent(&mut self.catalog, name)
            }
            _ => false,
        };
        let taken = match &table {
            Some(name) if !create.temporary && !create.or_replace && !create.if_not_exists => {
                temporary::take_temporary(&mut self.catalog, name)
            }
            _ => None,
        };
        let temporary = create
            .temporary
            .then(|| binder::object_name(&create.name, session, "CREATE").ok())
            .flatten()
            .map(|name| (create.kind(), name));
        let existing = temporary
            .as_ref()
            .and_then(|(kind, name)| temporary::object_id(&self.catalog, *kind, name));
        // What the CREATE does to grants depends on whether it replaced an object: the
        // object's id before and after tells (`Catalog::grants_after_create`).
        let kind = create.kind();
        let copy_grants = create.copy_grants;
        let id =
            |catalog: &Catalog, parts: &[Ident]| catalog.object_meta(kind, parts).map(|m| m.id);
        let before = securable
            .as_ref()
            .and_then(|(_, parts)| id(&self.catalog, parts));
        let procedure = access::routine_type(kind).map(|t| {
            let before = self.catalog.overload_ids(t, &create.name, session);
            (t, create.name.clone(), before)
        });
        // A replaced user is a new user: the roles granted to the one it replaces go with
        // it, as with DROP USER (`Catalog::forget_user`).
        let user = (kind == ObjectNoun::User && create.name.parts.len() == 1).then(|| {
            let name = create.name.last().clone();
            let before = id(&self.catalog, std::slice::from_ref(&name));
            (name, before)
        });
        // The table's body is its module's to read (already checked for syntax).
        let clone_of = match &create.body {
            statement::CreateBody::Module(ObjectNoun::Table, tail) => tail
                .parse(Table::parse_create)
                .ok()
                .and_then(|body| match body.source {
                    TableSource::Clone(source) => {
                        binder::object_name(&source, session, "CREATE TABLE").ok()
                    }
                    _ => None,
                })
                .map(|o| vec![o.database, o.schema, o.name]),
            _ => None,
        };
        let result = match ddl::create(&mut self.catalog, create, session, origin) {
            Ok(result) => result,
            Err(e) => {
                // Nothing was created: what was set aside goes back.
                if let Some(name) = &table {
                    if let Some(taken) = taken {
                        temporary::put_back(&mut self.catalog, name, taken);
                    }
                    if hid {
                        temporary::reveal(&mut self.catalog, name);
                    }
                }
                return Err(e);
            }
        };
        if let Some((t, parts)) = securable {
            let after = id(&self.catalog, &parts);
            if after.is_some() && after != before {
                self.catalog.grants_after_create(
                    kind,
                    (t, &parts),
                    (before.is_some(), clone_of.as_deref()),
                    copy_grants,
                    origin,
                );
            }
        }
        if let Some((t, name, before)) = procedure {
            self.catalog.overload_grants_after_create(
                t,
                &name,
                session,
                &before,
                copy_grants,
                origin,
            );
        }
        if let Some((name, Some(before))) = user
            && id(&self.catalog, std::slice::from_ref(&name)) != Some(before)
        {
            self.catalog.forget_user(&name);
        }
        if let (Some(name), Some(taken)) = (&table, taken) {
            temporary::hide_created(&mut self.catalog, name, taken);
        }
        // A TEMPORARY object is the session's: marked, and remembered so it is dropped
        // when the session ends. An existing object kept by IF NOT EXISTS is not the new
        // one.
        if let Some((kind, name)) = temporary
            && temporary::object_id(&self.catalog, kind, &name) != existing
            && let Some(id) = temporary::mark(&mut self.catalog, kind, &name)
        {
            session.temporary.push((name, id));
        }
        self.dirty = true;
        Ok(result)
    }

    /// Ends a session: the TEMPORARY objects it created are dropped, for good
    /// (https://docs.snowflake.com/en/sql-reference/sql/create-table#temporary-tables:
    /// "purged completely … not recoverable").
    pub(crate) fn end_session(&mut self, session: &mut SqlSession) {
        for (name, id) in session.temporary.drain(..) {
            self.dirty |= temporary::purge(&mut self.catalog, &name, id);
        }
    }

    /// The persistent state (catalog + history) as JSON.
    pub fn to_state(&self) -> serde_json::Value {
        serde_json::json!({
            "format": STATE_FORMAT,
            "catalog": &self.catalog,
            "history": &self.history,
        })
    }

    pub fn from_state(state: serde_json::Value) -> Result<Engine, SqlError> {
        let corrupt = |why: String| {
            SqlError::new(
                "000603",
                "XX000",
                format!("The sandbox state cannot be read: {why}"),
            )
        };
        let format = state.get("format").and_then(serde_json::Value::as_u64);
        if format != Some(STATE_FORMAT) {
            return Err(corrupt(format!(
                "unsupported format {format:?} (expected {STATE_FORMAT})"
            )));
        }
        let catalog = serde_json::from_value(state.get("catalog").cloned().unwrap_or_default())
            .map_err(|e| corrupt(format!("catalog: {e}")))?;
        let history = serde_json::from_value(state.get("history").cloned().unwrap_or_default())
            .map_err(|e| corrupt(format!("history: {e}")))?;
        Ok(Engine {
            catalog,
            history,
            dirty: false,
            lake: None,
            bound_types: Vec::new(),
        })
    }

    /// True when a statement changed the catalog since the last call.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }

    /// Public keys registered for `user` with ALTER USER … SET RSA_PUBLIC_KEY[_2].
    pub(crate) fn user_public_keys(&self, user: &str) -> Vec<String> {
        Ident::parse(user)
            .ok()
            .and_then(|name| self.catalog.account.users.get(&name))
            .map(|u| u.public_keys())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;
