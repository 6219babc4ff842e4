//! The DFS side of the ADLS provider (hierarchical-namespace detection, directories,
//! ACLs) against a mock server replaying replies in the documented shapes
//! (`tests/fixtures/adls/`), plus the checks that must hold before any request is sent.
//! Azurite has no DFS endpoint, so this is where those calls are exercised offline.
//!
//! A live suite at the end runs against a real hierarchical-namespace account only when
//! `LAKEFORM_LIVE_ADLS=1` (see `live_hierarchical_account`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use lakeform::kinds::container::{Container, PublicAccess};
use lakeform::providers::adls::{
    API_VERSION, AdlsAuth, AdlsClient, AdlsError, AdlsOperation, AdlsSettings, ClientOptions,
    CredentialKind, Lake, Namespace, RetryPolicy,
};
use lakeform::secret::Secret;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use url::Url;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/adls");
const SAS_SIG: &str = "c2VjcmV0LXNpZ25hdHVyZQ%3D%3D";

#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    query: String,
    headers: HeaderMap,
}

/// Which account the mock pretends to be.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Hierarchical,
    Flat,
    NoHnsHeader,
    AclHeaderMissing,
}

struct Mock {
    kind: Kind,
    seen: Mutex<Vec<Seen>>,
    list_calls: AtomicUsize,
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(FIXTURES).join(name)).unwrap()
}

fn reply(status: StatusCode, headers_file: Option<&str>, body_file: Option<&str>) -> Response {
    let mut headers = HeaderMap::new();
    if let Some(file) = headers_file {
        for line in fixture(file).lines().filter(|l| !l.trim().is_empty()) {
            let (name, value) = line.split_once(':').unwrap();
            headers.insert(
                HeaderName::from_bytes(name.trim().as_bytes()).unwrap(),
                HeaderValue::from_str(value.trim()).unwrap(),
            );
        }
    }
    let body = body_file.map(fixture).unwrap_or_default();
    if let Some(code) = body_code(&body) {
        headers.insert("x-ms-error-code", HeaderValue::from_str(&code).unwrap());
    }
    (status, headers, body).into_response()
}

/// The error code, as the service also puts it in `x-ms-error-code`.
fn body_code(body: &str) -> Option<String> {
    if let Some(rest) = body.split("<Code>").nth(1) {
        return rest.split("</Code>").next().map(str::to_owned);
    }
    let json: serde_json::Value = serde_json::from_str(body).ok()?;
    json["error"]["code"].as_str().map(str::to_owned)
}

