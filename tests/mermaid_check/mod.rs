//! A strict structural check of the Mermaid flowcharts lakeform writes (the plan's
//! diagram and `lakeform graph --format mermaid`), shared by unit and integration tests.
//!
//! It accepts only the subset lakeform emits, one statement per line: `flowchart LR`
//! first, then `subgraph ID["LABEL"]` … `end`, nodes `ID["LABEL"]` with an optional
//! `:::CLASS`, edges `ID --> ID` and `classDef NAME STYLE`. It fails when a node or
//! subgraph id is declared twice, an edge names an undeclared node, a class used is not
//! defined, subgraphs do not balance, or a label holds a raw quote, bracket, backtick,
//! angle bracket (beyond lakeform's own `<br/>` and `<small>`) or a `#` that does not
//! start an entity code: what would let a name end its label or reshape the chart.

// Each test crate that includes this uses only part of it.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

/// What a valid flowchart declares: node ids, in order, and edges.
#[derive(Debug, Default)]
pub(super) struct Flowchart {
    pub nodes: Vec<String>,
    pub labels: BTreeMap<String, String>,
    pub subgraphs: Vec<String>,
    pub edges: Vec<(String, String)>,
    pub classes: BTreeMap<String, String>,
}

pub(super) fn check(text: &str) -> Result<Flowchart, String> {
    let mut lines = text.lines().enumerate();
    match lines.next() {
        Some((_, "flowchart LR")) | Some((_, "flowchart TD")) => {}
        other => return Err(format!("does not start with `flowchart`: {other:?}")),
    }
    let mut chart = Flowchart::default();
    let mut ids: BTreeSet<String> = BTreeSet::new();
    let mut open = 0usize;
    let mut assigned: Vec<(usize, String)> = Vec::new();
    for (number, raw) in lines {
        let at = |what: String| format!("line {}: {what}: {raw:?}", number + 1);
        let line = raw.trim();
        if line == "end" {
            if open == 0 {
                return Err(at("`end` without `subgraph`".into()));
            }
            open -= 1;
        } else if let Some(rest) = line.strip_prefix("subgraph ") {
            let (id, label, tail) = labelled(rest).map_err(at)?;
            if !tail.is_empty() {
                return Err(at(format!("unexpected {tail:?} after the title")));
            }
            declare(&mut ids, &id).map_err(at)?;
            chart.subgraphs.push(id.clone());
            chart.labels.insert(id, label);
            open += 1;
        } else if let Some(rest) = line.strip_prefix("classDef ") {
            let (name, style) = rest
                .split_once(' ')
                .ok_or_else(|| at("classDef without a style".into()))?;
            identifier(name).map_err(at)?;
            if style.trim().is_empty() || style.contains(['"', ';']) {
                return Err(at("bad style".into()));
            }
            if chart.classes.insert(name.into(), style.into()).is_some() {
                return Err(at(format!("class {name} defined twice")));
            }
        } else if let Some((from, to)) = line.split_once(" --> ") {
            identifier(from).map_err(at)?;
            identifier(to).map_err(at)?;
            chart.edges.push((from.into(), to.into()));
        } else {
            let (id, label, tail) = labelled(line).map_err(at)?;
            declare(&mut ids, &id).map_err(at)?;
            if let Some(class) = tail.strip_prefix(":::") {
                identifier(class).map_err(at)?;
                assigned.push((number + 1, class.to_string()));
            } else if !tail.is_empty() {
                return Err(at(format!("unexpected {tail:?} after the label")));
            }
            chart.nodes.push(id.clone());
            chart.labels.insert(id, label);
        }
    }
    if open != 0 {
        return Err(format!("{open} subgraph(s) not closed with `end`"));
    }
    let nodes: BTreeSet<&String> = chart.nodes.iter().collect();
    for (from, to) in &chart.edges {
        for end in [from, to] {
            if !nodes.contains(end) {
                return Err(format!(
                    "edge {from} --> {to}: {end} is not a declared node"
                ));
            }
        }
    }
    for (line, class) in &assigned {
        if !chart.classes.contains_key(class) {
            return Err(format!("line {line}: class {class} is not defined"));
        }
    }
    Ok(chart)
}

