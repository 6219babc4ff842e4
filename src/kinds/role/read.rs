//! Reading roles and their grants back, batched: `SHOW ROLES` once, then concurrently one
//! `SHOW GRANTS TO ROLE r` per declared role and per parent the project names, and one
//! `SHOW FUTURE GRANTS IN SCHEMA s` / `IN DATABASE d` per managed container, and one
//! `INFORMATION_SCHEMA.OBJECT_PRIVILEGES` per managed database for the grants held by
//! roles outside the scope (`super::unmanaged`). Never
//! ACCOUNT_USAGE, whose views lag by hours. Each read starts as soon as what it needs is
//! known ([`RoleReads`]), alongside the listings of the databases.
//!
//! Rows are read by column name (https://docs.snowflake.com/en/sql-reference/sql/show-grants):
//! `privilege`, `granted_on`, `name` (qualified, unquoted) for SHOW GRANTS; `privilege`,
//! `grant_on`, `grant_to`, `grantee_name` for SHOW FUTURE GRANTS (whose `name` holds a
//! placeholder such as `PR.GOLD.<TABLE>`, so the container comes from the statement).
//! OWNERSHIP rows are not privileges a role declares (the creating role owns what it
//! creates) and are skipped; so are grants on objects outside what lakeform manages (see
//! [`Managed`]) and object types it does not know.

use std::collections::{BTreeMap, BTreeSet};

use tokio::task::JoinSet;

use super::Role;
use super::grant::{Container, Grant, Grantee, Target};
use crate::kinds::database_role::DatabaseRole;
use crate::model::data_type::DataType;
use crate::model::identifier::Ident;
use crate::model::privilege::ObjectType;
use crate::model::{Address, Kind, Object};
use crate::providers::snowflake::introspect::connection::{Connection, Runner};
use crate::providers::snowflake::introspect::record::Record;
use crate::providers::snowflake::introspect::reported_name;
use crate::providers::snowflake::introspect::{AccountScope, INFORMATION_SCHEMA, IntrospectError};

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
    let grant_option = grant_option(record)?;
    let bad = |problem: &str| record.invalid("name", name, problem.to_string());
    let parts = || printed_parts(name, t.parts()).ok_or_else(|| bad("is not a qualified name"));
    Ok(match t {
        ObjectType::Procedure | ObjectType::Function => {
            let (parts, types) = routine_name(name).ok_or_else(|| {
                bad("is not DATABASE.SCHEMA.\"NAME(ARGUMENT TYPE, …):RETURN TYPE\"")
            })?;
            Held::Privilege(Grant {
                target: Target::Routine(t, parts, types),
                privilege: privilege.to_string(),
                grant_option,
            })
        }
        ObjectType::Account => Held::Privilege(Grant {
            target: Target::Account,
            privilege: privilege.to_string(),
            grant_option,
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
                grant_option,
            })
        }
    })
}

