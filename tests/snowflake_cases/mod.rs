//! Round trips shared by the sandbox suite (`snowflake_roundtrip.rs`) and the live-account
//! suite (`snowflake_live.rs`): a desired model is rendered to DDL, executed, read back by
//! introspection and compared with the model, first from empty and then after each
//! in-place change.
//!
//! Names include hostile identifiers (`"a""b"`, `x;DROP …`, unicode) in every position a
//! name can take: they must round-trip exactly and never be executed as SQL.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test
#![allow(dead_code)]

use lakeform::kinds::database_role::DatabaseRole;
use lakeform::kinds::role::Role;
use lakeform::kinds::role::grant::{Grant, Target};
use lakeform::kinds::role::read::RoleScope;
use lakeform::model::privilege::ObjectType;
use std::collections::{BTreeMap, BTreeSet};

use lakeform::kinds::alert::Alert;
use lakeform::kinds::database::Database;
use lakeform::kinds::ddl;
use lakeform::kinds::dynamic_table::{DynamicTable, Initialize, RefreshMode};
use lakeform::kinds::file_format::{FileFormat, FormatType, OptionValue, canonical_options};
use lakeform::kinds::masking_policy::MaskingPolicy;
use lakeform::kinds::notification_integration::{NotificationIntegration, NotificationTarget};
use lakeform::kinds::pipe::Pipe;
use lakeform::kinds::procedure::read::canonical_return_type;
use lakeform::kinds::procedure::{Argument, ExecuteAs, Procedure};
use lakeform::kinds::row_access_policy::RowAccessPolicy;
use lakeform::kinds::schema::Schema;
use lakeform::kinds::sequence::Sequence;
use lakeform::kinds::stage::Stage;
use lakeform::kinds::storage_integration::StorageIntegration;
use lakeform::kinds::stream::Stream;
use lakeform::kinds::table::{Column, Table};
use lakeform::kinds::task::ddl::TaskChange;
use lakeform::kinds::task::{Task, TaskState};
use lakeform::kinds::view::View;
use lakeform::kinds::warehouse::{Warehouse, WarehouseSize};
use lakeform::model::data_type::DataType;
use lakeform::model::identifier::{Ident, ObjectName, SchemaName};
use lakeform::model::schedule::{Schedule, TargetLag};
use lakeform::model::{Address, LiveState, Object, Resource};
use lakeform::providers::snowflake::client::SnowflakeClient;
use lakeform::providers::snowflake::introspect::{AccountScope, ReadScope};
use lakeform::providers::snowflake::live::read_live;
use lakeform::sql::CanonicalSql;

/// Names of the throwaway objects one run creates.
#[derive(Clone, Debug)]
pub(crate) struct Names {
    pub database: Ident,
    pub warehouse: Ident,
    /// `None` when the account cannot create one (it needs ACCOUNTADMIN).
    pub integration: Option<Ident>,
}

/// Everything one run creates, in creation order.
pub(crate) struct Fixture {
    pub names: Names,
    pub objects: Vec<Object>,
}

pub(crate) const HOSTILE_SCHEMAS: [&str; 3] = ["a\"b", "x;DROP SCHEMA PUBLIC; --", "ünïcødé"];

fn schema_name(names: &Names, schema: &str) -> SchemaName {
    SchemaName::new(names.database.clone(), Ident::from_stored(schema))
}

fn object_name(names: &Names, schema: &str, name: &str) -> ObjectName {
    ObjectName::new(&schema_name(names, schema), Ident::from_stored(name))
}

fn column(name: &str, ty: &str) -> Column {
    Column {
        name: Ident::from_stored(name),
        data_type: DataType::parse(ty).expect("fixture type"),
        nullable: true,
        default: None,
        comment: None,
        masking_policy: None,
        masking_using: Vec::new(),
        tags: None,
    }
}

fn sql(text: &str) -> CanonicalSql {
    CanonicalSql::new(text)
}

