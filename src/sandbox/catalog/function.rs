//! User-defined functions (UDFs), the whole kind: the catalog entry, the grammar of CREATE
//! FUNCTION and ALTER FUNCTION's own actions, the SHOW [USER] FUNCTIONS / DESCRIBE
//! FUNCTION rows, and what a query calling one binds to.
//!
//! The rules (https://docs.snowflake.com/en/sql-reference/sql/create-function):
//! * `CREATE [ OR REPLACE ] [ SECURE ] FUNCTION [ IF NOT EXISTS ] name ( [ arg type
//!   [ DEFAULT expr ] ] , … ) [ COPY GRANTS ] RETURNS { type | TABLE ( col type , … ) }
//!   [ [ NOT ] NULL ] [ LANGUAGE … ] [ CALLED ON NULL INPUT | RETURNS NULL ON NULL INPUT |
//!   STRICT ] [ VOLATILE | IMMUTABLE ] [ COMMENT = '…' ] [ MEMOIZABLE ] [ handler
//!   properties ] [ AS '<definition>' ]`; LANGUAGE defaults to SQL.
//! * Functions are identified by name and argument types (overloads are separate objects),
//!   so the kind sits in the registry's `overloaded` section, like procedures.
//! * A SQL body (an expression or a query:
//!   https://docs.snowflake.com/en/developer-guide/udf/sql/udf-sql-introduction) is
//!   compiled at CREATE against the catalog, in the function's schema, with the arguments
//!   in scope by name, as a view's query is: a missing object is 002003, a missing column
//!   000904. Other languages' bodies are kept as text.
//! * Each language's required clauses, per the CREATE FUNCTION page: SQL and JavaScript
//!   need the `AS` definition; Python and Scala need RUNTIME_VERSION and HANDLER; Java
//!   needs HANDLER (Java and Python may leave out `AS` when the handler is staged through
//!   IMPORTS). The page gives no error text for a missing clause: the sandbox answers
//!   its missing-option error (`SqlError::missing_property`).
//! * ALTER FUNCTION (https://docs.snowflake.com/en/sql-reference/sql/alter-function):
//!   RENAME TO (the engine's), `SET SECURE` / `UNSET SECURE`, `SET COMMENT = '…'` /
//!   `UNSET COMMENT`.
//! * SHOW [USER] FUNCTIONS (https://docs.snowflake.com/en/sql-reference/sql/show-user-functions)
//!   lists the user's functions, one row per overload; the sandbox's SHOW FUNCTIONS lists
//!   the same rows and leaves out Snowflake's built-ins (their rows are not modelled).
//! * A data metric function is also a FUNCTION to ALTER / DROP / DESCRIBE; its signature
//!   is `(TABLE(…))`, which tells the two apart (`statement::object_kind`).

use serde::{Deserialize, Serialize};

use super::kind::signature_type;
use super::procedure::argument_list;
use super::rows::{Entry, ShowRows, columns, flag, stamp, text};
use super::view::{CatalogRelations, bind_error, resolve_in};
use super::{Catalog, Meta, OverloadedKind, OverloadedObject, Schema, comment_property};
use crate::model::data_type::DataType;
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::alter::{Change, set_or_unset};
use crate::sandbox::statement::properties::{at_property, property};
use crate::sandbox::statement::references::referenced_names_of;
use crate::sandbox::statement::{Parser, Property};
use crate::sql::TokenKind;
use crate::sql::bind::{BoundColumn, ColumnType};

/// What a function returns: one value, or rows of the listed columns (a UDTF).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) enum Returns {
    Scalar(DataType),
    Table(Vec<(Ident, DataType)>),
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Function {
    pub(crate) meta: Meta,
    pub(crate) secure: bool,
    pub(crate) arguments: Vec<(Ident, DataType)>,
    /// Per argument, its DEFAULT expression as written; `None`: required.
    pub(crate) defaults: Vec<Option<String>>,
    pub(crate) returns: Returns,
    /// Upper case: SQL, JAVASCRIPT, PYTHON, JAVA, SCALA.
    pub(crate) language: String,
    pub(crate) memoizable: bool,
    /// The `AS` definition, empty for a staged handler.
    pub(crate) body: String,
    /// The handler clauses as written (RUNTIME_VERSION, HANDLER, PACKAGES …), by key.
    pub(crate) handler: Vec<(String, String)>,
}

