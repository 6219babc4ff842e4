//! How a request is authorised: Shared Key signature, SAS token, or Entra ID bearer token.
//!
//! The authoriser is applied at send time, on every attempt (a retried request needs a
//! fresh `x-ms-date` and so a fresh signature). Whatever it adds is secret and never
//! leaves the transport: not in descriptions, not in errors.

use super::credential::{Audience, BearerTokens};
use super::error::AdlsError;
use super::settings::AdlsAuth;
use super::shared_key;
use crate::secret::Secret;

#[derive(Debug)]
pub(crate) enum Authorizer {
    SharedKey { account: String, key: Secret },
    Sas { query: Secret },
    Bearer(BearerTokens),
}

/// What the authoriser adds to one attempt.
pub(crate) struct Authorization {
    pub(crate) header: Option<Secret>,
    pub(crate) extra_query: Option<Secret>,
}

impl Authorizer {
    pub(crate) fn new(account: &str, auth: &AdlsAuth) -> Result<Self, AdlsError> {
        Ok(match auth {
            AdlsAuth::SharedKey { account_key } => Authorizer::SharedKey {
                account: account.to_owned(),
                key: account_key.clone(),
            },
            AdlsAuth::Sas { token } => {
                let query = token.expose().trim().trim_start_matches('?');
                if query.is_empty() || !query.contains("sig=") {
                    return Err(AdlsError::Settings(
                        "sas_token does not look like a SAS query string (no sig=); the value is not shown"
                            .into(),
                    ));
                }
                Authorizer::Sas {
                    query: Secret::new(query),
                }
            }
            AdlsAuth::AzureIdentity { credential } => {
                Authorizer::Bearer(BearerTokens::new(credential, Audience::STORAGE)?)
            }
        })
    }

    /// Authorises one attempt. `headers` are all headers about to be sent, `url_path`
    /// the encoded path as sent, `query` the decoded query.
    pub(crate) async fn authorize(
        &self,
        method: &str,
        headers: &[(String, String)],
        url_path: &str,
        query: &[(String, String)],
    ) -> Result<Authorization, AdlsError> {
        Ok(match self {
            Authorizer::SharedKey { account, key } => {
                let sts = shared_key::string_to_sign(account, method, headers, url_path, query);
                Authorization {
                    header: Some(shared_key::authorization(account, key, &sts)?),
                    extra_query: None,
                }
            }
            Authorizer::Sas { query } => Authorization {
                header: None,
                extra_query: Some(query.clone()),
            },
            Authorizer::Bearer(tokens) => Authorization {
                header: Some(Secret::new(format!(
                    "Bearer {}",
                    tokens.token().await?.expose()
                ))),
                extra_query: None,
            },
        })
    }
}
