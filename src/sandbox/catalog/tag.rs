//! Tags, the whole kind: the catalog entry with Snowflake's rules, the grammar of CREATE
//! TAG and ALTER TAG, the SHOW TAGS rows, the tag assignments (`ALTER <object> SET TAG` /
//! `UNSET TAG` on tables, views, schemas, columns, roles and the account) and the rows of
//! `INFORMATION_SCHEMA.TAG_REFERENCES` / `TAG_REFERENCES_ALL_COLUMNS`.
//!
//! The rules (https://docs.snowflake.com/en/sql-reference/sql/create-tag,
//! https://docs.snowflake.com/en/sql-reference/sql/alter-tag,
//! https://docs.snowflake.com/en/sql-reference/sql/drop-tag,
//! https://docs.snowflake.com/en/user-guide/object-tagging/introduction):
//! * `ALLOWED_VALUES` lists at most 5,000 values; without it any string may be set;
//! * a value set on an object must be one of the tag's allowed values, when it has them,
//!   and is at most 256 characters;
//! * an object carries at most 50 unique tags ("Tag quotas");
//! * DROP TAG of a tag that is set on objects succeeds: the docs only advise finding the
//!   references first, and UNDROP TAG restores the assignments. The emulator keeps the
//!   assignments under the tag's name and hides them while no tag of that name exists,
//!   so UNDROP TAG brings them back with the tag (`catalog/dropped.rs`).
//!
//! Where the assignments are kept: in the catalog, keyed by the tagged object's id (and
//! the column's name), so a renamed table keeps its tags as in Snowflake, and one map
//! serves every kind that can be tagged. MULTI_VALUE and PROPAGATE are Enterprise
//! options the emulator does not model: they are refused as unsupported, not accepted and
//! ignored.
//!
//! Tag-based masking (https://docs.snowflake.com/en/user-guide/tag-based-masking-policies):
//! `ALTER TAG … SET MASKING POLICY` keeps at most one policy per data type on a tag (FORCE
//! swaps the one of the same type); a tag carrying a policy cannot be dropped, nor the
//! policy dropped or replaced while on a tag. The emulator records the policies and where
//! they are set; it evaluates no query, so it does not mask values.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::rows::{DescribeRows, Entry, ShowRows, columns, comment, stamp, text};
use super::{Catalog, Meta, Names, SandboxKind, Schema, SchemaObject};
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::Parser;

/// "You can specify up to 5,000 allowed values"
/// (https://docs.snowflake.com/en/sql-reference/sql/create-tag).
const MAX_ALLOWED_VALUES: usize = 5_000;
/// "The maximum number of characters for the tag value is 256"
/// (https://docs.snowflake.com/en/user-guide/object-tagging/introduction).
const MAX_VALUE_CHARS: usize = 256;
/// "Snowflake allows a maximum number of 50 unique tags that can be set on a single
/// object" (https://docs.snowflake.com/en/user-guide/object-tagging/introduction, "Tag
/// quotas").
pub(crate) const MAX_TAGS_PER_OBJECT: usize = 50;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Tag {
    pub(crate) meta: Meta,
    /// `None`: any value may be set. In the order they were given.
    pub(crate) allowed_values: Option<Vec<String>>,
    /// The masking policies set on the tag (tag-based masking), at most one per data type.
    #[serde(default)]
    pub(crate) masking_policies: Vec<ObjectName>,
}

/// CREATE TAG's body after the name: `[ ALLOWED_VALUES 'v' [ , … ] ] [ COMMENT = '…' ]`.
#[derive(Debug, PartialEq)]
pub(crate) struct TagBody {
    pub(crate) allowed_values: Option<Vec<String>>,
    pub(crate) comment: Option<String>,
}

