//! The configuration error type: a [`Diagnostic`] says what is wrong, where (file, line,
//! column, the line itself and a caret under the span) and how to fix it, rendered the way
//! rustc renders its errors. [`ConfigErrors`] is every diagnostic of one load, sorted by
//! file and position and bounded in number.
//!
//! Diagnostics never carry secret values, by construction: `${env:…}` is read only in the
//! connection sections (see `interpolate`), a source line is shown as written (with
//! `${env:NAME}`, not the value), and no message repeats a value read from the
//! environment. The source line is shown with its control characters escaped.

use std::fmt;

use super::source::Location;
use crate::output_escape::escape_text;

/// How many diagnostics one load reports; past this the rest are counted, not shown.
pub(crate) const MAX_DIAGNOSTICS: usize = 50;

/// One problem in the configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub message: String,
    /// Where the problem is; `None` only for problems that precede any file (a missing
    /// environment file, an unreadable project directory). Boxed: diagnostics travel in
    /// `Result`s and should stay small.
    pub location: Option<Box<Location>>,
    pub help: Option<String>,
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn new(message: impl Into<String>, location: Option<Location>) -> Self {
        Diagnostic {
            message: message.into(),
            location: location.map(Box::new),
            help: None,
            notes: Vec::new(),
        }
    }

    pub(crate) fn at(location: Location, message: impl Into<String>) -> Self {
        Diagnostic::new(message, Some(location))
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// `file:line:column`, when the diagnostic has a location.
    pub fn position(&self) -> Option<String> {
        self.location.as_ref().map(|l| l.position())
    }

    fn sort_key(&self) -> (Option<(&std::path::Path, usize, usize)>, &str) {
        (
            self.location
                .as_ref()
                .map(|l| (l.file.as_path(), l.line, l.column)),
            &self.message,
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        let gutter = self
            .location
            .as_ref()
            .map_or(1, |l| l.line.to_string().len());
        let pad = " ".repeat(gutter);
        if let Some(l) = &self.location {
            writeln!(f, "{pad}--> {}", l.position())?;
            writeln!(f, "{pad} |")?;
            let (shown, caret_at, width) = excerpt(l);
            // The line is the user's file: its control characters are shown escaped, and
            // the caret measured on what is shown.
            let before: String = shown.chars().take(caret_at).collect();
            let under: String = shown.chars().skip(caret_at).take(width).collect();
            let width = width + escape_text(&under).chars().count() - under.chars().count();
            writeln!(f, "{} | {}", l.line, escape_text(&shown))?;
            let lead: String = escape_text(&before)
                .chars()
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{pad} | {lead}{}", "^".repeat(width))?;
        }
        for note in &self.notes {
            writeln!(f, "{pad} = note: {note}")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "{pad} = help: {help}")?;
        }
        Ok(())
    }
}

/// The part of the line to show, marked with `…` where the location cut the line (see
/// [`Location::source_line`]). Returns the text, the caret's position in it and the
/// caret's width, kept inside the text shown.
fn excerpt(location: &Location) -> (String, usize, usize) {
    let mut shown = String::with_capacity(location.source_line.len() + 6);
    let mut caret_at = (location.column - 1).saturating_sub(location.source_offset);
    if location.source_offset > 0 {
        shown.push('…');
        caret_at += 1;
    }
    shown.push_str(&location.source_line);
    let room = shown.chars().count().saturating_sub(caret_at);
    if location.source_cut {
        shown.push('…');
    }
    (shown, caret_at, location.width.min(room).max(1))
}

/// Sorts and de-duplicates `diagnostics` and keeps the first [`MAX_DIAGNOSTICS`] of them;
/// returns how many it dropped. The loader calls it after each file, so that however many
/// problems a project has, it holds a bounded number of them at a time.
pub(crate) fn keep_first(diagnostics: &mut Vec<Diagnostic>) -> usize {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
    let dropped = diagnostics.len().saturating_sub(MAX_DIAGNOSTICS);
    diagnostics.truncate(MAX_DIAGNOSTICS);
    dropped
}

