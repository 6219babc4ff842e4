//! Access-control statements: CREATE / ALTER / DROP ROLE, CREATE / DROP DATABASE ROLE,
//! GRANT and REVOKE of privileges and of roles, and the SHOW commands that read them back
//! (SHOW ROLES, SHOW DATABASE ROLES, SHOW GRANTS, SHOW FUTURE GRANTS).
//!
//! Grammar, from Snowflake's pages:
//! * https://docs.snowflake.com/en/sql-reference/sql/create-role,
//!   https://docs.snowflake.com/en/sql-reference/sql/alter-role,
//!   https://docs.snowflake.com/en/sql-reference/sql/drop-role;
//! * https://docs.snowflake.com/en/sql-reference/sql/create-database-role,
//!   https://docs.snowflake.com/en/sql-reference/sql/drop-database-role;
//! * https://docs.snowflake.com/en/sql-reference/sql/grant-privilege,
//!   https://docs.snowflake.com/en/sql-reference/sql/revoke-privilege,
//!   https://docs.snowflake.com/en/sql-reference/sql/grant-role,
//!   https://docs.snowflake.com/en/sql-reference/sql/revoke-role,
//!   https://docs.snowflake.com/en/sql-reference/sql/grant-database-role;
//! * https://docs.snowflake.com/en/sql-reference/sql/show-roles,
//!   https://docs.snowflake.com/en/sql-reference/sql/show-database-roles,
//!   https://docs.snowflake.com/en/sql-reference/sql/show-grants.

use super::alter::{TagChange, tag_change};
use super::parser::{Parser, RawName};
use crate::model::data_type::DataType;
use crate::model::identifier::Ident;
use crate::model::privilege::ObjectType;
use crate::sandbox::error::SqlError;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Access {
    CreateRole {
        or_replace: bool,
        if_not_exists: bool,
        name: Ident,
        comment: Option<String>,
    },
    AlterRole {
        if_exists: bool,
        name: Ident,
        action: RoleAlter,
    },
    DropRole {
        if_exists: bool,
        name: Ident,
    },
    /// `ALTER ACCOUNT SET TAG …` / `UNSET TAG …`
    /// (https://docs.snowflake.com/en/sql-reference/sql/alter-account): the account's only
    /// ALTER the sandbox models; its parameters and policies are not (a syntax error).
    AlterAccount(TagChange),
    CreateDatabaseRole {
        or_replace: bool,
        if_not_exists: bool,
        name: RawName,
        comment: Option<String>,
    },
    /// ALTER DATABASE ROLE … SET / UNSET COMMENT | RENAME TO.
    AlterDatabaseRole {
        if_exists: bool,
        name: RawName,
        action: DatabaseRoleAlter,
    },
    DropDatabaseRole {
        if_exists: bool,
        name: RawName,
    },
    /// GRANT / REVOKE of privileges (`grant` false: REVOKE).
    Privileges {
        grant: bool,
        privileges: Vec<String>,
        on: On,
        grantee: RoleRef,
        /// GRANT … WITH GRANT OPTION, or REVOKE GRANT OPTION FOR … (the option alone).
        grant_option: bool,
    },
    /// `GRANT OWNERSHIP ON … TO … [ { REVOKE | COPY } CURRENT GRANTS ]`
    /// (https://docs.snowflake.com/en/sql-reference/sql/grant-ownership).
    Ownership {
        on: On,
        to: RoleRef,
        current: Option<CurrentGrants>,
    },
    /// GRANT ROLE / DATABASE ROLE … TO … [ WITH GRANT OPTION ], and its REVOKE.
    Role {
        grant: bool,
        role: RoleRef,
        to: RoleRef,
        grant_option: bool,
    },
    /// `GRANT ROLE r TO USER u` / `REVOKE ROLE r FROM USER u`
    /// (https://docs.snowflake.com/en/sql-reference/sql/grant-role,
    /// https://docs.snowflake.com/en/sql-reference/sql/revoke-role).
    RoleToUser {
        grant: bool,
        role: Ident,
        user: Ident,
    },
    /// `GRANT DATABASE ROLE d.r TO USER u` / `REVOKE DATABASE ROLE d.r FROM USER u`
    /// (https://docs.snowflake.com/en/sql-reference/sql/grant-database-role,
    /// https://docs.snowflake.com/en/sql-reference/sql/revoke-database-role).
    DatabaseRoleToUser {
        grant: bool,
        role: RawName,
        user: Ident,
    },
    Show(ShowAccess),
}

