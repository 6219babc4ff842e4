//! Data metric functions (DMFs), the whole kind: the catalog entry with Snowflake's rules,
//! CREATE DATA METRIC FUNCTION and ALTER FUNCTION (DMF), the SHOW DATA METRIC FUNCTIONS /
//! DESCRIBE FUNCTION rows; and their associations with tables and views — `ALTER TABLE |
//! VIEW … SET | UNSET DATA_METRIC_SCHEDULE`, `ADD | DROP | MODIFY DATA METRIC FUNCTION` —
//! with the rows of `INFORMATION_SCHEMA.DATA_METRIC_FUNCTION_REFERENCES` and
//! `DATA_METRIC_FUNCTION_EXPECTATIONS`.
//!
//! The rules:
//! * CREATE (https://docs.snowflake.com/en/sql-reference/sql/create-data-metric-function):
//!   `[ SECURE ] … name ( t TABLE( c type, … ) ) RETURNS NUMBER [ [ NOT ] NULL ] [ LANGUAGE
//!   SQL ] [ COMMENT = '…' ] AS '<expression>'`; the return type is NUMBER only. The
//!   emulator keeps one table argument (the second, for referential checks, is refused as
//!   not emulated), binds the body against it (`sql::bind::bind_metric_body`: a column the
//!   argument lacks is 000904) and never evaluates it: it holds no rows. Overloads are not emulated either: a DMF is found by its name, and the types
//!   ALTER / DROP / DESCRIBE FUNCTION give after it are read and must be its own.
//! * ALTER FUNCTION (https://docs.snowflake.com/en/sql-reference/sql/alter-function-dmf):
//!   `SET SECURE`, `UNSET SECURE`, `SET COMMENT`, `UNSET COMMENT`, `SET BODY = '…'`.
//! * DROP FUNCTION (https://docs.snowflake.com/en/sql-reference/sql/drop-function-dmf): the
//!   page says nothing of a DMF in use, so the drop is not refused; its associations stay,
//!   pointing at nothing, as DATA_METRIC_FUNCTION_REFERENCES' schedule status
//!   `SUSPENDED_DATA_METRIC_FUNCTION_DOES_NOT_EXIST_OR_NOT_AUTHORIZED` describes.
//! * The system DMFs of `SNOWFLAKE.CORE` (https://docs.snowflake.com/en/user-guide/data-quality-system-dmfs)
//!   are known by `model::data_metric`'s list, with the columns each takes.
//! * Associations (https://docs.snowflake.com/en/sql-reference/sql/alter-table, "Data
//!   metric function actions"): the DMF must exist; its columns must exist on the table or
//!   view, as many as the DMF takes, of its types; an association is the DMF with its
//!   columns, added once; expectation names are unique per association
//!   (https://docs.snowflake.com/en/user-guide/data-quality-expectations). The schedule
//!   takes the documented values (`model::data_metric::MetricSchedule`), TRIGGER_ON_CHANGES
//!   not on views, `''` suspends, and `UNSET` restores the default of one hour
//!   (https://docs.snowflake.com/en/release-notes/bcr-bundles/2025_07/bcr-2101).
//!
//! The associations are kept in the catalog by the object's id (as tag assignments are),
//! so they follow a rename and leave the table and view modules untouched.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::rows::{DescribeRows, Entry, ShowRows, columns, flag, stamp, text};
use super::{Catalog, Meta, Names, SandboxKind, Schema, SchemaObject, Table, View};
use crate::model::data_metric::{MetricSchedule, system_function};
use crate::model::data_type::DataType;
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::{ObjectNoun, Parser, RawName, Tail};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct DataMetricFunction {
    pub(crate) meta: Meta,
    pub(crate) secure: bool,
    /// The table argument's name and its columns.
    pub(crate) table: Ident,
    pub(crate) columns: Vec<(Ident, DataType)>,
    pub(crate) body: String,
}

/// CREATE DATA METRIC FUNCTION's body after the name.
#[derive(Debug, PartialEq)]
pub(crate) struct DmfBody {
    secure: bool,
    table: Ident,
    columns: Vec<(Ident, DataType)>,
    comment: Option<String>,
    body: String,
}

