//! A Snowflake dynamic table: `[[dynamic_table]]` with `query`, `target_lag`,
//! `warehouse`, `refresh_mode`, `initialize`, `cluster_by` and `comment`.
//!
//! What Snowflake lets change in place, and what it does not
//! (https://docs.snowflake.com/en/sql-reference/sql/alter-dynamic-table):
//! * `SET TARGET_LAG`, `SET WAREHOUSE`, `SET` / `UNSET COMMENT`, `CLUSTER BY (…)` /
//!   `DROP CLUSTERING KEY` alter in place;
//! * the query, `REFRESH_MODE` and `INITIALIZE` cannot be altered: the table is created
//!   again (`CREATE OR REPLACE DYNAMIC TABLE … COPY GRANTS`), which re-materializes it from
//!   its sources and makes every dynamic table reading it reinitialize
//!   (https://docs.snowflake.com/en/sql-reference/sql/create-dynamic-table, "CREATE OR
//!   ALTER": "reinitialization happens on REFRESH_MODE change, query change …"). Nothing
//!   is lost that the sources do not hold, so the change is a rebuild, not destructive;
//!   the plan lists the dependents it touches (`plan::affected`).
//!
//! Read-back (`SHOW DYNAMIC TABLES IN DATABASE d`,
//! https://docs.snowflake.com/en/sql-reference/sql/show-dynamic-tables): `text` is the
//! command that created the table (its query follows the top-level `AS`), `target_lag`
//! echoes the lag as written (`5 minutes`) or `DOWNSTREAM`, `refresh_mode` is the mode in
//! effect. With `REFRESH_MODE = AUTO` Snowflake picks FULL or INCREMENTAL at creation and
//! reports the pick (https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_04/bcr-1614),
//! so a desired AUTO matches either. `INITIALIZE` is not reported at all: like a
//! sequence's start it only shapes the CREATE, and a changed `initialize` on an existing
//! table is not a change lakeform can see.
//!
//! The query's relations are references (edges in the plan graph, as a view's are), and
//! the query is bound offline against the declared columns (`config::queries`); its
//! output columns make the dynamic table a relation other views and dynamic tables read.

use std::fmt;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{DiffCx, ObjectKind};
use crate::config::names::NameScope;
use crate::config::queries::{SqlForm, SqlText};
use crate::config::resolve::{Ctx, Declared, common_keys};
use crate::config::schema_file::object_entry;
use crate::import::entry::{Entry, Writer};
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::kinds::table::read::cluster_keys;
use crate::kinds::view::entry::query_relations;
use crate::kinds::view::read::query_after_as;
use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::model::schedule::TargetLag;
use crate::model::{Address, Derived, Kind, Object, Resource};
use crate::plan::diff::{DiffError, Edits, comment};
use crate::plan::{Attribute, Tier};
use crate::providers::snowflake::introspect::record::Record;
use crate::providers::snowflake::introspect::{IntrospectError, Listing};
use crate::sql::CanonicalSql;
use crate::sql::fragment::Fragment;
use crate::sql::quote::comment_clause;

/// A dynamic table, in canonical form.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DynamicTable {
    pub name: ObjectName,
    /// The query after `AS`, compared as canonical SQL.
    pub query: CanonicalSql,
    pub target_lag: TargetLag,
    pub warehouse: Ident,
    pub refresh_mode: RefreshMode,
    /// `None` when read from Snowflake, which does not report it; takes no part in
    /// equality.
    pub initialize: Option<Initialize>,
    pub cluster_by: Vec<CanonicalSql>,
    pub comment: Option<String>,
    /// The tables, views, dynamic tables and streams the query selects from, resolved by
    /// the configuration; derived from `query`, so it takes no part in equality.
    #[serde(default)]
    pub selects_from: Derived<Vec<Address>>,
}

impl PartialEq for DynamicTable {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.query == other.query
            && self.target_lag == other.target_lag
            && self.warehouse == other.warehouse
            && self.refresh_mode.matches(other.refresh_mode)
            && cluster_text(&self.cluster_by) == cluster_text(&other.cluster_by)
            && self.comment == other.comment
    }
}

