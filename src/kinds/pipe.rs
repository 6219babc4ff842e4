//! A Snowpipe pipe: `[[pipe]]` with `copy` (its one COPY INTO <table> statement),
//! `auto_ingest`, `integration` (the notification integration auto-ingest reads on
//! Azure), `error_integration` and `comment`.
//!
//! What Snowflake lets change in place, and what it does not
//! (https://docs.snowflake.com/en/sql-reference/sql/alter-pipe): `ALTER PIPE … SET`
//! takes `PIPE_EXECUTION_PAUSED`, `ERROR_INTEGRATION` and `COMMENT`; the COPY statement,
//! `AUTO_INGEST` and `INTEGRATION` are fixed when the pipe is created
//! (https://docs.snowflake.com/en/sql-reference/sql/create-pipe, "CREATE OR ALTER PIPE"
//! changes only the paused state and the comment). Changing them recreates the pipe the
//! way Snowflake documents it
//! (https://docs.snowflake.com/en/user-guide/data-load-snowpipe-manage#recreating-pipes-for-automated-data-loads):
//! pause, check `SYSTEM$PIPE_STATUS` shows it paused with no pending file, `CREATE OR
//! REPLACE`, resume, and `REFRESH` what arrived meanwhile. The pipe's load history lives
//! in the pipe and goes with it, so files it loaded can load again: the change is
//! destructive (see [`recreate`]).
//!
//! The COPY statement is read the way a task's statement is (`task::entry::statement`):
//! its table, stage and file formats are references (edges of the plan graph), and it is
//! bound offline against the declared table (`config::queries`).
//!
//! Read with `SHOW PIPES IN DATABASE d`, one statement per database; it silently stops at
//! 10,000 rows and takes no `LIMIT … FROM`
//! (https://docs.snowflake.com/en/sql-reference/sql/show-pipes), so a listing at the cap
//! is an error.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{DiffCx, ObjectKind};
use crate::config::names::NameScope;
use crate::config::resolve::{Ctx, Declared, common_keys};
use crate::config::schema_file::object_entry;
use crate::import::entry::{Entry, Writer};
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::kinds::task::entry::{Statement, statement};
use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::model::{Address, Derived, Kind, Object, Resource};
use crate::plan::attribute::Attribute;
use crate::plan::diff::{DiffError, Edits, Settings, comment};
use crate::plan::{Expect, Step, Tier};
use crate::providers::snowflake::introspect::record::Record;
use crate::providers::snowflake::introspect::{IntrospectError, Listing};
use crate::sql::CanonicalSql;
use crate::sql::quote::{comment_clause, literal};

/// A pipe, in canonical form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pipe {
    pub name: ObjectName,
    /// The COPY INTO <table> statement (after `AS`).
    pub copy: CanonicalSql,
    pub auto_ingest: bool,
    /// The notification integration auto-ingest reads (Azure: a storage queue one).
    pub integration: Option<Ident>,
    pub error_integration: Option<Ident>,
    pub comment: Option<String>,
    /// What the COPY names (table, stage, file formats), resolved by whoever built the
    /// pipe; derived from `copy`, so it takes no part in equality.
    #[serde(default)]
    pub uses: Derived<Vec<Address>>,
}

impl Resource for Pipe {
    fn address(&self) -> Address {
        Address::new(Kind::Pipe, &self.name)
    }

    fn schema(&self) -> Option<SchemaName> {
        Some(self.name.schema_name())
    }

    fn references(&self) -> Vec<Address> {
        let mut refs = vec![Address::new(Kind::Schema, self.name.schema_name())];
        refs.extend(
            self.integration
                .iter()
                .chain(&self.error_integration)
                .map(|i| Address::new(Kind::NotificationIntegration, i)),
        );
        refs.extend(self.uses.iter().cloned());
        refs
    }
}

object_entry! {
    /// `[[pipe]]`.
    RawPipe {
        /// One `COPY INTO <table> FROM @stage …` statement.
        #[schemars(with = "String")]
        copy: Spanned<String>,
        /// Load files as their notifications arrive (needs `integration` on Azure).
        #[serde(default)]
        auto_ingest: bool,
        /// The notification integration (type azure_storage_queue) auto-ingest reads.
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        integration: Option<Spanned<String>>,
        /// The notification integration load errors are sent to.
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        error_integration: Option<Spanned<String>>,
    }
}

