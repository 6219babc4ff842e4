//! The `storage_queue` kind against Azurite's queue service, end to end: `lakeform apply`
//! creates a declared queue, an independent client (a raw request signed by this file's
//! own minimal Shared Key signer) lists it back with its metadata, `plan` is then empty,
//! a metadata change is one Set Queue Metadata call, an account SAS for the queue
//! service reads the same queue, and deleting it is destructive: refused without consent,
//! done with it.
//!
//!
//! The second test applies the whole auto-ingest chain with both providers real: the
//! container and the queue in Azurite, the integrations, stage, table and pipe in a
//! sandbox server, in one plan whose order puts the queue before the integration that
//! reads it.
//!
//! Azurite is found through `LAKEFORM_AZURITE_QUEUE_URL` and `LAKEFORM_AZURITE_BLOB_URL`
//! (set by `.ci/azurite.sh`). When they are unset the test prints a note and passes,
//! except under `CI=true`, where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

#[path = "fixtures/drift/support.rs"]
mod support;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use lakeform::apply::progress::Silent;
use lakeform::apply::{ApplyOptions, Targets};
use lakeform::model::{DesiredState, LiveState, Object, Resource};
use lakeform::plan::{Action, Settings, Tier};
use lakeform::providers::adls::{AdlsAuth, AdlsClient, AdlsSettings, Lake, Namespace};
use lakeform::secret::Secret;
use sha2::Sha256;
use std::path::Path;
use std::process::{Command, Output};
use url::Url;

const ACCOUNT: &str = "devstoreaccount1";
const ACCOUNT_KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const KEY_VARIABLE: &str = "LAKEFORM_TEST_AZURITE_KEY";

/// The blob and queue endpoints, or `None` (with a note) when Azurite is not running.
fn azurite() -> Option<(Url, Url)> {
    match (
        std::env::var("LAKEFORM_AZURITE_BLOB_URL"),
        std::env::var("LAKEFORM_AZURITE_QUEUE_URL"),
    ) {
        (Ok(blob), Ok(queue)) => Some((Url::parse(&blob).unwrap(), Url::parse(&queue).unwrap())),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true but Azurite's blob and queue URLs are not set: Azurite was not started")
        }
        _ => {
            eprintln!(
                "note: LAKEFORM_AZURITE_QUEUE_URL is not set, skipping the Azurite queue test \
                 (source .ci/azurite.sh && azurite_start)"
            );
            None
        }
    }
}

/// An independent GET on the queue service, signed here with Shared Key as Microsoft
/// documents it (no lakeform code involved): `path` below the account, `query` decoded.
async fn signed_get(queue_url: &Url, path: &str, query: &[(&str, &str)]) -> (u16, String, String) {
    let date = httpdate::fmt_http_date(std::time::SystemTime::now());
    let url_path = format!("{}{path}", queue_url.path().trim_end_matches('/'));
    let mut sorted: Vec<(String, &str)> = query
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), *v))
        .collect();
    sorted.sort();
    let resource: String = sorted.iter().map(|(k, v)| format!("\n{k}:{v}")).collect();
    // VERB, eleven empty standard headers, the x-ms headers, the resource.
    let string_to_sign = format!(
        "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:{date}\nx-ms-version:2025-01-05\n/{ACCOUNT}{url_path}{resource}"
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(&STANDARD.decode(ACCOUNT_KEY).unwrap()).unwrap();
    mac.update(string_to_sign.as_bytes());
    let signature = STANDARD.encode(mac.finalize().into_bytes());
    let mut url = queue_url.clone();
    url.set_path(&url_path);
    url.query_pairs_mut().extend_pairs(query);
    let response = reqwest::Client::new()
        .get(url)
        .header("x-ms-date", date)
        .header("x-ms-version", "2025-01-05")
        .header("authorization", format!("SharedKey {ACCOUNT}:{signature}"))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let owner = response
        .headers()
        .get("x-ms-meta-owner")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, owner, response.text().await.unwrap())
}

