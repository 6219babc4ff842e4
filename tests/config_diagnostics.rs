//! Configuration diagnostics: one fixture project per diagnostic class under
//! `tests/fixtures/config/`, each asserting the message and the exact `file:line:col`;
//! the desired state a valid project loads into; and property tests that no input makes
//! the loader panic.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

use std::path::{Path, PathBuf};

use lakeform::config::{self, ConfigErrors, Environment};
use lakeform::model::{Address, Kind, Object};
use proptest::prelude::*;

const SECRET: &str = "TOPSECRET-VALUE-42";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/config")
        .join(name)
}

fn env_lookup(name: &str) -> Option<String> {
    (name == "LAKEFORM_TEST_SIZE").then(|| SECRET.to_string())
}

fn load(name: &str) -> Result<Environment, ConfigErrors> {
    config::load_with(&fixture(name), "test", &env_lookup)
}

/// Every diagnostic of a fixture as (position, message).
fn errors(name: &str) -> Vec<(String, String)> {
    let errors = load(name).expect_err("the fixture is invalid");
    errors
        .diagnostics
        .iter()
        .map(|d| (d.position().unwrap_or_default(), d.message.clone()))
        .collect()
}

/// The fixture's single diagnostic.
fn error(name: &str) -> (String, String) {
    let mut all = errors(name);
    assert_eq!(all.len(), 1, "{all:#?}");
    all.remove(0)
}

fn pair(position: &str, message: &str) -> (String, String) {
    (position.to_string(), message.to_string())
}

#[test]
fn toml_syntax() {
    assert_eq!(
        error("syntax"),
        pair(
            "schema/broken.toml:3:40",
            "TOML syntax error: unclosed array, expected `]`"
        )
    );
}

#[test]
fn unknown_key_suggests_the_nearest() {
    assert_eq!(
        error("unknown_key"),
        pair("schema/tables.toml:3:1", "unknown key `nmae` in [[table]]")
    );
    let errors = load("unknown_key").unwrap_err();
    assert_eq!(
        errors.diagnostics[0].help.as_deref(),
        Some("did you mean `name`?")
    );
}

#[test]
fn unknown_section_suggests_the_kind() {
    assert_eq!(
        error("unknown_section"),
        pair("schema/tables.toml:1:3", "unknown section `tabel`")
    );
    let errors = load("unknown_section").unwrap_err();
    assert_eq!(
        errors.diagnostics[0].help.as_deref(),
        Some("did you mean `[[table]]`?")
    );
}

#[test]
fn wrong_type() {
    assert_eq!(
        error("wrong_type"),
        pair(
            "schema/tables.toml:3:13",
            "wrong type for `transient` in [[table]]: invalid type: string \"yes\", expected a boolean"
        )
    );
}

#[test]
fn undefined_variable_points_into_the_string() {
    assert_eq!(
        error("undefined_variable"),
        pair("schema/tables.toml:2:9", "undefined variable `databse`")
    );
    let errors = load("undefined_variable").unwrap_err();
    assert_eq!(
        errors.diagnostics[0].help.as_deref(),
        Some("did you mean `${database}`?")
    );
    assert_eq!(errors.diagnostics[0].location.as_ref().unwrap().width, 10);
}

#[test]
fn duplicate_object_points_at_the_second_and_names_the_first() {
    assert_eq!(
        errors("duplicate"),
        vec![
            pair("schema/two.toml:4:8", "duplicate table DB.S.T"),
            pair(
                "schema/two.toml:8:8",
                "view DB.S.T has the name of table DB.S.T"
            ),
        ]
    );
    let errors = load("duplicate").unwrap_err();
    assert_eq!(
        errors.diagnostics[0].notes,
        vec!["first declared at schema/one.toml:2:8".to_string()]
    );
}

#[test]
fn invalid_identifier() {
    let (position, message) = error("invalid_identifier");
    assert_eq!(position, "schema/tables.toml:2:8");
    assert!(
        message.starts_with("invalid table name: \"DB.S.RAW-CUSTOMER\" is not a valid identifier"),
        "{message}"
    );
}

