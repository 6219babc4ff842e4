//! Alerts, the whole kind: the catalog entry with Snowflake's rules, the grammar of CREATE
//! ALERT and ALTER ALERT, EXECUTE ALERT's check, and the SHOW ALERTS / DESCRIBE ALERT rows.
//!
//! Rules (https://docs.snowflake.com/en/sql-reference/sql/create-alert):
//! * the body is `IF( EXISTS( <query> )) THEN <action>`; the condition must be a query,
//!   and it is compiled against the catalog as a view's query is (its objects must exist,
//!   its columns resolve), its names read in the alert's schema;
//! * a warehouse, when named, must exist (none: a serverless alert); a schedule is `<n>
//!   MINUTE` (at most 11520) or `USING CRON … <time zone>`, as a task's, and an alert
//!   created without one (on new data) cannot be given one later, nor the reverse
//!   (https://docs.snowflake.com/en/sql-reference/sql/alter-alert);
//! * a new alert is suspended until `ALTER ALERT … RESUME`;
//! * CONFIG is a JSON object ("a configuration string in valid JSON format"), RUNBOOK at
//!   most 2048 characters, SUSPEND_ALERT_AFTER_NUM_FAILURES a number; SHOW ALERTS
//!   reports the first two;
//! * `FROM TEMPLATE <template_id>` renders one of Snowflake's alert templates: the
//!   sandbox has none, so it fails as the docs say a missing template does ("object does
//!   not exist or not authorized");
//! * ALTER: RESUME / SUSPEND, SET / UNSET of WAREHOUSE, SCHEDULE, COMMENT, CONFIG, RUNBOOK
//!   and SUSPEND_ALERT_AFTER_NUM_FAILURES, `MODIFY
//!   CONDITION EXISTS (<query>)` and `MODIFY ACTION <action>`. The ALTER page does not
//!   require a suspended alert for these, so the emulator does not either.
//!
//! The docs give no error codes for these refusals: a malformed body is a syntax error,
//! a bad value the invalid-value error.

use serde::{Deserialize, Serialize};

use super::rows::{DescribeRows, Entry, ShowRows, comment, render, stamp, text};
use super::task::valid_schedule;
use super::view::{CatalogRelations, bind_error, resolve_in};
use super::{Catalog, Meta, Names, SandboxKind, Schema, SchemaObject};
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::references::referenced_names_of;
use crate::sandbox::statement::{Parser, RawName};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Alert {
    pub(crate) meta: Meta,
    pub warehouse: Option<Ident>,
    pub schedule: Option<String>,
    /// The query inside `EXISTS ( … )`.
    pub condition: String,
    pub action: String,
    pub(crate) started: bool,
    #[serde(default)]
    pub(crate) config: Option<String>,
    #[serde(default)]
    pub(crate) runbook: Option<String>,
    #[serde(default)]
    pub(crate) suspend_after_failures: Option<u64>,
}

/// The properties CREATE ALERT and ALTER ALERT … SET share besides WAREHOUSE and SCHEDULE
/// (https://docs.snowflake.com/en/sql-reference/sql/create-alert#optional-parameters).
#[derive(Debug, Default, PartialEq)]
pub(crate) struct AlertSettings {
    comment: Option<String>,
    config: Option<String>,
    runbook: Option<String>,
    suspend_after_failures: Option<u64>,
}

