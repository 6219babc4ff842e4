//! Offline compilation: every view's query, every task's statement and the MERGE / INSERT
//! / UPDATE / DELETE / SELECT statements of every procedure body are bound (`sql::bind`) against the desired
//! state, which declares every table's columns. A misspelt column is reported at
//! `validate`, at its `file:line:col` inside the SQL string, before any connection.
//!
//! Only what Snowflake would certainly refuse is reported: a missing column of a declared
//! relation, or two output columns of one name in a view. A relation that is not declared
//! (an `external` one, a temporary table a procedure creates) has unknown columns, and
//! whatever the binder cannot read is accepted (see `sql::bind`).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::model::{Object, Resource};
use crate::sql::bind::{
    BindError, BindErrorKind, BoundColumn, ColumnType, Relations, bind_statement, bind_view,
};

use super::diagnostic::ConfigErrors;
use super::diagnostic::Diagnostic;
use super::interpolate::span_of_substring;
use super::names::NameScope;
use super::references::noun;
use super::resolve::Declared;
use super::source::{Location, SourceFile};

/// A SQL string of a declared object, kept to be compiled once everything is declared.
#[derive(Clone, Debug)]
pub(crate) struct SqlText {
    pub(crate) form: SqlForm,
    /// The string's value (variables substituted).
    pub(crate) text: String,
    /// The file it is written in (as shown) and the span of its literal there.
    pub(crate) file: PathBuf,
    pub(crate) span: Range<usize>,
    /// Unqualified names in it resolve in this schema (the object's own).
    pub(crate) schema: SchemaName,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum SqlForm {
    /// A view's or a dynamic table's query (bound like a view's: its output columns
    /// make it a relation other queries read).
    View,
    /// A task's one statement, an alert's condition or action.
    Statement,
    /// A procedure body (Snowflake Scripting); its arguments are names its statements may
    /// use.
    ProcedureBody { arguments: Vec<Ident> },
}

/// Views bound against each other take this many rounds at most: a view over a view
/// learns the inner view's columns in the round after the inner one was bound.
const VIEW_ROUNDS: usize = 8;

/// The desired state's relations as the binder sees them.
struct Desired {
    tables: BTreeMap<ObjectName, Vec<BoundColumn>>,
    views: BTreeMap<ObjectName, Vec<BoundColumn>>,
    streams: BTreeMap<ObjectName, ObjectName>,
    /// Where unqualified names resolve (set per text bound).
    scope: NameScope,
}

impl Desired {
    /// The declared tables' columns and the streams' tables; views are bound in
    /// [`check`].
    fn of<'a>(objects: impl Iterator<Item = &'a Object>) -> Desired {
        let mut desired = Desired {
            tables: BTreeMap::new(),
            views: BTreeMap::new(),
            streams: BTreeMap::new(),
            scope: NameScope::default(),
        };
        for object in objects {
            match object {
                Object::Table(t) => {
                    let columns = t
                        .columns
                        .iter()
                        .map(|c| BoundColumn {
                            name: c.name.clone(),
                            data_type: ColumnType::Known(c.data_type),
                            nullable: c.nullable,
                        })
                        .collect();
                    desired.tables.insert(t.name.clone(), columns);
                }
                Object::Stream(s) => {
                    desired.streams.insert(s.name.clone(), s.on_table.clone());
                }
                _ => {}
            }
        }
        desired
    }
}

impl Relations for Desired {
    fn columns(&self, parts: &[Ident]) -> Option<Vec<BoundColumn>> {
        let name = self.scope.complete(parts)?;
        if let Some(columns) = self.tables.get(&name).or_else(|| self.views.get(&name)) {
            return Some(columns.clone());
        }
        // A stream reads as its table's columns (its METADATA$ columns are accepted by
        // name).
        self.streams
            .get(&name)
            .and_then(|table| self.tables.get(table))
            .cloned()
    }
}

/// What binding needs of one declared object, owned, so that it can be bound on a thread
/// of its own.
struct Unit {
    object: Object,
    /// Where the object is declared (its `name`).
    at: Location,
    sql: Vec<SqlText>,
}

/// Every declared object: those with SQL are bound, the others are what SQL reads.
fn units(declared: &[Declared]) -> Vec<Unit> {
    declared
        .iter()
        .map(|d| Unit {
            object: d.object.clone(),
            at: d.at.clone(),
            sql: d.sql.clone(),
        })
        .collect()
}

