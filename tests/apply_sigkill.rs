//! Killing `lakeform apply` with SIGKILL in the middle of a task-graph change, then running
//! it again, converges: the second apply finishes the work, the plan after it is empty,
//! and every task is in its declared state (started) — none is left suspended.
//!
//! The emulator answers each request after a delay, so the apply is slow enough to be
//! killed while the graph's root is suspended and before it is resumed; several kill
//! points are tried. The environment has a (local) lake, so the apply lock is a file lock
//! that dies with its holder; the Snowflake lock object of a lake-less environment would
//! instead hold the re-run off until it expires, naming the killed holder.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use lakeform::providers::snowflake::auth::Authenticator;
use lakeform::providers::snowflake::client::SnowflakeClient;
use lakeform::providers::snowflake::settings::ConnectionSettings;
use lakeform::sandbox::{RunningSandbox, ServeOptions};
use lakeform::secret::Secret;

const ENV: &str = "k";

fn schema(task_sql: &str) -> String {
    format!(
        r#"[defaults]
database = "LF"
schema = "RAW"

[[database]]
name = "LF"

[[schema]]
name = "LF.RAW"

[[warehouse]]
name = "WH"

[[table]]
name = "EVENTS"
columns = [{{ name = "ID", type = "NUMBER" }}]

[[task]]
name = "ROOT"
warehouse = "WH"
schedule = "5 MINUTE"
state = "started"
sql = "SELECT 1"

[[task]]
name = "CHILD"
warehouse = "WH"
after = ["ROOT"]
state = "started"
sql = "{task_sql}"

[[task]]
name = "GRANDCHILD"
warehouse = "WH"
after = ["CHILD"]
state = "started"
sql = "SELECT 3"
"#
    )
}

fn write_project(dir: &Path, sandbox: &RunningSandbox) {
    std::fs::create_dir_all(dir.join("environments")).unwrap();
    std::fs::create_dir_all(dir.join("schema")).unwrap();
    std::fs::write(
        dir.join(format!("environments/{ENV}.toml")),
        format!(
            "include = [\"../schema/*.toml\"]\n[snowflake]\nurl = \"{}\"\naccount = \"A\"\nuser = \"U\"\nauthenticator = \"pat\"\ntoken = \"t\"\n[adls]\nsandbox = \"lake\"\n",
            sandbox.base_url()
        ),
    )
    .unwrap();
}

fn lakeform(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lakeform"));
    command
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn apply(dir: &Path) -> i32 {
    let status = lakeform(dir, &["apply", "-e", ENV, "--auto-approve"])
        .status()
        .expect("lakeform runs");
    status.code().unwrap_or(-1)
}

async fn task_states(sandbox: &RunningSandbox) -> Vec<(String, String)> {
    let mut settings = ConnectionSettings::new(
        "A",
        "U",
        Authenticator::Pat {
            token: Secret::new("t"),
        },
    );
    settings.url = Some(sandbox.base_url().parse().unwrap());
    let client = SnowflakeClient::new(settings).unwrap();
    let result = client.execute("SHOW TASKS IN DATABASE LF").await.unwrap();
    let mut states: Vec<(String, String)> = result
        .rows()
        .map(|row| {
            (
                row.get("name").unwrap().to_string(),
                row.get("state").unwrap().to_string(),
            )
        })
        .collect();
    states.sort();
    states
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_apply_killed_mid_graph_change_converges_on_the_next_run() {
    let sandbox = lakeform::sandbox::start(ServeOptions {
        latency: Duration::from_millis(150),
        ..ServeOptions::default()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), &sandbox);

    // Each round changes the child's SQL (the graph must be suspended around it), kills
    // the apply after a different delay, and runs it again.
    for (round, kill_after_ms) in [600u64, 1_000, 1_400, 1_800].into_iter().enumerate() {
        std::fs::write(
            dir.path().join("schema/pipeline.toml"),
            schema(&format!("SELECT {round}")),
        )
        .unwrap();
        if round == 0 {
            let path = dir.path().to_path_buf();
            let code = tokio::task::spawn_blocking(move || apply(&path))
                .await
                .unwrap();
            assert_eq!(code, 0, "the first apply from empty succeeds");
            continue;
        }
        let mut child = lakeform(dir.path(), &["apply", "-e", ENV, "--auto-approve"])
            .spawn()
            .expect("lakeform starts");
        tokio::time::sleep(Duration::from_millis(kill_after_ms)).await;
        // SIGKILL: no chance to restore anything.
        let _ = child.kill();
        let _ = child.wait();

        let path = dir.path().to_path_buf();
        let code = tokio::task::spawn_blocking(move || apply(&path))
            .await
            .unwrap();
        assert_eq!(code, 0, "round {round}: the re-run apply succeeds");
        let path = dir.path().to_path_buf();
        let plan = tokio::task::spawn_blocking(move || {
            lakeform(&path, &["plan", "-e", ENV, "--detailed-exitcode"])
                .status()
                .unwrap()
                .code()
        })
        .await
        .unwrap();
        assert_eq!(plan, Some(0), "round {round}: nothing left to change");
        let states = task_states(&sandbox).await;
        assert_eq!(states.len(), 3);
        for (task, state) in &states {
            assert_eq!(state, "started", "round {round}: {task} is left {state}");
        }
    }
    sandbox.shutdown().await.unwrap();
}