/// Copy options a pipe's COPY may not use: "FILES, ON_ERROR = ABORT_STATEMENT,
/// SIZE_LIMIT, PURGE, FORCE, RETURN_FAILED_ONLY, VALIDATION_MODE" are not supported
/// (https://docs.snowflake.com/en/sql-reference/sql/create-pipe, usage notes).
const REFUSED_OPTIONS: [&str; 6] = [
    "FILES",
    "SIZE_LIMIT",
    "PURGE",
    "FORCE",
    "RETURN_FAILED_ONLY",
    "VALIDATION_MODE",
];

/// Why `copy` is not a COPY a pipe can run, if it is not: a load (`COPY INTO <table>`,
/// not an unload to a stage) without the refused options. Returns the offending word.
fn copy_problem(copy: &str) -> Option<(String, &'static str)> {
    let Ok(tokens) = crate::sql::tokenize(copy) else {
        // Reported by the fragment check.
        return None;
    };
    let tokens: Vec<_> = tokens.into_iter().filter(|t| !t.is_trivia()).collect();
    let starts = tokens.first().is_some_and(|t| t.is_keyword("COPY"))
        && tokens.get(1).is_some_and(|t| t.is_keyword("INTO"));
    let first = tokens.first().map(|t| t.value.clone()).unwrap_or_default();
    if !starts {
        return Some((first, "a pipe's statement must be COPY INTO <table>"));
    }
    if let Some(target) = tokens.get(2)
        && (target.is_symbol("@") || target.kind == crate::sql::TokenKind::String)
    {
        return Some((
            target.value.clone(),
            "a pipe loads a table: COPY INTO a stage location (an unload) cannot be piped",
        ));
    }
    for (i, token) in tokens.iter().enumerate() {
        let assigned = tokens.get(i + 1).is_some_and(|t| t.is_symbol("="));
        if !assigned || token.kind != crate::sql::TokenKind::Word {
            continue;
        }
        let word = token.value.to_uppercase();
        if REFUSED_OPTIONS.contains(&word.as_str()) {
            return Some((
                token.value.clone(),
                "Snowpipe does not support this copy option",
            ));
        }
        if word == "ON_ERROR"
            && tokens.get(i + 2).is_some_and(|t| {
                t.value
                    .trim_matches('\'')
                    .eq_ignore_ascii_case("ABORT_STATEMENT")
            })
        {
            return Some((
                token.value.clone(),
                "Snowpipe does not support ON_ERROR = ABORT_STATEMENT",
            ));
        }
    }
    None
}

impl ObjectKind for Pipe {
    const SQL_KEYWORD: &'static str = "PIPE";
    const SCHEMA_LEVEL: bool = true;
    type Raw = RawPipe;