impl Eq for DynamicTable {}

impl Resource for DynamicTable {
    fn address(&self) -> Address {
        Address::new(Kind::DynamicTable, &self.name)
    }

    fn schema(&self) -> Option<SchemaName> {
        Some(self.name.schema_name())
    }

    fn references(&self) -> Vec<Address> {
        let mut refs = vec![
            Address::new(Kind::Schema, self.name.schema_name()),
            Address::new(Kind::Warehouse, &self.warehouse),
        ];
        refs.extend(self.selects_from.iter().cloned());
        refs
    }
}

/// `REFRESH_MODE` (https://docs.snowflake.com/en/user-guide/dynamic-tables/refresh-modes).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "UPPERCASE")]
pub enum RefreshMode {
    /// Snowflake picks FULL or INCREMENTAL at creation (the default).
    #[default]
    Auto,
    Full,
    Incremental,
}

impl RefreshMode {
    /// Whether two modes describe the same table: AUTO is whichever mode Snowflake chose.
    fn matches(self, other: RefreshMode) -> bool {
        self == other || self == RefreshMode::Auto || other == RefreshMode::Auto
    }

    fn parse(text: &str) -> Option<RefreshMode> {
        match text.to_ascii_uppercase().as_str() {
            "AUTO" => Some(RefreshMode::Auto),
            "FULL" => Some(RefreshMode::Full),
            "INCREMENTAL" => Some(RefreshMode::Incremental),
            _ => None,
        }
    }
}

impl fmt::Display for RefreshMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RefreshMode::Auto => "AUTO",
            RefreshMode::Full => "FULL",
            RefreshMode::Incremental => "INCREMENTAL",
        })
    }
}

/// `INITIALIZE`: the first refresh at creation (the default) or at the first scheduled
/// refresh.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Initialize {
    #[default]
    OnCreate,
    OnSchedule,
}

impl fmt::Display for Initialize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Initialize::OnCreate => "ON_CREATE",
            Initialize::OnSchedule => "ON_SCHEDULE",
        })
    }
}

object_entry! {
    /// `[[dynamic_table]]`.
    RawDynamicTable {
        /// The SELECT whose result the table keeps.
        #[schemars(with = "String")]
        query: Spanned<String>,
        /// "<n> seconds|minutes|hours|days" (at least 60 seconds) or "DOWNSTREAM".
        #[schemars(with = "String")]
        target_lag: Spanned<String>,
        /// The warehouse refreshes run on.
        #[schemars(with = "String")]
        warehouse: Spanned<String>,
        /// AUTO (default), FULL or INCREMENTAL; a change recreates the table.
        #[serde(default)]
        refresh_mode: RefreshMode,
        /// ON_CREATE (default) or ON_SCHEDULE; only used when the table is created.
        #[serde(default)]
        initialize: Initialize,
        /// Clustering key expressions.
        #[serde(default)]
        #[schemars(with = "Vec<String>")]
        cluster_by: Vec<Spanned<String>>,
    }
}

impl ObjectKind for DynamicTable {
    const SQL_KEYWORD: &'static str = "DYNAMIC TABLE";
    /// `CREATE OR REPLACE … COPY GRANTS` (https://docs.snowflake.com/en/sql-reference/sql/create-dynamic-table).
    const REPLACE_COPIES_GRANTS: bool = true;
    const SCHEMA_LEVEL: bool = true;
    type Raw = RawDynamicTable;

