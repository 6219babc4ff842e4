//! `apply PLANFILE` runs only the plan lakeform makes now: every way of editing a saved
//! plan (a step's SQL, a tier, the fingerprints, a task graph's resume, a change added or
//! reordered, an out-of-range version) is refused with exit 1 before anything executes,
//! and the sandbox's query history shows that no statement that changes anything ran.
//! The untouched file applies, and consent is judged on the re-derived plan.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

#[path = "fixtures/drift/support.rs"]
mod support;

use serde_json::Value;
use support::{Project, Server, expect_code, stderr, stdout};

const VARS: &[(&str, &str)] = &[("database", "SAVED"), ("env", "TEST")];

const SCHEMA: &str = r#"
[[database]]
name = "${database}"

[[schema]]
name = "${database}.RAW"

[[warehouse]]
name = "WH_${env}"
size = "XSMALL"

[[table]]
name = "${database}.RAW.ORDERS"
columns = [
  { name = "ID", type = "NUMBER(38,0)" },
  { name = "AMOUNT", type = "NUMBER(12,2)" },
]

[[view]]
name = "${database}.RAW.ORDERS_V"
query = "SELECT ID, AMOUNT FROM ORDERS"

[[task]]
name = "${database}.RAW.ROOT_TASK"
warehouse = "WH_${env}"
schedule = "60 MINUTE"
state = "started"
sql = "SELECT 1"

[[task]]
name = "${database}.RAW.CHILD_TASK"
warehouse = "WH_${env}"
after = ["ROOT_TASK"]
state = "started"
sql = "SELECT 2"
"#;

/// A project applied to a fresh sandbox, then edited so that the next plan has several
/// changes: a view comment, a child task's SQL (so its graph is suspended and resumed),
/// and a column added by hand that the plan drops (destructive).
fn edited_world() -> (Server, Project) {
    let server = Server::start();
    let project = Project::new();
    project.environment("sandbox", &server.base_url(), VARS);
    std::fs::write(project.schema_dir().join("all.toml"), SCHEMA).unwrap();
    expect_code(
        &project.lakeform(&["apply", "-e", "sandbox", "--auto-approve"]),
        0,
    );
    let edited = SCHEMA
        .replace(
            "query = \"SELECT ID, AMOUNT FROM ORDERS\"",
            "query = \"SELECT ID, AMOUNT FROM ORDERS\"\ncomment = \"orders\"",
        )
        .replace("sql = \"SELECT 2\"", "sql = \"SELECT 3\"");
    std::fs::write(project.schema_dir().join("all.toml"), edited).unwrap();
    server.sql("ALTER TABLE SAVED.RAW.ORDERS ADD COLUMN EXTRA VARCHAR");
    (server, project)
}

fn saved_plan(project: &Project) -> (std::path::PathBuf, Value) {
    let path = project.path().join("plan.json");
    let output = project.lakeform(&[
        "plan",
        "-e",
        "sandbox",
        "--out",
        path.to_str().unwrap(),
        "--detailed-exitcode",
    ]);
    expect_code(&output, 3);
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    (path, json)
}

/// Statements that change something, from the sandbox's query history, oldest first.
/// The apply lock (a transient database without a lake) is taken and released around
/// every apply, refused or not, and is not a change to the project.
fn writes(server: &Server) -> Vec<String> {
    let mut rows = server.query(
        "SELECT QUERY_TEXT FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY(RESULT_LIMIT => 10000))",
        "QUERY_TEXT",
    );
    rows.reverse();
    rows.into_iter()
        .filter(|sql| !sql.contains("LAKEFORM_LOCK_"))
        .filter(|sql| {
            let word = sql.split_whitespace().next().unwrap_or("").to_uppercase();
            !matches!(word.as_str(), "SHOW" | "DESCRIBE" | "DESC" | "SELECT")
                || sql.to_uppercase().contains("SYSTEM$TASK_DEPENDENTS_ENABLE")
        })
        .collect()
}

fn index_of(json: &Value, kind: &str) -> usize {
    json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c["address"]["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} change in {json:#}"))
}

