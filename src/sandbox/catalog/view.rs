//! Views: the statement text as submitted (SHOW VIEWS' `text`), SECURE / RECURSIVE, the
//! comment, and the columns the emulator can know. A view over a missing table, view or
//! stream is refused.
//!
//! A view's query is compiled at CREATE by the binder (`sql::bind`), as Snowflake
//! compiles it: a column that does not resolve is 000904 at its line and position, two
//! output columns of one name are refused. Its columns are the binder's output (renamed
//! by the view's column list) when every name and type is known; a view with a column of
//! unknown type, or named by an unaliased expression, reports no columns rather than
//! invented ones. A view whose sources changed so
//! that its query no longer compiles fails when described (002037).
//!
//! `derive_columns` is CREATE TABLE … AS SELECT's narrower derivation (`SELECT *` or
//! plain column references).
//!
//! A registered kind (`sandbox/registry.rs`) with two hooks of its own: `check_name`,
//! because tables, views and dynamic tables share one namespace in a schema (a CREATE or
//! RENAME TO onto a table's name is refused), and `DescribeRows::check`, because a view is
//! compiled again when it is used. Its grammar is in `view/grammar.rs`; the binder's view
//! of the catalog ([`CatalogRelations`], [`Catalog::query_sources`]) is here because every
//! kind that compiles a query (dynamic tables, alerts, pipes, MERGE) reads it as a view
//! does.

pub(crate) mod grammar;

use serde::{Deserialize, Serialize};

pub(crate) use grammar::ViewDefinition;
pub(crate) use grammar::as_query;
use grammar::{ViewAlter, view_alter, view_definition};

use super::rows::{DescribeRows, Entry, ShowRows, comment, flag, stamp, text};
use super::{
    Catalog, Column, Meta, Names, SandboxKind, Schema, Stamp, Table, bool_value, comment_property,
};
use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::alter::Change;
use crate::sandbox::statement::{Parser, Property, RawName};
use crate::sql::TokenKind;
use crate::sql::bind::{
    BindError, BindErrorKind, BoundColumn, ColumnType, Relations, bind_renamed_view, bind_view,
};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct View {
    pub(crate) meta: Meta,
    pub(crate) text: String,
    pub query: String,
    pub secure: bool,
    pub(crate) recursive: bool,
    pub(crate) change_tracking: bool,
    pub(crate) columns: Vec<Column>,
    /// The names of its columns when they are known but `columns` is empty because a
    /// type is not (the view's column list, or the binder's names): ALTER VIEW … MODIFY
    /// COLUMN finds a column by them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) column_names: Vec<Ident>,
    /// The row access policy added to the view and the columns it is added on (see
    /// [`super::row_access_policy`]).
    #[serde(default)]
    pub(crate) row_access_policy: Option<(ObjectName, Vec<Ident>)>,
}

impl View {
    /// The names of the view's columns, as far as the emulator knows them: every column
    /// when it derived them all, else the names it knows without every type.
    pub(crate) fn column_names(&self) -> Vec<Ident> {
        if self.columns.is_empty() {
            self.column_names.clone()
        } else {
            self.columns.iter().map(|c| c.name.clone()).collect()
        }
    }
}

