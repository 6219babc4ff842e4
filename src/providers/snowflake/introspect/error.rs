//! What can go wrong while reading live Snowflake, with the statement or the object it
//! happened on.

use crate::model::Kind;
use crate::providers::snowflake::result_set::CellError;

/// Any error a connection reports for one statement (HTTP, auth, Snowflake's own).
pub(crate) type StatementFailure = Box<dyn std::error::Error + Send + Sync + 'static>;

#[derive(Debug, thiserror::Error)]
pub enum IntrospectError {
    #[error("introspection statement `{statement}` failed: {source}")]
    Statement {
        statement: String,
        #[source]
        source: StatementFailure,
    },
    #[error("reading {kind} {object} from Snowflake's output: {source}")]
    Cell {
        kind: Kind,
        object: String,
        #[source]
        source: CellError,
    },
    #[error("reading {kind} {object}: column {column} holds {value:?}, which {problem}")]
    Value {
        kind: Kind,
        object: String,
        column: String,
        value: String,
        problem: String,
    },
    #[error(
        "`{statement}` returned {rows} rows, the most one SHOW returns, and this SHOW cannot be paged: the listing may be incomplete"
    )]
    Truncated { statement: String, rows: usize },
    #[error("an introspection task stopped before finishing: {0}")]
    Interrupted(String),
}
