//! A custom data metric function (DMF): `[[data_metric_function]]` with its table
//! argument and columns, its body (one query or expression returning a NUMBER), `secure`
//! and `comment`. Tables and views run DMFs — custom or system ones from `SNOWFLAKE.CORE`
//! — with `data_metrics` and `data_metric_schedule` (see [`association`]).
//!
//! The shape (https://docs.snowflake.com/en/sql-reference/sql/create-data-metric-function):
//! `CREATE [ OR REPLACE ] [ SECURE ] DATA METRIC FUNCTION name ( t TABLE( c type, … ) )
//! RETURNS NUMBER [ COMMENT = '…' ] AS '<expression>'`. Snowflake allows a second table
//! argument (a referential check against another table, named in `ON (…, TABLE
//! other(c))`); lakeform takes one, and says so when given two. The return type is always
//! NUMBER: `returns` may be written for readability, and anything else is refused.
//!
//! What changes in place (https://docs.snowflake.com/en/sql-reference/sql/alter-function-dmf:
//! `ALTER FUNCTION name(TABLE(types)) SET SECURE | UNSET SECURE | SET COMMENT | UNSET
//! COMMENT | SET BODY = '<expression>'`): the body, `secure` and the comment. Anything else
//! — the argument names or the columns' names and types — is a new signature: DMFs are
//! overloaded by their argument types, so `CREATE OR REPLACE` with other types would add
//! an overload beside the old one, and the old one is dropped (`DROP FUNCTION
//! name(TABLE(old types))`, https://docs.snowflake.com/en/sql-reference/sql/drop-function-dmf)
//! before the new one is created. The DROP FUNCTION page does not say that a DMF in use is
//! refused; its associations would be left pointing at nothing (DATA_METRIC_FUNCTION_REFERENCES'
//! `SUSPENDED_DATA_METRIC_FUNCTION_DOES_NOT_EXIST_OR_NOT_AUTHORIZED`), so the change drops
//! the DMF from every table and view lakeform read with it first and adds it back after,
//! where they still declare it — as `kinds::row_access_policy` does for a new signature.
//! The metrics do not run in between and the results already recorded stay: nothing is
//! lost, so the tier stays safe.
//!
//! Read back with one `SHOW DATA METRIC FUNCTIONS IN DATABASE d`
//! (https://docs.snowflake.com/en/sql-reference/sql/show-data-metric-functions; it takes
//! no LIMIT and lists no output columns, so its columns are SHOW USER FUNCTIONS':
//! `name`, `schema_name`, `catalog_name`, `arguments` = `NAME(TABLE(VARCHAR)) RETURN
//! NUMBER`, `is_secure`, `description`), then a `DESCRIBE FUNCTION name(TABLE(types))`
//! per DMF for its argument names and body
//! (https://docs.snowflake.com/en/sql-reference/sql/desc-function-dmf), concurrently.
//! DMFs are few per database; tables are never described for them.

pub(crate) mod association;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared, common_keys};
use crate::config::schema_file::object_entry;
use crate::import::entry::{Entry, Writer};
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::kinds::procedure::Argument;
use crate::kinds::procedure::entry::RawArgument;
use crate::model::data_type::DataType;
use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::model::{Address, Kind, Object, Resource};
use crate::plan::Step;
use crate::plan::diff::{DiffError, Edits, Settings, comment};
use crate::providers::snowflake::introspect;
use crate::providers::snowflake::introspect::connection::{Connection, Runner};
use crate::providers::snowflake::introspect::describe::Properties;
use crate::providers::snowflake::introspect::record::Record;
use crate::providers::snowflake::introspect::{INFORMATION_SCHEMA, IntrospectError, Jobs};
use crate::providers::snowflake::result_set::ResultSet;
use crate::sql::CanonicalSql;
use crate::sql::fragment::Fragment;
use crate::sql::quote::{comment_clause, literal};

/// A custom data metric function, in canonical form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataMetricFunction {
    pub name: ObjectName,
    /// The table argument's name (`ARG_T`): the body selects from it.
    pub table: Ident,
    /// The table argument's columns, in order: a table adds the DMF on columns of these
    /// types.
    pub columns: Vec<Argument>,
    /// One query (or expression) returning a number, compared as SQL.
    pub body: CanonicalSql,
    pub secure: bool,
    pub comment: Option<String>,
}

