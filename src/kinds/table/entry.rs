//! `[[table]]` → `Table` (the kind's model): column names and data types checked, defaults
//! and clustering keys checked to be exactly one SQL expression each (they are written into
//! the DDL as SQL), column renames collected into the lifecycle.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use std::collections::BTreeMap;

use crate::config::diagnostic::Diagnostic;
use crate::config::names::NameScope;
use crate::config::references::noun;
use crate::config::source::Location;
use crate::kinds::table::{Column, Table};
use crate::model::Address;
use crate::model::data_type::DataType;
use crate::model::identifier::{Ident, ObjectName};
use crate::sql::CanonicalSql;
use crate::sql::fragment::Fragment;

use crate::config::resolve::{Ctx, Declared, common_keys};

// The `[[table]]` entry as serde reads it (unknown keys refused).
crate::config::schema_file::object_entry! {
    /// `[[table]]`.
    RawTable {
        columns: Vec<RawColumn>,
        #[serde(default)]
        transient: bool,
        /// Clustering key expressions.
        #[serde(default)]
        #[schemars(with = "Vec<String>")]
        cluster_by: Vec<Spanned<String>>,
        #[serde(default)]
        change_tracking: bool,
        /// The `[[row_access_policy]]` added to the table:
        /// `{ name = "BY_COUNTRY", on = ["COUNTRY"] }`.
        #[serde(default)]
        row_access_policy: Option<crate::kinds::row_access_policy::RawRowAccess>,
        /// The tags set on the table: `{ PII = "email" }`, each tag's name in the table's
        /// schema or qualified. Omitted: the table's tags are not managed; `{}`: it has
        /// none.
        #[serde(default)]
        #[schemars(with = "Option<BTreeMap<String, String>>")]
        tags: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
        /// When the table's data metrics run: `"60 MINUTE"` (5, 15, 30, 60, 720 or 1440),
        /// `"USING CRON 0 8 * * * UTC"` or `"TRIGGER_ON_CHANGES"`; declared with
        /// `data_metrics`.
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        data_metric_schedule: Option<Spanned<String>>,
        /// The data metrics run on the table: `[{ function = "SNOWFLAKE.CORE.NULL_COUNT",
        /// on = ["EMAIL"], expectations = { no_nulls = "VALUE = 0" } }]`. Omitted: the
        /// table's data metrics are not managed; `[]`: it has none.
        #[serde(default)]
        data_metrics: Option<Vec<crate::kinds::data_metric_function::association::RawDataMetric>>,
    }
}

/// One column of a `[[table]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawColumn {
    #[schemars(with = "String")]
    pub(crate) name: Spanned<String>,
    /// A Snowflake data type (`NUMBER(38,0)`, `VARCHAR`, `TIMESTAMP_NTZ` …).
    #[serde(rename = "type")]
    #[schemars(with = "String")]
    pub(crate) data_type: Spanned<String>,
    #[serde(default)]
    pub(crate) nullable: Option<bool>,
    /// Default value: SQL expression text.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub(crate) default: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) comment: Option<String>,
    /// The column's previous name.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub(crate) renamed_from: Option<Spanned<String>>,
    /// The `[[masking_policy]]` set on the column: its name in the table's schema, or
    /// DATABASE.SCHEMA.NAME; for a conditional policy, `{ name = "…", using = ["EMAIL",
    /// "CONSENT"] }` (the column itself first, then the columns its other arguments read).
    #[serde(default)]
    #[schemars(with = "Option<RawColumnMask>")]
    pub(crate) masking_policy: Option<Spanned<RawColumnMask>>,
    /// The tags set on the column, as the table's `tags`.
    #[serde(default)]
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub(crate) tags: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
}

/// A column's `masking_policy`: a name, or a conditional policy with its USING columns.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub(crate) enum RawColumnMask {
    /// The policy's name.
    Name(String),
    /// `{ name, using }`.
    Conditional(RawConditionalMask),
}

/// `{ name = "PII_EMAIL_MASK", using = ["EMAIL", "CONSENT"] }`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConditionalMask {
    /// The policy's name, as the plain form.
    pub(crate) name: String,
    /// `USING (…)`: the column itself, then one column per further argument of the
    /// policy's signature, in order.
    pub(crate) using: Vec<String>,
}

