//! Engine tests through `Engine::execute`: every kind's lifecycle and every rule, each
//! asserting Snowflake's code and message.

mod access;
mod alert_settings;
mod anonymous_blocks;
mod api_integrations;
mod bent;
mod binder;
mod binder_gaps;
mod clone_tags;
mod copy_locations;
mod create_or_alter_governance;
mod create_or_alter_kinds;
mod data_metrics;
mod database_roles;
mod documented_examples;
mod dynamic_tables_alerts;
mod execute_task;
mod function_grants;
mod functions;
mod grants_through_replace;
mod inline_clauses;
mod kept;
mod lifecycle;
mod materialized_views;
mod multi_table_insert;
mod network_policies;
mod network_rules;
mod object_privileges;
mod pagination;
mod pipes;
mod policies;
mod privileges;
mod procedure_calls;
mod queries;
mod query_forms;
mod robustness;
mod role_account_tags;
mod rules;
mod secrets;
mod sequences;
mod session_variables;
mod stage_refresh;
mod stream_forms;
mod table_actions;
mod tables;
mod tags;
mod tags_on_kinds;
mod tasks;
mod time_travel;
mod undrop_by_id;
mod undrop_kinds;
mod user_grants;
mod view_columns;
mod visibility;

use std::collections::HashMap;

use super::Engine;
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::SqlSession;

/// An engine with a session and a clock that ticks one second per statement.
pub(super) struct Sandbox {
    pub(crate) engine: Engine,
    pub(crate) session: SqlSession,
    clock: i64,
}

pub(super) type Row = HashMap<String, Option<String>>;

impl Sandbox {
    pub(super) fn new() -> Sandbox {
        Sandbox {
            engine: Engine::new(),
            session: SqlSession::default(),
            clock: 1_767_225_600,
        }
    }

    /// A sandbox with database D (schema S current) and warehouse WH.
    pub(super) fn with_schema() -> Sandbox {
        let mut sb = Sandbox::new();
        sb.ok("create database d");
        sb.ok("create schema d.s");
        sb.ok("use schema d.s");
        sb.ok("create warehouse wh initially_suspended = true");
        sb
    }

    pub(super) fn run(&mut self, sql: &str) -> Result<QueryResult, SqlError> {
        self.clock += 1;
        let now = jiff::Timestamp::from_second(self.clock).unwrap();
        self.engine.execute(sql, &mut self.session, now)
    }

    pub(super) fn ok(&mut self, sql: &str) -> QueryResult {
        self.run(sql).unwrap_or_else(|e| panic!("{sql}\n→ {e}"))
    }

    pub(super) fn status(&mut self, sql: &str) -> String {
        let result = self.ok(sql);
        result.rows[0][0].clone().unwrap_or_default()
    }

    pub(super) fn err(&mut self, sql: &str) -> SqlError {
        match self.run(sql) {
            Ok(r) => panic!("{sql}\n→ unexpectedly succeeded: {r:?}"),
            Err(e) => e,
        }
    }

    pub(super) fn rows(&mut self, sql: &str) -> Vec<Row> {
        let result = self.ok(sql);
        result
            .rows
            .iter()
            .map(|row| {
                result
                    .columns
                    .iter()
                    .zip(row)
                    .map(|(c, v)| (c.name.clone(), v.clone()))
                    .collect()
            })
            .collect()
    }

    /// The one row SHOW returns for a LIKE pattern.
    pub(super) fn one(&mut self, sql: &str) -> Row {
        let mut rows = self.rows(sql);
        assert_eq!(rows.len(), 1, "{sql}: {rows:?}");
        rows.remove(0)
    }

    pub(super) fn names(&mut self, sql: &str) -> Vec<String> {
        self.rows(sql)
            .iter()
            .map(|r| cell(r, "name").to_string())
            .collect()
    }
}

pub(super) fn cell<'a>(row: &'a Row, column: &str) -> &'a str {
    row.get(column)
        .unwrap_or_else(|| panic!("no column {column} in {row:?}"))
        .as_deref()
        .unwrap_or("<NULL>")
}

/// Asserts an error's code and that its message contains `text`.
pub(super) fn assert_error(e: &SqlError, code: &str, text: &str) {
    assert_eq!(e.code, code, "{e}");
    assert!(
        e.message.contains(text),
        "expected {text:?} in {:?}",
        e.message
    );
}
