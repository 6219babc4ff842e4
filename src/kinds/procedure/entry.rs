//! `[[procedure]]` → `Procedure` (the kind's model) (Snowflake Scripting, LANGUAGE SQL).
//!
//! Argument and return types are parsed as data types (a `TABLE (…)` return type column by
//! column), because they are written into the DDL as SQL; the body needs no check here,
//! since the DDL quotes it as a whole (`sql::quote::body`). The
//! tables, streams, stages and file formats the body names become the procedure's
//! dependencies when they are declared (`config::references`).

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::kinds::procedure::{Argument, ExecuteAs, Procedure};
use crate::model::data_type::DataType;
use std::ops::Range;

use crate::config::diagnostic::Diagnostic;
use crate::config::names::NameScope;
use crate::model::Kind;
use crate::sql::references::{file_formats, relations, stages, write_targets};
use crate::sql::{CanonicalSql, Token, TokenKind, tokenize};

use crate::config::resolve::{Ctx, Declared, common_keys};

// The `[[procedure]]` entry as serde reads it (unknown keys refused).
crate::config::schema_file::object_entry! {
    /// `[[procedure]]`: a Snowflake Scripting procedure.
    RawProcedure {
        #[serde(default)]
        arguments: Vec<RawArgument>,
        /// The return type ("VARCHAR", "TABLE (…)").
        #[schemars(with = "String")]
        returns: Spanned<String>,
        /// "SQL" (the default and only language).
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        language: Option<Spanned<String>>,
        #[schemars(with = "String")]
        body: Spanned<String>,
        #[serde(default)]
        execute_as: ExecuteAs,
    }
}

/// One argument of a `[[procedure]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawArgument {
    #[schemars(with = "String")]
    pub(crate) name: Spanned<String>,
    #[serde(rename = "type")]
    #[schemars(with = "String")]
    pub(crate) data_type: Spanned<String>,
}

