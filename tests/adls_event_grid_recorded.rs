//! Event Grid subscriptions through Azure Resource Manager, against a local server
//! replaying recorded replies in the documented shapes (`tests/fixtures/arm/`): create
//! (201, `Creating`, polled until `Succeeded`), read back with one listing (two pages),
//! re-plan with no diff, a changed filter planned and applied as one PUT, delete (202,
//! polled until 404), an error reply, and a wait that never ends. There is no emulator of
//! ARM, so this is where the calls are exercised offline.
//!
//! The server is not a yes-mock: it checks every request's bearer token, api-version and
//! path, compares the PUT body with the documented request body, and answers by state.
//!
//! A live test at the end runs only with `LAKEFORM_LIVE_ARM=1` (see `live_event_grid`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use azure_core::credentials::{AccessToken, TokenCredential, TokenRequestOptions};
use azure_core::time::{Duration as TokenDuration, OffsetDateTime};
use lakeform::kinds::event_subscription::{EventSubscription, subject_prefix};
use lakeform::kinds::storage_queue::StorageQueue;
use lakeform::model::{
    Address, DesiredObject, DesiredState, Kind, Lifecycle, LiveState, Object, Origin, Resource,
};
use lakeform::plan::{Action, Settings, Step, Tier};
use lakeform::providers::adls::{
    AdlsAuth, AdlsClient, AdlsError, AdlsSettings, ArmPolling, ArmSettings, ClientOptions,
    CredentialKind, Lake, Namespace, RetryPolicy,
};
use lakeform::secret::Secret;
use serde_json::Value;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use url::Url;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/arm");
const SUBSCRIPTION: &str = "7d3c1b2a-5e4f-4a6b-8c9d-0e1f2a3b4c5d";
const RESOURCE_GROUP: &str = "rg-pacificretail-dev";
const TOKEN: &str = "arm-token-for-the-recorded-server";

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(FIXTURES).join(name)).unwrap()
}

fn json(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap()
}

fn account_path() -> String {
    format!(
        "/subscriptions/{SUBSCRIPTION}/resourceGroups/{RESOURCE_GROUP}/providers/Microsoft.Storage/storageAccounts/pacificretaildev/providers/Microsoft.EventGrid/eventSubscriptions"
    )
}

/// What the account holds, as the recorded replies tell it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    Empty,
    Created,
    Updated,
    Deleting,
}

struct Arm {
    base: Mutex<String>,
    phase: Mutex<Phase>,
    /// GETs of the subscription since the last PUT (the first one still says "…ing").
    polls: Mutex<u32>,
    seen: Mutex<Vec<String>>,
    bodies: Mutex<Vec<Value>>,
}

fn reply(status: StatusCode, body: String) -> Response {
    (status, [("content-type", "application/json")], body).into_response()
}

