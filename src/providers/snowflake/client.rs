//! The Snowflake SQL API v2 client: run a statement (or several) and get all its rows.
//!
//! One run is: submit with a fresh `requestId` (retried with the same id and
//! `retry=true`, see `transport`); on 202 poll the statement's status URL at a growing
//! interval until it finishes or its deadline passes, then cancel it; fetch the further
//! partitions of the result and concatenate them; for a multi-statement request fetch each
//! statement's result by handle. The client is an `Arc` inside, cheap to clone and safe to
//! share between tasks. It never decides what to run: introspection and apply do.

use std::sync::Arc;
use std::time::Duration;

use uuid::Uuid;

use super::cancel::{CancelOnDrop, cancel_statement};
use super::error::{CancelOutcome, ClientError};
use super::partitions::{PartitionSource, fetch_partitions};
use super::poll::{Deadline, PollSchedule};
use super::request::StatementRequest;
use super::response::{StatementResponse, cell_text};
use super::result_set::{ColumnMeta, ResultSet};
use super::settings::{ConnectionSettings, StatementOptions};
use super::statement_text::StatementText;
use super::status::{Identity, Progress, interpret};
use super::transport::{Call, ExchangeError, Transport};

/// The client-side deadline exceeds the server-side timeout by this share of it (at most
/// [`MAX_DEADLINE_GRACE`]), so that Snowflake's own 408 normally arrives first and the
/// client's cancel is only a backstop.
const DEADLINE_GRACE_DIVISOR: u32 = 10;
const MAX_DEADLINE_GRACE: Duration = Duration::from_secs(5);

/// A connection to one Snowflake account as one user.
#[derive(Clone, Debug)]
pub struct SnowflakeClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    transport: Arc<Transport>,
    settings: ConnectionSettings,
    who: Identity,
}

/// What the steps of one run share.
struct Run {
    statement: StatementText,
    timeout: Duration,
    deadline: Deadline,
}

impl SnowflakeClient {
    /// Validates the settings and prepares credentials (parses the key, sets up Entra ID).
    /// Nothing is sent until the first statement.
    pub fn new(settings: ConnectionSettings) -> Result<Self, ClientError> {
        let transport = Transport::new(&settings)?;
        let who = Identity {
            user: match settings.user.trim() {
                // Token authentication sends no user; messages name the token's.
                "" => "(the token's user)".to_string(),
                user => user.to_string(),
            },
            account: settings.account_identifier()?.jwt_account(),
            token_type: transport.tokens().token_type(),
        };
        Ok(SnowflakeClient {
            inner: Arc::new(Inner {
                transport: Arc::new(transport),
                settings,
                who,
            }),
        })
    }

    pub fn settings(&self) -> &ConnectionSettings {
        &self.inner.settings
    }

    /// `SHA256:<base64>` of the public key when authenticating with a key pair: the value
    /// `DESCRIBE USER` shows as `RSA_PUBLIC_KEY_FP`.
    pub fn public_key_fingerprint(&self) -> Option<&str> {
        self.inner
            .transport
            .tokens()
            .key_pair()
            .map(|jwt| jwt.fingerprint())
    }

    /// Runs one statement and returns all its rows.
    pub async fn execute(&self, sql: &str) -> Result<ResultSet, ClientError> {
        self.execute_with(sql, &StatementOptions::default()).await
    }

    /// Runs one statement with per-statement options.
    pub async fn execute_with(
        &self,
        sql: &str,
        options: &StatementOptions,
    ) -> Result<ResultSet, ClientError> {
        let results = self.run(sql, options, None).await?;
        results
            .into_iter()
            .next()
            .ok_or_else(|| ClientError::Protocol {
                status: 200,
                detail: "no result came back".to_string(),
                handle: None,
                statement: StatementText::new(sql),
            })
    }

    /// Runs several `;`-separated statements in one request (`count` of them, 0 for any
    /// number) and returns one result per statement, in order. Snowflake runs them in one
    /// session; if one fails, the error names it and the rest do not run.
    pub async fn execute_multi(
        &self,
        sql: &str,
        count: usize,
    ) -> Result<Vec<ResultSet>, ClientError> {
        self.execute_multi_with(sql, count, &StatementOptions::default())
            .await
    }

    /// [`SnowflakeClient::execute_multi`] with per-request options.
    pub(crate) async fn execute_multi_with(
        &self,
        sql: &str,
        count: usize,
        options: &StatementOptions,
    ) -> Result<Vec<ResultSet>, ClientError> {
        self.run(sql, options, Some(count)).await
    }

    async fn run(
        &self,
        sql: &str,
        options: &StatementOptions,
        multi: Option<usize>,
    ) -> Result<Vec<ResultSet>, ClientError> {
        let settings = &self.inner.settings;
        let timeout = options.timeout.unwrap_or(settings.statement_timeout);
        let grace = (timeout / DEADLINE_GRACE_DIVISOR).min(MAX_DEADLINE_GRACE);
        let run = Run {
            statement: StatementText::new(sql),
            timeout,
            deadline: Deadline::after(timeout + grace),
        };
        let mut body = StatementRequest::new(sql, timeout).query_tag(settings.query_tag.as_deref());
        body.database = options.database.as_deref();
        body.schema = options.schema.as_deref();
        body.warehouse = settings.warehouse.as_deref();
        body.role = settings.role.as_deref();
        if let Some(count) = multi {
            body = body.multi_statement(count);
        }
        let submit = Call::Submit {
            body: &body,
            request_id: options.request_id.unwrap_or_else(Uuid::new_v4),
        };

        let mut guard = CancelOnDrop::new(Arc::clone(&self.inner.transport), run.statement.clone());
        let finished = match self.step(&submit, &run, None).await {
            Ok(first) => self.wait(first, &run, &mut guard).await,
            Err(e) => Err(e),
        };
        guard.disarm();
        let mut finished = finished?;

        match (multi, finished.statement_handles.take()) {
            (Some(_), Some(handles)) => {
                let mut results = Vec::with_capacity(handles.len());
                for handle in handles {
                    results.push(self.child_result(&handle, &run).await?);
                }
                Ok(results)
            }
            _ => Ok(vec![self.collect(finished, &run).await?]),
        }
    }

