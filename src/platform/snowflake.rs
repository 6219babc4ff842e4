//! `[snowflake]` → the SQL API client's connection settings.

use std::path::{Path, PathBuf};

use url::Url;

use crate::config::SnowflakeConfig;
use crate::config::connection::{Authenticator as ConfiguredAuthenticator, ConnectionProblem};
use crate::providers::snowflake::auth::Authenticator;
use crate::providers::snowflake::auth::oauth::OAuthToken;
use crate::providers::snowflake::auth::private_key::{PrivateKeyError, check_pem};
use crate::providers::snowflake::settings::ConnectionSettings;
use crate::secret::Secret;

#[derive(Debug, thiserror::Error)]
pub enum SnowflakeSetupError {
    /// The rules `validate` checks too ([`SnowflakeConfig::problems`]); reached only when
    /// the configuration did not come through the loader.
    #[error("{}", join(.0))]
    Rules(Vec<ConnectionProblem>),
    #[error(transparent)]
    KeyFile(#[from] KeyFileError),
    #[error("[snowflake] url {url:?} is not a URL: {source}")]
    Url {
        url: String,
        source: url::ParseError,
    },
}

/// Why the key-pair private key file cannot be used. Says what is wrong with the file,
/// not what the PEM decoder or the file system stumbled on.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error("the private key file path is empty")]
    EmptyPath,
    #[error("the private key file {path} is a directory, not a key file")]
    Directory { path: PathBuf },
    #[error("cannot read the private key file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the private key file {path} {source}")]
    Content {
        path: PathBuf,
        source: PrivateKeyError,
    },
}

