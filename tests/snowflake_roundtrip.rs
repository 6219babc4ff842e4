//! Snowflake provider round trips against the sandbox emulator over HTTP, through the
//! same SQL API client as production: every kind created from a desired model, read back
//! by introspection and compared; every in-place change applied and read back; a table
//! rebuild, renames and drops; hostile names throughout; and the number of statements
//! introspection sends, counted in the emulator's query history, independent of how many
//! tables there are.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

mod snowflake_cases;

use lakeform::kinds::ddl;
use lakeform::model::identifier::{Ident, ObjectName};
use lakeform::model::{Kind, Object, Resource};
use lakeform::providers::snowflake::auth::Authenticator;
use lakeform::providers::snowflake::client::SnowflakeClient;
use lakeform::providers::snowflake::introspect::{AccountScope, ReadScope, read_with_page_size};
use lakeform::providers::snowflake::live::read_live;
use lakeform::providers::snowflake::settings::ConnectionSettings;
use lakeform::sandbox::{self, RunningSandbox, ServeOptions};
use lakeform::secret::Secret;
use snowflake_cases::*;

async fn connect() -> (RunningSandbox, SnowflakeClient) {
    let sandbox = sandbox::start(ServeOptions::default())
        .await
        .expect("sandbox starts");
    let mut settings = ConnectionSettings::new(
        "LAKEFORM-SANDBOX",
        "LAKEFORM",
        Authenticator::Pat {
            token: Secret::new("sandbox-token"),
        },
    );
    settings.url = Some(sandbox.base_url().parse().expect("loopback URL"));
    let client = SnowflakeClient::new(settings).expect("client");
    (sandbox, client)
}

fn names() -> Names {
    Names {
        database: Ident::from_stored("LakeForm RT;\"db\""),
        warehouse: Ident::from_stored("LAKEFORM_RT_WH"),
        integration: Some(Ident::from_stored("LAKEFORM_RT_ADLS")),
    }
}

async fn created() -> (RunningSandbox, SnowflakeClient, Fixture) {
    let (sandbox, client) = connect().await;
    let fixture = fixture(names());
    execute(&client, &creation(&fixture.objects)).await;
    (sandbox, client, fixture)
}

#[tokio::test]
async fn every_kind_round_trips_from_empty() {
    let (_sandbox, client, fixture) = created().await;
    let live = read(&client, &fixture.names).await;
    assert_round_trip(&fixture.objects, &live);
    for kind in Kind::ALL.into_iter().filter(|k| *k != Kind::Container) {
        assert!(
            fixture.objects.iter().any(|o| o.kind() == kind),
            "the fixture has no {kind}"
        );
    }
}

#[tokio::test]
async fn hostile_names_are_never_executed() {
    let (_sandbox, client, fixture) = created().await;
    let live = read(&client, &fixture.names).await;
    // `x;DROP SCHEMA PUBLIC; --` would have dropped PUBLIC had it been spliced as SQL.
    let public = format!("{}.PUBLIC", fixture.names.database);
    assert!(
        live.objects
            .keys()
            .any(|a| a.kind == Kind::Schema && a.name == public),
        "PUBLIC is gone"
    );
    for schema in HOSTILE_SCHEMAS {
        let ident = Ident::from_stored(schema);
        assert!(
            live.objects
                .values()
                .any(|o| matches!(o, Object::Schema(s) if s.name.schema == ident)),
            "schema {schema:?} not read back"
        );
    }
}

/// Statements lakeform renders that the emulator does not parse yet, each a valid
/// Snowflake statement: `ALTER PROCEDURE name(types) EXECUTE AS OWNER | CALLER`. Their
/// cases run in the ignored test below.
const EMULATOR_GAPS: [&str; 1] = [PROCEDURE_EXECUTE_AS];

/// Applies the alter cases that `include` selects, each on top of the previous ones, and
/// checks the whole state after each.
async fn alter_round_trips(include: impl Fn(&AlterCase) -> bool) {
    let (_sandbox, client, fixture) = created().await;
    let mut desired = fixture.objects.clone();
    for case in alter_cases(&fixture).into_iter().filter(|c| include(c)) {
        execute(&client, &case.statements).await;
        for object in case.after {
            update(&mut desired, object);
        }
        let live = read(&client, &fixture.names).await;
        let problems = round_trip_problems(&desired, &live);
        assert!(
            problems.is_empty(),
            "after {}:\n{}",
            case.what,
            problems.join("\n")
        );
    }
}

#[tokio::test]
async fn in_place_changes_round_trip() {
    alter_round_trips(|case| !EMULATOR_GAPS.contains(&case.what)).await;
}

#[tokio::test]
async fn in_place_changes_the_emulator_lacks_round_trip() {
    alter_round_trips(|_| true).await;
}

#[tokio::test]
async fn a_rebuilt_table_reads_back_with_its_new_definition() {
    let (_sandbox, client, fixture) = created().await;
    let (statements, rebuilt) = rebuild_case(&fixture);
    execute(&client, &statements).await;
    let mut desired = fixture.objects.clone();
    update(&mut desired, rebuilt.into());
    assert_round_trip(&desired, &read(&client, &fixture.names).await);
}

