//! The `lakeform` binary: exit codes, `-C`, and the output of `validate`, `graph` and
//! `schema` on the repository's example and on the config fixtures.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

mod mermaid_check;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ENVIRONMENTS: [&str; 4] = ["sandbox", "dev", "staging", "prod"];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/config").join(name)
}

/// Runs lakeform in `dir` with no connection secrets in the environment.
fn lakeform(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lakeform"))
        .args(args)
        .current_dir(dir)
        .env_remove("SNOWFLAKE_PRIVATE_KEY_FILE")
        .env_remove("SNOWFLAKE_PRIVATE_KEY_PASSPHRASE")
        .output()
        .expect("lakeform runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn every_example_environment_validates() {
    for env in ENVIRONMENTS {
        let output = lakeform(&repo(), &["validate", "-e", env]);
        assert_eq!(output.status.code(), Some(0), "{env}: {}", stderr(&output));
        assert!(
            stdout(&output).starts_with(&format!("environment `{env}` is valid: ")),
            "{}",
            stdout(&output)
        );
    }
}

#[test]
fn unset_connection_secrets_are_noted_not_fatal() {
    let output = lakeform(&repo(), &["validate", "-e", "dev"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("SNOWFLAKE_PRIVATE_KEY_FILE"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn directory_option_selects_the_project() {
    let elsewhere = tempfile::tempdir().unwrap();
    let repo = repo();
    let project = repo.to_str().unwrap();
    let output = lakeform(
        elsewhere.path(),
        &["-C", project, "validate", "-e", "sandbox"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = lakeform(elsewhere.path(), &["validate", "-e", "sandbox"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("environment `sandbox` not found"));
}

#[test]
fn invalid_configuration_exits_1_with_the_report() {
    let dir = fixture("dangling");
    let output = lakeform(
        &repo(),
        &["-C", dir.to_str().unwrap(), "validate", "-e", "test"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).is_empty());
    let report = stderr(&output);
    assert!(
        report.contains(
            "error: stream DB.S.ST refers to table DB.S.NO_TABLE, which is not declared\n  --> schema/pipeline.toml:13:12\n"
        ),
        "{report}"
    );
    assert!(report.contains("   |            ^^^^^^^^^^\n"), "{report}");
    assert!(
        report.ends_with("error: the configuration has 11 errors\n"),
        "{report}"
    );
}

#[test]
fn usage_errors_exit_1_and_help_exits_0() {
    assert_eq!(lakeform(&repo(), &["validate"]).status.code(), Some(1));
    assert_eq!(lakeform(&repo(), &["frobnicate"]).status.code(), Some(1));
    assert_eq!(lakeform(&repo(), &["--help"]).status.code(), Some(0));
    let bad_format = lakeform(&repo(), &["graph", "-e", "dev", "--format", "png"]);
    assert_eq!(bad_format.status.code(), Some(1));
}

#[test]
fn help_lists_first_commands_and_every_fixed_choice() {
    let help = stdout(&lakeform(&repo(), &["--help"]));
    assert!(help.contains("Typical first commands:"), "{help}");
    assert!(
        help.contains("lakeform apply -e sandbox --auto-approve"),
        "{help}"
    );
    for (command, choices) in [
        ("plan", &["text", "json", "markdown"][..]),
        ("drift", &["text", "json", "markdown"][..]),
        ("graph", &["mermaid", "dot", "svg"][..]),
    ] {
        let help = stdout(&lakeform(&repo(), &[command, "--help"]));
        for choice in choices {
            assert!(help.contains(&format!("- {choice}:")), "{command}: {help}");
        }
    }
    // A wrong choice is named with the choices, and the short alias still works.
    let wrong = lakeform(&repo(), &["plan", "-e", "dev", "--format", "yaml"]);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(stderr(&wrong).contains("[possible values: text, json, markdown]"));
    let zero = lakeform(&repo(), &["apply", "-e", "dev", "--parallelism", "0"]);
    assert_eq!(zero.status.code(), Some(1), "{}", stderr(&zero));
}

#[test]
fn graph_names_both_gold_views_in_mermaid_and_dot() {
    let mermaid = lakeform(&repo(), &["graph", "-e", "dev", "--format", "mermaid"]);
    assert_eq!(mermaid.status.code(), Some(0), "{}", stderr(&mermaid));
    let text = stdout(&mermaid);
    assert!(text.starts_with("flowchart LR\n"));
    for expected in [
        "VW_DAILY_SALES_ANALYSIS",
        "VW_CUSTOMER_PRODUCT_AFFINITY",
        "subgraph lake[\"ADLS lake\"]",
        "subgraph account[\"Snowflake account\"]",
        "[\"PACIFICRETAIL_DEV.GOLD\"]",
        "-->",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    let again = lakeform(&repo(), &["graph", "-e", "dev"]);
    assert_eq!(
        stdout(&again),
        text,
        "mermaid is the default and output is stable"
    );

    let dot = lakeform(&repo(), &["graph", "-e", "dev", "--format", "dot"]);
    assert_eq!(dot.status.code(), Some(0));
    let text = stdout(&dot);
    assert!(text.starts_with("digraph lakeform {"));
    assert!(
        text.contains("VW_DAILY_SALES_ANALYSIS") && text.contains("VW_CUSTOMER_PRODUCT_AFFINITY")
    );
    assert!(text.contains("subgraph cluster_lake") && text.contains(" -> "));
}

#[test]
fn committed_json_schema_is_current() {
    let output = lakeform(&repo(), &["schema"]);
    assert_eq!(output.status.code(), Some(0));
    let committed = std::fs::read_to_string(repo().join("schema/lakeform.schema.json"))
        .expect("schema/lakeform.schema.json is committed");
    assert!(
        stdout(&output) == committed,
        "schema/lakeform.schema.json is out of date: run `lakeform schema > schema/lakeform.schema.json`"
    );
    let schema: serde_json::Value = serde_json::from_str(&committed).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}

#[test]
fn garbage_schema_file_exits_1_with_a_message() {
    let project = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(project.path().join("environments")).unwrap();
    std::fs::create_dir_all(project.path().join("schema")).unwrap();
    std::fs::write(
        project.path().join("environments/test.toml"),
        "include = [\"../schema/*.toml\"]\n",
    )
    .unwrap();
    std::fs::write(
        project.path().join("schema/garbage.toml"),
        b"\x00\xff[[table\n= \"\x80\"",
    )
    .unwrap();
    let output = lakeform(project.path(), &["validate", "-e", "test"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output)
            .contains("error: the file is not valid UTF-8\n --> schema/garbage.toml:1:2"),
        "{}",
        stderr(&output)
    );
}

/// The graph reads the SQL: every file format is a dependency of the load task that names
/// it in `FORMAT_NAME = '…'`, and every MERGE procedure depends on the stream it reads and
/// the table it writes.
#[test]
fn graph_edges_come_from_the_sql_itself() {
    use lakeform::model::{Address, Kind};
    use lakeform::plan::graph::DependencyGraph;

    let env = lakeform::config::load(&repo(), "dev").unwrap();
    let graph = DependencyGraph::from_objects(env.desired.objects.values().map(|d| &d.object));
    let db = "PACIFICRETAIL_DEV";
    for (format, task) in [
        ("CSV_FILE_FORMAT", "LOAD_CUSTOMER_DATA_TASK"),
        ("JSON_FILE_FORMAT", "LOAD_PRODUCT_DATA_TASK"),
        ("PARQUET_FILE_FORMAT", "LOAD_ORDER_DATA_TASK"),
    ] {
        let format = Address::new(Kind::FileFormat, format!("{db}.BRONZE.{format}"));
        let task = Address::new(Kind::Task, format!("{db}.BRONZE.{task}"));
        assert!(
            graph.dependencies(&task).any(|d| d == &format),
            "{task} does not depend on {format}"
        );
    }
    for (procedure, stream, table) in [
        (
            "MERGE_CUSTOMER_DIMENSION",
            "CUSTOMER_CHANGES_STREAM",
            "CUSTOMER",
        ),
        (
            "MERGE_PRODUCT_DIMENSION",
            "PRODUCT_CHANGES_STREAM",
            "PRODUCT",
        ),
        ("MERGE_ORDER_FACT", "ORDER_CHANGES_STREAM", "ORDERS"),
    ] {
        let procedure = Address::new(Kind::Procedure, format!("{db}.SILVER.{procedure}"));
        let deps: Vec<&Address> = graph.dependencies(&procedure).collect();
        for expected in [
            Address::new(Kind::Stream, format!("{db}.BRONZE.{stream}")),
            Address::new(Kind::Table, format!("{db}.SILVER.{table}")),
        ] {
            assert!(deps.contains(&&expected), "{procedure}: {deps:?}");
        }
    }
    // And `graph` draws them.
    let dot = stdout(&lakeform(
        &repo(),
        &["graph", "-e", "dev", "--format", "dot"],
    ));
    assert!(dot.contains("JSON_FILE_FORMAT"), "{dot}");
}

/// Removing a file format that a task still names breaks that task: validate (and so plan)
/// names the task and where it uses the format, instead of dropping the format under it.
#[test]
fn a_file_format_a_task_uses_cannot_be_removed_silently() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["environments", "schema"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        for entry in std::fs::read_dir(repo().join(sub)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.path().join(sub).join(path.file_name().unwrap())).unwrap();
        }
    }
    let bronze = dir.path().join("schema/bronze.toml");
    let text = std::fs::read_to_string(&bronze).unwrap();
    let start = text
        .find("[[file_format]]\nname = \"JSON_FILE_FORMAT\"")
        .unwrap();
    let end = start + text[start..].find("\n\n").unwrap();
    std::fs::write(&bronze, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let output = lakeform(dir.path(), &["validate", "-e", "dev"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let message = stderr(&output);
    assert!(
        message.contains("task PACIFICRETAIL_DEV.BRONZE.LOAD_PRODUCT_DATA_TASK refers to file format PACIFICRETAIL_DEV.BRONZE.JSON_FILE_FORMAT, which is not declared"),
        "{message}"
    );
    assert!(message.contains("schema/bronze.toml:"), "{message}");
}

/// `graph --format svg` of the example is a well-formed picture: one box with one text
/// per node and one curve per edge that `--format dot` draws, every curve between drawn
/// nodes, one frame per group. The whole picture is a snapshot too.
#[test]
fn graph_svg_draws_every_node_and_edge_of_the_example() {
    use quick_xml::events::Event;

    let output = lakeform(&repo(), &["graph", "-e", "dev", "--format", "svg"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let svg = stdout(&output);
    let dot = stdout(&lakeform(
        &repo(),
        &["graph", "-e", "dev", "--format", "dot"],
    ));
    let dot_nodes = dot.lines().filter(|l| l.contains(" [label=")).count();
    let dot_edges = dot.lines().filter(|l| l.contains(" -> ")).count();
    let dot_groups = dot
        .lines()
        .filter(|l| l.contains("subgraph cluster_"))
        .count();
    assert!(dot_nodes > 20 && dot_edges > 20, "{dot}");

    let attribute = |e: &quick_xml::events::BytesStart, name: &str| {
        e.try_get_attribute(name)
            .expect("well-formed attributes")
            .map(|a| a.value.into_owned())
    };
    let mut reader = quick_xml::Reader::from_str(&svg);
    let mut open: Vec<String> = Vec::new();
    let mut node_ids: Vec<String> = Vec::new();
    let mut groups = 0;
    let mut node_texts = 0;
    let mut edges: Vec<(String, String)> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                let tag = e.name().as_ref().to_string();
                if tag == "g" {
                    match attribute(&e, "class").as_deref() {
                        Some("node") => node_ids.push(attribute(&e, "id").expect("node id")),
                        Some("group") => groups += 1,
                        other => panic!("unexpected group class {other:?}"),
                    }
                }
                if tag == "text" && open.last().is_some_and(|t| t == "node") {
                    node_texts += 1;
                }
                let class = attribute(&e, "class").unwrap_or(tag);
                open.push(class);
            }
            Event::End(_) => {
                open.pop().expect("balanced tags");
            }
            Event::Empty(e)
                if e.name().as_ref() == "path"
                    && attribute(&e, "class").as_deref() == Some("edge") =>
            {
                edges.push((
                    attribute(&e, "data-from").expect("edge start"),
                    attribute(&e, "data-to").expect("edge end"),
                ));
            }
            Event::Text(t) if open.last().is_some_and(|t| t == "text") => {
                names.push(t.as_ref().to_string());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(open.is_empty(), "unclosed: {open:?}");
    assert_eq!(node_ids.len(), dot_nodes);
    assert_eq!(node_texts, dot_nodes);
    assert_eq!(groups, dot_groups);
    assert_eq!(edges.len(), dot_edges);
    for (from, to) in &edges {
        assert!(
            node_ids.contains(from) && node_ids.contains(to),
            "{from} -> {to}"
        );
    }
    for name in [
        "JSON_FILE_FORMAT",
        "VW_DAILY_SALES_ANALYSIS",
        "PACIFICRETAIL_DEV.GOLD",
    ] {
        assert!(
            names.iter().any(|n| n == name),
            "{name} not drawn: {names:?}"
        );
    }
    insta::assert_snapshot!("graph_svg_of_the_example", svg);
}

/// `graph --format mermaid` passes the same strict structural check as the plan's diagram.
#[test]
fn graph_mermaid_passes_the_structural_check() {
    let mermaid = stdout(&lakeform(&repo(), &["graph", "-e", "dev"]));
    let chart = mermaid_check::check(&mermaid).unwrap_or_else(|e| panic!("{e}\n{mermaid}"));
    assert!(
        chart.nodes.len() > 20 && chart.edges.len() > 20,
        "{mermaid}"
    );
}

/// A copy of the example with `edit` applied to `schema/<file>` for each (file, from, to).
fn edited_example(edits: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["environments", "schema"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        for entry in std::fs::read_dir(repo().join(sub)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.path().join(sub).join(path.file_name().unwrap())).unwrap();
        }
    }
    for (file, from, to) in edits {
        let path = dir.path().join("schema").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from} not in {file}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    dir
}

/// `validate` compiles SQL against the declared columns (the binder, `sql::bind`): a
/// misspelt column in a view, in a task's COPY column list and in a procedure's MERGE is
/// reported at its file:line:col inside the SQL string, with no connection.
#[test]
fn validate_reports_misspelt_columns_inside_sql_strings() {
    let dir = edited_example(&[
        ("gold.toml", "  o.STORE_TYPE,\n", "  o.STORE_TYP,\n"),
        (
            "bronze.toml",
            "  CUSTOMER_ID, NAME, EMAIL, COUNTRY,",
            "  CUSTOMER_ID, NAME, EMAIL, COUNTRYY,",
        ),
        (
            "silver.toml",
            "    REGISTRATION_DATE = src.REGISTRATION_DATE,",
            "    REGISTRATION_DATE = src.REGISTRATON_DATE,",
        ),
    ]);
    let output = lakeform(dir.path(), &["validate", "-e", "dev"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let message = stderr(&output);
    let line_of = |file: &str, needle: &str| {
        let text = std::fs::read_to_string(dir.path().join("schema").join(file)).unwrap();
        let (i, line) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(needle))
            .unwrap();
        (i + 1, line.find(needle).unwrap() + 1)
    };
    for (file, needle, what) in [
        (
            "gold.toml",
            "o.STORE_TYP",
            "view PACIFICRETAIL_DEV.GOLD.VW_DAILY_SALES_ANALYSIS: query: invalid identifier 'O.STORE_TYP'",
        ),
        (
            "bronze.toml",
            "COUNTRYY",
            "task PACIFICRETAIL_DEV.BRONZE.LOAD_CUSTOMER_DATA_TASK: statement: invalid identifier 'COUNTRYY'",
        ),
        (
            "silver.toml",
            "src.REGISTRATON_DATE",
            "procedure PACIFICRETAIL_DEV.SILVER.MERGE_CUSTOMER_DIMENSION: body: invalid identifier 'SRC.REGISTRATON_DATE'",
        ),
    ] {
        let (line, column) = line_of(file, needle);
        assert!(message.contains(what), "{what}\n{message}");
        assert!(
            message.contains(&format!("schema/{file}:{line}:{column}")),
            "schema/{file}:{line}:{column}\n{message}"
        );
    }
}

/// `apply` binds the SQL while it reads the live state (`config::load_binding_later`),
/// but a misspelt column still stops it before anything is planned or run, with the same
/// file:line:col as `validate`; the sandbox it would have applied to is left untouched.
#[test]
fn apply_reports_a_misspelt_column_before_planning_anything() {
    let dir = edited_example(&[("gold.toml", "  o.STORE_TYPE,\n", "  o.STORE_TYP,\n")]);
    let output = lakeform(dir.path(), &["apply", "-e", "sandbox", "--auto-approve"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let message = stderr(&output);
    assert!(
        message.contains("view PACIFICRETAIL_SANDBOX.GOLD.VW_DAILY_SALES_ANALYSIS: query: invalid identifier 'O.STORE_TYP'"),
        "{message}"
    );
    assert!(message.contains("schema/gold.toml:"), "{message}");
    assert!(!stdout(&output).contains("Plan:"), "{}", stdout(&output));
    // With the typo fixed, the first plan still creates everything: nothing was applied.
    std::fs::write(
        dir.path().join("schema/gold.toml"),
        std::fs::read_to_string(dir.path().join("schema/gold.toml"))
            .unwrap()
            .replacen("  o.STORE_TYP,\n", "  o.STORE_TYPE,\n", 1),
    )
    .unwrap();
    let output = lakeform(dir.path(), &["plan", "-e", "sandbox"]);
    assert!(
        stdout(&output).contains("database PACIFICRETAIL_SANDBOX"),
        "{}",
        stdout(&output)
    );
}

/// Two view columns of one name are refused at the second one; the shipped example
/// reports nothing (`every_example_environment_validates`).
#[test]
fn validate_reports_duplicate_view_columns() {
    let dir = edited_example(&[(
        "gold.toml",
        "p.CATEGORY AS PRODUCT_CATEGORY,\n  COUNT(DISTINCT o.TRANSACTION_ID) AS ORDER_COUNT",
        "p.CATEGORY AS PRODUCT_CATEGORY,\n  COUNT(DISTINCT o.TRANSACTION_ID) AS STORE_TYPE",
    )]);
    let output = lakeform(dir.path(), &["validate", "-e", "dev"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let message = stderr(&output);
    assert!(
        message.contains("view PACIFICRETAIL_DEV.GOLD.VW_DAILY_SALES_ANALYSIS: query: duplicate column name 'STORE_TYPE'"),
        "{message}"
    );
}
