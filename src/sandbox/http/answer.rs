//! Turns a statement's state into the HTTP answer Snowflake gives for it: 200 with a
//! `ResultSet`, 202 while running, 422 for a failed or cancelled statement, 408 for one
//! that reached its timeout, a later partition's rows, the cancel acknowledgement, and the
//! JSON refusals (400/401/404/429/503) that come before any statement exists.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::handles::{Finished, Outcome, Partitioned, Statement};
use super::wire::{
    self, ApiError, CancelStatus, PartitionData, PartitionInfo, QueryFailureStatus, QueryStatus,
    ResultSet, ResultSetMetaData, RowType,
};

const SQL_STATE_OK: &str = "00000";
/// Snowflake's sqlState for a statement cancelled by the user or by its timeout.
const SQL_STATE_CANCELLED: &str = "57014";

/// The answer for a statement's current outcome (POST, or GET without `partition`).
pub(crate) fn outcome(statement: &Statement, outcome: &Outcome) -> Response {
    let handle = statement.handle.clone();
    let url = wire::status_url(&handle, statement.request_id.as_deref());
    let finished = match outcome {
        Outcome::Running => return running(statement),
        Outcome::Done(finished) => finished,
    };
    match finished.as_ref() {
        Finished::Rows { result, children } => {
            let body = ResultSet {
                result_set_meta_data: metadata(result),
                data: cells(
                    result.partitions.first().cloned().unwrap_or_default(),
                    statement,
                ),
                code: wire::CODE_SUCCESS.into(),
                sql_state: SQL_STATE_OK.into(),
                message: "Statement executed successfully.".into(),
                statement_handle: handle,
                statement_status_url: url,
                request_id: statement.request_id.clone(),
                created_on: statement.created_on,
                statement_handles: children.clone(),
            };
            (StatusCode::OK, Json(body)).into_response()
        }
        Finished::Failed { error, children } => failure(
            statement,
            &error.code,
            &error.sql_state,
            &error.message,
            children.clone(),
        ),
        Finished::Cancelled => failure(
            statement,
            wire::CODE_CANCELLED,
            SQL_STATE_CANCELLED,
            "SQL execution canceled",
            None,
        ),
        Finished::TimedOut { seconds } => {
            let body = QueryStatus {
                code: wire::CODE_TIMEOUT.into(),
                sql_state: Some(SQL_STATE_CANCELLED.into()),
                message: format!(
                    "Statement reached its statement or warehouse timeout of {seconds} second(s) and was canceled."
                ),
                statement_handle: handle,
                statement_status_url: url,
                created_on: statement.created_on,
            };
            (StatusCode::REQUEST_TIMEOUT, Json(body)).into_response()
        }
    }
}

/// The answer for `GET …/{handle}?partition=N`: the partition's rows only, as Snowflake
/// sends them. A statement without rows answers as it would without `partition`.
pub(crate) fn partition(statement: &Statement, current: &Outcome, index: usize) -> Response {
    let Outcome::Done(finished) = current else {
        return running(statement);
    };
    let Finished::Rows { result, .. } = finished.as_ref() else {
        return outcome(statement, current);
    };
    match result.partitions.get(index) {
        Some(rows) => {
            let body = PartitionData {
                data: cells(rows.clone(), statement),
            };
            (StatusCode::OK, Json(body)).into_response()
        }
        None => api_error(
            StatusCode::BAD_REQUEST,
            Some(wire::CODE_BAD_PARTITION),
            format!(
                "Invalid partition number {index}. Valid range is [0, {}].",
                result.partitions.len() - 1
            ),
        ),
    }
}

/// The acknowledgement of `POST …/{handle}/cancel` (sent whether or not the statement was
/// still running, as Snowflake does).
pub(crate) fn cancel_acknowledged(statement: &Statement) -> Response {
    let body = CancelStatus {
        code: wire::CODE_CANCELLED.into(),
        sql_state: SQL_STATE_CANCELLED.into(),
        message: "successfully canceled".into(),
        statement_handle: statement.handle.clone(),
        statement_status_url: wire::status_url(&statement.handle, statement.request_id.as_deref()),
    };
    (StatusCode::OK, Json(body)).into_response()
}

/// A refusal before any statement exists.
pub(crate) fn api_error(
    status: StatusCode,
    code: Option<&str>,
    message: impl Into<String>,
) -> Response {
    let body = ApiError {
        code: code.map(str::to_string),
        sql_state: None,
        message: message.into(),
    };
    (status, Json(body)).into_response()
}

/// The answer for a handle the sandbox does not know (never issued, or long forgotten).
pub(crate) fn unknown_handle(handle: &str) -> Response {
    api_error(
        StatusCode::BAD_REQUEST,
        Some(wire::CODE_UNKNOWN_HANDLE),
        format!("Statement {handle} not found."),
    )
}

