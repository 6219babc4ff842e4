//! Variable values inside SQL string literals in another case.
//!
//! Hand-written SQL often names objects in lower case inside string literals
//! (`SYSTEM$STREAM_HAS_DATA('pr_dev.bronze.orders_stream')`). Import keeps such literals
//! as written — a literal's case counts when definitions are compared, so writing
//! `${database}` there would make the next plan show a change — but an environment with
//! other values cannot use them as they are. These are reported so the user writes the
//! variable in by hand (and applies once) before promoting.

use super::variables::Substitution;
use crate::model::{Object, Resource};
use crate::sql::{TokenKind, tokenize};

/// One literal that holds a variable's value in another case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LiteralMention {
    /// `task PR_DEV.SILVER.MERGE_TASK when`.
    pub(crate) site: String,
    pub(crate) literal: String,
    pub(crate) variable: String,
}

/// The SQL texts of `object`, named by attribute.
fn sql_texts(object: &Object) -> Vec<(&'static str, &str)> {
    match object {
        Object::Task(t) => {
            let mut texts = vec![("sql", t.sql.text())];
            texts.extend(t.when.as_ref().map(|w| ("when", w.text())));
            texts
        }
        Object::Procedure(p) => vec![("body", p.body.text())],
        Object::View(v) => vec![("query", v.query.text())],
        _ => Vec::new(),
    }
}

/// Every string literal in `objects`' SQL that contains a variable's value only in
/// another case.
pub(crate) fn mentions<'a>(
    objects: impl IntoIterator<Item = &'a Object>,
    substitution: &Substitution,
) -> Vec<LiteralMention> {
    let mut found = Vec::new();
    for object in objects {
        for (attribute, text) in sql_texts(object) {
            let Ok(tokens) = tokenize(text) else { continue };
            for token in tokens.iter().filter(|t| t.kind == TokenKind::String) {
                let upper = token.value.to_uppercase();
                let other_case = substitution.pairs().find(|(value, _)| {
                    upper.contains(&value.to_uppercase()) && !token.value.contains(value)
                });
                if let Some((_, name)) = other_case {
                    found.push(LiteralMention {
                        site: format!("{} {attribute}", object.address()),
                        literal: text[token.start..token.end].to_string(),
                        variable: name.to_string(),
                    });
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::kinds::view::View;
    use crate::model::identifier::ObjectName;
    use crate::sql::CanonicalSql;

    #[test]
    fn a_lower_case_database_in_a_literal_is_reported() {
        let vars = BTreeMap::from([("database".to_string(), "PR_DEV".to_string())]);
        let view = Object::View(View {
            name: ObjectName::parse("PR_DEV.GOLD.V").unwrap(),
            query: CanonicalSql::new("select 'pr_dev.bronze.s', 'PR_DEV' from t"),
            secure: false,
            comment: None,
            selects_from: Default::default(),
            row_access_policy: None,
            tags: None,
            data_quality: None,
            columns: Vec::new(),
        });
        let found = mentions([&view], &Substitution::new(&vars));
        assert_eq!(
            found,
            [LiteralMention {
                site: "view PR_DEV.GOLD.V query".into(),
                literal: "'pr_dev.bronze.s'".into(),
                variable: "database".into(),
            }]
        );
    }
}