/// An ALTER TAG action other than RENAME TO.
#[derive(Debug, PartialEq)]
pub(crate) enum TagAlter {
    AddAllowed(Vec<String>),
    DropAllowed(Vec<String>),
    /// `SET [ ALLOWED_VALUES … ] [ COMMENT = '…' ]`: SET ALLOWED_VALUES replaces the list.
    Set {
        allowed_values: Option<Vec<String>>,
        comment: Option<String>,
    },
    UnsetAllowed,
    UnsetComment,
    /// `SET MASKING POLICY p [ , MASKING POLICY p2 … ] [ FORCE ]`.
    SetMasking(Vec<crate::sandbox::statement::RawName>, bool),
    /// `UNSET MASKING POLICY p [ , MASKING POLICY p2 … ]`.
    UnsetMasking(Vec<crate::sandbox::statement::RawName>),
}

/// `MASKING POLICY p [ , MASKING POLICY p2 … ]` after SET or UNSET.
fn policy_list(p: &mut Parser<'_>) -> Result<Vec<crate::sandbox::statement::RawName>, SqlError> {
    let mut names = Vec::new();
    loop {
        p.expect_kw("MASKING")?;
        p.expect_kw("POLICY")?;
        names.push(p.name()?);
        if !p.eat_sym(",") {
            return Ok(names);
        }
    }
}

/// A policy name as ALTER TAG wrote it, completed with the tag's database and schema.
/// Snowflake resolves it in the session's context; the kinds' module interface gives the
/// tag's name only, and lakeform always writes policies in full, so a shorter name is read
/// relative to the tag.
fn complete(
    raw: &crate::sandbox::statement::RawName,
    tag: &ObjectName,
) -> Result<ObjectName, SqlError> {
    let parts = &raw.parts;
    match parts.len() {
        1 => Ok(ObjectName {
            database: tag.database.clone(),
            schema: tag.schema.clone(),
            name: parts[0].clone(),
        }),
        2 => Ok(ObjectName {
            database: tag.database.clone(),
            schema: parts[0].clone(),
            name: parts[1].clone(),
        }),
        3 => Ok(ObjectName {
            database: parts[0].clone(),
            schema: parts[1].clone(),
            name: parts[2].clone(),
        }),
        _ => Err(SqlError::invalid_identifier(
            &parts
                .iter()
                .map(|p| p.to_sql())
                .collect::<Vec<_>>()
                .join("."),
        )),
    }
}

/// `'v1' [ , 'v2' … ]`.
fn values(p: &mut Parser<'_>) -> Result<Vec<String>, SqlError> {
    let mut values = vec![p.string()?];
    while p.eat_sym(",") {
        values.push(p.string()?);
    }
    Ok(values)
}

fn check_allowed(values: Vec<String>) -> Result<Vec<String>, SqlError> {
    if values.len() > MAX_ALLOWED_VALUES {
        return Err(SqlError::too_many_allowed_values(values.len()));
    }
    let mut unique: Vec<String> = Vec::with_capacity(values.len());
    for value in values {
        // The docs are silent on a repeated value; it is kept once.
        if !unique.contains(&value) {
            unique.push(value);
        }
    }
    Ok(unique)
}

/// The options the emulator does not model, refused rather than ignored.
fn refuse_unmodelled(p: &Parser<'_>) -> Result<(), SqlError> {
    for option in ["MULTI_VALUE", "PROPAGATE", "ON_CONFLICT"] {
        if p.is_kw(option) {
            return Err(SqlError::unsupported(format!(
                "The sandbox does not emulate the tag option {option}."
            )));
        }
    }
    Ok(())
}

impl SandboxKind for Tag {
    type Create = TagBody;
    type Alter = TagAlter;

    fn check_drop(catalog: &Catalog, name: &ObjectName) -> Result<(), SqlError> {
        check_droppable(catalog, name)
    }

    /// Kept for UNDROP TAG for its schema's retention period (`catalog/dropped.rs`),
    /// its assignments with it.
    fn remove(
        catalog: &mut Catalog,
        name: &ObjectName,
        if_exists: bool,
        now: super::Stamp,
    ) -> Result<bool, SqlError> {
        catalog.drop_kept::<Tag>(name, if_exists, now)
    }

