//! Shared by the apply integration tests: a sandbox over HTTP with lakeform's own
//! Snowflake client, a small medallion-shaped desired state built from model types, and
//! the read → plan → apply loop the CLI runs.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::time::Duration;

use lakeform::apply::{self, ApplyOptions, ApplyReport, Targets, progress::Silent};
use lakeform::kinds::container::Container;
use lakeform::kinds::database::Database;
use lakeform::kinds::schema::Schema;
use lakeform::kinds::stream::Stream;
use lakeform::kinds::table::{Column, Table};
use lakeform::kinds::task::{Task, TaskState};
use lakeform::kinds::view::View;
use lakeform::kinds::warehouse::{Warehouse, WarehouseSize};
use lakeform::model::data_type::DataType;
use lakeform::model::identifier::{Ident, ObjectName, SchemaName};
use lakeform::model::schedule::Schedule;
use lakeform::model::{
    Address, DesiredObject, DesiredState, Kind, Lifecycle, LiveState, Object, Origin, Resource,
};
use lakeform::plan::{self, Plan, Settings};
use lakeform::providers::adls::{Lake, LakeSettings, Namespace};
use lakeform::providers::snowflake::auth::Authenticator;
use lakeform::providers::snowflake::client::SnowflakeClient;
use lakeform::providers::snowflake::introspect::{AccountScope, ReadScope};
use lakeform::providers::snowflake::live::read_live;
use lakeform::providers::snowflake::settings::ConnectionSettings;
use lakeform::sandbox::{FaultOptions, RunningSandbox, ServeOptions};
use lakeform::secret::Secret;
use lakeform::sql::CanonicalSql;

pub(crate) const ENV: &str = "sandbox";

/// A sandbox server and the targets an apply uses: its Snowflake, and a local lake.
pub(crate) struct World {
    pub sandbox: RunningSandbox,
    /// The client applies use (its retries are the test's to choose).
    pub client: SnowflakeClient,
    /// A client that retries many times, for reading and checking under injected faults.
    pub reader: SnowflakeClient,
    pub targets: Targets,
    pub lake_dir: tempfile::TempDir,
}

pub(crate) fn client_for(sandbox: &RunningSandbox, max_retries: u32) -> SnowflakeClient {
    let mut settings = ConnectionSettings::new(
        "sandbox",
        "lakeform",
        Authenticator::Pat {
            token: Secret::new("sandbox-token"),
        },
    );
    settings.url = Some(sandbox.base_url().parse().unwrap());
    // SYSADMIN holds no EXECUTE TASK, which resuming the task graphs needs: the sandbox
    // holds a named role to its privileges, as Snowflake does.
    settings.role = Some("ACCOUNTADMIN".into());
    settings.retry_backoff = Duration::from_millis(5);
    settings.max_poll_interval = Duration::from_millis(20);
    settings.max_retries = max_retries;
    settings.statement_timeout = Duration::from_secs(60);
    SnowflakeClient::new(settings).unwrap()
}

impl World {
    pub(crate) async fn start() -> World {
        World::start_with(
            FaultOptions::default(),
            ConnectionSettings::DEFAULT_MAX_RETRIES,
        )
        .await
    }

    pub(crate) async fn start_with(faults: FaultOptions, max_retries: u32) -> World {
        let sandbox = lakeform::sandbox::start(ServeOptions {
            faults,
            ..ServeOptions::default()
        })
        .await
        .unwrap();
        let client = client_for(&sandbox, max_retries);
        let reader = client_for(&sandbox, 30);
        let lake_dir = tempfile::tempdir().unwrap();
        let lake = Lake::connect(&LakeSettings::Sandbox {
            dir: lake_dir.path().to_path_buf(),
        })
        .await
        .unwrap();
        World {
            targets: Targets {
                snowflake: Some(client.clone()),
                lake: Some(lake),
            },
            sandbox,
            client,
            reader,
            lake_dir,
        }
    }

    pub(crate) fn lake(&self) -> &Lake {
        self.targets.lake.as_ref().unwrap()
    }

    /// The live state of everything `desired` manages.
    pub(crate) async fn read(&self, desired: &DesiredState) -> Result<LiveState, String> {
        let databases: Vec<Ident> = desired
            .objects
            .values()
            .filter_map(|o| match &o.object {
                Object::Database(d) => Some(d.name.clone()),
                _ => None,
            })
            .collect();
        let warehouses: BTreeSet<Ident> = desired
            .objects
            .values()
            .filter_map(|o| match &o.object {
                Object::Warehouse(w) => Some(w.name.clone()),
                _ => None,
            })
            .collect();
        let scope = ReadScope {
            databases,
            warehouses: AccountScope::Named(warehouses),
            storage_integrations: AccountScope::Skip,
            ..ReadScope::default()
        };
        let mut live = read_live(&self.reader, &scope, 8)
            .await
            .map_err(|e| e.to_string())?;
        let containers = self
            .lake()
            .read_containers(None)
            .await
            .map_err(|e| e.to_string())?;
        for container in containers {
            let object = Object::Container(container);
            live.objects.insert(object.address(), object);
        }
        Ok(live)
    }

