//! The SQL API client against a scripted mock server, for the error paths the sandbox
//! emulator cannot produce on demand: retries (429, 503, dropped connections), polling,
//! cancellation, partitions, multi-statement handles, authentication failures. Each test
//! scripts the server's answers and then checks what the client sent and returned.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use lakeform::providers::snowflake::auth::AuthError;
use lakeform::providers::snowflake::auth::Authenticator;
use lakeform::providers::snowflake::auth::oauth::OAuthToken;
use lakeform::providers::snowflake::auth::private_key::PrivateKeyError;
use lakeform::providers::snowflake::client::SnowflakeClient;
use lakeform::providers::snowflake::error::{CancelOutcome, ClientError};
use lakeform::providers::snowflake::settings::{
    ConnectionSettings, SettingsError, StatementOptions,
};
use lakeform::sandbox::http::jwt_verify;
use lakeform::secret::Secret;
use serde_json::{Value, json};
use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};

const KEY: &str = include_str!("fixtures/snowflake/rsa_key.p8");
const ENCRYPTED_KEY: &str = include_str!("fixtures/snowflake/rsa_key_encrypted.p8");
const PUBLIC_KEY: &str = include_str!("fixtures/snowflake/rsa_key.pub");
const FINGERPRINT: &str = include_str!("fixtures/snowflake/rsa_key.fingerprint");
const PASSPHRASE: &str = "lakeform-test-passphrase";
const PAT: &str = "pat-secret-value-123";

// ---------------------------------------------------------------------------------------
// The mock server

/// One request as the server saw it.
#[derive(Clone, Debug)]
struct Seen {
    method: Method,
    path: String,
    query: HashMap<String, String>,
    headers: HeaderMap,
    body: Value,
}

impl Seen {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

/// A scripted answer.
struct Reply {
    status: u16,
    body: Value,
    delay: Duration,
}

fn reply(status: u16, body: Value) -> Reply {
    Reply {
        status,
        body,
        delay: Duration::ZERO,
    }
}

type Script = dyn Fn(&Seen, usize) -> Reply + Send + Sync;

struct Mock {
    seen: Mutex<Vec<Seen>>,
    calls: AtomicUsize,
    script: Box<Script>,
}

async fn handle(
    State(mock): State<Arc<Mock>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let query = uri
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let seen = Seen {
        method,
        path: uri.path().to_string(),
        query,
        headers,
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
    };
    let index = mock.calls.fetch_add(1, Ordering::SeqCst);
    let answer = (mock.script)(&seen, index);
    mock.seen.lock().unwrap().push(seen);
    tokio::time::sleep(answer.delay).await;
    (
        StatusCode::from_u16(answer.status).unwrap(),
        axum::Json(answer.body),
    )
        .into_response()
}

/// Accepts and immediately closes the first `drops` connections (after reading what the
/// client sent), then serves normally.
struct DroppingListener {
    inner: TcpListener,
    drops: usize,
}

impl axum::serve::Listener for DroppingListener {
    type Io = TcpStream;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((mut socket, addr)) = self.inner.accept().await else {
                continue;
            };
            if self.drops == 0 {
                return (socket, addr);
            }
            self.drops -= 1;
            let mut buffer = [0u8; 4096];
            let _ = tokio::time::timeout(Duration::from_secs(2), socket.read(&mut buffer)).await;
            drop(socket);
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

struct Server {
    mock: Arc<Mock>,
    url: url::Url,
}

impl Server {
    async fn start(script: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static) -> Server {
        Server::start_dropping(0, script).await
    }

    async fn start_dropping(
        drops: usize,
        script: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let mock = Arc::new(Mock {
            seen: Mutex::new(Vec::new()),
            calls: AtomicUsize::new(0),
            script: Box::new(script),
        });
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = url::Url::parse(&format!("http://{}", listener.local_addr().unwrap())).unwrap();
        let app = Router::new().fallback(handle).with_state(Arc::clone(&mock));
        let listener = DroppingListener {
            inner: listener,
            drops,
        };
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Server { mock, url }
    }