#[test]
fn unknown_data_type() {
    assert_eq!(
        error("unknown_data_type"),
        pair(
            "schema/tables.toml:5:24",
            "unknown data type \"STRANGE(3)\""
        )
    );
}

#[test]
fn invalid_cron_schedule() {
    assert_eq!(
        error("invalid_cron"),
        pair(
            "schema/tasks.toml:3:12",
            "invalid CRON schedule \"USING CRON 61 2 * * * UTC\": minute field \"61\" has 61, outside 0-59"
        )
    );
}

#[test]
fn invalid_container_name() {
    assert_eq!(
        error("container_name"),
        pair(
            "schema/lake.toml:2:8",
            "invalid container name \"Landing_Zone\": may contain only lower-case letters, digits and hyphens"
        )
    );
}

#[test]
fn invalid_metadata_key() {
    let (position, message) = error("metadata_key");
    assert_eq!(position, "schema/lake.toml:3:34");
    assert!(
        message.starts_with("invalid metadata key \"cost-center\""),
        "{message}"
    );
}

#[test]
fn dangling_references_are_all_reported() {
    assert_eq!(
        errors("dangling"),
        vec![
            pair(
                "schema/pipeline.toml:7:43",
                "stage DB.S.STG refers to container landing, which is not declared"
            ),
            pair(
                "schema/pipeline.toml:8:23",
                "stage DB.S.STG refers to storage integration NO_INT, which is not declared"
            ),
            pair(
                "schema/pipeline.toml:9:15",
                "stage DB.S.STG refers to file format DB.S.NO_FF, which is not declared"
            ),
            pair(
                "schema/pipeline.toml:13:12",
                "stream DB.S.ST refers to table DB.S.NO_TABLE, which is not declared"
            ),
            pair(
                "schema/pipeline.toml:17:13",
                "task DB.S.T refers to warehouse NO_WH, which is not declared"
            ),
            pair(
                "schema/pipeline.toml:18:10",
                "task DB.S.T refers to task DB.S.NO_TASK, which is not declared"
            ),
            pair(
                "schema/pipeline.toml:19:33",
                "task DB.S.T refers to stream DB.S.NO_STREAM, which is not declared"
            ),
            pair(
                "schema/pipeline.toml:20:13",
                "task DB.S.T refers to procedure DB.S.NO_PROC, which is not declared"
            ),
            pair(
                "schema/pipeline.toml:24:24",
                "view DB.S.V selects from DB.S.NO_VIEW_SOURCE, which is not declared as a table, view or stream"
            ),
            pair(
                "schema/pipeline.toml:28:18",
                "task DB.S.LOADER refers to table DB.S.NO_TARGET, which is not declared"
            ),
            pair(
                "schema/pipeline.toml:28:34",
                "task DB.S.LOADER refers to stage DB.S.NO_STAGE, which is not declared"
            ),
        ]
    );
}

#[test]
fn task_graph_cycle_prints_the_cycle() {
    assert_eq!(
        error("task_cycle"),
        pair(
            "schema/tasks.toml:7:10",
            "task graph cycle: DB.S.A → DB.S.C → DB.S.B → DB.S.A"
        )
    );
}

#[test]
fn predecessor_outside_the_schema() {
    assert_eq!(
        error("predecessor_schema"),
        pair(
            "schema/tasks.toml:10:10",
            "task DB.S.CHILD runs after DB.OTHER.ROOT, which is in another schema (DB.OTHER)"
        )
    );
}

#[test]
fn schedule_on_a_non_root_task() {
    assert_eq!(
        error("schedule_not_root"),
        pair(
            "schema/tasks.toml:8:12",
            "task DB.S.CHILD has a schedule but runs `after` other tasks"
        )
    );
}

#[test]
fn include_matching_nothing() {
    assert_eq!(
        error("include_nothing"),
        pair(
            "environments/test.toml:1:32",
            "include pattern \"../layers/*.toml\" matches no files"
        )
    );
}

