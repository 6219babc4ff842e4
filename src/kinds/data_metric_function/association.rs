//! Data metrics on tables and views: `data_metric_schedule` and `data_metrics = [{
//! function = "SNOWFLAKE.CORE.NULL_COUNT", on = ["EMAIL"], expectations = { no_nulls =
//! "VALUE = 0" } }]`, resolved, checked, diffed and read back. The table and view kinds
//! call in here, so their own modules only carry the field.
//!
//! What Snowflake does (https://docs.snowflake.com/en/sql-reference/sql/alter-table, "Data
//! metric function actions"; the same clauses on
//! https://docs.snowflake.com/en/sql-reference/sql/alter-view):
//! * `SET DATA_METRIC_SCHEDULE = '<n> MINUTE' | 'USING CRON <expr> <tz>' |
//!   'TRIGGER_ON_CHANGES'`: one schedule per object for every DMF on it. Since bundle
//!   2025_07 every table and view has a default schedule of one hour and `UNSET` resets
//!   to it (https://docs.snowflake.com/en/release-notes/bcr-bundles/2025_07/bcr-2101);
//!   before it a schedule had to be set before a DMF was added, so the plan still sets a
//!   declared schedule before it adds. `data_metric_schedule` left out leaves the schedule
//!   unmanaged. TRIGGER_ON_CHANGES is for tables only. The plan never writes `UNSET` (on
//!   accounts without the bundle it suspends every DMF instead);
//! * `ADD DATA METRIC FUNCTION f ON (c, …) [ EXPECTATION e (expr), … ]` and `DROP DATA
//!   METRIC FUNCTION f ON (c, …)`: an association is the function with its columns (`ON
//!   ()` for a table-level metric such as ROW_COUNT), so the same function on other
//!   columns is another association;
//! * `MODIFY DATA METRIC FUNCTION f ON (c, …) { ADD | MODIFY } EXPECTATION e (expr)` and
//!   `… DROP EXPECTATION e`: expectations change in place
//!   (https://docs.snowflake.com/en/user-guide/data-quality-expectations).
//!
//! Omitted `data_metrics` means lakeform does not manage the object's data metrics: they
//! are not read (as `tags`); `data_metrics = []` declares none, and one added by hand then
//! shows in drift and is dropped by the next plan. They are read only for the objects
//! that declare them, with two queries each, run concurrently:
//! `INFORMATION_SCHEMA.DATA_METRIC_FUNCTION_REFERENCES(REF_ENTITY_NAME => …,
//! REF_ENTITY_DOMAIN => …)` (https://docs.snowflake.com/en/sql-reference/functions/data_metric_function_references)
//! gives the associations and the schedule ("always the most recent and effective
//! schedule"), and `DATA_METRIC_FUNCTION_EXPECTATIONS` with the same arguments
//! (https://docs.snowflake.com/en/sql-reference/functions/data_metric_function_expectations)
//! their expectations, joined on `REF_ID`. No INFORMATION_SCHEMA source lists them per
//! database, and the ACCOUNT_USAGE views lag. The schedule is only reported with the
//! associations it runs, which is why a schedule is declared together with data metrics.
//! The references' column names differ between the documentation and a live account
//! (`REF_DATABASE_NAME` / `REF_ENTITY_DATABASE_NAME`, `ARGUMENT_SIGNATURE` /
//! `METRIC_SIGNATURE`): the query selects `*` and reads only the columns both spellings
//! share (the metric's names, `REF_ARGUMENTS`, `REF_ID`, `SCHEDULE`), by name.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::config::diagnostic::Diagnostic;
use crate::config::names::NameScope;
use crate::config::resolve::{Ctx, Declared};
use crate::config::source::Location;
use crate::kinds::DiffCx;
use crate::model::data_metric::{MetricSchedule, system_function};
use crate::model::identifier::{Ident, ObjectName};
use crate::model::{Address, Kind, Object, Resource};
use crate::plan::diff::Edits;
use crate::providers::snowflake::introspect::record::Record;
use crate::providers::snowflake::introspect::united::{Answers, Batch, Query, Ticket};
use crate::providers::snowflake::introspect::{IntrospectError, MetricScope};
use crate::providers::snowflake::result_set::ResultSet;
use crate::sql::CanonicalSql;
use crate::sql::fragment::Fragment;
use crate::sql::quote::literal;

/// The data metrics of a table or view.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataQuality {
    /// `None`: not declared (desired), or no association to report it (live).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<MetricSchedule>,
    /// Sorted by function and columns.
    pub metrics: Vec<DataMetric>,
}

