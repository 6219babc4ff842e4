//! The sandbox's layering, checked on its source: every `crate::sandbox::<module>` and
//! `super::`-relative path in `src/sandbox/` is read as an edge from the top-level module
//! the file belongs to, and the edges must follow the layers the sandbox's `//!` lists —
//! leaves (error, result, session, registry) → statement (the parser) → catalog and history
//! → binder and SHOW → engine → http — with no layer naming one above it and no cycle
//! between top-level modules (a parent and its children may name each other freely).
//!
//! A violation fails with every offending `file:line`, so the fix starts where the import
//! is. Test code (`#[cfg(test)] mod …` to the end of a file, and `engine/tests/`) is held
//! to the same layers: it lives in its module's layer.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The top-level sandbox modules by layer, lowest first; a module may name its own layer
/// and those below it.
const LAYERS: [&[&str]; 6] = [
    &["error", "result", "session", "registry"],
    &["statement"],
    &["catalog", "history"],
    &["binder", "show"],
    &["engine"],
    &["http"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// One reference from a file of module `from` to the top-level module `to`.
#[derive(Clone, Debug, PartialEq)]
struct Edge {
    from: String,
    to: String,
    /// `file:line`.
    at: String,
}

/// A source file: its path under `src/sandbox/` (`catalog/stage.rs`) and its text.
struct Source {
    path: String,
    text: String,
}

/// The module path a file declares, under the sandbox: `catalog/stage.rs` →
/// `[catalog, stage]`, `engine/ddl/mod.rs` → `[engine, ddl]`, `engine.rs` → `[engine]`.
fn module_path(path: &str) -> Vec<String> {
    let trimmed = path.trim_end_matches(".rs");
    let mut parts: Vec<String> = trimmed.split('/').map(str::to_string).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The leading identifiers a path names after `prefix`: one for `x::…`, several for a
/// group `{x, y::z, …}`.
fn named_after(rest: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let rest = rest.trim_start();
    let Some(group) = rest.strip_prefix('{') else {
        return vec![ident(rest)];
    };
    // The group's items at depth one (a group may span lines: only what is on this line is
    // read, which is every group the sandbox writes once rustfmt has wrapped it — the
    // continuation lines are read by `continuation`).
    let mut items = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(ident(&group[start..i]));
                return items.into_iter().filter(|s| !s.is_empty()).collect();
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(ident(&group[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(ident(&group[start..]));
    items.into_iter().filter(|s| !s.is_empty()).collect()
}

/// Every edge out of one file. `reexports` maps the names the sandbox root re-exports
/// (`SqlError`) to the module they come from; an unknown name is returned as an error.
fn edges(source: &Source, reexports: &BTreeMap<String, String>) -> Result<Vec<Edge>, String> {
    let own = module_path(&source.path);
    let Some(top) = own.first().cloned() else {
        return Ok(Vec::new());
    };
    let mut found = Vec::new();
    let mut unknown = Vec::new();
    let mut lines = source.text.lines().enumerate().peekable();
    // `use super::{` wrapped over lines: the prefix's resolution carried to the lines
    // that follow, until the group closes.
    let mut open_group: Option<Vec<String>> = None;
    while let Some((index, line)) = lines.next() {
        let at = format!("src/sandbox/{}:{}", source.path, index + 1);
        if line.trim() == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|(_, next)| next.trim_start().starts_with("mod "))
        {
            // The test module is read too, one level deeper.
            let (_, next) = lines.next().unwrap_or_default();
            if next.trim_end().ends_with(';') {
                continue;
            }
            return read_test_module(source, &own, index + 2, reexports, found, unknown);
        }
        let code = line.split("//").next().unwrap_or_default();
        if let Some(base) = &open_group {
            for name in named_after(&format!("{{{code}")) {
                push(&mut found, &mut unknown, base, &name, &top, &at, reexports);
            }
            if code.contains('}') {
                open_group = None;
            }
            continue;
        }
        scan_line(
            code,
            &own,
            &top,
            &at,
            reexports,
            &mut found,
            &mut unknown,
            &mut open_group,
        );
    }
    if unknown.is_empty() {
        Ok(found)
    } else {
        Err(unknown.join("\n"))
    }
}

/// Reads the rest of a file as the body of its inline test module, whose `super::` is the
/// file's own module.
fn read_test_module(
    source: &Source,
    own: &[String],
    first_line: usize,
    reexports: &BTreeMap<String, String>,
    mut found: Vec<Edge>,
    mut unknown: Vec<String>,
) -> Result<Vec<Edge>, String> {
    let mut inner = own.to_vec();
    inner.push("tests".to_string());
    let top = own.first().cloned().unwrap_or_default();
    let mut open_group = None;
    for (index, line) in source.text.lines().enumerate().skip(first_line) {
        let at = format!("src/sandbox/{}:{}", source.path, index + 1);
        let code = line.split("//").next().unwrap_or_default();
        scan_line(
            code,
            &inner,
            &top,
            &at,
            reexports,
            &mut found,
            &mut unknown,
            &mut open_group,
        );
    }
    if unknown.is_empty() {
        Ok(found)
    } else {
        Err(unknown.join("\n"))
    }
}

/// The edges one line of code names: `crate::sandbox::x` (also `$crate::…`) and
/// `super::…::x` resolved from the module path `own`.
#[allow(clippy::too_many_arguments)]
fn scan_line(
    code: &str,
    own: &[String],
    top: &str,
    at: &str,
    reexports: &BTreeMap<String, String>,
    found: &mut Vec<Edge>,
    unknown: &mut Vec<String>,
    open_group: &mut Option<Vec<String>>,
) {
    const ABSOLUTE: &str = "crate::sandbox::";
    for (i, _) in code.match_indices(ABSOLUTE) {
        let rest = &code[i + ABSOLUTE.len()..];
        for name in named_after(rest) {
            push(found, unknown, &[], &name, top, at, reexports);
        }
        if rest.trim_start().starts_with('{') && !rest.contains('}') {
            *open_group = Some(Vec::new());
        }
    }
    let mut search = 0;
    while let Some(i) = code[search..].find("super::") {
        let start = search + i;
        // Only a path's first `super`: `super::super::x` is one path.
        let preceded = code[..start].ends_with("::");
        let mut rest = &code[start..];
        let mut depth = 0;
        while let Some(after) = rest.strip_prefix("super::") {
            depth += 1;
            rest = after;
        }
        search = code.len() - rest.len();
        if preceded || depth > own.len() {
            continue;
        }
        let base: Vec<String> = own[..own.len() - depth].to_vec();
        for name in named_after(rest) {
            push(found, unknown, &base, &name, top, at, reexports);
        }
        if rest.trim_start().starts_with('{') && !rest.contains('}') {
            *open_group = Some(base);
        }
    }
}

/// Records the edge to `base::name` when it leaves the file's top-level module.
fn push(
    found: &mut Vec<Edge>,
    unknown: &mut Vec<String>,
    base: &[String],
    name: &str,
    top: &str,
    at: &str,
    reexports: &BTreeMap<String, String>,
) {
    let target = match base.first() {
        Some(first) => first.clone(),
        None if layer(name).is_some() => name.to_string(),
        None => match reexports.get(name) {
            Some(module) => module.clone(),
            None if name == "self" || name.is_empty() => return,
            None => {
                unknown.push(format!(
                    "{at}: crate::sandbox::{name} is no module the layers list"
                ));
                return;
            }
        },
    };
    if target != top {
        found.push(Edge {
            from: top.to_string(),
            to: target,
            at: at.to_string(),
        });
    }
}

/// What the sandbox root re-exports: `pub use engine::Engine;` → `Engine` is engine's.
fn reexports(root: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for line in root.lines() {
        let Some(path) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let path = path.trim_end_matches(';');
        let Some((module, _)) = path.split_once("::") else {
            continue;
        };
        let last = path.rsplit("::").next().unwrap_or_default();
        let names: Vec<&str> = match last.strip_prefix('{') {
            Some(group) => group
                .trim_end_matches('}')
                .split(',')
                .map(str::trim)
                .collect(),
            None => vec![last],
        };
        for name in names {
            map.insert(name.to_string(), module.to_string());
        }
    }
    map
}

/// Every violation: an edge to a higher layer, an edge to a module no layer lists, or an
/// edge on a cycle between top-level modules.
fn violations(edges: &[Edge]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for edge in edges {
        graph.entry(&edge.from).or_default().insert(&edge.to);
        match (layer(&edge.from), layer(&edge.to)) {
            (Some(from), Some(to)) if to > from => problems.push(format!(
                "{}: {} (layer {from}) imports {} (layer {to}), a layer above it",
                edge.at, edge.from, edge.to
            )),
            (Some(_), Some(_)) => {}
            _ => problems.push(format!(
                "{}: {} → {}: a module no layer lists",
                edge.at, edge.from, edge.to
            )),
        }
    }
    let reaches = |from: &str, to: &str| -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(module) = stack.pop() {
            if module == to {
                return true;
            }
            if seen.insert(module) {
                stack.extend(graph.get(module).into_iter().flatten().copied());
            }
        }
        false
    };
    for edge in edges {
        if reaches(&edge.to, &edge.from) {
            problems.push(format!(
                "{}: {} → {} is on an import cycle",
                edge.at, edge.from, edge.to
            ));
        }
    }
    problems
}

/// Every `.rs` file under `dir`, with its path relative to `root`.
fn sources(root: &Path, dir: &Path, out: &mut Vec<Source>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            sources(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path
                .strip_prefix(root)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            out.push(Source {
                path: relative,
                text: std::fs::read_to_string(&path)?,
            });
        }
    }
    Ok(())
}

fn source(path: &str, text: &str) -> Source {
    Source {
        path: path.to_string(),
        text: text.to_string(),
    }
}

#[test]
fn the_sandbox_layers_have_no_upward_import_and_no_cycle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sandbox");
    let mut files = Vec::new();
    sources(&root, &root, &mut files).unwrap();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let root_text = files
        .iter()
        .find(|f| f.path == "mod.rs")
        .map(|f| f.text.clone())
        .unwrap();
    let reexports = reexports(&root_text);
    let mut all = Vec::new();
    let mut unresolved = Vec::new();
    // The root is the parent of every module; this file's strings are test data.
    for file in files
        .iter()
        .filter(|f| f.path != "mod.rs" && f.path != "layers_test.rs")
    {
        match edges(file, &reexports) {
            Ok(found) => all.extend(found),
            Err(e) => unresolved.push(e),
        }
    }
    assert!(unresolved.is_empty(), "{}", unresolved.join("\n"));
    // The reader finds the imports the layers are made of (a reader that finds nothing
    // would pass vacuously).
    for (from, to) in [
        ("catalog", "statement"),
        ("engine", "catalog"),
        ("show", "binder"),
        ("http", "engine"),
        ("catalog", "registry"),
    ] {
        assert!(
            all.iter().any(|e| e.from == from && e.to == to),
            "no {from} → {to} edge found"
        );
    }
    let problems = violations(&all);
    assert!(
        problems.is_empty(),
        "the sandbox's layers are broken:\n{}",
        problems.join("\n")
    );
}

#[test]
fn upward_imports_and_cycles_are_reported_with_their_file_and_line() {
    let reexports = reexports("pub use error::SqlError;\npub use session::SqlSession;\n");
    let files = [
        source(
            "catalog/stage.rs",
            "//! x\nuse super::Catalog;\nuse crate::sandbox::engine::Engine;\nuse crate::sandbox::SqlError;\n",
        ),
        source(
            "engine/ddl/create.rs",
            "use super::super::super::catalog::Catalog;\n",
        ),
        source("binder.rs", "use super::{show, session};\n"),
        source(
            "show/mod.rs",
            "use crate::sandbox::{\n    binder::x,\n    result::QueryResult,\n};\n",
        ),
        source(
            "result.rs",
            "fn f() {}\n#[cfg(test)]\nmod tests {\n    use super::super::statement::parse;\n}\n",
        ),
    ];
    let mut all = Vec::new();
    for file in &files {
        all.extend(edges(file, &reexports).unwrap());
    }
    let pairs: Vec<(&str, &str, &str)> = all
        .iter()
        .map(|e| (e.from.as_str(), e.to.as_str(), e.at.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("catalog", "engine", "src/sandbox/catalog/stage.rs:3"),
            ("catalog", "error", "src/sandbox/catalog/stage.rs:4"),
            ("engine", "catalog", "src/sandbox/engine/ddl/create.rs:1"),
            ("binder", "show", "src/sandbox/binder.rs:1"),
            ("binder", "session", "src/sandbox/binder.rs:1"),
            ("show", "binder", "src/sandbox/show/mod.rs:2"),
            ("show", "result", "src/sandbox/show/mod.rs:3"),
            ("result", "statement", "src/sandbox/result.rs:4"),
        ]
    );
    let problems = violations(&all);
    assert_eq!(
        problems,
        [
            "src/sandbox/catalog/stage.rs:3: catalog (layer 2) imports engine (layer 4), a layer above it",
            "src/sandbox/result.rs:4: result (layer 0) imports statement (layer 1), a layer above it",
            "src/sandbox/catalog/stage.rs:3: catalog → engine is on an import cycle",
            "src/sandbox/engine/ddl/create.rs:1: engine → catalog is on an import cycle",
            "src/sandbox/binder.rs:1: binder → show is on an import cycle",
            "src/sandbox/show/mod.rs:2: show → binder is on an import cycle",
        ]
    );
    let missing = edges(
        &source("engine.rs", "use crate::sandbox::nowhere::X;\n"),
        &reexports,
    );
    assert_eq!(
        missing.unwrap_err(),
        "src/sandbox/engine.rs:1: crate::sandbox::nowhere is no module the layers list"
    );
}
