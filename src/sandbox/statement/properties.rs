//! `KEY = value` property clauses, the shape most Snowflake DDL options take
//! (`WAREHOUSE_SIZE = XSMALL`, `SKIP_HEADER = 1`, `STORAGE_ALLOWED_LOCATIONS = ('…')`,
//! `FILE_FORMAT = (FORMAT_NAME = 'x')`).
//!
//! Values are kept close to how they were written; each statement grammar decides which
//! keys it accepts and how it interprets them.

use super::parser::{Parser, RawName};
use crate::sandbox::error::SqlError;
use crate::sql::TokenKind;

/// A property value as written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Str(String),
    /// A number as written (`1`, `-1`, `0.5`).
    Num(String),
    /// A bare word or dotted name: `TRUE`, `CSV`, `XSMALL`, `my_db.s.ff`.
    Name(RawName),
    /// `( v, v … )`
    List(Vec<Value>),
    /// `( KEY = v … )`
    Options(Vec<Property>),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Property {
    /// The key, upper case.
    pub(crate) key: String,
    pub(crate) value: Value,
    /// Token index of the key, for errors that point at it.
    pub(crate) at: usize,
}

impl Value {
    /// A single bare word, upper case (`TRUE`, `CSV`, `NONE`).
    pub(crate) fn word(&self) -> Option<&str> {
        match self {
            Value::Name(name) if name.parts.len() == 1 => Some(name.parts[0].as_str()),
            _ => None,
        }
    }

    /// The value as text: a string's content, a number or word as written.
    pub(crate) fn text(&self) -> Option<String> {
        match self {
            Value::Str(s) | Value::Num(s) => Some(s.clone()),
            Value::Name(name) => Some(name.to_string()),
            _ => None,
        }
    }

    pub(crate) fn boolean(&self) -> Option<bool> {
        match self.word().or(match self {
            Value::Str(s) => Some(s.as_str()),
            _ => None,
        }) {
            Some(w) if w.eq_ignore_ascii_case("TRUE") => Some(true),
            Some(w) if w.eq_ignore_ascii_case("FALSE") => Some(false),
            _ => None,
        }
    }

    pub(crate) fn integer(&self) -> Option<i64> {
        match self {
            Value::Num(n) => n.parse().ok(),
            _ => None,
        }
    }

    /// Strings of a `( '…', '…' )` list, or a single string as a one-element list.
    pub(crate) fn strings(&self) -> Option<Vec<String>> {
        match self {
            Value::Str(s) => Some(vec![s.clone()]),
            Value::List(items) => items
                .iter()
                .map(|v| match v {
                    Value::Str(s) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
            _ => None,
        }
    }
}

/// True when the next tokens are `WORD =` (or `WORD` followed by a value for the few keys
/// Snowflake lets go without `=`, which callers handle themselves).
pub(crate) fn at_property(p: &Parser) -> bool {
    p.peek().is_some_and(|t| t.kind == TokenKind::Word)
        && p.peek_at(1).is_some_and(|t| t.is_symbol("="))
}

/// Reads `KEY = value`.
pub(crate) fn property(p: &mut Parser) -> Result<Property, SqlError> {
    let at = p.mark();
    let key = match p.advance() {
        Some(t) if t.kind == TokenKind::Word => t.value.to_uppercase(),
        _ => {
            p.reset(at);
            return Err(p.error());
        }
    };
    p.expect_sym("=")?;
    let value = value(p)?;
    Ok(Property { key, value, at })
}

/// Reads `KEY = value` repeatedly while the next tokens look like one.
pub(crate) fn properties(p: &mut Parser) -> Result<Vec<Property>, SqlError> {
    let mut out = Vec::new();
    while at_property(p) {
        out.push(property(p)?);
        // `TYPE = CSV, COMPRESSION = AUTO`: a comma between two properties is taken as
        // ALTER … SET takes it (`alter::set_or_unset`). The docs' syntax lists properties
        // space-separated and is silent on commas; statements written with them are
        // common (sqlfluff's and sqlglot's Snowflake fixtures carry CREATE FILE FORMAT
        // and CREATE SEQUENCE forms with commas). Only a comma a property follows is
        // read, so one that ends a list is left to what contains it.
        if p.is_sym(",")
            && p.peek_at(1).is_some_and(|t| t.kind == TokenKind::Word)
            && p.peek_at(2).is_some_and(|t| t.is_symbol("="))
        {
            p.advance();
        }
    }
    Ok(out)
}

pub(crate) fn value(p: &mut Parser) -> Result<Value, SqlError> {
    let token = p.peek().cloned().ok_or_else(|| p.error())?;
    match token.kind {
        TokenKind::String => Ok(Value::Str(p.string()?)),
        TokenKind::Number => {
            p.advance();
            Ok(Value::Num(token.value))
        }
        TokenKind::Symbol if token.value == "-" => {
            p.advance();
            match p.advance() {
                Some(n) if n.kind == TokenKind::Number => Ok(Value::Num(format!("-{}", n.value))),
                _ => Err(p.error()),
            }
        }
        TokenKind::Symbol if token.value == "(" => {
            p.advance();
            if at_property(p) {
                let mut options = Vec::new();
                while !p.is_sym(")") {
                    options.push(property(p)?);
                    p.eat_sym(",");
                }
                p.expect_sym(")")?;
                return Ok(Value::Options(options));
            }
            let mut items = Vec::new();
            while !p.is_sym(")") {
                items.push(value(p)?);
                if !p.eat_sym(",") && !p.is_sym(")") {
                    return Err(p.error());
                }
            }
            p.expect_sym(")")?;
            Ok(Value::List(items))
        }
        // A keyword value (`AUTO_SUSPEND = NULL`) is a word, not a name: reserved words
        // are refused only as names.
        TokenKind::Word if super::parser::is_reserved(&token.value) => {
            p.advance();
            Ok(Value::Name(RawName::single(
                crate::model::identifier::Ident::from_stored(token.value.to_uppercase()),
            )))
        }
        TokenKind::Word | TokenKind::QuotedIdent => Ok(Value::Name(p.name()?)),
        _ => Err(p.error()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_scalars_lists_and_nested_options() {
        let mut p = Parser::new(
            "skip_header = 1 null_if = ('\\\\N', '') enabled = true file_format = (format_name = 'CSV_FF') auto_suspend = -1",
        )
        .unwrap();
        let props = properties(&mut p).unwrap();
        assert!(p.at_end());
        let keys: Vec<&str> = props.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "SKIP_HEADER",
                "NULL_IF",
                "ENABLED",
                "FILE_FORMAT",
                "AUTO_SUSPEND"
            ]
        );
        assert_eq!(props[0].value.integer(), Some(1));
        assert_eq!(props[1].value.strings().unwrap(), ["\\N", ""]);
        assert_eq!(props[2].value.boolean(), Some(true));
        assert!(matches!(&props[3].value, Value::Options(o) if o[0].key == "FORMAT_NAME"));
        assert_eq!(props[4].value.integer(), Some(-1));
    }
}