/// The desired objects of one run, in an order that satisfies their dependencies.
pub(crate) fn fixture(names: Names) -> Fixture {
    let mut objects: Vec<Object> = Vec::new();
    objects.push(
        Warehouse {
            name: names.warehouse.clone(),
            size: WarehouseSize::XSmall,
            auto_suspend: Some(60),
            auto_resume: true,
            initially_suspended: true,
            comment: Some("lakeform round trip".into()),
            generation: None,
        }
        .into(),
    );
    if let Some(integration) = &names.integration {
        objects.push(
            StorageIntegration {
                name: integration.clone(),
                azure_tenant_id: "00000000-0000-0000-0000-000000000001".into(),
                allowed_locations: vec![
                    "azure://lakeformrt.blob.core.windows.net/landing/".into(),
                    "azure://lakeformrt.blob.core.windows.net/raw/".into(),
                ],
                blocked_locations: vec![
                    "azure://lakeformrt.blob.core.windows.net/landing/secret/".into(),
                ],
                enabled: true,
                comment: None,
            }
            .into(),
        );
        objects.push(
            NotificationIntegration {
                name: events_integration(integration),
                target: NotificationTarget::AzureStorageQueue {
                    queue_uri: "https://lakeformrt.queue.core.windows.net/landing-events".into(),
                    tenant_id: "00000000-0000-0000-0000-000000000001".into(),
                },
                enabled: true,
                comment: Some("it's the landing queue".into()),
                uses: Default::default(),
            }
            .into(),
        );
        objects.push(
            NotificationIntegration {
                name: Ident::from_stored(format!("{}_MAIL", integration.as_str())),
                target: NotificationTarget::Email {
                    allowed_recipients: vec![
                        "a@lakeform.example".into(),
                        "b@lakeform.example".into(),
                    ],
                },
                enabled: false,
                comment: None,
                uses: Default::default(),
            }
            .into(),
        );
    }
    objects.push(
        Database {
            name: names.database.clone(),
            transient: false,
            data_retention_days: Some(1),
            comment: Some("it's a round trip".into()),
        }
        .into(),
    );
    for (i, schema) in ["BRONZE"].iter().chain(HOSTILE_SCHEMAS.iter()).enumerate() {
        objects.push(
            Schema {
                name: schema_name(&names, schema),
                transient: i == 2,
                managed_access: i == 1,
                data_retention_days: Some(if i == 2 { 0 } else { 1 }),
                comment: (i == 3).then(|| "ünïcødé schema".to_string()),
            }
            .into(),
        );
    }
    let hostile = HOSTILE_SCHEMAS[0];
    let csv_options = canonical_options(
        FormatType::Csv,
        [
            ("skip_header".to_string(), OptionValue::Integer(1)),
            (
                "field_optionally_enclosed_by".into(),
                OptionValue::Text("\"".into()),
            ),
            (
                "null_if".into(),
                OptionValue::List(vec!["NULL".into(), "it's".into()]),
            ),
            ("empty_field_as_null".into(), OptionValue::Bool(true)),
        ],
    );
    let csv = object_name(&names, hostile, "csv 'format'");
    objects.push(
        FileFormat {
            name: csv.clone(),
            format_type: FormatType::Csv,
            options: csv_options,
            comment: Some("csv".into()),
        }
        .into(),
    );
    objects.push(
        FileFormat {
            name: object_name(&names, "BRONZE", "JSON_FORMAT"),
            format_type: FormatType::Json,
            options: canonical_options(
                FormatType::Json,
                [("STRIP_OUTER_ARRAY".to_string(), OptionValue::Bool(true))],
            ),
            comment: None,
        }
        .into(),
    );
    objects.push(
        FileFormat {
            name: object_name(&names, "BRONZE", "PARQUET_FORMAT"),
            format_type: FormatType::Parquet,
            options: canonical_options(FormatType::Parquet, []),
            comment: None,
        }
        .into(),
    );
    objects.push(
        Stage {
            name: object_name(&names, hostile, "internal stage"),
            url: None,
            storage_integration: None,
            file_format: Some(csv.clone()),
            comment: Some("internal".into()),
        }
        .into(),
    );
    if let Some(integration) = &names.integration {
        objects.push(
            Stage {
                name: object_name(&names, "BRONZE", "ADLS_STAGE"),
                url: Some("azure://lakeformrt.blob.core.windows.net/landing/".into()),
                storage_integration: Some(integration.clone()),
                file_format: Some(object_name(&names, "BRONZE", "JSON_FORMAT")),
                comment: None,
            }
            .into(),
        );
    }
    let mut id = column("ID", "INT");
    id.nullable = false;
    id.comment = Some("the key".into());
    let mut loaded = column("LOADED_AT", "TIMESTAMP_NTZ");
    loaded.default = Some(sql("CURRENT_TIMESTAMP()"));
    let raw = object_name(&names, "BRONZE", "RAW_CUSTOMER");
    objects.push(
        Table {
            name: raw.clone(),
            columns: vec![
                id,
                column("EMAIL", "STRING"),
                column("AMOUNT", "NUMBER(10,2)"),
                column("CODE", "VARCHAR(12)"),
                column("ACTIVE", "BOOLEAN"),
                column("PAYLOAD", "VARIANT"),
                column("BORN", "DATE"),
                column("SCORE", "DOUBLE"),
                loaded,
            ],
            transient: false,
            cluster_by: vec![sql("ID"), sql("TO_DATE(LOADED_AT)")],
            change_tracking: true,
            comment: Some("raw customers".into()),
            row_access_policy: None,
            tags: None,
            data_quality: None,
        }
        .into(),
    );
    let weird_table = object_name(&names, HOSTILE_SCHEMAS[1], "x;DROP TABLE t");
    let mut weird = column("a\"b", "VARCHAR(20)");
    weird.comment = Some("it's \"quoted\"; DROP TABLE t".into());
    objects.push(
        Table {
            name: weird_table.clone(),
            columns: vec![weird, column("Ünï", "NUMBER(38,0)")],
            transient: true,
            cluster_by: vec![],
            change_tracking: false,
            comment: None,
            row_access_policy: None,
            tags: None,
            data_quality: None,
        }
        .into(),
    );
    let stream = object_name(&names, "BRONZE", "RAW_CUSTOMER_STREAM");
    objects.push(
        Stream {
            name: stream.clone(),
            on_table: raw.clone(),
            append_only: true,
            comment: Some("new customers".into()),
        }
        .into(),
    );
    objects.push(
        MaskingPolicy {
            name: object_name(&names, "BRONZE", "it's masked"),
            signature: vec![
                Argument {
                    name: Ident::from_stored("VAL"),
                    data_type: DataType::parse("VARCHAR").expect("fixture type"),
                },
                Argument {
                    name: Ident::from_stored("Country"),
                    data_type: DataType::parse("NUMBER").expect("fixture type"),
                },
            ],
            returns: DataType::parse("VARCHAR").expect("fixture type"),
            body: sql("CASE WHEN \"Country\" = 1 THEN VAL ELSE '***''s' END"),
            exempt_other_policies: true,
            comment: Some("it's PII".into()),
            attached: Default::default(),
        }
        .into(),
    );
    objects.push(
        RowAccessPolicy {
            name: object_name(&names, "BRONZE", "BY_COUNTRY"),
            signature: vec![Argument {
                name: Ident::from_stored("C"),
                data_type: DataType::parse("VARCHAR").expect("fixture type"),
            }],
            body: sql("C IN ('DE', 'FR')"),
            comment: None,
            attached: Default::default(),
        }
        .into(),
    );
    objects.push(
        Sequence {
            name: object_name(&names, "BRONZE", "CUSTOMER_KEY"),
            start: Some(100),
            increment: -5,
            ordered: true,
            comment: Some("surrogate keys".into()),
            next_value: None,
        }
        .into(),
    );
    objects.push(
        lakeform::kinds::tag::Tag {
            name: object_name(&names, "BRONZE", "PII"),
            allowed_values: Some(vec!["name".into(), "it's".into()]),
            comment: Some("personal data".into()),
            masking_policies: Vec::new(),
        }
        .into(),
    );
    objects.push(
        lakeform::kinds::data_metric_function::DataMetricFunction {
            name: object_name(&names, "BRONZE", "BAD_EMAILS"),
            table: Ident::from_stored("T"),
            columns: vec![Argument {
                name: Ident::from_stored("EMAIL"),
                data_type: DataType::parse("VARCHAR").unwrap(),
            }],
            body: CanonicalSql::new("SELECT COUNT_IF(EMAIL NOT LIKE '%@%') FROM T"),
            secure: true,
            comment: Some("it's bad".into()),
        }
        .into(),
    );
    if let Some(integration) = &names.integration {
        let stage = object_name(&names, "BRONZE", "ADLS_STAGE");
        objects.push(
            Pipe {
                name: object_name(&names, "BRONZE", "RAW_CUSTOMER_PIPE"),
                copy: sql(&format!(
                    "COPY INTO {raw} (ID, EMAIL) FROM (SELECT $1:id, $1:email FROM @{stage}/customers/)"
                )),
                auto_ingest: true,
                integration: Some(events_integration(integration)),
                error_integration: None,
                comment: Some("customers as they land".into()),
                uses: Default::default(),
            }
            .into(),
        );
    }
    objects.push(
        Role {
            name: Ident::from_stored("LAKEFORM_RT_ROLE"),
            comment: Some("round trip".into()),
            member_of: Default::default(),
            privileges: Default::default(),
        }
        .into(),
    );
    // A new database role holds USAGE on its database, which its model always declares.
    objects.push(
        DatabaseRole {
            database: names.database.clone(),
            name: Ident::from_stored("RT_READER"),
            comment: None,
            member_of: Default::default(),
            privileges: [Grant {
                target: Target::Object(ObjectType::Database, vec![names.database.clone()]),
                privilege: "USAGE".into(),
                grant_option: false,
            }]
            .into(),
        }
        .into(),
    );
    let procedure = object_name(&names, "BRONZE", "MERGE_CUSTOMER");
    objects.push(
        Procedure {
            name: procedure.clone(),
            arguments: vec![
                Argument {
                    name: Ident::from_stored("N"),
                    data_type: DataType::parse("NUMBER").unwrap(),
                },
                Argument {
                    name: Ident::from_stored("LABEL"),
                    data_type: DataType::parse("VARCHAR").unwrap(),
                },
            ],
            returns: sql(&canonical_return_type("VARCHAR")),
            language: "SQL".into(),
            execute_as: ExecuteAs::Caller,
            body: sql("BEGIN\n  RETURN 'it''s ' || LABEL;\nEND;"),
            comment: Some("merges".into()),
            uses: Default::default(),
        }
        .into(),
    );
    objects.push(
        Procedure {
            name: object_name(&names, HOSTILE_SCHEMAS[2], "p$$ünï"),
            arguments: vec![],
            returns: sql(&canonical_return_type("NUMBER")),
            language: "SQL".into(),
            execute_as: ExecuteAs::Owner,
            body: sql("BEGIN RETURN LENGTH('$$'); END;"),
            comment: None,
            uses: Default::default(),
        }
        .into(),
    );
    let root = object_name(&names, "BRONZE", "LOAD_TASK");
    objects.push(
        Task {
            name: root.clone(),
            warehouse: Some(names.warehouse.clone()),
            schedule: Some(Schedule::parse("USING CRON 0 2 * * * UTC").unwrap()),
            after: vec![],
            when: None,
            sql: sql(&format!("INSERT INTO {raw} (ID, EMAIL) SELECT 1, 'a''b'")),
            state: TaskState::Started,
            comment: None,
            uses: Default::default(),
        }
        .into(),
    );
    objects.push(
        Task {
            name: object_name(&names, "BRONZE", "MERGE \"TASK\""),
            warehouse: Some(names.warehouse.clone()),
            schedule: None,
            after: vec![root.clone()],
            when: Some(sql(&format!(
                "SYSTEM$STREAM_HAS_DATA('{}')",
                stream.to_string().replace('\'', "''")
            ))),
            sql: sql(&format!("CALL {procedure}(1, 'x')")),
            state: TaskState::Started,
            comment: Some("child".into()),
            uses: Default::default(),
        }
        .into(),
    );
    objects.push(
        View {
            name: object_name(&names, hostile, "a\"b"),
            query: sql(&format!(
                "SELECT \"a\"\"b\" AS \"AS\", \"Ünï\" FROM {weird_table} -- trailing\n WHERE \"a\"\"b\" <> 'x''y'"
            )),
            secure: true,
            comment: Some("view AS of now".into()),
            selects_from: Default::default(),
            row_access_policy: None,
            tags: None,
            data_quality: None,
            columns: Vec::new(),
        }
        .into(),
    );
    objects.push(
        View {
            name: object_name(&names, "BRONZE", "VW_CUSTOMERS"),
            query: sql(&format!("select id, email from {raw}")),
            secure: false,
            comment: None,
            selects_from: Default::default(),
            row_access_policy: None,
            tags: None,
            data_quality: None,
            columns: Vec::new(),
        }
        .into(),
    );
    // A dynamic table over the raw table, and an alert on the dynamic table.
    let daily = object_name(&names, "BRONZE", "DT \"daily\" AS x");
    objects.push(
        DynamicTable {
            name: daily.clone(),
            query: sql(&format!(
                "SELECT ID, COUNT(*) AS N -- per id\nFROM {raw} GROUP BY ID"
            )),
            target_lag: TargetLag::parse("2 minutes").unwrap(),
            warehouse: names.warehouse.clone(),
            refresh_mode: RefreshMode::Full,
            initialize: Some(Initialize::OnSchedule),
            cluster_by: vec![sql("ID")],
            comment: Some("per id AS of now".into()),
            selects_from: Default::default(),
        }
        .into(),
    );
    objects.push(
        Alert {
            name: object_name(&names, "BRONZE", "ALERT;x"),
            warehouse: Some(names.warehouse.clone()),
            schedule: Some(Schedule::parse("5 MINUTE").unwrap()),
            condition: sql(&format!("SELECT 1 FROM {daily} WHERE N > 1 -- any")),
            action: sql("SELECT 'it''s (low)'"),
            state: TaskState::Suspended,
            comment: Some("watch".into()),
            uses: Default::default(),
        }
        .into(),
    );
    Fixture { names, objects }
}