/// `ALTER VIEW v { ALTER | MODIFY } [ COLUMN ] c …` on the view `name`: the column
/// clauses ALTER VIEW takes, SET / UNSET MASKING POLICY (with USING and FORCE, as a
/// table's: `masking_policy::alter_column`) and SET / UNSET TAG, kept by the view's id
/// and the column (https://docs.snowflake.com/en/sql-reference/sql/alter-view). The view
/// and its tags are stored only when every change succeeded. The view's column must be
/// one the emulator knows by name: a view whose column types it could not all derive
/// still takes tags on the columns it can name (its column list, or the binder's names);
/// a masking policy there is refused as unsupported, since its type rule ("the data type
/// of the column must match the data type of the policy's first argument") cannot be
/// checked, and nothing is accepted unchecked. A view whose column names are unknown too
/// (an unaliased expression, a `*` over a stage) has none to alter.
pub(crate) fn alter_columns(
    catalog: &mut Catalog,
    name: &ObjectName,
    changes: &[(Ident, super::table::grammar::ColumnChange)],
    names: &Names<'_>,
) -> Result<(), SqlError> {
    let mut view = catalog.get::<View>(name)?.clone();
    let known = view.column_names();
    if let Some((column, _)) = changes.iter().find(|(column, change)| {
        view.columns.is_empty()
            && known.contains(column)
            && matches!(
                change,
                super::table::grammar::ColumnChange::SetMaskingPolicy { .. }
                    | super::table::grammar::ColumnChange::UnsetMaskingPolicy
            )
    }) {
        return Err(SqlError::unsupported(format!(
            "The sandbox does not know the type of column {} of view {name}, so it cannot check a masking policy on it.",
            column.to_sql()
        )));
    }
    alter_relation_columns(
        catalog,
        view.meta.id,
        &mut view.columns,
        &known,
        changes,
        names,
    )?;
    *catalog.get_mut::<View>(name)? = view;
    Ok(())
}

/// SET / UNSET MASKING POLICY (`masking_policy::alter_column`) and SET / UNSET TAG on the
/// columns of a view or a dynamic table (object `id`, its typed `columns` and the names
/// `known` of all its columns): the column clauses of ALTER VIEW and ALTER DYNAMIC TABLE,
/// which are ALTER TABLE's (https://docs.snowflake.com/en/sql-reference/sql/alter-view,
/// https://docs.snowflake.com/en/sql-reference/sql/alter-dynamic-table). Tags change only
/// when every change succeeds; the caller stores the columns.
pub(crate) fn alter_relation_columns(
    catalog: &mut Catalog,
    id: u64,
    columns: &mut [Column],
    known: &[Ident],
    changes: &[(Ident, super::table::grammar::ColumnChange)],
    names: &Names<'_>,
) -> Result<(), SqlError> {
    use super::table::grammar::ColumnChange;
    let before = catalog.tag_assignments.clone();
    let applied = (|| {
        for (column, change) in changes {
            if super::masking_policy::alter_column(catalog, columns, column, change, names)? {
                continue;
            }
            if !known.contains(column) {
                return Err(SqlError::invalid_identifier(&column.to_sql()));
            }
            let target = (id, Some(column.clone()));
            match change {
                ColumnChange::SetTag(pairs) => {
                    let resolved = pairs
                        .iter()
                        .map(|(raw, value)| Ok((names(raw)?, value.clone())))
                        .collect::<Result<Vec<_>, SqlError>>()?;
                    super::tag::set_tags(catalog, target, &resolved)?;
                }
                ColumnChange::UnsetTag(tags) => {
                    let resolved = tags
                        .iter()
                        .map(names)
                        .collect::<Result<Vec<_>, SqlError>>()?;
                    super::tag::unset_tags(catalog, &target, &resolved)?;
                }
                _ => {
                    return Err(SqlError::unsupported(
                        "This column action takes SET / UNSET MASKING POLICY and SET / UNSET TAG in the sandbox.",
                    ));
                }
            }
        }
        Ok(())
    })();
    if let Err(e) = applied {
        catalog.tag_assignments = before;
        return Err(e);
    }
    Ok(())
}

impl SandboxKind for View {
    type Create = ViewDefinition;
    type Alter = ViewAlter;

    fn parse_create(p: &mut Parser<'_>) -> Result<ViewDefinition, SqlError> {
        view_definition(p)
    }

    fn inline(definition: &ViewDefinition) -> crate::sandbox::statement::inline::Governance {
        definition.governance.clone()
    }

