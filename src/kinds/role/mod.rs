//! An account role: `[[role]]` with `comment`, `member_of` and `privileges`.
//!
//! The hierarchy is declared on the child, `member_of = ["TRANSFORMER", "SYSADMIN"]`:
//! each entry is `GRANT ROLE <this> TO ROLE <parent>`
//! (https://docs.snowflake.com/en/sql-reference/sql/grant-role). The child is the object
//! being described — "LOADER is a member of TRANSFORMER" — and it keeps a role's whole
//! access in one entry, including its place under SYSADMIN, a system role no project
//! declares. Snowflake recommends that every custom role end up under SYSADMIN
//! (https://docs.snowflake.com/en/user-guide/security-access-control-considerations).
//! System roles (ACCOUNTADMIN, SECURITYADMIN, SYSADMIN, USERADMIN, ORGADMIN, PUBLIC) may
//! be named without being declared; any other parent must be declared (or `external`).
//!
//! Privileges are declared on the role that holds them,
//! `privileges = [{ on = "schema ${database}.GOLD", privileges = ["USAGE"] }]` (targets:
//! see [`grant`]). `ALL` expands to the object type's concrete list, so what is declared
//! compares with SHOW GRANTS row for row.
//!
//! **Authoritative.** For a declared role, its privileges on the objects lakeform manages
//! (the account, declared databases and everything in them, declared warehouses and
//! integrations) are exactly those declared: one found live that no declaration covers is
//! revoked, and drift names it. Grants on other objects, and grants to roles the project
//! does not declare, are left alone. Its parents are authoritative among the roles read:
//! the declared roles and the parents the project names.
//!
//! **Plan shape.** A grant is not an object of its own: each target whose privileges
//! differ is one attribute of the role, `privileges.<target>` (`privileges.schema
//! PR.GOLD: USAGE → USAGE, MONITOR`), carried out by GRANT and REVOKE statements in place.
//! The role's change waits for the objects it names (their creation) and, for ALL grants,
//! for everything created in their container (`plan::diff`); drops wait for it. Reading:
//! `SHOW ROLES` once, `SHOW GRANTS TO ROLE` per declared role and named parent
//! (concurrently), `SHOW FUTURE GRANTS IN SCHEMA|DATABASE` per managed container
//! (see [`read`]).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared, common_keys};
use crate::config::schema_file::object_entry;
use crate::import::entry::{Entry, Writer};
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::model::identifier::{Ident, SchemaName};
use crate::model::{Address, Kind, Object, Resource};
use crate::plan::Step;
use crate::plan::diff::{DiffError, Edits, Settings, comment};
use crate::sql::quote::comment_clause;

pub mod grant;
pub mod read;
pub mod unmanaged;

use grant::{Grant, Grantee, Target};

/// Roles Snowflake creates in every account; they may be named as parents undeclared
/// (https://docs.snowflake.com/en/user-guide/security-access-control-overview#system-defined-roles).
pub(crate) const SYSTEM_ROLES: [&str; 6] = [
    "ACCOUNTADMIN",
    "SECURITYADMIN",
    "SYSADMIN",
    "USERADMIN",
    "ORGADMIN",
    "PUBLIC",
];

/// An account role, in canonical form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub name: Ident,
    pub comment: Option<String>,
    /// The roles this role is granted to.
    pub member_of: BTreeSet<Ident>,
    /// Its privileges, one per target and privilege (ALL expanded).
    pub privileges: BTreeSet<Grant>,
}

impl Resource for Role {
    fn address(&self) -> Address {
        Address::new(Kind::Role, &self.name)
    }

    fn references(&self) -> Vec<Address> {
        let parents = self
            .member_of
            .iter()
            .filter(|p| !SYSTEM_ROLES.contains(&p.as_str()))
            .map(|p| Address::new(Kind::Role, p));
        let targets = self.privileges.iter().filter_map(|g| g.target.reference());
        let mut all: Vec<Address> = parents.chain(targets).collect();
        all.sort();
        all.dedup();
        all
    }
}

