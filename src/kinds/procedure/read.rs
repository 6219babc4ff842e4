//! Procedures: `SHOW PROCEDURES IN DATABASE d` lists them with their argument types
//! (`arguments` = `P(NUMBER, VARCHAR) RETURN VARCHAR`); `DESCRIBE PROCEDURE name(types)`
//! per procedure gives argument names, return type, language, body and `EXECUTE AS`.
//!
//! DESCRIBE is needed because no batched source carries `EXECUTE AS`
//! (INFORMATION_SCHEMA.PROCEDURES has the body but not it), and once a procedure is
//! described its body comes with it.

use crate::model::Object;
use crate::providers::snowflake::introspect::INFORMATION_SCHEMA;
use crate::providers::snowflake::introspect::connection::{Connection, Runner};

use crate::kinds::procedure::{Argument, ExecuteAs, Procedure};
use crate::model::Kind;
use crate::model::data_type::DataType;
use crate::model::identifier::{Ident, ObjectName};
use crate::providers::snowflake::introspect::describe::Properties;
use crate::providers::snowflake::introspect::error::IntrospectError;
use crate::providers::snowflake::introspect::record::Record;
use crate::providers::snowflake::result_set::ResultSet;
use crate::sql::{CanonicalSql, Token, TokenKind, tokenize};

/// SHOW PROCEDURES' comment column says this when a procedure has no comment.
const NO_COMMENT: &str = "user-defined procedure";

/// A procedure as listed: its name, argument types and comment; `None` for a built-in.
pub struct Listed {
    pub(crate) name: ObjectName,
    pub(crate) argument_types: Vec<DataType>,
    pub(crate) comment: Option<String>,
}

pub(crate) fn parse_listed(record: &Record<'_>) -> Result<Option<Listed>, IntrospectError> {
    if record.flag("is_builtin")? {
        return Ok(None);
    }
    let arguments = record.required("arguments")?;
    let argument_types = listed_argument_types(arguments).ok_or_else(|| {
        record.invalid("arguments", arguments, "is not NAME(TYPE, …) RETURN TYPE")
    })?;
    let comment = record
        .optional("description")?
        .filter(|d| *d != NO_COMMENT)
        .map(str::to_string);
    Ok(Some(Listed {
        name: record.object_name("catalog_name", "schema_name", "name")?,
        argument_types,
        comment,
    }))
}

/// `DESCRIBE PROCEDURE DB.S.P(NUMBER(38,0), DATE)`.
pub(crate) fn describe_statement(listed: &Listed) -> String {
    let types: Vec<String> = listed
        .argument_types
        .iter()
        .map(ToString::to_string)
        .collect();
    format!("DESCRIBE PROCEDURE {}({})", listed.name, types.join(", "))
}

/// The procedure from its listing and its `DESCRIBE PROCEDURE` properties.
pub fn parse(listed: Listed, describe: &ResultSet) -> Result<Procedure, IntrospectError> {
    let object = listed.name.to_string();
    let properties = Properties::read(describe, Kind::Procedure, &object)?;
    let invalid = |property: &str, value: &str, problem: &str| IntrospectError::Value {
        kind: Kind::Procedure,
        object: object.clone(),
        column: property.to_string(),
        value: value.to_string(),
        problem: problem.to_string(),
    };
    let required = |property: &str| {
        properties
            .value(property)
            .ok_or_else(|| invalid(property, "", "is missing from DESCRIBE PROCEDURE"))
    };
    let signature = required("signature")?;
    let arguments = described_arguments(signature)
        .ok_or_else(|| invalid("signature", signature, "is not (NAME TYPE, …)"))?;
    let returns = required("returns")?;
    let execute_as = match properties.value("execute as").unwrap_or("OWNER") {
        t if t.eq_ignore_ascii_case("CALLER") => ExecuteAs::Caller,
        t if t.eq_ignore_ascii_case("OWNER") => ExecuteAs::Owner,
        other => return Err(invalid("execute as", other, "is not OWNER or CALLER")),
    };
    Ok(Procedure {
        arguments,
        returns: CanonicalSql::new(canonical_return_type(returns)),
        language: properties
            .value("language")
            .unwrap_or("SQL")
            .to_ascii_uppercase(),
        execute_as,
        body: CanonicalSql::new(required("body")?),
        comment: listed.comment,
        uses: Default::default(),
        name: listed.name,
    })
}

