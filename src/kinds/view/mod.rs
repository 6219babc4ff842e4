//! A Snowflake view.
//!
//! The kind's parts: `model`, the canonical form (re-exported here); `entry`, the
//! `[[view]]` entry and its resolution; `diff`, the attribute diff; `ddl`, the statements;
//! `read`, the parsing of its introspection rows. This module joins them behind
//! [`ObjectKind`] and writes the kind back for `import`.

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared};
use crate::import::entry::{Entry, Writer};
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::model::identifier::{Ident, SchemaName};
use crate::plan::Step;
use crate::plan::diff::{DiffError, Edits, Settings};
use crate::providers::snowflake::introspect::record::Record;
use crate::providers::snowflake::introspect::{IntrospectError, Listing};
use entry::RawView;

pub mod ddl;
pub(crate) mod diff;
pub(crate) mod entry;
mod model;
pub(crate) mod read;

pub use model::*;

impl ObjectKind for View {
    const SQL_KEYWORD: &'static str = "VIEW";
    /// `CREATE OR REPLACE … COPY GRANTS` (https://docs.snowflake.com/en/sql-reference/sql/create-view).
    const REPLACE_COPIES_GRANTS: bool = true;
    const SCHEMA_LEVEL: bool = true;
    type Raw = RawView;

    fn resolve(raw: RawView, ctx: &mut Ctx<'_>) -> Option<Declared> {
        entry::resolve(raw, ctx)
    }

    /// The attribute diff, then the data metrics (see
    /// `kinds::data_metric_function::association`): a view whose query changes is
    /// replaced, and the new view gets every declared data metric again.
    fn diff(live: &View, desired: &View, cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        let mut e = crate::kinds::policy::with_replaced(cx, |replaced| {
            diff::diff(live, desired, replaced)
        })?;
        for statement in crate::kinds::data_metric_function::association::diff(
            &mut e,
            crate::model::Kind::View,
            &desired.name,
            live.data_quality.as_ref(),
            desired.data_quality.as_ref(),
            live.query != desired.query,
            &|f| crate::kinds::data_metric_function::replaced_in_plan(f, cx),
        ) {
            e.sql(statement);
        }
        Ok(e)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(ddl::create(self, mode))
    }

    /// The CREATE, then the row access policy added to it and the tags set on it
    /// (https://docs.snowflake.com/en/sql-reference/sql/alter-view).
    fn create_steps(&self, _settings: &Settings) -> Result<Vec<Step>, DiffError> {
        let mut steps = vec![Step::sql(self.create_sql(CreateMode::Create)?)];
        if let Some(statement) = crate::kinds::row_access_policy::alter_table(
            crate::model::Kind::View,
            &self.name,
            None,
            self.row_access_policy.as_ref(),
        ) {
            steps.push(Step::sql(statement));
        }
        let none = crate::kinds::tag::TagValues::new();
        if let Some(tags) = &self.tags {
            for statement in
                crate::kinds::tag::alter_tags(&format!("VIEW {}", self.name), &none, tags)
            {
                steps.push(Step::sql(statement));
            }
        }
        for column in &self.columns {
            if let Some(policy) = &column.masking_policy {
                steps.push(Step::sql(crate::kinds::masking_policy::set_on_column(
                    crate::model::Kind::View,
                    &self.name,
                    &column.name,
                    policy,
                    &column.masking_using,
                    false,
                )));
            }
            if let Some(tags) = &column.tags {
                let target = format!("VIEW {} MODIFY COLUMN {}", self.name, column.name);
                for statement in crate::kinds::tag::alter_tags(&target, &none, tags) {
                    steps.push(Step::sql(statement));
                }
            }
        }
        steps.extend(
            crate::kinds::data_metric_function::association::create_statements(
                crate::model::Kind::View,
                &self.name,
                self.data_quality.as_ref(),
            )
            .into_iter()
            .map(Step::sql),
        );
        Ok(steps)
    }

    fn listing(database: &Ident) -> Option<Listing> {
        Some(Listing::InDatabase("VIEWS", database.clone()))
    }

    fn parse_row(record: &Record<'_>) -> Result<Option<Self>, IntrospectError> {
        // SHOW VIEWS lists materialized views too, `is_materialized` true
        // (https://docs.snowflake.com/en/sql-reference/sql/show-views): lakeform does not
        // manage them, and read as views they would be unmanaged views that a prune drops
        // with DROP VIEW.
        if record.if_present("is_materialized").is_some() && record.flag("is_materialized")? {
            return Ok(None);
        }
        read::parse(record).map(Some)
    }

    fn import(&self, w: &Writer<'_>, schema: Option<&SchemaName>) -> Entry {
        let v = self;
        let mut e = Entry::new("view");
        e.set("name", w.text(&w.short(&v.name, schema)));
        w.comment(&mut e, &v.comment);
        if v.secure {
            e.set("secure", "true".into());
        }
        if let Some(access) = &v.row_access_policy {
            e.set("row_access_policy", access.import(w, &v.name));
        }
        if let Some(tags) = v.tags.as_ref().filter(|t| !t.is_empty()) {
            e.set(
                "tags",
                crate::kinds::table::import_tags(w, tags, &v.name.schema_name()),
            );
        }
        crate::kinds::data_metric_function::association::import(
            w,
            &mut e,
            &v.name,
            v.data_quality.as_ref(),
        );
        let columns: Vec<String> = v
            .columns
            .iter()
            .filter(|c| {
                c.masking_policy.is_some() || c.tags.as_ref().is_some_and(|t| !t.is_empty())
            })
            .map(|c| {
                let mut keys = vec![("name".to_string(), w.text(&c.name.to_sql()))];
                if let Some(policy) = &c.masking_policy {
                    keys.push((
                        "masking_policy".into(),
                        crate::kinds::table::import_mask(w, policy, &c.masking_using, &v.name),
                    ));
                }
                if let Some(tags) = c.tags.as_ref().filter(|t| !t.is_empty()) {
                    keys.push((
                        "tags".into(),
                        crate::kinds::table::import_tags(w, tags, &v.name.schema_name()),
                    ));
                }
                format!("  {},\n", w.table(&keys))
            })
            .collect();
        if !columns.is_empty() {
            e.set("columns", format!("[\n{}]", columns.concat()));
        }
        e.set("query", w.sql(v.query.text()));
        e
    }
}