/// The PEM text of the key file at `path`, checked to hold a key block (the key itself is
/// decoded, and decrypted, when the client is set up).
fn read_key_file(path: &Path) -> Result<Secret, KeyFileError> {
    if path.as_os_str().is_empty() {
        return Err(KeyFileError::EmptyPath);
    }
    if path.is_dir() {
        return Err(KeyFileError::Directory {
            path: path.to_path_buf(),
        });
    }
    let bytes = std::fs::read(path).map_err(|source| KeyFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let content = |source| KeyFileError::Content {
        path: path.to_path_buf(),
        source,
    };
    // A binary (DER) key is not PEM text; its bytes are dropped unseen.
    let text = String::from_utf8(bytes).map_err(|_| content(PrivateKeyError::NotPem))?;
    let pem = Secret::new(text);
    check_pem(pem.expose()).map_err(content)?;
    Ok(pem)
}

fn join(problems: &[ConnectionProblem]) -> String {
    let texts: Vec<String> = problems.iter().map(ToString::to_string).collect();
    texts.join("; ")
}

/// The settings for the embedded sandbox at `base_url`: it accepts any bearer token, so
/// the client sends a fixed placeholder as an OAuth token. The environment's `role` is
/// the session's role, held to its privileges as Snowflake would hold it; without one the
/// sandbox's administrator runs every statement.
pub(super) fn sandbox_settings(
    base_url: &str,
    role: Option<&str>,
) -> Result<ConnectionSettings, SnowflakeSetupError> {
    let auth = Authenticator::OAuth(OAuthToken::Static(Secret::new("sandbox")));
    let mut settings = ConnectionSettings::new("SANDBOX", "LAKEFORM", auth);
    settings.url = Some(parse_url(base_url)?);
    settings.role = role.map(str::to_string);
    Ok(settings)
}

/// The settings for a real account or a standalone sandbox (`url`).
pub(super) fn settings(
    config: &SnowflakeConfig,
) -> Result<ConnectionSettings, SnowflakeSetupError> {
    // The same rules `validate` reported; here nothing is deferred any more.
    let problems = config.problems(&|_| false);
    let rules = || SnowflakeSetupError::Rules(config.problems(&|_| false));
    if !problems.is_empty() {
        return Err(SnowflakeSetupError::Rules(problems));
    }
    let auth = match config.authenticator.ok_or_else(rules)? {
        ConfiguredAuthenticator::Keypair => {
            let path = config.private_key_file.as_deref().ok_or_else(rules)?;
            Authenticator::KeyPair {
                private_key_pem: read_key_file(path)?,
                passphrase: config.private_key_passphrase.clone(),
            }
        }
        ConfiguredAuthenticator::Pat => Authenticator::Pat {
            token: config.token.clone().ok_or_else(rules)?,
        },
        ConfiguredAuthenticator::Oauth => match (&config.token, &config.oauth_scope) {
            (Some(token), _) => Authenticator::OAuth(OAuthToken::Static(token.clone())),
            (None, Some(scope)) => Authenticator::OAuth(OAuthToken::EntraId {
                scope: scope.clone(),
                credential: crate::providers::snowflake::auth::oauth::EntraCredential::AzureCli,
            }),
            (None, None) => return Err(rules()),
        },
    };
    let account = config
        .account
        .clone()
        .unwrap_or_else(|| "SANDBOX".to_string());
    // Only key-pair needs a user (the rules above require it there); a token names its
    // own user, so the SQL API gets none.
    let user = config.user.clone().unwrap_or_default();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::connection::Authenticator as Configured;

    const PLAIN: &str = include_str!("../../tests/fixtures/snowflake/rsa_key.p8");
    const PKCS1: &str = include_str!("../../tests/fixtures/snowflake/rsa_key_pkcs1.pem");

    fn keypair(path: PathBuf) -> SnowflakeConfig {
        SnowflakeConfig {
            account: Some("myorg-acct".into()),
            user: Some("DEPLOY".into()),
            role: None,
            warehouse: None,
            authenticator: Some(Configured::Keypair),
            private_key_file: Some(path),
            private_key_passphrase: None,
            token: None,
            oauth_scope: None,
            url: None,
            sandbox: None,
            max_concurrency: None,
        }
    }

    fn key_error(path: PathBuf) -> String {
        settings(&keypair(path)).unwrap_err().to_string()
    }

    #[test]
    fn key_file_problems_say_what_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            key_error(PathBuf::new()),
            "the private key file path is empty"
        );
        assert_eq!(
            key_error(dir.path().to_path_buf()),
            format!(
                "the private key file {} is a directory, not a key file",
                dir.path().display()
            )
        );
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "just some text\n").unwrap();
        let der = dir.path().join("key.der");
        std::fs::write(&der, [0x30, 0x82, 0x04, 0xbd, 0x00, 0xff, 0xfe]).unwrap();
        for path in [text, der] {
            let message = key_error(path.clone());
            assert_eq!(
                message,
                format!(
                    "the private key file {} is not a PEM-encoded PKCS#8 key (expected a line \
                     '-----BEGIN PRIVATE KEY-----' or '-----BEGIN ENCRYPTED PRIVATE KEY-----')",
                    path.display()
                )
            );
            assert!(!message.contains("NUL"), "{message}");
        }
    }

    #[test]
    fn a_traditionally_encrypted_pkcs1_key_gets_the_conversion_hint() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rsa.pem");
        std::fs::write(
            &path,
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n",
        )
        .unwrap();
        let message = key_error(path);
        assert!(message.contains("openssl pkcs8 -topk8"), "{message}");
        assert!(message.contains("Proc-Type: 4,ENCRYPTED"), "{message}");
    }

    #[test]
    fn good_key_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        for (name, pem) in [("plain.p8", PLAIN), ("pkcs1.pem", PKCS1)] {
            let path = dir.path().join(name);
            std::fs::write(&path, pem).unwrap();
            let settings = settings(&keypair(path)).unwrap();
            assert_eq!(settings.user, "DEPLOY");
        }
    }

    #[test]
    fn a_token_needs_no_user() {
        let config = SnowflakeConfig {
            user: None,
            authenticator: Some(Configured::Pat),
            private_key_file: None,
            token: Some(Secret::new("pat-token")),
            ..keypair(PathBuf::new())
        };
        let settings = settings(&config).unwrap();
        assert_eq!(settings.user, "");
        assert!(settings.validate().is_ok());
        // Key-pair without a user is refused with the words `validate` uses.
        let config = SnowflakeConfig {
            user: None,
            ..keypair(PathBuf::from("k.p8"))
        };
        assert_eq!(
            settings_error(&config),
            "[snowflake] authenticator = \"keypair\" needs `user` (the key-pair JWT names the user)"
        );
    }

    fn settings_error(config: &SnowflakeConfig) -> String {
        settings(config).unwrap_err().to_string()
    }
}