    /// Polls a running statement until it finishes, or cancels it at the deadline.
    async fn wait(
        &self,
        mut progress: Progress,
        run: &Run,
        guard: &mut CancelOnDrop,
    ) -> Result<StatementResponse, ClientError> {
        let transport = &self.inner.transport;
        let mut schedule = PollSchedule::new(self.inner.settings.max_poll_interval);
        loop {
            let running = match progress {
                Progress::Done(finished) => return Ok(finished),
                Progress::Running(running) => running,
            };
            let handle = running.statement_handle.unwrap_or_default();
            guard.arm(&handle);
            let url = running
                .statement_status_url
                .as_deref()
                .and_then(|url| transport.resolve_status_url(url))
                .unwrap_or_else(|| transport.statement_url(&handle));
            let pause = schedule.next_interval();
            if pause >= run.deadline.remaining() {
                return Err(self.timed_out(run, Some(&handle)).await);
            }
            tokio::time::sleep(pause).await;
            progress = self.step(&Call::Get { url }, run, Some(&handle)).await?;
        }
    }

    /// One exchange read as progress; at the deadline, the statement is cancelled.
    async fn step(
        &self,
        call: &Call<'_>,
        run: &Run,
        handle: Option<&str>,
    ) -> Result<Progress, ClientError> {
        match self
            .inner
            .transport
            .exchange(call, run.deadline, &run.statement)
            .await
        {
            Ok(exchange) => match interpret(&exchange, &self.inner.who, &run.statement) {
                Err(ClientError::Timeout {
                    handle: server_handle,
                    outcome,
                    statement,
                    ..
                }) => Err(ClientError::Timeout {
                    after: run.timeout,
                    handle: server_handle.or_else(|| handle.map(str::to_string)),
                    outcome,
                    statement,
                }),
                other => other,
            },
            Err(ExchangeError::DeadlinePassed) => Err(self.timed_out(run, handle).await),
            Err(ExchangeError::Failed(e)) => Err(e),
        }
    }

    async fn timed_out(&self, run: &Run, handle: Option<&str>) -> ClientError {
        let outcome = match handle {
            Some(handle) => cancel_statement(&self.inner.transport, handle, &run.statement).await,
            None => CancelOutcome::NoHandle,
        };
        ClientError::Timeout {
            after: run.timeout,
            handle: handle.map(str::to_string),
            outcome,
            statement: run.statement.clone(),
        }
    }

    /// The result of one statement of a multi-statement request.
    async fn child_result(&self, handle: &str, run: &Run) -> Result<ResultSet, ClientError> {
        let url = self.inner.transport.statement_url(handle);
        let first = self.step(&Call::Get { url }, run, Some(handle)).await?;
        let mut guard = CancelOnDrop::new(Arc::clone(&self.inner.transport), run.statement.clone());
        let finished = self.wait(first, run, &mut guard).await;
        guard.disarm();
        self.collect(finished?, run).await
    }

    /// Turns a finished statement's response and its further partitions into a result.
    async fn collect(
        &self,
        finished: StatementResponse,
        run: &Run,
    ) -> Result<ResultSet, ClientError> {
        let handle = finished.statement_handle.unwrap_or_default();
        let meta = finished.result_set_meta_data.unwrap_or_default();
        let columns: Vec<ColumnMeta> = meta
            .row_type
            .into_iter()
            .map(|column| ColumnMeta {
                name: column.name,
                data_type: column.data_type,
                nullable: column.nullable.unwrap_or(true),
            })
            .collect();
        let mut rows: Vec<Vec<Option<String>>> = finished
            .data
            .unwrap_or_default()
            .into_iter()
            .map(|row| row.into_iter().map(cell_text).collect())
            .collect();
        let partitions = meta.partition_info.len();
        if partitions > 1 {
            let source = PartitionSource {
                transport: Arc::clone(&self.inner.transport),
                who: self.inner.who.clone(),
                handle: handle.clone(),
                deadline: run.deadline,
                timeout: run.timeout,
                statement: run.statement.clone(),
            };
            for partition in fetch_partitions(&source, partitions).await? {
                rows.extend(partition);
            }
        }
        let result = ResultSet {
            columns,
            rows,
            statement_handle: handle,
        };
        check_shape(&result, meta.num_rows, run)?;
        Ok(result)
    }
}

/// A result whose rows do not match its columns or its announced row count is refused
/// rather than read wrongly by name.
fn check_shape(result: &ResultSet, num_rows: Option<u64>, run: &Run) -> Result<(), ClientError> {
    let protocol = |detail: String| ClientError::Protocol {
        status: 200,
        detail,
        handle: Some(result.statement_handle.clone()),
        statement: run.statement.clone(),
    };
    if let Some(row) = result.rows.iter().find(|r| r.len() != result.columns.len()) {
        return Err(protocol(format!(
            "a row has {} cells but the result has {} columns",
            row.len(),
            result.columns.len()
        )));
    }
    if let Some(expected) = num_rows
        && expected != result.rows.len() as u64
    {
        return Err(protocol(format!(
            "the result announced {expected} rows but {} arrived",
            result.rows.len()
        )));
    }
    Ok(())
}
