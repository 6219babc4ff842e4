//! `CREATE OR ALTER` for tables, schemas and databases
//! (https://docs.snowflake.com/en/sql-reference/sql/create-or-alter): the object is
//! created when absent, else altered into the definition. The alteration is planned here
//! as the ALTER statements Snowflake's own rules check (the engine runs them one by one,
//! so what ALTER refuses — an illegal column type change — is refused with ALTER's
//! error); the docs say the command is not atomic, and neither is this.
//!
//! The rules, from that page and CREATE TABLE's "CREATE OR ALTER TABLE" notes
//! (https://docs.snowflake.com/en/sql-reference/sql/create-table#create-or-alter-table):
//! * a column absent from the definition is dropped, a new one added, a changed type or
//!   nullability altered as ALTER TABLE … ALTER COLUMN allows; renaming is not expressible
//!   (a renamed column is a drop and an add);
//! * a property absent from the definition is unset (here: COMMENT, the property the
//!   sandbox keeps for every kind);
//! * TRANSIENT cannot change, and CLONE, AS SELECT and LIKE are not allowed.
//!
//! A task (https://docs.snowflake.com/en/sql-reference/sql/create-task#create-or-alter-task)
//! takes its properties by SET, its predecessors by ADD / REMOVE AFTER, its condition by
//! MODIFY / REMOVE WHEN and its body by MODIFY AS — each under ALTER TASK's rules (its
//! root must be suspended). A network rule
//! (https://docs.snowflake.com/en/sql-reference/sql/create-network-rule#create-or-alter-network-rule:
//! "Updating the VALUE_LIST. Adding, updating, or removing a COMMENT") takes its list and
//! comment by SET / UNSET; its TYPE and MODE cannot change, so a definition that changes
//! them is refused as ALTER refuses setting them.
//!
//! A stage, a file format and a warehouse take their written properties by SET, and "the
//! absence of a property that was previously set … results in resetting it to the
//! default value" (the CREATE OR ALTER usage notes of
//! https://docs.snowflake.com/en/sql-reference/sql/create-stage,
//! https://docs.snowflake.com/en/sql-reference/sql/create-file-format and
//! https://docs.snowflake.com/en/sql-reference/sql/create-warehouse): by UNSET where
//! ALTER takes it, by SET of the default otherwise. A stage cannot change between internal
//! and external nor its storage provider; a file format cannot change its TYPE; a
//! warehouse's INITIALLY_SUSPENDED "can't be altered" and only applies when it is created.
//!
//! A procedure is one overload (name and argument types: another signature is created
//! beside it) and takes what ALTER PROCEDURE changes, EXECUTE AS and its comment; its
//! return type, language, body, argument names and defaults are refused
//! (https://docs.snowflake.com/en/sql-reference/sql/create-procedure); a function
//! likewise takes SECURE and its comment
//! (https://docs.snowflake.com/en/sql-reference/sql/create-function).
//! A pipe takes only its comment: its COPY statement, AUTO_INGEST and integrations cannot
//! change (https://docs.snowflake.com/en/sql-reference/sql/create-pipe#create-or-alter-pipe).
//! A tag takes its ALLOWED_VALUES and COMMENT, the only alterations its page supports
//! (https://docs.snowflake.com/en/sql-reference/sql/create-tag#create-or-alter-tag).
//!
//! Other kinds are refused with a message saying the sandbox does not emulate them,
//! rather than half-applied.

use crate::model::data_type::DataType;
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::binder::{database_name, object_name, schema_name};
use crate::sandbox::catalog::function::{Function, FunctionDefinition};
use crate::sandbox::catalog::kind::signature_type;
use crate::sandbox::catalog::pipe::PipeBody;
use crate::sandbox::catalog::procedure::ProcedureDefinition;
use crate::sandbox::catalog::table::grammar::{ColumnDefinition, TableCreate, TableSource};
use crate::sandbox::catalog::tag::TagBody;
use crate::sandbox::catalog::view::resolve_in;
use crate::sandbox::catalog::{
    Catalog, FileFormat, NetworkRule, OuterKind, OverloadedKind, Pipe, Procedure, SandboxKind,
    Stage, Table, Tag, Task, Warehouse,
};
use crate::sandbox::error::SqlError;
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::{Create, CreateBody, ObjectNoun, Property, Tail, Value};
use crate::sql::quote::literal;

