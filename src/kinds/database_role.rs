//! A database role: `[[database_role]]` named `DATABASE.ROLE`, with `comment`,
//! `member_of` and `privileges` in the same shapes as `role` (see `kinds::role`).
//!
//! `member_of` names what the database role is granted to: a one-part name is an account
//! role (`GRANT DATABASE ROLE d.r TO ROLE x`), a two-part name another database role of
//! the same database (`TO DATABASE ROLE d.x`)
//! (https://docs.snowflake.com/en/sql-reference/sql/grant-database-role). Its privileges
//! may only be on objects of its own database — "database roles can be granted privileges
//! on objects in the same database" only, never global ones
//! (https://docs.snowflake.com/en/sql-reference/sql/grant-privilege) — which `validate`
//! checks at the offending target. Snowflake gives a new database role USAGE on its
//! database (REFERENCE 1.3): it counts as declared for every database role.
//!
//! Reading: `SHOW DATABASE ROLES IN DATABASE d` per managed database (a database is
//! mandatory: https://docs.snowflake.com/en/sql-reference/sql/show-database-roles), then
//! `SHOW GRANTS TO DATABASE ROLE d.r` per declared one, with the roles' reads (see
//! `kinds::role::read`). Authoritative as `role` is, and never pruned.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::role::grant::{self, Grant, Grantee};
use super::role::{self, Grantable, RawPrivileges, SYSTEM_ROLES, resolve_privileges};
use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared, common_keys};
use crate::config::schema_file::object_entry;
use crate::import::entry::{Entry, Writer};
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::model::identifier::{Ident, SchemaName, split_parts};
use crate::model::{Address, Kind, Resource};
use crate::plan::Step;
use crate::plan::diff::{DiffError, Edits, Settings};
use crate::sql::quote::comment_clause;

/// A database role, in canonical form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatabaseRole {
    pub database: Ident,
    pub name: Ident,
    pub comment: Option<String>,
    /// The account roles and database roles it is granted to.
    pub member_of: BTreeSet<Grantee>,
    pub privileges: BTreeSet<Grant>,
}

impl Resource for DatabaseRole {
    fn address(&self) -> Address {
        Address::new(
            Kind::DatabaseRole,
            format!("{}.{}", self.database, self.name),
        )
    }

    fn references(&self) -> Vec<Address> {
        let mut all = vec![Address::new(Kind::Database, &self.database)];
        for parent in &self.member_of {
            match parent {
                Grantee::Role(r) if SYSTEM_ROLES.contains(&r.as_str()) => {}
                Grantee::Role(r) => all.push(Address::new(Kind::Role, r)),
                Grantee::DatabaseRole(d, r) => {
                    all.push(Address::new(Kind::DatabaseRole, format!("{d}.{r}")))
                }
            }
        }
        all.extend(self.privileges.iter().filter_map(|g| g.target.reference()));
        all.sort();
        all.dedup();
        all
    }
}

object_entry! {
    /// `[[database_role]]`.
    RawDatabaseRole {
        /// What it is granted to: `ROLE_NAME` (an account role) or `DATABASE.ROLE`.
        #[serde(default)]
        #[schemars(with = "Vec<String>")]
        member_of: Vec<Spanned<String>>,
        /// What it may do, on objects of its database only.
        #[serde(default)]
        privileges: Vec<RawPrivileges>,
    }
}

impl ObjectKind for DatabaseRole {
    const SQL_KEYWORD: &'static str = "DATABASE ROLE";
    type Raw = RawDatabaseRole;

