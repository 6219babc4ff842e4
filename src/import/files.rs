//! Schema files from a [`Selection`]: `account.toml` for the database, warehouses and
//! storage integrations, and one `<schema>.toml` per schema whose `[defaults]` name the
//! database and schema, so objects and same-schema references are written short.
//!
//! Every string goes through the environment's [`Substitution`], so values that came
//! from variables (`PACIFICRETAIL_DEV`) are written back as `${database}`. Values equal
//! to what the config fills in by default are left out.

use super::entry::Writer;
use super::selection::Selection;
use super::variables::Substitution;
use crate::kinds::container::Container;
use crate::model::Object;
use crate::model::identifier::{Ident, ObjectName, SchemaName};

/// The editor hint every schema file starts with.
pub(crate) const SCHEMA_DIRECTIVE: &str = "#:schema ./lakeform.schema.json";

/// The file of the database and the account-level objects.
pub(crate) const ACCOUNT_FILE: &str = "account.toml";

/// The file of the lake containers.
pub(crate) const LAKE_FILE: &str = "lake.toml";

/// One file to write: its name (no directory) and contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SchemaFile {
    pub(crate) file_name: String,
    pub(crate) text: String,
}

/// Renders `selection` as schema files, the account-level file first.
pub(crate) fn render(
    selection: &Selection,
    substitution: &Substitution,
    origin: &str,
    owner_of: &dyn Fn(&Object) -> Option<Ident>,
) -> Vec<SchemaFile> {
    let mut files = Vec::new();
    let writer = Writer::new(substitution);
    let entry = |o: &Object, schema: Option<&SchemaName>| {
        let mut entry = o.import(&writer, schema);
        if let Some(owner) = owner_of(o) {
            entry.set("owner", writer.text(&owner.to_sql()));
        }
        entry.render()
    };
    let entries: Vec<String> = selection.account.iter().map(|o| entry(o, None)).collect();
    if !entries.is_empty() {
        let mut text = header(origin);
        for entry in entries {
            text.push('\n');
            text.push_str(&entry);
        }
        files.push(SchemaFile {
            file_name: ACCOUNT_FILE.to_string(),
            text,
        });
    }
    for (schema, contents) in &selection.schemas {
        let mut text = header(origin);
        text.push_str(&format!(
            "\n[defaults]\ndatabase = {}\nschema = {}\n",
            writer.text(&schema.database.to_sql()),
            writer.text(&schema.schema.to_sql())
        ));
        let objects = contents.schema.iter().chain(&contents.objects);
        let entries: Vec<String> = objects.map(|o| entry(o, Some(schema))).collect();
        // Everything in it declared elsewhere already: no file of only defaults.
        if entries.is_empty() {
            continue;
        }
        for entry in entries {
            text.push('\n');
            text.push_str(&entry);
        }
        files.push(SchemaFile {
            file_name: format!("{}.toml", file_stem(&schema.schema)),
            text,
        });
    }
    files
}

/// The lake containers the imported stages use, and the queues and Event Grid
/// subscriptions that announce their files (`notifications`), read from the lake, as
/// `lake.toml`; `None` when there are none.
pub(crate) fn render_lake(
    containers: &[Container],
    notifications: &[Object],
    substitution: &Substitution,
    origin: &str,
) -> Option<SchemaFile> {
    if containers.is_empty() && notifications.is_empty() {
        return None;
    }
    let writer = Writer::new(substitution);
    let mut text = header(origin);
    text.push_str("# The lake containers its stages read, as the lake holds them.\n");
    let objects = containers
        .iter()
        .map(|c| Object::Container(c.clone()))
        .chain(notifications.iter().cloned());
    for object in objects {
        text.push('\n');
        text.push_str(&object.import(&writer, None).render());
    }
    Some(SchemaFile {
        file_name: LAKE_FILE.to_string(),
        text,
    })
}

fn header(origin: &str) -> String {
    format!("{SCHEMA_DIRECTIVE}\n# Imported by `lakeform import` from {origin}.\n")
}

/// A file name for a schema: lower case, anything but letters, digits and `_` as `_`.
fn file_stem(schema: &Ident) -> String {
    schema
        .as_str()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// `name` relative to `from`: `NAME` in the same schema, `SCHEMA.NAME` in the same
/// database, in full otherwise — how config resolves short names.
pub(crate) fn relative(name: &ObjectName, from: &SchemaName) -> String {
    if name.database != from.database {
        name.to_string()
    } else if name.schema != from.schema {
        format!("{}.{}", name.schema, name.name)
    } else {
        name.name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_shortened_relative_to_the_referring_schema() {
        let from = SchemaName::parse("PR.SILVER").unwrap();
        let name = |text| ObjectName::parse(text).unwrap();
        assert_eq!(relative(&name("PR.SILVER.T"), &from), "T");
        assert_eq!(relative(&name("PR.BRONZE.T"), &from), "BRONZE.T");
        assert_eq!(relative(&name("OTHER.BRONZE.T"), &from), "OTHER.BRONZE.T");
        assert_eq!(relative(&name("PR.SILVER.\"Mixed\""), &from), "\"Mixed\"");
    }

    #[test]
    fn file_names_are_lower_case_and_safe() {
        assert_eq!(file_stem(&Ident::parse("BRONZE").unwrap()), "bronze");
        assert_eq!(
            file_stem(&Ident::parse("\"My Schema\"").unwrap()),
            "my_schema"
        );
    }
}
