//! Introspection: live Snowflake read into the canonical model, in batches.
//!
//! This module runs the listings (paging, concurrency, `DESCRIBE` fan-out) and reads the
//! account-level kinds; each kind parses its own rows in `crate::kinds::<key>::read`, and
//! the schema-level kinds spawn their own listings per database
//! (`ObjectKind::spawn_reads`).
//!
//! [`read`] sends one listing per kind per managed database, all concurrently (at most
//! `limit` in flight), so the number of statements depends on kinds × databases, not on
//! how many objects there are:
//!
//! | kind | source |
//! |---|---|
//! | database | `SHOW DATABASES` (once, filtered to the managed ones) |
//! | warehouse | `SHOW WAREHOUSES` (once) |
//! | storage and notification integrations | `SHOW INTEGRATIONS` (once) + `DESCRIBE INTEGRATION` each |
//! | schema, table, view, stream, task, file format | `SHOW <KIND> IN DATABASE d` |
//! | table columns | one `SELECT … FROM d.INFORMATION_SCHEMA.COLUMNS` per database |
//! | stage | `SHOW STAGES IN DATABASE d` + `DESCRIBE STAGE` each |
//! | procedure | `SHOW PROCEDURES IN DATABASE d` + `DESCRIBE PROCEDURE` each |
//! | role, database role | `SHOW ROLES`, `SHOW DATABASE ROLES IN DATABASE d`, `SHOW GRANTS TO …` each, `SHOW FUTURE GRANTS IN …` per container, `INFORMATION_SCHEMA.OBJECT_PRIVILEGES` per database (grants to undeclared roles), started alongside the listings (`kinds::role::read::RoleReads`) |
//! | tag | `SHOW TAGS IN DATABASE d` + the policies on every tag (`POLICY_REFERENCES`, united) |
//! | tags set on a table and its columns | `TAG_REFERENCES` + `TAG_REFERENCES_ALL_COLUMNS`, only for tables whose declaration has tags, united |
//! | data metric function | `SHOW DATA METRIC FUNCTIONS IN DATABASE d` + `DESCRIBE FUNCTION` each |
//! | data metrics on a table or view | `DATA_METRIC_FUNCTION_REFERENCES` + `DATA_METRIC_FUNCTION_EXPECTATIONS`, only for objects whose declaration has `data_metrics`, united |
//! | masking and row access policy | `SHOW … POLICIES IN DATABASE d` + `DESCRIBE` each + `POLICY_REFERENCES` of all, united |
//!
//! *United*: the per-object table-function queries of every kind are gathered once the
//! listings are done and sent together as `UNION ALL` statements of up to 100 branches
//! ([`united`]), so together they cost a statement per 100 queries, not one each nor one
//! per kind.
//!
//! Per-object `DESCRIBE` is used only where no batched source has the attribute: a
//! storage integration's tenant and allowed/blocked locations (only `DESCRIBE
//! INTEGRATION` shows them), a stage's named file format (not in `SHOW STAGES` nor
//! `INFORMATION_SCHEMA.STAGES`), and a procedure's `EXECUTE AS` (not in `SHOW
//! PROCEDURES` nor `INFORMATION_SCHEMA.PROCEDURES`; DESCRIBE then also gives the body and
//! argument names). These are few per deployment; tables, views, streams and tasks — the
//! kinds that come in thousands — never cost a statement each.
//!
//! SHOWs that take `LIMIT … FROM` are paginated past Snowflake's 10,000-row cap: databases
//! and schemas by `LIMIT 10000 FROM '<last name>'`; tables, views, streams and tasks — whose
//! names repeat across schemas, which makes a name cursor over a whole database ambiguous —
//! by one `SHOW … IN DATABASE` while it fits a page, and per schema (`SHOW … IN SCHEMA
//! d.s LIMIT … FROM …`) once it does not, so statements stay flat until a database holds
//! 10,000 objects of a kind. The other SHOWs (warehouses, integrations, file formats,
//! stages, procedures) have no paging syntax, and a result at the cap is an error rather
//! than a silently short listing. Rows are read by column name. `INFORMATION_SCHEMA`
//! itself is skipped.
//! The INFORMATION_SCHEMA query needs a running warehouse on a real account (SHOW does
//! not). Derived fields (`View::selects_from`, `Task::uses`) are left empty: resolving
//! references is the plan's job.

