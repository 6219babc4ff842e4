//! Privilege enforcement: before a statement runs, the session's role — with every role
//! it inherits (`Catalog::roles_below`) and PUBLIC — must hold what Snowflake's
//! access-control pages require for it. One table, [`needs`], says what each statement
//! needs; one check, [`check`], decides, so no rule is written twice.
//!
//! What counts as holding a privilege
//! (https://docs.snowflake.com/en/user-guide/security-access-control-overview):
//! * the owner of an object holds every privilege on it (ownership moves only with GRANT
//!   OWNERSHIP, see `catalog/ownership.rs`);
//! * a grant of the privilege on the object (or on ACCOUNT, for a global privilege) to
//!   one of the session's roles;
//! * the system roles' own global privileges: ACCOUNTADMIN every one, SECURITYADMIN
//!   MANAGE GRANTS, USERADMIN CREATE USER and CREATE ROLE, SYSADMIN CREATE WAREHOUSE and
//!   CREATE DATABASE
//!   (https://docs.snowflake.com/en/user-guide/security-access-control-overview#system-defined-roles).
//!   ACCOUNTADMIN is not above ownership: an object owned by a role outside its hierarchy
//!   is not its to alter, as in Snowflake.
//!
//! An object in a database and schema is reached only when the role holds some privilege
//! on both ("USAGE or any other", REFERENCE-governance-ingestion 1.4, from
//! https://docs.snowflake.com/en/user-guide/security-access-control-privileges); without
//! one the container does not exist for it (002003, "does not exist or not authorized").
//! A missing privilege is 003001, naming the object, the role and the privilege.
//!
//! The roles `USE SECONDARY ROLES` names (ALL: the roles granted to the session's user),
//! with what they inherit, count too, for every statement but CREATE <object>, which the
//! primary role alone authorizes
//! (https://docs.snowflake.com/en/sql-reference/sql/use-secondary-roles).
//!
//! A request that names no role runs as the sandbox's administrator: nothing is checked
//! and what it creates is owned by SYSADMIN, so a sandbox is set up, and every test that
//! is not about privileges runs, without granting anything first. Naming a role (the
//! environment's `role`, or `USE ROLE`) is what turns the checks on.
//!
//! Procedures and functions are held per overload (`Securable::Routine`): CALL needs
//! USAGE on a procedure overload that takes the call's arguments, and ALTER, DROP and
//! CREATE OR REPLACE of `name(types)` the ownership of that overload; granting on one, or
//! transferring it, its ownership or MANAGE GRANTS. A data metric function is granted as
//! a FUNCTION (`FUNCTION m(TABLE(VARCHAR))`), and adding it to a table needs USAGE on it. UNDROP needs the
//! dropped version's ownership (`Securable::Dropped`) and the container's CREATE
//! privilege. A materialized view is read with SELECT on it, and created with SELECT on
//! its table. Setting a policy or a tag needs APPLY on it, or the account's APPLY
//! privilege for its kind ([`apply_needs`]).
//!
//! SHOW is not refused but filtered: it lists what the session's roles hold some privilege
//! on ([`Viewer`]); each procedure or function overload by its own (SHOW PROCEDURES lists
//! one row per overload).
//!
//! Not checked (yet): grants on materialized views (not emulated: only their owner holds
//! privileges on them), calling a UDF (its USAGE is not checked), the objects a
//! CREATE's body names besides a materialized view's table (a view's sources, a stage's
//! integration, a pipe's table, a dynamic table's warehouse), granting by a holder WITH
//! GRANT OPTION (here only the owner and MANAGE GRANTS grant), and whether the primary
//! role is granted to the user: `USE ROLE` and the request's role take any existing role,
//! since every rehearsal names its deploy role without granting it to a user first
//! (Snowflake refuses a role not granted to the user,
//! https://docs.snowflake.com/en/sql-reference/sql/use-role).

use crate::model::identifier::Ident;
use crate::model::privilege::ObjectType;
use crate::sandbox::binder;
use crate::sandbox::catalog::access::{ACCOUNT_NAME, Grantee};
use crate::sandbox::catalog::table::grammar::TableSource;
use crate::sandbox::catalog::{
    Catalog, OuterObject, OverloadedKind, OverloadedObject, SandboxKind, Table, with_outer_kind,
    with_overloaded_kind,
};
use crate::sandbox::error::SqlError;
use crate::sandbox::session::{SecondaryRoles, SqlSession};
use crate::sandbox::statement::access::{
    Access, DatabaseRoleAlter, On, RoleAlter, RoleRef, Within,
};
use crate::sandbox::statement::alter::TagChange;
use crate::sandbox::statement::{
    AlterAction, CreateBody, Expr, ObjectNoun, RawName, Select, Statement, Use,
};

use super::access::{object_noun, object_type, routine_type};
use super::functions::named_object;

/// Something a privilege is held on.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Securable {
    Account,
    /// An object of a kind, by its full name (see `Catalog::object_meta`).
    Object(ObjectNoun, Vec<Ident>),
    Role(Ident),
    DatabaseRole(Ident, Ident),
    /// One overload of a procedure or a function: its kind, its name and its argument
    /// types as a signature names them (overloads share a name, and each has its owner
    /// and grants).
    Routine(ObjectNoun, Vec<Ident>, Vec<String>),
    /// The dropped database, schema or table an UNDROP would restore, by its full name.
    Dropped(ObjectNoun, Vec<Ident>),
}

/// One requirement of a statement.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Need {
    /// Some privilege on a database or schema, without which it is invisible.
    Visible(Securable),
    /// One of these privileges (the owner holds them all); the first is the one the
    /// error names.
    AnyOf(Vec<(String, Securable)>),
}

fn on(privilege: &str, securable: Securable) -> Need {
    Need::AnyOf(vec![(privilege.to_string(), securable)])
}

fn global(privilege: &str) -> Need {
    on(privilege, Securable::Account)
}

fn owner(securable: Securable) -> Need {
    on("OWNERSHIP", securable)
}

/// MANAGE GRANTS lets a role grant "as if the invoking role were the owner of the object"
/// (https://docs.snowflake.com/en/user-guide/security-access-control-privileges#global-privileges-account-level-privileges).
fn owner_or_manage_grants(securable: Securable) -> Need {
    Need::AnyOf(vec![
        ("OWNERSHIP".to_string(), securable),
        ("MANAGE GRANTS".to_string(), Securable::Account),
    ])
}

/// The global privileges a system role holds by itself (see the module's comment).
fn system_privileges(role: &str) -> &'static [&'static str] {
    match role {
        "SECURITYADMIN" => &["MANAGE GRANTS"],
        "USERADMIN" => &["CREATE USER", "CREATE ROLE"],
        "SYSADMIN" => &["CREATE WAREHOUSE", "CREATE DATABASE"],
        _ => &[],
    }
}

/// The session's role, when it names one: the role whose privileges are checked. A role
/// that does not exist refuses every statement, as Snowflake refuses the session.
pub(super) fn session_role(
    catalog: &Catalog,
    session: &SqlSession,
) -> Result<Option<Ident>, SqlError> {
    let Some(written) = session.role.as_deref() else {
        return Ok(None);
    };
    let role = Ident::parse(written).unwrap_or_else(|_| Ident::from_stored(written));
    if !catalog.role_exists(&role) {
        return Err(SqlError::role_not_authorized(role.as_str()));
    }
    Ok(Some(role))
}