fn write_project(dir: &Path, blob: &Url, queue: &Url, lock: &str, lake_toml: &str) {
    std::fs::create_dir_all(dir.join("environments")).unwrap();
    std::fs::create_dir_all(dir.join("schema")).unwrap();
    std::fs::write(
        dir.join("environments/azurite.toml"),
        format!(
            r#"include = ["../schema/*.toml"]
[adls]
account = "{ACCOUNT}"
auth = "shared_key"
account_key = "${{env:{KEY_VARIABLE}}}"
endpoint = "{blob}"
queue_endpoint = "{queue}"
lock_container = "{lock}"
"#
        ),
    )
    .unwrap();
    std::fs::write(dir.join("schema/lake.toml"), lake_toml).unwrap();
}

fn lakeform(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lakeform"))
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env(KEY_VARIABLE, ACCOUNT_KEY)
        .output()
        .unwrap()
}

fn expect_code(output: &Output, code: i32) -> String {
    let out = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout:\n{out}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    out
}

fn queue_toml(name: &str, owner: &str) -> String {
    format!(
        r#"[[storage_queue]]
name = "{name}"
comment = "Snowpipe – orders"
metadata = {{ Owner = "{owner}" }}
"#
    )
}

/// An account SAS for the queue service (list and read), signed as Microsoft documents
/// for version 2020-12-06 and later.
fn queue_sas() -> AdlsAuth {
    let version = "2025-01-05";
    let permissions = "rl";
    let expiry = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(2))
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let string_to_sign = format!("{ACCOUNT}\n{permissions}\nq\nsco\n\n{expiry}\n\n\n{version}\n\n");
    let mut mac = Hmac::<Sha256>::new_from_slice(&STANDARD.decode(ACCOUNT_KEY).unwrap()).unwrap();
    mac.update(string_to_sign.as_bytes());
    let signature = STANDARD.encode(mac.finalize().into_bytes());
    let token: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("sv", version)
        .append_pair("ss", "q")
        .append_pair("srt", "sco")
        .append_pair("sp", permissions)
        .append_pair("se", &expiry)
        .append_pair("sig", &signature)
        .finish();
    AdlsAuth::Sas {
        token: Secret::new(token),
    }
}

