//! Dynamic tables, the whole kind: the catalog entry with Snowflake's rules, the grammar
//! of CREATE DYNAMIC TABLE and ALTER DYNAMIC TABLE, and the SHOW DYNAMIC TABLES / DESCRIBE
//! DYNAMIC TABLE rows.
//!
//! Rules (https://docs.snowflake.com/en/sql-reference/sql/create-dynamic-table):
//! * `TARGET_LAG` (a duration of at least 60 seconds, or `DOWNSTREAM`) and `WAREHOUSE`
//!   are required, and the warehouse must exist;
//! * the query is compiled as CREATE VIEW compiles a view's: every object it reads must
//!   exist and every column resolve (000904 at its line and position), and its output
//!   columns become the table's, for DESCRIBE, SHOW COLUMNS and the queries that read it;
//! * tables, views and dynamic tables share one namespace in a schema;
//! * `REFRESH_MODE = AUTO` (the default) is resolved at creation and SHOW reports the
//!   mode chosen (https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_04/bcr-1614).
//!   Snowflake's choice depends on the query; the docs give no rule, so the emulator
//!   chooses INCREMENTAL;
//! * ALTER changes the lag, the warehouse, the initialization warehouse, the scheduler,
//!   the immutability constraint, the comment, the parameters (retention, extension,
//!   collation, log level) and the clustering in place, SETs and UNSETs them, SUSPENDs and
//!   RESUMEs the table or its reclustering, REFRESHes it and SWAPs it WITH another
//!   (https://docs.snowflake.com/en/sql-reference/sql/alter-dynamic-table), takes a row
//!   access policy, its columns' comments, masking policies and tags, search
//!   optimization, EXECUTE AS USER (SHOW's `execute_as_user`) and ROW_TIMESTAMP; the query,
//!   REFRESH_MODE and INITIALIZE have no ALTER form. CREATE takes the same settings. A REFRESH compiles the
//!   query again (a source dropped since fails it). SUSPEND does not cascade to the
//!   dynamic tables downstream here (Snowflake's does); the emulator keeps no refresh
//!   schedule for it to matter.
//!
//! * CREATE's column list takes each column's masking policy, tags and comment, the table
//!   its row access policy, `REQUIRE USER` (only with `INITIALIZE = ON_SCHEDULE`), and
//!   `CLONE <source> [ AT | BEFORE ( … ) ]` copies a dynamic table, suspended.
//!
//! The emulator holds no rows: `rows` and `bytes` are 0.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::clone::Travelled;
use super::rows::{DescribeRows, Entry, ShowRows, comment, stamp, text};
use super::table::grammar::{ColumnChange, TableAlter, table_alter};
use super::table::search_optimization::{self, SearchOptimization};
use super::view::{CatalogRelations, ViewDefinition, as_query, bind_error, resolve_in};
use super::{Catalog, Column, Meta, Names, SandboxKind, Schema, SchemaObject, Stamp};
use crate::model::data_type::DataType;
use crate::model::identifier::{Ident, ObjectName};
use crate::model::schedule::TargetLag;
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::RowAccess;
use crate::sandbox::statement::alter::row_access;
use crate::sandbox::statement::create::time_travel;
use crate::sandbox::statement::inline::{ColumnInline, Governance, Inline};
use crate::sandbox::statement::properties::{Property, property};
use crate::sandbox::statement::{Parser, RawName, TimeTravel};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct DynamicTable {
    pub(crate) meta: Meta,
    /// The statement as submitted: SHOW's `text`.
    pub(crate) text: String,
    pub query: String,
    /// The lag as written (`5 minutes`) or `DOWNSTREAM`.
    pub target_lag: String,
    pub warehouse: Ident,
    /// The mode in effect: FULL or INCREMENTAL.
    pub refresh_mode: String,
    /// `LINEAR(<keys>)`, as SHOW reports a clustering key.
    pub cluster_by: Option<String>,
    pub(crate) suspended: bool,
    pub(crate) columns: Vec<Column>,
    /// `SCHEDULER = ENABLE | DISABLE` once set: SHOW's `scheduler` (NULL until then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) scheduler: Option<String>,
    /// `IMMUTABLE WHERE ( <expr> )` (or `FROZEN WHERE`): SHOW's `immutable_where`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) immutable_where: Option<String>,
    /// `INITIALIZATION_WAREHOUSE`: the warehouse of the initial and re-initializing
    /// refreshes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) initialization_warehouse: Option<Ident>,
    /// `SUSPEND RECLUSTER`: automatic clustering off while the key stays (SHOW's
    /// `automatic_clustering`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) reclustering_suspended: bool,
    /// The parameters set on the table ([`PARAMETERS`]), by name, as set.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) parameters: BTreeMap<String, String>,
    /// The row access policy added to the table and the columns it is added on (see
    /// [`super::row_access_policy`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) row_access_policy: Option<(ObjectName, Vec<Ident>)>,
    /// `ADD SEARCH OPTIMIZATION …`, `None` when off (see
    /// [`super::table::search_optimization`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) search_optimization: Option<SearchOptimization>,
    /// `EXECUTE AS USER`: SHOW's `execute_as_user`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) execute_as_user: Option<Ident>,
    /// `ROW_TIMESTAMP = TRUE`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) row_timestamp: bool,
}

