//! `USE [DATABASE | SCHEMA | ROLE | WAREHOUSE] name`, and `USE SECONDARY ROLES { ALL | NONE
//! | <role_name> [ , <role_name> ... ] }`
//! (https://docs.snowflake.com/en/sql-reference/sql/use-secondary-roles).

use super::ast::Use;
use super::parser::Parser;
use crate::sandbox::error::SqlError;

pub(crate) fn use_context(p: &mut Parser) -> Result<Use, SqlError> {
    if p.eat_kw("DATABASE") {
        return Ok(Use::Database(p.name()?));
    }
    if p.eat_kw("SCHEMA") {
        return Ok(Use::Schema(p.name()?));
    }
    if p.eat_kws(&["SECONDARY", "ROLES"]) {
        if p.eat_kw("ALL") {
            return Ok(Use::SecondaryRoles(None));
        }
        if p.eat_kw("NONE") {
            return Ok(Use::SecondaryRoles(Some(Vec::new())));
        }
        let mut roles = vec![p.ident()?];
        while p.eat_sym(",") {
            roles.push(p.ident()?);
        }
        return Ok(Use::SecondaryRoles(Some(roles)));
    }
    if p.eat_kw("ROLE") {
        return Ok(Use::Role(p.ident()?));
    }
    if p.eat_kw("WAREHOUSE") {
        return Ok(Use::Warehouse(p.ident()?));
    }
    // A bare `USE x` names a database; `USE x.y` a schema.
    let name = p.name()?;
    Ok(match name.parts.len() {
        1 => Use::Database(name),
        _ => Use::Schema(name),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::identifier::Ident;

    #[test]
    fn bare_names_pick_database_or_schema() {
        let mut p = Parser::new("d.s").unwrap();
        assert!(matches!(use_context(&mut p).unwrap(), Use::Schema(_)));
        let mut p = Parser::new("role sysadmin").unwrap();
        assert!(matches!(use_context(&mut p).unwrap(), Use::Role(r) if r.as_str() == "SYSADMIN"));
        let mut p = Parser::new("secondary roles all").unwrap();
        assert_eq!(use_context(&mut p).unwrap(), Use::SecondaryRoles(None));
        let mut p = Parser::new("secondary roles none").unwrap();
        assert_eq!(
            use_context(&mut p).unwrap(),
            Use::SecondaryRoles(Some(vec![]))
        );
        let mut p = Parser::new("secondary roles loader, \"Mixed\"").unwrap();
        let Use::SecondaryRoles(Some(roles)) = use_context(&mut p).unwrap() else {
            panic!("a role list");
        };
        assert_eq!(
            roles.iter().map(Ident::as_str).collect::<Vec<_>>(),
            ["LOADER", "Mixed"]
        );
    }
}