    fn parse_create(p: &mut Parser<'_>) -> Result<TagBody, SqlError> {
        // ALLOWED_VALUES "must be the first optional parameter"
        // (https://docs.snowflake.com/en/sql-reference/sql/create-tag).
        let allowed_values = if p.eat_kw("ALLOWED_VALUES") {
            Some(values(p)?)
        } else {
            None
        };
        refuse_unmodelled(p)?;
        let comment = if p.eat_kw("COMMENT") {
            p.eat_equals();
            Some(p.string()?)
        } else {
            None
        };
        refuse_unmodelled(p)?;
        Ok(TagBody {
            allowed_values,
            comment,
        })
    }

    fn parse_alter(p: &mut Parser<'_>) -> Result<TagAlter, SqlError> {
        if p.eat_kws(&["ADD", "ALLOWED_VALUES"]) {
            return Ok(TagAlter::AddAllowed(values(p)?));
        }
        if p.eat_kws(&["DROP", "ALLOWED_VALUES"]) {
            return Ok(TagAlter::DropAllowed(values(p)?));
        }
        if p.eat_kws(&["UNSET", "ALLOWED_VALUES"]) {
            return Ok(TagAlter::UnsetAllowed);
        }
        if p.eat_kws(&["UNSET", "COMMENT"]) {
            return Ok(TagAlter::UnsetComment);
        }
        if p.eat_kw("UNSET") {
            return Ok(TagAlter::UnsetMasking(policy_list(p)?));
        }
        if p.is_kws(&["SET", "MASKING"]) {
            p.advance();
            let policies = policy_list(p)?;
            let force = p.eat_kw("FORCE");
            return Ok(TagAlter::SetMasking(policies, force));
        }
        p.expect_kw("SET")?;
        let allowed_values = if p.eat_kw("ALLOWED_VALUES") {
            Some(values(p)?)
        } else {
            None
        };
        refuse_unmodelled(p)?;
        let comment = if p.eat_kw("COMMENT") {
            p.eat_equals();
            Some(p.string()?)
        } else {
            None
        };
        if allowed_values.is_none() && comment.is_none() {
            return Err(p.error());
        }
        Ok(TagAlter::Set {
            allowed_values,
            comment,
        })
    }

    fn create(
        catalog: &mut Catalog,
        name: &ObjectName,
        mut meta: Meta,
        body: TagBody,
        _: &Names<'_>,
    ) -> Result<Tag, SqlError> {
        // OR REPLACE of a tag carrying a masking policy fails like DROP.
        check_droppable(catalog, name)?;
        meta.comment = body.comment;
        Ok(Tag {
            meta,
            allowed_values: body.allowed_values.map(check_allowed).transpose()?,
            masking_policies: Vec::new(),
        })
    }

    fn alter(
        &mut self,
        catalog: &Catalog,
        name: &ObjectName,
        action: TagAlter,
        _: super::Stamp,
        _: &super::Names<'_>,
    ) -> Result<(), SqlError> {
        match action {
            // "A tag can support one masking policy for each data type"; FORCE replaces
            // the one of the same type
            // (https://docs.snowflake.com/en/user-guide/tag-based-masking-policies,
            // https://docs.snowflake.com/en/sql-reference/sql/alter-tag).
            TagAlter::SetMasking(policies, force) => {
                use super::{masking_policy::MaskingPolicy, policy::same_type};
                for raw in &policies {
                    let policy_name = complete(raw, name)?;
                    let policy = catalog.get::<MaskingPolicy>(&policy_name)?;
                    if self.masking_policies.contains(&policy_name) {
                        continue;
                    }
                    let clash = self.masking_policies.iter().position(|other| {
                        catalog
                            .find::<MaskingPolicy>(other)
                            .is_some_and(|o| same_type(o.returns, policy.returns))
                    });
                    match clash {
                        Some(i) if force => self.masking_policies[i] = policy_name,
                        Some(_) => {
                            return Err(SqlError::tag_masking_type_taken(
                                &name.to_string(),
                                &policy.returns.to_string(),
                            ));
                        }
                        None => self.masking_policies.push(policy_name),
                    }
                }
            }
            TagAlter::UnsetMasking(policies) => {
                for raw in &policies {
                    let policy_name = complete(raw, name)?;
                    self.masking_policies.retain(|p| p != &policy_name);
                }
            }
            TagAlter::AddAllowed(added) => {
                let mut list = self.allowed_values.clone().unwrap_or_default();
                list.extend(added);
                self.allowed_values = Some(check_allowed(list)?);
            }
            // Dropping a value not in the list: the docs are silent; nothing happens.
            // Dropping every value leaves an empty list, which allows nothing
            // (https://docs.snowflake.com/en/sql-reference/sql/alter-tag).
            TagAlter::DropAllowed(dropped) => {
                if let Some(list) = &mut self.allowed_values {
                    list.retain(|v| !dropped.contains(v));
                }
            }
            TagAlter::Set {
                allowed_values,
                comment,
            } => {
                if let Some(list) = allowed_values {
                    self.allowed_values = Some(check_allowed(list)?);
                }
                if let Some(c) = comment {
                    self.meta.comment = Some(c);
                }
            }
            TagAlter::UnsetAllowed => self.allowed_values = None,
            TagAlter::UnsetComment => self.meta.comment = None,
        }
        Ok(())
    }
}