/// The object parameters CREATE and ALTER DYNAMIC TABLE set and ALTER unsets
/// (https://docs.snowflake.com/en/sql-reference/sql/create-dynamic-table,
/// https://docs.snowflake.com/en/sql-reference/sql/alter-dynamic-table).
const PARAMETERS: [&str; 4] = [
    "DATA_RETENTION_TIME_IN_DAYS",
    "MAX_DATA_EXTENSION_TIME_IN_DAYS",
    "DEFAULT_DDL_COLLATION",
    "LOG_LEVEL",
];

/// A property CREATE DYNAMIC TABLE gives and ALTER … SET changes.
#[derive(Debug, PartialEq)]
pub(crate) enum Setting {
    TargetLag(String),
    Warehouse(RawName),
    InitializationWarehouse(RawName),
    Comment(String),
    /// `ENABLE` or `DISABLE`.
    Scheduler(String),
    /// The expression inside `IMMUTABLE | FROZEN WHERE ( … )`.
    ImmutableWhere(String),
    /// One of [`PARAMETERS`].
    Parameter(Property),
    /// `EXECUTE AS USER <user_name> [ USE SECONDARY ROLES { ALL | NONE | <role> [ , … ] } ]`:
    /// the user refreshes run as (SHOW's `execute_as_user`).
    ExecuteAsUser(RawName),
    /// `ROW_TIMESTAMP = { TRUE | FALSE }`.
    RowTimestamp(bool),
}

/// Reads one [`Setting`] if one starts here. `FROZEN WHERE` is the newer name of
/// `IMMUTABLE WHERE`, and both are read (the ALTER page: "The legacy IMMUTABLE WHERE
/// syntax continues to be supported").
fn setting(p: &mut Parser<'_>) -> Result<Option<Setting>, SqlError> {
    let found = if p.eat_kw("TARGET_LAG") {
        Setting::TargetLag(target_lag(p)?)
    } else if p.eat_kw("WAREHOUSE") {
        p.eat_equals();
        Setting::Warehouse(p.name()?)
    } else if p.eat_kw("INITIALIZATION_WAREHOUSE") {
        p.eat_equals();
        Setting::InitializationWarehouse(p.name()?)
    } else if p.eat_kw("COMMENT") {
        Setting::Comment(comment_clause(p)?)
    } else if p.eat_kw("SCHEDULER") {
        p.eat_equals();
        if p.eat_kw("ENABLE") {
            Setting::Scheduler("ENABLE".into())
        } else if p.eat_kw("DISABLE") {
            Setting::Scheduler("DISABLE".into())
        } else {
            return Err(p.error());
        }
    } else if p.eat_kws(&["IMMUTABLE", "WHERE"]) || p.eat_kws(&["FROZEN", "WHERE"]) {
        let (from, to) = p.skip_parens()?;
        let expression = p.text_between(from, to).trim().to_string();
        if expression.is_empty() {
            return Err(p.error());
        }
        Setting::ImmutableWhere(expression)
    } else if PARAMETERS.iter().any(|key| p.is_kw(key)) {
        Setting::Parameter(property(p)?)
    } else if p.eat_kws(&["EXECUTE", "AS", "USER"]) {
        let user = p.name()?;
        // The secondary roles are the refresh's; the sandbox runs no refresh, and SHOW
        // has no column for them.
        if p.eat_kws(&["USE", "SECONDARY", "ROLES"]) && !(p.eat_kw("ALL") || p.eat_kw("NONE")) {
            p.ident()?;
            while p.eat_sym(",") {
                p.ident()?;
            }
        }
        Setting::ExecuteAsUser(user)
    } else if p.eat_kw("ROW_TIMESTAMP") {
        p.eat_equals();
        let value = if p.eat_kw("TRUE") {
            true
        } else {
            p.expect_kw("FALSE")?;
            false
        };
        Setting::RowTimestamp(value)
    } else {
        return Ok(None);
    };
    Ok(Some(found))
}

/// A parameter's value, checked as its parameter page documents it: retention and
/// extension are days (0 to 90,
/// https://docs.snowflake.com/en/sql-reference/parameters#data-retention-time-in-days,
/// …#max-data-extension-time-in-days), LOG_LEVEL one of the levels
/// (…#log-level), DEFAULT_DDL_COLLATION a string (…#default-ddl-collation).
fn parameter_value(property: &Property) -> Result<String, SqlError> {
    let invalid = || SqlError::invalid_value(&property.key, &super::display_value(property));
    match property.key.as_str() {
        "DATA_RETENTION_TIME_IN_DAYS" | "MAX_DATA_EXTENSION_TIME_IN_DAYS" => {
            let days = super::unsigned_value(property)?;
            if days > 90 {
                return Err(invalid());
            }
            Ok(days.to_string())
        }
        "LOG_LEVEL" => {
            let level = super::text_value(property)?.to_ascii_uppercase();
            const LEVELS: [&str; 7] = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF"];
            if LEVELS.contains(&level.as_str()) {
                Ok(level)
            } else {
                Err(invalid())
            }
        }
        _ => super::text_value(property),
    }
}

