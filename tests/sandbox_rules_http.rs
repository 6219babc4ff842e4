//! Snowflake's rules, as a client sees them over the SQL API: each violation answers 422
//! with Snowflake's code and message (the engine's own tests cover every rule in detail;
//! these prove the codes and messages reach the wire intact).

use lakeform::providers::snowflake::auth::Authenticator;
use lakeform::providers::snowflake::client::SnowflakeClient;
use lakeform::providers::snowflake::settings::ConnectionSettings;
use lakeform::sandbox::ServeOptions;
use lakeform::secret::Secret;

const SETUP: &str = "
    create database lf;
    create schema lf.raw;
    create schema lf.other;
    create warehouse wh;
    create table lf.raw.events (id int, note varchar(10));
    create task lf.raw.root warehouse = wh schedule = '5 minute' as select 1;
    create task lf.raw.child warehouse = wh after lf.raw.root as select 2;
    create task lf.other.elsewhere warehouse = wh schedule = '5 minute' as select 3;
    alter task lf.raw.root resume;
";

/// (statement, expected code, a fragment of Snowflake's message)
const VIOLATIONS: &[(&str, &str, &str)] = &[
    ("create database lf", "002002", "already exists"),
    (
        "drop table lf.raw.missing",
        "002003",
        "does not exist or not authorized",
    ),
    (
        "create stream lf.raw.s on table lf.raw.missing",
        "002003",
        "does not exist",
    ),
    (
        "create view lf.raw.v as select * from lf.raw.missing",
        "002003",
        "does not exist",
    ),
    (
        "create stage lf.raw.st url = 'azure://a.blob.core.windows.net/c/' storage_integration = nope",
        "002003",
        "does not exist",
    ),
    (
        "create stage lf.raw.st2 file_format = (format_name = 'lf.raw.nope')",
        "002003",
        "does not exist",
    ),
    (
        "alter table lf.raw.events alter column note set data type varchar(5)",
        "002108",
        "cannot change column",
    ),
    (
        "alter table lf.raw.events alter column id set data type varchar",
        "002108",
        "cannot change column",
    ),
    (
        "alter task lf.raw.child modify as select 20",
        "091091",
        "not suspended",
    ),
    (
        "create task lf.raw.stray warehouse = wh after lf.other.elsewhere as select 4",
        "091094",
        "",
    ),
    (
        "create or replace table if not exists lf.raw.t (id int)",
        "001003",
        "syntax error",
    ),
    ("selekt 1", "001003", "syntax error line 1 at position 0"),
    // Top-level queries, UPDATE and DELETE are compiled by the binder.
    (
        "select id, nosuchcol from lf.raw.events union all select 1, 2",
        "000904",
        "invalid identifier 'NOSUCHCOL'",
    ),
    (
        "select no_such_fn(id) from lf.raw.events",
        "002140",
        "Unknown function NO_SUCH_FN",
    ),
    (
        "update lf.raw.events set nosuch = 1",
        "000904",
        "invalid identifier 'NOSUCH'",
    ),
    (
        "delete from lf.raw.events using lf.raw.missing m where m.id = 1",
        "002003",
        "does not exist",
    ),
];