pub(crate) mod connection;
pub(crate) mod describe;
pub(crate) mod error;
pub(crate) mod record;
pub(crate) mod reported_name;
pub(crate) mod scope;
pub(crate) mod united;

use tokio::task::JoinSet;

pub(crate) use connection::{Connection, SHOW_PAGE_ROWS};
pub(crate) use error::{IntrospectError, StatementFailure};
pub use scope::{AccountScope, MetricScope, ObjectScope, ReadScope, TagReads, TagScope};

use crate::kinds::masking_policy::MaskingPolicy;
use crate::kinds::policy::References;
use crate::kinds::role::read::{Managed, RoleReads};
use crate::kinds::row_access_policy::RowAccessPolicy;
use crate::model::identifier::Ident;
use crate::model::{Address, Kind, LiveState, Object, Resource};
use crate::providers::snowflake::result_set::ResultSet;
use connection::Runner;
use record::Record;
use united::Batch;

pub(crate) const INFORMATION_SCHEMA: &str = "INFORMATION_SCHEMA";

/// The concurrent reads of one introspection, each yielding the objects of one listing.
pub(crate) type Jobs = JoinSet<Result<Found, IntrospectError>>;

/// What one read found: its objects, and the owner its listing's `owner` column named
/// for each (`kinds::owner`).
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub(crate) objects: Vec<Object>,
    pub(crate) owners: Vec<(Address, Ident)>,
}

impl Found {
    /// One object and the owner its row named.
    pub(crate) fn push(&mut self, object: Object, owner: Option<Ident>) {
        if let Some(owner) = owner {
            self.owners.push((object.address(), owner));
        }
        self.objects.push(object);
    }
}

/// Spawns a read that yields objects without their owner (the kinds whose owner lakeform
/// does not manage, `kinds::owner`).
pub(crate) fn spawn_objects(
    jobs: &mut Jobs,
    read: impl Future<Output = Result<Vec<Object>, IntrospectError>> + Send + 'static,
) {
    jobs.spawn(async move { read.await.map(Found::from) });
}

/// Objects read without their owner.
impl From<Vec<Object>> for Found {
    fn from(objects: Vec<Object>) -> Self {
        Found {
            objects,
            owners: Vec::new(),
        }
    }
}

/// Reads everything in `scope` into a live state, with at most `limit` statements in
/// flight.
pub(crate) async fn read<C: Connection>(
    connection: &C,
    scope: &ReadScope,
    limit: usize,
) -> Result<LiveState, IntrospectError> {
    read_with_page_size(connection, scope, limit, SHOW_PAGE_ROWS).await
}

