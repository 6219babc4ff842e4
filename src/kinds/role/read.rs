//! Reading roles and their grants back, batched: `SHOW ROLES` once, then concurrently one
//! `SHOW GRANTS TO ROLE r` per declared role and per parent the project names, and one
//! `SHOW FUTURE GRANTS IN SCHEMA s` / `IN DATABASE d` per managed container. Never
//! ACCOUNT_USAGE, whose views lag by hours.
//!
//! Rows are read by column name (https://docs.snowflake.com/en/sql-reference/sql/show-grants):
//! `privilege`, `granted_on`, `name` (qualified, unquoted) for SHOW GRANTS; `privilege`,
//! `grant_on`, `grant_to`, `grantee_name` for SHOW FUTURE GRANTS (whose `name` holds a
//! placeholder such as `PR.GOLD.<TABLE>`, so the container comes from the statement).
//! OWNERSHIP rows are not privileges a role declares (the creating role owns what it
//! creates) and are skipped; so are grants on objects outside what lakeform manages (see
//! [`Managed`]) and object types it does not know.

use std::collections::{BTreeMap, BTreeSet};

use super::Role;
use super::grant::{Container, Grant, Grantee, Target};
use crate::kinds::database_role::DatabaseRole;
use crate::model::identifier::Ident;
use crate::model::privilege::ObjectType;
use crate::model::{Kind, Object};
use crate::providers::snowflake::introspect::connection::{Connection, Runner};
use crate::providers::snowflake::introspect::record::Record;
use crate::providers::snowflake::introspect::reported_name;
use crate::providers::snowflake::introspect::{AccountScope, IntrospectError};
use crate::providers::snowflake::result_set::ResultSet;

/// `SHOW ROLES` (https://docs.snowflake.com/en/sql-reference/sql/show-roles): `name`,
/// `comment`, among others.
pub(crate) const STATEMENT: &str = "SHOW ROLES";

/// What introspection reads for roles.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoleScope {
    /// The declared roles.
    pub roles: BTreeSet<Ident>,
    /// Parents the declared roles name that are not declared themselves (SYSADMIN): their
    /// grants are read for the hierarchy only.
    pub parents: BTreeSet<Ident>,
    /// The declared database roles, as (database, role).
    pub database_roles: BTreeSet<(Ident, Ident)>,
    /// Every role in the account, and every database role of the managed databases
    /// (import).
    pub all: bool,
}

impl RoleScope {
    pub(crate) fn is_read(&self) -> bool {
        self.all || !self.roles.is_empty() || !self.database_roles.is_empty()
    }

    fn includes(&self, name: &Ident) -> bool {
        self.roles.contains(name) || (self.all && !super::SYSTEM_ROLES.contains(&name.as_str()))
    }
}

/// The objects whose grants lakeform compares: the account, the managed databases and
/// everything in them, and the declared warehouses and integrations.
pub(crate) struct Managed<'a> {
    pub(crate) databases: &'a [Ident],
    pub(crate) warehouses: &'a AccountScope,
    pub(crate) integrations: &'a AccountScope,
}

impl Managed<'_> {
    fn covers(&self, target: &Target) -> bool {
        match target {
            Target::Account => true,
            Target::Object(ObjectType::Warehouse, parts) => {
                parts.first().is_some_and(|w| self.warehouses.includes(w))
            }
            Target::Object(ObjectType::Integration, parts) => {
                parts.first().is_some_and(|i| self.integrations.includes(i))
            }
            other => other.database().is_some_and(|d| self.databases.contains(d)),
        }
    }
}

/// One row of SHOW GRANTS TO ROLE.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Held {
    /// A privilege on an object or the account.
    Privilege(Grant),
    /// Another role granted to this one (`USAGE` on `ROLE`).
    Role(Ident),
    /// A database role granted to this one.
    DatabaseRole(Ident, Ident),
    /// Anything lakeform does not compare.
    Other,
}

