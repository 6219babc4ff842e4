//! The sandbox's HTTP server: Snowflake's SQL API v2 on axum.
//!
//! Routes: `POST /api/v2/statements` (query `requestId`, `retry`, `async`, `nullable`),
//! `GET /api/v2/statements/{handle}[?partition=N]`, `POST /api/v2/statements/{handle}/cancel`.
//! Every request first waits out the configured latency (a sleep, so requests overlap
//! instead of queueing), then meets the fault injector (429, 503, a dropped connection),
//! then authentication. A POST registers a statement, runs it in the background and waits
//! up to the synchronous wait (45 s, as Snowflake) for it; a statement still running then
//! is answered 202 and the client polls. `async=true` answers 202 at once.
//!
//! `requestId` + `retry=true` answers with the first execution under that id — its result,
//! or its status while it runs — instead of running the statement again. A repeated id
//! without `retry=true` runs again, as Snowflake documents.
//!
//! [`start`] runs the server in the background of the current tokio runtime and returns a
//! [`RunningSandbox`]; [`serve`] runs one until Ctrl-C or SIGTERM (the CLI's `sandbox
//! serve`). Either way, with a state directory the catalog is loaded at start, saved
//! (debounced) while serving and saved once more at shutdown.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::answer;
use super::auth::{AuthError, Authenticator, Principal};
use super::execution::{self, SharedEngine, Submission, SubmissionRunner};
use super::faults::{Fault, FaultInjector, FaultOptionError, FaultOptions};
use super::handles::{DEFAULT_RETENTION, Finished, Outcome, Statements};
use super::persistence::{PersistenceError, Persister, Snapshot, StateDir};
use super::severable::{SeverableListener, Severance};
use super::wire::{self, StatementCount, StatementRequest, SubmitParams};
use crate::model::identifier::Ident;
use crate::sandbox::engine::Engine;
use crate::sandbox::error::SqlError;
use crate::sandbox::session::SqlSession;
use crate::secret::Secret;

