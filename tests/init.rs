//! `lakeform init`: from an empty directory to a project that applies to the sandbox and
//! then plans nothing; `--example` writes the PacificRetail example; existing files are
//! never overwritten (nothing at all is written when one exists).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

use std::path::Path;

#[path = "fixtures/drift/support.rs"]
mod support;

use support::{expect_code, lakeform_in as lakeform};

/// Every file under `dir` with its content, sorted.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                files.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn an_empty_directory_becomes_a_project_that_applies_and_plans_clean() {
    let root = tempfile::tempdir().unwrap();
    expect_code(&lakeform(root.path(), &["init", "project"]), 0);
    let project = root.path().join("project");
    for file in [
        "environments/sandbox.toml",
        "environments/dev.toml",
        "schema/main.toml",
        "schema/lakeform.schema.json",
        "plans/README.md",
        ".gitignore",
    ] {
        assert!(project.join(file).is_file(), "{file}");
    }
    let schema = std::fs::read_to_string(project.join("schema/main.toml")).unwrap();
    assert!(schema.starts_with("#:schema ./lakeform.schema.json"));
    let ignore = std::fs::read_to_string(project.join(".gitignore")).unwrap();
    assert!(ignore.contains("/.lakeform/"));
    // The real-account environment validates without its secrets.
    expect_code(&lakeform(&project, &["validate", "-e", "dev"]), 0);
    expect_code(
        &lakeform(&project, &["apply", "-e", "sandbox", "--auto-approve"]),
        0,
    );
    expect_code(
        &lakeform(&project, &["plan", "-e", "sandbox", "--detailed-exitcode"]),
        0,
    );
}

#[test]
fn init_over_existing_files_refuses_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("schema")).unwrap();
    std::fs::write(dir.path().join("schema/main.toml"), "# mine\n").unwrap();
    let before = tree(dir.path());
    let output = lakeform(dir.path(), &["init"]);
    expect_code(&output, 1);
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("schema/main.toml"), "{message}");
    assert!(message.contains("Nothing was written"), "{message}");
    assert_eq!(tree(dir.path()), before);

    // A project made by init is not overwritten by a second init either.
    let fresh = tempfile::tempdir().unwrap();
    expect_code(&lakeform(fresh.path(), &["init"]), 0);
    let made = tree(fresh.path());
    expect_code(&lakeform(fresh.path(), &["init", "--example"]), 1);
    assert_eq!(tree(fresh.path()), made);
}

#[test]
fn the_example_is_the_shipped_one_and_applies() {
    let dir = tempfile::tempdir().unwrap();
    expect_code(&lakeform(dir.path(), &["init", "--example"]), 0);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Every file of the shipped example, so that a layer added to the example is never
    // missing from `init --example`.
    let mut shipped = Vec::new();
    for dir in ["schema", "environments"] {
        for entry in std::fs::read_dir(repo.join(dir)).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            shipped.push(format!("{dir}/{name}"));
        }
    }
    shipped.push("plans/README.md".into());
    for file in &shipped {
        assert_eq!(
            std::fs::read(dir.path().join(file)).unwrap(),
            std::fs::read(repo.join(file)).unwrap(),
            "{file}"
        );
    }
    assert_eq!(
        std::fs::read(dir.path().join("schema/lakeform.schema.json")).unwrap(),
        std::fs::read(repo.join("schema/lakeform.schema.json")).unwrap(),
    );
    for env in ["sandbox", "dev", "staging", "prod"] {
        expect_code(&lakeform(dir.path(), &["validate", "-e", env]), 0);
    }
    expect_code(
        &lakeform(dir.path(), &["apply", "-e", "sandbox", "--auto-approve"]),
        0,
    );
    expect_code(
        &lakeform(
            dir.path(),
            &["plan", "-e", "sandbox", "--detailed-exitcode"],
        ),
        0,
    );
}
