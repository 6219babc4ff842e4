//! Tables and their columns: creation from a column list, `CLONE` or `SELECT * FROM`,
//! the properties (`CHANGE_TRACKING`, retention, comment), clustering keys, and the
//! column changes Snowflake performs in place — add, drop, rename, NOT NULL, comments,
//! DROP DEFAULT, and type changes that only widen (VARCHAR/BINARY length, NUMBER
//! precision at the same scale) or lower a NUMBER's precision at the same scale (allowed
//! when the data fits; the sandbox holds no rows). Every other type change is refused
//! with Snowflake's error, because it needs a rebuild.
//!
//! Tables are a registered kind (`sandbox/registry.rs`): their grammar is
//! [`grammar`], CREATE's body [`create`], ALTER's own actions [`alter`]. They use the
//! hooks of `SandboxKind` no other kind needs: an ALTER that changes the catalog beyond
//! the table (`alter_stored`: constraints resolve other tables, column tags and policies
//! are kept by the catalog), a DROP that keeps the table for UNDROP (`remove`), and
//! `COMMENT ON COLUMN` (`comment_on_column`); SWAP WITH, which the parser allows tables
//! only, is the engine's.

pub(crate) mod alter;
pub(crate) mod constraint;
mod create;
pub(crate) mod grammar;
pub(crate) mod search_optimization;
pub(crate) mod virtual_column;

use serde::{Deserialize, Serialize};

use super::rows::{DescribeRows, Entry, ShowRows, columns, comment, flag, stamp, text};
use super::{
    Catalog, Meta, Names, SandboxKind, Schema, Stamp, bool_value, comment_property, unsigned_value,
};
use crate::model::data_type::DataType;
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::Property;
use crate::sandbox::statement::alter::Change;
use constraint::TableConstraint;
use grammar::{ColumnChange, ColumnDefinition, Identity, TableAction, TableAlter, TableCreate};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Column {
    pub name: Ident,
    pub data_type: DataType,
    pub nullable: bool,
    pub default: Option<String>,
    /// `AUTOINCREMENT` / `IDENTITY` columns: their sequence.
    #[serde(default)]
    pub(crate) identity: Option<Identity>,
    pub comment: Option<String>,
    /// The masking policy set on the column (see [`super::masking_policy`]).
    #[serde(default)]
    pub(crate) masking_policy: Option<ObjectName>,
    /// The USING list of a conditional masking policy, the column first; empty without.
    #[serde(default)]
    pub(crate) masking_using: Vec<Ident>,
    /// A virtual column's expression, as written inside `AS ( … )` (see [`virtual_column`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) expression: Option<String>,
}

impl From<&ColumnDefinition> for Column {
    fn from(d: &ColumnDefinition) -> Column {
        Column {
            name: d.name.clone(),
            data_type: d.data_type,
            nullable: d.nullable,
            default: d.default.clone(),
            identity: d.identity,
            comment: d.comment.clone(),
            masking_policy: None,
            masking_using: Vec::new(),
            expression: d.expression.clone(),
        }
    }
}

impl Column {
    /// DESCRIBE TABLE's `default`: the expression, or the identity's sequence.
    pub(crate) fn default_text(&self) -> Option<String> {
        match self.identity {
            Some(identity) => Some(identity.to_string()),
            None => self.default.clone(),
        }
    }