/// Every problem found while loading one environment.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ConfigErrors {
    /// Sorted by file and position, at most [`MAX_DIAGNOSTICS`].
    pub diagnostics: Vec<Diagnostic>,
    /// How many further diagnostics were found but not kept.
    pub omitted: usize,
}

impl ConfigErrors {
    /// Sorts, de-duplicates and bounds `diagnostics`.
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> Self {
        let omitted = keep_first(&mut diagnostics);
        ConfigErrors {
            diagnostics,
            omitted,
        }
    }

    /// Counts `more` diagnostics that were found but never built or kept (see
    /// [`keep_first`]).
    pub(crate) fn with_omitted(mut self, more: usize) -> Self {
        self.omitted += more;
        self
    }

    pub fn count(&self) -> usize {
        self.diagnostics.len() + self.omitted
    }
}

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.diagnostics {
            writeln!(f, "{diagnostic}")?;
        }
        if self.omitted > 0 {
            writeln!(
                f,
                "… and {} more error{} not shown",
                self.omitted,
                if self.omitted == 1 { "" } else { "s" }
            )?;
        }
        let count = self.count();
        write!(
            f,
            "error: the configuration has {count} error{}",
            if count == 1 { "" } else { "s" }
        )
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::config::source::{MAX_SHOWN_LINE, SourceFile};

    fn location(line: usize, column: usize) -> Location {
        Location {
            file: PathBuf::from("schema/bronze.toml"),
            line,
            column,
            source_line: "nmae = \"RAW\"".to_string(),
            source_offset: 0,
            source_cut: false,
            width: 4,
        }
    }

    #[test]
    fn renders_like_rustc() {
        let d = Diagnostic::at(location(12, 1), "unknown key `nmae` in [[table]]")
            .with_help("did you mean `name`?");
        assert_eq!(
            d.to_string(),
            "error: unknown key `nmae` in [[table]]\n  --> schema/bronze.toml:12:1\n   |\n12 | nmae = \"RAW\"\n   | ^^^^\n   = help: did you mean `name`?\n"
        );
    }

    #[test]
    fn long_lines_are_shown_around_the_caret() {
        let file = SourceFile::new("schema/bronze.toml".into(), "x".repeat(1000));
        let l = file.locate(499..502);
        assert_eq!(l.source_line.len(), MAX_SHOWN_LINE);
        let text = Diagnostic::at(l, "deep").to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[3].starts_with("1 | …") && lines[3].ends_with('…'));
        assert!(lines[3].chars().count() < 130);
        assert_eq!(lines[4], format!("  | {}^^^", " ".repeat(61)));
    }

    #[test]
    fn sorted_and_bounded() {
        let mut many: Vec<Diagnostic> = (0..60)
            .rev()
            .map(|i| Diagnostic::at(location(i + 1, 1), format!("problem {i} with text")))
            .collect();
        many.push(Diagnostic::new("no file", None));
        let errors = ConfigErrors::new(many);
        assert_eq!(errors.diagnostics.len(), MAX_DIAGNOSTICS);
        assert_eq!(errors.omitted, 11);
        assert_eq!(errors.diagnostics[0].message, "no file");
        // Messages are kept as built: nothing rewrites them.
        assert_eq!(errors.diagnostics[1].message, "problem 0 with text");
        assert!(errors.to_string().ends_with("has 61 errors"));
    }

    #[test]
    fn the_echoed_line_is_escaped_and_the_caret_follows() {
        let mut l = location(3, 12);
        l.source_line = "comment = \"\u{1b}[2J No changes\"".to_string();
        l.width = 1;
        let text = Diagnostic::at(l, "bad").to_string();
        assert!(!text.contains('\u{1b}'), "{text}");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[3], "3 | comment = \"\\u{1b}[2J No changes\"");
        assert_eq!(lines[4], format!("  | {}^^^^^^", " ".repeat(11)));
    }
}