/// The tags a masking policy is set on (it then cannot be dropped nor replaced: "unset the
/// policy from the tag first", https://docs.snowflake.com/en/user-guide/tag-based-masking-policies).
pub(crate) fn tags_with_policy(catalog: &Catalog, policy: &ObjectName) -> Vec<ObjectName> {
    let mut found = Vec::new();
    for (database_name, database) in &catalog.databases {
        for (schema_name, schema) in &database.schemas {
            for (tag_name, tag) in Tag::map(schema) {
                if tag.masking_policies.contains(policy) {
                    found.push(ObjectName {
                        database: database_name.clone(),
                        schema: schema_name.clone(),
                        name: tag_name.clone(),
                    });
                }
            }
        }
    }
    found
}

/// DROP TAG (and CREATE OR REPLACE TAG) of a tag carrying a masking policy fails: the
/// policy must be unset from the tag first
/// (https://docs.snowflake.com/en/user-guide/tag-based-masking-policies).
pub(crate) fn check_droppable(catalog: &Catalog, tag: &ObjectName) -> Result<(), SqlError> {
    match catalog.find::<Tag>(tag) {
        Some(t) if !t.masking_policies.is_empty() => {
            Err(SqlError::tag_has_masking_policy(&tag.name.to_sql()))
        }
        _ => Ok(()),
    }
}

/// `POLICY_REFERENCES(REF_ENTITY_NAME => '<tag>', REF_ENTITY_DOMAIN => 'TAG')`: one row per
/// masking policy set on the tag. The tag must exist.
pub(crate) fn policy_references(
    catalog: &Catalog,
    tag: &ObjectName,
) -> Result<QueryResult, SqlError> {
    let found = catalog.get::<Tag>(tag)?;
    let rows = found
        .masking_policies
        .iter()
        .map(|policy| {
            vec![
                text(policy.database.as_str()),
                text(policy.schema.as_str()),
                text(policy.name.as_str()),
                text("MASKING_POLICY"),
                text(tag.database.as_str()),
                text(tag.schema.as_str()),
                text(tag.name.as_str()),
                text("TAG"),
                None,
                None,
                text(tag.database.as_str()),
                text(tag.schema.as_str()),
                text(tag.name.as_str()),
                text("ACTIVE"),
            ]
        })
        .collect();
    Ok(QueryResult {
        columns: columns(&super::policy::REFERENCE_COLUMNS),
        rows,
    })
}

/// What a tag is set on: an object (by its catalog id) and, for a column, its name.
pub(crate) type Target = (u64, Option<Ident>);

/// The account's own tags (`ALTER ACCOUNT SET TAG`,
/// https://docs.snowflake.com/en/sql-reference/sql/alter-account): kept under id 0,
/// which no object has (`Catalog::next_id` starts at 1).
pub(crate) const ACCOUNT: Target = (0, None);

/// Every tag assignment of the account: the tags set on each object or column, by the
/// tag's full name, with their values.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Assignments {
    #[serde(with = "assignment_list")]
    set: BTreeMap<Target, BTreeMap<ObjectName, String>>,
}