/// Writes `json` next to the plan, applies it, and checks: exit 1, the reason in the
/// message, and no statement that changes anything ran.
fn refused(server: &Server, project: &Project, json: &Value, expected: &str) {
    let path = project.path().join("tampered.json");
    std::fs::write(&path, serde_json::to_string_pretty(json).unwrap()).unwrap();
    let before = writes(server).len();
    let output = project.lakeform(&[
        "apply",
        "-e",
        "sandbox",
        path.to_str().unwrap(),
        "--allow-destructive",
    ]);
    expect_code(&output, 1);
    let message = stderr(&output);
    assert!(
        message.contains(expected),
        "expected {expected:?} in:\n{message}"
    );
    assert!(message.contains("nothing was executed"), "{message}");
    let after = writes(server);
    assert_eq!(
        after.len(),
        before,
        "statements ran: {:?}",
        &after[before..]
    );
}

#[test]
fn every_tampering_form_is_refused_and_nothing_runs() {
    let (server, project) = edited_world();
    let (_, original) = saved_plan(&project);

    // Edited SQL: a step replaced by a DROP DATABASE.
    let mut json = original.clone();
    let table = index_of(&json, "table");
    json["changes"][table]["steps"][0]["statement"] = "DROP DATABASE SAVED".into();
    refused(&server, &project, &json, "was altered after it was made");

    // A flipped tier: destructive → safe.
    let mut json = original.clone();
    json["changes"][table]["tier"] = "safe".into();
    refused(
        &server,
        &project,
        &json,
        "tier is safe in the file, destructive now",
    );

    // Emptied fingerprints.
    let mut json = original.clone();
    json["fingerprints"] = Value::Array(vec![]);
    refused(
        &server,
        &project,
        &json,
        "fingerprints: the file has 0 entries",
    );

    // A task graph's resume removed.
    let mut json = original.clone();
    assert!(
        !json["task_graphs"][0]["resume"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    json["task_graphs"][0]["resume"] = Value::Array(vec![]);
    refused(&server, &project, &json, "resume has 0 step(s) in the file");

    // A change added.
    let mut json = original.clone();
    let mut extra = json["changes"][0].clone();
    extra["address"]["name"] = "SAVED.RAW.NEW_TABLE".into();
    extra["steps"] =
        serde_json::json!([{ "provider": "snowflake", "statement": "DROP SCHEMA SAVED.RAW" }]);
    json["changes"].as_array_mut().unwrap().push(extra);
    refused(&server, &project, &json, "a change was added or removed");

    // Changes reordered.
    let mut json = original.clone();
    json["changes"].as_array_mut().unwrap().reverse();
    refused(&server, &project, &json, "reordered");

    // A version that would wrap to 1 or 2 as a u32.
    let mut json = original.clone();
    json["format_version"] = serde_json::json!(4_294_967_298u64);
    refused(&server, &project, &json, "plan format version 4294967298");

    // A field lakeform does not write (say, one a patched apply would obey).
    let mut json = original.clone();
    json["changes"][0]["run_first"] = "DROP DATABASE SAVED".into();
    refused(&server, &project, &json, "unknown field `run_first`");

    // A made_at that is not a time.
    let mut json = original.clone();
    json["made_at"] = "yesterday".into();
    refused(&server, &project, &json, "not an RFC 3339 time");
}

#[test]
fn the_reviewed_plan_runs_and_consent_is_judged_on_the_re_derived_plan() {
    let (server, project) = edited_world();
    let (path, _) = saved_plan(&project);
    let path = path.to_str().unwrap();

    // The plan drops a column: without consent nothing runs.
    let before = writes(&server).len();
    let output = project.lakeform(&["apply", "-e", "sandbox", path]);
    expect_code(&output, 1);
    assert!(
        stderr(&output).contains("destructive"),
        "{}",
        stderr(&output)
    );
    assert_eq!(writes(&server).len(), before);

    let output = project.lakeform(&["apply", "-e", "sandbox", path, "--allow-destructive"]);
    expect_code(&output, 0);
    assert!(stdout(&output).contains("Verified"), "{}", stdout(&output));
    expect_code(
        &project.lakeform(&["plan", "-e", "sandbox", "--detailed-exitcode"]),
        0,
    );

    // Applied once, the same file is stale.
    let output = project.lakeform(&["apply", "-e", "sandbox", path, "--allow-destructive"]);
    expect_code(&output, 1);
    assert!(stderr(&output).contains("is stale"), "{}", stderr(&output));
}