fn declare(ids: &mut BTreeSet<String>, id: &str) -> Result<(), String> {
    if ids.insert(id.to_string()) {
        Ok(())
    } else {
        Err(format!("{id} declared twice"))
    }
}

fn identifier(text: &str) -> Result<(), String> {
    let mut chars = text.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    if first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '_') && text != "end" {
        Ok(())
    } else {
        Err(format!("bad identifier {text:?}"))
    }
}

/// `ID["LABEL"]TAIL` → (id, label, tail), with the label checked.
fn labelled(text: &str) -> Result<(String, String, String), String> {
    let (id, rest) = text
        .split_once("[\"")
        .ok_or_else(|| "expected ID[\"LABEL\"]".to_string())?;
    identifier(id)?;
    let (label, tail) = rest
        .split_once("\"]")
        .ok_or_else(|| "label not closed with \"]".to_string())?;
    check_label(label)?;
    Ok((id.to_string(), label.to_string(), tail.to_string()))
}

fn check_label(label: &str) -> Result<(), String> {
    let plain = label
        .replace("<br/>", "")
        .replace("<small>", "")
        .replace("</small>", "");
    if let Some(c) = plain.chars().find(|c| {
        matches!(c, '"' | '[' | ']' | '(' | ')' | '{' | '}' | '<' | '>' | '`') || c.is_control()
    }) {
        return Err(format!("label {label:?} holds a raw {c:?}"));
    }
    // Every `#` starts an entity code: `#quot;`, `#35;`.
    let mut rest = plain.as_str();
    while let Some(at) = rest.find('#') {
        let after = &rest[at + 1..];
        let end = after
            .find(';')
            .ok_or_else(|| format!("label {label:?} has a `#` that starts no entity"))?;
        if end == 0 || !after[..end].chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(format!("label {label:?} has a `#` that starts no entity"));
        }
        rest = &after[end + 1..];
    }
    Ok(())
}

/// The bodies of the ```` ```mermaid ```` blocks of a markdown document.
pub(super) fn blocks(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<(String, Vec<&str>)> = None;
    for line in markdown.lines() {
        match &mut current {
            None => {
                let ticks = line.len() - line.trim_start_matches('`').len();
                if ticks >= 3 && &line[ticks..] == "mermaid" {
                    current = Some(("`".repeat(ticks), Vec::new()));
                }
            }
            Some((fence, body)) => {
                if line == fence {
                    out.push(body.join("\n"));
                    current = None;
                } else {
                    body.push(line);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checker_rejects_what_would_break_a_chart() {
        let good = "flowchart LR\n  subgraph s0[\"A #35;1\"]\n    n0[\"X<br/><small>t</small>\"]:::create\n    n1[\"Y\"]\n  end\n  n0 --> n1\n  classDef create fill:#fff\n";
        let chart = check(good).unwrap();
        assert_eq!(chart.nodes, ["n0", "n1"]);
        assert_eq!(chart.edges.len(), 1);
        for bad in [
            good.replacen("flowchart LR\n", "graph\n", 1),
            good.replacen("  end\n", "", 1),
            good.replacen("n0 --> n1", "n0 --> n9", 1),
            good.replacen(":::create", ":::drop", 1),
            good.replacen("n1[\"Y\"]", "n0[\"Y\"]", 1),
            good.replacen("n1[\"Y\"]", "n1[\"Y\"\"]", 1),
            good.replacen("n1[\"Y\"]", "n1[\"Y]\"]", 1),
            good.replacen("n1[\"Y\"]", "n1[\"#Y\"]", 1),
            good.replacen("n1[\"Y\"]", "n1[\"<b>Y\"]", 1),
            good.replacen("n1[\"Y\"]", "n1(\"Y\")", 1),
        ] {
            assert!(check(&bad).is_err(), "accepted:\n{bad}");
        }
        assert_eq!(
            blocks("x\n```mermaid\nflowchart LR\n```\n````mermaid\na\n````\n"),
            ["flowchart LR", "a"]
        );
    }
}