    fn resolve(raw: RawPipe, ctx: &mut Ctx<'_>) -> Option<Declared> {
        let scope = ctx.scope.clone();
        let name = ctx.object_name(&raw.name, &scope, "pipe")?;
        let own_scope = NameScope::of(&name.schema_name());
        let mut valid = true;
        let mut uses = Vec::new();
        let mut sites = Vec::new();
        let mut relations = Vec::new();
        let mut soft_names = Vec::new();
        let out = Statement {
            uses: &mut uses,
            sites: &mut sites,
            relations: &mut relations,
            soft_names: &mut soft_names,
        };
        valid &= statement(&raw.copy, "pipe", &own_scope, ctx, out);
        if valid && let Some((word, why)) = copy_problem(raw.copy.get_ref()) {
            let at = ctx.locate_word(&raw.copy, &word);
            ctx.diagnostics
                .push(crate::config::diagnostic::Diagnostic::at(at, why));
            valid = false;
        }
        uses.dedup();
        let mut integration_ident = |value: &Option<Spanned<String>>, ctx: &mut Ctx<'_>| {
            value.as_ref().and_then(|v| {
                let ident = ctx.ident(v, "notification integration");
                valid &= ident.is_some();
                ident.inspect(|i| {
                    sites.push((
                        Address::new(Kind::NotificationIntegration, i),
                        ctx.locate(v),
                    ))
                })
            })
        };
        let integration = integration_ident(&raw.integration, ctx);
        let error_integration = integration_ident(&raw.error_integration, ctx);
        // "AUTO_INGEST = TRUE … INTEGRATION: required only when configuring AUTO_INGEST
        // for Google Cloud Storage or Microsoft Azure stages"
        // (https://docs.snowflake.com/en/sql-reference/sql/create-pipe); lakeform's stages
        // are Azure ones, so auto-ingest always needs it, and it means nothing without.
        match (&raw.integration, raw.auto_ingest) {
            (None, true) => {
                ctx.error(
                    &raw.name,
                    "an auto-ingest pipe on Azure needs `integration`",
                )
                .help =
                    Some("name a notification_integration of type \"azure_storage_queue\"".into());
                valid = false;
            }
            (Some(i), false) => {
                ctx.error(i, "`integration` is only for an auto-ingest pipe")
                    .help = Some("set auto_ingest = true, or remove `integration`".into());
                valid = false;
            }
            _ => {}
        }
        let sql = crate::config::queries::SqlText {
            form: crate::config::queries::SqlForm::Statement,
            text: raw.copy.get_ref().clone(),
            file: ctx.file.path().to_path_buf(),
            span: raw.copy.span(),
            schema: name.schema_name(),
        };
        let pipe = Pipe {
            name,
            copy: CanonicalSql::new(raw.copy.get_ref().as_str()),
            auto_ingest: raw.auto_ingest,
            integration,
            error_integration,
            comment: raw.comment.clone(),
            uses: uses.into(),
        };
        if !valid {
            return None;
        }
        let mut declared = ctx.declare(pipe, common_keys!(raw));
        declared.sites.extend(sites);
        declared.relations = relations;
        declared.soft_names = soft_names;
        declared.sql.push(sql);
        Some(declared)
    }

    fn diff(live: &Pipe, desired: &Pipe, cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        let mut e = Edits::default();
        let copy = live.copy != desired.copy;
        if copy {
            e.attribute(
                Attribute::Copy,
                Some(live.copy.text().trim().to_string()),
                Some(desired.copy.text().trim().to_string()),
            );
        }
        let auto_ingest = e.compare("auto_ingest", &live.auto_ingest, &desired.auto_ingest);
        let integration = e.compare_option("integration", &live.integration, &desired.integration);
        if copy || auto_ingest || integration {
            e.compare_option(
                "error_integration",
                &live.error_integration,
                &desired.error_integration,
            );
            e.compare_option("comment", &live.comment, &desired.comment);
            recreate(&mut e, desired, cx.settings)?;
            return Ok(e);
        }
        if e.compare_option(
            "error_integration",
            &live.error_integration,
            &desired.error_integration,
        ) {
            e.sql(match &desired.error_integration {
                Some(i) => format!("ALTER PIPE {} SET ERROR_INTEGRATION = {i}", desired.name),
                None => format!("ALTER PIPE {} UNSET ERROR_INTEGRATION", desired.name),
            });
        }
        comment(
            &mut e,
            &live.comment,
            &desired.comment,
            &Object::Pipe(desired.clone()),
        )?;
        Ok(e)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        let mut clauses = String::new();
        if self.auto_ingest {
            clauses.push_str(" AUTO_INGEST = TRUE");
        }
        if let Some(i) = &self.error_integration {
            clauses.push_str(&format!(" ERROR_INTEGRATION = {i}"));
        }
        // "INTEGRATION = '<string>' … the name of the notification integration … typed
        // in all uppercase" — a string literal, not an identifier
        // (https://docs.snowflake.com/en/sql-reference/sql/create-pipe).
        if let Some(i) = &self.integration {
            clauses.push_str(&format!(" INTEGRATION = {}", literal(i.as_str())));
        }
        Ok(format!(
            "{} PIPE {}{clauses}{} AS {}",
            mode.verb(),
            self.name,
            comment_clause(self.comment.as_deref()),
            self.copy.text()
        ))
    }

    /// `SHOW PIPES IN DATABASE d` (no paging syntax; see the module comment).
    fn listing(database: &Ident) -> Option<Listing> {
        Some(Listing::Unpaged(format!(
            "SHOW PIPES IN DATABASE {database}"
        )))
    }

    fn parse_row(record: &Record<'_>) -> Result<Option<Self>, IntrospectError> {
        parse(record)
    }

    fn import(&self, w: &Writer<'_>, schema: Option<&SchemaName>) -> Entry {
        let mut e = Entry::new("pipe");
        e.set("name", w.text(&w.short(&self.name, schema)));
        w.comment(&mut e, &self.comment);
        if self.auto_ingest {
            e.set("auto_ingest", "true".into());
        }
        if let Some(i) = &self.integration {
            e.set("integration", w.text(&i.to_sql()));
        }
        if let Some(i) = &self.error_integration {
            e.set("error_integration", w.text(&i.to_sql()));
        }
        e.set("copy", w.sql(self.copy.text()));
        e
    }
}

