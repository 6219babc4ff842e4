//! The JSON of Snowflake's SQL API v2 as the sandbox sends and receives it.
//!
//! Request side: the body of `POST /api/v2/statements` and its query parameters. Response
//! side: one type per documented shape — `ResultSet` (200), `QueryStatus` (202 and 408),
//! `QueryFailureStatus` (422), `CancelStatus` (cancel), `PartitionData` (a later partition,
//! which real Snowflake answers with `data` only) and `ApiError` (everything the service
//! refuses before a statement exists: 400, 401, 429, 503). Field names and codes follow the
//! SQL API reference and recorded answers of a real account; where Snowflake documents no
//! code the sandbox sends none rather than invent one.
//!
//! This module only describes shapes; deciding which one to send is the server's job.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Success: "Statement executed successfully." with code 090001.
pub(crate) const CODE_SUCCESS: &str = "090001";
/// Still running (202).
pub(crate) const CODE_RUNNING: &str = "333334";
/// A multi-statement request whose statement count differs from `MULTI_STATEMENT_COUNT`.
pub(crate) const CODE_STATEMENT_COUNT: &str = "000008";
/// A statement cancelled by `POST …/cancel`.
pub(crate) const CODE_CANCELLED: &str = "000604";
/// A statement that reached its timeout (408).
pub(crate) const CODE_TIMEOUT: &str = "000630";
/// A request whose statement text is empty.
pub(crate) const CODE_EMPTY_STATEMENT: &str = "000900";
/// A statement handle the service does not know.
pub(crate) const CODE_UNKNOWN_HANDLE: &str = "000709";
/// A `partition` outside the result's partitions.
pub(crate) const CODE_BAD_PARTITION: &str = "391922";
/// A key-pair JWT the service refused.
pub(crate) const CODE_INVALID_JWT: &str = "390144";
/// An OAuth or programmatic access token the service refused.
pub(crate) const CODE_INVALID_TOKEN: &str = "390303";
/// A request with no usable `Authorization` header.
pub(crate) const CODE_NO_TOKEN: &str = "390146";

/// The body of `POST /api/v2/statements`.
#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct StatementRequest {
    pub(crate) statement: Option<String>,
    /// Seconds; 0 means the maximum.
    pub(crate) timeout: Option<u64>,
    pub(crate) database: Option<String>,
    pub(crate) schema: Option<String>,
    pub(crate) warehouse: Option<String>,
    pub(crate) role: Option<String>,
    /// Bind variables; the sandbox refuses them (lakeform never sends any).
    pub(crate) bindings: Option<serde_json::Value>,
    #[serde(default)]
    pub(crate) parameters: BTreeMap<String, serde_json::Value>,
}

/// What `MULTI_STATEMENT_COUNT` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StatementCount {
    /// `"0"`: any number of statements.
    Any,
    Exactly(usize),
}

impl StatementRequest {
    /// `MULTI_STATEMENT_COUNT` from `parameters` (a string as documented, or a number);
    /// absent means one statement, as Snowflake counts it.
    pub(crate) fn statement_count(&self) -> Result<StatementCount, String> {
        let Some(value) = self
            .parameters
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("MULTI_STATEMENT_COUNT"))
            .map(|(_, value)| value)
        else {
            return Ok(StatementCount::Exactly(1));
        };
        let count = match value {
            serde_json::Value::String(text) => text.trim().parse::<usize>().ok(),
            serde_json::Value::Number(number) => {
                number.as_u64().and_then(|n| usize::try_from(n).ok())
            }
            _ => None,
        };
        match count {
            Some(0) => Ok(StatementCount::Any),
            Some(n) => Ok(StatementCount::Exactly(n)),
            None => Err(format!(
                "MULTI_STATEMENT_COUNT must be a non-negative integer, got {value}"
            )),
        }
    }
}

/// The query parameters of `POST /api/v2/statements`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SubmitParams {
    pub(crate) request_id: Option<String>,
    pub(crate) retry: bool,
    pub(crate) asynchronous: bool,
    /// `false` sends SQL NULL as the string `"null"`.
    pub(crate) nullable: bool,
}