/// One association: a data metric function on columns, with its expectations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataMetric {
    pub function: ObjectName,
    /// Empty for a table-level metric (`ON ()`).
    pub on: Vec<Ident>,
    /// Each expectation's name and boolean expression over `VALUE`.
    #[serde(default)]
    pub expectations: BTreeMap<Ident, CanonicalSql>,
}

impl DataMetric {
    fn same_association(&self, other: &DataMetric) -> bool {
        self.function == other.function && self.on == other.on
    }

    /// `f ON (c, …)`.
    fn target(&self) -> String {
        let on: Vec<String> = self.on.iter().map(ToString::to_string).collect();
        format!("{} ON ({})", self.function, on.join(", "))
    }

    /// Whether the function is a custom one (a `[[data_metric_function]]`).
    fn is_custom(&self) -> bool {
        system_function(
            self.function.database.as_str(),
            self.function.schema.as_str(),
            self.function.name.as_str(),
        )
        .is_none()
    }
}

impl std::fmt::Display for DataMetric {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.target())?;
        for (name, expression) in &self.expectations {
            write!(f, " {name} ({})", expression.text())?;
        }
        Ok(())
    }
}

impl DataQuality {
    /// The custom data metric functions used: the object depends on them.
    pub(crate) fn references(&self) -> impl Iterator<Item = Address> + '_ {
        self.metrics
            .iter()
            .filter(|m| m.is_custom())
            .map(|m| Address::new(Kind::DataMetricFunction, &m.function))
    }

    fn shown(&self) -> String {
        let metrics: Vec<String> = self.metrics.iter().map(ToString::to_string).collect();
        format!("[{}]", metrics.join("; "))
    }
}

/// One entry of `data_metrics`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDataMetric {
    /// `SNOWFLAKE.CORE.NULL_COUNT`, or a `[[data_metric_function]]` (its name in the
    /// object's schema, or DATABASE.SCHEMA.NAME).
    #[schemars(with = "String")]
    pub(crate) function: Spanned<String>,
    /// The columns it runs on; `[]` (the default) for a table-level metric (ROW_COUNT).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub(crate) on: Vec<Spanned<String>>,
    /// Expectations: `{ no_nulls = "VALUE = 0" }`, each a boolean expression over VALUE.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub(crate) expectations: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// Resolves an object's `data_metric_schedule` and `data_metrics`. `kind` is the table or
/// view; `columns`, the table's declared columns (checked here; a view's columns come
/// from its query). `Err` after reporting a problem; `Ok(None)` when not declared.
pub(crate) fn resolve(
    schedule: Option<&Spanned<String>>,
    metrics: Option<&Vec<RawDataMetric>>,
    object: &ObjectName,
    kind: Kind,
    columns: Option<&[Ident]>,
    ctx: &mut Ctx<'_>,
    sites: &mut BTreeMap<Address, Location>,
) -> Result<Option<DataQuality>, ()> {
    let mut valid = true;
    let parsed_schedule = match schedule {
        None => None,
        Some(raw) => match MetricSchedule::parse(raw.get_ref()) {
            // "TRIGGER_ON_CHANGES … is not supported for views"
            // (https://docs.snowflake.com/en/sql-reference/sql/alter-view).
            Ok(MetricSchedule::TriggerOnChanges) if kind == Kind::View => {
                ctx.error(raw, "TRIGGER_ON_CHANGES runs data metrics after DML on a table; a view takes a schedule in minutes or cron")
                    .help = Some("data_metric_schedule = \"60 MINUTE\"".into());
                valid = false;
                None
            }
            Ok(s) => Some(s),
            Err(e) => {
                ctx.error(raw, e).help = Some(
                    "\"60 MINUTE\" (5, 15, 30, 60, 720 or 1440), \"USING CRON 0 8 * * * UTC\" or \"TRIGGER_ON_CHANGES\""
                        .into(),
                );
                valid = false;
                None
            }
        },
    };
    let Some(raw_metrics) = metrics else {
        if let Some(raw) = schedule {
            ctx.error(raw, "a data metric schedule runs data metrics: declare data_metrics with it")
                .help = Some("Snowflake reports the schedule only with the data metrics it runs, so lakeform reads it from them".into());
            return Err(());
        }
        return if valid { Ok(None) } else { Err(()) };
    };
    if let (Some(raw), true) = (schedule, raw_metrics.is_empty()) {
        ctx.error(
            raw,
            "a data metric schedule with no data metrics cannot be read back",
        )
        .help = Some("Snowflake reports the schedule only with the data metrics it runs".into());
        valid = false;
    }
    let scope = NameScope::of(&object.schema_name());
    let mut resolved: Vec<DataMetric> = Vec::new();
    for raw in raw_metrics {
        let Some(metric) = resolve_metric(raw, &scope, columns, ctx, sites) else {
            valid = false;
            continue;
        };
        if resolved.iter().any(|m| m.same_association(&metric)) {
            ctx.error(
                &raw.function,
                format!("{} is declared twice", metric.target()),
            );
            valid = false;
            continue;
        }
        resolved.push(metric);
    }
    if !valid {
        return Err(());
    }
    resolved.sort_by(|a, b| (&a.function, &a.on).cmp(&(&b.function, &b.on)));
    Ok(Some(DataQuality {
        schedule: parsed_schedule,
        metrics: resolved,
    }))
}