/// What ALTER DYNAMIC TABLE … UNSET takes back: the comment, the initialization
/// warehouse, the immutability constraint (`IMMUTABLE`, or `FROZEN WHERE`) and the
/// parameters.
#[derive(Debug, PartialEq)]
pub(crate) enum Unsetting {
    Comment,
    InitializationWarehouse,
    ImmutableWhere,
    Parameter(String),
    ExecuteAsUser,
    RowTimestamp,
}

/// CREATE DYNAMIC TABLE's body after the name.
#[derive(Debug)]
pub(crate) struct DynamicTableBody {
    /// `CLONE <source> [ { AT | BEFORE } ( … ) ]`: the dynamic table cloned, and the point.
    clone: Option<(RawName, Option<TimeTravel>)>,
    target_lag: Option<String>,
    warehouse: Option<RawName>,
    refresh_mode: Option<String>,
    cluster_by: Option<String>,
    comment: Option<String>,
    /// The other settings, applied as ALTER would apply them.
    settings: Vec<Setting>,
    /// `[ WITH ] TAG ( … )` and `[ WITH ] ROW ACCESS POLICY … ON ( … )`, applied as
    /// ALTER's SET TAG and ADD ROW ACCESS POLICY would.
    inline: Inline,
    /// `( <col_name> [ <col_type> ] [ … ] [ COMMENT '…' ] , … )`: the names the query's
    /// columns take, a type where one is declared, a comment, and the column's masking
    /// policy and tags.
    columns: Vec<ListedColumn>,
    definition: ViewDefinition,
}

/// One column of CREATE DYNAMIC TABLE's column list.
#[derive(Debug)]
struct ListedColumn {
    name: Ident,
    data_type: Option<DataType>,
    comment: Option<String>,
    inline: ColumnInline,
}

/// CREATE DYNAMIC TABLE's column list. The syntax gives `<col_name> <col_type> [ [ WITH ]
/// MASKING POLICY … [ USING ( … ) ] ] [ [ WITH ] PROJECTION POLICY … ] [ [ WITH ] TAG ( …
/// ) ] [ COMMENT '…' ] [ WITH CONTACT ( … ) ]`, and the page's own examples name the
/// columns without types (`CREATE DYNAMIC TABLE product (pre_tax_profit, taxes,
/// after_tax_profit) …`, and a column with only `WITH TAG ( … )`,
/// https://docs.snowflake.com/en/sql-reference/sql/create-dynamic-table), so the type is
/// optional here. Masking policies and tags are applied as ALTER's would be; projection
/// policies and contacts are kinds the sandbox does not keep, and are refused as a
/// syntax error.
fn column_list(p: &mut Parser<'_>) -> Result<Vec<ListedColumn>, SqlError> {
    let mut columns = Vec::new();
    if !p.eat_sym("(") {
        return Ok(columns);
    }
    loop {
        let name = p.ident()?;
        let starts_clause = |p: &Parser<'_>| {
            p.is_sym(",")
                || p.is_sym(")")
                || ["COMMENT", "WITH", "MASKING", "TAG"]
                    .iter()
                    .any(|k| p.is_kw(k))
        };
        let data_type = if starts_clause(p) {
            None
        } else {
            Some(p.data_type()?)
        };
        let mut column = ListedColumn {
            name,
            data_type,
            comment: None,
            inline: ColumnInline::default(),
        };
        loop {
            if p.eat_kw("COMMENT") {
                column.comment = Some(p.string()?);
            } else if !column.inline.clause(p)? {
                break;
            }
        }
        columns.push(column);
        if !p.eat_sym(",") {
            break;
        }
    }
    p.expect_sym(")")?;
    Ok(columns)
}

/// An ALTER DYNAMIC TABLE action other than RENAME TO.
#[derive(Debug, PartialEq)]
pub(crate) enum DynamicTableAlter {
    Suspend,
    Resume,
    /// `REFRESH [ COPY SESSION ]`.
    Refresh,
    /// `SUSPEND RECLUSTER` (false) or `RESUME RECLUSTER` (true).
    Recluster(bool),
    Set(Vec<Setting>),
    Unset(Vec<Unsetting>),
    ClusterBy(Option<String>),
    /// `ADD | DROP ROW ACCESS POLICY …`, `DROP ALL ROW ACCESS POLICIES`.
    RowAccess(RowAccess),
    /// `{ ALTER | MODIFY } [ COLUMN ] c …`: a column's comment, masking policy and tags.
    Columns(Vec<(Ident, ColumnChange)>),
    SearchOptimization(search_optimization::Action),
}

/// `TARGET_LAG = { '<num> <unit>' | DOWNSTREAM }`, after TARGET_LAG; checked against the
/// documented minimum. The error code is not documented: it is the invalid-value one.
fn target_lag(p: &mut Parser<'_>) -> Result<String, SqlError> {
    p.eat_equals();
    let written = if p.eat_kw("DOWNSTREAM") {
        "DOWNSTREAM".to_string()
    } else {
        p.string()?
    };
    TargetLag::parse(&written).map_err(|_| SqlError::invalid_value("TARGET_LAG", &written))?;
    Ok(written)
}

