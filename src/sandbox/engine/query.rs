//! Queries the evaluator (`statement/select.rs`) does not answer, `UPDATE` and `DELETE`
//! (`CALL` is `call.rs`'s): compiled against the catalog as Snowflake compiles them, answered as a catalog
//! without rows answers them.
//!
//! A query's objects must exist (002003, as for a view), its columns resolve (000904, by
//! the binder `sql::bind`), and the functions it calls be Snowflake's (002140). Its
//! answer carries the bound output columns; its rows follow `sql::bind::answer`'s rules
//! (README "The sandbox").

use super::builtins::is_builtin;
use crate::model::data_type::DataType;
use crate::model::identifier::Ident;
use crate::sandbox::binder::{object_name, object_names};
use crate::sandbox::catalog::view::{CatalogRelations, bind_error};
use crate::sandbox::catalog::{Catalog, Stage, Table, function};
use crate::sandbox::error::SqlError;
use crate::sandbox::history::History;
use crate::sandbox::result::{QueryResult, ResultColumn};
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::RawName;
use crate::sandbox::statement::dml::{Dml, Query};
use crate::sql::bind::{
    AnswerError, BoundColumn, ColumnType, EarlierQuery, Named, Relations, answer_query,
};

/// The catalog and the query history, as the binder sees them: RESULT_SCAN reads an
/// earlier result's columns from the history — their names, and their types where the
/// binder derived them for that query (a SHOW's or a DDL statement's are not kept, so
/// unknown).
struct QueryRelations<'a> {
    catalog: CatalogRelations<'a>,
    history: &'a History,
    /// The session's query ids, oldest first.
    session: &'a [String],
}

impl Relations for QueryRelations<'_> {
    fn columns(&self, parts: &[Ident]) -> Option<Vec<BoundColumn>> {
        self.catalog.columns(parts)
    }

    fn function(&self, parts: &[Ident], count: usize) -> Option<ColumnType> {
        self.catalog.function(parts, count)
    }

    fn table_function(&self, parts: &[Ident], count: usize) -> Option<Vec<BoundColumn>> {
        self.catalog.table_function(parts, count)
    }

    fn result_columns(&self, query: &EarlierQuery) -> Option<Vec<BoundColumn>> {
        let id = match query {
            EarlierQuery::Id(id) => id.as_str(),
            EarlierQuery::Last(n) if *n < 0 => {
                let back = usize::try_from(n.unsigned_abs()).ok()?;
                self.session
                    .len()
                    .checked_sub(back)
                    .and_then(|i| self.session.get(i))?
            }
            EarlierQuery::Last(n) => self
                .session
                .get(usize::try_from(*n).ok()?.checked_sub(1)?)?,
        };
        let entry = self.history.find(id)?;
        entry.error_code.is_none().then(|| {
            entry
                .columns
                .iter()
                .enumerate()
                .map(|(i, name)| BoundColumn {
                    name: Ident::from_stored(name),
                    data_type: match entry.types.get(i) {
                        Some(Some(t)) => ColumnType::Known(*t),
                        _ => ColumnType::Unknown,
                    },
                    nullable: true,
                })
                .collect()
        })
    }
}

