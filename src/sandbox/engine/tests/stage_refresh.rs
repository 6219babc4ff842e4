//! `ALTER STAGE … REFRESH [ SUBPATH = '…' ]`: a stage's directory table refreshed
//! (https://docs.snowflake.com/en/sql-reference/sql/alter-stage, "Directory table syntax").

use super::{Sandbox, assert_error, cell};

#[test]
fn a_directory_table_is_refreshed_whole_or_by_subpath() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create stage mystage directory = (enable = true)");
    // The documentation's examples.
    sb.ok("ALTER STAGE mystage REFRESH");
    sb.ok("ALTER STAGE mystage REFRESH SUBPATH = 'data'");
    sb.ok("alter stage if exists d.s.mystage refresh subpath 'data/json'");
    sb.ok("alter stage if exists nosuch refresh");
    // Nothing else about the stage changed.
    let row = sb.one("show stages like 'MYSTAGE'");
    assert_eq!(cell(&row, "directory_enabled"), "Y");
}

#[test]
fn a_stage_without_a_directory_table_has_nothing_to_refresh() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create stage plain");
    assert_error(
        &sb.err("alter stage plain refresh"),
        "091098",
        "Stage D.S.PLAIN has no directory table",
    );
    sb.ok("alter stage plain set directory = (enable = true)");
    sb.ok("alter stage plain refresh");
    assert_error(&sb.err("alter stage nosuch refresh"), "002003", "NOSUCH");
    // SUBPATH is a string literal.
    assert_error(
        &sb.err("alter stage plain refresh subpath = data"),
        "001003",
        "data",
    );
}

#[test]
fn a_refresh_takes_write_on_the_stage_not_its_ownership() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create stage st directory = (enable = true)");
    sb.ok("create role loader");
    sb.ok("grant usage on database d to role loader");
    sb.ok("grant usage on schema d.s to role loader");
    sb.ok("grant read on stage st to role loader");
    sb.session.role = Some("LOADER".to_string());
    assert_error(
        &sb.err("alter stage st refresh"),
        "003001",
        "Insufficient privileges",
    );
    sb.session.role = None;
    sb.ok("grant write on stage st to role loader");
    sb.session.role = Some("LOADER".to_string());
    sb.ok("alter stage st refresh");
    // WRITE does not let the role change the stage itself.
    assert_error(
        &sb.err("alter stage st set comment = 'x'"),
        "003001",
        "Insufficient privileges",
    );
}
