//! A Snowflake table and its columns.
//!
//! The kind's parts: `model`, the canonical form (re-exported here); `entry`, the
//! `[[table]]` entry and its resolution; `diff`, the attribute diff; `ddl`, the statements;
//! `read`, the parsing of its introspection rows; `column`, the columns read from
//! `INFORMATION_SCHEMA.COLUMNS`; `rebuild`, the data-preserving rebuild, backups and their
//! names. This module joins them behind [`ObjectKind`] and writes the kind back for
//! `import`.

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared};
use crate::import::entry::{Entry, Writer};
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::model::identifier::{Ident, SchemaName};
use crate::plan::Step;
use crate::plan::diff::{DiffError, Edits, Settings};
use crate::providers::snowflake::introspect::Jobs;
use crate::providers::snowflake::introspect::connection::{Connection, Runner};
use entry::RawTable;

pub(crate) mod column;
pub mod ddl;
pub(crate) mod diff;
pub(crate) mod entry;
mod model;
pub(crate) mod read;
pub mod rebuild;

pub use model::*;

impl ObjectKind for Table {
    const SQL_KEYWORD: &'static str = "TABLE";
    const SCHEMA_LEVEL: bool = true;
    type Raw = RawTable;

    fn resolve(raw: RawTable, ctx: &mut Ctx<'_>) -> Option<Declared> {
        entry::resolve(raw, ctx)
    }

    /// The attribute diff, then the data metrics (see
    /// `kinds::data_metric_function::association`): a rebuilt table is a new one, which
    /// gets every declared data metric again.
    fn diff(live: &Table, desired: &Table, cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        let mut e = crate::kinds::policy::with_replaced(cx, |replaced| {
            diff::diff(
                live,
                desired,
                cx.lifecycle,
                cx.settings.backup.then_some(cx.settings.now),
                cx.streamed,
                replaced,
            )
        })?;
        let rebuilt = e.action == crate::plan::Action::Replace;
        for statement in crate::kinds::data_metric_function::association::diff(
            &mut e,
            crate::model::Kind::Table,
            &desired.name,
            live.data_quality.as_ref(),
            desired.data_quality.as_ref(),
            rebuilt,
            &|f| crate::kinds::data_metric_function::replaced_in_plan(f, cx),
        ) {
            e.sql(statement);
        }
        Ok(e)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(ddl::create(self, mode))
    }

    /// The CREATE, then the masking policies set on its columns (the policies are created
    /// first: the table refers to them).
    fn create_steps(&self, _settings: &Settings) -> Result<Vec<Step>, DiffError> {
        let mut steps = vec![Step::sql(self.create_sql(CreateMode::Create)?)];
        for column in &self.columns {
            if let Some(policy) = &column.masking_policy {
                steps.push(Step::sql(crate::kinds::masking_policy::set_on_column(
                    crate::model::Kind::Table,
                    &self.name,
                    &column.name,
                    policy,
                    &column.masking_using,
                    false,
                )));
            }
        }
        if let Some(statement) = crate::kinds::row_access_policy::alter_table(
            crate::model::Kind::Table,
            &self.name,
            None,
            self.row_access_policy.as_ref(),
        ) {
            steps.push(Step::sql(statement));
        }
        steps.extend(diff::set_declared_tags(self).into_iter().map(Step::sql));
        steps.extend(
            crate::kinds::data_metric_function::association::create_statements(
                crate::model::Kind::Table,
                &self.name,
                self.data_quality.as_ref(),
            )
            .into_iter()
            .map(Step::sql),
        );
        Ok(steps)
    }

    /// With backups on, a zero-copy clone is taken before the table goes.
    fn drop_steps(
        &self,
        settings: &Settings,
        reasons: &mut Vec<String>,
    ) -> Result<Vec<Step>, DiffError> {
        let drop = Step::sql(format!("DROP TABLE {}", self.name));
        if !settings.backup {
            return Ok(vec![drop]);
        }
        let (backup, statement) = rebuild::backup(&self.name, settings.now);
        reasons.push(format!("a zero-copy backup {backup} is taken first"));
        Ok(vec![Step::sql(statement), drop])
    }

    fn spawn_reads<C: Connection>(jobs: &mut Jobs, runner: &Runner<C>, database: &Ident) {
        jobs.spawn(read::tables(runner.clone(), database.clone()));
    }

