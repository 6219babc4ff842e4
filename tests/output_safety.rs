//! Secrets and hostile text stay out of the output (issue #12 §4), end to end on the
//! sandbox through the binary:
//! * a PAT read through `${env:…}` in `[snowflake]` reaches the server (which accepts only
//!   it) and appears in no output or file of validate, plan (text, JSON, markdown, saved),
//!   apply, drift and import; `${env:…}` anywhere else is refused by `validate`;
//! * a one-character token leaves messages intact;
//! * ESC sequences and fence-closing text in comments, in live values and in a Snowflake
//!   error message are shown escaped, and cannot change a markdown document's structure.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

#[path = "fixtures/drift/support.rs"]
mod support;

use std::path::Path;
use std::process::{Command, Output};

use lakeform::sandbox::ServeOptions;
use lakeform::secret::Secret;
use support::{Project, Server, expect_code, stderr, stdout};

/// The PAT, read by lakeform from the environment only.
const TOKEN: &str = "lfpat-Zq7Xw2Kc4-secret";
const TOKEN_VARIABLE: &str = "LAKEFORM_OUTPUT_SAFETY_TOKEN";

/// A comment that tries to clear the screen, close a markdown fence and a `<details>`
/// block, and start a heading.
const HOSTILE: &str = "pwn \\u001b[2J\\u001b[H No changes. ``` </details>\\n# heading";

fn server_with_token(token: &str) -> Server {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let options = ServeOptions {
        fixed_token: Some(Secret::new(token)),
        ..ServeOptions::default()
    };
    let sandbox = runtime.block_on(lakeform::sandbox::start(options)).unwrap();
    Server { runtime, sandbox }
}

/// A project whose `[snowflake]` reads its token with `token_value` (a literal or a
/// `${env:…}`), declaring a database, a schema and a table with hostile comments.
fn project(base_url: &str, token_value: &str, extra: &str) -> Project {
    let project = Project::new();
    std::fs::write(
        project.path().join("environments/sec.toml"),
        format!(
            "include = [\"../schema/*.toml\"]\nexternal = [\"OTHER_DB\"]\n\n[vars]\ndatabase = \"SEC_DB\"\n\n[snowflake]\nurl = \"{base_url}\"\naccount = \"A\"\nuser = \"U\"\nauthenticator = \"pat\"\ntoken = \"{token_value}\"\n"
        ),
    )
    .unwrap();
    std::fs::write(
        project.schema_dir().join("app.toml"),
        format!(
            "[[database]]\nname = \"${{database}}\"\n\n[[schema]]\nname = \"${{database}}.APP\"\ncomment = \"{HOSTILE}\"\n\n[defaults]\ndatabase = \"${{database}}\"\nschema = \"APP\"\n\n[[table]]\nname = \"T\"\ncolumns = [{{ name = \"ID\", type = \"NUMBER(38,0)\" }}]\ncomment = \"{HOSTILE}\"\n{extra}"
        ),
    )
    .unwrap();
    project
}

/// Runs the binary with the token in its environment.
fn lakeform(project: &Project, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lakeform"))
        .arg("-C")
        .arg(project.path())
        .args(args)
        .env("NO_COLOR", "1")
        .env(TOKEN_VARIABLE, TOKEN)
        .output()
        .unwrap()
}

/// Neither stream holds the token or a raw control character other than a line break.
fn assert_clean(what: &str, output: &Output) {
    for (stream, text) in [("stdout", stdout(output)), ("stderr", stderr(output))] {
        assert!(
            !text.contains(TOKEN),
            "{what} {stream} shows the token:\n{text}"
        );
        assert!(
            !text.contains('\u{1b}'),
            "{what} {stream} holds a raw ESC:\n{text}"
        );
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{what} {stream} holds a raw control character:\n{text:?}"
        );
    }
}

/// Every file under `dir` (saved plans, imported schema files, sandbox state) is free of
/// the token.
fn assert_no_file_holds_the_token(dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            assert_no_file_holds_the_token(&path);
        } else {
            let bytes = std::fs::read(&path).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains(TOKEN), "{} holds the token", path.display());
        }
    }
}