async fn serve(
    State(mock): State<Arc<Mock>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    _body: Bytes,
) -> Response {
    let path = uri.path().to_owned();
    let query = uri.query().unwrap_or("").to_owned();
    mock.seen.lock().unwrap().push(Seen {
        method: method.to_string(),
        path: path.clone(),
        query: query.clone(),
        headers,
    });
    let has = |q: &str| query.split('&').any(|p| p == q);
    match (method.as_str(), path.as_str()) {
        ("GET", "/blob/") if has("restype=account") && has("comp=properties") => {
            let file = match mock.kind {
                Kind::Flat => "account_properties_flat.headers",
                Kind::NoHnsHeader => "account_properties_no_hns_header.headers",
                _ => "account_properties_hns.headers",
            };
            reply(StatusCode::OK, Some(file), None)
        }
        ("GET", "/blob/") if has("comp=list") => {
            reply(StatusCode::OK, None, Some("list_containers.xml"))
        }
        ("GET", "/dfs/landing") if has("resource=filesystem") && has("recursive=true") => {
            // The first call meets a busy server, which the client must retry.
            if mock.list_calls.fetch_add(1, Ordering::SeqCst) == 0 {
                return reply(
                    StatusCode::SERVICE_UNAVAILABLE,
                    None,
                    Some("server_busy.xml"),
                );
            }
            if query.contains("continuation=") {
                reply(
                    StatusCode::OK,
                    Some("list_paths_page2.headers"),
                    Some("list_paths_page2.json"),
                )
            } else {
                reply(
                    StatusCode::OK,
                    Some("list_paths_page1.headers"),
                    Some("list_paths_page1.json"),
                )
            }
        }
        ("HEAD", p) if has("action=getAccessControl") && p.starts_with("/dfs/landing/") => {
            let file = match (mock.kind, p) {
                (Kind::AclHeaderMissing, _) => "get_acl_missing_acl.headers",
                (_, "/dfs/landing//") => "get_acl_root.headers",
                (_, "/dfs/landing/raw") => "get_acl_raw.headers",
                _ => "get_acl_default.headers",
            };
            reply(StatusCode::OK, Some(file), None)
        }
        ("PUT", "/dfs/landing/raw") if has("resource=directory") => {
            reply(StatusCode::CONFLICT, None, Some("path_already_exists.json"))
        }
        ("PUT", p) if p.starts_with("/dfs/landing/") && has("resource=directory") => {
            reply(StatusCode::CREATED, None, None)
        }
        ("DELETE", "/dfs/landing/gone") => {
            reply(StatusCode::NOT_FOUND, None, Some("path_not_found.json"))
        }
        ("DELETE", p) if p.starts_with("/dfs/landing/") && has("recursive=true") => {
            if query.contains("continuation=") {
                reply(StatusCode::OK, None, None)
            } else {
                reply(StatusCode::OK, Some("delete_page1.headers"), None)
            }
        }
        ("PATCH", p) if p.starts_with("/dfs/landing/") && has("action=setAccessControl") => {
            reply(StatusCode::OK, None, None)
        }
        _ => reply(StatusCode::NOT_FOUND, None, Some("container_not_found.xml")),
    }
}

struct Server {
    mock: Arc<Mock>,
    base: Url,
}