fn resolve_metric(
    raw: &RawDataMetric,
    scope: &NameScope,
    columns: Option<&[Ident]>,
    ctx: &mut Ctx<'_>,
    sites: &mut BTreeMap<Address, Location>,
) -> Option<DataMetric> {
    let function = match scope.object_name(raw.function.get_ref()) {
        Ok(f) => f,
        Err(e) => {
            ctx.error(
                &raw.function,
                format!("invalid data metric function name: {e}"),
            )
            .help = Some("SNOWFLAKE.CORE.NULL_COUNT, or a [[data_metric_function]]".into());
            return None;
        }
    };
    let mut valid = true;
    let mut on = Vec::new();
    for column in &raw.on {
        let Some(name) = ctx.ident(column, "column") else {
            valid = false;
            continue;
        };
        if let Some(known) = columns
            && !known.contains(&name)
        {
            let listed: Vec<String> = known.iter().map(ToString::to_string).collect();
            ctx.error(column, format!("unknown column {name}")).help =
                Some(format!("the table's columns: {}", listed.join(", ")));
            valid = false;
        }
        on.push(name);
    }
    let system = system_function(
        function.database.as_str(),
        function.schema.as_str(),
        function.name.as_str(),
    );
    match system {
        Some(accepts) if !accepts.accepts(on.len()) => {
            ctx.error(
                &raw.function,
                format!(
                    "{function} is added on {}, not {} column(s)",
                    accepts.describe(),
                    on.len()
                ),
            );
            valid = false;
        }
        Some(_) => {}
        None if (function.database.as_str(), function.schema.as_str())
            == crate::model::data_metric::SYSTEM_SCHEMA =>
        {
            ctx.error(
                &raw.function,
                format!("{function} is not a system data metric function lakeform knows"),
            )
            .help = Some(
                "https://docs.snowflake.com/en/user-guide/data-quality-system-dmfs lists them"
                    .into(),
            );
            valid = false;
        }
        None => {
            sites.insert(
                Address::new(Kind::DataMetricFunction, &function),
                ctx.locate(&raw.function),
            );
        }
    }
    let mut expectations = BTreeMap::new();
    for (name, expression) in &raw.expectations {
        let name = ctx.ident(name, "expectation");
        valid &= ctx.sql_fragment(expression, "expectation", Fragment::Expression);
        if let Some(name) = name {
            expectations.insert(name, CanonicalSql::new(expression.get_ref().trim()));
        } else {
            valid = false;
        }
    }
    valid.then_some(DataMetric {
        function,
        on,
        expectations,
    })
}

/// Checks every declared table's and view's custom data metrics against the declared
/// data metric functions: as many columns as the function's table argument, of the same
/// types ("the column types must match the DMF signature",
/// https://docs.snowflake.com/en/sql-reference/sql/alter-table). A view's column types
/// are not declared, so only their number is checked there.
pub(crate) fn check(declared: &[Declared], diagnostics: &mut Vec<Diagnostic>) {
    let functions: BTreeMap<Address, &Object> = declared
        .iter()
        .filter(|d| matches!(d.object, Object::DataMetricFunction(_)))
        .map(|d| (d.object.address(), &d.object))
        .collect();
    for entry in declared {
        let (quality, columns) = match &entry.object {
            Object::Table(t) => (t.data_quality.as_ref(), Some(&t.columns)),
            Object::View(v) => (v.data_quality.as_ref(), None),
            _ => continue,
        };
        for metric in quality.iter().flat_map(|q| &q.metrics) {
            let address = Address::new(Kind::DataMetricFunction, &metric.function);
            let Some(Object::DataMetricFunction(f)) = functions.get(&address) else {
                continue;
            };
            let at = entry.sites.get(&address).unwrap_or(&entry.at).clone();
            if f.columns.len() != metric.on.len() {
                diagnostics.push(Diagnostic::at(
                    at,
                    format!(
                        "data metric function {} takes {} column(s), but `on` lists {}",
                        metric.function,
                        f.columns.len(),
                        metric.on.len()
                    ),
                ));
                continue;
            }
            let Some(columns) = columns else {
                continue;
            };
            for (name, argument) in metric.on.iter().zip(&f.columns) {
                if let Some(c) = columns.iter().find(|c| &c.name == name)
                    && c.data_type.generic() != argument.data_type.generic()
                {
                    diagnostics.push(Diagnostic::at(
                        at.clone(),
                        format!(
                            "column {name} is {}, but data metric function {} takes {} for {}",
                            c.data_type, metric.function, argument.data_type, argument.name
                        ),
                    ));
                }
            }
        }
    }
}