    fn seen(&self) -> Vec<Seen> {
        self.mock.seen.lock().unwrap().clone()
    }

    fn settings(&self, auth: Authenticator) -> ConnectionSettings {
        let mut settings = ConnectionSettings::new("myorg-acct", "lakeform_deploy", auth);
        settings.url = Some(self.url.clone());
        settings.role = Some("SYSADMIN".into());
        settings.warehouse = Some("COMPUTE_WH".into());
        settings.retry_backoff = Duration::from_millis(10);
        settings.max_poll_interval = Duration::from_millis(50);
        settings
    }

    fn client(&self) -> SnowflakeClient {
        SnowflakeClient::new(self.settings(pat())).unwrap()
    }
}

fn pat() -> Authenticator {
    Authenticator::Pat {
        token: Secret::new(PAT),
    }
}

fn key_pair(pem: &str, passphrase: Option<&str>) -> Authenticator {
    Authenticator::KeyPair {
        private_key_pem: Secret::new(pem),
        passphrase: passphrase.map(Secret::new),
    }
}

/// A 200 body with `columns` and the rows of partition 0; `partitions` row counts announce
/// the whole result.
fn result_body(handle: &str, columns: &[&str], rows: Value, partitions: &[u64]) -> Value {
    let row_type: Vec<Value> = columns
        .iter()
        .map(|name| json!({"name": name, "type": "text", "nullable": true}))
        .collect();
    let partition_info: Vec<Value> = partitions.iter().map(|n| json!({"rowCount": n})).collect();
    json!({
        "code": "090001",
        "sqlState": "00000",
        "message": "Statement executed successfully.",
        "statementHandle": handle,
        "statementStatusUrl": format!("/api/v2/statements/{handle}"),
        "resultSetMetaData": {
            "numRows": partitions.iter().sum::<u64>(),
            "format": "jsonv2",
            "rowType": row_type,
            "partitionInfo": partition_info,
        },
        "data": rows,
    })
}

fn one_row(handle: &str) -> Value {
    result_body(handle, &["status"], json!([["done"]]), &[1])
}

fn running(handle: &str) -> Value {
    json!({
        "code": "333334",
        "message": "Asynchronous execution in progress.",
        "statementHandle": handle,
        "statementStatusUrl": format!("/api/v2/statements/{handle}?requestId=r"),
    })
}

fn is_submit(seen: &Seen) -> bool {
    seen.method == Method::POST && seen.path == "/api/v2/statements"
}

// ---------------------------------------------------------------------------------------
// Retries

#[tokio::test]
async fn rate_limited_submission_is_retried_with_the_same_request_id() {
    let server = Server::start(|_, i| match i {
        0 => reply(429, json!({"message": "Too many requests"})),
        _ => reply(200, one_row("h1")),
    })
    .await;
    let result = server.client().execute("CREATE SCHEMA S").await.unwrap();
    assert_eq!(result.rows().next().unwrap().get("STATUS"), Some("done"));

    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    let first_id = &seen[0].query["requestId"];
    assert!(uuid::Uuid::parse_str(first_id).is_ok());
    assert_eq!(&seen[1].query["requestId"], first_id);
    assert_eq!(seen[0].query.get("retry"), None);
    assert_eq!(seen[1].query.get("retry").map(String::as_str), Some("true"));
    assert_eq!(seen[0].body, seen[1].body);
}

#[tokio::test]
async fn service_unavailable_is_retried() {
    let server = Server::start(|_, i| match i {
        0 | 1 => reply(503, json!({"message": "Service Unavailable"})),
        _ => reply(200, one_row("h1")),
    })
    .await;
    let result = server.client().execute("SELECT 1").await.unwrap();
    assert_eq!(result.statement_handle, "h1");
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    assert!(
        seen.iter()
            .all(|s| s.query["requestId"] == seen[0].query["requestId"])
    );
    assert!(seen[1..].iter().all(|s| s.query["retry"] == "true"));
}

#[tokio::test]
async fn dropped_connection_is_retried_with_retry_flag() {
    let server = Server::start_dropping(1, |_, _| reply(200, one_row("h1"))).await;
    let result = server.client().execute("SELECT 1").await.unwrap();
    assert_eq!(result.statement_handle, "h1");
    // The first attempt never reached the application: the socket was closed under it.
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].query["retry"], "true");
}