/// One `{ on = "...", privileges = [...] }` entry.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPrivileges {
    /// `account`, `<type> <name>` (a procedure or a function with its argument types:
    /// `procedure DB.S.P(VARCHAR, NUMBER)`, `function DB.S.F(NUMBER)`, a data metric
    /// function `function DB.S.M(TABLE(VARCHAR))`), `all <types> in schema|database
    /// <name>`, or `future <types> in schema|database <name>`.
    #[schemars(with = "String")]
    pub(crate) on: Spanned<String>,
    /// Snowflake privilege names (`USAGE`, `SELECT`, `CREATE TABLE`, `ALL`).
    #[schemars(with = "Vec<String>")]
    pub privileges: Vec<Spanned<String>>,
    /// WITH GRANT OPTION: the role may grant these privileges on to other roles.
    #[serde(default)]
    pub(crate) grant_option: bool,
}

object_entry! {
    /// `[[role]]`.
    RawRole {
        /// The roles this role is granted to (`GRANT ROLE <this> TO ROLE <parent>`).
        #[serde(default)]
        #[schemars(with = "Vec<String>")]
        member_of: Vec<Spanned<String>>,
        /// What the role may do.
        #[serde(default)]
        privileges: Vec<RawPrivileges>,
    }
}

/// Resolves a `privileges` list into grants, reporting every bad target and privilege at
/// its place; `database` restricts targets to one database (a database role's).
pub(crate) fn resolve_privileges(
    raw: &[RawPrivileges],
    database: Option<&Ident>,
    ctx: &mut Ctx<'_>,
) -> Option<BTreeSet<Grant>> {
    let mut grants = BTreeSet::new();
    let mut ok = true;
    for entry in raw {
        let target = match grant::parse_target(entry.on.get_ref()) {
            Ok(target) => target,
            Err(e) => {
                ctx.error(&entry.on, format!("invalid grant target: {e}"));
                ok = false;
                continue;
            }
        };
        if let Some(own) = database {
            // "Database roles can be granted privileges on objects in the same database
            // only" (https://docs.snowflake.com/en/sql-reference/sql/grant-privilege).
            if target.database() != Some(own) {
                ctx.error(
                    &entry.on,
                    format!(
                        "a database role of {own} can only hold privileges on objects in {own}"
                    ),
                );
                ok = false;
                continue;
            }
        }
        if entry.privileges.is_empty() {
            ctx.error(&entry.on, "no privileges listed for this target");
            ok = false;
        }
        for privilege in &entry.privileges {
            match grant::expand(&target, privilege.get_ref()) {
                Ok(list) => grants.extend(list.into_iter().map(|privilege| Grant {
                    target: target.clone(),
                    privilege,
                    grant_option: entry.grant_option,
                })),
                Err(e) => {
                    ctx.error(privilege, e.to_string());
                    ok = false;
                }
            }
        }
    }
    ok.then_some(grants)
}

impl ObjectKind for Role {
    const SQL_KEYWORD: &'static str = "ROLE";
    type Raw = RawRole;

    fn resolve(raw: RawRole, ctx: &mut Ctx<'_>) -> Option<Declared> {
        let name = ctx.ident(&raw.name, "role");
        let mut member_of = BTreeSet::new();
        let mut ok = true;
        for parent in &raw.member_of {
            match ctx.ident(parent, "role") {
                Some(p) => {
                    member_of.insert(p);
                }
                None => ok = false,
            }
        }
        let privileges = resolve_privileges(&raw.privileges, None, ctx);
        let role = Role {
            name: name?,
            comment: raw.comment.clone(),
            member_of,
            privileges: privileges?,
        };
        if !ok {
            return None;
        }
        Some(ctx.declare(role, common_keys!(raw)))
    }

    fn diff(live: &Role, desired: &Role, cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        diff(live, desired, cx)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(format!(
            "{} ROLE {}{}",
            mode.verb(),
            self.name,
            comment_clause(self.comment.as_deref())
        ))
    }