/// `CLUSTER BY ( <expr>, … )` after CLUSTER BY: the keys as SHOW reports them.
fn cluster_by(p: &mut Parser<'_>) -> Result<String, SqlError> {
    let (from, to) = p.skip_parens()?;
    Ok(format!("LINEAR({})", p.text_between(from, to)))
}

fn comment_clause(p: &mut Parser<'_>) -> Result<String, SqlError> {
    p.eat_equals();
    p.string()
}

/// A mode REFRESH_MODE names; ADAPTIVE and CUSTOM_INCREMENTAL are not emulated.
fn refresh_mode(p: &mut Parser<'_>) -> Result<String, SqlError> {
    p.eat_equals();
    let word = p.ident()?;
    match word.as_str() {
        "AUTO" | "FULL" | "INCREMENTAL" => Ok(word.as_str().to_string()),
        other => Err(SqlError::invalid_value("REFRESH_MODE", other)),
    }
}

impl SandboxKind for DynamicTable {
    type Create = DynamicTableBody;
    type Alter = DynamicTableAlter;

    fn parse_create(p: &mut Parser<'_>) -> Result<DynamicTableBody, SqlError> {
        let mut body = DynamicTableBody {
            clone: None,
            target_lag: None,
            warehouse: None,
            refresh_mode: None,
            cluster_by: None,
            comment: None,
            settings: Vec::new(),
            inline: Inline::default(),
            columns: column_list(p)?,
            // Read last, by `as_query`.
            definition: ViewDefinition::default(),
        };
        // `CLONE <source_dynamic_table> [ { AT | BEFORE } ( … ) ] [ COPY GRANTS ] [ COPY TAGS ]
        // [ TARGET_LAG = … ] [ WAREHOUSE = … ]` ("CREATE DYNAMIC TABLE … CLONE"; EXECUTE AS
        // USER is not emulated).
        if body.columns.is_empty() && p.eat_kw("CLONE") {
            let source = p.name()?;
            let at = time_travel(p, false)?;
            body.clone = Some((source, at));
            loop {
                if p.eat_kws(&["COPY", "GRANTS"]) || p.eat_kws(&["COPY", "TAGS"]) {
                } else if p.eat_kw("TARGET_LAG") {
                    body.target_lag = Some(target_lag(p)?);
                } else if p.eat_kw("WAREHOUSE") {
                    p.eat_equals();
                    body.warehouse = Some(p.name()?);
                } else {
                    return Ok(body);
                }
            }
        }
        // The optional properties come in any order before AS.
        let (mut on_schedule, mut require_user) = (false, false);
        loop {
            if let Some(found) = setting(p)? {
                match found {
                    Setting::TargetLag(lag) => body.target_lag = Some(lag),
                    Setting::Warehouse(name) => body.warehouse = Some(name),
                    Setting::Comment(text) => body.comment = Some(text),
                    other => body.settings.push(other),
                }
            } else if p.eat_kw("REFRESH_MODE") {
                body.refresh_mode = Some(refresh_mode(p)?);
            } else if p.eat_kw("INITIALIZE") {
                p.eat_equals();
                if p.eat_kw("ON_SCHEDULE") {
                    on_schedule = true;
                } else if p.eat_kw("ON_CREATE") {
                    on_schedule = false;
                } else {
                    return Err(p.error());
                }
            } else if p.eat_kws(&["CLUSTER", "BY"]) {
                body.cluster_by = Some(cluster_by(p)?);
            } else if p.eat_kws(&["REQUIRE", "USER"]) {
                // REQUIRE USER: refreshes need a user to run as; "the dynamic table must be
                // created with the ON_SCHEDULE parameter for INITIALIZE" (the page's
                // optional parameters; no error code is given: chosen, 002043). The
                // sandbox runs no refresh, and SHOW has no column for it.
                require_user = true;
            } else if p.eat_kws(&["COPY", "GRANTS"]) || body.inline.clause(p, true)? {
            } else {
                break;
            }
        }
        if require_user && !on_schedule {
            return Err(SqlError::unsupported(
                "A dynamic table with REQUIRE USER must be created with INITIALIZE = ON_SCHEDULE.",
            ));
        }
        body.definition = ViewDefinition {
            columns: body.columns.iter().map(|c| c.name.clone()).collect(),
            ..as_query(p)?
        };
        Ok(body)
    }

    fn inline(body: &DynamicTableBody) -> Governance {
        Governance {
            object: body.inline.clone(),
            columns: body
                .columns
                .iter()
                .filter(|c| !c.inline.is_empty())
                .map(|c| (c.name.clone(), c.inline.clone()))
                .collect(),
        }
    }

