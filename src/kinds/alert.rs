//! A Snowflake alert: `[[alert]]` with `warehouse` (serverless when omitted), `schedule`,
//! `condition` (a query: the alert fires when it returns rows), `action` (one statement),
//! `state` and `comment` (https://docs.snowflake.com/en/sql-reference/sql/create-alert).
//!
//! What Snowflake lets change in place
//! (https://docs.snowflake.com/en/sql-reference/sql/alter-alert):
//! * `SET WAREHOUSE` / `UNSET WAREHOUSE` (serverless), `SET SCHEDULE`, `SET` / `UNSET
//!   COMMENT`;
//! * `MODIFY CONDITION EXISTS (<query>)` and `MODIFY ACTION <statement>`;
//! * a schedule cannot be added to an alert created without one (an "alert on new data")
//!   nor removed from a scheduled one (https://docs.snowflake.com/en/user-guide/alerts):
//!   that change recreates the alert (`CREATE OR REPLACE`), which loses its history.
//!
//! State is handled like a task's: an alert is created suspended, and a change to a
//! started alert is made between `ALTER ALERT … SUSPEND` and `… RESUME`, once per alert,
//! by `plan::task_graphs` (the ALTER ALERT page does not require the suspend; lakeform
//! takes it, as the Terraform provider does, so an alert never fires half-changed). The
//! diff only shows the state.
//!
//! Read-back (`SHOW ALERTS IN DATABASE d`,
//! https://docs.snowflake.com/en/sql-reference/sql/show-alerts): `condition` is the query
//! inside `EXISTS (…)`, `action` the statement, `state` `started` / `suspended` in lower
//! case, `schedule` as written.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{DiffCx, ObjectKind};
use crate::config::names::NameScope;
use crate::config::queries::{SqlForm, SqlText};
use crate::config::resolve::{Ctx, Declared, common_keys};
use crate::config::schema_file::object_entry;
use crate::import::entry::{Entry, Writer};
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::kinds::task::TaskState;
use crate::kinds::task::entry::{Statement, statement};
use crate::kinds::view::entry::query_relations;
use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::model::schedule::Schedule;
use crate::model::{Address, Derived, Kind, Object, Resource};
use crate::plan::Tier;
use crate::plan::diff::{DiffError, Edits, comment};
use crate::providers::snowflake::introspect::record::Record;
use crate::providers::snowflake::introspect::{IntrospectError, Listing};
use crate::sql::fragment::Fragment;
use crate::sql::quote::{comment_clause, literal};
use crate::sql::{CanonicalSql, tokenize};

/// An alert, in canonical form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    pub name: ObjectName,
    /// `None` for a serverless alert.
    pub warehouse: Option<Ident>,
    /// `None` for an alert on new data.
    pub schedule: Option<Schedule>,
    /// The query inside `IF (EXISTS (…))`.
    pub condition: CanonicalSql,
    /// The statement after `THEN`.
    pub action: CanonicalSql,
    pub state: TaskState,
    pub comment: Option<String>,
    /// What the condition and action refer to, resolved by the configuration; derived, so
    /// it takes no part in equality.
    #[serde(default)]
    pub uses: Derived<Vec<Address>>,
}

impl Resource for Alert {
    fn address(&self) -> Address {
        Address::new(Kind::Alert, &self.name)
    }

    fn schema(&self) -> Option<SchemaName> {
        Some(self.name.schema_name())
    }

    fn references(&self) -> Vec<Address> {
        let mut refs = vec![Address::new(Kind::Schema, self.name.schema_name())];
        refs.extend(
            self.warehouse
                .iter()
                .map(|w| Address::new(Kind::Warehouse, w)),
        );
        refs.extend(self.uses.iter().cloned());
        refs
    }
}

object_entry! {
    /// `[[alert]]`.
    RawAlert {
        /// The warehouse the condition and action run on; serverless when omitted.
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        warehouse: Option<Spanned<String>>,
        /// "USING CRON <5 fields> <time zone>" or "<n> MINUTE"; omitted for an alert on
        /// new data.
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        schedule: Option<Spanned<String>>,
        /// A query: the alert fires when it returns at least one row.
        #[schemars(with = "String")]
        condition: Spanned<String>,
        /// One SQL statement, e.g. CALL SYSTEM$SEND_EMAIL(…).
        #[schemars(with = "String")]
        action: Spanned<String>,
        #[serde(default)]
        state: TaskState,
    }
}

