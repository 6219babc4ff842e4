//! Network rules: CREATE / ALTER / DROP, SHOW NETWORK RULES and DESCRIBE NETWORK RULE,
//! with the rules their pages state.

use super::{Sandbox, assert_error, cell};

// https://docs.snowflake.com/en/sql-reference/sql/create-network-rule,
// https://docs.snowflake.com/en/sql-reference/sql/show-network-rules,
// https://docs.snowflake.com/en/sql-reference/sql/desc-network-rule.
#[test]
fn network_rule_lifecycle() {
    let mut sb = Sandbox::with_schema();
    assert_eq!(
        sb.status(
            "create network rule cloud_network type = ipv4 value_list = ('47.88.25.32/27') \
             comment = 'cloud egress ip range'"
        ),
        "Network rule CLOUD_NETWORK successfully created."
    );
    sb.ok(
        "create network rule external_access_rule type = host_port mode = egress \
         value_list = ('example.com', 'company.com:443')",
    );
    let row = sb.one("show network rules like 'cloud%'");
    assert_eq!(
        [
            "name",
            "database_name",
            "schema_name",
            "type",
            "mode",
            "entries_in_valuelist",
            "comment",
            "owner_role_type"
        ]
        .map(|c| cell(&row, c)),
        [
            "CLOUD_NETWORK",
            "D",
            "S",
            "IPV4",
            "INGRESS",
            "1",
            "cloud egress ip range",
            "ROLE"
        ]
    );
    let described = sb.one("describe network rule external_access_rule");
    assert_eq!(cell(&described, "type"), "HOST_PORT");
    assert_eq!(cell(&described, "mode"), "EGRESS");
    assert_eq!(
        cell(&described, "value_list"),
        "example.com,company.com:443"
    );

    // SET VALUE_LIST replaces the list ("not additive"); UNSET empties it.
    sb.ok("alter network rule cloud_network set value_list = ('10.0.0.1', '10.0.0.2')");
    assert_eq!(
        cell(
            &sb.one("show network rules like 'cloud_network'"),
            "entries_in_valuelist"
        ),
        "2"
    );
    sb.ok("alter network rule cloud_network unset value_list");
    sb.ok("alter network rule cloud_network unset comment");
    let row = sb.one("show network rules like 'cloud_network'");
    assert_eq!(cell(&row, "entries_in_valuelist"), "0");
    assert_eq!(cell(&row, "comment"), "");
    sb.ok("create or replace network rule cloud_network type = ipv4 value_list = ('1.2.3.4')");
    assert_eq!(
        sb.names("show network rules in schema d.s"),
        ["CLOUD_NETWORK", "EXTERNAL_ACCESS_RULE"]
    );
    sb.ok("drop network rule cloud_network");
    assert_error(
        &sb.err("describe network rule cloud_network"),
        "002003",
        "Network rule 'D.S.CLOUD_NETWORK' does not exist or not authorized.",
    );
}

#[test]
fn network_rules_refuse_what_their_pages_refuse() {
    let mut sb = Sandbox::with_schema();
    // "When TYPE = HOST_PORT, the MODE parameter should be set to EGRESS."
    assert_error(
        &sb.err("create network rule r type = host_port value_list = ('example.com')"),
        "002029",
        "invalid value [INGRESS] for parameter 'MODE'",
    );
    // "When TYPE = IPV4, each value must be a valid IPv4 address or range of addresses."
    assert_error(
        &sb.err("create network rule r type = ipv4 value_list = ('10.0.0.0/40')"),
        "002029",
        "invalid value [10.0.0.0/40] for parameter 'VALUE_LIST'",
    );
    assert_error(
        &sb.err("create network rule r type = ipv5 value_list = ('10.0.0.1')"),
        "002029",
        "for parameter 'TYPE'",
    );
    assert_error(
        &sb.err("create network rule r type = ipv4"),
        "002031",
        "Missing option(s): [VALUE_LIST]",
    );
    sb.ok("create network rule r type = ipv4 value_list = ('10.0.0.1')");
    // TYPE and MODE cannot change; ALTER documents no RENAME TO.
    assert_error(
        &sb.err("alter network rule r set mode = egress"),
        "001008",
        "invalid property 'MODE'",
    );
    assert_error(&sb.err("alter network rule r rename to r2"), "001003", "");
    assert_error(
        &sb.err("alter network rule r set value_list = ('not-an-ip')"),
        "002029",
        "VALUE_LIST",
    );
    assert_error(
        &sb.err("create network rule r type = ipv4 value_list = ('10.0.0.1')"),
        "002002",
        "Object 'R' already exists.",
    );
}

// https://docs.snowflake.com/en/sql-reference/sql/create-network-rule, "CREATE OR ALTER
// NETWORK RULE": creates the rule when absent, else updates VALUE_LIST and adds, updates
// or removes COMMENT, with ALTER NETWORK RULE's limitations.
#[test]
fn create_or_alter_network_rule_updates_the_list_and_comment_only() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create or alter network rule r type = ipv4 value_list = ('10.0.0.1') comment = 'c'");
    assert_eq!(
        cell(
            &sb.one("show network rules like 'r'"),
            "entries_in_valuelist"
        ),
        "1"
    );
    sb.ok("create or alter network rule r type = ipv4 value_list = ('10.0.0.1', '10.0.0.2')");
    let row = sb.one("show network rules like 'r'");
    assert_eq!(cell(&row, "entries_in_valuelist"), "2");
    // The definition has no COMMENT: it is removed.
    assert_eq!(cell(&row, "comment"), "");
    assert_error(
        &sb.err("create or alter network rule r type = ipv4 mode = internal_stage value_list = ('10.0.0.1')"),
        "001008",
        "invalid property 'MODE'",
    );
    assert_error(
        &sb.err(
            "create or alter network rule r type = host_port mode = egress value_list = ('a.com')",
        ),
        "001008",
        "invalid property 'TYPE'",
    );
    // Refused changes leave the rule as it was.
    assert_eq!(
        cell(
            &sb.one("show network rules like 'r'"),
            "entries_in_valuelist"
        ),
        "2"
    );
}