/// Reads one SHOW GRANTS TO ROLE / TO DATABASE ROLE row.
pub(crate) fn parse_held(record: &Record<'_>) -> Result<Held, IntrospectError> {
    let privilege = record.required("privilege")?;
    let granted_on = record.required("granted_on")?;
    let name = record.required("name")?;
    let Some(t) = ObjectType::from_shown(granted_on) else {
        return Ok(Held::Other);
    };
    if privilege.eq_ignore_ascii_case("OWNERSHIP") {
        return Ok(Held::Other);
    }
    let bad = |problem: &str| record.invalid("name", name, problem.to_string());
    let parts = || printed_parts(name, t.parts()).ok_or_else(|| bad("is not a qualified name"));
    Ok(match t {
        ObjectType::Account => Held::Privilege(Grant {
            target: Target::Account,
            privilege: privilege.to_string(),
        }),
        ObjectType::Role => {
            let mut parts = parts()?;
            match (parts.pop(), parts.is_empty()) {
                (Some(role), true) => Held::Role(role),
                _ => return Err(bad("is not one role name")),
            }
        }
        ObjectType::DatabaseRole => match <[Ident; 2]>::try_from(parts()?) {
            Ok([database, role]) => Held::DatabaseRole(database, role),
            Err(_) => return Err(bad("is not DATABASE.ROLE")),
        },
        t => {
            let parts = parts()?;
            if parts.len() != t.parts() {
                return Err(bad("does not have the parts its object type's names have"));
            }
            Held::Privilege(Grant {
                target: Target::Object(t, parts),
                privilege: privilege.to_string(),
            })
        }
    })
}

/// The parts of a name as SHOW GRANTS prints it: "fully qualified but not quoted"
/// (REFERENCE 1.3), so the stored parts joined by dots; a name printed with quotes is
/// read as such. `expected` parts, or `None`.
fn printed_parts(name: &str, expected: usize) -> Option<Vec<Ident>> {
    if let Some(parts) = reported_name::parts(name).filter(|p| p.len() == expected) {
        return Some(parts);
    }
    let bare: Vec<Ident> = name.split('.').map(Ident::from_stored).collect();
    (bare.len() == expected).then_some(bare)
}

/// Reads one SHOW FUTURE GRANTS IN `container` row: the grantee (`None` when it is not a
/// role or database role) and the grant.
pub(crate) fn parse_future(
    record: &Record<'_>,
    container: &Container,
) -> Result<Option<(Grantee, Grant)>, IntrospectError> {
    let privilege = record.required("privilege")?;
    let grant_on = record.required("grant_on")?;
    let grant_to = record.required("grant_to")?;
    let grantee_name = record.required("grantee_name")?;
    let Some(t) = ObjectType::from_shown(grant_on) else {
        return Ok(None);
    };
    if privilege.eq_ignore_ascii_case("OWNERSHIP") {
        return Ok(None);
    }
    let bad = || {
        record.invalid(
            "grantee_name",
            grantee_name,
            "is not a role name".to_string(),
        )
    };
    let parts = reported_name::parts(grantee_name).ok_or_else(bad)?;
    let grantee = match (grant_to, <[Ident; 1]>::try_from(parts.clone())) {
        ("ROLE", Ok([role])) => Grantee::Role(role),
        ("DATABASE_ROLE", _) => match <[Ident; 2]>::try_from(parts) {
            Ok([d, r]) => Grantee::DatabaseRole(d, r),
            Err(_) => return Err(bad()),
        },
        _ => return Ok(None),
    };
    Ok(Some((
        grantee,
        Grant {
            target: Target::Future(t, container.clone()),
            privilege: privilege.to_string(),
        },
    )))
}

/// `SHOW GRANTS TO ROLE r`.
pub(crate) fn grants_to(role: &Ident) -> String {
    format!("SHOW GRANTS TO ROLE {role}")
}

/// `SHOW FUTURE GRANTS IN SCHEMA s` / `IN DATABASE d`.
pub(crate) fn future_grants_in(container: &Container) -> String {
    match container {
        Container::Database(d) => format!("SHOW FUTURE GRANTS IN DATABASE {d}"),
        Container::Schema(d, s) => format!("SHOW FUTURE GRANTS IN SCHEMA {d}.{s}"),
    }
}

/// Everything read about grants, for roles and database roles alike: what each grantee
/// holds, and its future grants.
#[derive(Debug, Default)]
pub(crate) struct Grants {
    pub(crate) held: BTreeMap<Grantee, Vec<Held>>,
    pub(crate) future: BTreeMap<Grantee, BTreeSet<Grant>>,
}

