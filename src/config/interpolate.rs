//! Variable substitution in configuration strings: `${name}` (a `[vars]` entry),
//! `${env:NAME}` (an environment variable, treated as a secret) and `$${` (a literal `${`).
//!
//! `${env:…}` is read only in the `[snowflake]` and `[adls]` connection sections, where a
//! secret key's value is wrapped in [`Secret`](crate::secret::Secret) and never shown.
//! Anywhere else (`[vars]`, other environment keys, schema files) it is refused: a value
//! there reaches SQL statements, plans, saved plans, apply output, diffs and imported
//! files, so a secret would be printed — and a `[vars]` entry read from the environment
//! would carry it into every string that names the variable. Refusing keeps secrets out
//! of every output by construction, with no redaction of text afterwards.
//!
//! Substitution happens on the parsed TOML tree, before typed deserialisation, so every
//! string value of every file takes variables without each field opting in; spans stay
//! those of the original text, so diagnostics still point at what the user wrote.
//! Variables substitute into strings only: `retention = "${days}"` stays a string.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::DeValue;

use super::diagnostic::Diagnostic;
use super::source::SourceFile;
use super::suggest::nearest;

/// Reads an environment variable.
pub(crate) type EnvReader<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Where variable values come from.
pub(crate) struct Lookup<'a> {
    /// `[vars]` of the environment, already resolved; `None` while resolving `[vars]`
    /// itself, whose values cannot use other variables.
    pub(crate) vars: Option<&'a BTreeMap<String, String>>,
    /// Reads an environment variable; `None` outside the connection sections, where
    /// `${env:…}` is refused.
    pub(crate) env: Option<EnvReader<'a>>,
}

/// Why a `${…}` could not be substituted. `range` is the byte range of the `${…}` in the
/// string value (after TOML unescaping).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct InterpolationError {
    pub(crate) range: Range<usize>,
    pub(crate) problem: Problem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    UndefinedVariable {
        name: String,
        suggestion: Option<String>,
    },
    VariableInVars {
        name: String,
    },
    UnsetEnvironmentVariable {
        name: String,
    },
    /// `${env:…}` outside `[snowflake]` and `[adls]`.
    EnvironmentOutsideConnection {
        name: String,
    },
    Unterminated,
    InvalidName {
        name: String,
    },
}

impl InterpolationError {
    pub(crate) fn message(&self) -> String {
        match &self.problem {
            Problem::UndefinedVariable { name, .. } => format!("undefined variable `{name}`"),
            Problem::VariableInVars { name } => {
                format!("`[vars]` values cannot use other variables (`${{{name}}}`)")
            }
            Problem::UnsetEnvironmentVariable { name } => {
                format!("environment variable `{name}` is not set")
            }
            Problem::EnvironmentOutsideConnection { name } => format!(
                "`${{env:{name}}}` is only allowed in [snowflake] and [adls]: values from the environment are treated as secrets, and here the value would reach SQL statements, plans and output"
            ),
            Problem::Unterminated => "unterminated `${`: expected a closing `}`".to_string(),
            Problem::InvalidName { name } => format!("invalid variable name `{name}`"),
        }
    }

    /// The diagnostic for this problem, at `at` in `file`.
    pub(crate) fn diagnostic(&self, file: &SourceFile, at: Range<usize>) -> Diagnostic {
        let d = Diagnostic::at(file.locate(at), self.message());
        match self.help() {
            Some(help) => d.with_help(help),
            None => d,
        }
    }

    pub(crate) fn help(&self) -> Option<String> {
        match &self.problem {
            Problem::UndefinedVariable {
                suggestion: Some(s),
                ..
            } => Some(format!("did you mean `${{{s}}}`?")),
            Problem::UndefinedVariable { name, .. } => Some(format!(
                "define it in the environment file: [vars] {name} = \"…\""
            )),
            Problem::VariableInVars { .. } => Some("write the value out".to_string()),
            Problem::UnsetEnvironmentVariable { .. } => None,
            Problem::EnvironmentOutsideConnection { .. } => Some(
                "write the value in a [vars] entry of the environment file (`[vars] name = \"…\"`) and use `${name}`; keep `${env:…}` for the credentials in [snowflake] and [adls]"
                    .to_string(),
            ),
            Problem::Unterminated => Some("write `$${` for a literal `${`".to_string()),
            Problem::InvalidName { .. } => Some(
                "variable names use letters, digits, `_` and `-`; environment variables are written `${env:NAME}`"
                    .to_string(),
            ),
        }
    }
}

