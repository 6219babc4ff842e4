//! A Snowflake tag: `[[tag]]` with its `allowed_values` and comment; tables, views and
//! columns set it with `tags = { PII = "email" }` (see [`resolve_tags`] and
//! `kinds::table`, `kinds::view`).
//!
//! What Snowflake lets change in place (https://docs.snowflake.com/en/sql-reference/sql/alter-tag):
//! everything lakeform manages. Allowed values are `ADD ALLOWED_VALUES` / `DROP
//! ALLOWED_VALUES` (adds first, so the list is never empty on the way: an empty list
//! allows no value at all), `SET ALLOWED_VALUES` where a tag had none (any value was
//! allowed), `UNSET ALLOWED_VALUES` to allow any value again; the comment is `SET COMMENT`
//! / `UNSET COMMENT`. Changing the list "does not affect existing tag assignments", so the
//! plan does not touch them. The list is compared as a set: its order only matters to
//! `ON_CONFLICT = ALLOWED_VALUES_SEQUENCE` of propagating tags, which lakeform does not
//! manage, and ADD appends, so comparing the order would never converge.
//!
//! Limits (https://docs.snowflake.com/en/sql-reference/sql/create-tag): at most 5,000
//! allowed values; a tag's value is a string of at most 256 characters
//! (https://docs.snowflake.com/en/user-guide/object-tagging/introduction), so a longer
//! allowed value could never be set and is refused here.
//!
//! Reading it back: `SHOW TAGS IN DATABASE d` gives everything, `allowed_values` as a JSON
//! array string or NULL (https://docs.snowflake.com/en/sql-reference/sql/show-tags), but the
//! masking policies set on each tag, which `POLICY_REFERENCES(REF_ENTITY_NAME => '<tag>',
//! REF_ENTITY_DOMAIN => 'TAG')` lists, one query per tag, in the reading's united batch
//! (`introspect::united`) once everything is listed.
//!
//! Tag-based masking (https://docs.snowflake.com/en/user-guide/tag-based-masking-policies):
//! `masking_policies = ["PII_EMAIL_MASK"]` is `ALTER TAG … SET MASKING POLICY` (unset
//! first when the list changes, as a tag holds one policy per data type); a tag carrying a
//! policy cannot be dropped, so its drop unsets them first. Not handled yet: replacing a
//! masking policy that is set on a tag (Snowflake refuses it; the sandbox rehearsal fails
//! the same way).
//!
//! Assignments are read per tagged object (no INFORMATION_SCHEMA source lists every
//! assignment of a database; ACCOUNT_USAGE.TAG_REFERENCES lags by up to two hours), and
//! only for objects whose declaration has `tags`: `tags` absent means lakeform does not
//! manage the object's tags, so a tag set by hand on a table that declares none is not
//! read and not seen; `tags = {}` declares that the object carries none, and a tag set by
//! hand then shows in drift and is unset by the next plan. This keeps the cost at one
//! query per tagged object rather than one per table (see [`Reads`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{DiffCx, ObjectKind};
use crate::config::names::NameScope;
use crate::config::resolve::{Ctx, Declared, common_keys};
use crate::config::schema_file::object_entry;
use crate::import::entry::{Entry, Writer};
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::model::{Address, Kind, Object, Resource};
use crate::plan::diff::{DiffError, Edits, comment};
use crate::providers::snowflake::introspect::connection::{Connection, Runner};
use crate::providers::snowflake::introspect::record::Record;
use crate::providers::snowflake::introspect::united::{Answers, Batch, Query, Ticket};
use crate::providers::snowflake::introspect::{self, IntrospectError, Jobs, TagReads, TagScope};
use crate::providers::snowflake::result_set::ResultSet;
use crate::sql::quote::{comment_clause, literal};

/// "You can specify up to 5,000 allowed values"
/// (https://docs.snowflake.com/en/sql-reference/sql/create-tag).
const MAX_ALLOWED_VALUES: usize = 5_000;
/// "The maximum number of characters for the tag value is 256"
/// (https://docs.snowflake.com/en/user-guide/object-tagging/introduction).
const MAX_VALUE_CHARS: usize = 256;
/// "Snowflake allows a maximum number of 50 unique tags that can be set on a single
/// object" (https://docs.snowflake.com/en/user-guide/object-tagging/introduction).
const MAX_TAGS_PER_OBJECT: usize = 50;

/// The tags set on one object or column: each tag's full name and its value.
pub type TagValues = BTreeMap<ObjectName, String>;

/// A tag, in canonical form.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Tag {
    pub name: ObjectName,
    /// `None`: any value may be set. Kept in the declared (or reported) order, compared as
    /// a set (see the module comment).
    pub allowed_values: Option<Vec<String>>,
    pub comment: Option<String>,
    /// The masking policies set on the tag (tag-based masking), by full name, sorted. Not
    /// written when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub masking_policies: Vec<ObjectName>,
}

