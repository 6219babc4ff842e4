//! `owner = "ROLE"`, the one attribute every Snowflake kind shares besides `comment`: the
//! role that must own the object. Omitted, the owner is not managed (whoever created the
//! object keeps it).
//!
//! It is carried beside the object rather than in each kind's model: the desired owner in
//! `DesiredObject::owner` (from the `owner` key every `[[kind]]` entry takes), the live
//! one in `LiveState::owners` (from the `owner` column the kind's SHOW listing already
//! returns: no statement is added), and this module compares them for every kind, after
//! the kind's own diff (`plan::diff`).
//!
//! A change is `GRANT OWNERSHIP ON <type> <name> TO ROLE r COPY CURRENT GRANTS` in place
//! (https://docs.snowflake.com/en/sql-reference/sql/grant-ownership): without REVOKE or
//! COPY CURRENT GRANTS the statement fails when others hold privileges on the object, and
//! COPY keeps them, so no access changes. What follows from it:
//! * an object lakeform creates is owned by the session's role (the environment's
//!   `[snowflake] role`); declared with another owner, its creation is followed by the
//!   transfer, and so is a replacement (`CREATE OR REPLACE` makes a new object, owned by
//!   the role that runs it);
//! * the deploy role keeps altering the object only if it inherits the new owner
//!   (https://docs.snowflake.com/en/user-guide/security-access-control-overview#role-hierarchy-and-privilege-inheritance):
//!   giving ownership to a role it does not inherit is planned with a warning reason, since
//!   the next ALTER or DROP of that object by lakeform would fail;
//! * a task: GRANT OWNERSHIP refuses a scheduled (started) task; the task graph machinery
//!   (`plan::task_graphs`) suspends a graph whose task changes and resumes it after, and
//!   the new owner needs EXECUTE TASK for it to run
//!   (https://docs.snowflake.com/en/user-guide/tasks-intro#task-security). "All tasks in a
//!   task graph must have the same task owner"
//!   (https://docs.snowflake.com/en/user-guide/tasks-graphs): `validate` checks it
//!   ([`check_task_graphs`]).
//!
//! Masking policies, row access policies and tags take `owner` like the others: their
//! SHOW has an `owner` column (https://docs.snowflake.com/en/sql-reference/sql/show-masking-policies,
//! https://docs.snowflake.com/en/sql-reference/sql/show-row-access-policies,
//! https://docs.snowflake.com/en/sql-reference/sql/show-tags).
//!
//! * a pipe: GRANT OWNERSHIP needs it paused (`PIPE_EXECUTION_PAUSED = TRUE`,
//!   https://docs.snowflake.com/en/sql-reference/sql/grant-ownership), and a pipe whose
//!   owner changed while paused resumes only through `SYSTEM$PIPE_FORCE_RESUME`
//!   (https://docs.snowflake.com/en/sql-reference/functions/system_pipe_force_resume;
//!   "Transfer ownership of a pipe: GRANT OWNERSHIP and SYSTEM$PIPE_FORCE_RESUME",
//!   https://docs.snowflake.com/en/user-guide/data-load-snowpipe-manage): the transfer is
//!   those three statements in that order ([`transfer`]). SHOW PIPES has an `owner`
//!   column (https://docs.snowflake.com/en/sql-reference/sql/show-pipes). lakeform does
//!   not manage whether a pipe is paused, so a pipe paused by hand runs after its transfer.
//!
//! Procedures and data metric functions take `owner` too, though their SHOW has no
//! `owner` column (https://docs.snowflake.com/en/sql-reference/sql/show-procedures,
//! https://docs.snowflake.com/en/sql-reference/sql/show-data-metric-functions): their
//! owners are read from `INFORMATION_SCHEMA.PROCEDURES` (PROCEDURE_OWNER,
//! https://docs.snowflake.com/en/sql-reference/info-schema/procedures) and
//! `INFORMATION_SCHEMA.FUNCTIONS` (FUNCTION_OWNER; the view has "a row for each
//! user-defined function (UDF), external function, or data metric function",
//! https://docs.snowflake.com/en/sql-reference/info-schema/functions), one query per
//! database and only in the databases where a declared procedure or DMF sets `owner`
//! ([`read_routine_owners`]; the scope is `introspect::ReadScope::routine_owners`), so a
//! project that sets none pays no statement. The transfer names the overload:
//! `GRANT OWNERSHIP ON PROCEDURE DB.S.P(NUMBER) …`, `ON FUNCTION DB.S.M(TABLE(VARCHAR)) …`
//! (https://docs.snowflake.com/en/sql-reference/sql/grant-ownership: "for … functions and
//! procedures … the argument data types must be specified").
//!
//! Kinds whose GRANT OWNERSHIP lakeform does not plan yet (integrations, whose SHOW has
//! no `owner` column) refuse `owner` at `validate`, as do lake objects, which have none.

