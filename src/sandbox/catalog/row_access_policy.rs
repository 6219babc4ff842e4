//! Row access policies, the whole kind: the catalog entry with Snowflake's rules, the
//! grammar of CREATE ROW ACCESS POLICY and ALTER ROW ACCESS POLICY, the SHOW ROW ACCESS
//! POLICIES / DESCRIBE ROW ACCESS POLICY rows, adding and dropping one on a table
//! (`ALTER TABLE … ADD | DROP ROW ACCESS POLICY`), and its POLICY_REFERENCES rows.
//!
//! The rules (https://docs.snowflake.com/en/sql-reference/sql/create-row-access-policy,
//! https://docs.snowflake.com/en/sql-reference/sql/alter-row-access-policy,
//! https://docs.snowflake.com/en/sql-reference/sql/drop-row-access-policy,
//! https://docs.snowflake.com/en/user-guide/security-row-using):
//! * it returns BOOLEAN; the signature never changes: ALTER sets the body and comment;
//! * a policy added to a table can be neither dropped nor replaced;
//! * a table takes one row access policy at a time; the `ON` columns match the signature
//!   in number and type.
//!
//! The body is kept as text, never evaluated nor bound (the emulator holds no rows).

use serde::{Deserialize, Serialize};

use super::policy::{
    PolicyAlter, REFERENCE_COLUMNS, SHOW_COLUMNS, describe_policy, expression, same_type, show_row,
    signature,
};
use super::rows::{DescribeRows, Entry, ShowRows, columns, text};
use super::{Catalog, Column, Meta, Names, SandboxKind, Schema, SchemaObject};
use crate::model::data_type::DataType;
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::{Parser, RowAccess};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct RowAccessPolicy {
    pub(crate) meta: Meta,
    pub(crate) signature: Vec<(Ident, DataType)>,
    pub(crate) body: String,
}

/// CREATE ROW ACCESS POLICY's body after the name:
/// `AS ( <arg> <type> [ , … ] ) RETURNS BOOLEAN -> <expression> [ COMMENT = '…' ]`.
#[derive(Debug, PartialEq)]
pub(crate) struct RowAccessBody {
    signature: Vec<(Ident, DataType)>,
    body: String,
    comment: Option<String>,
}

impl SandboxKind for RowAccessPolicy {
    type Create = RowAccessBody;
    type Alter = PolicyAlter;

    fn check_drop(catalog: &Catalog, name: &ObjectName) -> Result<(), SqlError> {
        check_unused(catalog, name)
    }

    /// A renamed policy stays added where it was, as a masking policy stays set (Snowflake
    /// keeps the reference to the policy object:
    /// https://docs.snowflake.com/en/sql-reference/sql/alter-masking-policy).
    fn renamed(catalog: &mut Catalog, from: &ObjectName, to: &ObjectName) {
        follow_rename(catalog, from, to);
    }

    fn parse_create(p: &mut Parser<'_>) -> Result<RowAccessBody, SqlError> {
        let signature = signature(p)?;
        p.expect_kws(&["RETURNS", "BOOLEAN"])?;
        let body = expression(p)?;
        let comment = if p.eat_kw("COMMENT") {
            p.eat_equals();
            Some(p.string()?)
        } else {
            None
        };
        Ok(RowAccessBody {
            signature,
            body,
            comment,
        })
    }

    fn parse_alter(p: &mut Parser<'_>) -> Result<PolicyAlter, SqlError> {
        PolicyAlter::parse(p)
    }