#[tokio::test]
async fn retries_stop_at_the_configured_bound() {
    let server = Server::start(|_, _| reply(503, json!({"message": "Service Unavailable"}))).await;
    let mut settings = server.settings(pat());
    settings.max_retries = 2;
    let err = SnowflakeClient::new(settings)
        .unwrap()
        .execute("SELECT 1")
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ClientError::Http {
                status: 503,
                attempts: 3,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("Service Unavailable"));
    assert_eq!(server.seen().len(), 3);
}

// ---------------------------------------------------------------------------------------
// Polling and cancellation

#[tokio::test]
async fn accepted_statement_is_polled_until_done() {
    let server = Server::start(|_, i| match i {
        // The submission, then one poll still running, then the result.
        0 | 1 => reply(202, running("h7")),
        _ => reply(200, one_row("h7")),
    })
    .await;
    let result = server.client().execute("CALL SLOW()").await.unwrap();
    assert_eq!(result.statement_handle, "h7");
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    for poll in &seen[1..] {
        assert_eq!(poll.method, Method::GET);
        assert_eq!(poll.path, "/api/v2/statements/h7");
        assert_eq!(
            poll.header("x-snowflake-authorization-token-type"),
            "PROGRAMMATIC_ACCESS_TOKEN"
        );
    }
}