    fn governed(&mut self) -> Option<super::kind::Governed<'_>> {
        Some((&mut self.row_access_policy, &mut self.columns))
    }

    fn parse_alter(p: &mut Parser<'_>) -> Result<DynamicTableAlter, SqlError> {
        // dataGovnPolicyTagAction, searchOptimizationAction and tableColumnCommentAction
        // (https://docs.snowflake.com/en/sql-reference/sql/alter-dynamic-table).
        if let Some(action) = row_access(p)? {
            return Ok(DynamicTableAlter::RowAccess(action));
        }
        if let Some(action) = search_optimization::action(p, true)? {
            return Ok(DynamicTableAlter::SearchOptimization(action));
        }
        if (p.is_kw("ALTER") || p.is_kw("MODIFY"))
            && let Some(TableAlter::AlterColumns(changes)) = table_alter(p)?
        {
            return Ok(DynamicTableAlter::Columns(changes));
        }
        if p.eat_kw("SUSPEND") {
            if p.eat_kw("RECLUSTER") {
                return Ok(DynamicTableAlter::Recluster(false));
            }
            return Ok(DynamicTableAlter::Suspend);
        }
        if p.eat_kw("RESUME") {
            if p.eat_kw("RECLUSTER") {
                return Ok(DynamicTableAlter::Recluster(true));
            }
            return Ok(DynamicTableAlter::Resume);
        }
        if p.eat_kw("REFRESH") {
            // COPY SESSION runs the refresh with the session's warehouse and role; the
            // emulator refreshes nothing, so both forms compile the query again.
            if p.eat_kw("COPY") {
                p.expect_kw("SESSION")?;
            }
            return Ok(DynamicTableAlter::Refresh);
        }
        if p.eat_kws(&["CLUSTER", "BY"]) {
            return Ok(DynamicTableAlter::ClusterBy(Some(cluster_by(p)?)));
        }
        if p.eat_kws(&["DROP", "CLUSTERING", "KEY"]) {
            return Ok(DynamicTableAlter::ClusterBy(None));
        }
        if p.eat_kw("UNSET") {
            let mut unset = Vec::new();
            loop {
                let item = if p.eat_kw("COMMENT") {
                    Unsetting::Comment
                } else if p.eat_kw("INITIALIZATION_WAREHOUSE") {
                    Unsetting::InitializationWarehouse
                } else if p.eat_kw("IMMUTABLE") || p.eat_kws(&["FROZEN", "WHERE"]) {
                    Unsetting::ImmutableWhere
                } else if let Some(key) = PARAMETERS.iter().find(|key| p.is_kw(key)) {
                    p.advance();
                    Unsetting::Parameter(key.to_string())
                } else if p.eat_kws(&["EXECUTE", "AS", "USER"]) {
                    Unsetting::ExecuteAsUser
                } else if p.eat_kw("ROW_TIMESTAMP") {
                    Unsetting::RowTimestamp
                } else {
                    return Err(p.error());
                };
                unset.push(item);
                if !p.eat_sym(",") {
                    break;
                }
            }
            return Ok(DynamicTableAlter::Unset(unset));
        }
        p.expect_kw("SET")?;
        let mut set = Vec::new();
        while let Some(found) = setting(p)? {
            set.push(found);
            p.eat_sym(",");
        }
        if set.is_empty() {
            return Err(p.error());
        }
        Ok(DynamicTableAlter::Set(set))
    }

    /// Tables, views, dynamic tables and materialized views share one namespace, at
    /// CREATE and RENAME TO alike.
    fn check_name(catalog: &Catalog, name: &ObjectName) -> Result<(), SqlError> {
        catalog.claim_relation_name::<DynamicTable>(name)
    }

    /// Streams on the dynamic table follow it.
    fn renamed(catalog: &mut Catalog, from: &ObjectName, to: &ObjectName) {
        catalog.follow_table_rename(from, to);
    }

    /// Kept for UNDROP DYNAMIC TABLE for its retention period (`catalog/dropped.rs`).
    fn remove(
        catalog: &mut Catalog,
        name: &ObjectName,
        if_exists: bool,
        now: Stamp,
    ) -> Result<bool, SqlError> {
        catalog.drop_kept::<DynamicTable>(name, if_exists, now)
    }

    fn create(
        catalog: &mut Catalog,
        name: &ObjectName,
        mut meta: Meta,
        body: DynamicTableBody,
        names: &Names<'_>,
    ) -> Result<DynamicTable, SqlError> {
        if let Some((source, at)) = &body.clone {
            let source = names(source)?;
            if let Some(at) = at {
                catalog.check_travel(
                    &Travelled::DynamicTable(&source),
                    at,
                    meta.created_on,
                    None,
                )?;
            }
            // "Cloned dynamic tables … are suspended by default", and "Automatic Clustering
            // is suspended for the new table" (the page's CLONE variant). The clone keeps
            // its source's definition and takes the lag and warehouse given.
            let mut table = DynamicTable {
                meta,
                suspended: true,
                reclustering_suspended: true,
                ..catalog.get::<DynamicTable>(&source)?.clone()
            };
            if let Some(lag) = body.target_lag {
                table.target_lag = lag;
            }
            if let Some(warehouse) = &body.warehouse {
                table.warehouse = catalog.existing_warehouse(warehouse)?;
            }
            return Ok(table);
        }
        let target_lag = body
            .target_lag
            .ok_or_else(|| SqlError::missing_property("TARGET_LAG", "DYNAMIC TABLE"))?;
        let warehouse = body
            .warehouse
            .ok_or_else(|| SqlError::missing_property("WAREHOUSE", "DYNAMIC TABLE"))?;
        let warehouse = catalog.existing_warehouse(&warehouse)?;
        // The same compilation as CREATE VIEW's: sources exist, columns resolve.
        let mut view = catalog.build_view(meta.clone(), name, &body.definition)?;
        // A declared type and comment are the column's (the binder has already matched
        // the count).
        for (column, listed) in view.columns.iter_mut().zip(&body.columns) {
            if let Some(data_type) = listed.data_type {
                column.data_type = data_type;
            }
            if listed.comment.is_some() {
                column.comment.clone_from(&listed.comment);
            }
        }
        meta.comment = body.comment;
        let mut table = DynamicTable {
            meta,
            text: body.definition.text,
            query: body.definition.query,
            target_lag,
            warehouse,
            refresh_mode: match body.refresh_mode.as_deref() {
                None | Some("AUTO") => "INCREMENTAL".to_string(),
                Some(mode) => mode.to_string(),
            },
            cluster_by: body.cluster_by,
            suspended: false,
            columns: view.columns,
            scheduler: None,
            immutable_where: None,
            initialization_warehouse: None,
            reclustering_suspended: false,
            parameters: BTreeMap::new(),
            row_access_policy: None,
            search_optimization: None,
            execute_as_user: None,
            row_timestamp: false,
        };
        for setting in body.settings {
            table.apply(catalog, setting)?;
        }
        Ok(table)
    }

    fn alter(
        &mut self,
        catalog: &Catalog,
        name: &ObjectName,
        action: DynamicTableAlter,
        _: super::Stamp,
        names: &super::Names<'_>,
    ) -> Result<(), SqlError> {
        match action {
            DynamicTableAlter::Suspend => self.suspended = true,
            DynamicTableAlter::Resume => self.suspended = false,
            DynamicTableAlter::Refresh => catalog.check_dynamic_table(name, self)?,
            DynamicTableAlter::Recluster(on) => self.reclustering_suspended = !on,
            // Checked before anything changes: the ALTER is atomic.
            DynamicTableAlter::Set(settings) => {
                let mut copy = self.clone();
                for setting in settings {
                    copy.apply(catalog, setting)?;
                }
                *self = copy;
            }
            DynamicTableAlter::Unset(items) => {
                for item in items {
                    match item {
                        Unsetting::Comment => self.meta.comment = None,
                        Unsetting::InitializationWarehouse => self.initialization_warehouse = None,
                        Unsetting::ImmutableWhere => self.immutable_where = None,
                        Unsetting::Parameter(key) => {
                            self.parameters.remove(&key);
                        }
                        Unsetting::ExecuteAsUser => self.execute_as_user = None,
                        Unsetting::RowTimestamp => self.row_timestamp = false,
                    }
                }
            }
            DynamicTableAlter::ClusterBy(keys) => {
                self.cluster_by = keys;
                self.reclustering_suspended = false;
            }
            DynamicTableAlter::RowAccess(change) => super::row_access_policy::alter_held(
                catalog,
                &mut self.row_access_policy,
                &self.columns,
                &change,
                names,
            )?,
            DynamicTableAlter::SearchOptimization(action) => {
                let columns: Vec<Ident> = self.columns.iter().map(|c| c.name.clone()).collect();
                search_optimization::apply(&mut self.search_optimization, &columns, &action)?;
            }
            // Tags are kept by the catalog: `alter_stored`.
            DynamicTableAlter::Columns(_) => {
                return Err(SqlError::unsupported(
                    "This ALTER action needs the catalog's tag assignments.",
                ));
            }
        }
        Ok(())
    }

    /// A column clause changes the catalog's tag assignments too
    /// ([`super::view::alter_relation_columns`]); every other action is the table's own,
    /// on a copy.
    fn alter_stored(
        catalog: &mut Catalog,
        name: &ObjectName,
        action: DynamicTableAlter,
        now: Stamp,
        names: &Names<'_>,
    ) -> Result<(), SqlError> {
        if let DynamicTableAlter::Columns(changes) = &action {
            // The column actions ALTER DYNAMIC TABLE documents: COMMENT / UNSET COMMENT,
            // SET / UNSET MASKING POLICY and SET / UNSET TAG.
            if changes.iter().any(|(_, c)| {
                !matches!(
                    c,
                    ColumnChange::SetComment(_)
                        | ColumnChange::UnsetComment
                        | ColumnChange::SetMaskingPolicy { .. }
                        | ColumnChange::UnsetMaskingPolicy
                        | ColumnChange::SetTag(_)
                        | ColumnChange::UnsetTag(_)
                )
            }) {
                return Err(SqlError::unsupported(
                    "A dynamic table's columns take only COMMENT, MASKING POLICY and TAG changes.",
                ));
            }
            let mut table = catalog.get::<DynamicTable>(name)?.clone();
            let known: Vec<Ident> = table.columns.iter().map(|c| c.name.clone()).collect();
            let (comments, governance): (Vec<_>, Vec<_>) =
                changes.iter().cloned().partition(|(_, c)| {
                    matches!(c, ColumnChange::SetComment(_) | ColumnChange::UnsetComment)
                });
            for (column, change) in comments {
                let found = table
                    .columns
                    .iter_mut()
                    .find(|c| c.name == column)
                    .ok_or_else(|| SqlError::invalid_identifier(&column.to_sql()))?;
                found.comment = match change {
                    ColumnChange::SetComment(text) => Some(text),
                    _ => None,
                };
            }
            super::view::alter_relation_columns(
                catalog,
                table.meta.id,
                &mut table.columns,
                &known,
                &governance,
                names,
            )?;
            *catalog.get_mut::<DynamicTable>(name)? = table;
            return Ok(());
        }
        let mut copy = catalog.get::<DynamicTable>(name)?.clone();
        copy.alter(catalog, name, action, now, names)?;
        *catalog.get_mut::<DynamicTable>(name)? = copy;
        Ok(())
    }
}

