//! Streams on dynamic tables, streams cloned from streams, and dynamic tables cloned from
//! dynamic tables, through the engine
//! (https://docs.snowflake.com/en/sql-reference/sql/create-stream,
//! https://docs.snowflake.com/en/sql-reference/sql/create-dynamic-table, "CREATE DYNAMIC
//! TABLE … CLONE").

use super::{Sandbox, assert_error, cell};

/// A schema with T(C1 INT) and a dynamic table DT over it.
fn with_dynamic_table() -> Sandbox {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (c1 int)");
    sb.ok("create dynamic table dt target_lag = '1 minute' warehouse = wh cluster by (c1) as select c1 from t");
    sb
}

#[test]
fn a_stream_on_a_dynamic_table_takes_only_a_comment() {
    let mut sb = with_dynamic_table();
    sb.ok("create stream if not exists s on dynamic table dt comment = 'changes'");
    let row = sb.one("show streams like 'S'");
    assert_eq!(cell(&row, "table_name"), "D.S.DT");
    assert_eq!(cell(&row, "source_type"), "Dynamic Table");
    assert_eq!(cell(&row, "stale"), "false");
    assert_eq!(cell(&row, "comment"), "changes");
    // APPEND_ONLY is "only supported for streams on standard tables or streams on views",
    // and the dynamic table form has no AT | BEFORE.
    assert_eq!(
        sb.err("create stream s2 on dynamic table dt append_only = false")
            .code,
        "001008"
    );
    assert_eq!(
        sb.err("create stream s2 on dynamic table dt at (offset => -60)")
            .code,
        "001003"
    );
    assert_eq!(sb.err("create stream s2 on dynamic table t").code, "002003");
    // A renamed dynamic table keeps its streams, as a table does.
    sb.ok("alter dynamic table dt rename to dt_renamed");
    let row = sb.one("show streams like 'S'");
    assert_eq!(cell(&row, "table_name"), "D.S.DT_RENAMED");
    assert_eq!(cell(&row, "stale"), "false");
    sb.ok("alter dynamic table dt_renamed rename to dt");
    // Replacing the dynamic table makes the stream stale, as for a table.
    sb.ok("create or replace dynamic table dt target_lag = '1 minute' warehouse = wh as select c1 from t");
    assert_eq!(cell(&sb.one("show streams like 'S'"), "stale"), "true");
}

#[test]
fn a_cloned_stream_has_its_sources_definition() {
    let mut sb = with_dynamic_table();
    sb.ok("create stream src on table t append_only = true");
    sb.ok("create stream copy clone src copy grants");
    let row = sb.one("show streams like 'COPY'");
    assert_eq!(cell(&row, "table_name"), "D.S.T");
    assert_eq!(cell(&row, "mode"), "APPEND_ONLY");
    assert_error(&sb.err("create stream other clone nope"), "002003", "NOPE");
}

#[test]
fn a_cloned_dynamic_table_is_suspended_with_its_sources_definition() {
    let mut sb = with_dynamic_table();
    sb.ok("create dynamic table dt2 clone dt copy grants target_lag = '5 minutes'");
    let row = sb.one("show dynamic tables like 'DT2'");
    assert_eq!(cell(&row, "scheduling_state"), "SUSPENDED");
    assert_eq!(cell(&row, "automatic_clustering"), "OFF");
    assert_eq!(cell(&row, "target_lag"), "5 minutes");
    assert_eq!(cell(&row, "cluster_by"), "LINEAR(c1)");
    assert_eq!(sb.rows("describe dynamic table dt2").len(), 1);
    // A point before the source existed has no time travel data.
    assert_eq!(
        sb.err("create dynamic table dt3 clone dt at (offset => -86400)")
            .code,
        "000707"
    );
    assert_eq!(sb.err("create dynamic table dt3 clone t").code, "002003");
}
