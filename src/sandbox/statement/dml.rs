//! The statements the sandbox hands to the query binder (`sql::bind`) after reading only
//! the names they touch: a query the hand-written evaluator (`select.rs`) does not answer,
//! `UPDATE`, `DELETE` and `CALL`. The binder parses the query itself with sqlparser; this
//! layer finds the objects that must exist (002003) and the target a DML statement writes.

use super::parser::{Parser, RawName};
use super::references::referenced_names;
use crate::sandbox::error::SqlError;

/// A query (`SELECT …`, `WITH …`, `(…)`): the objects its FROM / JOIN clauses read.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Query {
    pub(crate) references: Vec<RawName>,
}

/// `UPDATE` or `DELETE`: the table written and the objects read.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Dml {
    pub(crate) target: RawName,
    pub(crate) references: Vec<RawName>,
}

/// `CALL name(args)`: the procedure and how many arguments the call passes.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Call {
    pub(crate) name: RawName,
    pub(crate) arguments: usize,
}

/// The rest of the statement, from `p`'s position, as a query.
pub(crate) fn query(p: &mut Parser) -> Query {
    let start = p.mark();
    let references = referenced_names(&p.tokens()[start..]);
    p.rest();
    Query { references }
}

/// What follows `UPDATE`: `<target> [[AS] alias] SET … [FROM …] [WHERE …]`
/// (https://docs.snowflake.com/en/sql-reference/sql/update).
pub(crate) fn update(p: &mut Parser) -> Result<Dml, SqlError> {
    let target = p.name()?;
    if !p.is_kw("SET") {
        p.eat_kw("AS");
        p.ident()?;
    }
    p.expect_kw("SET")?;
    let start = p.mark();
    let references = referenced_names(&p.tokens()[start..]);
    p.rest();
    Ok(Dml { target, references })
}

/// What follows `DELETE`: `FROM <target> [[AS] alias] [USING <source> [, …]] [WHERE …]`
/// (https://docs.snowflake.com/en/sql-reference/sql/delete).
pub(crate) fn delete(p: &mut Parser) -> Result<Dml, SqlError> {
    p.expect_kw("FROM")?;
    let target = p.name()?;
    let stop = |p: &Parser| p.at_end() || p.is_kw("USING") || p.is_kw("WHERE");
    if !stop(p) {
        p.eat_kw("AS");
        p.ident()?;
    }
    let mut references = Vec::new();
    if p.eat_kw("USING") {
        loop {
            if p.is_sym("(") {
                let start = p.mark();
                p.skip_parens()?;
                references.extend(referenced_names(&p.tokens()[start..p.mark()]));
            } else {
                references.push(p.name()?);
            }
            if !(p.at_end() || p.is_sym(",") || p.is_kw("WHERE")) {
                p.eat_kw("AS");
                p.ident()?;
            }
            if !p.eat_sym(",") {
                break;
            }
        }
    }
    let start = p.mark();
    references.extend(referenced_names(&p.tokens()[start..]));
    p.rest();
    Ok(Dml { target, references })
}

/// What follows `CALL`: `<name> ( [ <arg> [, …] ] ) [INTO :var]`
/// (https://docs.snowflake.com/en/sql-reference/sql/call). Arguments are counted at the
/// top level of the parentheses; named arguments (`x => 1`) count as one each.
pub(crate) fn call(p: &mut Parser) -> Result<Call, SqlError> {
    let name = p.name()?;
    let (inner, close) = p.skip_parens()?;
    let mut arguments = 0;
    let mut depth = 0usize;
    for token in &p.tokens()[inner..close] {
        if arguments == 0 {
            arguments = 1;
        }
        if token.is_symbol("(") {
            depth += 1;
        } else if token.is_symbol(")") {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && token.is_symbol(",") {
            arguments += 1;
        }
    }
    // Snowflake Scripting's `CALL p() INTO :v` keeps the result in a variable.
    if p.eat_kw("INTO") {
        p.eat_sym(":");
        p.ident()?;
    }
    Ok(Call { name, arguments })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_delete_and_call_read_their_names() {
        let mut p =
            Parser::new("t x set v = s.v from src s join d.o.u on u.id = s.id where x.id = s.id")
                .unwrap();
        let u = update(&mut p).unwrap();
        assert_eq!(u.target.to_string(), "T");
        let names: Vec<String> = u.references.iter().map(ToString::to_string).collect();
        assert_eq!(names, ["SRC", "D.O.U"]);
        let mut p = Parser::new("from t using a, (select * from b) bb where t.id = a.id").unwrap();
        let d = delete(&mut p).unwrap();
        let names: Vec<String> = d.references.iter().map(ToString::to_string).collect();
        assert_eq!(names, ["A", "B"]);
        let mut p = Parser::new("p(1, f(2, 3), x => 'a')").unwrap();
        assert_eq!(call(&mut p).unwrap().arguments, 3);
        let mut p = Parser::new("p()").unwrap();
        assert_eq!(call(&mut p).unwrap().arguments, 0);
        assert_eq!(
            Parser::new("p")
                .and_then(|mut p| call(&mut p))
                .unwrap_err()
                .code,
            "001003"
        );
    }
}