    fn create_steps(&self, _settings: &Settings) -> Result<Vec<Step>, DiffError> {
        create_steps(self)
    }

    fn import(&self, w: &Writer<'_>, _schema: Option<&SchemaName>) -> Entry {
        import_entry(self, w)
    }
}

impl Grantable for Role {
    fn grantee(&self) -> Grantee {
        Grantee::Role(self.name.clone())
    }

    fn comment(&self) -> &Option<String> {
        &self.comment
    }

    fn parents(&self) -> BTreeSet<Grantee> {
        self.member_of.iter().cloned().map(Grantee::Role).collect()
    }

    fn privileges(&self) -> &BTreeSet<Grant> {
        &self.privileges
    }
}

/// What account roles and database roles share — a grantee with a comment, the roles it
/// is granted to and its privileges — so that their diff, creation and import are
/// written once ([`diff`], [`create_steps`], [`import_entry`]).
pub(crate) trait Grantable: ObjectKind {
    fn grantee(&self) -> Grantee;
    fn comment(&self) -> &Option<String>;
    /// What it is granted to (`member_of`).
    fn parents(&self) -> BTreeSet<Grantee>;
    fn privileges(&self) -> &BTreeSet<Grant>;
}

/// The comment, the parents (`GRANT` / `REVOKE <role> TO|FROM <parent>`, one attribute)
/// and the privileges (one attribute per target), in place.
pub(crate) fn diff<K: Grantable>(
    live: &K,
    desired: &K,
    cx: &DiffCx<'_>,
) -> Result<Edits, DiffError> {
    let mut e = Edits::default();
    let object: Object = desired.clone().into();
    comment(&mut e, live.comment(), desired.comment(), &object)?;
    let me = desired.grantee();
    let (live_parents, desired_parents) = (live.parents(), desired.parents());
    if live_parents != desired_parents {
        let list = |set: &BTreeSet<Grantee>| {
            (!set.is_empty()).then(|| {
                set.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        };
        e.attribute("member_of", list(&live_parents), list(&desired_parents));
        for parent in live_parents.difference(&desired_parents) {
            e.sql(format!("REVOKE {} FROM {}", me.sql(), parent.sql()));
        }
        for parent in desired_parents.difference(&live_parents) {
            e.sql(format!("GRANT {} TO {}", me.sql(), parent.sql()));
        }
    }
    grant::compare(
        &me,
        live.privileges(),
        desired.privileges(),
        cx.states,
        &mut e,
    );
    Ok(e)
}

/// The CREATE, then the grants giving the new role its parents and privileges.
pub(crate) fn create_steps<K: Grantable>(role: &K) -> Result<Vec<Step>, DiffError> {
    let mut steps = vec![Step::sql(role.create_sql(CreateMode::Create)?)];
    steps.extend(grant_steps_to(
        &role.grantee(),
        &role.parents(),
        role.privileges(),
    ));
    Ok(steps)
}

/// The entry `import` writes: name, comment, `member_of` and `privileges`.
pub(crate) fn import_entry<K: Grantable>(role: &K, w: &Writer<'_>) -> Entry {
    let mut e = Entry::new(K::KIND.key());
    e.set("name", w.text(&role.grantee().to_string()));
    w.comment(&mut e, role.comment());
    let parents: Vec<String> = role.parents().iter().map(ToString::to_string).collect();
    if !parents.is_empty() {
        e.set("member_of", w.texts(parents.iter().map(String::as_str)));
    }
    if !role.privileges().is_empty() {
        e.set("privileges", import_privileges(w, role.privileges()));
    }
    e
}

/// The statements giving a new grantee its parents and privileges, one GRANT per target.
fn grant_steps_to(
    grantee: &Grantee,
    member_of: &BTreeSet<Grantee>,
    privileges: &BTreeSet<Grant>,
) -> Vec<Step> {
    let mut steps: Vec<Step> = member_of
        .iter()
        .map(|parent| Step::sql(format!("GRANT {} TO {}", grantee.sql(), parent.sql())))
        .collect();
    for (target, grant_option, list) in by_target(privileges) {
        steps.push(Step::sql(format!(
            "GRANT {} ON {} TO {}{}",
            list.join(", "),
            target.sql(),
            grantee.sql(),
            if grant_option {
                " WITH GRANT OPTION"
            } else {
                ""
            }
        )));
    }
    steps
}

/// Grants grouped by target and grant option, privileges in order.
pub(crate) fn by_target(privileges: &BTreeSet<Grant>) -> Vec<(Target, bool, Vec<String>)> {
    let mut groups: BTreeMap<(Target, bool), Vec<String>> = BTreeMap::new();
    for g in privileges {
        groups
            .entry((g.target.clone(), g.grant_option))
            .or_default()
            .push(g.privilege.clone());
    }
    groups
        .into_iter()
        .map(|((target, option), list)| (target, option, list))
        .collect()
}

/// The `privileges = [...]` array `import` writes: one entry per target (and grant
/// option).
pub(crate) fn import_privileges(w: &Writer<'_>, privileges: &BTreeSet<Grant>) -> String {
    let entries: Vec<String> = by_target(privileges)
        .into_iter()
        .map(|(target, grant_option, list)| {
            format!(
                "\n  {{ on = {}, privileges = {}{} }}",
                w.text(&target.to_string()),
                w.texts(list.iter().map(String::as_str)),
                if grant_option {
                    ", grant_option = true"
                } else {
                    ""
                }
            )
        })
        .collect();
    format!("[{},\n]", entries.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::identifier::split_parts;
    use crate::model::privilege::ObjectType;
    use crate::model::{DesiredState, LiveState};
    use crate::plan::diff::Settings;
    use crate::plan::{Action, Tier};

    fn grant(on: &str, privilege: &str) -> Grant {
        Grant {
            target: grant::parse_target(on).unwrap(),
            privilege: privilege.into(),
            grant_option: false,
        }
    }

    fn role(parents: &[&str], grants: &[Grant]) -> Role {
        Role {
            name: Ident::from_stored("ANALYST"),
            comment: None,
            member_of: parents.iter().map(|p| Ident::from_stored(*p)).collect(),
            privileges: grants.iter().cloned().collect(),
        }
    }

    fn diff_in(live: &Role, desired: &Role, live_state: &LiveState) -> Edits {
        let settings = Settings {
            prune: false,
            backup: true,
            now: jiff::Timestamp::UNIX_EPOCH,
            namespace: crate::providers::adls::Namespace::Hierarchical,
            lock_container: "lakeform-locks".into(),
            deploy_role: None,
        };
        let lifecycle = crate::model::Lifecycle::default();
        let desired_state = DesiredState::default();
        let states = grant::States::new(&desired_state, live_state);
        let cx = DiffCx {
            settings: &settings,
            lifecycle: &lifecycle,
            streamed: false,
            states: &states,
        };
        <Role as ObjectKind>::diff(live, desired, &cx).unwrap()
    }

    fn statements(e: &Edits) -> Vec<String> {
        e.steps.iter().map(|s| s.describe()).collect()
    }

    #[test]
    fn create_grants_parents_and_privileges_per_target() {
        let r = role(
            &["SYSADMIN"],
            &[
                grant("schema PR.GOLD", "USAGE"),
                grant("schema PR.GOLD", "MONITOR"),
                grant("future views in schema PR.GOLD", "SELECT"),
            ],
        );
        let steps: Vec<String> = r
            .create_steps(&Settings {
                prune: false,
                backup: true,
                now: jiff::Timestamp::UNIX_EPOCH,
                namespace: crate::providers::adls::Namespace::Hierarchical,
                lock_container: "l".into(),
                deploy_role: None,
            })
            .unwrap()
            .iter()
            .map(|s| s.describe())
            .collect();
        assert_eq!(
            steps,
            [
                "CREATE ROLE ANALYST",
                "GRANT ROLE ANALYST TO ROLE SYSADMIN",
                "GRANT MONITOR, USAGE ON SCHEMA PR.GOLD TO ROLE ANALYST",
                "GRANT SELECT ON FUTURE VIEWS IN SCHEMA PR.GOLD TO ROLE ANALYST",
            ]
        );
        assert_eq!(
            r.references(),
            [Address::new(Kind::Schema, "PR.GOLD")],
            "system roles are not references"
        );
    }

    #[test]
    fn extra_privileges_are_revoked_and_missing_ones_granted_in_place() {
        let live = role(
            &["SYSADMIN", "OLD_PARENT"],
            &[
                grant("schema PR.GOLD", "USAGE"),
                grant("schema PR.GOLD", "MODIFY"),
            ],
        );
        let desired = role(
            &["SYSADMIN"],
            &[
                grant("schema PR.GOLD", "USAGE"),
                grant("account", "EXECUTE TASK"),
            ],
        );
        let e = diff_in(&live, &desired, &LiveState::default());
        assert_eq!(e.action, Action::Update);
        assert_eq!(e.tier, Tier::Safe);
        assert_eq!(
            statements(&e),
            [
                "REVOKE ROLE ANALYST FROM ROLE OLD_PARENT",
                "GRANT EXECUTE TASK ON ACCOUNT TO ROLE ANALYST",
                "REVOKE MODIFY ON SCHEMA PR.GOLD FROM ROLE ANALYST",
            ]
        );
        let names: Vec<&str> = e.attributes.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "member_of",
                "privileges.account",
                "privileges.schema PR.GOLD"
            ]
        );
        assert!(e.reasons.iter().any(|r| r.contains("no data is lost")));
    }

    #[test]
    fn grants_covered_by_all_and_future_are_not_revoked_and_all_reaches_every_object() {
        let table = |name: &str| Grant {
            target: grant::Target::Object(ObjectType::Table, split_parts(name).unwrap()),
            privilege: "SELECT".into(),
            grant_option: false,
        };
        let desired = role(
            &[],
            &[
                grant("all tables in schema PR.GOLD", "SELECT"),
                grant("future tables in schema PR.GOLD", "SELECT"),
            ],
        );
        let mut live = role(&[], &[grant("future tables in schema PR.GOLD", "SELECT")]);
        live.privileges.insert(table("PR.GOLD.A"));
        let mut state = LiveState::default();
        for name in ["PR.GOLD.A", "PR.GOLD.B"] {
            let t = crate::kinds::table::Table {
                name: crate::model::identifier::ObjectName::parse(name).unwrap(),
                columns: Vec::new(),
                transient: false,
                cluster_by: Vec::new(),
                change_tracking: false,
                comment: None,
                row_access_policy: None,
                tags: None,
                data_quality: None,
            };
            state.objects.insert(t.address(), Object::Table(t));
        }
        let e = diff_in(&live, &desired, &state);
        assert_eq!(
            statements(&e),
            ["GRANT SELECT ON ALL TABLES IN SCHEMA PR.GOLD TO ROLE ANALYST"]
        );
        live.privileges.insert(table("PR.GOLD.B"));
        assert!(diff_in(&live, &desired, &state).is_empty());
    }

    #[test]
    fn a_procedure_replaced_for_a_new_signature_is_granted_again_and_its_old_grant_not_revoked() {
        use crate::kinds::procedure::{Argument, ExecuteAs, Procedure};
        use crate::model::data_type::DataType;
        use crate::model::{DesiredObject, Lifecycle, Origin};
        let procedure = |t: &str| {
            Object::Procedure(Procedure {
                name: crate::model::identifier::ObjectName::parse("PR.S.P").unwrap(),
                arguments: vec![Argument {
                    name: Ident::from_stored("X"),
                    data_type: DataType::parse(t).unwrap(),
                }],
                returns: crate::sql::CanonicalSql::new("VARCHAR(16777216)"),
                language: "SQL".into(),
                execute_as: ExecuteAs::Owner,
                body: crate::sql::CanonicalSql::new("BEGIN RETURN 'x'; END;"),
                comment: None,
                uses: Default::default(),
            })
        };
        let mut live_state = LiveState::default();
        let old = procedure("NUMBER(10,2)");
        live_state.objects.insert(old.address(), old);
        let mut desired_state = DesiredState::default();
        let new = procedure("DATE");
        desired_state.objects.insert(
            new.address(),
            DesiredObject {
                object: new,
                lifecycle: Lifecycle::default(),
                origin: Origin {
                    file: "schema/s.toml".into(),
                    line: 1,
                    column: 1,
                },
                owner: None,
            },
        );
        let live = role(&[], &[grant("procedure PR.S.P(NUMBER)", "USAGE")]);
        let desired = role(&[], &[grant("procedure PR.S.P(DATE)", "USAGE")]);
        let states = grant::States::new(&desired_state, &live_state);
        let mut e = Edits::default();
        grant::compare(
            &Grantee::Role(desired.name.clone()),
            &live.privileges,
            &desired.privileges,
            &states,
            &mut e,
        );
        assert_eq!(
            statements(&e),
            ["GRANT USAGE ON PROCEDURE PR.S.P(DATE) TO ROLE ANALYST"],
            "the old signature's grant goes with its drop"
        );
        // A signature the plan keeps is revoked as usual.
        let nothing_declared = DesiredState::default();
        let kept = grant::States::new(&nothing_declared, &live_state);
        let mut e = Edits::default();
        grant::compare(
            &Grantee::Role(desired.name.clone()),
            &live.privileges,
            &BTreeSet::new(),
            &kept,
            &mut e,
        );
        assert_eq!(
            statements(&e),
            ["REVOKE USAGE ON PROCEDURE PR.S.P(NUMBER) FROM ROLE ANALYST"]
        );
    }

    #[test]
    fn the_grant_option_is_added_or_revoked_alone_and_created_with_the_grant() {
        let with = |on: &str, p: &str| Grant {
            grant_option: true,
            ..grant(on, p)
        };
        let desired = role(
            &[],
            &[
                with("schema PR.GOLD", "USAGE"),
                grant("schema PR.GOLD", "MONITOR"),
                with("future views in schema PR.GOLD", "SELECT"),
            ],
        );
        let live = role(
            &[],
            &[
                grant("schema PR.GOLD", "USAGE"),
                with("schema PR.GOLD", "MONITOR"),
                with("future views in schema PR.GOLD", "SELECT"),
            ],
        );
        let e = diff_in(&live, &desired, &LiveState::default());
        assert_eq!(
            statements(&e),
            [
                "REVOKE GRANT OPTION FOR MONITOR ON SCHEMA PR.GOLD FROM ROLE ANALYST",
                "GRANT USAGE ON SCHEMA PR.GOLD TO ROLE ANALYST WITH GRANT OPTION",
            ]
        );
        assert_eq!(e.attributes.len(), 1);
        assert_eq!(
            e.attributes[0].after.as_deref(),
            Some("MONITOR, USAGE WITH GRANT OPTION")
        );
        assert!(diff_in(&desired, &desired, &LiveState::default()).is_empty());
        let steps = grant_steps_to(
            &Grantee::Role(desired.name.clone()),
            &BTreeSet::new(),
            &desired.privileges,
        );
        let steps: Vec<String> = steps.iter().map(|s| s.describe()).collect();
        assert_eq!(
            steps,
            [
                "GRANT MONITOR ON SCHEMA PR.GOLD TO ROLE ANALYST",
                "GRANT USAGE ON SCHEMA PR.GOLD TO ROLE ANALYST WITH GRANT OPTION",
                "GRANT SELECT ON FUTURE VIEWS IN SCHEMA PR.GOLD TO ROLE ANALYST WITH GRANT OPTION",
            ]
        );
    }
}