/// `ALTER TABLE t SET DATA_METRIC_SCHEDULE = '…'`.
fn schedule_statement(kind: Kind, object: &ObjectName, schedule: &MetricSchedule) -> String {
    format!(
        "ALTER {} {object} SET DATA_METRIC_SCHEDULE = {}",
        kind.sql_keyword(),
        literal(&schedule.to_string())
    )
}

/// `ALTER TABLE t ADD DATA METRIC FUNCTION f ON (…) [EXPECTATION e (expr), …]`.
pub(crate) fn add_statement(kind: Kind, object: &ObjectName, metric: &DataMetric) -> String {
    let expectations: Vec<String> = metric
        .expectations
        .iter()
        .map(|(name, expression)| format!("{name} ({})", expression.text()))
        .collect();
    let expectations = if expectations.is_empty() {
        String::new()
    } else {
        format!(" EXPECTATION {}", expectations.join(", "))
    };
    format!(
        "ALTER {} {object} ADD DATA METRIC FUNCTION {}{expectations}",
        kind.sql_keyword(),
        metric.target()
    )
}

/// `ALTER TABLE t DROP DATA METRIC FUNCTION f ON (…)`.
pub(crate) fn drop_statement(kind: Kind, object: &ObjectName, metric: &DataMetric) -> String {
    format!(
        "ALTER {} {object} DROP DATA METRIC FUNCTION {}",
        kind.sql_keyword(),
        metric.target()
    )
}

/// The statements giving a new object (created, rebuilt or replaced) its declared data
/// metrics: the schedule first, then each association.
pub(crate) fn create_statements(
    kind: Kind,
    object: &ObjectName,
    quality: Option<&DataQuality>,
) -> Vec<String> {
    let Some(quality) = quality else {
        return Vec::new();
    };
    let mut statements = Vec::new();
    if let Some(schedule) = &quality.schedule {
        statements.push(schedule_statement(kind, object, schedule));
    }
    statements.extend(
        quality
            .metrics
            .iter()
            .map(|m| add_statement(kind, object, m)),
    );
    statements
}

/// Compares an object's data metrics where the desired object declares them, recording
/// the attributes in `e`, and returns the statements in their order: the schedule, the
/// drops, the adds, the expectation changes. `fresh`: the object is new after this change
/// (rebuilt or replaced), so it has none yet. `replaced`: whether the plan gives a custom
/// DMF a new signature — that change drops its associations and adds back those still
/// declared on the same columns (see the module `data_metric_function`).
pub(crate) fn diff(
    e: &mut Edits,
    kind: Kind,
    object: &ObjectName,
    live: Option<&DataQuality>,
    desired: Option<&DataQuality>,
    fresh: bool,
    replaced: &dyn Fn(&ObjectName) -> bool,
) -> Vec<String> {
    let Some(desired) = desired else {
        return Vec::new();
    };
    let empty = DataQuality::default();
    let live = if fresh {
        &empty
    } else {
        live.unwrap_or(&empty)
    };
    let mut statements = Vec::new();
    if let Some(schedule) = &desired.schedule
        && live.schedule.as_ref() != Some(schedule)
    {
        let before = live.schedule.as_ref().map(ToString::to_string);
        e.compare_option("data_metric_schedule", &before, &Some(schedule.to_string()));
        statements.push(schedule_statement(kind, object, schedule));
    }
    let held: Vec<&DataMetric> = live
        .metrics
        .iter()
        .filter(|m| !(m.is_custom() && replaced(&m.function)))
        .collect();
    let wanted: Vec<&DataMetric> = desired
        .metrics
        .iter()
        .filter(|d| {
            !(d.is_custom()
                && replaced(&d.function)
                && live.metrics.iter().any(|l| l.same_association(d)))
        })
        .collect();
    let shown = |metrics: &[&DataMetric]| {
        DataQuality {
            schedule: None,
            metrics: metrics.iter().map(|m| (*m).clone()).collect(),
        }
        .shown()
    };
    if !e.compare("data_metrics", &shown(&held), &shown(&wanted)) {
        return statements;
    }
    for l in &held {
        if !wanted.iter().any(|d| d.same_association(l)) {
            statements.push(drop_statement(kind, object, l));
        }
    }
    for d in &wanted {
        if !held.iter().any(|l| l.same_association(d)) {
            statements.push(add_statement(kind, object, d));
        }
    }
    for d in &wanted {
        let Some(l) = held.iter().find(|l| l.same_association(d)) else {
            continue;
        };
        let modify = format!(
            "ALTER {} {object} MODIFY DATA METRIC FUNCTION {}",
            kind.sql_keyword(),
            d.target()
        );
        for (name, expression) in &d.expectations {
            match l.expectations.get(name) {
                None => statements.push(format!(
                    "{modify} ADD EXPECTATION {name} ({})",
                    expression.text()
                )),
                Some(before) if before != expression => statements.push(format!(
                    "{modify} MODIFY EXPECTATION {name} ({})",
                    expression.text()
                )),
                Some(_) => {}
            }
        }
        let dropped: Vec<String> = l
            .expectations
            .keys()
            .filter(|name| !d.expectations.contains_key(*name))
            .map(ToString::to_string)
            .collect();
        if !dropped.is_empty() {
            statements.push(format!("{modify} DROP EXPECTATION {}", dropped.join(", ")));
        }
    }
    statements
}

