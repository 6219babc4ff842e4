//! Materialized views, the whole kind: the catalog entry with Snowflake's rules, the
//! grammar of CREATE MATERIALIZED VIEW and ALTER MATERIALIZED VIEW, and the SHOW
//! MATERIALIZED VIEWS / DESCRIBE MATERIALIZED VIEW rows.
//!
//! Rules:
//! * CREATE (https://docs.snowflake.com/en/sql-reference/sql/create-materialized-view):
//!   `[ SECURE ] … name [ COPY GRANTS ] [ ( col [ COMMENT '…' ], … ) ] [ COMMENT = '…' ]
//!   [ CLUSTER BY ( expr, … ) ] AS <select>`; the query is compiled as a view's is (its
//!   objects exist, its columns resolve: 002003, 000904) and gives the view its columns.
//! * "Limitations on creating materialized views"
//!   (https://docs.snowflake.com/en/user-guide/views-materialized#limitations-on-creating-materialized-views):
//!   it queries exactly one table (no joins, self-joins included; not a view, another
//!   materialized view or a table function), and has no set operators, nested
//!   subqueries, window functions, HAVING, ORDER BY, LIMIT or user-defined functions
//!   (`sql::bind::materialized_view_limit`). The page gives no error texts or codes: the
//!   sandbox answers "Invalid materialized view definition." with the reason, under its
//!   chosen unsupported code.
//! * Tables, views, dynamic tables and materialized views share a schema's namespace.
//! * ALTER (https://docs.snowflake.com/en/sql-reference/sql/alter-materialized-view):
//!   RENAME TO (the engine's), `CLUSTER BY ( … )`, `DROP CLUSTERING KEY`, `SUSPEND` /
//!   `RESUME`, `SUSPEND RECLUSTER` / `RESUME RECLUSTER`, `SET SECURE` / `UNSET SECURE`,
//!   `SET COMMENT = '…'` / `UNSET COMMENT`.
//!
//! The emulator holds no rows: `rows`, `bytes` and `behind_by` say nothing happened. SHOW
//! VIEWS lists materialized views too (`is_materialized` true): that listing is the
//! views' module's (`ShowRows::listed_with`).

use serde::{Deserialize, Serialize};

use super::rows::{DescribeRows, Entry, ShowRows, comment, flag, stamp, text};
use super::view::{CatalogRelations, ViewDefinition, as_query, resolve_in};
use super::{Catalog, Column, Meta, Names, SandboxKind, Schema, SchemaObject, Table};
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::Parser;
use crate::sandbox::statement::properties::{at_property, property};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct MaterializedView {
    pub(crate) meta: Meta,
    /// The statement as submitted: SHOW's `text`.
    pub(crate) text: String,
    pub(crate) query: String,
    pub(crate) secure: bool,
    /// `LINEAR(<keys>)`, as SHOW reports a clustering key.
    pub(crate) cluster_by: Option<String>,
    /// The table it reads.
    pub(crate) source: ObjectName,
    pub(crate) suspended: bool,
    pub(crate) recluster_suspended: bool,
    pub(crate) columns: Vec<Column>,
}

/// CREATE MATERIALIZED VIEW's body after the name.
#[derive(Debug)]
pub(crate) struct MaterializedViewBody {
    cluster_by: Option<String>,
    definition: ViewDefinition,
}

/// The objects a CREATE MATERIALIZED VIEW body reads (its query's FROM), as written: what
/// the privilege checks ask SELECT on. None when the body does not parse (the CREATE
/// raises that itself).
pub(crate) fn read_objects(
    tail: &crate::sandbox::statement::Tail,
) -> Vec<crate::sandbox::statement::RawName> {
    tail.parse(MaterializedView::parse_create)
        .map(|body| body.definition.references)
        .unwrap_or_default()
}

/// An ALTER MATERIALIZED VIEW action other than RENAME TO.
#[derive(Debug, PartialEq)]
pub(crate) enum MaterializedViewAlter {
    /// `SUSPEND` (true) / `RESUME` (false).
    Suspend(bool),
    ClusterBy(Option<String>),
    Recluster(bool),
    Secure(bool),
    Comment(Option<String>),
}

/// Whether the statement's header says SECURE: the words before MATERIALIZED (the
/// parser hands the module only what follows the name).
fn header_is_secure(p: &Parser<'_>) -> bool {
    p.tokens()
        .iter()
        .take_while(|t| !t.is_keyword("MATERIALIZED"))
        .any(|t| t.is_keyword("SECURE"))
}

/// `CLUSTER BY ( <expr>, … )` after CLUSTER BY: the keys as SHOW reports them.
fn cluster_by(p: &mut Parser<'_>) -> Result<String, SqlError> {
    let (from, to) = p.skip_parens()?;
    Ok(format!("LINEAR({})", p.text_between(from, to)))
}

fn invalid(reason: &str) -> SqlError {
    SqlError::unsupported(format!("Invalid materialized view definition. {reason}"))
}

