//! `[[view]]` → `View` (the kind's model); the query must be exactly one query (it is
//! written into `CREATE VIEW … AS` as SQL); the relations its query selects from are found
//! by tokenising the query and read relative to the view's schema. Whether each is a table,
//! a view or a stream is decided once everything is declared (`config::references`).

use toml::Spanned;

use crate::config::diagnostic::Diagnostic;
use crate::config::names::NameScope;
use crate::config::source::Location;
use crate::kinds::view::{View, ViewColumn};
use crate::model::Object;
use crate::model::identifier::ObjectName;
use crate::sql::CanonicalSql;
use crate::sql::fragment::Fragment;
use crate::sql::references::relations;

use crate::config::resolve::{Ctx, Declared, common_keys};

// The `[[view]]` entry as serde reads it (unknown keys refused).
crate::config::schema_file::object_entry! {
    /// `[[view]]`.
    RawView {
        /// The SELECT.
        #[schemars(with = "String")]
        query: Spanned<String>,
        #[serde(default)]
        secure: bool,
        /// The `[[row_access_policy]]` added to the view:
        /// `{ name = "BY_COUNTRY", on = ["COUNTRY"] }`.
        #[serde(default)]
        row_access_policy: Option<crate::kinds::row_access_policy::RawRowAccess>,
        /// The tags set on the view, as a table's `tags`.
        #[serde(default)]
        #[schemars(with = "Option<std::collections::BTreeMap<String, String>>")]
        tags: Option<std::collections::BTreeMap<Spanned<String>, Spanned<String>>>,
        /// When the view's data metrics run: `"60 MINUTE"` (5, 15, 30, 60, 720 or 1440)
        /// or `"USING CRON 0 8 * * * UTC"`; declared with `data_metrics`.
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        data_metric_schedule: Option<Spanned<String>>,
        /// The data metrics run on the view, as a table's `data_metrics`.
        #[serde(default)]
        data_metrics: Option<Vec<crate::kinds::data_metric_function::association::RawDataMetric>>,
        /// The view's columns that carry a masking policy or tags, by the name the query
        /// gives them: `[{ name = "EMAIL", masking_policy = "PII_EMAIL_MASK", tags = { PII =
        /// "email" } }]`. The query alone names the columns.
        #[serde(default)]
        columns: Vec<RawViewColumn>,
    }
}

/// One governed column of a `[[view]]`.
#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawViewColumn {
    /// The column's name in the view's query.
    #[schemars(with = "String")]
    name: Spanned<String>,
    /// The `[[masking_policy]]` set on the column, as a table column's.
    #[serde(default)]
    #[schemars(with = "Option<crate::kinds::table::entry::RawColumnMask>")]
    masking_policy: Option<Spanned<crate::kinds::table::entry::RawColumnMask>>,
    /// The tags set on the column, as a table column's `tags`.
    #[serde(default)]
    #[schemars(with = "Option<std::collections::BTreeMap<String, String>>")]
    tags: Option<std::collections::BTreeMap<Spanned<String>, Spanned<String>>>,
}

/// The view's governed columns; `None` after reporting a problem. A column named twice is
/// refused; whether the query has the column is Snowflake's to say at apply (the query's
/// columns are known once it is bound), as the sandbox does.
fn resolve_columns(
    raw: &[RawViewColumn],
    view: &ObjectName,
    ctx: &mut Ctx<'_>,
    sites: &mut std::collections::BTreeMap<crate::model::Address, crate::config::source::Location>,
) -> Option<Vec<ViewColumn>> {
    let mut columns: Vec<ViewColumn> = Vec::new();
    let mut valid = true;
    for raw_column in raw {
        let Some(name) = ctx.ident(&raw_column.name, "column") else {
            valid = false;
            continue;
        };
        if columns.iter().any(|c| c.name == name) {
            ctx.error(&raw_column.name, format!("duplicate column {name}"));
            valid = false;
            continue;
        }
        let (masking_policy, masking_using) = match &raw_column.masking_policy {
            Some(mask) => match crate::kinds::table::entry::resolve_mask(mask, &name, view, ctx) {
                Some((policy, using)) => {
                    sites.insert(
                        crate::model::Address::new(crate::model::Kind::MaskingPolicy, &policy),
                        ctx.locate(mask),
                    );
                    (Some(policy), using)
                }
                None => {
                    valid = false;
                    continue;
                }
            },
            None => (None, Vec::new()),
        };
        let tags = match &raw_column.tags {
            Some(raw_tags) => {
                let resolved =
                    crate::kinds::tag::resolve_tags(raw_tags, &view.schema_name(), ctx, sites);
                valid &= resolved.is_some();
                resolved
            }
            None => None,
        };
        columns.push(ViewColumn {
            name,
            masking_policy,
            masking_using,
            tags,
        });
    }
    valid.then_some(columns)
}