    fn governed(&mut self) -> Option<super::kind::Governed<'_>> {
        Some((&mut self.row_access_policy, &mut self.columns))
    }

    fn parse_alter(p: &mut Parser<'_>) -> Result<ViewAlter, SqlError> {
        view_alter(p)
    }

    fn create(
        catalog: &mut Catalog,
        name: &ObjectName,
        mut meta: Meta,
        definition: ViewDefinition,
        _: &Names<'_>,
    ) -> Result<View, SqlError> {
        meta.comment.clone_from(&definition.comment);
        catalog.build_view(meta, name, &definition)
    }

    fn alter(
        &mut self,
        catalog: &Catalog,
        _: &ObjectName,
        action: ViewAlter,
        _: Stamp,
        names: &Names<'_>,
    ) -> Result<(), SqlError> {
        match action {
            ViewAlter::Change(Change::Set(props)) => self.set(&props),
            ViewAlter::Change(Change::Unset(keys)) => self.unset(&keys),
            ViewAlter::RowAccess(change) => super::row_access_policy::alter_held(
                catalog,
                &mut self.row_access_policy,
                &self.columns,
                &change,
                names,
            ),
            // Tags and policies on columns are kept by the catalog: `alter_stored`.
            ViewAlter::Columns(_) => Err(SqlError::unsupported(
                "This ALTER action is not supported for a VIEW.",
            )),
        }
    }

    /// A column clause changes the catalog's tag assignments too ([`alter_columns`]);
    /// every other action is the view's own, on a copy.
    fn alter_stored(
        catalog: &mut Catalog,
        name: &ObjectName,
        action: ViewAlter,
        now: Stamp,
        names: &Names<'_>,
    ) -> Result<(), SqlError> {
        if let ViewAlter::Columns(changes) = &action {
            return alter_columns(catalog, name, changes, names);
        }
        let mut copy = catalog.get::<View>(name)?.clone();
        copy.alter(catalog, name, action, now, names)?;
        *catalog.get_mut::<View>(name)? = copy;
        Ok(())
    }

    /// `COMMENT ON VIEW` is ALTER VIEW's SET COMMENT.
    fn comment_on(
        &mut self,
        _: &Catalog,
        _: &ObjectName,
        properties: &[Property],
        _: Stamp,
    ) -> Result<(), SqlError> {
        self.set(properties)
    }

    /// A view cannot take a table's, dynamic table's or materialized view's name.
    fn check_name(catalog: &Catalog, name: &ObjectName) -> Result<(), SqlError> {
        catalog.claim_relation_name::<View>(name)
    }
}

/// ALTER VIEW's SET / UNSET
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-view): SECURE, CHANGE_TRACKING
/// and COMMENT.
impl View {
    pub(crate) fn set(&mut self, props: &[Property]) -> Result<(), SqlError> {
        for property in props {
            if comment_property(&mut self.meta, property)? {
                continue;
            }
            match property.key.as_str() {
                "SECURE" => self.secure = bool_value(property)?,
                "CHANGE_TRACKING" => self.change_tracking = bool_value(property)?,
                _ => return Err(SqlError::invalid_property(&property.key, "VIEW")),
            }
        }
        Ok(())
    }

    pub(crate) fn unset(&mut self, keys: &[String]) -> Result<(), SqlError> {
        for key in keys {
            match key.as_str() {
                "COMMENT" => self.meta.comment = None,
                "SECURE" => self.secure = false,
                "CHANGE_TRACKING" => self.change_tracking = false,
                _ => return Err(SqlError::invalid_property(key, "VIEW")),
            }
        }
        Ok(())
    }
}

