//! SHOW's LIKE / STARTS WITH / LIMIT … FROM over more than 10,000 objects.

use std::time::Instant;

use super::{Sandbox, cell};

#[test]
fn limit_from_pages_past_ten_thousand_rows() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create schema d.s2");
    let total = 12_345;
    let started = Instant::now();
    for i in 0..total {
        let schema = if i % 2 == 0 { "s" } else { "s2" };
        sb.ok(&format!(
            "create table d.{schema}.t_{i:05} (id int, name string)"
        ));
    }
    let create_time = started.elapsed();

    // A single SHOW stops at 10,000 rows.
    assert_eq!(sb.rows("show tables in database d").len(), 10_000);

    let started = Instant::now();
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let sql = match &cursor {
            Some(last) => format!("show terse tables in database d limit 10000 from '{last}'"),
            None => "show terse tables in database d limit 10000".to_string(),
        };
        let page = sb.names(&sql);
        if page.is_empty() {
            break;
        }
        cursor = page.last().cloned();
        seen.extend(page);
    }
    let show_time = started.elapsed();
    assert_eq!(seen.len(), total);
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, seen, "pages are in name order without repeats");
    // Creating is O(statement): generous bounds that still catch a quadratic catalog.
    assert!(
        create_time.as_secs() < 30,
        "creating {total} tables took {create_time:?}"
    );
    assert!(show_time.as_secs() < 10, "paging took {show_time:?}");
}

#[test]
fn like_starts_with_and_from_filter_before_limit() {
    let mut sb = Sandbox::with_schema();
    for name in ["load_a", "load_b", "load_c", "merge_a", "Quoted"] {
        sb.ok(&format!(
            "create table \"{}\" (x int)",
            name.to_uppercase().replace("QUOTED", "Quoted")
        ));
    }
    assert_eq!(
        sb.names("show tables like 'load%'"),
        ["LOAD_A", "LOAD_B", "LOAD_C"]
    );
    assert_eq!(
        sb.names("show tables starts with 'LOAD'"),
        ["LOAD_A", "LOAD_B", "LOAD_C"]
    );
    assert!(sb.names("show tables starts with 'load'").is_empty());
    assert_eq!(sb.names("show tables like '%a' limit 1"), ["LOAD_A"]);
    assert_eq!(
        sb.names("show tables limit 2 from 'LOAD_A'"),
        ["LOAD_B", "LOAD_C"]
    );
    assert_eq!(
        sb.names("show tables limit 10 from 'M'"),
        ["MERGE_A", "Quoted"]
    );
    let terse = sb.rows("show terse tables like 'MERGE_A'");
    let mut columns: Vec<&String> = terse[0].keys().collect();
    columns.sort();
    assert_eq!(
        columns,
        ["created_on", "database_name", "kind", "name", "schema_name"]
    );
    assert_eq!(cell(&terse[0], "kind"), "TABLE");
}

#[test]
fn terse_views_and_schemas_fill_kind() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create view v as select 1 as one from d.information_schema.columns");
    let row = sb.one("show terse views");
    assert_eq!(
        (cell(&row, "kind"), cell(&row, "schema_name")),
        ("VIEW", "S")
    );
    let row = sb.one("show terse schemas like 'S'");
    assert_eq!(
        (cell(&row, "kind"), cell(&row, "database_name")),
        ("STANDARD", "D")
    );
    assert_eq!(cell(&row, "schema_name"), "<NULL>");
}