pub(crate) fn check(
    declared: &[Declared],
    files: &[SourceFile],
    diagnostics: &mut Vec<Diagnostic>,
) {
    // One binding thread for the whole pass, not one per statement. If it cannot start,
    // nothing is bound: the statements are accepted, as anything unbound is.
    let units = units(declared);
    if let Some(found) = crate::sql::bind::on_binding_thread(|| check_all(&units, files)) {
        diagnostics.extend(found);
    }
}

/// [`check`] started on its own thread: `plan`, `apply` and `drift` bind the project's
/// SQL while they connect and read the live state, and learn the outcome with
/// [`Pending::finish`] before they plan. Binding 4,000 task statements takes longer than
/// all the rest of loading (see BENCHMARKS.md), and needs nothing from the account.
pub(crate) struct Pending(std::thread::JoinHandle<Vec<Diagnostic>>);

/// Starts [`check`] on a binding thread; `None` when it cannot start (then nothing is
/// bound, as in [`check`]).
pub(crate) fn spawn(declared: &[Declared], files: &[SourceFile]) -> Option<Pending> {
    let units = units(declared);
    let files = files.to_vec();
    crate::sql::bind::spawn_binding_thread(move || check_all(&units, &files)).map(Pending)
}

impl Pending {
    /// Waits for the binding: the problems found, as loading reports them.
    pub(crate) fn finish(self) -> Result<(), ConfigErrors> {
        match self.0.join() {
            Ok(found) if !found.is_empty() => Err(ConfigErrors::new(found)),
            // A binding thread that panicked bound nothing: accepted, as in `check`.
            _ => Ok(()),
        }
    }
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pending")
    }
}