/// SHOW VIEWS: `text` is the CREATE statement exactly as it was submitted.
impl ShowRows for View {
    const SHOW: &'static str = "SHOW VIEWS";
    const COLUMNS: &'static [(&'static str, &'static str)] = &[
        ("created_on", "timestamp_ltz"),
        ("name", "text"),
        ("reserved", "text"),
        ("database_name", "text"),
        ("schema_name", "text"),
        ("owner", "text"),
        ("comment", "text"),
        ("text", "text"),
        ("is_secure", "text"),
        ("is_materialized", "text"),
        ("owner_role_type", "text"),
        ("change_tracking", "text"),
    ];
    const TERSE: Option<&'static [&'static str]> =
        Some(&["created_on", "name", "kind", "database_name", "schema_name"]);
    const TERSE_CONSTANTS: &'static [(&'static str, &'static str)] = &[("kind", "VIEW")];

    fn in_schema(schema: &Schema) -> Vec<(&Ident, &Self)> {
        schema.objects.views.iter().collect()
    }

    fn row(_: &Catalog, entry: &Entry<'_, Self>) -> Vec<Option<String>> {
        let v = entry.object;
        vec![
            stamp(v.meta.created_on),
            text(entry.name.as_str()),
            text(""),
            text(entry.database.as_str()),
            text(entry.schema.as_str()),
            text(v.meta.owner.clone()),
            comment(&v.meta.comment),
            text(v.text.clone()),
            flag(v.secure, "true", "false"),
            text("false"),
            text("ROLE"),
            flag(v.change_tracking, "ON", "OFF"),
        ]
    }

    /// Materialized views: SHOW VIEWS lists them too, `is_materialized` true
    /// (https://docs.snowflake.com/en/sql-reference/sql/show-views). SHOW TERSE VIEWS
    /// still says `VIEW` for their kind (the docs do not show their TERSE row).
    fn listed_with(
        _: &Catalog,
        database: &Ident,
        schema_name: &Ident,
        schema: &Schema,
    ) -> Vec<(Ident, Vec<Option<String>>)> {
        schema
            .objects
            .materialized_views
            .iter()
            .map(|(name, v)| {
                let row = vec![
                    stamp(v.meta.created_on),
                    text(name.as_str()),
                    text(""),
                    text(database.as_str()),
                    text(schema_name.as_str()),
                    text(v.meta.owner.clone()),
                    comment(&v.meta.comment),
                    text(v.text.clone()),
                    flag(v.secure, "true", "false"),
                    text("true"),
                    text("ROLE"),
                    text("OFF"),
                ];
                (name.clone(), row)
            })
            .collect()
    }
}

/// DESCRIBE VIEW: the derived columns, as DESCRIBE TABLE prints them.
impl DescribeRows for View {
    /// A view is compiled again when it is used: one whose sources changed fails.
    fn check(catalog: &Catalog, name: &ObjectName) -> Result<(), SqlError> {
        catalog.check_view(name)
    }

    fn describe(_: &Catalog, entry: &Entry<'_, Self>) -> QueryResult {
        super::table::describe_columns(&entry.object.columns)
    }
}

/// Resolves a name the way a view body does: missing parts come from the view's schema.
pub(crate) fn resolve_in(raw: &RawName, schema: &SchemaName) -> ObjectName {
    match raw.parts.as_slice() {
        [database, s, name] => ObjectName {
            database: database.clone(),
            schema: s.clone(),
            name: name.clone(),
        },
        [s, name] => ObjectName {
            database: schema.database.clone(),
            schema: s.clone(),
            name: name.clone(),
        },
        _ => ObjectName::new(schema, raw.last().clone()),
    }
}

impl Catalog {
    /// The columns of every object a query reads, refusing a missing one.
    /// INFORMATION_SCHEMA views and `own_name` (a recursive view reading itself) are
    /// accepted without columns.
    pub(crate) fn query_sources(
        &self,
        references: &[ObjectName],
        own_name: Option<&ObjectName>,
    ) -> Result<Vec<Vec<Column>>, SqlError> {
        let mut sources = Vec::new();
        for referenced in references {
            if referenced.schema.as_str() == super::database::INFORMATION_SCHEMA
                || own_name == Some(referenced)
            {
                continue;
            }
            if let Some(table) = self.find::<Table>(referenced) {
                sources.push(table.columns.clone());
            } else if let Some(view) = self.find::<View>(referenced) {
                sources.push(view.columns.clone());
            } else if let Some(table) = self.find::<super::DynamicTable>(referenced) {
                sources.push(table.columns.clone());
            } else if let Some(view) = self.find::<super::MaterializedView>(referenced) {
                sources.push(view.columns.clone());
            } else if let Some(stream) = self.find::<super::Stream>(referenced) {
                // A stream reads as its table's columns (its METADATA$ columns have no
                // place in a derived column list).
                let columns = self.find::<Table>(&stream.table).map(|t| t.columns.clone());
                sources.push(columns.unwrap_or_default());
            } else {
                return Err(SqlError::does_not_exist("Object", &referenced.to_string()));
            }
        }
        Ok(sources)
    }

