//! `MERGE INTO <target> [ [AS] alias ] USING <source> [ [AS] alias ] ON <condition>
//! { WHEN MATCHED [ AND … ] THEN { UPDATE { ALL BY NAME | SET … } | DELETE }
//! | WHEN NOT MATCHED [ AND … ] THEN INSERT { ALL BY NAME | … } } …`
//! (https://docs.snowflake.com/en/sql-reference/sql/merge): read far enough to check the
//! target, the source and what the clauses do; the emulator stores no rows.

use super::parser::{Parser, RawName};
use super::references::referenced_names;
use crate::sandbox::error::SqlError;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Merge {
    pub(crate) target: RawName,
    /// The source table or view, and the objects a source subquery or the clauses read.
    pub(crate) references: Vec<RawName>,
    pub(crate) inserts: bool,
    pub(crate) updates: bool,
    pub(crate) deletes: bool,
}

/// Parses what follows `MERGE`.
pub(crate) fn merge(p: &mut Parser) -> Result<Merge, SqlError> {
    p.expect_kw("INTO")?;
    let target = p.name()?;
    alias(p, "USING")?;
    p.expect_kw("USING")?;
    let mut references = Vec::new();
    if p.is_sym("(") {
        let start = p.mark();
        p.skip_parens()?;
        references.extend(referenced_names(&p.tokens()[start..p.mark()]));
    } else {
        references.push(p.name()?);
    }
    alias(p, "ON")?;
    p.expect_kw("ON")?;
    let rest = p.mark();
    let (mut inserts, mut updates, mut deletes) = (false, false, false);
    let mut clauses = 0;
    // `CASE … WHEN … END` inside a condition or a SET value is not a clause.
    let mut case_depth = 0usize;
    while !p.at_end() {
        if p.eat_kw("CASE") {
            case_depth += 1;
        } else if case_depth > 0 && p.eat_kw("END") {
            case_depth -= 1;
        } else if case_depth == 0 && p.eat_kw("WHEN") {
            let matched = !p.eat_kw("NOT");
            p.expect_kw("MATCHED")?;
            // Skip the optional `AND <condition>` up to THEN (not a CASE's own THEN).
            let mut inner_case = 0usize;
            loop {
                if p.at_end() || (inner_case == 0 && p.is_kw("THEN")) {
                    break;
                }
                if p.is_sym("(") {
                    p.skip_parens()?;
                } else if p.eat_kw("CASE") {
                    inner_case += 1;
                } else if inner_case > 0 && p.eat_kw("END") {
                    inner_case -= 1;
                } else {
                    p.advance();
                }
            }
            p.expect_kw("THEN")?;
            // `UPDATE { ALL BY NAME | SET … }`, `INSERT { ALL BY NAME | … }`
            // (https://docs.snowflake.com/en/sql-reference/sql/merge).
            if matched
                && (p.eat_kws(&["UPDATE", "SET"]) || p.eat_kws(&["UPDATE", "ALL", "BY", "NAME"]))
            {
                updates = true;
            } else if matched && p.eat_kw("DELETE") {
                deletes = true;
            } else if !matched && p.eat_kw("INSERT") {
                inserts = true;
            } else {
                return Err(p.error());
            }
            clauses += 1;
        } else if p.is_sym("(") {
            p.skip_parens()?;
        } else {
            p.advance();
        }
    }
    if clauses == 0 {
        return Err(p.error());
    }
    references.extend(referenced_names(&p.tokens()[rest..]));
    Ok(Merge {
        target,
        references,
        inserts,
        updates,
        deletes,
    })
}

/// An optional `[AS] alias` before the keyword `next`.
fn alias(p: &mut Parser, next: &str) -> Result<(), SqlError> {
    if p.eat_kw("AS") || !p.is_kw(next) {
        p.ident()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(sql: &str) -> Result<Merge, SqlError> {
        let mut p = Parser::new(sql)?;
        merge(&mut p)
    }

    #[test]
    fn clauses_and_sources() {
        let m = parse(
            "into t using (select * from s.src where x > 0) as s on t.id = s.id \
             when matched and s.op = 'D' then delete \
             when matched then update set t.v = s.v \
             when not matched then insert (id, v) values (s.id, s.v)",
        )
        .unwrap();
        assert_eq!(m.target.to_string(), "T");
        assert_eq!(m.references[0].to_string(), "S.SRC");
        assert!(m.inserts && m.updates && m.deletes);
        let m = parse(
            "into d.s.t tgt using src on tgt.id = src.id when not matched then insert values (1)",
        )
        .unwrap();
        assert_eq!(m.references[0].to_string(), "SRC");
        assert!(m.inserts && !m.updates && !m.deletes);
        let m = parse(
            "into t using s on case when s.k is null then 0 else s.k end = t.k \
             when matched then update set t.v = case when s.v > 0 then s.v else t.v end",
        )
        .unwrap();
        assert!(m.updates && !m.inserts);
        assert_eq!(
            parse("into t using s on t.id = s.id").unwrap_err().code,
            "001003"
        );
        assert_eq!(
            parse("into t using s on t.id = s.id when not matched then delete")
                .unwrap_err()
                .code,
            "001003"
        );
    }
}