/// An ALTER FUNCTION action other than RENAME TO.
#[derive(Debug, PartialEq)]
pub(crate) enum DmfAlter {
    Secure(bool),
    SetComment(String),
    UnsetComment,
    SetBody(String),
}

impl SandboxKind for DataMetricFunction {
    type Create = DmfBody;
    type Alter = DmfAlter;

    fn parse_create(p: &mut Parser<'_>) -> Result<DmfBody, SqlError> {
        let secure = p.header_says("SECURE", "DATA");
        p.expect_sym("(")?;
        let table = p.ident()?;
        p.expect_kw("TABLE")?;
        p.expect_sym("(")?;
        let mut columns = Vec::new();
        loop {
            let name = p.ident()?;
            columns.push((name, p.data_type()?));
            if !p.eat_sym(",") {
                break;
            }
        }
        p.expect_sym(")")?;
        if p.is_sym(",") {
            return Err(SqlError::unsupported(
                "The sandbox emulates data metric functions with one table argument.",
            ));
        }
        p.expect_sym(")")?;
        p.expect_kw("RETURNS")?;
        let returns = p.data_type()?;
        if !matches!(returns, DataType::Number { .. }) {
            return Err(SqlError::data_metric_return_type(&returns.to_string()));
        }
        if !p.eat_kws(&["NOT", "NULL"]) {
            p.eat_kw("NULL");
        }
        if p.eat_kw("LANGUAGE") {
            p.expect_kw("SQL")?;
        }
        let mut comment = None;
        if p.eat_kw("COMMENT") {
            p.eat_equals();
            comment = Some(p.string()?);
        }
        p.expect_kw("AS")?;
        let body = p.string()?;
        Ok(DmfBody {
            secure,
            table,
            columns,
            comment,
            body,
        })
    }

    fn parse_alter(p: &mut Parser<'_>) -> Result<DmfAlter, SqlError> {
        if p.eat_kws(&["UNSET", "COMMENT"]) {
            return Ok(DmfAlter::UnsetComment);
        }
        if p.eat_kws(&["UNSET", "SECURE"]) {
            return Ok(DmfAlter::Secure(false));
        }
        p.expect_kw("SET")?;
        if p.eat_kw("SECURE") {
            return Ok(DmfAlter::Secure(true));
        }
        if p.eat_kw("BODY") {
            p.eat_equals();
            return Ok(DmfAlter::SetBody(p.string()?));
        }
        p.expect_kw("COMMENT")?;
        p.eat_equals();
        Ok(DmfAlter::SetComment(p.string()?))
    }

    fn create(
        _: &mut Catalog,
        _: &ObjectName,
        mut meta: Meta,
        body: DmfBody,
        _: &Names<'_>,
    ) -> Result<DataMetricFunction, SqlError> {
        // The body is compiled against the table argument, as Snowflake compiles it at
        // CREATE: a column the argument does not have is 000904.
        let argument = crate::sql::bind::TableArgument {
            name: &body.table,
            columns: &body.columns,
        };
        if let Err(e) = crate::sql::bind::bind_metric_body(&body.body, &argument) {
            return Err(match &e.kind {
                crate::sql::bind::BindErrorKind::InvalidIdentifier(name)
                | crate::sql::bind::BindErrorKind::DuplicateColumn(name) => {
                    SqlError::invalid_identifier(name)
                }
                crate::sql::bind::BindErrorKind::NoColumns => {
                    super::view::bind_error(&e, &body.body, 0)
                }
            });
        }
        meta.comment = body.comment;
        Ok(DataMetricFunction {
            meta,
            secure: body.secure,
            table: body.table,
            columns: body.columns,
            body: body.body,
        })
    }

    fn alter(
        &mut self,
        _: &Catalog,
        _: &ObjectName,
        action: DmfAlter,
        _: super::Stamp,
        _: &super::Names<'_>,
    ) -> Result<(), SqlError> {
        match action {
            DmfAlter::Secure(secure) => self.secure = secure,
            DmfAlter::SetComment(c) => self.meta.comment = Some(c),
            DmfAlter::UnsetComment => self.meta.comment = None,
            DmfAlter::SetBody(body) => self.body = body,
        }
        Ok(())
    }
}