/// Recreating a pipe, as Snowflake's procedure does it: pause; wait until the status says
/// paused with no pending file; `CREATE OR REPLACE`; resume; `REFRESH` the files staged
/// since the plan was made, which no pipe loaded while it was paused.
///
/// The tier is destructive. The load history that keeps Snowpipe from loading a file
/// twice lives in the pipe (kept 14 days) and is dropped with it
/// (https://docs.snowflake.com/en/user-guide/data-load-snowpipe-manage#recreating-pipes-for-automated-data-loads);
/// REFRESH then cannot tell which files the old pipe loaded. lakeform limits the REFRESH
/// to files modified after the plan was made (`MODIFIED_AFTER`,
/// https://docs.snowflake.com/en/sql-reference/sql/alter-pipe), so only files loaded
/// between the plan and the pause load again — but they do, and any later REFRESH by hand
/// reaches back 7 days. Duplicated rows are lost data integrity, hence the consent.
fn recreate(e: &mut Edits, desired: &Pipe, settings: &Settings) -> Result<(), DdlError> {
    let name = &desired.name;
    e.replace("the COPY statement, AUTO_INGEST and INTEGRATION cannot be altered: the pipe is recreated (pause, wait for no pending file, CREATE OR REPLACE, resume, REFRESH)");
    e.raise(
        Tier::Destructive,
        "recreating drops the pipe's load history (14 days): files the old pipe loaded after the plan was made are loaded again by the REFRESH, and a later REFRESH could reload 7 days of files",
    );
    e.sql(format!(
        "ALTER PIPE {name} SET PIPE_EXECUTION_PAUSED = TRUE"
    ));
    e.steps.push(Step::check(
        format!("SELECT SYSTEM$PIPE_STATUS({})", status_argument(name)),
        Expect::PipeDrained,
    ));
    e.sql(desired.create_sql(CreateMode::Replace)?);
    e.sql(format!(
        "ALTER PIPE {name} SET PIPE_EXECUTION_PAUSED = FALSE"
    ));
    let since = settings.now.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    e.sql(format!(
        "ALTER PIPE {name} REFRESH MODIFIED_AFTER = {}",
        literal(&since)
    ));
    Ok(())
}

/// The pipe's name as `SYSTEM$PIPE_STATUS` takes it: a string literal holding the
/// qualified name, case-sensitive parts in double quotes
/// (https://docs.snowflake.com/en/sql-reference/functions/system_pipe_status).
pub(crate) fn status_argument(name: &ObjectName) -> String {
    literal(&name.to_string())
}

/// One row of SHOW PIPES: `name`, `database_name`, `schema_name`, `definition` (the COPY
/// statement), `integration`, `error_integration`, `notification_channel`, `comment`
/// (https://docs.snowflake.com/en/sql-reference/sql/show-pipes). No column says whether
/// the pipe auto-ingests: an Azure or GCS one names its notification integration, an S3
/// one its SQS channel, and a pipe loaded through the REST API neither.
fn parse(record: &Record<'_>) -> Result<Option<Pipe>, IntrospectError> {
    let name = record.object_name("database_name", "schema_name", "name")?;
    // Snowflake's default streaming pipes (`<TABLE>-STREAMING`) have no owner and are
    // no object anyone declares.
    if record.optional("owner")?.is_none() && name.name.as_str().ends_with("-STREAMING") {
        return Ok(None);
    }
    // Identifier cells, as Snowflake stores them (`Record::ident`), when not empty.
    let ident = |column: &str| -> Result<Option<Ident>, IntrospectError> {
        Ok(record.optional(column)?.map(Ident::from_stored))
    };
    let integration = ident("integration")?;
    let channel = record.optional("notification_channel")?;
    Ok(Some(Pipe {
        copy: CanonicalSql::new(record.required("definition")?),
        auto_ingest: integration.is_some() || channel.is_some(),
        integration,
        error_integration: ident("error_integration")?,
        comment: record.comment()?,
        uses: Default::default(),
        name,
    }))
}

/// What `SYSTEM$PIPE_STATUS` answers, the part lakeform reads: `executionState` and
/// `pendingFileCount` (absent when 0)
/// (https://docs.snowflake.com/en/sql-reference/functions/system_pipe_status).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PipeStatus {
    pub(crate) execution_state: String,
    pub(crate) pending_file_count: u64,
    /// `error`, when the pipe reports one.
    pub(crate) error: Option<String>,
}

