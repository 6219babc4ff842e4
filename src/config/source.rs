//! Source files as loaded: their text, the path shown to the user, and the translation of
//! byte offsets (what the TOML parser reports) into `line:column` positions.
//!
//! This module knows nothing about TOML or diagnostics beyond producing [`Location`]s.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// A position in a source file, with what is needed to show it: the line's text and the
/// width of the caret under the offending span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The path as shown to the user: relative to the project directory when inside it.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The text of `line`, without its line break.
    pub source_line: String,
    /// How many characters of `source_line` the caret covers (at least 1).
    pub width: usize,
}

impl Location {
    /// `file:line:column`, as editors and terminals link it.
    pub fn position(&self) -> String {
        format!("{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// One loaded file.
#[derive(Clone, Debug)]
pub struct SourceFile {
    path: PathBuf,
    text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            path,
            text,
            line_starts,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The source text under `span`, or `""` when the span is not inside the file.
    pub fn slice(&self, span: Range<usize>) -> &str {
        self.text.get(span).unwrap_or("")
    }

    /// The location of `span`. Offsets past the end or inside a character are clamped, so
    /// any span a parser reports, however odd, yields a location.
    pub fn locate(&self, span: Range<usize>) -> Location {
        let start = floor_boundary(&self.text, span.start);
        let end = floor_boundary(&self.text, span.end.max(start));
        let line_index = self
            .line_starts
            .partition_point(|&line_start| line_start <= start)
            .saturating_sub(1);
        let line_start = self.line_starts.get(line_index).copied().unwrap_or(0);
        let line_end = self.text[line_start..]
            .find('\n')
            .map_or(self.text.len(), |i| line_start + i);
        let line_text = self.text[line_start..line_end].trim_end_matches('\r');
        let column = self.text[line_start..start].chars().count() + 1;
        let caret_end = end.min(line_start + line_text.len()).max(start);
        let width = self.text[start..caret_end].chars().count().max(1);
        Location {
            file: self.path.clone(),
            line: line_index + 1,
            column,
            source_line: line_text.to_string(),
            width,
        }
    }
}

/// The largest char boundary of `text` at or before `offset`.
fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(PathBuf::from("schema/x.toml"), text.to_string())
    }

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let f = file("a = 1\nnamé = \"x\"\r\nlast");
        let l = f.locate(14..17);
        assert_eq!((l.line, l.column, l.width), (2, 8, 3));
        assert_eq!(l.source_line, "namé = \"x\"");
        assert_eq!(l.position(), "schema/x.toml:2:8");
        assert_eq!(f.locate(0..0).position(), "schema/x.toml:1:1");
    }

    #[test]
    fn odd_spans_are_clamped() {
        let f = file("é\nb");
        assert_eq!(f.locate(1..1).column, 1);
        let end = f.locate(100..200);
        assert_eq!((end.line, end.column, end.width), (2, 2, 1));
        let across = f.locate(0..4);
        assert_eq!((across.line, across.width), (1, 1));
    }
}