impl DataMetricFunction {
    /// `TABLE(VARCHAR, NUMBER)`: the argument as SHOW lists it.
    fn listed_types(&self) -> String {
        let types: Vec<String> = self.columns.iter().map(|(_, t)| keyword(*t)).collect();
        format!("TABLE({})", types.join(", "))
    }
}

/// A type's keyword without its length or precision, as SHOW and DESCRIBE FUNCTION write
/// argument types.
fn keyword(t: DataType) -> String {
    let full = t.to_string();
    match full.split_once('(') {
        Some((keyword, _)) => keyword.to_string(),
        None => full,
    }
}

/// Checks the types ALTER / DROP / DESCRIBE FUNCTION named the DMF with: they are its
/// own, or it "does not exist" under that signature.
pub(crate) fn check_signature(
    catalog: &Catalog,
    name: &ObjectName,
    types: Option<&[DataType]>,
) -> Result<(), SqlError> {
    let (Some(types), Some(found)) = (types, catalog.find::<DataMetricFunction>(name)) else {
        return Ok(());
    };
    let own: Vec<DataType> = found.columns.iter().map(|(_, t)| t.generic()).collect();
    let given: Vec<DataType> = types.iter().map(|t| t.generic()).collect();
    if own == given {
        Ok(())
    } else {
        Err(SqlError::does_not_exist(
            "Function",
            &format!("{}({})", name.name.to_sql(), found.listed_types()),
        ))
    }
}

/// SHOW DATA METRIC FUNCTIONS
/// (https://docs.snowflake.com/en/sql-reference/sql/show-data-metric-functions): the page
/// lists no output columns; these are SHOW USER FUNCTIONS' columns
/// (https://docs.snowflake.com/en/sql-reference/sql/show-user-functions), `arguments`
/// as `NAME(TABLE(VARCHAR)) RETURN NUMBER`, `is_data_metric` `Y`.
impl ShowRows for DataMetricFunction {
    const SHOW: &'static str = "SHOW DATA METRIC FUNCTIONS";
    const COLUMNS: &'static [(&'static str, &'static str)] = &[
        ("created_on", "timestamp_ltz"),
        ("name", "text"),
        ("schema_name", "text"),
        ("is_builtin", "text"),
        ("is_aggregate", "text"),
        ("is_ansi", "text"),
        ("min_num_arguments", "fixed"),
        ("max_num_arguments", "fixed"),
        ("arguments", "text"),
        ("description", "text"),
        ("catalog_name", "text"),
        ("is_table_function", "text"),
        ("valid_for_clustering", "text"),
        ("is_secure", "text"),
        ("is_external_function", "text"),
        ("language", "text"),
        ("is_memoizable", "text"),
        ("is_data_metric", "text"),
    ];

    fn in_schema(schema: &Schema) -> Vec<(&Ident, &Self)> {
        DataMetricFunction::map(schema).iter().collect()
    }

    fn row(_: &Catalog, entry: &Entry<'_, Self>) -> Vec<Option<String>> {
        let f = entry.object;
        vec![
            stamp(f.meta.created_on),
            text(entry.name.as_str()),
            text(entry.schema.as_str()),
            text("N"),
            text("N"),
            text("N"),
            text("1"),
            text("1"),
            text(format!(
                "{}({}) RETURN NUMBER",
                entry.name.as_str(),
                f.listed_types()
            )),
            // SHOW USER FUNCTIONS' description when there is no comment.
            text(
                f.meta
                    .comment
                    .clone()
                    .unwrap_or_else(|| "user-defined function".into()),
            ),
            text(entry.database.as_str()),
            text("N"),
            text("N"),
            flag(f.secure, "Y", "N"),
            text("N"),
            text("SQL"),
            text("N"),
            text("Y"),
        ]
    }
}