/// What ALTER DATABASE ROLE does
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-database-role).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum DatabaseRoleAlter {
    /// SET COMMENT (`Some`) / UNSET COMMENT (`None`).
    Comment(Option<String>),
    /// RENAME TO, the new name as written (its database, if given, must be the role's).
    Rename(RawName),
    /// `SET TAG …` / `UNSET TAG …`.
    Tags(TagChange),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum RoleAlter {
    SetComment(String),
    UnsetComment,
    Rename(Ident),
    /// `SET TAG …` / `UNSET TAG …`
    /// (https://docs.snowflake.com/en/sql-reference/sql/alter-role).
    Tags(TagChange),
}

/// A grantee or granted role: `ROLE r` or `DATABASE ROLE d.r`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum RoleRef {
    Role(Ident),
    DatabaseRole(RawName),
}

/// What GRANT … ON names.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum On {
    Account,
    Object(ObjectType, RawName),
    /// A procedure, named with its argument types: `PROCEDURE p(NUMBER, VARCHAR)`
    /// ("for procedures … the argument data types must be specified",
    /// https://docs.snowflake.com/en/sql-reference/sql/grant-privilege).
    Routine(ObjectType, RawName, Vec<DataType>),
    /// A data metric function, `FUNCTION f(TABLE(NUMBER, VARCHAR))`: its table argument's
    /// column types, as ALTER and DROP FUNCTION name it
    /// (https://docs.snowflake.com/en/sql-reference/sql/alter-function-dmf).
    Metric(RawName, Vec<DataType>),
    All(ObjectType, Within),
    Future(ObjectType, Within),
}

/// What GRANT OWNERSHIP does with the grants others hold on the object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CurrentGrants {
    /// `REVOKE CURRENT GRANTS`: they are revoked first.
    Revoke,
    /// `COPY CURRENT GRANTS`: they stay, granted by the new owner.
    Copy,
}

/// `IN DATABASE d` / `IN SCHEMA s`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Within {
    Database(RawName),
    Schema(RawName),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ShowAccess {
    Roles {
        like: Option<String>,
    },
    DatabaseRoles(RawName),
    GrantsTo(RoleRef),
    GrantsOn(On),
    GrantsOf(RoleRef),
    /// `SHOW GRANTS TO USER u`.
    GrantsToUser(Ident),
    /// `SHOW GRANTS` alone: "all the roles granted to the current user" (show-grants).
    GrantsToCurrentUser,
    FutureIn(Within),
}

/// Whether the statement at `p` (after CREATE / ALTER / DROP / SHOW was read, or at
/// GRANT / REVOKE) is an access statement; `p` is left where it was.
pub(crate) fn is_access(p: &Parser<'_>) -> bool {
    let mut at = 0;
    if p.is_kw_at(0, "OR") && p.is_kw_at(1, "REPLACE") {
        at = 2;
    }
    p.is_kw_at(at, "ROLE")
        || p.is_kw_at(at, "ROLES")
        || (p.is_kw_at(at, "DATABASE")
            && (p.is_kw_at(at + 1, "ROLE") || p.is_kw_at(at + 1, "ROLES")))
        || p.is_kw_at(at, "GRANTS")
        || (p.is_kw_at(at, "FUTURE") && p.is_kw_at(at + 1, "GRANTS"))
}

fn role_name(p: &mut Parser<'_>) -> Result<Ident, SqlError> {
    p.ident()
}

fn comment(p: &mut Parser<'_>) -> Result<Option<String>, SqlError> {
    if !p.eat_kw("COMMENT") {
        return Ok(None);
    }
    p.eat_equals();
    Ok(Some(p.string()?))
}

/// After CREATE.
pub(crate) fn create(p: &mut Parser<'_>) -> Result<Access, SqlError> {
    let or_replace = p.eat_kws(&["OR", "REPLACE"]);
    let database = p.eat_kw("DATABASE");
    p.expect_kw("ROLE")?;
    let if_not_exists = p.eat_kws(&["IF", "NOT", "EXISTS"]);
    if or_replace && if_not_exists {
        return Err(p.error());
    }
    if database {
        let name = p.name()?;
        let comment = comment(p)?;
        Ok(Access::CreateDatabaseRole {
            or_replace,
            if_not_exists,
            name,
            comment,
        })
    } else {
        let name = role_name(p)?;
        let comment = comment(p)?;
        Ok(Access::CreateRole {
            or_replace,
            if_not_exists,
            name,
            comment,
        })
    }
}

