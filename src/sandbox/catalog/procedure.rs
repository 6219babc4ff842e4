//! Stored procedures, the whole kind: the catalog entry, the grammar of CREATE PROCEDURE
//! (`name(args) RETURNS type LANGUAGE … [EXECUTE AS …] AS '…' | $$…$$`) and ALTER
//! PROCEDURE's own actions, and the SHOW PROCEDURES / DESCRIBE PROCEDURE rows. The body is
//! kept as text; a `MERGE` (or anything else) inside it is not parsed.
//!
//! Procedures are identified by name and argument types (overloads are separate objects),
//! so the kind sits in the registry's `overloaded` section: the parser reads the argument
//! types after the name, and the catalog finds an overload by its signature
//! (`catalog/kind.rs`, [`OverloadedKind`]).

use serde::{Deserialize, Serialize};

use super::kind::signature_type;
use super::rows::{Entry, ShowRows, columns, stamp, text};
use super::{Catalog, Meta, OverloadedKind, OverloadedObject, Schema, comment_property};
use crate::model::data_type::DataType;
use crate::model::identifier::Ident;
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::alter::{Change, set_or_unset};
use crate::sandbox::statement::properties::{at_property, property};
use crate::sandbox::statement::{Parser, Property};
use crate::sql::TokenKind;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Procedure {
    pub(crate) meta: Meta,
    pub arguments: Vec<(Ident, DataType)>,
    /// Per argument, its DEFAULT expression as written; an argument without one (or
    /// beyond this list, in state saved before defaults were kept) is required.
    #[serde(default)]
    pub(crate) defaults: Vec<Option<String>>,
    /// Canonical return type, or `TABLE (…)`.
    pub returns: String,
    pub language: String,
    pub execute_as: String,
    pub body: String,
}

/// What CREATE PROCEDURE defines after the name.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ProcedureDefinition {
    pub(crate) arguments: Vec<(Ident, DataType)>,
    /// Per argument, its `DEFAULT` expression as written (`None`: required).
    pub(crate) defaults: Vec<Option<String>>,
    /// The return type as Snowflake shows it: a canonical type or `TABLE (…)`.
    pub(crate) returns: String,
    pub(crate) language: String,
    pub(crate) execute_as: String,
    pub(crate) comment: Option<String>,
    pub(crate) body: String,
}

/// ALTER PROCEDURE's own actions
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-procedure): `SET COMMENT = '…'`,
/// `UNSET COMMENT`, `EXECUTE AS OWNER | CALLER | RESTRICTED CALLER`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ProcedureAlter {
    Set(Vec<Property>),
    UnsetComment,
    ExecuteAs(String),
}

impl Procedure {
    /// The languages CREATE PROCEDURE takes
    /// (https://docs.snowflake.com/en/sql-reference/sql/create-procedure).
    fn check_language(written: &str) -> Result<(), SqlError> {
        let language = written.to_uppercase();
        if !["SQL", "JAVASCRIPT", "PYTHON", "JAVA", "SCALA"].contains(&language.as_str()) {
            return Err(SqlError::invalid_value("LANGUAGE", written));
        }
        Ok(())
    }

    /// The procedure CREATE PROCEDURE defines (its language already checked).
    fn new(meta: Meta, definition: ProcedureDefinition) -> Procedure {
        Procedure {
            meta,
            arguments: definition.arguments,
            defaults: definition.defaults,
            returns: definition.returns,
            language: definition.language.to_uppercase(),
            execute_as: definition.execute_as,
            body: definition.body,
        }
    }

    /// Whether a CALL passing `count` arguments reaches this overload: every required
    /// argument and at most all of them (an argument with a DEFAULT may be left out).
    pub(crate) fn accepts_arguments(&self, count: usize) -> bool {
        let required = (0..self.arguments.len())
            .filter(|i| self.defaults.get(*i).is_none_or(Option::is_none))
            .count();
        (required..=self.arguments.len()).contains(&count)
    }

    /// ALTER PROCEDURE's SET: only COMMENT
    /// (https://docs.snowflake.com/en/sql-reference/sql/alter-procedure).
    fn set(&mut self, props: &[Property]) -> Result<(), SqlError> {
        for property in props {
            if !comment_property(&mut self.meta, property)? {
                return Err(SqlError::invalid_property(&property.key, "PROCEDURE"));
            }
        }
        Ok(())
    }

