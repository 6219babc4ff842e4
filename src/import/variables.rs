//! Writing resolved values back as `${var}`: the inverse of `config::interpolate`.
//!
//! Resolution is plain text replacement, so replacing a variable's value by `${name}`
//! anywhere always resolves back to the same text — the choice of where only affects how
//! the file reads. Longer values go first (so `PACIFICRETAIL_DEV` wins over `DEV`), and
//! values shorter than [`MIN_VALUE_LEN`] are left alone: a variable `x = "1"` would
//! otherwise turn every `1` in every SQL body into `${x}`. Literal `${` already in the
//! text is escaped as `$${` first, so it stays literal.

use crate::sql::{TokenKind, tokenize};

/// Values shorter than this are never substituted.
pub(crate) const MIN_VALUE_LEN: usize = 3;

/// An environment's variables, ready to substitute back.
#[derive(Clone, Debug, Default)]
pub(crate) struct Substitution {
    /// (value, name), longest value first, then by name for a stable choice.
    pairs: Vec<(String, String)>,
}

impl Substitution {
    pub(crate) fn new<'a>(
        vars: impl IntoIterator<Item = (&'a String, &'a String)>,
    ) -> Substitution {
        let mut pairs: Vec<(String, String)> = vars
            .into_iter()
            .filter(|(_, value)| value.chars().count() >= MIN_VALUE_LEN)
            .map(|(name, value)| (value.clone(), name.clone()))
            .collect();
        pairs.sort_by(|(va, na), (vb, nb)| vb.len().cmp(&va.len()).then_with(|| na.cmp(nb)));
        Substitution { pairs }
    }

    /// (value, name) pairs, in the order they are tried.
    pub(crate) fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(v, n)| (v.as_str(), n.as_str()))
    }

    /// `text` with literal `${` escaped and every variable value replaced by `${name}`.
    pub(crate) fn apply(&self, text: &str) -> String {
        let escaped = text.replace("${", "$${");
        // One left-to-right pass, trying the longest value at each position, so a
        // replacement is never itself rewritten by a shorter value.
        let mut out = String::with_capacity(escaped.len());
        let mut rest = escaped.as_str();
        'scan: while !rest.is_empty() {
            for (value, name) in &self.pairs {
                if let Some(after) = rest.strip_prefix(value.as_str()) {
                    out.push_str("${");
                    out.push_str(name);
                    out.push('}');
                    rest = after;
                    continue 'scan;
                }
            }
            let mut chars = rest.chars();
            if let Some(c) = chars.next() {
                out.push(c);
            }
            rest = chars.as_str();
        }
        out
    }

    /// SQL text with variables written back: like [`Substitution::apply`], and in addition
    /// an unquoted identifier equal to a value in any case (`pacificretail_dev` for
    /// `PACIFICRETAIL_DEV`), since Snowflake folds those and so does the comparison of SQL
    /// bodies. String literals are only matched exactly: their case counts. Text that does
    /// not lex gets the plain substitution.
    pub(crate) fn apply_sql(&self, sql: &str) -> String {
        let Ok(tokens) = tokenize(sql) else {
            return self.apply(sql);
        };
        let mut out = String::with_capacity(sql.len());
        let mut plain_from = 0;
        for token in &tokens {
            if token.kind != TokenKind::Word {
                continue;
            }
            let Some((_, name)) = self
                .pairs
                .iter()
                .find(|(value, _)| value.eq_ignore_ascii_case(&token.value))
            else {
                continue;
            };
            out.push_str(&self.apply(&sql[plain_from..token.start]));
            out.push_str("${");
            out.push_str(name);
            out.push('}');
            plain_from = token.end;
        }
        out.push_str(&self.apply(&sql[plain_from..]));
        out
    }

    /// Applies [`Substitution::apply`] to every string inside a JSON value.
    pub(crate) fn apply_json(&self, value: &serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match value {
            Value::String(s) => Value::String(self.apply(s)),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.apply_json(v)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (self.apply(k), self.apply_json(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn longest_value_wins() {
        let vars = vars(&[("env", "DEV"), ("database", "PACIFICRETAIL_DEV")]);
        let s = Substitution::new(&vars);
        assert_eq!(
            s.apply("PACIFICRETAIL_DEV.BRONZE.T in DEV"),
            "${database}.BRONZE.T in ${env}"
        );
    }

    #[test]
    fn short_values_are_left_alone_and_literals_escaped() {
        let vars = vars(&[("n", "1"), ("env", "DEV")]);
        let s = Substitution::new(&vars);
        assert_eq!(
            s.apply("select 1, '${x}' from DEV"),
            "select 1, '$${x}' from ${env}"
        );
    }

    #[test]
    fn sql_identifiers_match_in_any_case_literals_only_exactly() {
        let vars = vars(&[("database", "PR_DEV")]);
        let s = Substitution::new(&vars);
        assert_eq!(
            s.apply_sql("select * from pr_dev.silver.t where x = 'pr_dev' or y = 'PR_DEV'"),
            "select * from ${database}.silver.t where x = 'pr_dev' or y = '${database}'"
        );
    }

    #[test]
    fn json_strings_are_substituted_everywhere() {
        let vars = vars(&[("database", "PR_DEV")]);
        let s = Substitution::new(&vars);
        let value = serde_json::json!({"name": "PR_DEV.S", "n": 3, "list": ["PR_DEV"]});
        assert_eq!(
            s.apply_json(&value),
            serde_json::json!({"name": "${database}.S", "n": 3, "list": ["${database}"]})
        );
    }
}
