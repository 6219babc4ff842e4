//! Name resolution: the relations a SELECT reads (its sources), the CTEs it sees, and the
//! lookup of a column reference through the scope and its enclosing scopes (correlated
//! subqueries), with Snowflake's identifier rules
//! (https://docs.snowflake.com/en/sql-reference/identifiers-syntax).

use sqlparser::ast::Ident as SqlIdent;

use super::BoundColumn;
use crate::model::identifier::Ident;

/// A sqlparser identifier as Snowflake stores it: unquoted folds to upper case, quoted is
/// kept exactly (https://docs.snowflake.com/en/sql-reference/identifiers-syntax).
pub(super) fn fold(ident: &SqlIdent) -> Ident {
    match ident.quote_style {
        Some('"') => Ident::from_stored(ident.value.clone()),
        _ => Ident::from_stored(ident.value.to_uppercase()),
    }
}

/// One relation a SELECT reads.
#[derive(Clone, Debug)]
pub(super) struct Source {
    /// What a qualifier may name it by: its alias, else its name as written.
    pub(crate) name: Vec<Ident>,
    pub(crate) aliased: bool,
    /// `None`: its columns are unknown (an undeclared relation, a stage, a table function
    /// the binder does not model), so any column read from it is accepted.
    pub(crate) columns: Option<Vec<BoundColumn>>,
}

impl Source {
    /// Whether `qualifier` names this source. An alias must be written exactly; a relation
    /// named by its name may be qualified by any ending of its name (`T`, `S.T`, `D.S.T`),
    /// compared on the last part so a qualifier spelt longer than the FROM clause still
    /// matches (accepting rather than refusing).
    fn answers_to(&self, qualifier: &[Ident]) -> bool {
        if self.aliased {
            return qualifier == self.name.as_slice();
        }
        qualifier
            .last()
            .is_some_and(|q| self.name.last() == Some(q))
    }
}

/// What a column reference resolved to.
pub(super) enum Resolved {
    Column(BoundColumn),
    /// It may be valid but the binder cannot tell (an opaque source, a select-list alias,
    /// a variable): accepted, type unknown.
    Accepted,
    Missing,
}

/// The names visible at one level of a query.
#[derive(Default)]
pub(super) struct Scope<'p> {
    parent: Option<&'p Scope<'p>>,
    pub(crate) sources: Vec<Source>,
    /// CTEs by name, with their columns (`None`: unknown).
    pub(crate) ctes: Vec<(Ident, Option<Vec<BoundColumn>>)>,
    /// Aliases of the select list: Snowflake lets WHERE, GROUP BY, HAVING, QUALIFY,
    /// ORDER BY and other select items name them. The reference pages of those clauses
    /// are silent on it; it is Snowflake's observed behaviour, and accepting such a name
    /// is the safe side in any case.
    pub(crate) aliases: Vec<Ident>,
    /// Names accepted as they are: a procedure's arguments and variables.
    pub(crate) variables: Vec<Ident>,
    /// Columns a USING or NATURAL join merged into an earlier source's column of the
    /// same name, by the index of their source in `sources`: an unqualified `*` lists
    /// them once, where the earlier source has them.
    pub(crate) merged: Vec<(usize, Ident)>,
}

impl<'p> Scope<'p> {
    pub(super) fn root() -> Scope<'static> {
        Scope::default()
    }

    pub(super) fn child(&'p self) -> Scope<'p> {
        Scope {
            parent: Some(self),
            ..Scope::default()
        }
    }

    fn chain(&self) -> impl Iterator<Item = &Scope<'_>> {
        std::iter::successors(Some(self), |s| s.parent.map(|p| p as &Scope<'_>))
    }

    /// A CTE visible here.
    pub(super) fn cte(&self, name: &Ident) -> Option<&Option<Vec<BoundColumn>>> {
        self.chain()
            .find_map(|s| s.ctes.iter().rev().find(|(n, _)| n == name).map(|(_, c)| c))
    }

    /// The sources a qualifier names, innermost scope first.
    pub(super) fn qualified(&self, qualifier: &[Ident]) -> Vec<&Source> {
        self.chain()
            .map(|s| {
                s.sources
                    .iter()
                    .filter(|source| source.answers_to(qualifier))
                    .collect::<Vec<_>>()
            })
            .find(|found| !found.is_empty())
            .unwrap_or_default()
    }

    /// Resolves `parts` (folded): `COL`, `Q.COL`, `S.T.COL`, `D.S.T.COL`, or a longer
    /// dotted path into a semi-structured column.
    pub(super) fn resolve(&self, parts: &[Ident]) -> Resolved {
        match parts {
            [] => Resolved::Accepted,
            [name] => self.resolve_unqualified(name),
            _ => self.resolve_qualified(parts),
        }
    }

    fn resolve_unqualified(&self, name: &Ident) -> Resolved {
        for scope in self.chain() {
            let mut opaque = false;
            for source in &scope.sources {
                match &source.columns {
                    Some(columns) => {
                        if let Some(c) = columns.iter().find(|c| &c.name == name) {
                            // Two sources with the column would be Snowflake's ambiguous
                            // column error; the binder takes the first rather than risk a
                            // false error.
                            return Resolved::Column(c.clone());
                        }
                    }
                    None => opaque = true,
                }
            }
            if opaque || scope.aliases.contains(name) || scope.variables.contains(name) {
                return Resolved::Accepted;
            }
        }
        Resolved::Missing
    }

    fn resolve_qualified(&self, parts: &[Ident]) -> Resolved {
        // The longest qualifier that names a source wins: `S.T.C` is table S.T's column C
        // before it is source S's column T with a path C.
        for split in (1..parts.len().min(4)).rev() {
            let (qualifier, rest) = parts.split_at(split);
            let sources = self.qualified(qualifier);
            if sources.is_empty() {
                continue;
            }
            let column = &rest[0];
            let mut opaque = false;
            for source in &sources {
                match &source.columns {
                    Some(columns) => {
                        if let Some(c) = columns.iter().find(|c| &c.name == column) {
                            if rest.len() > 1 {
                                // A dotted path into a VARIANT / OBJECT column.
                                return Resolved::Accepted;
                            }
                            return Resolved::Column(c.clone());
                        }
                    }
                    None => opaque = true,
                }
            }
            return if opaque {
                Resolved::Accepted
            } else {
                Resolved::Missing
            };
        }
        // A qualifier naming no source may be a sequence (`SEQ.NEXTVAL`) or something the
        // binder does not model: accepted.
        Resolved::Accepted
    }
}
