//! Escaping of untrusted text before it reaches a terminal or a markdown document.
//!
//! Text lakeform shows comes from the configuration (comments, bodies, identifiers) and
//! from servers (Snowflake error messages, live object definitions). A control character
//! in it is an instruction to the terminal: `ESC [2J` clears the screen, `\r` returns to
//! the start of the line, a bidi override reorders what the reader sees — enough to print
//! "No changes" over a plan that drops a table. Every such character is shown as a
//! visible Rust-style escape (`\u{1b}`) instead, by the one function here, so every
//! renderer escapes the same set. Escaping is idempotent (an escape is printable text),
//! which lets a value be escaped where it is inserted and a whole message again where it
//! is printed.
//!
//! The markdown helpers choose code fences and code spans that no backtick run inside can
//! close, and escape HTML in text outside code (a comment must not be able to close a
//! `<details>` block or start a heading).

use std::borrow::Cow;

/// Whether `c` is shown escaped. `keep_layout` keeps `\n` and `\t`, for text where a line
/// break is part of what is shown (a SQL body, a multi-line message).
fn is_hostile(c: char, keep_layout: bool) -> bool {
    match c {
        '\n' | '\t' => !keep_layout,
        // C0 controls and DEL.
        '\u{0}'..='\u{1f}' | '\u{7f}' => true,
        // C1 controls: U+009B alone is a complete CSI on many terminals.
        '\u{80}'..='\u{9f}' => true,
        // Bidi embeddings, overrides and isolates
        // (https://www.unicode.org/reports/tr9/#Explicit_Directional_Formatting_Characters).
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

fn escape_with(text: &str, keep_layout: bool) -> Cow<'_, str> {
    if !text.chars().any(|c| is_hostile(c, keep_layout)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hostile(c, keep_layout) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` with every control character (but `\n` and `\t`), DEL, C1 control and bidi
/// control written as a visible escape: for messages and SQL bodies, whose line breaks
/// are part of what is shown.
pub(crate) fn escape_text(text: &str) -> Cow<'_, str> {
    escape_with(text, true)
}

/// Like [`escape_text`], but `\n` and `\t` are escaped too: for a value shown inside one
/// line (an address, an attribute value, a table cell), where a line break could fake a
/// line of the report.
pub(crate) fn escape_line(text: &str) -> Cow<'_, str> {
    escape_with(text, false)
}

/// Serialised JSON with the characters `serde_json` leaves raw (DEL, C1 controls, bidi
/// controls) written as `\uXXXX` escapes: the document means exactly the same, and a
/// terminal showing it receives no control character. (`serde_json` already escapes C0
/// controls; outside strings JSON is ASCII, so every hit is inside a string.)
pub(crate) fn json_controls(json: String) -> String {
    if !json.chars().any(|c| is_hostile(c, true)) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if is_hostile(c, true) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// The longest run of consecutive backticks in `text`.
fn longest_backtick_run(text: &str) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

/// A fenced markdown code block holding `body` verbatim (controls escaped): the fence is
/// longer than any backtick run inside, so nothing in the body can close it
/// (https://spec.commonmark.org/0.31.2/#fenced-code-blocks).
pub(crate) fn markdown_fence(info: &str, body: &str) -> String {
    let fence = "`".repeat(longest_backtick_run(body).max(2) + 1);
    format!("{fence}{info}\n{}\n{fence}\n", escape_text(body))
}

/// An inline markdown code span showing `text` on one line: delimited by more backticks
/// than any run inside, padded with a space when the text starts or ends with a backtick
/// (https://spec.commonmark.org/0.31.2/#code-spans). Line breaks are escaped, as a line
/// starting with `#` or `</details>` would otherwise begin a new block.
pub(crate) fn markdown_code(text: &str) -> String {
    let text = escape_line(text);
    let ticks = "`".repeat(longest_backtick_run(&text) + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// Text for markdown outside code: HTML metacharacters escaped (so a value cannot open
/// or close a tag such as `</details>`), backticks written as `&#96;` (so a value cannot
/// open a code span or fence), controls and line breaks escaped. Entities read the same
/// in markdown text and in HTML such as `<summary>`.
pub(crate) fn markdown_text(text: &str) -> String {
    let text = escape_line(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '`' => out.push_str("&#96;"),
            other => out.push(other),
        }
    }
    out
}

/// Text for a quoted Mermaid label (`id["…"]`, `subgraph id["…"]`): controls and line
/// breaks escaped, then every character that could end the string, open a tag, start a
/// markdown string (a leading backtick) or close the enclosing code fence written as a
/// Mermaid entity code (`#quot;`, `#35;` …), which Mermaid turns back into the character
/// (https://mermaid.js.org/syntax/flowchart.html#entity-codes-to-escape-characters).
/// Brackets need no escape inside quotes, but are escaped too so that no parser, however
/// lenient, can take them for node shape delimiters.
pub(crate) fn mermaid_label(text: &str) -> String {
    let text = escape_line(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#38;"),
            '`' => out.push_str("#96;"),
            '[' => out.push_str("#91;"),
            ']' => out.push_str("#93;"),
            '(' => out.push_str("#40;"),
            ')' => out.push_str("#41;"),
            '{' => out.push_str("#123;"),
            '}' => out.push_str("#125;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_as_escapes() {
        assert_eq!(
            escape_text("a\u{1b}[2J No changes"),
            "a\\u{1b}[2J No changes"
        );
        assert_eq!(escape_text("x\ry\u{7f}\u{9b}"), "x\\u{d}y\\u{7f}\\u{9b}");
        assert_eq!(
            escape_text("\u{202e}evil\u{2066}"),
            "\\u{202e}evil\\u{2066}"
        );
        assert_eq!(escape_text("line\n\tnext"), "line\n\tnext");
        assert_eq!(escape_line("line\n\tnext"), "line\\u{a}\\u{9}next");
    }

    #[test]
    fn plain_text_is_borrowed_and_escaping_is_idempotent() {
        assert!(matches!(escape_text("SELECT 'é' -- ok"), Cow::Borrowed(_)));
        let once = escape_line("\u{1b}[31m\n").into_owned();
        assert_eq!(escape_line(&once), once);
    }

    #[test]
    fn json_keeps_its_meaning_without_raw_controls() {
        let value = serde_json::json!({ "comment": "a\u{1b}b\u{9b}c\u{202e}d\u{7f}" });
        let json = json_controls(serde_json::to_string(&value).unwrap());
        assert_eq!(json, r#"{"comment":"a\u001bb\u009bc\u202ed\u007f"}"#);
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn fences_outgrow_backtick_runs() {
        assert_eq!(markdown_fence("sql", "select 1"), "```sql\nselect 1\n```\n");
        let hostile = "x\n```\n# heading\n</details>";
        let fenced = markdown_fence("sql", hostile);
        assert!(fenced.starts_with("````sql\n"), "{fenced}");
        assert!(fenced.ends_with("\n````\n"), "{fenced}");
        assert_eq!(markdown_fence("", "`````"), "``````\n`````\n``````\n");
    }

    #[test]
    fn code_spans_cannot_be_closed_or_broken() {
        assert_eq!(markdown_code("A.B"), "`A.B`");
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code("`x"), "`` `x ``");
        assert_eq!(markdown_code("a\n# h"), "`a\\u{a}# h`");
    }

    #[test]
    fn text_outside_code_escapes_html() {
        assert_eq!(
            markdown_text("</details>\n# x & `y`"),
            "&lt;/details&gt;\\u{a}# x &amp; &#96;y&#96;"
        );
    }

    #[test]
    fn mermaid_labels_cannot_end_their_string() {
        assert_eq!(mermaid_label("\"a<b>\"#"), "#quot;a#lt;b#gt;#quot;#35;");
        assert_eq!(
            mermaid_label("x[1]\n`y` & (z)"),
            "x#91;1#93;\\u#123;a#125;#96;y#96; #38; #40;z#41;"
        );
    }
}