/// The live tables and views holding an association on `function`, with it.
pub(crate) fn users(function: &ObjectName, cx: &DiffCx<'_>) -> Vec<(Kind, ObjectName, DataMetric)> {
    let mut found = Vec::new();
    for object in cx.states.live.objects.values() {
        let (kind, name, quality) = match object {
            Object::Table(t) => (Kind::Table, &t.name, t.data_quality.as_ref()),
            Object::View(v) => (Kind::View, &v.name, v.data_quality.as_ref()),
            _ => continue,
        };
        for metric in quality.iter().flat_map(|q| &q.metrics) {
            if &metric.function == function {
                found.push((kind, name.clone(), metric.clone()));
            }
        }
    }
    found
}

/// The desired association on the same function and columns as `held`, when the desired
/// table or view still declares it.
pub(crate) fn still_declared(
    kind: Kind,
    object: &ObjectName,
    held: &DataMetric,
    cx: &DiffCx<'_>,
) -> Option<DataMetric> {
    let address = Address::new(kind, object);
    let quality = match cx.states.desired.objects.get(&address).map(|d| &d.object) {
        Some(Object::Table(t)) => t.data_quality.as_ref(),
        Some(Object::View(v)) => v.data_quality.as_ref(),
        _ => None,
    }?;
    quality
        .metrics
        .iter()
        .find(|d| d.same_association(held))
        .cloned()
}

/// The two queries reading one object's data metrics. The name is a string literal, a
/// quoted identifier in its quotes; the domain is TABLE or VIEW (both pages: "the object
/// type (table, view)").
/// Each selects the columns [`parse`] reads, so it can share a united statement with
/// other functions' queries.
fn queries(kind: Kind, object: &ObjectName) -> [Query; 2] {
    let domain = if kind == Kind::View { "VIEW" } else { "TABLE" };
    let call = |function: &str, columns: &'static [&'static str]| Query {
        columns,
        from: format!(
            "TABLE({}.INFORMATION_SCHEMA.{function}(REF_ENTITY_NAME => {}, REF_ENTITY_DOMAIN => '{domain}'))",
            object.database,
            literal(&object.to_string())
        ),
    };
    [
        call(
            "DATA_METRIC_FUNCTION_REFERENCES",
            &[
                "METRIC_DATABASE_NAME",
                "METRIC_SCHEMA_NAME",
                "METRIC_NAME",
                "REF_ARGUMENTS",
                "SCHEDULE",
                "REF_ID",
            ],
        ),
        call(
            "DATA_METRIC_FUNCTION_EXPECTATIONS",
            &["REF_ID", "EXPECTATION_NAME", "EXPECTATION_EXPRESSION"],
        ),
    ]
}

