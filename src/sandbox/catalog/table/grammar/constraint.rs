//! Table constraints as written: PRIMARY KEY, UNIQUE, FOREIGN KEY and CHECK, inline on a
//! column or out of line in the column list or `ALTER TABLE … ADD`, with their optional
//! name and properties (https://docs.snowflake.com/en/sql-reference/sql/create-table-constraint).
//! Snowflake keeps the keys as metadata (NOT NULL and CHECK are enforced on rows); the
//! sandbox, which holds no rows, keeps them all.

use crate::model::identifier::Ident;
use crate::sandbox::error::SqlError;
use crate::sandbox::statement::{Parser, RawName};

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Constraint {
    /// `CONSTRAINT <name>`; Snowflake names the others itself.
    pub(crate) name: Option<Ident>,
    pub(crate) kind: ConstraintKind,
    /// The constrained columns (one for an inline constraint).
    pub(crate) columns: Vec<Ident>,
    /// `RELY`: the one property Snowflake keeps for a standard table's constraint (SHOW
    /// PRIMARY / UNIQUE / IMPORTED KEYS' `rely`); `NORELY` is the default.
    pub(crate) rely: bool,
    /// A CHECK constraint written `DISABLE`: "the CHECK constraint isn't created" (the
    /// page's "Non-default values for ENABLE and VALIDATE properties").
    pub(crate) disabled: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ConstraintKind {
    PrimaryKey,
    Unique,
    /// `REFERENCES <table> [ ( <columns> ) ]`; no columns means the table's primary key.
    ForeignKey {
        table: RawName,
        columns: Vec<Ident>,
    },
    /// `CHECK ( <expr> )`: the expression as written.
    Check {
        expression: String,
    },
}

/// True when an out-of-line constraint starts here.
pub(crate) fn starts_out_of_line(p: &Parser) -> bool {
    ["CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK"]
        .iter()
        .any(|k| p.is_kw(k))
}

/// `[ CONSTRAINT <name> ] { UNIQUE | PRIMARY KEY } ( cols ) | FOREIGN KEY ( cols )
/// REFERENCES <table> [ ( cols ) ]`, then its properties.
pub(crate) fn out_of_line(p: &mut Parser) -> Result<Constraint, SqlError> {
    let name = if p.eat_kw("CONSTRAINT") {
        Some(p.ident()?)
    } else {
        None
    };
    let (kind, columns) = if p.eat_kws(&["PRIMARY", "KEY"]) {
        (ConstraintKind::PrimaryKey, column_list(p)?)
    } else if p.eat_kw("UNIQUE") {
        (ConstraintKind::Unique, column_list(p)?)
    } else if p.eat_kws(&["FOREIGN", "KEY"]) {
        let columns = column_list(p)?;
        p.expect_kw("REFERENCES")?;
        (references(p)?, columns)
    } else if p.eat_kw("CHECK") {
        let (kind, disabled) = check(p)?;
        return Ok(Constraint {
            name,
            kind,
            columns: Vec::new(),
            rely: false,
            disabled,
        });
    } else {
        return Err(p.error());
    };
    let mut rely = properties(p)?;
    // Out of line there is no column for a COMMENT to belong to: it is the constraint's.
    if p.eat_kw("COMMENT") {
        p.eat_equals();
        p.string()?;
        rely = properties(p)?.or(rely);
    }
    Ok(Constraint {
        name,
        kind,
        columns,
        rely: rely.unwrap_or(false),
        disabled: false,
    })
}

/// An inline constraint on `column`, when one starts here: `[ CONSTRAINT <name> ]
/// { UNIQUE | PRIMARY KEY | [ FOREIGN KEY ] REFERENCES <table> [ ( col ) ] }`.
pub(crate) fn inline(p: &mut Parser, column: &Ident) -> Result<Option<Constraint>, SqlError> {
    let name = if p.eat_kw("CONSTRAINT") {
        Some(p.ident()?)
    } else {
        None
    };
    let kind = if p.eat_kws(&["PRIMARY", "KEY"]) {
        ConstraintKind::PrimaryKey
    } else if p.eat_kw("UNIQUE") {
        ConstraintKind::Unique
    } else if p.eat_kws(&["FOREIGN", "KEY"]) {
        p.expect_kw("REFERENCES")?;
        references(p)?
    } else if p.eat_kw("REFERENCES") {
        references(p)?
    } else if p.eat_kw("CHECK") {
        let (kind, disabled) = check(p)?;
        return Ok(Some(Constraint {
            name,
            kind,
            columns: vec![column.clone()],
            rely: false,
            disabled,
        }));
    } else if name.is_some() {
        return Err(p.error());
    } else {
        return Ok(None);
    };
    let rely = properties(p)?.unwrap_or(false);
    Ok(Some(Constraint {
        name,
        kind,
        columns: vec![column.clone()],
        rely,
        disabled: false,
    }))
}

/// After CHECK: `( <expr> ) [ ENABLE { VALIDATE | NOVALIDATE } ]` (inlineCH and
/// outoflineCH), or `DISABLE`, with which the constraint is not created. Returns the kind
/// and whether it was disabled.
fn check(p: &mut Parser) -> Result<(ConstraintKind, bool), SqlError> {
    let (from, to) = p.skip_parens()?;
    if from == to {
        return Err(p.error());
    }
    let expression = p.text_between(from, to).trim().to_string();
    let disabled = if p.eat_kw("ENABLE") {
        if !p.eat_kw("VALIDATE") {
            p.eat_kw("NOVALIDATE");
        }
        false
    } else {
        p.eat_kw("DISABLE")
    };
    Ok((ConstraintKind::Check { expression }, disabled))
}

fn references(p: &mut Parser) -> Result<ConstraintKind, SqlError> {
    let table = p.name()?;
    let columns = if p.is_sym("(") {
        column_list(p)?
    } else {
        Vec::new()
    };
    Ok(ConstraintKind::ForeignKey { table, columns })
}

fn column_list(p: &mut Parser) -> Result<Vec<Ident>, SqlError> {
    p.expect_sym("(")?;
    let mut columns = vec![p.ident()?];
    while p.eat_sym(",") {
        columns.push(p.ident()?);
    }
    p.expect_sym(")")?;
    Ok(columns)
}

/// The constraint properties Snowflake accepts and records without enforcing:
/// `[ NOT ] ENFORCED`, `[ NOT ] DEFERRABLE`, `INITIALLY { DEFERRED | IMMEDIATE }`,
/// `ENABLE | DISABLE`, `VALIDATE | NOVALIDATE`, `RELY | NORELY`, and for foreign keys
/// `MATCH { FULL | SIMPLE | PARTIAL }` and `ON { UPDATE | DELETE } <action>`. A `COMMENT`
/// after an inline constraint is the column's comment, so it is not read here. Returns
/// the last of RELY / NORELY written, if any.
pub(crate) fn properties(p: &mut Parser) -> Result<Option<bool>, SqlError> {
    let mut rely = None;
    loop {
        if p.eat_kw("RELY") {
            rely = Some(true);
            continue;
        }
        if p.eat_kw("NORELY") {
            rely = Some(false);
            continue;
        }
        if p.eat_kws(&["NOT", "ENFORCED"])
            || p.eat_kw("ENFORCED")
            || p.eat_kws(&["NOT", "DEFERRABLE"])
            || p.eat_kw("DEFERRABLE")
            || p.eat_kw("ENABLE")
            || p.eat_kw("DISABLE")
            || p.eat_kw("VALIDATE")
            || p.eat_kw("NOVALIDATE")
        {
            continue;
        }
        if p.eat_kw("INITIALLY") {
            if !p.eat_kw("DEFERRED") {
                p.expect_kw("IMMEDIATE")?;
            }
        } else if p.eat_kw("MATCH") {
            if !(p.eat_kw("FULL") || p.eat_kw("SIMPLE")) {
                p.expect_kw("PARTIAL")?;
            }
        } else if p.eat_kw("ON") {
            if !p.eat_kw("UPDATE") {
                p.expect_kw("DELETE")?;
            }
            if !(p.eat_kw("CASCADE")
                || p.eat_kws(&["SET", "NULL"])
                || p.eat_kws(&["SET", "DEFAULT"])
                || p.eat_kw("RESTRICT"))
            {
                p.expect_kws(&["NO", "ACTION"])?;
            }
        } else {
            return Ok(rely);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_line_forms_with_properties() {
        let mut p = Parser::new(
            "constraint fk foreign key (a, b) references s.parent (x, y) match full on delete cascade not enforced rely",
        )
        .unwrap();
        let c = out_of_line(&mut p).unwrap();
        p.expect_end().unwrap();
        assert_eq!(c.name.unwrap().as_str(), "FK");
        assert_eq!(c.columns.len(), 2);
        match c.kind {
            ConstraintKind::ForeignKey { table, columns } => {
                assert_eq!(table.to_string(), "S.PARENT");
                assert_eq!(columns.len(), 2);
            }
            other => panic!("{other:?}"),
        }
        let mut p = Parser::new("unique (id) comment 'one per id' rely").unwrap();
        assert_eq!(out_of_line(&mut p).unwrap().kind, ConstraintKind::Unique);
        assert!(p.at_end());
        let mut p = Parser::new("primary key (id)").unwrap();
        assert_eq!(
            out_of_line(&mut p).unwrap().kind,
            ConstraintKind::PrimaryKey
        );
        let mut p = Parser::new("primary key id").unwrap();
        assert_eq!(out_of_line(&mut p).unwrap_err().code, "001003");
    }

    #[test]
    fn inline_forms() {
        let col = Ident::from_stored("A");
        let mut p = Parser::new("references parent").unwrap();
        assert!(matches!(
            inline(&mut p, &col).unwrap().unwrap().kind,
            ConstraintKind::ForeignKey { .. }
        ));
        let mut p = Parser::new("constraint u unique").unwrap();
        assert_eq!(
            inline(&mut p, &col).unwrap().unwrap().kind,
            ConstraintKind::Unique
        );
        let mut p = Parser::new("not null").unwrap();
        assert!(inline(&mut p, &col).unwrap().is_none());
        let mut p = Parser::new("constraint u not null").unwrap();
        assert!(inline(&mut p, &col).is_err());
    }
}
