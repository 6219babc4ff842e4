//! Stored procedures, identified by name and argument types (overloads are separate
//! objects). The body is kept as text.

use serde::{Deserialize, Serialize};

use super::rows::{Entry, ShowRows, columns, stamp, text};
use super::{Catalog, Created, Meta, Schema, comment_property};
use crate::model::data_type::DataType;
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::{ProcedureDefinition, Property};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Procedure {
    pub meta: Meta,
    pub arguments: Vec<(Ident, DataType)>,
    /// Per argument, its DEFAULT expression as written; an argument without one (or
    /// beyond this list, in state saved before defaults were kept) is required.
    #[serde(default)]
    pub defaults: Vec<Option<String>>,
    /// Canonical return type, or `TABLE (…)`.
    pub returns: String,
    pub language: String,
    pub execute_as: String,
    pub body: String,
}

impl Procedure {
    /// The languages CREATE PROCEDURE takes
    /// (https://docs.snowflake.com/en/sql-reference/sql/create-procedure).
    pub(crate) fn check_language(written: &str) -> Result<(), SqlError> {
        let language = written.to_uppercase();
        if !["SQL", "JAVASCRIPT", "PYTHON", "JAVA", "SCALA"].contains(&language.as_str()) {
            return Err(SqlError::invalid_value("LANGUAGE", written));
        }
        Ok(())
    }

    /// The procedure CREATE PROCEDURE defines (its language already checked).
    pub(crate) fn new(meta: Meta, definition: ProcedureDefinition) -> Procedure {
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

    /// ALTER PROCEDURE's SET: only COMMENT
    /// (https://docs.snowflake.com/en/sql-reference/sql/alter-procedure).
    pub(crate) fn set(&mut self, props: &[Property]) -> Result<(), SqlError> {
        for property in props {
            if !comment_property(&mut self.meta, property)? {
                return Err(SqlError::invalid_property(&property.key, "PROCEDURE"));
            }
        }
        Ok(())
    }

    /// ALTER PROCEDURE's UNSET takes only COMMENT; the keys are checked before the
    /// procedure is looked up.
    pub(crate) fn check_unset(keys: &[String]) -> Result<(), SqlError> {
        match keys.iter().find(|k| *k != "COMMENT") {
            Some(key) => Err(SqlError::invalid_property(key, "PROCEDURE")),
            None => Ok(()),
        }
    }
}

/// The type name SHOW PROCEDURES prints in signatures: the type without its parameters
/// (`NUMBER`, `VARCHAR`, `TIMESTAMP_NTZ`).
pub fn signature_type(data_type: &DataType) -> String {
    let text = data_type.to_string();
    match text.find('(') {
        Some(i) if !text.starts_with("VECTOR") => text[..i].to_string(),
        _ => text,
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

    fn in_schema(schema: &Schema) -> Vec<(&Ident, &Self)> {
        schema
            .procedures
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
    pub fn describe(&self) -> QueryResult {
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
    pub fn arguments_text(&self, name: &Ident) -> String {
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

    pub fn types(&self) -> Vec<DataType> {
        self.arguments.iter().map(|(_, t)| *t).collect()
    }

    /// `NAME(NUMBER, VARCHAR)`: how Snowflake names one overload.
    pub fn signature(&self, name: &Ident) -> String {
        let types: Vec<String> = self
            .arguments
            .iter()
            .map(|(_, t)| signature_type(t))
            .collect();
        format!("{}({})", name.to_sql(), types.join(", "))
    }
}

/// Signatures match when the argument types match after dropping their parameters, as
/// Snowflake resolves overloads by type family (`VARCHAR(10)` and `STRING` are one).
fn same_signature(a: &[DataType], b: &[DataType]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| signature_type(x) == signature_type(y))
}

fn missing(name: &ObjectName, types: &[DataType]) -> SqlError {
    let types: Vec<String> = types.iter().map(signature_type).collect();
    SqlError::does_not_exist("Procedure", &format!("{name}({})", types.join(", ")))
}

impl Catalog {
    pub fn insert_procedure(
        &mut self,
        name: &ObjectName,
        procedure: Procedure,
        or_replace: bool,
        if_not_exists: bool,
    ) -> Result<Created<Procedure>, SqlError> {
        let types = procedure.types();
        let schema = self.writable_schema(&name.schema_name())?;
        let overloads = schema.procedures.entry(name.name.clone()).or_default();
        match overloads
            .iter()
            .position(|p| same_signature(&p.types(), &types))
        {
            Some(_) if if_not_exists => Ok(Created::Kept),
            Some(_) if !or_replace => {
                Err(SqlError::already_exists(&procedure.signature(&name.name)))
            }
            Some(i) => Ok(Created::Replaced(std::mem::replace(
                &mut overloads[i],
                procedure,
            ))),
            None => {
                overloads.push(procedure);
                Ok(Created::New)
            }
        }
    }

    pub fn procedure(&self, name: &ObjectName, types: &[DataType]) -> Result<&Procedure, SqlError> {
        self.schema(&name.schema_name())?
            .procedures
            .get(&name.name)
            .and_then(|o| o.iter().find(|p| same_signature(&p.types(), types)))
            .ok_or_else(|| missing(name, types))
    }

    pub fn procedure_mut(
        &mut self,
        name: &ObjectName,
        types: &[DataType],
    ) -> Result<&mut Procedure, SqlError> {
        let schema = self.schema_mut(&name.schema_name())?;
        schema
            .procedures
            .get_mut(&name.name)
            .and_then(|o| o.iter_mut().find(|p| same_signature(&p.types(), types)))
            .ok_or_else(|| missing(name, types))
    }

    pub fn drop_procedure(
        &mut self,
        name: &ObjectName,
        types: &[DataType],
        if_exists: bool,
    ) -> Result<bool, SqlError> {
        let schema = match self.schema_mut(&name.schema_name()) {
            Ok(schema) => schema,
            Err(_) if if_exists => return Ok(false),
            Err(e) => return Err(e),
        };
        let Some(overloads) = schema.procedures.get_mut(&name.name) else {
            return if if_exists {
                Ok(false)
            } else {
                Err(missing(name, types))
            };
        };
        let Some(i) = overloads
            .iter()
            .position(|p| same_signature(&p.types(), types))
        else {
            return if if_exists {
                Ok(false)
            } else {
                Err(missing(name, types))
            };
        };
        overloads.remove(i);
        if overloads.is_empty() {
            schema.procedures.remove(&name.name);
        }
        Ok(true)
    }

    pub fn rename_procedure(
        &mut self,
        from: &ObjectName,
        types: &[DataType],
        to: &ObjectName,
    ) -> Result<(), SqlError> {
        let procedure = self.procedure(from, types)?.clone();
        if let Ok(Some(_)) = self.schema(&to.schema_name()).map(|s| {
            s.procedures
                .get(&to.name)
                .and_then(|o| o.iter().find(|p| same_signature(&p.types(), types)))
        }) {
            return Err(SqlError::already_exists(&procedure.signature(&to.name)));
        }
        self.insert_procedure(to, procedure, false, false)?;
        self.drop_procedure(from, types, false)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_drop_type_parameters() {
        let t = |s: &str| DataType::parse(s).unwrap();
        assert_eq!(signature_type(&t("NUMBER(38,0)")), "NUMBER");
        assert_eq!(signature_type(&t("string")), "VARCHAR");
        assert_eq!(signature_type(&t("timestamp_ntz")), "TIMESTAMP_NTZ");
        assert!(same_signature(&[t("VARCHAR(10)")], &[t("STRING")]));
        assert!(!same_signature(&[t("INT")], &[t("STRING")]));
    }
}