/// The ALTER statements that turn the existing object into `create`'s definition, or
/// `None` when the object does not exist (then it is created as by CREATE).
pub(super) fn plan(
    catalog: &Catalog,
    create: &Create,
    session: &SqlSession,
) -> Result<Option<Vec<String>>, SqlError> {
    let unsupported = |what: &str| {
        SqlError::unsupported(format!(
            "CREATE OR ALTER {what} is not supported by the sandbox."
        ))
    };
    // Inline tags and policies on an existing object: what CREATE OR ALTER makes of them
    // is not emulated (it would have to diff the assignments), so it is refused rather
    // than ignored; on an absent object they apply as in CREATE.
    let inline = "with inline tags or policies on an existing object";
    // A table's body is its module's to read (already checked for syntax).
    if let CreateBody::Module(ObjectNoun::Table, tail) = &create.body {
        let body = tail.parse(Table::parse_create)?;
        let governance = Table::inline(&body);
        let governed = !governance.object.tags.is_empty()
            || governance.object.row_access.is_some()
            || !governance.columns.is_empty();
        let TableCreate { source, .. } = body;
        return match &source {
            TableSource::Columns {
                columns,
                properties,
                query_references,
                ..
            } if query_references.is_empty() => {
                let name = object_name(&create.name, session, "CREATE OR ALTER TABLE")?;
                let Some(table) = catalog.find::<Table>(&name) else {
                    return Ok(None);
                };
                if governed {
                    return Err(unsupported(inline));
                }
                if table.transient != create.transient {
                    return Err(SqlError::unsupported(format!(
                        "CREATE OR ALTER cannot change whether table '{}' is transient.",
                        name.name
                    )));
                }
                let target = format!(
                    "ALTER TABLE {}.{}.{}",
                    name.database.to_sql(),
                    name.schema.to_sql(),
                    name.name.to_sql()
                );
                let mut plan = Vec::new();
                for old in &table.columns {
                    if !columns.iter().any(|c| c.name == old.name) {
                        plan.push(format!("{target} DROP COLUMN {}", old.name.to_sql()));
                    }
                }
                for new in columns {
                    match table.columns.iter().find(|c| c.name == new.name) {
                        None => plan.push(format!("{target} ADD COLUMN {}", column_sql(new))),
                        Some(old) => {
                            let column = format!("{target} ALTER COLUMN {}", new.name.to_sql());
                            if old.data_type != new.data_type {
                                plan.push(format!("{column} SET DATA TYPE {}", new.data_type));
                            }
                            if old.nullable && !new.nullable {
                                plan.push(format!("{column} SET NOT NULL"));
                            } else if !old.nullable && new.nullable {
                                plan.push(format!("{column} DROP NOT NULL"));
                            }
                            if old.comment != new.comment {
                                plan.push(match &new.comment {
                                    Some(c) => format!("{column} COMMENT {}", literal(c)),
                                    None => format!("{column} UNSET COMMENT"),
                                });
                            }
                        }
                    }
                }
                plan.extend(properties_sql(
                    &target,
                    properties,
                    table.meta.comment.is_some(),
                ));
                Ok(Some(plan))
            }
            _ => Err(unsupported("TABLE with CLONE, AS SELECT or LIKE")),
        };
    }
    match &create.body {
        CreateBody::Schema {
            clone: None,
            properties,
            managed_access,
            tags,
        } => {
            let name = schema_name(&create.name, session, "CREATE OR ALTER SCHEMA")?;
            let Ok(schema) = catalog.schema(&name) else {
                return Ok(None);
            };
            if !tags.is_empty() {
                return Err(unsupported(inline));
            }
            if schema.transient != create.transient {
                return Err(SqlError::unsupported(format!(
                    "CREATE OR ALTER cannot change whether schema '{}' is transient.",
                    name.schema
                )));
            }
            let target = format!(
                "ALTER SCHEMA {}.{}",
                name.database.to_sql(),
                name.schema.to_sql()
            );
            let mut plan = Vec::new();
            if schema.managed_access != *managed_access {
                let verb = if *managed_access { "ENABLE" } else { "DISABLE" };
                plan.push(format!("{target} {verb} MANAGED ACCESS"));
            }
            let has_comment = schema.meta.as_ref().is_some_and(|m| m.comment.is_some());
            plan.extend(properties_sql(&target, properties, has_comment));
            Ok(Some(plan))
        }
        CreateBody::Database {
            clone: None,
            properties,
            tags,
        } => {
            let name = database_name(&create.name)?;
            let Some(database) = catalog.databases.get(&name) else {
                return Ok(None);
            };
            if !tags.is_empty() {
                return Err(unsupported(inline));
            }
            if database.transient != create.transient {
                return Err(SqlError::unsupported(format!(
                    "CREATE OR ALTER cannot change whether database '{name}' is transient."
                )));
            }
            let target = format!("ALTER DATABASE {}", name.to_sql());
            Ok(Some(properties_sql(
                &target,
                properties,
                database.meta.comment.is_some(),
            )))
        }
        CreateBody::Schema { .. } | CreateBody::Database { .. } => Err(unsupported("with CLONE")),
        CreateBody::Module(ObjectNoun::Task, tail) => {
            let definition = tail.parse(Task::parse_create)?;
            let name = object_name(&create.name, session, "CREATE OR ALTER TASK")?;
            let Some(task) = catalog.find::<Task>(&name) else {
                return Ok(None);
            };
            let target = format!(
                "ALTER TASK {}.{}.{}",
                name.database.to_sql(),
                name.schema.to_sql(),
                name.name.to_sql()
            );
            let sql_name = |n: &ObjectName| {
                format!(
                    "{}.{}.{}",
                    n.database.to_sql(),
                    n.schema.to_sql(),
                    n.name.to_sql()
                )
            };
            let mut plan =
                properties_sql(&target, &definition.properties, task.meta.comment.is_some());
            // Predecessors resolve in the task's own schema, as for CREATE TASK. New ones
            // are added before old ones are removed, so a child never passes through
            // being a root.
            let after: Vec<ObjectName> = definition
                .after
                .iter()
                .map(|raw| resolve_in(raw, &name.schema_name()))
                .collect();
            let added: Vec<String> = after
                .iter()
                .filter(|a| !task.predecessors.contains(a))
                .map(sql_name)
                .collect();
            if !added.is_empty() {
                plan.push(format!("{target} ADD AFTER {}", added.join(", ")));
            }
            let removed: Vec<String> = task
                .predecessors
                .iter()
                .filter(|p| !after.contains(p))
                .map(sql_name)
                .collect();
            if !removed.is_empty() {
                plan.push(format!("{target} REMOVE AFTER {}", removed.join(", ")));
            }
            if definition.condition != task.condition {
                plan.push(match &definition.condition {
                    Some(condition) => format!("{target} MODIFY WHEN {condition}"),
                    None => format!("{target} REMOVE WHEN"),
                });
            }
            if definition.body.trim() != task.definition.trim() {
                plan.push(format!("{target} MODIFY AS {}", definition.body));
            }
            Ok(Some(plan))
        }
        CreateBody::Module(ObjectNoun::NetworkRule, tail) => {
            let definition = tail.parse(NetworkRule::parse_create)?;
            let name = object_name(&create.name, session, "CREATE OR ALTER NETWORK RULE")?;
            let Some(rule) = catalog.find::<NetworkRule>(&name) else {
                return Ok(None);
            };
            let word = |key: &str| {
                definition
                    .iter()
                    .rev()
                    .find(|p| p.key == key)
                    .and_then(|p| p.value.text())
                    .map(|t| t.to_uppercase())
            };
            // MODE defaults to INGRESS (CREATE NETWORK RULE's syntax).
            let changed = [
                (
                    "TYPE",
                    word("TYPE").as_deref() != Some(rule.rule_type.as_str()),
                ),
                (
                    "MODE",
                    word("MODE").as_deref().unwrap_or("INGRESS") != rule.mode.as_str(),
                ),
            ];
            if let Some((key, _)) = changed.iter().find(|(_, changed)| *changed) {
                return Err(SqlError::invalid_property(key, "NETWORK RULE"));
            }
            if !definition.iter().any(|p| p.key == "VALUE_LIST") {
                return Err(SqlError::missing_property("VALUE_LIST", "NETWORK RULE"));
            }
            let target = format!(
                "ALTER NETWORK RULE {}.{}.{}",
                name.database.to_sql(),
                name.schema.to_sql(),
                name.name.to_sql()
            );
            let settable: Vec<Property> = definition
                .into_iter()
                .filter(|p| p.key == "VALUE_LIST" || p.key == "COMMENT")
                .collect();
            Ok(Some(properties_sql(
                &target,
                &settable,
                rule.meta.comment.is_some(),
            )))
        }
        CreateBody::Module(ObjectNoun::Stage, tail) => {
            let definition = tail.parse(Stage::parse_create)?;
            let name = object_name(&create.name, session, "CREATE OR ALTER STAGE")?;
            let Some(stage) = catalog.find::<Stage>(&name) else {
                return Ok(None);
            };
            stage_plan(&name, stage, definition)
        }
        CreateBody::Module(ObjectNoun::FileFormat, tail) => {
            let definition = tail.parse(FileFormat::parse_create)?;
            let name = object_name(&create.name, session, "CREATE OR ALTER FILE FORMAT")?;
            let Some(format) = catalog.find::<FileFormat>(&name) else {
                return Ok(None);
            };
            // "You can't alter the TYPE property"; TYPE defaults to CSV.
            let written_type = definition
                .iter()
                .rev()
                .find(|p| p.key == "TYPE")
                .and_then(|p| p.value.text())
                .map_or_else(|| "CSV".to_string(), |t| t.to_uppercase());
            if written_type != format.options.format_type {
                return Err(SqlError::invalid_property("TYPE", "FILE FORMAT"));
            }
            let target = format!("ALTER FILE FORMAT {}", qualified(&name));
            let settable: Vec<Property> =
                definition.into_iter().filter(|p| p.key != "TYPE").collect();
            let mut plan = unset_sql(&target, format.options.changed_keys(), &settable);
            plan.extend(properties_sql(
                &target,
                &settable,
                format.meta.comment.is_some(),
            ));
            Ok(Some(plan))
        }
        CreateBody::Module(ObjectNoun::Warehouse, tail) => {
            let definition = tail.parse(Warehouse::parse_create)?;
            let name = database_name(&create.name)?;
            let Some(warehouse) = catalog.account.warehouses.get(&name) else {
                return Ok(None);
            };
            let target = format!("ALTER WAREHOUSE {}", name.to_sql());
            // INITIALLY_SUSPENDED "can't be altered (SET or UNSET)": it describes the
            // state a new warehouse starts in, and this one exists.
            let settable: Vec<Property> = definition
                .into_iter()
                .filter(|p| p.key != "INITIALLY_SUSPENDED")
                .collect();
            Ok(Some(warehouse_plan(&target, warehouse, &settable)))
        }
        CreateBody::Module(ObjectNoun::Procedure, tail) => {
            overload_plan(catalog, create, session, tail, procedure_plan)
        }
        CreateBody::Module(ObjectNoun::Function, tail) => {
            overload_plan(catalog, create, session, tail, function_plan)
        }
        CreateBody::Module(ObjectNoun::Pipe, tail) => {
            let definition = tail.parse(Pipe::parse_create)?;
            let name = object_name(&create.name, session, "CREATE OR ALTER PIPE")?;
            let Some(pipe) = catalog.find::<Pipe>(&name) else {
                return Ok(None);
            };
            pipe_plan(&name, pipe, definition).map(Some)
        }
        CreateBody::Module(ObjectNoun::Tag, tail) => {
            let definition = tail.parse(Tag::parse_create)?;
            let name = object_name(&create.name, session, "CREATE OR ALTER TAG")?;
            let Some(tag) = catalog.find::<Tag>(&name) else {
                return Ok(None);
            };
            Ok(Some(tag_plan(&name, tag, definition)))
        }
        other => Err(unsupported(match other {
            CreateBody::Module(kind, _) if kind.is_overloaded() || *kind == ObjectNoun::View => {
                kind.sql()
            }
            _ => "for this kind",
        })),
    }
}