    fn create(
        catalog: &mut Catalog,
        name: &ObjectName,
        mut meta: Meta,
        body: RowAccessBody,
        _: &Names<'_>,
    ) -> Result<RowAccessPolicy, SqlError> {
        // "CREATE OR REPLACE … is not supported if the policy is attached to a table or
        // view" (https://docs.snowflake.com/en/sql-reference/sql/create-row-access-policy).
        if catalog.find::<RowAccessPolicy>(name).is_some() {
            check_unused(catalog, name)?;
        }
        meta.comment = body.comment;
        Ok(RowAccessPolicy {
            meta,
            signature: body.signature,
            body: body.body,
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

/// The tables, dynamic tables and views `policy` is added to (with `TABLE` or `VIEW`; a
/// dynamic table is listed as a `TABLE`, as SHOW TABLES lists it: the docs name no
/// domain for it), with their `ON` columns.
fn references<'a>(
    catalog: &'a Catalog,
    policy: &ObjectName,
) -> Vec<(ObjectName, &'static str, &'a [Ident])> {
    let mut found = Vec::new();
    for (database_name, database) in &catalog.databases {
        for (schema_name, schema) in &database.schemas {
            let tables = schema
                .objects
                .tables
                .iter()
                .map(|(n, t)| (n, "TABLE", &t.row_access_policy));
            let views = schema
                .objects
                .views
                .iter()
                .map(|(n, v)| (n, "VIEW", &v.row_access_policy));
            let dynamic = (schema.objects.dynamic_tables.iter())
                .map(|(n, t)| (n, "TABLE", &t.row_access_policy));
            for (name, domain, held) in tables.chain(views).chain(dynamic) {
                if let Some((p, on)) = held
                    && p == policy
                {
                    found.push((
                        ObjectName {
                            database: database_name.clone(),
                            schema: schema_name.clone(),
                            name: name.clone(),
                        },
                        domain,
                        on.as_slice(),
                    ));
                }
            }
        }
    }
    found
}

/// Points every table the policy `from` is added to at `to`, after the policy's rename.
pub(crate) fn follow_rename(catalog: &mut Catalog, from: &ObjectName, to: &ObjectName) {
    for database in catalog.databases.values_mut() {
        for schema in database.schemas.values_mut() {
            let tables = schema
                .objects
                .tables
                .values_mut()
                .map(|t| &mut t.row_access_policy);
            let views = schema
                .objects
                .views
                .values_mut()
                .map(|v| &mut v.row_access_policy);
            let dynamic =
                (schema.objects.dynamic_tables.values_mut()).map(|t| &mut t.row_access_policy);
            for held in tables.chain(views).chain(dynamic) {
                if let Some((policy, _)) = held
                    && policy == from
                {
                    *policy = to.clone();
                }
            }
        }
    }
}

/// A policy added to a table cannot be dropped nor replaced
/// (https://docs.snowflake.com/en/sql-reference/sql/drop-row-access-policy).
pub(crate) fn check_unused(catalog: &Catalog, policy: &ObjectName) -> Result<(), SqlError> {
    if references(catalog, policy).is_empty() {
        Ok(())
    } else {
        Err(SqlError::policy_in_use(&policy.name.to_sql()))
    }
}

/// `ALTER TABLE | VIEW … [DROP ROW ACCESS POLICY p] [,] [ADD ROW ACCESS POLICY q ON (…)]`
/// or `DROP ALL ROW ACCESS POLICIES` on a copy of a table's or view's policy (`held`) and
/// columns; the policies' names are resolved by `names` (the session's) before anything
/// changes, the dropped one first. The drop must name the policy held; the
/// add needs none held (after the drop), the policy to exist, and its `ON` columns to
/// match the signature (https://docs.snowflake.com/en/sql-reference/sql/alter-table). A
/// view whose column types the emulator could not derive (`columns` empty) is not checked
/// column by column.
pub(crate) fn alter_held(
    catalog: &Catalog,
    held: &mut Option<(ObjectName, Vec<Ident>)>,
    columns: &[Column],
    action: &RowAccess,
    names: &Names<'_>,
) -> Result<(), SqlError> {
    let drop = action.drop.as_ref().map(names).transpose()?;
    let add = match &action.add {
        Some((raw, on)) => Some((names(raw)?, on)),
        None => None,
    };
    if action.drop_all {
        *held = None;
    }
    if let Some(drop) = drop {
        match held {
            Some((attached, _)) if *attached == drop => *held = None,
            _ => return Err(SqlError::row_access_policy_not_attached(&drop.to_string())),
        }
    }
    let Some((policy, on)) = add else {
        return Ok(());
    };
    let found = catalog.get::<RowAccessPolicy>(&policy)?;
    if held.is_some() {
        return Err(SqlError::row_access_policy_already_set());
    }
    if on.len() != found.signature.len() {
        return Err(SqlError::row_access_policy_columns(
            &policy.to_string(),
            found.signature.len(),
            on.len(),
        ));
    }
    if !columns.is_empty() {
        for (column, (_, argument_type)) in on.iter().zip(&found.signature) {
            let column = columns
                .iter()
                .find(|c| &c.name == column)
                .ok_or_else(|| SqlError::invalid_identifier(&column.to_sql()))?;
            if !same_type(column.data_type, *argument_type) {
                return Err(SqlError::masking_policy_type_mismatch(
                    &column.name.to_sql(),
                    &column.data_type.to_string(),
                    &argument_type.to_string(),
                ));
            }
        }
    }
    *held = Some((policy, on.to_vec()));
    Ok(())
}

/// POLICY_REFERENCES rows of a row access policy: one per table, the `ON` columns in
/// `REF_ARG_COLUMN_NAMES` as a JSON array.
pub(crate) fn policy_references(
    catalog: &Catalog,
    policy: &ObjectName,
) -> Result<QueryResult, SqlError> {
    catalog.get::<RowAccessPolicy>(policy)?;
    let rows = references(catalog, policy)
        .into_iter()
        .map(|(entity, domain, on)| {
            let names: Vec<&str> = on.iter().map(Ident::as_str).collect();
            vec![
                text(policy.database.as_str()),
                text(policy.schema.as_str()),
                text(policy.name.as_str()),
                text("ROW_ACCESS_POLICY"),
                text(entity.database.as_str()),
                text(entity.schema.as_str()),
                text(entity.name.as_str()),
                text(domain),
                None,
                Some(serde_json::Value::from(names).to_string()),
                None,
                None,
                None,
                text("ACTIVE"),
            ]
        })
        .collect();
    Ok(QueryResult {
        columns: columns(&REFERENCE_COLUMNS),
        rows,
    })
}

/// SHOW ROW ACCESS POLICIES
/// (https://docs.snowflake.com/en/sql-reference/sql/show-row-access-policies).
impl ShowRows for RowAccessPolicy {
    const SHOW: &'static str = "SHOW ROW ACCESS POLICIES";
    const COLUMNS: &'static [(&'static str, &'static str)] = &SHOW_COLUMNS;

    fn in_schema(schema: &Schema) -> Vec<(&Ident, &Self)> {
        RowAccessPolicy::map(schema).iter().collect()
    }

    fn row(_: &Catalog, entry: &Entry<'_, Self>) -> Vec<Option<String>> {
        let p = entry.object;
        show_row(entry, &p.meta, "ROW_ACCESS_POLICY", "")
    }
}

/// DESCRIBE ROW ACCESS POLICY
/// (https://docs.snowflake.com/en/sql-reference/sql/desc-row-access-policy): `name`,
/// `signature`, `return_type` (`BOOLEAN`), `body`.
impl DescribeRows for RowAccessPolicy {
    fn describe(_: &Catalog, entry: &Entry<'_, Self>) -> QueryResult {
        let p = entry.object;
        describe_policy(entry.name, &p.signature, DataType::Boolean, &p.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_and_alter_read_the_documented_grammar() {
        let mut p =
            Parser::new("AS (c varchar) RETURNS BOOLEAN -> c = 'DE' COMMENT = 'x'").unwrap();
        let body = RowAccessPolicy::parse_create(&mut p).unwrap();
        p.expect_end().unwrap();
        assert_eq!(body.body, "c = 'DE'");
        assert_eq!(body.comment.as_deref(), Some("x"));
        let mut p = Parser::new("AS (c varchar) RETURNS VARCHAR -> c").unwrap();
        assert!(RowAccessPolicy::parse_create(&mut p).is_err());
        let mut p = Parser::new("SET BODY -> TRUE").unwrap();
        assert_eq!(
            RowAccessPolicy::parse_alter(&mut p).unwrap(),
            PolicyAlter::SetBody("TRUE".into())
        );
    }
}
