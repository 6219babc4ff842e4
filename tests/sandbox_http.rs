//! The sandbox's HTTP side, exercised over real HTTP with a plain reqwest client: the SQL API
//! v2 shapes and codes, key-pair JWT checks, requestId de-duplication, 202 polling,
//! partitions, injected faults and latency, concurrency, and the state directory.
//!
//! `LAKEFORM_SANDBOX_SOAK_SECS` sets how long the 32-client test runs (default 10 s).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use lakeform::sandbox::{self, FaultOptions, RunningSandbox, ServeOptions};
use lakeform::secret::Secret;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

async fn start(options: ServeOptions) -> RunningSandbox {
    sandbox::start(options).await.expect("sandbox starts")
}

/// A minimal SQL API client: one bearer token, JSON in and out.
#[derive(Clone)]
struct Api {
    base: String,
    client: reqwest::Client,
    token: String,
    token_type: &'static str,
}

impl Api {
    fn new(sandbox: &RunningSandbox) -> Api {
        Api {
            base: sandbox.base_url(),
            client: reqwest::Client::new(),
            token: "any-token".into(),
            token_type: "OAUTH",
        }
    }

    fn with_token(&self, token: &str, token_type: &'static str) -> Api {
        Api {
            token: token.into(),
            token_type,
            ..self.clone()
        }
    }

    async fn try_post(
        &self,
        body: Value,
        query: &[(&str, &str)],
    ) -> reqwest::Result<(StatusCode, Value)> {
        let response = self
            .client
            .post(format!("{}/api/v2/statements", self.base))
            .query(query)
            .bearer_auth(&self.token)
            .header("X-Snowflake-Authorization-Token-Type", self.token_type)
            .header("Accept", "application/json")
            .json(&body)
            .send()
            .await?;
        let status = response.status();
        Ok((status, response.json().await?))
    }

    async fn post(&self, body: Value, query: &[(&str, &str)]) -> (StatusCode, Value) {
        self.try_post(body, query).await.expect("request answered")
    }

    async fn sql(&self, sql: &str) -> (StatusCode, Value) {
        self.post(json!({ "statement": sql }), &[]).await
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .header("X-Snowflake-Authorization-Token-Type", self.token_type)
            .send()
            .await
            .expect("request answered");
        let status = response.status();
        (status, response.json().await.expect("JSON body"))
    }

    /// Every row of a result, all partitions included.
    async fn all_rows(&self, first: &Value) -> Vec<Vec<Value>> {
        let mut rows: Vec<Vec<Value>> = serde_json::from_value(first["data"].clone()).unwrap();
        let partitions = first["resultSetMetaData"]["partitionInfo"]
            .as_array()
            .unwrap()
            .len();
        let handle = first["statementHandle"].as_str().unwrap();
        for partition in 1..partitions {
            let (status, body) = self
                .get(&format!(
                    "/api/v2/statements/{handle}?partition={partition}"
                ))
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            rows.extend(serde_json::from_value::<Vec<Vec<Value>>>(body["data"].clone()).unwrap());
        }
        rows
    }

    /// Runs a statement and polls its status URL while it answers 202.
    async fn sql_to_completion(&self, sql: &str) -> (StatusCode, Value) {
        let (mut status, mut body) = self.sql(sql).await;
        let deadline = Instant::now() + Duration::from_secs(30);
        while status == StatusCode::ACCEPTED {
            assert!(Instant::now() < deadline, "{sql} still running: {body}");
            tokio::time::sleep(Duration::from_millis(50)).await;
            let url = body["statementStatusUrl"].as_str().unwrap().to_string();
            (status, body) = self.get(&url).await;
        }
        (status, body)
    }

    /// Every database name, paged as Snowflake requires: one SHOW answers at most 10,000
    /// rows, so the next page starts after the last name seen.
    async fn database_names(&self) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        let mut last: Option<String> = None;
        loop {
            let sql = match &last {
                Some(name) => format!(
                    "SHOW DATABASES LIMIT 10000 FROM '{}'",
                    name.replace('\'', "''")
                ),
                None => "SHOW DATABASES LIMIT 10000".to_string(),
            };
            let (status, body) = self.sql_to_completion(&sql).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            let name_column = body["resultSetMetaData"]["rowType"]
                .as_array()
                .unwrap()
                .iter()
                .position(|column| column["name"] == "name")
                .expect("a name column");
            let page: Vec<String> = self
                .all_rows(&body)
                .await
                .into_iter()
                .map(|row| row[name_column].as_str().unwrap().to_string())
                .collect();
            match page.last() {
                Some(name) => last = Some(name.clone()),
                None => return names,
            }
            names.extend(page);
        }
    }
}