/// What CREATE FUNCTION defines after the name.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FunctionDefinition {
    secure: bool,
    arguments: Vec<(Ident, DataType)>,
    defaults: Vec<Option<String>>,
    returns: Returns,
    language: String,
    memoizable: bool,
    comment: Option<String>,
    body: Option<String>,
    handler: Vec<(String, String)>,
}

/// ALTER FUNCTION's own actions (https://docs.snowflake.com/en/sql-reference/sql/alter-function).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum FunctionAlter {
    Secure(bool),
    Set(Vec<Property>),
    UnsetComment,
}

/// Whether the statement's header says SECURE: the words before FUNCTION (the parser
/// hands the module only what follows the name).
fn header_is_secure(p: &Parser<'_>) -> bool {
    p.tokens()
        .iter()
        .take_while(|t| !t.is_keyword("FUNCTION"))
        .any(|t| t.is_keyword("SECURE"))
}

impl FunctionDefinition {
    /// For CREATE OR ALTER FUNCTION on the existing overload `function`
    /// (`engine/create_or_alter.rs`): the parts no ALTER FUNCTION changes, each with
    /// whether the definition changes it.
    pub(crate) fn fixed_changes(&self, function: &Function) -> [(&'static str, bool); 5] {
        let body = self.body.as_deref().unwrap_or_default();
        [
            ("return type", self.returns != function.returns),
            ("language", self.language != function.language),
            ("MEMOIZABLE", self.memoizable != function.memoizable),
            ("body", body.trim() != function.body.trim()),
            ("handler", self.handler != function.handler),
        ]
    }

    /// The arguments (names and types) and their DEFAULTs as written.
    pub(crate) fn signature(&self) -> (&[(Ident, DataType)], &[Option<String>]) {
        (&self.arguments, &self.defaults)
    }

    /// SECURE, and the COMMENT if written.
    pub(crate) fn secure_and_comment(&self) -> (bool, Option<&String>) {
        (self.secure, self.comment.as_ref())
    }

    /// The handler clause `key`, as written.
    fn handler(&self, key: &str) -> Option<&str> {
        self.handler
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Each language's required clauses
    /// (https://docs.snowflake.com/en/sql-reference/sql/create-function: "Required" for
    /// SQL's and JavaScript's definition, Python's and Scala's RUNTIME_VERSION and
    /// HANDLER, Java's HANDLER; an in-line Java or Python handler is the definition, a
    /// staged one comes through IMPORTS). The page is silent on the error text.
    fn check_language(&self) -> Result<(), SqlError> {
        let needs: &[&str] = match self.language.as_str() {
            "SQL" | "JAVASCRIPT" => &[],
            "PYTHON" | "SCALA" => &["RUNTIME_VERSION", "HANDLER"],
            "JAVA" => &["HANDLER"],
            other => return Err(SqlError::invalid_value("LANGUAGE", other)),
        };
        if let Some(missing) = needs.iter().find(|k| self.handler(k).is_none()) {
            return Err(SqlError::missing_property(missing, "FUNCTION"));
        }
        let staged = self.handler("IMPORTS").is_some()
            && matches!(self.language.as_str(), "JAVA" | "PYTHON" | "SCALA");
        if self.body.is_none() && !staged {
            return Err(SqlError::missing_property("AS", "FUNCTION"));
        }
        // MEMOIZABLE is documented for SQL and Python scalar functions only
        // (https://docs.snowflake.com/en/developer-guide/udf/python/udf-python-designing#memoizable-udfs);
        // the page gives no error text for other languages, so the clause is refused as
        // an invalid value of MEMOIZABLE's language.
        if self.memoizable && !matches!(self.language.as_str(), "SQL" | "PYTHON") {
            return Err(SqlError::invalid_value("MEMOIZABLE", &self.language));
        }
        Ok(())
    }
}

impl Function {
    /// ALTER FUNCTION's SET: only COMMENT (SECURE is its own action).
    fn set(&mut self, props: &[Property]) -> Result<(), SqlError> {
        for property in props {
            if !comment_property(&mut self.meta, property)? {
                return Err(SqlError::invalid_property(&property.key, "FUNCTION"));
            }
        }
        Ok(())
    }

    /// Whether argument `i` has a DEFAULT.
    fn is_optional(&self, i: usize) -> bool {
        self.defaults.get(i).is_some_and(Option::is_some)
    }

    /// The fewest arguments a call may pass: the trailing DEFAULTs may be left out.
    fn min_arguments(&self) -> usize {
        self.arguments.len()
            - (0..self.arguments.len())
                .filter(|i| self.is_optional(*i))
                .count()
    }

    /// Whether a call with `count` arguments reaches this overload.
    pub(crate) fn takes(&self, count: usize) -> bool {
        (self.min_arguments()..=self.arguments.len()).contains(&count)
    }

    /// The return type as SHOW and DESCRIBE print it: `NUMBER(38,0)`, `TABLE (A NUMBER)`.
    fn returns_text(&self, signature: bool) -> String {
        let show = |t: &DataType| {
            if signature {
                signature_type(t)
            } else {
                t.to_string()
            }
        };
        match &self.returns {
            Returns::Scalar(t) => show(t),
            Returns::Table(columns) => {
                let columns: Vec<String> = columns
                    .iter()
                    .map(|(n, t)| format!("{} {}", n.to_sql(), show(t)))
                    .collect();
                format!("TABLE ({})", columns.join(", "))
            }
        }
    }

    /// SHOW FUNCTIONS' `arguments`: `F(NUMBER, VARCHAR DEFAULT) RETURN NUMBER`, as
    /// procedures print it.
    fn arguments_text(&self, name: &Ident) -> String {
        let types: Vec<String> = self
            .arguments
            .iter()
            .enumerate()
            .map(|(i, (_, t))| {
                let listed = signature_type(t);
                if self.is_optional(i) {
                    format!("{listed} DEFAULT")
                } else {
                    listed
                }
            })
            .collect();
        format!(
            "{}({}) RETURN {}",
            name.to_sql(),
            types.join(", "),
            self.returns_text(true)
        )
    }

    /// A SQL body compiled against the catalog in the function's schema, with the
    /// arguments in scope (see the module comment); positions in errors are the body's.
    fn check_body(&self, catalog: &Catalog, name: &ObjectName) -> Result<(), SqlError> {
        if self.language != "SQL" {
            return Ok(());
        }
        let schema = name.schema_name();
        let references: Vec<ObjectName> = referenced_names_of(&self.body)
            .iter()
            .map(|raw| resolve_in(raw, &schema))
            .collect();
        catalog.query_sources(&references, None)?;
        let relations = CatalogRelations {
            catalog,
            database: Some(schema.database.clone()),
            schema: Some(schema.schema.clone()),
        };
        crate::sql::bind::bind_function_body(&self.body, &relations, &self.arguments)
            .map(|_| ())
            .map_err(|e| bind_error(&e, &self.body, 0))
    }
}

/// SHOW [USER] FUNCTIONS (https://docs.snowflake.com/en/sql-reference/sql/show-user-functions):
/// one row per overload; `min_num_arguments` leaves out the arguments with a DEFAULT, as
/// procedures count them.
impl ShowRows for Function {
    const SHOW: &'static str = "SHOW FUNCTIONS";
    const COLUMNS: &'static [(&'static str, &'static str)] = &[
        ("created_on", "timestamp_ltz"),
        ("name", "text"),
        ("schema_name", "text"),
        ("is_builtin", "text"),
        ("is_aggregate", "text"),
        ("is_ansi", "text"),
        ("min_num_arguments", "fixed"),
        ("max_num_arguments", "fixed"),
        ("arguments", "text"),
        ("description", "text"),
        ("catalog_name", "text"),
        ("is_table_function", "text"),
        ("valid_for_clustering", "text"),
        ("is_secure", "text"),
        ("secrets", "text"),
        ("external_access_integrations", "text"),
        ("is_external_function", "text"),
        ("language", "text"),
        ("is_memoizable", "text"),
        ("is_data_metric", "text"),
    ];

    fn overload(&self) -> Option<Vec<String>> {
        Some(self.types().iter().map(DataType::in_signature).collect())
    }

    fn in_schema(schema: &Schema) -> Vec<(&Ident, &Self)> {
        Function::map(schema)
            .iter()
            .flat_map(|(name, overloads)| overloads.iter().map(move |f| (name, f)))
            .collect()
    }

    fn row(_: &Catalog, entry: &Entry<'_, Self>) -> Vec<Option<String>> {
        let f = entry.object;
        let yes_no = |b: bool| flag(b, "Y", "N");
        vec![
            stamp(f.meta.created_on),
            text(entry.name.as_str()),
            text(entry.schema.as_str()),
            yes_no(false),
            yes_no(false),
            yes_no(false),
            text(f.min_arguments().to_string()),
            text(f.arguments.len().to_string()),
            text(f.arguments_text(entry.name)),
            text(
                f.meta
                    .comment
                    .clone()
                    .unwrap_or_else(|| "user-defined function".to_string()),
            ),
            text(entry.database.as_str()),
            yes_no(matches!(f.returns, Returns::Table(_))),
            yes_no(false),
            yes_no(f.secure),
            None,
            None,
            yes_no(false),
            text(f.language.clone()),
            yes_no(f.memoizable),
            yes_no(false),
        ]
    }
}

impl OverloadedKind for Function {
    type Create = FunctionDefinition;
    type Alter = FunctionAlter;

