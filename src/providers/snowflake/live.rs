//! Glue between the SQL API client and introspection: [`read_live`] reads the managed
//! part of an account through a [`SnowflakeClient`].

use super::client::SnowflakeClient;
use super::error::ClientError;
use super::introspect::{self, Connection, IntrospectError, ReadScope, StatementFailure};
use super::result_set::ResultSet;
use crate::model::LiveState;

impl Connection for SnowflakeClient {
    async fn query(&self, sql: String) -> Result<ResultSet, StatementFailure> {
        self.execute(&sql)
            .await
            .map_err(|e: ClientError| Box::new(e) as StatementFailure)
    }
}

/// Reads every managed object in `scope` from the account, with at most `limit`
/// statements in flight.
pub async fn read_live(
    client: &SnowflakeClient,
    scope: &ReadScope,
    limit: usize,
) -> Result<LiveState, IntrospectError> {
    introspect::read(client, scope, limit).await
}
