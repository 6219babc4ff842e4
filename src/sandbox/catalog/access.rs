//! Access control in the emulator: account roles, database roles, privilege grants (on
//! objects, on the account, on ALL objects of a type in a container, and FUTURE grants),
//! roles granted to roles, and the SHOW commands that read them.
//!
//! Rules kept, as Snowflake documents them:
//! * the system roles (ACCOUNTADMIN, SECURITYADMIN, SYSADMIN, USERADMIN, PUBLIC) exist in
//!   every account and cannot be dropped
//!   (https://docs.snowflake.com/en/user-guide/security-access-control-overview#system-defined-roles);
//! * a grant names an existing grantee and an existing object, and only privileges that
//!   exist for the object's type (https://docs.snowflake.com/en/user-guide/security-access-control-privileges);
//!   `ALL [PRIVILEGES]` is every privilege of the type except OWNERSHIP, stored (and shown)
//!   one row per privilege (https://docs.snowflake.com/en/sql-reference/sql/grant-privilege);
//! * `ON ALL <types> IN …` grants on the objects that exist now; `ON FUTURE <types> IN …`
//!   is kept and applied to each object of the type created in the container afterwards
//!   (same page); a schema-level future grant on a type replaces the database-level ones
//!   for objects created in that schema
//!   (https://docs.snowflake.com/en/user-guide/security-access-control-considerations);
//! * a database role may only hold privileges on objects of its own database (same page);
//! * a procedure or a function is granted by its signature, `PROCEDURE p(NUMBER,
//!   VARCHAR)`, `FUNCTION f(NUMBER)`, a data metric function's `FUNCTION m(TABLE(VARCHAR))`
//!   (same page): each overload has its own grants ([`Grant::signature`]), SHOW GRANTS
//!   names it `DB.S."P(N NUMBER, V VARCHAR):RETURNS"`, and dropping an overload drops its
//!   grants;
//! * policies and tags take APPLY (and READ on a tag) one by one: no ALL or FUTURE grants
//!   on them (same page);
//! * a replaced object keeps its grants only with COPY GRANTS, where its CREATE takes it
//!   (`Catalog::grants_after_create`);
//! * dropping an object drops the grants on it; dropping a role drops its grants and its
//!   place in the hierarchy, its grants to users included;
//! * an account role may be granted to a user, kept apart from the grants to roles
//!   ([`UserRole`]) so that everything read from roles stays as it was; dropping the user
//!   forgets them.
//!
//! * every object is owned by the role that created it (`catalog/ownership.rs`), and
//!   GRANT OWNERSHIP moves it (`engine/access.rs`); SHOW GRANTS TO ROLE lists what a role
//!   owns as OWNERSHIP rows, and SHOW GRANTS ON an object its owner's row first;
//! * the session's role is held to its privileges (`engine/privileges.rs`).
//!
//! Not emulated (and said so here): the OWNERSHIP row of SHOW GRANTS ON a role (roles
//! keep their owner apart from the objects' metadata), and SHOW GRANTS TO ROLE's
//! OWNERSHIP rows for procedures and functions (SHOW GRANTS ON PROCEDURE / FUNCTION has
//! its owner's row); grant options beyond recording WITH
//! GRANT OPTION. Grants follow a renamed or swapped object to its new name
//! (`Catalog::move_grants`), except a procedure overload's.

//!
//! This module holds the catalog's part, the roles and grants as data; executing the
//! statements and answering the SHOWs is `engine/access.rs`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Stamp;
use crate::model::identifier::Ident;
use crate::model::privilege::ObjectType;

/// Roles every account has.
pub(crate) const SYSTEM_ROLES: [&str; 5] = [
    "ACCOUNTADMIN",
    "SECURITYADMIN",
    "SYSADMIN",
    "USERADMIN",
    "PUBLIC",
];

/// The sandbox account's name: what SHOW GRANTS shows for a grant on the account, and
/// what TAG_REFERENCES' ACCOUNT domain takes.
pub(crate) const ACCOUNT_NAME: &str = "SANDBOX";

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Role {
    pub(crate) created_on: Stamp,
    pub(crate) owner: String,
    pub comment: Option<String>,
    /// The id the role's tags are kept by (`catalog::tag`), given when ALTER ROLE first
    /// names a tag: a renamed role keeps it, a dropped or replaced one loses it with its
    /// tags.
    #[serde(default)]
    pub(crate) tag_id: Option<u64>,
}

/// Who holds a grant.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) enum Grantee {
    Role(Ident),
    DatabaseRole(Ident, Ident),
}

