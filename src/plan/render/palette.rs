//! Colours for text output: on only for a terminal, and never when `NO_COLOR` is set.
//!
//! Whatever is painted is escaped first (`output_escape::escape_text`), so the only
//! control sequences in a rendering are the palette's own.

use std::io::IsTerminal;

use anstyle::{AnsiColor, Style};

use crate::output_escape::escape_text;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    enabled: bool,
}

impl Palette {
    /// Colour when stdout is a terminal and `NO_COLOR` is unset or empty.
    pub(crate) fn for_stdout() -> Palette {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Palette {
            enabled: !no_color && std::io::stdout().is_terminal(),
        }
    }

    pub fn plain() -> Palette {
        Palette { enabled: false }
    }

    fn paint(&self, style: Style, text: &str) -> String {
        let text = escape_text(text);
        if self.enabled {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }

    pub(crate) fn added(&self, text: &str) -> String {
        self.paint(AnsiColor::Green.on_default(), text)
    }

    pub(crate) fn removed(&self, text: &str) -> String {
        self.paint(AnsiColor::Red.on_default(), text)
    }

    pub(crate) fn changed(&self, text: &str) -> String {
        self.paint(AnsiColor::Yellow.on_default(), text)
    }

    pub(crate) fn emphasis(&self, text: &str) -> String {
        self.paint(Style::new().bold(), text)
    }

    pub(crate) fn dim(&self, text: &str) -> String {
        self.paint(Style::new().dimmed(), text)
    }

    /// Highlight for the words that changed inside a changed line.
    pub(crate) fn added_word(&self, text: &str) -> String {
        self.paint(AnsiColor::Green.on_default().bold().underline(), text)
    }

    pub(crate) fn removed_word(&self, text: &str) -> String {
        self.paint(AnsiColor::Red.on_default().bold().underline(), text)
    }
}
