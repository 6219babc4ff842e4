//! Source files as loaded: their text, the path shown to the user, and the translation of
//! byte offsets (what the TOML parser reports) into `line:column` positions.
//!
//! This module knows nothing about TOML or diagnostics beyond producing [`Location`]s.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A position in a source file, with what is needed to show it: the text around it and the
/// width of the caret under the offending span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The path as shown to the user: relative to the project directory when inside it.
    pub(crate) file: PathBuf,
    /// 1-based line.
    pub(crate) line: usize,
    /// 1-based column, counted in characters.
    pub(crate) column: usize,
    /// The text of `line` around the span, without its line break: the whole line when it
    /// has at most [`MAX_SHOWN_LINE`] characters, else that many characters around the
    /// span. A huge line (a 1 MiB value, a file of garbage on one line) is never copied
    /// whole into every diagnostic that points into it.
    pub(crate) source_line: String,
    /// How many characters of the line precede `source_line` (0 when it starts the line).
    pub(crate) source_offset: usize,
    /// Whether the line goes on after `source_line`.
    pub(crate) source_cut: bool,
    /// How many characters the caret covers (at least 1), counted from `column`.
    pub width: usize,
}

/// The most characters of a line a [`Location`] keeps; longer lines are cut to a window of
/// this many characters centred on the span.
pub(crate) const MAX_SHOWN_LINE: usize = 120;

impl Location {
    /// `file:line:column`, as editors and terminals link it.
    pub fn position(&self) -> String {
        format!("{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// One loaded file.
#[derive(Clone, Debug)]
pub(crate) struct SourceFile {
    path: PathBuf,
    text: String,
    line_starts: Vec<usize>,
    /// Built on the first [`SourceFile::locate`]: a file nothing points into never pays.
    chars: OnceLock<CharIndex>,
}

impl SourceFile {
    pub(crate) fn new(path: PathBuf, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            path,
            text,
            line_starts,
            chars: OnceLock::new(),
        }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// The source text under `span`, or `""` when the span is not inside the file.
    pub(crate) fn slice(&self, span: Range<usize>) -> &str {
        self.text.get(span).unwrap_or("")
    }

    /// The 1-based line holding byte `offset` (clamped to the file), by binary search.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.line_index(floor_boundary(&self.text, offset)) + 1
    }

    fn line_index(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&line_start| line_start <= offset)
            .saturating_sub(1)
    }

    /// The location of `span`. Offsets past the end or inside a character are clamped, so
    /// any span a parser reports, however odd, yields a location.
    ///
    /// The cost does not grow with the file or the line: the line is found by binary
    /// search, columns are counted through a per-block character index, and at most
    /// [`MAX_SHOWN_LINE`] characters of the line are copied. Loading a file of a million
    /// errors therefore costs a million small steps, not a million scans of the file.
    pub(crate) fn locate(&self, span: Range<usize>) -> Location {
        let text = self.text.as_str();
        let chars = self.chars.get_or_init(|| CharIndex::new(text));
        let start = floor_boundary(text, span.start);
        let end = floor_boundary(text, span.end.max(start));
        let line_index = self.line_index(start);
        let line_start = self.line_starts.get(line_index).copied().unwrap_or(0);
        // The next line's start is one past this line's `\n`.
        let line_end = self
            .line_starts
            .get(line_index + 1)
            .map_or(text.len(), |next| next - 1);
        let line_end = if text[line_start..line_end].ends_with('\r') {
            line_end - 1
        } else {
            line_end
        };
        let start = start.min(line_end.max(line_start));
        let column = chars.between(text, line_start, start) + 1;
        let caret_end = end.min(line_end).max(start);
        let width = chars.between(text, start, caret_end).max(1);
        let line_chars = chars.between(text, line_start, line_end);
        let (from, to) = if line_chars <= MAX_SHOWN_LINE {
            (line_start, line_end)
        } else {
            let half = MAX_SHOWN_LINE / 2;
            (
                back_chars(text, start, half, line_start),
                forward_chars(text, start, half, line_end),
            )
        };
        Location {
            file: self.path.clone(),
            line: line_index + 1,
            column,
            source_line: text[from..to].to_string(),
            source_offset: chars.between(text, line_start, from),
            source_cut: to < line_end,
            width,
        }
    }
}

/// Bytes per block of [`CharIndex`]: the index costs one `usize` per block, and counting
/// within a block reads at most this many bytes.
const CHAR_BLOCK: usize = 4096;

/// Counts the characters between two byte offsets without scanning from the line start.
#[derive(Clone, Debug)]
struct CharIndex {
    /// The characters before each block start; `None` for ASCII text, where a character
    /// is a byte.
    before_block: Option<Vec<usize>>,
}

impl CharIndex {
    fn new(text: &str) -> Self {
        if text.is_ascii() {
            return CharIndex { before_block: None };
        }
        let mut before = 0;
        let before_block = text
            .as_bytes()
            .chunks(CHAR_BLOCK)
            .map(|block| {
                let at_start = before;
                before += char_starts(block);
                at_start
            })
            .collect();
        CharIndex {
            before_block: Some(before_block),
        }
    }

    /// The characters before byte `offset`, which is a char boundary.
    fn before(&self, text: &str, offset: usize) -> usize {
        match &self.before_block {
            None => offset,
            Some(blocks) => {
                let block = offset / CHAR_BLOCK;
                let counted = blocks.get(block).copied().unwrap_or(0);
                counted + char_starts(&text.as_bytes()[block * CHAR_BLOCK..offset])
            }
        }
    }

    /// The characters in `from..to` (char boundaries, `from <= to`).
    fn between(&self, text: &str, from: usize, to: usize) -> usize {
        self.before(text, to) - self.before(text, from)
    }
}

/// How many characters start in `bytes`: every byte that is not a UTF-8 continuation
/// byte (`10xxxxxx`).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

/// The offset `n` characters before `offset`, not before `floor`.
fn back_chars(text: &str, offset: usize, n: usize, floor: usize) -> usize {
    text[floor..offset]
        .char_indices()
        .rev()
        .take(n)
        .last()
        .map_or(offset, |(i, _)| floor + i)
}

/// The offset `n` characters after `offset`, not after `ceiling`.
fn forward_chars(text: &str, offset: usize, n: usize, ceiling: usize) -> usize {
    text[offset..ceiling]
        .char_indices()
        .nth(n)
        .map_or(ceiling, |(i, _)| offset + i)
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