impl Grantee {
    pub(crate) fn shown(&self) -> (&'static str, String) {
        match self {
            Grantee::Role(r) => ("ROLE", r.as_str().to_string()),
            Grantee::DatabaseRole(d, r) => {
                ("DATABASE_ROLE", format!("{}.{}", d.as_str(), r.as_str()))
            }
        }
    }

    pub(crate) fn database(&self) -> Option<&Ident> {
        match self {
            Grantee::Role(_) => None,
            Grantee::DatabaseRole(d, _) => Some(d),
        }
    }
}

/// One privilege on one object (or the account; a granted role is USAGE on `ROLE r`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Grant {
    pub privilege: String,
    pub(crate) on: ObjectType,
    /// The object's name, database first; empty for the account.
    pub name: Vec<Ident>,
    /// A procedure's or a function's argument types as its signature names them
    /// (`NUMBER`, `VARCHAR`; a data metric function's `TABLE(VARCHAR)`): overloads share a
    /// name and each has its own grants. Empty for other objects.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) signature: Vec<String>,
    pub(crate) grantee: Grantee,
    pub(crate) grant_option: bool,
    pub(crate) granted_by: String,
    pub(crate) created_on: Stamp,
}

/// A grant on objects of a type created later in a database or schema.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FutureGrant {
    pub privilege: String,
    pub(crate) on: ObjectType,
    pub(crate) database: Ident,
    pub(crate) schema: Option<Ident>,
    pub(crate) grantee: Grantee,
    pub(crate) grant_option: bool,
    pub(crate) created_on: Stamp,
}

/// The account's roles and grants.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Access {
    pub(crate) roles: BTreeMap<Ident, Role>,
    /// Database roles, per database.
    pub(crate) database_roles: BTreeMap<Ident, BTreeMap<Ident, Role>>,
    pub(crate) grants: Vec<Grant>,
    pub(crate) future: Vec<FutureGrant>,
    /// Account roles granted to users (`GRANT ROLE r TO USER u`), in grant order. Absent
    /// from a state file written before users held roles, hence the default; left out
    /// when empty so such a file is written back unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) user_roles: Vec<UserRole>,
    /// Database roles granted to users (`GRANT DATABASE ROLE d.r TO USER u`), in grant
    /// order, kept apart from the account roles a session can use.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) database_role_users: Vec<DatabaseRoleUser>,
}

/// One database role granted to one user
/// (https://docs.snowflake.com/en/sql-reference/sql/grant-database-role: "GRANT DATABASE
/// ROLE <name> TO USER <user_name>"). It is listed by SHOW GRANTS; the sandbox's sessions
/// are held to their account roles, so it grants the user's sessions nothing here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct DatabaseRoleUser {
    pub(crate) database: Ident,
    pub(crate) role: Ident,
    pub(crate) user: Ident,
    pub(crate) granted_by: String,
    pub(crate) created_on: Stamp,
}

/// One account role granted to one user
/// (https://docs.snowflake.com/en/sql-reference/sql/grant-role).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct UserRole {
    pub(crate) role: Ident,
    pub(crate) user: Ident,
    pub(crate) granted_by: String,
    pub(crate) created_on: Stamp,
}

impl super::Catalog {
    /// Whether an account role exists: a system role, or one created here.
    pub(crate) fn role_exists(&self, role: &Ident) -> bool {
        SYSTEM_ROLES.contains(&role.as_str()) || self.access.roles.contains_key(role)
    }

    /// The account roles granted to `user`, in grant order: what `USE SECONDARY ROLES
    /// ALL` activates.
    pub(crate) fn roles_of_user(&self, user: &Ident) -> Vec<Ident> {
        self.access
            .user_roles
            .iter()
            .filter(|g| g.user == *user)
            .map(|g| g.role.clone())
            .collect()
    }

    /// Forgets the roles granted to a dropped user. The drop-user page says nothing of
    /// them (https://docs.snowflake.com/en/sql-reference/sql/drop-user); a user of the same
    /// name created later is a new user and starts with none, as a new role does.
    pub(crate) fn forget_user(&mut self, user: &Ident) {
        self.access.user_roles.retain(|g| g.user != *user);
        self.access.database_role_users.retain(|g| g.user != *user);
    }

    /// `ALTER USER a RENAME TO b`: the user is the same one under a new name, so its roles
    /// follow it (https://docs.snowflake.com/en/sql-reference/sql/alter-user says nothing
    /// of them; grants to renamed objects follow them likewise, `Catalog::move_grants`).
    pub(crate) fn rename_user(&mut self, from: &Ident, to: &Ident) {
        for g in &mut self.access.user_roles {
            if g.user == *from {
                g.user = to.clone();
            }
        }
        for g in &mut self.access.database_role_users {
            if g.user == *from {
                g.user = to.clone();
            }
        }
    }
}