#[tokio::test]
async fn statement_past_its_deadline_is_cancelled() {
    let server = Server::start(|seen, _| {
        if seen.path.ends_with("/cancel") {
            reply(
                200,
                json!({"code": "000604", "message": "Statement cancelled."}),
            )
        } else {
            reply(202, running("h-slow"))
        }
    })
    .await;
    let options = StatementOptions {
        timeout: Some(Duration::from_millis(300)),
        ..Default::default()
    };
    let started = std::time::Instant::now();
    let err = server
        .client()
        .execute_with("CALL FOREVER()", &options)
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    match &err {
        ClientError::Timeout {
            handle, outcome, ..
        } => {
            assert_eq!(handle.as_deref(), Some("h-slow"));
            assert_eq!(outcome, &CancelOutcome::Cancelled);
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    let seen = server.seen();
    assert_eq!(seen[0].body["timeout"], 1);
    let cancel = seen.last().unwrap();
    assert_eq!(cancel.method, Method::POST);
    assert_eq!(cancel.path, "/api/v2/statements/h-slow/cancel");
}

#[tokio::test]
async fn abandoned_statement_is_cancelled() {
    let server = Server::start(|seen, _| {
        if seen.path.ends_with("/cancel") {
            reply(200, json!({"message": "Statement cancelled."}))
        } else {
            reply(202, running("h-abandoned"))
        }
    })
    .await;
    let client = server.client();
    // Dropping the future is what Ctrl-C handling does to an apply in flight.
    let waited =
        tokio::time::timeout(Duration::from_millis(300), client.execute("CALL FOREVER()")).await;
    assert!(waited.is_err());
    for _ in 0..100 {
        if server.seen().iter().any(|s| s.path.ends_with("/cancel")) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let cancels: Vec<_> = server
        .seen()
        .into_iter()
        .filter(|s| s.path == "/api/v2/statements/h-abandoned/cancel")
        .collect();
    assert_eq!(cancels.len(), 1);
}

#[tokio::test]
async fn server_side_timeout_is_reported_as_a_timeout() {
    let server = Server::start(|_, _| {
        reply(
            408,
            json!({"code": "000630", "message": "Statement reached its statement or warehouse timeout of 1 second(s) and was canceled.", "statementHandle": "h8"}),
        )
    })
    .await;
    let err = server.client().execute("CALL SLOW()").await.unwrap_err();
    assert!(matches!(
        err,
        ClientError::Timeout {
            outcome: CancelOutcome::CancelledByServer,
            ..
        }
    ));
    assert_eq!(err.statement_handle(), Some("h8"));
}

// ---------------------------------------------------------------------------------------
// Errors

#[tokio::test]
async fn unauthorized_says_so_without_the_token() {
    let server = Server::start(|seen, _| {
        let echoed = seen.header("authorization").to_string();
        reply(
            401,
            json!({"code": "390303", "message": format!("Invalid token {echoed}")}),
        )
    })
    .await;
    let err = server.client().execute("SELECT 1").await.unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(
        err.to_string()
            .starts_with("authentication failed (HTTP 401)"),
        "{err}"
    );
    assert!(shown.contains("PROGRAMMATIC_ACCESS_TOKEN"));
    assert!(shown.contains("lakeform_deploy"));
    assert!(!shown.contains(PAT), "{shown}");
    // Authentication failures are not retried.
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn forbidden_is_reported_with_the_server_message() {
    let server = Server::start(|_, _| {
        reply(403, json!({"code": "390422", "message": "Incoming request with IP/Token 10.0.0.1 is not allowed to access Snowflake."}))
    })
    .await;
    let err = server.client().execute("SELECT 1").await.unwrap_err();
    assert!(matches!(err, ClientError::Forbidden { .. }));
    assert!(
        err.to_string()
            .contains("access denied (HTTP 403, code 390422)")
    );
}

#[tokio::test]
async fn failed_statement_carries_code_state_message_and_handle() {
    let server = Server::start(|_, _| {
        reply(
            422,
            json!({
                "code": "002003",
                "sqlState": "02000",
                "message": "SQL compilation error:\nTable 'NOPE' does not exist or not authorized.",
                "statementHandle": "01b9-fail",
                "statementStatusUrl": "/api/v2/statements/01b9-fail"
            }),
        )
    })
    .await;
    let err = server
        .client()
        .execute("DROP TABLE NOPE")
        .await
        .unwrap_err();
    match &err {
        ClientError::Statement {
            code,
            sql_state,
            message,
            statement,
            handle,
        } => {
            assert_eq!(code, "002003");
            assert_eq!(sql_state, "02000");
            assert!(message.contains("does not exist"));
            assert_eq!(statement.as_str(), "DROP TABLE NOPE");
            assert_eq!(handle, "01b9-fail");
        }
        other => panic!("expected a statement error, got {other:?}"),
    }
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn plain_http_to_a_remote_host_is_refused() {
    let mut settings = ConnectionSettings::new("myorg-acct", "u", pat());
    settings.url = Some(url::Url::parse("http://snowflake.example.com").unwrap());
    let err = SnowflakeClient::new(settings).unwrap_err();
    assert!(matches!(
        err,
        ClientError::Settings(SettingsError::InsecureUrl { .. })
    ));
}

// ---------------------------------------------------------------------------------------
// Results

#[tokio::test]
async fn partitions_are_fetched_and_concatenated_in_order() {
    let server = Server::start(|seen, _| {
        if is_submit(seen) {
            return reply(
                200,
                result_body("hp", &["name", "kind"], json!([["A", "TABLE"]]), &[1, 2, 1]),
            );
        }
        match seen.query.get("partition").map(String::as_str) {
            // The earlier partition answers last: order must come from the index.
            Some("1") => Reply {
                status: 200,
                body: json!({"data": [["B", null], ["C", "VIEW"]]}),
                delay: Duration::from_millis(150),
            },
            Some("2") => reply(200, json!({"data": [["D", "TABLE"]]})),
            other => reply(
                400,
                json!({"message": format!("unexpected partition {other:?}")}),
            ),
        }
    })
    .await;
    let result = server.client().execute("SHOW TABLES").await.unwrap();
    let names: Vec<_> = result
        .rows()
        .map(|r| r.get("NAME").unwrap().to_string())
        .collect();
    assert_eq!(names, ["A", "B", "C", "D"]);
    let second = result.rows().nth(1).unwrap();
    assert_eq!(second.try_get("kind"), Ok(None));
    let gets: Vec<_> = server
        .seen()
        .into_iter()
        .filter(|s| s.method == Method::GET)
        .collect();
    assert_eq!(gets.len(), 2);
    assert!(gets.iter().all(|g| g.path == "/api/v2/statements/hp"));
}

#[tokio::test]
async fn a_short_partition_is_refused() {
    let server = Server::start(|seen, _| {
        if is_submit(seen) {
            reply(200, result_body("hp", &["name"], json!([["A"]]), &[1, 2]))
        } else {
            reply(200, json!({"data": [["B"]]}))
        }
    })
    .await;
    let err = server.client().execute("SHOW TABLES").await.unwrap_err();
    assert!(
        err.to_string().contains("announced 3 rows but 2 arrived"),
        "{err}"
    );
}

#[tokio::test]
async fn multi_statement_results_come_from_each_handle() {
    let server = Server::start(|seen, _| {
        if is_submit(seen) {
            return reply(
                200,
                json!({
                    "code": "090001",
                    "statementHandle": "parent",
                    "statementHandles": ["child-1", "child-2"],
                    "resultSetMetaData": {"numRows": 1, "rowType": [{"name": "multiple statement execution", "type": "text"}], "partitionInfo": [{"rowCount": 1}]},
                    "data": [["Multiple statements executed successfully."]]
                }),
            );
        }
        match seen.path.as_str() {
            "/api/v2/statements/child-1" => reply(200, result_body("child-1", &["status"], json!([["Schema S successfully created."]]), &[1])),
            "/api/v2/statements/child-2" => reply(200, result_body("child-2", &["status"], json!([["Table T successfully created."]]), &[1])),
            other => reply(404, json!({"message": format!("no {other}")})),
        }
    })
    .await;
    let results = server
        .client()
        .execute_multi("CREATE SCHEMA S; CREATE TABLE S.T (X INT)", 2)
        .await
        .unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].statement_handle, "child-1");
    assert_eq!(results[1].statement_handle, "child-2");
    assert_eq!(
        results[1].rows().next().unwrap().get("status"),
        Some("Table T successfully created.")
    );
    let submit = &server.seen()[0];
    assert_eq!(
        submit.body["parameters"]["MULTI_STATEMENT_COUNT"],
        json!("2")
    );
}

#[tokio::test]
async fn one_client_serves_many_tasks_at_once() {
    let server = Server::start(|seen, _| {
        let handle = seen.body["statement"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        Reply {
            status: 200,
            body: one_row(&handle),
            delay: Duration::from_millis(20),
        }
    })
    .await;
    let client = server.client();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..32 {
        let client = client.clone();
        tasks.spawn(async move { (i, client.execute(&format!("SELECT {i}")).await) });
    }
    while let Some(joined) = tasks.join_next().await {
        let (i, result) = joined.unwrap();
        assert_eq!(result.unwrap().statement_handle, format!("SELECT {i}"));
    }
    assert_eq!(server.seen().len(), 32);
}

// ---------------------------------------------------------------------------------------
// Authentication

fn public_key_der() -> Vec<u8> {
    let (label, der) = rsa::pkcs8::der::pem::decode_vec(PUBLIC_KEY.as_bytes()).unwrap();
    assert_eq!(label, "PUBLIC KEY");
    der
}

#[tokio::test]
async fn key_pair_requests_carry_a_verifiable_jwt_and_the_documented_headers() {
    let server = Server::start(|_, _| reply(200, one_row("h1"))).await;
    let client = SnowflakeClient::new(server.settings(key_pair(KEY, None))).unwrap();
    let options = StatementOptions {
        database: Some("PACIFICRETAIL_DEV".into()),
        schema: Some("BRONZE".into()),
        ..Default::default()
    };
    client.execute_with("SHOW TABLES", &options).await.unwrap();

    let seen = &server.seen()[0];
    assert_eq!(
        seen.header("x-snowflake-authorization-token-type"),
        "KEYPAIR_JWT"
    );
    assert_eq!(seen.header("accept"), "application/json");
    assert_eq!(
        seen.header("user-agent"),
        format!("lakeform/{}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(
        seen.body,
        json!({
            "statement": "SHOW TABLES",
            "timeout": 3600,
            "database": "PACIFICRETAIL_DEV",
            "schema": "BRONZE",
            "warehouse": "COMPUTE_WH",
            "role": "SYSADMIN"
        })
    );

    let token = seen
        .header("authorization")
        .strip_prefix("Bearer ")
        .unwrap();
    let claims = jwt_verify::verify(token, &public_key_der()).unwrap();
    let fingerprint = format!("SHA256:{}", FINGERPRINT.trim());
    assert_eq!(claims.sub, "MYORG-ACCT.LAKEFORM_DEPLOY");
    assert_eq!(
        claims.iss,
        format!("MYORG-ACCT.LAKEFORM_DEPLOY.{fingerprint}")
    );
    assert!(claims.exp - claims.iat <= 59 * 60);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert_eq!(claims.check_times(now, 60), Ok(()));
    assert_eq!(client.public_key_fingerprint(), Some(fingerprint.as_str()));
}

#[test]
fn fingerprint_matches_openssl_for_every_key_encoding() {
    let fingerprint = format!("SHA256:{}", FINGERPRINT.trim());
    let pkcs1 = include_str!("fixtures/snowflake/rsa_key_pkcs1.pem");
    for auth in [
        key_pair(KEY, None),
        key_pair(ENCRYPTED_KEY, Some(PASSPHRASE)),
        key_pair(pkcs1, None),
    ] {
        let settings = ConnectionSettings::new("xy12345.east-us-2.azure", "u", auth);
        let client = SnowflakeClient::new(settings).unwrap();
        assert_eq!(client.public_key_fingerprint(), Some(fingerprint.as_str()));
    }
    // The openssl fixture is the base64 of a SHA-256: 32 bytes.
    let raw = base64::engine::general_purpose::STANDARD
        .decode(FINGERPRINT.trim())
        .unwrap();
    assert_eq!(raw.len(), 32);
}

#[test]
fn wrong_passphrase_is_a_clear_error_without_the_passphrase() {
    let wrong = "definitely-wrong-passphrase";
    let settings = ConnectionSettings::new("myorg-acct", "u", key_pair(ENCRYPTED_KEY, Some(wrong)));
    let err = SnowflakeClient::new(settings).unwrap_err();
    assert!(matches!(
        err,
        ClientError::Auth(AuthError::PrivateKey(PrivateKeyError::Decrypt { .. }))
    ));
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("passphrase is wrong"), "{shown}");
    assert!(!shown.contains(wrong));
    assert!(!shown.contains(PASSPHRASE));
}

#[tokio::test]
async fn oauth_and_pat_send_their_token_types() {
    let server = Server::start(|_, _| reply(200, one_row("h1"))).await;
    let oauth = Authenticator::OAuth(OAuthToken::Static(Secret::new("oauth-access-token")));
    for (auth, token, kind) in [
        (oauth, "oauth-access-token", "OAUTH"),
        (pat(), PAT, "PROGRAMMATIC_ACCESS_TOKEN"),
    ] {
        let client = SnowflakeClient::new(server.settings(auth)).unwrap();
        client.execute("SELECT 1").await.unwrap();
        let seen = server.seen().pop().unwrap();
        assert_eq!(seen.header("authorization"), format!("Bearer {token}"));
        assert_eq!(seen.header("x-snowflake-authorization-token-type"), kind);
        assert!(!format!("{client:?}").contains(token));
    }
}