/// After ALTER
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-database-role for the second).
pub(crate) fn alter(p: &mut Parser<'_>) -> Result<Access, SqlError> {
    if p.eat_kws(&["DATABASE", "ROLE"]) {
        let if_exists = p.eat_kws(&["IF", "EXISTS"]);
        let name = p.name()?;
        let action = if let Some(change) = tag_change(p)? {
            DatabaseRoleAlter::Tags(change)
        } else if p.eat_kws(&["RENAME", "TO"]) {
            DatabaseRoleAlter::Rename(p.name()?)
        } else if p.eat_kws(&["UNSET", "COMMENT"]) {
            DatabaseRoleAlter::Comment(None)
        } else {
            p.expect_kws(&["SET", "COMMENT"])?;
            p.eat_equals();
            DatabaseRoleAlter::Comment(Some(p.string()?))
        };
        return Ok(Access::AlterDatabaseRole {
            if_exists,
            name,
            action,
        });
    }
    if p.eat_kw("ACCOUNT") {
        return match tag_change(p)? {
            Some(change) => Ok(Access::AlterAccount(change)),
            None => Err(p.error()),
        };
    }
    p.expect_kw("ROLE")?;
    let if_exists = p.eat_kws(&["IF", "EXISTS"]);
    let name = role_name(p)?;
    let action = if let Some(change) = tag_change(p)? {
        RoleAlter::Tags(change)
    } else if p.eat_kws(&["RENAME", "TO"]) {
        RoleAlter::Rename(role_name(p)?)
    } else if p.eat_kws(&["UNSET", "COMMENT"]) {
        RoleAlter::UnsetComment
    } else {
        p.expect_kws(&["SET", "COMMENT"])?;
        p.eat_equals();
        RoleAlter::SetComment(p.string()?)
    };
    Ok(Access::AlterRole {
        if_exists,
        name,
        action,
    })
}

/// After DROP.
pub(crate) fn drop(p: &mut Parser<'_>) -> Result<Access, SqlError> {
    let database = p.eat_kw("DATABASE");
    p.expect_kw("ROLE")?;
    let if_exists = p.eat_kws(&["IF", "EXISTS"]);
    Ok(if database {
        Access::DropDatabaseRole {
            if_exists,
            name: p.name()?,
        }
    } else {
        Access::DropRole {
            if_exists,
            name: role_name(p)?,
        }
    })
}

/// `ROLE r` / `DATABASE ROLE d.r` (`ROLE` optional as a grantee: `TO [ ROLE ] r`).
fn role_ref(p: &mut Parser<'_>, role_optional: bool) -> Result<RoleRef, SqlError> {
    if p.eat_kws(&["DATABASE", "ROLE"]) {
        return Ok(RoleRef::DatabaseRole(p.name()?));
    }
    if !p.eat_kw("ROLE") && !role_optional {
        return Err(p.error());
    }
    Ok(RoleRef::Role(role_name(p)?))
}

/// Reads words up to the next `,` or `ON`: one privilege (`CREATE SCHEMA`).
fn privilege(p: &mut Parser<'_>) -> Result<String, SqlError> {
    let mut words = Vec::new();
    while let Some(token) = p.peek() {
        if p.is_kw("ON") || p.is_sym(",") {
            break;
        }
        if token.kind != crate::sql::TokenKind::Word {
            return Err(p.error());
        }
        words.push(token.value.to_ascii_uppercase());
        p.advance();
    }
    if words.is_empty() {
        return Err(p.error());
    }
    Ok(words.join(" "))
}

/// Reads an object type's keywords, singular or plural, longest first (`ROW ACCESS
/// POLICY` is three words).
fn object_type(p: &mut Parser<'_>, plural: bool) -> Option<ObjectType> {
    for width in [3, 2, 1] {
        let mark = p.mark();
        let mut words = Vec::new();
        for _ in 0..width {
            match p.peek() {
                Some(t) if t.kind == crate::sql::TokenKind::Word => {
                    words.push(t.value.clone());
                    p.advance();
                }
                _ => break,
            }
        }
        let text = words.join(" ");
        let found = if plural {
            ObjectType::from_plural(&text)
        } else {
            ObjectType::from_keyword(&text)
        };
        if words.len() == width
            && let Some(t) = found
        {
            return Some(t);
        }
        p.reset(mark);
    }
    None
}