#[tokio::test]
async fn backups_renames_and_drops() {
    let (_sandbox, client, fixture) = created().await;
    let mut desired = fixture.objects.clone();

    let table = find(
        &desired,
        &lakeform::model::Address::new(
            Kind::Table,
            format!("{}.BRONZE.RAW_CUSTOMER", fixture.names.database),
        ),
    )
    .clone();
    let Object::Table(raw) = &table else {
        panic!("not a table")
    };
    let (backup_name, backup) =
        lakeform::kinds::table::rebuild::backup(&raw.name, "2026-01-02T03:04:05Z".parse().unwrap());
    execute(&client, &[backup]).await;
    let mut backup_table = raw.clone();
    backup_table.name = backup_name;
    // What a backup must keep is the table's shape and rows; its columns are compared.
    let live = read(&client, &fixture.names).await;
    let Some(Object::Table(found)) = live.objects.get(&backup_table.address()) else {
        panic!("backup {} not found", backup_table.name)
    };
    assert_eq!(found.columns, raw.columns);

    let format = desired
        .iter()
        .find(|o| o.kind() == Kind::FileFormat && o.address().name.contains("PARQUET"))
        .cloned()
        .unwrap();
    let Object::FileFormat(mut renamed) = format.clone() else {
        panic!()
    };
    renamed.name = ObjectName::new(
        &renamed.name.schema_name(),
        Ident::from_stored("parquet ünï"),
    );
    execute(
        &client,
        &[ddl::rename(&format, &renamed.clone().into()).unwrap()],
    )
    .await;
    desired.retain(|o| o.address() != format.address());
    desired.push(renamed.into());

    let procedure = desired
        .iter()
        .find(|o| o.kind() == Kind::Procedure && o.address().name.contains("p$$"))
        .cloned()
        .unwrap();
    execute(&client, &[ddl::drop(&procedure).unwrap()]).await;
    desired.retain(|o| o.address() != procedure.address());

    let mut live = read(&client, &fixture.names).await;
    live.objects.remove(&backup_table.address());
    assert_round_trip(&desired, &live);
}

/// Statements that introspection sent, from the emulator's query history.
async fn introspection_statements(client: &SnowflakeClient, database: &Ident) -> usize {
    let history = client
        .execute(&format!(
            "SELECT QUERY_TEXT FROM TABLE({database}.INFORMATION_SCHEMA.QUERY_HISTORY(RESULT_LIMIT => 10000))"
        ))
        .await
        .expect("query history");
    history
        .rows()
        .filter_map(|r| r.get("QUERY_TEXT"))
        .filter(|t| {
            let upper = t.trim_start().to_ascii_uppercase();
            upper.starts_with("SHOW")
                || upper.starts_with("DESCRIBE")
                || upper.contains("INFORMATION_SCHEMA.COLUMNS")
        })
        .count()
}

#[tokio::test]
async fn statement_count_does_not_depend_on_the_number_of_tables() {
    let mut counts = Vec::new();
    for tables in [1usize, 500] {
        let (_sandbox, client) = connect().await;
        let database = Ident::from_stored("COUNTED");
        let mut statements = vec![
            format!("CREATE DATABASE {database}"),
            format!("CREATE SCHEMA {database}.S"),
        ];
        statements.extend(
            (0..tables)
                .map(|i| format!("CREATE TABLE {database}.S.T{i} (ID NUMBER, NAME VARCHAR)")),
        );
        execute(&client, &statements).await;
        let scope = ReadScope {
            databases: vec![database.clone()],
            warehouses: AccountScope::Skip,
            storage_integrations: AccountScope::Skip,
            roles: Default::default(),
        };
        let live = read_live(&client, &scope, 8).await.expect("introspection");
        let read_tables = live
            .objects
            .values()
            .filter(|o| o.kind() == Kind::Table)
            .count();
        assert_eq!(read_tables, tables);
        counts.push(introspection_statements(&client, &database).await);
    }
    // SHOW DATABASES, then SHOW SCHEMAS, one listing per schema-level kind and one
    // columns query, for one database.
    let expected = 3 + Kind::ALL.iter().filter(|k| k.is_schema_level()).count();
    assert_eq!(
        counts,
        vec![expected, expected],
        "statements for 1 and 500 tables"
    );
}

#[tokio::test]
async fn listings_larger_than_a_page_are_read_whole() {
    let (_sandbox, client) = connect().await;
    let database = Ident::from_stored("PAGED");
    let mut statements = vec![format!("CREATE DATABASE {database}")];
    for schema in ["BRONZE", "SILVER"] {
        statements.push(format!("CREATE SCHEMA {database}.{schema}"));
        // The same names in both schemas: a database-wide name cursor cannot page them.
        statements.extend(
            (0..60).map(|i| format!("CREATE TABLE {database}.{schema}.T{i:02} (ID NUMBER)")),
        );
    }
    execute(&client, &statements).await;
    let scope = ReadScope {
        databases: vec![database.clone()],
        ..ReadScope::default()
    };
    let live = read_with_page_size(&client, &scope, 8, 50)
        .await
        .expect("introspection");
    let tables = live
        .objects
        .values()
        .filter(|o| o.kind() == Kind::Table)
        .count();
    assert_eq!(tables, 120);
}