/// One in-place change of an alert.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum AlertChange {
    /// `None` makes the alert serverless.
    Warehouse(Option<Ident>),
    Schedule(Schedule),
    Condition(CanonicalSql),
    Action(CanonicalSql),
    Suspend,
    Resume,
}

/// `ALTER ALERT <name> …` for one change.
pub(crate) fn alter(name: &ObjectName, change: &AlertChange) -> String {
    let target = format!("ALTER ALERT {name}");
    match change {
        AlertChange::Warehouse(Some(w)) => format!("{target} SET WAREHOUSE = {w}"),
        AlertChange::Warehouse(None) => format!("{target} UNSET WAREHOUSE"),
        AlertChange::Schedule(s) => {
            format!("{target} SET SCHEDULE = {}", literal(&s.to_string()))
        }
        AlertChange::Condition(q) => {
            format!("{target} MODIFY CONDITION EXISTS ({})", trimmed(q))
        }
        AlertChange::Action(a) => format!("{target} MODIFY ACTION {}", trimmed(a)),
        AlertChange::Suspend => format!("{target} SUSPEND"),
        AlertChange::Resume => format!("{target} RESUME"),
    }
}

/// The SQL text up to its last significant token, without trailing `;`: a `;` would end
/// the statement it is embedded in, and a trailing `-- comment` would swallow the `))
/// THEN …` that follows the condition.
fn trimmed(sql: &CanonicalSql) -> &str {
    let text = sql.text();
    let Ok(tokens) = tokenize(text) else {
        return text.trim();
    };
    let end = tokens
        .iter()
        .rev()
        .find(|t| !t.is_trivia() && !t.is_symbol(";"))
        .map_or(0, |t| t.end);
    text.get(..end).unwrap_or(text).trim()
}

impl ObjectKind for Alert {
    const SQL_KEYWORD: &'static str = "ALERT";
    const SCHEMA_LEVEL: bool = true;
    type Raw = RawAlert;

    fn resolve(raw: RawAlert, ctx: &mut Ctx<'_>) -> Option<Declared> {
        let scope = ctx.scope.clone();
        let name = ctx.object_name(&raw.name, &scope, "alert")?;
        let own_scope = NameScope::of(&name.schema_name());
        let mut valid = true;
        let mut sites = Vec::new();
        let warehouse = raw.warehouse.as_ref().and_then(|w| {
            let ident = ctx.ident(w, "warehouse");
            valid &= ident.is_some();
            ident.inspect(|i| sites.push((Address::new(Kind::Warehouse, i), ctx.locate(w))))
        });
        let schedule = raw.schedule.as_ref().and_then(|s| {
            let parsed = Schedule::parse(s.get_ref())
                .map_err(|e| {
                    ctx.error(s, e.to_string());
                })
                .ok();
            valid &= parsed.is_some();
            parsed
        });
        // The condition is `IF (EXISTS (<query>))`: lakeform writes the query, which must
        // be exactly one query.
        let mut relations = Vec::new();
        if raw.condition.get_ref().trim().is_empty() {
            ctx.error(&raw.condition, "an alert needs a condition query");
            valid = false;
        } else if ctx.sql_fragment(&raw.condition, "alert condition", Fragment::Query) {
            match query_relations(ctx, &raw.condition, &own_scope, &format!("alert {name}")) {
                Some(found) => relations.extend(found),
                None => valid = false,
            }
        } else {
            valid = false;
        }
        let mut uses = Vec::new();
        let mut soft_names = Vec::new();
        let out = Statement {
            uses: &mut uses,
            sites: &mut sites,
            relations: &mut relations,
            soft_names: &mut soft_names,
        };
        valid &= statement(&raw.action, "alert", &own_scope, ctx, out);
        uses.sort();
        uses.dedup();
        if !valid {
            return None;
        }
        let text = |value: &Spanned<String>, form: SqlForm| SqlText {
            form,
            text: value.get_ref().clone(),
            file: ctx.file.path().to_path_buf(),
            span: value.span(),
            schema: name.schema_name(),
        };
        let sql = [
            text(&raw.condition, SqlForm::Statement),
            text(&raw.action, SqlForm::Statement),
        ];
        let alert = Alert {
            name: name.clone(),
            warehouse,
            schedule,
            condition: CanonicalSql::new(raw.condition.get_ref().as_str()),
            action: CanonicalSql::new(raw.action.get_ref().as_str()),
            state: raw.state,
            comment: raw.comment.clone(),
            uses: uses.into(),
        };
        let mut declared = ctx.declare(alert, common_keys!(raw));
        declared.sites.extend(sites);
        declared.relations = relations;
        declared.soft_names = soft_names;
        declared.sql.extend(sql);
        Some(declared)
    }