/// Compiles and answers a query. `constants` are the context functions' values. With
/// the answer come its columns' types where the binder derived them, for the history.
pub(super) fn query(
    catalog: &Catalog,
    history: &History,
    query: &Query,
    sql: &str,
    session: &SqlSession,
    constants: &[(String, Option<String>)],
) -> Result<(QueryResult, Vec<Option<DataType>>), SqlError> {
    let references = object_names(&query.references, session, "SELECT")?;
    catalog.query_sources(&references, None)?;
    let relations = QueryRelations {
        catalog: CatalogRelations {
            catalog,
            database: session.database.clone(),
            schema: session.schema.clone(),
        },
        history,
        session: &session.query_ids,
    };
    // A table literal names a relation that must exist, as a name in FROM does
    // (https://docs.snowflake.com/en/sql-reference/literals-table); a stage a query
    // reads files from must exist (https://docs.snowflake.com/en/user-guide/querying-stage),
    // refused as COPY refuses a missing stage.
    let must_exist = |named: &Named| -> Result<(), SqlError> {
        let raw = |names: &[Vec<Ident>]| -> Vec<RawName> {
            names
                .iter()
                .map(|parts| RawName {
                    parts: parts.clone(),
                })
                .collect()
        };
        catalog.query_sources(
            &object_names(&raw(&named.relations), session, "SELECT")?,
            None,
        )?;
        for stage in object_names(&raw(&named.stages), session, "SELECT")? {
            catalog.get::<Stage>(&stage)?;
        }
        Ok(())
    };
    let answer = match answer_query(sql, &relations, constants) {
        Ok(answer) => answer,
        Err(AnswerError::Syntax(at)) => return Err(SqlError::syntax(sql, at.offset, &at.found)),
        Err(AnswerError::Bind(e)) => return Err(bind_error(&e, sql, 0)),
        Err(AnswerError::Unsupported(named)) => {
            must_exist(&named)?;
            return Err(SqlError::unsupported(
                "The sandbox cannot name this query's output columns (a * over a table function or stage).",
            ));
        }
    };
    must_exist(&answer.named)?;
    if let Some(unknown) = answer
        .functions
        .iter()
        .find(|f| !is_builtin(f) && !function::exists(&relations.catalog, f))
    {
        let name: Vec<&str> = unknown.iter().map(|p| p.as_str()).collect();
        return Err(SqlError::unknown_function(&name.join(".")));
    }
    let columns = answer
        .columns
        .iter()
        .map(|c| ResultColumn {
            nullable: c.nullable,
            ..ResultColumn::new(c.name.as_str(), row_type(&c.data_type))
        })
        .collect();
    let types = answer
        .columns
        .iter()
        .map(|c| c.data_type.known().copied())
        .collect();
    Ok((
        QueryResult {
            columns,
            rows: answer.rows,
        },
        types,
    ))
}

/// The SQL API rowType type of a column
/// (https://docs.snowflake.com/en/developer-guide/sql-api/handling-responses#getting-the-metadata-about-the-results).
/// A type the binder does not derive is reported as `text`: the docs give no "unknown",
/// and every value the sandbox answers in such a column is NULL or a literal's text.
fn row_type(t: &ColumnType) -> &'static str {
    match t.known() {
        Some(DataType::Number { .. }) => "fixed",
        Some(DataType::Float) => "real",
        // The page's list of types predates DECFLOAT (which the SQL API supports from
        // 2.0.0, https://docs.snowflake.com/en/sql-reference/data-types-numeric#decfloat):
        // its own name, lower case like the others (chosen).
        Some(DataType::Decfloat) => "decfloat",
        Some(DataType::Varchar(_)) | None => "text",
        Some(DataType::Binary(_)) => "binary",
        Some(DataType::Boolean) => "boolean",
        Some(DataType::Date) => "date",
        Some(DataType::Time(_)) => "time",
        Some(DataType::TimestampNtz(_)) => "timestamp_ntz",
        Some(DataType::TimestampLtz(_)) => "timestamp_ltz",
        Some(DataType::TimestampTz(_)) => "timestamp_tz",
        Some(DataType::Variant) => "variant",
        Some(DataType::Object) => "object",
        Some(DataType::Array) => "array",
        Some(DataType::Geography) => "geography",
        Some(DataType::Geometry) => "geometry",
        Some(DataType::Vector { .. }) => "vector",
    }
}

/// `UPDATE` / `DELETE`: the target is a table, what the statement reads exists, and its
/// columns resolve; no rows change, so the counts are 0. The result columns are
/// Snowflake's (https://docs.snowflake.com/en/sql-reference/sql/update,
/// https://docs.snowflake.com/en/sql-reference/sql/delete: `number of rows updated` and
/// `number of multi-joined rows updated`, `number of rows deleted`).
pub(super) fn dml(
    catalog: &Catalog,
    dml: &Dml,
    sql: &str,
    session: &SqlSession,
    update: bool,
) -> Result<QueryResult, SqlError> {
    let action = if update { "UPDATE" } else { "DELETE" };
    let target = object_name(&dml.target, session, action)?;
    catalog.get::<Table>(&target)?;
    let references = object_names(&dml.references, session, action)?;
    catalog.query_sources(&references, None)?;
    super::merge::compile(catalog, sql, session)?;
    let names: &[&str] = if update {
        &[
            "number of rows updated",
            "number of multi-joined rows updated",
        ]
    } else {
        &["number of rows deleted"]
    };
    Ok(QueryResult {
        columns: names
            .iter()
            .map(|n| ResultColumn {
                nullable: false,
                ..ResultColumn::new(*n, "fixed")
            })
            .collect(),
        rows: vec![vec![Some("0".to_string()); names.len()]],
    })
}
