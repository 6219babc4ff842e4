//! The live platform of one environment: its Snowflake (a real account, a standalone
//! sandbox, or the embedded sandbox started here) and its lake, connected, and the read of
//! their live state within what the desired state manages.
//!
//! This is where configuration meets the providers: `snowflake` and `lake` turn the
//! environment's `[snowflake]` / `[adls]` sections into provider settings. Nothing here
//! decides what to change.

mod lake;
mod snowflake;

use crate::config::Environment;
use crate::model::{DesiredState, LiveState, Object};
use crate::providers::adls::{AdlsError, Lake, Namespace};
use crate::providers::snowflake::client::SnowflakeClient;
use crate::providers::snowflake::error::ClientError;
use crate::providers::snowflake::introspect::{AccountScope, IntrospectError, ReadScope};
use crate::providers::snowflake::live::read_live;
use crate::sandbox::{RunningSandbox, SandboxError};

pub(crate) use lake::LakeSetupError;
pub(crate) use snowflake::SnowflakeSetupError;

/// How many introspection statements run at once unless `[snowflake] max_concurrency`
/// says otherwise.
///
/// Reading is bound by round trips: a plan of N statements at latency L takes at least
/// N × L ÷ this (250 statements at 100 ms: 1.56 s at 16, 0.78 s at 32). What Snowflake
/// documents about a higher number:
/// * the SQL API v2 "removes concurrency limits"
///   (https://docs.snowflake.com/en/developer-guide/sql-api/about-endpoints), and no
///   numeric rate limit is published for it: an account that pushes back answers HTTP 429,
///   on which the client backs off and retries
///   (https://docs.snowflake.com/en/developer-guide/sql-api/handling-responses);
/// * the limit on concurrent queries, MAX_CONCURRENCY_LEVEL (default 8), is a
///   warehouse's (https://docs.snowflake.com/en/user-guide/performance-query-warehouse-max-concurrency);
///   the listings (SHOW, DESCRIBE) are metadata operations of the cloud services layer
///   that run without one, and past the level a warehouse queues queries rather than
///   failing them.
///
/// Other tools choose lower defaults for mixed reading and writing — Terraform walks the
/// graph 10 operations at a time (`-parallelism`), SnowDDL runs 8 workers
/// (`snowddl/settings.py`, `max_workers`) — but lakeform reads only here, in a fixed
/// handful of listings plus one SHOW GRANTS per role. 32 keeps a 250-statement plan under
/// a second of round trips; `max_concurrency` lowers it for an account with other traffic
/// (or a network policy that limits connections).
const INTROSPECTION_CONCURRENCY: usize = 32;