    fn diff(live: &Alert, desired: &Alert, _cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        let mut e = Edits::default();
        let alter = |change| alter(&desired.name, &change);
        let object = Object::Alert(desired.clone());
        if live.schedule.is_some() != desired.schedule.is_some() {
            e.compare_option("schedule", &live.schedule, &desired.schedule);
            e.compare_option("warehouse", &live.warehouse, &desired.warehouse);
            sql_attribute(&mut e, "condition", &live.condition, &desired.condition);
            sql_attribute(&mut e, "action", &live.action, &desired.action);
            e.compare_option("comment", &live.comment, &desired.comment);
            e.compare("state", &live.state, &desired.state);
            e.replace(
                "an alert on new data cannot become scheduled, nor a scheduled alert one on new data: the alert is created again",
            );
            e.raise(
                Tier::Safe,
                "the recreated alert starts with no history of its runs",
            );
            e.sql(desired.create_sql(CreateMode::Replace)?);
            return Ok(e);
        }
        if e.compare_option("warehouse", &live.warehouse, &desired.warehouse) {
            e.sql(alter(AlertChange::Warehouse(desired.warehouse.clone())));
        }
        if let Some(schedule) = &desired.schedule
            && e.compare_option("schedule", &live.schedule, &desired.schedule)
        {
            e.sql(alter(AlertChange::Schedule(schedule.clone())));
        }
        if sql_attribute(&mut e, "condition", &live.condition, &desired.condition) {
            e.sql(alter(AlertChange::Condition(desired.condition.clone())));
        }
        if sql_attribute(&mut e, "action", &live.action, &desired.action) {
            e.sql(alter(AlertChange::Action(desired.action.clone())));
        }
        comment(&mut e, &live.comment, &desired.comment, &object)?;
        // The state is shown here; the statements that reach it are the alert's
        // suspend / resume in `plan::task_graphs`.
        e.compare("state", &live.state, &desired.state);
        Ok(e)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        let mut clauses = String::new();
        if let Some(schedule) = &self.schedule {
            clauses.push_str(&format!(" SCHEDULE = {}", literal(&schedule.to_string())));
        }
        if let Some(warehouse) = &self.warehouse {
            clauses.push_str(&format!(" WAREHOUSE = {warehouse}"));
        }
        clauses.push_str(&comment_clause(self.comment.as_deref()));
        Ok(format!(
            "{} ALERT {}{clauses} IF (EXISTS ({})) THEN {}",
            mode.verb(),
            self.name,
            trimmed(&self.condition),
            trimmed(&self.action)
        ))
    }

    /// `SHOW ALERTS IN DATABASE d`, paged: it errors past 10,000 rows without `LIMIT`
    /// (https://docs.snowflake.com/en/sql-reference/sql/show-alerts).
    fn listing(database: &Ident) -> Option<Listing> {
        Some(Listing::InDatabase("ALERTS", database.clone()))
    }

    fn parse_row(record: &Record<'_>) -> Result<Option<Self>, IntrospectError> {
        parse(record).map(Some)
    }

    fn import(&self, w: &Writer<'_>, schema: Option<&SchemaName>) -> Entry {
        let mut e = Entry::new("alert");
        e.set("name", w.text(&w.short(&self.name, schema)));
        w.comment(&mut e, &self.comment);
        if let Some(warehouse) = &self.warehouse {
            e.set("warehouse", w.text(&warehouse.to_sql()));
        }
        if let Some(schedule) = &self.schedule {
            e.set("schedule", w.text(&schedule.to_string()));
        }
        if self.state == TaskState::Started {
            e.set("state", w.text("started"));
        }
        e.set("condition", w.sql(self.condition.text()));
        e.set("action", w.sql(self.action.text()));
        e
    }
}