#[test]
fn missing_environment_lists_the_known_ones() {
    let errors = config::load_with(&fixture("valid"), "nope", &env_lookup).unwrap_err();
    assert!(
        errors.diagnostics[0]
            .message
            .starts_with("environment `nope` not found")
    );
    assert_eq!(
        errors.diagnostics[0].help.as_deref(),
        Some("known environments: test")
    );
}

/// `${env:…}` is read only in `[snowflake]` and `[adls]`: in `[vars]`, in a schema
/// value and in a comment it is refused at the `${env:`, and the one place it is read
/// (a connection key) never repeats the value.
#[test]
fn the_environment_is_read_only_in_connection_sections() {
    let errors = load("secret").unwrap_err();
    let found: Vec<(String, String)> = errors
        .diagnostics
        .iter()
        .map(|d| (d.position().unwrap_or_default(), d.message.clone()))
        .collect();
    let refused = "`${env:LAKEFORM_TEST_SIZE}` is only allowed in [snowflake] and [adls]: values from the environment are treated as secrets, and here the value would reach SQL statements, plans and output";
    assert_eq!(
        found,
        vec![
            pair("environments/test.toml:5:9", refused),
            pair(
                "environments/test.toml:10:17",
                "invalid [snowflake] authenticator (the value of an environment variable, not shown)"
            ),
            pair("schema/account.toml:6:9", refused),
            pair("schema/account.toml:7:21", refused),
        ]
    );
    let help = errors.diagnostics[0].help.as_deref().unwrap_or_default();
    assert!(help.contains("[vars]"), "{help}");
    let rendered = errors.to_string();
    assert!(!rendered.contains(SECRET), "{rendered}");
    assert!(!format!("{errors:?}").contains(SECRET));
    // Nothing is redacted: the source lines are shown as written.
    assert!(!rendered.contains("***"), "{rendered}");
    assert!(
        rendered.contains("7 | comment = \"sized by ${env:LAKEFORM_TEST_SIZE}\""),
        "{rendered}"
    );
}

#[test]
fn valid_project_loads_the_desired_state() {
    let environment = load("valid").unwrap();
    let objects = &environment.desired.objects;
    assert_eq!(objects.len(), 14);
    let view = &objects[&Address::new(Kind::View, "DB.S.V")];
    let Object::View(v) = &view.object else {
        panic!("not a view")
    };
    // The external sample table is allowed but is no edge of the graph.
    assert_eq!(*v.selects_from, vec![Address::new(Kind::Table, "DB.S.RAW")]);
    let root = &objects[&Address::new(Kind::Task, "DB.S.ROOT")];
    let Object::Task(t) = &root.object else {
        panic!("not a task")
    };
    assert_eq!(
        *t.uses,
        vec![
            Address::new(Kind::Stream, "DB.S.RAW_STREAM"),
            Address::new(Kind::Procedure, "DB.S.MERGE_RAW"),
        ]
    );
    let stream = &objects[&Address::new(Kind::Stream, "DB.S.RAW_STREAM")];
    assert_eq!(
        stream.lifecycle.renamed_from,
        Some(Address::new(Kind::Stream, "DB.S.OLD_STREAM"))
    );
    let loader = &objects[&Address::new(Kind::Task, "DB.S.LOAD")];
    let Object::Task(t) = &loader.object else {
        panic!("not a task")
    };
    assert_eq!(
        *t.uses,
        vec![
            Address::new(Kind::Stage, "DB.S.STG"),
            Address::new(Kind::FileFormat, "DB.S.CSV_FF"),
            Address::new(Kind::Table, "DB.S.RAW"),
        ]
    );
    let table = &objects[&Address::new(Kind::Table, "DB.S.RAW")];
    assert!(table.lifecycle.prevent_destroy);
    assert_eq!(
        table
            .lifecycle
            .column_renames
            .iter()
            .map(|(new, old)| (new.as_str(), old.as_str()))
            .collect::<Vec<_>>(),
        vec![("EMAIL", "MAIL")]
    );
    assert_eq!(table.origin.file, PathBuf::from("schema/pipeline.toml"));
    assert_eq!((table.origin.line, table.origin.column), (32, 8));
    assert!(environment.backup && !environment.prune);
    assert_eq!(environment.vars["database"], "DB");
    assert_eq!(
        environment.files,
        vec![
            PathBuf::from("environments/test.toml"),
            PathBuf::from("schema/account.toml"),
            PathBuf::from("schema/pipeline.toml"),
        ]
    );
    let hash = environment.desired_hash().unwrap();
    assert_eq!(hash.len(), 64);
    assert_eq!(hash, load("valid").unwrap().desired_hash().unwrap());
}