/// One object's data metrics from its references and expectations rows.
pub(crate) fn parse(
    references: &ResultSet,
    expectations: &ResultSet,
    kind: Kind,
) -> Result<DataQuality, IntrospectError> {
    let mut by_ref: BTreeMap<String, BTreeMap<Ident, CanonicalSql>> = BTreeMap::new();
    for row in expectations.rows() {
        let r = Record::new(row, kind);
        let id = r.required("REF_ID")?.to_string();
        let name = Ident::from_stored(r.required("EXPECTATION_NAME")?.trim_matches('"'));
        let expression = r.required("EXPECTATION_EXPRESSION")?;
        by_ref
            .entry(id)
            .or_default()
            .insert(name, CanonicalSql::new(expression.trim()));
    }
    let mut quality = DataQuality::default();
    for row in references.rows() {
        let r = Record::new(row, kind);
        // Names can come back in double quotes (the Terraform provider trims them).
        let part = |column: &str| -> Result<Ident, IntrospectError> {
            Ok(Ident::from_stored(r.required(column)?.trim_matches('"')))
        };
        let function = ObjectName {
            database: part("METRIC_DATABASE_NAME")?,
            schema: part("METRIC_SCHEMA_NAME")?,
            name: part("METRIC_NAME")?,
        };
        let arguments = r.required("REF_ARGUMENTS")?;
        let on = reference_columns(arguments).ok_or_else(|| {
            r.invalid(
                "REF_ARGUMENTS",
                arguments,
                "is not a JSON array of arguments",
            )
        })?;
        if quality.schedule.is_none()
            && let Some(schedule) = r.optional("SCHEDULE")?
        {
            quality.schedule = Some(
                MetricSchedule::parse(schedule).map_err(|e| r.invalid("SCHEDULE", schedule, &e))?,
            );
        }
        let id = r.optional("REF_ID")?.unwrap_or("").to_string();
        quality.metrics.push(DataMetric {
            function,
            on,
            expectations: by_ref.remove(&id).unwrap_or_default(),
        });
    }
    quality
        .metrics
        .sort_by(|a, b| (&a.function, &a.on).cmp(&(&b.function, &b.on)));
    Ok(quality)
}

/// `[{"domain":"COLUMN","id":"…","name":"EMAIL"}]` → the column names, in order.
fn reference_columns(text: &str) -> Option<Vec<Ident>> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    value
        .as_array()?
        .iter()
        .map(|a| a.get("name")?.as_str().map(Ident::from_stored))
        .collect()
}

/// The data metrics to read: the tables and views of a scope among the objects just
/// listed, by their index, and the tickets of their two queries in the reading's united
/// batch (`introspect::united`).
pub(crate) struct Pending {
    read: Vec<(usize, Kind, [Ticket; 2])>,
}

/// What [`Pending::take`] found: each object's data metrics, by index.
pub(crate) struct Found(Vec<(usize, DataQuality)>);

impl Pending {
    pub(crate) fn new(scope: &MetricScope, objects: &[Object], batch: &mut Batch) -> Pending {
        let mut read = Vec::new();
        for (i, object) in objects.iter().enumerate() {
            let (kind, name) = match object {
                Object::Table(t) => (Kind::Table, &t.name),
                Object::View(v) => (Kind::View, &v.name),
                _ => continue,
            };
            if scope.reads(name, ()).is_some() {
                read.push((i, kind, queries(kind, name).map(|q| batch.add(q))));
            }
        }
        Pending { read }
    }

    /// Each object's metrics from the batch's answers.
    pub(crate) fn take(self, answers: &mut Answers) -> Result<Found, IntrospectError> {
        let mut found = Vec::new();
        for (i, kind, [references, expectations]) in self.read {
            let quality = parse(&answers.take(references), &answers.take(expectations), kind)?;
            found.push((i, quality));
        }
        Ok(Found(found))
    }
}

impl Found {
    /// Writes what was read onto the objects: an object read carries `Some` (empty where
    /// it has none), so a declared `data_metrics = []` sees one added by hand.
    pub(crate) fn write_onto(self, objects: &mut [Object]) {
        for (i, quality) in self.0 {
            match objects.get_mut(i) {
                Some(Object::Table(t)) => t.data_quality = Some(quality),
                Some(Object::View(v)) => v.data_quality = Some(quality),
                _ => {}
            }
        }
    }
}