impl Resource for DataMetricFunction {
    fn address(&self) -> Address {
        Address::new(Kind::DataMetricFunction, &self.name)
    }

    fn schema(&self) -> Option<SchemaName> {
        Some(self.name.schema_name())
    }

    fn references(&self) -> Vec<Address> {
        vec![Address::new(Kind::Schema, self.name.schema_name())]
    }
}

impl DataMetricFunction {
    /// `(ARG_T TABLE(ARG_C VARCHAR(16777216), …))`: the signature CREATE writes.
    fn signature(&self) -> String {
        let columns: Vec<String> = self
            .columns
            .iter()
            .map(|c| format!("{} {}", c.name, c.data_type))
            .collect();
        format!("({} TABLE({}))", self.table, columns.join(", "))
    }

    /// `name(TABLE(VARCHAR(16777216), …))`: how ALTER, DROP and DESCRIBE FUNCTION name a
    /// DMF (its argument types tell overloads apart).
    fn named_with_types(&self) -> String {
        let types: Vec<String> = self
            .columns
            .iter()
            .map(|c| c.data_type.to_string())
            .collect();
        format!("{}(TABLE({}))", self.name, types.join(", "))
    }

    /// The argument as a grant's signature names it (`kinds::role::grant::Target`): one
    /// `TABLE(VARCHAR, NUMBER)`, the column types without lengths.
    pub(crate) fn signature_types(&self) -> Vec<String> {
        let types: Vec<String> = self
            .columns
            .iter()
            .map(|c| c.data_type.in_signature())
            .collect();
        vec![format!("TABLE({})", types.join(", "))]
    }

    /// Whether going from `self` (live) to `desired` needs the DMF dropped and created:
    /// only the signature cannot be altered.
    pub(crate) fn replaced_by(&self, desired: &DataMetricFunction) -> bool {
        self.table != desired.table || self.columns != desired.columns
    }
}

/// Whether `cx`'s plan gives the DMF `name` a new signature (see
/// [`DataMetricFunction::replaced_by`]): its associations are then dropped and added back
/// by the DMF's own change.
pub(crate) fn replaced_in_plan(name: &ObjectName, cx: &DiffCx<'_>) -> bool {
    let address = Address::new(Kind::DataMetricFunction, name);
    let live = cx.states.live.objects.get(&address);
    let desired = cx.states.desired.objects.get(&address).map(|d| &d.object);
    matches!(
        (live, desired),
        (Some(Object::DataMetricFunction(l)), Some(Object::DataMetricFunction(d))) if l.replaced_by(d)
    )
}

/// One table argument: `{ name = "T", columns = [{ name = "C", type = "VARCHAR" }] }`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTableArgument {
    #[schemars(with = "String")]
    pub(crate) name: Spanned<String>,
    /// The columns the DMF is added on, in order.
    pub(crate) columns: Vec<RawArgument>,
}

object_entry! {
    /// `[[data_metric_function]]`.
    RawDataMetricFunction {
        /// The table argument: `[{ name = "T", columns = [{ name = "C", type = "VARCHAR" }] }]`.
        arguments: Vec<RawTableArgument>,
        /// `NUMBER`, the only return type a DMF has; may be left out.
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        returns: Option<Spanned<String>>,
        /// One query (`SELECT COUNT_IF(…) FROM T`) or expression returning a number.
        #[schemars(with = "String")]
        body: Spanned<String>,
        #[serde(default)]
        secure: bool,
    }
}

impl ObjectKind for DataMetricFunction {
    /// ALTER, DROP and DESCRIBE name a DMF as a FUNCTION; only CREATE says DATA METRIC
    /// FUNCTION (https://docs.snowflake.com/en/sql-reference/sql/alter-function-dmf).
    const SQL_KEYWORD: &'static str = "FUNCTION";
    const SCHEMA_LEVEL: bool = true;
    type Raw = RawDataMetricFunction;

