//! The apply lock of an environment without a lake: a lock object in Snowflake.
//!
//! The object is a database `LAKEFORM_LOCK_<ENV>` (transient, no Time Travel), created
//! with plain `CREATE` — never `OR REPLACE` — which Snowflake refuses with 002002 when it
//! exists; two creates cannot both succeed, so taking a free lock is atomic. Its comment
//! carries a JSON record: the holder (user, host, pid, since), an expiry and a random
//! token identifying this holding. A database rather than a schema because it exists
//! before any managed database does (a first apply creates those), and account-level
//! databases are never in a plan's scope, so no plan reports it or prunes it.
//!
//! The holder renews the expiry every third of the time-to-live; a crashed holder stops
//! renewing and its lock expires. A taker that finds an expired lock drops it and creates
//! its own. **The race accepted:** taking over an expired lock is read-then-drop, not
//! atomic. Two takers that both read the same expired record may both drop — the second
//! one dropping the lock the first has just created — and both then hold it. That needs a
//! holder that crashed *and* two applies starting within the same moment after its lock
//! expired; a live holder's lock never expires, so normal contention is fully exclusive.
//! Expiry is judged by the taker's clock, which the time-to-live (minutes) keeps clear of
//! ordinary clock skew.

use std::future::Future;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::model::identifier::Ident;
use crate::providers::adls::LockHolder;
use crate::providers::snowflake::client::SnowflakeClient;
use crate::providers::snowflake::error::ClientError;
use crate::providers::snowflake::result_set::ResultSet;
use crate::sql::quote::literal;

/// How long a lock lives without renewal: after a crash, the next apply waits at most
/// this long (or drops the lock object by hand).
pub(crate) const DEFAULT_TTL: Duration = Duration::from_secs(300);
/// How often a waiting taker tries again.
const POLL: Duration = Duration::from_secs(2);
/// Snowflake's "object already exists".
const ALREADY_EXISTS: &str = "002002";
/// Snowflake's "object does not exist or not authorized".
const DOES_NOT_EXIST: &str = "002003";

/// Runs one statement; [`SnowflakeClient`] in production, an in-memory account in tests.
pub(crate) trait Sql: Clone + Send + Sync + 'static {
    fn run(&self, sql: &str) -> impl Future<Output = Result<ResultSet, ClientError>> + Send;
}

impl Sql for SnowflakeClient {
    async fn run(&self, sql: &str) -> Result<ResultSet, ClientError> {
        self.execute(sql).await
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SnowflakeLockError {
    #[error("environment name {0:?} cannot name a lock: use letters, digits, '-' and '_'")]
    BadEnvironment(String),
    #[error(
        "lock {lock} is held by {holder} since {since} (it expires at {expires} unless renewed)"
    )]
    Held {
        lock: String,
        holder: String,
        since: String,
        expires: String,
    },
    #[error(
        "lock {lock} exists but does not carry a lakeform lock record (comment {comment:?}); if no apply is running, drop it with DROP DATABASE {lock}"
    )]
    Unreadable {
        lock: String,
        comment: Option<String>,
    },
    #[error("lock {lock} is no longer ours: {detail}")]
    Lost { lock: String, detail: String },
    #[error("taking or releasing lock {lock}: {source}")]
    Snowflake {
        lock: String,
        #[source]
        source: Box<ClientError>,
    },
}

/// What the lock database's comment says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct LockRecord {
    pub(crate) holder: LockHolder,
    /// RFC 3339 UTC.
    pub(crate) expires: String,
    pub(crate) token: String,
}

impl LockRecord {
    fn expired(&self, now: jiff::Timestamp) -> bool {
        // An unreadable expiry never expires: better a refused apply than two at once.
        self.expires
            .parse::<jiff::Timestamp>()
            .is_ok_and(|expires| expires <= now)
    }
}