    /// ALTER PROCEDURE's UNSET takes only COMMENT; the keys are checked before the
    /// procedure is looked up.
    fn check_unset(keys: &[String]) -> Result<(), SqlError> {
        match keys.iter().find(|k| *k != "COMMENT") {
            Some(key) => Err(SqlError::invalid_property(key, "PROCEDURE")),
            None => Ok(()),
        }
    }
}

/// SHOW [USER] PROCEDURES: user procedures only (no built-ins), one row per overload,
/// `arguments` as `NAME(NUMBER, VARCHAR) RETURN VARCHAR`, optional arguments as
/// `BOOLEAN DEFAULT` and counted out of `min_num_arguments` (bundle 2024_01, bcr-1508:
/// https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_01/bcr-1508).
impl ShowRows for Procedure {
    const SHOW: &'static str = "SHOW PROCEDURES";
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
    ];

    fn overload(&self) -> Option<Vec<String>> {
        Some(self.types().iter().map(DataType::in_signature).collect())
    }

    fn in_schema(schema: &Schema) -> Vec<(&Ident, &Self)> {
        Procedure::map(schema)
            .iter()
            .flat_map(|(name, overloads)| overloads.iter().map(move |p| (name, p)))
            .collect()
    }

    fn row(_: &Catalog, entry: &Entry<'_, Self>) -> Vec<Option<String>> {
        let p = entry.object;
        let max = p.arguments.len().to_string();
        let min = (p.arguments.len() - p.optional_count()).to_string();
        vec![
            stamp(p.meta.created_on),
            text(entry.name.as_str()),
            text(entry.schema.as_str()),
            text("N"),
            text("N"),
            text("N"),
            text(min),
            text(max),
            text(p.arguments_text(entry.name)),
            text(
                p.meta
                    .comment
                    .clone()
                    .unwrap_or_else(|| "user-defined procedure".to_string()),
            ),
            text(entry.database.as_str()),
            text("N"),
            text("N"),
            text("N"),
            None,
            None,
        ]
    }
}

impl Procedure {
    /// DESCRIBE PROCEDURE: signature, return type, language, body and rights, by property.
    fn describe_rows(&self) -> QueryResult {
        let signature: Vec<String> = self
            .arguments
            .iter()
            .map(|(n, t)| format!("{} {}", n.as_str(), signature_type(t)))
            .collect();
        let property = |k: &str, v: String| vec![text(k), text(v)];
        QueryResult {
            columns: columns(&[("property", "text"), ("value", "text")]),
            rows: vec![
                property("signature", format!("({})", signature.join(", "))),
                property("returns", self.returns.clone()),
                property("language", self.language.clone()),
                property("null handling", "CALLED ON NULL INPUT".to_string()),
                property("volatility", "VOLATILE".to_string()),
                property("body", self.body.clone()),
                property("execute as", self.execute_as.clone()),
            ],
        }
    }

    /// SHOW PROCEDURES' `arguments`: `P(NUMBER, BOOLEAN DEFAULT) RETURN VARCHAR`. (The
    /// bundle note prints `VARCHAR , BOOLEAN DEFAULT`; the space before the comma is
    /// taken as typographic, every other signature Snowflake prints uses `, `.)
    pub(crate) fn arguments_text(&self, name: &Ident) -> String {
        let returns = match DataType::parse(&self.returns) {
            Ok(t) => signature_type(&t),
            Err(_) => self.returns.clone(),
        };
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
        format!("{}({}) RETURN {returns}", name.to_sql(), types.join(", "))
    }

    /// Whether argument `i` has a DEFAULT.
    fn is_optional(&self, i: usize) -> bool {
        self.defaults.get(i).is_some_and(Option::is_some)
    }

    fn optional_count(&self) -> usize {
        (0..self.arguments.len())
            .filter(|i| self.is_optional(*i))
            .count()
    }
}

impl OverloadedKind for Procedure {
    type Create = ProcedureDefinition;
    type Alter = ProcedureAlter;

    fn parse_create(p: &mut Parser<'_>) -> Result<ProcedureDefinition, SqlError> {
        procedure_definition(p)
    }