    fn resolve(raw: RawDataMetricFunction, ctx: &mut Ctx<'_>) -> Option<Declared> {
        let scope = ctx.scope.clone();
        let name = ctx.object_name(&raw.name, &scope, "data metric function");
        let mut valid = true;
        let (table, columns) = match raw.arguments.as_slice() {
            [argument] => {
                let table = ctx.ident(&argument.name, "table argument");
                if argument.columns.is_empty() {
                    ctx.error(
                        &argument.name,
                        "a data metric function's table argument needs at least one column",
                    )
                    .help = Some("columns = [{ name = \"C\", type = \"VARCHAR\" }]".into());
                    valid = false;
                }
                let columns = crate::kinds::policy::resolve_signature(&argument.columns, ctx);
                (table, columns)
            }
            [] => {
                ctx.error(&raw.name, "a data metric function takes one table argument")
                    .help = Some(
                    "arguments = [{ name = \"T\", columns = [{ name = \"C\", type = \"VARCHAR\" }] }]"
                        .into(),
                );
                (None, None)
            }
            [_, second, ..] => {
                // https://docs.snowflake.com/en/sql-reference/sql/create-data-metric-function:
                // a second TABLE argument serves referential checks, added with `ON (c,
                // TABLE other(c))`; lakeform's `data_metrics` name columns of one table.
                ctx.error(
                    &second.name,
                    "lakeform supports data metric functions with one table argument",
                );
                (None, None)
            }
        };
        if let Some(returns) = &raw.returns {
            // "RETURNS NUMBER": the only return type a DMF has
            // (https://docs.snowflake.com/en/sql-reference/sql/create-data-metric-function).
            let number = matches!(
                DataType::parse(returns.get_ref()),
                Ok(DataType::Number { .. })
            );
            if !number {
                ctx.error(
                    returns,
                    format!(
                        "a data metric function returns NUMBER, not {}",
                        returns.get_ref()
                    ),
                )
                .help = Some("returns = \"NUMBER\", or leave it out".into());
                valid = false;
            }
        }
        // The documented bodies are queries over the table argument (`SELECT COUNT_IF(…)
        // FROM T`); the page calls the body an expression, so one expression is accepted
        // too. Either way it must be exactly one, as it is written into the CREATE.
        let body = raw.body.get_ref();
        if Fragment::Query.check(body).is_err() {
            valid &= ctx.sql_fragment(&raw.body, "data metric function body", Fragment::Expression);
        }
        let (Some(name), Some(table), Some(columns), true) = (name, table, columns, valid) else {
            return None;
        };
        // The body is compiled against the table argument, as Snowflake compiles it at
        // CREATE: a column the argument does not have is refused here, in the string.
        let typed: Vec<(Ident, DataType)> = columns
            .iter()
            .map(|c| (c.name.clone(), c.data_type))
            .collect();
        let argument = crate::sql::bind::TableArgument {
            name: &table,
            columns: &typed,
        };
        if let Err(e) = crate::sql::bind::bind_metric_body(body, &argument) {
            let at = match e.range.clone() {
                Some(range) => ctx.locate_in(&raw.body, range),
                None => ctx.locate(&raw.body),
            };
            ctx.diagnostics.push(
                crate::config::diagnostic::Diagnostic::at(
                    at,
                    format!("data metric function body: {e}"),
                )
                .with_help(format!(
                    "the body reads the table argument {table}: its columns are the ones `arguments` lists"
                )),
            );
            return None;
        }
        let dmf = DataMetricFunction {
            name,
            table,
            columns,
            body: CanonicalSql::new(body.trim()),
            secure: raw.secure,
            comment: raw.comment.clone(),
        };
        Some(ctx.declare(dmf, common_keys!(raw)))
    }