impl Server {
    async fn start(kind: Kind) -> Server {
        let mock = Arc::new(Mock {
            kind,
            seen: Mutex::new(Vec::new()),
            list_calls: AtomicUsize::new(0),
        });
        let app = Router::new().fallback(serve).with_state(mock.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = Url::parse(&format!("http://{}", listener.local_addr().unwrap())).unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Server { mock, base }
    }

    fn settings(&self, auth: AdlsAuth) -> AdlsSettings {
        AdlsSettings {
            account: "pacificretaildev".into(),
            endpoint: Some(self.base.join("blob").unwrap()),
            dfs_endpoint: Some(self.base.join("dfs").unwrap()),
            queue_endpoint: None,
            auth,
            arm: None,
        }
    }

    fn lake(&self) -> Lake {
        let auth = AdlsAuth::SharedKey {
            account_key: Secret::new("c2VjcmV0LWtleS1mb3ItdGhlLW1vY2s="),
        };
        let options = ClientOptions {
            page_size: 2,
            concurrency: 4,
            retry: RetryPolicy {
                max_attempts: 3,
                base_delay: Duration::from_millis(5),
                max_delay: Duration::from_millis(20),
            },
            ..ClientOptions::default()
        };
        Lake::Rest(AdlsClient::with_options(&self.settings(auth), options).unwrap())
    }

    fn seen(&self) -> Vec<Seen> {
        self.mock.seen.lock().unwrap().clone()
    }

    fn calls(&self) -> Vec<String> {
        self.seen()
            .iter()
            .map(|s| {
                if s.query.is_empty() {
                    format!("{} {}", s.method, s.path)
                } else {
                    format!("{} {}?{}", s.method, s.path, s.query)
                }
            })
            .collect()
    }
}

#[tokio::test]
async fn reads_directories_and_acls_of_a_hierarchical_account() {
    let server = Server::start(Kind::Hierarchical).await;
    let lake = server.lake();
    assert_eq!(lake.namespace().await.unwrap(), Namespace::Hierarchical);

    let live = lake.read_containers(None).await.unwrap();
    let mut expected = Container::new("landing").unwrap();
    expected.set_metadata([("owner", "data-eng")]).unwrap();
    expected.comment = Some("PacificRetail landing zone".into());
    expected.public_access = PublicAccess::None;
    for dir in ["curated", "raw/customer", "raw/orders"] {
        expected.add_directory(dir).unwrap();
    }
    let default = "user::rwx,group::r-x,other::---";
    expected.set_acl("", default).unwrap();
    expected
        .set_acl(
            "raw",
            "user::rwx,user:4a6f2d1c-8b3e-4f5a-9c7d-2e1b0a9f8c6d:r-x,group::r-x,mask::r-x,other::---,\
             default:user::rwx,default:user:4a6f2d1c-8b3e-4f5a-9c7d-2e1b0a9f8c6d:r-x,default:group::r-x,\
             default:mask::r-x,default:other::---",
        )
        .unwrap();
    for dir in ["curated", "raw/customer", "raw/orders"] {
        expected.set_acl(dir, default).unwrap();
    }
    assert_eq!(live, vec![expected]);

    let calls = server.calls();
    // Detected once, not assumed; the listing was retried after the 503 and followed
    // its continuation token; the root ACL is read at `/<fs>//`.
    assert_eq!(
        calls
            .iter()
            .filter(|c| c.contains("restype=account"))
            .count(),
        1
    );
    let lists: Vec<&String> = calls
        .iter()
        .filter(|c| c.contains("resource=filesystem"))
        .collect();
    assert_eq!(lists.len(), 3, "{lists:?}");
    assert!(lists[2].contains("continuation=VBaS6LfR8p2h5AEYNxgYzAEYZC9sYW5kaW5nATAxREEyQjNDNEQ1RTZGNzgvcmF3L29yZGVycw%3D%3D"));
    assert!(lists[0].contains("maxResults=2"));
    assert!(calls.contains(&"HEAD /dfs/landing//?action=getAccessControl&upn=false".to_owned()));
    assert_eq!(
        calls
            .iter()
            .filter(|c| c.contains("getAccessControl"))
            .count(),
        5,
        "the root and four directories"
    );

    for s in server.seen() {
        assert_eq!(s.headers["x-ms-version"], API_VERSION);
        let auth = s.headers["authorization"].to_str().unwrap();
        assert!(auth.starts_with("SharedKey pacificretaildev:"), "{auth}");
        assert!(s.headers.contains_key("x-ms-date"));
    }
}

#[tokio::test]
async fn directory_and_acl_operations_send_the_documented_requests() {
    let server = Server::start(Kind::Hierarchical).await;
    let lake = server.lake();
    let ops = [
        AdlsOperation::CreateDirectory {
            container: "landing".into(),
            path: "raw/new one".into(),
        },
        // Exists already (409 PathAlreadyExists): creating is idempotent.
        AdlsOperation::CreateDirectory {
            container: "landing".into(),
            path: "raw".into(),
        },
        // Two round trips: the first reply carries a continuation token.
        AdlsOperation::DeleteDirectory {
            container: "landing".into(),
            path: "raw/orders".into(),
        },
        // Already gone (404 PathNotFound): deleting is idempotent.
        AdlsOperation::DeleteDirectory {
            container: "landing".into(),
            path: "gone".into(),
        },
        AdlsOperation::SetAcl {
            container: "landing".into(),
            path: "".into(),
            acl: "other::---,group::r-x,user::rwx,default:user::rwx,default:group::r-x,default:other::---".into(),
        },
    ];
    for op in &ops {
        lake.execute(op).await.unwrap();
    }
    assert_eq!(
        lake.describe(&ops[0]).await.unwrap(),
        "PUT /landing/raw/new%20one?resource=directory"
    );
    let calls: Vec<String> = server
        .calls()
        .into_iter()
        .filter(|c| !c.contains("restype=account"))
        .collect();
    assert_eq!(
        calls,
        vec![
            "PUT /dfs/landing/raw/new%20one?resource=directory",
            "PUT /dfs/landing/raw?resource=directory",
            "DELETE /dfs/landing/raw/orders?recursive=true",
            "DELETE /dfs/landing/raw/orders?recursive=true&continuation=ZGVsZXRlLWNvbnRpbnVhdGlvbg%3D%3D",
            "DELETE /dfs/landing/gone?recursive=true",
            "PATCH /dfs/landing//?action=setAccessControl",
        ]
    );
    let seen = server.seen();
    let create = seen.iter().find(|s| s.method == "PUT").unwrap();
    assert_eq!(create.headers["if-none-match"], "*");
    let patch = seen.iter().find(|s| s.method == "PATCH").unwrap();
    assert_eq!(
        patch.headers["x-ms-acl"],
        "user::rwx,group::r-x,other::---,default:user::rwx,default:group::r-x,default:other::---",
        "sent in canonical form"
    );
}

#[tokio::test]
async fn a_reply_without_the_acl_header_is_an_error() {
    let server = Server::start(Kind::AclHeaderMissing).await;
    let err = server.lake().read_containers(None).await.unwrap_err();
    assert!(matches!(err, AdlsError::MissingInReply { .. }), "{err}");
    assert!(err.to_string().contains("x-ms-acl"), "{err}");
}

#[tokio::test]
async fn a_reply_without_the_namespace_header_is_an_error() {
    let server = Server::start(Kind::NoHnsHeader).await;
    let err = server.lake().namespace().await.unwrap_err();
    assert!(err.to_string().contains("x-ms-is-hns-enabled"), "{err}");
}

#[tokio::test]
async fn an_acl_on_a_flat_account_is_refused_before_any_write() {
    let server = Server::start(Kind::Flat).await;
    let lake = server.lake();
    let err = lake
        .execute(&AdlsOperation::SetAcl {
            container: "landing".into(),
            path: "raw".into(),
            acl: "user::rwx,group::r-x,other::---".into(),
        })
        .await
        .unwrap_err();
    assert!(matches!(err, AdlsError::NotHierarchical { .. }), "{err}");
    assert_eq!(
        server.calls(),
        vec!["GET /blob/?restype=account&comp=properties"]
    );
}

#[tokio::test]
async fn invalid_names_and_keys_are_refused_before_any_request() {
    let server = Server::start(Kind::Hierarchical).await;
    let lake = server.lake();
    let bad = [
        AdlsOperation::DeleteContainer {
            name: "Landing".into(),
        },
        AdlsOperation::DeleteContainer { name: "la".into() },
        AdlsOperation::CreateContainer {
            name: "landing".into(),
            metadata: BTreeMap::from([("cost-centre".into(), "42".into())]),
            comment: None,
            public_access: PublicAccess::None,
        },
        AdlsOperation::SetMetadata {
            name: "landing".into(),
            metadata: BTreeMap::from([("lakeform_comment".into(), "sneaky".into())]),
            comment: None,
        },
        AdlsOperation::CreateDirectory {
            container: "landing".into(),
            path: "raw/../etc".into(),
        },
        AdlsOperation::SetAcl {
            container: "landing".into(),
            path: "raw".into(),
            acl: "user::rwx,group::r-x".into(),
        },
    ];
    for op in &bad {
        assert!(lake.execute(op).await.is_err(), "{op:?}");
    }
    assert!(
        lake.read_containers(Some(&["Bad_Name".to_owned()]))
            .await
            .is_err()
    );
    assert!(lake.lock("Bad_Name", "prod", None).await.is_err());
    assert!(lake.lock("landing", "../prod", None).await.is_err());
    assert_eq!(server.calls(), Vec::<String>::new());
}

#[tokio::test]
async fn a_sas_token_is_sent_but_never_shown() {
    let server = Server::start(Kind::Hierarchical).await;
    let token =
        format!("?sv=2025-01-05&ss=b&srt=sco&sp=rl&se=2099-01-01T00%3A00%3A00Z&sig={SAS_SIG}");
    let settings = server.settings(AdlsAuth::Sas {
        token: Secret::new(token),
    });
    let lake = Lake::Rest(AdlsClient::new(&settings).unwrap());
    let err = lake
        .execute(&AdlsOperation::DeleteContainer {
            name: "missing".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.service_code(), Some("ContainerNotFound"));
    assert!(!err.to_string().contains(SAS_SIG) && !format!("{err:?}").contains(SAS_SIG));
    assert!(!format!("{settings:?}").contains(SAS_SIG));
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].query,
        format!(
            "restype=container&sv=2025-01-05&ss=b&srt=sco&sp=rl&se=2099-01-01T00%3A00%3A00Z&sig={SAS_SIG}"
        )
    );
    assert!(!seen[0].headers.contains_key("authorization"));
}

