//! Fetching the further partitions of a finished result.
//!
//! A large result arrives as partition 0 in the statement's response and partitions 1…N-1
//! behind `GET /api/v2/statements/{handle}?partition=i` (gzip-compressed). They are fetched
//! a few at a time and returned in partition order, so the rows concatenate in the order
//! Snowflake produced them. Checking row widths and counts is the client's job.

use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinSet;

use super::error::{CancelOutcome, ClientError};
use super::poll::Deadline;
use super::response::cell_text;
use super::statement_text::StatementText;
use super::status::{Identity, partition_data};
use super::transport::{Call, ExchangeError, Transport};

/// Partitions fetched at the same time.
pub(crate) const PARALLEL_FETCHES: usize = 4;

/// Rows of text cells, `None` for NULL.
pub(crate) type Rows = Vec<Vec<Option<String>>>;

/// What every partition fetch of one result shares.
#[derive(Clone)]
pub(crate) struct PartitionSource {
    pub(crate) transport: Arc<Transport>,
    pub(crate) who: Identity,
    pub(crate) handle: String,
    pub(crate) deadline: Deadline,
    /// The statement's timeout, for the error when the deadline passes.
    pub(crate) timeout: Duration,
    pub(crate) statement: StatementText,
}

/// Partitions `1..count` of the result, in order.
pub(crate) async fn fetch_partitions(
    source: &PartitionSource,
    count: usize,
) -> Result<Vec<Rows>, ClientError> {
    let mut fetched: Vec<Option<Rows>> = vec![None; count.saturating_sub(1)];
    let mut tasks = JoinSet::new();
    let mut next = 1;
    while next < count || !tasks.is_empty() {
        while next < count && tasks.len() < PARALLEL_FETCHES {
            let source = source.clone();
            let index = next;
            tasks.spawn(async move { (index, fetch_one(&source, index).await) });
            next += 1;
        }
        let Some(joined) = tasks.join_next().await else {
            break;
        };
        let (index, rows) = joined.map_err(|e| ClientError::Protocol {
            status: 200,
            detail: format!("fetching a result partition stopped: {e}"),
            handle: Some(source.handle.clone()),
            statement: source.statement.clone(),
        })?;
        fetched[index - 1] = Some(rows?);
    }
    Ok(fetched.into_iter().flatten().collect())
}

async fn fetch_one(source: &PartitionSource, index: usize) -> Result<Rows, ClientError> {
    let mut url = source.transport.statement_url(&source.handle);
    url.query_pairs_mut()
        .append_pair("partition", &index.to_string());
    let exchange = match source
        .transport
        .exchange(&Call::Get { url }, source.deadline, &source.statement)
        .await
    {
        Ok(exchange) => exchange,
        Err(ExchangeError::Failed(e)) => return Err(e),
        Err(ExchangeError::DeadlinePassed) => {
            return Err(ClientError::Timeout {
                after: source.timeout,
                handle: Some(source.handle.clone()),
                outcome: CancelOutcome::AlreadyFinished,
                statement: source.statement.clone(),
            });
        }
    };
    let data = partition_data(&exchange, &source.who, &source.statement)?;
    Ok(data
        .into_iter()
        .map(|row| row.into_iter().map(cell_text).collect())
        .collect())
}