/// Checks that a markdown document keeps the structure lakeform gave it: every code
/// fence closes with its own length, no heading but lakeform's `###`/`####` starts a line
/// outside code, and every `</details>` outside code closes a `<details>` lakeform opened.
fn assert_markdown_structure(markdown: &str) {
    let mut fence: Option<usize> = None;
    let mut opened = 0usize;
    let mut closed = 0usize;
    for line in markdown.lines() {
        let ticks = line.chars().take_while(|&c| c == '`').count();
        match fence {
            Some(open) => {
                if ticks >= open && line.trim_end().chars().all(|c| c == '`') {
                    fence = None;
                }
                continue;
            }
            None if ticks >= 3 => {
                fence = Some(ticks);
                continue;
            }
            None => {}
        }
        if line.starts_with('#') {
            assert!(
                line.starts_with("### lakeform") || line.starts_with("#### "),
                "an injected heading: {line:?}\n{markdown}"
            );
        }
        // Raw HTML counts outside code spans only: inside one it is shown as text.
        let outside = strip_code_spans(line);
        opened += outside.matches("<details>").count();
        closed += outside.matches("</details>").count();
    }
    assert_eq!(fence, None, "a fence is left open:\n{markdown}");
    assert_eq!(opened, closed, "details blocks do not balance:\n{markdown}");
}

/// `line` without its code spans: a run of N backticks up to the next run of exactly N
/// (https://spec.commonmark.org/0.31.2/#code-spans); an unmatched run is text.
fn strip_code_spans(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let run_at = |i: usize| chars[i..].iter().take_while(|&&c| c == '`').count();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '`' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let open = run_at(i);
        let mut j = i + open;
        let mut close = None;
        while j < chars.len() {
            if chars[j] == '`' {
                let run = run_at(j);
                if run == open {
                    close = Some(j + run);
                    break;
                }
                j += run;
            } else {
                j += 1;
            }
        }
        match close {
            Some(end) => i = end,
            None => {
                out.extend(&chars[i..i + open]);
                i += open;
            }
        }
    }
    out
}

/// The whole life of an environment whose PAT comes from `${env:…}`: nothing shows it,
/// no file holds it, and the hostile comments are shown escaped.
#[test]
fn an_environment_token_and_hostile_comments_stay_out_of_every_output() {
    let server = server_with_token(TOKEN);
    let project = project(
        &server.base_url(),
        &format!("${{env:{TOKEN_VARIABLE}}}"),
        "",
    );

    let validate = lakeform(&project, &["validate", "-e", "sec"]);
    expect_code(&validate, 0);
    assert_clean("validate", &validate);

    let saved = project.path().join("sec.plan.json");
    let plan = lakeform(
        &project,
        &["plan", "-e", "sec", "--out", saved.to_str().unwrap()],
    );
    expect_code(&plan, 0);
    assert_clean("plan", &plan);
    let text = stdout(&plan);
    assert!(text.contains("+ table SEC_DB.APP.T"), "{text}");
    assert!(text.contains("\\u{1b}[2J\\u{1b}[H No changes."), "{text}");
    assert!(!text.starts_with("No changes"), "{text}");

    let markdown = lakeform(&project, &["plan", "-e", "sec", "--format", "markdown"]);
    expect_code(&markdown, 0);
    assert_clean("plan --format markdown", &markdown);
    let markdown = stdout(&markdown);
    assert!(markdown.contains("\n````sql\n"), "{markdown}");
    assert_markdown_structure(&markdown);

    let json = lakeform(&project, &["plan", "-e", "sec", "--format", "json"]);
    expect_code(&json, 0);
    assert_clean("plan --format json", &json);

    let apply = lakeform(&project, &["apply", "-e", "sec", "--auto-approve"]);
    expect_code(&apply, 0);
    assert_clean("apply", &apply);

    let replan = lakeform(&project, &["plan", "-e", "sec", "--detailed-exitcode"]);
    expect_code(&replan, 0);
    assert_clean("plan after apply", &replan);

    // A comment changed behind lakeform's back: the live value is hostile too.
    support_sql(
        &server,
        TOKEN,
        "ALTER TABLE SEC_DB.APP.T SET COMMENT = 'live \u{1b}[2J No changes ```` </details>\n# live heading'",
    );
    let drift = lakeform(&project, &["drift", "-e", "sec"]);
    expect_code(&drift, 2);
    assert_clean("drift", &drift);
    assert!(
        stdout(&drift).contains("live \\u{1b}[2J No changes"),
        "{}",
        stdout(&drift)
    );
    let drift_markdown = lakeform(&project, &["drift", "-e", "sec", "--format", "markdown"]);
    expect_code(&drift_markdown, 2);
    assert_clean("drift --format markdown", &drift_markdown);
    assert_markdown_structure(&stdout(&drift_markdown));
    let drift_json = lakeform(&project, &["drift", "-e", "sec", "--format", "json"]);
    expect_code(&drift_json, 2);
    assert_clean("drift --format json", &drift_json);

    let imported = project.path().join("imported");
    let import = lakeform(
        &project,
        &[
            "import",
            "-e",
            "sec",
            "--scope",
            "SEC_DB",
            "--out",
            imported.to_str().unwrap(),
        ],
    );
    expect_code(&import, 0);
    assert_clean("import", &import);

    assert!(saved.is_file());
    assert_no_file_holds_the_token(project.path());
}

