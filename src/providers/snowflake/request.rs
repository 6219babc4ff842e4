//! The body of `POST /api/v2/statements`, as Snowflake documents it.
//!
//! `{"statement", "timeout", "database", "schema", "warehouse", "role", "parameters"}`;
//! absent values are omitted, not sent as null. Session parameters are strings, including
//! `MULTI_STATEMENT_COUNT`. Bind variables are not used: lakeform renders literals itself
//! (escaped), and the SQL API refuses bindings in multi-statement requests anyway.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

/// One statement submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct StatementRequest<'a> {
    pub(crate) statement: &'a str,
    /// Server-side timeout in whole seconds (0 would mean Snowflake's maximum, never sent).
    pub(crate) timeout: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) database: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) schema: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) warehouse: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) role: Option<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) parameters: BTreeMap<&'static str, String>,
}

impl<'a> StatementRequest<'a> {
    /// A submission of `statement` with a server timeout of `timeout` rounded up to whole
    /// seconds (at least one).
    pub(crate) fn new(statement: &'a str, timeout: Duration) -> Self {
        let whole = timeout.as_secs() + u64::from(timeout.subsec_nanos() > 0);
        StatementRequest {
            statement,
            timeout: whole.max(1),
            database: None,
            schema: None,
            warehouse: None,
            role: None,
            parameters: BTreeMap::new(),
        }
    }

    /// Allows `count` statements in the text (0: any number).
    pub(crate) fn multi_statement(mut self, count: usize) -> Self {
        self.parameters
            .insert("MULTI_STATEMENT_COUNT", count.to_string());
        self
    }

    pub(crate) fn query_tag(mut self, tag: Option<&str>) -> Self {
        if let Some(tag) = tag {
            self.parameters.insert("QUERY_TAG", tag.to_string());
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn serialises_the_documented_shape() {
        let mut request = StatementRequest::new("SELECT 1", Duration::from_millis(1500))
            .multi_statement(0)
            .query_tag(Some("lakeform"));
        request.role = Some("SYSADMIN");
        request.database = Some("DB");
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({
                "statement": "SELECT 1",
                "timeout": 2,
                "database": "DB",
                "role": "SYSADMIN",
                "parameters": {"MULTI_STATEMENT_COUNT": "0", "QUERY_TAG": "lakeform"}
            })
        );
    }

    #[test]
    fn omits_empty_parameters_and_never_sends_a_zero_timeout() {
        let request = StatementRequest::new("SELECT 1", Duration::ZERO);
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"statement": "SELECT 1", "timeout": 1})
        );
    }
}
