//! The one thing introspection needs from a connection — run a statement, get its rows —
//! and the runner that bounds concurrency and pages through SHOW output.

use std::future::Future;
use std::sync::Arc;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::error::{IntrospectError, StatementFailure};
use crate::model::identifier::{Ident, SchemaName};
use crate::providers::snowflake::result_set::ResultSet;
use crate::sql::quote::literal;

/// A connection to Snowflake (the SQL API client, or a test double). Cheap to clone:
/// every concurrent statement gets its own handle.
pub trait Connection: Clone + Send + Sync + 'static {
    fn query(
        &self,
        sql: String,
    ) -> impl Future<Output = Result<ResultSet, StatementFailure>> + Send;
}

/// Most rows one SHOW returns; a full page means there may be more.
pub(crate) const SHOW_PAGE_ROWS: usize = 10_000;

/// Runs statements with at most `limit` in flight.
#[derive(Clone)]
pub(crate) struct Runner<C> {
    connection: C,
    permits: Arc<Semaphore>,
    page_rows: usize,
}

impl<C: Connection> Runner<C> {
    pub(crate) fn new(connection: C, limit: usize, page_rows: usize) -> Self {
        Runner {
            connection,
            permits: Arc::new(Semaphore::new(limit.max(1))),
            page_rows: page_rows.max(1),
        }
    }

    /// One statement. The permit is held only while it runs, so jobs that wait on other
    /// jobs never starve them.
    pub(crate) async fn run(&self, sql: String) -> Result<ResultSet, IntrospectError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| IntrospectError::Interrupted(e.to_string()))?;
        self.connection
            .query(sql.clone())
            .await
            .map_err(|source| IntrospectError::Statement {
                statement: sql,
                source,
            })
    }

    /// Every page of a `SHOW …` that takes `LIMIT … FROM`, over objects whose names are
    /// unique in the listing (databases in the account, schemas in a database, objects in
    /// a schema): `LIMIT n`, then `LIMIT n FROM '<last name>'` while pages
    /// come back full. Paging stops when a page is short or the cursor does not move.
    pub(crate) async fn show(&self, statement: &str) -> Result<Vec<ResultSet>, IntrospectError> {
        let mut pages = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let sql = match &cursor {
                None => format!("{statement} LIMIT {}", self.page_rows),
                Some(from) => format!(
                    "{statement} LIMIT {} FROM {}",
                    self.page_rows,
                    literal(from)
                ),
            };
            let page = self.run(sql).await?;
            let full = page.len() >= self.page_rows;
            let last = page
                .rows()
                .last()
                .and_then(|r| r.get("name"))
                .map(str::to_string);
            pages.push(page);
            match last {
                Some(last) if full && cursor.as_ref() != Some(&last) => cursor = Some(last),
                _ => return Ok(pages),
            }
        }
    }

    /// Every row of `SHOW <what> IN DATABASE d` (tables, views, streams, tasks): one
    /// statement while the database holds less than a page. Past that, a name cursor is
    /// ambiguous across schemas — rows are ordered by schema, then name, and the cursor
    /// names only the object — so each schema is listed and paged on its own, where names
    /// are unique.
    pub(crate) async fn show_in_database(
        &self,
        what: &str,
        database: &Ident,
    ) -> Result<Vec<ResultSet>, IntrospectError> {
        let first = self
            .run(format!(
                "SHOW {what} IN DATABASE {database} LIMIT {}",
                self.page_rows
            ))
            .await?;
        if first.len() < self.page_rows {
            return Ok(vec![first]);
        }
        let mut pages = Vec::new();
        for schemas in self
            .show(&format!("SHOW SCHEMAS IN DATABASE {database}"))
            .await?
        {
            for row in schemas.rows() {
                let Some(schema) = row.get("name").filter(|s| *s != "INFORMATION_SCHEMA") else {
                    continue;
                };
                let schema = SchemaName::new(database.clone(), Ident::from_stored(schema));
                pages.extend(
                    self.show(&format!("SHOW {what} IN SCHEMA {schema}"))
                        .await?,
                );
            }
        }
        Ok(pages)
    }

    /// `SHOW …` for a kind whose SHOW has no `LIMIT … FROM` (warehouses, integrations,
    /// file formats, stages, procedures): one statement. A result at Snowflake's 10,000-row
    /// cap may be truncated, and a truncated listing would make objects look missing, so
    /// it is an error rather than a partial answer.
    pub(crate) async fn show_unpaged(
        &self,
        statement: &str,
    ) -> Result<Vec<ResultSet>, IntrospectError> {
        let page = self.run(statement.to_string()).await?;
        if page.len() >= SHOW_PAGE_ROWS {
            return Err(IntrospectError::Truncated {
                statement: statement.to_string(),
                rows: page.len(),
            });
        }
        Ok(vec![page])
    }

    /// Runs `statements` concurrently (within the limit); results in the same order.
    pub(crate) async fn run_each(
        &self,
        statements: Vec<String>,
    ) -> Result<Vec<ResultSet>, IntrospectError> {
        let mut jobs = JoinSet::new();
        let count = statements.len();
        for (index, sql) in statements.into_iter().enumerate() {
            let runner = self.clone();
            jobs.spawn(async move { runner.run(sql).await.map(|r| (index, r)) });
        }
        let mut results: Vec<Option<ResultSet>> = vec![None; count];
        while let Some(joined) = jobs.join_next().await {
            let (index, result) =
                joined.map_err(|e| IntrospectError::Interrupted(e.to_string()))??;
            results[index] = Some(result);
        }
        results
            .into_iter()
            .map(|r| {
                r.ok_or_else(|| IntrospectError::Interrupted("a statement gave no result".into()))
            })
            .collect()
    }
}
