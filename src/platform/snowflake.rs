//! `[snowflake]` → the SQL API client's connection settings.

use std::path::PathBuf;

use url::Url;

use crate::config::SnowflakeConfig;
use crate::config::connection::Authenticator as ConfiguredAuthenticator;
use crate::providers::snowflake::auth::Authenticator;
use crate::providers::snowflake::auth::oauth::OAuthToken;
use crate::providers::snowflake::settings::ConnectionSettings;
use crate::secret::Secret;

#[derive(Debug, thiserror::Error)]
pub enum SnowflakeSetupError {
    #[error("[snowflake] needs `{0}`")]
    Missing(&'static str),
    #[error("cannot read the private key file {path}: {source}")]
    KeyFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("[snowflake] url {url:?} is not a URL: {source}")]
    Url {
        url: String,
        source: url::ParseError,
    },
}

/// The settings for the embedded sandbox at `base_url`: it accepts any bearer token, so
/// the client sends a fixed placeholder as an OAuth token.
pub fn sandbox_settings(base_url: &str) -> Result<ConnectionSettings, SnowflakeSetupError> {
    let auth = Authenticator::OAuth(OAuthToken::Static(Secret::new("sandbox")));
    let mut settings = ConnectionSettings::new("SANDBOX", "LAKEFORM", auth);
    settings.url = Some(parse_url(base_url)?);
    Ok(settings)
}

/// The settings for a real account or a standalone sandbox (`url`).
pub fn settings(config: &SnowflakeConfig) -> Result<ConnectionSettings, SnowflakeSetupError> {
    let token = || {
        config
            .token
            .clone()
            .ok_or(SnowflakeSetupError::Missing("token"))
    };
    let auth = match config
        .authenticator
        .ok_or(SnowflakeSetupError::Missing("authenticator"))?
    {
        ConfiguredAuthenticator::Keypair => {
            let path = config
                .private_key_file
                .clone()
                .ok_or(SnowflakeSetupError::Missing("private_key_file"))?;
            let pem = std::fs::read_to_string(&path)
                .map_err(|source| SnowflakeSetupError::KeyFile { path, source })?;
            Authenticator::KeyPair {
                private_key_pem: Secret::new(pem),
                passphrase: config.private_key_passphrase.clone(),
            }
        }
        ConfiguredAuthenticator::Pat => Authenticator::Pat { token: token()? },
        ConfiguredAuthenticator::Oauth => match (&config.token, &config.oauth_scope) {
            (Some(token), _) => Authenticator::OAuth(OAuthToken::Static(token.clone())),
            (None, Some(scope)) => Authenticator::OAuth(OAuthToken::EntraId {
                scope: scope.clone(),
                credential: crate::providers::snowflake::auth::oauth::EntraCredential::AzureCli,
            }),
            (None, None) => return Err(SnowflakeSetupError::Missing("token or oauth_scope")),
        },
    };
    let account = config
        .account
        .clone()
        .unwrap_or_else(|| "SANDBOX".to_string());
    let user = config
        .user
        .clone()
        .ok_or(SnowflakeSetupError::Missing("user"))?;
    let mut settings = ConnectionSettings::new(account, user, auth);
    settings.role = config.role.clone();
    settings.warehouse = config.warehouse.clone();
    settings.url = config.url.as_deref().map(parse_url).transpose()?;
    Ok(settings)
}

fn parse_url(url: &str) -> Result<Url, SnowflakeSetupError> {
    Url::parse(url).map_err(|source| SnowflakeSetupError::Url {
        url: url.to_string(),
        source,
    })
}
