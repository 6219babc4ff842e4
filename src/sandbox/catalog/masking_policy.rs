//! Masking policies, the whole kind: the catalog entry with Snowflake's rules, the
//! grammar of CREATE MASKING POLICY and ALTER MASKING POLICY, the SHOW MASKING POLICIES /
//! DESCRIBE MASKING POLICY rows, setting and unsetting a policy on a column
//! (`ALTER TABLE … MODIFY COLUMN … SET | UNSET MASKING POLICY`), and the rows of
//! `INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => …)`.
//!
//! The rules (https://docs.snowflake.com/en/sql-reference/sql/create-masking-policy,
//! https://docs.snowflake.com/en/sql-reference/sql/alter-masking-policy,
//! https://docs.snowflake.com/en/sql-reference/sql/drop-masking-policy,
//! https://docs.snowflake.com/en/sql-reference/sql/alter-table-column):
//! * the return type is the first argument's type;
//! * the signature never changes: ALTER sets the body and the comment only;
//! * a policy set on a column can be neither dropped nor replaced;
//! * a column takes one masking policy: SET on a column that has one fails unless FORCE;
//! * the column's type must be the policy's first argument's type.
//!
//! The emulator keeps no rows, so the body is kept as text and never evaluated nor bound.

use serde::{Deserialize, Serialize};

use super::policy::{
    PolicyAlter, REFERENCE_COLUMNS, SHOW_COLUMNS, describe_policy, expression, same_type, show_row,
    signature,
};
use super::rows::{DescribeRows, Entry, ShowRows, columns, text};
use super::{Catalog, Meta, Names, SandboxKind, Schema, SchemaObject, Table};
use crate::model::data_type::DataType;
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::catalog::table::Column;
use crate::sandbox::catalog::table::grammar::{ColumnChange, TableAlter};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::Parser;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct MaskingPolicy {
    pub(crate) meta: Meta,
    pub(crate) signature: Vec<(Ident, DataType)>,
    pub(crate) returns: DataType,
    pub(crate) body: String,
    pub(crate) exempt_other_policies: bool,
}

/// CREATE MASKING POLICY's body after the name:
/// `AS ( <arg> <type> [ , … ] ) RETURNS <type> -> <expression> [ COMMENT = '…' ]
/// [ EXEMPT_OTHER_POLICIES = { TRUE | FALSE } ]`.
#[derive(Debug, PartialEq)]
pub(crate) struct PolicyBody {
    signature: Vec<(Ident, DataType)>,
    returns: DataType,
    body: String,
    comment: Option<String>,
    exempt_other_policies: bool,
}

impl SandboxKind for MaskingPolicy {
    type Create = PolicyBody;
    type Alter = PolicyAlter;

    fn check_drop(catalog: &Catalog, name: &ObjectName) -> Result<(), SqlError> {
        check_unused(catalog, name)
    }

    /// A renamed policy stays set where it was (Snowflake keeps the reference to the
    /// policy object: https://docs.snowflake.com/en/sql-reference/sql/alter-masking-policy).
    fn renamed(catalog: &mut Catalog, from: &ObjectName, to: &ObjectName) {
        follow_rename(catalog, from, to);
    }

    fn parse_create(p: &mut Parser<'_>) -> Result<PolicyBody, SqlError> {
        let signature = signature(p)?;
        p.expect_kw("RETURNS")?;
        let returns = p.data_type()?;
        let body = expression(p)?;
        let mut comment = None;
        let mut exempt_other_policies = false;
        loop {
            if p.eat_kw("COMMENT") {
                p.eat_equals();
                comment = Some(p.string()?);
            } else if p.eat_kw("EXEMPT_OTHER_POLICIES") {
                p.eat_equals();
                exempt_other_policies = if p.eat_kw("TRUE") {
                    true
                } else if p.eat_kw("FALSE") {
                    false
                } else {
                    return Err(p.error());
                };
            } else {
                break;
            }
        }
        Ok(PolicyBody {
            signature,
            returns,
            body,
            comment,
            exempt_other_policies,
        })
    }

    fn parse_alter(p: &mut Parser<'_>) -> Result<PolicyAlter, SqlError> {
        PolicyAlter::parse(p)
    }

