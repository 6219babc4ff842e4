//! Many queries of one shape sent as few statements: the per-object reads Snowflake offers
//! only one object at a time (a table's `TAG_REFERENCES`, a policy's `POLICY_REFERENCES`,
//! a table's `DATA_METRIC_FUNCTION_REFERENCES` …) are joined with `UNION ALL`.
//!
//! Each of those is a table function of one object, and Snowflake has no batched,
//! current source for them (ACCOUNT_USAGE lags by hours). One statement per object made
//! the plan's statement count grow with the objects that declare tags, policies or data
//! metrics; joined, it grows by one per [`BRANCHES`] of them. Each branch selects its
//! index first (`SELECT 3 AS LF_QUERY, …`), so its rows come back to the query they
//! answer whatever order Snowflake returns them in; the branches of one statement must
//! return the same columns ("the same number of columns":
//! https://docs.snowflake.com/en/sql-reference/operators-query), which holds for the
//! calls of one function with one select list.

use super::IntrospectError;
use super::connection::{Connection, Runner};
use crate::providers::snowflake::result_set::ResultSet;

/// Most branches in one statement: a few hundred KB of text at most, well inside
/// Snowflake's 1 MB statement limit, and still one round trip for a typical project.
pub(crate) const BRANCHES: usize = 100;

/// The column each branch's index is selected as. Not a name Snowflake's functions use.
const INDEX: &str = "LF_QUERY";

impl<C: Connection> Runner<C> {
    /// Runs `queries` — each `SELECT … FROM TABLE(…)`, all with the same select list — as
    /// `UNION ALL` statements of up to [`BRANCHES`] each, concurrently, and returns each
    /// query's rows in `queries`' order, as if each had run alone.
    pub(crate) async fn run_united(
        &self,
        queries: Vec<String>,
    ) -> Result<Vec<ResultSet>, IntrospectError> {
        let count = queries.len();
        let mut statements = Vec::new();
        for (chunk, branches) in queries.chunks(BRANCHES).enumerate() {
            let mut joined = Vec::with_capacity(branches.len());
            for (i, query) in branches.iter().enumerate() {
                let Some(rest) = query.strip_prefix("SELECT ") else {
                    return Err(IntrospectError::Interrupted(format!(
                        "not a SELECT to unite: {query}"
                    )));
                };
                joined.push(format!(
                    "SELECT {} AS {INDEX}, {rest}",
                    chunk * BRANCHES + i
                ));
            }
            statements.push(joined.join(" UNION ALL "));
        }
        let mut answers: Vec<ResultSet> = vec![ResultSet::default(); count];
        for united in self.run_each(statements).await? {
            if united.is_empty() {
                continue;
            }
            let Some(index) = united.column_index(INDEX) else {
                return Err(IntrospectError::Interrupted(format!(
                    "statement {} gave no {INDEX} column",
                    united.statement_handle
                )));
            };
            for answer in &mut answers {
                if answer.columns.is_empty() {
                    // Every branch has the same columns: an answer with no rows gets
                    // them too, so it reads like the query's own empty result.
                    answer.columns.clone_from(&united.columns);
                    answer.statement_handle.clone_from(&united.statement_handle);
                }
            }
            for row in united.rows {
                let answer = row
                    .get(index)
                    .and_then(|cell| cell.as_deref())
                    .and_then(|cell| cell.parse::<usize>().ok())
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

    #[tokio::test]
    async fn rows_return_to_their_query_across_statements() {
        let echo = Echo::default();
        let runner = Runner::new(echo.clone(), 4, 10);
        let queries: Vec<String> = (0..BRANCHES + 2)
            .map(|i| format!("SELECT TEXT FROM TABLE(F('{i}'))"))
            .collect();
        let answers = runner.run_united(queries).await.unwrap();
        assert_eq!(answers.len(), BRANCHES + 2);
        for (i, answer) in answers.iter().enumerate() {
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
    async fn nothing_to_read_sends_nothing() {
        let echo = Echo::default();
        let runner = Runner::new(echo.clone(), 4, 10);
        assert!(runner.run_united(Vec::new()).await.unwrap().is_empty());
        assert!(echo.0.lock().unwrap().is_empty());
    }
}