use std::collections::{BTreeMap, BTreeSet};

use crate::config::diagnostic::Diagnostic;
use crate::config::resolve::Declared;
use crate::kinds::ddl::DdlError;
use crate::kinds::role::SYSTEM_ROLES;
use crate::kinds::role::grant::kind_of;
use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::model::privilege::ObjectType;
use crate::model::{Address, DesiredObject, DesiredState, Kind, LiveState, Object, Resource};
use crate::plan::diff::{Edits, Settings};
use crate::plan::{Action, Change, Step};
use crate::providers::snowflake::introspect::IntrospectError;
use crate::providers::snowflake::introspect::connection::{Connection, Runner};
use crate::providers::snowflake::introspect::record::Record;

/// The object type GRANT OWNERSHIP names a kind with, for the kinds whose owner lakeform
/// manages: the kinds grants name (`role::grant::kind_of`) whose listing has an `owner`
/// column. Integrations are not among them: SHOW INTEGRATIONS has no `owner` column
/// (https://docs.snowflake.com/en/sql-reference/sql/show-integrations), and reading it
/// would cost a statement per integration.
///
/// Procedures and data metric functions are read from INFORMATION_SCHEMA instead (see the
/// module's comment).
pub(crate) fn object_type(kind: Kind) -> Option<ObjectType> {
    ObjectType::every()
        .filter(|t| *t != ObjectType::Integration)
        .find(|t| kind_of(*t) == Some(kind))
}

/// One row of `INFORMATION_SCHEMA.PROCEDURES` / `FUNCTIONS`: the object's kind and name,
/// its argument types in grant-signature form, and its owner.
pub(crate) struct RoutineOwner {
    kind: Kind,
    name: ObjectName,
    signature: Vec<String>,
    owner: Ident,
}

/// The owners of `database`'s procedures (`kind` PROCEDURE) or data metric functions
/// (DATA_METRIC_FUNCTION, which the FUNCTIONS view lists with the user functions): one
/// query, its columns read by name. A row whose signature does not read is skipped (a
/// function lakeform does not manage may take types it does not model); a row without
/// an owner (a role the session cannot see) leaves the owner unknown.
pub(crate) async fn read_routine_owners<C: Connection>(
    runner: Runner<C>,
    database: Ident,
    kind: Kind,
) -> Result<Vec<RoutineOwner>, IntrospectError> {
    let prefix = if kind == Kind::Procedure {
        "PROCEDURE"
    } else {
        "FUNCTION"
    };
    let view = if kind == Kind::Procedure {
        "PROCEDURES"
    } else {
        "FUNCTIONS"
    };
    let statement = format!(
        "SELECT {prefix}_SCHEMA, {prefix}_NAME, {prefix}_OWNER, ARGUMENT_SIGNATURE FROM {database}.INFORMATION_SCHEMA.{view}"
    );
    let page = runner.run(statement).await?;
    let mut found = Vec::new();
    for row in page.rows() {
        let record = Record::new(row, kind);
        let schema = record.ident(&format!("{prefix}_SCHEMA"))?;
        let name = record.ident(&format!("{prefix}_NAME"))?;
        let Some(owner) = record.optional(&format!("{prefix}_OWNER"))? else {
            continue;
        };
        let arguments = record.required("ARGUMENT_SIGNATURE")?;
        let Some(signature) = crate::kinds::role::read::argument_signature(arguments) else {
            continue;
        };
        found.push(RoutineOwner {
            kind,
            name: ObjectName::new(&SchemaName::new(database.clone(), schema), name),
            signature,
            owner: Ident::from_stored(owner),
        });
    }
    Ok(found)
}