    /// Builds a view, refusing one whose query reads a missing table or view.
    pub(crate) fn build_view(
        &self,
        meta: Meta,
        name: &ObjectName,
        definition: &ViewDefinition,
    ) -> Result<View, SqlError> {
        let own_name = definition.recursive.then_some(name);
        // A view's unqualified names resolve in the view's own schema.
        let schema = name.schema_name();
        let references: Vec<ObjectName> = definition
            .references
            .iter()
            .map(|raw| resolve_in(raw, &schema))
            .collect();
        self.query_sources(&references, own_name)?;
        // A view read by the new one is expanded when it is compiled: one that no longer
        // compiles fails the new view (one level deep: each view was checked when it was
        // created).
        for referenced in &references {
            if own_name != Some(referenced) && self.find::<View>(referenced).is_some() {
                self.check_view(referenced)?;
            }
        }
        let relations = CatalogRelations {
            catalog: self,
            database: Some(schema.database.clone()),
            schema: Some(schema.schema.clone()),
        };
        // A column list names every column, so the query's own names do not matter.
        let bind = if definition.columns.is_empty() {
            bind_view
        } else {
            bind_renamed_view
        };
        let mut bound = bind(&definition.query, &relations)
            .map_err(|e| bind_error(&e, &definition.text, definition.query_offset))?;
        if !definition.columns.is_empty()
            && let Some(bound) = &mut bound
        {
            if bound.len() != definition.columns.len() {
                return Err(SqlError::unsupported(format!(
                    "View definition for '{name}' declared {} column(s), but view query produces {} column(s).",
                    definition.columns.len(),
                    bound.len()
                )));
            }
            for (column, name) in bound.iter_mut().zip(&definition.columns) {
                column.name = name.clone();
            }
        }
        let names: Vec<Ident> = match &bound {
            _ if !definition.columns.is_empty() => definition.columns.clone(),
            Some(bound) => bound.iter().map(|c| c.name.clone()).collect(),
            None => Vec::new(),
        };
        let columns = bound.map(known_columns).unwrap_or_default();
        let column_names = if columns.is_empty() {
            names
        } else {
            Vec::new()
        };
        Ok(View {
            meta,
            text: definition.text.clone(),
            query: definition.query.clone(),
            secure: definition.secure,
            recursive: definition.recursive,
            change_tracking: false,
            columns,
            column_names,
            row_access_policy: None,
        })
    }
}

/// The sandbox catalog as the binder sees it: a name's missing parts come from `database`
/// and `schema` (the view's own schema, or the session's), and a relation the catalog
/// does not hold has unknown columns (its existence is checked by
/// [`Catalog::query_sources`]).
pub(crate) struct CatalogRelations<'a> {
    pub(crate) catalog: &'a Catalog,
    pub(crate) database: Option<Ident>,
    pub(crate) schema: Option<Ident>,
}