    fn create(
        catalog: &mut Catalog,
        name: &ObjectName,
        mut meta: Meta,
        body: PolicyBody,
        _: &Names<'_>,
    ) -> Result<MaskingPolicy, SqlError> {
        // "The data type of the input and output must match"
        // (https://docs.snowflake.com/en/sql-reference/sql/create-masking-policy); the
        // docs name no error code.
        let first = body.signature.first().map(|(_, t)| *t);
        if first.is_none_or(|t| !same_type(t, body.returns)) {
            return Err(SqlError::masking_policy_return_type(
                &name.to_string(),
                &body.returns.to_string(),
            ));
        }
        // OR REPLACE of a policy set on a column fails like DROP (see `check_unused`).
        if catalog.find::<MaskingPolicy>(name).is_some() {
            check_unused(catalog, name)?;
        }
        meta.comment = body.comment;
        Ok(MaskingPolicy {
            meta,
            signature: body.signature,
            returns: body.returns,
            body: body.body,
            exempt_other_policies: body.exempt_other_policies,
        })
    }

    fn alter(
        &mut self,
        _: &Catalog,
        _: &ObjectName,
        action: PolicyAlter,
        _: super::Stamp,
        _: &super::Names<'_>,
    ) -> Result<(), SqlError> {
        action.apply(&mut self.body, &mut self.meta);
        Ok(())
    }
}

/// The columns `policy` is set on: (table or view, its POLICY_REFERENCES domain, column).
fn references<'a>(
    catalog: &'a Catalog,
    policy: &ObjectName,
) -> Vec<(ObjectName, &'static str, &'a Column)> {
    let mut found = Vec::new();
    for (database_name, database) in &catalog.databases {
        for (schema_name, schema) in &database.schemas {
            let tables = schema
                .objects
                .tables
                .iter()
                .map(|(n, t)| (n, "TABLE", &t.columns));
            let views = super::View::map(schema)
                .iter()
                .map(|(n, v)| (n, "VIEW", &v.columns));
            // A dynamic table is a `TABLE` here, as SHOW TABLES lists it (the docs name no
            // domain for it).
            let dynamic =
                (schema.objects.dynamic_tables.iter()).map(|(n, t)| (n, "TABLE", &t.columns));
            for (name, domain, columns) in tables.chain(views).chain(dynamic) {
                for column in columns {
                    if column.masking_policy.as_ref() == Some(policy) {
                        let object = ObjectName {
                            database: database_name.clone(),
                            schema: schema_name.clone(),
                            name: name.clone(),
                        };
                        found.push((object, domain, column));
                    }
                }
            }
        }
    }
    found
}

/// The columns the policy reaches through a tag it is set on (tag-based masking): columns
/// with the tag set on them or on their table, of the policy's data type, with no policy
/// of their own (a policy set directly on a column takes precedence over the tag's:
/// https://docs.snowflake.com/en/user-guide/tag-based-masking-policies). POLICY_REFERENCES
/// lists them with TAG_DATABASE / TAG_SCHEMA / TAG_NAME, which are "NULL if a policy is
/// not assigned to the tag"
/// (https://docs.snowflake.com/en/sql-reference/account-usage/policy_references). Tags
/// inherited from a schema or database are not followed by the sandbox.
fn tag_reached<'a>(
    catalog: &'a Catalog,
    policy: &ObjectName,
) -> Vec<(ObjectName, &'a Ident, ObjectName)> {
    let Some(masking) = catalog.find::<MaskingPolicy>(policy) else {
        return Vec::new();
    };
    let Some((_, argument)) = masking.signature.first() else {
        return Vec::new();
    };
    let tags = super::tag::tags_with_policy(catalog, policy);
    let mut found = Vec::new();
    if tags.is_empty() {
        return found;
    }
    for (database_name, database) in &catalog.databases {
        for (schema_name, schema) in &database.schemas {
            for (table_name, table) in &schema.objects.tables {
                let on_table = catalog.tag_assignments.on(catalog, &(table.meta.id, None));
                for column in &table.columns {
                    if column.masking_policy.is_some() || !same_type(column.data_type, *argument) {
                        continue;
                    }
                    let on_column = catalog
                        .tag_assignments
                        .on(catalog, &(table.meta.id, Some(column.name.clone())));
                    let reaching = on_column
                        .iter()
                        .chain(&on_table)
                        .map(|(tag, _)| tag)
                        .find(|tag| tags.contains(tag));
                    if let Some(tag) = reaching {
                        let table = ObjectName {
                            database: database_name.clone(),
                            schema: schema_name.clone(),
                            name: table_name.clone(),
                        };
                        found.push((table, &column.name, tag.clone()));
                    }
                }
            }
        }
    }
    found
}