/// [`read`] with a smaller SHOW page, so paging can be exercised without 10,000 objects.
pub async fn read_with_page_size<C: Connection>(
    connection: &C,
    scope: &ReadScope,
    limit: usize,
    page_rows: usize,
) -> Result<LiveState, IntrospectError> {
    let runner = Runner::new(connection.clone(), limit, page_rows);
    // The role reads start first: `SHOW ROLES` and the roles' grants need nothing from
    // the listings below, and at hundreds of roles they are most of the statements.
    let mut roles = RoleReads::start(&runner, &scope.roles);
    let mut jobs: Jobs = JoinSet::new();
    if scope.warehouses.is_read() {
        jobs.spawn(warehouses(runner.clone(), scope.warehouses.clone()));
    }
    if scope.storage_integrations.is_read() || scope.notification_integrations.is_read() {
        jobs.spawn(integrations(
            runner.clone(),
            scope.storage_integrations.clone(),
            scope.notification_integrations.clone(),
        ));
    }
    let mut objects = Vec::new();
    let mut owners = Vec::new();
    let mut found_databases = Vec::new();
    // Procedures' and data metric functions' owners, read beside the listings and
    // matched to the objects once those are read.
    let mut routine_owners = JoinSet::new();
    if !scope.databases.is_empty() {
        let found = databases(&runner, &scope.databases).await?;
        for database in &found.objects {
            if let Object::Database(database) = database {
                crate::kinds::spawn_database_reads(&mut jobs, &runner, &database.name);
                found_databases.push(database.name.clone());
                for (_, kind) in scope
                    .routine_owners
                    .iter()
                    .filter(|(d, _)| *d == database.name)
                {
                    routine_owners.spawn(crate::kinds::owner::read_routine_owners(
                        runner.clone(),
                        database.name.clone(),
                        *kind,
                    ));
                }
            }
        }
        if let Some(roles) = &mut roles {
            roles.databases(&found_databases);
        }
        objects.extend(found.objects);
        owners.extend(found.owners);
    }
    while let Some(joined) = jobs.join_next().await {
        let listed = joined.map_err(|e| IntrospectError::Interrupted(e.to_string()))??;
        // Future grants are read per schema: each schema's read starts as soon as the
        // schemas of its database are listed.
        if let Some(roles) = &mut roles {
            for object in &listed.objects {
                if let Object::Schema(s) = object {
                    roles.schema(&s.name.database, &s.name.schema);
                }
            }
        }
        objects.extend(listed.objects);
        owners.extend(listed.owners);
    }
    while let Some(joined) = routine_owners.join_next().await {
        let rows = joined.map_err(|e| IntrospectError::Interrupted(e.to_string()))??;
        owners.extend(crate::kinds::owner::routine_owners(&rows, &objects));
    }
    // What Snowflake lists only per object — where each policy is set, the policies on
    // each tag, the tags and data metrics of each object that declares them — is read
    // in one united batch once the objects are known, while the roles' grants (spawned
    // already) are still being read: queued behind them, it would add a round trip to
    // every plan that declares tags, policies or metrics.
    let mut batch = Batch::default();
    let masking = References::<MaskingPolicy>::new(&objects, &mut batch);
    let row_access = References::<RowAccessPolicy>::new(&objects, &mut batch);
    let tags = crate::kinds::tag::Reads::new(&scope.tagged, &objects, &mut batch);
    let metrics = crate::kinds::data_metric_function::association::Pending::new(
        &scope.measured,
        &objects,
        &mut batch,
    );
    let mut answers = batch.run(&runner).await?;
    masking.write_onto(&mut objects, &mut answers)?;
    row_access.write_onto(&mut objects, &mut answers)?;
    tags.write_onto(&mut objects, &mut answers)?;
    metrics.take(&mut answers)?.write_onto(&mut objects);
    let mut unmanaged_grants = Default::default();
    if let Some(roles) = roles {
        let managed = Managed {
            databases: &found_databases,
            warehouses: &scope.warehouses,
            integrations: &scope.storage_integrations,
        };
        let (found, held) = roles.finish(&managed).await?;
        objects.extend(found.objects);
        owners.extend(found.owners);
        unmanaged_grants = held;
    }
    // Where a masking policy is set is read with the policy; the tables carry it.
    crate::kinds::masking_policy::attach_to_columns(&mut objects);
    crate::kinds::row_access_policy::attach_to_tables(&mut objects);
    let objects = objects
        .into_iter()
        .filter(|o| !in_information_schema(o))
        .map(|o| (o.address(), o))
        .collect();
    Ok(LiveState {
        objects,
        owners: owners.into_iter().collect(),
        unmanaged_grants,
    })
}

