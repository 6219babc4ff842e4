//! Statements lakeform sent, counted from the emulator's query history.
//!
//! The sandbox numbers its query ids in the order statements arrive (the last twelve hex
//! digits of `QUERY_ID`). A mark is the number of the newest statement before the marking
//! query (which is recorded after it runs, so it does not see itself), and the statements
//! between two marks are the difference of their numbers less the first marking query —
//! exact at any count, where listing the history would stop at QUERY_HISTORY's 10,000
//! rows. Which statements they were is read from the history only when asked, for the
//! plan's few.

use std::collections::BTreeMap;

use lakeform::providers::snowflake::client::SnowflakeClient;

use super::error::BenchError;

const NEWEST: &str =
    "SELECT QUERY_ID FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY(RESULT_LIMIT => 1))";

/// A point in the history: the sequence number of the newest statement before the
/// marking query (0 in an empty history); the marking query itself is the next one.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mark(u64);

impl Mark {
    pub(crate) async fn take(client: &SnowflakeClient) -> Result<Mark, BenchError> {
        let result = client.execute(NEWEST).await?;
        match result.rows().next().and_then(|row| row.get("QUERY_ID")) {
            Some(id) => Ok(Mark(sequence(id)?)),
            None => Ok(Mark(0)),
        }
    }

    /// Statements sent after `self`'s marking query and before `later`'s.
    pub(crate) fn statements_until(self, later: Mark) -> u64 {
        later.0.saturating_sub(self.0 + 1)
    }

    /// Whether statement number `n` is one of those [`Mark::statements_until`] counts.
    fn precedes(self, n: u64, later: Mark) -> bool {
        n > self.0 + 1 && n <= later.0
    }
}

fn sequence(query_id: &str) -> Result<u64, BenchError> {
    query_id
        .rsplit('-')
        .next()
        .and_then(|tail| u64::from_str_radix(tail, 16).ok())
        .ok_or_else(|| BenchError::History(format!("unexpected query id {query_id:?}")))
}

/// The statements between two marks (at most 10,000 of them), grouped by their
/// leading words (`SHOW TASKS`, `SELECT`, `DESCRIBE STAGE` …), with how many of each.
pub(crate) async fn kinds_between(
    client: &SnowflakeClient,
    from: Mark,
    to: Mark,
) -> Result<BTreeMap<String, u64>, BenchError> {
    // The newest rows also hold `to`'s own marking query.
    let limit = from.statements_until(to) + 1;
    let history = client
        .execute(&format!(
            "SELECT QUERY_ID, QUERY_TEXT FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY(RESULT_LIMIT => {}))",
            limit.clamp(1, 10_000)
        ))
        .await?;
    let mut kinds = BTreeMap::new();
    for row in history.rows() {
        let (Some(id), Some(text)) = (row.get("QUERY_ID"), row.get("QUERY_TEXT")) else {
            continue;
        };
        let n = sequence(id)?;
        if from.precedes(n, to) {
            *kinds.entry(kind(text)).or_insert(0) += 1;
        }
    }
    Ok(kinds)
}

