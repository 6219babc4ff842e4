//! What masking policies and row access policies share in the sandbox: the grammar of
//! their signature (`AS ( <arg> <type> , … )`) and body (`-> <expression>`), the ALTER
//! actions both take (`SET BODY`, `SET COMMENT`, `UNSET COMMENT`), the type rule their
//! arguments follow, their DESCRIBE row, and the columns of POLICY_REFERENCES
//! (https://docs.snowflake.com/en/sql-reference/sql/alter-masking-policy,
//! https://docs.snowflake.com/en/sql-reference/sql/alter-row-access-policy: the same
//! actions, and neither alters the signature).
//!
//! Each kind keeps its own rules (a masking policy's return type and
//! `EXEMPT_OTHER_POLICIES`, where each one is attached) in its own module.

use super::Meta;
use super::rows::{Entry, columns, comment, stamp, text};
use crate::model::data_type::DataType;
use crate::model::identifier::Ident;
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::Parser;

/// An ALTER MASKING | ROW ACCESS POLICY action other than RENAME TO and the tag clauses:
/// `SET BODY -> <expression>`, `SET COMMENT = '…'`, `UNSET COMMENT`. Nothing alters the
/// signature.
#[derive(Debug, PartialEq)]
pub(crate) enum PolicyAlter {
    SetBody(String),
    SetComment(String),
    UnsetComment,
}

impl PolicyAlter {
    /// Reads the action after `ALTER … POLICY <name>`.
    pub(crate) fn parse(p: &mut Parser<'_>) -> Result<PolicyAlter, SqlError> {
        if p.eat_kws(&["UNSET", "COMMENT"]) {
            return Ok(PolicyAlter::UnsetComment);
        }
        p.expect_kw("SET")?;
        if p.eat_kw("BODY") {
            return Ok(PolicyAlter::SetBody(expression(p)?));
        }
        p.expect_kw("COMMENT")?;
        p.eat_equals();
        Ok(PolicyAlter::SetComment(p.string()?))
    }

    /// Applies the action to a policy's body and metadata.
    pub(crate) fn apply(self, body: &mut String, meta: &mut Meta) {
        match self {
            PolicyAlter::SetBody(new) => *body = new,
            PolicyAlter::SetComment(c) => meta.comment = Some(c),
            PolicyAlter::UnsetComment => meta.comment = None,
        }
    }
}

/// The expression after `->`: every token up to the end of the statement or, outside
/// parentheses, a `COMMENT =` / `EXEMPT_OTHER_POLICIES =` clause.
pub(crate) fn expression(p: &mut Parser<'_>) -> Result<String, SqlError> {
    p.expect_sym("->")?;
    let start = p.mark();
    let mut depth = 0usize;
    while let Some(token) = p.peek() {
        let clause = (token.is_keyword("COMMENT") || token.is_keyword("EXEMPT_OTHER_POLICIES"))
            && p.peek_at(1).is_some_and(|t| t.is_symbol("="));
        if depth == 0 && clause {
            break;
        }
        if token.is_symbol("(") {
            depth += 1;
        } else if token.is_symbol(")") {
            depth = depth.checked_sub(1).ok_or_else(|| p.error())?;
        }
        p.advance();
    }
    let text = p.text_between(start, p.mark()).trim().to_string();
    if text.is_empty() {
        return Err(p.error());
    }
    Ok(text)
}

/// `AS ( <arg> <type> [ , … ] )`: a policy's signature.
pub(crate) fn signature(p: &mut Parser<'_>) -> Result<Vec<(Ident, DataType)>, SqlError> {
    p.expect_kw("AS")?;
    p.expect_sym("(")?;
    let mut signature = Vec::new();
    loop {
        let name = p.ident()?;
        signature.push((name, p.data_type()?));
        if !p.eat_sym(",") {
            break;
        }
    }
    p.expect_sym(")")?;
    Ok(signature)
}

/// The policy's first argument type, which its return type must equal: types are
/// matched without their length or precision ([`DataType::generic`]).
pub(crate) fn same_type(a: DataType, b: DataType) -> bool {
    a.generic() == b.generic()
}