    /// Column rules beyond the grammar: AUTOINCREMENT / IDENTITY "can be used only for
    /// columns with numeric data types"
    /// (https://docs.snowflake.com/en/sql-reference/sql/create-table), and a sequence
    /// cannot step by 0 (https://docs.snowflake.com/en/sql-reference/sql/create-sequence).
    fn check(&self) -> Result<(), SqlError> {
        if let Some(expression) = &self.expression {
            virtual_column::check(self, expression)?;
        }
        if let Some(identity) = self.identity {
            if !matches!(self.data_type, DataType::Number { .. } | DataType::Float) {
                return Err(SqlError::identity_type(
                    &self.name.to_sql(),
                    &self.data_type.to_string(),
                ));
            }
            if identity.increment == 0 {
                return Err(SqlError::invalid_value("INCREMENT", "0"));
            }
        }
        Ok(())
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Table {
    /// `meta.id` is the table's identity: a replaced table gets a new one, which is how
    /// streams on the old table know they went stale.
    pub(crate) meta: Meta,
    pub transient: bool,
    pub columns: Vec<Column>,
    pub cluster_by: Vec<String>,
    pub change_tracking: bool,
    pub(crate) retention_days: u64,
    /// PRIMARY KEY / UNIQUE / FOREIGN KEY constraints (see [`constraint`]).
    #[serde(default)]
    pub(crate) constraints: Vec<TableConstraint>,
    /// The row access policy added to the table and the columns it is added on (see
    /// [`super::row_access_policy`]).
    #[serde(default)]
    pub(crate) row_access_policy: Option<(ObjectName, Vec<Ident>)>,
    /// `ADD SEARCH OPTIMIZATION …`: the configuration, `None` when off (see
    /// [`search_optimization`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) search_optimization: Option<search_optimization::SearchOptimization>,
    /// `SUSPEND RECLUSTER`: Automatic Clustering off while the key stays (SHOW's
    /// `automatic_clustering`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) reclustering_suspended: bool,
}

impl Table {
    pub(crate) fn new(
        meta: Meta,
        transient: bool,
        columns: Vec<Column>,
    ) -> Result<Table, SqlError> {
        for (i, column) in columns.iter().enumerate() {
            if columns[..i].iter().any(|c| c.name == column.name) {
                return Err(SqlError::duplicate_column(&column.name.to_sql()));
            }
            column.check()?;
        }
        Ok(Table {
            meta,
            transient,
            columns,
            cluster_by: Vec::new(),
            change_tracking: false,
            retention_days: 1,
            constraints: Vec::new(),
            row_access_policy: None,
            search_optimization: None,
            reclustering_suspended: false,
        })
    }

    /// A copy with a new identity (CLONE, and the column copy of CTAS).
    pub(crate) fn cloned_as(&self, meta: Meta) -> Table {
        Table {
            meta,
            ..self.clone()
        }
    }

    pub(crate) fn set(&mut self, properties: &[Property]) -> Result<(), SqlError> {
        for property in properties {
            if comment_property(&mut self.meta, property)? {
                continue;
            }
            match property.key.as_str() {
                "CHANGE_TRACKING" => self.change_tracking = bool_value(property)?,
                "DATA_RETENTION_TIME_IN_DAYS" => {
                    let days = unsigned_value(property)?;
                    if days > if self.transient { 1 } else { 90 } {
                        return Err(SqlError::invalid_value(&property.key, &days.to_string()));
                    }
                    self.retention_days = days;
                }
                "MAX_DATA_EXTENSION_TIME_IN_DAYS" => {
                    unsigned_value(property)?;
                }
                "ENABLE_SCHEMA_EVOLUTION" => {
                    bool_value(property)?;
                }
                "DEFAULT_DDL_COLLATION" | "STAGE_FILE_FORMAT" | "STAGE_COPY_OPTIONS" => {}
                _ => return Err(SqlError::invalid_property(&property.key, "TABLE")),
            }
        }
        Ok(())
    }

    pub(crate) fn unset(&mut self, keys: &[String]) -> Result<(), SqlError> {
        for key in keys {
            match key.as_str() {
                "COMMENT" => self.meta.comment = None,
                "CHANGE_TRACKING" => self.change_tracking = false,
                "DATA_RETENTION_TIME_IN_DAYS" => self.retention_days = 1,
                "MAX_DATA_EXTENSION_TIME_IN_DAYS"
                | "DEFAULT_DDL_COLLATION"
                | "ENABLE_SCHEMA_EVOLUTION" => {}
                _ => return Err(SqlError::invalid_property(key, "TABLE")),
            }
        }
        Ok(())
    }

    fn column_index(&self, name: &Ident) -> Result<usize, SqlError> {
        self.columns
            .iter()
            .position(|c| &c.name == name)
            .ok_or_else(|| SqlError::invalid_identifier(&name.to_sql()))
    }

    /// Applies one table ALTER atomically: on error the table is unchanged.
    pub(crate) fn alter(&mut self, action: &TableAlter) -> Result<(), SqlError> {
        let mut next = self.clone();
        next.alter_in_place(action)?;
        *self = next;
        Ok(())
    }

    fn alter_in_place(&mut self, action: &TableAlter) -> Result<(), SqlError> {
        match action {
            TableAlter::AddColumns {
                columns,
                if_not_exists,
            } => {
                for definition in columns {
                    if self.columns.iter().any(|c| c.name == definition.name) {
                        // IF NOT EXISTS leaves an existing column as it is
                        // (https://docs.snowflake.com/en/sql-reference/sql/alter-table).
                        if if_not_exists.contains(&definition.name) {
                            continue;
                        }
                        return Err(SqlError::column_exists(&definition.name.to_sql()));
                    }
                    let column = Column::from(definition);
                    column.check()?;
                    self.columns.push(column);
                }
            }
            TableAlter::DropColumns { names, if_exists } => {
                for name in names {
                    // IF EXISTS passes over a column the table does not have.
                    if *if_exists && self.column_index(name).is_err() {
                        continue;
                    }
                    // "a column referenced by a row access policy cannot be dropped"
                    // (https://docs.snowflake.com/en/sql-reference/sql/drop-row-access-policy, usage notes).
                    if let Some((policy, on)) = &self.row_access_policy
                        && on.contains(name)
                    {
                        return Err(SqlError::column_in_row_access_policy(
                            &name.to_sql(),
                            &policy.to_string(),
                        ));
                    }
                    let index = self.column_index(name)?;
                    virtual_column::check_drop(&self.columns, name)?;
                    self.columns.remove(index);
                    self.forget_column_constraints(name);
                }
                if self.columns.is_empty() {
                    return Err(SqlError::unsupported(
                        "Cannot drop every column of a table: a table needs at least one column.",
                    ));
                }
            }
            TableAlter::RenameColumn { from, to } => {
                let index = self.column_index(from)?;
                if from != to && self.columns.iter().any(|c| &c.name == to) {
                    return Err(SqlError::column_exists(&to.to_sql()));
                }
                self.columns[index].name = to.clone();
                self.rename_in_constraints(from, to);
                // The policy follows the column, as a constraint does.
                if let Some((_, on)) = &mut self.row_access_policy {
                    for column in on.iter_mut().filter(|c| *c == from) {
                        *column = to.clone();
                    }
                }
            }
            TableAlter::AlterColumns(changes) => {
                for (name, change) in changes {
                    let index = self.column_index(name)?;
                    change_column(&mut self.columns[index], change)?;
                }
            }
            TableAlter::ClusterBy(keys) => {
                self.cluster_by = keys.clone();
                self.reclustering_suspended = false;
            }
            TableAlter::DropClusteringKey => {
                self.cluster_by.clear();
                self.reclustering_suspended = false;
            }
            // Manual reclustering "of a table that has a clustering key defined"
            // (https://docs.snowflake.com/en/sql-reference/sql/alter-table, RECLUSTER); the
            // docs give no error for a table without one (chosen, 002043). There are no
            // rows to recluster.
            TableAlter::Recluster => {
                if self.cluster_by.is_empty() {
                    return Err(SqlError::unsupported(
                        "RECLUSTER needs a table with a clustering key.",
                    ));
                }
            }
            // `SUSPEND | RESUME RECLUSTER` "enables or disables Automatic Clustering for the
            // table" (same page): SHOW TABLES' `automatic_clustering`.
            TableAlter::AutomaticClustering(on) => self.reclustering_suspended = !on,
            TableAlter::SearchOptimization(action) => {
                let columns: Vec<Ident> = self.columns.iter().map(|c| c.name.clone()).collect();
                search_optimization::apply(&mut self.search_optimization, &columns, action)?;
            }
            TableAlter::DropConstraint(reference) => self.drop_constraint_ref(reference)?,
            TableAlter::AlterConstraint { reference, rely } => {
                self.alter_constraint(reference, *rely)?
            }
            TableAlter::RenameConstraint { from, to } => self.rename_constraint(from, to)?,
            // The engine resolves the policy's name (`row_access_policy::alter_table`).
            TableAlter::RowAccess(_) => {
                return Err(SqlError::unsupported(
                    "ADD / DROP ROW ACCESS POLICY needs its policy's name resolved first.",
                ));
            }
            // The engine resolves the new constraint's target and calls `add_constraint`.
            TableAlter::AddConstraint(_) => {
                return Err(SqlError::unsupported(
                    "ADD CONSTRAINT needs its names resolved first.",
                ));
            }
        }
        Ok(())
    }
}

fn change_column(column: &mut Column, change: &ColumnChange) -> Result<(), SqlError> {
    match change {
        ColumnChange::SetDataType(to) => {
            check_type_change(&column.name, &column.data_type, to)?;
            column.data_type = *to;
        }
        ColumnChange::SetNotNull => column.nullable = false,
        ColumnChange::DropNotNull => column.nullable = true,
        ColumnChange::SetComment(comment) => column.comment = Some(comment.clone()),
        ColumnChange::UnsetComment => column.comment = None,
        ColumnChange::DropDefault => column.default = None,
        // The engine resolves the policy's name and applies these
        // (`masking_policy::alter_columns`).
        ColumnChange::SetMaskingPolicy { .. }
        | ColumnChange::UnsetMaskingPolicy
        | ColumnChange::SetTag(_)
        | ColumnChange::UnsetTag(_) => {
            return Err(SqlError::unsupported(
                "SET MASKING POLICY needs its policy's name resolved first.",
            ));
        }
        ColumnChange::SetDefault(_) => {
            // Snowflake only lets SET DEFAULT change a sequence default; new defaults
            // need a rebuild.
            return Err(SqlError::unsupported(format!(
                "Unsupported feature 'Alter Column Set Default' for column {}.",
                column.name
            )));
        }
    }
    Ok(())
}

/// Snowflake's in-place type changes, with its reason when refused.
pub(crate) fn check_type_change(
    column: &Ident,
    from: &DataType,
    to: &DataType,
) -> Result<(), SqlError> {
    if from.alters_in_place_to(to) {
        return Ok(());
    }
    // Decreasing a NUMBER's precision is supported "only if the new precision is
    // sufficient to hold all data values currently in the column"
    // (https://docs.snowflake.com/en/sql-reference/sql/alter-table-column). The sandbox
    // keeps no rows, so every value fits. (lakeform's plan still rebuilds, destructively:
    // it cannot know the live data fits.)
    if let (DataType::Number { scale: s1, .. }, DataType::Number { scale: s2, .. }) = (from, to)
        && s1 == s2
    {
        return Ok(());
    }
    let reason = match (from, to) {
        (DataType::Varchar(_), DataType::Varchar(_))
        | (DataType::Binary(_), DataType::Binary(_)) => {
            "because reducing the byte-length of a varchar is not supported"
        }
        // Same-scale changes returned above: only the scale differs here.
        (DataType::Number { .. }, DataType::Number { .. }) => {
            "because changing the scale of a number is not supported"
        }
        _ => "since they are of incompatible types",
    };
    Err(SqlError::column_type_change(
        &column.to_sql(),
        &from.to_string(),
        &to.to_string(),
        reason,
    ))
}

impl SandboxKind for Table {
    type Create = TableCreate;
    type Alter = TableAction;

    fn parse_create(
        p: &mut crate::sandbox::statement::Parser<'_>,
    ) -> Result<TableCreate, SqlError> {
        grammar::table_create(p)
    }

    fn parse_alter(p: &mut crate::sandbox::statement::Parser<'_>) -> Result<TableAction, SqlError> {
        grammar::table_action(p)
    }

    fn inline(body: &TableCreate) -> crate::sandbox::statement::inline::Governance {
        let columns = match &body.source {
            grammar::TableSource::Columns { columns, .. } => columns
                .iter()
                .filter(|c| !c.inline.is_empty())
                .map(|c| (c.name.clone(), c.inline.clone()))
                .collect(),
            _ => Vec::new(),
        };
        crate::sandbox::statement::inline::Governance {
            object: body.inline.clone(),
            columns,
        }
    }

    fn governed(&mut self) -> Option<crate::sandbox::catalog::kind::Governed<'_>> {
        Some((&mut self.row_access_policy, &mut self.columns))
    }

    fn create(
        catalog: &mut Catalog,
        name: &ObjectName,
        meta: Meta,
        body: TableCreate,
        names: &Names<'_>,
    ) -> Result<Table, SqlError> {
        let cloned = match &body.source {
            grammar::TableSource::Clone(source) => {
                Some(catalog.get::<Table>(&names(source)?)?.meta.id)
            }
            _ => None,
        };
        let (mut table, constraints) =
            catalog.build_table(meta, body.transient, body.source, names)?;
        constraint::add_all(catalog, names, name, &mut table, &constraints)?;
        // A clone carries the source's tags, its columns' included.
        if let Some(source) = cloned {
            let ids = std::collections::BTreeMap::from([(source, table.meta.id)]);
            super::tag::clone_assignments(catalog, &ids, &|_| None);
        }
        Ok(table)
    }

    /// The actions that need only the table: SET / UNSET and the column and clustering
    /// changes made in place ([`SandboxKind::alter_stored`] is what the engine calls).
    fn alter(
        &mut self,
        _: &Catalog,
        _: &ObjectName,
        action: TableAction,
        _: Stamp,
        _: &Names<'_>,
    ) -> Result<(), SqlError> {
        match action {
            TableAction::Table(change) => Table::alter(self, &change),
            TableAction::Properties(Change::Set(properties)) => self.set(&properties),
            TableAction::Properties(Change::Unset(keys)) => self.unset(&keys),
        }
    }

    fn alter_stored(
        catalog: &mut Catalog,
        name: &ObjectName,
        action: TableAction,
        _: Stamp,
        names: &Names<'_>,
    ) -> Result<(), SqlError> {
        match action {
            TableAction::Table(change) => alter::apply(catalog, name, &change, names),
            TableAction::Properties(Change::Set(properties)) => {
                alter::edit(catalog, name, |t| t.set(&properties))
            }
            TableAction::Properties(Change::Unset(keys)) => {
                alter::edit(catalog, name, |t| t.unset(&keys))
            }
        }
    }

    /// `COMMENT ON TABLE` sets the comment as `ALTER TABLE … SET COMMENT` does.
    fn comment_on(
        &mut self,
        _: &Catalog,
        _: &ObjectName,
        properties: &[Property],
        _: Stamp,
    ) -> Result<(), SqlError> {
        self.set(properties)
    }

    fn comment_on_column(
        catalog: &mut Catalog,
        name: &ObjectName,
        column: &Ident,
        comment: &str,
        names: &Names<'_>,
    ) -> Result<(), SqlError> {
        let change = TableAlter::AlterColumns(vec![(
            column.clone(),
            ColumnChange::SetComment(comment.to_string()),
        )]);
        alter::apply(catalog, name, &change, names)
    }

    /// Tables, views, dynamic tables and materialized views share a namespace.
    fn check_name(catalog: &Catalog, name: &ObjectName) -> Result<(), SqlError> {
        catalog.claim_relation_name::<Table>(name)
    }

    fn remove(
        catalog: &mut Catalog,
        name: &ObjectName,
        if_exists: bool,
        now: Stamp,
    ) -> Result<bool, SqlError> {
        catalog.drop_kept::<Table>(name, if_exists, now)
    }

    /// Streams on the table follow it.
    fn renamed(catalog: &mut Catalog, from: &ObjectName, to: &ObjectName) {
        catalog.follow_table_rename(from, to);
    }
}

/// SHOW TABLES: `kind` TABLE / TRANSIENT, `cluster_by` as `LINEAR(a, b)`.
impl ShowRows for Table {
    const SHOW: &'static str = "SHOW TABLES";
    const COLUMNS: &'static [(&'static str, &'static str)] = &[
        ("created_on", "timestamp_ltz"),
        ("name", "text"),
        ("database_name", "text"),
        ("schema_name", "text"),
        ("kind", "text"),
        ("comment", "text"),
        ("cluster_by", "text"),
        ("rows", "fixed"),
        ("bytes", "fixed"),
        ("owner", "text"),
        ("retention_time", "fixed"),
        ("automatic_clustering", "text"),
        ("change_tracking", "text"),
        ("search_optimization", "text"),
        ("search_optimization_progress", "text"),
        ("search_optimization_bytes", "fixed"),
        ("is_external", "text"),
        ("enable_schema_evolution", "text"),
        ("owner_role_type", "text"),
        ("is_event", "text"),
        ("budget", "text"),
        ("is_hybrid", "text"),
        ("is_iceberg", "text"),
        ("is_dynamic", "text"),
        ("is_immutable", "text"),
    ];
    const TERSE: Option<&'static [&'static str]> =
        Some(&["created_on", "name", "kind", "database_name", "schema_name"]);

    fn in_schema(schema: &Schema) -> Vec<(&Ident, &Self)> {
        schema.objects.tables.iter().collect()
    }

    fn row(_: &Catalog, entry: &Entry<'_, Self>) -> Vec<Option<String>> {
        let t = entry.object;
        // https://docs.snowflake.com/en/sql-reference/sql/show-tables: kind is TABLE,
        // TEMPORARY or TRANSIENT.
        let kind = if t.meta.temporary {
            "TEMPORARY"
        } else if t.transient {
            "TRANSIENT"
        } else {
            "TABLE"
        };
        show_row(
            entry,
            &t.meta,
            &Listed {
                kind,
                cluster_by: t.cluster_by_text(),
                reclustering_suspended: t.reclustering_suspended,
                retention_days: t.retention_days,
                change_tracking: t.change_tracking,
                dynamic: false,
                search_optimization: t.search_optimization.as_ref(),
            },
        )
    }

    /// SHOW TABLES HISTORY: "dropped tables that have not yet been purged (i.e. they are
    /// still within their respective Time Travel retention periods). If multiple versions
    /// of a dropped table exist, the output displays a row for each version"
    /// (https://docs.snowflake.com/en/sql-reference/sql/show-tables).
    fn dropped_in_schema(schema: &Schema, now: Stamp) -> Vec<(&Ident, &Self, Stamp)> {
        schema
            .dropped_tables
            .iter()
            .filter(|d| !d.expired(now))
            .map(|d| (&d.name, &d.object, d.dropped_on))
            .collect()
    }

    /// Dynamic tables: SHOW TABLES lists them since bundle 2024_03, `kind` TABLE and
    /// `is_dynamic` Y (https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_03/bcr-1580),
    /// with the retention their schema or database gives them.
    fn listed_with(
        catalog: &Catalog,
        database: &Ident,
        schema_name: &Ident,
        schema: &Schema,
    ) -> Vec<(Ident, Vec<Option<String>>)> {
        let retention = schema
            .retention_days
            .unwrap_or_else(|| catalog.database(database).map_or(1, |d| d.retention_days));
        schema
            .objects
            .dynamic_tables
            .iter()
            .map(|(name, t)| {
                let entry = Entry {
                    database,
                    schema: schema_name,
                    name,
                    object: t,
                };
                let row = show_row(
                    &entry,
                    &t.meta,
                    &Listed {
                        kind: "TABLE",
                        cluster_by: t.cluster_by.clone().unwrap_or_default(),
                        reclustering_suspended: t.reclustering_suspended,
                        retention_days: retention,
                        change_tracking: false,
                        dynamic: true,
                        search_optimization: t.search_optimization.as_ref(),
                    },
                );
                (name.clone(), row)
            })
            .collect()
    }
}