/// The map is stored as a list: JSON keys must be strings.
mod assignment_list {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Target;
    use crate::model::identifier::ObjectName;

    type Map = BTreeMap<Target, BTreeMap<ObjectName, String>>;

    pub(super) fn serialize<S: Serializer>(map: &Map, s: S) -> Result<S::Ok, S::Error> {
        let list: Vec<(&Target, &BTreeMap<ObjectName, String>)> = map.iter().collect();
        list.serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Map, D::Error> {
        let list: Vec<(Target, BTreeMap<ObjectName, String>)> = Vec::deserialize(d)?;
        Ok(list.into_iter().collect())
    }
}

impl Assignments {
    /// Drops every tag set on the object `id` (and its columns): for an object that
    /// cannot come back, as a dropped role.
    pub(crate) fn forget(&mut self, id: u64) {
        self.set.retain(|(object, _), _| *object != id);
    }

    /// Whether any tag is kept for the object `id` (or its columns), its tag dropped or
    /// not.
    #[cfg(test)]
    pub(crate) fn holds(&self, id: u64) -> bool {
        self.set.keys().any(|(object, _)| *object == id)
    }

    /// The tags set on `target` whose tag still exists, by name.
    pub(crate) fn on(&self, catalog: &Catalog, target: &Target) -> Vec<(ObjectName, String)> {
        self.set
            .get(target)
            .map(|tags| {
                tags.iter()
                    .filter(|(tag, _)| catalog.find::<Tag>(tag).is_some())
                    .map(|(tag, value)| (tag.clone(), value.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A clone's tag assignments: "Tag associations in the source object (e.g. table) are
/// maintained in the cloned objects", and a clone of a schema or database clones the tags
/// in it, the cloned objects then carrying the cloned tags instead of the source's
/// (https://docs.snowflake.com/en/user-guide/object-tagging/interaction, "Cloning").
/// `ids` maps each source object's id to its clone's (columns follow their table);
/// `moved` gives a tag inside a cloned container its clone's name.
pub(crate) fn clone_assignments(
    catalog: &mut Catalog,
    ids: &BTreeMap<u64, u64>,
    moved: &dyn Fn(&ObjectName) -> Option<ObjectName>,
) {
    let copies: Vec<(Target, BTreeMap<ObjectName, String>)> = catalog
        .tag_assignments
        .set
        .iter()
        .filter_map(|((id, column), tags)| {
            let clone = ids.get(id)?;
            let tags = tags
                .iter()
                .map(|(tag, value)| (moved(tag).unwrap_or_else(|| tag.clone()), value.clone()))
                .collect();
            Some(((*clone, column.clone()), tags))
        })
        .collect();
    catalog.tag_assignments.set.extend(copies);
}

/// `ALTER <object> SET TAG t = 'v' [ , … ]` on `target`: every tag must exist, every value
/// be allowed, and the object keep at most 50 tags. Nothing changes unless all pass.
pub(crate) fn set_tags(
    catalog: &mut Catalog,
    target: Target,
    tags: &[(ObjectName, String)],
) -> Result<(), SqlError> {
    check_tags(catalog, tags)?;
    let mut current: BTreeMap<ObjectName, String> = catalog
        .tag_assignments
        .on(catalog, &target)
        .into_iter()
        .collect();
    for (tag, value) in tags {
        current.insert(tag.clone(), value.clone());
    }
    if current.len() > MAX_TAGS_PER_OBJECT {
        return Err(SqlError::too_many_tags(MAX_TAGS_PER_OBJECT));
    }
    catalog.tag_assignments.set.insert(target, current);
    Ok(())
}

/// What SET TAG checks of the tags alone, before any object is touched: each tag exists,
/// each value is allowed and at most 256 characters, and there are at most 50 of them
/// (what a new object, which has none yet, can take).
pub(crate) fn check_tags(catalog: &Catalog, tags: &[(ObjectName, String)]) -> Result<(), SqlError> {
    let mut unique: Vec<&ObjectName> = tags.iter().map(|(t, _)| t).collect();
    unique.sort();
    unique.dedup();
    if unique.len() > MAX_TAGS_PER_OBJECT {
        return Err(SqlError::too_many_tags(MAX_TAGS_PER_OBJECT));
    }
    for (tag_name, value) in tags {
        let tag = catalog
            .find::<Tag>(tag_name)
            .ok_or_else(|| SqlError::does_not_exist("Tag", &tag_name.to_string()))?;
        if value.chars().count() > MAX_VALUE_CHARS {
            return Err(SqlError::tag_value_too_long(&tag_name.to_string()));
        }
        if let Some(allowed) = &tag.allowed_values
            && !allowed.contains(value)
        {
            return Err(SqlError::tag_value_not_allowed(
                value,
                &tag_name.to_string(),
            ));
        }
    }
    Ok(())
}

/// `ALTER <object> UNSET TAG t [ , … ]`: a tag that is not set is no error (the docs are
/// silent; Snowflake's UNSET is idempotent elsewhere), but it must exist.
pub(crate) fn unset_tags(
    catalog: &mut Catalog,
    target: &Target,
    tags: &[ObjectName],
) -> Result<(), SqlError> {
    for tag in tags {
        if catalog.find::<Tag>(tag).is_none() {
            return Err(SqlError::does_not_exist("Tag", &tag.to_string()));
        }
    }
    if let Some(current) = catalog.tag_assignments.set.get_mut(target) {
        current.retain(|t, _| !tags.contains(t));
    }
    Ok(())
}

/// The columns of `TAG_REFERENCES` and `TAG_REFERENCES_ALL_COLUMNS`
/// (https://docs.snowflake.com/en/sql-reference/functions/tag_references,
/// https://docs.snowflake.com/en/sql-reference/functions/tag_references_all_columns).
pub(crate) const REFERENCE_COLUMNS: [(&str, &str); 11] = [
    ("TAG_DATABASE", "text"),
    ("TAG_SCHEMA", "text"),
    ("TAG_NAME", "text"),
    ("TAG_VALUE", "text"),
    ("APPLY_METHOD", "text"),
    ("LEVEL", "text"),
    ("OBJECT_DATABASE", "text"),
    ("OBJECT_SCHEMA", "text"),
    ("OBJECT_NAME", "text"),
    ("DOMAIN", "text"),
    ("COLUMN_NAME", "text"),
];

/// One reference row: `tag` set with `value` at `level` (where it is set: the object
/// itself, or the table or schema a column or table inherits it from), seen on `object`
/// in `domain` (and `column`).
pub(crate) fn reference_row(
    tag: &ObjectName,
    value: &str,
    level: &str,
    object: &ObjectName,
    domain: &str,
    column: Option<&Ident>,
) -> Vec<Option<String>> {
    vec![
        text(tag.database.as_str()),
        text(tag.schema.as_str()),
        text(tag.name.as_str()),
        text(value),
        text("MANUAL"),
        text(level),
        text(object.database.as_str()),
        text(object.schema.as_str()),
        text(object.name.as_str()),
        text(domain),
        column.map(|c| c.as_str().to_string()),
    ]
}

/// The reference rows as a result.
pub(crate) fn references_result(rows: Vec<Vec<Option<String>>>) -> QueryResult {
    QueryResult {
        columns: columns(&REFERENCE_COLUMNS),
        rows,
    }
}

/// `allowed_values` as SHOW TAGS gives it: a JSON array of strings, or NULL
/// (https://docs.snowflake.com/en/sql-reference/sql/show-tags).
fn allowed_json(values: &Option<Vec<String>>) -> Option<String> {
    values
        .as_ref()
        .map(|list| serde_json::to_string(list).unwrap_or_else(|_| "[]".to_string()))
}

/// SHOW TAGS (https://docs.snowflake.com/en/sql-reference/sql/show-tags).
impl ShowRows for Tag {
    const SHOW: &'static str = "SHOW TAGS";
    const COLUMNS: &'static [(&'static str, &'static str)] = &[
        ("created_on", "timestamp_ltz"),
        ("name", "text"),
        ("database_name", "text"),
        ("schema_name", "text"),
        ("owner", "text"),
        ("comment", "text"),
        ("allowed_values", "text"),
        ("owner_role_type", "text"),
    ];

    fn in_schema(schema: &Schema) -> Vec<(&Ident, &Self)> {
        Tag::map(schema).iter().collect()
    }

    fn row(_: &Catalog, entry: &Entry<'_, Self>) -> Vec<Option<String>> {
        let t = entry.object;
        vec![
            stamp(t.meta.created_on),
            text(entry.name.as_str()),
            text(entry.database.as_str()),
            text(entry.schema.as_str()),
            text(t.meta.owner.clone()),
            comment(&t.meta.comment),
            allowed_json(&t.allowed_values),
            text("ROLE"),
        ]
    }
}

/// Snowflake documents no DESCRIBE TAG (the tag DDL is CREATE, ALTER, SHOW, DROP and
/// UNDROP: https://docs.snowflake.com/en/sql-reference/sql/create-tag, "See also"); the
/// emulator answers it with the tag's SHOW row, the shape other kinds' DESCRIBE take.
impl DescribeRows for Tag {
    fn describe(catalog: &Catalog, entry: &Entry<'_, Self>) -> QueryResult {
        QueryResult {
            columns: columns(Self::COLUMNS),
            rows: vec![Self::row(catalog, entry)],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::statement::parser::read_all;

    fn create(sql: &str) -> Result<TagBody, SqlError> {
        read_all(sql, Tag::parse_create)
    }

    fn alter(sql: &str) -> Result<TagAlter, SqlError> {
        read_all(sql, Tag::parse_alter)
    }

    #[test]
    fn create_reads_allowed_values_first_then_the_comment() {
        let body = create("ALLOWED_VALUES 'a', 'b' COMMENT = 'c'").unwrap();
        assert_eq!(body.allowed_values, Some(vec!["a".into(), "b".into()]));
        assert_eq!(body.comment.as_deref(), Some("c"));
        assert_eq!(create("").unwrap().allowed_values, None);
        // ALLOWED_VALUES must come first.
        assert!(create("COMMENT = 'c' ALLOWED_VALUES 'a'").is_err());
        assert_eq!(
            create("PROPAGATE = ON_DEPENDENCY").unwrap_err().code,
            "002043"
        );
    }

    #[test]
    fn alter_actions() {
        assert_eq!(
            alter("ADD ALLOWED_VALUES 'x'").unwrap(),
            TagAlter::AddAllowed(vec!["x".into()])
        );
        assert_eq!(
            alter("drop allowed_values 'x', 'y'").unwrap(),
            TagAlter::DropAllowed(vec!["x".into(), "y".into()])
        );
        assert_eq!(
            alter("UNSET ALLOWED_VALUES").unwrap(),
            TagAlter::UnsetAllowed
        );
        assert_eq!(alter("UNSET COMMENT").unwrap(), TagAlter::UnsetComment);
        assert!(matches!(
            alter("SET COMMENT = 'c'").unwrap(),
            TagAlter::Set {
                comment: Some(_),
                allowed_values: None
            }
        ));
        assert!(alter("SET").is_err());
        assert!(matches!(
            alter("SET MASKING POLICY p, MASKING POLICY d.s.q FORCE").unwrap(),
            TagAlter::SetMasking(ref p, true) if p.len() == 2
        ));
        assert!(matches!(
            alter("UNSET MASKING POLICY p").unwrap(),
            TagAlter::UnsetMasking(ref p) if p.len() == 1
        ));
        assert!(alter("SET MASKING POLICY").is_err());
    }

    #[test]
    fn allowed_values_are_bounded_and_kept_once() {
        assert_eq!(
            check_allowed(vec!["a".into(), "a".into(), "b".into()]).unwrap(),
            ["a", "b"]
        );
        let many: Vec<String> = (0..=MAX_ALLOWED_VALUES).map(|i| i.to_string()).collect();
        assert!(check_allowed(many).is_err());
        assert_eq!(
            allowed_json(&Some(vec!["x".into(), "it\"s".into()])).as_deref(),
            Some("[\"x\",\"it\\\"s\"]")
        );
    }
}
