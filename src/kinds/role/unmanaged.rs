//! Grants to roles the project does not declare, on objects it does: reported as
//! unmanaged and left alone, or revoked when the environment sets `prune = true`.
//!
//! A declared role's privileges are read with `SHOW GRANTS TO ROLE` and are authoritative
//! (`super::grant::compare`). A role the project does not declare is never listed that
//! way — there may be hundreds, and they are not lakeform's — so the grants it holds on
//! managed objects are read from the other side: one
//! `SELECT … FROM <db>.INFORMATION_SCHEMA.OBJECT_PRIVILEGES` per managed database, "a row
//! for each access privilege granted" on the database and the objects in it
//! (https://docs.snowflake.com/en/sql-reference/info-schema/object_privileges). That view
//! "only displays objects for which the current role for the session has been granted
//! access privileges", which the deploy role has on what it manages (it owns it). Current,
//! unlike ACCOUNT_USAGE.GRANTS_TO_ROLES (up to two hours behind).
//!
//! Read only when the project declares roles (a project that declares none does not
//! manage access), never for `import`. Left out: OWNERSHIP (owners are `kinds::owner`'s),
//! the deploy role's own grants (revoking them would lock lakeform out of what it
//! manages), grants on objects the project does not declare (they are unmanaged objects'),
//! and object types lakeform does not grant on.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::grant::{Grant, Grantee, Target};
use crate::model::identifier::Ident;
use crate::model::privilege::ObjectType;
use crate::model::{Address, DesiredState, Kind, LiveState};
use crate::plan::diff::Settings;
use crate::plan::{Action, AttributeChange, Change, Step, Tier};
use crate::providers::snowflake::introspect::IntrospectError;
use crate::providers::snowflake::introspect::record::Record;
use crate::providers::snowflake::introspect::reported_name;
use crate::sql::quote::literal;

/// Grants held by grantees the project does not declare, by grantee.
pub type Held = BTreeMap<Grantee, BTreeSet<Grant>>;

/// One grantee's privileges on one object that the plan leaves alone, as a plan lists it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnmanagedGrant {
    /// `ROLE R` or `DATABASE ROLE D.R`.
    pub grantee: String,
    /// The object, as a role's `privileges` entry names it (`table PR.SILVER.CUSTOMER`).
    pub on: String,
    pub privileges: Vec<String>,
}

impl std::fmt::Display for UnmanagedGrant {
    /// `INSERT, SELECT on table PR.GOLD.SALES to ROLE BI_TOOL`, as plan and drift list it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} on {} to {}",
            self.privileges.join(", "),
            self.on,
            self.grantee
        )
    }
}

impl UnmanagedGrant {
    /// The same line in markdown, each part a code span.
    pub(crate) fn markdown(&self) -> String {
        use crate::output_escape::markdown_code;
        format!(
            "{} on {} to {}",
            markdown_code(&self.privileges.join(", ")),
            markdown_code(&self.on),
            markdown_code(&self.grantee)
        )
    }
}

/// The query reading the grants on `database` and the objects in it, less those of the
/// `declared` account roles: their grants come from their own SHOW GRANTS, and at
/// hundreds of roles they are nearly every row (21,000 of the benchmark's). A database
/// role grantee is never among them (it is named `DB.ROLE`).
pub(crate) fn statement<'a>(
    database: &Ident,
    declared: impl IntoIterator<Item = &'a Ident>,
) -> String {
    let declared: Vec<String> = declared
        .into_iter()
        .map(|role| literal(role.as_str()))
        .collect();
    let others = if declared.is_empty() {
        String::new()
    } else {
        format!(" AND GRANTEE NOT IN ({})", declared.join(", "))
    };
    format!(
        "SELECT GRANTEE, GRANTED_TO, OBJECT_CATALOG, OBJECT_SCHEMA, OBJECT_NAME, OBJECT_TYPE, \
         PRIVILEGE_TYPE, IS_GRANTABLE FROM {database}.INFORMATION_SCHEMA.OBJECT_PRIVILEGES \
         WHERE PRIVILEGE_TYPE <> 'OWNERSHIP'{others}"
    )
}

