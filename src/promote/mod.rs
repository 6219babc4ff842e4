//! Promotion: the same schema files, planned for the next environment (dev → staging →
//! prod), and the check that only the environment's variables tell the two apart.
//!
//! [`compare`] takes both environments' resolved desired states, writes each one's
//! variable values back as `${var}` (its own values), and sorts every object into
//! identical (same resolved definition), differing only by variables (same once written
//! back), or differing otherwise — a warning, since promotion should not change
//! definitions. The drift gate and the plan itself are the CLI's (`cli::promote`); this
//! module only compares and renders.

pub(crate) mod report;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::Environment;
use crate::import::variables::Substitution;
use crate::model::{Address, Kind, Resource};

/// An object as both environments declare it, under its templated name
/// (`table ${database}.BRONZE.RAW_CUSTOMER`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Pair {
    pub(crate) template: String,
    pub(crate) from: Address,
    pub(crate) to: Address,
}

/// An object whose definitions differ beyond variables.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Divergence {
    pub(crate) pair: Pair,
    /// The top-level attributes that differ after substitution.
    pub(crate) attributes: Vec<String>,
}

/// How the desired states of two environments compare.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Comparison {
    pub(crate) identical: Vec<Pair>,
    pub(crate) by_variables: Vec<Pair>,
    pub(crate) differing: Vec<Divergence>,
    /// Declared only in the source environment (by templated name).
    pub(crate) only_in_from: Vec<Address>,
    /// Declared only in the target environment.
    pub(crate) only_in_to: Vec<Address>,
}

impl Comparison {
    /// Whether promotion would change more than variable values.
    #[cfg(test)]
    pub(crate) fn has_warnings(&self) -> bool {
        !(self.differing.is_empty() && self.only_in_from.is_empty() && self.only_in_to.is_empty())
    }
}

struct Side {
    address: Address,
    raw: serde_json::Value,
    templated: serde_json::Value,
}

/// Templated name → the object's address and definitions, for one environment.
fn sides(environment: &Environment) -> BTreeMap<(Kind, String), Side> {
    let substitution = Substitution::new(&environment.vars);
    environment
        .desired
        .objects
        .values()
        .map(|entry| {
            let address = entry.object.address();
            // Plain data with string keys: converting to a JSON value cannot fail.
            let raw = serde_json::to_value(&entry.object).unwrap_or_default();
            let templated = substitution.apply_json(&raw);
            (
                (address.kind, substitution.apply(&address.name)),
                Side {
                    address,
                    raw,
                    templated,
                },
            )
        })
        .collect()
}

/// Compares the desired states of `from` and `to` object by object.
pub(crate) fn compare(from: &Environment, to: &Environment) -> Comparison {
    let from_sides = sides(from);
    let mut to_sides = sides(to);
    let mut comparison = Comparison::default();
    for (key, a) in from_sides {
        let Some(b) = to_sides.remove(&key) else {
            comparison.only_in_from.push(a.address);
            continue;
        };
        let pair = Pair {
            template: format!("{} {}", key.0, key.1),
            from: a.address,
            to: b.address,
        };
        if a.raw == b.raw {
            comparison.identical.push(pair);
        } else if a.templated == b.templated {
            comparison.by_variables.push(pair);
        } else {
            comparison.differing.push(Divergence {
                pair,
                attributes: differing_keys(&a.templated, &b.templated),
            });
        }
    }
    comparison.only_in_to = to_sides.into_values().map(|s| s.address).collect();
    comparison
}

fn differing_keys(a: &serde_json::Value, b: &serde_json::Value) -> Vec<String> {
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return Vec::new();
    };
    let mut keys: Vec<String> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Loads two environments over one schema file; `staging_extra` is appended to the
    /// staging environment's own includes.
    fn environments(schema: &str, staging_extra: Option<&str>) -> (Environment, Environment) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("environments")).unwrap();
        std::fs::create_dir_all(root.join("schema")).unwrap();
        std::fs::write(root.join("schema/main.toml"), schema).unwrap();
        // `suspend` is short in dev: too short to be written back as `${suspend}`.
        let env = |database: &str, env: &str, suspend: &str, extra: &str| {
            format!(
                "include = [\"../schema/*.toml\"{extra}]\n[vars]\ndatabase = \"{database}\"\nenv = \"{env}\"\nsuspend = \"{suspend}\"\n"
            )
        };
        std::fs::write(
            root.join("environments/dev.toml"),
            env("PR_DEV", "DEV", "60", ""),
        )
        .unwrap();
        let extra = match staging_extra {
            Some(text) => {
                std::fs::write(root.join("staging_only.toml"), text).unwrap();
                ", \"../staging_only.toml\""
            }
            None => "",
        };
        std::fs::write(
            root.join("environments/staging.toml"),
            env("PR_STAGING", "STAGING", "300", extra),
        )
        .unwrap();
        let load = |name| crate::config::load(root, name).unwrap();
        (load("dev"), load("staging"))
    }

    const SCHEMA: &str = r#"
[[database]]
name = "${database}"

[[schema]]
name = "${database}.BRONZE"
comment = "raw"

[[warehouse]]
name = "SHARED_WH"
size = "XSMALL"
"#;

    #[test]
    fn objects_are_identical_or_differ_by_variables() {
        let (dev, staging) = environments(SCHEMA, None);
        let comparison = compare(&dev, &staging);
        let templates =
            |pairs: &[Pair]| pairs.iter().map(|p| p.template.clone()).collect::<Vec<_>>();
        assert_eq!(templates(&comparison.identical), ["warehouse SHARED_WH"]);
        assert_eq!(
            templates(&comparison.by_variables),
            ["database ${database}", "schema ${database}.BRONZE"]
        );
        assert!(!comparison.has_warnings());
    }

    #[test]
    fn an_object_only_one_environment_declares_is_a_warning() {
        let (dev, staging) =
            environments(SCHEMA, Some("[[schema]]\nname = \"${database}.SCRATCH\"\n"));
        let comparison = compare(&dev, &staging);
        assert_eq!(comparison.only_in_to[0].name, "PR_STAGING.SCRATCH");
        assert!(comparison.has_warnings());
    }

    #[test]
    fn a_definition_that_differs_beyond_variables_names_the_attribute() {
        let schema = format!(
            "{SCHEMA}\n[[warehouse]]\nname = \"ETL_WH\"\ncomment = \"suspends after ${{suspend}} s\"\n"
        );
        let (dev, staging) = environments(&schema, None);
        let comparison = compare(&dev, &staging);
        assert_eq!(comparison.differing.len(), 1, "{comparison:?}");
        assert_eq!(comparison.differing[0].pair.template, "warehouse ETL_WH");
        assert_eq!(comparison.differing[0].attributes, ["comment"]);
        assert!(comparison.has_warnings());
    }
}