    pub(crate) async fn plan(&self, desired: &DesiredState, settings: &Settings) -> Plan {
        let live = self.read(desired).await.unwrap();
        plan::make(ENV, desired, &hash(desired), &live, settings).unwrap()
    }

    pub(crate) async fn apply(&self, plan: &Plan, options: &ApplyOptions) -> ApplyReport {
        apply::run(plan, &self.targets, options, &mut Silent)
            .await
            .unwrap()
    }

    /// Every statement the sandbox ran, oldest first.
    pub(crate) async fn history(&self) -> Vec<String> {
        let result = self
            .reader
            .execute(
                "SELECT QUERY_TEXT FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY(RESULT_LIMIT => 10000))",
            )
            .await
            .unwrap();
        let mut texts: Vec<String> = result
            .rows()
            .map(|r| r.get("QUERY_TEXT").unwrap_or_default().to_string())
            .collect();
        texts.reverse();
        texts
    }

    /// Error codes of every statement that failed, oldest first.
    pub(crate) async fn error_codes(&self) -> Vec<(String, String)> {
        let result = self
            .reader
            .execute(
                "SELECT QUERY_TEXT, ERROR_CODE FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY(RESULT_LIMIT => 10000))",
            )
            .await
            .unwrap();
        let mut failed: Vec<(String, String)> = result
            .rows()
            .filter_map(|r| {
                let code = r.get("ERROR_CODE").filter(|c| !c.is_empty())?;
                Some((
                    r.get("QUERY_TEXT").unwrap_or_default().to_string(),
                    code.to_string(),
                ))
            })
            .collect();
        failed.reverse();
        failed
    }

    /// `name → state` of the tasks in `database`.
    pub(crate) async fn task_states(&self, database: &str) -> Vec<(String, String)> {
        let result = self
            .reader
            .execute(&format!("SHOW TASKS IN DATABASE {database}"))
            .await
            .unwrap();
        let mut states: Vec<(String, String)> = result
            .rows()
            .map(|r| {
                (
                    r.get("name").unwrap_or_default().to_string(),
                    r.get("state").unwrap_or_default().to_string(),
                )
            })
            .collect();
        states.sort();
        states
    }
}

/// Statements that change something (what a refused apply must not have run).
pub(crate) fn is_ddl(statement: &str) -> bool {
    let first = statement
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    matches!(
        first.as_str(),
        "CREATE" | "ALTER" | "DROP" | "INSERT" | "UNDROP" | "GRANT" | "REVOKE"
    ) || statement.contains("TASK_DEPENDENTS_ENABLE")
}

pub(crate) fn settings() -> Settings {
    Settings {
        prune: false,
        backup: true,
        now: jiff::Timestamp::now(),
        namespace: Namespace::Hierarchical,
        lock_container: "lakeform".into(),
        deploy_role: None,
    }
}

pub(crate) fn hash(desired: &DesiredState) -> String {
    let objects: Vec<_> = desired.objects.values().collect();
    lakeform::sha256::hex(serde_json::to_vec(&objects).unwrap())
}

fn origin() -> Origin {
    Origin {
        file: "schema/test.toml".into(),
        line: 1,
        column: 1,
    }
}

fn add(desired: &mut DesiredState, object: impl Into<Object>) {
    let object = object.into();
    desired.objects.insert(
        object.address(),
        DesiredObject {
            object,
            lifecycle: Lifecycle::default(),
            origin: origin(),
            owner: None,
        },
    );
}

pub(crate) fn name(text: &str) -> ObjectName {
    ObjectName::parse(text).unwrap()
}

pub(crate) fn column(name: &str, ty: &str) -> Column {
    Column {
        name: Ident::parse(name).unwrap(),
        data_type: DataType::parse(ty).unwrap(),
        nullable: true,
        default: None,
        comment: None,
        masking_policy: None,
        masking_using: Vec::new(),
        tags: None,
    }
}

pub(crate) const DB: &str = "LF";
pub(crate) const ROOT: &str = "LF.RAW.LOAD_TASK";
pub(crate) const CHILD: &str = "LF.RAW.MERGE_TASK";