/// The columns of `INFORMATION_SCHEMA.POLICY_REFERENCES`
/// (https://docs.snowflake.com/en/sql-reference/functions/policy_references).
pub(crate) const REFERENCE_COLUMNS: [(&str, &str); 14] = [
    ("POLICY_DB", "text"),
    ("POLICY_SCHEMA", "text"),
    ("POLICY_NAME", "text"),
    ("POLICY_KIND", "text"),
    ("REF_DATABASE_NAME", "text"),
    ("REF_SCHEMA_NAME", "text"),
    ("REF_ENTITY_NAME", "text"),
    ("REF_ENTITY_DOMAIN", "text"),
    ("REF_COLUMN_NAME", "text"),
    ("REF_ARG_COLUMN_NAMES", "text"),
    ("TAG_DATABASE", "text"),
    ("TAG_SCHEMA", "text"),
    ("TAG_NAME", "text"),
    ("POLICY_STATUS", "text"),
];

/// The columns of SHOW MASKING POLICIES and SHOW ROW ACCESS POLICIES
/// (https://docs.snowflake.com/en/sql-reference/sql/show-masking-policies,
/// https://docs.snowflake.com/en/sql-reference/sql/show-row-access-policies).
pub(crate) const SHOW_COLUMNS: [(&str, &str); 9] = [
    ("created_on", "timestamp_ltz"),
    ("name", "text"),
    ("database_name", "text"),
    ("schema_name", "text"),
    ("kind", "text"),
    ("owner", "text"),
    ("comment", "text"),
    ("options", "text"),
    ("owner_role_type", "text"),
];

/// A policy's SHOW row: `kind` is `MASKING_POLICY` or `ROW_ACCESS_POLICY`, `options` the
/// kind's options as JSON text (empty when none).
pub(crate) fn show_row<T>(
    entry: &Entry<'_, T>,
    meta: &Meta,
    kind: &str,
    options: &str,
) -> Vec<Option<String>> {
    vec![
        stamp(meta.created_on),
        text(entry.name.as_str()),
        text(entry.database.as_str()),
        text(entry.schema.as_str()),
        text(kind),
        text(meta.owner.clone()),
        comment(&meta.comment),
        text(options),
        text("ROLE"),
    ]
}

/// A policy's DESCRIBE row: `name`, `signature`, `return_type`, `body`.
pub(crate) fn describe_policy(
    name: &Ident,
    signature: &[(Ident, DataType)],
    returns: DataType,
    body: &str,
) -> QueryResult {
    let arguments: Vec<String> = signature
        .iter()
        .map(|(n, t)| format!("{} {}", n.to_sql(), type_keyword(*t)))
        .collect();
    QueryResult {
        columns: columns(&[
            ("name", "text"),
            ("signature", "text"),
            ("return_type", "text"),
            ("body", "text"),
        ]),
        rows: vec![vec![
            text(name.as_str()),
            text(format!("({})", arguments.join(", "))),
            text(returns.to_string()),
            text(body.to_string()),
        ]],
    }
}

/// A type as a signature shows it: its name without length, precision or scale.
fn type_keyword(t: DataType) -> String {
    let full = t.to_string();
    match full.split_once('(') {
        Some((keyword, _)) => keyword.to_string(),
        None => full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::statement::parser::read_all;

    #[test]
    fn signatures_show_types_without_length() {
        assert_eq!(type_keyword(DataType::parse("STRING").unwrap()), "VARCHAR");
        assert_eq!(type_keyword(DataType::parse("DATE").unwrap()), "DATE");
    }

    #[test]
    fn both_kinds_alter_the_body_and_comment_only() {
        let mut body = "X".to_string();
        let mut meta = Meta {
            id: 1,
            created_on: Default::default(),
            owner: "SYSADMIN".into(),
            comment: None,
            temporary: false,
        };
        read_all("SET BODY -> '***'", PolicyAlter::parse)
            .unwrap()
            .apply(&mut body, &mut meta);
        assert_eq!(body, "'***'");
        read_all("SET COMMENT = 'c'", PolicyAlter::parse)
            .unwrap()
            .apply(&mut body, &mut meta);
        assert_eq!(meta.comment.as_deref(), Some("c"));
        read_all("UNSET COMMENT", PolicyAlter::parse)
            .unwrap()
            .apply(&mut body, &mut meta);
        assert_eq!(meta.comment, None);
        assert!(read_all("SET SIGNATURE = (v NUMBER)", PolicyAlter::parse).is_err());
    }
}