/// An argument list (a procedure's `arguments`, a policy's `signature`): names checked and
/// unique, types parsed; `None` after reporting every problem.
pub(crate) fn resolve_arguments(raw: &[RawArgument], ctx: &mut Ctx<'_>) -> Option<Vec<Argument>> {
    let mut valid = true;
    let mut arguments: Vec<Argument> = Vec::new();
    for argument in raw {
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
    valid.then_some(arguments)
}

pub(crate) fn resolve(raw: RawProcedure, ctx: &mut Ctx<'_>) -> Option<Declared> {
    let scope = ctx.scope.clone();
    let name = ctx.object_name(&raw.name, &scope, "procedure");
    let arguments = resolve_arguments(&raw.arguments, ctx);
    let mut valid = arguments.is_some();
    let arguments = arguments.unwrap_or_default();
    let returns_text = raw.returns.get_ref();
    let returns = match DataType::parse(returns_text) {
        Ok(data_type) => Some(CanonicalSql::new(data_type.to_string())),
        Err(_) if starts_table(returns_text) => match returns_table(returns_text) {
            Ok(()) => Some(CanonicalSql::new(returns_text.as_str())),
            Err((range, problem)) => {
                let at = ctx.locate_in(&raw.returns, range);
                ctx.diagnostics.push(
                    Diagnostic::at(at, format!("invalid RETURNS TABLE: {problem}")).with_help(
                        "write TABLE (NAME TYPE, …) with Snowflake data types and nothing after it",
                    ),
                );
                None
            }
        },
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
        uses: Default::default(),
    };
    if !valid {
        return None;
    }
    let soft_names = body_names(raw.body.get_ref(), &scope);
    let sql = crate::config::queries::SqlText {
        form: crate::config::queries::SqlForm::ProcedureBody {
            arguments: procedure.arguments.iter().map(|a| a.name.clone()).collect(),
        },
        text: raw.body.get_ref().clone(),
        file: ctx.file.path().to_path_buf(),
        span: raw.body.span(),
        schema: procedure.name.schema_name(),
    };
    let mut declared = ctx.declare(procedure, common_keys!(raw));
    declared.soft_names = soft_names;
    declared.sql.push(sql);
    Some(declared)
}

/// The names the body's statements use, by the same readers as a task's statement (see
/// [`Declared::soft_names`](crate::config::resolve::Declared::soft_names) for how they
/// are resolved). A body that does not lex names nothing: Snowflake Scripting the lexer
/// does not know costs edges, never a refusal.
fn body_names(body: &str, scope: &NameScope) -> Vec<(Option<Kind>, String)> {
    let found = (|| {
        Ok::<_, crate::sql::LexError>([
            (Some(Kind::Table), write_targets(body)?),
            (Some(Kind::Stage), stages(body)?),
            (Some(Kind::FileFormat), file_formats(body)?),
            (None, relations(body)?),
        ])
    })();
    let Ok(found) = found else {
        return Vec::new();
    };
    let mut names = Vec::new();
    for (kind, list) in found {
        for parts in list {
            if let Some(name) = scope.complete(&parts) {
                names.push((kind, name.to_string()));
            }
        }
    }
    names
}

/// True when `text` starts `TABLE (`: a tabular return type, checked by [`returns_table`].
fn starts_table(text: &str) -> bool {
    tokenize(text).is_ok_and(|tokens| {
        let mut significant = tokens.iter().filter(|t| !t.is_trivia());
        significant
            .next()
            .is_some_and(|t| t.kind == TokenKind::Word && t.is_keyword("TABLE"))
            && significant.next().is_some_and(|t| t.is_symbol("("))
    })
}

/// Checks a tabular return type, which is written into the DDL as it is: exactly
/// `TABLE ( [name type [, name type …]] )`, each type a Snowflake data type, nothing after
/// the closing parenthesis. On a problem, the byte range in `text` to point at and what is
/// wrong. <https://docs.snowflake.com/en/sql-reference/sql/create-procedure>:
/// `RETURNS TABLE ( [ <col_name> <col_data_type> [ , ... ] ] )`.
fn returns_table(text: &str) -> Result<(), (Range<usize>, String)> {
    let tokens = tokenize(text).map_err(|e| (e.offset..e.offset + 1, e.message))?;
    let significant: Vec<&Token> = tokens.iter().filter(|t| !t.is_trivia()).collect();
    // significant[0] is TABLE and significant[1] is `(` (see `starts_table`).
    let mut pos = 2;
    let mut closed = false;
    while let Some(name) = significant.get(pos) {
        if name.is_symbol(")") && !closed {
            closed = true;
            pos += 1;
            break;
        }
        if !matches!(name.kind, TokenKind::Word | TokenKind::QuotedIdent) {
            return Err((
                name.start..name.end,
                format!("expected a column name, found `{}`", name.value),
            ));
        }
        // The type runs to the next `,` or `)` outside its own parentheses.
        let mut depth = 0usize;
        let mut end = pos + 1;
        while let Some(t) = significant.get(end) {
            if t.is_symbol("(") {
                depth += 1;
            } else if t.is_symbol(")") && depth > 0 {
                depth -= 1;
            } else if depth == 0 && (t.is_symbol(",") || t.is_symbol(")")) {
                break;
            }
            end += 1;
        }
        if end == pos + 1 {
            return Err((
                name.start..name.end,
                format!("column {} has no data type", name.value),
            ));
        }
        let type_range = significant[pos + 1].start..significant[end - 1].end;
        if let Err(e) = DataType::parse(&text[type_range.clone()]) {
            return Err((type_range, e.to_string()));
        }
        pos = end;
        match significant.get(pos) {
            Some(t) if t.is_symbol(",") => pos += 1,
            Some(t) if t.is_symbol(")") => {
                closed = true;
                pos += 1;
                break;
            }
            _ => {
                let last = significant.last().map_or(0..text.len(), |t| t.start..t.end);
                return Err((last, "TABLE ( is never closed".into()));
            }
        }
    }
    if !closed {
        return Err((0..text.len(), "TABLE ( is never closed".into()));
    }
    match significant.get(pos) {
        Some(extra) => Err((
            extra.start..extra.end,
            format!("unexpected `{}` after the closing parenthesis", extra.value),
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabular_return_types() {
        for ok in [
            "TABLE ()",
            "TABLE (A NUMBER(38,0), \"b\" VARCHAR)",
            "table(x int)",
        ] {
            assert_eq!(returns_table(ok), Ok(()), "{ok}");
        }
        let at = |text: &str| {
            let (range, _) = returns_table(text).unwrap_err();
            text[range].to_string()
        };
        assert_eq!(at("TABLE (A INT) LANGUAGE JAVASCRIPT"), "LANGUAGE");
        assert_eq!(at("TABLE (A INT, B EVIL TYPE)"), "EVIL TYPE");
        assert_eq!(at("TABLE (A)"), "A");
        assert_eq!(at("TABLE (A INT"), "INT");
        assert_eq!(at("TABLE (A INT); DROP TABLE X"), ";");
        assert_eq!(at("TABLE (1 INT)"), "1");
    }
}