/// A scratch project holding the valid fixture, whose pipeline file a test may replace.
fn scratch_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["environments", "schema"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        for entry in std::fs::read_dir(fixture("valid").join(sub)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.path().join(sub).join(entry.file_name())).unwrap();
        }
    }
    dir
}

/// A load of arbitrary schema content either succeeds or reports located diagnostics
/// with a message; it never panics.
fn assert_loads_or_reports(project: &Path) {
    if let Err(errors) = config::load_with(project, "test", &env_lookup) {
        assert!(!errors.diagnostics.is_empty());
        for d in &errors.diagnostics {
            assert!(!d.message.is_empty());
            assert!(d.location.is_some(), "{d}");
        }
        assert!(!errors.to_string().is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let project = scratch_project();
        std::fs::write(project.path().join("schema/pipeline.toml"), &bytes).unwrap();
        assert_loads_or_reports(project.path());
    }

    #[test]
    fn mutations_of_a_valid_file_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 1..6)
    ) {
        let project = scratch_project();
        let path = project.path().join("schema/pipeline.toml");
        let mut bytes = std::fs::read(&path).unwrap();
        for (at, byte, op) in edits {
            let i = at.index(bytes.len().max(1));
            match op {
                0 if i < bytes.len() => bytes[i] = byte,
                1 => bytes.insert(i.min(bytes.len()), byte),
                _ if i < bytes.len() => { bytes.remove(i); }
                _ => bytes.push(byte),
            }
        }
        std::fs::write(&path, &bytes).unwrap();
        assert_loads_or_reports(project.path());
    }
}

#[test]
fn unknown_key_in_the_environment_file() {
    assert_eq!(
        error("environment_key"),
        pair(
            "environments/test.toml:2:1",
            "unknown key `extrenal` in the environment file"
        )
    );
}

#[test]
fn connection_sections_are_checked() {
    assert_eq!(
        errors("connection"),
        vec![
            pair(
                "environments/test.toml:5:17",
                "invalid [snowflake] authenticator \"password\""
            ),
            pair(
                "environments/test.toml:7:1",
                "[adls] auth = \"shared_key\" needs `account_key`"
            ),
            pair(
                "environments/test.toml:7:1",
                "[adls] needs `account`, or `sandbox` for a local lake"
            ),
        ]
    );
}

#[test]
fn desired_hash_ignores_positions_but_not_values() {
    let hash = |project: &Path| {
        config::load_with(project, "test", &env_lookup)
            .unwrap()
            .desired_hash()
            .unwrap()
    };
    let original = hash(&fixture("valid"));
    let project = scratch_project();
    let path = project.path().join("schema/pipeline.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("\n\n# moved down\n{text}")).unwrap();
    assert_eq!(hash(project.path()), original);
    std::fs::write(
        &path,
        text.replace("size = \"X-Small\"", "size = \"SMALL\""),
    )
    .unwrap();
    assert_ne!(hash(project.path()), original);
}

#[test]
fn example_sandbox_connections_resolve_to_absolute_paths() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let environment = config::load_with(repo, "sandbox", &|_| None).unwrap();
    let snowflake = environment.snowflake.unwrap();
    assert_eq!(snowflake.sandbox, Some(repo.join(".lakeform/sandbox")));
    assert!(snowflake.account.is_none() && snowflake.authenticator.is_none());
    assert_eq!(
        environment.adls.unwrap().sandbox,
        Some(repo.join(".lakeform/lake"))
    );
    assert!(environment.unset_secrets.is_empty());
}