/// Compares one SQL attribute token by token, recording it when it differs.
fn sql_attribute(e: &mut Edits, name: &str, live: &CanonicalSql, desired: &CanonicalSql) -> bool {
    let differs = live != desired;
    if differs {
        e.attribute(
            name,
            Some(live.text().trim().to_string()),
            Some(desired.text().trim().to_string()),
        );
    }
    differs
}

/// The query of a condition as SHOW ALERTS may report it: bare, or still inside `EXISTS
/// (…)` or `IF (EXISTS (…))` (the docs do not show the column's value; both are read).
fn condition_query(text: &str) -> Option<&str> {
    let mut rest = text.trim();
    for word in ["IF", "EXISTS"] {
        let tokens = tokenize(rest).ok()?;
        let mut significant = tokens.iter().filter(|t| !t.is_trivia());
        let Some(first) = significant.next() else {
            return Some(rest);
        };
        if !first.is_keyword(word) {
            continue;
        }
        let open = significant.next().filter(|t| t.is_symbol("("))?;
        let close = tokens
            .iter()
            .rev()
            .find(|t| !t.is_trivia())
            .filter(|t| t.is_symbol(")"))?;
        rest = rest.get(open.end..close.start)?.trim();
    }
    Some(rest)
}

/// One row of SHOW ALERTS, read by column name.
fn parse(record: &Record<'_>) -> Result<Alert, IntrospectError> {
    let schedule = match record.optional("schedule")? {
        None => None,
        Some(text) => Some(
            Schedule::parse(text).map_err(|e| record.invalid("schedule", text, e.to_string()))?,
        ),
    };
    let state_text = record.required("state")?;
    let state = match state_text.to_ascii_lowercase().as_str() {
        "started" => TaskState::Started,
        "suspended" => TaskState::Suspended,
        _ => return Err(record.invalid("state", state_text, "is not started or suspended")),
    };
    let condition_text = record.required("condition")?;
    let condition = condition_query(condition_text)
        .ok_or_else(|| record.invalid("condition", condition_text, "is not a query"))?;
    Ok(Alert {
        name: record.object_name("database_name", "schema_name", "name")?,
        warehouse: record.optional("warehouse")?.map(Ident::from_stored),
        schedule,
        condition: CanonicalSql::new(condition),
        action: CanonicalSql::new(record.required("action")?),
        state,
        comment: record.comment()?,
        uses: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Action;
    use crate::providers::snowflake::introspect::record::fixture::row;

    fn alert() -> Alert {
        Alert {
            name: ObjectName::parse("PR.GOLD.REVENUE_DROP").unwrap(),
            warehouse: Some(Ident::from_stored("COMPUTE_WH")),
            schedule: Some(Schedule::parse("USING CRON 0 6 * * * UTC").unwrap()),
            condition: CanonicalSql::new("SELECT 1 FROM PR.GOLD.DAILY WHERE X < 1"),
            action: CanonicalSql::new("CALL SYSTEM$SEND_EMAIL('E', 'a@b.c', 'low', 'revenue');"),
            state: TaskState::Started,
            comment: Some("drop".into()),
            uses: Default::default(),
        }
    }

    fn diff(live: &Alert, desired: &Alert) -> Edits {
        crate::kinds::diff_in_test(live, desired)
    }

    fn statements(e: &Edits) -> Vec<String> {
        e.steps.iter().map(|s| s.describe()).collect()
    }

    #[test]
    fn create_writes_the_documented_clauses_in_order() {
        assert_eq!(
            alert().create_sql(CreateMode::Create).unwrap(),
            "CREATE ALERT PR.GOLD.REVENUE_DROP SCHEDULE = 'USING CRON 0 6 * * * UTC' WAREHOUSE = COMPUTE_WH COMMENT = 'drop' IF (EXISTS (SELECT 1 FROM PR.GOLD.DAILY WHERE X < 1)) THEN CALL SYSTEM$SEND_EMAIL('E', 'a@b.c', 'low', 'revenue')"
        );
        let serverless = Alert {
            warehouse: None,
            comment: None,
            ..alert()
        };
        assert_eq!(
            serverless.create_sql(CreateMode::Replace).unwrap(),
            "CREATE OR REPLACE ALERT PR.GOLD.REVENUE_DROP SCHEDULE = 'USING CRON 0 6 * * * UTC' IF (EXISTS (SELECT 1 FROM PR.GOLD.DAILY WHERE X < 1)) THEN CALL SYSTEM$SEND_EMAIL('E', 'a@b.c', 'low', 'revenue')"
        );
    }

    #[test]
    fn condition_action_warehouse_and_schedule_change_in_place() {
        let mut desired = alert();
        desired.warehouse = None;
        desired.schedule = Some(Schedule::parse("60 MINUTE").unwrap());
        desired.condition = CanonicalSql::new("SELECT 2");
        desired.action = CanonicalSql::new("SELECT 3");
        desired.state = TaskState::Suspended;
        let e = diff(&alert(), &desired);
        assert_eq!((e.action, e.tier), (Action::Update, Tier::Safe));
        assert_eq!(
            statements(&e),
            [
                "ALTER ALERT PR.GOLD.REVENUE_DROP UNSET WAREHOUSE",
                "ALTER ALERT PR.GOLD.REVENUE_DROP SET SCHEDULE = '60 MINUTE'",
                "ALTER ALERT PR.GOLD.REVENUE_DROP MODIFY CONDITION EXISTS (SELECT 2)",
                "ALTER ALERT PR.GOLD.REVENUE_DROP MODIFY ACTION SELECT 3",
            ]
        );
        // The state is an attribute; its statements are the alert's resume / suspend.
        assert!(e.attributes.iter().any(|a| a.name.as_str() == "state"));
        // A trailing comment or `;` is not written into the middle of the statement.
        let mut commented = alert();
        commented.condition = CanonicalSql::new("SELECT 2 -- fires when any row;\n;");
        assert_eq!(
            alter(
                &commented.name,
                &AlertChange::Condition(commented.condition.clone())
            ),
            "ALTER ALERT PR.GOLD.REVENUE_DROP MODIFY CONDITION EXISTS (SELECT 2)"
        );
        let mut reformatted = alert();
        reformatted.condition = CanonicalSql::new("select 1\nfrom PR.GOLD.DAILY where x < 1");
        assert!(diff(&alert(), &reformatted).is_empty());
    }

    #[test]
    fn scheduling_an_alert_on_new_data_recreates_it() {
        let mut live = alert();
        live.schedule = None;
        let e = diff(&live, &alert());
        assert_eq!(e.action, Action::Replace);
        assert!(statements(&e)[0].starts_with("CREATE OR REPLACE ALERT PR.GOLD.REVENUE_DROP"));
    }

    #[test]
    fn show_rows_are_read_by_column_name() {
        let rows = row(&[
            ("created_on", Some("2026-12-06 08:00:00.000 -0800")),
            ("name", Some("REVENUE_DROP")),
            ("database_name", Some("PR")),
            ("schema_name", Some("GOLD")),
            ("owner", Some("SYSADMIN")),
            ("comment", Some("drop")),
            ("warehouse", Some("COMPUTE_WH")),
            ("schedule", Some("USING CRON 0 6 * * * UTC")),
            ("state", Some("started")),
            ("condition", Some("SELECT 1 FROM PR.GOLD.DAILY WHERE X < 1")),
            (
                "action",
                Some("CALL SYSTEM$SEND_EMAIL('E', 'a@b.c', 'low', 'revenue')"),
            ),
        ]);
        let record = Record::new(rows.rows().next().unwrap(), Kind::Alert);
        let parsed = parse(&record).unwrap();
        assert_eq!(parsed, alert());
        assert_eq!(
            condition_query("IF( EXISTS( select 1 from t ))"),
            Some("select 1 from t")
        );
        assert_eq!(condition_query("EXISTS (select (1))"), Some("select (1)"));
        assert_eq!(condition_query("select 1"), Some("select 1"));
        let bad = row(&[
            ("name", Some("A")),
            ("database_name", Some("PR")),
            ("schema_name", Some("GOLD")),
            ("state", Some("running")),
            ("condition", Some("select 1")),
            ("action", Some("select 1")),
        ]);
        let record = Record::new(bad.rows().next().unwrap(), Kind::Alert);
        assert!(parse(&record).is_err());
    }
}