/// What a statement is, without its object names, for the breakdown: `SHOW TASKS IN
/// DATABASE …` → `SHOW TASKS`; `SHOW GRANTS TO ROLE R` → `SHOW GRANTS TO ROLE`;
/// `DESCRIBE MASKING POLICY D.S.P` → `DESCRIBE MASKING POLICY`; a query of an
/// INFORMATION_SCHEMA view or table function → `SELECT` and its name (`SELECT
/// POLICY_REFERENCES`); another `SELECT …` → `SELECT`.
fn kind(text: &str) -> String {
    let words: Vec<String> = text.split_whitespace().map(str::to_uppercase).collect();
    let Some(first) = words.first() else {
        return String::new();
    };
    let taken: Vec<&str> = match first.as_str() {
        // The listing's words: up to its scope or options (`IN`, `LIKE`, `LIMIT`), but
        // SHOW FUTURE GRANTS IN SCHEMA|DATABASE keeps its container's kind, and SHOW GRANTS
        // TO [DATABASE] ROLE stops before the role's name.
        "SHOW" => {
            let end = match words.get(1).map(String::as_str) {
                Some("FUTURE") => 5,
                Some("GRANTS") => words.iter().position(|w| w == "ROLE").map_or(2, |p| p + 1),
                _ => words
                    .iter()
                    .position(|w| matches!(w.as_str(), "IN" | "LIKE" | "LIMIT" | "STARTS"))
                    .unwrap_or(words.len()),
            };
            words[..end.min(words.len())]
                .iter()
                .map(String::as_str)
                .collect()
        }
        // Without the object's name, the statement's last word (the plan's statements
        // are read this way: DESCRIBE, never a CREATE with a body).
        "DESCRIBE" | "DESC" | "CREATE" | "ALTER" | "DROP" => words
            [..words.len().saturating_sub(1).max(1)]
            .iter()
            .map(String::as_str)
            .collect(),
        "SELECT" => {
            // A united statement names several: each once, in order (`SELECT
            // POLICY_REFERENCES + TAG_REFERENCES_ALL_COLUMNS`).
            let upper = text.to_uppercase();
            let mut names: Vec<String> = Vec::new();
            for rest in upper.split("INFORMATION_SCHEMA.").skip(1) {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            return if names.is_empty() {
                "SELECT".to_string()
            } else {
                format!("SELECT {}", names.join(" + "))
            };
        }
        _ => vec![first.as_str()],
    };
    taken.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_is_the_query_ids_last_group() {
        assert_eq!(
            sequence("01b00000-0000-0000-0000-00000000002a").unwrap(),
            42
        );
        assert!(sequence("not-an-id").is_err());
    }

    #[test]
    fn statements_are_grouped_by_their_leading_words() {
        assert_eq!(
            kind("SHOW TASKS IN DATABASE BENCH LIMIT 10000"),
            "SHOW TASKS"
        );
        assert_eq!(kind("show file formats in database B"), "SHOW FILE FORMATS");
        assert_eq!(kind("SELECT TABLE_NAME FROM X"), "SELECT");
        assert_eq!(kind("SHOW GRANTS TO ROLE R_1"), "SHOW GRANTS TO ROLE");
        assert_eq!(
            kind("SHOW GRANTS TO DATABASE ROLE B.R"),
            "SHOW GRANTS TO DATABASE ROLE"
        );
        assert_eq!(
            kind("SHOW FUTURE GRANTS IN SCHEMA B.S01"),
            "SHOW FUTURE GRANTS IN SCHEMA"
        );
        assert_eq!(
            kind("SHOW ROW ACCESS POLICIES IN DATABASE B"),
            "SHOW ROW ACCESS POLICIES"
        );
        assert_eq!(
            kind("DESCRIBE MASKING POLICY B.S01.EMAIL_MASK"),
            "DESCRIBE MASKING POLICY"
        );
        assert_eq!(
            kind("DESCRIBE ROW ACCESS POLICY B.S01.P"),
            "DESCRIBE ROW ACCESS POLICY"
        );
        assert_eq!(
            kind("SELECT A FROM TABLE(B.INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => 'x'))"),
            "SELECT POLICY_REFERENCES"
        );
        assert_eq!(
            kind(
                "SELECT 0 AS LF_QUERY, A, NULL AS B FROM TABLE(B.INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => 'x')) \
                 UNION ALL SELECT 1 AS LF_QUERY, A, B FROM TABLE(B.INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => 'y')) \
                 UNION ALL SELECT 2 AS LF_QUERY, NULL AS A, B FROM TABLE(B.INFORMATION_SCHEMA.TAG_REFERENCES_ALL_COLUMNS('t', 'TABLE'))"
            ),
            "SELECT POLICY_REFERENCES + TAG_REFERENCES_ALL_COLUMNS"
        );
    }
}