/// `db.schema.name` as SQL.
fn qualified(name: &ObjectName) -> String {
    format!(
        "{}.{}.{}",
        name.database.to_sql(),
        name.schema.to_sql(),
        name.name.to_sql()
    )
}

/// `UNSET` of the keys the object has changed from their default and the definition
/// leaves out (none: no statement).
fn unset_sql(target: &str, changed: Vec<String>, definition: &[Property]) -> Vec<String> {
    let absent: Vec<String> = changed
        .into_iter()
        .filter(|key| !definition.iter().any(|p| p.key == *key))
        .collect();
    if absent.is_empty() {
        return Vec::new();
    }
    vec![format!("{target} UNSET {}", absent.join(", "))]
}

/// CREATE OR ALTER STAGE on an existing stage: its kind (internal or external) and its
/// storage provider stay; what the definition leaves out goes back to its default —
/// STORAGE_INTEGRATION and FILE_FORMAT by UNSET, a directory table by `SET DIRECTORY = (
/// ENABLE = FALSE )`. CREDENTIALS, ENCRYPTION and COPY_OPTIONS have no UNSET in ALTER
/// STAGE's grammar; a definition that would drop them is refused rather than half-applied.
fn stage_plan(
    name: &ObjectName,
    stage: &Stage,
    definition: Vec<Property>,
) -> Result<Option<Vec<String>>, SqlError> {
    let has = |key: &str| definition.iter().any(|p| p.key == key);
    let url = definition
        .iter()
        .rev()
        .find(|p| p.key == "URL")
        .and_then(|p| p.value.text());
    let scheme = |url: &str| url.split("://").next().unwrap_or_default().to_lowercase();
    // "Only accepts and handles properties that are compatible with the current type of
    // stage" and "cannot change the storage provider type of an external stage"; the
    // docs give no error: 002043 (chosen).
    match (&stage.url, &url) {
        (None, None) => {}
        (Some(old), Some(new)) if scheme(old) == scheme(new) => {}
        _ => {
            return Err(SqlError::unsupported(format!(
                "CREATE OR ALTER STAGE cannot change stage {name} between internal and \
                 external or to another storage provider."
            )));
        }
    }
    for (key, kept) in [
        ("CREDENTIALS", !stage.credentials.is_empty()),
        ("ENCRYPTION", !stage.encryption.is_empty()),
        ("COPY_OPTIONS", !stage.copy_options.is_empty()),
    ] {
        // A storage integration replaces credentials (see `Catalog::apply_stage`).
        let replaced = key == "CREDENTIALS" && has("STORAGE_INTEGRATION");
        if kept && !has(key) && !replaced {
            return Err(SqlError::unsupported(format!(
                "CREATE OR ALTER STAGE without the {key} stage {name} has is not supported by \
                 the sandbox."
            )));
        }
    }
    let target = format!("ALTER STAGE {}", qualified(name));
    let mut changed = Vec::new();
    if stage.storage_integration.is_some() && !has("CREDENTIALS") {
        changed.push("STORAGE_INTEGRATION".to_string());
    }
    if stage.file_format != crate::sandbox::catalog::stage::StageFileFormat::Default {
        changed.push("FILE_FORMAT".to_string());
    }
    let mut plan = unset_sql(&target, changed, &definition);
    if stage.directory_enabled && !has("DIRECTORY") {
        plan.push(format!("{target} SET DIRECTORY = ( ENABLE = FALSE )"));
    }
    plan.extend(properties_sql(
        &target,
        &definition,
        stage.meta.comment.is_some(),
    ));
    Ok(Some(plan))
}