impl PartialEq for Tag {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && sorted(&self.allowed_values) == sorted(&other.allowed_values)
            && self.comment == other.comment
            && self.masking_policies == other.masking_policies
    }
}

impl Eq for Tag {}

fn sorted(values: &Option<Vec<String>>) -> Option<Vec<&str>> {
    values.as_ref().map(|list| {
        let mut list: Vec<&str> = list.iter().map(String::as_str).collect();
        list.sort_unstable();
        list.dedup();
        list
    })
}

impl Resource for Tag {
    fn address(&self) -> Address {
        Address::new(Kind::Tag, &self.name)
    }

    fn schema(&self) -> Option<SchemaName> {
        Some(self.name.schema_name())
    }

    /// The schema, and the masking policies set on the tag (created first).
    fn references(&self) -> Vec<Address> {
        let mut refs = vec![Address::new(Kind::Schema, self.name.schema_name())];
        for policy in &self.masking_policies {
            refs.push(Address::new(Kind::MaskingPolicy, policy));
        }
        refs
    }
}

object_entry! {
    /// `[[tag]]`.
    RawTag {
        /// The values the tag may take (at most 5,000, each at most 256 characters); any
        /// string when omitted.
        #[serde(default)]
        #[schemars(with = "Option<Vec<String>>")]
        allowed_values: Option<Vec<Spanned<String>>>,
        /// Masking policies set on the tag, at most one per data type: every column
        /// carrying the tag is masked by the policy of its type.
        #[serde(default)]
        #[schemars(with = "Vec<String>")]
        masking_policies: Vec<Spanned<String>>,
    }
}

/// `'a', 'b'`: values as literals.
fn value_list<'a>(values: impl IntoIterator<Item = &'a String>) -> String {
    values
        .into_iter()
        .map(|v| literal(v))
        .collect::<Vec<_>>()
        .join(", ")
}

impl ObjectKind for Tag {
    const SQL_KEYWORD: &'static str = "TAG";
    const SCHEMA_LEVEL: bool = true;
    type Raw = RawTag;

    fn resolve(raw: RawTag, ctx: &mut Ctx<'_>) -> Option<Declared> {
        let scope = ctx.scope.clone();
        let name = ctx.object_name(&raw.name, &scope, "tag");
        let mut valid = true;
        let allowed_values = match &raw.allowed_values {
            None => None,
            Some(list) => {
                if list.is_empty() {
                    ctx.error(&raw.name, "an empty allowed_values lets no value be set")
                        .help = Some("omit allowed_values to allow any value".into());
                    valid = false;
                }
                if list.len() > MAX_ALLOWED_VALUES {
                    ctx.error(
                        &raw.name,
                        format!(
                            "a tag takes at most {MAX_ALLOWED_VALUES} allowed values; {} are listed",
                            list.len()
                        ),
                    );
                    valid = false;
                }
                let mut values: Vec<String> = Vec::new();
                for value in list {
                    if value.get_ref().chars().count() > MAX_VALUE_CHARS {
                        ctx.error(
                            value,
                            format!("a tag value is at most {MAX_VALUE_CHARS} characters"),
                        );
                        valid = false;
                    } else if values.contains(value.get_ref()) {
                        ctx.error(value, format!("{:?} is listed twice", value.get_ref()));
                        valid = false;
                    } else {
                        values.push(value.get_ref().clone());
                    }
                }
                Some(values)
            }
        };
        let (Some(name), true) = (name, valid) else {
            return None;
        };
        let mut sites = BTreeMap::new();
        let mut masking_policies: Vec<ObjectName> = Vec::new();
        for raw_policy in &raw.masking_policies {
            match NameScope::of(&name.schema_name()).object_name(raw_policy.get_ref()) {
                Ok(policy) => {
                    sites.insert(
                        Address::new(Kind::MaskingPolicy, &policy),
                        ctx.locate(raw_policy),
                    );
                    masking_policies.push(policy);
                }
                Err(e) => {
                    ctx.error(raw_policy, format!("invalid masking policy name: {e}"));
                    valid = false;
                }
            }
        }
        if !valid {
            return None;
        }
        masking_policies.sort();
        masking_policies.dedup();
        let tag = Tag {
            name,
            allowed_values,
            comment: raw.comment.clone(),
            masking_policies,
        };
        let mut declared = ctx.declare(tag, common_keys!(raw));
        declared.sites.extend(sites);
        Some(declared)
    }