impl AlertSettings {
    /// Reads one of the settings if it comes next; false when none does.
    fn read(&mut self, p: &mut Parser<'_>) -> Result<bool, SqlError> {
        if p.eat_kw("COMMENT") {
            p.eat_equals();
            self.comment = Some(p.string()?);
        } else if p.eat_kw("CONFIG") {
            p.eat_equals();
            let config = p.string()?;
            super::check_config(&config)?;
            self.config = Some(config);
        } else if p.eat_kw("RUNBOOK") {
            p.eat_equals();
            let runbook = p.string()?;
            // "Maximum length: 2048 characters."
            if runbook.chars().count() > 2048 {
                return Err(SqlError::invalid_value("RUNBOOK", &runbook));
            }
            self.runbook = Some(runbook);
        } else if p.eat_kw("SUSPEND_ALERT_AFTER_NUM_FAILURES") {
            p.eat_equals();
            self.suspend_after_failures = Some(p.unsigned()?);
        } else {
            return Ok(false);
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        *self == AlertSettings::default()
    }

    fn apply(self, alert: &mut Alert) {
        if self.comment.is_some() {
            alert.meta.comment = self.comment;
        }
        if self.config.is_some() {
            alert.config = self.config;
        }
        if self.runbook.is_some() {
            alert.runbook = self.runbook;
        }
        if self.suspend_after_failures.is_some() {
            alert.suspend_after_failures = self.suspend_after_failures;
        }
    }
}

/// `FROM TEMPLATE <template_id>` after the alert's name
/// (https://docs.snowflake.com/en/sql-reference/sql/create-alert, "CREATE ALERT … FROM
/// TEMPLATE"; https://docs.snowflake.com/en/sql-reference/sql/alter-alert): templates are
/// Snowflake's (SYSTEM$LIST_ALERT_TEMPLATES) and the sandbox holds none, so the statement
/// fails as "the template_id doesn't name a template that exists" does.
fn refuse_template(p: &mut Parser<'_>) -> Result<(), SqlError> {
    if p.eat_kws(&["FROM", "TEMPLATE"]) {
        let template = p.ident()?;
        return Err(SqlError::does_not_exist(
            "Alert template",
            template.as_str(),
        ));
    }
    Ok(())
}

/// CREATE ALERT's body after the name.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct AlertBody {
    schedule: Option<String>,
    warehouse: Option<RawName>,
    settings: AlertSettings,
    condition: String,
    action: String,
}

/// An ALTER ALERT action other than RENAME TO.
#[derive(Debug, PartialEq)]
pub(crate) enum AlertAlter {
    Suspend,
    Resume,
    Set {
        schedule: Option<String>,
        warehouse: Option<RawName>,
        settings: AlertSettings,
    },
    Unset(Vec<String>),
    Condition(String),
    Action(String),
}

/// `EXISTS ( <query> )` after EXISTS was read: the query's text. It must be a query
/// (SELECT or WITH; the docs also allow SHOW and CALL, which the emulator does not read).
fn exists_query(p: &mut Parser<'_>) -> Result<String, SqlError> {
    let (from, to) = p.skip_parens()?;
    let first = p.tokens().get(from);
    if !first.is_some_and(|t| t.is_keyword("SELECT") || t.is_keyword("WITH")) {
        return Err(match first {
            Some(t) if from < to => p.error_at(t),
            _ => p.error(),
        });
    }
    Ok(p.text_between(from, to).to_string())
}

/// The action after THEN: the rest of the statement.
fn action_text(p: &mut Parser<'_>) -> Result<String, SqlError> {
    if p.at_end() {
        return Err(p.error());
    }
    Ok(p.rest().trim().trim_end_matches(';').trim_end().to_string())
}

fn schedule_value(p: &mut Parser<'_>) -> Result<String, SqlError> {
    p.eat_equals();
    let schedule = p.string()?;
    if !valid_schedule(&schedule) {
        return Err(SqlError::invalid_value("SCHEDULE", &schedule));
    }
    Ok(schedule)
}

impl SandboxKind for Alert {
    type Create = AlertBody;
    type Alter = AlertAlter;

    fn parse_create(p: &mut Parser<'_>) -> Result<AlertBody, SqlError> {
        refuse_template(p)?;
        let mut body = AlertBody::default();
        loop {
            if p.eat_kw("SCHEDULE") {
                body.schedule = Some(schedule_value(p)?);
            } else if p.eat_kw("WAREHOUSE") {
                p.eat_equals();
                body.warehouse = Some(p.name()?);
            } else if !body.settings.read(p)? {
                break;
            }
        }
        p.expect_kw("IF")?;
        p.expect_sym("(")?;
        p.expect_kw("EXISTS")?;
        body.condition = exists_query(p)?;
        p.expect_sym(")")?;
        p.expect_kw("THEN")?;
        body.action = action_text(p)?;
        Ok(body)
    }