/// How an existing overload is turned into the definition.
type OverloadPlan<T> =
    fn(&ObjectName, &T, <T as OverloadedKind>::Create) -> Result<Vec<String>, SqlError>;

/// CREATE OR ALTER of an overloaded kind: the overload is the name with the definition's
/// argument types, so another signature is another object, created as CREATE creates it
/// (`None`); an existing overload is planned by `plan`.
fn overload_plan<T: OverloadedKind>(
    catalog: &Catalog,
    create: &Create,
    session: &SqlSession,
    tail: &Tail,
    plan: OverloadPlan<T>,
) -> Result<Option<Vec<String>>, SqlError> {
    let definition = tail.parse(T::parse_create)?;
    let action = format!("CREATE OR ALTER {}", T::KIND.sql());
    let name = object_name(&create.name, session, &action)?;
    match catalog.overload::<T>(&name, &T::created_types(&definition)) {
        Ok(existing) => plan(&name, existing, definition).map(Some),
        Err(_) => Ok(None),
    }
}

/// CREATE OR ALTER PROCEDURE on an existing overload (the same name and argument types;
/// https://docs.snowflake.com/en/sql-reference/sql/create-procedure documents the variant).
/// What ALTER PROCEDURE can change
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-procedure) is planned as ALTER:
/// `EXECUTE AS` and the comment (unset when left out). The return type and language are
/// no ALTER's to change, and are refused; so are the body, argument names and defaults,
/// which the sandbox does not alter in place (the usage notes on them were not
/// available): a definition that differs there is refused before anything runs, as
/// before this variant was read.
fn procedure_plan(
    name: &ObjectName,
    procedure: &Procedure,
    definition: ProcedureDefinition,
) -> Result<Vec<String>, SqlError> {
    let fixed = [
        ("return type", definition.returns != procedure.returns),
        (
            "language",
            definition.language.to_uppercase() != procedure.language,
        ),
        ("body", definition.body.trim() != procedure.body.trim()),
    ];
    let rights = definition.execute_as != procedure.execute_as;
    routine_plan(
        ("PROCEDURE", name),
        [
            (&procedure.arguments, &procedure.defaults),
            (&definition.arguments, &definition.defaults),
        ],
        &fixed,
        |target| rights.then(|| format!("{target} EXECUTE AS {}", definition.execute_as)),
        (definition.comment.as_ref(), procedure.meta.comment.as_ref()),
    )
}