#[tokio::test]
async fn a_queue_applies_reads_back_independently_replans_empty_and_deletes_with_consent() {
    let Some((blob, queue_url)) = azurite() else {
        return;
    };
    let suffix = format!("{:08x}", fastrand::u32(..));
    let name = format!("lf-orders-{suffix}");
    let lock = format!("lflock-{suffix}");
    let project = tempfile::tempdir().unwrap();
    write_project(
        project.path(),
        &blob,
        &queue_url,
        &lock,
        &queue_toml(&name, "ingest"),
    );

    let plan = expect_code(
        &lakeform(
            project.path(),
            &["plan", "-e", "azurite", "--detailed-exitcode"],
        ),
        2,
    );
    assert!(
        plan.contains(&format!("+ storage_queue {name}")) && plan.contains("Queue service: PUT"),
        "{plan}"
    );
    expect_code(
        &lakeform(
            project.path(),
            &["apply", "-e", "azurite", "--auto-approve"],
        ),
        0,
    );

    // An independent client sees the queue, its metadata and the encoded comment.
    let (status, _, listing) = signed_get(
        &queue_url,
        "/",
        &[("comp", "list"), ("include", "metadata"), ("prefix", &name)],
    )
    .await;
    assert_eq!(status, 200, "{listing}");
    assert!(
        listing.contains(&format!("<Name>{name}</Name>")),
        "{listing}"
    );
    assert!(listing.contains(">ingest<"), "{listing}");
    assert!(
        listing.contains("Snowpipe%20%E2%80%93%20orders"),
        "{listing}"
    );

    // Nothing left to do.
    expect_code(
        &lakeform(
            project.path(),
            &["plan", "-e", "azurite", "--detailed-exitcode"],
        ),
        0,
    );

    // A metadata change is one Set Queue Metadata call.
    write_project(
        project.path(),
        &blob,
        &queue_url,
        &lock,
        &queue_toml(&name, "data-platform"),
    );
    let plan = expect_code(
        &lakeform(
            project.path(),
            &["plan", "-e", "azurite", "--detailed-exitcode"],
        ),
        2,
    );
    assert!(
        plan.contains(&format!("Queue service: PUT /{name}?comp=metadata")),
        "{plan}"
    );
    expect_code(
        &lakeform(
            project.path(),
            &["apply", "-e", "azurite", "--auto-approve"],
        ),
        0,
    );
    let (status, owner, _) =
        signed_get(&queue_url, &format!("/{name}"), &[("comp", "metadata")]).await;
    assert_eq!((status, owner.as_str()), (200, "data-platform"));
    expect_code(
        &lakeform(
            project.path(),
            &["plan", "-e", "azurite", "--detailed-exitcode"],
        ),
        0,
    );

    // A queue-service SAS reads the same queue through lakeform's client.
    let sas_lake = Lake::Rest(
        AdlsClient::new(&AdlsSettings {
            account: ACCOUNT.into(),
            endpoint: Some(blob.clone()),
            dfs_endpoint: None,
            queue_endpoint: Some(queue_url.clone()),
            auth: queue_sas(),
            arm: None,
        })
        .unwrap(),
    );
    let queues = sas_lake.read_queues().await.unwrap();
    let ours = queues.iter().find(|q| q.name == name).unwrap();
    assert_eq!(ours.metadata["owner"], "data-platform");
    assert_eq!(ours.comment.as_deref(), Some("Snowpipe – orders"));

    // Deleting it (pruned from a desired state without it) is destructive: apply
    // refuses without consent and deletes with it. Only queues are read here, so the
    // other tests' containers on this Azurite are not in the plan.
    let lake = Lake::Rest(
        AdlsClient::new(&AdlsSettings {
            account: ACCOUNT.into(),
            endpoint: Some(blob.clone()),
            dfs_endpoint: None,
            queue_endpoint: Some(queue_url.clone()),
            auth: AdlsAuth::SharedKey {
                account_key: Secret::new(ACCOUNT_KEY),
            },
            arm: None,
        })
        .unwrap(),
    );
    let mut live = LiveState::default();
    for queue in lake.read_queues().await.unwrap() {
        if queue.name == name {
            let object = Object::StorageQueue(queue);
            live.objects.insert(object.address(), object);
        }
    }
    let settings = Settings {
        prune: true,
        backup: true,
        now: jiff::Timestamp::now(),
        namespace: Namespace::Flat,
        lock_container: lock.clone(),
        deploy_role: None,
    };
    let plan =
        lakeform::plan::make("azurite", &DesiredState::default(), "h", &live, &settings).unwrap();
    assert_eq!(plan.changes.len(), 1);
    assert_eq!(
        (plan.changes[0].action, plan.changes[0].tier),
        (Action::Drop, Tier::Destructive)
    );
    assert!(
        plan.changes[0]
            .reasons
            .iter()
            .any(|r| r.contains("messages")),
        "{:?}",
        plan.changes[0].reasons
    );
    let targets = Targets {
        snowflake: None,
        lake: Some(lake.clone()),
    };
    let refused =
        lakeform::apply::run(&plan, &targets, &ApplyOptions::default(), &mut Silent).await;
    assert!(refused.is_err(), "no consent, nothing deleted");
    assert!(
        lake.read_queues()
            .await
            .unwrap()
            .iter()
            .any(|q| q.name == name)
    );
    let consent = ApplyOptions {
        allow_destructive: true,
        ..ApplyOptions::default()
    };
    let report = lakeform::apply::run(&plan, &targets, &consent, &mut Silent)
        .await
        .unwrap();
    assert!(report.succeeded(), "{report}");
    let (_, _, listing) = signed_get(&queue_url, "/", &[("comp", "list"), ("prefix", &name)]).await;
    assert!(
        !listing.contains(&format!("<Name>{name}</Name>")),
        "{listing}"
    );
}