/// Resolves a column's `masking_policy`: the policy's full name and its USING list
/// (empty for the plain form). The list must start with the column itself
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-table-column: "The first column
/// in the list specifies the column for the policy conditions to mask"); that the other
/// columns exist and match the policy's signature is checked once everything is declared
/// (`kinds::policy::check_attachments`). `None` after reporting a problem.
pub(crate) fn resolve_mask(
    raw: &Spanned<RawColumnMask>,
    column: &Ident,
    table: &ObjectName,
    ctx: &mut Ctx<'_>,
) -> Option<(ObjectName, Vec<Ident>)> {
    let span = raw.span();
    let (name, using) = match raw.get_ref() {
        RawColumnMask::Name(name) => (name, &[][..]),
        RawColumnMask::Conditional(c) => (&c.name, &c.using[..]),
    };
    let policy = crate::kinds::policy::resolve_attached_name::<
        crate::kinds::masking_policy::MaskingPolicy,
    >(&Spanned::new(span.clone(), name.clone()), table, ctx)?;
    let mut columns = Vec::new();
    for written in using {
        columns.push(ctx.ident(&Spanned::new(span.clone(), written.clone()), "column")?);
    }
    if matches!(raw.get_ref(), RawColumnMask::Conditional(_)) && columns.first() != Some(column) {
        ctx.error(
            raw,
            format!("a masking policy's `using` starts with the column it masks, {column}"),
        )
        .help = Some(format!(
            "using = [{:?}, …] (then the columns the policy's other arguments read)",
            column.to_sql()
        ));
        return None;
    }
    Some((policy, columns))
}

/// `default` with every object it names by an expression word (`SEQ.NEXTVAL`) written in
/// full, completed from the table's schema: Snowflake reports such a default with the
/// full name, so the desired text must be the same to compare equal. Each name's site is
/// recorded, so an undeclared one is reported inside the string. `None` after reporting a
/// name with too many parts.
fn qualify_names(
    default: &Spanned<String>,
    table: &ObjectName,
    ctx: &mut Ctx<'_>,
    sites: &mut BTreeMap<Address, Location>,
) -> Option<String> {
    let text = default.get_ref();
    let scope = NameScope::of(&table.schema_name());
    let mut qualified = text.clone();
    // From the end, so earlier spans stay valid as later ones are rewritten.
    for (kind, found) in crate::kinds::objects_in_expression(text).into_iter().rev() {
        let at = ctx.locate_in(default, found.span.clone());
        let Some(name) = scope.complete(&found.name) else {
            ctx.diagnostics.push(Diagnostic::at(
                at,
                format!("{} name with too many parts", noun(kind)),
            ));
            return None;
        };
        qualified.replace_range(found.span, &name.to_string());
        sites.insert(Address::new(kind, name), at);
    }
    Some(qualified)
}