/// A small pipeline: a container, a warehouse, a database and schema, a table with a
/// stream, a two-task graph (both started) and a view.
pub(crate) fn desired() -> DesiredState {
    let mut d = DesiredState::default();
    let mut container = Container::new("landing").unwrap();
    container
        .directories
        .insert(lakeform::kinds::container::canonical_directory("orders").unwrap());
    add(&mut d, container);
    add(
        &mut d,
        Warehouse {
            name: Ident::parse("LF_WH").unwrap(),
            size: WarehouseSize::XSmall,
            auto_suspend: Some(60),
            auto_resume: true,
            initially_suspended: true,
            comment: None,
            generation: None,
        },
    );
    add(
        &mut d,
        Database {
            name: Ident::parse(DB).unwrap(),
            transient: false,
            data_retention_days: None,
            comment: None,
        },
    );
    add(
        &mut d,
        Schema {
            name: SchemaName::parse("LF.RAW").unwrap(),
            transient: false,
            managed_access: false,
            data_retention_days: None,
            comment: None,
        },
    );
    add(
        &mut d,
        Table {
            name: name("LF.RAW.ORDERS"),
            columns: vec![
                column("ID", "NUMBER(38,0)"),
                column("AMOUNT", "NUMBER(10,2)"),
                column("NOTE", "VARCHAR"),
            ],
            transient: false,
            cluster_by: vec![],
            // Snowflake turns change tracking on when a stream is created on a table.
            change_tracking: true,
            comment: None,
            row_access_policy: None,
            tags: None,
            data_quality: None,
        },
    );
    add(
        &mut d,
        Stream {
            name: name("LF.RAW.ORDERS_STREAM"),
            on_table: name("LF.RAW.ORDERS"),
            append_only: false,
            comment: None,
        },
    );
    add(
        &mut d,
        task(ROOT, &[], "INSERT INTO LF.RAW.ORDERS (ID) SELECT 1"),
    );
    add(
        &mut d,
        task(CHILD, &[ROOT], "DELETE FROM LF.RAW.ORDERS WHERE ID < 0"),
    );
    add(
        &mut d,
        View {
            name: name("LF.RAW.ORDERS_V"),
            query: CanonicalSql::new("SELECT ID, AMOUNT FROM LF.RAW.ORDERS"),
            secure: false,
            comment: None,
            selects_from: vec![Address::new(Kind::Table, "LF.RAW.ORDERS")].into(),
            row_access_policy: None,
            tags: None,
            data_quality: None,
            columns: Vec::new(),
        },
    );
    d
}

pub(crate) fn task(task_name: &str, after: &[&str], sql: &str) -> Task {
    Task {
        name: name(task_name),
        warehouse: Some(Ident::parse("LF_WH").unwrap()),
        schedule: after
            .is_empty()
            .then(|| Schedule::parse("5 MINUTE").unwrap()),
        after: after.iter().map(|a| name(a)).collect(),
        when: None,
        sql: CanonicalSql::new(sql),
        state: TaskState::Started,
        comment: None,
        uses: vec![Address::new(Kind::Table, "LF.RAW.ORDERS")].into(),
    }
}

/// `desired` with the object at `address` changed by `edit`.
pub(crate) fn edited(
    desired: &DesiredState,
    kind: Kind,
    object_name: &str,
    edit: impl FnOnce(&mut Object),
) -> DesiredState {
    let mut d = desired.clone();
    let entry = d.objects.get_mut(&Address::new(kind, object_name)).unwrap();
    edit(&mut entry.object);
    d
}

/// Reads, plans and applies until the plan is empty (at most `rounds` times); returns
/// how many applies it took. Reads and applies may fail under injected faults; the next
/// round starts from what is live then.
pub(crate) async fn converge(world: &World, desired: &DesiredState, rounds: usize) -> usize {
    converge_with(
        world,
        desired,
        &settings(),
        &ApplyOptions::default(),
        rounds,
    )
    .await
}

/// [`converge`] with plan settings and apply options of the test's choosing.
pub(crate) async fn converge_with(
    world: &World,
    desired: &DesiredState,
    settings: &Settings,
    options: &ApplyOptions,
    rounds: usize,
) -> usize {
    for round in 0..rounds {
        let Ok(live) = world.read(desired).await else {
            continue;
        };
        let plan = plan::make(ENV, desired, &hash(desired), &live, settings).unwrap();
        if plan.is_empty() {
            return round;
        }
        let _ = apply::run(&plan, &world.targets, options, &mut Silent).await;
    }
    panic!("no convergence after {rounds} rounds");
}
