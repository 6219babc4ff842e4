//! `SELECT … FROM <db>.INFORMATION_SCHEMA.COLUMNS`: one row per column of every table
//! and view of the database (INFORMATION_SCHEMA's own views excluded) the session's roles
//! see, then the query's filters, order and projection; the PROCEDURES and FUNCTIONS views
//! ([`routines`]); and the table functions reading policy, tag and data metric references.
//!
//! Every view lists only what the session's roles see (`super::Sees`, the one rule SHOW
//! uses): "The view only displays objects for which the current role for the session has
//! been granted access privileges"
//! (https://docs.snowflake.com/en/sql-reference/info-schema/columns and each view's usage
//! notes).
//!
//! An equality filter on TABLE_SCHEMA or TABLE_NAME narrows the scan before rows are
//! built, so a per-table query costs that table, not the database.

use super::columns::information_schema_type;
use super::rows::evaluate;
use crate::model::data_type::DataType;
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::binder::named_or_current_database;
use crate::sandbox::catalog::access::ACCOUNT_NAME;
use crate::sandbox::catalog::database::INFORMATION_SCHEMA;
use crate::sandbox::catalog::{Catalog, OuterObject, SchemaObject};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::{QueryResult, ResultColumn};
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::{FilterOp, ObjectNoun, RawName, RowQuery};

use super::Sees;

const COLUMNS: [(&str, &str); 16] = [
    ("TABLE_CATALOG", "text"),
    ("TABLE_SCHEMA", "text"),
    ("TABLE_NAME", "text"),
    ("COLUMN_NAME", "text"),
    ("ORDINAL_POSITION", "fixed"),
    ("COLUMN_DEFAULT", "text"),
    ("IS_NULLABLE", "text"),
    ("DATA_TYPE", "text"),
    ("CHARACTER_MAXIMUM_LENGTH", "fixed"),
    ("CHARACTER_OCTET_LENGTH", "fixed"),
    ("NUMERIC_PRECISION", "fixed"),
    ("NUMERIC_PRECISION_RADIX", "fixed"),
    ("NUMERIC_SCALE", "fixed"),
    ("DATETIME_PRECISION", "fixed"),
    ("IS_IDENTITY", "text"),
    ("COMMENT", "text"),
];

/// The equality value a query pins `column` to, if any.
fn pinned<'a>(query: &'a RowQuery, column: &str) -> Option<&'a str> {
    query.filters.iter().find_map(|f| match (&f.op, f.fold) {
        (FilterOp::Eq(Some(v)), None) if f.column == column => Some(v.as_str()),
        _ => None,
    })
}

fn type_facts(t: &DataType) -> [Option<String>; 6] {
    let n = |v: u64| Some(v.to_string());
    match t {
        DataType::Varchar(len) => [
            n(u64::from(*len)),
            n((u64::from(*len) * 4).min(134_217_728)),
            None,
            None,
            None,
            None,
        ],
        DataType::Binary(len) => [
            n(u64::from(*len)),
            n(u64::from(*len)),
            None,
            None,
            None,
            None,
        ],
        DataType::Number { precision, scale } => [
            None,
            None,
            n(u64::from(*precision)),
            n(10),
            n(u64::from(*scale)),
            None,
        ],
        DataType::Float => [None, None, None, None, None, None],
        DataType::Time(p)
        | DataType::TimestampNtz(p)
        | DataType::TimestampLtz(p)
        | DataType::TimestampTz(p) => [None, None, None, None, None, n(u64::from(*p))],
        _ => [None, None, None, None, None, None],
    }
}