/// Substitutes every `${…}` in `text`, collecting every problem rather than the first.
pub(crate) fn interpolate(
    text: &str,
    lookup: &Lookup<'_>,
) -> Result<String, Vec<InterpolationError>> {
    let mut out = String::with_capacity(text.len());
    let mut errors = Vec::new();
    let mut rest = 0;
    while let Some(found) = text[rest..].find('$') {
        let dollar = rest + found;
        out.push_str(&text[rest..dollar]);
        let after = &text[dollar..];
        if after.starts_with("$${") {
            out.push_str("${");
            rest = dollar + 3;
        } else if after.starts_with("${") {
            let Some(close) = after.find('}') else {
                errors.push(InterpolationError {
                    range: dollar..text.len(),
                    problem: Problem::Unterminated,
                });
                rest = text.len();
                break;
            };
            let range = dollar..dollar + close + 1;
            let inner = &after[2..close];
            match substitute(inner, lookup) {
                Ok(value) => out.push_str(&value),
                Err(problem) => errors.push(InterpolationError {
                    range: range.clone(),
                    problem,
                }),
            }
            rest = range.end;
        } else {
            out.push('$');
            rest = dollar + 1;
        }
    }
    out.push_str(&text[rest..]);
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn substitute(inner: &str, lookup: &Lookup<'_>) -> Result<String, Problem> {
    if let Some(name) = inner.strip_prefix("env:") {
        if name.is_empty() || name.contains(['=', '\0']) {
            return Err(Problem::InvalidName {
                name: inner.to_string(),
            });
        }
        let Some(env) = lookup.env else {
            return Err(Problem::EnvironmentOutsideConnection {
                name: name.to_string(),
            });
        };
        return env(name).ok_or_else(|| Problem::UnsetEnvironmentVariable {
            name: name.to_string(),
        });
    }
    if !is_variable_name(inner) {
        return Err(Problem::InvalidName {
            name: inner.to_string(),
        });
    }
    let Some(vars) = lookup.vars else {
        return Err(Problem::VariableInVars {
            name: inner.to_string(),
        });
    };
    vars.get(inner)
        .cloned()
        .ok_or_else(|| Problem::UndefinedVariable {
            name: inner.to_string(),
            suggestion: nearest(inner, vars.keys().map(String::as_str)).map(str::to_string),
        })
}

/// Names of `[vars]` entries: letters, digits, `_` and `-`, not starting with a digit.
pub(crate) fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Substitutes variables in every string value of a parsed TOML tree, in place. Problems
/// become diagnostics pointing at the `${…}` in the file.
pub(crate) fn interpolate_tree(
    value: &mut Spanned<DeValue<'_>>,
    lookup: &Lookup<'_>,
    file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut problems = Vec::new();
    substitute_tree(value, lookup, file, &mut problems);
    diagnostics.extend(
        problems
            .into_iter()
            .map(|(at, error)| error.diagnostic(file, at)),
    );
}

/// Like [`interpolate_tree`], but hands back each problem with its source span, for
/// callers that treat some problems differently (an unset variable in a connection
/// section is only needed once connecting).
pub(crate) fn substitute_tree(
    value: &mut Spanned<DeValue<'_>>,
    lookup: &Lookup<'_>,
    file: &SourceFile,
    problems: &mut Vec<(Range<usize>, InterpolationError)>,
) {
    let span = value.span();
    match value.get_mut() {
        DeValue::String(text) => match interpolate(text, lookup) {
            Ok(done) => {
                if done != *text {
                    *text = done.into();
                }
            }
            Err(errors) => {
                for error in errors {
                    let inner = &text[error.range.clone()];
                    let at = span_of_substring(file, span.clone(), inner, error.range.start, text);
                    problems.push((at, error));
                }
            }
        },
        DeValue::Array(items) => {
            for item in items.iter_mut() {
                substitute_tree(item, lookup, file, problems);
            }
        }
        DeValue::Table(table) => {
            for (_, item) in table.iter_mut() {
                substitute_tree(item, lookup, file, problems);
            }
        }
        DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_) | DeValue::Datetime(_) => {}
    }
}