/// The lock database of `env`.
pub(crate) fn lock_name(env: &str) -> Result<Ident, SnowflakeLockError> {
    let ok = !env.is_empty()
        && env.len() <= 128
        && env
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !ok {
        return Err(SnowflakeLockError::BadEnvironment(env.to_string()));
    }
    Ok(Ident::from_stored(format!(
        "LAKEFORM_LOCK_{}",
        env.to_ascii_uppercase().replace('-', "_")
    )))
}

fn expiry(ttl: Duration) -> String {
    let now = jiff::Timestamp::now();
    let ttl = jiff::SignedDuration::try_from(ttl).unwrap_or(jiff::SignedDuration::MAX);
    now.checked_add(ttl)
        .unwrap_or(jiff::Timestamp::MAX)
        .to_string()
}

fn comment(record: &LockRecord) -> String {
    // Plain strings and numbers always serialise.
    literal(&serde_json::to_string(record).unwrap_or_default())
}

/// A held Snowflake lock. Release it with [`SnowflakeLock::release`]; dropping it stops
/// the renewals and the lock then expires.
#[derive(Debug)]
pub struct SnowflakeLock {
    name: Ident,
    token: String,
    holder: LockHolder,
    release_with: Box<dyn Releaser>,
    renewer: JoinHandle<()>,
    renewal_error: watch::Receiver<Option<String>>,
}

/// Erases the statement runner's type from the held lock.
trait Releaser: std::fmt::Debug + Send + Sync {
    fn release<'a>(
        &'a self,
        name: &'a Ident,
        token: &'a str,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<(), SnowflakeLockError>> + Send + 'a>>;
}

#[derive(Debug)]
struct ReleaseWith<S>(S);

impl<S: Sql + std::fmt::Debug> Releaser for ReleaseWith<S> {
    fn release<'a>(
        &'a self,
        name: &'a Ident,
        token: &'a str,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<(), SnowflakeLockError>> + Send + 'a>> {
        Box::pin(async move {
            match read(&self.0, name).await? {
                Some(record) if record.token == token => {}
                _ => {
                    return Err(SnowflakeLockError::Lost {
                        lock: name.to_string(),
                        detail: "it expired and another apply took it over".into(),
                    });
                }
            }
            match self.0.run(&format!("DROP DATABASE {name}")).await {
                Ok(_) => Ok(()),
                Err(e) if e.code() == Some(DOES_NOT_EXIST) => Ok(()),
                Err(source) => Err(SnowflakeLockError::Snowflake {
                    lock: name.to_string(),
                    source: Box::new(source),
                }),
            }
        })
    }
}

impl SnowflakeLock {
    /// Takes the lock of `env`, or fails at once with [`SnowflakeLockError::Held`] naming
    /// the holder; with `wait`, keeps trying until it has passed.
    pub(crate) async fn acquire<S: Sql + std::fmt::Debug>(
        sql: &S,
        env: &str,
        ttl: Duration,
        wait: Option<Duration>,
    ) -> Result<Self, SnowflakeLockError> {
        let name = lock_name(env)?;
        let deadline = wait.map(|w| Instant::now() + w);
        loop {
            let attempt = Self::try_acquire(sql, &name, ttl).await;
            let remaining = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            match (attempt, remaining) {
                (Err(SnowflakeLockError::Held { .. }), Some(left)) if !left.is_zero() => {
                    tokio::time::sleep(left.min(POLL)).await;
                }
                (other, _) => return other,
            }
        }
    }