fn within(p: &mut Parser<'_>) -> Result<Within, SqlError> {
    p.expect_kw("IN")?;
    if p.eat_kw("DATABASE") {
        Ok(Within::Database(p.name()?))
    } else {
        p.expect_kw("SCHEMA")?;
        Ok(Within::Schema(p.name()?))
    }
}

/// What follows ON.
fn on(p: &mut Parser<'_>) -> Result<On, SqlError> {
    if p.eat_kw("ACCOUNT") {
        return Ok(On::Account);
    }
    for (word, future) in [("ALL", false), ("FUTURE", true)] {
        if p.eat_kw(word) {
            let t = object_type(p, true).ok_or_else(|| p.error())?;
            let within = within(p)?;
            return Ok(if future {
                On::Future(t, within)
            } else {
                On::All(t, within)
            });
        }
    }
    let t = object_type(p, false).ok_or_else(|| p.error())?;
    let name = p.name()?;
    if t == ObjectType::Function && p.is_sym("(") && p.is_kw_at(1, "TABLE") {
        let types = super::signature(p, super::ObjectNoun::DataMetricFunction)?;
        return Ok(On::Metric(name, types.unwrap_or_default()));
    }
    if matches!(t, ObjectType::Procedure | ObjectType::Function) {
        return Ok(On::Routine(t, name, super::argument_types(p)?));
    }
    Ok(On::Object(t, name))
}

/// At GRANT or REVOKE.
pub(crate) fn grant_or_revoke(p: &mut Parser<'_>) -> Result<Access, SqlError> {
    let grant = if p.eat_kw("GRANT") {
        true
    } else {
        p.expect_kw("REVOKE")?;
        false
    };
    // REVOKE [ GRANT OPTION FOR ] …: only the option is revoked
    // (https://docs.snowflake.com/en/sql-reference/sql/revoke-privilege).
    let option_only = !grant && p.eat_kws(&["GRANT", "OPTION", "FOR"]);
    if option_only && (p.is_kw("ROLE") || p.is_kws(&["DATABASE", "ROLE"])) {
        // The grammar takes privileges after GRANT OPTION FOR, never a role.
        return Err(p.error());
    }
    if p.is_kw("ROLE") || p.is_kws(&["DATABASE", "ROLE"]) {
        let role = role_ref(p, false)?;
        if grant {
            p.expect_kw("TO")?;
        } else {
            p.expect_kw("FROM")?;
        }
        // `TO { ROLE <parent> | USER <user> }` for an account role, and `TO USER
        // <user_name>` for a database role too
        // (https://docs.snowflake.com/en/sql-reference/sql/grant-role,
        // https://docs.snowflake.com/en/sql-reference/sql/grant-database-role).
        if p.eat_kw("USER") {
            let user = p.ident()?;
            return Ok(match &role {
                RoleRef::Role(name) => Access::RoleToUser {
                    grant,
                    role: name.clone(),
                    user,
                },
                RoleRef::DatabaseRole(raw) => Access::DatabaseRoleToUser {
                    grant,
                    role: raw.clone(),
                    user,
                },
            });
        }
        let to = role_ref(p, false)?;
        // `[ WITH GRANT OPTION ]` on a grant to a role or a database role, "allows the
        // recipient role to grant the role to other roles"; not on a grant to a user
        // (https://docs.snowflake.com/en/sql-reference/sql/grant-role,
        // https://docs.snowflake.com/en/sql-reference/sql/grant-database-role).
        let grant_option = grant && p.eat_kws(&["WITH", "GRANT", "OPTION"]);
        return Ok(Access::Role {
            grant,
            role,
            to,
            grant_option,
        });
    }
    if grant && p.is_kws(&["OWNERSHIP", "ON"]) {
        p.expect_kws(&["OWNERSHIP", "ON"])?;
        let on = on(p)?;
        p.expect_kw("TO")?;
        let to = role_ref(p, true)?;
        let current = if p.eat_kws(&["REVOKE", "CURRENT", "GRANTS"]) {
            Some(CurrentGrants::Revoke)
        } else if p.eat_kws(&["COPY", "CURRENT", "GRANTS"]) {
            Some(CurrentGrants::Copy)
        } else {
            None
        };
        return Ok(Access::Ownership { on, to, current });
    }
    let mut privileges = vec![privilege(p)?];
    while p.eat_sym(",") {
        privileges.push(privilege(p)?);
    }
    p.expect_kw("ON")?;
    let on = on(p)?;
    if grant {
        p.expect_kw("TO")?;
    } else {
        p.expect_kw("FROM")?;
    }
    let grantee = role_ref(p, true)?;
    let grant_option = option_only || (grant && p.eat_kws(&["WITH", "GRANT", "OPTION"]));
    if !grant {
        // [ RESTRICT | CASCADE ] decide what happens to the grants made through the
        // option; the sandbox does not record who granted through it.
        let _ = p.eat_kw("RESTRICT") || p.eat_kw("CASCADE");
    }
    Ok(Access::Privileges {
        grant,
        privileges,
        on,
        grantee,
        grant_option,
    })
}