/// Checks that `role` (with what it inherits) holds what `statement` needs; the first
/// need it lacks is the error.
pub(super) fn check(
    catalog: &Catalog,
    role: &Ident,
    statement: &Statement,
    session: &SqlSession,
) -> Result<(), SqlError> {
    let needs = needs(catalog, statement, session);
    if needs.is_empty() {
        return Ok(());
    }
    let creates = matches!(statement, Statement::Create(_));
    let holder = Holder {
        catalog,
        roles: session_roles(catalog, role, session, creates),
    };
    for need in &needs {
        match need {
            Need::Visible(securable) => {
                if holder.exists(securable) && !holder.sees(securable) {
                    return Err(invisible(securable));
                }
            }
            Need::AnyOf(options) => {
                let Some((privilege, securable)) = options.first() else {
                    continue;
                };
                // What does not exist is the statement's own error to raise.
                let missing = options.iter().any(|(_, s)| !holder.exists(s));
                if missing || options.iter().any(|(p, s)| holder.holds(p, s)) {
                    continue;
                }
                return Err(insufficient(role, privilege, securable));
            }
        }
    }
    Ok(())
}

/// The roles whose privileges a statement may use: the primary `role` with what it
/// inherits, PUBLIC, and — unless the statement CREATEs an object, which the primary role
/// alone authorizes — the secondary roles with theirs (see `SqlSession`).
fn session_roles(
    catalog: &Catalog,
    role: &Ident,
    session: &SqlSession,
    creates: bool,
) -> Vec<Grantee> {
    let mut roles = catalog.roles_below(&Grantee::Role(role.clone()));
    if !creates {
        // ALL is read from the catalog at each statement (see `SecondaryRoles::All`); a
        // session without a user holds no granted roles.
        let secondary = match &session.secondary_roles {
            SecondaryRoles::None => Vec::new(),
            SecondaryRoles::All => session
                .user_ident()
                .map(|user| catalog.roles_of_user(&user))
                .unwrap_or_default(),
            SecondaryRoles::Named(named) => named.clone(),
        };
        for secondary in &secondary {
            for inherited in catalog.roles_below(&Grantee::Role(secondary.clone())) {
                if !roles.contains(&inherited) {
                    roles.push(inherited);
                }
            }
        }
    }
    let public = Grantee::Role(Ident::from_stored("PUBLIC"));
    if !roles.contains(&public) {
        roles.push(public);
    }
    roles
}

/// What a SHOW lists for the session: only the objects on which one of its roles holds
/// some privilege, ownership included — "Lists the tables and views for which you have
/// access privileges" (https://docs.snowflake.com/en/sql-reference/sql/show-objects; SHOW
/// TABLES, SHOW WAREHOUSES and the other listings say the same). Without a role (the
/// sandbox's administrator) everything is listed. A procedure or a function overload is
/// listed by its own grants (a data metric function, one per name here, by its name's).
pub(super) struct Viewer<'a> {
    holder: Option<Holder<'a>>,
}

impl<'a> Viewer<'a> {
    pub(super) fn new(catalog: &'a Catalog, role: Option<&Ident>, session: &SqlSession) -> Self {
        Viewer {
            holder: role.map(|role| Holder {
                catalog,
                roles: session_roles(catalog, role, session, false),
            }),
        }
    }

    /// Whether the object is seen: a procedure or a user function by the overload with
    /// `overload`'s signature, or by any of its overloads when `None`.
    pub(super) fn sees(
        &self,
        noun: ObjectNoun,
        parts: &[Ident],
        overload: Option<&[String]>,
    ) -> bool {
        let Some(holder) = &self.holder else {
            return true;
        };
        match routine_type(noun) {
            Some(t) if noun != ObjectNoun::DataMetricFunction => holder
                .catalog
                .routines(t, parts)
                .into_iter()
                .filter(|(signature, _)| overload.is_none_or(|o| o == signature.as_slice()))
                .any(|(signature, meta)| {
                    holder.is_owner(&meta.owner)
                        || holder.routine_granted(t, parts, &signature, None)
                }),
            _ => holder.sees(&Securable::Object(noun, parts.to_vec())),
        }
    }
}

impl Viewer<'_> {
    /// [`Viewer::sees`] for the object a grant names by its type (and, for a procedure or
    /// a function, the overload's `signature`): a data metric function by its name, others
    /// by their kind.
    pub(super) fn sees_granted(
        &self,
        t: ObjectType,
        parts: &[Ident],
        signature: &[String],
    ) -> bool {
        let noun = match t {
            ObjectType::Procedure => {
                return self.sees(ObjectNoun::Procedure, parts, Some(signature));
            }
            // A data metric function's one argument is a table: `TABLE(VARCHAR)`.
            ObjectType::Function if !matches!(signature, [one] if one.starts_with("TABLE(")) => {
                return self.sees(ObjectNoun::Function, parts, Some(signature));
            }
            ObjectType::Function => {
                let dmf = self.holder.as_ref().is_some_and(|h| {
                    h.catalog
                        .object_meta(ObjectNoun::DataMetricFunction, parts)
                        .is_some()
                });
                if dmf && self.sees(ObjectNoun::DataMetricFunction, parts, None) {
                    return true;
                }
                Some(ObjectNoun::Function)
            }
            t => object_noun(t),
        };
        noun.is_some_and(|noun| self.sees(noun, parts, None))
    }
}

/// The session's roles, and the catalog they hold privileges in.
struct Holder<'a> {
    catalog: &'a Catalog,
    roles: Vec<Grantee>,
}

