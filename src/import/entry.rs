//! One `[[kind]]` table as `import` writes it: [`Entry`] collects its keys in order with
//! their values already rendered as TOML, and [`Writer`] renders values, writing the
//! environment's variables back (`PACIFICRETAIL_DEV` → `${database}`). Each kind's
//! `ObjectKind::import` (in `crate::kinds`) fills an entry with these.

use super::files::relative;
use super::toml_text::{inline_table, key, sql, string, string_array};
use super::variables::Substitution;
use crate::model::file_format::OptionValue;
use crate::model::identifier::{ObjectName, SchemaName};

/// Snowflake's default retention; not written back.
const DEFAULT_RETENTION_DAYS: u32 = 1;

/// Renders values for one import.
pub(crate) struct Writer<'a> {
    substitution: &'a Substitution,
}

/// The keys of one `[[kind]]` table, in order, values already rendered.
pub(crate) struct Entry {
    kind: &'static str,
    keys: Vec<(String, String)>,
}

impl Entry {
    pub(crate) fn new(kind: &'static str) -> Entry {
        Entry {
            kind,
            keys: Vec::new(),
        }
    }

    pub(crate) fn set(&mut self, key: &str, value: String) {
        self.keys.push((key.to_string(), value));
    }

    /// The table as TOML text.
    pub(crate) fn render(self) -> String {
        let mut out = format!("[[{}]]\n", self.kind);
        for (k, v) in self.keys {
            out.push_str(&format!("{} = {v}\n", key(&k)));
        }
        out
    }
}

impl<'a> Writer<'a> {
    pub(crate) fn new(substitution: &'a Substitution) -> Writer<'a> {
        Writer { substitution }
    }

    /// A string value, variables written back.
    pub(crate) fn text(&self, value: &str) -> String {
        string(&self.substitution.apply(value))
    }

    /// SQL text (a query, a body), variables written back, as a multi-line string where
    /// that reads better.
    pub(crate) fn sql(&self, value: &str) -> String {
        sql(&self.substitution.apply_sql(value))
    }

    pub(crate) fn texts<'b>(&self, values: impl IntoIterator<Item = &'b str>) -> String {
        let substituted: Vec<String> = values
            .into_iter()
            .map(|v| self.substitution.apply(v))
            .collect();
        string_array(substituted.iter().map(String::as_str))
    }

    /// An inline table of already rendered values.
    pub(crate) fn table(&self, keys: &[(String, String)]) -> String {
        inline_table(keys)
    }

    pub(crate) fn comment(&self, entry: &mut Entry, comment: &Option<String>) {
        if let Some(comment) = comment {
            entry.set("comment", self.text(comment));
        }
    }

    pub(crate) fn retention(&self, entry: &mut Entry, days: Option<u32>) {
        if let Some(days) = days.filter(|d| *d != DEFAULT_RETENTION_DAYS) {
            entry.set("data_retention_days", days.to_string());
        }
    }

    /// `name` as the file writes it: relative to the file's schema when it has one.
    pub(crate) fn short(&self, name: &ObjectName, schema: Option<&SchemaName>) -> String {
        match schema {
            Some(s) => relative(name, s),
            None => name.to_string(),
        }
    }

    pub(crate) fn option(&self, value: &OptionValue) -> String {
        match value {
            OptionValue::Bool(b) => b.to_string(),
            OptionValue::Integer(n) => n.to_string(),
            OptionValue::Text(t) => self.text(t),
            OptionValue::List(items) => self.texts(items.iter().map(String::as_str)),
        }
    }
}