/// DESCRIBE FUNCTION (DMF)
/// (https://docs.snowflake.com/en/sql-reference/sql/desc-function-dmf): `property` /
/// `value` rows — `signature` `(T TABLE(C VARCHAR))`, `returns`, `language`, `body`.
impl DescribeRows for DataMetricFunction {
    fn describe(_: &Catalog, entry: &Entry<'_, Self>) -> QueryResult {
        let f = entry.object;
        let arguments: Vec<String> = f
            .columns
            .iter()
            .map(|(n, t)| format!("{} {}", n.to_sql(), keyword(*t)))
            .collect();
        let signature = format!("({} TABLE({}))", f.table.to_sql(), arguments.join(", "));
        QueryResult {
            columns: columns(&[("property", "text"), ("value", "text")]),
            rows: vec![
                vec![text("signature"), text(signature)],
                vec![text("returns"), text("NUMBER(38,0)")],
                vec![text("language"), text("SQL")],
                vec![text("body"), text(f.body.clone())],
            ],
        }
    }
}

/// Every association of the account, by the id of the table or view it is on.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Associations {
    by_object: BTreeMap<u64, Attached>,
}

/// One table's or view's data metrics.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Attached {
    /// `None`: the default, one hour; `Some("")`: suspended.
    schedule: Option<String>,
    metrics: Vec<Association>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Association {
    id: u64,
    function: ObjectName,
    on: Vec<Ident>,
    expectations: Vec<(Ident, String)>,
}

/// The default schedule of every table and view
/// (https://docs.snowflake.com/en/release-notes/bcr-bundles/2025_07/bcr-2101).
const DEFAULT_SCHEDULE: &str = "60 MINUTE";

/// An expectation as written: its name and its boolean expression's text.
type Expectation = (Ident, String);

/// A DMF added, as written: its name, its columns, its expectations.
type Added = (RawName, Vec<Ident>, Vec<Expectation>);

/// One data metric action of ALTER TABLE / ALTER VIEW.
#[derive(Debug, PartialEq)]
enum Action {
    SetSchedule(String),
    UnsetSchedule,
    /// `ADD DATA METRIC FUNCTION f ON (…) [ EXPECTATION e (expr), … ] [ , f2 … ]`.
    Add(Vec<Added>),
    /// `DROP DATA METRIC FUNCTION f ON (…) [ , f2 … ]`.
    Drop(Vec<(RawName, Vec<Ident>)>),
    Modify(RawName, Vec<Ident>, Modify),
}

#[derive(Debug, PartialEq)]
enum Modify {
    AddExpectations(Vec<Expectation>),
    ChangeExpectations(Vec<Expectation>),
    DropExpectations(Vec<Ident>),
    /// SUSPEND / RESUME: accepted; the emulator runs no metric.
    State,
}

/// `ON ( [ c [ , … ] ] )`.
fn on_columns(p: &mut Parser<'_>) -> Result<Vec<Ident>, SqlError> {
    p.expect_kw("ON")?;
    p.expect_sym("(")?;
    let mut on = Vec::new();
    while !p.is_sym(")") {
        on.push(p.ident()?);
        if !p.eat_sym(",") {
            break;
        }
    }
    p.expect_sym(")")?;
    Ok(on)
}

/// `e ( <expression> )`: an expectation's name and its boolean expression's text.
fn expectation(p: &mut Parser<'_>) -> Result<(Ident, String), SqlError> {
    let name = p.ident()?;
    let (inner, end) = p.skip_parens()?;
    let text = p.text_between(inner, end).trim().to_string();
    if text.is_empty() {
        return Err(p.error());
    }
    Ok((name, text))
}

/// `e (expr) [ , e2 (expr) … ]`: a comma followed by a name and `(` is another
/// expectation; any other comma is left for the next DMF of the list.
fn expectations(p: &mut Parser<'_>) -> Result<Vec<(Ident, String)>, SqlError> {
    let mut list = vec![expectation(p)?];
    while p.is_sym(",") && p.peek_at(2).is_some_and(|t| t.is_symbol("(")) {
        p.advance();
        list.push(expectation(p)?);
    }
    Ok(list)
}