    fn resolve(raw: RawDynamicTable, ctx: &mut Ctx<'_>) -> Option<Declared> {
        let scope = ctx.scope.clone();
        let name = ctx.object_name(&raw.name, &scope, "dynamic table")?;
        let own_scope = NameScope::of(&name.schema_name());
        let mut valid = true;
        let target_lag = TargetLag::parse(raw.target_lag.get_ref())
            .map_err(|e| {
                ctx.error(&raw.target_lag, format!("invalid target_lag: {e}"))
                    .help = Some(
                    "write a duration such as '5 minutes' (at least 60 seconds), or 'DOWNSTREAM'"
                        .into(),
                );
            })
            .ok();
        let warehouse = ctx.ident(&raw.warehouse, "warehouse");
        for key in &raw.cluster_by {
            valid &= ctx.sql_fragment(key, "clustering key", Fragment::Expression);
        }
        if raw.query.get_ref().trim().is_empty() {
            ctx.error(&raw.query, "a dynamic table needs a query");
            return None;
        }
        if !ctx.sql_fragment(&raw.query, "dynamic table query", Fragment::Query) {
            return None;
        }
        let owner = format!("dynamic table {name}");
        let selects = query_relations(ctx, &raw.query, &own_scope, &owner)?;
        let (Some(target_lag), Some(warehouse), true) = (target_lag, warehouse, valid) else {
            return None;
        };
        let sql = SqlText {
            form: SqlForm::View,
            text: raw.query.get_ref().clone(),
            file: ctx.file.path().to_path_buf(),
            span: raw.query.span(),
            schema: name.schema_name(),
        };
        let warehouse_site = ctx.locate(&raw.warehouse);
        let table = DynamicTable {
            name,
            query: CanonicalSql::new(raw.query.get_ref().as_str()),
            target_lag,
            warehouse: warehouse.clone(),
            refresh_mode: raw.refresh_mode,
            initialize: Some(raw.initialize),
            cluster_by: raw
                .cluster_by
                .iter()
                .map(|k| CanonicalSql::new(k.get_ref().as_str()))
                .collect(),
            comment: raw.comment.clone(),
            selects_from: Default::default(),
        };
        let mut declared = ctx.declare(table, common_keys!(raw));
        declared
            .sites
            .insert(Address::new(Kind::Warehouse, &warehouse), warehouse_site);
        declared.relations = selects;
        declared.sql.push(sql);
        Some(declared)
    }

    fn diff(
        live: &DynamicTable,
        desired: &DynamicTable,
        _cx: &DiffCx<'_>,
    ) -> Result<Edits, DiffError> {
        let mut e = Edits::default();
        let object = Object::DynamicTable(desired.clone());
        let query_changed = live.query != desired.query;
        let mode_changed = !live.refresh_mode.matches(desired.refresh_mode);
        if query_changed || mode_changed {
            if query_changed {
                e.attribute(
                    Attribute::Query,
                    Some(live.query.text().trim().to_string()),
                    Some(desired.query.text().trim().to_string()),
                );
            }
            e.compare("refresh_mode", &live.refresh_mode, &desired.refresh_mode);
            e.compare("target_lag", &live.target_lag, &desired.target_lag);
            e.compare("warehouse", &live.warehouse, &desired.warehouse);
            e.compare(
                "cluster_by",
                &cluster_text(&live.cluster_by),
                &cluster_text(&desired.cluster_by),
            );
            e.compare_option("comment", &live.comment, &desired.comment);
            let what = if query_changed {
                "a dynamic table's query"
            } else {
                "a dynamic table's refresh mode"
            };
            e.replace(format!(
                "{what} cannot be altered: the table is created again (CREATE OR REPLACE … COPY GRANTS)"
            ));
            e.raise(
                Tier::Rebuild,
                "the table is re-materialized from its sources by a full refresh on its warehouse, and the dynamic tables downstream of it reinitialize",
            );
            e.sql(desired.create_sql(CreateMode::Replace)?);
            return Ok(e);
        }
        let alter = format!("ALTER DYNAMIC TABLE {}", desired.name);
        if e.compare("target_lag", &live.target_lag, &desired.target_lag) {
            e.sql(format!(
                "{alter} SET TARGET_LAG = {}",
                desired.target_lag.sql()
            ));
        }
        if e.compare("warehouse", &live.warehouse, &desired.warehouse) {
            e.sql(format!("{alter} SET WAREHOUSE = {}", desired.warehouse));
        }
        if e.compare(
            "cluster_by",
            &cluster_text(&live.cluster_by),
            &cluster_text(&desired.cluster_by),
        ) {
            e.sql(if desired.cluster_by.is_empty() {
                format!("{alter} DROP CLUSTERING KEY")
            } else {
                format!("{alter} CLUSTER BY ({})", expressions(&desired.cluster_by))
            });
        }
        comment(&mut e, &live.comment, &desired.comment, &object)?;
        Ok(e)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        let mut clauses = format!(
            " TARGET_LAG = {} WAREHOUSE = {}",
            self.target_lag.sql(),
            self.warehouse
        );
        if self.refresh_mode != RefreshMode::Auto {
            clauses.push_str(&format!(" REFRESH_MODE = {}", self.refresh_mode));
        }
        if let Some(initialize) = self.initialize.filter(|i| *i != Initialize::OnCreate) {
            clauses.push_str(&format!(" INITIALIZE = {initialize}"));
        }
        if !self.cluster_by.is_empty() {
            clauses.push_str(&format!(" CLUSTER BY ({})", expressions(&self.cluster_by)));
        }
        clauses.push_str(&comment_clause(self.comment.as_deref()));
        if mode == CreateMode::Replace {
            clauses.push_str(" COPY GRANTS");
        }
        Ok(format!(
            "{} DYNAMIC TABLE {}{clauses} AS {}",
            mode.verb(),
            self.name,
            self.query.text()
        ))
    }