/// The notification integration the fixture's pipe reads, named after its storage
/// integration.
fn events_integration(integration: &Ident) -> Ident {
    Ident::from_stored(format!("{}_EVENTS", integration.as_str()))
}

/// The scope that reads back exactly what a fixture creates.
pub(crate) fn scope(names: &Names) -> ReadScope {
    ReadScope {
        databases: vec![names.database.clone()],
        warehouses: AccountScope::Named(BTreeSet::from([names.warehouse.clone()])),
        storage_integrations: match &names.integration {
            Some(i) => AccountScope::Named(BTreeSet::from([i.clone()])),
            None => AccountScope::Skip,
        },
        notification_integrations: match &names.integration {
            Some(i) => AccountScope::Named(BTreeSet::from([
                events_integration(i),
                Ident::from_stored(format!("{}_MAIL", i.as_str())),
            ])),
            None => AccountScope::Skip,
        },
        roles: RoleScope {
            roles: BTreeSet::from([Ident::from_stored("LAKEFORM_RT_ROLE")]),
            database_roles: BTreeSet::from([(
                names.database.clone(),
                Ident::from_stored("RT_READER"),
            )]),
            ..RoleScope::default()
        },
        tagged: Default::default(),
        measured: Default::default(),
        routine_owners: Default::default(),
    }
}

