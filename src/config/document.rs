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

use super::diagnostic::{Diagnostic, MAX_DIAGNOSTICS};
use super::source::SourceFile;
use super::suggest::nearest;

/// Reads `path` (shown to the user as `shown`). Invalid UTF-8 is a diagnostic pointing at
/// the first bad byte.
pub(crate) fn read(path: &Path, shown: PathBuf) -> Result<SourceFile, Diagnostic> {
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

/// Why a file could not be parsed: its first syntax errors, one per line, at most
/// [`MAX_DIAGNOSTICS`] of them, and how many further lines have one.
#[derive(Debug)]
pub(crate) struct SyntaxErrors {
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Lines with a syntax error beyond the ones in `diagnostics`: counted, not described.
    pub(crate) more: usize,
}

/// Parses a file into a spanned tree, or reports its syntax errors. Only the first syntax
/// error of each line is kept (the rest are usually echoes), and only the first
/// [`MAX_DIAGNOSTICS`] lines get a diagnostic; the others are counted.
///
/// Bad input costs time and memory in proportion to its size, whatever it holds. A valid
/// file is parsed once, by `toml`'s parser that stops keeping errors after the first. Only
/// when that fails is the file parsed again to find its errors — with a sink that turns
/// each into a line number (a binary search) and builds at most [`MAX_DIAGNOSTICS`]
/// diagnostics, instead of `toml`'s recovering parse, which allocates a message for every
/// error (a file of a million `=` is a million of them).
pub(crate) fn parse(file: &SourceFile) -> Result<Spanned<DeTable<'_>>, SyntaxErrors> {
    let first = match DeTable::parse(file.text()) {
        Ok(table) => return Ok(table),
        Err(first) => first,
    };
    let mut sink = LineSink::new(file);
    let source = toml_parser::Source::new(file.text());
    let tokens = source.lex().into_vec();
    let mut decode = Decode { source };
    let mut whitespace = toml_parser::parser::ValidateWhitespace::new(&mut decode, source);
    let mut guard = toml_parser::parser::RecursionGuard::new(&mut whitespace, MAX_NESTING);
    toml_parser::parser::parse_document(&tokens, &mut guard, &mut sink);
    drop(tokens);
    if sink.diagnostics.is_empty() {
        // What is wrong is past the grammar (a duplicate key, a table defined twice):
        // `toml`'s document layer finds it. There is at most one such error per key or
        // table header, so the recovering parse costs no more than the tree itself.
        let (_, errors) = DeTable::parse_recoverable(file.text());
        for error in errors.iter().chain(errors.is_empty().then_some(&first)) {
            let span = error.span().unwrap_or(0..0);
            sink.add(span, || error.message().trim().to_string());
        }
    }
    Err(SyntaxErrors {
        diagnostics: sink.diagnostics,
        more: sink.more,
    })
}

/// The nesting `toml` allows (its parser's recursion limit), so that this pass reports
/// too-deep input where `toml` does.
const MAX_NESTING: u32 = 80;

/// Turns parse errors into diagnostics: the first error of each line, the first
/// [`MAX_DIAGNOSTICS`] lines; later lines are only counted.
struct LineSink<'f> {
    file: &'f SourceFile,
    /// One bit per line of the file: whether it has an error already.
    seen: Vec<u64>,
    diagnostics: Vec<Diagnostic>,
    more: usize,
}

impl<'f> LineSink<'f> {
    fn new(file: &'f SourceFile) -> Self {
        let lines = file.line_of(file.text().len());
        LineSink {
            file,
            seen: vec![0; lines / 64 + 1],
            diagnostics: Vec::new(),
            more: 0,
        }
    }

    fn add(&mut self, span: Range<usize>, message: impl FnOnce() -> String) {
        let line = self.file.line_of(span.start);
        let (word, bit) = (line / 64, 1u64 << (line % 64));
        let Some(bits) = self.seen.get_mut(word) else {
            return;
        };
        if *bits & bit != 0 {
            return;
        }
        *bits |= bit;
        if self.diagnostics.len() < MAX_DIAGNOSTICS {
            self.diagnostics.push(Diagnostic::at(
                self.file.locate(span),
                format!("TOML syntax error: {}", message()),
            ));
        } else {
            self.more += 1;
        }
    }
}

impl toml_parser::ErrorSink for LineSink<'_> {
    fn report_error(&mut self, error: toml_parser::ParseError) {
        let span = error
            .unexpected()
            .map_or(0..0, |span| span.start()..span.end());
        self.add(span, || describe_parse_error(&error));
    }
}