/// The auto-ingest chain, Azure half in Azurite and Snowflake half in a sandbox server.
fn chain_toml(container: &str, queue: &str) -> String {
    format!(
        r#"[[container]]
name = "{container}"

[[storage_queue]]
name = "{queue}"

[[storage_integration]]
name = "ADLS_CHAIN"
azure_tenant_id = "t-1"
allowed_locations = ["azure://{ACCOUNT}.blob.core.windows.net/{container}/"]

[[notification_integration]]
name = "ORDER_EVENTS_CHAIN"
type = "azure_storage_queue"
queue_uri = "https://{ACCOUNT}.queue.core.windows.net/{queue}"
tenant_id = "t-1"

[[database]]
name = "CHAIN"

[[schema]]
name = "CHAIN.BRONZE"

[[file_format]]
name = "CHAIN.BRONZE.PARQUET_FORMAT"
type = "PARQUET"

[[stage]]
name = "CHAIN.BRONZE.LANDING"
url = "azure://{ACCOUNT}.blob.core.windows.net/{container}/"
storage_integration = "ADLS_CHAIN"

[[table]]
name = "CHAIN.BRONZE.RAW_ORDER"
columns = [
  {{ name = "ID", type = "NUMBER(38,0)" }},
  {{ name = "SOURCE_FILE_NAME", type = "VARCHAR" }},
]

[[pipe]]
name = "CHAIN.BRONZE.ORDER_PIPE"
auto_ingest = true
integration = "ORDER_EVENTS_CHAIN"
copy = "COPY INTO RAW_ORDER (ID, SOURCE_FILE_NAME) FROM (SELECT $1:id::NUMBER, METADATA$FILENAME FROM @LANDING/order-live/) FILE_FORMAT = (FORMAT_NAME = 'PARQUET_FORMAT')"
"#
    )
}

#[test]
fn the_auto_ingest_chain_applies_across_azurite_and_the_sandbox_in_one_plan() {
    let Some((blob, queue_url)) = azurite() else {
        return;
    };
    let suffix = format!("{:08x}", fastrand::u32(..));
    let (container, queue, lock) = (
        format!("lfchain{suffix}"),
        format!("lf-events-{suffix}"),
        format!("lflock-{suffix}"),
    );
    // The sandbox server runs on its own runtime while the test runs the binary.
    let server = support::Server::start();
    let project = tempfile::tempdir().unwrap();
    write_project(
        project.path(),
        &blob,
        &queue_url,
        &lock,
        &chain_toml(&container, &queue),
    );
    let env_file = project.path().join("environments/azurite.toml");
    let mut env = std::fs::read_to_string(&env_file).unwrap();
    env.push_str(&format!(
        "\n[snowflake]\nurl = \"{}\"\naccount = \"A\"\nuser = \"U\"\nauthenticator = \"pat\"\ntoken = \"x\"\n",
        server.base_url()
    ));
    std::fs::write(&env_file, env).unwrap();

    // One plan holds both halves; the queue is created before the integration reading
    // it, which comes before the pipe.
    let plan = expect_code(&lakeform(project.path(), &["plan", "-e", "azurite"]), 0);
    let at = |needle: &str| {
        plan.find(needle)
            .unwrap_or_else(|| panic!("{needle} not in the plan:\n{plan}"))
    };
    let queue_put = at(&format!("Queue service: PUT /{queue}"));
    let integration = at("CREATE NOTIFICATION INTEGRATION ORDER_EVENTS_CHAIN");
    let pipe = at("CREATE PIPE CHAIN.BRONZE.ORDER_PIPE");
    let container_put = at(&format!("+ container {container}"));
    assert!(queue_put < integration && integration < pipe, "{plan}");
    assert!(container_put < pipe, "{plan}");

    expect_code(
        &lakeform(
            project.path(),
            &["apply", "-e", "azurite", "--auto-approve"],
        ),
        0,
    );

    // An independent client sees the queue; the sandbox holds the pipe on it.
    let (status, _, listing) = server.runtime.block_on(signed_get(
        &queue_url,
        "/",
        &[("comp", "list"), ("prefix", &queue)],
    ));
    assert_eq!(status, 200, "{listing}");
    assert!(
        listing.contains(&format!("<Name>{queue}</Name>")),
        "{listing}"
    );
    let pipes = server.query("SHOW PIPES IN DATABASE CHAIN", "notification_channel");
    assert_eq!(pipes.len(), 1, "{pipes:?}");

    expect_code(
        &lakeform(
            project.path(),
            &["plan", "-e", "azurite", "--detailed-exitcode"],
        ),
        0,
    );
}
