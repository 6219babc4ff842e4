//! A view's grammar: the `CREATE VIEW` body after the name and the actions of its own
//! ALTER (https://docs.snowflake.com/en/sql-reference/sql/alter-view), read from the
//! `Tail` the parser keeps for a registered kind. RENAME TO, SET TAG / UNSET TAG and the
//! data metric clauses are read by the parser for every kind that takes them.

use crate::model::identifier::Ident;
use crate::sandbox::catalog::table::grammar::{ColumnChange, TableAlter, table_alter};
use crate::sandbox::error::SqlError;
use crate::sandbox::statement::alter::{Change, row_access, set_or_unset};
use crate::sandbox::statement::inline::{ColumnInline, Governance};
use crate::sandbox::statement::properties::{at_property, property};
use crate::sandbox::statement::references::referenced_names;
use crate::sandbox::statement::{Parser, Property, RawName, RowAccess, Value};

/// CREATE VIEW as read: also what a dynamic table's query is compiled from.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ViewDefinition {
    pub(crate) secure: bool,
    pub(crate) recursive: bool,
    pub(crate) columns: Vec<Ident>,
    pub(crate) comment: Option<String>,
    pub(crate) query: String,
    /// Where `query` starts in the statement, in bytes: a compilation error's position
    /// is counted in the statement.
    pub(crate) query_offset: usize,
    /// The whole statement as submitted: SHOW VIEWS' `text`.
    pub(crate) text: String,
    /// Names the query reads (after FROM / JOIN), CTE names excluded.
    pub(crate) references: Vec<RawName>,
    /// The tags and policies written inline, the view's and its columns'.
    pub(crate) governance: Governance,
}

/// CREATE VIEW's body after the name: `[ ( col [ COMMENT '…' ] [ [ WITH ] MASKING POLICY
/// … ] [ [ WITH ] TAG ( … ) ], … ) ] [ [ WITH ] ROW ACCESS POLICY p ON ( … ) ] [ [ WITH ]
/// TAG ( … ) ] [ COPY GRANTS ] [ COMMENT = '…' ] [ <properties> ] AS <query>`
/// (https://docs.snowflake.com/en/sql-reference/sql/create-view; the page writes the
/// columns' policies and tags after the list, the clauses of each column follow it in the
/// list as in CREATE TABLE, and the optional clauses are read in any order); SECURE and
/// RECURSIVE come from the statement's header.
pub(crate) fn view_definition(p: &mut Parser) -> Result<ViewDefinition, SqlError> {
    let secure = p.header_says("SECURE", "VIEW");
    let recursive = p.header_says("RECURSIVE", "VIEW");
    let mut columns = Vec::new();
    let mut governance = Governance::default();
    if p.eat_sym("(") {
        loop {
            let column = p.ident()?;
            let mut inline = ColumnInline::default();
            loop {
                if p.eat_kw("COMMENT") {
                    p.string()?;
                } else if !inline.clause(p)? {
                    break;
                }
            }
            if !inline.is_empty() {
                governance.columns.push((column.clone(), inline));
            }
            columns.push(column);
            if !p.eat_sym(",") {
                break;
            }
        }
        p.expect_sym(")")?;
    }
    let mut comment = None;
    loop {
        if p.eat_kws(&["COPY", "GRANTS"]) || governance.object.clause(p, true)? {
        } else if p.eat_kw("COMMENT") {
            p.eat_equals();
            comment = Some(p.string()?);
        } else if at_property(p) {
            property(p)?;
        } else {
            break;
        }
    }
    Ok(ViewDefinition {
        secure,
        recursive,
        columns,
        comment,
        governance,
        ..as_query(p)?
    })
}

/// `AS <query>`, the end of CREATE VIEW and CREATE DYNAMIC TABLE: a definition holding the
/// query, where it starts, the objects it reads and the whole statement's text (not
/// SECURE, not RECURSIVE, no column list or comment: the caller sets what it read before).
pub(crate) fn as_query(p: &mut Parser) -> Result<ViewDefinition, SqlError> {
    p.expect_kw("AS")?;
    let query_start = p.mark();
    if !(p.is_kw("SELECT") || p.is_kw("WITH") || p.is_sym("(")) {
        return Err(p.error());
    }
    let references = referenced_names(&p.tokens()[query_start..]);
    let query_offset = p.tokens().get(query_start).map_or(0, |t| t.start);
    let query = p.rest().to_string();
    let text = p
        .source()
        .trim()
        .trim_end_matches(';')
        .trim_end()
        .to_string();
    Ok(ViewDefinition {
        secure: false,
        recursive: false,
        columns: Vec::new(),
        comment: None,
        query,
        query_offset,
        text,
        references,
        governance: Governance::default(),
    })
}