impl SubmitParams {
    pub(crate) fn parse(query: Option<&str>) -> Result<SubmitParams, String> {
        let mut params = SubmitParams {
            request_id: None,
            retry: false,
            asynchronous: false,
            nullable: true,
        };
        for (name, value) in url::form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            match name.as_ref() {
                "requestId" => params.request_id = Some(value.into_owned()),
                "retry" => params.retry = parse_bool(&name, &value)?,
                "async" => params.asynchronous = parse_bool(&name, &value)?,
                "nullable" => params.nullable = parse_bool(&name, &value)?,
                _ => {}
            }
        }
        Ok(params)
    }
}

/// The `partition` query parameter of `GET /api/v2/statements/{handle}`.
pub(crate) fn parse_partition(query: Option<&str>) -> Result<Option<usize>, String> {
    for (name, value) in url::form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        if name == "partition" {
            return value
                .parse::<usize>()
                .map(Some)
                .map_err(|_| format!("partition must be a non-negative integer, got {value:?}"));
        }
    }
    Ok(None)
}

fn parse_bool(name: &str, value: &str) -> Result<bool, String> {
    if value.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if value.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(format!("{name} must be true or false, got {value:?}"))
    }
}

/// One column of `resultSetMetaData.rowType`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RowType {
    pub(crate) name: String,
    pub(crate) database: String,
    pub(crate) schema: String,
    pub(crate) table: String,
    #[serde(rename = "type")]
    pub(crate) type_name: String,
    pub(crate) byte_length: Option<u64>,
    pub(crate) length: Option<u64>,
    pub(crate) precision: Option<u32>,
    pub(crate) scale: Option<u32>,
    pub(crate) nullable: bool,
    pub(crate) collation: Option<String>,
}

impl RowType {
    /// A column as Snowflake describes it: text columns carry their maximum length,
    /// numbers their precision and scale.
    pub(crate) fn new(name: &str, type_name: &str, nullable: bool) -> RowType {
        let (length, precision, scale) = match type_name {
            "text" => (Some(16_777_216), None, None),
            "fixed" => (None, Some(38), Some(0)),
            "timestamp_ltz" | "timestamp_ntz" | "timestamp_tz" | "time" => (None, Some(0), Some(9)),
            _ => (None, None, None),
        };
        RowType {
            name: name.to_string(),
            database: String::new(),
            schema: String::new(),
            table: String::new(),
            type_name: type_name.to_string(),
            byte_length: length,
            length,
            precision,
            scale,
            nullable,
            collation: None,
        }
    }
}

/// One entry of `resultSetMetaData.partitionInfo`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PartitionInfo {
    pub(crate) row_count: usize,
    pub(crate) uncompressed_size: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ResultSetMetaData {
    pub(crate) num_rows: usize,
    pub(crate) format: String,
    pub(crate) row_type: Vec<RowType>,
    pub(crate) partition_info: Vec<PartitionInfo>,
}

/// 200: a finished statement with its first partition of rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ResultSet {
    pub(crate) result_set_meta_data: ResultSetMetaData,
    pub(crate) data: Vec<Vec<Option<String>>>,
    pub(crate) code: String,
    pub(crate) sql_state: String,
    pub(crate) message: String,
    pub statement_handle: String,
    pub(crate) statement_status_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) request_id: Option<String>,
    pub(crate) created_on: i64,
    /// The handles of the statements of a multi-statement request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) statement_handles: Option<Vec<String>>,
}

/// 202 (still running) and 408 (timed out and cancelled).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct QueryStatus {
    pub(crate) code: String,
    /// Absent from 202 answers, as in Snowflake's example.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) sql_state: Option<String>,
    pub(crate) message: String,
    pub statement_handle: String,
    pub(crate) statement_status_url: String,
    pub(crate) created_on: i64,
}

