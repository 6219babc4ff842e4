//! The governance clauses CREATE takes inline, read once for every kind that takes them:
//! `[ WITH ] TAG ( t = 'v' [ , … ] )` on a table, view, materialized view, schema,
//! database, stream, task or dynamic table and on a column definition, `[ WITH ] ROW ACCESS POLICY p ON ( c [ , … ] )`
//! on a table or view, and `[ WITH ] MASKING POLICY p [ USING ( c , cond … ) ]` on a
//! column definition. Syntax: https://docs.snowflake.com/en/sql-reference/sql/create-table,
//! https://docs.snowflake.com/en/sql-reference/sql/create-view,
//! https://docs.snowflake.com/en/sql-reference/sql/create-materialized-view,
//! https://docs.snowflake.com/en/sql-reference/sql/create-schema and
//! https://docs.snowflake.com/en/sql-reference/sql/create-database. Their effect is ALTER's
//! `SET TAG`, `ADD ROW ACCESS POLICY` and `MODIFY COLUMN … SET MASKING POLICY` in the same
//! statement; the engine applies them (`engine/ddl/inline.rs`).

use super::alter::tag_assignments;
use super::{Parser, RawName};
use crate::model::identifier::Ident;
use crate::sandbox::error::SqlError;

/// A tag assignment as written: the tag's name and the value.
pub(crate) type TagValue = (RawName, String);

/// The inline clauses of one object's CREATE (not its columns').
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Inline {
    pub(crate) tags: Vec<TagValue>,
    /// `ROW ACCESS POLICY p ON ( c … )`.
    pub(crate) row_access: Option<(RawName, Vec<Ident>)>,
}

impl Inline {
    /// Reads one object-level clause at the cursor: `true` when one was read. A second
    /// row access policy is refused: an object takes one
    /// (https://docs.snowflake.com/en/sql-reference/sql/create-table, "ROW ACCESS POLICY").
    pub(crate) fn clause(&mut self, p: &mut Parser, row_access: bool) -> Result<bool, SqlError> {
        if let Some(tags) = tag_clause(p)? {
            self.tags.extend(tags);
            return Ok(true);
        }
        if row_access && let Some(policy) = row_access_clause(p)? {
            if self.row_access.is_some() {
                return Err(SqlError::row_access_policy_already_set());
            }
            self.row_access = Some(policy);
            return Ok(true);
        }
        Ok(false)
    }
}

/// The inline clauses of one column definition.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ColumnInline {
    pub(crate) tags: Vec<TagValue>,
    /// `MASKING POLICY p [ USING ( c , cond … ) ]`: the policy and the USING columns
    /// (empty without USING).
    pub(crate) masking: Option<(RawName, Vec<Ident>)>,
}

impl ColumnInline {
    /// Reads one column-level clause at the cursor: `true` when one was read.
    pub(crate) fn clause(&mut self, p: &mut Parser) -> Result<bool, SqlError> {
        if let Some(tags) = tag_clause(p)? {
            self.tags.extend(tags);
            return Ok(true);
        }
        if let Some(policy) = masking_clause(p)? {
            // One masking policy per column; the grammar has one MASKING POLICY clause.
            if self.masking.is_some() {
                return Err(SqlError::masking_policy_already_set());
            }
            self.masking = Some(policy);
            return Ok(true);
        }
        Ok(false)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.tags.is_empty() && self.masking.is_none()
    }
}

/// Everything one CREATE wrote inline: the object's clauses and its columns'.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Governance {
    pub(crate) object: Inline,
    /// The columns with clauses of their own, in the order written.
    pub(crate) columns: Vec<(Ident, ColumnInline)>,
}

impl Governance {
    /// Object-level tags only: what CREATE STREAM, TASK and DYNAMIC TABLE write inline.
    pub(crate) fn of_tags(tags: &[TagValue]) -> Governance {
        Governance {
            object: Inline {
                tags: tags.to_vec(),
                row_access: None,
            },
            columns: Vec::new(),
        }
    }
}

