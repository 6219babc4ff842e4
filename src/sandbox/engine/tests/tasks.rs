//! Task graph rules.

use super::{Sandbox, assert_error, cell};

/// ROOT (scheduled) → A → B, and C after ROOT.
fn graph() -> Sandbox {
    let mut sb = Sandbox::with_schema();
    sb.ok("create task root warehouse = wh schedule = '60 minute' as select 1");
    sb.ok("create task a warehouse = wh after root as select 2");
    sb.ok("create task b after a as select 3");
    sb.ok("create task c after d.s.root as select 4");
    sb
}

#[test]
fn new_tasks_are_suspended_and_list_their_predecessors() {
    let mut sb = graph();
    let rows = sb.rows("show tasks");
    assert!(rows.iter().all(|r| cell(r, "state") == "suspended"));
    let b = rows.iter().find(|r| cell(r, "name") == "B").unwrap();
    assert_eq!(
        cell(b, "predecessors"),
        "[\n  \"\\\"D\\\".\\\"S\\\".\\\"A\\\"\"\n]"
    );
}

#[test]
fn a_started_root_freezes_its_graph() {
    let mut sb = graph();
    sb.ok("alter task b resume");
    sb.ok("alter task a resume");
    sb.ok("alter task root resume");
    let e = sb.err("alter task b set comment = 'x'");
    assert_eq!(e.code, "091091");
    assert_eq!(
        e.message,
        "Unable to update graph with root task D.S.ROOT since that root task is not suspended."
    );
    assert_error(
        &sb.err("alter task root modify as select 9"),
        "091091",
        "D.S.ROOT",
    );
    assert_error(
        &sb.err("create task late after b as select 5"),
        "091091",
        "D.S.ROOT",
    );
    assert_error(&sb.err("alter task c add after a"), "091091", "D.S.ROOT");
    assert_error(&sb.err("alter task a suspend"), "091091", "D.S.ROOT");
    assert_error(
        &sb.err("create or replace task a after root as select 2"),
        "091091",
        "D.S.ROOT",
    );
    assert_error(&sb.err("drop task b"), "091091", "D.S.ROOT");
    sb.ok("alter task root suspend");
    sb.ok("alter task b set comment = 'x'");
    sb.ok("create task late after b as select 5");
}

/// `COMMENT ON TASK` is the task's own SET: refused while its graph runs; a started root
/// may still be dropped, and its children become suspended roots.
#[test]
fn comment_on_waits_for_the_graph_and_a_started_root_may_be_dropped() {
    let mut sb = graph();
    sb.ok("alter task root resume");
    assert_error(&sb.err("comment on task b is 'x'"), "091091", "D.S.ROOT");
    sb.ok("alter task root suspend");
    sb.ok("comment on task b is 'x'");
    assert_eq!(cell(&sb.one("show tasks like 'B'"), "comment"), "x");
    sb.ok("alter task root resume");
    sb.ok("drop task root");
    assert_eq!(cell(&sb.one("show tasks like 'A'"), "predecessors"), "[]");
}

#[test]
fn children_may_be_resumed_while_the_root_is_suspended() {
    let mut sb = graph();
    sb.ok("alter task c resume");
    let c = sb.one("show tasks like 'C'");
    assert_eq!(cell(&c, "state"), "started");
    assert_eq!(
        cell(&sb.one("show tasks like 'ROOT'"), "state"),
        "suspended"
    );
}

#[test]
fn dependents_enable_starts_the_whole_graph() {
    let mut sb = graph();
    sb.ok("create task lone schedule = '5 minute' as select 0");
    let result = sb.ok("select system$task_dependents_enable('d.s.root')");
    assert_eq!(
        result.columns[0].name,
        "SYSTEM$TASK_DEPENDENTS_ENABLE('D.S.ROOT')"
    );
    let rows = sb.rows("show tasks");
    let states: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (cell(r, "name"), cell(r, "state")))
        .collect();
    assert_eq!(
        states,
        [
            ("A", "started"),
            ("B", "started"),
            ("C", "started"),
            ("LONE", "suspended"),
            ("ROOT", "started")
        ]
    );
    assert!(sb.engine.take_dirty());
}

#[test]
fn predecessors_must_exist_share_the_schema_and_not_loop() {
    let mut sb = graph();
    assert_error(
        &sb.err("create task x after nope as select 1"),
        "002003",
        "Task 'D.S.NOPE' does not exist",
    );
    sb.ok("create schema d.other");
    sb.ok("create task d.other.t schedule = '1 minute' as select 1");
    sb.ok("use schema d.s");
    assert_error(
        &sb.err("create task x after d.other.t as select 1"),
        "091094",
        "same database and schema",
    );
    assert_error(&sb.err("alter task root add after b"), "091095", "cycle");
    assert_error(&sb.err("alter task a add after a"), "091095", "cycle");
    assert_error(
        &sb.err("create task x schedule = '1 minute' after root as select 1"),
        "002043",
        "cannot have both a schedule and predecessors",
    );
    sb.ok("alter task b remove after a");
    sb.ok("alter task b add after c");
    assert_eq!(
        cell(&sb.one("show tasks like 'B'"), "predecessors"),
        "[\n  \"\\\"D\\\".\\\"S\\\".\\\"C\\\"\"\n]"
    );
}