impl Holder<'_> {
    /// The owner as stored, when the object exists.
    fn owner(&self, securable: &Securable) -> Option<String> {
        match securable {
            Securable::Account => None,
            Securable::Object(noun, name) => self
                .catalog
                .object_meta(*noun, name)
                .map(|m| m.owner.clone()),
            Securable::Role(r) => self.catalog.access.roles.get(r).map(|r| r.owner.clone()),
            Securable::Routine(noun, name, signature) => self
                .catalog
                .overload_meta(*noun, name, signature)
                .map(|m| m.owner.clone()),
            Securable::Dropped(noun, name) => self
                .catalog
                .dropped_meta(*noun, name)
                .map(|m| m.owner.clone()),
            Securable::DatabaseRole(d, r) => self
                .catalog
                .access
                .database_roles
                .get(d)
                .and_then(|m| m.get(r))
                .map(|r| r.owner.clone()),
        }
    }

    fn exists(&self, securable: &Securable) -> bool {
        match securable {
            Securable::Account => true,
            Securable::Role(r) => self.catalog.role_exists(r),
            _ => self.owner(securable).is_some(),
        }
    }

    fn owns(&self, securable: &Securable) -> bool {
        self.owner(securable)
            .is_some_and(|owner| self.is_owner(&owner))
    }

    /// Whether `owner` (as an object's metadata stores it) is one of the session's roles.
    fn is_owner(&self, owner: &str) -> bool {
        self.roles.iter().any(|r| r.shown().1 == owner)
    }

    /// Whether one of the session's roles is granted `privilege` (any, when `None`) on
    /// the overload of type `t` (PROCEDURE, FUNCTION) named `name` with `signature`.
    fn routine_granted(
        &self,
        t: ObjectType,
        name: &[Ident],
        signature: &[String],
        privilege: Option<&str>,
    ) -> bool {
        self.catalog.access.grants.iter().any(|g| {
            g.on == t
                && g.name == name
                && g.signature == signature
                && privilege.is_none_or(|p| g.privilege == p)
                && self.roles.contains(&g.grantee)
        })
    }

    /// The grant type and name of the securable, when grants can name it.
    fn granted_as(securable: &Securable) -> Option<(ObjectType, Vec<Ident>)> {
        match securable {
            Securable::Account => Some((ObjectType::Account, Vec::new())),
            // A data metric function is granted as a FUNCTION; the sandbox keeps one per
            // name (no overloads), so its name finds its grants.
            Securable::Object(ObjectNoun::DataMetricFunction, name) => {
                Some((ObjectType::Function, name.clone()))
            }
            Securable::Object(noun, name) => object_type(*noun).map(|t| (t, name.clone())),
            Securable::Role(r) => Some((ObjectType::Role, vec![r.clone()])),
            Securable::DatabaseRole(d, r) => {
                Some((ObjectType::DatabaseRole, vec![d.clone(), r.clone()]))
            }
            // Held per signature: see `holds`.
            Securable::Routine(..) => None,
            // A dropped object holds no grants: restoring it is its owner's.
            Securable::Dropped(..) => None,
        }
    }

    fn holds(&self, privilege: &str, securable: &Securable) -> bool {
        if self.owns(securable) {
            return true;
        }
        if privilege == "OWNERSHIP" {
            return false;
        }
        if *securable == Securable::Account
            && self.roles.iter().any(|r| match r {
                Grantee::Role(r) => {
                    r.as_str() == "ACCOUNTADMIN"
                        || system_privileges(r.as_str()).contains(&privilege)
                }
                Grantee::DatabaseRole(..) => false,
            })
        {
            return true;
        }
        if let Securable::Routine(noun, name, signature) = securable {
            return routine_type(*noun)
                .is_some_and(|t| self.routine_granted(t, name, signature, Some(privilege)));
        }
        Self::granted_as(securable)
            .is_some_and(|(t, name)| self.catalog.granted(&self.roles, privilege, t, &name))
    }

    fn sees(&self, securable: &Securable) -> bool {
        if let Securable::Routine(noun, name, signature) = securable {
            return self.owns(securable)
                || routine_type(*noun)
                    .is_some_and(|t| self.routine_granted(t, name, signature, None));
        }
        self.owns(securable)
            || Self::granted_as(securable)
                .is_some_and(|(t, name)| self.catalog.granted_any(&self.roles, t, &name))
    }
}

/// How the error names a securable: its kind in lower case and its own name, then the
/// kind and full name the privilege is granted on.
fn described(securable: &Securable) -> (String, String, String) {
    let join = |parts: &[Ident]| {
        parts
            .iter()
            .map(Ident::as_str)
            .collect::<Vec<_>>()
            .join(".")
    };
    match securable {
        // The account's name, as SHOW GRANTS prints it.
        Securable::Account => ("account".into(), ACCOUNT_NAME.into(), "ACCOUNT".into()),
        Securable::Object(noun, name) => (
            noun.sql().to_ascii_lowercase(),
            name.last()
                .map(|n| n.as_str().to_string())
                .unwrap_or_default(),
            format!("{} {}", noun.sql(), join(name)),
        ),
        Securable::Role(r) => (
            "role".into(),
            r.as_str().into(),
            format!("ROLE {}", r.as_str()),
        ),
        Securable::DatabaseRole(d, r) => (
            "database role".into(),
            r.as_str().into(),
            format!("DATABASE ROLE {}.{}", d.as_str(), r.as_str()),
        ),
        Securable::Routine(noun, name, signature) => (
            noun.sql().to_ascii_lowercase(),
            name.last()
                .map(|n| n.as_str().to_string())
                .unwrap_or_default(),
            format!("{} {}({})", noun.sql(), join(name), signature.join(", ")),
        ),
        Securable::Dropped(noun, name) => (
            noun.sql().to_ascii_lowercase(),
            name.last()
                .map(|n| n.as_str().to_string())
                .unwrap_or_default(),
            format!("{} {}", noun.sql(), join(name)),
        ),
    }
}

fn insufficient(role: &Ident, privilege: &str, securable: &Securable) -> SqlError {
    let (kind, name, on) = described(securable);
    SqlError::insufficient_privilege(&kind, &name, role.as_str(), privilege, &on)
}

fn invisible(securable: &Securable) -> SqlError {
    let (_, _, on) = described(securable);
    let joined = |name: &[Ident]| name.iter().map(Ident::as_str).collect::<Vec<_>>().join(".");
    let (noun, name) = match securable {
        Securable::Object(noun, name) => (noun.noun(), joined(name)),
        Securable::Routine(noun, name, signature) => (
            noun.noun(),
            format!("{}({})", joined(name), signature.join(", ")),
        ),
        _ => ("Object", on),
    };
    SqlError::does_not_exist(noun, &name)
}