    async fn try_acquire<S: Sql + std::fmt::Debug>(
        sql: &S,
        name: &Ident,
        ttl: Duration,
    ) -> Result<Self, SnowflakeLockError> {
        let failed = |source| SnowflakeLockError::Snowflake {
            lock: name.to_string(),
            source: Box::new(source),
        };
        // Two rounds: one to find an expired lock and drop it, one to take it.
        for _ in 0..2 {
            let record = LockRecord {
                holder: LockHolder::current(),
                expires: expiry(ttl),
                token: uuid::Uuid::new_v4().to_string(),
            };
            let create = format!(
                "CREATE TRANSIENT DATABASE {name} DATA_RETENTION_TIME_IN_DAYS = 0 COMMENT = {}",
                comment(&record)
            );
            match sql.run(&create).await {
                Ok(_) => return Ok(Self::held(sql, name, record, ttl)),
                Err(e) if e.code() == Some(ALREADY_EXISTS) => {}
                Err(e) => return Err(failed(e)),
            }
            let Some(current) = read(sql, name).await? else {
                // Released between our create and our read: try again.
                continue;
            };
            if !current.expired(jiff::Timestamp::now()) {
                return Err(SnowflakeLockError::Held {
                    lock: name.to_string(),
                    holder: current.holder.identity(),
                    since: current.holder.since,
                    expires: current.expires,
                });
            }
            match sql.run(&format!("DROP DATABASE {name}")).await {
                Ok(_) => {}
                Err(e) if e.code() == Some(DOES_NOT_EXIST) => {}
                Err(e) => return Err(failed(e)),
            }
        }
        // Someone else took the freed lock between our drop and our create.
        match read(sql, name).await? {
            Some(current) => Err(SnowflakeLockError::Held {
                lock: name.to_string(),
                holder: current.holder.identity(),
                since: current.holder.since,
                expires: current.expires,
            }),
            None => Err(SnowflakeLockError::Lost {
                lock: name.to_string(),
                detail: "it changed hands twice while being taken; try again".into(),
            }),
        }
    }

    fn held<S: Sql + std::fmt::Debug>(
        sql: &S,
        name: &Ident,
        record: LockRecord,
        ttl: Duration,
    ) -> Self {
        let (report, renewal_error) = watch::channel(None);
        let renewer = tokio::spawn(renew_forever(
            sql.clone(),
            name.clone(),
            record.clone(),
            ttl,
            report,
        ));
        SnowflakeLock {
            name: name.clone(),
            token: record.token,
            holder: record.holder,
            release_with: Box::new(ReleaseWith(sql.clone())),
            renewer,
            renewal_error,
        }
    }

    pub fn holder(&self) -> &LockHolder {
        &self.holder
    }

    /// The lock object's name (`LAKEFORM_LOCK_DEV`).
    #[cfg(test)]
    pub(crate) fn name(&self) -> &Ident {
        &self.name
    }

    /// Set when the latest renewal failed: the lock may expire or be taken over.
    pub(crate) fn renewal_error(&self) -> Option<String> {
        self.renewal_error.borrow().clone()
    }

    /// Stops renewing and drops the lock object, if it is still ours.
    pub async fn release(self) -> Result<(), SnowflakeLockError> {
        self.renewer.abort();
        self.release_with.release(&self.name, &self.token).await
    }
}

impl Drop for SnowflakeLock {
    fn drop(&mut self) {
        self.renewer.abort();
    }
}