/// A return type in the same canonical spelling as column types (`VARCHAR` →
/// `VARCHAR(16777216)`); `TABLE (…)` and other non-scalar returns stay as written.
pub fn canonical_return_type(text: &str) -> String {
    DataType::parse(text).map_or_else(|_| text.trim().to_string(), |t| t.to_string())
}

/// `P(NUMBER, VARCHAR DEFAULT) RETURN VARCHAR` → the argument types. Optional arguments
/// are shown in brackets (`P(NUMBER [, VARCHAR])`, before bundle 2024_01) or with
/// `DEFAULT` after the type (after it:
/// https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_01/bcr-1508; a leading
/// `DEFAULT` is read too); all are plain argument types in the signature DESCRIBE and
/// DROP take.
pub(crate) fn listed_argument_types(text: &str) -> Option<Vec<DataType>> {
    let tokens = significant(text)?;
    let open = tokens.iter().position(|t| t.is_symbol("("))?;
    let signature = text[tokens[open].start..].replace(['[', ']'], " ");
    let tokens = significant(&signature)?;
    let text = signature.as_str();
    let items = parenthesised_items(text, &tokens)?;
    items
        .iter()
        .map(|item| {
            let item = item.trim();
            let item = item
                .strip_prefix("DEFAULT ")
                .or_else(|| item.strip_prefix("default "))
                .unwrap_or(item);
            let item = item
                .strip_suffix(" DEFAULT")
                .or_else(|| item.strip_suffix(" default"))
                .unwrap_or(item)
                .trim();
            DataType::parse(item).ok()
        })
        .collect()
}

/// `(SINCE DATE, "Mixed" VARCHAR)` → named arguments.
pub(crate) fn described_arguments(text: &str) -> Option<Vec<Argument>> {
    let tokens = significant(text)?;
    let items = parenthesised_items(text, &tokens)?;
    items
        .iter()
        .map(|item| {
            let item_tokens = significant(item)?;
            let first = item_tokens.first()?;
            let name = match first.kind {
                TokenKind::Word | TokenKind::QuotedIdent => Ident::from_stored(first.value.clone()),
                _ => return None,
            };
            let data_type = DataType::parse(&item[first.end..]).ok()?;
            Some(Argument { name, data_type })
        })
        .collect()
}

fn significant(text: &str) -> Option<Vec<Token>> {
    Some(
        tokenize(text)
            .ok()?
            .into_iter()
            .filter(|t| !t.is_trivia())
            .collect(),
    )
}

/// The comma-separated items inside the parentheses that `tokens` opens with, as text.
fn parenthesised_items(text: &str, tokens: &[Token]) -> Option<Vec<String>> {
    let open = tokens.first().filter(|t| t.is_symbol("("))?;
    let mut depth = 0usize;
    let mut items = Vec::new();
    let mut start = open.end;
    for token in &tokens[1..] {
        if token.is_symbol("(") {
            depth += 1;
        } else if token.is_symbol(")") && depth == 0 {
            let last = text[start..token.start].trim();
            if !last.is_empty() || !items.is_empty() {
                items.push(last.to_string());
            }
            return Some(items);
        } else if token.is_symbol(")") {
            depth -= 1;
        } else if token.is_symbol(",") && depth == 0 {
            items.push(text[start..token.start].trim().to_string());
            start = token.end;
        }
    }
    None
}