    fn diff(live: &Tag, desired: &Tag, _cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        let mut e = Edits::default();
        let shown = |values: &Option<Vec<String>>| {
            values
                .as_ref()
                .map(|list| format!("[{}]", value_list(list)))
        };
        if sorted(&live.allowed_values) != sorted(&desired.allowed_values) {
            e.compare_option(
                "allowed_values",
                &shown(&live.allowed_values),
                &shown(&desired.allowed_values),
            );
            let name = &desired.name;
            match (&live.allowed_values, &desired.allowed_values) {
                (_, None) => e.sql(format!("ALTER TAG {name} UNSET ALLOWED_VALUES")),
                (None, Some(list)) => e.sql(format!(
                    "ALTER TAG {name} SET ALLOWED_VALUES {}",
                    value_list(list)
                )),
                (Some(before), Some(after)) => {
                    let added: Vec<&String> =
                        after.iter().filter(|v| !before.contains(v)).collect();
                    let dropped: Vec<&String> =
                        before.iter().filter(|v| !after.contains(v)).collect();
                    if !added.is_empty() {
                        e.sql(format!(
                            "ALTER TAG {name} ADD ALLOWED_VALUES {}",
                            value_list(added)
                        ));
                    }
                    if !dropped.is_empty() {
                        e.sql(format!(
                            "ALTER TAG {name} DROP ALLOWED_VALUES {}",
                            value_list(dropped)
                        ));
                    }
                }
            }
        }
        let object = Object::Tag(desired.clone());
        comment(&mut e, &live.comment, &desired.comment, &object)?;
        let names = |list: &[ObjectName]| {
            list.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        if e.compare(
            "masking_policies",
            &names(&live.masking_policies),
            &names(&desired.masking_policies),
        ) {
            // Unset first: a tag holds one policy per data type, so a policy replacing
            // another of its type is set once the other is gone.
            let removed: Vec<&ObjectName> = live
                .masking_policies
                .iter()
                .filter(|p| !desired.masking_policies.contains(p))
                .collect();
            if !removed.is_empty() {
                e.sql(unset_masking(&desired.name, &removed));
            }
            let added: Vec<&ObjectName> = desired
                .masking_policies
                .iter()
                .filter(|p| !live.masking_policies.contains(p))
                .collect();
            if !added.is_empty() {
                e.sql(set_masking(&desired.name, &added));
            }
        }
        Ok(e)
    }

    /// The CREATE, then the masking policies set on it.
    fn create_steps(
        &self,
        _settings: &crate::plan::diff::Settings,
    ) -> Result<Vec<crate::plan::Step>, DiffError> {
        let mut steps = vec![crate::plan::Step::sql(self.create_sql(CreateMode::Create)?)];
        if !self.masking_policies.is_empty() {
            let all: Vec<&ObjectName> = self.masking_policies.iter().collect();
            steps.push(crate::plan::Step::sql(set_masking(&self.name, &all)));
        }
        Ok(steps)
    }

    /// A tag carrying a masking policy cannot be dropped: the policies are unset first.
    fn drop_steps(
        &self,
        _settings: &crate::plan::diff::Settings,
        reasons: &mut Vec<String>,
    ) -> Result<Vec<crate::plan::Step>, DiffError> {
        let mut steps = Vec::new();
        if !self.masking_policies.is_empty() {
            let all: Vec<&ObjectName> = self.masking_policies.iter().collect();
            steps.push(crate::plan::Step::sql(unset_masking(&self.name, &all)));
            reasons.push("its masking policies are unset first".into());
        }
        steps.push(crate::plan::Step::sql(format!("DROP TAG {}", self.name)));
        Ok(steps)
    }

    /// ALLOWED_VALUES "must be the first optional parameter"
    /// (https://docs.snowflake.com/en/sql-reference/sql/create-tag).
    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        let allowed = match &self.allowed_values {
            Some(list) => format!(" ALLOWED_VALUES {}", value_list(list)),
            None => String::new(),
        };
        Ok(format!(
            "{} TAG {}{allowed}{}",
            mode.verb(),
            self.name,
            comment_clause(self.comment.as_deref())
        ))
    }

    fn spawn_reads<C: Connection>(jobs: &mut Jobs, runner: &Runner<C>, database: &Ident) {
        jobs.spawn(read(runner.clone(), database.clone()));
    }

    fn import(&self, w: &Writer<'_>, schema: Option<&SchemaName>) -> Entry {
        let mut e = Entry::new("tag");
        e.set("name", w.text(&w.short(&self.name, schema)));
        w.comment(&mut e, &self.comment);
        if let Some(list) = &self.allowed_values {
            e.set("allowed_values", w.texts(list.iter().map(String::as_str)));
        }
        if !self.masking_policies.is_empty() {
            let own = self.name.schema_name();
            let short: Vec<String> = self
                .masking_policies
                .iter()
                .map(|p| w.short(p, Some(&own)))
                .collect();
            e.set(
                "masking_policies",
                w.texts(short.iter().map(String::as_str)),
            );
        }
        e
    }
}

