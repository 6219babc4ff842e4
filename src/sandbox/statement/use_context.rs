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
        return Ok(Use::Role(one_part(p)?));
    }
    if p.eat_kw("WAREHOUSE") {
        return Ok(Use::Warehouse(one_part(p)?));
    }
    // A bare `USE x` names a database; `USE x.y` a schema.
    let name = p.name()?;
    Ok(match name.parts.len() {
        1 => Use::Database(name),
        _ => Use::Schema(name),
    })
}

/// A role's or a warehouse's name: one identifier, or `IDENTIFIER('<name>')`
/// (https://docs.snowflake.com/en/sql-reference/identifier-literal: "USE WAREHOUSE
/// IDENTIFIER($my_warehouse)"; a `$variable` has become its value by then).
fn one_part(p: &mut Parser) -> Result<crate::model::identifier::Ident, SqlError> {
    let at = p.mark();
    let name = p.name()?;
    match name.parts.as_slice() {
        [one] => Ok(one.clone()),
        _ => {
            p.reset(at);
            Err(p.error())
        }
    }
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
        let mut p = Parser::new("warehouse identifier('\"My_Wh\"')").unwrap();
        assert!(matches!(use_context(&mut p).unwrap(), Use::Warehouse(w) if w.as_str() == "My_Wh"));
        let mut p = Parser::new("warehouse a.b").unwrap();
        assert_eq!(use_context(&mut p).unwrap_err().code, "001003");
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