fn check_all(declared: &[Unit], files: &[SourceFile]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut desired = Desired::of(declared.iter().map(|d| &d.object));
    let views: Vec<(&Unit, &SqlText)> = declared
        .iter()
        .flat_map(|d| d.sql.iter().map(move |s| (d, s)))
        .filter(|(_, s)| s.form == SqlForm::View)
        .collect();
    // Views learn each other's columns round by round; errors wait for the last round.
    for _ in 0..VIEW_ROUNDS.min(views.len()) {
        let mut changed = false;
        for (d, sql) in &views {
            desired.scope = NameScope::of(&sql.schema);
            if let Ok(Some(columns)) = bind_view(&sql.text, &desired) {
                let name = d.object.address();
                if let Ok(name) = ObjectName::parse(&name.name)
                    && desired.views.get(&name) != Some(&columns)
                {
                    desired.views.insert(name, columns);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    governed_view_columns(declared, &desired, &mut diagnostics);
    for d in declared {
        for sql in &d.sql {
            desired.scope = NameScope::of(&sql.schema);
            let errors: Vec<(BindError, usize)> = match &sql.form {
                SqlForm::View => bind_view(&sql.text, &desired)
                    .err()
                    .map(|e| (e, 0))
                    .into_iter()
                    .collect(),
                SqlForm::Statement => bind_statement(&sql.text, &desired, &[])
                    .err()
                    .map(|e| (e, 0))
                    .into_iter()
                    .collect(),
                SqlForm::ProcedureBody { arguments } => {
                    body_statements(&sql.text, arguments, &desired)
                }
            };
            for (error, offset) in errors {
                diagnostics.push(diagnostic(d, sql, files, &error, offset));
            }
        }
    }
    diagnostics
}

/// A view's governed columns against its bound query, where the binder knows their
/// types: a masking policy masks values of its first argument's type, and a conditional
/// policy's USING columns have its further arguments' types, as for a table's columns
/// (https://docs.snowflake.com/en/user-guide/security-column-ddm-use,
/// https://docs.snowflake.com/en/sql-reference/sql/alter-view). A column the binder does
/// not know, or of a type it cannot tell, is left to Snowflake (and the sandbox) at apply.
/// Reported at the view's name.
fn governed_view_columns(declared: &[Unit], desired: &Desired, diagnostics: &mut Vec<Diagnostic>) {
    let policies: BTreeMap<&ObjectName, &crate::kinds::masking_policy::MaskingPolicy> = declared
        .iter()
        .filter_map(|d| match &d.object {
            Object::MaskingPolicy(p) => Some((&p.name, p)),
            _ => None,
        })
        .collect();
    for d in declared {
        let Object::View(view) = &d.object else {
            continue;
        };
        let Some(output) = desired.views.get(&view.name) else {
            continue;
        };
        let known = |name: &Ident| {
            output
                .iter()
                .find(|c| &c.name == name)
                .and_then(|c| match c.data_type {
                    ColumnType::Known(t) => Some(t),
                    ColumnType::Unknown => None,
                })
        };
        for column in &view.columns {
            let Some(policy) = column
                .masking_policy
                .as_ref()
                .and_then(|name| policies.get(name))
            else {
                continue;
            };
            let mut expected = vec![(&column.name, policy.returns)];
            expected.extend(
                column
                    .masking_using
                    .iter()
                    .zip(&policy.signature)
                    .skip(1)
                    .map(|(name, argument)| (name, argument.data_type)),
            );
            for (name, wanted) in expected {
                if let Some(found) = known(name)
                    && found.generic() != wanted.generic()
                {
                    diagnostics.push(Diagnostic::at(
                        d.at.clone(),
                        format!(
                            "column {name} of view {} is {found}, but masking policy {} takes {wanted} there",
                            view.name, policy.name
                        ),
                    ));
                }
            }
        }
    }
}

/// The statements of a Snowflake Scripting body that Snowflake compiles against tables
/// when the procedure is called (`sql::scripting`), each bound on its own, with the body's
/// arguments and variables accepted as names.
fn body_statements(body: &str, arguments: &[Ident], desired: &Desired) -> Vec<(BindError, usize)> {
    let read = crate::sql::scripting::read(body, arguments);
    let mut errors = Vec::new();
    for range in read.statements {
        let Some(text) = body.get(range.clone()) else {
            continue;
        };
        if let Err(e) = bind_statement(text, desired, &read.variables) {
            errors.push((e, range.start));
        }
    }
    errors
}

fn diagnostic(
    d: &Unit,
    sql: &SqlText,
    files: &[SourceFile],
    error: &BindError,
    offset: usize,
) -> Diagnostic {
    let own = d.object.address();
    let file = files.iter().find(|f| f.path() == sql.file);
    let at = match (file, &error.range) {
        (Some(file), Some(range)) => {
            let range = offset + range.start..offset + range.end;
            let needle = sql.text.get(range.clone()).unwrap_or("");
            file.locate(span_of_substring(
                file,
                sql.span.clone(),
                needle,
                range.start,
                &sql.text,
            ))
        }
        (Some(file), None) => file.locate(sql.span.clone()),
        (None, _) => d.at.clone(),
    };
    let what = match sql.form {
        SqlForm::View => "query",
        SqlForm::Statement => "statement",
        SqlForm::ProcedureBody { .. } => "body",
    };
    let help = match &error.kind {
        BindErrorKind::InvalidIdentifier(_) => {
            "Snowflake compiles this SQL against the columns the tables declare: the name matches none of the columns in scope (unquoted names are read in upper case)"
        }
        BindErrorKind::DuplicateColumn(_) => {
            "a view's columns need distinct names: give one of them an alias"
        }
        BindErrorKind::NoColumns => {
            "`* ILIKE '<pattern>'` keeps the columns whose names match the pattern, and none does"
        }
    };
    Diagnostic::at(
        at,
        format!("{} {}: {what}: {error}", noun(own.kind), own.name),
    )
    .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped example, and the desired state its SQL binds against.
    fn example() -> (Vec<Object>, Desired) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let environment = crate::config::load(root, "dev").unwrap();
        let objects: Vec<Object> = environment
            .desired
            .objects
            .into_values()
            .map(|d| d.object)
            .collect();
        let desired = Desired::of(objects.iter());
        (objects, desired)
    }

    fn in_schema(desired: &mut Desired, name: &ObjectName) {
        desired.scope = NameScope::of(&name.schema_name());
    }

    /// The GOLD views' output types, by the rules of `sql::bind::types`: a column keeps
    /// its declared type (VARCHAR is VARCHAR(16777216)), COUNT is NUMBER(18,0), SUM of
    /// NUMBER(p,s) is NUMBER(38,s), AVG of NUMBER(12,2) is NUMBER(38,8) (SUM / COUNT under
    /// the division rule) and of FLOAT is FLOAT; RATIO_TO_REPORT, whose page gives no
    /// type, is not derived (unknown).
    #[test]
    fn the_example_views_bind_with_their_documented_types() {
        let (objects, mut desired) = example();
        let mut views = 0;
        for object in &objects {
            let Object::View(view) = object else { continue };
            in_schema(&mut desired, &view.name);
            let columns = bind_view(view.query.text(), &desired).unwrap().unwrap();
            let typed: Vec<(String, String)> = columns
                .iter()
                .map(|c| {
                    (
                        c.name.as_str().to_string(),
                        c.data_type
                            .known()
                            .map_or("unknown".into(), |t| t.to_string()),
                    )
                })
                .collect();
            let typed: Vec<(&str, &str)> = typed
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_str()))
                .collect();
            let text = "VARCHAR(16777216)";
            let expected: &[(&str, &str)] = match view.name.name.as_str() {
                "VW_DAILY_SALES_ANALYSIS" => &[
                    ("SALES_DATE", "DATE"),
                    ("STORE_TYPE", text),
                    ("PAYMENT_METHOD", text),
                    ("PRODUCT_CATEGORY", text),
                    ("ORDER_COUNT", "NUMBER(18,0)"),
                    ("TOTAL_QUANTITY", "NUMBER(38,0)"),
                    ("TOTAL_REVENUE", "NUMBER(38,2)"),
                    ("AVG_ORDER_VALUE", "NUMBER(38,8)"),
                    ("DISTINCT_CUSTOMERS", "NUMBER(18,0)"),
                ],
                "VW_CUSTOMER_PRODUCT_AFFINITY" => &[
                    ("CUSTOMER_TYPE", text),
                    ("PRODUCT_CATEGORY", text),
                    ("PURCHASE_COUNT", "NUMBER(18,0)"),
                    ("TOTAL_REVENUE", "NUMBER(38,2)"),
                    ("AVG_PRODUCT_RATING", "FLOAT"),
                    ("REVENUE_SHARE", "unknown"),
                ],
                other => panic!("unexpected view {other}"),
            };
            assert_eq!(typed, expected, "{}", view.name);
            views += 1;
        }
        assert_eq!(views, 2);
    }

    /// Every COPY column list and every procedure's MERGE of the example binds, and is
    /// really read: the same statement with a column misspelt is refused.
    #[test]
    fn the_example_copy_lists_and_merges_bind() {
        let (objects, mut desired) = example();
        let (mut copies, mut merges) = (0, 0);
        for object in &objects {
            match object {
                Object::Task(task) if task.sql.text().contains("COPY INTO") => {
                    in_schema(&mut desired, &task.name);
                    let sql = task.sql.text();
                    assert_eq!(bind_statement(sql, &desired, &[]), Ok(()), "{}", task.name);
                    let broken = sql.replacen("SOURCE_FILE_NAME", "SOURCE_FILE_NAM", 1);
                    let e = bind_statement(&broken, &desired, &[]).unwrap_err();
                    assert_eq!(e.to_string(), "invalid identifier 'SOURCE_FILE_NAM'");
                    copies += 1;
                }
                Object::Procedure(procedure) => {
                    in_schema(&mut desired, &procedure.name);
                    let body = procedure.body.text();
                    assert!(body.contains("MERGE INTO"));
                    assert!(
                        body_statements(body, &[], &desired).is_empty(),
                        "{}",
                        procedure.name
                    );
                    let broken = body.replacen("LAST_UPDATED_TIMESTAMP", "LAST_UPDATED_TS", 1);
                    let errors = body_statements(&broken, &[], &desired);
                    assert_eq!(errors.len(), 1, "{}", procedure.name);
                    let (error, offset) = &errors[0];
                    assert_eq!(error.to_string(), "invalid identifier 'LAST_UPDATED_TS'");
                    let range = error.range.clone().unwrap();
                    assert_eq!(
                        &broken[offset + range.start..offset + range.end],
                        "LAST_UPDATED_TS"
                    );
                    merges += 1;
                }
                _ => {}
            }
        }
        assert_eq!((copies, merges), (3, 3));
    }
}