fn parse_action(p: &mut Parser<'_>) -> Result<Action, SqlError> {
    if p.eat_kws(&["SET", "DATA_METRIC_SCHEDULE"]) {
        p.expect_sym("=")?;
        return Ok(Action::SetSchedule(p.string()?));
    }
    if p.eat_kws(&["UNSET", "DATA_METRIC_SCHEDULE"]) {
        return Ok(Action::UnsetSchedule);
    }
    if p.eat_kws(&["ADD", "DATA", "METRIC", "FUNCTION"]) {
        let mut added = Vec::new();
        loop {
            let function = p.name()?;
            let on = on_columns(p)?;
            let expected = if p.eat_kw("EXPECTATION") {
                expectations(p)?
            } else {
                Vec::new()
            };
            added.push((function, on, expected));
            if !p.eat_sym(",") {
                return Ok(Action::Add(added));
            }
        }
    }
    if p.eat_kws(&["DROP", "DATA", "METRIC", "FUNCTION"]) {
        let mut dropped = Vec::new();
        loop {
            let function = p.name()?;
            dropped.push((function, on_columns(p)?));
            if !p.eat_sym(",") {
                return Ok(Action::Drop(dropped));
            }
        }
    }
    p.expect_kws(&["MODIFY", "DATA", "METRIC", "FUNCTION"])?;
    let function = p.name()?;
    let on = on_columns(p)?;
    let modify = if p.eat_kws(&["ADD", "EXPECTATION"]) {
        Modify::AddExpectations(expectations(p)?)
    } else if p.eat_kws(&["MODIFY", "EXPECTATION"]) {
        Modify::ChangeExpectations(expectations(p)?)
    } else if p.eat_kws(&["DROP", "EXPECTATION"]) {
        let mut names = vec![p.ident()?];
        while p.eat_sym(",") {
            names.push(p.ident()?);
        }
        Modify::DropExpectations(names)
    } else if p.eat_kw("SUSPEND") || p.eat_kw("RESUME") {
        Modify::State
    } else {
        return Err(p.error());
    };
    Ok(Action::Modify(function, on, modify))
}

/// The DMFs an action adds, as written: the privilege check needs USAGE on each.
pub(crate) fn added_functions(tail: &Tail) -> Vec<RawName> {
    match tail.parse(parse_action) {
        Ok(Action::Add(added)) => added.into_iter().map(|(f, _, _)| f).collect(),
        _ => Vec::new(),
    }
}

/// What an association may check a function against: the columns it takes.
enum Takes {
    System(crate::model::data_metric::Columns),
    Custom(Vec<(Ident, DataType)>),
}

fn function_takes(catalog: &Catalog, function: &ObjectName) -> Result<Takes, SqlError> {
    if let Some(columns) = system_function(
        function.database.as_str(),
        function.schema.as_str(),
        function.name.as_str(),
    ) {
        return Ok(Takes::System(columns));
    }
    match catalog.find::<DataMetricFunction>(function) {
        Some(f) => Ok(Takes::Custom(f.columns.clone())),
        None => Err(SqlError::does_not_exist(
            "Data metric function",
            &function.to_string(),
        )),
    }
}

/// `f ON (c, …)` as messages name an association.
fn target(function: &ObjectName, on: &[Ident]) -> String {
    let on: Vec<String> = on.iter().map(|c| c.to_sql().into_owned()).collect();
    format!("{function} ON ({})", on.join(", "))
}