pub(crate) fn information_schema_columns(
    catalog: &Catalog,
    database: Option<&Ident>,
    query: &RowQuery,
    session: &SqlSession,
    sees: Sees<'_>,
) -> Result<QueryResult, SqlError> {
    let database = named_or_current_database(database, session)?;
    let db = catalog.database(&database)?;
    let schema_pin = pinned(query, "TABLE_SCHEMA");
    let table_pin = pinned(query, "TABLE_NAME");
    let mut rows = Vec::new();
    for (schema_name, schema) in &db.schemas {
        if schema_name.as_str() == INFORMATION_SCHEMA
            || schema_pin.is_some_and(|p| p != schema_name.as_str())
        {
            continue;
        }
        let tables =
            (schema.objects.tables.iter()).map(|(n, t)| (ObjectNoun::Table, n, &t.columns));
        let views = (schema.objects.views.iter()).map(|(n, v)| (ObjectNoun::View, n, &v.columns));
        let dynamic = (schema.objects.dynamic_tables.iter())
            .map(|(n, t)| (ObjectNoun::DynamicTable, n, &t.columns));
        for (noun, table_name, columns) in tables.chain(views).chain(dynamic) {
            if table_pin.is_some_and(|p| p != table_name.as_str()) {
                continue;
            }
            let parts = [database.clone(), schema_name.clone(), table_name.clone()];
            if !sees(noun, &parts, None) {
                continue;
            }
            for (i, c) in columns.iter().enumerate() {
                let [max_len, octets, precision, radix, scale, datetime] = type_facts(&c.data_type);
                rows.push(vec![
                    Some(database.as_str().to_string()),
                    Some(schema_name.as_str().to_string()),
                    Some(table_name.as_str().to_string()),
                    Some(c.name.as_str().to_string()),
                    Some((i + 1).to_string()),
                    c.default.clone(),
                    Some(if c.nullable { "YES" } else { "NO" }.to_string()),
                    Some(information_schema_type(&c.data_type).to_string()),
                    max_len,
                    octets,
                    precision,
                    radix,
                    scale,
                    datetime,
                    Some("NO".to_string()),
                    c.comment.clone(),
                ]);
            }
        }
    }
    let columns: Vec<ResultColumn> = COLUMNS
        .iter()
        .map(|(n, t)| ResultColumn::new(*n, t))
        .collect();
    evaluate(&columns, rows, query)
}

/// `SELECT … FROM TABLE([db.]INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => '…'))`:
/// the policy's name is read from the string as a name is written in SQL (quoted parts in
/// their quotes) and resolved in the session's context
/// (https://docs.snowflake.com/en/sql-reference/functions/policy_references).
pub(crate) fn policy_references(
    catalog: &Catalog,
    database: Option<&Ident>,
    policy: &str,
    query: &RowQuery,
    session: &SqlSession,
    sees: Sees<'_>,
) -> Result<QueryResult, SqlError> {
    let rows = crate::sandbox::catalog::masking_policy::policy_references;
    references_of(catalog, database, policy, rows, (query, session, sees))
}