/// What `statement` needs, in the order Snowflake would find it missing: the containers
/// first, then the privilege on the container or the object. A name that does not
/// resolve needs nothing here: the statement raises its own error.
pub(super) fn needs(catalog: &Catalog, statement: &Statement, session: &SqlSession) -> Vec<Need> {
    match statement {
        Statement::Create(create) => {
            let kind = create.kind();
            let Some(target) = securable(kind, &create.name, session) else {
                return Vec::new();
            };
            let mut needs = create_needs(kind, &target);
            match &create.body {
                // Cloning a table reads it: SELECT on the source
                // (https://docs.snowflake.com/en/sql-reference/sql/create-clone#access-control-requirements).
                // The table's body is its module's to read (already checked for syntax).
                CreateBody::Module(ObjectNoun::Table, tail) => {
                    if let Ok(body) = tail.parse(Table::parse_create)
                        && let TableSource::Clone(source) = &body.source
                    {
                        needs.extend(
                            securable(ObjectNoun::Table, source, session)
                                .into_iter()
                                .flat_map(|s| object_needs(s, "SELECT")),
                        );
                    }
                }
                // An alert's owner needs EXECUTE ALERT
                // (https://docs.snowflake.com/en/sql-reference/sql/create-alert#access-control-requirements).
                CreateBody::Module(ObjectNoun::Alert, _) => needs.push(global("EXECUTE ALERT")),
                // A materialized view needs SELECT on the table it reads
                // (https://docs.snowflake.com/en/sql-reference/sql/create-materialized-view#access-control-requirements).
                CreateBody::Module(ObjectNoun::MaterializedView, tail) => {
                    let read = crate::sandbox::catalog::materialized_view::read_objects(tail);
                    needs.extend(reads(catalog, &read, session));
                }
                _ => {}
            }
            needs.extend(inline_needs(&create.body, session));
            // Replacing an object is dropping it: its owner's to do
            // (https://docs.snowflake.com/en/sql-reference/sql/create#usage-notes); for a
            // procedure or a function, the owner of the overload the body's argument types
            // name (none, when it adds an overload).
            if create.or_replace {
                needs.push(owner(
                    replaced_overload(&target, &create.body).unwrap_or(target),
                ));
            }
            needs
        }
        Statement::Alter(alter) => {
            // A user may change its own properties (its keys) without any privilege
            // (https://docs.snowflake.com/en/sql-reference/sql/alter-user#usage-notes).
            let own = session
                .user
                .as_deref()
                .and_then(|u| Ident::parse(u).ok())
                .is_some_and(|u| alter.name.parts == [u]);
            if alter.kind == ObjectNoun::User && own {
                return Vec::new();
            }
            let types = alter.arg_types.as_deref();
            let Some(target) = overload_or_object(alter.kind, &alter.name, types, session) else {
                return Vec::new();
            };
            let mut needs = alter_needs(alter.kind, &alter.action, target.clone());
            apply_needs(alter.kind, &alter.action, &target, session, &mut needs);
            // A table's data metrics: its ownership (above), the account's EXECUTE DATA
            // METRIC FUNCTION, and USAGE on each custom DMF added ("all roles have it on
            // the system DMFs")
            // (https://docs.snowflake.com/en/user-guide/data-quality-access-control).
            if let AlterAction::DataMetric(tail) = &alter.action {
                needs.push(global("EXECUTE DATA METRIC FUNCTION"));
                for raw in crate::sandbox::catalog::data_metric_function::added_functions(tail) {
                    let function = securable(ObjectNoun::DataMetricFunction, &raw, session);
                    if let Some(Securable::Object(kind, name)) = function {
                        let system = name.first().is_some_and(|d| d.as_str() == "SNOWFLAKE")
                            && name.get(1).is_some_and(|s| s.as_str() == "CORE");
                        if !system {
                            needs.push(on("USAGE", Securable::Object(kind, name)));
                        }
                    }
                }
            }
            needs
        }
        // Dropping an object is its owner's
        // (https://docs.snowflake.com/en/sql-reference/sql/drop#access-control-requirements
        // and each DROP page's table); a procedure's or a function's, its overload's
        // (https://docs.snowflake.com/en/sql-reference/sql/drop-procedure,
        // https://docs.snowflake.com/en/sql-reference/sql/drop-function).
        Statement::Drop(drop) => {
            overload_or_object(drop.kind, &drop.name, drop.arg_types.as_deref(), session)
                .map(|target| with_containers(&target, owner(target.clone())))
                .unwrap_or_default()
        }
        // "Similar to dropping an object, a user must have OWNERSHIP privileges for an
        // object to restore it. In addition, the user must have CREATE privileges on the
        // object type for the database or schema where the dropped object will be
        // restored" (https://docs.snowflake.com/en/user-guide/data-time-travel#access-control-requirements-and-name-resolution;
        // the UNDROP pages have no access-control section). The owner is the dropped
        // version's, the one UNDROP restores.
        Statement::Undrop(undrop) => match securable(undrop.kind, &undrop.name, session) {
            Some(target @ Securable::Object(kind, _)) => {
                let Securable::Object(_, parts) = &target else {
                    return Vec::new();
                };
                let dropped = Securable::Dropped(kind, parts.clone());
                let mut needs = create_needs(kind, &target);
                needs.push(owner(dropped));
                needs
            }
            _ => Vec::new(),
        },
        Statement::Access(access) => access_needs(catalog, access, session),
        // DESCRIBE of an object the session's roles hold no privilege on (or whose
        // database or schema they hold none on) fails as if it did not exist: "does not
        // exist or not authorized", the rule SHOW filters by (`Viewer`). The DESCRIBE
        // pages list no access-control requirements; "Lists the … for which you have
        // access privileges" is SHOW's (https://docs.snowflake.com/en/sql-reference/sql/desc-table
        // and the other DESCRIBE pages are silent). A user describes itself without a
        // privilege, as it alters itself, and is left to the statement.
        Statement::Describe(describe) if describe.kind != ObjectNoun::User => {
            let types = describe.arg_types.as_deref();
            overload_or_object(describe.kind, &describe.name, types, session)
                .map(|target| {
                    let mut needs = containers(&target);
                    needs.push(Need::Visible(target));
                    needs
                })
                .unwrap_or_default()
        }
        // CALL needs USAGE on the procedure, or its ownership
        // (https://docs.snowflake.com/en/sql-reference/sql/call#access-control-requirements):
        // here on one of the overloads that take as many arguments as the call passes.
        Statement::Call(call) => call_needs(catalog, call, session),
        Statement::Use(target) => match target {
            // USE needs USAGE (or any privilege) on the container, USAGE on a warehouse
            // (https://docs.snowflake.com/en/sql-reference/sql/use-database,
            // https://docs.snowflake.com/en/sql-reference/sql/use-warehouse).
            Use::Database(raw) => securable(ObjectNoun::Database, raw, session)
                .map(|s| vec![Need::Visible(s)])
                .unwrap_or_default(),
            Use::Schema(raw) => securable(ObjectNoun::Schema, raw, session)
                .map(|s| {
                    containers(&s)
                        .into_iter()
                        .chain([Need::Visible(s)])
                        .collect()
                })
                .unwrap_or_default(),
            Use::Warehouse(w) => vec![on(
                "USAGE",
                Securable::Object(ObjectNoun::Warehouse, vec![w.clone()]),
            )],
            Use::Role(_) | Use::SecondaryRoles(_) => Vec::new(),
        },
        // EXECUTE TASK: the account's EXECUTE TASK and OWNERSHIP or OPERATE on the task
        // (https://docs.snowflake.com/en/sql-reference/sql/execute-task#access-control-requirements).
        Statement::ExecuteTask(run) => securable(ObjectNoun::Task, &run.name, session)
            .map(|task| {
                let mut needs = vec![global("EXECUTE TASK")];
                needs.extend(object_needs(task, "OPERATE"));
                needs
            })
            .unwrap_or_default(),
        // EXECUTE ALERT: OWNERSHIP or OPERATE on the alert
        // (https://docs.snowflake.com/en/sql-reference/sql/execute-alert#access-control-requirements).
        Statement::ExecuteAlert(name) => securable(ObjectNoun::Alert, name, session)
            .map(|alert| object_needs(alert, "OPERATE"))
            .unwrap_or_default(),
        // Resuming a task graph at once is resuming its tasks: the account's EXECUTE TASK
        // and OWNERSHIP or OPERATE
        // (https://docs.snowflake.com/en/sql-reference/functions/system_task_dependents_enable,
        // usage notes); checked on the root the call names.
        // Force-resuming a pipe: its owner or a role with OPERATE on it
        // (https://docs.snowflake.com/en/sql-reference/functions/system_pipe_force_resume,
        // usage notes).
        Statement::Select(Select::Values(items)) => items
            .iter()
            .filter_map(|item| match &item.expr {
                Expr::Call { name, args }
                    if name == "SYSTEM$TASK_DEPENDENTS_ENABLE"
                        || name == "SYSTEM$PIPE_FORCE_RESUME" =>
                {
                    match args.first() {
                        Some(Expr::Str(target)) => named_object(target, session, name)
                            .ok()
                            .map(|n| (name == "SYSTEM$PIPE_FORCE_RESUME", n)),
                        _ => None,
                    }
                }
                _ => None,
            })
            .flat_map(|(pipe, target)| {
                let parts = vec![target.database, target.schema, target.name];
                if pipe {
                    return object_needs(Securable::Object(ObjectNoun::Pipe, parts), "OPERATE");
                }
                let task = Securable::Object(ObjectNoun::Task, parts);
                let mut needs = containers(&task);
                needs.push(global("EXECUTE TASK"));
                needs.push(on("OPERATE", task));
                needs
            })
            .collect(),
        // Loading rows needs INSERT on the table
        // (https://docs.snowflake.com/en/sql-reference/sql/insert#access-control-requirements,
        // https://docs.snowflake.com/en/sql-reference/sql/copy-into-table#access-control-requirements).
        Statement::Insert(insert) => insert
            .tables
            .iter()
            .filter_map(|table| securable(ObjectNoun::Table, table, session))
            .flat_map(|t| object_needs(t, "INSERT"))
            .collect(),
        Statement::CopyInto(copy) => securable(ObjectNoun::Table, &copy.table, session)
            .map(|t| object_needs(t, "INSERT"))
            .unwrap_or_default(),
        // https://docs.snowflake.com/en/sql-reference/sql/truncate-table#access-control-requirements
        Statement::Truncate(truncate) => securable(ObjectNoun::Table, &truncate.name, session)
            .map(|t| object_needs(t, "TRUNCATE"))
            .unwrap_or_default(),
        // https://docs.snowflake.com/en/sql-reference/sql/update#access-control-requirements
        // and .../delete: UPDATE / DELETE on the target; what they read, SELECT.
        Statement::Update(dml) | Statement::Delete(dml) => {
            let privilege = if matches!(statement, Statement::Update(_)) {
                "UPDATE"
            } else {
                "DELETE"
            };
            let mut needs: Vec<Need> = securable(ObjectNoun::Table, &dml.target, session)
                .map(|t| object_needs(t, privilege))
                .unwrap_or_default();
            needs.extend(reads(catalog, &dml.references, session));
            needs
        }
        // MERGE runs its clauses' DML: INSERT, UPDATE and DELETE on the target for the
        // clauses it has, SELECT on what it reads. The MERGE page lists no access-control
        // requirements; these are the privileges the table-privileges page gives each of
        // those commands
        // (https://docs.snowflake.com/en/user-guide/security-access-control-privileges#table-privileges).
        Statement::Merge(merge) => {
            let clauses = [
                (merge.inserts, "INSERT"),
                (merge.updates, "UPDATE"),
                (merge.deletes, "DELETE"),
            ];
            let mut needs: Vec<Need> = securable(ObjectNoun::Table, &merge.target, session)
                .map(|target| {
                    clauses
                        .iter()
                        .filter(|(present, _)| *present)
                        .flat_map(|(_, privilege)| object_needs(target.clone(), privilege))
                        .collect()
                })
                .unwrap_or_default();
            needs.extend(reads(catalog, &merge.references, session));
            needs
        }
        // A query needs SELECT on every table, view and stream it reads
        // (https://docs.snowflake.com/en/user-guide/security-access-control-privileges#table-privileges).
        Statement::Query(query) => reads(catalog, &query.references, session),
        // CREATE OR ALTER creates under CREATE's needs when the object is absent; an
        // existing one is altered by ALTER statements, each checked as it runs.
        Statement::CreateOrAlter(create) => {
            match super::create_or_alter::plan(catalog, create, session) {
                Ok(None) => needs(catalog, &Statement::Create(create.clone()), session),
                _ => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

/// SELECT on each object a statement reads, under the kind the catalog holds it as
/// (INFORMATION_SCHEMA and names that do not resolve need nothing here).
fn reads(catalog: &Catalog, references: &[RawName], session: &SqlSession) -> Vec<Need> {
    references
        .iter()
        .filter_map(|raw| {
            let name = binder::object_name(raw, session, "SELECT").ok()?;
            let kind = if catalog
                .find::<crate::sandbox::catalog::View>(&name)
                .is_some()
            {
                ObjectNoun::View
            } else if catalog
                .find::<crate::sandbox::catalog::Stream>(&name)
                .is_some()
            {
                ObjectNoun::Stream
            } else if catalog
                .find::<crate::sandbox::catalog::Table>(&name)
                .is_some()
            {
                ObjectNoun::Table
            } else if catalog
                .find::<crate::sandbox::catalog::MaterializedView>(&name)
                .is_some()
            {
                // SELECT on the materialized view
                // (https://docs.snowflake.com/en/user-guide/security-access-control-privileges#materialized-view-privileges);
                // grants on materialized views are not emulated, so only its owner holds it.
                ObjectNoun::MaterializedView
            } else {
                return None;
            };
            securable(kind, raw, session)
        })
        .flat_map(|s| object_needs(s, "SELECT"))
        .collect()
}

/// What an ALTER or DROP names: for an overloaded kind (procedures, functions) with its
/// argument types, the one overload ([`Securable::Routine`]), whose owner is its own;
/// otherwise the object.
fn overload_or_object(
    kind: ObjectNoun,
    raw: &RawName,
    types: Option<&[crate::model::data_type::DataType]>,
    session: &SqlSession,
) -> Option<Securable> {
    let target = securable(kind, raw, session)?;
    let overloaded = with_overloaded_kind!(kind, T => T::KIND == kind, _ => false);
    match (target, types) {
        (Securable::Object(kind, parts), Some(types)) if overloaded => Some(Securable::Routine(
            kind,
            parts,
            types
                .iter()
                .map(crate::model::data_type::DataType::in_signature)
                .collect(),
        )),
        (target, _) => Some(target),
    }
}

/// The overload a `CREATE OR REPLACE` of a procedure or a function replaces: the one its
/// body's argument types name. `None` for other kinds, and for a body that does not parse
/// (the CREATE raises that itself).
fn replaced_overload(target: &Securable, body: &CreateBody) -> Option<Securable> {
    let (Securable::Object(kind, parts), CreateBody::Module(_, tail)) = (target, body) else {
        return None;
    };
    with_overloaded_kind!(
        *kind,
        T => {
            let created = tail.parse(T::parse_create).ok()?;
            let signature = T::created_types(&created)
                .iter()
                .map(crate::model::data_type::DataType::in_signature)
                .collect();
            Some(Securable::Routine(*kind, parts.clone(), signature))
        },
        _ => None
    )
}

/// The full name of the object `raw` names for a kind, resolved against the session.
fn securable(kind: ObjectNoun, raw: &RawName, session: &SqlSession) -> Option<Securable> {
    let action = "check privileges";
    let parts = match kind {
        ObjectNoun::Database => vec![binder::database_name(raw).ok()?],
        ObjectNoun::Schema => {
            let s = binder::schema_name(raw, session, action).ok()?;
            vec![s.database, s.schema]
        }
        kind => with_outer_kind!(
            kind,
            T => {
                let name = binder::outer_name::<T>(raw, session, action).ok()?;
                if T::IN_DATABASE {
                    vec![name.database?, name.name]
                } else {
                    vec![name.name]
                }
            },
            _ => {
                let o = binder::object_name(raw, session, action).ok()?;
                vec![o.database, o.schema, o.name]
            }
        ),
    };
    Some(Securable::Object(kind, parts))
}

/// The database and schema an object is in, each needing some privilege.
fn containers(securable: &Securable) -> Vec<Need> {
    let name = match securable {
        Securable::Object(ObjectNoun::Database, _) => return Vec::new(),
        Securable::Object(_, name)
        | Securable::Routine(_, name, _)
        | Securable::Dropped(_, name) => name,
        Securable::DatabaseRole(d, _) => {
            return vec![Need::Visible(Securable::Object(
                ObjectNoun::Database,
                vec![d.clone()],
            ))];
        }
        _ => return Vec::new(),
    };
    let mut needs = Vec::new();
    if name.len() >= 2 {
        needs.push(Need::Visible(Securable::Object(
            ObjectNoun::Database,
            name[..1].to_vec(),
        )));
    }
    if name.len() == 3 {
        needs.push(Need::Visible(Securable::Object(
            ObjectNoun::Schema,
            name[..2].to_vec(),
        )));
    }
    needs
}

fn with_containers(securable: &Securable, need: Need) -> Vec<Need> {
    let mut needs = containers(securable);
    needs.push(need);
    needs
}

/// `privilege` on an object (or its ownership), and some privilege on its containers.
fn object_needs(securable: Securable, privilege: &str) -> Vec<Need> {
    with_containers(&securable, on(privilege, securable.clone()))
}

/// CREATE: an account object needs the account's CREATE <kind>; a schema the database's
/// CREATE SCHEMA; a schema object the schema's CREATE <kind>, and some privilege on its
/// database and schema
/// (https://docs.snowflake.com/en/user-guide/security-access-control-privileges, and
/// each CREATE page's "Access control requirements"; REFERENCE-governance-ingestion 1.8).
/// Every integration type is covered by CREATE INTEGRATION
/// (https://docs.snowflake.com/en/sql-reference/sql/create-storage-integration#access-control-requirements).
fn create_needs(kind: ObjectNoun, target: &Securable) -> Vec<Need> {
    let Securable::Object(_, name) = target else {
        return Vec::new();
    };
    let privilege = format!("CREATE {}", kind.sql());
    match name.as_slice() {
        [_] => vec![global(&privilege)],
        [d, _] if kind == ObjectNoun::Schema => {
            let database = Securable::Object(ObjectNoun::Database, vec![d.clone()]);
            vec![Need::Visible(database.clone()), on(&privilege, database)]
        }
        [d, s, _] => {
            let schema = Securable::Object(ObjectNoun::Schema, vec![d.clone(), s.clone()]);
            // The schema's database, the schema itself, then its CREATE privilege.
            let mut needs = containers(&schema);
            needs.push(Need::Visible(schema.clone()));
            needs.push(on(&privilege, schema));
            needs
        }
        _ => Vec::new(),
    }
}

/// ALTER: the owner's, except what a lesser privilege allows
/// (https://docs.snowflake.com/en/user-guide/security-access-control-privileges):
/// * resuming a task needs the account's EXECUTE TASK and OWNERSHIP or OPERATE on the
///   task; suspending it OPERATE (https://docs.snowflake.com/en/sql-reference/sql/alter-task#access-control-requirements);
/// * a warehouse's state (SUSPEND, RESUME, ABORT ALL QUERIES) needs OPERATE, its
///   properties MODIFY (https://docs.snowflake.com/en/sql-reference/sql/alter-warehouse#access-control-requirements);
/// * a database's or schema's properties need MODIFY
///   (https://docs.snowflake.com/en/sql-reference/sql/alter-database#access-control-requirements);
/// * suspending or resuming a dynamic table, an alert or a pipe needs OPERATE (the
///   privilege tables of the same page).
///
/// RENAME, SWAP, managed access and everything else are the owner's.
fn alter_needs(kind: ObjectNoun, action: &AlterAction, target: Securable) -> Vec<Need> {
    use AlterAction as A;
    use ObjectNoun as K;
    let need = match (kind, action) {
        (K::Task, A::Resume) => {
            let mut needs = containers(&target);
            needs.push(global("EXECUTE TASK"));
            needs.push(on("OPERATE", target));
            return needs;
        }
        (K::Task | K::DynamicTable | K::Alert | K::Pipe, A::Suspend | A::Resume) => {
            on("OPERATE", target.clone())
        }
        // Dynamic tables, alerts and pipes read their own ALTER actions (`A::Module`):
        // OPERATE lets a role suspend, resume and refresh a dynamic table, suspend and
        // resume an alert, refresh a pipe
        // (https://docs.snowflake.com/en/user-guide/security-access-control-privileges#dynamic-table-privileges,
        // #alert-privileges, #pipe-privileges).
        (K::DynamicTable, A::Module(tail))
            if ["SUSPEND", "RESUME", "REFRESH"]
                .iter()
                .any(|k| tail.starts_with_kw(k)) =>
        {
            on("OPERATE", target.clone())
        }
        (K::Alert, A::Module(tail))
            if ["SUSPEND", "RESUME"].iter().any(|k| tail.starts_with_kw(k)) =>
        {
            on("OPERATE", target.clone())
        }
        (K::Pipe, A::Module(tail)) if tail.starts_with_kw("REFRESH") || pauses(tail) => {
            on("OPERATE", target.clone())
        }
        // Refreshing a stage's directory table takes WRITE on the stage
        // (https://docs.snowflake.com/en/sql-reference/sql/alter-stage#access-control-requirements).
        (K::Stage, A::Module(tail)) if tail.starts_with_kw("REFRESH") => {
            on("WRITE", target.clone())
        }
        (K::Warehouse, A::Suspend | A::Resume | A::ResumeIfSuspended | A::AbortAllQueries) => {
            on("OPERATE", target.clone())
        }
        (K::Warehouse | K::Database | K::Schema, A::Set(_) | A::Unset(_)) => {
            on("MODIFY", target.clone())
        }
        _ => owner(target.clone()),
    };
    with_containers(&target, need)
}

/// What setting a policy or a tag takes besides the object: APPLY on the policy or tag,
/// or the account's APPLY MASKING POLICY / APPLY ROW ACCESS POLICY / APPLY TAG, which
/// also lets a role set it on objects it does not own
/// (https://docs.snowflake.com/en/user-guide/security-access-control-privileges, "APPLY"
/// and the global APPLY privileges; https://docs.snowflake.com/en/user-guide/security-column-ddm-use,
/// step 1, for masking policies; https://docs.snowflake.com/en/user-guide/object-tagging/work
/// for tags: "APPLY TAG on the account, or APPLY on the tag and OWNERSHIP of the object").
/// When the statement does nothing else, the object's ownership need is relaxed to
/// "ownership or the global privilege", so that (ownership ∧ APPLY) ∨ global is what is
/// checked. Unsetting a masking policy names no policy here and stays the owner's, as
/// does `DROP ALL ROW ACCESS POLICIES`.
fn apply_needs(
    kind: ObjectNoun,
    action: &AlterAction,
    target: &Securable,
    session: &SqlSession,
    needs: &mut Vec<Need>,
) {
    use crate::sandbox::catalog::table::grammar::{ColumnChange, TableAction, TableAlter};
    use crate::sandbox::catalog::view::grammar::ViewAlter;
    use crate::sandbox::statement::RowAccess;
    const MASKING: (ObjectNoun, &str) = (ObjectNoun::MaskingPolicy, "APPLY MASKING POLICY");
    const ROW_ACCESS: (ObjectNoun, &str) = (ObjectNoun::RowAccessPolicy, "APPLY ROW ACCESS POLICY");
    const TAG: (ObjectNoun, &str) = (ObjectNoun::Tag, "APPLY TAG");
    // A table's own actions, and a view's column clauses, are their modules' to read
    // (already checked for syntax).
    let own = match action {
        AlterAction::Module(tail) if kind == ObjectNoun::Table => {
            match tail.parse(Table::parse_alter) {
                Ok(TableAction::Table(own)) => Some(own),
                _ => None,
            }
        }
        AlterAction::Module(tail) if kind == ObjectNoun::View => {
            match tail.parse(crate::sandbox::catalog::View::parse_alter) {
                Ok(ViewAlter::Columns(columns)) => Some(TableAlter::AlterColumns(columns)),
                _ => None,
            }
        }
        // A dynamic table's column clauses and row access policy, as a table's.
        AlterAction::Module(tail) if kind == ObjectNoun::DynamicTable => {
            use crate::sandbox::catalog::dynamic_table::DynamicTableAlter;
            match tail.parse(crate::sandbox::catalog::DynamicTable::parse_alter) {
                Ok(DynamicTableAlter::Columns(columns)) => Some(TableAlter::AlterColumns(columns)),
                Ok(DynamicTableAlter::RowAccess(change)) => Some(TableAlter::RowAccess(change)),
                _ => None,
            }
        }
        _ => None,
    };
    let mut applied: Vec<((ObjectNoun, &str), &RawName)> = Vec::new();
    let mut only = true;
    match (action, &own) {
        (AlterAction::SetTag(tags), _) => applied.extend(tags.iter().map(|(t, _)| (TAG, t))),
        (AlterAction::UnsetTag(tags), _) => applied.extend(tags.iter().map(|t| (TAG, t))),
        (_, Some(TableAlter::AlterColumns(columns))) => {
            for (_, change) in columns {
                match change {
                    ColumnChange::SetMaskingPolicy { policy, .. } => {
                        applied.push((MASKING, policy))
                    }
                    ColumnChange::SetTag(tags) => {
                        applied.extend(tags.iter().map(|(t, _)| (TAG, t)))
                    }
                    ColumnChange::UnsetTag(tags) => applied.extend(tags.iter().map(|t| (TAG, t))),
                    _ => only = false,
                }
            }
        }
        (
            _,
            Some(TableAlter::RowAccess(RowAccess {
                drop,
                drop_all,
                add,
            })),
        ) => {
            only = !drop_all;
            applied.extend(drop.iter().map(|p| (ROW_ACCESS, p)));
            applied.extend(add.iter().map(|(p, _)| (ROW_ACCESS, p)));
        }
        _ => return,
    }
    if applied.is_empty() {
        return;
    }
    let globals: Vec<&str> = applied.iter().map(|((_, g), _)| *g).collect();
    if only && globals.iter().all(|g| *g == globals[0]) {
        for need in needs.iter_mut() {
            if let Need::AnyOf(options) = need
                && options.len() == 1
                && options[0] == ("OWNERSHIP".to_string(), target.clone())
            {
                options.push((globals[0].to_string(), Securable::Account));
            }
        }
    }
    for ((noun, global), raw) in applied {
        if let Some(policy) = securable(noun, raw, session) {
            needs.push(Need::AnyOf(vec![
                ("APPLY".to_string(), policy),
                (global.to_string(), Securable::Account),
            ]));
        }
    }
}

/// APPLY on each tag a tag clause names, or the account's APPLY TAG.
fn tag_needs(change: &TagChange, session: &SqlSession) -> Vec<Need> {
    let names: Vec<&RawName> = match change {
        TagChange::Set(pairs) => pairs.iter().map(|(t, _)| t).collect(),
        TagChange::Unset(names) => names.iter().collect(),
    };
    names
        .into_iter()
        .filter_map(|raw| securable(ObjectNoun::Tag, raw, session))
        .map(|tag| {
            Need::AnyOf(vec![
                ("APPLY".to_string(), tag),
                ("APPLY TAG".to_string(), Securable::Account),
            ])
        })
        .collect()
}

/// What CREATE's inline clauses need: APPLY on each tag and policy they set, or the
/// account's APPLY privilege for its kind. CREATE TABLE's access-control table lists
/// APPLY on a masking policy, row access policy or tag as "required only when applying
/// … at table creation time"
/// (https://docs.snowflake.com/en/sql-reference/sql/create-table#access-control-requirements);
/// the object's ownership, ALTER's other half, is the creator's. A body that does not
/// read is the CREATE's own error to raise, so it needs nothing here.
fn inline_needs(body: &CreateBody, session: &SqlSession) -> Vec<Need> {
    use crate::sandbox::catalog::{SandboxKind, with_module_kind};
    use crate::sandbox::statement::inline::Governance;
    let governance = match body {
        CreateBody::Database { tags, .. } | CreateBody::Schema { tags, .. } => {
            let mut governance = Governance::default();
            governance.object.tags.clone_from(tags);
            governance
        }
        CreateBody::Module(kind, tail) => with_module_kind!(
            *kind,
            T => tail.parse(T::parse_create).map(|body| T::inline(&body)).unwrap_or_default(),
            _ => Governance::default(),
        ),
    };
    let columns = governance.columns.iter().map(|(_, c)| c);
    let tags = governance
        .object
        .tags
        .iter()
        .chain(columns.clone().flat_map(|c| c.tags.iter()))
        .map(|(tag, _)| (ObjectNoun::Tag, "APPLY TAG", tag));
    let row_access = governance.object.row_access.iter().map(|(policy, _)| {
        (
            ObjectNoun::RowAccessPolicy,
            "APPLY ROW ACCESS POLICY",
            policy,
        )
    });
    let masking = columns
        .filter_map(|c| c.masking.as_ref())
        .map(|(policy, _)| (ObjectNoun::MaskingPolicy, "APPLY MASKING POLICY", policy));
    tags.chain(row_access)
        .chain(masking)
        .filter_map(|(noun, global, raw)| {
            let held = securable(noun, raw, session)?;
            Some(Need::AnyOf(vec![
                ("APPLY".to_string(), held),
                (global.to_string(), Securable::Account),
            ]))
        })
        .collect()
}

/// USAGE on one of the procedure overloads a CALL can reach (by its number of arguments).
fn call_needs(
    catalog: &Catalog,
    call: &crate::sandbox::statement::dml::Call,
    session: &SqlSession,
) -> Vec<Need> {
    let Ok(name) = binder::object_name(&call.name, session, "CALL") else {
        return Vec::new();
    };
    let parts = vec![name.database, name.schema, name.name];
    let options: Vec<(String, Securable)> = catalog
        .overloads(&parts)
        .into_iter()
        .filter(|(_, p)| p.accepts_arguments(call.arguments))
        .map(|(signature, _)| {
            (
                "USAGE".to_string(),
                Securable::Routine(ObjectNoun::Procedure, parts.clone(), signature),
            )
        })
        .collect();
    let Some((_, first)) = options.first() else {
        return Vec::new();
    };
    let mut needs = containers(first);
    needs.push(Need::AnyOf(options));
    needs
}

/// `SET PIPE_EXECUTION_PAUSED = <bool>` and nothing else: pausing or resuming a pipe,
/// which OPERATE allows (https://docs.snowflake.com/en/user-guide/security-access-control-privileges#pipe-privileges);
/// any other property set with it stays the owner's.
fn pauses(tail: &crate::sandbox::statement::Tail) -> bool {
    tail.parse(|p| {
        p.expect_kw("SET")?;
        p.expect_kw("PIPE_EXECUTION_PAUSED")?;
        p.expect_sym("=")?;
        p.advance();
        Ok(())
    })
    .is_ok()
}

/// Roles and grants: creating a role needs the account's CREATE ROLE, a database role the
/// database's CREATE DATABASE ROLE; altering or dropping one is its owner's; granting a
/// privilege on an object is its owner's or MANAGE GRANTS', granting a global privilege,
/// on ALL or FUTURE objects MANAGE GRANTS'; granting a role its owner's or MANAGE GRANTS'
/// (https://docs.snowflake.com/en/sql-reference/sql/create-role,
/// https://docs.snowflake.com/en/sql-reference/sql/grant-privilege,
/// https://docs.snowflake.com/en/sql-reference/sql/grant-role,
/// https://docs.snowflake.com/en/sql-reference/sql/grant-ownership, each page's "Access
/// control requirements"; future grants: REFERENCE-governance-ingestion 1.6). The docs do
/// not say what ALL needs beyond the objects' grant rights: here MANAGE GRANTS, or the
/// ownership of every object it reaches.
fn access_needs(catalog: &Catalog, access: &Access, session: &SqlSession) -> Vec<Need> {
    let database_role = |raw: &RawName| -> Option<Securable> {
        match raw.parts.as_slice() {
            [d, r] => Some(Securable::DatabaseRole(d.clone(), r.clone())),
            [r] => session
                .database
                .clone()
                .map(|d| Securable::DatabaseRole(d, r.clone())),
            _ => None,
        }
    };
    let role = |r: &RoleRef| match r {
        RoleRef::Role(r) => Some(Securable::Role(r.clone())),
        RoleRef::DatabaseRole(raw) => database_role(raw),
    };
    let manage_grants = || global("MANAGE GRANTS");
    match access {
        Access::CreateRole {
            or_replace, name, ..
        } => {
            let mut needs = vec![global("CREATE ROLE")];
            if *or_replace {
                needs.push(owner(Securable::Role(name.clone())));
            }
            needs
        }
        // Tagging a role: OWNERSHIP of it and APPLY on each tag, or the account's APPLY
        // TAG (https://docs.snowflake.com/en/user-guide/object-tagging/work, as for every
        // object: `apply_needs`).
        Access::AlterRole {
            name,
            action: RoleAlter::Tags(change),
            ..
        } => {
            let mut needs = vec![Need::AnyOf(vec![
                ("OWNERSHIP".to_string(), Securable::Role(name.clone())),
                ("APPLY TAG".to_string(), Securable::Account),
            ])];
            needs.extend(tag_needs(change, session));
            needs
        }
        // The account has no owner: setting a tag on it takes the account's APPLY TAG
        // (https://docs.snowflake.com/en/user-guide/object-tagging/work; ALTER ACCOUNT is
        // ACCOUNTADMIN's, https://docs.snowflake.com/en/sql-reference/sql/alter-account,
        // which holds it).
        Access::AlterAccount(_) => vec![global("APPLY TAG")],
        Access::AlterRole { name, .. } | Access::DropRole { name, .. } => {
            vec![owner(Securable::Role(name.clone()))]
        }
        Access::CreateDatabaseRole {
            or_replace, name, ..
        } => {
            let Some(target) = database_role(name) else {
                return Vec::new();
            };
            let Securable::DatabaseRole(d, _) = &target else {
                return Vec::new();
            };
            let database = Securable::Object(ObjectNoun::Database, vec![d.clone()]);
            let mut needs = vec![
                Need::Visible(database.clone()),
                on("CREATE DATABASE ROLE", database),
            ];
            if *or_replace {
                needs.push(owner(target));
            }
            needs
        }
        // Tagging a database role: as a role (above), its OWNERSHIP and APPLY on each tag,
        // or the account's APPLY TAG
        // (https://docs.snowflake.com/en/sql-reference/sql/alter-database-role).
        Access::AlterDatabaseRole {
            name,
            action: DatabaseRoleAlter::Tags(change),
            ..
        } => {
            let mut needs: Vec<Need> = database_role(name)
                .map(|target| {
                    Need::AnyOf(vec![
                        ("OWNERSHIP".to_string(), target),
                        ("APPLY TAG".to_string(), Securable::Account),
                    ])
                })
                .into_iter()
                .collect();
            needs.extend(tag_needs(change, session));
            needs
        }
        Access::AlterDatabaseRole { name, .. } | Access::DropDatabaseRole { name, .. } => {
            database_role(name).map(owner).into_iter().collect()
        }
        Access::Role { role: granted, .. } => role(granted)
            .map(owner_or_manage_grants)
            .into_iter()
            .collect(),
        // The same to a user: "OWNERSHIP on the role being granted" or MANAGE GRANTS
        // (https://docs.snowflake.com/en/sql-reference/sql/grant-role,
        // https://docs.snowflake.com/en/sql-reference/sql/revoke-role, "Access control
        // requirements"); nothing on the user.
        // A database role to a user: "OWNERSHIP | Database role"
        // (https://docs.snowflake.com/en/sql-reference/sql/grant-database-role), or MANAGE
        // GRANTS as for any grant.
        Access::DatabaseRoleToUser { role: granted, .. } => database_role(granted)
            .map(owner_or_manage_grants)
            .into_iter()
            .collect(),
        Access::RoleToUser { role: granted, .. } => {
            vec![owner_or_manage_grants(Securable::Role(granted.clone()))]
        }
        Access::Ownership { on: target, .. } | Access::Privileges { on: target, .. } => {
            match target {
                On::Account | On::Future(..) => vec![manage_grants()],
                // A procedure or a function overload: its own owner's (ownership is kept
                // per overload) or MANAGE GRANTS'.
                On::Routine(t, raw, types) => {
                    let noun = match t {
                        ObjectType::Function => ObjectNoun::Function,
                        _ => ObjectNoun::Procedure,
                    };
                    overload_or_object(noun, raw, Some(types), session)
                        .map(owner_or_manage_grants)
                        .into_iter()
                        .collect()
                }
                On::Metric(raw, _) => securable(ObjectNoun::DataMetricFunction, raw, session)
                    .map(owner_or_manage_grants)
                    .into_iter()
                    .collect(),
                On::Object(t, raw) => match grant_target(*t, raw, session, &database_role) {
                    Some(s) => vec![owner_or_manage_grants(s)],
                    None => Vec::new(),
                },
                On::All(t, within) => {
                    let (database, schema) = match within {
                        Within::Database(raw) => (raw.last().clone(), None),
                        Within::Schema(raw) => match binder::schema_name(raw, session, "grant") {
                            Ok(s) => (s.database, Some(s.schema)),
                            Err(_) => return Vec::new(),
                        },
                    };
                    let Some(noun) = object_noun(*t) else {
                        return vec![manage_grants()];
                    };
                    let targets = catalog.objects_in(*t, &database, schema.as_ref());
                    if targets.is_empty() {
                        return vec![manage_grants()];
                    }
                    targets
                        .into_iter()
                        .map(|name| owner_or_manage_grants(Securable::Object(noun, name)))
                        .collect()
                }
            }
        }
        Access::Show(_) => Vec::new(),
    }
}

/// The securable a GRANT … ON <type> <name> names.
fn grant_target(
    t: ObjectType,
    raw: &RawName,
    session: &SqlSession,
    database_role: &dyn Fn(&RawName) -> Option<Securable>,
) -> Option<Securable> {
    match t {
        ObjectType::Role => Some(Securable::Role(raw.last().clone())),
        ObjectType::DatabaseRole => database_role(raw),
        t => securable(object_noun(t)?, raw, session),
    }
}