/// 422: the statement failed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct QueryFailureStatus {
    pub(crate) code: String,
    pub(crate) sql_state: String,
    pub(crate) message: String,
    pub statement_handle: String,
    pub(crate) statement_status_url: String,
    pub(crate) created_on: i64,
    /// For a multi-statement request: the statements run so far, the failed one last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) statement_handles: Option<Vec<String>>,
}

/// The answer to `POST /api/v2/statements/{handle}/cancel`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CancelStatus {
    pub(crate) code: String,
    pub(crate) sql_state: String,
    pub(crate) message: String,
    pub statement_handle: String,
    pub(crate) statement_status_url: String,
}

/// A partition after the first: only its rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct PartitionData {
    pub(crate) data: Vec<Vec<Option<String>>>,
}

/// A refusal before any statement exists (400, 401, 429, 503).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ApiError {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) sql_state: Option<String>,
    pub(crate) message: String,
}

/// The status URL of a statement, with the request id when the request had one (as
/// Snowflake writes it).
pub(crate) fn status_url(handle: &str, request_id: Option<&str>) -> String {
    match request_id {
        Some(id) => format!(
            "/api/v2/statements/{handle}?requestId={}",
            url::form_urlencoded::byte_serialize(id.as_bytes()).collect::<String>()
        ),
        None => format!("/api/v2/statements/{handle}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_count_reads_strings_numbers_and_absence() {
        let mut request = StatementRequest::default();
        assert_eq!(request.statement_count(), Ok(StatementCount::Exactly(1)));
        request
            .parameters
            .insert("MULTI_STATEMENT_COUNT".into(), "0".into());
        assert_eq!(request.statement_count(), Ok(StatementCount::Any));
        request
            .parameters
            .insert("MULTI_STATEMENT_COUNT".into(), 3.into());
        assert_eq!(request.statement_count(), Ok(StatementCount::Exactly(3)));
        request
            .parameters
            .insert("MULTI_STATEMENT_COUNT".into(), "x".into());
        assert!(request.statement_count().is_err());
    }

    #[test]
    fn submit_params_parse_and_refuse_bad_booleans() {
        let params =
            SubmitParams::parse(Some("requestId=a%2Db&retry=true&async=TRUE&nullable=false"))
                .unwrap();
        assert_eq!(
            params,
            SubmitParams {
                request_id: Some("a-b".into()),
                retry: true,
                asynchronous: true,
                nullable: false
            }
        );
        assert!(SubmitParams::parse(Some("retry=yes")).is_err());
        assert_eq!(parse_partition(Some("partition=2")), Ok(Some(2)));
        assert_eq!(parse_partition(None), Ok(None));
        assert!(parse_partition(Some("partition=-1")).is_err());
    }

    #[test]
    fn result_set_serialises_with_snowflake_field_names() {
        let body = ResultSet {
            result_set_meta_data: ResultSetMetaData {
                num_rows: 1,
                format: "jsonv2".into(),
                row_type: vec![RowType::new("1", "fixed", false)],
                partition_info: vec![PartitionInfo {
                    row_count: 1,
                    uncompressed_size: 8,
                }],
            },
            data: vec![vec![Some("1".into()), None]],
            code: CODE_SUCCESS.into(),
            sql_state: "00000".into(),
            message: "Statement executed successfully.".into(),
            statement_handle: "h".into(),
            statement_status_url: status_url("h", Some("r 1")),
            request_id: None,
            created_on: 5,
            statement_handles: None,
        };
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["resultSetMetaData"]["numRows"], 1);
        assert_eq!(json["resultSetMetaData"]["rowType"][0]["type"], "fixed");
        assert_eq!(json["resultSetMetaData"]["partitionInfo"][0]["rowCount"], 1);
        assert_eq!(json["data"], serde_json::json!([["1", null]]));
        assert_eq!(
            json["statementStatusUrl"],
            "/api/v2/statements/h?requestId=r+1"
        );
        assert!(json.get("statementHandles").is_none());
    }
}