/// A reference function's rows for the object named in its string argument (read as
/// SQL writes a name, resolved in the session's context), in an existing database,
/// filtered to what the session's roles see, then queried.
fn references_of(
    catalog: &Catalog,
    database: Option<&Ident>,
    written: &str,
    rows: fn(&Catalog, &ObjectName) -> Result<QueryResult, SqlError>,
    (query, session, sees): (&RowQuery, &SqlSession, Sees<'_>),
) -> Result<QueryResult, SqlError> {
    let name = crate::sandbox::binder::object_name(&written_name(written)?, session, "SELECT")?;
    if let Some(database) = database {
        catalog.database(database)?;
    }
    let result = visible(rows(catalog, &name)?, REF_COLUMNS, sees);
    evaluate(&result.columns, result.rows, query)
}

/// A name written in a string argument (`'DB.S."Odd"'`), read as SQL writes it: one
/// name and nothing else, or Snowflake's invalid identifier.
fn written_name(text: &str) -> Result<RawName, SqlError> {
    crate::sandbox::statement::Parser::new(text)
        .and_then(|mut p| {
            let name = p.name()?;
            p.expect_end()?;
            Ok(name)
        })
        .map_err(|_| SqlError::invalid_identifier(text))
}

/// `SELECT … FROM TABLE([db.]INFORMATION_SCHEMA.TAG_REFERENCES('<object>', '<domain>'))`
/// and `TAG_REFERENCES_ALL_COLUMNS('<table>', 'TABLE')`
/// (https://docs.snowflake.com/en/sql-reference/functions/tag_references,
/// https://docs.snowflake.com/en/sql-reference/functions/tag_references_all_columns): the
/// object's name is read as SQL writes it and resolved in the session's context. The
/// emulated domains are TABLE (tables, views, materialized and dynamic tables), COLUMN
/// (`'table.column'`), SCHEMA, DATABASE and those of [`domain_object`];
/// TAG_REFERENCES_ALL_COLUMNS takes only TABLE. Rows include the tags inherited from the
/// table (for a column) and the schema, with LEVEL saying where each is set; a tag set on
/// the object itself hides the same tag inherited.
pub(crate) fn tag_references(
    catalog: &Catalog,
    database: Option<&Ident>,
    (object, domain, all_columns): (&str, &str, bool),
    query: &RowQuery,
    session: &SqlSession,
    sees: Sees<'_>,
) -> Result<QueryResult, SqlError> {
    use crate::sandbox::catalog::tag::{reference_row, references_result};
    use crate::sandbox::catalog::{Table, View};
    if let Some(database) = database {
        catalog.database(database)?;
    }
    let written = written_name(object)?;
    let domain = domain.trim().to_ascii_uppercase();
    let action = "SELECT";
    let assignments = &catalog.tag_assignments;
    let schema_tags = |schema: &crate::model::identifier::SchemaName| -> Result<_, SqlError> {
        Ok(catalog
            .schema(schema)?
            .meta
            .as_ref()
            .map(|m| assignments.on(catalog, &(m.id, None)))
            .unwrap_or_default())
    };
    // A database's own tags (set at CREATE DATABASE … WITH TAG), inherited by everything
    // in it: tag lineage runs database → schema → table → column
    // (https://docs.snowflake.com/en/user-guide/object-tagging/inheritance).
    let database_tags = |database: &Ident| -> Result<_, SqlError> {
        let id = catalog.database(database)?.meta.id;
        Ok(assignments.on(catalog, &(id, None)))
    };
    // (object's id, its columns) for a table or a view.
    let table_like = |raw: &RawName| -> Result<_, SqlError> {
        let name = crate::sandbox::binder::object_name(raw, session, action)?;
        if let Some(t) = catalog.find::<Table>(&name) {
            let columns: Vec<Ident> = t.columns.iter().map(|c| c.name.clone()).collect();
            return Ok((name, t.meta.id, columns));
        }
        // A materialized view is in the TABLE domain too, as tables and views are
        // (https://docs.snowflake.com/en/sql-reference/functions/tag_references: "TABLE"
        // covers views and materialized views); it takes tags at CREATE.
        if let Some(m) =
            catalog.find::<crate::sandbox::catalog::materialized_view::MaterializedView>(&name)
        {
            let columns: Vec<Ident> = m.columns.iter().map(|c| c.name.clone()).collect();
            return Ok((name, m.meta.id, columns));
        }
        // So is a dynamic table, which SHOW TABLES lists as a table (bundle 2024_03).
        if let Some(d) = catalog.find::<crate::sandbox::catalog::DynamicTable>(&name) {
            let columns: Vec<Ident> = d.columns.iter().map(|c| c.name.clone()).collect();
            return Ok((name, d.meta.id, columns));
        }
        let v = catalog.get::<View>(&name)?;
        Ok((name, v.meta.id, v.column_names()))
    };
    let mut rows = Vec::new();
    let mut add = |own: Vec<(crate::model::identifier::ObjectName, String, &str)>,
                   object: &crate::model::identifier::ObjectName,
                   domain: &str,
                   column: Option<&Ident>| {
        let mut seen: Vec<crate::model::identifier::ObjectName> = Vec::new();
        for (tag, value, level) in own {
            if seen.contains(&tag) {
                continue;
            }
            rows.push(reference_row(&tag, &value, level, object, domain, column));
            seen.push(tag);
        }
    };
    let levelled = |tags: Vec<(crate::model::identifier::ObjectName, String)>,
                    level: &'static str| {
        tags.into_iter()
            .map(move |(t, v)| (t, v, level))
            .collect::<Vec<_>>()
    };
    match (domain.as_str(), all_columns) {
        ("TABLE", false) => {
            let (name, id, _) = table_like(&written)?;
            let mut tags = levelled(assignments.on(catalog, &(id, None)), "TABLE");
            tags.extend(levelled(schema_tags(&name.schema_name())?, "SCHEMA"));
            tags.extend(levelled(database_tags(&name.database)?, "DATABASE"));
            add(tags, &name, "TABLE", None);
        }
        ("TABLE", true) => {
            let (name, id, columns) = table_like(&written)?;
            let table_tags = levelled(assignments.on(catalog, &(id, None)), "TABLE");
            let mut inherited = levelled(schema_tags(&name.schema_name())?, "SCHEMA");
            inherited.extend(levelled(database_tags(&name.database)?, "DATABASE"));
            for column in &columns {
                let mut tags = levelled(
                    assignments.on(catalog, &(id, Some(column.clone()))),
                    "COLUMN",
                );
                tags.extend(table_tags.iter().cloned());
                tags.extend(inherited.iter().cloned());
                add(tags, &name, "COLUMN", Some(column));
            }
        }
        ("COLUMN", false) if written.parts.len() >= 2 => {
            let mut parts = written.parts.clone();
            let column = parts
                .pop()
                .ok_or_else(|| SqlError::invalid_identifier(object))?;
            let (name, id, columns) = table_like(&RawName { parts })?;
            if !columns.contains(&column) {
                return Err(SqlError::invalid_identifier(&column.to_sql()));
            }
            let mut tags = levelled(
                assignments.on(catalog, &(id, Some(column.clone()))),
                "COLUMN",
            );
            tags.extend(levelled(assignments.on(catalog, &(id, None)), "TABLE"));
            tags.extend(levelled(schema_tags(&name.schema_name())?, "SCHEMA"));
            tags.extend(levelled(database_tags(&name.database)?, "DATABASE"));
            add(tags, &name, "COLUMN", Some(&column));
        }
        ("SCHEMA", false) => {
            let schema = crate::sandbox::binder::schema_name(&written, session, action)?;
            let mut tags = levelled(schema_tags(&schema)?, "SCHEMA");
            tags.extend(levelled(database_tags(&schema.database)?, "DATABASE"));
            let name = crate::model::identifier::ObjectName {
                database: schema.database.clone(),
                schema: schema.schema.clone(),
                name: schema.schema.clone(),
            };
            add(tags, &name, "SCHEMA", None);
        }
        ("DATABASE", false) => {
            let database = crate::sandbox::binder::database_name(&written)?;
            let tags = levelled(database_tags(&database)?, "DATABASE");
            // A database's row: the docs show none, so OBJECT_DATABASE and OBJECT_NAME both
            // carry its name and OBJECT_SCHEMA is empty (a database is in no schema).
            let name = crate::model::identifier::ObjectName {
                database: database.clone(),
                schema: Ident::from_stored(""),
                name: database.clone(),
            };
            add(tags, &name, "DATABASE", None);
        }
        (other, false) => {
            let Some((name, id, domain, in_schema)) =
                domain_object(catalog, other, &written, session)?
            else {
                return Err(SqlError::invalid_tag_domain(other));
            };
            let own = id.map(|id| assignments.on(catalog, &(id, None)));
            let mut tags = levelled(own.unwrap_or_default(), domain);
            if in_schema {
                tags.extend(levelled(schema_tags(&name.schema_name())?, "SCHEMA"));
                tags.extend(levelled(database_tags(&name.database)?, "DATABASE"));
            }
            add(tags, &name, domain, None);
        }
        _ => return Err(SqlError::invalid_tag_domain(&domain)),
    }
    let result = visible(references_result(rows), TAG_COLUMNS, sees);
    evaluate(&result.columns, result.rows, query)
}