impl DynamicTable {
    /// One setting of CREATE or ALTER … SET; a warehouse named must exist.
    fn apply(&mut self, catalog: &Catalog, setting: Setting) -> Result<(), SqlError> {
        match setting {
            Setting::TargetLag(lag) => self.target_lag = lag,
            Setting::Warehouse(name) => self.warehouse = catalog.existing_warehouse(&name)?,
            Setting::InitializationWarehouse(name) => {
                self.initialization_warehouse = Some(catalog.existing_warehouse(&name)?);
            }
            Setting::Comment(text) => self.meta.comment = Some(text),
            Setting::Scheduler(value) => self.scheduler = Some(value),
            Setting::ImmutableWhere(expression) => self.immutable_where = Some(expression),
            Setting::Parameter(property) => {
                let value = parameter_value(&property)?;
                self.parameters.insert(property.key, value);
            }
            // The user must exist (a user is named by a single identifier). The
            // IMPERSONATE privilege the page requires is not checked: the sandbox keeps no
            // grants on users.
            Setting::ExecuteAsUser(user) => match user.parts.as_slice() {
                [name] if catalog.account.users.contains_key(name) => {
                    self.execute_as_user = Some(name.clone());
                }
                _ => return Err(SqlError::does_not_exist("User", &user.to_string())),
            },
            Setting::RowTimestamp(on) => self.row_timestamp = on,
        }
        Ok(())
    }
}