/// Runs the SHOW GRANTS of `grantees` and the SHOW FUTURE GRANTS of `containers`
/// concurrently.
pub(crate) async fn read_grants<C: Connection>(
    runner: &Runner<C>,
    grantees: Vec<(Grantee, String)>,
    containers: &[Container],
    kind: Kind,
) -> Result<Grants, IntrospectError> {
    let mut statements: Vec<String> = grantees.iter().map(|(_, s)| s.clone()).collect();
    statements.extend(containers.iter().map(future_grants_in));
    let results = runner.run_each(statements).await?;
    let (held, future) = results.split_at(grantees.len());
    let mut grants = Grants::default();
    for ((grantee, _), page) in grantees.iter().zip(held) {
        let rows = rows(page, kind, parse_held)?;
        grants.held.insert(grantee.clone(), rows);
    }
    for (container, page) in containers.iter().zip(future) {
        for row in page.rows() {
            if let Some((grantee, grant)) = parse_future(&Record::new(row, kind), container)? {
                grants.future.entry(grantee).or_default().insert(grant);
            }
        }
    }
    Ok(grants)
}

fn rows<T>(
    page: &ResultSet,
    kind: Kind,
    parse: fn(&Record<'_>) -> Result<T, IntrospectError>,
) -> Result<Vec<T>, IntrospectError> {
    page.rows()
        .map(|row| parse(&Record::new(row, kind)))
        .collect()
}

/// `SHOW DATABASE ROLES IN DATABASE d`: `name`, `comment`, among others (the docs list
/// no columns; REFERENCE 1.2).
pub(crate) fn database_roles_in(database: &Ident) -> String {
    format!("SHOW DATABASE ROLES IN DATABASE {database}")
}

/// `SHOW GRANTS TO DATABASE ROLE d.r`: the TO ROLE columns, `granted_to` DATABASE_ROLE.
pub(crate) fn grants_to_database_role(database: &Ident, role: &Ident) -> String {
    format!("SHOW GRANTS TO DATABASE ROLE {database}.{role}")
}

/// The declared roles and database roles that exist, with their comment, parents among
/// the roles read, and privileges on managed objects.
pub(crate) async fn read<C: Connection>(
    runner: &Runner<C>,
    scope: &RoleScope,
    containers: &[Container],
    managed: &Managed<'_>,
) -> Result<Vec<Object>, IntrospectError> {
    let mut roles: BTreeMap<Ident, Role> = BTreeMap::new();
    let mut database_roles: BTreeMap<(Ident, Ident), DatabaseRole> = BTreeMap::new();
    let mut parents: Vec<Ident> = Vec::new();
    let databases: Vec<&Ident> = managed
        .databases
        .iter()
        .filter(|d| scope.all || scope.database_roles.iter().any(|(db, _)| db == *d))
        .collect();
    let mut listings = vec![STATEMENT.to_string()];
    listings.extend(databases.iter().map(|d| database_roles_in(d)));
    let pages = runner.run_each(listings).await?;
    let (account, per_database) = pages.split_at(1);
    for page in account {
        for row in page.rows() {
            let record = Record::new(row, Kind::Role);
            let name = record.ident("name")?;
            if scope.includes(&name) {
                roles.insert(
                    name.clone(),
                    Role {
                        name,
                        comment: record.comment()?,
                        member_of: BTreeSet::new(),
                        privileges: BTreeSet::new(),
                    },
                );
            } else if scope.parents.contains(&name)
                || (scope.all && super::SYSTEM_ROLES.contains(&name.as_str()))
            {
                parents.push(name);
            }
        }
    }
    for (database, page) in databases.iter().zip(per_database) {
        for row in page.rows() {
            let record = Record::new(row, Kind::DatabaseRole);
            let name = record.ident("name")?;
            let key = ((*database).clone(), name.clone());
            if scope.all || scope.database_roles.contains(&key) {
                database_roles.insert(
                    key,
                    DatabaseRole {
                        database: (*database).clone(),
                        name,
                        comment: record.comment()?,
                        member_of: BTreeSet::new(),
                        privileges: BTreeSet::new(),
                    },
                );
            }
        }
    }
    let mut grantees: Vec<(Grantee, String)> = roles
        .keys()
        .chain(&parents)
        .map(|r| (Grantee::Role(r.clone()), grants_to(r)))
        .collect();
    grantees.extend(database_roles.keys().map(|(d, r)| {
        (
            Grantee::DatabaseRole(d.clone(), r.clone()),
            grants_to_database_role(d, r),
        )
    }));
    let grants = read_grants(runner, grantees, containers, Kind::Role).await?;
    for (holder, held) in grants.held {
        for row in held {
            match row {
                Held::Role(child) => {
                    if let Some(child) = roles.get_mut(&child) {
                        child.member_of.extend(match &holder {
                            Grantee::Role(r) => Some(r.clone()),
                            Grantee::DatabaseRole(..) => None,
                        });
                    }
                }
                Held::DatabaseRole(d, r) => {
                    if let Some(child) = database_roles.get_mut(&(d, r)) {
                        child.member_of.insert(holder.clone());
                    }
                }
                Held::Privilege(grant) if managed.covers(&grant.target) => match &holder {
                    Grantee::Role(name) => {
                        if let Some(role) = roles.get_mut(name) {
                            role.privileges.insert(grant);
                        }
                    }
                    Grantee::DatabaseRole(d, r) => {
                        if let Some(role) = database_roles.get_mut(&(d.clone(), r.clone())) {
                            role.privileges.insert(grant);
                        }
                    }
                },
                _ => {}
            }
        }
    }
    for (grantee, future) in grants.future {
        match grantee {
            Grantee::Role(name) => {
                if let Some(role) = roles.get_mut(&name) {
                    role.privileges.extend(future);
                }
            }
            Grantee::DatabaseRole(d, r) => {
                if let Some(role) = database_roles.get_mut(&(d, r)) {
                    role.privileges.extend(future);
                }
            }
        }
    }
    let mut objects: Vec<Object> = roles.into_values().map(Object::from).collect();
    objects.extend(database_roles.into_values().map(Object::from));
    Ok(objects)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::identifier::split_parts;
    use crate::providers::snowflake::introspect::record::fixture::row;

    fn held(cells: &[(&str, Option<&str>)]) -> Held {
        let rows = row(cells);
        parse_held(&Record::new(rows.rows().next().unwrap(), Kind::Role)).unwrap()
    }

    #[test]
    fn show_grants_rows_are_read_by_column_name() {
        let on = |privilege, granted_on, name| {
            held(&[
                ("created_on", Some("2026-12-06 08:00:00.000 -0800")),
                ("privilege", Some(privilege)),
                ("granted_on", Some(granted_on)),
                ("name", Some(name)),
                ("granted_to", Some("ROLE")),
                ("grantee_name", Some("ANALYST")),
                ("grant_option", Some("false")),
                ("granted_by", Some("SECURITYADMIN")),
            ])
        };
        assert_eq!(
            on("SELECT", "TABLE", "PR.GOLD.T"),
            Held::Privilege(Grant {
                target: Target::Object(ObjectType::Table, split_parts("PR.GOLD.T").unwrap()),
                privilege: "SELECT".into()
            })
        );
        assert_eq!(
            on("USAGE", "FILE_FORMAT", "PR.BRONZE.CSV"),
            Held::Privilege(Grant {
                target: Target::Object(
                    ObjectType::FileFormat,
                    split_parts("PR.BRONZE.CSV").unwrap()
                ),
                privilege: "USAGE".into()
            })
        );
        assert_eq!(
            on("EXECUTE TASK", "ACCOUNT", "MYACCOUNT"),
            Held::Privilege(Grant {
                target: Target::Account,
                privilege: "EXECUTE TASK".into()
            })
        );
        assert_eq!(
            on("USAGE", "ROLE", "LOADER"),
            Held::Role(Ident::from_stored("LOADER"))
        );
        assert_eq!(on("OWNERSHIP", "SCHEMA", "PR.GOLD"), Held::Other);
        assert_eq!(on("USAGE", "NOTEBOOK", "PR.S.N"), Held::Other);
        let rows = row(&[
            ("privilege", Some("SELECT")),
            ("granted_on", Some("TABLE")),
            ("name", Some("PR.T")),
        ]);
        assert!(parse_held(&Record::new(rows.rows().next().unwrap(), Kind::Role)).is_err());
    }

    #[test]
    fn future_rows_take_their_container_from_the_statement() {
        let rows = row(&[
            ("created_on", Some("2026-12-06 08:00:00.000 -0800")),
            ("privilege", Some("SELECT")),
            ("grant_on", Some("VIEW")),
            ("name", Some("PR.GOLD.<VIEW>")),
            ("grant_to", Some("ROLE")),
            ("grantee_name", Some("ANALYST")),
            ("grant_option", Some("false")),
        ]);
        let container = Container::Schema(Ident::from_stored("PR"), Ident::from_stored("GOLD"));
        let (grantee, grant) = parse_future(
            &Record::new(rows.rows().next().unwrap(), Kind::Role),
            &container,
        )
        .unwrap()
        .unwrap();
        assert_eq!(grantee, super::Grantee::Role(Ident::from_stored("ANALYST")));
        assert_eq!(grant.target.to_string(), "future views in schema PR.GOLD");
    }
}
