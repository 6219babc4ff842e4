//! The sandbox started in-process, for environments that say
//! `[snowflake] sandbox = ".lakeform/sandbox"`: a server on a free loopback port that
//! lakeform's own Snowflake client talks to over HTTP, exactly as it would to Snowflake.
//!
//! The returned [`RunningSandbox`] gives the base URL to point the client at; calling its
//! `shutdown` (or dropping it) saves the catalog to the state directory and stops the
//! server. Only one process can use a state directory at a time, so a second `lakeform`
//! run on the same project fails with a clear error instead of corrupting the state.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;

use super::server::{self, RunningSandbox, SandboxError, ServeOptions};

/// Starts the embedded sandbox with its state in `state_dir` (created if missing), beside
/// the local lake in `lake_dir` when the environment has one.
pub async fn start(
    state_dir: &Path,
    lake_dir: Option<&Path>,
) -> Result<RunningSandbox, SandboxError> {
    server::start(ServeOptions {
        listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        state_dir: Some(state_dir.to_path_buf()),
        lake_dir: lake_dir.map(Path::to_path_buf),
        ..ServeOptions::default()
    })
    .await
}