/// The source span of `needle`, a piece of a string value whose literal occupies `span`.
///
/// The string value is the literal after unescaping, so offsets inside it do not map to
/// the file one to one. The piece is found in the literal's source text instead — the
/// occurrence with the same rank as in the value — and when escapes make it unfindable,
/// the whole literal is the span.
pub(crate) fn span_of_substring(
    file: &SourceFile,
    span: Range<usize>,
    needle: &str,
    offset_in_value: usize,
    value: &str,
) -> Range<usize> {
    if needle.is_empty() {
        return span;
    }
    let rank = value
        .get(..offset_in_value)
        .map_or(0, |before| before.matches(needle).count());
    let raw = file.slice(span.clone());
    raw.match_indices(needle)
        .nth(rank)
        .map_or(span.clone(), |(i, _)| {
            span.start + i..span.start + i + needle.len()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> BTreeMap<String, String> {
        BTreeMap::from([
            ("database".to_string(), "PR_DEV".to_string()),
            ("env".to_string(), "DEV".to_string()),
        ])
    }

    fn env(name: &str) -> Option<String> {
        (name == "TOKEN").then(|| "tok-123".to_string())
    }

    fn run(text: &str) -> Result<String, Vec<InterpolationError>> {
        let vars = vars();
        interpolate(
            text,
            &Lookup {
                vars: Some(&vars),
                env: Some(&env),
            },
        )
    }

    #[test]
    fn substitutes_variables_environment_and_escapes() {
        let done = run("${database}.BRONZE_${env} $${literal} $5 ${env:TOKEN}").unwrap();
        assert_eq!(done, "PR_DEV.BRONZE_DEV ${literal} $5 tok-123");
    }

    #[test]
    fn the_environment_is_refused_where_no_reader_is_given() {
        let vars = vars();
        let lookup = Lookup {
            vars: Some(&vars),
            env: None,
        };
        let errors = interpolate("x ${env:TOKEN} ${database}", &lookup).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].range, 2..14);
        assert_eq!(
            errors[0].problem,
            Problem::EnvironmentOutsideConnection {
                name: "TOKEN".into()
            }
        );
        assert!(errors[0].message().contains("treated as secrets"));
        assert!(errors[0].help().is_some_and(|h| h.contains("[vars]")));
        assert!(!errors[0].message().contains("tok-123"));
    }

    #[test]
    fn reports_every_problem_with_its_range() {
        let errors = run("${databse}.${env:MISSING}.${bad name}.${open").unwrap_err();
        let problems: Vec<_> = errors
            .iter()
            .map(|e| (e.range.clone(), &e.problem))
            .collect();
        assert_eq!(
            problems[0],
            (
                0..10,
                &Problem::UndefinedVariable {
                    name: "databse".into(),
                    suggestion: Some("database".into())
                }
            )
        );
        assert_eq!(
            problems[1].1,
            &Problem::UnsetEnvironmentVariable {
                name: "MISSING".into()
            }
        );
        assert!(matches!(problems[2].1, Problem::InvalidName { .. }));
        assert_eq!(problems[3], (38..44, &Problem::Unterminated));
    }

    #[test]
    fn vars_section_uses_no_variables_and_no_environment() {
        let lookup = Lookup {
            vars: None,
            env: None,
        };
        assert!(matches!(
            interpolate("${env:TOKEN}", &lookup).unwrap_err()[0].problem,
            Problem::EnvironmentOutsideConnection { .. }
        ));
        assert!(matches!(
            interpolate("${database}", &lookup).unwrap_err()[0].problem,
            Problem::VariableInVars { .. }
        ));
    }

    #[test]
    fn substrings_map_back_to_the_source() {
        let file = SourceFile::new("x.toml".into(), "a = \"\\t${x} ${x}\"\n".into());
        let span = 4..17;
        let value = "\t${x} ${x}";
        assert_eq!(
            span_of_substring(&file, span.clone(), "${x}", 6, value),
            12..16
        );
        assert_eq!(
            span_of_substring(&file, span.clone(), "${x}", 1, value),
            7..11
        );
        assert_eq!(
            span_of_substring(&file, span.clone(), "nope", 0, value),
            span
        );
    }
}
