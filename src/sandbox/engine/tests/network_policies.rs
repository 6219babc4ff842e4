//! Network policies: CREATE / ALTER / DROP, SHOW NETWORK POLICIES and DESCRIBE NETWORK
//! POLICY, their IP lists checked and their network rules resolved.

use super::{Sandbox, assert_error, cell};

// https://docs.snowflake.com/en/sql-reference/sql/create-network-policy,
// https://docs.snowflake.com/en/sql-reference/sql/show-network-policies,
// https://docs.snowflake.com/en/sql-reference/sql/desc-network-policy.
#[test]
fn network_policy_lifecycle() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create network rule corp type = ipv4 value_list = ('10.0.0.0/8')");
    assert_eq!(
        sb.status(
            "create network policy mypolicy1 allowed_ip_list = ('192.168.1.0/24') \
             blocked_ip_list = ('192.168.1.99') comment = 'office'"
        ),
        "Network policy MYPOLICY1 successfully created."
    );
    // A rule's name resolves in the session's schema, as any object name.
    sb.ok("create network policy by_rule allowed_network_rule_list = ('corp')");
    let row = sb.one("show network policies like 'mypolicy1'");
    assert_eq!(
        [
            "name",
            "comment",
            "entries_in_allowed_ip_list",
            "entries_in_blocked_ip_list",
            "entries_in_allowed_network_rules",
            "entries_in_blocked_network_rules"
        ]
        .map(|c| cell(&row, c)),
        ["MYPOLICY1", "office", "1", "1", "0", "0"]
    );
    let described = sb.rows("describe network policy mypolicy1");
    let pairs: Vec<(&str, &str)> = described
        .iter()
        .map(|r| (cell(r, "name"), cell(r, "value")))
        .collect();
    assert_eq!(
        pairs,
        [
            ("ALLOWED_IP_LIST", "192.168.1.0/24"),
            ("BLOCKED_IP_LIST", "192.168.1.99")
        ]
    );
    let described = sb.one("describe network policy by_rule");
    assert_eq!(cell(&described, "name"), "ALLOWED_NETWORK_RULE_LIST");
    assert_eq!(cell(&described, "value"), "D.S.CORP");
    // SET replaces a list; UNSET takes only COMMENT.
    sb.ok("alter network policy mypolicy1 set allowed_ip_list = ('1.1.1.1', '2.2.2.2')");
    sb.ok("alter network policy mypolicy1 unset comment");
    let row = sb.one("show network policies like 'mypolicy1'");
    assert_eq!(cell(&row, "entries_in_allowed_ip_list"), "2");
    assert_eq!(cell(&row, "comment"), "");
    sb.ok("drop network policy mypolicy1");
    assert_error(
        &sb.err("describe network policy mypolicy1"),
        "002003",
        "Network policy 'MYPOLICY1' does not exist or not authorized.",
    );
}

#[test]
fn network_policies_refuse_what_their_pages_refuse() {
    let mut sb = Sandbox::with_schema();
    // "a list of IPv4 addresses".
    assert_error(
        &sb.err("create network policy p allowed_ip_list = ('192.168.1.0/40')"),
        "002029",
        "invalid value [192.168.1.0/40] for parameter 'ALLOWED_IP_LIST'",
    );
    // A network rule that does not exist.
    assert_error(
        &sb.err("create network policy p blocked_network_rule_list = ('d.s.nope')"),
        "002003",
        "Network rule 'D.S.NOPE' does not exist or not authorized.",
    );
    assert!(sb.rows("show network policies").is_empty());
    sb.ok("create network policy p");
    assert_error(
        &sb.err("alter network policy p unset allowed_ip_list"),
        "001008",
        "invalid property 'ALLOWED_IP_LIST'",
    );
    assert_error(
        &sb.err("alter network policy p set allowed_network_rule_list = ('nope')"),
        "002003",
        "Network rule 'D.S.NOPE' does not exist",
    );
    assert_error(
        &sb.err("create network policy p"),
        "002002",
        "Object 'P' already exists.",
    );
}

// A user's NETWORK_POLICY "Specifies an existing network policy"
// (https://docs.snowflake.com/en/sql-reference/sql/create-user), and "A network policy
// cannot be dropped if it is currently assigned to an account, security integration, or
// user" (https://docs.snowflake.com/en/sql-reference/sql/drop-network-policy), nor
// replaced (https://docs.snowflake.com/en/release-notes/bcr-bundles/2023_07/bcr-1337).
#[test]
fn a_policy_set_on_a_user_must_exist_and_stays_while_set() {
    let mut sb = Sandbox::with_schema();
    assert_error(
        &sb.err("create user u network_policy = office"),
        "002003",
        "Network policy 'OFFICE' does not exist or not authorized.",
    );
    sb.ok("create network policy office allowed_ip_list = ('10.0.0.1')");
    sb.ok("create user u network_policy = office");
    assert_error(
        &sb.err("drop network policy office"),
        "003528",
        "Network policy OFFICE cannot be dropped/replaced",
    );
    assert_error(
        &sb.err("create or replace network policy office"),
        "003528",
        "cannot be dropped/replaced",
    );
    assert_error(
        &sb.err("alter user u set network_policy = nope"),
        "002003",
        "Network policy 'NOPE' does not exist",
    );
    sb.ok("alter user u unset network_policy");
    sb.ok("drop network policy office");
    assert!(sb.rows("show network policies").is_empty());
}