    /// `SHOW DYNAMIC TABLES IN DATABASE d`, paged: it errors past 10,000 rows without
    /// `LIMIT` (https://docs.snowflake.com/en/sql-reference/sql/show-dynamic-tables).
    fn listing(database: &Ident) -> Option<Listing> {
        Some(Listing::InDatabase("DYNAMIC TABLES", database.clone()))
    }

    fn parse_row(record: &Record<'_>) -> Result<Option<Self>, IntrospectError> {
        parse(record).map(Some)
    }

    fn import(&self, w: &Writer<'_>, schema: Option<&SchemaName>) -> Entry {
        let mut e = Entry::new("dynamic_table");
        e.set("name", w.text(&w.short(&self.name, schema)));
        w.comment(&mut e, &self.comment);
        e.set("target_lag", w.text(&self.target_lag.to_string()));
        e.set("warehouse", w.text(&self.warehouse.to_sql()));
        // The mode Snowflake reports is the one in effect; writing it keeps the table as
        // it is (AUTO could pick the other mode when recreated elsewhere).
        if self.refresh_mode != RefreshMode::Auto {
            e.set("refresh_mode", w.text(&self.refresh_mode.to_string()));
        }
        if !self.cluster_by.is_empty() {
            e.set(
                "cluster_by",
                w.texts(self.cluster_by.iter().map(CanonicalSql::text)),
            );
        }
        e.set("query", w.sql(self.query.text()));
        e
    }
}

/// Clustering keys as one comparable text (`(a, b)`), compared token by token.
fn cluster_text(keys: &[CanonicalSql]) -> String {
    let keys: Vec<&str> = keys.iter().map(|k| k.canonical()).collect();
    format!("({})", keys.join(", "))
}

fn expressions(keys: &[CanonicalSql]) -> String {
    let texts: Vec<&str> = keys.iter().map(CanonicalSql::text).collect();
    texts.join(", ")
}