    fn diff(
        live: &DataMetricFunction,
        desired: &DataMetricFunction,
        cx: &DiffCx<'_>,
    ) -> Result<Edits, DiffError> {
        let mut e = Edits::default();
        if live.replaced_by(desired) {
            e.compare("signature", &live.signature(), &desired.signature());
            e.compare("body", &live.body, &desired.body);
            e.compare("secure", &live.secure, &desired.secure);
            e.compare_option("comment", &live.comment, &desired.comment);
            e.replace(
                "Snowflake cannot alter a data metric function's arguments: the old signature is dropped from the tables and views that use it, dropped, created anew and added back",
            );
            let users = association::users(&live.name, cx);
            for (kind, table, metric) in &users {
                e.sql(association::drop_statement(*kind, table, metric));
            }
            e.sql(format!("DROP FUNCTION {}", live.named_with_types()));
            e.sql(desired.create_sql(CreateMode::Create)?);
            for (kind, table, metric) in &users {
                if let Some(declared) = association::still_declared(*kind, table, metric, cx) {
                    e.sql(association::add_statement(*kind, table, &declared));
                }
            }
            return Ok(e);
        }
        let target = desired.named_with_types();
        if e.compare("body", &live.body, &desired.body) {
            e.sql(format!(
                "ALTER FUNCTION {target} SET BODY = {}",
                literal(desired.body.text())
            ));
        }
        if e.compare("secure", &live.secure, &desired.secure) {
            let verb = if desired.secure { "SET" } else { "UNSET" };
            e.sql(format!("ALTER FUNCTION {target} {verb} SECURE"));
        }
        let object = Object::DataMetricFunction(desired.clone());
        comment(&mut e, &live.comment, &desired.comment, &object)?;
        Ok(e)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        let secure = if self.secure { " SECURE" } else { "" };
        let verb = mode.verb();
        Ok(format!(
            "{verb}{secure} DATA METRIC FUNCTION {}{} RETURNS NUMBER{} AS {}",
            self.name,
            self.signature(),
            comment_clause(self.comment.as_deref()),
            literal(self.body.text()),
        ))
    }

    fn reference(&self) -> Result<String, DdlError> {
        Ok(self.named_with_types())
    }

    /// A DMF cannot be renamed with its types in the new name: RENAME TO takes the name
    /// alone (https://docs.snowflake.com/en/sql-reference/sql/alter-function-dmf).
    fn rename_target(&self) -> Result<String, DdlError> {
        Ok(self.name.to_string())
    }

    fn create_steps(&self, _settings: &Settings) -> Result<Vec<Step>, DiffError> {
        Ok(vec![Step::sql(self.create_sql(CreateMode::Create)?)])
    }

    fn spawn_reads<C: Connection>(jobs: &mut Jobs, runner: &Runner<C>, database: &Ident) {
        introspect::spawn_objects(jobs, read(runner.clone(), database.clone()));
    }

    fn import(&self, w: &Writer<'_>, schema: Option<&SchemaName>) -> Entry {
        let mut e = Entry::new("data_metric_function");
        e.set("name", w.text(&w.short(&self.name, schema)));
        w.comment(&mut e, &self.comment);
        let columns = crate::kinds::procedure::import_arguments(w, &self.columns);
        e.set(
            "arguments",
            format!(
                "[{}]",
                w.table(&[
                    ("name".to_string(), w.text(&self.table.to_sql())),
                    ("columns".to_string(), columns),
                ])
            ),
        );
        if self.secure {
            e.set("secure", "true".into());
        }
        e.set("body", w.sql(self.body.text()));
        e
    }
}

/// A DMF as SHOW DATA METRIC FUNCTIONS lists it.
struct Listed {
    name: ObjectName,
    types: Vec<DataType>,
    secure: bool,
    comment: Option<String>,
}

/// SHOW DATA METRIC FUNCTIONS' `description` when a DMF has no comment, as SHOW USER
/// FUNCTIONS says for a function (the DMF page lists no columns).
const NO_COMMENT: &str = "user-defined function";

fn parse_listed(record: &Record<'_>) -> Result<Listed, IntrospectError> {
    let arguments = record.required("arguments")?;
    let types = listed_types(arguments).ok_or_else(|| {
        record.invalid(
            "arguments",
            arguments,
            "is not NAME(TABLE(TYPE, …)) RETURN NUMBER",
        )
    })?;
    let comment = record
        .optional("description")?
        .filter(|d| !d.is_empty() && *d != NO_COMMENT)
        .map(str::to_string);
    Ok(Listed {
        name: record.object_name("catalog_name", "schema_name", "name")?,
        types,
        secure: record.flag("is_secure")?,
        comment,
    })
}

/// `NAME(TABLE(VARCHAR, NUMBER)) RETURN NUMBER` → the table argument's column types.
fn listed_types(text: &str) -> Option<Vec<DataType>> {
    let upper = text.to_ascii_uppercase();
    let at = upper.find("TABLE(").or_else(|| upper.find("TABLE ("))?;
    crate::kinds::procedure::read::listed_argument_types(&text[at..])
}