/// The owners `rows` give the objects read: a procedure or data metric function is
/// matched by name and signature, since overloads share a name and lakeform manages one.
pub(crate) fn routine_owners(rows: &[RoutineOwner], objects: &[Object]) -> Vec<(Address, Ident)> {
    let signatures: BTreeMap<Address, Vec<String>> = objects
        .iter()
        .filter_map(|o| match o {
            Object::Procedure(p) => Some((o.address(), p.signature_types())),
            Object::DataMetricFunction(f) => Some((o.address(), f.signature_types())),
            _ => None,
        })
        .collect();
    rows.iter()
        .filter_map(|row| {
            let address = Address::new(row.kind, &row.name);
            (signatures.get(&address) == Some(&row.signature)).then(|| (address, row.owner.clone()))
        })
        .collect()
}

/// The kinds that take `owner`, for the diagnostic refusing it elsewhere.
pub(crate) fn supported() -> String {
    Kind::ALL
        .iter()
        .filter(|k| object_type(**k).is_some())
        .map(|k| k.key())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `GRANT OWNERSHIP ON <type> <name> TO ROLE <role> COPY CURRENT GRANTS`.
pub(crate) fn grant(object: &Object, role: &Ident) -> Result<String, DdlError> {
    let t = object_type(object.kind()).ok_or_else(|| DdlError::Unrenderable {
        address: object.address(),
        problem: format!("lakeform does not manage the owner of a {}", object.kind()),
    })?;
    Ok(format!(
        "GRANT OWNERSHIP ON {} {} TO ROLE {role} COPY CURRENT GRANTS",
        t.keyword(),
        object.reference()?
    ))
}

/// The statements transferring `object` to `role`: the GRANT, and for a pipe the pause
/// before it and `SYSTEM$PIPE_FORCE_RESUME` after (see the module's comment; the function
/// takes the pipe's name as a string literal).
pub(crate) fn transfer(object: &Object, role: &Ident) -> Result<Vec<String>, DdlError> {
    let grant = grant(object, role)?;
    let Object::Pipe(pipe) = object else {
        return Ok(vec![grant]);
    };
    Ok(vec![
        format!("ALTER PIPE {} SET PIPE_EXECUTION_PAUSED = TRUE", pipe.name),
        grant,
        format!(
            "SELECT SYSTEM$PIPE_FORCE_RESUME({})",
            crate::kinds::pipe::status_argument(&pipe.name)
        ),
    ])
}

/// The owner compared, after the kind's own diff in `e`: `live` is the owner the listing
/// reported. A replacement (a new object, owned by the session's role) is given to the
/// declared owner again even when the live owner already was it.
pub(crate) fn compare(
    live: Option<&Ident>,
    desired: &DesiredObject,
    settings: &Settings,
    states: (&DesiredState, &LiveState),
    e: &mut Edits,
) -> Result<(), DdlError> {
    let Some(owner) = &desired.owner else {
        return Ok(());
    };
    let differs = live != Some(owner);
    let replaced =
        e.action == crate::plan::Action::Replace && settings.deploy_role.as_ref() != Some(owner);
    if !differs && !replaced {
        return Ok(());
    }
    if differs {
        e.attribute(
            "owner",
            live.map(|r| r.to_sql().into_owned()),
            Some(owner.to_sql().into_owned()),
        );
    }
    for statement in transfer(&desired.object, owner)? {
        e.sql(statement);
    }
    reasons(&desired.object, owner, settings, states, &mut e.reasons);
    Ok(())
}

/// The transfer that follows a creation, when the declared owner is not the role that
/// creates the object; its reasons go to `reasons`.
pub(crate) fn after_create(
    desired: &DesiredObject,
    settings: &Settings,
    states: (&DesiredState, &LiveState),
    reasons: &mut Vec<String>,
) -> Result<Vec<Step>, DdlError> {
    match &desired.owner {
        Some(owner) if settings.deploy_role.as_ref() != Some(owner) => {
            self::reasons(&desired.object, owner, settings, states, reasons);
            Ok(transfer(&desired.object, owner)?
                .into_iter()
                .map(Step::sql)
                .collect())
        }
        _ => Ok(Vec::new()),
    }
}

/// What a transfer implies, said in the plan.
fn reasons(
    object: &Object,
    owner: &Ident,
    settings: &Settings,
    (desired, live): (&DesiredState, &LiveState),
    reasons: &mut Vec<String>,
) {
    if let Some(deploy) = &settings.deploy_role
        && !inherits(deploy, owner, desired, live)
    {
        reasons.push(format!(
            "warning: ownership goes to {owner}, which the deploy role {deploy} does not inherit: lakeform's next ALTER or DROP of this object would be refused (grant ROLE {owner} to {deploy}, or keep the object with {deploy})"
        ));
    }
    if object.kind() == Kind::Task {
        // https://docs.snowflake.com/en/sql-reference/sql/grant-ownership: a scheduled
        // task must be suspended to change owner; the graph is suspended around the
        // change and resumed after, which needs the owner's EXECUTE TASK.
        reasons.push(format!(
            "the task graph is suspended for the transfer and resumed after; {owner} needs EXECUTE TASK on the account for it to run"
        ));
    }
    if object.kind() == Kind::Pipe {
        reasons.push(
            "the pipe is paused for the transfer and resumed after with SYSTEM$PIPE_FORCE_RESUME (as Snowflake requires); a pipe paused by hand runs after it".to_string(),
        );
    }
}

/// Whether `deploy` inherits `owner`'s privileges: `owner` is `deploy`, or is granted to it
/// (through any chain of roles), by the hierarchy the desired and live roles declare and
/// the system roles' own (ACCOUNTADMIN above SYSADMIN and SECURITYADMIN, SECURITYADMIN
/// above USERADMIN:
/// https://docs.snowflake.com/en/user-guide/security-access-control-overview#system-defined-roles).
pub(crate) fn inherits(
    deploy: &Ident,
    owner: &Ident,
    desired: &DesiredState,
    live: &LiveState,
) -> bool {
    let mut below: BTreeMap<&str, BTreeSet<Ident>> = BTreeMap::new();
    below.entry("ACCOUNTADMIN").or_default().extend(
        ["SYSADMIN", "SECURITYADMIN"]
            .into_iter()
            .map(Ident::from_stored),
    );
    below
        .entry("SECURITYADMIN")
        .or_default()
        .insert(Ident::from_stored("USERADMIN"));
    let roles = desired
        .objects
        .values()
        .map(|d| &d.object)
        .chain(live.objects.values());
    for object in roles {
        if let Object::Role(role) = object {
            for parent in &role.member_of {
                below
                    .entry(parent.as_str())
                    .or_default()
                    .insert(role.name.clone());
            }
        }
    }
    let mut seen: BTreeSet<&Ident> = BTreeSet::new();
    let mut queue = vec![deploy];
    while let Some(role) = queue.pop() {
        if role == owner {
            return true;
        }
        if !seen.insert(role) {
            continue;
        }
        if let Some(children) = below.get(role.as_str()) {
            queue.extend(children.iter());
        }
    }
    false
}

/// A transfer to a role this plan creates runs after the role's creation: the object's
/// change waits for the role's. When the role's change already waits for the object (it
/// grants on it, or on ALL objects of its container), waiting the other way would be a
/// cycle, and the transfer moves to the end of the role's change instead, which runs
/// once both exist. A role that exists already needs no wait.
pub(crate) fn wait_for_new_owners(
    changes: &mut [Change],
    desired: &DesiredState,
) -> Result<(), DdlError> {
    let created: BTreeMap<Address, usize> = changes
        .iter()
        .enumerate()
        .filter(|(_, c)| c.address.kind == Kind::Role && c.action == Action::Create)
        .map(|(i, c)| (c.address.clone(), i))
        .collect();
    if created.is_empty() {
        return Ok(());
    }
    let mut moved: Vec<(usize, Step)> = Vec::new();
    for at in 0..changes.len() {
        let Some(entry) = desired.objects.get(&changes[at].address) else {
            continue;
        };
        let Some(owner) = &entry.owner else {
            continue;
        };
        let role = Address::new(Kind::Role, owner);
        let Some(&role_at) = created.get(&role) else {
            continue;
        };
        if role_at == at || SYSTEM_ROLES.contains(&owner.as_str()) {
            continue;
        }
        let change = &changes[at];
        if changes[role_at].depends_on.contains(&change.address) {
            // Every statement of the transfer moves, in order (a pipe's pause, grant and
            // resume).
            for statement in transfer(&entry.object, owner)? {
                let steps = &mut changes[at].steps;
                if let Some(i) = steps.iter().position(|s| s.describe() == statement) {
                    moved.push((role_at, steps.remove(i)));
                }
            }
        } else if !change.depends_on.contains(&role) {
            changes[at].depends_on.push(role);
        }
    }
    for (role_at, step) in moved {
        changes[role_at].steps.push(step);
    }
    Ok(())
}

/// `validate`'s owner rules across entries:
/// * "All tasks in a task graph must have the same task owner"
///   (https://docs.snowflake.com/en/user-guide/tasks-graphs): a task whose declared owner
///   differs from its predecessor's is refused, at its `owner`;
/// * a role cannot both own an object and name it in its `privileges`: the owner holds
///   every privilege on what it owns, and the object's transfer would wait for the role
///   while the role's grant waits for the object.
pub(crate) fn check(declared: &[Declared], diagnostics: &mut Vec<Diagnostic>) {
    let tasks: BTreeMap<&ObjectName, &Declared> = declared
        .iter()
        .filter_map(|d| match &d.object {
            Object::Task(t) => Some((&t.name, d)),
            _ => None,
        })
        .collect();
    for d in tasks.values() {
        let Object::Task(task) = &d.object else {
            continue;
        };
        for before in &task.after {
            let Some(parent) = tasks.get(before) else {
                continue;
            };
            if parent.owner != d.owner {
                let shown = |o: &Option<Ident>| {
                    o.as_ref()
                        .map_or("not managed".to_string(), |r| r.to_string())
                };
                let at = d.owner_at.clone().unwrap_or_else(|| d.at.clone());
                diagnostics.push(
                    Diagnostic::at(
                        at,
                        format!(
                            "task {} is owned by {} but its predecessor {} by {}: all tasks of a task graph must have the same owner",
                            task.name,
                            shown(&d.owner),
                            before,
                            shown(&parent.owner)
                        ),
                    )
                    .with_help("give every task of the graph the same `owner`"),
                );
            }
        }
    }
    let owned: BTreeMap<Address, (&Ident, &Declared)> = declared
        .iter()
        .filter_map(|d| Some((d.object.address(), (d.owner.as_ref()?, d))))
        .collect();
    for d in declared {
        let Object::Role(role) = &d.object else {
            continue;
        };
        for grant in &role.privileges {
            // ALL and FUTURE grants name a container, whose other objects may be owned
            // by others.
            if grant.target.one_object().is_none() {
                continue;
            }
            let Some(target) = grant.target.reference() else {
                continue;
            };
            if let Some((owner, object)) = owned.get(&target)
                && **owner == role.name
            {
                let at = object.owner_at.clone().unwrap_or_else(|| object.at.clone());
                diagnostics.push(
                    Diagnostic::at(
                        at,
                        format!(
                            "{target} is owned by {owner}, which also declares privileges on it: the owner holds every privilege on what it owns"
                        ),
                    )
                    .with_help(format!("remove `{}` from {owner}'s privileges", grant.target)),
                );
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::role::Role;
    use crate::kinds::sequence::Sequence;
    use crate::model::{Lifecycle, Origin};
    use crate::plan::Action;

    fn settings(deploy: Option<&str>) -> Settings {
        Settings {
            prune: false,
            backup: true,
            now: jiff::Timestamp::UNIX_EPOCH,
            namespace: crate::providers::adls::Namespace::Hierarchical,
            lock_container: "l".into(),
            deploy_role: deploy.map(Ident::from_stored),
        }
    }

    fn sequence(owner: Option<&str>) -> DesiredObject {
        DesiredObject {
            object: Object::Sequence(Sequence {
                name: ObjectName::parse("PR.SILVER.KEYS").unwrap(),
                start: Some(1),
                increment: 1,
                ordered: false,
                comment: None,
                next_value: None,
            }),
            lifecycle: Lifecycle::default(),
            origin: Origin {
                file: "schema/s.toml".into(),
                line: 1,
                column: 1,
            },
            owner: owner.map(Ident::from_stored),
        }
    }

    fn role(name: &str, member_of: &[&str]) -> Object {
        Object::Role(Role {
            name: Ident::from_stored(name),
            comment: None,
            member_of: member_of.iter().map(|p| Ident::from_stored(*p)).collect(),
            privileges: BTreeSet::new(),
        })
    }

    fn states_with(roles: Vec<Object>) -> (DesiredState, LiveState) {
        let mut live = LiveState::default();
        for r in roles {
            live.objects.insert(r.address(), r);
        }
        (DesiredState::default(), live)
    }

    #[test]
    fn every_snowflake_kind_grants_name_takes_owner_and_lake_kinds_do_not() {
        assert_eq!(object_type(Kind::Table), Some(ObjectType::Table));
        assert_eq!(object_type(Kind::Warehouse), Some(ObjectType::Warehouse));
        assert_eq!(object_type(Kind::StorageIntegration), None);
        assert_eq!(object_type(Kind::Container), None);
        assert_eq!(object_type(Kind::Pipe), Some(ObjectType::Pipe));
        assert_eq!(
            object_type(Kind::MaskingPolicy),
            Some(ObjectType::MaskingPolicy)
        );
        assert_eq!(
            object_type(Kind::RowAccessPolicy),
            Some(ObjectType::RowAccessPolicy)
        );
        assert_eq!(object_type(Kind::Tag), Some(ObjectType::Tag));
        // SHOW PROCEDURES has no owner column: INFORMATION_SCHEMA.PROCEDURES has.
        assert_eq!(object_type(Kind::Procedure), Some(ObjectType::Procedure));
        let sql = grant(&sequence(None).object, &Ident::from_stored("LOADER")).unwrap();
        assert_eq!(
            sql,
            "GRANT OWNERSHIP ON SEQUENCE PR.SILVER.KEYS TO ROLE LOADER COPY CURRENT GRANTS"
        );
        assert!(supported().contains("file_format"));
    }

    #[test]
    fn an_owner_change_is_one_grant_in_place_and_unmanaged_owners_are_left_alone() {
        let (d, l) = states_with(vec![role("LOADER", &["DEPLOYER"])]);
        let mut e = Edits::default();
        let sysadmin = Ident::from_stored("SYSADMIN");
        compare(
            Some(&sysadmin),
            &sequence(Some("LOADER")),
            &settings(Some("DEPLOYER")),
            (&d, &l),
            &mut e,
        )
        .unwrap();
        assert_eq!(e.action, Action::Update);
        assert_eq!(e.attributes[0].name.as_str(), "owner");
        assert_eq!(
            e.steps[0].describe(),
            "GRANT OWNERSHIP ON SEQUENCE PR.SILVER.KEYS TO ROLE LOADER COPY CURRENT GRANTS"
        );
        assert!(
            e.reasons.is_empty(),
            "DEPLOYER inherits LOADER: {:?}",
            e.reasons
        );

        let mut same = Edits::default();
        let loader = Ident::from_stored("LOADER");
        let desired = sequence(Some("LOADER"));
        compare(
            Some(&loader),
            &desired,
            &settings(None),
            (&d, &l),
            &mut same,
        )
        .unwrap();
        assert!(same.is_empty() && same.steps.is_empty());
        let mut unmanaged = Edits::default();
        compare(
            Some(&sysadmin),
            &sequence(None),
            &settings(None),
            (&d, &l),
            &mut unmanaged,
        )
        .unwrap();
        assert!(unmanaged.is_empty() && unmanaged.steps.is_empty());
    }

    #[test]
    fn a_replacement_is_given_back_to_its_owner() {
        let (d, l) = states_with(Vec::new());
        let mut e = Edits::default();
        e.replace("recreated");
        let loader = Ident::from_stored("LOADER");
        compare(
            Some(&loader),
            &sequence(Some("LOADER")),
            &settings(Some("DEPLOYER")),
            (&d, &l),
            &mut e,
        )
        .unwrap();
        assert!(e.attributes.is_empty());
        assert_eq!(e.steps.len(), 1);
    }

    #[test]
    fn a_pipe_is_paused_for_its_transfer_and_force_resumed_after() {
        let pipe: Object = crate::kinds::pipe::Pipe {
            name: ObjectName::parse("PR.BRONZE.ORDERS_PIPE").unwrap(),
            copy: crate::sql::CanonicalSql::new("COPY INTO T FROM @S"),
            auto_ingest: false,
            integration: None,
            error_integration: None,
            comment: None,
            uses: Default::default(),
        }
        .into();
        assert_eq!(
            transfer(&pipe, &Ident::from_stored("LOADER")).unwrap(),
            [
                "ALTER PIPE PR.BRONZE.ORDERS_PIPE SET PIPE_EXECUTION_PAUSED = TRUE",
                "GRANT OWNERSHIP ON PIPE PR.BRONZE.ORDERS_PIPE TO ROLE LOADER COPY CURRENT GRANTS",
                "SELECT SYSTEM$PIPE_FORCE_RESUME('PR.BRONZE.ORDERS_PIPE')",
            ]
        );
        let mut e = Edits::default();
        let desired = DesiredObject {
            object: pipe,
            ..sequence(Some("LOADER"))
        };
        let (d, l) = states_with(vec![role("LOADER", &["DEPLOYER"])]);
        compare(
            Some(&Ident::from_stored("DEPLOYER")),
            &desired,
            &settings(Some("DEPLOYER")),
            (&d, &l),
            &mut e,
        )
        .unwrap();
        assert_eq!(e.steps.len(), 3);
        assert!(
            e.reasons
                .iter()
                .any(|r| r.contains("SYSTEM$PIPE_FORCE_RESUME"))
        );
    }

    #[test]
    fn giving_ownership_away_from_the_deploy_role_warns() {
        let (d, l) = states_with(vec![role("LOADER", &["SYSADMIN"])]);
        let mut reasons = Vec::new();
        let step = after_create(
            &sequence(Some("LOADER")),
            &settings(Some("DEPLOYER")),
            (&d, &l),
            &mut reasons,
        )
        .unwrap();
        assert_eq!(step.len(), 1);
        assert!(
            reasons[0].starts_with("warning: ownership goes to LOADER"),
            "{reasons:?}"
        );
        // Created by its declared owner: nothing to transfer.
        let none = after_create(
            &sequence(Some("LOADER")),
            &settings(Some("LOADER")),
            (&d, &l),
            &mut reasons,
        )
        .unwrap();
        assert!(none.is_empty());
        assert!(inherits(
            &Ident::from_stored("ACCOUNTADMIN"),
            &Ident::from_stored("LOADER"),
            &d,
            &l
        ));
    }

    #[test]
    fn a_transfer_waits_for_its_new_owner_or_moves_into_it_when_the_role_waits_for_the_object() {
        use crate::kinds::schema::Schema;
        use crate::model::identifier::SchemaName;
        use crate::plan::Tier;
        let mut desired = DesiredState::default();
        let owned = |object: Object| DesiredObject {
            object,
            owner: Some(Ident::from_stored("LOADER")),
            ..sequence(None)
        };
        let keys = owned(sequence(None).object);
        let schema = owned(Object::Schema(Schema {
            name: SchemaName::parse("PR.SILVER").unwrap(),
            transient: false,
            managed_access: false,
            data_retention_days: None,
            comment: None,
        }));
        for d in [&keys, &schema] {
            desired.objects.insert(d.object.address(), d.clone());
        }
        let loader = Address::new(Kind::Role, "LOADER");
        let mut role = Change::new(loader.clone(), Action::Create, Tier::Safe);
        role.depends_on.push(schema.object.address());
        let created = |d: &DesiredObject| {
            let mut c = Change::new(d.object.address(), Action::Create, Tier::Safe);
            c.steps.push(Step::sql(
                grant(&d.object, &Ident::from_stored("LOADER")).unwrap(),
            ));
            c
        };
        let mut changes = vec![role, created(&keys), created(&schema)];
        wait_for_new_owners(&mut changes, &desired).unwrap();
        // The sequence waits for the role; the schema, which the role waits for, gives its
        // transfer to the role's change.
        assert_eq!(changes[1].depends_on, [loader]);
        assert!(changes[2].steps.is_empty() && changes[2].depends_on.is_empty());
        assert_eq!(
            changes[0].steps[0].describe(),
            "GRANT OWNERSHIP ON SCHEMA PR.SILVER TO ROLE LOADER COPY CURRENT GRANTS"
        );
    }

    #[test]
    fn routine_owners_are_matched_by_name_and_signature() {
        use crate::kinds::data_metric_function::DataMetricFunction;
        use crate::kinds::procedure::Argument;
        use crate::model::data_type::DataType;
        let dmf = Object::DataMetricFunction(DataMetricFunction {
            name: ObjectName::parse("PR.S.M").unwrap(),
            table: Ident::from_stored("T"),
            columns: vec![Argument {
                name: Ident::from_stored("C"),
                data_type: DataType::parse("VARCHAR").unwrap(),
            }],
            body: crate::sql::CanonicalSql::new("SELECT 1"),
            secure: false,
            comment: None,
        });
        let row = |name: &str, signature: &str, owner: &str| RoutineOwner {
            kind: Kind::DataMetricFunction,
            name: ObjectName::parse(name).unwrap(),
            signature: crate::kinds::role::read::argument_signature(signature).unwrap(),
            owner: Ident::from_stored(owner),
        };
        let rows = [
            row("PR.S.M", "(T TABLE(C VARCHAR))", "STEWARD"),
            // Another overload of the name, and a user function: not the DMF read.
            row("PR.S.M", "(T TABLE(C NUMBER))", "OTHER"),
            row("PR.S.F", "(X NUMBER)", "OTHER"),
        ];
        assert_eq!(
            routine_owners(&rows, &[dmf]),
            [(
                Address::new(Kind::DataMetricFunction, "PR.S.M"),
                Ident::from_stored("STEWARD")
            )]
        );
        assert_eq!(
            object_type(Kind::Procedure).map(|t| t.keyword()),
            Some("PROCEDURE")
        );
        assert_eq!(
            object_type(Kind::DataMetricFunction).map(|t| t.keyword()),
            Some("FUNCTION")
        );
    }
}