/// Runs statements one by one, failing with the statement that failed.
pub(crate) async fn execute(client: &SnowflakeClient, statements: &[String]) {
    for statement in statements {
        if let Err(e) = client.execute(statement).await {
            panic!("statement failed: {statement}\n{e}");
        }
    }
}

/// The statements that create `objects` from empty, then bring started tasks to their
/// state (children before their root, as Snowflake requires).
pub(crate) fn creation(objects: &[Object]) -> Vec<String> {
    let mut statements: Vec<String> = objects
        .iter()
        .map(|o| ddl::create(o).expect("renders"))
        .collect();
    let mut tasks: Vec<&Task> = objects
        .iter()
        .filter_map(|o| match o {
            Object::Task(t) if t.state == TaskState::Started => Some(t),
            _ => None,
        })
        .collect();
    tasks.sort_by_key(|t| t.is_root());
    statements.extend(
        tasks
            .into_iter()
            .map(|t| lakeform::kinds::task::ddl::alter(&t.name, &TaskChange::Resume)),
    );
    statements
}

pub(crate) async fn read(client: &SnowflakeClient, names: &Names) -> LiveState {
    read_live(client, &scope(names), 8)
        .await
        .expect("introspection succeeds")
}

/// Every desired object is read back equal, and nothing else is live but the default
/// PUBLIC schema.
pub(crate) fn assert_round_trip(desired: &[Object], live: &LiveState) {
    let problems = round_trip_problems(desired, live);
    assert!(
        problems.is_empty(),
        "round trip failed:\n{}",
        problems.join("\n")
    );
}