impl Relations for CatalogRelations<'_> {
    fn function(&self, parts: &[Ident], count: usize) -> Option<ColumnType> {
        super::function::call_type(self, parts, count)
    }

    fn table_function(&self, parts: &[Ident], count: usize) -> Option<Vec<BoundColumn>> {
        super::function::table_columns(self, parts, count)
    }

    fn columns(&self, parts: &[Ident]) -> Option<Vec<BoundColumn>> {
        let name = match parts {
            [database, schema, name] => ObjectName {
                database: database.clone(),
                schema: schema.clone(),
                name: name.clone(),
            },
            [schema, name] => ObjectName {
                database: self.database.clone()?,
                schema: schema.clone(),
                name: name.clone(),
            },
            [name] => ObjectName {
                database: self.database.clone()?,
                schema: self.schema.clone()?,
                name: name.clone(),
            },
            _ => return None,
        };
        let bound = |columns: &[Column]| -> Vec<BoundColumn> {
            columns
                .iter()
                .map(|c| BoundColumn {
                    name: c.name.clone(),
                    data_type: ColumnType::Known(c.data_type),
                    nullable: c.nullable,
                })
                .collect()
        };
        if let Some(table) = self.catalog.find::<Table>(&name) {
            return Some(bound(&table.columns));
        }
        if let Some(view) = self.catalog.find::<View>(&name) {
            // A view without columns is one whose types are not all known: its columns
            // are unknown, not absent.
            return (!view.columns.is_empty()).then(|| bound(&view.columns));
        }
        // A dynamic table's columns are its query's, derived as a view's are.
        if let Some(table) = self.catalog.find::<super::DynamicTable>(&name) {
            return (!table.columns.is_empty()).then(|| bound(&table.columns));
        }
        if let Some(view) = self.catalog.find::<super::MaterializedView>(&name) {
            return (!view.columns.is_empty()).then(|| bound(&view.columns));
        }
        // A stream reads as its table's columns; its METADATA$ columns
        // (https://docs.snowflake.com/en/user-guide/streams-intro#stream-columns) are
        // accepted by name wherever they are written, and left out of `*` as the
        // sandbox's derived column lists always have.
        let stream = self.catalog.find::<super::Stream>(&name)?;
        match self.catalog.find::<Table>(&stream.table) {
            Some(table) => Some(bound(&table.columns)),
            // A stream on a view reads as the view's columns, when they are known.
            None => {
                let view = self.catalog.find::<View>(&stream.table)?;
                (!view.columns.is_empty()).then(|| bound(&view.columns))
            }
        }
    }
}

/// A binder error as Snowflake reports it, positioned in the statement `source` whose
/// bound text starts at byte `offset`.
pub(crate) fn bind_error(e: &BindError, source: &str, offset: usize) -> SqlError {
    match &e.kind {
        BindErrorKind::InvalidIdentifier(name) => {
            let at = offset + e.range.as_ref().map_or(0, |r| r.start);
            SqlError::invalid_identifier_at(source, at, name)
        }
        BindErrorKind::DuplicateColumn(name) => SqlError::duplicate_column(name),
        BindErrorKind::NoColumns => {
            let at = offset + e.range.as_ref().map_or(0, |r| r.start);
            SqlError::select_with_no_columns(source, at)
        }
    }
}

/// A view's columns when every type is known; none otherwise.
fn known_columns(bound: Vec<BoundColumn>) -> Vec<Column> {
    bound
        .into_iter()
        .map(|c| match c.data_type {
            ColumnType::Known(data_type) => Some(Column {
                name: c.name,
                data_type,
                nullable: c.nullable,
                default: None,
                identity: None,
                comment: None,
                masking_policy: None,
                masking_using: Vec::new(),
                expression: None,
            }),
            ColumnType::Unknown => None,
        })
        .collect::<Option<Vec<_>>>()
        .unwrap_or_default()
}

impl Catalog {
    /// Compiles a query the session runs (a CTAS's): its unqualified names resolve as the
    /// session's do (`names`), and the output columns come back when the binder knows
    /// every column's type (none otherwise). A name that resolves nowhere is Snowflake's
    /// compilation error, at its place in `statement` (where the query starts at `offset`).
    pub(crate) fn bind_query(
        &self,
        query: &str,
        statement: &str,
        offset: usize,
        names: &super::Names<'_>,
    ) -> Result<Vec<Column>, SqlError> {
        // The session's current database and schema: where a one-part name lands.
        let here = names(&RawName::single(Ident::from_stored("_"))).ok();
        let relations = CatalogRelations {
            catalog: self,
            database: here.as_ref().map(|n| n.database.clone()),
            schema: here.map(|n| n.schema),
        };
        let bound = bind_view(query, &relations).map_err(|e| bind_error(&e, statement, offset))?;
        Ok(bound.map(known_columns).unwrap_or_default())
    }

