//! The query history: every statement received, in order, with its outcome — what
//! `TABLE(INFORMATION_SCHEMA.QUERY_HISTORY())` returns (newest first).
//!
//! It keeps the newest [`CAPACITY`] entries: more than any single query may return
//! (RESULT_LIMIT is at most 10,000), while bounding memory for long-running sandboxes.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use crate::sandbox::catalog::Stamp;
use crate::sandbox::error::SqlError;
use crate::sandbox::session::SqlSession;

pub(crate) const CAPACITY: usize = 50_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct HistoryEntry {
    pub(crate) query_id: String,
    pub(crate) query_text: String,
    pub(crate) database: Option<String>,
    pub(crate) schema: Option<String>,
    pub(crate) user: Option<String>,
    pub(crate) role: Option<String>,
    pub(crate) warehouse: Option<String>,
    pub(crate) start: Stamp,
    pub(crate) end: Stamp,
    pub(crate) error_code: Option<String>,
    pub(crate) error_message: Option<String>,
    /// The result's column names, for RESULT_SCAN
    /// (https://docs.snowflake.com/en/sql-reference/functions/result_scan); none for a
    /// failed statement (and for entries saved before they were kept).
    #[serde(default)]
    pub(crate) columns: Vec<String>,
    /// The columns' types where the query binder derived them (a query it answered),
    /// position by position; empty for other statements, whose types RESULT_SCAN does
    /// not know.
    #[serde(default)]
    pub(crate) types: Vec<Option<crate::model::data_type::DataType>>,
}

impl HistoryEntry {
    pub(crate) fn new(
        text: &str,
        session: &SqlSession,
        start: Stamp,
        error: Option<&SqlError>,
    ) -> HistoryEntry {
        HistoryEntry {
            query_id: String::new(),
            query_text: text.to_string(),
            database: session.database.as_ref().map(|d| d.as_str().to_string()),
            schema: session.schema.as_ref().map(|s| s.as_str().to_string()),
            user: session.user.clone(),
            role: session.role.clone(),
            warehouse: session.warehouse.clone(),
            start,
            end: start,
            error_code: error.map(|e| e.code.clone()),
            error_message: error.map(|e| e.message.clone()),
            columns: Vec::new(),
            types: Vec::new(),
        }
    }

    pub(crate) fn status(&self) -> &'static str {
        if self.error_code.is_some() {
            "FAILED_WITH_ERROR"
        } else {
            "SUCCESS"
        }
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct History {
    entries: VecDeque<HistoryEntry>,
    recorded: u64,
}

impl History {
    /// Records an entry, giving it the next query id, which it returns.
    pub(crate) fn record(&mut self, mut entry: HistoryEntry) -> String {
        self.recorded += 1;
        entry.query_id = query_id(self.recorded);
        let id = entry.query_id.clone();
        if self.entries.len() == CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
        id
    }

    /// The entry of a query id.
    pub(crate) fn find(&self, id: &str) -> Option<&HistoryEntry> {
        self.newest().find(|e| e.query_id == id)
    }

    /// Newest first.
    pub(crate) fn newest(&self) -> impl Iterator<Item = &HistoryEntry> {
        self.entries.iter().rev()
    }
}

/// Query ids shaped like Snowflake's (`01b2…-0000-…`), unique per sandbox.
fn query_id(sequence: u64) -> String {
    format!(
        "01b{:05x}-0000-{:04x}-0000-{:012x}",
        (sequence >> 32) & 0xf_ffff,
        (sequence >> 16) & 0xffff,
        sequence
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_entries_with_unique_ids() {
        let mut h = History::default();
        for i in 0..3 {
            h.record(HistoryEntry::new(
                &format!("select {i}"),
                &SqlSession::default(),
                Stamp(i),
                None,
            ));
        }
        let texts: Vec<&str> = h.newest().map(|e| e.query_text.as_str()).collect();
        assert_eq!(texts, ["select 2", "select 1", "select 0"]);
        let ids: std::collections::BTreeSet<&str> =
            h.newest().map(|e| e.query_id.as_str()).collect();
        assert_eq!(ids.len(), 3);
    }
}