/// The `grant_option` cell (`true` / `false`), false when the row has no such column (the
/// recordings made before lakeform read it).
fn grant_option(record: &Record<'_>) -> Result<bool, IntrospectError> {
    match record.if_present("grant_option") {
        None => Ok(false),
        Some(_) => record.flag("grant_option"),
    }
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

/// A procedure as SHOW GRANTS names it: `DB.S."P(A VARCHAR, B NUMBER):VARCHAR(16777216)"`,
/// the name with its arguments (names and types, the types without lengths) and its
/// return type, the last part quoted (the docs show none; the Terraform provider's
/// `ParseSchemaObjectIdentifierWithArgumentsAndReturnType` reads "<database>.<schema>.
/// \"<function>(<argname> <argtype>...):<returntype>\"", and names without the quotes
/// are read too; SnowDDL's `build_grant_name_ident` reads FUNCTION and PROCEDURE rows the
/// same way, so a function's row is this form too). The return type is not part of a
/// procedure's identity and is dropped;
/// so are the argument names, and `DEFAULT` before an optional argument's type. The
/// types come back in signature form (`Target::Routine`).
pub(crate) fn routine_name(name: &str) -> Option<(Vec<Ident>, Vec<String>)> {
    let open = name.find('(')?;
    let mut depth = 0usize;
    let close = name[open..].char_indices().find_map(|(i, c)| {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
        None
    })?;
    let mut head = name[..open].to_string();
    // The quote opening the last part closes after the return type: close it here.
    if head.matches('"').count() % 2 == 1 {
        head.push('"');
    }
    let parts = printed_parts(&head, ObjectType::Procedure.parts())?;
    let (_, items) = super::grant::split_signature(&name[open..=close])?;
    let types = items
        .iter()
        .map(|item| printed_type(item))
        .collect::<Option<Vec<_>>>()?;
    Some((parts, types))
}

/// `(SINCE VARCHAR, N NUMBER)` (INFORMATION_SCHEMA's ARGUMENT_SIGNATURE; a data metric
/// function's `(T TABLE(C VARCHAR))`) → the argument types in grant-signature form.
pub(crate) fn argument_signature(text: &str) -> Option<Vec<String>> {
    let (_, items) = super::grant::split_signature(text.trim())?;
    items.iter().map(|item| printed_type(item)).collect()
}

/// One argument as SHOW GRANTS prints it — `NAME TYPE`, `TYPE`, `DEFAULT TYPE`, or a data
/// metric function's table argument `T TABLE(C NUMBER, …)` — as its type in signature
/// form (`NUMBER`, `TABLE(NUMBER)`).
fn printed_type(item: &str) -> Option<String> {
    let item = item.trim();
    let item = item.strip_prefix("DEFAULT ").unwrap_or(item);
    let table = |text: &str| {
        let columns = super::grant::table_argument(text)?;
        let types = columns
            .iter()
            .map(|c| printed_type(c).filter(|t| !t.starts_with("TABLE(")))
            .collect::<Option<Vec<_>>>()?;
        Some(format!("TABLE({})", types.join(", ")))
    };
    if let Some(found) = table(item) {
        return Some(found);
    }
    if let Ok(t) = DataType::parse(item) {
        return Some(t.in_signature());
    }
    // `NAME TYPE`: the type follows the argument's name.
    let (_, rest) = item.split_once(char::is_whitespace)?;
    table(rest).or_else(|| DataType::parse(rest).ok().map(|t| t.in_signature()))
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
    let grant_option = grant_option(record)?;
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
            grant_option,
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

/// What part of the role reads found: roles and database roles that exist, what each
/// grantee holds, and future grants by grantee. The parts are merged by [`RoleReads::finish`].
#[derive(Debug, Default)]
struct Found {
    roles: BTreeMap<Ident, Role>,
    database_roles: BTreeMap<(Ident, Ident), DatabaseRole>,
    held: BTreeMap<Grantee, Vec<Held>>,
    future: BTreeMap<Grantee, BTreeSet<Grant>>,
    /// The `owner` column of SHOW ROLES / SHOW DATABASE ROLES (`kinds::owner`).
    owners: Vec<(Address, Ident)>,
    /// Grants to grantees outside the scope, on the managed databases' objects
    /// (`super::unmanaged`).
    unmanaged: super::unmanaged::Held,
}

impl Found {
    fn merge(&mut self, other: Found) {
        self.roles.extend(other.roles);
        self.database_roles.extend(other.database_roles);
        self.owners.extend(other.owners);
        for (grantee, grants) in other.unmanaged {
            self.unmanaged.entry(grantee).or_default().extend(grants);
        }
        for (grantee, held) in other.held {
            self.held.entry(grantee).or_default().extend(held);
        }
        for (grantee, future) in other.future {
            self.future.entry(grantee).or_default().extend(future);
        }
    }
}

/// The role reads of one introspection, each started as soon as what it needs is known,
/// so they overlap the listings of the databases instead of following them: `SHOW ROLES`
/// needs nothing and starts at once; the database roles and `SHOW FUTURE GRANTS IN
/// DATABASE` need the managed databases that exist; `SHOW FUTURE GRANTS IN SCHEMA` needs
/// the schemas. All share the introspection's runner, so together they stay within its
/// limit of statements in flight, which serves statements in the order they queue.
///
/// The roles' SHOW GRANTS — one per role, most of the statements — queue once the
/// databases' listings have ([`RoleReads::databases`]): the listings hold the longest
/// chains (schemas, then their future grants; the column listing's result partitions),
/// and queued behind hundreds of grants they would finish last.
pub(crate) struct RoleReads<C> {
    runner: Runner<C>,
    scope: RoleScope,
    /// `SHOW ROLES`, until its roles' grants are queued.
    listed: Option<JoinSet<Result<Listed, IntrospectError>>>,
    parts: JoinSet<Result<Found, IntrospectError>>,
}

/// The roles `SHOW ROLES` found in scope, and the parents whose grants are read for the
/// hierarchy.
struct Listed {
    found: Found,
    parents: Vec<Ident>,
}

impl<C: Connection> RoleReads<C> {
    /// Starts `SHOW ROLES`; `None` when `scope` reads no roles.
    pub(crate) fn start(runner: &Runner<C>, scope: &RoleScope) -> Option<Self> {
        if !scope.is_read() {
            return None;
        }
        let mut listed = JoinSet::new();
        listed.spawn(account_roles(runner.clone(), scope.clone()));
        Some(RoleReads {
            runner: runner.clone(),
            scope: scope.clone(),
            listed: Some(listed),
            parts: JoinSet::new(),
        })
    }

    /// The managed databases that exist, called once their listings are queued: their
    /// database roles in scope (listed, then their grants), the future grants in each,
    /// and the account roles' grants.
    pub(crate) fn databases(&mut self, databases: &[Ident]) {
        let listed: Vec<Ident> = databases
            .iter()
            .filter(|d| self.scope.all || self.scope.database_roles.iter().any(|(db, _)| db == *d))
            .cloned()
            .collect();
        if !listed.is_empty() {
            self.parts.spawn(database_roles(
                self.runner.clone(),
                self.scope.clone(),
                listed,
            ));
        }
        for database in databases {
            self.future_grants(Container::Database(database.clone()));
            if !self.scope.all {
                self.unmanaged_grants(database.clone());
            }
        }
        self.role_grants();
    }

    /// The grants on `database` and its objects to grantees outside the scope.
    fn unmanaged_grants(&mut self, database: Ident) {
        let runner = self.runner.clone();
        let scope = self.scope.clone();
        self.parts.spawn(async move {
            let statement = super::unmanaged::statement(&database, &scope.roles);
            let page = runner.run(statement).await?;
            let mut found = Found::default();
            for row in page.rows() {
                let Some((grantee, grant)) =
                    super::unmanaged::parse_row(&Record::new(row, Kind::Role), &database)?
                else {
                    continue;
                };
                let in_scope = match &grantee {
                    Grantee::Role(r) => scope.roles.contains(r),
                    Grantee::DatabaseRole(d, r) => {
                        scope.database_roles.contains(&(d.clone(), r.clone()))
                    }
                };
                if !in_scope {
                    found.unmanaged.entry(grantee).or_default().insert(grant);
                }
            }
            Ok(found)
        });
    }

    /// Queues the SHOW GRANTS of the roles `SHOW ROLES` finds (once).
    fn role_grants(&mut self) {
        let Some(mut listed) = self.listed.take() else {
            return;
        };
        let runner = self.runner.clone();
        self.parts.spawn(async move {
            let Listed { mut found, parents } = match listed.join_next().await {
                Some(joined) => {
                    joined.map_err(|e| IntrospectError::Interrupted(e.to_string()))??
                }
                None => {
                    return Err(IntrospectError::Interrupted(
                        "SHOW ROLES gave no result".into(),
                    ));
                }
            };
            let grantees: Vec<(Grantee, String)> = found
                .roles
                .keys()
                .chain(&parents)
                .map(|r| (Grantee::Role(r.clone()), grants_to(r)))
                .collect();
            found.held = held_grants(&runner, grantees).await?;
            Ok(found)
        });
    }

    /// A schema that exists in a managed database: the future grants in it.
    pub(crate) fn schema(&mut self, database: &Ident, schema: &Ident) {
        if schema.as_str() != INFORMATION_SCHEMA {
            self.future_grants(Container::Schema(database.clone(), schema.clone()));
        }
    }

    fn future_grants(&mut self, container: Container) {
        let runner = self.runner.clone();
        self.parts.spawn(async move {
            let page = runner.run(future_grants_in(&container)).await?;
            let mut found = Found::default();
            for row in page.rows() {
                if let Some((grantee, grant)) =
                    parse_future(&Record::new(row, Kind::Role), &container)?
                {
                    found.future.entry(grantee).or_default().insert(grant);
                }
            }
            Ok(found)
        });
    }

    /// Waits for every read and puts the roles and database roles together: their
    /// parents among the roles read, and their privileges on what `managed` covers; with
    /// them, the grants held outside the scope.
    pub(crate) async fn finish(
        mut self,
        managed: &Managed<'_>,
    ) -> Result<
        (
            crate::providers::snowflake::introspect::Found,
            super::unmanaged::Held,
        ),
        IntrospectError,
    > {
        // With no managed database, nothing queued them yet.
        self.role_grants();
        let mut found = Found::default();
        while let Some(joined) = self.parts.join_next().await {
            found.merge(joined.map_err(|e| IntrospectError::Interrupted(e.to_string()))??);
        }
        let owners = std::mem::take(&mut found.owners);
        let unmanaged = std::mem::take(&mut found.unmanaged);
        Ok((
            crate::providers::snowflake::introspect::Found {
                objects: assemble(found, managed),
                owners,
            },
            unmanaged,
        ))
    }
}

/// `SHOW ROLES`: the roles in scope and the parents they name.
async fn account_roles<C: Connection>(
    runner: Runner<C>,
    scope: RoleScope,
) -> Result<Listed, IntrospectError> {
    let mut found = Found::default();
    let mut parents: Vec<Ident> = Vec::new();
    for row in runner.run(STATEMENT.to_string()).await?.rows() {
        let record = Record::new(row, Kind::Role);
        let name = record.ident("name")?;
        if scope.includes(&name) {
            if let Some(owner) = record.owner() {
                found.owners.push((Address::new(Kind::Role, &name), owner));
            }
            found.roles.insert(
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
    Ok(Listed { found, parents })
}

/// `SHOW DATABASE ROLES IN DATABASE d` for each of `databases`, then `SHOW GRANTS TO
/// DATABASE ROLE` for each one in scope (concurrently).
async fn database_roles<C: Connection>(
    runner: Runner<C>,
    scope: RoleScope,
    databases: Vec<Ident>,
) -> Result<Found, IntrospectError> {
    let mut found = Found::default();
    let pages = runner
        .run_each(databases.iter().map(database_roles_in).collect())
        .await?;
    for (database, page) in databases.iter().zip(&pages) {
        for row in page.rows() {
            let record = Record::new(row, Kind::DatabaseRole);
            let name = record.ident("name")?;
            let key = (database.clone(), name.clone());
            if scope.all || scope.database_roles.contains(&key) {
                if let Some(owner) = record.owner() {
                    let address = Address::new(Kind::DatabaseRole, format!("{database}.{name}"));
                    found.owners.push((address, owner));
                }
                found.database_roles.insert(
                    key,
                    DatabaseRole {
                        database: database.clone(),
                        name,
                        comment: record.comment()?,
                        member_of: BTreeSet::new(),
                        privileges: BTreeSet::new(),
                    },
                );
            }
        }
    }
    let grantees: Vec<(Grantee, String)> = found
        .database_roles
        .keys()
        .map(|(d, r)| {
            (
                Grantee::DatabaseRole(d.clone(), r.clone()),
                grants_to_database_role(d, r),
            )
        })
        .collect();
    found.held = held_grants(&runner, grantees).await?;
    Ok(found)
}

/// Runs the SHOW GRANTS of `grantees` concurrently.
async fn held_grants<C: Connection>(
    runner: &Runner<C>,
    grantees: Vec<(Grantee, String)>,
) -> Result<BTreeMap<Grantee, Vec<Held>>, IntrospectError> {
    let statements: Vec<String> = grantees.iter().map(|(_, s)| s.clone()).collect();
    let pages = runner.run_each(statements).await?;
    let mut held = BTreeMap::new();
    for ((grantee, _), page) in grantees.into_iter().zip(&pages) {
        let rows = page
            .rows()
            .map(|row| parse_held(&Record::new(row, Kind::Role)))
            .collect::<Result<Vec<_>, _>>()?;
        held.insert(grantee, rows);
    }
    Ok(held)
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
fn assemble(found: Found, managed: &Managed<'_>) -> Vec<Object> {
    let Found {
        mut roles,
        mut database_roles,
        held,
        future,
        owners: _,
        unmanaged: _,
    } = found;
    for (holder, held) in held {
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
    for (grantee, future) in future {
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
    objects
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
                privilege: "SELECT".into(),
                grant_option: false,
            })
        );
        assert_eq!(
            on("USAGE", "FILE_FORMAT", "PR.BRONZE.CSV"),
            Held::Privilege(Grant {
                target: Target::Object(
                    ObjectType::FileFormat,
                    split_parts("PR.BRONZE.CSV").unwrap()
                ),
                privilege: "USAGE".into(),
                grant_option: false,
            })
        );
        assert_eq!(
            on("EXECUTE TASK", "ACCOUNT", "MYACCOUNT"),
            Held::Privilege(Grant {
                target: Target::Account,
                privilege: "EXECUTE TASK".into(),
                grant_option: false,
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
    fn procedure_rows_are_read_by_name_and_argument_types() {
        let row = |name: &str| {
            held(&[
                ("privilege", Some("USAGE")),
                ("granted_on", Some("PROCEDURE")),
                ("name", Some(name)),
                ("grant_option", Some("false")),
            ])
        };
        let expected = Held::Privilege(Grant {
            target: Target::Routine(
                ObjectType::Procedure,
                split_parts("PR.S.REFRESH").unwrap(),
                vec!["VARCHAR".into(), "NUMBER".into()],
            ),
            privilege: "USAGE".into(),
            grant_option: false,
        });
        for name in [
            "PR.S.\"REFRESH(SINCE VARCHAR, N NUMBER):VARCHAR(16777216)\"",
            "\"PR\".\"S\".\"REFRESH(SINCE VARCHAR, N NUMBER):TABLE (A NUMBER)\"",
            "PR.S.REFRESH(SINCE VARCHAR, DEFAULT NUMBER):VARCHAR",
            "PR.S.REFRESH(VARCHAR, NUMBER)",
        ] {
            assert_eq!(row(name), expected, "{name}");
        }
        assert_eq!(
            routine_name("PR.S.\"NOW():DATE\""),
            Some((split_parts("PR.S.NOW").unwrap(), Vec::new()))
        );
        assert_eq!(routine_name("PR.S.P"), None);
        assert_eq!(routine_name("PR.S.P(A GADGET):X"), None);
        let rows = row_of("PR.S.P");
        assert!(parse_held(&Record::new(rows.rows().next().unwrap(), Kind::Role)).is_err());
    }

    #[test]
    fn function_and_data_metric_function_rows_are_read_by_signature() {
        let row = |granted_on: &str, name: &str| {
            held(&[
                ("privilege", Some("USAGE")),
                ("granted_on", Some(granted_on)),
                ("name", Some(name)),
                ("grant_option", Some("false")),
            ])
        };
        let function = |types: &[&str]| {
            Held::Privilege(Grant {
                target: Target::Routine(
                    ObjectType::Function,
                    split_parts("PR.S.F").unwrap(),
                    types.iter().map(|t| t.to_string()).collect(),
                ),
                privilege: "USAGE".into(),
                grant_option: false,
            })
        };
        assert_eq!(
            row("FUNCTION", "PR.S.\"F(X NUMBER, Y VARCHAR):NUMBER(38,0)\""),
            function(&["NUMBER", "VARCHAR"])
        );
        for (granted_on, name) in [
            (
                "FUNCTION",
                "PR.S.\"F(T TABLE(A NUMBER, B VARCHAR)):NUMBER(38,0)\"",
            ),
            (
                "DATA_METRIC_FUNCTION",
                "PR.S.\"F(TABLE(NUMBER, VARCHAR)):NUMBER\"",
            ),
        ] {
            assert_eq!(
                row(granted_on, name),
                function(&["TABLE(NUMBER, VARCHAR)"]),
                "{name}"
            );
        }
        assert_eq!(printed_type("T TABLE(A TABLE(B NUMBER))"), None);
    }

    fn row_of(name: &str) -> crate::providers::snowflake::result_set::ResultSet {
        row(&[
            ("privilege", Some("USAGE")),
            ("granted_on", Some("PROCEDURE")),
            ("name", Some(name)),
        ])
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