    fn parse_alter(p: &mut Parser<'_>) -> Result<AlertAlter, SqlError> {
        refuse_template(p)?;
        if p.eat_kw("SUSPEND") {
            return Ok(AlertAlter::Suspend);
        }
        if p.eat_kw("RESUME") {
            return Ok(AlertAlter::Resume);
        }
        if p.eat_kws(&["MODIFY", "CONDITION", "EXISTS"]) {
            return Ok(AlertAlter::Condition(exists_query(p)?));
        }
        if p.eat_kws(&["MODIFY", "ACTION"]) {
            return Ok(AlertAlter::Action(action_text(p)?));
        }
        if p.eat_kw("UNSET") {
            let mut keys = Vec::new();
            loop {
                let key = p.ident()?;
                match key.as_str() {
                    "WAREHOUSE"
                    | "COMMENT"
                    | "CONFIG"
                    | "RUNBOOK"
                    | "SUSPEND_ALERT_AFTER_NUM_FAILURES" => keys.push(key.as_str().to_string()),
                    _ => return Err(SqlError::invalid_property(key.as_str(), "ALERT")),
                }
                if !p.eat_sym(",") {
                    break;
                }
            }
            return Ok(AlertAlter::Unset(keys));
        }
        p.expect_kw("SET")?;
        let (mut schedule, mut warehouse) = (None, None);
        let mut settings = AlertSettings::default();
        loop {
            if p.eat_kw("SCHEDULE") {
                schedule = Some(schedule_value(p)?);
            } else if p.eat_kw("WAREHOUSE") {
                p.eat_equals();
                warehouse = Some(p.name()?);
            } else if !settings.read(p)? {
                break;
            }
            p.eat_sym(",");
        }
        if schedule.is_none() && warehouse.is_none() && settings.is_empty() {
            return Err(p.error());
        }
        Ok(AlertAlter::Set {
            schedule,
            warehouse,
            settings,
        })
    }

    fn create(
        catalog: &mut Catalog,
        name: &ObjectName,
        mut meta: Meta,
        body: AlertBody,
        _: &Names<'_>,
    ) -> Result<Alert, SqlError> {
        let warehouse = match &body.warehouse {
            Some(raw) => Some(catalog.existing_warehouse(raw)?),
            None => None,
        };
        catalog.compile_condition(name, &body.condition)?;
        meta.comment = body.settings.comment;
        Ok(Alert {
            meta,
            warehouse,
            schedule: body.schedule,
            condition: body.condition,
            action: body.action,
            // "a newly created alert is suspended"
            started: false,
            config: body.settings.config,
            runbook: body.settings.runbook,
            suspend_after_failures: body.settings.suspend_after_failures,
        })
    }

    fn alter(
        &mut self,
        catalog: &Catalog,
        name: &ObjectName,
        action: AlertAlter,
        _: super::Stamp,
        _: &super::Names<'_>,
    ) -> Result<(), SqlError> {
        match action {
            AlertAlter::Suspend => self.started = false,
            AlertAlter::Resume => self.started = true,
            AlertAlter::Condition(query) => {
                catalog.compile_condition(name, &query)?;
                self.condition = query;
            }
            AlertAlter::Action(action) => self.action = action,
            AlertAlter::Set {
                schedule,
                warehouse,
                settings,
            } => {
                if let Some(schedule) = schedule {
                    // An alert on new data cannot become scheduled.
                    if self.schedule.is_none() {
                        return Err(SqlError::invalid_value("SCHEDULE", &schedule));
                    }
                    self.schedule = Some(schedule);
                }
                if let Some(raw) = warehouse {
                    self.warehouse = Some(catalog.existing_warehouse(&raw)?);
                }
                settings.apply(self);
            }
            AlertAlter::Unset(keys) => {
                for key in keys {
                    match key.as_str() {
                        "WAREHOUSE" => self.warehouse = None,
                        "CONFIG" => self.config = None,
                        "RUNBOOK" => self.runbook = None,
                        "SUSPEND_ALERT_AFTER_NUM_FAILURES" => self.suspend_after_failures = None,
                        _ => self.meta.comment = None,
                    }
                }
            }
        }
        Ok(())
    }
}

impl Catalog {
    /// Compiles an alert's condition, its names read in the alert's schema: the objects
    /// it reads exist and its columns resolve.
    pub(crate) fn compile_condition(
        &self,
        alert: &ObjectName,
        query: &str,
    ) -> Result<(), SqlError> {
        let schema = alert.schema_name();
        let references: Vec<ObjectName> = referenced_names_of(query)
            .iter()
            .map(|raw| resolve_in(raw, &schema))
            .collect();
        self.query_sources(&references, None)?;
        let relations = CatalogRelations {
            catalog: self,
            database: Some(schema.database.clone()),
            schema: Some(schema.schema.clone()),
        };
        crate::sql::bind::bind_statement(query, &relations, &[])
            .map_err(|e| bind_error(&e, query, 0))
    }

    /// `EXECUTE ALERT`: the alert exists and its condition still compiles; the emulator
    /// holds no rows, so the condition finds none and the action does not run.
    pub(crate) fn execute_alert(&self, name: &ObjectName) -> Result<(), SqlError> {
        let alert = self.get::<Alert>(name)?;
        self.compile_condition(name, &alert.condition)
    }
}