    fn import(&self, w: &Writer<'_>, schema: Option<&SchemaName>) -> Entry {
        let t = self;
        let mut e = Entry::new("table");
        e.set("name", w.text(&w.short(&t.name, schema)));
        w.comment(&mut e, &t.comment);
        if t.transient {
            e.set("transient", "true".into());
        }
        if !t.cluster_by.is_empty() {
            e.set("cluster_by", w.texts(t.cluster_by.iter().map(|c| c.text())));
        }
        if t.change_tracking {
            e.set("change_tracking", "true".into());
        }
        // Only tags that are set: a table read with none stays unmanaged, as it was.
        if let Some(tags) = t.tags.as_ref().filter(|t| !t.is_empty()) {
            e.set("tags", import_tags(w, tags, &t.name.schema_name()));
        }
        if let Some(access) = &t.row_access_policy {
            e.set("row_access_policy", access.import(w, &t.name));
        }
        crate::kinds::data_metric_function::association::import(
            w,
            &mut e,
            &t.name,
            t.data_quality.as_ref(),
        );
        let columns: Vec<String> = t
            .columns
            .iter()
            .map(|c| {
                let mut keys = vec![
                    ("name".to_string(), w.text(&c.name.to_sql())),
                    ("type".to_string(), w.text(&c.data_type.to_string())),
                ];
                if !c.nullable {
                    keys.push(("nullable".into(), "false".into()));
                }
                if let Some(default) = &c.default {
                    keys.push(("default".into(), w.text(default.text())));
                }
                if let Some(comment) = &c.comment {
                    keys.push(("comment".into(), w.text(comment)));
                }
                if let Some(tags) = c.tags.as_ref().filter(|t| !t.is_empty()) {
                    keys.push(("tags".into(), import_tags(w, tags, &t.name.schema_name())));
                }
                if let Some(policy) = &c.masking_policy {
                    keys.push((
                        "masking_policy".into(),
                        import_mask(w, policy, &c.masking_using, &t.name),
                    ));
                }
                format!("  {},\n", w.table(&keys))
            })
            .collect();
        e.set("columns", format!("[\n{}]", columns.concat()));
        e
    }
}

/// A column's `masking_policy` as `import` writes it: the policy's name relative to the
/// object's schema (as the entry resolves it), or `{ name, using }` for a conditional
/// policy set with USING.
pub(crate) fn import_mask(
    w: &Writer<'_>,
    policy: &crate::model::identifier::ObjectName,
    using: &[Ident],
    object: &crate::model::identifier::ObjectName,
) -> String {
    let name = w.text(&w.short(policy, Some(&object.schema_name())));
    if using.is_empty() {
        return name;
    }
    let using: Vec<String> = using.iter().map(|u| u.to_sql().into_owned()).collect();
    w.table(&[
        ("name".to_string(), name),
        (
            "using".to_string(),
            w.texts(using.iter().map(String::as_str)),
        ),
    ])
}

/// `{ PII = "email" }`: tags as `import` writes them, each name short against the
/// object's own schema, as the entry resolves it.
pub(crate) fn import_tags(
    w: &Writer<'_>,
    tags: &crate::kinds::tag::TagValues,
    own: &SchemaName,
) -> String {
    let keys: Vec<(String, String)> = tags
        .iter()
        .map(|(tag, value)| (w.short(tag, Some(own)), w.text(value)))
        .collect();
    w.table(&keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::identifier::ObjectName;

    #[test]
    fn a_conditional_mask_is_imported_as_name_and_using() {
        let substitution = crate::import::variables::Substitution::default();
        let w = Writer::new(&substitution);
        let table = ObjectName::parse("PR.SILVER.CUSTOMER").unwrap();
        let policy = ObjectName::parse("PR.SILVER.PII_EMAIL_MASK").unwrap();
        assert_eq!(import_mask(&w, &policy, &[], &table), "\"PII_EMAIL_MASK\"");
        let using = [Ident::from_stored("EMAIL"), Ident::from_stored("Consent")];
        assert_eq!(
            import_mask(&w, &policy, &using, &table),
            r#"{ name = "PII_EMAIL_MASK", using = ["EMAIL", "\"Consent\""] }"#
        );
    }
}