/// The rules of a list as DESCRIBE NETWORK POLICY shows it (empty when unset).
fn rule_list(sb: &mut Sandbox, policy: &str, list: &str) -> String {
    sb.rows(&format!("describe network policy {policy}"))
        .iter()
        .find(|r| cell(r, "name") == list)
        .map(|r| cell(r, "value").to_string())
        .unwrap_or_default()
}

// https://docs.snowflake.com/en/sql-reference/sql/alter-network-policy: ADD puts rules in a
// list "without replacing existing ones", REMOVE takes them out.
#[test]
fn alter_network_policy_adds_and_removes_rules() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create network rule corp type = ipv4 value_list = ('10.0.0.0/8')");
    sb.ok("create network rule vpn type = ipv4 value_list = ('172.16.0.0/12')");
    sb.ok("create network rule bad type = ipv4 value_list = ('192.0.2.1')");
    sb.ok("create network policy p allowed_network_rule_list = ('corp')");
    // The page's one-rule form and its list form.
    sb.ok("alter network policy p add allowed_network_rule_list = 'vpn'");
    sb.ok("alter network policy p add blocked_network_rule_list = ('bad')");
    assert_eq!(
        rule_list(&mut sb, "p", "ALLOWED_NETWORK_RULE_LIST"),
        "D.S.CORP,D.S.VPN"
    );
    assert_eq!(
        rule_list(&mut sb, "p", "BLOCKED_NETWORK_RULE_LIST"),
        "D.S.BAD"
    );
    let row = sb.one("show network policies like 'P'");
    assert_eq!(cell(&row, "entries_in_allowed_network_rules"), "2");
    // A rule the list has is kept once (the page is silent; chosen).
    sb.ok("alter network policy p add allowed_network_rule_list = ('d.s.corp')");
    assert_eq!(
        rule_list(&mut sb, "p", "ALLOWED_NETWORK_RULE_LIST"),
        "D.S.CORP,D.S.VPN"
    );
    sb.ok("alter network policy p remove allowed_network_rule_list = 'corp'");
    assert_eq!(
        rule_list(&mut sb, "p", "ALLOWED_NETWORK_RULE_LIST"),
        "D.S.VPN"
    );
    // Removing a rule the list lacks changes nothing (the page is silent; chosen).
    sb.ok("alter network policy p remove allowed_network_rule_list = ('bad')");
    assert_eq!(
        rule_list(&mut sb, "p", "ALLOWED_NETWORK_RULE_LIST"),
        "D.S.VPN"
    );
    sb.ok("alter network policy p remove blocked_network_rule_list = ('bad')");
    assert_eq!(rule_list(&mut sb, "p", "BLOCKED_NETWORK_RULE_LIST"), "");
}

#[test]
fn alter_network_policy_add_refuses_unknown_rules_and_ip_lists() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create network rule corp type = ipv4 value_list = ('10.0.0.0/8')");
    sb.ok("create network policy p allowed_network_rule_list = ('corp')");
    // A rule must exist, to add it or to remove it; nothing changes.
    assert_error(
        &sb.err("alter network policy p add allowed_network_rule_list = ('corp', 'nope')"),
        "002003",
        "'D.S.NOPE' does not exist or not authorized.",
    );
    assert_error(
        &sb.err("alter network policy p remove allowed_network_rule_list = 'nope'"),
        "002003",
        "does not exist or not authorized.",
    );
    assert_eq!(
        rule_list(&mut sb, "p", "ALLOWED_NETWORK_RULE_LIST"),
        "D.S.CORP"
    );
    // Only the rule lists take ADD and REMOVE.
    for sql in [
        "alter network policy p add allowed_ip_list = ('1.1.1.1')",
        "alter network policy p remove blocked_ip_list = '1.1.1.1'",
        "alter network policy p add allowed_network_rule_list ('corp')",
        "alter network rule corp add value_list = ('1.1.1.1')",
    ] {
        assert_error(&sb.err(sql), "001003", "syntax error");
    }
    assert_error(
        &sb.err("alter network policy nope add allowed_network_rule_list = 'corp'"),
        "002003",
        "Network policy 'NOPE' does not exist or not authorized.",
    );
}

#[test]
fn adding_a_rule_needs_the_policys_ownership() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create network rule corp type = ipv4 value_list = ('10.0.0.0/8')");
    sb.ok("create network policy p");
    sb.ok("create role r");
    sb.session.role = Some("R".to_string());
    assert_error(
        &sb.err("alter network policy p add allowed_network_rule_list = 'd.s.corp'"),
        "003001",
        "Insufficient privileges",
    );
    sb.session.role = None;
    assert_eq!(rule_list(&mut sb, "p", "ALLOWED_NETWORK_RULE_LIST"), "");
}
