//! `COMMENT [IF EXISTS] ON <kind> name IS '…'` and `COMMENT ON COLUMN t.c IS '…'`: the
//! same change as `ALTER … SET COMMENT`, so they become that ALTER.

use super::ast::{Alter, AlterAction, ObjectNoun};
use super::object_kind;
use super::parser::{Parser, RawName};
use super::properties::{Property, Value};
use crate::sandbox::error::SqlError;

pub(crate) fn comment_on(p: &mut Parser) -> Result<Alter, SqlError> {
    let if_exists = p.eat_kws(&["IF", "EXISTS"]);
    p.expect_kw("ON")?;
    if p.eat_kw("COLUMN") {
        let mut parts = p.name()?.parts;
        if p.eat_sym(".") {
            parts.push(p.ident()?);
        }
        if parts.len() < 2 {
            return Err(p.error());
        }
        let column = parts.remove(parts.len() - 1);
        p.expect_kw("IS")?;
        let text = p.string()?;
        return Ok(Alter {
            kind: ObjectNoun::Table,
            if_exists,
            name: RawName { parts },
            arg_types: None,
            action: AlterAction::CommentOnColumn(column, text),
            also: Vec::new(),
        });
    }
    let kind = object_kind(p)?;
    let name = p.name()?;
    let arg_types = super::signature(p, kind)?;
    p.expect_kw("IS")?;
    let at = p.mark();
    let text = p.string()?;
    Ok(Alter {
        kind,
        if_exists,
        name,
        arg_types,
        action: AlterAction::Set(vec![Property {
            key: "COMMENT".to_string(),
            value: Value::Str(text),
            at,
        }]),
        also: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_and_columns() {
        let mut p = Parser::new("on table d.s.t is 'facts'").unwrap();
        let a = comment_on(&mut p).unwrap();
        assert_eq!(a.kind, ObjectNoun::Table);
        assert!(matches!(a.action, AlterAction::Set(ref props) if props[0].key == "COMMENT"));
        let mut p = Parser::new("if exists on column d.s.t.c is 'col'").unwrap();
        let a = comment_on(&mut p).unwrap();
        assert!(a.if_exists);
        assert_eq!(a.name.to_string(), "D.S.T");
        assert!(matches!(a.action, AlterAction::CommentOnColumn(ref c, _) if c.as_str() == "C"));
    }
}
