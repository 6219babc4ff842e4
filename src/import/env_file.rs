//! Adding names to the environment file's `external` list, editing its text in place so
//! that everything else — other keys, comments, layout — stays as the user wrote it.
//!
//! `external` lives in the environment file (it says what this environment may reference
//! without declaring), so that is where import lists the lake containers it cannot read.
//! The edit appends to an existing `external = [...]` after its last entry, or adds an
//! `external` line after the file's last top-level key (top-level keys must come before
//! the first `[section]`). The result is parsed again and must hold every name, or the
//! edit is refused.

use toml::de::{DeTable, DeValue};

use super::toml_text::string;

#[derive(Debug, thiserror::Error)]
pub(crate) enum EnvFileError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("the environment file is not valid TOML: {0}")]
    Syntax(String),
    #[error("`external` in the environment file is not an array")]
    NotAnArray,
    #[error("adding {0:?} to `external` did not give a file that lists them; add them by hand")]
    Unverified(Vec<String>),
}

/// The key import edits.
const KEY: &str = "external";

/// `text` with `names` added to its `external` list (those already listed are not added
/// again). Returns `text` unchanged when there is nothing to add.
pub(crate) fn add_external(text: &str, names: &[String]) -> Result<String, EnvFileError> {
    let listed = external_entries(text)?;
    let new: Vec<&String> = names.iter().filter(|n| !listed.contains(n)).collect();
    if new.is_empty() {
        return Ok(text.to_string());
    }
    let quoted: Vec<String> = new.iter().map(|n| string(n)).collect();
    let tree = DeTable::parse(text).map_err(|e| EnvFileError::Syntax(e.message().to_string()))?;
    let mut last_value_end: Option<usize> = None;
    let mut first_header: Option<usize> = None;
    let mut edited = None;
    for (key, value) in tree.get_ref() {
        let line_start = text[..key.span().start].rfind('\n').map_or(0, |i| i + 1);
        let is_header = text[line_start..].trim_start().starts_with('[');
        if key.get_ref() == KEY {
            let DeValue::Array(items) = value.get_ref() else {
                return Err(EnvFileError::NotAnArray);
            };
            // After the last entry (a trailing comma or comment after it stays valid), or
            // just inside the `[` of an empty list.
            let (at, insert) = match items.iter().last() {
                Some(last) => (last.span().end, format!(", {}", quoted.join(", "))),
                None => (value.span().start + 1, quoted.join(", ")),
            };
            edited = Some(splice(text, at, &insert));
            break;
        }
        if is_header {
            first_header = Some(first_header.map_or(line_start, |h| h.min(line_start)));
        } else {
            let end = value.span().end;
            last_value_end = Some(last_value_end.map_or(end, |e| e.max(end)));
        }
    }
    let edited = match edited {
        Some(edited) => edited,
        None => {
            let line = format!(
                "{KEY} = [{}]   # added by `lakeform import`: lake containers its stages use that lakeform cannot read\n",
                quoted.join(", ")
            );
            let at = match (last_value_end, first_header) {
                (Some(end), _) => text[end..].find('\n').map_or(text.len(), |i| end + i + 1),
                (None, Some(header)) => header,
                (None, None) => text.len(),
            };
            let needs_newline = at > 0 && !text[..at].ends_with('\n');
            let line = if needs_newline {
                format!("\n{line}")
            } else {
                line
            };
            splice(text, at, &line)
        }
    };
    let now = external_entries(&edited)?;
    let missing: Vec<String> = names.iter().filter(|n| !now.contains(n)).cloned().collect();
    if missing.is_empty() {
        Ok(edited)
    } else {
        Err(EnvFileError::Unverified(missing))
    }
}

fn splice(text: &str, at: usize, insert: &str) -> String {
    let mut out = String::with_capacity(text.len() + insert.len());
    out.push_str(&text[..at]);
    out.push_str(insert);
    out.push_str(&text[at..]);
    out
}

/// The strings of the top-level `external` array.
fn external_entries(text: &str) -> Result<Vec<String>, EnvFileError> {
    let tree = DeTable::parse(text).map_err(|e| EnvFileError::Syntax(e.message().to_string()))?;
    let Some(value) = tree.get_ref().get(KEY) else {
        return Ok(Vec::new());
    };
    let DeValue::Array(items) = value.get_ref() else {
        return Err(EnvFileError::NotAnArray);
    };
    Ok(items
        .iter()
        .filter_map(|item| item.get_ref().as_str().map(str::to_string))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(text: &str, names: &[&str]) -> String {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        add_external(text, &names).unwrap()
    }

    #[test]
    fn a_new_line_goes_after_the_last_top_level_key_keeping_comments() {
        let text = "# my env\ninclude = [\"../schema/*.toml\"]\nbackup = true   # clone first\n\n# vars\n[vars]\ndatabase = \"DB\"\n";
        let edited = add(text, &["landing", "archive"]);
        assert_eq!(
            edited,
            "# my env\ninclude = [\"../schema/*.toml\"]\nbackup = true   # clone first\nexternal = [\"landing\", \"archive\"]   # added by `lakeform import`: lake containers its stages use that lakeform cannot read\n\n# vars\n[vars]\ndatabase = \"DB\"\n"
        );
    }

    #[test]
    fn an_existing_list_is_appended_to_in_place() {
        let one_line = "external = [\"SAMPLE\"] # shared\n[vars]\n";
        assert_eq!(
            add(one_line, &["landing"]),
            "external = [\"SAMPLE\", \"landing\"] # shared\n[vars]\n"
        );
        let multi = "external = [\n  \"SAMPLE\",  # the share\n]\n";
        assert_eq!(
            add(multi, &["landing"]),
            "external = [\n  \"SAMPLE\", \"landing\",  # the share\n]\n"
        );
        let empty = "external = []\n";
        assert_eq!(add(empty, &["landing"]), "external = [\"landing\"]\n");
    }

    #[test]
    fn names_already_listed_are_not_added_twice() {
        let text = "external = [\"landing\"]\n";
        assert_eq!(add(text, &["landing"]), text);
    }

    #[test]
    fn a_file_of_only_sections_or_nothing_gets_the_line_first() {
        assert_eq!(
            add("[vars]\nx = \"1\"\n", &["landing"]),
            "external = [\"landing\"]   # added by `lakeform import`: lake containers its stages use that lakeform cannot read\n[vars]\nx = \"1\"\n"
        );
        assert!(add("include = []", &["landing"]).starts_with("include = []\nexternal = "));
    }

    #[test]
    fn an_external_that_is_not_a_list_is_refused() {
        let names = vec!["landing".to_string()];
        assert!(matches!(
            add_external("external = \"x\"\n", &names),
            Err(EnvFileError::NotAnArray)
        ));
    }
}
