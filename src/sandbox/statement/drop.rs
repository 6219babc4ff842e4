//! `DROP <kind> [IF EXISTS] name [(types)] [CASCADE | RESTRICT]`.

use super::ast::Drop;
use super::object_kind;
use super::parser::Parser;
use crate::sandbox::error::SqlError;

pub(crate) fn drop(p: &mut Parser) -> Result<Drop, SqlError> {
    let kind = object_kind(p)?;
    let if_exists = p.eat_kws(&["IF", "EXISTS"]);
    let name = p.name()?;
    let arg_types = super::signature(p, kind)?;
    if !p.eat_kw("CASCADE") {
        p.eat_kw("RESTRICT");
    }
    Ok(Drop {
        kind,
        if_exists,
        name,
        arg_types,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn procedures_are_dropped_by_signature() {
        let mut p = Parser::new("procedure if exists s.p(number, string)").unwrap();
        let d = drop(&mut p).unwrap();
        assert!(d.if_exists);
        let types: Vec<String> = d.arg_types.unwrap().iter().map(|t| t.to_string()).collect();
        assert_eq!(types, ["NUMBER(38,0)", "VARCHAR(16777216)"]);
        let mut p = Parser::new("procedure p").unwrap();
        assert!(drop(&mut p).is_err());
    }
}