/// `(ARG_T TABLE(ARG_C VARCHAR, …))` (DESCRIBE FUNCTION's `signature`) → the table
/// argument's name and columns.
fn described_signature(text: &str) -> Option<(Ident, Vec<Argument>)> {
    let inner = text.trim().strip_prefix('(')?.strip_suffix(')')?.trim();
    let upper = inner.to_ascii_uppercase();
    let at = upper.find("TABLE")?;
    let table = Ident::parse(inner[..at].trim()).ok()?;
    let columns = crate::kinds::procedure::read::described_arguments(inner[at + 5..].trim())?;
    Some((
        table,
        columns
            .into_iter()
            .map(|a| Argument {
                name: a.name,
                data_type: a.data_type.generic(),
            })
            .collect(),
    ))
}

fn parse(listed: Listed, describe: &ResultSet) -> Result<DataMetricFunction, IntrospectError> {
    let object = listed.name.to_string();
    let properties = Properties::read(describe, Kind::DataMetricFunction, &object)?;
    let invalid = |property: &str, value: &str, problem: &str| IntrospectError::Value {
        kind: Kind::DataMetricFunction,
        object: object.clone(),
        column: property.to_string(),
        value: value.to_string(),
        problem: problem.to_string(),
    };
    let signature = properties.value("signature").unwrap_or("");
    let (table, columns) = described_signature(signature)
        .ok_or_else(|| invalid("signature", signature, "is not (T TABLE(C TYPE, …))"))?;
    let body = properties
        .value("body")
        .ok_or_else(|| invalid("body", "", "is missing"))?;
    Ok(DataMetricFunction {
        name: listed.name,
        table,
        columns,
        body: CanonicalSql::new(body.trim()),
        secure: listed.secure,
        comment: listed.comment,
    })
}

