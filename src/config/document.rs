//! Reading one TOML file into a spanned tree, and typed deserialisation of parts of that
//! tree with serde errors turned into diagnostics (unknown keys with a suggestion, wrong
//! types naming the key, missing keys pointing at the table).
//!
//! The loader deserialises each `[[kind]]` entry on its own, so one bad entry does not
//! hide the problems of the others. What the entries mean is not this module's business.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::diagnostic::Diagnostic;
use super::source::SourceFile;
use super::suggest::nearest;

/// Reads `path` (shown to the user as `shown`). Invalid UTF-8 is a diagnostic pointing at
/// the first bad byte.
pub fn read(path: &Path, shown: PathBuf) -> Result<SourceFile, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::new(format!("cannot read {}: {e}", shown.display()), None))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(shown, text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let file = SourceFile::new(shown, lossy);
            Err(
                Diagnostic::at(file.locate(valid..valid + 1), "the file is not valid UTF-8")
                    .with_help("TOML files must be UTF-8 text"),
            )
        }
    }
}

/// Parses a file into a spanned tree, recovering from syntax errors as far as the parser
/// can. Only the first syntax error of each line is kept: the rest are usually echoes.
pub fn parse(file: &SourceFile) -> (Spanned<DeTable<'_>>, Vec<Diagnostic>) {
    let (table, errors) = DeTable::parse_recoverable(file.text());
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    for error in errors {
        let span = error.span().unwrap_or(0..0);
        let location = file.locate(span);
        if diagnostics
            .iter()
            .any(|d| d.location.as_ref().is_some_and(|l| l.line == location.line))
        {
            continue;
        }
        diagnostics.push(Diagnostic::at(
            location,
            format!("TOML syntax error: {}", error.message().trim()),
        ));
    }
    (table, diagnostics)
}

/// Deserialises `value` as a `T`, describing it as `what` (e.g. "[[table]]") in messages.
pub fn deserialize<'de, T: Deserialize<'de>>(
    value: &Spanned<DeValue<'de>>,
    what: &str,
    file: &SourceFile,
) -> Result<T, Diagnostic> {
    T::deserialize(ValueDeserializer::from(value.clone()))
        .map_err(|error| describe(&error, value, what, file))
}

fn describe(
    error: &toml::de::Error,
    value: &Spanned<DeValue<'_>>,
    what: &str,
    file: &SourceFile,
) -> Diagnostic {
    let span = error.span().unwrap_or_else(|| value.span());
    let location = file.locate(span.clone());
    let message = error.message().trim();
    let quoted = backticked(message);
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let key = quoted.first().copied().unwrap_or(rest);
        let valid = &quoted[quoted.len().min(1)..];
        let d = Diagnostic::at(location, format!("unknown key `{key}` in {what}"));
        return match nearest(key, valid.iter().copied()) {
            Some(suggestion) => d.with_help(format!("did you mean `{suggestion}`?")),
            None if valid.is_empty() => d.with_help(format!("{what} takes no keys")),
            None => d.with_help(format!("valid keys: {}", valid.join(", "))),
        };
    }
    if message.starts_with("missing field ") {
        let key = quoted.first().copied().unwrap_or("?");
        return Diagnostic::at(location, format!("missing key `{key}` in {what}"));
    }
    match key_path(value, &span) {
        Some(path) if message.starts_with("invalid type") => Diagnostic::at(
            location,
            format!("wrong type for `{path}` in {what}: {message}"),
        ),
        Some(path) => Diagnostic::at(
            location,
            format!("invalid value for `{path}` in {what}: {message}"),
        ),
        None => Diagnostic::at(location, format!("invalid {what}: {message}")),
    }
}

/// The `` `quoted` `` words of a serde message, in order.
fn backticked(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

/// The dotted key path (`columns[2].type`) of the innermost value whose span contains
/// `span`, relative to `value`.
fn key_path(value: &Spanned<DeValue<'_>>, span: &Range<usize>) -> Option<String> {
    let contains = |v: &Spanned<DeValue<'_>>| {
        let s = v.span();
        s.start <= span.start && span.end <= s.end
    };
    match value.get_ref() {
        DeValue::Table(table) => table.iter().find(|(_, v)| contains(v)).map(|(k, v)| {
            let key = k.get_ref().to_string();
            match key_path(v, span) {
                Some(inner) if inner.starts_with('[') => format!("{key}{inner}"),
                Some(inner) => format!("{key}.{inner}"),
                None => key,
            }
        }),
        DeValue::Array(items) => {
            items
                .iter()
                .enumerate()
                .find(|(_, v)| contains(v))
                .map(|(i, v)| match key_path(v, span) {
                    Some(inner) if inner.starts_with('[') => format!("[{i}]{inner}"),
                    Some(inner) => format!("[{i}].{inner}"),
                    None => format!("[{i}]"),
                })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Entry {
        name: String,
        #[serde(default)]
        transient: bool,
        #[serde(default)]
        columns: Vec<Column>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Column {
        name: String,
        nullable: Option<bool>,
    }

    fn first_error(text: &str) -> Diagnostic {
        let file = SourceFile::new("t.toml".into(), text.to_string());
        let (doc, syntax) = parse(&file);
        assert!(syntax.is_empty(), "{syntax:?}");
        let entries = doc
            .get_ref()
            .get("table")
            .unwrap()
            .get_ref()
            .as_array()
            .unwrap();
        deserialize::<Entry>(&entries[0], "[[table]]", &file).unwrap_err()
    }

    #[test]
    fn unknown_keys_suggest_the_nearest() {
        let d = first_error("[[table]]\nname = 'x'\nnmae = 1\n");
        assert_eq!(d.message, "unknown key `nmae` in [[table]]");
        assert_eq!(d.help.as_deref(), Some("did you mean `name`?"));
        assert_eq!(d.position().unwrap(), "t.toml:3:1");
    }

    #[test]
    fn wrong_types_name_the_key_path() {
        let d = first_error("[[table]]\nname = 'x'\ncolumns = [{ name = 'a', nullable = 'no' }]\n");
        assert_eq!(
            d.message,
            "wrong type for `columns[0].nullable` in [[table]]: invalid type: string \"no\", expected a boolean"
        );
        assert_eq!(d.position().unwrap(), "t.toml:3:37");
    }

    #[test]
    fn missing_keys_point_at_the_table() {
        let d = first_error("\n[[table]]\ntransient = true\n");
        assert_eq!(d.message, "missing key `name` in [[table]]");
        assert_eq!(d.position().unwrap(), "t.toml:2:1");
    }

    #[test]
    fn syntax_errors_keep_one_per_line() {
        let file = SourceFile::new("t.toml".into(), "a = [1,\nb = \nc = 'x\n".into());
        let (_, errors) = parse(&file);
        let lines: Vec<usize> = errors
            .iter()
            .map(|d| d.location.as_ref().unwrap().line)
            .collect();
        let mut unique = lines.clone();
        unique.dedup();
        assert_eq!(lines, unique);
        assert!(errors[0].message.starts_with("TOML syntax error: "));
    }

    #[test]
    fn invalid_utf8_points_at_the_first_bad_byte() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, b"a = 1\nb = \"\xff\"\n").unwrap();
        let d = read(&path, "bad.toml".into()).unwrap_err();
        assert_eq!(d.position().unwrap(), "bad.toml:2:6");
    }
}