#[tokio::test]
async fn a_request_without_authorization_is_refused_with_401() {
    let sandbox = start(ServeOptions::default()).await;
    let response = reqwest::Client::new()
        .post(format!("{}/api/v2/statements", sandbox.base_url()))
        .json(&json!({"statement": "SELECT 1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "390146");
    assert!(body["message"].as_str().unwrap().contains("Authorization"));
}

struct KeyPair {
    key: rsa::PrivateKey,
    public_key_base64: String,
    fingerprint: String,
}

fn key_pair() -> KeyPair {
    use rsa::Generate;
    use rsa::pkcs8::EncodePublicKey;
    let key = rsa::PrivateKey::generate();
    let der = rsa::PublicKey::from(&key).to_public_key_der().unwrap();
    KeyPair {
        public_key_base64: STANDARD.encode(der.as_bytes()),
        fingerprint: STANDARD.encode(Sha256::digest(der.as_bytes())),
        key,
    }
}

fn jwt(signer: &KeyPair, fingerprint: &str, sub: &str, iat: i64, exp: i64) -> String {
    use rsa::signature::{SignatureEncoding, Signer};
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#);
    let claims =
        json!({"iss": format!("{sub}.SHA256:{fingerprint}"), "sub": sub, "iat": iat, "exp": exp});
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let signing_input = format!("{header}.{payload}");
    let signing_key = rsa::pkcs1v15::SigningKey::<Sha256>::new(signer.key.clone());
    let signature = signing_key.sign(signing_input.as_bytes()).to_vec();
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_pair_jwts_are_checked_for_claims_then_for_the_registered_key() {
    let sandbox = start(ServeOptions::default()).await;
    let api = Api::new(&sandbox);
    let (alice, mallory) = (key_pair(), key_pair());
    let now = jiff::Timestamp::now().as_second();
    let as_jwt = |token: String| api.with_token(&token, "KEYPAIR_JWT");

    // No key registered yet: well-formed claims are enough.
    let first = as_jwt(jwt(
        &alice,
        &alice.fingerprint,
        "ACME.ALICE",
        now,
        now + 3_000,
    ));
    let register = format!(
        "ALTER USER alice SET RSA_PUBLIC_KEY = '{}'",
        alice.public_key_base64
    );
    let (status, body) = first.sql("CREATE USER alice").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = first.sql(&register).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Claims are still checked.
    let expired = as_jwt(jwt(
        &alice,
        &alice.fingerprint,
        "ACME.ALICE",
        now - 7_200,
        now - 3_600,
    ));
    let (status, body) = expired.sql("SELECT 1").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "390144");
    assert!(
        body["message"].as_str().unwrap().contains("expired"),
        "{body}"
    );
    let too_long = as_jwt(jwt(
        &alice,
        &alice.fingerprint,
        "ACME.ALICE",
        now,
        now + 7_200,
    ));
    assert_eq!(too_long.sql("SELECT 1").await.0, StatusCode::UNAUTHORIZED);

    // Registered: the right key passes, another key's fingerprint or signature does not.
    let good = as_jwt(jwt(
        &alice,
        &alice.fingerprint,
        "ACME.ALICE",
        now,
        now + 3_000,
    ));
    let (status, body) = good.sql("SELECT 1").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let wrong_key = as_jwt(jwt(
        &mallory,
        &mallory.fingerprint,
        "ACME.ALICE",
        now,
        now + 3_000,
    ));
    let (status, body) = wrong_key.sql("SELECT 1").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        body["message"].as_str().unwrap().contains("fingerprint"),
        "{body}"
    );
    let forged = as_jwt(jwt(
        &mallory,
        &alice.fingerprint,
        "ACME.ALICE",
        now,
        now + 3_000,
    ));
    let (status, body) = forged.sql("SELECT 1").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        body["message"].as_str().unwrap().contains("signature"),
        "{body}"
    );

    // Another user without a key is still only checked for its claims.
    let bob = as_jwt(jwt(
        &mallory,
        &mallory.fingerprint,
        "ACME.BOB",
        now,
        now + 3_000,
    ));
    assert_eq!(bob.sql("SELECT 1").await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_fixed_token_must_match_for_non_jwt_tokens() {
    let sandbox = start(ServeOptions {
        fixed_token: Some(Secret::new("pat-123")),
        ..ServeOptions::default()
    })
    .await;
    let api = Api::new(&sandbox);
    let (status, body) = api
        .with_token("wrong", "PROGRAMMATIC_ACCESS_TOKEN")
        .sql("SELECT 1")
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(!body.to_string().contains("pat-123"));
    let right = api.with_token("pat-123", "PROGRAMMATIC_ACCESS_TOKEN");
    assert_eq!(right.sql("SELECT 1").await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_statement_answers_200_with_the_documented_result_set() {
    let sandbox = start(ServeOptions::default()).await;
    let api = Api::new(&sandbox);
    let (status, body) = api
        .post(json!({"statement": "SELECT 7"}), &[("requestId", "r-1")])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["code"], "090001");
    assert_eq!(body["sqlState"], "00000");
    assert_eq!(body["data"], json!([["7"]]));
    let meta = &body["resultSetMetaData"];
    assert_eq!(meta["format"], "jsonv2");
    assert_eq!(meta["numRows"], 1);
    assert_eq!(meta["rowType"][0]["type"], "fixed");
    assert_eq!(meta["rowType"][0]["nullable"], false);
    assert_eq!(meta["partitionInfo"][0]["rowCount"], 1);
    let handle = body["statementHandle"].as_str().unwrap();
    assert_eq!(
        body["statementStatusUrl"],
        format!("/api/v2/statements/{handle}?requestId=r-1")
    );
    assert!(body["createdOn"].as_i64().unwrap() > 1_600_000_000_000);

    let (status, again) = api.get(&format!("/api/v2/statements/{handle}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["data"], body["data"]);

    let (status, unknown) = api.get("/api/v2/statements/no-such-handle").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown["code"], "000709");
}

#[tokio::test]
async fn a_failing_statement_answers_422_with_snowflake_error_json() {
    let sandbox = start(ServeOptions::default()).await;
    let api = Api::new(&sandbox);
    assert_eq!(api.sql("CREATE DATABASE sales").await.0, StatusCode::OK);
    let (status, body) = api.sql("create database SALES").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "002002");
    assert_eq!(body["sqlState"], "42710");
    assert!(body["message"].as_str().unwrap().contains("already exists"));
    let handle = body["statementHandle"].as_str().unwrap();
    assert_eq!(
        body["statementStatusUrl"],
        format!("/api/v2/statements/{handle}")
    );
    let (status, again) = api.get(&format!("/api/v2/statements/{handle}")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again["code"], "002002");

    let (status, body) = api.sql("SELEKT 1").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "001003");

    let (status, body) = api.sql("  -- nothing\n").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], "000900");
}

#[tokio::test]
async fn multi_statement_requests_answer_with_statement_handles() {
    let sandbox = start(ServeOptions::default()).await;
    let api = Api::new(&sandbox);
    let text = "CREATE DATABASE a; CREATE DATABASE b; SELECT 3";
    let (status, body) = api
        .post(
            json!({"statement": text, "parameters": {"MULTI_STATEMENT_COUNT": "3"}}),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["data"],
        json!([["Multiple statements executed successfully."]])
    );
    let handles: Vec<String> = serde_json::from_value(body["statementHandles"].clone()).unwrap();
    assert_eq!(handles.len(), 3);
    let (status, last) = api.get(&format!("/api/v2/statements/{}", handles[2])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(last["data"], json!([["3"]]));

    // The count must match; without one, a request holds one statement.
    let (status, body) = api
        .post(json!({"statement": "SELECT 1; SELECT 2", "parameters": {"MULTI_STATEMENT_COUNT": "3"}}), &[])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "000008");
    assert_eq!(
        body["message"],
        "Actual statement count 2 did not match the desired statement count 3."
    );
    let (status, body) = api.sql("SELECT 1; SELECT 2").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["message"],
        "Actual statement count 2 did not match the desired statement count 1."
    );

    // "0" takes any count; a failure stops the rest and names what ran.
    let (status, body) = api
        .post(json!({"statement": "CREATE DATABASE c; CREATE DATABASE a; CREATE DATABASE d", "parameters": {"MULTI_STATEMENT_COUNT": "0"}}), &[])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "002002");
    assert_eq!(body["statementHandles"].as_array().unwrap().len(), 2);
    let names = api.database_names().await;
    assert!(names.contains("C") && !names.contains("D"), "{names:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_result_comes_in_partitions() {
    let sandbox = start(ServeOptions::default()).await;
    let api = Api::new(&sandbox);
    let text: String = (0..2_500)
        .map(|i| format!("CREATE DATABASE db_{i:05};"))
        .collect();
    let (status, body) = api
        .post(
            json!({"statement": text, "parameters": {"MULTI_STATEMENT_COUNT": "0"}}),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (status, body) = api.sql("SHOW DATABASES").await;
    assert_eq!(status, StatusCode::OK);
    let meta = &body["resultSetMetaData"];
    let num_rows = meta["numRows"].as_u64().unwrap() as usize;
    assert!(num_rows >= 2_500, "{num_rows}");
    let partitions = meta["partitionInfo"].as_array().unwrap();
    assert_eq!(partitions.len(), num_rows.div_ceil(1_000));
    let first_rows = partitions[0]["rowCount"].as_u64().unwrap() as usize;
    assert_eq!(body["data"].as_array().unwrap().len(), first_rows);
    let rows = api.all_rows(&body).await;
    assert_eq!(rows.len(), num_rows);
    let name_column = meta["rowType"]
        .as_array()
        .unwrap()
        .iter()
        .position(|column| column["name"] == "name")
        .unwrap();
    let names: BTreeSet<&str> = rows
        .iter()
        .filter_map(|row| row[name_column].as_str())
        .filter(|name| name.starts_with("DB_"))
        .collect();
    assert_eq!(names.len(), 2_500);

    let handle = body["statementHandle"].as_str().unwrap();
    let (last, beyond) = (partitions.len() - 1, partitions.len());
    let (status, later) = api
        .get(&format!("/api/v2/statements/{handle}?partition={last}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        later.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["data"]
    );
    let (status, error) = api
        .get(&format!("/api/v2/statements/{handle}?partition={beyond}"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["code"], "391922");
}

#[tokio::test]
async fn a_retried_request_id_runs_once_and_a_plain_repeat_runs_again() {
    let sandbox = start(ServeOptions::default()).await;
    let api = Api::new(&sandbox);
    let body = json!({"statement": "CREATE DATABASE once"});
    let id = [("requestId", "6a0c4d2e-0000-4000-8000-000000000001")];
    let (status, first) = api.post(body.clone(), &id).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let retry = [id[0], ("retry", "true")];
    let (status, second) = api.post(body.clone(), &retry).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "ran again instead of answering the first run: {second}"
    );
    assert_eq!(second["statementHandle"], first["statementHandle"]);
    assert_eq!(second["data"], first["data"]);
    // Without retry=true the same id is a new request, which fails: the database exists.
    let (status, third) = api.post(body, &id).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(third["code"], "002002");
}

#[tokio::test]
async fn an_answer_dropped_after_execution_is_recovered_by_retrying_the_request_id() {
    let sandbox = start(ServeOptions {
        faults: FaultOptions {
            drop_after_execute: 1.0,
            ..FaultOptions::default()
        },
        ..ServeOptions::default()
    })
    .await;
    let api = Api::new(&sandbox);
    let body = json!({"statement": "CREATE DATABASE exactly_once"});
    let id = ("requestId", "6a0c4d2e-0000-4000-8000-000000000002");
    let lost = api.try_post(body.clone(), &[id]).await;
    assert!(
        lost.is_err(),
        "the answer should have been dropped: {lost:?}"
    );
    // The statement ran; the retry gets its result instead of running it a second time
    // (which would fail with 002002).
    let (status, recovered) = api.post(body, &[id, ("retry", "true")]).await;
    assert_eq!(status, StatusCode::OK, "{recovered}");
    // Had the retry run the statement again, it would have failed (002002) and its answer
    // would have been dropped as well; an answer with the success code is the first run's.
    assert_eq!(recovered["code"], "090001");
}

#[tokio::test]
async fn slow_statements_answer_202_then_poll_to_200_cancel_or_time_out() {
    let sandbox = start(ServeOptions {
        sync_wait: Duration::from_millis(100),
        faults: FaultOptions {
            slow_fraction: 1.0,
            slow: Duration::from_millis(1_500),
            ..FaultOptions::default()
        },
        ..ServeOptions::default()
    })
    .await;
    let api = Api::new(&sandbox);
    let (status, accepted) = api.sql("CREATE DATABASE slow").await;
    assert_eq!(status, StatusCode::ACCEPTED, "{accepted}");
    assert_eq!(accepted["code"], "333334");
    let url = accepted["statementStatusUrl"].as_str().unwrap().to_string();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut polls = 0;
    let done = loop {
        let (status, body) = api.get(&url).await;
        match status {
            StatusCode::ACCEPTED => assert!(Instant::now() < deadline, "still running"),
            StatusCode::OK => break body,
            other => panic!("unexpected {other}: {body}"),
        }
        polls += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(polls > 0, "the first poll came too late to see 202");
    assert_eq!(done["code"], "090001");

    // async=true answers 202 at once; a cancel before it runs means it never runs.
    let started = Instant::now();
    let (status, accepted) = api
        .post(
            json!({"statement": "CREATE DATABASE never"}),
            &[("async", "true")],
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert!(started.elapsed() < Duration::from_millis(1_000));
    let handle = accepted["statementHandle"].as_str().unwrap();
    let response = api
        .client
        .post(format!("{}/api/v2/statements/{handle}/cancel", api.base))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let (status, cancelled) = api.get(&format!("/api/v2/statements/{handle}")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(cancelled["code"], "000604");

    // A statement slower than its own timeout answers 408.
    let (status, timed_out) = api
        .post(
            json!({"statement": "CREATE DATABASE too_slow", "timeout": 1}),
            &[("async", "true")],
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    tokio::time::sleep(Duration::from_millis(1_300)).await;
    let url = timed_out["statementStatusUrl"].as_str().unwrap();
    let (status, body) = api.get(url).await;
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT, "{body}");
    assert_eq!(body["code"], "000630");

    tokio::time::sleep(Duration::from_millis(500)).await;
    let names = api.database_names().await;
    assert!(names.contains("SLOW"));
    assert!(
        !names.contains("NEVER") && !names.contains("TOO_SLOW"),
        "{names:?}"
    );
}

#[tokio::test]
async fn fault_fractions_are_roughly_as_configured_and_repeatable() {
    let run = || async {
        let sandbox = start(ServeOptions {
            faults: FaultOptions {
                seed: 7,
                too_many_requests: 0.2,
                unavailable: 0.1,
                ..FaultOptions::default()
            },
            ..ServeOptions::default()
        })
        .await;
        let api = Api::new(&sandbox);
        let mut statuses = Vec::new();
        for _ in 0..400 {
            statuses.push(api.sql("SELECT 1").await.0);
        }
        statuses
    };
    let statuses = run().await;
    let count = |code: StatusCode| statuses.iter().filter(|s| **s == code).count();
    let (limited, unavailable, ok) = (
        count(StatusCode::TOO_MANY_REQUESTS),
        count(StatusCode::SERVICE_UNAVAILABLE),
        count(StatusCode::OK),
    );
    assert_eq!(limited + unavailable + ok, 400);
    assert!((50..=110).contains(&limited), "429s: {limited}");
    assert!((20..=65).contains(&unavailable), "503s: {unavailable}");
    assert_eq!(run().await, statuses, "the same seed gives the same faults");
}

#[tokio::test]
async fn a_dropped_connection_is_a_connection_error_for_the_client() {
    let sandbox = start(ServeOptions {
        faults: FaultOptions {
            drop_connection: 1.0,
            ..FaultOptions::default()
        },
        ..ServeOptions::default()
    })
    .await;
    let api = Api::new(&sandbox);
    let error = api
        .try_post(json!({"statement": "CREATE DATABASE dropped"}), &[])
        .await
        .expect_err("no answer");
    assert!(error.status().is_none(), "{error:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_two_concurrent_clients_lose_no_statement() {
    let seconds: u64 = std::env::var("LAKEFORM_SANDBOX_SOAK_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let sandbox = start(ServeOptions::default()).await;
    let api = Api::new(&sandbox);
    let executed = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let clients: Vec<_> = (0..32)
        .map(|client| {
            let (api, executed) = (api.clone(), Arc::clone(&executed));
            tokio::spawn(async move {
                let mut n = 0;
                while Instant::now() < deadline {
                    let (status, body) =
                        api.sql(&format!("CREATE DATABASE soak_{client}_{n}")).await;
                    assert_eq!(status, StatusCode::OK, "{body}");
                    executed.fetch_add(1, Ordering::Relaxed);
                    n += 1;
                }
                n
            })
        })
        .collect();
    let mut sent = 0;
    for client in clients {
        sent += client.await.expect("client finished without error");
    }
    let names = api.database_names().await;
    let created = names
        .iter()
        .filter(|name| name.starts_with("SOAK_"))
        .count();
    assert_eq!(
        created, sent,
        "every acknowledged statement is in the catalog"
    );
    assert_eq!(executed.load(Ordering::Relaxed), sent);
    assert!(sent >= 32, "each client sent at least one statement");
    println!("{sent} statements from 32 clients in {seconds} s");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_with_the_same_state_dir_keeps_the_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let options = ServeOptions {
        state_dir: Some(dir.path().to_path_buf()),
        ..ServeOptions::default()
    };
    let first = start(options.clone()).await;
    assert_eq!(
        Api::new(&first).sql("CREATE DATABASE kept").await.0,
        StatusCode::OK
    );
    first.shutdown().await.unwrap();
    assert!(dir.path().join("catalog.json").exists());

    let second = start(options.clone()).await;
    let api = Api::new(&second);
    assert!(api.database_names().await.contains("KEPT"));
    // Dropping without shutdown still saves.
    assert_eq!(api.sql("CREATE DATABASE also_kept").await.0, StatusCode::OK);
    drop(second);

    let third = start(options).await;
    let names = Api::new(&third).database_names().await;
    assert!(
        names.contains("KEPT") && names.contains("ALSO_KEPT"),
        "{names:?}"
    );
    third.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_second_server_on_the_same_state_dir_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let options = ServeOptions {
        state_dir: Some(dir.path().to_path_buf()),
        ..ServeOptions::default()
    };
    let first = start(options.clone()).await;
    let error = match sandbox::start(options.clone()).await {
        Ok(_) => panic!("a second server on the same state dir started"),
        Err(error) => error,
    };
    assert!(
        error.to_string().contains("is in use by another process"),
        "{error}"
    );
    first.shutdown().await.unwrap();
    start(options).await.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latency_delays_requests_without_serialising_them() {
    let latency = Duration::from_millis(200);
    let sandbox = start(ServeOptions {
        latency,
        ..ServeOptions::default()
    })
    .await;
    let api = Api::new(&sandbox);
    let started = Instant::now();
    let requests: Vec<_> = (0..8)
        .map(|_| {
            let api = api.clone();
            tokio::spawn(async move { api.sql("SELECT 1").await.0 })
        })
        .collect();
    for request in requests {
        assert_eq!(request.await.unwrap(), StatusCode::OK);
    }
    let elapsed = started.elapsed();
    assert!(elapsed >= latency, "{elapsed:?}");
    assert!(
        elapsed < latency * 3,
        "8 requests took {elapsed:?}: they were serialised"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_embedded_sandbox_serves_on_loopback_and_keeps_its_state() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join(".lakeform/sandbox");
    let embedded = sandbox::embedded::start(&state, None).await.unwrap();
    assert!(embedded.addr().ip().is_loopback());
    assert_ne!(embedded.addr().port(), 0);
    let api = Api::new(&embedded);
    assert_eq!(api.sql("CREATE DATABASE embedded").await.0, StatusCode::OK);
    embedded.shutdown().await.unwrap();
    let again = sandbox::embedded::start(&state, None).await.unwrap();
    assert!(Api::new(&again).database_names().await.contains("EMBEDDED"));
    again.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_retry_while_the_first_run_is_still_running_waits_for_that_run() {
    let sandbox = start(ServeOptions {
        sync_wait: Duration::from_millis(100),
        faults: FaultOptions {
            slow_fraction: 1.0,
            slow: Duration::from_millis(600),
            ..FaultOptions::default()
        },
        ..ServeOptions::default()
    })
    .await;
    let api = Api::new(&sandbox);
    let body = json!({"statement": "CREATE DATABASE pending"});
    let id = ("requestId", "6a0c4d2e-0000-4000-8000-000000000003");
    let (status, first) = api.post(body.clone(), &[id, ("async", "true")]).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, retried) = api.post(body, &[id, ("retry", "true")]).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{retried}");
    assert_eq!(retried["statementHandle"], first["statementHandle"]);
    let url = first["statementStatusUrl"].as_str().unwrap().to_string();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, body) = api.get(&url).await;
        if status == StatusCode::OK {
            break;
        }
        assert_eq!(status, StatusCode::ACCEPTED, "{body}");
        assert!(Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(api.database_names().await.contains("PENDING"));
}
