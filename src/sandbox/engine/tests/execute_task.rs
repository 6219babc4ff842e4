//! `EXECUTE TASK` and its documented forms: `USING CONFIG`, `RETRY LAST`, `RETRY GRAPH
//! RUN GROUP` (https://docs.snowflake.com/en/sql-reference/sql/execute-task).

use super::{Sandbox, assert_error};

fn graph() -> Sandbox {
    let mut sb = Sandbox::with_schema();
    sb.ok("create task root warehouse = wh schedule = '10 minute' config = $${\"environment\": \"production\"}$$ as select 1");
    sb.ok("create task child after root as select 2");
    sb
}

#[test]
fn a_root_runs_with_a_dynamic_config() {
    let mut sb = graph();
    assert_eq!(
        sb.status("execute task root"),
        "Task ROOT is scheduled to run immediately."
    );
    // The documentation's own example.
    assert_eq!(
        sb.status(
            "EXECUTE TASK root\n  USING CONFIG=$${\n    \"output_paths\": {\n      \"results\": \"/temp/testing\"\n    }\n  }$$"
        ),
        "Task ROOT is scheduled to run immediately."
    );
    sb.ok("execute task d.s.root using config = '{\"k\":\"v\"}'");
    // The configuration is JSON of CONFIG's shape: an object.
    assert_error(
        &sb.err("execute task root using config = 'not json'"),
        "002029",
        "'CONFIG'",
    );
    assert_error(
        &sb.err("execute task root using config = '[1, 2]'"),
        "002029",
        "'CONFIG'",
    );
}

#[test]
fn a_child_task_is_refused_in_every_form() {
    let mut sb = graph();
    for sql in [
        "execute task child",
        "execute task child retry last",
        "execute task child using config = '{}'",
    ] {
        assert_error(&sb.err(sql), "002043", "only a root task");
    }
}

#[test]
fn a_retry_needs_a_failed_graph_run_the_sandbox_never_has() {
    let mut sb = graph();
    assert_error(
        &sb.err("execute task root retry last"),
        "091097",
        "no failed or canceled graph run",
    );
    assert_error(
        &sb.err("EXECUTE TASK root RETRY GRAPH RUN GROUP '33af30ab-f960-4ba0-a5c8-d132e5623468'"),
        "091097",
        "D.S.ROOT",
    );
    assert_error(
        &sb.err("execute task nosuch retry last"),
        "002003",
        "NOSUCH",
    );
    // The run group is a string literal, and nothing may follow the form.
    assert_error(
        &sb.err("execute task root retry graph run group abc"),
        "001003",
        "abc",
    );
    assert_error(&sb.err("execute task root retry last now"), "001003", "now");
}