pub(crate) fn resolve(raw: RawView, ctx: &mut Ctx<'_>) -> Option<Declared> {
    let scope = ctx.scope.clone();
    let name = ctx.object_name(&raw.name, &scope, "view")?;
    let own_scope = NameScope::of(&name.schema_name());
    let query = raw.query.get_ref();
    if query.trim().is_empty() {
        ctx.error(&raw.query, "a view needs a query");
        return None;
    }
    if !ctx.sql_fragment(&raw.query, "view query", Fragment::Query) {
        return None;
    }
    let selects = query_relations(ctx, &raw.query, &own_scope, &format!("view {name}"))?;
    let sql = crate::config::queries::SqlText {
        form: crate::config::queries::SqlForm::View,
        text: query.clone(),
        file: ctx.file.path().to_path_buf(),
        span: raw.query.span(),
        schema: name.schema_name(),
    };
    let row_access_policy = match &raw.row_access_policy {
        Some(access) => Some(crate::kinds::row_access_policy::resolve_row_access(
            access, &name, ctx,
        )?),
        None => None,
    };
    let mut sites = std::collections::BTreeMap::new();
    let tags = match &raw.tags {
        Some(raw_tags) => Some(crate::kinds::tag::resolve_tags(
            raw_tags,
            &name.schema_name(),
            ctx,
            &mut sites,
        )?),
        None => None,
    };
    let data_quality = crate::kinds::data_metric_function::association::resolve(
        raw.data_metric_schedule.as_ref(),
        raw.data_metrics.as_ref(),
        &name,
        crate::model::Kind::View,
        None,
        ctx,
        &mut sites,
    )
    .ok()?;
    let columns = resolve_columns(&raw.columns, &name, ctx, &mut sites)?;
    let view = View {
        name,
        query: CanonicalSql::new(query.as_str()),
        secure: raw.secure,
        comment: raw.comment.clone(),
        selects_from: Default::default(),
        row_access_policy,
        tags,
        data_quality,
        columns,
    };
    let site = raw.row_access_policy.as_ref().map(|a| ctx.locate(&a.name));
    let mut declared = ctx.declare(view, common_keys!(raw));
    if let (Some(at), Object::View(v)) = (site, &declared.object)
        && let Some(access) = &v.row_access_policy
    {
        declared.sites.insert(
            crate::model::Address::new(crate::model::Kind::RowAccessPolicy, &access.policy),
            at,
        );
    }
    declared.sites.extend(sites);
    declared.relations = selects;
    declared.sql.push(sql);
    Some(declared)
}

/// The relations a query (a view's, a dynamic table's, an alert's condition) selects
/// from, read relative to `scope` and located in the string; whether each is a table, a
/// view, a dynamic table or a stream is decided once everything is declared
/// (`config::references`). `None`, with a diagnostic, when the query does not lex or
/// names something with too many parts.
pub(crate) fn query_relations(
    ctx: &mut Ctx<'_>,
    query: &Spanned<String>,
    scope: &NameScope,
    owner: &str,
) -> Option<Vec<(ObjectName, Location)>> {
    let found = match relations(query.get_ref()) {
        Ok(found) => found,
        Err(e) => {
            ctx.error(
                query,
                format!("cannot read the query of {owner}: {}", e.message),
            );
            return None;
        }
    };
    let mut selects = Vec::new();
    for parts in found {
        let word = parts
            .last()
            .map(|i| i.as_str())
            .unwrap_or_default()
            .to_string();
        let at = ctx.locate_word(query, &word);
        match scope.complete(&parts) {
            Some(relation) => selects.push((relation, at)),
            None => {
                ctx.diagnostics.push(Diagnostic::at(
                    at,
                    format!("{owner} selects from a name with too many parts"),
                ));
                return None;
            }
        }
    }
    Some(selects)
}