/// `data_metrics = [ … ]` and `data_metric_schedule` as `import` writes them: function
/// names short against the object's schema, as the entry resolves them.
pub(crate) fn import(
    w: &crate::import::entry::Writer<'_>,
    e: &mut crate::import::entry::Entry,
    object: &ObjectName,
    quality: Option<&DataQuality>,
) {
    // Only what is set: an object read with none stays unmanaged, as it was.
    let Some(quality) = quality.filter(|q| !q.metrics.is_empty()) else {
        return;
    };
    if let Some(schedule) = &quality.schedule {
        e.set("data_metric_schedule", w.text(&schedule.to_string()));
    }
    let own = object.schema_name();
    let metrics: Vec<String> = quality
        .metrics
        .iter()
        .map(|m| {
            let on: Vec<String> = m.on.iter().map(|c| c.to_sql().into_owned()).collect();
            let mut keys = vec![
                (
                    "function".to_string(),
                    w.text(&w.short(&m.function, Some(&own))),
                ),
                ("on".to_string(), w.texts(on.iter().map(String::as_str))),
            ];
            if !m.expectations.is_empty() {
                let expectations: Vec<(String, String)> = m
                    .expectations
                    .iter()
                    .map(|(n, x)| (n.to_sql().into_owned(), w.text(x.text())))
                    .collect();
                keys.push(("expectations".to_string(), w.table(&expectations)));
            }
            format!("  {},\n", w.table(&keys))
        })
        .collect();
    e.set("data_metrics", format!("[\n{}]", metrics.concat()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::snowflake::introspect::record::fixture::result;

    fn metric(function: &str, on: &[&str], expectations: &[(&str, &str)]) -> DataMetric {
        DataMetric {
            function: ObjectName::parse(function).unwrap(),
            on: on.iter().map(|c| Ident::from_stored(*c)).collect(),
            expectations: expectations
                .iter()
                .map(|(n, x)| (Ident::from_stored(*n), CanonicalSql::new(*x)))
                .collect(),
        }
    }

    fn quality(schedule: &str, metrics: Vec<DataMetric>) -> DataQuality {
        DataQuality {
            schedule: Some(MetricSchedule::parse(schedule).unwrap()),
            metrics,
        }
    }

    fn table() -> ObjectName {
        ObjectName::parse("PR.SILVER.CUSTOMER").unwrap()
    }

    #[test]
    fn a_new_table_gets_its_schedule_before_its_metrics() {
        let q = quality(
            "60 MINUTE",
            vec![
                metric(
                    "SNOWFLAKE.CORE.NULL_COUNT",
                    &["EMAIL"],
                    &[("NO_NULLS", "VALUE = 0")],
                ),
                metric("SNOWFLAKE.CORE.ROW_COUNT", &[], &[]),
            ],
        );
        assert_eq!(
            create_statements(Kind::Table, &table(), Some(&q)),
            [
                "ALTER TABLE PR.SILVER.CUSTOMER SET DATA_METRIC_SCHEDULE = '60 MINUTE'",
                "ALTER TABLE PR.SILVER.CUSTOMER ADD DATA METRIC FUNCTION SNOWFLAKE.CORE.NULL_COUNT ON (EMAIL) EXPECTATION NO_NULLS (VALUE = 0)",
                "ALTER TABLE PR.SILVER.CUSTOMER ADD DATA METRIC FUNCTION SNOWFLAKE.CORE.ROW_COUNT ON ()",
            ]
        );
    }

    #[test]
    fn diff_adds_drops_and_modifies_expectations_in_place() {
        let live = quality(
            "60 MINUTE",
            vec![
                metric(
                    "SNOWFLAKE.CORE.NULL_COUNT",
                    &["EMAIL"],
                    &[("A", "VALUE = 0"), ("B", "VALUE < 9")],
                ),
                metric("SNOWFLAKE.CORE.ROW_COUNT", &[], &[]),
            ],
        );
        let desired = quality(
            "5 MINUTE",
            vec![
                metric(
                    "SNOWFLAKE.CORE.NULL_COUNT",
                    &["EMAIL"],
                    &[("A", "VALUE < 1"), ("C", "VALUE > 0")],
                ),
                metric("SNOWFLAKE.CORE.DUPLICATE_COUNT", &["ID"], &[]),
            ],
        );
        let mut e = Edits::default();
        let statements = diff(
            &mut e,
            Kind::View,
            &table(),
            Some(&live),
            Some(&desired),
            false,
            &|_| false,
        );
        assert_eq!(
            statements,
            [
                "ALTER VIEW PR.SILVER.CUSTOMER SET DATA_METRIC_SCHEDULE = '5 MINUTE'",
                "ALTER VIEW PR.SILVER.CUSTOMER DROP DATA METRIC FUNCTION SNOWFLAKE.CORE.ROW_COUNT ON ()",
                "ALTER VIEW PR.SILVER.CUSTOMER ADD DATA METRIC FUNCTION SNOWFLAKE.CORE.DUPLICATE_COUNT ON (ID)",
                "ALTER VIEW PR.SILVER.CUSTOMER MODIFY DATA METRIC FUNCTION SNOWFLAKE.CORE.NULL_COUNT ON (EMAIL) MODIFY EXPECTATION A (VALUE < 1)",
                "ALTER VIEW PR.SILVER.CUSTOMER MODIFY DATA METRIC FUNCTION SNOWFLAKE.CORE.NULL_COUNT ON (EMAIL) ADD EXPECTATION C (VALUE > 0)",
                "ALTER VIEW PR.SILVER.CUSTOMER MODIFY DATA METRIC FUNCTION SNOWFLAKE.CORE.NULL_COUNT ON (EMAIL) DROP EXPECTATION B",
            ]
        );
        assert_eq!(e.attributes.len(), 2);
        // Equal, or not declared: nothing.
        let mut e = Edits::default();
        assert!(
            diff(
                &mut e,
                Kind::Table,
                &table(),
                Some(&live),
                Some(&live),
                false,
                &|_| false
            )
            .is_empty()
        );
        assert!(
            diff(
                &mut e,
                Kind::Table,
                &table(),
                Some(&live),
                None,
                false,
                &|_| false
            )
            .is_empty()
        );
        assert!(e.is_empty());
    }

    #[test]
    fn a_replaced_function_leaves_its_associations_to_its_own_change() {
        let custom = metric("PR.SILVER.BAD_EMAILS", &["EMAIL"], &[]);
        let live = quality("60 MINUTE", vec![custom.clone()]);
        let mut e = Edits::default();
        let statements = diff(
            &mut e,
            Kind::Table,
            &table(),
            Some(&live),
            Some(&live),
            false,
            &|_| true,
        );
        assert!(statements.is_empty());
        // On other columns, the new association is the table's to add.
        let desired = quality(
            "60 MINUTE",
            vec![metric("PR.SILVER.BAD_EMAILS", &["NAME"], &[])],
        );
        let statements = diff(
            &mut e,
            Kind::Table,
            &table(),
            Some(&live),
            Some(&desired),
            false,
            &|_| true,
        );
        assert_eq!(
            statements,
            [
                "ALTER TABLE PR.SILVER.CUSTOMER ADD DATA METRIC FUNCTION PR.SILVER.BAD_EMAILS ON (NAME)"
            ]
        );
    }

    #[test]
    fn references_and_expectations_are_joined_and_either_spelling_is_read() {
        let references = result(
            &[
                "METRIC_DATABASE_NAME",
                "METRIC_SCHEMA_NAME",
                "METRIC_NAME",
                "METRIC_SIGNATURE",
                "REF_ENTITY_DATABASE_NAME",
                "REF_ARGUMENTS",
                "REF_ID",
                "SCHEDULE",
            ],
            &[
                &[
                    Some("SNOWFLAKE"),
                    Some("CORE"),
                    Some("\"NULL_COUNT\""),
                    Some("(ARG_T TABLE(ARG_C VARCHAR))"),
                    Some("PR"),
                    Some("[{\"domain\":\"COLUMN\",\"id\":\"1\",\"name\":\"EMAIL\"}]"),
                    Some("r1"),
                    Some("60 MINUTE"),
                ],
                &[
                    Some("SNOWFLAKE"),
                    Some("CORE"),
                    Some("ROW_COUNT"),
                    Some("(ARG_T TABLE())"),
                    Some("PR"),
                    Some("[]"),
                    Some("r2"),
                    Some("60 MINUTE"),
                ],
            ],
        );
        let expectations = result(
            &["REF_ID", "EXPECTATION_NAME", "EXPECTATION_EXPRESSION"],
            &[&[Some("r1"), Some("NO_NULLS"), Some("VALUE = 0")]],
        );
        let q = parse(&references, &expectations, Kind::Table).unwrap();
        assert_eq!(
            q,
            quality(
                "60 MINUTE",
                vec![
                    metric(
                        "SNOWFLAKE.CORE.NULL_COUNT",
                        &["EMAIL"],
                        &[("NO_NULLS", "VALUE = 0")]
                    ),
                    metric("SNOWFLAKE.CORE.ROW_COUNT", &[], &[]),
                ]
            )
        );
        assert_eq!(
            queries(Kind::View, &table())[0].to_string(),
            "SELECT METRIC_DATABASE_NAME, METRIC_SCHEMA_NAME, METRIC_NAME, REF_ARGUMENTS, SCHEDULE, REF_ID FROM TABLE(PR.INFORMATION_SCHEMA.DATA_METRIC_FUNCTION_REFERENCES(REF_ENTITY_NAME => 'PR.SILVER.CUSTOMER', REF_ENTITY_DOMAIN => 'VIEW'))"
        );
    }
}