async fn read<C: Connection>(
    runner: Runner<C>,
    database: Ident,
) -> Result<Vec<Object>, IntrospectError> {
    let mut listed = Vec::new();
    for page in runner
        .show_unpaged(&format!(
            "SHOW DATA METRIC FUNCTIONS IN DATABASE {database}"
        ))
        .await?
    {
        for row in page.rows() {
            let row = parse_listed(&Record::new(row, Kind::DataMetricFunction))?;
            if row.name.schema.as_str() != INFORMATION_SCHEMA {
                listed.push(row);
            }
        }
    }
    let statements = listed
        .iter()
        .map(|l| {
            let types: Vec<String> = l.types.iter().map(|t| t.generic().to_string()).collect();
            format!("DESCRIBE FUNCTION {}(TABLE({}))", l.name, types.join(", "))
        })
        .collect();
    let results = runner.run_each(statements).await?;
    if results.len() != listed.len() {
        return Err(IntrospectError::Interrupted(
            "a DESCRIBE FUNCTION gave no result".into(),
        ));
    }
    listed
        .into_iter()
        .zip(results.iter())
        .map(|(l, describe)| parse(l, describe).map(Object::from))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Action, Tier};
    use crate::providers::snowflake::introspect::record::fixture::{result, row};

    fn dmf(columns: &[(&str, &str)], body: &str) -> DataMetricFunction {
        DataMetricFunction {
            name: ObjectName::parse("PR.SILVER.INVALID_EMAILS").unwrap(),
            table: Ident::from_stored("T"),
            columns: columns
                .iter()
                .map(|(n, t)| Argument {
                    name: Ident::from_stored(*n),
                    data_type: DataType::parse(t).unwrap().generic(),
                })
                .collect(),
            body: CanonicalSql::new(body),
            secure: false,
            comment: None,
        }
    }

    fn statements(e: &Edits) -> Vec<String> {
        e.steps.iter().map(|s| s.describe()).collect()
    }

    #[test]
    fn create_writes_the_table_argument_and_quotes_the_body() {
        let mut f = dmf(
            &[("EMAIL", "VARCHAR")],
            "SELECT COUNT_IF(EMAIL NOT LIKE '%@%') FROM T",
        );
        f.secure = true;
        f.comment = Some("bad e-mails".into());
        assert_eq!(
            f.create_sql(CreateMode::Create).unwrap(),
            "CREATE SECURE DATA METRIC FUNCTION PR.SILVER.INVALID_EMAILS(T TABLE(EMAIL VARCHAR(16777216))) RETURNS NUMBER COMMENT = 'bad e-mails' AS 'SELECT COUNT_IF(EMAIL NOT LIKE \\'%@%\\') FROM T'"
        );
        assert_eq!(
            f.reference().unwrap(),
            "PR.SILVER.INVALID_EMAILS(TABLE(VARCHAR(16777216)))"
        );
    }

    #[test]
    fn body_secure_and_comment_alter_in_place() {
        let live = dmf(&[("EMAIL", "VARCHAR")], "SELECT COUNT(*) FROM T");
        let mut desired = dmf(&[("EMAIL", "VARCHAR")], "SELECT COUNT(EMAIL) FROM T");
        desired.secure = true;
        desired.comment = Some("c".into());
        let e = crate::kinds::diff_in_test(&live, &desired);
        assert_eq!((e.action, e.tier), (Action::Update, Tier::Safe));
        assert_eq!(
            statements(&e),
            [
                "ALTER FUNCTION PR.SILVER.INVALID_EMAILS(TABLE(VARCHAR(16777216))) SET BODY = 'SELECT COUNT(EMAIL) FROM T'",
                "ALTER FUNCTION PR.SILVER.INVALID_EMAILS(TABLE(VARCHAR(16777216))) SET SECURE",
                "ALTER FUNCTION PR.SILVER.INVALID_EMAILS(TABLE(VARCHAR(16777216))) SET COMMENT = 'c'",
            ]
        );
        assert!(crate::kinds::diff_in_test(&live, &live.clone()).is_empty());
    }

    #[test]
    fn a_new_signature_drops_the_old_overload_and_creates_the_new() {
        let live = dmf(&[("EMAIL", "VARCHAR")], "SELECT COUNT(*) FROM T");
        let desired = dmf(
            &[("EMAIL", "VARCHAR"), ("N", "NUMBER")],
            "SELECT COUNT(*) FROM T",
        );
        let e = crate::kinds::diff_in_test(&live, &desired);
        assert_eq!((e.action, e.tier), (Action::Replace, Tier::Safe));
        assert_eq!(
            statements(&e),
            [
                "DROP FUNCTION PR.SILVER.INVALID_EMAILS(TABLE(VARCHAR(16777216)))",
                "CREATE DATA METRIC FUNCTION PR.SILVER.INVALID_EMAILS(T TABLE(EMAIL VARCHAR(16777216), N NUMBER(38,0))) RETURNS NUMBER AS 'SELECT COUNT(*) FROM T'",
            ]
        );
    }

    #[test]
    fn show_and_describe_rows_are_read_by_name() {
        let show = row(&[
            ("created_on", Some("2026-12-06 08:00:00.000 -0800")),
            ("name", Some("INVALID_EMAILS")),
            ("schema_name", Some("SILVER")),
            ("is_builtin", Some("N")),
            (
                "arguments",
                Some("INVALID_EMAILS(TABLE(VARCHAR, NUMBER)) RETURN NUMBER"),
            ),
            ("description", Some("user-defined function")),
            ("catalog_name", Some("PR")),
            ("is_secure", Some("Y")),
        ]);
        let listed = parse_listed(&Record::new(
            show.rows().next().unwrap(),
            Kind::DataMetricFunction,
        ))
        .unwrap();
        assert_eq!(listed.types.len(), 2);
        assert!(listed.secure && listed.comment.is_none());
        let describe = result(
            &["property", "value"],
            &[
                &[
                    Some("signature"),
                    Some("(T TABLE(EMAIL VARCHAR, N NUMBER))"),
                ],
                &[Some("returns"), Some("NUMBER(38,0)")],
                &[Some("language"), Some("SQL")],
                &[Some("body"), Some("SELECT COUNT(*) FROM T")],
            ],
        );
        let f = parse(listed, &describe).unwrap();
        assert_eq!(f, {
            let mut d = dmf(
                &[("EMAIL", "VARCHAR"), ("N", "NUMBER")],
                "select count(*) from t",
            );
            d.secure = true;
            d
        });
        assert!(described_signature("(T VARCHAR)").is_none());
    }
}
