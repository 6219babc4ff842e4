//! The binder: name resolution against the session, and `USE`. It sits between the
//! catalog and the layers that read names (DDL, SHOW, DESCRIBE), so they resolve names
//! alike without depending on the engine.
//!
//! A one-part name takes the session's database and schema, a two-part name its
//! database; a missing part is Snowflake's 090105 / 090106.

use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::sandbox::catalog::database::PUBLIC;
use crate::sandbox::catalog::{Catalog, OuterName, OuterObject};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::{SecondaryRoles, SqlSession};
use crate::sandbox::statement::{RawName, Use};

/// A database name: exactly one part.
pub(crate) fn database_name(raw: &RawName) -> Result<Ident, SqlError> {
    match raw.parts.as_slice() {
        [name] => Ok(name.clone()),
        _ => Err(SqlError::unsupported(format!(
            "'{raw}' is not a database name."
        ))),
    }
}

/// A database role's name: `d.r`, or `r` in the current database.
pub(crate) fn database_role_name(
    raw: &RawName,
    session: &SqlSession,
) -> Result<(Ident, Ident), SqlError> {
    match raw.parts.as_slice() {
        [d, r] => Ok((d.clone(), r.clone())),
        [r] => Ok((current_database(session, "use database role")?, r.clone())),
        _ => Err(SqlError::unsupported(format!(
            "'{raw}' is not a database role name."
        ))),
    }
}

pub(crate) fn current_database(session: &SqlSession, action: &str) -> Result<Ident, SqlError> {
    session
        .database
        .clone()
        .ok_or_else(|| SqlError::no_current_database(action))
}

/// The database a `[db.]INFORMATION_SCHEMA` read names, or the session's.
pub(crate) fn named_or_current_database(
    named: Option<&Ident>,
    session: &SqlSession,
) -> Result<Ident, SqlError> {
    named.map_or_else(|| current_database(session, "SELECT"), |d| Ok(d.clone()))
}

pub(crate) fn schema_name(
    raw: &RawName,
    session: &SqlSession,
    action: &str,
) -> Result<SchemaName, SqlError> {
    match raw.parts.as_slice() {
        [schema] => Ok(SchemaName::new(
            current_database(session, action)?,
            schema.clone(),
        )),
        [database, schema] => Ok(SchemaName::new(database.clone(), schema.clone())),
        _ => Err(SqlError::unsupported(format!(
            "'{raw}' is not a schema name."
        ))),
    }
}

pub(crate) fn current_schema(session: &SqlSession, action: &str) -> Result<SchemaName, SqlError> {
    let database = current_database(session, action)?;
    let schema = session
        .schema
        .clone()
        .ok_or_else(|| SqlError::no_current_schema(action))?;
    Ok(SchemaName::new(database, schema))
}

pub(crate) fn object_name(
    raw: &RawName,
    session: &SqlSession,
    action: &str,
) -> Result<ObjectName, SqlError> {
    match raw.parts.as_slice() {
        [database, schema, name] => Ok(ObjectName {
            database: database.clone(),
            schema: schema.clone(),
            name: name.clone(),
        }),
        [schema, name] => Ok(ObjectName {
            database: current_database(session, action)?,
            schema: schema.clone(),
            name: name.clone(),
        }),
        [name] => Ok(ObjectName::new(
            &current_schema(session, action)?,
            name.clone(),
        )),
        _ => Err(SqlError::unsupported(format!(
            "'{raw}' is not an object name."
        ))),
    }
}

/// The name of an object outside schemas: one part for an account-level kind (as a
/// database name), `[database.]name` for a database-level one (the current database when
/// the database is left out, as `CREATE DATABASE ROLE` documents:
/// https://docs.snowflake.com/en/sql-reference/sql/create-database-role).
pub(crate) fn outer_name<T: OuterObject>(
    raw: &RawName,
    session: &SqlSession,
    action: &str,
) -> Result<OuterName, SqlError> {
    if !T::IN_DATABASE {
        return Ok(OuterName {
            database: None,
            name: database_name(raw)?,
        });
    }
    match raw.parts.as_slice() {
        [database, name] => Ok(OuterName {
            database: Some(database.clone()),
            name: name.clone(),
        }),
        [name] => Ok(OuterName {
            database: Some(current_database(session, action)?),
            name: name.clone(),
        }),
        _ => Err(SqlError::unsupported(format!(
            "'{raw}' is not a {} name.",
            T::KIND.sql()
        ))),
    }
}

/// Names a query reads, resolved like the statement's own names.
pub(crate) fn object_names(
    raw: &[RawName],
    session: &SqlSession,
    action: &str,
) -> Result<Vec<ObjectName>, SqlError> {
    raw.iter()
        .map(|r| object_name(r, session, action))
        .collect()
}

/// `USE …`: the target must exist; `USE DATABASE` also makes PUBLIC current, as
/// Snowflake does when the database has one.
pub(crate) fn use_context(
    catalog: &Catalog,
    target: Use,
    session: &mut SqlSession,
) -> Result<QueryResult, SqlError> {
    match target {
        Use::Database(raw) => {
            let name = database_name(&raw)?;
            let database = catalog.database(&name)?;
            let public = Ident::from_stored(PUBLIC);
            session.schema = database.schemas.contains_key(&public).then_some(public);
            session.database = Some(name);
        }
        Use::Schema(raw) => {
            let name = schema_name(&raw, session, "USE SCHEMA")?;
            catalog.schema(&name)?;
            session.database = Some(name.database);
            session.schema = Some(name.schema);
        }
        // The role must exist (https://docs.snowflake.com/en/sql-reference/sql/use-role).
        // Whether it is granted to the session's user is not checked, though the sandbox
        // now keeps grants of roles to users: every rehearsal names its role without
        // granting it to a user first, and would all fail (see `engine/privileges.rs`).
        Use::Role(role) => {
            if !catalog.role_exists(&role) {
                return Err(SqlError::does_not_exist("Role", role.as_str()));
            }
            session.role = Some(role.as_str().to_string());
        }
        Use::SecondaryRoles(roles) => {
            session.secondary_roles = match roles {
                None => SecondaryRoles::All,
                Some(roles) if roles.is_empty() => SecondaryRoles::None,
                Some(roles) => {
                    if let Some(missing) = roles.iter().find(|r| !catalog.role_exists(r)) {
                        return Err(SqlError::does_not_exist("Role", missing.as_str()));
                    }
                    SecondaryRoles::Named(roles)
                }
            };
        }
        Use::Warehouse(name) => {
            if !catalog.account.warehouses.contains_key(&name) {
                return Err(SqlError::does_not_exist("Warehouse", &name.to_sql()));
            }
            session.warehouse = Some(name.as_str().to_string());
        }
    }
    Ok(QueryResult::status("Statement executed successfully."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> RawName {
        let mut p = crate::sandbox::statement::Parser::new(text).unwrap();
        p.name().unwrap()
    }

    #[test]
    fn missing_context_is_090105_or_090106() {
        let session = SqlSession::default();
        assert_eq!(
            object_name(&raw("t"), &session, "CREATE TABLE")
                .unwrap_err()
                .code,
            "090105"
        );
        let session = SqlSession {
            database: Some(Ident::from_stored("D")),
            ..SqlSession::default()
        };
        let e = object_name(&raw("t"), &session, "CREATE TABLE").unwrap_err();
        assert_eq!(e.code, "090106");
        assert!(e.message.starts_with("Cannot perform CREATE TABLE."));
        assert_eq!(
            object_name(&raw("s.t"), &session, "X").unwrap().to_string(),
            "D.S.T"
        );
    }
}