impl PipeStatus {
    /// The status from its JSON; `None` when the answer is not the documented JSON.
    pub(crate) fn parse(json: &str) -> Option<PipeStatus> {
        let value: serde_json::Value = serde_json::from_str(json).ok()?;
        Some(PipeStatus {
            execution_state: value.get("executionState")?.as_str()?.to_string(),
            pending_file_count: value
                .get("pendingFileCount")
                .and_then(serde_json::Value::as_u64)
                .unwrap_or(0),
            error: value
                .get("error")
                .and_then(serde_json::Value::as_str)
                .map(str::to_string),
        })
    }

    pub(crate) fn paused(&self) -> bool {
        self.execution_state == "PAUSED"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Action;
    use crate::providers::snowflake::introspect::record::fixture::row;

    const COPY: &str = "COPY INTO RAW_ORDERS FROM @ADLS_STAGE/orders/ FILE_FORMAT = (FORMAT_NAME = 'PARQUET_FILE_FORMAT') MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE";

    fn pipe(copy: &str) -> Pipe {
        Pipe {
            name: ObjectName::parse("PR.BRONZE.ORDERS_PIPE").unwrap(),
            copy: CanonicalSql::new(copy),
            auto_ingest: true,
            integration: Some(Ident::from_stored("ORDERS_EVENTS")),
            error_integration: None,
            comment: None,
            uses: Default::default(),
        }
    }

    fn settings() -> Settings {
        Settings {
            prune: false,
            backup: true,
            now: "2026-12-06T10:00:00Z".parse().unwrap(),
            namespace: crate::providers::adls::Namespace::Hierarchical,
            lock_container: "lakeform-locks".into(),
            deploy_role: None,
        }
    }

    fn diff(live: &Pipe, desired: &Pipe) -> Edits {
        let settings = settings();
        let lifecycle = crate::model::Lifecycle::default();
        let (desired_state, live_state): (crate::model::DesiredState, crate::model::LiveState) =
            Default::default();

        let states = crate::kinds::role::grant::States::new(&desired_state, &live_state);
        let cx = DiffCx {
            settings: &settings,
            lifecycle: &lifecycle,
            streamed: false,
            states: &states,
        };
        <Pipe as ObjectKind>::diff(live, desired, &cx).unwrap()
    }

    fn statements(e: &Edits) -> Vec<String> {
        e.steps.iter().map(|s| s.describe()).collect()
    }

    #[test]
    fn create_names_the_integration_as_an_upper_case_string() {
        let mut p = pipe(COPY);
        p.comment = Some("orders".into());
        p.error_integration = Some(Ident::from_stored("ERRORS"));
        assert_eq!(
            p.create_sql(CreateMode::Create).unwrap(),
            format!(
                "CREATE PIPE PR.BRONZE.ORDERS_PIPE AUTO_INGEST = TRUE ERROR_INTEGRATION = ERRORS INTEGRATION = 'ORDERS_EVENTS' COMMENT = 'orders' AS {COPY}"
            )
        );
    }

    #[test]
    fn comment_and_error_integration_alter_in_place() {
        let mut desired = pipe(COPY);
        desired.comment = Some("c".into());
        desired.error_integration = Some(Ident::from_stored("ERRORS"));
        let e = diff(&pipe(COPY), &desired);
        assert_eq!((e.action, e.tier), (Action::Update, Tier::Safe));
        assert_eq!(
            statements(&e),
            [
                "ALTER PIPE PR.BRONZE.ORDERS_PIPE SET ERROR_INTEGRATION = ERRORS",
                "ALTER PIPE PR.BRONZE.ORDERS_PIPE SET COMMENT = 'c'",
            ]
        );
        let e = diff(&desired, &pipe(COPY));
        assert_eq!(
            statements(&e),
            [
                "ALTER PIPE PR.BRONZE.ORDERS_PIPE UNSET ERROR_INTEGRATION",
                "ALTER PIPE PR.BRONZE.ORDERS_PIPE UNSET COMMENT",
            ]
        );
        // Only the canonical form of the COPY counts.
        let respaced = COPY.replace(" FROM ", "\n  FROM ");
        assert!(diff(&pipe(COPY), &pipe(&respaced)).is_empty());
    }

    #[test]
    fn a_new_copy_follows_snowflakes_recreate_procedure_with_consent() {
        let changed = COPY.replace("orders/", "orders/v2/");
        let e = diff(&pipe(COPY), &pipe(&changed));
        assert_eq!((e.action, e.tier), (Action::Replace, Tier::Destructive));
        assert!(e.reasons.iter().any(|r| r.contains("load history")));
        assert_eq!(
            statements(&e),
            [
                "ALTER PIPE PR.BRONZE.ORDERS_PIPE SET PIPE_EXECUTION_PAUSED = TRUE".to_string(),
                "SELECT SYSTEM$PIPE_STATUS('PR.BRONZE.ORDERS_PIPE')".to_string(),
                format!(
                    "CREATE OR REPLACE PIPE PR.BRONZE.ORDERS_PIPE AUTO_INGEST = TRUE INTEGRATION = 'ORDERS_EVENTS' AS {changed}"
                ),
                "ALTER PIPE PR.BRONZE.ORDERS_PIPE SET PIPE_EXECUTION_PAUSED = FALSE".to_string(),
                "ALTER PIPE PR.BRONZE.ORDERS_PIPE REFRESH MODIFIED_AFTER = '2026-12-06T10:00:00Z'"
                    .to_string(),
            ]
        );
        assert!(matches!(
            e.steps[1],
            Step::Snowflake {
                expect: Some(Expect::PipeDrained),
                ..
            }
        ));
        let mut other = pipe(COPY);
        other.integration = Some(Ident::from_stored("OTHER_EVENTS"));
        assert_eq!(diff(&pipe(COPY), &other).action, Action::Replace);
    }

    #[test]
    fn pipes_copy_only_into_tables_without_refused_options() {
        assert_eq!(copy_problem(COPY), None);
        for (sql, word) in [
            ("COPY INTO T FROM @S PURGE = TRUE", "PURGE"),
            ("COPY INTO T FROM @S ON_ERROR = ABORT_STATEMENT", "ON_ERROR"),
            ("COPY INTO T FROM @S FILES = ('a')", "FILES"),
            ("COPY INTO @S FROM T", "@"),
            ("INSERT INTO T SELECT 1", "INSERT"),
        ] {
            assert_eq!(
                copy_problem(sql).map(|(w, _)| w).as_deref(),
                Some(word),
                "{sql}"
            );
        }
        assert_eq!(
            copy_problem("COPY INTO T FROM @S ON_ERROR = CONTINUE"),
            None
        );
    }

    #[test]
    fn show_rows_are_read_by_column_name() {
        let rows = row(&[
            ("created_on", Some("2026-12-06 08:00:00.000 -0800")),
            ("name", Some("ORDERS_PIPE")),
            ("database_name", Some("PR")),
            ("schema_name", Some("BRONZE")),
            ("definition", Some(COPY)),
            ("owner", Some("SYSADMIN")),
            ("notification_channel", None),
            ("comment", Some("")),
            ("integration", Some("ORDERS_EVENTS")),
            ("pattern", None),
            ("error_integration", None),
            ("owner_role_type", Some("ROLE")),
            ("invalid_reason", None),
            ("kind", Some("STAGE")),
        ]);
        let record = Record::new(rows.rows().next().unwrap(), Kind::Pipe);
        assert_eq!(parse(&record).unwrap(), Some(pipe(COPY)));
        let streaming = row(&[
            ("name", Some("RAW_ORDERS-STREAMING")),
            ("database_name", Some("PR")),
            ("schema_name", Some("BRONZE")),
            ("definition", Some("")),
            ("owner", None),
        ]);
        let record = Record::new(streaming.rows().next().unwrap(), Kind::Pipe);
        assert_eq!(parse(&record).unwrap(), None);
    }

    #[test]
    fn status_json_is_read_with_absent_counts_as_zero() {
        let s = PipeStatus::parse(r#"{"executionState":"PAUSED"}"#).unwrap();
        assert!(s.paused() && s.pending_file_count == 0);
        let s = PipeStatus::parse(r#"{"executionState":"RUNNING","pendingFileCount":3}"#).unwrap();
        assert!(!s.paused() && s.pending_file_count == 3);
        assert_eq!(PipeStatus::parse("not json"), None);
        assert_eq!(
            status_argument(&ObjectName::parse("PR.BRONZE.\"myPipe\"").unwrap()),
            "'PR.BRONZE.\"myPipe\"'"
        );
    }
}
