//! Procedure DDL. Snowflake alters a procedure's comment and `EXECUTE AS` in place; a new
//! body, return type or language is a `CREATE OR REPLACE` of the same signature, and new
//! argument types are a drop of the old signature plus a create (an overload otherwise).

use crate::kinds::ddl::CreateMode;
use crate::kinds::procedure::{ExecuteAs, Procedure};
use crate::sql::quote::{body, comment_clause};

/// `CREATE [OR REPLACE] PROCEDURE name(args) … AS body`; a replacement says `COPY GRANTS`
/// after the arguments, so the overload keeps its grants ("all privileges, except
/// OWNERSHIP": https://docs.snowflake.com/en/sql-reference/sql/create-procedure).
pub(crate) fn create(procedure: &Procedure, mode: CreateMode) -> String {
    let arguments: Vec<String> = procedure
        .arguments
        .iter()
        .map(|a| format!("{} {}", a.name, a.data_type))
        .collect();
    let copy_grants = match mode {
        CreateMode::Replace => " COPY GRANTS",
        CreateMode::Create => "",
    };
    format!(
        "{} PROCEDURE {}({}){copy_grants} RETURNS {} LANGUAGE {}{} EXECUTE AS {} AS {}",
        mode.verb(),
        procedure.name,
        arguments.join(", "),
        procedure.returns.text(),
        language(&procedure.language),
        comment_clause(procedure.comment.as_deref()),
        procedure.execute_as,
        body(procedure.body.text())
    )
}

/// `ALTER PROCEDURE name(types) EXECUTE AS OWNER | CALLER`.
pub fn set_execute_as(procedure: &Procedure, execute_as: ExecuteAs) -> String {
    format!(
        "ALTER PROCEDURE {} EXECUTE AS {execute_as}",
        procedure.signature()
    )
}

/// The language keyword; anything that is not a plain word falls back to `SQL`, the only
/// language lakeform manages, rather than reaching the statement.
fn language(text: &str) -> String {
    let plain = !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric());
    if plain {
        text.to_ascii_uppercase()
    } else {
        "SQL".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::procedure::Argument;
    use crate::model::data_type::DataType;
    use crate::model::identifier::{Ident, ObjectName};
    use crate::sql::CanonicalSql;

    fn procedure() -> Procedure {
        Procedure {
            name: ObjectName::parse("PR.SILVER.MERGE_CUSTOMER").unwrap(),
            arguments: vec![Argument {
                name: Ident::from_stored("SINCE"),
                data_type: DataType::parse("DATE").unwrap(),
            }],
            returns: CanonicalSql::new("VARCHAR(16777216)"),
            language: "sql".into(),
            execute_as: ExecuteAs::Caller,
            body: CanonicalSql::new("BEGIN RETURN 'ok'; END;"),
            comment: None,
            uses: Default::default(),
        }
    }

    #[test]
    fn renders_create_with_a_dollar_quoted_body() {
        assert_eq!(
            create(&procedure(), CreateMode::Create),
            "CREATE PROCEDURE PR.SILVER.MERGE_CUSTOMER(SINCE DATE) RETURNS VARCHAR(16777216) LANGUAGE SQL EXECUTE AS CALLER AS $$BEGIN RETURN 'ok'; END;$$"
        );
        assert_eq!(
            set_execute_as(&procedure(), ExecuteAs::Owner),
            "ALTER PROCEDURE PR.SILVER.MERGE_CUSTOMER(DATE) EXECUTE AS OWNER"
        );
    }

    #[test]
    fn a_body_with_dollars_is_a_quoted_literal() {
        let mut p = procedure();
        p.body = CanonicalSql::new("BEGIN RETURN '$$'; END;");
        assert!(create(&p, CreateMode::Create).ends_with(r"AS 'BEGIN RETURN \'$$\'; END;'"));
    }
}
