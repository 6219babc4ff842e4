//! Many queries sent as few statements: the per-object reads Snowflake offers only one
//! object at a time (a table's `TAG_REFERENCES`, a policy's or a tag's
//! `POLICY_REFERENCES`, a table's `DATA_METRIC_FUNCTION_REFERENCES` …) are gathered from
//! every kind that needs one into a [`Batch`] and joined with `UNION ALL`.
//!
//! Each of those is a table function of one object, and Snowflake has no batched,
//! current source for them (ACCOUNT_USAGE lags by hours). One statement per object made
//! the plan's statement count grow with the objects that declare tags, policies or data
//! metrics, and one per kind with the kinds a project uses; gathered, the whole reading
//! sends one statement per [`BRANCHES`] of them. Each branch selects its index first
//! (`SELECT 3 AS LF_QUERY, …`), so its rows come back to the query they answer whatever
//! order Snowflake returns them in. The branches of one statement must return the same
//! columns ("the same number of columns", matched by position:
//! https://docs.snowflake.com/en/sql-reference/operators-query), so every branch selects
//! every column any query of the batch names, in one order, `NULL` for the ones its
//! function does not have; the columns are all text, and a NULL takes any type. A query's
//! answer then carries the other queries' columns too, always NULL, which its reader,
//! reading by name, never asks for.

use std::fmt;

use super::IntrospectError;
use super::connection::{Connection, Runner};
use crate::providers::snowflake::result_set::ResultSet;

/// Most branches in one statement: a few hundred KB of text at most, well inside
/// Snowflake's 1 MB statement limit, and still one round trip for a typical project.
pub(crate) const BRANCHES: usize = 100;

/// The column each branch's index is selected as. Not a name Snowflake's functions use.
const INDEX: &str = "LF_QUERY";

/// One query of a batch: `SELECT <columns> FROM <from>`, the columns plain names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Query {
    pub(crate) columns: &'static [&'static str],
    /// What follows `FROM`: `TABLE(d.INFORMATION_SCHEMA.F(…))`.
    pub(crate) from: String,
}

/// The query as it would run alone.
impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SELECT {} FROM {}", self.columns.join(", "), self.from)
    }
}

/// Queries gathered from the kinds that need them, to run together.
#[derive(Default)]
pub(crate) struct Batch {
    queries: Vec<Query>,
}

/// Where a query's answer is in the [`Answers`] of its batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ticket(usize);

/// Every query's rows, as if each had run alone.
pub(crate) struct Answers(Vec<ResultSet>);

impl Batch {
    /// Adds `query`; its answer is taken with the ticket.
    pub(crate) fn add(&mut self, query: Query) -> Ticket {
        self.queries.push(query);
        Ticket(self.queries.len() - 1)
    }

    /// Runs the queries as `UNION ALL` statements of up to [`BRANCHES`] each,
    /// concurrently. Nothing is sent for an empty batch.
    pub(crate) async fn run<C: Connection>(
        self,
        runner: &Runner<C>,
    ) -> Result<Answers, IntrospectError> {
        runner.run_united(self.queries).await.map(Answers)
    }
}

impl Answers {
    /// The answer to the query `ticket` was given for (taken: a second take is empty).
    pub(crate) fn take(&mut self, ticket: Ticket) -> ResultSet {
        self.0
            .get_mut(ticket.0)
            .map(std::mem::take)
            .unwrap_or_default()
    }
}

/// Every column any of `queries` names, each once, in the order first named.
fn all_columns(queries: &[Query]) -> Vec<&'static str> {
    let mut columns: Vec<&'static str> = Vec::new();
    for column in queries.iter().flat_map(|q| q.columns.iter()) {
        if !columns.contains(column) {
            columns.push(column);
        }
    }
    columns
}