/// Points every column set with `from` at `to`, after the policy's rename.
pub(crate) fn follow_rename(catalog: &mut Catalog, from: &ObjectName, to: &ObjectName) {
    for database in catalog.databases.values_mut() {
        for schema in database.schemas.values_mut() {
            let follow = |columns: &mut Vec<Column>| {
                for column in columns {
                    if column.masking_policy.as_ref() == Some(from) {
                        column.masking_policy = Some(to.clone());
                    }
                }
            };
            schema
                .objects
                .tables
                .values_mut()
                .for_each(|t| follow(&mut t.columns));
            super::View::map_mut(schema)
                .values_mut()
                .for_each(|v| follow(&mut v.columns));
            (schema.objects.dynamic_tables.values_mut()).for_each(|t| follow(&mut t.columns));
        }
    }
}

/// A policy set on a column "cannot be dropped"; unset it first
/// (https://docs.snowflake.com/en/sql-reference/sql/drop-masking-policy), and CREATE OR
/// REPLACE fails the same way (the ALTER page's usage notes: "to replace a policy that is
/// set, unset it first").
pub(crate) fn check_unused(catalog: &Catalog, policy: &ObjectName) -> Result<(), SqlError> {
    // Set on a tag counts too (see `super::tag::tags_with_policy`).
    if references(catalog, policy).is_empty()
        && super::tag::tags_with_policy(catalog, policy).is_empty()
    {
        Ok(())
    } else {
        Err(SqlError::policy_in_use(&policy.name.to_sql()))
    }
}

/// The policy changes of one `ALTER TABLE … MODIFY COLUMN` list, on a copy of `table`
/// (the engine stores it when every change succeeded); the other column changes of the
/// list are applied in order with them. `resolve` gives a policy name as written its full
/// name, in the session's context.
pub(crate) fn alter_columns(
    catalog: &Catalog,
    table: &mut Table,
    changes: &[(Ident, ColumnChange)],
    resolve: &dyn Fn(&crate::sandbox::statement::RawName) -> Result<ObjectName, SqlError>,
) -> Result<(), SqlError> {
    for (column_name, change) in changes {
        if !alter_column(catalog, &mut table.columns, column_name, change, resolve)? {
            table.alter(&TableAlter::AlterColumns(vec![(
                column_name.clone(),
                change.clone(),
            )]))?;
        }
    }
    Ok(())
}

