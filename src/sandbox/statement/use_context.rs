//! `USE [DATABASE | SCHEMA | ROLE | WAREHOUSE] name`.

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

    #[test]
    fn bare_names_pick_database_or_schema() {
        let mut p = Parser::new("d.s").unwrap();
        assert!(matches!(use_context(&mut p).unwrap(), Use::Schema(_)));
        let mut p = Parser::new("role sysadmin").unwrap();
        assert!(matches!(use_context(&mut p).unwrap(), Use::Role(r) if r.as_str() == "SYSADMIN"));
    }
}