/// An action of ALTER VIEW's own.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ViewAlter {
    /// `SET` / `UNSET` of SECURE, CHANGE_TRACKING and COMMENT.
    Change(Change),
    /// ALTER VIEW takes the row access clauses of ALTER TABLE
    /// (https://docs.snowflake.com/en/sql-reference/sql/alter-view).
    RowAccess(RowAccess),
    /// ALTER VIEW's column clauses are ALTER TABLE's: `{ ALTER | MODIFY } [ COLUMN ] c SET |
    /// UNSET MASKING POLICY …, SET | UNSET TAG …`
    /// (https://docs.snowflake.com/en/sql-reference/sql/alter-view); the view takes the
    /// changes a view allows (`catalog::view::alter_columns`).
    Columns(Vec<(Ident, ColumnChange)>),
}

/// Reads ALTER VIEW's own action: the row access clauses, `SET SECURE` / `UNSET SECURE`
/// as bare keywords, or `SET` / `UNSET` of properties.
pub(crate) fn view_alter(p: &mut Parser) -> Result<ViewAlter, SqlError> {
    if let Some(change) = row_access(p)? {
        return Ok(ViewAlter::RowAccess(change));
    }
    if (p.is_kw("ALTER") || p.is_kw("MODIFY"))
        && let Some(TableAlter::AlterColumns(changes)) = table_alter(p)?
    {
        return Ok(ViewAlter::Columns(changes));
    }
    if p.is_kws(&["SET", "SECURE"]) && !p.peek_at(2).is_some_and(|t| t.is_symbol("=")) {
        // Views take `SET SECURE` / `UNSET SECURE` as bare keywords, alone: "You must set
        // each view property individually" (https://docs.snowflake.com/en/sql-reference/sql/alter-view),
        // so `SET SECURE COMMENT = '…'` stops at COMMENT.
        p.advance();
        let at = p.mark();
        p.advance();
        return Ok(ViewAlter::Change(Change::Set(vec![Property {
            key: "SECURE".to_string(),
            value: Value::Name(RawName::single(Ident::from_stored("TRUE"))),
            at,
        }])));
    }
    match set_or_unset(p)? {
        Some(change) => Ok(ViewAlter::Change(change)),
        None => Err(p.error()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::statement::parser::read_all;

    #[test]
    fn keeps_the_whole_statement_as_text() {
        let sql = "create or replace secure view v (a comment 'x') copy grants comment = 'c' as\n  -- note\n  select a from t;";
        let mut p = Parser::new(sql).unwrap();
        p.expect_kws(&["CREATE", "OR", "REPLACE", "SECURE", "VIEW"])
            .unwrap();
        p.name().unwrap();
        let d = view_definition(&mut p).unwrap();
        assert!(d.secure && !d.recursive);
        assert_eq!(d.text, sql.trim_end_matches(';'));
        assert_eq!(d.comment.as_deref(), Some("c"));
        assert_eq!(d.columns.len(), 1);
        assert_eq!(d.query, "select a from t");
    }

    #[test]
    fn alter_reads_secure_properties_and_row_access() {
        let a = read_all("unset comment", view_alter).unwrap();
        assert!(matches!(a, ViewAlter::Change(Change::Unset(ref k)) if k == &["COMMENT"]));
        let a = read_all("set secure", view_alter).unwrap();
        assert!(matches!(a, ViewAlter::Change(Change::Set(ref p)) if p[0].key == "SECURE"));
        let a = read_all("drop all row access policies", view_alter).unwrap();
        assert!(matches!(
            a,
            ViewAlter::RowAccess(RowAccess { drop_all: true, .. })
        ));
        for sql in [
            "add column c int",
            "swap with w",
            "set secure change_tracking = true comment = 'c'",
        ] {
            assert_eq!(
                read_all(sql, view_alter).unwrap_err().code,
                "001003",
                "{sql}"
            );
        }
    }
}