/// SET or UNSET MASKING POLICY on one column of `columns` (a table's or a view's: ALTER
/// VIEW takes the same clauses, https://docs.snowflake.com/en/sql-reference/sql/alter-view);
/// `false` for any other change, which is the caller's.
pub(crate) fn alter_column(
    catalog: &Catalog,
    columns: &mut [Column],
    column_name: &Ident,
    change: &ColumnChange,
    resolve: &dyn Fn(&crate::sandbox::statement::RawName) -> Result<ObjectName, SqlError>,
) -> Result<bool, SqlError> {
    match change {
        ColumnChange::SetMaskingPolicy {
            policy,
            using,
            force,
        } => {
            let policy_name = resolve(policy)?;
            let found = catalog.get::<MaskingPolicy>(&policy_name)?;
            check_using(columns, column_name, &policy_name, found, using)?;
            let column = columns
                .iter_mut()
                .find(|c| &c.name == column_name)
                .ok_or_else(|| SqlError::invalid_identifier(&column_name.to_sql()))?;
            // "the data type of the column must match the data type of the policy's
            // first argument" (https://docs.snowflake.com/en/user-guide/security-column-ddm-use).
            if !same_type(column.data_type, found.returns) {
                return Err(SqlError::masking_policy_type_mismatch(
                    &column.name.to_sql(),
                    &column.data_type.to_string(),
                    &found.returns.to_string(),
                ));
            }
            // One masking policy per column; FORCE replaces the one set
            // (https://docs.snowflake.com/en/sql-reference/sql/alter-table-column).
            if column.masking_policy.is_some() && !force {
                return Err(SqlError::masking_policy_already_set());
            }
            column.masking_policy = Some(policy_name);
            column.masking_using = using.clone();
            Ok(true)
        }
        ColumnChange::UnsetMaskingPolicy => {
            let column = columns
                .iter_mut()
                .find(|c| &c.name == column_name)
                .ok_or_else(|| SqlError::invalid_identifier(&column_name.to_sql()))?;
            column.masking_policy = None;
            column.masking_using.clear();
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// A conditional policy's `USING ( c , cond … )` on `column` of a table's or view's `columns`
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-table-column): "the first column
/// in the list specifies the column for the policy conditions to mask" and must be the
/// column the policy is set on; the others are the table's columns bound to the policy's
/// further arguments, one per argument, in order
/// (https://docs.snowflake.com/en/sql-reference/sql/create-masking-policy). A column
/// USING names must exist (Snowflake's invalid identifier); the docs give no error for a
/// wrong first column, count or type, so the sandbox refuses them with a code of its own
/// (`SqlError::masking_policy_using`). An empty list (no USING) binds nothing: Snowflake
/// "treats the conditional masking policy as a normal masking policy".
fn check_using(
    columns: &[Column],
    column: &Ident,
    policy_name: &ObjectName,
    policy: &MaskingPolicy,
    using: &[Ident],
) -> Result<(), SqlError> {
    let Some(first) = using.first() else {
        return Ok(());
    };
    let policy_sql = policy_name.to_string();
    if first != column {
        return Err(SqlError::masking_policy_using(
            &policy_sql,
            &format!(
                "the first USING column must be the column {} the policy is set on, not {}",
                column.to_sql(),
                first.to_sql()
            ),
        ));
    }
    if using.len() != policy.signature.len() {
        return Err(SqlError::masking_policy_using(
            &policy_sql,
            &format!(
                "USING lists {} column(s), the policy's signature has {} argument(s)",
                using.len(),
                policy.signature.len()
            ),
        ));
    }
    for (name, (argument, argument_type)) in using.iter().zip(&policy.signature).skip(1) {
        let found = columns
            .iter()
            .find(|c| &c.name == name)
            .ok_or_else(|| SqlError::invalid_identifier(&name.to_sql()))?;
        if !same_type(found.data_type, *argument_type) {
            return Err(SqlError::masking_policy_using(
                &policy_sql,
                &format!(
                    "column {} is {}, argument {} is {}",
                    name.to_sql(),
                    found.data_type,
                    argument.to_sql(),
                    argument_type
                ),
            ));
        }
    }
    Ok(())
}

/// `POLICY_REFERENCES(POLICY_NAME => '<name>')`: one row per column the masking policy is
/// set on (REF_ENTITY_DOMAIN `TABLE` or `VIEW`, as the function's domains name them:
/// https://docs.snowflake.com/en/sql-reference/functions/policy_references), or per table
/// the row access policy is added to. The policy must exist.
pub(crate) fn policy_references(
    catalog: &Catalog,
    policy: &ObjectName,
) -> Result<QueryResult, SqlError> {
    if catalog.find::<MaskingPolicy>(policy).is_none() {
        return super::row_access_policy::policy_references(catalog, policy);
    }
    // REF_ARG_COLUMN_NAMES "returns NULL for rows in the query result in which a masking
    // policy is set" (https://docs.snowflake.com/en/sql-reference/functions/policy_references):
    // a conditional policy's USING is kept (and checked) but not reported.
    let row = |table: &ObjectName, domain: &str, column: &Ident, tag: Option<&ObjectName>| {
        vec![
            text(policy.database.as_str()),
            text(policy.schema.as_str()),
            text(policy.name.as_str()),
            text("MASKING_POLICY"),
            text(table.database.as_str()),
            text(table.schema.as_str()),
            text(table.name.as_str()),
            text(domain),
            text(column.as_str()),
            None,
            tag.map(|t| t.database.as_str().to_string()),
            tag.map(|t| t.schema.as_str().to_string()),
            tag.map(|t| t.name.as_str().to_string()),
            text("ACTIVE"),
        ]
    };
    let mut rows: Vec<Vec<Option<String>>> = references(catalog, policy)
        .into_iter()
        .map(|(object, domain, column)| row(&object, domain, &column.name, None))
        .collect();
    rows.extend(
        tag_reached(catalog, policy)
            .into_iter()
            .map(|(table, column, tag)| row(&table, "TABLE", column, Some(&tag))),
    );
    Ok(QueryResult {
        columns: columns(&REFERENCE_COLUMNS),
        rows,
    })
}

/// SHOW MASKING POLICIES
/// (https://docs.snowflake.com/en/sql-reference/sql/show-masking-policies): `options` is
/// `{"EXEMPT_OTHER_POLICIES": "TRUE"}` when set, else empty.
impl ShowRows for MaskingPolicy {
    const SHOW: &'static str = "SHOW MASKING POLICIES";
    const COLUMNS: &'static [(&'static str, &'static str)] = &SHOW_COLUMNS;

    fn in_schema(schema: &Schema) -> Vec<(&Ident, &Self)> {
        MaskingPolicy::map(schema).iter().collect()
    }

    fn row(_: &Catalog, entry: &Entry<'_, Self>) -> Vec<Option<String>> {
        let p = entry.object;
        let options = if p.exempt_other_policies {
            "{\"EXEMPT_OTHER_POLICIES\": \"TRUE\"}"
        } else {
            ""
        };
        show_row(entry, &p.meta, "MASKING_POLICY", options)
    }
}

/// DESCRIBE MASKING POLICY
/// (https://docs.snowflake.com/en/sql-reference/sql/desc-masking-policy): `name`,
/// `signature` with the argument types without length (`(VAL VARCHAR)`), `return_type`
/// in full (`VARCHAR(16777216)`), `body`.
impl DescribeRows for MaskingPolicy {
    fn describe(_: &Catalog, entry: &Entry<'_, Self>) -> QueryResult {
        let p = entry.object;
        describe_policy(entry.name, &p.signature, p.returns, &p.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::statement::parser::read_all;

    fn create(sql: &str) -> Result<PolicyBody, SqlError> {
        read_all(sql, MaskingPolicy::parse_create)
    }

    fn alter(sql: &str) -> Result<PolicyAlter, SqlError> {
        read_all(sql, MaskingPolicy::parse_alter)
    }

    #[test]
    fn create_reads_the_body_up_to_its_clauses() {
        let body = create(
            "AS (val string, c varchar) RETURNS string -> CASE WHEN f(c, 'comment') THEN val ELSE '***' END COMMENT = 'x' EXEMPT_OTHER_POLICIES = TRUE",
        )
        .unwrap();
        assert_eq!(body.signature.len(), 2);
        assert_eq!(
            body.body,
            "CASE WHEN f(c, 'comment') THEN val ELSE '***' END"
        );
        assert_eq!(body.comment.as_deref(), Some("x"));
        assert!(body.exempt_other_policies);
        assert_eq!(
            create("AS (v NUMBER) RETURNS NUMBER -> v").unwrap().body,
            "v"
        );
        for bad in [
            "AS (v NUMBER) RETURNS NUMBER ->",
            "AS () RETURNS NUMBER -> v",
            "AS (v NUMBER) RETURNS NUMBER v",
            "AS (v NUMBER) RETURNS NUMBER -> v EXEMPT_OTHER_POLICIES = MAYBE",
        ] {
            assert_eq!(create(bad).unwrap_err().code, "001003", "{bad}");
        }
    }

    #[test]
    fn alter_sets_the_body_or_the_comment_only() {
        assert_eq!(
            alter("SET BODY -> '***'").unwrap(),
            PolicyAlter::SetBody("'***'".into())
        );
        assert_eq!(
            alter("set comment = 'c'").unwrap(),
            PolicyAlter::SetComment("c".into())
        );
        assert_eq!(alter("unset comment").unwrap(), PolicyAlter::UnsetComment);
        assert!(alter("SET SIGNATURE = (v NUMBER)").is_err());
    }
}
