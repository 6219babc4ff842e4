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

/// `SHOW TASKS IN DATABASE …` → `SHOW TASKS`; `SELECT …` → `SELECT`.
fn kind(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().take(3).collect();
    let take = match words.first().map(|w| w.to_uppercase()).as_deref() {
        Some("SHOW") if words.get(1).is_some_and(|w| w.eq_ignore_ascii_case("FILE")) => 3,
        Some("SHOW" | "DESCRIBE" | "DESC" | "CREATE" | "ALTER" | "DROP") => 2,
        _ => 1,
    };
    words[..take.min(words.len())].join(" ").to_uppercase()
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
    }
}