    fn parse_create(p: &mut Parser<'_>) -> Result<FunctionDefinition, SqlError> {
        function_definition(p)
    }

    fn parse_alter(p: &mut Parser<'_>) -> Result<FunctionAlter, SqlError> {
        if p.eat_kws(&["SET", "SECURE"]) {
            return Ok(FunctionAlter::Secure(true));
        }
        if p.eat_kws(&["UNSET", "SECURE"]) {
            return Ok(FunctionAlter::Secure(false));
        }
        match set_or_unset(p)? {
            Some(Change::Set(props)) => Ok(FunctionAlter::Set(props)),
            Some(Change::Unset(keys)) => match keys.iter().find(|k| *k != "COMMENT") {
                Some(key) => Err(SqlError::invalid_property(key, "FUNCTION")),
                None => Ok(FunctionAlter::UnsetComment),
            },
            None => Err(p.error()),
        }
    }

    fn create(
        definition: FunctionDefinition,
        meta: &mut dyn FnMut(Option<String>) -> Meta,
    ) -> Result<Function, SqlError> {
        definition.check_language()?;
        let meta = meta(definition.comment.clone());
        Ok(Function {
            meta,
            secure: definition.secure,
            arguments: definition.arguments,
            defaults: definition.defaults,
            returns: definition.returns,
            language: definition.language,
            memoizable: definition.memoizable,
            body: definition.body.unwrap_or_default(),
            handler: definition.handler,
        })
    }