pub(crate) async fn procedures<C: Connection>(
    runner: Runner<C>,
    database: Ident,
) -> Result<Vec<Object>, IntrospectError> {
    let mut listed = Vec::new();
    for page in runner
        .show_unpaged(&format!("SHOW PROCEDURES IN DATABASE {database}"))
        .await?
    {
        for row in page.rows() {
            if let Some(p) = parse_listed(&Record::new(row, Kind::Procedure))?
                && p.name.schema.as_str() != INFORMATION_SCHEMA
            {
                listed.push(p);
            }
        }
    }
    let statements = listed.iter().map(describe_statement).collect();
    let described = runner.run_each(statements).await?;
    listed
        .into_iter()
        .zip(&described)
        .map(|(p, describe)| parse(p, describe).map(Object::from))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::snowflake::introspect::record::fixture::{result, row};

    #[test]
    fn reads_show_and_describe() {
        let show = row(&[
            ("created_on", Some("2026-01-01")),
            ("name", Some("MERGE_CUSTOMER")),
            ("schema_name", Some("SILVER")),
            ("is_builtin", Some("N")),
            ("is_aggregate", Some("N")),
            ("is_ansi", Some("N")),
            ("min_num_arguments", Some("2")),
            ("max_num_arguments", Some("2")),
            (
                "arguments",
                Some("MERGE_CUSTOMER(NUMBER, VARCHAR) RETURN VARCHAR"),
            ),
            ("description", Some(NO_COMMENT)),
            ("catalog_name", Some("PR")),
        ]);
        let listed = parse_listed(&Record::new(show.rows().next().unwrap(), Kind::Procedure))
            .unwrap()
            .unwrap();
        assert_eq!(
            describe_statement(&listed),
            "DESCRIBE PROCEDURE PR.SILVER.MERGE_CUSTOMER(NUMBER(38,0), VARCHAR(16777216))"
        );
        let describe = result(
            &["property", "value"],
            &[
                &[Some("signature"), Some("(N NUMBER, \"Label\" VARCHAR)")],
                &[Some("returns"), Some("VARCHAR(16777216)")],
                &[Some("language"), Some("SQL")],
                &[Some("null handling"), Some("CALLED ON NULL INPUT")],
                &[Some("volatility"), Some("VOLATILE")],
                &[Some("execute as"), Some("CALLER")],
                &[Some("body"), Some("BEGIN\n  RETURN 'ok';\nEND;")],
            ],
        );
        let p = parse(listed, &describe).unwrap();
        assert_eq!(p.arguments[1].name.as_str(), "Label");
        assert_eq!(p.arguments[0].data_type.to_string(), "NUMBER(38,0)");
        assert_eq!(p.execute_as, ExecuteAs::Caller);
        assert_eq!(p.returns, CanonicalSql::new("VARCHAR(16777216)"));
        assert_eq!(p.body, CanonicalSql::new("begin return 'ok'; end;"));
        assert_eq!(p.comment, None);
    }

    #[test]
    fn signatures() {
        assert_eq!(listed_argument_types("P() RETURN NUMBER").unwrap(), vec![]);
        assert_eq!(
            listed_argument_types("\"p(x)\"(DEFAULT NUMBER(10,2)) RETURN TABLE ()").unwrap(),
            vec![DataType::parse("NUMBER(10,2)").unwrap()]
        );
        assert!(listed_argument_types("P(NUMBER").is_none());
        assert_eq!(
            listed_argument_types("P(NUMBER [, VARCHAR]) RETURN VARCHAR").unwrap(),
            vec![
                DataType::parse("NUMBER").unwrap(),
                DataType::parse("VARCHAR").unwrap()
            ]
        );
        // Bundle 2024_01 (bcr-1508): `TYPE DEFAULT`.
        assert_eq!(
            listed_argument_types("MY_PROC(VARCHAR , BOOLEAN DEFAULT) RETURN VARCHAR").unwrap(),
            vec![
                DataType::parse("VARCHAR").unwrap(),
                DataType::parse("BOOLEAN").unwrap()
            ]
        );
        assert_eq!(described_arguments("()").unwrap(), vec![]);
        assert_eq!(canonical_return_type("varchar"), "VARCHAR(16777216)");
        assert_eq!(
            canonical_return_type("TABLE (A NUMBER)"),
            "TABLE (A NUMBER)"
        );
    }
}