pub(crate) fn resolve(raw: RawTable, ctx: &mut Ctx<'_>) -> Option<Declared> {
    let scope = ctx.scope.clone();
    let name = ctx.object_name(&raw.name, &scope, "table");
    let mut valid = true;
    if raw.columns.is_empty() {
        ctx.error(&raw.name, "a table needs at least one column")
            .help = Some("columns = [{ name = \"ID\", type = \"NUMBER(38,0)\" }]".into());
        valid = false;
    }
    let mut columns: Vec<Column> = Vec::new();
    let mut renames: BTreeMap<Ident, Ident> = BTreeMap::new();
    let mut sites: BTreeMap<Address, Location> = BTreeMap::new();
    for raw_column in &raw.columns {
        let column_name = ctx.ident(&raw_column.name, "column");
        let data_type = DataType::parse(raw_column.data_type.get_ref())
            .map_err(|e| {
                ctx.error(&raw_column.data_type, e.to_string()).help = Some(
                    "use a Snowflake data type: NUMBER(p,s), VARCHAR(n), BOOLEAN, DATE, TIMESTAMP_NTZ, VARIANT …"
                        .into(),
                );
            })
            .ok();
        let old_name = raw_column
            .renamed_from
            .as_ref()
            .and_then(|old| ctx.ident(old, "column"));
        let default_ok = raw_column.default.as_ref().is_none_or(|d| {
            let what = match &column_name {
                Some(n) => format!("default of column {n}"),
                None => "column default".to_string(),
            };
            ctx.sql_fragment(d, &what, Fragment::Expression)
        });
        let (Some(column_name), Some(data_type), true) = (column_name, data_type, default_ok)
        else {
            valid = false;
            continue;
        };
        if columns.iter().any(|c| c.name == column_name) {
            ctx.error(&raw_column.name, format!("duplicate column {column_name}"));
            valid = false;
            continue;
        }
        if let Some(old) = old_name {
            renames.insert(column_name.clone(), old);
        }
        let (masking_policy, masking_using) = match (&raw_column.masking_policy, &name) {
            (Some(mask), Some(table)) => match resolve_mask(mask, &column_name, table, ctx) {
                Some((policy_name, using)) => {
                    sites.insert(
                        Address::new(crate::model::Kind::MaskingPolicy, &policy_name),
                        ctx.locate(mask),
                    );
                    (Some(policy_name), using)
                }
                None => {
                    valid = false;
                    continue;
                }
            },
            _ => (None, Vec::new()),
        };
        let column_tags = match (&raw_column.tags, &name) {
            (Some(raw_tags), Some(table)) => {
                let resolved = crate::kinds::tag::resolve_tags(
                    raw_tags,
                    &table.schema_name(),
                    ctx,
                    &mut sites,
                );
                valid &= resolved.is_some();
                resolved
            }
            _ => None,
        };
        let default = match (&raw_column.default, &name) {
            (Some(d), Some(table)) => match qualify_names(d, table, ctx, &mut sites) {
                Some(text) => Some(CanonicalSql::new(text)),
                None => {
                    valid = false;
                    continue;
                }
            },
            _ => None,
        };
        columns.push(Column {
            name: column_name,
            data_type,
            nullable: raw_column.nullable.unwrap_or(true),
            default,
            comment: raw_column.comment.clone(),
            masking_policy,
            masking_using,
            tags: column_tags,
        });
    }
    for key in &raw.cluster_by {
        valid &= ctx.sql_fragment(key, "clustering key", Fragment::Expression);
    }
    let row_access_policy = match (&raw.row_access_policy, &name) {
        (Some(access), Some(table)) => {
            let resolved = crate::kinds::row_access_policy::resolve_row_access(access, table, ctx);
            match &resolved {
                Some(r) => {
                    sites.insert(
                        Address::new(crate::model::Kind::RowAccessPolicy, &r.policy),
                        ctx.locate(&access.name),
                    );
                }
                None => valid = false,
            }
            resolved
        }
        _ => None,
    };
    let tags = match (&raw.tags, &name) {
        (Some(raw_tags), Some(table)) => {
            let resolved =
                crate::kinds::tag::resolve_tags(raw_tags, &table.schema_name(), ctx, &mut sites);
            valid &= resolved.is_some();
            resolved
        }
        _ => None,
    };
    let declared_columns: Vec<Ident> = columns.iter().map(|c| c.name.clone()).collect();
    let data_quality = match &name {
        Some(table) => crate::kinds::data_metric_function::association::resolve(
            raw.data_metric_schedule.as_ref(),
            raw.data_metrics.as_ref(),
            table,
            crate::model::Kind::Table,
            Some(&declared_columns),
            ctx,
            &mut sites,
        )
        .unwrap_or_else(|()| {
            valid = false;
            None
        }),
        None => None,
    };
    let table = Table {
        name: name?,
        columns,
        transient: raw.transient,
        cluster_by: raw
            .cluster_by
            .iter()
            .map(|e| CanonicalSql::new(e.get_ref().as_str()))
            .collect(),
        change_tracking: raw.change_tracking,
        comment: raw.comment.clone(),
        row_access_policy,
        tags,
        data_quality,
    };
    if !valid {
        return None;
    }
    let mut declared = ctx.declare(table, common_keys!(raw));
    declared.lifecycle.column_renames = renames;
    declared.sites.extend(sites);
    Some(declared)
}