#[test]
fn example_connection_secrets_are_deferred_when_unset() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let environment = config::load_with(repo, "dev", &|_| None).unwrap();
    let snowflake = environment.snowflake.as_ref().unwrap();
    assert!(snowflake.private_key_file.is_none());
    let unset = environment.require_connection_variables().unwrap_err();
    assert_eq!(
        unset.diagnostics[0].message,
        "environment variable `SNOWFLAKE_PRIVATE_KEY_FILE` is not set"
    );
    let key =
        |name: &str| (name == "SNOWFLAKE_PRIVATE_KEY_FILE").then(|| "keys/dev.p8".to_string());
    let environment = config::load_with(repo, "dev", &key).unwrap();
    assert!(environment.require_connection_variables().is_ok());
    assert_eq!(
        environment.snowflake.unwrap().private_key_file,
        Some(repo.join("keys/dev.p8"))
    );
}

/// A scratch project whose pipeline file is `text`.
fn project_with_pipeline(text: &str) -> tempfile::TempDir {
    let project = scratch_project();
    std::fs::write(project.path().join("schema/pipeline.toml"), text).unwrap();
    project
}

#[test]
fn at_most_fifty_errors_are_shown_and_the_rest_counted() {
    // One wrong type per entry: 120 problems found by the resolver.
    let project = project_with_pipeline(&"[[warehouse]]\nname = 1\n".repeat(120));
    let errors = config::load_with(project.path(), "test", &env_lookup).unwrap_err();
    assert_eq!(errors.diagnostics.len(), 50);
    assert_eq!(errors.omitted, 70);
    let text = errors.to_string();
    assert!(
        text.ends_with("… and 70 more errors not shown\nerror: the configuration has 120 errors"),
        "{text}"
    );
    // The first fifty in file order are the ones shown.
    let lines: Vec<String> = errors
        .diagnostics
        .iter()
        .map(|d| d.position().unwrap())
        .collect();
    assert_eq!(lines[0], "schema/pipeline.toml:2:8");
    assert_eq!(lines[49], "schema/pipeline.toml:100:8");

    // Syntax errors: one per line, the first fifty described, the rest counted.
    let project = project_with_pipeline(&"= 1\n".repeat(200));
    let errors = config::load_with(project.path(), "test", &env_lookup).unwrap_err();
    assert_eq!((errors.diagnostics.len(), errors.omitted), (50, 150));
    assert!(errors.to_string().ends_with("has 200 errors"));
}

#[test]
fn a_megabyte_of_bad_input_completes_with_bounded_output() {
    // Each used to cost a scan of the file per error (minutes for 1 MiB); each is now
    // linear. No timing here (the benchmark in the closing note has it): the load
    // returns, holds at most fifty diagnostics, and prints a bounded report.
    const MIB: usize = 1 << 20;
    let cases = [
        ("one line of `=`", "=".repeat(MIB), 1),
        ("a line of `=` each", "=\n".repeat(MIB / 2), MIB / 2),
        (
            "a bad entry each",
            "[[warehouse]]\nname = 1\n".repeat(MIB / 23),
            MIB / 23,
        ),
        ("deep nesting", "a = ".to_string() + &"[".repeat(MIB - 4), 1),
        (
            "one huge string with a bad escape",
            format!("a = \"{}\\q\"\n", "x".repeat(MIB)),
            1,
        ),
    ];
    for (what, text, count) in cases {
        let project = project_with_pipeline(&text);
        let errors = config::load_with(project.path(), "test", &env_lookup).unwrap_err();
        assert_eq!(errors.count(), count, "{what}");
        assert!(errors.diagnostics.len() <= 50, "{what}");
        let shown = errors.to_string();
        assert!(shown.len() < 50 * 1024, "{what}: {} bytes", shown.len());
    }
}