/// What a SHOW TABLES row says of a table or a dynamic table besides its name and meta.
struct Listed<'a> {
    kind: &'a str,
    cluster_by: String,
    reclustering_suspended: bool,
    retention_days: u64,
    change_tracking: bool,
    dynamic: bool,
    search_optimization: Option<&'a search_optimization::SearchOptimization>,
}

/// One SHOW TABLES row, for a table or a dynamic table (`dynamic`).
fn show_row<T>(entry: &Entry<'_, T>, meta: &Meta, listed: &Listed<'_>) -> Vec<Option<String>> {
    let automatic_clustering = !listed.cluster_by.is_empty() && !listed.reclustering_suspended;
    let [search, progress, search_bytes] =
        search_optimization::show_columns(listed.search_optimization);
    let (kind, cluster_by, retention_days, change_tracking, dynamic) = (
        listed.kind,
        listed.cluster_by.clone(),
        listed.retention_days,
        listed.change_tracking,
        listed.dynamic,
    );
    vec![
        stamp(meta.created_on),
        text(entry.name.as_str()),
        text(entry.database.as_str()),
        text(entry.schema.as_str()),
        text(kind),
        comment(&meta.comment),
        text(cluster_by),
        text("0"),
        text("0"),
        text(meta.owner.clone()),
        text(retention_days.to_string()),
        flag(automatic_clustering, "ON", "OFF"),
        flag(change_tracking, "ON", "OFF"),
        search,
        progress,
        search_bytes,
        text("N"),
        text("N"),
        text("ROLE"),
        text("N"),
        None,
        text("N"),
        text("N"),
        flag(dynamic, "Y", "N"),
        text("N"),
    ]
}