/// One OBJECT_PRIVILEGES row as a grantee and a grant; `None` for what is not compared
/// (OWNERSHIP, a grantee that is neither a role nor a database role, an object type
/// lakeform does not grant on). The page lists the columns, not their values: OBJECT_TYPE
/// is read as SHOW GRANTS' `granted_on` is, with a space or an underscore between words,
/// and a database role grantee as `DB.ROLE`.
pub(crate) fn parse_row(
    record: &Record<'_>,
    database: &Ident,
) -> Result<Option<(Grantee, Grant)>, IntrospectError> {
    let privilege = record.required("PRIVILEGE_TYPE")?;
    if privilege.eq_ignore_ascii_case("OWNERSHIP") {
        return Ok(None);
    }
    let shown_type = record.required("OBJECT_TYPE")?.replace(' ', "_");
    let Some(t) = ObjectType::from_shown(&shown_type) else {
        return Ok(None);
    };
    let grantee_name = record.required("GRANTEE")?;
    let grantee = match record.required("GRANTED_TO")? {
        "ROLE" => Grantee::Role(Ident::from_stored(grantee_name)),
        // A database role holds privileges in its own database only
        // (https://docs.snowflake.com/en/sql-reference/sql/grant-privilege), the one
        // queried: its name is read after that database's, whatever characters either
        // holds, when it is not written as two quoted parts.
        "DATABASE_ROLE" | "DATABASE ROLE" => {
            let written = reported_name::parts(grantee_name)
                .and_then(|parts| <[Ident; 2]>::try_from(parts).ok());
            let after = grantee_name
                .strip_prefix(database.as_str())
                .and_then(|rest| rest.strip_prefix('.'));
            match (written, after) {
                (Some([d, r]), _) if &d == database => Grantee::DatabaseRole(d, r),
                (_, Some(role)) => {
                    Grantee::DatabaseRole(database.clone(), Ident::from_stored(role))
                }
                _ => {
                    return Err(record.invalid(
                        "GRANTEE",
                        grantee_name,
                        format!("is not a database role of {database}"),
                    ));
                }
            }
        }
        _ => return Ok(None),
    };
    let catalog = record.ident("OBJECT_CATALOG")?;
    let name = || record.ident("OBJECT_NAME");
    let parts = match t {
        ObjectType::Database => vec![catalog],
        ObjectType::Schema => vec![catalog, name()?],
        ObjectType::Account | ObjectType::Role | ObjectType::DatabaseRole => return Ok(None),
        // A procedure or a function is granted by its signature (`Target::Routine`),
        // which the page does not say OBJECT_NAME carries: not compared, rather than
        // revoked by a name GRANT and REVOKE refuse.
        ObjectType::Procedure | ObjectType::Function => return Ok(None),
        _ => vec![catalog, record.ident("OBJECT_SCHEMA")?, name()?],
    };
    if parts.len() != t.parts() {
        return Ok(None);
    }
    let grant_option = record
        .optional("IS_GRANTABLE")?
        .is_some_and(|g| g.eq_ignore_ascii_case("YES") || g.eq_ignore_ascii_case("TRUE"));
    Ok(Some((
        grantee,
        Grant {
            target: Target::Object(t, parts),
            privilege: privilege.to_string(),
            grant_option,
        },
    )))
}