/// What [`assert_round_trip`] checks, as a list of problems.
pub(crate) fn round_trip_problems(desired: &[Object], live: &LiveState) -> Vec<String> {
    let mut problems = Vec::new();
    for object in desired {
        match live.objects.get(&object.address()) {
            None => problems.push(format!("{} was not read back", object.address())),
            Some(found) if found != object => problems.push(format!(
                "{} differs:\n  desired {object:?}\n  live    {found:?}",
                object.address()
            )),
            Some(_) => {}
        }
    }
    let desired_addresses: BTreeSet<Address> = desired.iter().map(Resource::address).collect();
    for address in live.objects.keys() {
        let is_public = address.name.ends_with(".PUBLIC");
        if !desired_addresses.contains(address) && !is_public {
            problems.push(format!("{address} was read but never created"));
        }
    }
    problems
}

/// Replaces the object at `object`'s address in `objects`.
pub(crate) fn update(objects: &mut [Object], object: Object) {
    let address = object.address();
    let slot = objects
        .iter_mut()
        .find(|o| o.address() == address)
        .expect("object in fixture");
    *slot = object;
}

pub(crate) fn find<'a>(objects: &'a [Object], kind_and_name: &Address) -> &'a Object {
    objects
        .iter()
        .find(|o| &o.address() == kind_and_name)
        .expect("object in fixture")
}