impl DescribeRows for Table {
    fn describe(_: &Catalog, entry: &Entry<'_, Self>) -> QueryResult {
        let table = entry.object;
        describe_keyed_columns(&table.columns, |c| table.key_flags(c))
    }
}

/// DESCRIBE TABLE's columns (DESCRIBE VIEW answers the same).
const DESCRIBE_TABLE_COLUMNS: [(&str, &str); 12] = [
    ("name", "text"),
    ("type", "text"),
    ("kind", "text"),
    ("null?", "text"),
    ("default", "text"),
    ("primary key", "text"),
    ("unique key", "text"),
    ("check", "text"),
    ("expression", "text"),
    ("comment", "text"),
    ("policy name", "text"),
    ("privacy domain", "text"),
];

/// DESCRIBE TABLE / VIEW: one row per column.
pub(crate) fn describe_columns(cols: &[Column]) -> QueryResult {
    describe_keyed_columns(cols, |_| (false, false))
}

/// DESCRIBE rows with each column's (primary key, unique key) flags.
fn describe_keyed_columns(
    cols: &[Column],
    key_flags: impl Fn(&Ident) -> (bool, bool),
) -> QueryResult {
    QueryResult {
        columns: columns(&DESCRIBE_TABLE_COLUMNS),
        rows: cols
            .iter()
            .map(|c| {
                vec![
                    text(c.name.as_str()),
                    text(c.data_type.to_string()),
                    // A virtual column's `kind` and `expression`
                    // (https://docs.snowflake.com/en/sql-reference/virtual-columns,
                    // "Identifying virtual columns").
                    text(if c.expression.is_some() {
                        "VIRTUAL"
                    } else {
                        "COLUMN"
                    }),
                    text(if c.nullable { "Y" } else { "N" }),
                    c.default_text(),
                    text(if key_flags(&c.name).0 { "Y" } else { "N" }),
                    text(if key_flags(&c.name).1 { "Y" } else { "N" }),
                    None,
                    c.expression.clone(),
                    c.comment.clone(),
                    // DESCRIBE TABLE's `policy name`
                    // (https://docs.snowflake.com/en/sql-reference/sql/desc-table).
                    c.masking_policy.as_ref().map(ToString::to_string),
                    None,
                ]
            })
            .collect(),
    }
}