/// Applies one data metric action to the table or view `name` (`kind` says which);
/// `resolve` gives a DMF's name as written its full name in the session's context. Nothing
/// changes unless the whole action succeeds.
pub(crate) fn alter_object(
    catalog: &mut Catalog,
    kind: ObjectNoun,
    name: &ObjectName,
    tail: &Tail,
    resolve: &dyn Fn(&RawName) -> Result<ObjectName, SqlError>,
) -> Result<(), SqlError> {
    let action = tail.parse(parse_action)?;
    let (id, columns): (u64, Vec<(Ident, DataType)>) = if kind == ObjectNoun::View {
        let v = catalog.get::<View>(name)?;
        (
            v.meta.id,
            v.columns
                .iter()
                .map(|c| (c.name.clone(), c.data_type))
                .collect(),
        )
    } else {
        let t = catalog.get::<Table>(name)?;
        (
            t.meta.id,
            t.columns
                .iter()
                .map(|c| (c.name.clone(), c.data_type))
                .collect(),
        )
    };
    let mut attached = catalog
        .data_metrics
        .by_object
        .get(&id)
        .cloned()
        .unwrap_or_default();
    match action {
        Action::SetSchedule(schedule) => {
            if !schedule.trim().is_empty() {
                match MetricSchedule::parse(&schedule) {
                    Ok(MetricSchedule::TriggerOnChanges) if kind == ObjectNoun::View => {
                        return Err(SqlError::trigger_on_changes_on_view());
                    }
                    Ok(_) => {}
                    Err(_) => {
                        return Err(SqlError::invalid_value("DATA_METRIC_SCHEDULE", &schedule));
                    }
                }
            }
            attached.schedule = Some(schedule);
        }
        Action::UnsetSchedule => attached.schedule = None,
        Action::Add(added) => {
            for (raw, on, expected) in added {
                let function = resolve(&raw)?;
                check_columns(catalog, &function, &on, &columns)?;
                if attached
                    .metrics
                    .iter()
                    .any(|m| m.function == function && m.on == on)
                {
                    return Err(SqlError::data_metric_association(
                        &target(&function, &on),
                        true,
                    ));
                }
                let mut expectations: Vec<(Ident, String)> = Vec::new();
                for (e, text) in expected {
                    if expectations.iter().any(|(n, _)| n == &e) {
                        return Err(SqlError::expectation(&e.to_sql(), true));
                    }
                    expectations.push((e, text));
                }
                let id = catalog.next_id();
                attached.metrics.push(Association {
                    id,
                    function,
                    on,
                    expectations,
                });
            }
        }
        Action::Drop(dropped) => {
            for (raw, on) in dropped {
                let function = resolve(&raw)?;
                let before = attached.metrics.len();
                attached
                    .metrics
                    .retain(|m| !(m.function == function && m.on == on));
                if attached.metrics.len() == before {
                    return Err(SqlError::data_metric_association(
                        &target(&function, &on),
                        false,
                    ));
                }
            }
        }
        Action::Modify(raw, on, modify) => {
            let function = resolve(&raw)?;
            let association = attached
                .metrics
                .iter_mut()
                .find(|m| m.function == function && m.on == on)
                .ok_or_else(|| SqlError::data_metric_association(&target(&function, &on), false))?;
            modify_expectations(&mut association.expectations, modify)?;
        }
    }
    catalog.data_metrics.by_object.insert(id, attached);
    Ok(())
}

fn modify_expectations(
    expectations: &mut Vec<(Ident, String)>,
    modify: Modify,
) -> Result<(), SqlError> {
    match modify {
        Modify::AddExpectations(added) => {
            for (name, text) in added {
                if expectations.iter().any(|(n, _)| n == &name) {
                    return Err(SqlError::expectation(&name.to_sql(), true));
                }
                expectations.push((name, text));
            }
        }
        Modify::ChangeExpectations(changed) => {
            for (name, text) in changed {
                let held = expectations
                    .iter_mut()
                    .find(|(n, _)| n == &name)
                    .ok_or_else(|| SqlError::expectation(&name.to_sql(), false))?;
                held.1 = text;
            }
        }
        Modify::DropExpectations(names) => {
            for name in names {
                let before = expectations.len();
                expectations.retain(|(n, _)| n != &name);
                if expectations.len() == before {
                    return Err(SqlError::expectation(&name.to_sql(), false));
                }
            }
        }
        Modify::State => {}
    }
    Ok(())
}

/// The columns exist on the object (000904 otherwise), as many as the DMF takes, of its
/// types for a custom DMF.
fn check_columns(
    catalog: &Catalog,
    function: &ObjectName,
    on: &[Ident],
    columns: &[(Ident, DataType)],
) -> Result<(), SqlError> {
    let mut types = Vec::new();
    for name in on {
        let (_, t) = columns
            .iter()
            .find(|(c, _)| c == name)
            .ok_or_else(|| SqlError::invalid_identifier(&name.to_sql()))?;
        types.push(*t);
    }
    match function_takes(catalog, function)? {
        Takes::System(accepts) if !accepts.accepts(on.len()) => Err(SqlError::data_metric_columns(
            &function.to_string(),
            accepts.describe(),
            on.len(),
        )),
        Takes::System(_) => Ok(()),
        Takes::Custom(arguments) => {
            if arguments.len() != on.len() {
                return Err(SqlError::data_metric_columns(
                    &function.to_string(),
                    &format!("{} column(s)", arguments.len()),
                    on.len(),
                ));
            }
            for ((column, t), (_, argument)) in on.iter().zip(&types).zip(&arguments) {
                if t.generic() != argument.generic() {
                    return Err(SqlError::data_metric_type_mismatch(
                        &column.to_sql(),
                        &t.to_string(),
                        &function.to_string(),
                        &argument.to_string(),
                    ));
                }
            }
            Ok(())
        }
    }
}

