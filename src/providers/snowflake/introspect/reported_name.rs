//! Qualified names as Snowflake prints them *inside* a cell: a stream's `table_name`, a
//! task's `predecessors`, a stage's `FORMAT_NAME`.
//!
//! Parts are separated by dots; a `"quoted"` part is unescaped and a bare part is taken
//! exactly as printed — Snowflake prints the stored form, so a bare part is not folded
//! (unlike a name a user writes, see `Ident::parse`). Plain upper-case names read the same
//! either way.

use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::sql::{TokenKind, tokenize};

/// The parts of a printed name, or `None` when the text is not dot-separated parts.
pub(crate) fn parts(text: &str) -> Option<Vec<Ident>> {
    let tokens = tokenize(text.trim()).ok()?;
    let mut parts = Vec::new();
    let mut expect_part = true;
    for token in tokens.iter().filter(|t| !t.is_trivia()) {
        match (expect_part, token.kind) {
            (true, TokenKind::Word | TokenKind::QuotedIdent) => {
                parts.push(Ident::from_stored(token.value.clone()))
            }
            (false, TokenKind::Symbol) if token.value == "." => {}
            _ => return None,
        }
        expect_part = !expect_part;
    }
    (!expect_part).then_some(parts)
}

/// A fully qualified name; a shorter one is completed from `context` (the schema of the
/// object whose cell it is), as Snowflake resolves it.
pub(crate) fn object_name(text: &str, context: &SchemaName) -> Option<ObjectName> {
    let mut parts = parts(text)?;
    let name = parts.pop()?;
    let schema = parts.pop().unwrap_or_else(|| context.schema.clone());
    let database = parts.pop().unwrap_or_else(|| context.database.clone());
    parts.is_empty().then_some(ObjectName {
        database,
        schema,
        name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_and_bare_parts() {
        let here = SchemaName::parse("PR.BRONZE").unwrap();
        let n = object_name(r#""PR"."BRONZE"."a""b""#, &here).unwrap();
        assert_eq!(n.name.as_str(), "a\"b");
        let n = object_name("PR.BRONZE.RAW_CUSTOMER", &here).unwrap();
        assert_eq!(n, ObjectName::parse("PR.BRONZE.RAW_CUSTOMER").unwrap());
        let n = object_name("lower_case", &here).unwrap();
        assert_eq!(n.to_string(), "PR.BRONZE.\"lower_case\"");
        assert!(object_name("a.b.c.d", &here).is_none());
        assert!(object_name("a..b", &here).is_none());
        assert!(object_name("x;DROP", &here).is_none());
    }
}