pub(crate) const PROCEDURE_BODY: &str = "procedure comment and body";
pub(crate) const PROCEDURE_EXECUTE_AS: &str = "procedure execute as";
pub(crate) const VIEW_QUERY: &str = "view query and comment";
pub(crate) const VIEW_SECURE: &str = "view secure";

/// One in-place change: the statements and the desired state after them.
pub(crate) struct AlterCase {
    pub what: &'static str,
    pub statements: Vec<String>,
    /// The objects the statements change, as they must read back.
    pub after: Vec<Object>,
}

/// The in-place changes of every kind, each applied on top of the previous ones.
pub(crate) fn alter_cases(fixture: &Fixture) -> Vec<AlterCase> {
    let objects = &fixture.objects;
    let mut cases = Vec::new();
    let by_kind = |kind: lakeform::model::Kind, name: &str| -> Object {
        objects
            .iter()
            .find(|o| o.kind() == kind && o.address().name.contains(name))
            .cloned()
            .expect("object in fixture")
    };
    let comment = |object: &Object, text: Option<&str>| ddl::set_comment(object, text).unwrap();

    if let Object::Database(mut d) = by_kind(lakeform::model::Kind::Database, "") {
        d.data_retention_days = Some(3);
        let mut statements = vec![lakeform::kinds::database::ddl::set_data_retention_days(
            &d.name,
            Some(3),
        )];
        d.comment = None;
        statements.push(comment(&d.clone().into(), None));
        cases.push(AlterCase {
            what: "database retention and comment",
            statements,
            after: vec![d.into()],
        });
    }
    if let Object::Schema(mut s) = by_kind(lakeform::model::Kind::Schema, "BRONZE") {
        s.managed_access = true;
        s.data_retention_days = Some(5);
        s.comment = Some("bronze 'layer'".into());
        let statements = vec![
            lakeform::kinds::schema::ddl::set_managed_access(&s.name, true),
            lakeform::kinds::schema::ddl::set_data_retention_days(&s.name, Some(5)),
            comment(&s.clone().into(), s.comment.as_deref()),
        ];
        cases.push(AlterCase {
            what: "schema managed access, retention, comment",
            statements,
            after: vec![s.into()],
        });
    }
    if let Object::Warehouse(mut w) = by_kind(lakeform::model::Kind::Warehouse, "") {
        use lakeform::kinds::warehouse::ddl::{WarehouseChange, alter};
        w.size = WarehouseSize::Small;
        w.auto_suspend = Some(120);
        w.auto_resume = false;
        let statements = vec![
            alter(&w.name, &WarehouseChange::Size(w.size)),
            alter(&w.name, &WarehouseChange::AutoSuspend(w.auto_suspend)),
            alter(&w.name, &WarehouseChange::AutoResume(false)),
        ];
        cases.push(AlterCase {
            what: "warehouse size, auto suspend, auto resume",
            statements,
            after: vec![w.into()],
        });
    }
    if fixture.names.integration.is_some()
        && let Object::StorageIntegration(mut i) =
            by_kind(lakeform::model::Kind::StorageIntegration, "")
    {
        use lakeform::kinds::storage_integration::ddl::{StorageIntegrationChange as C, alter};
        i.allowed_locations.pop();
        i.blocked_locations.clear();
        i.enabled = false;
        let statements = vec![
            alter(&i.name, &C::AllowedLocations(i.allowed_locations.clone())),
            alter(&i.name, &C::BlockedLocations(vec![])),
            alter(&i.name, &C::Enabled(false)),
        ];
        cases.push(AlterCase {
            what: "integration locations and enabled",
            statements,
            after: vec![i.into()],
        });
    }
    if let Object::FileFormat(mut f) = by_kind(lakeform::model::Kind::FileFormat, "csv") {
        let statements = vec![
            lakeform::kinds::file_format::ddl::set_option(
                &f.name,
                f.format_type,
                "SKIP_HEADER",
                Some(&OptionValue::Integer(2)),
            )
            .unwrap(),
            lakeform::kinds::file_format::ddl::set_option(
                &f.name,
                f.format_type,
                "FIELD_OPTIONALLY_ENCLOSED_BY",
                None,
            )
            .unwrap(),
        ];
        f.options
            .insert("SKIP_HEADER".into(), OptionValue::Integer(2));
        f.options.remove("FIELD_OPTIONALLY_ENCLOSED_BY");
        cases.push(AlterCase {
            what: "file format options set and reset",
            statements,
            after: vec![f.into()],
        });
    }
    if let Object::Stage(mut s) = by_kind(lakeform::model::Kind::Stage, "internal") {
        use lakeform::kinds::stage::ddl::{StageChange, alter};
        let parquet = object_name(&fixture.names, "BRONZE", "PARQUET_FORMAT");
        s.file_format = Some(parquet.clone());
        cases.push(AlterCase {
            what: "stage file format",
            statements: vec![alter(&s.name, &StageChange::FileFormat(Some(parquet)))],
            after: vec![s.into()],
        });
    }
    if let Object::Table(mut t) = by_kind(lakeform::model::Kind::Table, "RAW_CUSTOMER") {
        use lakeform::kinds::table::ddl::*;
        let name = t.name.clone();
        let mut statements = Vec::new();
        let mut added = column("Segment \"new\"", "VARCHAR(10)");
        added.comment = Some("added".into());
        statements.push(add_column(&name, &added));
        t.columns.push(added);
        statements.push(drop_column(&name, &Ident::from_stored("PAYLOAD")));
        t.columns.retain(|c| c.name.as_str() != "PAYLOAD");
        statements.push(rename_column(
            &name,
            &Ident::from_stored("BORN"),
            &Ident::from_stored("BIRTH_DATE"),
        ));
        for c in &mut t.columns {
            match c.name.as_str() {
                "BORN" => c.name = Ident::from_stored("BIRTH_DATE"),
                "CODE" => c.data_type = DataType::parse("VARCHAR(40)").unwrap(),
                "AMOUNT" => c.data_type = DataType::parse("NUMBER(12,2)").unwrap(),
                "EMAIL" => {
                    c.nullable = false;
                    c.comment = Some("who's".into());
                }
                "ID" => {
                    c.nullable = true;
                    c.comment = None;
                }
                "LOADED_AT" => c.default = None,
                _ => {}
            }
        }
        statements.push(set_column_type(
            &name,
            &Ident::from_stored("CODE"),
            &DataType::parse("VARCHAR(40)").unwrap(),
        ));
        statements.push(set_column_type(
            &name,
            &Ident::from_stored("AMOUNT"),
            &DataType::parse("NUMBER(12,2)").unwrap(),
        ));
        statements.push(set_nullable(&name, &Ident::from_stored("EMAIL"), false));
        statements.push(set_nullable(&name, &Ident::from_stored("ID"), true));
        statements.push(set_column_comment(
            &name,
            &Ident::from_stored("EMAIL"),
            Some("who's"),
        ));
        statements.push(set_column_comment(&name, &Ident::from_stored("ID"), None));
        statements.push(drop_default(&name, &Ident::from_stored("LOADED_AT")));
        t.cluster_by = vec![sql("EMAIL")];
        statements.push(set_cluster_by(&name, &t.cluster_by));
        t.comment = Some("customers, raw".into());
        statements.push(comment(&t.clone().into(), t.comment.as_deref()));
        cases.push(AlterCase {
            what: "table columns, clustering, comment",
            statements,
            after: vec![t.into()],
        });
    }
    if let Object::Table(mut t) = by_kind(lakeform::model::Kind::Table, "DROP TABLE") {
        use lakeform::kinds::table::ddl::*;
        t.cluster_by = vec![sql("\"Ünï\"")];
        t.change_tracking = true;
        let statements = vec![
            set_cluster_by(&t.name, &t.cluster_by),
            set_change_tracking(&t.name, true),
            set_cluster_by(&t.name, &[]),
        ];
        t.cluster_by.clear();
        cases.push(AlterCase {
            what: "hostile table clustering and change tracking",
            statements,
            after: vec![t.into()],
        });
    }
    if let Object::Stream(mut s) = by_kind(lakeform::model::Kind::Stream, "") {
        s.comment = None;
        let statements = vec![comment(&s.clone().into(), None)];
        cases.push(AlterCase {
            what: "stream comment",
            statements,
            after: vec![s.into()],
        });
    }
    let root = by_kind(lakeform::model::Kind::Task, "LOAD_TASK");
    if let (Object::Task(mut child), Object::Task(root)) =
        (by_kind(lakeform::model::Kind::Task, "MERGE"), root.clone())
    {
        use lakeform::kinds::task::ddl::alter;
        let statements = vec![
            alter(&root.name, &TaskChange::Suspend),
            alter(&child.name, &TaskChange::Suspend),
            alter(&child.name, &TaskChange::ModifyAs(sql("SELECT 'changed'"))),
            alter(&child.name, &TaskChange::When(None)),
            alter(&child.name, &TaskChange::Warehouse(None)),
            comment(&child.clone().into(), None),
        ];
        child.sql = sql("SELECT 'changed'");
        child.when = None;
        child.warehouse = None;
        child.comment = None;
        child.state = TaskState::Suspended;
        let mut root_after = root.clone();
        root_after.state = TaskState::Suspended;
        cases.push(AlterCase {
            what: "child task body, condition, warehouse, comment",
            statements,
            after: vec![child.clone().into(), root_after.clone().into()],
        });
        root_after.schedule = Some(Schedule::parse("15 MINUTE").unwrap());
        cases.push(AlterCase {
            what: "root task schedule",
            statements: vec![alter(
                &root.name,
                &TaskChange::Schedule(root_after.schedule.clone()),
            )],
            after: vec![root_after.clone().into()],
        });
        let when = sql("1 = 1");
        let mut child_after = child.clone();
        child_after.when = Some(when.clone());
        child_after.after = vec![];
        child_after.schedule = Some(Schedule::parse("5 MINUTE").unwrap());
        child_after.state = TaskState::Started;
        cases.push(AlterCase {
            what: "child task leaves the graph and runs on its own",
            statements: vec![
                alter(
                    &child.name,
                    &TaskChange::RemoveAfter(vec![root.name.clone()]),
                ),
                alter(
                    &child.name,
                    &TaskChange::Schedule(child_after.schedule.clone()),
                ),
                alter(&child.name, &TaskChange::When(Some(when))),
                alter(&child.name, &TaskChange::Resume),
            ],
            after: vec![child_after.into()],
        });
    }
    if let Object::Procedure(mut p) = by_kind(lakeform::model::Kind::Procedure, "MERGE_CUSTOMER") {
        p.comment = Some("still merges".into());
        let mut statements = vec![comment(&p.clone().into(), p.comment.as_deref())];
        p.body = sql("BEGIN RETURN 'v2: ' || LABEL; END;");
        statements.push(ddl::replace(&p.clone().into()).unwrap());
        cases.push(AlterCase {
            what: PROCEDURE_BODY,
            statements,
            after: vec![p.clone().into()],
        });
        p.execute_as = ExecuteAs::Owner;
        cases.push(AlterCase {
            what: PROCEDURE_EXECUTE_AS,
            statements: vec![lakeform::kinds::procedure::ddl::set_execute_as(
                &p,
                ExecuteAs::Owner,
            )],
            after: vec![p.into()],
        });
    }
    if let Object::View(mut v) = by_kind(lakeform::model::Kind::View, "VW_CUSTOMERS") {
        v.query = sql(&format!(
            "SELECT ID FROM {}",
            object_name(&fixture.names, "BRONZE", "RAW_CUSTOMER")
        ));
        let mut statements = vec![ddl::replace(&v.clone().into()).unwrap()];
        v.comment = Some("ids".into());
        statements.push(comment(&v.clone().into(), Some("ids")));
        cases.push(AlterCase {
            what: VIEW_QUERY,
            statements,
            after: vec![v.clone().into()],
        });
        v.secure = true;
        cases.push(AlterCase {
            what: VIEW_SECURE,
            statements: vec![lakeform::kinds::view::ddl::set_secure(&v.name, true)],
            after: vec![v.into()],
        });
    }
    cases
}

/// A table rebuilt with an incompatible type change keeps its name and reads back with
/// the new definition.
pub(crate) fn rebuild_case(fixture: &Fixture) -> (Vec<String>, Table) {
    let Object::Table(live) = fixture
        .objects
        .iter()
        .find(|o| o.address().name.contains("DROP TABLE"))
        .cloned()
        .expect("hostile table")
    else {
        panic!("not a table");
    };
    let mut desired = live.clone();
    desired.columns[1].data_type = DataType::parse("VARCHAR(50)").unwrap();
    desired.columns[0].name = Ident::from_stored("renamed \"a\"");
    let renames = BTreeMap::from([(
        desired.columns[0].name.clone(),
        live.columns[0].name.clone(),
    )]);
    (
        lakeform::kinds::table::rebuild::rebuild(&live, &desired, &renames),
        desired,
    )
}