    fn parse_alter(p: &mut Parser<'_>) -> Result<ProcedureAlter, SqlError> {
        if p.eat_kws(&["EXECUTE", "AS"]) {
            let who = if p.eat_kws(&["RESTRICTED", "CALLER"]) {
                "RESTRICTED CALLER"
            } else if p.eat_kw("CALLER") {
                "CALLER"
            } else {
                p.expect_kw("OWNER")?;
                "OWNER"
            };
            return Ok(ProcedureAlter::ExecuteAs(who.to_string()));
        }
        match set_or_unset(p)? {
            Some(Change::Set(props)) => Ok(ProcedureAlter::Set(props)),
            // The keys are checked before the procedure is looked up.
            Some(Change::Unset(keys)) => {
                Procedure::check_unset(&keys)?;
                Ok(ProcedureAlter::UnsetComment)
            }
            None => Err(p.error()),
        }
    }

    fn create(
        definition: ProcedureDefinition,
        meta: &mut dyn FnMut(Option<String>) -> Meta,
    ) -> Result<Procedure, SqlError> {
        Procedure::check_language(&definition.language)?;
        let meta = meta(definition.comment.clone());
        Ok(Procedure::new(meta, definition))
    }

    fn alter(&mut self, action: ProcedureAlter) -> Result<(), SqlError> {
        match action {
            ProcedureAlter::Set(props) => self.set(&props),
            ProcedureAlter::UnsetComment => {
                self.meta.comment = None;
                Ok(())
            }
            ProcedureAlter::ExecuteAs(who) => {
                self.execute_as = who;
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

    fn created_types(body: &ProcedureDefinition) -> Vec<DataType> {
        body.arguments.iter().map(|(_, t)| *t).collect()
    }

    fn describe(&self) -> QueryResult {
        self.describe_rows()
    }
}

/// CREATE PROCEDURE after the name
/// (https://docs.snowflake.com/en/sql-reference/sql/create-procedure): the arguments
/// (with DEFAULTs), RETURNS, then the clauses in any order up to `AS` and the body.
fn procedure_definition(p: &mut Parser) -> Result<ProcedureDefinition, SqlError> {
    let (arguments, defaults) = argument_list(p)?;
    p.eat_kws(&["COPY", "GRANTS"]);
    p.expect_kw("RETURNS")?;
    let returns = if p.is_kw("TABLE") {
        let start = p.mark();
        p.advance();
        p.skip_parens()?;
        p.text_between(start, p.mark()).to_uppercase()
    } else {
        p.data_type()?.to_string()
    };
    p.eat_kws(&["NOT", "NULL"]);
    let mut definition = ProcedureDefinition {
        arguments,
        defaults,
        returns,
        language: "SQL".to_string(),
        execute_as: "OWNER".to_string(),
        comment: None,
        body: String::new(),
    };
    let mut staged_handler = false;
    loop {
        if p.eat_kw("LANGUAGE") {
            definition.language = p.ident()?.as_str().to_string();
        } else if p.eat_kws(&["EXECUTE", "AS"]) {
            definition.execute_as = if p.eat_kws(&["RESTRICTED", "CALLER"]) {
                "RESTRICTED CALLER".to_string()
            } else if p.eat_kw("CALLER") {
                "CALLER".to_string()
            } else {
                p.expect_kw("OWNER")?;
                "OWNER".to_string()
            };
        } else if p.eat_kws(&["CALLED", "ON", "NULL", "INPUT"])
            || p.eat_kws(&["RETURNS", "NULL", "ON", "NULL", "INPUT"])
            || p.eat_kw("STRICT")
            || p.eat_kw("VOLATILE")
            || p.eat_kw("IMMUTABLE")
        {
        } else if p.is_kw("COMMENT") && p.peek_at(1).is_some_and(|t| t.is_symbol("=")) {
            let prop = property(p)?;
            definition.comment = prop.value.text();
        } else if at_property(p) {
            // RUNTIME_VERSION, HANDLER, PACKAGES …: accepted, not modelled.
            staged_handler |= property(p)?.key == "HANDLER";
        } else if p.eat_kw("AS") {
            match p.peek() {
                Some(t) if t.kind == TokenKind::String => {
                    definition.body = p.string()?;
                    return Ok(definition);
                }
                // A Snowflake Scripting body written without quotes: `AS [ DECLARE … ]
                // BEGIN … END`, as the docs write it for clients that do not split on `;`
                // (https://docs.snowflake.com/en/developer-guide/snowflake-scripting/running-examples).
                Some(t)
                    if definition.language.eq_ignore_ascii_case("SQL")
                        && (t.is_keyword("BEGIN") || t.is_keyword("DECLARE")) =>
                {
                    definition.body = p.rest().trim().to_string();
                    return Ok(definition);
                }
                _ => return Err(p.error()),
            }
        } else if p.at_end() && staged_handler && !definition.language.eq_ignore_ascii_case("SQL") {
            // A handler in a staged file (IMPORTS … HANDLER = '…') has no AS clause
            // (https://docs.snowflake.com/en/sql-reference/sql/create-procedure: "[ AS
            // '<procedure_definition>' ]" for Java, Python and Scala).
            return Ok(definition);
        } else {
            return Err(p.error());
        }
    }
}

/// Named, typed arguments, in order.
pub(crate) type Arguments = Vec<(Ident, DataType)>;

/// `( name type [ DEFAULT expr ], … )`: the argument list CREATE PROCEDURE and CREATE
/// FUNCTION share (https://docs.snowflake.com/en/sql-reference/sql/create-procedure,
/// https://docs.snowflake.com/en/sql-reference/sql/create-function), each argument with
/// its DEFAULT expression as written.
pub(crate) fn argument_list(p: &mut Parser) -> Result<(Arguments, Vec<Option<String>>), SqlError> {
    p.expect_sym("(")?;
    let mut arguments = Vec::new();
    let mut defaults = Vec::new();
    while !p.is_sym(")") {
        let name = p.ident()?;
        let data_type = p.data_type()?;
        let default = if p.eat_kw("DEFAULT") {
            let start = p.mark();
            let mut depth = 0usize;
            while !((depth == 0 && (p.is_sym(",") || p.is_sym(")"))) || p.at_end()) {
                if p.is_sym("(") {
                    depth += 1;
                } else if p.is_sym(")") {
                    depth = depth.saturating_sub(1);
                }
                p.advance();
            }
            if p.mark() == start {
                return Err(p.error());
            }
            Some(p.text_between(start, p.mark()).trim().to_string())
        } else {
            None
        };
        arguments.push((name, data_type));
        defaults.push(default);
        if !p.eat_sym(",") && !p.is_sym(")") {
            return Err(p.error());
        }
    }
    p.expect_sym(")")?;
    Ok((arguments, defaults))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::statement::parser::read_all;

    #[test]
    fn reads_signature_and_keeps_body() {
        let sql = "(since timestamp_ntz, n int) returns string not null language sql \
                   comment = 'merge' execute as caller as $$ begin merge into t using s on t.id = s.id \
                   when matched then update set t.a = s.a; return 'ok'; end $$";
        let mut p = Parser::new(sql).unwrap();
        let d = procedure_definition(&mut p).unwrap();
        assert!(p.at_end());
        assert_eq!(d.arguments.len(), 2);
        assert_eq!(d.arguments[1].1.to_string(), "NUMBER(38,0)");
        assert_eq!(d.returns, "VARCHAR(16777216)");
        assert_eq!(d.execute_as, "CALLER");
        assert_eq!(d.comment.as_deref(), Some("merge"));
        assert!(d.body.contains("merge into t using s"));
    }

    #[test]
    fn alter_reads_rights_and_the_comment() {
        let alter = |sql: &str| read_all(sql, Procedure::parse_alter);
        assert_eq!(
            alter("execute as caller").unwrap(),
            ProcedureAlter::ExecuteAs("CALLER".into())
        );
        assert_eq!(
            alter("execute as restricted caller").unwrap(),
            ProcedureAlter::ExecuteAs("RESTRICTED CALLER".into())
        );
        assert_eq!(
            alter("unset comment").unwrap(),
            ProcedureAlter::UnsetComment
        );
        assert_eq!(alter("unset secure").unwrap_err().code, "001008");
        assert_eq!(alter("execute as nobody").unwrap_err().code, "001003");
    }

    #[test]
    fn body_is_a_string_or_an_unquoted_scripting_block() {
        let mut p = Parser::new("() returns int language sql as begin return 1; end").unwrap();
        assert_eq!(
            procedure_definition(&mut p).unwrap().body,
            "begin return 1; end"
        );
        // Only a Snowflake Scripting block goes unquoted, and only in a SQL procedure.
        for bad in [
            "() returns int language sql as select 1",
            "() returns int language javascript as begin return 1; end",
        ] {
            let mut p = Parser::new(bad).unwrap();
            assert!(procedure_definition(&mut p).is_err(), "{bad}");
        }
    }
}