async fn serve(
    State(arm): State<Arc<Arm>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let query = uri.query().unwrap_or("").to_owned();
    arm.seen
        .lock()
        .unwrap()
        .push(format!("{method} {}?{query}", uri.path()));
    if headers.get("authorization").and_then(|v| v.to_str().ok())
        != Some(&format!("Bearer {TOKEN}"))
    {
        return reply(
            StatusCode::UNAUTHORIZED,
            r#"{"error":{"code":"AuthenticationFailed","message":"no valid token"}}"#.into(),
        );
    }
    if !query.split('&').any(|p| p == "api-version=2025-02-15") {
        return reply(
            StatusCode::BAD_REQUEST,
            r#"{"error":{"code":"MissingApiVersionParameter","message":"api-version"}}"#.into(),
        );
    }
    let collection = account_path();
    let path = uri.path();
    let name = path.strip_prefix(&format!("{collection}/"));
    let phase = *arm.phase.lock().unwrap();
    match (method.as_str(), name) {
        ("GET", None) if path == collection => {
            if query.contains("skiptoken=page2") {
                let value = match phase {
                    Phase::Empty | Phase::Deleting => vec![],
                    Phase::Created => vec![json("get_succeeded.json")],
                    Phase::Updated => vec![json("get_updated.json")],
                };
                reply(
                    StatusCode::OK,
                    serde_json::json!({ "value": value }).to_string(),
                )
            } else {
                let base = arm.base.lock().unwrap().clone();
                reply(
                    StatusCode::OK,
                    fixture("list_page1.json").replace("{BASE}", &base),
                )
            }
        }
        ("PUT", Some(name)) => {
            let sent: Value = serde_json::from_slice(&body).unwrap();
            arm.bodies.lock().unwrap().push(sent.clone());
            *arm.polls.lock().unwrap() = 0;
            if sent["properties"]["destination"]["properties"]["queueName"] == "missing-queue" {
                return reply(
                    StatusCode::BAD_REQUEST,
                    fixture("error_bad_destination.json"),
                );
            }
            if name == "stuck" {
                return reply(StatusCode::CREATED, fixture("put_201_creating.json"));
            }
            if phase == Phase::Empty {
                *arm.phase.lock().unwrap() = Phase::Created;
                reply(StatusCode::CREATED, fixture("put_201_creating.json"))
            } else {
                *arm.phase.lock().unwrap() = Phase::Updated;
                (
                    StatusCode::OK,
                    [("content-type", "application/json"), ("retry-after", "1")],
                    fixture("put_200_updating.json"),
                )
                    .into_response()
            }
        }
        ("GET", Some("stuck")) => reply(StatusCode::OK, fixture("put_201_creating.json")),
        ("GET", Some("ordersblobcreated")) => {
            let polls = {
                let mut polls = arm.polls.lock().unwrap();
                *polls += 1;
                *polls
            };
            match (phase, polls) {
                (Phase::Created, 1) => reply(StatusCode::OK, fixture("put_201_creating.json")),
                (Phase::Created, _) => reply(StatusCode::OK, fixture("get_succeeded.json")),
                (Phase::Updated, _) => reply(StatusCode::OK, fixture("get_updated.json")),
                (Phase::Deleting, 1) => reply(StatusCode::OK, fixture("get_updated.json")),
                (Phase::Deleting, _) | (Phase::Empty, _) => {
                    reply(StatusCode::NOT_FOUND, fixture("error_not_found.json"))
                }
            }
        }
        ("DELETE", Some("ordersblobcreated")) => {
            *arm.phase.lock().unwrap() = Phase::Deleting;
            *arm.polls.lock().unwrap() = 0;
            let base = arm.base.lock().unwrap().clone();
            (
                StatusCode::ACCEPTED,
                [(
                    "location",
                    format!("{base}/operationResults/1?api-version=2025-02-15"),
                )],
                "",
            )
                .into_response()
        }
        _ => reply(StatusCode::NOT_FOUND, fixture("error_not_found.json")),
    }
}

/// Hands out [`TOKEN`] for the management scope only.
#[derive(Debug)]
struct ManagementToken;

impl TokenCredential for ManagementToken {
    fn get_token<'a, 'b, 'c, 'd, 'f>(
        &'a self,
        scopes: &'b [&'c str],
        _options: Option<TokenRequestOptions<'d>>,
    ) -> Pin<Box<dyn Future<Output = azure_core::Result<AccessToken>> + Send + 'f>>
    where
        'a: 'f,
        'b: 'f,
        'c: 'f,
        'd: 'f,
    {
        Box::pin(async move {
            assert_eq!(scopes, ["https://management.azure.com/.default"]);
            Ok(AccessToken::new(
                TOKEN,
                OffsetDateTime::now_utc() + TokenDuration::hours(1),
            ))
        })
    }
}

struct Server {
    arm: Arc<Arm>,
    base: Url,
}

