//! Schema files from a [`Selection`]: `account.toml` for the database, warehouses and
//! storage integrations, and one `<schema>.toml` per schema whose `[defaults]` name the
//! database and schema, so objects and same-schema references are written short.
//!
//! Every string goes through the environment's [`Substitution`], so values that came
//! from variables (`PACIFICRETAIL_DEV`) are written back as `${database}`. Values equal
//! to what the config fills in by default are left out.

use super::selection::Selection;
use super::toml_text::{inline_table, key, sql, string, string_array};
use super::variables::Substitution;
use crate::model::Object;
use crate::model::container::{Container, PublicAccess};
use crate::model::file_format::OptionValue;
use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::model::task::TaskState;

/// The editor hint every schema file starts with.
pub const SCHEMA_DIRECTIVE: &str = "#:schema ./lakeform.schema.json";

/// The file of the database and the account-level objects.
pub const ACCOUNT_FILE: &str = "account.toml";

/// The file of the lake containers.
pub const LAKE_FILE: &str = "lake.toml";

/// Snowflake's default retention; not written back.
const DEFAULT_RETENTION_DAYS: u32 = 1;

/// One file to write: its name (no directory) and contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaFile {
    pub file_name: String,
    pub text: String,
}

/// Renders `selection` as schema files, the account-level file first.
pub fn render(selection: &Selection, substitution: &Substitution, origin: &str) -> Vec<SchemaFile> {
    let mut files = Vec::new();
    let writer = Writer { substitution };
    let entries: Vec<String> = selection
        .account
        .iter()
        .filter_map(|o| writer.object(o, None))
        .collect();
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
        let entries: Vec<String> = objects
            .filter_map(|o| writer.object(o, Some(schema)))
            .collect();
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

/// The lake containers the imported stages use, read from the lake, as `lake.toml`;
/// `None` when there are none.
pub fn render_lake(
    containers: &[Container],
    substitution: &Substitution,
    origin: &str,
) -> Option<SchemaFile> {
    if containers.is_empty() {
        return None;
    }
    let writer = Writer { substitution };
    let mut text = header(origin);
    text.push_str("# The lake containers its stages read, as the lake holds them.\n");
    for container in containers {
        let object = Object::Container(container.clone());
        if let Some(entry) = writer.object(&object, None) {
            text.push('\n');
            text.push_str(&entry);
        }
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
pub fn relative(name: &ObjectName, from: &SchemaName) -> String {
    if name.database != from.database {
        name.to_string()
    } else if name.schema != from.schema {
        format!("{}.{}", name.schema, name.name)
    } else {
        name.name.to_string()
    }
}

struct Writer<'a> {
    substitution: &'a Substitution,
}

/// The keys of one `[[kind]]` table, in order, values already rendered.
struct Entry {
    kind: &'static str,
    keys: Vec<(String, String)>,
}

impl Entry {
    fn new(kind: &'static str) -> Entry {
        Entry {
            kind,
            keys: Vec::new(),
        }
    }

    fn set(&mut self, key: &str, value: String) {
        self.keys.push((key.to_string(), value));
    }

    fn render(self) -> String {
        let mut out = format!("[[{}]]\n", self.kind);
        for (k, v) in self.keys {
            out.push_str(&format!("{} = {v}\n", key(&k)));
        }
        out
    }
}

impl Writer<'_> {
    /// A string value, variables written back.
    fn text(&self, value: &str) -> String {
        string(&self.substitution.apply(value))
    }

    fn sql(&self, value: &str) -> String {
        sql(&self.substitution.apply_sql(value))
    }

    fn texts<'b>(&self, values: impl IntoIterator<Item = &'b str>) -> String {
        let substituted: Vec<String> = values
            .into_iter()
            .map(|v| self.substitution.apply(v))
            .collect();
        string_array(substituted.iter().map(String::as_str))
    }

    fn comment(&self, entry: &mut Entry, comment: &Option<String>) {
        if let Some(comment) = comment {
            entry.set("comment", self.text(comment));
        }
    }

    fn retention(&self, entry: &mut Entry, days: Option<u32>) {
        if let Some(days) = days.filter(|d| *d != DEFAULT_RETENTION_DAYS) {
            entry.set("data_retention_days", days.to_string());
        }
    }

    /// One object as a `[[kind]]` table; `schema` is the file's default schema.
    fn object(&self, object: &Object, schema: Option<&SchemaName>) -> Option<String> {
        let short = |name: &ObjectName| match schema {
            Some(s) => relative(name, s),
            None => name.to_string(),
        };
        let entry = match object {
            Object::Database(d) => {
                let mut e = Entry::new("database");
                e.set("name", self.text(&d.name.to_sql()));
                self.comment(&mut e, &d.comment);
                if d.transient {
                    e.set("transient", "true".into());
                }
                self.retention(&mut e, d.data_retention_days);
                e
            }
            Object::Schema(s) => {
                let mut e = Entry::new("schema");
                let name = match schema {
                    Some(_) => s.name.schema.to_string(),
                    None => s.name.to_string(),
                };
                e.set("name", self.text(&name));
                self.comment(&mut e, &s.comment);
                if s.transient {
                    e.set("transient", "true".into());
                }
                if s.managed_access {
                    e.set("managed_access", "true".into());
                }
                self.retention(&mut e, s.data_retention_days);
                e
            }
            Object::Warehouse(w) => {
                let mut e = Entry::new("warehouse");
                e.set("name", self.text(&w.name.to_sql()));
                self.comment(&mut e, &w.comment);
                e.set("size", self.text(w.size.keyword()));
                if let Some(seconds) = w.auto_suspend {
                    e.set("auto_suspend", seconds.to_string());
                }
                e.set("auto_resume", w.auto_resume.to_string());
                if w.initially_suspended {
                    e.set("initially_suspended", "true".into());
                }
                e
            }
            Object::StorageIntegration(i) => {
                let mut e = Entry::new("storage_integration");
                e.set("name", self.text(&i.name.to_sql()));
                self.comment(&mut e, &i.comment);
                e.set("azure_tenant_id", self.text(&i.azure_tenant_id));
                e.set(
                    "allowed_locations",
                    self.texts(i.allowed_locations.iter().map(String::as_str)),
                );
                if !i.blocked_locations.is_empty() {
                    e.set(
                        "blocked_locations",
                        self.texts(i.blocked_locations.iter().map(String::as_str)),
                    );
                }
                e.set("enabled", i.enabled.to_string());
                e
            }
            Object::FileFormat(f) => {
                let mut e = Entry::new("file_format");
                e.set("name", self.text(&short(&f.name)));
                self.comment(&mut e, &f.comment);
                e.set("type", self.text(&f.format_type.to_string()));
                if !f.options.is_empty() {
                    let options: Vec<(String, String)> = f
                        .options
                        .iter()
                        .map(|(k, v)| (k.to_ascii_lowercase(), self.option(v)))
                        .collect();
                    e.set("options", inline_table(&options));
                }
                e
            }
            Object::Stage(s) => {
                let mut e = Entry::new("stage");
                e.set("name", self.text(&short(&s.name)));
                self.comment(&mut e, &s.comment);
                if let Some(url) = &s.url {
                    e.set("url", self.text(url));
                }
                if let Some(integration) = &s.storage_integration {
                    e.set("storage_integration", self.text(&integration.to_sql()));
                }
                if let Some(format) = &s.file_format {
                    e.set("file_format", self.text(&short(format)));
                }
                e
            }
            Object::Table(t) => {
                let mut e = Entry::new("table");
                e.set("name", self.text(&short(&t.name)));
                self.comment(&mut e, &t.comment);
                if t.transient {
                    e.set("transient", "true".into());
                }
                if !t.cluster_by.is_empty() {
                    e.set(
                        "cluster_by",
                        self.texts(t.cluster_by.iter().map(|c| c.text())),
                    );
                }
                if t.change_tracking {
                    e.set("change_tracking", "true".into());
                }
                let columns: Vec<String> = t
                    .columns
                    .iter()
                    .map(|c| {
                        let mut keys = vec![
                            ("name".to_string(), self.text(&c.name.to_sql())),
                            ("type".to_string(), self.text(&c.data_type.to_string())),
                        ];
                        if !c.nullable {
                            keys.push(("nullable".into(), "false".into()));
                        }
                        if let Some(default) = &c.default {
                            keys.push(("default".into(), self.text(default.text())));
                        }
                        if let Some(comment) = &c.comment {
                            keys.push(("comment".into(), self.text(comment)));
                        }
                        format!("  {},\n", inline_table(&keys))
                    })
                    .collect();
                e.set("columns", format!("[\n{}]", columns.concat()));
                e
            }
            Object::Stream(s) => {
                let mut e = Entry::new("stream");
                e.set("name", self.text(&short(&s.name)));
                self.comment(&mut e, &s.comment);
                e.set("on_table", self.text(&short(&s.on_table)));
                if s.append_only {
                    e.set("append_only", "true".into());
                }
                e
            }
            Object::Procedure(p) => {
                let mut e = Entry::new("procedure");
                e.set("name", self.text(&short(&p.name)));
                self.comment(&mut e, &p.comment);
                if !p.arguments.is_empty() {
                    let arguments: Vec<String> = p
                        .arguments
                        .iter()
                        .map(|a| {
                            inline_table(&[
                                ("name".to_string(), self.text(&a.name.to_sql())),
                                ("type".to_string(), self.text(&a.data_type.to_string())),
                            ])
                        })
                        .collect();
                    e.set("arguments", format!("[{}]", arguments.join(", ")));
                }
                e.set("returns", self.text(p.returns.text()));
                e.set("language", self.text(&p.language));
                e.set("execute_as", self.text(&p.execute_as.to_string()));
                e.set("body", self.sql(p.body.text()));
                e
            }
            Object::Task(t) => {
                let mut e = Entry::new("task");
                e.set("name", self.text(&short(&t.name)));
                self.comment(&mut e, &t.comment);
                if let Some(warehouse) = &t.warehouse {
                    e.set("warehouse", self.text(&warehouse.to_sql()));
                }
                if let Some(schedule) = &t.schedule {
                    e.set("schedule", self.text(&schedule.to_string()));
                }
                if !t.after.is_empty() {
                    let after: Vec<String> = t.after.iter().map(&short).collect();
                    e.set("after", self.texts(after.iter().map(String::as_str)));
                }
                if let Some(when) = &t.when {
                    e.set("when", self.sql(when.text()));
                }
                if t.state == TaskState::Started {
                    e.set("state", self.text("started"));
                }
                e.set("sql", self.sql(t.sql.text()));
                e
            }
            Object::View(v) => {
                let mut e = Entry::new("view");
                e.set("name", self.text(&short(&v.name)));
                self.comment(&mut e, &v.comment);
                if v.secure {
                    e.set("secure", "true".into());
                }
                e.set("query", self.sql(v.query.text()));
                e
            }
            // Directories and ACLs are left out: data loads create directories of their
            // own (`customer/2026/11/`), and the plan neither deletes undeclared ones nor
            // compares their ACLs, so the plan is empty without them.
            Object::Container(c) => {
                let mut e = Entry::new("container");
                e.set("name", self.text(&c.name));
                self.comment(&mut e, &c.comment);
                let access = match c.public_access {
                    PublicAccess::None => "none",
                    PublicAccess::Blob => "blob",
                    PublicAccess::Container => "container",
                };
                e.set("public_access", self.text(access));
                if !c.metadata.is_empty() {
                    let metadata: Vec<(String, String)> = c
                        .metadata
                        .iter()
                        .map(|(k, v)| (k.clone(), self.text(v)))
                        .collect();
                    e.set("metadata", inline_table(&metadata));
                }
                e
            }
        };
        Some(entry.render())
    }

    fn option(&self, value: &OptionValue) -> String {
        match value {
            OptionValue::Bool(b) => b.to_string(),
            OptionValue::Integer(n) => n.to_string(),
            OptionValue::Text(t) => self.text(t),
            OptionValue::List(items) => self.texts(items.iter().map(String::as_str)),
        }
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