fn running(statement: &Statement) -> Response {
    let body = QueryStatus {
        code: wire::CODE_RUNNING.into(),
        sql_state: None,
        message: "Asynchronous execution in progress. Use provided query id to perform query monitoring and management.".into(),
        statement_handle: statement.handle.clone(),
        statement_status_url: wire::status_url(&statement.handle, statement.request_id.as_deref()),
        created_on: statement.created_on,
    };
    (StatusCode::ACCEPTED, Json(body)).into_response()
}

fn failure(
    statement: &Statement,
    code: &str,
    sql_state: &str,
    message: &str,
    children: Option<Vec<String>>,
) -> Response {
    let body = QueryFailureStatus {
        code: code.into(),
        sql_state: sql_state.into(),
        message: message.into(),
        statement_handle: statement.handle.clone(),
        statement_status_url: wire::status_url(&statement.handle, statement.request_id.as_deref()),
        created_on: statement.created_on,
        statement_handles: children,
    };
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

fn metadata(result: &Partitioned) -> ResultSetMetaData {
    ResultSetMetaData {
        num_rows: result.num_rows,
        format: "jsonv2".into(),
        row_type: result
            .columns
            .iter()
            .map(|c| RowType::new(&c.name, c.type_name, c.nullable))
            .collect(),
        partition_info: result
            .partitions
            .iter()
            .zip(&result.sizes)
            .map(|(rows, size)| PartitionInfo {
                row_count: rows.len(),
                uncompressed_size: *size,
            })
            .collect(),
    }
}

/// With `nullable=false` on the request, SQL NULL is sent as the string "null".
fn cells(rows: Vec<Vec<Option<String>>>, statement: &Statement) -> Vec<Vec<Option<String>>> {
    if statement.nullable {
        return rows;
    }
    rows.into_iter()
        .map(|row| {
            row.into_iter()
                .map(|cell| Some(cell.unwrap_or_else(|| "null".into())))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::error::SqlError;
    use crate::sandbox::http::handles::Statements;
    use crate::sandbox::result::{QueryResult, ResultColumn};

    async fn json(response: Response) -> (StatusCode, serde_json::Value) {
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    fn rows_with_a_null() -> Finished {
        Finished::Rows {
            result: Partitioned::split(QueryResult {
                columns: vec![ResultColumn {
                    name: "C".into(),
                    type_name: "text",
                    nullable: true,
                }],
                rows: vec![vec![None], vec![Some("x".into())]],
            }),
            children: None,
        }
    }

    #[tokio::test]
    async fn null_is_json_null_unless_the_request_said_nullable_false() {
        let statements = Statements::new(10);
        let nullable = statements.register_finished(None, true, rows_with_a_null());
        let (status, body) = json(outcome(&nullable, &nullable.outcome())).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["data"], serde_json::json!([[null], ["x"]]));
        let not_nullable = statements.register_finished(None, false, rows_with_a_null());
        let (_, body) = json(outcome(&not_nullable, &not_nullable.outcome())).await;
        assert_eq!(body["data"], serde_json::json!([["null"], ["x"]]));
    }

    #[tokio::test]
    async fn failures_timeouts_and_cancels_have_their_codes() {
        let statements = Statements::new(10);
        let failed = statements.register_finished(
            Some("r".into()),
            true,
            Finished::Failed {
                error: SqlError {
                    code: "002003".into(),
                    sql_state: "02000".into(),
                    message:
                        "SQL compilation error:\nDatabase 'X' does not exist or not authorized."
                            .into(),
                },
                children: None,
            },
        );
        let (status, body) = json(outcome(&failed, &failed.outcome())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["code"], "002003");
        assert_eq!(body["sqlState"], "02000");
        assert_eq!(
            body["statementStatusUrl"],
            format!("/api/v2/statements/{}?requestId=r", failed.handle)
        );

        let timed_out = statements.register_finished(None, true, Finished::TimedOut { seconds: 3 });
        let (status, body) = json(outcome(&timed_out, &timed_out.outcome())).await;
        assert_eq!(status, StatusCode::REQUEST_TIMEOUT);
        assert_eq!(body["code"], "000630");
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains("timeout of 3 second(s)")
        );

        let cancelled = statements.register_finished(None, true, Finished::Cancelled);
        let (status, body) = json(outcome(&cancelled, &cancelled.outcome())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["code"], "000604");

        let running = statements.register(None, true);
        let (status, body) = json(outcome(&running, &running.outcome())).await;
        assert_eq!(status, StatusCode::ACCEPTED);
        assert_eq!(body["code"], "333334");
        assert!(body.get("sqlState").is_none());
    }

    #[tokio::test]
    async fn partitions_outside_the_result_name_the_valid_range() {
        let statements = Statements::new(10);
        let statement = statements.register_finished(None, true, rows_with_a_null());
        let (status, body) = json(partition(&statement, &statement.outcome(), 0)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, serde_json::json!({"data": [[null], ["x"]]}));
        let (status, body) = json(partition(&statement, &statement.outcome(), 1)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["code"], "391922");
        assert!(body["message"].as_str().unwrap().contains("[0, 0]"));
    }
}