impl Table {
    /// SHOW TABLES' `cluster_by`: `LINEAR(a, b)`, or empty without clustering keys.
    pub(crate) fn cluster_by_text(&self) -> String {
        if self.cluster_by.is_empty() {
            String::new()
        } else {
            format!("LINEAR({})", self.cluster_by.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::catalog::Stamp;

    fn t(s: &str) -> DataType {
        DataType::parse(s).unwrap()
    }

    fn table() -> Table {
        let col = |n: &str, ty: &str| Column {
            name: Ident::from_stored(n),
            data_type: t(ty),
            nullable: true,
            default: None,
            identity: None,
            comment: None,
            masking_policy: None,
            masking_using: Vec::new(),
            expression: None,
        };
        let meta = Meta {
            id: 1,
            created_on: Stamp(0),
            owner: "SYSADMIN".into(),
            comment: None,
            temporary: false,
        };
        Table::new(
            meta,
            false,
            vec![col("ID", "NUMBER(10,0)"), col("NAME", "VARCHAR(20)")],
        )
        .unwrap()
    }

    #[test]
    fn only_widening_type_changes_are_in_place() {
        let id = Ident::from_stored("C");
        assert!(check_type_change(&id, &t("VARCHAR(10)"), &t("STRING")).is_ok());
        assert!(check_type_change(&id, &t("NUMBER(10,2)"), &t("NUMBER(12,2)")).is_ok());
        let e = check_type_change(&id, &t("VARCHAR(20)"), &t("VARCHAR(10)")).unwrap_err();
        assert_eq!(e.code, "002108");
        assert_eq!(
            e.message,
            "SQL compilation error:\ncannot change column C from type VARCHAR(20) to VARCHAR(10) because reducing the byte-length of a varchar is not supported."
        );
        assert!(
            check_type_change(&id, &t("NUMBER(10,2)"), &t("NUMBER(12,3)"))
                .unwrap_err()
                .message
                .contains("scale")
        );
        assert!(
            check_type_change(&id, &t("INT"), &t("VARCHAR"))
                .unwrap_err()
                .message
                .contains("incompatible")
        );
    }

    #[test]
    fn column_alters_are_atomic() {
        let mut table = table();
        let ident = Ident::from_stored;
        let e = table
            .alter(&TableAlter::DropColumns {
                names: vec![ident("NAME"), ident("NOPE")],
                if_exists: false,
            })
            .unwrap_err();
        assert_eq!(e.code, "000904");
        assert_eq!(table.columns.len(), 2);
        table
            .alter(&TableAlter::RenameColumn {
                from: ident("NAME"),
                to: ident("FULL_NAME"),
            })
            .unwrap();
        assert_eq!(table.columns[1].name.as_str(), "FULL_NAME");
        let e = table
            .alter(&TableAlter::RenameColumn {
                from: ident("ID"),
                to: ident("FULL_NAME"),
            })
            .unwrap_err();
        assert_eq!(e.code, "001430");
    }
}
