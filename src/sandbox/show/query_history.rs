//! `TABLE(INFORMATION_SCHEMA.QUERY_HISTORY([RESULT_LIMIT => n]))`: the newest `n`
//! statements (default 100, at most 10,000), newest first; the query's own filters and
//! order apply to those rows, as RESULT_LIMIT applies first in Snowflake.

use super::rows::evaluate;
use crate::sandbox::error::SqlError;
use crate::sandbox::history::History;
use crate::sandbox::result::{QueryResult, ResultColumn};
use crate::sandbox::statement::RowQuery;
use crate::sql::{TokenKind, tokenize};

const DEFAULT_LIMIT: u64 = 100;
const MAX_LIMIT: u64 = 10_000;

const COLUMNS: [(&str, &str); 14] = [
    ("QUERY_ID", "text"),
    ("QUERY_TEXT", "text"),
    ("DATABASE_NAME", "text"),
    ("SCHEMA_NAME", "text"),
    ("QUERY_TYPE", "text"),
    ("USER_NAME", "text"),
    ("ROLE_NAME", "text"),
    ("WAREHOUSE_NAME", "text"),
    ("EXECUTION_STATUS", "text"),
    ("ERROR_CODE", "text"),
    ("ERROR_MESSAGE", "text"),
    ("START_TIME", "timestamp_ltz"),
    ("END_TIME", "timestamp_ltz"),
    ("TOTAL_ELAPSED_TIME", "fixed"),
];

/// `CREATE_TABLE`, `ALTER_TASK`, `SELECT`, `SHOW` …: the statement's leading keywords.
fn query_type(text: &str) -> String {
    let words: Vec<String> = tokenize(text)
        .unwrap_or_default()
        .into_iter()
        .filter(|t| !t.is_trivia())
        .take(8)
        .take_while(|t| t.kind == TokenKind::Word)
        .map(|t| t.value.to_uppercase())
        .collect();
    let first = words
        .first()
        .cloned()
        .unwrap_or_else(|| "UNKNOWN".to_string());
    match first.as_str() {
        "CREATE" | "ALTER" | "DROP" => {
            let kind = words
                .iter()
                .skip(1)
                .find(|w| {
                    ![
                        "OR",
                        "REPLACE",
                        "TRANSIENT",
                        "SECURE",
                        "RECURSIVE",
                        "STORAGE",
                        "FILE",
                    ]
                    .contains(&w.as_str())
                })
                .cloned()
                .unwrap_or_default();
            format!("{first}_{kind}")
        }
        _ => first,
    }
}

pub(crate) fn query_history(
    history: &History,
    limit: Option<u64>,
    query: &RowQuery,
) -> Result<QueryResult, SqlError> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(SqlError::invalid_value("RESULT_LIMIT", &limit.to_string()));
    }
    let rows = history
        .newest()
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .map(|e| {
            let elapsed = (e.end.0 - e.start.0) / 1_000_000;
            vec![
                Some(e.query_id.clone()),
                Some(e.query_text.clone()),
                e.database.clone(),
                e.schema.clone(),
                Some(query_type(&e.query_text)),
                e.user.clone(),
                e.role.clone(),
                e.warehouse.clone(),
                Some(e.status().to_string()),
                e.error_code.clone(),
                e.error_message.clone(),
                Some(e.start.to_sql_api()),
                Some(e.end.to_sql_api()),
                Some(elapsed.to_string()),
            ]
        })
        .collect();
    let columns: Vec<ResultColumn> = COLUMNS
        .iter()
        .map(|(n, t)| ResultColumn::new(*n, t))
        .collect();
    evaluate(&columns, rows, query)
}

#[cfg(test)]
mod tests {
    use super::query_type;

    #[test]
    fn query_types_name_the_statement() {
        assert_eq!(
            query_type("create or replace transient table t (a int)"),
            "CREATE_TABLE"
        );
        assert_eq!(query_type("ALTER TASK t RESUME"), "ALTER_TASK");
        assert_eq!(query_type("show tasks"), "SHOW");
        assert_eq!(query_type("create file format f"), "CREATE_FORMAT");
    }
}
