//! `[[procedure]]` → `model::procedure::Procedure` (Snowflake Scripting, LANGUAGE SQL).

use crate::config::schema_file::RawProcedure;
use crate::model::data_type::DataType;
use crate::model::procedure::{Argument, Procedure};
use crate::sql::{CanonicalSql, TokenKind, tokenize};

use super::{Ctx, Declared, common_keys};

pub fn resolve(raw: RawProcedure, ctx: &mut Ctx<'_>) -> Option<Declared> {
    let scope = ctx.scope.clone();
    let name = ctx.object_name(&raw.name, &scope, "procedure");
    let mut valid = true;
    let mut arguments: Vec<Argument> = Vec::new();
    for argument in &raw.arguments {
        let arg_name = ctx.ident(&argument.name, "argument");
        let data_type = DataType::parse(argument.data_type.get_ref())
            .map_err(|e| {
                ctx.error(&argument.data_type, e.to_string());
            })
            .ok();
        match (arg_name, data_type) {
            (Some(n), _) if arguments.iter().any(|a| a.name == n) => {
                ctx.error(&argument.name, format!("duplicate argument {n}"));
                valid = false;
            }
            (Some(name), Some(data_type)) => arguments.push(Argument { name, data_type }),
            _ => valid = false,
        }
    }
    let returns_text = raw.returns.get_ref();
    let returns = match DataType::parse(returns_text) {
        Ok(data_type) => Some(CanonicalSql::new(data_type.to_string())),
        Err(_) if returns_table(returns_text) => Some(CanonicalSql::new(returns_text.as_str())),
        Err(e) => {
            ctx.error(&raw.returns, e.to_string()).help =
                Some("a procedure returns a data type (VARCHAR, NUMBER …) or TABLE (…)".into());
            None
        }
    };
    if let Some(language) = &raw.language
        && !language.get_ref().trim().eq_ignore_ascii_case("SQL")
    {
        ctx.error(
            language,
            format!("unsupported procedure language {:?}", language.get_ref()),
        )
        .help = Some("lakeform manages Snowflake Scripting procedures: language = \"SQL\"".into());
        valid = false;
    }
    if raw.body.get_ref().trim().is_empty() {
        ctx.error(&raw.body, "a procedure needs a body");
        valid = false;
    }
    let procedure = Procedure {
        name: name?,
        arguments,
        returns: returns?,
        language: "SQL".to_string(),
        execute_as: raw.execute_as,
        body: CanonicalSql::new(raw.body.get_ref().as_str()),
        comment: raw.comment.clone(),
    };
    valid.then(|| ctx.declare(procedure, common_keys!(raw)))
}

/// `TABLE (…)`: a tabular return type, kept as SQL text.
fn returns_table(text: &str) -> bool {
    tokenize(text).is_ok_and(|tokens| {
        let mut significant = tokens.iter().filter(|t| !t.is_trivia());
        significant
            .next()
            .is_some_and(|t| t.kind == TokenKind::Word && t.is_keyword("TABLE"))
            && significant.next().is_some_and(|t| t.is_symbol("("))
    })
}