    fn check(&self, catalog: &Catalog, name: &ObjectName) -> Result<(), SqlError> {
        self.check_body(catalog, name)
    }

    fn alter(&mut self, action: FunctionAlter) -> Result<(), SqlError> {
        match action {
            FunctionAlter::Secure(secure) => {
                self.secure = secure;
                Ok(())
            }
            FunctionAlter::Set(props) => self.set(&props),
            FunctionAlter::UnsetComment => {
                self.meta.comment = None;
                Ok(())
            }
        }
    }

    fn set_comment(&mut self, properties: &[Property]) -> Result<(), SqlError> {
        self.set(properties)
    }

    fn types(&self) -> Vec<DataType> {
        self.arguments.iter().map(|(_, t)| *t).collect()
    }

    fn created_types(body: &FunctionDefinition) -> Vec<DataType> {
        body.arguments.iter().map(|(_, t)| *t).collect()
    }

    /// DESCRIBE FUNCTION (https://docs.snowflake.com/en/sql-reference/sql/desc-function):
    /// `property` / `value` rows: signature, returns, language, null handling,
    /// volatility, body, and the handler clauses given.
    fn describe(&self) -> QueryResult {
        let signature: Vec<String> = self
            .arguments
            .iter()
            .map(|(n, t)| format!("{} {}", n.as_str(), signature_type(t)))
            .collect();
        let property = |k: &str, v: String| vec![text(k), text(v)];
        let mut rows = vec![
            property("signature", format!("({})", signature.join(", "))),
            property("returns", self.returns_text(false)),
            property("language", self.language.clone()),
            property("null handling", "CALLED ON NULL INPUT".to_string()),
            property("volatility", "VOLATILE".to_string()),
            property("body", self.body.clone()),
        ];
        rows.extend(
            self.handler
                .iter()
                .map(|(k, v)| property(&k.to_lowercase(), v.clone())),
        );
        rows.push(vec![text("secure"), flag(self.secure, "true", "false")]);
        QueryResult {
            columns: columns(&[("property", "text"), ("value", "text")]),
            rows,
        }
    }
}

/// The return type of a call to `parts` with `count` arguments, when a function of the
/// catalog takes it: a scalar function's type; `None` for a UDTF or a name the catalog
/// does not hold (a built-in, or an unknown name the engine refuses with 002140).
pub(crate) fn call_type(
    relations: &CatalogRelations<'_>,
    parts: &[Ident],
    count: usize,
) -> Option<ColumnType> {
    match &overload(relations, parts, count)?.returns {
        Returns::Scalar(t) => Some(ColumnType::Known(*t)),
        Returns::Table(_) => None,
    }
}

/// The columns a UDTF call to `parts` with `count` arguments answers (`TABLE(f(…))`).
pub(crate) fn table_columns(
    relations: &CatalogRelations<'_>,
    parts: &[Ident],
    count: usize,
) -> Option<Vec<BoundColumn>> {
    match &overload(relations, parts, count)?.returns {
        Returns::Table(columns) => Some(
            columns
                .iter()
                .map(|(name, t)| BoundColumn {
                    name: name.clone(),
                    data_type: ColumnType::Known(*t),
                    nullable: true,
                })
                .collect(),
        ),
        Returns::Scalar(_) => None,
    }
}

/// The function a called name (one to three parts) names: a name's missing parts are the
/// relations' database and schema. Snowflake also looks an unqualified name up along the
/// session's SEARCH_PATH (https://docs.snowflake.com/en/sql-reference/name-resolution);
/// the sandbox looks in the current schema only.
fn named(relations: &CatalogRelations<'_>, parts: &[Ident]) -> Option<ObjectName> {
    let (database, schema, name) = match parts {
        [d, s, n] => (d.clone(), s.clone(), n.clone()),
        [s, n] => (relations.database.clone()?, s.clone(), n.clone()),
        [n] => (
            relations.database.clone()?,
            relations.schema.clone()?,
            n.clone(),
        ),
        _ => return None,
    };
    Some(ObjectName {
        database,
        schema,
        name,
    })
}

/// The overload of `parts` a call with `count` arguments reaches. Overloads with the
/// same count are told apart by the arguments' types in Snowflake; the binder does not
/// know every argument's type, so the first one is taken.
fn overload<'c>(
    relations: &CatalogRelations<'c>,
    parts: &[Ident],
    count: usize,
) -> Option<&'c Function> {
    let name = named(relations, parts)?;
    let schema = relations.catalog.schema(&name.schema_name()).ok()?;
    Function::map(schema)
        .get(&name.name)?
        .iter()
        .find(|f| f.takes(count))
}