/// One row of SHOW DYNAMIC TABLES, read by column name (the `reserved` column the
/// Terraform provider reads is not documented, and not needed).
fn parse(record: &Record<'_>) -> Result<DynamicTable, IntrospectError> {
    let text = record.required("text")?;
    // `text` is the creating command; a bare query is accepted too.
    let query = if text
        .trim_start()
        .get(..6)
        .is_some_and(|w| w.eq_ignore_ascii_case("CREATE"))
    {
        query_after_as(text, "TABLE").ok_or_else(|| {
            record.invalid("text", text, "is not a CREATE DYNAMIC TABLE … AS statement")
        })?
    } else {
        text.trim()
    };
    let lag_text = record.required("target_lag")?;
    let target_lag =
        TargetLag::parse(lag_text).map_err(|e| record.invalid("target_lag", lag_text, e))?;
    let mode_text = record.required("refresh_mode")?;
    let refresh_mode = RefreshMode::parse(mode_text).ok_or_else(|| {
        record.invalid(
            "refresh_mode",
            mode_text,
            "is not AUTO, FULL or INCREMENTAL",
        )
    })?;
    let cluster_text = record.optional("cluster_by")?.unwrap_or("");
    let cluster_by = cluster_keys(cluster_text).ok_or_else(|| {
        record.invalid("cluster_by", cluster_text, "is not LINEAR(<expressions>)")
    })?;
    Ok(DynamicTable {
        name: record.object_name("database_name", "schema_name", "name")?,
        query: CanonicalSql::new(query),
        target_lag,
        warehouse: Ident::from_stored(record.required("warehouse")?),
        refresh_mode,
        initialize: None,
        cluster_by,
        comment: record.comment()?,
        selects_from: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Action;
    use crate::providers::snowflake::introspect::record::fixture::row;

    fn table(query: &str, lag: &str) -> DynamicTable {
        DynamicTable {
            name: ObjectName::parse("PR.GOLD.DAILY_SALES").unwrap(),
            query: CanonicalSql::new(query),
            target_lag: TargetLag::parse(lag).unwrap(),
            warehouse: Ident::from_stored("COMPUTE_WH"),
            refresh_mode: RefreshMode::Auto,
            initialize: Some(Initialize::OnCreate),
            cluster_by: vec![],
            comment: None,
            selects_from: Default::default(),
        }
    }

    fn diff(live: &DynamicTable, desired: &DynamicTable) -> Edits {
        crate::kinds::diff_in_test(live, desired)
    }

    fn statements(e: &Edits) -> Vec<String> {
        e.steps.iter().map(|s| s.describe()).collect()
    }

    #[test]
    fn target_lags_parse_compare_in_seconds_and_keep_the_minimum() {
        assert_eq!(
            TargetLag::parse("5 minutes").unwrap().to_string(),
            "5 minutes"
        );
        assert_eq!(
            TargetLag::parse("300 SECONDS").unwrap(),
            TargetLag::parse("5 minute").unwrap()
        );
        assert_eq!(
            TargetLag::parse("downstream").unwrap(),
            TargetLag::Downstream
        );
        assert_ne!(TargetLag::parse("1 hour").unwrap(), TargetLag::Downstream);
        assert!(TargetLag::parse("60 seconds").is_ok());
        assert!(
            TargetLag::parse("59 seconds")
                .unwrap_err()
                .contains("at least 60 seconds")
        );
        assert!(
            TargetLag::parse("5 weeks")
                .unwrap_err()
                .contains("unknown unit")
        );
        assert!(TargetLag::parse("five minutes").is_err());
        assert!(TargetLag::parse("").is_err());
    }

    #[test]
    fn create_states_every_attribute() {
        let mut t = table("SELECT 1 AS X", "5 minutes");
        t.refresh_mode = RefreshMode::Incremental;
        t.initialize = Some(Initialize::OnSchedule);
        t.cluster_by = vec![CanonicalSql::new("X")];
        t.comment = Some("daily".into());
        assert_eq!(
            t.create_sql(CreateMode::Create).unwrap(),
            "CREATE DYNAMIC TABLE PR.GOLD.DAILY_SALES TARGET_LAG = '5 minutes' WAREHOUSE = COMPUTE_WH REFRESH_MODE = INCREMENTAL INITIALIZE = ON_SCHEDULE CLUSTER BY (X) COMMENT = 'daily' AS SELECT 1 AS X"
        );
        let mut t = table("SELECT 1 AS X", "DOWNSTREAM");
        t.initialize = None;
        assert_eq!(
            t.create_sql(CreateMode::Replace).unwrap(),
            "CREATE OR REPLACE DYNAMIC TABLE PR.GOLD.DAILY_SALES TARGET_LAG = DOWNSTREAM WAREHOUSE = COMPUTE_WH COPY GRANTS AS SELECT 1 AS X"
        );
    }

    #[test]
    fn lag_warehouse_clustering_and_comment_alter_in_place() {
        let live = table("select 1 as x", "5 minutes");
        let mut desired = table("SELECT 1 AS X", "10 minutes");
        desired.warehouse = Ident::from_stored("BI_WH");
        desired.cluster_by = vec![CanonicalSql::new("X")];
        desired.comment = Some("c".into());
        let e = diff(&live, &desired);
        assert_eq!((e.action, e.tier), (Action::Update, Tier::Safe));
        assert_eq!(
            statements(&e),
            [
                "ALTER DYNAMIC TABLE PR.GOLD.DAILY_SALES SET TARGET_LAG = '10 minutes'",
                "ALTER DYNAMIC TABLE PR.GOLD.DAILY_SALES SET WAREHOUSE = BI_WH",
                "ALTER DYNAMIC TABLE PR.GOLD.DAILY_SALES CLUSTER BY (X)",
                "ALTER DYNAMIC TABLE PR.GOLD.DAILY_SALES SET COMMENT = 'c'",
            ]
        );
    }

    #[test]
    fn a_query_or_refresh_mode_change_recreates_the_table_as_a_rebuild() {
        let live = table("SELECT 1 AS X", "5 minutes");
        let e = diff(&live, &table("SELECT 2 AS X", "5 minutes"));
        assert_eq!((e.action, e.tier), (Action::Replace, Tier::Rebuild));
        assert!(e.reasons.iter().any(|r| r.contains("re-materialized")));
        assert_eq!(
            statements(&e),
            [
                "CREATE OR REPLACE DYNAMIC TABLE PR.GOLD.DAILY_SALES TARGET_LAG = '5 minutes' WAREHOUSE = COMPUTE_WH COPY GRANTS AS SELECT 2 AS X"
            ]
        );
        let mut full = table("SELECT 1 AS X", "5 minutes");
        full.refresh_mode = RefreshMode::Full;
        let mut incremental = live.clone();
        incremental.refresh_mode = RefreshMode::Incremental;
        let e = diff(&incremental, &full);
        assert_eq!(e.action, Action::Replace);
        assert!(e.reasons[0].contains("refresh mode"));
        // AUTO is whichever mode Snowflake picked; the initialize setting is never read.
        let mut read = incremental.clone();
        read.initialize = None;
        assert!(diff(&read, &live).is_empty());
    }

    #[test]
    fn show_rows_are_read_by_column_name() {
        let rows = row(&[
            ("created_on", Some("2026-12-06 08:00:00.000 -0800")),
            ("name", Some("DAILY_SALES")),
            ("reserved", Some("")),
            ("database_name", Some("PR")),
            ("schema_name", Some("GOLD")),
            ("cluster_by", Some("LINEAR(SALES_DATE)")),
            ("target_lag", Some("5 minutes")),
            ("refresh_mode", Some("INCREMENTAL")),
            ("warehouse", Some("COMPUTE_WH")),
            ("comment", Some("")),
            (
                "text",
                Some(
                    "create or replace dynamic table DAILY_SALES target_lag = '5 minutes' warehouse = COMPUTE_WH comment = 'x AS y' as\n  select 1 as x",
                ),
            ),
            ("scheduling_state", Some("ACTIVE")),
        ]);
        let record = Record::new(rows.rows().next().unwrap(), Kind::DynamicTable);
        let t = parse(&record).unwrap();
        assert_eq!(t.name.to_string(), "PR.GOLD.DAILY_SALES");
        assert_eq!(t.query.text(), "select 1 as x");
        assert_eq!(t.target_lag, TargetLag::parse("300 seconds").unwrap());
        assert_eq!(t.refresh_mode, RefreshMode::Incremental);
        assert_eq!(cluster_text(&t.cluster_by), "(SALES_DATE)");
        assert_eq!((t.comment, t.initialize), (None, None));
        let bad = row(&[
            ("name", Some("D")),
            ("database_name", Some("PR")),
            ("schema_name", Some("GOLD")),
            ("target_lag", Some("soon")),
            ("refresh_mode", Some("AUTO")),
            ("warehouse", Some("W")),
            ("text", Some("select 1")),
        ]);
        let record = Record::new(bad.rows().next().unwrap(), Kind::DynamicTable);
        assert!(parse(&record).is_err());
    }
}