#[test]
fn dropping_a_predecessor_frees_its_children() {
    let mut sb = graph();
    sb.ok("drop task a");
    assert_eq!(cell(&sb.one("show tasks like 'B'"), "predecessors"), "[]");
}

#[test]
fn execute_task_runs_roots_only() {
    let mut sb = graph();
    assert_eq!(
        sb.status("execute task root"),
        "Task ROOT is scheduled to run immediately."
    );
    assert_error(&sb.err("execute task a"), "002043", "only a root task");
    assert_error(&sb.err("execute task nope"), "002003", "Task 'D.S.NOPE'");
}

// Finalizer tasks: `FINALIZE = <root task>`
// (https://docs.snowflake.com/en/sql-reference/sql/create-task,
// https://docs.snowflake.com/en/user-guide/tasks-graphs#finalizer-task): a finalizer is
// tied to one root, a root has one finalizer, a finalizer has no schedule, no AFTER and no
// children, and SHOW TASKS lists the link in `task_relations`
// (https://docs.snowflake.com/en/sql-reference/sql/show-tasks).
#[test]
fn finalizer_tasks_belong_to_one_root() {
    let mut sb = graph();
    assert_eq!(
        sb.status("create task fin warehouse = wh finalize = root as select 9"),
        "Task FIN successfully created."
    );
    let relations = |sb: &mut Sandbox, task: &str| -> serde_json::Value {
        let row = sb.one(&format!("show tasks like '{task}'"));
        serde_json::from_str(cell(&row, "task_relations")).unwrap()
    };
    assert_eq!(
        relations(&mut sb, "root")["FinalizerTask"],
        "\"D\".\"S\".\"FIN\""
    );
    assert_eq!(
        relations(&mut sb, "fin")["FinalizedRootTask"],
        "\"D\".\"S\".\"ROOT\""
    );
    assert!(relations(&mut sb, "a").get("FinalizerTask").is_none());

    // One finalizer per root; only a root is finalized; no AFTER or SCHEDULE on it.
    let refused = |sb: &mut Sandbox, sql: &str| assert_eq!(sb.err(sql).code, "091096", "{sql}");
    refused(&mut sb, "create task fin2 finalize = root as select 1");
    refused(&mut sb, "create task fin2 finalize = a as select 1");
    refused(
        &mut sb,
        "create task fin2 schedule = '5 minute' finalize = c as select 1",
    );
    refused(&mut sb, "create task fin2 after a finalize = c as select 1");
    assert_eq!(
        sb.err("create task x finalize = nosuch as select 1").code,
        "002003"
    );
    // A finalizer has no child tasks, and its root cannot stop being a root.
    assert_eq!(sb.err("create task x after fin as select 1").code, "002043");
    sb.ok("create task other as select 1");
    sb.ok("alter task root unset schedule");
    assert_eq!(sb.err("alter task root add after other").code, "091096");
    sb.ok("alter task root set schedule = '60 minute'");
    refused(&mut sb, "alter task fin set schedule = '5 minute'");

    // The finalizer is part of its root's graph: it changes only while the root is
    // suspended, and the root's dependents are resumed with it.
    sb.ok("alter task root resume");
    assert_eq!(sb.err("alter task fin modify as select 10").code, "091091");
    sb.ok("alter task root suspend");

    // ALTER TASK … UNSET FINALIZE / SET FINALIZE move the finalizer.
    sb.ok("alter task fin unset finalize");
    assert!(relations(&mut sb, "root").get("FinalizerTask").is_none());
    assert!(relations(&mut sb, "fin").get("FinalizedRootTask").is_none());
    sb.ok("alter task fin set finalize = other");
    assert_eq!(
        relations(&mut sb, "other")["FinalizerTask"],
        "\"D\".\"S\".\"FIN\""
    );
    assert_error(
        &sb.err("alter task fin2 set finalize = other"),
        "002003",
        "Task 'D.S.FIN2' does not exist",
    );
    sb.ok("create task fin2 as select 1");
    refused(&mut sb, "alter task fin2 set finalize = other");
    // Dropping the root leaves the finalizer a standalone task.
    sb.ok("drop task other");
    assert!(relations(&mut sb, "fin").get("FinalizedRootTask").is_none());
}

#[test]
fn finalize_parses_in_create_and_alter() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create task r schedule = '5 minute' as select 1");
    sb.ok("create task f finalize = 'D.S.R' as select 2");
    sb.ok("create task g as select 3");
    sb.ok("alter task f unset finalize");
    sb.ok("alter task g set finalize = d.s.r, comment = 'g'");
    assert_eq!(cell(&sb.one("show tasks like 'g'"), "comment"), "g");
}