/// The lock of `env` and its record when it exists and expired at or before `now`: left by
/// an apply that stopped without releasing it, which the next apply takes over. `None`
/// when there is no lock, when it is live, and when its record is unreadable (apply
/// refuses that one itself, saying so).
pub(crate) async fn expired<S: Sql>(
    sql: &S,
    env: &str,
    now: jiff::Timestamp,
) -> Result<Option<(Ident, LockRecord)>, SnowflakeLockError> {
    let name = lock_name(env)?;
    match read(sql, &name).await {
        Ok(record) => Ok(record.filter(|r| r.expired(now)).map(|r| (name, r))),
        Err(SnowflakeLockError::Unreadable { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The record of the lock `name`, or `None` when there is no such lock.
async fn read<S: Sql>(sql: &S, name: &Ident) -> Result<Option<LockRecord>, SnowflakeLockError> {
    // LIKE treats `_` as a wildcard, so the rows are matched by exact name afterwards.
    let show = format!("SHOW DATABASES LIKE {}", literal(name.as_str()));
    let result = sql
        .run(&show)
        .await
        .map_err(|source| SnowflakeLockError::Snowflake {
            lock: name.to_string(),
            source: Box::new(source),
        })?;
    let Some(row) = result.rows().find(|r| r.get("name") == Some(name.as_str())) else {
        return Ok(None);
    };
    let comment = row.get("comment");
    comment
        .and_then(|c| serde_json::from_str::<LockRecord>(c).ok())
        .map(Some)
        .ok_or_else(|| SnowflakeLockError::Unreadable {
            lock: name.to_string(),
            comment: comment.map(str::to_string),
        })
}

async fn renew_forever<S: Sql>(
    sql: S,
    name: Ident,
    mut record: LockRecord,
    ttl: Duration,
    report: watch::Sender<Option<String>>,
) {
    let interval = (ttl / 3).max(Duration::from_millis(100));
    loop {
        tokio::time::sleep(interval).await;
        let outcome = renew(&sql, &name, &mut record, ttl).await;
        let _ = report.send(outcome.err().map(|e| e.to_string()));
    }
}

async fn renew<S: Sql>(
    sql: &S,
    name: &Ident,
    record: &mut LockRecord,
    ttl: Duration,
) -> Result<(), SnowflakeLockError> {
    match read(sql, name).await? {
        Some(current) if current.token == record.token => {}
        _ => {
            return Err(SnowflakeLockError::Lost {
                lock: name.to_string(),
                detail: "it expired and another apply took it over".into(),
            });
        }
    }
    record.expires = expiry(ttl);
    sql.run(&format!(
        "ALTER DATABASE {name} SET COMMENT = {}",
        comment(record)
    ))
    .await
    .map(drop)
    .map_err(|source| SnowflakeLockError::Snowflake {
        lock: name.to_string(),
        source: Box::new(source),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::providers::snowflake::result_set::ColumnMeta;
    use crate::providers::snowflake::statement_text::StatementText;
    use crate::sql::{TokenKind, tokenize};

    /// An account that knows only databases with comments, with Snowflake's answers to
    /// the four statements the lock uses.
    #[derive(Clone, Debug, Default)]
    struct Account {
        databases: Arc<Mutex<BTreeMap<String, String>>>,
    }

    fn error(code: &str, sql: &str) -> ClientError {
        ClientError::Statement {
            code: code.into(),
            sql_state: "42710".into(),
            message: "fake".into(),
            statement: StatementText::new(sql),
            handle: "h".into(),
        }
    }

    impl Sql for Account {
        async fn run(&self, sql: &str) -> Result<ResultSet, ClientError> {
            let tokens: Vec<_> = tokenize(sql)
                .unwrap()
                .into_iter()
                .filter(|t| !t.is_trivia())
                .collect();
            let words: Vec<&str> = tokens.iter().map(|t| t.value.as_str()).collect();
            let string = tokens
                .iter()
                .rev()
                .find(|t| t.kind == TokenKind::String)
                .map(|t| t.value.clone());
            let mut dbs = self.databases.lock().unwrap();
            let mut result = ResultSet::default();
            match words.as_slice() {
                ["CREATE", "TRANSIENT", "DATABASE", name, ..] => {
                    if dbs.contains_key(*name) {
                        return Err(error(ALREADY_EXISTS, sql));
                    }
                    dbs.insert(name.to_string(), string.unwrap());
                }
                ["DROP", "DATABASE", name] => {
                    dbs.remove(*name)
                        .ok_or_else(|| error(DOES_NOT_EXIST, sql))?;
                }
                ["ALTER", "DATABASE", name, "SET", "COMMENT", ..] => {
                    let comment = dbs
                        .get_mut(*name)
                        .ok_or_else(|| error(DOES_NOT_EXIST, sql))?;
                    *comment = string.unwrap();
                }
                ["SHOW", "DATABASES", "LIKE", _] => {
                    let column = |name: &str| ColumnMeta {
                        name: name.into(),
                        data_type: "text".into(),
                        nullable: true,
                    };
                    result.columns = vec![column("name"), column("comment")];
                    result.rows = dbs
                        .iter()
                        .filter(|(n, _)| Some(n.as_str()) == string.as_deref())
                        .map(|(n, c)| vec![Some(n.clone()), Some(c.clone())])
                        .collect();
                }
                other => panic!("unexpected statement {other:?}"),
            }
            Ok(result)
        }
    }

    #[tokio::test]
    async fn one_holder_at_a_time_and_the_loser_names_the_holder() {
        let account = Account::default();
        let held = SnowflakeLock::acquire(&account, "dev", DEFAULT_TTL, None)
            .await
            .unwrap();
        assert_eq!(held.name().as_str(), "LAKEFORM_LOCK_DEV");
        let refused = SnowflakeLock::acquire(&account, "dev", DEFAULT_TTL, None)
            .await
            .unwrap_err();
        let text = refused.to_string();
        assert!(text.contains(&held.holder().identity()), "{text}");
        assert!(text.contains(&held.holder().since), "{text}");
        // Another environment has its own lock.
        let other = SnowflakeLock::acquire(&account, "prod", DEFAULT_TTL, None)
            .await
            .unwrap();
        held.release().await.unwrap();
        other.release().await.unwrap();
        assert!(account.databases.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_waiting_taker_gets_the_lock_once_released() {
        let account = Account::default();
        let held = SnowflakeLock::acquire(&account, "dev", DEFAULT_TTL, None)
            .await
            .unwrap();
        let releaser = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            held.release().await.unwrap();
        });
        let lock =
            SnowflakeLock::acquire(&account, "dev", DEFAULT_TTL, Some(Duration::from_secs(10)))
                .await
                .unwrap();
        releaser.await.unwrap();
        lock.release().await.unwrap();
    }

    #[tokio::test]
    async fn a_crashed_holders_lock_expires_and_is_taken_over() {
        let account = Account::default();
        let ttl = Duration::from_millis(300);
        let crashed = SnowflakeLock::acquire(&account, "dev", ttl, None)
            .await
            .unwrap();
        // A crash: renewals stop, nothing is released.
        crashed.renewer.abort();
        std::mem::forget(crashed);
        assert!(matches!(
            SnowflakeLock::acquire(&account, "dev", ttl, None).await,
            Err(SnowflakeLockError::Held { .. })
        ));
        assert!(
            expired(&account, "dev", jiff::Timestamp::now())
                .await
                .unwrap()
                .is_none()
        );
        tokio::time::sleep(Duration::from_millis(400)).await;
        // Plans see it as a leftover now: expired, with its holder.
        let (name, record) = expired(&account, "dev", jiff::Timestamp::now())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(name.as_str(), "LAKEFORM_LOCK_DEV");
        assert_eq!(record.holder.pid, std::process::id());
        let taker = SnowflakeLock::acquire(&account, "dev", ttl, None)
            .await
            .unwrap();
        taker.release().await.unwrap();
    }

    #[tokio::test]
    async fn a_live_holder_renews_and_keeps_the_lock() {
        let account = Account::default();
        let ttl = Duration::from_millis(300);
        let held = SnowflakeLock::acquire(&account, "dev", ttl, None)
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(700)).await;
        assert!(matches!(
            SnowflakeLock::acquire(&account, "dev", ttl, None).await,
            Err(SnowflakeLockError::Held { .. })
        ));
        assert_eq!(held.renewal_error(), None);
        held.release().await.unwrap();
    }

    #[tokio::test]
    async fn a_lock_taken_over_is_not_released_by_its_former_holder() {
        let account = Account::default();
        let ttl = Duration::from_millis(200);
        let stalled = SnowflakeLock::acquire(&account, "dev", ttl, None)
            .await
            .unwrap();
        stalled.renewer.abort();
        tokio::time::sleep(Duration::from_millis(300)).await;
        let taker = SnowflakeLock::acquire(&account, "dev", ttl, None)
            .await
            .unwrap();
        assert!(matches!(
            stalled.release().await,
            Err(SnowflakeLockError::Lost { .. })
        ));
        taker.release().await.unwrap();
    }

    #[test]
    fn lock_names_are_checked() {
        assert_eq!(
            lock_name("pre-prod").unwrap().as_str(),
            "LAKEFORM_LOCK_PRE_PROD"
        );
        assert!(lock_name("a b").is_err());
        assert!(lock_name("").is_err());
    }
}
