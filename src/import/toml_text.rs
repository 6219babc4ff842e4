//! TOML value text for schema files written by import: strings, SQL bodies as
//! multi-line literal strings, arrays and inline tables.
//!
//! Hand-written rather than serialised so the files read like the ones people write:
//! one `[[kind]]` table per object, keys in a fixed order, SQL kept verbatim. Not a
//! general TOML serialiser.

/// A basic (double-quoted) TOML string with everything TOML requires escaped.
pub(crate) fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// SQL text: a multi-line literal string (`'''`, kept verbatim) when it spans lines and
/// can be one, a basic string otherwise.
pub(crate) fn sql(text: &str) -> String {
    let literal_ok = text.contains('\n')
        && !text.contains("'''")
        && text
            .chars()
            .all(|c| !c.is_control() || c == '\n' || c == '\t' || c == '\r');
    // A literal string may end with up to two quotes before its closing delimiter.
    if literal_ok && !text.ends_with("'''") {
        format!("'''\n{text}'''")
    } else {
        string(text)
    }
}

/// `["a", "b"]`.
pub(crate) fn string_array<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.into_iter().map(string).collect();
    format!("[{}]", items.join(", "))
}

/// A key as written: bare when it can be, quoted otherwise.
pub(crate) fn key(name: &str) -> String {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        name.to_string()
    } else {
        string(name)
    }
}

/// `{ a = 1, b = "x" }` from already-rendered values.
pub(crate) fn inline_table(entries: &[(String, String)]) -> String {
    if entries.is_empty() {
        return "{}".to_string();
    }
    let entries: Vec<String> = entries
        .iter()
        .map(|(k, v)| format!("{} = {v}", key(k)))
        .collect();
    format!("{{ {} }}", entries.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_value(rendered: &str) -> toml::Value {
        let doc: toml::Table = toml::from_str(&format!("v = {rendered}")).unwrap();
        doc["v"].clone()
    }

    #[test]
    fn strings_round_trip() {
        for text in ["plain", "quote \" and \\ back", "tab\tnew\nline", "\u{1}"] {
            assert_eq!(parse_value(&string(text)).as_str(), Some(text));
        }
    }

    #[test]
    fn sql_bodies_round_trip_verbatim() {
        for text in [
            "begin\n  return 'x';\nend;",
            "select 'a'\nfrom t where c = ''",
            "one line",
            "has ''' inside\nx",
            "ends with quote\n'",
            "\nstarts with a newline\n",
        ] {
            assert_eq!(parse_value(&sql(text)).as_str(), Some(text), "{text}");
        }
        assert!(sql("begin\nend;").starts_with("'''\n"));
    }

    #[test]
    fn inline_tables_and_arrays_parse() {
        let rendered = inline_table(&[
            ("skip_header".into(), "1".into()),
            ("null_if".into(), string_array(["NULL", ""])),
        ]);
        let value = parse_value(&rendered);
        assert_eq!(value["skip_header"].as_integer(), Some(1));
        assert_eq!(value["null_if"].as_array().unwrap().len(), 2);
    }
}