/// Against a real hierarchical-namespace account; runs only with `LAKEFORM_LIVE_ADLS=1`.
/// `LAKEFORM_LIVE_ADLS_ACCOUNT` names the account; `LAKEFORM_LIVE_ADLS_KEY` (Shared Key)
/// or else the Azure CLI login authenticates. Creates and deletes one container.
#[tokio::test]
async fn live_hierarchical_account() {
    if std::env::var("LAKEFORM_LIVE_ADLS").as_deref() != Ok("1") {
        eprintln!("note: LAKEFORM_LIVE_ADLS is not 1, skipping the live ADLS suite");
        return;
    }
    let account = std::env::var("LAKEFORM_LIVE_ADLS_ACCOUNT").expect("LAKEFORM_LIVE_ADLS_ACCOUNT");
    let auth = match std::env::var("LAKEFORM_LIVE_ADLS_KEY") {
        Ok(key) => AdlsAuth::SharedKey {
            account_key: Secret::new(key),
        },
        Err(_) => AdlsAuth::AzureIdentity {
            credential: CredentialKind::Cli,
        },
    };
    let lake = Lake::Rest(
        AdlsClient::new(&AdlsSettings {
            account,
            endpoint: None,
            dfs_endpoint: None,
            queue_endpoint: None,
            auth,
            arm: None,
        })
        .unwrap(),
    );
    assert_eq!(lake.namespace().await.unwrap(), Namespace::Hierarchical);
    let name = format!("lakeform-live-{:08x}", fastrand::u32(..));
    let mut desired = Container::new(&name).unwrap();
    desired
        .set_metadata([("owner", "lakeform-live-test")])
        .unwrap();
    desired.comment = Some("created by lakeform's live suite".into());
    desired.add_directory("raw/customer").unwrap();
    let acl =
        "user::rwx,group::r-x,other::---,default:user::rwx,default:group::r-x,default:other::---";
    lake.execute(&AdlsOperation::create_container(&desired))
        .await
        .unwrap();
    for dir in ["raw", "raw/customer"] {
        lake.execute(&AdlsOperation::CreateDirectory {
            container: name.clone(),
            path: dir.into(),
        })
        .await
        .unwrap();
    }
    lake.execute(&AdlsOperation::SetAcl {
        container: name.clone(),
        path: "raw".into(),
        acl: acl.into(),
    })
    .await
    .unwrap();
    let live = lake
        .read_containers(Some(std::slice::from_ref(&name)))
        .await
        .unwrap();
    lake.execute(&AdlsOperation::DeleteContainer { name: name.clone() })
        .await
        .unwrap();
    assert_eq!(live.len(), 1);
    assert_eq!(live[0].metadata, desired.metadata);
    assert_eq!(live[0].comment, desired.comment);
    assert_eq!(live[0].directories, desired.directories);
    assert_eq!(
        live[0].acl["raw"],
        lakeform::kinds::container::canonical_acl(acl).unwrap()
    );
}