/// How long Snowflake holds a synchronous request before answering 202.
pub(crate) const DEFAULT_SYNC_WAIT: Duration = Duration::from_secs(45);
/// How long shutdown waits for requests in flight before it stops waiting for them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// How to run a sandbox server.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Port 0 picks a free port; [`RunningSandbox::addr`] tells which.
    pub listen: SocketAddr,
    /// Where the catalog persists; `None` keeps it in memory only.
    pub state_dir: Option<PathBuf>,
    /// Added to every request, without serialising requests.
    pub latency: Duration,
    pub faults: FaultOptions,
    /// When set, non-JWT bearer tokens must equal it.
    pub fixed_token: Option<Secret>,
    /// How long a synchronous POST waits before answering 202.
    pub sync_wait: Duration,
    /// The local lake beside the sandbox, which storage validations read.
    pub lake_dir: Option<PathBuf>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            state_dir: None,
            latency: Duration::ZERO,
            faults: FaultOptions::default(),
            fixed_token: None,
            sync_wait: DEFAULT_SYNC_WAIT,
            lake_dir: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error(transparent)]
    State(#[from] PersistenceError),
    #[error("sandbox state {} cannot be loaded: {source}", path.display())]
    LoadState { path: PathBuf, source: SqlError },
    #[error(transparent)]
    Faults(#[from] FaultOptionError),
    #[error("the sandbox cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: io::Error },
    #[error("the sandbox server failed: {0}")]
    Serve(io::Error),
    #[error("cannot wait for a shutdown signal: {0}")]
    Signal(io::Error),
}

/// Everything the handlers share.
struct Shared {
    executor: SubmissionRunner,
    auth: Authenticator,
    faults: FaultInjector,
    latency: Duration,
    sync_wait: Duration,
}

/// A sandbox serving in the background. [`RunningSandbox::shutdown`] stops it and saves
/// the state; dropping it does the same without waiting for requests in flight.
pub struct RunningSandbox {
    addr: SocketAddr,
    engine: SharedEngine,
    persister: Option<Arc<Persister>>,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<io::Result<()>>>,
    writer: Option<JoinHandle<()>>,
}

impl RunningSandbox {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR`, the URL a Snowflake client is pointed at.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting requests, lets requests in flight finish (for up to a few seconds),
    /// saves the state and releases the state directory.
    pub async fn shutdown(mut self) -> Result<(), SandboxError> {
        if let Some(stop) = self.stop.take() {
            // The server may already have stopped on its own; nothing to signal then.
            let _ = stop.send(());
        }
        let mut served = Ok(());
        if let Some(server) = self.server.take()
            && let Ok(joined) = tokio::time::timeout(SHUTDOWN_GRACE, server).await
        {
            served = match joined {
                Ok(result) => result.map_err(SandboxError::Serve),
                Err(join) => Err(SandboxError::Serve(io::Error::other(join.to_string()))),
            };
        }
        let closed = match self.persister.take() {
            Some(persister) => {
                let engine = Arc::clone(&self.engine);
                let closing = Arc::clone(&persister);
                let closed = tokio::task::spawn_blocking(move || {
                    closing.close(|| execution::lock(&engine).to_state())
                })
                .await
                .unwrap_or_else(|join| Err(PersistenceError::Interrupted(join.to_string())));
                if let Some(writer) = self.writer.take() {
                    // The writer returns as soon as it sees the persister closed.
                    let _ = writer.await;
                }
                closed.map_err(SandboxError::State)
            }
            None => Ok(()),
        };
        served.and(closed)
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(persister) = self.persister.take() {
            // Drop cannot report an error; `shutdown` is the way to see one. Saving here
            // still means a sandbox that is simply dropped keeps its catalog.
            let _ = persister.close(|| execution::lock(&self.engine).to_state());
        }
    }
}

/// Starts a sandbox in the background of the current tokio runtime.
pub async fn start(options: ServeOptions) -> Result<RunningSandbox, SandboxError> {
    options.faults.validate()?;
    let (engine, persister) = match &options.state_dir {
        Some(dir) => {
            let dir = StateDir::open(dir)?;
            let engine = match dir.load()? {
                Some(state) => {
                    Engine::from_state(state).map_err(|source| SandboxError::LoadState {
                        path: dir.catalog_path(),
                        source,
                    })?
                }
                None => Engine::new(),
            };
            (engine, Some(Arc::new(Persister::new(dir))))
        }
        None => (Engine::new(), None),
    };
    let mut engine = engine;
    engine.set_lake(options.lake_dir.clone());
    let listener =
        TcpListener::bind(options.listen)
            .await
            .map_err(|source| SandboxError::Bind {
                addr: options.listen,
                source,
            })?;
    let addr = listener.local_addr().map_err(|source| SandboxError::Bind {
        addr: options.listen,
        source,
    })?;
    let engine: SharedEngine = Arc::new(Mutex::new(engine));
    let shared = Arc::new(Shared {
        executor: SubmissionRunner {
            engine: Arc::clone(&engine),
            statements: Statements::new(DEFAULT_RETENTION),
            persister: persister.clone(),
        },
        auth: Authenticator::new(options.fixed_token),
        faults: FaultInjector::new(options.faults),
        latency: options.latency,
        sync_wait: options.sync_wait,
    });
    let writer = persister.as_ref().map(|persister| {
        let snapshot_engine = Arc::clone(&engine);
        let snapshot: Snapshot = Arc::new(move || execution::lock(&snapshot_engine).to_state());
        let on_error = move |error: PersistenceError| {
            // A background save has no caller to return to; the next change retries it and
            // shutdown reports the final save's result.
            eprintln!("lakeform sandbox on {addr}: {error}");
        };
        tokio::spawn(Arc::clone(persister).run(snapshot, on_error))
    });
    let (stop, stopped) = oneshot::channel::<()>();
    let app = router(shared).into_make_service_with_connect_info::<Severance>();
    let server = tokio::spawn(async move {
        axum::serve(SeverableListener::new(listener), app)
            .with_graceful_shutdown(async {
                // Either a stop signal or the handle being gone means stop.
                let _ = stopped.await;
            })
            .await
    });
    Ok(RunningSandbox {
        addr,
        engine,
        persister,
        stop: Some(stop),
        server: Some(server),
        writer,
    })
}

/// Runs a sandbox until Ctrl-C or SIGTERM, then shuts it down cleanly.
pub async fn serve(options: ServeOptions) -> Result<(), SandboxError> {
    let running = start(options).await?;
    eprintln!("lakeform sandbox listening on {}", running.base_url());
    let signalled = shutdown_signal().await;
    let stopped = running.shutdown().await;
    signalled.and(stopped)
}

#[cfg(unix)]
async fn shutdown_signal() -> Result<(), SandboxError> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut terminate = signal(SignalKind::terminate()).map_err(SandboxError::Signal)?;
    tokio::select! {
        interrupted = tokio::signal::ctrl_c() => interrupted.map_err(SandboxError::Signal),
        _ = terminate.recv() => Ok(()),
    }
}

#[cfg(not(unix))]
async fn shutdown_signal() -> Result<(), SandboxError> {
    tokio::signal::ctrl_c().await.map_err(SandboxError::Signal)
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/api/v2/statements", post(submit))
        .route("/api/v2/statements/{handle}", get(status))
        .route("/api/v2/statements/{handle}/cancel", post(cancel))
        .fallback(not_found)
        .with_state(shared)
}

impl Shared {
    /// Latency, then faults. `Some` is the answer to give instead of handling the request.
    async fn admit(&self, connection: &Severance) -> Option<Response> {
        if !self.latency.is_zero() {
            tokio::time::sleep(self.latency).await;
        }
        let refusal = match self.faults.before_request()? {
            Fault::TooManyRequests => answer::api_error(
                StatusCode::TOO_MANY_REQUESTS,
                None,
                "Too many requests: the sandbox's fault injection refused this request; retry later.",
            ),
            Fault::Unavailable => answer::api_error(
                StatusCode::SERVICE_UNAVAILABLE,
                None,
                "Service unavailable: the sandbox's fault injection refused this request; retry later.",
            ),
            Fault::DropConnection => {
                connection.sever();
                // Never sent: the connection is cut before a byte of it is written.
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        };
        Some(refusal)
    }

    /// What every endpoint does first: admission (latency and faults), then the caller's
    /// credentials; `Err` is the answer that refuses the request.
    async fn enter(
        &self,
        connection: &Severance,
        headers: &HeaderMap,
    ) -> Result<Principal, Response> {
        if let Some(refusal) = self.admit(connection).await {
            return Err(refusal);
        }
        self.authenticate(headers).map_err(unauthorized)
    }

    fn authenticate(&self, headers: &HeaderMap) -> Result<Principal, AuthError> {
        let text = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
        let registered = |user: &str| execution::lock(&self.executor.engine).user_public_keys(user);
        self.auth.authenticate(
            text(header::AUTHORIZATION.as_str()),
            text("x-snowflake-authorization-token-type"),
            registered,
            jiff::Timestamp::now().as_second(),
        )
    }
}

/// 401 with Snowflake's code for what was wrong with the credentials.
fn unauthorized(error: AuthError) -> Response {
    let code = match error {
        AuthError::MissingToken => wire::CODE_NO_TOKEN,
        AuthError::InvalidJwt(_) => wire::CODE_INVALID_JWT,
        AuthError::TokenMismatch => wire::CODE_INVALID_TOKEN,
    };
    answer::api_error(StatusCode::UNAUTHORIZED, Some(code), error.to_string())
}

fn bad_request(message: impl Into<String>) -> Response {
    answer::api_error(StatusCode::BAD_REQUEST, None, message)
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

async fn submit(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(connection): ConnectInfo<Severance>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let principal = match shared.enter(&connection, &headers).await {
        Ok(principal) => principal,
        Err(refusal) => return refusal,
    };
    let params = match SubmitParams::parse(query.as_deref()) {
        Ok(params) => params,
        Err(message) => return bad_request(message),
    };
    if !is_json(&headers) {
        return bad_request("The request's Content-Type must be application/json.");
    }
    let request: StatementRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => return bad_request(format!("The request body is not a statement request: {e}")),
    };
    if request.bindings.as_ref().is_some_and(has_bindings) {
        return bad_request("Bind variables are not supported by the lakeform sandbox.");
    }
    let count = match request.statement_count() {
        Ok(count) => count,
        Err(message) => return bad_request(message),
    };
    let statements = &shared.executor.statements;
    if params.retry
        && let Some(id) = &params.request_id
        && let Some(first) = statements.by_request_id(id)
    {
        let current = if params.asynchronous {
            first.outcome()
        } else {
            first.wait(shared.sync_wait).await
        };
        return answer::outcome(&first, &current);
    }
    // A request refused before it runs still gets a handle, answering the failure.
    let refuse = |error: SqlError| {
        let refused = statements.register_finished(
            params.request_id.clone(),
            params.nullable,
            Finished::Failed {
                error,
                children: None,
            },
        );
        answer::outcome(&refused, &refused.outcome())
    };
    let text = request.statement.as_deref().unwrap_or_default();
    let split = match Engine::split_statements(text) {
        // Nothing to execute is a malformed request, answered 400 without a handle.
        Err(error) if error.code == wire::CODE_EMPTY_STATEMENT => {
            return answer::api_error(
                StatusCode::BAD_REQUEST,
                Some(wire::CODE_EMPTY_STATEMENT),
                "Empty SQL statement.",
            );
        }
        Ok(split) if split.is_empty() => {
            return answer::api_error(
                StatusCode::BAD_REQUEST,
                Some(wire::CODE_EMPTY_STATEMENT),
                "Empty SQL statement.",
            );
        }
        Ok(split) => split,
        Err(error) => return refuse(error),
    };
    if let StatementCount::Exactly(expected) = count
        && expected != split.len()
    {
        let error = SqlError {
            code: wire::CODE_STATEMENT_COUNT.into(),
            sql_state: "0A000".into(),
            message: format!(
                "Actual statement count {} did not match the desired statement count {expected}.",
                split.len()
            ),
        };
        return refuse(error);
    }
    let submission = Submission {
        statements: split,
        multi: count != StatementCount::Exactly(1),
        session: SqlSession {
            id: SqlSession::next_id(),
            database: request.database.map(Ident::from_stored),
            schema: request.schema.map(Ident::from_stored),
            role: request.role,
            warehouse: request.warehouse,
            user: Some(principal.user),
            ..SqlSession::default()
        },
        timeout: request.timeout.filter(|t| *t > 0).map(Duration::from_secs),
        slow: shared.faults.slow_delay(),
        nullable: params.nullable,
    };
    let statement = statements.register(params.request_id, params.nullable);
    {
        let (shared, statement) = (Arc::clone(&shared), Arc::clone(&statement));
        tokio::spawn(async move { shared.executor.run(&statement, submission).await });
    }
    let current = if params.asynchronous {
        Outcome::Running
    } else {
        statement.wait(shared.sync_wait).await
    };
    if matches!(current, Outcome::Done(_)) && shared.faults.drop_after_execute() {
        connection.sever();
    }
    answer::outcome(&statement, &current)
}

/// Whether a `bindings` value binds anything (`{}` and `null` bind nothing).
fn has_bindings(bindings: &serde_json::Value) -> bool {
    match bindings {
        serde_json::Value::Null => false,
        serde_json::Value::Object(map) => !map.is_empty(),
        _ => true,
    }
}

async fn status(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(connection): ConnectInfo<Severance>,
    Path(handle): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    if let Err(refusal) = shared.enter(&connection, &headers).await {
        return refusal;
    }
    let partition = match wire::parse_partition(query.as_deref()) {
        Ok(partition) => partition,
        Err(message) => return bad_request(message),
    };
    let Some(statement) = shared.executor.statements.get(&handle) else {
        return answer::unknown_handle(&handle);
    };
    let current = statement.outcome();
    match partition {
        Some(index) => answer::partition(&statement, &current, index),
        None => answer::outcome(&statement, &current),
    }
}

async fn cancel(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(connection): ConnectInfo<Severance>,
    Path(handle): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(refusal) = shared.enter(&connection, &headers).await {
        return refusal;
    }
    let Some(statement) = shared.executor.statements.get(&handle) else {
        return answer::unknown_handle(&handle);
    };
    shared.executor.cancel(&statement);
    answer::cancel_acknowledged(&statement)
}

async fn not_found() -> Response {
    answer::api_error(
        StatusCode::NOT_FOUND,
        None,
        "No such endpoint: the sandbox serves /api/v2/statements.",
    )
}