impl SandboxKind for MaterializedView {
    type Create = MaterializedViewBody;
    type Alter = MaterializedViewAlter;

    fn parse_create(p: &mut Parser<'_>) -> Result<MaterializedViewBody, SqlError> {
        let secure = header_is_secure(p);
        p.eat_kws(&["COPY", "GRANTS"]);
        let mut columns = Vec::new();
        if p.eat_sym("(") {
            loop {
                columns.push(p.ident()?);
                if p.eat_kw("COMMENT") {
                    p.string()?;
                }
                if !p.eat_sym(",") {
                    break;
                }
            }
            p.expect_sym(")")?;
        }
        let (mut comment, mut cluster) = (None, None);
        // `[ [ WITH ] TAG ( … ) ]` among the optional clauses
        // (https://docs.snowflake.com/en/sql-reference/sql/create-materialized-view); the
        // sandbox keeps no row access policy on a materialized view, so its clause stays
        // a syntax error here.
        let mut inline = crate::sandbox::statement::inline::Inline::default();
        loop {
            if p.eat_kws(&["COPY", "GRANTS"]) || inline.clause(p, false)? {
            } else if p.eat_kws(&["CLUSTER", "BY"]) {
                cluster = Some(cluster_by(p)?);
            } else if p.is_kw("COMMENT") && at_property(p) {
                comment = property(p)?.value.text();
            } else if at_property(p) {
                property(p)?;
            } else {
                break;
            }
        }
        // The query as CREATE VIEW reads it (`view::as_query`).
        let definition = as_query(p)?;
        Ok(MaterializedViewBody {
            cluster_by: cluster,
            definition: ViewDefinition {
                secure,
                columns,
                comment,
                governance: crate::sandbox::statement::inline::Governance {
                    object: inline,
                    columns: Vec::new(),
                },
                ..definition
            },
        })
    }

    fn inline(body: &MaterializedViewBody) -> crate::sandbox::statement::inline::Governance {
        body.definition.governance.clone()
    }

    fn parse_alter(p: &mut Parser<'_>) -> Result<MaterializedViewAlter, SqlError> {
        if p.eat_kws(&["CLUSTER", "BY"]) {
            return Ok(MaterializedViewAlter::ClusterBy(Some(cluster_by(p)?)));
        }
        if p.eat_kws(&["DROP", "CLUSTERING", "KEY"]) {
            return Ok(MaterializedViewAlter::ClusterBy(None));
        }
        if p.eat_kws(&["SUSPEND", "RECLUSTER"]) {
            return Ok(MaterializedViewAlter::Recluster(false));
        }
        if p.eat_kws(&["RESUME", "RECLUSTER"]) {
            return Ok(MaterializedViewAlter::Recluster(true));
        }
        if p.eat_kw("SUSPEND") {
            return Ok(MaterializedViewAlter::Suspend(true));
        }
        if p.eat_kw("RESUME") {
            return Ok(MaterializedViewAlter::Suspend(false));
        }
        if p.eat_kws(&["SET", "SECURE"]) {
            return Ok(MaterializedViewAlter::Secure(true));
        }
        if p.eat_kws(&["UNSET", "SECURE"]) {
            return Ok(MaterializedViewAlter::Secure(false));
        }
        if p.eat_kws(&["UNSET", "COMMENT"]) {
            return Ok(MaterializedViewAlter::Comment(None));
        }
        p.expect_kws(&["SET", "COMMENT"])?;
        p.eat_equals();
        Ok(MaterializedViewAlter::Comment(Some(p.string()?)))
    }

    /// Tables, views, dynamic tables and materialized views share one namespace, at
    /// CREATE and RENAME TO alike.
    fn check_name(catalog: &Catalog, name: &ObjectName) -> Result<(), SqlError> {
        catalog.claim_relation_name::<MaterializedView>(name)
    }

    fn create(
        catalog: &mut Catalog,
        name: &ObjectName,
        mut meta: Meta,
        body: MaterializedViewBody,
        _: &Names<'_>,
    ) -> Result<MaterializedView, SqlError> {
        let definition = &body.definition;
        // Compiled as a view's query: sources exist, columns resolve.
        let view = catalog.build_view(meta.clone(), name, definition)?;
        let schema = name.schema_name();
        let sources: Vec<ObjectName> = definition
            .references
            .iter()
            .map(|raw| resolve_in(raw, &schema))
            .collect();
        let [source] = sources.as_slice() else {
            return Err(invalid(
                "More than one table referenced in the view definition.",
            ));
        };
        if catalog.find::<Table>(source).is_none() {
            return Err(invalid("A materialized view can query only a table."));
        }
        let relations = CatalogRelations {
            catalog,
            database: Some(schema.database.clone()),
            schema: Some(schema.schema.clone()),
        };
        if let Some(reason) =
            crate::sql::bind::materialized_view_limit(&definition.query, &relations)
        {
            return Err(invalid(reason));
        }
        meta.comment.clone_from(&definition.comment);
        Ok(MaterializedView {
            meta,
            text: definition.text.clone(),
            query: definition.query.clone(),
            secure: definition.secure,
            cluster_by: body.cluster_by,
            source: source.clone(),
            suspended: false,
            recluster_suspended: false,
            columns: view.columns,
        })
    }

