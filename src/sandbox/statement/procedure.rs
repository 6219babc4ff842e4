//! `CREATE PROCEDURE name(args) RETURNS type LANGUAGE … [EXECUTE AS …] AS '…' | $$…$$`.
//! The body is kept as text; a `MERGE` (or anything else) inside it is not parsed.

use super::ast::ProcedureDefinition;
use super::parser::Parser;
use super::properties::{at_property, property};
use crate::sandbox::error::SqlError;
use crate::sql::TokenKind;

pub(crate) fn procedure_definition(p: &mut Parser) -> Result<ProcedureDefinition, SqlError> {
    p.expect_sym("(")?;
    let mut arguments = Vec::new();
    let mut defaults = Vec::new();
    while !p.is_sym(")") {
        let name = p.ident()?;
        let data_type = p.data_type()?;
        let default = if p.eat_kw("DEFAULT") {
            let start = p.mark();
            let mut depth = 0usize;
            while !((depth == 0 && (p.is_sym(",") || p.is_sym(")"))) || p.at_end()) {
                if p.is_sym("(") {
                    depth += 1;
                } else if p.is_sym(")") {
                    depth = depth.saturating_sub(1);
                }
                p.advance();
            }
            if p.mark() == start {
                return Err(p.error());
            }
            Some(p.text_between(start, p.mark()).trim().to_string())
        } else {
            None
        };
        arguments.push((name, data_type));
        defaults.push(default);
        if !p.eat_sym(",") && !p.is_sym(")") {
            return Err(p.error());
        }
    }
    p.expect_sym(")")?;
    p.eat_kws(&["COPY", "GRANTS"]);
    p.expect_kw("RETURNS")?;
    let returns = if p.is_kw("TABLE") {
        let start = p.mark();
        p.advance();
        p.skip_parens()?;
        p.text_between(start, p.mark()).to_uppercase()
    } else {
        p.data_type()?.to_string()
    };
    p.eat_kws(&["NOT", "NULL"]);
    let mut definition = ProcedureDefinition {
        arguments,
        defaults,
        returns,
        language: "SQL".to_string(),
        execute_as: "OWNER".to_string(),
        comment: None,
        body: String::new(),
    };
    loop {
        if p.eat_kw("LANGUAGE") {
            definition.language = p.ident()?.as_str().to_string();
        } else if p.eat_kws(&["EXECUTE", "AS"]) {
            definition.execute_as = if p.eat_kws(&["RESTRICTED", "CALLER"]) {
                "RESTRICTED CALLER".to_string()
            } else if p.eat_kw("CALLER") {
                "CALLER".to_string()
            } else {
                p.expect_kw("OWNER")?;
                "OWNER".to_string()
            };
        } else if p.eat_kws(&["CALLED", "ON", "NULL", "INPUT"])
            || p.eat_kws(&["RETURNS", "NULL", "ON", "NULL", "INPUT"])
            || p.eat_kw("STRICT")
            || p.eat_kw("VOLATILE")
            || p.eat_kw("IMMUTABLE")
        {
        } else if p.is_kw("COMMENT") && p.peek_at(1).is_some_and(|t| t.is_symbol("=")) {
            let prop = property(p)?;
            definition.comment = prop.value.text();
        } else if at_property(p) {
            // RUNTIME_VERSION, HANDLER, PACKAGES …: accepted, not modelled.
            property(p)?;
        } else if p.eat_kw("AS") {
            match p.peek() {
                Some(t) if t.kind == TokenKind::String => {
                    definition.body = p.string()?;
                    return Ok(definition);
                }
                _ => return Err(p.error()),
            }
        } else {
            return Err(p.error());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_signature_and_keeps_body() {
        let sql = "(since timestamp_ntz, n int) returns string not null language sql \
                   comment = 'merge' execute as caller as $$ begin merge into t using s on t.id = s.id \
                   when matched then update set t.a = s.a; return 'ok'; end $$";
        let mut p = Parser::new(sql).unwrap();
        let d = procedure_definition(&mut p).unwrap();
        assert!(p.at_end());
        assert_eq!(d.arguments.len(), 2);
        assert_eq!(d.arguments[1].1.to_string(), "NUMBER(38,0)");
        assert_eq!(d.returns, "VARCHAR(16777216)");
        assert_eq!(d.execute_as, "CALLER");
        assert_eq!(d.comment.as_deref(), Some("merge"));
        assert!(d.body.contains("merge into t using s"));
    }

    #[test]
    fn body_must_be_a_string() {
        let mut p = Parser::new("() returns int language sql as begin return 1; end").unwrap();
        assert!(procedure_definition(&mut p).is_err());
    }
}