/// CREATE OR ALTER FUNCTION on an existing overload
/// (https://docs.snowflake.com/en/sql-reference/sql/create-function documents the variant):
/// what ALTER FUNCTION can change (https://docs.snowflake.com/en/sql-reference/sql/alter-function)
/// is planned as ALTER — SECURE by `SET | UNSET SECURE`, the comment by SET or UNSET; the
/// return type, language, MEMOIZABLE, body, handler clauses, argument names and defaults
/// are refused, as for a procedure.
fn function_plan(
    name: &ObjectName,
    function: &Function,
    definition: FunctionDefinition,
) -> Result<Vec<String>, SqlError> {
    let (secure, comment) = definition.secure_and_comment();
    routine_plan(
        ("FUNCTION", name),
        [
            (&function.arguments, &function.defaults),
            definition.signature(),
        ],
        &definition.fixed_changes(function),
        |target| {
            let verb = if secure { "SET" } else { "UNSET" };
            (secure != function.secure).then(|| format!("{target} {verb} SECURE"))
        },
        (comment, function.meta.comment.as_ref()),
    )
}

/// A routine's arguments and their DEFAULTs.
type Signature<'a> = (&'a [(Ident, DataType)], &'a [Option<String>]);

/// The ALTER statements of a procedure's or function's plan, once what ALTER cannot
/// change is checked unchanged — the `fixed` parts (what, changed), the argument names and
/// DEFAULTs (`[kept, written]`): the kind's own change (`own`, given the `ALTER <kind>
/// db.s.name(types)` target) and the comment (`(written, kept)`). The docs give no error
/// for a fixed part: 002043 (chosen).
fn routine_plan(
    (kind, name): (&str, &ObjectName),
    [(arguments, defaults), (written, written_defaults)]: [Signature<'_>; 2],
    fixed: &[(&str, bool)],
    own: impl FnOnce(&str) -> Option<String>,
    (comment, kept_comment): (Option<&String>, Option<&String>),
) -> Result<Vec<String>, SqlError> {
    // As SHOW writes the signature (`NUMBER`, not `NUMBER(38,0)`).
    let shown: Vec<String> = arguments.iter().map(|(_, t)| signature_type(t)).collect();
    // Argument names and DEFAULTs, an argument without one as `None`.
    let names_and_defaults = |arguments: &[(Ident, DataType)], defaults: &[Option<String>]| {
        (0..arguments.len())
            .map(|i| (arguments[i].0.clone(), defaults.get(i).cloned().flatten()))
            .collect::<Vec<_>>()
    };
    let argument_change =
        names_and_defaults(arguments, defaults) != names_and_defaults(written, written_defaults);
    let changed = fixed
        .iter()
        .find(|(_, changed)| *changed)
        .map(|(what, _)| *what)
        .or(argument_change.then_some("argument names or defaults"));
    if let Some(what) = changed {
        return Err(SqlError::unsupported(format!(
            "CREATE OR ALTER {kind} cannot change the {what} of {} {name}({}).",
            kind.to_lowercase(),
            shown.join(", ")
        )));
    }
    let types: Vec<String> = arguments.iter().map(|(_, t)| t.to_string()).collect();
    let target = format!("ALTER {kind} {}({})", qualified(name), types.join(", "));
    Ok(own(&target)
        .into_iter()
        .chain(comment_sql(&target, comment, kept_comment))
        .collect())
}

/// `SET COMMENT` when the definition's comment is new, `UNSET COMMENT` when it has none
/// and the object has one.
fn comment_sql(target: &str, written: Option<&String>, kept: Option<&String>) -> Option<String> {
    match written {
        Some(comment) if kept != Some(comment) => {
            Some(format!("{target} SET COMMENT = {}", literal(comment)))
        }
        None if kept.is_some() => Some(format!("{target} UNSET COMMENT")),
        _ => None,
    }
}

/// CREATE OR ALTER PIPE on an existing pipe
/// (https://docs.snowflake.com/en/sql-reference/sql/create-pipe#create-or-alter-pipe): it
/// "has the same limitations as an ALTER PIPE statement", and the modifications it
/// supports are pausing or resuming and "adding, updating, or removing a COMMENT". The
/// COPY statement, AUTO_INGEST, INTEGRATION and ERROR_INTEGRATION therefore cannot change:
/// a definition that changes them is refused before anything is altered (AUTO_INGEST and
/// INTEGRATION as ALTER PIPE refuses setting them; the COPY statement, which ALTER cannot
/// express, with 002043 — the docs give no error). AWS_SNS_TOPIC (S3 only) is not kept
/// and so not compared. The comment is set, or unset when left out. The syntax read is
/// CREATE PIPE's, which has no PIPE_EXECUTION_PAUSED: the paused state is left as it is.
fn pipe_plan(
    name: &ObjectName,
    pipe: &Pipe,
    definition: PipeBody,
) -> Result<Vec<String>, SqlError> {
    // CREATE PIPE's properties, and nothing else, read as CREATE PIPE reads them.
    let written = Pipe::written(pipe.meta.clone(), &definition)?;
    if written.definition.trim() != pipe.definition.trim() {
        return Err(SqlError::unsupported(format!(
            "CREATE OR ALTER PIPE cannot change the COPY statement of pipe {name}."
        )));
    }
    for (key, changed) in [
        ("AUTO_INGEST", written.auto_ingest != pipe.auto_ingest),
        ("INTEGRATION", written.integration != pipe.integration),
        (
            "ERROR_INTEGRATION",
            written.error_integration != pipe.error_integration,
        ),
    ] {
        if changed {
            return Err(SqlError::invalid_property(key, "PIPE"));
        }
    }
    let target = format!("ALTER PIPE {}", qualified(name));
    let comment: Vec<Property> = definition
        .properties
        .into_iter()
        .filter(|p| p.key == "COMMENT")
        .collect();
    Ok(properties_sql(
        &target,
        &comment,
        pipe.meta.comment.is_some(),
    ))
}

/// CREATE OR ALTER TAG on an existing tag: "supported alterations include changes to the
/// ALLOWED_VALUES and COMMENT properties", under ALTER TAG's limitations
/// (https://docs.snowflake.com/en/sql-reference/sql/create-tag#create-or-alter-tag). A
/// written list replaces the tag's by `SET ALLOWED_VALUES` (the order matters for
/// propagation conflicts, so a reordered list is set again); a list or comment the
/// definition leaves out is unset, as CREATE OR ALTER resets a property it no longer
/// names (https://docs.snowflake.com/en/sql-reference/sql/create-or-alter).
fn tag_plan(name: &ObjectName, tag: &Tag, definition: TagBody) -> Vec<String> {
    let target = format!("ALTER TAG {}", qualified(name));
    let mut plan = Vec::new();
    match &definition.allowed_values {
        Some(values) if tag.allowed_values.as_ref() != Some(values) => {
            let values: Vec<String> = values.iter().map(|v| literal(v)).collect();
            plan.push(format!("{target} SET ALLOWED_VALUES {}", values.join(", ")));
        }
        None if tag.allowed_values.is_some() => {
            plan.push(format!("{target} UNSET ALLOWED_VALUES"));
        }
        _ => {}
    }
    plan.extend(comment_sql(
        &target,
        definition.comment.as_ref(),
        tag.meta.comment.as_ref(),
    ));
    plan
}

/// CREATE OR ALTER WAREHOUSE on an existing warehouse: the written properties by SET; the
/// ones left out back to their defaults, by UNSET where ALTER WAREHOUSE takes it, by SET
/// of the default for its type and cluster counts.
fn warehouse_plan(target: &str, warehouse: &Warehouse, definition: &[Property]) -> Vec<String> {
    let has = |key: &str| definition.iter().any(|p| p.key == key);
    let changed: Vec<String> = warehouse
        .changed_keys()
        .into_iter()
        .map(str::to_string)
        .collect();
    let mut plan = unset_sql(target, changed, definition);
    let mut defaults = Vec::new();
    if warehouse.warehouse_type != "STANDARD" && !has("WAREHOUSE_TYPE") {
        defaults.push("WAREHOUSE_TYPE = STANDARD");
    }
    if warehouse.min_cluster_count != 1 && !has("MIN_CLUSTER_COUNT") {
        defaults.push("MIN_CLUSTER_COUNT = 1");
    }
    if warehouse.max_cluster_count != 1 && !has("MAX_CLUSTER_COUNT") {
        defaults.push("MAX_CLUSTER_COUNT = 1");
    }
    if !defaults.is_empty() {
        plan.push(format!("{target} SET {}", defaults.join(" ")));
    }
    // COMMENT is among the keys reset above.
    plan.extend(properties_sql(target, definition, false));
    plan
}

/// `SET` of the written properties, and `UNSET COMMENT` when the definition has none but
/// the object does.
fn properties_sql(target: &str, properties: &[Property], has_comment: bool) -> Vec<String> {
    let mut plan = Vec::new();
    if !properties.is_empty() {
        let set: Vec<String> = properties
            .iter()
            .map(|p| format!("{} = {}", p.key, value_sql(&p.value)))
            .collect();
        plan.push(format!("{target} SET {}", set.join(" ")));
    }
    if has_comment && !properties.iter().any(|p| p.key == "COMMENT") {
        plan.push(format!("{target} UNSET COMMENT"));
    }
    plan
}

fn value_sql(value: &Value) -> String {
    match value {
        Value::Str(s) => literal(s),
        Value::Num(n) => n.clone(),
        Value::Name(name) => name.to_string(),
        Value::List(items) => {
            let items: Vec<String> = items.iter().map(value_sql).collect();
            format!("({})", items.join(", "))
        }
        Value::Options(options) => {
            let options: Vec<String> = options
                .iter()
                .map(|p| format!("{} = {}", p.key, value_sql(&p.value)))
                .collect();
            format!("({})", options.join(" "))
        }
    }
}

/// A column definition as ADD COLUMN takes it.
fn column_sql(c: &ColumnDefinition) -> String {
    let mut sql = format!("{} {}", c.name.to_sql(), c.data_type);
    if let Some(default) = &c.default {
        sql.push_str(&format!(" DEFAULT {default}"));
    }
    if !c.nullable {
        sql.push_str(" NOT NULL");
    }
    if let Some(comment) = &c.comment {
        sql.push_str(&format!(" COMMENT {}", literal(comment)));
    }
    sql
}