/// The object a TAG_REFERENCES domain beyond TABLE, COLUMN, SCHEMA and DATABASE names,
/// for the domains of the kinds whose ALTER takes tags in the sandbox
/// (https://docs.snowflake.com/en/sql-reference/functions/tag_references lists ALERT,
/// STAGE, STREAM, TASK, WAREHOUSE, INTEGRATION, USER, ROLE, DATABASE ROLE and ACCOUNT
/// among its domains): its name (an
/// account object's with empty database and schema, as a database's row has), its id, the
/// domain as the rows show it, and whether it is in a schema (and so inherits the schema's
/// and the database's tags: https://docs.snowflake.com/en/user-guide/object-tagging/inheritance).
/// `None` for a domain this does not know.
fn domain_object(
    catalog: &Catalog,
    domain: &str,
    written: &RawName,
    session: &SqlSession,
) -> Result<Option<Found>, SqlError> {
    use crate::sandbox::catalog::{Alert, Integration, Stage, Stream, Task, User, Warehouse};
    let found = match domain {
        "STAGE" => in_schema::<Stage>(catalog, written, session, "STAGE")?,
        "STREAM" => in_schema::<Stream>(catalog, written, session, "STREAM")?,
        "TASK" => in_schema::<Task>(catalog, written, session, "TASK")?,
        "ALERT" => in_schema::<Alert>(catalog, written, session, "ALERT")?,
        "WAREHOUSE" => in_account::<Warehouse>(catalog, written, session, "WAREHOUSE")?,
        "INTEGRATION" => in_account::<Integration>(catalog, written, session, "INTEGRATION")?,
        "USER" => in_account::<User>(catalog, written, session, "USER")?,
        "ROLE" => {
            let [name] = written.parts.as_slice() else {
                return Err(SqlError::invalid_identifier(&written.to_string()));
            };
            let id = catalog
                .access
                .roles
                .get(name)
                .ok_or_else(|| SqlError::does_not_exist("Role", name.as_str()))?
                .tag_id;
            (account_object(name.clone()), id, "ROLE", false)
        }
        // A database role: in its database (the page's OBJECT_DATABASE, "for database and
        // schema objects"), in no schema, so inheriting nothing.
        "DATABASE ROLE" => {
            let (database, name) = crate::sandbox::binder::database_role_name(written, session)?;
            let id = catalog
                .access
                .database_roles
                .get(&database)
                .and_then(|m| m.get(&name))
                .ok_or_else(|| {
                    SqlError::does_not_exist(
                        "Database role",
                        &format!("{}.{}", database.as_str(), name.as_str()),
                    )
                })?
                .tag_id;
            let object = ObjectName {
                database,
                schema: Ident::from_stored(""),
                name,
            };
            (object, id, "DATABASE ROLE", false)
        }
        // The account, by the one name the sandbox gives it (SHOW GRANTS shows it too).
        "ACCOUNT" => match written.parts.as_slice() {
            [name] if name.as_str() == ACCOUNT_NAME => (
                account_object(name.clone()),
                Some(crate::sandbox::catalog::tag::ACCOUNT.0),
                "ACCOUNT",
                false,
            ),
            _ => return Err(SqlError::does_not_exist("Account", &written.to_string())),
        },
        _ => return Ok(None),
    };
    Ok(Some(found))
}

