//! The form of a SQL statement that may appear in an error message.
//!
//! lakeform never puts secrets into the statements it sends, but statements written by hand
//! (or a future kind) could carry credentials, and a statement can be megabytes long. So an
//! error shows a copy with the values of credential options replaced by `***`, whitespace
//! runs folded to one space, and the length capped. This is for display only: nothing here
//! changes what is sent to Snowflake.

use std::fmt;

/// Longest statement text kept in an error, in characters.
pub(crate) const MAX_CHARS: usize = 400;

/// Options whose string value is a secret: `NAME = '<secret>'`.
const SECRET_OPTIONS: [&str; 8] = [
    "AZURE_SAS_TOKEN",
    "AWS_SECRET_KEY",
    "AWS_KEY_ID",
    "AWS_TOKEN",
    "MASTER_KEY",
    "PASSWORD",
    "OAUTH_CLIENT_SECRET",
    "OAUTH_REFRESH_TOKEN",
];

/// Options whose whole parenthesised value is secret: `CREDENTIALS = ( … )`.
const SECRET_GROUPS: [&str; 2] = ["CREDENTIALS", "ENCRYPTION"];

/// A redacted, whitespace-folded, length-capped copy of a statement.
#[derive(Clone, PartialEq, Eq)]
pub struct StatementText(String);

impl StatementText {
    pub fn new(sql: &str) -> Self {
        let redacted = redact(sql);
        let folded = redacted.split_whitespace().collect::<Vec<_>>().join(" ");
        let total = folded.chars().count();
        if total <= MAX_CHARS {
            return StatementText(folded);
        }
        let kept: String = folded.chars().take(MAX_CHARS).collect();
        StatementText(format!("{kept}… ({} more characters)", total - MAX_CHARS))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StatementText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for StatementText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// Replaces the values of secret options, leaving everything else as written.
fn redact(sql: &str) -> String {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            // Copy literals untouched so that a keyword inside a string is never matched.
            let end = literal_end(&chars, i);
            out.extend(&chars[i..end]);
            i = end;
            continue;
        }
        if is_word_start(&chars, i) {
            let word_end = (i..chars.len())
                .find(|&j| !is_word_char(chars[j]))
                .unwrap_or(chars.len());
            let word: String = chars[i..word_end].iter().collect();
            out.push_str(&word);
            i = word_end;
            let upper = word.to_ascii_uppercase();
            let is_value = SECRET_OPTIONS.contains(&upper.as_str());
            let is_group = SECRET_GROUPS.contains(&upper.as_str());
            if !(is_value || is_group) {
                continue;
            }
            let Some(value_start) = after_equals(&chars, i) else {
                continue;
            };
            out.extend(&chars[i..value_start]);
            i = value_start;
            match chars.get(i) {
                Some('\'') if is_value => {
                    out.push_str("'***'");
                    i = literal_end(&chars, i);
                }
                Some('(') if is_group => {
                    out.push_str("(***)");
                    i = group_end(&chars, i);
                }
                _ => {}
            }
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

fn is_word_start(chars: &[char], i: usize) -> bool {
    is_word_char(chars[i]) && (i == 0 || !is_word_char(chars[i - 1]))
}

/// The index just past `\s* = \s*` starting at `i`, if there is an equals sign.
fn after_equals(chars: &[char], mut i: usize) -> Option<usize> {
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    if chars.get(i) != Some(&'=') {
        return None;
    }
    i += 1;
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    Some(i)
}

/// The index just past the string literal opening at `start` (`''` and `\'` escapes).
fn literal_end(chars: &[char], start: usize) -> usize {
    let mut i = start + 1;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '\'' if chars.get(i + 1) == Some(&'\'') => i += 2,
            '\'' => return i + 1,
            _ => i += 1,
        }
    }
    chars.len()
}

/// The index just past the parenthesis group opening at `start`, skipping literals.
fn group_end(chars: &[char], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i < chars.len() {
        match chars[i] {
            '\'' => {
                i = literal_end(chars, i);
                continue;
            }
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    chars.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_secret_option_values() {
        let text = StatementText::new(
            "CREATE STAGE s URL = 'azure://a.blob.core.windows.net/c' \
             CREDENTIALS = (AZURE_SAS_TOKEN = 'sv=2024&sig=abc') ENCRYPTION=(TYPE='AZURE_CSE' MASTER_KEY='k')",
        );
        assert_eq!(
            text.as_str(),
            "CREATE STAGE s URL = 'azure://a.blob.core.windows.net/c' CREDENTIALS = (***) ENCRYPTION=(***)"
        );
    }

    #[test]
    fn hides_a_bare_secret_value_with_escaped_quotes() {
        let text =
            StatementText::new("ALTER USER u SET password = 'it''s \\' secret' COMMENT = 'x'");
        assert_eq!(
            text.as_str(),
            "ALTER USER u SET password = '***' COMMENT = 'x'"
        );
    }

    #[test]
    fn keeps_keywords_inside_literals_and_identifiers() {
        let sql = "SELECT 'PASSWORD = ''x''' AS password_hint, my_password FROM t";
        assert_eq!(StatementText::new(sql).as_str(), sql);
    }

    #[test]
    fn folds_whitespace_and_caps_length() {
        assert_eq!(StatementText::new("SELECT\n   1\t").as_str(), "SELECT 1");
        let long = format!("SELECT '{}'", "x".repeat(1000));
        let text = StatementText::new(&long);
        assert!(text.as_str().starts_with("SELECT 'xxx"));
        assert!(
            text.as_str()
                .ends_with(&format!("… ({} more characters)", long.len() - MAX_CHARS))
        );
        assert!(text.as_str().chars().count() < MAX_CHARS + 30);
    }

    #[test]
    fn unterminated_input_does_not_panic() {
        for sql in [
            "CREDENTIALS = (",
            "PASSWORD = '",
            "x'",
            "CREDENTIALS = ((')",
            "PASSWORD",
        ] {
            let _ = StatementText::new(sql);
        }
        assert_eq!(
            StatementText::new("PASSWORD = 'abc").as_str(),
            "PASSWORD = '***'"
        );
    }
}