/// Eats `WITH` when the words after it are `rest` (so `WITH MANAGED ACCESS` or a query's
/// `WITH` stays for its own reader), then `rest`; `false`, nothing consumed, otherwise.
fn eat_with(p: &mut Parser, rest: &[&str]) -> bool {
    let at = p.mark();
    p.eat_kw("WITH");
    if p.eat_kws(rest) {
        return true;
    }
    p.reset(at);
    false
}

/// `[ WITH ] TAG ( t = 'v' [ , … ] )`.
pub(crate) fn tag_clause(p: &mut Parser) -> Result<Option<Vec<TagValue>>, SqlError> {
    // `TAG` must be followed by `(`: a column named TAG in a list is not this clause.
    let at = p.mark();
    if !eat_with(p, &["TAG"]) {
        return Ok(None);
    }
    if !p.eat_sym("(") {
        p.reset(at);
        return Ok(None);
    }
    let tags = tag_assignments(p)?;
    p.expect_sym(")")?;
    Ok(Some(tags))
}

/// `[ WITH ] ROW ACCESS POLICY p ON ( c [ , … ] )`.
fn row_access_clause(p: &mut Parser) -> Result<Option<(RawName, Vec<Ident>)>, SqlError> {
    if !eat_with(p, &["ROW", "ACCESS", "POLICY"]) {
        return Ok(None);
    }
    let policy = p.name()?;
    p.expect_kw("ON")?;
    Ok(Some((policy, ident_list(p)?)))
}

/// `[ WITH ] MASKING POLICY p [ USING ( c , cond … ) ]`.
fn masking_clause(p: &mut Parser) -> Result<Option<(RawName, Vec<Ident>)>, SqlError> {
    if !eat_with(p, &["MASKING", "POLICY"]) {
        return Ok(None);
    }
    let policy = p.name()?;
    let using = if p.eat_kw("USING") {
        ident_list(p)?
    } else {
        Vec::new()
    };
    Ok(Some((policy, using)))
}

/// `( c [ , … ] )`: a list of names (columns, keys).
pub(crate) fn ident_list(p: &mut Parser) -> Result<Vec<Ident>, SqlError> {
    p.expect_sym("(")?;
    let mut names = vec![p.ident()?];
    while p.eat_sym(",") {
        names.push(p.ident()?);
    }
    p.expect_sym(")")?;
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::statement::parser::read_all;

    #[test]
    fn object_clauses_with_and_without_with() {
        let read = |sql: &str| {
            read_all(sql, |p| {
                let mut inline = Inline::default();
                while inline.clause(p, true)? {}
                Ok(inline)
            })
        };
        let inline =
            read("with tag (a.b.t = 'x', u = 'y') row access policy p on (c1, c2)").unwrap();
        assert_eq!(inline.tags.len(), 2);
        assert_eq!(inline.tags[1].1, "y");
        let (policy, on) = inline.row_access.unwrap();
        assert_eq!(policy.to_string(), "P");
        assert_eq!(on.len(), 2);
        assert!(read("tag t = 'x'").is_err());
        let e = read("row access policy p on (a) with row access policy q on (b)").unwrap_err();
        assert_eq!(e.code, SqlError::row_access_policy_already_set().code);
    }

    #[test]
    fn column_clauses_and_with_left_for_others() {
        let inline = read_all("masking policy m using (c, d) with tag (t = 'v')", |p| {
            let mut inline = ColumnInline::default();
            while inline.clause(p)? {}
            Ok(inline)
        })
        .unwrap();
        assert_eq!(inline.masking.unwrap().1.len(), 2);
        assert_eq!(inline.tags.len(), 1);
        // `WITH MANAGED ACCESS` is not an inline clause: nothing consumed.
        let mut p = Parser::new("with managed access").unwrap();
        assert!(!ColumnInline::default().clause(&mut p).unwrap());
        assert!(p.is_kw("WITH"));
    }
}