    /// A view still compiles against the catalog as it is now: its sources exist and its
    /// query binds. Otherwise 002037 wrapping why.
    pub(crate) fn check_view(&self, name: &ObjectName) -> Result<(), SqlError> {
        let view = self.get::<View>(name)?;
        let schema = name.schema_name();
        let references: Vec<ObjectName> =
            crate::sandbox::statement::references::referenced_names_of(&view.query)
                .iter()
                .map(|raw| resolve_in(raw, &schema))
                .collect();
        let own_name = view.recursive.then_some(name);
        let compiled = self.query_sources(&references, own_name).and_then(|_| {
            let relations = CatalogRelations {
                catalog: self,
                database: Some(schema.database.clone()),
                schema: Some(schema.schema.clone()),
            };
            bind_view(&view.query, &relations)
                .map(|_| ())
                .or_else(|e| match e.kind {
                    BindErrorKind::DuplicateColumn(_) => Ok(()),
                    _ => Err(bind_error(&e, &view.query, 0)),
                })
        });
        compiled.map_err(|e| SqlError::view_expansion(name.name.as_str(), &e))
    }
}

/// Columns of `SELECT * FROM <one source>` or of a list of plain column references.
pub(crate) fn derive_columns(query: &str, sources: &[Vec<Column>]) -> Vec<Column> {
    let Ok(mut p) = Parser::new(query) else {
        return Vec::new();
    };
    if !p.eat_kw("SELECT") {
        return Vec::new();
    }
    p.eat_kw("DISTINCT");
    if p.eat_sym("*") {
        return match (p.is_kw("FROM"), sources) {
            // A view's column has no sequence of its own.
            (true, [only]) => only
                .iter()
                .map(|c| Column {
                    identity: None,
                    expression: None,
                    ..c.clone()
                })
                .collect(),
            _ => Vec::new(),
        };
    }
    let mut columns = Vec::new();
    loop {
        let Ok(reference) = p.name() else {
            return Vec::new();
        };
        let Some(source) = sources
            .iter()
            .flatten()
            .find(|c| &c.name == reference.last())
        else {
            return Vec::new();
        };
        let mut column = Column {
            default: None,
            identity: None,
            expression: None,
            ..source.clone()
        };
        if p.eat_kw("AS")
            || p.peek().is_some_and(|t| {
                t.kind == TokenKind::QuotedIdent
                    || (t.kind == TokenKind::Word && !t.is_keyword("FROM"))
            })
        {
            match p.ident() {
                Ok(alias) => column.name = alias,
                Err(_) => return Vec::new(),
            }
        }
        columns.push(column);
        if !p.eat_sym(",") {
            break;
        }
    }
    if p.is_kw("FROM") { columns } else { Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::data_type::DataType;

    fn col(name: &str, ty: &str) -> Column {
        Column {
            name: Ident::from_stored(name),
            data_type: DataType::parse(ty).unwrap(),
            nullable: true,
            default: None,
            identity: None,
            comment: None,
            masking_policy: None,
            masking_using: Vec::new(),
            expression: None,
        }
    }

    #[test]
    fn derives_only_certain_columns() {
        let sources = vec![vec![col("ID", "INT"), col("NAME", "STRING")]];
        let star = derive_columns("select * from t", &sources);
        assert_eq!(star.len(), 2);
        let picked = derive_columns("select t.name as customer_name, id from t", &sources);
        let names: Vec<&str> = picked.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["CUSTOMER_NAME", "ID"]);
        assert_eq!(picked[0].data_type.to_string(), "VARCHAR(16777216)");
        assert!(derive_columns("select count(*) from t", &sources).is_empty());
    }
}