/// A parse error's message, worded as `toml` words it (`toml::de::Error::message`), so a
/// syntax error reads the same whichever pass found it.
fn describe_parse_error(error: &toml_parser::ParseError) -> String {
    let mut message = error.description().trim().to_string();
    if let Some(expected) = error.expected() {
        message.push_str(", expected ");
        if expected.is_empty() {
            message.push_str("nothing");
        }
        for (i, expected) in expected.iter().enumerate() {
            if i != 0 {
                message.push_str(", ");
            }
            match expected {
                toml_parser::Expected::Literal("\n") => message.push_str("newline"),
                toml_parser::Expected::Literal("`") => message.push_str("'`'"),
                toml_parser::Expected::Literal(text)
                    if text.chars().all(|c| c.is_ascii_control()) =>
                {
                    message.push_str(&format!("`{}`", text.escape_debug()));
                }
                toml_parser::Expected::Literal(text) => message.push_str(&format!("`{text}`")),
                toml_parser::Expected::Description(text) => message.push_str(text),
                _ => message.push_str("etc"),
            }
        }
    }
    message
}

/// Decodes every key and scalar and throws the result away: what is left of `toml`'s
/// checks once the grammar holds (string escapes, number and date forms), minus building
/// the tree.
struct Decode<'s> {
    source: toml_parser::Source<'s>,
}

impl<'s> Decode<'s> {
    /// The raw text of the token at `span`.
    fn raw(
        &self,
        span: toml_parser::Span,
        encoding: Option<toml_parser::decoder::Encoding>,
    ) -> toml_parser::Raw<'s> {
        let text = self
            .source
            .input()
            .get(span.start()..span.end())
            .unwrap_or("");
        toml_parser::Raw::new_unchecked(text, encoding, span)
    }
}

impl toml_parser::parser::EventReceiver for Decode<'_> {
    fn simple_key(
        &mut self,
        span: toml_parser::Span,
        encoding: Option<toml_parser::decoder::Encoding>,
        error: &mut dyn toml_parser::ErrorSink,
    ) {
        self.raw(span, encoding).decode_key(&mut (), error);
    }

    fn scalar(
        &mut self,
        span: toml_parser::Span,
        encoding: Option<toml_parser::decoder::Encoding>,
        error: &mut dyn toml_parser::ErrorSink,
    ) {
        let _kind = self.raw(span, encoding).decode_scalar(&mut (), error);
    }
}

/// Deserialises `value` as a `T`, describing it as `what` (e.g. "[[table]]") in messages.
pub(crate) fn deserialize<'de, T: Deserialize<'de>>(
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
        let doc = parse(&file).unwrap();
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
        let errors = parse(&file).unwrap_err();
        assert_eq!(errors.more, 0);
        let errors = errors.diagnostics;
        assert!(errors.len() >= 2, "{errors:?}");
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
    fn syntax_errors_past_the_cap_are_counted_not_built() {
        let file = SourceFile::new("t.toml".into(), "= 1\n".repeat(1000));
        let errors = parse(&file).unwrap_err();
        assert_eq!(errors.diagnostics.len(), MAX_DIAGNOSTICS);
        assert_eq!(errors.more, 1000 - MAX_DIAGNOSTICS);
        let last = errors.diagnostics[MAX_DIAGNOSTICS - 1]
            .location
            .as_ref()
            .unwrap();
        assert_eq!((last.line, last.column), (MAX_DIAGNOSTICS, 1));
    }

    #[test]
    fn a_huge_bad_line_is_one_short_diagnostic() {
        // 1 MiB of `=` is one line with an error at every byte: one diagnostic, and the
        // line it shows is a window, not the megabyte.
        let file = SourceFile::new("t.toml".into(), "=".repeat(1 << 20));
        let errors = parse(&file).unwrap_err();
        assert_eq!((errors.diagnostics.len(), errors.more), (1, 0));
        let location = errors.diagnostics[0].location.as_ref().unwrap();
        assert_eq!((location.line, location.column), (1, 1));
        assert!(location.source_line.len() <= crate::config::source::MAX_SHOWN_LINE);
        assert!(errors.diagnostics[0].to_string().len() < 400);
    }

    #[test]
    fn errors_past_the_grammar_are_found_too() {
        // A duplicate key is valid grammar: `toml`'s document layer reports it.
        let file = SourceFile::new("t.toml".into(), "a = 1\nb = 2\na = 3\nb = 4\n".into());
        let errors = parse(&file).unwrap_err().diagnostics;
        let lines: Vec<usize> = errors
            .iter()
            .map(|d| d.location.as_ref().unwrap().line)
            .collect();
        assert_eq!(lines, [3, 4]);
        assert!(
            errors[0].message.starts_with("TOML syntax error: "),
            "{errors:?}"
        );
        // A bad escape is valid grammar but not a valid string.
        let file = SourceFile::new("t.toml".into(), "a = \"\\q\"\nb = 1\n".into());
        let errors = parse(&file).unwrap_err().diagnostics;
        assert_eq!(errors.len(), 1, "{errors:?}");
        // Where `toml` itself points: at the character after the backslash.
        let toml_span = DeTable::parse(file.text()).unwrap_err().span().unwrap();
        assert_eq!(toml_span.start, 6);
        assert_eq!(errors[0].position().unwrap(), "t.toml:1:7");
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