/// An account object's name in a reference row: empty database and schema.
fn account_object(name: Ident) -> ObjectName {
    ObjectName {
        database: Ident::from_stored(""),
        schema: Ident::from_stored(""),
        name,
    }
}

/// What [`domain_object`] finds: the object's name, the id its tags are kept by (`None`:
/// a role never tagged, which has none yet), its domain, and whether it is in a schema.
type Found = (ObjectName, Option<u64>, &'static str, bool);

/// A schema object of kind `T` named `written`, for [`domain_object`].
fn in_schema<T: SchemaObject>(
    catalog: &Catalog,
    written: &RawName,
    session: &SqlSession,
    domain: &'static str,
) -> Result<Found, SqlError> {
    let name = crate::sandbox::binder::object_name(written, session, "SELECT")?;
    let id = catalog.get::<T>(&name)?.meta().id;
    Ok((name, Some(id), domain, true))
}

/// An account object of kind `T` named `written`, for [`domain_object`]: its row's
/// database and schema are empty.
fn in_account<T: OuterObject>(
    catalog: &Catalog,
    written: &RawName,
    session: &SqlSession,
    domain: &'static str,
) -> Result<Found, SqlError> {
    let outer = crate::sandbox::binder::outer_name::<T>(written, session, "SELECT")?;
    let id = catalog.outer::<T>(&outer)?.meta().id;
    Ok((account_object(outer.name), Some(id), domain, false))
}

/// `SELECT … FROM TABLE([db.]INFORMATION_SCHEMA.POLICY_REFERENCES(REF_ENTITY_NAME =>
/// '<tag>', REF_ENTITY_DOMAIN => 'TAG'))`: one row per masking policy set on the tag
/// (https://docs.snowflake.com/en/sql-reference/functions/policy_references).
pub(crate) fn tag_policy_references(
    catalog: &Catalog,
    database: Option<&Ident>,
    tag: &str,
    query: &RowQuery,
    session: &SqlSession,
    sees: Sees<'_>,
) -> Result<QueryResult, SqlError> {
    let rows = crate::sandbox::catalog::tag::policy_references;
    references_of(catalog, database, tag, rows, (query, session, sees))
}

/// `SELECT … FROM TABLE([db.]INFORMATION_SCHEMA.DATA_METRIC_FUNCTION_REFERENCES(
/// REF_ENTITY_NAME => '…', REF_ENTITY_DOMAIN => '…'))` and
/// `DATA_METRIC_FUNCTION_EXPECTATIONS(…)` with the same arguments
/// (https://docs.snowflake.com/en/sql-reference/functions/data_metric_function_references,
/// https://docs.snowflake.com/en/sql-reference/functions/data_metric_function_expectations):
/// the object's name is read as SQL writes it and resolved in the session's context; the
/// rows come from `catalog::data_metric_function`.
pub(crate) fn data_metric_references(
    catalog: &Catalog,
    database: Option<&Ident>,
    arguments: &[(String, String)],
    expectations: bool,
    query: &RowQuery,
    session: &SqlSession,
    sees: Sees<'_>,
) -> Result<QueryResult, SqlError> {
    if let Some(database) = database {
        catalog.database(database)?;
    }
    let resolve = |written: &str| {
        crate::sandbox::binder::object_name(&written_name(written)?, session, "SELECT")
    };
    let result = crate::sandbox::catalog::data_metric_function::references(
        catalog,
        arguments,
        expectations,
        &resolve,
    )?;
    let result = visible(result, REF_COLUMNS, sees);
    evaluate(&result.columns, result.rows, query)
}

/// The columns naming the object a POLICY_REFERENCES or DATA_METRIC_FUNCTION_REFERENCES
/// row is about: database, schema, name, domain.
const REF_COLUMNS: [&str; 4] = [
    "REF_DATABASE_NAME",
    "REF_SCHEMA_NAME",
    "REF_ENTITY_NAME",
    "REF_ENTITY_DOMAIN",
];

/// The same for a TAG_REFERENCES row.
const TAG_COLUMNS: [&str; 4] = ["OBJECT_DATABASE", "OBJECT_SCHEMA", "OBJECT_NAME", "DOMAIN"];

/// The rows of a table function's result whose object the session's roles see, the rule
/// the views follow ("returns … only for objects the current role has access to" is each
/// reference function's usage note too:
/// https://docs.snowflake.com/en/sql-reference/functions/policy_references,
/// https://docs.snowflake.com/en/sql-reference/functions/tag_references,
/// https://docs.snowflake.com/en/sql-reference/functions/data_metric_function_references
/// say the role needs a privilege on the object). `columns` name the object's database,
/// schema, name and domain; a TABLE (or COLUMN) row is seen when its relation is, as a
/// table, view, materialized view or dynamic table; a domain the sandbox does not map is
/// kept.
fn visible(mut result: QueryResult, columns: [&str; 4], sees: Sees<'_>) -> QueryResult {
    let at = |name: &str| result.columns.iter().position(|c| c.name == name);
    let [Some(d), Some(s), Some(n), Some(k)] = columns.map(at) else {
        return result;
    };
    result.rows.retain(|row| {
        let cell = |i: usize| row.get(i).cloned().flatten().unwrap_or_default();
        let (database, schema, name) = (
            Ident::from_stored(cell(d)),
            Ident::from_stored(cell(s)),
            Ident::from_stored(cell(n)),
        );
        let relation = [database.clone(), schema.clone(), name.clone()];
        match cell(k).to_ascii_uppercase().as_str() {
            "TABLE" | "VIEW" | "COLUMN" => [
                ObjectNoun::Table,
                ObjectNoun::View,
                ObjectNoun::MaterializedView,
                ObjectNoun::DynamicTable,
            ]
            .iter()
            .any(|noun| sees(*noun, &relation, None)),
            "SCHEMA" => sees(ObjectNoun::Schema, &[database, schema], None),
            "DATABASE" => sees(ObjectNoun::Database, &[database], None),
            _ => true,
        }
    });
    result
}

/// `SELECT … FROM <db>.INFORMATION_SCHEMA.PROCEDURES` (`functions` false) or `.FUNCTIONS`
/// (true): one row per procedure overload, or per user function overload and data metric
/// function ("a row for each user-defined function (UDF), external function, or data
/// metric function"), of the database, then the query's filters, order and projection
/// (https://docs.snowflake.com/en/sql-reference/info-schema/procedures,
/// https://docs.snowflake.com/en/sql-reference/info-schema/functions). The columns are the
/// pages' first ones and those lakeform or a reader needs — catalog, schema, name, OWNER,
/// ARGUMENT_SIGNATURE, DATA_TYPE, language, definition, CREATED, LAST_ALTERED, COMMENT —
/// not the numeric facts of the return type. ARGUMENT_SIGNATURE is written as DESCRIBE
/// writes a signature, names and types (`(SINCE VARCHAR, N NUMBER)`; a data metric
/// function's `(T TABLE(C VARCHAR))`): the pages give no example. Rows are limited to the
/// objects the session's roles see: "The view only displays objects for which the current
/// role for the session has been granted access privileges" (both pages' usage notes).
pub(crate) fn routines(
    catalog: &Catalog,
    (database, functions): (Option<&Ident>, bool),
    query: &RowQuery,
    session: &SqlSession,
    sees: Sees<'_>,
) -> Result<QueryResult, SqlError> {
    use crate::sandbox::catalog::data_metric_function::DataMetricFunction;
    use crate::sandbox::catalog::function::{Function, Returns};
    use crate::sandbox::catalog::procedure::Procedure;
    use crate::sandbox::catalog::rows::ShowRows;
    use crate::sandbox::catalog::rows::stamp;
    use crate::sandbox::catalog::{Meta, OverloadedObject, SchemaObject};
    let database = named_or_current_database(database, session)?;
    let db = catalog.database(&database)?;
    let signature = |arguments: &[(Ident, DataType)]| {
        arguments
            .iter()
            .map(|(n, t)| format!("{} {}", n.as_str(), t.in_signature()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut rows = Vec::new();
    for (schema_name, schema) in &db.schemas {
        if schema_name.as_str() == INFORMATION_SCHEMA {
            continue;
        }
        // (name, meta, argument signature, return type, language, definition, noun and
        // argument types as grants name them)
        type Found<'a> = (&'a Ident, &'a Meta, String, String, String, String, Seen);
        type Seen = (ObjectNoun, Option<Vec<String>>);
        let mut found: Vec<Found<'_>> = Vec::new();
        if functions {
            for (name, overloads) in Function::map(schema) {
                for f in overloads {
                    let returns = match &f.returns {
                        Returns::Scalar(t) => t.to_string(),
                        Returns::Table(columns) => {
                            format!("TABLE ({})", signature(columns.as_slice()))
                        }
                    };
                    let arguments = format!("({})", signature(&f.arguments));
                    let noun = (ObjectNoun::Function, f.overload());
                    found.push((
                        name,
                        &f.meta,
                        arguments,
                        returns,
                        f.language.clone(),
                        f.body.clone(),
                        noun,
                    ));
                }
            }
            for (name, f) in <DataMetricFunction as SchemaObject>::map(schema) {
                let arguments = format!("({} TABLE({}))", f.table.as_str(), signature(&f.columns));
                let noun = (ObjectNoun::DataMetricFunction, None);
                found.push((
                    name,
                    &f.meta,
                    arguments,
                    "NUMBER(38,0)".into(),
                    "SQL".into(),
                    f.body.clone(),
                    noun,
                ));
            }
        } else {
            for (name, overloads) in Procedure::map(schema) {
                for p in overloads {
                    let arguments = format!("({})", signature(&p.arguments));
                    let noun = (ObjectNoun::Procedure, p.overload());
                    found.push((
                        name,
                        &p.meta,
                        arguments,
                        p.returns.clone(),
                        p.language.clone(),
                        p.body.clone(),
                        noun,
                    ));
                }
            }
        }
        for (name, meta, arguments, returns, language, definition, (noun, overload)) in found {
            let parts = [database.clone(), schema_name.clone(), name.clone()];
            if !sees(noun, &parts, overload.as_deref()) {
                continue;
            }
            rows.push(vec![
                Some(database.as_str().to_string()),
                Some(schema_name.as_str().to_string()),
                Some(name.as_str().to_string()),
                Some(meta.owner.clone()),
                Some(arguments),
                Some(returns),
                Some(language),
                Some(definition),
                stamp(meta.created_on),
                stamp(meta.created_on),
                meta.comment.clone(),
            ]);
        }
    }
    let prefix = if functions { "FUNCTION" } else { "PROCEDURE" };
    let columns: Vec<ResultColumn> = [
        (format!("{prefix}_CATALOG"), "text"),
        (format!("{prefix}_SCHEMA"), "text"),
        (format!("{prefix}_NAME"), "text"),
        (format!("{prefix}_OWNER"), "text"),
        ("ARGUMENT_SIGNATURE".to_string(), "text"),
        ("DATA_TYPE".to_string(), "text"),
        (format!("{prefix}_LANGUAGE"), "text"),
        (format!("{prefix}_DEFINITION"), "text"),
        ("CREATED".to_string(), "timestamp_ltz"),
        ("LAST_ALTERED".to_string(), "timestamp_ltz"),
        ("COMMENT".to_string(), "text"),
    ]
    .iter()
    .map(|(n, t)| ResultColumn::new(n.clone(), t))
    .collect();
    evaluate(&columns, rows, query)
}