/// Runs SQL on the sandbox behind lakeform's back, with the sandbox's token.
fn support_sql(server: &Server, token: &str, sql: &str) {
    use lakeform::providers::snowflake::auth::Authenticator;
    use lakeform::providers::snowflake::client::SnowflakeClient;
    use lakeform::providers::snowflake::settings::ConnectionSettings;
    let mut settings = ConnectionSettings::new(
        "sandbox",
        "lakeform",
        Authenticator::Pat {
            token: Secret::new(token),
        },
    );
    settings.url = Some(server.base_url().parse().unwrap());
    let client = SnowflakeClient::new(settings).unwrap();
    server
        .runtime
        .block_on(client.execute_multi(sql, 0))
        .unwrap_or_else(|e| panic!("{e}\n{sql}"));
}

/// `${env:…}` outside the connection sections is refused by `validate` with the
/// position of the `${env:` and why, and the value is never shown.
#[test]
fn validate_refuses_the_environment_in_a_comment_and_in_vars() {
    let project = project(
        "http://127.0.0.1:9",
        "t",
        &format!(
            "\n[[view]]\nname = \"V\"\nquery = \"SELECT 1 AS X\"\ncomment = \"built by ${{env:{TOKEN_VARIABLE}}}\"\n"
        ),
    );
    let env_file = project.path().join("environments/sec.toml");
    let text = std::fs::read_to_string(&env_file).unwrap();
    std::fs::write(
        &env_file,
        text.replace(
            "database = \"SEC_DB\"\n",
            &format!("database = \"SEC_DB\"\nowner = \"${{env:{TOKEN_VARIABLE}}}\"\n"),
        ),
    )
    .unwrap();
    let output = lakeform(&project, &["validate", "-e", "sec"]);
    expect_code(&output, 1);
    assert_clean("validate", &output);
    let report = stderr(&output);
    assert!(
        report.contains("--> environments/sec.toml:6:10"),
        "{report}"
    );
    let view_line = std::fs::read_to_string(project.schema_dir().join("app.toml"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("comment = \"built by"))
        .unwrap()
        + 1;
    assert!(
        report.contains(&format!("--> schema/app.toml:{view_line}:21")),
        "{report}"
    );
    assert_eq!(
        report
            .matches("is only allowed in [snowflake] and [adls]: values from the environment are treated as secrets")
            .count(),
        2,
        "{report}"
    );
    assert!(report.contains("[vars]"), "{report}");
    // Every command that loads the configuration refuses it the same way.
    for args in [
        &["plan", "-e", "sec"][..],
        &["apply", "-e", "sec", "--auto-approve"],
        &["drift", "-e", "sec"],
    ] {
        let output = lakeform(&project, args);
        expect_code(&output, 1);
        assert_clean(args[0], &output);
    }
}

/// A one-character token: the sandbox refuses it with a message full of `t`s, shown
/// exactly as the server wrote it.
#[test]
fn a_one_character_token_leaves_messages_intact() {
    let server = server_with_token("the-real-token");
    let project = project(&server.base_url(), "t", "");
    let output = lakeform(&project, &["plan", "-e", "sec"]);
    expect_code(&output, 1);
    let report = stderr(&output);
    assert!(
        report.contains(
            "Invalid OAuth access token. The token does not match the token this sandbox was started with."
        ),
        "{report}"
    );
    assert!(!report.contains("***"), "{report}");
}

/// Snowflake's error message names the missing object, whose name holds an ESC
/// sequence: the apply report shows it escaped.
#[test]
fn a_server_error_message_is_shown_escaped() {
    let server = server_with_token(TOKEN);
    support_sql(&server, TOKEN, "CREATE DATABASE OTHER_DB");
    support_sql(&server, TOKEN, "CREATE SCHEMA OTHER_DB.S");
    let project = project(
        &server.base_url(),
        &format!("${{env:{TOKEN_VARIABLE}}}"),
        "\n[[view]]\nname = \"V\"\nquery = \"SELECT 1 AS X FROM OTHER_DB.S.\\\"\\u001b[2J No changes\\\"\"\n",
    );
    let output = lakeform(&project, &["apply", "-e", "sec", "--auto-approve"]);
    expect_code(&output, 1);
    assert_clean("apply", &output);
    let shown = format!("{}{}", stdout(&output), stderr(&output));
    assert!(shown.contains("does not exist"), "{shown}");
    assert!(shown.contains("\\u{1b}[2J No changes"), "{shown}");
}

/// Connection secrets read through `${env:…}` (a key pair's passphrase, an ADLS account
/// key, a SAS token) are in no output of `validate` or `plan`, also when the connection
/// fails because of them: a wrong passphrase, an account key that is no key, a SAS token
/// without a signature, an unreachable lake.
#[test]
fn connection_secrets_appear_in_no_error() {
    const WRONG_PASSPHRASE: &str = "pp-Qw8Zr5-secret";
    const PASSPHRASE: &str = "lakeform-test-passphrase";
    const ACCOUNT_KEY: &str = "ak-Not+Base64!-secret";
    const SAS: &str = "sv=2024-01-01&sp=rl&se=x-secret";
    let server = Server::start();
    let project = project(
        &server.base_url(),
        "unused",
        "\n[[container]]\nname = \"landing\"\n",
    );
    std::fs::write(
        project.path().join("key.p8"),
        include_str!("fixtures/snowflake/rsa_key_encrypted.p8"),
    )
    .unwrap();
    let snowflake = format!(
        "[snowflake]\nurl = \"{}\"\naccount = \"A\"\nuser = \"U\"\nauthenticator = \"keypair\"\nprivate_key_file = \"key.p8\"\nprivate_key_passphrase = \"${{env:LF_PASSPHRASE}}\"\n",
        server.base_url()
    );
    let lake = "account = \"acct\"\nendpoint = \"http://127.0.0.1:9\"\n";
    let cases = [
        (WRONG_PASSPHRASE, String::new()),
        (
            PASSPHRASE,
            format!(
                "[adls]\n{lake}auth = \"shared_key\"\naccount_key = \"${{env:LF_ACCOUNT_KEY}}\"\n"
            ),
        ),
        (
            PASSPHRASE,
            format!("[adls]\n{lake}auth = \"sas\"\nsas_token = \"${{env:LF_SAS}}\"\n"),
        ),
        (
            PASSPHRASE,
            format!("[adls]\n{lake}auth = \"sas\"\nsas_token = \"${{env:LF_SAS}}&sig=abc\"\n"),
        ),
    ];
    for (passphrase, lake) in cases {
        std::fs::write(
            project.path().join("environments/sec.toml"),
            format!(
                "include = [\"../schema/*.toml\"]\n\n[vars]\ndatabase = \"SEC_DB\"\n\n{snowflake}{lake}"
            ),
        )
        .unwrap();
        for args in [&["validate", "-e", "sec"][..], &["plan", "-e", "sec"]] {
            let output = Command::new(env!("CARGO_BIN_EXE_lakeform"))
                .arg("-C")
                .arg(project.path())
                .args(args)
                .env("NO_COLOR", "1")
                .env("LF_PASSPHRASE", passphrase)
                .env("LF_ACCOUNT_KEY", ACCOUNT_KEY)
                .env("LF_SAS", SAS)
                .output()
                .unwrap();
            let shown = format!("{}{}", stdout(&output), stderr(&output));
            if args[0] == "plan" {
                // Each case fails: the passphrase, the key, the token or the lake.
                expect_code(&output, 1);
                assert!(shown.contains("error"), "{shown}");
            }
            for secret in [passphrase, ACCOUNT_KEY, SAS, "sig=abc"] {
                assert!(
                    !shown.contains(secret),
                    "{args:?} shows a secret:\n{lake}\n{shown}"
                );
            }
        }
    }
}