impl Catalog {
    /// A dynamic table's query still compiles against the catalog as it is now (what a
    /// refresh needs): its sources exist and its columns resolve.
    pub(crate) fn check_dynamic_table(
        &self,
        name: &ObjectName,
        table: &DynamicTable,
    ) -> Result<(), SqlError> {
        let schema = name.schema_name();
        let references: Vec<ObjectName> =
            crate::sandbox::statement::references::referenced_names_of(&table.query)
                .iter()
                .map(|raw| resolve_in(raw, &schema))
                .collect();
        self.query_sources(&references, None)?;
        let relations = CatalogRelations {
            catalog: self,
            database: Some(schema.database.clone()),
            schema: Some(schema.schema.clone()),
        };
        crate::sql::bind::bind_view(&table.query, &relations)
            .map(|_| ())
            .map_err(|e| bind_error(&e, &table.query, 0))
    }
}

/// SHOW DYNAMIC TABLES, with the documented columns in the documented order
/// (https://docs.snowflake.com/en/sql-reference/sql/show-dynamic-tables);
/// `scheduling_state` is `ACTIVE` / `SUSPENDED` since bundle 2024_02
/// (https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_02/bcr-1543).
impl ShowRows for DynamicTable {
    const SHOW: &'static str = "SHOW DYNAMIC TABLES";
    const COLUMNS: &'static [(&'static str, &'static str)] = &[
        ("created_on", "timestamp_ltz"),
        ("name", "text"),
        ("database_name", "text"),
        ("schema_name", "text"),
        ("cluster_by", "text"),
        ("rows", "fixed"),
        ("bytes", "fixed"),
        ("owner", "text"),
        ("target_lag", "text"),
        ("scheduler", "text"),
        ("refresh_mode", "text"),
        ("refresh_mode_reason", "text"),
        ("warehouse", "text"),
        ("comment", "text"),
        ("text", "text"),
        ("automatic_clustering", "text"),
        ("scheduling_state", "text"),
        ("last_suspended_on", "timestamp_ltz"),
        ("is_clone", "text"),
        ("is_replica", "text"),
        ("is_iceberg", "text"),
        ("data_timestamp", "timestamp_ltz"),
        ("owner_role_type", "text"),
        ("immutable_where", "text"),
        ("execute_as_user", "text"),
    ];

    fn in_schema(schema: &Schema) -> Vec<(&Ident, &Self)> {
        DynamicTable::map(schema).iter().collect()
    }

    fn row(_: &Catalog, entry: &Entry<'_, Self>) -> Vec<Option<String>> {
        let t = entry.object;
        vec![
            stamp(t.meta.created_on),
            text(entry.name.as_str()),
            text(entry.database.as_str()),
            text(entry.schema.as_str()),
            text(t.cluster_by.clone().unwrap_or_default()),
            text("0"),
            text("0"),
            text(t.meta.owner.clone()),
            text(t.target_lag.clone()),
            // NULL when SCHEDULER was never set explicitly.
            t.scheduler.clone(),
            text(t.refresh_mode.clone()),
            None,
            text(t.warehouse.as_str()),
            comment(&t.meta.comment),
            text(t.text.clone()),
            text(if t.cluster_by.is_some() && !t.reclustering_suspended {
                "ON"
            } else {
                "OFF"
            }),
            text(if t.suspended { "SUSPENDED" } else { "ACTIVE" }),
            None,
            text("false"),
            text("false"),
            text("false"),
            stamp(t.meta.created_on),
            text("ROLE"),
            t.immutable_where.clone(),
            t.execute_as_user.as_ref().map(|u| u.as_str().to_string()),
        ]
    }
}