    fn resolve(raw: RawDatabaseRole, ctx: &mut Ctx<'_>) -> Option<Declared> {
        let default = ctx.scope.database.clone();
        let name = match (split_parts(raw.name.get_ref()), default) {
            (Ok(parts), _) if parts.len() == 2 => Some((parts[0].clone(), parts[1].clone())),
            (Ok(parts), Some(database)) if parts.len() == 1 => Some((database, parts[0].clone())),
            _ => {
                ctx.error(&raw.name, "a database role is named DATABASE.ROLE")
                    .help = Some("or set [defaults] database in this file".into());
                None
            }
        };
        let mut member_of = BTreeSet::new();
        let mut ok = true;
        for parent in &raw.member_of {
            match split_parts(parent.get_ref()).as_deref() {
                Ok([r]) => {
                    member_of.insert(Grantee::Role(r.clone()));
                }
                Ok([d, r]) => {
                    member_of.insert(Grantee::DatabaseRole(d.clone(), r.clone()));
                }
                _ => {
                    ctx.error(parent, "expected ROLE (an account role) or DATABASE.ROLE");
                    ok = false;
                }
            }
        }
        let (database, role) = name?;
        for parent in &member_of {
            if let Grantee::DatabaseRole(d, _) = parent
                && *d != database
                && let Some(at) = raw.member_of.first()
            {
                // https://docs.snowflake.com/en/sql-reference/sql/grant-database-role:
                // a database role can be granted to a database role of the same database.
                ctx.error(at, format!("a database role of {database} can only be granted to database roles of {database}"));
                ok = false;
            }
        }
        // Snowflake gives a new database role USAGE on its database (REFERENCE 1.3, seen
        // on live accounts; the docs are silent): it is part of every database role, so
        // it is never planned away.
        let privileges = resolve_privileges(&raw.privileges, Some(&database), ctx).map(|mut p| {
            p.insert(implicit_usage(&database));
            p
        });
        let object = DatabaseRole {
            database,
            name: role,
            comment: raw.comment.clone(),
            member_of,
            privileges: privileges?,
        };
        if !ok {
            return None;
        }
        Some(ctx.declare(object, common_keys!(raw)))
    }

    fn diff(live: &Self, desired: &Self, cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        role::diff(live, desired, cx)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(format!(
            "{} DATABASE ROLE {}.{}{}",
            mode.verb(),
            self.database,
            self.name,
            comment_clause(self.comment.as_deref())
        ))
    }

    fn create_steps(&self, _settings: &Settings) -> Result<Vec<Step>, DiffError> {
        role::create_steps(self)
    }

    fn import(&self, w: &Writer<'_>, _schema: Option<&SchemaName>) -> Entry {
        role::import_entry(self, w)
    }
}

impl Grantable for DatabaseRole {
    fn grantee(&self) -> Grantee {
        Grantee::DatabaseRole(self.database.clone(), self.name.clone())
    }

    fn comment(&self) -> &Option<String> {
        &self.comment
    }

    fn parents(&self) -> BTreeSet<Grantee> {
        self.member_of.clone()
    }

    fn privileges(&self) -> &BTreeSet<Grant> {
        &self.privileges
    }
}

/// USAGE on the database, which every database role holds.
fn implicit_usage(database: &Ident) -> Grant {
    Grant {
        target: grant::Target::Object(
            crate::model::privilege::ObjectType::Database,
            vec![database.clone()],
        ),
        privilege: "USAGE".into(),
        grant_option: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role() -> DatabaseRole {
        DatabaseRole {
            database: Ident::from_stored("PR"),
            name: Ident::from_stored("GOLD_READER"),
            comment: None,
            member_of: [Grantee::Role(Ident::from_stored("ANALYST"))].into(),
            privileges: [
                Grant {
                    target: grant::parse_target("schema PR.GOLD").unwrap(),
                    privilege: "USAGE".into(),
                    grant_option: false,
                },
                implicit_usage(&Ident::from_stored("PR")),
            ]
            .into(),
        }
    }

    #[test]
    fn create_grants_up_and_each_target() {
        let steps: Vec<String> = role()
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
                "CREATE DATABASE ROLE PR.GOLD_READER",
                "GRANT DATABASE ROLE PR.GOLD_READER TO ROLE ANALYST",
                "GRANT USAGE ON DATABASE PR TO DATABASE ROLE PR.GOLD_READER",
                "GRANT USAGE ON SCHEMA PR.GOLD TO DATABASE ROLE PR.GOLD_READER",
            ]
        );
        assert_eq!(role().address().name, "PR.GOLD_READER");
        assert!(
            role()
                .references()
                .contains(&Address::new(Kind::Role, "ANALYST"))
        );
    }
}