/// How a kind is listed.
pub(crate) enum Listing {
    /// A SHOW over unique names that takes `LIMIT … FROM`.
    Paged(String),
    /// `SHOW <what> IN DATABASE d`, paged per schema when it overflows a page.
    InDatabase(&'static str, Ident),
    /// A SHOW without paging syntax.
    Unpaged(String),
}

impl Listing {
    async fn pages<C: Connection>(
        &self,
        runner: &Runner<C>,
    ) -> Result<Vec<ResultSet>, IntrospectError> {
        match self {
            Listing::Paged(statement) => runner.show(statement).await,
            Listing::InDatabase(what, database) => runner.show_in_database(what, database).await,
            Listing::Unpaged(statement) => runner.show_unpaged(statement).await,
        }
    }
}

/// Objects read one per row of a listing.
pub(crate) async fn listing<C: Connection>(
    runner: Runner<C>,
    listing: Listing,
    kind: Kind,
    parse: fn(&Record<'_>) -> Result<Option<Object>, IntrospectError>,
) -> Result<Found, IntrospectError> {
    parse_pages(&listing.pages(&runner).await?, kind, parse)
}

fn parse_pages(
    pages: &[ResultSet],
    kind: Kind,
    parse: fn(&Record<'_>) -> Result<Option<Object>, IntrospectError>,
) -> Result<Found, IntrospectError> {
    let mut found = Found::default();
    for page in pages {
        for row in page.rows() {
            let record = Record::new(row, kind);
            if let Some(object) = parse(&record)? {
                found.push(object, record.owner());
            }
        }
    }
    Ok(found)
}

/// The managed databases that exist; the others have nothing to read.
async fn databases<C: Connection>(
    runner: &Runner<C>,
    managed: &[Ident],
) -> Result<Found, IntrospectError> {
    let mut found = Found::default();
    let mut names: Vec<Ident> = Vec::new();
    for page in runner.show(crate::kinds::database::read::STATEMENT).await? {
        for row in page.rows() {
            let record = Record::new(row, Kind::Database);
            let db = crate::kinds::database::read::parse(&record)?;
            if managed.contains(&db.name) && !names.contains(&db.name) {
                names.push(db.name.clone());
                found.push(Object::from(db), record.owner());
            }
        }
    }
    Ok(found)
}

async fn warehouses<C: Connection>(
    runner: Runner<C>,
    scope: AccountScope,
) -> Result<Found, IntrospectError> {
    let mut found = Found::default();
    for page in runner
        .show_unpaged(crate::kinds::warehouse::read::STATEMENT)
        .await?
    {
        for row in page.rows() {
            let record = Record::new(row, Kind::Warehouse);
            let w = crate::kinds::warehouse::read::parse(&record)?;
            if scope.includes(&w.name) {
                found.push(w.into(), record.owner());
            }
        }
    }
    Ok(found)
}

/// Storage and notification integrations: one `SHOW INTEGRATIONS` lists every category,
/// and `DESCRIBE INTEGRATION` each gives what no listing carries (locations, tenant, queue
/// URI, recipients).
async fn integrations<C: Connection>(
    runner: Runner<C>,
    storage: AccountScope,
    notification: AccountScope,
) -> Result<Found, IntrospectError> {
    let pages = runner
        .show_unpaged(crate::kinds::storage_integration::read::STATEMENT)
        .await?;
    let mut rows = Vec::new();
    for page in &pages {
        for row in page.rows() {
            let record = Record::new(row, Kind::StorageIntegration);
            if let Some(name) = crate::kinds::storage_integration::read::storage_name(&record)?
                && storage.includes(&name)
            {
                rows.push((record, name));
                continue;
            }
            let record = Record::new(row, Kind::NotificationIntegration);
            if let Some(name) = crate::kinds::notification_integration::listed_name(&record)?
                && notification.includes(&name)
            {
                rows.push((record, name));
            }
        }
    }
    let statements = rows
        .iter()
        .map(|(_, name)| crate::kinds::storage_integration::read::describe_statement(name))
        .collect();
    let described = runner.run_each(statements).await?;
    let mut found = Found::default();
    for ((record, _), describe) in rows.iter().zip(&described) {
        let object = match record.kind() {
            Kind::NotificationIntegration => {
                crate::kinds::notification_integration::parse(record, describe).map(Object::from)
            }
            _ => crate::kinds::storage_integration::read::parse(record, describe).map(Object::from),
        }?;
        found.push(object, record.owner());
    }
    Ok(found)
}

fn in_information_schema(object: &Object) -> bool {
    let schema = match object {
        Object::Schema(s) => Some(s.name.schema.clone()),
        other => other.schema().map(|s| s.schema),
    };
    schema.is_some_and(|s| s.as_str() == INFORMATION_SCHEMA)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use super::error::StatementFailure;
    use super::record::fixture::{result, row};
    use super::*;
    use crate::model::Address;
    use crate::model::identifier::ObjectName;
    use crate::providers::snowflake::result_set::ResultSet;

    /// A connection that answers from a fixed catalog of `tables` in `PR.S`, logs every
    /// statement (and when each starts and ends) and tracks how many run at once.
    #[derive(Clone)]
    struct Scripted {
        tables: Arc<Vec<String>>,
        log: Arc<Mutex<Vec<String>>>,
        /// `start <statement>` and `end <statement>`, in order.
        events: Arc<Mutex<Vec<String>>>,
        in_flight: Arc<AtomicUsize>,
        peak: Arc<AtomicUsize>,
    }

    impl Scripted {
        fn new(tables: usize) -> Self {
            let mut names: Vec<String> = (0..tables).map(|i| format!("T{i:04}")).collect();
            names.sort();
            Scripted {
                tables: Arc::new(names),
                log: Arc::default(),
                events: Arc::default(),
                in_flight: Arc::default(),
                peak: Arc::default(),
            }
        }

        fn statements(&self) -> Vec<String> {
            self.log.lock().unwrap().clone()
        }

        /// Every table as (schema, name), in Snowflake's order: schema, then name. Both
        /// schemas hold the same names, as real databases do (a `CUSTOMER` per layer).
        fn tables(&self) -> Vec<(&'static str, &str)> {
            ["S1", "S2"]
                .into_iter()
                .flat_map(|schema| self.tables.iter().map(move |t| (schema, t.as_str())))
                .collect()
        }

        /// `SHOW TABLES IN DATABASE PR | SCHEMA PR.Sx LIMIT n [FROM 'name']`, with
        /// Snowflake's documented cursor: the rows after the first row with that name.
        fn show_tables(&self, rest: &str) -> ResultSet {
            let (scope, limit) = rest.split_once(" LIMIT ").unwrap();
            let (limit, from) = match limit.split_once(" FROM ") {
                Some((l, f)) => (l, Some(f.trim_matches('\'').to_string())),
                None => (limit, None),
            };
            let limit: usize = limit.parse().unwrap();
            let mut rows = self.tables();
            if let Some(schema) = scope.strip_prefix("SCHEMA PR.") {
                rows.retain(|(s, _)| *s == schema);
            }
            if let Some(from) = from {
                let first = rows.iter().position(|(_, t)| *t == from).unwrap();
                rows.drain(..=first);
            }
            rows.truncate(limit);
            let rows: Vec<Vec<Option<&str>>> = rows
                .into_iter()
                .map(|(schema, t)| {
                    vec![
                        Some(t),
                        Some("PR"),
                        Some(schema),
                        Some("TABLE"),
                        Some(""),
                        Some("OFF"),
                        Some("N"),
                        None,
                    ]
                })
                .collect();
            let rows: Vec<&[Option<&str>]> = rows.iter().map(Vec::as_slice).collect();
            result(
                &[
                    "name",
                    "database_name",
                    "schema_name",
                    "kind",
                    "cluster_by",
                    "change_tracking",
                    "is_external",
                    "comment",
                ],
                &rows,
            )
        }

        fn answer(&self, sql: &str) -> ResultSet {
            if sql.starts_with("SHOW DATABASES") {
                return result(
                    &["name", "options", "retention_time", "comment"],
                    &[&[Some("PR"), Some(""), Some("1"), None]],
                );
            }
            if sql.starts_with("SHOW SCHEMAS IN DATABASE PR") {
                let rows: &[&[Option<&str>]] = if sql.ends_with("FROM 'S2'") {
                    &[]
                } else {
                    &[
                        &[Some("S1"), Some("PR"), Some(""), Some("1"), None],
                        &[Some("S2"), Some("PR"), Some(""), Some("1"), None],
                    ]
                };
                return result(
                    &[
                        "name",
                        "database_name",
                        "options",
                        "retention_time",
                        "comment",
                    ],
                    rows,
                );
            }
            if let Some(rest) = sql.strip_prefix("SHOW TABLES IN ") {
                return self.show_tables(rest);
            }
            if sql.contains("INFORMATION_SCHEMA.COLUMNS") {
                let rows: Vec<Vec<Option<&str>>> = self
                    .tables()
                    .into_iter()
                    .map(|(schema, t)| {
                        vec![
                            Some(schema),
                            Some(t),
                            Some("ID"),
                            Some("1"),
                            Some("NUMBER"),
                            None,
                            Some("38"),
                            Some("0"),
                            None,
                            Some("NO"),
                            None,
                            None,
                        ]
                    })
                    .collect();
                let rows: Vec<&[Option<&str>]> = rows.iter().map(Vec::as_slice).collect();
                return result(&crate::kinds::table::column::SELECTED, &rows);
            }
            if sql == "SHOW ROLES" {
                return row(&[("name", Some("READER")), ("comment", None)]);
            }
            if sql == "SHOW GRANTS TO ROLE READER" {
                return row(&[
                    ("privilege", Some("USAGE")),
                    ("granted_on", Some("DATABASE")),
                    ("name", Some("PR")),
                ]);
            }
            if sql == "SHOW FUTURE GRANTS IN SCHEMA PR.S2" {
                return row(&[
                    ("privilege", Some("SELECT")),
                    ("grant_on", Some("TABLE")),
                    ("grant_to", Some("ROLE")),
                    ("grantee_name", Some("READER")),
                ]);
            }
            result(&["name"], &[])
        }
    }

    impl Connection for Scripted {
        async fn query(&self, sql: String) -> Result<ResultSet, StatementFailure> {
            self.log.lock().unwrap().push(sql.clone());
            self.events.lock().unwrap().push(format!("start {sql}"));
            let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            self.peak.fetch_max(now, Ordering::SeqCst);
            // The databases and the columns take longest, so what waits for them shows.
            let ms = if sql.starts_with("SHOW DATABASES") {
                20
            } else if sql.contains("INFORMATION_SCHEMA.COLUMNS") {
                60
            } else {
                5
            };
            tokio::time::sleep(Duration::from_millis(ms)).await;
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
            self.events.lock().unwrap().push(format!("end {sql}"));
            Ok(self.answer(&sql))
        }
    }

    fn scope() -> ReadScope {
        ReadScope {
            databases: vec![Ident::from_stored("PR"), Ident::from_stored("MISSING")],
            warehouses: AccountScope::All,
            storage_integrations: AccountScope::All,
            notification_integrations: AccountScope::All,
            roles: Default::default(),
            tagged: TagScope::None,
            measured: MetricScope::None,
            routine_owners: Default::default(),
        }
    }

    #[tokio::test]
    async fn statements_do_not_grow_with_objects() {
        let mut counts = Vec::new();
        for tables in [1, 500] {
            let connection = Scripted::new(tables);
            let live = read(&connection, &scope(), 4).await.unwrap();
            let read_tables = live
                .objects
                .values()
                .filter(|o| o.kind() == Kind::Table)
                .count();
            assert_eq!(read_tables, 2 * tables);
            counts.push(connection.statements().len());
        }
        // SHOW DATABASES, WAREHOUSES, INTEGRATIONS, then per existing database SHOW
        // SCHEMAS, the columns query and one listing per schema-level kind.
        let per_database = 2 + Kind::ALL.iter().filter(|k| k.is_schema_level()).count();
        assert_eq!(counts, vec![3 + per_database, 3 + per_database]);
    }

    #[tokio::test]
    async fn role_grants_are_read_while_the_databases_are_listed() {
        let connection = Scripted::new(1);
        let mut roles = crate::kinds::role::read::RoleScope::default();
        roles.roles.insert(Ident::from_stored("READER"));
        let live = read(&connection, &ReadScope { roles, ..scope() }, 16)
            .await
            .unwrap();
        let events = connection.events.lock().unwrap().clone();
        let at = |event: &str| {
            events
                .iter()
                .position(|e| e.starts_with(event))
                .unwrap_or_else(|| panic!("no {event} in {events:#?}"))
        };
        // Every role read starts while the column listing still runs: SHOW ROLES at once,
        // the future grants when their container is listed, the role's grants once the
        // database's listings have queued (before them, they would delay the listings).
        let columns_end = at("end SELECT");
        assert!(at("start SHOW ROLES") < at("end SHOW DATABASES"));
        assert!(at("start SHOW FUTURE GRANTS IN DATABASE PR") > at("end SHOW DATABASES"));
        assert!(at("start SHOW FUTURE GRANTS IN SCHEMA PR.S1") > at("end SHOW SCHEMAS"));
        assert!(at("start SHOW FUTURE GRANTS IN SCHEMA PR.S2") < columns_end);
        assert!(at("start SHOW GRANTS TO ROLE READER") > at("start SELECT"));
        assert!(at("start SHOW GRANTS TO ROLE READER") < columns_end);
        let Some(Object::Role(reader)) = live.objects.values().find(|o| o.kind() == Kind::Role)
        else {
            panic!("no role read");
        };
        let held: Vec<String> = reader
            .privileges
            .iter()
            .map(|g| format!("{} {}", g.privilege, g.target))
            .collect();
        assert_eq!(held.len(), 2, "{held:?}");
        assert!(
            held.iter()
                .any(|g| g.contains("future tables in schema PR.S2")),
            "{held:?}"
        );
    }

    #[tokio::test]
    async fn a_table_has_read_only_the_tags_its_declaration_involves() {
        let connection = Scripted::new(1);
        let name = |schema: &str| ObjectName::parse(&format!("PR.{schema}.T0000")).unwrap();
        let tagged = [
            (
                name("S1"),
                TagReads {
                    own: false,
                    columns: true,
                },
            ),
            (name("S2"), TagReads::BOTH),
        ]
        .into();
        let scope = ReadScope {
            tagged: TagScope::Named(tagged),
            ..scope()
        };
        let live = read(&connection, &scope, 4).await.unwrap();
        let tag_statements: Vec<String> = connection
            .statements()
            .into_iter()
            .filter(|s| s.contains("TAG_REFERENCES"))
            .collect();
        // S1's table declares tags on columns only: one query; S2's declares both: two;
        // the three united in one statement.
        assert_eq!(tag_statements.len(), 1, "{tag_statements:#?}");
        let calls: Vec<&str> = tag_statements[0]
            .split(" UNION ALL ")
            .filter_map(|branch| branch.split("INFORMATION_SCHEMA.").nth(1))
            .collect();
        assert_eq!(
            calls,
            [
                "TAG_REFERENCES_ALL_COLUMNS('PR.S1.T0000', 'TABLE'))",
                "TAG_REFERENCES('PR.S2.T0000', 'TABLE'))",
                "TAG_REFERENCES_ALL_COLUMNS('PR.S2.T0000', 'TABLE'))",
            ]
        );
        let table = |schema: &str| match live.objects.get(&Address::new(Kind::Table, name(schema)))
        {
            Some(Object::Table(t)) => t.clone(),
            other => panic!("no table {schema}: {other:?}"),
        };
        let (s1, s2) = (table("S1"), table("S2"));
        assert_eq!(s1.tags, None, "not read, so left to the diff as undeclared");
        assert!(
            s1.columns
                .iter()
                .all(|c| c.tags == Some(Default::default()))
        );
        assert_eq!(s2.tags, Some(Default::default()));
    }

    #[tokio::test]
    async fn columns_are_attached_to_their_tables() {
        let live = read(&Scripted::new(2), &scope(), 4).await.unwrap();
        let Some(Object::Table(t)) = live.objects.values().find(|o| o.kind() == Kind::Table) else {
            panic!("no table read");
        };
        assert_eq!(t.columns.len(), 1);
        assert!(!t.columns[0].nullable);
    }

    #[tokio::test]
    async fn full_pages_are_followed_by_the_next_page_per_schema() {
        let connection = Scripted::new(5);
        let live = read_with_page_size(&connection, &scope(), 4, 2)
            .await
            .unwrap();
        assert_eq!(
            live.objects
                .values()
                .filter(|o| o.kind() == Kind::Table)
                .count(),
            10
        );
        let mut pages: Vec<String> = connection
            .statements()
            .into_iter()
            .filter(|s| s.starts_with("SHOW TABLES"))
            .collect();
        pages.sort();
        assert_eq!(
            pages,
            vec![
                "SHOW TABLES IN DATABASE PR LIMIT 2",
                "SHOW TABLES IN SCHEMA PR.S1 LIMIT 2",
                "SHOW TABLES IN SCHEMA PR.S1 LIMIT 2 FROM 'T0001'",
                "SHOW TABLES IN SCHEMA PR.S1 LIMIT 2 FROM 'T0003'",
                "SHOW TABLES IN SCHEMA PR.S2 LIMIT 2",
                "SHOW TABLES IN SCHEMA PR.S2 LIMIT 2 FROM 'T0001'",
                "SHOW TABLES IN SCHEMA PR.S2 LIMIT 2 FROM 'T0003'",
            ]
        );
    }

    #[tokio::test]
    async fn concurrency_stays_within_the_limit() {
        let connection = Scripted::new(3);
        read(&connection, &scope(), 2).await.unwrap();
        let peak = connection.peak.load(Ordering::SeqCst);
        assert!((1..=2).contains(&peak), "peak {peak}");
        let wide = Scripted::new(3);
        read(&wide, &scope(), 16).await.unwrap();
        assert!(
            wide.peak.load(Ordering::SeqCst) > 2,
            "statements ran one by one"
        );
    }

    #[tokio::test]
    async fn a_failing_statement_names_itself() {
        #[derive(Clone)]
        struct Failing;
        impl Connection for Failing {
            async fn query(&self, sql: String) -> Result<ResultSet, StatementFailure> {
                Err(format!("002003 (02000): SQL compilation error for {sql}").into())
            }
        }
        let err = read(&Failing, &scope(), 2).await.unwrap_err().to_string();
        assert!(err.contains("SHOW") && err.contains("002003"), "{err}");
    }

    #[tokio::test]
    async fn a_listing_at_the_cap_that_cannot_be_paged_is_an_error() {
        #[derive(Clone)]
        struct Crowded;
        impl Connection for Crowded {
            async fn query(&self, sql: String) -> Result<ResultSet, StatementFailure> {
                let names: Vec<String> = (0..SHOW_PAGE_ROWS).map(|i| format!("W{i}")).collect();
                let rows: Vec<Vec<Option<&str>>> =
                    names.iter().map(|n| vec![Some(n.as_str())]).collect();
                let rows: Vec<&[Option<&str>]> = rows.iter().map(Vec::as_slice).collect();
                assert_eq!(sql, "SHOW WAREHOUSES");
                Ok(result(&["name"], &rows))
            }
        }
        let scope = ReadScope {
            warehouses: AccountScope::All,
            ..ReadScope::default()
        };
        let err = read(&Crowded, &scope, 2).await.unwrap_err();
        assert!(
            matches!(
                err,
                IntrospectError::Truncated {
                    rows: SHOW_PAGE_ROWS,
                    ..
                }
            ),
            "{err}"
        );
    }
}
