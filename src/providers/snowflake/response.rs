//! Response bodies of the SQL API, as Snowflake documents them.
//!
//! One shape covers the three documented objects, which share their fields: `ResultSet`
//! (200: metadata, the first partition's `data`, or `statementHandles` for a
//! multi-statement request), `QueryStatus` (202 still running, 408 timed out) and
//! `QueryFailureStatus` (422 failed, and most other errors). Every cell of `data` is a
//! string or null (`jsonv2`); other JSON values are tolerated and kept as their JSON text.
//! Turning a body into a `ResultSet` or an error is the client's job.

use serde::Deserialize;

/// The body of any SQL API response.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct StatementResponse {
    pub(crate) code: Option<String>,
    pub(crate) sql_state: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) statement_handle: Option<String>,
    pub(crate) statement_status_url: Option<String>,
    /// Handles of the statements of a multi-statement request, in order.
    pub(crate) statement_handles: Option<Vec<String>>,
    pub(crate) result_set_meta_data: Option<ResultSetMetaData>,
    pub(crate) data: Option<Vec<Vec<serde_json::Value>>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ResultSetMetaData {
    /// Rows in all partitions together.
    pub(crate) num_rows: Option<u64>,
    #[serde(default)]
    pub(crate) row_type: Vec<RowType>,
    /// One entry per partition; partition 0 arrives with the first response.
    #[serde(default)]
    /// Only how many there are matters: partition `i` is fetched by its index.
    pub(crate) partition_info: Vec<serde::de::IgnoredAny>,
}

/// A column of the result.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RowType {
    pub(crate) name: String,
    #[serde(rename = "type", default)]
    pub(crate) data_type: String,
    pub(crate) nullable: Option<bool>,
}

/// A cell as the client keeps it: its text, or `None` for SQL NULL.
pub(crate) fn cell_text(value: serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(text) => Some(text),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_a_documented_result_set() {
        let body = json!({
            "code": "090001",
            "sqlState": "00000",
            "message": "Statement executed successfully.",
            "statementHandle": "01a2-b3",
            "statementStatusUrl": "/api/v2/statements/01a2-b3?requestId=x",
            "createdOn": 1_700_000_000_000u64,
            "resultSetMetaData": {
                "numRows": 2,
                "format": "jsonv2",
                "rowType": [{"name": "name", "type": "text", "nullable": false, "length": 16777216, "precision": null, "scale": null, "database": "", "schema": "", "table": "", "byteLength": 16777216, "collation": null}],
                "partitionInfo": [{"rowCount": 1, "uncompressedSize": 10}, {"rowCount": 1, "uncompressedSize": 10}]
            },
            "data": [["A"]]
        });
        let response: StatementResponse = serde_json::from_value(body).unwrap();
        let meta = response.result_set_meta_data.unwrap();
        assert_eq!(meta.num_rows, Some(2));
        assert_eq!(meta.row_type[0].data_type, "text");
        assert_eq!(meta.partition_info.len(), 2);
        assert_eq!(response.data.unwrap()[0][0], json!("A"));
    }

    #[test]
    fn cells_keep_null_apart_from_text() {
        assert_eq!(cell_text(json!(null)), None);
        assert_eq!(cell_text(json!("null")), Some("null".into()));
        assert_eq!(cell_text(json!(12)), Some("12".into()));
        assert_eq!(cell_text(json!(true)), Some("true".into()));
    }
}