    fn alter(
        &mut self,
        _: &Catalog,
        _: &ObjectName,
        action: MaterializedViewAlter,
        _: super::Stamp,
        _: &Names<'_>,
    ) -> Result<(), SqlError> {
        match action {
            MaterializedViewAlter::Suspend(suspended) => self.suspended = suspended,
            MaterializedViewAlter::ClusterBy(keys) => self.cluster_by = keys,
            MaterializedViewAlter::Recluster(on) => self.recluster_suspended = !on,
            MaterializedViewAlter::Secure(secure) => self.secure = secure,
            MaterializedViewAlter::Comment(comment) => self.meta.comment = comment,
        }
        Ok(())
    }
}

/// SHOW MATERIALIZED VIEWS, with the documented columns in the documented order
/// (https://docs.snowflake.com/en/sql-reference/sql/show-materialized-views).
impl ShowRows for MaterializedView {
    const SHOW: &'static str = "SHOW MATERIALIZED VIEWS";
    const COLUMNS: &'static [(&'static str, &'static str)] = &[
        ("created_on", "timestamp_ltz"),
        ("name", "text"),
        ("reserved", "text"),
        ("database_name", "text"),
        ("schema_name", "text"),
        ("cluster_by", "text"),
        ("rows", "fixed"),
        ("bytes", "fixed"),
        ("source_database_name", "text"),
        ("source_schema_name", "text"),
        ("source_table_name", "text"),
        ("refreshed_on", "timestamp_ltz"),
        ("compacted_on", "timestamp_ltz"),
        ("owner", "text"),
        ("invalid", "boolean"),
        ("invalid_reason", "text"),
        ("behind_by", "text"),
        ("comment", "text"),
        ("text", "text"),
        ("is_secure", "boolean"),
        ("automatic_clustering", "text"),
        ("owner_role_type", "text"),
        ("budget", "text"),
    ];

    fn in_schema(schema: &Schema) -> Vec<(&Ident, &Self)> {
        MaterializedView::map(schema).iter().collect()
    }

    fn row(catalog: &Catalog, entry: &Entry<'_, Self>) -> Vec<Option<String>> {
        let v = entry.object;
        // Invalid once its table is gone (dropped, or replaced by another object).
        let invalid = catalog.find::<Table>(&v.source).is_none();
        vec![
            stamp(v.meta.created_on),
            text(entry.name.as_str()),
            None,
            text(entry.database.as_str()),
            text(entry.schema.as_str()),
            text(v.cluster_by.clone().unwrap_or_default()),
            text("0"),
            text("0"),
            text(v.source.database.as_str()),
            text(v.source.schema.as_str()),
            text(v.source.name.as_str()),
            stamp(v.meta.created_on),
            stamp(v.meta.created_on),
            text(v.meta.owner.clone()),
            flag(invalid, "true", "false"),
            invalid.then(|| "Base table dropped".to_string()),
            text("0s"),
            comment(&v.meta.comment),
            text(v.text.clone()),
            flag(v.secure, "true", "false"),
            text(if v.cluster_by.is_some() && !v.recluster_suspended {
                "ON"
            } else {
                "OFF"
            }),
            text("ROLE"),
            None,
        ]
    }
}

/// DESCRIBE MATERIALIZED VIEW: its columns, as DESCRIBE VIEW prints them
/// (https://docs.snowflake.com/en/sql-reference/sql/desc-materialized-view).
impl DescribeRows for MaterializedView {
    fn describe(_: &Catalog, entry: &Entry<'_, Self>) -> QueryResult {
        super::table::describe_columns(&entry.object.columns)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::statement::parser::read_all;

    #[test]
    fn create_reads_columns_clauses_and_the_query() {
        let body = read_all(
            "copy grants (a comment 'first', b) comment = 'mv' cluster by (a) as select x, y from t",
            MaterializedView::parse_create,
        )
        .unwrap();
        assert_eq!(body.cluster_by.as_deref(), Some("LINEAR(a)"));
        assert_eq!(body.definition.columns.len(), 2);
        assert_eq!(body.definition.comment.as_deref(), Some("mv"));
        assert_eq!(body.definition.query, "select x, y from t");
        assert_eq!(body.definition.references.len(), 1);
        let alter = |sql: &str| read_all(sql, MaterializedView::parse_alter);
        assert_eq!(
            alter("suspend recluster").unwrap(),
            MaterializedViewAlter::Recluster(false)
        );
        assert_eq!(
            alter("set comment = 'c'").unwrap(),
            MaterializedViewAlter::Comment(Some("c".into()))
        );
        assert_eq!(alter("set target_lag = 1").unwrap_err().code, "001003");
    }
}