/// After SHOW.
pub(crate) fn show(p: &mut Parser<'_>) -> Result<Access, SqlError> {
    if p.eat_kw("ROLES") {
        let like = if p.eat_kw("LIKE") {
            Some(p.string()?)
        } else {
            None
        };
        return Ok(Access::Show(ShowAccess::Roles { like }));
    }
    if p.eat_kws(&["DATABASE", "ROLES"]) {
        p.expect_kws(&["IN", "DATABASE"])?;
        return Ok(Access::Show(ShowAccess::DatabaseRoles(p.name()?)));
    }
    if p.eat_kws(&["FUTURE", "GRANTS"]) {
        return Ok(Access::Show(ShowAccess::FutureIn(within(p)?)));
    }
    p.expect_kw("GRANTS")?;
    if p.at_end() {
        return Ok(Access::Show(ShowAccess::GrantsToCurrentUser));
    }
    let show = if p.eat_kws(&["TO", "USER"]) {
        ShowAccess::GrantsToUser(p.ident()?)
    } else if p.eat_kw("TO") {
        ShowAccess::GrantsTo(role_ref(p, false)?)
    } else if p.eat_kw("OF") {
        ShowAccess::GrantsOf(role_ref(p, false)?)
    } else {
        p.expect_kw("ON")?;
        let on = on(p)?;
        if matches!(on, On::All(..) | On::Future(..)) {
            return Err(p.error());
        }
        ShowAccess::GrantsOn(on)
    };
    Ok(Access::Show(show))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(sql: &str) -> Result<Access, SqlError> {
        let mut p = Parser::new(sql).unwrap();
        let statement = if p.eat_kw("CREATE") {
            create(&mut p)?
        } else if p.eat_kw("ALTER") {
            alter(&mut p)?
        } else if p.eat_kw("DROP") {
            drop(&mut p)?
        } else if p.eat_kw("SHOW") {
            show(&mut p)?
        } else {
            grant_or_revoke(&mut p)?
        };
        p.expect_end()?;
        Ok(statement)
    }

    #[test]
    fn every_form_reads() {
        assert!(matches!(
            parse("create or replace role r comment = 'x'").unwrap(),
            Access::CreateRole {
                or_replace: true,
                comment: Some(_),
                ..
            }
        ));
        assert!(matches!(
            parse("create database role if not exists d.r").unwrap(),
            Access::CreateDatabaseRole {
                if_not_exists: true,
                ..
            }
        ));
        assert!(matches!(
            parse("alter role if exists r set comment = 'c'").unwrap(),
            Access::AlterRole {
                action: RoleAlter::SetComment(_),
                ..
            }
        ));
        let Access::Privileges {
            privileges,
            on,
            grantee,
            ..
        } = parse("grant usage, create schema on database d to role r").unwrap()
        else {
            panic!()
        };
        assert_eq!(privileges, ["USAGE", "CREATE SCHEMA"]);
        assert!(matches!(on, On::Object(ObjectType::Database, _)));
        assert!(matches!(grantee, RoleRef::Role(_)));
        assert!(matches!(
            parse("grant select on future file formats in schema d.s to r").unwrap(),
            Access::Privileges {
                on: On::Future(ObjectType::FileFormat, Within::Schema(_)),
                ..
            }
        ));
        assert!(matches!(
            parse("revoke select on all tables in database d from database role d.x").unwrap(),
            Access::Privileges {
                grant: false,
                on: On::All(ObjectType::Table, Within::Database(_)),
                grantee: RoleRef::DatabaseRole(_),
                ..
            }
        ));
        assert!(matches!(
            parse("grant role a to role b").unwrap(),
            Access::Role { grant: true, .. }
        ));
        assert!(matches!(
            parse("revoke database role d.a from role b").unwrap(),
            Access::Role {
                grant: false,
                role: RoleRef::DatabaseRole(_),
                ..
            }
        ));
        assert!(matches!(
            parse("grant role a to user \"jane.doe\"").unwrap(),
            Access::RoleToUser { grant: true, ref user, .. } if user.as_str() == "jane.doe"
        ));
        assert!(matches!(
            parse("revoke role a from user u").unwrap(),
            Access::RoleToUser { grant: false, .. }
        ));
        assert!(matches!(
            parse("show grants to user u").unwrap(),
            Access::Show(ShowAccess::GrantsToUser(_))
        ));
        assert!(matches!(
            parse("show grants").unwrap(),
            Access::Show(ShowAccess::GrantsToCurrentUser)
        ));
        assert!(matches!(
            parse("show grants on account").unwrap(),
            Access::Show(ShowAccess::GrantsOn(On::Account))
        ));
        assert!(matches!(
            parse("show future grants in database d").unwrap(),
            Access::Show(ShowAccess::FutureIn(Within::Database(_)))
        ));
        assert!(matches!(
            parse("show grants of role r").unwrap(),
            Access::Show(ShowAccess::GrantsOf(RoleRef::Role(_)))
        ));
        assert!(matches!(
            parse("grant ownership on table d.s.t to role r copy current grants").unwrap(),
            Access::Ownership {
                on: On::Object(ObjectType::Table, _),
                to: RoleRef::Role(_),
                current: Some(CurrentGrants::Copy),
            }
        ));
        assert!(matches!(
            parse("grant ownership on schema d.s to database role d.o revoke current grants")
                .unwrap(),
            Access::Ownership {
                to: RoleRef::DatabaseRole(_),
                current: Some(CurrentGrants::Revoke),
                ..
            }
        ));
        assert!(matches!(
            parse("grant ownership on task t to r").unwrap(),
            Access::Ownership { current: None, .. }
        ));
        assert!(matches!(
            parse("grant usage on procedure d.s.p(varchar, n number) to role r").unwrap(),
            Access::Privileges {
                on: On::Routine(ObjectType::Procedure, _, ref types),
                ..
            } if types.len() == 2
        ));
        assert!(matches!(
            parse("revoke apply on row access policy d.s.p from role r").unwrap(),
            Access::Privileges {
                on: On::Object(ObjectType::RowAccessPolicy, _),
                ..
            }
        ));
        assert!(matches!(
            parse("grant usage on future procedures in schema d.s to role r").unwrap(),
            Access::Privileges {
                on: On::Future(ObjectType::Procedure, _),
                ..
            }
        ));
        assert!(matches!(
            parse("grant usage on function d.s.f(number, varchar) to role r").unwrap(),
            Access::Privileges {
                on: On::Routine(ObjectType::Function, _, ref types),
                ..
            } if types.len() == 2
        ));
        assert!(matches!(
            parse("revoke usage on function d.s.m(table(number, varchar)) from role r").unwrap(),
            Access::Privileges {
                on: On::Metric(_, ref types),
                ..
            } if types.len() == 2
        ));
        for bad in [
            "grant usage on procedure d.s.p to role r",
            "grant usage on function d.s.f to role r",
            "grant apply on all masking policies in schema d.s to role r",
            "grant apply on future tags in schema d.s to role r",
            "grant ownership on table t to role r keep current grants",
            "grant on table t to role r",
            "grant select on gadget g to role r",
            "grant select on table t",
            "create or replace role if not exists r",
            "show grants on all tables in schema s",
            "grant database role d.a to user u with grant option",
            "grant role a to user",
            "revoke role a to user u",
            // "GRANT ROLE ... TO USER ... WITH GRANT OPTION isn't supported" (grant-role).
            "grant role a to user u with grant option",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
