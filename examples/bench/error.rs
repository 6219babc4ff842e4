//! What can go wrong while benchmarking, with what was being done.

use lakeform::apply::{ApplyError, LockError};
use lakeform::providers::snowflake::error::ClientError;
use lakeform::session::SessionError;

#[derive(Debug, thiserror::Error)]
pub(crate) enum BenchError {
    #[error("cannot run {program}: {source}")]
    Spawn {
        program: String,
        source: std::io::Error,
    },
    #[error("the emulator did not start: {0}")]
    Emulator(String),
    #[error("cannot read {path}: {detail}")]
    Proc { path: String, detail: String },
    #[error("cannot write the benchmark project or report: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Session(#[from] SessionError),
    #[error("{0}")]
    Lock(#[from] LockError),
    #[error("apply did not start: {0}")]
    Apply(#[from] ApplyError),
    #[error("the apply failed:\n{0}")]
    ApplyFailed(String),
    #[error("counting statements in the query history: {0}")]
    History(String),
    #[error("the environment has no Snowflake connection")]
    NoSnowflake,
    #[error("cannot count statements: {0}")]
    Client(#[from] ClientError),
    #[error("the measuring process for {objects} objects failed ({status}):\n{stderr}")]
    Measure {
        objects: usize,
        status: String,
        stderr: String,
    },
    #[error("the measuring process's answer is not a measurement: {0}")]
    Answer(#[from] serde_json::Error),
}