/// SHOW ALERTS (https://docs.snowflake.com/en/sql-reference/sql/show-alerts): `state` in
/// lower case; `runbook`, `config` and `was_auto_suspended` as bundle 2026_04 added them.
impl ShowRows for Alert {
    const SHOW: &'static str = "SHOW ALERTS";
    const COLUMNS: &'static [(&'static str, &'static str)] = &[
        ("created_on", "timestamp_ltz"),
        ("name", "text"),
        ("database_name", "text"),
        ("schema_name", "text"),
        ("owner", "text"),
        ("comment", "text"),
        ("warehouse", "text"),
        ("schedule", "text"),
        ("state", "text"),
        ("condition", "text"),
        ("action", "text"),
        ("owner_role_type", "text"),
        ("runbook", "text"),
        ("config", "text"),
        ("was_auto_suspended", "text"),
    ];

    fn in_schema(schema: &Schema) -> Vec<(&Ident, &Self)> {
        Alert::map(schema).iter().collect()
    }

    fn row(_: &Catalog, entry: &Entry<'_, Self>) -> Vec<Option<String>> {
        let a = entry.object;
        vec![
            stamp(a.meta.created_on),
            text(entry.name.as_str()),
            text(entry.database.as_str()),
            text(entry.schema.as_str()),
            text(a.meta.owner.clone()),
            comment(&a.meta.comment),
            a.warehouse.as_ref().map(|w| w.as_str().to_string()),
            a.schedule.clone(),
            text(if a.started { "started" } else { "suspended" }),
            text(a.condition.clone()),
            text(a.action.clone()),
            text("ROLE"),
            a.runbook.clone(),
            a.config.clone(),
            None,
        ]
    }
}

/// DESCRIBE ALERT (https://docs.snowflake.com/en/sql-reference/sql/desc-alert): the SHOW
/// ALERTS columns for the one alert.
impl DescribeRows for Alert {
    fn describe(catalog: &Catalog, entry: &Entry<'_, Self>) -> QueryResult {
        render(catalog, std::slice::from_ref(entry))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::statement::parser::read_all;

    fn create(sql: &str) -> Result<AlertBody, SqlError> {
        read_all(sql, Alert::parse_create)
    }

    fn alter(sql: &str) -> Result<AlertAlter, SqlError> {
        read_all(sql, Alert::parse_alter)
    }

    #[test]
    fn create_reads_the_properties_then_if_exists_then_the_action() {
        let body = create(
            "warehouse = wh schedule = '5 minute' comment = 'c' \
             if (exists (select 1 from t where (x > 1))) then call system$send_email('I', 'a@b.c', 's', 'b');",
        )
        .unwrap();
        assert_eq!(body.schedule.as_deref(), Some("5 minute"));
        assert_eq!(body.condition, "select 1 from t where (x > 1)");
        assert_eq!(
            body.action,
            "call system$send_email('I', 'a@b.c', 's', 'b')"
        );
        // The condition must be a query.
        assert_eq!(
            create("if (exists (delete from t)) then select 1")
                .unwrap_err()
                .code,
            "001003"
        );
        assert_eq!(
            create("if (exists (select 1)) then").unwrap_err().code,
            "001003"
        );
        assert_eq!(
            create("schedule = 'often' if (exists (select 1)) then select 1")
                .unwrap_err()
                .code,
            "002029"
        );
    }

    #[test]
    fn alter_reads_each_documented_action() {
        assert_eq!(alter("resume").unwrap(), AlertAlter::Resume);
        assert_eq!(alter("suspend").unwrap(), AlertAlter::Suspend);
        assert_eq!(
            alter("modify condition exists (select 2)").unwrap(),
            AlertAlter::Condition("select 2".into())
        );
        assert_eq!(
            alter("modify action select 3").unwrap(),
            AlertAlter::Action("select 3".into())
        );
        assert_eq!(
            alter("unset warehouse, comment").unwrap(),
            AlertAlter::Unset(vec!["WAREHOUSE".into(), "COMMENT".into()])
        );
        assert_eq!(alter("unset schedule").unwrap_err().code, "001008");
        assert_eq!(
            alter("modify condition exists (insert into t values (1))")
                .unwrap_err()
                .code,
            "001003"
        );
        assert_eq!(alter("set").unwrap_err().code, "001003");
    }
}
