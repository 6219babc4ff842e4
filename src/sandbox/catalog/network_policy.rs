//! Network policies, the whole kind: an account-level list of allowed and blocked IPv4
//! addresses and network rules, kept as CREATE NETWORK POLICY gives it, altered by SET /
//! UNSET COMMENT, and the SHOW NETWORK POLICIES / DESCRIBE NETWORK POLICY rows.
//!
//! The rules (https://docs.snowflake.com/en/sql-reference/sql/create-network-policy,
//! https://docs.snowflake.com/en/sql-reference/sql/alter-network-policy):
//! * every property is optional: `ALLOWED_NETWORK_RULE_LIST`, `BLOCKED_NETWORK_RULE_LIST`
//!   (`( '<network_rule>' [ , … ] )`, each rule existing, its name resolved as any object
//!   name in the session's context), `ALLOWED_IP_LIST` and `BLOCKED_IP_LIST` ("a list of
//!   IPv4 addresses", a range as CIDR), `COMMENT`;
//! * ALTER sets any of them (a list replaces the one there) and unsets COMMENT;
//! * ALTER's `ADD` / `REMOVE` of `ALLOWED_NETWORK_RULE_LIST` or `BLOCKED_NETWORK_RULE_LIST`
//!   adds rules to a list "without replacing existing ones", or takes them out; each rule
//!   named must exist. The page is silent on adding a rule the list has and removing one
//!   it lacks: the list keeps a rule once, and removing an absent one changes nothing;
//! * DESCRIBE answers a `name` / `value` row per list that is set, a list as its values
//!   joined by commas (the page's example shows IP lists only; rules are shown by their
//!   full names).
//!
//! A user's `NETWORK_POLICY` (CREATE / ALTER USER) must name an existing policy, and "a
//! network policy cannot be dropped if it is currently assigned to an account, security
//! integration, or user" (https://docs.snowflake.com/en/sql-reference/sql/drop-network-policy),
//! nor replaced (bundle 2023_07, bcr-1337): here users are what can hold one.
//!
//! Not modelled: SET / UNSET TAG (syntax errors
//! here), the account's and security integrations' policies (ALTER ACCOUNT and security
//! integrations are not emulated), and which rule modes a policy may use (the pages do
//! not say what fails).

use serde::{Deserialize, Serialize};

use super::network_rule::{NetworkRule, ipv4_or_range};
use super::rows::{columns, comment, stamp, text};
use super::{Catalog, Meta, Names, OuterKind, OuterName, comment_property, display_value};
use crate::model::identifier::ObjectName;
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::{AlterAction, Parser, Property};

const KIND: &str = "NETWORK POLICY";

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct NetworkPolicy {
    pub(crate) meta: Meta,
    pub(crate) allowed_ip_list: Vec<String>,
    pub(crate) blocked_ip_list: Vec<String>,
    pub(crate) allowed_network_rules: Vec<ObjectName>,
    pub(crate) blocked_network_rules: Vec<ObjectName>,
    /// Rule lists as written, until [`OuterKind::resolve`] resolves them in the session's
    /// context: (allowed, what is done with them, names).
    #[serde(skip)]
    written_rules: Vec<(bool, Edit, Vec<String>)>,
}

/// What a written rule list does to the policy's list: SET replaces it, ALTER's ADD and
/// REMOVE add to it and take from it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Edit {
    Replace,
    Add,
    Remove,
}

impl NetworkPolicy {
    fn apply(&mut self, property: &Property) -> Result<(), SqlError> {
        if comment_property(&mut self.meta, property)? {
            return Ok(());
        }
        let invalid = || SqlError::invalid_value(&property.key, &display_value(property));
        let list = || property.value.strings().ok_or_else(invalid);
        let ips = || -> Result<Vec<String>, SqlError> {
            let values = list()?;
            match values.iter().find(|v| !ipv4_or_range(v)) {
                Some(bad) => Err(SqlError::invalid_value(&property.key, bad)),
                None => Ok(values),
            }
        };
        match property.key.as_str() {
            "ALLOWED_IP_LIST" => self.allowed_ip_list = ips()?,
            "BLOCKED_IP_LIST" => self.blocked_ip_list = ips()?,
            "ALLOWED_NETWORK_RULE_LIST" => {
                self.written_rules.push((true, Edit::Replace, list()?));
            }
            "BLOCKED_NETWORK_RULE_LIST" => {
                self.written_rules.push((false, Edit::Replace, list()?));
            }
            _ => return Err(SqlError::invalid_property(&property.key, KIND)),
        }
        Ok(())
    }
}

/// A quoted rule name (`'db.s.rule'`) as the network rule it names, which must exist.
fn rule(catalog: &Catalog, written: &str, names: &Names<'_>) -> Result<ObjectName, SqlError> {
    let raw = Parser::new(written)
        .and_then(|mut p| {
            let name = p.name()?;
            p.expect_end()?;
            Ok(name)
        })
        .map_err(|_| SqlError::invalid_value("NETWORK_RULE_LIST", written))?;
    let name = names(&raw)?;
    catalog.get::<NetworkRule>(&name)?;
    Ok(name)
}