/// The columns of `DATA_METRIC_FUNCTION_REFERENCES`, as its page names them
/// (https://docs.snowflake.com/en/sql-reference/functions/data_metric_function_references).
const REFERENCE_COLUMNS: [(&str, &str); 13] = [
    ("METRIC_DATABASE_NAME", "text"),
    ("METRIC_SCHEMA_NAME", "text"),
    ("METRIC_NAME", "text"),
    ("ARGUMENT_SIGNATURE", "text"),
    ("DATA_TYPE", "text"),
    ("REF_DATABASE_NAME", "text"),
    ("REF_SCHEMA_NAME", "text"),
    ("REF_ENTITY_NAME", "text"),
    ("REF_ENTITY_DOMAIN", "text"),
    ("REF_ARGUMENTS", "array"),
    ("REF_ID", "text"),
    ("SCHEDULE", "text"),
    ("SCHEDULE_STATUS", "text"),
];

/// The columns of `DATA_METRIC_FUNCTION_EXPECTATIONS`
/// (https://docs.snowflake.com/en/sql-reference/functions/data_metric_function_expectations).
const EXPECTATION_COLUMNS: [(&str, &str); 14] = [
    ("METRIC_DATABASE_NAME", "text"),
    ("METRIC_SCHEMA_NAME", "text"),
    ("METRIC_NAME", "text"),
    ("ARGUMENT_SIGNATURE", "text"),
    ("DATA_TYPE", "text"),
    ("REF_DATABASE_NAME", "text"),
    ("REF_SCHEMA_NAME", "text"),
    ("REF_ENTITY_NAME", "text"),
    ("REF_ENTITY_DOMAIN", "text"),
    ("REF_ARGUMENTS", "array"),
    ("REF_ID", "text"),
    ("EXPECTATION_ID", "text"),
    ("EXPECTATION_NAME", "text"),
    ("EXPECTATION_EXPRESSION", "text"),
];