/// A dynamic table's lag and query, an alert's schedule, condition, action and warehouse,
/// each refused where it is written.
#[test]
fn dynamic_table_and_alert_values() {
    let mut all = errors("dynamic_table_alert");
    all.sort();
    let positions: Vec<&str> = all.iter().map(|(p, _)| p.as_str()).collect();
    let message = |position: &str| {
        all.iter()
            .find(|(p, _)| p == position)
            .map(|(_, m)| m.clone())
            .unwrap_or_else(|| panic!("no error at {position}: {all:#?}"))
    };
    assert!(
        message("schema/gold.toml:12:14").starts_with("invalid target_lag: unknown unit \"weeks\""),
        "{all:#?}"
    );
    assert!(
        message("schema/gold.toml:20:23").starts_with("invalid dynamic table query:"),
        "{all:#?}"
    );
    assert!(
        message("schema/gold.toml:25:14").starts_with("invalid alert condition:"),
        "{all:#?}"
    );
    assert_eq!(
        message("schema/gold.toml:31:12"),
        "invalid schedule \"90000 MINUTE\": the interval must be 1 to 11520 minutes"
    );
    assert!(
        message("schema/gold.toml:33:19").starts_with("invalid alert statement:"),
        "{all:#?}"
    );
    assert_eq!(positions.len(), 5, "{all:#?}");
}

#[test]
fn queue_and_event_subscription_rules() {
    assert_eq!(
        errors("event_subscription"),
        vec![
            pair(
                "schema/lake.toml:5:8",
                "invalid queue name \"orders_events\": may contain only lower-case letters, digits and hyphens"
            ),
            pair(
                "schema/lake.toml:8:8",
                "an Event Grid subscription has no description in Azure, so it takes no `comment`"
            ),
            pair(
                "schema/lake.toml:8:8",
                "invalid event subscription name \"orders-blob-created\": Azure takes 3 to 64 letters and digits only"
            ),
            pair(
                "schema/lake.toml:12:49",
                "\"Microsoft.Storage.BlobWritten\" is not a storage account event type"
            ),
        ]
    );
    assert_eq!(
        error("event_subscription_dangling"),
        pair(
            "schema/lake.toml:5:8",
            "event subscription ordersblobcreated refers to storage queue orders-events, which is not declared"
        )
    );
    assert_eq!(
        error("event_subscription_no_arm"),
        pair(
            "schema/lake.toml:5:8",
            "event subscription ordersblobcreated is an Azure Resource Manager resource: [adls] in environments/test.toml needs `subscription_id` and `resource_group`"
        )
    );
}

/// A copy of the shipped example, whose environment files a test may edit.
fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["environments", "schema"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join(sub);
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "toml") {
                std::fs::copy(entry.path(), dir.path().join(sub).join(entry.file_name())).unwrap();
            }
        }
    }
    dir
}

fn references_of(environment: &Environment, address: &Address) -> Vec<Address> {
    use lakeform::model::Resource;
    environment.desired.objects[address].object.references()
}

#[test]
fn the_auto_ingest_chain_and_the_alert_mail_are_edges_across_providers() {
    let project = example_copy();
    let any = |_: &str| Some("x".to_string());
    let dev = config::load_with(project.path(), "dev", &any).unwrap();
    // The queue in the dev lake comes before the integration reading it.
    let integration = Address::new(Kind::NotificationIntegration, "ORDER_EVENTS_DEV");
    assert_eq!(
        references_of(&dev, &integration),
        [Address::new(Kind::StorageQueue, "orders-events")]
    );
    // The e-mail integration SYSTEM$SEND_EMAIL names comes before the alert.
    let alert = Address::new(
        Kind::Alert,
        "PACIFICRETAIL_DEV.GOLD.DAILY_REVENUE_DROP_ALERT",
    );
    assert!(references_of(&dev, &alert).contains(&Address::new(
        Kind::NotificationIntegration,
        "DEV_DATA_TEAM_EMAIL"
    )));

    // A lake of another storage account: the URI's queue is not the declared one.
    let env_file = project.path().join("environments/dev.toml");
    let text = std::fs::read_to_string(&env_file).unwrap();
    let other = text.replace(
        "account = \"${lake_account}\"",
        "account = \"someotherlake\"",
    );
    assert_ne!(text, other);
    std::fs::write(&env_file, other).unwrap();
    let dev = config::load_with(project.path(), "dev", &any).unwrap();
    assert!(references_of(&dev, &integration).is_empty());
}