/// DESCRIBE DYNAMIC TABLE: its columns, as DESCRIBE TABLE prints them
/// (https://docs.snowflake.com/en/sql-reference/sql/desc-dynamic-table).
impl DescribeRows for DynamicTable {
    fn describe(_: &Catalog, entry: &Entry<'_, Self>) -> QueryResult {
        super::table::describe_columns(&entry.object.columns)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::statement::parser::read_all;

    fn create(sql: &str) -> Result<DynamicTableBody, SqlError> {
        read_all(sql, DynamicTable::parse_create)
    }

    fn alter(sql: &str) -> Result<DynamicTableAlter, SqlError> {
        read_all(sql, DynamicTable::parse_alter)
    }

    #[test]
    fn create_reads_the_properties_in_any_order_then_the_query() {
        let body = create(
            "warehouse = wh refresh_mode = full target_lag = '5 minutes' initialize = on_schedule \
             cluster by (d, upper(x)) comment = 'c' copy grants as select d from t",
        )
        .unwrap();
        assert_eq!(body.target_lag.as_deref(), Some("5 minutes"));
        assert_eq!(body.refresh_mode.as_deref(), Some("FULL"));
        assert_eq!(body.cluster_by.as_deref(), Some("LINEAR(d, upper(x))"));
        assert_eq!(body.definition.query, "select d from t");
        assert_eq!(body.definition.references.len(), 1);
        assert_eq!(
            create("target_lag = downstream warehouse = wh as select 1")
                .unwrap()
                .target_lag
                .as_deref(),
            Some("DOWNSTREAM")
        );
        // The documented minimum lag is 60 seconds.
        let e = create("target_lag = '59 seconds' warehouse = wh as select 1").unwrap_err();
        assert_eq!(e.code, "002029");
        assert_eq!(
            create("target_lag = '1 minute' warehouse = wh refresh_mode = sometimes as select 1")
                .unwrap_err()
                .code,
            "002029"
        );
        assert_eq!(
            create("target_lag = '1 minute' warehouse = wh")
                .unwrap_err()
                .code,
            "001003"
        );
        assert_eq!(
            create("target_lag = '1 minute' as insert into t values (1)")
                .unwrap_err()
                .code,
            "001003"
        );
    }

    #[test]
    fn alter_reads_each_documented_action() {
        assert_eq!(alter("suspend").unwrap(), DynamicTableAlter::Suspend);
        assert_eq!(alter("resume").unwrap(), DynamicTableAlter::Resume);
        assert_eq!(alter("refresh").unwrap(), DynamicTableAlter::Refresh);
        assert_eq!(
            alter("set target_lag = '10 minutes' warehouse = w2").unwrap(),
            DynamicTableAlter::Set(vec![
                Setting::TargetLag("10 minutes".into()),
                Setting::Warehouse(RawName::single(Ident::from_stored("W2"))),
            ])
        );
        assert_eq!(
            alter("unset comment, log_level, immutable").unwrap(),
            DynamicTableAlter::Unset(vec![
                Unsetting::Comment,
                Unsetting::Parameter("LOG_LEVEL".into()),
                Unsetting::ImmutableWhere,
            ])
        );
        assert_eq!(
            alter("refresh copy session").unwrap(),
            DynamicTableAlter::Refresh
        );
        assert_eq!(
            alter("suspend recluster").unwrap(),
            DynamicTableAlter::Recluster(false)
        );
        assert_eq!(
            alter("set scheduler = disable, frozen where (ts < '2020-01-01')").unwrap(),
            DynamicTableAlter::Set(vec![
                Setting::Scheduler("DISABLE".into()),
                Setting::ImmutableWhere("ts < '2020-01-01'".into()),
            ])
        );
        assert_eq!(
            alter("drop clustering key").unwrap(),
            DynamicTableAlter::ClusterBy(None)
        );
        // The query and the refresh mode have no ALTER.
        for sql in [
            "set refresh_mode = full",
            "modify as select 1",
            "set",
            "set scheduler = maybe",
            "unset target_lag",
            "set immutable where ()",
        ] {
            assert_eq!(alter(sql).unwrap_err().code, "001003", "{sql}");
        }
    }
}