/// The rows of `DATA_METRIC_FUNCTION_REFERENCES` (or, with `expectations`,
/// `DATA_METRIC_FUNCTION_EXPECTATIONS`) for the object `entity` names, of `domain`
/// TABLE or VIEW. The METRIC_NAME form is not emulated. `resolve` reads the name in the
/// session's context.
pub(crate) fn references(
    catalog: &Catalog,
    arguments: &[(String, String)],
    expectations: bool,
    resolve: &dyn Fn(&str) -> Result<ObjectName, SqlError>,
) -> Result<QueryResult, SqlError> {
    let argument = |key: &str| {
        arguments
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let (Some(entity), Some(domain)) = (argument("REF_ENTITY_NAME"), argument("REF_ENTITY_DOMAIN"))
    else {
        return Err(SqlError::unsupported(
            "The sandbox answers the data metric function table functions for REF_ENTITY_NAME and REF_ENTITY_DOMAIN only.",
        ));
    };
    let domain = domain.trim().to_ascii_uppercase();
    if domain != "TABLE" && domain != "VIEW" {
        return Err(SqlError::invalid_value("REF_ENTITY_DOMAIN", &domain));
    }
    let name = resolve(entity)?;
    // 'TABLE' for every kind of table, 'VIEW' for views; a view is found under TABLE too,
    // as the references page says to use TABLE for all supported objects.
    let (id, domain_shown) = match catalog.find::<Table>(&name) {
        Some(t) if domain == "TABLE" => (t.meta.id, "TABLE"),
        _ => (catalog.get::<View>(&name)?.meta.id, "VIEW"),
    };
    let attached = catalog.data_metrics.by_object.get(&id);
    let schedule = attached
        .and_then(|a| a.schedule.clone())
        .unwrap_or_else(|| DEFAULT_SCHEDULE.to_string());
    let mut rows = Vec::new();
    for m in attached.iter().flat_map(|a| &a.metrics) {
        let signature = match function_takes(catalog, &m.function) {
            Ok(Takes::Custom(arguments)) => {
                let types: Vec<String> = arguments.iter().map(|(_, t)| keyword(*t)).collect();
                format!("TABLE({})", types.join(", "))
            }
            _ => "TABLE()".to_string(),
        };
        let ref_arguments = serde_json::Value::Array(
            m.on.iter()
                .map(|c| serde_json::json!({ "domain": "COLUMN", "name": c.as_str() }))
                .collect(),
        )
        .to_string();
        let common = vec![
            text(m.function.database.as_str()),
            text(m.function.schema.as_str()),
            text(m.function.name.as_str()),
            text(signature),
            text("NUMBER(38,0)"),
            text(name.database.as_str()),
            text(name.schema.as_str()),
            text(name.name.as_str()),
            text(domain_shown),
            text(ref_arguments),
            text(m.id.to_string()),
        ];
        if expectations {
            for (i, (e, expression)) in m.expectations.iter().enumerate() {
                let mut row = common.clone();
                row.push(text(format!("{}-{i}", m.id)));
                row.push(text(e.as_str()));
                row.push(text(expression.clone()));
                rows.push(row);
            }
        } else {
            let mut row = common;
            row.push(text(schedule.clone()));
            row.push(text(if schedule.is_empty() {
                "SUSPENDED"
            } else {
                "STARTED"
            }));
            rows.push(row);
        }
    }
    let spec: &[(&str, &'static str)] = if expectations {
        &EXPECTATION_COLUMNS
    } else {
        &REFERENCE_COLUMNS
    };
    Ok(QueryResult {
        columns: columns(spec),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn create(sql: &str) -> Result<DmfBody, SqlError> {
        let mut p = Parser::new(sql).unwrap();
        let body = DataMetricFunction::parse_create(&mut p)?;
        p.expect_end()?;
        Ok(body)
    }

    fn action(sql: &str) -> Result<Action, SqlError> {
        let mut p = Parser::new(sql).unwrap();
        let a = parse_action(&mut p)?;
        p.expect_end()?;
        Ok(a)
    }

    #[test]
    fn create_reads_the_documented_shape_and_refuses_other_returns() {
        let body = create(
            "(arg_t TABLE(arg_c VARCHAR, n NUMBER)) RETURNS NUMBER NOT NULL LANGUAGE SQL COMMENT = 'c' AS 'SELECT COUNT(*) FROM arg_t'",
        )
        .unwrap();
        assert_eq!(body.table.as_str(), "ARG_T");
        assert_eq!(body.columns.len(), 2);
        assert_eq!(body.comment.as_deref(), Some("c"));
        assert_eq!(body.body, "SELECT COUNT(*) FROM arg_t");
        assert!(!body.secure);
        let e = create("(t TABLE(c VARCHAR)) RETURNS VARCHAR AS 'x'").unwrap_err();
        assert_eq!(e.code, "002265");
        assert_eq!(
            create("(t TABLE(c VARCHAR)) AS 'x'").unwrap_err().code,
            "001003"
        );
    }

    #[test]
    fn alter_table_actions_are_read() {
        assert_eq!(
            action("SET DATA_METRIC_SCHEDULE = '5 MINUTE'").unwrap(),
            Action::SetSchedule("5 MINUTE".into())
        );
        assert_eq!(
            action("unset data_metric_schedule").unwrap(),
            Action::UnsetSchedule
        );
        match action(
            "ADD DATA METRIC FUNCTION snowflake.core.null_count ON (email) EXPECTATION a (VALUE = 0), b (VALUE < (1 + 2)), snowflake.core.row_count ON ()",
        )
        .unwrap()
        {
            Action::Add(added) => {
                assert_eq!(added.len(), 2);
                assert_eq!(added[0].2.len(), 2);
                assert_eq!(added[0].2[1].1, "VALUE < (1 + 2)");
                assert!(added[1].1.is_empty());
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            action("MODIFY DATA METRIC FUNCTION f ON (c) DROP EXPECTATION a, b").unwrap(),
            Action::Modify(_, _, Modify::DropExpectations(names)) if names.len() == 2
        ));
        assert_eq!(
            action("MODIFY DATA METRIC FUNCTION f ON (c)")
                .unwrap_err()
                .code,
            "001003"
        );
    }
}