/// One branch: the index, then every column of the statement, `NULL` where `query` does
/// not have it.
fn branch(index: usize, query: &Query, columns: &[&'static str]) -> String {
    let selected: Vec<String> = columns
        .iter()
        .map(|c| {
            if query.columns.contains(c) {
                (*c).to_string()
            } else {
                format!("NULL AS {c}")
            }
        })
        .collect();
    format!(
        "SELECT {index} AS {INDEX}, {} FROM {}",
        selected.join(", "),
        query.from
    )
}

impl<C: Connection> Runner<C> {
    /// Runs `queries` as `UNION ALL` statements of up to [`BRANCHES`] each, concurrently,
    /// and returns each query's rows in `queries`' order, as if each had run alone.
    async fn run_united(&self, queries: Vec<Query>) -> Result<Vec<ResultSet>, IntrospectError> {
        let count = queries.len();
        let mut statements = Vec::new();
        for (chunk, branches) in queries.chunks(BRANCHES).enumerate() {
            let columns = all_columns(branches);
            let joined: Vec<String> = branches
                .iter()
                .enumerate()
                .map(|(i, query)| branch(chunk * BRANCHES + i, query, &columns))
                .collect();
            statements.push(joined.join(" UNION ALL "));
        }
        let mut answers: Vec<ResultSet> = vec![ResultSet::default(); count];
        for (chunk, united) in self.run_each(statements).await?.into_iter().enumerate() {
            // Every branch of a statement has its columns: an answer with no rows gets
            // them too, so it reads like the query's own empty result.
            let first = chunk * BRANCHES;
            for answer in answers.iter_mut().skip(first).take(BRANCHES) {
                answer.columns.clone_from(&united.columns);
                answer.statement_handle.clone_from(&united.statement_handle);
            }
            if united.is_empty() {
                continue;
            }
            let Some(index) = united.column_index(INDEX) else {
                return Err(IntrospectError::Interrupted(format!(
                    "statement {} gave no {INDEX} column",
                    united.statement_handle
                )));
            };
            for row in united.rows {
                // A row answers a branch of its own statement only.
                let answer = row
                    .get(index)
                    .and_then(|cell| cell.as_deref())
                    .and_then(|cell| cell.parse::<usize>().ok())
                    .filter(|i| (first..first + BRANCHES).contains(i))
                    .and_then(|i| answers.get_mut(i));
                match answer {
                    Some(answer) => answer.rows.push(row),
                    None => {
                        return Err(IntrospectError::Interrupted(format!(
                            "statement {} gave a row without a valid {INDEX}",
                            united.statement_handle
                        )));
                    }
                }
            }
        }
        Ok(answers)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::providers::snowflake::introspect::StatementFailure;
    use crate::providers::snowflake::result_set::ColumnMeta;

    /// Answers a united statement with one row per branch, branch index and the branch's
    /// own text, last branch first, and records what it was sent.
    #[derive(Clone, Default)]
    struct Echo(Arc<Mutex<Vec<String>>>);

    impl Connection for Echo {
        async fn query(&self, sql: String) -> Result<ResultSet, StatementFailure> {
            self.0.lock().unwrap().push(sql.clone());
            let column = |name: &str| ColumnMeta {
                name: name.into(),
                data_type: "text".into(),
                nullable: true,
            };
            let mut rows: Vec<Vec<Option<String>>> = sql
                .split(" UNION ALL ")
                .map(|branch| {
                    let index = branch
                        .trim_start_matches("SELECT ")
                        .split(' ')
                        .next()
                        .unwrap()
                        .to_string();
                    vec![Some(index), Some(branch.to_string())]
                })
                .collect();
            rows.reverse();
            Ok(ResultSet {
                columns: vec![column("LF_QUERY"), column("TEXT")],
                rows,
                statement_handle: "h".into(),
            })
        }
    }

    fn query(columns: &'static [&'static str], i: usize) -> Query {
        Query {
            columns,
            from: format!("TABLE(F('{i}'))"),
        }
    }

    #[tokio::test]
    async fn rows_return_to_their_query_across_statements() {
        let echo = Echo::default();
        let runner = Runner::new(echo.clone(), 4, 10);
        let mut batch = Batch::default();
        let tickets: Vec<Ticket> = (0..BRANCHES + 2)
            .map(|i| batch.add(query(&["TEXT"], i)))
            .collect();
        let mut answers = batch.run(&runner).await.unwrap();
        for (i, ticket) in tickets.into_iter().enumerate() {
            let answer = answers.take(ticket);
            let text: Vec<&str> = answer.rows().filter_map(|r| r.get("TEXT")).collect();
            assert_eq!(
                text,
                [format!("SELECT {i} AS LF_QUERY, TEXT FROM TABLE(F('{i}'))")]
            );
        }
        // Two statements: one full, one with the last two branches.
        let sent = echo.0.lock().unwrap().clone();
        assert_eq!(sent.len(), 2);
        assert_eq!(
            sent.iter()
                .map(|s| s.matches(" UNION ALL ").count())
                .sum::<usize>(),
            BRANCHES
        );
    }

    #[tokio::test]
    async fn queries_of_different_columns_share_one_statement() {
        let echo = Echo::default();
        let runner = Runner::new(echo.clone(), 4, 10);
        let mut batch = Batch::default();
        let first = batch.add(query(&["A", "B"], 0));
        let second = batch.add(query(&["B", "C"], 1));
        let mut answers = batch.run(&runner).await.unwrap();
        let sent = echo.0.lock().unwrap().clone();
        assert_eq!(
            sent,
            [
                "SELECT 0 AS LF_QUERY, A, B, NULL AS C FROM TABLE(F('0')) UNION ALL \
              SELECT 1 AS LF_QUERY, NULL AS A, B, C FROM TABLE(F('1'))"
            ]
        );
        assert_eq!(answers.take(first).len(), 1);
        assert_eq!(answers.take(second).len(), 1);
        // Taken once.
        assert!(answers.take(second).is_empty());
        assert_eq!(
            query(&["A", "B"], 7).to_string(),
            "SELECT A, B FROM TABLE(F('7'))"
        );
    }

    #[tokio::test]
    async fn nothing_to_read_sends_nothing() {
        let echo = Echo::default();
        let runner = Runner::new(echo.clone(), 4, 10);
        let mut answers = Batch::default().run(&runner).await.unwrap();
        assert!(answers.take(Ticket(0)).is_empty());
        assert!(echo.0.lock().unwrap().is_empty());
    }
}