#[tokio::test]
async fn rule_violations_answer_snowflakes_code_and_message() {
    let sandbox = lakeform::sandbox::start(ServeOptions::default())
        .await
        .unwrap();
    let mut settings = ConnectionSettings::new(
        "A",
        "U",
        Authenticator::Pat {
            token: Secret::new("sandbox-token"),
        },
    );
    settings.url = Some(sandbox.base_url().parse().unwrap());
    let client = SnowflakeClient::new(settings).unwrap();
    client
        .execute_multi(SETUP, 0)
        .await
        .expect("the setup runs");

    let mut wrong = Vec::new();
    for (statement, code, fragment) in VIOLATIONS {
        match client.execute(statement).await {
            Ok(_) => wrong.push(format!("{statement}: succeeded, expected {code}")),
            Err(error) => {
                let message = error.to_string();
                if error.code() != Some(*code) || !message.contains(fragment) {
                    wrong.push(format!(
                        "{statement}: expected {code} with {fragment:?}, got {:?}: {message}",
                        error.code()
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    // A compiled query answers its columns and, with no rows stored, COUNT 0.
    let counted = client
        .execute("with e as (select id from lf.raw.events) select count(*) as n from e")
        .await
        .unwrap();
    let n: Vec<&str> = counted.rows().filter_map(|r| r.get("N")).collect();
    assert_eq!(n, ["0"]);

    // A TEMPORARY table lives as long as its session: one SQL API request.
    client
        .execute_multi(
            "create temporary table lf.raw.scratch (id int); select id from lf.raw.scratch",
            0,
        )
        .await
        .expect("the temporary table is readable in its own request");
    let gone = client
        .execute("select id from lf.raw.scratch")
        .await
        .expect_err("the temporary table ended with its request");
    assert_eq!(gone.code(), Some("002003"), "{gone}");

    // Session variables too: the statements of one request share them, the next request
    // starts without (https://docs.snowflake.com/en/developer-guide/sql-api/intro lists
    // "statements that set session variables" among those of a multi-statement request).
    client
        .execute_multi("set t = 'lf.raw.events'; select id from identifier($t)", 0)
        .await
        .expect("a variable is seen by the later statements of its request");
    let unset = client
        .execute("select $t")
        .await
        .expect_err("the variable ended with its request");
    assert_eq!(unset.code(), Some("002211"), "{unset}");

    // A stream goes stale when its table is replaced.
    client
        .execute("create stream lf.raw.events_stream on table lf.raw.events")
        .await
        .unwrap();
    client
        .execute("create or replace table lf.raw.events (id int)")
        .await
        .unwrap();
    let streams = client
        .execute("show streams in schema lf.raw")
        .await
        .unwrap();
    let stale: Vec<&str> = streams.rows().filter_map(|r| r.get("stale")).collect();
    assert_eq!(stale, ["true"]);
    sandbox.shutdown().await.unwrap();
}

/// The hand-written PacificRetail worksheet (lower case, synonyms, comments, OR REPLACE,
/// `$$` procedures with MERGE, a task graph with WHEN and AFTER, views) sent as one
/// multi-statement request, then read back with SHOW.
#[tokio::test]
async fn a_hand_written_worksheet_runs_as_one_request_and_reads_back() {
    let sandbox = lakeform::sandbox::start(ServeOptions::default())
        .await
        .unwrap();
    let mut settings = ConnectionSettings::new(
        "A",
        "U",
        Authenticator::Pat {
            token: Secret::new("sandbox-token"),
        },
    );
    settings.url = Some(sandbox.base_url().parse().unwrap());
    let client = SnowflakeClient::new(settings).unwrap();
    let script = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sandbox/pacificretail.sql"
    ))
    .unwrap();
    let results = client
        .execute_multi(&script, 0)
        .await
        .expect("the worksheet runs");
    assert!(results.len() > 30, "{} statements", results.len());

    let count = |kind: &'static str| {
        let client = client.clone();
        async move {
            client
                .execute(&format!("show {kind} in database pacificretail_db"))
                .await
                .unwrap()
                .rows()
                .count()
        }
    };
    assert_eq!(count("tasks").await, 6);
    assert_eq!(count("streams").await, 3);
    assert_eq!(count("views").await, 2);
    assert_eq!(count("procedures").await, 3);
    let tasks = client
        .execute("show tasks in database pacificretail_db")
        .await
        .unwrap();
    let children_with_predecessors = tasks
        .rows()
        .filter(|r| r.get("predecessors").is_some_and(|p| p.contains("\"")))
        .count();
    assert!(children_with_predecessors >= 2);
    sandbox.shutdown().await.unwrap();
}