impl Server {
    async fn start() -> Server {
        let arm = Arc::new(Arm {
            base: Mutex::new(String::new()),
            phase: Mutex::new(Phase::Empty),
            polls: Mutex::new(0),
            seen: Mutex::new(Vec::new()),
            bodies: Mutex::new(Vec::new()),
        });
        let app = Router::new().fallback(serve).with_state(arm.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        *arm.base.lock().unwrap() = base.clone();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Server {
            arm,
            base: Url::parse(&base).unwrap(),
        }
    }

    fn lake(&self, timeout: Duration) -> Lake {
        let settings = AdlsSettings {
            account: "pacificretaildev".into(),
            endpoint: None,
            dfs_endpoint: None,
            queue_endpoint: None,
            auth: AdlsAuth::AzureIdentity {
                credential: CredentialKind::Cli,
            },
            arm: Some(ArmSettings {
                subscription_id: SUBSCRIPTION.into(),
                resource_group: RESOURCE_GROUP.into(),
                endpoint: Some(self.base.clone()),
                credential: CredentialKind::Cli,
            }),
        };
        let options = ClientOptions {
            retry: RetryPolicy {
                max_attempts: 3,
                base_delay: Duration::from_millis(5),
                max_delay: Duration::from_millis(20),
            },
            arm_polling: ArmPolling {
                interval: Duration::from_millis(10),
                timeout,
            },
            ..ClientOptions::default()
        };
        Lake::Rest(
            AdlsClient::with_arm_credential(&settings, options, Arc::new(ManagementToken)).unwrap(),
        )
    }

    fn seen(&self) -> Vec<String> {
        self.arm.seen.lock().unwrap().clone()
    }
}

fn orders(path: &str, suffix: &str) -> EventSubscription {
    EventSubscription {
        name: "ordersblobcreated".into(),
        queue: "orders-events".into(),
        event_types: vec!["Microsoft.Storage.BlobCreated".into()],
        subject_begins_with: subject_prefix("landing", path),
        subject_ends_with: suffix.into(),
        case_sensitive: false,
        delivery_schema: "EventGridSchema".into(),
    }
}

fn desired(subscription: &EventSubscription) -> DesiredState {
    let mut state = DesiredState::default();
    let queue = StorageQueue {
        name: "orders-events".into(),
        metadata: Default::default(),
        comment: None,
    };
    for object in [
        Object::StorageQueue(queue),
        Object::EventSubscription(subscription.clone()),
    ] {
        state.objects.insert(
            object.address(),
            DesiredObject {
                object,
                lifecycle: Lifecycle::default(),
                owner: None,
                origin: Origin {
                    file: "schema/lake.toml".into(),
                    line: 1,
                    column: 1,
                },
            },
        );
    }
    state
}

/// The live state: the recorded subscriptions and the queue they deliver to.
async fn live(lake: &Lake) -> LiveState {
    let mut live = LiveState::default();
    let queue = Object::StorageQueue(StorageQueue {
        name: "orders-events".into(),
        metadata: Default::default(),
        comment: None,
    });
    live.objects.insert(queue.address(), queue);
    for s in lake.read_event_subscriptions().await.unwrap() {
        let object = Object::EventSubscription(s);
        live.objects.insert(object.address(), object);
    }
    live
}

fn settings(prune: bool) -> Settings {
    Settings {
        prune,
        backup: true,
        now: jiff::Timestamp::UNIX_EPOCH,
        namespace: Namespace::Hierarchical,
        lock_container: "lakeform".into(),
        deploy_role: None,
    }
}

async fn apply(lake: &Lake, plan: &lakeform::plan::Plan) {
    for change in &plan.changes {
        for step in &change.steps {
            let Step::Adls { operation, .. } = step else {
                panic!("not a lake step: {step:?}");
            };
            lake.execute(operation).await.unwrap();
        }
    }
}

#[tokio::test]
async fn create_read_back_update_and_delete_on_recorded_replies() {
    let server = Server::start().await;
    let lake = server.lake(Duration::from_secs(5));
    let address = Address::new(Kind::EventSubscription, "ordersblobcreated");

    // Create: one PUT with the documented body, then polling until Succeeded.
    let wanted = orders("order/", ".parquet");
    let plan = lakeform::plan::make(
        "dev",
        &desired(&wanted),
        "h",
        &live(&lake).await,
        &settings(false),
    )
    .unwrap();
    assert_eq!(plan.changes.len(), 1, "{:?}", plan.changes);
    assert_eq!(
        (plan.changes[0].action, plan.changes[0].tier),
        (Action::Create, Tier::Safe)
    );
    // As the plan's JSON says it: the subscription waits for its queue and container.
    let json_plan = serde_json::to_value(&plan).unwrap();
    assert_eq!(
        json_plan["changes"][0]["depends_on"],
        serde_json::json!([
            {"kind": "storage_queue", "name": "orders-events"},
            {"kind": "container", "name": "landing"}
        ])
    );
    let before = server.seen().len();
    apply(&lake, &plan).await;
    assert_eq!(
        server.arm.bodies.lock().unwrap()[0],
        json("put_request.json"),
        "the PUT body is the documented StorageQueue/BlobCreated request"
    );
    let calls: Vec<String> = server.seen()[before..]
        .iter()
        .map(|c| {
            c.split('?')
                .next()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        calls,
        [
            "ordersblobcreated",
            "ordersblobcreated",
            "ordersblobcreated"
        ],
        "PUT, a GET still Creating, a GET Succeeded"
    );

    // Read back: one listing of two pages, another party's webhook kept as it is.
    let before = server.seen().len();
    let read = lake.read_event_subscriptions().await.unwrap();
    assert_eq!(
        server.seen().len() - before,
        2,
        "two pages, no call per object"
    );
    assert_eq!(read.len(), 2);
    assert_eq!(read[0].name, "auditwebhook");
    assert_eq!(read[0].queue, "WebHook");
    assert!(read[0].event_types.is_empty());
    assert_eq!(read[1], wanted, "resource ids compare case-insensitively");

    // Re-plan: nothing to change for the subscription; the webhook is unmanaged.
    let plan = lakeform::plan::make(
        "dev",
        &desired(&wanted),
        "h",
        &live(&lake).await,
        &settings(false),
    )
    .unwrap();
    assert!(plan.changes.is_empty(), "{:?}", plan.changes);
    assert_eq!(
        plan.unmanaged,
        [Address::new(Kind::EventSubscription, "auditwebhook")]
    );

    // A changed filter: one PUT in place, safe; Retry-After honoured within the cap.
    let narrower = orders("order/2026/", "");
    let plan = lakeform::plan::make(
        "dev",
        &desired(&narrower),
        "h",
        &live(&lake).await,
        &settings(false),
    )
    .unwrap();
    assert_eq!(plan.changes.len(), 1);
    let change = &plan.changes[0];
    assert_eq!((change.action, change.tier), (Action::Update, Tier::Safe));
    let json_change = serde_json::to_value(change).unwrap();
    let attributes: Vec<&str> = json_change["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(attributes, ["subject_begins_with", "subject_ends_with"]);
    apply(&lake, &plan).await;
    let sent = server.arm.bodies.lock().unwrap()[1].clone();
    assert_eq!(
        sent["properties"]["filter"]["subjectBeginsWith"],
        "/blobServices/default/containers/landing/blobs/order/2026/"
    );
    assert!(
        sent["properties"]["filter"]
            .get("subjectEndsWith")
            .is_none()
    );
    let plan = lakeform::plan::make(
        "dev",
        &desired(&narrower),
        "h",
        &live(&lake).await,
        &settings(false),
    )
    .unwrap();
    assert!(plan.changes.is_empty(), "{:?}", plan.changes);

    // Delete (prune, destructive): 202, then polled until 404.
    let mut only_queue = desired(&narrower);
    only_queue.objects.remove(&address);
    let plan =
        lakeform::plan::make("dev", &only_queue, "h", &live(&lake).await, &settings(true)).unwrap();
    let drop = plan.changes.iter().find(|c| c.address == address).unwrap();
    assert_eq!((drop.action, drop.tier), (Action::Drop, Tier::Destructive));
    assert!(drop.reasons.iter().any(|r| r.contains("orders-events")));
    lake.execute(&match &drop.steps[0] {
        Step::Adls { operation, .. } => operation.clone(),
        other => panic!("{other:?}"),
    })
    .await
    .unwrap();
    let after = lake.read_event_subscriptions().await.unwrap();
    assert_eq!(after.len(), 1, "only the webhook is left");
    let last: Vec<String> = server.seen().iter().rev().take(5).cloned().collect();
    assert!(last.iter().any(|c| c.starts_with("DELETE ")), "{last:?}");
}

#[tokio::test]
async fn an_error_reply_keeps_arms_code_and_message() {
    let server = Server::start().await;
    let lake = server.lake(Duration::from_secs(5));
    let mut bad = orders("order/", "");
    bad.queue = "missing-queue".into();
    let error = lake
        .execute(
            &lakeform::providers::adls::AdlsOperation::PutEventSubscription { subscription: bad },
        )
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(400));
    assert_eq!(error.service_code(), Some("InvalidRequest"));
    let text = error.to_string();
    assert!(text.contains("'missing-queue' does not exist"), "{text}");
    assert!(!text.contains("Activity id"), "first line only: {text}");
    assert!(!text.contains(TOKEN), "{text}");
}

#[tokio::test]
async fn a_provisioning_that_never_ends_is_bounded() {
    let server = Server::start().await;
    let lake = server.lake(Duration::from_millis(100));
    let mut stuck = orders("order/", "");
    stuck.name = "stuck".into();
    let error = lake
        .execute(
            &lakeform::providers::adls::AdlsOperation::PutEventSubscription {
                subscription: stuck,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(error, AdlsError::ArmTimeout { .. }), "{error}");
    assert!(error.to_string().contains("still Creating"), "{error}");
}

#[tokio::test]
async fn without_arm_settings_subscriptions_are_refused_with_the_keys_to_set() {
    let settings = AdlsSettings {
        account: "pacificretaildev".into(),
        endpoint: None,
        dfs_endpoint: None,
        queue_endpoint: None,
        auth: AdlsAuth::SharedKey {
            account_key: Secret::new("c2VjcmV0LWtleS1mb3ItdGhlLW1vY2s="),
        },
        arm: None,
    };
    let lake = Lake::Rest(AdlsClient::new(&settings).unwrap());
    assert!(!lake.has_event_grid());
    let error = lake.read_event_subscriptions().await.unwrap_err();
    assert!(error.to_string().contains("subscription_id"), "{error}");
}

/// Against a real storage account, only with `LAKEFORM_LIVE_ARM=1`,
/// `LAKEFORM_LIVE_ADLS_ACCOUNT`, `LAKEFORM_LIVE_ARM_SUBSCRIPTION`,
/// `LAKEFORM_LIVE_ARM_RESOURCE_GROUP` and an `az login` session (the Azure CLI
/// credential; the queue `LAKEFORM_LIVE_ARM_QUEUE` must exist). Creates a subscription,
/// reads it back equal, deletes it.
#[tokio::test]
async fn live_event_grid() {
    if std::env::var("LAKEFORM_LIVE_ARM").as_deref() != Ok("1") {
        eprintln!("note: LAKEFORM_LIVE_ARM is not 1, skipping the live Event Grid test");
        return;
    }
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"));
    let settings = AdlsSettings {
        account: var("LAKEFORM_LIVE_ADLS_ACCOUNT"),
        endpoint: None,
        dfs_endpoint: None,
        queue_endpoint: None,
        auth: AdlsAuth::AzureIdentity {
            credential: CredentialKind::Cli,
        },
        arm: Some(ArmSettings {
            subscription_id: var("LAKEFORM_LIVE_ARM_SUBSCRIPTION"),
            resource_group: var("LAKEFORM_LIVE_ARM_RESOURCE_GROUP"),
            endpoint: None,
            credential: CredentialKind::Cli,
        }),
    };
    let lake = Lake::Rest(AdlsClient::new(&settings).unwrap());
    let mut subscription = orders("lakeform-live/", "");
    subscription.name = format!("lakeformlive{:08x}", fastrand::u32(..));
    subscription.queue = var("LAKEFORM_LIVE_ARM_QUEUE");
    let put = lakeform::providers::adls::AdlsOperation::PutEventSubscription {
        subscription: subscription.clone(),
    };
    lake.execute(&put).await.unwrap();
    let read = lake.read_event_subscriptions().await.unwrap();
    let found = read.iter().find(|s| s.name == subscription.name);
    let delete = lakeform::providers::adls::AdlsOperation::DeleteEventSubscription {
        name: subscription.name.clone(),
    };
    lake.execute(&delete).await.unwrap();
    assert_eq!(found, Some(&subscription));
}