/// `ALTER TAG t SET MASKING POLICY p [ , MASKING POLICY p2 … ]`
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-tag).
fn set_masking(tag: &ObjectName, policies: &[&ObjectName]) -> String {
    let list: Vec<String> = policies
        .iter()
        .map(|p| format!("MASKING POLICY {p}"))
        .collect();
    format!("ALTER TAG {tag} SET {}", list.join(", "))
}

/// `ALTER TAG t UNSET MASKING POLICY p [ , MASKING POLICY p2 … ]`.
fn unset_masking(tag: &ObjectName, policies: &[&ObjectName]) -> String {
    let list: Vec<String> = policies
        .iter()
        .map(|p| format!("MASKING POLICY {p}"))
        .collect();
    format!("ALTER TAG {tag} UNSET {}", list.join(", "))
}

/// The query listing the policies set on `tag`
/// (https://docs.snowflake.com/en/sql-reference/functions/policy_references: the
/// `REF_ENTITY_NAME` form with the `TAG` domain).
fn policies_query(tag: &ObjectName) -> Query {
    Query {
        columns: &["POLICY_DB", "POLICY_SCHEMA", "POLICY_NAME", "POLICY_KIND"],
        from: format!(
            "TABLE({}.INFORMATION_SCHEMA.POLICY_REFERENCES(REF_ENTITY_NAME => {}, REF_ENTITY_DOMAIN => 'TAG'))",
            tag.database,
            literal(&tag.to_string())
        ),
    }
}