/// What the diff does with the grants of `live.unmanaged_grants`: without prune, the list
/// the plan reports; with prune, one change per grantee revoking them (in place, safe: no
/// data is lost, and the grantee is not lakeform's to keep).
pub(crate) fn diff(
    desired: &DesiredState,
    live: &LiveState,
    settings: &Settings,
    planned: &[Change],
) -> (Vec<UnmanagedGrant>, Vec<Change>) {
    // A target dropped or replaced by this plan loses its grants with it.
    let gone: BTreeSet<&Address> = planned
        .iter()
        .filter(|c| matches!(c.action, Action::Drop | Action::Replace))
        .map(|c| &c.address)
        .collect();
    let mut report = Vec::new();
    let mut changes = Vec::new();
    for (grantee, grants) in &live.unmanaged_grants {
        let declared = match grantee {
            Grantee::Role(r) => Address::new(Kind::Role, r),
            Grantee::DatabaseRole(d, r) => Address::new(Kind::DatabaseRole, format!("{d}.{r}")),
        };
        let deploy = matches!(
            (grantee, &settings.deploy_role),
            (Grantee::Role(r), Some(deploy)) if r == deploy
        );
        if desired.objects.contains_key(&declared) || deploy {
            continue;
        }
        let mut by_target: BTreeMap<&Target, Vec<String>> = BTreeMap::new();
        for grant in grants {
            let managed = grant
                .target
                .reference()
                .is_some_and(|a| desired.objects.contains_key(&a) && !gone.contains(&a));
            if managed {
                by_target
                    .entry(&grant.target)
                    .or_default()
                    .push(grant.privilege.clone());
            }
        }
        if by_target.is_empty() {
            continue;
        }
        if !settings.prune {
            report.extend(
                by_target
                    .into_iter()
                    .map(|(target, privileges)| UnmanagedGrant {
                        grantee: grantee.sql(),
                        on: target.to_string(),
                        privileges,
                    }),
            );
            continue;
        }
        let mut change = Change::new(declared, Action::Update, Tier::Safe);
        change.reasons.push(format!(
            "{} is not declared, and the environment sets prune = true: its privileges on managed objects are revoked",
            grantee.sql()
        ));
        for (target, privileges) in by_target {
            change.attributes.push(AttributeChange::new(
                format!("privileges.{target}"),
                Some(privileges.join(", ")),
                None,
            ));
            change.steps.push(Step::sql(format!(
                "REVOKE {} ON {} FROM {}",
                privileges.join(", "),
                target.sql(),
                grantee.sql()
            )));
        }
        changes.push(change);
    }
    (report, changes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::snowflake::introspect::record::fixture::row;

    fn parsed(cells: &[(&str, Option<&str>)]) -> Option<(Grantee, Grant)> {
        let set = row(cells);
        let first = set.rows().next().unwrap();
        parse_row(&Record::new(first, Kind::Role), &Ident::from_stored("PR")).unwrap()
    }

    fn cells<'a>(
        grantee: &'a str,
        to: &'a str,
        schema: Option<&'a str>,
        name: &'a str,
        t: &'a str,
        privilege: &'a str,
    ) -> Vec<(&'a str, Option<&'a str>)> {
        vec![
            ("GRANTEE", Some(grantee)),
            ("GRANTED_TO", Some(to)),
            ("OBJECT_CATALOG", Some("PR")),
            ("OBJECT_SCHEMA", schema),
            ("OBJECT_NAME", Some(name)),
            ("OBJECT_TYPE", Some(t)),
            ("PRIVILEGE_TYPE", Some(privilege)),
            ("IS_GRANTABLE", Some("NO")),
        ]
    }

    #[test]
    fn the_declared_roles_grants_are_left_to_their_own_reads() {
        let roles = [Ident::from_stored("READER"), Ident::from_stored("it's")];
        assert_eq!(
            statement(&Ident::from_stored("PR"), &roles),
            "SELECT GRANTEE, GRANTED_TO, OBJECT_CATALOG, OBJECT_SCHEMA, OBJECT_NAME, OBJECT_TYPE, \
             PRIVILEGE_TYPE, IS_GRANTABLE FROM PR.INFORMATION_SCHEMA.OBJECT_PRIVILEGES \
             WHERE PRIVILEGE_TYPE <> 'OWNERSHIP' AND GRANTEE NOT IN ('READER', 'it\\'s')"
        );
        assert!(!statement(&Ident::from_stored("PR"), &[]).contains("NOT IN"));
    }

    #[test]
    fn rows_become_grants_on_their_objects() {
        let (grantee, grant) = parsed(&cells(
            "BI",
            "ROLE",
            Some("GOLD"),
            "SALES",
            "TABLE",
            "SELECT",
        ))
        .unwrap();
        assert_eq!(grantee, Grantee::Role(Ident::from_stored("BI")));
        assert_eq!(grant.target.to_string(), "table PR.GOLD.SALES");
        // A schema is named by its catalog and its own name; a file format's type may be
        // written with a space.
        let (_, grant) = parsed(&cells("BI", "ROLE", None, "GOLD", "SCHEMA", "USAGE")).unwrap();
        assert_eq!(grant.target.to_string(), "schema PR.GOLD");
        let (_, grant) = parsed(&cells(
            "BI",
            "ROLE",
            Some("GOLD"),
            "CSV",
            "FILE FORMAT",
            "USAGE",
        ))
        .unwrap();
        assert_eq!(grant.target.to_string(), "file format PR.GOLD.CSV");
        let (grantee, _) = parsed(&cells(
            "PR.READER",
            "DATABASE_ROLE",
            None,
            "PR",
            "DATABASE",
            "USAGE",
        ))
        .unwrap();
        assert_eq!(grantee.to_string(), "PR.READER");
        // Not compared: ownership, an application grantee, an unknown type.
        assert!(
            parsed(&cells(
                "BI",
                "ROLE",
                Some("GOLD"),
                "SALES",
                "TABLE",
                "OWNERSHIP"
            ))
            .is_none()
        );
        assert!(
            parsed(&cells(
                "APP",
                "APPLICATION",
                Some("GOLD"),
                "SALES",
                "TABLE",
                "SELECT"
            ))
            .is_none()
        );
        assert!(parsed(&cells("BI", "ROLE", Some("GOLD"), "M", "MODEL", "USAGE")).is_none());
    }

    fn declared(object: crate::model::Object) -> crate::model::DesiredObject {
        crate::model::DesiredObject {
            object,
            lifecycle: crate::model::Lifecycle::default(),
            origin: crate::model::Origin {
                file: "schema/s.toml".into(),
                line: 1,
                column: 1,
            },
            owner: None,
        }
    }

    fn settings(prune: bool) -> Settings {
        Settings {
            prune,
            backup: true,
            now: jiff::Timestamp::UNIX_EPOCH,
            namespace: crate::providers::adls::Namespace::Hierarchical,
            lock_container: "l".into(),
            deploy_role: Some(Ident::from_stored("DEPLOY")),
        }
    }

    #[test]
    fn undeclared_grantees_are_reported_or_revoked_the_deploy_role_never() {
        use crate::model::Resource;
        let sales = crate::kinds::sequence::Sequence {
            name: crate::model::identifier::ObjectName::parse("PR.GOLD.SALES").unwrap(),
            start: Some(1),
            increment: 1,
            ordered: false,
            comment: None,
            next_value: None,
        };
        let reader = super::super::Role {
            name: Ident::from_stored("READER"),
            comment: None,
            member_of: BTreeSet::new(),
            privileges: BTreeSet::new(),
        };
        let mut desired = DesiredState::default();
        for object in [
            crate::model::Object::Sequence(sales),
            crate::model::Object::Role(reader),
        ] {
            desired.objects.insert(object.address(), declared(object));
        }
        let usage = |on: &str| Grant {
            target: super::super::grant::parse_target(on).unwrap(),
            privilege: "USAGE".into(),
            grant_option: false,
        };
        let mut live = LiveState::default();
        for role in ["BI", "READER", "DEPLOY"] {
            live.unmanaged_grants.insert(
                Grantee::Role(Ident::from_stored(role)),
                [
                    usage("sequence PR.GOLD.SALES"),
                    usage("sequence PR.GOLD.OTHER"),
                ]
                .into_iter()
                .collect(),
            );
        }
        // Without prune: BI's grant on the declared sequence, listed; READER is declared
        // (its grants are compared as its own), DEPLOY is the session's role, OTHER is
        // not declared.
        let (report, changes) = diff(&desired, &live, &settings(false), &[]);
        assert!(changes.is_empty());
        assert_eq!(
            report,
            [UnmanagedGrant {
                grantee: "ROLE BI".into(),
                on: "sequence PR.GOLD.SALES".into(),
                privileges: vec!["USAGE".into()],
            }]
        );
        // With prune: one change revoking it.
        let (report, changes) = diff(&desired, &live, &settings(true), &[]);
        assert!(report.is_empty());
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].address, Address::new(Kind::Role, "BI"));
        assert_eq!(
            changes[0]
                .steps
                .iter()
                .map(Step::describe)
                .collect::<Vec<_>>(),
            ["REVOKE USAGE ON SEQUENCE PR.GOLD.SALES FROM ROLE BI"]
        );
        // A sequence this plan drops takes its grants with it: nothing to revoke.
        let drop = Change::new(
            Address::new(Kind::Sequence, "PR.GOLD.SALES"),
            Action::Drop,
            Tier::Destructive,
        );
        let (_, changes) = diff(&desired, &live, &settings(true), &[drop]);
        assert!(changes.is_empty());
    }
}
