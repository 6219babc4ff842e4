//! Commands are synchronous functions; the ones that talk to a platform run their async
//! work on a runtime built here.

use std::future::Future;

use super::CliError;

pub(super) fn block_on<T>(work: impl Future<Output = Result<T, CliError>>) -> Result<T, CliError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(CliError::Runtime)?
        .block_on(work)
}