/// SHOW NETWORK POLICIES (https://docs.snowflake.com/en/sql-reference/sql/show-network-policies:
/// the columns of its example output).
const POLICY_COLUMNS: [(&str, &str); 7] = [
    ("created_on", "timestamp_ltz"),
    ("name", "text"),
    ("comment", "text"),
    ("entries_in_allowed_ip_list", "fixed"),
    ("entries_in_blocked_ip_list", "fixed"),
    ("entries_in_allowed_network_rules", "fixed"),
    ("entries_in_blocked_network_rules", "fixed"),
];

impl OuterKind for NetworkPolicy {
    const COLUMNS: &'static [(&'static str, &'static str)] = &POLICY_COLUMNS;

    fn build(
        _: &Catalog,
        _: &OuterName,
        meta: Meta,
        properties: &[Property],
    ) -> Result<NetworkPolicy, SqlError> {
        let mut policy = NetworkPolicy {
            meta,
            allowed_ip_list: Vec::new(),
            blocked_ip_list: Vec::new(),
            allowed_network_rules: Vec::new(),
            blocked_network_rules: Vec::new(),
            written_rules: Vec::new(),
        };
        for property in properties {
            policy.apply(property)?;
        }
        Ok(policy)
    }

    fn set_properties(&mut self, _: &Catalog, properties: &[Property]) -> Result<(), SqlError> {
        for property in properties {
            self.apply(property)?;
        }
        Ok(())
    }

    /// "ALTER NETWORK POLICY [ IF EXISTS ] <name> UNSET COMMENT" is the only UNSET.
    fn unset_properties(&mut self, keys: &[String]) -> Result<(), SqlError> {
        for key in keys {
            match key.as_str() {
                "COMMENT" => self.meta.comment = None,
                _ => return Err(SqlError::invalid_property(key, KIND)),
            }
        }
        Ok(())
    }

    /// `{ ADD | REMOVE } { ALLOWED_NETWORK_RULE_LIST | BLOCKED_NETWORK_RULE_LIST } = …`,
    /// its rules resolved (and checked to exist) by [`OuterKind::resolve`].
    fn verb(&mut self, _: &OuterName, action: &AlterAction) -> Result<(), SqlError> {
        match action {
            AlterAction::NetworkRuleList {
                add,
                allowed,
                rules,
            } => {
                let edit = if *add { Edit::Add } else { Edit::Remove };
                self.written_rules.push((*allowed, edit, rules.clone()));
                Ok(())
            }
            _ => Err(SqlError::unsupported(format!(
                "This ALTER action is not supported for a {KIND}."
            ))),
        }
    }

    /// Not while a user has it (`ALTER USER … SET NETWORK_POLICY`).
    fn check_drop(catalog: &Catalog, name: &OuterName) -> Result<(), SqlError> {
        if catalog
            .account
            .users
            .values()
            .any(|u| u.network_policy.as_ref() == Some(&name.name))
        {
            return Err(SqlError::network_policy_in_use(&name.name.to_sql()));
        }
        Ok(())
    }

    fn resolve(&mut self, catalog: &Catalog, names: &Names<'_>) -> Result<(), SqlError> {
        for (allowed, edit, written) in std::mem::take(&mut self.written_rules) {
            let rules = written
                .iter()
                .map(|w| rule(catalog, w, names))
                .collect::<Result<Vec<_>, _>>()?;
            let list = if allowed {
                &mut self.allowed_network_rules
            } else {
                &mut self.blocked_network_rules
            };
            match edit {
                Edit::Replace => *list = rules,
                Edit::Add => {
                    for rule in rules {
                        if !list.contains(&rule) {
                            list.push(rule);
                        }
                    }
                }
                Edit::Remove => list.retain(|r| !rules.contains(r)),
            }
        }
        Ok(())
    }

    fn row(_: &Catalog, _: &SqlSession, name: &OuterName, p: &Self) -> Vec<Option<String>> {
        vec![
            stamp(p.meta.created_on),
            text(name.name.as_str()),
            comment(&p.meta.comment),
            text(p.allowed_ip_list.len().to_string()),
            text(p.blocked_ip_list.len().to_string()),
            text(p.allowed_network_rules.len().to_string()),
            text(p.blocked_network_rules.len().to_string()),
        ]
    }

    /// DESCRIBE NETWORK POLICY (https://docs.snowflake.com/en/sql-reference/sql/desc-network-policy).
    fn describe(_: &Catalog, _: &OuterName, p: &Self) -> QueryResult {
        let rules = |list: &[ObjectName]| {
            list.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",")
        };
        let rows = [
            ("ALLOWED_IP_LIST", p.allowed_ip_list.join(",")),
            ("BLOCKED_IP_LIST", p.blocked_ip_list.join(",")),
            ("ALLOWED_NETWORK_RULE_LIST", rules(&p.allowed_network_rules)),
            ("BLOCKED_NETWORK_RULE_LIST", rules(&p.blocked_network_rules)),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| vec![text(name), text(value)])
        .collect();
        QueryResult {
            columns: columns(&[("name", "text"), ("value", "text")]),
            rows,
        }
    }
}