/// Whether a called name is one of the catalog's functions (whatever its arguments: the
/// engine's 002140 is about the name).
pub(crate) fn exists(relations: &CatalogRelations<'_>, parts: &[Ident]) -> bool {
    named(relations, parts).is_some_and(|name| {
        relations
            .catalog
            .schema(&name.schema_name())
            .is_ok_and(|schema| Function::map(schema).contains_key(&name.name))
    })
}

/// CREATE FUNCTION after the name: the arguments, RETURNS, then the clauses in any order
/// up to `AS` and the definition (or the end, for a staged handler).
fn function_definition(p: &mut Parser) -> Result<FunctionDefinition, SqlError> {
    let secure = header_is_secure(p);
    let (arguments, defaults) = argument_list(p)?;
    p.eat_kws(&["COPY", "GRANTS"]);
    p.expect_kw("RETURNS")?;
    let returns = if p.eat_kw("TABLE") {
        p.expect_sym("(")?;
        let mut columns = Vec::new();
        while !p.is_sym(")") {
            let name = p.ident()?;
            columns.push((name, p.data_type()?));
            if !p.eat_sym(",") && !p.is_sym(")") {
                return Err(p.error());
            }
        }
        p.expect_sym(")")?;
        Returns::Table(columns)
    } else {
        Returns::Scalar(p.data_type()?)
    };
    if !p.eat_kws(&["NOT", "NULL"]) {
        p.eat_kw("NULL");
    }
    let mut definition = FunctionDefinition {
        secure,
        arguments,
        defaults,
        returns,
        language: "SQL".to_string(),
        memoizable: false,
        comment: None,
        body: None,
        handler: Vec::new(),
    };
    while !p.at_end() {
        if p.eat_kw("LANGUAGE") {
            definition.language = p.ident()?.as_str().to_uppercase();
        } else if p.eat_kws(&["CALLED", "ON", "NULL", "INPUT"])
            || p.eat_kws(&["RETURNS", "NULL", "ON", "NULL", "INPUT"])
            || p.eat_kw("STRICT")
            || p.eat_kw("VOLATILE")
            || p.eat_kw("IMMUTABLE")
        {
        } else if p.eat_kw("MEMOIZABLE") {
            definition.memoizable = true;
        } else if p.is_kw("COMMENT") && p.peek_at(1).is_some_and(|t| t.is_symbol("=")) {
            definition.comment = property(p)?.value.text();
        } else if at_property(p) {
            // RUNTIME_VERSION, HANDLER, PACKAGES, IMPORTS, TARGET_PATH …: kept as written.
            let start = p.mark();
            let key = property(p)?.key;
            let written = p.text_between(start, p.mark());
            let value = written
                .split_once('=')
                .map_or(written, |(_, v)| v)
                .trim()
                .to_string();
            definition.handler.push((key, value));
        } else if p.eat_kw("AS") {
            match p.peek() {
                Some(t) if t.kind == TokenKind::String => {
                    definition.body = Some(p.string()?);
                    break;
                }
                _ => return Err(p.error()),
            }
        } else {
            return Err(p.error());
        }
    }
    Ok(definition)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::statement::parser::read_all;

    #[test]
    fn reads_scalar_and_table_functions() {
        let d = read_all(
            "(r float, n int default 2) returns float not null comment = 'area' \
             as 'pi() * r * r'",
            function_definition,
        )
        .unwrap();
        assert_eq!(d.returns, Returns::Scalar(DataType::Float));
        assert_eq!(d.language, "SQL");
        assert_eq!(d.defaults[1].as_deref(), Some("2"));
        assert_eq!(d.comment.as_deref(), Some("area"));
        assert_eq!(d.body.as_deref(), Some("pi() * r * r"));
        let d = read_all(
            "() returns table (id number, name varchar) as $$ select 1, 'a' $$",
            function_definition,
        )
        .unwrap();
        let Returns::Table(columns) = &d.returns else {
            panic!("{:?}", d.returns);
        };
        assert_eq!(columns[1].0.as_str(), "NAME");
    }

    #[test]
    fn handler_clauses_are_kept_and_required_ones_checked() {
        let d = read_all(
            "(x int) returns int language python runtime_version = '3.10' \
             handler = 'addone' as $$\ndef addone(x):\n  return x + 1\n$$",
            function_definition,
        )
        .unwrap();
        assert!(d.check_language().is_ok());
        assert_eq!(d.handler("HANDLER"), Some("'addone'"));
        let d = read_all(
            "(x int) returns int language python handler = 'f' as 'def f(x): return x'",
            function_definition,
        )
        .unwrap();
        let e = d.check_language().unwrap_err();
        assert_eq!(e.code, "002031");
        assert!(e.message.contains("[RUNTIME_VERSION]"), "{}", e.message);
        let d = read_all(
            "(x int) returns int language java handler = 'A.f' imports = ('@s/a.jar')",
            function_definition,
        )
        .unwrap();
        assert!(d.check_language().is_ok());
        let d = read_all("(x int) returns int", function_definition).unwrap();
        assert!(d.check_language().unwrap_err().message.contains("[AS]"));
        let d = read_all(
            "(x int) returns int language cobol as 'x'",
            function_definition,
        )
        .unwrap();
        assert_eq!(d.check_language().unwrap_err().code, "002029");
    }

    #[test]
    fn alter_reads_secure_and_the_comment() {
        let alter = |sql: &str| read_all(sql, Function::parse_alter);
        assert_eq!(alter("set secure").unwrap(), FunctionAlter::Secure(true));
        assert_eq!(alter("unset secure").unwrap(), FunctionAlter::Secure(false));
        assert_eq!(alter("unset comment").unwrap(), FunctionAlter::UnsetComment);
        assert_eq!(alter("unset handler").unwrap_err().code, "001008");
    }
}