#[derive(Debug, thiserror::Error)]
pub enum PlatformError {
    #[error("cannot start the embedded Snowflake sandbox: {0}")]
    Sandbox(#[from] SandboxError),
    #[error(transparent)]
    SnowflakeSetup(#[from] SnowflakeSetupError),
    #[error(transparent)]
    LakeSetup(#[from] LakeSetupError),
    #[error("cannot set up the Snowflake client: {0}")]
    Client(#[from] ClientError),
    #[error("cannot read the live Snowflake account: {0}")]
    Introspect(#[from] IntrospectError),
    #[error("ADLS: {0}")]
    Lake(#[from] AdlsError),
}

/// The connected providers of one environment.
pub struct Platform {
    pub snowflake: Option<SnowflakeClient>,
    /// How many statements reading Snowflake may be in flight at once.
    introspection_concurrency: usize,
    pub lake: Option<Lake>,
    /// The embedded sandbox, kept running while the platform is in use.
    sandbox: Option<RunningSandbox>,
}

impl Platform {
    /// Connects to what `env` names, starting the embedded sandbox when it says
    /// `[snowflake] sandbox = …`. No request is sent yet.
    pub async fn connect(env: &Environment) -> Result<Platform, PlatformError> {
        let mut sandbox = None;
        let introspection_concurrency = env
            .snowflake
            .as_ref()
            .and_then(|c| c.max_concurrency)
            .unwrap_or(INTROSPECTION_CONCURRENCY);
        let snowflake = match &env.snowflake {
            None => None,
            Some(config) => {
                let settings = match &config.sandbox {
                    Some(dir) => {
                        let lake = env.adls.as_ref().and_then(|a| a.sandbox.as_deref());
                        let running = crate::sandbox::embedded::start(dir, lake).await?;
                        let settings = snowflake::sandbox_settings(
                            &running.base_url(),
                            config.role.as_deref(),
                        )?;
                        sandbox = Some(running);
                        settings
                    }
                    None => snowflake::settings(config)?,
                };
                Some(SnowflakeClient::new(settings)?)
            }
        };
        let lake = match &env.adls {
            None => None,
            Some(config) => Some(Lake::connect(&lake::settings(config)?).await?),
        };
        Ok(Platform {
            snowflake,
            introspection_concurrency,
            lake,
            sandbox,
        })
    }

    /// Reads the live state of everything `desired` manages: its databases, the
    /// warehouses and integrations it declares, and the lake's containers, queues and
    /// Event Grid subscriptions (each one listing for the account).
    ///
    /// Queues are read when the desired state declares a queue or a subscription: an
    /// environment that manages none may hold credentials for the blob service only (a
    /// SAS with `ss=b`), and must plan as it did. Subscriptions are read when the lake
    /// can reach them (the local lake, or `[adls]` with ARM settings) or when one is
    /// declared — then a lake that cannot is an error naming the missing settings.
    ///
    /// Snowflake and the lake are read at the same time: neither needs the other, and on
    /// real accounts both cost round trips.
    pub async fn read_live(
        &self,
        desired: &DesiredState,
    ) -> Result<(LiveState, Namespace), PlatformError> {
        let snowflake = async {
            match &self.snowflake {
                Some(client) => Ok(read_live(
                    client,
                    &introspection_scope(desired),
                    self.introspection_concurrency,
                )
                .await?),
                None => Ok::<_, PlatformError>(LiveState::default()),
            }
        };
        let lake = async {
            match &self.lake {
                Some(lake) => read_lake(lake, desired).await.map(Some),
                None => Ok(None),
            }
        };
        let (mut live, lake) = tokio::try_join!(snowflake, lake)?;
        let Some((namespace, objects)) = lake else {
            return Ok((live, Namespace::Hierarchical));
        };
        for object in objects {
            live.objects
                .insert(crate::model::Resource::address(&object), object);
        }
        Ok((live, namespace))
    }

    /// Stops the embedded sandbox (saving its state), if one was started.
    pub async fn shutdown(self) -> Result<(), PlatformError> {
        if let Some(sandbox) = self.sandbox {
            sandbox.shutdown().await?;
        }
        Ok(())
    }
}

/// The lake's namespace, and its containers, queues and subscriptions as
/// [`Platform::read_live`] scopes them, the four reads at once.
async fn read_lake(
    lake: &Lake,
    desired: &DesiredState,
) -> Result<(Namespace, Vec<Object>), PlatformError> {
    let declares = |kind: crate::model::Kind| {
        desired
            .objects
            .values()
            .any(|entry| entry.object.kind() == kind)
    };
    let declares_subscriptions = declares(crate::model::Kind::EventSubscription);
    let reads_queues = declares(crate::model::Kind::StorageQueue) || declares_subscriptions;
    let reads_subscriptions = lake.has_event_grid() || declares_subscriptions;
    let (namespace, containers, queues, subscriptions) = tokio::try_join!(
        lake.namespace(),
        lake.read_containers(None),
        async {
            if reads_queues {
                lake.read_queues().await
            } else {
                Ok(Vec::new())
            }
        },
        async {
            if reads_subscriptions {
                lake.read_event_subscriptions().await
            } else {
                Ok(Vec::new())
            }
        },
    )?;
    let mut objects: Vec<Object> = containers.into_iter().map(Object::Container).collect();
    objects.extend(queues.into_iter().map(Object::StorageQueue));
    objects.extend(subscriptions.into_iter().map(Object::EventSubscription));
    Ok((namespace, objects))
}

/// What introspection reads for `desired`: every declared database, and the declared
/// warehouses and integrations (an account holds many that are not this platform's).
pub(crate) fn introspection_scope(desired: &DesiredState) -> ReadScope {
    let mut scope = ReadScope::default();
    let mut warehouses = std::collections::BTreeSet::new();
    let mut integrations = std::collections::BTreeSet::new();
    let mut notifications = std::collections::BTreeSet::new();
    let mut tagged = std::collections::BTreeMap::new();
    let mut measured = std::collections::BTreeSet::new();
    for entry in desired.objects.values() {
        // A procedure's or a data metric function's owner costs a query on its database
        // (`kinds::owner::read_routine_owners`): read only where one is declared.
        let owned_routine = matches!(
            entry.object,
            Object::Procedure(_) | Object::DataMetricFunction(_)
        );
        if entry.owner.is_some()
            && owned_routine
            && let Some(schema) = crate::model::Resource::schema(&entry.object)
        {
            scope
                .routine_owners
                .insert((schema.database, entry.object.kind()));
        }
        match &entry.object {
            Object::Table(t) if t.data_quality.is_some() => {
                measured.insert(t.name.clone());
            }
            Object::View(v) if v.data_quality.is_some() => {
                measured.insert(v.name.clone());
            }
            _ => {}
        }
        match &entry.object {
            Object::Database(d) => scope.databases.push(d.name.clone()),
            Object::Warehouse(w) => {
                warehouses.insert(w.name.clone());
            }
            Object::StorageIntegration(i) => {
                integrations.insert(i.name.clone());
            }
            Object::NotificationIntegration(i) => {
                notifications.insert(i.name.clone());
            }
            Object::Table(t) if t.declares_tags() => {
                let reads = crate::providers::snowflake::introspect::TagReads {
                    own: t.tags.is_some(),
                    columns: t.columns.iter().any(|c| c.tags.is_some()),
                };
                tagged.insert(t.name.clone(), reads);
            }
            Object::View(v) if v.declares_tags() => {
                let reads = crate::providers::snowflake::introspect::TagReads {
                    own: v.tags.is_some(),
                    columns: v.columns.iter().any(|c| c.tags.is_some()),
                };
                tagged.insert(v.name.clone(), reads);
            }
            Object::Role(r) => {
                scope.roles.roles.insert(r.name.clone());
                scope.roles.parents.extend(r.member_of.iter().cloned());
            }
            Object::DatabaseRole(r) => {
                scope
                    .roles
                    .database_roles
                    .insert((r.database.clone(), r.name.clone()));
                for parent in &r.member_of {
                    if let crate::kinds::role::grant::Grantee::Role(p) = parent {
                        scope.roles.parents.insert(p.clone());
                    }
                }
            }
            _ => {}
        }
    }
    let declared = scope.roles.roles.clone();
    scope.roles.parents.retain(|p| !declared.contains(p));
    scope.warehouses = if warehouses.is_empty() {
        AccountScope::Skip
    } else {
        AccountScope::Named(warehouses)
    };
    let named = |names: std::collections::BTreeSet<_>| {
        if names.is_empty() {
            AccountScope::Skip
        } else {
            AccountScope::Named(names)
        }
    };
    scope.storage_integrations = named(integrations);
    scope.notification_integrations = named(notifications);
    if !tagged.is_empty() {
        scope.tagged = crate::providers::snowflake::introspect::TagScope::Named(tagged);
    }
    if !measured.is_empty() {
        scope.measured = crate::providers::snowflake::introspect::MetricScope::Named(
            measured.into_iter().map(|name| (name, ())).collect(),
        );
    }
    scope
}