/// The masking policies among POLICY_REFERENCES rows, sorted.
fn parse_policies(set: &ResultSet) -> Result<Vec<ObjectName>, IntrospectError> {
    let mut found = Vec::new();
    for row in set.rows() {
        let r = Record::new(row, Kind::Tag);
        if r.required("POLICY_KIND")?
            .eq_ignore_ascii_case("MASKING_POLICY")
        {
            found.push(r.object_name("POLICY_DB", "POLICY_SCHEMA", "POLICY_NAME")?);
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

/// `SHOW TAGS IN DATABASE d` (no `LIMIT … FROM`,
/// https://docs.snowflake.com/en/sql-reference/sql/show-tags: a listing at the cap is an
/// error rather than a short read); the masking policies on every tag are read after,
/// with the tags set on objects ([`Reads`]).
async fn read<C: Connection>(
    runner: Runner<C>,
    database: Ident,
) -> Result<introspect::Found, IntrospectError> {
    let mut tags = Vec::new();
    for page in runner
        .show_unpaged(&format!("SHOW TAGS IN DATABASE {database}"))
        .await?
    {
        for row in page.rows() {
            let record = Record::new(row, Kind::Tag);
            let tag = parse(&record)?;
            if tag.name.schema.as_str()
                != crate::providers::snowflake::introspect::INFORMATION_SCHEMA
            {
                // The `owner` column (https://docs.snowflake.com/en/sql-reference/sql/show-tags).
                tags.push((tag, record.owner()));
            }
        }
    }
    let mut found = introspect::Found::default();
    for (tag, owner) in tags {
        found.push(tag.into(), owner);
    }
    Ok(found)
}

/// One SHOW TAGS row: `name`, `database_name`, `schema_name`, `comment`, and
/// `allowed_values`, a JSON array of strings or NULL.
pub(crate) fn parse(record: &Record<'_>) -> Result<Tag, IntrospectError> {
    let allowed_values = match record.optional("allowed_values")? {
        None => None,
        Some(text) if text.trim().is_empty() => None,
        Some(text) => Some(
            serde_json::from_str::<Vec<String>>(text)
                .map_err(|e| record.invalid("allowed_values", text, e.to_string()))?,
        ),
    };
    Ok(Tag {
        name: record.object_name("database_name", "schema_name", "name")?,
        allowed_values,
        comment: record.comment()?,
        // Read with POLICY_REFERENCES ([`Reads`]).
        masking_policies: Vec::new(),
    })
}

/// A `tags = { NAME = "value", … }` table: each name resolved like other schema-level
/// references (in `scope`'s schema, or `SCHEMA.NAME`, or `DATABASE.SCHEMA.NAME`), each
/// value at most 256 characters, at most 50 tags. `sites` gets each tag's address and
/// where it is written (the plan's edges and the "not declared" diagnostics). `None`
/// after reporting a problem.
pub(crate) fn resolve_tags(
    raw: &BTreeMap<Spanned<String>, Spanned<String>>,
    scope: &SchemaName,
    ctx: &mut Ctx<'_>,
    sites: &mut BTreeMap<Address, crate::config::source::Location>,
) -> Option<TagValues> {
    let mut valid = true;
    let mut tags = TagValues::new();
    if raw.len() > MAX_TAGS_PER_OBJECT {
        if let Some((first, _)) = raw.iter().next() {
            ctx.error(
                first,
                format!("an object carries at most {MAX_TAGS_PER_OBJECT} tags"),
            );
        }
        valid = false;
    }
    for (key, value) in raw {
        let name = match NameScope::of(scope).object_name(key.get_ref()) {
            Ok(name) => name,
            Err(e) => {
                ctx.error(key, format!("invalid tag name: {e}")).help = Some(
                    "write the tag's name (in this object's schema) or DATABASE.SCHEMA.NAME".into(),
                );
                valid = false;
                continue;
            }
        };
        if value.get_ref().chars().count() > MAX_VALUE_CHARS {
            ctx.error(
                value,
                format!("a tag value is at most {MAX_VALUE_CHARS} characters"),
            );
            valid = false;
            continue;
        }
        sites.insert(Address::new(Kind::Tag, &name), ctx.locate(key));
        if tags.insert(name.clone(), value.get_ref().clone()).is_some() {
            ctx.error(key, format!("tag {name} is set twice"));
            valid = false;
        }
    }
    valid.then_some(tags)
}

/// Every value a declared table, column or view sets must be one of its declared tag's
/// allowed values (Snowflake refuses the SET TAG otherwise:
/// https://docs.snowflake.com/en/sql-reference/sql/create-tag); `validate` says so at the
/// tag's name in the `tags` table rather than at apply.
pub(crate) fn check_values(
    declared: &[Declared],
    index: &BTreeMap<Address, usize>,
    diagnostics: &mut Vec<crate::config::diagnostic::Diagnostic>,
) {
    for entry in declared {
        let mut sets: Vec<&TagValues> = Vec::new();
        match &entry.object {
            Object::Table(t) => {
                sets.extend(t.tags.iter());
                sets.extend(t.columns.iter().filter_map(|c| c.tags.as_ref()));
            }
            Object::View(v) => sets.extend(v.tags.iter()),
            _ => continue,
        }
        for (tag_name, value) in sets.into_iter().flatten() {
            let address = Address::new(Kind::Tag, tag_name);
            let Some(Object::Tag(tag)) = index.get(&address).map(|&i| &declared[i].object) else {
                continue;
            };
            let Some(allowed) = &tag.allowed_values else {
                continue;
            };
            if !allowed.contains(value) {
                let at = entry.sites.get(&address).unwrap_or(&entry.at).clone();
                diagnostics.push(
                    crate::config::diagnostic::Diagnostic::at(
                        at,
                        format!("{value:?} is not an allowed value of tag {tag_name}"),
                    )
                    .with_help(format!("allowed: {}", value_list(allowed))),
                );
            }
        }
    }
}

/// `t1 = 'v1', t2 = 'v2'`: what SET TAG takes.
fn assignments(tags: &TagValues) -> String {
    tags.iter()
        .map(|(tag, value)| format!("{tag} = {}", literal(value)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The statements taking `target`'s tags from `live` to `desired`: one `SET TAG` with
/// every tag added or changed, one `UNSET TAG` with every tag removed
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-table). `target` is what comes
/// after ALTER: `TABLE t`, `VIEW v`, `TABLE t MODIFY COLUMN c`.
pub(crate) fn alter_tags(target: &str, live: &TagValues, desired: &TagValues) -> Vec<String> {
    let mut statements = Vec::new();
    let set: TagValues = desired
        .iter()
        .filter(|(tag, value)| live.get(*tag) != Some(value))
        .map(|(t, v)| (t.clone(), v.clone()))
        .collect();
    if !set.is_empty() {
        statements.push(format!("ALTER {target} SET TAG {}", assignments(&set)));
    }
    let unset: Vec<String> = live
        .keys()
        .filter(|tag| !desired.contains_key(*tag))
        .map(ToString::to_string)
        .collect();
    if !unset.is_empty() {
        statements.push(format!("ALTER {target} UNSET TAG {}", unset.join(", ")));
    }
    statements
}

/// `{ DB.S.PII = 'email' }`: a tag set as the plan shows it.
pub(crate) fn shown(tags: &TagValues) -> String {
    format!("{{{}}}", assignments(tags))
}

/// Compares one object's or column's tags (`label` names it in the plan) and adds the
/// statements; compared only where `desired` declares tags.
pub(crate) fn diff_tags(
    e: &mut Edits,
    label: &str,
    target: &str,
    live: Option<&TagValues>,
    desired: Option<&TagValues>,
) -> Vec<String> {
    let Some(desired) = desired else {
        return Vec::new();
    };
    let empty = TagValues::new();
    let live = live.unwrap_or(&empty);
    if !e.compare(label, &shown(live), &shown(desired)) {
        return Vec::new();
    }
    alter_tags(target, live, desired)
}

/// The query reading the tags set directly on a table or view
/// (https://docs.snowflake.com/en/sql-reference/functions/tag_references): the name is a
/// string literal, quoted identifiers in their quotes; the domain is `TABLE` for views too.
fn object_references_query(object: &ObjectName) -> Query {
    Query {
        columns: REFERENCE_COLUMNS,
        from: format!(
            "TABLE({}.INFORMATION_SCHEMA.TAG_REFERENCES({}, 'TABLE'))",
            object.database,
            literal(&object.to_string())
        ),
    }
}

/// What [`parse_references`] reads of TAG_REFERENCES and TAG_REFERENCES_ALL_COLUMNS.
const REFERENCE_COLUMNS: &[&str] = &[
    "TAG_DATABASE",
    "TAG_SCHEMA",
    "TAG_NAME",
    "TAG_VALUE",
    "LEVEL",
    "DOMAIN",
    "COLUMN_NAME",
];

/// The query reading the tags of every column of a table or view
/// (https://docs.snowflake.com/en/sql-reference/functions/tag_references_all_columns; only
/// the `TABLE` domain, views included).
fn column_references_query(object: &ObjectName) -> Query {
    Query {
        columns: REFERENCE_COLUMNS,
        from: format!(
            "TABLE({}.INFORMATION_SCHEMA.TAG_REFERENCES_ALL_COLUMNS({}, 'TABLE'))",
            object.database,
            literal(&object.to_string())
        ),
    }
}

/// The tags set directly (LEVEL equal to DOMAIN: the rows also carry the tags inherited
/// from the table, schema or database, which belong to those) from TAG_REFERENCES rows,
/// by column (`None` for the object itself).
pub(crate) fn parse_references(
    set: &ResultSet,
    kind: Kind,
) -> Result<BTreeMap<Option<Ident>, TagValues>, IntrospectError> {
    let mut found: BTreeMap<Option<Ident>, TagValues> = BTreeMap::new();
    for row in set.rows() {
        let r = Record::new(row, kind);
        let level = r.required("LEVEL")?;
        let domain = r.required("DOMAIN")?;
        if !level.eq_ignore_ascii_case(domain) {
            continue;
        }
        let tag = r.object_name("TAG_DATABASE", "TAG_SCHEMA", "TAG_NAME")?;
        let value = r.optional("TAG_VALUE")?.unwrap_or("").to_string();
        let column = r.optional("COLUMN_NAME")?.map(Ident::from_stored);
        found.entry(column).or_default().insert(tag, value);
    }
    Ok(found)
}

/// The tag reads made once everything is listed, in the reading's united batch
/// (`introspect::united`): the masking policies on every live tag, and the tags of the
/// tables and views in `scope` — for a table, its own tags and its columns' (a query each,
/// and only the ones its declaration involves: see [`TagReads`]); for a view the same,
/// its columns' added to it as it lists none. What is read comes back as `Some` tags
/// (empty where none is set), on every column too, so a declared `tags = {}` sees a tag
/// set by hand; what is not read stays `None`, which the diff leaves alone as it does an
/// undeclared `tags`.
pub(crate) struct Reads {
    /// Each tag's index among the objects, and its policies' ticket.
    policies: Vec<(usize, Ticket)>,
    /// Each table's or view's index, and the tickets of its own and its columns' tags.
    assignments: Vec<(usize, Option<Ticket>, Option<Ticket>)>,
}

impl Reads {
    pub(crate) fn new(scope: &TagScope, objects: &[Object], batch: &mut Batch) -> Reads {
        let mut reads = Reads {
            policies: Vec::new(),
            assignments: Vec::new(),
        };
        for (i, object) in objects.iter().enumerate() {
            let name = match object {
                Object::Tag(t) => {
                    reads.policies.push((i, batch.add(policies_query(&t.name))));
                    continue;
                }
                Object::Table(t) => &t.name,
                Object::View(v) => &v.name,
                _ => continue,
            };
            if let Some(wanted) = scope.reads(name, TagReads::BOTH) {
                let own = wanted.own.then(|| batch.add(object_references_query(name)));
                let columns = wanted
                    .columns
                    .then(|| batch.add(column_references_query(name)));
                reads.assignments.push((i, own, columns));
            }
        }
        reads
    }

    /// Writes what was read onto the tags, tables and views.
    pub(crate) fn write_onto(
        self,
        objects: &mut [Object],
        answers: &mut Answers,
    ) -> Result<(), IntrospectError> {
        for (i, ticket) in self.policies {
            if let Some(Object::Tag(tag)) = objects.get_mut(i) {
                tag.masking_policies = parse_policies(&answers.take(ticket))?;
            }
        }
        for (i, own, columns) in self.assignments {
            match objects.get_mut(i) {
                Some(Object::Table(t)) => {
                    if let Some(own) = own {
                        let own = parse_references(&answers.take(own), Kind::Table)?;
                        t.tags = Some(own.get(&None).cloned().unwrap_or_default());
                    }
                    if let Some(columns) = columns {
                        let mut columns = parse_references(&answers.take(columns), Kind::Table)?;
                        for column in &mut t.columns {
                            column.tags = Some(
                                columns
                                    .remove(&Some(column.name.clone()))
                                    .unwrap_or_default(),
                            );
                        }
                    }
                }
                Some(Object::View(v)) => {
                    if let Some(own) = own {
                        let own = parse_references(&answers.take(own), Kind::View)?;
                        v.tags = Some(own.get(&None).cloned().unwrap_or_default());
                    }
                    if let Some(columns) = columns {
                        // The view lists no columns of its own: each one tagged is added.
                        let columns = parse_references(&answers.take(columns), Kind::View)?;
                        for (column, tags) in columns {
                            if let Some(column) = column {
                                v.column_mut(&column).tags = Some(tags);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Action, Tier};
    use crate::providers::snowflake::introspect::record::fixture::{result, row};

    fn tag(values: Option<&[&str]>) -> Tag {
        Tag {
            name: ObjectName::parse("PR.GOVERNANCE.PII").unwrap(),
            allowed_values: values.map(|v| v.iter().map(|s| s.to_string()).collect()),
            comment: None,
            masking_policies: Vec::new(),
        }
    }

    fn statements(e: &Edits) -> Vec<String> {
        e.steps.iter().map(|s| s.describe()).collect()
    }

    #[test]
    fn create_lists_allowed_values_first() {
        let mut t = tag(Some(&["name", "it's"]));
        t.comment = Some("personal".into());
        assert_eq!(
            t.create_sql(CreateMode::Create).unwrap(),
            "CREATE TAG PR.GOVERNANCE.PII ALLOWED_VALUES 'name', 'it\\'s' COMMENT = 'personal'"
        );
        assert_eq!(
            tag(None).create_sql(CreateMode::Create).unwrap(),
            "CREATE TAG PR.GOVERNANCE.PII"
        );
    }

    #[test]
    fn allowed_values_change_in_place_as_a_set() {
        let live = tag(Some(&["name", "email"]));
        // Another order is no change.
        assert!(crate::kinds::diff_in_test(&live, &tag(Some(&["email", "name"]))).is_empty());
        let e = crate::kinds::diff_in_test(&live, &tag(Some(&["email", "age"])));
        assert_eq!((e.action, e.tier), (Action::Update, Tier::Safe));
        assert_eq!(
            statements(&e),
            [
                "ALTER TAG PR.GOVERNANCE.PII ADD ALLOWED_VALUES 'age'",
                "ALTER TAG PR.GOVERNANCE.PII DROP ALLOWED_VALUES 'name'",
            ]
        );
        let e = crate::kinds::diff_in_test(&live, &tag(None));
        assert_eq!(
            statements(&e),
            ["ALTER TAG PR.GOVERNANCE.PII UNSET ALLOWED_VALUES"]
        );
        let e = crate::kinds::diff_in_test(&tag(None), &live);
        assert_eq!(
            statements(&e),
            ["ALTER TAG PR.GOVERNANCE.PII SET ALLOWED_VALUES 'name', 'email'"]
        );
        let mut commented = live.clone();
        commented.comment = Some("c".into());
        assert_eq!(
            statements(&crate::kinds::diff_in_test(&live, &commented)),
            ["ALTER TAG PR.GOVERNANCE.PII SET COMMENT = 'c'"]
        );
    }

    #[test]
    fn masking_policies_unset_before_set_and_before_the_drop() {
        let live = {
            let mut t = tag(None);
            t.masking_policies = vec![ObjectName::parse("PR.GOVERNANCE.OLD").unwrap()];
            t
        };
        let mut desired = tag(None);
        desired.masking_policies = vec![ObjectName::parse("PR.GOVERNANCE.NEW").unwrap()];
        assert_eq!(
            statements(&crate::kinds::diff_in_test(&live, &desired)),
            [
                "ALTER TAG PR.GOVERNANCE.PII UNSET MASKING POLICY PR.GOVERNANCE.OLD",
                "ALTER TAG PR.GOVERNANCE.PII SET MASKING POLICY PR.GOVERNANCE.NEW",
            ]
        );
        let mut reasons = Vec::new();
        let settings = crate::plan::diff::Settings {
            prune: false,
            backup: true,
            now: jiff::Timestamp::UNIX_EPOCH,
            namespace: crate::providers::adls::Namespace::Hierarchical,
            lock_container: "lakeform-locks".into(),
            deploy_role: None,
        };
        let steps: Vec<String> = live
            .drop_steps(&settings, &mut reasons)
            .unwrap()
            .iter()
            .map(|s| s.describe())
            .collect();
        assert_eq!(
            steps,
            [
                "ALTER TAG PR.GOVERNANCE.PII UNSET MASKING POLICY PR.GOVERNANCE.OLD",
                "DROP TAG PR.GOVERNANCE.PII",
            ]
        );
        assert_eq!(
            policies_query(&live.name).to_string(),
            "SELECT POLICY_DB, POLICY_SCHEMA, POLICY_NAME, POLICY_KIND FROM TABLE(PR.INFORMATION_SCHEMA.POLICY_REFERENCES(REF_ENTITY_NAME => 'PR.GOVERNANCE.PII', REF_ENTITY_DOMAIN => 'TAG'))"
        );
    }

    #[test]
    fn show_tags_rows_are_read_by_column_name() {
        let set = row(&[
            ("created_on", Some("2026-12-06 08:00:00.000 -0800")),
            ("name", Some("PII")),
            ("database_name", Some("PR")),
            ("schema_name", Some("GOVERNANCE")),
            ("owner", Some("SYSADMIN")),
            ("comment", Some("")),
            ("allowed_values", Some("[\"name\",\"email\"]")),
            ("owner_role_type", Some("ROLE")),
        ]);
        let t = parse(&Record::new(set.rows().next().unwrap(), Kind::Tag)).unwrap();
        assert_eq!(t, tag(Some(&["name", "email"])));
        let set = row(&[
            ("name", Some("PII")),
            ("database_name", Some("PR")),
            ("schema_name", Some("GOVERNANCE")),
            ("comment", None),
            ("allowed_values", None),
        ]);
        let t = parse(&Record::new(set.rows().next().unwrap(), Kind::Tag)).unwrap();
        assert_eq!(t.allowed_values, None);
        let bad = row(&[
            ("name", Some("PII")),
            ("database_name", Some("PR")),
            ("schema_name", Some("GOVERNANCE")),
            ("allowed_values", Some("[not json")),
        ]);
        assert!(parse(&Record::new(bad.rows().next().unwrap(), Kind::Tag)).is_err());
    }

    #[test]
    fn assignments_set_changed_tags_and_unset_removed_ones() {
        let pii = ObjectName::parse("PR.GOVERNANCE.PII").unwrap();
        let team = ObjectName::parse("PR.GOVERNANCE.TEAM").unwrap();
        let live: TagValues = [
            (pii.clone(), "name".to_string()),
            (team.clone(), "crm".into()),
        ]
        .into_iter()
        .collect();
        let desired: TagValues = [(pii.clone(), "it's".to_string())].into_iter().collect();
        assert_eq!(
            alter_tags(
                "TABLE PR.SILVER.CUSTOMER MODIFY COLUMN EMAIL",
                &live,
                &desired
            ),
            [
                "ALTER TABLE PR.SILVER.CUSTOMER MODIFY COLUMN EMAIL SET TAG PR.GOVERNANCE.PII = 'it\\'s'",
                "ALTER TABLE PR.SILVER.CUSTOMER MODIFY COLUMN EMAIL UNSET TAG PR.GOVERNANCE.TEAM",
            ]
        );
        assert!(alter_tags("TABLE T", &live, &live).is_empty());
        // Undeclared tags are not compared.
        let mut e = Edits::default();
        assert!(diff_tags(&mut e, "tags", "TABLE T", Some(&live), None).is_empty());
        assert!(e.is_empty());
    }

    #[test]
    fn only_directly_set_tags_are_read() {
        let set = result(
            REFERENCE_COLUMNS,
            &[
                &[
                    Some("PR"),
                    Some("G"),
                    Some("PII"),
                    Some("email"),
                    Some("COLUMN"),
                    Some("COLUMN"),
                    Some("EMAIL"),
                ],
                &[
                    Some("PR"),
                    Some("G"),
                    Some("TEAM"),
                    Some("crm"),
                    Some("TABLE"),
                    Some("COLUMN"),
                    Some("EMAIL"),
                ],
                &[
                    Some("PR"),
                    Some("G"),
                    Some("TEAM"),
                    Some("crm"),
                    Some("TABLE"),
                    Some("TABLE"),
                    None,
                ],
            ],
        );
        let found = parse_references(&set, Kind::Table).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found[&Some(Ident::from_stored("EMAIL"))].len(), 1);
        assert_eq!(found[&None].len(), 1);
        assert_eq!(
            object_references_query(&ObjectName::parse("PR.S.\"it's\"").unwrap()).to_string(),
            "SELECT TAG_DATABASE, TAG_SCHEMA, TAG_NAME, TAG_VALUE, LEVEL, DOMAIN, COLUMN_NAME FROM TABLE(PR.INFORMATION_SCHEMA.TAG_REFERENCES('PR.S.\"it\\'s\"', 'TABLE'))"
        );
    }
}
